"""The checker's view of an organisation: attention and every other signal, read from a tally."""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

import attrs

from dime._balance._attention import (
    Attention,
    Measure,
    evenness,
    measure,
    pillar_ratios,
    pillar_shares,
    pillar_standing,
    pillar_targets,
    row_targets,
)
from dime._balance._common import FrozenMap, Signal
from dime._balance._policy import Policy
from dime._balance._tally import (
    BILL,
    JUNK,
    UNFILED,
    DepartmentFacts,
    ResponsibilityFacts,
    Tally,
    TouchpointFacts,
    WorkNote,
    day_date,
    inexact,
)
from dime._framework import AREAS, Area, FeedbackFolder, Layer, Mindset, Pillar
from dime._model import BUILT_IN_SCALES

__all__ = ["BalanceView", "ScoreCounts", "build_view", "score_counts", "signals"]


def _map() -> Any:  # noqa: ANN401 - attrs fields are typed by their annotation
    return attrs.field(hash=False)


#: A score value's count of responses.
_Values = dict[float, int]
#: Per scale, per touchpoint id (None: feedback naming none), per UTC month number: values.
ScoreCounts = dict[str, dict[str | None, dict[int, _Values]]]


def score_counts(tally: Tally) -> ScoreCounts:
    """The tally's score counts per built-in scale, touchpoint and month, channels added up.

    The scales come in the order NPS, CSAT, CES, whatever order the tally
    was counted in.

    >>> import dime
    >>> counts = score_counts(dime.Tally.from_framework(dime.example()))
    >>> list(counts)
    ['nps', 'csat', 'ces']
    """
    out: ScoreCounts = {scale: {} for scale in BUILT_IN_SCALES}
    for (tp, _, scale, value, month), n in tally.scores.items():
        per_touchpoint = out.get(scale)
        if per_touchpoint is None:
            continue
        values = per_touchpoint.setdefault(tp, {}).setdefault(month, {})
        values[value] = values.get(value, 0) + n
    return {scale: found for scale, found in out.items() if found}


@attrs.frozen(kw_only=True)
class BalanceView:
    """What the checker sees: the attention every area gets, and every other signal.

    Built by :func:`dime.check` from a :class:`Tally` and passed to every
    rule, your own included.  :attr:`attention` is the one measure of how
    much each area is looked after (see :class:`Attention`); the other
    fields are the figures rules need besides: feedback received in the
    window, complaints, who holds which mindset, touchpoints, departments,
    assessments and notes on initiatives.

    >>> import dime
    >>> view = dime.check(dime.example()).view
    >>> view.window_days, view.since
    (180, datetime.date(2026, 5, 5))
    >>> view.filed[dime.FeedbackFolder.LISTENING] > view.filed[dime.FeedbackFolder.PLANNING]
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
    #: The attention in every area at ``now``, with the exact figures behind it.
    measure: Measure = attrs.field(repr=False)
    #: The first day counted in full (UTC).
    since: date
    #: The last day counted: the UTC day of ``now``.
    until: date
    #: How many days the window holds.
    window_days: int
    #: Per signal, the evenness against the targets, or None when not evaluated.
    evenness: Mapping[Signal, float | None] = _map()
    #: Initiatives recorded, all time, every status.
    initiatives: int
    #: Feedback received in the window, every kind.
    received: int
    #: Feedback received in the window and filed, per folder.
    filed: Mapping[FeedbackFolder, int] = _map()
    #: Feedback received in the window and not filed, junk aside.
    unfiled: int
    #: Junk received in the window and not filed.
    junk: int
    #: Complaints (``bill`` feedback) received in the window.
    complaints: int
    #: Complaints received in the window at least ``complaint_days`` ago.
    complaints_due: int
    #: Of those, the ones still not filed.
    complaints_unfiled: int
    #: Feedback received in the window and not filed, junk aside, per touchpoint that names it.
    unfiled_by_touchpoint: Mapping[str, int] = _map()
    #: Complaints received in the window at least ``complaint_days`` ago and not filed, per touchpoint.
    complaints_unfiled_by_touchpoint: Mapping[str, int] = _map()
    #: Feedback recorded, all time.
    all_feedback: int
    #: Responsibilities per mindset.
    holders: Mapping[Mindset, int] = _map()
    #: The summed share of holders' time per mindset.
    capacity: Mapping[Mindset, float] = _map()
    #: Who holds which mindset, sorted by holder.
    responsibilities: tuple[ResponsibilityFacts, ...]
    #: Touchpoints, sorted by id.
    touchpoints: tuple[TouchpointFacts, ...]
    #: The last day each touchpoint was heard from.
    heard: Mapping[str, date] = _map()
    #: Departments, sorted by name.
    departments: tuple[DepartmentFacts, ...]
    #: The latest score per assessed area (the mean of that day's scores).
    scores: Mapping[Area, float] = _map()
    #: The day of the latest assessment per assessed area.
    assessed_on: Mapping[Area, date] = _map()
    #: Initiatives planned and not started, per area.
    planned: Mapping[Area, WorkNote] = _map()
    #: Done or dropped initiatives with no date, per area.
    undated: Mapping[Area, WorkNote] = _map()
    #: Done initiatives that never reached the step of measuring their results, per area.
    unmeasured: Mapping[Area, WorkNote] = _map()
    #: Initiatives with a measured outcome, whatever their status, per area.
    outcomes: Mapping[Area, WorkNote] = _map()
    #: Done initiatives with no measured outcome, per area.
    no_outcome: Mapping[Area, WorkNote] = _map()
    #: Of those, the ones that reached the step of measuring their results, per area.
    unrecorded: Mapping[Area, WorkNote] = _map()
    #: The ids of the complaints received in the window at least ``complaint_days`` ago that
    #: are neither filed, assigned nor addressed by an initiative, the oldest first.
    unanswered: tuple[str, ...] = ()
    #: The day the oldest of :attr:`unanswered` was received (UTC), or None.
    unanswered_since: date | None = None
    #: Of :attr:`unanswered`, the ids that came through each touchpoint (None: through
    #: none known), the oldest first; the touchpoints with the most first.
    unanswered_through: Mapping[str | None, tuple[str, ...]] = _map()
    #: Per key of :attr:`unanswered_through`, the first and last day received (UTC).
    unanswered_days: Mapping[str | None, tuple[date, date]] = _map()
    #: Whether the organisation records who takes complaints on: an initiative names
    #: feedback in its ``addresses``, or a complaint outside the folders is assigned.
    answers_recorded: bool = False
    #: What the view works out once, when first asked: the score counts, the touchpoints by id.
    _memo: dict[str, Any] = attrs.field(factory=dict, init=False, eq=False, repr=False, hash=False)

    def touchpoints_by_id(self) -> Mapping[str, TouchpointFacts]:
        """The touchpoints by id (the last of any that share one), worked out once per view.

        >>> import dime
        >>> view = dime.check(dime.example()).view
        >>> view.touchpoints_by_id()["returns-desk"].name
        'Returns desk'
        """
        by_id = self._memo.get("touchpoints_by_id")
        if by_id is None:
            by_id = self._memo["touchpoints_by_id"] = {t.id: t for t in self.touchpoints}
        return by_id

    def touchpoint_name(self, tp: str) -> str:
        """The touchpoint's name in quotes, or its id when the view holds no such touchpoint.

        >>> import dime
        >>> view = dime.check(dime.example()).view
        >>> view.touchpoint_name("returns-desk"), view.touchpoint_name("gone")
        ("'Returns desk'", "'gone'")
        """
        t = self.touchpoints_by_id().get(tp)
        return f"'{tp if t is None else t.name}'"

    def score_counts(self) -> ScoreCounts:
        """The tally's score counts per built-in scale, touchpoint and month (see :func:`score_counts`).

        Worked out once per view, however many rules read them.

        >>> import dime
        >>> view = dime.check(dime.example()).view
        >>> view.score_counts() is view.score_counts()
        True
        """
        counts = self._memo.get("score_counts")
        if counts is None:
            counts = self._memo["score_counts"] = score_counts(self.tally)
        return counts

    @property
    def attention(self) -> Mapping[Area, Attention]:
        """The attention each area gets at ``now``."""
        return self.measure.attention

    @property
    def evaluated(self) -> bool:
        """Whether the organisation records anything at all (else nothing is evaluated)."""
        return self.measure.evaluated

    @property
    def targets(self) -> Mapping[Area, float]:
        """The policy's target share per area."""
        return self.policy.targets

    def row_targets(self, layer: Layer) -> dict[Area, float]:
        """The targets of ``layer``'s four areas, scaled to sum to 1."""
        return row_targets(self.policy.targets, layer)

    def pillar_targets(self) -> dict[Pillar, float]:
        """Each pillar's target: the mean of its areas' targets within their layers."""
        return pillar_targets(self.policy.targets)

    def pillar_standing(self) -> dict[Pillar, float | None]:
        """Each pillar's standing: the median of its areas' shares over their targets.

        Read layer by layer (layers with no attention at all are left out),
        so that one layer where a pillar dominates cannot mask the layers
        where it withers.  1 is on target; None when no layer has any.
        """
        return pillar_standing(self.measure)

    def pillar_ratios(self) -> dict[Pillar, dict[Layer, float]]:
        """Each pillar's areas' shares over their targets, per layer with any attention."""
        return pillar_ratios(self.measure)

    def pillar_shares(self) -> dict[Pillar, float]:
        """Each pillar's share of the attention: its areas' shares, each layer weighted equally.

        Layers with no attention at all are left out of the mean.
        """
        return pillar_shares(self.measure)

    def measure_at(self, day: int) -> Measure:
        """The attention in every area at the end of ``day`` (days since 1970-01-01).

        The same computation as :attr:`attention`, at another moment: the
        fading rule compares it across periods.
        """
        return measure(self.tally, until=day, policy=self.policy)


def _by_touchpoint(tally: Tally, since: int, until: int, due: int) -> dict[str, object]:
    """Unfiled feedback in the window, and unfiled complaints due, per touchpoint."""
    unfiled: dict[str, int] = {}
    complaints: dict[str, int] = {}
    for (tp, key), n in tally.unfiled_by_touchpoint.items():
        day = key >> 4
        if since <= day <= until:
            unfiled[tp] = unfiled.get(tp, 0) + n
            if key & BILL and day <= due:
                complaints[tp] = complaints.get(tp, 0) + n
    return {
        "unfiled_by_touchpoint": FrozenMap(sorted(unfiled.items())),
        "complaints_unfiled_by_touchpoint": FrozenMap(sorted(complaints.items())),
    }


def _window_feedback(tally: Tally, since: int, until: int, due: int) -> dict[str, object]:
    slots = [0] * 16
    due_bills = due_unfiled = 0
    for key, n in tally.feedback_days.items():
        day = key >> 4
        if since <= day <= until:
            slot = key & 15
            slots[slot] += n
            if slot & BILL and day <= due:
                due_bills += n
                if slot & 7 == UNFILED:
                    due_unfiled += n
    filed = {f: slots[i] + slots[i | BILL] for i, f in enumerate(FeedbackFolder)}
    return {
        "received": sum(slots),
        "filed": FrozenMap(filed),
        "unfiled": slots[UNFILED] + slots[UNFILED | BILL],
        "junk": slots[JUNK],
        "complaints": sum(slots[BILL:]),
        "complaints_due": due_bills,
        "complaints_unfiled": due_unfiled,
    }


def _notes(tally: Tally, kind: str) -> FrozenMap[Area, WorkNote]:
    return FrozenMap(
        {a: tally.notes[kind, a.index] for a in AREAS if (kind, a.index) in tally.notes}
    )


def build_view(
    tally: Tally, *, name: str, now: datetime, until: int, policy: Policy
) -> BalanceView:
    """Read every signal off ``tally`` for the window ending on day ``until``.

    The view keeps ``tally`` itself; its signals read the records as they
    stood on ``until`` (see :meth:`Tally.as_of`).
    """
    given = tally
    tally = tally.as_of(until)
    m = measure(tally, until=until, policy=policy)
    due = until - policy.complaint_days.days
    window = _window_feedback(tally, m.since, until, due)
    window.update(_by_touchpoint(tally, m.since, until, due))
    unanswered = sorted(
        (day, ref)
        for ref, day in tally.open_complaints.items()
        if m.since <= day <= due and ref not in tally.addressed
    )
    through, spans = _unanswered_through(unanswered, tally.open_complaints_through)
    capacity = tally.capacity
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
    responsibilities = tuple(
        sorted(
            (r for r, n in tally.responsibilities.items() for _ in range(n)),
            key=lambda r: (r.holder, r.mindset.pillar.index, r.department or "", r.share),
        )
    )
    scores, assessed_on = _scores(tally, until)
    return BalanceView(
        name=name,
        now=now,
        policy=policy,
        tally=given,
        measure=m,
        since=day_date(m.since),
        until=day_date(until),
        window_days=policy.window.days,
        evenness=FrozenMap(_evenness(m, tally.touchpoints, scores, policy)),
        initiatives=sum(tally.initiatives.values()),
        all_feedback=tally.feedback_count,
        holders=tally.holders,
        capacity=FrozenMap({k: inexact(v) for k, v in capacity.items()}),
        responsibilities=responsibilities,
        touchpoints=touchpoints,
        heard=FrozenMap({tp: day_date(d) for tp, d in sorted(tally.heard.items())}),
        departments=departments,
        scores=FrozenMap(scores),
        assessed_on=FrozenMap(assessed_on),
        planned=_notes(tally, "planned"),
        undated=_notes(tally, "undated"),
        unmeasured=_notes(tally, "unmeasured"),
        outcomes=_notes(tally, "outcome"),
        no_outcome=_notes(tally, "no_outcome"),
        unrecorded=_notes(tally, "unrecorded"),
        unanswered=tuple(ref for _, ref in unanswered),
        unanswered_since=day_date(unanswered[0][0]) if unanswered else None,
        unanswered_through=through,
        unanswered_days=spans,
        answers_recorded=bool(tally.addressed) or _assigned_outside_folders(tally),
        **window,  # type: ignore[arg-type]
    )


def _unanswered_through(
    unanswered: list[tuple[int, str]], through: Mapping[str, str]
) -> tuple[dict[str | None, tuple[str, ...]], dict[str | None, tuple[date, date]]]:
    """The unanswered complaints per touchpoint, the most first, with their first and last day."""
    by: dict[str | None, list[tuple[int, str]]] = {}
    for day, ref in unanswered:
        by.setdefault(through.get(ref), []).append((day, ref))
    order = sorted(by, key=lambda tp: (-len(by[tp]), tp is None, tp or ""))
    return (
        {tp: tuple(ref for _, ref in by[tp]) for tp in order},
        {tp: (day_date(by[tp][0][0]), day_date(by[tp][-1][0])) for tp in order},
    )


def _assigned_outside_folders(tally: Tally) -> bool:
    """Whether any complaint in no folder, at any time, was assigned to a department."""
    unfiled = sum(n for key, n in tally.feedback_days.items() if key & 15 == UNFILED | BILL)
    return unfiled > len(tally.open_complaints)


def signals(
    tally: Tally, *, until: int, policy: Policy
) -> tuple[Measure, dict[Signal, float | None]]:
    """The attention and the evenness of :func:`build_view` at day ``until``, and nothing else.

    What a trend reads at the end of each period: the same computation as
    the view's, without the window's feedback, the facts the rules read
    and their sorting.
    """
    tally = tally.as_of(until)
    m = measure(tally, until=until, policy=policy)
    scores, _ = _scores(tally, until)
    return m, _evenness(m, tally.touchpoints, scores, policy)


def _scores(tally: Tally, until: int) -> tuple[dict[Area, float], dict[Area, date]]:
    """The latest score per assessed area on or before day ``until``, and its day."""
    scores = {}
    assessed_on = {}
    assessed = tally.assessed(until)
    for a in AREAS:
        entry = assessed.get(a.index)
        if entry is not None:
            day, total, count = entry
            scores[a] = inexact(total) / count
            assessed_on[a] = day_date(day)
    return scores, assessed_on


def _evenness(
    m: Measure,
    touchpoints: Mapping[TouchpointFacts, int],
    scores: Mapping[Area, float],
    policy: Policy,
) -> dict[Signal, float | None]:
    """Each signal's evenness: None only when there is no data for it at all.

    A layer has data whenever the organisation records anything, so a layer
    with nothing in its cells (feedback received and none filed, nobody
    holding a mindset) is fully uneven, 0, never left out.
    """
    out: dict[Signal, float | None] = {}
    for layer in Layer:
        if not m.evaluated:
            value = None
        else:
            row = {a: m.attention[a].share for a in layer.areas}
            value = evenness(row, row_targets(policy.targets, layer)) or 0.0
        out[Signal.of(layer)] = value
    if not touchpoints:
        out[Signal.TOUCHPOINTS] = None
    else:
        # Over the pillars customers meet: the Deliberate pillar reaches them through the
        # other three, and no touchpoint is expected to serve it (as DIME404 reads it).
        met = [p for p in Pillar if p is not Pillar.D]
        served = dict.fromkeys(met, 0.0)
        for t, n in touchpoints.items():
            for p in t.pillars:
                if p is not Pillar.D:
                    served[p] += n
        targets = pillar_targets(policy.targets)
        whole = math.fsum(targets[p] for p in met)
        out[Signal.TOUCHPOINTS] = evenness(served, {p: targets[p] / whole for p in met}) or 0.0
    if not scores:
        out[Signal.ASSESSMENTS] = None
    else:
        grid = {a: scores.get(a, 0.0) for a in AREAS}
        out[Signal.ASSESSMENTS] = evenness(grid, policy.targets) or 0.0
    return out
