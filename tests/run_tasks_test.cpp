// Tests of src/run_tasks.hpp: the checker's fan-out of numbered tasks over threads runs
// each task once, and a task that throws, on any thread, is rethrown to the caller.
#include <doctest/doctest.h>

#include "run_tasks.hpp"

#include <atomic>
#include <chrono>
#include <stdexcept>
#include <thread>
#include <vector>

using clearance::detail::run_tasks;

TEST_SUITE("run_tasks") {

TEST_CASE("every task runs once, whatever the number of threads") {
  for (unsigned jobs : {1u, 2u, 5u}) {
    CAPTURE(jobs);
    std::vector<std::atomic<int>> runs(97);
    run_tasks(jobs, runs.size(), [&](std::size_t k) { ++runs[k]; });
    int wrong = 0;
    for (const auto& count : runs) wrong += count != 1;
    CHECK(wrong == 0);
  }
}

TEST_CASE("no task runs when there are none") {
  bool ran = false;
  run_tasks(4, 0, [&](std::size_t) { ran = true; });
  CHECK_FALSE(ran);
}

TEST_CASE("a task that throws on a worker thread is rethrown on the caller instead of ending the process") {
  const std::thread::id caller = std::this_thread::get_id();
  std::atomic<bool> thrown_on_worker{false};
  // The caller's tasks are slow, so the workers take some; a worker's task throws.
  auto task = [&](std::size_t) {
    if (std::this_thread::get_id() == caller) {
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
      return;
    }
    thrown_on_worker = true;
    throw std::runtime_error("a worker failed");
  };
  CHECK_THROWS_WITH_AS(run_tasks(3, 200, task), "a worker failed", std::runtime_error);
  CHECK(thrown_on_worker);
}

TEST_CASE("after a task throws, the tasks not yet taken are skipped") {
  std::vector<int> ran;
  CHECK_THROWS_AS(run_tasks(1, 10,
                            [&](std::size_t k) {
                              ran.push_back(static_cast<int>(k));
                              if (k == 3) throw std::invalid_argument("task 3");
                            }),
                  std::invalid_argument);
  CHECK(ran == std::vector<int>{0, 1, 2, 3});
}

}  // TEST_SUITE("run_tasks")
