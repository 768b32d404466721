#include "commands.hpp"

#include <clearance/atomic_file.hpp>
#include <clearance/generate.hpp>

#include <iostream>

namespace clearance::cli {

void add_generate(CLI::App& app, int& status) {
  auto* command = app.add_subcommand("generate", "Write a deterministic synthetic estate (same seed, same bytes)");
  auto options = std::make_shared<GenerateOptions>();
  auto out = std::make_shared<std::string>();
  // The library's bounds, checked here too so that a size out of range is a usage error
  // (exit 2) naming the option, not an allocation failure.
  command->add_option("--nodes", options->nodes, "Number of nodes, 16-1,000,000")
      ->check(CLI::Range(GenerateOptions::min_nodes, GenerateOptions::max_nodes))
      ->capture_default_str();
  command->add_option("--workloads", options->workloads, "Number of workloads, at most 10,000,000")
      ->check(CLI::Range(0u, GenerateOptions::max_workloads))
      ->capture_default_str();
  command->add_option("--flows", options->flows, "Number of flows, at most 10,000,000")
      ->check(CLI::Range(0u, GenerateOptions::max_flows))
      ->capture_default_str();
  command->add_option("--seed", options->seed, "Random seed")->capture_default_str();
  command->add_flag("--prices", options->prices, "Give every node a price per resource (for clearance place)");
  command
      ->add_option("--cross-estate-percent", options->cross_estate_percent,
                   "Percent of flows to any workload of the estate, 0-10 (the others stay in their region)")
      ->check(CLI::Range(0u, 10u))
      ->capture_default_str();
  command
      ->add_option("--violations", options->violations_percent,
                   "Percent of workloads, flows and nodes made non-compliant, 0-100 (a findings-heavy estate; "
                   "0 keeps the mostly compliant one)")
      ->check(CLI::Range(0u, 100u))
      ->capture_default_str();
  command->add_option("--out", *out, "Output file (default: standard output)");
  command->callback([options, out, &status] {
    const std::string text = generate_estate(*options);
    if (out->empty()) {
      std::cout << text;
    } else {
      write_file_atomically(*out, text);
    }
    status = 0;
  });
}

}  // namespace clearance::cli
