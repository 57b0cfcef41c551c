"""The rules about the grid (DIME1xx): layers, pillars and areas, and their attention."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date
from typing import Any

from dime._balance._attention import AttentionStatus, Measure
from dime._balance._common import Severity
from dime._balance._finding import Finding
from dime._balance._rule import Rule
from dime._balance._ruletools import (
    NEGLECT_BASIS,
    NEGLECT_QUOTE,
    SMOJE_MINDSETS,
    ago,
    area_cause,
    find,
    finding,
    in_window,
    named,
    pct,
    planned_note,
    plural,
    rounded,
    row_absence,
)
from dime._balance._tally import day_date
from dime._balance._trend import Movement, movement, periods_of
from dime._balance._view import BalanceView
from dime._framework import AREAS, Area, Layer, Pillar

__all__ = [
    "AREA_ABSENT",
    "AREA_DOMINANT",
    "AREA_FADING",
    "AREA_NEGLECTED",
    "AREA_QUIET",
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
        "mindset in the responsibility layer.  The findings about the layer's areas follow "
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
            yield finding(
                PILLAR_NEGLECTED,
                f"The {p.word} pillar ({p.letter}) got {pct(share)} of the attention, each "
                f"layer counted equally, against a target of {pct(target)}.",
                pillar=p,
                share=rounded(share),
                target=rounded(target),
                threshold=rounded(ratio * target),
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
    source=SMOJE_MINDSETS,
    basis=NEGLECT_BASIS,
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
            yield finding(
                PILLAR_DOMINANT,
                f"The {p.word} pillar ({p.letter}) took {pct(share)} of the attention, each "
                f"layer counted equally, more than {ratio:g} times its target of {pct(target)}.",
                pillar=p,
                share=rounded(share),
                target=rounded(target),
                threshold=rounded(ratio * target),
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
    source=SMOJE_MINDSETS,
    basis=NEGLECT_BASIS + "  A dominant pillar is usually where the priority went.",
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
        yield finding(
            AREA_ABSENT,
            f"{_nothing(view, a, att.last)}{planned_note(view, a)}: this area is becoming "
            "non-existent.",
            area=a,
            cause=area_cause(found, a),
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
    source=SMOJE_MINDSETS,
    basis=NEGLECT_BASIS + "  An area with no attention at all is that danger come true.",
    quote=NEGLECT_QUOTE,
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
            lately = f"Nothing was filed in {named(a)}, and no work on it was under way,"
        else:
            lately = f"No work was under way in {named(a)}"
        yield finding(
            AREA_QUIET,
            f"{lately} {in_window(view)}; the last was on {ago(view, att.last)}"
            f"{planned_note(view, a)}. It counts as becoming non-existent after "
            f"{stretch} days with no attention.",
            area=a,
            cause=area_cause(found, a),
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
    source=SMOJE_MINDSETS,
    basis=NEGLECT_BASIS + "  A quiet area is the early sign, before it is absent.",
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


def _share_text(view: BalanceView, a: Area) -> str:
    att = view.attention[a]
    if a.layer is Layer.REVIEW:
        folder = a.cell
        n = view.filed[folder]  # type: ignore[index]
        total = sum(view.filed.values())
        return (
            f"got {pct(att.share)} of the feedback filed ({n:,} of the {total:,} items filed "
            f"{in_window(view)}; older ones count less)"
        )
    if a.layer is Layer.RESPONSIBILITY:
        mindset = a.cell
        n = view.holders[mindset]  # type: ignore[index]
        return (
            f"holds {pct(att.share)} of the holders' time ({plural(n, 'holder')}, "
            f"{view.capacity[mindset]:.2f} of their time in all)"  # type: ignore[index]
        )
    return f"got {pct(att.share)} of the work in the {a.layer.value} layer"


def area_neglected(view: BalanceView, found: Sequence[Finding]) -> Iterator[Finding]:
    ratio = view.policy.neglected_ratio
    for a in AREAS:
        att = view.attention[a]
        if att.status is not AttentionStatus.ATTENDED or att.share >= ratio * att.target:
            continue
        if a.layer is Layer.RESPONSIBILITY and not view.holders[a.cell]:  # type: ignore[index]
            continue  # DIME201
        yield finding(
            AREA_NEGLECTED,
            f"{named(a)} {_share_text(view, a)}, against a target of {pct(att.target)}: "
            "it is being neglected.",
            area=a,
            cause=area_cause(found, a),
            share=rounded(att.share),
            target=rounded(att.target),
            threshold=rounded(ratio * att.target),
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
    source=SMOJE_MINDSETS,
    basis=NEGLECT_BASIS,
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
        yield finding(
            AREA_DOMINANT,
            f"{named(a)} {text}, more than {ratio:g} times its target of {pct(att.target)}.",
            area=a,
            cause=find(found, ("DIME108",), pillar=a.pillar) or row_absence(found, a.layer),
            share=rounded(att.share),
            target=rounded(att.target),
            threshold=rounded(ratio * att.target),
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
    source=SMOJE_MINDSETS,
    basis=NEGLECT_BASIS + "  A dominant area is usually where the priority went.",
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
            cause=find(found, ("DIME104",), pillar=a.pillar),
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
