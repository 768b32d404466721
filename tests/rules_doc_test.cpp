// docs/rules.md stays true: the example model under each rule's heading gives exactly
// one finding, of that rule.
#include <doctest/doctest.h>

#include <clearance/check.hpp>
#include <clearance/load.hpp>

#include <fstream>
#include <string>

using namespace clearance;

TEST_SUITE("rules") {

TEST_CASE("each rule's example in docs/rules.md gives exactly one finding, of that rule") {
  std::ifstream in(std::string(CLEARANCE_SOURCE_DIR) + "/docs/rules.md", std::ios::binary);
  const std::string doc((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  REQUIRE_FALSE(doc.empty());
  std::size_t examples = 0;
  for (std::size_t heading = doc.find("\n## "); heading != std::string::npos;
       heading = doc.find("\n## ", heading + 1)) {
    std::size_t name_end = doc.find('\n', heading + 4);
    std::string name = doc.substr(heading + 4, name_end - heading - 4);
    if (find_rule(name) == nullptr) continue;  // "Choices where the spec is silent"
    std::size_t next = doc.find("\n## ", name_end);
    std::size_t open = doc.find("```json\n", name_end);
    REQUIRE_MESSAGE((open != std::string::npos && open < next), "no example for ", name);
    std::size_t close = doc.find("```", open + 8);
    CAPTURE(name);
    Model model = load_model_json(doc.substr(open + 8, close - open - 8), name + ".json");
    Report report = check(model);
    REQUIRE(report.findings.size() == 1);
    CHECK(rule_info(report.findings[0].rule).name == name);
    ++examples;
  }
  CHECK(examples == rule_count);  // every rule has its example
}

}  // TEST_SUITE
