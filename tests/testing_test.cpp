// Tests of testing.hpp: the assertions pass and fail when they should.
#include <doctest/doctest.h>

#include <clearance/load.hpp>
#include <clearance/testing.hpp>

using namespace clearance;

namespace {

Model misplaced() {
  return load_model_json(R"({"clearance": 1,
    "nodes": [{"id": "n", "jurisdiction": "USA", "accredited": "SECRET"}],
    "data": [{"id": "d", "marking": "TOP SECRET"}],
    "workloads": [{"id": "w", "uses": ["d"]}], "placement": {"w": ["n"]}})");
}

Model compliant() {
  return load_model_json(R"({"clearance": 1,
    "nodes": [{"id": "n", "jurisdiction": "USA", "accredited": "SECRET"}],
    "workloads": [{"id": "w"}], "placement": {"w": ["n"]}})");
}

}  // namespace

TEST_SUITE("testing") {

TEST_CASE("the helpers count findings by rule id and describe the report") {
  Model model = misplaced();
  Report report = check(model);
  CHECK(testing::count_findings(report, "placement.level") == 1);
  CHECK(testing::count_findings(report, "placement.release") == 0);
  CHECK(testing::describe(report, model).find("placement.level") != std::string::npos);
  CHECK(testing::is_rule("edge.at-rest"));
  CHECK_FALSE(testing::is_rule("edge.at_rest"));
}

TEST_CASE("the assertions pass on what the model does") {
  CLEARANCE_CHECK_COMPLIANT(compliant());
  CLEARANCE_REQUIRE_COMPLIANT(compliant());
  CLEARANCE_CHECK_FINDS(misplaced(), "placement.level");
  CLEARANCE_CHECK_FINDS_N(misplaced(), "placement.level", 1);
  CLEARANCE_CHECK_DOES_NOT_FIND(misplaced(), "placement.compartments");
}

TEST_CASE("CLEARANCE_CHECK_COMPLIANT fails on a model with findings" * doctest::should_fail()) {
  CLEARANCE_CHECK_COMPLIANT(misplaced());
}

TEST_CASE("CLEARANCE_CHECK_FINDS fails on a rule that does not fire" * doctest::should_fail()) {
  CLEARANCE_CHECK_FINDS(compliant(), "placement.level");
}

TEST_CASE("an assertion about a misspelt rule id fails rather than passing vacuously" * doctest::should_fail()) {
  CLEARANCE_CHECK_DOES_NOT_FIND(compliant(), "placement.levle");
}

}  // TEST_SUITE
