"""The rules about the grid (DIME1xx): layers, pillars and areas, and their attention."""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from datetime import date, timedelta
from typing import Any, Final

from dime._balance._attention import AttentionStatus, Measure, median
from dime._balance._common import Severity
from dime._balance._finding import Finding
from dime._balance._rule import LIBRARY_HEURISTIC, Rule
from dime._balance._ruletools import (
    NEGLECT_BASIS,
    NEGLECT_QUOTE,
    SMOJE_MINDSETS,
    ago,
    area_cause,
    find,
    finding,
    gravest,
    in_window,
    listed,
    named,
    neglected_areas,
    outcome_shape,
    pct,
    planned_note,
    plural,
    rounded,
    went_worse,
)
from dime._balance._tally import day_date, day_number
from dime._balance._trend import Movement, movement, periods_of
from dime._balance._view import BalanceView
from dime._framework import AREAS, Area, Layer, Pillar
from dime._model import JSONValue

_WORK_LAYERS: Final = (Layer.COORDINATION, Layer.IMPLEMENTATION)

__all__ = [
    "AREA_ABSENT",
    "AREA_DOMINANT",
    "AREA_FADING",
    "AREA_GOING_QUIET",
    "AREA_NEGLECTED",
    "AREA_QUIET",
    "AREA_THIN_BUT_SOUND",
    "LAYER_ABSENT",
    "LAYER_QUIET",
    "PILLAR_DOMINANT",
    "PILLAR_NEGLECTED",
]


def _layer_last(m: Measure, layer: Layer) -> int | None:
    days = [d for a in layer.areas if (d := m.primary_last[a.index]) is not None]
    return max(days, default=None)


def _layer_absent_message(view: BalanceView, layer: Layer, last: int | None) -> str:
    since = "" if last is None else f"since {ago(view, day_date(last))}"
    if layer is Layer.RESPONSIBILITY:
        return "Nobody holds any of the four mindsets: the responsibility layer does not exist."
    if layer is Layer.REVIEW:
        received = view.received - view.junk
        if view.all_feedback == 0:
            context = "no feedback is recorded at all"
        else:
            context = (
                f"{plural(received, 'piece')} of feedback, junk aside, "
                f"{'was' if received == 1 else 'were'} received {in_window(view)}"
            )
        if last is None:
            head = "Nothing has ever been filed in any feedback folder"
        else:
            head = f"Nothing was filed in any feedback folder {since}"
        return f"{head} ({context}): {_gone('the review layer', last)}."
    if last is None:
        head = f"No work has ever been under way in any area of the {layer.value} layer"
    else:
        head = f"No work was under way in any area of the {layer.value} layer {since}"
    return f"{head}: {_gone('the whole layer', last)}."


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
        yield finding(LAYER_ABSENT, message, layer=layer, **evidence)


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
        "mindset in the responsibility layer.  A layer that never had any is said not to "
        "exist in practice.  The findings about the layer's areas follow "
        "from this one and are shown under it."
    ),
    source=SMOJE_MINDSETS,
    basis=NEGLECT_BASIS + "  A whole layer without attention is that danger come true.",
    quote=NEGLECT_QUOTE,
    quote_source="Chris Smoje, the responsibility mindsets",
    evidence={
        "layer_name": "the layer",
        "last": "the last day of the layer's own kind of evidence, or null for never",
        "absent_after_days": "the policy's `absent_after`, in days",
        "received": "review layer only: feedback received in the window, junk aside",
    },
    example=(
        "Nothing has ever been filed in any feedback folder (3,995 pieces of feedback, junk "
        "aside, were received in the last 180 days): the review layer does not exist in "
        "practice."
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
                f"None of the feedback received {in_window(view)} was filed in any folder; the "
                f"latest filed was received on {on}."
            )
        else:
            message = (
                f"No work was under way in any area of the {layer.value} layer "
                f"{in_window(view)}; the last ended on {on}."
            )
        yield finding(
            LAYER_QUIET,
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
    source=SMOJE_MINDSETS,
    basis=NEGLECT_BASIS + "  A quiet layer is the early sign, before it is absent.",
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


def _pillar_figures(
    view: BalanceView, p: Pillar, read: Sequence[Layer]
) -> tuple[str, dict[str, Any]]:
    """The pillar's areas' shares in the layers ``read``, in words, and in all as evidence.

    A layer left out of the pillar's reading is not shown among its figures,
    so the words never list a share and then say it does not count.
    """
    ratios = view.pillar_ratios()[p]
    att = {layer: view.attention[Area(p, layer)] for layer in ratios}
    shown = [layer for layer in ratios if layer in read]
    targets = {att[layer].target for layer in shown}
    if len(targets) == 1:
        parts = [f"{layer.value} {pct(att[layer].share)}" for layer in shown]
        against = f", against {pct(targets.pop())} each"
    else:
        parts = [
            f"{layer.value} {pct(att[layer].share)} of {pct(att[layer].target)}" for layer in shown
        ]
        against = ""
    empty = [layer.value for layer in Layer if layer not in ratios]
    if empty:
        against += f"; the {listed(empty)} {'layer has' if len(empty) == 1 else 'layers have'} none"
    evidence: dict[str, Any] = {
        "shares": {layer.value: rounded(att[layer].share) for layer in ratios},
        "targets": {layer.value: rounded(att[layer].target) for layer in ratios},
    }
    return f"{', '.join(parts)}{against}", evidence


def _standing_shown(view: BalanceView, p: Pillar, layers: Sequence[Layer], standing: float) -> str:
    """The pillar's standing in words, as a reader recomputes it from the shares shown.

    The shares are shown to a tenth of a percent, so the median of the shown shares
    over the shown targets is what the words give; the evidence keeps the exact one.
    """
    ratios = []
    for layer in layers:
        att = view.attention[Area(p, layer)]
        # In percent, as shown: 7.9 / 20.0, not 0.079 / 0.2, which floats round apart.
        target = round(100 * att.target, 1)
        if not target:
            return _times(standing)
        ratios.append(round(100 * att.share, 1) / target)
    return _times(median(ratios)) if ratios else _times(standing)


def _times(ratio: float) -> str:
    """A ratio to a target in words: ``0.09 times`` below it, ``2.8 times`` above it.

    Never a percentage: beside the areas' own shares, which are percentages, a ratio
    written as one reads as another share.
    """
    if ratio < 1:
        return f"{ratio:.2f} times"
    return f"{ratio:.1f} times"


def _current_score(view: BalanceView, a: Area) -> float | None:
    """The area's latest score while it still counts: in the window or one half-life before."""
    score, on = view.scores.get(a), view.assessed_on.get(a)
    if score is None or on is None:
        return None
    if on.toordinal() < view.since.toordinal() - view.policy.half_life.days:
        return None
    return score


def _score_against_others(view: BalanceView, a: Area) -> tuple[float, date, float] | None:
    """The area's current score, its day, and the mean of the other areas' latest scores.

    None when the area has no current score (see :func:`_current_score`) or no
    other area is assessed.
    """
    score, on = _current_score(view, a), view.assessed_on.get(a)
    others = [s for b, s in view.scores.items() if b != a]
    if score is None or on is None or not others:
        return None
    return score, on, math.fsum(others) / len(others)


def _assessment_agrees(view: BalanceView, a: Area) -> tuple[str, dict[str, JSONValue] | None]:
    """The area's own current assessment, in words and as evidence, when it agrees.

    It agrees with a finding of neglect when it is more than ``score_tolerance``
    below the mean of the other areas' latest scores (as ``DIME602`` would read
    it, which leaves such an area to this finding); otherwise nothing is said.
    """
    scored = _score_against_others(view, a)
    if scored is None or scored[0] >= scored[2] - view.policy.score_tolerance:
        return "", None
    score, on, mean = scored
    # It singles the area out only when it gives as little to no area above the neglect line.
    alike = sorted(
        (
            b
            for b, s in view.scores.items()
            if b != a and s <= score and not _short_of_attention(view, b)
        ),
        key=lambda b: (view.scores[b], b.index),
    )
    as_low = len(alike)
    # Said as "the other areas" only when every other area is assessed.
    assessed = sum(1 for b in view.scores if b != a)
    if assessed == len(AREAS) - 1:
        others = "the other areas"
    else:
        others = (
            "the one other area assessed"
            if assessed == 1
            else f"the {assessed} other areas assessed"
        )
    if as_low:
        shown = [f"'{b.title}' {view.scores[b]:.1f}" for b in alike[:3]]
        more = f" and {as_low - 3} more" if as_low > 3 else ""
        said = (
            f" The organisation's own assessment gives it {score:.1f} on {on.isoformat()}, "
            f"against {mean:.1f} for {others} on average, but it gives as little to "
            f"{plural(as_low, 'area')} above this library's neglect line ({', '.join(shown)}"
            f"{more}): it does not single this one out."
        )
    else:
        said = (
            f" The organisation's own assessment agrees: {score:.1f} on {on.isoformat()}, "
            f"against {mean:.1f} for {others}."
        )
    return said, {
        "score": rounded(score),
        "on": on.isoformat(),
        "others_mean": rounded(mean),
        "as_low": as_low,
    }


def _short_of_attention(view: BalanceView, a: Area) -> bool:
    """Whether ``a`` has no attention in the window, or less than ``neglected_ratio`` of its target."""
    att = view.attention[a]
    return (
        att.status is not AttentionStatus.ATTENDED
        or att.share < view.policy.neglected_ratio * att.target
    )


def _assessed_as_well(view: BalanceView, p: Pillar, layers: Sequence[Layer]) -> bool:
    """Whether the pillar's areas in ``layers`` score no lower than the other pillars' areas.

    At least half of those areas need a current score (see :func:`_current_score`);
    lower means more than ``score_tolerance`` below the others' mean, as for the
    cheap continuous work that ``DIME102`` leaves alone.
    """
    mine = [s for layer in layers if (s := _current_score(view, Area(p, layer))) is not None]
    others = [s for a in AREAS if a.pillar is not p and (s := _current_score(view, a)) is not None]
    if not mine or not others or 2 * len(mine) < len(layers):
        return False
    mean_mine = math.fsum(mine) / len(mine)
    return mean_mine >= math.fsum(others) / len(others) - view.policy.score_tolerance


def _pillar_readings(
    view: BalanceView, found: Sequence[Finding]
) -> dict[Pillar, tuple[float | None, list[Layer], str]]:
    """Each pillar's standing, the layers it reads and a note on any left out.

    When one folder holds all the feedback (``DIME305``), that explains the
    review layer, so every pillar is read without it, for neglect and
    priority alike.
    """
    one_folder = any(f.code == "DIME305" for f in found)
    readings = {}
    for p, ratios in view.pillar_ratios().items():
        layers = [layer for layer in Layer if layer in ratios]
        note = ""
        if one_folder and Layer.REVIEW in layers:
            layers.remove(Layer.REVIEW)
            note = "; the review layer is left out, as one folder holds all the feedback filed"
        standing = median([ratios[layer] for layer in layers]) if layers else None
        readings[p] = (standing, layers, note)
    return readings


def pillar_neglected(view: BalanceView, found: Sequence[Finding]) -> Iterator[Finding]:
    if not view.evaluated:
        return
    limit = view.policy.pillar_neglected_ratio
    for p, (standing, layers, note) in _pillar_readings(view, found).items():
        if standing is None or not standing < limit:
            continue
        # Rated as well as the others, with attention in every area it is read in: little
        # effort, soundly spent.  An area of it with none in the window is not sound.
        silent = any(
            view.attention[Area(p, layer)].status in (AttentionStatus.ABSENT, AttentionStatus.QUIET)
            for layer in layers
        )
        if not silent and _assessed_as_well(view, p, layers):
            continue
        figures, evidence = _pillar_figures(view, p, layers)
        yield finding(
            PILLAR_NEGLECTED,
            f"The {p.word} pillar ({p.letter}) is being neglected: at the median, its areas get "
            f"{_standing_shown(view, p, layers, standing)} their target shares ({figures}{note}).",
            pillar=p,
            # A mindset owns its column: the pillar's neglect follows from it being unheld.
            cause=find(found, ("DIME201",), area=Area(p, Layer.RESPONSIBILITY)),
            standing=rounded(standing),
            threshold=limit,
            layers=[layer.value for layer in layers],
            **evidence,
        )


PILLAR_NEGLECTED = Rule(
    code="DIME104",
    name="pillar-neglected",
    severity=Severity.WARNING,
    check=pillar_neglected,
    summary="A pillar (column of the grid) gets far less attention than its target, layer by layer.",
    meaning=(
        "A pillar's standing is the median of its areas' shares of their layers, each over "
        "its target share (1 is on target), over the layers that have any attention at "
        "all: a median, so that one layer where the pillar dominates cannot mask the "
        "others where it withers.  It fires when the standing is below "
        "`pillar_neglected_ratio` (default 0.5).  The neglect of several of its areas makes "
        "a pillar's together, so the pillar comes first: the findings about its areas "
        "(absent, quiet, neglected, going quiet, fading, a low score) follow from it, unless "
        "they follow from a fact about more than the area (their whole layer, the one "
        "folder holding all the feedback, their column's unheld mindset).  It follows from "
        "its column's unheld mindset (`DIME201`: a mindset owns its column) when there is "
        "one, and is a root otherwise.  When "
        "one folder holds all the feedback (`DIME305`), that explains the review layer, so "
        "the standing leaves the review layer out.  A pillar is not called neglected when at "
        "least half of the areas read have a current assessment (in the window, or one "
        "`half_life` before it), their mean score is no lower than the other pillars' "
        "areas' (within `score_tolerance`, as for `DIME102`), and none of its areas read is "
        "absent or quiet (an area with no attention in the window is not soundly run, "
        "however the pillar is rated)."
    ),
    source=SMOJE_MINDSETS,
    basis=NEGLECT_BASIS,
    evidence={
        "standing": "the median of the pillar's areas' shares over their targets",
        "shares": "each layer's share of the pillar's area, by layer name",
        "targets": "each of those areas' target shares, by layer name",
        "threshold": "the policy's `pillar_neglected_ratio`",
        "layers": "the layers the standing reads",
    },
    example=(
        "The Deliberate pillar (D) is being neglected: at the median, its areas get 0.09 "
        "times their target shares (coordination 0.2%, implementation 0.0%, review 100.0%, "
        "responsibility 4.3%, against 25.0% each)."
    ),
    fix="Plan work in the pillar's areas, starting with its coordination area (the foundation).",
    tune="Lower `pillar_neglected_ratio`, or change the pillar's areas in `targets`.",
)


def _beyond_neglect(view: BalanceView, a: Area, neglected: set[Area]) -> float | None:
    """``a``'s share with its layer's neglected areas raised to the neglect line, if still dominant.

    None when that takes it to ``dominant_ratio`` times its target or below.

    An area's share is what the others in its layer lack, so a dominant area beside
    neglected ones is at first only their other side.  Raised to ``neglected_ratio`` of
    their targets, the share they take from it is all their neglect accounts for: what
    it still holds beyond its threshold is priority given on its own account.
    """
    policy = view.policy
    att = view.attention[a]
    if (
        att.status is not AttentionStatus.ATTENDED
        or att.share <= policy.dominant_ratio * att.target
    ):
        return None
    deficit = math.fsum(
        max(0.0, policy.neglected_ratio * view.attention[b].target - view.attention[b].share)
        for b in a.layer.areas
        if b != a and b in neglected
    )
    left = att.share - deficit
    return left if deficit > 0 and left > policy.dominant_ratio * att.target else None


def pillar_dominant(view: BalanceView, found: Sequence[Finding]) -> Iterator[Finding]:
    if not view.evaluated:
        return
    limit = view.policy.pillar_dominant_ratio
    neglected = [f for f in found if f.code == "DIME104" and f.pillar is not None]
    gone = neglected_areas(found)
    for p, (standing, layers, note) in _pillar_readings(view, found).items():
        if standing is None or not standing > limit:
            continue
        # Pillars share the whole as areas share their layer: one's priority is the
        # others' neglect.  The gravest neglected pillar is what this one is context for,
        # unless its areas take more than the neglect beside them accounts for: then the
        # priority is its own issue, and heads those areas.
        beyond = [layer for layer in layers if _beyond_neglect(view, Area(p, layer), gone)]
        others = [f for f in neglected if f.pillar is not p]
        other = None if beyond else min(others, key=_lowest_standing, default=None)
        figures, evidence = _pillar_figures(view, p, layers)
        own = ""
        if beyond:
            own = (
                f" In the {listed([layer.value for layer in beyond])} "
                f"{'layer' if len(beyond) == 1 else 'layers'} its "
                f"{'area takes' if len(beyond) == 1 else 'areas take'} more than the neglect "
                "beside them accounts for."
            )
        elif not gone and not neglected:
            own = (
                " No area is neglected beside it: a priority to keep watching, as the areas "
                "favoured can starve the others, not yet a loss."
            )
        yield finding(
            PILLAR_DOMINANT,
            f"The {p.word} pillar ({p.letter}) gets far more than its share: at the median, "
            f"its areas get "
            f"{_standing_shown(view, p, layers, standing)} their target shares "
            f"({figures}{note}).{own}",
            pillar=p,
            cause=None if other is None else other.ref,
            context=other is not None,
            severity=None if other is not None else Severity.INFO,
            standing=rounded(standing),
            threshold=limit,
            beyond_neglect=[layer.value for layer in beyond],
            **evidence,
        )


def _lowest_standing(f: Finding) -> tuple[float, int]:
    standing = f.evidence.get("standing")
    value = float(standing) if isinstance(standing, (int, float)) else 0.0
    return (value, 4 if f.pillar is None else f.pillar.index)


PILLAR_DOMINANT = Rule(
    code="DIME108",
    name="pillar-dominant",
    severity=Severity.WARNING,
    check=pillar_dominant,
    summary="A pillar (column of the grid) gets far more attention than its target, layer by layer.",
    meaning=(
        "The pillar's standing, measured as for `DIME104`, is above "
        "`pillar_dominant_ratio` (default 1.6).  Priority given is what neglect elsewhere "
        "comes from, but the report leads with what to fix: this finding is context, "
        "folded under the most neglected other pillar's `DIME104` (the lowest standing), "
        "and a warning there; when no other pillar is neglected it is a root of severity "
        "info, because a strength is not a problem.  When any of its areas takes more than "
        "the neglect beside it accounts for (see `DIME103`), the priority is its own issue: "
        "a root of severity info, and those areas' `DIME103` follow from it."
    ),
    source=SMOJE_MINDSETS,
    basis=NEGLECT_BASIS + "  A dominant pillar is usually where the priority went.",
    quote=NEGLECT_QUOTE,
    quote_source="Chris Smoje, the responsibility mindsets",
    evidence={
        "standing": "the median of the pillar's areas' shares over their targets",
        "shares": "each layer's share of the pillar's area, by layer name",
        "targets": "each of those areas' target shares, by layer name",
        "threshold": "the policy's `pillar_dominant_ratio`",
        "beyond_neglect": (
            "the layers where its area takes more than the neglect beside it accounts for"
        ),
    },
    example=(
        "The Experiences pillar (E) gets far more than its share: at the median, its areas get 2.8 "
        "times their target shares (coordination 85.2%, implementation 92.1%, review 0.0%, "
        "responsibility 55.3%, against 25.0% each)."
    ),
    fix="Finish or pause work in the pillar and move effort to the neglected ones.",
    tune="Raise `pillar_dominant_ratio`, or raise the pillar's areas in `targets`.",
)


def _gone(what: str, last: object) -> str:
    """``what`` is becoming non-existent, or, never attended, does not exist in practice."""
    if last is None:
        return f"{what} does not exist in practice"
    return f"{what} is becoming non-existent"


def _nothing(view: BalanceView, a: Area, last: date | None) -> str:
    """No attention in ``a``: ever, since ``last``, or (with ``last`` in the window) lately."""
    filed = a.layer is Layer.REVIEW
    if last is None:
        if filed:
            return f"Nothing has ever been filed in {named(a)}, and no work on it is recorded"
        return f"No work has ever been under way in {named(a)}"
    when = f"since {ago(view, last)}"
    if filed:
        return f"Nothing was filed in {named(a)}, and no work on it was under way, {when}"
    return f"No work was under way in {named(a)} {when}"


def area_absent(view: BalanceView, found: Sequence[Finding]) -> Iterator[Finding]:
    stretch = view.policy.absent_after.days
    for a in AREAS:
        if a.layer is Layer.RESPONSIBILITY:
            continue  # DIME201: a mindset exists through its holders
        att = view.attention[a]
        if att.status is not AttentionStatus.ABSENT:
            continue
        agrees, assessment = _assessment_agrees(view, a)
        yield finding(
            AREA_ABSENT,
            f"{_nothing(view, a, att.last)}{planned_note(view, a)}: "
            f"{_gone('this area', att.last)}.{agrees}",
            area=a,
            cause=area_cause(found, a),
            last=None if att.last is None else att.last.isoformat(),
            planned=att.planned,
            absent_after_days=stretch,
            assessment=assessment,
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
        "`absent_after` (default 365 days), or ever (then the finding says it does not "
        "exist in practice, rather than that it is becoming non-existent).  Planned work "
        "does not count, and the "
        "finding says when there is some.  An area attended more recently than that but "
        "not in the window is quiet (`DIME107`), not absent.  In the responsibility layer a "
        "mindset exists through the people holding it: see `DIME201`."
    ),
    source=SMOJE_MINDSETS,
    basis=NEGLECT_BASIS + "  An area with no attention at all is that danger come true.",
    quote=NEGLECT_QUOTE,
    quote_source="Chris Smoje, the responsibility mindsets",
    evidence={
        "assessment": (
            "the area's own current assessment when it agrees (more than `score_tolerance` "
            "below the other areas' mean): `score`, `on`, `others_mean`, and `as_low`, how "
            "many other areas above this library's neglect line it gives as little (the "
            "assessment agrees only when none); else null"
        ),
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
            lately = f"Nothing was filed in {named(a)}, and no work on it was under way,"
        else:
            lately = f"No work was under way in {named(a)}"
        agrees, assessment = _assessment_agrees(view, a)
        yield finding(
            AREA_QUIET,
            f"{lately} {in_window(view)}; the last was on {ago(view, att.last)}"
            f"{planned_note(view, a)}. With no attention by then, it counts as absent from "
            f"{(att.last + timedelta(days=stretch)).isoformat()}, {stretch} days after the "
            f"last.{agrees}",
            area=a,
            cause=area_cause(found, a),
            last=att.last.isoformat(),
            planned=att.planned,
            absent_after_days=stretch,
            assessment=assessment,
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
    source=SMOJE_MINDSETS,
    basis=NEGLECT_BASIS + "  A quiet area is the early sign, before it is absent.",
    evidence={
        "assessment": (
            "the area's own current assessment when it agrees (more than `score_tolerance` "
            "below the other areas' mean): `score`, `on`, `others_mean`, and `as_low`, how "
            "many other areas above this library's neglect line it gives as little (the "
            "assessment agrees only when none); else null"
        ),
        "last": "the last day of any evidence",
        "planned": "initiatives planned there and not started",
        "absent_after_days": "the policy's `absent_after`, in days",
    },
    example=(
        "No work was under way in 'People behaviours' (I, coordination) in the last 180 "
        "days; the last was on 2026-04-20, 194 days ago. With no attention by then, it "
        "counts as absent from 2027-04-20, 365 days after the last."
    ),
    fix="Plan the area's next piece of work, or file the feedback that belongs in its folder.",
    tune="Lengthen `window` to count older work in full, or waive the area.",
)


def _share_text(view: BalanceView, a: Area) -> str:
    att = view.attention[a]
    if a.layer is Layer.REVIEW:
        folder = a.cell
        n = view.filed[folder]  # type: ignore[index]
        total = sum(view.filed.values())
        return (
            f"got {pct(att.share)} of the feedback filed, older filings counting less "
            f"({n:,} of the {total:,} items filed {in_window(view)})"
        )
    if a.layer is Layer.RESPONSIBILITY:
        mindset = a.cell
        n = view.holders[mindset]  # type: ignore[index]
        fte = view.capacity[mindset]  # type: ignore[index]
        time = f"{fte:.2f} full-time equivalents"
        return (
            f"holds {pct(att.share)} of the holders' time ({plural(n, 'holder')}, "
            f"{time + ' between them' if n > 1 else 'with ' + time})"
        )
    return f"got {pct(att.share)} of the work in the {a.layer.value} layer"


def _cheap_and_sound(view: BalanceView, a: Area) -> tuple[float, date, float] | None:
    """Work under way in ``a`` now, and its current assessment about as good as the others'.

    When it is: the area's latest score, the day of it, and the mean of the other
    areas' latest scores; else None.
    """
    if a.layer not in _WORK_LAYERS or not view.measure.under_way[a.index]:
        return None
    if 2 * _days_under_way(view, a) < view.window_days:
        return None  # begun lately, after a quiet stretch: not continuous work
    # Current while it would still count at least half as evidence: in the window, or
    # within one half-life before it.
    scored = _score_against_others(view, a)
    if scored is None or scored[0] < scored[2] - view.policy.score_tolerance:
        return None
    if _worse_since(view, a, scored[1]):
        return None  # the assessment predates work there that made things worse
    return scored


def _worse_since(view: BalanceView, a: Area, day: date) -> bool:
    """Whether work in ``a`` recorded an outcome the wrong way, in the window, after ``day``."""
    after = max(day_number(day), day_number(view.since))
    return any(
        o.area == a.index
        and after < o.measured_on <= day_number(view.until)
        and (shape := outcome_shape(view, o.owner, o.measure)) is not None
        and went_worse(shape, o)
        for o in view.tally.outcomes
    )


def _days_under_way(view: BalanceView, a: Area) -> int:
    """The days of the window on which an initiative in ``a`` was under way."""
    since, until = view.measure.since, view.measure.until
    spans = sorted(
        (max(first, since), until if last is None else min(last, until))
        for (area, first, last) in view.tally.work
        if area == a.index and first <= until and (last is None or last >= since)
    )
    days, reached = 0, since - 1
    for first, last in spans:
        if last > reached:
            days += last - max(first, reached + 1) + 1
            reached = last
    return days


def _on_days(view: BalanceView, a: Area) -> str:
    """How much of the window work in ``a`` was under way, in words."""
    days = _days_under_way(view, a)
    if days >= view.window_days:
        return "throughout the window"
    return f"on {days} of the window's {view.window_days} days"


def _thin(view: BalanceView, a: Area) -> bool:
    """An attended area below ``neglected_ratio`` of its target, its mindset held if a mindset."""
    att = view.attention[a]
    if (
        att.status is not AttentionStatus.ATTENDED
        or att.share >= view.policy.neglected_ratio * att.target
    ):
        return False
    return a.layer is not Layer.RESPONSIBILITY or bool(view.holders[a.cell])  # type: ignore[index]


def area_neglected(view: BalanceView, found: Sequence[Finding]) -> Iterator[Finding]:
    ratio = view.policy.neglected_ratio
    for a in AREAS:
        if not _thin(view, a):
            continue  # attended enough, absent or quiet (DIME101, DIME107), or unheld (DIME201)
        if _cheap_and_sound(view, a) is not None:
            continue  # cheap, continuous work the organisation itself rates as sound: DIME111
        att = view.attention[a]
        agrees, assessment = _assessment_agrees(view, a)
        yield finding(
            AREA_NEGLECTED,
            f"{named(a)} {_share_text(view, a)}, against a target of {pct(att.target)}: "
            f"it is being neglected.{agrees}",
            area=a,
            cause=area_cause(found, a),
            share=rounded(att.share),
            target=rounded(att.target),
            threshold=rounded(ratio * att.target),
            assessment=assessment,
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
        "evidence fades with `half_life`.  Cheap, continuous work is not neglect (a library "
        "heuristic): an area of the coordination or implementation layer with work under "
        "way now, whose latest assessment is current (in the window, or within one "
        "`half_life` before it: while it would still count at least half as evidence) and "
        "at most `score_tolerance` (default 0.5, half a point of 5) below the mean of the "
        "other areas' latest scores, is not called neglected for a low share of effort.  "
        "Without a current assessment the share stands."
    ),
    source=SMOJE_MINDSETS,
    basis=NEGLECT_BASIS,
    evidence={
        "assessment": (
            "the area's own current assessment when it agrees (more than `score_tolerance` "
            "below the other areas' mean): `score`, `on`, `others_mean`, and `as_low`, how "
            "many other areas above this library's neglect line it gives as little (the "
            "assessment agrees only when none); else null"
        ),
        "share": "the area's share of its layer's attention",
        "target": "its target share of the layer",
        "threshold": "`neglected_ratio` times the target",
    },
    example=(
        "'Planning for customers' (E, review) got 0.9% of the feedback filed, older filings "
        "counting less (4 of the 908 items filed in the last 180 days), against a target of "
        "25.0%: it is being neglected."
    ),
    fix=(
        "Move attention into the area: work, feedback that belongs in its folder, or "
        "someone's time for its mindset."
    ),
    tune="Lower `neglected_ratio`, or change the area's share in `targets`.",
)


def area_thin_but_sound(view: BalanceView, _found: Sequence[Finding]) -> Iterator[Finding]:
    ratio = view.policy.neglected_ratio
    for a in AREAS:
        if not _thin(view, a):
            continue
        sound = _cheap_and_sound(view, a)
        if sound is None:
            continue
        score, on, mean = sound
        att = view.attention[a]
        tolerance = view.policy.score_tolerance
        standing = (
            "at or above the other areas' mean"
            if score >= mean
            else f"within {tolerance:g} of the other areas' mean"
        )
        yield finding(
            AREA_THIN_BUT_SOUND,
            f"{named(a)} {_share_text(view, a)}, against a target of {pct(att.target)}, but "
            f"it is not called neglected: work has been under way there {_on_days(view, a)}, "
            f"and its latest assessment ({score:.1f}, on {on.isoformat()}) is {standing} ({mean:.1f}).",
            area=a,
            share=rounded(att.share),
            target=rounded(att.target),
            threshold=rounded(ratio * att.target),
            score=rounded(score),
            assessed_on=on.isoformat(),
            others_mean=rounded(mean),
            score_tolerance=view.policy.score_tolerance,
        )


AREA_THIN_BUT_SOUND = Rule(
    code="DIME111",
    name="area-thin-but-sound",
    severity=Severity.INFO,
    check=area_thin_but_sound,
    summary="An area got little of its layer's work, but the work is continuous and rated sound.",
    meaning=(
        "Says why an area below `neglected_ratio` of its target is not `DIME102`: in the "
        "coordination or implementation layer, work is under way in it on the day of the "
        "check and was on at least half the window's days (work begun lately after a quiet "
        "stretch is not continuous), no work there recorded an outcome the wrong way in the "
        "window after the assessment (it would be stale), and its latest assessment is current (in the window, or within one "
        "`half_life` before it) and at most `score_tolerance` below the mean of the other "
        "areas' latest scores.  Cheap, continuous work is not neglect; the finding keeps "
        "the low share in sight, with the figures the judgement rests on, so that the grid's "
        "unmarked low share is never left unexplained."
    ),
    source=LIBRARY_HEURISTIC,
    basis=(
        "Effort is the library's measure of attention, and some areas need little of it: "
        "an area whose work never stops and that the organisation itself rates as well as "
        "the others is not being neglected, whatever its share of the effort."
    ),
    evidence={
        "share": "the area's share of its layer's attention",
        "target": "its target share of the layer",
        "threshold": "`neglected_ratio` times the target",
        "score": "its latest assessment score",
        "assessed_on": "the day of that assessment",
        "others_mean": "the mean of the other areas' latest scores",
        "score_tolerance": "the policy's `score_tolerance`",
    },
    example=(
        "'Customer feedback for intelligence' (M, implementation) got 4.7% of the work in "
        "the implementation layer, against a target of 25.0%, but it is not called "
        "neglected: work is under way there, and its latest assessment (3.5, on "
        "2026-04-10) is within 0.5 of the other areas' mean (3.9)."
    ),
    fix=(
        "Nothing to fix; reassess the area when its work changes, since a stale "
        "assessment ends this judgement."
    ),
    tune="Lower `score_tolerance` to call such areas neglected, or ignore the rule.",
)


def area_dominant(view: BalanceView, found: Sequence[Finding]) -> Iterator[Finding]:
    ratio = view.policy.dominant_ratio
    one_folder = next((f.area for f in found if f.code == "DIME305"), None)
    gone = neglected_areas(found)
    for a in AREAS:
        att = view.attention[a]
        if att.status is not AttentionStatus.ATTENDED or att.share <= ratio * att.target:
            continue
        if a == one_folder:
            continue  # DIME305 says it, and what it leaves empty
        # The area's share is what the others in its layer lack: it is the context of the
        # gravest neglect there, or, with nothing neglected there, a strength.  Beyond
        # what that neglect accounts for, it is priority given: a warning of its own,
        # following from its pillar's when that is given priority too.
        left = _beyond_neglect(view, a, gone)
        text = _share_text(view, a).replace("got ", "took ", 1)
        if left is not None:
            yield finding(
                AREA_DOMINANT,
                f"{named(a)} {text}, more than {ratio:g} times its target of "
                f"{pct(att.target)}, and more than the neglect beside it accounts for: it "
                f"would still take {pct(left)} with the neglected areas of its layer at "
                f"{view.policy.neglected_ratio:g} of their targets.",
                area=a,
                cause=find(found, ("DIME108",), pillar=a.pillar),
                severity=Severity.INFO,
                share=rounded(att.share),
                target=rounded(att.target),
                threshold=rounded(ratio * att.target),
                beyond_neglect=rounded(left),
            )
            continue
        cause = gravest(found, [b for b in a.layer.areas if b != a])
        # With nothing neglected beside it, it is part of its pillar's priority, when that
        # is given.
        priority = None if cause is not None else find(found, ("DIME108",), pillar=a.pillar)
        yield finding(
            AREA_DOMINANT,
            f"{named(a)} {text}, more than {ratio:g} times its target of {pct(att.target)}.",
            area=a,
            cause=cause or priority,
            context=cause is not None,
            severity=None if cause is not None else Severity.INFO,
            share=rounded(att.share),
            target=rounded(att.target),
            threshold=rounded(ratio * att.target),
            beyond_neglect=None,
        )


AREA_DOMINANT = Rule(
    code="DIME103",
    name="area-dominant",
    severity=Severity.WARNING,
    check=area_dominant,
    summary="An area took far more of its layer's attention than its target share.",
    meaning=(
        "The area's share of its layer's attention is above `dominant_ratio` (default 2) "
        "times its target share of the layer (half the layer with equal targets).  An "
        "area's share is what the other areas of its layer lack, so priority given is "
        "where neglect comes from; but a report leads with what to fix: this finding is "
        "context, folded under the gravest neglect among the other areas of its layer "
        "(an unheld mindset, an absent, quiet or neglected area), and a warning there.  "
        "Unless it takes more than that neglect accounts for: with the neglected areas of "
        "its layer raised to `neglected_ratio` of their targets from its share, it would "
        "still be above `dominant_ratio` times its target.  Then the priority is its own "
        "issue, of severity info (a strength or a choice, which the reader judges: the "
        "neglect beside it is reported on its own), marked `[+]`; it follows from its "
        "pillar's `DIME108` when that is given priority on its own account too, and is a "
        "root otherwise.  When nothing in its layer is neglected it is a root of severity "
        "info too: a strength is not a problem.  A "
        "folder that holds all the feedback filed is `DIME305`'s instead."
    ),
    source=SMOJE_MINDSETS,
    basis=NEGLECT_BASIS + "  A dominant area is usually where the priority went.",
    quote=NEGLECT_QUOTE,
    quote_source="Chris Smoje, the responsibility mindsets",
    evidence={
        "share": "the area's share of its layer's attention",
        "target": "its target share of the layer",
        "threshold": "`dominant_ratio` times the target",
        "beyond_neglect": (
            "its share with the neglected areas of its layer raised to the neglect line, "
            "when still above the threshold; else null"
        ),
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
    # A trend of periods of `fading_period` days ending now, read as every trend is read.
    read = periods_of(
        view.tally,
        every=policy.fading_period,
        since=until - (periods + 1) * step + 1,
        until=until,
        policy=policy,
    )
    saved = bool(view.tally.states)
    for a in AREAS:
        if movement(read, a, policy, saved_states=saved) is not Movement.FADING:
            continue
        shares = [p.attention[a].share for p in read]
        first, now = shares[0], shares[-1]
        yield finding(
            AREA_FADING,
            f"Attention to {named(a)} is fading: its share of {_what(a.layer)} fell in "
            f"each of the last {periods} periods of {step} days, from {pct(first)} to "
            f"{pct(now)}.",
            area=a,
            cause=find(found, ("DIME102",), area=a) or area_cause(found, a),
            shares=[rounded(s) for s in shares],
            period_days=step,
            threshold=rounded(policy.fading_ratio * first),
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
        "and now: a trend of the organisation, read as `dime.trend` reads one.  The area is "
        "still attended, its share fell at every step, it ends below `fading_ratio` (default "
        "0.5) times where it started, and it started with at least `neglected_ratio` times "
        "its target.  Every period read holds evidence of the area's kind (work under way, "
        "feedback received): a decline read from old evidence alone is no trend.  One "
        "project ending cannot make an area fade: finished work counts in full for a window "
        "and then fades smoothly.  The mindsets have no dates: they are read only across "
        "saved states, in a `dime.history`."
    ),
    source=SMOJE_MINDSETS,
    basis=NEGLECT_BASIS + "  A sustained decline is how an area starts to disappear.",
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


def _planned_text(view: BalanceView, a: Area) -> str:
    """What is planned in ``a``, by title, or that nothing is."""
    note = view.planned.get(a)
    if note is None or not note.number:
        return ", and nothing is planned"
    titles = [f"'{title}'" for _, title in note.examples]
    more = note.number - len(titles)
    verb = "is" if note.number == 1 else "are"
    return f"; {listed(titles, more)} {verb} planned there but not started"


def area_going_quiet(view: BalanceView, found: Sequence[Finding]) -> Iterator[Finding]:
    idle = view.policy.idle_after.days
    m = view.measure
    for a in AREAS:
        if a.layer is Layer.RESPONSIBILITY:
            continue  # holders have no dates: a held mindset does not go quiet
        att = view.attention[a]
        if att.status is not AttentionStatus.ATTENDED or m.under_way[a.index] or att.last is None:
            continue
        days = view.until.toordinal() - att.last.toordinal()
        if days <= idle:
            continue
        quiet_on = day_date(day_number(att.last) + view.window_days)
        if a.layer is Layer.REVIEW:
            head = f"Nothing has been filed in {named(a)}, and no work on it has been under way,"
        else:
            head = f"Nothing has been under way in {named(a)}"
        agrees, assessment = _assessment_agrees(view, a)
        yield finding(
            AREA_GOING_QUIET,
            f"{head} since {ago(view, att.last)}{_planned_text(view, a)}: the area will count as quiet "
            f"on {quiet_on.isoformat()}.{agrees}",
            area=a,
            cause=find(found, ("DIME102",), area=a) or area_cause(found, a),
            last=att.last.isoformat(),
            idle_days=days,
            planned=att.planned,
            quiet_on=quiet_on.isoformat(),
            idle_after_days=idle,
            assessment=assessment,
        )


AREA_GOING_QUIET = Rule(
    code="DIME110",
    name="area-going-quiet",
    severity=Severity.INFO,
    check=area_going_quiet,
    summary="An attended area has had nothing under way for months: it is about to turn quiet.",
    meaning=(
        "In the coordination, implementation and review layers: the area is still attended "
        "(its evidence falls in the window), but nothing is under way in it on the day of "
        "the check (no initiative running, and for a folder nothing filed since) and its "
        "last evidence is more than `idle_after` (default 90 days) old.  The finding says "
        "since when, what is planned there, if anything (planned work is not attention "
        "until it starts), and the day the area will count as quiet (`DIME107`) if nothing starts: "
        "the day its last evidence leaves the window."
    ),
    source=SMOJE_MINDSETS,
    basis=(
        NEGLECT_BASIS
        + "  The point of the check is to flag neglect early: an area where nothing has "
        "been going on for months is where it begins, before the area turns quiet and, "
        "later, absent.  The threshold is the library's, and so the finding is info by "
        "default: a watch list, not a warning."
    ),
    quote=NEGLECT_QUOTE,
    quote_source="Chris Smoje, the responsibility mindsets",
    evidence={
        "assessment": (
            "the area's own current assessment when it agrees (more than `score_tolerance` "
            "below the other areas' mean): `score`, `on`, `others_mean`, and `as_low`, how "
            "many other areas above this library's neglect line it gives as little (the "
            "assessment agrees only when none); else null"
        ),
        "last": "the last day of any evidence in the area",
        "idle_days": "the days since then",
        "planned": "initiatives planned there and not started",
        "quiet_on": "the day the area will count as quiet if nothing starts",
        "idle_after_days": "the policy's `idle_after`, in days",
    },
    example=(
        "Nothing has been under way in 'Customer feedback for intelligence' (M, "
        "implementation) since 2026-05-29, 155 days ago, and nothing is planned: the area "
        "will count as quiet on 2026-11-25."
    ),
    fix="Start the area's next piece of work (or the planned one) before it turns quiet.",
    tune="Lengthen `idle_after` (days), or waive the area with a reason.",
)
