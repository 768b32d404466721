#include "place_flows.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <map>
#include <queue>
#include <unordered_map>
#include <utility>

namespace clearance {
inline namespace v1 {
namespace detail {

namespace {

// The flow rules' closure is kept within this much memory (as check_flows keeps it); a
// class whose closure would take more answers from latency rows instead.
constexpr std::size_t closure_budget_bytes = std::size_t(64) << 20;
// Latency rows past this many bytes are not kept: questions then go to the exact search.
constexpr std::size_t row_budget_bytes = std::size_t(768) << 20;
constexpr std::uint32_t unknown = 0xFFFFFFFFu, unreached = 0xFFFFFFFEu;

}  // namespace

struct PlaceFlows::Search {
  std::unique_ptr<FlowSpace> space;
  std::shared_ptr<const LatencyArcs> arcs;
  std::vector<double> distance;         // per vertex (the arcs' numbering), infinity between searches
  std::vector<VertexIndex> touched;
};

struct PlaceFlows::Table {
  std::uint32_t search = 0;
  double threshold = 0;
  std::uint32_t rank = 0;  // arcs of a lower width rank do not carry the threshold
  // The largest latency limit of its flows, and whether one has none: rows need go no
  // further than what some flow may ask (unless a flow without a limit asks a row too).
  double largest_limit = 0;
  bool some_unlimited = false;
  double horizon = infinity;
  bool closure_tried = false;
  std::unique_ptr<ReachClosure> closure;
  ReachClosure::Scratch scratch;
  // Per source node: its row (unknown: not asked yet; unreached: it reaches nothing else)
  // and the latency of its uplink when it is a dead end (every route starts with it, so
  // the sources on one uplink share the uplink's row).
  std::vector<std::uint32_t> entry;
  std::vector<double> offset;
  std::unordered_map<VertexIndex, std::uint32_t> row_of_vertex;
  std::vector<float> rows;
};

PlaceFlows::PlaceFlows(const Model& model) : model_(model) {
  if (model.flows().empty()) return;
  context_ = std::make_unique<FlowContext>(model);
  searches_.resize(context_->classes.classes.size());
  std::map<std::pair<std::uint32_t, std::uint32_t>, std::uint32_t> index;
  auto table_for = [&](std::uint32_t search, std::uint32_t threshold) {
    auto [it, fresh] = index.emplace(std::make_pair(search, threshold), static_cast<std::uint32_t>(tables_.size()));
    if (fresh) {
      auto table = std::make_unique<Table>();
      table->search = search;
      table->threshold = context_->threshold_value(threshold);
      const std::vector<double>& widths = context_->widths;
      table->rank = static_cast<std::uint32_t>(std::lower_bound(widths.begin(), widths.end(), table->threshold) - widths.begin());
      tables_.push_back(std::move(table));
    }
    return it->second;
  };
  for (const Link& link : model.links())
    integral_latencies_ = integral_latencies_ && link.latency_ms == std::floor(link.latency_ms) && link.latency_ms < 1e6;
  const auto& flows = model.flows();
  table_of_flow_.resize(flows.size());
  route_table_of_flow_.resize(flows.size());
  limit_of_flow_.resize(flows.size());
  for (FlowIndex f = 0; f < flows.size(); ++f) {
    const std::uint32_t search = context_->classes.search_of[context_->classes.class_of[flows[f].data]];
    table_of_flow_[f] = table_for(search, context_->threshold_index(flows[f]));
    route_table_of_flow_[f] = table_for(search, 0);
    limit_of_flow_[f] = flows[f].max_latency_ms ? *flows[f].max_latency_ms : infinity;
    Table& own = *tables_[table_of_flow_[f]];
    if (flows[f].max_latency_ms) own.largest_limit = std::max(own.largest_limit, *flows[f].max_latency_ms);
    else own.some_unlimited = true;
    tables_[route_table_of_flow_[f]]->some_unlimited = true;  // failure() asks it without a limit
  }
}

PlaceFlows::~PlaceFlows() = default;

std::size_t PlaceFlows::latency_rows() const {
  std::size_t rows = 0;
  for (const auto& table : tables_) rows += table->row_of_vertex.size();
  return rows;
}

PlaceFlows::Search& PlaceFlows::search(std::uint32_t s) {
  if (!searches_[s]) {
    auto found = std::make_unique<Search>();
    found->space = std::make_unique<FlowSpace>(model_, context_->network, context_->guards, context_->classes.classes[s],
                                               context_->widths);
    // Explicit whatever its size: the solver's searches read the arc arrays (a class with
    // a long chain of label states costs 40 bytes an arc here, as it did in check).
    found->arcs = std::make_shared<const LatencyArcs>(*found->space, std::numeric_limits<std::size_t>::max());
    found->distance.assign(found->space->vertex_count(), infinity);
    searches_[s] = std::move(found);
  }
  return *searches_[s];
}

PlaceFlows::Table& PlaceFlows::table(std::uint32_t t) {
  Table& found = *tables_[t];
  if (found.entry.empty()) {
    found.entry.assign(model_.nodes().size(), unknown);
    found.offset.assign(model_.nodes().size(), 0.0);
    // Rows go as far as the largest limit of its flows, or all the way where a flow
    // without a limit may ask one (when the closure is over its budget).
    found.horizon = found.some_unlimited ? infinity
                                         : found.largest_limit + (integral_latencies_ ? 0.0 : 1e-6 * std::max(1.0, found.largest_limit));
  }
  return found;
}

ReachClosure* PlaceFlows::closure(Table& found) {
  if (!found.closure_tried) {
    found.closure_tried = true;
    Search& s = search(found.search);
    auto built = std::make_unique<ReachClosure>(*s.space, model_.nodes().size(), found.threshold, closure_budget_bytes);
    if (built->built()) found.closure = std::move(built);
    if (found.closure && found.horizon == infinity && found.largest_limit > 0) {
      // The closure answers every question without a limit: rows need go no further
      // than the largest limit. (Rows already kept stay valid: they only go further.)
      found.horizon = found.largest_limit + (integral_latencies_ ? 0.0 : 1e-6 * std::max(1.0, found.largest_limit));
    }
  }
  return found.closure.get();
}

const float* PlaceFlows::latency_row(Table& table, NodeIndex a) {
  if (table.entry[a] == unreached) return nullptr;
  if (table.entry[a] != unknown) return table.rows.data() + std::size_t(table.entry[a]) * model_.nodes().size();
  Search& s = search(table.search);
  const LatencyArcs& graph = *s.arcs;
  const VertexIndex source = graph.inner[s.space->vertex(a, 0)];
  VertexIndex from = source;
  double offset = 0;
  if (graph.dead_end[source]) {
    // Every route from a dead end starts with an arc to its one neighbour: the fastest
    // that carries the threshold (as LatencyCheck starts its search).
    offset = infinity;
    for (std::uint32_t k = graph.start[0][source]; k < graph.start[0][source + 1]; ++k) {
      const LatencyArcs::Arc& arc = graph.arcs[0][k];
      if (arc.width < table.rank || arc.latency_ms >= offset) continue;
      offset = arc.latency_ms;
      from = arc.vertex;
    }
    if (offset == infinity) {
      table.entry[a] = unreached;
      return nullptr;
    }
  }
  const std::size_t node_count = model_.nodes().size();
  auto kept = table.row_of_vertex.find(from);
  if (kept == table.row_of_vertex.end()) {
    if (latency_rows() * node_count * sizeof(float) >= row_budget_bytes) {
      // Over the budget: forget every row (they are computed again when asked).
      for (auto& other : tables_) {
        if (other->entry.empty()) continue;
        std::fill(other->entry.begin(), other->entry.end(), unknown);
        other->row_of_vertex.clear();
        other->rows.clear();
        other->rows.shrink_to_fit();
      }
    }
    // Dijkstra from `from` over the arcs that carry the threshold. A dead end other than
    // the start is labelled and never left: its arcs only lead back where it was reached from.
    using Entry = std::pair<double, VertexIndex>;
    std::priority_queue<Entry, std::vector<Entry>, std::greater<Entry>> queue;
    s.distance[from] = 0;
    s.touched.push_back(from);
    queue.emplace(0.0, from);
    while (!queue.empty()) {
      const auto [d, v] = queue.top();
      queue.pop();
      if (d > s.distance[v]) continue;
      for (std::uint32_t k = graph.start[0][v]; k < graph.start[0][v + 1]; ++k) {
        const LatencyArcs::Arc& arc = graph.arcs[0][k];
        if (arc.width < table.rank) continue;
        const double through = d + arc.latency_ms;
        if (through > table.horizon) continue;  // beyond what any flow of the table asks
        double& known = s.distance[arc.vertex];
        if (through >= known) continue;
        if (known == infinity) s.touched.push_back(arc.vertex);
        known = through;
        if (!graph.dead_end[arc.vertex]) queue.emplace(through, arc.vertex);
      }
    }
    const std::uint32_t row = static_cast<std::uint32_t>(table.row_of_vertex.size());
    table.rows.resize(table.rows.size() + node_count, std::numeric_limits<float>::infinity());
    float* out = table.rows.data() + std::size_t(row) * node_count;
    for (VertexIndex v : s.touched) {
      const NodeIndex n = s.space->node_of(graph.outer[v]);
      out[n] = std::min(out[n], static_cast<float>(s.distance[v]));
      s.distance[v] = infinity;
    }
    s.touched.clear();
    kept = table.row_of_vertex.emplace(from, row).first;
  }
  table.entry[a] = kept->second;
  table.offset[a] = offset;
  return table.rows.data() + std::size_t(kept->second) * node_count;
}

bool PlaceFlows::reaches_within(Table& table, NodeIndex a, Span<NodeIndex> targets, double limit) {
  if (limit == infinity) {
    if (ReachClosure* reach = closure(table)) {
      const FlowSpace& space = *search(table.search).space;
      return reach->reaches_any(space.vertex(a, 0), targets, table.scratch);
    }
    // No closure (over its budget), and rows that stop at the flows' limits: the exact search.
    if (table.horizon != infinity) return exactly_within(table, a, targets, infinity);
  }
  const float* row = latency_row(table, a);
  if (row == nullptr) return false;
  // A row is summed along the route from the uplink, in floats, the exact search from both
  // ends in doubles: unless every latency is a small integer (sums exact either way),
  // rounding may differ near the limit, where the exact search decides.
  const double band = integral_latencies_ ? 0.0 : 1e-6 * std::max(1.0, std::fabs(limit));
  bool close = false;
  for (NodeIndex b : targets) {
    const double latency = table.offset[a] + double(row[b]);
    if (latency == infinity) continue;
    if (limit == infinity || latency <= limit - band) return true;
    close = close || latency <= limit + band;
  }
  if (!close) return false;
  return exactly_within(table, a, targets, limit);
}

bool PlaceFlows::exactly_within(Table& table, NodeIndex a, Span<NodeIndex> targets, double limit) {
  // A search of its own: LatencyCheck keeps long answers by the address of the targets,
  // which the flow rules read from the placement, but the solver's sets change in place.
  Search& s = search(table.search);
  LatencyCheck check(*s.space, s.arcs);
  return check.reach(a, targets, table.threshold, limit) == LatencyCheck::Reach::within;
}

bool PlaceFlows::reaches(FlowIndex f, NodeIndex a, Span<NodeIndex> targets) {
  if (targets.empty()) return false;
  if (contains_node(targets, a)) return true;  // the empty route
  return reaches_within(table(table_of_flow_[f]), a, targets, limit_of_flow_[f]);
}

void PlaceFlows::mark_reached(FlowIndex f, NodeIndex a, std::vector<char>& reached) {
  reached[a] = 1;
  const NodeIndex node_count = static_cast<NodeIndex>(model_.nodes().size());
  Table& found = table(table_of_flow_[f]);
  const double limit = limit_of_flow_[f];
  if (limit == infinity)
    if (ReachClosure* reach = closure(found)) {
      const VertexIndex from = search(found.search).space->vertex(a, 0);
      for (NodeIndex b = 0; b < node_count; ++b)
        if (!reached[b] && reach->reaches_any(from, Span<NodeIndex>(&b, 1), found.scratch)) reached[b] = 1;
      return;
    }
  const float* row = latency_row(found, a);
  if (row == nullptr) return;
  const double band = integral_latencies_ ? 0.0 : 1e-6 * std::max(1.0, std::fabs(limit));
  const double offset = found.offset[a];
  for (NodeIndex b = 0; b < node_count; ++b) {
    const double latency = offset + double(row[b]);
    if (reached[b] || latency > limit + band) continue;
    if (latency <= limit - band || exactly_within(found, a, Span<NodeIndex>(&b, 1), limit)) reached[b] = 1;
  }
}

void PlaceFlows::sources_reaching(FlowIndex f, Span<NodeIndex> targets, std::vector<char>& fits) {
  const NodeIndex node_count = static_cast<NodeIndex>(model_.nodes().size());
  fits.assign(node_count, 0);
  if (targets.empty()) return;
  Table& found = table(table_of_flow_[f]);
  const double limit = limit_of_flow_[f];
  Search& s = search(found.search);
  const LatencyArcs& graph = *s.arcs;
  if (limit == infinity) {
    // Any route will do: a breadth-first search back from every state of the targets.
    std::vector<VertexIndex>& frontier = s.touched;
    for (NodeIndex b : targets)
      for (StateIndex state = 0; state < s.space->state_count(); ++state) {
        const VertexIndex v = graph.inner[s.space->vertex(b, state)];
        if (s.distance[v] == 0) continue;
        s.distance[v] = 0;
        frontier.push_back(v);
      }
    const std::size_t starts = frontier.size();
    for (std::size_t i = 0; i < frontier.size(); ++i) {
      const VertexIndex v = frontier[i];
      if (graph.dead_end[v] && i >= starts) continue;  // a dead end leads back only
      for (std::uint32_t k = graph.start[1][v]; k < graph.start[1][v + 1]; ++k) {
        const LatencyArcs::Arc& arc = graph.arcs[1][k];
        if (arc.width < found.rank || s.distance[arc.vertex] == 0) continue;
        if (graph.dead_end[arc.vertex] && s.space->state_of(graph.outer[arc.vertex]) != 0) continue;  // no source, no way on
        s.distance[arc.vertex] = 0;
        frontier.push_back(arc.vertex);
      }
    }
    for (NodeIndex a = 0; a < node_count; ++a) fits[a] = s.distance[graph.inner[s.space->vertex(a, 0)]] == 0;
    for (VertexIndex v : frontier) s.distance[v] = infinity;
    frontier.clear();
    return;
  }
  const double band = integral_latencies_ ? 0.0 : 1e-6 * std::max(1.0, std::fabs(limit));
  const double horizon = limit + band;
  // Dijkstra back from every state of the targets over the arcs that carry the threshold;
  // a dead end other than a start is labelled and never left (its arcs lead only back).
  using Entry = std::pair<double, VertexIndex>;
  std::priority_queue<Entry, std::vector<Entry>, std::greater<Entry>> queue;
  for (NodeIndex b : targets)
    for (StateIndex state = 0; state < s.space->state_count(); ++state) {
      const VertexIndex v = graph.inner[s.space->vertex(b, state)];
      if (s.distance[v] == 0) continue;
      s.distance[v] = 0;
      s.touched.push_back(v);
      queue.emplace(0.0, v);
    }
  while (!queue.empty()) {
    const auto [d, v] = queue.top();
    queue.pop();
    if (d > s.distance[v] || (graph.dead_end[v] && d > 0)) continue;
    for (std::uint32_t k = graph.start[1][v]; k < graph.start[1][v + 1]; ++k) {
      const LatencyArcs::Arc& arc = graph.arcs[1][k];
      if (arc.width < found.rank) continue;
      const double through = d + arc.latency_ms;
      if (through > horizon) continue;  // beyond the flow's limit
      if (graph.dead_end[arc.vertex] && s.space->state_of(graph.outer[arc.vertex]) != 0) continue;  // no source, no way on
      double& known = s.distance[arc.vertex];
      if (through >= known) continue;
      if (known == infinity) s.touched.push_back(arc.vertex);
      known = through;
      if (!graph.dead_end[arc.vertex]) queue.emplace(through, arc.vertex);
    }
  }
  std::vector<double> latency(node_count);
  for (NodeIndex a = 0; a < node_count; ++a) latency[a] = s.distance[graph.inner[s.space->vertex(a, 0)]];
  for (VertexIndex v : s.touched) s.distance[v] = infinity;
  s.touched.clear();
  for (NodeIndex a = 0; a < node_count; ++a) {
    if (latency[a] <= limit - band) fits[a] = 1;
    else if (latency[a] <= limit + band) fits[a] = reaches(f, a, targets);  // too close to trust: the exact search
  }
  for (NodeIndex b : targets) fits[b] = 1;  // the empty route
}

RuleId PlaceFlows::failure(FlowIndex f, NodeIndex a, Span<NodeIndex> targets, bool unreached) {
  if (!unreached && reaches(f, a, targets)) return RuleId::placement_missing;
  if (!reaches_within(table(route_table_of_flow_[f]), a, targets, infinity)) return RuleId::flow_route;
  if (!reaches_within(table(table_of_flow_[f]), a, targets, infinity)) return RuleId::flow_bandwidth;
  return RuleId::flow_latency;
}

}  // namespace detail
}  // namespace v1
}  // namespace clearance
