// Tests of explain.hpp: the scheduler-style account of where a workload can run.
#include <doctest/doctest.h>

#include <clearance/error.hpp>
#include <clearance/explain.hpp>
#include <clearance/load.hpp>

#include <string>

using namespace clearance;

namespace {

Model estate() {
  return load_model_json(R"({"clearance": 1, "name": "estate",
    "nodes": [
      {"id": "ts-full", "jurisdiction": "USA", "accredited": "TOP SECRET//SI/TK"},
      {"id": "ts-full-2", "jurisdiction": "USA", "accredited": "TOP SECRET//SI/TK", "capacity": {"cpu": 16}},
      {"id": "ts-si", "jurisdiction": "USA", "accredited": "TOP SECRET//SI"},
      {"id": "s-1", "jurisdiction": "USA", "accredited": "SECRET"},
      {"id": "s-2", "jurisdiction": "USA", "accredited": "SECRET//SI"},
      {"id": "uk-ts", "jurisdiction": "GBR", "accredited": "TOP SECRET//SI/TK"},
      {"id": "full-busy", "jurisdiction": "USA", "accredited": "TOP SECRET//SI/TK", "capacity": {"cpu": 16}},
      {"id": "ts-edge", "kind": "edge", "jurisdiction": "USA", "accredited": "TOP SECRET//SI/TK", "at_rest": "fips",
       "connectivity": {"mean_online_h": 1, "mean_offline_h": 10}}],
    "data": [{"id": "sigint", "marking": "TOP SECRET//SI/TK//NOFORN"}, {"id": "cop", "marking": "SECRET//REL TO USA, GBR"}],
    "workloads": [{"id": "fusion", "uses": ["sigint", "cop"], "resources": {"cpu": 8}, "max_staleness_h": 4},
                  {"id": "hog", "resources": {"cpu": 12}}, {"id": "free"}],
    "placement": {"fusion": ["ts-full"], "hog": ["full-busy"]}})");
}

const NodeVerdict& verdict_of(const Explanation& explanation, const Model& model, std::string_view node) {
  for (const NodeVerdict& verdict : explanation.nodes)
    if (model.node_id(verdict.node) == node) return verdict;
  throw std::logic_error("no such node");
}

}  // namespace

TEST_SUITE("explain") {

TEST_CASE("explain counts the nodes that can host a workload and the reasons of the others") {
  Model model = estate();
  Explanation explanation = explain(model, "fusion");
  CHECK(explanation.hosts == 2);
  CHECK(explanation.summary ==
        "2 of 8 nodes can host it; 2 below TOP SECRET, 2 lack compartment TK, 1 edge without csfc or type1 at rest, "
        "1 insufficient cpu, 1 lack compartments SI/TK, 1 offline longer than 4 h, 1 reachable by GBR personnel");
}

TEST_CASE("explain lists the nodes that can host first, then the others, each by id") {
  Model model = estate();
  Explanation explanation = explain(model, "fusion");
  std::vector<std::string> order;
  for (const NodeVerdict& verdict : explanation.nodes) order.emplace_back(model.node_id(verdict.node));
  CHECK(order == std::vector<std::string>{"ts-full", "ts-full-2", "full-busy", "s-1", "s-2", "ts-edge", "ts-si", "uk-ts"});
  CHECK(verdict_of(explanation, model, "ts-full").placed);
  CHECK_FALSE(verdict_of(explanation, model, "ts-full-2").placed);
}

TEST_CASE("explain names the facts behind each reason") {
  Model model = estate();
  Explanation explanation = explain(model, "fusion");
  const NodeVerdict& secret = verdict_of(explanation, model, "s-1");
  CHECK(secret.reasons == (reason_level | reason_compartments));
  CHECK(secret.details[0] == "accredited SECRET, below TOP SECRET of data `sigint`");
  const NodeVerdict& uk = verdict_of(explanation, model, "uk-ts");
  CHECK(uk.reasons == reason_release);
  CHECK(uk.details[0] == "reachable by GBR personnel; the data is releasable to USA only");
  const NodeVerdict& busy = verdict_of(explanation, model, "full-busy");
  CHECK(busy.reasons == reason_capacity);
  CHECK(busy.details[0] == "cpu: needs 8, 4 of 16 free");
  const NodeVerdict& edge = verdict_of(explanation, model, "ts-edge");
  CHECK(edge.reasons == (reason_at_rest | reason_staleness));
}

TEST_CASE("a workload's own replicas do not count against the capacity it needs") {
  Model model = estate();
  Explanation explanation = explain(model, "hog");
  CHECK(verdict_of(explanation, model, "full-busy").can_host());
}

TEST_CASE("a workload that uses no data and needs nothing can run anywhere") {
  Model model = estate();
  Explanation explanation = explain(model, "free");
  CHECK(explanation.hosts == 8);
  CHECK(explanation.summary == "8 of 8 nodes can host it");
  CHECK(explanation.reasons.empty());
}

TEST_CASE("explaining an unknown workload is a not_found error with a suggestion") {
  Model model = estate();
  try {
    explain(model, "fusio");
    FAIL("expected an error");
  } catch (const error& e) {
    CHECK(e.kind() == ErrorKind::not_found);
    CHECK(std::string(e.what()).find("did you mean `fusion`?") != std::string::npos);
  }
}

TEST_CASE("the text explanation states the needs, the summary and one line per node") {
  Model model = estate();
  std::string text = to_text(explain(model, "fusion"), model);
  CHECK(text.find("workload `fusion` uses `sigint` (TOP SECRET//SI/TK//NOFORN), `cop` (SECRET//REL TO USA, GBR); "
                  "a node must be accredited TOP SECRET//SI/TK and reachable only by USA personnel\n") == 0);
  CHECK(text.find("\n2 of 8 nodes can host it;") != std::string::npos);
  CHECK(text.find("Placed on `ts-full`.\n") != std::string::npos);
  CHECK(text.find("  `ts-full` (TOP SECRET//SI/TK) [placed]\n") != std::string::npos);
  CHECK(text.find("  `uk-ts` (TOP SECRET//SI/TK): reachable by GBR personnel") != std::string::npos);
}

}  // TEST_SUITE
