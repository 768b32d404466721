#include "label_text.hpp"

#include <algorithm>
#include <vector>

namespace clearance {
inline namespace v1 {
namespace detail {

std::string format_countries(const CountrySet& countries, int first, std::size_t limit) {
  if (countries.empty()) return "no country";
  if (every_country().is_subset_of(countries)) return "every country";
  std::string out;
  std::size_t listed = 0;
  std::size_t total = countries.size();
  auto add = [&](std::size_t id) {
    if (listed == limit) return;
    if (!out.empty()) out += ", ";
    out += country_code(static_cast<CountryId>(id));
    ++listed;
  };
  if (first >= 0 && countries.contains(static_cast<std::size_t>(first))) add(static_cast<std::size_t>(first));
  countries.for_each([&](std::size_t id) {
    if (static_cast<int>(id) != first) add(id);
  });
  if (listed < total) out += " and " + std::to_string(total - listed) + " more";
  return out;
}

std::string format_compartments(const CompartmentSet& compartments, const Scheme& scheme) {
  // Canonical markings sort compartments by name, so do the same here.
  std::vector<std::string_view> names;
  compartments.for_each(
      [&](std::size_t id) { names.push_back(scheme.compartments().name(static_cast<CompartmentId>(id))); });
  std::sort(names.begin(), names.end());
  std::string out;
  for (std::string_view name : names) {
    if (!out.empty()) out += '/';
    out += name;
  }
  return out;
}

}  // namespace detail
}  // namespace v1
}  // namespace clearance
