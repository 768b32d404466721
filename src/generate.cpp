#include <clearance/generate.hpp>

#include <algorithm>
#include <array>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
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

// The allies' domains (GBR, AUS, DEU): where a misplaced replica or a flow sent abroad goes.
constexpr std::uint32_t first_allied_domain = 5;
constexpr std::uint32_t allied_domain_count = 3;
constexpr std::array<const char*, 4> foreign_operators = {"GBR", "AUS", "CAN", "DEU"};

// Writes an estate as JSON, step by step in the order of the file's sections. The steps
// share one random stream, so each must make its draws in the order it always has: the
// bytes for a seed are part of the contract (same seed, same estate). The violations
// (GenerateOptions::violations_percent) draw from a second stream, only when asked for,
// and only overwrite what the first stream chose: the first stream's draws stay the same.
class EstateWriter {
 public:
  explicit EstateWriter(const GenerateOptions& options)
      : options_(options), random(options.seed), violation(options.seed ^ 0x76696F6C6174696Eull),
        node_count(options.nodes), workload_count(options.workloads),
        region_count(std::max<std::uint32_t>(node_count / 64, 1)) {}

  std::string write() {
    out.reserve(std::size_t{workload_count} * 160 + std::size_t{node_count} * 300 + std::size_t{options_.flows} * 90 +
                4096);
    out += "{\n\"clearance\": 1,\n\"name\": \"synthetic-estate\",\n";
    lay_out_sites();
    write_nodes();
    write_links();
    write_data();
    write_workloads();
    write_flows();
    write_placement();
    out += "\n}\n}\n";
    return std::move(out);
  }

 private:
  void lay_out_sites();
  void write_nodes();
  void write_links();
  void write_data();
  void write_workloads();
  void write_flows();
  void write_placement();

  std::uint32_t site_count() const { return region_count * static_cast<std::uint32_t>(domains.size()); }
  static std::uint32_t site_of(std::uint32_t region, std::uint32_t domain) {
    return region * std::uint32_t(domains.size()) + domain;
  }
  // Whether this element is made non-compliant (one draw of the violation stream, none
  // at 0%): `percent` of violations_percent of them.
  bool violates(std::uint32_t percent = 100) {
    return options_.violations_percent > 0 && violation.below(10'000) < options_.violations_percent * percent;
  }
  // A node of `domain` in `region`, else anywhere (every domain has a node).
  std::uint32_t violation_node(std::uint32_t region, std::uint32_t domain) {
    const auto& site = nodes_of_site[site_of(region, domain)];
    const auto& pool = site.empty() ? nodes_of_domain[domain] : site;
    return pool[violation.below(static_cast<std::uint32_t>(pool.size()))];
  }
  void misplace(std::uint32_t w, std::vector<std::uint32_t>& chosen, bool& unplaced);

  const GenerateOptions& options_;
  Random random;
  Random violation;
  std::string out;
  const std::uint32_t node_count;
  const std::uint32_t workload_count;
  // Regions (cloud regions, bases) of about 64 nodes each.
  const std::uint32_t region_count;
  // What the steps learn and later steps read.
  std::vector<std::pair<std::uint32_t, std::uint32_t>> placed;  // per node: (region, domain)
  std::vector<std::vector<std::uint32_t>> nodes_of_site, nodes_of_domain;
  std::vector<std::uint32_t> node_domain, node_site;
  std::vector<std::uint8_t> is_edge;
  std::vector<std::uint32_t> node_zone;
  std::vector<std::vector<std::uint32_t>> data_of_domain;
  std::vector<std::uint32_t> workload_site, first_data, replica_count;
};

void EstateWriter::lay_out_sites() {
  // Regions (cloud regions, bases) of about 64 nodes each host a site per security domain:
  // domains weighted toward U, CUI and SECRET, the first nodes covering every domain so
  // that small estates have all of them. Nodes are listed site by site, as an estate's
  // inventory is; an estate grows by adding regions, not by making each one larger.
  placed.resize(node_count);
  for (std::uint32_t n = 0; n < node_count; ++n) {
    if (n < domains.size()) {
      placed[n] = {0, n};
      continue;
    }
    // One draw per statement: the order of the draws, and so the bytes, must not depend
    // on the compiler (function arguments and operands of + are unsequenced).
    const std::uint32_t region = random.below(region_count);
    placed[n] = {region, pick_domain(random)};
  }
  std::sort(placed.begin(), placed.end());
  nodes_of_site.resize(site_count());
  nodes_of_domain.resize(domains.size());
  node_domain.resize(node_count);
  node_site.resize(node_count);
  for (std::uint32_t n = 0; n < node_count; ++n) {
    node_domain[n] = placed[n].second;
    node_site[n] = site_of(placed[n].first, placed[n].second);
    nodes_of_site[node_site[n]].push_back(n);
    nodes_of_domain[node_domain[n]].push_back(n);
  }
}

void EstateWriter::write_nodes() {
  // Nodes: 5-10% edge devices (never a site's gateway, its first node); three
  // availability zones per region.
  is_edge.resize(node_count);
  node_zone.resize(node_count);
  out += "\"nodes\": [\n";
  for (std::uint32_t n = 0; n < node_count; ++n) {
    const Domain& domain = domains[node_domain[n]];
    const bool gateway = nodes_of_site[node_site[n]].front() == n;
    const bool edge = random.below(1000) < 75 && !gateway;
    is_edge[n] = edge;
    out += n ? ",\n{\"id\": " : "{\"id\": ";
    append_id(out, "node-", n);
    if (edge) out += ", \"kind\": \"edge\"";
    out += ", \"jurisdiction\": \"";
    out += domain.country;
    // Foreign access: a US node with allied operators or tenants (1% of the rate: each
    // such node makes a finding of most data placed on it).
    if (std::string_view(domain.country) == "USA" && violates(1)) {
      out += "\", \"access\": [\"USA\", \"";
      out += foreign_operators[violation.below(static_cast<std::uint32_t>(foreign_operators.size()))];
      out += "\"]";
      out += ", \"accredited\": \"";
    } else {
      out += "\", \"accredited\": \"";
    }
    out += domain.accredited;
    out += '"';
    if (domain.impact_level[0] != '\0' && !edge) {
      out += ", \"impact_level\": \"";
      out += domain.impact_level;
      out += '"';
    }
    const std::uint32_t zone = random.below(3);
    node_zone[n] = placed[n].first * 3 + zone;
    out += ", \"zone\": \"zone-" + std::to_string(placed[n].first) + "-" + std::to_string(zone) + "\"";
    if (edge) {
      out += ", \"at_rest\": \"";
      out += random.chance(85) ? "csfc" : "fips";
      const std::uint32_t online = 4 + random.below(20);
      const std::uint32_t offline = 1 + random.below(48);
      out += "\", \"connectivity\": {\"mean_online_h\": " + std::to_string(online) +
             ", \"mean_offline_h\": " + std::to_string(offline) + "}";
    }
    if (random.chance(60)) {
      const std::uint32_t cpu = 256 + random.below(4) * 256;
      const std::uint32_t memory = 1024 + random.below(4) * 1024;
      out += ", \"capacity\": {\"cpu\": " + std::to_string(cpu) + ", \"memory_gb\": " + std::to_string(memory);
      if (random.chance(30)) out += ", \"gpu\": " + std::to_string(8 * (1 + random.below(8)));
      out += "}";
    }
    if (options_.prices) {
      // Cents per cpu, tenths of a cent per GB, a few units per gpu: spread by index.
      static const char* const gpu_prices[] = {"0.5", "0.75", "1", "1.25"};
      out += ", \"price\": {\"cpu\": 0.0" + std::to_string(1 + (n * 7919u) % 5) + ", \"gpu\": " + gpu_prices[n % 4] +
             ", \"memory_gb\": 0.00" + std::to_string(1 + n % 3) + "}";
    }
    out += "}";
  }
  out += "\n],\n";
}

void EstateWriter::write_links() {
  // Links: inside a site every node reaches the site's gateway over the regional network
  // (1-3 ms, 10-100 Gb/s; edge devices over tactical links of 10-60 ms and 50-1,000 Mb/s);
  // the gateways of one domain form a wide-area ring with chords (5-44 ms, 1-10 Gb/s); in
  // each region, guards join the sites of adjacent levels and the SECRET site to the
  // allies' sites, and some regions have a diode from CUI to SECRET (cross-domain
  // solutions add 5-24 ms of inspection).
  out += "\"links\": [\n";
  std::uint32_t link_count = 0;
  // A link whose latency is drawn from [latency_from, latency_from + latency_span) ms and
  // whose bandwidth is a multiple 1..steps of `unit` Mb/s, drawn in that order.
  auto link = [&](std::uint32_t from, std::uint32_t to, std::uint32_t latency_from, std::uint32_t latency_span,
                  std::uint32_t unit, std::uint32_t steps, const std::string& extra) {
    const std::uint32_t latency_ms = latency_from + random.below(latency_span);
    const std::uint32_t bandwidth_mbps = unit * (1 + random.below(steps));
    out += link_count ? ",\n{\"id\": " : "{\"id\": ";
    append_id(out, "link-", link_count++);
    out += ", \"from\": ";
    append_id(out, "node-", from);
    out += ", \"to\": ";
    append_id(out, "node-", to);
    out += ", \"latency_ms\": " + std::to_string(latency_ms);
    out += ", \"bandwidth_mbps\": " + std::to_string(bandwidth_mbps);
    out += extra;
    out += "}";
  };
  auto cross_domain = [&](std::uint32_t from, std::uint32_t to, const std::string& extra) {
    link(from, to, 5, 20, 100, 100, extra);
  };
  for (const auto& members : nodes_of_site)
    for (std::size_t i = 1; i < members.size(); ++i) {
      if (is_edge[members[i]])
        link(members[0], members[i], 10, 51, 50, 20, "");
      else
        link(members[0], members[i], 1, 3, 10000, 10, "");
    }
  for (std::uint32_t d = 0; d < domains.size(); ++d) {
    std::vector<std::uint32_t> gateways;
    for (std::uint32_t r = 0; r < region_count; ++r)
      if (!nodes_of_site[site_of(r, d)].empty()) gateways.push_back(nodes_of_site[site_of(r, d)].front());
    const auto size = static_cast<std::uint32_t>(gateways.size());
    for (std::uint32_t i = 0; i + 1 < size; ++i) {
      link(gateways[i], gateways[i + 1], 5, 40, 1000, 10, "");
      if (size > 4) {
        // A chord to a gateway 2..size-2 places further on: never the gateway itself.
        const std::uint32_t chord = (i + 2 + random.below(size - 3)) % size;
        link(gateways[i], gateways[chord], 5, 40, 1000, 10, "");
      }
    }
  }
  for (std::uint32_t r = 0; r < region_count; ++r) {
    auto gateway = [&](std::uint32_t d) -> std::int64_t {
      const auto& members = nodes_of_site[site_of(r, d)];
      return members.empty() ? -1 : std::int64_t(members.front());
    };
    for (std::uint32_t low = 0; low < 3; ++low)  // U, CUI or SECRET side
      if (gateway(low) >= 0 && gateway(low + 1) >= 0)
        cross_domain(std::uint32_t(gateway(low)), std::uint32_t(gateway(low + 1)),
                     ", \"kind\": \"guard\", \"releases\": [{\"from\": \"" + std::string(domains[low + 1].level) +
                         "\", \"to\": \"" + std::string(domains[low].level) + "\"}]");
    for (std::uint32_t d = 5; d < domains.size(); ++d)
      if (gateway(2) >= 0 && gateway(d) >= 0)
        cross_domain(std::uint32_t(gateway(2)), std::uint32_t(gateway(d)),
                     ", \"kind\": \"guard\", \"releases\": [{\"from\": \"SECRET\", \"to\": \"SECRET//REL TO USA, " +
                         std::string(domains[d].country) + "\"}]");
    if (gateway(1) >= 0 && gateway(2) >= 0 && random.chance(30))
      cross_domain(std::uint32_t(gateway(1)), std::uint32_t(gateway(2)), ", \"kind\": \"diode\"");
  }
  out += "\n],\n";
}

void EstateWriter::write_data() {
  // Data: markings drawn per domain, about one data asset per 20 workloads.
  const std::uint32_t data_count = std::max<std::uint32_t>(workload_count / 20, 64);
  data_of_domain.resize(domains.size());
  out += "\"data\": [\n";
  for (std::uint32_t d = 0; d < data_count; ++d) {
    const std::uint32_t domain = d < domains.size() ? d : pick_domain(random);
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
}

void EstateWriter::write_workloads() {
  // Workloads belong to a system hosted at one site (a site drawn by its nodes): they use
  // data of the site's domain and are mostly placed on its nodes.
  workload_site.resize(workload_count);
  first_data.resize(workload_count);
  replica_count.resize(workload_count);
  out += "\"workloads\": [\n";
  for (std::uint32_t w = 0; w < workload_count; ++w) {
    const std::uint32_t site = node_site[random.below(node_count)];
    workload_site[w] = site;
    const auto& pool = data_of_domain[site % domains.size()];
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
    const std::uint32_t cpu = 1 + random.below(8);
    const std::uint32_t memory = 2 * (1 + random.below(16));
    out += "], \"resources\": {\"cpu\": " + std::to_string(cpu) + ", \"memory_gb\": " + std::to_string(memory) + "}";
    const std::uint32_t replicas = 1 + random.below(3);
    replica_count[w] = replicas;
    if (replicas > 1) out += ", \"replicas\": " + std::to_string(replicas);
    if (replicas > 1 && random.chance(50)) out += ", \"min_zones\": 2";
    if (random.chance(5)) out += ", \"max_staleness_h\": " + std::to_string(2 + random.below(24));
    out += "}";
  }
  out += "\n],\n";
}

void EstateWriter::write_flows() {
  // Flows mostly between workloads of one site (the parts of a system), some to the site
  // of the next level up in the same region (through its guard or diode), a few anywhere
  // (cross_estate_percent): the last are the likely findings, and their searches cross
  // the wide-area network.
  std::vector<std::vector<std::uint32_t>> workloads_of_site(site_count());
  for (std::uint32_t w = 0; w < workload_count; ++w) workloads_of_site[workload_site[w]].push_back(w);
  auto any_of_site = [&](std::uint32_t site) -> std::uint32_t {
    const auto& pool = workloads_of_site[site];
    return pool.empty() ? random.below(workload_count) : pool[random.below(static_cast<std::uint32_t>(pool.size()))];
  };
  // Violations: a flow of compartmented data from a TOP SECRET enclave to a SECRET,
  // unclassified or allied enclave of any region, which no route may reach with the
  // data's label (guards release levels, never compartments); or one asking for 1 ms, or
  // for more bandwidth than any link has.
  std::vector<std::vector<std::uint32_t>> workloads_of_domain(options_.violations_percent > 0 ? domains.size() : 0);
  for (std::uint32_t w = 0; w < workload_count && options_.violations_percent > 0; ++w)
    workloads_of_domain[workload_site[w] % domains.size()].push_back(w);
  constexpr std::uint32_t none = 0xFFFFFFFFu;
  out += "\"flows\": [\n";
  for (std::uint32_t f = 0; f < options_.flows && workload_count > 1; ++f) {
    std::uint32_t from = random.below(workload_count);
    const std::uint32_t site = workload_site[from];
    const std::uint32_t domain = site % domains.size();
    const std::uint32_t roll = random.below(100);
    std::uint32_t to = roll < 90   ? any_of_site(site)
                       : roll < 100 - options_.cross_estate_percent ? any_of_site(domain < 3 ? site + 1 : site)
                                   : random.below(workload_count);
    if (to == from) to = (to + 1) % workload_count;
    std::uint32_t max_latency = none, min_bandwidth = none;
    if (random.chance(30)) max_latency = 20 + random.below(200);
    if (random.chance(20)) min_bandwidth = 10 * (1 + random.below(30));
    if (violates(35)) {
      const std::uint32_t kind = violation.below(100);
      if (kind < 88) {
        const auto& sources = workloads_of_domain[violation.below(5) < 4 ? 3 : 4];
        const std::uint32_t down = std::array<std::uint32_t, 5>{0, 2, 5, 6, 7}[violation.below(5)];
        const std::uint32_t target = site_of(violation.below(region_count), down);
        const auto& pool = workloads_of_site[target].empty() ? workloads_of_domain[down] : workloads_of_site[target];
        if (!sources.empty() && !pool.empty()) {
          from = sources[violation.below(static_cast<std::uint32_t>(sources.size()))];
          to = pool[violation.below(static_cast<std::uint32_t>(pool.size()))];
        }
      } else if (kind < 95) {
        max_latency = 1;
      } else {
        min_bandwidth = 200'000;
      }
    }
    out += f ? ",\n{\"id\": " : "{\"id\": ";
    append_id(out, "f-", f);
    out += ", \"from\": ";
    append_id(out, "w-", from);
    out += ", \"to\": ";
    append_id(out, "w-", to);
    out += ", \"data\": ";
    append_id(out, "data-", first_data[from]);
    if (max_latency != none) out += ", \"max_latency_ms\": " + std::to_string(max_latency);
    if (min_bandwidth != none) out += ", \"min_bandwidth_mbps\": " + std::to_string(min_bandwidth);
    out += "}";
  }
  out += "\n],\n";
}

// A workload made non-compliant after the scheduler's choice: a replica of a CUI or SECRET
// system moved to an allied enclave (placement.release for what is not releasable to it,
// with .impact-level and .residency where the data asks for them), one replica left out
// (availability.replicas), or the workload left unplaced (placement.missing).
void EstateWriter::misplace(std::uint32_t w, std::vector<std::uint32_t>& chosen, bool& unplaced) {
  const std::uint32_t kind = violation.below(100);
  const std::uint32_t region = workload_site[w] / static_cast<std::uint32_t>(domains.size());
  const std::uint32_t domain = workload_site[w] % static_cast<std::uint32_t>(domains.size());
  if (kind >= 92) {
    unplaced = true;
    return;
  }
  if (kind >= 84 && chosen.size() > 1) {
    chosen.pop_back();
    return;
  }
  if (chosen.empty() || (domain != 1 && domain != 2)) return;
  const std::uint32_t node = violation_node(region, first_allied_domain + violation.below(allied_domain_count));
  std::uint32_t& replaced = chosen[violation.below(static_cast<std::uint32_t>(chosen.size()))];
  if (std::find(chosen.begin(), chosen.end(), node) == chosen.end()) replaced = node;
}

void EstateWriter::write_placement() {
  // Placement: replicas on distinct nodes of the workload's site, spread over zones as a
  // scheduler would (a few tries each); ~3% in the wrong enclave of the region; ~1%
  // unplaced.
  out += "\"placement\": {\n";
  bool first = true;
  std::vector<std::uint32_t> chosen;
  constexpr std::uint32_t none_chosen = 0xFFFFFFFFu;
  for (std::uint32_t w = 0; w < workload_count; ++w) {
    if (random.chance(1)) continue;
    const std::vector<std::uint32_t>* pool = &nodes_of_site[workload_site[w]];
    if (random.chance(3)) {
      // The wrong enclave: the site of a domain drawn at random in the same region (any
      // node of that domain where the region has none).
      const std::uint32_t domain = random.below(static_cast<std::uint32_t>(domains.size()));
      const std::uint32_t region = workload_site[w] / static_cast<std::uint32_t>(domains.size());
      pool = nodes_of_site[site_of(region, domain)].empty() ? &nodes_of_domain[domain]
                                                            : &nodes_of_site[site_of(region, domain)];
    }
    const std::uint32_t replicas = replica_count[w];
    chosen.clear();
    for (std::uint32_t r = 0; r < replicas; ++r) {
      std::uint32_t pick = none_chosen;
      for (std::uint32_t attempt = 0; attempt < 4; ++attempt) {
        const std::uint32_t node = (*pool)[random.below(static_cast<std::uint32_t>(pool->size()))];
        if (std::find(chosen.begin(), chosen.end(), node) != chosen.end()) continue;
        pick = node;
        const bool new_zone = std::none_of(chosen.begin(), chosen.end(),
                                           [&](std::uint32_t c) { return node_zone[c] == node_zone[node]; });
        if (new_zone) break;
      }
      if (pick != none_chosen) chosen.push_back(pick);
    }
    bool unplaced = false;
    if (violates(50)) misplace(w, chosen, unplaced);
    if (unplaced) continue;
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
}

}  // namespace

std::string generate_estate(const GenerateOptions& options) {
  auto check = [](const char* name, std::uint64_t value, std::uint64_t least, std::uint64_t most) {
    if (value < least || value > most)
      throw std::invalid_argument(std::string(name) + " is " + std::to_string(value) + "; it must be " +
                                  std::to_string(least) + "-" + std::to_string(most));
  };
  check("nodes", options.nodes, GenerateOptions::min_nodes, GenerateOptions::max_nodes);
  check("workloads", options.workloads, 0, GenerateOptions::max_workloads);
  check("flows", options.flows, 0, GenerateOptions::max_flows);
  check("cross_estate_percent", options.cross_estate_percent, 0, 10);
  check("violations_percent", options.violations_percent, 0, 100);
  return EstateWriter(options).write();
}

}  // namespace v1
}  // namespace clearance
