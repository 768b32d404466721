// Tests of load.hpp: every input error of spec §2-§3 is reported with the file, the JSON
// pointer, line:column and what was expected (with "did you mean" for unknown keys and
// ids); well-formed files load whole.
#include <doctest/doctest.h>

#include <clearance/load.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

using namespace clearance;

namespace {

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// Every diagnostic of loading `json` as "m.json"; fails the test when it loads.
std::vector<Diagnostic> errors_of(const std::string& json) {
  try {
    load_model_json(json, "m.json");
  } catch (const input_error& e) {
    CHECK(e.kind() == ErrorKind::input);
    CHECK_FALSE(e.diagnostics().empty());
    return e.diagnostics();
  }
  FAIL_CHECK("the model loaded: " << json);
  return {};
}

// The one diagnostic of loading `json`.
Diagnostic only_error(const std::string& json) {
  const std::vector<Diagnostic> errors = errors_of(json);
  if (errors.size() != 1) {
    for (const auto& e : errors) MESSAGE(e.to_string());
  }
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].file == "m.json");
  return errors[0];
}

// True when the diagnostic is at the first character of the `nth` occurrence of `snippet`
// in `json` (line and column count from 1, columns in characters).
bool located_at(const std::string& json, const Diagnostic& d, const std::string& snippet, std::size_t nth = 0) {
  std::size_t at = json.find(snippet);
  for (std::size_t i = 0; i < nth && at != std::string::npos; ++i) at = json.find(snippet, at + 1);
  REQUIRE_MESSAGE(at != std::string::npos, "snippet not in the document: " << snippet);
  std::uint32_t line = 1, column = 1;
  for (std::size_t i = 0; i < at; ++i) {
    if (json[i] == '\n') {
      ++line;
      column = 1;
    } else if ((static_cast<unsigned char>(json[i]) & 0xC0) != 0x80) {
      ++column;
    }
  }
  if (d.line != line || d.column != column) {
    MESSAGE("expected " << line << ":" << column << ", got " << d.line << ":" << d.column << " (" << d.to_string()
                        << ")");
    return false;
  }
  return true;
}

// Two nodes n and m, both USA and SECRET, and a workload w, for reference errors.
const std::string two_nodes = R"("nodes": [{"id": "n", "jurisdiction": "USA", "accredited": "SECRET"},
                                       {"id": "m", "jurisdiction": "USA", "accredited": "SECRET"}])";

std::string with_link(const std::string& link) {
  return R"({"clearance": 1, )" + two_nodes + R"(, "links": [)" + link + "]}";
}

std::string with_node(const std::string& members) {
  return R"({"clearance": 1, "nodes": [{"id": "n", )" + members + "}]}";
}

std::string temp_path(const std::string& name) {
  return (std::filesystem::temp_directory_path() / ("clearance-load-test-" + name)).string();
}

}  // namespace

TEST_SUITE("load") {

// ---- well-formed input -----------------------------------------------------------------

TEST_CASE("a minimal model loads with the defaults of spec 2") {
  const Model model = load_model_json(R"({"clearance": 1})", "m.json");
  CHECK(model.nodes().empty());
  CHECK(model.scheme().level_count() == 5);
  CHECK(country_code(model.scheme().default_owner()) == "USA");
}

TEST_CASE("without a name the model is named after its file") {
  SUBCASE("file name without extension") { CHECK(load_model_json(R"({"clearance": 1})", "m.json").name() == "m"); }
  SUBCASE("directories are left out") {
    CHECK(load_model_json(R"({"clearance": 1})", "some/dir/coalition-cloud.json").name() == "coalition-cloud");
  }
  SUBCASE("only the last extension goes") {
    CHECK(load_model_json(R"({"clearance": 1})", "estate.v2.json").name() == "estate.v2");
  }
  SUBCASE("no file name") { CHECK(load_model_json(R"({"clearance": 1})").name() == "model"); }
  SUBCASE("a name given wins") {
    CHECK(load_model_json(R"({"clearance": 1, "name": "given"})", "m.json").name() == "given");
  }
}

TEST_CASE("a leading UTF-8 byte-order mark is ignored") {
  CHECK(load_model_json("\xEF\xBB\xBF{\"clearance\": 1, \"name\": \"bom\"}", "m.json").name() == "bom");
}

TEST_CASE("a byte-order mark does not count as a column") {
  const std::string json = "\xEF\xBB\xBF{\"clearance\": 2}";
  const Diagnostic d = only_error(json);
  CHECK(d.line == 1);
  CHECK(d.column == 15);  // the "2", counting '{' as column 1
}

TEST_CASE("escapes, surrogate pairs and UTF-8 in strings are decoded") {
  const Model model = load_model_json(R"({"clearance": 1, "name": "caf\u00e9 \ud83d\ude00 \"q\" ü"})", "m.json");
  CHECK(model.name() == "caf\xC3\xA9 \xF0\x9F\x98\x80 \"q\" \xC3\xBC");
}

TEST_CASE("a node and a workload may share an id") {
  const Model model = load_model_json(R"({"clearance": 1,
    "nodes": [{"id": "x", "jurisdiction": "USA", "accredited": "SECRET"}], "workloads": [{"id": "x"}],
    "placement": {"x": ["x"]}})");
  CHECK(model.placement().nodes_of(0).size() == 1);
}

TEST_CASE("a data id listed twice in uses counts once") {
  const Model model = load_model_json(R"({"clearance": 1, "data": [{"id": "d", "marking": "S"}],
    "workloads": [{"id": "w", "uses": ["d", "d"]}]})");
  CHECK(model.workloads()[0].uses.size() == 1);
}

// ---- invalid JSON ---------------------------------------------------------------------

TEST_CASE("empty input is invalid JSON") {
  SUBCASE("no bytes") {
    const Diagnostic d = only_error("");
    CHECK(d.pointer == "");
    CHECK(d.line == 1);
    CHECK(d.column == 1);
    CHECK(contains(d.message, "invalid JSON: expected a JSON value, found the end of the document"));
  }
  SUBCASE("only white space") {
    const Diagnostic d = only_error(" \n  ");
    CHECK(d.line == 2);
    CHECK(d.column == 3);
    CHECK(contains(d.message, "found the end of the document"));
  }
}

TEST_CASE("a trailing comma is invalid JSON") {
  SUBCASE("in an object") {
    const std::string json = "{\"clearance\": 1,\n}";
    const Diagnostic d = only_error(json);
    CHECK(located_at(json, d, "}"));
    CHECK(contains(d.message, "trailing comma before '}'"));
  }
  SUBCASE("in an array") {
    const std::string json = "{\"clearance\": 1, \"nodes\": [\n  {\"id\": \"n\", \"jurisdiction\": \"USA\", "
                             "\"accredited\": \"S\"},\n]}";
    const Diagnostic d = only_error(json);
    CHECK(d.line == 3);
    CHECK(d.column == 1);
    CHECK(d.pointer == "/nodes/0");
    CHECK(contains(d.message, "trailing comma before ']'"));
  }
}

TEST_CASE("comments are invalid JSON") {
  SUBCASE("a line comment") {
    const std::string json = "{\n  // the coalition\n  \"clearance\": 1\n}";
    const Diagnostic d = only_error(json);
    CHECK(d.line == 2);
    CHECK(d.column == 3);
    CHECK(d.pointer == "");
    CHECK(contains(d.message, "expected a key (a string in double quotes), found '/'"));
  }
  SUBCASE("a block comment") {
    const std::string json = R"({"clearance": 1 /* v1 */})";
    const Diagnostic d = only_error(json);
    CHECK(located_at(json, d, "/*"));
    CHECK(contains(d.message, "expected ',' or '}' in an object, found '/'"));
  }
}

TEST_CASE("a duplicate key is invalid JSON, reported at the second key") {
  SUBCASE("at the top") {
    const std::string json = "{\"clearance\": 1,\n \"name\": \"a\",\n \"name\": \"b\"}";
    const Diagnostic d = only_error(json);
    CHECK(d.pointer == "/name");
    CHECK(d.line == 3);
    CHECK(d.column == 2);
    CHECK(contains(d.message, "duplicate key \"name\" in an object"));
  }
  SUBCASE("in a node") {
    const std::string json = R"({"clearance": 1, "nodes": [{"id": "n", "id": "m"}]})";
    const Diagnostic d = only_error(json);
    CHECK(d.pointer == "/nodes/0/id");
    CHECK(located_at(json, d, "\"id\"", 1));
  }
  SUBCASE("written with an escape") {
    const std::string json = R"({"clearance": 1, "n\u0061me": "a", "name": "b"})";
    const Diagnostic d = only_error(json);
    CHECK(located_at(json, d, "\"name\""));
    CHECK(contains(d.message, "duplicate key \"name\""));
  }
  SUBCASE("in a large object") {
    std::string json = R"({"clearance": 1, "placement": {)";
    for (int i = 0; i < 40; ++i) json += "\"w" + std::to_string(i) + "\": [], ";
    json += R"("w17": []}})";
    const Diagnostic d = only_error(json);
    CHECK(d.pointer == "/placement/w17");
    CHECK(located_at(json, d, "\"w17\"", 1));
  }
}

TEST_CASE("NaN and Infinity are invalid JSON") {
  SUBCASE("NaN") {
    const std::string json = with_node(R"("jurisdiction": "USA", "accredited": "S", "capacity": {"cpu": NaN})");
    const Diagnostic d = only_error(json);
    CHECK(d.pointer == "/nodes/0/capacity/cpu");
    CHECK(located_at(json, d, "NaN"));
    CHECK(contains(d.message, "NaN and Infinity are not JSON numbers"));
  }
  SUBCASE("Infinity") {
    const std::string json = R"({"clearance": 1, "links": Infinity})";
    const Diagnostic d = only_error(json);
    CHECK(located_at(json, d, "Infinity"));
    CHECK(contains(d.message, "NaN and Infinity"));
  }
  SUBCASE("-Infinity") {
    const std::string json = R"({"clearance": -Infinity})";
    const Diagnostic d = only_error(json);
    CHECK(d.pointer == "/clearance");
    CHECK(contains(d.message, "NaN and Infinity"));
  }
}

TEST_CASE("an unpaired surrogate escape is invalid JSON") {
  SUBCASE("a lone high surrogate") {
    const std::string json = R"({"clearance": 1, "name": "a\ud800b"})";
    const Diagnostic d = only_error(json);
    CHECK(d.pointer == "/name");
    CHECK(located_at(json, d, "\\ud800"));
    CHECK(contains(d.message, "unpaired high surrogate"));
  }
  SUBCASE("a high surrogate followed by a non-surrogate escape") {
    const std::string json = R"({"clearance": 1, "name": "\ud800\u0041"})";
    const Diagnostic d = only_error(json);
    CHECK(located_at(json, d, "\\ud800"));
    CHECK(contains(d.message, "unpaired high surrogate"));
  }
  SUBCASE("a lone low surrogate") {
    const std::string json = R"({"clearance": 1, "name": "a\udc00"})";
    const Diagnostic d = only_error(json);
    CHECK(located_at(json, d, "\\udc00"));
    CHECK(contains(d.message, "unpaired low surrogate"));
  }
}

TEST_CASE("invalid UTF-8 is invalid JSON") {
  SUBCASE("a lone continuation byte") {
    const std::string json = "{\"clearance\": 1, \"name\": \"a\x80\"}";
    const Diagnostic d = only_error(json);
    CHECK(d.pointer == "/name");
    CHECK(located_at(json, d, "\x80"));
    CHECK(contains(d.message, "invalid UTF-8"));
  }
  SUBCASE("an overlong encoding") { CHECK(contains(only_error("{\"clearance\": 1, \"name\": \"\xC0\xAF\"}").message, "invalid UTF-8")); }
  SUBCASE("an encoded surrogate") { CHECK(contains(only_error("{\"clearance\": 1, \"name\": \"\xED\xA0\x80\"}").message, "invalid UTF-8")); }
  SUBCASE("a truncated sequence at the end") { CHECK(contains(only_error("{\"clearance\": 1, \"name\": \"\xE2\x82").message, "invalid UTF-8")); }
  SUBCASE("beyond U+10FFFF") { CHECK(contains(only_error("{\"clearance\": 1, \"name\": \"\xF4\x90\x80\x80\"}").message, "invalid UTF-8")); }
}

TEST_CASE("a control character in a string is invalid JSON") {
  const std::string json = "{\"clearance\": 1, \"name\": \"tab\there\"}";
  const Diagnostic d = only_error(json);
  CHECK(d.pointer == "/name");
  CHECK(located_at(json, d, "\there"));
  CHECK(contains(d.message, "control character byte 0x09 in a string; escape it"));
}

TEST_CASE("a string is read whole whatever byte of an eight-byte word its quote, escape or multi-byte character falls on") {
  // Strings are scanned a word at a time: each special byte is tried at every position of
  // a word, in strings longer than one.
  for (std::size_t at = 0; at < 20; ++at) {
    const std::string before(at, 'a'), after(19 - at, 'b');
    CHECK(load_model_json("{\"clearance\": 1, \"name\": \"" + before + "\\\"" + after + "\"}", "m.json").name() ==
          before + "\"" + after);
    CHECK(load_model_json("{\"clearance\": 1, \"name\": \"" + before + "\xC3\xA9" + after + "\"}", "m.json").name() ==
          before + "\xC3\xA9" + after);
    CHECK(load_model_json("{\"clearance\": 1, \"name\": \"" + before + "\"}", "m.json").name() == before);
    const std::string json = "{\"clearance\": 1, \"name\": \"" + before + "\x01" + after + "\"}";
    const Diagnostic d = only_error(json);
    CHECK(located_at(json, d, "\x01"));
    CHECK(contains(d.message, "control character byte 0x01 in a string"));
  }
}

TEST_CASE("an invalid escape is invalid JSON") {
  const std::string json = R"({"clearance": 1, "name": "a\x41"})";
  const Diagnostic d = only_error(json);
  CHECK(located_at(json, d, "x41"));  // at the escape's letter
  CHECK(contains(d.message, "invalid escape \\x"));
}

TEST_CASE("a number that does not fit a double is invalid JSON") {
  SUBCASE("too large") {
    const std::string json = with_node(R"("jurisdiction": "USA", "accredited": "S", "capacity": {"cpu": 1e400})");
    const Diagnostic d = only_error(json);
    CHECK(d.pointer == "/nodes/0/capacity/cpu");
    CHECK(located_at(json, d, "1e400"));
    CHECK(contains(d.message, "the number 1e400 does not fit a double"));
  }
  SUBCASE("too large for an integer field and for a double") {
    const std::string json = R"({"clearance": 1, "workloads": [{"id": "w", "replicas": 1)" + std::string(400, '0') + "}]}";
    CHECK(contains(only_error(json).message, "does not fit a double"));
  }
}

TEST_CASE("2.0 in an integer field is an error") {
  SUBCASE("replicas") {
    const std::string json = R"({"clearance": 1, "workloads": [{"id": "w", "replicas": 2.0}]})";
    const Diagnostic d = only_error(json);
    CHECK(d.pointer == "/workloads/0/replicas");
    CHECK(located_at(json, d, "2.0"));
    CHECK(contains(d.message, "expected an integer (no fraction or exponent, within 64 bits), got 2.0"));
  }
  SUBCASE("an exponent") {
    CHECK(contains(only_error(R"({"clearance": 1, "workloads": [{"id": "w", "min_zones": 1e1}]})").message, "got 1e1"));
  }
  SUBCASE("the format version") {
    const Diagnostic d = only_error(R"({"clearance": 1.0})");
    CHECK(d.pointer == "/clearance");
    CHECK(contains(d.message, "expected an integer"));
  }
  SUBCASE("beyond 64 bits") {
    const std::string json = R"({"clearance": 1, "workloads": [{"id": "w", "replicas": 99999999999999999999}]})";
    CHECK(contains(only_error(json).message, "got 99999999999999999999"));
  }
}

TEST_CASE("a number field takes integers and fractions alike") {
  const Model model = load_model_json(R"({"clearance": 1, "nodes": [{"id": "n", "jurisdiction": "USA",
    "accredited": "S", "capacity": {"cpu": 8, "gpu": 0.5, "mem": 2.5e2}}]})");
  REQUIRE(model.nodes()[0].capacity.size() == 3);
  CHECK(model.nodes()[0].capacity[2].amount == doctest::Approx(250));
}

TEST_CASE("a number with a leading zero is invalid JSON") {
  const std::string json = R"({"clearance": 01})";
  const Diagnostic d = only_error(json);
  CHECK(d.pointer == "/clearance");
  CHECK(located_at(json, d, "1}"));
  CHECK(contains(d.message, "a JSON number has no leading zeros"));
}

TEST_CASE("malformed numbers are invalid JSON") {
  SUBCASE("a leading plus") { CHECK(contains(only_error(R"({"clearance": +1})").message, "expected a JSON value, found '+'")); }
  SUBCASE("no digit after the point") { CHECK(contains(only_error(R"({"clearance": 1.})").message, "after the decimal point")); }
  SUBCASE("no digit in the exponent") { CHECK(contains(only_error(R"({"clearance": 1e})").message, "in the exponent")); }
  SUBCASE("a lone minus") { CHECK(contains(only_error(R"({"clearance": -})").message, "expected a digit")); }
  SUBCASE("hexadecimal") { CHECK(contains(only_error(R"({"clearance": 0x1})").message, "expected ',' or '}'")); }
}

TEST_CASE("trailing garbage after the document is invalid JSON") {
  SUBCASE("a word") {
    const std::string json = "{\"clearance\": 1}\n  x";
    const Diagnostic d = only_error(json);
    CHECK(d.pointer == "");
    CHECK(d.line == 2);
    CHECK(d.column == 3);
    CHECK(contains(d.message, "expected the end of the document after the top-level value"));
  }
  SUBCASE("a second document") { CHECK(contains(only_error(R"({"clearance": 1}{})").message, "expected the end of the document")); }
  SUBCASE("a NUL byte") { CHECK(contains(only_error(std::string("{\"clearance\": 1}\0", 17)).message, "expected the end")); }
}

TEST_CASE("nesting deeper than 256 levels is invalid JSON") {
  const std::string deep = std::string(300, '[') + std::string(300, ']');
  const std::string json = R"({"clearance": 1, "name": )" + deep + "}";
  const Diagnostic d = only_error(json);
  CHECK(contains(d.message, "nesting deeper than 256 levels"));
  CHECK(d.line == 1);
  CHECK(d.column == 26 + 255);  // the first '[' too deep
  SUBCASE("but 200 levels are only an unknown key") {
    const std::string ok = R"({"clearance": 1, "x": )" + std::string(200, '[') + std::string(200, ']') + "}";
    CHECK(contains(only_error(ok).message, "unknown key \"x\""));
  }
}

TEST_CASE("other malformed JSON is reported where the parser stopped") {
  SUBCASE("an unterminated string") {
    const Diagnostic d = only_error(R"({"clearance": 1, "name": "abc)");
    CHECK(d.pointer == "/name");
    CHECK(contains(d.message, "unterminated string"));
  }
  SUBCASE("single quotes") { CHECK(contains(only_error("{'clearance': 1}").message, "expected a key (a string in double quotes)")); }
  SUBCASE("an unquoted key") { CHECK(contains(only_error("{clearance: 1}").message, "found 'c'")); }
  SUBCASE("a missing colon") { CHECK(contains(only_error(R"({"clearance" 1})").message, "expected ':' after a key")); }
  SUBCASE("a missing comma") { CHECK(contains(only_error(R"({"clearance": 1 "name": "x"})").message, "expected ',' or '}'")); }
  SUBCASE("an unclosed object") { CHECK(contains(only_error(R"({"clearance": 1)").message, "found the end of the document")); }
  SUBCASE("a misspelt literal") { CHECK(contains(only_error(R"({"clearance": 1, "name": nul})").message, "expected a JSON value")); }
  SUBCASE("a binary byte") { CHECK(contains(only_error("{\"clearance\": \x01}").message, "found byte 0x01")); }
}

// ---- shape: keys and types --------------------------------------------------------------

TEST_CASE("a document that is not an object is an error") {
  const Diagnostic d = only_error("[1]");
  CHECK(d.pointer == "");
  CHECK(contains(d.message, "expected an object, got an array"));
}

TEST_CASE("a missing required key is an error at its object") {
  SUBCASE("clearance") {
    const Diagnostic d = only_error(R"({"name": "x"})");
    CHECK(d.pointer == "");
    CHECK(d.line == 1);
    CHECK(d.column == 1);
    CHECK(contains(d.message, "missing required key \"clearance\""));
  }
  SUBCASE("each missing key of a node") {
    const std::string json = R"({"clearance": 1, "nodes": [{"id": "n"}]})";
    const std::vector<Diagnostic> errors = errors_of(json);
    REQUIRE(errors.size() == 2);
    CHECK(errors[0].pointer == "/nodes/0");
    CHECK(located_at(json, errors[0], "{\"id\""));
    CHECK(contains(errors[0].message, "missing required key \"jurisdiction\""));
    CHECK(contains(errors[1].message, "missing required key \"accredited\""));
  }
  SUBCASE("a link's ends") {
    const std::vector<Diagnostic> errors = errors_of(R"({"clearance": 1, "links": [{"id": "l"}]})");
    REQUIRE(errors.size() == 2);
    CHECK(contains(errors[0].message, "\"from\""));
    CHECK(contains(errors[1].message, "\"to\""));
  }
  SUBCASE("a flow's data") {
    const Diagnostic d = only_error(R"({"clearance": 1, "flows": [{"id": "f", "from": "a", "to": "b"}]})");
    CHECK(d.pointer == "/flows/0");
    CHECK(contains(d.message, "missing required key \"data\""));
  }
  SUBCASE("a data id") {
    CHECK(contains(only_error(R"({"clearance": 1, "data": [{"marking": "S"}]})").message, "missing required key \"id\""));
  }
  SUBCASE("a release's to") {
    const std::string json = with_link(R"({"id": "g", "kind": "guard", "from": "n", "to": "m", "releases": [{"from": "S"}]})");
    const Diagnostic d = only_error(json);
    CHECK(d.pointer == "/links/0/releases/0");
    CHECK(contains(d.message, "missing required key \"to\""));
  }
}

TEST_CASE("an unknown key is an error with the nearest known key suggested") {
  SUBCASE("at the top") {
    const std::string json = R"({"clearance": 1, "node": []})";
    const Diagnostic d = only_error(json);
    CHECK(d.pointer == "/node");
    CHECK(located_at(json, d, "\"node\""));
    CHECK(contains(d.message, "unknown key \"node\"; did you mean \"nodes\"?"));
  }
  SUBCASE("in a node") {
    const std::string json = with_node(R"("jurisdiction": "USA", "accredited": "S", "acess": ["USA"])");
    const Diagnostic d = only_error(json);
    CHECK(d.pointer == "/nodes/0/acess");
    CHECK(located_at(json, d, "\"acess\""));
    CHECK(contains(d.message, "did you mean \"access\"?"));
  }
  SUBCASE("in the scheme") {
    CHECK(contains(only_error(R"({"clearance": 1, "scheme": {"level": []}})").message, "did you mean \"levels\"?"));
  }
  SUBCASE("in connectivity") {
    const Diagnostic d =
        only_error(with_node(R"("jurisdiction": "USA", "accredited": "S", "connectivity": {"mean_online": 1})"));
    CHECK(d.pointer == "/nodes/0/connectivity/mean_online");
    CHECK(contains(d.message, "did you mean \"mean_online_h\"?"));
  }
  SUBCASE("in a workload, with a transposition") {
    CHECK(contains(only_error(R"({"clearance": 1, "workloads": [{"id": "w", "replcias": 2}]})").message,
                   "did you mean \"replicas\"?"));
  }
  SUBCASE("nothing near: the known keys are listed") {
    const Diagnostic d = only_error(R"({"clearance": 1, "zzzzzzzz": 1})");
    CHECK(contains(d.message, "unknown key \"zzzzzzzz\"; expected one of \"clearance\" \"name\""));
  }
  SUBCASE("keys are case-sensitive") {
    CHECK(contains(only_error(R"({"clearance": 1, "Name": "x"})").message, "did you mean \"name\"?"));
  }
}

TEST_CASE("a value of the wrong type is an error") {
  SUBCASE("an object for an array") {
    const std::string json = R"({"clearance": 1, "nodes": {}})";
    const Diagnostic d = only_error(json);
    CHECK(d.pointer == "/nodes");
    CHECK(located_at(json, d, "{}"));
    CHECK(contains(d.message, "expected an array of nodes, got an object"));
  }
  SUBCASE("a number for a string") {
    const std::string json = R"({"clearance": 1, "nodes": [{"id": 5, "jurisdiction": "USA", "accredited": "S"}]})";
    const Diagnostic d = only_error(json);
    CHECK(d.pointer == "/nodes/0/id");
    CHECK(located_at(json, d, "5"));
    CHECK(contains(d.message, "expected a string, got a number"));
  }
  SUBCASE("a string for the format version") {
    CHECK(contains(only_error(R"({"clearance": "1"})").message, "expected an integer, got a string"));
  }
  SUBCASE("a string for a list") {
    const Diagnostic d = only_error(R"({"clearance": 1, "workloads": [{"id": "w", "uses": "d"}]})");
    CHECK(d.pointer == "/workloads/0/uses");
    CHECK(contains(d.message, "expected an array of strings, got a string"));
  }
  SUBCASE("a number in a list of strings") {
    const Diagnostic d = only_error(R"({"clearance": 1, "workloads": [{"id": "w", "uses": ["d", 1]}]})");
    CHECK(d.pointer == "/workloads/0/uses/1");
    CHECK(contains(d.message, "expected a string, got a number"));
  }
  SUBCASE("null for a number") {
    const Diagnostic d = only_error(with_link(R"({"id": "l", "from": "n", "to": "m", "latency_ms": null})"));
    CHECK(d.pointer == "/links/0/latency_ms");
    CHECK(contains(d.message, "expected a number, got null"));
  }
  SUBCASE("a boolean for an object") {
    CHECK(contains(only_error(R"({"clearance": 1, "scheme": true})").message, "expected an object, got a boolean"));
  }
  SUBCASE("an unknown enumeration value") {
    const std::string json = with_node(R"("kind": "egde", "jurisdiction": "USA", "accredited": "S")");
    const Diagnostic d = only_error(json);
    CHECK(d.pointer == "/nodes/0/kind");
    CHECK(located_at(json, d, "\"egde\""));
    CHECK(contains(d.message, "unknown value \"egde\""));
    CHECK(contains(d.message, "expected one of \"region\" \"edge\""));
  }
  SUBCASE("an enumeration in the wrong case") {
    CHECK(contains(only_error(with_link(R"({"id": "l", "from": "n", "to": "m", "encryption": "TLS"})")).message,
                   "did you mean \"tls\"?"));
  }
}

// ---- ids and references -----------------------------------------------------------------

TEST_CASE("an invalid id is an error") {
  SUBCASE("white space") {
    const std::string json = R"({"clearance": 1, "nodes": [{"id": "a b", "jurisdiction": "USA", "accredited": "S"}]})";
    const Diagnostic d = only_error(json);
    CHECK(d.pointer == "/nodes/0/id");
    CHECK(located_at(json, d, "\"a b\""));
    CHECK(contains(d.message, "expected an id of [A-Za-z0-9._:-]+, got \"a b\""));
  }
  SUBCASE("empty") {
    CHECK(contains(only_error(R"({"clearance": 1, "workloads": [{"id": ""}]})").message, "got \"\""));
  }
  SUBCASE("a slash") {
    CHECK(contains(only_error(R"({"clearance": 1, "data": [{"id": "a/b", "marking": "S"}]})").message, "expected an id"));
  }
  SUBCASE("non-ASCII") {
    CHECK(contains(only_error(R"({"clearance": 1, "workloads": [{"id": "caf\u00e9"}]})").message, "expected an id"));
  }
}

TEST_CASE("a duplicate id within a collection is an error at the second one") {
  const std::string json = "{\"clearance\": 1, \"nodes\": [\n {\"id\": \"n\", \"jurisdiction\": \"USA\", \"accredited\": \"S\"},\n"
                           " {\"id\": \"n\", \"jurisdiction\": \"GBR\", \"accredited\": \"S\"}]}";
  const Diagnostic d = only_error(json);
  CHECK(d.pointer == "/nodes/1/id");
  CHECK(d.line == 3);
  CHECK(d.column == 9);
  CHECK(contains(d.message, "duplicate id \"n\"; ids must be unique within nodes"));
}

TEST_CASE("a reference to an unknown node is an error with the nearest id suggested") {
  const std::string json = R"({"clearance": 1, "nodes": [
    {"id": "alpha", "jurisdiction": "USA", "accredited": "S"}, {"id": "beta", "jurisdiction": "USA", "accredited": "S"}],
    "links": [{"id": "l", "from": "alpah", "to": "beta"}]})";
  const Diagnostic d = only_error(json);
  CHECK(d.pointer == "/links/0/from");
  CHECK(located_at(json, d, "\"alpah\""));
  CHECK(contains(d.message, "unknown node \"alpah\"; did you mean \"alpha\"?"));
  SUBCASE("and says so when the model has no nodes") {
    const std::vector<Diagnostic> errors = errors_of(R"({"clearance": 1, "links": [{"id": "l", "from": "a", "to": "b"}]})");
    REQUIRE(errors.size() == 2);
    CHECK(contains(errors[0].message, "unknown node \"a\"; the model has no nodes"));
    CHECK(errors[1].pointer == "/links/0/to");
  }
}

TEST_CASE("a reference to unknown data is an error with the nearest id suggested") {
  const std::string json = R"({"clearance": 1, "data": [{"id": "intel", "marking": "S"}],
    "workloads": [{"id": "w", "uses": ["intel", "intle"]}]})";
  const Diagnostic d = only_error(json);
  CHECK(d.pointer == "/workloads/0/uses/1");
  CHECK(located_at(json, d, "\"intle\""));
  CHECK(contains(d.message, "unknown data \"intle\"; did you mean \"intel\"?"));
  SUBCASE("in a flow") {
    const Diagnostic f = only_error(R"({"clearance": 1, "data": [{"id": "intel", "marking": "S"}],
      "workloads": [{"id": "w"}], "flows": [{"id": "f", "from": "w", "to": "w", "data": "inte"}]})");
    CHECK(f.pointer == "/flows/0/data");
    CHECK(contains(f.message, "did you mean \"intel\"?"));
  }
}

TEST_CASE("a reference to an unknown workload is an error with the nearest id suggested") {
  const std::string json = R"({"clearance": 1, "data": [{"id": "d", "marking": "S"}], "workloads": [{"id": "train"}],
    "flows": [{"id": "f", "from": "trian", "to": "train", "data": "d"}]})";
  const Diagnostic d = only_error(json);
  CHECK(d.pointer == "/flows/0/from");
  CHECK(located_at(json, d, "\"trian\""));
  CHECK(contains(d.message, "unknown workload \"trian\"; did you mean \"train\"?"));
}

TEST_CASE("a link from a node to itself is an error") {
  const std::string json = with_link(R"({"id": "l", "from": "n", "to": "n"})");
  const Diagnostic d = only_error(json);
  CHECK(d.pointer == "/links/0/to");
  CHECK(located_at(json, d, "\"n\"}"));
  CHECK(contains(d.message, "a link joins two different nodes; both ends are \"n\""));
}

TEST_CASE("a diode with direction both is an error") {
  const std::string json = with_link(R"({"id": "d", "kind": "diode", "direction": "both", "from": "n", "to": "m"})");
  const Diagnostic d = only_error(json);
  CHECK(d.pointer == "/links/0/direction");
  CHECK(located_at(json, d, "\"both\""));
  CHECK(contains(d.message, "a diode is one-way"));
  SUBCASE("but forward, or nothing, is a diode's direction") {
    const Model model = load_model_json(with_link(R"({"id": "d", "kind": "diode", "from": "n", "to": "m"})"));
    CHECK(model.links()[0].direction == Direction::forward);
  }
}

TEST_CASE("releases on a link that is not a guard are an error") {
  const std::string json =
      with_link(R"({"id": "l", "kind": "diode", "from": "n", "to": "m", "releases": [{"from": "S", "to": "S//REL TO GBR"}]})");
  const Diagnostic d = only_error(json);
  CHECK(d.pointer == "/links/0/releases");
  CHECK(located_at(json, d, "[{\"from\""));
  CHECK(contains(d.message, "only a guard performs releases; this link is a diode"));
}

TEST_CASE("an invalid marking in a release is an error at that marking") {
  const std::string json = with_link(
      R"({"id": "g", "kind": "guard", "from": "n", "to": "m", "releases": [{"from": "S", "to": "S//REL TO QZX"}]})");
  const Diagnostic d = only_error(json);
  CHECK(d.pointer == "/links/0/releases/0/to");
  CHECK(located_at(json, d, "\"S//REL TO QZX\""));
  CHECK(contains(d.message, "invalid marking \"S//REL TO QZX\": unknown country or group \"QZX\""));
}

// ---- markings, countries, levels ----------------------------------------------------------

TEST_CASE("an invalid data marking is an error at the marking") {
  const std::string json = R"({"clearance": 1, "data": [{"id": "d", "marking": "SECRET//NOFORN/REL TO GBR"}]})";
  const Diagnostic d = only_error(json);
  CHECK(d.pointer == "/data/0/marking");
  CHECK(located_at(json, d, "\"SECRET//"));
  CHECK(contains(d.message, "invalid marking \"SECRET//NOFORN/REL TO GBR\": NOFORN and REL TO contradict"));
}

TEST_CASE("dissemination controls on a node's accreditation are an error") {
  SUBCASE("NOFORN") {
    const std::string json = with_node(R"("jurisdiction": "USA", "accredited": "SECRET//NOFORN")");
    const Diagnostic d = only_error(json);
    CHECK(d.pointer == "/nodes/0/accredited");
    CHECK(located_at(json, d, "\"SECRET//NOFORN\""));
    CHECK(contains(d.message, "expected an accreditation of level and compartments only"));
  }
  SUBCASE("REL TO") {
    CHECK(contains(only_error(with_node(R"("jurisdiction": "USA", "accredited": "TS//SI//REL TO GBR")")).message,
                   "level and compartments only"));
  }
  SUBCASE("compartments are fine") {
    const Model model = load_model_json(with_node(R"("jurisdiction": "USA", "accredited": "ts//tk/si")"));
    CHECK(model.accreditation_of(0) == "TOP SECRET//SI/TK");
  }
}

TEST_CASE("a foreign marking, an FGI section or any dissemination section on an accreditation is an error") {
  SUBCASE("an FGI head") {
    const std::string json = with_node(R"("jurisdiction": "USA", "accredited": "//GBR SECRET")");
    const Diagnostic d = only_error(json);
    CHECK(d.pointer == "/nodes/0/accredited");
    CHECK(located_at(json, d, "\"//GBR SECRET\""));
    CHECK(contains(d.message, "expected an accreditation in the scheme's own levels, got the foreign marking"));
  }
  SUBCASE("a NATO head") {
    CHECK(contains(only_error(with_node(R"("jurisdiction": "BEL", "accredited": "//NATO SECRET")")).message,
                   "foreign marking"));
  }
  SUBCASE("an FGI section") {
    CHECK(contains(only_error(with_node(R"("jurisdiction": "USA", "accredited": "SECRET//FGI GBR")")).message,
                   "got an FGI section"));
  }
  SUBCASE("a non-IC control") {
    CHECK(contains(only_error(with_node(R"("jurisdiction": "USA", "accredited": "C//LIMDIS")")).message,
                   "level and compartments only"));
  }
  SUBCASE("DISPLAY ONLY") {
    CHECK(contains(only_error(with_node(R"("jurisdiction": "USA", "accredited": "S//DISPLAY ONLY AUS")")).message,
                   "level and compartments only"));
  }
  SUBCASE("NF") {
    CHECK(contains(only_error(with_node(R"("jurisdiction": "USA", "accredited": "S//NF")")).message,
                   "level and compartments only"));
  }
}

TEST_CASE("foreign government information belongs to its originator") {
  SUBCASE("the owner is the originator") {
    const Model model = load_model_json(R"({"clearance": 1, "data": [{"id": "d", "marking": "//GBR SECRET"}]})");
    CHECK(country_code(model.data()[0].owner) == "GBR");
    CHECK(model.marking_of(0) == "//GBR SECRET");
  }
  SUBCASE("the same owner given is fine") {
    CHECK_NOTHROW(load_model_json(R"({"clearance": 1, "data": [{"id": "d", "marking": "//GBR S", "owner": "GBR"}]})"));
  }
  SUBCASE("another owner is an error at the owner") {
    const std::string json = R"({"clearance": 1, "data": [{"id": "d", "marking": "//GBR SECRET", "owner": "USA"}]})";
    const Diagnostic d = only_error(json);
    CHECK(d.pointer == "/data/0/owner");
    CHECK(located_at(json, d, "\"USA\""));
    CHECK(contains(d.message, "owner \"USA\" differs from \"GBR\", the originator"));
  }
  SUBCASE("an unknown owner is reported once") {
    const Diagnostic d = only_error(R"({"clearance": 1, "data": [{"id": "d", "marking": "//GBR S", "owner": "UK"}]})");
    CHECK(contains(d.message, "unknown country \"UK\""));
  }
}

TEST_CASE("the owner of JOINT information must be one of its co-owners") {
  SUBCASE("a co-owner") {
    const Model model = load_model_json(
        R"({"clearance": 1, "data": [{"id": "d", "marking": "//JOINT SECRET CAN USA", "owner": "CAN"}]})");
    CHECK(country_code(model.data()[0].owner) == "CAN");
  }
  SUBCASE("none given: the default owner") {
    const Model model =
        load_model_json(R"({"clearance": 1, "data": [{"id": "d", "marking": "//JOINT SECRET CAN GBR"}]})");
    CHECK(country_code(model.data()[0].owner) == "USA");
  }
  SUBCASE("another country is an error at the owner") {
    const std::string json =
        R"({"clearance": 1, "data": [{"id": "d", "marking": "//JOINT SECRET CAN USA", "owner": "GBR"}]})";
    const Diagnostic d = only_error(json);
    CHECK(d.pointer == "/data/0/owner");
    CHECK(located_at(json, d, "\"GBR\""));
    CHECK(contains(d.message, "is not a co-owner of the JOINT marking"));
  }
}

TEST_CASE("the owner of NATO information is kept for display") {
  const Model model =
      load_model_json(R"({"clearance": 1, "data": [{"id": "d", "marking": "//NATO SECRET", "owner": "FRA"}]})");
  CHECK(country_code(model.data()[0].owner) == "FRA");
  CHECK(model.data()[0].label.releasable == *model.scheme().find_group("NATO"));
}

TEST_CASE("markings-v1.1 errors in a model are at the marking, with did-you-mean for control words") {
  SUBCASE("NOFORN on NATO information") {
    const std::string json = R"({"clearance": 1, "data": [{"id": "d", "marking": "//NATO SECRET//NF"}]})";
    const Diagnostic d = only_error(json);
    CHECK(d.pointer == "/data/0/marking");
    CHECK(located_at(json, d, "\"//NATO"));
    CHECK(contains(d.message, "NOFORN contradicts a NATO marking"));
  }
  SUBCASE("a misspelt control") {
    const Diagnostic d = only_error(R"({"clearance": 1, "data": [{"id": "d", "marking": "S//NF/ORCN"}]})");
    CHECK(contains(d.message, "unknown dissemination control \"ORCN\"; did you mean \"ORCON\"?"));
  }
  SUBCASE("a misspelt non-IC control") {
    const Diagnostic d = only_error(R"({"clearance": 1, "data": [{"id": "d", "marking": "C//LIMDIS/EXDS"}]})");
    CHECK(contains(d.message, "did you mean \"EXDIS\"?"));
  }
  SUBCASE("a release to a malformed JOINT marking") {
    const std::string json = with_link(
        R"({"id": "g", "kind": "guard", "from": "n", "to": "m", "releases": [{"from": "S", "to": "//JOINT S USA"}]})");
    const Diagnostic d = only_error(json);
    CHECK(d.pointer == "/links/0/releases/0/to");
    CHECK(contains(d.message, "at least two countries"));
  }
  SUBCASE("a level word the model's scheme lacks") {
    const Diagnostic d = only_error(R"({"clearance": 1, "data": [{"id": "d", "marking": "//DEU GEHEIM"}]})");
    CHECK(contains(d.message, "unknown level \"GEHEIM\""));
  }
  SUBCASE("the same word as a model's alias") {
    const Model model = load_model_json(
        R"({"clearance": 1, "scheme": {"aliases": {"GEHEIM": "SECRET"}}, "data": [{"id": "d", "marking": "//deu geheim"}]})");
    CHECK(model.marking_of(0) == "//DEU GEHEIM");
  }
}

TEST_CASE("an unknown country is an error") {
  const std::string json = with_node(R"("jurisdiction": "XYZ", "accredited": "S")");
  const Diagnostic d = only_error(json);
  CHECK(d.pointer == "/nodes/0/jurisdiction");
  CHECK(located_at(json, d, "\"XYZ\""));
  CHECK(contains(d.message, "unknown country \"XYZ\"; expected an ISO 3166-1 alpha-3 code"));
  SUBCASE("an owner") {
    const Diagnostic o = only_error(R"({"clearance": 1, "data": [{"id": "d", "marking": "S", "owner": "UK"}]})");
    CHECK(o.pointer == "/data/0/owner");
    CHECK(contains(o.message, "unknown country \"UK\""));
  }
  SUBCASE("the default owner") {
    const Diagnostic o = only_error(R"({"clearance": 1, "scheme": {"default_owner": "QZX"}})");
    CHECK(o.pointer == "/scheme/default_owner");
    CHECK(contains(o.message, "unknown country \"QZX\""));
  }
}

TEST_CASE("a lower-case country in a JSON field is an error naming the upper-case code") {
  SUBCASE("jurisdiction") {
    const Diagnostic d = only_error(with_node(R"("jurisdiction": "usa", "accredited": "S")"));
    CHECK(d.pointer == "/nodes/0/jurisdiction");
    CHECK(contains(d.message, "unknown country \"usa\"; countries are written in upper case: \"USA\""));
  }
  SUBCASE("access") {
    const Diagnostic d = only_error(with_node(R"("jurisdiction": "USA", "accredited": "S", "access": ["USA", "gbr"])"));
    CHECK(d.pointer == "/nodes/0/access/1");
    CHECK(contains(d.message, "countries are written in upper case: \"GBR\""));
  }
  SUBCASE("residency") {
    const Diagnostic d = only_error(R"({"clearance": 1, "data": [{"id": "d", "marking": "S", "residency": ["usa"]}]})");
    CHECK(d.pointer == "/data/0/residency/0");
    CHECK(contains(d.message, "upper case"));
  }
}

TEST_CASE("a group where one country is required is an error") {
  SUBCASE("jurisdiction") {
    const std::string json = with_node(R"("jurisdiction": "FVEY", "accredited": "S")");
    const Diagnostic d = only_error(json);
    CHECK(d.pointer == "/nodes/0/jurisdiction");
    CHECK(located_at(json, d, "\"FVEY\""));
    CHECK(contains(d.message, "\"FVEY\" is a group; this field names one country"));
  }
  SUBCASE("owner") {
    CHECK(contains(only_error(R"({"clearance": 1, "data": [{"id": "d", "marking": "S", "owner": "NATO"}]})").message,
                   "\"NATO\" is a group"));
  }
  SUBCASE("default owner") {
    const Diagnostic d = only_error(R"({"clearance": 1, "scheme": {"default_owner": "FVEY"}})");
    CHECK(d.pointer == "/scheme/default_owner");
    CHECK(contains(d.message, "\"FVEY\" is a group; default_owner names one country"));
  }
  SUBCASE("but a group is fine in access and residency") {
    const Model model = load_model_json(R"({"clearance": 1,
      "nodes": [{"id": "n", "jurisdiction": "USA", "accredited": "S", "access": ["FVEY"]}],
      "data": [{"id": "d", "marking": "S", "residency": ["ACGU"]}]})");
    CHECK(model.nodes()[0].access.size() == 5);
    CHECK(model.data()[0].residency.size() == 4);
  }
}

TEST_CASE("an unknown country or group in a list is an error with the nearest group suggested") {
  const std::string json = with_node(R"("jurisdiction": "USA", "accredited": "S", "access": ["USA", "FVY"])");
  const Diagnostic d = only_error(json);
  CHECK(d.pointer == "/nodes/0/access/1");
  CHECK(located_at(json, d, "\"FVY\""));
  CHECK(contains(d.message, "unknown country or group \"FVY\"; did you mean \"FVEY\"?"));
  SUBCASE("residency") {
    const Diagnostic r = only_error(R"({"clearance": 1, "data": [{"id": "d", "marking": "S", "residency": ["USA", "EU"]}]})");
    CHECK(r.pointer == "/data/0/residency/1");
    CHECK(contains(r.message, "unknown country or group \"EU\""));
  }
}

TEST_CASE("an empty access or residency list is an error") {
  CHECK(only_error(with_node(R"("jurisdiction": "USA", "accredited": "S", "access": [])")).pointer == "/nodes/0/access");
  CHECK(contains(only_error(R"({"clearance": 1, "data": [{"id": "d", "marking": "S", "residency": []}]})").message,
                 "expected at least one country or group"));
}

TEST_CASE("a cycle of groups is an error reported once") {
  SUBCASE("three groups") {
    const std::string json = R"({"clearance": 1, "scheme": {"groups": {"AA": ["USA", "BB"], "BB": ["CC"], "CC": ["AA"]}}})";
    const Diagnostic d = only_error(json);
    CHECK(d.pointer == "/scheme/groups/AA");
    CHECK(located_at(json, d, "[\"USA\""));
    CHECK(contains(d.message, "groups form a cycle: AA -> BB -> CC -> AA"));
  }
  SUBCASE("a group naming itself") {
    CHECK(contains(only_error(R"({"clearance": 1, "scheme": {"groups": {"AA": ["AA"]}}})").message,
                   "groups form a cycle: AA -> AA"));
  }
  SUBCASE("a group that only uses a cycle is not reported again") {
    const std::vector<Diagnostic> errors =
        errors_of(R"({"clearance": 1, "scheme": {"groups": {"AA": ["BB"], "BB": ["AA"], "ZZ": ["AA", "USA"]}}})");
    CHECK(errors.size() == 1);
  }
}

TEST_CASE("nested groups expand and may replace a default group") {
  Model model = load_model_json(R"({"clearance": 1, "scheme": {"groups": {"FVEY": ["USA", "GBR"], "BIG": ["FVEY", "DEU"]}},
    "data": [{"id": "d", "marking": "S//REL TO BIG"}]})");
  CHECK(model.marking_of(0) == "SECRET//REL TO USA, DEU, GBR");
}

TEST_CASE("a long chain of groups loads in linear time, and one too deep is an error, not a crash") {
  auto chain = [](int length, const char* last) {
    std::string json = R"({"clearance": 1, "scheme": {"groups": {)";
    for (int i = 0; i < length; ++i) json += "\"G" + std::to_string(i) + "\": [\"G" + std::to_string(i + 1) + "\"], ";
    json += "\"G" + std::to_string(length) + "\": [\"" + last + "\"]}}}";
    return json;
  };
  SUBCASE("200 groups deep") { CHECK(load_model_json(chain(200, "USA")).scheme().find_group("G0")->size() == 1); }
  SUBCASE("an unknown member at the end is reported once") {
    const std::vector<Diagnostic> errors = errors_of(chain(200, "QZX"));
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].pointer == "/scheme/groups/G200/0");
  }
  SUBCASE("100000 groups deep") {
    const std::vector<Diagnostic> errors = errors_of(chain(100000, "USA"));
    REQUIRE_FALSE(errors.empty());
    CHECK(contains(errors[0].message, "groups nest deeper than 256 levels"));
  }
}

TEST_CASE("an invalid group name is an error") {
  SUBCASE("lower case") {
    const Diagnostic d = only_error(R"({"clearance": 1, "scheme": {"groups": {"aa": ["USA"]}}})");
    CHECK(d.pointer == "/scheme/groups/aa");
    CHECK(contains(d.message, "expected a group name of upper-case letters"));
  }
  SUBCASE("a country code") {
    CHECK(contains(only_error(R"({"clearance": 1, "scheme": {"groups": {"GBR": ["USA"]}}})").message,
                   "group name \"GBR\" is an ISO 3166-1 country code"));
  }
  SUBCASE("an unknown member") {
    const Diagnostic d = only_error(R"({"clearance": 1, "scheme": {"groups": {"AA": ["USA", "QZX"]}}})");
    CHECK(d.pointer == "/scheme/groups/AA/1");
    CHECK(contains(d.message, "unknown country or group \"QZX\""));
  }
}

TEST_CASE("an unknown impact level is an error") {
  SUBCASE("on a node") {
    const std::string json = with_node(R"("jurisdiction": "USA", "accredited": "S", "impact_level": "IL7")");
    const Diagnostic d = only_error(json);
    CHECK(d.pointer == "/nodes/0/impact_level");
    CHECK(located_at(json, d, "\"IL7\""));
    CHECK(contains(d.message, "unknown impact level \"IL7\""));
  }
  SUBCASE("names are exact") {
    const Diagnostic d = only_error(R"({"clearance": 1, "data": [{"id": "d", "marking": "S", "impact_level": "il5"}]})");
    CHECK(d.pointer == "/data/0/impact_level");
    CHECK(contains(d.message, "unknown impact level \"il5\"; did you mean \"IL5\"?"));
  }
  SUBCASE("nothing near: the impact levels are listed") {
    CHECK(contains(only_error(with_node(R"("jurisdiction": "USA", "accredited": "S", "impact_level": "HIGH")")).message,
                   "expected one of IL2 IL4 IL5 IL6"));
  }
}

TEST_CASE("custom levels lacking CONFIDENTIAL need classified_from") {
  const std::string json = R"({"clearance": 1, "scheme": {"levels": ["PUBLIC", "CUI", "SECRET"]}})";
  const Diagnostic d = only_error(json);
  CHECK(d.pointer == "/scheme/levels");
  CHECK(located_at(json, d, "[\"PUBLIC\""));
  CHECK(contains(d.message, "the levels lack CONFIDENTIAL, so \"classified_from\" must be given"));
}

TEST_CASE("custom levels lacking CUI need controlled_from") {
  const Diagnostic d = only_error(R"({"clearance": 1, "scheme": {"levels": ["PUBLIC", "CONFIDENTIAL", "SECRET"]}})");
  CHECK(d.pointer == "/scheme/levels");
  CHECK(contains(d.message, "the levels lack CUI, so \"controlled_from\" must be given"));
}

TEST_CASE("custom levels with both thresholds load, and default aliases of missing levels are dropped") {
  const std::string scheme = R"("scheme": {"levels": ["PUBLIC", "PROTECTED", "SECRET"], "classified_from": "secret",
    "controlled_from": "Protected"})";
  const Model model = load_model_json(R"({"clearance": 1, )" + scheme + R"(, "data": [{"id": "d", "marking": "S"}]})");
  CHECK(model.scheme().classified_from() == 2);
  CHECK(model.scheme().controlled_from() == 1);
  CHECK(model.marking_of(0) == "SECRET");
  SUBCASE("TS names no level here") {
    const Diagnostic d = only_error(R"({"clearance": 1, )" + scheme + R"(, "data": [{"id": "d", "marking": "TS"}]})");
    CHECK(d.pointer == "/data/0/marking");
    CHECK(contains(d.message, "unknown level \"TS\""));
  }
  SUBCASE("the default impact levels naming missing levels are dropped") {
    CHECK(model.scheme().find_impact_level("IL6").has_value());  // SECRET exists
    CHECK_FALSE(model.scheme().find_impact_level("IL4").has_value());  // CUI does not
  }
}

TEST_CASE("an unknown threshold level is one error") {
  const std::string json = R"({"clearance": 1, "scheme": {"classified_from": "SECERT"}})";
  const Diagnostic d = only_error(json);
  CHECK(d.pointer == "/scheme/classified_from");
  CHECK(located_at(json, d, "\"SECERT\""));
  CHECK(contains(d.message, "unknown level \"SECERT\"; did you mean \"SECRET\"?"));
}

TEST_CASE("controlled_from above classified_from is an error") {
  const std::string json = R"({"clearance": 1, "scheme": {"classified_from": "CUI", "controlled_from": "SECRET"}})";
  const Diagnostic d = only_error(json);
  CHECK(d.pointer == "/scheme/controlled_from");
  CHECK(located_at(json, d, "\"SECRET\""));
  CHECK(contains(d.message, "controlled_from must not be above classified_from"));
}

TEST_CASE("invalid scheme levels, aliases and impact levels are errors") {
  SUBCASE("a level listed twice, in another case") {
    const std::vector<Diagnostic> errors = errors_of(
        R"({"clearance": 1, "scheme": {"levels": ["A", "a"], "classified_from": "A", "controlled_from": "A"}})");
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].pointer == "/scheme/levels/1");
    CHECK(contains(errors[0].message, "level \"A\" is listed twice"));
  }
  SUBCASE("no levels") {
    CHECK(contains(only_error(R"({"clearance": 1, "scheme": {"levels": []}})").message, "expected at least one level"));
  }
  SUBCASE("an alias of an unknown level") {
    const Diagnostic d = only_error(R"({"clearance": 1, "scheme": {"aliases": {"GEHEIM": "SECERT"}}})");
    CHECK(d.pointer == "/scheme/aliases/GEHEIM");
    CHECK(contains(d.message, "unknown level \"SECERT\"; did you mean \"SECRET\"?"));
  }
  SUBCASE("an alias that is a level's name") {
    CHECK(contains(only_error(R"({"clearance": 1, "scheme": {"aliases": {"SECRET": "TOP SECRET"}}})").message,
                   "is already the name of a level"));
  }
  SUBCASE("an impact level of an unknown level") {
    const Diagnostic d = only_error(R"({"clearance": 1, "scheme": {"impact_levels": {"IL9": "ULTRA"}}})");
    CHECK(d.pointer == "/scheme/impact_levels/IL9");
    CHECK(contains(d.message, "unknown level \"ULTRA\""));
  }
  SUBCASE("impact levels not lowest first") {
    CHECK(contains(only_error(R"({"clearance": 1, "scheme": {"impact_levels": {"A": "SECRET", "B": "CUI"}}})").message,
                   "impact levels are listed lowest first"));
  }
}

TEST_CASE("a model's alias is added to the defaults and levels are read as in a marking") {
  const Model model = load_model_json(R"({"clearance": 1, "scheme": {"aliases": {"geheim": "secret"}},
    "nodes": [{"id": "n", "jurisdiction": "DEU", "accredited": "Geheim"}],
    "links": [], "data": [{"id": "d", "marking": "GEHEIM//REL TO DEU", "owner": "DEU"}]})");
  CHECK(model.accreditation_of(0) == "SECRET");
  CHECK(model.marking_of(0) == "SECRET//REL TO DEU");
}

// ---- numbers out of range -------------------------------------------------------------

TEST_CASE("a negative capacity is an error") {
  const std::string json = with_node(R"("jurisdiction": "USA", "accredited": "S", "capacity": {"cpu": -1})");
  const Diagnostic d = only_error(json);
  CHECK(d.pointer == "/nodes/0/capacity/cpu");
  CHECK(located_at(json, d, "-1"));
  CHECK(contains(d.message, "expected a finite number >= 0"));
}

TEST_CASE("a link bandwidth of 0 is an error") {
  const std::string json = with_link(R"({"id": "l", "from": "n", "to": "m", "bandwidth_mbps": 0})");
  const Diagnostic d = only_error(json);
  CHECK(d.pointer == "/links/0/bandwidth_mbps");
  CHECK(located_at(json, d, "0}"));
  CHECK(contains(d.message, "expected a finite number > 0"));
}

TEST_CASE("a negative latency is an error") {
  const Diagnostic d = only_error(with_link(R"({"id": "l", "from": "n", "to": "m", "latency_ms": -5})"));
  CHECK(d.pointer == "/links/0/latency_ms");
  CHECK(contains(d.message, ">= 0"));
}

TEST_CASE("zero replicas is an error") {
  const std::string json = R"({"clearance": 1, "workloads": [{"id": "w", "replicas": 0}]})";
  const Diagnostic d = only_error(json);
  CHECK(d.pointer == "/workloads/0/replicas");
  CHECK(located_at(json, d, "0}"));
  CHECK(contains(d.message, "expected an integer from 1 to 1000000, got 0"));
}

TEST_CASE("min_zones below 1 is an error") {
  const Diagnostic d = only_error(R"({"clearance": 1, "workloads": [{"id": "w", "min_zones": -3}]})");
  CHECK(d.pointer == "/workloads/0/min_zones");
  CHECK(contains(d.message, "got -3"));
}

TEST_CASE("a mean_online_h of 0 is an error") {
  const std::string json = with_node(R"("jurisdiction": "USA", "accredited": "S", "connectivity": {"mean_online_h": 0})");
  const Diagnostic d = only_error(json);
  CHECK(d.pointer == "/nodes/0/connectivity/mean_online_h");
  CHECK(located_at(json, d, "0}"));
  CHECK(contains(d.message, "expected a finite number > 0"));
}

TEST_CASE("other numbers out of range are errors") {
  SUBCASE("a negative mean_offline_h") {
    CHECK(only_error(with_node(R"("jurisdiction": "USA", "accredited": "S", "connectivity": {"mean_offline_h": -1})"))
              .pointer == "/nodes/0/connectivity/mean_offline_h");
  }
  SUBCASE("a max_staleness_h of 0") {
    CHECK(only_error(R"({"clearance": 1, "workloads": [{"id": "w", "max_staleness_h": 0}]})").pointer ==
          "/workloads/0/max_staleness_h");
  }
  SUBCASE("a negative resource") {
    CHECK(only_error(R"({"clearance": 1, "workloads": [{"id": "w", "resources": {"gpu": -2}}]})").pointer ==
          "/workloads/0/resources/gpu");
  }
  SUBCASE("a flow's bandwidth of 0 and negative latency") {
    const std::vector<Diagnostic> errors = errors_of(R"({"clearance": 1, "data": [{"id": "d", "marking": "S"}],
      "workloads": [{"id": "w"}], "flows": [{"id": "f", "from": "w", "to": "w", "data": "d", "min_bandwidth_mbps": 0,
      "max_latency_ms": -1}]})");
    REQUIRE(errors.size() == 2);
    CHECK(errors[0].pointer == "/flows/0/max_latency_ms");
    CHECK(errors[1].pointer == "/flows/0/min_bandwidth_mbps");
  }
  SUBCASE("zero is fine where >= 0 is asked") {
    const Model model = load_model_json(with_link(R"({"id": "l", "from": "n", "to": "m", "latency_ms": 0})"));
    CHECK(model.links()[0].latency_ms == 0);
  }
}

// ---- placement -----------------------------------------------------------------------

TEST_CASE("placing an unknown workload is an error with the nearest id suggested") {
  const std::string json = R"({"clearance": 1, "nodes": [{"id": "n", "jurisdiction": "USA", "accredited": "S"}],
    "workloads": [{"id": "train"}], "placement": {"trian": ["n"]}})";
  const Diagnostic d = only_error(json);
  CHECK(d.pointer == "/placement/trian");
  CHECK(located_at(json, d, "[\"n\"]}"));
  CHECK(contains(d.message, "unknown workload \"trian\"; did you mean \"train\"?"));
}

TEST_CASE("placing on an unknown node is an error with the nearest id suggested") {
  const std::string json = R"({"clearance": 1, "nodes": [{"id": "east", "jurisdiction": "USA", "accredited": "S"}],
    "workloads": [{"id": "w"}], "placement": {"w": ["eats"]}})";
  const Diagnostic d = only_error(json);
  CHECK(d.pointer == "/placement/w/0");
  CHECK(located_at(json, d, "\"eats\""));
  CHECK(contains(d.message, "unknown node \"eats\"; did you mean \"east\"?"));
}

TEST_CASE("a node named twice in one placement list is an error at the second") {
  const std::string json = R"({"clearance": 1, "nodes": [{"id": "n", "jurisdiction": "USA", "accredited": "S"}],
    "workloads": [{"id": "w"}], "placement": {"w": ["n", "n"]}})";
  const Diagnostic d = only_error(json);
  CHECK(d.pointer == "/placement/w/1");
  CHECK(located_at(json, d, "\"n\"]"));
  CHECK(contains(d.message, "node \"n\" is named twice; list each node once"));
}

TEST_CASE("a placement that is not a list of node ids is an error") {
  SUBCASE("a string") {
    const Diagnostic d = only_error(R"({"clearance": 1, "workloads": [{"id": "w"}], "placement": {"w": "n"}})");
    CHECK(d.pointer == "/placement/w");
    CHECK(contains(d.message, "expected an array of strings, got a string"));
  }
  SUBCASE("an array") {
    CHECK(contains(only_error(R"({"clearance": 1, "placement": []})").message, "expected an object of workload id -> node ids"));
  }
}

TEST_CASE("a placement file is read against a model") {
  const Model model = load_model_json(R"({"clearance": 1,
    "nodes": [{"id": "east", "jurisdiction": "USA", "accredited": "S"}, {"id": "west", "jurisdiction": "USA", "accredited": "S"}],
    "workloads": [{"id": "train"}, {"id": "serve"}], "placement": {"train": ["east"]}})");
  SUBCASE("valid") {
    const Placement placement = load_placement_json(R"({"serve": ["west", "east"]})", model, "p.json");
    CHECK_FALSE(placement.is_placed(0));  // replaces the model's placement: train is not listed
    REQUIRE(placement.nodes_of(1).size() == 2);
    CHECK(placement.nodes_of(1)[0] == 1);
    CHECK(placement.nodes_of(1)[1] == 0);
  }
  SUBCASE("an unknown workload") {
    const std::string json = "{\n  \"trian\": [\"east\"]}";
    try {
      load_placement_json(json, model, "p.json");
      FAIL("loaded");
    } catch (const input_error& e) {
      REQUIRE(e.diagnostics().size() == 1);
      const Diagnostic& d = e.diagnostics()[0];
      CHECK(d.file == "p.json");
      CHECK(d.pointer == "/trian");
      CHECK(d.line == 2);
      CHECK(d.column == 3);
      CHECK(contains(d.message, "unknown workload \"trian\"; did you mean \"train\"?"));
    }
  }
  SUBCASE("an unknown node and a node twice, both reported") {
    try {
      load_placement_json(R"({"train": ["esat", "west", "west"]})", model, "p.json");
      FAIL("loaded");
    } catch (const input_error& e) {
      REQUIRE(e.diagnostics().size() == 2);
      CHECK(e.diagnostics()[0].pointer == "/train/0");
      CHECK(contains(e.diagnostics()[0].message, "did you mean \"east\"?"));
      CHECK(e.diagnostics()[1].pointer == "/train/2");
      CHECK(contains(e.diagnostics()[1].message, "named twice"));
    }
  }
  SUBCASE("invalid JSON") {
    CHECK_THROWS_WITH_AS(load_placement_json("{\"train\": [\"east\",]}", model, "p.json"),
                         doctest::Contains("p.json:1:19: /train/0: invalid JSON: trailing comma"), input_error);
  }
}

// ---- version, files, all errors -----------------------------------------------------

TEST_CASE("an unsupported format version is an error") {
  SUBCASE("2") {
    const std::string json = R"({"clearance": 2})";
    const Diagnostic d = only_error(json);
    CHECK(d.pointer == "/clearance");
    CHECK(located_at(json, d, "2"));
    CHECK(contains(d.message, "unsupported format version 2; this clearance reads version 1"));
  }
  SUBCASE("0") { CHECK(contains(only_error(R"({"clearance": 0})").message, "unsupported format version 0")); }
}

TEST_CASE("all independent errors of a file are reported at once, in document order") {
  const std::string json = "{\"clearance\": 1,\n"
                           " \"nodes\": [{\"id\": \"n\", \"jurisdiction\": \"XYZ\", \"accredited\": \"S\"}],\n"
                           " \"data\": [{\"id\": \"d\", \"marking\": \"SECRET//SI/NOFORN\"}],\n"
                           " \"workloads\": [{\"id\": \"w\", \"uses\": [\"e\"]}]}";
  const std::vector<Diagnostic> errors = errors_of(json);
  REQUIRE(errors.size() == 3);
  CHECK(errors[0].pointer == "/nodes/0/jurisdiction");
  CHECK(errors[0].line == 2);
  CHECK(errors[1].pointer == "/data/0/marking");
  CHECK(errors[1].line == 3);
  CHECK(errors[2].pointer == "/workloads/0/uses/0");
  CHECK(errors[2].line == 4);
  CHECK(contains(errors[2].message, "did you mean \"d\"?"));
  SUBCASE("and errors of shape are reported together") {
    const std::string shape = "{\"clearance\": 1,\n"
                              " \"nodes\": [{\"id\": 1, \"jurisdiction\": \"USA\", \"accredited\": \"S\"}],\n"
                              " \"data\": [{\"id\": \"d\", \"marking\": \"S\", \"ownr\": \"USA\"}],\n"
                              " \"workloads\": [{\"id\": \"w\", \"replicas\": 1.5}]}";
    const std::vector<Diagnostic> shaped = errors_of(shape);
    REQUIRE(shaped.size() == 3);
    CHECK(shaped[0].pointer == "/nodes/0/id");
    CHECK(shaped[1].pointer == "/data/0/ownr");
    CHECK(shaped[2].pointer == "/workloads/0/replicas");
  }
}

TEST_CASE("at most 100 diagnostics are reported") {
  std::string json = R"({"clearance": 1, "workloads": [)";
  for (int i = 0; i < 300; ++i) json += std::string(i ? ", " : "") + R"({"id": "w)" + std::to_string(i) + R"(", "uses": ["nope"]})";
  json += "]}";
  CHECK(errors_of(json).size() == 100);
}

TEST_CASE("an input error's text lists every diagnostic as file:line:column: pointer: message") {
  try {
    load_model_json("{\"clearance\": 1,\n \"node\": []}", "dir/m.json");
    FAIL("loaded");
  } catch (const input_error& e) {
    CHECK(std::string(e.what()) == "dir/m.json:2:2: /node: unknown key \"node\"; did you mean \"nodes\"?");
    CHECK(e.pointer() == "/node");
  }
}

TEST_CASE("a missing file is an io error naming the file") {
  const std::string path = temp_path("does-not-exist.json");
  std::filesystem::remove(path);
  try {
    load_model(path);
    FAIL("loaded");
  } catch (const input_error&) {
    FAIL("an io error was expected");
  } catch (const clearance::error& e) {
    CHECK(e.kind() == ErrorKind::io);
    CHECK(contains(e.what(), path));
  }
}

TEST_CASE("a directory is an io error") {
  const std::string path = temp_path("dir.json");
  std::filesystem::create_directories(path);
  try {
    load_model(path);
    FAIL("loaded");
  } catch (const clearance::error& e) {
    CHECK(e.kind() == ErrorKind::io);
    CHECK(contains(e.what(), "it is a directory"));
  }
  std::filesystem::remove(path);
  SUBCASE("and so is a missing placement file") {
    const Model model = load_model_json(R"({"clearance": 1})");
    CHECK_THROWS_AS(load_placement(temp_path("no-placement.json"), model), clearance::error);
  }
}

TEST_CASE("a model file on disk is named after the file and its errors name the path") {
  const std::string path = temp_path("estate-7.json");
  {
    std::ofstream out(path, std::ios::binary);
    out << "{\"clearance\": 1}";
  }
  CHECK(load_model(path).name() == "clearance-load-test-estate-7");
  {
    std::ofstream out(path, std::ios::binary);
    out << "{\"clearance\": 1,}";
  }
  try {
    load_model(path);
    FAIL("loaded");
  } catch (const input_error& e) {
    REQUIRE(e.diagnostics().size() == 1);
    CHECK(e.diagnostics()[0].file == path);
    CHECK(e.diagnostics()[0].line == 1);
    CHECK(e.diagnostics()[0].column == 17);
  }
  std::filesystem::remove(path);
}

}  // TEST_SUITE

TEST_CASE("a zone name with a control character is an error") {
  const Diagnostic d = only_error(
      R"({"clearance": 1, "nodes": [{"id": "n", "jurisdiction": "USA", "accredited": "S", "zone": "\u0001x"}]})");
  CHECK(d.pointer == "/nodes/0/zone");
  CHECK(contains(d.message, "without control characters"));
}

TEST_CASE("a model's alias replaces the default alias of the same name") {
  Model model = load_model_json(R"({"clearance": 1, "scheme": {"aliases": {"OFFICIAL": "SECRET", "GEHEIM": "s"}},
    "data": [{"id": "uk", "marking": "official"}, {"id": "de", "marking": "geheim//rel to deu"}]})", "m.json");
  CHECK(model.marking_of(0) == "SECRET");
  CHECK(model.marking_of(1) == "SECRET//REL TO USA, DEU");
  // Defaults the model does not name are kept.
  CHECK(model.scheme().find_level("OFFICIAL-SENSITIVE") == model.scheme().find_level("CUI"));
}
