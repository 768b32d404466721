// What-if and resilience (issue 17) against check on estates of `clearance generate`:
// check, whatif() with one link down (the whole check and the scenario), a prepared
// WhatIfSession's scenario alone and its broken pairs, resilience() without availability,
// and the Monte-Carlo availability rate in (pair × sample) evaluations per second.
//
//   build/benchmarks/clearance_resilience_bench
//   build/benchmarks/clearance_resilience_bench --benchmark_filter=/100000
//
// Targets (issue 17): resilience <= 10 x check; whatif with one element down <= check;
// Monte Carlo >= 1,000,000 (pair x sample) evaluations per second per core.
#include <clearance/check.hpp>
#include <clearance/generate.hpp>
#include <clearance/load.hpp>
#include <clearance/resilience.hpp>
#include <clearance/whatif.hpp>
#include <clearance/whatif_session.hpp>

#include <benchmark/benchmark.h>

#include <ctime>
#include <map>
#include <vector>
#include <memory>
#include <string>

namespace {

// The estate of issue 9's shape (nodes = workloads / 50, as many flows as workloads), made
// once per size. With `uncertain`, every link is up with probability 0.995, so that
// availability has something to estimate.
const clearance::Model& estate(std::uint32_t workloads, bool uncertain = false) {
  static std::map<std::pair<std::uint32_t, bool>, std::unique_ptr<clearance::Model>> cache;
  auto& entry = cache[{workloads, uncertain}];
  if (!entry) {
    std::string json = clearance::generate_estate(clearance::GenerateOptions{workloads / 50, workloads, workloads, 2026});
    if (uncertain) {
      const std::string link = "{\"id\": \"link-";
      for (std::size_t at = json.find(link); at != std::string::npos; at = json.find(link, at + 40))
        json.insert(at + 1, "\"availability\": 0.995, ");
    }
    entry = std::make_unique<clearance::Model>(clearance::load_model_json(json, "estate.json"));
  }
  return *entry;
}

clearance::Elements first_link_down() {
  clearance::Elements down;
  down.add(clearance::Element{clearance::ElementKind::link, 0});
  return down;
}

void check(benchmark::State& state) {
  const clearance::Model& model = estate(static_cast<std::uint32_t>(state.range(0)));
  for (auto _ : state) benchmark::DoNotOptimize(clearance::check(model));
}

// What `clearance whatif --down link:link-0` computes after loading: both checks.
void whatif_one_down(benchmark::State& state) {
  const clearance::Model& model = estate(static_cast<std::uint32_t>(state.range(0)));
  const clearance::Elements down = first_link_down();
  std::size_t added = 0;
  for (auto _ : state) {
    const clearance::WhatIf result = clearance::whatif(model, down);
    added = result.added.size();
  }
  state.counters["added"] = static_cast<double>(added);
}

// One scenario of a prepared session (the whole check made once, outside the loop).
void session_run(benchmark::State& state) {
  const clearance::Model& model = estate(static_cast<std::uint32_t>(state.range(0)));
  const clearance::WhatIfSession session(model);
  const clearance::Elements down = first_link_down();
  session.run(down);  // the pooled copy of the model is made once per thread
  for (auto _ : state) benchmark::DoNotOptimize(session.run(down));
}

void session_broken_pairs(benchmark::State& state) {
  const clearance::Model& model = estate(static_cast<std::uint32_t>(state.range(0)));
  const clearance::WhatIfSession session(model);
  const clearance::Elements down = first_link_down();
  std::size_t broken = session.broken_pairs(down).size();
  for (auto _ : state) broken = session.broken_pairs(down).size();
  state.counters["broken"] = static_cast<double>(broken);
  state.counters["working"] = static_cast<double>(session.working_pairs().size());
}

// An N-1 sweep as clearance.distributed runs it: a fresh session (its whole check outside
// the timing), then outcome() for every single element; the time is per scenario, and
// the counter `checks_per_scenario` divides it by one check's (both CPU time), the unit
// of issue 22's target (<= 0.1).
void session_singles(benchmark::State& state) {
  const clearance::Model& model = estate(static_cast<std::uint32_t>(state.range(0)));
  std::vector<clearance::Elements> scenarios;
  for (std::uint32_t l = 0; l < model.links().size(); ++l)
    scenarios.emplace_back().add({clearance::ElementKind::link, l});
  for (std::uint32_t n = 0; n < model.nodes().size(); ++n)
    scenarios.emplace_back().add({clearance::ElementKind::node, n});
  const std::clock_t check_start = std::clock();
  for (int i = 0; i < 5; ++i) benchmark::DoNotOptimize(clearance::check(model));
  const double check_seconds = double(std::clock() - check_start) / CLOCKS_PER_SEC / 5;
  double sweep_seconds = 0;
  std::size_t broken = 0;
  for (auto _ : state) {
    state.PauseTiming();
    const clearance::WhatIfSession session(model);
    state.ResumeTiming();
    const std::clock_t start = std::clock();
    for (const clearance::Elements& down : scenarios) broken += session.outcome(down).broken.size();
    sweep_seconds += double(std::clock() - start) / CLOCKS_PER_SEC;
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * scenarios.size()));
  state.counters["scenarios"] = static_cast<double>(scenarios.size());
  state.counters["checks_per_scenario"] =
      sweep_seconds / static_cast<double>(state.iterations() * scenarios.size()) / check_seconds;
}

void resilience(benchmark::State& state) {
  const clearance::Model& model = estate(static_cast<std::uint32_t>(state.range(0)));
  std::size_t pairs = 0;
  for (auto _ : state) pairs = clearance::resilience(model).pairs.size();
  state.counters["pairs"] = static_cast<double>(pairs);
}

// Availability by Monte Carlo for every pair (exact_limit 0), `samples` per pair: the rate
// counts (pair x sample) evaluations per second of the whole call, single-threaded.
void monte_carlo(benchmark::State& state) {
  const clearance::Model& model = estate(static_cast<std::uint32_t>(state.range(0)), true);
  clearance::ResilienceOptions options;
  options.availability = true;
  options.exact_limit = 0;
  options.samples = static_cast<std::uint64_t>(state.range(1));
  std::size_t pairs = 0;
  for (auto _ : state) pairs = clearance::resilience(model, options).pairs.size();
  state.counters["pairs"] = static_cast<double>(pairs);
  state.counters["evaluations_per_s"] = benchmark::Counter(
      static_cast<double>(pairs) * static_cast<double>(options.samples) * static_cast<double>(state.iterations()),
      benchmark::Counter::kIsRate);
}

}  // namespace

BENCHMARK(check)->Arg(10000)->Arg(100000)->Unit(benchmark::kMillisecond);
BENCHMARK(whatif_one_down)->Arg(10000)->Arg(100000)->Unit(benchmark::kMillisecond);
BENCHMARK(session_run)->Arg(10000)->Arg(100000)->Unit(benchmark::kMillisecond);
BENCHMARK(session_broken_pairs)->Arg(10000)->Arg(100000)->Unit(benchmark::kMillisecond);
BENCHMARK(session_singles)->Arg(10000)->Arg(100000)->Unit(benchmark::kMillisecond)->Iterations(1);
BENCHMARK(resilience)->Arg(10000)->Arg(100000)->Unit(benchmark::kMillisecond)->Iterations(1);
BENCHMARK(monte_carlo)->Args({1000, 10000})->Args({10000, 1000})->Unit(benchmark::kMillisecond)->Iterations(1);
BENCHMARK_MAIN();
