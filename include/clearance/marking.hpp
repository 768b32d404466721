// Classification markings in CAPCO style (spec §3, markings-v1.1): parsing
// `s//si/tk//rel to usa, fvey` or `//gbr secret//fgi deu` and printing the canonical
// `SECRET//SI/TK//REL TO USA, AUS, CAN, GBR, NZL`.
#pragma once

#include <clearance/error.hpp>
#include <clearance/label.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace clearance {
inline namespace v1 {

// IC dissemination controls, as bits, in the CAPCO register's canonical order. The
// portion-mark abbreviations (NF, OC, IMC, PR) parse to the same bits.
enum class Control : std::uint8_t {
  fouo = 1u << 0,
  orcon = 1u << 1,
  imcon = 1u << 2,
  noforn = 1u << 3,
  propin = 1u << 4,
  rel_to = 1u << 5,
  relido = 1u << 6,
  display_only = 1u << 7,
};

// Non-IC dissemination controls (markings-v1.1 §1), as bits, in canonical order. Kept
// for the canonical text; they restrict dissemination among people, which the model
// does not have, so they change no hold.
enum class NonIcControl : std::uint8_t {
  limdis = 1u << 0,
  exdis = 1u << 1,
  nodis = 1u << 2,
  sbu = 1u << 3,
  les = 1u << 4,
  ssi = 1u << 5,
};

// Whose classification the marking's head is in (markings-v1.1 §1).
enum class Head : std::uint8_t {
  us,     // LEVEL//...: the scheme's own
  fgi,    // //CCC WORD//...: foreign government information of CCC
  nato,   // //NATO WORD//... or //COSMIC TOP SECRET//...
  joint,  // //JOINT WORD C1 C2...//...: jointly owned
};

struct Marking {
  Level level = 0;
  CompartmentSet compartments;
  std::uint8_t controls = 0;  // bits of Control
  CountrySet rel_to;          // countries of REL TO, groups expanded, owner not added

  // What markings-v1.1 adds. Only the releasable set they imply takes part in any rule;
  // the rest is kept for the canonical text.
  Head head = Head::us;
  std::uint8_t non_ic_controls = 0;  // bits of NonIcControl
  bool has_fgi_section = false;      // an "FGI" section, perhaps without countries
  // A foreign head's level word as written: an index into the scheme's level names,
  // then its aliases (index - level_count()); for NATO heads an alias "NATO WORD" or
  // "COSMIC TOP SECRET".
  std::uint32_t head_word = 0;
  // The countries the head releases to: the originator of FGI (one country), the
  // co-owners of JOINT, the members of the group NATO (when parsed) for NATO.
  CountrySet head_countries;
  CountrySet fgi;           // countries of the FGI section
  CountrySet display_only;  // countries of DISPLAY ONLY, groups expanded

  bool has(Control control) const { return (controls & static_cast<std::uint8_t>(control)) != 0; }
  bool has(NonIcControl control) const {
    return (non_ic_controls & static_cast<std::uint8_t>(control)) != 0;
  }
  bool has_dissemination_controls() const { return controls != 0 || non_ic_controls != 0; }
  bool is_foreign() const { return head != Head::us; }
  // The originator of foreign government information (Head::fgi only).
  CountryId originator() const;
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

// The countries data with this marking and owner may be released to (spec §3,
// markings-v1.1 §2): for a foreign head the head decides and `owner` is not used.
CLEARANCE_API CountrySet releasable_set(const Marking& marking, CountryId owner,
                                        const Scheme& scheme);

// The label of data with this marking and owner.
CLEARANCE_API Label label_of(const Marking& marking, CountryId owner, const Scheme& scheme);

// The owner rules of markings-v1.1 §2: why `owner`, given for data of this marking
// (written `text`), is refused: FGI data belongs to its originator, JOINT data to one of
// its co-owners. nullopt when the owner is allowed.
CLEARANCE_API std::optional<std::string> owner_conflict(const Marking& marking, CountryId owner,
                                                        std::string_view text);

// The owner of data with this marking: the originator for FGI, else `given` or the
// scheme's default owner. Check owner_conflict first.
CLEARANCE_API CountryId data_owner(const Marking& marking, std::optional<CountryId> given,
                                   const Scheme& scheme);

// The owner a guard release with a US head keeps for data of this marking and owner
// (markings-v1.1 §4): the originator of FGI data, the default owner for NATO data, else
// `owner` (for JOINT data its given owner or the default owner).
CLEARANCE_API CountryId release_owner(const Marking& marking, CountryId owner, const Scheme& scheme);

// The canonical form: HEAD//COMP/COMP//FGI ...//IC CONTROLS//NON-IC CONTROLS with REL TO
// listing the owner first (the originator for FGI, none for NATO and JOINT heads).
CLEARANCE_API std::string format_marking(const Marking& marking, const Scheme& scheme,
                                         CountryId owner);

// Canonical form of a marking parsed in the default US scheme with owner USA.
CLEARANCE_API std::string canonical_marking(std::string_view text);

}  // namespace v1
}  // namespace clearance
