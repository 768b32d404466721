"""Shared fixtures: where the examples, the CLI and the golden reports are.

CTest sets CLEARANCE_SOURCE_DIR and CLEARANCE_CLI and puts the built package on
PYTHONPATH; run by hand, the source tree is found from this file and the CLI in build/bin.
"""

import os
import pathlib

import pytest

import clearance

SOURCE_DIR = pathlib.Path(os.environ.get("CLEARANCE_SOURCE_DIR", pathlib.Path(__file__).resolve().parents[3]))
EXAMPLES_DIR = SOURCE_DIR / "examples"
GOLDEN_DIR = SOURCE_DIR / "tests" / "golden"
EXAMPLES = sorted(path.name for path in EXAMPLES_DIR.glob("*.json"))


def cli_path():
    """The clearance executable to compare against, or None when there is none."""
    candidates = [os.environ.get("CLEARANCE_CLI"), str(SOURCE_DIR / "build" / "bin" / "clearance")]
    for candidate in candidates:
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    return None


def minimal_model(**extra):
    """The dict of a small valid model: one SECRET node, one SECRET data, one placed workload."""
    model = {
        "clearance": 1,
        "name": "minimal",
        "nodes": [
            {"id": "s-east", "jurisdiction": "USA", "accredited": "SECRET", "zone": "east"},
            {"id": "s-west", "jurisdiction": "USA", "accredited": "SECRET", "zone": "west"},
            {"id": "cui", "jurisdiction": "USA", "accredited": "CUI"},
        ],
        "data": [{"id": "isr", "marking": "SECRET"}],
        "workloads": [{"id": "fusion", "uses": ["isr"]}],
        "placement": {"fusion": ["s-east"]},
    }
    model.update(extra)
    return model


@pytest.fixture
def coalition():
    return clearance.Model.load(EXAMPLES_DIR / "coalition-cloud.json")


@pytest.fixture
def minimal():
    return clearance.Model.from_dict(minimal_model())
