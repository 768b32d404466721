// Snapshots at estate scale (issue 7): a synthetic model of 100,000 workloads on 2,000
// nodes (1-3 data per workload, 1-3 replicas), generated as JSON text from a fixed seed.
// Targets: loading the binary snapshot is at least 5x faster than loading the JSON, and
// saving the snapshot takes at most 0.2 s.
//
//   build-rel/benchmarks/clearance_snapshot_bench --benchmark_min_time=2
#include <clearance/load.hpp>
#include <clearance/save.hpp>
#include <clearance/snapshot.hpp>

#include <benchmark/benchmark.h>

#include <cstdint>
#include <cstdio>
#include <random>
#include <string>
#include <unistd.h>

namespace {

constexpr std::uint32_t node_count = 2'000;
constexpr std::uint32_t workload_count = 100'000;
constexpr std::uint32_t data_count = 20'000;
constexpr std::uint32_t flow_count = 50'000;
constexpr std::uint32_t link_count = 6'000;

// The estate as JSON text; the same bytes on every run (mt19937 is fully specified).
const std::string& estate_json() {
  static const std::string text = [] {
    std::mt19937 random(20261129);
    auto below = [&](std::uint32_t n) { return static_cast<std::uint32_t>(random() % n); };
    const char* levels[] = {"UNCLASSIFIED", "CUI", "SECRET", "TOP SECRET//SI"};
    const char* countries[] = {"USA", "GBR", "AUS", "CAN", "NZL"};
    std::string json = "{\"clearance\": 1, \"name\": \"synthetic-estate\",\n\"nodes\": [\n";
    for (std::uint32_t n = 0; n < node_count; ++n) {
      json += n ? ",\n" : "";
      json += "{\"id\": \"node-" + std::to_string(n) + "\", \"jurisdiction\": \"" + countries[below(5)] +
              "\", \"accredited\": \"" + levels[below(4)] + "\", \"zone\": \"zone-" + std::to_string(n % 50) +
              "\", \"capacity\": {\"cpu\": " + std::to_string(64 + below(512)) + ", \"memory_gb\": " +
              std::to_string(256 + below(4096)) + "}" + (n % 10 == 0 ? ", \"kind\": \"edge\", \"at_rest\": \"csfc\"" : "") +
              "}";
    }
    json += "],\n\"links\": [\n";
    for (std::uint32_t l = 0; l < link_count; ++l) {
      const std::uint32_t from = below(node_count);
      const std::uint32_t to = (from + 1 + below(node_count - 1)) % node_count;
      json += l ? ",\n" : "";
      json += "{\"id\": \"link-" + std::to_string(l) + "\", \"from\": \"node-" + std::to_string(from) +
              "\", \"to\": \"node-" + std::to_string(to) + "\", \"latency_ms\": " + std::to_string(1 + below(80)) +
              ", \"bandwidth_mbps\": " + std::to_string(100 * (1 + below(100))) + ", \"encryption\": \"tls\"}";
    }
    json += "],\n\"data\": [\n";
    const char* markings[] = {"UNCLASSIFIED", "CUI", "SECRET//REL TO USA, GBR", "SECRET//NOFORN", "TS//SI//NOFORN",
                              "SECRET//REL TO FVEY"};
    for (std::uint32_t d = 0; d < data_count; ++d) {
      json += d ? ",\n" : "";
      json += "{\"id\": \"data-" + std::to_string(d) + "\", \"marking\": \"" + markings[below(6)] + "\"" +
              (d % 7 == 0 ? ", \"residency\": [\"USA\"]" : "") + "}";
    }
    json += "],\n\"workloads\": [\n";
    for (std::uint32_t w = 0; w < workload_count; ++w) {
      json += w ? ",\n" : "";
      json += "{\"id\": \"workload-" + std::to_string(w) + "\", \"uses\": [";
      const std::uint32_t uses = 1 + below(3);
      for (std::uint32_t u = 0; u < uses; ++u)
        json += (u ? ", \"data-" : "\"data-") + std::to_string(below(data_count)) + "\"";
      json += "], \"resources\": {\"cpu\": " + std::to_string(1 + below(8)) + ", \"memory_gb\": " +
              std::to_string(1 + below(32)) + "}, \"replicas\": " + std::to_string(1 + below(3)) + "}";
    }
    json += "],\n\"flows\": [\n";
    for (std::uint32_t f = 0; f < flow_count; ++f) {
      json += f ? ",\n" : "";
      json += "{\"id\": \"flow-" + std::to_string(f) + "\", \"from\": \"workload-" +
              std::to_string(below(workload_count)) + "\", \"to\": \"workload-" +
              std::to_string(below(workload_count)) + "\", \"data\": \"data-" + std::to_string(below(data_count)) +
              "\", \"max_latency_ms\": 250}";
    }
    json += "],\n\"placement\": {\n";
    for (std::uint32_t w = 0; w < workload_count; ++w) {
      json += w ? ",\n" : "";
      json += "\"workload-" + std::to_string(w) + "\": [";
      const std::uint32_t replicas = 1 + below(3);
      const std::uint32_t first = below(node_count);
      for (std::uint32_t r = 0; r < replicas; ++r)  // distinct nodes: first, first+1, ...
        json += (r ? ", \"node-" : "\"node-") + std::to_string((first + r) % node_count) + "\"";
      json += "]";
    }
    json += "}}\n";
    return json;
  }();
  return text;
}

const clearance::Model& estate() {
  static const clearance::Model model = clearance::load_model_json(estate_json(), "estate.json");
  return model;
}

const std::string& estate_snapshot(clearance::SnapshotFormat format) {
  static std::string bytes[4];
  auto& cached = bytes[static_cast<int>(format)];
  if (cached.empty()) cached = clearance::snapshot_bytes(estate(), format);
  return cached;
}

void load_json(benchmark::State& state) {
  const std::string& text = estate_json();
  for (auto _ : state) {
    clearance::Model model = clearance::load_model_json(text, "estate.json");
    benchmark::DoNotOptimize(model);
  }
  state.counters["MB"] = static_cast<double>(text.size()) / 1e6;
}

void load_snapshot(benchmark::State& state) {
  const auto format = static_cast<clearance::SnapshotFormat>(state.range(0));
  const std::string& bytes = estate_snapshot(format);
  for (auto _ : state) {
    clearance::Model model = clearance::load_snapshot_bytes(bytes);
    benchmark::DoNotOptimize(model);
  }
  state.SetLabel(std::string(clearance::to_string(format)));
  state.counters["MB"] = static_cast<double>(bytes.size()) / 1e6;
}

// Serialising into memory only.
void snapshot_to_memory(benchmark::State& state) {
  const auto format = static_cast<clearance::SnapshotFormat>(state.range(0));
  const clearance::Model& model = estate();
  for (auto _ : state) {
    std::string bytes = clearance::snapshot_bytes(model, format);
    benchmark::DoNotOptimize(bytes);
  }
  state.SetLabel(std::string(clearance::to_string(format)));
}

// save_snapshot: serialise, then write atomically (temporary file, fsync, rename, fsync).
void save_snapshot(benchmark::State& state) {
  const clearance::Model& model = estate();
  const std::string path = "/tmp/clearance-snapshot-bench-" + std::to_string(::getpid()) + ".snap";
  for (auto _ : state) clearance::save_snapshot(model, path);
  std::remove(path.c_str());
}

void load_snapshot_file(benchmark::State& state) {
  const std::string path = "/tmp/clearance-snapshot-bench-load-" + std::to_string(::getpid()) + ".snap";
  clearance::save_snapshot(estate(), path);
  for (auto _ : state) {
    clearance::Model model = clearance::load_snapshot(path);
    benchmark::DoNotOptimize(model);
  }
  std::remove(path.c_str());
}

void canonical_json(benchmark::State& state) {
  const clearance::Model& model = estate();
  for (auto _ : state) {
    std::string text = clearance::to_canonical_json(model);
    benchmark::DoNotOptimize(text);
  }
}

constexpr int binary = static_cast<int>(clearance::SnapshotFormat::binary);
constexpr int text = static_cast<int>(clearance::SnapshotFormat::text);
constexpr int xml = static_cast<int>(clearance::SnapshotFormat::xml);

BENCHMARK(load_json)->Unit(benchmark::kMillisecond);
BENCHMARK(load_snapshot)->Arg(binary)->Arg(text)->Arg(xml)->Unit(benchmark::kMillisecond);
BENCHMARK(load_snapshot_file)->Unit(benchmark::kMillisecond);
BENCHMARK(snapshot_to_memory)->Arg(binary)->Unit(benchmark::kMillisecond);
BENCHMARK(save_snapshot)->Unit(benchmark::kMillisecond);
BENCHMARK(canonical_json)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
