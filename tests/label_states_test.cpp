// Tests of the bound on label states (FlowCheckOptions::max_label_states, docs/limits.md)
// in the analyses other than check: explain_flow, exposure and resilience, as library calls
// and as commands, each ending with check's own error when a data class's (node, label)
// states exceed it; and of the latency search that keeps a large class's memory bounded.
#include <doctest/doctest.h>

#include <clearance/error.hpp>
#include <clearance/explain_flow.hpp>
#include <clearance/exposure.hpp>
#include <clearance/load.hpp>
#include <clearance/resilience.hpp>

#include "cli_run.hpp"

#include <cstdio>
#include <fstream>
#include <sys/wait.h>
#include <string>
#include <vector>

using namespace clearance;

namespace {

using clearance_test::Run;
using clearance_test::run_cli;

// A chain of `guards` guards of 1 ms, each releasing the data into 3 compartment sets of
// its own (1 + 3 guards labels on guards + 1 nodes, as scripts/chain-model.py writes it),
// and one flow from one end to the other with `flow_extra` (a latency bound, say).
std::string label_chain_json(int guards, const std::string& flow_extra = "") {
  // Distinct sets: triples of as few compartments as give enough of them.
  int names = 3;
  while (names * (names - 1) * (names - 2) / 6 < 3 * guards) ++names;
  std::vector<std::string> sets;
  for (int i = 0; i < names; ++i)
    for (int j = i + 1; j < names; ++j)
      for (int k = j + 1; k < names; ++k)
        sets.push_back("C" + std::to_string(i) + "/C" + std::to_string(j) + "/C" + std::to_string(k));
  std::string everything = "TOP SECRET//X";
  for (int i = 0; i < names; ++i) everything += "/C" + std::to_string(i);
  std::string nodes, links;
  for (int n = 0; n <= guards; ++n)
    nodes += std::string(n == 0 ? "" : ", ") + R"({"id": "n)" + std::to_string(n) +
             R"(", "jurisdiction": "USA", "accredited": ")" + everything + R"("})";
  for (int g = 0; g < guards; ++g) {
    std::string releases;
    for (int r = 0; r < 3; ++r)
      releases += std::string(r == 0 ? "" : ", ") + R"({"from": ")" + everything + R"(", "to": "SECRET//)" +
                  sets[static_cast<std::size_t>(3 * g + r)] + R"("})";
    links += std::string(g == 0 ? "" : ", ") + R"({"id": "g)" + std::to_string(g) + R"(", "kind": "guard", "from": "n)" +
             std::to_string(g) + R"(", "to": "n)" + std::to_string(g + 1) +
             R"(", "direction": "both", "latency_ms": 1, "releases": [)" + releases + "]}";
  }
  return R"({"clearance": 1, "name": "label chain", "nodes": [)" + nodes + R"(], "links": [)" + links +
         R"(], "data": [{"id": "d", "marking": "SECRET//X"}], "workloads": [{"id": "src", "uses": ["d"]},
         {"id": "dst", "uses": ["d"]}], "flows": [{"id": "f", "from": "src", "to": "dst", "data": "d")" +
         flow_extra + R"(}], "placement": {"src": ["n0"], "dst": ["n)" + std::to_string(guards) + R"("]}})";
}

// 1 + 6 * 3 labels on 7 nodes: 133 states.
Model chain_of_six() { return load_model_json(label_chain_json(6, R"(, "max_latency_ms": 100)"), "chain.json"); }

// Runs `call` and checks that it throws check's error for the chain of six over a limit of 132.
template <typename Call>
void check_throws_over_limit(Call call) {
  try {
    call();
    FAIL("no error");
  } catch (const error& e) {
    CHECK(e.kind() == ErrorKind::input);
    CHECK(e.pointer() == "/data/0");
    const std::string message = e.what();
    CHECK(message.find("data `d` (SECRET//X) takes 19 labels through guard releases, 133 (node, label) states on 7 "
                       "nodes, over the limit of 132 (max_label_states, --max-label-states)") != std::string::npos);
    CHECK(message.find("the releases of guards `g0`, `g1`, `g2`, `g3`, `g4` and 1 more multiply its labels") !=
          std::string::npos);
  }
}

// A chain written to a file for the commands.
struct ChainFile {
  std::string path;
  ChainFile(int guards, const std::string& flow_extra, const std::string& name) : path(name) {
    std::ofstream(path) << label_chain_json(guards, flow_extra);
  }
  ~ChainFile() { std::remove(path.c_str()); }
};

#ifndef CLEARANCE_TESTS_SANITIZED  // AddressSanitizer reserves terabytes of address space
// run_cli() with the process's address space limited to `kilobytes` (the shell's ulimit -v).
Run run_limited(const std::string& arguments, long kilobytes) {
  return clearance_test::run_shell("ulimit -v " + std::to_string(kilobytes) + " && '" + CLEARANCE_CLI + "' " +
                                   arguments + " 2>&1");
}
#endif

const char* const limit_message = "over the limit of 132 (max_label_states, --max-label-states)";

}  // namespace

TEST_SUITE("label_states") {

TEST_CASE("explain_flow over the label-state limit throws check's error, and at the limit explains") {
  const Model model = chain_of_six();
  ExplainFlowOptions options;
  options.max_label_states = 132;
  check_throws_over_limit([&] { explain_flow(model, "f", options); });
  options.max_label_states = 133;
  const FlowExplanation explanation = explain_flow(model, "f", options);
  REQUIRE(explanation.sources.size() == 1);
  CHECK(explanation.sources[0].verdict == FlowVerdict::routed);
}

TEST_CASE("exposure over the label-state limit throws check's error, and at the limit reports") {
  const Model model = chain_of_six();
  ExposureOptions options;
  options.max_label_states = 132;
  check_throws_over_limit([&] { exposure(model, "n3", options); });
  options.max_label_states = 133;
  const ExposureReport report = exposure(model, "n3", options);
  REQUIRE(report.captures.size() == 1);
  CHECK(report.in_transit(0).entries.size() == 1);
}

TEST_CASE("resilience over the label-state limit throws check's error, and at the limit finds the guards critical") {
  const Model model = chain_of_six();
  ResilienceOptions options;
  options.max_label_states = 132;
  check_throws_over_limit([&] { resilience(model, options); });
  options.max_label_states = 133;
  const Resilience result = resilience(model, options);
  REQUIRE(result.pairs.size() == 1);
  CHECK(result.pairs[0].critical.size() == 12);  // six guards and the six nodes after n0
}

TEST_CASE("explain-flow, exposure and resilience --max-label-states below the states exit 2 with check's message") {
  const ChainFile chain(6, R"(, "max_latency_ms": 100)", "label_states_test_chain.json");
  for (const std::string& command :
       {"explain-flow " + chain.path + " f", "exposure " + chain.path + " --capture node:n3",
        "resilience " + chain.path}) {
    CAPTURE(command);
    const Run limited = run_cli(command + " --max-label-states 132", true);
    CHECK(limited.status == 2);
    CHECK(limited.out.find(limit_message) != std::string::npos);
    CHECK(run_cli(command + " --max-label-states 133").status == 0);
    CHECK(run_cli(command + " --max-label-states 0").status == 2);  // not a positive number
  }
}

#ifndef CLEARANCE_TESTS_SANITIZED  // AddressSanitizer reserves terabytes of address space
TEST_CASE("check searches a latency-bounded chain of two million label states within 400 MB of address space") {
  // 1 + 3 * 800 labels on 801 nodes, and a bound no route meets: the latency search runs
  // to the fastest route over most of them. Its arcs, kept, took 40 bytes each way.
  const ChainFile chain(800, R"(, "max_latency_ms": 10)", "label_states_test_large_chain.json");
  const Run run = run_limited("check " + chain.path + " --format json", 400000);
  CHECK(run.status == 1);
  CHECK(run.out.find("\"rule\": \"flow.latency\"") != std::string::npos);
  CHECK(run.out.find("takes 800 ms") != std::string::npos);
}

TEST_CASE("resilience that runs out of memory below the label-state limit exits 2 naming the data and its states") {
  // 1 + 3 * 200 labels on 201 nodes: the explicit product graph and the dominators' arrays
  // of resilience take several kilobytes a state, more than 500 MB here.
  const ChainFile chain(200, R"(, "max_latency_ms": 1000)", "label_states_test_resilience_chain.json");
  const Run run = run_limited("resilience " + chain.path + " --format json", 500000);
  CHECK(run.status == 2);
  CHECK(run.out.find("resilience ran out of memory over data `d` (SECRET//X), 120801 (node, label) states on 201 "
                     "nodes") != std::string::npos);
  CHECK(run.out.find("bad_alloc") == std::string::npos);
}
#endif

}  // TEST_SUITE("label_states")
