// Internal: how label facts are spelled for people (country lists, compartment lists),
// by the rules' messages, the explainers and the reports alike. Not installed.
#pragma once

#include <clearance/scheme.hpp>

#include <cstddef>
#include <string>

namespace clearance {
inline namespace v1 {
namespace detail {

// Country codes of `countries` joined by ", ", alphabetical except that `first` (when a
// member) leads; after `limit` codes the rest are counted ("… and 20 more").
// "no country" for the empty set, "every country" for the full table.
std::string format_countries(const CountrySet& countries, int first = -1, std::size_t limit = 12);

// Compartment names joined by "/" ("SI/TK"); "" for the empty set.
std::string format_compartments(const CompartmentSet& compartments, const Scheme& scheme);

}  // namespace detail
}  // namespace v1
}  // namespace clearance
