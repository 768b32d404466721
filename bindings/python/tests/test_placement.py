"""set_placement changes what check() finds, and rejects unknown ids without a change."""

import copy

import pytest

import clearance


def rules_for(report, workload):
    return sorted(f.rule for f in report.findings if f.workload == workload)


def test_moving_a_workload_to_an_accredited_node_clears_its_finding(coalition):
    assert "placement.level" in rules_for(coalition.check(), "targeting-analytics")
    coalition.set_placement("targeting-analytics", ["us-east-il6", "us-west-il6"])
    assert coalition.workloads["targeting-analytics"].placement == ["us-east-il6", "us-west-il6"]
    assert coalition.placement["targeting-analytics"] == ["us-east-il6", "us-west-il6"]
    assert "placement.level" not in rules_for(coalition.check(), "targeting-analytics")


def test_moving_a_workload_below_its_data_adds_a_finding(minimal):
    assert minimal.check().is_compliant
    minimal.set_placement("fusion", ["cui"])
    report = minimal.check()
    assert [(f.rule, f.workload, f.node, f.data) for f in report.findings] == [
        ("placement.level", "fusion", "cui", "isr")
    ]


def test_an_empty_list_unplaces_a_workload(minimal):
    minimal.set_placement("fusion", [])
    assert minimal.placement == {}
    assert minimal.workloads["fusion"].placement == []
    assert [f.rule for f in minimal.check().findings] == ["placement.missing"]


def test_an_unknown_workload_is_rejected_with_a_hint(coalition):
    with pytest.raises(clearance.ModelError) as caught:
        coalition.set_placement("targeting-analytic", ["us-east-il6"])
    assert caught.value.pointer == "/placement"
    assert 'did you mean "targeting-analytics"' in caught.value.message


def test_unknown_and_repeated_nodes_are_rejected_and_nothing_changes(coalition):
    before = coalition.check().to_json()
    placement = coalition.placement
    with pytest.raises(clearance.ModelError) as caught:
        coalition.set_placement("targeting-analytics", ["us-east-il6", "us-west-il7", "us-east-il6"])
    pointers = [d.pointer for d in caught.value.diagnostics]
    assert pointers == ["/placement/targeting-analytics/1", "/placement/targeting-analytics/2"]
    assert 'did you mean "us-west-il' in caught.value.diagnostics[0].message
    assert "twice" in caught.value.diagnostics[1].message
    assert coalition.placement == placement
    assert coalition.check().to_json() == before


def test_nodes_must_be_a_list_of_ids(minimal):
    with pytest.raises(TypeError):
        minimal.set_placement("fusion", "s-east")
    minimal.set_placement("fusion", ("s-east", "s-west"))
    assert minimal.workloads["fusion"].placement == ["s-east", "s-west"]


def test_a_report_is_a_snapshot_of_the_placement_it_checked(minimal):
    report = minimal.check()
    minimal.set_placement("fusion", ["cui"])
    assert report.is_compliant
    assert not minimal.check().is_compliant


def test_copies_are_independent(minimal):
    for twin in (minimal.copy(), copy.copy(minimal), copy.deepcopy(minimal)):
        twin.set_placement("fusion", ["cui"])
        assert not twin.check().is_compliant
        assert minimal.check().is_compliant
