"""The rules about the check itself (DIME0xx): signals without data, uncounted work, waivers."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Final

from dime._balance._common import Severity, Signal
from dime._balance._finding import Finding
from dime._balance._rule import LIBRARY_HEURISTIC, Rule
from dime._balance._ruletools import (
    by_area,
    finding,
    listed,
    note_examples,
    plural,
)
from dime._balance._tally import WorkNote
from dime._balance._view import BalanceView
from dime._framework import Area

__all__ = [
    "SIGNAL_NOT_EVALUATED",
    "WAIVER_EXPIRED",
    "WAIVER_UNUSED",
    "WORK_PLANNED",
    "WORK_UNDATED",
]


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
        yield finding(
            SIGNAL_NOT_EVALUATED,
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


def _noted(
    noted: Mapping[Area, WorkNote],
) -> tuple[dict[Area, WorkNote], int, list[tuple[str, str, Area]], list[str]]:
    """Initiatives noted per area: the notes, how many, the first few, and how to show three."""
    notes = dict(noted)
    examples = note_examples(notes)
    shown = [f"'{title}' ({a.title})" for _, title, a in examples[:3]]
    return notes, sum(note.number for note in notes.values()), examples, shown


def work_planned(view: BalanceView, _found: Sequence[Finding]) -> Iterator[Finding]:
    notes, n, examples, shown = _noted(view.planned)
    if not n:
        return
    yield finding(
        WORK_PLANNED,
        f"{plural(n, 'initiative is', 'initiatives are')} planned and not started, so "
        f"{'it counts' if n == 1 else 'they count'} as no attention yet: "
        f"{listed(shown, n - len(shown))}.",
        planned=n,
        by_area=by_area(notes),
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
    notes, n, examples, shown = _noted(view.undated)
    if not n:
        return
    yield finding(
        WORK_UNDATED,
        f"{plural(n, 'done or dropped initiative has', 'done or dropped initiatives have')} "
        f"neither a start nor a finish day, so the checker cannot place "
        f"{'it' if n == 1 else 'them'} in time and counts "
        f"{'it' if n == 1 else 'them'} as no attention: {listed(shown, n - len(shown))}.",
        undated=n,
        by_area=by_area(notes),
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


def waiver_expired(view: BalanceView, _found: Sequence[Finding]) -> Iterator[Finding]:
    today = view.until
    for w in view.policy.waivers:
        if w.expires is not None and w.expires < today:
            yield finding(
                WAIVER_EXPIRED,
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
        yield finding(
            WAIVER_UNUSED,
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
