"""Realistic organisations, built as a new user would, for tests of the checker and beyond.

Each function returns a :class:`dime.Framework` whose records lead up to
:data:`NOW`: a regional water utility whose call centre never files feedback,
a small bakery whose projects come and go and whose owner holds every
mindset, an app startup missing two mindsets, and an evenly run shop; then
three organisations an analyst modelled without reading the checker, with
what is really true of each written down first: a group of clinics, a
product-led software company and a group of hotels.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import NamedTuple, TypeVar
from zoneinfo import ZoneInfo

import attrs

from dime import (
    AREAS,
    Area,
    Assessment,
    Channel,
    Department,
    Feedback,
    FeedbackFolder,
    FeedbackKind,
    Foundation,
    Framework,
    ImprovementStep,
    Initiative,
    InitiativeStatus,
    Layer,
    Measure,
    MeasureKind,
    Measurement,
    Mindset,
    Outcome,
    Pillar,
    Practice,
    Responsibility,
    Score,
    Stage,
    Touchpoint,
)
from dime._model import JSONValue

__all__ = [
    "ALL",
    "NOW",
    "TODAY",
    "bakery",
    "clinic",
    "even_shop",
    "furniture",
    "hotel",
    "saas",
    "startup",
    "utility",
]

_K = TypeVar("_K")

#: The moment every organisation here is checked at.
NOW = datetime(2026, 10, 31, 17, tzinfo=UTC)
TODAY = NOW.date()

_D, _I, _M, _E = Pillar.D, Pillar.I, Pillar.M, Pillar.E
_ACTIVE, _DONE = InitiativeStatus.ACTIVE, InitiativeStatus.DONE
_WORK_AREAS = [a for a in AREAS if a.layer in (Layer.COORDINATION, Layer.IMPLEMENTATION)]


def counted(*names: str) -> tuple[Measure, ...]:
    """Measures known by name alone: counts with no target, never compared."""
    return tuple(Measure(name=n, kind=MeasureKind.COUNT) for n in names)


def _days_ago(n: int) -> date:
    return TODAY - timedelta(days=n)


def work(
    area: Area, *, start: int, end: int | None, effort: float = 1, key: str = ""
) -> Initiative:
    """Work in ``area`` from ``start`` days before TODAY to ``end`` days before (None: active)."""
    return Initiative(
        id=key or f"w-{area.index}-{start}-{end}",
        title="Work",
        area=area,
        status=InitiativeStatus.ACTIVE if end is None else InitiativeStatus.DONE,
        started=_days_ago(start),
        finished=None if end is None else _days_ago(end),
        effort=effort,
    )


def _feedback(
    rng: random.Random,
    n: int,
    *,
    prefix: str,
    touchpoints: list[Touchpoint],
    folders: list[FeedbackFolder | None],
    kinds: dict[FeedbackKind, int],
    days: int,
    satisfied: tuple[int, ...] | None = None,
) -> list[Feedback]:
    """``n`` pieces of feedback over the last ``days`` days, through ``touchpoints``.

    Every piece is scored on CSAT: a complaint 1 or 2, anything else 3 to 5, or one
    of ``satisfied`` when given.
    """
    kind_list, weights = zip(*kinds.items(), strict=True)
    items = []
    for i in range(n):
        tp = touchpoints[i % len(touchpoints)]
        kind = rng.choices(kind_list, weights)[0]
        received = NOW - timedelta(minutes=rng.randrange(1, days * 24 * 60))
        items.append(
            Feedback(
                id=f"{prefix}-{i:05d}",
                received=received,
                kind=kind,
                folder=folders[i % len(folders)] if kind is not FeedbackKind.JUNK else None,
                touchpoint=tp.id,
                channel=tp.channel,
                text="",
                score=Score(
                    scale="csat",
                    value=rng.choice((1, 2))
                    if kind is FeedbackKind.BILL
                    else rng.randint(3, 5)
                    if satisfied is None
                    else rng.choice(satisfied),
                ),
            )
        )
    return items


def utility() -> Framework:
    """Northfield Water: a call-centre utility that records feedback and never files it.

    Work is spread evenly over the coordination and implementation layers,
    every mindset is held, every department is aligned and measured; but
    none of the 4,000 pieces of feedback received in the last six months is
    filed, about 1,080 of them complaints.  The leadership scores the review
    areas far below the rest.  Its customers' scores hold steady: the seed is
    one whose draws do not, by chance, make the later months score lower.
    """
    rng = random.Random(9)
    departments = [
        Department(name=name, objective=objective, measures=counted(measure))
        for name, objective, measure in (
            ("Customer Contact", "Answer every call at the first attempt", "first-call resolution"),
            ("Billing", "Bills customers understand", "billing complaints per 1,000"),
            ("Field Operations", "Fix leaks before customers notice", "repair time"),
            ("Network Planning", "No surprise outages", "planned-outage notice"),
        )
    ]
    touchpoints = [
        Touchpoint(
            id="call-centre",
            name="Call centre",
            channel=Channel.PHONE,
            stage=Stage.POST_PURCHASE,
            pillars={_I, _M},
            owner="Customer Contact",
        ),
        Touchpoint(
            id="bills",
            name="Quarterly bill",
            channel=Channel.MAIL,
            stage=Stage.PURCHASE,
            pillars={_D, _E},
            owner="Billing",
        ),
        Touchpoint(
            id="move-in",
            name="Moving-in sign-up",
            channel=Channel.WEB,
            stage=Stage.PRE_PURCHASE,
            pillars={_D, _E},
            owner="Customer Contact",
        ),
        Touchpoint(
            id="field-visit",
            name="Engineer visit",
            channel=Channel.IN_PERSON,
            stage=Stage.POST_PURCHASE,
            pillars={_I, _M},
            owner="Field Operations",
        ),
    ]
    initiatives = [
        Initiative(
            id=f"nw-{a.index}",
            title=f"Quarterly plan: {a.title}",
            area=a,
            owner="Network Planning" if a.layer is Layer.COORDINATION else "Customer Contact",
            status=_ACTIVE,
            started=_days_ago(150),
            effort=4,
            step=ImprovementStep.DELIVER,
        )
        for a in _WORK_AREAS
    ]
    feedback = _feedback(
        rng,
        4000,
        prefix="nw",
        touchpoints=touchpoints,
        folders=[None],
        kinds={FeedbackKind.BILL: 27, FeedbackKind.ROUTINE: 58, FeedbackKind.GIFT: 10},
        days=180,
    )
    responsibilities = [
        Responsibility(
            holder="Contact centre manager",
            mindset=Mindset.FUNCTIONAL,
            department="Customer Contact",
            share=0.5,
        ),
        Responsibility(
            holder="Shift supervisors",
            mindset=Mindset.OPERATIONAL,
            department="Customer Contact",
            share=0.5,
        ),
        Responsibility(
            holder="Customer insight analyst",
            mindset=Mindset.EMOTIONAL,
            department="Customer Contact",
            share=0.5,
        ),
        Responsibility(
            holder="Head of customer",
            mindset=Mindset.CONSTRUCTIVE,
            department="Network Planning",
            share=0.5,
        ),
    ]
    assessments = [
        Assessment(area=a, score=1 if a.layer is Layer.REVIEW else 3.5, on=_days_ago(30))
        for a in AREAS
    ]
    return Framework(
        name="Northfield Water",
        departments=departments,
        touchpoints=touchpoints,
        initiatives=initiatives,
        feedback=feedback,
        responsibilities=responsibilities,
        assessments=assessments,
    )


def _project(
    key: str, title: str, area: Area, start: int, end: int | None, *, owner: str = "Shop"
) -> Initiative:
    """A bakery project that started ``start`` days ago and ended ``end`` days ago (or runs on)."""
    return Initiative(
        id=key,
        title=title,
        area=area,
        owner=owner,
        status=_ACTIVE if end is None else _DONE,
        started=_days_ago(start),
        finished=None if end is None else _days_ago(end),
        effort=1,
        step=ImprovementStep.MEASURE if end is not None else ImprovementStep.DELIVER,
    )


def bakery() -> Framework:
    """Crumb & Co.: a small bakery whose projects come and go and whose owner holds every mindset.

    Each area of the coordination and implementation layers had one small
    project this year: most ran inside the last six months, one (counter
    service training) ran from January to April, one (the sourdough
    subscription) finished in August.  Maya, the owner, holds all four
    mindsets; feedback is filed evenly in the four folders.  A loyalty card
    was agreed and left at the default status, planned.  Nobody has
    assessed the areas.
    """
    rng = random.Random(3)
    f, p = Foundation, Practice
    initiatives = [
        _project(
            "values", "Write down our baking values", f.ORGANISATIONAL_ATTITUDES.area, 150, 110
        ),
        _project("counter", "Counter service training", f.PEOPLE_BEHAVIOURS.area, 294, 194),
        _project("regulars", "Regulars' preferences notebook", f.KNOWING_CUSTOMERS.area, 244, None),
        _project("sourdough", "Sourdough subscription", f.INCREASING_VALUE.area, 174, 62),
        _project("rota", "Early-shift rota", p.EMPLOYEE_EXPERIENCE.area, 272, 123, owner="Kitchen"),
        _project("allergens", "Allergy labels on every shelf", p.CUSTOMER_CARE.area, 213, None),
        _project("cards", "Comment cards at the till", p.CUSTOMER_FEEDBACK.area, 169, None),
        _project("window", "Window display refresh", p.CUSTOMER_EXPERIENCE.area, 60, 21),
        Initiative(
            id="stamps",
            title="Loyalty stamp card",
            area=f.INCREASING_VALUE.area,
            owner="Shop",
        ),
    ]
    touchpoints = [
        Touchpoint(
            id="counter",
            name="Shop counter",
            channel=Channel.IN_PERSON,
            stage=Stage.PURCHASE,
            pillars=set(Pillar),
            owner="Shop",
        ),
        Touchpoint(
            id="instagram",
            name="Instagram",
            channel=Channel.SOCIAL,
            stage=Stage.PRE_PURCHASE,
            pillars={_M, _E},
            owner="Shop",
        ),
        Touchpoint(
            id="orders",
            name="Celebration-cake orders",
            channel=Channel.PHONE,
            stage=Stage.PURCHASE,
            pillars={_D, _I},
            owner="Kitchen",
        ),
        Touchpoint(
            id="reviews",
            name="Online reviews",
            channel=Channel.WEB,
            stage=Stage.POST_PURCHASE,
            pillars={_I, _M},
            owner="Shop",
        ),
    ]
    feedback = _feedback(
        rng,
        120,
        prefix="cc",
        touchpoints=touchpoints,
        folders=list(FeedbackFolder),
        kinds={FeedbackKind.BILL: 10, FeedbackKind.ROUTINE: 50, FeedbackKind.GIFT: 40},
        days=170,
    )
    responsibilities = [
        Responsibility(holder="Maya Osei", mindset=m, department="Shop", share=0.25)
        for m in Mindset
    ]
    return Framework(
        name="Crumb & Co.",
        departments=[
            Department(
                name="Shop",
                objective="Everyone leaves with what they came for, and a smile",
                measures=counted("Sunday sell-outs", "repeat customers"),
            ),
            Department(
                name="Kitchen", objective="Bake it fresh, bake it right", measures=counted("waste")
            ),
        ],
        touchpoints=touchpoints,
        initiatives=initiatives,
        feedback=feedback,
        responsibilities=responsibilities,
    )


def startup(*, constructive_share: float = 0.6) -> Framework:
    """Loopwise: an app startup where nobody holds the functional or the emotional mindset.

    Work and feedback are spread evenly; the founder holds the constructive
    mindset (``constructive_share`` of her time), and the two support
    engineers both hold the operational one.
    """
    rng = random.Random(5)
    touchpoints = [
        Touchpoint(
            id="app",
            name="The app",
            channel=Channel.APP,
            stage=Stage.PURCHASE,
            pillars=set(Pillar),
            owner="Product",
        ),
        Touchpoint(
            id="site",
            name="Landing page",
            channel=Channel.WEB,
            stage=Stage.PRE_PURCHASE,
            pillars=set(Pillar),
            owner="Growth",
        ),
        Touchpoint(
            id="help",
            name="Help chat",
            channel=Channel.CHAT,
            stage=Stage.POST_PURCHASE,
            pillars=set(Pillar),
            owner="Support",
        ),
    ]
    initiatives = [
        Initiative(
            id=f"lw-{a.index}",
            title=f"Sprint goal: {a.title}",
            area=a,
            owner="Product",
            status=_ACTIVE,
            started=_days_ago(40),
            effort=2,
            step=ImprovementStep.FIX,
        )
        for a in _WORK_AREAS
    ]
    feedback = _feedback(
        rng,
        400,
        prefix="lw",
        touchpoints=touchpoints,
        folders=list(FeedbackFolder),
        kinds={FeedbackKind.BILL: 15, FeedbackKind.ROUTINE: 60, FeedbackKind.GIFT: 25},
        days=90,
    )
    responsibilities = [
        Responsibility(
            holder="Ines Duarte",
            mindset=Mindset.CONSTRUCTIVE,
            department="Product",
            share=constructive_share,
        ),
        Responsibility(
            holder="Ravi Mehta", mindset=Mindset.OPERATIONAL, department="Support", share=0.5
        ),
        Responsibility(
            holder="Lena Vogel", mindset=Mindset.OPERATIONAL, department="Support", share=0.5
        ),
    ]
    return Framework(
        name="Loopwise",
        departments=[
            Department(name=name, objective=objective, measures=counted(measure))
            for name, objective, measure in (
                ("Product", "An app people recommend", "app-store rating"),
                ("Growth", "Customers who stay", "90-day retention"),
                ("Support", "Answers within the hour", "first-response time"),
            )
        ],
        touchpoints=touchpoints,
        initiatives=initiatives,
        feedback=feedback,
        responsibilities=responsibilities,
    )


def even_shop() -> Framework:
    """Evenwell Outfitters: every area, folder, mindset, pillar and stage looked after equally."""
    rng = random.Random(1)
    satisfied = Measure(name="CSAT", kind=MeasureKind.SCORE, scale="csat", target=80)
    departments = [
        Department(
            name=name,
            objective="Customers leave better equipped",
            measures=(satisfied,),
            # Each department meets its target, and measures it every month.
            measurements=[
                Measurement(measure="CSAT", value=84 + n, on=_days_ago(30 * n)) for n in range(3)
            ],
        )
        for name in ("Store", "Online", "Workshop", "People")
    ]
    touchpoints = [
        Touchpoint(
            id=f"tp-{stage.value}-{i}",
            name=f"{stage.title} point {i}",
            channel=[Channel.IN_PERSON, Channel.WEB][i],
            stage=stage,
            pillars=set(Pillar),
            owner=departments[(stage.index + i) % 4].name,
        )
        for stage in Stage
        for i in range(2)
    ]
    initiatives = [
        Initiative(
            id=f"ev-{a.index}",
            title=f"Programme: {a.title}",
            area=a,
            owner=departments[a.pillar.index].name,
            status=_ACTIVE,
            started=_days_ago(100),
            effort=3,
            step=ImprovementStep.MEASURE,
        )
        for a in AREAS
    ]
    feedback = _feedback(
        rng,
        800,
        prefix="ev",
        touchpoints=touchpoints,
        folders=list(FeedbackFolder),
        kinds={FeedbackKind.ROUTINE: 60, FeedbackKind.GIFT: 30, FeedbackKind.BILL: 10},
        days=150,
        # As satisfied as the departments' CSAT says: 17 in 18 of the rest give 4 or 5.
        satisfied=(3, *[4] * 5, *[5] * 12),
    )
    responsibilities = [
        Responsibility(holder=f"{m.word} lead", mindset=m, department=d.name, share=0.5)
        for m, d in zip(Mindset, departments, strict=True)
    ]
    assessments = [Assessment(area=a, score=4, on=_days_ago(20)) for a in AREAS]
    return Framework(
        name="Evenwell Outfitters",
        departments=departments,
        touchpoints=touchpoints,
        initiatives=initiatives,
        feedback=feedback,
        responsibilities=responsibilities,
        assessments=assessments,
    )


def furniture() -> Framework:
    """Fernbrook Furniture: an online furniture shop, well run, with two scoring problems.

    What is true, written before any check: every area, folder, mindset and
    stage is looked after (an even shop's records); 7,200 pieces of feedback
    came in over the last year, evenly over nine touchpoints, six in ten
    scored on CSAT and the rest on NPS.  The returns desk is where customers
    are unhappy, all year, on both scales: far below the other post-purchase
    touchpoints.  The assembly service moved to a subcontractor on 1 August
    2026, and its CSAT has been lower since; its NPS did not move.  Nothing
    else about the scores stands out: no other touchpoint, and not the shop
    as a whole, is clearly worse than its stage or than before.  Each department
    reports, at the end of each of the last three months, the CSAT its own
    touchpoints' customers gave that month, and sets no target.
    """
    shop = even_shop()
    rng = random.Random(13)
    post, pre, buy = Stage.POST_PURCHASE, Stage.PRE_PURCHASE, Stage.PURCHASE
    web, person, phone = Channel.WEB, Channel.IN_PERSON, Channel.PHONE
    owners = [d.name for d in shop.departments]
    touchpoints = [
        Touchpoint(id=i, name=n, channel=c, stage=st, pillars=set(Pillar), owner=owners[k % 4])
        for k, (i, n, c, st) in enumerate(
            [
                ("website", "Website", web, pre),
                ("showroom", "Showroom", person, pre),
                ("catalogue", "Catalogue requests", Channel.MAIL, pre),
                ("checkout", "Online checkout", web, buy),
                ("phone-orders", "Phone orders", phone, buy),
                ("delivery", "Two-person delivery", person, post),
                ("assembly", "Assembly service", person, post),
                ("returns", "Returns desk", phone, post),
                ("support-chat", "Support chat", Channel.CHAT, post),
            ]
        )
    ]
    changed = datetime(2026, 8, 1, tzinfo=UTC)
    kinds = {FeedbackKind.ROUTINE: 60, FeedbackKind.GIFT: 28, FeedbackKind.BILL: 12}
    csat = {
        FeedbackKind.ROUTINE: (3, 4, 4, 5, 5),
        FeedbackKind.GIFT: (4, 5, 5),
        _BILL: (1, 2, 2, 3),
    }
    subcontracted = {
        FeedbackKind.ROUTINE: (2, 3, 3, 4, 5),
        FeedbackKind.GIFT: (4, 4, 5),
        _BILL: (1, 1, 2),
    }
    nps = {
        FeedbackKind.ROUTINE: (6, 7, 8, 9, 9, 10),
        FeedbackKind.GIFT: (9, 10, 10),
        _BILL: (0, 2, 4, 5, 6),
    }
    folders = list(FeedbackFolder)
    feedback = []
    for n in range(7200):
        tp = touchpoints[n % len(touchpoints)]
        kind = _weighted(rng, kinds)
        received = NOW - timedelta(minutes=rng.randrange(1, 365 * 24 * 60))
        if rng.random() < 0.6:
            after = tp.id == "assembly" and received >= changed
            value = rng.choice((subcontracted if after else csat)[kind])
            score = Score(scale="csat", value=max(1, value - 1) if tp.id == "returns" else value)
        else:
            value = rng.choice(nps[kind])
            score = Score(scale="nps", value=max(0, value - 3) if tp.id == "returns" else value)
        feedback.append(
            Feedback(
                id=f"fb-{n:05d}",
                received=received,
                kind=kind,
                folder=folders[n % 4],
                touchpoint=tp.id,
                channel=tp.channel,
                score=score,
            )
        )
    return attrs.evolve(
        shop,
        name="Fernbrook Furniture",
        touchpoints=touchpoints,
        feedback=feedback,
        departments=_reporting_csat(shop.departments, touchpoints, feedback),
    )


def _reporting_csat(
    departments: Sequence[Department], touchpoints: Sequence[Touchpoint], feedback: list[Feedback]
) -> list[Department]:
    """The departments, each measuring the CSAT its touchpoints' customers gave, month by month.

    A measurement on each of the last three month-ends: the share of the month's CSAT
    responses at the department's touchpoints that gave 4 or 5, with no target.
    """
    csat = Measure(name="CSAT", kind=MeasureKind.SCORE, scale="csat")
    owner = {t.id: t.owner for t in touchpoints}
    ends = [date(2026, 10, 31), date(2026, 9, 30), date(2026, 8, 31)]
    out = []
    for d in departments:
        readings = []
        for end in ends:
            values = [
                f.score.value
                for f in feedback
                if f.score is not None
                and f.score.scale == "csat"
                and owner.get(f.touchpoint or "") == d.name
                and (end.year, end.month) == (f.received.year, f.received.month)
            ]
            share = 100 * sum(v >= 4 for v in values) / len(values)
            readings.append(Measurement(measure=csat.name, value=round(share, 1), on=end))
        out.append(attrs.evolve(d, measures=(csat,), measurements=readings))
    return out


def courier() -> Framework:
    """Swiftline Parcels: an even organisation whose loop stays open.

    It looks after every area as evenly as :func:`even_shop`, but the depot misses
    its on-time target and is getting worse, the web team set a CSAT target and
    stopped measuring it, a few complaints were never filed, assigned or answered
    by any work, and of the two projects finished this autumn only one recorded
    what it moved.
    """
    shop = even_shop()
    on_time = Measure(name="on-time delivery", kind=MeasureKind.RATE, unit="%", target=95)
    web_csat = Measure(name="web CSAT", kind=MeasureKind.SCORE, scale="csat", target=80)
    depot = attrs.evolve(
        shop.departments[0],
        name="Depot",
        measures=(on_time,),
        measurements=[
            Measurement(measure=on_time.name, value=value, on=_days_ago(days))
            for days, value in ((120, 94.0), (90, 93.0), (60, 91.5), (30, 90.0))
        ],
    )
    web = attrs.evolve(
        shop.departments[1],
        name="Web",
        measures=(web_csat,),
        measurements=[Measurement(measure=web_csat.name, value=83, on=_days_ago(400))],
    )
    renamed = {"Store": "Depot", "Online": "Web"}
    departments = [depot, web, *shop.departments[2:]]
    touchpoints = [
        attrs.evolve(t, owner=renamed.get(t.owner or "", t.owner)) for t in shop.touchpoints
    ]
    # One complaint in 25 is left in no folder, with nobody and no work answering it.
    bills = [f for f in shop.feedback if f.kind is FeedbackKind.BILL]
    unanswered = {f.id for f in bills[::25]}
    feedback = [attrs.evolve(f, folder=None) if f.id in unanswered else f for f in shop.feedback]
    initiatives = [
        attrs.evolve(i, owner=renamed.get(i.owner or "", i.owner)) for i in shop.initiatives
    ]
    # Two projects finished ten days ago: the depot's rerouting says what it moved, the
    # web team's does not.
    initiatives[0] = attrs.evolve(
        initiatives[0],
        status=_DONE,
        finished=_days_ago(10),
        owner="Depot",
        outcome=Outcome(measure=on_time.name, before=94.0, after=90.0, measured_on=_days_ago(30)),
        # It answers two filed complaints about late parcels: the courier records who
        # takes complaints on.
        addresses=(bills[1].id, bills[2].id),
    )
    initiatives[1] = attrs.evolve(
        initiatives[1],
        status=_DONE,
        finished=_days_ago(10),
        owner="Web",
        step=ImprovementStep.DELIVER,
    )
    responsibilities = [
        attrs.evolve(r, department=renamed.get(r.department or "", r.department))
        for r in shop.responsibilities
    ]
    return attrs.evolve(
        shop,
        name="Swiftline Parcels",
        departments=departments,
        touchpoints=touchpoints,
        feedback=feedback,
        initiatives=initiatives,
        responsibilities=responsibilities,
    )


# The analyst's organisations.  Three organisations modelled as a new user would, with
# what is really true of each written down before any check: a group of three clinics,
# a product-led software company and a group of four hotels.  Each is observed on
# 31 October 2026 with records from 1 November 2024; feedback is drawn from seeded
# generators, day by day, so every run builds the same documents.

_START = date(2024, 11, 1)
_AS_OF = date(2026, 10, 31)
_PRE, _BUY, _POST = Stage.PRE_PURCHASE, Stage.PURCHASE, Stage.POST_PURCHASE
_JUNK, _BILL = FeedbackKind.JUNK, FeedbackKind.BILL
_ROUTINE, _GIFT = FeedbackKind.ROUTINE, FeedbackKind.GIFT
_LISTEN, _INSIGHT, _IMPROVE, _PLAN = FeedbackFolder
_PLANNED, _DROPPED = InitiativeStatus.PLANNED, InitiativeStatus.DROPPED
_STEP = ImprovementStep
_AREA = {
    "attitudes": Foundation.ORGANISATIONAL_ATTITUDES.area,
    "behaviours": Foundation.PEOPLE_BEHAVIOURS.area,
    "knowing": Foundation.KNOWING_CUSTOMERS.area,
    "value": Foundation.INCREASING_VALUE.area,
    "employee": Practice.EMPLOYEE_EXPERIENCE.area,
    "care": Practice.CUSTOMER_CARE.area,
    "fbintel": Practice.CUSTOMER_FEEDBACK.area,
    "innovation": Practice.CUSTOMER_EXPERIENCE.area,
    "listening": _LISTEN.area,
    "insights": _INSIGHT.area,
    "improving": _IMPROVE.area,
    "planning": _PLAN.area,
    "functional": Mindset.FUNCTIONAL.area,
    "operational": Mindset.OPERATIONAL.area,
    "emotional": Mindset.EMOTIONAL.area,
    "constructive": Mindset.CONSTRUCTIVE.area,
}

#: Kinds of feedback with their weights; the texts a customer may write, per kind.
_Kinds = dict[FeedbackKind, int]
_Texts = dict[FeedbackKind, list[str]]
#: A score drawn for a kind of feedback.
_Scorer = Callable[[random.Random, FeedbackKind], "Score | None"]
#: The folder a piece of feedback is filed in (None: not filed), by kind, touchpoint and day.
_Filer = Callable[[random.Random, FeedbackKind, str, date], "FeedbackFolder | None"]
#: The site a piece of feedback concerns, by touchpoint, or None.
_Siter = Callable[[random.Random, str], "str | None"]


class _Voice(NamedTuple):
    """How customers speak through one touchpoint."""

    weight: int
    kinds: _Kinds
    texts: _Texts
    live_from: date
    channel: Channel
    score: _Scorer | None = None


def _day(text: str) -> date:
    return date.fromisoformat(text)


_Row = tuple[str, str, str, InitiativeStatus, str | None, str | None, int, ImprovementStep | None]


def _work(prefix: str, rows: list[_Row]) -> list[Initiative]:
    """Initiatives from rows of (area, title, owner, status, started, finished, effort, step)."""
    return [
        Initiative(
            id=f"{prefix}-{n:03d}",
            title=title,
            area=_AREA[area],
            owner=owner,
            status=status,
            started=_day(started) if started else None,
            finished=_day(finished) if finished else None,
            effort=effort,
            step=step,
        )
        for n, (area, title, owner, status, started, finished, effort, step) in enumerate(rows, 1)
    ]


_Point = tuple[str, str, Channel, Stage, set[Pillar], str | None]


def _points(rows: list[_Point]) -> list[Touchpoint]:
    return [
        Touchpoint(id=i, name=name, channel=channel, stage=stage, pillars=pillars, owner=owner)
        for i, name, channel, stage, pillars, owner in rows
    ]


def _scores(rows: list[tuple[str, float, str]], assessor: str) -> list[Assessment]:
    return [
        Assessment(area=_AREA[area], score=score, on=_day(on), assessor=assessor)
        for area, score, on in rows
    ]


def _poisson(rng: random.Random, lam: float) -> int:
    """A Poisson draw (Knuth's method; the rates are a few items a day)."""
    limit, k, p = math.exp(-lam), 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1


def _weighted(rng: random.Random, options: Mapping[_K, float]) -> _K:
    keys = list(options)
    return rng.choices(keys, weights=[options[k] for k in keys], k=1)[0]


def _season(day: date, peaks: Mapping[int, float]) -> float:
    return peaks.get(day.month, 1.0)


def _voices(
    spec: Mapping[str, tuple[int, _Kinds, _Texts, str]],
    touchpoints: list[Touchpoint],
    scores: Mapping[str, _Scorer],
) -> dict[str, _Voice]:
    channels = {t.id: t.channel for t in touchpoints}
    return {
        tp: _Voice(weight, kinds, texts, _day(live), channels[tp], scores.get(tp))
        for tp, (weight, kinds, texts, live) in spec.items()
    }


def _heard(
    *,
    seed: int,
    prefix: str,
    tz: tzinfo,
    daily_rate: Callable[[date], float],
    voices: Mapping[str, _Voice],
    file_it: _Filer,
    hours: tuple[int, int] = (8, 19),
    site_of: _Siter | None = None,
) -> list[Feedback]:
    """Feedback day by day from 1 November 2024 to the day observed, numbered by time.

    Each day draws how many items arrive, then for each its touchpoint, kind,
    moment, text, score, site and folder, in that order, from one seeded
    generator.  The day observed gets at least one item.
    """
    rng = random.Random(seed)
    drawn = []
    day = _START
    while day <= _AS_OF:
        n = _poisson(rng, daily_rate(day))
        if day == _AS_OF:
            n = max(n, 1)
        live = {tp: v for tp, v in voices.items() if v.live_from <= day}
        for _ in range(n):
            tp = _weighted(rng, {k: v.weight for k, v in live.items()})
            voice = live[tp]
            kind = _weighted(rng, voice.kinds)
            secs = rng.randrange(hours[0] * 3600, hours[1] * 3600)
            when = datetime.combine(day, time(0), tzinfo=tz) + timedelta(seconds=secs)
            text = rng.choice(voice.texts[kind])
            score = voice.score(rng, kind) if voice.score is not None else None
            meta: dict[str, JSONValue] = {}
            if site_of is not None:
                site = site_of(rng, tp)
                if site:
                    meta["site"] = site
            folder = file_it(rng, kind, tp, day)
            drawn.append((when, kind, folder, tp, voice.channel, text, score, meta))
        day += timedelta(days=1)
    drawn.sort(key=lambda item: item[0])
    return [
        Feedback(
            id=f"{prefix}-{n:05d}",
            received=when,
            kind=kind,
            folder=folder,
            touchpoint=tp,
            channel=channel,
            text=text,
            score=score,
            metadata=meta,
        )
        for n, (when, kind, folder, tp, channel, text, score, meta) in enumerate(drawn, 1)
    ]


def _scorer(scale: str, gift: list[int], routine: list[int], bill: list[int]) -> _Scorer:
    """A score per kind; a draw is made for every kind, whichever is scored (junk gets none)."""

    def score(rng: random.Random, kind: FeedbackKind) -> Score | None:
        drawn = {_GIFT: rng.choice(gift), _ROUTINE: rng.choice(routine), _BILL: rng.choice(bill)}
        value = drawn.get(kind)
        return None if value is None else Score(scale=scale, value=value)

    return score


def _stars(rng: random.Random, kind: FeedbackKind) -> Score | None:
    """Review stars, one to five: a draw only for routine and complaints (gifts get 5, junk none)."""
    drawn = {_GIFT: 5, _ROUTINE: rng.choice([3, 4]), _BILL: rng.choice([1, 2])}
    value = drawn.get(kind)
    return None if value is None else Score(scale="csat", value=value)


def clinic() -> Framework:  # noqa: C901 - its filing habits are nested, as written
    """Harbourside Clinics: three outpatient sites, strong in care, weak in planning for customers.

    People behaviours and customer care are the clinic's real strength, and
    the operational mindset is well held.  Nobody owns the 'Planning for
    customers' folder: four suggestions were filed there in spring 2025 and
    nothing since.  The constructive mindset is the chief executive's, at a
    tenth of his time.  Nobody owns the web and booking touchpoints, so half
    their feedback is never filed.  'Customer feedback for intelligence' has
    had nothing under way since its dashboard project ended on 29 May 2026,
    and nothing is planned.  Leadership walk-rounds keep 'Organisational
    attitudes' going on little effort, and it is assessed about as well as
    the rest.
    """
    tz = ZoneInfo("Europe/London")
    departments = [
        Department(
            name="Front desk",
            objective="Every patient greeted, booked and checked in without friction",
            measures=counted("check-in wait time", "call answer rate", "front-desk survey score"),
        ),
        Department(
            name="Nursing",
            objective="Patients feel cared for and informed at every visit",
            measures=counted("patient-reported care score", "triage wait time"),
        ),
        Department(
            name="Medical",
            objective="Clear explanations and safe, timely treatment",
            measures=counted("consultation survey score", "follow-up completion rate"),
        ),
        Department(name="Billing & insurance", objective="No surprises on the bill"),
        Department(
            name="Operations",
            objective="Three sites that run the same way",
            measures=counted("complaints per 1,000 visits", "site audit score"),
        ),
        Department(name="Marketing"),
        Department(
            name="HR",
            objective="Staff who stay and have time to care",
            measures=counted("staff turnover", "training hours per head"),
        ),
        Department(
            name="Executive",
            objective="Grow through patient trust",
            measures=counted("new patients per month"),
        ),
    ]
    web, phone, mail, email = Channel.WEB, Channel.PHONE, Channel.MAIL, Channel.EMAIL
    desk, social = Channel.IN_PERSON, Channel.SOCIAL
    touchpoints = _points(
        [
            ("website", "Clinic website", web, _PRE, {_E}, None),
            ("online-booking", "Online booking", web, _PRE, {_E, _I}, None),
            ("booking-app", "Patient app (booking)", Channel.APP, _PRE, {_E}, None),
            ("sms-reminders", "Appointment reminder texts", Channel.OTHER, _PRE, {_E}, None),
            ("phone-booking", "Booking line", phone, _PRE, {_I, _D}, "Front desk"),
            ("referrals", "GP referral letters", mail, _PRE, {_D}, "Medical"),
            (
                "price-enquiry",
                "Price and insurance enquiries",
                email,
                _PRE,
                {_E},
                "Billing & insurance",
            ),
            ("facebook", "Facebook page", social, _PRE, {_M}, "Marketing"),
            ("reception-northgate", "Reception, Northgate", desk, _BUY, {_D, _I}, "Front desk"),
            ("reception-riverside", "Reception, Riverside", desk, _BUY, {_D, _I}, "Front desk"),
            ("reception-eastfield", "Reception, Eastfield", desk, _BUY, {_D, _I}, "Front desk"),
            ("waiting-area", "Waiting areas", desk, _BUY, {_E}, "Operations"),
            ("nurse-triage", "Nurse triage", desk, _BUY, {_I, _M}, "Nursing"),
            ("consultation", "Consultation", desk, _BUY, {_I, _M}, "Medical"),
            ("treatment-room", "Treatment room", desk, _BUY, {_I}, "Nursing"),
            ("diagnostics", "Blood tests and imaging", desk, _BUY, {_I, _E}, "Medical"),
            ("payment-desk", "Payment at the desk", desk, _BUY, {_E}, "Billing & insurance"),
            ("parking", "Parking and access", desk, _BUY, {_E}, "Operations"),
            ("results-portal", "Results portal", web, _POST, {_E}, "Medical"),
            ("follow-up-call", "Nurse follow-up call", phone, _POST, {_I, _M}, "Nursing"),
            ("prescriptions", "Repeat prescriptions line", phone, _POST, {_I}, "Medical"),
            ("invoice-email", "Invoices by email", email, _POST, {_E}, "Billing & insurance"),
            (
                "insurance-claims",
                "Insurance claim support",
                email,
                _POST,
                {_E, _I},
                "Billing & insurance",
            ),
            ("survey", "Post-visit survey", email, _POST, {_M}, "Operations"),
            ("google-reviews", "Google reviews", social, _POST, {_M}, "Marketing"),
            ("complaint-letters", "Written complaints", mail, _POST, {_D}, "Operations"),
        ]
    )
    s = _STEP
    initiatives = _work(
        "cl",
        [
            ("attitudes", "Patient-first values charter", "Executive", _DONE, "2025-01-13", "2025-04-30", 4, s.REINFORCE),
            ("attitudes", "Leadership walk-rounds at each site", "Operations", _ACTIVE, "2026-03-02", None, 2, s.DELIVER),
            ("behaviours", "Front-desk welcome standards", "Front desk", _DONE, "2024-11-04", "2025-02-28", 6, s.MEASURE),
            ("behaviours", "Nurse communication coaching, cohort 1", "Nursing", _DONE, "2025-03-03", "2025-07-11", 8, s.MEASURE),
            ("behaviours", "Phone manner refresh for the booking line", "Front desk", _DONE, "2025-06-02", "2025-08-29", 3, s.MEASURE),
            ("behaviours", "Nurse communication coaching, cohort 2", "Nursing", _DONE, "2025-09-08", "2026-01-30", 8, s.REINFORCE),
            ("behaviours", "Dignity and privacy at reception", "Front desk", _ACTIVE, "2026-04-13", None, 5, s.DELIVER),
            ("behaviours", "Nurse communication coaching, cohort 3", "Nursing", _ACTIVE, "2026-08-31", None, 8, s.DELIVER),
            ("behaviours", "Breaking bad news: training for doctors", "Medical", _PLANNED, None, None, 4, None),
            ("knowing", "Patient survey redesign", "Operations", _DONE, "2025-02-03", "2025-05-30", 3, s.MEASURE),
            ("knowing", "Patient journey mapping at Riverside", "Nursing", _DONE, "2025-10-06", "2026-01-23", 4, s.FIX),
            ("knowing", "Chronic-care patient profiles", "Medical", _ACTIVE, "2026-06-01", None, 3, s.KNOW_NEED),
            ("value", "Chronic-care membership package", "Executive", _DROPPED, "2025-05-12", "2025-09-19", 3, s.KNOW_NEED),
            ("value", "Same-day results offer", "Medical", _ACTIVE, "2026-06-15", None, 3, s.DELIVER),
            ("employee", "New-starter buddy scheme", "HR", _DONE, "2024-11-11", "2025-03-28", 4, s.MEASURE),
            ("employee", "Rota fairness review", "HR", _DONE, "2025-04-07", "2025-09-26", 5, s.REINFORCE),
            ("employee", "Wellbeing survey for clinical staff", "HR", _DONE, "2026-02-02", "2026-04-24", 2, s.MEASURE),
            ("employee", "Staff recognition programme", "HR", _ACTIVE, "2025-11-03", None, 4, s.DELIVER),
            ("care", "Check-in wait under ten minutes", "Front desk", _DONE, "2024-11-04", "2025-04-25", 8, s.MEASURE),
            ("care", "Callback within two hours", "Front desk", _DONE, "2025-03-10", "2025-08-15", 6, s.REINFORCE),
            ("care", "Complaint handling procedure", "Operations", _DONE, "2025-07-07", "2025-12-12", 5, s.MEASURE),
            ("care", "Interpreter service", "Nursing", _DONE, "2025-10-13", "2026-02-27", 3, s.MEASURE),
            ("care", "Accessible care at Eastfield", "Operations", _ACTIVE, "2026-01-12", None, 6, s.FIX),
            ("care", "Nurse-led follow-up calls", "Nursing", _ACTIVE, "2026-05-04", None, 7, s.DELIVER),
            ("fbintel", "Post-visit survey by email", "Operations", _DONE, "2024-12-02", "2025-06-13", 5, s.MEASURE),
            ("fbintel", "Feedback dashboard for site managers", "Operations", _DONE, "2025-07-14", "2026-05-29", 6, s.MEASURE),
            ("innovation", "Online booking launch", "Executive", _DONE, "2025-01-06", "2025-06-06", 10, s.DELIVER),
            ("innovation", "Appointment reminder texts", "Front desk", _DONE, "2025-04-07", "2025-06-06", 2, s.DELIVER),
            ("innovation", "Self check-in kiosk pilot, Northgate", "Front desk", _ACTIVE, "2026-07-06", None, 5, s.DELIVER),
            ("innovation", "Patient app redesign", "Executive", _PLANNED, None, None, 8, None),
        ],
    )  # fmt: skip
    held = [
        ("Site manager, Northgate", Mindset.FUNCTIONAL, "Operations", 0.3),
        ("Site manager, Riverside", Mindset.FUNCTIONAL, "Operations", 0.3),
        ("Site manager, Eastfield", Mindset.FUNCTIONAL, "Operations", 0.3),
        ("Clinical governance lead", Mindset.FUNCTIONAL, "Medical", 0.2),
        ("Front-desk supervisor, Northgate", Mindset.OPERATIONAL, "Front desk", 0.5),
        ("Front-desk supervisor, Riverside", Mindset.OPERATIONAL, "Front desk", 0.5),
        ("Front-desk supervisor, Eastfield", Mindset.OPERATIONAL, "Front desk", 0.5),
        ("Lead nurse", Mindset.OPERATIONAL, "Nursing", 0.5),
        ("Senior nurse, Eastfield", Mindset.OPERATIONAL, "Nursing", 0.4),
        ("Patient experience nurse", Mindset.EMOTIONAL, "Nursing", 0.3),
        ("Quality and audit officer", Mindset.EMOTIONAL, "Operations", 0.3),
        ("Chief executive", Mindset.CONSTRUCTIVE, "Executive", 0.1),
    ]
    responsibilities = [
        Responsibility(holder=holder, mindset=mindset, department=department, share=share)
        for holder, mindset, department, share in held
    ]
    common_junk = [
        "Do you sell gift cards?",
        "Wrong number, sorry",
        "Is this the dentist?",
        "Test",
        "Unsubscribe",
    ]
    web_texts = {
        _JUNK: [*common_junk, "Spam enquiry about SEO services"],
        _BILL: [
            "Online booking showed a slot that did not exist",
            "Could not find opening hours for Eastfield",
            "Booking page crashed at payment",
            "Cancelled online but still got charged the no-show fee",
            "App logged me out three times",
            "Reminder text had the wrong site",
        ],
        _ROUTINE: [
            "Booked fine",
            "Can I book for my son too?",
            "Where do I park?",
            "Please add evening slots online",
        ],
        _GIFT: ["Booking online took two minutes, brilliant", "Love the reminder texts"],
    }
    care_texts = {
        _JUNK: common_junk,
        _BILL: [
            "Waited 40 minutes past my appointment time",
            "Nobody told me the doctor was running late",
            "Receptionist discussed my details in front of others",
            "Had to repeat my history three times",
            "Results took two weeks and nobody called",
        ],
        _ROUTINE: [
            "Appointment was fine",
            "Please send the letter to my GP",
            "Can I change my appointment?",
            "Asked about a fit note",
            "Nurse explained the next steps",
        ],
        _GIFT: [
            "The nurse was so kind to my mother",
            "Front desk remembered my name, lovely",
            "Dr Okafor took time to explain everything",
            "Best clinic experience I have had",
            "Thank you to the Eastfield team for staying late",
        ],
    }
    money_texts = {
        _JUNK: common_junk,
        _BILL: [
            "Invoice did not match the quoted price",
            "Insurer says the clinic never sent the claim",
            "Charged for a test I did not have",
            "Could not get a price before booking",
        ],
        _ROUTINE: [
            "Please resend my invoice",
            "Which insurers do you accept?",
            "Receipt needed for my employer",
        ],
        _GIFT: ["Billing team sorted my claim in a day"],
    }
    site_texts = {
        _JUNK: common_junk,
        _BILL: [
            "Nowhere to park at Riverside",
            "Waiting room was cold",
            "Lift out of order at Northgate",
        ],
        _ROUTINE: ["Water machine empty", "Please add a children's corner"],
        _GIFT: ["Waiting room is calm and clean"],
    }
    social_texts = {
        _JUNK: [*common_junk, "Follow us for free followers"],
        _BILL: ["One star: kept waiting and nobody apologised", "Rude on the phone"],
        _ROUTINE: ["Are you open on bank holidays?"],
        _GIFT: ["Five stars, caring staff", "Highly recommend the nurses at Northgate"],
    }

    def kinds(junk: int, bill: int, routine: int, gift: int) -> _Kinds:
        return {_JUNK: junk, _BILL: bill, _ROUTINE: routine, _GIFT: gift}

    first = "2024-11-01"
    spec = {
        "website": (3, kinds(4, 3, 3, 1), web_texts, first),
        "online-booking": (5, kinds(1, 4, 3, 2), web_texts, "2025-06-06"),
        "booking-app": (3, kinds(1, 4, 3, 1), web_texts, "2025-06-06"),
        "sms-reminders": (2, kinds(2, 2, 4, 2), web_texts, "2025-06-06"),
        "phone-booking": (8, kinds(1, 2, 6, 2), care_texts, first),
        "referrals": (2, kinds(0, 1, 8, 1), care_texts, first),
        "price-enquiry": (3, kinds(2, 2, 6, 0), money_texts, first),
        "facebook": (2, kinds(5, 2, 2, 3), social_texts, first),
        "reception-northgate": (8, kinds(0, 2, 5, 4), care_texts, first),
        "reception-riverside": (7, kinds(0, 2, 5, 4), care_texts, first),
        "reception-eastfield": (6, kinds(0, 2, 5, 4), care_texts, first),
        "waiting-area": (3, kinds(1, 4, 3, 2), site_texts, first),
        "nurse-triage": (6, kinds(0, 1, 4, 5), care_texts, first),
        "consultation": (8, kinds(0, 2, 4, 4), care_texts, first),
        "treatment-room": (4, kinds(0, 1, 4, 5), care_texts, first),
        "diagnostics": (4, kinds(0, 3, 5, 2), care_texts, first),
        "payment-desk": (3, kinds(0, 3, 6, 1), money_texts, first),
        "parking": (2, kinds(0, 6, 3, 1), site_texts, first),
        "results-portal": (3, kinds(0, 4, 5, 1), web_texts, first),
        "follow-up-call": (3, kinds(0, 1, 4, 5), care_texts, "2026-05-04"),
        "prescriptions": (3, kinds(0, 2, 7, 1), care_texts, first),
        "invoice-email": (3, kinds(1, 4, 5, 0), money_texts, first),
        "insurance-claims": (3, kinds(0, 5, 4, 1), money_texts, first),
        "survey": (10, kinds(1, 2, 5, 3), care_texts, "2025-06-13"),
        "google-reviews": (3, kinds(1, 3, 1, 5), social_texts, first),
        "complaint-letters": (1, kinds(0, 9, 1, 0), care_texts, first),
    }
    one_to_five = _scorer("csat", [5, 5, 4], [3, 4, 4], [1, 2, 2, 3])
    voices = _voices(spec, touchpoints, {"survey": one_to_five, "google-reviews": one_to_five})
    digital = {"website", "online-booking", "booking-app", "sms-reminders"}
    survey_redesign = (_day("2025-02-03"), _day("2025-04-11"))

    def file_it(  # noqa: PLR0911 - one return per filing habit
        rng: random.Random, kind: FeedbackKind, tp: str, day: date
    ) -> FeedbackFolder | None:
        # Nobody owns the web and booking touchpoints: half their feedback is never filed.
        if tp in digital and rng.random() < 0.5:
            return None
        if rng.random() < 0.08:  # the usual backlog
            return None
        if kind is _JUNK:
            return _LISTEN if rng.random() < 0.6 else None
        # A few suggestions went to planning while the survey redesign ran; none since.
        start, end = survey_redesign
        if kind is _ROUTINE and start <= day <= end and rng.random() < 0.08:
            return _PLAN
        if kind is _BILL:
            return _IMPROVE if rng.random() < 0.85 else _LISTEN
        if kind is _GIFT:
            return _INSIGHT if rng.random() < 0.7 else _LISTEN
        return _LISTEN if rng.random() < 0.75 else _INSIGHT

    sites = ["Northgate", "Riverside", "Eastfield"]
    no_site = {
        "website",
        "facebook",
        "google-reviews",
        "price-enquiry",
        "invoice-email",
        "insurance-claims",
    }

    def site_of(rng: random.Random, tp: str) -> str | None:
        if tp.startswith("reception-"):
            return tp.split("-", 1)[1].capitalize()
        if tp in no_site:
            return None
        return rng.choices(sites, weights=[40, 35, 25])[0]

    survey_live = _day("2025-06-13")

    def rate(day: date) -> float:
        r = 3.0 * _season(day, {1: 1.25, 2: 1.15, 8: 0.75, 12: 0.85})
        if day >= survey_live:  # the post-visit survey brings more feedback
            r *= 1.3
        return r if day.weekday() < 5 else r * 0.35

    feedback = _heard(
        seed=20261031,
        prefix="cl-fb",
        tz=tz,
        daily_rate=rate,
        voices=voices,
        file_it=file_it,
        site_of=site_of,
    )
    june_2025, june_2026 = "2025-06-20", "2026-06-19"
    assessments = _scores(
        [
            ("behaviours", 4.0, june_2025),
            ("care", 4.0, june_2025),
            ("listening", 3.5, june_2025),
            ("insights", 3.0, june_2025),
            ("improving", 3.0, june_2025),
            ("planning", 1.0, june_2025),
            ("operational", 4.0, june_2025),
            ("innovation", 3.0, june_2025),
            ("behaviours", 4.5, june_2026),
            ("care", 4.5, june_2026),
            ("attitudes", 3.0, june_2026),
            ("knowing", 3.0, june_2026),
            ("value", 2.0, june_2026),
            ("employee", 3.5, june_2026),
            ("fbintel", 3.0, june_2026),
            ("innovation", 2.5, june_2026),
            ("listening", 4.0, june_2026),
            ("insights", 3.5, june_2026),
            ("improving", 3.5, june_2026),
            ("planning", 1.0, june_2026),
            ("operational", 4.5, june_2026),
            ("constructive", 1.5, june_2026),
        ],
        assessor="Quality and audit officer",
    )
    return Framework(
        name="Harbourside Clinics",
        touchpoints=touchpoints,
        initiatives=initiatives,
        feedback=feedback,
        responsibilities=responsibilities,
        departments=departments,
        assessments=assessments,
        metadata={"sites": list(sites), "sector": "private outpatient care"},
    )


def saas() -> Framework:
    """Tessellate: product-led business software, heavy on product work, withering on culture.

    The product side runs a heavy, continuous programme in 'Customer
    experience for innovation' and 'Increasing the value for customers', and
    holds the constructive mindset strongly.  The Deliberate pillar is
    withering: one values refresh in early 2025, no employee-experience work
    ever (one idea left planned), and the functional mindset barely held.
    Support files every ticket in 'Listening to customers'; the other three
    folders never get anything, and the feedback the product side reads
    (surveys, reviews, calls) is almost never filed.  A churn-reason survey
    keeps 'Customer feedback for intelligence' going on little effort.
    """
    tz = UTC
    departments = [
        Department(
            name="Product",
            objective="Customers reach value in their first week and keep finding more",
            measures=counted("time to first value", "feature adoption", "NPS"),
        ),
        Department(
            name="Engineering",
            objective="A fast, reliable product",
            measures=counted("uptime", "p95 latency"),
        ),
        Department(
            name="Customer Success",
            objective="Accounts renew and grow",
            measures=counted("net revenue retention", "account health score"),
        ),
        Department(
            name="Support",
            objective="Every ticket resolved quickly and kindly",
            measures=counted("first response time", "CSAT"),
        ),
        Department(
            name="Sales",
            objective="Buyers know exactly what they are buying",
            measures=counted("win rate"),
        ),
        Department(
            name="Marketing",
            objective="Attract accounts that fit",
            measures=counted("trial sign-ups"),
        ),
        Department(
            name="Finance & Billing",
            objective="Invoices paid on time",
            measures=counted("days sales outstanding"),
        ),
        Department(name="People (HR)", measures=counted("time to hire", "eNPS")),
        Department(
            name="Leadership",
            objective="Product-led growth to 10,000 paying accounts",
            measures=counted("ARR", "net revenue retention"),
        ),
    ]
    web, app, other, email = Channel.WEB, Channel.APP, Channel.OTHER, Channel.EMAIL
    social, phone = Channel.SOCIAL, Channel.PHONE
    money = "Finance & Billing"
    touchpoints = _points(
        [
            ("marketing-site", "Marketing site", web, _PRE, {_E}, "Marketing"),
            ("pricing-page", "Pricing page", web, _PRE, {_E}, "Marketing"),
            ("trial-signup", "Free-trial sign-up", web, _PRE, {_E}, "Product"),
            ("sales-demo", "Sales demo call", other, _PRE, {_I}, "Sales"),
            ("webinars", "Webinars", other, _PRE, {_M}, "Marketing"),
            ("linkedin", "LinkedIn", social, _PRE, {_M}, "Marketing"),
            ("docs", "Developer docs", web, _PRE, {_E}, "Product"),
            ("onboarding-checklist", "In-app onboarding", app, _BUY, {_E, _M}, "Product"),
            ("web-app", "Web app", web, _BUY, {_E}, "Product"),
            ("mobile-app", "Mobile app", app, _BUY, {_E}, "Product"),
            ("api", "Public API", other, _BUY, {_E}, "Engineering"),
            ("upgrade-checkout", "Upgrade checkout", web, _BUY, {_E}, money),
            ("contract", "Order form and contract", email, _BUY, {_D}, "Sales"),
            ("onboarding-call", "Onboarding call", other, _BUY, {_I}, "Customer Success"),
            ("in-app-chat", "In-app chat", Channel.CHAT, _BUY, {_I}, "Support"),
            ("support-email", "Support tickets by email", email, _POST, {_I}, "Support"),
            ("help-centre", "Help centre", web, _POST, {_E}, "Support"),
            ("community", "Community forum", social, _POST, {_M}, "Product"),
            ("status-page", "Status page", web, _POST, {_E}, "Engineering"),
            ("billing-portal", "Billing portal", web, _POST, {_E}, money),
            ("invoice-email", "Invoices by email", email, _POST, {_E}, money),
            ("renewal-call", "Renewal call", phone, _POST, {_I}, "Customer Success"),
            ("qbr", "Quarterly business review", other, _POST, {_I, _M}, "Customer Success"),
            ("nps-survey", "In-app NPS survey", app, _POST, {_M}, "Product"),
            ("release-notes", "Release notes email", email, _POST, {_M, _E}, "Product"),
            ("g2-reviews", "G2 reviews", social, _POST, {_M}, "Marketing"),
            ("cancellation", "Cancellation flow", web, _POST, {_E}, "Product"),
            ("csm-email", "Account manager emails", email, _POST, {_I}, "Customer Success"),
        ]
    )
    s, big = _STEP, "Product"
    initiatives = _work(
        "ts",
        [
            ("attitudes", "Company values refresh", "Leadership", _DONE, "2025-01-06", "2025-03-14", 3, s.REINFORCE),
            ("behaviours", "Support tone-of-voice guide", "Support", _DONE, "2025-09-01", "2025-11-28", 2, s.MEASURE),
            ("knowing", "Jobs-to-be-done study", big, _DONE, "2025-01-13", "2025-04-04", 5, s.MEASURE),
            ("knowing", "Continuous discovery interviews", big, _ACTIVE, "2025-05-05", None, 6, s.KNOW_NEED),
            ("knowing", "Ideal customer profile refresh", "Marketing", _DONE, "2026-02-02", "2026-03-27", 3, s.MEASURE),
            ("value", "Value metrics shown in-product", big, _DONE, "2024-11-04", "2025-03-28", 12, s.MEASURE),
            ("value", "Templates library", big, _DONE, "2025-02-03", "2025-06-27", 10, s.MEASURE),
            ("value", "Integrations marketplace", big, _DONE, "2025-04-07", "2025-11-14", 20, s.MEASURE),
            ("value", "ROI calculator for admins", big, _DONE, "2025-06-02", "2025-08-22", 6, s.MEASURE),
            ("value", "Usage-based pricing tier", "Leadership", _ACTIVE, "2025-10-06", None, 15, s.DELIVER),
            ("value", "Add-on packaging for enterprise", big, _ACTIVE, "2026-01-12", None, 12, s.DELIVER),
            ("value", "Annual-plan value review", "Customer Success", _ACTIVE, "2026-03-02", None, 8, s.FIND_PROBLEMS),
            ("value", "Benchmarks report for customers", big, _ACTIVE, "2026-06-01", None, 10, s.DELIVER),
            ("value", "Partner programme", "Sales", _PLANNED, None, None, 10, None),
            ("employee", "Customer shadowing for every new hire", "People (HR)", _PLANNED, None, None, 3, None),
            ("care", "Support SLA tiers", "Support", _DONE, "2025-01-06", "2025-04-25", 5, s.MEASURE),
            ("care", "Support macros overhaul", "Support", _ACTIVE, "2026-03-09", None, 3, s.FIX),
            ("care", "Billing dispute fast lane", money, _PLANNED, None, None, 3, None),
            ("fbintel", "In-app NPS survey", big, _DONE, "2025-03-03", "2025-05-16", 4, s.MEASURE),
            ("fbintel", "Feature request portal", big, _DONE, "2025-09-01", "2025-12-12", 5, s.MEASURE),
            ("fbintel", "Churn-reason survey in cancellation flow", big, _ACTIVE, "2026-05-04", None, 3, s.FIND_PROBLEMS),
            ("innovation", "Onboarding redesign", big, _DONE, "2024-11-04", "2025-04-11", 18, s.MEASURE),
            ("innovation", "Mobile app v2", big, _DONE, "2025-01-13", "2025-09-26", 25, s.MEASURE),
            ("innovation", "Workflow automations", big, _DONE, "2025-05-05", "2025-12-19", 20, s.MEASURE),
            ("innovation", "Self-serve upgrade flow", big, _DONE, "2025-08-04", "2025-11-07", 8, s.DELIVER),
            ("innovation", "Accessibility and dark mode", "Engineering", _DONE, "2025-10-06", "2026-02-27", 10, s.MEASURE),
            ("innovation", "AI assistant beta", big, _ACTIVE, "2026-01-05", None, 30, s.DELIVER),
            ("innovation", "Real-time collaboration", "Engineering", _ACTIVE, "2026-02-02", None, 25, s.DELIVER),
            ("innovation", "In-app guided tours", big, _ACTIVE, "2026-05-04", None, 8, s.DELIVER),
            ("innovation", "Offline mode for mobile", "Engineering", _ACTIVE, "2026-08-03", None, 12, s.KNOW_NEED),
            ("innovation", "AI assistant general availability", big, _PLANNED, None, None, 20, None),
            ("innovation", "Public roadmap page", big, _DROPPED, "2025-06-02", "2025-07-18", 3, s.KNOW_NEED),
        ],
    )  # fmt: skip
    held = [
        ("VP Product", Mindset.CONSTRUCTIVE, "Product", 0.7),
        ("Group PM, Core", Mindset.CONSTRUCTIVE, "Product", 0.6),
        ("Group PM, Growth", Mindset.CONSTRUCTIVE, "Product", 0.6),
        ("Head of Design", Mindset.CONSTRUCTIVE, "Product", 0.4),
        ("Chief executive", Mindset.CONSTRUCTIVE, "Leadership", 0.3),
        ("UX researcher", Mindset.EMOTIONAL, "Product", 0.6),
        ("Product analyst", Mindset.EMOTIONAL, "Product", 0.4),
        ("Support team lead", Mindset.OPERATIONAL, "Support", 0.5),
        ("Customer success manager", Mindset.OPERATIONAL, "Customer Success", 0.4),
        ("Head of Support", Mindset.FUNCTIONAL, "Support", 0.2),
    ]
    responsibilities = [
        Responsibility(holder=holder, mindset=mindset, department=department, share=share)
        for holder, mindset, department, share in held
    ]
    junk = [
        "Out of office",
        "Partnership opportunity for your SEO",
        "asdf",
        "Please remove me from this list",
        "Test ticket",
    ]
    billing = {
        _JUNK: junk,
        _BILL: [
            "Charged twice for the same month",
            "Invoice still bills 40 seats after we removed 15",
            "VAT number missing from invoice again",
            "Card declined, account locked without warning",
            "Prorated charge makes no sense",
            "Cannot download past invoices",
            "Renewal price went up 30% without notice",
            "Refund promised three weeks ago, still nothing",
        ],
        _ROUTINE: [
            "Please change billing contact",
            "Need a PO number on the invoice",
            "Switch to annual billing",
        ],
        _GIFT: ["Thanks for sorting the refund so fast"],
    }
    support = {
        _JUNK: junk,
        _BILL: [
            "Sync with Google Calendar broken since yesterday",
            "Export to CSV times out",
            "Waited four days for a reply",
            "Permissions bug: guests can see private boards",
            "Billing: we were charged for deactivated users",
            "Mobile app crashes on attachments",
        ],
        _ROUTINE: [
            "How do I add an SSO domain?",
            "Can we rename a workspace?",
            "Where is the API rate limit documented?",
            "Reset 2FA please",
        ],
        _GIFT: ["Thanks, Priya fixed it in ten minutes", "Great support as always"],
    }
    product = {
        _JUNK: junk,
        _BILL: [
            "Too many clicks to create a task",
            "Automations are confusing",
            "New UI hides the filters",
            "AI assistant gave wrong answer",
        ],
        _ROUTINE: [
            "Please add Gantt view",
            "Would love a dark mode",
            "Need more API endpoints",
            "Integrations with HubSpot?",
        ],
        _GIFT: [
            "Automations saved us hours a week",
            "Best onboarding of any tool we tried",
            "The new mobile app is great",
        ],
    }
    market = {
        _JUNK: junk,
        _BILL: [
            "Pricing page is unclear about seats",
            "Sales rep was pushy",
            "Demo did not show what we asked for",
        ],
        _ROUTINE: [
            "Do you have a non-profit discount?",
            "Is there an EU data centre?",
            "Can we get a longer trial?",
        ],
        _GIFT: ["Great webinar", "Loved the demo"],
    }
    account = {
        _JUNK: junk,
        _BILL: [
            "We are considering leaving over the price increase",
            "Nobody from CS has called us in six months",
            "Promised features never arrived",
        ],
        _ROUTINE: [
            "Please add three more seats",
            "Next QBR date?",
            "Can we get usage reports monthly?",
        ],
        _GIFT: ["Our CSM is fantastic", "QBR was genuinely useful"],
    }

    def kinds(junk: int, bill: int, routine: int, gift: int) -> _Kinds:
        return {_JUNK: junk, _BILL: bill, _ROUTINE: routine, _GIFT: gift}

    first = "2024-11-01"
    spec = {
        "marketing-site": (2, kinds(5, 1, 3, 1), market, first),
        "pricing-page": (3, kinds(1, 5, 4, 0), market, first),
        "trial-signup": (3, kinds(2, 2, 4, 2), product, first),
        "sales-demo": (3, kinds(0, 2, 5, 3), market, first),
        "webinars": (1, kinds(1, 1, 4, 4), market, first),
        "linkedin": (1, kinds(5, 1, 2, 2), market, first),
        "docs": (2, kinds(1, 3, 5, 1), support, first),
        "onboarding-checklist": (3, kinds(0, 2, 4, 4), product, "2025-04-11"),
        "web-app": (6, kinds(0, 3, 5, 2), product, first),
        "mobile-app": (3, kinds(0, 4, 4, 2), product, first),
        "api": (1, kinds(0, 4, 6, 0), support, first),
        "upgrade-checkout": (3, kinds(0, 7, 3, 0), billing, first),
        "contract": (1, kinds(0, 3, 7, 0), billing, first),
        "onboarding-call": (2, kinds(0, 1, 4, 5), account, first),
        "in-app-chat": (20, kinds(1, 3, 6, 1), support, first),
        "support-email": (22, kinds(2, 3, 5, 1), support, first),
        "help-centre": (3, kinds(1, 3, 5, 1), support, first),
        "community": (3, kinds(1, 2, 6, 2), product, first),
        "status-page": (1, kinds(1, 7, 2, 0), support, first),
        "billing-portal": (8, kinds(0, 8, 2, 0), billing, first),
        "invoice-email": (8, kinds(1, 7, 3, 0), billing, first),
        "renewal-call": (2, kinds(0, 4, 4, 2), account, first),
        "qbr": (1, kinds(0, 2, 5, 3), account, first),
        "nps-survey": (12, kinds(1, 3, 3, 4), product, "2025-05-16"),
        "release-notes": (1, kinds(2, 2, 3, 3), product, first),
        "g2-reviews": (2, kinds(0, 3, 2, 5), product, first),
        "cancellation": (3, kinds(0, 7, 3, 0), billing, "2026-05-04"),
        "csm-email": (3, kinds(1, 3, 5, 1), account, first),
    }
    nps = _scorer("nps", [9, 10, 10], [6, 7, 8], [0, 2, 3, 4, 5])
    voices = _voices(spec, touchpoints, {"nps-survey": nps, "g2-reviews": _stars})
    ticketed = {"in-app-chat", "support-email", "help-centre", "docs", "api", "status-page"}
    payments = {"billing-portal", "invoice-email", "upgrade-checkout", "cancellation", "contract"}

    def file_it(
        rng: random.Random, kind: FeedbackKind, tp: str, _day: date
    ) -> FeedbackFolder | None:
        # Support turns everything it touches into a ticket in one queue: listening.
        if tp in ticketed:
            return _LISTEN if rng.random() < 0.93 else None
        if tp in payments:  # billing complaints reach support; most get ticketed
            chance = 0.88 if kind is _BILL else 0.6
            return _LISTEN if rng.random() < chance else None
        # Surveys, reviews, the forum and calls are read by product, and rarely filed.
        return _LISTEN if rng.random() < 0.04 else None

    def rate(day: date) -> float:
        growth = 1.0 + 0.6 * ((day - _START).days / 730)  # the customer base grows
        r = 3.6 * growth * _season(day, {8: 0.8, 12: 0.7, 1: 1.15})
        return r if day.weekday() < 5 else r * 0.25

    feedback = _heard(
        seed=4242,
        prefix="ts-fb",
        tz=tz,
        daily_rate=rate,
        voices=voices,
        file_it=file_it,
        hours=(6, 22),
    )
    april, july = "2026-04-10", "2026-07-15"
    assessments = _scores(
        [
            ("value", 4.5, april),
            ("innovation", 4.5, april),
            ("knowing", 4.0, april),
            ("fbintel", 3.5, april),
            ("constructive", 4.5, april),
            ("emotional", 4.0, april),
            ("care", 3.0, july),
            ("listening", 3.5, july),
            ("operational", 3.0, july),
        ],
        assessor="VP Product",
    )
    return Framework(
        name="Tessellate",
        touchpoints=touchpoints,
        initiatives=initiatives,
        feedback=feedback,
        responsibilities=responsibilities,
        departments=departments,
        assessments=assessments,
        metadata={"sector": "B2B SaaS, product-led", "effort_unit": "engineer-weeks"},
    )


def hotel() -> Framework:  # noqa: C901 - its filing habits are nested, as written
    """Larch & Ivy Hotels: four small hotels, honestly well balanced.

    Every coordination and implementation area had work in the last year,
    feedback is filed across the four folders in rough proportion, every
    mindset is held in a sensible department, every department is aligned
    and measured, and all sixteen areas were assessed twice.  The thinnest
    area is 'Knowing and understanding customers': its last project ended
    on 15 May 2026 and the follow-up interviews are only planned.  Culture
    work is cheap and continuous: monthly huddles keep 'Organisational
    attitudes' going, and it is assessed among the best.
    """
    tz = ZoneInfo("Europe/London")
    aims = [
        ("Front office", "Every guest expected and welcomed by name", ("check-in time", "arrival satisfaction")),
        ("Housekeeping", "A spotless, comfortable room every night", ("room inspection pass rate", "cleanliness review score")),
        ("Food & beverage", "Breakfasts and dinners guests remember", ("F&B review score", "breakfast wait time")),
        ("Reservations & sales", "Easy, honest booking on every channel", ("direct booking share", "call conversion", "booking-journey survey score")),
        ("Marketing", "Guests recognise and recommend Larch & Ivy", ("average review rating", "repeat-stay rate")),
        ("Guest relations", "Every concern resolved before check-out", ("concerns resolved in stay", "review reply time")),
        ("HR", "Staff who feel valued serve guests who feel valued", ("eNPS", "staff turnover", "service training completion")),
        ("Maintenance", "Nothing broken spoils a stay", ("faults fixed within 24 hours",)),
        ("General management", "One aligned guest-experience goal across the four hotels", ("overall guest satisfaction", "RevPAR")),
    ]  # fmt: skip
    departments = [
        Department(name=name, objective=objective, measures=counted(*measures))
        for name, objective, measures in aims
    ]
    hotels = ["Bath", "York", "Harrogate", "Chester"]
    web, phone, email, desk = Channel.WEB, Channel.PHONE, Channel.EMAIL, Channel.IN_PERSON
    sales, front, keep = "Reservations & sales", "Front office", "Housekeeping"
    food, guests, fix = "Food & beverage", "Guest relations", "Maintenance"
    touchpoints = _points(
        [
            ("website", "Website", web, _PRE, {_E, _M}, "Marketing"),
            ("booking-engine", "Direct booking engine", web, _PRE, {_E}, sales),
            ("ota", "Online travel agents", Channel.OTHER, _PRE, {_E}, sales),
            ("reservations-phone", "Reservations line", phone, _PRE, {_I, _D}, sales),
            ("events-enquiries", "Weddings and events enquiries", email, _PRE, {_I, _M}, sales),
            ("pre-arrival", "Pre-arrival email", email, _PRE, {_M, _D}, front),
            ("instagram", "Instagram", Channel.SOCIAL, _PRE, {_M}, "Marketing"),
            ("gift-vouchers", "Gift vouchers", web, _PRE, {_M, _E}, "Marketing"),
            ("desk-bath", "Front desk, Bath", desk, _BUY, {_D, _I}, front),
            ("desk-york", "Front desk, York", desk, _BUY, {_D, _I}, front),
            ("desk-harrogate", "Front desk, Harrogate", desk, _BUY, {_D, _I}, front),
            ("desk-chester", "Front desk, Chester", desk, _BUY, {_D, _I}, front),
            ("room", "Guest room", desk, _BUY, {_E, _M}, keep),
            ("housekeeping-service", "Housekeeping service", desk, _BUY, {_I, _D}, keep),
            ("breakfast", "Breakfast", desk, _BUY, {_I, _M}, food),
            ("restaurant", "Restaurant", desk, _BUY, {_M, _E}, food),
            ("bar", "Bar", desk, _BUY, {_I, _M}, food),
            ("room-service", "Room service", phone, _BUY, {_I}, food),
            ("concierge", "Concierge", desk, _BUY, {_I, _M}, guests),
            ("spa-bath", "Spa, Bath", desk, _BUY, {_M, _E}, guests),
            ("in-stay-chat", "In-stay messaging", Channel.CHAT, _BUY, {_I, _D}, guests),
            ("wifi", "Wi-fi", Channel.OTHER, _BUY, {_E}, fix),
            ("parking", "Parking", desk, _BUY, {_E}, fix),
            ("checkout", "Check-out", desk, _POST, {_D, _I}, front),
            ("invoice-email", "Invoice email", email, _POST, {_E, _D}, sales),
            ("post-stay-survey", "Post-stay survey", email, _POST, {_M, _D}, guests),
            ("review-sites", "Review sites", Channel.SOCIAL, _POST, {_M, _D}, guests),
            ("loyalty-app", "Loyalty app", Channel.APP, _POST, {_E, _M}, "Marketing"),
            ("lost-property", "Lost property", phone, _POST, {_I}, front),
            ("complaint-letters", "Complaint letters and emails", email, _POST, {_D, _I}, guests),
        ]
    )
    s, gm = _STEP, "General management"
    initiatives = _work(
        "li",
        [
            ("attitudes", "Guest promise written with every team", gm, _DONE, "2025-09-01", "2025-12-12", 4, s.REINFORCE),
            ("attitudes", "Monthly guest-story huddles", gm, _ACTIVE, "2026-01-12", None, 2, s.REINFORCE),
            ("attitudes", "Guest promise refresh for 2027", gm, _PLANNED, None, None, 2, None),
            ("behaviours", "Welcome-by-name standard", front, _DONE, "2025-10-06", "2026-02-27", 4, s.MEASURE),
            ("behaviours", "Service recovery training", guests, _DONE, "2026-02-02", "2026-06-26", 4, s.MEASURE),
            ("behaviours", "Housekeeping guest-contact etiquette", keep, _ACTIVE, "2026-07-06", None, 3, s.DELIVER),
            ("knowing", "Guest segments from booking data", "Marketing", _DONE, "2025-12-01", "2026-05-15", 4, s.MEASURE),
            ("knowing", "Business-traveller interviews", sales, _PLANNED, None, None, 3, None),
            ("knowing", "Arrival-to-departure journey map", guests, _DONE, "2025-06-02", "2025-10-31", 4, s.MEASURE),
            ("value", "Midweek break packages", sales, _DONE, "2025-11-03", "2026-03-13", 4, s.MEASURE),
            ("value", "Loyalty tiers with real benefits", "Marketing", _ACTIVE, "2026-04-06", None, 5, s.DELIVER),
            ("value", "Local partners' experiences", guests, _ACTIVE, "2026-08-03", None, 3, s.DELIVER),
            ("employee", "Staff accommodation improvements", "HR", _DONE, "2025-08-04", "2026-01-30", 5, s.MEASURE),
            ("employee", "Career paths for housekeeping", "HR", _ACTIVE, "2026-03-02", None, 4, s.DELIVER),
            ("employee", "Guest-praise shout-outs in staff app", "HR", _DONE, "2026-05-04", "2026-07-31", 2, s.REINFORCE),
            ("care", "Concern resolved before check-out", guests, _DONE, "2025-09-01", "2026-01-23", 4, s.MEASURE),
            ("care", "Breakfast queue at York", food, _DONE, "2026-03-02", "2026-05-29", 3, s.FIX),
            ("care", "Faults fixed within 24 hours", fix, _ACTIVE, "2026-05-04", None, 4, s.FIX),
            ("fbintel", "Post-stay survey shortened", guests, _DONE, "2025-10-06", "2026-01-16", 3, s.MEASURE),
            ("fbintel", "Review-reply playbook", guests, _DONE, "2026-04-06", "2026-07-10", 2, s.REINFORCE),
            ("fbintel", "Weekly feedback digest per hotel", guests, _ACTIVE, "2026-08-03", None, 3, s.MEASURE),
            ("innovation", "Mobile check-in", front, _DONE, "2025-11-03", "2026-04-24", 6, s.MEASURE),
            ("innovation", "In-stay messaging", guests, _DONE, "2026-02-02", "2026-06-12", 4, s.MEASURE),
            ("innovation", "Room-preference memory in loyalty app", "Marketing", _ACTIVE, "2026-07-06", None, 5, s.DELIVER),
            ("innovation", "Digital room keys", front, _PLANNED, None, None, 6, None),
            ("planning", "Quarterly guest-ideas review", gm, _ACTIVE, "2026-01-12", None, 1, s.REINFORCE),
            ("insights", "Praise-to-practice sessions", "HR", _DONE, "2026-03-02", "2026-05-29", 1, s.REINFORCE),
            ("emotional", "Analyst time for review-site text mining", "Marketing", _DONE, "2026-04-06", "2026-06-26", 2, s.MEASURE),
            ("functional", "Duty-manager weekly scorecard", gm, _DONE, "2025-12-01", "2026-02-27", 2, s.MEASURE),
            ("behaviours", "Telephone standards for reservations", sales, _DONE, "2024-11-04", "2025-03-28", 3, s.MEASURE),
            ("care", "Complaint log across all hotels", guests, _DONE, "2025-01-06", "2025-05-30", 3, s.MEASURE),
            ("innovation", "New booking engine", sales, _DONE, "2025-02-03", "2025-07-25", 6, s.MEASURE),
            ("employee", "Staff survey relaunch", "HR", _DONE, "2025-01-13", "2025-04-25", 2, s.MEASURE),
            ("value", "Breakfast included rates", sales, _DONE, "2025-03-03", "2025-06-27", 3, s.MEASURE),
            ("attitudes", "Leadership service visits", gm, _DONE, "2025-02-03", "2025-06-27", 2, s.REINFORCE),
            ("fbintel", "Review-site monitoring tool", "Marketing", _DONE, "2025-03-03", "2025-05-30", 2, s.MEASURE),
        ],
    )  # fmt: skip
    held = [
        ("Duty managers, Bath and York", Mindset.FUNCTIONAL, gm, 0.5),
        ("Duty managers, Harrogate and Chester", Mindset.FUNCTIONAL, gm, 0.5),
        ("Head of maintenance", Mindset.FUNCTIONAL, fix, 0.2),
        ("Front office manager", Mindset.OPERATIONAL, front, 0.4),
        ("Head housekeeper", Mindset.OPERATIONAL, keep, 0.4),
        ("F&B manager", Mindset.OPERATIONAL, food, 0.4),
        ("Guest relations manager", Mindset.EMOTIONAL, guests, 0.6),
        ("Marketing insights analyst", Mindset.EMOTIONAL, "Marketing", 0.5),
        ("Managing director", Mindset.CONSTRUCTIVE, gm, 0.5),
        ("Commercial director", Mindset.CONSTRUCTIVE, sales, 0.4),
        ("Head of marketing", Mindset.CONSTRUCTIVE, "Marketing", 0.3),
    ]
    responsibilities = [
        Responsibility(holder=holder, mindset=mindset, department=department, share=share)
        for holder, mindset, department, share in held
    ]
    junk = ["Unsubscribe", "Do you buy advertising?", "Wrong hotel", "Spam link", "Test"]
    stay = {
        _JUNK: junk,
        _BILL: [
            "Room was not ready at 3pm",
            "Shower ran cold",
            "Noisy room above the bar",
            "Waited 20 minutes for breakfast table",
            "Hair in the bathroom",
            "Nobody answered room service",
            "Wi-fi kept dropping",
        ],
        _ROUTINE: [
            "Could we have a later checkout option?",
            "More vegetarian choice at dinner please",
            "Extra pillows requested",
            "Please offer oat milk",
            "Would be good to have an iron in rooms",
            "Suggest a quiet floor for business guests",
        ],
        _GIFT: [
            "Welcomed by name, felt like coming home",
            "Best breakfast in Yorkshire",
            "Housekeeping left a birthday card, so thoughtful",
            "Concierge found us a table when everywhere was full",
            "Spotless room, great bed",
        ],
    }
    booking = {
        _JUNK: junk,
        _BILL: [
            "Booking engine charged the wrong dates",
            "OTA price lower than your website",
            "Kept on hold for ten minutes",
        ],
        _ROUTINE: [
            "Do you allow dogs?",
            "Is parking included?",
            "Can we add a cot?",
            "Please send the menu",
        ],
        _GIFT: ["Reservations team was so helpful", "Easiest booking ever"],
    }

    def kinds(junk: int, bill: int, routine: int, gift: int) -> _Kinds:
        return {_JUNK: junk, _BILL: bill, _ROUTINE: routine, _GIFT: gift}

    live = {"in-stay-chat": "2026-06-12", "loyalty-app": "2025-03-03"}
    shape = {
        "website": (2, kinds(4, 1, 4, 1), booking),
        "booking-engine": (3, kinds(1, 3, 4, 2), booking),
        "ota": (3, kinds(1, 3, 4, 2), booking),
        "reservations-phone": (3, kinds(1, 2, 5, 2), booking),
        "events-enquiries": (2, kinds(1, 1, 6, 2), booking),
        "pre-arrival": (2, kinds(1, 1, 6, 2), booking),
        "instagram": (2, kinds(4, 1, 2, 3), stay),
        "gift-vouchers": (1, kinds(1, 2, 5, 2), booking),
        "desk-bath": (4, kinds(0, 2, 4, 4), stay),
        "desk-york": (4, kinds(0, 2, 4, 4), stay),
        "desk-harrogate": (3, kinds(0, 2, 4, 4), stay),
        "desk-chester": (3, kinds(0, 2, 4, 4), stay),
        "room": (6, kinds(0, 3, 4, 3), stay),
        "housekeeping-service": (3, kinds(0, 2, 4, 4), stay),
        "breakfast": (4, kinds(0, 3, 4, 3), stay),
        "restaurant": (3, kinds(0, 2, 4, 4), stay),
        "bar": (2, kinds(0, 2, 4, 4), stay),
        "room-service": (1, kinds(0, 3, 5, 2), stay),
        "concierge": (2, kinds(0, 1, 4, 5), stay),
        "spa-bath": (1, kinds(0, 2, 3, 5), stay),
        "in-stay-chat": (3, kinds(1, 2, 6, 1), stay),
        "wifi": (1, kinds(0, 7, 3, 0), stay),
        "parking": (1, kinds(0, 5, 4, 1), stay),
        "checkout": (3, kinds(0, 2, 4, 4), stay),
        "invoice-email": (1, kinds(1, 4, 5, 0), booking),
        "post-stay-survey": (8, kinds(1, 2, 4, 3), stay),
        "review-sites": (5, kinds(1, 2, 2, 5), stay),
        "loyalty-app": (1, kinds(0, 2, 6, 2), booking),
        "lost-property": (1, kinds(0, 2, 7, 1), stay),
        "complaint-letters": (1, kinds(0, 9, 1, 0), stay),
    }
    spec = {
        tp: (weight, k, texts, live.get(tp, "2024-11-01"))
        for tp, (weight, k, texts) in shape.items()
    }
    survey = _scorer("nps", [9, 10], [7, 8, 8], [2, 4, 5, 6])
    voices = _voices(spec, touchpoints, {"post-stay-survey": survey, "review-sites": _stars})

    def file_it(
        rng: random.Random, kind: FeedbackKind, _tp: str, _day: date
    ) -> FeedbackFolder | None:
        if rng.random() < 0.06:  # not filed yet: the last few days, and the odd slip
            return None
        if kind is _JUNK:
            return _LISTEN if rng.random() < 0.5 else None
        if kind is _BILL:
            return _IMPROVE if rng.random() < 0.85 else _LISTEN
        if kind is _GIFT:
            return _weighted(rng, {_INSIGHT: 70, _LISTEN: 15, _PLAN: 15})
        return _weighted(rng, {_LISTEN: 30, _INSIGHT: 10, _IMPROVE: 15, _PLAN: 45})

    def site_of(rng: random.Random, tp: str) -> str | None:
        if tp.startswith("desk-"):
            return tp.split("-", 1)[1].capitalize()
        if tp == "spa-bath":
            return "Bath"
        return rng.choices(hotels, weights=[30, 28, 22, 20])[0]

    def rate(day: date) -> float:
        r = 3.4 * _season(day, {1: 0.6, 2: 0.7, 7: 1.35, 8: 1.45, 12: 1.2, 10: 1.1})
        return r * (1.25 if day.weekday() >= 4 else 1.0)

    feedback = _heard(
        seed=777,
        prefix="li-fb",
        tz=tz,
        daily_rate=rate,
        voices=voices,
        file_it=file_it,
        hours=(7, 23),
        site_of=site_of,
    )
    spring = {"attitudes": 3.5, "behaviours": 3.5, "knowing": 3.0, "value": 3.5, "employee": 3.0,
              "care": 4.0, "fbintel": 3.5, "innovation": 3.0, "listening": 3.5, "insights": 3.5,
              "improving": 4.0, "planning": 3.0, "functional": 3.5, "operational": 4.0,
              "emotional": 3.5, "constructive": 3.5}  # fmt: skip
    autumn = {"attitudes": 4.0, "behaviours": 4.0, "knowing": 3.0, "value": 3.5, "employee": 3.5,
              "care": 4.0, "fbintel": 3.5, "innovation": 3.5, "listening": 3.5, "insights": 4.0,
              "improving": 4.0, "planning": 3.5, "functional": 3.5, "operational": 4.0,
              "emotional": 3.5, "constructive": 3.5}  # fmt: skip
    rows = [(a, score, "2026-04-17") for a, score in spring.items()]
    rows += [(a, score, "2026-10-16") for a, score in autumn.items()]
    return Framework(
        name="Larch & Ivy Hotels",
        touchpoints=touchpoints,
        initiatives=initiatives,
        feedback=feedback,
        responsibilities=responsibilities,
        departments=departments,
        assessments=_scores(rows, assessor="Guest-experience steering group"),
        metadata={"hotels": list(hotels), "rooms": 212, "sector": "hospitality"},
    )


#: Every organisation here, to check them all.
ALL = (utility, bakery, startup, even_shop, courier, clinic, saas, hotel)


#: The months of the two years :func:`opticians_over_two_years` covers: 2025-01 to 2026-12.
MONTHS = tuple(date(2025 + m // 12, m % 12 + 1, 1) for m in range(24))

#: Who holds the emotional mindset each month, and for what share of their time: the insight
#: analyst is drawn into store operations month by month from September 2025, leaves at the end
#: of April 2026, and a new analyst starts in July 2026 and is full time from September.
ANALYSTS: tuple[tuple[str, float] | None, ...] = (
    *[("Maya Lind", 0.8)] * 8,
    ("Maya Lind", 0.7),
    ("Maya Lind", 0.6),
    ("Maya Lind", 0.5),
    ("Maya Lind", 0.4),
    ("Maya Lind", 0.3),
    ("Maya Lind", 0.22),
    ("Maya Lind", 0.15),
    ("Maya Lind", 0.1),
    None,
    None,
    ("Jon Reyes", 0.3),
    ("Jon Reyes", 0.5),
    *[("Jon Reyes", 0.8)] * 4,
)


def _month_end(first: date) -> date:
    following = date(first.year + first.month // 12, first.month % 12 + 1, 1)
    return following - timedelta(days=1)


def _optician_feedback(
    rng: random.Random, first: date, touchpoints: list[Touchpoint], time_for_ideas: float
) -> list[Feedback]:
    """Eight pieces of feedback a day for the month starting ``first``."""
    folders = list(FeedbackFolder)
    kinds = [FeedbackKind.ROUTINE, FeedbackKind.GIFT, FeedbackKind.BILL, FeedbackKind.JUNK]
    items = []
    for day in range(_month_end(first).day):
        for n in range(8):
            kind = rng.choices(kinds, (60, 22, 14, 4))[0]
            folder: FeedbackFolder | None = rng.choice(folders)
            if kind is FeedbackKind.JUNK or (
                folder is FeedbackFolder.IMPROVING and rng.random() >= time_for_ideas
            ):
                folder = None
            tp = touchpoints[rng.randrange(len(touchpoints))]
            items.append(
                Feedback(
                    id=f"bw-{first:%Y%m}-{day:02d}-{n}",
                    received=datetime(
                        first.year, first.month, day + 1, 8 + n, rng.randrange(60), tzinfo=UTC
                    ),
                    kind=kind,
                    folder=folder,
                    touchpoint=tp.id,
                    channel=tp.channel,
                )
            )
    return items


def _optician_work(m: int, analyst: tuple[str, float] | None) -> list[Initiative]:
    """The projects started in month ``m``."""
    first = MONTHS[m]
    owners = ("Stores", "Customer Care", "Insight", "Marketing")
    items = []
    if m % 2 == 0:
        # A two-month project in every area of the first two layers but the insight one.
        items += [
            Initiative(
                id=f"bw-{a.pillar.letter}{a.layer.index}-{first:%Y%m}",
                title=f"{a.title}: {first:%B %Y} project",
                area=a,
                owner=owners[a.pillar.index],
                status=_DONE,
                started=first,
                finished=_month_end(MONTHS[m + 1]),
                effort=2,
                step=ImprovementStep.MEASURE,
            )
            for a in _WORK_AREAS
            if a != Practice.CUSTOMER_FEEDBACK.area
        ]
    if analyst is not None and analyst[1] >= 0.4:
        items.append(
            Initiative(
                id=f"bw-insight-{first:%Y%m}",
                title=f"Journey analysis, {first:%B %Y}",
                area=Practice.CUSTOMER_FEEDBACK.area,
                owner="Insight",
                status=_DONE,
                started=first,
                finished=_month_end(first),
                effort=1,
                step=ImprovementStep.MEASURE,
            )
        )
    return items


def _optician_holders(analyst: tuple[str, float] | None) -> list[Responsibility]:
    holders = [
        ("Store managers", Mindset.FUNCTIONAL, "Stores", 0.5),
        ("Store teams", Mindset.OPERATIONAL, "Stores", 1.0),
        ("Care desk team", Mindset.OPERATIONAL, "Customer Care", 0.5),
        ("Managing director", Mindset.CONSTRUCTIVE, "Leadership", 0.4),
    ]
    if analyst is not None:
        holders.append((analyst[0], Mindset.EMOTIONAL, "Insight", analyst[1]))
    return [
        Responsibility(holder=h, mindset=m, department=d, share=share) for h, m, d, share in holders
    ]


def _as_of(initiative: Initiative, day: date) -> Initiative:
    """A project as it stood on ``day``: still under way if it finishes later."""
    if initiative.finished is None or initiative.finished <= day:
        return initiative
    return attrs.evolve(initiative, status=_ACTIVE, finished=None, step=ImprovementStep.DELIVER)


def opticians_over_two_years() -> tuple[Framework, ...]:
    """Brightwell Opticians, saved at the end of every month of 2025 and 2026: 24 states.

    Three stores, a booking site and a care desk.  Work is steady in every
    area of the coordination and implementation layers, feedback comes in
    every day and is filed in the four folders, and the leadership scores
    every area each quarter.  The emotional mindset is held by an insight
    analyst (:data:`ANALYSTS`): from September 2025 she is drawn into store
    operations a little more each month, and leaves at the end of April
    2026; a new analyst starts in July 2026.  Improvement ideas are filed in
    "Improving with customers" only as far as an analyst has time for them
    (the rest stay unfiled), and the insight projects ("Customer feedback
    for intelligence") run only while an analyst has at least 0.4 of their
    time for them.  Each state holds the records up to the end of its month.
    """
    rng = random.Random(11)
    departments = [
        Department(name=name, objective=objective, measures=counted(measure))
        for name, objective, measure in (
            ("Stores", "Every visit ends with clear sight", "eye tests completed"),
            ("Customer Care", "Every question answered the same day", "same-day answers"),
            ("Insight", "Know why customers come back", "insight reports"),
            ("Marketing", "Reminders customers welcome", "booking conversions"),
            ("Leadership", "Grow by caring well", "repeat customers"),
        )
    ]
    touchpoints = [
        Touchpoint(
            id=f"store-{town}",
            name=f"{town.title()} store",
            channel=Channel.IN_PERSON,
            stage=Stage.PURCHASE,
            pillars={_D, _I, _M},
            owner="Stores",
        )
        for town in ("harbour", "market", "station")
    ] + [
        Touchpoint(
            id="booking",
            name="Booking site",
            channel=Channel.WEB,
            stage=Stage.PRE_PURCHASE,
            pillars={_E, _M},
            owner="Marketing",
        ),
        Touchpoint(
            id="care-desk",
            name="Care desk",
            channel=Channel.PHONE,
            stage=Stage.POST_PURCHASE,
            pillars={_I, _E},
            owner="Customer Care",
        ),
    ]
    states = []
    feedback: list[Feedback] = []
    initiatives: list[Initiative] = []
    assessments: list[Assessment] = []
    for m, first in enumerate(MONTHS):
        last = _month_end(first)
        analyst = ANALYSTS[m]
        time_for_ideas = 0.0 if analyst is None else analyst[1] / 0.8
        feedback += _optician_feedback(rng, first, touchpoints, time_for_ideas)
        initiatives += _optician_work(m, analyst)
        if m % 3 == 2:
            low = time_for_ideas < 0.5
            assessments += [
                Assessment(
                    area=a, score=2 if low and a.pillar is _M else 4, on=last, assessor="Leadership"
                )
                for a in AREAS
            ]
        states.append(
            Framework(
                name="Brightwell Opticians",
                departments=departments,
                touchpoints=touchpoints,
                initiatives=[_as_of(i, last) for i in initiatives],
                feedback=feedback,
                responsibilities=_optician_holders(analyst),
                assessments=assessments,
            )
        )
    return tuple(states)
