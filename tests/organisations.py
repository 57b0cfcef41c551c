"""Realistic organisations, built as a new user would, for tests of the checker and beyond.

Each function returns a :class:`dime.Framework` whose records lead up to
:data:`NOW`: a regional water utility whose call centre never files feedback,
a small bakery whose projects come and go and whose owner holds every
mindset, an app startup missing two mindsets, and an evenly run shop.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta

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
    Mindset,
    Pillar,
    Practice,
    Responsibility,
    Score,
    Stage,
    Touchpoint,
)

__all__ = ["ALL", "NOW", "TODAY", "bakery", "even_shop", "startup", "utility"]

#: The moment every organisation here is checked at.
NOW = datetime(2026, 10, 31, 17, tzinfo=UTC)
TODAY = NOW.date()

_D, _I, _M, _E = Pillar.D, Pillar.I, Pillar.M, Pillar.E
_ACTIVE, _DONE = InitiativeStatus.ACTIVE, InitiativeStatus.DONE
_WORK_AREAS = [a for a in AREAS if a.layer in (Layer.COORDINATION, Layer.IMPLEMENTATION)]


def _days_ago(n: int) -> date:
    return TODAY - timedelta(days=n)


def _feedback(
    rng: random.Random,
    n: int,
    *,
    prefix: str,
    touchpoints: list[Touchpoint],
    folders: list[FeedbackFolder | None],
    kinds: dict[FeedbackKind, int],
    days: int,
) -> list[Feedback]:
    """``n`` pieces of feedback over the last ``days`` days, through ``touchpoints``."""
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
                    value=rng.choice((1, 2)) if kind is FeedbackKind.BILL else rng.randint(3, 5),
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
    areas far below the rest.
    """
    rng = random.Random(8)
    departments = [
        Department(name=name, objective=objective, measures=(measure,))
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
                measures=("Sunday sell-outs", "repeat customers"),
            ),
            Department(
                name="Kitchen", objective="Bake it fresh, bake it right", measures=("waste",)
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
            Department(name=name, objective=objective, measures=(measure,))
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
    departments = [
        Department(name=name, objective="Customers leave better equipped", measures=("NPS",))
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


#: Every organisation here, to check them all.
ALL = (utility, bakery, startup, even_shop)
