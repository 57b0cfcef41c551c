"""What the built-in rules share: where their ideas come from, making and linking findings, words."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from typing import Final

from dime._balance._common import Severity
from dime._balance._finding import Finding, FindingRef
from dime._balance._rule import Rule
from dime._balance._tally import MeasureFacts, OutcomeFacts, TargetFacts, WorkNote, day_number
from dime._balance._view import BalanceView
from dime._framework import Area, Layer, Mindset, Pillar
from dime._model import JSONValue, shown_number

__all__ = [
    "ATTENTION_CODES",
    "GENERAL",
    "NAMED_AT_MOST",
    "NEGLECT_BASIS",
    "NEGLECT_CODES",
    "NEGLECT_QUOTE",
    "SMOJE_GRID",
    "SMOJE_MINDSETS",
    "STARTER_STEPS",
    "ago",
    "area_cause",
    "areas_named",
    "by_area",
    "find",
    "finding",
    "gravest",
    "in_window",
    "latest_reading",
    "layer_cause",
    "listed",
    "measure_subject",
    "measure_value",
    "named",
    "neglected_areas",
    "note_examples",
    "outcome_shape",
    "own_cause",
    "pct",
    "planned_note",
    "plural",
    "received_due",
    "rounded",
    "row_absence",
    "waived_alone",
    "went_worse",
]

# Where the ideas come from (see the catalogue entries' ``source``).
SMOJE_GRID: Final = "Chris Smoje, the framework article (the grid and its feedback folders)"
SMOJE_MINDSETS: Final = "Chris Smoje, the responsibility mindsets"
STARTER_STEPS: Final = (
    "the six basic starter steps for improving customer service, credited to Success "
    "Academy (not part of DIME)"
)
GENERAL: Final = "general customer-experience guidance (not part of DIME)"
NEGLECT_QUOTE: Final = (
    "some areas are given priority over others and over time parts of the framework "
    "become non-existent"
)
NEGLECT_BASIS: Final = (
    "The framework's central warning: when some areas get priority, others are neglected "
    "and in time parts of the framework stop existing.  Equal attention for every area is "
    "the library's reading of the framework's balance, which is about importance: no area "
    "matters more than another."
)


def finding(
    rule: Rule,
    message: str,
    *,
    area: Area | None = None,
    pillar: Pillar | None = None,
    layer: Layer | None = None,
    subject: str | None = None,
    cause: FindingRef | None = None,
    context: bool = False,
    severity: Severity | None = None,
    **evidence: JSONValue,
) -> Finding:
    return Finding(
        code=rule.code,
        severity=rule.severity if severity is None else severity,
        message=message,
        area=area,
        pillar=pillar if pillar is not None or area is None else area.pillar,
        layer=layer if layer is not None or area is None else area.layer,
        subject=subject,
        evidence=evidence,
        cause=cause,
        context=context and cause is not None,
    )


def find(
    found: Sequence[Finding],
    codes: tuple[str, ...],
    *,
    area: Area | None = None,
    pillar: Pillar | None = None,
    layer: Layer | None = None,
    subject: str | None = None,
) -> FindingRef | None:
    """The first earlier finding with one of ``codes`` about exactly what is given."""
    for code in codes:
        for f in found:
            if (
                f.code == code
                and (area is None or f.area == area or _unheld_there(f, area))
                and (pillar is None or f.pillar is pillar or _unheld_there(f, pillar))
                and (layer is None or f.layer is layer)
                and (subject is None or f.subject == subject)
            ):
                return f.ref
    return None


def waived_alone(view: BalanceView, code: str, subject: str) -> bool:
    """Whether a live waiver in the policy names ``code`` for exactly ``subject``.

    A rule that names several things in one finding gives such a thing a
    finding of its own, for the waiver to cover it alone.
    """
    return any(
        w.code == code and w.subject == subject and (w.expires is None or w.expires >= view.until)
        for w in view.policy.waivers
    )


def _unheld_there(f: Finding, where: Area | Pillar) -> bool:
    """Whether ``f`` is the unheld-mindsets finding and names the mindset of ``where``."""
    if f.code != "DIME201":
        return False
    unheld = f.evidence.get("unheld")
    pillar = where if isinstance(where, Pillar) else where.pillar
    if isinstance(where, Area) and where.layer is not Layer.RESPONSIBILITY:
        return False
    mindset = next(m for m in Mindset if m.pillar is pillar)
    return isinstance(unheld, list) and mindset.value in unheld


def layer_cause(found: Sequence[Finding], layer: Layer) -> FindingRef | None:
    return find(found, ("DIME105", "DIME109"), layer=layer)


def area_cause(found: Sequence[Finding], a: Area) -> FindingRef | None:
    """What an area finding follows from: a fact about more than the area, if there is one.

    The whole layer's absence or quiet first; for a folder, the one folder
    that holds all the feedback filed; else the neglect of the area's pillar
    (``DIME104``), which the neglect of several of its areas makes together
    (and which follows from its column's unheld mindset); else, outside the
    responsibility layer, the column's mindset that nobody holds (a mindset
    owns its column).
    """
    cause = layer_cause(found, a.layer)
    if cause is None and a.layer is Layer.REVIEW:
        cause = next((f.ref for f in found if f.code == "DIME305" and f.area != a), None)
    if cause is None:
        # The pillar's neglect first: it follows from its column's unheld mindset itself,
        # so every column reads the same way, mindset, pillar, areas.
        cause = next((f.ref for f in found if f.code == "DIME104" and f.pillar is a.pillar), None)
    if cause is None and a.layer is not Layer.RESPONSIBILITY:
        cause = find(found, ("DIME201",), area=Area(a.pillar, Layer.RESPONSIBILITY))
    return cause


#: The findings about an area's own attention, gravest first.
ATTENTION_CODES: Final = ("DIME201", "DIME101", "DIME107", "DIME102", "DIME106", "DIME110")
#: The findings that an area is neglected (absent, quiet, thin or unheld), gravest first.
NEGLECT_CODES: Final = ("DIME201", "DIME101", "DIME107", "DIME102")


def gravest(
    found: Sequence[Finding], areas: Iterable[Area], codes: tuple[str, ...] = NEGLECT_CODES
) -> FindingRef | None:
    """The gravest finding with one of ``codes`` about one of ``areas``, or None.

    Gravest: the most severe, then the first in ``codes``, then the first
    area in grid order.
    """
    within = set(areas)
    candidates = [
        (f, min(a.index for a in named))
        for f in found
        if f.code in codes and (named := within.intersection(areas_named(f)))
    ]
    if not candidates:
        return None
    best, _ = min(candidates, key=lambda c: (-c[0].severity.rank, codes.index(c[0].code), c[1]))
    return best.ref


def row_absence(found: Sequence[Finding], layer: Layer) -> FindingRef | None:
    """The first finding that an area of ``layer`` has no attention: others' shares grow by it."""
    for a in layer.areas:
        ref = find(found, ("DIME201", "DIME101"), area=a)
        if ref is not None:
            return ref
    return None


def own_cause(found: Sequence[Finding], a: Area) -> FindingRef | None:
    """The finding about the area's own attention, if there is one."""
    return find(found, ATTENTION_CODES, area=a)


def named(area: Area) -> str:
    return f"'{area.title}' ({area.pillar.letter}, {area.layer.value})"


def pct(share: float) -> str:
    return f"{share:.1%}"


def measure_value(measure: TargetFacts | MeasureFacts, value: float) -> str:
    """A value of a department's measure in words: ``84% (CSAT)``, ``90%``, ``3 days``."""
    unit = measure.unit
    if measure.kind == "score":
        if unit == "csat":
            return f"{shown_number(value)}% (CSAT)"
        return f"{shown_number(value)} ({unit.upper() if unit in ('nps', 'ces') else unit})"
    if unit is None:
        return shown_number(value)
    return f"{shown_number(value)}{unit}" if unit == "%" else f"{shown_number(value)} {unit}"


def measure_subject(department: str, measure: str) -> str:
    """A department measure's finding subject: ``Operations: on-time delivery``."""
    return f"{department}: {measure}"


def latest_reading(
    view: BalanceView, readings: Sequence[tuple[int, float]]
) -> tuple[int, float] | None:
    """The latest of a measure's readings (day, value) in the window, or None."""
    since, until = day_number(view.since), day_number(view.until)
    inside = [r for r in readings if since <= r[0] <= until]
    return max(inside, key=lambda r: r[0]) if inside else None


def rounded(value: float) -> float:
    return round(value, 6)


def plural(n: int, word: str, many: str | None = None) -> str:
    return f"{n:,} {word if n == 1 else many or word + 's'}"


#: At most this many touchpoints are named in one finding's message; its evidence holds all.
NAMED_AT_MOST: Final = 10


def in_window(view: BalanceView) -> str:
    return f"in the last {view.window_days} days"


def received_due(view: BalanceView) -> str:
    """Which complaints are due an answer: received in the window, ``complaint_days`` before its end.

    Counted in whole UTC days, so it names the last day counted.
    """
    days = view.policy.complaint_days.days
    last = view.until - timedelta(days=days)
    return (
        f"received from {view.since.isoformat()} to {last.isoformat()} (the last "
        f"{view.window_days} days, less the last {days})"
    )


def listed(items: Sequence[str], more: int = 0) -> str:
    """``a, b and c``; with ``more``, ``a, b, c and 2 more``."""
    if more:
        items = [*items, f"{more} more"]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def planned_note(view: BalanceView, a: Area) -> str:
    n = view.attention[a].planned
    if not n:
        return ""
    return f"; {plural(n, 'initiative is', 'initiatives are')} planned there but not started"


def note_examples(notes: dict[Area, WorkNote]) -> list[tuple[str, str, Area]]:
    examples = [(i, title, a) for a, note in notes.items() for i, title in note.examples]
    return sorted(examples)


def by_area(notes: dict[Area, WorkNote]) -> list[JSONValue]:
    return [
        {"pillar": a.pillar.value, "layer": a.layer.value, "count": note.number}
        for a, note in sorted(notes.items())
    ]


def ago(view: BalanceView, day: date) -> str:
    n = view.until.toordinal() - day.toordinal()
    return f"{day.isoformat()}, {plural(n, 'day')} ago"


def outcome_shape(view: BalanceView, department: str | None, measure: str) -> MeasureFacts | None:
    """How to read the owner's measure an outcome names, or None when it is not known."""
    for d in view.departments:
        if d.name == department:
            for m in d.shapes:
                if m.name == measure:
                    return m
    return None


def neglected_areas(found: Sequence[Finding]) -> set[Area]:
    """The areas the neglect findings so far are about, every mindset a ``DIME201`` names."""
    out: set[Area] = set()
    for f in found:
        if f.code in NEGLECT_CODES:
            out.update(areas_named(f))
    return out


def areas_named(f: Finding) -> list[Area]:
    """The areas ``f`` is about: its own, and every mindset a grouped ``DIME201`` names."""
    named = [] if f.area is None else [f.area]
    unheld = f.evidence.get("unheld") if f.code == "DIME201" else None
    if isinstance(unheld, list):
        named.extend(m.area for m in Mindset if m.value in unheld and m.area != f.area)
    return named


def went_worse(shape: MeasureFacts, o: OutcomeFacts) -> bool:
    """Whether the outcome ``o`` moved its measure the wrong way."""
    return o.after < o.before if shape.higher_is_better else o.after > o.before
