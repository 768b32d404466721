"""clearance.distributed and `clearance sweep` (issue 22): sweeps in process and on a Dask
LocalCluster of two worker processes, against Model.whatif and Model.resilience."""

import collections
import json
import os
import signal
import subprocess
import sys

import pytest

import clearance
from clearance import distributed
from conftest import EXAMPLES_DIR, cli_path

RELAY = EXAMPLES_DIR / "ddil-relay.json"
COALITION = EXAMPLES_DIR / "coalition-cloud.json"


@pytest.fixture(scope="module")
def estate(tmp_path_factory):
    """A generated estate big enough that a sweep of it is still running when a worker is
    killed (a few seconds), small enough for the test to stay fast."""
    cli = cli_path()
    if cli is None:
        pytest.skip("no clearance CLI built to generate an estate (set CLEARANCE_CLI)")
    path = tmp_path_factory.mktemp("estate") / "estate.json"
    subprocess.run([cli, "generate", "--nodes", "40", "--workloads", "600", "--flows", "600", "--seed", "7",
                    "--out", str(path)], check=True, capture_output=True)
    return clearance.Model.load(path)


@pytest.fixture(scope="module")
def client():
    """Two worker processes, one thread each."""
    pytest.importorskip("distributed")
    from distributed import Client, LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        with Client(cluster) as connected:
            yield connected


def added_by_whatif(model, down):
    return dict(sorted(collections.Counter(finding.rule for finding in model.whatif(list(down)).added).items()))


def test_a_single_failure_breaks_exactly_the_pairs_resilience_names_it_critical_for():
    for path in (RELAY, COALITION):
        model = clearance.Model.load(path)
        result = distributed.sweep(model, distributed.singles(model))
        resilience = model.resilience()
        critical_for = collections.defaultdict(list)
        for pair in resilience["flows"]:
            for element in pair["critical"]:
                critical_for[element].append((pair["flow"], pair["node"]))
        for scenario in result.scenarios:
            assert scenario.broken == critical_for.get(scenario.down[0], []), scenario.down
        assert [{"element": e, "flows": n} for e, n in result.ranking] == resilience["elements"]


def test_each_scenario_adds_the_findings_model_whatif_adds(estate):
    scenarios = distributed.singles(estate)[:40] + distributed.random_sets(estate, 3, 10, seed=5)
    result = distributed.sweep(estate, scenarios, chunk=7)
    assert [s.down for s in result.scenarios] == [distributed.canonical(down) for down in scenarios]
    for scenario in result.scenarios:
        assert scenario.added == added_by_whatif(estate, scenario.down), scenario.down


def test_the_relay_sweep_is_the_json_the_issue_asks_for():
    model = clearance.Model.load(RELAY)
    document = json.loads(distributed.sweep(model, [["node:relay"], ["link:cds1", "node:kit"]]).to_json())
    assert document == {
        "clearance": 1,
        "model": "ddil-relay",
        "scenarios": [
            {"down": ["node:relay"], "added": {"flow.route": 1}, "broken": [{"flow": "report", "node": "kit"}]},
            {"down": ["link:cds1", "node:kit"], "added": {"flow.route": 1, "placement.missing": 1},
             "broken": [{"flow": "share", "node": "hq"}]},
        ],
        "ranking": [{"element": "node:relay", "broken": 1}],
    }


def test_the_worst_scenarios_break_the_most_pairs_first():
    model = clearance.Model.load(RELAY)
    result = distributed.sweep(model, [["node:kit"], ["link:cds1", "link:satcom"], ["node:hq"]])
    assert [s.down for s in result.worst(2)] == [("link:cds1", "link:satcom"), ("node:hq",)]


def test_pairs_among_the_k_most_critical_are_every_pair_of_resiliences_first_k():
    model = clearance.Model.load(COALITION)
    top = [entry["element"] for entry in model.resilience()["elements"][:3]]
    pairs = distributed.pairs_among(model, 3)
    assert len(pairs) == len(top) * (len(top) - 1) // 2
    assert {frozenset(pair) for pair in pairs} == {frozenset((a, b)) for a in top for b in top if a < b}


def test_random_sets_are_the_same_for_the_same_seed_and_canonical():
    model = clearance.Model.load(COALITION)
    first = distributed.random_sets(model, 2, 20, seed=11)
    assert first == distributed.random_sets(model, 2, 20, seed=11)
    assert first != distributed.random_sets(model, 2, 20, seed=12)
    assert all(len(down) == 2 and down == distributed.canonical(down) for down in first)


def test_an_unknown_element_raises_model_error_before_any_work():
    model = clearance.Model.load(RELAY)
    with pytest.raises(clearance.ModelError, match="did you mean `node:relay`"):
        distributed.sweep(model, [["node:relay"], ["node:rellay"]])


def test_a_scenario_must_be_a_list_of_elements_not_one_string():
    model = clearance.Model.load(RELAY)
    with pytest.raises(TypeError):
        distributed.sweep(model, ["node:relay"])


def test_a_snapshot_round_trips_and_a_corrupt_one_is_refused(tmp_path):
    model = clearance.Model.load(COALITION)
    data = model.snapshot()
    again = clearance.Model.from_snapshot(data)
    assert again.check().to_json() == model.check().to_json()
    model.save_snapshot(tmp_path / "m.snapshot")
    assert clearance.Model.load_snapshot(tmp_path / "m.snapshot").placement == model.placement
    corrupt = data[:-10] + bytes(b ^ 0xFF for b in data[-10:])
    with pytest.raises(clearance.ModelError, match="checksum"):
        clearance.Model.from_snapshot(corrupt)


def test_monte_carlo_availability_covers_the_exact_value():
    model = clearance.Model.load(RELAY)
    exact = {(p["flow"], p["node"]): p["availability"] for p in model.resilience(availability=True)["flows"]}
    estimated = distributed.availability(model, 3000, seed=4)
    for pair in estimated.pairs:
        low, high = pair["interval"]
        assert low <= exact[(pair["flow"], pair["node"])] <= high, pair


def test_monte_carlo_availability_does_not_depend_on_how_the_samples_are_split():
    model = clearance.Model.load(RELAY)
    whole = distributed.availability(model, 1000, seed=9, chunk=1000).to_dict()
    assert distributed.availability(model, 1000, seed=9, chunk=37).to_dict() == whole
    assert distributed.availability(model, 1000, seed=10, chunk=1000).to_dict() != whole


def test_two_workers_give_the_single_process_results(client, estate):
    scenarios = distributed.singles(estate)[:60] + distributed.random_sets(estate, 2, 30, seed=3)
    here = distributed.sweep(estate, scenarios)
    assert distributed.sweep(estate, scenarios, client=client, chunk=4).to_dict() == here.to_dict()
    relay = clearance.Model.load(RELAY)
    assert (distributed.availability(relay, 800, seed=2, client=client, chunk=50).to_dict()
            == distributed.availability(relay, 800, seed=2).to_dict())


def test_two_workers_with_the_automatic_chunk_give_the_single_process_results(client, estate):
    scenarios = distributed.singles(estate) + distributed.random_sets(estate, 2, 200, seed=8)
    here = distributed.sweep(estate, scenarios)
    assert distributed.sweep(estate, scenarios, client=client).to_dict() == here.to_dict()


def test_a_sweeps_scenarios_pickle_with_their_broken_pairs():
    import pickle

    model = clearance.Model.load(RELAY)
    result = distributed.sweep(model, distributed.singles(model))
    again = pickle.loads(pickle.dumps(result.scenarios))
    assert again == result.scenarios
    assert [s.broken_count for s in again] == [len(s.broken) for s in result.scenarios]


def test_a_sweep_completes_when_a_worker_is_killed_mid_sweep(client, estate):
    scenarios = distributed.singles(estate)
    here = distributed.sweep(estate, scenarios)
    before = client.run(os.getpid)
    victim = sorted(before.values())[0]
    killed = []

    def kill_once(_):
        if not killed:
            os.kill(victim, signal.SIGKILL)
            killed.append(victim)

    result = distributed.sweep(estate, scenarios, client=client, chunk=2, progress=kill_once)
    assert killed == [victim]
    assert result.to_dict() == here.to_dict()
    client.wait_for_workers(2, timeout=60)
    assert victim not in client.run(os.getpid).values()


def sweep_command(*arguments):
    environment = dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path))
    return subprocess.run([sys.executable, "-m", "clearance.sweep", *arguments], capture_output=True, text=True,
                          env=environment, timeout=120)


def test_clearance_sweep_writes_the_sweeps_json_to_the_output_file(tmp_path):
    pytest.importorskip("distributed")
    output = tmp_path / "sweep.json"
    done = sweep_command(str(RELAY), "--singles", "--workers", "1", "--output", str(output))
    assert done.returncode == 0, done.stderr
    model = clearance.Model.load(RELAY)
    assert output.read_text() == distributed.sweep(model, distributed.singles(model)).to_json()
    assert [p.name for p in tmp_path.iterdir()] == ["sweep.json"]  # no temporary left behind


def test_the_cli_runs_clearance_sweep_on_a_snapshot(tmp_path):
    pytest.importorskip("distributed")
    cli = cli_path()
    if cli is None:
        pytest.skip("no clearance CLI built (set CLEARANCE_CLI)")
    model = clearance.Model.load(RELAY)
    model.save_snapshot(tmp_path / "relay.snapshot")
    environment = dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path), CLEARANCE_PYTHON=sys.executable)
    done = subprocess.run([cli, "sweep", str(tmp_path / "relay.snapshot"), "--random", "2", "--count", "5",
                           "--seed", "1", "--workers", "1"], capture_output=True, text=True, env=environment,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout == distributed.sweep(model, distributed.random_sets(model, 2, 5, seed=1)).to_json()


def test_clearance_sweep_exits_2_on_a_usage_or_input_error(tmp_path):
    assert sweep_command(str(RELAY), "--random", "2").returncode == 2
    assert sweep_command(str(RELAY)).returncode == 2
    (tmp_path / "bad.json").write_text('{"clearance": 1, "nodes": [')
    done = sweep_command(str(tmp_path / "bad.json"), "--singles")
    assert done.returncode == 2 and "error:" in done.stderr
