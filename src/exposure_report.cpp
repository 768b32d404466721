// The exposure report for pipelines (spec resilience-v1 §5 JSON) and for people (text,
// the ranking). Written by hand like report_json.cpp so that the bytes are fixed; they only
// render what exposure() found.
#include <clearance/exposure.hpp>
#include <clearance/terminal_text.hpp>

#include "output.hpp"
#include "text.hpp"

#include <ostream>
#include <utility>

namespace clearance {
inline namespace v1 {

namespace {

// Out: std::string or detail::Output (the writers below stream through the latter).
template <typename Out>
void append_member(Out& out, std::string_view key, std::string_view value) {
  detail::append_json_string(out, key);
  out += ": ";
  detail::append_json_string(out, value);
}

template <typename Out, typename Range, typename Text>
void append_string_list(Out& out, const Range& items, Text text) {
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

template <typename Out>
void append_level(Out& out, const ExposureSummary& summary, const Model& model) {
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

namespace {

// Each id as a writer spells it, made once per report rather than once per entry.
template <typename Spell>
std::vector<std::string> spelled(std::size_t count, Spell spell) {
  std::vector<std::string> out(count);
  for (std::size_t i = 0; i < count; ++i) out[i] = spell(i);
  return out;
}

std::string json_string(std::string_view text) {
  std::string out;
  detail::append_json_string(out, text);
  return out;
}

// Streamed through detail::Output (blocks handed on as they fill), so a report of
// gigabytes never sits whole in memory.
void write_json_to(detail::Output& out, const ExposureReport& report, const Model& model) {
  out += "{\n  \"clearance\": 1,\n  ";
  append_member(out, "model", model.name());
  out += ",\n  \"captures\": [";
  std::vector<std::string> flows, nodes, data;
  if (report.rows) {
    flows = spelled(model.flows().size(), [&](std::size_t f) { return json_string(model.flow_id(FlowIndex(f))); });
    nodes = spelled(model.nodes().size(), [&](std::size_t n) { return json_string(model.node_id(NodeIndex(n))); });
    data = spelled(model.data().size(), [&](std::size_t d) { return json_string(model.data_id(DataIndex(d))); });
  }
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
    const TransitList transit = report.in_transit(c);
    const std::vector<std::string> label_sets = spelled(transit.label_sets.size(), [&](std::size_t i) {
      std::string list;
      append_string_list(list, transit.label_sets[i], [&](std::uint32_t l) { return std::string_view(report.labels[l]); });
      return list;
    });
    for (std::size_t i = 0; i < transit.entries.size(); ++i) {
      const TransitExposure& entry = transit.entries[i];
      out += i == 0 ? "\n        {\"flow\": " : ",\n        {\"flow\": ";
      out += flows[entry.flow];
      out += ", \"node\": ";
      out += nodes[entry.source];
      out += ", \"data\": ";
      out += data[entry.data];
      out += ", \"labels\": ";
      out += label_sets[entry.labels];
      out += '}';
    }
    out += transit.entries.empty() ? "]" : "\n      ]";
    out += ",\n      \"summary\": {\"level\": ";
    append_level(out, capture.summary, model);
    out += ", \"compartments\": ";
    append_string_list(out, capture.summary.compartments, [](const std::string& s) { return std::string_view(s); });
    out += ", \"owners\": ";
    append_string_list(out, capture.summary.owners, [](const std::string& s) { return std::string_view(s); });
    out += "}\n    }";
  }
  out += report.captures.empty() ? "]\n}\n" : "\n  ]\n}\n";
}

void write_text_to(detail::Output& out, const ExposureReport& report, const Model& model) {
  if (report.captures.empty()) {
    out += "model `" + terminal_safe(model.name()) + "` has no edge node to capture\n";
    return;
  }
  std::vector<std::string> flows, nodes, data;
  if (report.rows) {
    flows = spelled(model.flows().size(), [&](std::size_t f) { return detail::quoted(model.flow_id(FlowIndex(f))); });
    nodes = spelled(model.nodes().size(), [&](std::size_t n) { return detail::quoted(model.node_id(NodeIndex(n))); });
    data = spelled(model.data().size(), [&](std::size_t d) { return detail::quoted(model.data_id(DataIndex(d))); });
  }
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
    const TransitList transit = report.in_transit(c);
    const std::vector<std::string> label_sets = spelled(transit.label_sets.size(), [&](std::size_t i) {
      std::vector<std::string> texts;
      for (std::uint32_t l : transit.label_sets[i]) texts.push_back(report.labels[l]);
      return terminal_safe(joined(texts, "; "));
    });
    out += "  in transit:";
    if (transit.entries.empty()) out += " nothing";
    out += '\n';
    for (const TransitExposure& entry : transit.entries) {
      out += "    flow ";
      out += flows[entry.flow];
      out += " from ";
      out += nodes[entry.source];
      out += ", data ";
      out += data[entry.data];
      out += ": ";
      out += label_sets[entry.labels];
      out += '\n';
    }
  }
}

}  // namespace

std::string to_json(const ExposureReport& report, const Model& model) {
  std::string text;
  {
    detail::Output out(text);
    write_json_to(out, report, model);
  }
  return text;
}

void write_json(std::ostream& out, const ExposureReport& report, const Model& model) {
  detail::Output stream(out);
  write_json_to(stream, report, model);
}

std::string to_text(const ExposureReport& report, const Model& model) {
  std::string text;
  {
    detail::Output out(text);
    write_text_to(out, report, model);
  }
  return text;
}

void write_text(std::ostream& out, const ExposureReport& report, const Model& model) {
  detail::Output stream(out);
  write_text_to(stream, report, model);
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
