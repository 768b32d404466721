// The C API of the placement solver (clearance_place_*; see clearance.h, spec place-v1).
#include <clearance/clearance.h>

#include "conv.hpp"

#include <clearance/place.hpp>

#include <memory>
#include <string>

// A placement handle: the result, the model it was computed for (for the writers and the
// ids) and the names C borrows.
struct clearance_place_result {
  std::shared_ptr<const clearance::Model> model;
  std::shared_ptr<const clearance_names> names;
  clearance::PlaceResult result;
};

using clearance_c::fail_with;
using clearance_c::guarded;

int clearance_place_options_init(clearance_place_options* options, unsigned int version) {
  if (options == nullptr) return fail_with(CLEARANCE_EINVALID, "clearance_place_options_init: options is NULL");
  if (version != CLEARANCE_PLACE_OPTIONS_VERSION)
    return fail_with(CLEARANCE_EINVALID, "clearance_place_options_init: unknown options version");
  const clearance_place_options defaults = CLEARANCE_PLACE_OPTIONS_INIT;
  *options = defaults;
  return CLEARANCE_OK;
}

int clearance_place(clearance_place_result** out, const clearance_model* model, const clearance_place_options* options) {
  if (out == nullptr) return fail_with(CLEARANCE_EINVALID, "clearance_place: out is NULL");
  *out = nullptr;
  if (model == nullptr) return fail_with(CLEARANCE_EINVALID, "clearance_place: model is NULL");
  clearance::PlaceOptions place_options;
  if (options != nullptr) {
    if (options->version != CLEARANCE_PLACE_OPTIONS_VERSION)
      return fail_with(CLEARANCE_EINVALID, "clearance_place: unknown options version");
    const int mode = clearance_c::raw_value(options->mode);
    if (mode != CLEARANCE_PLACE_FILL && mode != CLEARANCE_PLACE_REPLAN)
      return fail_with(CLEARANCE_EINVALID, "clearance_place: unknown mode");
    if (!(options->time_limit_s >= 0)) return fail_with(CLEARANCE_EINVALID, "clearance_place: negative time limit");
    place_options.mode = mode == CLEARANCE_PLACE_FILL ? clearance::PlaceMode::fill : clearance::PlaceMode::replan;
    place_options.jobs = options->jobs;
    place_options.time_limit_s = options->time_limit_s;
  }
  return guarded([&]() -> int {
    auto result = std::make_unique<clearance_place_result>();
    result->model = model->model;
    result->names = model->names;
    result->result = clearance::place(*result->model, place_options);
    *out = result.release();
    return CLEARANCE_OK;
  });
}

int clearance_place_summary_get(clearance_place_summary* out, const clearance_place_result* result) {
  if (out == nullptr || result == nullptr)
    return fail_with(CLEARANCE_EINVALID, "clearance_place_summary_get: out or result is NULL");
  const clearance::PlaceResult& r = result->result;
  out->placed = r.placed;
  out->unplaced = r.unplaced.size();
  out->kept = r.kept;
  out->moved = r.moved;
  out->cost = r.cost;
  out->has_lower_bound = r.lower_bound ? 1 : 0;
  out->lower_bound = r.lower_bound ? *r.lower_bound : 0;
  out->optimal = r.optimal ? 1 : 0;
  return CLEARANCE_OK;
}

namespace {

// The index of workload `id`, or a CLEARANCE_ENOTFOUND error.
int find_workload(clearance::WorkloadIndex& out, const clearance_place_result& result, const char* id, const char* who) {
  const auto found = result.model->workload_ids().find(id);
  if (!found) return fail_with(CLEARANCE_ENOTFOUND, (std::string(who) + ": no such workload").c_str());
  out = *found;
  return CLEARANCE_OK;
}

}  // namespace

int clearance_place_node_count(size_t* out, const clearance_place_result* result, const char* workload) {
  if (out == nullptr || result == nullptr || workload == nullptr)
    return fail_with(CLEARANCE_EINVALID, "clearance_place_node_count: NULL argument");
  clearance::WorkloadIndex w = 0;
  if (int code = find_workload(w, *result, workload, "clearance_place_node_count")) return code;
  *out = result->result.placement.nodes_of(w).size();
  return CLEARANCE_OK;
}

int clearance_place_node(const char** out, const clearance_place_result* result, const char* workload, size_t index) {
  if (out == nullptr || result == nullptr || workload == nullptr)
    return fail_with(CLEARANCE_EINVALID, "clearance_place_node: NULL argument");
  clearance::WorkloadIndex w = 0;
  if (int code = find_workload(w, *result, workload, "clearance_place_node")) return code;
  const auto nodes = result->result.placement.nodes_of(w);
  if (index >= nodes.size()) return fail_with(CLEARANCE_EINVALID, "clearance_place_node: index out of range");
  *out = result->names->nodes[nodes[index]].c_str();
  return CLEARANCE_OK;
}

int clearance_place_unplaced(const char** workload, const char** message, const clearance_place_result* result,
                             size_t index) {
  if (workload == nullptr || message == nullptr || result == nullptr)
    return fail_with(CLEARANCE_EINVALID, "clearance_place_unplaced: NULL argument");
  if (index >= result->result.unplaced.size())
    return fail_with(CLEARANCE_EINVALID, "clearance_place_unplaced: index out of range");
  const clearance::UnplacedWorkload& unplaced = result->result.unplaced[index];
  *workload = result->names->workloads[unplaced.workload].c_str();
  *message = unplaced.message.c_str();
  return CLEARANCE_OK;
}

namespace {

template <typename Writer>
int write(char** out, const clearance_place_result* result, const char* who, Writer writer) {
  if (out == nullptr) return fail_with(CLEARANCE_EINVALID, (std::string(who) + ": out is NULL").c_str());
  *out = nullptr;
  if (result == nullptr) return fail_with(CLEARANCE_EINVALID, (std::string(who) + ": result is NULL").c_str());
  return guarded([&]() -> int {
    *out = clearance_c::to_c_string(writer(result->result, *result->model));
    return CLEARANCE_OK;
  });
}

}  // namespace

int clearance_place_json(char** out, const clearance_place_result* result) {
  return write(out, result, "clearance_place_json",
               [](const clearance::PlaceResult& r, const clearance::Model& m) { return clearance::to_json(r, m); });
}

int clearance_place_text(char** out, const clearance_place_result* result) {
  return write(out, result, "clearance_place_text",
               [](const clearance::PlaceResult& r, const clearance::Model& m) { return clearance::to_text(r, m); });
}

int clearance_place_placement_json(char** out, const clearance_place_result* result) {
  return write(out, result, "clearance_place_placement_json", [](const clearance::PlaceResult& r, const clearance::Model& m) {
    return clearance::placement_json(r, m);
  });
}

void clearance_place_free(clearance_place_result* result) { delete result; }
