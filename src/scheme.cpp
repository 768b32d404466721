#include <clearance/id_table.hpp>
#include <clearance/scheme.hpp>

#include "json_pointer.hpp"
#include "keyed_hash.hpp"
#include "scheme_names.hpp"

#include <algorithm>
#include <functional>
#include <map>
#include <set>

namespace clearance {
inline namespace v1 {

std::string normalize_words(std::string_view text) {
  std::string result;
  result.reserve(text.size());
  bool pending_space = false;
  for (char c : text) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
      pending_space = !result.empty();
      continue;
    }
    if (pending_space) result += ' ';
    pending_space = false;
    result += (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
  }
  return result;
}

std::size_t CompartmentTable::NameHash::operator()(const std::string& name) const noexcept {
  return static_cast<std::size_t>(detail::keyed_hash(name));
}

std::optional<CompartmentId> CompartmentTable::intern(std::string_view name) {
  if (auto found = find(name)) return found;
  if (names_.size() >= max_size) return std::nullopt;
  auto id = static_cast<CompartmentId>(names_.size());
  names_.emplace_back(name);
  ids_.emplace(std::string(name), id);
  return id;
}

std::optional<CompartmentId> CompartmentTable::find(std::string_view name) const {
  auto it = ids_.find(std::string(name));  // C++17: no lookup by string_view
  if (it == ids_.end()) return std::nullopt;
  return it->second;
}

std::optional<Level> Scheme::find_level(std::string_view name_or_alias) const {
  const std::string key = normalize_words(name_or_alias);
  for (std::size_t i = 0; i < level_names_.size(); ++i)
    if (level_names_[i] == key) return static_cast<Level>(i);
  for (const auto& [alias, level] : aliases_)
    if (alias == key) return level;
  return std::nullopt;
}

const CountrySet* Scheme::find_group(std::string_view name) const {
  for (const auto& [group, members] : groups_)
    if (group == name) return &members;
  return nullptr;
}

std::optional<CountrySet> Scheme::find_countries(std::string_view code_or_group) const {
  if (auto country = find_country(code_or_group)) {
    CountrySet set;
    set.insert(*country);
    return set;
  }
  if (const CountrySet* group = find_group(code_or_group)) return *group;
  return std::nullopt;
}

std::optional<ImpactLevelIndex> Scheme::find_impact_level(std::string_view name) const {
  for (std::size_t i = 0; i < impact_levels_.size(); ++i)
    if (impact_levels_[i].name == name) return static_cast<ImpactLevelIndex>(i);
  return std::nullopt;
}

namespace {

const std::vector<std::string> default_levels = {"UNCLASSIFIED", "CUI", "CONFIDENTIAL", "SECRET",
                                                 "TOP SECRET"};

const std::vector<std::pair<std::string, std::string>> default_aliases = {
    {"U", "UNCLASSIFIED"},
    {"C", "CONFIDENTIAL"},
    {"S", "SECRET"},
    {"TS", "TOP SECRET"},
    {"NATO UNCLASSIFIED", "UNCLASSIFIED"},
    {"NATO RESTRICTED", "CUI"},
    {"NATO CONFIDENTIAL", "CONFIDENTIAL"},
    {"NATO SECRET", "SECRET"},
    {"COSMIC TOP SECRET", "TOP SECRET"},
    {"OFFICIAL", "CUI"},
    {"OFFICIAL-SENSITIVE", "CUI"},
};

const std::vector<std::pair<std::string, std::vector<std::string>>> default_groups = {
    {"FVEY", {"AUS", "CAN", "GBR", "NZL", "USA"}},
    {"ACGU", {"AUS", "CAN", "GBR", "USA"}},
    {"NATO", {"ALB", "BEL", "BGR", "CAN", "CZE", "DEU", "DNK", "ESP", "EST", "FIN", "FRA",
              "GBR", "GRC", "HRV", "HUN", "ISL", "ITA", "LTU", "LUX", "LVA", "MKD", "MNE",
              "NLD", "NOR", "POL", "PRT", "ROU", "SVK", "SVN", "SWE", "TUR", "USA"}},
};

const std::vector<std::pair<std::string, std::string>> default_impact_levels = {
    {"IL2", "UNCLASSIFIED"}, {"IL4", "CUI"}, {"IL5", "CUI"}, {"IL6", "SECRET"}};



}  // namespace

// Builds schemes; a friend of Scheme so it can fill the private tables.
class SchemeBuilder {
 public:
  SchemeBuilder(const SchemeSpec& spec, std::vector<Diagnostic>& diagnostics)
      : spec_(spec), diagnostics_(diagnostics) {}

  Scheme build() {
    build_levels();
    build_aliases();
    build_groups();
    build_thresholds();
    build_impact_levels();
    build_default_owner();
    return std::move(scheme_);
  }

 private:
  void fail(std::string pointer, std::string message) {
    diagnostics_.push_back(Diagnostic{{}, "/scheme" + pointer, 0, 0, std::move(message)});
  }

  std::vector<std::string_view> level_candidates() const {
    std::vector<std::string_view> names(scheme_.level_names_.begin(), scheme_.level_names_.end());
    for (const auto& alias : scheme_.aliases_) names.push_back(alias.first);
    return names;
  }

  std::string unknown_level(std::string_view text) const {
    std::string message = "unknown level \"" + std::string(text) + "\"";
    if (auto hint = nearest_name(normalize_words(text), level_candidates()))
      message += "; did you mean \"" + *hint + "\"?";
    else
      message += "; expected one of the scheme's levels or aliases";
    return message;
  }

  void build_levels() {
    if (!spec_.levels) {
      scheme_.level_names_ = default_levels;
      return;
    }
    const auto& levels = *spec_.levels;
    if (levels.empty()) fail("/levels", "expected at least one level");
    if (levels.size() > 255) fail("/levels", "expected at most 255 levels");
    for (std::size_t i = 0; i < levels.size() && i < 255; ++i) {
      std::string name = normalize_words(levels[i]);
      const std::string where = "/levels/" + std::to_string(i);
      if (!detail::is_level_name(name)) {
        fail(where, "expected a level name of letters, digits, spaces and '-', got \"" + levels[i] + "\"");
        continue;
      }
      if (std::find(scheme_.level_names_.begin(), scheme_.level_names_.end(), name) !=
          scheme_.level_names_.end()) {
        fail(where, "level \"" + name + "\" is listed twice");
        continue;
      }
      scheme_.level_names_.push_back(std::move(name));
    }
    if (scheme_.level_names_.empty()) scheme_.level_names_ = default_levels;
  }

  std::optional<Level> level_by_name(std::string_view name) const {
    for (std::size_t i = 0; i < scheme_.level_names_.size(); ++i)
      if (scheme_.level_names_[i] == name) return static_cast<Level>(i);
    return std::nullopt;
  }

  void build_aliases() {
    std::map<std::string, Level> aliases;
    for (const auto& [alias, level] : default_aliases)
      if (auto found = level_by_name(level)) aliases[alias] = *found;
    // The default RESTRICTED (markings-v1.1 §1) stands for the level of the default NATO
    // RESTRICTED and is dropped with it, or when a level has that name.
    if (auto nato = aliases.find("NATO RESTRICTED"); nato != aliases.end() && !level_by_name("RESTRICTED"))
      aliases["RESTRICTED"] = nato->second;
    for (const auto& [alias_text, level_text] : spec_.aliases) {
      const std::string where = "/aliases/" + detail::escape_pointer_token(alias_text);
      std::string alias = normalize_words(alias_text);
      if (!detail::is_level_name(alias)) {
        fail(where, "expected an alias of letters, digits, spaces and '-', got \"" + alias_text + "\"");
        continue;
      }
      if (level_by_name(alias)) {
        fail(where, "alias \"" + alias + "\" is already the name of a level");
        continue;
      }
      std::optional<Level> level = level_by_name(normalize_words(level_text));
      if (!level) {
        auto it = aliases.find(normalize_words(level_text));
        if (it != aliases.end()) level = it->second;
      }
      if (!level) {
        fail(where, unknown_level(level_text));
        continue;
      }
      aliases[alias] = *level;  // a model's alias replaces a default of the same name
    }
    scheme_.aliases_.assign(aliases.begin(), aliases.end());
  }

  void build_groups() {
    std::map<std::string, std::vector<std::string>> members;
    std::map<std::string, std::string> origin;  // group -> pointer, for model groups
    for (const auto& [name, list] : default_groups) members[name] = list;
    for (const auto& [name, list] : spec_.groups) {
      const std::string where = "/groups/" + detail::escape_pointer_token(name);
      if (!detail::is_group_name(name)) {
        fail(where, "expected a group name of upper-case letters, digits, '-' and '_', got \"" + name + "\"");
        continue;
      }
      if (find_country(name)) {
        fail(where, "group name \"" + name + "\" is an ISO 3166-1 country code");
        continue;
      }
      members[name] = list;  // a model's group replaces a default of the same name
      origin[name] = where;
    }
    // Expand each group depth first; a group met again on the current path is a cycle.
    // Failures are remembered too, so each problem is reported once and a long chain of
    // groups costs linear time; nesting is bounded so that no input can exhaust the stack.
    constexpr std::size_t max_group_depth = 256;
    std::map<std::string, CountrySet> expanded;
    std::set<std::string> failed;
    std::vector<std::string> path;
    std::function<std::optional<CountrySet>(const std::string&)> expand =
        [&](const std::string& name) -> std::optional<CountrySet> {
      if (auto done = expanded.find(name); done != expanded.end()) return done->second;
      if (failed.count(name)) return std::nullopt;
      if (path.size() >= max_group_depth) {
        fail(origin.count(name) ? origin[name] : "/groups", "groups nest deeper than 256 levels");
        failed.insert(name);
        return std::nullopt;
      }
      if (std::find(path.begin(), path.end(), name) != path.end()) {
        std::string cycle;
        for (auto it = std::find(path.begin(), path.end(), name); it != path.end(); ++it) cycle += *it + " -> ";
        fail(origin.count(name) ? origin[name] : "/groups", "groups form a cycle: " + cycle + name);
        return std::nullopt;
      }
      path.push_back(name);
      CountrySet set;
      bool ok = true;
      const auto& list = members[name];
      for (std::size_t i = 0; i < list.size(); ++i) {
        const std::string& member = list[i];
        if (auto country = find_country(member)) {
          set.insert(*country);
        } else if (members.count(member)) {
          auto inner = expand(member);
          if (!inner) ok = false;
          else set |= *inner;
        } else {
          std::string message = "unknown country or group \"" + member + "\"";
          std::optional<std::string> hint;
          if (diagnostics_.size() < detail::hinted_diagnostics) {
            std::vector<std::string_view> known;
            for (const auto& group : members) known.push_back(group.first);
            hint = nearest_name(member, known);
          }
          if (hint) message += "; did you mean \"" + *hint + "\"?";
          else message += "; expected an ISO 3166-1 alpha-3 code (upper case) or a group name";
          fail(origin[name] + "/" + std::to_string(i), message);
          ok = false;
        }
      }
      path.pop_back();
      if (!ok) {
        failed.insert(name);
        return std::nullopt;
      }
      expanded[name] = set;
      return set;
    };
    for (const auto& group : members) {
      if (auto set = expand(group.first)) scheme_.groups_.emplace_back(group.first, *set);
    }
  }

  Level threshold(const std::optional<std::string>& given, const char* key, const char* default_name) {
    if (given) {
      if (auto level = scheme_.find_level(*given)) return *level;
      fail(std::string("/") + key, unknown_level(*given));
      return 0;
    }
    if (auto level = level_by_name(default_name)) return *level;
    fail("/levels", std::string("the levels lack ") + default_name + ", so \"" + key + "\" must be given");
    return 0;
  }

  void build_thresholds() {
    const std::size_t before = diagnostics_.size();
    scheme_.classified_from_ = threshold(spec_.classified_from, "classified_from", "CONFIDENTIAL");
    scheme_.controlled_from_ = threshold(spec_.controlled_from, "controlled_from", "CUI");
    // Compared only when both are known: a missing one stands at 0 and would only repeat the error.
    if (diagnostics_.size() == before && scheme_.controlled_from_ > scheme_.classified_from_)
      fail("/controlled_from", "controlled_from must not be above classified_from (classified data is controlled)");
  }

  void build_impact_levels() {
    if (!spec_.impact_levels) {
      for (const auto& [name, level] : default_impact_levels)
        if (auto found = level_by_name(level)) scheme_.impact_levels_.push_back({name, *found});
      return;
    }
    const auto& given = *spec_.impact_levels;
    if (given.size() >= no_impact_level) fail("/impact_levels", "expected at most 254 impact levels");
    for (const auto& [name, level_text] : given) {
      const std::string where = "/impact_levels/" + detail::escape_pointer_token(name);
      if (name.empty()) {
        fail(where, "expected a non-empty impact-level name");
        continue;
      }
      auto level = scheme_.find_level(level_text);
      if (!level) {
        fail(where, unknown_level(level_text));
        continue;
      }
      if (!scheme_.impact_levels_.empty() && *level < scheme_.impact_levels_.back().highest) {
        fail(where, "impact levels are listed lowest first, but \"" + name + "\" allows less than \"" +
                        scheme_.impact_levels_.back().name + "\" before it");
        continue;
      }
      if (scheme_.impact_levels_.size() + 1 >= no_impact_level) break;
      scheme_.impact_levels_.push_back({name, *level});
    }
  }

  void build_default_owner() {
    const std::string owner = spec_.default_owner.value_or("USA");
    if (auto country = find_country(owner)) {
      scheme_.default_owner_ = *country;
      return;
    }
    scheme_.default_owner_ = *find_country("USA");
    std::string message = "unknown country \"" + owner + "\"";
    if (scheme_.find_group(owner)) message = "\"" + owner + "\" is a group; default_owner names one country";
    else message += "; expected an ISO 3166-1 alpha-3 code in upper case";
    fail("/default_owner", message);
  }

  const SchemeSpec& spec_;
  std::vector<Diagnostic>& diagnostics_;
  Scheme scheme_;
};

Scheme build_scheme(const SchemeSpec& spec, std::vector<Diagnostic>& diagnostics) {
  return SchemeBuilder(spec, diagnostics).build();
}

Scheme Scheme::us_default() {
  std::vector<Diagnostic> ignored;
  return build_scheme(SchemeSpec{}, ignored);
}

}  // namespace v1
}  // namespace clearance
