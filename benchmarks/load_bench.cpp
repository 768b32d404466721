// Loading at estate scale: parse, validate and intern a generated model, reported as
// bytes of JSON per second, and the memory the loaded model holds per workload.
#include <clearance/generate.hpp>
#include <clearance/load.hpp>

#include <benchmark/benchmark.h>

#include <malloc.h>

#include <map>
#include <memory>

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

}  // namespace

BENCHMARK_MAIN();
