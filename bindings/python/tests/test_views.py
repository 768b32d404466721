"""Read-only views of a model's collections and the attributes of their items."""

import math

import pytest

import clearance


def test_views_are_sequences(coalition):
    for view, count in [(coalition.nodes, 15), (coalition.links, 19), (coalition.data, 13),
                        (coalition.workloads, 21), (coalition.flows, 15)]:
        assert len(view) == count
        items = list(view)
        assert len(items) == count
        assert [item.index for item in items] == list(range(count))
        assert view[0] == items[0] and view[-1] == items[-1]
        assert view[items[3].id] == items[3]
        assert view[1:4] == items[1:4] and view[::-1] == items[::-1]
        assert view.ids() == [item.id for item in items]
        assert items[2].id in view and items[2] in view and "no-such-id" not in view
        assert 2 not in view and None not in view
        assert view.get("no-such-id") is None
        with pytest.raises(IndexError):
            view[count]
        with pytest.raises(KeyError):
            view["no-such-id"]


def test_views_cannot_be_changed(coalition):
    with pytest.raises(AttributeError):
        coalition.nodes = []
    with pytest.raises(TypeError):
        coalition.nodes[0] = None
    with pytest.raises(AttributeError):
        coalition.nodes[0].kind = "edge"


def test_items_outlive_their_model_variable():
    node = clearance.Model.load(__import__("conftest").EXAMPLES_DIR / "coalition-cloud.json").nodes["us-ts-east"]
    assert node.accredited == "TOP SECRET//SI/TK"


def test_node_attributes(coalition):
    node = coalition.nodes["us-mpe"]
    assert repr(node) == "Node('us-mpe')"
    assert node.kind == "region" and not node.is_edge
    assert node.name == "Mission Partner Environment"
    assert node.jurisdiction == "USA"
    assert node.accredited == "SECRET"
    assert node.access == ["AUS", "CAN", "GBR", "NZL", "USA"]
    assert node.capacity is None
    assert node.at_rest == "none"
    assert math.isinf(node.mean_online_h) and node.mean_offline_h == 0
    il6 = coalition.nodes["us-east-il6"]
    assert il6.impact_level == "IL6" and il6.zone == "us-east"
    assert il6.capacity == {"cpu": 1024.0, "gpu": 128.0, "memory_gb": 8192.0}
    assert coalition.nodes["edge-fob-alpha"].is_edge


def test_link_attributes(coalition):
    guard = coalition.links["guard-gbr"]
    assert (guard.from_, guard.to, guard.kind) == ("us-east-il6", "gbr-sovereign", "guard")
    assert guard.releases == [("SECRET", "SECRET//REL TO USA, GBR")]
    diode = coalition.links["diode-cui-to-secret"]
    assert diode.kind == "diode" and diode.direction == "forward" and diode.releases == []
    assert coalition.links["mpe-gbr"].carrier == "UNCLASSIFIED"
    assert isinstance(coalition.links["mpe-gbr"].bandwidth_mbps, float)


def test_data_attributes(coalition):
    data = coalition.data["gbr-isr"]
    assert data.marking == "SECRET//REL TO GBR, USA"
    assert data.owner == "GBR" and data.level == "SECRET" and data.is_classified
    assert data.releasable == ["GBR", "USA"]
    assert data.residency is None and data.impact_level is None
    cui = coalition.data["logistics-cui"]
    assert cui.residency == ["USA"] and cui.impact_level == "IL5" and not cui.is_classified
    assert coalition.data["sigint-reporting"].compartments == ["SI", "TK"]


def test_workload_and_flow_attributes(coalition):
    workload = coalition.workloads["targeting-analytics"]
    assert workload.uses == ["targeting-noforn"]
    assert workload.replicas == 2 and workload.min_zones == 2
    assert workload.resources == {"cpu": 8.0, "gpu": 2.0, "memory_gb": 32.0}
    assert workload.placement == ["us-east-il6", "us-west-il5"]
    assert workload.max_staleness_h is None
    flow = coalition.flows["cop-to-mpe"]
    assert (flow.from_, flow.to, flow.data) == ("cop-fusion", "coalition-cop-mpe", "coalition-cop")
    assert flow.max_latency_ms == 200.0 and flow.min_bandwidth_mbps is None


def test_the_model_has_a_name_and_a_placement(coalition):
    assert coalition.name == "coalition-cloud"
    assert repr(coalition).startswith("<clearance.Model 'coalition-cloud': 15 nodes")
    assert coalition.placement["public-portal"] == ["us-east-il2", "us-west-il2"]
    assert set(coalition.placement) <= set(coalition.workloads.ids())


def test_items_of_different_models_differ(coalition):
    other = coalition.copy()
    assert coalition.links[0] not in coalition.nodes
    assert other.nodes[0] != coalition.nodes[0]
    assert coalition.nodes[0] not in other.nodes
    assert len({coalition.nodes[0], coalition.nodes[0], coalition.nodes[1]}) == 2


def test_the_rule_catalogue(coalition):
    rules = clearance.rules()
    assert len(rules) == 17
    assert rules[0].name == "placement.missing"
    release = clearance.rule("placement.release")
    assert release.severity == "critical"
    assert release.controls == ["AC-21", "PS-3(4)"]
    assert release.keys == ["workload", "node", "data"]
    assert clearance.rule("flow.route").keys == ["flow", "node"]
    assert clearance.rule("capacity.exceeded").keys == ["node", "resource"]
    assert release.summary and release.remediation
    with pytest.raises(KeyError):
        clearance.rule("placement.nope")
