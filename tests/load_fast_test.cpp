// Tests of the JSON loader's fast path (load_fast.hpp) against its precise path: the fast
// path must accept only documents the precise path accepts, and read them to the same
// model, byte for byte in a snapshot. Every diagnostic comes from the precise path, so
// load_test.cpp's tests of messages and positions hold whichever path a load starts on.
#include <doctest/doctest.h>

#include <clearance/generate.hpp>
#include <clearance/load.hpp>
#include <clearance/snapshot.hpp>

#include "json_scan.hpp"
#include "load_fast.hpp"

#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

using namespace clearance;

namespace {

// The precise path: a load that asks for a source map always takes it.
std::optional<Model> load_precise(const std::string& json) {
  try {
    SourceMap map;
    return load_model_json(json, "m.json", map);
  } catch (const input_error&) {
    return std::nullopt;
  }
}

std::string read_text(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// A model that uses every key of spec §2, escapes and UTF-8 included, for mutating.
const std::string every_key = R"({
  "clearance": 1, "name": "caf\u00e9 \"model\" ✓",
  "scheme": {"aliases": {"SEKRIT": "SECRET"}, "groups": {"PAIR": ["USA", "GBR"]},
             "impact_levels": {"IL2": "UNCLASSIFIED", "IL6": "SECRET"}, "default_owner": "USA"},
  "nodes": [
    {"id": "n1", "kind": "region", "name": "one", "jurisdiction": "USA", "accredited": "SECRET//SI",
     "access": ["PAIR"], "impact_level": "IL6", "zone": "z1", "capacity": {"cpu": 8, "memory_gb": 1.5e1},
     "at_rest": "fips", "availability": 0.999, "price": {"cpu": 0.25}},
    {"id": "n2", "kind": "edge", "jurisdiction": "GBR", "accredited": "S", "at_rest": "type1",
     "connectivity": {"mean_online_h": 10, "mean_offline_h": 2}}
  ],
  "links": [
    {"id": "l1", "from": "n1", "to": "n2", "kind": "guard", "direction": "forward", "carrier": "secret",
     "encryption": "type1", "latency_ms": 12.5, "bandwidth_mbps": 100, "availability": 0.99,
     "releases": [{"from": "SECRET//SI", "to": "SECRET"}]}
  ],
  "data": [
    {"id": "d1", "marking": "SECRET//REL TO USA, GBR", "owner": "USA", "residency": ["PAIR"], "impact_level": "IL6"},
    {"id": "d2", "marking": "UNCLASSIFIED"}
  ],
  "workloads": [
    {"id": "w1", "uses": ["d1", "d2", "d1"], "resources": {"cpu": 2}, "replicas": 2, "min_zones": 1,
     "max_staleness_h": 24},
    {"id": "w2", "uses": []}
  ],
  "flows": [{"id": "f1", "from": "w1", "to": "w2", "data": "d2", "max_latency_ms": 50, "min_bandwidth_mbps": 1}],
  "placement": {"w1": ["n1", "n2"], "w2": []}
}
)";

// Holds the fast path to the precise one on `json`; true when the fast path read it.
bool agrees(const std::string& json) {
  const std::optional<Model> fast = detail::load_model_json_fast(json, "m.json");
  const std::optional<Model> precise = load_precise(json);
  if (!precise) {
    CHECK_MESSAGE(!fast, "the fast path accepted what the precise path refuses: " << json);
    return false;
  }
  if (fast) CHECK_MESSAGE(snapshot_bytes(*fast) == snapshot_bytes(*precise), "the paths read different models: " << json);
  return fast.has_value();
}

}  // namespace

TEST_SUITE("load_fast") {

TEST_CASE("every example and generated estate is read by the fast path to the model the precise path reads") {
  std::vector<std::string> documents;
  for (const auto& entry : std::filesystem::directory_iterator(std::filesystem::path(CLEARANCE_SOURCE_DIR) / "examples"))
    if (entry.path().extension() == ".json") documents.push_back(read_text(entry.path()));
  documents.push_back(generate_estate({50, 400, 400, 7}));
  GenerateOptions findings{50, 400, 400, 7};
  findings.violations_percent = 70;
  findings.prices = true;
  documents.push_back(generate_estate(findings));
  documents.push_back(every_key);
  for (const std::string& json : documents) CHECK_MESSAGE(agrees(json), "the fast path refused a valid model: " << json);
}

TEST_CASE("no change of one byte makes the fast path accept what the precise path refuses, or read it otherwise") {
  const std::string replacements[] = {"", "\"", "\\", "{", "}", "[", "]", ",", ":", " ", "0", "-", ".", "e", "x",
                                      "\\u0041", "\x01", "\xC3", "\xFF", "null", "1e999"};
  std::size_t read_fast = 0, mutants = 0;
  for (std::size_t at = 0; at < every_key.size(); ++at) {
    for (const std::string& by : replacements) {
      std::string replaced = every_key;
      replaced.replace(at, 1, by);
      std::string inserted = every_key;
      inserted.insert(at, by);
      read_fast += agrees(replaced) + agrees(inserted);
      mutants += 2;
    }
  }
  MESSAGE(read_fast << " of " << mutants << " mutants read by the fast path");
  CHECK(read_fast > 0);  // some changes keep the model valid (a digit, a space)
}

TEST_CASE("collections out of file order are read by the precise path, to the same model") {
  const std::string json = R"({"clearance": 1,
    "flows": [{"id": "f", "from": "w", "to": "w", "data": "d"}],
    "workloads": [{"id": "w", "uses": ["d"]}],
    "data": [{"id": "d", "marking": "SECRET"}],
    "nodes": [{"id": "n", "jurisdiction": "USA", "accredited": "SECRET"}],
    "placement": {"w": ["n"]}})";
  CHECK_FALSE(detail::load_model_json_fast(json, "m.json"));
  const Model model = load_model_json(json, "m.json");
  CHECK(model.flows().size() == 1);
  CHECK(model.placement().replica_count() == 1);
}

TEST_CASE("a workload placed twice is still reported as the duplicate key it is") {
  const std::string json = R"({"clearance": 1, "nodes": [{"id": "n", "jurisdiction": "USA", "accredited": "SECRET"}],
    "workloads": [{"id": "w"}], "placement": {"w": ["n"], "w": []}})";
  CHECK_FALSE(detail::load_model_json_fast(json, "m.json"));
  try {
    load_model_json(json, "m.json");
    FAIL("the model loaded");
  } catch (const input_error& e) {
    REQUIRE(e.diagnostics().size() == 1);
    CHECK(e.diagnostics()[0].message == "invalid JSON: duplicate key \"w\" in an object");
  }
}

TEST_CASE("a problem with a workload or flow still waiting to be built sends the load to the precise path") {
  // The stream builds workloads and flows sixteen behind its reading: a bad one is found
  // by a later element, when the next collection starts, or at the end of the document.
  const auto model = [](std::size_t workloads, std::size_t bad_workload, std::size_t flows, std::size_t bad_flow) {
    std::string json = R"({"clearance": 1, "data": [{"id": "d", "marking": "SECRET"}], "workloads": [)";
    for (std::size_t w = 0; w < workloads; ++w)
      json += std::string(w ? "," : "") + R"({"id": "w)" + std::to_string(w) + R"(", "uses": [")" +
              (w == bad_workload ? "e" : "d") + R"("]})";
    json += R"(], "flows": [)";
    for (std::size_t f = 0; f < flows; ++f)
      json += std::string(f ? "," : "") + R"({"id": "f)" + std::to_string(f) + R"(", "from": "w0", "to": ")" +
              (f == bad_flow ? "x" : "w0") + R"(", "data": "d"})";
    return json + "]}";
  };
  const std::size_t none = static_cast<std::size_t>(-1);
  for (const std::size_t count : {1, 15, 16, 17, 40}) {
    for (const std::size_t bad : {std::size_t{0}, count / 2, count - 1}) {
      CAPTURE(count);
      CAPTURE(bad);
      const std::string bad_workload = model(count, bad, 0, none);
      CHECK_FALSE(agrees(bad_workload));
      try {
        load_model_json(bad_workload, "m.json");
        FAIL("the model loaded");
      } catch (const input_error& e) {
        REQUIRE(e.diagnostics().size() == 1);
        CHECK(e.diagnostics()[0].pointer == "/workloads/" + std::to_string(bad) + "/uses/0");
        CHECK(e.diagnostics()[0].message == "unknown data \"e\"; did you mean \"d\"?");
      }
      const std::string bad_flow = model(1, none, count, bad);
      CHECK_FALSE(agrees(bad_flow));
      try {
        load_model_json(bad_flow, "m.json");
        FAIL("the model loaded");
      } catch (const input_error& e) {
        REQUIRE(e.diagnostics().size() == 1);
        CHECK(e.diagnostics()[0].pointer == "/flows/" + std::to_string(bad) + "/to");
      }
      CHECK(agrees(model(count, none, count, none)));
    }
  }
}

TEST_CASE("an id written with an escape is read by the precise path, to the id it stands for") {
  // The fast path reads ids as views of the text; ids have no escapes to speak of.
  const std::string json = R"({"clearance": 1, "data": [{"id": "d", "marking": "SECRET"}],
    "workloads": [{"id": "w\u0031", "uses": ["\u0064"]}]})";
  CHECK_FALSE(detail::load_model_json_fast(json, "m.json"));
  const Model model = load_model_json(json, "m.json");
  REQUIRE(model.workloads().size() == 1);
  CHECK(model.workload_ids().name(0) == "w1");
  CHECK(model.workloads()[0].uses.size() == 1);
}

}  // TEST_SUITE

TEST_SUITE("load_fast") {

TEST_CASE("an array's objects are counted past brackets and escaped quotes in strings, at every offset") {
  // Strings that hold brackets, an escaped quote and an escaped backslash just before
  // their closing quote, nested objects and arrays, and an object after the array.
  const std::string array =
      R"([{"a":"{[\"}]"},{"b":[{},{"c":"]]"}]},{"d":"x\\"},{"e":"\\\"{"} ,{}] , {"after":{}})";
  for (std::size_t pad = 0; pad < 40; ++pad) {
    const std::string text = std::string(pad, ' ') + array;
    CHECK(detail::count_array_objects(text, pad) == 5);
  }
  CHECK(detail::count_array_objects("[{},{},{", 0) == 3);
  CHECK(detail::count_array_objects("{}", 0) == 0);
}

}
