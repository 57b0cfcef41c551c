"""The rules about feedback, touchpoints, departments, assessments and the starter steps (DIME3xx-7xx)."""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence

from dime._balance._common import Severity
from dime._balance._finding import Finding
from dime._balance._rule import LIBRARY_HEURISTIC, Rule
from dime._balance._ruletools import (
    GENERAL,
    SMOJE_GRID,
    STARTER_STEPS,
    area_cause,
    by_area,
    find,
    finding,
    in_window,
    layer_cause,
    named,
    note_examples,
    own_cause,
    pct,
    plural,
    rounded,
)
from dime._balance._tally import TouchpointFacts
from dime._balance._view import BalanceView
from dime._framework import AREAS, Layer, Pillar
from dime._model import Stage

__all__ = [
    "AREA_LAGGING",
    "AREA_UNASSESSED",
    "COMPLAINTS_UNFILED",
    "DEPARTMENT_UNALIGNED",
    "DEPARTMENT_UNMEASURED",
    "FEEDBACK_UNFILED",
    "PILLAR_UNSERVED",
    "STAGE_UNCOVERED",
    "TOUCHPOINT_UNHEARD",
    "TOUCHPOINT_UNOWNED",
    "WORK_UNMEASURED",
]


def feedback_unfiled(view: BalanceView, found: Sequence[Finding]) -> Iterator[Finding]:
    counted = view.received - view.junk
    if counted <= 0:
        return
    share = view.unfiled / counted
    if share > view.policy.max_unfiled_share:
        yield finding(
            FEEDBACK_UNFILED,
            f"{pct(share)} of the feedback received {in_window(view)} ({view.unfiled:,} of "
            f"{counted:,} items, junk aside) was never filed in a folder.",
            cause=layer_cause(found, Layer.REVIEW),
            unfiled=view.unfiled,
            received=counted,
            share=rounded(share),
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
    source=SMOJE_GRID,
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
        yield finding(
            COMPLAINTS_UNFILED,
            f"{unfiled:,} of the {due:,} complaints (bill feedback) received {in_window(view)}, "
            f"and more than {plural(days, 'day')} ago, {'was' if unfiled == 1 else 'were'} "
            "never filed in a folder, so no folder shows anyone dealing with them.",
            cause=find(found, ("DIME301",)) or layer_cause(found, Layer.REVIEW),
            unfiled=unfiled,
            complaints=due,
            share=rounded(share),
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
    source=SMOJE_GRID,
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


def stage_uncovered(view: BalanceView, _found: Sequence[Finding]) -> Iterator[Finding]:
    if not view.touchpoints:
        return
    covered = {t.stage for t in view.touchpoints}
    for s in Stage:
        if s not in covered:
            yield finding(
                STAGE_UNCOVERED,
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
    source=GENERAL,
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
            yield finding(
                TOUCHPOINT_UNOWNED, f"Nobody owns {_touchpoint(t)}.", subject=t.id, owner=None
            )


TOUCHPOINT_UNOWNED = Rule(
    code="DIME402",
    name="touchpoint-unowned",
    severity=Severity.WARNING,
    check=touchpoint_unowned,
    summary="A touchpoint has no owning department.",
    meaning="The touchpoint's `owner` is not set.",
    source=GENERAL,
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
            yield finding(
                TOUCHPOINT_UNHEARD,
                f"No feedback came through {_touchpoint(t)} {in_window(view)}; {tail}{owner}.",
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
    source=SMOJE_GRID,
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
            yield finding(
                PILLAR_UNSERVED,
                f"No touchpoint serves the {p.word} pillar ({p.letter}).",
                pillar=p,
                cause=find(found, ("DIME104",), pillar=p),
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
    source=SMOJE_GRID,
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


def department_unaligned(view: BalanceView, _found: Sequence[Finding]) -> Iterator[Finding]:
    for d in view.departments:
        if d.objective is None:
            yield finding(
                DEPARTMENT_UNALIGNED,
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
    source=GENERAL,
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
            yield finding(
                DEPARTMENT_UNMEASURED,
                f"The {d.name} department is not measured on customer experience.",
                subject=d.name,
                cause=find(found, ("DIME501",), subject=d.name),
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
    source=GENERAL,
    basis="Each department must be measured as well as aligned; an aim nobody measures is a wish.",
    evidence={"measures": "0"},
    example="The Sales department is not measured on customer experience.",
    fix="Choose one or two measures for the department's objective and record them.",
    tune="Waive the department by its name (`subject`).",
)


def area_unassessed(view: BalanceView, found: Sequence[Finding]) -> Iterator[Finding]:
    if not view.scores:
        return
    oldest = view.until.toordinal() - view.policy.assessment_max_age.days
    for a in AREAS:
        on = view.assessed_on.get(a)
        if on is None:
            yield finding(
                AREA_UNASSESSED,
                f"{named(a)} has never been assessed.",
                area=a,
                cause=own_cause(found, a),
                last_assessed=None,
                age_days=None,
            )
        elif on.toordinal() < oldest:
            age = view.until.toordinal() - on.toordinal()
            yield finding(
                AREA_UNASSESSED,
                f"{named(a)} was last assessed on {on.isoformat()}, {plural(age, 'day')} ago.",
                area=a,
                cause=own_cause(found, a),
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
            yield finding(
                AREA_LAGGING,
                f"{named(a)} scored {score:.1f} of 5 at its latest assessment, "
                f"{mean - score:.1f} points below the mean of the other areas ({mean:.1f}).",
                area=a,
                cause=own_cause(found, a) or area_cause(found, a),
                score=rounded(score),
                others_mean=rounded(mean),
                gap=rounded(mean - score),
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


def work_unmeasured(view: BalanceView, _found: Sequence[Finding]) -> Iterator[Finding]:
    notes = dict(view.unmeasured)
    n = sum(note.number for note in notes.values())
    if not n:
        return
    busiest = max(notes.items(), key=lambda item: (item[1].number, -item[0].index))
    area, note = busiest
    such = f", such as '{note.examples[0][1]}'" if note.examples else ""
    where = (
        f"in {named(area)}"
        if len(notes) == 1
        else f"in {len(notes)} areas, the most ({note.number}) in {named(area)}"
    )
    yield finding(
        WORK_UNMEASURED,
        f"{plural(n, 'done initiative', 'done initiatives')} never reached the step of "
        f"measuring {'its' if n == 1 else 'their'} results {where}{such}.",
        unmeasured=n,
        by_area=by_area(notes),
        examples=[i for i, _, _ in note_examples(notes)],
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
    source=STARTER_STEPS,
    basis=(
        "Know the real customer need, deliver service based on it, find the problems across "
        "all contact points, fix them, measure the results, keep building support: a general "
        "starting point for improving customer service.  Work never measured cannot show "
        "that it helped."
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
