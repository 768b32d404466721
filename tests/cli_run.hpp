// Runs the clearance tool (CLEARANCE_CLI, set by tests/CMakeLists.txt) as a user would, for
// the tests of its commands: exit status and standard output.
#pragma once

#include <doctest/doctest.h>

#include <cstdio>
#include <string>
#include <sys/wait.h>

namespace clearance_test {

struct Run {
  int status = -1;
  std::string out;
};

// Runs a shell command line, capturing its standard output and exit status.
inline Run run_shell(const std::string& command) {
  Run run;
  FILE* pipe = popen(command.c_str(), "r");
  REQUIRE(pipe != nullptr);
  char buffer[4096];
  std::size_t read;
  while ((read = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) run.out.append(buffer, read);
  const int status = pclose(pipe);
  run.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return run;
}

// Runs the tool with `arguments` (shell words), capturing stdout; stderr is discarded, or
// captured with it when `with_stderr`.
inline Run run_cli(const std::string& arguments, bool with_stderr = false) {
  return run_shell(std::string("'") + CLEARANCE_CLI + "' " + arguments + (with_stderr ? " 2>&1" : " 2>/dev/null"));
}

}  // namespace clearance_test
