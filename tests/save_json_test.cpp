// Tests of save.hpp and atomic_file.hpp: canonical JSON is a fixed point of load and
// save, equivalent models save byte-identical, defaults are left out, numbers read back
// exactly, and a failed write leaves the old file intact.
#include <doctest/doctest.h>

#include <clearance/atomic_file.hpp>
#include <clearance/load.hpp>
#include <clearance/save.hpp>

#include <algorithm>
#include <csignal>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace clearance;

namespace {

namespace fs = std::filesystem;

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

std::string read_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

void write_text(const fs::path& path, const std::string& text) { std::ofstream(path, std::ios::binary) << text; }

std::string canonical(const std::string& json) { return to_canonical_json(load_model_json(json, "m.json")); }

struct TempDir {
  fs::path path;
  TempDir() {
    path = fs::temp_directory_path() / ("clearance-save-test-" + std::to_string(::getpid()) + "-" +
                                        std::to_string(reinterpret_cast<std::uintptr_t>(this)));
    fs::create_directories(path);
  }
  ~TempDir() {
    std::error_code ignored;
    fs::permissions(path, fs::perms::owner_all, fs::perm_options::add, ignored);
    fs::remove_all(path, ignored);
  }
  std::vector<std::string> files() const {
    std::vector<std::string> names;
    for (const auto& entry : fs::directory_iterator(path)) names.push_back(entry.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
  }
};

// One model written two ways: keys reordered, ids permuted, markings spelled
// differently, defaults written out or left out.
const char* const plain_model = R"({
  "clearance": 1, "name": "same",
  "nodes": [
    {"id": "a", "jurisdiction": "USA", "accredited": "SECRET//SI/TK"},
    {"id": "b", "jurisdiction": "GBR", "accredited": "SECRET", "access": ["GBR", "USA"], "zone": "z"},
    {"id": "c", "jurisdiction": "USA", "accredited": "CUI", "zone": "z", "capacity": {"mem": 4, "cpu": 2}}
  ],
  "links": [
    {"id": "l1", "from": "a", "to": "b", "kind": "guard", "releases": [{"from": "S//TK//SI", "to": "SECRET//REL TO GBR,USA"}]},
    {"id": "l2", "from": "b", "to": "c", "encryption": "tls", "latency_ms": 1.5}
  ],
  "data": [
    {"id": "d1", "marking": "SECRET//REL TO GBR, USA", "residency": ["FVEY"]},
    {"id": "d2", "marking": "CUI"}
  ],
  "workloads": [
    {"id": "w1", "uses": ["d2", "d1"], "resources": {"mem": 1, "cpu": 0.5}},
    {"id": "w2", "uses": ["d2"], "replicas": 2}
  ],
  "flows": [{"id": "f", "from": "w1", "to": "w2", "data": "d2", "max_latency_ms": 10}],
  "placement": {"w2": ["c", "b"], "w1": ["a"]}
})";

const char* const reordered_model = R"({
  "placement": {"w1": ["a"], "w2": ["b", "c"]},
  "flows": [{"max_latency_ms": 10.0, "data": "d2", "to": "w2", "from": "w1", "id": "f"}],
  "workloads": [
    {"replicas": 2, "uses": ["d2", "d2"], "id": "w2", "min_zones": 1, "resources": {}},
    {"id": "w1", "uses": ["d1", "d2"], "resources": {"cpu": 5e-1, "mem": 1}, "replicas": 1}
  ],
  "data": [
    {"id": "d2", "marking": " cui ", "owner": "USA"},
    {"id": "d1", "marking": "s//rel to usa,  gbr", "residency": ["USA", "NZL", "GBR", "CAN", "AUS"]}
  ],
  "links": [
    {"id": "l2", "to": "c", "from": "b", "encryption": "tls", "latency_ms": 15e-1, "kind": "network",
     "direction": "both", "carrier": "CUI"},
    {"id": "l1", "kind": "guard", "to": "b", "from": "a", "encryption": "none", "latency_ms": 0,
     "releases": [{"to": "S//REL TO USA, GBR", "from": "secret//si//tk"}]}
  ],
  "nodes": [
    {"id": "c", "kind": "region", "zone": "z", "jurisdiction": "USA", "accredited": "cui", "at_rest": "none",
     "capacity": {"cpu": 2, "mem": 4}, "access": ["USA"]},
    {"accredited": "TS//SI//TK", "id": "a", "jurisdiction": "USA", "zone": "a"},
    {"id": "b", "accredited": "s", "jurisdiction": "GBR", "access": ["USA", "GBR"], "zone": "z",
     "connectivity": {"mean_offline_h": 0}}
  ],
  "scheme": {"default_owner": "USA", "classified_from": "C", "controlled_from": "CUI",
             "aliases": {"S": "SECRET"}, "groups": {"FVEY": ["AUS", "CAN", "GBR", "NZL", "USA"]}},
  "name": "same", "clearance": 1
})";

}  // namespace

TEST_SUITE("save") {

TEST_CASE("canonical JSON of every example is a fixed point of load and save") {
  for (const auto& entry : fs::directory_iterator(fs::path(CLEARANCE_SOURCE_DIR) / "examples")) {
    if (entry.path().extension() != ".json") continue;
    CAPTURE(entry.path().string());
    const std::string once = to_canonical_json(load_model(entry.path().string()));
    const std::string twice = canonical(once);
    CHECK(once == twice);
    CHECK(once.back() == '\n');
  }
}

TEST_CASE("two equivalent models save byte-identical") {
  const std::string a = canonical(plain_model);
  const std::string b = canonical(std::string(reordered_model).replace(
      std::string(reordered_model).find("\"TS//SI//TK\""), 12, "\"SECRET//TK/SI\""));
  CHECK(a == b);
  CHECK(canonical(a) == a);
}

TEST_CASE("defaults are left out of canonical JSON") {
  const std::string text = canonical(reordered_model);
  for (const char* absent : {"\"kind\": \"region\"", "\"kind\": \"network\"", "\"direction\"", "\"encryption\": \"none\"",
                             "\"latency_ms\": 0", "\"replicas\": 1", "\"min_zones\"", "\"owner\"", "\"at_rest\"",
                             "\"connectivity\"", "\"scheme\"", "\"carrier\"", "\"resources\": {}", "\"zone\": \"a\""})
    CHECK_MESSAGE(!contains(text, absent), absent << " in\n" << text);
  // Node c's access is its jurisdiction, so it is left out; b's is not.
  CHECK(contains(text, "{\"id\": \"c\", \"jurisdiction\": \"USA\", \"accredited\": \"CUI\", \"zone\": \"z\""));
  CHECK(contains(text, "\"access\": [\"GBR\", \"USA\"]"));
}

TEST_CASE("keys follow the spec's order and ids are sorted within each collection") {
  const std::string text = canonical(reordered_model);
  const std::vector<std::string> in_order = {"\"clearance\": 1", "\"name\"", "\"nodes\"", "{\"id\": \"a\"",
                                             "{\"id\": \"b\"", "{\"id\": \"c\"", "\"links\"", "\"l1\"", "\"l2\"",
                                             "\"data\"", "\"d1\"", "\"d2\"", "\"workloads\"", "\"w1\"", "\"w2\"",
                                             "\"flows\"", "\"placement\""};
  std::size_t at = 0;
  for (const std::string& part : in_order) {
    const auto found = text.find(part, at);
    CHECK_MESSAGE(found != std::string::npos, part << " not after offset " << at << " in\n" << text);
    if (found != std::string::npos) at = found;
  }
  CHECK(contains(text, "\"uses\": [\"d1\", \"d2\"]"));
  CHECK(contains(text, "\"w2\": [\"b\", \"c\"]"));
  CHECK(contains(text, "\"marking\": \"SECRET//REL TO USA, GBR\""));
  CHECK(contains(text, "\"residency\": [\"AUS\", \"CAN\", \"GBR\", \"NZL\", \"USA\"]"));
}

TEST_CASE("numbers are written in the shortest form that reads back exactly") {
  const std::string json = R"({"clearance": 1, "nodes": [
      {"id": "a", "jurisdiction": "USA", "accredited": "S"}, {"id": "b", "jurisdiction": "USA", "accredited": "S"}],
    "links": [{"id": "l", "from": "a", "to": "b", "latency_ms": 0.1, "bandwidth_mbps": 1e300}],
    "workloads": [{"id": "w", "resources": {"x": 0.30000000000000004, "y": 123456789.125, "z": 1e-7}}]})";
  const Model model = load_model_json(json, "m.json");
  const std::string text = to_canonical_json(model);
  CHECK(contains(text, "\"latency_ms\": 0.1,"));
  CHECK(contains(text, "\"bandwidth_mbps\": 1e+300"));
  CHECK(contains(text, "\"x\": 0.30000000000000004"));
  CHECK(contains(text, "\"y\": 123456789.125"));
  CHECK(contains(text, "\"z\": 1e-07"));
  const Model again = load_model_json(text, "m.json");
  CHECK(again.links()[0].latency_ms == model.links()[0].latency_ms);
  CHECK(again.workloads()[0].resources[0].amount == model.workloads()[0].resources[0].amount);
}

TEST_CASE("a custom scheme saves only what differs from the default scheme") {
  const std::string json = R"({"clearance": 1, "scheme": {
      "levels": ["public", "internal", "restricted"], "classified_from": "restricted", "controlled_from": "internal",
      "aliases": {"P": "public"}, "impact_levels": {"L1": "internal"}, "default_owner": "GBR",
      "groups": {"FVEY": ["AUS", "CAN", "GBR", "NZL", "USA"], "TWO": ["GBR", "FRA"]}}})";
  const std::string text = canonical(json);
  CHECK(contains(text, "\"levels\": [\"PUBLIC\", \"INTERNAL\", \"RESTRICTED\"]"));
  CHECK(contains(text, "\"P\": \"PUBLIC\""));
  CHECK_FALSE(contains(text, "\"FVEY\""));
  CHECK(contains(text, "\"TWO\": [\"FRA\", \"GBR\"]"));
  CHECK(contains(text, "\"classified_from\": \"RESTRICTED\""));
  CHECK(contains(text, "\"L1\": \"INTERNAL\""));
  CHECK(contains(text, "\"default_owner\": \"GBR\""));
  CHECK(canonical(text) == text);
  // The default scheme written out in full saves as no scheme at all.
  CHECK_FALSE(contains(canonical(R"({"clearance": 1, "scheme": {"levels": ["UNCLASSIFIED", "CUI", "CONFIDENTIAL",
      "SECRET", "TOP SECRET"], "impact_levels": {"IL2": "U", "IL4": "CUI", "IL5": "CUI", "IL6": "S"}}})"), "scheme"));
}

TEST_CASE("strings with quotes, backslashes and control characters are escaped and read back") {
  const std::string json = "{\"clearance\": 1, \"name\": \"q\\\"b\\\\n\\n\\t\\u0001\\u00e9\", \"nodes\": "
                           "[{\"id\": \"a\", \"jurisdiction\": \"USA\", \"accredited\": \"S\", \"name\": \"\\r\"}]}";
  const Model model = load_model_json(json, "m.json");
  const std::string text = to_canonical_json(model);
  CHECK(contains(text, "\"name\": \"q\\\"b\\\\n\\n\\t\\u0001\xc3\xa9\""));
  CHECK(load_model_json(text, "m.json").name() == model.name());
  CHECK(canonical(text) == text);
}

TEST_CASE("save_json replaces the file and leaves no temporary file behind") {
  TempDir dir;
  const fs::path path = dir.path / "model.json";
  write_text(path, "old");
  const Model model = load_model_json(plain_model, "m.json");
  save_json(model, path.string());
  CHECK(read_text(path) == to_canonical_json(model));
  CHECK(dir.files() == std::vector<std::string>{"model.json"});
}

TEST_CASE("an atomic write to a directory fails naming the file and leaves the directory alone") {
  TempDir dir;
  fs::create_directories(dir.path / "sub");
  try {
    write_file_atomically((dir.path / "sub").string(), "x");
    FAIL("the write succeeded");
  } catch (const error& e) {
    CHECK(e.kind() == ErrorKind::io);
    CHECK(contains(e.what(), (dir.path / "sub").string()));
    CHECK(contains(e.what(), "directory"));
  }
  CHECK(fs::is_directory(dir.path / "sub"));
  CHECK(dir.files() == std::vector<std::string>{"sub"});
}

TEST_CASE("an atomic write into a missing directory fails with an io error") {
  TempDir dir;
  try {
    write_file_atomically((dir.path / "missing" / "m.json").string(), "x");
    FAIL("the write succeeded");
  } catch (const error& e) {
    CHECK(e.kind() == ErrorKind::io);
    CHECK(contains(e.what(), "missing/m.json"));
  }
}

TEST_CASE("an atomic write that fails midway leaves the old file intact") {
  TempDir dir;
  const fs::path path = dir.path / "model.json";
  write_text(path, "old content");
  SUBCASE("the file grows beyond the file-size limit") {
    // The limit makes write(2) fail with EFBIG after the temporary file is created.
    const auto old_handler = std::signal(SIGXFSZ, SIG_IGN);
    rlimit old_limit{};
    REQUIRE(::getrlimit(RLIMIT_FSIZE, &old_limit) == 0);
    rlimit limit = old_limit;
    limit.rlim_cur = 1024;
    REQUIRE(::setrlimit(RLIMIT_FSIZE, &limit) == 0);
    bool threw = false;
    try {
      write_file_atomically(path.string(), std::string(100000, 'x'));
    } catch (const error& e) {
      threw = true;
      CHECK(e.kind() == ErrorKind::io);
      CHECK(contains(e.what(), path.string()));
    }
    ::setrlimit(RLIMIT_FSIZE, &old_limit);
    std::signal(SIGXFSZ, old_handler);
    CHECK(threw);
  }
  SUBCASE("the directory is not writable") {
    if (::geteuid() == 0) return;  // root writes anyway
    fs::permissions(dir.path, fs::perms::owner_write | fs::perms::group_write | fs::perms::others_write,
                    fs::perm_options::remove);
    CHECK_THROWS_AS(write_file_atomically(path.string(), "new"), error);
    fs::permissions(dir.path, fs::perms::owner_all, fs::perm_options::add);
  }
  CHECK(read_text(path) == "old content");
  CHECK(dir.files() == std::vector<std::string>{"model.json"});
}

TEST_CASE("an atomic write streamed in pieces writes them all, and one that throws leaves the old file") {
  TempDir dir;
  const fs::path path = dir.path / "report.json";
  write_text(path, "old content");
  const std::string piece(50'000, 'r');
  SUBCASE("every piece arrives, across the writer's blocks") {
    write_file_atomically(path.string(), [&](std::ostream& out) {
      for (int i = 0; i < 5; ++i) out << piece << i;
    });
    std::string expected;
    for (int i = 0; i < 5; ++i) expected += piece + std::to_string(i);
    CHECK(read_text(path) == expected);
  }
  SUBCASE("the writer throws after some blocks") {
    CHECK_THROWS_AS(write_file_atomically(path.string(),
                                          [&](std::ostream& out) {
                                            out << piece << piece;
                                            throw error(ErrorKind::usage, "stopped");
                                          }),
                    error);
    CHECK(read_text(path) == "old content");
  }
  CHECK(dir.files() == std::vector<std::string>{"report.json"});
}

TEST_CASE("an atomic write to /dev/null or a FIFO writes to it directly and creates nothing beside it") {
  write_file_atomically("/dev/null", "discarded");
  TempDir dir;
  const fs::path fifo = dir.path / "fifo";
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  std::string received;
  std::thread reader([&] { received = read_text(fifo); });
  write_file_atomically(fifo.string(), "through the pipe");
  reader.join();
  CHECK(received == "through the pipe");
  CHECK(dir.files() == std::vector<std::string>{"fifo"});
}

TEST_CASE("remove_temporary_files unlinks the temporary file of a write that a signal interrupts") {
  TempDir dir;
  const fs::path path = dir.path / "big.json";
  const pid_t child = ::fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    // Past 1 KiB write(2) raises SIGXFSZ: a signal in the middle of the write, whose
    // handler does what the tool's SIGTERM handler does.
    struct sigaction action {};
    action.sa_handler = [](int) {
      remove_temporary_files();
      ::_exit(7);
    };
    ::sigaction(SIGXFSZ, &action, nullptr);
    rlimit limit{1024, 1024};
    ::setrlimit(RLIMIT_FSIZE, &limit);
    try {
      write_file_atomically(path.string(), std::string(100000, 'x'));
    } catch (...) {
    }
    ::_exit(0);
  }
  int status = 0;
  REQUIRE(::waitpid(child, &status, 0) == child);
  REQUIRE(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 7);
  CHECK(dir.files().empty());
}

TEST_CASE("clearance fmt rewrites a model in canonical form and --check tells whether it would") {
  TempDir dir;
  const std::string cli = CLEARANCE_CLI;
  const fs::path path = dir.path / "m.json";
  const fs::path out = dir.path / "out.txt";
  write_text(path, reordered_model);
  const std::string check = cli + " fmt --check " + path.string() + " > " + out.string() + " 2>/dev/null";
  CHECK(WEXITSTATUS(std::system(check.c_str())) == 1);
  CHECK(read_text(path) == reordered_model);
  CHECK(read_text(out).empty());
  CHECK(std::system((cli + " fmt " + path.string()).c_str()) == 0);
  CHECK(read_text(path) == canonical(reordered_model));
  CHECK(WEXITSTATUS(std::system(check.c_str())) == 0);
  CHECK(read_text(out).empty());
}

}  // TEST_SUITE
