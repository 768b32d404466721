// The C API's entry points. Each one checks its arguments, then runs its body inside
// guarded(), the exception barrier: no C++ exception reaches a C caller, and every
// failure leaves a message for clearance_error_last() on the calling thread only.
#include <clearance/clearance.h>

#include "conv.hpp"

#include <clearance/builder.hpp>
#include <clearance/check.hpp>
#include <clearance/config.hpp>
#include <clearance/load.hpp>
#include <clearance/marking.hpp>
#include <clearance/report.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <memory>
#include <new>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

namespace {

// This thread's last failure. `last_text` points into `last_message`, or at a literal
// when even recording the message ran out of memory.
thread_local std::string last_message;
thread_local const char* last_text = "";

void record(const char* text) noexcept {
  try {
    last_message = text;
    last_text = last_message.c_str();
  } catch (...) {
    last_text = "out of memory (while recording an error message)";
  }
}

int fail(int code, const char* message) noexcept {
  record(message);
  return code;
}

// Records the message of the exception being handled and returns its code.
int fail_with_current_exception() noexcept {
  try {
    throw;
  } catch (const std::bad_alloc&) {
    return fail(CLEARANCE_ENOMEM, "out of memory");
  } catch (const clearance::marking_error& e) {
    try {
      std::string message = "invalid marking at offset " + std::to_string(e.offset()) + ": " + e.what();
      return fail(CLEARANCE_EINPUT, message.c_str());
    } catch (...) {
      return fail(CLEARANCE_EINPUT, e.what());
    }
  } catch (const clearance::error& e) {
    const int code = clearance_c::code_of(e.kind());
    try {
      // Input errors already name their pointers; other errors may carry one apart.
      std::string message = e.what();
      if (!e.pointer().empty() && message.find(e.pointer()) == std::string::npos)
        message += " (at " + e.pointer() + ")";
      return fail(code, message.c_str());
    } catch (...) {
      return fail(code, e.what());
    }
  } catch (const std::exception& e) {
    try {
      return fail(CLEARANCE_EINTERNAL, (std::string("internal error: ") + e.what()).c_str());
    } catch (...) {
      return fail(CLEARANCE_EINTERNAL, e.what());
    }
  } catch (...) {
    return fail(CLEARANCE_EINTERNAL, "internal error: an unknown exception");
  }
}

}  // namespace

using clearance_c::guarded;  // the barrier (conv.hpp) every entry point runs its body in

// The barrier's two ends for the entry points in other files (conv.hpp).
int clearance_c::fail_with(int code, const char* message) noexcept { return fail(code, message); }
int clearance_c::fail_with_current() noexcept { return fail_with_current_exception(); }

namespace {

[[noreturn]] void throw_not_found(std::string message) {
  throw clearance::error(clearance::ErrorKind::not_found, message);
}

// The index of `workload` in `model`, or a not_found error with a "did you mean".
clearance::WorkloadIndex find_workload(const clearance::Model& model, const char* workload) {
  if (auto index = model.workload_ids().find(workload)) return *index;
  std::string message = "unknown workload \"" + std::string(workload) + "\"";
  if (auto hint = clearance::nearest_name(workload, model.workload_ids())) message += "; did you mean \"" + *hint + "\"?";
  throw_not_found(std::move(message));
}

// What a model without a name is called, as when loaded from JSON text.
constexpr const char* default_model_name = "model";

clearance_model* make_handle(clearance::Model model) {
  auto handle = std::make_unique<clearance_model>();
  handle->model = std::make_shared<clearance::Model>(std::move(model));
  handle->names = clearance_c::make_names(*handle->model);
  return handle.release();
}

}  // namespace

extern "C" {

const char* clearance_error_last(void) { return last_text; }

const char* clearance_version(void) { return CLEARANCE_VERSION_STRING; }

void clearance_free(void* memory) { std::free(memory); }

int clearance_model_load_file(clearance_model** out, const char* path) {
  if (out == nullptr) return fail(CLEARANCE_EINVALID, "clearance_model_load_file: out is NULL");
  *out = nullptr;
  if (path == nullptr) return fail(CLEARANCE_EINVALID, "clearance_model_load_file: path is NULL");
  return guarded([&]() -> int {
    *out = make_handle(clearance::load_model(path));
    return CLEARANCE_OK;
  });
}

int clearance_model_load_json(clearance_model** out, const char* json, size_t length) {
  if (out == nullptr) return fail(CLEARANCE_EINVALID, "clearance_model_load_json: out is NULL");
  *out = nullptr;
  if (json == nullptr) return fail(CLEARANCE_EINVALID, "clearance_model_load_json: json is NULL");
  return guarded([&]() -> int {
    *out = make_handle(clearance::load_model_json(std::string_view(json, length)));
    return CLEARANCE_OK;
  });
}

void clearance_model_free(clearance_model* model) { delete model; }

const char* clearance_model_name(const clearance_model* model) {
  return model == nullptr ? nullptr : model->names->model_name.c_str();
}

size_t clearance_model_count(const clearance_model* model, clearance_entity kind) {
  const int k = clearance_c::raw_value(kind);
  if (model == nullptr || !clearance_c::is_entity(k)) return 0;
  return model->names->of(k)->size();
}

int clearance_model_id(const char** out, const clearance_model* model, clearance_entity kind, size_t index) {
  if (out == nullptr) return fail(CLEARANCE_EINVALID, "clearance_model_id: out is NULL");
  *out = nullptr;
  if (model == nullptr) return fail(CLEARANCE_EINVALID, "clearance_model_id: model is NULL");
  const int k = clearance_c::raw_value(kind);
  if (!clearance_c::is_entity(k)) return fail(CLEARANCE_EINVALID, "clearance_model_id: unknown entity kind");
  const std::vector<std::string>& ids = *model->names->of(k);
  if (index >= ids.size()) return fail(CLEARANCE_EINVALID, "clearance_model_id: index out of range");
  *out = ids[index].c_str();
  return CLEARANCE_OK;
}

int clearance_model_find(size_t* out, const clearance_model* model, clearance_entity kind, const char* id) {
  if (out == nullptr) return fail(CLEARANCE_EINVALID, "clearance_model_find: out is NULL");
  if (model == nullptr || id == nullptr) return fail(CLEARANCE_EINVALID, "clearance_model_find: model or id is NULL");
  const int k = clearance_c::raw_value(kind);
  if (!clearance_c::is_entity(k)) return fail(CLEARANCE_EINVALID, "clearance_model_find: unknown entity kind");
  return guarded([&]() -> int {
    const clearance::IdTable& ids = clearance_c::ids_of(*model->model, k);
    if (auto index = ids.find(id)) {
      *out = *index;
      return CLEARANCE_OK;
    }
    std::string message = "no entity of that kind has id \"" + std::string(id) + "\"";
    if (auto hint = clearance::nearest_name(id, ids)) message += "; did you mean \"" + *hint + "\"?";
    throw_not_found(std::move(message));
  });
}

int clearance_model_placement_count(size_t* out, const clearance_model* model, const char* workload) {
  if (out == nullptr) return fail(CLEARANCE_EINVALID, "clearance_model_placement_count: out is NULL");
  if (model == nullptr || workload == nullptr)
    return fail(CLEARANCE_EINVALID, "clearance_model_placement_count: model or workload is NULL");
  return guarded([&]() -> int {
    *out = model->model->placement().nodes_of(find_workload(*model->model, workload)).size();
    return CLEARANCE_OK;
  });
}

int clearance_model_placement_node(const char** out, const clearance_model* model, const char* workload,
                                   size_t index) {
  if (out == nullptr) return fail(CLEARANCE_EINVALID, "clearance_model_placement_node: out is NULL");
  *out = nullptr;
  if (model == nullptr || workload == nullptr)
    return fail(CLEARANCE_EINVALID, "clearance_model_placement_node: model or workload is NULL");
  return guarded([&]() -> int {
    auto nodes = model->model->placement().nodes_of(find_workload(*model->model, workload));
    if (index >= nodes.size()) return fail(CLEARANCE_EINVALID, "clearance_model_placement_node: index out of range");
    *out = model->names->nodes[nodes[index]].c_str();
    return CLEARANCE_OK;
  });
}

int clearance_model_set_placement(clearance_model* model, const char* workload, const char* const* nodes,
                                  size_t count) {
  if (model == nullptr || workload == nullptr)
    return fail(CLEARANCE_EINVALID, "clearance_model_set_placement: model or workload is NULL");
  if (nodes == nullptr && count > 0)
    return fail(CLEARANCE_EINVALID, "clearance_model_set_placement: nodes is NULL but count is not 0");
  for (size_t i = 0; i < count; ++i)
    if (nodes[i] == nullptr) return fail(CLEARANCE_EINVALID, "clearance_model_set_placement: an element of nodes is NULL");
  return guarded([&]() -> int {
    std::vector<std::string_view> names(nodes, nodes + count);
    std::shared_ptr<clearance::Model>& current = model->model;
    bool unknown = !current->workload_ids().find(workload);
    for (std::string_view node : names) unknown = unknown || !current->node_ids().find(node);
    try {
      if (current.use_count() > 1) {
        // A report still reads this Model: change a copy (copy on write).
        auto copy = std::make_shared<clearance::Model>(*current);
        copy->set_placement(workload, names);
        current = std::move(copy);
      } else {
        current->set_placement(workload, names);
      }
    } catch (const clearance::input_error& e) {
      // The C++ API calls an unknown id an input error; a host wants to tell it apart.
      if (unknown) throw clearance::error(clearance::ErrorKind::not_found, e.what(), e.pointer());
      throw;
    }
    return CLEARANCE_OK;
  });
}

int clearance_builder_new(clearance_builder** out) {
  if (out == nullptr) return fail(CLEARANCE_EINVALID, "clearance_builder_new: out is NULL");
  *out = nullptr;
  return guarded([&]() -> int {
    auto builder = std::make_unique<clearance_builder>();
    builder->builder.name(default_model_name);
    *out = builder.release();
    return CLEARANCE_OK;
  });
}

void clearance_builder_free(clearance_builder* builder) { delete builder; }

int clearance_builder_set_name(clearance_builder* builder, const char* name) {
  if (builder == nullptr || name == nullptr)
    return fail(CLEARANCE_EINVALID, "clearance_builder_set_name: builder or name is NULL");
  return guarded([&]() -> int {
    builder->builder.name(name);
    return CLEARANCE_OK;
  });
}

int clearance_builder_add_node(clearance_builder* builder, const clearance_node_spec* spec) {
  if (builder == nullptr || spec == nullptr)
    return fail(CLEARANCE_EINVALID, "clearance_builder_add_node: builder or spec is NULL");
  return guarded([&]() -> int {
    builder->builder.add_node(clearance_c::to_cpp(*spec, builder->nodes));
    ++builder->nodes;
    return CLEARANCE_OK;
  });
}

int clearance_builder_add_link(clearance_builder* builder, const clearance_link_spec* spec) {
  if (builder == nullptr || spec == nullptr)
    return fail(CLEARANCE_EINVALID, "clearance_builder_add_link: builder or spec is NULL");
  return guarded([&]() -> int {
    builder->builder.add_link(clearance_c::to_cpp(*spec, builder->links));
    ++builder->links;
    return CLEARANCE_OK;
  });
}

int clearance_builder_add_data(clearance_builder* builder, const clearance_data_spec* spec) {
  if (builder == nullptr || spec == nullptr)
    return fail(CLEARANCE_EINVALID, "clearance_builder_add_data: builder or spec is NULL");
  return guarded([&]() -> int {
    builder->builder.add_data(clearance_c::to_cpp(*spec));
    ++builder->data;
    return CLEARANCE_OK;
  });
}

int clearance_builder_add_workload(clearance_builder* builder, const clearance_workload_spec* spec) {
  if (builder == nullptr || spec == nullptr)
    return fail(CLEARANCE_EINVALID, "clearance_builder_add_workload: builder or spec is NULL");
  return guarded([&]() -> int {
    builder->builder.add_workload(clearance_c::to_cpp(*spec));
    ++builder->workloads;
    return CLEARANCE_OK;
  });
}

int clearance_builder_add_flow(clearance_builder* builder, const clearance_flow_spec* spec) {
  if (builder == nullptr || spec == nullptr)
    return fail(CLEARANCE_EINVALID, "clearance_builder_add_flow: builder or spec is NULL");
  return guarded([&]() -> int {
    builder->builder.add_flow(clearance_c::to_cpp(*spec));
    ++builder->flows;
    return CLEARANCE_OK;
  });
}

int clearance_builder_place(clearance_builder* builder, const char* workload, const char* const* nodes,
                            size_t count) {
  if (builder == nullptr || workload == nullptr)
    return fail(CLEARANCE_EINVALID, "clearance_builder_place: builder or workload is NULL");
  return guarded([&]() -> int {
    builder->builder.place(workload, clearance_c::strings_of(nodes, count, "nodes"));
    return CLEARANCE_OK;
  });
}

int clearance_builder_build(clearance_model** out, clearance_builder* builder) {
  if (out == nullptr) return fail(CLEARANCE_EINVALID, "clearance_builder_build: out is NULL");
  *out = nullptr;
  if (builder == nullptr) return fail(CLEARANCE_EINVALID, "clearance_builder_build: builder is NULL");
  return guarded([&]() -> int {
    // ModelBuilder::build() empties the builder either way; so do the counts, and the
    // name goes back to the default (a short string: assigning it cannot throw).
    builder->nodes = builder->links = builder->data = builder->workloads = builder->flows = 0;
    struct DefaultName {
      clearance::ModelBuilder& builder;
      ~DefaultName() { builder.name(default_model_name); }
    } default_name{builder->builder};
    *out = make_handle(builder->builder.build());
    return CLEARANCE_OK;
  });
}

int clearance_marking_canonical(char** out, const char* marking) {
  if (out == nullptr) return fail(CLEARANCE_EINVALID, "clearance_marking_canonical: out is NULL");
  *out = nullptr;
  if (marking == nullptr) return fail(CLEARANCE_EINVALID, "clearance_marking_canonical: marking is NULL");
  return guarded([&]() -> int {
    *out = clearance_c::to_c_string(clearance::canonical_marking(marking));
    return CLEARANCE_OK;
  });
}

int clearance_marking_releasable(char** out, const char* marking, const char* owner) {
  if (out == nullptr) return fail(CLEARANCE_EINVALID, "clearance_marking_releasable: out is NULL");
  *out = nullptr;
  if (marking == nullptr) return fail(CLEARANCE_EINVALID, "clearance_marking_releasable: marking is NULL");
  return guarded([&]() -> int {
    std::optional<clearance::CountryId> given;
    if (owner != nullptr) {
      given = clearance::find_country(owner);
      if (!given)
        return fail(CLEARANCE_EINVALID, "clearance_marking_releasable: owner is not an ISO 3166-1 alpha-3 code");
    }
    clearance::Scheme scheme = clearance::Scheme::us_default();
    const clearance::Marking parsed = clearance::parse_marking(marking, scheme);
    if (given) {
      if (auto conflict = clearance::owner_conflict(parsed, *given, marking))
        throw clearance::error(clearance::ErrorKind::input, *conflict);
    }
    const clearance::CountryId data_owner = clearance::data_owner(parsed, given, scheme);
    const clearance::CountrySet set = clearance::releasable_set(parsed, data_owner, scheme);
    std::string text;
    if (set.contains(data_owner)) text = clearance::country_code(data_owner);
    set.for_each([&](std::size_t id) {
      if (id == data_owner) return;
      if (!text.empty()) text += ", ";
      text += clearance::country_code(static_cast<clearance::CountryId>(id));
    });
    *out = clearance_c::to_c_string(text);
    return CLEARANCE_OK;
  });
}

int clearance_check_options_init(clearance_check_options* options, unsigned int version) {
  if (options == nullptr) return fail(CLEARANCE_EINVALID, "clearance_check_options_init: options is NULL");
  if (version == 0 || version > CLEARANCE_CHECK_OPTIONS_VERSION)
    return fail(CLEARANCE_EINVALID, "clearance_check_options_init: unknown options version");
  clearance_check_options defaults = CLEARANCE_CHECK_OPTIONS_INIT;
  defaults.version = version;
  // A caller of an older version has a shorter struct: write its fields only (version 1
  // ends with `jobs`, version 2 with `warn_expiring_days`; the padding after them is not
  // the caller's to have written).
  const std::size_t size =
      version == 1   ? offsetof(clearance_check_options, jobs) + sizeof defaults.jobs
      : version == 2 ? offsetof(clearance_check_options, warn_expiring_days) + sizeof defaults.warn_expiring_days
                     : sizeof defaults;
  std::memcpy(options, &defaults, size);
  return CLEARANCE_OK;
}

int clearance_check(clearance_report** out, const clearance_model* model) {
  return clearance_check_with_options(out, model, nullptr);
}

int clearance_check_with_options(clearance_report** out, const clearance_model* model,
                                 const clearance_check_options* options) {
  if (out == nullptr) return fail(CLEARANCE_EINVALID, "clearance_check: out is NULL");
  *out = nullptr;
  if (model == nullptr) return fail(CLEARANCE_EINVALID, "clearance_check: model is NULL");
  clearance::CheckOptions check_options;
  if (options != nullptr && !clearance_c::to_cpp(*options, check_options))
    return fail(CLEARANCE_EINVALID, "clearance_check_with_options: unknown options version or severity");
  return guarded([&]() -> int {
    const clearance_waivers* waivers =
        options != nullptr ? clearance_c::to_cpp_waivers(*options, check_options.waiver_options) : nullptr;
    if (waivers != nullptr && waivers->names != model->names)
      return fail(CLEARANCE_EINVALID, "clearance_check_with_options: the waivers were loaded for another model");
    if (waivers != nullptr) check_options.waivers = waivers->waivers;
    auto report = std::make_unique<clearance_report>();
    report->model = model->model;
    report->names = model->names;
    report->report = clearance::check(*report->model, check_options);
    if (waivers != nullptr) report->waiver_expires = waivers->expires;
    const auto& findings = report->report.findings;
    report->findings.reserve(findings.size());
    for (const clearance::Finding& finding : findings)
      report->findings.push_back(clearance_c::to_c(finding, *report->names));
    *out = report.release();
    return CLEARANCE_OK;
  });
}

size_t clearance_report_count(const clearance_report* report) {
  return report == nullptr ? 0 : report->findings.size();
}

int clearance_report_get(clearance_finding* out, const clearance_report* report, size_t index) {
  if (out == nullptr || report == nullptr) return fail(CLEARANCE_EINVALID, "clearance_report_get: out or report is NULL");
  if (index >= report->findings.size()) return fail(CLEARANCE_EINVALID, "clearance_report_get: index out of range");
  *out = report->findings[index];
  return CLEARANCE_OK;
}

size_t clearance_report_count_severity(const clearance_report* report, clearance_severity severity) {
  clearance::Severity wanted;
  if (report == nullptr || !clearance_c::to_cpp_severity(clearance_c::raw_value(severity), wanted)) return 0;
  const auto& findings = report->report.findings;
  return static_cast<size_t>(std::count_if(findings.begin(), findings.end(),
                                           [&](const clearance::Finding& f) { return f.severity == wanted; }));
}

int clearance_report_json(char** out, const clearance_report* report) {
  if (out == nullptr) return fail(CLEARANCE_EINVALID, "clearance_report_json: out is NULL");
  *out = nullptr;
  if (report == nullptr) return fail(CLEARANCE_EINVALID, "clearance_report_json: report is NULL");
  return guarded([&]() -> int {
    *out = clearance_c::to_c_string(clearance::to_json(report->report, *report->model));
    return CLEARANCE_OK;
  });
}

int clearance_report_text(char** out, const clearance_report* report, int colour) {
  if (out == nullptr) return fail(CLEARANCE_EINVALID, "clearance_report_text: out is NULL");
  *out = nullptr;
  if (report == nullptr) return fail(CLEARANCE_EINVALID, "clearance_report_text: report is NULL");
  return guarded([&]() -> int {
    *out = clearance_c::to_c_string(clearance::to_text(report->report, *report->model, colour != 0));
    return CLEARANCE_OK;
  });
}

void clearance_report_free(clearance_report* report) { delete report; }

int clearance_waivers_load_file(clearance_waivers** out, const clearance_model* model, const char* path) {
  if (out == nullptr) return fail(CLEARANCE_EINVALID, "clearance_waivers_load_file: out is NULL");
  *out = nullptr;
  if (model == nullptr || path == nullptr)
    return fail(CLEARANCE_EINVALID, "clearance_waivers_load_file: model or path is NULL");
  return guarded([&]() -> int {
    *out = clearance_c::make_waivers(clearance::load_waivers(path, *model->model), model->names);
    return CLEARANCE_OK;
  });
}

int clearance_waivers_load_json(clearance_waivers** out, const clearance_model* model, const char* json,
                                size_t length) {
  if (out == nullptr) return fail(CLEARANCE_EINVALID, "clearance_waivers_load_json: out is NULL");
  *out = nullptr;
  if (model == nullptr || (json == nullptr && length > 0))
    return fail(CLEARANCE_EINVALID, "clearance_waivers_load_json: model or json is NULL");
  return guarded([&]() -> int {
    const std::string_view text(json == nullptr ? "" : json, length);
    *out = clearance_c::make_waivers(clearance::load_waivers_json(text, *model->model), model->names);
    return CLEARANCE_OK;
  });
}

void clearance_waivers_free(clearance_waivers* waivers) { delete waivers; }

size_t clearance_waivers_count(const clearance_waivers* waivers) {
  return waivers == nullptr ? 0 : waivers->waivers->size();
}

int clearance_report_waiver(clearance_finding_waiver* out, const clearance_report* report, size_t index) {
  if (out == nullptr || report == nullptr)
    return fail(CLEARANCE_EINVALID, "clearance_report_waiver: out or report is NULL");
  if (out->version == 0 || out->version > CLEARANCE_FINDING_WAIVER_VERSION)
    return fail(CLEARANCE_EINVALID, "clearance_report_waiver: unknown version (start from CLEARANCE_FINDING_WAIVER_INIT)");
  if (index >= report->findings.size()) return fail(CLEARANCE_EINVALID, "clearance_report_waiver: index out of range");
  clearance_c::waiver_of(*out, report->report.findings[index], report->report.waivers.get(),
                         report->waiver_expires.get());
  return CLEARANCE_OK;
}

size_t clearance_report_count_waived(const clearance_report* report) {
  if (report == nullptr) return 0;
  const auto& findings = report->report.findings;
  return static_cast<size_t>(
      std::count_if(findings.begin(), findings.end(), [](const clearance::Finding& f) { return f.is_waived(); }));
}

size_t clearance_report_unused_waiver_count(const clearance_report* report) {
  return report == nullptr ? 0 : report->report.unused_waivers.size();
}

int clearance_report_unused_waiver(const char** out, const clearance_report* report, size_t index) {
  if (out == nullptr || report == nullptr)
    return fail(CLEARANCE_EINVALID, "clearance_report_unused_waiver: out or report is NULL");
  if (index >= report->report.unused_waivers.size())
    return fail(CLEARANCE_EINVALID, "clearance_report_unused_waiver: index out of range");
  *out = (*report->report.waivers)[report->report.unused_waivers[index]].id.c_str();
  return CLEARANCE_OK;
}

}  // extern "C"
