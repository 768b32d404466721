// Exposure on capture (issue 18) beside the check it is judged against: one edge node, every
// edge node (summaries and the ranking), and every edge node written as spec §5 JSON, on
// estates of `clearance generate` (the generator and seed of estate_bench.cpp).
//
//   build/benchmarks/clearance_exposure_bench --benchmark_filter=/100000 --benchmark_min_time=0.5
//
// Each estate is generated and loaded once per process; only the calls named are timed.
// The target: every edge node at most 5x the check of the same estate.
#include <clearance/check.hpp>
#include <clearance/exposure.hpp>
#include <clearance/generate.hpp>
#include <clearance/load.hpp>

#include <benchmark/benchmark.h>

#include <sys/resource.h>

#include <map>
#include <memory>
#include <ostream>
#include <streambuf>

namespace {

const clearance::Model& estate(std::uint32_t workloads) {
  static std::map<std::uint32_t, std::unique_ptr<clearance::Model>> cache;
  std::unique_ptr<clearance::Model>& model = cache[workloads];
  if (!model) {
    const clearance::GenerateOptions options{workloads / 50, workloads, workloads, 2026};
    model = std::make_unique<clearance::Model>(clearance::load_model_json(clearance::generate_estate(options), "estate.json"));
  }
  return *model;
}

// Counts the bytes written and drops them: what writing the report costs, without a disk.
class CountingBuffer : public std::streambuf {
 public:
  std::size_t bytes = 0;

 protected:
  std::streamsize xsputn(const char*, std::streamsize count) override {
    bytes += static_cast<std::size_t>(count);
    return count;
  }
  int_type overflow(int_type c) override {
    ++bytes;
    return c;
  }
};

void annotate(benchmark::State& state, const clearance::Model& model) {
  std::size_t edge = 0;
  for (const clearance::Node& node : model.nodes()) edge += node.is_edge() ? 1 : 0;
  state.counters["nodes"] = static_cast<double>(model.nodes().size());
  state.counters["edge_nodes"] = static_cast<double>(edge);
  state.counters["flows"] = static_cast<double>(model.flows().size());
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  state.counters["peak_rss_MB"] = static_cast<double>(usage.ru_maxrss) / 1024.0;
}

void check(benchmark::State& state) {
  const clearance::Model& model = estate(static_cast<std::uint32_t>(state.range(0)));
  for (auto _ : state) {
    clearance::Report report = clearance::check(model);
    benchmark::DoNotOptimize(report);
  }
  annotate(state, model);
}

// The first edge node, with every entry listed.
void one_capture(benchmark::State& state) {
  const clearance::Model& model = estate(static_cast<std::uint32_t>(state.range(0)));
  clearance::ExposureOptions options;
  for (clearance::NodeIndex n = 0; n < model.nodes().size() && !options.capture; ++n)
    if (model.nodes()[n].is_edge()) options.capture = n;
  std::size_t entries = 0;
  for (auto _ : state) {
    const clearance::ExposureReport report = clearance::exposure(model, options);
    const clearance::TransitList transit = report.in_transit(0);
    entries = transit.entries.size();
    benchmark::DoNotOptimize(transit);
  }
  state.counters["entries"] = static_cast<double>(entries);
  annotate(state, model);
}

// Every edge node: the summaries and the ranking (what `exposure --rank` prints).
void all_edge_nodes(benchmark::State& state) {
  const clearance::Model& model = estate(static_cast<std::uint32_t>(state.range(0)));
  std::size_t entries = 0;
  for (auto _ : state) {
    const clearance::ExposureReport report = clearance::exposure(model);
    const std::vector<std::size_t> ranking = clearance::rank_captures(report);
    benchmark::DoNotOptimize(ranking);
    entries = 0;
    for (const clearance::Capture& capture : report.captures) entries += capture.in_transit_count;
  }
  state.counters["entries"] = static_cast<double>(entries);
  annotate(state, model);
}

// Every edge node written as JSON (what `exposure --format json` prints), bytes counted.
void all_edge_nodes_json(benchmark::State& state) {
  const clearance::Model& model = estate(static_cast<std::uint32_t>(state.range(0)));
  std::size_t bytes = 0;
  for (auto _ : state) {
    CountingBuffer buffer;
    std::ostream out(&buffer);
    clearance::write_json(out, clearance::exposure(model), model);
    bytes = buffer.bytes;
  }
  state.counters["json_MB"] = static_cast<double>(bytes) / 1e6;
  annotate(state, model);
}

void sizes(benchmark::internal::Benchmark* b) {
  for (std::int64_t workloads : {10'000, 100'000}) b->Args({workloads});
  b->Unit(benchmark::kMillisecond)->UseRealTime()->MeasureProcessCPUTime();
}

}  // namespace

BENCHMARK(check)->Apply(sizes);
BENCHMARK(one_capture)->Apply(sizes);
BENCHMARK(all_edge_nodes)->Apply(sizes);
BENCHMARK(all_edge_nodes_json)->Apply(sizes);

BENCHMARK_MAIN();
