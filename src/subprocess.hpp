// Internal: running a program with its input given and its output captured through pipes,
// for Graphviz's `dot`. Only called where the caller asked for it (to_svg, or to_html with
// html_embeds_svg): a library linked into a host starts no process on its own, and nothing
// here writes a file. Not installed.
#pragma once

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

namespace clearance {
inline namespace v1 {
namespace detail {

struct ProcessResult {
  static constexpr int could_not_start = -1;
  static constexpr int died = -2;       // killed by a signal, or lost
  static constexpr int timed_out = -3;  // still running at the time limit: killed
  int status = could_not_start;         // the exit status, or one of the three above
  std::string out;                 // what it wrote to standard output
  std::string err;                 // and to standard error
};

// Runs `arguments` (the program looked up on PATH) with `input` on its standard input,
// and waits for it, at most `time_limit` of wall time: then the child is killed (SIGKILL)
// and reaped, and the status is timed_out. Reading and writing are interleaved (poll), so
// a child that answers before it has read everything cannot deadlock with us.
ProcessResult run_process(const std::vector<std::string>& arguments, std::string_view input,
                          std::chrono::milliseconds time_limit);

}  // namespace detail
}  // namespace v1
}  // namespace clearance
