// Security labels and their lattice (spec §3, §6): a level, a set of compartments and
// the set of countries the labelled data may be released to. Dominance is
// Bell-LaPadula's: higher or equal level, more compartments, fewer countries.
#pragma once

#include <clearance/scheme.hpp>

namespace clearance {
inline namespace v1 {

struct Label {
  Level level = 0;
  CompartmentSet compartments;
  CountrySet releasable = every_country();
};

inline bool operator==(const Label& a, const Label& b) {
  return a.level == b.level && a.compartments == b.compartments && a.releasable == b.releasable;
}
inline bool operator!=(const Label& a, const Label& b) { return !(a == b); }

// a dominates b: a.level >= b.level, a's compartments include b's, and a is releasable
// to no country b is not. A partial order.
inline bool dominates(const Label& a, const Label& b) {
  return a.level >= b.level && b.compartments.is_subset_of(a.compartments) &&
         a.releasable.is_subset_of(b.releasable);
}

// The least label dominating both: what combining the two data gives (highest level,
// union of compartments, intersection of releasable sets).
inline Label join(const Label& a, const Label& b) {
  return Label{a.level > b.level ? a.level : b.level, a.compartments | b.compartments,
               a.releasable & b.releasable};
}

// The greatest label both dominate.
inline Label meet(const Label& a, const Label& b) {
  return Label{a.level < b.level ? a.level : b.level, a.compartments & b.compartments,
               a.releasable | b.releasable};
}

// True when a label of level and compartments `upper` covers `lower` by level and
// compartments alone (how a node's accreditation, or a guard release, is compared).
inline bool covers(const Label& upper, const Label& lower) {
  return upper.level >= lower.level && lower.compartments.is_subset_of(upper.compartments);
}

}  // namespace v1
}  // namespace clearance
