// The reachability closure of a product graph and its fallback (see reach_closure.hpp).
#include "reach_closure.hpp"

#include <algorithm>
#include <functional>
#include <queue>
#include <utility>

namespace clearance {
inline namespace v1 {
namespace detail {

namespace {

// Whether link l carries `threshold` (threshold 0 keeps every edge, as bandwidths are > 0).
inline bool carries(const FlowSpace& space, LinkIndex l, double threshold) {
  return threshold <= 0 || space.link(l).bandwidth_mbps >= threshold;
}

}  // namespace

std::size_t strong_components(const FlowSpace& space, double threshold, std::vector<std::uint32_t>& component,
                              std::vector<std::uint8_t>* entered) {
  const std::size_t vertex_count = space.vertex_count();
  // Pearce's rindex: 0 unvisited; while on the path or the stack, the least visit index it
  // is known to reach; once assigned, its component counted down from vertex_count - 1,
  // with the top bit set (vertices number fewer than 2^31), so that it is above every
  // index in use and tells a finished vertex: one word per vertex does both.
  constexpr std::uint32_t finished = 0x80000000u;
  std::vector<std::uint32_t>& rindex = component;
  rindex.assign(vertex_count, 0);
  // An arc joins two components when its head is in a finished component as it is
  // scanned, or is a child that finishes as a root; any other head is still on the stack,
  // so in the tail's component. entered[c]: an arc enters component c (numbered as rindex).
  if (entered != nullptr) entered->assign(vertex_count, 0);
  if (vertex_count == 0) return 0;
  std::uint32_t index = 1;
  std::uint32_t next_component = static_cast<std::uint32_t>(vertex_count - 1);
  struct Frame {
    VertexIndex vertex;
    bool is_root;
    FlowSpace::OutCursor cursor;
  };
  std::vector<Frame> path;
  std::vector<VertexIndex> stack;
  for (VertexIndex start = 0; start < vertex_count; ++start) {
    if (rindex[start] != 0) continue;
    rindex[start] = index++;
    path.push_back(Frame{start, true, space.out_cursor(start)});
    while (!path.empty()) {
      Frame& frame = path.back();
      VertexIndex w;
      LinkIndex l;
      if (space.next_out(frame.cursor, w, l)) {
        if (!carries(space, l, threshold)) continue;
        if (rindex[w] == 0) {
          rindex[w] = index++;
          path.push_back(Frame{w, true, space.out_cursor(w)});
        } else if (rindex[w] < rindex[frame.vertex]) {
          rindex[frame.vertex] = rindex[w];
          frame.is_root = false;
        } else if (entered != nullptr && (rindex[w] & finished) != 0) {
          (*entered)[rindex[w] & ~finished] = 1;
        }
        continue;
      }
      const VertexIndex v = frame.vertex;
      const bool is_root = frame.is_root;
      path.pop_back();
      if (is_root) {
        --index;
        while (!stack.empty() && rindex[v] <= rindex[stack.back()]) {
          rindex[stack.back()] = next_component | finished;
          stack.pop_back();
          --index;
        }
        rindex[v] = next_component-- | finished;
      } else {
        stack.push_back(v);
      }
      if (!path.empty() && rindex[v] < rindex[path.back().vertex]) {
        rindex[path.back().vertex] = rindex[v];
        path.back().is_root = false;
      } else if (!path.empty() && is_root && entered != nullptr) {
        (*entered)[rindex[v] & ~finished] = 1;
      }
    }
  }
  // Components complete sinks first; number them so, from 0.
  const std::uint32_t last = static_cast<std::uint32_t>(vertex_count - 1);
  for (std::uint32_t& c : component) c = last - (c & ~finished);
  const std::size_t count = std::size_t(last - next_component);
  if (entered != nullptr) {
    std::reverse(entered->begin(), entered->end());
    entered->resize(count);
  }
  return count;
}

ReachClosure::ReachClosure(const FlowSpace& space, std::size_t node_count, double threshold,
                           std::size_t budget_bytes)
    : words_((node_count + 63) / 64) {
  vertex_count_ = space.vertex_count();
  std::vector<std::uint32_t> component;
  std::vector<std::uint8_t> entered;
  const std::size_t component_count = strong_components(space, threshold, component, &entered);
  // Every arc of v that carries the threshold, into w.
  auto for_each_arc = [&](VertexIndex v, auto visit) {
    space.for_each_out(v, [&](VertexIndex w, LinkIndex l) {
      if (carries(space, l, threshold)) visit(w);
    });
  };
  std::vector<std::uint32_t> start(component_count + 1, 0);
  for (std::uint32_t c : component) ++start[c + 1];
  for (std::size_t c = 0; c < component_count; ++c) start[c + 1] += start[c];
  // A component needs a row when an edge enters it (its row is merged into others) or
  // when it has several vertices (asking it would walk all their edges).
  row_.assign(component_count, none);
  std::size_t rows = 0;
  for (std::size_t c = 0; c < component_count; ++c)
    if (entered[c] || start[c + 1] - start[c] > 1) row_[c] = static_cast<std::uint32_t>(rows++);
  entered = {};
  if (rows * words_ * 8 > budget_bytes) {
    row_.clear();
    return;  // built() is false: the caller searches instead
  }
  std::vector<VertexIndex> members(vertex_count_);
  {
    std::vector<std::uint32_t> next(start.begin(), start.end() - 1);
    for (VertexIndex v = 0; v < vertex_count_; ++v) members[next[component[v]]++] = v;
  }
  bits_.assign(rows * words_, 0);
  std::vector<std::uint32_t> merged_into(component_count, none);  // the last component that took d's bits
  successor_begin_.assign(vertex_count_, 0);
  successor_end_.assign(vertex_count_, 0);
  own_node_.assign(vertex_count_, none);
  for (std::size_t c = 0; c < component_count; ++c) {
    if (row_[c] == none) {
      // One vertex that no edge enters: keep its successors' components instead of a row.
      const VertexIndex v = members[start[c]];
      own_node_[v] = space.node_of(v);
      successor_begin_[v] = static_cast<std::uint32_t>(successors_.size());
      for_each_arc(v, [&](VertexIndex w) {
        const std::uint32_t d = component[w];
        if (d == c || merged_into[d] == c) return;  // d == c: a loop back to itself
        merged_into[d] = static_cast<std::uint32_t>(c);
        successors_.push_back(d);
      });
      successor_end_[v] = static_cast<std::uint32_t>(successors_.size());
      continue;
    }
    std::uint64_t* bits = &bits_[std::size_t(row_[c]) * words_];
    for (std::uint32_t i = start[c]; i < start[c + 1]; ++i) {
      const VertexIndex v = members[i];
      const NodeIndex n = space.node_of(v);
      bits[n / 64] |= std::uint64_t{1} << (n % 64);
      for_each_arc(v, [&](VertexIndex w) {
        const std::uint32_t d = component[w];
        if (d == c || merged_into[d] == c) return;
        merged_into[d] = static_cast<std::uint32_t>(c);
        const std::uint64_t* other = &bits_[std::size_t(row_[d]) * words_];
        for (std::size_t k = 0; k < words_; ++k) bits[k] |= other[k];
      });
    }
  }
  component_ = std::move(component);
}

const std::uint64_t* ReachClosure::row_of(VertexIndex from, Scratch& scratch) const {
  const std::uint32_t row = row_[component_[from]];
  if (row != none) return &bits_[std::size_t(row) * words_];
  if (scratch.vertex != from) {
    scratch.row.assign(words_, 0);
    const NodeIndex n = own_node_[from];
    scratch.row[n / 64] |= std::uint64_t{1} << (n % 64);
    for (std::uint32_t k = successor_begin_[from]; k < successor_end_[from]; ++k) {
      const std::uint64_t* other = &bits_[std::size_t(row_[successors_[k]]) * words_];
      for (std::size_t w = 0; w < words_; ++w) scratch.row[w] |= other[w];
    }
    scratch.vertex = from;
  }
  return scratch.row.data();
}

bool ReachClosure::reaches_any(VertexIndex from, Span<NodeIndex> nodes, Scratch& scratch) const {
  const std::uint64_t* bits = row_of(from, scratch);
  for (NodeIndex n : nodes)
    if ((bits[n / 64] >> (n % 64)) & 1u) return true;
  return false;
}

void least_latency(const FlowSpace& space, NodeIndex a, double threshold, std::vector<double>& node_distance,
                   std::vector<VertexIndex>* predecessor, std::vector<double>* vertex_distance) {
  const std::size_t vertex_count = space.vertex_count();
  std::vector<double> local_distance;
  std::vector<double>& distance = vertex_distance != nullptr ? *vertex_distance : local_distance;
  distance.assign(vertex_count, infinity);
  if (predecessor != nullptr) predecessor->assign(vertex_count, none);
  // Dijkstra with a binary heap and stale entries skipped: a plain search over the
  // implicit graph, for the sources a closure too large to build cannot answer.
  using Entry = std::pair<double, VertexIndex>;
  std::priority_queue<Entry, std::vector<Entry>, std::greater<Entry>> queue;
  const VertexIndex source = space.vertex(a, 0);
  distance[source] = 0;
  queue.emplace(0, source);
  while (!queue.empty()) {
    const double d = queue.top().first;  // named, not a binding: the lambda below captures it
    const VertexIndex v = queue.top().second;
    queue.pop();
    if (d > distance[v]) continue;
    space.for_each_out(v, [&](VertexIndex w, LinkIndex l) {
      const Link& link = space.link(l);
      if (!carries(space, l, threshold)) return;
      const double through = d + link.latency_ms;
      if (through < distance[w]) {
        distance[w] = through;
        if (predecessor != nullptr) (*predecessor)[w] = v;
        queue.emplace(through, w);
      }
    });
  }
  const std::uint32_t states = space.state_count();
  node_distance.assign(vertex_count / std::max<std::uint32_t>(states, 1), infinity);
  for (VertexIndex v = 0; v < vertex_count; ++v) {
    double& best = node_distance[v / states];
    if (distance[v] < best) best = distance[v];
  }
}

Reachability::Reachability(const FlowSpace& space, std::size_t node_count, double threshold,
                           std::size_t budget_bytes)
    : space_(space), threshold_(threshold) {
  auto closure = std::make_shared<ReachClosure>(space, node_count, threshold, budget_bytes);
  if (closure->built()) closure_ = std::move(closure);
}

Reachability::Reachability(const FlowSpace& space, double threshold, std::shared_ptr<const ReachClosure> closure)
    : space_(space), threshold_(threshold), closure_(std::move(closure)) {}

bool Reachability::reaches_any(NodeIndex a, Span<NodeIndex> targets) {
  if (closure_) return closure_->reaches_any(space_.vertex(a, 0), targets, scratch_);
  if (a != source_) {
    least_latency(space_, a, threshold_, distance_, nullptr, nullptr);
    source_ = a;
  }
  for (NodeIndex b : targets)
    if (distance_[b] != infinity) return true;
  return false;
}

}  // namespace detail
}  // namespace v1
}  // namespace clearance
