// The C API of what-if and resilience (clearance_whatif_*, clearance_resilience_*; see
// clearance.h, spec resilience-v1 §1–4).
#include <clearance/clearance.h>

#include "conv.hpp"

#include <clearance/resilience.hpp>
#include <clearance/whatif.hpp>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

// A what-if handle: the result (its reports hold the waivers they applied), the model it
// was computed on (for the writers), and the added and resolved findings converted once
// for C to borrow.
struct clearance_whatif {
  std::shared_ptr<const clearance::Model> model;
  std::shared_ptr<const clearance_names> names;
  clearance::WhatIf result;
  std::vector<clearance_finding> added, resolved;
  std::shared_ptr<const std::vector<std::string>> waiver_expires;  // with waivers: their dates as text
};

// A resilience handle: the result, its model, and each pair's critical elements written
// out ("link:ID", "node:ID") as NUL-terminated strings for C to borrow.
struct clearance_resilience {
  std::shared_ptr<const clearance::Model> model;
  std::shared_ptr<const clearance_names> names;
  clearance::Resilience result;
  std::vector<std::vector<std::string>> critical;  // per pair, in the pair's canonical order
};

using clearance_c::fail_with;
using clearance_c::guarded;

int clearance_whatif_compute(clearance_whatif** out, const clearance_model* model, const char* const* down,
                             size_t down_count, const clearance_check_options* options) {
  if (out == nullptr) return fail_with(CLEARANCE_EINVALID, "clearance_whatif_compute: out is NULL");
  *out = nullptr;
  if (model == nullptr) return fail_with(CLEARANCE_EINVALID, "clearance_whatif_compute: model is NULL");
  clearance::CheckOptions check_options;
  if (options != nullptr && !clearance_c::to_cpp(*options, check_options))
    return fail_with(CLEARANCE_EINVALID, "clearance_whatif_compute: unknown options version or severity");
  return guarded([&]() -> int {
    const clearance::Elements elements =
        clearance::parse_elements(*model->model, clearance_c::strings_of(down, down_count, "down"));
    const clearance_waivers* waivers =
        options != nullptr ? clearance_c::to_cpp_waivers(*options, check_options.waiver_options) : nullptr;
    if (waivers != nullptr && waivers->names != model->names)
      return fail_with(CLEARANCE_EINVALID, "clearance_whatif_compute: the waivers were loaded for another model");
    if (waivers != nullptr) check_options.waivers = waivers->waivers;
    auto result = std::make_unique<clearance_whatif>();
    if (waivers != nullptr) result->waiver_expires = waivers->expires;
    result->model = model->model;
    result->names = model->names;
    result->result = clearance::whatif(*result->model, elements, check_options);
    const clearance::WhatIf& whatif = result->result;
    result->added.reserve(whatif.added.size());
    for (std::uint32_t f : whatif.added)
      result->added.push_back(clearance_c::to_c(whatif.with_down.findings[f], *result->names));
    result->resolved.reserve(whatif.resolved.size());
    for (std::uint32_t f : whatif.resolved)
      result->resolved.push_back(clearance_c::to_c(whatif.whole.findings[f], *result->names));
    *out = result.release();
    return CLEARANCE_OK;
  });
}

size_t clearance_whatif_added_count(const clearance_whatif* whatif) {
  return whatif == nullptr ? 0 : whatif->added.size();
}

size_t clearance_whatif_resolved_count(const clearance_whatif* whatif) {
  return whatif == nullptr ? 0 : whatif->resolved.size();
}

int clearance_whatif_added(clearance_finding* out, const clearance_whatif* whatif, size_t index) {
  if (out == nullptr || whatif == nullptr)
    return fail_with(CLEARANCE_EINVALID, "clearance_whatif_added: out or whatif is NULL");
  if (index >= whatif->added.size()) return fail_with(CLEARANCE_EINVALID, "clearance_whatif_added: index out of range");
  *out = whatif->added[index];
  return CLEARANCE_OK;
}

int clearance_whatif_resolved(clearance_finding* out, const clearance_whatif* whatif, size_t index) {
  if (out == nullptr || whatif == nullptr)
    return fail_with(CLEARANCE_EINVALID, "clearance_whatif_resolved: out or whatif is NULL");
  if (index >= whatif->resolved.size())
    return fail_with(CLEARANCE_EINVALID, "clearance_whatif_resolved: index out of range");
  *out = whatif->resolved[index];
  return CLEARANCE_OK;
}

namespace {

// clearance_whatif_added_waiver / _resolved_waiver: finding `index` of `indices` in
// `report`; `name` prefixes the messages.
int whatif_waiver(const std::string& name, clearance_finding_waiver& out, const clearance_whatif& whatif,
                  const clearance::Report& report, const std::vector<std::uint32_t>& indices, size_t index) {
  if (out.version == 0 || out.version > CLEARANCE_FINDING_WAIVER_VERSION)
    return fail_with(CLEARANCE_EINVALID, (name + ": unknown version (start from CLEARANCE_FINDING_WAIVER_INIT)").c_str());
  if (index >= indices.size()) return fail_with(CLEARANCE_EINVALID, (name + ": index out of range").c_str());
  clearance_c::waiver_of(out, report.findings[indices[index]], report.waivers.get(), whatif.waiver_expires.get());
  return CLEARANCE_OK;
}

}  // namespace

int clearance_whatif_added_waiver(clearance_finding_waiver* out, const clearance_whatif* whatif, size_t index) {
  if (out == nullptr || whatif == nullptr)
    return fail_with(CLEARANCE_EINVALID, "clearance_whatif_added_waiver: out or whatif is NULL");
  return whatif_waiver("clearance_whatif_added_waiver", *out, *whatif, whatif->result.with_down, whatif->result.added,
                       index);
}

int clearance_whatif_resolved_waiver(clearance_finding_waiver* out, const clearance_whatif* whatif, size_t index) {
  if (out == nullptr || whatif == nullptr)
    return fail_with(CLEARANCE_EINVALID, "clearance_whatif_resolved_waiver: out or whatif is NULL");
  return whatif_waiver("clearance_whatif_resolved_waiver", *out, *whatif, whatif->result.whole,
                       whatif->result.resolved, index);
}

int clearance_whatif_has_added_findings(const clearance_whatif* whatif) {
  return whatif != nullptr && whatif->result.has_added_findings() ? 1 : 0;
}

int clearance_whatif_json(char** out, const clearance_whatif* whatif) {
  if (out == nullptr) return fail_with(CLEARANCE_EINVALID, "clearance_whatif_json: out is NULL");
  *out = nullptr;
  if (whatif == nullptr) return fail_with(CLEARANCE_EINVALID, "clearance_whatif_json: whatif is NULL");
  return guarded([&]() -> int {
    *out = clearance_c::to_c_string(clearance::to_json(whatif->result, *whatif->model));
    return CLEARANCE_OK;
  });
}

int clearance_whatif_text(char** out, const clearance_whatif* whatif) {
  if (out == nullptr) return fail_with(CLEARANCE_EINVALID, "clearance_whatif_text: out is NULL");
  *out = nullptr;
  if (whatif == nullptr) return fail_with(CLEARANCE_EINVALID, "clearance_whatif_text: whatif is NULL");
  return guarded([&]() -> int {
    *out = clearance_c::to_c_string(clearance::to_text(whatif->result, *whatif->model));
    return CLEARANCE_OK;
  });
}

void clearance_whatif_free(clearance_whatif* whatif) { delete whatif; }

int clearance_resilience_options_init(clearance_resilience_options* options, unsigned int version) {
  if (options == nullptr) return fail_with(CLEARANCE_EINVALID, "clearance_resilience_options_init: options is NULL");
  if (version != CLEARANCE_RESILIENCE_OPTIONS_VERSION)
    return fail_with(CLEARANCE_EINVALID, "clearance_resilience_options_init: unknown options version");
  const clearance_resilience_options defaults = CLEARANCE_RESILIENCE_OPTIONS_INIT;
  *options = defaults;
  return CLEARANCE_OK;
}

int clearance_resilience_compute(clearance_resilience** out, const clearance_model* model,
                                 const clearance_resilience_options* options) {
  if (out == nullptr) return fail_with(CLEARANCE_EINVALID, "clearance_resilience_compute: out is NULL");
  *out = nullptr;
  if (model == nullptr) return fail_with(CLEARANCE_EINVALID, "clearance_resilience_compute: model is NULL");
  clearance::ResilienceOptions resilience_options;
  if (options != nullptr) {
    if (options->version != CLEARANCE_RESILIENCE_OPTIONS_VERSION)
      return fail_with(CLEARANCE_EINVALID, "clearance_resilience_compute: unknown options version");
    if (options->samples == 0)
      return fail_with(CLEARANCE_EINVALID, "clearance_resilience_compute: samples must be at least 1");
    resilience_options.availability = options->availability != 0;
    resilience_options.seed = options->seed;
    resilience_options.samples = options->samples;
  }
  return guarded([&]() -> int {
    auto result = std::make_unique<clearance_resilience>();
    result->model = model->model;
    result->names = model->names;
    result->result = clearance::resilience(*result->model, resilience_options);
    result->critical.reserve(result->result.pairs.size());
    for (const clearance::PairResilience& pair : result->result.pairs) {
      std::vector<std::string> names;
      names.reserve(pair.critical.size());
      for (clearance::Element element : pair.critical) names.push_back(clearance::element_name(*result->model, element));
      result->critical.push_back(std::move(names));
    }
    *out = result.release();
    return CLEARANCE_OK;
  });
}

size_t clearance_resilience_pair_count(const clearance_resilience* resilience) {
  return resilience == nullptr ? 0 : resilience->result.pairs.size();
}

int clearance_resilience_pair(const char** flow, const char** node, size_t* critical_count, double* availability,
                              const clearance_resilience* resilience, size_t index) {
  if (flow == nullptr) return fail_with(CLEARANCE_EINVALID, "clearance_resilience_pair: flow is NULL");
  *flow = nullptr;
  if (resilience == nullptr) return fail_with(CLEARANCE_EINVALID, "clearance_resilience_pair: resilience is NULL");
  if (index >= resilience->result.pairs.size())
    return fail_with(CLEARANCE_EINVALID, "clearance_resilience_pair: index out of range");
  const clearance::PairResilience& pair = resilience->result.pairs[index];
  *flow = resilience->names->flows[pair.flow].c_str();
  if (node != nullptr) *node = resilience->names->nodes[pair.node].c_str();
  if (critical_count != nullptr) *critical_count = pair.critical.size();
  if (availability != nullptr) *availability = resilience->result.has_availability ? pair.availability : -1.0;
  return CLEARANCE_OK;
}

int clearance_resilience_critical(const char** out, const clearance_resilience* resilience, size_t pair,
                                  size_t index) {
  if (out == nullptr) return fail_with(CLEARANCE_EINVALID, "clearance_resilience_critical: out is NULL");
  *out = nullptr;
  if (resilience == nullptr) return fail_with(CLEARANCE_EINVALID, "clearance_resilience_critical: resilience is NULL");
  if (pair >= resilience->critical.size() || index >= resilience->critical[pair].size())
    return fail_with(CLEARANCE_EINVALID, "clearance_resilience_critical: pair or index out of range");
  *out = resilience->critical[pair][index].c_str();
  return CLEARANCE_OK;
}

int clearance_resilience_json(char** out, const clearance_resilience* resilience) {
  if (out == nullptr) return fail_with(CLEARANCE_EINVALID, "clearance_resilience_json: out is NULL");
  *out = nullptr;
  if (resilience == nullptr) return fail_with(CLEARANCE_EINVALID, "clearance_resilience_json: resilience is NULL");
  return guarded([&]() -> int {
    *out = clearance_c::to_c_string(clearance::to_json(resilience->result, *resilience->model));
    return CLEARANCE_OK;
  });
}

int clearance_resilience_text(char** out, const clearance_resilience* resilience) {
  if (out == nullptr) return fail_with(CLEARANCE_EINVALID, "clearance_resilience_text: out is NULL");
  *out = nullptr;
  if (resilience == nullptr) return fail_with(CLEARANCE_EINVALID, "clearance_resilience_text: resilience is NULL");
  return guarded([&]() -> int {
    *out = clearance_c::to_c_string(clearance::to_text(resilience->result, *resilience->model));
    return CLEARANCE_OK;
  });
}

void clearance_resilience_free(clearance_resilience* resilience) { delete resilience; }
