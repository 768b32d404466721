"""Model.exposure: what capturing a node exposes, as the CLI's JSON says."""

import json
import subprocess

import pytest

import clearance
from conftest import EXAMPLES_DIR, cli_path

RELAY = EXAMPLES_DIR / "edge-relay.json"


def test_every_edge_node_is_captured_in_node_order():
    result = clearance.Model.load(RELAY).exposure()
    assert result["model"] == "edge-relay"
    assert [capture["node"] for capture in result["captures"]] == ["patrol-kit", "sensor-post", "gbr-fob"]


def test_the_relay_exposes_its_orders_at_rest_and_released_data_in_transit():
    (kit,) = clearance.Model.load(RELAY).exposure("patrol-kit")["captures"]
    assert kit["at_rest"][0] == {"data": "patrol-orders", "status": "exposed", "workloads": ["patrol-c2"]}
    assert kit["at_rest"][1]["status"] == "protected"
    assert kit["in_transit"][0] == {
        "flow": "target-share",
        "node": "sipr-east",
        "data": "target-list",
        "labels": ["SECRET//REL TO USA, GBR"],
    }
    assert kit["summary"] == {"level": "SECRET", "compartments": [], "owners": ["GBR", "USA"]}


def test_a_capture_may_be_written_as_an_element():
    model = clearance.Model.load(RELAY)
    assert model.exposure("node:coalition-hub") == model.exposure("coalition-hub")


def test_the_ranking_puts_the_relay_first():
    ranking = clearance.Model.load(RELAY).exposure(rank=True)["ranking"]
    assert ranking[0]["node"] == "patrol-kit"
    assert ranking[0]["level"] == "SECRET"


def test_an_unknown_node_is_a_lookup_error():
    with pytest.raises(LookupError, match="did you mean"):
        clearance.Model.load(RELAY).exposure("patrol-kt")


def test_the_result_is_what_the_cli_prints():
    cli = cli_path()
    if cli is None:
        pytest.skip("no clearance CLI built (set CLEARANCE_CLI)")
    printed = subprocess.run([cli, "exposure", str(RELAY), "--format", "json"], capture_output=True, text=True, check=True)
    assert json.loads(printed.stdout) == clearance.Model.load(RELAY).exposure()
