// Tests of the waiver options of `clearance check` (spec waivers-v1): --waivers, --today,
// --no-waivers, --warn-expiring, the exit status under --fail-on, and the errors of a bad
// waivers file, run as a user would run them.
#include <doctest/doctest.h>

#include "cli_run.hpp"

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <sys/wait.h>
#include <unistd.h>

namespace {

using clearance_test::Run;
using clearance_test::run_cli;

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// A directory of this process's own (CTest runs each test case as a process, in parallel),
// under the system's temporary directory; the files written there are named by the tests.
struct Scratch {
  std::string path;
  Scratch() {
    std::string pattern = (std::filesystem::temp_directory_path() / "clearance-waivers-test-XXXXXX").string();
    if (::mkdtemp(pattern.data()) != nullptr) path = pattern;
  }
  ~Scratch() {
    std::error_code ignored;
    if (!path.empty()) std::filesystem::remove_all(path, ignored);
  }
};

const std::string& scratch() {
  static const Scratch directory;
  REQUIRE(!directory.path.empty());
  return directory.path;
}

// Writes `text` to `name` in the scratch directory; returns its path.
std::string write(const std::string& name, const std::string& text) {
  const std::string path = scratch() + "/" + name;
  std::ofstream(path) << text;
  return path;
}

// One critical finding (placement.level: w1 on n1 with d1) and one medium
// (placement.missing: w2).
std::string model() {
  return write("cli_waivers_test_model.json", R"({"clearance": 1, "name": "two",
    "nodes": [{"id": "n1", "jurisdiction": "USA", "accredited": "CUI"}],
    "data": [{"id": "d1", "marking": "SECRET"}],
    "workloads": [{"id": "w1", "uses": ["d1"]}, {"id": "w2"}],
    "placement": {"w1": ["n1"]}})");
}

std::string waivers(const std::string& body) {
  return write("cli_waivers_test_waivers.json", "{\"clearance\": 1, \"waivers\": [" + body + "]}");
}

const std::string critical_waiver =
    R"({"id": "RA-1", "rule": "placement.level", "workload": "w1", "justification": "legacy system",
        "approved_by": "AO", "expires": "2027-03-31"})";
const std::string medium_waiver =
    R"({"id": "RA-2", "rule": "placement.missing", "justification": "planned", "approved_by": "AO",
        "expires": "2027-03-31"})";

}  // namespace

TEST_SUITE("cli waivers") {

TEST_CASE("check exits 0 when every finding is waived") {
  const std::string arguments = "check " + model() + " --waivers " + waivers(critical_waiver + "," + medium_waiver);
  CHECK(run_cli(arguments + " --today 2027-03-31").status == 0);
  CHECK(run_cli(arguments + " --today 2027-04-01").status == 1);  // both expired
}

TEST_CASE("waived findings do not count for --fail-on") {
  const std::string arguments = "check " + model() + " --today 2026-01-01 --waivers " + waivers(critical_waiver);
  CHECK(run_cli(arguments).status == 1);  // the medium finding is not waived
  CHECK(run_cli(arguments + " --fail-on medium").status == 1);
  CHECK(run_cli(arguments + " --fail-on high").status == 0);
  CHECK(run_cli("check " + model() + " --fail-on high").status == 1);  // without waivers
}

TEST_CASE("--no-waivers ignores the waivers file without reading it") {
  const std::string arguments = "check " + model() + " --today 2026-01-01 --fail-on high";
  CHECK(run_cli(arguments + " --waivers " + waivers(critical_waiver)).status == 0);
  CHECK(run_cli(arguments + " --waivers " + waivers(critical_waiver) + " --no-waivers").status == 1);
  CHECK(run_cli(arguments + " --waivers /nonexistent.json --no-waivers").status == 1);
}

TEST_CASE("the JSON report with waivers lists waived findings and unused waivers") {
  const std::string unused =
      R"({"id": "RA-3", "rule": "flow.*", "justification": "x", "approved_by": "AO", "expires": "2027-01-01"})";
  Run run = run_cli("check " + model() + " --today 2026-01-01 --format json --waivers " +
                    waivers(critical_waiver + "," + unused));
  CHECK(run.status == 1);
  CHECK(contains(run.out, R"("waived": {"id": "RA-1", "expires": "2027-03-31", "justification": "legacy system", "approved_by": "AO"})"));
  CHECK(contains(run.out, "\"waived\": 1}"));
  CHECK(contains(run.out, "\"unused_waivers\": [\"RA-3\"]"));
}

TEST_CASE("a waiver expiring within --warn-expiring days is a warning") {
  const std::string arguments = "check " + model() + " --waivers " + waivers(critical_waiver);
  CHECK(contains(run_cli(arguments + " --today 2027-03-01").out, "warning: waiver RA-1 (placement.level workload=w1) expires in 30 days, on 2027-03-31"));
  CHECK_FALSE(contains(run_cli(arguments + " --today 2027-03-01 --warn-expiring 29").out, "warning:"));
  // Other formats keep their bytes clean: the warnings go to stderr.
  Run sarif = run_cli(arguments + " --today 2027-03-01 --format sarif", true);
  CHECK(contains(sarif.out, "warning: waiver RA-1"));
  CHECK_FALSE(contains(run_cli(arguments + " --today 2027-03-01 --format sarif").out, "warning:"));
}

TEST_CASE("a bad waivers file exits 2 with the place and what is wrong") {
  Run run = run_cli("check " + model() + " --waivers " +
                        waivers(R"({"id": "RA-1", "rule": "placement.levle", "justification": "x",
                                    "approved_by": "AO", "expires": "2027-03-31"})"),
                    true);
  CHECK(run.status == 2);
  CHECK(contains(run.out, "cli_waivers_test_waivers.json:1:53: /waivers/0/rule: unknown rule "
                          "\"placement.levle\"; did you mean \"placement.level\"?"));
  CHECK(run_cli("check " + model() + " --waivers /nonexistent.json").status == 2);
  CHECK(run_cli("check " + model() + " --waivers " + write("cli_waivers_test_bad.json", "{\"clearance\": 1, ")).status == 2);
}

TEST_CASE("--today must be a real date") {
  for (const char* today : {"2027-02-29", "tomorrow", "2027-3-1"}) {
    CAPTURE(today);
    Run run = run_cli("check " + model() + " --today " + today, true);
    CHECK(run.status == 2);
    CHECK(contains(run.out, "error: --today"));
  }
}

}  // TEST_SUITE
