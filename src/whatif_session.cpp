// The prepared what-if (whatif_session.hpp). A failure only removes: nodes with their
// links and replicas, and links. So a finding of the whole check can change only where
// what it was judged on lost something:
// - the per-workload rules read a workload's nodes: only workloads with a replica on a
//   down node are checked again;
// - capacity, node.impact-level and the link rules read one node or link: their findings
//   stay, less those keyed on a removed element;
// - the flow rules read the product graph of the flow's data class and the nodes of its
//   target: a flow is checked again when its target lost a node or when its class's graph
//   has an edge over a removed link (the product graph of every other class is the same
//   graph, so the same searches give the same verdicts and evidence). A guard with
//   releases going down changes the classes themselves, and every flow is checked again.
#include <clearance/whatif_session.hpp>

#include <clearance/error.hpp>

#include "check_parts.hpp"
#include "flow_findings.hpp"
#include "flow_space.hpp"
#include "plain_paths.hpp"
#include "whatif_down.hpp"

#include <algorithm>
#include <map>
#include <mutex>
#include <unordered_set>

namespace clearance {
inline namespace v1 {

namespace {

using detail::DownModel;
using detail::FlowContext;
using detail::FlowSpace;

using Bits = std::vector<std::uint64_t>;
inline bool test(const Bits& bits, std::size_t i) { return (bits[i / 64] >> (i % 64)) & 1u; }
inline void set(Bits& bits, std::size_t i) { bits[i / 64] |= std::uint64_t{1} << (i % 64); }

bool is_per_workload(RuleId rule) { return rule <= RuleId::availability_zones; }
bool is_flow_rule(RuleId rule) { return rule >= RuleId::flow_route; }

}  // namespace

struct WhatIfSession::State {
  const Model* model = nullptr;
  CheckOptions options;
  std::vector<Finding> raw;  // the rules' findings of the whole model, sorted, before waivers
  Report whole;
  std::unique_ptr<FlowContext> context;  // of the whole model
  // Per search class of `context`: the links its product graph has an edge over.
  std::vector<Bits> class_links;
  Bits guard_with_releases;  // per link
  // The workloads placed on each node (CSR: workloads_on[on_begin[n], on_begin[n + 1])).
  std::vector<std::uint32_t> on_begin;
  std::vector<WorkloadIndex> workloads_on;
  std::vector<FlowSource> working;
  std::vector<std::uint32_t> working_begin;  // per flow: its pairs working[begin[f], begin[f + 1])

  mutable std::mutex pool_mutex;
  mutable std::vector<std::unique_ptr<DownModel>> pool;

  // A DownModel for one call, from the pool (or a new copy of the model), given back after.
  class Lease {
   public:
    explicit Lease(const State& state) : state_(state) {
      {
        std::lock_guard<std::mutex> lock(state_.pool_mutex);
        if (!state_.pool.empty()) {
          down_ = std::move(state_.pool.back());
          state_.pool.pop_back();
        }
      }
      if (!down_) down_ = std::make_unique<DownModel>(*state_.model);
    }
    ~Lease() {
      std::lock_guard<std::mutex> lock(state_.pool_mutex);
      state_.pool.push_back(std::move(down_));
    }
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    DownModel& get() { return *down_; }

   private:
    const State& state_;
    std::unique_ptr<DownModel> down_;
  };

  // What a scenario removes, and what it must check again.
  struct Scenario {
    Bits link_removed;                     // per link of the model
    std::vector<unsigned char> workload_touched;
    std::vector<WorkloadIndex> touched;    // sorted
    std::vector<unsigned char> flow_affected;
  };
  Scenario scenario(const Elements& down) const;
  std::vector<Finding> findings_down(DownModel& down_model, const Elements& down, const Scenario& s) const;
};

WhatIfSession::State::Scenario WhatIfSession::State::scenario(const Elements& down) const {
  const Model& m = *model;
  Scenario s;
  s.link_removed.assign((m.links().size() + 63) / 64, 0);
  std::vector<unsigned char> node_down(m.nodes().size(), 0);
  for (NodeIndex n : down.nodes) node_down[n] = 1;
  for (LinkIndex l : down.links) set(s.link_removed, l);
  for (LinkIndex l = 0; l < m.links().size(); ++l)
    if (node_down[m.links()[l].from] || node_down[m.links()[l].to]) set(s.link_removed, l);
  s.workload_touched.assign(m.workloads().size(), 0);
  for (NodeIndex n : down.nodes)
    for (std::uint32_t i = on_begin[n]; i < on_begin[n + 1]; ++i)
      if (!s.workload_touched[workloads_on[i]]) {
        s.workload_touched[workloads_on[i]] = 1;
        s.touched.push_back(workloads_on[i]);
      }
  std::sort(s.touched.begin(), s.touched.end());

  bool classes_change = false;
  std::vector<unsigned char> class_touched(class_links.size(), 0);
  for (std::size_t w = 0; w < s.link_removed.size(); ++w) {
    if (s.link_removed[w] == 0) continue;
    classes_change = classes_change || (s.link_removed[w] & guard_with_releases[w]) != 0;
    for (std::size_t c = 0; c < class_links.size(); ++c) class_touched[c] |= (s.link_removed[w] & class_links[c][w]) != 0;
  }
  s.flow_affected.assign(m.flows().size(), 0);
  for (FlowIndex f = 0; f < m.flows().size(); ++f) {
    const Flow& flow = m.flows()[f];
    s.flow_affected[f] = classes_change || s.workload_touched[flow.to] ||
                         class_touched[context->classes.search_of[context->classes.class_of[flow.data]]];
  }
  return s;
}

std::vector<Finding> WhatIfSession::State::findings_down(DownModel& down_model, const Elements& down,
                                                         const Scenario& s) const {
  std::vector<Finding> out;
  out.reserve(raw.size() + 64);
  std::vector<FlowSource> reroute;  // carried flow.route findings whose witness lost an element
  for (const Finding& finding : raw) {
    if (finding.node != no_key && down_model.is_down(finding.node)) continue;
    if (finding.link != no_key && test(s.link_removed, finding.link)) continue;
    if (is_per_workload(finding.rule) && s.workload_touched[finding.workload]) continue;
    if (is_flow_rule(finding.rule) && s.flow_affected[finding.flow]) continue;
    if (finding.rule == RuleId::flow_route) {
      const bool loses = std::any_of(finding.path.begin(), finding.path.end(), [&](const Hop& hop) {
        return (hop.link != no_key && test(s.link_removed, hop.link)) ||
               (hop.node != no_key && down_model.is_down(hop.node));
      });
      if (loses) {
        reroute.push_back(FlowSource{finding.flow, finding.node});
        continue;
      }
    }
    out.push_back(finding);
  }

  std::vector<Finding> fresh;
  detail::check_some_workloads(down_model.model(), s.touched, fresh);
  detail::check_some_flows(down_model.model(), s.flow_affected, fresh, 1, options.max_label_states);
  if (!reroute.empty()) {
    const FlowContext down_context(down_model.model());
    detail::PlainPaths plain(down_model.model());
    for (const FlowSource& pair : reroute) fresh.push_back(detail::route_finding(down_context, plain, pair.flow, pair.node));
  }
  for (Finding& finding : fresh)
    if (down_model.map_back(finding)) out.push_back(std::move(finding));
  (void)down;
  return out;
}

namespace {

void check_range(const Model& model, const Elements& down) {
  for (NodeIndex n : down.nodes)
    if (n >= model.nodes().size()) throw error(ErrorKind::usage, "what-if: a node index out of range");
  for (LinkIndex l : down.links)
    if (l >= model.links().size()) throw error(ErrorKind::usage, "what-if: a link index out of range");
}

}  // namespace

WhatIfSession::WhatIfSession(const Model& model, const CheckOptions& options) : state_(std::make_unique<State>()) {
  State& s = *state_;
  s.model = &model;
  s.options = options;
  CheckOptions rules_only;
  rules_only.jobs = options.jobs;
  s.raw = check(model, rules_only).findings;
  s.whole.model = model.name();
  s.whole.findings = s.raw;
  if (options.waivers != nullptr) apply_waivers(s.whole, model, options.waivers, options.waiver_options);
  keep_findings_at_or_above(s.whole, options.min_severity);

  s.context = std::make_unique<FlowContext>(model);
  const FlowContext& context = *s.context;
  const std::size_t link_words = (model.links().size() + 63) / 64;
  s.guard_with_releases.assign(link_words, 0);
  for (LinkIndex l = 0; l < model.links().size(); ++l)
    if (context.guards.first[l + 1] > context.guards.first[l]) set(s.guard_with_releases, l);
  // Only the classes some flow searches need their links.
  std::vector<unsigned char> searched(context.classes.classes.size(), 0);
  for (const Flow& flow : model.flows()) searched[context.classes.search_of[context.classes.class_of[flow.data]]] = 1;
  s.class_links.assign(context.classes.classes.size(), Bits(link_words, 0));
  for (std::size_t c = 0; c < searched.size(); ++c) {
    if (!searched[c]) continue;
    const FlowSpace space(model, context.network, context.guards, context.classes.classes[c], context.widths);
    const auto edges = boost::edges(space.graph());
    for (auto e = edges.first; e != edges.second; ++e) set(s.class_links[c], space.graph()[*e].link);
  }

  const Placement& placement = model.placement();
  s.on_begin.assign(model.nodes().size() + 1, 0);
  for (WorkloadIndex w = 0; w < placement.workload_count(); ++w)
    for (NodeIndex n : placement.nodes_of(w)) ++s.on_begin[n + 1];
  for (std::size_t n = 0; n < model.nodes().size(); ++n) s.on_begin[n + 1] += s.on_begin[n];
  s.workloads_on.resize(s.on_begin.back());
  {
    std::vector<std::uint32_t> next(s.on_begin.begin(), s.on_begin.end() - 1);
    for (WorkloadIndex w = 0; w < placement.workload_count(); ++w)
      for (NodeIndex n : placement.nodes_of(w)) s.workloads_on[next[n]++] = w;
  }

  // Working pairs: every (flow, distinct source) with a target and no flow finding.
  std::unordered_set<std::uint64_t> failing;
  for (const Finding& finding : s.raw)
    if (is_flow_rule(finding.rule)) failing.insert(std::uint64_t{finding.flow} << 32 | finding.node);
  s.working_begin.assign(model.flows().size() + 1, 0);
  for (FlowIndex f = 0; f < model.flows().size(); ++f) {
    const Flow& flow = model.flows()[f];
    if (placement.is_placed(flow.to)) {
      std::vector<NodeIndex> sources(placement.nodes_of(flow.from).begin(), placement.nodes_of(flow.from).end());
      std::sort(sources.begin(), sources.end());
      sources.erase(std::unique(sources.begin(), sources.end()), sources.end());
      for (NodeIndex a : sources)
        if (failing.count(std::uint64_t{f} << 32 | a) == 0) s.working.push_back(FlowSource{f, a});
    }
    s.working_begin[f + 1] = static_cast<std::uint32_t>(s.working.size());
  }
}

WhatIfSession::~WhatIfSession() = default;
WhatIfSession::WhatIfSession(WhatIfSession&&) noexcept = default;
WhatIfSession& WhatIfSession::operator=(WhatIfSession&&) noexcept = default;

const Model& WhatIfSession::model() const { return *state_->model; }
const CheckOptions& WhatIfSession::options() const { return state_->options; }
const Report& WhatIfSession::whole() const { return state_->whole; }
const std::vector<FlowSource>& WhatIfSession::working_pairs() const { return state_->working; }

Report WhatIfSession::check_down(const Elements& down) const {
  const State& s = *state_;
  const Model& model = *s.model;
  check_range(model, down);
  if (down.empty()) return s.whole;
  Report report;
  report.model = model.name();
  {
    State::Lease lease(s);
    DownModel& down_model = lease.get();
    down_model.take_down(down);
    report.findings = s.findings_down(down_model, down, s.scenario(down));
  }
  sort_findings(model, report.findings);
  if (s.options.waivers != nullptr) apply_waivers(report, model, s.options.waivers, s.options.waiver_options);
  keep_findings_at_or_above(report, s.options.min_severity);
  return report;
}

WhatIf WhatIfSession::run(const Elements& down) const {
  WhatIf result;
  result.with_down = check_down(down);
  result.down = down;
  result.whole = state_->whole;
  result.added = detail::findings_missing_from(result.with_down, result.whole);
  result.resolved = detail::findings_missing_from(result.whole, result.with_down);
  return result;
}

std::vector<FlowSource> WhatIfSession::broken_pairs(const Elements& down) const {
  const State& s = *state_;
  const Model& model = *s.model;
  check_range(model, down);
  std::vector<FlowSource> broken;
  if (down.empty()) return broken;
  const State::Scenario scenario = s.scenario(down);
  State::Lease lease(s);
  DownModel& down_model = lease.get();
  down_model.take_down(down);
  std::vector<Finding> found;
  detail::check_some_flows(down_model.model(), scenario.flow_affected, found, 1, s.options.max_label_states);
  std::unordered_set<std::uint64_t> failing;
  for (const Finding& finding : found) failing.insert(std::uint64_t{finding.flow} << 32 | finding.node);
  const Placement& placement = down_model.model().placement();
  for (FlowIndex f = 0; f < model.flows().size(); ++f) {
    if (!scenario.flow_affected[f]) continue;
    const bool unplaced = !placement.is_placed(model.flows()[f].to);
    for (std::uint32_t i = s.working_begin[f]; i < s.working_begin[f + 1]; ++i) {
      const FlowSource pair = s.working[i];
      if (down_model.is_down(pair.node)) continue;
      if (unplaced || failing.count(std::uint64_t{pair.flow} << 32 | pair.node) != 0) broken.push_back(pair);
    }
  }
  return broken;
}

WhatIf whatif(const Model& model, const Elements& down, const CheckOptions& options) {
  return WhatIfSession(model, options).run(down);
}

}  // namespace v1
}  // namespace clearance
