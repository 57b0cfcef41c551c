"""dime: the DIME customer-experience framework as typed Python objects.

The DIME™ approach (Deliberate Interactions Memorable Experiences™) is
the work of Chris Smoje.  This library models the framework independently
and is not affiliated with him.

>>> import dime
>>> dime.Area(dime.Pillar.M, dime.Layer.REVIEW).title
'Improving with customers'
>>> dime.example()
Framework(name='Larkspur Home & Garden', touchpoints=25, initiatives=50, feedback=3200, responsibilities=7, departments=6, assessments=18, scales=0)
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any, Final

from dime._fields import JSONValue
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
from dime._wire import FORMAT_VERSION

if TYPE_CHECKING:
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
        ScoreStatus,
        ScoreSummary,
        ScoreTally,
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
    from dime._frames import from_frames, read_csv, write_csv
    from dime._history import History, Snapshot, history
    from dime._model import (
        CES,
        CSAT,
        NPS,
        Assessment,
        Channel,
        Department,
        Feedback,
        FeedbackKind,
        Framework,
        ImprovementStep,
        Initiative,
        InitiativeStatus,
        Measure,
        MeasureKind,
        Measurement,
        Outcome,
        Record,
        Responsibility,
        Scale,
        Score,
        Stage,
        Touchpoint,
    )
    from dime._record_frame import to_frame
    from dime._render import before_after_svg, coverage_svg, heatmap_svg, sparklines_svg
    from dime._serialization import (
        dumps,
        from_dict,
        json_schema,
        loads,
        migrate,
        to_dict,
    )
    from dime._stream import load_tally

__all__ = [
    "AREAS",
    "CES",
    "CSAT",
    "FORMAT_VERSION",
    "LIBRARY_HEURISTIC",
    "NPS",
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
    "JSONValue",
    "Layer",
    "Measure",
    "MeasureKind",
    "Measurement",
    "Mindset",
    "Movement",
    "Outcome",
    "Period",
    "Pillar",
    "Policy",
    "Practice",
    "Record",
    "RecordChange",
    "Report",
    "Responsibility",
    "Rule",
    "Scale",
    "Score",
    "ScoreStatus",
    "ScoreSummary",
    "ScoreTally",
    "Severity",
    "Signal",
    "Snapshot",
    "Stage",
    "Tally",
    "Touchpoint",
    "Trend",
    "Waiver",
    "before_after_svg",
    "check",
    "coverage_svg",
    "diff",
    "digest",
    "dumps",
    "example",
    "explain",
    "from_dict",
    "from_frames",
    "heatmap_svg",
    "history",
    "iter_feedback",
    "json_schema",
    "load",
    "load_tally",
    "loads",
    "migrate",
    "read_csv",
    "rule_codes",
    "save",
    "sparklines_svg",
    "to_dict",
    "to_frame",
    "trend",
    "write_csv",
]

# The organisation's records, the checker, the serialisers, the files and the
# example load on first use, so that importing dime costs little more than
# importing attrs: only the grid is loaded at once.
_LAZY: Final = {
    **dict.fromkeys(
        (
            "Assessment",
            "Channel",
            "Department",
            "Feedback",
            "FeedbackKind",
            "Framework",
            "ImprovementStep",
            "Initiative",
            "InitiativeStatus",
            "Measure",
            "MeasureKind",
            "Measurement",
            "Outcome",
            "Record",
            "Responsibility",
            "Scale",
            "Score",
            "Stage",
            "Touchpoint",
            "CES",
            "CSAT",
            "NPS",
        ),
        "dime._model",
    ),
    **dict.fromkeys(
        (
            "LIBRARY_HEURISTIC",
            "Attention",
            "AttentionStatus",
            "BalanceView",
            "EvidenceKind",
            "Finding",
            "FindingRef",
            "Movement",
            "Period",
            "Policy",
            "Report",
            "Rule",
            "ScoreStatus",
            "ScoreSummary",
            "ScoreTally",
            "Severity",
            "Signal",
            "Tally",
            "Trend",
            "Waiver",
            "check",
            "explain",
            "rule_codes",
            "trend",
        ),
        "dime._balance",
    ),
    "example": "dime._example",
    **dict.fromkeys(
        ("before_after_svg", "coverage_svg", "heatmap_svg", "sparklines_svg"), "dime._render"
    ),
    # pandas is the user's, imported only when to_frame is called.
    "to_frame": "dime._record_frame",
    **dict.fromkeys(
        ("AttentionChange", "Diff", "FieldChange", "RecordChange", "diff"), "dime._diff"
    ),
    "digest": "dime._digest",
    **dict.fromkeys(("History", "Snapshot", "history"), "dime._history"),
    # Tables: narwhals and the engines are the user's, never imported by ``import dime``.
    **dict.fromkeys(("from_frames", "read_csv", "write_csv"), "dime._frames"),
    **dict.fromkeys(("iter_feedback", "load", "save"), "dime._files"),
    "load_tally": "dime._stream",
    **dict.fromkeys(
        ("dumps", "from_dict", "json_schema", "loads", "migrate", "to_dict"),
        "dime._serialization",
    ),
}

#: The name the package is published under on the Python Package Index.
_DISTRIBUTION: Final = "dime-cx"


def __getattr__(name: str) -> Any:  # noqa: ANN401 - whatever the name is
    module = _LAZY.get(name)
    if module is not None:
        value = getattr(importlib.import_module(module), name)
        globals()[name] = value
        return value
    if name == "__version__":
        from importlib.metadata import version  # noqa: PLC0415 - only when asked

        return version(_DISTRIBUTION)
    raise AttributeError(f"module 'dime' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
