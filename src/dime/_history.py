"""An organisation's saved states in time order: the balance of each, and what changed between them.

Feedback, initiatives and assessments carry their dates, so one framework
has a trend (:func:`dime.trend`).  Who holds which mindset, the touchpoints
and the departments carry none: they change only between saved states.  A
history reads them from the states, each as of the moment it describes (its
latest record), so that its checks and its trend see the mindsets move: the
fading rule reads them across the states.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import Any, Final

import attrs

from dime._balance import Movement, Policy, Report, Tally, Trend, check, trend
from dime._balance._common import FrozenMap
from dime._balance._tally import default_now
from dime._diff import Diff, diff_between, read_framework
from dime._digest import digest
from dime._framework import AREAS, Area
from dime._model import Framework
from dime._problems import got
from dime._render import Series
from dime.exceptions import InvalidFieldError, InvalidHistoryError, Problem

__all__ = ["History", "Snapshot", "history"]

_EPOCH: Final = datetime(1970, 1, 1, tzinfo=UTC)


@attrs.frozen(kw_only=True)
class Snapshot:
    """One saved state of an organisation in a :class:`History`."""

    #: Where it came from: the document's path, or ``#n`` for the n-th framework given.
    source: str
    #: The organisation's name in it.
    name: str
    #: The moment it describes: its latest record, where :func:`dime.check` looks.
    now: datetime
    #: Its digest (see :func:`dime.digest`).
    digest: str
    #: Its balance, checked with the states before it (mindsets read across them).
    report: Report = attrs.field(eq=False, repr=False)


@attrs.frozen(kw_only=True, repr=False)
class History:
    """An organisation's saved states in time order, each checked, with what changed between them.

    Made by :func:`dime.history`.  Each :class:`Snapshot` holds its report;
    :attr:`changes` holds a :class:`~dime.Diff` between each state and the
    next; :meth:`trend` reads the whole history period by period.

    >>> import dime
    >>> fw = dime.example()
    >>> earlier = fw.remove(*fw.feedback[-200:])
    >>> h = dime.history([fw, earlier])
    >>> [s.source for s in h.snapshots]
    ['#1', '#0']
    >>> h.notes
    ('The states were not given in time order: #0 (2026-10-31) came before #1 (2026-10-03); they are shown in time order.',)
    >>> len(h.changes[0].removed), len(h.changes[0].added)
    (0, 200)
    """

    #: The states, oldest first.
    snapshots: tuple[Snapshot, ...]
    #: What changed from each state to the next (one fewer than the states).
    changes: tuple[Diff, ...]
    #: What was noticed about the states given: out of order, the same state twice, ties.
    notes: tuple[str, ...]
    #: The policy every state was checked with.
    policy: Policy
    #: The latest state's records, with every state's undated records by the day it describes.
    tally: Tally = attrs.field(eq=False)

    @property
    def name(self) -> str:
        """The organisation's name in the latest state."""
        return self.snapshots[-1].name

    @property
    def reports(self) -> tuple[Report, ...]:
        """Each state's report, oldest first."""
        return tuple(s.report for s in self.snapshots)

    def trend(
        self,
        *,
        every: str | Any = "month",  # noqa: ANN401 - "month", "quarter" or a timedelta
        since: Any = None,  # noqa: ANN401 - a date or datetime, as trend takes
        until: Any = None,  # noqa: ANN401 - a date or datetime, as trend takes
    ) -> Trend:
        """The history period by period: :func:`dime.trend` of :attr:`tally`, with the history's policy.

        Unlike a trend of one framework, the mindsets, touchpoints and
        departments of each period are those of the state it falls in, so
        their movements can be read.
        """
        return attrs.evolve(
            trend(self.tally, every=every, policy=self.policy, since=since, until=until),
            name=self.name,
        )

    def movements(self) -> Mapping[Area, Movement]:
        """How each area moved over the last states (see :class:`~dime.Movement`).

        Read from the states' checks, one period per state, as a trend's
        periods are read.
        """
        periods = [s.report for s in self.snapshots]
        from dime._balance._trend import Period, movement  # noqa: PLC0415 - the one reading

        read = [
            Period(
                start=r.since,
                end=r.view.until,
                complete=True,
                feedback=r.view.received,
                work=0.0,
                assessments=0,
                snapshots=1,
                attention=r.attention,
                evenness=r.signal_evenness,
                dead_layers=r.dead_layers,
            )
            for r in periods
        ]
        return FrozenMap({a: movement(read, a, self.policy, saved_states=True) for a in AREAS})

    def records(self) -> list[dict[str, object]]:
        """Tidy rows for pandas: one per state and area.

        Each row has the state's ``source``, ``now`` (ISO 8601), ``digest`` and
        ``evenness`` (its headline), and the area's ``pillar`` (letter),
        ``layer``, ``area`` (title), ``status``, ``amount`` and ``share``.
        """
        rows: list[dict[str, object]] = []
        for s in self.snapshots:
            for a in AREAS:
                att = s.report.attention[a]
                rows.append(
                    {
                        "source": s.source,
                        "now": s.now.isoformat(),
                        "digest": s.digest,
                        "evenness": s.report.evenness,
                        "pillar": a.pillar.letter,
                        "layer": a.layer.value,
                        "area": a.title,
                        "status": att.status.value,
                        "amount": att.amount,
                        "share": att.share,
                    }
                )
        return rows

    def to_data(self) -> dict[str, Any]:
        """The history as JSON data: each state's headline and attention, and each change's size."""
        return {
            "dime_history": 1,
            "name": self.name,
            "notes": list(self.notes),
            "snapshots": [
                {
                    "source": s.source,
                    "name": s.name,
                    "now": s.now.isoformat(),
                    "digest": s.digest,
                    "evenness": s.report.evenness,
                    "verdict": None if s.report.verdict is None else s.report.verdict.value,
                    "attention": [
                        {
                            "pillar": a.pillar.value,
                            "layer": a.layer.value,
                            "status": s.report.attention[a].status.value,
                            "share": s.report.attention[a].share,
                        }
                        for a in AREAS
                    ],
                }
                for s in self.snapshots
            ],
            "changes": [
                {
                    "old": d.old_digest,
                    "new": d.new_digest,
                    "added": len(d.added),
                    "removed": len(d.removed),
                    "changed": len(d.changed),
                    "appeared": [f.to_data() for f in d.appeared],
                    "resolved": [f.to_data() for f in d.resolved],
                }
                for d in self.changes
            ],
            "movements": {
                f"{a.pillar.value}/{a.layer.value}": m.value for a, m in self.movements().items()
            },
        }

    def series(self) -> Series:
        """What the pictures of the history show: a row per state."""
        labels: list[str] = []
        for s in self.snapshots:
            label = f"{s.now:%Y-%m-%d}"
            labels.append(label if label not in labels else f"{label} ({labels.count(label) + 1})")
        footer = [*self.notes, "States (their latest record, digest, source, what changed):"]
        for i, s in enumerate(self.snapshots):
            line = f"  {s.now:%Y-%m-%d %H:%M} {s.digest[:19]} {s.source}"
            if i:
                d = self.changes[i - 1]
                line += (
                    f": {len(d.added)} added, {len(d.removed)} removed, {len(d.changed)} changed; "
                    f"findings {len(d.appeared)} appeared, {len(d.resolved)} resolved"
                )
            footer.append(line)
        moved = self.movements()
        for kind in (Movement.FADING, Movement.STALLING, Movement.RECOVERING):
            areas = [a for a in AREAS if moved[a] is kind]
            if areas:
                named = "; ".join(f"{a.title} ({a.pillar.letter}, {a.layer.value})" for a in areas)
                footer.append(f"{kind.value.capitalize()} over the last states: {named}.")
        first, last = self.snapshots[0], self.snapshots[-1]
        return Series(
            title=(
                f"{self.name}: {len(self.snapshots)} saved states, {first.now:%Y-%m-%d} to "
                f"{last.now:%Y-%m-%d}"
            ),
            note=(
                "Each area's share of its layer's attention in each state, as the check "
                f"measures it at the state's latest record (window {self.policy.window.days} "
                "days); the headline is the state's overall evenness."
            ),
            labels=tuple(labels),
            headline=tuple(s.report.evenness for s in self.snapshots),
            shares=tuple(tuple(s.report.attention[a].share for a in AREAS) for s in self.snapshots),
            targets=tuple(last.report.attention[a].target for a in AREAS),
            footer=tuple(footer),
        )

    def __repr__(self) -> str:
        first, last = self.snapshots[0], self.snapshots[-1]
        return (
            f"History(name={self.name!r}, snapshots={len(self.snapshots)}, "
            f"since={first.now.isoformat()!r}, until={last.now.isoformat()!r})"
        )

    def __str__(self) -> str:
        """The history as text: a row per state, then the states and what changed."""
        from dime._render import series_text  # noqa: PLC0415 - rendering loads only when shown

        return series_text(self.series())

    def _repr_markdown_(self) -> str:
        from dime._render import series_markdown  # noqa: PLC0415 - rendering loads only when shown

        return series_markdown(self.series())

    def _repr_html_(self) -> str:
        from dime._render import series_html  # noqa: PLC0415 - rendering loads only when shown

        return series_html(self.series())


def _source(item: object, position: int) -> str:
    return os.fspath(item) if isinstance(item, (str, os.PathLike)) else f"#{position}"


def _instant(moment: datetime) -> datetime:
    return moment - (moment.utcoffset() or _EPOCH - _EPOCH)


def _day(moment: datetime) -> int:
    return (moment - _EPOCH).days


def history(
    snapshots: Iterable[object],
    *,
    policy: Policy | None = None,
    allow_renames: bool = False,
) -> History:
    """Read saved states of one organisation as a history: each checked, and what changed.

    The states are put in the order of the moments they describe (each
    one's latest record, where :func:`dime.check` looks), whatever order they
    were given in; the history says so when they were given out of order.
    The same state given twice (the same digest) is kept once, and said so;
    different states that describe the same moment are kept in the order
    given, and said so.  Each state is checked with ``policy`` together
    with the states before it: who held which mindset, the touchpoints and
    the departments are taken from the state in force at each moment, so
    that the fading rule reads the mindsets across the states.

    Args:
        snapshots: Frameworks, or paths of documents (read with
            :func:`dime.load`, which migrates older versions), at least one.
        policy: How to check each state; ``Policy()`` by default.
        allow_renames: Accept states whose organisation names differ (a
            renamed organisation); by default that is refused, so that two
            organisations are never mixed.

    Returns:
        The history.

    Raises:
        InvalidFieldError: An argument is of the wrong type, or no state is given.
        InvalidHistoryError: The states name different organisations.
        DimeFileError: A path cannot be read.
        InvalidDocumentError: A document is not valid.

    >>> import dime
    >>> h = dime.history([dime.example()])
    >>> h
    History(name='Larkspur Home & Garden', snapshots=1, since='2026-10-31T14:40:00+00:00', until='2026-10-31T14:40:00+00:00')
    """
    chosen: Any = Policy() if policy is None else policy
    given: Any = snapshots
    problems = []
    if not isinstance(chosen, Policy):
        problems.append(Problem("history.policy", f"expected a Policy, {got(policy)}"))
    if isinstance(given, (str, bytes, os.PathLike, Framework)) or not isinstance(given, Iterable):
        problems.append(
            Problem("history.snapshots", f"expected a list of frameworks or paths, {got(given)}")
        )
        given = ()
    items = list(given)
    if not items and not problems:
        problems.append(Problem("history.snapshots", "expected at least one state, got none"))
    if problems:
        raise InvalidFieldError(problems)
    frameworks = [read_framework(item, f"history.snapshots[{i}]") for i, item in enumerate(items)]
    sources = [_source(item, i) for i, item in enumerate(items)]
    names = {fw.name for fw in frameworks}
    if len(names) > 1 and not allow_renames:
        raise InvalidHistoryError(
            [
                Problem(
                    f"history.snapshots[{i}]",
                    f"{sources[i]} is of {fw.name!r}; the states name {len(names)} "
                    "organisations (allow_renames=True, or --allow-renames, if one was renamed)",
                )
                for i, fw in enumerate(frameworks)
            ]
        )
    return _history(frameworks, sources, chosen)


def _history(frameworks: list[Framework], sources: list[str], policy: Policy) -> History:
    tallies = [Tally.from_framework(fw) for fw in frameworks]
    moments = [default_now(t) for t in tallies]
    digests = [digest(fw) for fw in frameworks]
    order = sorted(range(len(frameworks)), key=lambda i: _instant(moments[i]))
    notes = []
    inverted = [
        i for i in range(len(moments) - 1) if _instant(moments[i]) > _instant(moments[i + 1])
    ]
    if inverted:
        a, b = inverted[0], inverted[0] + 1
        notes.append(
            f"The states were not given in time order: {sources[a]} ({moments[a]:%Y-%m-%d}) came "
            f"before {sources[b]} ({moments[b]:%Y-%m-%d}); they are shown in time order."
        )
    kept: list[int] = []
    for i in order:
        twin = next((k for k in kept if digests[k] == digests[i]), None)
        if twin is not None:
            notes.append(f"{sources[i]} is the same state as {sources[twin]}: it is shown once.")
            continue
        tie = next((k for k in kept if _instant(moments[k]) == _instant(moments[i])), None)
        if tie is not None:
            notes.append(
                f"{sources[tie]} and {sources[i]} are different states whose latest records are "
                f"at the same moment ({moments[i].isoformat()}): they are shown in the order given."
            )
        kept.append(i)
    snapshots = []
    states: dict[int, Any] = {}
    for i in kept:
        states[_day(moments[i])] = tallies[i].structure
        tally = attrs.evolve(tallies[i], states=dict(states))
        report = check(
            tally,
            structure=Framework(name=frameworks[i].name),
            policy=policy,
            now=moments[i],
        )
        snapshots.append(
            Snapshot(
                source=sources[i],
                name=frameworks[i].name,
                now=moments[i],
                digest=digests[i],
                report=attrs.evolve(report, digest=digests[i]),
            )
        )
    changes = tuple(
        diff_between(
            frameworks[a],
            frameworks[b],
            policy=policy,
            reports=(snapshots[n].report, snapshots[n + 1].report),
        )
        for n, (a, b) in enumerate(itertools.pairwise(kept))
    )
    return History(
        snapshots=tuple(snapshots),
        changes=changes,
        notes=tuple(notes),
        policy=policy,
        tally=attrs.evolve(tallies[kept[-1]], states=states),
    )
