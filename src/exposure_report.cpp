// The exposure report for pipelines (spec resilience-v1 §5 JSON) and for people (text,
// the ranking). Written by hand like report_json.cpp so that the bytes are fixed; they only
// render what exposure() found.
#include <clearance/exposure.hpp>
#include <clearance/terminal_text.hpp>

#include "text.hpp"

namespace clearance {
inline namespace v1 {

namespace {

void append_member(std::string& out, std::string_view key, std::string_view value) {
  detail::append_json_string(out, key);
  out += ": ";
  detail::append_json_string(out, value);
}

template <typename Range, typename Text>
void append_string_list(std::string& out, const Range& items, Text text) {
  out += '[';
  bool first = true;
  for (const auto& item : items) {
    if (!first) out += ", ";
    first = false;
    detail::append_json_string(out, text(item));
  }
  out += ']';
}

std::string_view status_of(const AtRestExposure& at_rest) { return at_rest.exposed ? "exposed" : "protected"; }

void append_level(std::string& out, const ExposureSummary& summary, const Model& model) {
  if (summary.level)
    detail::append_json_string(out, model.scheme().level_name(*summary.level));
  else
    out += "null";
}

std::string joined(const std::vector<std::string>& items, std::string_view separator) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i) out += separator;
    out += items[i];
  }
  return out;
}

// "SECRET//SI/TK, owners GBR, USA" or "nothing".
std::string summary_text(const ExposureSummary& summary, const Model& model) {
  if (!summary.level) return "nothing";
  std::string out = model.scheme().level_name(*summary.level);
  if (!summary.compartments.empty()) out += "//" + joined(summary.compartments, "/");
  out += summary.owners.size() == 1 ? ", owner " : ", owners ";
  out += joined(summary.owners, ", ");
  out += "; " + std::to_string(summary.exposed_data) + (summary.exposed_data == 1 ? " data asset" : " data assets");
  return out;
}

}  // namespace

std::string to_json(const ExposureReport& report, const Model& model) {
  std::string out = "{\n  \"clearance\": 1,\n  ";
  append_member(out, "model", model.name());
  out += ",\n  \"captures\": [";
  for (std::size_t c = 0; c < report.captures.size(); ++c) {
    const Capture& capture = report.captures[c];
    out += c == 0 ? "\n    {\n      " : ",\n    {\n      ";
    append_member(out, "node", model.node_id(capture.node));
    out += ",\n      \"at_rest\": [";
    for (std::size_t i = 0; i < capture.at_rest.size(); ++i) {
      const AtRestExposure& at_rest = capture.at_rest[i];
      out += i == 0 ? "\n        {" : ",\n        {";
      append_member(out, "data", model.data_id(at_rest.data));
      out += ", ";
      append_member(out, "status", status_of(at_rest));
      out += ", \"workloads\": ";
      append_string_list(out, at_rest.workloads, [&](WorkloadIndex w) { return model.workload_id(w); });
      out += '}';
    }
    out += capture.at_rest.empty() ? "]" : "\n      ]";
    out += ",\n      \"in_transit\": [";
    for (std::size_t i = 0; i < capture.in_transit.size(); ++i) {
      const TransitExposure& transit = capture.in_transit[i];
      out += i == 0 ? "\n        {" : ",\n        {";
      append_member(out, "flow", model.flow_id(transit.flow));
      out += ", ";
      append_member(out, "node", model.node_id(transit.source));
      out += ", ";
      append_member(out, "data", model.data_id(transit.data));
      out += ", \"labels\": ";
      append_string_list(out, transit.labels, [](const std::string& label) { return std::string_view(label); });
      out += '}';
    }
    out += capture.in_transit.empty() ? "]" : "\n      ]";
    out += ",\n      \"summary\": {\"level\": ";
    append_level(out, capture.summary, model);
    out += ", \"compartments\": ";
    append_string_list(out, capture.summary.compartments, [](const std::string& s) { return std::string_view(s); });
    out += ", \"owners\": ";
    append_string_list(out, capture.summary.owners, [](const std::string& s) { return std::string_view(s); });
    out += "}\n    }";
  }
  out += report.captures.empty() ? "]\n}\n" : "\n  ]\n}\n";
  return out;
}

std::string to_text(const ExposureReport& report, const Model& model) {
  std::string out;
  if (report.captures.empty()) return "model `" + terminal_safe(model.name()) + "` has no edge node to capture\n";
  for (std::size_t c = 0; c < report.captures.size(); ++c) {
    const Capture& capture = report.captures[c];
    const Node& node = model.nodes()[capture.node];
    if (c) out += '\n';
    out += "capture of node " + detail::quoted(model.node_id(capture.node)) + " (" + std::string(to_string(node.kind)) +
           ", at rest " + std::string(to_string(node.at_rest)) + ") exposes " + terminal_safe(summary_text(capture.summary, model)) +
           "\n";
    out += "  at rest:";
    if (capture.at_rest.empty()) out += " nothing";
    out += '\n';
    for (const AtRestExposure& at_rest : capture.at_rest) {
      out += "    " + std::string(status_of(at_rest)) + (at_rest.exposed ? "   " : " ") +
             detail::quoted(model.data_id(at_rest.data)) + " " + terminal_safe(model.marking_of(at_rest.data)) + ", used by ";
      for (std::size_t i = 0; i < at_rest.workloads.size(); ++i) {
        if (i) out += ", ";
        out += detail::quoted(model.workload_id(at_rest.workloads[i]));
      }
      out += '\n';
    }
    out += "  in transit:";
    if (capture.in_transit.empty()) out += " nothing";
    out += '\n';
    for (const TransitExposure& transit : capture.in_transit)
      out += "    flow " + detail::quoted(model.flow_id(transit.flow)) + " from " +
             detail::quoted(model.node_id(transit.source)) + ", data " + detail::quoted(model.data_id(transit.data)) +
             ": " + terminal_safe(joined(transit.labels, "; ")) + "\n";
  }
  return out;
}

std::string ranking_to_text(const ExposureReport& report, const Model& model) {
  std::string out;
  if (report.captures.empty()) return "model `" + terminal_safe(model.name()) + "` has no edge node to capture\n";
  std::size_t rank = 0;
  for (std::size_t c : rank_captures(report)) {
    const Capture& capture = report.captures[c];
    out += std::to_string(++rank) + ". " + detail::quoted(model.node_id(capture.node)) + ": " +
           terminal_safe(summary_text(capture.summary, model)) + "\n";
  }
  return out;
}

std::string ranking_to_json(const ExposureReport& report, const Model& model) {
  std::string out = "{\n  \"clearance\": 1,\n  ";
  append_member(out, "model", model.name());
  out += ",\n  \"ranking\": [";
  bool first = true;
  for (std::size_t c : rank_captures(report)) {
    const Capture& capture = report.captures[c];
    out += first ? "\n    {" : ",\n    {";
    first = false;
    append_member(out, "node", model.node_id(capture.node));
    out += ", \"level\": ";
    append_level(out, capture.summary, model);
    out += ", \"exposed_data\": " + std::to_string(capture.summary.exposed_data);
    out += ", \"owners\": ";
    append_string_list(out, capture.summary.owners, [](const std::string& s) { return std::string_view(s); });
    out += '}';
  }
  out += first ? "]\n}\n" : "\n  ]\n}\n";
  return out;
}

}  // namespace v1
}  // namespace clearance
