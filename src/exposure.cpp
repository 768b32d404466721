// Exposure on capture (spec resilience-v1 §5): the data at rest on a captured node and the
// flows whose routes may pass it.
//
// A (flow, source a) passes X in state s when, in the product graph of the flow's data
// class (flow_space.hpp), (a, 0) reaches (X, s) and (X, s) reaches some (b, s') with
// b ∈ P(B): a walk a → … → X → … → b is a route of spec §4.1 (bandwidth and latency
// ignored), and every such route is such a pair of walks. Rather than two searches per
// captured node and class, each class gets two closures over its strong components whose
// rows are bitsets over the capture vertices (X, s) of every captured node at once:
// reached[v], the capture vertices v reaches, and reaching[v], those that reach v. A pair
// then passes exactly the capture vertices of reached[(a, 0)] ∩ ∪ reaching[(b, s')] over
// b ∈ P(B): a few word operations per (flow, source), whatever the number of captures.
#include <clearance/exposure.hpp>

#include "check_predicates.hpp"
#include "flow_space.hpp"
#include "text.hpp"

#include <boost/graph/strong_components.hpp>
#include <boost/property_map/property_map.hpp>

#include <algorithm>
#include <tuple>
#include <utility>

namespace clearance {
inline namespace v1 {

namespace {

using detail::DataClass;
using detail::FlowContext;
using detail::FlowSpace;
using detail::none;
using detail::ProductGraph;
using detail::StateIndex;
using detail::VertexIndex;

// The closures' rows for one class may take this much; more capture vertices than fit are
// handled in several passes over the same components.
constexpr std::size_t row_budget_bytes = std::size_t{128} << 20;

// A (capture, flow, source, state) found in transit; sorted, then grouped into entries.
struct Passage {
  std::uint32_t capture;
  FlowIndex flow;
  NodeIndex source;
  StateIndex state;
  bool operator<(const Passage& other) const {
    return std::tie(capture, flow, source, state) < std::tie(other.capture, other.flow, other.source, other.state);
  }
};

// The strong components of a product graph, numbered by Tarjan in reverse topological
// order (an edge leaves a component only for a lower one), and their members.
struct Components {
  std::vector<std::uint32_t> of;     // per vertex
  std::vector<std::uint32_t> start;  // members of c: members[start[c], start[c + 1])
  std::vector<VertexIndex> members;
  std::size_t count() const { return start.size() - 1; }
};

Components components_of(const ProductGraph& graph) {
  Components result;
  const std::size_t vertex_count = boost::num_vertices(graph);
  result.of.assign(vertex_count, 0);
  const std::size_t count = boost::strong_components(
      graph, boost::make_iterator_property_map(result.of.begin(), boost::get(boost::vertex_index, graph)));
  result.start.assign(count + 1, 0);
  for (std::uint32_t c : result.of) ++result.start[c + 1];
  for (std::size_t c = 0; c < count; ++c) result.start[c + 1] += result.start[c];
  result.members.resize(vertex_count);
  std::vector<std::uint32_t> next(result.start.begin(), result.start.end() - 1);
  for (VertexIndex v = 0; v < vertex_count; ++v) result.members[next[result.of[v]]++] = v;
  return result;
}

// Finds the passages of one search class's flows through the capture vertices
// [first, last) of `capture_vertices` (bit k of a row is capture_vertices[first + k]).
class ClassPassages {
 public:
  ClassPassages(const FlowSpace& space, const Components& components, const std::vector<VertexIndex>& capture_vertices,
                std::size_t first, std::size_t last)
      : space_(space), components_(components), first_(first), words_((last - first + 63) / 64) {
    const ProductGraph& graph = space.graph();
    const std::size_t count = components.count();
    reached_.assign(count * words_, 0);
    reaching_.assign(count * words_, 0);
    for (std::size_t k = first; k < last; ++k) {
      const std::uint32_t c = components.of[capture_vertices[k]];
      const std::size_t bit = k - first;
      reached_[c * words_ + bit / 64] |= std::uint64_t{1} << (bit % 64);
      reaching_[c * words_ + bit / 64] |= std::uint64_t{1} << (bit % 64);
    }
    // reached: successors (lower numbers) are final before their predecessors.
    for (std::uint32_t c = 0; c < count; ++c) {
      std::uint64_t* row = &reached_[c * words_];
      for (std::uint32_t i = components.start[c]; i < components.start[c + 1]; ++i) {
        auto range = boost::out_edges(components.members[i], graph);
        for (auto e = range.first; e != range.second; ++e) {
          const std::uint32_t d = components.of[boost::target(*e, graph)];
          if (d == c) continue;
          const std::uint64_t* from = &reached_[std::size_t(d) * words_];
          for (std::size_t w = 0; w < words_; ++w) row[w] |= from[w];
        }
      }
    }
    // reaching: predecessors (higher numbers) push into their successors first.
    for (std::uint32_t c = static_cast<std::uint32_t>(count); c-- > 0;) {
      const std::uint64_t* row = &reaching_[std::size_t(c) * words_];
      for (std::uint32_t i = components.start[c]; i < components.start[c + 1]; ++i) {
        auto range = boost::out_edges(components.members[i], graph);
        for (auto e = range.first; e != range.second; ++e) {
          const std::uint32_t d = components.of[boost::target(*e, graph)];
          if (d == c) continue;
          std::uint64_t* to = &reaching_[std::size_t(d) * words_];
          for (std::size_t w = 0; w < words_; ++w) to[w] |= row[w];
        }
      }
    }
  }

  std::size_t words() const { return words_; }
  // Row of the capture vertices that (n, s) reaches / that reach (n, s).
  const std::uint64_t* reached(NodeIndex n, StateIndex s) const {
    return &reached_[std::size_t(components_.of[space_.vertex(n, s)]) * words_];
  }
  const std::uint64_t* reaching(NodeIndex n, StateIndex s) const {
    return &reaching_[std::size_t(components_.of[space_.vertex(n, s)]) * words_];
  }
  std::size_t first() const { return first_; }

 private:
  const FlowSpace& space_;
  const Components& components_;
  std::size_t first_;
  std::size_t words_;
  std::vector<std::uint64_t> reached_, reaching_;
};

// The transit passages of every flow whose data class searches as `search`.
void find_passages(const Model& model, const FlowContext& context, std::uint32_t search,
                   const std::vector<FlowIndex>& flows, const std::vector<NodeIndex>& captured,
                   const std::vector<std::uint32_t>& capture_of, std::vector<Passage>& out) {
  const DataClass& data_class = context.classes.classes[search];
  const FlowSpace space(model, context.network, context.guards, data_class, context.widths);
  const ProductGraph& graph = space.graph();
  const std::uint32_t states = space.state_count();

  // Capture vertices: (X, s) that some edge enters. A passage needs a ≠ X, so X is
  // entered on the way; the other vertices of X can never count.
  std::vector<std::uint8_t> entered(boost::num_vertices(graph), 0);
  {
    auto range = boost::edges(graph);
    for (auto e = range.first; e != range.second; ++e) entered[boost::target(*e, graph)] = 1;
  }
  std::vector<VertexIndex> capture_vertices;
  for (NodeIndex x : captured)
    for (StateIndex s = 0; s < states; ++s)
      if (entered[space.vertex(x, s)]) capture_vertices.push_back(space.vertex(x, s));
  if (capture_vertices.empty()) return;

  const Components components = components_of(graph);
  const std::size_t row_bytes_per_word = components.count() * 2 * sizeof(std::uint64_t);
  const std::size_t chunk_bits =
      std::max<std::size_t>(64, row_budget_bytes / std::max<std::size_t>(row_bytes_per_word, 1) * 64);
  std::vector<std::uint64_t> targets;
  for (std::size_t first = 0; first < capture_vertices.size(); first += chunk_bits) {
    const std::size_t last = std::min(capture_vertices.size(), first + chunk_bits);
    const ClassPassages passages(space, components, capture_vertices, first, last);
    const std::size_t words = passages.words();
    for (FlowIndex f : flows) {
      const Flow& flow = model.flows()[f];
      const Span<NodeIndex> sources = model.placement().nodes_of(flow.from);
      const Span<NodeIndex> sinks = model.placement().nodes_of(flow.to);
      // The capture vertices from which some node of P(B) is reached.
      targets.assign(words, 0);
      for (NodeIndex b : sinks)
        for (StateIndex s = 0; s < states; ++s) {
          const std::uint64_t* row = passages.reaching(b, s);
          for (std::size_t w = 0; w < words; ++w) targets[w] |= row[w];
        }
      for (NodeIndex a : sources) {
        const std::uint64_t* row = passages.reached(a, 0);
        for (std::size_t w = 0; w < words; ++w) {
          std::uint64_t bits = row[w] & targets[w];
          while (bits) {
            const std::size_t k = first + w * 64 + static_cast<std::size_t>(__builtin_ctzll(bits));
            bits &= bits - 1;
            const VertexIndex v = capture_vertices[k];
            const NodeIndex x = space.node_of(v);
            if (x == a) continue;  // spec §5: a ≠ X
            out.push_back(Passage{capture_of[x], f, a, space.state_of(v)});
          }
        }
      }
    }
  }
}

void add_label(ExposureSummary& summary, CompartmentSet& compartments, CountrySet& owners, const Label& label,
               CountryId owner) {
  if (!summary.level || label.level > *summary.level) summary.level = label.level;
  compartments |= label.compartments;
  owners.insert(owner);
}

}  // namespace

ExposureReport exposure(const Model& model, const ExposureOptions& options) {
  const auto& nodes = model.nodes();
  const Scheme& scheme = model.scheme();
  std::vector<NodeIndex> captured;
  if (options.capture) {
    if (*options.capture >= nodes.size())
      throw error(ErrorKind::usage, "capture node index " + std::to_string(*options.capture) + " is not a node of model `" +
                                        model.name() + "`");
    captured.push_back(*options.capture);
  } else {
    for (NodeIndex n = 0; n < nodes.size(); ++n)
      if (nodes[n].is_edge()) captured.push_back(n);
  }
  std::vector<std::uint32_t> capture_of(nodes.size(), none);
  for (std::uint32_t i = 0; i < captured.size(); ++i) capture_of[captured[i]] = i;

  ExposureReport report;
  report.captures.resize(captured.size());
  for (std::uint32_t i = 0; i < captured.size(); ++i) report.captures[i].node = captured[i];
  if (captured.empty()) return report;

  // At rest: (capture, data, workload) for each workload placed on a captured node.
  std::vector<std::tuple<std::uint32_t, DataIndex, WorkloadIndex>> stored;
  const auto& workloads = model.workloads();
  for (WorkloadIndex w = 0; w < workloads.size(); ++w)
    for (NodeIndex n : model.placement().nodes_of(w)) {
      if (capture_of[n] == none) continue;
      for (DataIndex d : workloads[w].uses) stored.emplace_back(capture_of[n], d, w);
    }
  std::sort(stored.begin(), stored.end());
  for (std::size_t i = 0; i < stored.size(); ++i) {
    const auto [c, d, w] = stored[i];
    Capture& capture = report.captures[c];
    if (i == 0 || std::get<0>(stored[i - 1]) != c || std::get<1>(stored[i - 1]) != d) {
      const bool exposed = detail::at_rest_is_inadequate(scheme, nodes[capture.node].at_rest, model.data()[d].label.level);
      capture.at_rest.push_back(AtRestExposure{d, exposed, {}});
    }
    if (capture.at_rest.back().workloads.empty() || capture.at_rest.back().workloads.back() != w)
      capture.at_rest.back().workloads.push_back(w);
  }

  // Summaries: over the data exposed at rest and the labels in transit.
  std::vector<CompartmentSet> compartments(captured.size());
  std::vector<CountrySet> owners(captured.size());
  std::vector<std::vector<DataIndex>> exposed(captured.size());
  for (std::uint32_t c = 0; c < captured.size(); ++c)
    for (const AtRestExposure& at_rest : report.captures[c].at_rest)
      if (at_rest.exposed) {
        const Data& data = model.data()[at_rest.data];
        add_label(report.captures[c].summary, compartments[c], owners[c], data.label, data.owner);
        exposed[c].push_back(at_rest.data);
      }

  // In transit: per search class, the flows with a source and a target.
  if (!model.flows().empty()) {
    const FlowContext context(model);
    std::vector<std::vector<FlowIndex>> flows_of(context.classes.classes.size());
    for (FlowIndex f = 0; f < model.flows().size(); ++f) {
      const Flow& flow = model.flows()[f];
      if (!model.placement().is_placed(flow.from) || !model.placement().is_placed(flow.to)) continue;
      flows_of[context.classes.search_of[context.classes.class_of[flow.data]]].push_back(f);
    }
    std::vector<Passage> passages;
    for (std::uint32_t search = 0; search < flows_of.size(); ++search)
      if (!flows_of[search].empty()) find_passages(model, context, search, flows_of[search], captured, capture_of, passages);
    std::sort(passages.begin(), passages.end());
    for (std::size_t i = 0; i < passages.size(); ++i) {
      const Passage& p = passages[i];
      Capture& capture = report.captures[p.capture];
      const Flow& flow = model.flows()[p.flow];
      const Data& data = model.data()[flow.data];
      if (i == 0 || passages[i - 1].capture != p.capture || passages[i - 1].flow != p.flow ||
          passages[i - 1].source != p.source)
        capture.in_transit.push_back(TransitExposure{p.flow, p.source, flow.data, {}});
      // The data's own class (not the class searched for it, which may be another's with
      // the same states) spells its states: its own marking, or a release's `to`.
      const DataClass& own = context.classes.classes[context.classes.class_of[flow.data]];
      capture.in_transit.back().labels.push_back(
          format_marking(p.state == 0 ? data.marking : *own.markings[p.state], scheme, data.owner));
      add_label(capture.summary, compartments[p.capture], owners[p.capture], own.labels[p.state], data.owner);
      exposed[p.capture].push_back(flow.data);
    }
    for (Capture& capture : report.captures)
      for (TransitExposure& transit : capture.in_transit) {
        std::sort(transit.labels.begin(), transit.labels.end());
        transit.labels.erase(std::unique(transit.labels.begin(), transit.labels.end()), transit.labels.end());
      }
  }

  for (std::uint32_t c = 0; c < captured.size(); ++c) {
    ExposureSummary& summary = report.captures[c].summary;
    compartments[c].for_each([&](std::size_t id) {
      summary.compartments.emplace_back(scheme.compartments().name(static_cast<CompartmentId>(id)));
    });
    std::sort(summary.compartments.begin(), summary.compartments.end());
    owners[c].for_each([&](std::size_t id) { summary.owners.emplace_back(country_code(static_cast<CountryId>(id))); });
    std::sort(summary.owners.begin(), summary.owners.end());
    std::sort(exposed[c].begin(), exposed[c].end());
    summary.exposed_data =
        static_cast<std::size_t>(std::unique(exposed[c].begin(), exposed[c].end()) - exposed[c].begin());
  }
  return report;
}

ExposureReport exposure(const Model& model, std::string_view capture) {
  std::optional<std::uint32_t> index = model.node_ids().find(capture);
  if (!index) {
    std::string message = "model `" + model.name() + "` has no node " + detail::quoted(capture);
    if (auto near = nearest_name(capture, model.node_ids())) message += "; did you mean " + detail::quoted(*near) + "?";
    throw error(ErrorKind::not_found, message);
  }
  ExposureOptions options;
  options.capture = *index;
  return exposure(model, options);
}

std::vector<std::size_t> rank_captures(const ExposureReport& report) {
  std::vector<std::size_t> order(report.captures.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  // Nothing exposed ranks below every level; captures come in node order, so a stable
  // sort leaves ties in node order.
  auto key = [&](std::size_t i) {
    const ExposureSummary& summary = report.captures[i].summary;
    return std::make_tuple(summary.level ? int(*summary.level) : -1, summary.exposed_data, summary.owners.size());
  };
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return key(a) > key(b); });
  return order;
}

}  // namespace v1
}  // namespace clearance

