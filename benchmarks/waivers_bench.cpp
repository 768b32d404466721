// Waivers (issue 19): reading and applying 1,000 waivers against a check of the 100k estate
// (`clearance generate --nodes 2000 --workloads 100000 --flows 100000 --seed 42`), beside
// the check itself. The target: waivers cost at most 5% of the check.
//
//   build/benchmarks/clearance_waivers_bench
//
// The waivers are made from the check's findings, spread over every rule: most name every
// key of one finding, some leave a key at "*", some name a rule family, a tenth are expired
// and a twentieth name elements without findings (unused).
#include <clearance/check.hpp>
#include <clearance/generate.hpp>
#include <clearance/load.hpp>
#include <clearance/waivers.hpp>

#include <benchmark/benchmark.h>

#include <memory>
#include <string>

namespace {

struct Estate {
  std::unique_ptr<clearance::Model> model;
  clearance::Report report;
  std::string waivers_json;
};

std::string waivers_for(const clearance::Model& model, const clearance::Report& report, std::size_t count) {
  std::string text = "{\"clearance\": 1, \"waivers\": [";
  const std::size_t stride = report.findings.size() / count;
  for (std::size_t i = 0; i < count; ++i) {
    const clearance::Finding& finding = report.findings[(i * stride) % report.findings.size()];
    std::string rule(clearance::rule_info(finding.rule).name);
    if (i % 20 == 7) rule = rule.substr(0, rule.find('.')) + ".*";
    text += i == 0 ? "\n" : ",\n";
    text += "{\"id\": \"RA-" + std::to_string(i) + "\", \"rule\": \"" + rule + "\"";
    auto key = [&](const char* name, std::uint32_t value, std::string_view id) {
      if (value == clearance::no_key) return;
      // A tenth leave their node (or their only other key) at "*".
      const bool star = i % 10 == 3 && (std::string_view(name) == "node" || finding.node == clearance::no_key);
      text += std::string(", \"") + name + "\": \"" + (star ? std::string("*") : std::string(id)) + "\"";
    };
    if (i % 20 == 11) {  // an element without findings: unused
      key("node", finding.node, model.node_id(static_cast<clearance::NodeIndex>(model.nodes().size() - 1)));
    } else {
      if (finding.workload != clearance::no_key) key("workload", finding.workload, model.workload_id(finding.workload));
      if (finding.flow != clearance::no_key) key("flow", finding.flow, model.flow_id(finding.flow));
      if (finding.link != clearance::no_key) key("link", finding.link, model.link_id(finding.link));
      if (finding.node != clearance::no_key) key("node", finding.node, model.node_id(finding.node));
      if (finding.data != clearance::no_key) key("data", finding.data, model.data_id(finding.data));
      if (finding.resource != clearance::no_key)
        key("resource", finding.resource, model.resource_name(finding.resource));
    }
    text += ", \"justification\": \"Accepted until the migration completes.\", \"approved_by\": \"AO\", ";
    text += i % 10 == 5 ? "\"expires\": \"2025-01-31\"" : "\"expires\": \"2030-06-30\", \"ticket\": \"POAM-1\"";
    text += "}";
  }
  return text + "\n]}\n";
}

Estate& estate() {
  static Estate entry;
  if (!entry.model) {
    const clearance::GenerateOptions options{2000, 100000, 100000, 42};
    entry.model = std::make_unique<clearance::Model>(clearance::load_model_json(clearance::generate_estate(options)));
    entry.report = clearance::check(*entry.model);
    entry.waivers_json = waivers_for(*entry.model, entry.report, 1000);
  }
  return entry;
}

clearance::WaiverOptions options() {
  clearance::WaiverOptions result;
  clearance::parse_date("2026-06-01", result.today);
  return result;
}

// The check the waivers are measured against (single-threaded, as `clearance check`).
void check_100k(benchmark::State& state) {
  Estate& e = estate();
  for (auto _ : state) {
    clearance::Report report = clearance::check(*e.model);
    benchmark::DoNotOptimize(report);
  }
  state.counters["findings"] = static_cast<double>(e.report.findings.size());
}

// What --waivers adds to a check: read the file against the model, then apply it.
void waivers_load_and_apply_1000(benchmark::State& state) {
  Estate& e = estate();
  std::size_t waived = 0, unused = 0;
  clearance::Report report;
  for (auto _ : state) {
    state.PauseTiming();
    report = e.report;  // a fresh report, as each check makes (the old one freed untimed)
    state.ResumeTiming();
    auto waivers = std::make_shared<const clearance::Waivers>(clearance::load_waivers_json(e.waivers_json, *e.model));
    clearance::apply_waivers(report, *e.model, waivers, options());
    waived = report.summary().waived;
    unused = report.unused_waivers.size();
    benchmark::DoNotOptimize(report);
  }
  state.counters["findings"] = static_cast<double>(e.report.findings.size());
  state.counters["waived"] = static_cast<double>(waived);
  state.counters["unused"] = static_cast<double>(unused);
}

// Reading alone: parse, check and resolve the ids to model indices.
void waivers_load_1000(benchmark::State& state) {
  Estate& e = estate();
  for (auto _ : state) {
    clearance::Waivers waivers = clearance::load_waivers_json(e.waivers_json, *e.model);
    benchmark::DoNotOptimize(waivers);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * e.waivers_json.size()));
}

// Applying alone: the matching by rule and interned ids.
void waivers_apply_1000(benchmark::State& state) {
  Estate& e = estate();
  auto waivers = std::make_shared<const clearance::Waivers>(clearance::load_waivers_json(e.waivers_json, *e.model));
  clearance::Report report;
  for (auto _ : state) {
    state.PauseTiming();
    report = e.report;
    state.ResumeTiming();
    clearance::apply_waivers(report, *e.model, waivers, options());
    benchmark::DoNotOptimize(report);
  }
}

}  // namespace

BENCHMARK(check_100k)->Unit(benchmark::kMillisecond);
BENCHMARK(waivers_load_and_apply_1000)->Unit(benchmark::kMillisecond);
BENCHMARK(waivers_load_1000)->Unit(benchmark::kMicrosecond);
BENCHMARK(waivers_apply_1000)->Unit(benchmark::kMicrosecond);

BENCHMARK_MAIN();
