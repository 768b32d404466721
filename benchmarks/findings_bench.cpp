// Findings-heavy estates (issue 20): the first run on a real estate, where most of it is
// non-compliant. The 100k estate of `clearance generate --nodes 2000 --workloads 100000
// --flows 100000 --seed 42 --violations V` at V = 10 and 70 (about 30,000 and 90,000
// findings), split by phase: load, the placement/node/link rules, the flow rules, the
// whole check, and each report (JSON, SARIF, text) made as a string and streamed. Each
// phase reports its cost per finding (`s_per_finding`); the report phases their bytes/s,
// beside `memcpy` of the same bytes, the floor of any writer. Times are the process's CPU
// time (the machine may be shared).
//
//   build/benchmarks/clearance_findings_bench
//   build/benchmarks/clearance_findings_bench --benchmark_filter=/70
#include <clearance/check.hpp>
#include <clearance/flow.hpp>
#include <clearance/generate.hpp>
#include <clearance/load.hpp>
#include <clearance/report.hpp>
#include <clearance/report_formats.hpp>

#include <benchmark/benchmark.h>

#include <cstring>
#include <ostream>
#include <streambuf>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace {

struct Estate {
  std::string json;
  std::unique_ptr<clearance::Model> model;
  std::unique_ptr<clearance::Model> without_flows;  // the same placement, no flows
  clearance::Report report;
  std::string json_report;
};

Estate& estate(std::uint32_t violations_percent) {
  static std::map<std::uint32_t, Estate> cache;
  Estate& entry = cache[violations_percent];
  if (!entry.model) {
    clearance::GenerateOptions options{2'000, 100'000, 100'000, 42};
    options.violations_percent = violations_percent;
    entry.json = clearance::generate_estate(options);
    entry.model = std::make_unique<clearance::Model>(clearance::load_model_json(entry.json, "estate.json"));
    // The flows section cut out of the text: the generator draws the placement after the
    // flows, so an estate generated with no flows would be placed differently.
    std::string text = entry.json;
    const std::size_t begin = text.find("\"flows\": [\n");
    const std::size_t end = text.find("\n],\n", begin);
    text.replace(begin, end + 4 - begin, "\"flows\": [],\n");
    entry.without_flows = std::make_unique<clearance::Model>(clearance::load_model_json(text, "estate.json"));
    entry.report = clearance::check(*entry.model);
    entry.json_report = clearance::to_json(entry.report, *entry.model);
  }
  return entry;
}

std::uint32_t violations(const benchmark::State& state) { return static_cast<std::uint32_t>(state.range(0)); }

// Seconds per finding of the whole estate's report, and the count.
void per_finding(benchmark::State& state, const Estate& e) {
  const auto findings = static_cast<double>(e.report.findings.size());
  state.counters["findings"] = findings;
  state.counters["s_per_finding"] =
      benchmark::Counter(findings, benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
}

void load(benchmark::State& state) {
  Estate& e = estate(violations(state));
  for (auto _ : state) {
    clearance::Model model = clearance::load_model_json(e.json, "estate.json");
    benchmark::DoNotOptimize(model);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * e.json.size()));
  per_finding(state, e);
}

// Every rule but the flow rules.
void placement_rules(benchmark::State& state) {
  Estate& e = estate(violations(state));
  for (auto _ : state) {
    clearance::Report report = clearance::check(*e.without_flows);
    benchmark::DoNotOptimize(report);
  }
  per_finding(state, e);
}

void flow_rules(benchmark::State& state) {
  Estate& e = estate(violations(state));
  for (auto _ : state) {
    std::vector<clearance::Finding> out;
    clearance::check_flows(*e.model, out);
    benchmark::DoNotOptimize(out);
  }
  per_finding(state, e);
}

void full_check(benchmark::State& state) {
  Estate& e = estate(violations(state));
  for (auto _ : state) {
    clearance::Report report = clearance::check(*e.model);
    benchmark::DoNotOptimize(report);
  }
  per_finding(state, e);
}

// A report made as one string (the library's API, the C ABI and Python).
template <typename Render>
void report_string(benchmark::State& state, Render render) {
  Estate& e = estate(violations(state));
  std::size_t bytes = 0;
  for (auto _ : state) {
    const std::string text = render(e);
    bytes = text.size();
    benchmark::DoNotOptimize(text.data());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * bytes));
  per_finding(state, e);
}

// Counts the bytes written to it and drops them: the stream the CLI writes to, without
// the write(2) calls (whose cost belongs to the pipe or file, not to the writer).
class CountingBuffer : public std::streambuf {
 public:
  std::streamsize count = 0;

 protected:
  std::streamsize xsputn(const char*, std::streamsize size) override {
    count += size;
    return size;
  }
  int_type overflow(int_type c) override {
    if (c != traits_type::eof()) ++count;
    return traits_type::not_eof(c);
  }
};

// A report streamed as it is made (what the CLI does to standard output).
template <typename Write>
void report_stream(benchmark::State& state, Write write) {
  Estate& e = estate(violations(state));
  std::streamsize bytes = 0;
  for (auto _ : state) {
    CountingBuffer buffer;
    std::ostream out(&buffer);
    write(out, e);
    bytes = buffer.count;
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * bytes));
  per_finding(state, e);
}

void json_string(benchmark::State& state) {
  report_string(state, [](const Estate& e) { return clearance::to_json(e.report, *e.model); });
}
void sarif_string(benchmark::State& state) {
  report_string(state, [](const Estate& e) { return clearance::to_sarif(e.report, *e.model); });
}
void text_string(benchmark::State& state) {
  report_string(state, [](const Estate& e) { return clearance::to_text(e.report, *e.model); });
}
void json_stream(benchmark::State& state) {
  report_stream(state, [](std::ostream& out, const Estate& e) { clearance::write_json(out, e.report, *e.model); });
}
void sarif_stream(benchmark::State& state) {
  report_stream(state, [](std::ostream& out, const Estate& e) { clearance::write_sarif(out, e.report, *e.model); });
}
void text_stream(benchmark::State& state) {
  report_stream(state, [](std::ostream& out, const Estate& e) { clearance::write_text(out, e.report, *e.model); });
}

// The floor of a report writer: copying the JSON report's bytes once.
void memcpy_json(benchmark::State& state) {
  Estate& e = estate(violations(state));
  std::vector<char> target(e.json_report.size());
  for (auto _ : state) {
    std::memcpy(target.data(), e.json_report.data(), e.json_report.size());
    benchmark::DoNotOptimize(target.data());
    benchmark::ClobberMemory();
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * e.json_report.size()));
  per_finding(state, e);
}

void shares(benchmark::internal::Benchmark* b) {
  b->Arg(10)->Arg(70)->Unit(benchmark::kMillisecond)->MeasureProcessCPUTime();
}

BENCHMARK(load)->Apply(shares);
BENCHMARK(placement_rules)->Apply(shares);
BENCHMARK(flow_rules)->Apply(shares);
BENCHMARK(full_check)->Apply(shares);
BENCHMARK(json_string)->Apply(shares);
BENCHMARK(json_stream)->Apply(shares);
BENCHMARK(sarif_string)->Apply(shares);
BENCHMARK(sarif_stream)->Apply(shares);
BENCHMARK(text_string)->Apply(shares);
BENCHMARK(text_stream)->Apply(shares);
BENCHMARK(memcpy_json)->Apply(shares);

}  // namespace

BENCHMARK_MAIN();
