"""Memory stays flat over many checks and many failed loads."""

import os

import pytest

import clearance

# A sanitizer's quarantine holds freed memory, so resident size says nothing there.
pytestmark = pytest.mark.skipif(os.environ.get("CLEARANCE_SANITIZED") == "1",
                                reason="memory is not measurable under a sanitizer")

PAGE = os.sysconf("SC_PAGE_SIZE")
SLACK = 1024 * 1024  # bytes of allocator noise; a leak of 100 bytes a call is more


def resident():
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * PAGE


def exercise(model):
    report = model.check()
    findings = report.findings
    assert findings and report.summary["findings"] == len(findings)
    report.to_json()
    [finding.to_dict() for finding in findings]
    model.nodes[0].accredited


def small_model_with_findings():
    """Small, so that 10,000 checks are quick, but with findings of several kinds."""
    return clearance.Model.from_dict({
        "clearance": 1,
        "nodes": [
            {"id": "secret", "jurisdiction": "USA", "accredited": "SECRET", "capacity": {"cpu": 1}},
            {"id": "cui", "jurisdiction": "USA", "accredited": "CUI"},
        ],
        "links": [{"id": "flat", "from": "secret", "to": "cui"}],
        "data": [{"id": "isr", "marking": "SECRET"}],
        "workloads": [
            {"id": "fusion", "uses": ["isr"], "resources": {"cpu": 2}, "replicas": 2},
            {"id": "viewer", "uses": ["isr"]},
        ],
        "flows": [{"id": "feed", "from": "fusion", "to": "viewer", "data": "isr"}],
        "placement": {"fusion": ["secret"], "viewer": ["cui"]},
    })


def test_the_small_model_has_findings_of_several_kinds():
    rules = {finding.rule for finding in small_model_with_findings().check().findings}
    assert {"flow.route", "placement.level", "link.boundary", "capacity.exceeded", "availability.replicas"} <= rules


def test_memory_stays_flat_over_10000_checks():
    model = small_model_with_findings()
    for _ in range(500):  # warm-up: let allocators and caches reach their working size
        exercise(model)
    before = resident()
    for _ in range(10_000):
        exercise(model)
    grown = resident() - before
    assert grown < SLACK, f"resident memory grew by {grown} bytes over 10,000 checks"


def test_memory_stays_flat_over_failed_loads():
    text = '{"clearance": 1, "nodes": [{"id": "a", "jurisdiction": "QZX", "acredited": "S"}]}'

    def fail():
        try:
            clearance.Model.from_json(text)
        except clearance.ModelError as error:
            assert error.diagnostics
        try:
            clearance.Marking.parse("SECRET//SI/NOFORN")
        except clearance.MarkingError:
            pass

    for _ in range(500):
        fail()
    before = resident()
    for _ in range(5_000):
        fail()
    grown = resident() - before
    assert grown < SLACK, f"resident memory grew by {grown} bytes over 5,000 failed loads"
