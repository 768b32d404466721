"""Model.whatif and Model.resilience (spec resilience-v1 sections 1-4) on the ddil-relay
example of docs/resilience.md, compared with what the CLI prints."""

import json
import subprocess

import pytest

import clearance
from conftest import EXAMPLES_DIR, cli_path

RELAY = EXAMPLES_DIR / "ddil-relay.json"
WAIVERS = EXAMPLES_DIR / "waivers" / "coalition-cloud.waivers.json"


@pytest.fixture
def relay():
    return clearance.Model.load(RELAY)


def test_satcom_down_adds_a_critical_route_finding_for_the_kit(relay):
    result = relay.whatif(["link:satcom"])
    assert isinstance(result, clearance.WhatIf)
    assert result.down == ["link:satcom"]
    assert [(f.rule, f.severity, f.flow, f.node) for f in result.added] == [("flow.route", "critical", "report", "kit")]
    assert isinstance(result.added[0], clearance.Finding)
    assert result.resolved == []
    assert result.has_added_findings


def test_the_elements_down_are_listed_links_first_without_repeats(relay):
    assert relay.whatif(down=["node:relay", "link:satcom", "node:relay"]).down == ["link:satcom", "node:relay"]


def test_a_node_down_resolves_the_findings_it_held(coalition):
    result = coalition.whatif(["node:us-mpe"], jobs=2)
    assert [(f.rule, f.workload, f.node) for f in result.resolved] == [("placement.release", "mpe-targeting", "us-mpe")]
    assert [f.rule for f in result.added] == ["placement.missing", "placement.missing"]


def test_waived_findings_keep_their_waiver_in_a_whatif(coalition):
    result = coalition.whatif(["node:aus-sovereign"], waivers=WAIVERS, today="2026-06-01")
    (resolved,) = [f for f in result.resolved if f.rule == "placement.residency"]
    assert resolved.is_waived and resolved.waived["id"] == "RA-2026-014"


def test_the_whatif_json_and_text_are_what_the_cli_prints(relay):
    result = relay.whatif(["link:satcom"])
    cli = cli_path()
    if cli is None:
        pytest.skip("no clearance CLI built (set CLEARANCE_CLI)")
    for format_args, produced in ((["--format", "json"], result.to_json()), ([], result.to_text())):
        printed = subprocess.run([cli, "whatif", str(RELAY), "--down", "link:satcom", *format_args],
                                 capture_output=True, text=True)
        assert printed.returncode == 1
        assert printed.stdout == produced


def test_an_unknown_element_raises_model_error_with_a_suggestion(relay):
    with pytest.raises(clearance.ModelError, match="did you mean `node:hq`"):
        relay.whatif(["node:hqq"])


def test_down_must_be_a_list_of_elements_not_one_string(relay):
    with pytest.raises(TypeError):
        relay.whatif("link:satcom")


def test_resilience_lists_every_element_of_the_kits_only_route_as_critical(relay):
    result = relay.resilience()
    assert result["model"] == "ddil-relay"
    assert result["flows"] == [
        {"flow": "report", "node": "kit", "critical": ["link:satcom", "link:terrestrial", "node:hq", "node:relay"]},
        {"flow": "share", "node": "hq", "critical": ["link:cds1", "node:coalition"]},
    ]
    assert result["elements"][0] == {"element": "link:cds1", "flows": 1}
    assert "staleness" not in result


def test_resilience_with_availability_is_exact_for_the_kits_report(relay):
    result = relay.resilience(availability=True)
    report, share = result["flows"]
    assert report["availability"] == 0.8991 and report["method"] == "exact"
    assert share["availability"] == 1
    assert result["staleness"] == [
        {"workload": "sensor", "node": "kit", "max_staleness_h": 6,
         "outlast_probability": 0.22313016014842982, "stale_fraction": 0.037188360024738305}
    ]


def test_resilience_needs_at_least_one_sample(relay):
    with pytest.raises(ValueError, match="samples"):
        relay.resilience(True, samples=0)


def test_the_resilience_dict_is_what_the_cli_prints(relay):
    cli = cli_path()
    if cli is None:
        pytest.skip("no clearance CLI built (set CLEARANCE_CLI)")
    printed = subprocess.run([cli, "resilience", str(RELAY), "--availability", "--format", "json"],
                             capture_output=True, text=True, check=True)
    assert json.loads(printed.stdout) == relay.resilience(availability=True)


def test_a_whatif_session_runs_each_scenario_as_model_whatif_does(coalition):
    session = clearance.WhatIfSession(coalition, jobs=2)
    for down in (["node:us-mpe"], ["node:aus-sovereign"], ["node:us-mpe", "node:aus-sovereign"]):
        ran, direct = session.run(down), coalition.whatif(down)
        assert ran.to_json() == direct.to_json()


def test_a_whatif_session_lists_the_working_pairs_a_failure_breaks(relay):
    session = relay.whatif_session()
    assert session.working_pairs == [("report", "kit"), ("share", "hq")]
    assert session.broken_pairs(["link:satcom"]) == [("report", "kit")]
    assert session.broken_pairs(["link:cds1"]) == [("share", "hq")]
    assert session.broken_pairs(["node:coalition"]) == [("share", "hq")]
    # the source down: the pair is not asked about (spec section 3 assumes it up)
    assert session.broken_pairs(["node:kit"]) == []


def test_a_whatif_sessions_outcome_is_run_added_by_rule_and_the_broken_pairs_positions(relay, coalition):
    for model in (relay, coalition):
        session = model.whatif_session()
        for down in ([f"node:{n}"] for n in model.nodes.ids()):
            added, broken = session.outcome(down)
            assert added == session.run(down).added_by_rule()
            assert [session.working_pairs[i] for i in broken] == session.broken_pairs(down)


def test_a_whatif_sessions_outcomes_are_its_outcome_of_each_scenario_as_arrays(relay, coalition):
    for model in (relay, coalition):
        session = model.whatif_session()
        elements = [f"node:{n}" for n in model.nodes.ids()] + [f"link:{l}" for l in model.links.ids()]
        scenarios = [[e] for e in elements] + [[a, b] for a, b in zip(elements, elements[1:])] + [[]]
        added_ends, added, broken_ends, broken = (memoryview(b).cast("I").tolist()
                                                  for b in session.outcomes(scenarios))
        names = [rule.name for rule in clearance.rules()]
        added_at = broken_at = 0
        for down, added_end, broken_end in zip(scenarios, added_ends, broken_ends, strict=True):
            expected_added, expected_broken = session.outcome(down)
            entries = [(names[added[2 * i]], added[2 * i + 1]) for i in range(added_at, added_end)]
            assert entries == sorted(expected_added.items()), down
            assert broken[broken_at:broken_end] == expected_broken, down
            added_at, broken_at = added_end, broken_end
        assert (added_at, broken_at) == (len(added) // 2, len(broken))


def test_a_whatif_sessions_outcomes_refuse_a_scenario_with_an_unknown_element(relay):
    session = relay.whatif_session()
    with pytest.raises(clearance.ModelError, match="did you mean `node:relay`"):
        session.outcomes([["node:relay"], ["node:rellay"]])


def test_a_whatif_session_keeps_the_model_as_it_was_when_made(relay):
    session = relay.whatif_session()
    relay.set_placement("fusion", ["relay"])
    assert session.broken_pairs(["link:terrestrial"]) == [("report", "kit")]
    assert relay.whatif_session().broken_pairs(["link:terrestrial"]) == [("share", "relay")]


def test_whatif_sessions_answer_from_several_threads_at_once(coalition):
    from concurrent.futures import ThreadPoolExecutor

    session = coalition.whatif_session()
    nodes = [f"node:{node.id}" for node in coalition.nodes]
    expected = {node: coalition.whatif([node]).to_json() for node in nodes}
    with ThreadPoolExecutor(max_workers=4) as pool:
        got = dict(zip(nodes, pool.map(lambda node: session.run([node]).to_json(), nodes)))
    assert got == expected


def test_a_whatif_session_raises_model_error_for_an_unknown_element(relay):
    with pytest.raises(clearance.ModelError, match="did you mean `link:satcom`"):
        relay.whatif_session().broken_pairs(["link:satcon"])
