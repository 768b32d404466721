"""clearance.testing: assertions that fail listing the findings."""

import pytest

import clearance
from clearance import testing
from conftest import EXAMPLES_DIR


def test_a_compliant_model_passes():
    model = clearance.Model.load(EXAMPLES_DIR / "nato-sovereign.json")
    report = clearance.testing.assert_compliant(model)
    assert report.is_compliant
    testing.assert_compliant(model.check())


def test_a_model_with_findings_fails_listing_them(coalition):
    with pytest.raises(AssertionError) as caught:
        testing.assert_compliant(coalition, "after the migration")
    text = str(caught.value)
    assert text.startswith("after the migration: model 'coalition-cloud' is not compliant")
    for finding in coalition.check().findings:
        assert finding.rule in text
        for key in (finding.workload, finding.node, finding.data, finding.link):
            if key:
                assert key in text


def test_assert_finds_counts_a_rule(coalition):
    testing.assert_finds(coalition, "placement.level")
    testing.assert_finds(coalition, "placement.level", count=1)
    with pytest.raises(AssertionError, match="expected 2 finding"):
        testing.assert_finds(coalition, "placement.level", count=2)
    with pytest.raises(AssertionError, match="expected a finding of node.impact-level"):
        testing.assert_finds(coalition, "node.impact-level")
    assert testing.count_findings(coalition, "placement.level") == 1


def test_assert_does_not_find(coalition):
    testing.assert_does_not_find(coalition, "node.impact-level")
    with pytest.raises(AssertionError, match="placement.level"):
        testing.assert_does_not_find(coalition, "placement.level")


def test_a_misspelt_rule_fails_rather_than_passes(coalition):
    with pytest.raises(AssertionError, match="no rule"):
        testing.assert_does_not_find(coalition, "placement.levle")


def test_only_models_and_reports_are_accepted():
    with pytest.raises(TypeError):
        testing.assert_compliant("coalition-cloud.json")
