// Internal: how the rules name their facts, one home for each phrase, so that a finding
// (check.cpp, flow_findings.cpp), `clearance explain` and every analysis built on them say
// the same thing the same way. Sentences differ by place (a finding names the workload and
// the remediation, an explain line only the fact), the facts in them do not. Not installed.
#pragma once

#include <clearance/model.hpp>

#include "label_text.hpp"

#include <string>

namespace clearance {
inline namespace v1 {
namespace detail {

// placement.compartments: "compartment TK" or "compartments SI/TK".
inline std::string compartments_phrase(const CompartmentSet& compartments, const Scheme& scheme) {
  return (compartments.size() == 1 ? "compartment " : "compartments ") + format_compartments(compartments, scheme);
}

// placement.release: "reachable by GBR, AUS personnel".
inline std::string reachable_by_phrase(const CountrySet& outsiders) {
  return "reachable by " + format_countries(outsiders) + " personnel";
}

// edge.at-rest: the at-rest encryption data at `level` needs on an edge device
// (check_predicates.hpp's at_rest_is_inadequate is the test).
inline const char* at_rest_needed(const Scheme& scheme, Level level) {
  return scheme.is_classified(level) ? "csfc or type1" : "fips, csfc or type1";
}

// link.transport and flow routes: the encryption traffic at `level` needs on a lower
// carrier (check_predicates.hpp's encryption_is_adequate is the test).
inline const char* transport_needed(const Scheme& scheme, Level level) {
  return scheme.is_classified(level) ? "csfc or type1" : "tls, csfc or type1";
}

}  // namespace detail
}  // namespace v1
}  // namespace clearance
