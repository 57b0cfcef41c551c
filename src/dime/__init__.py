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
    Movement,
    Period,
    Policy,
    Report,
    Rule,
    Severity,
    Signal,
    Tally,
    Trend,
    Waiver,
    check,
    explain,
    rule_codes,
    trend,
)
from dime._diff import AttentionChange, Diff, FieldChange, RecordChange, diff
from dime._digest import digest
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
from dime._history import History, Snapshot, history
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
    "AttentionChange",
    "AttentionStatus",
    "BalanceView",
    "Channel",
    "Department",
    "Diff",
    "EvidenceKind",
    "Feedback",
    "FeedbackFolder",
    "FeedbackKind",
    "FieldChange",
    "Finding",
    "FindingRef",
    "Foundation",
    "Framework",
    "History",
    "ImprovementStep",
    "Initiative",
    "InitiativeStatus",
    "Layer",
    "Mindset",
    "Movement",
    "Period",
    "Pillar",
    "Policy",
    "Practice",
    "RecordChange",
    "Report",
    "Responsibility",
    "Rule",
    "Severity",
    "Signal",
    "Snapshot",
    "Stage",
    "Tally",
    "Touchpoint",
    "Trend",
    "Waiver",
    "check",
    "diff",
    "digest",
    "dumps",
    "example",
    "explain",
    "from_dict",
    "history",
    "iter_feedback",
    "json_schema",
    "load",
    "loads",
    "migrate",
    "rule_codes",
    "save",
    "to_dict",
    "trend",
]


def __getattr__(name: str) -> str:
    if name == "__version__":
        from importlib.metadata import version  # noqa: PLC0415 - only when asked

        return version("dime")
    raise AttributeError(f"module 'dime' has no attribute {name!r}")
