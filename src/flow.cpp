// The flow rules (spec §4.1). Work items (flow, source node) are sorted by data class and
// bandwidth threshold, so that work is shared by sorting rather than by a cache: one
// product graph and one reachability closure per class answer every flow.route; a
// bidirectional search per item answers flow.bandwidth and flow.latency, stopping at the
// first route within the flow's limit (a closure per (class, threshold) takes over
// flow.bandwidth where those searches cost more). Text is built only for findings.
#include <clearance/flow.hpp>
#include <clearance/error.hpp>

#include "check_parts.hpp"
#include "flow_findings.hpp"
#include "flow_space.hpp"
#include "latency_check.hpp"
#include "plain_paths.hpp"
#include "reach_closure.hpp"
#include "run_tasks.hpp"
#include "text.hpp"

#include <algorithm>
#include <atomic>
#include <memory>
#include <mutex>
#include <utility>

namespace clearance {
inline namespace v1 {

namespace detail {

namespace {

// A reachability closure costs a bit per (component, node); above this, search per source.
constexpr std::size_t closure_budget_bytes = std::size_t(256) << 20;

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

// `only`: when given, the flows f with only[f] != 0 and no others.
std::vector<WorkItem> work_items(const FlowContext& context, const std::vector<unsigned char>* only = nullptr) {
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
      if (only != nullptr && (*only)[f] == 0) continue;
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

// What the threads share of a data class: its product graph and the closure that answers
// flow.route, built by the first part that reaches the class and freed by the last that
// leaves it, so that two jobs cost one product graph, not two (issue 23).
struct SharedClass {
  std::once_flag built;
  std::unique_ptr<const FlowSpace> space;
  std::shared_ptr<const ReachClosure> closure;  // null: over closure_budget_bytes, search per source
  std::once_flag arcs_built;                    // only for a class with latency or bandwidth demands
  std::shared_ptr<const LatencyArcs> arcs;      // what the latency search reads of the graph
  std::atomic<std::size_t> users{0};            // parts that have yet to finish with it
};

// The verdicts of items[begin, end) (sorted): bandwidth and latency findings into `out` in
// item order, and the (source, flow) pairs without a route into `no_route`, whose
// evidence is built afterwards. The classes' product graphs and closures are shared
// (`shared`); what a part searches with is its own, so ranges may run on different threads.
// With `witnesses`, the routes within their limits the latency searches found go there
// (check_parts.hpp).
void check_item_range(const FlowContext& context, const std::vector<WorkItem>& items, std::size_t begin,
                      std::size_t end, SharedClass* shared, std::vector<Finding>& out,
                      std::vector<std::pair<NodeIndex, FlowIndex>>& no_route,
                      FlowWitnesses* witnesses = nullptr,
                      std::vector<std::shared_ptr<const FlowSpace>>* kept_spaces = nullptr) {
  const Model& model = context.model;
  const std::size_t node_count = model.nodes().size();
  FlowTexts texts(context);  // the markings and labels the findings repeat
  std::vector<LinkIndex> within;  // a witness, when they are kept
  for (std::size_t i = begin; i < end;) {
    const std::uint32_t data_class = items[i].data_class;
    std::size_t class_end = i;
    while (class_end < end && items[class_end].data_class == data_class) ++class_end;
    // Per class: its product graph, and one closure that answers flow.route for every source.
    SharedClass& once = shared[data_class];
    std::call_once(once.built, [&] {
      once.space = std::make_unique<const FlowSpace>(model, context.network, context.guards,
                                                     context.classes.classes[data_class], context.widths);
      auto closure = std::make_shared<const ReachClosure>(*once.space, node_count, 0, closure_budget_bytes);
      if (closure->built()) once.closure = std::move(closure);
    });
    const FlowSpace& space = *once.space;
    Reachability route_reach(space, 0, once.closure);
    std::unique_ptr<LatencyCheck> latency_check;
    // The widest route of flow.bandwidth depends only on the source and the target nodes:
    // the findings of one source to the same nodes share one search (issue 20).
    NodeIndex widest_source = none;
    std::vector<std::pair<Span<NodeIndex>, ProductRoute>> widest_known;  // a few, looked up in turn
    ProductRoute widest_fresh;
    auto widest = [&](NodeIndex a, Span<NodeIndex> targets) -> const ProductRoute& {
      if (a != widest_source) {
        widest_known.clear();
        widest_source = a;
      }
      for (const auto& [nodes, route] : widest_known)
        if (nodes.size() == targets.size() && std::equal(nodes.begin(), nodes.end(), targets.begin())) return route;
      if (widest_known.size() == 16) return widest_fresh = latency_check->widest(a, targets);
      widest_known.emplace_back(targets, latency_check->widest(a, targets));
      return widest_known.back().second;
    };
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
        if (!latency_check) {
          std::call_once(once.arcs_built, [&] { once.arcs = std::make_shared<const LatencyArcs>(space); });
          latency_check = std::make_unique<LatencyCheck>(space, once.arcs);
        }
        if (bandwidth_reach && !bandwidth_reach->reaches_any(a, targets)) {
          out.push_back(bandwidth_finding(context, space, widest(a, targets), f, a, &texts));
          continue;
        }
        // What a reachability closure over the product graph costs, in vertices and arcs.
        const std::uint64_t closure_cost = space.vertex_count() + latency_check->arc_count();
        if (!bandwidth_reach && threshold != 0 && latency_check->work() - work_before > 2 * closure_cost) {
          bandwidth_reach =
              std::make_unique<Reachability>(space, node_count, threshold_value, closure_budget_bytes);
          if (!bandwidth_reach->reaches_any(a, targets)) {
            out.push_back(bandwidth_finding(context, space, widest(a, targets), f, a, &texts));
            continue;
          }
        }
        if (limit == infinity && bandwidth_reach) continue;  // a route of the bandwidth is all it needs
        ProductRoute fastest;
        const LatencyCheck::Reach reach =
            latency_check->reach(a, targets, threshold_value, limit, &fastest, witnesses ? &within : nullptr);
        if (reach == LatencyCheck::Reach::within && witnesses != nullptr && !within.empty())
          witnesses->add(f, a, within);
        if (reach == LatencyCheck::Reach::unreachable)  // a route exists, but none with the bandwidth
          out.push_back(bandwidth_finding(context, space, widest(a, targets), f, a, &texts));
        else if (reach == LatencyCheck::Reach::slower)
          out.push_back(latency_finding(context, space, fastest, f, a, &texts));
      }
    }
    latency_check.reset();
    if (--once.users == 0) {
      once.arcs.reset();
      once.closure.reset();
      if (kept_spaces != nullptr)
        (*kept_spaces)[data_class] = std::move(once.space);
      else
        once.space.reset();
    }
  }
}

// Throws when a class the items search has more (node, label) states than `limit`
// (check_label_states in flow_space.hpp, which the other analyses ask too).
void check_label_states(const FlowContext& context, const std::vector<WorkItem>& items, std::uint64_t limit) {
  std::vector<std::uint8_t> asked(context.classes.classes.size(), 0);
  for (const WorkItem& item : items) asked[item.data_class] = 1;
  detail::check_label_states(context, asked, limit);
}

// [begin, end) of part k of `count` nearly equal parts of `size`.
std::pair<std::size_t, std::size_t> part_of(std::size_t size, std::size_t count, std::size_t k) {
  return {size * k / count, size * (k + 1) / count};
}

void check_items(const FlowContext& context, std::vector<WorkItem>& items, std::vector<Finding>& out,
                 unsigned jobs, std::uint64_t max_label_states, FlowWitnesses* witnesses = nullptr,
                 std::vector<std::shared_ptr<const FlowSpace>>* kept_spaces = nullptr) {
  check_label_states(context, items, max_label_states);
  sort_items(context, items);
  // With threads, the items are cut into a few parts per thread (the cost per item varies
  // by class), taken in turn; a class cut between parts is set up in each. Each part's
  // findings go to its own vector and the parts are joined in order, so the findings and
  // their order do not depend on `jobs`.
  jobs = resolve_jobs(jobs);
  const std::size_t part_count = jobs == 1 ? 1 : std::min<std::size_t>(items.size(), std::size_t(jobs) * 4);
  std::vector<std::vector<Finding>> found(part_count);
  std::vector<std::vector<std::pair<NodeIndex, FlowIndex>>> unrouted(part_count);
  std::vector<FlowWitnesses> witnessed(witnesses != nullptr ? part_count : 0);
  const std::unique_ptr<SharedClass[]> shared(new SharedClass[context.classes.classes.size()]);
  for (std::size_t k = 0; k < part_count; ++k) {
    const auto [begin, end] = part_of(items.size(), part_count, k);
    for (std::size_t i = begin; i < end; ++i)
      if (i == begin || items[i].data_class != items[i - 1].data_class) ++shared[items[i].data_class].users;
  }
  run_tasks(jobs, part_count, [&](std::size_t k) {
    const auto [begin, end] = part_of(items.size(), part_count, k);
    check_item_range(context, items, begin, end, shared.get(), found[k], unrouted[k],
                     witnesses != nullptr ? &witnessed[k] : nullptr, kept_spaces);
  });
  for (FlowWitnesses& part : witnessed) {
    if (witnesses->size() == 0)
      *witnesses = std::move(part);
    else
      witnesses->append(part);
  }
  std::size_t total = out.size();
  for (const auto& part : found) total += part.size();
  out.reserve(total);
  for (auto& part : found)
    out.insert(out.end(), std::make_move_iterator(part.begin()), std::make_move_iterator(part.end()));
  found.clear();

  // The witness of flow.route comes from a two-sided BFS (PlainPaths), one per (source,
  // data class, target nodes): findings that share them share it. Each part has its own
  // search arrays.
  std::vector<std::pair<NodeIndex, FlowIndex>> no_route;
  for (const auto& part : unrouted) no_route.insert(no_route.end(), part.begin(), part.end());
  unrouted.clear();
  std::sort(no_route.begin(), no_route.end());
  const std::size_t route_parts = jobs == 1 ? 1 : std::min<std::size_t>(no_route.size(), std::size_t(jobs) * 4);
  std::vector<std::vector<Finding>> routes(route_parts);
  run_tasks(jobs, route_parts, [&](std::size_t k) {
    const auto [begin, end] = part_of(no_route.size(), route_parts, k);
    PlainPaths plain(context.model);
    RouteFindings findings(context);  // the findings of one source share their searches
    routes[k].reserve(end - begin);
    for (std::size_t i = begin; i < end; ++i) findings.append(plain, no_route[i].second, no_route[i].first, routes[k]);
  });
  for (auto& part : routes)
    out.insert(out.end(), std::make_move_iterator(part.begin()), std::make_move_iterator(part.end()));
}

}  // namespace

void check_some_flows(const Model& model, const std::vector<unsigned char>& only, std::vector<Finding>& out,
                      unsigned jobs, std::uint64_t max_label_states) {
  if (model.flows().empty()) return;
  const FlowContext context(model);
  std::vector<WorkItem> items = work_items(context, &only);
  check_items(context, items, out, jobs, max_label_states);
}

void check_flows_keeping_witnesses(const Model& model, std::vector<Finding>& out, const FlowCheckOptions& options,
                                   FlowWitnesses& witnesses, KeptFlowGraphs& kept) {
  if (model.flows().empty()) return;
  auto context = std::make_shared<const FlowContext>(model);
  kept.context = context;
  kept.spaces.assign(context->classes.classes.size(), nullptr);
  std::vector<WorkItem> items = work_items(*context);
  check_items(*context, items, out, options.jobs, options.max_label_states, &witnesses, &kept.spaces);
}

}  // namespace detail

void check_flows(const Model& model, std::vector<Finding>& out) { check_flows(model, out, FlowCheckOptions{}); }

void check_flows(const Model& model, std::vector<Finding>& out, const FlowCheckOptions& options) {
  if (model.flows().empty()) return;
  const detail::FlowContext context(model);
  std::vector<detail::WorkItem> items = detail::work_items(context);
  detail::check_items(context, items, out, options.jobs, options.max_label_states);
}

}  // namespace v1
}  // namespace clearance

