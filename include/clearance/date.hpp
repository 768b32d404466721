// Calendar dates (proleptic Gregorian, UTC), as waivers use them: an expiry date, the date
// a check runs on. Stored as a day number so that comparing and counting days is one
// integer operation.
#pragma once

#include <clearance/config.hpp>

#include <cstdint>
#include <string>
#include <string_view>

namespace clearance {
inline namespace v1 {

class CLEARANCE_API Date {
 public:
  // 1970-01-01.
  constexpr Date() = default;

  // The date `days` days after 1970-01-01 (negative: before).
  static constexpr Date from_days(std::int32_t days) { return Date(days); }
  // A real calendar date of the years 1 to 9999; false (and `out` unchanged) otherwise.
  static bool from_ymd(int year, int month, int day, Date& out);
  // Today in UTC, from the system clock.
  static Date today_utc();

  constexpr std::int32_t days() const { return days_; }
  int year() const;
  int month() const;  // 1-12
  int day() const;    // 1-31

  // "YYYY-MM-DD".
  std::string to_string() const;

  friend constexpr bool operator==(Date a, Date b) { return a.days_ == b.days_; }
  friend constexpr bool operator!=(Date a, Date b) { return a.days_ != b.days_; }
  friend constexpr bool operator<(Date a, Date b) { return a.days_ < b.days_; }
  friend constexpr bool operator<=(Date a, Date b) { return a.days_ <= b.days_; }
  friend constexpr bool operator>(Date a, Date b) { return a.days_ > b.days_; }
  friend constexpr bool operator>=(Date a, Date b) { return a.days_ >= b.days_; }

 private:
  constexpr explicit Date(std::int32_t days) : days_(days) {}
  std::int32_t days_ = 0;
};

// Parses exactly "YYYY-MM-DD" (four digits, two, two; no sign, no time, no white space)
// naming a real date ("2027-02-29" is not one). On failure returns false, leaves `out`
// unchanged and, when `why` is given, says what is wrong ("February 2027 has 28 days").
CLEARANCE_API bool parse_date(std::string_view text, Date& out, std::string* why = nullptr);

}  // namespace v1
}  // namespace clearance
