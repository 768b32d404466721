// Tests of builder.hpp and of Model::set_placement: the C++ builder makes the model the
// JSON loader makes, validates the same way with pointers into the equivalent model
// file, and placements are changed with validation and the strong guarantee.
#include <doctest/doctest.h>

#include <clearance/builder.hpp>
#include <clearance/load.hpp>

#include <string>
#include <vector>

using namespace clearance;

namespace {

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// Every diagnostic of building; fails the test when the build succeeds.
std::vector<Diagnostic> errors_of(ModelBuilder& builder) {
  try {
    builder.build();
  } catch (const input_error& e) {
    return e.diagnostics();
  }
  FAIL_CHECK("the model was built");
  return {};
}

Diagnostic only_error(ModelBuilder& builder) {
  const std::vector<Diagnostic> errors = errors_of(builder);
  if (errors.size() != 1)
    for (const auto& e : errors) MESSAGE(e.to_string());
  REQUIRE(errors.size() == 1);
  return errors[0];
}

NodeSpec node(std::string id, std::string jurisdiction, std::string accredited) {
  NodeSpec spec;
  spec.id = std::move(id);
  spec.jurisdiction = std::move(jurisdiction);
  spec.accredited = std::move(accredited);
  return spec;
}

DataSpec data(std::string id, std::string marking) {
  DataSpec spec;
  spec.id = std::move(id);
  spec.marking = std::move(marking);
  return spec;
}

WorkloadSpec workload(std::string id, std::vector<std::string> uses = {}) {
  WorkloadSpec spec;
  spec.id = std::move(id);
  spec.uses = std::move(uses);
  return spec;
}

// A small coalition estate, as JSON and as builder calls.
const char* estate_json = R"({
  "clearance": 1, "name": "estate",
  "scheme": {"aliases": {"GEHEIM": "SECRET"}, "groups": {"PARTNERS": ["GBR", "AUS"]}},
  "nodes": [
    {"id": "us-il6", "jurisdiction": "USA", "accredited": "SECRET", "impact_level": "IL6", "zone": "east",
     "capacity": {"cpu": 64, "gpu": 8}},
    {"id": "gbr", "jurisdiction": "GBR", "accredited": "GEHEIM", "access": ["GBR"], "at_rest": "fips"},
    {"id": "ts", "kind": "edge", "name": "TS edge", "jurisdiction": "USA", "accredited": "ts//tk/si",
     "at_rest": "type1", "connectivity": {"mean_online_h": 2, "mean_offline_h": 6}}],
  "links": [
    {"id": "guard", "kind": "guard", "from": "us-il6", "to": "gbr", "latency_ms": 40, "bandwidth_mbps": 1000,
     "releases": [{"from": "SECRET", "to": "SECRET//REL TO USA, PARTNERS"}]},
    {"id": "diode", "kind": "diode", "from": "us-il6", "to": "ts"},
    {"id": "wan", "from": "us-il6", "to": "ts", "carrier": "U", "encryption": "type1", "direction": "forward"}],
  "data": [
    {"id": "plan", "marking": "S//REL TO PARTNERS", "residency": ["FVEY"]},
    {"id": "sigint", "marking": "TS//SI/TK//NOFORN"},
    {"id": "uk-report", "marking": "SECRET//REL TO USA", "owner": "GBR", "impact_level": "IL6"}],
  "workloads": [
    {"id": "planner", "uses": ["plan", "plan"], "resources": {"cpu": 8}, "replicas": 2, "min_zones": 2},
    {"id": "fusion", "uses": ["sigint"], "max_staleness_h": 12}],
  "flows": [{"id": "f", "from": "planner", "to": "fusion", "data": "plan", "max_latency_ms": 100,
             "min_bandwidth_mbps": 10}],
  "placement": {"planner": ["us-il6", "gbr"], "fusion": ["ts"]}
})";

Model build_estate() {
  ModelBuilder builder;
  SchemeSpec scheme;
  scheme.aliases = {{"GEHEIM", "SECRET"}};
  scheme.groups = {{"PARTNERS", {"GBR", "AUS"}}};
  builder.name("estate").scheme(scheme);

  NodeSpec il6 = node("us-il6", "USA", "SECRET");
  il6.impact_level = "IL6";
  il6.zone = "east";
  il6.capacity = NamedAmounts{{"cpu", 64}, {"gpu", 8}};
  NodeSpec gbr = node("gbr", "GBR", "GEHEIM");
  gbr.access = std::vector<std::string>{"GBR"};
  gbr.at_rest = AtRest::fips;
  NodeSpec ts = node("ts", "USA", "ts//tk/si");
  ts.kind = NodeKind::edge;
  ts.name = "TS edge";
  ts.at_rest = AtRest::type1;
  ts.mean_online_h = 2;
  ts.mean_offline_h = 6;
  builder.add_node(il6).add_node(gbr).add_node(ts);

  LinkSpec guard;
  guard.id = "guard";
  guard.kind = LinkKind::guard;
  guard.from = "us-il6";
  guard.to = "gbr";
  guard.latency_ms = 40;
  guard.bandwidth_mbps = 1000;
  guard.releases = std::vector<ReleaseSpec>{{"SECRET", "SECRET//REL TO USA, PARTNERS"}};
  LinkSpec diode;
  diode.id = "diode";
  diode.kind = LinkKind::diode;
  diode.from = "us-il6";
  diode.to = "ts";
  LinkSpec wan;
  wan.id = "wan";
  wan.from = "us-il6";
  wan.to = "ts";
  wan.carrier = "U";
  wan.encryption = Encryption::type1;
  wan.direction = Direction::forward;
  builder.add_link(guard).add_link(diode).add_link(wan);

  DataSpec plan = data("plan", "S//REL TO PARTNERS");
  plan.residency = std::vector<std::string>{"FVEY"};
  DataSpec report = data("uk-report", "SECRET//REL TO USA");
  report.owner = "GBR";
  report.impact_level = "IL6";
  builder.add_data(plan).add_data(data("sigint", "TS//SI/TK//NOFORN")).add_data(report);

  WorkloadSpec planner = workload("planner", {"plan", "plan"});
  planner.resources = {{"cpu", 8}};
  planner.replicas = 2;
  planner.min_zones = 2;
  WorkloadSpec fusion = workload("fusion", {"sigint"});
  fusion.max_staleness_h = 12;
  builder.add_workload(planner).add_workload(fusion);

  FlowSpec flow;
  flow.id = "f";
  flow.from = "planner";
  flow.to = "fusion";
  flow.data = "plan";
  flow.max_latency_ms = 100;
  flow.min_bandwidth_mbps = 10;
  builder.add_flow(flow);

  builder.place("planner", {"us-il6", "gbr"}).place("fusion", {"ts"});
  return builder.build();
}

void check_same_ids(const IdTable& a, const IdTable& b) {
  REQUIRE(a.size() == b.size());
  for (std::uint32_t i = 0; i < a.size(); ++i) CHECK(a.name(i) == b.name(i));
}

}  // namespace

TEST_SUITE("builder") {

TEST_CASE("the builder makes the same model as the JSON loader") {
  const Model built = build_estate();
  const Model loaded = load_model_json(estate_json, "estate.json");

  CHECK(built.name() == loaded.name());
  check_same_ids(built.node_ids(), loaded.node_ids());
  check_same_ids(built.link_ids(), loaded.link_ids());
  check_same_ids(built.data_ids(), loaded.data_ids());
  check_same_ids(built.workload_ids(), loaded.workload_ids());
  check_same_ids(built.flow_ids(), loaded.flow_ids());
  check_same_ids(built.resource_names(), loaded.resource_names());
  check_same_ids(built.zone_names(), loaded.zone_names());

  for (NodeIndex n = 0; n < loaded.nodes().size(); ++n) {
    CAPTURE(n);
    const Node& a = built.nodes()[n];
    const Node& b = loaded.nodes()[n];
    CHECK(built.accreditation_of(n) == loaded.accreditation_of(n));
    CHECK(a.kind == b.kind);
    CHECK(a.at_rest == b.at_rest);
    CHECK(a.jurisdiction == b.jurisdiction);
    CHECK(a.impact_level == b.impact_level);
    CHECK(a.accredited == b.accredited);
    CHECK(a.access == b.access);
    CHECK(a.zone == b.zone);
    CHECK(a.has_capacity == b.has_capacity);
    REQUIRE(a.capacity.size() == b.capacity.size());
    for (std::size_t r = 0; r < a.capacity.size(); ++r) {
      CHECK(a.capacity[r].resource == b.capacity[r].resource);
      CHECK(a.capacity[r].amount == b.capacity[r].amount);
    }
    CHECK(a.mean_online_h == b.mean_online_h);
    CHECK(a.mean_offline_h == b.mean_offline_h);
    CHECK(a.name == b.name);
  }
  for (LinkIndex l = 0; l < loaded.links().size(); ++l) {
    CAPTURE(l);
    const Link& a = built.links()[l];
    const Link& b = loaded.links()[l];
    CHECK(a.from == b.from);
    CHECK(a.to == b.to);
    CHECK(a.kind == b.kind);
    CHECK(a.direction == b.direction);
    CHECK(a.encryption == b.encryption);
    CHECK(a.carrier == b.carrier);
    CHECK(a.latency_ms == b.latency_ms);
    CHECK(a.bandwidth_mbps == b.bandwidth_mbps);
    REQUIRE(a.releases.size() == b.releases.size());
    for (std::size_t r = 0; r < a.releases.size(); ++r) {
      CHECK(a.releases[r].to.rel_to == b.releases[r].to.rel_to);
      CHECK(a.releases[r].from.level == b.releases[r].from.level);
    }
  }
  for (DataIndex d = 0; d < loaded.data().size(); ++d) {
    CAPTURE(d);
    CHECK(built.marking_of(d) == loaded.marking_of(d));
    CHECK(built.data()[d].owner == loaded.data()[d].owner);
    CHECK(built.data()[d].label == loaded.data()[d].label);
    CHECK(built.data()[d].has_residency == loaded.data()[d].has_residency);
    CHECK(built.data()[d].residency == loaded.data()[d].residency);
    CHECK(built.data()[d].impact_level == loaded.data()[d].impact_level);
  }
  for (WorkloadIndex w = 0; w < loaded.workloads().size(); ++w) {
    CAPTURE(w);
    const Workload& a = built.workloads()[w];
    const Workload& b = loaded.workloads()[w];
    CHECK(a.uses == b.uses);
    CHECK(a.replicas == b.replicas);
    CHECK(a.min_zones == b.min_zones);
    CHECK(a.max_staleness_h == b.max_staleness_h);
    REQUIRE(a.resources.size() == b.resources.size());
    CHECK(built.placement().nodes_of(w).size() == loaded.placement().nodes_of(w).size());
    for (std::size_t i = 0; i < loaded.placement().nodes_of(w).size(); ++i)
      CHECK(built.placement().nodes_of(w)[i] == loaded.placement().nodes_of(w)[i]);
  }
  for (FlowIndex f = 0; f < loaded.flows().size(); ++f) {
    const Flow& a = built.flows()[f];
    const Flow& b = loaded.flows()[f];
    CHECK(a.from == b.from);
    CHECK(a.to == b.to);
    CHECK(a.data == b.data);
    CHECK(a.max_latency_ms == b.max_latency_ms);
    CHECK(a.min_bandwidth_mbps == b.min_bandwidth_mbps);
  }
}

TEST_CASE("the built model applies the defaults and meanings of spec 2") {
  const Model model = build_estate();
  CHECK(model.marking_of(0) == "SECRET//REL TO USA, AUS, GBR");
  CHECK(model.marking_of(2) == "SECRET//REL TO GBR, USA");  // owner GBR first
  CHECK(model.accreditation_of(1) == "SECRET");              // GEHEIM is an alias
  CHECK(model.accreditation_of(2) == "TOP SECRET//SI/TK");
  CHECK(model.links()[1].direction == Direction::forward);   // a diode
  CHECK(model.links()[0].direction == Direction::both);
  CHECK(model.links()[1].carrier == model.nodes()[0].accredited.level);  // the lower endpoint
  CHECK(model.links()[2].carrier == 0);
  CHECK(model.links()[1].bandwidth_mbps == unlimited);
  CHECK(model.workloads()[0].uses.size() == 1);  // listed twice, counted once
  CHECK(model.nodes()[0].mean_online_h == unlimited);
  CHECK(model.nodes()[1].zone != model.nodes()[2].zone);  // no zone: each its own
  CHECK_FALSE(model.nodes()[1].has_capacity);
}

TEST_CASE("builder errors carry JSON pointers into the equivalent model file, without positions") {
  ModelBuilder builder;
  builder.add_node(node("n", "USA", "SECRET")).add_node(node("m", "USA", "SECRET//NOFORN"));
  const Diagnostic d = only_error(builder);
  CHECK(d.pointer == "/nodes/1/accredited");
  CHECK(d.file.empty());
  CHECK(d.line == 0);
  CHECK(d.column == 0);
  CHECK(contains(d.message, "level and compartments only"));
  CHECK(d.to_string().rfind("/nodes/1/accredited: ", 0) == 0);
}

TEST_CASE("the builder reports every problem of every kind with its pointer") {
  ModelBuilder builder;
  SchemeSpec scheme;
  scheme.default_owner = "FVEY";
  builder.scheme(scheme);
  builder.add_node(node("n", "usa", "SECRET"));
  builder.add_node(node("n", "USA", "SECRET"));
  LinkSpec link;
  link.id = "bad id";
  link.from = "n";
  link.to = "nn";
  link.bandwidth_mbps = 0;
  builder.add_link(link);
  builder.add_data(data("d", "SECRET//SI/NOFORN"));
  WorkloadSpec w = workload("w", {"dd"});
  w.replicas = 0;
  builder.add_workload(w);
  FlowSpec flow;
  flow.id = "f";
  flow.from = "w";
  flow.to = "x";
  flow.data = "d";
  builder.add_flow(flow);
  builder.place("w", {"n", "n"}).place("w", {"n"}).place("ww", {"n"});

  std::vector<std::string> pointers;
  for (const Diagnostic& d : errors_of(builder)) pointers.push_back(d.pointer);
  const std::vector<std::string> expected = {
      "/scheme/default_owner", "/nodes/1/id",       "/links/0/id",         "/nodes/0/jurisdiction",
      "/links/0/to",           "/links/0/bandwidth_mbps", "/data/0/marking", "/workloads/0/uses/0",
      "/workloads/0/replicas", "/flows/0/to",       "/placement/w/1",      "/placement/w",
      "/placement/ww"};
  CHECK(pointers == expected);
}

TEST_CASE("unknown references in the builder suggest the nearest id") {
  ModelBuilder builder;
  builder.add_node(node("east", "USA", "SECRET")).add_workload(workload("train")).place("trian", {"eats"});
  const std::vector<Diagnostic> errors = errors_of(builder);
  REQUIRE(errors.size() == 1);  // an unknown workload's nodes are not looked at
  CHECK(errors[0].pointer == "/placement/trian");
  CHECK(contains(errors[0].message, "unknown workload \"trian\"; did you mean \"train\"?"));
}

TEST_CASE("only the first 100 problems get a did-you-mean hint, so that many cost linear time") {
  ModelBuilder builder;
  builder.add_data(data("intel", "SECRET"));
  for (int i = 0; i < 150; ++i) builder.add_workload(workload("w" + std::to_string(i), {"intle"}));
  const std::vector<Diagnostic> errors = errors_of(builder);
  REQUIRE(errors.size() == 150);
  CHECK(contains(errors[99].message, "unknown data \"intle\"; did you mean \"intel\"?"));
  CHECK(errors[100].message == "unknown data \"intle\"");
}

TEST_CASE("placing a workload twice is an error") {
  ModelBuilder builder;
  builder.add_node(node("n", "USA", "SECRET")).add_workload(workload("w")).place("w", {"n"}).place("w", {});
  const Diagnostic d = only_error(builder);
  CHECK(d.pointer == "/placement/w");
  CHECK(contains(d.message, "workload \"w\" is placed twice"));
}

TEST_CASE("the builder is empty after a build") {
  SUBCASE("that succeeds") {
    ModelBuilder builder;
    builder.name("one").add_node(node("n", "USA", "SECRET")).add_workload(workload("w")).place("w", {"n"});
    const Model first = builder.build();
    CHECK(first.nodes().size() == 1);
    const Model second = builder.build();
    CHECK(second.name().empty());
    CHECK(second.nodes().empty());
    CHECK(second.workloads().empty());
    CHECK(second.placement().replica_count() == 0);
  }
  SUBCASE("that fails") {
    ModelBuilder builder;
    builder.add_node(node("n", "QZX", "SECRET"));
    CHECK_THROWS_AS(builder.build(), input_error);
    CHECK(builder.build().nodes().empty());
  }
}

TEST_CASE("a custom scheme built alone reports its problems under /scheme") {
  SchemeSpec spec;
  spec.levels = std::vector<std::string>{"PUBLIC", "INTERNAL", "SECRET"};
  spec.classified_from = "SECRET";
  spec.groups = {{"LOOP", {"LOOP"}}};
  std::vector<Diagnostic> diagnostics;
  const Scheme scheme = build_scheme(spec, diagnostics);
  std::vector<std::string> pointers;
  for (const Diagnostic& d : diagnostics) pointers.push_back(d.pointer);
  CHECK(pointers == std::vector<std::string>{"/scheme/groups/LOOP", "/scheme/levels"});
  CHECK(contains(diagnostics[1].message, "\"controlled_from\" must be given"));
  CHECK(scheme.level_count() == 3);
  CHECK(scheme.find_level("public") == Level{0});
  CHECK_FALSE(scheme.find_level("TS").has_value());  // its level is missing: the alias is dropped
}

TEST_CASE("only the first 100 unknown group members get a did-you-mean, so many of them cost linear time") {
  SchemeSpec spec;
  for (int g = 0; g < 300; ++g) spec.groups.push_back({"G" + std::to_string(1000 + g), {"G" + std::to_string(1000 + g) + "Z"}});
  std::vector<Diagnostic> diagnostics;
  (void)build_scheme(spec, diagnostics);
  REQUIRE(diagnostics.size() == 300);
  CHECK(contains(diagnostics.front().message, "did you mean"));
  CHECK_FALSE(contains(diagnostics.back().message, "did you mean"));
  CHECK(contains(diagnostics.back().message, "expected an ISO 3166-1 alpha-3 code"));
}

TEST_CASE("only the first 100 markings with an unknown REL TO code get a did-you-mean, so many of them cost linear time") {
  SchemeSpec spec;
  for (int g = 0; g < 300; ++g) spec.groups.push_back({"G" + std::to_string(1000 + g), {"USA", "GBR"}});
  ModelBuilder builder;
  builder.scheme(spec).add_node(node("a", "USA", "SECRET"));
  for (int i = 0; i < 300; ++i)
    builder.add_data(data("d" + std::to_string(i), "SECRET//REL TO USA, G" + std::to_string(1000 + i) + "Z"));
  const std::vector<Diagnostic> diagnostics = errors_of(builder);
  REQUIRE(diagnostics.size() == 300);
  CHECK(contains(diagnostics.front().message, "did you mean \"G1000\"?"));
  CHECK_FALSE(contains(diagnostics.back().message, "did you mean"));
  CHECK(contains(diagnostics.back().message, "unknown country or group \"G1299Z\" in REL TO; expected ISO 3166-1"));
}

TEST_CASE("an unknown level past the first 100 problems gets the expected words instead of a did-you-mean") {
  ModelBuilder builder;
  builder.add_node(node("a", "USA", "SECRET"));
  for (int i = 0; i < 150; ++i) builder.add_data(data("d" + std::to_string(i), "SECRT"));
  const std::vector<Diagnostic> diagnostics = errors_of(builder);
  REQUIRE(diagnostics.size() == 150);
  CHECK(contains(diagnostics.front().message, "did you mean \"SECRET\"?"));
  CHECK(contains(diagnostics.back().message, "unknown level \"SECRT\"; expected a level name or alias"));
}

TEST_CASE("the default scheme is the US scheme of spec 2.1") {
  const Scheme scheme = Scheme::us_default();
  REQUIRE(scheme.level_count() == 5);
  CHECK(scheme.level_name(0) == "UNCLASSIFIED");
  CHECK(scheme.level_name(4) == "TOP SECRET");
  CHECK(scheme.classified_from() == 2);
  CHECK(scheme.controlled_from() == 1);
  CHECK(scheme.is_classified(3));
  CHECK_FALSE(scheme.is_classified(1));
  CHECK(scheme.is_controlled(1));
  CHECK_FALSE(scheme.is_controlled(0));
  CHECK(scheme.find_level("nato  restricted") == Level{1});
  CHECK(scheme.find_group("NATO")->size() == 32);
  CHECK(scheme.find_group("FVEY")->size() == 5);
  CHECK(scheme.find_group("ACGU")->size() == 4);
  CHECK(scheme.find_group("fvey") == nullptr);  // exact names
  REQUIRE(scheme.impact_levels().size() == 4);
  CHECK(scheme.impact_levels()[3].name == "IL6");
  CHECK(scheme.impact_levels()[3].highest == 3);
  CHECK(country_code(scheme.default_owner()) == "USA");
  CHECK(country_count() == 249);
}

// ---- Model::set_placement ------------------------------------------------------------

TEST_CASE("set_placement replaces one workload's nodes and leaves the others") {
  Model model = build_estate();
  model.set_placement("fusion", {"gbr", "us-il6"});
  REQUIRE(model.placement().nodes_of(1).size() == 2);
  CHECK(model.placement().nodes_of(1)[0] == 1);
  CHECK(model.placement().nodes_of(1)[1] == 0);
  REQUIRE(model.placement().nodes_of(0).size() == 2);  // planner untouched
  CHECK(model.placement().nodes_of(0)[0] == 0);
  CHECK(model.placement().nodes_of(0)[1] == 1);
  model.set_placement("planner", {});
  CHECK_FALSE(model.placement().is_placed(0));
  CHECK(model.placement().nodes_of(1).size() == 2);
  CHECK(model.placement().replica_count() == 2);
}

TEST_CASE("set_placement with an unknown id throws, suggests the nearest, and changes nothing") {
  Model model = build_estate();
  auto unchanged = [&] {
    CHECK(model.placement().replica_count() == 3);
    REQUIRE(model.placement().nodes_of(1).size() == 1);
    CHECK(model.placement().nodes_of(1)[0] == 2);
  };
  SUBCASE("an unknown workload") {
    try {
      model.set_placement("fusoin", {"ts"});
      FAIL("accepted");
    } catch (const input_error& e) {
      REQUIRE(e.diagnostics().size() == 1);
      CHECK(contains(e.diagnostics()[0].message, "unknown workload \"fusoin\"; did you mean \"fusion\"?"));
    }
    unchanged();
  }
  SUBCASE("an unknown node among good ones") {
    try {
      model.set_placement("fusion", {"gbr", "tss"});
      FAIL("accepted");
    } catch (const input_error& e) {
      REQUIRE(e.diagnostics().size() == 1);
      CHECK(e.diagnostics()[0].pointer == "/placement/fusion/1");
      CHECK(contains(e.diagnostics()[0].message, "unknown node \"tss\"; did you mean \"ts\"?"));
    }
    unchanged();
  }
  SUBCASE("a node named twice") {
    try {
      model.set_placement("fusion", {"ts", "gbr", "ts"});
      FAIL("accepted");
    } catch (const input_error& e) {
      REQUIRE(e.diagnostics().size() == 1);
      CHECK(e.diagnostics()[0].pointer == "/placement/fusion/2");
      CHECK(contains(e.diagnostics()[0].message, "node \"ts\" is named twice"));
    }
    unchanged();
  }
}

TEST_CASE("a whole placement must be made for the model's workloads") {
  Model model = build_estate();
  SUBCASE("a placement read for this model") {
    model.set_placement(load_placement_json(R"({"fusion": ["ts", "us-il6"]})", model));
    CHECK_FALSE(model.placement().is_placed(0));
    CHECK(model.placement().nodes_of(1).size() == 2);
  }
  SUBCASE("a placement of another size is a usage error") {
    try {
      model.set_placement(Placement(5));
      FAIL("accepted");
    } catch (const clearance::error& e) {
      CHECK(e.kind() == ErrorKind::usage);
    }
    CHECK(model.placement().replica_count() == 3);
  }
  SUBCASE("a placement naming a node index out of range is a usage error") {
    Placement placement(model.workloads().size());
    const std::vector<NodeIndex> beyond = {static_cast<NodeIndex>(model.nodes().size())};
    placement.assign(0, Span<NodeIndex>(beyond));
    try {
      model.set_placement(std::move(placement));
      FAIL("accepted");
    } catch (const clearance::error& e) {
      CHECK(e.kind() == ErrorKind::usage);
    }
    CHECK(model.placement().replica_count() == 3);
  }
}

}  // TEST_SUITE
