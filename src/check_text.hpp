// Internal: how the checker, the explainer and the reports spell facts for people
// (numbers, country lists, compartment lists, quoted ids). Not installed.
#pragma once

#include <clearance/check.hpp>
#include <clearance/model.hpp>

#include <cstddef>
#include <string>
#include <string_view>

namespace clearance {
inline namespace v1 {
namespace detail {

// The shortest decimal that reads back as `value` ("16", "0.25", "1e+20"); "unlimited"
// for infinity.
std::string format_number(double value);

// Country codes of `countries` joined by ", ", alphabetical except that `first` (when a
// member) leads; after `limit` codes the rest are counted ("… and 20 more").
// "no country" for the empty set, "every country" for the full table.
std::string format_countries(const CountrySet& countries, int first = -1, std::size_t limit = 12);

// Compartment names joined by "/" ("SI/TK"); "" for the empty set.
std::string format_compartments(const CompartmentSet& compartments, const Scheme& scheme);

// "`id`": how messages quote an id.
std::string quoted(std::string_view id);

// Length of the valid UTF-8 sequence starting at text[i] (1 for ASCII), or 0 when it is
// not valid (overlong forms, surrogates and code points above U+10FFFF are invalid).
std::size_t utf8_sequence_length(std::string_view text, std::size_t i);

// Appends `text` to `out` as the body of a JSON string: quotes, backslashes and control
// characters escaped, valid UTF-8 passed through, invalid bytes replaced by U+FFFD.
void append_json_escaped(std::string& out, std::string_view text);

// Appends `text` as a whole JSON string, quotes included.
inline void append_json_string(std::string& out, std::string_view text) {
  out += '"';
  append_json_escaped(out, text);
  out += '"';
}

// Calls f(key, value) for each key a finding carries, in the order of spec §4's key
// lists (workload, flow, link, node, data, resource covers every rule's order).
template <typename F>
void for_each_key(const Finding& finding, const Model& model, F&& f) {
  if (finding.workload != no_key) f("workload", model.workload_id(finding.workload));
  if (finding.flow != no_key) f("flow", model.flow_id(finding.flow));
  if (finding.link != no_key) f("link", model.link_id(finding.link));
  if (finding.node != no_key) f("node", model.node_id(finding.node));
  if (finding.data != no_key) f("data", model.data_id(finding.data));
  if (finding.resource != no_key) f("resource", model.resource_name(finding.resource));
}

inline bool is_flow_rule(RuleId rule) {
  return rule == RuleId::flow_route || rule == RuleId::flow_bandwidth || rule == RuleId::flow_latency;
}

}  // namespace detail
}  // namespace v1
}  // namespace clearance
