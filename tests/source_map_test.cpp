// Where the loader says each element is (SourceMap), and SARIF results put on those lines:
// each checked against the parsed document's own positions (JsonDocument::resolve and
// locate, what load errors use), found by id rather than by the loader's bookkeeping.
#include <doctest/doctest.h>

#include <clearance/check.hpp>
#include <clearance/load.hpp>
#include <clearance/report_formats.hpp>
#include <clearance/snapshot.hpp>

#include "json.hpp"

#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

using namespace clearance;
using detail::JsonDocument;
using detail::JsonType;
using detail::JsonValue;

namespace {

const char* const examples[] = {"coalition-cloud", "cross-domain", "edge-tactical", "nato-sovereign"};

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

void parse(JsonDocument& doc, std::string_view text) {
  detail::JsonSyntaxError error{};
  REQUIRE(doc.parse(text, error));
}

// The member `name` of an object, or nullptr.
const JsonValue* member(const JsonDocument& doc, const JsonValue& object, std::string_view name) {
  if (object.type != JsonType::object) return nullptr;
  const detail::JsonMember* members = doc.object_members(object);
  for (std::uint32_t i = 0; i < object.size; ++i)
    if (doc.key(members[i]) == name) return &doc.value(members[i].value);
  return nullptr;
}

const JsonValue& item(const JsonDocument& doc, const JsonValue& array, std::uint32_t index) {
  REQUIRE(array.type == JsonType::array);
  REQUIRE(index < array.size);
  return doc.value(doc.array_items(array)[index]);
}

SourcePosition located(const JsonDocument& doc, const JsonValue& value) {
  SourcePosition position;
  doc.locate(value.offset, position.line, position.column);
  return position;
}

// The object of `collection` (nodes, links, ...) whose "id" is `id`, found by a search.
const JsonValue* element(const JsonDocument& doc, std::string_view collection, std::string_view id) {
  const JsonValue* array = member(doc, doc.root(), collection);
  if (array == nullptr) return nullptr;
  for (std::uint32_t i = 0; i < array->size; ++i) {
    const JsonValue& object = item(doc, *array, i);
    const JsonValue* object_id = member(doc, object, "id");
    if (object_id != nullptr && doc.string(*object_id) == id) return &object;
  }
  return nullptr;
}

// Where the model file says what a finding is about (docs/report-formats.md): the flow, the
// link, the placement entry naming the workload's node, the workload, the node, the data.
SourcePosition expected_position(const JsonDocument& doc, const Finding& finding, const Model& model) {
  if (finding.flow != no_key) return located(doc, *element(doc, "flows", model.flow_id(finding.flow)));
  if (finding.link != no_key) return located(doc, *element(doc, "links", model.link_id(finding.link)));
  if (finding.workload != no_key) {
    const std::string_view workload = model.workload_id(finding.workload);
    const JsonValue* placement = member(doc, doc.root(), "placement");
    const JsonValue* nodes = placement != nullptr ? member(doc, *placement, workload) : nullptr;
    if (finding.node != no_key && nodes != nullptr)
      for (std::uint32_t i = 0; i < nodes->size; ++i)
        if (doc.string(item(doc, *nodes, i)) == model.node_id(finding.node)) return located(doc, item(doc, *nodes, i));
    return located(doc, *element(doc, "workloads", workload));
  }
  if (finding.node != no_key) return located(doc, *element(doc, "nodes", model.node_id(finding.node)));
  return located(doc, *element(doc, "data", model.data_id(finding.data)));
}

std::int64_t integer(const JsonDocument& doc, const JsonValue& object, std::string_view name) {
  const JsonValue* value = member(doc, object, name);
  REQUIRE(value != nullptr);
  return value->integer();
}

// The example models are laid out one element a line; this one is not: several elements on
// a line, multi-byte characters before them, a byte order mark, a placement.
const char* const dense_model =
    "\xEF\xBB\xBF{\"clearance\": 1, \"name\": \"d\xC3\xA9mo \xE2\x80\x94 \xF0\x9F\x9B\xB0\",\n"
    "\"nodes\": [{\"id\": \"a\", \"name\": \"d\xC3\xA9p\xC3\xB4t \xF0\x9F\x9B\xB0\", \"jurisdiction\": \"USA\", "
    "\"accredited\": \"SECRET\"}, {\"id\": \"b\", "
    "\"jurisdiction\": \"USA\", \"accredited\": \"UNCLASSIFIED\"}],\r\n"
    "  \"data\": [{\"id\": \"s\", \"marking\": \"SECRET\"}],\n"
    "\t\"workloads\": [{\"id\": \"w\", \"uses\": [\"s\"]}, {\"id\": \"v\", \"uses\": [\"s\"]}],\n"
    "\"links\": [{\"id\": \"l\", \"from\": \"a\", \"to\": \"b\"}], \"placement\": {\"w\": [\"a\", \"b\"]}}";

}  // namespace

TEST_SUITE("source_map") {

TEST_CASE("the loader records where each element and placement entry starts") {
  JsonDocument doc;
  parse(doc, dense_model);
  SourceMap map;
  Model model = load_model_json(dense_model, "dense.json", map);
  CHECK(map.file == "dense.json");
  const std::pair<const char*, const std::vector<SourcePosition>*> collections[] = {
      {"nodes", &map.nodes}, {"links", &map.links}, {"data", &map.data}, {"workloads", &map.workloads}, {"flows", &map.flows}};
  for (const auto& [name, positions] : collections) {
    CAPTURE(name);
    const JsonValue* array = member(doc, doc.root(), name);
    REQUIRE(positions->size() == (array != nullptr ? array->size : 0));
    for (std::uint32_t i = 0; i < positions->size(); ++i) {
      const SourcePosition expected = located(doc, item(doc, *array, i));
      CHECK((*positions)[i].line == expected.line);
      CHECK((*positions)[i].column == expected.column);
    }
  }
  // Node "b" is the second object on line 2: after multi-byte characters, columns count them
  // once each.
  CHECK(map.nodes[1].line == 2);
  CHECK(map.nodes[1].column == 90);
  const JsonValue& placed = item(doc, *member(doc, *member(doc, doc.root(), "placement"), "w"), 1);
  const SourcePosition expected = located(doc, placed);
  const SourcePosition recorded = map.placement_of(*model.workload_ids().find("w"), *model.node_ids().find("b"));
  CHECK(recorded.line == expected.line);
  CHECK(recorded.column == expected.column);
  CHECK_FALSE(map.placement_of(*model.workload_ids().find("v"), 0).is_known());
}

TEST_CASE("each example's SARIF results point at the line of the object their finding is about") {
  for (const char* example : examples) {
    CAPTURE(example);
    const std::string path = std::string("examples/") + example + ".json";
    const std::string text = read_text(std::string(CLEARANCE_SOURCE_DIR) + "/" + path);
    SourceMap map;
    Model model = load_model_json(text, path, map);
    const Report report = check(model);
    ReportFormatOptions options;
    options.source_map = &map;
    const std::string sarif = to_sarif(report, model, options);

    JsonDocument doc;
    parse(doc, text);
    JsonDocument out;
    parse(out, sarif);
    const JsonValue& run = item(out, *member(out, out.root(), "runs"), 0);
    const JsonValue& results = *member(out, run, "results");
    REQUIRE(results.size == report.findings.size());
    for (std::uint32_t r = 0; r < results.size; ++r) {
      const Finding& finding = report.findings[r];
      CAPTURE(finding.message);
      const JsonValue& location = item(out, *member(out, item(out, results, r), "locations"), 0);
      const JsonValue* physical = member(out, location, "physicalLocation");
      REQUIRE(physical != nullptr);
      const JsonValue& artifact = *member(out, *physical, "artifactLocation");
      CHECK(out.string(*member(out, artifact, "uri")) == path);
      CHECK(out.string(*member(out, artifact, "uriBaseId")) == "%SRCROOT%");
      const JsonValue& region = *member(out, *physical, "region");
      const SourcePosition expected = expected_position(doc, finding, model);
      CHECK(integer(out, region, "startLine") == expected.line);
      CHECK(integer(out, region, "startColumn") == expected.column);
    }
  }
}

TEST_CASE("a finding whose placement the model file does not list points at its workload") {
  SourceMap map;
  Model model = load_model_json(dense_model, "dense.json", map);
  model.set_placement("v", {"b"});  // SECRET data on an UNCLASSIFIED node
  const Report report = check(model);
  ReportFormatOptions options;
  options.source_map = &map;
  const std::string sarif = to_sarif(report, model, options);
  const std::string line = std::to_string(map.workloads[1].line);
  const std::string column = std::to_string(map.workloads[1].column);
  CHECK(sarif.find("\"startLine\": " + line + ",\n                  \"startColumn\": " + column) != std::string::npos);
}

TEST_CASE("without a source map, or for a snapshot, SARIF keeps logical locations only") {
  const std::string path = std::string(CLEARANCE_SOURCE_DIR) + "/examples/cross-domain.json";
  Model model = load_model(path);
  const Report report = check(model);
  CHECK(to_sarif(report, model).find("physicalLocation") == std::string::npos);

  const std::string snapshot = "source_map_test.snap";
  save_snapshot(model, snapshot);
  SourceMap map;
  map.file = "stale";
  Model loaded = load_any_model(snapshot, map);
  std::remove(snapshot.c_str());
  CHECK(map.is_empty());
  ReportFormatOptions options;
  options.source_map = &map;
  CHECK(to_sarif(check(loaded), loaded, options).find("physicalLocation") == std::string::npos);
}

TEST_CASE("SARIF names the rules' documentation and the model file as URIs") {
  SourceMap map;
  Model model = load_model_json(dense_model, "models/a b.json", map);
  ReportFormatOptions options;
  options.source_map = &map;
  options.documentation_uri = "https://docs.example.mil/clearance";
  std::string sarif = to_sarif(check(model), model, options);
  CHECK(sarif.find("\"informationUri\": \"https://docs.example.mil/clearance\"") != std::string::npos);
  CHECK(sarif.find("\"helpUri\": \"https://docs.example.mil/clearance/blob/v" CLEARANCE_VERSION_STRING
                   "/docs/rules.md#placementimpact-level\"") != std::string::npos);
  CHECK(sarif.find("\"uri\": \"models/a%20b.json\"") != std::string::npos);
  map.file = "/srv/m\xC3\xA9.json";
  sarif = to_sarif(check(model), model, options);
  CHECK(sarif.find("\"uri\": \"file:///srv/m%C3%A9.json\"") != std::string::npos);
  CHECK(sarif.find("/srv/m%C3%A9.json\",\n                    \"uriBaseId\"") == std::string::npos);
}

}  // TEST_SUITE
