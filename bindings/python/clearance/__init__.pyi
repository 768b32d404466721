"""Type stubs for the `clearance` package: everything comes from the compiled core."""

from . import testing as testing
from ._clearance import (
    Data as Data,
    DataView as DataView,
    Diagnostic as Diagnostic,
    Finding as Finding,
    Flow as Flow,
    FlowView as FlowView,
    Hop as Hop,
    Link as Link,
    LinkView as LinkView,
    Marking as Marking,
    MarkingError as MarkingError,
    Model as Model,
    ModelError as ModelError,
    Node as Node,
    NodeView as NodeView,
    PlaceResult as PlaceResult,
    Report as Report,
    Rule as Rule,
    Waivers as Waivers,
    WhatIf as WhatIf,
    WhatIfSession as WhatIfSession,
    Workload as Workload,
    WorkloadView as WorkloadView,
    __version__ as __version__,
    canonical_marking as canonical_marking,
    rule as rule,
    rules as rules,
)

__all__: list[str]
