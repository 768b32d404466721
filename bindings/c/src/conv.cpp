#include "conv.hpp"

#include <cstdlib>
#include <cstring>
#include <new>
#include <optional>
#include <string_view>

namespace clearance_c {

static_assert(static_cast<int>(clearance::Severity::low) == CLEARANCE_SEVERITY_LOW &&
                  static_cast<int>(clearance::Severity::critical) == CLEARANCE_SEVERITY_CRITICAL,
              "the C severities mirror the C++ ones");

namespace {

// NUL-terminated copies of the catalogue's text, made once: findings point into it, so a
// report pays nothing per finding for its rule, severity and controls.
struct RuleText {
  std::string name;
  std::vector<std::string> controls;
  std::vector<const char*> control_pointers;
};

struct StaticText {
  std::vector<RuleText> rules;
  std::string severities[4];

  StaticText() {
    const auto& catalogue = clearance::rule_catalogue();
    rules.resize(catalogue.size());
    for (const clearance::RuleInfo& info : catalogue) {
      RuleText& text = rules[static_cast<std::size_t>(info.id)];
      text.name = std::string(info.name);
      text.controls.assign(info.controls.begin(), info.controls.end());
      for (const std::string& control : text.controls) text.control_pointers.push_back(control.c_str());
    }
    for (int s = 0; s < 4; ++s) severities[s] = std::string(clearance::to_string(static_cast<clearance::Severity>(s)));
  }
};

// Thread-safe initialisation (C++11 magic statics). A bad_alloc here leaves the static
// uninitialised, so the next call tries again.
const StaticText& static_text() {
  static const StaticText text;
  return text;
}

std::vector<std::string> ids_as_strings(const clearance::IdTable& ids) {
  std::vector<std::string> strings;
  strings.reserve(ids.size());
  for (std::uint32_t i = 0; i < ids.size(); ++i) strings.emplace_back(ids.name(i));
  return strings;
}

const char* string_or_null(const std::vector<std::string>& strings, std::uint32_t index) {
  return index == clearance::no_key ? nullptr : strings[index].c_str();
}

}  // namespace

std::shared_ptr<const clearance_names> make_names(const clearance::Model& model) {
  auto names = std::make_shared<clearance_names>();
  names->model_name = model.name();
  names->nodes = ids_as_strings(model.node_ids());
  names->links = ids_as_strings(model.link_ids());
  names->data = ids_as_strings(model.data_ids());
  names->workloads = ids_as_strings(model.workload_ids());
  names->flows = ids_as_strings(model.flow_ids());
  names->resources = ids_as_strings(model.resource_names());
  return names;
}

clearance_finding to_c(const clearance::Finding& finding, const clearance_names& names) {
  const StaticText& text = static_text();
  const RuleText& rule = text.rules.at(static_cast<std::size_t>(finding.rule));
  clearance_finding out{};
  out.rule = rule.name.c_str();
  out.severity = text.severities[static_cast<std::size_t>(finding.severity) & 3u].c_str();
  out.message = finding.message.c_str();
  out.workload = string_or_null(names.workloads, finding.workload);
  out.node = string_or_null(names.nodes, finding.node);
  out.data = string_or_null(names.data, finding.data);
  out.flow = string_or_null(names.flows, finding.flow);
  out.link = string_or_null(names.links, finding.link);
  out.resource = string_or_null(names.resources, finding.resource);
  out.controls = rule.control_pointers.empty() ? nullptr : rule.control_pointers.data();
  out.controls_count = rule.control_pointers.size();
  return out;
}

bool to_cpp_severity(int severity, clearance::Severity& out) {
  switch (severity) {
    case CLEARANCE_SEVERITY_LOW: out = clearance::Severity::low; return true;
    case CLEARANCE_SEVERITY_MEDIUM: out = clearance::Severity::medium; return true;
    case CLEARANCE_SEVERITY_HIGH: out = clearance::Severity::high; return true;
    case CLEARANCE_SEVERITY_CRITICAL: out = clearance::Severity::critical; return true;
  }
  return false;
}

bool is_entity(int kind) {
  switch (kind) {
    case CLEARANCE_ENTITY_NODE:
    case CLEARANCE_ENTITY_LINK:
    case CLEARANCE_ENTITY_DATA:
    case CLEARANCE_ENTITY_WORKLOAD:
    case CLEARANCE_ENTITY_FLOW: return true;
  }
  return false;
}

const clearance::IdTable& ids_of(const clearance::Model& model, int kind) {
  switch (kind) {
    case CLEARANCE_ENTITY_NODE: return model.node_ids();
    case CLEARANCE_ENTITY_LINK: return model.link_ids();
    case CLEARANCE_ENTITY_DATA: return model.data_ids();
    case CLEARANCE_ENTITY_WORKLOAD: return model.workload_ids();
    case CLEARANCE_ENTITY_FLOW: return model.flow_ids();
  }
  throw clearance::error(clearance::ErrorKind::usage, "unknown entity kind");
}

bool to_cpp(const clearance_check_options& options, clearance::CheckOptions& out) {
  if (options.version == 0 || options.version > CLEARANCE_CHECK_OPTIONS_VERSION) return false;
  if (!to_cpp_severity(raw_value(options.min_severity), out.min_severity)) return false;
  out.jobs = options.jobs;
  if (options.version >= 3 && options.max_label_states != 0) out.max_label_states = options.max_label_states;
  return true;
}

const clearance_waivers* to_cpp_waivers(const clearance_check_options& options, clearance::WaiverOptions& out) {
  if (options.version < 2) return nullptr;  // a version 1 struct has no waiver fields
  out.warn_expiring_days = options.warn_expiring_days;
  if (options.today != nullptr) {
    std::string why;
    if (!clearance::parse_date(options.today, out.today, &why))
      throw clearance::error(clearance::ErrorKind::usage,
                             "clearance_check_with_options: today \"" + std::string(options.today) + "\": " + why);
  }
  return options.waivers;
}

clearance_waivers* make_waivers(clearance::Waivers waivers, std::shared_ptr<const clearance_names> names) {
  auto expires = std::make_shared<std::vector<std::string>>();
  expires->reserve(waivers.size());
  for (const clearance::Waiver& waiver : waivers.all()) expires->push_back(waiver.expires.to_string());
  auto handle = std::make_unique<clearance_waivers>();
  handle->waivers = std::make_shared<const clearance::Waivers>(std::move(waivers));
  handle->expires = std::move(expires);
  handle->names = std::move(names);
  return handle.release();
}

int code_of(clearance::ErrorKind kind) {
  switch (kind) {
    case clearance::ErrorKind::input: return CLEARANCE_EINPUT;
    case clearance::ErrorKind::usage: return CLEARANCE_EINVALID;
    case clearance::ErrorKind::io: return CLEARANCE_ENOTFOUND;  // the file cannot be read
    case clearance::ErrorKind::not_found: return CLEARANCE_ENOTFOUND;
    case clearance::ErrorKind::internal: return CLEARANCE_EINTERNAL;
  }
  return CLEARANCE_EINTERNAL;
}

char* to_c_string(const std::string& text) {
  auto* memory = static_cast<char*>(std::malloc(text.size() + 1));
  if (memory == nullptr) throw std::bad_alloc();
  std::memcpy(memory, text.c_str(), text.size() + 1);
  return memory;
}

}  // namespace clearance_c

const std::vector<std::string>* clearance_names::of(int kind) const {
  switch (kind) {
    case CLEARANCE_ENTITY_NODE: return &nodes;
    case CLEARANCE_ENTITY_LINK: return &links;
    case CLEARANCE_ENTITY_DATA: return &data;
    case CLEARANCE_ENTITY_WORKLOAD: return &workloads;
    case CLEARANCE_ENTITY_FLOW: return &flows;
  }
  return nullptr;
}

// ---- Builder specs ------------------------------------------------------------------------

namespace clearance_c {

namespace {

void check_version(unsigned int version, unsigned int current, const char* what) {
  if (version == 0 || version > current)
    throw clearance::error(clearance::ErrorKind::usage, std::string("unknown ") + what + " version " +
                                                            std::to_string(version));
}

std::string text_or_empty(const char* text) { return text == nullptr ? std::string() : std::string(text); }

std::optional<std::string> optional_text(const char* text) {
  if (text == nullptr) return std::nullopt;
  return std::string(text);
}

std::optional<double> optional_number(double value) {
  if (value == CLEARANCE_DEFAULT) return std::nullopt;
  return value;
}

std::optional<std::vector<std::string>> optional_strings(const char* const* items, std::size_t count,
                                                         const char* what) {
  if (items == nullptr && count == 0) return std::nullopt;
  return strings_of(items, count, what);
}

std::optional<clearance::NamedAmounts> optional_amounts(const char* const* names, const double* amounts,
                                                        std::size_t count, const char* what) {
  if (names == nullptr && amounts == nullptr && count == 0) return std::nullopt;
  if (count > 0 && amounts == nullptr)
    throw clearance::error(clearance::ErrorKind::usage, std::string(what) + ": the amounts are NULL");
  std::vector<std::string> keys = strings_of(names, count, what);
  clearance::NamedAmounts result;
  result.reserve(count);
  for (std::size_t i = 0; i < count; ++i) result.emplace_back(std::move(keys[i]), amounts[i]);
  return result;
}

// The enumerator of `names` spelled `text` (NULL: the first); an input error otherwise.
template <typename Enum, std::size_t N>
Enum parse_enum(const char* text, const char* const (&names)[N], const std::string& pointer) {
  if (text == nullptr) return static_cast<Enum>(0);
  for (std::size_t i = 0; i < N; ++i)
    if (std::string_view(text) == names[i]) return static_cast<Enum>(i);
  std::string expected;
  for (std::size_t i = 0; i < N; ++i) expected += std::string(i == 0 ? "" : i + 1 == N ? " or " : ", ") + "\"" + names[i] + "\"";
  throw clearance::input_error(
      {clearance::Diagnostic{{}, pointer, 0, 0, "expected " + expected + ", got \"" + std::string(text) + "\""}});
}

// In the order of the C++ enumerators.
const char* const node_kinds[] = {"region", "edge"};
const char* const at_rests[] = {"none", "fips", "csfc", "type1"};
const char* const link_kinds[] = {"network", "guard", "diode", "courier"};
const char* const directions[] = {"both", "forward"};
const char* const encryptions[] = {"none", "tls", "csfc", "type1"};

}  // namespace

std::vector<std::string> strings_of(const char* const* items, std::size_t count, const char* what) {
  if (items == nullptr && count > 0)
    throw clearance::error(clearance::ErrorKind::usage, std::string(what) + " is NULL but its count is not 0");
  std::vector<std::string> strings;
  strings.reserve(count);
  for (std::size_t i = 0; i < count; ++i) {
    if (items[i] == nullptr)
      throw clearance::error(clearance::ErrorKind::usage, std::string(what) + "[" + std::to_string(i) + "] is NULL");
    strings.emplace_back(items[i]);
  }
  return strings;
}

clearance::NodeSpec to_cpp(const clearance_node_spec& spec, std::size_t index) {
  check_version(spec.version, CLEARANCE_NODE_SPEC_VERSION, "clearance_node_spec");
  const std::string pointer = "/nodes/" + std::to_string(index);
  clearance::NodeSpec node;
  node.id = text_or_empty(spec.id);
  node.kind = parse_enum<clearance::NodeKind>(spec.kind, node_kinds, pointer + "/kind");
  node.name = text_or_empty(spec.name);
  node.jurisdiction = text_or_empty(spec.jurisdiction);
  node.accredited = text_or_empty(spec.accredited);
  node.access = optional_strings(spec.access, spec.access_count, "access");
  node.impact_level = optional_text(spec.impact_level);
  node.zone = optional_text(spec.zone);
  node.capacity = optional_amounts(spec.capacity_resources, spec.capacity_amounts, spec.capacity_count, "capacity");
  node.at_rest = parse_enum<clearance::AtRest>(spec.at_rest, at_rests, pointer + "/at_rest");
  node.mean_online_h = optional_number(spec.mean_online_h);
  node.mean_offline_h = optional_number(spec.mean_offline_h);
  return node;
}

clearance::LinkSpec to_cpp(const clearance_link_spec& spec, std::size_t index) {
  check_version(spec.version, CLEARANCE_LINK_SPEC_VERSION, "clearance_link_spec");
  const std::string pointer = "/links/" + std::to_string(index);
  clearance::LinkSpec link;
  link.id = text_or_empty(spec.id);
  link.from = text_or_empty(spec.from);
  link.to = text_or_empty(spec.to);
  link.kind = parse_enum<clearance::LinkKind>(spec.kind, link_kinds, pointer + "/kind");
  if (spec.direction != nullptr)
    link.direction = parse_enum<clearance::Direction>(spec.direction, directions, pointer + "/direction");
  link.carrier = optional_text(spec.carrier);
  link.encryption = parse_enum<clearance::Encryption>(spec.encryption, encryptions, pointer + "/encryption");
  link.latency_ms = spec.latency_ms == CLEARANCE_DEFAULT ? 0.0 : spec.latency_ms;
  link.bandwidth_mbps = optional_number(spec.bandwidth_mbps);
  if (spec.release_from != nullptr || spec.release_to != nullptr || spec.release_count > 0) {
    std::vector<std::string> from = strings_of(spec.release_from, spec.release_count, "release_from");
    std::vector<std::string> to = strings_of(spec.release_to, spec.release_count, "release_to");
    std::vector<clearance::ReleaseSpec> releases;
    for (std::size_t i = 0; i < spec.release_count; ++i)
      releases.push_back(clearance::ReleaseSpec{std::move(from[i]), std::move(to[i])});
    link.releases = std::move(releases);
  }
  return link;
}

clearance::DataSpec to_cpp(const clearance_data_spec& spec) {
  check_version(spec.version, CLEARANCE_DATA_SPEC_VERSION, "clearance_data_spec");
  clearance::DataSpec data;
  data.id = text_or_empty(spec.id);
  data.marking = text_or_empty(spec.marking);
  data.owner = optional_text(spec.owner);
  data.residency = optional_strings(spec.residency, spec.residency_count, "residency");
  data.impact_level = optional_text(spec.impact_level);
  return data;
}

clearance::WorkloadSpec to_cpp(const clearance_workload_spec& spec) {
  check_version(spec.version, CLEARANCE_WORKLOAD_SPEC_VERSION, "clearance_workload_spec");
  clearance::WorkloadSpec workload;
  workload.id = text_or_empty(spec.id);
  workload.uses = strings_of(spec.uses, spec.uses_count, "uses");
  if (auto resources = optional_amounts(spec.resource_names, spec.resource_amounts, spec.resource_count, "resources"))
    workload.resources = std::move(*resources);
  workload.replicas = spec.replicas;
  workload.min_zones = spec.min_zones;
  workload.max_staleness_h = optional_number(spec.max_staleness_h);
  return workload;
}

clearance::FlowSpec to_cpp(const clearance_flow_spec& spec) {
  check_version(spec.version, CLEARANCE_FLOW_SPEC_VERSION, "clearance_flow_spec");
  clearance::FlowSpec flow;
  flow.id = text_or_empty(spec.id);
  flow.from = text_or_empty(spec.from);
  flow.to = text_or_empty(spec.to);
  flow.data = text_or_empty(spec.data);
  flow.max_latency_ms = optional_number(spec.max_latency_ms);
  flow.min_bandwidth_mbps = optional_number(spec.min_bandwidth_mbps);
  return flow;
}

void waiver_of(clearance_finding_waiver& out, const clearance::Finding& finding,
               const clearance::Waivers* waivers, const std::vector<std::string>* expires) {
  out = clearance_finding_waiver{out.version, CLEARANCE_WAIVER_NONE, nullptr, nullptr, nullptr, nullptr, nullptr};
  const std::uint32_t w = finding.is_waived() ? finding.waiver : finding.expired_waiver;
  if (waivers == nullptr || expires == nullptr || w == clearance::no_key) return;
  const clearance::Waiver& waiver = (*waivers)[w];
  out.status = finding.is_waived() ? CLEARANCE_WAIVER_WAIVED : CLEARANCE_WAIVER_EXPIRED;
  out.id = waiver.id.c_str();
  out.justification = waiver.justification.c_str();
  out.approved_by = waiver.approved_by.c_str();
  out.expires = (*expires)[w].c_str();
  out.ticket = waiver.ticket.empty() ? nullptr : waiver.ticket.c_str();
}

}  // namespace clearance_c
