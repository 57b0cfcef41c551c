"""How customers feel: NPS, CSAT and CES, counted per group and summarised with their uncertainty.

Scores are reduced, like everything the checker reads, to counts that add up:
a :class:`ScoreTally` holds how many responses gave each value on each scale,
per group (a touchpoint, a stage, a channel, a folder, a pillar, a department,
a month, or everything).  Two tallies add with ``+``, in any order or grouping,
and a :class:`ScoreSummary` is computed from the counts alone, so the summary
of a union of feedback is the summary of the sum of its parts' tallies.
"""

from __future__ import annotations

import enum
import math
from collections import Counter
from collections.abc import Iterable, Mapping
from itertools import repeat
from operator import attrgetter, eq
from statistics import NormalDist
from typing import Any, Final

import attrs

from dime._balance._common import FrozenMap, frozen
from dime._balance._tally import Tally, TouchpointFacts
from dime._framework import FeedbackFolder
from dime._gc import gc_paused
from dime._model import BUILT_IN_SCALES, CSAT, NPS, Channel, Feedback, Framework, Scale, Touchpoint
from dime.exceptions import InvalidFieldError, Problem

__all__ = [
    "ALL",
    "DEFAULT_MINIMUM_RESPONSES",
    "GROUPINGS",
    "ScoreStatus",
    "ScoreSummary",
    "ScoreTally",
    "extremes",
    "summarise",
    "wilson",
]

#: The group that holds every response, under the grouping of the same name.
ALL: Final = "all"
#: What scores can be grouped by, besides ``"all"``.
GROUPINGS: Final = ("touchpoint", "stage", "channel", "folder", "pillar", "department", "month")
#: Below this many responses a group's score is not computed (a policy value).
DEFAULT_MINIMUM_RESPONSES: Final = 30
#: How confident the intervals are.
CONFIDENCE: Final = 0.95
_Z: Final = NormalDist().inv_cdf(0.5 + CONFIDENCE / 2)
_UNFILED: Final = "unfiled"

_Key = tuple[str, str, str, float]


class ScoreStatus(enum.Enum):
    """Whether a group's score could be computed."""

    #: Enough responses: the score and its interval are given.
    MEASURED = "measured"
    #: Fewer responses than the policy minimum: no number is given.
    TOO_FEW = "too few responses"


def _count_touchpoint(
    counts: Counter[_Key],
    tp: str,
    touchpoint: Touchpoint | TouchpointFacts | None,
    *,
    scale: str,
    value: float,
    n: int,
) -> None:
    """Count ``n`` responses under their touchpoint, and its stage, pillars and owner."""
    counts["touchpoint", tp, scale, value] += n
    if touchpoint is not None:
        counts["stage", touchpoint.stage._value_, scale, value] += n
        for pillar in touchpoint.pillars:
            counts["pillar", pillar._value_, scale, value] += n
        if touchpoint.owner is not None:
            counts["department", touchpoint.owner, scale, value] += n


@attrs.frozen(kw_only=True)
class ScoreSummary:
    """One group's score on one scale, with its sample size and 95% interval.

    ``value`` is the NPS (-100 to 100), the CSAT (0 to 100, the percentage of 4s
    and 5s) or the mean (CES and custom scales); None when there are fewer
    responses than the minimum, and then ``status`` says so.

    >>> import dime
    >>> tally = ScoreTally.from_framework(dime.example())
    >>> s = tally.summary("nps")
    >>> s.status.value, s.responses >= 30, s.low <= s.value <= s.high
    ('measured', True, True)
    """

    #: The scale's name.
    scale: str
    #: What the responses are grouped by (``"all"``, ``"touchpoint"``, ...).
    by: str
    #: The group (a touchpoint's id, a stage, a month such as ``"2026-03"``, ...).
    group: str
    #: How many responses the group has on this scale.
    responses: int
    #: Whether the score was computed.
    status: ScoreStatus
    #: The score, or None when there are too few responses.
    value: float | None = None
    #: The standard error of the score, or None.
    standard_error: float | None = None
    #: The lower end of the 95% interval, or None.
    low: float | None = None
    #: The upper end of the 95% interval, or None.
    high: float | None = None

    def to_data(self) -> dict[str, str | int | float | None]:
        """The summary as JSON data: every field, the status by its value.

        >>> ScoreSummary(scale="nps", by="all", group="all", responses=4,
        ...              status=ScoreStatus.TOO_FEW).to_data()["status"]
        'too few responses'
        """
        return {
            "scale": self.scale,
            "by": self.by,
            "group": self.group,
            "responses": self.responses,
            "status": self.status.value,
            "value": self.value,
            "standard_error": self.standard_error,
            "low": self.low,
            "high": self.high,
        }

    def overlaps(self, other: ScoreSummary) -> bool:
        """Whether the two intervals overlap (False if either was not computed).

        >>> a = ScoreSummary(scale="csat", by="all", group="all", responses=50,
        ...                  status=ScoreStatus.MEASURED, value=50, low=40, high=60)
        >>> a.overlaps(attrs.evolve(a, low=61, high=70))
        False
        """
        if None in (self.low, self.high, other.low, other.high):
            return False
        return self.low <= other.high and other.low <= self.high  # type: ignore[operator]

    def describe(self) -> str:
        """The score in a few words, with its interval and sample size.

        >>> ScoreSummary(scale="nps", by="all", group="all", responses=4,
        ...              status=ScoreStatus.TOO_FEW).describe()
        'NPS: too few responses (n=4)'
        >>> ScoreSummary(scale="ces", by="all", group="all", responses=0,
        ...              status=ScoreStatus.TOO_FEW).describe()
        'CES: no responses'
        """
        name = self.scale.upper() if self.scale in BUILT_IN_SCALES else self.scale
        if self.value is None or self.low is None or self.high is None:
            count = f" (n={self.responses:,})" if self.responses else ""
            return f"{name}: {self.figure()}{count}"
        digits = 0 if self.scale in (NPS.name, CSAT.name) else 2
        return (
            f"{name} {self.figure()} (95% interval {self.low:.{digits}f} "
            f"to {self.high:.{digits}f}, n={self.responses:,})"
        )

    def figure(self) -> str:
        """The score alone, as :meth:`describe` shows it, or the status when there is none.

        >>> ScoreSummary(scale="nps", by="all", group="all", responses=40,
        ...              status=ScoreStatus.MEASURED, value=12.4, low=1, high=23).figure()
        '+12'
        >>> ScoreSummary(scale="nps", by="all", group="all", responses=0,
        ...              status=ScoreStatus.TOO_FEW).figure()
        'no responses'
        """
        if self.value is None:
            return self.status.value if self.responses else "no responses"
        unit = "%" if self.scale == CSAT.name else ""
        digits = 0 if self.scale in (NPS.name, CSAT.name) else 2
        sign = "+" if self.scale == NPS.name else ""
        return f"{self.value:{sign}.{digits}f}{unit}"


def _add_counts(a: Mapping[_Key, int], b: Mapping[_Key, int]) -> FrozenMap[_Key, int]:
    if not b:
        return a if isinstance(a, FrozenMap) else FrozenMap(a)
    total = Counter(a)
    total.update(b)
    return FrozenMap(total)


def _add_scales(a: Mapping[str, Scale], b: Mapping[str, Scale]) -> FrozenMap[str, Scale]:
    clash = [name for name in a.keys() & b.keys() if a[name] != b[name]]
    if clash:
        raise InvalidFieldError.of(
            [Problem("$.scales", f"scale {name!r} is declared differently") for name in clash],
            about="the score tallies being added",
        )
    return FrozenMap({**a, **b})


@attrs.frozen(kw_only=True)
class ScoreTally:
    """How many responses gave each value on each scale, per group: the counts scores come from.

    ``counts`` maps ``(by, group, scale, value)`` to a number of responses,
    where ``by`` is ``"all"`` or one of ``touchpoint``, ``stage``,
    ``channel``, ``folder`` (``"unfiled"`` for feedback not filed),
    ``pillar`` (each pillar the touchpoint serves), ``department`` (the
    touchpoint's owner) and ``month`` (``"2026-03"``, in the feedback's own
    UTC offset).  Every one of them is a group-by count, so a table engine can
    compute the same tally.  Tallies add with ``+`` (the empty tally is the
    identity) and pickle; the summaries of a sum are those of the union of
    the feedback.

    >>> import dime
    >>> tally = ScoreTally.from_framework(dime.example())
    >>> tally.summary("csat", by="all").responses == sum(
    ...     1 for f in dime.example().feedback if f.score and f.score.scale == "csat")
    True
    >>> tally + ScoreTally() == tally
    True
    """

    counts: Mapping[_Key, int] = attrs.field(factory=FrozenMap, converter=frozen)
    scales: Mapping[str, Scale] = attrs.field(factory=FrozenMap, converter=frozen)
    _index: dict[tuple[str, str], dict[str, dict[float, int]]] | None = attrs.field(
        init=False, default=None, eq=False, repr=False
    )

    def __getstate__(self) -> dict[str, Any]:
        """The counts and scales, without the look-up index, which is rebuilt on use."""
        return {"counts": self.counts, "scales": self.scales}

    def __setstate__(self, state: dict[str, Any]) -> None:
        for name, value in state.items():
            object.__setattr__(self, name, value)
        object.__setattr__(self, "_index", None)

    def _groups(self, by: str, scale: str) -> dict[str, dict[float, int]]:
        """The responses per value of each group under ``by`` on ``scale``, indexed once."""
        index = self._index
        if index is None:
            with gc_paused():
                index = self._indexed()
            object.__setattr__(self, "_index", index)
        return index.get((by, scale), {})

    def _indexed(self) -> dict[tuple[str, str], dict[str, dict[float, int]]]:
        """The counts by grouping and scale, then group, then value."""
        index: dict[tuple[str, str], dict[str, dict[float, int]]] = {}
        # Most counts join a group already seen: try that first, and make the group's
        # dicts only when it is new (setdefault would make two per count, then drop them).
        for (b, g, s, v), n in self.counts.items():
            try:
                index[b, s][g][v] = n
            except KeyError:
                index.setdefault((b, s), {}).setdefault(g, {})[v] = n
        return index

    def __add__(self, other: object) -> ScoreTally:
        if not isinstance(other, ScoreTally):
            return NotImplemented
        return ScoreTally(
            counts=_add_counts(self.counts, other.counts),
            scales=_add_scales(self.scales, other.scales),
        )

    @classmethod
    def from_framework(cls, framework: Framework) -> ScoreTally:
        """Count every scored feedback item of a framework.

        >>> import dime
        >>> ScoreTally.from_framework(dime.Framework(name="Shop")) == ScoreTally()
        True
        """
        return cls.from_feedback(
            framework.feedback, touchpoints=framework.touchpoints, scales=framework.scales
        )

    @classmethod
    def from_feedback(
        cls,
        feedback: Iterable[Feedback],
        *,
        touchpoints: Iterable[Touchpoint] = (),
        scales: Iterable[Scale] = (),
    ) -> ScoreTally:
        """Count scored feedback items, grouping them by the touchpoints they came through.

        Args:
            feedback: Any iterable of feedback, such as a stream from a file.
            touchpoints: The touchpoints the feedback names, for the stage,
                pillar and department groupings.
            scales: The custom scales the scores are on.

        >>> from datetime import datetime, UTC
        >>> from dime import Feedback, FeedbackKind, Score
        >>> items = [Feedback(id=str(i), received=datetime(2026, 3, 1, tzinfo=UTC),
        ...                   kind=FeedbackKind.ROUTINE, score=Score(scale="nps", value=v))
        ...          for i, v in enumerate([10, 9, 8, 3])]
        >>> ScoreTally.from_feedback(items).summary("nps", minimum=1).value
        25.0
        """
        # One group-by count per grouping, each in C (Counter over zipped columns); the
        # groupings a touchpoint decides (stage, pillar, department) come from its counts.
        with gc_paused():
            return cls._count(feedback, touchpoints, scales)

    @classmethod
    def _count(
        cls,
        feedback: Iterable[Feedback],
        touchpoints: Iterable[Touchpoint],
        scales: Iterable[Scale],
    ) -> ScoreTally:
        items = [f for f in feedback if f.score is not None]
        scale_of = list(map(_SCALE, items))
        value_of = list(map(_VALUE, items))
        channels = list(map(id, map(_CHANNEL, items)))
        # What the item alone decides (folder, channel given, month), in one count of few keys;
        # enum members are counted by identity: hashing a member runs Python code.
        own = Counter(
            zip(
                map(id, map(_FOLDER, items)),
                channels,
                map(_YEAR, items),
                map(_MONTH, items),
                scale_of,
                value_of,
                strict=True,
            )
        )
        # What its touchpoint decides: its own counts, and those of the channel (when the
        # item named none), stage, pillars and owner, which many touchpoints share: counted
        # per kind of touchpoint (those alike in all four), so that there are few keys.
        tps = list(map(_TOUCHPOINT, items))
        at = Counter(zip(tps, scale_of, value_of, strict=True))
        kinds: dict[tuple[Any, ...], int] = {}
        kind_of = {
            t.id: kinds.setdefault(
                (
                    t.channel._value_,
                    ("stage", t.stage._value_),
                    *sorted(("pillar", p._value_) for p in t.pillars),
                    *((("department", t.owner),) if t.owner is not None else ()),
                ),
                len(kinds),
            )
            for t in touchpoints
        }
        alike = Counter(
            zip(
                map(kind_of.get, tps),
                map(eq, channels, repeat(_NONE_ID)),
                scale_of,
                value_of,
                strict=True,
            )
        )
        del items, scale_of, value_of, channels, tps
        counts: dict[_Key, int] = {
            ("touchpoint", tp, scale, value): n
            for (tp, scale, value), n in at.items()
            if tp is not None
        }
        del at
        get = counts.get
        for (folder, channel, year, month, scale, value), n in own.items():
            name = _CHANNEL_NAMES[channel]
            for key in (
                (ALL, ALL, scale, value),
                ("folder", _FOLDER_NAMES[folder], scale, value),
                ("month", f"{year:04d}-{month:02d}", scale, value),
                *((("channel", name, scale, value),) if name is not None else ()),
            ):
                counts[key] = get(key, 0) + n
        facts = {i: known for known, i in kinds.items()}
        for (kind, unnamed, scale, value), n in alike.items():
            if kind is None:
                continue
            channel, *groups = facts[kind]
            if unnamed:
                key = ("channel", channel, scale, value)
                counts[key] = get(key, 0) + n
            for by, group in groups:
                key = (by, group, scale, value)
                counts[key] = get(key, 0) + n
        return cls(counts=FrozenMap(counts), scales=FrozenMap({s.name: s for s in scales}))

    @classmethod
    def from_tally(cls, tally: Tally) -> ScoreTally:
        """The scores a :class:`~dime.Tally` counted, without another pass over the feedback.

        A tally counts the responses per touchpoint, scale and value as it
        reads the feedback; this gives the groupings those counts decide:
        ``all``, ``touchpoint``, ``channel`` (the feedback's own, else its
        touchpoint's), and, through the touchpoints the tally holds,
        ``stage``, ``pillar`` and ``department``.  Those groupings equal
        :meth:`from_feedback`'s on the same records; ``folder`` is not kept
        by a tally, and a tally keeps months in UTC (see
        :attr:`Tally.scores`), not in each item's own offset.  Responses on a
        custom scale are counted, but a tally does not hold the scale's
        definition, so only the built-in scales can be summarised.

        Args:
            tally: The tally.

        >>> import dime
        >>> fw = dime.example()
        >>> ScoreTally.from_tally(dime.Tally.from_framework(fw)).summary("csat") == (
        ...     ScoreTally.from_framework(fw).summary("csat"))
        True
        """
        facts = {t.id: t for t in tally.touchpoints}
        counts: Counter[_Key] = Counter()
        for (tp, given, scale, value, _), n in tally.scores.items():
            counts[ALL, ALL, scale, value] += n
            touchpoint = facts.get(tp) if tp is not None else None
            channel = given
            if channel is None and touchpoint is not None:
                channel = touchpoint.channel._value_
            if channel is not None:
                counts["channel", channel, scale, value] += n
            if tp is not None:
                _count_touchpoint(counts, tp, touchpoint, scale=scale, value=value, n=n)
        return cls(counts=FrozenMap(counts))

    def groups(self, by: str, scale: str) -> tuple[str, ...]:
        """The groups under ``by`` that have responses on ``scale``, sorted.

        >>> import dime
        >>> ScoreTally.from_framework(dime.example()).groups("stage", "csat")
        ('post_purchase', 'pre_purchase', 'purchase')
        """
        return tuple(sorted(self._groups(by, scale)))

    def scale_names(self) -> tuple[str, ...]:
        """The scales that have responses, built-in ones first.

        >>> import dime
        >>> ScoreTally.from_framework(dime.example()).scale_names()
        ('nps', 'csat', 'ces')
        """
        used = {s for b, _, s, _ in self.counts if b == ALL}  # one key per scale and value
        return (*(n for n in BUILT_IN_SCALES if n in used), *sorted(used - BUILT_IN_SCALES.keys()))

    def responses(self, scale: str, *, by: str = ALL, group: str = ALL) -> dict[float, int]:
        """How many responses gave each value, in one group.

        >>> import dime
        >>> sum(ScoreTally.from_framework(dime.example()).responses("ces").values()) > 0
        True
        """
        return dict(self._groups(by, scale).get(group, {}))

    def summary(
        self,
        scale: str,
        *,
        by: str = ALL,
        group: str = ALL,
        minimum: int = DEFAULT_MINIMUM_RESPONSES,
    ) -> ScoreSummary:
        """One group's score on one scale, or ``too few responses`` below ``minimum``.

        Args:
            scale: ``"nps"``, ``"csat"``, ``"ces"`` or a custom scale's name.
            by: The grouping (``"all"`` by default).
            group: The group within it (``"all"`` for the grouping ``"all"``).
            minimum: The fewest responses a score is computed from.

        Raises:
            InvalidFieldError: ``scale`` is neither built in nor known to the tally.

        >>> import dime
        >>> ScoreTally.from_framework(dime.example()).summary(
        ...     "nps", by="touchpoint", group="no-such-touchpoint").describe()
        'NPS: no responses'
        """
        return summarise(
            self.responses(scale, by=by, group=group),
            self._scale(scale),
            by=by,
            group=group,
            minimum=minimum,
        )

    def summaries(
        self, by: str, scale: str, *, minimum: int = DEFAULT_MINIMUM_RESPONSES
    ) -> tuple[ScoreSummary, ...]:
        """Every group's score under ``by``, on one scale, in the order of :meth:`groups`.

        >>> import dime
        >>> [s.group for s in ScoreTally.from_framework(dime.example()).summaries("stage", "csat")]
        ['post_purchase', 'pre_purchase', 'purchase']
        """
        per_group = self._groups(by, scale)
        known = self._scale(scale)
        with gc_paused():
            return tuple(
                summarise(per_group[g], known, by=by, group=g, minimum=minimum)
                for g in sorted(per_group)
            )

    def _scale(self, name: str) -> Scale:
        found = BUILT_IN_SCALES.get(name) or self.scales.get(name)
        if found is None:
            raise InvalidFieldError.of(
                [
                    Problem(
                        "$.scale",
                        f"unknown scale {name!r}; expected nps, csat, ces or a scale of the tally",
                    )
                ],
                about="the score summary",
            )
        return found


_SCALE: Final = attrgetter("score.scale")
_VALUE: Final = attrgetter("score.value")
_TOUCHPOINT: Final = attrgetter("touchpoint")
_FOLDER: Final = attrgetter("folder")
_CHANNEL: Final = attrgetter("channel")
_NONE_ID: Final = id(None)
_FOLDER_NAMES: Final = {id(None): _UNFILED, **{id(f): f._value_ for f in FeedbackFolder}}
_CHANNEL_NAMES: Final[dict[int, str | None]] = {
    id(None): None,
    **{id(c): c._value_ for c in Channel},
}
_YEAR: Final = attrgetter("received.year")
_MONTH: Final = attrgetter("received.month")


def summarise(
    responses: Mapping[float, int],
    scale: Scale,
    *,
    by: str = ALL,
    group: str = ALL,
    minimum: int = DEFAULT_MINIMUM_RESPONSES,
    z: float = _Z,
) -> ScoreSummary:
    """The score of a group from how many responses gave each value.

    The interval spans ``z`` standard errors each side: 1.96 by default, for
    95%; a comparison of many groups at once asks for more (see :func:`extremes`).

    - NPS: the percentage of promoters (9 and 10) minus that of detractors
      (0 to 6); its standard error is that of a difference of two shares of
      one multinomial sample, ``100 * sqrt((p + d - (p - d)**2) / n)``, and
      the interval is the score plus or minus 1.96 of them, within -100 to 100.
    - CSAT: the percentage of 4s and 5s, with its Wilson score interval.
    - CES and custom scales: the mean, with the standard error of the mean
      (the sample standard deviation over the square root of n) and the
      normal interval around it, within the scale's bounds.

    >>> summarise({9: 2, 7: 1, 3: 1}, NPS, minimum=1).value
    25.0
    >>> summarise({5: 3, 2: 1}, CSAT, minimum=1).value
    75.0
    >>> summarise({5: 3, 2: 1}, CSAT, minimum=5).status.value
    'too few responses'
    """
    n = sum(responses.values())
    if n < max(minimum, 1):
        return ScoreSummary(
            scale=scale.name, by=by, group=group, responses=n, status=ScoreStatus.TOO_FEW
        )
    if scale.name == NPS.name:
        p = sum(c for v, c in responses.items() if v >= 9) / n
        d = sum(c for v, c in responses.items() if v <= 6) / n
        value = 100 * (p - d)
        se = 100 * math.sqrt(max(p + d - (p - d) ** 2, 0.0) / n)
        low, high = max(value - z * se, -100.0), min(value + z * se, 100.0)
    elif scale.name == CSAT.name:
        k = sum(c for v, c in responses.items() if v >= 4)
        share = k / n
        value = 100 * share
        se = 100 * math.sqrt(share * (1 - share) / n)
        low, high = (100 * x for x in wilson(k, n, z))
    else:
        mean = math.fsum(v * c for v, c in responses.items()) / n
        squares = math.fsum(c * (v - mean) ** 2 for v, c in responses.items())
        sd = math.sqrt(squares / (n - 1)) if n > 1 else 0.0
        value, se = mean, sd / math.sqrt(n)
        low = max(value - z * se, scale.minimum)
        high = min(value + z * se, scale.maximum)
    return ScoreSummary(
        scale=scale.name,
        by=by,
        group=group,
        responses=n,
        status=ScoreStatus.MEASURED,
        value=value,
        standard_error=se,
        low=min(low, value),
        high=max(high, value),
    )


def wilson(k: int, n: int, z: float = _Z) -> tuple[float, float]:
    """The Wilson score interval of the share ``k / n``, ``z`` standard errors wide.

    >>> low, high = wilson(22, 34)
    >>> round(low, 2), round(high, 2)
    (0.48, 0.79)
    """
    share, z2 = k / n, z * z
    centre = (share + z2 / (2 * n)) / (1 + z2 / n)
    half = z * math.sqrt(share * (1 - share) / n + z2 / (4 * n * n)) / (1 + z2 / n)
    return max(centre - half, 0.0), min(centre + half, 1.0)


def extremes(
    scores: ScoreTally, scale: str, *, minimum: int = DEFAULT_MINIMUM_RESPONSES
) -> tuple[ScoreSummary | None, ScoreSummary | None] | None:
    """The touchpoints that stand apart on ``scale``: the best and the worst, or None.

    A touchpoint stands apart when its interval lies wholly above (for the
    best) or wholly below (for the worst) that of every other touchpoint's
    responses taken together, both with at least ``minimum`` responses: the
    highest and lowest figures alone are often noise.  As every touchpoint
    is compared at once, the intervals are 95% for all the comparisons
    together (Bonferroni: each at 1 - 0.05 / k, for k touchpoints with the
    minimum), not for each; and the best is compared again without the
    touchpoints that stand apart below (the worst without those above), so
    that one very bad touchpoint, which pulls the others down, never makes an
    ordinary one the best.  Of several that stand apart, the best is the
    highest and the worst the lowest (ties to the first id); the summaries
    returned are the touchpoints' own, with their 95% intervals.  Higher is
    better on every built-in scale (a higher CES means easier).
    Either side is None where no touchpoint stands apart on it; None when
    neither does.

    >>> import dime
    >>> report = dime.check(dime.example())
    >>> best, worst = extremes(report.scores, "csat", minimum=30)
    >>> best, worst.group
    (None, 'returns-desk')
    """
    groups = scores._groups("touchpoint", scale)  # noqa: SLF001 - the module's own index
    known = scores._scale(scale)  # noqa: SLF001
    whole: dict[float, int] = {}
    for values in groups.values():
        for v, n in values.items():
            whole[v] = whole.get(v, 0) + n

    compared = [tp for tp in sorted(groups) if sum(groups[tp].values()) >= max(minimum, 1)]
    # 95% for all the comparisons at once: each interval at 1 - 0.05 / k.
    z = NormalDist().inv_cdf(1 - (1 - CONFIDENCE) / 2 / max(len(compared), 1))

    def rest(left_out: Iterable[str]) -> ScoreSummary:
        """Every touchpoint's responses but those of ``left_out``, taken together."""
        values = dict(whole)
        for tp in left_out:
            for v, n in groups[tp].items():
                values[v] -= n
        kept = {v: n for v, n in values.items() if n}
        return summarise(kept, known, by="touchpoint", group="rest", minimum=minimum, z=z)

    mine = {
        tp: summarise(groups[tp], known, by="touchpoint", group=tp, minimum=minimum, z=z)
        for tp in compared
    }
    others = {tp: rest([tp]) for tp in compared}
    above = [tp for tp in compared if _above(mine[tp], others[tp])]
    below = [tp for tp in compared if _above(others[tp], mine[tp])]
    # Again without those apart the other way: a touchpoint far below pulls the rest down,
    # and one far above pulls it up.  Where nothing with the minimum is left to compare
    # with (two touchpoints, one above the other), the first comparison stands.
    if below:
        above = [tp for tp in above if _apart(mine[tp], rest([tp, *below]), up=True)]
    if above:
        below = [tp for tp in below if _apart(mine[tp], rest([tp, *above]), up=False)]
    shown = {
        tp: summarise(groups[tp], known, by="touchpoint", group=tp, minimum=minimum)
        for tp in (*above, *below)
    }
    best = max((shown[tp] for tp in above), key=lambda s: s.value or 0.0, default=None)
    worst = min((shown[tp] for tp in below), key=lambda s: s.value or 0.0, default=None)
    return None if best is None and worst is None else (best, worst)


def _above(high: ScoreSummary, low: ScoreSummary) -> bool:
    """Whether ``high``'s interval lies wholly above ``low``'s (False where either has none)."""
    return high.low is not None and low.high is not None and high.low > low.high


def _apart(own: ScoreSummary, rest: ScoreSummary, *, up: bool) -> bool:
    """Whether ``own`` lies wholly above (``up``) or below the rest; True where the rest has none."""
    return rest.value is None or (_above(own, rest) if up else _above(rest, own))
