// Assertions for tests of deployment models: "this model is compliant", "this model
// breaks rule X", printing the findings when they fail. Header-only.
//
// The helpers in clearance::testing work with any test framework. The CLEARANCE_CHECK_*
// and CLEARANCE_REQUIRE_* macros are doctest assertions and exist only when doctest is
// included first:
//
//   #include <doctest/doctest.h>
//   #include <clearance/testing.hpp>
//
//   TEST_CASE("the coalition cloud is compliant") {
//     clearance::Model model = clearance::load_model("coalition-cloud.json");
//     CLEARANCE_CHECK_COMPLIANT(model);
//   }
#pragma once

#include <clearance/check.hpp>
#include <clearance/report.hpp>

#include <cstddef>
#include <string>
#include <string_view>

namespace clearance {
inline namespace v1 {
namespace testing {

// Findings of `rule` (a rule id such as "placement.release") in a report.
inline std::size_t count_findings(const Report& report, std::string_view rule) {
  std::size_t count = 0;
  for (const Finding& finding : report.findings) count += rule_info(finding.rule).name == rule;
  return count;
}

// The report as text, for failure messages: the findings, or "no findings".
inline std::string describe(const Report& report, const Model& model) {
  return to_text(report, model, false);
}

// True when `rule` names a rule of the catalogue; the macros check it, so that a typo
// in a rule id cannot make an assertion pass.
inline bool is_rule(std::string_view rule) { return find_rule(rule) != nullptr; }

}  // namespace testing
}  // namespace v1
}  // namespace clearance

#if defined(DOCTEST_VERSION)

// The model has no finding at all.
#define CLEARANCE_CHECK_COMPLIANT(model)                                                    \
  do {                                                                                      \
    const ::clearance::Model& clearance_model_ = (model);                                   \
    const ::clearance::Report clearance_report_ = ::clearance::check(clearance_model_);     \
    CHECK_MESSAGE(clearance_report_.findings.empty(),                                       \
                  ::clearance::testing::describe(clearance_report_, clearance_model_));     \
  } while (false)

#define CLEARANCE_REQUIRE_COMPLIANT(model)                                                  \
  do {                                                                                      \
    const ::clearance::Model& clearance_model_ = (model);                                   \
    const ::clearance::Report clearance_report_ = ::clearance::check(clearance_model_);     \
    REQUIRE_MESSAGE(clearance_report_.findings.empty(),                                     \
                    ::clearance::testing::describe(clearance_report_, clearance_model_));   \
  } while (false)

// The model has `count` findings of `rule` ("placement.release").
#define CLEARANCE_CHECK_FINDS_N(model, rule, count)                                         \
  do {                                                                                      \
    const ::clearance::Model& clearance_model_ = (model);                                   \
    const ::clearance::Report clearance_report_ = ::clearance::check(clearance_model_);     \
    CHECK_MESSAGE(::clearance::testing::is_rule(rule), "no rule ", rule);                   \
    CHECK_MESSAGE(::clearance::testing::count_findings(clearance_report_, rule) ==          \
                      static_cast<std::size_t>(count),                                      \
                  "expected ", count, " finding(s) of ", rule, "; the check reported:\n",   \
                  ::clearance::testing::describe(clearance_report_, clearance_model_));     \
  } while (false)

// The model has at least one finding of `rule`.
#define CLEARANCE_CHECK_FINDS(model, rule)                                                  \
  do {                                                                                      \
    const ::clearance::Model& clearance_model_ = (model);                                   \
    const ::clearance::Report clearance_report_ = ::clearance::check(clearance_model_);     \
    CHECK_MESSAGE(::clearance::testing::is_rule(rule), "no rule ", rule);                   \
    CHECK_MESSAGE(::clearance::testing::count_findings(clearance_report_, rule) > 0,        \
                  "expected a finding of ", rule, "; the check reported:\n",                \
                  ::clearance::testing::describe(clearance_report_, clearance_model_));     \
  } while (false)

// The model has no finding of `rule` (other rules may fire).
#define CLEARANCE_CHECK_DOES_NOT_FIND(model, rule)                                          \
  do {                                                                                      \
    const ::clearance::Model& clearance_model_ = (model);                                   \
    const ::clearance::Report clearance_report_ = ::clearance::check(clearance_model_);     \
    CHECK_MESSAGE(::clearance::testing::is_rule(rule), "no rule ", rule);                   \
    CHECK_MESSAGE(::clearance::testing::count_findings(clearance_report_, rule) == 0,       \
                  "expected no finding of ", rule, "; the check reported:\n",               \
                  ::clearance::testing::describe(clearance_report_, clearance_model_));     \
  } while (false)

#endif  // DOCTEST_VERSION
