// The placement solver (spec place-v1). What a node may host comes from the checker's own
// predicates (check_predicates.hpp), what a flow needs from the flow engine's product
// graphs (flow_space.hpp, least_latency), so `place` and `check` cannot disagree. The
// search: greedy constructions in a few orders (scarcest and smallest first, cheapest
// eligible set, Tetris alignment of demand and free capacity to break ties), then local
// search (re-placing a workload on its cheapest set, inserting, ejection chains), and on
// small instances an exact branch and bound that proves optimality. The lower bound is
// each workload's cheapest eligible set, summed over as many workloads as are placed.
#include <clearance/place.hpp>

#include <clearance/check.hpp>
#include <clearance/error.hpp>
#include <clearance/finding.hpp>
#include <clearance/terminal_text.hpp>

#include "check_predicates.hpp"
#include "grouping.hpp"
#include "place_flows.hpp"
#include "text.hpp"

#include <algorithm>
#include <ctime>
#include <chrono>
#include <map>
#include <cmath>
#include <memory>
#include <numeric>
#include <tuple>
#include <unordered_map>
#include <utility>

namespace clearance {
inline namespace v1 {

std::string_view to_string(PlaceMode mode) { return mode == PlaceMode::fill ? "fill" : "replan"; }

bool parse_place_mode(std::string_view text, PlaceMode& out) {
  if (text == "fill") out = PlaceMode::fill;
  else if (text == "replan") out = PlaceMode::replan;
  else return false;
  return true;
}

namespace {

using detail::format_number;
using detail::quoted;
using Clock = std::chrono::steady_clock;
constexpr std::uint32_t nothing = 0xFFFFFFFFu;

// The first per-node rule of spec §4 that a bit of detail::hosting_failures (and bit 6 for
// edge.staleness) stands for: bit i is RuleId(1 + i), in the order of the rule table.
constexpr std::uint8_t staleness_bit = 1u << 6;
RuleId first_rule(std::uint8_t failures) {
  unsigned bit = 0;
  while (!((failures >> bit) & 1u)) ++bit;
  return static_cast<RuleId>(1 + bit);
}

bool nearly_less(double a, double b) { return a < b - 1e-9 * std::max(1.0, std::fabs(b)); }

class Solver {
 public:
  Solver(const Model& model, const Placement& current, const PlaceOptions& options, Clock::time_point start)
      : start_(start), model_(model), current_(current), options_(options), workloads_(model.workloads()),
        node_count_(model.nodes().size()), resource_count_(model.resource_names().size()), flows_(model) {
    deadline_ = start_ + std::chrono::duration_cast<Clock::duration>(
                             std::chrono::duration<double>(std::max(0.0, options.time_limit_s)));
    search_deadline_ = deadline_;
    tabulate_nodes();
    tabulate_eligibility();
    for (FlowIndex f = 0; f < model.flows().size(); ++f) {
      const Flow& flow = model.flows()[f];
      if (flow.from == flow.to) continue;  // a ∈ P(B) for every a: always compatible
      out_flows_[flow.from].push_back(f);
      in_flows_[flow.to].push_back(f);
    }
    assigned_.assign(workloads_.size(), {});
    used_.assign(node_count_ * resource_count_, 0.0);
    kept_.assign(workloads_.size(), 0);
  }

  PlaceResult run();

 private:
  using Set = std::vector<NodeIndex>;

  void tabulate_nodes();
  void tabulate_eligibility();
  std::uint8_t node_failures(WorkloadIndex w, NodeIndex n) const;
  const std::vector<NodeIndex>& eligible(WorkloadIndex w) const { return group_nodes_[group_of_[w]]; }
  bool is_eligible(WorkloadIndex w, NodeIndex n) const {
    return (group_bits_[group_of_[w] * node_words_ + n / 64] >> (n % 64)) & 1u;
  }
  const std::vector<NodeIndex>& cost_order(WorkloadIndex w) const;

  double cost(WorkloadIndex w, NodeIndex n) const {
    double sum = 0;
    for (const ResourceAmount& amount : workloads_[w].resources)
      sum += amount.amount * price_[n * resource_count_ + amount.resource];
    return sum;
  }
  double set_cost(WorkloadIndex w, const Set& set) const {
    double sum = 0;
    for (NodeIndex n : set) sum += cost(w, n);
    return sum;
  }
  bool was_on(WorkloadIndex w, NodeIndex n) const { return detail::contains_node(current_.nodes_of(w), n); }
  // Tetris alignment: demand against free capacity, each relative to the capacity.
  double alignment(WorkloadIndex w, NodeIndex n) const {
    if (!limited_[n]) return 0;
    double sum = 0;
    for (const ResourceAmount& amount : workloads_[w].resources) {
      const double have = capacity_[n * resource_count_ + amount.resource];
      if (have <= 0) continue;
      sum += (amount.amount / have) * ((have - used_[n * resource_count_ + amount.resource]) / have);
    }
    return sum;
  }
  bool has_room(WorkloadIndex w, NodeIndex n) const {
    if (!limited_[n]) return true;
    for (const ResourceAmount& amount : workloads_[w].resources) {
      if (amount.amount <= 0) continue;  // adds nothing: the node stays as it is
      const std::size_t i = n * resource_count_ + amount.resource;
      if (detail::exceeds_capacity(used_[i] + amount.amount, capacity_[i])) return false;
    }
    return true;
  }
  // Resource of w that does not fit on n beside what is placed, or nothing.
  ResourceIndex full_resource(WorkloadIndex w, NodeIndex n) const {
    if (!limited_[n]) return nothing;
    for (const ResourceAmount& amount : workloads_[w].resources) {
      if (amount.amount <= 0) continue;
      const std::size_t i = n * resource_count_ + amount.resource;
      if (detail::exceeds_capacity(used_[i] + amount.amount, capacity_[i])) return amount.resource;
    }
    return nothing;
  }
  // As a source: every flow out of w to a placed workload has a compatible pair from n.
  bool source_fits(WorkloadIndex w, NodeIndex a) {
    for (FlowIndex f : out_flows_[w]) {
      const Set& targets = assigned_[model_.flows()[f].to];
      if (!targets.empty() && !flows_.reaches(f, a, Span<NodeIndex>(targets.data(), targets.size()))) return false;
    }
    return true;
  }
  // Per node, whether it meets flow f as a source beside its placed target (reaches() for
  // every node at once): a search back from the target's nodes, kept until the target moves.
  const std::vector<char>& sources_fitting(FlowIndex f) {
    const WorkloadIndex to = model_.flows()[f].to;
    auto kept = fits_cache_.find(f);
    if (kept != fits_cache_.end() && kept->second.version == version_[to]) return kept->second.fits;
    if (kept == fits_cache_.end() && fits_cache_.size() >= 20000) fits_cache_.clear();  // at most 20,000 rows of node bytes
    FitsEntry& entry = fits_cache_[f];
    entry.version = version_[to];
    flows_.sources_reaching(f, Span<NodeIndex>(assigned_[to].data(), assigned_[to].size()), entry.fits);
    return entry.fits;
  }
  // As a target: every source node of a placed workload flowing into w reaches the set.
  bool targets_fit(WorkloadIndex w, const Set& set) {
    for (FlowIndex f : in_flows_[w]) {
      for (NodeIndex a : assigned_[model_.flows()[f].from])
        if (!flows_.reaches(f, a, Span<NodeIndex>(set.data(), set.size()))) return false;
    }
    return true;
  }
  std::uint32_t zone_count(const Set& set) const {
    std::uint32_t count = 0;
    for (std::size_t i = 0; i < set.size(); ++i) {
      bool seen = false;
      for (std::size_t k = 0; k < i && !seen; ++k) seen = zone_[set[k]] == zone_[set[i]];
      count += !seen;
    }
    return count;
  }

  void assign(WorkloadIndex w, Set set) {
    for (NodeIndex n : set)
      if (limited_[n])
        for (const ResourceAmount& amount : workloads_[w].resources)
          used_[n * resource_count_ + amount.resource] += amount.amount;
    cost_ += set_cost(w, set);
    placed_ += !set.empty();
    assigned_[w] = std::move(set);
    ++version_[w];
  }
  Set unassign(WorkloadIndex w) {
    Set set = std::move(assigned_[w]);
    assigned_[w].clear();
    for (NodeIndex n : set)
      if (limited_[n])
        for (const ResourceAmount& amount : workloads_[w].resources)
          used_[n * resource_count_ + amount.resource] -= amount.amount;
    cost_ -= set_cost(w, set);
    placed_ -= !set.empty();
    ++version_[w];
    removals_ += !set.empty();
    return set;
  }

  std::optional<Set> best_set(WorkloadIndex w, std::size_t exhaustive_limit);
  std::optional<Set> greedy_set(WorkloadIndex w, const std::vector<NodeIndex>& candidates);
  std::optional<Set> exact_set(WorkloadIndex w);
  bool completes(WorkloadIndex w, const Set& set) {
    return set.size() == workloads_[w].replicas && zone_count(set) >= workloads_[w].min_zones && targets_fit(w, set);
  }

  void construct();
  std::vector<std::uint32_t> flow_heights() const;
  void improve();
  void branch_and_bound();
  void settle_capacity();
  double cheapest_set_cost(WorkloadIndex w) const;
  const std::vector<double>& lowest_prices(std::uint32_t group) const;
  UnplacedWorkload explain_unplaced(WorkloadIndex w);
  // The improvement and the exact search stop here, leaving time for the final pass and
  // the explanations (see run()).
  bool out_of_search_time() const { return Clock::now() >= search_deadline_; }

  const Clock::time_point start_;
  const Model& model_;
  const Placement& current_;
  const PlaceOptions& options_;
  const std::vector<Workload>& workloads_;
  const std::size_t node_count_, resource_count_;
  detail::PlaceFlows flows_;
  Clock::time_point deadline_, search_deadline_;

  std::vector<double> capacity_, price_;  // node × resource; capacity infinity when unlimited
  std::vector<char> limited_;
  std::vector<ZoneIndex> zone_;
  std::size_t zone_count_ = 0;
  // Data that the placement rules cannot tell apart share a class; failures_ holds each
  // (class, node)'s hosting_failures bits.
  std::vector<std::uint32_t> data_class_;
  std::vector<std::uint8_t> failures_;
  std::vector<std::uint32_t> group_of_;  // workload -> its group of equal eligibility
  std::vector<std::vector<NodeIndex>> group_nodes_;
  std::vector<std::uint64_t> group_bits_;  // per group, a row of node bits: eligible
  std::size_t node_words_ = 0;
  // Workloads that ask the same resources share a demand profile; each profile's nodes
  // sorted by what one replica costs there (ties by index), built when first asked, so
  // that a workload's cheapest eligible nodes are a walk down one list, not a sort.
  std::vector<std::uint32_t> profile_of_;
  std::vector<WorkloadIndex> profile_workload_;
  mutable std::vector<std::vector<NodeIndex>> cost_order_;
  mutable std::vector<std::vector<double>> lowest_prices_;  // per group, built when first asked
  std::uint32_t max_replicas_ = 1;
  std::vector<std::vector<FlowIndex>> out_flows_{workloads_.size()}, in_flows_{workloads_.size()};

  std::vector<Set> assigned_;
  std::vector<double> used_;
  std::vector<char> kept_;
  double cost_ = 0;
  std::size_t placed_ = 0;
  bool proven_ = false;
  std::size_t undecided_ = 0;  // exact_set() calls that ran out of steps
  std::vector<std::uint64_t> version_ = std::vector<std::uint64_t>(workloads_.size(), 0);  // per workload: moves so far
  struct FitsEntry {
    std::uint64_t version;  // of the flow's target when computed
    std::vector<char> fits;
  };
  std::unordered_map<FlowIndex, FitsEntry> fits_cache_;
  const std::vector<char> reaching_;  // empty: stands for no answers where none are read
  // exact_set()'s verdicts: placing a workload only takes room and adds flow ends, so a
  // workload that fits nowhere still fits nowhere until a workload is taken out.
  std::uint64_t removals_ = 0;
  std::vector<std::uint64_t> unfit_since_ = std::vector<std::uint64_t>(workloads_.size(), ~std::uint64_t{0});
};

void Solver::tabulate_nodes() {
  const auto& nodes = model_.nodes();
  capacity_.assign(node_count_ * resource_count_, detail::infinity);
  price_.assign(node_count_ * resource_count_, 0.0);
  limited_.assign(node_count_, 0);
  zone_.resize(node_count_);
  for (NodeIndex n = 0; n < node_count_; ++n) {
    zone_[n] = nodes[n].zone;
    zone_count_ = std::max<std::size_t>(zone_count_, nodes[n].zone + 1);
    if (nodes[n].has_capacity) {
      limited_[n] = 1;
      std::fill_n(capacity_.begin() + std::ptrdiff_t(n * resource_count_), resource_count_, 0.0);
      for (const ResourceAmount& amount : nodes[n].capacity) capacity_[n * resource_count_ + amount.resource] = amount.amount;
    }
    for (const ResourceAmount& amount : nodes[n].price) price_[n * resource_count_ + amount.resource] = amount.amount;
  }
}

void Solver::tabulate_eligibility() {
  static const CountrySet no_residency;
  const auto& data = model_.data();
  const detail::Grouping classes = detail::group_by_key(static_cast<std::uint32_t>(data.size()), [&](DataIndex d) {
    const Data& x = data[d];
    return std::make_tuple(x.label.level, x.label.compartments.words(), x.label.releasable.words(), x.has_residency,
                           x.has_residency ? x.residency.words() : no_residency.words(), x.impact_level);
  });
  data_class_ = classes.class_of;
  failures_.assign(classes.representative.size() * node_count_, 0);
  for (std::size_t c = 0; c < classes.representative.size(); ++c)
    for (NodeIndex n = 0; n < node_count_; ++n)
      failures_[c * node_count_ + n] =
          detail::hosting_failures(model_.scheme(), model_.nodes()[n], data[classes.representative[c]]);

  // Workloads with the same data classes and tolerance are eligible for the same nodes.
  std::vector<std::vector<std::uint32_t>> keys(workloads_.size());
  for (WorkloadIndex w = 0; w < workloads_.size(); ++w) {
    for (DataIndex d : workloads_[w].uses) keys[w].push_back(data_class_[d]);
    std::sort(keys[w].begin(), keys[w].end());
    keys[w].erase(std::unique(keys[w].begin(), keys[w].end()), keys[w].end());
  }
  // (Sorted by reference: a key built per comparison would copy the vectors.)
  auto tolerance = [&](WorkloadIndex w) { return workloads_[w].max_staleness_h ? *workloads_[w].max_staleness_h : -1.0; };
  auto before = [&](WorkloadIndex a, WorkloadIndex b) {
    if (keys[a] != keys[b]) return keys[a] < keys[b];
    return tolerance(a) < tolerance(b);
  };
  std::vector<WorkloadIndex> order(workloads_.size());
  std::iota(order.begin(), order.end(), WorkloadIndex{0});
  std::sort(order.begin(), order.end(), before);
  group_of_.assign(workloads_.size(), 0);
  std::vector<WorkloadIndex> representative;
  for (std::size_t i = 0; i < order.size(); ++i) {
    if (i == 0 || before(order[i - 1], order[i])) representative.push_back(order[i]);
    group_of_[order[i]] = static_cast<std::uint32_t>(representative.size() - 1);
  }
  group_nodes_.resize(representative.size());
  lowest_prices_.resize(representative.size());
  for (const Workload& workload : workloads_) max_replicas_ = std::max(max_replicas_, workload.replicas);
  node_words_ = (node_count_ + 63) / 64;
  group_bits_.assign(representative.size() * node_words_, 0);
  for (std::size_t g = 0; g < representative.size(); ++g)
    for (NodeIndex n = 0; n < node_count_; ++n)
      if (node_failures(representative[g], n) == 0) {
        group_nodes_[g].push_back(n);
        group_bits_[g * node_words_ + n / 64] |= std::uint64_t{1} << (n % 64);
      }

  std::map<std::vector<std::pair<ResourceIndex, double>>, std::uint32_t> profiles;
  profile_of_.resize(workloads_.size());
  std::vector<std::pair<ResourceIndex, double>> demand;
  for (WorkloadIndex w = 0; w < workloads_.size(); ++w) {
    demand.clear();
    for (const ResourceAmount& amount : workloads_[w].resources) demand.emplace_back(amount.resource, amount.amount);
    std::sort(demand.begin(), demand.end());
    auto [it, fresh] = profiles.emplace(demand, static_cast<std::uint32_t>(profile_workload_.size()));
    if (fresh) profile_workload_.push_back(w);
    profile_of_[w] = it->second;
  }
  cost_order_.resize(profile_workload_.size());
}

const std::vector<NodeIndex>& Solver::cost_order(WorkloadIndex w) const {
  std::vector<NodeIndex>& order = cost_order_[profile_of_[w]];
  if (order.empty()) {
    const WorkloadIndex like = profile_workload_[profile_of_[w]];
    std::vector<std::pair<double, NodeIndex>> by_cost(node_count_);
    for (NodeIndex n = 0; n < node_count_; ++n) by_cost[n] = {cost(like, n), n};
    std::sort(by_cost.begin(), by_cost.end());
    order.reserve(node_count_);
    for (const auto& entry : by_cost) order.push_back(entry.second);
  }
  return order;
}

std::uint8_t Solver::node_failures(WorkloadIndex w, NodeIndex n) const {
  std::uint8_t failures = 0;
  for (DataIndex d : workloads_[w].uses) failures |= failures_[data_class_[d] * node_count_ + n];
  if (detail::is_too_stale(model_.nodes()[n], workloads_[w])) failures |= staleness_bit;
  return failures;
}

double Solver::cheapest_set_cost(WorkloadIndex w) const {
  const auto& nodes = eligible(w);
  const std::uint32_t replicas = workloads_[w].replicas;
  if (nodes.size() < replicas) return detail::infinity;
  if (workloads_.size() * node_count_ > 10'000'000) {
    // Large estates: per resource, the `replicas` lowest prices among the eligible nodes
    // (a sum of minimums is at most the minimum of the sums), from a table per group.
    const std::vector<double>& lowest = lowest_prices(group_of_[w]);
    double sum = 0;
    for (const ResourceAmount& amount : workloads_[w].resources)
      sum += amount.amount * lowest[amount.resource * (max_replicas_ + 1) + replicas];
    return sum;
  }
  std::vector<double> costs;
  costs.reserve(nodes.size());
  for (NodeIndex n : nodes) costs.push_back(cost(w, n));
  std::nth_element(costs.begin(), costs.begin() + (replicas - 1), costs.end());
  return std::accumulate(costs.begin(), costs.begin() + replicas, 0.0);
}

// Per resource r and k <= the most replicas any workload asks: the sum of the k lowest
// prices of r among the group's eligible nodes, at [r * (max_replicas_ + 1) + k].
const std::vector<double>& Solver::lowest_prices(std::uint32_t group) const {
  std::vector<double>& table = lowest_prices_[group];
  if (!table.empty()) return table;
  table.assign(resource_count_ * (max_replicas_ + 1), 0.0);
  std::vector<double> prices;
  for (std::size_t r = 0; r < resource_count_; ++r) {
    prices.clear();
    for (NodeIndex n : group_nodes_[group]) prices.push_back(price_[n * resource_count_ + r]);
    const std::size_t k = std::min<std::size_t>(prices.size(), max_replicas_);
    std::partial_sort(prices.begin(), prices.begin() + std::ptrdiff_t(k), prices.end());
    for (std::size_t i = 0; i < k; ++i) table[r * (max_replicas_ + 1) + i + 1] = table[r * (max_replicas_ + 1) + i] + prices[i];
  }
  return table;
}

// Greedy: cover every source node of the flows into w first (the cheapest candidate
// reaching each), then the cheapest candidates, keeping enough slots for the zones still
// missing.
std::optional<Solver::Set> Solver::greedy_set(WorkloadIndex w, const std::vector<NodeIndex>& candidates) {
  const Workload& workload = workloads_[w];
  Set set;
  for (FlowIndex f : in_flows_[w]) {
    for (NodeIndex a : assigned_[model_.flows()[f].from]) {
      bool reached = flows_.reaches(f, a, Span<NodeIndex>(set.data(), set.size()));
      if (reached) continue;
      // A few probes only: a probe that fails may search a whole component.
      std::size_t probes = 0;
      for (NodeIndex b : candidates) {
        if (++probes > 32) break;
        if (detail::contains_node(Span<NodeIndex>(set.data(), set.size()), b)) continue;
        if (flows_.compatible(f, a, b) && source_fits(w, b)) {
          set.push_back(b);
          reached = true;
          break;
        }
      }
      if (!reached || set.size() > workload.replicas) return std::nullopt;
    }
  }
  std::size_t misses = 0;
  for (NodeIndex n : candidates) {
    if (set.size() == workload.replicas) break;
    if (detail::contains_node(Span<NodeIndex>(set.data(), set.size()), n)) continue;
    const std::uint32_t zones = zone_count(set);
    bool new_zone = true;
    for (NodeIndex m : set) new_zone = new_zone && zone_[m] != zone_[n];
    const std::uint32_t missing = workload.min_zones > zones ? workload.min_zones - zones : 0;
    const std::size_t slots = workload.replicas - set.size();
    if (!new_zone && missing >= slots) continue;
    if (!source_fits(w, n)) {  // asked only of the nodes the greedy reaches
      if (++misses > 64) return std::nullopt;  // a failed search may cost a whole component
      continue;
    }
    set.push_back(n);
  }
  if (!completes(w, set)) return std::nullopt;
  return set;
}

// The cheapest set of nodes w may take beside what is placed: every combination of the
// candidates when there are at most `exhaustive_limit` (cheapest first, pruned by cost),
// else the greedy one.
std::optional<Solver::Set> Solver::best_set(WorkloadIndex w, std::size_t exhaustive_limit) {
  const Workload& workload = workloads_[w];
  const std::vector<NodeIndex>& nodes = eligible(w);
  if (nodes.size() < workload.replicas) return std::nullopt;
  // How many combinations there are, capped just above the limit.
  double combinations = 1;
  for (std::uint32_t k = 0; k < workload.replicas && combinations <= double(exhaustive_limit); ++k)
    combinations = combinations * double(nodes.size() - k) / double(k + 1);
  std::vector<NodeIndex> candidates;
  std::vector<std::tuple<double, bool, double, NodeIndex>> ranked;
  if (combinations > double(exhaustive_limit)) {
    // Large instances: by cost alone, the cheapest few with room ranked in full (staying
    // put, then alignment, break ties), greedily; when those do not do, exact_set().
    const std::vector<NodeIndex>& order = cost_order(w);
    std::vector<NodeIndex> cheapest;  // w's eligible nodes in cost order, as far as walked
    std::size_t walked = 0;
    auto walk_to = [&](std::size_t count) {
      while (cheapest.size() < count && walked < order.size()) {
        const NodeIndex n = order[walked++];
        if (is_eligible(w, n)) cheapest.push_back(n);
      }
    };
    const std::size_t head = std::min<std::size_t>(nodes.size(), 8 + 4 * std::size_t(workload.replicas));
    walk_to(head);
    for (std::size_t i = 0; i < head; ++i) {
      const NodeIndex n = cheapest[i];
      if (has_room(w, n)) ranked.emplace_back(cost(w, n), !was_on(w, n), -alignment(w, n), n);
    }
    std::sort(ranked.begin(), ranked.end());
    for (const auto& entry : ranked) candidates.push_back(std::get<3>(entry));
    if (candidates.size() >= workload.replicas)
      if (auto set = greedy_set(w, candidates)) return set;
    // The cheapest few do not do: whether any set does, by the complete search.
    return exact_set(w);
  }
  for (NodeIndex n : nodes)
    if (has_room(w, n)) ranked.emplace_back(cost(w, n), !was_on(w, n), -alignment(w, n), n);
  if (ranked.size() < workload.replicas) return std::nullopt;
  std::sort(ranked.begin(), ranked.end());
  candidates.clear();
  std::vector<double> costs;  // candidates[i]'s, ascending
  for (const auto& entry : ranked) {
    if (!source_fits(w, std::get<3>(entry))) continue;
    candidates.push_back(std::get<3>(entry));
    costs.push_back(std::get<0>(entry));
  }
  if (candidates.size() < workload.replicas) return std::nullopt;

  std::optional<Set> best;
  double best_cost = detail::infinity;
  std::size_t best_moves = 0;
  Set set;
  // Depth-first over combinations in cost order; the cheapest way to finish from index i
  // with k more nodes is costs[i .. i+k) (sorted).
  auto search = [&](auto& self, std::size_t from, double partial) -> void {
    const std::size_t need = workload.replicas - set.size();
    if (need == 0) {
      std::size_t moves = 0;
      for (NodeIndex n : current_.nodes_of(w)) moves += !detail::contains_node(Span<NodeIndex>(set.data(), set.size()), n);
      if (nearly_less(partial, best_cost) || (!nearly_less(best_cost, partial) && moves < best_moves)) {
        if (completes(w, set)) {
          best = set;
          best_cost = partial;
          best_moves = moves;
        }
      }
      return;
    }
    for (std::size_t i = from; i + need <= candidates.size(); ++i) {
      double bound = partial;
      for (std::size_t k = 0; k < need; ++k) bound += costs[i + k];
      if (nearly_less(best_cost, bound)) return;  // later i only cost more
      set.push_back(candidates[i]);
      self(self, i + 1, partial + costs[i]);
      set.pop_back();
    }
  };
  search(search, 0, 0.0);
  return best;
}

// Per workload, how far the flows out of it lead: 0 when it sends to no other workload,
// else one more than the highest workload it sends to, workloads on a cycle of flows
// sharing one height (strong components by Tarjan's algorithm, iterative). Placing
// workloads by rising height places each flow's target before its source wherever the
// flows allow, so that the source's test is per node (each node must reach the placed
// target) instead of a set the target must find to cover every source node.
std::vector<std::uint32_t> Solver::flow_heights() const {
  const std::size_t count = workloads_.size();
  std::vector<std::uint32_t> index(count, nothing), low(count, 0), component(count, nothing);
  std::vector<WorkloadIndex> stack;
  std::vector<std::pair<WorkloadIndex, std::size_t>> path;  // the depth-first path: workload, next flow
  std::uint32_t next_index = 0, components = 0;
  for (WorkloadIndex root = 0; root < count; ++root) {
    if (index[root] != nothing) continue;
    path.emplace_back(root, 0);
    index[root] = low[root] = next_index++;
    stack.push_back(root);
    while (!path.empty()) {
      auto& [v, next] = path.back();
      if (next < out_flows_[v].size()) {
        const WorkloadIndex w = model_.flows()[out_flows_[v][next++]].to;
        if (index[w] == nothing) {
          index[w] = low[w] = next_index++;
          stack.push_back(w);
          path.emplace_back(w, 0);
        } else if (component[w] == nothing) {
          low[v] = std::min(low[v], index[w]);
        }
        continue;
      }
      const WorkloadIndex done = v;
      path.pop_back();
      if (!path.empty()) low[path.back().first] = std::min(low[path.back().first], low[done]);
      if (low[done] == index[done]) {
        WorkloadIndex member;
        do {
          member = stack.back();
          stack.pop_back();
          component[member] = components;
        } while (member != done);
        ++components;
      }
    }
  }
  // Components are numbered targets first: a flow leaves a component only for a lower one.
  std::vector<WorkloadIndex> order(count);
  std::iota(order.begin(), order.end(), WorkloadIndex{0});
  std::sort(order.begin(), order.end(), [&](WorkloadIndex a, WorkloadIndex b) { return component[a] < component[b]; });
  std::vector<std::uint32_t> component_height(components, 0), height(count, 0);
  for (WorkloadIndex v : order)
    for (FlowIndex f : out_flows_[v]) {
      const WorkloadIndex w = model_.flows()[f].to;
      if (component[w] != component[v])
        component_height[component[v]] = std::max(component_height[component[v]], component_height[component[w]] + 1);
    }
  for (WorkloadIndex v = 0; v < count; ++v) height[v] = component_height[component[v]];
  return height;
}

// Whether some set of nodes fits w beside what is placed, and one if so, by a complete
// search: the candidates are the eligible nodes with room whose every flow out of w
// reaches its placed target (tests per node); then every source node of a placed
// workload flowing into w must reach a node of the set. Candidates that reach the same
// source nodes (and lie in the same zone, when zones matter) are alike, so the search
// branches over those classes: for the first source node not yet reached, each class that
// reaches it, cheapest first, at most `replicas` deep; a set that reaches every source
// node is completed with the cheapest nodes of new zones, then the cheapest of the rest.
// Exact unless it takes more than a step budget (then counted in undecided_).
std::optional<Solver::Set> Solver::exact_set(WorkloadIndex w) {
  const Workload& workload = workloads_[w];
  const std::uint32_t replicas = workload.replicas;
  if (eligible(w).size() < replicas) return std::nullopt;
  if (unfit_since_[w] == removals_) return std::nullopt;
  auto unfit = [&] {
    unfit_since_[w] = removals_;
    return std::nullopt;
  };
  std::vector<NodeIndex> candidates;  // in cost order
  for (NodeIndex n : cost_order(w))
    if (is_eligible(w, n) && has_room(w, n)) candidates.push_back(n);
  // Enough nodes in enough zones, with the source nodes flowing into w served, before the
  // searches back from the targets of its flows out (the dearest test, last).
  auto enough = [&] {
    if (candidates.size() < replicas) return false;
    std::vector<char> seen(zone_count_, 0);
    std::uint32_t zones = 0;
    for (NodeIndex n : candidates)
      if (!seen[zone_[n]]) {
        seen[zone_[n]] = 1;
        ++zones;
      }
    return zones >= workload.min_zones;
  };
  if (!enough()) return unfit();

  struct Source {
    FlowIndex flow;
    NodeIndex node;
  };
  std::vector<Source> sources;
  for (FlowIndex f : in_flows_[w])
    for (NodeIndex a : assigned_[model_.flows()[f].from]) sources.push_back({f, a});
  const std::size_t words = std::max<std::size_t>(1, (sources.size() + 63) / 64);
  std::vector<std::uint64_t> masks(candidates.size() * words, 0);
  auto all_served = [&] {
    std::vector<std::uint64_t> served(words, 0);
    for (std::size_t i = 0; i < candidates.size(); ++i)
      for (std::size_t k = 0; k < words; ++k) served[k] |= masks[i * words + k];
    for (std::size_t p = 0; p < sources.size(); ++p)
      if (!((served[p / 64] >> (p % 64)) & 1u)) return false;
    return true;
  };
  {
    std::vector<char> reached(node_count_);
    for (std::size_t p = 0; p < sources.size(); ++p) {
      std::fill(reached.begin(), reached.end(), 0);
      flows_.mark_reached(sources[p].flow, sources[p].node, reached);
      for (std::size_t i = 0; i < candidates.size(); ++i)
        if (reached[candidates[i]]) masks[i * words + p / 64] |= std::uint64_t{1} << (p % 64);
    }
  }
  if (!all_served()) return unfit();  // a source node no candidate serves
  for (FlowIndex f : out_flows_[w]) {
    const Set& targets = assigned_[model_.flows()[f].to];
    if (targets.empty()) continue;
    // A few candidates ask one by one (rows kept per source), many ask for every node at once.
    const bool one_by_one = candidates.size() <= 48;
    const std::vector<char>& fits = one_by_one ? reaching_ : sources_fitting(f);
    std::size_t kept = 0;
    for (std::size_t i = 0; i < candidates.size(); ++i) {
      if (one_by_one ? !flows_.reaches(f, candidates[i], Span<NodeIndex>(targets.data(), targets.size()))
                     : !fits[candidates[i]])
        continue;
      candidates[kept] = candidates[i];
      std::copy_n(masks.begin() + std::ptrdiff_t(i * words), words, masks.begin() + std::ptrdiff_t(kept * words));
      ++kept;
    }
    candidates.resize(kept);
    masks.resize(kept * words);
  }
  if (!enough() || !all_served()) return unfit();
  // Classes of alike candidates, each with its cheapest `replicas` nodes, by their cheapest.
  const bool zones_matter = workload.min_zones > 1;
  std::map<std::pair<std::vector<std::uint64_t>, ZoneIndex>, std::uint32_t> class_of;
  std::vector<std::vector<std::uint32_t>> members;  // candidate positions
  std::vector<std::uint64_t> key(words);
  for (std::size_t i = 0; i < candidates.size(); ++i) {
    std::copy_n(masks.begin() + std::ptrdiff_t(i * words), words, key.begin());
    auto [it, fresh] = class_of.emplace(std::make_pair(key, zones_matter ? zone_[candidates[i]] : ZoneIndex{0}),
                                        static_cast<std::uint32_t>(members.size()));
    if (fresh) members.emplace_back();
    if (members[it->second].size() < replicas) members[it->second].push_back(static_cast<std::uint32_t>(i));
  }

  Set chosen;
  std::vector<char> taken(candidates.size(), 0);
  std::optional<Set> found;
  std::size_t steps = 0;
  constexpr std::size_t step_budget = 200000;
  bool undecided = false;
  auto complete = [&]() -> bool {
    Set set = chosen;
    std::vector<char> used_zone(zone_count_, 0);
    for (NodeIndex n : set) used_zone[zone_[n]] = 1;
    std::uint32_t zones = zone_count(set);
    std::vector<char> in_set(candidates.size(), 0);
    for (std::size_t i = 0; i < candidates.size(); ++i) in_set[i] = taken[i];
    for (std::size_t i = 0; i < candidates.size() && zones < workload.min_zones && set.size() < replicas; ++i)
      if (!in_set[i] && !used_zone[zone_[candidates[i]]]) {
        set.push_back(candidates[i]);
        in_set[i] = 1;
        used_zone[zone_[candidates[i]]] = 1;
        ++zones;
      }
    for (std::size_t i = 0; i < candidates.size() && set.size() < replicas; ++i)
      if (!in_set[i]) {
        set.push_back(candidates[i]);
        in_set[i] = 1;
      }
    if (!completes(w, set)) return false;
    found = std::move(set);
    return true;
  };
  std::vector<std::uint64_t> covered(words, 0);
  auto search = [&](auto& self) -> bool {
    if (++steps > step_budget) {
      undecided = true;
      return false;
    }
    std::size_t open = sources.size();
    for (std::size_t k = 0; k < words && open == sources.size(); ++k) {
      std::uint64_t left = ~covered[k];
      if (k == words - 1 && sources.size() % 64 != 0) left &= (std::uint64_t{1} << (sources.size() % 64)) - 1;
      if (left != 0) open = k * 64 + std::size_t(__builtin_ctzll(left));
    }
    if (open >= sources.size()) return complete();
    if (chosen.size() == replicas) return false;
    for (const std::vector<std::uint32_t>& group : members) {
      if (!((masks[group.front() * words + open / 64] >> (open % 64)) & 1u)) continue;
      std::uint32_t pick = nothing;
      for (std::uint32_t i : group)
        if (!taken[i]) {
          pick = i;
          break;
        }
      if (pick == nothing) continue;
      const std::vector<std::uint64_t> before = covered;
      for (std::size_t k = 0; k < words; ++k) covered[k] |= masks[pick * words + k];
      taken[pick] = 1;
      chosen.push_back(candidates[pick]);
      const bool done = self(self);
      chosen.pop_back();
      taken[pick] = 0;
      covered = before;
      if (done || undecided) return done;
    }
    return false;
  };
  // Classes by their cheapest member: candidates are in cost order, so by first position.
  std::sort(members.begin(), members.end(), [](const auto& a, const auto& b) { return a.front() < b.front(); });
  search(search);
  undecided_ += undecided;
  if (!found && !undecided) return unfit();
  return found;
}

void Solver::construct() {
  // Several orders, the best result kept: scarce workloads first (few eligible nodes),
  // small ones first (more fit when capacity is short), and by regret (the difference a
  // workload's second-cheapest node makes).
  std::vector<WorkloadIndex> free;
  for (WorkloadIndex w = 0; w < workloads_.size(); ++w)
    if (!kept_[w]) free.push_back(w);
  std::vector<double> size(workloads_.size(), 0.0), regret(workloads_.size(), 0.0);
  std::vector<double> total(resource_count_, 0.0);
  for (NodeIndex n = 0; n < node_count_; ++n)
    if (limited_[n])
      for (std::size_t r = 0; r < resource_count_; ++r) total[r] += capacity_[n * resource_count_ + r];
  for (WorkloadIndex w : free) {
    for (const ResourceAmount& amount : workloads_[w].resources)
      if (total[amount.resource] > 0) size[w] += amount.amount * workloads_[w].replicas / total[amount.resource];
    double first = detail::infinity, second = detail::infinity;
    for (NodeIndex n : eligible(w)) {
      const double c = cost(w, n);
      if (c < first) {
        second = first;
        first = c;
      } else if (c < second) {
        second = c;
      }
    }
    regret[w] = std::isfinite(second) ? second - first : detail::infinity;
  }
  const std::size_t exhaustive_limit = workloads_.size() * node_count_ <= 100000 ? 2000 : 0;
  std::vector<std::vector<WorkloadIndex>> orders;
  auto by = [&](auto key) {
    std::vector<WorkloadIndex> order = free;
    std::stable_sort(order.begin(), order.end(), [&](WorkloadIndex a, WorkloadIndex b) { return key(a) < key(b); });
    orders.push_back(std::move(order));
  };
  const std::vector<std::uint32_t> height = flow_heights();
  by([&](WorkloadIndex w) { return std::make_tuple(height[w], eligible(w).size(), size[w]); });
  if (free.size() <= 20000) {
    by([&](WorkloadIndex w) { return std::make_tuple(eligible(w).size(), size[w]); });
    by([&](WorkloadIndex w) { return std::make_tuple(size[w], eligible(w).size()); });
    by([&](WorkloadIndex w) { return std::make_tuple(-regret[w], eligible(w).size()); });
    by([&](WorkloadIndex w) { return std::make_tuple(-size[w], eligible(w).size()); });
  }
  std::vector<Set> best;
  std::size_t best_placed = 0;
  double best_cost = detail::infinity;
  // The last order run stays in place when it is the best (taking workloads out and back
  // would void exact_set()'s verdicts).
  bool current_is_best = false;
  for (std::size_t k = 0; k < orders.size(); ++k) {
    if (k > 0) {
      if (out_of_search_time()) break;
      for (WorkloadIndex w : free) unassign(w);
    }
    for (WorkloadIndex w : orders[k])
      if (auto set = best_set(w, exhaustive_limit)) assign(w, std::move(*set));
    current_is_best = k == 0 || placed_ > best_placed || (placed_ == best_placed && nearly_less(cost_, best_cost));
    if (current_is_best) {
      best_placed = placed_;
      best_cost = cost_;
      if (k + 1 < orders.size()) best.assign(assigned_.begin(), assigned_.end());
    }
  }
  if (current_is_best || best.empty()) return;
  for (WorkloadIndex w : free) unassign(w);
  for (WorkloadIndex w : free)
    if (!best[w].empty()) assign(w, std::move(best[w]));
}

// Local search until no move helps or time runs out: re-place each workload on its
// cheapest set beside the others; insert the unplaced; eject a placed workload to make
// room for an unplaced one and re-place the ejected one elsewhere (an ejection chain of
// length two), kept when it places more, or as many for less.
void Solver::improve() {
  const std::size_t exhaustive_limit = workloads_.size() * node_count_ <= 100000 ? 2000 : 0;
  // Small estates eject any placed workload on a node w could take; large ones only the
  // workloads w exchanges flows with (a scan of every workload per unplaced one would
  // cost more than the search has).
  const bool eject_any = workloads_.size() <= 4096;
  for (int round = 0; round < 50 && !out_of_search_time(); ++round) {
    bool better = false;
    // First (placing more comes first) ejections: for an unplaced w, a placed v it
    // exchanges flows with, or (small estates) any placed v on a node w could take.
    std::vector<char> usable(node_count_, 0);
    for (WorkloadIndex w = 0; w < workloads_.size() && !out_of_search_time(); ++w) {
      if (kept_[w] || !assigned_[w].empty()) continue;
      std::vector<WorkloadIndex> blockers;
      auto consider = [&](WorkloadIndex v) {
        if (!kept_[v] && v != w && !assigned_[v].empty() &&
            std::find(blockers.begin(), blockers.end(), v) == blockers.end())
          blockers.push_back(v);
      };
      for (FlowIndex f : out_flows_[w]) consider(model_.flows()[f].to);
      for (FlowIndex f : in_flows_[w]) consider(model_.flows()[f].from);
      if (eject_any) {
        std::fill(usable.begin(), usable.end(), 0);
        for (NodeIndex n : eligible(w)) usable[n] = 1;
        for (WorkloadIndex v = 0; v < workloads_.size() && blockers.size() < 64; ++v) {
          if (kept_[v] || v == w || assigned_[v].empty()) continue;
          for (NodeIndex n : assigned_[v])
            if (usable[n]) {
              consider(v);
              break;
            }
        }
      }
      for (WorkloadIndex v : blockers) {
        if (out_of_search_time()) break;
        const std::size_t placed_before = placed_;
        const double cost_before = cost_;
        Set old_v = unassign(v);
        auto set_w = best_set(w, exhaustive_limit);
        if (!set_w) {
          assign(v, std::move(old_v));
          continue;
        }
        assign(w, std::move(*set_w));
        if (auto set_v = best_set(v, exhaustive_limit)) assign(v, std::move(*set_v));
        if (placed_ > placed_before || (placed_ == placed_before && nearly_less(cost_, cost_before))) {
          better = true;
          break;
        }
        unassign(w);
        if (!assigned_[v].empty()) unassign(v);
        assign(v, std::move(old_v));
      }
    }
    // Then each workload on its cheapest set beside the others, unplaced ones inserted.
    for (WorkloadIndex w = 0; w < workloads_.size() && !out_of_search_time(); ++w) {
      if (kept_[w]) continue;
      if (assigned_[w].empty()) {
        if (auto set = best_set(w, exhaustive_limit)) {
          assign(w, std::move(*set));
          better = true;
        }
        continue;
      }
      const double before = set_cost(w, assigned_[w]);
      Set old = unassign(w);
      auto set = best_set(w, exhaustive_limit);
      if (set && nearly_less(set_cost(w, *set), before)) {
        assign(w, std::move(*set));
        better = true;
      } else {
        assign(w, std::move(old));
      }
    }
    if (!better) break;
  }
}

// Exact search on small instances: workloads with the fewest options first, each on one
// of its eligible sets (cheapest first) or left out; a branch is cut when even placing
// every workload left that capacity allows cannot beat the best, or ties it on count at
// no lower cost. Proves optimality when it finishes within the limits.
void Solver::branch_and_bound() {
  std::vector<WorkloadIndex> free;
  for (WorkloadIndex w = 0; w < workloads_.size(); ++w)
    if (!kept_[w]) free.push_back(w);
  if (free.size() > 64) return;
  // Each workload's eligible sets of replicas(w) distinct nodes spanning its zones.
  std::vector<std::vector<std::pair<double, Set>>> options(workloads_.size());
  std::size_t total_options = 0;
  for (WorkloadIndex w : free) {
    const auto& nodes = eligible(w);
    const std::uint32_t replicas = workloads_[w].replicas;
    if (nodes.size() < replicas) continue;
    double combinations = 1;
    for (std::uint32_t k = 0; k < replicas && combinations <= 5000; ++k)
      combinations = combinations * double(nodes.size() - k) / double(k + 1);
    if (combinations > 5000) return;
    Set set;
    auto enumerate = [&](auto& self, std::size_t from) -> void {
      if (set.size() == replicas) {
        if (zone_count(set) >= workloads_[w].min_zones) options[w].emplace_back(set_cost(w, set), set);
        return;
      }
      for (std::size_t i = from; i + (replicas - set.size()) <= nodes.size(); ++i) {
        set.push_back(nodes[i]);
        self(self, i + 1);
        set.pop_back();
      }
    };
    enumerate(enumerate, 0);
    std::stable_sort(options[w].begin(), options[w].end(), [&](const auto& a, const auto& b) {
      if (a.first != b.first) return a.first < b.first;
      std::size_t moves_a = 0, moves_b = 0;
      for (NodeIndex n : current_.nodes_of(w)) {
        moves_a += !detail::contains_node(Span<NodeIndex>(a.second.data(), a.second.size()), n);
        moves_b += !detail::contains_node(Span<NodeIndex>(b.second.data(), b.second.size()), n);
      }
      return moves_a < moves_b;
    });
    total_options += options[w].size();
  }
  if (total_options > 200000) return;
  std::stable_sort(free.begin(), free.end(),
                   [&](WorkloadIndex a, WorkloadIndex b) { return options[a].size() < options[b].size(); });

  // The incumbent is the heuristic's placement.
  std::size_t best_placed = placed_;
  double best_cost = cost_;
  std::vector<Set> best(assigned_);
  for (WorkloadIndex w : free)
    if (!assigned_[w].empty()) unassign(w);

  // Capacity left per resource over the nodes that have one, and whether some node has
  // none (then that resource bounds nothing).
  std::vector<char> bounded(resource_count_, 1);
  for (NodeIndex n = 0; n < node_count_; ++n)
    if (!limited_[n]) std::fill(bounded.begin(), bounded.end(), 0);
  std::vector<double> minimum(workloads_.size(), 0.0);
  for (WorkloadIndex w : free) minimum[w] = options[w].empty() ? detail::infinity : options[w].front().first;

  std::uint64_t visited = 0;
  constexpr std::uint64_t visit_limit = 20000000;
  bool complete = true;
  std::vector<double> need;
  std::vector<double> mins;
  // At most how many of free[depth..] can still be placed: per bounded resource, the
  // smallest demands that fit in what is left, and only workloads with an option.
  auto placeable_bound = [&](std::size_t depth) {
    std::size_t count = 0;
    for (std::size_t i = depth; i < free.size(); ++i) count += !options[free[i]].empty();
    for (std::size_t r = 0; r < resource_count_; ++r) {
      if (!bounded[r]) continue;
      double left = 0;
      for (NodeIndex n = 0; n < node_count_; ++n)
        left += std::max(0.0, capacity_[n * resource_count_ + r] - used_[n * resource_count_ + r]);
      need.clear();
      for (std::size_t i = depth; i < free.size(); ++i) {
        const WorkloadIndex w = free[i];
        if (options[w].empty()) continue;
        double amount = 0;
        for (const ResourceAmount& a : workloads_[w].resources)
          if (a.resource == r) amount = a.amount * workloads_[w].replicas;
        need.push_back(amount);
      }
      std::sort(need.begin(), need.end());
      std::size_t fit = 0;
      double sum = 0;
      for (double amount : need) {
        sum += amount;
        if (detail::exceeds_capacity(sum, left)) break;
        ++fit;
      }
      count = std::min(count, fit);
    }
    return count;
  };
  auto search = [&](auto& self, std::size_t depth) -> void {
    if (++visited > visit_limit || ((visited & 1023) == 0 && out_of_search_time())) {
      complete = false;
      return;
    }
    if (depth == free.size()) {
      if (placed_ > best_placed || (placed_ == best_placed && nearly_less(cost_, best_cost))) {
        best_placed = placed_;
        best_cost = cost_;
        best = assigned_;
      }
      return;
    }
    const std::size_t reachable = placeable_bound(depth);
    if (placed_ + reachable < best_placed) return;
    if (placed_ + reachable == best_placed) {
      // Every one of them must be placed: the cheapest `reachable` minimums bound the cost.
      mins.clear();
      for (std::size_t i = depth; i < free.size(); ++i)
        if (!options[free[i]].empty()) mins.push_back(minimum[free[i]]);
      std::sort(mins.begin(), mins.end());
      const double bound = cost_ + std::accumulate(mins.begin(), mins.begin() + std::ptrdiff_t(reachable), 0.0);
      if (!nearly_less(bound, best_cost)) return;
    }
    const WorkloadIndex w = free[depth];
    for (const auto& [option_cost, set] : options[w]) {
      if (!complete) return;
      bool fits = true;
      for (NodeIndex n : set) fits = fits && has_room(w, n) && source_fits(w, n);
      if (!fits || !targets_fit(w, set)) continue;
      assign(w, set);
      self(self, depth + 1);
      unassign(w);
    }
    if (complete) self(self, depth + 1);  // w left out
  };
  search(search, 0);
  for (WorkloadIndex w : free)
    if (!best[w].empty()) assign(w, std::move(best[w]));
  proven_ = complete;
}

// The capacity test as the checker sums it (workload order, once per replica), so that
// rounding in the search's running sums can never leave a node over: a workload on a node
// that is over is taken out, the last first.
void Solver::settle_capacity() {
  for (;;) {
    std::vector<double> sums(node_count_ * resource_count_, 0.0);
    for (WorkloadIndex w = 0; w < workloads_.size(); ++w)
      for (NodeIndex n : assigned_[w])
        if (limited_[n])
          for (const ResourceAmount& amount : workloads_[w].resources) sums[n * resource_count_ + amount.resource] += amount.amount;
    WorkloadIndex victim = nothing;
    for (WorkloadIndex w = WorkloadIndex(workloads_.size()); w-- > 0 && victim == nothing;) {
      if (kept_[w]) continue;
      for (NodeIndex n : assigned_[w])
        for (const ResourceAmount& amount : workloads_[w].resources) {
          const std::size_t i = n * resource_count_ + amount.resource;
          if (limited_[n] && amount.amount > 0 && detail::exceeds_capacity(sums[i], capacity_[i])) victim = w;
        }
    }
    if (victim == nothing) return;
    unassign(victim);
    proven_ = false;
  }
}

// Spec §5: each node counted once, under the first per-node rule it breaks (model-v1 §4
// order); of the rest, those without room (by the first full resource), those no flow
// allows; then whether what remains has enough nodes and zones.
UnplacedWorkload Solver::explain_unplaced(WorkloadIndex w) {
  const Workload& workload = workloads_[w];
  UnplacedWorkload out;
  out.workload = w;
  std::vector<std::size_t> by_rule(static_cast<std::size_t>(RuleId::flow_latency) + 1, 0);
  std::vector<std::size_t> by_resource(resource_count_, 0);
  std::vector<NodeIndex> remaining;
  for (NodeIndex n = 0; n < node_count_; ++n) {
    const std::uint8_t failures = node_failures(w, n);
    if (failures != 0) {
      ++by_rule[static_cast<std::size_t>(first_rule(failures))];
      continue;
    }
    const ResourceIndex full = full_resource(w, n);
    if (full != nothing) {
      ++by_resource[full];
      continue;
    }
    remaining.push_back(n);
  }
  // Flows: a node is ruled out by the first flow (out of w, then into w) it cannot meet
  // with a placed workload, under the weakest rule it fails over that flow's nodes.
  struct FlowCount {
    FlowIndex flow;
    RuleId rule;
    std::size_t nodes;
  };
  std::vector<FlowCount> flow_counts;
  auto rule_out = [&](FlowIndex f, RuleId rule) {
    for (FlowCount& count : flow_counts)
      if (count.flow == f && count.rule == rule) {
        ++count.nodes;
        return;
      }
    flow_counts.push_back({f, rule, 1});
  };
  std::vector<NodeIndex> survivors;
  // Which nodes meet each flow out of w, for every node at once.
  // (A few nodes left ask one by one, with rows kept per source.)
  std::vector<std::vector<char>> out_fits(out_flows_[w].size());
  for (std::size_t i = 0; i < out_flows_[w].size(); ++i)
    if (!assigned_[model_.flows()[out_flows_[w][i]].to].empty() && remaining.size() > 48)
      out_fits[i] = sources_fitting(out_flows_[w][i]);
  for (NodeIndex n : remaining) {
    bool out_ruled = false;
    for (std::size_t i = 0; i < out_flows_[w].size(); ++i) {
      const FlowIndex f = out_flows_[w][i];
      const Set& targets = assigned_[model_.flows()[f].to];
      if (targets.empty()) continue;
      if (out_fits[i].empty() ? flows_.reaches(f, n, Span<NodeIndex>(targets.data(), targets.size())) : out_fits[i][n] != 0)
        continue;
      rule_out(f, flows_.failure(f, n, Span<NodeIndex>(targets.data(), targets.size()), true));
      out_ruled = true;
      break;
    }
    if (out_ruled) continue;
    for (FlowIndex f : in_flows_[w]) {
      const Set& sources = assigned_[model_.flows()[f].from];
      if (sources.empty()) continue;
      RuleId weakest = RuleId::flow_route;
      bool reached = false;
      for (NodeIndex a : sources) {
        const RuleId rule = flows_.failure(f, a, Span<NodeIndex>(&n, 1));
        if (rule == RuleId::placement_missing) {
          reached = true;
          break;
        }
        if (rule > weakest) weakest = rule;
      }
      if (!reached) {
        rule_out(f, weakest);
        out_ruled = true;
        break;
      }
    }
    if (!out_ruled) survivors.push_back(n);
  }

  std::string message = "workload " + quoted(model_.workload_id(w)) + " is not placed: it needs " +
                        std::to_string(workload.replicas) + (workload.replicas == 1 ? " node" : " distinct nodes");
  if (workload.min_zones > 1) message += " in " + std::to_string(workload.min_zones) + " zones";
  message += "; of " + std::to_string(node_count_) + (node_count_ == 1 ? " node, " : " nodes, ");
  std::vector<std::string> parts;
  auto nodes_text = [](std::size_t k) { return std::to_string(k) + (k == 1 ? " node" : " nodes"); };
  for (std::size_t r = 1; r <= static_cast<std::size_t>(RuleId::edge_staleness); ++r) {
    if (by_rule[r] == 0) continue;
    out.reasons.push_back({static_cast<RuleId>(r), by_rule[r]});
    parts.push_back(nodes_text(by_rule[r]) + " " + std::string(rule_info(static_cast<RuleId>(r)).name));
  }
  std::vector<ResourceIndex> resources;
  for (ResourceIndex r = 0; r < resource_count_; ++r)
    if (by_resource[r] > 0) resources.push_back(r);
  std::sort(resources.begin(), resources.end(),
            [&](ResourceIndex a, ResourceIndex b) { return model_.resource_name(a) < model_.resource_name(b); });
  for (ResourceIndex r : resources) {
    PlaceReason reason{RuleId::capacity_exceeded, by_resource[r]};
    reason.resource = r;
    out.reasons.push_back(reason);
    parts.push_back(nodes_text(by_resource[r]) + " capacity.exceeded (no room for its " +
                    quoted(model_.resource_name(r)) + ")");
  }
  const std::uint32_t zones = zone_count(survivors);
  if (survivors.size() < workload.replicas) {
    if (!survivors.empty()) {
      out.reasons.push_back({RuleId::availability_replicas, survivors.size()});
      parts.push_back(nodes_text(survivors.size()) + " left, fewer than its replicas (availability.replicas)");
    }
  } else if (zones < workload.min_zones) {
    out.reasons.push_back({RuleId::availability_zones, survivors.size()});
    parts.push_back(nodes_text(survivors.size()) + " left in " + std::to_string(zones) +
                    (zones == 1 ? " zone" : " zones") + " (availability.zones)");
  }
  std::sort(flow_counts.begin(), flow_counts.end(), [&](const FlowCount& a, const FlowCount& b) {
    return std::make_tuple(model_.flow_id(a.flow), a.rule) < std::make_tuple(model_.flow_id(b.flow), b.rule);
  });
  for (const FlowCount& count : flow_counts) {
    PlaceReason reason{count.rule, count.nodes};
    reason.flow = count.flow;
    out.reasons.push_back(reason);
    parts.push_back(nodes_text(count.nodes) + " " + std::string(rule_info(count.rule).name) + " (flow " +
                    quoted(model_.flow_id(count.flow)) + " with workload " +
                    quoted(model_.workload_id(model_.flows()[count.flow].from == w ? model_.flows()[count.flow].to
                                                                                     : model_.flows()[count.flow].from)) +
                    ")");
  }
  for (std::size_t i = 0; i < parts.size(); ++i) message += (i == 0 ? "" : ", ") + parts[i];
  if (parts.empty()) message += "none ruled out";
  if (survivors.size() >= workload.replicas && zones >= workload.min_zones)
    message += "; no set of the " + nodes_text(survivors.size()) +
               " left meets its zones and every flow into it together without moving a placed workload";
  message += ".";
  out.message = std::move(message);
  return out;
}

PlaceResult Solver::run() {
  const auto workload_count = static_cast<WorkloadIndex>(workloads_.size());
  // Spec §3: in fill, keep what the current placement already places cleanly, as the
  // checker itself judges it.
  if (options_.mode == PlaceMode::fill) {
    std::vector<char> clean(workload_count, 1);
    std::vector<char> node_over(node_count_, 0);
    {
      Model current = model_;
      current.set_placement(current_);
      CheckOptions check_options;
      check_options.jobs = options_.jobs;
      const Report report = check(current, check_options);
      for (const Finding& f : report.findings) {
        switch (f.rule) {
          case RuleId::placement_level: case RuleId::placement_compartments: case RuleId::placement_release:
          case RuleId::placement_residency: case RuleId::placement_impact_level: case RuleId::edge_at_rest:
          case RuleId::edge_staleness: case RuleId::availability_replicas: case RuleId::availability_zones:
            clean[f.workload] = 0;
            break;
          case RuleId::flow_route: case RuleId::flow_bandwidth: case RuleId::flow_latency:
            clean[model_.flows()[f.flow].from] = 0;
            break;
          case RuleId::capacity_exceeded: node_over[f.node] = 1; break;
          default: break;
        }
      }
    }
    for (WorkloadIndex w = 0; w < workload_count; ++w) {
      Span<NodeIndex> nodes = current_.nodes_of(w);
      if (!clean[w] || nodes.size() != workloads_[w].replicas) continue;
      bool keep = true;
      for (std::size_t i = 0; i < nodes.size() && keep; ++i) {
        keep = !node_over[nodes[i]];
        for (std::size_t k = 0; k < i && keep; ++k) keep = nodes[k] != nodes[i];
      }
      if (!keep) continue;
      kept_[w] = 1;
      assign(w, Set(nodes.begin(), nodes.end()));
    }
  }

  construct();
  {
    // What must follow the search whatever the limit: the final pass and an explanation
    // per unplaced workload (each well under a millisecond on the 100k estate), and the
    // report. The search stops early enough to leave them that.
    const std::size_t unplaced = workloads_.size() - placed_;
    const double reserve_s = 0.1 + 0.00025 * double(unplaced);
    search_deadline_ = deadline_ - std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(reserve_s));
  }
  improve();
  branch_and_bound();
  // Spec §2: never leave out a workload that fits without moving a placed one.
  for (WorkloadIndex w = 0; w < workload_count; ++w)
    if (assigned_[w].empty())
      if (auto set = exact_set(w)) {
        assign(w, std::move(*set));
        proven_ = false;
      }
  settle_capacity();

  PlaceResult result;
  result.mode = options_.mode;
  std::vector<std::uint32_t> offsets(workload_count + 1, 0);
  std::vector<NodeIndex> nodes;
  double cost = 0, kept_cost = 0;
  for (WorkloadIndex w = 0; w < workload_count; ++w) {
    nodes.insert(nodes.end(), assigned_[w].begin(), assigned_[w].end());
    offsets[w + 1] = static_cast<std::uint32_t>(nodes.size());
    const double c = set_cost(w, assigned_[w]);
    cost += c;
    if (kept_[w]) kept_cost += c;
    result.placed += !assigned_[w].empty();
    result.kept += kept_[w] != 0;
    for (NodeIndex n : current_.nodes_of(w))
      result.moved += !detail::contains_node(Span<NodeIndex>(assigned_[w].data(), assigned_[w].size()), n);
  }
  result.placement = Placement(std::move(offsets), std::move(nodes));
  result.cost = cost;

  // The bound: kept workloads as they are, and the cheapest eligible sets of as many of
  // the others as are placed (costs are never negative). The count is proven when every
  // workload is placed, or every one left out has no eligible set at all.
  std::vector<double> minimums;
  bool count_proven = true;
  for (WorkloadIndex w = 0; w < workload_count; ++w) {
    if (kept_[w]) continue;
    const double minimum = cheapest_set_cost(w);
    if (std::isfinite(minimum)) minimums.push_back(minimum);
    if (assigned_[w].empty() && std::isfinite(minimum)) count_proven = false;
  }
  std::sort(minimums.begin(), minimums.end());
  const std::size_t others = result.placed - result.kept;
  double bound = kept_cost + std::accumulate(minimums.begin(), minimums.begin() + std::ptrdiff_t(std::min(others, minimums.size())), 0.0);
  if (proven_) bound = cost;
  result.optimal = proven_ || (count_proven && !nearly_less(bound, cost));
  result.lower_bound = result.optimal ? cost : std::min(bound, cost);

  std::vector<WorkloadIndex> unplaced;
  for (WorkloadIndex w = 0; w < workload_count; ++w)
    if (assigned_[w].empty()) unplaced.push_back(w);
  std::sort(unplaced.begin(), unplaced.end(),
            [&](WorkloadIndex a, WorkloadIndex b) { return model_.workload_id(a) < model_.workload_id(b); });
  for (WorkloadIndex w : unplaced) result.unplaced.push_back(explain_unplaced(w));
  return result;
}

void append_placement(std::string& out, const PlaceResult& result, const Model& model, const char* indent) {
  std::vector<WorkloadIndex> placed;
  for (WorkloadIndex w = 0; w < model.workloads().size(); ++w)
    if (result.placement.is_placed(w)) placed.push_back(w);
  std::sort(placed.begin(), placed.end(),
            [&](WorkloadIndex a, WorkloadIndex b) { return model.workload_id(a) < model.workload_id(b); });
  out += '{';
  for (std::size_t i = 0; i < placed.size(); ++i) {
    out += i == 0 ? "\n" : ",\n";
    out += indent;
    out += "  ";
    detail::append_json_string(out, model.workload_id(placed[i]));
    out += ": [";
    Span<NodeIndex> nodes = result.placement.nodes_of(placed[i]);
    for (std::size_t k = 0; k < nodes.size(); ++k) {
      if (k > 0) out += ", ";
      detail::append_json_string(out, model.node_id(nodes[k]));
    }
    out += ']';
  }
  if (!placed.empty()) {
    out += '\n';
    out += indent;
  }
  out += '}';
}

}  // namespace

PlaceResult place(const Model& model, const PlaceOptions& options) {
  const Clock::time_point start = Clock::now();
  const Placement& current = options.placement ? *options.placement : model.placement();
  if (current.workload_count() != model.workloads().size())
    throw error(ErrorKind::usage, "place: the placement has " + std::to_string(current.workload_count()) +
                                      " workloads, the model " + std::to_string(model.workloads().size()));
  for (WorkloadIndex w = 0; w < current.workload_count(); ++w)
    for (NodeIndex n : current.nodes_of(w))
      if (n >= model.nodes().size()) throw error(ErrorKind::usage, "place: the placement names a node the model lacks");
  Solver solver(model, current, options, start);
  return solver.run();
}

std::string placement_json(const PlaceResult& result, const Model& model) {
  std::string out;
  append_placement(out, result, model, "");
  out += '\n';
  return out;
}

std::string to_json(const PlaceResult& result, const Model& model) {
  std::string out = "{\n  \"clearance\": 1,\n  \"model\": ";
  detail::append_json_string(out, model.name());
  out += ",\n  \"mode\": \"" + std::string(to_string(result.mode)) + "\",\n  \"placement\": ";
  append_placement(out, result, model, "  ");
  out += ",\n  \"placed\": " + std::to_string(result.placed) + ",\n  \"unplaced\": [";
  for (std::size_t i = 0; i < result.unplaced.size(); ++i) {
    const UnplacedWorkload& u = result.unplaced[i];
    out += i == 0 ? "\n    { \"workload\": " : ",\n    { \"workload\": ";
    detail::append_json_string(out, model.workload_id(u.workload));
    out += ", \"message\": ";
    detail::append_json_string(out, u.message);
    out += ",\n      \"reasons\": [";
    for (std::size_t k = 0; k < u.reasons.size(); ++k) {
      const PlaceReason& reason = u.reasons[k];
      out += k == 0 ? " " : ", ";
      out += "{ \"rule\": \"" + std::string(rule_info(reason.rule).name) + "\"";
      if (reason.flow != 0xFFFFFFFFu) {
        out += ", \"flow\": ";
        detail::append_json_string(out, model.flow_id(reason.flow));
      }
      out += ", \"nodes\": " + std::to_string(reason.nodes);
      if (reason.resource != 0xFFFFFFFFu) {
        out += ", \"resource\": ";
        detail::append_json_string(out, model.resource_name(reason.resource));
      }
      out += " }";
    }
    out += u.reasons.empty() ? "] }" : " ] }";
  }
  out += result.unplaced.empty() ? "],\n" : "\n  ],\n";
  out += "  \"cost\": " + format_number(result.cost) + ",\n";
  if (result.lower_bound) out += "  \"lower_bound\": " + format_number(*result.lower_bound) + ",\n";
  out += "  \"optimal\": " + std::string(result.optimal ? "true" : "false") + ",\n";
  out += "  \"moved\": " + std::to_string(result.moved) + "\n}\n";
  return out;
}

std::string to_text(const PlaceResult& result, const Model& model) {
  const std::size_t total = model.workloads().size();
  std::string out = "placed " + std::to_string(result.placed) + " of " + std::to_string(total) +
                    (total == 1 ? " workload" : " workloads") + " (" + std::string(to_string(result.mode));
  if (result.mode == PlaceMode::fill) out += ", " + std::to_string(result.kept) + " kept";
  out += "); cost " + format_number(result.cost);
  if (result.optimal) out += " (optimal)";
  else if (result.lower_bound) out += ", lower bound " + format_number(*result.lower_bound);
  out += "; " + std::to_string(result.moved) + (result.moved == 1 ? " replica moved\n" : " replicas moved\n");
  for (const UnplacedWorkload& u : result.unplaced) out += "  " + terminal_safe(u.message) + "\n";
  return out;
}

}  // namespace v1
}  // namespace clearance
