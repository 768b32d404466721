#include "commands.hpp"
#include "waiver_options.hpp"

#include <clearance/load.hpp>
#include <clearance/snapshot.hpp>
#include <clearance/whatif.hpp>

#include <iostream>
#include <memory>

namespace clearance::cli {

namespace {

struct WhatIfArguments {
  std::string model;
  std::string down;
  std::string placement;
  std::string format = "text";
  unsigned jobs = 1;
  WaiverArguments waivers;
};

}  // namespace

void add_whatif(CLI::App& app, int& status) {
  auto* command = app.add_subcommand(
      "whatif",
      "Findings added and resolved when elements go down (exit 0: nothing added that is not waived, 1: findings "
      "added, 2: input or usage error)");
  auto arguments = std::make_shared<WhatIfArguments>();
  command->add_option("MODEL", arguments->model, "Model file (JSON) or snapshot")->required();
  command->add_option("--down", arguments->down, "Elements down: node:ID,link:ID,...")->required();
  command->add_option("--placement", arguments->placement, "Placement file replacing the model's own");
  command->add_option("--format", arguments->format, "Output format")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  command->add_option("--jobs", arguments->jobs, "Threads to check with, 0 for one per processor; the report does not depend on it")
      ->check(CLI::Range(0u, 1024u))
      ->capture_default_str();
  add_waiver_options(*command, arguments->waivers);
  command->callback([arguments, &status] {
    Model model = load_any_model(arguments->model);
    if (!arguments->placement.empty()) model.set_placement(load_placement(arguments->placement, model));
    const Elements down = parse_element_list(model, arguments->down);
    const LoadedWaivers waivers = load_waiver_arguments(arguments->waivers, model);
    CheckOptions options;
    options.jobs = arguments->jobs;
    options.waivers = waivers.waivers;
    options.waiver_options = waivers.options;
    WhatIf result = whatif(model, down, options);
    std::cout << (arguments->format == "json" ? to_json(result, model) : to_text(result, model));
    std::cout.flush();
    status = result.has_added_findings() ? 1 : 0;
  });
}

}  // namespace clearance::cli
