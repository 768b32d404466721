#include "subprocess.hpp"

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace clearance {
inline namespace v1 {
namespace detail {
namespace {

// A pipe whose ends close themselves.
struct Pipe {
  int ends[2] = {-1, -1};
  Pipe() {
    if (::pipe2(ends, O_CLOEXEC) != 0) ends[0] = ends[1] = -1;
  }
  ~Pipe() {
    close_end(0);
    close_end(1);
  }
  Pipe(const Pipe&) = delete;
  Pipe& operator=(const Pipe&) = delete;
  bool ok() const { return ends[0] >= 0; }
  void close_end(int k) {
    if (ends[k] >= 0) ::close(ends[k]);
    ends[k] = -1;
  }
};

}  // namespace

ProcessResult run_process(const std::vector<std::string>& arguments, std::string_view input,
                          std::chrono::milliseconds time_limit) {
  using Clock = std::chrono::steady_clock;
  const Clock::time_point deadline = Clock::now() + time_limit;
  ProcessResult result;
  Pipe in, out, err;
  if (!in.ok() || !out.ok() || !err.ok() || arguments.empty()) return result;

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, in.ends[0], STDIN_FILENO);
  posix_spawn_file_actions_adddup2(&actions, out.ends[1], STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&actions, err.ends[1], STDERR_FILENO);
  std::vector<char*> argv;
  for (const std::string& argument : arguments) argv.push_back(const_cast<char*>(argument.c_str()));
  argv.push_back(nullptr);
  pid_t pid = 0;
  const int spawned = posix_spawnp(&pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  in.close_end(0);
  out.close_end(1);
  err.close_end(1);
  if (spawned != 0) return result;

  // A child that exits before reading its input must not kill us with SIGPIPE.
  struct sigaction ignore {}, previous {};
  ignore.sa_handler = SIG_IGN;
  ::sigaction(SIGPIPE, &ignore, &previous);
  ::fcntl(in.ends[1], F_SETFL, O_NONBLOCK);
  std::size_t written = 0;
  if (input.empty()) in.close_end(1);
  char buffer[65536];
  bool late = false;
  while (out.ends[0] >= 0 || err.ends[0] >= 0) {
    pollfd fds[3];
    nfds_t count = 0;
    int* owners[3];
    auto watch = [&](int& fd, short events) {
      if (fd < 0) return;
      fds[count] = pollfd{fd, events, 0};
      owners[count++] = &fd;
    };
    watch(in.ends[1], POLLOUT);
    watch(out.ends[0], POLLIN);
    watch(err.ends[0], POLLIN);
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    if (left <= 0) {
      late = true;
      break;
    }
    const int ready = ::poll(fds, count, static_cast<int>(std::min<long long>(left, 60000)));
    if (ready < 0) {
      if (errno == EINTR) continue;
      break;
    }
    if (ready == 0) continue;  // the deadline is checked above
    for (nfds_t k = 0; k < count; ++k) {
      if (fds[k].revents == 0) continue;
      int& fd = *owners[k];
      if (&fd == &in.ends[1]) {
        const ssize_t n = ::write(fd, input.data() + written, input.size() - written);
        if (n > 0) written += static_cast<std::size_t>(n);
        if ((n < 0 && errno != EAGAIN && errno != EINTR) || written == input.size()) in.close_end(1);
      } else {
        const ssize_t n = ::read(fd, buffer, sizeof buffer);
        if (n > 0) {
          (&fd == &out.ends[0] ? result.out : result.err).append(buffer, static_cast<std::size_t>(n));
        } else if (n == 0 || (errno != EAGAIN && errno != EINTR)) {
          ::close(fd);
          fd = -1;
        }
      }
    }
  }
  in.close_end(1);
  ::sigaction(SIGPIPE, &previous, nullptr);
  // A child that closed its output but still runs is waited for within the limit too.
  while (!late) {
    int status = 0;
    const pid_t done = ::waitpid(pid, &status, WNOHANG);
    if (done == pid) {
      result.status = WIFEXITED(status) ? WEXITSTATUS(status) : ProcessResult::died;
      return result;
    }
    if (done < 0 && errno != EINTR) {
      result.status = ProcessResult::died;
      return result;
    }
    if (Clock::now() >= deadline) late = true;
    else ::usleep(10000);
  }
  ::kill(pid, SIGKILL);

  int status = 0;
  while (::waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) {
      result.status = ProcessResult::died;
      return result;
    }
  }
  result.status = ProcessResult::timed_out;
  return result;
}

}  // namespace detail
}  // namespace v1
}  // namespace clearance
