// The flow rules (spec §4.1). Work items (flow, source node) are sorted by data class and
// bandwidth threshold, so that work is shared by sorting rather than by a cache: one
// product graph and one reachability closure per class answer every flow.route; a
// bidirectional search per item answers flow.bandwidth and flow.latency, stopping at the
// first route within the flow's limit (a closure per (class, threshold) takes over
// flow.bandwidth where those searches cost more). Text is built only for findings.
#include <clearance/flow.hpp>

#include "text.hpp"
#include "flow_search.hpp"

#include <algorithm>
#include <atomic>
#include <exception>
#include <limits>
#include <memory>
#include <mutex>
#include <system_error>
#include <thread>
#include <utility>

namespace clearance {
inline namespace v1 {

namespace detail {

namespace {

constexpr double infinity = std::numeric_limits<double>::infinity();
// A reachability closure costs a bit per (component, node); above this, search per source.
constexpr std::size_t closure_budget_bytes = std::size_t(256) << 20;

bool contains_node(Span<NodeIndex> nodes, NodeIndex n) {
  for (NodeIndex m : nodes)
    if (m == n) return true;
  return false;
}

Finding flow_finding(RuleId rule, FlowIndex f, NodeIndex a) {
  Finding finding;
  finding.rule = rule;
  finding.severity = rule_info(rule).severity;
  finding.flow = f;
  finding.node = a;
  return finding;
}

// "flow `f` (data `d`, SECRET//NOFORN) from node `a` to workload `B`"
std::string flow_subject(const Model& model, FlowIndex f, NodeIndex a) {
  const Flow& flow = model.flows()[f];
  return "flow " + quoted(model.flow_id(f)) + " (data " + quoted(model.data_id(flow.data)) + ", " +
         model.marking_of(flow.data) + ") from node " + quoted(model.node_id(a)) + " to workload " +
         quoted(model.workload_id(flow.to));
}

std::string route_text(const Model& model, const std::vector<Hop>& hops) {
  std::string out;
  for (const Hop& hop : hops) {
    if (!out.empty()) out += " -> ";
    out += quoted(model.node_id(hop.node));
  }
  return out;
}

}  // namespace

FlowContext::FlowContext(const Model& model_in)
    : model(model_in), network(build_network_graph(model_in)), guards(collect_guard_releases(model_in)),
      classes(classify_data(model_in, guards)) {
  for (const Link& link : model.links())
    if (link.bandwidth_mbps != infinity) widths.push_back(link.bandwidth_mbps);
  std::sort(widths.begin(), widths.end());
  widths.erase(std::unique(widths.begin(), widths.end()), widths.end());
}

std::uint32_t FlowContext::threshold_index(const Flow& flow) const {
  if (!flow.min_bandwidth_mbps) return 0;
  return 1 + static_cast<std::uint32_t>(std::lower_bound(widths.begin(), widths.end(), *flow.min_bandwidth_mbps) -
                                        widths.begin());
}

double FlowContext::threshold_value(std::uint32_t index) const {
  if (index == 0) return 0;
  return index - 1 < widths.size() ? widths[index - 1] : infinity;
}

Finding route_finding(const FlowContext& context, FlowIndex f, NodeIndex a) {
  return route_finding(context, context.plain, f, a);
}

Finding route_finding(const FlowContext& context, PlainPaths& plain, FlowIndex f, NodeIndex a) {
  const Model& model = context.model;
  const Flow& flow = model.flows()[f];
  Finding finding = flow_finding(RuleId::flow_route, f, a);
  // Spec §4: critical for classified data; the original data decides, not a relabel.
  if (!model.scheme().is_classified(model.data()[flow.data].label.level)) finding.severity = Severity::high;
  Span<NodeIndex> targets = model.placement().nodes_of(flow.to);
  RouteBreak broken = explain_no_route(model, plain, context.guards, context.class_of(flow), a, targets);
  std::string target_nodes;
  for (std::size_t i = 0; i < targets.size() && i < 8; ++i) target_nodes += (i ? ", " : "") + quoted(model.node_id(targets[i]));
  if (targets.size() > 8) target_nodes += ", ...";
  finding.message = flow_subject(model, f, a) + " has no route that keeps the data's label to any of its nodes (" +
                    target_nodes + "): " + broken.why + ". " + broken.remediation;
  finding.path = std::move(broken.path);
  return finding;
}

Finding bandwidth_finding(const FlowContext& context, const FlowSpace& space, LatencyCheck* search, FlowIndex f,
                          NodeIndex a) {
  const Model& model = context.model;
  const Flow& flow = model.flows()[f];
  Finding finding = flow_finding(RuleId::flow_bandwidth, f, a);
  Span<NodeIndex> targets = model.placement().nodes_of(flow.to);
  ProductRoute route = search != nullptr ? search->widest(a, targets) : widest_route(space, a, targets);
  finding.path = hops_of(model, space, context.class_of(flow), route);
  const std::string needed = format_number(*flow.min_bandwidth_mbps);
  std::string widest;
  if (!route.vertices.empty()) {
    LinkIndex narrowest = route.links.empty() ? 0 : route.links[0];
    for (LinkIndex l : route.links)
      if (model.links()[l].bandwidth_mbps < model.links()[narrowest].bandwidth_mbps) narrowest = l;
    widest = ": the widest allowed route, " + route_text(model, finding.path) + ", carries " +
             format_number(route.figure) + " Mb/s, limited by link " + quoted(model.link_id(narrowest));
  }
  finding.message = flow_subject(model, f, a) + " needs " + needed +
                    " Mb/s (min_bandwidth_mbps), but every route that keeps the data's label crosses a slower link" +
                    widest + ". Add bandwidth on an allowed route, or relax the flow's min_bandwidth_mbps to " +
                    format_number(route.figure) + ".";
  return finding;
}

Finding latency_finding(const FlowContext& context, const FlowSpace& space, const ProductRoute& route, FlowIndex f,
                        NodeIndex a) {
  const Model& model = context.model;
  const Flow& flow = model.flows()[f];
  Finding finding = flow_finding(RuleId::flow_latency, f, a);
  finding.path = hops_of(model, space, context.class_of(flow), route);
  std::string meeting;
  if (flow.min_bandwidth_mbps)
    meeting = " among those that carry its " + format_number(*flow.min_bandwidth_mbps) + " Mb/s";
  finding.message = flow_subject(model, f, a) + " allows " + format_number(*flow.max_latency_ms) +
                    " ms (max_latency_ms), but the fastest route that keeps the data's label" + meeting + ", " +
                    route_text(model, finding.path) + ", takes " + format_number(route.figure) +
                    " ms. Place the workloads closer together, add a faster allowed route, or relax the flow's "
                    "max_latency_ms to " + format_number(route.figure) + ".";
  return finding;
}

bool check_flow_source(const FlowContext& context, const FlowSpace& space, FlowIndex f, NodeIndex a,
                       Finding& out, LatencyCheck* search) {
  const Model& model = context.model;
  const Flow& flow = model.flows()[f];
  Span<NodeIndex> targets = model.placement().nodes_of(flow.to);
  const DataClass& data_class = context.class_of(flow);
  if (reference_least_latency(model, context.network, context.guards, data_class, a, targets, 0) == infinity) {
    out = route_finding(context, f, a);
    return true;
  }
  const double threshold = context.threshold_value(context.threshold_index(flow));
  const double latency =
      reference_least_latency(model, context.network, context.guards, data_class, a, targets, threshold);
  if (latency == infinity) {
    out = bandwidth_finding(context, space, search, f, a);
    return true;
  }
  if (flow.max_latency_ms && latency > *flow.max_latency_ms) {
    // With a search, the route check() reports: the one its reach() goes on to.
    ProductRoute route;
    if (search == nullptr ||
        search->reach(a, targets, threshold, *flow.max_latency_ms, &route) != LatencyCheck::Reach::slower)
      route = fastest_route(space, a, targets, threshold);
    out = latency_finding(context, space, route, f, a);
    return true;
  }
  return false;
}

namespace {

// A (flow, source node) pair with what its verdict reads of the flow: the items are
// visited sorted by class, so reading the flow and its placement again then would miss
// the cache for every item of a large estate.
struct WorkItem {
  std::uint32_t data_class;
  std::uint32_t threshold;
  NodeIndex source;
  FlowIndex flow;
  double max_latency_ms;     // infinity: none
  const NodeIndex* targets;  // the nodes of the flow's `to`, in the placement
  std::uint32_t target_count;
  Span<NodeIndex> target_nodes() const { return Span<NodeIndex>(targets, target_count); }
};

// Asks the memory for the line at `address` ahead of its use (a hint; nothing on other compilers).
inline void prefetch(const void* address) {
#if defined(__GNUC__)
  __builtin_prefetch(address);
#else
  (void)address;
#endif
}

std::vector<WorkItem> work_items(const FlowContext& context) {
  const Model& model = context.model;
  const Placement& placement = model.placement();
  const auto& flows = model.flows();
  std::vector<WorkItem> items;
  items.reserve(flows.size() + flows.size() / 2);
  // In blocks: first where each flow's source and target nodes are (and a prefetch of
  // them), then the items. The flows' workloads are anywhere in the placement, so each
  // read of their nodes misses the cache on a large estate; issued a block ahead, the
  // misses overlap instead of following one another.
  constexpr FlowIndex block = 64;
  Span<NodeIndex> sources_of[block], targets_of[block];
  for (FlowIndex first = 0; first < flows.size(); first += block) {
    const FlowIndex count = static_cast<FlowIndex>(std::min<std::size_t>(block, flows.size() - first));
    for (FlowIndex i = 0; i < count; ++i) {
      sources_of[i] = placement.nodes_of(flows[first + i].from);
      targets_of[i] = placement.nodes_of(flows[first + i].to);
      prefetch(sources_of[i].data());
      prefetch(targets_of[i].data());
    }
    for (FlowIndex i = 0; i < count; ++i) {
      const FlowIndex f = first + i;
      const Flow& flow = flows[f];
      const Span<NodeIndex> sources = sources_of[i], targets = targets_of[i];
      if (sources.empty() || targets.empty()) continue;  // spec §4.1
      const std::uint32_t data_class = context.classes.search_of[context.classes.class_of[flow.data]];
      const std::uint32_t threshold = context.threshold_index(flow);
      const double limit = flow.max_latency_ms ? *flow.max_latency_ms : infinity;
      for (std::size_t k = 0; k < sources.size(); ++k) {
        bool repeated = false;
        for (std::size_t j = 0; j < k && !repeated; ++j) repeated = sources[j] == sources[k];
        if (!repeated)
          items.push_back(WorkItem{data_class, threshold, sources[k], f, limit, targets.data(),
                                   static_cast<std::uint32_t>(targets.size())});
      }
    }
  }
  return items;
}

// One stable counting pass: items ordered by key(item) < buckets, ties kept in order.
template <typename Key>
void counting_sort(std::vector<WorkItem>& items, std::vector<WorkItem>& scratch, std::size_t buckets, Key key) {
  std::vector<std::size_t> start(buckets + 1, 0);
  for (const WorkItem& item : items) ++start[key(item) + 1];
  for (std::size_t b = 0; b < buckets; ++b) start[b + 1] += start[b];
  scratch.resize(items.size());
  // With many buckets (one per node) every write lands on a line of its own: ask for the
  // line an item a few places ahead will be written to.
  constexpr std::size_t ahead = 16;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i + ahead < items.size()) prefetch(scratch.data() + start[key(items[i + ahead])]);
    scratch[start[key(items[i])]++] = items[i];
  }
  items.swap(scratch);
}

// Sorts the items by (class, threshold, source, flow): work_items() makes them in flow
// order, so three stable counting passes (source, then threshold, then class) do it in
// linear time. Sorting is what shares the work, and a comparison sort of millions of
// items cost more than the searches it organises.
void sort_items(const FlowContext& context, std::vector<WorkItem>& items) {
  std::vector<WorkItem> scratch;
  counting_sort(items, scratch, context.model.nodes().size(), [](const WorkItem& item) { return item.source; });
  counting_sort(items, scratch, context.widths.size() + 2, [](const WorkItem& item) { return item.threshold; });
  counting_sort(items, scratch, context.classes.classes.size(), [](const WorkItem& item) { return item.data_class; });
}

void check_unmemoised(const FlowContext& context, const std::vector<WorkItem>& items, std::vector<Finding>& out) {
  const Model& model = context.model;
  for (const WorkItem& item : items) {
    // The flow's own class, not the one it shares a search with: the reference folds nothing.
    const FlowSpace space(model, context.network, context.guards, context.class_of(model.flows()[item.flow]),
                          context.widths);
    Finding finding;
    if (check_flow_source(context, space, item.flow, item.source, finding)) out.push_back(std::move(finding));
  }
}

// Answers "does (a, 0) reach a node of the targets" for one class and threshold: by the
// closure when it fits in memory, else by a search per source.
class Reachability {
 public:
  Reachability(const FlowSpace& space, std::size_t node_count, double threshold)
      : space_(space), threshold_(threshold) {
    closure_ = std::make_unique<ReachClosure>(space, node_count, threshold, closure_budget_bytes);
    if (!closure_->built()) closure_.reset();
  }
  bool reaches_any(NodeIndex a, Span<NodeIndex> targets) {
    if (closure_) return closure_->reaches_any(space_.vertex(a, 0), targets);
    if (a != source_) {
      least_latency(space_, a, threshold_, distance_, nullptr, nullptr);
      source_ = a;
    }
    for (NodeIndex b : targets)
      if (distance_[b] != infinity) return true;
    return false;
  }

 private:
  const FlowSpace& space_;
  double threshold_;
  std::unique_ptr<ReachClosure> closure_;
  NodeIndex source_ = none;
  std::vector<double> distance_;
};

// The verdicts of items[begin, end) (sorted): bandwidth and latency findings into `out` in
// item order, and the (source, flow) pairs without a route into `no_route`, whose
// evidence is built afterwards. Everything per class is built here, so ranges may run on
// different threads.
void check_item_range(const FlowContext& context, const std::vector<WorkItem>& items, std::size_t begin,
                      std::size_t end, std::vector<Finding>& out,
                      std::vector<std::pair<NodeIndex, FlowIndex>>& no_route) {
  const Model& model = context.model;
  const std::size_t node_count = model.nodes().size();
  for (std::size_t i = begin; i < end;) {
    const std::uint32_t data_class = items[i].data_class;
    std::size_t class_end = i;
    while (class_end < end && items[class_end].data_class == data_class) ++class_end;
    // Per class: its product graph, and one closure that answers flow.route for every source.
    const FlowSpace space(model, context.network, context.guards, context.classes.classes[data_class],
                          context.widths);
    Reachability route_reach(space, node_count, 0);
    std::unique_ptr<LatencyCheck> latency_check;
    // What a reachability closure over the product graph costs, in arcs and vertices.
    const std::uint64_t closure_cost = boost::num_vertices(space.graph()) + boost::num_edges(space.graph());
    while (i < class_end) {
      // Per (class, bandwidth threshold): flow.bandwidth and flow.latency are answered by
      // the bidirectional search, which stops at the first route within the limit (any
      // route, without one) and so costs little when there is one. A closure answers
      // flow.bandwidth instead once the searches have cost more than twice what the
      // closure would (searches that find no route may cost a whole component each).
      const std::uint32_t threshold = items[i].threshold;
      const double threshold_value = context.threshold_value(threshold);
      std::unique_ptr<Reachability> bandwidth_reach;
      const std::uint64_t work_before = latency_check ? latency_check->work() : 0;
      for (; i < class_end && items[i].threshold == threshold; ++i) {
        const WorkItem& item = items[i];
        if (i + 8 < end) prefetch(items[i + 8].targets);  // anywhere in the placement
        const NodeIndex a = item.source;
        const FlowIndex f = item.flow;
        const Span<NodeIndex> targets = item.target_nodes();
        if (contains_node(targets, a)) continue;  // co-located: the empty route
        if (!route_reach.reaches_any(a, targets)) {
          no_route.emplace_back(a, f);
          continue;
        }
        const double limit = item.max_latency_ms;
        if (threshold == 0 && limit == infinity) continue;  // a route is all it needs
        if (!latency_check) latency_check = std::make_unique<LatencyCheck>(space);
        if (bandwidth_reach && !bandwidth_reach->reaches_any(a, targets)) {
          out.push_back(bandwidth_finding(context, space, latency_check.get(), f, a));
          continue;
        }
        if (!bandwidth_reach && threshold != 0 && latency_check->work() - work_before > 2 * closure_cost) {
          bandwidth_reach = std::make_unique<Reachability>(space, node_count, threshold_value);
          if (!bandwidth_reach->reaches_any(a, targets)) {
            out.push_back(bandwidth_finding(context, space, latency_check.get(), f, a));
            continue;
          }
        }
        if (limit == infinity && bandwidth_reach) continue;  // a route of the bandwidth is all it needs
        ProductRoute fastest;
        const LatencyCheck::Reach reach = latency_check->reach(a, targets, threshold_value, limit, &fastest);
        if (reach == LatencyCheck::Reach::unreachable)  // a route exists, but none with the bandwidth
          out.push_back(bandwidth_finding(context, space, latency_check.get(), f, a));
        else if (reach == LatencyCheck::Reach::slower)
          out.push_back(latency_finding(context, space, fastest, f, a));
      }
    }
  }
}

// Runs task(k) for every k < count, each k once, on up to `jobs` threads (this one
// included) that take the next k in turn. The first exception is rethrown here.
template <typename Task>
void run_tasks(unsigned jobs, std::size_t count, const Task& task) {
  std::atomic<std::size_t> next{0};
  std::exception_ptr failure;
  std::mutex failure_mutex;
  auto work = [&] {
    for (std::size_t k; (k = next.fetch_add(1)) < count;) {
      try {
        task(k);
      } catch (...) {
        const std::lock_guard<std::mutex> lock(failure_mutex);
        if (!failure) failure = std::current_exception();
        next = count;  // stop the others early
      }
    }
  };
  std::vector<std::thread> threads;
  try {
    for (unsigned job = 1; job < jobs && job < count; ++job) threads.emplace_back(work);
  } catch (const std::system_error&) {
    // No more threads: those started and this one share the work.
  }
  work();
  for (std::thread& thread : threads) thread.join();
  if (failure) std::rethrow_exception(failure);
}

// [begin, end) of part k of `count` nearly equal parts of `size`.
std::pair<std::size_t, std::size_t> part_of(std::size_t size, std::size_t count, std::size_t k) {
  return {size * k / count, size * (k + 1) / count};
}

void check_memoised(const FlowContext& context, std::vector<WorkItem>& items, std::vector<Finding>& out,
                    unsigned jobs) {
  sort_items(context, items);
  // With threads, the items are cut into a few parts per thread (the cost per item varies
  // by class), taken in turn; a class cut between parts is set up in each. Each part's
  // findings go to its own vector and the parts are joined in order, so the findings and
  // their order do not depend on `jobs`.
  jobs = std::max(1u, jobs);
  const std::size_t part_count = jobs == 1 ? 1 : std::min<std::size_t>(items.size(), std::size_t(jobs) * 4);
  std::vector<std::vector<Finding>> found(part_count);
  std::vector<std::vector<std::pair<NodeIndex, FlowIndex>>> unrouted(part_count);
  run_tasks(jobs, part_count, [&](std::size_t k) {
    const auto [begin, end] = part_of(items.size(), part_count, k);
    check_item_range(context, items, begin, end, found[k], unrouted[k]);
  });
  std::size_t total = out.size();
  for (const auto& part : found) total += part.size();
  out.reserve(total);
  for (auto& part : found)
    out.insert(out.end(), std::make_move_iterator(part.begin()), std::make_move_iterator(part.end()));
  found.clear();

  // The witness of flow.route comes from a two-sided BFS per finding (PlainPaths); each
  // part has its own search arrays.
  std::vector<std::pair<NodeIndex, FlowIndex>> no_route;
  for (const auto& part : unrouted) no_route.insert(no_route.end(), part.begin(), part.end());
  unrouted.clear();
  std::sort(no_route.begin(), no_route.end());
  const std::size_t route_parts = jobs == 1 ? 1 : std::min<std::size_t>(no_route.size(), std::size_t(jobs) * 4);
  std::vector<std::vector<Finding>> routes(route_parts);
  run_tasks(jobs, route_parts, [&](std::size_t k) {
    const auto [begin, end] = part_of(no_route.size(), route_parts, k);
    PlainPaths plain(context.model);
    routes[k].reserve(end - begin);
    for (std::size_t i = begin; i < end; ++i)
      routes[k].push_back(route_finding(context, plain, no_route[i].second, no_route[i].first));
  });
  for (auto& part : routes)
    out.insert(out.end(), std::make_move_iterator(part.begin()), std::make_move_iterator(part.end()));
}

}  // namespace

}  // namespace detail

void check_flows(const Model& model, std::vector<Finding>& out) { check_flows(model, out, FlowCheckOptions{}); }

void check_flows(const Model& model, std::vector<Finding>& out, const FlowCheckOptions& options) {
  if (model.flows().empty()) return;
  const detail::FlowContext context(model);
  std::vector<detail::WorkItem> items = detail::work_items(context);
  if (options.memoise)
    detail::check_memoised(context, items, out, options.jobs);
  else
    detail::check_unmemoised(context, items, out);
}

}  // namespace v1
}  // namespace clearance
