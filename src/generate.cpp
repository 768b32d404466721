#include <clearance/generate.hpp>

#include <algorithm>
#include <array>
#include <vector>

namespace clearance {
inline namespace v1 {
namespace {

// splitmix64: fully specified, so the same seed gives the same estate everywhere
// (std::uniform_int_distribution is not portable across standard libraries).
class Random {
 public:
  explicit Random(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  std::uint32_t below(std::uint32_t n) { return static_cast<std::uint32_t>(next() % n); }
  bool chance(std::uint32_t percent) { return below(100) < percent; }

 private:
  std::uint64_t state_;
};

// A security domain: nodes of one domain hold the same labels.
struct Domain {
  const char* level;        // canonical level name
  const char* accredited;   // node accreditation marking
  const char* impact_level; // "" for none
  const char* country;      // jurisdiction and access
  std::uint32_t weight;     // share of nodes, percent
};

constexpr std::array<Domain, 8> domains = {{
    {"UNCLASSIFIED", "UNCLASSIFIED", "IL2", "USA", 24},
    {"CUI", "CUI", "IL5", "USA", 26},
    {"SECRET", "SECRET", "IL6", "USA", 26},
    {"TOP SECRET", "TOP SECRET//SI/TK", "", "USA", 8},
    {"TOP SECRET", "TOP SECRET//G/HCS/SI/TK", "", "USA", 2},
    {"SECRET", "SECRET", "", "GBR", 6},
    {"SECRET", "SECRET", "", "AUS", 5},
    {"SECRET", "SECRET", "", "DEU", 3},
}};

// Markings of data per domain; several per domain so that ~50 distinct labels appear.
const std::vector<std::vector<const char*>> domain_markings = {
    {"UNCLASSIFIED", "UNCLASSIFIED//FOUO", "U"},
    {"CUI", "CUI//REL TO USA, FVEY", "CUI//NOFORN", "UNCLASSIFIED", "CUI//PROPIN", "CUI//FOUO"},
    {"SECRET", "SECRET//NOFORN", "SECRET//REL TO USA, FVEY", "SECRET//REL TO USA, NATO", "CUI",
     "SECRET//ORCON/NOFORN", "SECRET//REL TO USA, ACGU", "CONFIDENTIAL", "SECRET//REL TO USA, GBR",
     "SECRET//REL TO USA, AUS"},
    {"TOP SECRET//SI", "TOP SECRET//SI/TK//NOFORN", "TOP SECRET//TK", "TOP SECRET//SI//REL TO USA, FVEY",
     "SECRET//SI", "TOP SECRET//SI/TK//ORCON/NOFORN", "SECRET//NOFORN", "TOP SECRET"},
    {"TOP SECRET//G/SI", "TOP SECRET//HCS//NOFORN", "TOP SECRET//G/HCS/SI/TK//NOFORN", "TOP SECRET//SI/TK"},
    {"SECRET//REL TO USA, FVEY", "SECRET//REL TO USA, GBR", "SECRET//REL TO USA, ACGU", "UNCLASSIFIED"},
    {"SECRET//REL TO USA, FVEY", "SECRET//REL TO USA, AUS", "SECRET//REL TO USA, ACGU", "UNCLASSIFIED"},
    {"SECRET//REL TO USA, NATO", "SECRET//REL TO USA, DEU", "CONFIDENTIAL//REL TO USA, NATO"},
};

std::uint32_t pick_domain(Random& random) {
  std::uint32_t roll = random.below(100);
  for (std::uint32_t d = 0; d < domains.size(); ++d) {
    if (roll < domains[d].weight) return d;
    roll -= domains[d].weight;
  }
  return 0;
}

void append_id(std::string& out, const char* prefix, std::uint32_t index) {
  out += '"';
  out += prefix;
  out += std::to_string(index);
  out += '"';
}

}  // namespace

std::string generate_estate(const GenerateOptions& options) {
  Random random(options.seed);
  const std::uint32_t node_count = std::max<std::uint32_t>(options.nodes, 16);
  const std::uint32_t workload_count = options.workloads;
  std::string out;
  out.reserve(static_cast<std::size_t>(workload_count) * 160 + node_count * 300 + options.flows * 90 + 4096);
  out += "{\n\"clearance\": 1,\n\"name\": \"synthetic-estate\",\n";

  // Nodes: domains weighted toward U, CUI and SECRET; 5-10% edge devices.
  std::vector<std::uint32_t> node_domain(node_count);
  std::vector<std::vector<std::uint32_t>> nodes_of_domain(domains.size());
  for (std::uint32_t n = 0; n < node_count; ++n) {
    // The first nodes cover every domain so that small estates have all of them.
    node_domain[n] = n < domains.size() ? n : pick_domain(random);
    nodes_of_domain[node_domain[n]].push_back(n);
  }
  const std::uint32_t zone_count = std::max<std::uint32_t>(node_count / 4, 2);
  out += "\"nodes\": [\n";
  for (std::uint32_t n = 0; n < node_count; ++n) {
    const Domain& domain = domains[node_domain[n]];
    const bool edge = random.below(1000) < 75;
    out += n ? ",\n{\"id\": " : "{\"id\": ";
    append_id(out, "node-", n);
    if (edge) out += ", \"kind\": \"edge\"";
    out += ", \"jurisdiction\": \"";
    out += domain.country;
    out += "\", \"accredited\": \"";
    out += domain.accredited;
    out += '"';
    if (domain.impact_level[0] != '\0' && !edge) {
      out += ", \"impact_level\": \"";
      out += domain.impact_level;
      out += '"';
    }
    out += ", \"zone\": \"zone-" + std::to_string(random.below(zone_count)) + "\"";
    if (edge) {
      out += ", \"at_rest\": \"";
      out += random.chance(85) ? "csfc" : "fips";
      out += "\", \"connectivity\": {\"mean_online_h\": " + std::to_string(4 + random.below(20)) +
             ", \"mean_offline_h\": " + std::to_string(1 + random.below(48)) + "}";
    }
    if (random.chance(60)) {
      out += ", \"capacity\": {\"cpu\": " + std::to_string(256 + random.below(4) * 256) +
             ", \"memory_gb\": " + std::to_string(1024 + random.below(4) * 1024);
      if (random.chance(30)) out += ", \"gpu\": " + std::to_string(8 * (1 + random.below(8)));
      out += "}";
    }
    out += "}";
  }
  out += "\n],\n";

  // Links: networks within a domain (a ring plus chords: regional backbones of 1-8 ms),
  // guards from each domain to the next higher one and diodes feeding the SECRET side
  // (cross-domain solutions add 5-24 ms of inspection).
  out += "\"links\": [\n";
  std::uint32_t link_count = 0;
  auto link = [&](std::uint32_t from, std::uint32_t to, const std::string& extra) {
    out += link_count ? ",\n{\"id\": " : "{\"id\": ";
    append_id(out, "link-", link_count++);
    out += ", \"from\": ";
    append_id(out, "node-", from);
    out += ", \"to\": ";
    append_id(out, "node-", to);
    const bool cross_domain = !extra.empty();
    out += ", \"latency_ms\": " + std::to_string(cross_domain ? 5 + random.below(20) : 1 + random.below(8));
    out += ", \"bandwidth_mbps\": " + std::to_string(100 * (1 + random.below(100)));
    out += extra;
    out += "}";
  };
  for (const auto& members : nodes_of_domain) {
    const auto size = static_cast<std::uint32_t>(members.size());
    for (std::uint32_t i = 0; i + 1 < size; ++i) {
      link(members[i], members[i + 1], "");
      // A chord to a node 2..size-2 places further on: never the node itself.
      if (size > 4) link(members[i], members[(i + 2 + random.below(size - 3)) % size], "");
    }
  }
  const std::uint32_t guards = std::max<std::uint32_t>(node_count / 20, 4);
  for (std::uint32_t g = 0; g < guards; ++g) {
    const std::uint32_t low = random.below(3);  // U, CUI or SECRET side
    const auto& lows = nodes_of_domain[low];
    const auto& highs = nodes_of_domain[low + 1];
    link(lows[random.below(static_cast<std::uint32_t>(lows.size()))],
         highs[random.below(static_cast<std::uint32_t>(highs.size()))],
         ", \"kind\": \"guard\", \"releases\": [{\"from\": \"" + std::string(domains[low + 1].level) +
             "\", \"to\": \"" + std::string(domains[low].level) + "\"}]");
  }
  for (std::uint32_t d = 5; d < domains.size(); ++d) {
    const auto& allies = nodes_of_domain[d];
    const auto& secret = nodes_of_domain[2];
    for (std::uint32_t k = 0; k < 2; ++k)
      link(secret[random.below(static_cast<std::uint32_t>(secret.size()))],
           allies[random.below(static_cast<std::uint32_t>(allies.size()))],
           ", \"kind\": \"guard\", \"releases\": [{\"from\": \"SECRET\", \"to\": \"SECRET//REL TO USA, " +
               std::string(domains[d].country) + "\"}]");
  }
  for (std::uint32_t k = 0; k < std::max<std::uint32_t>(node_count / 100, 1); ++k) {
    const auto& lows = nodes_of_domain[1];
    const auto& highs = nodes_of_domain[2];
    link(lows[random.below(static_cast<std::uint32_t>(lows.size()))],
         highs[random.below(static_cast<std::uint32_t>(highs.size()))], ", \"kind\": \"diode\"");
  }
  out += "\n],\n";

  // Data: markings drawn per domain, about one data asset per 20 workloads.
  const std::uint32_t data_count = std::max<std::uint32_t>(workload_count / 20, 64);
  std::vector<std::uint32_t> data_domain(data_count);
  std::vector<std::vector<std::uint32_t>> data_of_domain(domains.size());
  out += "\"data\": [\n";
  for (std::uint32_t d = 0; d < data_count; ++d) {
    const std::uint32_t domain = d < domains.size() ? d : pick_domain(random);
    data_domain[d] = domain;
    data_of_domain[domain].push_back(d);
    const auto& markings = domain_markings[domain];
    out += d ? ",\n{\"id\": " : "{\"id\": ";
    append_id(out, "data-", d);
    out += ", \"marking\": \"";
    out += markings[random.below(static_cast<std::uint32_t>(markings.size()))];
    out += '"';
    if (domain == 1 && random.chance(20)) out += ", \"impact_level\": \"IL4\"";
    if (domain == 1 && random.chance(10)) out += ", \"residency\": [\"USA\"]";
    out += "}";
  }
  out += "\n],\n";

  // Workloads use data of one domain and are mostly placed on that domain's nodes.
  std::vector<std::uint32_t> workload_domain(workload_count);
  std::vector<std::uint32_t> first_data(workload_count);
  std::vector<std::uint32_t> replica_count(workload_count);
  out += "\"workloads\": [\n";
  for (std::uint32_t w = 0; w < workload_count; ++w) {
    const std::uint32_t domain = node_domain[random.below(node_count)];
    workload_domain[w] = domain;
    const auto& pool = data_of_domain[domain];
    out += w ? ",\n{\"id\": " : "{\"id\": ";
    append_id(out, "w-", w);
    out += ", \"uses\": [";
    const std::uint32_t uses = 1 + random.below(3);
    for (std::uint32_t u = 0; u < uses; ++u) {
      const std::uint32_t data = pool[random.below(static_cast<std::uint32_t>(pool.size()))];
      if (u == 0) first_data[w] = data;
      if (u) out += ", ";
      append_id(out, "data-", data);
    }
    out += "], \"resources\": {\"cpu\": " + std::to_string(1 + random.below(8)) +
           ", \"memory_gb\": " + std::to_string(2 * (1 + random.below(16))) + "}";
    const std::uint32_t replicas = 1 + random.below(3);
    replica_count[w] = replicas;
    if (replicas > 1) out += ", \"replicas\": " + std::to_string(replicas);
    if (replicas > 1 && random.chance(50)) out += ", \"min_zones\": 2";
    if (random.chance(5)) out += ", \"max_staleness_h\": " + std::to_string(2 + random.below(24));
    out += "}";
  }
  out += "\n],\n";

  // Flows mostly between workloads of one domain, some up to the next domain (through
  // guards and diodes), a few anywhere: the last are the likely findings.
  std::vector<std::vector<std::uint32_t>> workloads_of_domain(domains.size());
  for (std::uint32_t w = 0; w < workload_count; ++w) workloads_of_domain[workload_domain[w]].push_back(w);
  auto any_of_domain = [&](std::uint32_t domain) -> std::uint32_t {
    const auto& pool = workloads_of_domain[domain];
    return pool.empty() ? random.below(workload_count) : pool[random.below(static_cast<std::uint32_t>(pool.size()))];
  };
  out += "\"flows\": [\n";
  for (std::uint32_t f = 0; f < options.flows && workload_count > 1; ++f) {
    const std::uint32_t from = random.below(workload_count);
    const std::uint32_t domain = workload_domain[from];
    const std::uint32_t roll = random.below(100);
    std::uint32_t to = roll < 90   ? any_of_domain(domain)
                       : roll < 97 ? any_of_domain(domain < 3 ? domain + 1 : domain)
                                   : random.below(workload_count);
    if (to == from) to = (to + 1) % workload_count;
    out += f ? ",\n{\"id\": " : "{\"id\": ";
    append_id(out, "f-", f);
    out += ", \"from\": ";
    append_id(out, "w-", from);
    out += ", \"to\": ";
    append_id(out, "w-", to);
    out += ", \"data\": ";
    append_id(out, "data-", first_data[from]);
    if (random.chance(30)) out += ", \"max_latency_ms\": " + std::to_string(20 + random.below(200));
    if (random.chance(20)) out += ", \"min_bandwidth_mbps\": " + std::to_string(10 * (1 + random.below(30)));
    out += "}";
  }
  out += "\n],\n";

  // Placement: replicas on distinct nodes of the workload's domain; ~3% anywhere; ~1% unplaced.
  out += "\"placement\": {\n";
  bool first = true;
  std::vector<std::uint32_t> chosen;
  for (std::uint32_t w = 0; w < workload_count; ++w) {
    if (random.chance(1)) continue;
    const auto& pool = random.chance(3) ? nodes_of_domain[random.below(static_cast<std::uint32_t>(domains.size()))]
                                        : nodes_of_domain[workload_domain[w]];
    const std::uint32_t replicas = replica_count[w];
    chosen.clear();
    for (std::uint32_t r = 0; r < replicas; ++r) {
      const std::uint32_t node = pool[random.below(static_cast<std::uint32_t>(pool.size()))];
      if (std::find(chosen.begin(), chosen.end(), node) == chosen.end()) chosen.push_back(node);
    }
    out += first ? "" : ",\n";
    first = false;
    append_id(out, "w-", w);
    out += ": [";
    for (std::size_t r = 0; r < chosen.size(); ++r) {
      if (r) out += ", ";
      append_id(out, "node-", chosen[r]);
    }
    out += "]";
  }
  out += "\n}\n}\n";
  return out;
}

}  // namespace v1
}  // namespace clearance
