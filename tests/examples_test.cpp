// The shipped examples load, and the command line's `validate` and `marking` behave as
// issue 2 asks: exit 0 on valid input, 2 with file:line:column on malformed input, the
// canonical markings one a line, and 2 on usage errors.
#include <doctest/doctest.h>

#include <clearance/load.hpp>

#include <sys/wait.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

using namespace clearance;
namespace fs = std::filesystem;

namespace {

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

std::vector<fs::path> example_files() {
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(fs::path(CLEARANCE_SOURCE_DIR) / "examples"))
    if (entry.is_regular_file() && entry.path().extension() == ".json") files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  return files;
}

// A directory of its own under the system's temporary directory, removed at the end.
struct TempDir {
  fs::path path;
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "clearance-cli-test-XXXXXX").string();
    REQUIRE(::mkdtemp(pattern.data()) != nullptr);
    path = pattern;
  }
  ~TempDir() {
    std::error_code ignored;
    fs::remove_all(path, ignored);
  }
  fs::path write(const std::string& name, const std::string& text) const {
    std::ofstream out(path / name, std::ios::binary);
    out << text;
    return path / name;
  }
};

std::string read(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string quote(const std::string& arg) {
  std::string quoted = "'";
  for (char c : arg) {
    if (c == '\'') quoted += "'\\''";
    else quoted += c;
  }
  return quoted + "'";
}

struct Run {
  int status = -1;
  std::string out, err;
};

// Runs the CLI with `args`, capturing its exit status, stdout and stderr.
Run run_cli(const std::vector<std::string>& args) {
  REQUIRE_MESSAGE(fs::exists(CLEARANCE_CLI), "the CLI is not built: " << CLEARANCE_CLI);
  TempDir dir;
  std::string command = quote(CLEARANCE_CLI);
  for (const auto& arg : args) command += " " + quote(arg);
  command += " >" + quote((dir.path / "out").string()) + " 2>" + quote((dir.path / "err").string()) + " </dev/null";
  const int raw = std::system(command.c_str());
  Run result;
  REQUIRE(raw != -1);
  REQUIRE(WIFEXITED(raw));
  result.status = WEXITSTATUS(raw);
  result.out = read(dir.path / "out");
  result.err = read(dir.path / "err");
  return result;
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

}  // namespace

TEST_SUITE("examples") {

TEST_CASE("every shipped example loads") {
  const std::vector<fs::path> files = example_files();
  CHECK(files.size() >= 4);
  for (const fs::path& file : files) {
    CAPTURE(file.string());
    try {
      const Model model = load_model(file.string());
      CHECK_FALSE(model.name().empty());
      CHECK_FALSE(model.nodes().empty());
      CHECK_FALSE(model.workloads().empty());
    } catch (const clearance::error& e) {
      FAIL_CHECK(e.what());
    }
  }
}

TEST_CASE("the flagship example has the estate its README describes") {
  const Model model = load_model((fs::path(CLEARANCE_SOURCE_DIR) / "examples" / "coalition-cloud.json").string());
  CHECK(model.name() == "coalition-cloud");
  CHECK(model.nodes().size() == 15);
  CHECK(model.links().size() == 19);
  CHECK(model.data().size() == 13);
  CHECK(model.workloads().size() == 21);
  CHECK(model.flows().size() == 15);
}

TEST_CASE("clearance validate accepts every example with exit 0") {
  for (const fs::path& file : example_files()) {
    CAPTURE(file.string());
    const Run run = run_cli({"validate", file.string()});
    CHECK(run.status == 0);
    CHECK(contains(run.out, "valid model"));
    CHECK(run.err.empty());
  }
}

TEST_CASE("clearance validate rejects a malformed file with exit 2 and file:line:column") {
  TempDir dir;
  SUBCASE("invalid JSON") {
    const fs::path file = dir.write("broken.json", "{\"clearance\": 1,\n  \"nodes\": [}\n");
    const Run run = run_cli({"validate", file.string()});
    CHECK(run.status == 2);
    CHECK(contains(run.err, file.string() + ":2:13: /nodes/0: invalid JSON"));
    CHECK(run.out.empty());
  }
  SUBCASE("several errors of meaning") {
    const fs::path file = dir.write("bad.json", R"({"clearance": 1,
  "nodes": [{"id": "n", "jurisdiction": "XYZ", "accredited": "S"}],
  "workloads": [{"id": "w", "uses": ["nope"]}]})");
    const Run run = run_cli({"validate", file.string()});
    CHECK(run.status == 2);
    CHECK(contains(run.err, file.string() + ":2:41: /nodes/0/jurisdiction: unknown country \"XYZ\""));
    CHECK(contains(run.err, file.string() + ":3:38: /workloads/0/uses/0: unknown data \"nope\""));
    CHECK(contains(run.err, "2 errors"));
  }
  SUBCASE("binary garbage") {
    const fs::path file = dir.write("garbage.json", std::string("\x00\xFF\xFE{[\"", 6));
    const Run run = run_cli({"validate", file.string()});
    CHECK(run.status == 2);
    CHECK(contains(run.err, file.string() + ":1:1:"));
  }
  SUBCASE("a missing file") {
    const Run run = run_cli({"validate", (dir.path / "missing.json").string()});
    CHECK(run.status == 2);
    CHECK(contains(run.err, "missing.json"));
  }
  SUBCASE("a directory") {
    const Run run = run_cli({"validate", dir.path.string()});
    CHECK(run.status == 2);
    CHECK(contains(run.err, "directory"));
  }
}

TEST_CASE("clearance marking prints each canonical marking on its own line") {
  const Run run = run_cli({"marking", "s//rel to usa, fvey", "TOP SECRET//TK/SI-G//NOFORN", "nato secret",
                           "  ts // si //  orcon / relido"});
  CHECK(run.status == 0);
  CHECK(lines_of(run.out) == std::vector<std::string>{"SECRET//REL TO USA, AUS, CAN, GBR, NZL",
                                                        "TOP SECRET//SI-G/TK//NOFORN", "SECRET",
                                                        "TOP SECRET//SI//ORCON/RELIDO"});
  CHECK(run.err.empty());
}

TEST_CASE("clearance marking lists REL TO with the given owner first") {
  const Run run = run_cli({"marking", "--owner", "GBR", "SECRET//REL TO USA, AUS"});
  CHECK(run.status == 0);
  CHECK(run.out == "SECRET//REL TO GBR, AUS, USA\n");
}

TEST_CASE("clearance marking stops with exit 2 at the first invalid marking") {
  const Run run = run_cli({"marking", "SECRET", "SECRET//SI/NOFORN", "TOP SECRET"});
  CHECK(run.status == 2);
  CHECK(run.out == "SECRET\n");
  CHECK(contains(run.err, "SECRET//SI/NOFORN"));
  CHECK(contains(run.err, "inside a compartment section"));
  SUBCASE("NOFORN with REL TO") {
    const Run both = run_cli({"marking", "SECRET//NOFORN/REL TO GBR"});
    CHECK(both.status == 2);
    CHECK(both.out.empty());
    CHECK(contains(both.err, "NOFORN and REL TO"));
  }
}

TEST_CASE("clearance --version and --help exit 0") {
  SUBCASE("--version") {
    const Run run = run_cli({"--version"});
    CHECK(run.status == 0);
    CHECK(contains(run.out, "clearance "));
  }
  SUBCASE("--help") {
    const Run run = run_cli({"--help"});
    CHECK(run.status == 0);
    CHECK(contains(run.out, "validate"));
    CHECK(contains(run.out, "marking"));
  }
  SUBCASE("a subcommand's --help") {
    CHECK(run_cli({"validate", "--help"}).status == 0);
  }
}

TEST_CASE("clearance generate writes the same estate to --out as to standard output") {
  const std::vector<std::string> args = {"generate", "--nodes", "40", "--workloads", "300", "--flows", "300", "--seed", "5"};
  const Run printed = run_cli(args);
  REQUIRE(printed.status == 0);
  TempDir dir;
  std::vector<std::string> to_file = args;
  to_file.push_back("--out");
  to_file.push_back((dir.path / "estate.json").string());
  const Run written = run_cli(to_file);
  REQUIRE(written.status == 0);
  CHECK(written.out.empty());
  CHECK(read(dir.path / "estate.json") == printed.out);
  CHECK(run_cli({"validate", (dir.path / "estate.json").string()}).status == 0);
}

TEST_CASE("usage errors exit 2") {
  SUBCASE("an unknown subcommand") { CHECK(run_cli({"frobnicate"}).status == 2); }
  SUBCASE("no subcommand") { CHECK(run_cli({}).status == 2); }
  SUBCASE("validate without a file") { CHECK(run_cli({"validate"}).status == 2); }
  SUBCASE("marking without a marking") { CHECK(run_cli({"marking"}).status == 2); }
  SUBCASE("an unknown option") { CHECK(run_cli({"validate", "--frobnicate", "x.json"}).status == 2); }
  SUBCASE("an unknown owner") { CHECK(run_cli({"marking", "--owner", "XX", "SECRET"}).status == 2); }
  SUBCASE("a generated estate larger than the bounds") {
    const Run run = run_cli({"generate", "--nodes", "4294967295"});
    CHECK(run.status == 2);
    CHECK(contains(run.err, "--nodes"));
    CHECK(!contains(run.err, "internal"));
    CHECK(run_cli({"generate", "--workloads", "4294967295"}).status == 2);
    CHECK(run_cli({"generate", "--flows", "10000001"}).status == 2);
  }
  SUBCASE("fewer generated nodes than an estate needs, rather than quietly more") {
    const Run run = run_cli({"generate", "--nodes", "15"});
    CHECK(run.status == 2);
    CHECK(contains(run.err, "--nodes"));
    CHECK(run.out.empty());
  }
  SUBCASE("a violation share above 100%") {
    const Run run = run_cli({"generate", "--nodes", "20", "--violations", "101"});
    CHECK(run.status == 2);
    CHECK(contains(run.err, "--violations"));
  }
  SUBCASE("a cross-estate share above 10%") {
    const Run run = run_cli({"generate", "--nodes", "20", "--cross-estate-percent", "11"});
    CHECK(run.status == 2);
    CHECK(contains(run.err, "--cross-estate-percent"));
  }
}

}  // TEST_SUITE
