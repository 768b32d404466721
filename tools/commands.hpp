// The subcommands of the `clearance` tool. Each add_* registers one on the app; its
// callback sets `status` to the process exit code (0 ok, 1 findings, 2 input or usage
// error). Errors of the library propagate as clearance::error and are reported by main.
#pragma once

#include <CLI/CLI.hpp>

namespace clearance::cli {

void add_validate(CLI::App& app, int& status);
void add_marking(CLI::App& app, int& status);

// Prints an error of the library to stderr, one diagnostic a line.
void report_error(const std::exception& e);

}  // namespace clearance::cli
