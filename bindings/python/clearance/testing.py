"""Assertions for tests of deployment models, for pytest or any framework.

Each takes a Model (which it checks) or a Report (which it reads) and raises
AssertionError listing the findings when it fails::

    from clearance.testing import assert_compliant, assert_finds

    def test_the_coalition_cloud_is_compliant():
        assert_compliant(clearance.Model.load("coalition-cloud.json"))

Rule ids are checked against the catalogue, so a typo cannot make an assertion pass.
"""

from __future__ import annotations

from typing import Optional, Union

from ._clearance import Model, Report, rule as _rule

__all__ = [
    "assert_compliant",
    "assert_does_not_find",
    "assert_finds",
    "count_findings",
    "describe",
]

# pytest leaves this module's frames out of failure tracebacks: the test's line is what matters.
__tracebackhide__ = True


def _report(subject: Union[Model, Report]) -> Report:
    if isinstance(subject, Report):
        return subject
    if isinstance(subject, Model):
        return subject.check()
    raise TypeError(f"expected a clearance.Model or clearance.Report, got {type(subject).__name__}")


def _known_rule(rule: str) -> str:
    try:
        _rule(rule)
    except KeyError:
        raise AssertionError(f"no rule {rule!r} in the catalogue (see clearance.rules())") from None
    return rule


def describe(report: Report) -> str:
    """The report as text for a failure message: its findings, or that there are none."""
    return report.to_text()


def count_findings(subject: Union[Model, Report], rule: str) -> int:
    """How many findings of `rule` (an id such as "placement.release") the model has."""
    _known_rule(rule)
    return sum(1 for finding in _report(subject).findings if finding.rule == rule)


def assert_compliant(subject: Union[Model, Report], msg: Optional[str] = None) -> Report:
    """Fails, listing every finding, unless the model has no finding at all.

    Returns the report, so that a test can go on to look at it.
    """
    report = _report(subject)
    if len(report) != 0:
        summary = report.summary
        head = f"{msg}: " if msg else ""
        raise AssertionError(
            f"{head}model {report.model!r} is not compliant: {summary['findings']} finding(s) "
            f"({summary['critical']} critical, {summary['high']} high, {summary['medium']} medium, "
            f"{summary['low']} low)\n{describe(report)}"
        )
    return report


def assert_finds(subject: Union[Model, Report], rule: str, count: Optional[int] = None) -> Report:
    """Fails unless the model has a finding of `rule` (exactly `count` of them, when given)."""
    _known_rule(rule)
    report = _report(subject)
    found = count_findings(report, rule)
    if (count is None and found == 0) or (count is not None and found != count):
        wanted = "a finding" if count is None else f"{count} finding(s)"
        raise AssertionError(
            f"expected {wanted} of {rule} in model {report.model!r}, found {found}; "
            f"the check reported:\n{describe(report)}"
        )
    return report


def assert_does_not_find(subject: Union[Model, Report], rule: str) -> Report:
    """Fails, listing the findings, when the model has any finding of `rule`."""
    _known_rule(rule)
    report = _report(subject)
    found = count_findings(report, rule)
    if found:
        raise AssertionError(
            f"expected no finding of {rule} in model {report.model!r}, found {found}; "
            f"the check reported:\n{describe(report)}"
        )
    return report
