#include <clearance/check.hpp>
#include <clearance/load.hpp>
#include <clearance/resilience.hpp>
#include <clearance/save.hpp>
#include <clearance/whatif.hpp>

#include "random_models.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <string>

using namespace clearance;

namespace {

bool is_flow_finding(const Finding& f) {
  return f.rule == RuleId::flow_route || f.rule == RuleId::flow_bandwidth || f.rule == RuleId::flow_latency;
}

using Pair = std::pair<FlowIndex, NodeIndex>;

// Spec §3 straight: the working pairs of a check of the model with `down` down.
std::set<Pair> working_pairs(const Model& model, const Elements& down) {
  const Report report = check_down(model, down, {});
  std::set<Pair> failing;
  for (const Finding& f : report.findings)
    if (is_flow_finding(f)) failing.insert({f.flow, f.node});
  std::set<Pair> working;
  for (FlowIndex f = 0; f < model.flows().size(); ++f) {
    const Flow& flow = model.flows()[f];
    auto up = [&](NodeIndex n) { return !std::binary_search(down.nodes.begin(), down.nodes.end(), n); };
    bool has_target = false;
    for (NodeIndex b : model.placement().nodes_of(flow.to)) has_target |= up(b);
    if (!has_target) continue;
    for (NodeIndex a : model.placement().nodes_of(flow.from))
      if (up(a) && !failing.count({f, a})) working.insert({f, a});
  }
  return working;
}

// The reference of spec §3: every element tried alone, by check().
std::map<Pair, std::vector<std::string>> brute_force_critical(const Model& model) {
  std::map<Pair, std::vector<std::string>> critical;
  const std::set<Pair> whole = working_pairs(model, Elements{});
  for (const Pair& pair : whole) critical[pair];
  std::vector<Element> all;
  for (LinkIndex l = 0; l < model.links().size(); ++l) all.push_back(Element{ElementKind::link, l});
  for (NodeIndex n = 0; n < model.nodes().size(); ++n) all.push_back(Element{ElementKind::node, n});
  for (const Element& x : all) {
    Elements down;
    down.add(x);
    const std::set<Pair> still = working_pairs(model, down);
    for (const Pair& pair : whole) {
      if (x.kind == ElementKind::node && x.index == pair.second) continue;
      if (!still.count(pair)) critical[pair].push_back(element_name(model, x));
    }
  }
  for (auto& [pair, names] : critical) std::sort(names.begin(), names.end());
  return critical;
}

// Exact availability by enumerating every up/down state of the uncertain elements.
double enumerated_availability(const Model& model, Pair pair) {
  std::vector<Element> uncertain;
  for (LinkIndex l = 0; l < model.links().size(); ++l)
    if (availability_of(model, Element{ElementKind::link, l}) < 1) uncertain.push_back(Element{ElementKind::link, l});
  for (NodeIndex n = 0; n < model.nodes().size(); ++n)
    if (n != pair.second && availability_of(model, Element{ElementKind::node, n}) < 1)
      uncertain.push_back(Element{ElementKind::node, n});
  double total = 0;
  for (std::uint32_t mask = 0; mask < (1u << uncertain.size()); ++mask) {
    Elements down;
    double p = 1;
    for (std::size_t i = 0; i < uncertain.size(); ++i) {
      const double a = availability_of(model, uncertain[i]);
      if (mask & (1u << i)) {
        down.add(uncertain[i]);
        p *= 1 - a;
      } else {
        p *= a;
      }
    }
    if (working_pairs(model, down).count(pair)) total += p;
  }
  return total;
}

// The model with availabilities on some nodes and links (canonical JSON, edited).
Model with_availability(const Model& model, unsigned seed) {
  std::string json = to_canonical_json(model);
  const double values[] = {0.9, 0.75, 0.5, 0.99};
  unsigned given = 0;
  for (std::uint32_t i = 0; i < 12 && given < 8; ++i) {
    const std::string id = (i % 2 == 0 ? "n" : "l") + std::to_string((i * 7 + seed) % 15);
    const std::string needle = "{\"id\": \"" + id + "\"";
    const std::size_t at = json.find(needle);
    if (at == std::string::npos) continue;
    json.insert(at + needle.size(), ", \"availability\": " + std::to_string(values[(i + seed) % 4]));
    ++given;
  }
  return load_model_json(json);
}

}  // namespace

TEST_SUITE("resilience") {
  TEST_CASE("the critical elements are those whose failure alone breaks a working pair, as brute force finds") {
    // Random models have guards with releases (several label states), diodes, one-way
    // links, latency and bandwidth bounds: the dominator shortcuts and the masked searches.
#ifdef CLEARANCE_TESTS_SANITIZED
    constexpr unsigned last_seed = 40;
#else
    constexpr unsigned last_seed = 120;
#endif
    for (unsigned seed = 1; seed <= last_seed; ++seed) {
      CAPTURE(seed);
      const Model model = reference::random_flow_model(seed);
      const auto expected = brute_force_critical(model);
      const Resilience result = resilience(model);
      REQUIRE(result.pairs.size() == expected.size());
      std::map<std::string, std::size_t> counts;
      for (const PairResilience& pair : result.pairs) {
        auto it = expected.find({pair.flow, pair.node});
        REQUIRE(it != expected.end());
        std::vector<std::string> names;
        for (const Element& e : pair.critical) names.push_back(element_name(model, e));
        auto joined = [](const std::vector<std::string>& list) {
          std::string text;
          for (const std::string& name : list) text += name + " ";
          return text;
        };
        const std::string flow_id(model.flow_id(pair.flow)), node_id(model.node_id(pair.node));
        CAPTURE(flow_id);
        CAPTURE(node_id);
        CHECK(joined(names) == joined(it->second));
        for (const std::string& name : names) ++counts[name];
      }
      REQUIRE(result.elements.size() == counts.size());
      for (std::size_t i = 0; i < result.elements.size(); ++i) {
        CHECK(result.elements[i].flows == counts[element_name(model, result.elements[i].element)]);
        if (i > 0) {
          const auto& prev = result.elements[i - 1];
          const auto& cur = result.elements[i];
          CHECK((prev.flows > cur.flows ||
                 (prev.flows == cur.flows && element_name(model, prev.element) < element_name(model, cur.element))));
        }
      }
    }
  }

  TEST_CASE("pairs are listed in flow order then node order") {
    const Model model = reference::random_flow_model(5);
    const Resilience result = resilience(model);
    for (std::size_t i = 1; i < result.pairs.size(); ++i)
      CHECK((result.pairs[i - 1].flow < result.pairs[i].flow ||
             (result.pairs[i - 1].flow == result.pairs[i].flow && result.pairs[i - 1].node < result.pairs[i].node)));
  }

  TEST_CASE("exact availability equals the enumeration of every failure state") {
    // The reference checks every up/down state of each model: under the sanitizers, where a
    // check is tens of times slower, a few models keep the suite's time in bounds.
#ifdef CLEARANCE_TESTS_SANITIZED
    constexpr unsigned models = 3;
#else
    constexpr unsigned models = 12;
#endif
    for (unsigned seed = 1; seed <= models; ++seed) {
      CAPTURE(seed);
      const Model model = with_availability(reference::random_flow_model(seed), seed);
      ResilienceOptions options;
      options.availability = true;
      const Resilience result = resilience(model, options);
      for (const PairResilience& pair : result.pairs) {
        REQUIRE(pair.method == AvailabilityMethod::exact);
        CHECK(std::abs(pair.availability - enumerated_availability(model, {pair.flow, pair.node})) < 1e-9);
      }
    }
  }

  TEST_CASE("a node's availability defaults from its connectivity") {
    const Model model = load_model_json(R"({"clearance": 1, "nodes": [
      {"id": "e", "kind": "edge", "jurisdiction": "USA", "accredited": "SECRET",
       "connectivity": {"mean_online_h": 6, "mean_offline_h": 2}},
      {"id": "r", "jurisdiction": "USA", "accredited": "SECRET", "connectivity": {"mean_offline_h": 2}},
      {"id": "g", "jurisdiction": "USA", "accredited": "SECRET", "availability": 0.5}]})");
    CHECK(availability_of(model, Element{ElementKind::node, 0}) == doctest::Approx(0.75));
    CHECK(availability_of(model, Element{ElementKind::node, 1}) == 1.0);
    CHECK(availability_of(model, Element{ElementKind::node, 2}) == 0.5);
  }

  TEST_CASE("an availability of zero or below, or above one, is an input error") {
    CHECK_THROWS_AS(load_model_json(R"({"clearance": 1, "nodes": [
      {"id": "g", "jurisdiction": "USA", "accredited": "SECRET", "availability": 0}]})"), input_error);
    CHECK_THROWS_AS(load_model_json(R"({"clearance": 1, "nodes": [
      {"id": "a", "jurisdiction": "USA", "accredited": "SECRET"}, {"id": "b", "jurisdiction": "USA", "accredited": "SECRET"}],
      "links": [{"id": "l", "from": "a", "to": "b", "availability": 1.5}]})"), input_error);
  }

  TEST_CASE("staleness follows the exponential offline periods of an edge node") {
    const Model model = load_model_json(R"({"clearance": 1, "nodes": [
      {"id": "e", "kind": "edge", "jurisdiction": "USA", "accredited": "CUI", "at_rest": "fips",
       "connectivity": {"mean_online_h": 6, "mean_offline_h": 2}}],
      "workloads": [{"id": "w", "max_staleness_h": 4}], "placement": {"w": ["e"]}})");
    ResilienceOptions options;
    options.availability = true;
    const Resilience result = resilience(model, options);
    REQUIRE(result.staleness.size() == 1);
    CHECK(result.staleness[0].outlast_probability == doctest::Approx(std::exp(-2.0)).epsilon(1e-12));
    CHECK(result.staleness[0].stale_fraction == doctest::Approx(std::exp(-2.0) * 2 / 8).epsilon(1e-12));
  }

  TEST_CASE("the Monte-Carlo estimate is reproducible with its seed and covers the exact value") {
    std::size_t estimated = 0, covered = 0;
    for (unsigned seed = 1; seed <= 12; ++seed) {
      const Model model = with_availability(reference::random_flow_model(seed), seed);
      ResilienceOptions options;
      options.availability = true;
      const Resilience exact = resilience(model, options);
      options.exact_limit = 0;  // estimate every pair whose witness has an uncertain element
      options.samples = 20000;
      options.seed = 7;
      const Resilience first = resilience(model, options);
      const Resilience second = resilience(model, options);
      REQUIRE(first.pairs.size() == exact.pairs.size());
      for (std::size_t i = 0; i < first.pairs.size(); ++i) {
        CHECK(first.pairs[i].availability == second.pairs[i].availability);
        if (first.pairs[i].method != AvailabilityMethod::monte_carlo) continue;
        ++estimated;
        covered += first.pairs[i].interval_low <= exact.pairs[i].availability &&
                   exact.pairs[i].availability <= first.pairs[i].interval_high;
      }
    }
    REQUIRE(estimated > 0);
    CHECK(static_cast<double>(covered) >= 0.85 * static_cast<double>(estimated));
  }

}
