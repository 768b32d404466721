// JSON -> specs (syntax, types, keys, with positions) -> ModelBuilder (meaning). The
// builder's diagnostics carry JSON pointers; they are mapped back to line:column here.
#include <clearance/builder.hpp>
#include <clearance/load.hpp>

#include "json_reader.hpp"
#include "load_fast.hpp"
#include "model_stream.hpp"
#include "read_file.hpp"

#include <algorithm>
#include <filesystem>
#include <initializer_list>
#include <optional>

namespace clearance {
inline namespace v1 {
namespace {

using detail::JsonDocument;
using detail::JsonMember;
using detail::JsonType;
using detail::JsonValue;
using detail::Reader;
using detail::bit;
using detail::max_diagnostics;
using detail::parse_or_throw;

template <typename In, typename V>
SchemeSpec read_scheme(In& in, const V& value) {
  SchemeSpec spec;
  in.read_object(value, {"levels", "aliases", "groups", "classified_from", "controlled_from", "impact_levels",
                         "default_owner"},
                 0, [&](std::uint32_t key, const auto& v) {
                   switch (key) {
                     case 0: in.read(v, spec.levels); break;
                     case 1: in.read(v, spec.aliases); break;
                     case 2:
                       if (in.expect(v, JsonType::object, "an object of country lists")) {
                         in.for_each_member(v, [&](std::string_view name, const auto& members) {
                           std::vector<std::string> list;
                           if (in.read(members, list)) spec.groups.emplace_back(std::string(name), std::move(list));
                         });
                       }
                       break;
                     case 3: in.read(v, spec.classified_from); break;
                     case 4: in.read(v, spec.controlled_from); break;
                     case 5: {
                       std::vector<std::pair<std::string, std::string>> levels;
                       if (in.read(v, levels)) spec.impact_levels = std::move(levels);
                       break;
                     }
                     case 6: in.read(v, spec.default_owner); break;
                   }
                 });
  return spec;
}

template <typename In, typename V>
NodeSpec read_node(In& in, const V& value) {
  NodeSpec spec;
  in.read_object(value, {"id", "kind", "name", "jurisdiction", "accredited", "access", "impact_level", "zone",
                         "capacity", "at_rest", "connectivity", "availability", "price"},
                 bit(0) | bit(3) | bit(4), [&](std::uint32_t key, const auto& v) {
                   switch (key) {
                     case 0: in.read(v, spec.id); break;
                     case 1: in.read_enum(v, {{"region", NodeKind::region}, {"edge", NodeKind::edge}}, spec.kind); break;
                     case 2: in.read(v, spec.name); break;
                     case 3: in.read(v, spec.jurisdiction); break;
                     case 4: in.read(v, spec.accredited); break;
                     case 5: in.read(v, spec.access); break;
                     case 6: in.read(v, spec.impact_level); break;
                     case 7: in.read(v, spec.zone); break;
                     case 8: {
                       NamedAmounts capacity;
                       if (in.read(v, capacity)) spec.capacity = std::move(capacity);
                       break;
                     }
                     case 9:
                       in.read_enum(v, {{"none", AtRest::none}, {"fips", AtRest::fips}, {"csfc", AtRest::csfc},
                                        {"type1", AtRest::type1}},
                                    spec.at_rest);
                       break;
                     case 10:
                       in.read_object(v, {"mean_online_h", "mean_offline_h"}, 0,
                                      [&](std::uint32_t k, const auto& n) {
                                        if (k == 0) in.read(n, spec.mean_online_h);
                                        else in.read(n, spec.mean_offline_h);
                                      });
                       break;
                     case 11: in.read(v, spec.availability); break;
                     case 12: in.read(v, spec.price); break;
                   }
                 });
  return spec;
}

template <typename In, typename V>
LinkSpec read_link(In& in, const V& value) {
  LinkSpec spec;
  in.read_object(
      value, {"id", "from", "to", "kind", "direction", "carrier", "encryption", "latency_ms", "bandwidth_mbps", "releases",
              "availability"},
      bit(0) | bit(1) | bit(2), [&](std::uint32_t key, const auto& v) {
        switch (key) {
          case 0: in.read(v, spec.id); break;
          case 1: in.read(v, spec.from); break;
          case 2: in.read(v, spec.to); break;
          case 3:
            in.read_enum(v, {{"network", LinkKind::network}, {"guard", LinkKind::guard}, {"diode", LinkKind::diode},
                             {"courier", LinkKind::courier}},
                         spec.kind);
            break;
          case 4: {
            Direction direction = Direction::both;
            if (in.read_enum(v, {{"both", Direction::both}, {"forward", Direction::forward}}, direction))
              spec.direction = direction;
            break;
          }
          case 5: in.read(v, spec.carrier); break;
          case 6:
            in.read_enum(v, {{"none", Encryption::none}, {"tls", Encryption::tls}, {"csfc", Encryption::csfc},
                             {"type1", Encryption::type1}},
                         spec.encryption);
            break;
          case 7: in.read(v, spec.latency_ms); break;
          case 8: in.read(v, spec.bandwidth_mbps); break;
          case 9: {
            std::vector<ReleaseSpec> releases;
            in.read_array(v, "an array of releases", [&](std::uint32_t, const auto& item) {
              ReleaseSpec release;
              in.read_object(item, {"from", "to"}, bit(0) | bit(1), [&](std::uint32_t k, const auto& m) {
                in.read(m, k == 0 ? release.from : release.to);
              });
              releases.push_back(std::move(release));
            });
            spec.releases = std::move(releases);
            break;
          }
          case 10: in.read(v, spec.availability); break;
        }
      });
  return spec;
}

template <typename In, typename V>
DataSpec read_data(In& in, const V& value) {
  DataSpec spec;
  in.read_object(value, {"id", "marking", "owner", "residency", "impact_level"}, bit(0) | bit(1),
                 [&](std::uint32_t key, const auto& v) {
                   switch (key) {
                     case 0: in.read(v, spec.id); break;
                     case 1: in.read(v, spec.marking); break;
                     case 2: in.read(v, spec.owner); break;
                     case 3: in.read(v, spec.residency); break;
                     case 4: in.read(v, spec.impact_level); break;
                   }
                 });
  return spec;
}

// Into a WorkloadSpec (the precise path) or a WorkloadText (the fast path's views).
template <typename In, typename V, typename Spec>
void read_workload(In& in, const V& value, Spec& spec) {
  in.read_object(value, {"id", "uses", "resources", "replicas", "min_zones", "max_staleness_h"}, bit(0),
                 [&](std::uint32_t key, const auto& v) {
                   switch (key) {
                     case 0: in.read(v, spec.id); break;
                     case 1: in.read(v, spec.uses); break;
                     case 2: in.read(v, spec.resources); break;
                     case 3: in.read(v, spec.replicas); break;
                     case 4: in.read(v, spec.min_zones); break;
                     case 5: in.read(v, spec.max_staleness_h); break;
                   }
                 });
}

// Into a FlowSpec or a FlowText.
template <typename In, typename V, typename Spec>
void read_flow(In& in, const V& value, Spec& spec) {
  in.read_object(value, {"id", "from", "to", "data", "max_latency_ms", "min_bandwidth_mbps"},
                 bit(0) | bit(1) | bit(2) | bit(3), [&](std::uint32_t key, const auto& v) {
                   switch (key) {
                     case 0: in.read(v, spec.id); break;
                     case 1: in.read(v, spec.from); break;
                     case 2: in.read(v, spec.to); break;
                     case 3: in.read(v, spec.data); break;
                     case 4: in.read(v, spec.max_latency_ms); break;
                     case 5: in.read(v, spec.min_bandwidth_mbps); break;
                   }
                 });
}

template <typename In, typename V, typename Builder>
void read_placement(In& in, const V& value, Builder& builder) {
  if (!in.expect(value, JsonType::object, "an object of workload id -> node ids")) return;
  typename Builder::NodeIds list;  // one for every entry: read() clears it, keeping its room
  in.for_each_entry(value, [&](std::string_view workload, const auto& nodes) {
    if (in.read(nodes, list)) builder.place(workload, list);
  });
}

// Sizes the builder's collections from the document's arrays, so that a large estate's
// specs are not copied as they grow.
void reserve_for(const JsonDocument& doc, ModelBuilder& builder) {
  const JsonValue& root = doc.root();
  if (root.type != JsonType::object) return;
  std::size_t sizes[5] = {};
  const char* const names[5] = {"nodes", "links", "data", "workloads", "flows"};
  const JsonMember* members = doc.object_members(root);
  for (std::uint32_t i = 0; i < root.size; ++i)
    for (std::size_t n = 0; n < 5; ++n)
      if (doc.key(members[i]) == names[n] && doc.value(members[i].value).type == JsonType::array)
        sizes[n] = doc.value(members[i].value).size;  // no more than the document holds
  builder.reserve(sizes[0], sizes[1], sizes[2], sizes[3], sizes[4]);
}

// Gives builder diagnostics (pointers only) the file and the line:column of the value.
void locate_all(const JsonDocument& doc, const std::string& file, std::vector<Diagnostic>& diagnostics) {
  if (diagnostics.size() > max_diagnostics) diagnostics.resize(max_diagnostics);
  for (auto& diagnostic : diagnostics) {
    diagnostic.file = file;
    doc.locate(doc.resolve(diagnostic.pointer).offset, diagnostic.line, diagnostic.column);
  }
}

std::string stem_of(const std::string& path) { return std::filesystem::path(path).stem().string(); }

// Turns byte offsets into line:column (as JsonDocument::locate counts them) in one pass
// over the text, when asked for them in increasing order, as a walk of the document meets
// them; an earlier offset starts the pass again. One-line (minified) estates stay linear.
class Locator {
 public:
  explicit Locator(std::string_view text) : text_(text), has_bom_(text.substr(0, 3) == "\xEF\xBB\xBF") {}

  SourcePosition at(std::uint32_t offset) {
    if (offset < scanned_) {
      scanned_ = 0;
      line_ = 1;
      column_ = 1;
    }
    const std::size_t end = std::min<std::size_t>(offset, text_.size());
    for (; scanned_ < end; ++scanned_) {
      const auto byte = static_cast<unsigned char>(text_[scanned_]);
      if (byte == '\n') {
        ++line_;
        column_ = 1;
      } else if ((byte & 0xC0) != 0x80) {
        ++column_;
      }
    }
    std::uint32_t column = column_;
    if (line_ == 1 && has_bom_ && column > 1) --column;  // the BOM is not a character
    return {line_, column};
  }

 private:
  std::string_view text_;
  bool has_bom_;
  std::size_t scanned_ = 0;
  std::uint32_t line_ = 1;
  std::uint32_t column_ = 1;
};

// A placement entry of the model file, by id: the ids are resolved once the model is built.
struct PlacementPositions {
  std::string workload;
  std::vector<std::pair<std::string, SourcePosition>> nodes;
};

// Walks a document the reader accepted and records where each element's object starts.
void record_positions(const JsonDocument& doc, SourceMap& map, std::vector<PlacementPositions>& placement) {
  Locator locator(doc.text());
  const JsonValue& root = doc.root();
  const JsonMember* members = doc.object_members(root);
  for (std::uint32_t i = 0; i < root.size; ++i) {
    const std::string_view key = doc.key(members[i]);
    const JsonValue& value = doc.value(members[i].value);
    std::vector<SourcePosition>* positions = key == "nodes"       ? &map.nodes
                                             : key == "links"     ? &map.links
                                             : key == "data"      ? &map.data
                                             : key == "workloads" ? &map.workloads
                                             : key == "flows"     ? &map.flows
                                                                  : nullptr;
    if (positions != nullptr && value.type == JsonType::array) {
      const std::uint32_t* items = doc.array_items(value);
      positions->reserve(value.size);
      for (std::uint32_t n = 0; n < value.size; ++n) positions->push_back(locator.at(doc.value(items[n]).offset));
    } else if (key == "placement" && value.type == JsonType::object) {
      const JsonMember* entries = doc.object_members(value);
      placement.reserve(value.size);
      for (std::uint32_t e = 0; e < value.size; ++e) {
        const JsonValue& list = doc.value(entries[e].value);
        PlacementPositions entry{std::string(doc.key(entries[e])), {}};
        const std::uint32_t* items = doc.array_items(list);
        for (std::uint32_t n = 0; n < list.size; ++n) {
          const JsonValue& item = doc.value(items[n]);
          entry.nodes.emplace_back(std::string(doc.string(item)), locator.at(item.offset));
        }
        placement.push_back(std::move(entry));
      }
    }
  }
}

// Lays the placement's positions out like Model's Placement (by workload, in list order).
void resolve_placement(const Model& model, const std::vector<PlacementPositions>& placement, SourceMap& map) {
  if (placement.empty()) return;
  std::vector<const PlacementPositions*> entry_of(model.workloads().size(), nullptr);
  for (const PlacementPositions& entry : placement)
    if (auto workload = model.workload_ids().find(entry.workload)) entry_of[*workload] = &entry;
  map.placed_offsets.assign(model.workloads().size() + 1, 0);
  for (std::size_t w = 0; w < entry_of.size(); ++w) {
    if (entry_of[w] != nullptr)
      for (const auto& [node_id, position] : entry_of[w]->nodes)
        if (auto node = model.node_ids().find(node_id)) map.placed.push_back({*node, position});
    map.placed_offsets[w + 1] = static_cast<std::uint32_t>(map.placed.size());
  }
}

// ModelBuilder as read_model's builder: workloads and flows are read into a spec of its
// own (next_), then added, as StreamBuilder reads them into the stream's.
class SpecsBuilder {
 public:
  explicit SpecsBuilder(ModelBuilder& builder) : builder_(builder) {}
  void name(std::string name) { builder_.name(std::move(name)); }
  void scheme(SchemeSpec scheme) { builder_.scheme(std::move(scheme)); }
  void add_node(NodeSpec node) { builder_.add_node(std::move(node)); }
  void add_link(LinkSpec link) { builder_.add_link(std::move(link)); }
  void add_data(DataSpec data) { builder_.add_data(std::move(data)); }
  // Sized from the document already (reserve_for).
  template <typename In, typename V>
  void expect_workloads(In&, const V&) {}
  template <typename In, typename V>
  void expect_flows(In&, const V&) {}
  WorkloadSpec& next_workload() { return workload_ = WorkloadSpec{}; }
  void add_workload() { builder_.add_workload(std::move(workload_)); }
  FlowSpec& next_flow() { return flow_ = FlowSpec{}; }
  void add_flow() { builder_.add_flow(std::move(flow_)); }
  using NodeIds = std::vector<std::string>;
  // Takes the list (read() clears it for the next entry).
  void place(std::string_view workload, NodeIds& nodes) { builder_.place(std::string(workload), std::move(nodes)); }

 private:
  ModelBuilder& builder_;
  WorkloadSpec workload_;
  FlowSpec flow_;
};

// The model's members, in document order, into the builder (a SpecsBuilder, or a
// StreamBuilder); true when it was named.
template <typename In, typename V, typename Builder>
bool read_model(In& in, const V& root, Builder& builder) {
  bool named = false;
  in.read_object(root, {"clearance", "name", "scheme", "nodes", "links", "data", "workloads", "flows", "placement"},
                 bit(0), [&](std::uint32_t key, const auto& v) {
                   switch (key) {
                     case 0: {
                       std::int64_t version = 0;
                       if (in.read(v, version) && version != 1)
                         in.fail(v, "unsupported format version " + std::to_string(version) +
                                        "; this clearance reads version 1");
                       break;
                     }
                     case 1: {
                       std::string name;
                       if (in.read(v, name)) {
                         builder.name(std::move(name));
                         named = true;
                       }
                       break;
                     }
                     case 2: builder.scheme(read_scheme(in, v)); break;
                     case 3:
                       in.read_array(v, "an array of nodes", [&](std::uint32_t, const auto& item) {
                         builder.add_node(read_node(in, item));
                       });
                       break;
                     case 4:
                       in.read_array(v, "an array of links", [&](std::uint32_t, const auto& item) {
                         builder.add_link(read_link(in, item));
                       });
                       break;
                     case 5:
                       in.read_array(v, "an array of data", [&](std::uint32_t, const auto& item) {
                         builder.add_data(read_data(in, item));
                       });
                       break;
                     case 6:
                       builder.expect_workloads(in, v);
                       in.read_array(v, "an array of workloads", [&](std::uint32_t, const auto& item) {
                         read_workload(in, item, builder.next_workload());
                         builder.add_workload();
                       });
                       break;
                     case 7:
                       builder.expect_flows(in, v);
                       in.read_array(v, "an array of flows", [&](std::uint32_t, const auto& item) {
                         read_flow(in, item, builder.next_flow());
                         builder.add_flow();
                       });
                       break;
                     case 8: read_placement(in, v, builder); break;
                   }
                 });
  return named;
}

// ModelStream as read_model's builder: an element it refuses (one with a problem, or out
// of the file order of collections) sends the load to the precise path.
class StreamBuilder {
 public:
  void name(std::string name) { stream_.name(std::move(name)); }
  void scheme(const SchemeSpec& scheme) { accept(stream_.scheme(scheme)); }
  void add_node(const NodeSpec& node) { accept(stream_.add_node(node)); }
  void add_link(const LinkSpec& link) { accept(stream_.add_link(link)); }
  void add_data(const DataSpec& data) { accept(stream_.add_data(data)); }
  // The collections sized before they are read: no copies as they grow, none to give
  // back the room they grew beyond (and fresh pages faulted in for each). No more than
  // one element per 11 bytes of the document, the least a valid one takes
  // (`{"id":"x"},`): an invalid array of empty objects reserves no more than that.
  void expect_workloads(const detail::FastReader& in, const detail::FastReader::Value& array) {
    stream_.reserve_workloads(std::min(in.count_objects(array), in.text_size() / 11));
  }
  void expect_flows(const detail::FastReader& in, const detail::FastReader::Value& array) {
    stream_.reserve_flows(std::min(in.count_objects(array), in.text_size() / 11));
  }
  WorkloadText& next_workload() { return stream_.next_workload(); }
  void add_workload() { accept(stream_.add_workload()); }
  FlowText& next_flow() { return stream_.next_flow(); }
  void add_flow() { accept(stream_.add_flow()); }
  using NodeIds = std::vector<std::string_view>;
  void place(std::string_view workload, const NodeIds& nodes) { accept(stream_.place(workload, nodes)); }
  Model build() {
    std::optional<Model> model = stream_.build();
    accept(model.has_value());
    return std::move(*model);
  }

 private:
  static void accept(bool accepted) {
    if (!accepted) detail::JsonScanner::reject();
  }
  ModelStream stream_;
};

// The fast path: the text straight into the model, each element built as it is read
// (FastReader, ModelStream), for a document without problems whose collections come in
// file order; nullopt for any other, which the precise path then reads.
std::optional<Model> load_fast(std::string_view json, const std::string& file_name) {
  try {
    detail::FastReader in(json);
    StreamBuilder builder;
    const bool named = read_model(in, in.root(), builder);
    in.finish();
    if (!named) builder.name(file_name.empty() ? std::string("model") : stem_of(file_name));
    return builder.build();
  } catch (const detail::JsonScanner::Rejected&) {
    return std::nullopt;
  }
}

// The precise path: the document as a tree (JsonDocument) read by Reader and built by
// ModelBuilder, which report every problem with its place; with a source map, where each
// element is.
Model load(std::string_view json, const std::string& file_name, SourceMap* source_map) {
  if (source_map == nullptr) {
    if (std::optional<Model> model = load_fast(json, file_name)) return std::move(*model);
  }
  JsonDocument doc;
  parse_or_throw(doc, json, file_name);
  std::vector<Diagnostic> diagnostics;
  Reader in(doc, file_name, diagnostics);
  ModelBuilder builder;
  reserve_for(doc, builder);
  SpecsBuilder specs(builder);
  const bool named = read_model(in, doc.root(), specs);
  // Problems of shape come first; the builder's checks of meaning would only repeat them.
  if (!diagnostics.empty()) throw input_error(std::move(diagnostics));
  if (!named) builder.name(file_name.empty() ? std::string("model") : stem_of(file_name));
  std::vector<PlacementPositions> placement_positions;
  if (source_map != nullptr) {
    *source_map = SourceMap{};
    source_map->file = file_name;
    record_positions(doc, *source_map, placement_positions);
  }
  // The builder holds everything now: the document goes before the model is built, which
  // would otherwise hold both at once (the peak of a large load). The text stays with
  // the caller, so an error of meaning parses it again to say where it is.
  doc = JsonDocument();
  try {
    Model model = builder.build();
    if (source_map != nullptr) resolve_placement(model, placement_positions, *source_map);
    return model;
  } catch (input_error& e) {
    std::vector<Diagnostic> located = e.diagnostics();
    JsonDocument again;
    parse_or_throw(again, json, file_name);
    locate_all(again, file_name, located);
    throw input_error(std::move(located));
  }
}

}  // namespace

Model load_model_json(std::string_view json, const std::string& file_name) { return load(json, file_name, nullptr); }

Model load_model_json(std::string_view json, const std::string& file_name, SourceMap& source_map) {
  return load(json, file_name, &source_map);
}

Model load_model(const std::string& path) {
  const std::string text = detail::read_file(path);
  return load(text, path, nullptr);
}

Model load_model(const std::string& path, SourceMap& source_map) {
  const std::string text = detail::read_file(path);
  return load(text, path, &source_map);
}

Placement load_placement_json(std::string_view json, const Model& model, const std::string& file_name) {
  JsonDocument doc;
  parse_or_throw(doc, json, file_name);
  std::vector<Diagnostic> diagnostics;
  Reader in(doc, file_name, diagnostics);
  const JsonValue& root = doc.root();
  std::vector<std::vector<NodeIndex>> nodes_of(model.workloads().size());
  std::vector<bool> placed(model.workloads().size(), false);
  if (in.expect(root, JsonType::object, "an object of workload id -> node ids")) {
    const JsonMember* members = doc.object_members(root);
    for (std::uint32_t i = 0; i < root.size; ++i) {
      const std::string_view workload_id = doc.key(members[i]);
      auto scope = in.path().push(workload_id);
      const JsonValue& list = doc.value(members[i].value);
      auto workload = model.workload_ids().find(workload_id);
      if (!workload) {
        std::string message = "unknown workload \"" + std::string(workload_id) + "\"";
        if (diagnostics.size() >= max_diagnostics) continue;  // not shown; spare the search for a hint
        if (auto hint = nearest_name(workload_id, model.workload_ids())) message += "; did you mean \"" + *hint + "\"?";
        in.fail_at(members[i].key_offset, message);
        continue;
      }
      if (!in.expect(list, JsonType::array, "an array of node ids")) continue;
      placed[*workload] = true;
      const std::uint32_t* items = doc.array_items(list);
      for (std::uint32_t n = 0; n < list.size; ++n) {
        auto item_scope = in.path().push(n);
        const JsonValue& item = doc.value(items[n]);
        if (!in.expect(item, JsonType::string, "a node id")) continue;
        const std::string_view node_id = doc.string(item);
        auto node = model.node_ids().find(node_id);
        if (!node) {
          std::string message = "unknown node \"" + std::string(node_id) + "\"";
          if (diagnostics.size() >= max_diagnostics) continue;  // not shown; spare the search for a hint
          if (auto hint = nearest_name(node_id, model.node_ids())) message += "; did you mean \"" + *hint + "\"?";
          in.fail(item, message);
          continue;
        }
        auto& nodes = nodes_of[*workload];
        if (std::find(nodes.begin(), nodes.end(), *node) != nodes.end()) {
          in.fail(item, "node \"" + std::string(node_id) + "\" is named twice; list each node once");
          continue;
        }
        nodes.push_back(*node);
      }
    }
  }
  if (!diagnostics.empty()) throw input_error(std::move(diagnostics));
  std::vector<std::uint32_t> offsets(model.workloads().size() + 1, 0);
  std::vector<NodeIndex> all;
  for (std::size_t w = 0; w < nodes_of.size(); ++w) {
    all.insert(all.end(), nodes_of[w].begin(), nodes_of[w].end());
    offsets[w + 1] = static_cast<std::uint32_t>(all.size());
  }
  return Placement(std::move(offsets), std::move(all));
}

Placement load_placement(const std::string& path, const Model& model) {
  const std::string text = detail::read_file(path);
  return load_placement_json(text, model, path);
}

}  // namespace v1

std::optional<Model> detail::load_model_json_fast(std::string_view json, const std::string& file_name) {
  return load_fast(json, file_name);
}

}  // namespace clearance
