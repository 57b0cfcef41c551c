"""Trends: the checker's attention, evenness and headline period by period, and how areas move.

A trend is the check made again at the end of each period, from one tally:
the same attention, the same evenness, with the same policy.  What a trend
adds is what a period holds: the records dated in it.  A period without any
is "no data" (its evenness and headline are None), never "even"; a layer
without its own kind of evidence in a period has no evenness in it either.
How each area is moving (fading, stalling, recovering) is read from the
periods, and the checker's fading rule (``DIME106``) reads it the same way.
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Iterator, Mapping, Sequence
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, Final

import attrs

from dime._balance._attention import Attention, AttentionStatus, headline
from dime._balance._common import BalanceEnum, FrozenMap, Signal, frozen, got
from dime._balance._policy import Policy
from dime._balance._tally import (
    FIRST_DAY,
    LAST_DAY,
    Tally,
    day_date,
    day_number,
    default_now,
    inexact,
)
from dime._balance._view import signals
from dime._framework import AREAS, Area, Layer
from dime._model import Framework
from dime.exceptions import InvalidFieldError, Problem

__all__ = [
    "MAX_PERIODS",
    "Movement",
    "Period",
    "Trend",
    "movement",
    "periods_of",
    "trend",
]

#: The most periods one trend may hold: each is a whole check of the tally.
MAX_PERIODS: Final = 1000

_EPOCH: Final = datetime(1970, 1, 1, tzinfo=UTC)
_NAMED: Final = ("month", "quarter")
# The signals read from activity dated in the period; the others are states.
_ACTIVITY: Final = {
    Signal.COORDINATION: 0,
    Signal.IMPLEMENTATION: 1,
}


class Movement(BalanceEnum):
    """How an area's share of its layer moved over the last periods of a trend.

    Read over the last ``fading_periods`` steps (``fading_periods + 1``
    period ends) of the policy, from the area's share of its layer's
    attention at the end of each period, against its target share of the
    layer (see :meth:`Trend.movements`):

    >>> import dime
    >>> t = dime.trend(dime.example())
    >>> t.movements()[dime.Practice.CUSTOMER_CARE.area]
    Movement.STEADY
    """

    #: A sustained decline: the share fell at every step, ends below
    #: ``fading_ratio`` times where it started, started at or above
    #: ``neglected_ratio`` times the target, and the area is still attended.
    FADING = "fading"
    #: Stuck: below ``neglected_ratio`` times the target at every period end
    #: read, and not climbing back as :attr:`RECOVERING` is.
    STALLING = "stalling"
    #: Climbing back: below ``neglected_ratio`` times the target at the
    #: start, the share rose at every step and ends at least ``1 / fading_ratio``
    #: times where it started.
    RECOVERING = "recovering"
    #: None of the above.
    STEADY = "steady"
    #: Too little to read: fewer periods than needed, or a period without
    #: evidence of the area's kind (its layer's signal has no data in it).
    UNKNOWN = "unknown"


def _datetime(day: int) -> datetime:
    """The start of ``day`` in UTC, kept within the calendar."""
    return datetime.combine(day_date(day), time(), UTC)


@attrs.frozen(kw_only=True)
class Period:
    """One period of a trend: what was recorded in it, and the check made at its end.

    ``attention`` is exactly what :func:`dime.check` measures at the end of
    the period's last day with the trend's policy.  ``evenness`` is the
    check's evenness for each signal that has data in the period, and None
    for the others: the coordination and implementation layers need work
    under way in the period, the review layer feedback received in it; the
    responsibility layer, the touchpoints and the assessments are states,
    shown whenever the period holds any data at all.  ``headline`` is the
    mean of the evenness values that are not None, a quarter off for each
    layer with no attention at all at the period's end (``dead_layers``),
    as the report's ``evenness`` is, or None when there are none.

    >>> import dime
    >>> p = dime.trend(dime.example()).periods[-1]
    >>> p.data, p.feedback > 0
    (True, True)
    """

    #: The first day of the period (UTC).
    start: date
    #: The last day of the period: attention is measured at its end.
    end: date
    #: Whether the period is whole (a whole month, quarter or step), not cut by the trend's ends.
    complete: bool
    #: Feedback received in the period, every kind.
    feedback: int
    #: Effort of the initiatives under way at some time in the period.
    work: float
    #: Assessment scores given in the period.
    assessments: int
    #: Saved states of the undated records taken in the period (see :func:`dime.history`).
    snapshots: int
    #: The attention in every area at the end of the period.
    attention: Mapping[Area, Attention] = attrs.field(converter=frozen, hash=False)
    #: Per signal, the evenness at the end of the period, or None without data in it.
    evenness: Mapping[Signal, float | None] = attrs.field(converter=frozen, hash=False)
    #: The layers with no attention at all at the end of the period (see ``Report.dead_layers``).
    dead_layers: tuple[Layer, ...] = ()

    @property
    def data(self) -> bool:
        """Whether anything was recorded in the period (records dated in it, or a saved state)."""
        return bool(self.feedback or self.work or self.assessments or self.snapshots)

    @property
    def headline(self) -> float | None:
        """The mean evenness of the signals with data, a quarter off per dead layer, or None."""
        return headline(self.evenness, self.dead_layers)

    @property
    def covers(self) -> tuple[Signal, ...]:
        """The signals with data in the period: those the headline covers."""
        return tuple(s for s, v in self.evenness.items() if v is not None)


class _Span:
    """One period as day numbers, with what the tally holds in it."""

    __slots__ = (
        "assessments",
        "complete",
        "end",
        "feedback",
        "layers",
        "snapshots",
        "start",
        "work",
    )

    def __init__(self, start: int, end: int, *, complete: bool) -> None:
        self.start = start
        self.end = end
        self.complete = complete
        self.feedback = 0
        self.work = 0
        self.assessments = 0
        self.snapshots = 0
        self.layers = [False] * 4


def _month(day: int) -> int:
    d = day_date(day)
    return d.year * 12 + d.month - 1


def _first_of_month(month: int) -> int:
    return day_number(date(month // 12, month % 12 + 1, 1))


def _calendar(since: int, until: int, months: int) -> list[_Span]:
    """Calendar months (``months`` 1) or quarters (3) from ``since`` to ``until``, cut at both ends."""
    first = _month(since) // months * months
    last = _month(until) // months * months
    spans = []
    for m in range(first, last + 1, months):
        start = _first_of_month(m)
        following = m + months
        end = (
            day_number(date.max)
            if following // 12 > date.max.year
            else _first_of_month(following) - 1
        )
        spans.append(
            _Span(max(start, since), min(end, until), complete=start >= since and end <= until)
        )
    return spans


def _steps(since: int, until: int, step: int) -> list[_Span]:
    """Periods of ``step`` days ending on ``until``, counted back to ``since``."""
    spans = []
    end = until
    while end >= since:
        start = end - step + 1
        spans.append(_Span(max(start, since), end, complete=start >= since))
        end -= step
    spans.reverse()
    return spans


def _count(since: int, until: int, every: str | timedelta) -> int:
    """How many periods a trend from ``since`` to ``until`` would hold."""
    if isinstance(every, timedelta):
        return (until - since) // every.days + 1
    months = 1 if every == "month" else 3
    return (_month(until) // months) - (_month(since) // months) + 1


def _fill(spans: list[_Span], tally: Tally) -> None:
    """Count what the tally holds in each period, in one pass over each of its parts."""
    ends = [s.end for s in spans]
    first = spans[0].start

    def find(day: int) -> _Span | None:
        if day < first:
            return None
        i = bisect.bisect_left(ends, day)
        return spans[i] if i < len(spans) else None

    for key, n in tally.feedback_days.items():
        if span := find(key >> 4):
            span.feedback += n
    for key, (_total, count) in tally.scored.items():
        if span := find(key >> 4):
            span.assessments += count
    for day in tally.states:
        if span := find(day):
            span.snapshots += 1
    _fill_work(spans, ends, tally)


def _fill_work(spans: list[_Span], ends: list[int], tally: Tally) -> None:
    """Add each initiative's effort to every period it was under way in."""
    first = spans[0].start
    for (area, begun, finished), effort in tally.work.items():
        i = bisect.bisect_left(ends, max(begun, first))
        last = spans[-1].end if finished is None else finished
        while i < len(spans) and spans[i].start <= last:
            spans[i].work += effort
            spans[i].layers[area // 4] = True
            i += 1


def _period(span: _Span, tally: Tally, policy: Policy) -> Period:
    m, even = signals(tally, until=span.end, policy=policy)
    data = bool(span.feedback or span.work or span.assessments or span.snapshots)
    evenness: dict[Signal, float | None] = {}
    for signal, value in even.items():
        if signal is Signal.REVIEW:
            shown = span.feedback > 0
        elif signal in _ACTIVITY:
            shown = span.layers[_ACTIVITY[signal]]
        else:
            shown = data
        evenness[signal] = value if shown else None
    return Period(
        start=day_date(span.start),
        end=day_date(span.end),
        complete=span.complete,
        feedback=span.feedback,
        work=inexact(span.work),
        assessments=span.assessments,
        snapshots=span.snapshots,
        attention=m.attention,
        evenness=evenness,
        dead_layers=m.dead_layers,
    )


def periods_of(
    tally: Tally, *, every: str | timedelta, since: int, until: int, policy: Policy
) -> tuple[Period, ...]:
    """The periods from day ``since`` to day ``until`` (days since 1970-01-01), each checked at its end.

    The one computation behind :func:`trend` and the fading rule.
    """
    if isinstance(every, timedelta):
        spans = _steps(since, until, every.days)
    else:
        spans = _calendar(since, until, 1 if every == "month" else 3)
    _fill(spans, tally)
    return tuple(_period(s, tally, policy) for s in spans)


def _signal_of(area: Area) -> Signal:
    return Signal.of(area.layer)


def movement(
    periods: Sequence[Period], area: Area, policy: Policy, *, saved_states: bool
) -> Movement:
    """How ``area`` moved over the last ``fading_periods + 1`` of ``periods`` (see :class:`Movement`).

    Args:
        periods: Periods in time order, as a trend holds them.
        area: The area to read.
        policy: ``fading_periods``, ``fading_ratio`` and ``neglected_ratio``.
        saved_states: Whether the tally knows saved states of the undated
            records: without them the responsibility layer, known only as
            recorded now, cannot be read.

    Returns:
        The movement.
    """
    n = policy.fading_periods + 1
    if len(periods) < n or (area.layer is Layer.RESPONSIBILITY and not saved_states):
        return Movement.UNKNOWN
    read = periods[-n:]
    signal = _signal_of(area)
    if any(p.evenness.get(signal) is None for p in read):
        return Movement.UNKNOWN
    shares = [p.attention[area].share for p in read]
    first, last = shares[0], shares[-1]
    target = read[-1].attention[area].target
    neglected = policy.neglected_ratio * target
    steps = list(itertools.pairwise(shares))
    if (
        first >= neglected
        and all(b < a for a, b in steps)
        and last < policy.fading_ratio * first
        and read[-1].attention[area].status is AttentionStatus.ATTENDED
    ):
        return Movement.FADING
    if first < neglected:
        if all(b > a for a, b in steps) and last * policy.fading_ratio >= first:
            return Movement.RECOVERING
        if all(s < neglected for s in shares):
            return Movement.STALLING
    return Movement.STEADY


def _day_of(value: date | datetime) -> int:
    if isinstance(value, datetime):
        return (value - _EPOCH).days
    return day_number(value)


@attrs.frozen(kw_only=True, repr=False)
class Trend:
    """An organisation's balance period by period: attention, evenness and headline, and movements.

    Made by :func:`dime.trend`.  Each :class:`Period` holds what
    :func:`dime.check` measures at its end with the trend's policy, and what
    was recorded in it; a period in which nothing was recorded is "no data":
    its evenness and headline are None.  Trends of parts of the same records
    add up: ``trend(a) + trend(b)`` is the trend of ``a + b`` (the tallies
    are added, so the sum is exact), given the same ``every``, policy and
    ends.

    >>> import dime
    >>> t = dime.trend(dime.example(), every="quarter")
    >>> t
    Trend(name='Larkspur Home & Garden', every='quarter', periods=8, since='2025-02-06', until='2026-10-31')
    >>> [round(h, 2) for h in t.headline][-3:]
    [0.68, 0.68, 0.67]
    >>> round(dime.check(dime.example()).evenness, 2)
    0.67
    """

    #: The organisation's name (``"Tally"`` for a bare tally).
    name: str
    #: The length of each period: ``"month"``, ``"quarter"`` or a number of whole days.
    every: str | timedelta
    #: The policy every period was checked with.
    policy: Policy
    #: The first day asked for, or None to start with the earliest dated record.
    since: date | None = None
    #: The moment asked for, or None to end with the latest record (as :func:`dime.check` does).
    until: datetime | None = None
    #: The periods, oldest first.
    periods: tuple[Period, ...]
    #: The tally the trend was read from.
    tally: Tally = attrs.field(repr=False)

    def __len__(self) -> int:
        return len(self.periods)

    def __iter__(self) -> Iterator[Period]:
        return iter(self.periods)

    def __add__(self, other: object) -> Trend:
        if not isinstance(other, Trend):
            return NotImplemented
        problems = [
            Problem(f"Trend + Trend: {what}", f"the two trends differ: {a!r} and {b!r}")
            for what, a, b in (
                ("every", self.every, other.every),
                ("policy", self.policy, other.policy),
                ("since", self.since, other.since),
                ("until", self.until, other.until),
            )
            if a != b
        ]
        if problems:
            raise InvalidFieldError(problems)
        name = self.name if self.name == other.name else "Tally"
        return _trend(
            self.tally + other.tally,
            name=name,
            every=self.every,
            policy=self.policy,
            since=self.since,
            until=self.until,
        )

    @property
    def headline(self) -> tuple[float | None, ...]:
        """Each period's headline (None without data), oldest first."""
        return tuple(p.headline for p in self.periods)

    def shares(self, area: Area) -> tuple[float, ...]:
        """``area``'s share of its layer's attention at the end of each period, oldest first.

        >>> import dime
        >>> t = dime.trend(dime.example(), every="quarter")
        >>> len(t.shares(dime.Mindset.EMOTIONAL.area)) == len(t)
        True
        """
        return tuple(p.attention[area].share for p in self.periods)

    def movements(self, *, at: int = -1) -> Mapping[Area, Movement]:
        """How each area moved over the periods read up to the period at index ``at``.

        The last ``fading_periods + 1`` periods up to and including
        ``periods[at]`` are read (see :class:`Movement`), with the trend's
        policy.  The checker's fading rule reads a trend of
        ``fading_period`` steps ending at the moment of the check the same
        way.

        >>> import dime
        >>> t = dime.trend(dime.example())
        >>> sorted({m.value for m in t.movements().values()})
        ['stalling', 'steady', 'unknown']
        """
        size = len(self.periods)
        if not -size <= at < size:
            raise InvalidFieldError(
                [Problem("Trend.movements.at", f"expected a period index, {got(at)}")]
            )
        upto = self.periods[: at % size + 1]
        saved = bool(self.tally.states)
        return FrozenMap({a: movement(upto, a, self.policy, saved_states=saved) for a in AREAS})

    def records(self) -> list[dict[str, object]]:
        """Tidy rows for pandas: one per period and area.

        Each row has ``start`` and ``end`` (ISO dates), ``complete``,
        ``data`` (anything recorded in the period), the area's ``signal``,
        ``pillar`` (letter), ``layer``, ``area`` (title), ``status``,
        ``amount``, ``share``, ``target``, ``evenness`` (its signal's, None
        without data) and the period's ``headline``.

        >>> import dime
        >>> rows = dime.trend(dime.example(), every="quarter").records()
        >>> len(rows)
        128
        >>> sorted(rows[0])
        ['amount', 'area', 'complete', 'data', 'end', 'evenness', 'headline', 'layer', 'pillar', 'share', 'signal', 'start', 'status', 'target']
        """
        rows: list[dict[str, object]] = []
        for p in self.periods:
            headline = p.headline
            for a in AREAS:
                att = p.attention[a]
                signal = _signal_of(a)
                rows.append(
                    {
                        "start": p.start.isoformat(),
                        "end": p.end.isoformat(),
                        "complete": p.complete,
                        "data": p.data,
                        "signal": signal.value,
                        "pillar": a.pillar.letter,
                        "layer": a.layer.value,
                        "area": a.title,
                        "status": att.status.value,
                        "amount": att.amount,
                        "share": att.share,
                        "target": att.target,
                        "evenness": p.evenness[signal],
                        "headline": headline,
                    }
                )
        return rows

    def __repr__(self) -> str:
        every = self.every if isinstance(self.every, str) else f"{self.every.days} days"
        ends = ""
        if self.periods:
            ends = (
                f", since={self.periods[0].start.isoformat()!r}, "
                f"until={self.periods[-1].end.isoformat()!r}"
            )
        return f"Trend(name={self.name!r}, every={every!r}, periods={len(self.periods)}{ends})"

    def __str__(self) -> str:
        """The trend as text: the headline and each area's share, period by period."""
        from dime._render import trend_text  # noqa: PLC0415 - rendering loads only when shown

        return trend_text(self)

    def _repr_markdown_(self) -> str:
        """The trend as Markdown tables."""
        from dime._render import trend_markdown  # noqa: PLC0415 - rendering loads only when shown

        return trend_markdown(self)

    def _repr_html_(self) -> str:
        """The trend as an HTML table for notebooks, each area's share shaded against its target."""
        from dime._render import trend_html  # noqa: PLC0415 - rendering loads only when shown

        return trend_html(self)


def _every_problems(every: object) -> list[Problem]:
    if isinstance(every, str):
        if every in _NAMED:
            return []
        return [
            Problem("trend.every", f"expected 'month', 'quarter' or a timedelta, got {every!r}")
        ]
    if isinstance(every, timedelta):
        if every >= timedelta(days=1) and every % timedelta(days=1) == timedelta(0):
            return []
        return [
            Problem("trend.every", f"expected a whole number of days, at least one, got {every!r}")
        ]
    return [Problem("trend.every", f"expected 'month', 'quarter' or a timedelta, {got(every)}")]


def _moment_problem(where: str, value: object) -> Problem | None:
    if value is None or (isinstance(value, date) and not isinstance(value, datetime)):
        return None
    if isinstance(value, datetime) and value.utcoffset() is not None:
        return None
    return Problem(where, f"expected a date or a timezone-aware datetime, {got(value)}")


def _earliest(tally: Tally) -> int | None:
    days = [key >> 4 for key in tally.feedback_days]
    days += [first for (_area, first, _last) in tally.work]
    days += [key >> 4 for key in tally.scored]
    # A state kept from the first day holds what a tally without saved states added: no date.
    days += [day for day in tally.states if day > FIRST_DAY]
    return min(days, default=None)


def trend(
    framework: Framework | Tally,
    *,
    every: str | timedelta = "month",
    policy: Policy | None = None,
    since: date | datetime | None = None,
    until: date | datetime | None = None,
) -> Trend:
    """The balance of an organisation period by period, read from its records' own dates.

    Each period ends with a check: the attention and evenness
    :func:`dime.check` measures at the end of the period's last day, with
    ``policy``.  Periods are calendar months or quarters in UTC, cut at
    ``since`` and ``until``, or periods of ``every`` whole days counted back
    from ``until``.  The last period ends on the day of ``until``, so it is
    the check at ``until``: with the defaults, the check :func:`dime.check`
    makes.  Feedback, initiatives and assessments carry their dates;
    responsibilities, touchpoints and departments do not, so one framework's
    trend shows them as recorded now in every period (:func:`dime.history`
    shows how they changed between saved states).  Only the tally is read:
    a trend of a :class:`Tally` built from a stream needs no more memory.

    Args:
        framework: A :class:`~dime.Framework`, or a :class:`Tally` of its records.
        every: ``"month"``, ``"quarter"``, or a :class:`~datetime.timedelta`
            of whole days.
        policy: How to check each period; ``Policy()`` by default.
        since: The first day (a date, or the UTC day of an aware datetime);
            by default the earliest dated record.
        until: The moment of the last check (a date means the end of that
            day); by default the latest moment in the records.

    Returns:
        The trend.

    Raises:
        InvalidFieldError: An argument is of the wrong type or value,
            ``since`` is after ``until``, or the trend would hold more than
            1,000 periods.

    >>> import dime
    >>> from datetime import date
    >>> t = dime.trend(dime.example(), since=date(2026, 1, 1))
    >>> [p.start.isoformat() for p in t.periods][:2], t.periods[-1].end.isoformat()
    (['2026-01-01', '2026-02-01'], '2026-10-31')
    >>> t.periods[-1].attention == dime.check(dime.example()).attention
    True
    """
    problems: list[Problem] = []
    given: Any = framework
    if isinstance(given, Framework):
        tally, name = Tally.from_framework(given), given.name
    elif isinstance(given, Tally):
        tally, name = given, "Tally"
    else:
        tally, name = Tally(), "Tally"
        problems.append(
            Problem("trend.framework", f"expected a Framework or a Tally, {got(framework)}")
        )
    chosen: Any = Policy() if policy is None else policy
    if not isinstance(chosen, Policy):
        problems.append(Problem("trend.policy", f"expected a Policy, {got(policy)}"))
    problems += _every_problems(every)
    problems += [
        p
        for p in (_moment_problem("trend.since", since), _moment_problem("trend.until", until))
        if p is not None
    ]
    if problems:
        raise InvalidFieldError(problems)
    return _trend(
        tally,
        name=name,
        every=every,
        policy=chosen,
        since=None if since is None else day_date(_day_of(since)),
        until=None
        if until is None
        else until
        if isinstance(until, datetime)
        else datetime.combine(until, time(), UTC),
    )


def _trend(
    tally: Tally,
    *,
    name: str,
    every: str | timedelta,
    policy: Policy,
    since: date | None,
    until: datetime | None,
) -> Trend:
    last = _day_of(default_now(tally) if until is None else until)
    if since is None:
        earliest = _earliest(tally)
        first = last if earliest is None else min(max(earliest, FIRST_DAY), last)
    else:
        first = day_number(since)
    last = min(max(last, FIRST_DAY), LAST_DAY)
    if first > last:
        raise InvalidFieldError(
            [
                Problem(
                    "trend.since",
                    f"{day_date(first).isoformat()} is after the last day, "
                    f"{day_date(last).isoformat()}",
                )
            ]
        )
    count = _count(first, last, every)
    if count > MAX_PERIODS:
        raise InvalidFieldError(
            [
                Problem(
                    "trend.every",
                    f"the trend would hold {count:,} periods, more than {MAX_PERIODS:,}: "
                    "choose longer periods or a later `since`",
                )
            ]
        )
    return Trend(
        name=name,
        every=every,
        policy=policy,
        since=since,
        until=until,
        periods=periods_of(tally, every=every, since=first, until=last, policy=policy),
        tally=tally,
    )
