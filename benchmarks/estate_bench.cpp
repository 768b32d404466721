// Estate-scale benchmarks (issue 9): load, the placement/node/link rules, the flow rules
// and the full check at three sizes, single- and multi-threaded, on estates made by
// `clearance generate` (the same generator, the same seed).
//
//   build/benchmarks/clearance_estate_bench                      # all sizes
//   build/benchmarks/clearance_estate_bench --benchmark_filter=/1000000/   # one size
//   build/benchmarks/clearance_estate_bench --benchmark_filter=_local/      # no cross-estate flows
//
// Each estate is generated once per process and cached. `peak_rss_MB` is the process's
// peak resident set so far: run one size per process to read it per size.
#include <clearance/check.hpp>
#include <clearance/flow.hpp>
#include <clearance/generate.hpp>
#include <clearance/load.hpp>

#include <benchmark/benchmark.h>

#include <sys/resource.h>

#include <map>
#include <memory>
#include <tuple>

namespace {

struct Estate {
  std::string json;
  std::unique_ptr<clearance::Model> model;
};

// Sizes of issue 9: nodes = workloads / 50, as many flows as workloads; 3% of the flows
// go anywhere in the estate, or none (cross_estate_percent 0: the *_local benchmarks).
Estate& estate(std::uint32_t workloads, std::uint32_t flows, std::uint32_t cross_estate_percent = 3) {
  static std::map<std::tuple<std::uint32_t, std::uint32_t, std::uint32_t>, Estate> cache;
  Estate& entry = cache[{workloads, flows, cross_estate_percent}];
  if (!entry.model) {
    clearance::GenerateOptions options{workloads / 50, workloads, flows, 2026};
    options.cross_estate_percent = cross_estate_percent;
    entry.json = clearance::generate_estate(options);
    entry.model = std::make_unique<clearance::Model>(clearance::load_model_json(entry.json, "estate.json"));
  }
  return entry;
}

double peak_rss_mb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;
}

void annotate(benchmark::State& state, const Estate& e) {
  state.counters["workloads"] = static_cast<double>(e.model->workloads().size());
  state.counters["nodes"] = static_cast<double>(e.model->nodes().size());
  state.counters["flows"] = static_cast<double>(e.model->flows().size());
  state.counters["peak_rss_MB"] = peak_rss_mb();
}

void load(benchmark::State& state) {
  Estate& e = estate(static_cast<std::uint32_t>(state.range(0)), static_cast<std::uint32_t>(state.range(0)));
  for (auto _ : state) {
    clearance::Model model = clearance::load_model_json(e.json, "estate.json");
    benchmark::DoNotOptimize(model);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * e.json.size()));
  annotate(state, e);
}

// Every rule but the flow rules: the same estate without flows.
void placement_rules(benchmark::State& state) {
  Estate& e = estate(static_cast<std::uint32_t>(state.range(0)), 0);
  std::size_t findings = 0;
  for (auto _ : state) {
    clearance::Report report = clearance::check(*e.model);
    findings = report.findings.size();
    benchmark::DoNotOptimize(report);
  }
  state.counters["findings"] = static_cast<double>(findings);
  annotate(state, e);
}

// The flow rules alone and the full check, on estates with `cross_estate_percent` of
// the flows going anywhere.
void run_flow_rules(benchmark::State& state, std::uint32_t cross_estate_percent) {
  const auto size = static_cast<std::uint32_t>(state.range(0));
  Estate& e = estate(size, size, cross_estate_percent);
  std::size_t findings = 0;
  for (auto _ : state) {
    std::vector<clearance::Finding> out;
    clearance::check_flows(*e.model, out);
    findings = out.size();
    benchmark::DoNotOptimize(out);
  }
  state.counters["findings"] = static_cast<double>(findings);
  annotate(state, e);
}

void run_full_check(benchmark::State& state, std::uint32_t cross_estate_percent) {
  const auto size = static_cast<std::uint32_t>(state.range(0));
  Estate& e = estate(size, size, cross_estate_percent);
  clearance::CheckOptions options;
  options.jobs = static_cast<unsigned>(state.range(1));
  std::size_t findings = 0;
  for (auto _ : state) {
    clearance::Report report = clearance::check(*e.model, options);
    findings = report.findings.size();
    benchmark::DoNotOptimize(report);
  }
  state.counters["findings"] = static_cast<double>(findings);
  annotate(state, e);
}

void flow_rules(benchmark::State& state) { run_flow_rules(state, 3); }
void full_check(benchmark::State& state) { run_full_check(state, 3); }
// Every flow in its region: what the checker costs without the searches that cross the estate.
void flow_rules_local(benchmark::State& state) { run_flow_rules(state, 0); }
void full_check_local(benchmark::State& state) { run_full_check(state, 0); }

void sizes(benchmark::internal::Benchmark* b) {
  for (std::int64_t workloads : {10'000, 100'000, 1'000'000}) b->Args({workloads});
  b->Unit(benchmark::kMillisecond)->UseRealTime()->MeasureProcessCPUTime();
}

void sizes_and_jobs(benchmark::internal::Benchmark* b) {
  for (std::int64_t workloads : {10'000, 100'000, 1'000'000})
    for (std::int64_t jobs : {1, 2}) b->Args({workloads, jobs});
  b->Unit(benchmark::kMillisecond)->UseRealTime()->MeasureProcessCPUTime();
}

BENCHMARK(load)->Apply(sizes);
BENCHMARK(placement_rules)->Apply(sizes);
BENCHMARK(flow_rules)->Apply(sizes);
BENCHMARK(full_check)->Apply(sizes_and_jobs);
BENCHMARK(flow_rules_local)->Apply(sizes);
BENCHMARK(full_check_local)->Apply(sizes_and_jobs);

}  // namespace

BENCHMARK_MAIN();
