// Classification markings in CAPCO style (spec §3): parsing `s//si/tk//rel to usa, fvey`
// and printing the canonical `SECRET//SI/TK//REL TO USA, AUS, CAN, GBR, NZL`.
#pragma once

#include <clearance/error.hpp>
#include <clearance/label.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace clearance {
inline namespace v1 {

// Dissemination controls, as bits, in the CAPCO register's canonical order.
enum class Control : std::uint8_t {
  fouo = 1u << 0,
  orcon = 1u << 1,
  imcon = 1u << 2,
  noforn = 1u << 3,
  propin = 1u << 4,
  rel_to = 1u << 5,
  relido = 1u << 6,
};

struct Marking {
  Level level = 0;
  CompartmentSet compartments;
  std::uint8_t controls = 0;  // bits of Control
  CountrySet rel_to;          // countries of REL TO, groups expanded, owner not added

  bool has(Control control) const { return (controls & static_cast<std::uint8_t>(control)) != 0; }
  bool has_dissemination_controls() const { return controls != 0; }
};

// A marking that does not follow the grammar; offset is where in the text it went wrong.
class CLEARANCE_API marking_error : public error {
 public:
  marking_error(const std::string& message, std::size_t offset)
      : error(ErrorKind::input, message), offset_(offset) {}
  std::size_t offset() const noexcept { return offset_; }

 private:
  std::size_t offset_;
};

// Parses a marking; compartments are interned into the scheme's table.
// Throws marking_error.
CLEARANCE_API Marking parse_marking(std::string_view text, Scheme& scheme);

// The countries data with this marking and owner may be released to (spec §3).
CLEARANCE_API CountrySet releasable_set(const Marking& marking, CountryId owner,
                                        const Scheme& scheme);

// The label of data with this marking and owner.
CLEARANCE_API Label label_of(const Marking& marking, CountryId owner, const Scheme& scheme);

// The canonical form: LEVEL//COMP/COMP//CONTROLS with REL TO listing the owner first.
CLEARANCE_API std::string format_marking(const Marking& marking, const Scheme& scheme,
                                         CountryId owner);

// Canonical form of a marking parsed in the default US scheme with owner USA.
CLEARANCE_API std::string canonical_marking(std::string_view text);

}  // namespace v1
}  // namespace clearance
