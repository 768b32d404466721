#include <clearance/graph.hpp>

#include <utility>
#include <vector>

namespace clearance {
inline namespace v1 {

NetworkGraph build_network_graph(const Model& model) {
  const auto& links = model.links();
  std::vector<std::pair<NodeIndex, NodeIndex>> edges;
  std::vector<LinkCrossing> crossings;
  edges.reserve(links.size() * 2);
  crossings.reserve(links.size() * 2);
  for (LinkIndex i = 0; i < links.size(); ++i) {
    const Link& link = links[i];
    edges.emplace_back(link.from, link.to);
    crossings.push_back({i, true});
    if (!link.is_one_way()) {
      edges.emplace_back(link.to, link.from);
      crossings.push_back({i, false});
    }
  }
  return NetworkGraph(boost::edges_are_unsorted_multi_pass, edges.begin(), edges.end(), crossings.begin(),
                      static_cast<NodeIndex>(model.nodes().size()));
}

}  // namespace v1
}  // namespace clearance
