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
//
// Those bits are what the report keeps (TransitRows), by capture vertex: on a generated
// estate nearly every pair passes nearly every edge node through gateway spurs, so the
// entries, one per (capture, flow, source), run to tens of millions while the bits take a
// few per pair and capture. Summaries are counted from them; a capture's entries are
// listed on demand.
#include <clearance/exposure.hpp>

#include "check_predicates.hpp"
#include "flow_space.hpp"
#include "text.hpp"

#include <boost/graph/strong_components.hpp>
#include <boost/property_map/property_map.hpp>

#include <algorithm>
#include <new>
#include <map>
#include <tuple>
#include <utility>

namespace clearance {
inline namespace v1 {

namespace detail {

// One search class's share of the rows (find_rows), kept by column: for each capture
// vertex, the set of pairs that pass it. A capture's entries then read its few columns
// (a few bits per pair, in cache) rather than every pair's whole row.
struct TransitClass {
  std::vector<std::uint32_t> bit_capture;    // per capture vertex: the capture (index into captures)
  std::vector<StateIndex> bit_state;         // per capture vertex: the label state
  std::vector<std::uint32_t> capture_begin;  // per capture: its first vertex (size captures + 1)
  std::vector<NodeIndex> pair_source;        // per pair
  std::vector<FlowIndex> pair_flow;          // per pair
  std::size_t pair_words = 0;                // per column
  std::vector<std::uint64_t> columns;        // vertex k's pairs: [k * pair_words, (k + 1) * pair_words)
  bool passes(std::uint32_t k, std::uint32_t pair) const {
    return columns[k * pair_words + pair / 64] >> (pair % 64) & 1;
  }
};

// A flow's pairs: [first, first + count) of classes[search] (search none: not placed).
struct TransitFlow {
  std::uint32_t search = none;
  std::uint32_t first = 0;
  std::uint32_t count = 0;
  std::uint32_t own_class = 0;  // its data's class, which spells the states
};

struct TransitRows {
  std::vector<TransitClass> classes;  // per search class
  std::vector<TransitFlow> flows;     // per flow
  std::vector<DataIndex> flow_data;   // per flow
  // Label indices (ExposureReport::labels): state 0 is the data's own marking, per data;
  // the others a release's `to`, per class: state_label[state_first[class] + s].
  std::vector<std::uint32_t> data_label;
  std::vector<std::uint32_t> state_first;
  std::vector<std::uint32_t> state_label;
  std::uint32_t label(std::uint32_t own_class, DataIndex data, StateIndex s) const {
    return s == 0 ? data_label[data] : state_label[state_first[own_class] + s];
  }
};

}  // namespace detail

namespace {

using detail::TransitClass;
using detail::TransitFlow;
using detail::TransitRows;

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

// The capture vertices of one search class's flows and, per vertex, the pairs that pass it:
// vertex k is (captures[bit_capture[k]], bit_state[k]); those of capture c are
// [capture_begin[c], capture_begin[c + 1]).
TransitClass find_rows(const Model& model, const FlowContext& context, std::uint32_t search,
                       const std::vector<FlowIndex>& flows, const std::vector<NodeIndex>& captured,
                       const std::vector<std::uint32_t>& capture_of, std::vector<TransitFlow>& flow_pairs) {
  const DataClass& data_class = context.classes.classes[search];
  const FlowSpace space(model, context.network, context.guards, data_class, context.widths);
  const ProductGraph& graph = space.graph();
  const std::uint32_t states = space.state_count();
  TransitClass result;

  // The pairs, sources in node order (spec §5's order within a flow).
  std::vector<NodeIndex> sources;
  for (FlowIndex f : flows) {
    const Span<NodeIndex> from = model.placement().nodes_of(model.flows()[f].from);
    sources.assign(from.begin(), from.end());
    std::sort(sources.begin(), sources.end());
    flow_pairs[f].first = static_cast<std::uint32_t>(result.pair_source.size());
    flow_pairs[f].count = static_cast<std::uint32_t>(sources.size());
    result.pair_source.insert(result.pair_source.end(), sources.begin(), sources.end());
    result.pair_flow.insert(result.pair_flow.end(), sources.size(), f);
  }

  // Capture vertices: (X, s) that some edge enters. A passage needs a ≠ X, so X is
  // entered on the way; the other vertices of X can never count.
  std::vector<std::uint8_t> entered(boost::num_vertices(graph), 0);
  {
    auto range = boost::edges(graph);
    for (auto e = range.first; e != range.second; ++e) entered[boost::target(*e, graph)] = 1;
  }
  std::vector<VertexIndex> capture_vertices;
  result.capture_begin.assign(captured.size() + 1, 0);
  for (std::uint32_t c = 0; c < captured.size(); ++c) {
    for (StateIndex s = 0; s < states; ++s)
      if (entered[space.vertex(captured[c], s)]) {
        capture_vertices.push_back(space.vertex(captured[c], s));
        result.bit_capture.push_back(c);
        result.bit_state.push_back(s);
      }
    result.capture_begin[c + 1] = static_cast<std::uint32_t>(capture_vertices.size());
  }
  result.pair_words = (result.pair_source.size() + 63) / 64;
  result.columns.assign(capture_vertices.size() * result.pair_words, 0);
  if (capture_vertices.empty()) return result;

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
      // The capture vertices from which some node of P(B) is reached.
      targets.assign(words, 0);
      for (NodeIndex b : model.placement().nodes_of(flow.to))
        for (StateIndex s = 0; s < states; ++s) {
          const std::uint64_t* row = passages.reaching(b, s);
          for (std::size_t w = 0; w < words; ++w) targets[w] |= row[w];
        }
      for (std::uint32_t p = flow_pairs[f].first; p < flow_pairs[f].first + flow_pairs[f].count; ++p) {
        const NodeIndex a = result.pair_source[p];
        const std::uint64_t* row = passages.reached(a, 0);
        // Spec §5: a ≠ X; the source's own capture vertices never count.
        const std::uint32_t own = capture_of[a];
        for (std::size_t w = 0; w < words; ++w)
          for (std::uint64_t bits = row[w] & targets[w]; bits; bits &= bits - 1) {
            const std::size_t k = first + w * 64 + static_cast<std::size_t>(__builtin_ctzll(bits));
            if (result.bit_capture[k] == own) continue;
            result.columns[k * result.pair_words + p / 64] |= std::uint64_t{1} << (p % 64);
          }
      }
    }
  }
  return result;
}

// The texts of every label state the placed flows' data may carry, sorted into
// report.labels, and each state's index there.
void index_labels(const Model& model, const FlowContext& context, const std::vector<std::uint8_t>& data_used,
                  TransitRows& rows, std::vector<std::string>& labels) {
  const Scheme& scheme = model.scheme();
  const auto& classes = context.classes.classes;
  std::vector<std::uint8_t> class_used(classes.size(), 0);
  for (DataIndex d = 0; d < data_used.size(); ++d)
    if (data_used[d]) class_used[context.classes.class_of[d]] = 1;
  rows.state_first.assign(classes.size() + 1, 0);
  for (std::size_t c = 0; c < classes.size(); ++c)
    rows.state_first[c + 1] = rows.state_first[c] + static_cast<std::uint32_t>(classes[c].labels.size());
  std::vector<std::string> data_text(data_used.size()), state_text(rows.state_first.back());
  for (DataIndex d = 0; d < data_used.size(); ++d)
    if (data_used[d]) {
      data_text[d] = format_marking(model.data()[d].marking, scheme, model.data()[d].owner);
      labels.push_back(data_text[d]);
    }
  for (std::uint32_t c = 0; c < classes.size(); ++c)
    if (class_used[c])
      for (StateIndex s = 1; s < classes[c].labels.size(); ++s) {
        state_text[rows.state_first[c] + s] =
            format_marking(*classes[c].markings[s], scheme, model.data()[classes[c].representative].owner);
        labels.push_back(state_text[rows.state_first[c] + s]);
      }
  std::sort(labels.begin(), labels.end());
  labels.erase(std::unique(labels.begin(), labels.end()), labels.end());
  auto index_of = [&](const std::string& text) {
    return static_cast<std::uint32_t>(std::lower_bound(labels.begin(), labels.end(), text) - labels.begin());
  };
  rows.data_label.assign(data_used.size(), none);
  rows.state_label.assign(state_text.size(), none);
  for (DataIndex d = 0; d < data_used.size(); ++d)
    if (data_used[d]) rows.data_label[d] = index_of(data_text[d]);
  for (std::uint32_t c = 0; c < classes.size(); ++c)
    if (class_used[c])
      for (StateIndex s = 1; s < classes[c].labels.size(); ++s)
        rows.state_label[rows.state_first[c] + s] = index_of(state_text[rows.state_first[c] + s]);
}

// A bit set over `size` items for each of `count` owners, in one block.
class BitTable {
 public:
  BitTable(std::size_t count, std::size_t size) : words_((size + 63) / 64), bits_(count * words_, 0) {}
  void insert(std::size_t owner, std::size_t item) { bits_[owner * words_ + item / 64] |= std::uint64_t{1} << (item % 64); }
  template <typename F>
  void for_each(std::size_t owner, F&& f) const {
    for (std::size_t w = 0; w < words_; ++w)
      for (std::uint64_t bits = bits_[owner * words_ + w]; bits; bits &= bits - 1)
        f(w * 64 + static_cast<std::size_t>(__builtin_ctzll(bits)));
  }

 private:
  std::size_t words_;
  std::vector<std::uint64_t> bits_;
};

}  // namespace

namespace {

// exposure(), which turns running out of memory over label states into an input error.
ExposureReport exposure_of(const Model& model, const ExposureOptions& options);

}  // namespace

ExposureReport exposure(const Model& model, const ExposureOptions& options) {
  try {
    return exposure_of(model, options);
  } catch (const std::bad_alloc&) {
    detail::throw_out_of_memory(FlowContext(model), "exposure");
  }
}

namespace {

ExposureReport exposure_of(const Model& model, const ExposureOptions& options) {
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

  // Summaries: over the data exposed at rest and the label states in transit, as bits
  // per capture, turned into levels and names at the end.
  BitTable exposed(captured.size(), model.data().size());
  for (std::uint32_t c = 0; c < captured.size(); ++c)
    for (const AtRestExposure& at_rest : report.captures[c].at_rest)
      if (at_rest.exposed) exposed.insert(c, at_rest.data);
  std::vector<Label> state_labels;          // per (class, state), as TransitRows numbers them
  std::vector<CountryId> state_owners;
  BitTable carried(captured.size(), 0);

  if (!model.flows().empty()) {
    const FlowContext context(model);
    detail::check_label_states(context, options.max_label_states);
    auto rows = std::make_shared<TransitRows>();
    // In transit: per search class, the flows with a source and a target.
    std::vector<std::vector<FlowIndex>> flows_of(context.classes.classes.size());
    std::vector<std::uint8_t> data_used(model.data().size(), 0);
    rows->flows.resize(model.flows().size());
    rows->flow_data.resize(model.flows().size());
    for (FlowIndex f = 0; f < model.flows().size(); ++f) {
      const Flow& flow = model.flows()[f];
      rows->flow_data[f] = flow.data;
      rows->flows[f].own_class = context.classes.class_of[flow.data];
      if (!model.placement().is_placed(flow.from) || !model.placement().is_placed(flow.to)) continue;
      rows->flows[f].search = context.classes.search_of[context.classes.class_of[flow.data]];
      flows_of[rows->flows[f].search].push_back(f);
      data_used[flow.data] = 1;
    }
    index_labels(model, context, data_used, *rows, report.labels);
    for (const detail::DataClass& data_class : context.classes.classes)
      for (const Label& label : data_class.labels) {
        state_labels.push_back(label);
        state_owners.push_back(model.data()[data_class.representative].owner);
      }
    carried = BitTable(captured.size(), state_labels.size());

    rows->classes.resize(flows_of.size());
    for (std::uint32_t search = 0; search < flows_of.size(); ++search) {
      if (flows_of[search].empty()) continue;
      TransitClass& rows_of = rows->classes[search] =
          find_rows(model, context, search, flows_of[search], captured, capture_of, rows->flows);
      if (rows_of.columns.empty()) continue;
      std::vector<std::uint64_t> passing(rows_of.pair_words);
      for (std::uint32_t c = 0; c < captured.size(); ++c) {
        const std::uint32_t begin = rows_of.capture_begin[c], end = rows_of.capture_begin[c + 1];
        if (begin == end) continue;
        std::fill(passing.begin(), passing.end(), 0);
        for (std::uint32_t k = begin; k < end; ++k) {
          const std::uint64_t* column = &rows_of.columns[k * rows_of.pair_words];
          for (std::size_t w = 0; w < rows_of.pair_words; ++w) {
            passing[w] |= column[w];
            for (std::uint64_t bits = column[w]; bits; bits &= bits - 1) {
              const std::size_t p = w * 64 + static_cast<std::size_t>(__builtin_ctzll(bits));
              carried.insert(c, rows->state_first[rows->flows[rows_of.pair_flow[p]].own_class] + rows_of.bit_state[k]);
            }
          }
        }
        for (std::size_t w = 0; w < rows_of.pair_words; ++w)
          for (std::uint64_t bits = passing[w]; bits; bits &= bits - 1) {
            const std::size_t p = w * 64 + static_cast<std::size_t>(__builtin_ctzll(bits));
            exposed.insert(c, rows->flow_data[rows_of.pair_flow[p]]);
            ++report.captures[c].in_transit_count;
          }
      }
    }
    report.rows = std::move(rows);
  }

  for (std::uint32_t c = 0; c < captured.size(); ++c) {
    ExposureSummary& summary = report.captures[c].summary;
    CompartmentSet compartments;
    CountrySet owners;
    auto add = [&](const Label& label, CountryId owner) {
      if (!summary.level || label.level > *summary.level) summary.level = label.level;
      compartments |= label.compartments;
      owners.insert(owner);
    };
    for (const AtRestExposure& at_rest : report.captures[c].at_rest)
      if (at_rest.exposed) add(model.data()[at_rest.data].label, model.data()[at_rest.data].owner);
    carried.for_each(c, [&](std::size_t state) { add(state_labels[state], state_owners[state]); });
    compartments.for_each([&](std::size_t id) {
      summary.compartments.emplace_back(scheme.compartments().name(static_cast<CompartmentId>(id)));
    });
    std::sort(summary.compartments.begin(), summary.compartments.end());
    owners.for_each([&](std::size_t id) { summary.owners.emplace_back(country_code(static_cast<CountryId>(id))); });
    std::sort(summary.owners.begin(), summary.owners.end());
    exposed.for_each(c, [&](std::size_t) { ++summary.exposed_data; });
  }
  return report;
}

}  // namespace

TransitList ExposureReport::in_transit(std::size_t capture) const {
  if (capture >= captures.size())
    throw error(ErrorKind::usage, "capture " + std::to_string(capture) + " is out of range: the report has " +
                                      std::to_string(captures.size()));
  TransitList list;
  if (!rows) return list;
  list.entries.reserve(captures[capture].in_transit_count);
  // The capture's vertices in each class: few, so their columns stay in cache.
  std::vector<std::uint32_t> begin(rows->classes.size()), end(rows->classes.size());
  for (std::size_t search = 0; search < rows->classes.size(); ++search) {
    const TransitClass& rows_of = rows->classes[search];
    if (rows_of.columns.empty()) continue;
    begin[search] = rows_of.capture_begin[capture];
    end[search] = rows_of.capture_begin[capture + 1];
  }
  // A pair's label set follows from its data and which of the capture's vertices it
  // passes: the last set found for each data is kept, and flows of a data mostly agree.
  // Sets are otherwise found by their single label, or as a whole.
  std::vector<std::uint64_t> last_mask(rows->data_label.size(), 0);
  std::vector<std::uint32_t> last_set(rows->data_label.size(), none);
  std::vector<std::uint32_t> single(labels.size(), none);
  std::map<std::vector<std::uint32_t>, std::uint32_t> several;
  std::vector<std::uint32_t> set;
  for (FlowIndex f = 0; f < rows->flows.size(); ++f) {
    const TransitFlow& pairs = rows->flows[f];
    if (pairs.search == none || begin[pairs.search] == end[pairs.search]) continue;
    const TransitClass& rows_of = rows->classes[pairs.search];
    const std::uint32_t first = begin[pairs.search], last = end[pairs.search];
    const DataIndex d = rows->flow_data[f];
    for (std::uint32_t p = pairs.first; p < pairs.first + pairs.count; ++p) {
      // Which of the capture's vertices the pair passes, as bits from `first` (a mask
      // only caches up to 64 of them; beyond, each set is found afresh).
      std::uint64_t mask = 0;
      bool passes = false;
      for (std::uint32_t k = first; k < last; ++k)
        if (rows_of.passes(k, p)) {
          passes = true;
          if (k - first < 64) mask |= std::uint64_t{1} << (k - first);
        }
      if (!passes) continue;
      const bool cacheable = last - first <= 64;
      if (!cacheable || last_set[d] == none || last_mask[d] != mask) {
        set.clear();
        for (std::uint32_t k = first; k < last; ++k)
          if (rows_of.passes(k, p)) set.push_back(rows->label(pairs.own_class, d, rows_of.bit_state[k]));
        if (set.size() > 1) {
          std::sort(set.begin(), set.end());
          set.erase(std::unique(set.begin(), set.end()), set.end());
        }
        std::uint32_t id;
        if (set.size() == 1) {
          id = single[set[0]];
          if (id == none) {
            id = single[set[0]] = static_cast<std::uint32_t>(list.label_sets.size());
            list.label_sets.push_back(set);
          }
        } else {
          auto [at, added] = several.emplace(set, static_cast<std::uint32_t>(list.label_sets.size()));
          if (added) list.label_sets.push_back(set);
          id = at->second;
        }
        last_mask[d] = mask;
        last_set[d] = id;
      }
      list.entries.push_back(TransitExposure{f, rows_of.pair_source[p], d, last_set[d]});
    }
  }
  return list;
}

ExposureReport exposure(const Model& model, std::string_view capture) {
  return exposure(model, capture, ExposureOptions{});
}

ExposureReport exposure(const Model& model, std::string_view capture, ExposureOptions options) {
  std::optional<std::uint32_t> index = model.node_ids().find(capture);
  if (!index) {
    std::string message = "model `" + model.name() + "` has no node " + detail::quoted(capture);
    if (auto near = nearest_name(capture, model.node_ids())) message += "; did you mean " + detail::quoted(*near) + "?";
    throw error(ErrorKind::not_found, message);
  }
  options.capture = *index;
  return exposure(model, options);
}

namespace {

// The vertices reached from `start` over the graph's edges (out) or against them (in).
void visit(const std::vector<std::uint32_t>& begin, const std::vector<VertexIndex>& next,
            std::vector<VertexIndex> start, std::vector<std::uint8_t>& seen) {
  std::fill(seen.begin(), seen.end(), 0);
  for (VertexIndex v : start) seen[v] = 1;
  while (!start.empty()) {
    const VertexIndex v = start.back();
    start.pop_back();
    for (std::uint32_t i = begin[v]; i < begin[v + 1]; ++i)
      if (!seen[next[i]]) {
        seen[next[i]] = 1;
        start.push_back(next[i]);
      }
  }
}

}  // namespace

std::vector<RouteCrossing> route_crossings(const Model& model, const ExposureReport& report, std::size_t capture) {
  const TransitList transit = report.in_transit(capture);
  std::vector<RouteCrossing> crossings;
  if (transit.entries.empty()) return crossings;
  const NodeIndex x = report.captures[capture].node;
  const FlowContext context(model);
  // The sources of each flow's entries, flows grouped by the class searched.
  std::vector<std::vector<FlowIndex>> flows_of(context.classes.classes.size());
  std::vector<std::vector<NodeIndex>> sources(model.flows().size());
  for (const TransitExposure& entry : transit.entries) {
    if (sources[entry.flow].empty())
      flows_of[context.classes.search_of[context.classes.class_of[entry.data]]].push_back(entry.flow);
    sources[entry.flow].push_back(entry.source);
  }
  std::vector<std::uint8_t> crossed(model.links().size() * 2, 0);  // [2 l]: forward, [2 l + 1]: back
  for (std::uint32_t search = 0; search < flows_of.size(); ++search) {
    if (flows_of[search].empty()) continue;
    const FlowSpace space(model, context.network, context.guards, context.classes.classes[search], context.widths);
    const ProductGraph& graph = space.graph();
    const std::size_t vertex_count = boost::num_vertices(graph);
    const std::uint32_t states = space.state_count();
    // Adjacency both ways, as offsets into one array each.
    std::vector<std::uint32_t> out_begin(vertex_count + 1, 0), in_begin(vertex_count + 1, 0);
    std::vector<VertexIndex> out_next, in_next(boost::num_edges(graph));
    for (VertexIndex v = 0; v < vertex_count; ++v) {
      auto range = boost::out_edges(v, graph);
      for (auto e = range.first; e != range.second; ++e) {
        out_next.push_back(boost::target(*e, graph));
        ++in_begin[boost::target(*e, graph) + 1];
      }
      out_begin[v + 1] = static_cast<std::uint32_t>(out_next.size());
    }
    for (std::size_t v = 0; v < vertex_count; ++v) in_begin[v + 1] += in_begin[v];
    {
      std::vector<std::uint32_t> fill(in_begin.begin(), in_begin.end() - 1);
      for (VertexIndex v = 0; v < vertex_count; ++v)
        for (std::uint32_t i = out_begin[v]; i < out_begin[v + 1]; ++i) in_next[fill[out_next[i]]++] = v;
    }
    std::vector<std::uint8_t> from_sources(vertex_count), to_targets(vertex_count), from_x(vertex_count),
        to_x(vertex_count);
    for (FlowIndex f : flows_of[search]) {
      std::vector<VertexIndex> start;
      for (NodeIndex a : sources[f]) start.push_back(space.vertex(a, 0));
      visit(out_begin, out_next, start, from_sources);
      start.clear();
      for (NodeIndex b : model.placement().nodes_of(model.flows()[f].to))
        for (StateIndex s = 0; s < states; ++s) start.push_back(space.vertex(b, s));
      visit(in_begin, in_next, start, to_targets);
      // X's vertices on a route: reached from a source, reaching a target. (A source is
      // never X, so each is entered on the way.)
      start.clear();
      for (StateIndex s = 0; s < states; ++s)
        if (from_sources[space.vertex(x, s)] && to_targets[space.vertex(x, s)]) start.push_back(space.vertex(x, s));
      visit(in_begin, in_next, start, to_x);
      visit(out_begin, out_next, start, from_x);
      // An edge is on such a route when it leads from the sources towards X, or from X on.
      for (VertexIndex u = 0; u < vertex_count; ++u) {
        if (!from_sources[u] && !from_x[u]) continue;
        auto range = boost::out_edges(u, graph);
        for (auto e = range.first; e != range.second; ++e) {
          const VertexIndex v = boost::target(*e, graph);
          if (!(from_sources[u] && to_x[v]) && !(from_x[u] && to_targets[v])) continue;
          const LinkIndex l = graph[*e].link;
          const bool forward = model.links()[l].from == space.node_of(u);
          crossed[2 * l + (forward ? 0 : 1)] = 1;
        }
      }
    }
  }
  for (LinkIndex l = 0; l < model.links().size(); ++l)
    for (int way = 0; way < 2; ++way)
      if (crossed[2 * l + static_cast<std::size_t>(way)]) crossings.push_back(RouteCrossing{l, way == 0});
  return crossings;
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

