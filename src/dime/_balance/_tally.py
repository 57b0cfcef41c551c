"""The reduction the balance checker runs on: counts and effort per area, folder and day."""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, date, datetime, timedelta, timezone
from operator import attrgetter
from typing import Any, Final, NamedTuple, TypeAlias

import attrs

from dime._balance._common import FLOAT_MAX, FrozenMap, frozen
from dime._framework import AREAS, Area, FeedbackFolder, Layer, Mindset, Pillar
from dime._gc import gc_paused
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
    MeasureKind,
    Responsibility,
    Stage,
    Touchpoint,
)
from dime.exceptions import InvalidFieldError, Problem

__all__ = [
    "BILL",
    "FIRST_DAY",
    "JUNK",
    "LAST_DAY",
    "SLOTS",
    "UNFILED",
    "DepartmentFacts",
    "MeasureFacts",
    "OutcomeFacts",
    "ResponsibilityFacts",
    "ScoreKey",
    "Structure",
    "Tally",
    "TargetFacts",
    "TouchpointFacts",
    "WorkNote",
    "day_date",
    "day_number",
    "default_now",
    "exact",
    "inexact",
    "month_name",
    "month_number",
]

# Sums of effort and shares are kept exactly, as integers in units of 2**-1074
# (the smallest float step), so that adding tallies in any order or grouping
# gives identical results: float addition is not associative, integer addition is.
_SHIFT: Final = 1074
_ONE: Final = 1 << _SHIFT

_EPOCH: Final = datetime(1970, 1, 1, tzinfo=UTC)
_EPOCH_ORDINAL: Final = _EPOCH.toordinal()

#: The first and last days a date can name, as days since 1970-01-01.
FIRST_DAY: Final = date.min.toordinal() - _EPOCH_ORDINAL
LAST_DAY: Final = date.max.toordinal() - _EPOCH_ORDINAL

# Feedback is counted per (day, slot), keyed ``day << 4 | slot``.  Slots 0-3 are
# the folders, 4 feedback not filed, 5 junk not filed; a complaint (a bill) adds 8.
SLOTS: Final = 16
UNFILED: Final = 4
JUNK: Final = 5
BILL: Final = 8
# Keyed by the members' values: hashing a string is much cheaper than an enum member.
_PILLAR_COLUMN: Final = {p._value_: p.index for p in Pillar}
_LAYER_START: Final = {layer._value_: 4 * layer.index for layer in Layer}
_EXAMPLES: Final = 3
_BATCH: Final = 10_000
_NEVER: Final = -1_000_000_000
_TOUCHPOINT: Final = attrgetter("touchpoint")
_SCORE: Final = attrgetter("score")
_CHANNEL: Final = attrgetter("channel")
_SCALE: Final = attrgetter("scale")
_VALUE: Final = attrgetter("value")
# Keyed by the members' values: hashing a string is much cheaper than an enum member.
_FOLDER_SLOT: Final = {folder._value_: i for i, folder in enumerate(FeedbackFolder)}
# Each channel's value, and None's, by the identity of the member: enum members are
# singletons, and ``id`` runs in C where hashing a member calls Python.
_CHANNEL_VALUE: Final[dict[int, str | None]] = {
    id(None): None,
    **{id(channel): channel._value_ for channel in Channel},
}


def _epoch_in(epochs: dict[object, datetime], zone: object) -> datetime:
    """1970-01-01 00:00 UTC in ``zone`` when it is a fixed offset, in UTC otherwise; remembered.

    Within one fixed offset, subtracting wall-clock times gives the true
    difference; a zone whose offset changes with the date must be subtracted
    across zones.
    """
    epoch = epochs[zone] = _EPOCH.astimezone(zone) if type(zone) is timezone else _EPOCH
    return epoch


def exact(value: float) -> int:
    """``value`` as an exact integer count of 2**-1074 steps."""
    if type(value) is int:
        return value << _SHIFT
    n, d = float(value).as_integer_ratio()
    return n << (_SHIFT + 1 - d.bit_length())


def inexact(value: int) -> float:
    """The float nearest to an exact sum made by :func:`exact` (the largest float if beyond)."""
    try:
        return value / _ONE
    except OverflowError:
        return FLOAT_MAX if value > 0 else -FLOAT_MAX


def day_number(day: date) -> int:
    """A date as days since 1970-01-01."""
    return day.toordinal() - _EPOCH_ORDINAL


#: A key of :attr:`Tally.scores`: (touchpoint id or None, the feedback's own channel or None,
#: scale name, value, UTC month number).
ScoreKey: TypeAlias = tuple[str | None, str | None, str, float, int]
# A touchpoint's record in a pass: [last day heard, items, {UTC month: complaints},
# {day << 4 | slot: n} of the feedback not filed].
_Heard: TypeAlias = list[Any]


def month_number(day: int) -> int:
    """The month a day (since 1970-01-01, UTC) falls in, as ``year * 12 + month - 1``.

    >>> month_number(0), month_number(31)
    (23640, 23641)
    """
    d = day_date(day)
    return d.year * 12 + d.month - 1


def month_name(number: int) -> str:
    """A month number as ``"YYYY-MM"``.

    >>> month_name(23641)
    '1970-02'
    """
    year, month = divmod(number, 12)
    return f"{year:04d}-{month + 1:02d}"


def day_date(number: int) -> date:
    """The date ``number`` days after 1970-01-01, kept within the calendar's range."""
    return date.fromordinal(min(max(number, FIRST_DAY), LAST_DAY) + _EPOCH_ORDINAL)


def default_now(tally: Tally) -> datetime:
    """The latest moment in the records: feedback received, work started or finished, assessments.

    The moment :func:`dime.check` and :func:`dime.trend` look at when not
    told otherwise; 1970-01-01 when the records hold no date.
    """
    latest = tally.latest
    if tally.latest_day is not None:
        day = _EPOCH + timedelta(days=tally.latest_day)
        if latest is None or latest - _EPOCH < day - _EPOCH:
            return day
    return _EPOCH if latest is None else latest


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


class TargetFacts(NamedTuple):
    """What the checker needs to know about one measure held to a target."""

    #: The measure's name.
    name: str
    #: Its kind's wire value (``score``, ``count``, ``rate``).
    kind: str
    #: Its unit (for a score, the scale's name), or None.
    unit: str | None
    #: The value aimed for.
    target: float
    #: Whether a higher value is better.
    higher_is_better: bool
    #: Its measurements as (day since 1970-01-01, value), in order of day.
    readings: tuple[tuple[int, float], ...]


class MeasureFacts(NamedTuple):
    """What the checker needs to know about one measure to read a value of it."""

    #: The measure's name.
    name: str
    #: Its kind's wire value (``score``, ``count``, ``rate``).
    kind: str
    #: Its unit (for a score, the scale's name), or None.
    unit: str | None
    #: Whether a higher value is better.
    higher_is_better: bool
    #: Its measurements as (day since 1970-01-01, value), in order of day.
    readings: tuple[tuple[int, float], ...] = ()


class DepartmentFacts(NamedTuple):
    """What the checker needs to know about one department."""

    #: The department's name.
    name: str
    #: Its customer-experience objective, or None.
    objective: str | None
    #: How many measures it has.
    measures: int
    #: Its measures held to a target, with their measurements.
    targets: tuple[TargetFacts, ...] = ()
    #: Every one of its measures, in its order: how to read a value of each.
    shapes: tuple[MeasureFacts, ...] = ()


class OutcomeFacts(NamedTuple):
    """What the checker needs to know about one initiative's measured outcome."""

    #: The initiative's id.
    id: str
    #: Its title.
    title: str
    #: Its area's index (see :attr:`Area.index <dime.Area.index>`).
    area: int
    #: Its status's wire value.
    status: str
    #: The department that owns it, or None.
    owner: str | None
    #: The measure it moved.
    measure: str
    #: The measure's value before the work.
    before: float
    #: Its value after the work.
    after: float
    #: The day ``after`` was measured (days since 1970-01-01).
    measured_on: int
    #: The day the initiative finished (days since 1970-01-01), or None.
    finished: int | None = None


class ResponsibilityFacts(NamedTuple):
    """What the checker needs to know about one person or team holding a mindset."""

    #: Who holds it.
    holder: str
    #: The mindset held.
    mindset: Mindset
    #: Their department, or None.
    department: str | None
    #: The share of their time it takes, exactly (see :func:`exact`).
    share: int


class WorkNote(NamedTuple):
    """Initiatives of one kind in one area: how many, their exact effort, a few examples."""

    #: How many.
    number: int
    #: Their summed effort, exactly (see :func:`exact`).
    effort: int
    #: The first few by id, as (id, title).
    examples: tuple[tuple[str, str], ...]


class Structure(NamedTuple):
    """The records that carry no date, as one saved state of the organisation held them."""

    #: Responsibilities, as a multiset of their facts.
    responsibilities: Mapping[ResponsibilityFacts, int]
    #: Touchpoints, as a multiset of their facts.
    touchpoints: Mapping[TouchpointFacts, int]
    #: Departments, as a multiset of their facts.
    departments: Mapping[DepartmentFacts, int]

    def __add__(self, other: object) -> Structure:
        if not isinstance(other, Structure):
            return NotImplemented
        return Structure(
            FrozenMap(_add_counts(self.responsibilities, other.responsibilities)),
            FrozenMap(_add_counts(self.touchpoints, other.touchpoints)),
            FrozenMap(_add_counts(self.departments, other.departments)),
        )


_NOTHING: Final = Structure(FrozenMap(), FrozenMap(), FrozenMap())


def _add_counts(a: Mapping[Any, int], b: Mapping[Any, int]) -> dict[Any, int]:
    if len(a) < len(b):
        a, b = b, a
    out = dict(a)
    get = out.get
    for key, value in b.items():
        out[key] = get(key, 0) + value
    return out


def _map() -> Any:  # noqa: ANN401 - attrs fields are typed by their annotation
    return attrs.field(factory=FrozenMap, converter=frozen, hash=False)


@attrs.frozen(kw_only=True, repr=False)
class Tally:
    """Counts and effort per area, folder, mindset, stage, channel, department and day.

    The balance checker never looks at records one by one: it first reduces
    them to a tally, and every rule reads the tally.  A tally can be built
    from any iterable of records, such as a generator reading a huge file,
    in memory bounded by the days, slots and touchpoints, not by the number
    of feedback items (it holds one count per day and kind of slot, the
    last day each touchpoint was heard from, and the feedback not filed per
    touchpoint and day), save one entry per complaint that is neither filed
    nor assigned, kept by id so that an initiative addressing it can be told.  Two tallies add up with ``+``; the empty
    ``Tally()`` is the identity, and the sum is the same in any order or
    grouping (effort and shares are summed exactly), so tallies computed by
    many workers combine into the one of all their records.  A tally
    pickles, so it can cross process boundaries.

    Pass a tally to :func:`dime.check` with ``structure=`` the framework's
    other records (a :class:`~dime.Framework` without its feedback, say).

    What each kind of record adds:

    - feedback: one count per UTC day and slot (a folder, ``unfiled``, or
      ``junk`` when it is junk with no folder; complaints, ``bill``
      feedback, apart), the last day each touchpoint was heard from and how many
      items and complaints it brought, for feedback not filed one count per touchpoint, day
      and slot, the day of each complaint neither filed nor assigned, the
      latest moment anything was received, and how many
      responses gave each score value on each scale, per touchpoint, the
      feedback's own channel and UTC month;
    - initiatives: effort per area and the days it was under way (from the
      day it started to the day it finished; still active: up to the moment
      of the check; done or dropped with one date: that day), the number
      per area, and notes on the planned ones, the ones with no date,
      the done ones that never reached the step of measuring their results,
      the ones with a measured outcome and the done ones without; each
      measured outcome (the measure, before and after, the day); the ids of
      the feedback they address;
    - responsibilities: who holds which mindset, in which department, for
      what share of their time;
    - touchpoints and departments: their facts, a department's measures held
      to a target with their measurements;
    - assessments: per area and day, the sum and number of the scores given.

    Responsibilities, touchpoints and departments carry no date.  A tally
    made by :func:`dime.history` knows how each saved state held them
    (:attr:`states`), and :meth:`as_of` gives the tally as it stood on a
    day; any other tally holds one state for all time.

    >>> import dime
    >>> tally = dime.Tally.from_framework(dime.example())
    >>> tally
    Tally(feedback=3200, initiatives=50, responsibilities=7, touchpoints=25, departments=6, assessments=18)
    >>> tally + dime.Tally() == tally
    True
    """

    #: Feedback per (day, slot), keyed ``day << 4 | slot``; days count from 1970-01-01 (UTC).
    feedback_days: Mapping[int, int] = _map()
    #: The last day (since 1970-01-01) each touchpoint was heard from.
    heard: Mapping[str, int] = _map()
    #: Feedback not filed, junk aside, per (touchpoint id, ``day << 4 | slot``): the slot is
    #: ``unfiled``, or ``unfiled | bill`` for a complaint; feedback naming no touchpoint is left out.
    unfiled_by_touchpoint: Mapping[tuple[str, int], int] = _map()
    #: Feedback items per touchpoint id, every day: the volume the coverage picture shows.
    voices: Mapping[str, int] = _map()
    #: Scored feedback per (touchpoint id or None, the feedback's own channel or None, scale
    #: name, value, UTC month as ``year * 12 + month - 1``), every day: what the report's
    #: scores are computed from (see :meth:`ScoreTally.from_tally`).
    scores: Mapping[ScoreKey, int] = _map()
    #: The latest moment any feedback was received, as it was given, or None.
    latest: datetime | None = None
    #: Exact effort per (area index, first day, last day or None while still active).
    work: Mapping[tuple[int, int, int | None], int] = _map()
    #: Initiatives recorded per area index, every status.
    initiatives: Mapping[int, int] = _map()
    #: Notes on initiatives, per (kind, area index); kinds: ``planned``, ``undated``,
    #: ``unmeasured``, ``outcome`` (any status), ``no_outcome`` (done, with none) and
    #: ``unrecorded`` (done, with none, though it reached the step of measuring its results).
    notes: Mapping[tuple[str, int], WorkNote] = _map()
    #: The latest day any initiative that is not planned started or finished, or None.
    latest_day: int | None = None
    #: Responsibilities, as a multiset of their facts.
    responsibilities: Mapping[ResponsibilityFacts, int] = _map()
    #: Touchpoints, as a multiset of their facts.
    touchpoints: Mapping[TouchpointFacts, int] = _map()
    #: Departments, as a multiset of their facts.
    departments: Mapping[DepartmentFacts, int] = _map()
    #: Assessment scores per ``day << 4 | area index``: (exact sum of the scores, count).
    scored: Mapping[int, tuple[int, int]] = _map()
    #: Assessments per area index, all days.
    assessments: Mapping[int, int] = _map()
    #: Saved states of the undated records, by the day each was saved; empty when not known.
    states: Mapping[int, Structure] = _map()
    #: Complaints per (touchpoint id, UTC month as ``year * 12 + month - 1``), filed or not.
    complaint_months: Mapping[tuple[str, int], int] = _map()
    #: Complaints neither filed nor assigned, by feedback id: the day each was received.
    open_complaints: Mapping[str, int] = _map()
    #: Of those, the touchpoint id each came through, by feedback id (those with one).
    open_complaints_through: Mapping[str, str] = _map()
    #: Feedback ids named in initiatives' ``addresses``, with how many initiatives name each.
    addressed: Mapping[str, int] = _map()
    #: Initiatives' measured outcomes, as a multiset of their facts.
    outcomes: Mapping[OutcomeFacts, int] = _map()

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
    def from_frame(
        cls,
        *,
        feedback: Any = None,  # noqa: ANN401 - any dataframe or lazy frame
        touchpoints: Any = None,  # noqa: ANN401
        initiatives: Any = None,  # noqa: ANN401
        responsibilities: Any = None,  # noqa: ANN401
        departments: Any = None,  # noqa: ANN401
        assessments: Any = None,  # noqa: ANN401
        scales: Any = None,  # noqa: ANN401
        columns: Mapping[str, Any] | None = None,
    ) -> Tally:
        """Tally tables where they live: the engine holding them does the counting.

        Exactly the tally :meth:`from_records` makes of the same rows as
        records, computed as group-by aggregations by the engine holding
        the feedback (pandas, polars, pyarrow, DuckDB, Dask, Spark, eager or
        lazy, through narwhals: ``pip install 'dime-cx[frames]'``); no
        feedback row becomes a Python object.  The tables and their columns
        are those of :func:`dime.from_frames`; see the docs' page on tables
        and engines.  A ``scales`` table is read with the structure: the
        departments' score measures and the initiatives' outcomes may be on
        its custom scales.

        Raises:
            InvalidDocumentError: A column is missing or of the wrong type, a
                cell cannot be read, ids repeat, or feedback names a
                touchpoint that ``touchpoints`` does not hold; every problem
                at once, by row (``$.feedback[12].kind``) in a dataframe, by
                id (``$.feedback[?(@.id=='f-12')].kind``) in a lazy frame.

        >>> import dime
        >>> fw = dime.example()
        >>> feedback = fw.to_frames()["feedback"]  # a pandas DataFrame
        >>> dime.Tally.from_frame(feedback=feedback) == dime.Tally.from_records(fw.feedback)
        True
        """
        from dime._engine import tally_from_frame  # noqa: PLC0415 - an edge, loaded when used

        return tally_from_frame(
            feedback=feedback,
            touchpoints=touchpoints,
            initiatives=initiatives,
            responsibilities=responsibilities,
            departments=departments,
            assessments=assessments,
            scales=scales,
            columns=columns,
        )

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
        # The counts hold no cycles, and next to a large loaded framework the collections
        # their allocation would trigger cost more than the counting.
        with gc_paused():
            b = _Builder()
            b.feedback(framework.feedback)
            b.initiatives(framework.initiatives)
            b.responsibility_records(framework.responsibilities)
            b.touchpoint_records(framework.touchpoints)
            b.department_records(framework.departments)
            b.assessment_records(framework.assessments)
            return b.build()

    def __add__(self, other: object) -> Tally:
        if not isinstance(other, Tally):
            return NotImplemented
        return Tally(
            feedback_days=_add_counts(self.feedback_days, other.feedback_days),
            heard=_merge(self.heard, other.heard, max),
            unfiled_by_touchpoint=_add_counts(
                self.unfiled_by_touchpoint, other.unfiled_by_touchpoint
            ),
            voices=_add_counts(self.voices, other.voices),
            scores=_add_counts(self.scores, other.scores),
            latest=_later(self.latest, other.latest),
            work=_add_counts(self.work, other.work),
            initiatives=_add_counts(self.initiatives, other.initiatives),
            notes=_merge(self.notes, other.notes, _add_notes),
            latest_day=_latest_day(self.latest_day, other.latest_day),
            responsibilities=_add_counts(self.responsibilities, other.responsibilities),
            touchpoints=_add_counts(self.touchpoints, other.touchpoints),
            departments=_add_counts(self.departments, other.departments),
            scored=_merge(self.scored, other.scored, _add_scores),
            assessments=_add_counts(self.assessments, other.assessments),
            states=_add_states(self, other),
            complaint_months=_add_counts(self.complaint_months, other.complaint_months),
            open_complaints={**self.open_complaints, **other.open_complaints},
            open_complaints_through={
                **self.open_complaints_through,
                **other.open_complaints_through,
            },
            addressed=_add_counts(self.addressed, other.addressed),
            outcomes=_add_counts(self.outcomes, other.outcomes),
        )

    def __repr__(self) -> str:
        return (
            f"Tally(feedback={self.feedback_count}, initiatives={sum(self.initiatives.values())}, "
            f"responsibilities={sum(self.responsibilities.values())}, "
            f"touchpoints={sum(self.touchpoints.values())}, "
            f"departments={sum(self.departments.values())}, "
            f"assessments={sum(self.assessments.values())})"
        )

    @property
    def structure(self) -> Structure:
        """The undated records: responsibilities, touchpoints and departments."""
        return Structure(self.responsibilities, self.touchpoints, self.departments)

    def structure_on(self, day: int) -> Structure:
        """The undated records as they stood at the end of ``day`` (days since 1970-01-01).

        Without :attr:`states`, :attr:`structure` at every day; with them, the
        latest state saved on or before ``day``, and nothing before the first.
        """
        states = self.states
        if not states:
            return self.structure
        saved = [d for d in states if d <= day]
        return states[max(saved)] if saved else _NOTHING

    def as_of(self, day: int) -> Tally:
        """This tally with the undated records as they stood at the end of ``day``.

        Dated records are left as they are: the checker reads them at a
        moment itself.  Without :attr:`states`, the tally itself.

        >>> import dime
        >>> tally = dime.Tally.from_framework(dime.example())
        >>> tally.as_of(0) is tally
        True
        """
        if not self.states:
            return self
        s = self.structure_on(day)
        return attrs.evolve(
            self,
            responsibilities=s.responsibilities,
            touchpoints=s.touchpoints,
            departments=s.departments,
        )

    def assessed(self, until: int | None = None) -> dict[int, tuple[int, int, int]]:
        """Per area index, the latest day assessed on or before ``until`` (any day for None).

        Each entry is (that day, the exact sum of that day's scores, how many).
        """
        out: dict[int, tuple[int, int, int]] = {}
        for key, (total, count) in self.scored.items():
            day, area = key >> 4, key & 15
            if until is not None and day > until:
                continue
            old = out.get(area)
            if old is None or day > old[0]:
                out[area] = (day, total, count)
        return out

    @property
    def empty(self) -> bool:
        """Whether no record at all was tallied."""
        return not (
            self.feedback_days
            or self.initiatives
            or self.responsibilities
            or self.touchpoints
            or self.departments
            or self.assessments
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
        folders = list(FeedbackFolder)
        for key, n in self.feedback_days.items():
            slot = key & 7
            out[folders[slot] if slot < UNFILED else None] += n
        return FrozenMap(out)

    @property
    def unfiled(self) -> int:
        """Feedback never filed in a folder, over all days, junk aside.

        >>> import dime
        >>> dime.Tally.from_framework(dime.example()).unfiled
        480
        """
        return sum(n for key, n in self.feedback_days.items() if key & 7 == UNFILED)

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
        return FrozenMap({a: inexact(sums[a.index]) for a in AREAS})

    @property
    def complaints(self) -> Mapping[str, int]:
        """Complaints (``bill`` feedback) per touchpoint id, every day: its months' sum.

        >>> import dime
        >>> tally = dime.Tally.from_framework(dime.example())
        >>> tally.complaints["support-line"]
        103
        """
        out: dict[str, int] = {}
        for (tp, _), n in self.complaint_months.items():
            out[tp] = out.get(tp, 0) + n
        return out

    @property
    def holders(self) -> Mapping[Mindset, int]:
        """How many responsibilities name each mindset."""
        out = dict.fromkeys(Mindset, 0)
        for facts, n in self.responsibilities.items():
            out[facts.mindset] += n
        return FrozenMap(out)

    @property
    def capacity(self) -> Mapping[Mindset, int]:
        """The exact summed share of holders' time per mindset (see :func:`exact`)."""
        out = dict.fromkeys(Mindset, 0)
        for facts, n in self.responsibilities.items():
            out[facts.mindset] += facts.share * n
        return FrozenMap(out)

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
            day = key >> 4
            out[day] = out.get(day, 0) + n
        return FrozenMap({day_date(d): out[d] for d in sorted(out)})

    @property
    def owners(self) -> Mapping[str | None, int]:
        """Touchpoints per owning department; None counts those nobody owns.

        >>> import dime
        >>> dime.Tally.from_framework(dime.example()).owners[None]
        1
        """
        out: dict[str | None, int] = {}
        for facts, n in self.touchpoints.items():
            out[facts.owner] = out.get(facts.owner, 0) + n
        return FrozenMap(out)

    @property
    def stages(self) -> Mapping[Stage, int]:
        """Touchpoints per buying-cycle stage."""
        out = dict.fromkeys(Stage, 0)
        for facts, n in self.touchpoints.items():
            out[facts.stage] += n
        return FrozenMap(out)

    @property
    def channels(self) -> Mapping[Channel, int]:
        """Touchpoints per channel."""
        out = dict.fromkeys(Channel, 0)
        for facts, n in self.touchpoints.items():
            out[facts.channel] += n
        return FrozenMap(out)


def _merge(a: Mapping[Any, Any], b: Mapping[Any, Any], combine: Any) -> dict[Any, Any]:  # noqa: ANN401
    out = dict(a)
    for key, value in b.items():
        out[key] = combine(out[key], value) if key in out else value
    return out


def _add_notes(a: WorkNote, b: WorkNote) -> WorkNote:
    return WorkNote(
        a.number + b.number,
        a.effort + b.effort,
        tuple(sorted({*a.examples, *b.examples}))[:_EXAMPLES],
    )


def _instant(moment: datetime) -> tuple[timedelta, timedelta]:
    """Order moments by instant, then by offset, so that the latest one is always the same."""
    return (moment - _EPOCH, moment.utcoffset() or timedelta(0))


def _later(a: datetime | None, b: datetime | None) -> datetime | None:
    if a is None:
        return b
    if b is None:
        return a
    return max(a, b, key=_instant)


def _latest_day(a: int | None, b: int | None) -> int | None:
    if a is None:
        return b
    if b is None:
        return a
    return max(a, b)


def _add_scores(a: tuple[int, int], b: tuple[int, int]) -> tuple[int, int]:
    return (a[0] + b[0], a[1] + b[1])


def _add_states(a: Tally, b: Tally) -> dict[int, Structure]:
    """Saved states add up day by day: each side's undated records as they stood that day."""
    if not a.states and not b.states:
        return {}
    days = {*a.states, *b.states}
    if not a.states or not b.states:
        # The side without states holds its records on every day, before the other's first too.
        days.add(FIRST_DAY)
    return {day: a.structure_on(day) + b.structure_on(day) for day in days}


class _Builder:
    """Mutable accumulators for one pass over records."""

    def __init__(self) -> None:
        self.days: dict[int, int] = {}
        # Per touchpoint id (None included), one record: the last day heard from, the
        # items, the complaints per UTC month, and the feedback not filed (junk apart) per
        # ``day << 4 | slot``.  One lookup per item finds them all,
        # and a touchpoint's days not filed are a small dict of its own, not keys of one
        # large dict spread over memory.
        self.per_touchpoint: dict[str | None, _Heard] = {}
        # Scored feedback per (touchpoint, channel value, scale, value, UTC month).
        # ``month_of`` maps each UTC day seen to its month.
        self.scores: dict[ScoreKey, int] = {}
        self.month_of: dict[int, int] = {}
        # The moment 1970-01-01 00:00 UTC in each fixed-offset time zone seen, so that the
        # days since it are a subtraction within one zone, not across two (several times
        # slower); UTC's own for any other kind of zone.
        self.epochs: dict[object, datetime] = {UTC: _EPOCH}
        # The latest day any feedback was received on, and every moment received on it:
        # the latest of those is found once, at the end, from their instants.
        self.top_day = _NEVER
        self.tops: list[datetime] = []
        self.work: dict[tuple[int, int, int | None], int] = {}
        self.count: dict[int, int] = {}
        self.notes: dict[tuple[str, int], list[Any]] = {}
        self.latest_day: int | None = None
        self.responsibility_facts: dict[ResponsibilityFacts, int] = {}
        self.touchpoint_facts: dict[TouchpointFacts, int] = {}
        self.department_facts: dict[DepartmentFacts, int] = {}
        self.scored: dict[int, tuple[int, int]] = {}
        self.assessment_count: dict[int, int] = {}
        self.open_complaints: dict[str, int] = {}
        self.open_complaints_through: dict[str, str] = {}
        self.addressed: dict[str, int] = {}
        self.outcome_facts: dict[OutcomeFacts, int] = {}

    def feedback(self, items: Iterable[Feedback]) -> None:
        """Count feedback, a batch at a time: the batch's columns stay in the processor's cache."""
        given = items if isinstance(items, (list, tuple)) else list(items)
        for start in range(0, len(given), _BATCH):
            self.feedback_batch(given[start : start + _BATCH])

    def feedback_batch(self, items: Sequence[Feedback]) -> None:  # noqa: C901, PLR0912, PLR0915 - the hot loop, inlined
        """Count one batch of feedback, in one Python loop of local names.

        A moment's UTC day is the whole days since 1970-01-01 00:00 UTC as that moment
        is written in the item's own time zone: subtracting within one fixed-offset zone
        is several times faster than across two.  The latest moment is not compared
        item by item: the moments of the latest day are kept, and compared once, at the
        end.  A score is counted per month, not per day: a touchpoint's scores on one
        value fall on a few dozen months but on hundreds of days, and each key costs
        memory and time.
        """
        days = self.days
        get = days.get
        per_touchpoint = self.per_touchpoint
        heard_from = per_touchpoint.get
        scores = self.scores
        scores_get = scores.get
        month_of = self.month_of
        month_in = month_of.get
        channel_value = _CHANNEL_VALUE
        slots = _FOLDER_SLOT
        junk = FeedbackKind.JUNK
        bill = FeedbackKind.BILL
        epochs = self.epochs
        epoch_in = epochs.get
        top_day = self.top_day
        tops = self.tops
        open_complaints = self.open_complaints
        open_through = self.open_complaints_through
        for f in items:
            received = f.received
            epoch = epoch_in(received.tzinfo)
            if epoch is None:
                epoch = _epoch_in(epochs, received.tzinfo)
            day = (received - epoch).days
            tp = f.touchpoint
            heard = heard_from(tp)
            if heard is None:
                heard = per_touchpoint[tp] = [day, 0, {}, {}]
            elif heard[0] < day:
                heard[0] = day
            heard[1] += 1
            folder = f.folder
            if folder is None:
                kind = f.kind
                if kind is junk:
                    key = (day << 4) | JUNK
                else:
                    if kind is bill:
                        key = (day << 4) | UNFILED | BILL
                        if f.assigned_to is None:
                            open_complaints[f.id] = day
                            if tp is not None:
                                open_through[f.id] = tp
                    else:
                        key = (day << 4) | UNFILED
                    unfiled = heard[3]
                    unfiled[key] = unfiled.get(key, 0) + 1
            elif f.kind is bill:
                key = (day << 4) | BILL | slots[folder._value_]
            else:
                key = (day << 4) | slots[folder._value_]
            days[key] = get(key, 0) + 1
            score = f.score
            if key & BILL or score is not None:
                month = month_in(day)
                if month is None:
                    month = month_of[day] = month_number(day)
                if key & BILL:
                    # Complaints per month; per touchpoint they are the months' sum.
                    months = heard[2]
                    months[month] = months.get(month, 0) + 1
                if score is not None:
                    # The channel by the member's identity: hashing a member calls Python.
                    scored = (tp, channel_value[id(f.channel)], score.scale, score.value, month)
                    scores[scored] = scores_get(scored, 0) + 1
            if day >= top_day:
                if day > top_day:
                    top_day = day
                    tops = [received]
                else:
                    tops.append(received)
        self.top_day = top_day
        self.tops = tops

    @property
    def latest(self) -> datetime | None:
        """The latest moment received: of the latest day's moments, the latest instant."""
        return max(self.tops, key=_instant, default=None)

    def records(self, records: Iterable[object]) -> None:
        # Feedback goes through the hot loop in batches, so memory stays flat.
        batch: list[Feedback] = []
        add = batch.append
        adders = _ADDERS
        for position, f in enumerate(records):
            if type(f) is Feedback:
                add(f)
                if len(batch) >= _BATCH:
                    self.feedback(batch)
                    batch.clear()
                continue
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
        self.feedback(batch)

    def note(self, kind: str, noted: list[tuple[int, Initiative]]) -> None:
        """Count the initiatives of one kind per area, with their effort and ids."""
        notes = self.notes
        for area, i in noted:
            entry = notes.get((kind, area))
            if entry is None:
                entry = notes[kind, area] = [0, 0, []]
            entry[0] += 1
            effort = i.effort
            entry[1] += effort << _SHIFT if type(effort) is int else exact(effort)
            entry[2].append((i.id, i.title))

    def outcomes(self, noted: list[tuple[int, Initiative]]) -> None:
        """Keep the facts of each initiative's measured outcome, with its area index."""
        facts = self.outcome_facts
        for area, i in noted:
            o = i.outcome
            if o is None:  # pragma: no cover - only initiatives with an outcome are noted
                continue
            key = OutcomeFacts(
                i.id,
                i.title,
                area,
                i.status.value,
                i.owner,
                o.measure,
                o.before,
                o.after,
                day_number(o.measured_on),
                None if i.finished is None else day_number(i.finished),
            )
            facts[key] = facts.get(key, 0) + 1

    def initiatives(self, items: Iterable[Initiative]) -> None:  # noqa: C901, PLR0915 - one pass, inlined
        columns = _PILLAR_COLUMN
        rows = _LAYER_START
        epoch = _EPOCH_ORDINAL
        planned = InitiativeStatus.PLANNED
        active = InitiativeStatus.ACTIVE
        done = InitiativeStatus.DONE
        # Identity, not a set: hashing an enum member runs Python code.
        measure, reinforce = ImprovementStep.MEASURE, ImprovementStep.REINFORCE
        work = self.work
        get = work.get
        count = self.count
        count_get = count.get
        plans: list[tuple[int, Initiative]] = []
        unmeasured: list[tuple[int, Initiative]] = []
        undated: list[tuple[int, Initiative]] = []
        latest_day = self.latest_day if self.latest_day is not None else _NEVER
        addressed = self.addressed
        outcomes: list[tuple[int, Initiative]] = []
        no_outcome: list[tuple[int, Initiative]] = []
        unrecorded: list[tuple[int, Initiative]] = []
        for i in items:
            a = i.area
            area = columns[a.pillar._value_] + rows[a.layer._value_]
            count[area] = count_get(area, 0) + 1
            status = i.status
            for ref in i.addresses:
                addressed[ref] = addressed.get(ref, 0) + 1
            if i.outcome is not None:
                outcomes.append((area, i))
            elif status is done:
                no_outcome.append((area, i))
                if i.step is measure or i.step is reinforce:
                    unrecorded.append((area, i))
            if status is planned:
                plans.append((area, i))
                continue
            if status is done:
                step = i.step
                if step is not measure and step is not reinforce:
                    unmeasured.append((area, i))
            started, finished = i.started, i.finished
            begun = started if started is not None else finished
            if begun is None:
                # Active work always has a start (the model says so); done or dropped
                # work with no date cannot be placed in time.
                undated.append((area, i))
                continue
            first = begun.toordinal() - epoch
            if finished is not None:
                end = finished.toordinal() - epoch
                latest_day = max(latest_day, end)
                last: int | None = end
            else:
                last = None if status is active else first
                latest_day = max(latest_day, first)
            key = (area, first, last)
            effort = i.effort
            work[key] = get(key, 0) + (effort << _SHIFT if type(effort) is int else exact(effort))
        self.note("planned", plans)
        self.note("unmeasured", unmeasured)
        self.note("undated", undated)
        self.note("outcome", outcomes)
        self.note("no_outcome", no_outcome)
        self.note("unrecorded", unrecorded)
        self.outcomes(outcomes)
        if latest_day > _NEVER:
            self.latest_day = latest_day

    def responsibility_records(self, items: Iterable[Responsibility]) -> None:
        facts = self.responsibility_facts
        for r in items:
            key = ResponsibilityFacts(r.holder, r.mindset, r.department, exact(r.share))
            facts[key] = facts.get(key, 0) + 1

    def touchpoint_records(self, items: Iterable[Touchpoint]) -> None:
        facts = self.touchpoint_facts
        for t in items:
            key = TouchpointFacts(t.id, t.name, t.channel, t.stage, t.pillars, t.owner)
            facts[key] = facts.get(key, 0) + 1

    def department_records(self, items: Iterable[Department]) -> None:
        facts = self.department_facts
        for d in items:
            key = DepartmentFacts(d.name, d.objective, len(d.measures), _targets(d), _shapes(d))
            facts[key] = facts.get(key, 0) + 1

    def assessment_records(self, items: Iterable[Assessment]) -> None:
        for a in items:
            area = a.area.index
            self.assessment_count[area] = self.assessment_count.get(area, 0) + 1
            day = day_number(a.on)
            if self.latest_day is None or day > self.latest_day:
                self.latest_day = day
            key = day << 4 | area
            old = self.scored.get(key)
            score = exact(a.score)
            self.scored[key] = (score, 1) if old is None else (old[0] + score, old[1] + 1)

    def build(self) -> Tally:
        heard = {tp: h for tp, h in self.per_touchpoint.items() if tp is not None}
        return Tally(
            feedback_days=self.days,
            heard={tp: h[0] for tp, h in heard.items()},
            unfiled_by_touchpoint={
                (tp, key): n for tp, h in heard.items() for key, n in h[3].items()
            },
            voices={tp: h[1] for tp, h in heard.items()},
            complaint_months={(tp, m): n for tp, h in heard.items() for m, n in h[2].items()},
            scores=self.scores,
            latest=self.latest,
            work=self.work,
            initiatives=self.count,
            notes={
                key: WorkNote(n, effort, tuple(heapq.nsmallest(_EXAMPLES, set(ex))))
                for key, (n, effort, ex) in self.notes.items()
            },
            latest_day=self.latest_day,
            responsibilities=self.responsibility_facts,
            touchpoints=self.touchpoint_facts,
            departments=self.department_facts,
            scored=self.scored,
            assessments=self.assessment_count,
            open_complaints=self.open_complaints,
            open_complaints_through=self.open_complaints_through,
            addressed=self.addressed,
            outcomes=self.outcome_facts,
        )


def _shapes(department: Department) -> tuple[MeasureFacts, ...]:
    """Every measure of the department, with its readings, in the department's order."""
    readings: dict[str, list[tuple[int, float]]] = {}
    for r in department.measurements:
        readings.setdefault(r.measure, []).append((day_number(r.on), r.value))
    return tuple(
        MeasureFacts(
            m.name,
            m.kind.value,
            m.scale if m.kind is MeasureKind.SCORE else m.unit,
            m.higher_is_better,
            tuple(sorted(readings.get(m.name, ()))),
        )
        for m in department.measures
    )


def _targets(department: Department) -> tuple[TargetFacts, ...]:
    """The department's measures that have a target, with their readings."""
    out = []
    for m in department.measures:
        if m.target is None:
            continue
        readings = sorted(
            (day_number(r.on), r.value) for r in department.measurements if r.measure == m.name
        )
        unit = m.scale if m.kind is MeasureKind.SCORE else m.unit
        out.append(
            TargetFacts(m.name, m.kind.value, unit, m.target, m.higher_is_better, tuple(readings))
        )
    return tuple(out)


_ADDERS: dict[type[Any], Any] = {
    Initiative: _Builder.initiatives,
    Responsibility: _Builder.responsibility_records,
    Touchpoint: _Builder.touchpoint_records,
    Department: _Builder.department_records,
    Assessment: _Builder.assessment_records,
}
