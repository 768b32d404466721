// Day numbers <-> civil dates with Howard Hinnant's algorithms (exact for the proleptic
// Gregorian calendar, no tables, no time zone database).
#include <clearance/date.hpp>

#include <cstdio>
#include <ctime>

namespace clearance {
inline namespace v1 {

namespace {

constexpr const char* month_names[] = {"January", "February", "March",     "April",   "May",      "June",
                                       "July",    "August",   "September", "October", "November", "December"};

constexpr bool is_leap(int year) { return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0); }

constexpr int days_in_month(int year, int month) {
  constexpr int lengths[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && is_leap(year) ? 29 : lengths[month - 1];
}

constexpr std::int32_t days_from_civil(int year, int month, int day) {
  year -= month <= 2;
  const int era = (year >= 0 ? year : year - 399) / 400;
  const int year_of_era = year - era * 400;
  const int day_of_year = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
  const int day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * 146097 + day_of_era - 719468;
}

struct Civil {
  int year, month, day;
};

constexpr Civil civil_from_days(std::int32_t days) {
  days += 719468;
  const int era = (days >= 0 ? days : days - 146096) / 146097;
  const int day_of_era = days - era * 146097;
  const int year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
  const int day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  const int mp = (5 * day_of_year + 2) / 153;
  const int day = day_of_year - (153 * mp + 2) / 5 + 1;
  const int month = mp < 10 ? mp + 3 : mp - 9;
  return Civil{year_of_era + era * 400 + (month <= 2), month, day};
}

static_assert(days_from_civil(1970, 1, 1) == 0, "the epoch is day 0");
static_assert(days_from_civil(2000, 3, 1) == 11017, "2000-03-01 is day 11017");
static_assert(civil_from_days(11017).month == 3, "and back");

bool is_digit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

bool Date::from_ymd(int year, int month, int day, Date& out) {
  if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1 || day > days_in_month(year, month)) return false;
  out = Date(days_from_civil(year, month, day));
  return true;
}

Date Date::today_utc() {
  const std::time_t now = std::time(nullptr);
  return Date(static_cast<std::int32_t>(now >= 0 ? now / 86400 : (now - 86399) / 86400));
}

int Date::year() const { return civil_from_days(days_).year; }
int Date::month() const { return civil_from_days(days_).month; }
int Date::day() const { return civil_from_days(days_).day; }

std::string Date::to_string() const {
  const Civil civil = civil_from_days(days_);
  // Dates outside the years 1-9999 are never made (from_ymd and parse_date refuse them)
  // except by from_days; a wide buffer keeps even those intact.
  char text[48];
  std::snprintf(text, sizeof text, "%04d-%02d-%02d", civil.year, civil.month, civil.day);
  return text;
}

bool parse_date(std::string_view text, Date& out, std::string* why) {
  auto fail = [&](std::string reason) {
    if (why != nullptr) *why = std::move(reason);
    return false;
  };
  const bool shaped = text.size() == 10 && text[4] == '-' && text[7] == '-' && is_digit(text[0]) &&
                      is_digit(text[1]) && is_digit(text[2]) && is_digit(text[3]) && is_digit(text[5]) &&
                      is_digit(text[6]) && is_digit(text[8]) && is_digit(text[9]);
  if (!shaped) return fail("expected a date YYYY-MM-DD");
  auto number = [&](std::size_t begin, std::size_t size) {
    int value = 0;
    for (std::size_t i = begin; i < begin + size; ++i) value = value * 10 + (text[i] - '0');
    return value;
  };
  const int year = number(0, 4), month = number(5, 2), day = number(8, 2);
  if (year < 1) return fail("there is no year 0000");
  if (month < 1 || month > 12) return fail("there is no month " + std::string(text.substr(5, 2)));
  if (day < 1 || day > days_in_month(year, month))
    return fail(std::string(month_names[month - 1]) + " " + std::string(text.substr(0, 4)) + " has " +
                std::to_string(days_in_month(year, month)) + " days");
  return Date::from_ymd(year, month, day, out);
}

}  // namespace v1
}  // namespace clearance
