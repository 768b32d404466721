// The placement solver (issue 16's targets) on the generated estate with prices and
// capacities (`clearance generate --prices`): 2,000 nodes, 100,000 workloads, 100,000
// flows. `replan` places everything from nothing (target ≤ 10 s, ≤ 2 GB); `fill` starts
// from replan's placement with 1% of the workloads taken out (target ≤ 1 s). Each run
// reports the placed count, the cost and the gap to the lower bound as counters.
//
//   build/benchmarks/clearance_place_bench --benchmark_repetitions=1
#include <benchmark/benchmark.h>

#include <clearance/generate.hpp>
#include <clearance/load.hpp>
#include <clearance/place.hpp>

#include <cstdint>
#include <memory>
#include <vector>

using namespace clearance;

namespace {

const Model& estate(std::uint32_t nodes, std::uint32_t workloads) {
  static std::unique_ptr<Model> model;
  static std::uint32_t made_for = 0;
  if (!model || made_for != workloads) {
    GenerateOptions options;
    options.nodes = nodes;
    options.workloads = workloads;
    options.flows = workloads;
    options.prices = true;
    model = std::make_unique<Model>(load_model_json(generate_estate(options), "estate.json"));
    made_for = workloads;
  }
  return *model;
}

void report(benchmark::State& state, const PlaceResult& result) {
  state.counters["placed"] = double(result.placed);
  state.counters["unplaced"] = double(result.unplaced.size());
  state.counters["cost"] = result.cost;
  const double bound = result.lower_bound ? *result.lower_bound : 0;
  state.counters["gap_percent"] = result.cost > 0 ? 100 * (result.cost - bound) / result.cost : 0;
  state.counters["optimal"] = result.optimal ? 1 : 0;
}

void replan(benchmark::State& state) {
  const Model& model = estate(std::uint32_t(state.range(0)), std::uint32_t(state.range(1)));
  PlaceOptions options;
  options.mode = PlaceMode::replan;
  options.jobs = 2;
  options.time_limit_s = double(state.range(2));
  PlaceResult result;
  for (auto _ : state) result = place(model, options);
  report(state, result);
}

void fill_one_percent(benchmark::State& state) {
  const Model& model = estate(std::uint32_t(state.range(0)), std::uint32_t(state.range(1)));
  PlaceOptions options;
  options.mode = PlaceMode::replan;
  options.jobs = 2;
  options.time_limit_s = 0;
  const PlaceResult planned = place(model, options);
  // The planned placement, every hundredth workload taken out.
  std::vector<std::uint32_t> offsets{0};
  std::vector<NodeIndex> nodes;
  for (WorkloadIndex w = 0; w < model.workloads().size(); ++w) {
    if (w % 100 != 0)
      for (NodeIndex n : planned.placement.nodes_of(w)) nodes.push_back(n);
    offsets.push_back(std::uint32_t(nodes.size()));
  }
  options.mode = PlaceMode::fill;
  options.placement = Placement(std::move(offsets), std::move(nodes));
  options.time_limit_s = double(state.range(2));
  PlaceResult result;
  for (auto _ : state) result = place(model, options);
  report(state, result);
}

}  // namespace

// nodes, workloads, time limit (s)
// Process CPU time: place() runs on two threads, and the main thread's alone would hide one.
BENCHMARK(replan)->Args({200, 10'000, 2})->Args({2'000, 100'000, 4})->Unit(benchmark::kMillisecond)->Iterations(1)->MeasureProcessCPUTime();
BENCHMARK(fill_one_percent)->Args({200, 10'000, 0})->Args({2'000, 100'000, 0})->Unit(benchmark::kMillisecond)->Iterations(1)->MeasureProcessCPUTime();

BENCHMARK_MAIN();
