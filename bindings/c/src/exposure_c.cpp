// The C API of exposure on capture (clearance_exposure_*; see clearance.h).
#include <clearance/clearance.h>

#include "conv.hpp"

#include <clearance/exposure.hpp>

#include <memory>
#include <string>
#include <vector>

// An exposure handle: the result, the model it was computed on (for ids and writers), and
// each capture's level and node id as NUL-terminated strings for C to borrow.
struct clearance_exposure {
  std::shared_ptr<const clearance::Model> model;
  std::shared_ptr<const clearance_names> names;
  clearance::ExposureReport report;
  std::vector<std::string> levels;
};

using clearance_c::fail_with;
using clearance_c::guarded;

int clearance_exposure_compute(clearance_exposure** out, const clearance_model* model, const char* capture) {
  if (out == nullptr) return fail_with(CLEARANCE_EINVALID, "clearance_exposure_compute: out is NULL");
  *out = nullptr;
  if (model == nullptr) return fail_with(CLEARANCE_EINVALID, "clearance_exposure_compute: model is NULL");
  return guarded([&]() -> int {
    auto result = std::make_unique<clearance_exposure>();
    result->model = model->model;
    result->names = model->names;
    result->report = capture == nullptr ? clearance::exposure(*model->model) : clearance::exposure(*model->model, capture);
    for (const clearance::Capture& c : result->report.captures)
      result->levels.push_back(c.summary.level ? model->model->scheme().level_name(*c.summary.level) : std::string());
    *out = result.release();
    return CLEARANCE_OK;
  });
}

size_t clearance_exposure_capture_count(const clearance_exposure* exposure) {
  return exposure == nullptr ? 0 : exposure->report.captures.size();
}

int clearance_exposure_capture(const char** node, size_t* exposed_at_rest, size_t* in_transit, const char** level,
                               const clearance_exposure* exposure, size_t index) {
  if (node == nullptr) return fail_with(CLEARANCE_EINVALID, "clearance_exposure_capture: node is NULL");
  *node = nullptr;
  if (exposure == nullptr) return fail_with(CLEARANCE_EINVALID, "clearance_exposure_capture: exposure is NULL");
  if (index >= exposure->report.captures.size())
    return fail_with(CLEARANCE_EINVALID, "clearance_exposure_capture: index out of range");
  const clearance::Capture& capture = exposure->report.captures[index];
  *node = exposure->names->nodes[capture.node].c_str();
  if (exposed_at_rest != nullptr) {
    *exposed_at_rest = 0;
    for (const clearance::AtRestExposure& at_rest : capture.at_rest) *exposed_at_rest += at_rest.exposed ? 1 : 0;
  }
  if (in_transit != nullptr) *in_transit = capture.in_transit_count;
  if (level != nullptr) *level = capture.summary.level ? exposure->levels[index].c_str() : nullptr;
  return CLEARANCE_OK;
}

int clearance_exposure_json(char** out, const clearance_exposure* exposure, int rank) {
  if (out == nullptr) return fail_with(CLEARANCE_EINVALID, "clearance_exposure_json: out is NULL");
  *out = nullptr;
  if (exposure == nullptr) return fail_with(CLEARANCE_EINVALID, "clearance_exposure_json: exposure is NULL");
  return guarded([&]() -> int {
    *out = clearance_c::to_c_string(rank != 0 ? clearance::ranking_to_json(exposure->report, *exposure->model)
                                              : clearance::to_json(exposure->report, *exposure->model));
    return CLEARANCE_OK;
  });
}

int clearance_exposure_text(char** out, const clearance_exposure* exposure, int rank) {
  if (out == nullptr) return fail_with(CLEARANCE_EINVALID, "clearance_exposure_text: out is NULL");
  *out = nullptr;
  if (exposure == nullptr) return fail_with(CLEARANCE_EINVALID, "clearance_exposure_text: exposure is NULL");
  return guarded([&]() -> int {
    *out = clearance_c::to_c_string(rank != 0 ? clearance::ranking_to_text(exposure->report, *exposure->model)
                                              : clearance::to_text(exposure->report, *exposure->model));
    return CLEARANCE_OK;
  });
}

void clearance_exposure_free(clearance_exposure* exposure) { delete exposure; }
