// The flow rules at estate scale (issue 4): 2,000 nodes, 8,000 links, 100,000 flows over
// about 50 distinct data labels, 1-3 replicas per workload, built in-process from a fixed
// seed. Times check_flows alone; the other arguments show how it grows with nodes and
// with flows.
#include <clearance/builder.hpp>
#include <clearance/flow.hpp>

#include <benchmark/benchmark.h>

#include <algorithm>
#include <map>
#include <memory>
#include <random>
#include <string>
#include <utility>
#include <vector>

namespace {

using namespace clearance;

// A security domain: nodes accredited alike, reachable by the same nationals, meshed by
// network links; domains meet through guards (with releases) and diodes.
struct Domain {
  const char* accredited;
  std::vector<std::string> access;
  const char* jurisdiction;
  double weight;  // share of the nodes
};

const std::vector<Domain>& domains() {
  static const std::vector<Domain> list = {
      {"UNCLASSIFIED", {"USA"}, "USA", 0.12},   {"CUI", {"USA"}, "USA", 0.20},
      {"SECRET", {"USA"}, "USA", 0.22},         {"SECRET", {"FVEY"}, "USA", 0.06},
      {"SECRET", {"GBR"}, "GBR", 0.06},         {"SECRET", {"AUS"}, "AUS", 0.05},
      {"SECRET//SI", {"USA"}, "USA", 0.10},     {"TOP SECRET//SI/TK", {"USA"}, "USA", 0.12},
      {"CUI", {"USA", "GBR"}, "GBR", 0.07},
  };
  return list;
}

// Guards between domains (from, to) with the releases they perform, and diodes low->high.
struct CrossDomain {
  std::size_t from, to;
  bool diode;
  std::vector<ReleaseSpec> releases;
};

const std::vector<CrossDomain>& cross_domains() {
  static const std::vector<CrossDomain> list = {
      {1, 0, false, {{"CUI", "UNCLASSIFIED"}}},
      {2, 3, false, {{"SECRET", "SECRET//REL TO USA, FVEY"}}},
      {2, 4, false, {{"SECRET", "SECRET//REL TO USA, GBR"}}},
      {3, 5, false, {{"SECRET//REL TO USA, FVEY", "SECRET//REL TO USA, AUS"}}},
      {1, 8, false, {{"CUI", "CUI//REL TO USA, GBR"}}},
      {1, 2, true, {}},
      {2, 6, true, {}},
      {6, 7, true, {}},
      {0, 1, true, {}},
  };
  return list;
}

// About 50 data classes: marking, owner, residency.
struct DataKind {
  std::string marking;
  const char* owner;
  bool resident;
  std::vector<std::size_t> domains;  // where workloads using it are placed
};

std::vector<DataKind> data_kinds() {
  std::vector<DataKind> kinds;
  const std::vector<std::pair<std::string, std::vector<std::size_t>>> markings = {
      {"UNCLASSIFIED", {0, 1, 2}},
      {"CUI", {1, 2}},
      {"CUI//NOFORN", {1, 2}},
      {"CUI//REL TO USA, GBR", {1, 8}},
      {"CUI//FOUO", {1}},
      {"SECRET", {2, 6}},
      {"SECRET//NOFORN", {2, 6}},
      {"SECRET//REL TO USA, FVEY", {2, 3}},
      {"SECRET//REL TO USA, GBR", {2, 4}},
      {"SECRET//REL TO USA, AUS", {2, 5}},
      {"SECRET//ORCON", {2}},
      {"SECRET//SI", {6}},
      {"SECRET//SI//NOFORN", {6, 7}},
      {"TOP SECRET//SI/TK//NOFORN", {7}},
      {"TOP SECRET//SI", {7}},
      {"TOP SECRET//TK", {7}},
      {"CONFIDENTIAL", {2}},
  };
  for (const auto& [marking, where] : markings)
    for (const char* owner : {"USA", "GBR", "AUS"})
      for (bool resident : {false, true}) {
        if (owner != std::string("USA") && marking.find("REL TO") == std::string::npos) continue;
        kinds.push_back({marking, owner, resident, where});
      }
  return kinds;
}

struct Estate {
  std::unique_ptr<Model> model;
  std::size_t labels = 0;
};

Estate build_estate(std::size_t node_count, std::size_t flow_count, std::uint32_t seed) {
  std::mt19937 rng(seed);
  auto pick = [&](std::size_t n) { return static_cast<std::size_t>(rng() % n); };
  ModelBuilder builder;
  builder.name("flow-estate");
  const std::size_t link_count = node_count * 4;
  const std::size_t workload_count = 10'000;
  const std::size_t data_count = 500;
  builder.reserve(node_count, link_count, data_count, workload_count, flow_count);

  // Nodes, by domain.
  std::vector<std::vector<std::size_t>> members(domains().size());
  std::vector<double> cumulative;
  double total = 0;
  for (const Domain& domain : domains()) cumulative.push_back(total += domain.weight);
  std::uniform_real_distribution<double> unit(0, total);
  for (std::size_t n = 0; n < node_count; ++n) {
    std::size_t d = n < domains().size() ? n : std::size_t(std::lower_bound(cumulative.begin(), cumulative.end(), unit(rng)) - cumulative.begin());
    d = std::min(d, domains().size() - 1);
    members[d].push_back(n);
    NodeSpec node;
    node.id = "n" + std::to_string(n);
    node.jurisdiction = domains()[d].jurisdiction;
    node.accredited = domains()[d].accredited;
    node.access = domains()[d].access;
    builder.add_node(std::move(node));
  }
  auto node_id = [](std::size_t n) { return "n" + std::to_string(n); };
  const std::vector<double> widths = {100, 1000, 10000, unlimited};

  // Links: a chain through each domain, random links within domains, and cross-domain
  // guards and diodes (about 6%).
  std::size_t links = 0;
  auto add_link = [&](std::size_t from, std::size_t to, LinkKind kind, std::vector<ReleaseSpec> releases) {
    LinkSpec link;
    link.id = "l" + std::to_string(links++);
    link.from = node_id(from);
    link.to = node_id(to);
    link.kind = kind;
    link.latency_ms = static_cast<double>(1 + pick(80));
    if (double width = widths[pick(widths.size())]; width != unlimited) link.bandwidth_mbps = width;
    if (kind == LinkKind::guard) link.releases = std::move(releases);
    if (kind == LinkKind::network && pick(3) == 0) {
      link.carrier = "UNCLASSIFIED";  // a commercial carrier: encrypted, and now and then not enough
      link.encryption = pick(20) == 0 ? Encryption::tls : Encryption::type1;
    }
    builder.add_link(std::move(link));
  };
  for (const auto& nodes : members)
    for (std::size_t i = 1; i < nodes.size() && links < link_count; ++i) add_link(nodes[i - 1], nodes[i], LinkKind::network, {});
  const std::size_t cross_count = link_count * 6 / 100;
  for (std::size_t i = 0; i < cross_count; ++i) {
    const CrossDomain& cross = cross_domains()[pick(cross_domains().size())];
    if (members[cross.from].empty() || members[cross.to].empty()) continue;
    add_link(members[cross.from][pick(members[cross.from].size())], members[cross.to][pick(members[cross.to].size())],
             cross.diode ? LinkKind::diode : LinkKind::guard, cross.releases);
  }
  while (links < link_count) {
    const auto& nodes = members[pick(members.size())];
    if (nodes.size() < 2) continue;
    std::size_t a = pick(nodes.size()), b = pick(nodes.size() - 1);
    if (b >= a) ++b;
    add_link(nodes[a], nodes[b], LinkKind::network, {});
  }

  // Data over about 50 classes; workloads use one each and sit in its domains.
  const std::vector<DataKind> kinds = data_kinds();
  std::vector<std::size_t> kind_of(data_count);
  for (std::size_t d = 0; d < data_count; ++d) {
    kind_of[d] = d < kinds.size() ? d : pick(kinds.size());
    const DataKind& kind = kinds[kind_of[d]];
    DataSpec data;
    data.id = "d" + std::to_string(d);
    data.marking = kind.marking;
    data.owner = kind.owner;
    if (kind.resident) data.residency = std::vector<std::string>{"USA", "GBR", "AUS"};
    builder.add_data(std::move(data));
  }
  std::vector<std::vector<std::size_t>> users(data_count);
  for (std::size_t w = 0; w < workload_count; ++w) {
    const std::size_t d = w % data_count;
    users[d].push_back(w);
    WorkloadSpec workload;
    workload.id = "w" + std::to_string(w);
    workload.uses = {"d" + std::to_string(d)};
    const std::string id = workload.id;
    builder.add_workload(std::move(workload));
    const auto& where = kinds[kind_of[d]].domains;
    std::vector<std::string> on;
    for (std::size_t r = 1 + pick(3); r > 0; --r) {
      const auto& nodes = members[where[pick(where.size())]];
      if (nodes.empty()) continue;
      std::string n = node_id(nodes[pick(nodes.size())]);
      if (std::find(on.begin(), on.end(), n) == on.end()) on.push_back(std::move(n));
    }
    if (!on.empty()) builder.place(id, std::move(on));
  }

  // Flows between workloads that share data.
  for (std::size_t f = 0; f < flow_count; ++f) {
    const std::size_t d = pick(data_count);
    FlowSpec flow;
    flow.id = "f" + std::to_string(f);
    flow.from = "w" + std::to_string(users[d][pick(users[d].size())]);
    flow.to = "w" + std::to_string(users[d][pick(users[d].size())]);
    flow.data = "d" + std::to_string(d);
    if (pick(10) < 4) flow.max_latency_ms = static_cast<double>(50 + pick(450));
    if (pick(10) < 3) flow.min_bandwidth_mbps = std::vector<double>{10, 100, 1000, 5000}[pick(4)];
    builder.add_flow(std::move(flow));
  }
  Estate estate;
  estate.model = std::make_unique<Model>(builder.build());
  estate.labels = kinds.size();
  return estate;
}

const Estate& estate(std::size_t nodes, std::size_t flows) {
  static std::map<std::pair<std::size_t, std::size_t>, Estate> cache;
  auto found = cache.find({nodes, flows});
  if (found == cache.end()) found = cache.emplace(std::make_pair(nodes, flows), build_estate(nodes, flows, 42)).first;
  return found->second;
}

void check_flows_estate(benchmark::State& state) {
  const Estate& e = estate(static_cast<std::size_t>(state.range(0)), static_cast<std::size_t>(state.range(1)));
  std::size_t finding_count = 0;
  std::size_t by_rule[3] = {0, 0, 0};
  for (auto _ : state) {
    std::vector<Finding> findings;
    check_flows(*e.model, findings);
    finding_count = findings.size();
    benchmark::DoNotOptimize(findings);
    by_rule[0] = by_rule[1] = by_rule[2] = 0;
    for (const Finding& finding : findings)
      ++by_rule[static_cast<std::size_t>(finding.rule) - static_cast<std::size_t>(RuleId::flow_route)];
  }
  state.counters["route"] = static_cast<double>(by_rule[0]);
  state.counters["bandwidth"] = static_cast<double>(by_rule[1]);
  state.counters["latency"] = static_cast<double>(by_rule[2]);
  state.counters["nodes"] = static_cast<double>(e.model->nodes().size());
  state.counters["links"] = static_cast<double>(e.model->links().size());
  state.counters["flows"] = static_cast<double>(e.model->flows().size());
  state.counters["labels"] = static_cast<double>(e.labels);
  state.counters["findings"] = static_cast<double>(finding_count);
}

BENCHMARK(check_flows_estate)
    ->ArgNames({"nodes", "flows"})
    ->Args({2'000, 100'000})  // the target: <= 1 s
    ->Args({500, 100'000})
    ->Args({1'000, 100'000})
    ->Args({2'000, 25'000})
    ->Args({2'000, 50'000})
    ->Unit(benchmark::kMillisecond)
    ->MeasureProcessCPUTime()
    ->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
