// Golden files: the JSON report of each example model, compared byte for byte with
// tests/golden/<example>.json. After an intended change, regenerate them with
//   CLEARANCE_UPDATE_GOLDEN=1 build/tests/clearance_tests -ts=golden
// and review the diff: every line is a claim about what the checker reports.
#include <doctest/doctest.h>

#include <clearance/check.hpp>
#include <clearance/load.hpp>
#include <clearance/report.hpp>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

using namespace clearance;

namespace {

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

void check_golden(const std::string& example) {
  const std::string source = CLEARANCE_SOURCE_DIR;
  Model model = load_model(source + "/examples/" + example + ".json");
  std::string json = to_json(check(model), model);
  const std::string golden = source + "/tests/golden/" + example + ".json";
  if (std::getenv("CLEARANCE_UPDATE_GOLDEN") != nullptr) std::ofstream(golden, std::ios::binary) << json;
  CHECK(json == read_text(golden));
}

}  // namespace

TEST_SUITE("golden") {

TEST_CASE("the coalition cloud example reports exactly its deliberate violations") { check_golden("coalition-cloud"); }
TEST_CASE("the cross-domain example reports exactly its deliberate violations") { check_golden("cross-domain"); }
TEST_CASE("the edge tactical example reports exactly its deliberate violations") { check_golden("edge-tactical"); }
TEST_CASE("the NATO sovereign example reports exactly its deliberate violations") { check_golden("nato-sovereign"); }
TEST_CASE("the coalition enclave example of US, British and NATO markings has no findings") {
  check_golden("coalition-enclave");
}

TEST_CASE("the edge relay example reports exactly its deliberate violation") { check_golden("edge-relay"); }

}  // TEST_SUITE
