// What-if (spec resilience-v1 §1–2): the check of a model with some nodes and links down,
// and what that adds to and resolves in the check of the whole model.
#pragma once

#include <clearance/check.hpp>
#include <clearance/finding.hpp>
#include <clearance/model.hpp>
#include <clearance/waivers.hpp>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace clearance {
inline namespace v1 {

enum class ElementKind : std::uint8_t { link, node };  // canonical order: links first

// A node or a link of a model, written `node:ID` / `link:ID`.
struct Element {
  ElementKind kind = ElementKind::node;
  std::uint32_t index = 0;  // NodeIndex or LinkIndex
  bool operator==(const Element& other) const { return kind == other.kind && index == other.index; }
  bool operator!=(const Element& other) const { return !(*this == other); }
};

// A set of elements: nodes and links, each sorted by index, without repeats.
struct Elements {
  std::vector<NodeIndex> nodes;
  std::vector<LinkIndex> links;
  bool empty() const { return nodes.empty() && links.empty(); }
  void add(Element element);  // keeps the lists sorted and unique
};

// "node:ID" or "link:ID".
CLEARANCE_API std::string element_name(const Model& model, Element element);

// Parses element strings ("node:g1", "link:l3"); throws input_error naming each string
// that is not `node:`/`link:` followed by an id of the model (with a "did you mean").
CLEARANCE_API Elements parse_elements(const Model& model, const std::vector<std::string>& names);
// The same from one comma-separated list ("node:X,link:Y"), as `--down` takes it.
CLEARANCE_API Elements parse_element_list(const Model& model, std::string_view list);

// The elements in canonical order (spec §1: `link:` before `node:`, then by id in
// code-point order), as strings.
CLEARANCE_API std::vector<std::string> element_names(const Model& model, const Elements& elements);
// The same order for any list of elements, in place (duplicates dropped).
CLEARANCE_API void sort_elements(const Model& model, std::vector<Element>& elements);

// The check of `model` with `down` down (spec §1): down nodes removed with their links
// and from every placement, down links removed. The findings index `model` (never a down
// element), so every report writer prints them as check()'s.
CLEARANCE_API Report check_down(const Model& model, const Elements& down, const CheckOptions& options = {});

// What taking `down` down changes (spec §2). Findings are identified by rule and key
// values; `added` index with_down.findings, `resolved` index whole.findings, each in spec
// model-v1 §5 order.
struct WhatIf {
  Elements down;
  Report whole;      // the check of the whole model
  Report with_down;  // the check with the elements down
  std::vector<std::uint32_t> added;
  std::vector<std::uint32_t> resolved;
  // True when an added finding is not waived (the exit status of `clearance whatif`).
  bool has_added_findings() const;
};

CLEARANCE_API WhatIf whatif(const Model& model, const Elements& down, const CheckOptions& options = {});

// Spec §2's JSON; findings written as check's JSON writes them (waiver status included).
CLEARANCE_API std::string to_json(const WhatIf& whatif, const Model& model);
// For people: the elements down, the findings added and resolved grouped by rule, and
// the before/after counts.
CLEARANCE_API std::string to_text(const WhatIf& whatif, const Model& model);

}  // namespace v1
}  // namespace clearance
