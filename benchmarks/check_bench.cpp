// The checker on a large synthetic estate (issue 3's target): 2,000 nodes and 100,000
// workloads using 1-3 data each with 1-3 replicas, built in-process with ModelBuilder
// from a fixed seed so that every run checks the same model. Only check() is timed.
//
//   build/benchmarks/clearance_check_bench --benchmark_min_time=2
#include <benchmark/benchmark.h>

#include <clearance/builder.hpp>
#include <clearance/check.hpp>

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

using namespace clearance;

namespace {

// xorshift64*: a small generator whose sequence is the same everywhere.
class Random {
 public:
  explicit Random(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next() {
    state_ ^= state_ >> 12;
    state_ ^= state_ << 25;
    state_ ^= state_ >> 27;
    return state_ * 0x2545F4914F6CDD1DULL;
  }
  std::uint32_t below(std::uint32_t bound) { return static_cast<std::uint32_t>(next() % bound); }

 private:
  std::uint64_t state_;
};

struct Tier {
  const char* accredited;  // what a node of this tier is accredited for
  const char* marking;     // what data of this tier is marked
};

// Levels rise with the tier; a node holds the data of its own tier and those below.
const Tier tiers[] = {
    {"UNCLASSIFIED", "UNCLASSIFIED"},
    {"CUI", "CUI"},
    {"SECRET", "SECRET//REL TO USA, FVEY"},
    {"TOP SECRET//SI/TK", "TOP SECRET//SI//NOFORN"},
};
constexpr std::uint32_t tier_count = 4;

// `violation_per_mille` of the replicas go to a random node, the rest to a node of a
// tier that holds the workload's data.
Model synthetic_estate(std::uint32_t nodes, std::uint32_t workloads, std::uint32_t violation_per_mille) {
  Random random(20261129);
  ModelBuilder builder;
  builder.name("synthetic");
  const std::uint32_t data_count = 1000;
  builder.reserve(nodes, 0, data_count, workloads, 0);

  std::vector<std::vector<std::string>> nodes_of_tier(tier_count);
  for (std::uint32_t n = 0; n < nodes; ++n) {
    std::uint32_t tier = n % tier_count;
    NodeSpec node;
    node.id = "node-" + std::to_string(n);
    node.jurisdiction = "USA";
    node.accredited = tiers[tier].accredited;
    node.zone = "zone-" + std::to_string(n % 50);
    if (tier <= 2) node.impact_level = tier == 0 ? "IL2" : tier == 1 ? "IL5" : "IL6";
    if (n % 20 == 0) {
      node.kind = NodeKind::edge;
      node.at_rest = AtRest::type1;
      node.mean_online_h = 20;
      node.mean_offline_h = 4;
    }
    if (n % 2 == 0) node.capacity = NamedAmounts{{"cpu", 4096}, {"memory_gb", 32768}, {"gpu", 64}};
    nodes_of_tier[tier].push_back(node.id);
    builder.add_node(std::move(node));
  }
  // Data of a tier, and the part of it that workloads of higher tiers may use: data
  // needing IL5 stays on the IL5 tier (TOP SECRET nodes carry no impact level).
  std::vector<std::vector<std::string>> data_of_tier(tier_count), portable_data_of_tier(tier_count);
  for (std::uint32_t d = 0; d < data_count; ++d) {
    std::uint32_t tier = d % tier_count;
    DataSpec data;
    data.id = "data-" + std::to_string(d);
    data.marking = tiers[tier].marking;
    if (tier == 1 && d % 8 == 1) data.impact_level = "IL5";
    if (d % 10 == 3) data.residency = std::vector<std::string>{"USA"};
    data_of_tier[tier].push_back(data.id);
    if (!data.impact_level) portable_data_of_tier[tier].push_back(data.id);
    builder.add_data(std::move(data));
  }
  std::vector<std::string> all_nodes;
  for (const auto& tier : nodes_of_tier) all_nodes.insert(all_nodes.end(), tier.begin(), tier.end());

  for (std::uint32_t w = 0; w < workloads; ++w) {
    std::uint32_t tier = random.below(tier_count);
    WorkloadSpec workload;
    workload.id = "workload-" + std::to_string(w);
    std::uint32_t uses = 1 + random.below(3);
    for (std::uint32_t u = 0; u < uses; ++u) {
      std::uint32_t data_tier = random.below(tier + 1);
      const auto& pool = data_tier == tier ? data_of_tier[data_tier] : portable_data_of_tier[data_tier];
      std::string id = pool[random.below(static_cast<std::uint32_t>(pool.size()))];
      bool seen = false;
      for (const auto& used : workload.uses) seen = seen || used == id;
      if (!seen) workload.uses.push_back(std::move(id));
    }
    workload.resources = {{"cpu", 0.5 + random.below(8)}, {"memory_gb", 1.0 + random.below(64)}};
    workload.replicas = 1 + random.below(3);
    workload.min_zones = workload.replicas > 1 ? 2 : 1;
    if (random.below(10) == 0) workload.max_staleness_h = 8;
    std::vector<std::string> placed;
    for (std::int64_t r = 0; r < workload.replicas; ++r) {
      const std::vector<std::string>& pool =
          random.below(1000) < violation_per_mille ? all_nodes : nodes_of_tier[tier];
      std::string node = pool[random.below(static_cast<std::uint32_t>(pool.size()))];
      bool seen = false;
      for (const auto& other : placed) seen = seen || other == node;
      if (!seen) placed.push_back(std::move(node));
    }
    std::string id = workload.id;
    builder.add_workload(std::move(workload));
    builder.place(std::move(id), std::move(placed));
  }
  return builder.build();
}

// Models are built once per shape and kept for the whole run.
const Model& estate(std::uint32_t violation_per_mille, std::uint32_t workloads = 100000) {
  static std::map<std::pair<std::uint32_t, std::uint32_t>, std::unique_ptr<Model>> models;
  auto& model = models[{violation_per_mille, workloads}];
  if (!model) model = std::make_unique<Model>(synthetic_estate(2000, workloads, violation_per_mille));
  return *model;
}

void report_counters(benchmark::State& state, const Model& model, const Report& report) {
  state.counters["findings"] = static_cast<double>(report.findings.size());
  state.counters["replicas"] = static_cast<double>(model.placement().replica_count());
  state.counters["replicas/s"] = benchmark::Counter(static_cast<double>(model.placement().replica_count()),
                                                    benchmark::Counter::kIsIterationInvariantRate);
}

// Every replica on a node of its tier: the only findings are replicated workloads whose
// nodes happen to share a zone (availability.zones), so this is the cost of the rules.
void BM_check_compliant(benchmark::State& state) {
  const Model& model = estate(0);
  Report report;
  for (auto _ : state) {
    report = check(model, CheckOptions::with_jobs(static_cast<unsigned>(state.range(0))));
    benchmark::DoNotOptimize(report.findings.data());
  }
  report_counters(state, model, report);
}
BENCHMARK(BM_check_compliant)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond);

// 1% of replicas on a random node: the common case of a model under review.
void BM_check_mostly_compliant(benchmark::State& state) {
  const Model& model = estate(10);
  Report report;
  for (auto _ : state) {
    report = check(model, CheckOptions::with_jobs(static_cast<unsigned>(state.range(0))));
    benchmark::DoNotOptimize(report.findings.data());
  }
  report_counters(state, model, report);
}
BENCHMARK(BM_check_mostly_compliant)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond);

// 20% of replicas on a random node: tens of thousands of findings, each with its text.
void BM_check_many_findings(benchmark::State& state) {
  const Model& model = estate(200);
  Report report;
  for (auto _ : state) {
    report = check(model, CheckOptions::with_jobs(static_cast<unsigned>(state.range(0))));
    benchmark::DoNotOptimize(report.findings.data());
  }
  report_counters(state, model, report);
}
BENCHMARK(BM_check_many_findings)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond);

// 1% misplaced, 25,000 to 200,000 workloads on the same 2,000 nodes: the time grows
// with the number of placed replicas.
void BM_check_scaling(benchmark::State& state) {
  const Model& model = estate(10, static_cast<std::uint32_t>(state.range(0)));
  Report report;
  for (auto _ : state) {
    report = check(model);
    benchmark::DoNotOptimize(report.findings.data());
  }
  report_counters(state, model, report);
}
BENCHMARK(BM_check_scaling)->Arg(25000)->Arg(50000)->Arg(100000)->Arg(200000)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
