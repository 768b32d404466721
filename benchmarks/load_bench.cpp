// Loading at estate scale: parse, validate and intern a generated model, reported as
// bytes of JSON per second, and the memory the loaded model holds per workload; and node
// ids chosen to collide under std::hash against ordinary ones (hash flooding).
#include <clearance/generate.hpp>
#include <clearance/load.hpp>

#include <benchmark/benchmark.h>

#include <malloc.h>

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace {

const std::string& estate_json(std::uint32_t nodes, std::uint32_t workloads) {
  static std::map<std::pair<std::uint32_t, std::uint32_t>, std::string> cache;
  auto& text = cache[{nodes, workloads}];
  if (text.empty()) text = clearance::generate_estate({nodes, workloads, workloads, 42});
  return text;
}

std::size_t heap_in_use() {
  struct mallinfo2 info = mallinfo2();
  return info.uordblks + info.hblkhd;
}

void load_model_json(benchmark::State& state) {
  const auto nodes = static_cast<std::uint32_t>(state.range(0));
  const auto workloads = static_cast<std::uint32_t>(state.range(1));
  const std::string& text = estate_json(nodes, workloads);
  for (auto _ : state) {
    clearance::Model model = clearance::load_model_json(text, "estate.json");
    benchmark::DoNotOptimize(model);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * text.size()));
  state.counters["json_MB"] = static_cast<double>(text.size()) / 1e6;

  // Memory held by the loaded model (the JSON text and the parse tree are not counted:
  // the tree is freed when load returns).
  const std::size_t before = heap_in_use();
  auto model = std::make_unique<clearance::Model>(clearance::load_model_json(text, "estate.json"));
  const std::size_t after = heap_in_use();
  state.counters["model_bytes_per_workload"] =
      static_cast<double>(after - before) / static_cast<double>(model->workloads().size());
}

BENCHMARK(load_model_json)
    ->Args({200, 10'000})
    ->Args({2'000, 100'000})
    ->Unit(benchmark::kMillisecond)
    ->MeasureProcessCPUTime()
    ->UseRealTime();

// Hash flooding (issue 23): a chain of nodes joined by links, whose ids either agree in
// the bits of std::hash that the node table's slots are chosen by (found by brute force),
// or are ordinary ids of the same lengths. With a keyed hash both load alike.
constexpr std::size_t flood_nodes = 8'000;

std::string chain_model(const std::vector<std::string>& ids) {
  std::string json = "{\"clearance\": 1, \"nodes\": [\n";
  for (std::size_t i = 0; i < ids.size(); ++i)
    json += std::string(i ? ",\n" : "") + "{\"id\": \"" + ids[i] + "\", \"jurisdiction\": \"USA\", \"accredited\": \"SECRET\"}";
  json += "],\n\"links\": [\n";
  for (std::size_t i = 0; i + 1 < ids.size(); ++i)
    json += std::string(i ? ",\n" : "") + "{\"id\": \"l-" + std::to_string(i) + "\", \"from\": \"" + ids[i] +
            "\", \"to\": \"" + ids[i + 1] + "\"}";
  return json + "]}\n";
}

const std::string& flood_model(bool colliding) {
  static std::map<bool, std::string> cache;
  std::string& json = cache[colliding];
  if (!json.empty()) return json;
  std::uint64_t mask = 15;  // the node table's slots: twice the ids, a power of two
  while (mask + 1 < flood_nodes * 2) mask = mask * 2 + 1;
  std::vector<std::string> ids;
  std::uint64_t target = 0;
  for (std::uint64_t n = 0; ids.size() < flood_nodes; ++n) {
    std::string id = "n-" + std::to_string(n);
    const std::uint64_t bits = std::hash<std::string_view>{}(id) & mask;
    if (ids.empty()) target = bits;
    if (bits == target) ids.push_back(std::move(id));
  }
  if (!colliding)
    for (std::size_t i = 0; i < ids.size(); ++i) {
      std::string id = "n-" + std::to_string(i);
      while (id.size() < ids[i].size()) id.insert(2, "0");
      ids[i] = id;
    }
  json = chain_model(ids);
  return json;
}

void load_node_ids(benchmark::State& state) {
  const std::string& json = flood_model(state.range(0) != 0);
  for (auto _ : state) {
    clearance::Model model = clearance::load_model_json(json, "chain.json");
    benchmark::DoNotOptimize(model);
  }
  state.SetLabel(state.range(0) != 0 ? "colliding under std::hash" : "ordinary");
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * json.size()));
}

BENCHMARK(load_node_ids)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond)->MeasureProcessCPUTime()->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
