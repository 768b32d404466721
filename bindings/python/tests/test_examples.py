"""Every example checked from Python reports what the C++ library and the CLI report."""

import json
import subprocess

import pytest

import clearance
from conftest import EXAMPLES, EXAMPLES_DIR, GOLDEN_DIR, cli_path


def test_the_examples_are_found():
    assert "coalition-cloud.json" in EXAMPLES and "nato-sovereign.json" in EXAMPLES


@pytest.fixture(params=EXAMPLES)
def example(request):
    return EXAMPLES_DIR / request.param


def test_findings_are_the_findings_of_the_json_report(example):
    report = clearance.Model.load(example).check()
    document = json.loads(report.to_json())
    assert [finding.to_dict() for finding in report.findings] == document["findings"]
    assert report.summary == document["summary"]
    assert report.model == document["model"] == example.stem
    assert len(report) == len(report.findings) == document["summary"]["findings"]


def test_finding_attributes_are_the_json_keys_or_none(example):
    report = clearance.Model.load(example).check()
    for finding, entry in zip(report.findings, json.loads(report.to_json())["findings"]):
        assert finding.rule == entry["rule"]
        assert finding.severity == entry["severity"]
        assert finding.controls == entry["controls"]
        assert finding.message == entry["message"]
        for key in ("workload", "node", "data", "flow", "link", "resource"):
            assert getattr(finding, key) == entry.get(key)
        assert finding.controls == clearance.rule(finding.rule).controls
        present = [key for key in ("workload", "flow", "link", "node", "data", "resource") if getattr(finding, key)]
        assert present == clearance.rule(finding.rule).keys


def test_the_json_report_is_what_the_cli_prints(example):
    cli = cli_path()
    if cli is None:
        pytest.skip("no clearance CLI built (set CLEARANCE_CLI)")
    result = subprocess.run([cli, "check", str(example), "--format", "json"], capture_output=True, text=True)
    assert result.returncode in (0, 1), result.stderr
    report = clearance.Model.load(example).check()
    assert report.to_json() == result.stdout
    assert result.returncode == (0 if report.is_compliant else 1)


def test_the_json_report_matches_the_golden_file(example):
    golden = GOLDEN_DIR / (example.stem + ".json")
    if not golden.exists():
        pytest.skip(f"no golden file {golden.name}")
    assert clearance.Model.load(example).check().to_json() == golden.read_text(encoding="utf-8")


def test_the_report_does_not_depend_on_jobs(example):
    model = clearance.Model.load(example)
    assert model.check(jobs=4).to_json() == model.check().to_json()
    assert model.check(jobs=0).to_json() == model.check().to_json()


def test_min_severity_leaves_lower_findings_out(example):
    model = clearance.Model.load(example)
    every = model.check().findings
    high = model.check(min_severity="high").findings
    assert high == [f for f in every if f.severity in ("high", "critical")]


def test_a_model_loaded_from_text_or_a_dict_reports_the_same(example):
    text = example.read_text(encoding="utf-8")
    expected = clearance.Model.load(example).check().findings
    assert clearance.Model.from_json(text, file_name=str(example)).check().findings == expected
    assert clearance.Model.from_json(text.encode("utf-8")).check().findings == expected
    assert clearance.Model.from_dict(json.loads(text)).check().findings == expected


def test_findings_come_in_the_order_of_spec_section_5(example):
    rank = {"critical": 0, "high": 1, "medium": 2, "low": 3}
    findings = clearance.Model.load(example).check().findings
    keys = [(rank[f.severity], f.rule) for f in findings]
    assert keys == sorted(keys)


def test_the_nato_sovereign_example_is_compliant():
    report = clearance.Model.load(EXAMPLES_DIR / "nato-sovereign.json").check()
    assert report.is_compliant
    assert report.findings == []
    assert report.summary == {"findings": 0, "critical": 0, "high": 0, "medium": 0, "low": 0}


def test_the_coalition_cloud_reports_its_deliberate_violations(coalition):
    report = coalition.check()
    found = {(f.rule, f.workload, f.node, f.data) for f in report.findings}
    assert ("placement.level", "targeting-analytics", "us-west-il5", "targeting-noforn") in found
    assert ("placement.release", "mpe-targeting", "us-mpe", "targeting-noforn") in found
    assert report.has_findings_at_or_above("critical")
    with pytest.raises(ValueError, match="severity"):
        report.has_findings_at_or_above("severe")


def test_the_text_report_names_every_finding(coalition):
    report = coalition.check()
    text = report.to_text()
    for finding in report.findings:
        assert finding.rule in text
    assert "\x1b[" not in text
    assert "\x1b[" in report.to_text(colour=True)


def test_a_flow_finding_carries_its_witness_route():
    report = clearance.Model.load(EXAMPLES_DIR / "edge-tactical.json").check()
    latency = [f for f in report if f.rule == "flow.latency"]
    assert len(latency) == 1
    finding = latency[0]
    assert (finding.flow, finding.node, finding.workload, finding.data) == ("detections-to-cop", "uas-gcs", None, None)
    hops = finding.path
    assert hops[0].link is None and hops[0].node == "uas-gcs"
    assert [hop.link for hop in hops[1:]] == ["uas-datalink", "satcom-fob-1"]
    assert all(hop.label == "SECRET//REL TO USA, AUS, CAN, GBR, NZL" for hop in hops)
    assert finding.to_dict()["path"][1] == {"link": "uas-datalink", "node": "fob-1", "label": hops[1].label}
    non_flow = [f for f in report if not f.rule.startswith("flow.")]
    assert all(f.path == [] and "path" not in f.to_dict() for f in non_flow)


def test_a_report_iterates_over_its_findings(coalition):
    report = coalition.check()
    assert list(report) == report.findings
    assert repr(report).startswith("<clearance.Report 'coalition-cloud': %d findings" % len(report))
    assert report.findings is not report.findings  # a new list each time: changing it changes nothing


def test_a_data_class_over_max_label_states_is_a_model_error_naming_the_bound():
    model = clearance.Model.load(EXAMPLES_DIR / "coalition-cloud.json")
    with pytest.raises(clearance.ModelError, match=r"max_label_states"):
        model.check(max_label_states=1)
    assert model.check(max_label_states=10_000_000).to_json() == model.check().to_json()
