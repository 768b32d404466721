// Tests of how the clearance tool writes files (--output, --out, a snapshot's OUT): it
// never replaces one of its own inputs, writes /dev/null and other non-regular files
// directly, and leaves no hidden temporary file behind when SIGTERM or SIGINT ends it
// mid-write. Run as a user would run it.
#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace fs = std::filesystem;

namespace {

struct TempDir {
  fs::path path;
  TempDir() {
    path = fs::temp_directory_path() / ("clearance-cli-output-test-" + std::to_string(::getpid()) + "-" +
                                        std::to_string(reinterpret_cast<std::uintptr_t>(this)));
    fs::create_directories(path);
  }
  ~TempDir() {
    std::error_code ignored;
    fs::remove_all(path, ignored);
  }
  std::vector<std::string> files() const {
    std::vector<std::string> names;
    for (const auto& entry : fs::directory_iterator(path)) names.push_back(entry.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
  }
};

std::string read_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

std::string example(const std::string& name) { return std::string(CLEARANCE_SOURCE_DIR) + "/examples/" + name + ".json"; }

// The exit status of the tool run with `arguments` (shell words), its output discarded.
int run_cli(const std::string& arguments) {
  const int status = std::system(("'" + std::string(CLEARANCE_CLI) + "' " + arguments + " >/dev/null 2>&1").c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

// A copy of an example model in `dir`, to be (not) overwritten.
fs::path copy_of_example(const TempDir& dir, const std::string& name) {
  const fs::path path = dir.path / (name + ".json");
  fs::copy_file(example(name), path);
  return path;
}

}  // namespace

TEST_SUITE("cli output") {

TEST_CASE("check refuses to write its report over the model it reads") {
  TempDir dir;
  const fs::path model = copy_of_example(dir, "edge-tactical");
  const std::string before = read_text(model);
  SUBCASE("the same path") { CHECK(run_cli("check " + model.string() + " --output " + model.string()) == 2); }
  SUBCASE("another spelling of it") {
    CHECK(run_cli("check " + model.string() + " --output " + (dir.path / "." / model.filename()).string()) == 2);
  }
  SUBCASE("a hard link to it") {
    fs::create_hard_link(model, dir.path / "link.json");
    CHECK(run_cli("check " + model.string() + " --output " + (dir.path / "link.json").string()) == 2);
  }
  SUBCASE("a symbolic link to it") {
    fs::create_symlink(model, dir.path / "symlink.json");
    CHECK(run_cli("check " + model.string() + " --output " + (dir.path / "symlink.json").string()) == 2);
  }
  CHECK(read_text(model) == before);
}

TEST_CASE("check refuses to write its report over its placement or waivers file") {
  TempDir dir;
  const fs::path model = copy_of_example(dir, "coalition-cloud");
  const fs::path placement = dir.path / "placement.json";
  std::ofstream(placement) << "{}";
  const fs::path waivers = dir.path / "waivers.json";
  fs::copy_file(std::string(CLEARANCE_SOURCE_DIR) + "/examples/waivers/coalition-cloud.waivers.json", waivers);
  const std::string waivers_before = read_text(waivers);
  CHECK(run_cli("check " + model.string() + " --placement " + placement.string() + " --output " +
                placement.string()) == 2);
  CHECK(read_text(placement) == "{}");
  CHECK(run_cli("check " + model.string() + " --waivers " + waivers.string() + " --output " + waivers.string()) == 2);
  CHECK(read_text(waivers) == waivers_before);
}

TEST_CASE("exposure and snapshot refuse to write over the model they read") {
  TempDir dir;
  const fs::path model = copy_of_example(dir, "edge-tactical");
  const std::string before = read_text(model);
  CHECK(run_cli("exposure " + model.string() + " --output " + model.string()) == 2);
  CHECK(run_cli("snapshot " + model.string() + " " + model.string()) == 2);
  CHECK(read_text(model) == before);
}

TEST_CASE("check writes its report to /dev/null like to any file") {
  CHECK(run_cli("check '" + example("coalition-cloud") + "' --output /dev/null") == 1);  // findings, written
  CHECK(run_cli("check '" + example("nato-sovereign") + "' --format json --output /dev/null") == 0);
}

TEST_CASE("SIGTERM during generate --out leaves no temporary file behind") {
  TempDir dir;
  const fs::path out = dir.path / "estate.json";
  const std::string cli = CLEARANCE_CLI;
  bool caught_mid_write = false;
  // The temporary file lives from its creation to the rename; a larger estate keeps it
  // longer, until a poll of the directory sees it.
  for (const char* nodes : {"20000", "40000", "80000"}) {
    std::vector<std::string> words = {cli, "generate", "--nodes", nodes, "--workloads", "200000", "--flows", "200000",
                                      "--out", out.string()};
    std::vector<char*> argv;
    for (std::string& word : words) argv.push_back(word.data());
    argv.push_back(nullptr);
    pid_t child = 0;
    REQUIRE(::posix_spawn(&child, argv[0], nullptr, nullptr, argv.data(), environ) == 0);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    bool temporary_seen = false;
    int status = 0;
    while (std::chrono::steady_clock::now() < deadline) {
      const std::vector<std::string> names = dir.files();
      if (std::any_of(names.begin(), names.end(), [](const std::string& n) { return n.rfind(".estate.json.tmp-", 0) == 0; })) {
        temporary_seen = true;
        ::kill(child, SIGTERM);
        break;
      }
      if (::waitpid(child, &status, WNOHANG) == child) break;  // done before we looked
      std::this_thread::sleep_for(std::chrono::microseconds(500));
    }
    if (!temporary_seen) {
      ::kill(child, SIGKILL);
      ::waitpid(child, &status, 0);
      fs::remove(out);
      continue;
    }
    REQUIRE(::waitpid(child, &status, 0) == child);
    // Either the signal came mid-write (the process ended by SIGTERM and left nothing), or
    // during the rename (held until it was done: the whole file is there), or after it.
    if (WIFSIGNALED(status)) {
      CHECK(WTERMSIG(status) == SIGTERM);
      const std::vector<std::string> names = dir.files();
      CHECK((names.empty() || names == std::vector<std::string>{"estate.json"}));
      if (names.empty()) {
        caught_mid_write = true;
        break;
      }
      fs::remove(out);
      continue;
    }
    CHECK(dir.files() == std::vector<std::string>{"estate.json"});
    fs::remove(out);
  }
  CHECK(caught_mid_write);
}

}  // TEST_SUITE
