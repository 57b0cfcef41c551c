"""The rules about feedback, touchpoints, departments, assessments and the starter steps (DIME3xx-7xx)."""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping, Sequence
from datetime import date
from typing import NamedTuple

from dime._balance._attention import AttentionStatus
from dime._balance._common import Severity
from dime._balance._finding import Finding, FindingRef, area_data
from dime._balance._rule import LIBRARY_HEURISTIC, Rule
from dime._balance._ruletools import (
    GENERAL,
    NAMED_AT_MOST,
    SMOJE_GRID,
    STARTER_STEPS,
    area_cause,
    by_area,
    find,
    finding,
    in_window,
    layer_cause,
    listed,
    named,
    note_examples,
    own_cause,
    pct,
    plural,
    received_due,
    rounded,
    waived_alone,
)
from dime._balance._tally import TouchpointFacts, day_number, month_number
from dime._balance._view import BalanceView
from dime._framework import AREAS, Area, FeedbackFolder, Layer, Pillar
from dime._model import JSONValue, Stage

__all__ = [
    "AREA_LAGGING",
    "AREA_UNASSESSED",
    "COMPLAINTS_UNFILED",
    "DEPARTMENT_UNALIGNED",
    "DEPARTMENT_UNMEASURED",
    "FEEDBACK_ONE_FOLDER",
    "FEEDBACK_UNFILED",
    "PILLAR_UNSERVED",
    "STAGE_UNCOVERED",
    "TOUCHPOINT_UNHEARD",
    "TOUCHPOINT_UNOWNED",
    "WORK_UNMEASURED",
]


def _unowned_part(
    view: BalanceView, found: Sequence[Finding], per_touchpoint: Mapping[str, int], total: int
) -> tuple[FindingRef | None, str, int]:
    """The ``DIME402`` the unfiled items follow from, a clause, and how many came unowned.

    When at least ``unfiled_unowned_share`` of the ``total`` items came through
    touchpoints nobody owns, the clause says so, naming the one that brought the
    most (every one, when several brought as many).  The items follow from a ``DIME402`` only when the
    touchpoints it names brought more than that share: giving them owners would
    then deal with most of the items, where it would leave half or more alone.
    """
    unowned = _unowned_refs(found)
    counts = {tp: n for tp, n in per_touchpoint.items() if tp in unowned and n}
    through = sum(counts.values())
    share = view.policy.unfiled_unowned_share
    if not total or through < share * total:
        return None, "", through
    most = min(counts, key=lambda tp: (-counts[tp], tp))
    n = len(counts)
    names = {t.id: t.name for t in view.touchpoints}
    if n == 1:
        clause = f"; {through:,} of them came through '{names.get(most, most)}', which nobody owns"
    else:
        # Every touchpoint that brought the most is named: a tie is not a maximum.
        tied = sorted(tp for tp, k in counts.items() if k == counts[most])
        which = listed([f"'{names.get(tp, tp)}'" for tp in tied])
        clause = (
            f"; {through:,} of them came through {n} touchpoints nobody owns "
            f"({counts[most]:,} of those through {which})"
            if len(tied) == 1
            else f"; {through:,} of them came through {n} touchpoints nobody owns "
            f"({counts[most]:,} each through {which})"
        )
    ref = unowned[most]
    named = sum(k for tp, k in counts.items() if unowned[tp] == ref)
    return (ref if named > share * total else None), clause, through


def feedback_unfiled(view: BalanceView, found: Sequence[Finding]) -> Iterator[Finding]:
    counted = view.received - view.junk
    if counted <= 0:
        return
    share = view.unfiled / counted
    if share > view.policy.max_unfiled_share:
        cause = layer_cause(found, Layer.REVIEW)
        unowned, clause, through = _unowned_part(
            view, found, view.unfiled_by_touchpoint, view.unfiled
        )
        most = _most_unfiled(view)
        if not clause and most:
            names = {t.id: t.name for t in view.touchpoints}
            clause = "; the most came through " + listed(
                [f"'{names.get(tp, tp)}' ({n:,})" for tp, n in most.items()]
            )
        # Feedback naming no touchpoint (a survey of the whole relationship, say) is
        # counted apart: it can be the largest source of all.
        nowhere = view.unfiled - sum(view.unfiled_by_touchpoint.values())
        if nowhere > 0:
            clause += f"; {nowhere:,} of the items named no touchpoint"
        yield finding(
            FEEDBACK_UNFILED,
            f"{pct(share)} of the feedback received {in_window(view)} ({view.unfiled:,} of "
            f"{counted:,} items, unfiled junk aside) was never filed in a folder{clause}.",
            cause=cause or unowned,
            unfiled=view.unfiled,
            received=counted,
            share=rounded(share),
            threshold=view.policy.max_unfiled_share,
            through_unowned=through,
            most_unfiled=dict(most),
            no_touchpoint=max(nowhere, 0),
        )


def _most_unfiled(view: BalanceView, n: int = 3) -> dict[str, int]:
    """The ``n`` touchpoints the most unfiled feedback came through, most first (ties by id)."""
    counts = [(tp, k) for tp, k in view.unfiled_by_touchpoint.items() if k]
    return dict(sorted(counts, key=lambda p: (-p[1], p[0]))[:n])


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
        "When the whole review layer is empty this finding follows from `DIME105` (or "
        "`DIME109`).  When at least `unfiled_unowned_share` (default half) of the unfiled "
        "feedback came through touchpoints nobody owns, it says so; it follows from the "
        "`DIME402` naming them only when they brought more than that share (nobody files "
        "what nobody owns, and giving them owners would deal with most of it)."
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
        "through_unowned": "of the unfiled, how many came through touchpoints nobody owns",
        "most_unfiled": (
            "the (at most three) touchpoints the most unfiled feedback came through, by id, "
            "with their counts: where filing would help first"
        ),
        "no_touchpoint": "of the unfiled, how many named no touchpoint",
    },
    example=(
        "16.9% of the feedback received in the last 180 days (245 of 1,450 items, unfiled "
        "junk aside) was never filed in a folder."
    ),
    fix="File the backlog, and give whoever receives feedback a simple way to file it.",
    tune="Raise `max_unfiled_share`.",
)


def feedback_one_folder(view: BalanceView, _found: Sequence[Finding]) -> Iterator[Finding]:
    filed = view.filed
    total = sum(filed.values())
    if not total:
        return
    top = min(FeedbackFolder, key=lambda f: (-filed[f], f.pillar.index))
    share = filed[top] / total
    if share < view.policy.one_folder_share:
        return
    others = [f for f in FeedbackFolder if f is not top]
    absent = [f for f in others if view.attention[f.area].status is AttentionStatus.ABSENT]
    rest = "left empty" if filed[top] == total else "left with almost nothing"
    yield finding(
        FEEDBACK_ONE_FOLDER,
        f"{named(top.area)} got {pct(share)} of the feedback filed {in_window(view)} "
        f"({filed[top]:,} of {total:,} items): everything is filed in one folder, and the "
        f"other three are {rest}.",
        area=top.area,
        subject=top.value,
        severity=Severity.ERROR if absent else Severity.WARNING,
        share=rounded(share),
        filed=filed[top],
        total=total,
        others={f.value: filed[f] for f in others},
        threshold=view.policy.one_folder_share,
    )


FEEDBACK_ONE_FOLDER = Rule(
    code="DIME305",
    name="feedback-one-folder",
    severity=Severity.ERROR,
    check=feedback_one_folder,
    summary="Nearly all the feedback filed in the window went into one folder.",
    meaning=(
        "At least `one_folder_share` (default 90%) of the feedback filed in the window "
        "went into one folder.  The findings that the other folders are absent, quiet or "
        "neglected follow from this one, and the folder that holds it all is not called "
        "dominant (`DIME103`).  An error when another folder is becoming non-existent "
        "(absent), a warning otherwise."
    ),
    source=SMOJE_GRID,
    basis=(
        "The review layer is four folders, each for its own use of the feedback; when "
        "everything goes into one of them, the other three are not being used at all, "
        "whatever arrives.  Filing by habit into one place is one cause, and one finding."
    ),
    evidence={
        "share": "the folder's share of the feedback filed in the window",
        "filed": "the feedback filed in it in the window",
        "total": "the feedback filed in any folder in the window",
        "others": "the feedback filed in each other folder in the window, by folder",
        "threshold": "the policy's `one_folder_share`",
    },
    example=(
        "'Listening to customers' (D, review) got 100.0% of the feedback filed in the last "
        "180 days (417 of 417 items): everything is filed in one folder, and the other "
        "three are left empty."
    ),
    fix=(
        "Agree what goes in each folder (this library suggests complaints to improving, "
        "praise to insights, ideas to planning) and re-file the feedback that belongs "
        "elsewhere."
    ),
    tune="Raise `one_folder_share`, or waive the folder with a reason.",
)


class _Rising(NamedTuple):
    """A touchpoint whose rising complaints (``DIME805``) account for those left unfiled."""

    ref: FindingRef
    touchpoint: str
    #: Its complaints due an answer and not filed.
    unfiled: int
    #: The other touchpoints' complaints due and not filed, and at least how many were due.
    rest_unfiled: int
    rest_due: int


def _rising_explains(view: BalanceView, found: Sequence[Finding], unfiled: int) -> _Rising | None:
    """The touchpoint whose complaints rose and without which few enough are left unfiled.

    Its complaints due are bounded above by those of the calendar months the due days
    touch (the tally counts a touchpoint's complaints per month), so the other
    touchpoints' share left unfiled is bounded above: only a bound within the threshold
    links the two.  The touchpoint with the most unfiled complaints first.
    """
    by_tp = view.complaints_unfiled_by_touchpoint
    first = month_number(day_number(view.since))
    last = month_number(day_number(view.until - view.policy.complaint_days))
    for tp in sorted(by_tp, key=lambda t: (-by_tp[t], t)):
        ref = find(found, ("DIME805",), subject=tp)
        if ref is None:
            continue
        theirs = sum(
            n
            for (t, month), n in view.tally.complaint_months.items()
            if t == tp and first <= month <= last
        )
        rest_unfiled = unfiled - by_tp[tp]
        rest_due = max(view.complaints_due - theirs, 0)
        if rest_unfiled == 0 or (
            rest_due > 0 and rest_unfiled / rest_due <= view.policy.max_unfiled_complaint_share
        ):
            return _Rising(ref, tp, by_tp[tp], rest_unfiled, rest_due)
    return None


def _rising_clause(view: BalanceView, rising: _Rising) -> str:
    name = view.touchpoint_name(rising.touchpoint)
    if rising.rest_unfiled == 0:
        return f"; every one came through {name}, where complaints rose"
    return (
        f"; {rising.unfiled:,} of them came through {name}, where complaints rose, and the "
        f"other touchpoints left {rising.rest_unfiled:,} unfiled, at most "
        f"{pct(rising.rest_unfiled / rising.rest_due)} of their complaints"
    )


def complaints_unfiled(view: BalanceView, found: Sequence[Finding]) -> Iterator[Finding]:
    # A complaint counts as not filed while it is not filed; whether anyone took it on
    # otherwise (assigned, addressed by an initiative) is DIME306's, which follows from this.
    due = view.complaints_due
    if due <= 0:
        return
    unfiled = view.complaints_unfiled
    share = unfiled / due
    days = view.policy.complaint_days.days
    if share > view.policy.max_unfiled_complaint_share:
        whole = layer_cause(found, Layer.REVIEW)
        unowned, clause, through = _unowned_part(
            view, found, view.complaints_unfiled_by_touchpoint, unfiled
        )
        # Of those, the ones assigned to a department or addressed by an initiative.
        taken = unfiled - len(view.unanswered)
        though = (
            f" (though {taken:,} of them {'is' if taken == 1 else 'are'} assigned to a "
            f"department or addressed by an initiative)"
            if taken > 0
            else ""
        )
        # The complaints are part of the feedback DIME301 finds unfiled: they follow from
        # it when it fires; else from the touchpoint whose rising complaints make them,
        # and only else from the unowned touchpoints.
        general = find(found, ("DIME301",)) or whole
        rising = None if general is not None else _rising_explains(view, found, unfiled)
        if rising is not None:
            clause += _rising_clause(view, rising)
        yield finding(
            COMPLAINTS_UNFILED,
            f"{unfiled:,} of the {due:,} complaints {received_due(view)} "
            f"{'was' if unfiled == 1 else 'were'} "
            f"never filed in a folder, so no folder shows anyone dealing with them"
            f"{though}{clause}.",
            cause=general or (rising.ref if rising is not None else unowned),
            rising_through=None
            if rising is None
            else {"touchpoint": rising.touchpoint, "unfiled": rising.unfiled},
            through_unowned=through,
            taken_on=taken,
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
        "Of the complaints (feedback of kind `bill`) received in the window, up to "
        "`complaint_days` (default 14) days before its last day (in whole UTC days), more "
        "than `max_unfiled_complaint_share` (default 5%) are still not filed in any folder.  A "
        "complaint counts as not acted on while it is unfiled.  The complaints are part of "
        "the feedback `DIME301` finds unfiled, so it follows from `DIME301` when that "
        "fires.  When at least `unfiled_unowned_share` of those complaints came through "
        "touchpoints nobody owns, it says so; and when `DIME301` does not fire, it follows "
        "from the `DIME402` naming them if they brought more than that share.  Before that, "
        "when complaints rose at a touchpoint (`DIME805`) and, without that touchpoint, "
        "the other touchpoints' complaints left unfiled are within the threshold, it says "
        "so and follows from that `DIME805`: the complaints left unfiled are that "
        "touchpoint's.  The tally counts a touchpoint's complaints per month, so their "
        "share is bounded from the months the window touches, and only a bound within the "
        "threshold links them."
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
        "through_unowned": "of the unfiled, how many came through touchpoints nobody owns",
        "taken_on": "of the unfiled, how many are assigned to a department or addressed by an "
        "initiative (`DIME306` reads the rest)",
        "rising_through": (
            "when it follows from a `DIME805`: that touchpoint's id (`touchpoint`) and its "
            "complaints left unfiled (`unfiled`); else null"
        ),
    },
    example=(
        "1,080 of the 1,080 complaints received from 2026-05-05 to 2026-10-17 (the last "
        "180 days, less the last 14) were never filed in a folder, so no folder shows anyone "
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


def _unowned_refs(found: Sequence[Finding]) -> dict[str, FindingRef]:
    """Each unowned touchpoint's id, with the ``DIME402`` that names it."""
    out: dict[str, FindingRef] = {}
    for f in found:
        ids = f.evidence.get("touchpoints") if f.code == "DIME402" else None
        if isinstance(ids, list):
            out.update((i, f.ref) for i in ids if isinstance(i, str))
    return out


def touchpoint_unowned(view: BalanceView, _found: Sequence[Finding]) -> Iterator[Finding]:
    unowned = [t for t in view.touchpoints if t.owner is None]
    # A touchpoint waived by its id keeps a finding of its own, for the waiver to cover.
    alone = [t for t in unowned if waived_alone(view, TOUCHPOINT_UNOWNED.code, t.id)]
    together = [t for t in unowned if t not in alone]
    for t in alone:
        yield finding(
            TOUCHPOINT_UNOWNED,
            f"Nobody owns {_touchpoint(t)}.",
            subject=t.id,
            owner=None,
            touchpoints=[t.id],
        )
    if len(together) == 1:
        t = together[0]
        yield finding(
            TOUCHPOINT_UNOWNED,
            f"Nobody owns {_touchpoint(t)}.",
            subject=t.id,
            owner=None,
            touchpoints=[t.id],
        )
    elif together:
        names = [_touchpoint(t).removeprefix("the touchpoint ") for t in together]
        yield finding(
            TOUCHPOINT_UNOWNED,
            f"Nobody owns {len(together):,} touchpoints: "
            f"{listed(names[:NAMED_AT_MOST], max(len(names) - NAMED_AT_MOST, 0))}.",
            owner=None,
            touchpoints=[t.id for t in together],
        )


TOUCHPOINT_UNOWNED = Rule(
    code="DIME402",
    name="touchpoint-unowned",
    severity=Severity.WARNING,
    check=touchpoint_unowned,
    summary="A touchpoint has no owning department.",
    meaning=(
        "Touchpoints have no `owner`.  One finding names them all (its `subject` is the "
        "touchpoint's id when there is one); a touchpoint waived by its id keeps a finding "
        "of its own, so that the waiver covers it alone.  The feedback and complaints left "
        "unfiled through them (`DIME301`, `DIME304`) and their silence (`DIME403`) follow "
        "from it."
    ),
    source=GENERAL,
    basis=(
        "General customer-experience guidance holds that customer experience is not one "
        "department's job, and that improving it means dissecting every touchpoint.  That "
        "each touchpoint needs a department that owns it, and that an unowned one is one "
        "nobody looks after, is this library's reading."
    ),
    evidence={"owner": "null", "touchpoints": "the ids of the touchpoints nobody owns"},
    example="Nobody owns the touchpoint 'Warranty claims' (id 'warranty'; mail, post-purchase).",
    fix="Give the touchpoint an owner department.",
    tune="Waive the touchpoint by its id (`subject`).",
)


def _heard_last(last: date | None) -> str:
    return "never heard from" if last is None else f"last heard from on {last.isoformat()}"


def touchpoint_unheard(view: BalanceView, found: Sequence[Finding]) -> Iterator[Finding]:
    since = view.since
    if not any(d >= since for d in view.heard.values()):
        return
    unowned = _unowned_refs(found)
    code = TOUCHPOINT_UNHEARD.code
    silent = [t for t in view.touchpoints if (last := view.heard.get(t.id)) is None or last < since]
    # A touchpoint waived by its id keeps a finding of its own, for the waiver to cover;
    # the others are one finding per cause: those nobody owns follow from their DIME402.
    groups: dict[FindingRef | None, list[TouchpointFacts]] = {}
    alone = []
    for t in silent:
        if waived_alone(view, code, t.id):
            alone.append([t])
        else:
            groups.setdefault(unowned.get(t.id), []).append(t)
    for group in [*alone, *groups.values()]:
        cause = unowned.get(group[0].id)
        lasts = {t.id: view.heard.get(t.id) for t in group}
        every = {t.id: None if (d := lasts[t.id]) is None else d.isoformat() for t in group}
        if len(group) == 1:
            (t,) = group
            last = lasts[t.id]
            owner = "; nobody owns it" if t.owner is None else ""
            yield finding(
                TOUCHPOINT_UNHEARD,
                f"No feedback came through {_touchpoint(t)} {in_window(view)}; it was "
                f"{_heard_last(last)}{owner}.",
                subject=t.id,
                cause=cause,
                last_heard=None if last is None else last.isoformat(),
                touchpoints=every,
            )
            continue
        nobody = all(t.owner is None for t in group)
        never = all(lasts[t.id] is None for t in group)
        named = [
            f"'{t.name}' (id '{t.id}'"
            f"{'' if never else '; ' + _heard_last(lasts[t.id])}"
            f"{'; unowned' if t.owner is None and not nobody else ''})"
            for t in group[:NAMED_AT_MOST]
        ]
        about = [
            *(["none of them ever heard from"] if never else []),
            *(["none owned"] if nobody else []),
        ]
        yield finding(
            TOUCHPOINT_UNHEARD,
            f"No feedback came through {len(group):,} touchpoints {in_window(view)}"
            f"{', ' + ' and '.join(about) if about else ''}: "
            f"{listed(named, max(len(group) - NAMED_AT_MOST, 0))}.",
            cause=cause,
            last_heard=None,
            touchpoints=every,
        )


TOUCHPOINT_UNHEARD = Rule(
    code="DIME403",
    name="touchpoint-unheard",
    severity=Severity.WARNING,
    check=touchpoint_unheard,
    summary="No feedback came through a touchpoint in the window.",
    meaning=(
        "No feedback received in the window names the touchpoint.  Checked once some "
        "feedback in the window names a touchpoint.  One finding names the silent "
        "touchpoints nobody owns, following from their `DIME402`, and one the others (the "
        "first ten by id, every one in its evidence); a touchpoint alone in its finding is "
        "its `subject`, and one waived by its id keeps a finding of its own, so that the "
        "waiver covers it alone."
    ),
    source=SMOJE_GRID,
    basis=(
        "Every contact point produces customer-experience data; one that is never heard "
        "from is a blind spot in the filing system."
    ),
    evidence={
        "last_heard": (
            "when the finding names one touchpoint, the last day it was heard from, or null "
            "for never; null when it names several"
        ),
        "touchpoints": "per touchpoint id named, the last day it was heard from, or null",
    },
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
        # The Deliberate pillar is the organisation's own culture: customers meet it
        # through the other three, so no touchpoint serving it is what one expects.
        if p is not Pillar.D and p not in served:
            yield finding(
                PILLAR_UNSERVED,
                f"No touchpoint serves the {p.word} pillar ({p.letter}).",
                pillar=p,
                cause=find(found, ("DIME104",), pillar=p),
                context=True,
                touchpoints=0,
            )


PILLAR_UNSERVED = Rule(
    code="DIME404",
    name="pillar-unserved",
    severity=Severity.WARNING,
    check=pillar_unserved,
    summary="No touchpoint serves a pillar.",
    meaning=(
        "No touchpoint lists the pillar among those it serves: the Interactions, "
        "Memorable or Experiences pillar, never the Deliberate one, which is the "
        "organisation's own culture and is not expected at a touchpoint.  Checked once the "
        "organisation records touchpoints.  When the pillar is neglected (`DIME104`) it is "
        "folded under that finding as context (the same neglect, seen at the touchpoints); "
        "otherwise it is a root."
    ),
    source=LIBRARY_HEURISTIC,
    basis=(
        "The library's reading, built on the framework's description of the Experiences "
        "pillar (designing total brand experiences at every point of customer contact): "
        "the pillars are lived where customers meet the organisation, so a pillar that no "
        "touchpoint is recorded as serving may be invisible to them.  The Deliberate "
        "pillar (making customer service part of the business culture) is lived inside "
        "the organisation and reaches customers through the other three, so it is not "
        "checked."
    ),
    evidence={"touchpoints": "0"},
    example="No touchpoint serves the Memorable pillar (M).",
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
    never = [a for a in AREAS if a not in view.assessed_on]
    stale = [(a, on) for a, on in sorted(view.assessed_on.items()) if on.toordinal() < oldest]
    # An area the checker already finds neglected is not one whose neglect nobody would
    # notice: its lack of an assessment is context for that finding, one finding each,
    # saying how many areas share it.  The rest are listed together, in one finding.
    causes = {a: own_cause(found, a) for a in [*never, *(a for a, _ in stale)]}
    for a in never:
        if (cause := causes[a]) is not None:
            yield _unassessed_area(view, a, None, cause, among=len(never))
    for a, on in stale:
        if (cause := causes[a]) is not None:
            yield _unassessed_area(view, a, on, cause, among=len(stale))
    loose_never = [a for a in never if causes[a] is None]
    loose_stale = [(a, on) for a, on in stale if causes[a] is None]
    if loose_never or loose_stale:
        parts = []
        if loose_never:
            names = listed([f"'{a.title}'" for a in loose_never])
            parts.append(
                f"{plural(len(loose_never), 'area has', 'areas have')} never been assessed: {names}"
            )
        if loose_stale:
            old = listed([f"'{a.title}' on {on.isoformat()}" for a, on in loose_stale])
            parts.append(
                f"{plural(len(loose_stale), 'area was', 'areas were')} last assessed more than "
                f"{_max_age(view)} ago: {old}"
            )
        yield finding(
            AREA_UNASSESSED,
            f"{'; '.join(parts)}.",
            never=[area_data(a) for a in loose_never],
            stale=[_stale_data(view, a, on) for a, on in loose_stale],
        )


def _max_age(view: BalanceView) -> str:
    return plural(view.policy.assessment_max_age.days, "day")


def _stale_data(view: BalanceView, a: Area, on: date) -> JSONValue:
    return {
        **(area_data(a) or {}),
        "last_assessed": on.isoformat(),
        "age_days": view.until.toordinal() - on.toordinal(),
    }


def _unassessed_area(
    view: BalanceView, a: Area, on: date | None, cause: FindingRef, *, among: int
) -> Finding:
    """``a``, never assessed (``on`` None) or last on ``on``, as context under ``cause``.

    ``among`` is how many areas share its state, for the message to show a
    pattern that is spread over several roots.
    """
    if on is None:
        text = f"{named(a)} has never been assessed"
        pattern = f"one of {among} areas never assessed"
    else:
        text = f"{named(a)} was last assessed on {on.isoformat()}, more than {_max_age(view)} ago"
        pattern = f"one of {among} areas not assessed for that long"
    return finding(
        AREA_UNASSESSED,
        f"{text}, {pattern}." if among > 1 else f"{text}.",
        area=a,
        cause=cause,
        context=True,
        never=[] if on is not None else [area_data(a)],
        stale=[] if on is None else [_stale_data(view, a, on)],
    )


AREA_UNASSESSED = Rule(
    code="DIME601",
    name="area-unassessed",
    severity=Severity.WARNING,
    check=area_unassessed,
    summary="Areas have not been assessed recently, or ever.",
    meaning=(
        "Some areas have no assessment, or their latest is older than "
        "`assessment_max_age` (default 730 days) before the check.  One finding for the "
        "organisation, listing the areas.  An area that already has a finding about its "
        "attention (unheld, absent, quiet, neglected, fading or going quiet) gets a "
        "finding of its own instead, folded under that one as context: its neglect is "
        "noticed already.  Its message says how many areas share its state, so that a "
        "pattern spread over several roots still shows.  Checked once "
        "the organisation records assessments.  It does not mark the areas in the grid: "
        "the lack of an assessment is not a balance problem."
    ),
    source=LIBRARY_HEURISTIC,
    basis=(
        "The checker can count work and feedback, but only people can judge how well an "
        "area is doing; an area never assessed is one whose neglect nobody would notice."
    ),
    evidence={
        "never": "the areas never assessed, as `{pillar, layer}`",
        "stale": "the areas last assessed too long ago, as `{pillar, layer, last_assessed, "
        "age_days}`",
    },
    example=(
        "2 areas have never been assessed: 'Functional: To correct' and 'Emotional: To analyse'."
    ),
    fix="Include the areas in the next self-assessment round.",
    tune="Raise `assessment_max_age` (in days), or ignore it.",
)


def area_lagging(view: BalanceView, found: Sequence[Finding]) -> Iterator[Finding]:
    if len(view.scores) < 2:
        return
    gap = view.policy.lagging_gap
    for a, score in view.scores.items():
        if own_cause(found, a) is not None:
            continue  # the score agrees with the finding about the area's attention
        others = [s for b, s in view.scores.items() if b != a]
        mean = math.fsum(others) / len(others)
        if mean - score >= gap:
            yield finding(
                AREA_LAGGING,
                f"{named(a)} scored {score:.1f} of 5 at its latest assessment, "
                f"{mean - score:.1f} points below the mean of the other areas ({mean:.1f}).",
                area=a,
                cause=area_cause(found, a),
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
        "the mean of the other assessed areas' latest scores.  An area whose attention "
        "already has a finding of its own (absent, quiet, neglected, going quiet, fading, "
        "unheld) is not flagged again for its score: the score agrees with that finding, "
        "and an absent, quiet, neglected or going-quiet area's finding says so.  "
        "It follows from a fact about more than the area (its whole layer, the one folder "
        "that holds all the feedback, its column's unheld mindset) when there is one."
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
    if view.outcomes:
        return  # outcomes are recorded: DIME702 reads them instead of the starter step
    notes = dict(view.unmeasured)
    n = sum(note.number for note in notes.values())
    if not n:
        return
    busiest = max(notes.items(), key=lambda item: (item[1].number, -item[0].index))
    area, note = busiest
    such = ""
    if note.examples:  # the one initiative is named, one of several is an example
        such = f": '{note.examples[0][1]}'" if n == 1 else f", such as '{note.examples[0][1]}'"
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
        "the count per area in its evidence.  The fallback of `DIME702`: it is silent as "
        "soon as any initiative records an `outcome`, so one initiative never has both."
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
