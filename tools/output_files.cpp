#include "output_files.hpp"

#include <clearance/atomic_file.hpp>
#include <clearance/error.hpp>

#include <csignal>
#include <sys/stat.h>

namespace clearance::cli {

void refuse_overwriting_inputs(const std::string& output, const char* option, const std::vector<std::string>& inputs) {
  struct stat out {};
  if (output.empty() || ::stat(output.c_str(), &out) != 0 || !S_ISREG(out.st_mode)) return;
  for (const std::string& input : inputs) {
    struct stat in {};
    if (input.empty() || ::stat(input.c_str(), &in) != 0) continue;
    if (in.st_dev == out.st_dev && in.st_ino == out.st_ino)
      throw error(ErrorKind::usage, std::string(option) + " " + output + " is the input file " + input +
                                        "; writing it would replace the input (choose another file)");
  }
}

namespace {

extern "C" void remove_temporary_files_and_die(int signal_number) {
  remove_temporary_files();
  // SA_RESETHAND has restored the default action; the signal is blocked while the
  // handler runs, so it ends the process as soon as the handler returns.
  ::raise(signal_number);
}

}  // namespace

void remove_temporary_files_on_signals() {
  struct sigaction action {};
  action.sa_handler = remove_temporary_files_and_die;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESETHAND;
  for (int signal_number : {SIGTERM, SIGINT, SIGHUP}) {
    struct sigaction previous {};
    // A signal the caller chose to ignore (nohup, a shell's background job) stays ignored.
    if (::sigaction(signal_number, nullptr, &previous) == 0 && previous.sa_handler == SIG_IGN) continue;
    ::sigaction(signal_number, &action, nullptr);
  }
}

}  // namespace clearance::cli
