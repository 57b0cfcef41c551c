"""The checker's view of an organisation: every signal, read from a tally."""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import date, datetime
from typing import Final, TypeVar

import attrs

from dime._balance._policy import Policy
from dime._balance._tally import (
    _JUNK,
    _SLOTS,
    _UNFILED,
    DepartmentFacts,
    Tally,
    TouchpointFacts,
    day_date,
    day_of,
    inexact,
)
from dime._fields import FrozenDict
from dime._framework import AREAS, Area, FeedbackFolder, Layer, Mindset, Pillar

__all__ = ["SIGNALS", "BalanceView", "evenness"]

#: The signals the checker balances, in the order reports show them.
SIGNALS: Final = ("work", "review", "responsibility", "touchpoints", "assessments")


_K = TypeVar("_K")


def evenness(values: Mapping[_K, float], targets: Mapping[_K, float]) -> float | None:
    """How evenly ``values`` spread against ``targets``: 1 on target, 0 all in one place.

    This is Pielou's evenness generalised to unequal targets:
    ``1 - D(p || q) / log(1 / min(q))``, where ``p`` are the shares of
    ``values``, ``q`` the target shares and ``D`` the Kullback-Leibler
    divergence.  With equal targets over ``n`` categories ``log(1 / min(q))``
    is ``log(n)`` and ``1 - D(p || q) / log(n)`` is exactly Pielou's
    ``H(p) / log(n)``.  It is 1 when the shares equal the targets and 0 when
    everything is in the category with the smallest target.  With no
    activity at all it is None: not evaluated, never "even".

    Args:
        values: Activity per category (non-negative).
        targets: Target share per category (positive, summing to 1).

    Returns:
        The evenness from 0 to 1, or None when the values sum to 0.

    >>> from dime._balance._view import evenness
    >>> evenness({"a": 1, "b": 1, "c": 1, "d": 1}, dict.fromkeys("abcd", 0.25))
    1.0
    >>> evenness({"a": 4, "b": 0, "c": 0, "d": 0}, dict.fromkeys("abcd", 0.25))
    0.0
    >>> evenness({"a": 0, "b": 0}, {"a": 0.5, "b": 0.5}) is None
    True
    """
    total = math.fsum(values.values())
    if total <= 0:
        return None
    shares = [(v / total, targets[k]) for k, v in values.items()]
    # Logs of each side, not of the ratio: tiny targets must not overflow it.  A share
    # can round to 0 even where its value is not (a subnormal over a large total).
    divergence = math.fsum(p * (math.log(p) - math.log(q)) for p, q in shares if p > 0)
    most = -math.log(min(targets.values()))
    if most <= 0:
        return 1.0
    return min(1.0, max(0.0, 1 - divergence / most))


def _proxy(mapping: Mapping[object, object]) -> Mapping[object, object]:
    return FrozenDict(dict(mapping))


def _row_targets(targets: Mapping[Area, float], layer: Layer) -> dict[Area, float]:
    row = {a: targets[a] for a in layer.areas}
    total = math.fsum(row.values())
    return {a: v / total for a, v in row.items()}


def _column_targets(targets: Mapping[Area, float]) -> dict[Pillar, float]:
    return {p: math.fsum(targets[a] for a in p.areas) for p in Pillar}


@attrs.frozen(kw_only=True)
class BalanceView:
    """What the checker sees: every signal of one organisation, over the window.

    Built by :func:`dime.check` from a :class:`Tally` and passed to every
    rule, your own included.  Work counts the effort of initiatives under
    way at any time in the window, in full (not pro-rated): an initiative is
    under way from the day it started to the day it finished; one still
    active (with no finish day) is under way until ``now``; a done or
    dropped one with no finish day counts on its start day only; a planned
    one never counts.

    >>> import dime
    >>> view = dime.check(dime.example()).view
    >>> view.window_days, view.since
    (180, datetime.date(2026, 5, 5))
    >>> view.folders[dime.FeedbackFolder.LISTENING] > view.folders[dime.FeedbackFolder.PLANNING]
    True
    """

    #: The organisation's name.
    name: str
    #: The moment the report is made for.
    now: datetime
    #: The policy in force.
    policy: Policy
    #: The tally the view was read from.
    tally: Tally = attrs.field(repr=False)
    #: The first day counted in the window (UTC).
    since: date
    #: The last day counted: the UTC day of ``now``.
    until: date
    #: How many days the window holds.
    window_days: int
    #: Effort per area of the initiatives under way in the window.
    work: Mapping[Area, float] = attrs.field(hash=False)
    #: The same, in the earlier half of the window.
    work_earlier: Mapping[Area, float] = attrs.field(hash=False)
    #: The same, in the recent half of the window.
    work_recent: Mapping[Area, float] = attrs.field(hash=False)
    #: Initiatives recorded, all time, planned ones included.
    initiatives: int
    #: Feedback received in the window.
    feedback: int
    #: Feedback filed per folder, received in the window.
    folders: Mapping[FeedbackFolder, int] = attrs.field(hash=False)
    #: Feedback received in the window and not filed, junk aside.
    unfiled: int
    #: Junk received in the window and not filed.
    junk: int
    #: Feedback recorded, all time.
    all_feedback: int
    #: Holders per mindset.
    holders: Mapping[Mindset, int] = attrs.field(hash=False)
    #: The summed share of holders' time per mindset.
    capacity: Mapping[Mindset, float] = attrs.field(hash=False)
    #: Touchpoints, sorted by id.
    touchpoints: tuple[TouchpointFacts, ...]
    #: The last day each touchpoint was heard from.
    heard: Mapping[str, date] = attrs.field(hash=False)
    #: Departments, sorted by name.
    departments: tuple[DepartmentFacts, ...]
    #: The latest score per assessed area (the mean of that day's scores).
    scores: Mapping[Area, float] = attrs.field(hash=False)
    #: The day of the latest assessment per assessed area.
    assessed_on: Mapping[Area, date] = attrs.field(hash=False)
    #: Done initiatives never measured, per area.
    unmeasured: Mapping[Area, int] = attrs.field(hash=False)
    #: The first few of those (by id), per area, as (id, title).
    unmeasured_examples: Mapping[Area, tuple[tuple[str, str], ...]] = attrs.field(hash=False)
    #: Per signal, the activity per area (see :meth:`Report.matrix`).
    matrices: Mapping[str, Mapping[Area, float]] = attrs.field(hash=False)
    #: Per signal, the evenness against the targets, or None when not evaluated.
    evenness: Mapping[str, float | None] = attrs.field(hash=False)

    @property
    def targets(self) -> Mapping[Area, float]:
        """The policy's target share per area."""
        return self.policy.targets

    def shares(self, values: Mapping[Area, float]) -> dict[Area, float]:
        """``values`` as shares of their total (all 0.0 when the total is 0)."""
        total = math.fsum(values.values())
        if total <= 0:
            return dict.fromkeys(values, 0.0)
        return {a: v / total for a, v in values.items()}

    def pillar_totals(self, values: Mapping[Area, float]) -> dict[Pillar, float]:
        """``values`` summed per pillar."""
        return {p: math.fsum(values[a] for a in p.areas) for p in Pillar}

    def layer_totals(self, values: Mapping[Area, float]) -> dict[Layer, float]:
        """``values`` summed per layer."""
        return {layer: math.fsum(values[a] for a in layer.areas) for layer in Layer}

    def row_targets(self, layer: Layer) -> dict[Area, float]:
        """The targets of ``layer``'s four areas, scaled to sum to 1."""
        return _row_targets(self.policy.targets, layer)

    def pillar_targets(self) -> dict[Pillar, float]:
        """The target share of each pillar: its column's targets summed."""
        return _column_targets(self.policy.targets)

    def layer_targets(self) -> dict[Layer, float]:
        """The target share of each layer: its row's targets summed."""
        return {layer: math.fsum(self.policy.targets[a] for a in layer.areas) for layer in Layer}


def _work_sums(
    tally: Tally, since: int, until: int, middle: int
) -> tuple[list[int], list[int], list[int]]:
    """Exact effort per area index in the window, its earlier half and its recent half."""
    work = [0] * 16
    earlier = [0] * 16
    recent = [0] * 16
    for (area, first, last), amount in tally.work.items():
        end = until if last is None else last
        if first > until or end < since:
            continue
        work[area] += amount
        if first < middle:
            earlier[area] += amount
        if end >= middle:
            recent[area] += amount
    return work, earlier, recent


def build_view(tally: Tally, *, name: str, now: datetime, policy: Policy) -> BalanceView:
    """Read every signal off ``tally`` for the window ending at ``now``."""
    window_days = policy.window.days
    until = day_of(now)
    since = until - window_days + 1
    middle = since + window_days // 2

    work, earlier, recent = _work_sums(tally, since, until, middle)

    def per_area(sums: list[int]) -> Mapping[Area, float]:
        return FrozenDict({a: inexact(sums[a.index]) for a in AREAS})

    slots = [0] * _SLOTS
    for key, n in tally.feedback_days.items():
        day = key // _SLOTS
        if since <= day <= until:
            slots[key % _SLOTS] += n
    folders = {f: slots[i] for i, f in enumerate(FeedbackFolder)}

    capacity = {m: inexact(tally.capacity.get(m, 0)) for m in Mindset}
    holders = {m: tally.holders.get(m, 0) for m in Mindset}
    touchpoints = tuple(
        sorted(
            (t for t, n in tally.touchpoints.items() for _ in range(n)),
            key=lambda t: (
                t.id,
                t.name,
                t.channel.value,
                t.stage.value,
                sorted(p.value for p in t.pillars),
                t.owner or "",
            ),
        )
    )
    departments = tuple(
        sorted(
            (d for d, n in tally.departments.items() for _ in range(n)),
            key=lambda d: (d.name, d.objective or "", d.measures),
        )
    )
    scores = {}
    assessed_on = {}
    for a in AREAS:
        entry = tally.assessed.get(a.index)
        if entry is not None:
            day, total, count = entry
            scores[a] = inexact(total) / count
            assessed_on[a] = day_date(day)

    served = dict.fromkeys(Pillar, 0)
    for t in touchpoints:
        for p in t.pillars:
            served[p] += 1

    targets = policy.targets
    work_map = per_area(work)
    review = {a: float(folders[a.cell]) for a in Layer.REVIEW.areas}  # type: ignore[index]
    responsibility = {a: capacity[a.cell] for a in Layer.RESPONSIBILITY.areas}  # type: ignore[index]
    matrices = {
        "work": work_map,
        "review": {a: review.get(a, 0.0) for a in AREAS},
        "responsibility": {a: responsibility.get(a, 0.0) for a in AREAS},
        "touchpoints": {a: served[a.pillar] / 4 for a in AREAS},
        "assessments": {a: scores.get(a, 0.0) for a in AREAS},
    }
    even = {
        "work": evenness(work_map, targets),
        "review": evenness(review, _row_targets(targets, Layer.REVIEW)),
        "responsibility": evenness(responsibility, _row_targets(targets, Layer.RESPONSIBILITY)),
        "touchpoints": evenness({p: float(n) for p, n in served.items()}, _column_targets(targets)),
        "assessments": evenness(matrices["assessments"], targets),
    }
    return BalanceView(
        name=name,
        now=now,
        policy=policy,
        tally=tally,
        since=day_date(since),
        until=day_date(until),
        window_days=window_days,
        work=work_map,
        work_earlier=per_area(earlier),
        work_recent=per_area(recent),
        initiatives=sum(tally.initiatives.values()),
        feedback=sum(slots),
        folders=FrozenDict(folders),
        unfiled=slots[_UNFILED],
        junk=slots[_JUNK],
        all_feedback=tally.feedback_count,
        holders=FrozenDict(holders),
        capacity=FrozenDict(capacity),
        touchpoints=touchpoints,
        heard=FrozenDict({tp: day_date(d) for tp, d in sorted(tally.heard.items())}),
        departments=departments,
        scores=FrozenDict(scores),
        assessed_on=FrozenDict(assessed_on),
        unmeasured=FrozenDict(
            {a: tally.unmeasured[a.index] for a in AREAS if tally.unmeasured.get(a.index)}
        ),
        unmeasured_examples=FrozenDict(
            {
                a: tally.unmeasured_examples[a.index]
                for a in AREAS
                if a.index in tally.unmeasured_examples
            }
        ),
        matrices=FrozenDict({k: FrozenDict(v) for k, v in matrices.items()}),
        evenness=FrozenDict(even),
    )
