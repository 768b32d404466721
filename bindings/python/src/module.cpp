// The `_clearance` extension module: pybind11 bindings over the C++ library, re-exported
// by the pure-Python package `clearance`. This file only translates: Python names and
// types in, library calls, Python objects and exceptions out. Policy lives in the library.
//
// Lifetimes: a Python Model owns a SharedModel through a shared_ptr, and every view,
// item and report made from it holds that shared_ptr, so none can outlive its model.
// Threads: check() and the loaders run without the GIL. A model's ids and entities never
// change after load; its placement does (set_placement), so placement reads and writes
// take the model's shared_mutex.
#include <clearance/check.hpp>
#include <clearance/error.hpp>
#include <clearance/exposure.hpp>
#include <clearance/label.hpp>
#include <clearance/load.hpp>
#include <clearance/marking.hpp>
#include <clearance/model.hpp>
#include <clearance/place.hpp>
#include <clearance/report.hpp>
#include <clearance/resilience.hpp>
#include <clearance/rules.hpp>
#include <clearance/snapshot.hpp>
#include <clearance/waivers.hpp>
#include <clearance/whatif.hpp>
#include <clearance/whatif_session.hpp>

#include <pybind11/eval.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <algorithm>
#include <array>
#include <map>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace py = pybind11;
using namespace pybind11::literals;

namespace clearance {
namespace python {
namespace {

// ---------------------------------------------------------------------------------------
// Models shared by the Python objects that view them

struct SharedModel {
  explicit SharedModel(Model loaded) : model(std::move(loaded)) {}
  Model model;
  mutable std::shared_mutex placement_mutex;  // guards model.placement()
};
using ModelPtr = std::shared_ptr<SharedModel>;

std::string to_std(std::string_view text) { return std::string(text); }

std::optional<std::string> id_or_none(std::uint32_t index, std::string_view (Model::*id)(std::uint32_t) const,
                                      const Model& model) {
  if (index == no_key) return std::nullopt;
  return std::string((model.*id)(index));
}

std::vector<std::string> country_codes(const CountrySet& countries, int first = -1) {
  std::vector<std::string> codes;
  if (first >= 0 && countries.contains(static_cast<std::size_t>(first)))
    codes.emplace_back(country_code(static_cast<CountryId>(first)));
  countries.for_each([&](std::size_t id) {
    if (static_cast<int>(id) != first) codes.emplace_back(country_code(static_cast<CountryId>(id)));
  });
  return codes;
}

std::vector<std::string> compartment_names(const CompartmentSet& compartments, const Scheme& scheme) {
  std::vector<std::string> names;
  compartments.for_each(
      [&](std::size_t id) { names.emplace_back(scheme.compartments().name(static_cast<CompartmentId>(id))); });
  std::sort(names.begin(), names.end());
  return names;
}

py::dict amounts(const std::vector<ResourceAmount>& list, const Model& model) {
  py::dict result;
  for (const ResourceAmount& amount : list)
    result[py::str(to_std(model.resource_name(amount.resource)))] = amount.amount;
  return result;
}

std::optional<std::string> impact_level_name(ImpactLevelIndex index, const Scheme& scheme) {
  if (index == no_impact_level) return std::nullopt;
  return scheme.impact_levels()[index].name;
}

// ---------------------------------------------------------------------------------------
// Exceptions

// Borrowed: the module's attributes own them (a static py::object would be released
// after the interpreter is gone).
py::handle model_error_type;    // clearance.ModelError, a ValueError
py::handle marking_error_type;  // clearance.MarkingError, a ModelError

// The exception classes are plain Python classes (so that they pickle, print and subclass
// like any other), defined here so that _clearance stands on its own.
const char* const exception_source = R"PY(
class ModelError(ValueError):
    """An input the library cannot accept: a malformed model, placement, marking or waivers file.

    ``str(error)`` lists every problem found, one a line. ``diagnostics`` holds them all
    (Diagnostic objects); ``file``, ``pointer``, ``line``, ``column`` and ``message`` are
    those of the first, with None where unknown (``line`` and ``column`` are 1-based and
    known only for text inputs).
    """

    def __init__(self, text, diagnostics=()):
        super().__init__(text)
        self.diagnostics = list(diagnostics)
        first = self.diagnostics[0] if self.diagnostics else None
        self.file = first.file if first is not None else None
        self.pointer = first.pointer if first is not None else None
        self.line = first.line if first is not None else None
        self.column = first.column if first is not None else None
        self.message = first.message if first is not None else text


class MarkingError(ModelError):
    """A marking that does not follow the grammar of spec section 3.

    ``offset`` is the 0-based index in the marking text where it went wrong; ``column``
    is the same place counted from 1.
    """

    def __init__(self, text, diagnostics=(), offset=None):
        super().__init__(text, diagnostics)
        self.offset = offset
)PY";

void translate_exception(std::exception_ptr pointer) {
  try {
    if (pointer) std::rethrow_exception(pointer);
  } catch (const input_error& e) {
    py::list diagnostics;
    for (const Diagnostic& diagnostic : e.diagnostics()) diagnostics.append(py::cast(diagnostic));
    PyErr_SetObject(model_error_type.ptr(), model_error_type(e.what(), diagnostics).ptr());
  } catch (const marking_error& e) {
    Diagnostic diagnostic{{}, {}, 1, static_cast<std::uint32_t>(e.offset() + 1), e.what()};
    py::list diagnostics;
    diagnostics.append(py::cast(diagnostic));
    PyErr_SetObject(marking_error_type.ptr(), marking_error_type(e.what(), diagnostics, "offset"_a = e.offset()).ptr());
  } catch (const error& e) {
    switch (e.kind()) {
      case ErrorKind::input: {
        py::list diagnostics;
        diagnostics.append(py::cast(Diagnostic{{}, e.pointer(), 0, 0, e.what()}));
        PyErr_SetObject(model_error_type.ptr(), model_error_type(e.what(), diagnostics).ptr());
        break;
      }
      case ErrorKind::io:
        PyErr_SetString(PyExc_OSError, e.what());
        break;
      case ErrorKind::usage:
        PyErr_SetString(PyExc_ValueError, e.what());
        break;
      case ErrorKind::not_found:
        PyErr_SetString(PyExc_LookupError, e.what());
        break;
      case ErrorKind::internal:
        PyErr_SetString(PyExc_RuntimeError, e.what());
        break;
    }
  }
}

// ---------------------------------------------------------------------------------------
// Markings

// A marking parsed in the default US scheme, kept as names so that markings parsed
// separately compare without sharing a compartment table.
struct PyMarking {
  std::string canonical;
  std::string level;
  Level rank = 0;
  std::vector<std::string> compartments;  // sorted
  std::vector<std::string> controls;      // CAPCO register order
  std::vector<std::string> non_ic_controls;
  std::string head;                       // "US", "FGI", "NATO" or "JOINT"
  CountryId owner = 0;
  int rel_to_first = -1;                  // the country REL TO lists first; -1: none
  CountrySet rel_to;
  CountrySet releasable;
  CountrySet co_owners;
  std::optional<CountrySet> fgi;
  CountrySet display_only;

  static PyMarking parse(std::string_view text, const std::optional<std::string>& owner_code) {
    std::optional<CountryId> owner;
    if (owner_code) {
      owner = find_country(*owner_code);
      if (!owner)
        throw error(ErrorKind::usage, "unknown owner country \"" + *owner_code +
                                          "\"; expected an ISO 3166-1 alpha-3 code such as USA");
    }
    Scheme scheme = Scheme::us_default();
    const Marking marking = parse_marking(text, scheme);
    // The owner rules of markings-v1.1 §2, as the model builder applies them.
    if (owner) {
      if (auto conflict = owner_conflict(marking, *owner, text)) throw error(ErrorKind::usage, *conflict);
    }
    owner = data_owner(marking, owner, scheme);
    PyMarking result;
    result.canonical = format_marking(marking, scheme, *owner);
    static const char* const heads[] = {"US", "FGI", "NATO", "JOINT"};
    result.head = heads[static_cast<int>(marking.head)];
    result.level = scheme.level_name(marking.level);
    result.rank = marking.level;
    result.compartments = compartment_names(marking.compartments, scheme);
    static const std::pair<Control, const char*> words[] = {{Control::fouo, "FOUO"},     {Control::orcon, "ORCON"},
                                                            {Control::imcon, "IMCON"},   {Control::noforn, "NOFORN"},
                                                            {Control::propin, "PROPIN"}, {Control::rel_to, "REL TO"},
                                                            {Control::relido, "RELIDO"}, {Control::display_only, "DISPLAY ONLY"}};
    for (const auto& word : words)
      if (marking.has(word.first)) result.controls.emplace_back(word.second);
    static const std::pair<NonIcControl, const char*> non_ic_words[] = {
        {NonIcControl::limdis, "LIMDIS"}, {NonIcControl::exdis, "EXDIS"}, {NonIcControl::nodis, "NODIS"},
        {NonIcControl::sbu, "SBU"},       {NonIcControl::les, "LES"},     {NonIcControl::ssi, "SSI"}};
    for (const auto& word : non_ic_words)
      if (marking.has(word.first)) result.non_ic_controls.emplace_back(word.second);
    result.owner = *owner;
    result.rel_to = marking.rel_to;
    if (marking.head == Head::us || marking.head == Head::fgi) {
      result.rel_to_first = marking.head == Head::fgi ? marking.originator() : *owner;
      if (marking.has(Control::rel_to)) result.rel_to.insert(static_cast<std::size_t>(result.rel_to_first));
    }
    result.releasable = releasable_set(marking, *owner, scheme);
    if (marking.head == Head::joint) result.co_owners = marking.head_countries;
    if (marking.has_fgi_section) result.fgi = marking.fgi;
    result.display_only = marking.display_only;
    return result;
  }

  // b dominates a, by the lattice of label.hpp. The two labels share one compartment
  // table holding a's names: b's other compartments cannot change the answer.
  static bool dominated_by(const PyMarking& a, const PyMarking& b) {
    CompartmentTable table;
    Label lower{a.rank, {}, a.releasable};
    Label upper{b.rank, {}, b.releasable};
    for (const std::string& name : a.compartments) lower.compartments.insert(*table.intern(name));
    for (const std::string& name : b.compartments)
      if (auto id = table.find(name)) upper.compartments.insert(*id);
    return dominates(upper, lower);
  }

  bool operator==(const PyMarking& other) const {
    return canonical == other.canonical && owner == other.owner && releasable == other.releasable;
  }
};

// ---------------------------------------------------------------------------------------
// Reports

struct PyHop {
  std::optional<std::string> link;
  std::optional<std::string> node;
  std::string label;
};

struct PyFinding {
  std::string rule;
  std::string severity;
  std::vector<std::string> controls;
  std::optional<std::string> workload, node, data, flow, link, resource;
  std::string message;
  bool is_flow_rule = false;
  std::vector<PyHop> path;
  // Waivers (spec waivers-v1 §3): the JSON report's "waived" object, or the expired
  // waiver's id; None when neither.
  std::optional<py::dict> waived;
  std::optional<std::string> waiver_expired;

  PyFinding(const Finding& finding, const Model& model, const Report& report) {
    if (report.waivers != nullptr && finding.is_waived()) {
      const Waiver& waiver = (*report.waivers)[finding.waiver];
      py::dict entry;
      entry["id"] = waiver.id;
      entry["expires"] = waiver.expires.to_string();
      entry["justification"] = waiver.justification;
      entry["approved_by"] = waiver.approved_by;
      waived = entry;
    } else if (report.waivers != nullptr && finding.expired_waiver != no_key) {
      waiver_expired = (*report.waivers)[finding.expired_waiver].id;
    }
    const RuleInfo& info = rule_info(finding.rule);
    rule = to_std(info.name);
    severity = to_std(to_string(finding.severity));
    for (std::string_view control : info.controls) controls.emplace_back(control);
    workload = id_or_none(finding.workload, &Model::workload_id, model);
    node = id_or_none(finding.node, &Model::node_id, model);
    data = id_or_none(finding.data, &Model::data_id, model);
    flow = id_or_none(finding.flow, &Model::flow_id, model);
    link = id_or_none(finding.link, &Model::link_id, model);
    resource = id_or_none(finding.resource, &Model::resource_name, model);
    message = finding.message;
    is_flow_rule = finding.rule == RuleId::flow_route || finding.rule == RuleId::flow_bandwidth ||
                   finding.rule == RuleId::flow_latency;
    for (const Hop& hop : finding.path)
      path.push_back(
          PyHop{id_or_none(hop.link, &Model::link_id, model), id_or_none(hop.node, &Model::node_id, model), hop.label});
  }

  // The key attributes in the order of spec §4's key lists, as the JSON report writes them.
  std::array<std::pair<const char*, const std::optional<std::string>*>, 6> keys() const {
    return {{{"workload", &workload},
             {"flow", &flow},
             {"link", &link},
             {"node", &node},
             {"data", &data},
             {"resource", &resource}}};
  }

  // The finding as spec §5 writes it, keys in the same order.
  py::dict to_dict() const {
    py::dict result;
    result["rule"] = rule;
    result["severity"] = severity;
    result["controls"] = controls;
    for (const auto& key : keys())
      if (*key.second) result[key.first] = **key.second;
    result["message"] = message;
    if (is_flow_rule) {
      py::list hops;
      for (const PyHop& hop : path) {
        py::dict entry;
        if (hop.link) entry["link"] = *hop.link;
        if (hop.node) entry["node"] = *hop.node;
        entry["label"] = hop.label;
        hops.append(entry);
      }
      result["path"] = hops;
    }
    if (waived) result["waived"] = py::dict(*waived);  // a copy: the caller may change it
    if (waiver_expired) result["waiver_expired"] = *waiver_expired;
    return result;
  }

  std::string repr() const {
    std::string text = "Finding(rule='" + rule + "', severity='" + severity + "'";
    for (const auto& key : keys())
      if (*key.second) text += std::string(", ") + key.first + "='" + **key.second + "'";
    return text + ")";
  }
};

struct PyReport {
  Report report;
  ModelPtr model;  // names the findings' indices; ids never change, so no lock

  const Model& checked_model() const { return model->model; }

  py::list findings() const {
    py::list list;
    for (const Finding& finding : report.findings) list.append(py::cast(PyFinding(finding, model->model, report)));
    return list;
  }

  py::dict summary() const {
    const Summary counts = report.summary();
    py::dict result;
    result["findings"] = counts.findings;
    result["critical"] = counts.critical;
    result["high"] = counts.high;
    result["medium"] = counts.medium;
    result["low"] = counts.low;
    if (report.waivers != nullptr) result["waived"] = counts.waived;  // as the JSON report
    return result;
  }

  std::vector<std::string> waiver_ids(const std::vector<std::uint32_t>& indices) const {
    std::vector<std::string> ids;
    for (std::uint32_t w : indices) ids.push_back((*report.waivers)[w].id);
    return ids;
  }
};

// Waivers loaded for a model; they hold it, so that they name ids it has.
struct PyWaivers {
  std::shared_ptr<const Waivers> waivers;
  std::shared_ptr<SharedModel> model;
};

// True when two models have the same ids (one is a copy of the other, say), so that waivers
// read for one name the same elements in the other.
bool same_ids(const Model& a, const Model& b) {
  auto same = [](const IdTable& x, const IdTable& y) {
    if (x.size() != y.size()) return false;
    for (std::uint32_t i = 0; i < x.size(); ++i)
      if (x.name(i) != y.name(i)) return false;
    return true;
  };
  return same(a.workload_ids(), b.workload_ids()) && same(a.flow_ids(), b.flow_ids()) &&
         same(a.link_ids(), b.link_ids()) && same(a.node_ids(), b.node_ids()) && same(a.data_ids(), b.data_ids()) &&
         same(a.resource_names(), b.resource_names());
}

// A date given as "YYYY-MM-DD" or as a datetime.date.
Date date_from(const py::object& value) {
  std::string text = py::hasattr(value, "isoformat") && !py::isinstance<py::str>(value)
                         ? value.attr("isoformat")().cast<std::string>()
                         : value.cast<std::string>();
  Date date;
  std::string why;
  if (!parse_date(text, date, &why)) throw py::value_error("today \"" + text + "\": " + why);
  return date;
}

Severity severity_from(const std::string& text) {
  Severity severity = Severity::low;
  if (!parse_severity(text, severity))
    throw error(ErrorKind::usage,
                "unknown severity \"" + text + "\"; expected \"low\", \"medium\", \"high\" or \"critical\"");
  return severity;
}

// ---------------------------------------------------------------------------------------
// Read-only views of a model's collections

struct NodeTag {
  static constexpr const char* item = "Node";
  static constexpr const char* view = "NodeView";
  static const IdTable& ids(const Model& model) { return model.node_ids(); }
};
struct LinkTag {
  static constexpr const char* item = "Link";
  static constexpr const char* view = "LinkView";
  static const IdTable& ids(const Model& model) { return model.link_ids(); }
};
struct DataTag {
  static constexpr const char* item = "Data";
  static constexpr const char* view = "DataView";
  static const IdTable& ids(const Model& model) { return model.data_ids(); }
};
struct WorkloadTag {
  static constexpr const char* item = "Workload";
  static constexpr const char* view = "WorkloadView";
  static const IdTable& ids(const Model& model) { return model.workload_ids(); }
};
struct FlowTag {
  static constexpr const char* item = "Flow";
  static constexpr const char* view = "FlowView";
  static const IdTable& ids(const Model& model) { return model.flow_ids(); }
};

// One entity of a model: the model and the entity's index.
template <typename Tag>
struct Ref {
  ModelPtr shared;
  std::uint32_t index;
  const Model& model() const { return shared->model; }
  std::string id() const { return to_std(Tag::ids(model()).name(index)); }
};

template <typename Tag>
struct View {
  ModelPtr shared;
  std::uint32_t size() const { return Tag::ids(shared->model).size(); }
  Ref<Tag> at(std::uint32_t index) const { return Ref<Tag>{shared, index}; }
};

template <typename Tag>
py::class_<Ref<Tag>> bind_view(py::module_& m, const char* item_doc, const char* view_doc) {
  using R = Ref<Tag>;
  using V = View<Tag>;
  py::class_<R> item_class(m, Tag::item, item_doc);
  item_class.def_property_readonly("id", &R::id, "The entity's id (unique within its collection).")
      .def_property_readonly(
          "index", [](const R& self) { return self.index; },
          "Position in the model's collection (the order of the model file).")
      .def("__repr__", [](const R& self) { return std::string(Tag::item) + "('" + self.id() + "')"; })
      .def(
          "__eq__",
          [](const R& self, const R& other) { return self.shared == other.shared && self.index == other.index; },
          py::is_operator())
      .def("__hash__", [](const R& self) {
        return py::hash(py::make_tuple(reinterpret_cast<std::uintptr_t>(self.shared.get()), self.index));
      });

  py::class_<V> view_class(m, Tag::view, view_doc);
  view_class.def("__len__", &V::size)
      .def(
          "__getitem__",
          [](const V& self, std::int64_t index) {
            const std::int64_t size = self.size();
            if (index < 0) index += size;
            if (index < 0 || index >= size) throw py::index_error(std::string(Tag::item) + " index out of range");
            return self.at(static_cast<std::uint32_t>(index));
          },
          "index"_a, "The entity at `index` (negative counts from the end).")
      .def(
          "__getitem__",
          [](const V& self, const std::string& id) {
            auto index = Tag::ids(self.shared->model).find(id);
            if (!index) throw py::key_error(id);
            return self.at(*index);
          },
          "id"_a, "The entity with this id; KeyError when there is none.")
      .def(
          "__getitem__",
          [](const V& self, const py::slice& slice) {
            py::ssize_t start = 0, stop = 0, step = 0, length = 0;
            if (!slice.compute(static_cast<py::ssize_t>(self.size()), &start, &stop, &step, &length))
              throw py::error_already_set();
            py::list result;
            for (py::ssize_t i = 0; i < length; ++i)
              result.append(self.at(static_cast<std::uint32_t>(start + i * step)));
            return result;
          },
          "slice"_a, "A list of the entities in the slice.")
      .def("__iter__",
           [](const V& self) {
             py::list items;
             for (std::uint32_t i = 0; i < self.size(); ++i) items.append(self.at(i));
             return py::iter(items);
           })
      .def("__contains__",
           [](const V& self, const std::string& id) { return Tag::ids(self.shared->model).find(id).has_value(); })
      .def("__contains__", [](const V& self, const R& item) { return item.shared == self.shared; })
      .def("__contains__", [](const V&, const py::object&) { return false; })
      .def(
          "get",
          [](const V& self, const std::string& id, py::object fallback) -> py::object {
            auto index = Tag::ids(self.shared->model).find(id);
            if (!index) return fallback;
            return py::cast(self.at(*index));
          },
          "id"_a, "default"_a = py::none(), "The entity with this id, or `default` when there is none.")
      .def(
          "ids",
          [](const V& self) {
            std::vector<std::string> ids;
            for (std::uint32_t i = 0; i < self.size(); ++i) ids.push_back(self.at(i).id());
            return ids;
          },
          "The ids, in the model's order.")
      .def("__repr__",
           [](const V& self) { return std::string(Tag::view) + "(" + std::to_string(self.size()) + " items)"; });
  return item_class;
}


// ---------------------------------------------------------------------------------------
// Exposure on capture (spec resilience-v1 §5): Model.exposure

void bind_exposure(py::module_& m) {
  py::object model_class = m.attr("Model");
  model_class.attr("exposure") = py::cpp_function(
      [](const ModelPtr& self, const std::optional<std::string>& capture, bool rank) {
        std::string text;
        {
          py::gil_scoped_release release;
          std::shared_lock<std::shared_mutex> lock(self->placement_mutex);
          std::string_view node = capture ? std::string_view(*capture) : std::string_view();
          if (node.substr(0, 5) == "node:") node.remove_prefix(5);
          const ExposureReport report = capture ? exposure(self->model, node) : exposure(self->model);
          text = rank ? ranking_to_json(report, self->model) : to_json(report, self->model);
        }
        return py::module_::import("json").attr("loads")(text);
      },
      py::name("exposure"), py::is_method(model_class), py::sibling(py::getattr(model_class, "exposure", py::none())),
      py::arg("capture") = py::none(), py::kw_only(), py::arg("rank") = false,
      "What an adversary gets who captures a node (spec resilience-v1 section 5), as the dict of "
      "`clearance exposure --format json`: {'clearance': 1, 'model', 'captures': [{'node', 'at_rest', "
      "'in_transit', 'summary'}]}. `capture` is a node id (or 'node:ID'); None captures every edge node. "
      "With rank=True, the captures ranked by what they expose: {'ranking': [{'node', 'level', "
      "'exposed_data', 'owners'}]}. Runs without the GIL; raises LookupError for an unknown node.");
}

// ---------------------------------------------------------------------------------------
// What-if and resilience (spec resilience-v1 §1–4): Model.whatif, Model.resilience

struct PyWhatIf {
  WhatIf result;
  ModelPtr model;  // names the findings' indices; ids never change, so no lock

  py::list findings(const std::vector<std::uint32_t>& indices, const Report& report) const {
    py::list list;
    for (std::uint32_t f : indices) list.append(py::cast(PyFinding(report.findings[f], model->model, report)));
    return list;
  }
};

// A prepared what-if on a copy of the model taken when it is made, so that set_placement
// on the model later does not change what the session answers (nor race with it).
// The positions in `working` (flow then node order) of `pairs`, a sorted subset of it,
// appended to `out`: what the bindings hand a sweep instead of (flow, node) tuples.
void append_positions(const std::vector<FlowSource>& working, const std::vector<FlowSource>& pairs,
                      std::vector<std::uint32_t>& out) {
  auto at = working.begin();
  for (const FlowSource& pair : pairs) {
    at = std::lower_bound(at, working.end(), pair, [](const FlowSource& x, const FlowSource& y) {
      return x.flow != y.flow ? x.flow < y.flow : x.node < y.node;
    });
    out.push_back(static_cast<std::uint32_t>(at - working.begin()));
  }
}

// Every rule index, in the order of the rules' names (a sweep's JSON lists its counts so).
const std::array<std::size_t, rule_count>& rules_by_name() {
  static const std::array<std::size_t, rule_count> order = [] {
    std::array<std::size_t, rule_count> result{};
    for (std::size_t r = 0; r < rule_count; ++r) result[r] = r;
    std::sort(result.begin(), result.end(), [](std::size_t a, std::size_t b) {
      return rule_info(static_cast<RuleId>(a)).name < rule_info(static_cast<RuleId>(b)).name;
    });
    return result;
  }();
  return order;
}

// The bytes of an array of integers, native order (Python reads them with memoryview.cast).
py::bytes as_bytes(const std::vector<std::uint32_t>& values) {
  return py::bytes(reinterpret_cast<const char*>(values.data()), values.size() * sizeof(std::uint32_t));
}

struct PyWhatIfSession {
  ModelPtr model;                  // names the findings' indices; ids never change
  std::shared_ptr<const Model> snapshot;
  std::shared_ptr<const WhatIfSession> session;
  py::list pairs(const std::vector<FlowSource>& list) const {
    py::list out;
    for (const FlowSource& pair : list)
      out.append(py::make_tuple(to_std(snapshot->flow_id(pair.flow)), to_std(snapshot->node_id(pair.node))));
    return out;
  }
};

// A path argument (str, bytes or os.PathLike) as the file name the library opens. An
// embedded NUL is a ValueError, as Python's own open() has it: the C library would stop
// reading the name there and open another file.
std::string path_from(const py::object& path) {
  std::string file = py::module_::import("os").attr("fsdecode")(path).cast<std::string>();
  if (file.find('\0') != std::string::npos) throw py::value_error("embedded null character in path");
  return file;
}

// The waivers a check of `self` applies: a Waivers read for it (or for a model with the
// same ids), or the path of a waivers file, read here; None applies none.
std::shared_ptr<const Waivers> waivers_for(const ModelPtr& self, const py::object& waivers) {
  if (py::isinstance<PyWaivers>(waivers)) {
    const PyWaivers& given = waivers.cast<const PyWaivers&>();
    if (given.model != self && !same_ids(given.model->model, self->model))
      throw py::value_error("the waivers were read for another model (Waivers.load(path, model))");
    return given.waivers;
  }
  if (waivers.is_none()) return nullptr;
  const std::string file = path_from(waivers);
  py::gil_scoped_release release;
  return std::make_shared<const Waivers>(load_waivers(file, self->model));
}

void bind_resilience(py::module_& m) {
  py::class_<PyWhatIf>(m, "WhatIf",
                       "What taking nodes and links down changes in a check (spec resilience-v1 section 2).")
      .def_property_readonly(
          "down", [](const PyWhatIf& self) { return element_names(self.model->model, self.result.down); },
          "The elements down, 'link:ID' before 'node:ID', then by id.")
      .def_property_readonly(
          "added", [](const PyWhatIf& self) { return self.findings(self.result.added, self.result.with_down); },
          "A new list of the Findings only the check with the elements down has, in spec section 5's order.")
      .def_property_readonly(
          "resolved", [](const PyWhatIf& self) { return self.findings(self.result.resolved, self.result.whole); },
          "A new list of the Findings only the check of the whole model has, in spec section 5's order.")
      .def_property_readonly(
          "has_added_findings", [](const PyWhatIf& self) { return self.result.has_added_findings(); },
          "True when an added finding is not waived (`clearance whatif` then exits 1).")
      .def(
          "to_json",
          [](const PyWhatIf& self) {
            py::gil_scoped_release release;
            return to_json(self.result, self.model->model);
          },
          "Spec section 2's JSON text (what `clearance whatif --format json` prints).")
      .def(
          "to_text",
          [](const PyWhatIf& self) {
            py::gil_scoped_release release;
            return to_text(self.result, self.model->model);
          },
          "The comparison for people (what `clearance whatif` prints).")
      .def("__repr__", [](const PyWhatIf& self) {
        return "<clearance.WhatIf of '" + self.model->model.name() + "': " + std::to_string(self.result.added.size()) +
               " added, " + std::to_string(self.result.resolved.size()) + " resolved>";
      });

  py::object model_class = m.attr("Model");
  model_class.attr("whatif") = py::cpp_function(
      [](const ModelPtr& self, const std::vector<std::string>& down, unsigned jobs, const py::object& waivers,
         const py::object& today) {
        CheckOptions options;
        options.jobs = jobs;
        if (!today.is_none()) options.waiver_options.today = date_from(today);
        options.waivers = waivers_for(self, waivers);
        PyWhatIf result{{}, self};
        {
          py::gil_scoped_release release;
          std::shared_lock<std::shared_mutex> lock(self->placement_mutex);
          result.result = whatif(self->model, parse_elements(self->model, down), options);
        }
        return result;
      },
      py::name("whatif"), py::is_method(model_class), py::sibling(py::getattr(model_class, "whatif", py::none())),
      py::arg("down"), py::kw_only(), py::arg("jobs") = 1, py::arg("waivers") = py::none(),
      py::arg("today") = py::none(),
      "Checks the model with the elements of `down` down ('node:ID' or 'link:ID' strings) and compares it with the "
      "check of the whole model (spec resilience-v1 section 2); returns a WhatIf. `jobs`, `waivers` and `today` are "
      "check()'s. Runs without the GIL; raises ModelError for an unknown element (with a \"did you mean\").");

  auto make_session = [](const ModelPtr& self, unsigned jobs, const py::object& waivers, const py::object& today) {
    CheckOptions options;
    options.jobs = jobs;
    if (!today.is_none()) options.waiver_options.today = date_from(today);
    options.waivers = waivers_for(self, waivers);
    PyWhatIfSession result{self, nullptr, nullptr};
    py::gil_scoped_release release;
    {
      std::shared_lock<std::shared_mutex> lock(self->placement_mutex);
      result.snapshot = std::make_shared<const Model>(self->model);
    }
    result.session = std::make_shared<const WhatIfSession>(*result.snapshot, options);
    return result;
  };
  const char* const session_doc =
      "Checks the model once and keeps what a failure leaves unchanged, so that each scenario re-checks only what its "
      "elements touch (for sweeps over many scenarios). The session works on a copy of the model as it is now. "
      "`jobs`, `waivers` and `today` are check()'s. Runs without the GIL; its methods may be called from several "
      "threads at once.";
  py::class_<PyWhatIfSession>(m, "WhatIfSession",
                              "A prepared what-if (spec resilience-v1 sections 1-3): the check of the whole model, "
                              "made once, and what each failure scenario changes in it.")
      .def(py::init([make_session](const ModelPtr& model, unsigned jobs, const py::object& waivers,
                                   const py::object& today) { return make_session(model, jobs, waivers, today); }),
           py::arg("model"), py::kw_only(), py::arg("jobs") = 1, py::arg("waivers") = py::none(),
           py::arg("today") = py::none(), session_doc)
      .def(
          "run",
          [](const PyWhatIfSession& self, const std::vector<std::string>& down) {
            PyWhatIf result{{}, self.model};
            py::gil_scoped_release release;
            result.result = self.session->run(parse_elements(*self.snapshot, down));
            return result;
          },
          py::arg("down"),
          "What taking the elements of `down` ('node:ID' or 'link:ID' strings) down changes: a WhatIf, the same as "
          "Model.whatif(down) with the session's options. Runs without the GIL; raises ModelError for an unknown "
          "element.")
      .def(
          "broken_pairs",
          [](const PyWhatIfSession& self, const std::vector<std::string>& down) {
            std::vector<FlowSource> broken;
            {
              py::gil_scoped_release release;
              broken = self.session->broken_pairs(parse_elements(*self.snapshot, down));
            }
            return self.pairs(broken);
          },
          py::arg("down"),
          "The working (flow, source node) pairs that break with the elements of `down` down (spec resilience-v1 "
          "section 3), as a new list of (flow id, node id) tuples in working_pairs order; a pair whose source is "
          "down is not listed. Cheaper than run(): no report is built. Runs without the GIL.")
      .def(
          "outcome",
          [](const PyWhatIfSession& self, const std::vector<std::string>& down) {
            WhatIfOutcome outcome;
            std::vector<std::uint32_t> broken;
            {
              py::gil_scoped_release release;
              outcome = self.session->outcome(parse_elements(*self.snapshot, down));
              append_positions(self.session->working_pairs(), outcome.broken, broken);
            }
            py::dict added;
            for (std::size_t r = 0; r < rule_count; ++r)
              if (outcome.added[r] != 0) added[py::str(to_std(rule_info(static_cast<RuleId>(r)).name))] = outcome.added[r];
            return py::make_tuple(added, broken);
          },
          py::arg("down"),
          "What a sweep keeps of a scenario, in one pass and without building any finding: (run(down).added_by_rule(), "
          "the positions in working_pairs of broken_pairs(down), ascending). Runs without the GIL.")
      .def(
          "outcomes",
          [](const PyWhatIfSession& self, const std::vector<std::vector<std::string>>& scenarios) {
            // Four arrays of native uint32 instead of a dict and a list per scenario: a sweep's
            // chunk of thousands of scenarios crosses to Python, and over the network, as four
            // objects, and the loop runs in one stretch without the GIL.
            std::vector<std::uint32_t> added_ends, added, broken_ends, broken;
            {
              py::gil_scoped_release release;
              std::vector<Elements> parsed;
              parsed.reserve(scenarios.size());
              for (const std::vector<std::string>& down : scenarios) parsed.push_back(parse_elements(*self.snapshot, down));
              added_ends.reserve(parsed.size());
              broken_ends.reserve(parsed.size());
              for (const Elements& down : parsed) {
                const WhatIfOutcome outcome = self.session->outcome(down);
                for (std::size_t r : rules_by_name())
                  if (outcome.added[r] != 0) {
                    added.push_back(static_cast<std::uint32_t>(r));
                    added.push_back(static_cast<std::uint32_t>(std::min<std::size_t>(outcome.added[r], UINT32_MAX)));
                  }
                added_ends.push_back(static_cast<std::uint32_t>(added.size() / 2));
                append_positions(self.session->working_pairs(), outcome.broken, broken);
                broken_ends.push_back(static_cast<std::uint32_t>(broken.size()));
              }
            }
            return py::make_tuple(as_bytes(added_ends), as_bytes(added), as_bytes(broken_ends), as_bytes(broken));
          },
          py::arg("scenarios"),
          "outcome() of each scenario of `scenarios` (each a list of 'node:ID'/'link:ID' strings), in one call "
          "without the GIL, as four bytes objects of native unsigned 32-bit integers (memoryview(b).cast('I')): "
          "added_ends (per scenario, where its entries of `added` end, counted in entries), added (an entry is two "
          "integers: a rule's index in clearance.rules() and its count; in the order of the rules' names, as the "
          "JSON of a sweep lists them), broken_ends (per scenario, where its "
          "positions in `broken` end) and broken (positions in working_pairs, ascending per scenario). Every "
          "scenario is parsed before any is evaluated: an unknown element raises ModelError and nothing runs.")
      .def_property_readonly(
          "working_pairs", [](const PyWhatIfSession& self) { return self.pairs(self.session->working_pairs()); },
          "A new list of the (flow id, node id) pairs that work in the whole model (spec resilience-v1 section 3), "
          "in flow order then node order.")
      .def_property_readonly(
          "finding_count", [](const PyWhatIfSession& self) { return self.session->whole().findings.size(); },
          "How many findings the check of the whole model has (after waivers and min severity).")
      .def("__repr__", [](const PyWhatIfSession& self) {
        return "<clearance.WhatIfSession of '" + self.snapshot->name() + "': " +
               std::to_string(self.session->working_pairs().size()) + " working pairs>";
      });
  model_class.attr("whatif_session") = py::cpp_function(
      [make_session](const ModelPtr& self, unsigned jobs, const py::object& waivers, const py::object& today) {
        return make_session(self, jobs, waivers, today);
      },
      py::name("whatif_session"), py::is_method(model_class),
      py::sibling(py::getattr(model_class, "whatif_session", py::none())), py::kw_only(), py::arg("jobs") = 1,
      py::arg("waivers") = py::none(), py::arg("today") = py::none(),
      "A WhatIfSession of this model: clearance.WhatIfSession(model, ...).");

  model_class.attr("resilience") = py::cpp_function(
      [](const ModelPtr& self, bool availability, std::uint64_t seed, std::uint64_t samples) {
        if (samples == 0) throw py::value_error("samples must be at least 1");
        ResilienceOptions options;
        options.availability = availability;
        options.seed = seed;
        options.samples = samples;
        std::string text;
        {
          py::gil_scoped_release release;
          std::shared_lock<std::shared_mutex> lock(self->placement_mutex);
          text = to_json(resilience(self->model, options), self->model);
        }
        return py::module_::import("json").attr("loads")(text);
      },
      py::name("resilience"), py::is_method(model_class),
      py::sibling(py::getattr(model_class, "resilience", py::none())), py::arg("availability") = false,
      py::kw_only(), py::arg("seed") = ResilienceOptions{}.seed, py::arg("samples") = ResilienceOptions{}.samples,
      "The single points of failure of every working (flow, source) pair (spec resilience-v1 sections 3-4), as the "
      "dict of `clearance resilience --format json`: {'clearance': 1, 'model', 'flows': [{'flow', 'node', "
      "'critical'}], 'elements': [{'element', 'flows'}]}. With availability=True each pair gains 'availability' "
      "and 'method' (Monte-Carlo estimates from `seed` with `samples` per pair also 'samples' and 'interval'), and "
      "the dict 'staleness'. Runs without the GIL.");
}
// ---------------------------------------------------------------------------------------
// Snapshots and the summaries a sweep needs (clearance.distributed, docs/distributed.md):
// the snapshot is what a Dask cluster broadcasts to its workers, and a sweep keeps of each
// what-if only the added findings counted per rule (and WhatIfSession's broken pairs).

SnapshotFormat snapshot_format_from(const std::string& text) {
  for (SnapshotFormat format : {SnapshotFormat::binary, SnapshotFormat::text, SnapshotFormat::xml})
    if (to_string(format) == text) return format;
  throw py::value_error("unknown snapshot format '" + text + "': expected binary, text or xml");
}

void bind_snapshots(py::module_& m) {
  py::object model_class = m.attr("Model");
  model_class.attr("snapshot") = py::cpp_function(
      [](const ModelPtr& self, const std::string& format) {
        const SnapshotFormat chosen = snapshot_format_from(format);
        std::string bytes;
        {
          py::gil_scoped_release release;
          std::shared_lock<std::shared_mutex> lock(self->placement_mutex);
          bytes = snapshot_bytes(self->model, chosen);
        }
        return py::bytes(bytes);
      },
      py::name("snapshot"), py::is_method(model_class), py::arg("format") = "binary",
      "The model (placement included) as snapshot bytes: a Boost.Serialization archive behind a header with a "
      "CRC-32C checksum (`format` 'binary', 'text' or 'xml'). Model.from_snapshot reads them back. Runs without "
      "the GIL.");
  model_class.attr("save_snapshot") = py::cpp_function(
      [](const ModelPtr& self, const py::object& path, const std::string& format) {
        const SnapshotFormat chosen = snapshot_format_from(format);
        const std::string file = path_from(path);
        py::gil_scoped_release release;
        std::shared_lock<std::shared_mutex> lock(self->placement_mutex);
        save_snapshot(self->model, file, chosen);
      },
      py::name("save_snapshot"), py::is_method(model_class), py::arg("path"), py::arg("format") = "binary",
      "Writes Model.snapshot() to a file, atomically (the old file stays intact when the write fails). Raises "
      "OSError.");
  model_class.attr("from_snapshot") = py::staticmethod(py::cpp_function(
      [](const py::bytes& data) {
        const std::string_view bytes = data;  // `data` outlives the call
        py::gil_scoped_release release;
        return std::make_shared<SharedModel>(load_snapshot_bytes(bytes));
      },
      py::name("from_snapshot"), py::arg("data"),
      "Loads a model from snapshot bytes (Model.snapshot). Raises ModelError when they are not a snapshot, are "
      "truncated or corrupt (checksum), or come from a newer release. Runs without the GIL."));
  model_class.attr("load_snapshot") = py::staticmethod(py::cpp_function(
      [](const py::object& path) {
        const std::string file = path_from(path);
        py::gil_scoped_release release;
        return std::make_shared<SharedModel>(load_snapshot(file));
      },
      py::name("load_snapshot"), py::arg("path"),
      "Loads a snapshot file (Model.save_snapshot). Raises ModelError as from_snapshot, OSError when the file "
      "cannot be read."));
  model_class.attr("availability") = py::cpp_function(
      [](const ModelPtr& self, const std::string& element) {
        const Elements elements = parse_elements(self->model, {element});
        return availability_of(self->model, elements.nodes.empty() ? Element{ElementKind::link, elements.links[0]}
                                                                   : Element{ElementKind::node, elements.nodes[0]});
      },
      py::name("availability"), py::is_method(model_class), py::arg("element"),
      "Spec resilience-v1 section 4's availability of an element ('node:ID' or 'link:ID'): the probability it "
      "is up. Raises ModelError for an unknown element.");

  py::object whatif_class = m.attr("WhatIf");
  whatif_class.attr("added_by_rule") = py::cpp_function(
      [](const PyWhatIf& self) {
        std::map<RuleId, std::size_t> count;
        for (std::uint32_t f : self.result.added) ++count[self.result.with_down.findings[f].rule];
        py::dict result;
        for (const auto& [rule, n] : count) result[py::str(to_std(rule_info(rule).name))] = n;
        return result;
      },
      py::name("added_by_rule"), py::is_method(whatif_class),
      "A new dict {rule id: number of added findings}, without building the Findings (what a sweep keeps).");
}

// ---------------------------------------------------------------------------------------
// Placement (spec place-v1): Model.place returning a PlaceResult

struct PyPlaceResult {
  PlaceResult result;
  ModelPtr model;  // names the result's indices; ids never change, so no lock
};

void bind_place(py::module_& m) {
  py::class_<PyPlaceResult>(m, "PlaceResult",
                            "A placement made by Model.place (spec place-v1): what it placed, at what cost, and why "
                            "the rest could not be placed.")
      .def_property_readonly(
          "mode", [](const PyPlaceResult& self) { return std::string(to_string(self.result.mode)); },
          "'fill' or 'replan'.")
      .def_property_readonly(
          "placement",
          [](const PyPlaceResult& self) {
            py::dict placement;
            const Model& model = self.model->model;
            for (WorkloadIndex w = 0; w < model.workloads().size(); ++w) {
              if (!self.result.placement.is_placed(w)) continue;
              py::list nodes;
              for (NodeIndex n : self.result.placement.nodes_of(w)) nodes.append(to_std(model.node_id(n)));
              placement[py::str(to_std(model.workload_id(w)))] = nodes;
            }
            return placement;
          },
          "A new dict: workload id -> node ids, unplaced workloads left out (what Model.set_placement takes).")
      .def_property_readonly("placed", [](const PyPlaceResult& self) { return self.result.placed; },
                             "How many workloads are placed, kept ones included.")
      .def_property_readonly("kept", [](const PyPlaceResult& self) { return self.result.kept; },
                             "In fill, how many workloads kept their nodes.")
      .def_property_readonly(
          "unplaced",
          [](const PyPlaceResult& self) {
            py::list list;
            const Model& model = self.model->model;
            for (const UnplacedWorkload& u : self.result.unplaced) {
              py::list reasons;
              for (const PlaceReason& reason : u.reasons) {
                py::dict entry;
                entry["rule"] = to_std(rule_info(reason.rule).name);
                if (reason.flow != 0xFFFFFFFFu) entry["flow"] = to_std(model.flow_id(reason.flow));
                entry["nodes"] = reason.nodes;
                if (reason.resource != 0xFFFFFFFFu) entry["resource"] = to_std(model.resource_name(reason.resource));
                reasons.append(entry);
              }
              py::dict item;
              item["workload"] = to_std(model.workload_id(u.workload));
              item["message"] = u.message;
              item["reasons"] = reasons;
              list.append(item);
            }
            return list;
          },
          "A new list of dicts {'workload', 'message', 'reasons'} as spec section 5 writes them, by workload id.")
      .def_property_readonly("cost", [](const PyPlaceResult& self) { return self.result.cost; },
                             "The cost of the whole placement (sum of resources times the nodes' prices).")
      .def_property_readonly(
          "lower_bound",
          [](const PyPlaceResult& self) -> py::object {
            if (!self.result.lower_bound) return py::none();
            return py::float_(*self.result.lower_bound);
          },
          "A lower bound on the cost of any placement placing as many workloads, or None.")
      .def_property_readonly("optimal", [](const PyPlaceResult& self) { return self.result.optimal; },
                             "True only when proven: no placement places more, or as many for less.")
      .def_property_readonly("moved", [](const PyPlaceResult& self) { return self.result.moved; },
                             "Replicas whose workload's new node list lacks their old node.")
      .def(
          "to_json",
          [](const PyPlaceResult& self) {
            py::gil_scoped_release release;
            return to_json(self.result, self.model->model);
          },
          "Spec section 5's JSON text (what `clearance place --format json` prints).")
      .def(
          "to_text",
          [](const PyPlaceResult& self) {
            py::gil_scoped_release release;
            return to_text(self.result, self.model->model);
          },
          "The summary and explanations for people (what `clearance place` prints).")
      .def(
          "placement_json",
          [](const PyPlaceResult& self) { return placement_json(self.result, self.model->model); },
          "The placement as `clearance place --output` writes it; `clearance check --placement` reads it.")
      .def("__repr__", [](const PyPlaceResult& self) {
        return "<clearance.PlaceResult of '" + self.model->model.name() + "': " + std::to_string(self.result.placed) +
               " placed, " + std::to_string(self.result.unplaced.size()) + " unplaced>";
      });

  py::object model_class = m.attr("Model");
  model_class.attr("place") = py::cpp_function(
      [](const ModelPtr& self, const std::string& mode, const py::object& placement, unsigned jobs,
         double time_limit) {
        PlaceOptions options;
        if (!parse_place_mode(mode, options.mode)) throw py::value_error("mode must be 'fill' or 'replan'");
        if (!(time_limit >= 0)) throw py::value_error("time_limit must be at least 0");
        options.jobs = jobs;
        options.time_limit_s = time_limit;
        if (py::isinstance<py::dict>(placement)) {
          const std::string json = py::module_::import("json").attr("dumps")(placement).cast<std::string>();
          options.placement = load_placement_json(json, self->model, "placement");
        } else if (!placement.is_none()) {
          const std::string file = path_from(placement);
          py::gil_scoped_release release;
          options.placement = load_placement(file, self->model);
        }
        PyPlaceResult result;  // (PlaceResult's Placement has an explicit constructor: no {} here)
        result.model = self;
        {
          py::gil_scoped_release release;
          std::shared_lock<std::shared_mutex> lock(self->placement_mutex);
          result.result = place(self->model, options);
        }
        return result;
      },
      py::name("place"), py::is_method(model_class), py::sibling(py::getattr(model_class, "place", py::none())),
      py::arg("mode") = "fill", py::arg("placement") = py::none(), py::kw_only(), py::arg("jobs") = 0,
      py::arg("time_limit") = PlaceOptions{}.time_limit_s,
      "Places every workload it can so that check() finds no placement, availability, capacity or flow finding for "
      "it, at the least cost (spec place-v1); returns a PlaceResult. `mode` 'fill' keeps what the current placement "
      "places cleanly, 'replan' may move everything; `placement` (a dict workload id -> node ids, or a placement "
      "file's path) replaces the model's as the current one. Runs without the GIL; raises InputError for a bad "
      "placement.");
}

// Exceptions: the library's errors as Python exceptions, with their diagnostics.
void bind_exceptions(py::module_& m) {
  py::class_<Diagnostic>(m, "Diagnostic",
                         "One problem in an input: where it is (file, JSON pointer, line and column) "
                         "and what was expected there.")
      .def_property_readonly(
          "file",
          [](const Diagnostic& d) -> std::optional<std::string> {
            return d.file.empty() ? std::nullopt : std::optional<std::string>(d.file);
          },
          "The file the input came from; None for text and dictionaries.")
      .def_readonly("pointer", &Diagnostic::pointer, "RFC 6901 JSON pointer to the fault; \"\" is the whole document.")
      .def_property_readonly(
          "line",
          [](const Diagnostic& d) -> std::optional<std::uint32_t> {
            return d.line ? std::optional<std::uint32_t>(d.line) : std::nullopt;
          },
          "1-based line of the fault; None when unknown.")
      .def_property_readonly(
          "column",
          [](const Diagnostic& d) -> std::optional<std::uint32_t> {
            return d.column ? std::optional<std::uint32_t>(d.column) : std::nullopt;
          },
          "1-based column (in characters) of the fault; None when unknown.")
      .def_readonly("message", &Diagnostic::message, "What is wrong and what was expected.")
      .def("__str__", &Diagnostic::to_string)
      .def("__repr__", [](const Diagnostic& d) {
        return "Diagnostic(" + py::repr(py::str(d.to_string())).cast<std::string>() + ")";
      });

  {
    py::dict scope;
    scope["__builtins__"] = py::module_::import("builtins");
    scope["__name__"] = "clearance";
    py::exec(exception_source, scope);
    model_error_type = scope["ModelError"];
    marking_error_type = scope["MarkingError"];
    m.attr("ModelError") = model_error_type;
    m.attr("MarkingError") = marking_error_type;
  }
  py::register_exception_translator(&translate_exception);
}

// The rule catalogue.
void bind_rules(py::module_& m) {
  py::class_<RuleInfo>(m, "Rule", "A rule of the catalogue (spec section 4).")
      .def_property_readonly(
          "name", [](const RuleInfo& r) { return to_std(r.name); }, "Stable id, e.g. \"placement.release\".")
      .def_property_readonly(
          "severity", [](const RuleInfo& r) { return to_std(to_string(r.severity)); },
          "\"low\", \"medium\", \"high\" or \"critical\" (flow.route is critical for classified data, else high).")
      .def_property_readonly(
          "controls",
          [](const RuleInfo& r) {
            std::vector<std::string> controls;
            for (std::string_view control : r.controls) controls.emplace_back(control);
            return controls;
          },
          "NIST SP 800-53 Rev. 5 controls, in the spec's order.")
      .def_property_readonly(
          "keys",
          [](const RuleInfo& r) {
            std::vector<std::string> keys;
            const std::pair<FindingKey, const char*> order[] = {{key_workload, "workload"}, {key_flow, "flow"},
                                                                {key_link, "link"},         {key_node, "node"},
                                                                {key_data, "data"},         {key_resource, "resource"}};
            for (const auto& key : order)
              if (r.keys & key.first) keys.emplace_back(key.second);
            return keys;
          },
          "The keys its findings carry, in the spec's order.")
      .def_property_readonly(
          "summary", [](const RuleInfo& r) { return to_std(r.summary); }, "When it fires, in one line.")
      .def_property_readonly(
          "remediation", [](const RuleInfo& r) { return to_std(r.remediation); }, "How to fix a finding.")
      .def("__repr__", [](const RuleInfo& r) { return "Rule('" + to_std(r.name) + "')"; });

  m.def(
      "rules",
      [] {
        py::list list;
        for (const RuleInfo& info : rule_catalogue()) list.append(py::cast(&info, py::return_value_policy::reference));
        return list;
      },
      "Every rule of the catalogue, in the order of spec section 4.");
  m.def(
      "rule",
      [](const std::string& name) {
        const RuleInfo* info = find_rule(name);
        if (info == nullptr) throw py::key_error(name);
        return info;
      },
      py::return_value_policy::reference, "name"_a,
      "The rule with this id (\"placement.release\"); KeyError when there is none.");
}

// Markings and labels.
void bind_markings(py::module_& m) {
  py::class_<PyMarking>(m, "Marking",
                        "A CAPCO-style classification marking (spec section 3), e.g. "
                        "\"SECRET//SI/TK//REL TO USA, GBR\".\n\n"
                        "Parsed in the default US scheme. `a <= b` is label dominance: b's level is at least "
                        "a's, b has every compartment of a, and b is releasable to no country a is not. It is a "
                        "partial order: two markings may be incomparable.")
      .def_static("parse", &PyMarking::parse, "text"_a, "owner"_a = py::none(),
                  "Parses a marking (any case, levels by name or alias, groups expanded; abbreviations, "
                  "FGI, NATO and JOINT markings of markings-v1.1). `owner` is the data's owner country, "
                  "which REL TO lists first and which NOFORN releases to; by default USA, or the "
                  "originator of foreign government information. Raises MarkingError (a ModelError) when "
                  "the text does not follow the grammar, ValueError for an unknown owner or one the "
                  "marking rules out (another than an FGI originator, none of JOINT's co-owners).")
      .def_readonly("level", &PyMarking::level, "The level's name, e.g. \"SECRET\" (aliases resolved).")
      .def_readonly("compartments", &PyMarking::compartments, "Compartment names, sorted.")
      .def_readonly("controls", &PyMarking::controls,
                    "IC dissemination controls in CAPCO register order, long forms: FOUO, ORCON, IMCON, "
                    "NOFORN, PROPIN, \"REL TO\", RELIDO, \"DISPLAY ONLY\".")
      .def_property_readonly(
          "owner", [](const PyMarking& self) { return to_std(country_code(self.owner)); }, "The owner country's code.")
      .def_property_readonly(
          "rel_to", [](const PyMarking& self) { return country_codes(self.rel_to, self.rel_to_first); },
          "The REL TO countries, groups expanded, the owner (the originator for FGI) first; sorted "
          "without an owner for NATO and JOINT heads; [] without REL TO.")
      .def_readonly("head", &PyMarking::head,
                    "Whose marking it is (markings-v1.1): \"US\", \"FGI\" (//CCC LEVEL), \"NATO\" (//NATO "
                    "LEVEL, //COSMIC TOP SECRET) or \"JOINT\" (//JOINT LEVEL C1 C2...).")
      .def_property_readonly(
          "co_owners", [](const PyMarking& self) { return country_codes(self.co_owners); },
          "The co-owners of a JOINT marking, sorted; [] for other heads.")
      .def_property_readonly(
          "fgi",
          [](const PyMarking& self) -> std::optional<std::vector<std::string>> {
            if (!self.fgi) return std::nullopt;
            return country_codes(*self.fgi);
          },
          "The countries of the FGI section, sorted ([] for a bare \"FGI\"); None without one.")
      .def_property_readonly(
          "display_only", [](const PyMarking& self) { return country_codes(self.display_only); },
          "The DISPLAY ONLY countries, sorted; [] without DISPLAY ONLY. They change no releasable set.")
      .def_readonly("non_ic_controls", &PyMarking::non_ic_controls,
                    "Non-IC dissemination controls in canonical order: LIMDIS, EXDIS, NODIS, SBU, LES, SSI.")
      .def_property_readonly(
          "releasable", [](const PyMarking& self) { return country_codes(self.releasable, self.owner); },
          "Codes of the countries the data may be released to (spec section 3, markings-v1.1), owner "
          "first and the rest sorted: [owner] for NOFORN or an unreviewed controlled marking, every "
          "country for an uncontrolled one; the originator and the default owner for FGI, NATO's "
          "members for NATO, the co-owners for JOINT (each with what REL TO adds).")
      .def_property_readonly(
          "is_releasable_to_every_country", [](const PyMarking& self) { return self.releasable == every_country(); },
          "True when no country is excluded (an uncontrolled marking without NOFORN or REL TO).")
      .def(
          "__str__", [](const PyMarking& self) { return self.canonical; }, "The canonical form.")
      .def("__repr__",
           [](const PyMarking& self) {
             std::string text = "Marking.parse('" + self.canonical + "'";
             const bool default_owner = self.head == "FGI" ? self.owner == self.rel_to_first
                                                            : self.owner == *find_country("USA");
             if (!default_owner) text += ", owner='" + to_std(country_code(self.owner)) + "'";
             return text + ")";
           })
      .def(
          "__eq__", [](const PyMarking& a, const PyMarking& b) { return a == b; }, py::is_operator())
      .def(
          "__ne__", [](const PyMarking& a, const PyMarking& b) { return !(a == b); }, py::is_operator())
      .def("__hash__", [](const PyMarking& self) { return py::hash(py::make_tuple(self.canonical, self.owner)); })
      .def(
          "__le__", [](const PyMarking& a, const PyMarking& b) { return PyMarking::dominated_by(a, b); },
          py::is_operator())
      .def(
          "__ge__", [](const PyMarking& a, const PyMarking& b) { return PyMarking::dominated_by(b, a); },
          py::is_operator())
      .def(
          "__lt__",
          [](const PyMarking& a, const PyMarking& b) {
            return PyMarking::dominated_by(a, b) && !PyMarking::dominated_by(b, a);
          },
          py::is_operator())
      .def(
          "__gt__",
          [](const PyMarking& a, const PyMarking& b) {
            return PyMarking::dominated_by(b, a) && !PyMarking::dominated_by(a, b);
          },
          py::is_operator())
      .def(
          "dominates", [](const PyMarking& a, const PyMarking& b) { return PyMarking::dominated_by(b, a); }, "other"_a,
          "True when this marking's label dominates `other`'s (same as `other <= self`).");

  m.def(
      "canonical_marking", [](const std::string& text) { return canonical_marking(text); }, "text"_a,
      "The canonical form of a marking in the default US scheme with owner USA; raises MarkingError.");
}

// Findings, their witness hops and reports.
void bind_reports(py::module_& m) {
  py::class_<PyHop>(m, "Hop", "One hop of a flow finding's witness route.")
      .def_readonly("link", &PyHop::link, "The link crossed; None for the route's first node.")
      .def_readonly("node", &PyHop::node, "The node reached.")
      .def_readonly("label", &PyHop::label, "The label the data carries after the hop (canonical marking).")
      .def("__repr__", [](const PyHop& self) {
        return "Hop(link=" + (self.link ? "'" + *self.link + "'" : std::string("None")) +
               ", node=" + (self.node ? "'" + *self.node + "'" : std::string("None")) + ", label='" + self.label + "')";
      });

  py::class_<PyFinding>(m, "Finding",
                        "One rule violation. The key attributes (workload, node, data, flow, link, resource) "
                        "hold ids, or None when the rule does not carry that key.")
      .def_readonly("rule", &PyFinding::rule, "Rule id, e.g. \"placement.release\".")
      .def_readonly("severity", &PyFinding::severity, "\"critical\", \"high\", \"medium\" or \"low\".")
      .def_readonly("controls", &PyFinding::controls, "NIST SP 800-53 controls the rule maps to.")
      .def_readonly("message", &PyFinding::message, "The conflicting facts and the remediation.")
      .def_readonly("workload", &PyFinding::workload, "Workload id, or None.")
      .def_readonly("node", &PyFinding::node, "Node id, or None.")
      .def_readonly("data", &PyFinding::data, "Data id, or None.")
      .def_readonly("flow", &PyFinding::flow, "Flow id, or None.")
      .def_readonly("link", &PyFinding::link, "Link id, or None.")
      .def_readonly("resource", &PyFinding::resource, "Resource name, or None.")
      .def_readonly("path", &PyFinding::path, "Flow findings: the witness route as Hops (may be empty); [] otherwise.")
      .def_property_readonly(
          "waived",
          [](const PyFinding& self) -> py::object {
            return self.waived ? py::object(py::dict(*self.waived)) : py::object(py::none());
          },
          "When a waiver waives it: {'id', 'expires', 'justification', 'approved_by'}; else None.")
      .def_readonly("waiver_expired", &PyFinding::waiver_expired,
                    "When only expired waivers match it: the id of the first; else None.")
      .def_property_readonly(
          "is_waived", [](const PyFinding& self) { return self.waived.has_value(); },
          "True when a waiver waives it (it is still a finding, but does not fail a check).")
      .def("to_dict", &PyFinding::to_dict, "The finding as a dict shaped like spec section 5's JSON.")
      .def("__repr__", &PyFinding::repr)
      .def(
          "__eq__", [](const PyFinding& a, const PyFinding& b) { return a.to_dict().equal(b.to_dict()); },
          py::is_operator());

  py::class_<PyReport>(m, "Report", "The findings of one check, in spec section 5's order.")
      .def_property_readonly(
          "model", [](const PyReport& self) { return self.report.model; }, "The model's name.")
      .def_property_readonly("findings", &PyReport::findings,
                             "A new list of Finding: severity (critical first), then rule id, then key values.")
      .def_property_readonly("summary", &PyReport::summary,
                             "Counts as spec section 5: {'findings', 'critical', 'high', 'medium', 'low'}, and "
                             "'waived' when the check had waivers.")
      .def_property_readonly(
          "unused_waivers",
          [](const PyReport& self) -> std::optional<std::vector<std::string>> {
            if (self.report.waivers == nullptr) return std::nullopt;
            return self.waiver_ids(self.report.unused_waivers);
          },
          "Ids of the waivers that match no finding, in file order; None when the check had no waivers.")
      .def_property_readonly(
          "expired_waivers",
          [](const PyReport& self) -> std::optional<std::vector<std::string>> {
            if (self.report.waivers == nullptr) return std::nullopt;
            return self.waiver_ids(self.report.expired_waivers);
          },
          "Ids of the waivers expired on the check's date; None when the check had no waivers.")
      .def_property_readonly(
          "expiring_waivers",
          [](const PyReport& self) -> std::optional<std::vector<std::string>> {
            if (self.report.waivers == nullptr) return std::nullopt;
            return self.waiver_ids(self.report.expiring_waivers);
          },
          "Ids of the waivers that hold but expire within warn_expiring_days; None without waivers.")
      .def_property_readonly(
          "waiver_warnings", [](const PyReport& self) { return waiver_warnings(self.report, self.checked_model()); },
          "What the text report warns about the waivers (unused, expired, expiring), one str each.")
      .def_property_readonly(
          "is_compliant", [](const PyReport& self) { return self.report.findings.empty(); },
          "True when there is no finding.")
      .def(
          "has_findings_at_or_above",
          [](const PyReport& self, const std::string& severity) {
            return self.report.has_findings_at_or_above(severity_from(severity));
          },
          "severity"_a,
          "True when some finding that is not waived is at `severity` (\"low\" ... \"critical\") or above.")
      .def(
          "to_json",
          [](const PyReport& self) {
            py::gil_scoped_release release;
            return to_json(self.report, self.checked_model());
          },
          "The report as spec section 5's JSON text (what `clearance check --format json` prints).")
      .def(
          "to_text",
          [](const PyReport& self, bool colour) {
            py::gil_scoped_release release;
            return to_text(self.report, self.checked_model(), colour);
          },
          "colour"_a = false, "The report for people, grouped by severity; `colour` adds ANSI escapes.")
      .def("__len__", [](const PyReport& self) { return self.report.findings.size(); })
      .def("__iter__", [](const PyReport& self) { return py::iter(self.findings()); })
      .def("__repr__", [](const PyReport& self) {
        const Summary s = self.report.summary();
        return "<clearance.Report '" + self.report.model + "': " + std::to_string(s.findings) + " findings (" +
               std::to_string(s.critical) + " critical, " + std::to_string(s.high) + " high, " +
               std::to_string(s.medium) + " medium, " + std::to_string(s.low) + " low)>";
      });
}

// Read-only views of a model's nodes, links, data, workloads and flows.
void bind_views(py::module_& m) {
  bind_view<NodeTag>(m, "A node of a model: a region or an edge device.",
                     "The nodes of a model: a read-only sequence, indexable by position or id.")
      .def_property_readonly(
          "kind", [](const Ref<NodeTag>& r) { return to_std(to_string(r.model().nodes()[r.index].kind)); },
          "\"region\" or \"edge\".")
      .def_property_readonly(
          "is_edge", [](const Ref<NodeTag>& r) { return r.model().nodes()[r.index].is_edge(); },
          "True for an edge device (kind \"edge\").")
      .def_property_readonly(
          "name",
          [](const Ref<NodeTag>& r) -> std::optional<std::string> {
            const std::string& name = r.model().nodes()[r.index].name;
            return name.empty() ? std::nullopt : std::optional<std::string>(name);
          },
          "Display name; None when the model gives none.")
      .def_property_readonly(
          "jurisdiction",
          [](const Ref<NodeTag>& r) { return to_std(country_code(r.model().nodes()[r.index].jurisdiction)); },
          "Country code of where it physically is.")
      .def_property_readonly(
          "accredited", [](const Ref<NodeTag>& r) { return r.model().accreditation_of(r.index); },
          "The canonical marking it is accredited for, e.g. \"TOP SECRET//SI/TK\".")
      .def_property_readonly(
          "access", [](const Ref<NodeTag>& r) { return country_codes(r.model().nodes()[r.index].access); },
          "Codes of the nationalities of everyone who can reach its data, sorted.")
      .def_property_readonly(
          "impact_level",
          [](const Ref<NodeTag>& r) {
            return impact_level_name(r.model().nodes()[r.index].impact_level, r.model().scheme());
          },
          "Impact level name (\"IL5\"), or None.")
      .def_property_readonly(
          "zone",
          [](const Ref<NodeTag>& r) { return to_std(r.model().zone_names().name(r.model().nodes()[r.index].zone)); },
          "Failure domain (the node's id unless the model names one).")
      .def_property_readonly(
          "capacity",
          [](const Ref<NodeTag>& r) -> py::object {
            const Node& node = r.model().nodes()[r.index];
            if (!node.has_capacity) return py::none();
            return amounts(node.capacity, r.model());
          },
          "{resource: amount}, or None for unlimited. A resource not listed has capacity 0.")
      .def_property_readonly(
          "at_rest", [](const Ref<NodeTag>& r) { return to_std(to_string(r.model().nodes()[r.index].at_rest)); },
          "Encryption of stored data: \"none\", \"fips\", \"csfc\" or \"type1\".")
      .def_property_readonly(
          "mean_online_h", [](const Ref<NodeTag>& r) { return r.model().nodes()[r.index].mean_online_h; },
          "Mean hours connected (inf when always online).")
      .def_property_readonly(
          "mean_offline_h", [](const Ref<NodeTag>& r) { return r.model().nodes()[r.index].mean_offline_h; },
          "Mean hours disconnected (0 when always online).");

  bind_view<LinkTag>(m, "A link of a model: a network, guard, diode or courier.",
                     "The links of a model: a read-only sequence, indexable by position or id.")
      .def_property_readonly(
          "from_", [](const Ref<LinkTag>& r) { return to_std(r.model().node_id(r.model().links()[r.index].from)); },
          "Id of the node it starts from (`from` in the model file).")
      .def_property_readonly(
          "to", [](const Ref<LinkTag>& r) { return to_std(r.model().node_id(r.model().links()[r.index].to)); },
          "Id of the node it leads to.")
      .def_property_readonly(
          "kind", [](const Ref<LinkTag>& r) { return to_std(to_string(r.model().links()[r.index].kind)); },
          "\"network\", \"guard\", \"diode\" or \"courier\".")
      .def_property_readonly(
          "direction", [](const Ref<LinkTag>& r) { return to_std(to_string(r.model().links()[r.index].direction)); },
          "\"both\" or \"forward\" (from -> to only).")
      .def_property_readonly(
          "encryption", [](const Ref<LinkTag>& r) { return to_std(to_string(r.model().links()[r.index].encryption)); },
          "\"none\", \"tls\", \"csfc\" or \"type1\".")
      .def_property_readonly(
          "carrier",
          [](const Ref<LinkTag>& r) { return r.model().scheme().level_name(r.model().links()[r.index].carrier); },
          "Level name of the network that carries the traffic.")
      .def_property_readonly(
          "latency_ms", [](const Ref<LinkTag>& r) { return r.model().links()[r.index].latency_ms; },
          "Latency in ms (0 unless the model gives one).")
      .def_property_readonly(
          "bandwidth_mbps", [](const Ref<LinkTag>& r) { return r.model().links()[r.index].bandwidth_mbps; },
          "Bandwidth in Mbit/s (inf when unlimited).")
      .def_property_readonly(
          "releases",
          [](const Ref<LinkTag>& r) {
            const Model& model = r.model();
            std::vector<std::pair<std::string, std::string>> releases;
            for (const Release& release : model.links()[r.index].releases)
              releases.emplace_back(format_marking(release.from, model.scheme(), model.scheme().default_owner()),
                                    format_marking(release.to, model.scheme(), model.scheme().default_owner()));
            return releases;
          },
          "Guards: the relabellings it may perform, as (from, to) canonical markings; [] otherwise.");

  bind_view<DataTag>(m, "A data asset of a model.",
                     "The data assets of a model: a read-only sequence, indexable by position or id.")
      .def_property_readonly(
          "marking", [](const Ref<DataTag>& r) { return r.model().marking_of(r.index); },
          "The canonical marking, e.g. \"SECRET//REL TO USA, GBR\".")
      .def_property_readonly(
          "owner", [](const Ref<DataTag>& r) { return to_std(country_code(r.model().data()[r.index].owner)); },
          "The owner country's code.")
      .def_property_readonly(
          "level",
          [](const Ref<DataTag>& r) { return r.model().scheme().level_name(r.model().data()[r.index].label.level); },
          "The level's name.")
      .def_property_readonly(
          "compartments",
          [](const Ref<DataTag>& r) {
            return compartment_names(r.model().data()[r.index].label.compartments, r.model().scheme());
          },
          "Compartment names, sorted.")
      .def_property_readonly(
          "releasable",
          [](const Ref<DataTag>& r) {
            const Data& data = r.model().data()[r.index];
            return country_codes(data.label.releasable, data.owner);
          },
          "Codes of the countries it may be released to, owner first.")
      .def_property_readonly(
          "is_classified",
          [](const Ref<DataTag>& r) { return r.model().scheme().is_classified(r.model().data()[r.index].label.level); },
          "True when its level is at or above the scheme's classified_from.")
      .def_property_readonly(
          "residency",
          [](const Ref<DataTag>& r) -> std::optional<std::vector<std::string>> {
            const Data& data = r.model().data()[r.index];
            if (!data.has_residency) return std::nullopt;
            return country_codes(data.residency);
          },
          "Codes of the countries it may be placed in, sorted; None when unrestricted.")
      .def_property_readonly(
          "impact_level",
          [](const Ref<DataTag>& r) {
            return impact_level_name(r.model().data()[r.index].impact_level, r.model().scheme());
          },
          "The lowest impact level a node must have to hold it, or None.");

  bind_view<WorkloadTag>(m, "A workload of a model: a service or job placed on one node per replica.",
                         "The workloads of a model: a read-only sequence, indexable by position or id.")
      .def_property_readonly(
          "uses",
          [](const Ref<WorkloadTag>& r) {
            std::vector<std::string> ids;
            for (DataIndex data : r.model().workloads()[r.index].uses) ids.emplace_back(r.model().data_id(data));
            return ids;
          },
          "Ids of the data it uses, each once, in the order first listed.")
      .def_property_readonly(
          "resources",
          [](const Ref<WorkloadTag>& r) { return amounts(r.model().workloads()[r.index].resources, r.model()); },
          "{resource: amount} needed per replica.")
      .def_property_readonly(
          "replicas", [](const Ref<WorkloadTag>& r) { return r.model().workloads()[r.index].replicas; },
          "Replicas it needs (one node each).")
      .def_property_readonly(
          "min_zones", [](const Ref<WorkloadTag>& r) { return r.model().workloads()[r.index].min_zones; },
          "Distinct zones its replicas must span.")
      .def_property_readonly(
          "max_staleness_h", [](const Ref<WorkloadTag>& r) { return r.model().workloads()[r.index].max_staleness_h; },
          "Hours it tolerates being cut off, or None.")
      .def_property_readonly(
          "placement",
          [](const Ref<WorkloadTag>& r) {
            std::shared_lock<std::shared_mutex> lock(r.shared->placement_mutex);
            std::vector<std::string> ids;
            for (NodeIndex node : r.model().placement().nodes_of(r.index)) ids.emplace_back(r.model().node_id(node));
            return ids;
          },
          "Ids of the nodes of its replicas now ([] when unplaced).");

  bind_view<FlowTag>(m, "A flow of a model: data sent from one workload to another.",
                     "The flows of a model: a read-only sequence, indexable by position or id.")
      .def_property_readonly(
          "from_", [](const Ref<FlowTag>& r) { return to_std(r.model().workload_id(r.model().flows()[r.index].from)); },
          "Id of the sending workload (`from` in the model file).")
      .def_property_readonly(
          "to", [](const Ref<FlowTag>& r) { return to_std(r.model().workload_id(r.model().flows()[r.index].to)); },
          "Id of the receiving workload.")
      .def_property_readonly(
          "data", [](const Ref<FlowTag>& r) { return to_std(r.model().data_id(r.model().flows()[r.index].data)); },
          "Id of the data sent.")
      .def_property_readonly(
          "max_latency_ms", [](const Ref<FlowTag>& r) { return r.model().flows()[r.index].max_latency_ms; },
          "Latency bound in ms, or None.")
      .def_property_readonly(
          "min_bandwidth_mbps", [](const Ref<FlowTag>& r) { return r.model().flows()[r.index].min_bandwidth_mbps; },
          "Bandwidth need in Mbit/s, or None.");
}

// Waivers and models: loading, placement, check and the analyses' entry points.
void bind_models(py::module_& m) {
  auto share = [](Model model) { return std::make_shared<SharedModel>(std::move(model)); };

  py::class_<PyWaivers>(m, "Waivers",
                        "Accepted risks (spec waivers-v1): waivers read for one model, for Model.check(waivers=...).")
      .def_static(
          "load",
          [](const py::object& path, const ModelPtr& model) {
            const std::string file = path_from(path);
            py::gil_scoped_release release;
            return PyWaivers{std::make_shared<const Waivers>(load_waivers(file, model->model)), model};
          },
          "path"_a, "model"_a,
          "Reads a waivers file (str or os.PathLike) for `model`: its ids must be the model's. Raises "
          "ModelError listing every problem (pointer, line:column, \"did you mean\"), OSError when "
          "the file cannot be read.")
      .def_static(
          "from_json",
          [](const std::string& text, const ModelPtr& model, const std::string& file_name) {
            py::gil_scoped_release release;
            return PyWaivers{std::make_shared<const Waivers>(load_waivers_json(text, model->model, file_name)), model};
          },
          "text"_a, "model"_a, "file_name"_a = "", "Reads waivers from JSON text for `model`. Raises ModelError.")
      .def_property_readonly(
          "ids",
          [](const PyWaivers& self) {
            std::vector<std::string> ids;
            for (const Waiver& waiver : self.waivers->all()) ids.push_back(waiver.id);
            return ids;
          },
          "The waivers' ids, in file order.")
      .def_property_readonly(
          "file", [](const PyWaivers& self) { return self.waivers->file(); }, "The file they were read from.")
      .def("__len__", [](const PyWaivers& self) { return self.waivers->size(); })
      .def("__repr__", [](const PyWaivers& self) {
        return "<clearance.Waivers of '" + self.model->model.name() + "': " + std::to_string(self.waivers->size()) +
               " waivers>";
      });

  py::class_<SharedModel, std::shared_ptr<SharedModel>>(
      m, "Model",
      "A deployment model (spec section 2): nodes, links, data, workloads, flows and a placement.\n\n"
      "Make one with Model.load(path), Model.from_json(text) or Model.from_dict(obj). Everything "
      "but the placement is read-only; set_placement changes it and check() checks it.")
      .def_static(
          "load",
          [share](const py::object& path) {
            const std::string file = path_from(path);
            py::gil_scoped_release release;
            return share(load_model(file));
          },
          "path"_a,
          "Loads a model file (str or os.PathLike). Without a \"name\" key the model is named after "
          "the file. Raises ModelError listing every problem, OSError when the file cannot be read.")
      .def_static(
          "from_json",
          [share](const std::string& text, const std::string& file_name) {
            py::gil_scoped_release release;
            return share(load_model_json(text, file_name));
          },
          "text"_a, "file_name"_a = "",
          "Loads a model from JSON text (str or UTF-8 bytes). `file_name` appears in diagnostics and "
          "names the model when it has no \"name\" (\"model\" when empty). Raises ModelError.")
      .def_static(
          "from_dict",
          [share](const py::object& object, const std::string& file_name) {
            const std::string text = py::module_::import("json").attr("dumps")(object).cast<std::string>();
            py::gil_scoped_release release;
            return share(load_model_json(text, file_name));
          },
          "obj"_a, "file_name"_a = "",
          "Loads a model from a dict shaped like the JSON file (it goes through json.dumps, so the "
          "same strict rules apply). Raises ModelError; pointers name the place in the dict, line "
          "and column the place in json.dumps(obj).")
      .def_property_readonly(
          "name", [](const SharedModel& self) { return self.model.name(); }, "The model's name.")
      .def_property_readonly(
          "nodes", [](const ModelPtr& self) { return View<NodeTag>{self}; }, "The nodes (NodeView).")
      .def_property_readonly(
          "links", [](const ModelPtr& self) { return View<LinkTag>{self}; }, "The links (LinkView).")
      .def_property_readonly(
          "data", [](const ModelPtr& self) { return View<DataTag>{self}; }, "The data assets (DataView).")
      .def_property_readonly(
          "workloads", [](const ModelPtr& self) { return View<WorkloadTag>{self}; }, "The workloads (WorkloadView).")
      .def_property_readonly(
          "flows", [](const ModelPtr& self) { return View<FlowTag>{self}; }, "The flows (FlowView).")
      .def_property_readonly(
          "placement",
          [](const SharedModel& self) {
            std::shared_lock<std::shared_mutex> lock(self.placement_mutex);
            py::dict result;
            const Model& model = self.model;
            for (WorkloadIndex w = 0; w < model.workloads().size(); ++w) {
              if (!model.placement().is_placed(w)) continue;
              py::list nodes;
              for (NodeIndex node : model.placement().nodes_of(w)) nodes.append(to_std(model.node_id(node)));
              result[py::str(to_std(model.workload_id(w)))] = nodes;
            }
            return result;
          },
          "A new dict {workload id: [node id, ...]} of the placed workloads.")
      .def(
          "set_placement",
          [](SharedModel& self, const std::string& workload, const std::vector<std::string>& nodes) {
            py::gil_scoped_release release;
            std::vector<std::string_view> views(nodes.begin(), nodes.end());
            std::unique_lock<std::shared_mutex> lock(self.placement_mutex);
            self.model.set_placement(workload, views);
          },
          "workload"_a, "nodes"_a,
          "Places `workload`'s replicas on `nodes` (a list of node ids; [] unplaces it). Raises "
          "ModelError for an unknown id (with a \"did you mean\") or a node named twice, and "
          "changes nothing then.")
      .def(
          "check",
          [](const ModelPtr& self, unsigned jobs, const std::string& min_severity, const py::object& waivers,
             const py::object& today, int warn_expiring_days, std::uint64_t max_label_states) {
            if (warn_expiring_days < 0) throw py::value_error("warn_expiring_days must be at least 0");
            CheckOptions options;
            options.jobs = jobs;
            options.max_label_states = max_label_states;
            options.min_severity = severity_from(min_severity);
            options.waiver_options.warn_expiring_days = warn_expiring_days;
            if (!today.is_none()) options.waiver_options.today = date_from(today);
            options.waivers = waivers_for(self, waivers);
            PyReport result{{}, self};
            {
              py::gil_scoped_release release;
              std::shared_lock<std::shared_mutex> lock(self->placement_mutex);
              result.report = check(self->model, options);
            }
            return result;
          },
          "jobs"_a = 1, py::kw_only(), "min_severity"_a = "low", "waivers"_a = py::none(), "today"_a = py::none(), "warn_expiring_days"_a = 30,
          "max_label_states"_a = FlowCheckOptions::default_max_label_states,
          "Checks every rule of spec section 4 against the current placement and returns a Report. "
          "Runs without the GIL, on `jobs` threads (0: one per processor); the report does not depend "
          "on `jobs`. Findings below `min_severity` are left out.\n\n"
          "`waivers` (spec waivers-v1) is a Waivers or the path of a waivers file, read for this "
          "model; a waived finding stays in the report with `waived` set. `today` (\"YYYY-MM-DD\" or "
          "a datetime.date, default the current UTC date) is the date they are judged on. "
          "`max_label_states` bounds the (node, label) states of one data class's flow search "
          "(docs/limits.md). Raises ModelError for a bad waivers file or a class over that bound, "
          "ValueError for a bad date or waivers of another model.")
      .def(
          "copy",
          [share](const SharedModel& self) {
            std::shared_lock<std::shared_mutex> lock(self.placement_mutex);
            return share(self.model);
          },
          "An independent copy (for trying placements without touching this model).")
      .def("__copy__",
           [share](const SharedModel& self) {
             std::shared_lock<std::shared_mutex> lock(self.placement_mutex);
             return share(self.model);
           })
      .def("__deepcopy__",
           [share](const SharedModel& self, const py::object&) {
             std::shared_lock<std::shared_mutex> lock(self.placement_mutex);
             return share(self.model);
           })
      .def("__repr__", [](const SharedModel& self) {
        const Model& model = self.model;
        return "<clearance.Model '" + model.name() + "': " + std::to_string(model.nodes().size()) + " nodes, " +
               std::to_string(model.links().size()) + " links, " + std::to_string(model.data().size()) + " data, " +
               std::to_string(model.workloads().size()) + " workloads, " + std::to_string(model.flows().size()) +
               " flows>";
      });
}

}  // namespace
}  // namespace python
}  // namespace clearance

using namespace clearance;
using namespace clearance::python;

PYBIND11_MODULE(_clearance, m) {
  m.doc() =
      "The compiled core of the `clearance` package: pybind11 bindings over the C++ library.\n"
      "Import `clearance` rather than this module.";
  m.attr("__version__") = CLEARANCE_VERSION_STRING;

  bind_exceptions(m);
  bind_rules(m);
  bind_markings(m);
  bind_reports(m);
  bind_views(m);
  bind_models(m);
  bind_exposure(m);
  bind_resilience(m);
  bind_snapshots(m);
  bind_place(m);
}
