// The product graph of the flow rules, its data classes and the flow context (see
// flow_space.hpp).
#include "flow_space.hpp"

#include "grouping.hpp"
#include "text.hpp"

#include <clearance/error.hpp>

#include <algorithm>
#include <string>
#include <tuple>
#include <utility>

namespace clearance {
inline namespace v1 {
namespace detail {

bool transport_is_adequate(const Scheme& scheme, const Link& link, Level level) {
  if (link.carrier >= level) return true;
  if (scheme.is_classified(level)) return link.encryption == Encryption::csfc || link.encryption == Encryption::type1;
  if (scheme.is_controlled(level)) return link.encryption != Encryption::none;
  return true;
}

GuardReleases collect_guard_releases(const Model& model) {
  GuardReleases guards;
  const auto& links = model.links();
  guards.first.reserve(links.size() + 1);
  for (const Link& link : links) {
    guards.first.push_back(static_cast<std::uint32_t>(guards.releases.size()));
    if (link.kind != LinkKind::guard) continue;
    for (const Release& release : link.releases) {
      guards.releases.push_back(&release);
      guards.from.push_back(Label{release.from.level, release.from.compartments, every_country()});
    }
  }
  guards.first.push_back(static_cast<std::uint32_t>(guards.releases.size()));
  return guards;
}

void DataClass::guard_targets(const GuardReleases& guards, LinkIndex link, StateIndex s,
                              std::vector<StateIndex>& out) const {
  out.clear();
  out.push_back(s);
  for (std::uint32_t r = guards.first[link]; r < guards.first[link + 1]; ++r) {
    if (!covers(guards.from[r], labels[s])) continue;
    StateIndex to = release_state[r];
    if (std::find(out.begin(), out.end(), to) == out.end()) out.push_back(to);
  }
}

std::string DataClass::label_text(const Model& model, StateIndex s) const {
  const Data& data = model.data()[representative];
  return format_marking(*markings[s], model.scheme(), release_owner(data.marking, data.owner, model.scheme()));
}

DataClass make_data_class(const Model& model, const GuardReleases& guards, DataIndex d) {
  const Data& data = model.data()[d];
  DataClass result;
  result.representative = d;
  result.residency = data.has_residency ? &data.residency : nullptr;
  result.labels.push_back(data.label);
  result.markings.push_back(&data.marking);
  result.release_state.reserve(guards.releases.size());
  for (const Release* release : guards.releases) {
    Label label = label_of(release->to, release_owner(data.marking, data.owner, model.scheme()), model.scheme());
    auto found = std::find(result.labels.begin(), result.labels.end(), label);
    if (found == result.labels.end()) {
      result.labels.push_back(label);
      result.markings.push_back(&release->to);
      found = result.labels.end() - 1;
    }
    result.release_state.push_back(static_cast<StateIndex>(found - result.labels.begin()));
  }
  // Keep only the states some chain of releases reaches from the data's own label.
  std::vector<std::uint8_t> reached(result.labels.size(), 0);
  std::vector<StateIndex> stack = {0};
  reached[0] = 1;
  while (!stack.empty()) {
    StateIndex s = stack.back();
    stack.pop_back();
    for (std::size_t r = 0; r < guards.releases.size(); ++r) {
      StateIndex t = result.release_state[r];
      if (!reached[t] && covers(guards.from[r], result.labels[s])) {
        reached[t] = 1;
        stack.push_back(t);
      }
    }
  }
  std::vector<StateIndex> renumber(result.labels.size(), none);
  std::size_t kept = 0;
  for (std::size_t s = 0; s < result.labels.size(); ++s) {
    if (!reached[s]) continue;
    renumber[s] = static_cast<StateIndex>(kept);
    result.labels[kept] = result.labels[s];
    result.markings[kept] = result.markings[s];
    ++kept;
  }
  result.labels.resize(kept);
  result.markings.resize(kept);
  for (StateIndex& state : result.release_state) state = renumber[state];  // none: never applies
  return result;
}

DataClasses classify_data(const Model& model, const GuardReleases& guards) {
  const auto& data = model.data();
  static const CountrySet no_residency;
  Grouping grouping = group_by_key(static_cast<std::uint32_t>(data.size()), [&](DataIndex d) {
    const Data& x = data[d];
    return std::make_tuple(x.label.level, x.label.compartments.words(), x.label.releasable.words(), x.owner,
                           release_owner(x.marking, x.owner, model.scheme()), x.has_residency,
                           x.has_residency ? x.residency.words() : no_residency.words());
  });
  DataClasses result;
  result.class_of = std::move(grouping.class_of);
  for (DataIndex d : grouping.representative) result.classes.push_back(make_data_class(model, guards, d));
  // Fold classes that search alike. A residency matters only through the nodes it
  // excludes, so one that admits every node's jurisdiction counts as none.
  CountrySet jurisdictions;
  for (const Node& node : model.nodes()) jurisdictions.insert(node.jurisdiction);
  auto search_key = [&](const DataClass& c) {
    std::vector<std::uint64_t> words;
    for (const Label& label : c.labels) {
      words.push_back(label.level);
      words.insert(words.end(), label.compartments.words().begin(), label.compartments.words().end());
      words.insert(words.end(), label.releasable.words().begin(), label.releasable.words().end());
    }
    words.push_back(c.labels.size());
    words.insert(words.end(), c.release_state.begin(), c.release_state.end());
    const bool excludes = c.residency != nullptr && !jurisdictions.is_subset_of(*c.residency);
    words.push_back(excludes);
    if (excludes) {
      const CountrySet admitted = *c.residency & jurisdictions;
      words.insert(words.end(), admitted.words().begin(), admitted.words().end());
    }
    return words;
  };
  std::vector<std::pair<std::vector<std::uint64_t>, std::uint32_t>> keys;
  for (std::uint32_t c = 0; c < result.classes.size(); ++c) keys.emplace_back(search_key(result.classes[c]), c);
  std::sort(keys.begin(), keys.end());
  result.search_of.assign(result.classes.size(), 0);
  for (std::size_t i = 0; i < keys.size(); ++i)
    result.search_of[keys[i].second] = (i > 0 && keys[i].first == keys[i - 1].first)
                                           ? result.search_of[keys[i - 1].second]
                                           : keys[i].second;
  return result;
}

struct FlowSpace::Explicit {
  ProductGraph graph;
};

FlowSpace::FlowSpace(const Model& model, const NetworkGraph& network, const GuardReleases& guards,
                     const DataClass& data_class, const std::vector<double>& widths,
                     std::size_t listed_budget_bytes)
    : data_class_(&data_class), network_(&network), guards_(&guards), links_(&model.links()),
      state_count_(static_cast<std::uint32_t>(data_class.labels.size())),
      node_count_(static_cast<std::uint32_t>(model.nodes().size())), widths_(&widths) {
  const auto& nodes = model.nodes();
  const auto& links = model.links();
  const Scheme& scheme = model.scheme();
  const std::uint32_t states = state_count_;

  holds_.assign((vertex_count() + 63) / 64, 0);
  for (NodeIndex n = 0; n < node_count_; ++n)
    for (StateIndex s = 0; s < states; ++s)
      if (hold_failures(nodes[n], data_class.labels[s], data_class.residency) == 0) {
        const VertexIndex v = vertex(n, s);
        holds_[v / 64] |= std::uint64_t{1} << (v % 64);
      }

  // Transport adequacy depends on the level only, and a class has few distinct levels.
  std::vector<Level> levels;
  for (const Label& label : data_class.labels) levels.push_back(label.level);
  std::sort(levels.begin(), levels.end());
  levels.erase(std::unique(levels.begin(), levels.end()), levels.end());
  level_rank_.resize(states);
  for (StateIndex s = 0; s < states; ++s)
    level_rank_[s] = static_cast<std::uint32_t>(
        std::lower_bound(levels.begin(), levels.end(), data_class.labels[s].level) - levels.begin());
  level_words_ = (levels.size() + 63) / 64;
  adequate_.assign(links.size() * level_words_, 0);
  is_guard_.resize(links.size());
  for (LinkIndex l = 0; l < links.size(); ++l) {
    const Link& link = links[l];
    is_guard_[l] = link.kind == LinkKind::guard;
    for (std::size_t k = 0; k < levels.size(); ++k)
      if (!link.is_transport() || transport_is_adequate(scheme, link, levels[k]))
        adequate_[l * level_words_ + k / 64] |= std::uint64_t{1} << (k % 64);
  }

  same_state_before_.assign(guards.releases.size(), none);
  for (LinkIndex l = 0; l < links.size(); ++l)
    for (std::uint32_t r = guards.first[l]; r < guards.first[l + 1]; ++r)
      for (std::uint32_t q = r; q-- > guards.first[l];)
        if (data_class.release_state[q] == data_class.release_state[r]) {
          same_state_before_[r] = q;
          break;
        }

  // The network's arcs, per node in the network graph's order.
  arc_start_.assign(node_count_ + 1, 0);
  for (NodeIndex n = 0; n < node_count_; ++n) {
    auto range = boost::out_edges(n, network);
    for (auto e = range.first; e != range.second; ++e) {
      arc_to_.push_back(boost::target(*e, network));
      arc_link_.push_back(network[*e].link);
    }
    arc_start_[n + 1] = static_cast<std::uint32_t>(arc_to_.size());
  }
  // And by the node they enter: a counting pass in tail order keeps each node's list
  // sorted by tail, then by index.
  in_start_.assign(node_count_ + 1, 0);
  for (NodeIndex to : arc_to_) ++in_start_[to + 1];
  for (NodeIndex n = 0; n < node_count_; ++n) in_start_[n + 1] += in_start_[n];
  in_arc_.resize(arc_to_.size());
  in_from_.resize(arc_to_.size());
  std::vector<std::uint32_t> next(in_start_.begin(), in_start_.end() - 1);
  for (NodeIndex n = 0; n < node_count_; ++n)
    for (std::uint32_t a = arc_start_[n]; a < arc_start_[n + 1]; ++a) {
      const std::uint32_t k = next[arc_to_[a]]++;
      in_arc_[k] = a;
      in_from_[k] = n;
    }
  list_arcs(listed_budget_bytes);
}

void FlowSpace::list_arcs(std::size_t budget_bytes) {
  // At most one arc per (state, network arc) with the label unchanged and one per release
  // of a guard: listed only when that many fit, so that a class too large to list (the
  // chains of issue 23) costs nothing here, not a list begun and thrown away.
  const std::size_t count = vertex_count();
  std::size_t most_arcs = 0;
  for (const LinkIndex link : arc_link_)
    most_arcs += 1 + (is_guard_[link] ? guards_->first[link + 1] - guards_->first[link] : 0);
  most_arcs *= state_count_;
  if ((count + 1) * sizeof(std::uint32_t) + most_arcs * sizeof(ListedArc) > budget_bytes) return;
  std::vector<std::uint32_t> start(count + 1, 0);
  std::vector<ListedArc> arcs;
  arcs.reserve(most_arcs);
  for (VertexIndex v = 0; v < count; ++v) {
    for_each_implicit_out(v, [&](VertexIndex w, LinkIndex l) { arcs.push_back(ListedArc{w, l}); });
    start[v + 1] = static_cast<std::uint32_t>(arcs.size());
  }
  arcs.shrink_to_fit();
  listed_arcs_ = std::move(arcs);
  listed_start_ = std::move(start);
}

FlowSpace::~FlowSpace() = default;

const ProductGraph& FlowSpace::graph() const {
  std::call_once(explicit_once_, [this] {
    std::vector<std::pair<VertexIndex, VertexIndex>> edges;
    std::vector<ProductEdge> properties;
    const VertexIndex count = static_cast<VertexIndex>(vertex_count());
    for (VertexIndex v = 0; v < count; ++v)
      for_each_out(v, [&](VertexIndex w, LinkIndex l) {
        edges.emplace_back(v, w);
        properties.push_back(ProductEdge{l, link(l).latency_ms, link(l).bandwidth_mbps});
      });
    explicit_ = std::make_unique<Explicit>();
    explicit_->graph = ProductGraph(boost::edges_are_sorted, edges.begin(), edges.end(), properties.begin(), count,
                                    static_cast<std::uint32_t>(edges.size()));
  });
  return explicit_->graph;
}

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

void check_label_states(const FlowContext& context, const std::vector<std::uint8_t>& asked, std::uint64_t limit) {
  // Vertices are numbered in 32 bits, and the strong components keep a flag in the top one.
  limit = std::min<std::uint64_t>(limit, max_searchable_states);
  const Model& model = context.model;
  const std::uint64_t node_count = model.nodes().size();
  for (std::uint32_t c = 0; c < asked.size(); ++c) {
    const DataClass& data_class = context.classes.classes[c];
    const std::uint64_t labels = data_class.labels.size();
    if (!asked[c] || node_count * labels <= limit) continue;
    // The guards with a release that gives the class a label of its own.
    std::vector<std::string> guards;
    std::size_t guard_count = 0;
    const auto& links = model.links();
    for (LinkIndex l = 0; l < links.size(); ++l) {
      bool multiplies = false;
      for (std::uint32_t r = context.guards.first[l]; r < context.guards.first[l + 1] && !multiplies; ++r)
        multiplies = data_class.release_state[r] != none && data_class.release_state[r] != 0;
      if (!multiplies) continue;
      if (guards.size() < 5) guards.push_back(quoted(model.link_id(l)));
      ++guard_count;
    }
    std::string named;
    for (std::size_t k = 0; k < guards.size(); ++k)
      named += (k == 0 ? "" : k + 1 == guards.size() && guard_count == guards.size() ? " and " : ", ") + guards[k];
    if (guard_count > guards.size()) named += " and " + std::to_string(guard_count - guards.size()) + " more";
    throw error(ErrorKind::input,
                "data " + quoted(model.data_id(data_class.representative)) + " (" + data_class.label_text(model, 0) +
                    ") takes " + std::to_string(labels) + " labels through guard releases, " +
                    std::to_string(node_count * labels) + " (node, label) states on " + std::to_string(node_count) +
                    " nodes, over the limit of " + std::to_string(limit) +
                    " (max_label_states, --max-label-states): the releases of " +
                    (guard_count == 1 ? "guard " : "guards ") + named + " multiply its labels",
                "/data/" + std::to_string(data_class.representative));
  }
}

void throw_out_of_memory(const FlowContext& context, const std::string& what) {
  const Model& model = context.model;
  const std::uint64_t node_count = model.nodes().size();
  std::uint32_t largest = 0;
  for (std::uint32_t c = 0; c < context.classes.classes.size(); ++c)
    if (context.classes.classes[c].labels.size() > context.classes.classes[largest].labels.size()) largest = c;
  if (context.classes.classes.empty()) throw error(ErrorKind::input, what + " ran out of memory");
  const DataClass& data_class = context.classes.classes[largest];
  const std::uint64_t states = node_count * data_class.labels.size();
  throw error(ErrorKind::input,
              what + " ran out of memory over data " + quoted(model.data_id(data_class.representative)) + " (" +
                  data_class.label_text(model, 0) + "), " + std::to_string(states) + " (node, label) states on " +
                  std::to_string(node_count) + " nodes (docs/limits.md says what a state costs " + what +
                  "): a limit below " + std::to_string(states) +
                  " (max_label_states, --max-label-states) stops such a model before anything is built",
              "/data/" + std::to_string(data_class.representative));
}

void check_label_states(const FlowContext& context, std::uint64_t limit) {
  const Model& model = context.model;
  std::vector<std::uint8_t> asked(context.classes.classes.size(), 0);
  for (const Flow& flow : model.flows())
    if (model.placement().is_placed(flow.from) && model.placement().is_placed(flow.to))
      asked[context.classes.search_of[context.classes.class_of[flow.data]]] = 1;
  check_label_states(context, asked, limit);
}

}  // namespace detail
}  // namespace v1
}  // namespace clearance
