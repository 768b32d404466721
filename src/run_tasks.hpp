// Internal: a fan-out of numbered tasks over a few threads, for the checker's passes.
// A task that throws does not end the process: the first exception is rethrown on the
// calling thread once every thread has stopped. Not installed.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <exception>
#include <mutex>
#include <system_error>
#include <thread>
#include <vector>

namespace clearance {
inline namespace v1 {
namespace detail {

// The threads a `jobs` option asks for: 0 means one per processor (every surface, C++,
// C, Python and the CLI, reads it so), anything else is taken as it is.
inline unsigned resolve_jobs(unsigned jobs) {
  return jobs != 0 ? jobs : std::max(1u, std::thread::hardware_concurrency());
}

// Runs task(k) for every k < count, each k once, on up to `jobs` threads (this one
// included) that take the next k in turn. When a task throws, the tasks not yet taken
// are skipped and the first exception is rethrown here, after every thread has joined;
// an exception escaping a std::thread would call std::terminate. When no more threads
// can be started, those already running (and this one) share the work.
template <typename Task>
void run_tasks(unsigned jobs, std::size_t count, const Task& task) {
  std::atomic<std::size_t> next{0};
  std::exception_ptr failure;
  std::mutex failure_mutex;
  auto work = [&] {
    for (std::size_t k; (k = next.fetch_add(1)) < count;) {
      try {
        task(k);
      } catch (...) {
        const std::lock_guard<std::mutex> lock(failure_mutex);
        if (!failure) failure = std::current_exception();
        next = count;  // stop the others early
      }
    }
  };
  std::vector<std::thread> threads;
  try {
    for (unsigned job = 1; job < jobs && job < count; ++job) threads.emplace_back(work);
  } catch (const std::system_error&) {
    // No more threads: those started and this one share the work.
  }
  work();
  for (std::thread& thread : threads) thread.join();
  if (failure) std::rethrow_exception(failure);
}

}  // namespace detail
}  // namespace v1
}  // namespace clearance
