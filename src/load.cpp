// JSON -> specs (syntax, types, keys, with positions) -> ModelBuilder (meaning). The
// builder's diagnostics carry JSON pointers; they are mapped back to line:column here.
#include <clearance/builder.hpp>
#include <clearance/load.hpp>

#include "json.hpp"
#include "json_pointer.hpp"
#include "read_file.hpp"

#include <algorithm>
#include <filesystem>
#include <initializer_list>

namespace clearance {
inline namespace v1 {
namespace {

using detail::JsonDocument;
using detail::JsonMember;
using detail::JsonType;
using detail::JsonValue;

constexpr std::size_t max_diagnostics = 100;

std::string_view type_name(JsonType type) {
  switch (type) {
    case JsonType::null: return "null";
    case JsonType::boolean: return "a boolean";
    case JsonType::number: return "a number";
    case JsonType::string: return "a string";
    case JsonType::array: return "an array";
    case JsonType::object: return "an object";
  }
  return "a value";
}

// A JSON pointer grown and shrunk in place as the reader descends, so that building
// pointers costs nothing until an error needs one.
class PointerPath {
 public:
  class Scope {
   public:
    Scope(PointerPath& path, std::size_t size) : path_(path), size_(size) {}
    ~Scope() { path_.text_.resize(size_); }
    Scope(const Scope&) = delete;
    Scope& operator=(const Scope&) = delete;

   private:
    PointerPath& path_;
    std::size_t size_;
  };

  [[nodiscard]] Scope push(std::string_view key) {
    const std::size_t size = text_.size();
    text_ += '/';
    if (key.find_first_of("~/") == std::string_view::npos) text_ += key;
    else text_ += detail::escape_pointer_token(key);
    return Scope(*this, size);
  }
  [[nodiscard]] Scope push(std::size_t index) {
    const std::size_t size = text_.size();
    text_ += '/';
    text_ += std::to_string(index);
    return Scope(*this, size);
  }
  const std::string& str() const { return text_; }

 private:
  std::string text_;
};

class Reader {
 public:
  Reader(const JsonDocument& doc, std::string file, std::vector<Diagnostic>& diagnostics)
      : doc_(doc), file_(std::move(file)), diagnostics_(diagnostics) {}

  PointerPath& path() { return path_; }
  bool ok() const { return diagnostics_.empty(); }

  void fail_at(std::uint32_t offset, std::string message) {
    if (diagnostics_.size() >= max_diagnostics) return;
    Diagnostic diagnostic{file_, path_.str(), 0, 0, std::move(message)};
    doc_.locate(offset, diagnostic.line, diagnostic.column);
    diagnostics_.push_back(std::move(diagnostic));
  }
  void fail(const JsonValue& value, std::string message) { fail_at(value.offset, std::move(message)); }

  bool expect(const JsonValue& value, JsonType type, std::string_view what) {
    if (value.type == type) return true;
    fail(value, "expected " + std::string(what) + ", got " + std::string(type_name(value.type)));
    return false;
  }

  bool read(const JsonValue& value, std::string& out) {
    if (!expect(value, JsonType::string, "a string")) return false;
    out.assign(doc_.string(value));
    return true;
  }
  bool read(const JsonValue& value, double& out) {
    if (!expect(value, JsonType::number, "a number")) return false;
    out = value.as_number();
    return true;
  }
  bool read(const JsonValue& value, std::int64_t& out) {
    if (value.type == JsonType::number && value.is_integer) {
      out = value.integer;
      return true;
    }
    if (value.type == JsonType::number)
      fail(value, "expected an integer (no fraction or exponent, within 64 bits), got " +
                      std::string(doc_.text().substr(value.offset, number_length(value))));
    else
      expect(value, JsonType::number, "an integer");
    return false;
  }
  template <typename T>
  bool read(const JsonValue& value, std::optional<T>& out) {
    T inner{};
    if (!read(value, inner)) return false;
    out = std::move(inner);
    return true;
  }
  bool read(const JsonValue& value, std::vector<std::string>& out) {
    if (!expect(value, JsonType::array, "an array of strings")) return false;
    out.clear();
    out.reserve(value.size);
    const std::uint32_t* items = doc_.array_items(value);
    bool ok = true;
    for (std::uint32_t i = 0; i < value.size; ++i) {
      auto scope = path_.push(i);
      const JsonValue& item = doc_.value(items[i]);
      if (!expect(item, JsonType::string, "a string")) {
        ok = false;
        continue;
      }
      out.emplace_back(doc_.string(item));
    }
    return ok;
  }
  // {name: number} in document order.
  bool read(const JsonValue& value, NamedAmounts& out) {
    if (!expect(value, JsonType::object, "an object of numbers")) return false;
    out.clear();
    bool ok = true;
    for_each_member(value, [&](std::string_view key, const JsonValue& item) {
      double amount = 0;
      if (read(item, amount)) out.emplace_back(std::string(key), amount);
      else ok = false;
    });
    return ok;
  }
  // {name: string} in document order.
  bool read(const JsonValue& value, std::vector<std::pair<std::string, std::string>>& out) {
    if (!expect(value, JsonType::object, "an object of strings")) return false;
    out.clear();
    bool ok = true;
    for_each_member(value, [&](std::string_view key, const JsonValue& item) {
      std::string text;
      if (read(item, text)) out.emplace_back(std::string(key), std::move(text));
      else ok = false;
    });
    return ok;
  }

  template <typename Enum>
  bool read_enum(const JsonValue& value, std::initializer_list<std::pair<std::string_view, Enum>> choices, Enum& out) {
    if (!expect(value, JsonType::string, "a string")) return false;
    const std::string_view text = doc_.string(value);
    std::vector<std::string_view> names;
    for (const auto& [name, choice] : choices) {
      if (name == text) {
        out = choice;
        return true;
      }
      names.push_back(name);
    }
    std::string message = "unknown value \"" + std::string(text) + "\"";
    if (auto hint = nearest_name(text, names)) message += "; did you mean \"" + *hint + "\"?";
    message += "; expected one of";
    for (auto name : names) message += " \"" + std::string(name) + "\"";
    fail(value, message);
    return false;
  }

  // Calls f(key, value) for each member with the path pointing at it.
  template <typename F>
  void for_each_member(const JsonValue& object, F&& f) {
    const JsonMember* members = doc_.object_members(object);
    for (std::uint32_t i = 0; i < object.size; ++i) {
      const std::string_view key = doc_.key(members[i]);
      auto scope = path_.push(key);
      f(key, doc_.value(members[i].value));
    }
  }

  // Reads an object whose keys are `known`; f(index of the key in known, value). Reports
  // unknown keys with the nearest known one and missing required keys.
  template <typename F>
  void read_object(const JsonValue& object, std::initializer_list<std::string_view> known, std::uint32_t required,
                   F&& f) {
    if (!expect(object, JsonType::object, "an object")) return;
    std::uint32_t seen = 0;
    const JsonMember* members = doc_.object_members(object);
    for (std::uint32_t i = 0; i < object.size; ++i) {
      const std::string_view key = doc_.key(members[i]);
      std::uint32_t index = 0;
      for (auto name : known) {
        if (name == key) break;
        ++index;
      }
      auto scope = path_.push(key);
      if (index == known.size()) {
        std::string message = "unknown key \"" + std::string(key) + "\"";
        std::vector<std::string_view> names(known.begin(), known.end());
        if (auto hint = nearest_name(key, names)) message += "; did you mean \"" + *hint + "\"?";
        else {
          message += "; expected one of";
          for (auto name : known) message += " \"" + std::string(name) + "\"";
        }
        fail_at(members[i].key_offset, message);
        continue;
      }
      seen |= 1u << index;
      f(index, doc_.value(members[i].value));
    }
    std::uint32_t missing = required & ~seen;
    std::uint32_t index = 0;
    for (auto name : known) {
      if (missing & (1u << index)) fail(object, "missing required key \"" + std::string(name) + "\"");
      ++index;
    }
  }

  // Reads an array of objects; f(index, element).
  template <typename F>
  void read_array(const JsonValue& array, std::string_view what, F&& f) {
    if (!expect(array, JsonType::array, what)) return;
    const std::uint32_t* items = doc_.array_items(array);
    for (std::uint32_t i = 0; i < array.size; ++i) {
      auto scope = path_.push(i);
      f(i, doc_.value(items[i]));
    }
  }

  const JsonDocument& doc() const { return doc_; }

 private:
  std::size_t number_length(const JsonValue& value) const {
    std::size_t end = value.offset;
    const auto text = doc_.text();
    while (end < text.size() && std::string_view("+-.0123456789eE").find(text[end]) != std::string_view::npos) ++end;
    return end - value.offset;
  }

  const JsonDocument& doc_;
  std::string file_;
  std::vector<Diagnostic>& diagnostics_;
  PointerPath path_;
};

constexpr std::uint32_t bit(std::uint32_t index) { return 1u << index; }

SchemeSpec read_scheme(Reader& in, const JsonValue& value) {
  SchemeSpec spec;
  in.read_object(value, {"levels", "aliases", "groups", "classified_from", "controlled_from", "impact_levels",
                         "default_owner"},
                 0, [&](std::uint32_t key, const JsonValue& v) {
                   switch (key) {
                     case 0: in.read(v, spec.levels); break;
                     case 1: in.read(v, spec.aliases); break;
                     case 2:
                       if (in.expect(v, JsonType::object, "an object of country lists")) {
                         in.for_each_member(v, [&](std::string_view name, const JsonValue& members) {
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

NodeSpec read_node(Reader& in, const JsonValue& value) {
  NodeSpec spec;
  in.read_object(value, {"id", "kind", "name", "jurisdiction", "accredited", "access", "impact_level", "zone",
                         "capacity", "at_rest", "connectivity"},
                 bit(0) | bit(3) | bit(4), [&](std::uint32_t key, const JsonValue& v) {
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
                                      [&](std::uint32_t k, const JsonValue& n) {
                                        if (k == 0) in.read(n, spec.mean_online_h);
                                        else in.read(n, spec.mean_offline_h);
                                      });
                       break;
                   }
                 });
  return spec;
}

LinkSpec read_link(Reader& in, const JsonValue& value) {
  LinkSpec spec;
  in.read_object(
      value, {"id", "from", "to", "kind", "direction", "carrier", "encryption", "latency_ms", "bandwidth_mbps", "releases"},
      bit(0) | bit(1) | bit(2), [&](std::uint32_t key, const JsonValue& v) {
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
            in.read_array(v, "an array of releases", [&](std::uint32_t, const JsonValue& item) {
              ReleaseSpec release;
              in.read_object(item, {"from", "to"}, bit(0) | bit(1), [&](std::uint32_t k, const JsonValue& m) {
                in.read(m, k == 0 ? release.from : release.to);
              });
              releases.push_back(std::move(release));
            });
            spec.releases = std::move(releases);
            break;
          }
        }
      });
  return spec;
}

DataSpec read_data(Reader& in, const JsonValue& value) {
  DataSpec spec;
  in.read_object(value, {"id", "marking", "owner", "residency", "impact_level"}, bit(0) | bit(1),
                 [&](std::uint32_t key, const JsonValue& v) {
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

WorkloadSpec read_workload(Reader& in, const JsonValue& value) {
  WorkloadSpec spec;
  in.read_object(value, {"id", "uses", "resources", "replicas", "min_zones", "max_staleness_h"}, bit(0),
                 [&](std::uint32_t key, const JsonValue& v) {
                   switch (key) {
                     case 0: in.read(v, spec.id); break;
                     case 1: in.read(v, spec.uses); break;
                     case 2: in.read(v, spec.resources); break;
                     case 3: in.read(v, spec.replicas); break;
                     case 4: in.read(v, spec.min_zones); break;
                     case 5: in.read(v, spec.max_staleness_h); break;
                   }
                 });
  return spec;
}

FlowSpec read_flow(Reader& in, const JsonValue& value) {
  FlowSpec spec;
  in.read_object(value, {"id", "from", "to", "data", "max_latency_ms", "min_bandwidth_mbps"},
                 bit(0) | bit(1) | bit(2) | bit(3), [&](std::uint32_t key, const JsonValue& v) {
                   switch (key) {
                     case 0: in.read(v, spec.id); break;
                     case 1: in.read(v, spec.from); break;
                     case 2: in.read(v, spec.to); break;
                     case 3: in.read(v, spec.data); break;
                     case 4: in.read(v, spec.max_latency_ms); break;
                     case 5: in.read(v, spec.min_bandwidth_mbps); break;
                   }
                 });
  return spec;
}

void read_placement(Reader& in, const JsonValue& value, ModelBuilder& builder) {
  if (!in.expect(value, JsonType::object, "an object of workload id -> node ids")) return;
  in.for_each_member(value, [&](std::string_view workload, const JsonValue& nodes) {
    std::vector<std::string> list;
    if (in.read(nodes, list)) builder.place(std::string(workload), std::move(list));
  });
}

// Parses the text or throws input_error with the syntax error's position.
void parse_or_throw(JsonDocument& doc, std::string_view text, const std::string& file) {
  detail::JsonSyntaxError syntax;
  if (doc.parse(text, syntax)) return;
  Diagnostic diagnostic{file, syntax.pointer, 0, 0, "invalid JSON: " + syntax.message};
  doc.locate(syntax.offset, diagnostic.line, diagnostic.column);
  throw input_error({std::move(diagnostic)});
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

}  // namespace

Model load_model_json(std::string_view json, const std::string& file_name) {
  JsonDocument doc;
  parse_or_throw(doc, json, file_name);
  std::vector<Diagnostic> diagnostics;
  Reader in(doc, file_name, diagnostics);
  ModelBuilder builder;
  const JsonValue& root = doc.root();
  bool named = false;
  in.read_object(root, {"clearance", "name", "scheme", "nodes", "links", "data", "workloads", "flows", "placement"},
                 bit(0), [&](std::uint32_t key, const JsonValue& v) {
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
                       in.read_array(v, "an array of nodes", [&](std::uint32_t, const JsonValue& item) {
                         builder.add_node(read_node(in, item));
                       });
                       break;
                     case 4:
                       in.read_array(v, "an array of links", [&](std::uint32_t, const JsonValue& item) {
                         builder.add_link(read_link(in, item));
                       });
                       break;
                     case 5:
                       in.read_array(v, "an array of data", [&](std::uint32_t, const JsonValue& item) {
                         builder.add_data(read_data(in, item));
                       });
                       break;
                     case 6:
                       in.read_array(v, "an array of workloads", [&](std::uint32_t, const JsonValue& item) {
                         builder.add_workload(read_workload(in, item));
                       });
                       break;
                     case 7:
                       in.read_array(v, "an array of flows", [&](std::uint32_t, const JsonValue& item) {
                         builder.add_flow(read_flow(in, item));
                       });
                       break;
                     case 8: read_placement(in, v, builder); break;
                   }
                 });
  // Problems of shape come first; the builder's checks of meaning would only repeat them.
  if (!diagnostics.empty()) throw input_error(std::move(diagnostics));
  if (!named) builder.name(file_name.empty() ? std::string("model") : stem_of(file_name));
  // The builder holds everything now: the document goes before the model is built, which
  // would otherwise hold both at once (the peak of a large load). The text stays with
  // the caller, so an error of meaning parses it again to say where it is.
  doc = JsonDocument();
  try {
    return builder.build();
  } catch (input_error& e) {
    std::vector<Diagnostic> located = e.diagnostics();
    JsonDocument again;
    parse_or_throw(again, json, file_name);
    locate_all(again, file_name, located);
    throw input_error(std::move(located));
  }
}

Model load_model(const std::string& path) {
  const std::string text = detail::read_file(path);
  return load_model_json(text, path);
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
}  // namespace clearance
