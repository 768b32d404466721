// Tests of the `check`, `rules` and `explain` commands of the clearance tool: exit
// status (spec §5), formats and usage errors, run as a user would run them.
#include <doctest/doctest.h>

#include "cli_run.hpp"

#include <cstdio>
#include <fstream>
#include <string>
#include <sys/wait.h>

namespace {

using clearance_test::Run;
using clearance_test::run_cli;

std::string example(const std::string& name) { return std::string(CLEARANCE_SOURCE_DIR) + "/examples/" + name + ".json"; }

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// A model whose only finding is medium (placement.missing), written to a temporary file.
std::string medium_only_model() {
  std::string path = "cli_check_test_medium.json";
  std::ofstream(path) << R"({"clearance": 1, "name": "medium-only", "workloads": [{"id": "w"}]})";
  return path;
}

}  // namespace

TEST_SUITE("cli check") {

TEST_CASE("check exits 1 when there are findings and 0 when there are none") {
  CHECK(run_cli("check '" + example("coalition-cloud") + "'").status == 1);
  Run compliant = run_cli("check '" + example("nato-sovereign") + "'");
  CHECK(compliant.status == 0);
  CHECK(compliant.out == "clearance: model `nato-sovereign`: no findings.\n");
}

TEST_CASE("check --max-label-states below a data class's (node, label) states exits 2 with no report") {
  const std::string model = "'" + example("cross-domain") + "'";
  const Run checked = run_cli("check " + model + " --format json");
  REQUIRE(checked.status == 1);
  const Run limited = run_cli("check " + model + " --format json --max-label-states 1");
  CHECK(limited.status == 2);
  CHECK(limited.out.empty());
  CHECK(run_cli("check " + model + " --format json --max-label-states 1000000").out == checked.out);
  CHECK(run_cli("check " + model + " --max-label-states 0").status == 2);  // not a positive number
}

TEST_CASE("check --fail-on sets the lowest severity that fails") {
  std::string model = medium_only_model();
  CHECK(run_cli("check " + model).status == 1);
  CHECK(run_cli("check " + model + " --fail-on medium").status == 1);
  CHECK(run_cli("check " + model + " --fail-on high").status == 0);
  CHECK(run_cli("check " + model + " --fail-on critical").status == 0);
  CHECK(run_cli("check '" + example("coalition-cloud") + "' --fail-on critical").status == 1);
  std::remove(model.c_str());
}

TEST_CASE("check --format json prints the golden report") {
  Run run = run_cli("check --format json '" + example("coalition-cloud") + "'");
  CHECK(run.status == 1);
  CHECK(run.out == read_text(std::string(CLEARANCE_SOURCE_DIR) + "/tests/golden/coalition-cloud.json"));
}

TEST_CASE("check prints no colour when stdout is not a terminal") {
  Run run = run_cli("check '" + example("coalition-cloud") + "'");
  CHECK(run.out.find('\033') == std::string::npos);
  CHECK(run.out.find("CRITICAL (4)") != std::string::npos);
}

TEST_CASE("check exits 2 on a usage or input error") {
  CHECK(run_cli("check").status == 2);
  CHECK(run_cli("check '" + example("coalition-cloud") + "' --format xml").status == 2);
  CHECK(run_cli("check '" + example("coalition-cloud") + "' --fail-on severe").status == 2);
  CHECK(run_cli("check does-not-exist.json").status == 2);
  CHECK(run_cli("check '" + example("coalition-cloud") + "' --placement does-not-exist.json").status == 2);
}

TEST_CASE("check --placement replaces the model's placement") {
  std::string placement = "cli_check_test_placement.json";
  std::ofstream(placement) << R"({"retrain-job": ["il6-hub"]})";
  Run run = run_cli("check --format json '" + example("edge-tactical") + "' --placement " + placement);
  CHECK(run.status == 1);
  CHECK(run.out.find("\"workload\": \"retrain-job\"") == std::string::npos);
  // Replaced, not merged: the workloads the file does not list are now unplaced.
  CHECK(run.out.find("\"workload\": \"track-fusion\"") != std::string::npos);
  std::remove(placement.c_str());
}

TEST_CASE("rules lists every rule with its severity and controls") {
  Run run = run_cli("rules");
  CHECK(run.status == 0);
  CHECK(run.out.find("placement.release       critical  AC-21, PS-3(4)") != std::string::npos);
  std::size_t lines = 0;
  for (char c : run.out) lines += c == '\n';
  CHECK(lines == 18);  // a header and 17 rules
}

TEST_CASE("explain prints the scheduler-style summary and exits 0, or 2 for an unknown workload") {
  Run run = run_cli("explain '" + example("coalition-cloud") + "' sigint-fusion");
  CHECK(run.status == 0);
  CHECK(run.out.find(" nodes can host it") != std::string::npos);
  CHECK(run_cli("explain '" + example("coalition-cloud") + "' no-such-workload").status == 2);
}

TEST_CASE("explain-flow prints the route hop by hop and why it breaks, or exits 2 for an unknown flow") {
  Run run = run_cli("explain-flow '" + example("coalition-cloud") + "' training-feedback-to-collector");
  CHECK(run.status == 0);
  CHECK(run.out.find("from `us-east-il6`: flow.route") != std::string::npos);
  CHECK(run.out.find("1. via diode `diode-cui-to-secret` to `us-east-il5`") != std::string::npos);
  CHECK(run.out.find("why: ") != std::string::npos);
  CHECK(run_cli("explain-flow '" + example("coalition-cloud") + "' no-such-flow").status == 2);
}

}  // TEST_SUITE
