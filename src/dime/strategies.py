"""Hypothesis strategies that build valid :mod:`dime` objects, for property tests.

Needs Hypothesis: ``pip install 'dime[testing]'``.  Every strategy builds
objects that are valid by construction, so a test can focus on what it checks:

>>> from hypothesis import given, settings
>>> import dime.strategies as ds
>>> @settings(max_examples=20)
... @given(ds.frameworks())
... def test_name_survives(fw):
...     assert fw.name
>>> test_name_survives()
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import UTC, date, datetime, timedelta, timezone

from hypothesis import strategies as st

from dime._balance import Policy, Severity, Tally, Waiver, rule_codes
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
    JSONValue,
    Responsibility,
    Stage,
    Touchpoint,
)

__all__ = [
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
    "metadata",
    "pillars",
    "policies",
    "responsibilities",
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


def departments() -> st.SearchStrategy[Department]:
    """Any department.

    >>> from hypothesis import find
    >>> find(departments(), lambda d: d.objective is not None).objective
    '0'
    """
    return st.builds(
        Department,
        name=identifiers(),
        objective=st.none() | identifiers(),
        measures=st.lists(st.text(max_size=12), max_size=3).map(tuple),
        metadata=metadata(),
    )


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
    draw: st.DrawFn, ids: st.SearchStrategy[str], owners: tuple[str, ...]
) -> Initiative:
    started = draw(st.none() | _days)
    finished = draw(st.none() | _days)
    if started is not None and finished is not None and finished < started:
        started, finished = finished, started
    return Initiative(
        id=draw(ids),
        title=draw(identifiers()),
        area=draw(areas()),
        owner=draw(st.none() | st.sampled_from(owners)) if owners else None,
        status=draw(st.sampled_from(InitiativeStatus)),
        started=started,
        finished=finished,
        effort=draw(_numbers),
        step=draw(st.none() | st.sampled_from(ImprovementStep)),
        metadata=draw(metadata()),
    )


def initiatives(
    *, ids: st.SearchStrategy[str] | None = None, owners: tuple[str, ...] = ()
) -> st.SearchStrategy[Initiative]:
    """Any initiative, owned by one of ``owners`` or by nobody; never finished before it started.

    >>> from hypothesis import find
    >>> i = find(initiatives(), lambda i: i.started is not None and i.finished is not None)
    >>> i.started <= i.finished
    True
    """
    return _initiative(identifiers() if ids is None else ids, owners)


def feedback(
    *, ids: st.SearchStrategy[str] | None = None, touchpoints: tuple[str, ...] = ()
) -> st.SearchStrategy[Feedback]:
    """Any piece of feedback, linked to one of ``touchpoints`` (ids) or to none.

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
        score=st.none() | st.integers(min_value=-(2**70), max_value=2**70),
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


@st.composite
def frameworks(draw: st.DrawFn, *, max_records: int = 8) -> Framework:
    """Any valid framework: unique ids, and every reference pointing at a real record.

    Args:
        draw: Supplied by Hypothesis; callers leave it out.
        max_records: The most records of each kind.

    >>> from hypothesis import find
    >>> fw = find(frameworks(max_records=3), lambda fw: len(fw.feedback) == 3)
    >>> len({f.id for f in fw.feedback})
    3
    """
    names = tuple(_unique_ids(draw, max_records))
    depts = tuple(_renamed(draw(departments()), n) for n in names)
    tp_ids = tuple(_unique_ids(draw, max_records))
    tps = tuple(draw(touchpoints(ids=st.just(i), owners=names)) for i in tp_ids)
    inits = tuple(
        draw(initiatives(ids=st.just(i), owners=names)) for i in _unique_ids(draw, max_records)
    )
    items = tuple(
        draw(feedback(ids=st.just(i), touchpoints=tp_ids)) for i in _unique_ids(draw, max_records)
    )
    resps = tuple(draw(st.lists(responsibilities(departments=names), max_size=max_records)))
    scores = tuple(draw(st.lists(assessments(), max_size=max_records)))
    return Framework(
        name=draw(identifiers()),
        touchpoints=tps,
        initiatives=inits,
        feedback=items,
        responsibilities=resps,
        departments=depts,
        assessments=scores,
        metadata=draw(metadata()),
    )


def _renamed(department: Department, name: str) -> Department:
    return Department(
        name=name,
        objective=department.objective,
        measures=department.measures,
        metadata=department.metadata,
    )


# Strategies for the balance checker.  Kept in their own block, apart from the
# record strategies above.


def tallies(*, max_records: int = 8) -> st.SearchStrategy[Tally]:
    """A :class:`~dime.Tally` of any mix of records.

    >>> from hypothesis import find
    >>> from dime import Tally
    >>> find(tallies(), lambda t: True) == Tally()
    True
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


@st.composite
def even_frameworks(draw: st.DrawFn) -> Framework:
    """A perfectly balanced organisation, at any scale.

    Equal effort in all 16 areas all through the window, every mindset held
    equally, every stage covered by owned touchpoints serving every pillar and
    all heard from, every folder getting the same feedback, every department
    aligned and measured, and every area assessed with the same score.

    Args:
        draw: Supplied by Hypothesis; callers leave it out.

    >>> from hypothesis import find
    >>> fw = find(even_frameworks(), lambda fw: True)
    >>> len(fw.initiatives)
    16
    """
    effort = draw(st.integers(min_value=1, max_value=50) | st.floats(min_value=0.01, max_value=50))
    per_folder = draw(st.integers(min_value=1, max_value=4))
    holders = draw(st.integers(min_value=1, max_value=3))
    share = draw(st.floats(min_value=0.05, max_value=1.0))
    score = draw(st.integers(min_value=1, max_value=5))
    end = draw(st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2030, 1, 1)))  # noqa: DTZ001 - bounds
    end = end.replace(tzinfo=UTC)
    start = (end - timedelta(days=400)).date()
    dept = Department(name="Service", objective="Delight", measures=("CSAT",))
    tps = tuple(
        Touchpoint(
            id=f"tp-{s.value}",
            name=s.title,
            channel=Channel.WEB,
            stage=s,
            pillars=frozenset(Pillar),
            owner="Service",
        )
        for s in Stage
    )
    items = []
    n = 0
    for folder in FeedbackFolder:
        for _ in range(per_folder):
            items.append(
                Feedback(
                    id=f"fb-{n}",
                    received=end - timedelta(days=n % 60, hours=n % 7),
                    kind=FeedbackKind.ROUTINE,
                    folder=folder,
                    touchpoint=tps[n % len(tps)].id,
                )
            )
            n += 1
    for tp in tps:  # every touchpoint heard from, whatever the count
        items.append(
            Feedback(
                id=f"fb-{n}",
                received=end - timedelta(days=1),
                kind=FeedbackKind.ROUTINE,
                folder=FeedbackFolder.LISTENING,
                touchpoint=tp.id,
            )
        )
        n += 1
    # Balance the extra listening items with the same number in every other folder.
    for folder in tuple(FeedbackFolder)[1:]:
        for tp in tps:
            items.append(
                Feedback(
                    id=f"fb-{n}",
                    received=end - timedelta(days=2),
                    kind=FeedbackKind.ROUTINE,
                    folder=folder,
                    touchpoint=tp.id,
                )
            )
            n += 1
    return Framework(
        name="Even",
        touchpoints=tps,
        initiatives=tuple(
            Initiative(
                id=f"init-{a.index}",
                title=a.title,
                area=a,
                owner="Service",
                status=InitiativeStatus.ACTIVE,
                started=start,
                effort=effort,
                step=ImprovementStep.MEASURE,
            )
            for a in AREAS
        ),
        feedback=tuple(items),
        responsibilities=tuple(
            Responsibility(holder=f"{m.value}-{h}", mindset=m, department="Service", share=share)
            for m in Mindset
            for h in range(holders)
        ),
        departments=(dept,),
        assessments=tuple(
            Assessment(area=a, score=score, on=end.date() - timedelta(days=30)) for a in AREAS
        ),
    )
