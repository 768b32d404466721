// Random models for the flow rules' cross-checks (see random_models.hpp).
#include "random_models.hpp"

#include <clearance/builder.hpp>

#include <algorithm>
#include <random>
#include <string>
#include <utility>
#include <vector>

namespace clearance {
namespace reference {

Model random_flow_model(unsigned seed) {
  const std::vector<std::string> levels = {"UNCLASSIFIED", "CUI", "SECRET", "SECRET//SI", "TOP SECRET//SI/TK"};
  const std::vector<std::vector<std::string>> accesses = {{"USA"}, {"USA", "GBR"}, {"FVEY"}, {"GBR"}};
  const std::vector<std::string> markings = {"UNCLASSIFIED", "CUI", "CUI//NOFORN", "SECRET", "SECRET//NOFORN",
                                             "SECRET//REL TO USA, GBR", "SECRET//REL TO USA, FVEY", "SECRET//SI",
                                             "TOP SECRET//SI/TK//NOFORN"};
  const std::vector<std::pair<std::string, std::string>> releases = {
      {"SECRET", "SECRET//REL TO USA, GBR"}, {"SECRET", "SECRET//REL TO USA, FVEY"}, {"CUI", "UNCLASSIFIED"},
      {"SECRET//REL TO USA, FVEY", "SECRET//REL TO USA, GBR"}, {"TOP SECRET//SI/TK", "SECRET"}};
  std::mt19937 rng(seed);
  auto pick = [&](std::size_t n) { return static_cast<std::size_t>(rng() % n); };
  ModelBuilder builder;
  const std::size_t node_count = 6 + pick(10);
  for (std::size_t n = 0; n < node_count; ++n) {
    NodeSpec node;
    node.id = "n" + std::to_string(n);
    node.jurisdiction = pick(4) == 0 ? "GBR" : "USA";
    node.accredited = levels[pick(levels.size())];
    node.access = accesses[pick(accesses.size())];
    builder.add_node(node);
  }
  const std::size_t link_count = node_count + pick(2 * node_count);
  for (std::size_t l = 0; l < link_count; ++l) {
    LinkSpec link;
    link.id = "l" + std::to_string(l);
    std::size_t from = pick(node_count), to = pick(node_count - 1);
    if (to >= from) ++to;
    link.from = "n" + std::to_string(from);
    link.to = "n" + std::to_string(to);
    switch (pick(6)) {
      case 0: link.kind = LinkKind::guard; break;
      case 1: link.kind = LinkKind::diode; break;
      case 2: link.kind = LinkKind::courier; break;
      default: link.kind = LinkKind::network; break;
    }
    if (link.kind == LinkKind::guard) {
      std::vector<ReleaseSpec> chosen;
      for (const auto& release : releases)
        if (pick(2) == 0) chosen.push_back({release.first, release.second});
      link.releases = chosen;
    }
    if (link.kind != LinkKind::diode && pick(4) == 0) link.direction = Direction::forward;
    if (link.kind == LinkKind::network || link.kind == LinkKind::courier) {
      if (pick(2) == 0) link.carrier = pick(2) == 0 ? "UNCLASSIFIED" : "SECRET";
      link.encryption = static_cast<Encryption>(pick(4));
    }
    link.latency_ms = static_cast<double>(pick(100));
    if (pick(3) != 0) link.bandwidth_mbps = std::vector<double>{10, 100, 1000}[pick(3)];
    builder.add_link(link);
  }
  for (std::size_t d = 0; d < 6; ++d) {
    DataSpec data;
    data.id = "d" + std::to_string(d);
    data.marking = markings[pick(markings.size())];
    if (pick(3) == 0) data.owner = "GBR";
    if (pick(4) == 0) data.residency = std::vector<std::string>{"USA"};
    builder.add_data(data);
  }
  const std::size_t workload_count = 8;
  for (std::size_t w = 0; w < workload_count; ++w) {
    WorkloadSpec workload;
    workload.id = "w" + std::to_string(w);
    builder.add_workload(workload);
    std::vector<std::string> on;
    for (std::size_t r = pick(4); r > 0; --r) {
      std::string n = "n" + std::to_string(pick(node_count));
      if (std::find(on.begin(), on.end(), n) == on.end()) on.push_back(n);
    }
    if (!on.empty()) builder.place(workload.id, on);
  }
  for (std::size_t f = 0; f < 40; ++f) {
    FlowSpec flow;
    flow.id = "f" + std::to_string(f);
    flow.from = "w" + std::to_string(pick(workload_count));
    flow.to = "w" + std::to_string(pick(workload_count));
    flow.data = "d" + std::to_string(pick(6));
    if (pick(2) == 0) flow.max_latency_ms = static_cast<double>(pick(200));
    if (pick(2) == 0) flow.min_bandwidth_mbps = std::vector<double>{5, 10, 50, 100, 500, 1000, 2000}[pick(7)];
    builder.add_flow(flow);
  }
  return builder.build();
}

Model random_place_model(unsigned seed) {
  const std::vector<std::string> levels = {"CUI", "SECRET", "SECRET", "SECRET//SI", "TOP SECRET//SI"};
  const std::vector<std::vector<std::string>> accesses = {{"USA"}, {"USA"}, {"USA", "GBR"}, {"GBR"}};
  const std::vector<std::string> markings = {"UNCLASSIFIED", "CUI", "SECRET", "SECRET//NOFORN",
                                             "SECRET//REL TO USA, GBR", "SECRET//SI"};
  std::mt19937 rng(seed);
  auto pick = [&](std::size_t n) { return static_cast<std::size_t>(rng() % n); };
  ModelBuilder builder;
  const std::size_t node_count = 4 + pick(4);
  const std::size_t zone_count = 2 + pick(2);
  for (std::size_t n = 0; n < node_count; ++n) {
    NodeSpec node;
    node.id = "n" + std::to_string(n);
    node.jurisdiction = accesses[pick(accesses.size())][0];
    node.accredited = levels[pick(levels.size())];
    node.access = std::vector<std::string>{node.jurisdiction};
    if (pick(3) == 0) node.access->push_back(node.jurisdiction == "USA" ? "GBR" : "USA");
    node.zone = "z" + std::to_string(pick(zone_count));
    if (pick(4) == 0) {
      node.kind = NodeKind::edge;
      node.at_rest = static_cast<AtRest>(pick(4));
      node.mean_offline_h = static_cast<double>(pick(10));
    }
    if (pick(5) != 0) node.capacity = NamedAmounts{{"cpu", double(2 + pick(6))}, {"gpu", double(pick(3))}};
    node.price = NamedAmounts{{"cpu", double(1 + pick(5))}, {"gpu", double(pick(20))}};
    builder.add_node(node);
  }
  const std::size_t link_count = node_count + pick(node_count);
  for (std::size_t l = 0; l < link_count; ++l) {
    LinkSpec link;
    link.id = "l" + std::to_string(l);
    std::size_t from = pick(node_count), to = pick(node_count - 1);
    if (to >= from) ++to;
    link.from = "n" + std::to_string(from);
    link.to = "n" + std::to_string(to);
    switch (pick(5)) {
      case 0: link.kind = LinkKind::guard; link.releases = std::vector<ReleaseSpec>{{"SECRET", "SECRET//REL TO USA, GBR"}}; break;
      case 1: link.kind = LinkKind::diode; break;
      default: link.kind = LinkKind::network; link.encryption = static_cast<Encryption>(pick(4)); break;
    }
    link.latency_ms = static_cast<double>(pick(50));
    if (pick(3) == 0) link.bandwidth_mbps = std::vector<double>{10, 100, 1000}[pick(3)];
    builder.add_link(link);
  }
  for (std::size_t d = 0; d < 4; ++d) {
    DataSpec data;
    data.id = "d" + std::to_string(d);
    data.marking = markings[pick(markings.size())];
    if (pick(5) == 0) data.residency = std::vector<std::string>{"USA"};
    builder.add_data(data);
  }
  const std::size_t workload_count = 3 + pick(4);
  for (std::size_t w = 0; w < workload_count; ++w) {
    WorkloadSpec workload;
    workload.id = "w" + std::to_string(w);
    workload.uses = {"d" + std::to_string(pick(4))};
    if (pick(3) == 0) workload.uses.push_back("d" + std::to_string(pick(4)));
    std::sort(workload.uses.begin(), workload.uses.end());
    workload.uses.erase(std::unique(workload.uses.begin(), workload.uses.end()), workload.uses.end());
    workload.resources = {{"cpu", double(1 + pick(4))}};
    if (pick(3) == 0) workload.resources.push_back({"gpu", double(1 + pick(2))});
    workload.replicas = pick(3) == 0 ? 2 : 1;
    if (workload.replicas == 2 && pick(2) == 0) workload.min_zones = 2;
    if (pick(4) == 0) workload.max_staleness_h = double(1 + pick(8));
    builder.add_workload(workload);
    std::vector<std::string> on;
    for (std::size_t r = pick(3); r > 0; --r) {
      std::string n = "n" + std::to_string(pick(node_count));
      if (std::find(on.begin(), on.end(), n) == on.end()) on.push_back(n);
    }
    if (!on.empty()) builder.place(workload.id, on);
  }
  for (std::size_t f = 0, flows = pick(4); f < flows; ++f) {
    FlowSpec flow;
    flow.id = "f" + std::to_string(f);
    flow.from = "w" + std::to_string(pick(workload_count));
    flow.to = "w" + std::to_string(pick(workload_count));
    flow.data = "d" + std::to_string(pick(4));
    if (pick(2) == 0) flow.max_latency_ms = static_cast<double>(pick(80));
    if (pick(3) == 0) flow.min_bandwidth_mbps = std::vector<double>{5, 50, 500}[pick(3)];
    builder.add_flow(flow);
  }
  return builder.build();
}

}  // namespace reference
}  // namespace clearance
