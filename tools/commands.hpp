// The subcommands of the `clearance` tool. Each add_* registers one on the app; its
// callback sets `status` to the process exit code (0 ok, 1 findings, 2 input or usage
// error). Errors of the library propagate as clearance::error and are reported by main.
#pragma once

#include <CLI/CLI.hpp>

namespace clearance::cli {

void add_validate(CLI::App& app, int& status);
void add_marking(CLI::App& app, int& status);
void add_generate(CLI::App& app, int& status);
void add_check(CLI::App& app, int& status);
void add_rules(CLI::App& app, int& status);
void add_explain(CLI::App& app, int& status);
void add_explain_flow(CLI::App& app, int& status);
void add_exposure(CLI::App& app, int& status);
void add_snapshot(CLI::App& app, int& status);
void add_fmt(CLI::App& app, int& status);
void add_whatif(CLI::App& app, int& status);
void add_resilience(CLI::App& app, int& status);
void add_place(CLI::App& app, int& status);

// Prints an error of the library to stderr, one diagnostic a line.
void report_error(const std::exception& e);

}  // namespace clearance::cli
