"""dime: the DIME customer-experience framework as typed Python objects.

The DIME™ approach (Deliberate Interactions Memorable Experiences™) is
the work of Chris Smoje.  This library models the framework independently
and is not affiliated with him.

>>> import dime
>>> dime.Area(dime.Pillar.M, dime.Layer.REVIEW).title
'Improving with customers'
>>> dime.example()
Framework(name='Larkspur Home & Garden', touchpoints=25, initiatives=50, feedback=3200, responsibilities=7, departments=6, assessments=18)
"""

from __future__ import annotations

from dime._balance import (
    LIBRARY_HEURISTIC,
    Attention,
    AttentionStatus,
    BalanceView,
    EvidenceKind,
    Finding,
    FindingRef,
    Policy,
    Report,
    Rule,
    Severity,
    Signal,
    Tally,
    Waiver,
    check,
    explain,
    rule_codes,
)
from dime._example import example
from dime._files import iter_feedback, load, save
from dime._framework import (
    AREAS,
    Area,
    FeedbackFolder,
    Foundation,
    Layer,
    Mindset,
    Pillar,
    Practice,
)
from dime._model import (
    Assessment,
    Channel,
    Department,
    Feedback,
    FeedbackKind,
    Framework,
    ImprovementStep,
    Initiative,
    InitiativeStatus,
    Responsibility,
    Stage,
    Touchpoint,
)
from dime._serialization import (
    dumps,
    from_dict,
    json_schema,
    loads,
    migrate,
    to_dict,
)

__all__ = [
    "AREAS",
    "LIBRARY_HEURISTIC",
    "Area",
    "Assessment",
    "Attention",
    "AttentionStatus",
    "BalanceView",
    "Channel",
    "Department",
    "EvidenceKind",
    "Feedback",
    "FeedbackFolder",
    "FeedbackKind",
    "Finding",
    "FindingRef",
    "Foundation",
    "Framework",
    "ImprovementStep",
    "Initiative",
    "InitiativeStatus",
    "Layer",
    "Mindset",
    "Pillar",
    "Policy",
    "Practice",
    "Report",
    "Responsibility",
    "Rule",
    "Severity",
    "Signal",
    "Stage",
    "Tally",
    "Touchpoint",
    "Waiver",
    "check",
    "dumps",
    "example",
    "explain",
    "from_dict",
    "from_frames",
    "iter_feedback",
    "json_schema",
    "load",
    "loads",
    "migrate",
    "read_csv",
    "rule_codes",
    "save",
    "to_dict",
    "write_csv",
]

# Tables load on first use: narwhals and the engines are the user's, never imported by dime.
_FRAMES = ("from_frames", "read_csv", "write_csv")


def __getattr__(name: str) -> object:
    if name in _FRAMES:
        from dime import _frames  # noqa: PLC0415 - tables load on first use

        value: object = getattr(_frames, name)
        globals()[name] = value
        return value
    if name == "__version__":
        from importlib.metadata import version  # noqa: PLC0415 - only when asked

        return version("dime")
    raise AttributeError(f"module 'dime' has no attribute {name!r}")
