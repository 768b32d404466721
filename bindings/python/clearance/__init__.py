"""Check classified-cloud deployment models against security labels and rules.

Start here::

    import clearance

    model = clearance.Model.load("examples/coalition-cloud.json")
    report = model.check()            # runs without the GIL
    for finding in report.findings:   # critical first, as `clearance check` prints them
        print(finding.severity, finding.rule, finding.workload, finding.node, finding.data)
    print(report.summary)             # {'findings': 10, 'critical': 4, ...}

    model.set_placement("targeting-analytics", ["us-east-il6", "us-west-il6"])
    model.check()                     # try another placement, check again

    model.check(waivers="waivers.json")   # accepted risks: finding.waived, report.unused_waivers

    clearance.Marking.parse("s//rel to usa, fvey") <= clearance.Marking.parse("ts//si")  # dominance

The work is done by the C++ library through the compiled module ``_clearance``; this
package re-exports it. ``clearance.testing`` has assertions for pytest.
"""

from ._clearance import (
    Data,
    DataView,
    Diagnostic,
    Finding,
    Flow,
    FlowView,
    Hop,
    Link,
    LinkView,
    MarkingError,
    Marking,
    Model,
    ModelError,
    Node,
    NodeView,
    PlaceResult,
    Report,
    Rule,
    Waivers,
    WhatIf,
    WhatIfSession,
    Workload,
    WorkloadView,
    __version__,
    canonical_marking,
    rule,
    rules,
)
from . import testing


__all__ = [
    "Data",
    "DataView",
    "Diagnostic",
    "Finding",
    "Flow",
    "FlowView",
    "Hop",
    "Link",
    "LinkView",
    "Marking",
    "MarkingError",
    "Model",
    "ModelError",
    "Node",
    "NodeView",
    "PlaceResult",
    "Report",
    "Rule",
    "Waivers",
    "WhatIf",
    "WhatIfSession",
    "Workload",
    "WorkloadView",
    "__version__",
    "canonical_marking",
    "rule",
    "rules",
    "testing",
]
