// The one place where C types meet C++ types (the manifold convention): the handles
// behind the opaque C structs, enum and option conversions, the NUL-terminated strings C
// callers borrow, and the mapping from exceptions to CLEARANCE_E... codes.
#pragma once

#include <clearance/clearance.h>

#include <clearance/builder.hpp>
#include <clearance/check.hpp>
#include <clearance/error.hpp>
#include <clearance/model.hpp>
#include <clearance/rules.hpp>
#include <clearance/waivers.hpp>

#include <cstddef>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

// A model handle. The Model is shared with the reports made from it, which need its ids
// to write JSON and text; set_placement copies it first when a report still holds it
// (copy on write), so a report never sees a later placement.
struct clearance_model {
  std::shared_ptr<clearance::Model> model;
  // The ids as NUL-terminated strings (IdTable's views are not terminated). They never
  // change, so every copy of the model and every report shares them.
  std::shared_ptr<const struct clearance_names> names;
};

struct clearance_names {
  std::string model_name;
  std::vector<std::string> nodes, links, data, workloads, flows, resources;

  const std::vector<std::string>* of(int kind) const;  // nullptr for an unknown kind
};

// A waivers handle: the waivers, their expiry dates as text (C borrows them), and the names
// of the model they were loaded for, which tell a check of another model apart.
struct clearance_waivers {
  std::shared_ptr<const clearance::Waivers> waivers;
  std::shared_ptr<const std::vector<std::string>> expires;
  std::shared_ptr<const clearance_names> names;
};

// A report handle: the C++ report, the model it was made from (for to_json/to_text), and
// its findings converted once, pointing into `report`, `names` and static rule tables.
// With waivers, report.waivers holds them and `waiver_expires` their dates as text.
struct clearance_report {
  std::shared_ptr<const clearance::Model> model;
  std::shared_ptr<const clearance_names> names;
  clearance::Report report;
  std::vector<clearance_finding> findings;
  std::shared_ptr<const std::vector<std::string>> waiver_expires;
};

// A builder handle; the counts give the indices of the JSON pointers of early errors.
struct clearance_builder {
  clearance::ModelBuilder builder;
  std::size_t nodes = 0, links = 0, data = 0, workloads = 0, flows = 0;
};

namespace clearance_c {

// Every id of `model`, NUL-terminated.
std::shared_ptr<const clearance_names> make_names(const clearance::Model& model);

// The C view of a finding; its strings point into `finding`, `names` and static storage.
clearance_finding to_c(const clearance::Finding& finding, const clearance_names& names);

// The integer a C caller passed as an enum. A C enum may hold any int, and loading one
// outside the enumerators' range is undefined in C++, so the bytes are read as an int.
template <typename Enum>
int raw_value(const Enum& value) {
  static_assert(sizeof(Enum) == sizeof(int), "C enums are ints");
  int result;
  std::memcpy(&result, &value, sizeof result);
  return result;
}

// False when `severity` (a raw_value) is not a clearance_severity enumerator.
bool to_cpp_severity(int severity, clearance::Severity& out);
bool is_entity(int kind);

// The IdTable of an entity kind (is_entity(kind) must hold).
const clearance::IdTable& ids_of(const clearance::Model& model, int kind);

// The C options as C++ options (but the waivers: to_cpp_waivers); false for an unknown version or severity.
bool to_cpp(const clearance_check_options& options, clearance::CheckOptions& out);
// The waiver fields of the C options (version 2 on; none before). Throws error (usage) for
// a `today` that is not a date.
const clearance_waivers* to_cpp_waivers(const clearance_check_options& options, clearance::WaiverOptions& out);
// The waiver standing of `finding` of a report checked with `waivers` (null: none), whose
// expiry dates as text are `expires`; out->version must be checked by the caller.
void waiver_of(clearance_finding_waiver& out, const clearance::Finding& finding, const clearance::Waivers* waivers,
               const std::vector<std::string>* expires);
// The waivers handle of loaded waivers.
clearance_waivers* make_waivers(clearance::Waivers waivers, std::shared_ptr<const clearance_names> names);

// The C specs as C++ specs; `index` is the entity's position among its kind, for the JSON
// pointers of errors. Throw error (usage) for a NULL array or element or an unknown
// version, input_error for an unknown enumerator spelling.
clearance::NodeSpec to_cpp(const clearance_node_spec& spec, std::size_t index);
clearance::LinkSpec to_cpp(const clearance_link_spec& spec, std::size_t index);
clearance::DataSpec to_cpp(const clearance_data_spec& spec);
clearance::WorkloadSpec to_cpp(const clearance_workload_spec& spec);
clearance::FlowSpec to_cpp(const clearance_flow_spec& spec);
// `count` strings; throws error (usage) naming `what` for NULL with count > 0 or a NULL element.
std::vector<std::string> strings_of(const char* const* items, std::size_t count, const char* what);

// The return code of an error kind.
int code_of(clearance::ErrorKind kind);

// The exception barrier for entry points outside clearance_c.cpp: fail_with records
// `message` as this thread's last error and returns `code`; guarded runs `body` and maps
// any exception it throws to a code.
int fail_with(int code, const char* message) noexcept;
int fail_with_current() noexcept;
template <typename Body>
int guarded(Body&& body) noexcept {
  try {
    return body();
  } catch (...) {
    return fail_with_current();
  }
}

// A copy of `text` in memory from malloc, for clearance_free(); throws std::bad_alloc.
char* to_c_string(const std::string& text);

}  // namespace clearance_c
