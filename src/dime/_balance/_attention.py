"""Attention: how much each area is looked after at one moment, measured the way its layer exists.

One measure per area, computed here and nowhere else, from a tally, a
moment and a policy: the rules, the report, ``records()`` and every picture
read it.  Computing it at the end of several periods is how the fading rule
sees a trend.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any, Final, TypeVar

import attrs

from dime._balance._common import FLOAT_MAX, BalanceEnum, FrozenMap, Signal
from dime._balance._policy import Policy
from dime._balance._tally import Tally, day_date, exact, inexact
from dime._framework import Area, Layer, Pillar

__all__ = [
    "Attention",
    "AttentionStatus",
    "EvidenceKind",
    "Measure",
    "evenness",
    "headline",
    "measure",
    "pillar_ratios",
    "pillar_shares",
    "pillar_standing",
    "pillar_targets",
    "row_targets",
]

_K = TypeVar("_K")
_WORK_ROWS: Final = (0, 1)
_REVIEW_START: Final = 8
_RESPONSIBILITY_START: Final = 12


class AttentionStatus(BalanceEnum):
    """Whether an area is looked after, at the moment of a check.

    >>> import dime
    >>> report = dime.check(dime.example())
    >>> report.attention[dime.Mindset.EMOTIONAL.area].status
    AttentionStatus.ABSENT
    """

    #: Evidence of the area's kind within the window.
    ATTENDED = "attended"
    #: None in the window, but some within the policy's ``absent_after``.
    QUIET = "quiet"
    #: No evidence of any kind for ``absent_after``, or ever.
    ABSENT = "absent"
    #: The organisation records nothing at all, so nothing can be said.
    NOT_EVALUATED = "not_evaluated"


class EvidenceKind(BalanceEnum):
    """A kind of evidence that an area is looked after.

    >>> import dime
    >>> sorted(k.value for k in dime.check(dime.example()).attention[
    ...     dime.FeedbackFolder.LISTENING.area].evidence)
    ['feedback', 'work']
    """

    #: Initiatives under way in the area.
    WORK = "work"
    #: Feedback filed in the area's folder (review layer).
    FEEDBACK = "feedback"
    #: People holding the area's mindset (responsibility layer).
    HOLDERS = "holders"


@attrs.frozen(kw_only=True)
class Attention:
    """How much one area is looked after at the moment of a check.

    The amount is in the unit of the area's layer (:attr:`Signal.unit`):
    the effort of initiatives in the coordination and implementation
    layers, the feedback filed in the folder in the review layer, the share
    of time of the people holding the mindset in the responsibility layer.
    Evidence counts in full while it falls in the policy's window (an
    initiative under way at any time in it, feedback received in it) and
    then counts half as much every ``half_life``; holders count while they
    hold the mindset.  Work on a folder or a mindset is evidence that the
    area is attended but is not part of its amount.  ``share`` is the
    area's share of its layer's amount and ``target`` its share of the
    layer's targets: both are shares of one row of the grid, because the
    layers count different things.

    >>> import dime
    >>> a = dime.check(dime.example()).attention[dime.Practice.CUSTOMER_CARE.area]
    >>> a.status, a.unit, a.target
    (AttentionStatus.ATTENDED, 'effort', 0.25)
    """

    #: The area.
    area: Area
    #: Whether it is looked after.
    status: AttentionStatus
    #: Its weighted amount, in its layer's unit.
    amount: float
    #: Its share of its layer's amount (0.0 when the layer has none).
    share: float
    #: Its share of its layer's targets.
    target: float
    #: The kinds of evidence found within the window.
    evidence: frozenset[EvidenceKind]
    #: The last day of dated evidence (work under way, feedback filed), or None.
    last: date | None
    #: Initiatives planned in the area and not started: they count as no attention.
    planned: int

    @property
    def unit(self) -> str:
        """What the amount counts: its layer's unit."""
        return Signal.of(self.area.layer).unit


@attrs.frozen(kw_only=True)
class Measure:
    """Attention in all sixteen areas at the end of one day, with the exact figures behind it."""

    #: The first day of the window, as days since 1970-01-01.
    since: int
    #: The last day of the window (the day measured).
    until: int
    #: Whether the organisation records anything at all.
    evaluated: bool
    #: Exact weighted amounts per area index (see :func:`dime._balance._tally.exact`).
    amounts: tuple[int, ...]
    #: Per area index, whether its layer's own kind of evidence is in the window.
    primary_current: tuple[bool, ...]
    #: Per area index, the last day of its layer's own kind of dated evidence, or None.
    primary_last: tuple[int | None, ...]
    #: Per area index, whether an initiative in it is under way on the day measured.
    under_way: tuple[bool, ...]
    #: Attention per area.
    attention: Mapping[Area, Attention] = attrs.field(hash=False)

    def row_total(self, layer: Layer) -> int:
        """The exact summed amount of ``layer``'s four areas."""
        start = 4 * layer.index
        return sum(self.amounts[start : start + 4])

    @property
    def dead_layers(self) -> tuple[Layer, ...]:
        """The layers with no attention at all, when anything is recorded: nothing in any area.

        Each takes its quarter off the headline evenness, in a report and in
        each period of a trend alike.
        """
        if not self.evaluated:
            return ()
        return tuple(layer for layer in Layer if not self.row_total(layer))


def row_targets(targets: Mapping[Area, float], layer: Layer) -> dict[Area, float]:
    """The targets of ``layer``'s four areas, scaled to sum to 1."""
    row = {a: targets[a] for a in layer.areas}
    total = math.fsum(row.values())
    return {a: v / total for a, v in row.items()}


def pillar_targets(targets: Mapping[Area, float]) -> dict[Pillar, float]:
    """Each pillar's target: the mean of its areas' targets within their rows."""
    rows = [row_targets(targets, layer) for layer in Layer]
    return {p: math.fsum(row[a] for row in rows for a in p.areas if a in row) / 4 for p in Pillar}


def _weigh(amount: int, weight: float) -> int:
    """``amount`` times ``weight``, exactly enough: floats are fractions with a power of 2 below."""
    if weight == 1.0:
        return amount
    if weight == 0.0:
        return 0
    n, d = weight.as_integer_ratio()
    return (amount * n) // d


class _Evidence:
    """The evidence of each area at one moment, gathered from a tally."""

    def __init__(self, *, since: int, until: int, half_life: int) -> None:
        self.since = since
        self.until = until
        self.half_life = half_life
        self.weights: dict[int, float] = {}
        self.amounts = [0] * 16
        self.current: list[set[EvidenceKind]] = [set() for _ in range(16)]
        self.last: list[int | None] = [None] * 16
        self.primary_current = [False] * 16
        self.primary_last: list[int | None] = [None] * 16
        self.under_way = [False] * 16

    def weight(self, end: int) -> float:
        """1 for evidence in the window; half as much every half-life before it."""
        w = self.weights.get(end)
        if w is None:
            since = self.since
            w = 1.0 if end >= since else 0.5 ** ((since - end) / self.half_life)
            self.weights[end] = w
        return w

    def seen(self, area: int, day: int, kind: EvidenceKind, *, primary: bool) -> None:
        if day >= self.since:
            self.current[area].add(kind)
            if primary:
                self.primary_current[area] = True
        old = self.last[area]
        if old is None or day > old:
            self.last[area] = day
        if primary:
            old = self.primary_last[area]
            if old is None or day > old:
                self.primary_last[area] = day

    def work(self, tally: Tally) -> None:
        until = self.until
        for (area, first, end_day), effort in tally.work.items():
            if first > until:
                continue  # not begun yet at this moment
            end = until if end_day is None or end_day > until else end_day
            if end == until:
                self.under_way[area] = True
            primary = area // 4 in _WORK_ROWS
            self.seen(area, end, EvidenceKind.WORK, primary=primary)
            if primary:
                self.amounts[area] += _weigh(effort, self.weight(end))

    def feedback(self, tally: Tally) -> None:
        until, since = self.until, self.since
        # Count per folder and day first: a tally holds one key per day and slot, and
        # the weight of a day is the same for every piece of feedback received on it.
        per_folder: list[dict[int, int]] = [{}, {}, {}, {}]
        for key, n in tally.feedback_days.items():
            slot = key & 7
            if slot < 4:
                day = key >> 4
                if day <= until:
                    days = per_folder[slot]
                    days[day] = days.get(day, 0) + n
        for slot, days in enumerate(per_folder):
            if not days:
                continue
            area = _REVIEW_START + slot
            self.seen(area, max(days), EvidenceKind.FEEDBACK, primary=True)
            recent = sum(n for day, n in days.items() if day >= since)
            # Summed in day order, correctly rounded: the same for the same tally.
            older = math.fsum(
                n * self.weight(day) for day, n in sorted(days.items()) if day < since
            )
            self.amounts[area] += exact(recent) + exact(older)

    def holders(self, tally: Tally) -> None:
        for facts, n in tally.responsibilities.items():
            area = _RESPONSIBILITY_START + facts.mindset.pillar.index
            self.amounts[area] += facts.share * n
            self.current[area].add(EvidenceKind.HOLDERS)
            self.primary_current[area] = True


def measure(tally: Tally, *, until: int, policy: Policy) -> Measure:
    """Attention in every area at the end of day ``until`` (days since 1970-01-01).

    Args:
        tally: The organisation's records, reduced.
        until: The day measured: the window ends with it.
        policy: The window, half-life, ``absent_after`` and targets.

    Returns:
        The measure.
    """
    tally = tally.as_of(until)
    since = until - policy.window.days + 1
    quiet_from = until - policy.absent_after.days + 1
    ev = _Evidence(since=since, until=until, half_life=policy.half_life.days)
    ev.work(tally)
    ev.feedback(tally)
    ev.holders(tally)
    amounts, current, last = ev.amounts, ev.current, ev.last
    evaluated = not tally.empty
    targets = {layer: row_targets(policy.targets, layer) for layer in Layer}
    attention = {}
    for layer in Layer:
        start = 4 * layer.index
        total = sum(amounts[start : start + 4])
        for a in layer.areas:
            i = a.index
            latest = last[i]
            if not evaluated:
                status = AttentionStatus.NOT_EVALUATED
            elif current[i]:
                status = AttentionStatus.ATTENDED
            elif latest is not None and latest >= quiet_from:
                status = AttentionStatus.QUIET
            else:
                status = AttentionStatus.ABSENT
            note = tally.notes.get(("planned", i))
            attention[a] = Attention(
                area=a,
                status=status,
                amount=inexact(amounts[i]),
                share=amounts[i] / total if total else 0.0,
                target=targets[layer][a],
                evidence=frozenset(current[i]),
                last=None if latest is None else day_date(latest),
                planned=0 if note is None else note.number,
            )
    return Measure(
        since=since,
        until=until,
        evaluated=evaluated,
        amounts=tuple(amounts),
        primary_current=tuple(ev.primary_current),
        primary_last=tuple(ev.primary_last),
        under_way=tuple(ev.under_way),
        attention=FrozenMap(attention),
    )


def pillar_shares(m: Measure) -> dict[Pillar, float]:
    """Each pillar's share: the mean of its areas' shares over the layers that have any amount."""
    rows = [layer for layer in Layer if m.row_total(layer) > 0]
    if not rows:
        return dict.fromkeys(Pillar, 0.0)
    return {
        p: math.fsum(m.attention[a].share for a in p.areas if a.layer in rows) / len(rows)
        for p in Pillar
    }


def pillar_ratios(m: Measure) -> dict[Pillar, dict[Layer, float]]:
    """Each pillar's areas' shares over their targets, in the layers that have any amount."""
    rows = [layer for layer in Layer if m.row_total(layer) > 0]
    out: dict[Pillar, dict[Layer, float]] = {p: {} for p in Pillar}
    for layer in rows:
        for a in layer.areas:
            att = m.attention[a]
            # Over a subnormal target the ratio overflows: the largest float, never inf.
            ratio = att.share / att.target if att.target > 0 else FLOAT_MAX
            out[a.pillar][layer] = min(ratio, FLOAT_MAX)
    return out


def median(values: Sequence[float]) -> float:
    """The median, without overflowing on the largest floats."""
    ordered = sorted(values)
    half = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[half]
    return ordered[half - 1] / 2 + ordered[half] / 2


def pillar_standing(m: Measure) -> dict[Pillar, float | None]:
    """Each pillar's standing: the median of its areas' shares over their targets.

    Read layer by layer, in the layers that have any amount at all, so that
    one layer where the pillar dominates cannot mask the others where it
    withers (a mean would).  1 is on target; None when no layer has any
    amount.
    """
    return {
        p: median(list(ratios.values())) if ratios else None
        for p, ratios in pillar_ratios(m).items()
    }


def headline(signals: Mapping[Any, float | None], dead: Sequence[Layer]) -> float | None:
    """The headline evenness: the mean of the signals' evenness, a quarter off per dead layer.

    None when no signal has an evenness.  A framework with a whole layer
    missing is not balanced, however even the rest is.

    >>> headline({"a": 1.0, "b": 0.5, "c": None}, [Layer.REVIEW])
    0.5625
    """
    values = [v for v in signals.values() if v is not None]
    if not values:
        return None
    return math.fsum(values) / len(values) * (len(Layer) - len(dead)) / len(Layer)


def evenness(values: Mapping[_K, float], targets: Mapping[_K, float]) -> float | None:
    """How evenly ``values`` spread against ``targets``: 1 on target, 0 all in one place.

    This is Pielou's evenness generalised to unequal targets:
    ``1 - D(p || q) / log(1 / min(q))``, where ``p`` are the shares of
    ``values``, ``q`` the target shares and ``D`` the Kullback-Leibler
    divergence.  With equal targets over ``n`` categories ``log(1 / min(q))``
    is ``log(n)`` and ``1 - D(p || q) / log(n)`` is exactly Pielou's
    ``H(p) / log(n)``.  It is 1 when the shares equal the targets and 0 when
    everything is in the category with the smallest target.  With no
    activity at all it is None: the caller decides whether that means "not
    evaluated" or "fully uneven".

    Args:
        values: Activity per category (non-negative).
        targets: Target share per category (positive, summing to 1).

    Returns:
        The evenness from 0 to 1, or None when the values sum to 0.

    >>> from dime._balance._attention import evenness
    >>> evenness({"a": 1, "b": 1, "c": 1, "d": 1}, dict.fromkeys("abcd", 0.25))
    1.0
    >>> evenness({"a": 4, "b": 0, "c": 0, "d": 0}, dict.fromkeys("abcd", 0.25))
    0.0
    >>> evenness({"a": 0, "b": 0}, {"a": 0.5, "b": 0.5}) is None
    True
    """
    top = max(values.values(), default=0.0)
    if not top > 0:
        return None
    # Scaled by the largest value first, so that no sum overflows.
    scaled = {k: v / top for k, v in values.items()}
    total = math.fsum(scaled.values())
    shares: Sequence[tuple[float, float]] = [(v / total, targets[k]) for k, v in scaled.items()]
    # Logs of each side, not of the ratio: tiny targets must not overflow it.  A share
    # can round to 0 even where its value is not (a subnormal over a large total).
    divergence = math.fsum(p * (math.log(p) - math.log(q)) for p, q in shares if p > 0)
    most = -math.log(min(targets.values()))
    if most <= 0:
        return 1.0
    return min(1.0, max(0.0, 1 - divergence / most))
