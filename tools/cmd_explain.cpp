#include "commands.hpp"

#include <clearance/explain.hpp>
#include <clearance/load.hpp>
#include <clearance/snapshot.hpp>

#include <iostream>
#include <memory>

namespace clearance::cli {

namespace {

struct ExplainArguments {
  std::string model;
  std::string workload;
  std::string placement;
};

}  // namespace

void add_explain(CLI::App& app, int& status) {
  auto* command = app.add_subcommand(
      "explain", "Show every node and why it can or cannot host a workload (exit 0, or 2 on an input error)");
  auto arguments = std::make_shared<ExplainArguments>();
  command->add_option("MODEL", arguments->model, "Model file (JSON)")->required();
  command->add_option("WORKLOAD", arguments->workload, "Workload id")->required();
  command->add_option("--placement", arguments->placement,
                      "Placement file replacing the model's own (it decides what capacity is left)");
  command->callback([arguments, &status] {
    Model model = load_any_model(arguments->model);
    if (!arguments->placement.empty()) model.set_placement(load_placement(arguments->placement, model));
    const Explanation explanation = explain(model, arguments->workload);
    std::cout << to_text(explanation, model);
    status = 0;
  });
}

}  // namespace clearance::cli
