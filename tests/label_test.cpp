// Tests of label.hpp and of "holds" in model.hpp: dominance is a partial order, join and
// meet are the lattice's least upper and greatest lower bounds (spec §3, §6), and a node
// holds a label exactly when spec §3 says so.
#include <doctest/doctest.h>

#include "country_helpers.hpp"

#include <clearance/label.hpp>
#include <clearance/model.hpp>

#include <string>
#include <vector>

using namespace clearance;

namespace {

CompartmentSet compartments(std::initializer_list<std::size_t> ids) {
  CompartmentSet set;
  for (std::size_t id : ids) set.insert(id);
  return set;
}

// Every label over `levels` levels, the subsets of `compartment_count` compartments, and
// the releasable sets {}, {USA}, {GBR}, {USA, GBR}, {AUS, GBR} and every country: small
// enough to quantify over triples, rich enough to hold incomparable labels on each axis.
std::vector<Label> generated_labels(Level levels, std::size_t compartment_count) {
  const std::vector<CountrySet> releasable = {CountrySet{},
                                              countries({"USA"}),
                                              countries({"GBR"}),
                                              countries({"USA", "GBR"}),
                                              countries({"AUS", "GBR"}),
                                              every_country()};
  std::vector<Label> labels;
  for (Level level = 0; level < levels; ++level)
    for (std::size_t mask = 0; mask < (std::size_t{1} << compartment_count); ++mask) {
      CompartmentSet set;
      for (std::size_t bit = 0; bit < compartment_count; ++bit)
        if (mask & (std::size_t{1} << bit)) set.insert(bit * 61);  // spread over the words
      for (const CountrySet& countries : releasable) labels.push_back(Label{level, set, countries});
    }
  return labels;
}

// Labels for the laws over triples (72 labels, ~370k triples) and over pairs (192 labels).
const std::vector<Label>& small_set() {
  static const std::vector<Label> labels = generated_labels(3, 2);
  return labels;
}
const std::vector<Label>& large_set() {
  static const std::vector<Label> labels = generated_labels(4, 3);
  return labels;
}

std::string describe(const Label& label) {
  std::string text = "{level " + std::to_string(label.level) + ", compartments";
  label.compartments.for_each([&](std::size_t id) { text += " " + std::to_string(id); });
  text += ", releasable to " + std::to_string(label.releasable.size()) + " countries}";
  return text;
}

Node node_with(Level level, CompartmentSet held, CountrySet access, const char* jurisdiction = "USA") {
  Node node;
  node.jurisdiction = country(jurisdiction);
  node.accredited = Label{level, held, every_country()};
  node.access = access;
  return node;
}

}  // namespace

TEST_SUITE("label") {

// ---- dominance ----------------------------------------------------------------------

TEST_CASE("dominance is reflexive") {
  for (const Label& a : large_set()) {
    if (!dominates(a, a)) FAIL_CHECK("not reflexive at " << describe(a));
  }
}

TEST_CASE("dominance is antisymmetric") {
  std::size_t violations = 0;
  for (const Label& a : large_set())
    for (const Label& b : large_set())
      if (dominates(a, b) && dominates(b, a) && a != b) ++violations;
  CHECK(violations == 0);
}

TEST_CASE("dominance is transitive") {
  std::size_t violations = 0, chains = 0;
  for (const Label& a : small_set())
    for (const Label& b : small_set()) {
      if (!dominates(a, b)) continue;
      for (const Label& c : small_set()) {
        if (!dominates(b, c)) continue;
        ++chains;
        if (!dominates(a, c)) ++violations;
      }
    }
  CHECK(violations == 0);
  CHECK(chains > 1000);  // the generated set has real chains to test
}

TEST_CASE("dominance is a partial order, not a total one") {
  const Label si{3, compartments({0}), countries({"USA"})};
  const Label tk{3, compartments({1}), countries({"USA"})};
  CHECK_FALSE(dominates(si, tk));
  CHECK_FALSE(dominates(tk, si));
  const Label to_gbr{3, {}, countries({"USA", "GBR"})};
  const Label to_aus{3, {}, countries({"USA", "AUS"})};
  CHECK_FALSE(dominates(to_gbr, to_aus));
  CHECK_FALSE(dominates(to_aus, to_gbr));
}

TEST_CASE("a label dominates another by level, compartments and releasability together") {
  const Label base{2, compartments({0}), countries({"USA", "GBR"})};
  SUBCASE("a higher level dominates") { CHECK(dominates(Label{3, compartments({0}), base.releasable}, base)); }
  SUBCASE("a lower level does not") { CHECK_FALSE(dominates(Label{1, compartments({0}), base.releasable}, base)); }
  SUBCASE("more compartments dominate") { CHECK(dominates(Label{2, compartments({0, 1}), base.releasable}, base)); }
  SUBCASE("fewer compartments do not") { CHECK_FALSE(dominates(Label{2, {}, base.releasable}, base)); }
  SUBCASE("releasable to fewer countries dominates") { CHECK(dominates(Label{2, base.compartments, countries({"USA"})}, base)); }
  SUBCASE("releasable to more countries does not") {
    CHECK_FALSE(dominates(Label{2, base.compartments, countries({"USA", "GBR", "AUS"})}, base));
  }
}

TEST_CASE("the default label is the bottom of the lattice") {
  const Label bottom;
  CHECK(bottom.level == 0);
  CHECK(bottom.compartments.empty());
  CHECK(bottom.releasable == every_country());
  for (const Label& a : large_set()) {
    if (!dominates(a, bottom)) FAIL_CHECK(describe(a) << " does not dominate the bottom");
  }
}

// ---- join and meet ----------------------------------------------------------------

TEST_CASE("join takes the highest level, the union of compartments and the intersection of releasable sets") {
  const Label a{3, compartments({0}), countries({"USA", "GBR", "AUS"})};
  const Label b{2, compartments({1}), countries({"USA", "GBR", "CAN"})};
  const Label joined = join(a, b);
  CHECK(joined.level == 3);
  CHECK(joined.compartments == compartments({0, 1}));
  CHECK(joined.releasable == countries({"USA", "GBR"}));
}

TEST_CASE("meet takes the lowest level, the common compartments and the union of releasable sets") {
  const Label a{3, compartments({0, 1}), countries({"USA", "GBR"})};
  const Label b{2, compartments({1}), countries({"USA", "CAN"})};
  const Label met = meet(a, b);
  CHECK(met.level == 2);
  CHECK(met.compartments == compartments({1}));
  CHECK(met.releasable == countries({"USA", "GBR", "CAN"}));
}

TEST_CASE("join and meet are commutative") {
  std::size_t violations = 0;
  for (const Label& a : large_set())
    for (const Label& b : large_set()) {
      if (join(a, b) != join(b, a)) ++violations;
      if (meet(a, b) != meet(b, a)) ++violations;
    }
  CHECK(violations == 0);
}

TEST_CASE("join and meet are associative") {
  std::size_t violations = 0;
  for (const Label& a : small_set())
    for (const Label& b : small_set())
      for (const Label& c : small_set()) {
        if (join(join(a, b), c) != join(a, join(b, c))) ++violations;
        if (meet(meet(a, b), c) != meet(a, meet(b, c))) ++violations;
      }
  CHECK(violations == 0);
}

TEST_CASE("join and meet are idempotent") {
  for (const Label& a : large_set()) {
    if (join(a, a) != a) FAIL_CHECK("join not idempotent at " << describe(a));
    if (meet(a, a) != a) FAIL_CHECK("meet not idempotent at " << describe(a));
  }
}

TEST_CASE("join and meet absorb each other") {
  std::size_t violations = 0;
  for (const Label& a : large_set())
    for (const Label& b : large_set()) {
      if (join(a, meet(a, b)) != a) ++violations;
      if (meet(a, join(a, b)) != a) ++violations;
    }
  CHECK(violations == 0);
}

TEST_CASE("join is an upper bound and meet a lower bound of both labels") {
  std::size_t violations = 0;
  for (const Label& a : large_set())
    for (const Label& b : large_set()) {
      const Label joined = join(a, b), met = meet(a, b);
      if (!dominates(joined, a) || !dominates(joined, b)) ++violations;
      if (!dominates(a, met) || !dominates(b, met)) ++violations;
    }
  CHECK(violations == 0);
}

TEST_CASE("join is the least upper bound and meet the greatest lower bound") {
  std::size_t violations = 0;
  for (const Label& a : small_set())
    for (const Label& b : small_set()) {
      const Label joined = join(a, b), met = meet(a, b);
      for (const Label& c : small_set()) {
        if (dominates(c, a) && dominates(c, b) && !dominates(c, joined)) ++violations;
        if (dominates(a, c) && dominates(b, c) && !dominates(met, c)) ++violations;
      }
    }
  CHECK(violations == 0);
}

TEST_CASE("a dominates b exactly when their join is a and their meet is b") {
  std::size_t violations = 0;
  for (const Label& a : large_set())
    for (const Label& b : large_set()) {
      const bool dominated = dominates(a, b);
      if (dominated != (join(a, b) == a)) ++violations;
      if (dominated != (meet(a, b) == b)) ++violations;
    }
  CHECK(violations == 0);
}

TEST_CASE("covers compares level and compartments only") {
  const Label node{3, compartments({0, 1}), countries({"USA"})};
  CHECK(covers(node, Label{3, compartments({0}), every_country()}));
  CHECK(covers(node, Label{2, compartments({0, 1}), countries({"GBR"})}));
  CHECK_FALSE(covers(node, Label{4, {}, every_country()}));
  CHECK_FALSE(covers(node, Label{3, compartments({2}), every_country()}));
}

// ---- holds (model.hpp) --------------------------------------------------------------

TEST_CASE("a node holds data when its level, compartments, access and jurisdiction all fit") {
  const Node node = node_with(3, compartments({0, 1}), countries({"USA"}));
  const Label label{3, compartments({0}), countries({"USA", "GBR"})};
  CHECK(hold_failures(node, label, nullptr) == 0);
  const CountrySet residency = countries({"USA"});
  CHECK(hold_failures(node, label, &residency) == 0);
}

TEST_CASE("a node accredited below the data's level does not hold it") {
  const Node node = node_with(3, {}, countries({"USA"}));
  CHECK(hold_failures(node, Label{4, {}, countries({"USA"})}, nullptr) == hold_level);
}

TEST_CASE("a node lacking one of the data's compartments does not hold it") {
  const Node node = node_with(4, compartments({0}), countries({"USA"}));
  CHECK(hold_failures(node, Label{4, compartments({0, 1}), countries({"USA"})}, nullptr) == hold_compartments);
}

TEST_CASE("a node reached by a nationality outside the releasable set does not hold the data") {
  SUBCASE("NOFORN data on an FVEY node") {
    const Node node = node_with(3, {}, countries({"USA", "GBR", "AUS", "CAN", "NZL"}));
    CHECK(hold_failures(node, Label{3, {}, countries({"USA"})}, nullptr) == hold_release);
  }
  SUBCASE("an access list that is a subset of REL TO is fine") {
    const Node node = node_with(3, {}, countries({"USA", "GBR"}));
    CHECK(hold_failures(node, Label{3, {}, countries({"USA", "GBR", "AUS"})}, nullptr) == 0);
  }
}

TEST_CASE("a node outside the data's residency does not hold it") {
  const Node node = node_with(1, {}, countries({"GBR"}), "GBR");
  const CountrySet residency = countries({"USA"});
  CHECK(hold_failures(node, Label{1, {}, every_country()}, &residency) == hold_residency);
}

TEST_CASE("every reason a node cannot hold data is reported at once") {
  const Node node = node_with(2, {}, countries({"GBR", "USA"}), "GBR");
  const CountrySet residency = countries({"USA"});
  CHECK(hold_failures(node, Label{3, compartments({5}), countries({"USA"})}, &residency) ==
        (hold_level | hold_compartments | hold_release | hold_residency));
}

TEST_CASE("holds reads the data's label and residency") {
  Node node = node_with(3, {}, countries({"USA"}));
  Data data;
  data.label = Label{3, {}, countries({"USA"})};
  CHECK(holds(node, data));
  data.has_residency = true;
  data.residency = countries({"GBR"});
  CHECK_FALSE(holds(node, data));
  data.residency = countries({"GBR", "USA"});
  CHECK(holds(node, data));
}

TEST_CASE("a node holding a label holds every label that label dominates") {
  // Downward closure, by level, compartments and releasability: the lattice and holds agree.
  std::size_t violations = 0;
  const Node node = node_with(2, compartments({0}), countries({"USA", "GBR"}));
  for (const Label& a : small_set())
    for (const Label& b : small_set())
      if (dominates(a, b) && hold_failures(node, a, nullptr) == 0 && hold_failures(node, b, nullptr) != 0)
        ++violations;
  CHECK(violations == 0);
}

}  // TEST_SUITE
