// Internal: the grammars of the names a scheme holds (levels and aliases, groups,
// compartments), one home for the builder, the marking parser and the snapshot reader, so
// that a snapshot accepts exactly the names a model file can give. Not installed.
#pragma once

#include <algorithm>
#include <string_view>

namespace clearance {
namespace detail {

inline bool is_upper_or_digit(char c) { return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }

// A level name or alias in its normalised form (normalize_words): upper-case letters,
// digits, '-', '_', '.', and single spaces between words.
inline bool is_level_name(std::string_view name) {
  if (name.empty() || name.front() == ' ' || name.back() == ' ' || name.find("  ") != std::string_view::npos)
    return false;
  return std::all_of(name.begin(), name.end(),
                     [](char c) { return is_upper_or_digit(c) || c == '-' || c == ' ' || c == '_' || c == '.'; });
}

// A group name: [A-Z][A-Z0-9_-]* (that it is no ISO 3166-1 code is checked apart).
inline bool is_group_name(std::string_view name) {
  if (name.empty() || !(name[0] >= 'A' && name[0] <= 'Z')) return false;
  return std::all_of(name.begin(), name.end(), [](char c) { return is_upper_or_digit(c) || c == '-' || c == '_'; });
}

// A compartment, after case folding: [A-Z0-9]+ ( "-" [A-Z0-9]+ )*.
inline bool is_compartment_name(std::string_view name) {
  if (name.empty() || name.front() == '-' || name.back() == '-' || name.find("--") != std::string_view::npos)
    return false;
  return std::all_of(name.begin(), name.end(), [](char c) { return is_upper_or_digit(c) || c == '-'; });
}

}  // namespace detail
}  // namespace clearance
