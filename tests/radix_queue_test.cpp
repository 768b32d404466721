// Tests of src/radix_queue.hpp: the monotone priority queue of the latency search. It
// must give back what a binary heap would, in key order, while keys only grow between
// pops, and accept lower keys again after lower_to() or clear().
#include <doctest/doctest.h>

#include "radix_queue.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <queue>
#include <random>
#include <utility>
#include <vector>

using clearance::detail::RadixQueue;

TEST_SUITE("radix_queue") {

TEST_CASE("a radix queue gives its entries back in order of key") {
  std::mt19937 rng(7);
  std::uniform_real_distribution<double> key(0, 1000);
  RadixQueue queue;
  std::vector<double> keys;
  for (std::uint32_t i = 0; i < 500; ++i) {
    keys.push_back(i % 5 == 0 ? std::floor(key(rng)) : key(rng));
    queue.push(keys.back(), i);
  }
  CHECK(queue.size() == keys.size());
  std::sort(keys.begin(), keys.end());
  std::vector<double> popped;
  while (!queue.empty()) popped.push_back(queue.pop().first);
  CHECK(popped == keys);
}

TEST_CASE("a radix queue follows a binary heap when pushes come between pops, as in Dijkstra") {
  std::mt19937 rng(11);
  RadixQueue queue;
  std::priority_queue<double, std::vector<double>, std::greater<double>> heap;
  queue.push(0, 0);
  heap.push(0);
  std::vector<double> from_queue, from_heap;
  for (int round = 0; !heap.empty(); ++round) {
    const double least = queue.pop().first;
    from_queue.push_back(least);
    from_heap.push_back(heap.top());
    heap.pop();
    // Relax a few arcs (none after a while, so that it ends): every key pushed is at
    // least the one just taken.
    const std::uint32_t relaxed = round < 1000 ? 1 + static_cast<std::uint32_t>(rng() % 3) : 0;
    for (std::uint32_t arcs = relaxed; arcs > 0; --arcs) {
      const double key = least + static_cast<double>(rng() % 50) * 0.5;
      queue.push(key, arcs);
      heap.push(key);
    }
  }
  CHECK(from_queue.size() > 1000);
  CHECK(from_queue == from_heap);
}

TEST_CASE("entries of equal key all come out, in an order that depends only on the pushes") {
  auto drain = [] {
    RadixQueue queue;
    for (std::uint32_t v = 0; v < 6; ++v) queue.push(v % 2 == 0 ? 3.0 : 1.5, v);
    std::vector<std::pair<double, std::uint32_t>> out;
    while (!queue.empty()) out.push_back(queue.pop());
    return out;
  };
  const auto first = drain();
  REQUIRE(first.size() == 6);
  std::vector<std::uint32_t> low, high;
  for (const auto& [key, value] : first) (key == 1.5 ? low : high).push_back(value);
  std::sort(low.begin(), low.end());
  std::sort(high.begin(), high.end());
  CHECK(low == std::vector<std::uint32_t>{1, 3, 5});
  CHECK(high == std::vector<std::uint32_t>{0, 2, 4});
  CHECK(first[0].first == 1.5);
  CHECK(first[3].first == 3.0);
  CHECK(drain() == first);
}

TEST_CASE("top reads the least key without taking the entry") {
  RadixQueue queue;
  queue.push(9, 1);
  queue.push(4, 2);
  queue.push(6, 3);
  CHECK(queue.top() == 4);
  CHECK(queue.size() == 3);
  CHECK(queue.pop() == std::pair<double, std::uint32_t>{4, 2});
  CHECK(queue.top() == 6);
}

TEST_CASE("lower_to lets keys below the last one taken be pushed, and files the others again") {
  RadixQueue queue;
  queue.push(10, 1);
  queue.push(20, 2);
  queue.push(40, 3);
  CHECK(queue.pop().first == 10);
  queue.lower_to(5);
  queue.push(7, 4);
  queue.push(5, 5);
  std::vector<std::pair<double, std::uint32_t>> out;
  while (!queue.empty()) out.push_back(queue.pop());
  CHECK(out == std::vector<std::pair<double, std::uint32_t>>{{5, 5}, {7, 4}, {20, 2}, {40, 3}});
}

TEST_CASE("lower_to a key above the last one taken changes nothing") {
  RadixQueue queue;
  queue.push(3, 1);
  queue.push(8, 2);
  CHECK(queue.pop().first == 3);
  queue.lower_to(6);
  queue.push(4, 3);  // still allowed: not below 3, the last key taken
  CHECK(queue.pop() == std::pair<double, std::uint32_t>{4, 3});
  CHECK(queue.pop() == std::pair<double, std::uint32_t>{8, 2});
  CHECK(queue.empty());
}

TEST_CASE("clear empties the queue and accepts any key again") {
  RadixQueue queue;
  queue.push(100, 1);
  queue.push(200, 2);
  CHECK(queue.pop().first == 100);
  queue.clear();
  CHECK(queue.empty());
  CHECK(queue.size() == 0);
  queue.push(1, 3);
  CHECK(queue.pop() == std::pair<double, std::uint32_t>{1, 3});
}

TEST_CASE("negative zero is filed as zero") {
  RadixQueue queue;
  queue.push(0.0, 1);
  queue.push(-0.0, 2);
  queue.push(0.5, 3);
  CHECK(queue.pop().first == 0.0);
  CHECK(queue.pop().first == 0.0);
  CHECK(queue.pop() == std::pair<double, std::uint32_t>{0.5, 3});
}

}  // TEST_SUITE("radix_queue")
