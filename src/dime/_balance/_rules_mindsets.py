"""The rules about the responsibility layer's mindsets (DIME2xx)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from dime._balance._attention import AttentionStatus
from dime._balance._common import Severity
from dime._balance._finding import Finding
from dime._balance._rule import Rule
from dime._balance._ruletools import (
    ATTENTION_CODES,
    SMOJE_MINDSETS,
    find,
    finding,
    in_window,
    layer_cause,
    listed,
    own_cause,
    pct,
    planned_note,
    plural,
    rounded,
    waived_alone,
)
from dime._balance._view import BalanceView
from dime._framework import Layer, Mindset

__all__ = [
    "CONSTRUCTIVE_WITHOUT_SUPPORT",
    "MINDSET_CROSSOVER",
    "MINDSET_UNHELD",
    "MINDSET_WITHOUT_MATERIAL",
    "OPERATIONAL_OUTSIDE_OPERATIONS",
]


def mindset_unheld(view: BalanceView, found: Sequence[Finding]) -> Iterator[Finding]:
    if not view.evaluated:
        return
    unheld = [m for m in Mindset if not view.holders[m]]
    if not unheld:
        return
    people = len({r.holder for r in view.responsibilities})
    small = people <= view.policy.small_organisation_holders
    # A mindset waived by name keeps a finding of its own, for the waiver to cover.
    alone = [m for m in unheld if waived_alone(view, MINDSET_UNHELD.code, m.value)]
    together = [m for m in unheld if m not in alone]
    for group in [*([m] for m in alone), *([together] if together else [])]:
        yield _unheld(view, found, group, people, small=small)


def _unheld(
    view: BalanceView, found: Sequence[Finding], unheld: list[Mindset], people: int, *, small: bool
) -> Finding:
    works = []
    for m in unheld:
        att = view.attention[m.area]
        if att.status is AttentionStatus.ATTENDED:
            work = f"though work on it was under way {in_window(view)}"
        else:
            work = f"and no work on it was under way {in_window(view)}"
        works.append(f"{work}{planned_note(view, m.area)}")
    if len(unheld) == 1:
        head = f"Nobody holds the '{unheld[0].label}' mindset, {works[0]}"
    elif len(set(works)) == 1:
        labels = [f"'{m.label}'" for m in unheld]
        work = works[0].replace(" on it ", " on them ").removeprefix("and ")
        head = f"Nobody holds {len(unheld)} of the four mindsets, {listed(labels)}; {work}"
    else:
        parts = [f"'{m.label}' ({work})" for m, work in zip(unheld, works, strict=True)]
        head = f"Nobody holds {len(unheld)} of the four mindsets: {listed(parts)}"
    if small:
        tail = (
            f"; with {plural(people, 'person', 'people')} holding mindsets, a small "
            "organisation can have one person hold several: name who holds "
            f"{'it' if len(unheld) == 1 else 'them'}."
        )
    else:
        tail = ": this part of the framework is becoming non-existent."
    return finding(
        MINDSET_UNHELD,
        head + tail,
        area=unheld[0].area,
        subject=unheld[0].value if len(unheld) == 1 else None,
        cause=layer_cause(found, Layer.RESPONSIBILITY),
        severity=Severity.WARNING if small else None,
        holders=0,
        unheld=[m.value for m in unheld],
        people=people,
        small=small,
        work=[m.value for m in unheld if view.attention[m.area].status is AttentionStatus.ATTENDED],
        planned=sum(view.attention[m.area].planned for m in unheld),
    )


MINDSET_UNHELD = Rule(
    code="DIME201",
    name="mindset-unheld",
    severity=Severity.ERROR,
    check=mindset_unheld,
    summary="Nobody holds one or more of the four mindsets.",
    meaning=(
        "No responsibility record names the mindset, whether or not work on it is under "
        "way.  One finding names every mindset nobody holds (in `unheld`); it is about the "
        "area of the first of them, and its `subject` is the mindset when there is one.  A "
        "mindset waived by name keeps a finding of its own, so that the waiver covers it "
        "alone.  In a small organisation, where at "
        "most `small_organisation_holders` (default 3) people hold mindsets in all, it is a "
        "warning, not an error: the framework lets one person hold several mindsets, so "
        "what is missing may only be a name (that line between small and large is this "
        "library's heuristic).  Checked once the organisation records anything at all; when "
        "nobody holds any mindset, it follows from `DIME105`.  A mindset owns its column (a "
        "library heuristic, grounded in the grid: the mindset sits in its pillar's column "
        "of the responsibility layer, and the people holding it are who the pillar's data "
        "is delegated to).  So the findings that the other areas of its pillar are absent, "
        "quiet or neglected, and the pillar's own `DIME104`, follow from this one."
    ),
    source=SMOJE_MINDSETS,
    basis=(
        "The responsibility layer is the mindsets of the people who own the work: "
        "functional (keep watch and correct), operational (start and carry out plans), "
        "emotional (analyse customers' journeys and needs) and constructive (plan growth).  "
        "A small organisation may have one person hold several, but each needs a holder."
    ),
    quote="The only thing left to do is delegate this data to the right people.",
    quote_source="Chris Smoje, the framework article",
    evidence={
        "holders": "0",
        "unheld": "the mindsets nobody holds",
        "people": "how many people hold any mindset",
        "small": "whether that makes the organisation small (a warning)",
        "work": "the unheld mindsets whose work was under way in the window all the same",
        "planned": "initiatives planned in their areas and not started",
    },
    example=(
        "Nobody holds the 'Emotional: To analyse' mindset, and no work on it was under way "
        "in the last 180 days: this part of the framework is becoming non-existent."
    ),
    fix="Name a person or team to hold the mindset, even part-time, and record it.",
    tune="Lower `small_organisation_holders`, waive it with a reason, or ignore it.",
)


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
        f"the {m.word.lower()} mindset holds {pct(view.attention[m.area].share)}"
        if view.holders[m]
        else f"nobody holds the {m.word.lower()} mindset"
        for m in weak
    ]
    # The gravest of the weak mindsets' own findings: an unheld one before a thin one.
    causes = [c for m in weak if (c := own_cause(found, m.area)) is not None]
    cause = min(causes, key=lambda c: ATTENTION_CODES.index(c.code), default=None)
    # Only the weak ones are said to fail it: the others it builds on may be well held.
    yield finding(
        CONSTRUCTIVE_WITHOUT_SUPPORT,
        f"'{constructive.label}' holds {pct(view.attention[constructive.area].share)} of "
        f"the time people give the mindsets while {listed(parts)}: planning growth builds "
        f"on {'it' if len(weak) == 1 else 'them'}, and has too little support.",
        area=constructive.area,
        subject=constructive.value,
        cause=cause,
        constructive_share=rounded(view.attention[constructive.area].share),
        weak={m.value: rounded(view.attention[m.area].share) for m in weak},
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
    source=SMOJE_MINDSETS,
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
        "'Constructive: To grow' holds 37.5% of the time people give the mindsets while "
        "nobody holds the functional mindset and nobody holds the operational mindset: "
        "planning growth builds on them, and has too little support."
    ),
    fix="Give the weak supporting mindsets holders, or time, before adding to growth.",
    tune="Lower `neglected_ratio`, set `targets` for the mindsets, or ignore it.",
)


def mindset_without_material(view: BalanceView, found: Sequence[Finding]) -> Iterator[Finding]:
    emotional = Mindset.EMOTIONAL
    n = view.holders[emotional]
    if not n or any(view.filed.values()):
        return
    cause = layer_cause(found, Layer.REVIEW) or find(found, ("DIME301",))
    yield finding(
        MINDSET_WITHOUT_MATERIAL,
        f"'{emotional.label}' is held ({plural(n, 'holder')}), but no feedback was filed "
        f"{in_window(view)}: its holders have no filed feedback to analyse.",
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
    source=SMOJE_MINDSETS,
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
    yield finding(
        OPERATIONAL_OUTSIDE_OPERATIONS,
        f"'{Mindset.OPERATIONAL.label}' is held only in {listed(theirs)}, none of {which} "
        f"({listed(operational)}).",
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
    source=SMOJE_MINDSETS,
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
    # Several people carrying out the work in a department that runs the operations is
    # where the source expects the operational mindset to lie, not a crossover.
    operational = set(_operational_departments(view)[0])
    together: dict[tuple[str, Mindset], set[str]] = {}
    for r in view.responsibilities:
        if r.department is None or (
            r.mindset is Mindset.OPERATIONAL and r.department in operational
        ):
            continue
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
        yield finding(
            MINDSET_CROSSOVER,
            f"{plural(len(people), 'person', 'people')} in {department} hold '{m.label}' "
            f"while nobody holds {missing}: doing the same thing, they may cross over each "
            "other's work.",
            area=m.area,
            subject=department,
            cause=own_cause(found, unheld[0].area),
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
        "At least `crossover_holders` (default 3) different people in one department hold "
        "the same mindset, while some other mindset has no holder anywhere.  One finding "
        "per department and mindset; it follows from the unheld mindset's `DIME201`.  The "
        "operational mindset held in an operational department (as `DIME205` tells them: "
        "the policy's `operational_departments`, else the departments that own touchpoints) "
        "is left alone: several people carrying out the work where the operations run, on "
        "different shifts or sites, is what the source expects, not people doing the same "
        "thing."
    ),
    source="Chris Smoje, the framework article",
    basis=(
        "A larger organisation allocates the mindsets to different people; when everybody "
        "does the same thing, their work may overlap and what nobody does is left undone.  "
        "How many people in one department make several is this library's heuristic."
    ),
    quote="someone will cross over and affect the work of another",
    quote_source="Chris Smoje, the framework article",
    evidence={
        "holders": "how many people in the department hold the mindset",
        "unheld": "the mindsets nobody holds",
    },
    example=(
        "3 people in Marketing hold 'Constructive: To grow' while nobody holds the functional "
        "or the emotional mindset: doing the same thing, they may cross over each other's "
        "work."
    ),
    fix=(
        "Divide the work so that each person's part is distinct, and give the mindset "
        "nobody holds to someone whose work suits it, one of them or not."
    ),
    tune=(
        "Raise `crossover_holders`, name the operational departments in "
        "`operational_departments`, or waive the department (`subject`)."
    ),
)
