"""The built-in rules: each a :class:`Rule`, defined exactly as a rule of your own would be.

They run in the order of :data:`BUILTIN` (the waiver rules last, after any
rule packs), so that a rule can link its findings to those of the rules
before it: the layer before its areas, the unfiled feedback before the
complaints, an area's neglect before its assessment.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterator, Sequence
from datetime import date
from typing import Any, Final

from dime._balance._attention import AttentionStatus, Measure
from dime._balance._common import Severity, Signal
from dime._balance._finding import Finding, FindingRef
from dime._balance._rule import LIBRARY_HEURISTIC, Rule
from dime._balance._tally import TouchpointFacts, WorkNote, day_date
from dime._balance._view import BalanceView
from dime._framework import AREAS, Area, Layer, Mindset, Pillar
from dime._model import JSONValue, Stage

__all__ = ["BUILTIN", "FIRST", "LAST"]

# Where the ideas come from (see the catalogue entries' ``source``).
_SMOJE_GRID: Final = "Chris Smoje, the framework article (the grid and its feedback folders)"
_SMOJE_FOUNDATIONS: Final = "Chris Smoje, coordination and the four foundations"
_SMOJE_MINDSETS: Final = "Chris Smoje, the responsibility mindsets"
_STARTER_STEPS: Final = (
    "the six basic starter steps for improving customer service, credited to Success "
    "Academy (not part of DIME)"
)
_GENERAL: Final = "general customer-experience guidance (not part of DIME)"
_NEGLECT_QUOTE: Final = (
    "some areas are given priority over others and over time parts of the framework "
    "become non-existent"
)
_NEGLECT_BASIS: Final = (
    "The framework's central warning: when some areas get priority, others are neglected "
    "and in time parts of the framework stop existing.  Equal attention for every area is "
    "the library's reading of the framework's balance, which is about importance: no area "
    "matters more than another."
)

_SEVERITY: dict[str, Severity] = {}


def _finding(
    code: str,
    message: str,
    *,
    area: Area | None = None,
    pillar: Pillar | None = None,
    layer: Layer | None = None,
    subject: str | None = None,
    cause: FindingRef | None = None,
    **evidence: JSONValue,
) -> Finding:
    return Finding(
        code=code,
        severity=_SEVERITY[code],
        message=message,
        area=area,
        pillar=pillar if pillar is not None or area is None else area.pillar,
        layer=layer if layer is not None or area is None else area.layer,
        subject=subject,
        evidence=evidence,
        cause=cause,
    )


def _find(
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
                and (area is None or f.area == area)
                and (pillar is None or f.pillar is pillar)
                and (layer is None or f.layer is layer)
                and (subject is None or f.subject == subject)
            ):
                return f.ref
    return None


def _layer_cause(found: Sequence[Finding], layer: Layer) -> FindingRef | None:
    return _find(found, ("DIME105", "DIME109"), layer=layer)


def _area_cause(found: Sequence[Finding], a: Area) -> FindingRef | None:
    """An area finding's cause: its whole layer's neglect, else its pillar's."""
    return _layer_cause(found, a.layer) or _find(found, ("DIME104",), pillar=a.pillar)


_ATTENTION_CODES: Final = ("DIME201", "DIME101", "DIME107", "DIME102", "DIME106")


def _row_absence(found: Sequence[Finding], layer: Layer) -> FindingRef | None:
    """The first finding that an area of ``layer`` has no attention: others' shares grow by it."""
    for a in layer.areas:
        ref = _find(found, ("DIME201", "DIME101"), area=a)
        if ref is not None:
            return ref
    return None


def _own_cause(found: Sequence[Finding], a: Area) -> FindingRef | None:
    """The finding about the area's own attention, if there is one."""
    return _find(found, _ATTENTION_CODES, area=a)


def _named(area: Area) -> str:
    return f"'{area.title}' ({area.pillar.letter}, {area.layer.value})"


def _pct(share: float) -> str:
    return f"{share:.1%}"


def _r(value: float) -> float:
    return round(value, 6)


def _plural(n: int, word: str, many: str | None = None) -> str:
    return f"{n:,} {word if n == 1 else many or word + 's'}"


def _days(view: BalanceView) -> str:
    return f"in the last {view.window_days} days"


def _listed(items: Sequence[str], more: int = 0) -> str:
    """``a, b and c``; with ``more``, ``a, b, c and 2 more``."""
    if more:
        items = [*items, f"{more} more"]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _planned_note(view: BalanceView, a: Area) -> str:
    n = view.attention[a].planned
    if not n:
        return ""
    return f"; {_plural(n, 'initiative is', 'initiatives are')} planned there but not started"


# --- The checker itself (DIME0xx) -----------------------------------------------------

_SIGNAL_WHY: Final = {
    Signal.TOUCHPOINTS: "no touchpoint is recorded",
    Signal.ASSESSMENTS: "no area has been assessed",
}


def signal_not_evaluated(view: BalanceView, _found: Sequence[Finding]) -> Iterator[Finding]:
    for signal in Signal:
        if view.evenness[signal] is not None:
            continue
        if signal.layer is not None:
            what = f"the {signal.value} layer"
            why = "the organisation records nothing at all"
        else:
            what = f"the {signal.value}"
            why = _SIGNAL_WHY[signal]
        yield _finding(
            "DIME001",
            f"The balance of {what} could not be evaluated: {why}.",
            subject=signal.value,
            signal=signal.value,
        )


SIGNAL_NOT_EVALUATED = Rule(
    code="DIME001",
    name="signal-not-evaluated",
    severity=Severity.INFO,
    check=signal_not_evaluated,
    summary="A signal has no data at all, so its balance could not be evaluated.",
    meaning=(
        "The four layers are evaluated whenever the organisation records anything at all: "
        "a layer with records elsewhere but nothing in its own cells (feedback received and "
        "none filed, nobody holding a mindset) is fully uneven, not unevaluated.  The "
        "touchpoints are evaluated once a touchpoint is recorded, the assessments once an "
        "area is assessed.  A signal with no data is left out of the overall evenness, and "
        "the report says which signals the evenness covers."
    ),
    source=LIBRARY_HEURISTIC,
    basis=(
        "Nothing is reported as balanced for lack of data, and nothing can be made to look "
        "more balanced by recording less."
    ),
    evidence={"signal": "the signal that could not be evaluated"},
    example="The balance of the assessments could not be evaluated: no area has been assessed.",
    fix=(
        "Record what is missing (touchpoints, assessments), or, when checking a `Tally`, pass "
        "the framework's other records with `structure=`."
    ),
    tune='Ignore it (`ignore = ["DIME001"]`) or waive it for one signal (`subject = "assessments"`).',
)


def _note_examples(notes: dict[Area, WorkNote]) -> list[tuple[str, str, Area]]:
    examples = [(i, title, a) for a, note in notes.items() for i, title in note.examples]
    return sorted(examples)


def _by_area(notes: dict[Area, WorkNote]) -> list[JSONValue]:
    return [
        {"pillar": a.pillar.value, "layer": a.layer.value, "count": note.number}
        for a, note in sorted(notes.items())
    ]


def work_planned(view: BalanceView, _found: Sequence[Finding]) -> Iterator[Finding]:
    notes = dict(view.planned)
    n = sum(note.number for note in notes.values())
    if not n:
        return
    examples = _note_examples(notes)
    shown = [f"'{title}' ({a.title})" for _, title, a in examples[:3]]
    yield _finding(
        "DIME004",
        f"{_plural(n, 'initiative is', 'initiatives are')} planned and not started, so "
        f"{'it counts' if n == 1 else 'they count'} as no attention yet: "
        f"{_listed(shown, n - len(shown))}.",
        planned=n,
        by_area=_by_area(notes),
        examples=[i for i, _, _ in examples],
    )


WORK_PLANNED = Rule(
    code="DIME004",
    name="work-planned",
    severity=Severity.INFO,
    check=work_planned,
    summary="Initiatives are planned and not started: they count as no attention yet.",
    meaning=(
        "Initiatives whose status is `planned` (the default status of a new `Initiative`) "
        "count as no attention anywhere until they start.  This finding lists them, so that "
        "an initiative left at the default by mistake does not silently count for nothing.  "
        "An area whose only work is planned says so in its own finding."
    ),
    source=LIBRARY_HEURISTIC,
    basis="Plans are not attention; but nothing a user records should vanish without a word.",
    evidence={
        "planned": "how many initiatives are planned",
        "by_area": "a list of `{pillar, layer, count}`, one per area with planned work",
        "examples": "the ids of the first few, by id",
    },
    example=(
        "2 initiatives are planned and not started, so they count as no attention yet: "
        "'Customer journey mapping workshop' (Emotional: To analyse) and 'Live chat in the "
        "app' (Customer experience for innovation)."
    ),
    fix="Start the work (status `active` with a `started` day), or drop the plan.",
    tune="Ignore it once you know your plans are recorded as planned on purpose.",
)


def work_undated(view: BalanceView, _found: Sequence[Finding]) -> Iterator[Finding]:
    notes = dict(view.undated)
    n = sum(note.number for note in notes.values())
    if not n:
        return
    examples = _note_examples(notes)
    shown = [f"'{title}' ({a.title})" for _, title, a in examples[:3]]
    yield _finding(
        "DIME005",
        f"{_plural(n, 'done or dropped initiative has', 'done or dropped initiatives have')} "
        f"neither a start nor a finish day, so the checker cannot place "
        f"{'it' if n == 1 else 'them'} in time and counts "
        f"{'it' if n == 1 else 'them'} as no attention: {_listed(shown, n - len(shown))}.",
        undated=n,
        by_area=_by_area(notes),
        examples=[i for i, _, _ in examples],
    )


WORK_UNDATED = Rule(
    code="DIME005",
    name="work-undated",
    severity=Severity.WARNING,
    check=work_undated,
    summary="Done or dropped initiatives have no dates, so they count as no attention.",
    meaning=(
        "An initiative that is done or dropped with neither a `started` nor a `finished` day "
        "cannot be placed in time, so it counts in no window and no area.  (One with only a "
        "finish day counts on that day; an active one must have a start day: the model "
        "refuses one without.)"
    ),
    source=LIBRARY_HEURISTIC,
    basis="Attention is measured over time; work with no time cannot be counted.",
    evidence={
        "undated": "how many initiatives have no date",
        "by_area": "a list of `{pillar, layer, count}`, one per area with such work",
        "examples": "the ids of the first few, by id",
    },
    example=(
        "1 done or dropped initiative has neither a start nor a finish day, so the checker "
        "cannot place it in time and counts it as no attention: 'Spring menu' (Customer "
        "experience for innovation)."
    ),
    fix="Give each of them the day it started, and the day it finished.",
    tune="Ignore it if undated work is meant to count for nothing.",
)


# --- Layers and pillars ---------------------------------------------------------------


def _layer_last(m: Measure, layer: Layer) -> int | None:
    days = [d for a in layer.areas if (d := m.primary_last[a.index]) is not None]
    return max(days, default=None)


def _layer_absent_message(view: BalanceView, layer: Layer, last: int | None) -> str:
    since = "" if last is None else f"since {_ago(view, day_date(last))}"
    if layer is Layer.RESPONSIBILITY:
        return "Nobody holds any of the four mindsets: the responsibility layer does not exist."
    if layer is Layer.REVIEW:
        received = view.received - view.junk
        if view.all_feedback == 0:
            context = "no feedback is recorded at all"
        else:
            context = (
                f"{_plural(received, 'piece')} of feedback, junk aside, "
                f"{'was' if received == 1 else 'were'} received {_days(view)}"
            )
        if last is None:
            head = "Nothing has ever been filed in any feedback folder"
        else:
            head = f"Nothing was filed in any feedback folder {since}"
        return f"{head} ({context}): the review layer is becoming non-existent."
    if last is None:
        head = f"No work has ever been under way in any area of the {layer.value} layer"
    else:
        head = f"No work was under way in any area of the {layer.value} layer {since}"
    return f"{head}: the whole layer is becoming non-existent."


def layer_absent(view: BalanceView, _found: Sequence[Finding]) -> Iterator[Finding]:
    m = view.measure
    if not m.evaluated:
        return
    quiet_from = m.until - view.policy.absent_after.days + 1
    for layer in Layer:
        if any(m.primary_current[a.index] for a in layer.areas):
            continue
        last = _layer_last(m, layer)
        if last is not None and last >= quiet_from:
            continue  # quiet, not absent: DIME109
        evidence: dict[str, Any] = {
            "layer_name": layer.value,
            "last": None if last is None else day_date(last).isoformat(),
            "absent_after_days": view.policy.absent_after.days,
        }
        if layer is Layer.REVIEW:
            evidence["received"] = view.received - view.junk
        message = _layer_absent_message(view, layer, last)
        yield _finding("DIME105", message, layer=layer, **evidence)


LAYER_ABSENT = Rule(
    code="DIME105",
    name="layer-absent",
    severity=Severity.ERROR,
    check=layer_absent,
    summary="A whole layer has had none of its own kind of attention for a long stretch.",
    meaning=(
        "No area of the layer has the evidence the layer is made of within `absent_after` "
        "(default 365 days): no initiative under way in the coordination or implementation "
        "layer, no feedback filed in any folder of the review layer, nobody holding any "
        "mindset in the responsibility layer.  The findings about the layer's areas follow "
        "from this one and are shown under it."
    ),
    source=_SMOJE_MINDSETS,
    basis=_NEGLECT_BASIS + "  A whole layer without attention is that danger come true.",
    quote=_NEGLECT_QUOTE,
    quote_source="Chris Smoje, the responsibility mindsets",
    evidence={
        "layer_name": "the layer",
        "last": "the last day of the layer's own kind of evidence, or null for never",
        "absent_after_days": "the policy's `absent_after`, in days",
        "received": "review layer only: feedback received in the window, junk aside",
    },
    example=(
        "Nothing has ever been filed in any feedback folder (3,995 pieces of feedback, junk "
        "aside, were received in the last 180 days): the review layer is becoming "
        "non-existent."
    ),
    fix=(
        "Start with the layer's cheapest evidence: file incoming feedback in the four "
        "folders, name someone to hold each mindset, or start one initiative per area."
    ),
    tune='Lengthen `absent_after` (days), or waive the layer (`layer = "review"`).',
)


def layer_quiet(view: BalanceView, _found: Sequence[Finding]) -> Iterator[Finding]:
    m = view.measure
    if not m.evaluated:
        return
    quiet_from = m.until - view.policy.absent_after.days + 1
    for layer in (Layer.COORDINATION, Layer.IMPLEMENTATION, Layer.REVIEW):
        if any(m.primary_current[a.index] for a in layer.areas):
            continue
        last = _layer_last(m, layer)
        if last is None or last < quiet_from:
            continue  # absent: DIME105
        on = day_date(last).isoformat()
        if layer is Layer.REVIEW:
            message = (
                f"None of the feedback received {_days(view)} was filed in any folder; the "
                f"latest filed was received on {on}."
            )
        else:
            message = (
                f"No work was under way in any area of the {layer.value} layer "
                f"{_days(view)}; the last ended on {on}."
            )
        yield _finding(
            "DIME109",
            message,
            layer=layer,
            layer_name=layer.value,
            last=on,
        )


LAYER_QUIET = Rule(
    code="DIME109",
    name="layer-quiet",
    severity=Severity.WARNING,
    check=layer_quiet,
    summary="No area of a layer got its own kind of attention in the window, though some did lately.",
    meaning=(
        "No area of the coordination, implementation or review layer has its layer's "
        "evidence (work under way, feedback filed) within the window, but some area had it "
        "within `absent_after`.  The quiet areas' findings are shown under it."
    ),
    source=_SMOJE_MINDSETS,
    basis=_NEGLECT_BASIS + "  A quiet layer is the early sign, before it is absent.",
    evidence={"layer_name": "the layer", "last": "the last day of the layer's own evidence"},
    example=(
        "No work was under way in any area of the coordination layer in the last 180 days; "
        "the last ended on 2026-03-31."
    ),
    fix="Plan the layer's next piece of work, or file the feedback that is waiting.",
    tune="Lengthen `window`, or waive the layer.",
)


def _what(layer: Layer) -> str:
    if layer is Layer.REVIEW:
        return "the feedback filed"
    if layer is Layer.RESPONSIBILITY:
        return "the holders' time"
    return f"the work in the {layer.value} layer"


def pillar_neglected(view: BalanceView, _found: Sequence[Finding]) -> Iterator[Finding]:
    if not view.evaluated:
        return
    shares = view.pillar_shares()
    if not any(shares.values()):
        return
    targets = view.pillar_targets()
    ratio = view.policy.pillar_neglected_ratio
    for p in Pillar:
        share, target = shares[p], targets[p]
        if share < ratio * target:
            yield _finding(
                "DIME104",
                f"The {p.word} pillar ({p.letter}) got {_pct(share)} of the attention, each "
                f"layer counted equally, against a target of {_pct(target)}.",
                pillar=p,
                share=_r(share),
                target=_r(target),
                threshold=_r(ratio * target),
            )


PILLAR_NEGLECTED = Rule(
    code="DIME104",
    name="pillar-neglected",
    severity=Severity.WARNING,
    check=pillar_neglected,
    summary="A pillar (column of the grid) got far less attention than its target share.",
    meaning=(
        "A pillar's share is the mean of its four areas' shares of their layers, each layer "
        "counted equally (layers with no attention at all are left out); it is below "
        "`pillar_neglected_ratio` (default 0.5) times the pillar's target (25% with equal "
        "targets).  Findings about the pillar's areas that have no layer-wide cause are "
        "shown under it."
    ),
    source=_SMOJE_MINDSETS,
    basis=_NEGLECT_BASIS,
    evidence={
        "share": "the pillar's share of the attention",
        "target": "the pillar's target share",
        "threshold": "`pillar_neglected_ratio` times the target",
    },
    example=(
        "The Deliberate pillar (D) got 4.1% of the attention, each layer counted equally, "
        "against a target of 25.0%."
    ),
    fix="Plan work in the pillar's areas, starting with its coordination area (the foundation).",
    tune="Lower `pillar_neglected_ratio`, or change the pillar's areas in `targets`.",
)


def pillar_dominant(view: BalanceView, _found: Sequence[Finding]) -> Iterator[Finding]:
    if not view.evaluated:
        return
    shares = view.pillar_shares()
    targets = view.pillar_targets()
    ratio = view.policy.pillar_dominant_ratio
    for p in Pillar:
        share, target = shares[p], targets[p]
        if share > ratio * target:
            yield _finding(
                "DIME108",
                f"The {p.word} pillar ({p.letter}) took {_pct(share)} of the attention, each "
                f"layer counted equally, more than {ratio:g} times its target of {_pct(target)}.",
                pillar=p,
                share=_r(share),
                target=_r(target),
                threshold=_r(ratio * target),
            )


PILLAR_DOMINANT = Rule(
    code="DIME108",
    name="pillar-dominant",
    severity=Severity.WARNING,
    check=pillar_dominant,
    summary="A pillar (column of the grid) took far more attention than its target share.",
    meaning=(
        "The pillar's share, measured as for `DIME104`, is above `pillar_dominant_ratio` "
        "(default 1.6) times its target (40% with equal targets).  The dominant areas in "
        "it are shown under it."
    ),
    source=_SMOJE_MINDSETS,
    basis=_NEGLECT_BASIS + "  A dominant pillar is usually where the priority went.",
    evidence={
        "share": "the pillar's share of the attention",
        "target": "the pillar's target share",
        "threshold": "`pillar_dominant_ratio` times the target",
    },
    example=(
        "The Experiences pillar (E) took 52.3% of the attention, each layer counted "
        "equally, more than 1.6 times its target of 25.0%."
    ),
    fix="Finish or pause work in the pillar and move effort to the neglected ones.",
    tune="Raise `pillar_dominant_ratio`, or raise the pillar's areas in `targets`.",
)


# --- Areas (DIME1xx) ------------------------------------------------------------------


def _ago(view: BalanceView, day: date) -> str:
    n = view.until.toordinal() - day.toordinal()
    return f"{day.isoformat()}, {_plural(n, 'day')} ago"


def _nothing(view: BalanceView, a: Area, last: date | None) -> str:
    """No attention in ``a``: ever, since ``last``, or (with ``last`` in the window) lately."""
    filed = a.layer is Layer.REVIEW
    if last is None:
        if filed:
            return f"Nothing has ever been filed in {_named(a)}, and no work on it is recorded"
        return f"No work has ever been under way in {_named(a)}"
    when = f"since {_ago(view, last)}"
    if filed:
        return f"Nothing was filed in {_named(a)}, and no work on it was under way, {when}"
    return f"No work was under way in {_named(a)} {when}"


def area_absent(view: BalanceView, found: Sequence[Finding]) -> Iterator[Finding]:
    stretch = view.policy.absent_after.days
    for a in AREAS:
        if a.layer is Layer.RESPONSIBILITY:
            continue  # DIME201: a mindset exists through its holders
        att = view.attention[a]
        if att.status is not AttentionStatus.ABSENT:
            continue
        yield _finding(
            "DIME101",
            f"{_nothing(view, a, att.last)}{_planned_note(view, a)}: this area is becoming "
            "non-existent.",
            area=a,
            cause=_area_cause(found, a),
            last=None if att.last is None else att.last.isoformat(),
            planned=att.planned,
            absent_after_days=stretch,
        )


AREA_ABSENT = Rule(
    code="DIME101",
    name="area-absent",
    severity=Severity.ERROR,
    check=area_absent,
    summary="An area has had no attention of any kind for a long stretch: it is becoming non-existent.",
    meaning=(
        "In the coordination, implementation and review layers: the area has had no "
        "evidence of any kind (work under way, or feedback filed in its folder) for "
        "`absent_after` (default 365 days), or ever.  Planned work does not count, and the "
        "finding says when there is some.  An area attended more recently than that but "
        "not in the window is quiet (`DIME107`), not absent.  In the responsibility layer a "
        "mindset exists through the people holding it: see `DIME201`."
    ),
    source=_SMOJE_MINDSETS,
    basis=_NEGLECT_BASIS + "  An area with no attention at all is that danger come true.",
    quote=_NEGLECT_QUOTE,
    quote_source="Chris Smoje, the responsibility mindsets",
    evidence={
        "last": "the last day of any evidence, or null for never",
        "planned": "initiatives planned there and not started",
        "absent_after_days": "the policy's `absent_after`, in days",
    },
    example=(
        "No work was under way in 'Organisational attitudes' (D, coordination) since "
        "2025-03-25, 585 days ago: this area is becoming non-existent."
    ),
    fix="Start even a small initiative in the area, with an owner, and record it.",
    tune="Lengthen `absent_after` (days), or waive the area with a reason.",
)


def area_quiet(view: BalanceView, found: Sequence[Finding]) -> Iterator[Finding]:
    stretch = view.policy.absent_after.days
    for a in AREAS:
        if a.layer is Layer.RESPONSIBILITY:
            continue
        att = view.attention[a]
        if att.status is not AttentionStatus.QUIET or att.last is None:
            continue
        if a.layer is Layer.REVIEW:
            lately = f"Nothing was filed in {_named(a)}, and no work on it was under way,"
        else:
            lately = f"No work was under way in {_named(a)}"
        yield _finding(
            "DIME107",
            f"{lately} {_days(view)}; the last was on {_ago(view, att.last)}"
            f"{_planned_note(view, a)}. It counts as becoming non-existent after "
            f"{stretch} days with no attention.",
            area=a,
            cause=_area_cause(found, a),
            last=att.last.isoformat(),
            planned=att.planned,
            absent_after_days=stretch,
        )


AREA_QUIET = Rule(
    code="DIME107",
    name="area-quiet",
    severity=Severity.WARNING,
    check=area_quiet,
    summary="An area got no attention in the window, though it did within the last year.",
    meaning=(
        "In the coordination, implementation and review layers: no evidence of any kind in "
        "the window, but some within `absent_after` (default 365 days).  Finished work is "
        "not neglect: it counts in full while it falls in the window and half as much every "
        "`half_life` after; an area only becomes absent (`DIME101`) after a long stretch "
        "with nothing at all."
    ),
    source=_SMOJE_MINDSETS,
    basis=_NEGLECT_BASIS + "  A quiet area is the early sign, before it is absent.",
    evidence={
        "last": "the last day of any evidence",
        "planned": "initiatives planned there and not started",
        "absent_after_days": "the policy's `absent_after`, in days",
    },
    example=(
        "No work was under way in 'People behaviours' (I, coordination) in the last 180 "
        "days; the last was on 2026-04-20, 194 days ago. It counts as becoming "
        "non-existent after 365 days with no attention."
    ),
    fix="Plan the area's next piece of work, or file the feedback that belongs in its folder.",
    tune="Lengthen `window` to count older work in full, or waive the area.",
)


def mindset_unheld(view: BalanceView, found: Sequence[Finding]) -> Iterator[Finding]:
    if not view.evaluated:
        return
    for m in Mindset:
        if view.holders[m]:
            continue
        att = view.attention[m.area]
        if att.status is AttentionStatus.ATTENDED:
            work = f", though work on it was under way {_days(view)}"
        else:
            work = f", and no work on it was under way {_days(view)}"
        yield _finding(
            "DIME201",
            f"Nobody holds the '{m.label}' mindset{work}{_planned_note(view, m.area)}: "
            "this part of the framework is becoming non-existent.",
            area=m.area,
            subject=m.value,
            cause=_area_cause(found, m.area),
            holders=0,
            work=att.status is AttentionStatus.ATTENDED,
            planned=att.planned,
        )


MINDSET_UNHELD = Rule(
    code="DIME201",
    name="mindset-unheld",
    severity=Severity.ERROR,
    check=mindset_unheld,
    summary="Nobody holds one of the four mindsets.",
    meaning=(
        "No responsibility record names the mindset, whether or not work on it is under "
        "way.  Checked once the organisation records anything at all; when nobody holds any "
        "mindset, these findings follow from `DIME105`."
    ),
    source=_SMOJE_MINDSETS,
    basis=(
        "The responsibility layer is the mindsets of the people who own the work: "
        "functional (keep watch and correct), operational (start and carry out plans), "
        "emotional (analyse customers' journeys and needs) and constructive (plan growth).  "
        "A small organisation may have one person hold several, but each needs a holder."
    ),
    quote=_NEGLECT_QUOTE,
    quote_source="Chris Smoje, the responsibility mindsets",
    evidence={
        "holders": "0",
        "work": "whether work on the mindset was under way in the window",
        "planned": "initiatives planned there and not started",
    },
    example=(
        "Nobody holds the 'Emotional: To analyse' mindset, and no work on it was under way "
        "in the last 180 days: this part of the framework is becoming non-existent."
    ),
    fix="Name a person or team to hold the mindset, even part-time, and record it.",
    tune="Waive it with a reason, or ignore it.",
)


def _share_text(view: BalanceView, a: Area) -> str:
    att = view.attention[a]
    if a.layer is Layer.REVIEW:
        folder = a.cell
        n = view.filed[folder]  # type: ignore[index]
        total = sum(view.filed.values())
        return (
            f"got {_pct(att.share)} of the feedback filed ({n:,} of the {total:,} items filed "
            f"{_days(view)}; older ones count less)"
        )
    if a.layer is Layer.RESPONSIBILITY:
        mindset = a.cell
        n = view.holders[mindset]  # type: ignore[index]
        return (
            f"holds {_pct(att.share)} of the holders' time ({_plural(n, 'holder')}, "
            f"{view.capacity[mindset]:.2f} of their time in all)"  # type: ignore[index]
        )
    return f"got {_pct(att.share)} of the work in the {a.layer.value} layer"


def area_neglected(view: BalanceView, found: Sequence[Finding]) -> Iterator[Finding]:
    ratio = view.policy.neglected_ratio
    for a in AREAS:
        att = view.attention[a]
        if att.status is not AttentionStatus.ATTENDED or att.share >= ratio * att.target:
            continue
        if a.layer is Layer.RESPONSIBILITY and not view.holders[a.cell]:  # type: ignore[index]
            continue  # DIME201
        yield _finding(
            "DIME102",
            f"{_named(a)} {_share_text(view, a)}, against a target of {_pct(att.target)}: "
            "it is being neglected.",
            area=a,
            cause=_area_cause(found, a),
            share=_r(att.share),
            target=_r(att.target),
            threshold=_r(ratio * att.target),
        )


AREA_NEGLECTED = Rule(
    code="DIME102",
    name="area-neglected",
    severity=Severity.WARNING,
    check=area_neglected,
    summary="An attended area got far less of its layer's attention than its target share.",
    meaning=(
        "The area is attended, but its share of its layer's attention is below "
        "`neglected_ratio` (default 0.5) times its target share of the layer (a quarter "
        "with equal targets).  Each layer is measured in its own unit: the effort of "
        "initiatives (coordination, implementation), the feedback filed (review), the "
        "holders' share of time (responsibility); recent evidence counts in full and older "
        "evidence fades with `half_life`."
    ),
    source=_SMOJE_MINDSETS,
    basis=_NEGLECT_BASIS,
    evidence={
        "share": "the area's share of its layer's attention",
        "target": "its target share of the layer",
        "threshold": "`neglected_ratio` times the target",
    },
    example=(
        "'Planning for customers' (E, review) got 0.9% of the feedback filed (4 of the 908 "
        "items filed in the last 180 days; older ones count less), against a target of "
        "25.0%: it is being neglected."
    ),
    fix=(
        "Move attention into the area: work, feedback that belongs in its folder, or "
        "someone's time for its mindset."
    ),
    tune="Lower `neglected_ratio`, or change the area's share in `targets`.",
)


def area_dominant(view: BalanceView, found: Sequence[Finding]) -> Iterator[Finding]:
    ratio = view.policy.dominant_ratio
    for a in AREAS:
        att = view.attention[a]
        if att.status is not AttentionStatus.ATTENDED or att.share <= ratio * att.target:
            continue
        text = _share_text(view, a).replace("got ", "took ", 1)
        yield _finding(
            "DIME103",
            f"{_named(a)} {text}, more than {ratio:g} times its target of {_pct(att.target)}.",
            area=a,
            cause=_find(found, ("DIME108",), pillar=a.pillar) or _row_absence(found, a.layer),
            share=_r(att.share),
            target=_r(att.target),
            threshold=_r(ratio * att.target),
        )


AREA_DOMINANT = Rule(
    code="DIME103",
    name="area-dominant",
    severity=Severity.WARNING,
    check=area_dominant,
    summary="An area took far more of its layer's attention than its target share.",
    meaning=(
        "The area's share of its layer's attention is above `dominant_ratio` (default 2) "
        "times its target share of the layer (half the layer with equal targets).  It is "
        "shown under its pillar's `DIME108` when that fires."
    ),
    source=_SMOJE_MINDSETS,
    basis=_NEGLECT_BASIS + "  A dominant area is usually where the priority went.",
    evidence={
        "share": "the area's share of its layer's attention",
        "target": "its target share of the layer",
        "threshold": "`dominant_ratio` times the target",
    },
    example=(
        "'Customer experience for innovation' (E, implementation) took 63.4% of the work "
        "in the implementation layer, more than 2 times its target of 25.0%."
    ),
    fix="Finish or pause work in the area and move effort to the neglected ones.",
    tune="Raise `dominant_ratio`, or raise the area's share in `targets`.",
)


def area_fading(view: BalanceView, found: Sequence[Finding]) -> Iterator[Finding]:
    policy = view.policy
    periods = policy.fading_periods
    step = policy.fading_period.days
    until = view.measure.until
    # The same measure of attention, at the end of each period, oldest first.
    measures = [view.measure_at(until - k * step) for k in range(periods, 0, -1)]
    measures.append(view.measure)
    for a in AREAS:
        if a.layer is Layer.RESPONSIBILITY:
            continue  # holders have no dates: their share cannot fade
        att = view.attention[a]
        if att.status is not AttentionStatus.ATTENDED:
            continue
        shares = [m.attention[a].share for m in measures]
        first, now = shares[0], shares[-1]
        if first < policy.neglected_ratio * att.target:
            continue  # too little to start with: not a trend worth a finding
        falling = all(later < earlier for earlier, later in itertools.pairwise(shares))
        if falling and now < policy.fading_ratio * first:
            yield _finding(
                "DIME106",
                f"Attention to {_named(a)} is fading: its share of {_what(a.layer)} fell in "
                f"each of the last {periods} periods of {step} days, from {_pct(first)} to "
                f"{_pct(now)}.",
                area=a,
                cause=_find(found, ("DIME104",), pillar=a.pillar),
                shares=[_r(s) for s in shares],
                period_days=step,
                threshold=_r(policy.fading_ratio * first),
            )


AREA_FADING = Rule(
    code="DIME106",
    name="area-fading",
    severity=Severity.WARNING,
    check=area_fading,
    summary="An area's share of its layer's attention fell period after period.",
    meaning=(
        "Attention is measured, the same way as everywhere else, at the end of each of the "
        "last `fading_periods` (default 3) periods of `fading_period` (default 60 days) "
        "and now.  The area is still attended, its share fell at every step, it ends below "
        "`fading_ratio` (default 0.5) times where it started, and it started with at least "
        "`neglected_ratio` times its target.  One project ending cannot make an area fade: "
        "finished work counts in full for a window and then fades smoothly."
    ),
    source=_SMOJE_MINDSETS,
    basis=_NEGLECT_BASIS + "  A sustained decline is how an area starts to disappear.",
    evidence={
        "shares": "the area's share at the end of each period, oldest first, then now",
        "period_days": "the policy's `fading_period`, in days",
        "threshold": "`fading_ratio` times the first share",
    },
    example=(
        "Attention to 'Customer care for improvement' (I, implementation) is fading: its "
        "share of the work in the implementation layer fell in each of the last 3 periods "
        "of 60 days, from 31.0% to 9.5%."
    ),
    fix="Find out why the work is tailing off and plan the area's next initiative.",
    tune="Lower `fading_ratio`, or raise `fading_periods`.",
)


# --- Mindsets (DIME2xx) ---------------------------------------------------------------


def constructive_without_support(view: BalanceView, found: Sequence[Finding]) -> Iterator[Finding]:
    constructive = Mindset.CONSTRUCTIVE
    if not view.holders[constructive]:
        return
    ratio = view.policy.neglected_ratio
    weak = []
    for m in (Mindset.FUNCTIONAL, Mindset.OPERATIONAL, Mindset.EMOTIONAL):
        att = view.attention[m.area]
        if not view.holders[m] or att.share < ratio * att.target:
            weak.append(m)
    if not weak:
        return
    parts = [
        f"the {m.word.lower()} mindset holds {_pct(view.attention[m.area].share)}"
        if view.holders[m]
        else f"nobody holds the {m.word.lower()} mindset"
        for m in weak
    ]
    # The gravest of the weak mindsets' own findings: an unheld one before a thin one.
    causes = [c for m in weak if (c := _own_cause(found, m.area)) is not None]
    cause = min(causes, key=lambda c: _ATTENTION_CODES.index(c.code), default=None)
    yield _finding(
        "DIME203",
        f"'{constructive.label}' holds {_pct(view.attention[constructive.area].share)} of "
        f"the holders' time while {_listed(parts)}: planning growth has too little support "
        "from the mindsets it builds on.",
        area=constructive.area,
        subject=constructive.value,
        cause=cause,
        constructive_share=_r(view.attention[constructive.area].share),
        weak={m.value: _r(view.attention[m.area].share) for m in weak},
    )


CONSTRUCTIVE_WITHOUT_SUPPORT = Rule(
    code="DIME203",
    name="constructive-without-support",
    severity=Severity.WARNING,
    check=constructive_without_support,
    summary="The constructive mindset is held while a mindset it builds on is not, or barely.",
    meaning=(
        "Someone holds the constructive mindset, and at least one of the functional, "
        "operational and emotional mindsets has no holder or holds less than "
        "`neglected_ratio` times its target share of the holders' time.  It follows from "
        "the gravest of the weak mindsets' own findings."
    ),
    source=_SMOJE_MINDSETS,
    basis=(
        "The mindsets are ordered, each building on the ones before; the constructive "
        "mindset plans growth and added value, which depends on the other three."
    ),
    quote="This final mindset would not work without the support of the previous three",
    quote_source="Chris Smoje, the responsibility mindsets",
    evidence={
        "constructive_share": "the constructive mindset's share of the holders' time",
        "weak": "each weak supporting mindset, with its share of the holders' time",
    },
    example=(
        "'Constructive: To grow' holds 37.5% of the holders' time while nobody holds the "
        "functional mindset and nobody holds the operational mindset: planning growth has "
        "too little support from the mindsets it builds on."
    ),
    fix="Give the weak supporting mindsets holders, or time, before adding to growth.",
    tune="Lower `neglected_ratio`, or ignore it.",
)


def mindset_without_material(view: BalanceView, found: Sequence[Finding]) -> Iterator[Finding]:
    emotional = Mindset.EMOTIONAL
    n = view.holders[emotional]
    if not n or any(view.filed.values()):
        return
    cause = _layer_cause(found, Layer.REVIEW) or _find(found, ("DIME301",))
    yield _finding(
        "DIME204",
        f"'{emotional.label}' is held ({_plural(n, 'holder')}), but no feedback was filed "
        f"{_days(view)}: its holders have no filed feedback to analyse.",
        area=emotional.area,
        subject=emotional.value,
        cause=cause,
        holders=n,
        filed=0,
    )


MINDSET_WITHOUT_MATERIAL = Rule(
    code="DIME204",
    name="mindset-without-material",
    severity=Severity.WARNING,
    check=mindset_without_material,
    summary="The emotional mindset is held, but no feedback was filed for its holders to analyse.",
    meaning=(
        "Someone holds the emotional mindset and nothing received in the window was filed "
        "in any folder.  It follows from `DIME105` or `DIME109` (the review layer), or "
        "`DIME301`."
    ),
    source=_SMOJE_MINDSETS,
    basis=(
        "The emotional mindset analyses customers' journeys, needs and wants; it works on "
        "the data the review layer collects."
    ),
    quote="to obtain data in order to make organisational improvements",
    quote_source="Chris Smoje, the responsibility mindsets",
    evidence={"holders": "how many hold the emotional mindset", "filed": "0"},
    example=(
        "'Emotional: To analyse' is held (1 holder), but no feedback was filed in the last "
        "180 days: its holders have no filed feedback to analyse."
    ),
    fix="File incoming feedback, so that the emotional mindset's holders have something to analyse.",
    tune="Ignore it if the holders work from other data.",
)


def _operational_departments(view: BalanceView) -> tuple[list[str], str]:
    named = view.policy.operational_departments
    if named is not None:
        return sorted(set(named)), "the policy"
    owners = {t.owner for t in view.touchpoints if t.owner is not None}
    return sorted(owners), "touchpoints"


def operational_outside_operations(
    view: BalanceView, _found: Sequence[Finding]
) -> Iterator[Finding]:
    holders = [r for r in view.responsibilities if r.mindset is Mindset.OPERATIONAL]
    operational, how = _operational_departments(view)
    if not holders or not operational or any(r.department is None for r in holders):
        return
    theirs = sorted({r.department for r in holders if r.department is not None})
    if set(theirs) & set(operational):
        return
    which = (
        "the departments the policy names as operational"
        if how == "the policy"
        else "the departments that own customer touchpoints"
    )
    yield _finding(
        "DIME205",
        f"'{Mindset.OPERATIONAL.label}' is held only in {_listed(theirs)}, none of {which} "
        f"({_listed(operational)}).",
        area=Mindset.OPERATIONAL.area,
        subject=Mindset.OPERATIONAL.value,
        holder_departments=list(theirs),
        operational_departments=list(operational),
    )


OPERATIONAL_OUTSIDE_OPERATIONS = Rule(
    code="DIME205",
    name="operational-outside-operations",
    severity=Severity.INFO,
    check=operational_outside_operations,
    summary="The operational mindset is held only outside the departments that run the operations.",
    meaning=(
        "Every holder of the operational mindset belongs to a department, and none of those "
        "departments is operational.  The model has no department type, so by default the "
        "operational departments are taken to be the ones that own customer touchpoints (a "
        "heuristic); name them yourself with `operational_departments`.  Not checked when a "
        "holder has no department or no department is operational."
    ),
    source=_SMOJE_MINDSETS,
    basis=(
        "The operational mindset starts and carries out plans while serving customers, "
        "which usually falls to the departments that run the operations.  Treating the "
        "departments that own touchpoints as those is the library's heuristic."
    ),
    quote="the responsibility usually lies with the operational departments",
    quote_source="Chris Smoje, the responsibility mindsets",
    evidence={
        "holder_departments": "the departments of the operational mindset's holders",
        "operational_departments": "the departments taken as operational",
    },
    example=(
        "'Operational: To execute' is held only in Marketing, none of the departments that "
        "own customer touchpoints (Customer Service and Sales)."
    ),
    fix="Have someone in an operational department hold the operational mindset.",
    tune="Name the operational departments in `operational_departments`, or ignore it.",
)


def mindset_crossover(view: BalanceView, found: Sequence[Finding]) -> Iterator[Finding]:
    unheld = [m for m in Mindset if not view.holders[m]]
    if not unheld or not any(view.holders.values()):
        return
    least = view.policy.crossover_holders
    together: dict[tuple[str, Mindset], set[str]] = {}
    for r in view.responsibilities:
        if r.department is not None:
            together.setdefault((r.department, r.mindset), set()).add(r.holder)
    words = [m.word.lower() for m in unheld]
    missing = (
        f"the {words[0]} mindset"
        if len(words) == 1
        else f"the {', the '.join(words[:-1])} or the {words[-1]} mindset"
    )
    for (department, m), people in sorted(
        together.items(), key=lambda x: (x[0][0], x[0][1].pillar.index)
    ):
        if len(people) < least:
            continue
        yield _finding(
            "DIME206",
            f"{_plural(len(people), 'person', 'people')} in {department} hold '{m.label}' "
            f"while nobody holds {missing}: doing the same thing, they will cross over each "
            "other's work.",
            area=m.area,
            subject=department,
            cause=_own_cause(found, unheld[0].area),
            holders=len(people),
            unheld=[u.value for u in unheld],
        )


MINDSET_CROSSOVER = Rule(
    code="DIME206",
    name="mindset-crossover",
    severity=Severity.WARNING,
    check=mindset_crossover,
    summary="Several people in one department hold the same mindset while another has no holder.",
    meaning=(
        "At least `crossover_holders` (default 2) different people in one department hold "
        "the same mindset, while some other mindset has no holder anywhere.  One finding "
        "per department and mindset; it follows from the unheld mindset's `DIME201`."
    ),
    source="Chris Smoje, the framework article",
    basis=(
        "A larger organisation allocates the mindsets to different people; when everybody "
        "does the same thing, their work overlaps and what nobody does is left undone."
    ),
    quote="someone will cross over and affect the work of another",
    quote_source="Chris Smoje, the framework article",
    evidence={
        "holders": "how many people in the department hold the mindset",
        "unheld": "the mindsets nobody holds",
    },
    example=(
        "2 people in Support hold 'Operational: To execute' while nobody holds the functional "
        "or the emotional mindset: doing the same thing, they will cross over each other's "
        "work."
    ),
    fix="Give one of them the mindset nobody holds.",
    tune="Raise `crossover_holders`, or waive the department (`subject`).",
)


# --- Feedback (DIME3xx) ---------------------------------------------------------------


def feedback_unfiled(view: BalanceView, found: Sequence[Finding]) -> Iterator[Finding]:
    counted = view.received - view.junk
    if counted <= 0:
        return
    share = view.unfiled / counted
    if share > view.policy.max_unfiled_share:
        yield _finding(
            "DIME301",
            f"{_pct(share)} of the feedback received {_days(view)} ({view.unfiled:,} of "
            f"{counted:,} items, junk aside) was never filed in a folder.",
            cause=_layer_cause(found, Layer.REVIEW),
            unfiled=view.unfiled,
            received=counted,
            share=_r(share),
            threshold=view.policy.max_unfiled_share,
        )


FEEDBACK_UNFILED = Rule(
    code="DIME301",
    name="feedback-unfiled",
    severity=Severity.WARNING,
    check=feedback_unfiled,
    summary="Too large a share of the feedback received in the window was never filed.",
    meaning=(
        "Of the feedback received in the window, junk aside, more than `max_unfiled_share` "
        "(default 10%) has no folder.  Junk with no folder is not counted either way: the "
        "framework says to keep feedback, junk included, but only filed feedback is used.  "
        "When the whole review layer is empty this finding follows from `DIME105`."
    ),
    source=_SMOJE_GRID,
    basis=(
        "The framework is a filing system for customer-experience data: feedback arrives "
        "constantly, costs nothing, and is kept and used through the review layer's four "
        "folders.  Feedback that is never filed is never used."
    ),
    quote="it is best to keep as much as we can",
    quote_source="Chris Smoje, the framework article",
    evidence={
        "unfiled": "feedback received in the window and not filed, junk aside",
        "received": "feedback received in the window, junk aside",
        "share": "unfiled / received",
        "threshold": "the policy's `max_unfiled_share`",
    },
    example=(
        "16.9% of the feedback received in the last 180 days (245 of 1,450 items, junk "
        "aside) was never filed in a folder."
    ),
    fix="File the backlog, and give whoever receives feedback a simple way to file it.",
    tune="Raise `max_unfiled_share`.",
)


def complaints_unfiled(view: BalanceView, found: Sequence[Finding]) -> Iterator[Finding]:
    # A complaint counts as not acted on while it is not filed.  When the model
    # records which initiative addresses a complaint, count those as acted on too.
    due = view.complaints_due
    if due <= 0:
        return
    unfiled = view.complaints_unfiled
    share = unfiled / due
    days = view.policy.complaint_days.days
    if share > view.policy.max_unfiled_complaint_share:
        yield _finding(
            "DIME304",
            f"{unfiled:,} of the {due:,} complaints (bill feedback) received {_days(view)}, "
            f"and more than {_plural(days, 'day')} ago, {'was' if unfiled == 1 else 'were'} "
            "never filed in a folder, so no folder shows anyone dealing with them.",
            cause=_find(found, ("DIME301",)) or _layer_cause(found, Layer.REVIEW),
            unfiled=unfiled,
            complaints=due,
            share=_r(share),
            threshold=view.policy.max_unfiled_complaint_share,
            complaint_days=days,
        )


COMPLAINTS_UNFILED = Rule(
    code="DIME304",
    name="complaints-unfiled",
    severity=Severity.WARNING,
    check=complaints_unfiled,
    summary="Complaints received in the window were never filed, so no folder shows them dealt with.",
    meaning=(
        "Of the complaints (feedback of kind `bill`) received in the window and more than "
        "`complaint_days` (default 14) days before the check, more than "
        "`max_unfiled_complaint_share` (default 5%) are still not filed in any folder.  A "
        "complaint counts as not acted on while it is unfiled.  It follows from `DIME301` "
        "when that fires."
    ),
    source=_SMOJE_GRID,
    basis=(
        "In the framework's mail analogy complaints are the bills: unwelcome, but they must "
        "be accepted and dealt with.  A complaint nobody files is a bill left unopened."
    ),
    evidence={
        "unfiled": "complaints received in the window, older than `complaint_days`, not filed",
        "complaints": "complaints received in the window and older than `complaint_days`",
        "share": "unfiled / complaints",
        "threshold": "the policy's `max_unfiled_complaint_share`",
        "complaint_days": "the policy's `complaint_days`",
    },
    example=(
        "1,080 of the 1,080 complaints (bill feedback) received in the last 180 days, and "
        "more than 14 days ago, were never filed in a folder, so no folder shows anyone "
        "dealing with them."
    ),
    fix="File the complaints in the folder where someone acts on them, oldest first.",
    tune="Raise `max_unfiled_complaint_share`, or give more time with `complaint_days`.",
)


# --- Touchpoints (DIME4xx) ------------------------------------------------------------


def stage_uncovered(view: BalanceView, _found: Sequence[Finding]) -> Iterator[Finding]:
    if not view.touchpoints:
        return
    covered = {t.stage for t in view.touchpoints}
    for s in Stage:
        if s not in covered:
            yield _finding(
                "DIME401",
                f"No touchpoint covers the {s.title.lower()} stage of the buying cycle.",
                subject=s.value,
                touchpoints=0,
            )


STAGE_UNCOVERED = Rule(
    code="DIME401",
    name="stage-uncovered",
    severity=Severity.ERROR,
    check=stage_uncovered,
    summary="A stage of the buying cycle has no touchpoint.",
    meaning=(
        "No touchpoint belongs to the stage (pre-purchase, purchase or post-purchase).  "
        "Checked once the organisation records touchpoints."
    ),
    source=_GENERAL,
    basis=(
        "Every purchase has a pre-purchase, a purchase and a post-purchase stage, and "
        "improving the experience means looking at every touchpoint; a stage with none is "
        "a part of the customer's journey nobody looks at."
    ),
    evidence={"touchpoints": "0"},
    example="No touchpoint covers the post-purchase stage of the buying cycle.",
    fix="Record the touchpoints customers meet in that stage (or create one).",
    tune='Waive the stage with a reason (`subject = "post_purchase"`).',
)


def _touchpoint(t: TouchpointFacts) -> str:
    """The touchpoint by name, with its id (what a user searches for) and its place."""
    place = f"{t.channel.title.lower()}, {t.stage.title.lower()}"
    return f"the touchpoint '{t.name}' (id '{t.id}'; {place})"


def touchpoint_unowned(view: BalanceView, _found: Sequence[Finding]) -> Iterator[Finding]:
    for t in view.touchpoints:
        if t.owner is None:
            yield _finding("DIME402", f"Nobody owns {_touchpoint(t)}.", subject=t.id, owner=None)


TOUCHPOINT_UNOWNED = Rule(
    code="DIME402",
    name="touchpoint-unowned",
    severity=Severity.WARNING,
    check=touchpoint_unowned,
    summary="A touchpoint has no owning department.",
    meaning="The touchpoint's `owner` is not set.",
    source=_GENERAL,
    basis=(
        "Customer experience is not one department's job, but each touchpoint needs "
        "someone who improves it; an unowned contact point is one nobody looks after."
    ),
    evidence={"owner": "null"},
    example="Nobody owns the touchpoint 'Warranty claims' (id 'warranty'; mail, post-purchase).",
    fix="Give the touchpoint an owner department.",
    tune="Waive the touchpoint by its id (`subject`).",
)


def touchpoint_unheard(view: BalanceView, found: Sequence[Finding]) -> Iterator[Finding]:
    since = view.since
    if not any(d >= since for d in view.heard.values()):
        return
    unowned = {f.subject: f.ref for f in found if f.code == "DIME402"}
    for t in view.touchpoints:
        last = view.heard.get(t.id)
        if last is None or last < since:
            tail = (
                "it was never heard from"
                if last is None
                else f"it was last heard from on {last.isoformat()}"
            )
            owner = "; nobody owns it" if t.owner is None else ""
            yield _finding(
                "DIME403",
                f"No feedback came through {_touchpoint(t)} {_days(view)}; {tail}{owner}.",
                subject=t.id,
                cause=unowned.get(t.id),
                last_heard=None if last is None else last.isoformat(),
            )


TOUCHPOINT_UNHEARD = Rule(
    code="DIME403",
    name="touchpoint-unheard",
    severity=Severity.WARNING,
    check=touchpoint_unheard,
    summary="No feedback came through a touchpoint in the window.",
    meaning=(
        "No feedback received in the window names the touchpoint.  Checked once some "
        "feedback in the window names a touchpoint.  It follows from the touchpoint's "
        "`DIME402` when nobody owns it."
    ),
    source=_SMOJE_GRID,
    basis=(
        "Every contact point produces customer-experience data; one that is never heard "
        "from is a blind spot in the filing system."
    ),
    evidence={"last_heard": "the last day the touchpoint was heard from, or null for never"},
    example=(
        "No feedback came through the touchpoint 'Warranty claims' (id 'warranty'; mail, "
        "post-purchase) in the last 180 days; it was never heard from; nobody owns it."
    ),
    fix="Add a way for customers to give feedback there, and link that feedback to the touchpoint.",
    tune="Lengthen `window`, or waive the touchpoint by its id.",
)


def pillar_unserved(view: BalanceView, found: Sequence[Finding]) -> Iterator[Finding]:
    if not view.touchpoints:
        return
    served = {p for t in view.touchpoints for p in t.pillars}
    for p in Pillar:
        if p not in served:
            yield _finding(
                "DIME404",
                f"No touchpoint serves the {p.word} pillar ({p.letter}).",
                pillar=p,
                cause=_find(found, ("DIME104",), pillar=p),
                touchpoints=0,
            )


PILLAR_UNSERVED = Rule(
    code="DIME404",
    name="pillar-unserved",
    severity=Severity.WARNING,
    check=pillar_unserved,
    summary="No touchpoint serves a pillar.",
    meaning=(
        "No touchpoint lists the pillar among those it serves.  Checked once the "
        "organisation records touchpoints.  It follows from the pillar's `DIME104` when "
        "that fires."
    ),
    source=_SMOJE_GRID,
    basis=(
        "The pillars meet customers at the touchpoints: the Experiences pillar aims at "
        "designing total brand experiences at every point of customer contact, and the "
        "other three are lived there too.  A pillar no touchpoint serves is invisible to "
        "customers."
    ),
    evidence={"touchpoints": "0"},
    example="No touchpoint serves the Deliberate pillar (D).",
    fix="Record which pillars each touchpoint serves, and design touchpoints for the missing one.",
    tune="Waive the pillar with a reason.",
)


# --- Departments (DIME5xx) ------------------------------------------------------------


def department_unaligned(view: BalanceView, _found: Sequence[Finding]) -> Iterator[Finding]:
    for d in view.departments:
        if d.objective is None:
            yield _finding(
                "DIME501",
                f"The {d.name} department has no customer-experience objective.",
                subject=d.name,
                objective=None,
            )


DEPARTMENT_UNALIGNED = Rule(
    code="DIME501",
    name="department-unaligned",
    severity=Severity.WARNING,
    check=department_unaligned,
    summary="A department has no customer-experience objective.",
    meaning="The department's `objective` is not set.",
    source=_GENERAL,
    basis=(
        "Customer experience is not one department's job: every department shapes it, "
        "and each needs an aim for it that the leaders agree on."
    ),
    quote=(
        "Every single one of those [departmental] silos is going to need to be measured and aligned"
    ),
    quote_source="general customer-experience guidance",
    evidence={"objective": "null"},
    example="The IT department has no customer-experience objective.",
    fix="Agree a customer-experience objective with the department and record it.",
    tune="Waive the department by its name (`subject`).",
)


def department_unmeasured(view: BalanceView, found: Sequence[Finding]) -> Iterator[Finding]:
    for d in view.departments:
        if d.measures == 0:
            yield _finding(
                "DIME502",
                f"The {d.name} department is not measured on customer experience.",
                subject=d.name,
                cause=_find(found, ("DIME501",), subject=d.name),
                measures=0,
            )


DEPARTMENT_UNMEASURED = Rule(
    code="DIME502",
    name="department-unmeasured",
    severity=Severity.WARNING,
    check=department_unmeasured,
    summary="A department is not measured on customer experience.",
    meaning=(
        "The department has no `measures`.  It follows from the department's `DIME501` "
        "when it has no objective either."
    ),
    source=_GENERAL,
    basis="Each department must be measured as well as aligned; an aim nobody measures is a wish.",
    evidence={"measures": "0"},
    example="The Sales department is not measured on customer experience.",
    fix="Choose one or two measures for the department's objective and record them.",
    tune="Waive the department by its name (`subject`).",
)


# --- Assessments (DIME6xx) ------------------------------------------------------------


def area_unassessed(view: BalanceView, found: Sequence[Finding]) -> Iterator[Finding]:
    if not view.scores:
        return
    oldest = view.until.toordinal() - view.policy.assessment_max_age.days
    for a in AREAS:
        on = view.assessed_on.get(a)
        if on is None:
            yield _finding(
                "DIME601",
                f"{_named(a)} has never been assessed.",
                area=a,
                cause=_own_cause(found, a),
                last_assessed=None,
                age_days=None,
            )
        elif on.toordinal() < oldest:
            age = view.until.toordinal() - on.toordinal()
            yield _finding(
                "DIME601",
                f"{_named(a)} was last assessed on {on.isoformat()}, {_plural(age, 'day')} ago.",
                area=a,
                cause=_own_cause(found, a),
                last_assessed=on.isoformat(),
                age_days=age,
            )


AREA_UNASSESSED = Rule(
    code="DIME601",
    name="area-unassessed",
    severity=Severity.WARNING,
    check=area_unassessed,
    summary="An area has not been assessed recently, or ever.",
    meaning=(
        "The area has no assessment, or its latest is older than `assessment_max_age` "
        "(default 730 days) before the check.  Checked once the organisation records "
        "assessments.  It follows from the area's own attention finding when there is one."
    ),
    source=LIBRARY_HEURISTIC,
    basis=(
        "The checker can count work and feedback, but only people can judge how well an "
        "area is doing; an area never assessed is one whose neglect nobody would notice."
    ),
    evidence={
        "last_assessed": "the day of the latest assessment, or null for never",
        "age_days": "its age in days, or null for never",
    },
    example="'Improving with customers' (M, review) has never been assessed.",
    fix="Include the area in the next self-assessment round.",
    tune="Raise `assessment_max_age` (in days), or waive the area.",
)


def area_lagging(view: BalanceView, found: Sequence[Finding]) -> Iterator[Finding]:
    if len(view.scores) < 2:
        return
    gap = view.policy.lagging_gap
    for a, score in view.scores.items():
        others = [s for b, s in view.scores.items() if b != a]
        mean = math.fsum(others) / len(others)
        if mean - score >= gap:
            yield _finding(
                "DIME602",
                f"{_named(a)} scored {score:.1f} of 5 at its latest assessment, "
                f"{mean - score:.1f} points below the mean of the other areas ({mean:.1f}).",
                area=a,
                cause=_own_cause(found, a) or _area_cause(found, a),
                score=_r(score),
                others_mean=_r(mean),
                gap=_r(mean - score),
            )


AREA_LAGGING = Rule(
    code="DIME602",
    name="area-lagging",
    severity=Severity.WARNING,
    check=area_lagging,
    summary="An area's latest assessment score is well below the others'.",
    meaning=(
        "The area's latest score (the mean of the scores given on its latest assessment "
        "day) is at least `lagging_gap` (default 1.5) points, on the 0 to 5 scale, below "
        "the mean of the other assessed areas' latest scores.  It follows from the area's "
        "own attention finding, or its layer's or pillar's, when there is one."
    ),
    source=LIBRARY_HEURISTIC,
    basis=(
        "The framework asks for balance; an area the organisation itself scores far below "
        "the rest is the one being neglected."
    ),
    evidence={
        "score": "the area's latest score",
        "others_mean": "the mean of the other areas' latest scores",
        "gap": "others_mean - score",
    },
    example=(
        "'Organisational attitudes' (D, coordination) scored 1.5 of 5 at its latest "
        "assessment, 1.8 points below the mean of the other areas (3.3)."
    ),
    fix="Plan work in the area and assess it again.",
    tune="Raise `lagging_gap`.",
)


# --- The starter steps (DIME7xx) ------------------------------------------------------


def work_unmeasured(view: BalanceView, _found: Sequence[Finding]) -> Iterator[Finding]:
    notes = dict(view.unmeasured)
    n = sum(note.number for note in notes.values())
    if not n:
        return
    busiest = max(notes.items(), key=lambda item: (item[1].number, -item[0].index))
    area, note = busiest
    such = f", such as '{note.examples[0][1]}'" if note.examples else ""
    where = (
        f"in {_named(area)}"
        if len(notes) == 1
        else f"in {len(notes)} areas, the most ({note.number}) in {_named(area)}"
    )
    yield _finding(
        "DIME701",
        f"{_plural(n, 'done initiative', 'done initiatives')} never reached the step of "
        f"measuring {'its' if n == 1 else 'their'} results {where}{such}.",
        unmeasured=n,
        by_area=_by_area(notes),
        examples=[i for i, _, _ in _note_examples(notes)],
    )


WORK_UNMEASURED = Rule(
    code="DIME701",
    name="work-unmeasured",
    severity=Severity.INFO,
    check=work_unmeasured,
    summary="Done initiatives never reached the step of measuring their results.",
    meaning=(
        "Initiatives whose status is done but whose `step` is before "
        "`ImprovementStep.MEASURE` (or not set).  One finding for the organisation, with "
        "the count per area in its evidence."
    ),
    source=_STARTER_STEPS,
    basis=(
        "The six basic starter steps: know the real customer need, deliver service based on "
        "it, find the problems across all contact points, fix them, measure the results, "
        "keep building support.  They are a general starting point for improving customer "
        "service, not part of the DIME framework.  Work never measured cannot show that it "
        "helped."
    ),
    quote="Measure your results.",
    quote_source="the six basic starter steps, credited to Success Academy",
    evidence={
        "unmeasured": "how many done initiatives never reached the measuring step",
        "by_area": "a list of `{pillar, layer, count}`, one per area",
        "examples": "the ids of the first few, by id",
    },
    example=(
        "17 done initiatives never reached the step of measuring their results in 9 "
        "areas, the most (4) in 'Customer experience for innovation' (E, implementation), "
        "such as 'One-page web checkout'."
    ),
    fix="Measure the results of those initiatives and record the step they reached.",
    tune='Raise its severity with `severity = {"DIME701" = "warning"}`, or ignore it.',
)


# --- Waivers (DIME002, DIME003): run last, after any rule packs -----------------------


def waiver_expired(view: BalanceView, _found: Sequence[Finding]) -> Iterator[Finding]:
    today = view.until
    for w in view.policy.waivers:
        if w.expires is not None and w.expires < today:
            yield _finding(
                "DIME002",
                f"The waiver for {w.describe()} expired on {w.expires.isoformat()}: "
                "its findings count again.",
                area=w.area,
                pillar=w.pillar if w.pillar is not None or w.area is None else w.area.pillar,
                layer=w.layer if w.layer is not None or w.area is None else w.area.layer,
                subject=w.code if w.subject is None else w.subject,
                waiver=w.to_mapping(),
            )


WAIVER_EXPIRED = Rule(
    code="DIME002",
    name="waiver-expired",
    severity=Severity.WARNING,
    check=waiver_expired,
    summary="A waiver in the policy has passed its expiry date.",
    meaning=(
        "A waiver's `expires` day is before the day of the check.  The waiver no longer "
        "applies: the findings it covered count again."
    ),
    source=LIBRARY_HEURISTIC,
    basis=(
        "A waiver is a promise to come back to a neglected part of the framework; an "
        "expired one means the promise is due."
    ),
    evidence={"waiver": "the waiver, as in a policy file"},
    example="The waiver for DIME402 for 'warranty' expired on 2026-01-31: its findings count again.",
    fix="Deal with the findings, then remove the waiver, or give it a new expiry date and reason.",
    tune="Ignore it to let waivers lapse silently (not recommended).",
)


def waiver_unused(view: BalanceView, found: Sequence[Finding]) -> Iterator[Finding]:
    today = view.until
    policy = view.policy
    for w in policy.waivers:
        if w.expires is not None and w.expires < today:
            continue
        if not policy.selects(w.code) or any(w.matches(f) for f in found):
            continue
        yield _finding(
            "DIME003",
            f"The waiver for {w.describe()} matched no finding: remove it.",
            area=w.area,
            pillar=w.pillar if w.pillar is not None or w.area is None else w.area.pillar,
            layer=w.layer if w.layer is not None or w.area is None else w.area.layer,
            subject=w.code if w.subject is None else w.subject,
            waiver=w.to_mapping(),
        )


WAIVER_UNUSED = Rule(
    code="DIME003",
    name="waiver-unused",
    severity=Severity.INFO,
    check=waiver_unused,
    summary="A waiver in the policy matched no finding.",
    meaning=(
        "No finding matched the waiver's code, area, pillar, layer and subject, so it "
        "waives nothing.  Waivers for rules that are not selected are not reported."
    ),
    source=LIBRARY_HEURISTIC,
    basis=(
        "Like an unused suppression in a linter, a stale waiver hides the next real problem "
        "in the same place."
    ),
    evidence={"waiver": "the waiver, as in a policy file"},
    example="The waiver for DIME101 for 'Organisational attitudes' matched no finding: remove it.",
    fix="Remove the waiver, or correct its code, area or subject.",
    tune="Ignore it.",
)


#: The built-in rules, in the order they run; rule packs run between FIRST and LAST.
FIRST: Final = (
    SIGNAL_NOT_EVALUATED,
    WORK_PLANNED,
    WORK_UNDATED,
    LAYER_ABSENT,
    LAYER_QUIET,
    FEEDBACK_UNFILED,
    COMPLAINTS_UNFILED,
    PILLAR_NEGLECTED,
    PILLAR_DOMINANT,
    MINDSET_UNHELD,
    AREA_ABSENT,
    AREA_QUIET,
    AREA_NEGLECTED,
    AREA_DOMINANT,
    AREA_FADING,
    CONSTRUCTIVE_WITHOUT_SUPPORT,
    MINDSET_WITHOUT_MATERIAL,
    OPERATIONAL_OUTSIDE_OPERATIONS,
    MINDSET_CROSSOVER,
    STAGE_UNCOVERED,
    TOUCHPOINT_UNOWNED,
    TOUCHPOINT_UNHEARD,
    PILLAR_UNSERVED,
    DEPARTMENT_UNALIGNED,
    DEPARTMENT_UNMEASURED,
    AREA_UNASSESSED,
    AREA_LAGGING,
    WORK_UNMEASURED,
)
#: The waiver rules: they run after every other rule, rule packs included.
LAST: Final = (WAIVER_EXPIRED, WAIVER_UNUSED)
#: Every built-in rule, by code, in code order.
BUILTIN: Final = {rule.code: rule for rule in sorted((*FIRST, *LAST), key=lambda r: r.code)}
_SEVERITY.update({code: rule.severity for code, rule in BUILTIN.items()})
