// clearance: check classified-cloud deployment models against the rules of the spec.
#include "commands.hpp"
#include "output_files.hpp"

#include <clearance/config.hpp>
#include <clearance/error.hpp>
#include <clearance/terminal_text.hpp>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <string_view>
#include <vector>

#include <unistd.h>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace clearance::cli {

void report_error(const std::exception& e) {
  if (const auto* input = dynamic_cast<const input_error*>(&e)) {
    for (const auto& diagnostic : input->diagnostics()) std::cerr << "error: " << terminal_safe(diagnostic.to_string()) << '\n';
    if (input->diagnostics().size() > 1) std::cerr << input->diagnostics().size() << " errors\n";
    return;
  }
  std::cerr << "error: " << terminal_safe(e.what()) << '\n';
}

// `clearance sweep` lives in the Python package (clearance.sweep: Dask distributes it), so
// the CLI hands it the command line: `python3 -m clearance.sweep ARGS` ($CLEARANCE_PYTHON
// names another interpreter). docs/distributed.md.
int run_sweep(int argc, char** argv) {
  const char* python = std::getenv("CLEARANCE_PYTHON");
  if (python == nullptr || *python == '\0') python = "python3";
  std::vector<char*> args{const_cast<char*>(python), const_cast<char*>("-m"), const_cast<char*>("clearance.sweep")};
  for (int i = 2; i < argc; ++i) args.push_back(argv[i]);
  args.push_back(nullptr);
  execvp(python, args.data());
  std::cerr << "error: clearance sweep runs `" << terminal_safe(python)
            << " -m clearance.sweep`: " << std::strerror(errno) << " (docs/distributed.md)\n";
  return 2;
}

// A run of the tool is one large load, an analysis and a report, then exit: memory freed
// along the way is soon needed again. By default glibc serves blocks of 128 KiB and more
// with mmap and hands freed memory back to the kernel, so that a model's growing vectors
// fault in fresh zeroed pages again and again (a third of a large check's time went to
// page faults). Here the heap grows in 64 MiB steps, keeps what is freed, and serves
// blocks up to 32 MiB itself. A process-wide choice, so the tool's and not the library's.
void tune_allocator() {
#if defined(__GLIBC__)
  mallopt(M_MMAP_THRESHOLD, 32 << 20);
  mallopt(M_TOP_PAD, 64 << 20);
  mallopt(M_TRIM_THRESHOLD, 256 << 20);
#endif
}

}  // namespace clearance::cli

int main(int argc, char** argv) {
  clearance::cli::tune_allocator();
  if (argc >= 2 && std::string_view(argv[1]) == "sweep") return clearance::cli::run_sweep(argc, argv);
  CLI::App app{"clearance: check classified-cloud deployments (placements, flows, links) against\n"
               "security labels and the rules of DoD impact levels, CAPCO markings and NIST SP 800-53.",
               "clearance"};
  app.require_subcommand(1);
  app.set_version_flag("--version", std::string("clearance ") + CLEARANCE_VERSION_STRING);
  int status = 0;
  clearance::cli::remove_temporary_files_on_signals();
  clearance::cli::add_validate(app, status);
  clearance::cli::add_marking(app, status);
  clearance::cli::add_generate(app, status);
  clearance::cli::add_check(app, status);
  clearance::cli::add_rules(app, status);
  clearance::cli::add_explain(app, status);
  clearance::cli::add_explain_flow(app, status);
  clearance::cli::add_exposure(app, status);
  clearance::cli::add_snapshot(app, status);
  clearance::cli::add_fmt(app, status);
  clearance::cli::add_whatif(app, status);
  clearance::cli::add_resilience(app, status);
  // Listed for --help only: main() hands `sweep` to the Python package before parsing.
  app.add_subcommand("sweep", "Contingency sweeps on a Dask cluster (python3 -m clearance.sweep; see its --help)");
  clearance::cli::add_place(app, status);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? 0 : 2;
  } catch (const clearance::error& e) {
    clearance::cli::report_error(e);
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "error: internal: " << clearance::terminal_safe(e.what()) << '\n';
    return 2;
  }
  return status;
}
