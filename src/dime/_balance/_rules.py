"""The built-in rules: each a small function from the checker's view to findings."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Mapping
from typing import Final, TypeVar

from dime._balance._catalogue import BY_CODE
from dime._balance._policy import Severity
from dime._balance._report import Finding
from dime._balance._tally import TouchpointFacts
from dime._balance._view import SIGNALS, BalanceView
from dime._framework import AREAS, Area, FeedbackFolder, Layer, Mindset, Pillar
from dime._model import ImprovementStep, JSONValue, Stage

__all__ = ["BUILTIN"]

Check = Callable[[BalanceView], Iterator[Finding]]

_K = TypeVar("_K", Pillar, Layer)


def _finding(
    code: str,
    message: str,
    *,
    area: Area | None = None,
    pillar: Pillar | None = None,
    layer: Layer | None = None,
    subject: str | None = None,
    **evidence: JSONValue,
) -> Finding:
    return Finding(
        code=code,
        severity=Severity(BY_CODE[code].severity),
        message=message,
        area=area,
        pillar=pillar if pillar is not None or area is None else area.pillar,
        layer=layer if layer is not None or area is None else area.layer,
        subject=subject,
        evidence=evidence,
    )


def _named(area: Area) -> str:
    return f"'{area.title}' ({area.pillar.letter}, {area.layer.value})"


def _days(view: BalanceView) -> str:
    return f"in the last {view.window_days} days"


def _pct(share: float) -> str:
    return f"{share:.1%}"


def _r(value: float) -> float:
    return round(value, 6)


_SIGNAL_WHY = {
    "work": "no initiative was under way {days}",
    "review": "no feedback was received {days}",
    "responsibility": "nobody holds any of the four mindsets",
    "touchpoints": "no touchpoint serves any pillar",
    "assessments": "no area has been assessed",
}
_SIGNAL_TITLE = {
    "work": "work",
    "review": "feedback",
    "responsibility": "responsibilities",
    "touchpoints": "touchpoints",
    "assessments": "assessments",
}


def signal_not_evaluated(view: BalanceView) -> Iterator[Finding]:
    for signal in SIGNALS:
        if view.evenness[signal] is None:
            why = _SIGNAL_WHY[signal].format(days=_days(view))
            if signal == "assessments" and view.scores:
                why = "every area assessed scored 0"
            yield _finding(
                "DIME001",
                f"The balance of {_SIGNAL_TITLE[signal]} could not be evaluated: {why}.",
                subject=signal,
            )


def _work_on(view: BalanceView) -> bool:
    return view.initiatives > 0


def area_absent(view: BalanceView) -> Iterator[Finding]:
    if not _work_on(view):
        return
    for a in AREAS:
        if view.work[a] <= 0:
            yield _finding(
                "DIME101",
                f"Nothing was done in {_named(a)} {_days(view)}: "
                "this area is becoming non-existent.",
                area=a,
                effort=0.0,
                window_days=view.window_days,
            )


def area_neglected(view: BalanceView) -> Iterator[Finding]:
    if not _work_on(view):
        return
    shares = view.shares(view.work)
    ratio = view.policy.neglected_ratio
    for a in AREAS:
        share, target = shares[a], view.targets[a]
        if 0 < share < ratio * target:
            yield _finding(
                "DIME102",
                f"{_named(a)} got {_pct(share)} of the work {_days(view)}, "
                f"against a target of {_pct(target)}: it is being neglected.",
                area=a,
                share=_r(share),
                target=_r(target),
                effort=view.work[a],
                threshold=_r(ratio * target),
            )


def area_dominant(view: BalanceView) -> Iterator[Finding]:
    shares = view.shares(view.work)
    ratio = view.policy.dominant_ratio
    for a in AREAS:
        share, target = shares[a], view.targets[a]
        if share > ratio * target:
            yield _finding(
                "DIME103",
                f"{_named(a)} took {_pct(share)} of the work {_days(view)}, "
                f"more than {ratio:g} times its target of {_pct(target)}.",
                area=a,
                share=_r(share),
                target=_r(target),
                effort=view.work[a],
                threshold=_r(ratio * target),
            )


def pillar_neglected(view: BalanceView) -> Iterator[Finding]:
    if not _work_on(view):
        return
    ratio = view.policy.pillar_neglected_ratio
    for p, share, target in _short_totals(
        view.pillar_totals(view.work), view.pillar_targets(), ratio
    ):
        yield _finding(
            "DIME104",
            f"The {p.word} pillar ({p.letter}) got {_pct(share)} of the work "
            f"{_days(view)}, against a target of {_pct(target)}.",
            pillar=p,
            share=_r(share),
            target=_r(target),
            threshold=_r(ratio * target),
        )


def layer_neglected(view: BalanceView) -> Iterator[Finding]:
    if not _work_on(view):
        return
    ratio = view.policy.layer_neglected_ratio
    for layer, share, target in _short_totals(
        view.layer_totals(view.work), view.layer_targets(), ratio
    ):
        yield _finding(
            "DIME105",
            f"The {layer.value} layer got {_pct(share)} of the work {_days(view)}, "
            f"against a target of {_pct(target)}.",
            layer=layer,
            share=_r(share),
            target=_r(target),
            threshold=_r(ratio * target),
        )


def _short_totals(
    totals: Mapping[_K, float], targets: Mapping[_K, float], ratio: float
) -> Iterator[tuple[_K, float, float]]:
    """Each key whose share of the totals is below ``ratio`` times its target."""
    grand = math.fsum(totals.values())
    if grand <= 0:
        return
    for key, total in totals.items():
        share = total / grand
        if share < ratio * targets[key]:
            yield key, share, targets[key]


def area_fading(view: BalanceView) -> Iterator[Finding]:
    earlier = view.shares(view.work_earlier)
    recent = view.shares(view.work_recent)
    if math.fsum(view.work_recent.values()) <= 0:
        return
    ratio = view.policy.fading_ratio
    floor = view.policy.neglected_ratio
    for a in AREAS:
        # An area already neglected in the earlier half is DIME102's business.
        if earlier[a] >= floor * view.targets[a] and recent[a] < ratio * earlier[a]:
            yield _finding(
                "DIME106",
                f"Work on {_named(a)} is fading: its share fell from {_pct(earlier[a])} "
                f"of the work in the earlier half of the last {view.window_days} days "
                f"to {_pct(recent[a])} in the recent half.",
                area=a,
                earlier_share=_r(earlier[a]),
                recent_share=_r(recent[a]),
                threshold=_r(ratio * earlier[a]),
            )


def mindset_unheld(view: BalanceView) -> Iterator[Finding]:
    if sum(view.holders.values()) == 0:
        return
    for m in Mindset:
        if view.holders[m] == 0:
            yield _finding(
                "DIME201",
                f"Nobody holds the '{m.label}' mindset.",
                area=m.area,
                subject=m.value,
                holders=0,
            )


def mindset_thin(view: BalanceView) -> Iterator[Finding]:
    total = math.fsum(view.capacity.values())
    if total <= 0:
        return
    targets = view.row_targets(Layer.RESPONSIBILITY)
    ratio = view.policy.thin_ratio
    for m in Mindset:
        share, target = view.capacity[m] / total, targets[m.area]
        if 0 < share < ratio * target:
            n = view.holders[m]
            yield _finding(
                "DIME202",
                f"The '{m.label}' mindset is held by {n} holder{'s' if n != 1 else ''} "
                f"with {view.capacity[m]:.2f} of their time in all: {_pct(share)} of the "
                f"capacity, against a target of {_pct(target)}.",
                area=m.area,
                subject=m.value,
                holders=n,
                capacity=_r(view.capacity[m]),
                share=_r(share),
                target=_r(target),
            )


def growth_without_support(view: BalanceView) -> Iterator[Finding]:
    totals = view.pillar_totals(view.work)
    grand = math.fsum(totals.values())
    if grand <= 0:
        return
    targets = view.pillar_targets()
    policy = view.policy
    e_share = totals[Pillar.E] / grand
    capacity = math.fsum(view.capacity.values())
    c_share = view.capacity[Mindset.CONSTRUCTIVE] / capacity if capacity > 0 else 0.0
    c_target = view.row_targets(Layer.RESPONSIBILITY)[Mindset.CONSTRUCTIVE.area]
    strong_work = e_share >= policy.growth_ratio * targets[Pillar.E]
    strong_mindset = capacity > 0 and c_share >= policy.growth_ratio * c_target
    if not (strong_work or strong_mindset):
        return
    weak = [
        p
        for p in (Pillar.D, Pillar.I, Pillar.M)
        if totals[p] / grand < policy.pillar_neglected_ratio * targets[p]
    ]
    if not weak:
        return
    parts = [f"the {p.word} pillar got {_pct(totals[p] / grand)}" for p in weak]
    listed = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
    lead = (
        f"the Experiences pillar took {_pct(e_share)} of the work {_days(view)}"
        if strong_work
        else f"the constructive mindset holds {_pct(c_share)} of the capacity"
    )
    yield _finding(
        "DIME203",
        f"Growth is outrunning its support: {lead} while {listed}.",
        pillar=Pillar.E,
        experiences_share=_r(e_share),
        constructive_share=_r(c_share),
        neglected={p.letter: _r(totals[p] / grand) for p in weak},
    )


def feedback_unfiled(view: BalanceView) -> Iterator[Finding]:
    counted = view.feedback - view.junk
    if counted <= 0:
        return
    share = view.unfiled / counted
    if share > view.policy.max_unfiled_share:
        yield _finding(
            "DIME301",
            f"{_pct(share)} of the feedback received {_days(view)} ({view.unfiled} of "
            f"{counted} items, junk aside) was never filed in a folder.",
            unfiled=view.unfiled,
            received=counted,
            share=_r(share),
            threshold=view.policy.max_unfiled_share,
        )


def folder_empty(view: BalanceView) -> Iterator[Finding]:
    if view.feedback <= 0:
        return
    for f in FeedbackFolder:
        if view.folders[f] == 0:
            yield _finding(
                "DIME302",
                f"Nothing was filed in {_named(f.area)} {_days(view)}.",
                area=f.area,
                subject=f.value,
                filed=0,
            )


def folder_neglected(view: BalanceView) -> Iterator[Finding]:
    filed = sum(view.folders.values())
    if filed <= 0:
        return
    targets = view.row_targets(Layer.REVIEW)
    ratio = view.policy.folder_neglected_ratio
    for f in FeedbackFolder:
        share, target = view.folders[f] / filed, targets[f.area]
        if 0 < share < ratio * target:
            yield _finding(
                "DIME303",
                f"{_named(f.area)} got {_pct(share)} of the feedback filed {_days(view)} "
                f"({view.folders[f]} of {filed} items), against a target of {_pct(target)}.",
                area=f.area,
                subject=f.value,
                filed=view.folders[f],
                share=_r(share),
                target=_r(target),
            )


def stage_uncovered(view: BalanceView) -> Iterator[Finding]:
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


def _touchpoint(t: TouchpointFacts) -> str:
    """The touchpoint by name, with its id (what a user searches for) and its place."""
    place = f"{t.channel.title.lower()}, {t.stage.title.lower()}"
    return f"the touchpoint '{t.name}' (id '{t.id}'; {place})"


def touchpoint_unowned(view: BalanceView) -> Iterator[Finding]:
    for t in view.touchpoints:
        if t.owner is None:
            yield _finding(
                "DIME402",
                f"Nobody owns {_touchpoint(t)}.",
                subject=t.id,
            )


def touchpoint_unheard(view: BalanceView) -> Iterator[Finding]:
    if not any(d >= view.since for d in view.heard.values()):
        return
    for t in view.touchpoints:
        last = view.heard.get(t.id)
        if last is None or last < view.since:
            tail = (
                "it was never heard from"
                if last is None
                else f"it was last heard from on {last.isoformat()}"
            )
            yield _finding(
                "DIME403",
                f"No feedback came through {_touchpoint(t)} {_days(view)}; {tail}.",
                subject=t.id,
                last_heard=None if last is None else last.isoformat(),
            )


def pillar_unserved(view: BalanceView) -> Iterator[Finding]:
    if not view.touchpoints:
        return
    served = {p for t in view.touchpoints for p in t.pillars}
    for p in Pillar:
        if p not in served:
            yield _finding(
                "DIME404",
                f"No touchpoint serves the {p.word} pillar ({p.letter}).",
                pillar=p,
                touchpoints=0,
            )


def department_unaligned(view: BalanceView) -> Iterator[Finding]:
    for d in view.departments:
        if d.objective is None:
            yield _finding(
                "DIME501",
                f"The {d.name} department has no customer-experience objective.",
                subject=d.name,
            )


def department_unmeasured(view: BalanceView) -> Iterator[Finding]:
    for d in view.departments:
        if d.measures == 0:
            yield _finding(
                "DIME502",
                f"The {d.name} department is not measured on customer experience.",
                subject=d.name,
            )


def area_unassessed(view: BalanceView) -> Iterator[Finding]:
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
                last_assessed=None,
            )
        elif on.toordinal() < oldest:
            age = view.until.toordinal() - on.toordinal()
            yield _finding(
                "DIME601",
                f"{_named(a)} was last assessed on {on.isoformat()}, {age} days ago.",
                area=a,
                last_assessed=on.isoformat(),
                age_days=age,
            )


def area_lagging(view: BalanceView) -> Iterator[Finding]:
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
                score=_r(score),
                others_mean=_r(mean),
                gap=_r(mean - score),
            )


def initiative_never_measured(view: BalanceView) -> Iterator[Finding]:
    step = ImprovementStep.MEASURE.description
    for a, n in view.unmeasured.items():
        examples = view.unmeasured_examples.get(a, ())
        such = f", such as '{examples[0][1]}'" if examples else ""
        if n == 1:
            head = f"1 done initiative in {_named(a)} never reached"
        else:
            head = f"{n} done initiatives in {_named(a)} never reached"
        yield _finding(
            "DIME701",
            f"{head} the '{step}' step{such}.",
            area=a,
            initiatives=n,
            examples=[i for i, _ in examples],
        )


#: The built-in rules, by code, in the order they run.
BUILTIN: Final[dict[str, Check]] = {
    "DIME001": signal_not_evaluated,
    "DIME101": area_absent,
    "DIME102": area_neglected,
    "DIME103": area_dominant,
    "DIME104": pillar_neglected,
    "DIME105": layer_neglected,
    "DIME106": area_fading,
    "DIME201": mindset_unheld,
    "DIME202": mindset_thin,
    "DIME203": growth_without_support,
    "DIME301": feedback_unfiled,
    "DIME302": folder_empty,
    "DIME303": folder_neglected,
    "DIME401": stage_uncovered,
    "DIME402": touchpoint_unowned,
    "DIME403": touchpoint_unheard,
    "DIME404": pillar_unserved,
    "DIME501": department_unaligned,
    "DIME502": department_unmeasured,
    "DIME601": area_unassessed,
    "DIME602": area_lagging,
    "DIME701": initiative_never_measured,
}
