// The classification scheme of a model (spec §2.1): its ordered levels and their
// aliases, country groups, the classified/controlled thresholds, the impact levels and
// the default owner. Defaults are the US scheme; a model adds to or replaces them.
#pragma once

#include <clearance/country.hpp>
#include <clearance/error.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace clearance {
inline namespace v1 {

// A level is its rank in the scheme, lowest first.
using Level = std::uint8_t;
// An impact level is its rank in the scheme's impact-level table, lowest first.
using ImpactLevelIndex = std::uint8_t;
inline constexpr ImpactLevelIndex no_impact_level = 0xFF;

using CompartmentId = std::uint8_t;
using CompartmentSet = BitSet<128>;

struct ImpactLevel {
  std::string name;  // exact, e.g. "IL5"
  Level highest;     // the highest level a node of this impact level may be accredited for
};

// Names of compartments, interned to dense ids as markings are parsed.
class CLEARANCE_API CompartmentTable {
 public:
  static constexpr std::size_t max_size = CompartmentSet::capacity;

  // The id of `name`, adding it when new; nullopt once max_size names are taken.
  std::optional<CompartmentId> intern(std::string_view name);
  std::optional<CompartmentId> find(std::string_view name) const;
  std::string_view name(CompartmentId id) const { return names_[id]; }
  std::size_t size() const { return names_.size(); }

 private:
  friend struct SnapshotAccess;
  std::vector<std::string> names_;
  // Keyed (the id tables' SipHash), as compartment names come from the input.
  struct NameHash {
    CLEARANCE_API std::size_t operator()(const std::string& name) const noexcept;
  };
  std::unordered_map<std::string, CompartmentId, NameHash> ids_;
};

class CLEARANCE_API Scheme {
 public:
  // The US scheme of spec §2.1 with no additions.
  static Scheme us_default();

  std::size_t level_count() const { return level_names_.size(); }
  const std::string& level_name(Level level) const { return level_names_[level]; }
  // A level by name or alias, folding ASCII case and runs of white space.
  std::optional<Level> find_level(std::string_view name_or_alias) const;
  const std::vector<std::pair<std::string, Level>>& aliases() const { return aliases_; }

  Level classified_from() const { return classified_from_; }
  Level controlled_from() const { return controlled_from_; }
  bool is_classified(Level level) const { return level >= classified_from_; }
  bool is_controlled(Level level) const { return level >= controlled_from_; }

  // A group by exact name; nullptr when there is none.
  const CountrySet* find_group(std::string_view name) const;
  const std::vector<std::pair<std::string, CountrySet>>& groups() const { return groups_; }
  // The countries an exact country code or group name stands for.
  std::optional<CountrySet> find_countries(std::string_view code_or_group) const;

  const std::vector<ImpactLevel>& impact_levels() const { return impact_levels_; }
  std::optional<ImpactLevelIndex> find_impact_level(std::string_view name) const;

  CountryId default_owner() const { return default_owner_; }

  CompartmentTable& compartments() { return compartments_; }
  const CompartmentTable& compartments() const { return compartments_; }

 private:
  friend class SchemeBuilder;
  friend struct SnapshotAccess;
  std::vector<std::string> level_names_;
  std::vector<std::pair<std::string, Level>> aliases_;  // normalised alias -> level, sorted
  std::vector<std::pair<std::string, CountrySet>> groups_;  // sorted by name
  std::vector<ImpactLevel> impact_levels_;
  Level classified_from_ = 0;
  Level controlled_from_ = 0;
  CountryId default_owner_ = 0;
  CompartmentTable compartments_;
};

// Upper-cases ASCII letters and turns each run of ASCII white space into one space,
// trimming both ends: the form in which level names and aliases are compared.
CLEARANCE_API std::string normalize_words(std::string_view text);

// A scheme as a model file writes it (spec §2.1), as text; build_scheme validates it.
struct SchemeSpec {
  std::optional<std::vector<std::string>> levels;                            // lowest first
  std::vector<std::pair<std::string, std::string>> aliases;                  // alias -> level
  std::vector<std::pair<std::string, std::vector<std::string>>> groups;      // name -> members
  std::optional<std::string> classified_from;
  std::optional<std::string> controlled_from;
  std::optional<std::vector<std::pair<std::string, std::string>>> impact_levels;  // lowest first
  std::optional<std::string> default_owner;
};

// Builds the scheme alone (spec §2.1); problems are appended to `diagnostics` with
// pointers under "/scheme", and the defaults stand in for what is broken.
CLEARANCE_API Scheme build_scheme(const SchemeSpec& spec, std::vector<Diagnostic>& diagnostics);

}  // namespace v1
}  // namespace clearance
