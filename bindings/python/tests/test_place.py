"""Model.place (spec place-v1) on the ai-placement examples of docs/place.md, compared with
what the CLI prints."""

import json
import subprocess

import pytest

import clearance
from conftest import EXAMPLES_DIR, cli_path

AI = EXAMPLES_DIR / "ai-placement.json"
SCARCE = EXAMPLES_DIR / "ai-placement-scarce.json"


def test_every_workload_is_placed_at_the_proven_least_cost():
    result = clearance.Model.load(AI).place(mode="replan")
    assert isinstance(result, clearance.PlaceResult)
    assert result.placed == 5 and result.unplaced == []
    assert result.optimal
    assert result.cost == pytest.approx(62.6)
    assert result.lower_bound == pytest.approx(result.cost)
    assert result.placement["train-llm"] == ["us-secret-east", "us-secret-west"]


def test_the_placement_checks_clean_when_set_on_the_model():
    model = clearance.Model.load(AI)
    result = model.place()
    for workload, nodes in result.placement.items():
        model.set_placement(workload, nodes)
    assert model.check().findings == []


def test_an_unplaced_workload_is_explained_per_rule_then_by_resource():
    result = clearance.Model.load(SCARCE).place()
    assert [u["workload"] for u in result.unplaced] == ["train-llm"]
    reasons = result.unplaced[0]["reasons"]
    assert {"rule": "capacity.exceeded", "nodes": 3, "resource": "gpu"} in reasons
    assert reasons[0] == {"rule": "placement.level", "nodes": 1}
    assert "is not placed" in result.unplaced[0]["message"]


def test_a_current_placement_given_as_a_dict_counts_the_moves():
    result = clearance.Model.load(AI).place("replan", {"fine-tune": ["us-secret-west"]}, time_limit=5)
    assert result.mode == "replan"
    assert result.moved == 1
    assert result.placement["fine-tune"] == ["gbr-secret"]


def test_the_json_is_what_the_cli_prints():
    result = clearance.Model.load(SCARCE).place()
    cli = subprocess.run([cli_path(), "place", str(SCARCE), "--format", "json"], capture_output=True, text=True)
    assert cli.returncode == 1
    assert json.loads(cli.stdout) == json.loads(result.to_json())
    assert result.to_text().startswith("placed 4 of 5 workloads (fill")


def test_bad_arguments_raise():
    model = clearance.Model.load(AI)
    with pytest.raises(ValueError):
        model.place(mode="sideways")
    with pytest.raises(clearance.ModelError):
        model.place(placement={"no-such-workload": ["gbr-secret"]})
