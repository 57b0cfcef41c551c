"""The rules about measuring results and closing the loop: department measures, complaints, outcomes."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date
from typing import Final

from dime._balance._common import Severity
from dime._balance._finding import Finding, FindingRef
from dime._balance._rule import Rule
from dime._balance._rules_scores import customers_at, customers_said, figures, summary_evidence
from dime._balance._ruletools import (
    GENERAL,
    SMOJE_GRID,
    STARTER_STEPS,
    by_area,
    find,
    finding,
    in_window,
    latest_reading,
    layer_cause,
    listed,
    measure_subject,
    measure_value,
    named,
    note_examples,
    outcome_shape,
    plural,
    received_due,
    rounded,
    went_worse,
)
from dime._balance._tally import OutcomeFacts, TargetFacts, day_date, day_number
from dime._balance._view import BalanceView
from dime._framework import AREAS, Layer
from dime._model import JSONValue, shown_number

__all__ = [
    "COMPLAINTS_UNANSWERED",
    "DEPARTMENT_BELOW_TARGET",
    "MEASURE_NOT_EVALUATED",
    "OUTCOME_WORSE",
    "WORK_WITHOUT_OUTCOME",
]


#: How many of a measure's earlier values in the window DIME503 shows, the latest ones.
_EARLIER: int = 3


def _earlier(view: BalanceView, target: TargetFacts, day: int) -> list[tuple[int, float]]:
    """The measure's latest three readings in the window before ``day``, oldest first."""
    since = day_number(view.since)
    return sorted(r for r in target.readings if since <= r[0] < day)[-_EARLIER:]


def _shown(target: TargetFacts, value: float) -> str:
    """A value on the way to the latest: with its unit when that is a percentage (CSAT too)."""
    if target.unit == "%":
        return measure_value(target, value)
    percent = target.kind == "score" and target.unit == "csat"
    return f"{shown_number(value)}%" if percent else shown_number(value)


def _below(target: TargetFacts, value: float) -> bool:
    return value < target.target if target.higher_is_better else value > target.target


def department_below_target(view: BalanceView, found: Sequence[Finding]) -> Iterator[Finding]:
    for d in view.departments:
        for target in d.targets:
            latest = latest_reading(view, target.readings)
            if latest is None or not _below(target, latest[1]):
                continue
            day, value = latest
            side = "below" if target.higher_is_better else "above"
            earlier = _earlier(view, target, day)
            # The way there, each value with its day; a unit in words is said once, with the
            # latest value, a percentage with each.
            before = (
                " (earlier: "
                + listed([f"{_shown(target, v)} on {day_date(d).isoformat()}" for d, v in earlier])
                + ")"
                if earlier
                else ""
            )
            rising, because, without = _rising_owned(view, found, d.name, target, day)
            yield finding(
                DEPARTMENT_BELOW_TARGET,
                f"The {d.name} department's '{target.name}' was {measure_value(target, value)} on "
                f"{day_date(day).isoformat()}{before}, {side} its target of "
                f"{measure_value(target, target.target)}{because}.",
                cause=rising,
                rising_through=without,
                subject=measure_subject(d.name, target.name),
                department=d.name,
                measure=target.name,
                value=value,
                earlier=[v for _, v in earlier],
                target=target.target,
                measured_on=day_date(day).isoformat(),
                higher_is_better=target.higher_is_better,
            )


DEPARTMENT_BELOW_TARGET = Rule(
    code="DIME503",
    name="department-below-target",
    severity=Severity.WARNING,
    check=department_below_target,
    summary="A department's latest measurement is on the wrong side of its own target.",
    meaning=(
        "For each measure with a `target`, the latest of the department's `measurements` "
        "of it in the window is below the target (above it, when lower is better).  A "
        "measure with no target is never compared; one with no measurement in the window "
        "is `DIME504`.  One finding per measure; its `subject` is the department's name and "
        "the measure's, as in `Operations: on-time delivery`.  On a score measure (NPS, "
        "CSAT, CES), when complaints rose at a touchpoint the department owns (`DIME805`), "
        "customers at its touchpoints gave a figure that misses the target too, and without "
        "that touchpoint they gave one that meets it (the `score_months` up to the "
        "measurement), it says so and follows from that `DIME805`: the miss is that "
        "touchpoint's."
    ),
    source=GENERAL,
    basis=(
        "General customer-experience guidance holds that every department is measured and "
        "aligned on customer experience: its measures are how (the starter steps' measuring "
        "of results is about the fixes made, which `DIME701` and `DIME702` read).  A result "
        "on the wrong side of the department's own target is what a measure is there to "
        "show.  Comparing the latest value in the window with the target is the library's "
        "reading."
    ),
    quote=(
        "Every single one of those [departmental] silos is going to need to be measured and aligned"
    ),
    quote_source="general customer-experience guidance",
    evidence={
        "department": "the department's name",
        "measure": "the measure's name",
        "value": "the latest measurement in the window",
        "earlier": "the measurements before it in the window, oldest first (the latest three)",
        "target": "the measure's target",
        "measured_on": "the day of that measurement",
        "higher_is_better": "whether a higher value is better",
        "rising_through": (
            "when it follows from a `DIME805`: that touchpoint's id (`touchpoint`) and what "
            "customers at the department's other touchpoints gave (`value`, `low`, `high`, "
            "`responses`); else null"
        ),
    },
    example=(
        "The Support department's 'first-contact resolution' was 64% on 2026-06-30, below its "
        "target of 80%."
    ),
    fix="Find what holds the measure back, start work on it, and measure it again.",
    tune="Set the target the department has agreed to, or waive the measure by its `subject`.",
)


def _rising_owned(
    view: BalanceView, found: Sequence[Finding], department: str, target: TargetFacts, day: int
) -> tuple[FindingRef | None, str, JSONValue]:
    """The rising complaints (``DIME805``) at a touchpoint the department owns that explain a miss.

    A score measure missed while the customers at the department's touchpoints miss it
    too, and meet it without that touchpoint, in the same months: the miss is that
    touchpoint's.  The finding's reference, the clause saying so, and its evidence.
    """
    if target.kind != "score" or target.unit is None:
        return None, "", None
    everyone = customers_at(view, department, target.unit, day)
    if everyone is None or everyone.summary.value is None:
        return None, "", None
    if not _below(target, everyone.summary.value):
        return None, "", None  # its customers meet the target: no touchpoint explains a miss
    owned = {t.id: t.name for t in view.touchpoints if t.owner == department}
    for tp in sorted(owned):
        rising = find(found, ("DIME805",), subject=tp)
        if rising is None:
            continue
        without = customers_at(view, department, target.unit, day, leave_out=tp)
        if without is None or without.summary.value is None:
            continue
        if _below(target, without.summary.value):
            continue
        clause = (
            f"; {customers_said(everyone)}, and without '{owned[tp]}', where complaints rose, "
            f"{figures(without.summary)}: in line with the target"
        )
        return rising, clause, {"touchpoint": tp, **summary_evidence(without.summary)}
    return None, "", None


def _customers_now(
    view: BalanceView, department: str, target: TargetFacts
) -> tuple[str, dict[str, JSONValue] | None]:
    """What customers at the department's touchpoints gave on the measure's scale, lately."""
    if target.kind != "score" or target.unit is None:
        return "", None
    customers = customers_at(view, department, target.unit, day_number(view.until))
    if customers is None or customers.summary.value is None:
        return "", None
    s = customers.summary
    side = ""
    if s.low is not None and s.high is not None:
        good, bad = ("above", "below") if target.higher_is_better else ("below", "above")
        if not _below(target, s.low if target.higher_is_better else s.high):
            side = f", {good} its target"
        elif _below(target, s.high if target.higher_is_better else s.low):
            side = f", {bad} its target"
    return f"; {customers_said(customers)}{side}", summary_evidence(s)


def measure_not_evaluated(view: BalanceView, _found: Sequence[Finding]) -> Iterator[Finding]:
    for d in view.departments:
        for target in d.targets:
            if latest_reading(view, target.readings) is not None:
                continue
            last = max((day for day, _ in target.readings), default=None)
            when = (
                "it was never measured"
                if last is None
                else f"it was last measured on {day_date(last).isoformat()}, "
                f"{plural(day_number(view.until) - last, 'day')} ago"
            )
            said, customers = _customers_now(view, d.name, target)
            yield finding(
                MEASURE_NOT_EVALUATED,
                f"The {d.name} department's '{target.name}' has a target of "
                f"{measure_value(target, target.target)} but no measurement {in_window(view)} "
                f"({when}), so it is not evaluated{said}.",
                subject=measure_subject(d.name, target.name),
                department=d.name,
                measure=target.name,
                target=target.target,
                last_measured=None if last is None else day_date(last).isoformat(),
                customers=customers,
            )


MEASURE_NOT_EVALUATED = Rule(
    code="DIME504",
    name="measure-not-evaluated",
    severity=Severity.WARNING,
    check=measure_not_evaluated,
    summary="A measure has a target but no measurement in the window: it is not evaluated.",
    meaning=(
        "A department's measure has a `target` but none of its `measurements` falls in the "
        "window, so `DIME503` cannot compare it: it is reported as not evaluated, never as a "
        "number.  For a score on a built-in scale it adds what customers gave on that scale "
        "at the touchpoints the department owns, in the `score_months` up to the check (as "
        "`DIME803` reads them), when they gave at least `minimum_responses` responses: a "
        "figure the department could be measured by.  One finding per measure, with the same "
        "`subject` as `DIME503`."
    ),
    source=GENERAL,
    basis=(
        "General customer-experience guidance holds that every department is measured and "
        "aligned on customer experience.  A target nobody measures against says nothing "
        "about where the department stands."
    ),
    evidence={
        "department": "the department's name",
        "measure": "the measure's name",
        "target": "the measure's target",
        "last_measured": "the day of its latest measurement before the window, or null",
        "customers": "for a score, what customers gave at the department's touchpoints "
        "(`value`, `low`, `high`, `responses`), or null",
    },
    example=(
        "The Support department's 'CSAT' has a target of 85% (CSAT) but no measurement in the "
        "last 180 days (it was never measured), so it is not evaluated."
    ),
    fix="Record the measure's latest value, or remove the target if nobody measures it.",
    tune="Widen the `window`, or waive the measure by its `subject`.",
)


def _taken_on(ids: Sequence[str], since: date | None, now: date, through: str = "") -> str:
    """The end of DIME306's message: the complaints by id, the oldest first, and how old.

    ``through`` (see :func:`_through`) says where they came through, with examples.
    """
    age = "" if since is None else f"{since.isoformat()}, {plural((now - since).days, 'day')} ago"
    if len(ids) == 1:
        return f"it on: {ids[0]!r}" + (f", received {age}" if age else "")
    if through:
        # Each touchpoint's days are given: the oldest of all would single out one again.
        return f"them on.{through}"
    oldest = f"; the oldest was received {age}" if age else ""
    if len(ids) <= 3:
        return f"them on: {listed([repr(i) for i in ids])}{oldest}"
    return f"them on, such as {ids[0]!r}{oldest}"


#: The touchpoints DIME306 names the unanswered complaints of, the most first.
_THROUGH_NAMED: Final = 3


def _through(view: BalanceView) -> str:
    """Where DIME306's complaints came through: ``" 167 came through 'Baggage claim' ..."``.

    Said when more than three are unanswered and at least one came through a touchpoint:
    the touchpoints with the most first (three at most, then how many more), each with the
    days its complaints were received and its oldest, in place of one example and the
    oldest day of all, which could be read as the picture.
    """
    groups = view.unanswered_through
    if len(view.unanswered) <= 3 or set(groups) == {None}:
        return ""
    facts = view.touchpoints_by_id()
    parts = []
    # One more is named rather than counted as "1 other touchpoint".
    shown = len(groups) if len(groups) <= _THROUGH_NAMED + 1 else _THROUGH_NAMED
    for i, (tp, ids) in enumerate(groups.items()):
        if i == shown:
            rest = list(groups)[i:]
            k = sum(len(groups[t]) for t in rest)
            parts.append(f"and {k:,} through {plural(len(rest), 'other touchpoint')}")
            break
        first, last = view.unanswered_days[tp]
        if tp is None:
            where = "through no touchpoint"
        else:
            t = facts.get(tp)
            owner = (
                "" if t is None else (" (unowned)" if t.owner is None else f" (owned by {t.owner})")
            )
            where = f"through {view.touchpoint_name(tp)}{owner}"
        when = (
            f"on {first.isoformat()}"
            if first == last
            else f"from {first.isoformat()} to {last.isoformat()}"
        )
        example = f": {ids[0]!r}" if len(ids) == 1 else f", such as {ids[0]!r}"
        said = f"{where}, received {when}{example}"
        if len(groups) == 1:
            return f" All came {said}"
        parts.append(f"{len(ids):,} {'came ' if i == 0 else ''}{said}")
    return f" {'; '.join(parts)}"


def complaints_unanswered(view: BalanceView, found: Sequence[Finding]) -> Iterator[Finding]:
    due = view.complaints_due
    n = len(view.unanswered)
    if due <= 0 or not n:
        return
    share = n / due
    if share <= view.policy.max_unanswered_complaint_share:
        return
    unfiled = find(found, ("DIME304",))
    days = view.policy.complaint_days.days
    head = f"{n:,} of the {due:,} complaints {received_due(view)} {'was' if n == 1 else 'were'}"
    taken = _taken_on(view.unanswered, view.unanswered_since, view.until, _through(view))
    if view.answers_recorded:
        message = (
            f"{head} neither filed, assigned to a department nor addressed by an initiative: "
            f"nobody has taken {taken}."
        )
    elif unfiled is not None:
        return  # filing is the only answer recorded here: DIME304 has said it all
    else:
        # Nothing here records a complaint taken on any other way than by filing it, so the
        # unanswered are the unfiled, which DIME304 judges at its own threshold: what the
        # records show is said, as information.
        message = (
            f"{head} never filed, and no complaint here is recorded as assigned to a "
            f"department or addressed by an initiative: nothing shows that anyone has "
            f"taken {taken}."
        )
    yield finding(
        COMPLAINTS_UNANSWERED,
        message,
        cause=unfiled or layer_cause(found, Layer.REVIEW),
        severity=None if view.answers_recorded else Severity.INFO,
        unanswered=n,
        complaints=due,
        share=rounded(share),
        threshold=view.policy.max_unanswered_complaint_share,
        complaint_days=days,
        answers_recorded=view.answers_recorded,
        examples=list(view.unanswered[:3]),
        oldest=None if view.unanswered_since is None else view.unanswered_since.isoformat(),
        touchpoints=[
            {
                "touchpoint": tp,
                "complaints": len(ids),
                "first": view.unanswered_days[tp][0].isoformat(),
                "last": view.unanswered_days[tp][1].isoformat(),
                "example": ids[0],
            }
            for tp, ids in view.unanswered_through.items()
        ],
    )


COMPLAINTS_UNANSWERED = Rule(
    code="DIME306",
    name="complaints-unanswered",
    severity=Severity.WARNING,
    check=complaints_unanswered,
    summary="Complaints were neither filed, assigned nor addressed by any initiative.",
    meaning=(
        "Of the complaints (feedback of kind `bill`) received in the window, up to "
        "`complaint_days` (default 14) days before its last day (in whole UTC days), more "
        "than `max_unanswered_complaint_share` (default 1%) are not filed in a folder, not "
        "`assigned_to` a department and not named in any initiative's `addresses`.  Every "
        "such complaint is also unfiled, so when `DIME304` fires this finding follows from "
        "it (it adds that nobody took them on at all); otherwise it follows from the review "
        "layer's absence when that fires.  An organisation that records no complaint "
        "assigned to a department and no initiative's `addresses` shows a complaint taken "
        "on only by filing it, so the complaints unanswered are the complaints unfiled, "
        "which `DIME304` judges at its own threshold: there this finding says that nothing "
        "shows anyone took them on, as information, and it is left out when `DIME304` "
        "fires, which has then said it all."
    ),
    source=SMOJE_GRID,
    basis=(
        "In the framework's mail analogy complaints are the bills: unwelcome, but they must "
        "be accepted and dealt with.  A complaint that no folder, department or piece of work "
        "has taken on is a bill nobody has opened."
    ),
    quote="The only thing left to do is delegate this data to the right people.",
    quote_source="Chris Smoje, the framework article",
    evidence={
        "unanswered": "complaints in the window, older than `complaint_days`, neither filed, "
        "assigned nor addressed",
        "complaints": "complaints received in the window and older than `complaint_days`",
        "share": "unanswered / complaints",
        "threshold": "the policy's `max_unanswered_complaint_share`",
        "complaint_days": "the policy's `complaint_days`",
        "answers_recorded": "whether any complaint outside the folders is assigned or any "
        "initiative names the feedback it addresses (if not, the finding is information)",
        "examples": "the ids of the oldest few, the oldest first",
        "oldest": "the day the oldest was received (UTC), as YYYY-MM-DD",
        "touchpoints": "per touchpoint they came through (`touchpoint`: its id, or null for "
        "none), the most first: how many (`complaints`), the `first` and `last` day received, "
        "and the oldest one's id (`example`)",
    },
    example=(
        "12 of the 40 complaints received from 2026-05-05 to 2026-10-17 (the last "
        "180 days, less the last 14) were neither filed, assigned to a department nor addressed by an initiative: nobody "
        "has taken them on, such as 'fb-0031'; the oldest was received 2026-05-04, 180 days ago."
    ),
    fix=(
        "File each complaint, assign it to the department that answers it, or name it in the "
        "initiative that fixes its cause; oldest first."
    ),
    tune="Raise `max_unanswered_complaint_share`, or give more time with `complaint_days`.",
)


def work_without_outcome(view: BalanceView, _found: Sequence[Finding]) -> Iterator[Finding]:
    if not view.outcomes:
        return  # outcomes are not recorded at all: DIME701 reads the starter step instead
    notes = dict(view.no_outcome)
    n = sum(note.number for note in notes.values())
    if not n:
        return
    most = max(note.number for note in notes.values())
    tops = [a for a in AREAS if a in notes and notes[a].number == most]
    note = notes[tops[0]]
    such = ""
    if note.examples:
        such = f": '{note.examples[0][1]}'" if n == 1 else f", such as '{note.examples[0][1]}'"
    if len(notes) == 1:
        where = f" in {named(tops[0])}"
    elif len(tops) == 1:
        where = f", in {len(notes)} areas, the most ({most}) in {named(tops[0])}"
    else:
        where = (
            f", in {len(notes)} areas, the most ({most} each) in {listed([named(a) for a in tops])}"
        )
    unrecorded = sum(note.number for note in view.unrecorded.values())
    reached = ""
    if unrecorded:
        them = (
            "it" if n == 1 else (f"all {n} of them" if unrecorded == n else f"{unrecorded} of them")
        )
        reached = (
            f" {them[:1].upper()}{them[1:]} reached the step of measuring "
            f"{'its' if unrecorded == 1 else 'their'} results, yet "
            f"{'records' if unrecorded == 1 else 'record'} no outcome."
        )
    measured = sum(note.number for note in view.outcomes.values())
    # Name the work that records an outcome too, with its area: it is the organisation's own
    # model to follow, and it may be in another area than the work without one.
    model = min(
        ((ex, a) for a, kept in view.outcomes.items() for ex in kept.examples), default=None
    )
    such_as = ""
    if model is not None:
        (_, title), in_area = model
        such_as = (
            f": '{title}', in {named(in_area)}"
            if measured == 1
            else f", such as '{title}' (in {named(in_area)})"
        )
    yield finding(
        WORK_WITHOUT_OUTCOME,
        f"{plural(n, 'done initiative', 'done initiatives')} {'has' if n == 1 else 'have'} no "
        f"outcome recorded{where}{such}.{reached} {plural(measured, 'initiative')} "
        f"{'records' if measured == 1 else 'record'} an outcome{such_as}.",
        without=n,
        unrecorded=unrecorded,
        with_outcome=measured,
        by_area=by_area(notes),
        examples=[i for i, _, _ in note_examples(notes)],
    )


WORK_WITHOUT_OUTCOME = Rule(
    code="DIME702",
    name="work-without-outcome",
    severity=Severity.INFO,
    check=work_without_outcome,
    summary="Done initiatives have no outcome recorded, where the organisation records outcomes.",
    meaning=(
        "When at least one initiative has an `outcome`, the done initiatives without one, "
        "and how many of those reached the step of measuring their results (`measure` or "
        "`reinforce`) and still record none.  "
        "When no initiative has an outcome, this rule is silent and `DIME701` reads the "
        "starter step each initiative reached instead, so one initiative never has both.  "
        "One finding for the organisation, with the count per area in its evidence."
    ),
    source=STARTER_STEPS,
    basis=(
        "Measuring the results is one of the six basic starter steps for improving customer "
        "service.  An outcome (the measure the work moved, before and after) is the measured "
        "result itself; a done initiative without one cannot show that it helped."
    ),
    quote="Measure your results.",
    quote_source="the six basic starter steps, credited to Success Academy",
    evidence={
        "without": "how many done initiatives have no outcome",
        "unrecorded": "how many of those reached the step of measuring their results",
        "with_outcome": "how many initiatives, of any status, have one",
        "by_area": "a list of `{pillar, layer, count}`, one per area",
        "examples": "the ids of the first few, by id",
    },
    example=(
        "16 done initiatives have no outcome recorded, in 9 areas, the most (4) in 'Customer "
        "experience for innovation' (E, implementation), such as 'One-page web checkout'.  "
        "5 of them reached the step of measuring their results, yet record no outcome.  1 "
        "initiative records an outcome: 'Shorter returns queue', in 'Customer care for "
        "improvement' (I, implementation)."
    ),
    fix="Record the outcome of each done initiative: the measure it moved, before and after.",
    tune='Raise its severity with `severity = {"DIME702" = "warning"}`, or ignore it.',
)


def _when_measured(o: OutcomeFacts) -> str:
    """When the outcome was measured, against when the work finished."""
    on = day_date(o.measured_on).isoformat()
    if o.finished is None:
        return f"recorded an outcome on {on}, before it finished"
    if o.measured_on < o.finished:
        days = plural(o.finished - o.measured_on, "day")
        return (
            f"recorded its outcome on {on}, {days} before it finished on "
            f"{day_date(o.finished).isoformat()}"
        )
    return f"recorded its outcome on {on}"


def _met_before(below: Finding, before: float) -> float | None:
    """The target of the ``DIME503`` finding ``below``, when ``before`` met it; else None."""
    target = below.evidence["target"]
    if not isinstance(target, (int, float)):  # pragma: no cover - DIME503 records a number
        return None
    met = before >= target if below.evidence["higher_is_better"] else before <= target
    return float(target) if met else None


def outcome_worse(view: BalanceView, found: Sequence[Finding]) -> Iterator[Finding]:
    since, until = day_number(view.since), day_number(view.until)
    for o in sorted(view.tally.outcomes, key=lambda o: (o.measured_on, o.id, o.measure)):
        if not since <= o.measured_on <= until:
            continue
        shape = outcome_shape(view, o.owner, o.measure)
        if shape is None or not went_worse(shape, o):
            continue
        better = "higher" if shape.higher_is_better else "lower"
        area = AREAS[o.area]  # the grid order is the areas' index order
        # Where the department's reading of the same measure is below its target, that is
        # the state the work was to change: the work not reversing it follows from it.
        # Where the measure met the target before the work, it went off target after it:
        # that explains the miss, folded under it as its context.
        below = next(
            (
                f
                for f in found
                if f.code == "DIME503"
                and f.evidence.get("department") == o.owner
                and f.evidence.get("measure") == o.measure
            ),
            None,
        )
        off = ""
        met = None if below is None else _met_before(below, o.before)
        if met is not None:
            off = (
                f" Before it, the measure met the department's target of "
                f"{measure_value(shape, met)}: it went off target after the work."
            )
        yield finding(
            OUTCOME_WORSE,
            f"'{o.title}' (id '{o.id}'; {o.status}, in {named(area)}), owned by the "
            f"{o.owner} department, "
            f"{_when_measured(o)}: '{o.measure}' went from {measure_value(shape, o.before)} "
            f"before it to {measure_value(shape, o.after)}, the wrong way for a measure where "
            f"{better} is better.{off}",
            area=area,
            subject=o.id,
            cause=None if below is None else below.ref,
            context=bool(off),
            initiative=o.id,
            status=o.status,
            department=o.owner,
            measure=o.measure,
            before=o.before,
            after=o.after,
            measured_on=day_date(o.measured_on).isoformat(),
            finished=None if o.finished is None else day_date(o.finished).isoformat(),
            higher_is_better=shape.higher_is_better,
        )


OUTCOME_WORSE = Rule(
    code="DIME703",
    name="outcome-worse",
    severity=Severity.WARNING,
    check=outcome_worse,
    summary="An initiative's measured outcome moved its measure the wrong way.",
    meaning=(
        "An initiative's `outcome` measured in the window has its `after` on the wrong side "
        "of its `before`: lower, for a measure of the owning department where higher is "
        "better; higher, where lower is better.  Any status: a done initiative whose measure "
        "fell, or active work whose interim result did; the finding says when the outcome "
        "was measured against when the work finished.  One finding per initiative; its "
        "`subject` is the initiative's id and its area the initiative's.  When the "
        "department's latest reading of the same measure is below its target (`DIME503`), "
        "this finding follows from that one: the work has not reversed it.  When the "
        "measure met that target before the work, it went off target after the work: this "
        "finding is folded under the `DIME503` as its context, the explanation of the miss."
    ),
    source=STARTER_STEPS,
    basis=(
        "Measuring the results is one of the six basic starter steps for improving customer "
        "service: the measured result is what tells whether the fix worked.  One on the wrong "
        "side of where it started has not shown that it did, whatever else moved the "
        "measure; the library's reading is to say so whenever it happens."
    ),
    quote="Measure your results.",
    quote_source="the six basic starter steps, credited to Success Academy",
    evidence={
        "initiative": "the initiative's id",
        "status": "its status",
        "department": "the department that owns it",
        "measure": "the measure its outcome names",
        "before": "the measure's value before the work",
        "after": "its value after the work",
        "measured_on": "the day `after` was measured",
        "finished": "the day the initiative finished, or null",
        "higher_is_better": "whether a higher value of the measure is better",
    },
    example=(
        "'Shorter returns queue' (id 'init-12'; done, in 'Customer care for improvement' (I, "
        "implementation)), owned by the Returns department, recorded its outcome on "
        "2026-09-30: 'days to refund' went from 6 before it to 9, the wrong way for a "
        "measure where lower is better."
    ),
    fix=(
        "Find out why the measure moved the wrong way (the work missed the cause, or something "
        "else moved it), and decide what the work does next."
    ),
    tune="Waive the initiative by its `subject`, or ignore the rule.",
)
