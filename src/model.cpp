#include <clearance/model.hpp>

#include <algorithm>

namespace clearance {
inline namespace v1 {

std::string_view to_string(NodeKind kind) { return kind == NodeKind::edge ? "edge" : "region"; }

std::string_view to_string(AtRest at_rest) {
  switch (at_rest) {
    case AtRest::none: return "none";
    case AtRest::fips: return "fips";
    case AtRest::csfc: return "csfc";
    case AtRest::type1: return "type1";
  }
  return "none";
}

std::string_view to_string(LinkKind kind) {
  switch (kind) {
    case LinkKind::network: return "network";
    case LinkKind::guard: return "guard";
    case LinkKind::diode: return "diode";
    case LinkKind::courier: return "courier";
  }
  return "network";
}

std::string_view to_string(Direction direction) { return direction == Direction::forward ? "forward" : "both"; }

std::string_view to_string(Encryption encryption) {
  switch (encryption) {
    case Encryption::none: return "none";
    case Encryption::tls: return "tls";
    case Encryption::csfc: return "csfc";
    case Encryption::type1: return "type1";
  }
  return "none";
}

namespace {
// The bytes an id may have, by value: one look per byte (every id of a load is checked).
struct IdBytes {
  bool allowed[256] = {};
  constexpr IdBytes() {
    for (int c = 0; c < 256; ++c)
      allowed[c] = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' ||
                   c == '_' || c == ':' || c == '-';
  }
};
constexpr IdBytes id_bytes;
}  // namespace

bool is_valid_id(std::string_view id) {
  if (id.empty()) return false;
  for (const char c : id)
    if (!id_bytes.allowed[static_cast<unsigned char>(c)]) return false;
  return true;
}

void Placement::assign(WorkloadIndex workload, Span<NodeIndex> nodes) {
  const std::uint32_t begin = offsets_[workload];
  const std::uint32_t end = offsets_[workload + 1];
  const std::uint32_t old_count = end - begin;
  const auto new_count = static_cast<std::uint32_t>(nodes.size());
  if (new_count > old_count) {
    nodes_.insert(nodes_.begin() + end, new_count - old_count, NodeIndex{0});
  } else if (new_count < old_count) {
    nodes_.erase(nodes_.begin() + begin + new_count, nodes_.begin() + end);
  }
  std::copy(nodes.begin(), nodes.end(), nodes_.begin() + begin);
  for (std::size_t w = workload + 1; w < offsets_.size(); ++w) offsets_[w] = offsets_[w] - old_count + new_count;
}

void Model::set_placement(std::string_view workload, const std::vector<std::string_view>& nodes) {
  std::vector<Diagnostic> diagnostics;
  auto fail = [&](std::string pointer, std::string message) {
    diagnostics.push_back(Diagnostic{{}, std::move(pointer), 0, 0, std::move(message)});
  };
  auto workload_index = workload_ids_.find(workload);
  if (!workload_index) {
    std::string message = "unknown workload \"" + std::string(workload) + "\"";
    if (auto hint = nearest_name(workload, workload_ids_)) message += "; did you mean \"" + *hint + "\"?";
    fail("/placement", message);
    throw input_error(std::move(diagnostics));
  }
  const std::string base = "/placement/" + std::string(workload);
  std::vector<NodeIndex> indices;
  indices.reserve(nodes.size());
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    auto node = node_ids_.find(nodes[i]);
    if (!node) {
      std::string message = "unknown node \"" + std::string(nodes[i]) + "\"";
      if (auto hint = nearest_name(nodes[i], node_ids_)) message += "; did you mean \"" + *hint + "\"?";
      fail(base + "/" + std::to_string(i), message);
      continue;
    }
    if (std::find(indices.begin(), indices.end(), *node) != indices.end()) {
      fail(base + "/" + std::to_string(i), "node \"" + std::string(nodes[i]) + "\" is named twice; list each node once");
      continue;
    }
    indices.push_back(*node);
  }
  if (!diagnostics.empty()) throw input_error(std::move(diagnostics));
  placement_.assign(*workload_index, Span<NodeIndex>(indices));
}

void Model::set_placement(Placement placement) {
  if (placement.workload_count() != workloads_.size())
    throw error(ErrorKind::usage, "the placement was made for a model with " +
                                      std::to_string(placement.workload_count()) + " workloads, this one has " +
                                      std::to_string(workloads_.size()));
  for (WorkloadIndex w = 0; w < placement.workload_count(); ++w)
    for (NodeIndex node : placement.nodes_of(w))
      if (node >= nodes_.size())
        throw error(ErrorKind::usage, "the placement puts workload \"" + std::string(workload_ids_.name(w)) +
                                          "\" on node index " + std::to_string(node) + ", but the model has " +
                                          std::to_string(nodes_.size()) + " nodes");
  placement_ = std::move(placement);
}

std::string Model::marking_of(DataIndex data) const {
  return format_marking(data_[data].marking, scheme_, data_[data].owner);
}

std::string Model::accreditation_of(NodeIndex node) const {
  Marking marking;
  marking.level = nodes_[node].accredited.level;
  marking.compartments = nodes_[node].accredited.compartments;
  return format_marking(marking, scheme_, scheme_.default_owner());
}

}  // namespace v1
}  // namespace clearance
