"""Waivers (spec waivers-v1): Waivers.load, model.check(waivers=...), each finding's
standing, the unused, expired and expiring waivers, and a bad file's errors."""

import datetime
import json

import pytest

import clearance

from conftest import EXAMPLES_DIR, cli_path

WAIVERS = EXAMPLES_DIR / "waivers" / "coalition-cloud.waivers.json"
TODAY = "2026-12-03"


def waivers_text(*waivers):
    return json.dumps({"clearance": 1, "waivers": list(waivers)})


def waiver(**fields):
    entry = {"id": "W", "rule": "placement.missing", "justification": "accepted", "approved_by": "AO",
             "expires": "2030-01-01"}
    entry.update(fields)
    return entry


def test_check_with_a_waivers_path_waives_one_finding_and_names_the_expired_waiver(coalition):
    report = coalition.check(waivers=WAIVERS, today=TODAY)
    waived = [f for f in report.findings if f.is_waived]
    assert [(f.rule, f.waived["id"]) for f in waived] == [("placement.residency", "RA-2026-014")]
    assert waived[0].waived == {
        "id": "RA-2026-014",
        "expires": "2030-09-30",
        "justification": waived[0].waived["justification"],
        "approved_by": "AO, Joint Warfighting Cloud (S)",
    }
    assert [f.waiver_expired for f in report.findings if f.waiver_expired] == ["RA-2025-031"]
    assert report.summary["waived"] == 1 and report.summary["findings"] == 10
    assert report.unused_waivers == []
    assert report.expired_waivers == ["RA-2025-031"]


def test_the_report_matches_the_clis_json(coalition):
    import subprocess

    cli = cli_path()
    if cli is None:
        pytest.skip("no clearance CLI built")
    report = coalition.check(waivers=WAIVERS, today=TODAY)
    out = subprocess.run([cli, "check", str(EXAMPLES_DIR / "coalition-cloud.json"), "--waivers", str(WAIVERS),
                          "--today", TODAY, "--format", "json"], capture_output=True, text=True).stdout
    assert report.to_json() == out
    document = json.loads(out)
    assert [f.to_dict() for f in report.findings] == document["findings"]
    assert report.summary == document["summary"]


def test_a_loaded_waivers_object_can_be_used_for_several_checks(coalition):
    waivers = clearance.Waivers.load(WAIVERS, coalition)
    assert len(waivers) == 2 and waivers.ids == ["RA-2026-014", "RA-2025-031"]
    first = coalition.check(waivers=waivers, today=datetime.date(2026, 12, 3))
    second = coalition.copy().check(waivers=waivers, today=TODAY)  # a copy has the same ids
    assert first.to_json() == second.to_json()


def test_a_waiver_holds_through_its_expiry_day(minimal):
    minimal_unplaced = clearance.Model.from_dict({"clearance": 1, "workloads": [{"id": "w"}]})
    waivers = clearance.Waivers.from_json(waivers_text(waiver(expires="2027-01-31")), minimal_unplaced)
    assert minimal_unplaced.check(waivers=waivers, today="2027-01-31").findings[0].is_waived
    late = minimal_unplaced.check(waivers=waivers, today="2027-02-01")
    assert not late.findings[0].is_waived and late.findings[0].waiver_expired == "W"


def test_waived_findings_do_not_count_for_has_findings_at_or_above():
    model = clearance.Model.from_dict({"clearance": 1, "workloads": [{"id": "w"}]})
    waivers = clearance.Waivers.from_json(waivers_text(waiver()), model)
    assert model.check().has_findings_at_or_above("low")
    report = model.check(waivers=waivers, today="2026-01-01")
    assert not report.has_findings_at_or_above("low")
    assert len(report) == 1  # still reported


def test_unused_and_expiring_waivers_are_listed():
    model = clearance.Model.from_dict({"clearance": 1, "workloads": [{"id": "w"}]})
    waivers = clearance.Waivers.from_json(
        waivers_text(waiver(id="soon", expires="2026-01-20"), waiver(id="idle", rule="flow.*")), model)
    report = model.check(waivers=waivers, today="2026-01-01")
    assert report.unused_waivers == ["idle"]
    assert report.expiring_waivers == ["soon"]
    assert model.check(waivers=waivers, today="2026-01-01", warn_expiring_days=10).expiring_waivers == []
    assert any("idle" in warning for warning in report.waiver_warnings)
    assert "warning: waiver idle (flow.*) matches no finding" in report.to_text()


def test_without_waivers_nothing_about_them_appears(coalition):
    report = coalition.check()
    assert report.unused_waivers is None and report.expired_waivers is None
    assert "waived" not in report.summary
    assert all(f.waived is None and f.waiver_expired is None for f in report.findings)


def test_a_bad_waivers_file_raises_model_error_with_pointer_and_position(coalition):
    with pytest.raises(clearance.ModelError) as caught:
        clearance.Waivers.from_json(waivers_text(waiver(rule="placement.relase", workload="mpe-targetting")),
                                    coalition, "w.json")
    messages = [d.message for d in caught.value.diagnostics]
    assert any('did you mean "placement.release"?' in m for m in messages)
    assert any('unknown workload "mpe-targetting"; did you mean "mpe-targeting"?' in m for m in messages)
    assert {d.pointer for d in caught.value.diagnostics} == {"/waivers/0/rule", "/waivers/0/workload"}
    assert all(d.file == "w.json" and d.line == 1 for d in caught.value.diagnostics)


def test_a_missing_waivers_file_raises_os_error(coalition):
    with pytest.raises(OSError):
        coalition.check(waivers="/nonexistent/waivers.json")


def test_a_bad_date_or_another_models_waivers_raise_value_error(coalition):
    with pytest.raises(ValueError, match="February 2026 has 28 days"):
        coalition.check(waivers=WAIVERS, today="2026-02-29")
    other = clearance.Model.from_dict({"clearance": 1, "workloads": [{"id": "w"}]})
    with pytest.raises(ValueError, match="another model"):
        other.check(waivers=clearance.Waivers.load(WAIVERS, coalition))
