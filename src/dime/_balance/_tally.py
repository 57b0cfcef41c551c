"""The reduction the balance checker runs on: counts and effort per area, folder and day."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime
from typing import Any, NamedTuple, TypeVar

import attrs

from dime._fields import FrozenDict
from dime._framework import AREAS, Area, FeedbackFolder, Layer, Mindset, Pillar
from dime._model import (
    Assessment,
    Channel,
    Department,
    Feedback,
    FeedbackKind,
    Framework,
    ImprovementStep,
    Initiative,
    InitiativeStatus,
    Responsibility,
    Stage,
    Touchpoint,
)
from dime.exceptions import InvalidFieldError, Problem

__all__ = ["DepartmentFacts", "Tally", "TouchpointFacts"]

# Sums of effort and shares are kept exactly, as integers in units of 2**-1074
# (the smallest float step), so that adding tallies in any order or grouping
# gives identical results: float addition is not associative, integer addition is.
_SHIFT = 1074
_ONE = 1 << _SHIFT

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_EPOCH_ORDINAL = _EPOCH.toordinal()

# Feedback is counted per (day, slot): a slot is a folder, "unfiled" or "junk".
_SLOTS = 8
_UNFILED = 4
_JUNK = 5
# Keyed by the members' values: hashing a string is much cheaper than an enum member.
_FOLDER_SLOT = {folder._value_: i for i, folder in enumerate(FeedbackFolder)}
_PILLAR_COLUMN = {p._value_: p.index for p in Pillar}
_LAYER_START = {layer._value_: 4 * layer.index for layer in Layer}
_SLOT_FOLDER = dict(enumerate(FeedbackFolder))
_MEASURED = frozenset({ImprovementStep.MEASURE, ImprovementStep.REINFORCE})
_EXAMPLES = 3


def exact(value: float) -> int:
    """``value`` as an exact integer count of 2**-1074 steps."""
    if type(value) is int:
        return value << _SHIFT
    n, d = float(value).as_integer_ratio()
    return n << (_SHIFT + 1 - d.bit_length())


def inexact(value: int) -> float:
    """The float nearest to an exact sum made by :func:`exact`."""
    return value / _ONE


def day_of(moment: datetime) -> int:
    """The UTC calendar day of an aware datetime, as days since 1970-01-01."""
    return (moment - _EPOCH).days


def day_number(day: date) -> int:
    """A date as days since 1970-01-01."""
    return day.toordinal() - _EPOCH_ORDINAL


def day_date(number: int) -> date:
    """The date ``number`` days after 1970-01-01."""
    return date.fromordinal(number + _EPOCH_ORDINAL)


class TouchpointFacts(NamedTuple):
    """What the checker needs to know about one touchpoint."""

    #: The touchpoint's id.
    id: str
    #: Its name.
    name: str
    #: Its channel.
    channel: Channel
    #: Its buying-cycle stage.
    stage: Stage
    #: The pillars it serves.
    pillars: frozenset[Pillar]
    #: The department that owns it, or None.
    owner: str | None


class DepartmentFacts(NamedTuple):
    """What the checker needs to know about one department."""

    #: The department's name.
    name: str
    #: Its customer-experience objective, or None.
    objective: str | None
    #: How many measures it has.
    measures: int


def _frozen(mapping: Mapping[Any, Any]) -> Mapping[Any, Any]:
    return FrozenDict(dict(mapping))


def _add_counts(a: Mapping[Any, int], b: Mapping[Any, int]) -> dict[Any, int]:
    if len(a) < len(b):
        a, b = b, a
    out = dict(a)
    get = out.get
    for key, value in b.items():
        out[key] = get(key, 0) + value
    return out


def _mapping_field() -> Any:  # noqa: ANN401 - attrs fields are typed by their annotation
    return attrs.field(factory=lambda: FrozenDict({}), converter=_frozen, hash=False)


@attrs.frozen(kw_only=True, repr=False)
class Tally:
    """Counts and effort per area, folder, mindset, stage, channel, department and day.

    The balance checker never looks at records one by one: it first reduces
    them to a tally, and every rule reads the tally.  A tally can be built
    from any iterable of records, such as a generator reading a huge file,
    in memory that does not grow with the number of feedback items (it
    holds one count per day and folder, and the last day each touchpoint
    was heard from).  Two tallies add up with ``+``; the empty ``Tally()``
    is the identity, and the sum is the same in any order or grouping
    (effort and shares are summed exactly), so tallies computed by many
    workers combine into the one of all their records.

    Pass a tally to :func:`dime.check` with ``structure=`` the framework's
    other records (a :class:`~dime.Framework` without its feedback, say).

    What each kind of record adds:

    - feedback: one count per UTC day and folder (``unfiled`` when it has no
      folder, ``junk`` when it is junk with no folder), the last day each
      touchpoint was heard from, and the latest time anything was received;
    - initiatives: effort per area and the days it was under way (see
      :func:`dime.check`), the number per area, and the done ones that never
      reached the "measure" step of the improvement cycle;
    - responsibilities: holders and the summed share of their time per mindset;
    - touchpoints and departments: the facts the rules need about each;
    - assessments: per area, the day of the latest assessment and the mean
      score given that day.

    >>> import dime
    >>> fw = dime.example()
    >>> tally = dime.Tally.from_framework(fw)
    >>> tally
    Tally(feedback=3200, initiatives=50, responsibilities=7, touchpoints=25, departments=6, assessments=18)
    >>> half = len(fw.feedback) // 2
    >>> parts = dime.Tally.from_records(fw.feedback[:half]) + dime.Tally.from_records(fw.feedback[half:])
    >>> parts == dime.Tally.from_records(fw.feedback)
    True
    >>> dime.Tally() + tally == tally
    True
    """

    #: Feedback per (day, slot), the key packed as ``day * 8 + slot``.
    feedback_days: Mapping[int, int] = _mapping_field()
    #: The last day (days since 1970-01-01) each touchpoint was heard from.
    heard: Mapping[str, int] = _mapping_field()
    #: The latest time feedback was received, in UTC, or None.
    latest: datetime | None = None
    #: Exact effort per (area index, first day, last day or None while under way).
    work: Mapping[tuple[int, int, int | None], int] = _mapping_field()
    #: Initiatives per area index, planned ones included.
    initiatives: Mapping[int, int] = _mapping_field()
    #: Done initiatives never measured, per area index.
    unmeasured: Mapping[int, int] = _mapping_field()
    #: The first few (by id) of those, per area index, as (id, title).
    unmeasured_examples: Mapping[int, tuple[tuple[str, str], ...]] = _mapping_field()
    #: The latest day any initiative started or finished, or None.
    latest_day: int | None = None
    #: Holders per mindset.
    holders: Mapping[Mindset, int] = _mapping_field()
    #: Exact summed share of holders' time per mindset.
    capacity: Mapping[Mindset, int] = _mapping_field()
    #: Touchpoints, as a multiset of their facts.
    touchpoints: Mapping[TouchpointFacts, int] = _mapping_field()
    #: Departments, as a multiset of their facts.
    departments: Mapping[DepartmentFacts, int] = _mapping_field()
    #: Per area index: (day of the latest assessment, exact sum of that day's scores, count).
    assessed: Mapping[int, tuple[int, int, int]] = _mapping_field()
    #: Assessments per area index, all days.
    assessments: Mapping[int, int] = _mapping_field()

    @classmethod
    def from_records(cls, records: Iterable[object]) -> Tally:
        """Tally any iterable of records, in one pass.

        The records may be of any kind a :class:`~dime.Framework` holds,
        mixed, and the iterable may be a generator: feedback is counted as
        it passes and never kept.

        Args:
            records: Touchpoints, initiatives, feedback, responsibilities,
                departments and assessments, in any order.

        Returns:
            Their tally.

        Raises:
            InvalidFieldError: An item is not a record; the message says
                which (by position) and what it was.

        >>> import dime
        >>> fw = dime.example()
        >>> tally = dime.Tally.from_records(f for f in fw.feedback if f.folder is None)
        >>> tally.folders[None]
        849
        """
        b = _Builder()
        b.records(records)
        return b.build()

    @classmethod
    def from_framework(cls, framework: Framework) -> Tally:
        """Tally every record of ``framework``.

        >>> import dime
        >>> dime.Tally.from_framework(dime.example()).holders[dime.Mindset.OPERATIONAL]
        3
        """
        if not isinstance(framework, Framework):
            raise InvalidFieldError(
                [
                    Problem(
                        "Tally.from_framework",
                        f"expected a Framework, got {framework!r} ({type(framework).__name__})",
                    )
                ]
            )
        b = _Builder()
        b.feedback(framework.feedback)
        b.initiatives(framework.initiatives)
        b.responsibilities(framework.responsibilities)
        b.touchpoints(framework.touchpoints)
        b.departments(framework.departments)
        b.assessments(framework.assessments)
        return b.build()

    def __add__(self, other: object) -> Tally:
        if not isinstance(other, Tally):
            return NotImplemented
        return Tally(
            feedback_days=_add_counts(self.feedback_days, other.feedback_days),
            heard=_merge(self.heard, other.heard, max),
            latest=_latest(self.latest, other.latest),
            work=_add_counts(self.work, other.work),
            initiatives=_add_counts(self.initiatives, other.initiatives),
            unmeasured=_add_counts(self.unmeasured, other.unmeasured),
            unmeasured_examples=_merge(
                self.unmeasured_examples,
                other.unmeasured_examples,
                lambda a, b: tuple(sorted(set(a) | set(b))[:_EXAMPLES]),
            ),
            latest_day=_latest(self.latest_day, other.latest_day),
            holders=_add_counts(self.holders, other.holders),
            capacity=_add_counts(self.capacity, other.capacity),
            touchpoints=_add_counts(self.touchpoints, other.touchpoints),
            departments=_add_counts(self.departments, other.departments),
            assessed=_merge(self.assessed, other.assessed, _same_day),
            assessments=_add_counts(self.assessments, other.assessments),
        )

    def __repr__(self) -> str:
        return (
            f"Tally(feedback={self.feedback_count}, initiatives={sum(self.initiatives.values())}, "
            f"responsibilities={sum(self.holders.values())}, "
            f"touchpoints={sum(self.touchpoints.values())}, "
            f"departments={sum(self.departments.values())}, "
            f"assessments={sum(self.assessments.values())})"
        )

    @property
    def feedback_count(self) -> int:
        """How many pieces of feedback were tallied."""
        return sum(self.feedback_days.values())

    @property
    def folders(self) -> Mapping[FeedbackFolder | None, int]:
        """Feedback per folder over all days; None counts feedback not filed (junk included).

        >>> import dime
        >>> dime.Tally.from_framework(dime.example()).folders[dime.FeedbackFolder.PLANNING]
        24
        """
        out: dict[FeedbackFolder | None, int] = dict.fromkeys((*FeedbackFolder, None), 0)
        for key, n in self.feedback_days.items():
            out[_SLOT_FOLDER.get(key % _SLOTS)] += n
        return FrozenDict(out)

    @property
    def effort(self) -> Mapping[Area, float]:
        """Effort per area over all time, planned initiatives left out.

        >>> import dime
        >>> dime.Tally.from_framework(dime.example()).effort[dime.Foundation.ORGANISATIONAL_ATTITUDES.area]
        1.0
        """
        sums = [0] * 16
        for (area, _first, _last), amount in self.work.items():
            sums[area] += amount
        return FrozenDict({a: inexact(sums[a.index]) for a in AREAS})

    @property
    def per_day(self) -> Mapping[date, int]:
        """Feedback received per UTC day, in day order.

        >>> import dime
        >>> days = dime.Tally.from_framework(dime.example()).per_day
        >>> sum(days.values())
        3200
        """
        out: dict[int, int] = {}
        for key, n in self.feedback_days.items():
            day = key // _SLOTS
            out[day] = out.get(day, 0) + n
        return FrozenDict({day_date(d): out[d] for d in sorted(out)})

    @property
    def owners(self) -> Mapping[str | None, int]:
        """Touchpoints per owning department; None counts those nobody owns.

        >>> import dime
        >>> dime.Tally.from_framework(dime.example()).owners[None]
        2
        """
        out: dict[str | None, int] = {}
        for facts, n in self.touchpoints.items():
            out[facts.owner] = out.get(facts.owner, 0) + n
        return FrozenDict(out)

    @property
    def stages(self) -> Mapping[Stage, int]:
        """Touchpoints per buying-cycle stage."""
        out = dict.fromkeys(Stage, 0)
        for facts, n in self.touchpoints.items():
            out[facts.stage] += n
        return FrozenDict(out)

    @property
    def channels(self) -> Mapping[Channel, int]:
        """Touchpoints per channel."""
        out = dict.fromkeys(Channel, 0)
        for facts, n in self.touchpoints.items():
            out[facts.channel] += n
        return FrozenDict(out)


def _merge(a: Mapping[Any, Any], b: Mapping[Any, Any], combine: Any) -> dict[Any, Any]:  # noqa: ANN401
    out = dict(a)
    for key, value in b.items():
        out[key] = combine(out[key], value) if key in out else value
    return out


_T = TypeVar("_T", datetime, int)


def _latest(a: _T | None, b: _T | None) -> _T | None:
    if a is None:
        return b
    if b is None:
        return a
    return max(a, b)


def _same_day(a: tuple[int, int, int], b: tuple[int, int, int]) -> tuple[int, int, int]:
    if a[0] != b[0]:
        return max(a, b)
    return (a[0], a[1] + b[1], a[2] + b[2])


class _Builder:
    """Mutable accumulators for one pass over records."""

    def __init__(self) -> None:
        self.days: dict[int, int] = {}
        self.heard: dict[str, int] = {}
        self.top = -(10**9)
        self.latest: datetime | None = None
        self.work: dict[tuple[int, int, int | None], int] = {}
        self.count: dict[int, int] = {}
        self.unmeasured: dict[int, int] = {}
        self.examples: dict[int, list[tuple[str, str]]] = {}
        self.latest_day: int | None = None
        self.holders: dict[Mindset, int] = {}
        self.capacity: dict[Mindset, int] = {}
        self.touchpoint_facts: dict[TouchpointFacts, int] = {}
        self.department_facts: dict[DepartmentFacts, int] = {}
        self.assessed: dict[int, tuple[int, int, int]] = {}
        self.assessment_count: dict[int, int] = {}

    def feedback(self, items: Iterable[Feedback]) -> None:
        # The hot loop: local names only, one dict update per item.
        days = self.days
        get = days.get
        heard = self.heard
        heard_get = heard.get
        slots = _FOLDER_SLOT
        junk = FeedbackKind.JUNK
        epoch = _EPOCH
        top = self.top
        latest = self.latest
        for f in items:
            received = f.received
            day = (received - epoch).days
            folder = f.folder
            if folder is None:
                key = day * 8 + (_JUNK if f.kind is junk else _UNFILED)
            else:
                key = day * 8 + slots[folder._value_]
            days[key] = get(key, 0) + 1
            tp = f.touchpoint
            if tp is not None and heard_get(tp, -(10**9)) < day:
                heard[tp] = day
            if day >= top and (latest is None or received > latest):
                top = day
                latest = received
        self.top = top
        self.latest = latest

    def records(self, records: Iterable[object]) -> None:
        # The feedback loop again, with a dispatch on the kind of record.
        days = self.days
        get = days.get
        heard = self.heard
        heard_get = heard.get
        slots = _FOLDER_SLOT
        junk = FeedbackKind.JUNK
        epoch = _EPOCH
        adders = _ADDERS
        for position, f in enumerate(records):
            if type(f) is not Feedback:
                adder = adders.get(type(f))
                if adder is None:
                    raise InvalidFieldError(
                        [
                            Problem(
                                f"records[{position}]",
                                "expected a record (Touchpoint, Initiative, Feedback, "
                                "Responsibility, Department or Assessment), got "
                                f"{f!r} ({type(f).__name__})",
                            )
                        ]
                    )
                adder(self, (f,))
                continue
            received = f.received
            day = (received - epoch).days
            folder = f.folder
            if folder is None:
                key = day * 8 + (_JUNK if f.kind is junk else _UNFILED)
            else:
                key = day * 8 + slots[folder._value_]
            days[key] = get(key, 0) + 1
            tp = f.touchpoint
            if tp is not None and heard_get(tp, -(10**9)) < day:
                heard[tp] = day
            if day >= self.top and (self.latest is None or received > self.latest):
                self.top = day
                self.latest = received

    def initiatives(self, items: Iterable[Initiative]) -> None:
        columns = _PILLAR_COLUMN
        rows = _LAYER_START
        epoch = _EPOCH_ORDINAL
        planned = InitiativeStatus.PLANNED
        active = InitiativeStatus.ACTIVE
        done = InitiativeStatus.DONE
        work = self.work
        count = self.count
        latest_day = self.latest_day
        for i in items:
            a = i.area
            area = columns[a.pillar._value_] + rows[a.layer._value_]
            count[area] = count.get(area, 0) + 1
            started, finished = i.started, i.finished
            for d in (started, finished):
                if d is not None:
                    n = d.toordinal() - epoch
                    if latest_day is None or n > latest_day:
                        latest_day = n
            status = i.status
            if status is done and i.step not in _MEASURED:
                self.unmeasured[area] = self.unmeasured.get(area, 0) + 1
                examples = self.examples.setdefault(area, [])
                examples.append((i.id, i.title))
                if len(examples) > 4 * _EXAMPLES:
                    examples.sort()
                    del examples[_EXAMPLES:]
            if status is planned or started is None:
                continue
            first = started.toordinal() - epoch
            if finished is not None:
                last: int | None = finished.toordinal() - epoch
            else:
                last = None if status is active else first
            key = (area, first, last)
            work[key] = work.get(key, 0) + exact(i.effort)
        self.latest_day = latest_day

    def responsibilities(self, items: Iterable[Responsibility]) -> None:
        for r in items:
            self.holders[r.mindset] = self.holders.get(r.mindset, 0) + 1
            self.capacity[r.mindset] = self.capacity.get(r.mindset, 0) + exact(r.share)

    def touchpoints(self, items: Iterable[Touchpoint]) -> None:
        facts = self.touchpoint_facts
        for t in items:
            key = TouchpointFacts(t.id, t.name, t.channel, t.stage, t.pillars, t.owner)
            facts[key] = facts.get(key, 0) + 1

    def departments(self, items: Iterable[Department]) -> None:
        facts = self.department_facts
        for d in items:
            key = DepartmentFacts(d.name, d.objective, len(d.measures))
            facts[key] = facts.get(key, 0) + 1

    def assessments(self, items: Iterable[Assessment]) -> None:
        for a in items:
            area = a.area.index
            self.assessment_count[area] = self.assessment_count.get(area, 0) + 1
            entry = (day_number(a.on), exact(a.score), 1)
            if self.latest_day is None or entry[0] > self.latest_day:
                self.latest_day = entry[0]
            old = self.assessed.get(area)
            self.assessed[area] = entry if old is None else _same_day(old, entry)

    def build(self) -> Tally:
        return Tally(
            feedback_days=self.days,
            heard=self.heard,
            latest=None if self.latest is None else self.latest.astimezone(UTC),
            work=self.work,
            initiatives=self.count,
            unmeasured=self.unmeasured,
            unmeasured_examples={
                a: tuple(sorted(set(ex))[:_EXAMPLES]) for a, ex in self.examples.items()
            },
            latest_day=self.latest_day,
            holders=self.holders,
            capacity=self.capacity,
            touchpoints=self.touchpoint_facts,
            departments=self.department_facts,
            assessed=self.assessed,
            assessments=self.assessment_count,
        )


_ADDERS: dict[type[Any], Any] = {
    Initiative: _Builder.initiatives,
    Responsibility: _Builder.responsibilities,
    Touchpoint: _Builder.touchpoints,
    Department: _Builder.departments,
    Assessment: _Builder.assessments,
}
