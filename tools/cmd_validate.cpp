#include "commands.hpp"

#include <clearance/load.hpp>
#include <clearance/snapshot.hpp>
#include <clearance/terminal_text.hpp>

#include <iostream>

namespace clearance::cli {

void add_validate(CLI::App& app, int& status) {
  auto* command = app.add_subcommand("validate", "Load a model and report every input error (exit 0 valid, 2 invalid)");
  auto path = std::make_shared<std::string>();
  command->add_option("MODEL", *path, "Model file (JSON or snapshot)")->required();
  command->callback([path, &status] {
    const Model model = load_any_model(*path);
    std::size_t replicas = model.placement().replica_count();
    std::cout << *path << ": valid model \"" << terminal_safe(model.name()) << "\": " << model.nodes().size() << " nodes, "
              << model.links().size() << " links, " << model.data().size() << " data, " << model.workloads().size()
              << " workloads, " << model.flows().size() << " flows, " << replicas << " placed replicas\n";
    status = 0;
  });
}

}  // namespace clearance::cli
