"""Hypothesis strategies that build valid :mod:`dime` objects, for property tests.

Needs Hypothesis: ``pip install 'dime-cx[testing]'``.  Every strategy builds
objects that are valid by construction, so a test can focus on what it checks:

>>> from hypothesis import given, settings
>>> import dime.strategies as ds
>>> @settings(max_examples=20)
... @given(ds.frameworks(max_records=3))
... def test_name_survives(fw):
...     assert fw.name
>>> test_name_survives()
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Final, TypeVar

import attrs

try:
    from hypothesis import strategies as st
    from hypothesis.errors import InvalidArgument
except ImportError as error:
    raise ImportError(
        "dime.strategies needs Hypothesis, which is an optional extra: pip install 'dime-cx[testing]'"
    ) from error

from dime._balance import Policy, Severity, Tally, Waiver, rule_codes
from dime._fields import JSONValue
from dime._framework import AREAS, Area, FeedbackFolder, Layer, Mindset, Pillar
from dime._model import (
    BUILT_IN_SCALES,
    Assessment,
    Channel,
    Department,
    Feedback,
    FeedbackKind,
    Framework,
    ImprovementStep,
    Initiative,
    InitiativeStatus,
    Measure,
    MeasureKind,
    Measurement,
    Outcome,
    Responsibility,
    Scale,
    Score,
    Stage,
    Touchpoint,
)

__all__ = [
    "UNITS",
    "areas",
    "assessments",
    "departments",
    "even_frameworks",
    "feedback",
    "frameworks",
    "identifiers",
    "initiatives",
    "json_values",
    "layers",
    "measurements",
    "measures",
    "metadata",
    "pillars",
    "policies",
    "responsibilities",
    "scales",
    "scores",
    "tallies",
    "targets",
    "touchpoints",
]


def pillars() -> st.SearchStrategy[Pillar]:
    """Any pillar.

    >>> from hypothesis import find
    >>> find(pillars(), lambda p: p.word.startswith("M"))
    Pillar.M
    """
    return st.sampled_from(Pillar)


def layers() -> st.SearchStrategy[Layer]:
    """Any layer.

    >>> from hypothesis import find
    >>> find(layers(), lambda layer: layer.title == "Review")
    Layer.REVIEW
    """
    return st.sampled_from(Layer)


def areas() -> st.SearchStrategy[Area]:
    """Any of the sixteen areas.

    >>> from hypothesis import find
    >>> find(areas(), lambda a: a.pillar is Pillar.E)
    Area(E, coordination)
    """
    return st.sampled_from(AREAS)


def identifiers() -> st.SearchStrategy[str]:
    """Ids and names: non-empty text that is not only white space, unicode included.

    >>> from hypothesis import find
    >>> find(identifiers(), lambda s: len(s) > 2)
    '000'
    """
    return st.text(min_size=1, max_size=16).filter(str.strip)


def json_values(*, max_leaves: int = 8) -> st.SearchStrategy[JSONValue]:
    """Any JSON value: nested lists and objects, unicode, large integers, finite floats.

    >>> from hypothesis import find
    >>> find(json_values(), lambda v: isinstance(v, list) and len(v) > 1)
    [None, None]
    """
    leaves = (
        st.none()
        | st.booleans()
        | st.integers(min_value=-(2**70), max_value=2**70)
        | st.floats(allow_nan=False, allow_infinity=False)
        | st.text(max_size=12)
    )
    return st.recursive(
        leaves,
        lambda children: (
            st.lists(children, max_size=3)
            | st.dictionaries(st.text(max_size=8), children, max_size=3)
        ),
        max_leaves=max_leaves,
    )


def metadata() -> st.SearchStrategy[Mapping[str, JSONValue]]:
    """A metadata mapping: usually empty, else a small object of JSON values.

    >>> from hypothesis import find
    >>> find(metadata(), lambda m: len(m) > 0)
    {'': None}
    """
    return st.one_of(
        st.just({}),
        st.dictionaries(st.text(max_size=8), json_values(), max_size=3),
    )


_offsets = st.integers(min_value=-14 * 60, max_value=14 * 60).map(
    lambda minutes: UTC if minutes == 0 else timezone(timedelta(minutes=minutes))
)
_days = st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31))
_datetimes = st.datetimes(
    min_value=datetime(2000, 1, 2),  # noqa: DTZ001 - bounds for aware datetimes are naive
    max_value=datetime(2100, 12, 30),  # noqa: DTZ001
    timezones=_offsets,
)
_numbers = st.integers(min_value=1, max_value=10_000) | st.floats(
    min_value=0.001, max_value=1e6, allow_nan=False, allow_infinity=False
)


def _measure_values(measure: Measure, scales: tuple[Scale, ...]) -> st.SearchStrategy[float]:
    """Any value the measure can take: within its score's bounds, never negative for a count."""
    if measure.kind is MeasureKind.SCORE:
        scale = BUILT_IN_SCALES.get(measure.scale or "") or next(
            s for s in scales if s.name == measure.scale
        )
        low, high = scale.score_bounds
        return st.integers(min_value=math.ceil(low), max_value=math.floor(high)) | st.floats(
            min_value=low, max_value=high
        )
    if measure.kind is MeasureKind.COUNT:
        return st.integers(min_value=0, max_value=10**6) | st.floats(min_value=0, max_value=1e6)
    return st.integers(min_value=-1000, max_value=10**6) | st.floats(
        min_value=-1e6, max_value=1e6, allow_nan=False
    )


@st.composite
def _measure(draw: st.DrawFn, name: st.SearchStrategy[str], scales: tuple[Scale, ...]) -> Measure:
    kind = draw(st.sampled_from(MeasureKind))
    scale = None
    higher = draw(st.booleans())
    if kind is MeasureKind.SCORE:
        on = draw(st.sampled_from((*BUILT_IN_SCALES.values(), *scales)))
        scale, higher = on.name, on.higher_is_better
    measure = Measure(
        name=draw(name),
        kind=kind,
        scale=scale,
        unit=draw(st.none() | identifiers()),
        higher_is_better=higher,
        metadata=draw(metadata()),
    )
    target = draw(st.none() | _measure_values(measure, scales))
    return attrs.evolve(measure, target=target)


def measures(*, scales: tuple[Scale, ...] = ()) -> st.SearchStrategy[Measure]:
    """Any measure: a score on a built-in scale or one of ``scales``, a count or a rate.

    Its target, if any, is one the measure can reach.

    >>> from hypothesis import find
    >>> find(measures(), lambda m: m.kind is MeasureKind.SCORE).scale
    'nps'
    """
    return _measure(identifiers(), scales)


def measurements(
    measure: Measure, *, scales: tuple[Scale, ...] = ()
) -> st.SearchStrategy[Measurement]:
    """Any measurement of ``measure``, with a value it can take.

    >>> from hypothesis import find
    >>> nps = Measure(name="NPS", kind=MeasureKind.SCORE, scale="nps")
    >>> -100 <= find(measurements(nps), lambda m: True).value <= 100
    True
    """
    return st.builds(
        Measurement,
        measure=st.just(measure.name),
        value=_measure_values(measure, scales),
        on=_days,
        metadata=metadata(),
    )


@st.composite
def _department(draw: st.DrawFn, scales: tuple[Scale, ...]) -> Department:
    held = draw(st.lists(measures(scales=scales), max_size=3, unique_by=lambda m: m.name))
    taken = [
        draw(measurements(m, scales=scales))
        for m in held
        for _ in range(draw(st.integers(min_value=0, max_value=2)))
    ]
    return Department(
        name=draw(identifiers()),
        objective=draw(st.none() | identifiers()),
        measures=held,
        measurements=draw(st.permutations(taken)),
        metadata=draw(metadata()),
    )


def departments(*, scales: tuple[Scale, ...] = ()) -> st.SearchStrategy[Department]:
    """Any department, with measures (scores on built-in scales or ``scales``) and measurements.

    >>> from hypothesis import find
    >>> find(departments(), lambda d: d.objective is not None).objective
    '0'
    >>> d = find(departments(), lambda d: len(d.measurements) > 0)
    >>> d.measurements[0].measure in {m.name for m in d.measures}
    True
    """
    return _department(scales)


def touchpoints(
    *, ids: st.SearchStrategy[str] | None = None, owners: tuple[str, ...] = ()
) -> st.SearchStrategy[Touchpoint]:
    """Any touchpoint, owned by one of ``owners`` (department names) or by nobody.

    >>> from hypothesis import find
    >>> find(touchpoints(owners=("IT",)), lambda t: t.owner is not None).owner
    'IT'
    """
    return st.builds(
        Touchpoint,
        id=identifiers() if ids is None else ids,
        name=identifiers(),
        channel=st.sampled_from(Channel),
        stage=st.sampled_from(Stage),
        pillars=st.frozensets(pillars()),
        owner=st.none() | st.sampled_from(owners) if owners else st.none(),
        metadata=metadata(),
    )


@st.composite
def _initiative(
    draw: st.DrawFn,
    *,
    ids: st.SearchStrategy[str],
    owners: tuple[str, ...],
    feedback_ids: tuple[str, ...],
    measured: Mapping[str, tuple[Measure, ...]],
    scales: tuple[Scale, ...],
) -> Initiative:
    status = draw(st.sampled_from(InitiativeStatus))
    # An active initiative always has the day it started.
    started = draw(_days if status is InitiativeStatus.ACTIVE else st.none() | _days)
    finished = draw(st.none() | _days)
    if started is not None and finished is not None and finished < started:
        started, finished = finished, started
    owner = draw(st.none() | st.sampled_from(owners)) if owners else None
    held = measured.get(owner, ()) if owner is not None else ()
    outcome = None
    moved: bool = draw(st.booleans()) if held else False
    if moved:
        measure = draw(st.sampled_from(held))
        values = _measure_values(measure, scales)
        outcome = Outcome(
            measure=measure.name,
            before=draw(values),
            after=draw(values),
            measured_on=draw(_days),
        )
    return Initiative(
        id=draw(ids),
        title=draw(identifiers()),
        area=draw(areas()),
        owner=owner,
        status=status,
        started=started,
        finished=finished,
        effort=draw(_numbers),
        step=draw(st.none() | st.sampled_from(ImprovementStep)),
        addresses=draw(st.lists(st.sampled_from(feedback_ids), max_size=3, unique=True))
        if feedback_ids
        else (),
        outcome=outcome,
        metadata=draw(metadata()),
    )


def initiatives(
    *,
    ids: st.SearchStrategy[str] | None = None,
    owners: tuple[str, ...] = (),
    feedback_ids: tuple[str, ...] = (),
    measures: Mapping[str, tuple[Measure, ...]] | None = None,
    scales: tuple[Scale, ...] = (),
) -> st.SearchStrategy[Initiative]:
    """Any initiative, owned by one of ``owners`` or by nobody; never finished before it started.

    It addresses some of ``feedback_ids`` or none, and may have an outcome on
    one of its owner's ``measures`` (department names to their measures, whose
    scores are on built-in scales or ``scales``).

    >>> from hypothesis import find
    >>> i = find(initiatives(), lambda i: i.started is not None and i.finished is not None)
    >>> i.started <= i.finished
    True
    >>> find(initiatives(feedback_ids=("f-1",)), lambda i: len(i.addresses) > 0).addresses
    ('f-1',)
    """
    return _initiative(
        ids=identifiers() if ids is None else ids,
        owners=owners,
        feedback_ids=feedback_ids,
        measured=measures or {},
        scales=scales,
    )


def scales() -> st.SearchStrategy[Scale]:
    """Any custom scale: whole or not, either direction, never named like a built-in one.

    >>> from hypothesis import find
    >>> find(scales(), lambda s: not s.whole).whole
    False
    """
    return st.builds(
        _scale,
        name=identifiers().filter(lambda n: n not in BUILT_IN_SCALES),
        low=st.integers(min_value=-1000, max_value=1000),
        width=st.integers(min_value=0, max_value=1000),
        whole=st.booleans(),
        higher_is_better=st.booleans(),
        metadata=metadata(),
    )


def _scale(
    *,
    name: str,
    low: int,
    width: int,
    whole: bool,
    higher_is_better: bool,
    metadata: Mapping[str, JSONValue],
) -> Scale:
    shift = 0 if whole else 0.5
    return Scale(
        name=name,
        minimum=low - shift,
        maximum=low + width + shift,
        whole=whole,
        higher_is_better=higher_is_better,
        metadata=metadata,
    )


def scores(*, scales: tuple[Scale, ...] = ()) -> st.SearchStrategy[Score]:
    """Any score on a built-in scale or on one of ``scales``, within its bounds.

    >>> from hypothesis import find
    >>> find(scores(), lambda s: s.scale == "nps" and s.value > 9).value
    10
    """

    def on(scale: Scale) -> st.SearchStrategy[Score]:
        values: st.SearchStrategy[float] = (
            st.integers(min_value=math.ceil(scale.minimum), max_value=math.floor(scale.maximum))
            if scale.whole
            else st.floats(min_value=scale.minimum, max_value=scale.maximum)
        )
        return st.builds(Score, scale=st.just(scale.name), value=values)

    return st.sampled_from((*BUILT_IN_SCALES.values(), *scales)).flatmap(on)


def feedback(
    *,
    ids: st.SearchStrategy[str] | None = None,
    touchpoints: tuple[str, ...] = (),
    scales: tuple[Scale, ...] = (),
    departments: tuple[str, ...] = (),
) -> st.SearchStrategy[Feedback]:
    """Any piece of feedback, linked to one of ``touchpoints`` (ids) or to none.

    It is assigned to one of ``departments`` (names) or to none.

    Its score, if any, is on a built-in scale or one of ``scales``.

    >>> from hypothesis import find
    >>> find(feedback(touchpoints=("web",)), lambda f: f.touchpoint is not None).touchpoint
    'web'
    """
    return st.builds(
        Feedback,
        id=identifiers() if ids is None else ids,
        received=_datetimes,
        kind=st.sampled_from(FeedbackKind),
        folder=st.none() | st.sampled_from(FeedbackFolder),
        touchpoint=st.none() | st.sampled_from(touchpoints) if touchpoints else st.none(),
        channel=st.none() | st.sampled_from(Channel),
        text=st.text(max_size=40),
        score=st.none() | scores(scales=scales),
        assigned_to=st.none() | st.sampled_from(departments) if departments else st.none(),
        metadata=metadata(),
    )


def responsibilities(*, departments: tuple[str, ...] = ()) -> st.SearchStrategy[Responsibility]:
    """Anyone holding any mindset, in one of ``departments`` or in none.

    >>> from hypothesis import find
    >>> find(responsibilities(), lambda r: r.mindset is Mindset.EMOTIONAL).mindset
    Mindset.EMOTIONAL
    """
    return st.builds(
        Responsibility,
        holder=identifiers(),
        mindset=st.sampled_from(Mindset),
        department=st.none() | st.sampled_from(departments) if departments else st.none(),
        share=st.floats(min_value=0.01, max_value=1.0) | st.just(1),
        metadata=metadata(),
    )


def assessments() -> st.SearchStrategy[Assessment]:
    """Any assessment of any area.

    >>> from hypothesis import find
    >>> find(assessments(), lambda a: a.score >= 4).area
    Area(D, coordination)
    """
    return st.builds(
        Assessment,
        area=areas(),
        score=st.integers(min_value=0, max_value=5)
        | st.floats(min_value=0, max_value=5, allow_nan=False),
        on=_days,
        assessor=st.none() | identifiers(),
        metadata=metadata(),
    )


def _unique_ids(draw: st.DrawFn, n_max: int) -> list[str]:
    return draw(st.lists(identifiers(), max_size=n_max, unique=True))


#: The kinds of record a framework holds, by the name of its field.
_KINDS: Final = (
    "touchpoints",
    "initiatives",
    "feedback",
    "responsibilities",
    "departments",
    "assessments",
)

#: How many records of each kind a shaped framework needs to reach every part
#: of the grid once: an initiative and an assessment per area, a piece of
#: feedback per folder, a holder per mindset, a touchpoint per buying stage.
UNITS: Final[Mapping[str, int]] = {
    "touchpoints": len(Stage),
    "initiatives": len(AREAS),
    "feedback": len(FeedbackFolder),
    "responsibilities": len(Mindset),
    "departments": 1,
    "assessments": len(AREAS),
}


def frameworks(
    *,
    max_records: int = 8,
    sizes: Mapping[str, int] | None = None,
    imbalance: float | None = None,
    as_of: date | None = None,
) -> st.SearchStrategy[Framework]:
    """Any valid framework: unique ids, and every reference pointing at a real record.

    Without ``imbalance``, the records are arbitrary (any area, any folder or
    none, any dates), which is what tests of parsers and renderers want.

    With ``imbalance``, the framework is *shaped*: its work is spread over the
    grid as evenly or as unevenly as asked, with recent dates, so that tests
    of a balance check know what to expect.  At ``imbalance=0`` the effort of
    the initiatives is exactly equal in all sixteen areas, every area is
    assessed with the same score, feedback is filed equally in all four
    folders, every mindset is held equally, every buying stage has
    touchpoints serving all four pillars, and every department has an
    objective and measures and owns an equal part of the work.  As
    ``imbalance`` grows to 1, the work, feedback, mindsets, touchpoints and
    ownership pile up on a few areas (one to three, drawn), pillars and
    stages, and departments lose their objectives: the share of effort in
    the three busiest areas is exactly ``3/16 + 13/16 * imbalance``.

    Args:
        max_records: The most records of each kind.  In a shaped framework,
            each kind has a whole number of :data:`UNITS` records, at least
            one unit (sixteen initiatives and assessments even when
            ``max_records`` is smaller), and at least one piece of feedback
            per touchpoint.
        sizes: Exact numbers of records for some kinds, by field name
            (``{"feedback": 40}``); the other kinds follow ``max_records``.
            In a shaped framework each size must be at least the kind's
            unit; a size that is not a multiple of the unit leaves counts
            that differ by one (the effort stays exactly even); feedback
            must be at least as many as touchpoints.
        imbalance: ``None`` for arbitrary records, or how unbalanced the
            shaped framework is, from 0 (perfectly even) to 1 (everything
            on a few areas).
        as_of: The day the shaped framework's activity leads up to: all
            dates fall in the 90 days before it.  Defaults to today (UTC)
            when the strategy is made, so that a check with the default
            ``now`` sees all of it as recent.

    Returns:
        A strategy for :class:`~dime.Framework`.

    Raises:
        hypothesis.errors.InvalidArgument: A size names an unknown kind, is
            negative or, in a shaped framework, below the kind's unit (or
            fewer feedback than touchpoints); or
            ``imbalance`` is not between 0 and 1.

    >>> from collections import Counter
    >>> from hypothesis import given, settings
    >>> @settings(max_examples=5, database=None)
    ... @given(frameworks(sizes={"feedback": 3}))
    ... def test_feedback_ids_are_unique(fw):
    ...     assert len({f.id for f in fw.feedback}) == 3
    >>> test_feedback_ids_are_unique()
    >>> @settings(max_examples=5, database=None)
    ... @given(frameworks(imbalance=0, sizes={"initiatives": 32}))
    ... def test_two_initiatives_per_area(fw):
    ...     assert set(Counter(i.area for i in fw.initiatives).values()) == {2}
    >>> test_two_initiatives_per_area()
    """
    exact = _check_sizes(sizes, shaped=imbalance is not None)
    if imbalance is not None and exact.get("feedback", math.inf) < exact.get("touchpoints", 0):
        raise InvalidArgument(
            "a shaped framework needs at least as much feedback as touchpoints, so that "
            f"every touchpoint hears from customers; sizes asks for {exact['feedback']} "
            f"feedback and {exact['touchpoints']} touchpoints"
        )
    if max_records < 0:
        raise InvalidArgument(f"max_records must be at least 0, got {max_records}")
    if imbalance is None:
        return _any_framework(max_records, exact)
    if not 0 <= imbalance <= 1:  # also refuses NaN
        raise InvalidArgument(f"imbalance must be a number from 0 to 1, got {imbalance!r}")
    day = datetime.now(UTC).date() if as_of is None else as_of
    return _shaped_framework(max_records, exact, float(imbalance), day)


def even_frameworks(
    *,
    max_records: int = 8,
    sizes: Mapping[str, int] | None = None,
    as_of: date | None = None,
) -> st.SearchStrategy[Framework]:
    """Perfectly balanced frameworks: :func:`frameworks` with ``imbalance=0``.

    Every area, folder, mindset, stage and department gets the same share,
    so a balance check with the default policy, run on a day up to a few
    weeks after ``as_of``, finds nothing to warn about.

    Args:
        max_records: As for :func:`frameworks`.
        sizes: As for :func:`frameworks`.
        as_of: As for :func:`frameworks`.

    Returns:
        A strategy for :class:`~dime.Framework`.

    >>> from hypothesis import given, settings
    >>> from dime import Mindset
    >>> @settings(max_examples=5, database=None)
    ... @given(even_frameworks())
    ... def test_every_mindset_is_held(fw):
    ...     assert {r.mindset for r in fw.responsibilities} == set(Mindset)
    >>> test_every_mindset_is_held()
    """
    return frameworks(max_records=max_records, sizes=sizes, imbalance=0, as_of=as_of)


def _check_sizes(sizes: Mapping[str, int] | None, *, shaped: bool) -> dict[str, int]:
    exact = dict(sizes or {})
    for kind, n in exact.items():
        if kind not in _KINDS:
            raise InvalidArgument(
                f"sizes names {kind!r}, which is not a kind of record; "
                f"expected one of {', '.join(_KINDS)}"
            )
        if type(n) is not int or n < 0:
            raise InvalidArgument(f"sizes[{kind!r}] must be a whole number >= 0, got {n!r}")
        if shaped and n < UNITS[kind]:
            raise InvalidArgument(
                f"sizes[{kind!r}] is {n}, but a shaped framework needs at least "
                f"{UNITS[kind]} to reach every part of the grid"
            )
    return exact


def _ids(draw: st.DrawFn, kind: str, exact: Mapping[str, int], max_records: int) -> list[str]:
    if kind in exact:
        n = exact[kind]
        return draw(st.lists(identifiers(), min_size=n, max_size=n, unique=True))
    return _unique_ids(draw, max_records)


@st.composite
def _any_framework(draw: st.DrawFn, max_records: int, exact: Mapping[str, int]) -> Framework:
    custom = tuple(draw(st.lists(scales(), max_size=2, unique_by=lambda s: s.name)))
    names = tuple(_ids(draw, "departments", exact, max_records))
    depts = tuple(attrs.evolve(draw(departments(scales=custom)), name=n) for n in names)
    tp_ids = tuple(_ids(draw, "touchpoints", exact, max_records))
    tps = tuple(draw(touchpoints(ids=st.just(i), owners=names)) for i in tp_ids)
    fb_ids = tuple(_ids(draw, "feedback", exact, max_records))
    held = {d.name: d.measures for d in depts}
    inits = tuple(
        draw(
            initiatives(
                ids=st.just(i), owners=names, feedback_ids=fb_ids, measures=held, scales=custom
            )
        )
        for i in _ids(draw, "initiatives", exact, max_records)
    )
    items = tuple(
        draw(feedback(ids=st.just(i), touchpoints=tp_ids, scales=custom, departments=names))
        for i in fb_ids
    )
    n_resp = exact.get("responsibilities")
    resps = tuple(
        draw(
            st.lists(
                responsibilities(departments=names),
                min_size=n_resp or 0,
                max_size=max_records if n_resp is None else n_resp,
            )
        )
    )
    n_scores = exact.get("assessments")
    scores = tuple(
        draw(
            st.lists(
                assessments(),
                min_size=n_scores or 0,
                max_size=max_records if n_scores is None else n_scores,
            )
        )
    )
    return Framework(
        name=draw(identifiers()),
        touchpoints=tps,
        initiatives=inits,
        feedback=items,
        responsibilities=resps,
        departments=depts,
        assessments=scores,
        scales=custom,
        metadata=draw(metadata()),
    )


T = TypeVar("T")


def _allocate(n: int, weights: Sequence[float]) -> list[int]:
    """Split ``n`` items over buckets in proportion to ``weights``.

    Every bucket with a weight gets one item first (when there are enough);
    the rest go by largest remainder, ties to the earlier bucket, so equal
    weights give counts that differ by at most one.
    """
    positive = [i for i, w in enumerate(weights) if w > 0]
    counts = [0] * len(weights)
    if n >= len(positive):
        for i in positive:
            counts[i] = 1
        n -= len(positive)
    total = sum(weights)
    quotas = [n * w / total for w in weights]
    floors = [math.floor(q + 1e-9) for q in quotas]
    left = n - sum(floors)
    by_remainder = sorted(positive, key=lambda i: (floors[i] - quotas[i], i))
    for i in by_remainder[:left]:
        floors[i] += 1
    return [c + f for c, f in zip(counts, floors, strict=True)]


def _spread(counts: Sequence[int], buckets: Sequence[T]) -> list[tuple[T, int, int]]:
    """Each item as (bucket, its number within the bucket, the bucket's count)."""
    return [(b, j, c) for b, c in zip(buckets, counts, strict=True) for j in range(c)]


def _count(
    draw: st.DrawFn, kind: str, exact: Mapping[str, int], max_records: int, *, least: int = 0
) -> int:
    if kind in exact:
        return exact[kind]
    unit = UNITS[kind]
    fewest = max(1, -(-least // unit))
    return unit * draw(st.integers(min_value=fewest, max_value=max(fewest, max_records // unit)))


_SHAPED_KINDS: Final = (FeedbackKind.ROUTINE, FeedbackKind.GIFT, FeedbackKind.BILL)


@st.composite
def _shaped_framework(
    draw: st.DrawFn,
    max_records: int,
    exact: Mapping[str, int],
    imbalance: float,
    as_of: date,
) -> Framework:
    x = imbalance
    favoured = draw(st.lists(areas(), min_size=1, max_size=3, unique=True))
    area_w = [(1 - x) / 16 + (x / len(favoured) if a in favoured else 0.0) for a in AREAS]
    pillar_w = [sum(w for a, w in zip(AREAS, area_w, strict=True) if a.pillar is p) for p in Pillar]
    busy_stage = draw(st.sampled_from(Stage))
    stage_w = [(1 - x) / 3 + (x if s is busy_stage else 0.0) for s in Stage]

    n_dept = _count(draw, "departments", exact, max_records)
    names = draw(st.lists(identifiers(), min_size=n_dept, max_size=n_dept, unique=True))
    unaligned = math.floor((n_dept - 1) * x)
    depts = [
        Department(
            name=name,
            objective=draw(identifiers()) if i < n_dept - unaligned else None,
            measures=(Measure(name=draw(identifiers()), kind=MeasureKind.COUNT),)
            if i < n_dept - unaligned
            else (),
        )
        for i, name in enumerate(names)
    ]
    dept_w = [(1 - x) / n_dept + (x if i == 0 else 0.0) for i in range(n_dept)]

    def owners(n: int) -> list[str]:
        return [d for d, _, _ in _spread(_allocate(n, dept_w), names)]

    n_tp = _count(draw, "touchpoints", exact, max_records)
    tp_owners = owners(n_tp)
    wide = round(n_tp * (1 - x))
    narrow = frozenset(a.pillar for a in favoured)
    tps = [
        Touchpoint(
            id=f"touchpoint-{i}",
            name=draw(identifiers()),
            channel=draw(st.sampled_from(Channel)),
            stage=stage,
            pillars=frozenset(Pillar) if i < wide else narrow,
            owner=tp_owners[i],
        )
        for i, (stage, _, _) in enumerate(_spread(_allocate(n_tp, stage_w), list(Stage)))
    ]

    n_init = _count(draw, "initiatives", exact, max_records)
    init_owners = owners(n_init)
    steps = list(ImprovementStep)
    inits = [
        Initiative(
            id=f"initiative-{i}",
            title=draw(identifiers()),
            area=area,
            owner=init_owners[i],
            status=InitiativeStatus.ACTIVE,
            started=as_of - timedelta(days=7 + 60 * j // count),
            effort=n_init * area_w[area.index] / count,
            step=steps[j % len(steps)],
        )
        for i, (area, j, count) in enumerate(_spread(_allocate(n_init, area_w), AREAS))
    ]

    # Every touchpoint hears from customers: at least one piece of feedback each.
    n_fb = _count(draw, "feedback", exact, max(max_records, n_tp), least=n_tp)
    unfiled = math.floor(n_fb * x / 4)
    folders: list[FeedbackFolder | None] = [*FeedbackFolder, None]
    fb_counts = [*_allocate(n_fb - unfiled, pillar_w), unfiled]
    noon = datetime(as_of.year, as_of.month, as_of.day, 12, tzinfo=UTC) - timedelta(days=1)
    items = [
        Feedback(
            id=f"feedback-{i}",
            received=noon - timedelta(days=60 * j // count),
            kind=_SHAPED_KINDS[j % len(_SHAPED_KINDS)],
            folder=folder,
            touchpoint=tps[i % n_tp].id,
            channel=tps[i % n_tp].channel,
            text=draw(st.text(max_size=20)),
        )
        for i, (folder, j, count) in enumerate(_spread(fb_counts, folders))
    ]

    n_resp = _count(draw, "responsibilities", exact, max_records)
    # People holding mindsets work in the departments that meet customers.
    resp_depts = [tp_owners[i % n_tp] for i in range(n_resp)]
    resps = [
        Responsibility(
            holder=draw(identifiers()),
            mindset=mindset,
            department=resp_depts[i],
        )
        for i, (mindset, _, _) in enumerate(_spread(_allocate(n_resp, pillar_w), list(Mindset)))
    ]

    n_scores = _count(draw, "assessments", exact, max_records)
    top = max(area_w)
    scores = [
        Assessment(
            area=area, score=round(4 * area_w[area.index] / top, 2), on=as_of - timedelta(days=14)
        )
        for area, _, _ in _spread(_allocate(n_scores, area_w), AREAS)
    ]
    return Framework(
        name=draw(identifiers()),
        touchpoints=tps,
        initiatives=inits,
        feedback=items,
        responsibilities=resps,
        departments=depts,
        assessments=scores,
    )


# Strategies for the balance checker.  Kept in their own block, apart from the
# record strategies above.


def tallies(*, max_records: int = 8) -> st.SearchStrategy[Tally]:
    """A :class:`~dime.Tally` of any mix of records.

    >>> from hypothesis import given, settings
    >>> from dime import Tally
    >>> @settings(max_examples=5, database=None)
    ... @given(tallies(), tallies())
    ... def test_adding_is_commutative(a, b):
    ...     assert a + b == b + a
    >>> test_adding_is_commutative()
    """
    record = st.one_of(
        feedback(),
        initiatives(),
        responsibilities(),
        touchpoints(),
        departments(),
        assessments(),
    )
    return st.lists(record, max_size=max_records).map(Tally.from_records)


@st.composite
def targets(draw: st.DrawFn) -> Mapping[Area, float]:
    """Target shares for the 16 areas: each more than 0, summing to 1.

    Args:
        draw: Supplied by Hypothesis; callers leave it out.

    >>> from hypothesis import find
    >>> shares = find(targets(), lambda t: True)
    >>> abs(sum(shares.values()) - 1) < 1e-9
    True
    """
    weights = [draw(st.integers(min_value=1, max_value=20)) for _ in AREAS]
    total = sum(weights)
    shares = [w / total for w in weights]
    shares[-1] = 1 - math.fsum(shares[:-1])
    return dict(zip(AREAS, shares, strict=True))


def policies() -> st.SearchStrategy[Policy]:
    """Any valid :class:`~dime.Policy` that a policy file can hold (no rules of its own).

    >>> from hypothesis import find
    >>> find(policies(), lambda p: True).window.days
    2
    """
    ratio = st.floats(min_value=0.0, max_value=1.0)
    codes = st.sampled_from(rule_codes())
    prefixes = st.sampled_from(("ALL", "DIME", "DIME1", "DIME2", "DIME10", *rule_codes()))
    waiver = st.builds(
        Waiver,
        code=codes,
        reason=identifiers(),
        area=st.none() | areas(),
        subject=st.none() | identifiers(),
        expires=st.none() | _days,
    )
    return st.builds(
        Policy,
        fail_on=st.none() | st.sampled_from(Severity),
        select=st.lists(prefixes, min_size=1, max_size=3).map(tuple),
        ignore=st.lists(prefixes, max_size=3).map(tuple),
        severity=st.dictionaries(codes, st.sampled_from(Severity), max_size=3),
        targets=targets(),
        window=st.integers(min_value=2, max_value=2000).map(lambda d: timedelta(days=d)),
        neglected_ratio=ratio,
        dominant_ratio=st.floats(min_value=1.0, max_value=10.0),
        fading_ratio=ratio,
        max_unfiled_share=ratio,
        lagging_gap=st.floats(min_value=0.0, max_value=5.0),
        waivers=st.lists(waiver, max_size=3).map(tuple),
    )
