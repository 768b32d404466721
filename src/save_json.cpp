// Canonical JSON (save.hpp). What the Model does not keep (which scheme entries the file
// gave, whether a default was written out) is recovered by comparing with the defaults:
// whatever equals the default is left out, so equivalent models print the same bytes.
#include <clearance/atomic_file.hpp>
#include <clearance/save.hpp>

#include "text.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <numeric>

namespace clearance {
inline namespace v1 {
namespace {

// The shortest text that reads back as the same double.
void append_number(std::string& out, double value) {
  char buffer[32];
  auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
  out.append(buffer, result.ptr);
}

void append_integer(std::string& out, std::uint64_t value) {
  char buffer[24];
  auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
  out.append(buffer, result.ptr);
}

// One JSON object written on one line: {"key": value, ...}.
class Line {
 public:
  explicit Line(std::string& out) : out_(out) { out_ += '{'; }
  std::string& key(std::string_view name) {
    if (!first_) out_ += ", ";
    first_ = false;
    detail::append_json_string(out_, name);
    out_ += ": ";
    return out_;
  }
  void string(std::string_view name, std::string_view value) { detail::append_json_string(key(name), value); }
  void number(std::string_view name, double value) { append_number(key(name), value); }
  void integer(std::string_view name, std::uint64_t value) { append_integer(key(name), value); }
  void strings(std::string_view name, const std::vector<std::string_view>& values) {
    std::string& out = key(name);
    out += '[';
    for (std::size_t i = 0; i < values.size(); ++i) {
      if (i) out += ", ";
      detail::append_json_string(out, values[i]);
    }
    out += ']';
  }
  void close() { out_ += '}'; }

 private:
  std::string& out_;
  bool first_ = true;
};

// Country codes of a set, sorted.
std::vector<std::string_view> codes_of(const CountrySet& set) {
  std::vector<std::string_view> codes;
  set.for_each([&](std::size_t id) { codes.push_back(country_code(static_cast<CountryId>(id))); });
  std::sort(codes.begin(), codes.end());
  return codes;
}

// Indices 0..n-1 sorted by the names of an id table.
std::vector<std::uint32_t> sorted_by_name(const IdTable& ids) {
  std::vector<std::uint32_t> order(ids.size());
  std::iota(order.begin(), order.end(), 0u);
  std::sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) { return ids.name(a) < ids.name(b); });
  return order;
}

// A marking that has no owner of its own (a guard's release): REL TO lists the scheme's
// default owner first when it is a member, else the first country.
std::string format_release_marking(const Marking& marking, const Scheme& scheme) {
  CountryId owner = scheme.default_owner();
  if (marking.has(Control::rel_to) && !marking.rel_to.contains(owner)) {
    marking.rel_to.for_each([&, found = false](std::size_t id) mutable {
      if (!found) owner = static_cast<CountryId>(id);
      found = true;
    });
  }
  return format_marking(marking, scheme, owner);
}

// Amounts as {"resource": amount} sorted by resource name.
void append_amounts(std::string& out, const std::vector<ResourceAmount>& amounts, const Model& model) {
  std::vector<const ResourceAmount*> sorted;
  for (const auto& amount : amounts) sorted.push_back(&amount);
  std::sort(sorted.begin(), sorted.end(), [&](const ResourceAmount* a, const ResourceAmount* b) {
    return model.resource_name(a->resource) < model.resource_name(b->resource);
  });
  Line line(out);
  for (const ResourceAmount* amount : sorted) line.number(model.resource_name(amount->resource), amount->amount);
  line.close();
}

class CanonicalWriter {
 public:
  explicit CanonicalWriter(const Model& model) : model_(model), scheme_(model.scheme()) {}

  std::string write() {
    out_ += "{\n  \"clearance\": 1,\n  \"name\": ";
    detail::append_json_string(out_, model_.name());
    write_scheme();
    write_nodes();
    write_links();
    write_data();
    write_workloads();
    write_flows();
    write_placement();
    out_ += "\n}\n";
    return std::move(out_);
  }

 private:
  // Opens `"key": [` or `"key": {` at the top level; items follow one per line.
  void open(std::string_view key, char bracket) {
    out_ += ",\n  ";
    detail::append_json_string(out_, key);
    out_ += ": ";
    out_ += bracket;
    first_item_ = true;
  }
  void item() {
    out_ += first_item_ ? "\n    " : ",\n    ";
    first_item_ = false;
  }
  void close(char bracket) {
    out_ += "\n  ";
    out_ += bracket;
  }

  std::optional<Level> level_named(std::string_view name) const {
    for (std::size_t i = 0; i < scheme_.level_count(); ++i)
      if (scheme_.level_name(static_cast<Level>(i)) == name) return static_cast<Level>(i);
    return std::nullopt;
  }

  void write_scheme() {
    const Scheme defaults = Scheme::us_default();
    std::string body;  // lines of the scheme object
    auto entry = [&](std::string_view key) -> std::string& {
      body += body.empty() ? "\n    " : ",\n    ";
      detail::append_json_string(body, key);
      body += ": ";
      return body;
    };
    auto map_entry = [](std::string& out, bool& first, std::string_view key) -> std::string& {
      out += first ? "\n      " : ",\n      ";
      first = false;
      detail::append_json_string(out, key);
      out += ": ";
      return out;
    };

    std::vector<std::string_view> levels;
    for (std::size_t i = 0; i < scheme_.level_count(); ++i) levels.push_back(scheme_.level_name(static_cast<Level>(i)));
    std::vector<std::string_view> default_levels;
    for (std::size_t i = 0; i < defaults.level_count(); ++i)
      default_levels.push_back(defaults.level_name(static_cast<Level>(i)));
    if (levels != default_levels) {
      std::string& out = entry("levels");
      out += '[';
      for (std::size_t i = 0; i < levels.size(); ++i) {
        if (i) out += ", ";
        detail::append_json_string(out, levels[i]);
      }
      out += ']';
    }

    // Aliases that the defaults (those naming a level this scheme has) do not give.
    {
      std::string aliases;
      bool first = true;
      for (const auto& alias_entry : scheme_.aliases()) {
        const std::string& alias = alias_entry.first;
        const std::string& level_name = scheme_.level_name(alias_entry.second);
        const bool is_default = std::any_of(defaults.aliases().begin(), defaults.aliases().end(), [&](const auto& d) {
          return d.first == alias && defaults.level_name(d.second) == level_name;
        });
        if (!is_default) detail::append_json_string(map_entry(aliases, first, alias), level_name);
      }
      if (!first) entry("aliases") += "{" + aliases + "\n    }";
    }

    // Groups that are new or replace a default with other members; members expanded.
    {
      std::string groups;
      bool first = true;
      for (const auto& [name, members] : scheme_.groups()) {
        const CountrySet* default_members = defaults.find_group(name);
        if (default_members != nullptr && *default_members == members) continue;
        std::string& out = map_entry(groups, first, name);
        out += '[';
        const auto codes = codes_of(members);
        for (std::size_t i = 0; i < codes.size(); ++i) {
          if (i) out += ", ";
          detail::append_json_string(out, codes[i]);
        }
        out += ']';
      }
      if (!first) entry("groups") += "{" + groups + "\n    }";
    }

    if (level_named("CONFIDENTIAL") != scheme_.classified_from())
      detail::append_json_string(entry("classified_from"), scheme_.level_name(scheme_.classified_from()));
    if (level_named("CUI") != scheme_.controlled_from())
      detail::append_json_string(entry("controlled_from"), scheme_.level_name(scheme_.controlled_from()));

    // Impact levels: the defaults that name a level of this scheme, unless changed.
    {
      std::vector<std::pair<std::string_view, std::string_view>> expected, actual;
      for (const auto& level : defaults.impact_levels()) {
        const std::string& name = defaults.level_name(level.highest);
        if (level_named(name)) expected.emplace_back(level.name, name);
      }
      for (const auto& level : scheme_.impact_levels())
        actual.emplace_back(level.name, scheme_.level_name(level.highest));
      if (actual != expected) {
        std::string impact_levels;
        bool first = true;
        for (const auto& [name, level] : actual) detail::append_json_string(map_entry(impact_levels, first, name), level);
        entry("impact_levels") += first ? std::string("{}") : "{" + impact_levels + "\n    }";
      }
    }

    if (scheme_.default_owner() != defaults.default_owner())
      detail::append_json_string(entry("default_owner"), country_code(scheme_.default_owner()));

    if (body.empty()) return;
    out_ += ",\n  \"scheme\": {";
    out_ += body;
    out_ += "\n  }";
  }

  void write_nodes() {
    if (model_.nodes().empty()) return;
    std::vector<std::uint32_t> members_of_zone(model_.zone_names().size(), 0);
    for (const Node& node : model_.nodes()) ++members_of_zone[node.zone];
    open("nodes", '[');
    for (NodeIndex i : sorted_by_name(model_.node_ids())) {
      const Node& node = model_.nodes()[i];
      const std::string_view id = model_.node_id(i);
      item();
      Line line(out_);
      line.string("id", id);
      if (node.kind != NodeKind::region) line.string("kind", to_string(node.kind));
      if (!node.name.empty()) line.string("name", node.name);
      line.string("jurisdiction", country_code(node.jurisdiction));
      line.string("accredited", model_.accreditation_of(i));
      CountrySet own;
      own.insert(node.jurisdiction);
      if (node.access != own) line.strings("access", codes_of(node.access));
      if (node.impact_level != no_impact_level)
        line.string("impact_level", scheme_.impact_levels()[node.impact_level].name);
      // The default zone is the node's own failure domain; a zone named after the node
      // that no other node shares means the same.
      const std::string_view zone = model_.zone_names().name(node.zone);
      const bool default_zone = (zone.size() == id.size() + 1 && zone[0] == '\x01' && zone.substr(1) == id) ||
                                (zone == id && members_of_zone[node.zone] == 1);
      if (!default_zone) line.string("zone", zone);
      if (node.has_capacity) append_amounts(line.key("capacity"), node.capacity, model_);
      if (node.at_rest != AtRest::none) line.string("at_rest", to_string(node.at_rest));
      if (node.mean_online_h != unlimited || node.mean_offline_h != 0) {
        Line connectivity(line.key("connectivity"));
        if (node.mean_online_h != unlimited) connectivity.number("mean_online_h", node.mean_online_h);
        if (node.mean_offline_h != 0) connectivity.number("mean_offline_h", node.mean_offline_h);
        connectivity.close();
      }
      if (node.availability) line.number("availability", *node.availability);
      if (!node.price.empty()) append_amounts(line.key("price"), node.price, model_);
      line.close();
    }
    close(']');
  }

  void write_links() {
    if (model_.links().empty()) return;
    open("links", '[');
    for (LinkIndex i : sorted_by_name(model_.link_ids())) {
      const Link& link = model_.links()[i];
      item();
      Line line(out_);
      line.string("id", model_.link_id(i));
      line.string("from", model_.node_id(link.from));
      line.string("to", model_.node_id(link.to));
      if (link.kind != LinkKind::network) line.string("kind", to_string(link.kind));
      if (link.kind != LinkKind::diode && link.direction != Direction::both)
        line.string("direction", to_string(link.direction));
      const Level lower =
          std::min(model_.nodes()[link.from].accredited.level, model_.nodes()[link.to].accredited.level);
      if (link.carrier != lower) line.string("carrier", scheme_.level_name(link.carrier));
      if (link.encryption != Encryption::none) line.string("encryption", to_string(link.encryption));
      if (link.latency_ms != 0) line.number("latency_ms", link.latency_ms);
      if (link.bandwidth_mbps != unlimited) line.number("bandwidth_mbps", link.bandwidth_mbps);
      if (!link.releases.empty()) {
        std::string& out = line.key("releases");
        out += '[';
        for (std::size_t r = 0; r < link.releases.size(); ++r) {
          if (r) out += ", ";
          Line release(out);
          release.string("from", format_release_marking(link.releases[r].from, scheme_));
          release.string("to", format_release_marking(link.releases[r].to, scheme_));
          release.close();
        }
        out += ']';
      }
      if (link.availability) line.number("availability", *link.availability);
      line.close();
    }
    close(']');
  }

  void write_data() {
    if (model_.data().empty()) return;
    open("data", '[');
    for (DataIndex i : sorted_by_name(model_.data_ids())) {
      const Data& data = model_.data()[i];
      item();
      Line line(out_);
      line.string("id", model_.data_id(i));
      line.string("marking", model_.marking_of(i));
      if (data.owner != scheme_.default_owner()) line.string("owner", country_code(data.owner));
      if (data.has_residency) line.strings("residency", codes_of(data.residency));
      if (data.impact_level != no_impact_level)
        line.string("impact_level", scheme_.impact_levels()[data.impact_level].name);
      line.close();
    }
    close(']');
  }

  void write_workloads() {
    if (model_.workloads().empty()) return;
    open("workloads", '[');
    std::vector<std::string_view> uses;
    for (WorkloadIndex i : sorted_by_name(model_.workload_ids())) {
      const Workload& workload = model_.workloads()[i];
      item();
      Line line(out_);
      line.string("id", model_.workload_id(i));
      if (!workload.uses.empty()) {
        uses.clear();
        for (DataIndex d : workload.uses) uses.push_back(model_.data_id(d));
        std::sort(uses.begin(), uses.end());
        line.strings("uses", uses);
      }
      if (!workload.resources.empty()) append_amounts(line.key("resources"), workload.resources, model_);
      if (workload.replicas != 1) line.integer("replicas", workload.replicas);
      if (workload.min_zones != 1) line.integer("min_zones", workload.min_zones);
      if (workload.max_staleness_h) line.number("max_staleness_h", *workload.max_staleness_h);
      line.close();
    }
    close(']');
  }

  void write_flows() {
    if (model_.flows().empty()) return;
    open("flows", '[');
    for (FlowIndex i : sorted_by_name(model_.flow_ids())) {
      const Flow& flow = model_.flows()[i];
      item();
      Line line(out_);
      line.string("id", model_.flow_id(i));
      line.string("from", model_.workload_id(flow.from));
      line.string("to", model_.workload_id(flow.to));
      line.string("data", model_.data_id(flow.data));
      if (flow.max_latency_ms) line.number("max_latency_ms", *flow.max_latency_ms);
      if (flow.min_bandwidth_mbps) line.number("min_bandwidth_mbps", *flow.min_bandwidth_mbps);
      line.close();
    }
    close(']');
  }

  void write_placement() {
    const Placement& placement = model_.placement();
    if (placement.replica_count() == 0) return;
    open("placement", '{');
    std::vector<std::string_view> nodes;
    for (WorkloadIndex w : sorted_by_name(model_.workload_ids())) {
      if (!placement.is_placed(w)) continue;
      nodes.clear();
      for (NodeIndex n : placement.nodes_of(w)) nodes.push_back(model_.node_id(n));
      std::sort(nodes.begin(), nodes.end());
      item();
      detail::append_json_string(out_, model_.workload_id(w));
      out_ += ": [";
      for (std::size_t i = 0; i < nodes.size(); ++i) {
        if (i) out_ += ", ";
        detail::append_json_string(out_, nodes[i]);
      }
      out_ += ']';
    }
    close('}');
  }

  const Model& model_;
  const Scheme& scheme_;
  std::string out_;
  bool first_item_ = true;
};

}  // namespace

std::string to_canonical_json(const Model& model) { return CanonicalWriter(model).write(); }

void save_json(const Model& model, const std::string& path) {
  write_file_atomically(path, to_canonical_json(model));
}

}  // namespace v1
}  // namespace clearance
