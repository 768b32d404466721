#include <clearance/builder.hpp>

#include "json_pointer.hpp"
#include "marking_parse.hpp"
#include "model_stream.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>

namespace clearance {
inline namespace v1 {

ModelBuilder& ModelBuilder::name(std::string name) {
  name_ = std::move(name);
  return *this;
}
ModelBuilder& ModelBuilder::scheme(SchemeSpec scheme) {
  scheme_ = std::move(scheme);
  return *this;
}
ModelBuilder& ModelBuilder::add_node(NodeSpec node) {
  nodes_.push_back(std::move(node));
  return *this;
}
ModelBuilder& ModelBuilder::add_link(LinkSpec link) {
  links_.push_back(std::move(link));
  return *this;
}
ModelBuilder& ModelBuilder::add_data(DataSpec data) {
  data_.push_back(std::move(data));
  return *this;
}
ModelBuilder& ModelBuilder::add_workload(WorkloadSpec workload) {
  workloads_.push_back(std::move(workload));
  return *this;
}
ModelBuilder& ModelBuilder::add_flow(FlowSpec flow) {
  flows_.push_back(std::move(flow));
  return *this;
}
ModelBuilder& ModelBuilder::place(std::string workload, std::vector<std::string> nodes) {
  placement_.emplace_back(std::move(workload), std::move(nodes));
  return *this;
}

void ModelBuilder::reserve(std::size_t nodes, std::size_t links, std::size_t data, std::size_t workloads,
                           std::size_t flows) {
  nodes_.reserve(nodes);
  links_.reserve(links);
  data_.reserve(data);
  workloads_.reserve(workloads);
  flows_.reserve(flows);
  placement_.reserve(workloads);
}

namespace {

std::string quoted(std::string_view text) { return "\"" + std::string(text) + "\""; }

// A JSON pointer built only when a diagnostic needs its text: a chain of parts that live
// on the stack while the builder checks one entity, so valid input allocates nothing.
class Pointer {
 public:
  Pointer(std::string_view collection, std::size_t index) : raw_(collection), index_(index), has_index_(true) {}
  Pointer(std::string_view collection, std::string_view key) : raw_(collection), key_(key), has_key_(true) {}

  // A child whose suffix is already pointer text, e.g. "/accredited".
  friend Pointer operator+(const Pointer& parent, const char* suffix) { return Pointer(&parent, suffix); }
  Pointer at(std::size_t index) const {
    Pointer child(this, "");
    child.index_ = index;
    child.has_index_ = true;
    return child;
  }
  Pointer key(std::string_view key) const {
    Pointer child(this, "");
    child.key_ = key;
    child.has_key_ = true;
    return child;
  }

  std::string str() const {
    std::string text = parent_ ? parent_->str() : std::string();
    text += raw_;
    if (has_index_) text += "/" + std::to_string(index_);
    if (has_key_) text += "/" + detail::escape_pointer_token(key_);
    return text;
  }

 private:
  Pointer(const Pointer* parent, std::string_view raw) : parent_(parent), raw_(raw) {}
  const Pointer* parent_ = nullptr;
  std::string_view raw_;
  std::string_view key_;
  std::size_t index_ = 0;
  bool has_index_ = false;
  bool has_key_ = false;
};

// Searches for the ids a model names over and over (a data id from many workloads and
// flows, a node id from many placement entries), remembered by their text: a hit spares
// IdTable::find its keyed hash, most of what a search costs. Direct-mapped by an unkeyed
// hash of the text and holding only ids the table holds, so ids chosen to collide here
// cost one compare more than the table's search alone, never a chain (hash flooding,
// issue 23). Ids longer than 16 bytes go straight to the table. The table must be the
// same on every call, and keep its ids (it may gain more).
class RecentIds {
 public:
  std::optional<std::uint32_t> find(const IdTable& ids, std::string_view name) {
    if (name.empty() || name.size() > 16) return ids.find(name);
    if (entries_.empty()) start(ids.size());
    const Text text = text_of(name);
    Entry& entry = entries_[slot_of(text, name.size())];
    if (entry.size == name.size() && entry.text.low == text.low && entry.text.high == text.high) return entry.index;
    const std::optional<std::uint32_t> index = ids.find(name);
    if (index) entry = Entry{text, static_cast<std::uint32_t>(name.size()), *index};
    return index;
  }

 private:
  // An id of 1 to 16 bytes as two words (overlapping where shorter): with its size,
  // they tell it from every other.
  struct Text {
    std::uint64_t low = 0;
    std::uint64_t high = 0;
  };
  struct Entry {
    Text text;
    std::uint32_t size = 0;  // 0: empty
    std::uint32_t index = 0;
  };

  template <typename Word>
  static Word load(const char* bytes) {
    Word word;
    std::memcpy(&word, bytes, sizeof word);
    return word;
  }
  static Text text_of(std::string_view name) {
    const char* p = name.data();
    const std::size_t n = name.size();
    if (n >= 8) return {load<std::uint64_t>(p), load<std::uint64_t>(p + n - 8)};
    if (n >= 4) return {load<std::uint32_t>(p) | static_cast<std::uint64_t>(load<std::uint32_t>(p + n - 4)) << 32, 0};
    const auto byte = [&](std::size_t i) { return static_cast<std::uint64_t>(static_cast<unsigned char>(p[i])); };
    return {byte(0) | byte(n / 2) << 8 | byte(n - 1) << 16, 0};
  }
  std::size_t slot_of(const Text& text, std::size_t size) const {
    std::uint64_t h = (text.low * 0x9E3779B97F4A7C15ull) ^ (text.high * 0xC2B2AE3D27D4EB4Full) ^ size;
    h ^= h >> 29;
    return static_cast<std::size_t>((h * 0x94D049BB133111EBull) >> shift_);
  }
  // Four entries an id of the table, up to 32,768 (768 KB): most ids keep theirs.
  void start(std::size_t count) {
    int bits = 6;
    while (bits < 15 && (std::size_t{1} << bits) < count * 4) ++bits;
    entries_.resize(std::size_t{1} << bits);
    shift_ = 64 - bits;
  }

  std::vector<Entry> entries_;
  int shift_ = 64;
};

// Validates specs into a Model, collecting every problem rather than stopping at the first.
class Assembler {
 public:
  explicit Assembler(std::vector<Diagnostic>& diagnostics) : diagnostics_(diagnostics) {}

  void fail(const Pointer& pointer, std::string message) {
    diagnostics_.push_back(Diagnostic{{}, pointer.str(), 0, 0, std::move(message)});
  }

  // "unknown node "x"; did you mean "y"?" for a reference to a missing id.
  std::string unknown(std::string_view what, std::string_view id, const IdTable& ids) {
    std::string message = "unknown " + std::string(what) + " " + quoted(id);
    if (ids.empty()) {
      message += "; the model has no " + std::string(what) + "s";
    } else if (wants_hint()) {
      if (auto hint = nearest_name(id, ids)) message += "; did you mean " + quoted(*hint) + "?";
    }
    return message;
  }

  bool wants_hint() const { return diagnostics_.size() < detail::hinted_diagnostics; }

  // Interns the id of element `index` of `collection` ("/nodes"); false (with its
  // diagnostic) when it is invalid or taken, and then a stand-in keeps the indices aligned.
  // `probe` is ids.prepare(id).
  bool intern_id(std::size_t index, std::string_view id, IdTable& ids, const char* collection,
                 const IdTable::Probe& probe) {
    const Pointer entity(collection, index);
    const Pointer pointer = entity + "/id";
    if (!is_valid_id(id)) {
      fail(pointer, "expected an id of [A-Za-z0-9._:-]+, got " + quoted(id));
      ids.intern("\x01invalid" + std::to_string(index));
      return false;
    }
    if (!ids.insert(id, probe)) {
      fail(pointer, "duplicate id " + quoted(id) + "; ids must be unique within " + std::string(collection).substr(1));
      ids.intern("\x01duplicate" + std::to_string(index));
      return false;
    }
    return true;
  }

  template <typename Spec>
  void intern_ids(const std::vector<Spec>& specs, IdTable& ids, const char* collection) {
    std::size_t bytes = 0;
    for (const auto& spec : specs) bytes += spec.id.size();
    ids.reserve(specs.size(), bytes);
    for (std::size_t i = 0; i < specs.size(); ++i) intern_id(i, specs[i].id, ids, collection, ids.prepare(specs[i].id));
  }

  std::optional<CountryId> country(const Pointer& pointer, const std::string& code, const Scheme& scheme) {
    if (auto id = find_country(code)) return id;
    if (scheme.find_group(code)) {
      fail(pointer, quoted(code) + " is a group; this field names one country");
      return std::nullopt;
    }
    std::string message = "unknown country " + quoted(code);
    if (auto id = find_country(normalize_words(code)))
      message += "; countries are written in upper case: " + quoted(country_code(*id));
    else
      message += "; expected an ISO 3166-1 alpha-3 code such as USA, GBR or AUS";
    fail(pointer, message);
    return std::nullopt;
  }

  std::optional<CountrySet> countries(const Pointer& pointer, const std::vector<std::string>& codes,
                                      const Scheme& scheme) {
    CountrySet set;
    bool ok = true;
    for (std::size_t i = 0; i < codes.size(); ++i) {
      if (auto found = scheme.find_countries(codes[i])) {
        set |= *found;
        continue;
      }
      ok = false;
      std::string message = "unknown country or group " + quoted(codes[i]);
      std::vector<std::string_view> groups;
      for (const auto& group : scheme.groups()) groups.push_back(group.first);
      if (auto id = find_country(normalize_words(codes[i])))
        message += "; countries are written in upper case: " + quoted(country_code(*id));
      else if (auto hint = wants_hint() ? nearest_name(codes[i], groups) : std::nullopt)
        message += "; did you mean " + quoted(*hint) + "?";
      else
        message += "; expected an ISO 3166-1 alpha-3 code or a group name";
      fail(pointer.at(i), message);
    }
    if (!ok) return std::nullopt;
    return set;
  }

  std::optional<Marking> marking(const Pointer& pointer, const std::string& text, Scheme& scheme) {
    try {
      return detail::parse_marking(text, scheme, wants_hint());
    } catch (const marking_error& e) {
      fail(pointer, "invalid marking " + quoted(text) + ": " + e.what());
      return std::nullopt;
    }
  }

  // The owner rules of markings-v1.1 §2 for a data entry; `owner` is the given owner (or
  // the default) and becomes the data's. A given owner that is no country has its own error.
  void owner_of(const Pointer& pointer, const Marking& marking, const DataSpec& spec, CountryId& owner,
                const Scheme& scheme) {
    const auto given = spec.owner ? find_country(*spec.owner) : std::nullopt;
    if (given) {
      if (auto conflict = owner_conflict(marking, *given, spec.marking)) fail(pointer, *conflict);
    }
    owner = data_owner(marking, owner, scheme);
  }

  std::optional<ImpactLevelIndex> impact_level(const Pointer& pointer, const std::string& name,
                                               const Scheme& scheme) {
    if (auto index = scheme.find_impact_level(name)) return index;
    std::vector<std::string_view> names;
    for (const auto& level : scheme.impact_levels()) names.push_back(level.name);
    std::string message = "unknown impact level " + quoted(name);
    if (auto hint = nearest_name(name, names)) {
      message += "; did you mean " + quoted(*hint) + "?";
    } else {
      message += "; expected one of";
      for (auto n : names) message += " " + std::string(n);
    }
    fail(pointer, message);
    return std::nullopt;
  }

  // Checks a number against its range: "> 0" (positive) or ">= 0".
  // Resilience-v1 §4: a probability of being up, 0 < p <= 1.
  bool availability(const Pointer& pointer, double value) {
    if (!(value > 0 && value <= 1)) {
      fail(pointer, "expected an availability with 0 < p <= 1, got " + std::to_string(value));
      return false;
    }
    return true;
  }

  bool number(const Pointer& pointer, double value, bool positive) {
    if (!std::isfinite(value) || value < 0 || (positive && value == 0)) {
      fail(pointer, std::string("expected a finite number ") + (positive ? "> 0" : ">= 0") + ", got " +
                        std::to_string(value));
      return false;
    }
    return true;
  }

  // `given`: NamedAmounts, or the loader's views of them (WorkloadText).
  template <typename Amounts>
  std::vector<ResourceAmount> amounts(const Pointer& pointer, const Amounts& given, IdTable& resources) {
    std::vector<ResourceAmount> result;
    result.reserve(given.size());
    for (const auto& [name, amount] : given) {
      const Pointer where = pointer.key(name);
      if (name.empty()) {
        fail(where, "expected a non-empty resource name");
        continue;
      }
      if (!number(where, amount, false)) continue;
      const ResourceIndex resource = resources.intern(name);
      if (std::any_of(result.begin(), result.end(), [&](const ResourceAmount& r) { return r.resource == resource; })) {
        fail(where, "resource " + quoted(name) + " is listed twice");
        continue;
      }
      result.push_back({resource, amount});
    }
    std::sort(result.begin(), result.end(),
              [](const ResourceAmount& a, const ResourceAmount& b) { return a.resource < b.resource; });
    return result;
  }

 private:
  std::vector<Diagnostic>& diagnostics_;
};

}  // namespace

// Builds one model from the specs of a ModelBuilder: one step per collection, in the order
// of the model file, each adding its problems to the diagnostics; the model is returned
// only when there are none. A nested class of ModelBuilder, so it may fill Model's
// private tables as ModelBuilder does. Each element is built by one function, which
// ModelStream (model_stream.hpp) also calls as the loader reads the elements.
class ModelBuilder::Assembly {
 public:
  explicit Assembly(ModelBuilder specs) : specs_(std::move(specs)), check_(diagnostics_) {}

  Model build() {
    model_.name_ = std::move(specs_.name_);
    model_.scheme_ = build_scheme(specs_.scheme_, diagnostics_);
    check_.intern_ids(specs_.nodes_, model_.node_ids_, "/nodes");
    check_.intern_ids(specs_.links_, model_.link_ids_, "/links");
    check_.intern_ids(specs_.data_, model_.data_ids_, "/data");
    check_.intern_ids(specs_.workloads_, model_.workload_ids_, "/workloads");
    check_.intern_ids(specs_.flows_, model_.flow_ids_, "/flows");
    model_.nodes_.resize(specs_.nodes_.size());
    for (std::size_t i = 0; i < specs_.nodes_.size(); ++i) build_node(i, specs_.nodes_[i], model_.nodes_[i]);
    model_.links_.resize(specs_.links_.size());
    for (std::size_t i = 0; i < specs_.links_.size(); ++i) build_link(i, specs_.links_[i], model_.links_[i]);
    model_.data_.resize(specs_.data_.size());
    for (std::size_t i = 0; i < specs_.data_.size(); ++i) build_data(i, specs_.data_[i], model_.data_[i]);
    model_.workloads_.resize(specs_.workloads_.size());
    for (std::size_t i = 0; i < specs_.workloads_.size(); ++i)
      build_workload(i, specs_.workloads_[i], model_.workloads_[i]);
    model_.flows_.resize(specs_.flows_.size());
    for (std::size_t i = 0; i < specs_.flows_.size(); ++i)
      build_flow(i, specs_.flows_[i], model_.flows_[i], probe_flow(specs_.flows_[i]));
    start_placement();
    for (std::size_t p = 0; p < specs_.placement_.size(); ++p)
      place(p, specs_.placement_[p].first, specs_.placement_[p].second);
    if (!diagnostics_.empty()) throw input_error(std::move(diagnostics_));
    return finish();
  }

 private:
  friend class clearance::v1::ModelStream;

  Scheme& scheme() { return model_.scheme_; }

  // The index of node `id`, or a diagnostic at `pointer` (with a "did you mean").
  std::optional<NodeIndex> node_ref(const Pointer& pointer, std::string_view id) {
    if (auto index = recent_nodes_.find(model_.node_ids_, id)) return index;
    check_.fail(pointer, check_.unknown("node", id, model_.node_ids_));
    return std::nullopt;
  }

  // A node (spec §2.2).
  void build_node(std::size_t i, const NodeSpec& spec, Node& node);
  // A link (spec §2.3): ends, direction, carrier, releases; after every node.
  void build_link(std::size_t i, const LinkSpec& spec, Link& link);
  // A data entry (spec §2.4): owner, marking, residency.
  void build_data(std::size_t i, const DataSpec& spec, Data& data);
  // A workload (spec §2.5); after every data entry. `Spec` is WorkloadSpec, or the
  // loader's WorkloadText (model_stream.hpp): the same fields, the text as views.
  template <typename Spec>
  void build_workload(std::size_t i, const Spec& spec, Workload& workload);
  // A flow (spec §2.6); after every workload and data entry. Its two workloads are
  // searched with probes prepared ahead (probe_flow), as ModelStream prepares them a few
  // flows before it builds each: a large estate's workload table is beyond the cache.
  struct FlowProbes {
    IdTable::Probe from;
    IdTable::Probe to;
  };
  // `Spec` is FlowSpec, or the loader's FlowText (model_stream.hpp).
  template <typename Spec>
  FlowProbes probe_flow(const Spec& spec) const {
    return {model_.workload_ids_.prepare(spec.from), model_.workload_ids_.prepare(spec.to)};
  }
  template <typename Spec>
  void build_flow(std::size_t i, const Spec& spec, Flow& flow, const FlowProbes& probes);
  // The placement (spec §2.7), one entry at a time after every node and workload: each
  // entry's nodes are resolved into one array (entry p's at [start_[p], start_[p + 1])),
  // then finish() lays them out by workload: no allocation per entry.
  void start_placement() { entry_of_.assign(model_.workloads_.size(), -1); }
  // `Ids` is a vector of strings, or of the loader's views.
  template <typename Ids>
  void place(std::size_t p, std::string_view workload_id, const Ids& node_list);
  // The model, with the placement laid out; only when there are no diagnostics.
  Model finish();

  // ModelStream's steps: one element at a time, each after the collections it refers to;
  // false when the element has a problem.
  bool ok() const { return diagnostics_.empty(); }
  void set_name(std::string name) { model_.name_ = std::move(name); }
  void set_scheme(const SchemeSpec& spec) { model_.scheme_ = build_scheme(spec, diagnostics_); }
  // `id` is ids.prepare(spec.id); `more` what build_one takes after the element.
  template <typename Spec, typename Element, typename Build, typename... More>
  bool add(const Spec& spec, std::vector<Element>& elements, IdTable& ids, const char* collection,
           const IdTable::Probe& id, Build build_one, const More&... more) {
    const std::size_t i = elements.size();
    if (!check_.intern_id(i, spec.id, ids, collection, id)) return false;
    (this->*build_one)(i, spec, elements.emplace_back(), more...);
    return ok();
  }
  bool add_node(const NodeSpec& spec) {
    return add(spec, model_.nodes_, model_.node_ids_, "/nodes", model_.node_ids_.prepare(spec.id), &Assembly::build_node);
  }
  bool add_link(const LinkSpec& spec) {
    return add(spec, model_.links_, model_.link_ids_, "/links", model_.link_ids_.prepare(spec.id), &Assembly::build_link);
  }
  bool add_data(const DataSpec& spec) {
    return add(spec, model_.data_, model_.data_ids_, "/data", model_.data_ids_.prepare(spec.id), &Assembly::build_data);
  }
  // Workloads and flows come with their probes prepared (ModelStream's Pending).
  struct WorkloadProbes {
    IdTable::Probe id;
  };
  WorkloadProbes probe_workload(const WorkloadText& spec) const { return {model_.workload_ids_.prepare(spec.id)}; }
  bool add_workload(const WorkloadText& spec, const WorkloadProbes& probes) {
    return add(spec, model_.workloads_, model_.workload_ids_, "/workloads", probes.id, &Assembly::build_workload<WorkloadText>);
  }
  struct FlowAndIdProbes {
    IdTable::Probe id;
    FlowProbes refs;
  };
  FlowAndIdProbes probe_flow_and_id(const FlowText& spec) const {
    return {model_.flow_ids_.prepare(spec.id), probe_flow(spec)};
  }
  bool add_flow(const FlowText& spec, const FlowAndIdProbes& probes) {
    return add(spec, model_.flows_, model_.flow_ids_, "/flows", probes.id, &Assembly::build_flow<FlowText>, probes.refs);
  }
  void reserve_workloads(std::size_t count) {
    model_.workloads_.reserve(count);
    model_.workload_ids_.reserve(count, 0);
  }
  void reserve_flows(std::size_t count) {
    model_.flows_.reserve(count);
    model_.flow_ids_.reserve(count, 0);
  }
  bool add_placement(std::string_view workload_id, const std::vector<std::string_view>& node_list) {
    place(start_.size(), workload_id, node_list);
    return ok();
  }
  // finish() for a model whose collections grew one element at a time: the room they
  // reserved beyond their elements goes back first (a model is kept long).
  Model finish_grown() {
    model_.nodes_.shrink_to_fit();
    model_.links_.shrink_to_fit();
    model_.data_.shrink_to_fit();
    model_.workloads_.shrink_to_fit();
    model_.flows_.shrink_to_fit();
    for (IdTable* ids : {&model_.node_ids_, &model_.link_ids_, &model_.data_ids_, &model_.workload_ids_,
                         &model_.flow_ids_, &model_.zone_names_, &model_.resource_names_})
      ids->shrink_to_fit();
    return finish();
  }

  ModelBuilder specs_;
  std::vector<Diagnostic> diagnostics_;
  Assembler check_;
  Model model_;
  std::vector<std::int64_t> entry_of_;  // workload -> its placement entry, or -1
  std::vector<NodeIndex> resolved_;
  std::vector<std::uint32_t> start_;     // entry p's nodes start at resolved_[start_[p]]
  RecentIds recent_nodes_;               // references to nodes and data entries
  RecentIds recent_data_;
  std::uint32_t next_placed_ = 0;        // the workload after the last placement entry's
};

void ModelBuilder::Assembly::build_node(std::size_t i, const NodeSpec& spec, Node& node) {
  const Pointer base("/nodes", i);
  node.kind = spec.kind;
  node.at_rest = spec.at_rest;
  node.name = spec.name;
  if (auto country = check_.country(base + "/jurisdiction", spec.jurisdiction, scheme())) node.jurisdiction = *country;
  if (auto marking = check_.marking(base + "/accredited", spec.accredited, scheme())) {
    if (marking->is_foreign())
      check_.fail(base + "/accredited", "expected an accreditation in the scheme's own levels, got the foreign marking " +
                                           quoted(spec.accredited) + "; write its level and compartments, e.g. \"SECRET\"");
    else if (marking->has_fgi_section)
      check_.fail(base + "/accredited", "expected an accreditation of level and compartments only, got an FGI section in " +
                                           quoted(spec.accredited));
    else if (marking->has_dissemination_controls())
      check_.fail(base + "/accredited",
                 "expected an accreditation of level and compartments only, got dissemination controls in " +
                     quoted(spec.accredited) + "; who may reach the node is given by \"access\"");
    node.accredited = Label{marking->level, marking->compartments, every_country()};
  }
  if (spec.access) {
    if (spec.access->empty()) check_.fail(base + "/access", "expected at least one country or group");
    if (auto set = check_.countries(base + "/access", *spec.access, scheme())) node.access = *set;
  } else {
    node.access.insert(node.jurisdiction);
  }
  if (spec.impact_level) {
    if (auto index = check_.impact_level(base + "/impact_level", *spec.impact_level, scheme())) node.impact_level = *index;
  }
  if (spec.zone) {
    // Control characters are refused so that no zone name can equal the "\x01" + id
    // that stands for a node's own zone below.
    if (spec.zone->empty() || std::any_of(spec.zone->begin(), spec.zone->end(),
                                          [](char c) { return static_cast<unsigned char>(c) < 0x20; }))
      check_.fail(base + "/zone", "expected a non-empty zone name without control characters");
    node.zone = model_.zone_names_.intern(*spec.zone);
  } else {
    // A node without a zone is its own failure domain; "\x01" keeps it apart from named zones.
    node.zone = model_.zone_names_.intern("\x01" + spec.id);
  }
  if (spec.capacity) {
    node.has_capacity = true;
    node.capacity = check_.amounts(base + "/capacity", *spec.capacity, model_.resource_names_);
  }
  if (!spec.price.empty()) node.price = check_.amounts(base + "/price", spec.price, model_.resource_names_);
  if (spec.mean_online_h && check_.number(base + "/connectivity/mean_online_h", *spec.mean_online_h, true))
    node.mean_online_h = *spec.mean_online_h;
  if (spec.mean_offline_h && check_.number(base + "/connectivity/mean_offline_h", *spec.mean_offline_h, false))
    node.mean_offline_h = *spec.mean_offline_h;
  if (spec.availability && check_.availability(base + "/availability", *spec.availability))
    node.availability = spec.availability;
}

void ModelBuilder::Assembly::build_link(std::size_t i, const LinkSpec& spec, Link& link) {
  const Pointer base("/links", i);
  link.kind = spec.kind;
  link.encryption = spec.encryption;
  auto from = node_ref(base + "/from", spec.from);
  auto to = node_ref(base + "/to", spec.to);
  if (from) link.from = *from;
  if (to) link.to = *to;
  if (from && to && *from == *to)
    check_.fail(base + "/to", "a link joins two different nodes; both ends are " + quoted(spec.from));
  if (spec.kind == LinkKind::diode) {
    if (spec.direction == Direction::both)
      check_.fail(base + "/direction", "a diode is one-way: its direction is always \"forward\" (from -> to)");
    link.direction = Direction::forward;
  } else {
    link.direction = spec.direction.value_or(Direction::both);
  }
  if (spec.carrier) {
    if (auto level = scheme().find_level(*spec.carrier)) link.carrier = *level;
    else check_.fail(base + "/carrier", "unknown level " + quoted(*spec.carrier) + "; expected a level name or alias");
  } else if (from && to) {
    link.carrier = std::min(model_.nodes_[*from].accredited.level, model_.nodes_[*to].accredited.level);
  }
  if (check_.number(base + "/latency_ms", spec.latency_ms, false)) link.latency_ms = spec.latency_ms;
  if (spec.availability && check_.availability(base + "/availability", *spec.availability))
    link.availability = spec.availability;
  if (spec.bandwidth_mbps && check_.number(base + "/bandwidth_mbps", *spec.bandwidth_mbps, true))
    link.bandwidth_mbps = *spec.bandwidth_mbps;
  if (spec.releases) {
    if (spec.kind != LinkKind::guard) {
      check_.fail(base + "/releases", "only a guard performs releases; this link is a " +
                                         std::string(to_string(spec.kind)));
    } else {
      for (std::size_t r = 0; r < spec.releases->size(); ++r) {
        const Pointer releases = base + "/releases";
        const Pointer where = releases.at(r);
        auto release_from = check_.marking(where + "/from", (*spec.releases)[r].from, scheme());
        auto release_to = check_.marking(where + "/to", (*spec.releases)[r].to, scheme());
        if (release_from && release_to) link.releases.push_back({*release_from, *release_to});
      }
    }
  }
}

void ModelBuilder::Assembly::build_data(std::size_t i, const DataSpec& spec, Data& data) {
  const Pointer base("/data", i);
  data.owner = scheme().default_owner();
  if (spec.owner) {
    if (auto owner = check_.country(base + "/owner", *spec.owner, scheme())) data.owner = *owner;
  }
  if (auto marking = check_.marking(base + "/marking", spec.marking, scheme())) {
    check_.owner_of(base + "/owner", *marking, spec, data.owner, scheme());
    data.marking = *marking;
    data.label = label_of(data.marking, data.owner, scheme());
  }
  if (spec.residency) {
    if (spec.residency->empty()) check_.fail(base + "/residency", "expected at least one country or group");
    if (auto set = check_.countries(base + "/residency", *spec.residency, scheme())) {
      data.has_residency = true;
      data.residency = *set;
    }
  }
  if (spec.impact_level) {
    if (auto index = check_.impact_level(base + "/impact_level", *spec.impact_level, scheme())) data.impact_level = *index;
  }
}

template <typename Spec>
void ModelBuilder::Assembly::build_workload(std::size_t i, const Spec& spec, Workload& workload) {
  const Pointer base("/workloads", i);
  workload.uses.reserve(spec.uses.size());
  for (std::size_t u = 0; u < spec.uses.size(); ++u) {
    auto data = recent_data_.find(model_.data_ids_, spec.uses[u]);
    if (!data) {
      check_.fail((base + "/uses").at(u), check_.unknown("data", spec.uses[u], model_.data_ids_));
      continue;
    }
    // A data id listed twice counts once (spec §2.7).
    if (std::find(workload.uses.begin(), workload.uses.end(), *data) == workload.uses.end())
      workload.uses.push_back(*data);
  }
  workload.resources = check_.amounts(base + "/resources", spec.resources, model_.resource_names_);
  if (spec.replicas < 1 || spec.replicas > 1'000'000)
    check_.fail(base + "/replicas", "expected an integer from 1 to 1000000, got " + std::to_string(spec.replicas));
  else
    workload.replicas = static_cast<std::uint32_t>(spec.replicas);
  if (spec.min_zones < 1 || spec.min_zones > 1'000'000)
    check_.fail(base + "/min_zones", "expected an integer from 1 to 1000000, got " + std::to_string(spec.min_zones));
  else
    workload.min_zones = static_cast<std::uint32_t>(spec.min_zones);
  if (spec.max_staleness_h && check_.number(base + "/max_staleness_h", *spec.max_staleness_h, true))
    workload.max_staleness_h = spec.max_staleness_h;
}

template <typename Spec>
void ModelBuilder::Assembly::build_flow(std::size_t i, const Spec& spec, Flow& flow, const FlowProbes& probes) {
  const Pointer base("/flows", i);
  if (auto from = model_.workload_ids_.find(spec.from, probes.from)) flow.from = *from;
  else check_.fail(base + "/from", check_.unknown("workload", spec.from, model_.workload_ids_));
  if (auto to = model_.workload_ids_.find(spec.to, probes.to)) flow.to = *to;
  else check_.fail(base + "/to", check_.unknown("workload", spec.to, model_.workload_ids_));
  if (auto data = recent_data_.find(model_.data_ids_, spec.data)) flow.data = *data;
  else check_.fail(base + "/data", check_.unknown("data", spec.data, model_.data_ids_));
  if (spec.max_latency_ms && check_.number(base + "/max_latency_ms", *spec.max_latency_ms, false))
    flow.max_latency_ms = spec.max_latency_ms;
  if (spec.min_bandwidth_mbps && check_.number(base + "/min_bandwidth_mbps", *spec.min_bandwidth_mbps, true))
    flow.min_bandwidth_mbps = spec.min_bandwidth_mbps;
}

template <typename Ids>
void ModelBuilder::Assembly::place(std::size_t p, std::string_view workload_id, const Ids& node_list) {
  start_.push_back(static_cast<std::uint32_t>(resolved_.size()));  // start_[p]
  const Pointer base("/placement", workload_id);
  // Entries mostly list the workloads in their order: the one after the last entry's is
  // tried first, by its text (ids are unique, so equal text is that workload), which
  // spares a hash and a lookup that misses the cache in a large estate.
  const IdTable& workloads = model_.workload_ids_;
  std::optional<std::uint32_t> workload;
  if (next_placed_ < workloads.size() && workloads.name(next_placed_) == workload_id) workload = next_placed_;
  else workload = workloads.find(workload_id);
  if (workload) next_placed_ = *workload + 1;
  if (!workload) {
    check_.fail(base, check_.unknown("workload", workload_id, model_.workload_ids_));
    return;
  }
  if (entry_of_[*workload] >= 0) {
    check_.fail(base, "workload " + quoted(workload_id) + " is placed twice");
    return;
  }
  entry_of_[*workload] = static_cast<std::int64_t>(p);
  const std::size_t first = resolved_.size();
  for (std::size_t n = 0; n < node_list.size(); ++n) {
    auto node = node_ref(base.at(n), node_list[n]);
    if (!node) continue;
    if (std::find(resolved_.begin() + static_cast<std::ptrdiff_t>(first), resolved_.end(), *node) != resolved_.end()) {
      check_.fail(base.at(n), "node " + quoted(node_list[n]) + " is named twice; list each node once");
      continue;
    }
    resolved_.push_back(*node);
  }
}

Model ModelBuilder::Assembly::finish() {
  start_.push_back(static_cast<std::uint32_t>(resolved_.size()));
  std::vector<std::uint32_t> offsets(model_.workloads_.size() + 1, 0);
  std::vector<NodeIndex> placed;
  placed.reserve(resolved_.size());
  for (std::size_t w = 0; w < model_.workloads_.size(); ++w) {
    if (w < entry_of_.size() && entry_of_[w] >= 0) {
      const auto p = static_cast<std::size_t>(entry_of_[w]);
      placed.insert(placed.end(), resolved_.begin() + start_[p], resolved_.begin() + start_[p + 1]);
    }
    offsets[w + 1] = static_cast<std::uint32_t>(placed.size());
  }
  model_.placement_ = Placement(std::move(offsets), std::move(placed));
  return std::move(model_);
}

Model ModelBuilder::build() {
  // Leave the builder empty however build() ends.
  ModelBuilder specs = std::move(*this);
  *this = ModelBuilder();
  return Assembly(std::move(specs)).build();
}

namespace {

// A spec as new, but with the room of its lists (read into it again, they do not allocate).
void renew(WorkloadText& spec) {
  std::vector<std::string_view> uses = std::move(spec.uses);
  std::vector<std::pair<std::string_view, double>> resources = std::move(spec.resources);
  uses.clear();
  resources.clear();
  spec = WorkloadText{};
  spec.uses = std::move(uses);
  spec.resources = std::move(resources);
}
void renew(FlowText& spec) { spec = FlowText{}; }

// The last few elements of one collection read but not yet built, with the probes of
// their ids prepared when each came (IdTable::prepare): by the time an element is built,
// the slots it looks up have come from memory. Sixteen elements' reading covers a miss.
template <typename Spec, typename Probes>
class Ring {
 public:
  static constexpr std::size_t depth = 16;

  // The spec to read the next element into; when the ring is full, the oldest is built
  // first (a problem with it shows in commit()).
  template <typename Build>
  Spec& next(Build&& build) {
    if (count_ == depth && !build_oldest(build)) failed_ = true;
    Spec& spec = specs_[(head_ + count_) % depth];
    renew(spec);
    return spec;
  }
  const Spec& last_read() const { return specs_[(head_ + count_) % depth]; }
  // next()'s spec, read, joins the ring.
  bool commit(const Probes& probes) {
    probes_[(head_ + count_) % depth] = probes;
    ++count_;
    return !failed_;
  }
  template <typename Build>
  bool flush(Build&& build) {
    while (count_ > 0 && !failed_)
      if (!build_oldest(build)) failed_ = true;
    count_ = 0;
    return !failed_;
  }

 private:
  template <typename Build>
  bool build_oldest(Build& build) {
    const bool ok = build(specs_[head_], probes_[head_]);
    head_ = (head_ + 1) % depth;
    --count_;
    return ok;
  }
  std::array<Spec, depth> specs_{};
  std::array<Probes, depth> probes_{};
  std::size_t head_ = 0;
  std::size_t count_ = 0;
  bool failed_ = false;
};

}  // namespace

struct ModelStream::Pending {
  explicit Pending(ModelBuilder::Assembly& assembly) : assembly_(assembly) {}
  ModelBuilder::Assembly& assembly_;
  Ring<WorkloadText, ModelBuilder::Assembly::WorkloadProbes> workloads;
  Ring<FlowText, ModelBuilder::Assembly::FlowAndIdProbes> flows;
  bool build(const WorkloadText& spec, const ModelBuilder::Assembly::WorkloadProbes& probes) {
    return assembly_.add_workload(spec, probes);
  }
  bool build(const FlowText& spec, const ModelBuilder::Assembly::FlowAndIdProbes& probes) {
    return assembly_.add_flow(spec, probes);
  }
};

ModelStream::ModelStream()
    : assembly_(std::make_unique<ModelBuilder::Assembly>(ModelBuilder())),
      pending_(std::make_unique<Pending>(*assembly_)) {}
ModelStream::~ModelStream() = default;

// Builds the pending elements: each collection's before the next one's come (flows
// refer to every workload).
bool ModelStream::flush() {
  const auto build = [this](const auto& spec, const auto& probes) { return pending_->build(spec, probes); };
  return pending_->workloads.flush(build) && pending_->flows.flush(build);
}

bool ModelStream::enter(Phase phase) {
  if (phase < phase_) return false;
  if (phase != phase_ && !flush()) return false;
  if (phase_ == Phase::start && phase != Phase::scheme) assembly_->set_scheme(SchemeSpec{});
  if (phase == Phase::placement && phase_ != Phase::placement) assembly_->start_placement();
  phase_ = phase;
  return assembly_->ok();
}

bool ModelStream::name(std::string name) {
  assembly_->set_name(std::move(name));
  return true;
}

bool ModelStream::scheme(const SchemeSpec& scheme) {
  if (phase_ != Phase::start) return false;
  phase_ = Phase::scheme;
  assembly_->set_scheme(scheme);
  return assembly_->ok();
}

bool ModelStream::add_node(const NodeSpec& node) { return enter(Phase::nodes) && assembly_->add_node(node); }
bool ModelStream::add_link(const LinkSpec& link) { return enter(Phase::links) && assembly_->add_link(link); }
bool ModelStream::add_data(const DataSpec& data) { return enter(Phase::data) && assembly_->add_data(data); }
void ModelStream::reserve_workloads(std::size_t count) { assembly_->reserve_workloads(count); }
void ModelStream::reserve_flows(std::size_t count) { assembly_->reserve_flows(count); }

WorkloadText& ModelStream::next_workload() {
  return pending_->workloads.next([this](const auto& spec, const auto& probes) { return pending_->build(spec, probes); });
}
bool ModelStream::add_workload() {
  if (!enter(Phase::workloads)) return false;
  return pending_->workloads.commit(assembly_->probe_workload(pending_->workloads.last_read()));
}
FlowText& ModelStream::next_flow() {
  return pending_->flows.next([this](const auto& spec, const auto& probes) { return pending_->build(spec, probes); });
}
bool ModelStream::add_flow() {
  if (!enter(Phase::flows)) return false;
  return pending_->flows.commit(assembly_->probe_flow_and_id(pending_->flows.last_read()));
}
bool ModelStream::place(std::string_view workload, const std::vector<std::string_view>& nodes) {
  return enter(Phase::placement) && assembly_->add_placement(workload, nodes);
}

std::optional<Model> ModelStream::build() {
  if (!enter(Phase::built)) return std::nullopt;
  return assembly_->finish_grown();
}

}  // namespace v1
}  // namespace clearance
