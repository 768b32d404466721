// Single points of failure and availability (spec resilience-v1 §3–4). The working pairs
// are the whole check's (WhatIfSession); their critical elements come from the structure
// of the product graph (critical_elements.hpp: dominators, and searches with one element
// masked where a bound or an element's several label states need them). Availability
// judges each failure state by the flow rules' own verdict (check_flow_source(), the
// function check_flows() and explain-flow use) on the model with elements down
// (whatif_down.hpp), branching only on the elements of a working route (docs/resilience.md).
#include <clearance/resilience.hpp>
#include <clearance/terminal_text.hpp>
#include <clearance/whatif_session.hpp>

#include "critical_elements.hpp"
#include "flow_findings.hpp"
#include "flow_space.hpp"
#include "latency_check.hpp"
#include "plain_paths.hpp"
#include "text.hpp"
#include "whatif_down.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <memory>
#include <optional>
#include <new>
#include <random>

namespace clearance {
inline namespace v1 {

double availability_of(const Model& model, Element element) {
  if (element.kind == ElementKind::link) return model.links()[element.index].availability.value_or(1.0);
  const Node& node = model.nodes()[element.index];
  if (node.availability) return *node.availability;
  if (node.mean_online_h == unlimited) return 1.0;
  return node.mean_online_h / (node.mean_online_h + node.mean_offline_h);
}

namespace {

using detail::FlowContext;
using detail::FlowSpace;
using detail::LatencyCheck;
using detail::PlainPaths;
using detail::ProductRoute;

// A dense number per element: nodes first, then links.
struct ElementNumbering {
  std::uint32_t node_count;
  std::uint32_t of(Element e) const { return e.kind == ElementKind::node ? e.index : node_count + e.index; }
  Element at(std::uint32_t k) const {
    return k < node_count ? Element{ElementKind::node, k} : Element{ElementKind::link, k - node_count};
  }
};

// The verdict of one (flow, source) pair on the model with a set of elements down.
class PairEvaluator {
 public:
  explicit PairEvaluator(const Model& model) : down_(model) { take_down(Elements{}); }

  void take_down(const Elements& down) {
    if (current_ && current_->nodes == down.nodes && current_->links == down.links) return;
    spaces_.clear();
    plain_.reset();
    context_.reset();
    down_.take_down(down);
    context_ = std::make_unique<FlowContext>(down_.model());
    plain_ = std::make_unique<PlainPaths>(down_.model());
    current_ = down;
  }

  // Whether (f, a) works (spec §3) with the current elements down; its witness route's
  // elements (other than a) in `witness` when it does.
  bool works(FlowIndex f, NodeIndex a, std::vector<Element>* witness) {
    const Model& model = down_.model();
    const Flow& flow = model.flows()[f];
    const Span<NodeIndex> targets = model.placement().nodes_of(flow.to);
    if (targets.empty() || down_.is_down(a)) return false;
    Space& space = space_of(flow);
    Finding finding;
    if (detail::check_flow_source(*context_, space.space, space.search, *plain_, f, a, finding)) return false;
    if (witness != nullptr) {
      witness->clear();
      const ProductRoute route =
          space.search.fastest(a, targets, context_->threshold_value(context_->threshold_index(flow)));
      for (std::size_t i = 0; i < route.links.size(); ++i) {
        witness->push_back(Element{ElementKind::link, down_.original_link(route.links[i])});
        const NodeIndex n = space.space.node_of(route.vertices[i + 1]);
        if (n != a) witness->push_back(Element{ElementKind::node, n});
      }
    }
    return true;
  }

 private:
  struct Space {
    Space(const FlowContext& context, const detail::DataClass& data_class)
        : space(context.model, context.network, context.guards, data_class, context.widths), search(space) {}
    FlowSpace space;
    LatencyCheck search;
  };
  Space& space_of(const Flow& flow) {
    const std::uint32_t c = context_->classes.class_of[flow.data];
    auto it = spaces_.find(c);
    if (it == spaces_.end())
      it = spaces_.emplace(c, std::make_unique<Space>(*context_, context_->classes.classes[c])).first;
    return *it->second;
  }

  detail::DownModel down_;
  std::optional<Elements> current_;
  std::unique_ptr<FlowContext> context_;
  std::unique_ptr<PlainPaths> plain_;
  std::map<std::uint32_t, std::unique_ptr<Space>> spaces_;
};

Elements as_elements(const std::vector<Element>& list) {
  Elements elements;
  for (const Element& e : list) elements.add(e);
  return elements;
}

struct TooManyElements {};

// Exact availability by factoring on the witness routes: with the elements of `fixed_up`
// known up and those of `down` down, the pair works with a witness W; if every uncertain
// element of W is known up, it works whatever else fails (probability 1); otherwise
// condition on the first that is not: P = p·P(it up) + (1 − p)·P(it down).
class Factoring {
 public:
  Factoring(PairEvaluator& evaluator, const Model& model, FlowIndex f, NodeIndex a, std::uint32_t limit)
      : evaluator_(evaluator), model_(model), f_(f), a_(a), limit_(limit) {}

  double solve(const std::vector<Element>& witness) {
    std::vector<Element> fixed_up, down;
    return solve(fixed_up, down, witness);
  }

 private:
  double solve(std::vector<Element>& fixed_up, std::vector<Element>& down, const std::vector<Element>& witness) {
    for (const Element& e : witness) {
      const double p = availability_of(model_, e);
      if (p >= 1 || std::find(fixed_up.begin(), fixed_up.end(), e) != fixed_up.end()) continue;
      if (std::find(branched_.begin(), branched_.end(), e) == branched_.end()) branched_.push_back(e);
      if (branched_.size() > limit_) throw TooManyElements{};
      fixed_up.push_back(e);
      const double if_up = solve(fixed_up, down, witness);
      fixed_up.pop_back();
      down.push_back(e);
      evaluator_.take_down(as_elements(down));
      std::vector<Element> next;
      const double if_down = evaluator_.works(f_, a_, &next) ? solve(fixed_up, down, next) : 0.0;
      down.pop_back();
      return p * if_up + (1 - p) * if_down;
    }
    return 1.0;
  }

  PairEvaluator& evaluator_;
  const Model& model_;
  FlowIndex f_;
  NodeIndex a_;
  std::uint32_t limit_;
  std::vector<Element> branched_;
};

std::uint64_t splitmix64(std::uint64_t x) {
  x += 0x9E3779B97F4A7C15ull;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}

// Monte-Carlo availability: per sample, each uncertain element is up with its
// availability, drawn when first looked at. A sample in which a known working route is
// all up works, one in which a known failing set is all down fails (failures only take
// routes away); only the others are evaluated, and teach a new route or failing set.
void monte_carlo(PairEvaluator& evaluator, const Model& model, const ElementNumbering& numbering,
                 const std::vector<std::uint32_t>& uncertain, const std::vector<double>& p_of, PairResilience& pair,
                 const std::vector<Element>& witness, const ResilienceOptions& options, std::uint64_t stream) {
  std::mt19937_64 rng(splitmix64(options.seed ^ splitmix64(stream)));
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  std::vector<std::uint64_t> stamp(p_of.size(), 0);
  std::vector<unsigned char> up(p_of.size(), 1);
  std::uint64_t sample = 0;
  auto is_up = [&](std::uint32_t k) {
    if (p_of[k] >= 1) return true;
    if (stamp[k] != sample) {
      stamp[k] = sample;
      up[k] = unit(rng) < p_of[k];
    }
    return up[k] != 0;
  };
  auto numbers = [&](const std::vector<Element>& list) {
    std::vector<std::uint32_t> out;
    for (const Element& e : list)
      if (p_of[numbering.of(e)] < 1) out.push_back(numbering.of(e));
    return out;
  };
  std::vector<std::vector<std::uint32_t>> routes{numbers(witness)};
  std::vector<std::vector<std::uint32_t>> failing;
  std::uint64_t worked = 0;
  std::vector<Element> next;
  for (sample = 1; sample <= options.samples; ++sample) {
    bool works = false;
    for (const auto& route : routes) {
      works = std::all_of(route.begin(), route.end(), is_up);
      if (works) break;
    }
    if (!works) {
      bool fails = false;
      for (const auto& set : failing) {
        fails = std::none_of(set.begin(), set.end(), is_up);
        if (fails) break;
      }
      if (!fails) {
        std::vector<Element> down_list;
        std::vector<std::uint32_t> down_numbers;
        for (std::uint32_t k : uncertain)
          if (!is_up(k)) {
            down_list.push_back(numbering.at(k));
            down_numbers.push_back(k);
          }
        evaluator.take_down(as_elements(down_list));
        works = evaluator.works(pair.flow, pair.node, &next);
        if (works) routes.push_back(numbers(next));
        else failing.push_back(std::move(down_numbers));
      }
    }
    worked += works;
  }
  (void)model;
  const double n = static_cast<double>(options.samples);
  const double estimate = n > 0 ? static_cast<double>(worked) / n : 1.0;
  const double z = 1.959963984540054;
  const double denominator = 1 + z * z / n;
  const double centre = (estimate + z * z / (2 * n)) / denominator;
  const double half = z * std::sqrt(estimate * (1 - estimate) / n + z * z / (4 * n * n)) / denominator;
  pair.availability = estimate;
  pair.method = AvailabilityMethod::monte_carlo;
  pair.samples = options.samples;
  // The Wilson interval reaches 0 or 1 exactly when every sample agrees; rounding must not
  // leave it a hair short.
  pair.interval_low = worked == 0 ? 0.0 : std::max(0.0, centre - half);
  pair.interval_high = worked == options.samples ? 1.0 : std::min(1.0, centre + half);
}

// resilience() once the label states are known to be within the limit.
Resilience resilience_within_limit(const Model& model, const FlowContext& context, const ResilienceOptions& options);

}  // namespace

Resilience resilience(const Model& model, const ResilienceOptions& options) {
  // The label states first, before the check and the product graphs grow with them.
  const FlowContext context(model);
  detail::check_label_states(context, options.max_label_states);
  try {
    return resilience_within_limit(model, context, options);
  } catch (const std::bad_alloc&) {
    detail::throw_out_of_memory(context, "resilience");
  }
}

namespace {

Resilience resilience_within_limit(const Model& model, const FlowContext& context, const ResilienceOptions& options) {
  Resilience result;
  result.has_availability = options.availability;
  const ElementNumbering numbering{static_cast<std::uint32_t>(model.nodes().size())};
  const std::size_t element_count = model.nodes().size() + model.links().size();
  CheckOptions check_options;
  check_options.max_label_states = options.max_label_states;
  // The working pairs (the whole check's), and what each needs from the graph's structure.
  const WhatIfSession session(model, check_options);
  const std::vector<FlowSource>& working = session.working_pairs();
  std::vector<std::vector<Element>> critical = detail::critical_elements(context, working);
  std::vector<std::size_t> count(element_count, 0);
  result.pairs.reserve(working.size());
  for (std::size_t i = 0; i < working.size(); ++i) {
    PairResilience pair;
    pair.flow = working[i].flow;
    pair.node = working[i].node;
    pair.critical = std::move(critical[i]);
    for (const Element& e : pair.critical) ++count[numbering.of(e)];
    result.pairs.push_back(std::move(pair));
  }
  for (PairResilience& pair : result.pairs) sort_elements(model, pair.critical);
  for (std::uint32_t k = 0; k < element_count; ++k)
    if (count[k] > 0) result.elements.push_back(ElementRank{numbering.at(k), count[k]});
  std::vector<std::string> names(element_count);
  for (const ElementRank& rank : result.elements) names[numbering.of(rank.element)] = element_name(model, rank.element);
  std::sort(result.elements.begin(), result.elements.end(), [&](const ElementRank& x, const ElementRank& y) {
    if (x.flows != y.flows) return x.flows > y.flows;
    return names[numbering.of(x.element)] < names[numbering.of(y.element)];
  });
  if (!options.availability) return result;

  // Availability (spec §4).
  std::vector<double> p_of(element_count);
  std::vector<std::uint32_t> uncertain_all;
  for (std::uint32_t k = 0; k < element_count; ++k) {
    p_of[k] = availability_of(model, numbering.at(k));
    if (p_of[k] < 1) uncertain_all.push_back(k);
  }
  PairEvaluator evaluator(model);
  for (std::size_t i = 0; i < result.pairs.size(); ++i) {
    PairResilience& pair = result.pairs[i];
    std::vector<Element> witness;
    evaluator.take_down(Elements{});
    if (!evaluator.works(pair.flow, pair.node, &witness)) continue;  // not reached: the pair works
    try {
      Factoring factoring(evaluator, model, pair.flow, pair.node, options.exact_limit);
      pair.availability = factoring.solve(witness);
      pair.method = AvailabilityMethod::exact;
    } catch (const TooManyElements&) {
      // a is given up: it is never sampled down.
      std::vector<std::uint32_t> uncertain;
      for (std::uint32_t k : uncertain_all)
        if (k != pair.node) uncertain.push_back(k);
      std::vector<double> p = p_of;
      p[pair.node] = 1;
      monte_carlo(evaluator, model, numbering, uncertain, p, pair, witness, options, i);
    }
  }
  for (WorkloadIndex w = 0; w < model.workloads().size(); ++w) {
    const Workload& workload = model.workloads()[w];
    if (!workload.max_staleness_h) continue;
    std::vector<NodeIndex> nodes(model.placement().nodes_of(w).begin(), model.placement().nodes_of(w).end());
    std::sort(nodes.begin(), nodes.end());
    nodes.erase(std::unique(nodes.begin(), nodes.end()), nodes.end());
    for (NodeIndex n : nodes) {
      const Node& node = model.nodes()[n];
      if (!node.is_edge()) continue;
      Staleness entry;
      entry.workload = w;
      entry.node = n;
      entry.max_staleness_h = *workload.max_staleness_h;
      const double off = node.mean_offline_h;
      entry.outlast_probability = off > 0 ? std::exp(-entry.max_staleness_h / off) : 0.0;
      entry.stale_fraction =
          node.mean_online_h == unlimited ? 0.0 : entry.outlast_probability * off / (node.mean_online_h + off);
      result.staleness.push_back(entry);
    }
  }
  return result;
}

void append_number(std::string& out, double value) { out += detail::format_number(value); }

}  // namespace

std::string to_json(const Resilience& resilience, const Model& model) {
  std::string out = "{\n  \"clearance\": 1,\n  \"model\": ";
  detail::append_json_string(out, model.name());
  out += ",\n  \"flows\": [";
  for (std::size_t i = 0; i < resilience.pairs.size(); ++i) {
    const PairResilience& pair = resilience.pairs[i];
    out += i == 0 ? "\n    {" : ",\n    {";
    out += "\"flow\": ";
    detail::append_json_string(out, model.flow_id(pair.flow));
    out += ", \"node\": ";
    detail::append_json_string(out, model.node_id(pair.node));
    out += ", \"critical\": [";
    for (std::size_t c = 0; c < pair.critical.size(); ++c) {
      if (c > 0) out += ", ";
      detail::append_json_string(out, element_name(model, pair.critical[c]));
    }
    out += "]";
    if (resilience.has_availability) {
      out += ", \"availability\": ";
      append_number(out, pair.availability);
      if (pair.method == AvailabilityMethod::exact) {
        out += ", \"method\": \"exact\"";
      } else {
        out += ", \"method\": \"monte-carlo\", \"samples\": " + std::to_string(pair.samples) + ", \"interval\": [";
        append_number(out, pair.interval_low);
        out += ", ";
        append_number(out, pair.interval_high);
        out += "]";
      }
    }
    out += "}";
  }
  out += resilience.pairs.empty() ? "],\n  \"elements\": [" : "\n  ],\n  \"elements\": [";
  for (std::size_t i = 0; i < resilience.elements.size(); ++i) {
    out += i == 0 ? "\n    {\"element\": " : ",\n    {\"element\": ";
    detail::append_json_string(out, element_name(model, resilience.elements[i].element));
    out += ", \"flows\": " + std::to_string(resilience.elements[i].flows) + "}";
  }
  out += resilience.elements.empty() ? "]" : "\n  ]";
  if (resilience.has_availability) {
    out += ",\n  \"staleness\": [";
    for (std::size_t i = 0; i < resilience.staleness.size(); ++i) {
      const Staleness& s = resilience.staleness[i];
      out += i == 0 ? "\n    {\"workload\": " : ",\n    {\"workload\": ";
      detail::append_json_string(out, model.workload_id(s.workload));
      out += ", \"node\": ";
      detail::append_json_string(out, model.node_id(s.node));
      out += ", \"max_staleness_h\": ";
      append_number(out, s.max_staleness_h);
      out += ", \"outlast_probability\": ";
      append_number(out, s.outlast_probability);
      out += ", \"stale_fraction\": ";
      append_number(out, s.stale_fraction);
      out += "}";
    }
    out += resilience.staleness.empty() ? "]" : "\n  ]";
  }
  out += "\n}\n";
  return out;
}

std::string to_text(const Resilience& resilience, const Model& model) {
  std::string out = "model " + detail::quoted(model.name()) + ": " + std::to_string(resilience.pairs.size()) +
                    " working (flow, source) pairs\n";
  std::size_t fragile = 0;
  for (const PairResilience& pair : resilience.pairs) fragile += !pair.critical.empty();
  out += std::to_string(fragile) + " hang on a single point of failure\n";
  if (!resilience.elements.empty()) {
    out += "\nsingle points of failure, most pairs first:\n";
    for (const ElementRank& rank : resilience.elements)
      out += "  " + terminal_safe(element_name(model, rank.element)) + "  breaks " + std::to_string(rank.flows) +
             (rank.flows == 1 ? " pair\n" : " pairs\n");
  }
  out += "\npairs:\n";
  for (const PairResilience& pair : resilience.pairs) {
    out += "  flow " + detail::quoted(model.flow_id(pair.flow)) + " from " + detail::quoted(model.node_id(pair.node)) +
           ": ";
    if (pair.critical.empty()) out += "no single point of failure";
    for (std::size_t c = 0; c < pair.critical.size(); ++c)
      out += (c > 0 ? ", " : "critical ") + terminal_safe(element_name(model, pair.critical[c]));
    if (resilience.has_availability) {
      out += "; availability " + detail::format_number(pair.availability);
      if (pair.method == AvailabilityMethod::exact) {
        out += " (exact)";
      } else {
        out += " (Monte Carlo, " + std::to_string(pair.samples) + " samples, 95% interval " +
               detail::format_number(pair.interval_low) + "–" + detail::format_number(pair.interval_high) + ")";
      }
    }
    out += "\n";
  }
  if (resilience.has_availability && !resilience.staleness.empty()) {
    out += "\nstaleness of edge nodes:\n";
    for (const Staleness& s : resilience.staleness)
      out += "  workload " + detail::quoted(model.workload_id(s.workload)) + " on " + detail::quoted(model.node_id(s.node)) +
             ": an offline period outlasts max_staleness_h " + detail::format_number(s.max_staleness_h) +
             " h with probability " + detail::format_number(s.outlast_probability) + "; stale " +
             detail::format_number(s.stale_fraction) + " of the time\n";
  }
  return out;
}

}  // namespace v1
}  // namespace clearance
