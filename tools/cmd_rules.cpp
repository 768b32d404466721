#include "commands.hpp"

#include <clearance/rules.hpp>

#include <algorithm>
#include <iostream>
#include <string>

namespace clearance::cli {

namespace {

std::string controls_of(const RuleInfo& rule) {
  std::string out;
  for (std::string_view control : rule.controls) {
    if (!out.empty()) out += ", ";
    out += control;
  }
  return out;
}

std::string padded(std::string text, std::size_t width) {
  if (text.size() < width) text.append(width - text.size(), ' ');
  return text;
}

}  // namespace

void add_rules(CLI::App& app, int& status) {
  auto* command = app.add_subcommand("rules", "List every rule: id, severity, NIST SP 800-53 controls and meaning");
  command->callback([&status] {
    std::size_t name_width = 4, severity_width = 8, controls_width = 8;
    for (const RuleInfo& rule : rule_catalogue()) {
      name_width = std::max(name_width, rule.name.size());
      severity_width = std::max(severity_width, to_string(rule.severity).size());
      controls_width = std::max(controls_width, controls_of(rule).size());
    }
    std::cout << padded("RULE", name_width) << "  " << padded("SEVERITY", severity_width) << "  "
              << padded("CONTROLS", controls_width) << "  MEANING\n";
    for (const RuleInfo& rule : rule_catalogue()) {
      std::cout << padded(std::string(rule.name), name_width) << "  "
                << padded(std::string(to_string(rule.severity)), severity_width) << "  "
                << padded(controls_of(rule), controls_width) << "  " << rule.summary << '\n';
    }
    status = 0;
  });
}

}  // namespace clearance::cli
