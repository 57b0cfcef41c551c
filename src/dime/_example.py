"""The built-in example organisation: a plausible, plausibly unbalanced business."""

from __future__ import annotations

import functools
import random
from datetime import UTC, date, datetime
from typing import Final

import attrs

from dime._framework import FeedbackFolder, Foundation, Mindset, Pillar, Practice
from dime._model import (
    CES,
    CSAT,
    NPS,
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
    Score,
    Stage,
    Touchpoint,
)

__all__ = ["example"]

_D, _I, _M, _E = Pillar.D, Pillar.I, Pillar.M, Pillar.E

_COUNT, _RATE, _SCORE = MeasureKind.COUNT, MeasureKind.RATE, MeasureKind.SCORE
#: The one measure held to a target, month by month.
ON_TIME: Final = "on-time delivery"

_DEPARTMENTS = (
    Department(
        name="Customer Service",
        objective="Resolve every contact at the first touch, warmly",
        measures=(
            Measure(name="first-contact resolution", kind=_RATE, unit="%"),
            Measure(name="customer satisfaction (CSAT)", kind=_SCORE, scale="csat"),
        ),
    ),
    Department(
        name="Marketing",
        objective="Make every campaign feel like a conversation, not a broadcast",
        measures=(
            Measure(name="net promoter score", kind=_SCORE, scale="nps"),
            Measure(name="campaign engagement", kind=_RATE, unit="%"),
        ),
    ),
    Department(
        name="Sales",
        objective="Help customers choose well, not just buy more",
        measures=(
            Measure(name="share of orders returned", kind=_RATE, unit="%", higher_is_better=False),
        ),
    ),
    Department(name="IT"),
    Department(
        name="Operations",
        objective="Deliver on the promised day, every time",
        measures=(
            Measure(name=ON_TIME, kind=_RATE, unit="%", target=95),
            Measure(name="damaged-in-transit rate", kind=_RATE, unit="%", higher_is_better=False),
        ),
        measurements=tuple(
            Measurement(measure=ON_TIME, value=value, on=date(year, month, 28))
            for year, month, value in (
                (2025, 6, 88.5),
                (2025, 9, 90),
                (2025, 11, 93),
                (2026, 2, 93.5),
                (2026, 5, 94.5),
                (2026, 8, 95.5),
                (2026, 10, 96),
            )
        ),
    ),
    Department(
        name="HR",
        objective="Hire and grow people who enjoy serving customers",
        measures=(Measure(name="staff engagement survey", kind=_SCORE, scale="csat"),),
    ),
)

# Each touchpoint: id, name, channel, stage, the pillars it serves, its owner.
_TOUCHPOINTS: tuple[tuple[str, str, Channel, Stage, set[Pillar], str | None], ...] = (
    (
        "web-home",
        "Website home page",
        Channel.WEB,
        Stage.PRE_PURCHASE,
        {_E},
        "Marketing",
    ),
    (
        "web-product",
        "Product pages",
        Channel.WEB,
        Stage.PRE_PURCHASE,
        {_E, _M},
        "Marketing",
    ),
    (
        "search-ads",
        "Search adverts",
        Channel.WEB,
        Stage.PRE_PURCHASE,
        {_E},
        "Marketing",
    ),
    (
        "instagram",
        "Instagram",
        Channel.SOCIAL,
        Stage.PRE_PURCHASE,
        {_E, _M},
        "Marketing",
    ),
    (
        "catalogue",
        "Seasonal catalogue",
        Channel.MAIL,
        Stage.PRE_PURCHASE,
        {_E},
        "Marketing",
    ),
    (
        "newsletter",
        "Weekly newsletter",
        Channel.EMAIL,
        Stage.PRE_PURCHASE,
        {_E},
        "Marketing",
    ),
    (
        "planner-app",
        "Garden planner app",
        Channel.APP,
        Stage.PRE_PURCHASE,
        {_E, _M},
        "IT",
    ),
    (
        "store-floor",
        "Shop floor advice",
        Channel.IN_PERSON,
        Stage.PRE_PURCHASE,
        {_I},
        "Sales",
    ),
    (
        "advice-chat",
        "Plant advice chat",
        Channel.CHAT,
        Stage.PRE_PURCHASE,
        {_I},
        "Sales",
    ),
    ("web-checkout", "Web checkout", Channel.WEB, Stage.PURCHASE, {_E}, "IT"),
    ("app-checkout", "App checkout", Channel.APP, Stage.PURCHASE, {_E}, "IT"),
    ("tills", "Shop tills", Channel.IN_PERSON, Stage.PURCHASE, {_I, _E}, "Sales"),
    ("phone-orders", "Phone orders", Channel.PHONE, Stage.PURCHASE, {_I}, "Sales"),
    (
        "collect-desk",
        "Click-and-collect desk",
        Channel.IN_PERSON,
        Stage.PURCHASE,
        {_I},
        "Sales",
    ),
    (
        "order-email",
        "Order confirmation email",
        Channel.EMAIL,
        Stage.PURCHASE,
        set(),
        "IT",
    ),
    (
        "delivery-sms",
        "Delivery updates",
        Channel.EMAIL,
        Stage.POST_PURCHASE,
        {_E},
        "Operations",
    ),
    (
        "drivers",
        "Delivery drivers",
        Channel.IN_PERSON,
        Stage.POST_PURCHASE,
        {_I},
        "Operations",
    ),
    (
        "returns-desk",
        "Returns desk",
        Channel.IN_PERSON,
        Stage.POST_PURCHASE,
        {_I},
        "Customer Service",
    ),
    (
        "support-line",
        "Support phone line",
        Channel.PHONE,
        Stage.POST_PURCHASE,
        {_I},
        "Customer Service",
    ),
    (
        "support-chat",
        "Support chat",
        Channel.CHAT,
        Stage.POST_PURCHASE,
        {_I},
        "Customer Service",
    ),
    (
        "review-email",
        "Review request email",
        Channel.EMAIL,
        Stage.POST_PURCHASE,
        {_M},
        "Marketing",
    ),
    (
        "loyalty-app",
        "Loyalty club app",
        Channel.APP,
        Stage.POST_PURCHASE,
        {_E, _M},
        "Marketing",
    ),
    (
        "social-dms",
        "Social media messages",
        Channel.SOCIAL,
        Stage.POST_PURCHASE,
        {_I},
        "Customer Service",
    ),
    (
        "assembly-visit",
        "Assembly service visit",
        Channel.IN_PERSON,
        Stage.POST_PURCHASE,
        {_I},
        "Operations",
    ),
    ("warranty", "Warranty claims", Channel.MAIL, Stage.POST_PURCHASE, set(), None),
)

_A = {
    "attitudes": Foundation.ORGANISATIONAL_ATTITUDES.area,
    "behaviours": Foundation.PEOPLE_BEHAVIOURS.area,
    "knowing": Foundation.KNOWING_CUSTOMERS.area,
    "value": Foundation.INCREASING_VALUE.area,
    "employee": Practice.EMPLOYEE_EXPERIENCE.area,
    "care": Practice.CUSTOMER_CARE.area,
    "feedback": Practice.CUSTOMER_FEEDBACK.area,
    "cx": Practice.CUSTOMER_EXPERIENCE.area,
    "listening": FeedbackFolder.LISTENING.area,
    "insights": FeedbackFolder.INSIGHTS.area,
    "improving": FeedbackFolder.IMPROVING.area,
    "planning": FeedbackFolder.PLANNING.area,
    "functional": Mindset.FUNCTIONAL.area,
    "operational": Mindset.OPERATIONAL.area,
    "emotional": Mindset.EMOTIONAL.area,
    "constructive": Mindset.CONSTRUCTIVE.area,
}

_P, _ACT, _DONE, _DROP = (
    InitiativeStatus.PLANNED,
    InitiativeStatus.ACTIVE,
    InitiativeStatus.DONE,
    InitiativeStatus.DROPPED,
)
_S = ImprovementStep

# (title, area key, owner, status, started, finished, effort, step)
# Months are counted from January 2025.  The organisation pours effort into
# new experiences and customer care, and barely touches the Deliberate pillar.
_INITIATIVES = (
    ("Redesign the product pages", "cx", "Marketing", _DONE, 4, 8, 8, _S.MEASURE),
    ("One-page web checkout", "cx", "IT", _DONE, 5, 9, 10, _S.FIX),
    ("Loyalty club app launch", "value", "Marketing", _DONE, 6, 11, 12, _S.REINFORCE),
    ("Same-day delivery pilot", "value", "Operations", _DONE, 7, 10, 6, _S.DELIVER),
    ("Garden planner app", "cx", "IT", _DONE, 6, 12, 14, _S.MEASURE),
    ("Seasonal pop-up shops", "cx", "Marketing", _DONE, 9, 11, 5, _S.DELIVER),
    ("Personalised newsletter", "value", "Marketing", _ACT, 11, None, 6, _S.DELIVER),
    ("App push offers", "cx", "Marketing", _DONE, 12, 14, 4, _S.FIX),
    ("Augmented-reality garden preview", "cx", "IT", _ACT, 14, None, 16, _S.DELIVER),
    ("Members' early access", "value", "Marketing", _ACT, 15, None, 5, _S.KNOW_NEED),
    ("Subscription plant boxes", "value", "Sales", _ACT, 16, None, 9, _S.DELIVER),
    ("Store refit: experience zones", "cx", "Sales", _ACT, 17, None, 12, _S.DELIVER),
    ("Instagram shopping", "cx", "Marketing", _DONE, 13, 15, 3, _S.FIX),
    ("Gift-wrapping service", "value", "Sales", _DONE, 10, 11, 2, None),
    ("Growth plan 2026", "constructive", "Marketing", _DONE, 12, 13, 3, _S.REINFORCE),
    (
        "Expansion roadmap to two new regions",
        "constructive",
        "Marketing",
        _ACT,
        16,
        None,
        4,
        _S.KNOW_NEED,
    ),
    (
        "Callback instead of hold queue",
        "care",
        "Customer Service",
        _DONE,
        4,
        6,
        5,
        _S.MEASURE,
    ),
    (
        "Returns without receipts",
        "care",
        "Customer Service",
        _DONE,
        6,
        7,
        2,
        _S.REINFORCE,
    ),
    ("Chat on every support page", "care", "Customer Service", _DONE, 8, 10, 6, _S.FIX),
    (
        "Complaint follow-up within 48 hours",
        "care",
        "Customer Service",
        _ACT,
        13,
        None,
        4,
        _S.DELIVER,
    ),
    (
        "Driver courtesy training",
        "behaviours",
        "Operations",
        _DONE,
        5,
        6,
        3,
        _S.MEASURE,
    ),
    (
        "Shop-floor greeting standard",
        "behaviours",
        "Sales",
        _DONE,
        7,
        8,
        2,
        _S.REINFORCE,
    ),
    (
        "Knowledge base for advisers",
        "care",
        "Customer Service",
        _DONE,
        9,
        12,
        5,
        _S.FIX,
    ),
    (
        "Weekend phone cover",
        "operational",
        "Customer Service",
        _DONE,
        10,
        11,
        3,
        _S.DELIVER,
    ),
    (
        "Daily stand-up on open complaints",
        "operational",
        "Customer Service",
        _ACT,
        14,
        None,
        2,
        _S.REINFORCE,
    ),
    (
        "Rota tool for peak season",
        "operational",
        "Operations",
        _DONE,
        9,
        10,
        3,
        _S.DELIVER,
    ),
    (
        "Tag incoming emails by topic",
        "listening",
        "Customer Service",
        _DONE,
        6,
        7,
        2,
        _S.DELIVER,
    ),
    (
        "Social listening dashboard",
        "listening",
        "Marketing",
        _DONE,
        8,
        9,
        3,
        _S.MEASURE,
    ),
    (
        "Review request after delivery",
        "feedback",
        "Marketing",
        _DONE,
        7,
        8,
        2,
        _S.DELIVER,
    ),
    ("Post-chat survey", "feedback", "Customer Service", _DONE, 10, 11, 1, _S.DELIVER),
    (
        "Monthly complaints digest",
        "insights",
        "Customer Service",
        _ACT,
        15,
        None,
        2,
        _S.FIND_PROBLEMS,
    ),
    (
        "Customer panel (quarterly)",
        "knowing",
        "Marketing",
        _DROP,
        5,
        7,
        2,
        _S.KNOW_NEED,
    ),
    (
        "Segment customers by garden type",
        "knowing",
        "Marketing",
        _DONE,
        8,
        10,
        3,
        _S.KNOW_NEED,
    ),
    (
        "Fix the damaged-parcel process",
        "improving",
        "Operations",
        _DONE,
        11,
        12,
        2,
        _S.FIX,
    ),
    ("Sales floor KPI review", "functional", "Sales", _DONE, 9, 9, 1, _S.MEASURE),
    (
        "Service-level reporting",
        "functional",
        "Customer Service",
        _ACT,
        14,
        None,
        2,
        _S.MEASURE,
    ),
    ("Onboarding buddy scheme", "employee", "HR", _DROP, 4, 6, 2, _S.KNOW_NEED),
    ("Staff discount refresh", "employee", "HR", _DONE, 5, 5, 1, None),
    ("Recognition wall for great service", "employee", "HR", _P, None, None, 1, None),
    ("Write down the service values", "attitudes", "HR", _DROP, 2, 3, 1, _S.KNOW_NEED),
    (
        "Customer journey mapping workshop",
        "emotional",
        "Marketing",
        _P,
        None,
        None,
        2,
        None,
    ),
    (
        "Roadmap from customer suggestions",
        "planning",
        "Marketing",
        _P,
        None,
        None,
        2,
        None,
    ),
    ("Live chat in the app", "cx", "IT", _P, None, None, 6, None),
    (
        "Next-day delivery everywhere",
        "value",
        "Operations",
        _ACT,
        17,
        None,
        10,
        _S.DELIVER,
    ),
    ("Self-checkout kiosks", "cx", "Sales", _ACT, 16, None, 8, _S.FIND_PROBLEMS),
    ("Tag chats by topic", "listening", "Customer Service", _DONE, 18, 19, 1, _S.DELIVER),
    (
        "Peer coaching on tone of voice",
        "behaviours",
        "Customer Service",
        _ACT,
        19,
        None,
        1,
        _S.DELIVER,
    ),
    ("Fix the most-reported app bug", "improving", "IT", _DONE, 19, 20, 1, _S.MEASURE),
    (
        "Exit interviews with lapsed customers",
        "knowing",
        "Marketing",
        _ACT,
        20,
        None,
        1,
        _S.KNOW_NEED,
    ),
    ("Delivery questions in the survey", "feedback", "Operations", _ACT, 20, None, 1, _S.DELIVER),
)

_RESPONSIBILITIES = (
    Responsibility(
        holder="Priya Natarajan",
        mindset=Mindset.FUNCTIONAL,
        department="Customer Service",
        share=0.2,
    ),
    Responsibility(holder="Tom Okafor", mindset=Mindset.FUNCTIONAL, department="Sales", share=0.1),
    Responsibility(
        holder="Support team leads",
        mindset=Mindset.OPERATIONAL,
        department="Customer Service",
        share=0.6,
    ),
    Responsibility(
        holder="Shop managers",
        mindset=Mindset.OPERATIONAL,
        department="Sales",
        share=0.5,
    ),
    Responsibility(
        holder="Logistics desk",
        mindset=Mindset.OPERATIONAL,
        department="Operations",
        share=0.3,
    ),
    Responsibility(
        holder="Elena Marsh",
        mindset=Mindset.CONSTRUCTIVE,
        department="Marketing",
        share=0.7,
    ),
    Responsibility(holder="Digital team", mindset=Mindset.CONSTRUCTIVE, department="IT", share=0.5),
)

# (area key, score, month, day, assessor); two areas are never assessed.
_ASSESSMENTS = (
    ("attitudes", 1, 3, 14, "Leadership team"),
    ("behaviours", 3, 3, 14, "Leadership team"),
    ("knowing", 2, 3, 14, "Leadership team"),
    ("value", 4, 3, 14, "Leadership team"),
    ("employee", 1.5, 3, 14, "Leadership team"),
    ("care", 3.5, 3, 14, "Leadership team"),
    ("feedback", 2.5, 3, 14, "Leadership team"),
    ("cx", 4, 3, 14, "Leadership team"),
    ("listening", 3, 3, 14, "Leadership team"),
    ("insights", 2, 3, 14, "Leadership team"),
    ("functional", 2.5, 3, 14, "Leadership team"),
    ("operational", 3.5, 3, 14, "Leadership team"),
    ("constructive", 4, 3, 14, "Leadership team"),
    ("attitudes", 1.5, 15, 2, "Leadership team"),
    ("value", 4.5, 15, 2, "Leadership team"),
    ("cx", 4.5, 15, 2, "Leadership team"),
    ("care", 4, 15, 2, "Leadership team"),
    ("improving", 2.5, 15, 2, "Leadership team"),
)

_TEXTS = {
    FeedbackKind.JUNK: (
        "Do you sell car parts?",
        "Win a free cruise, click here",
        "asdf",
        "Please unsubscribe my old address",
    ),
    FeedbackKind.BILL: (
        "My order arrived two days late.",
        "The planter was cracked when it came.",
        "I waited forty minutes on the phone.",
        "The app logged me out at checkout.",
        "Nobody at the desk knew where my order was.",
        "I was charged twice.",
    ),
    FeedbackKind.ROUTINE: (
        "Do you deliver on Saturdays?",
        "Is this rose hardy in frost?",
        "How do I change my delivery address?",
        "When does the spring catalogue come out?",
        "Can I return an item bought online in a shop?",
    ),
    FeedbackKind.GIFT: (
        "The driver carried everything to the back garden. Thank you!",
        "Best plant advice I've ever had.",
        "The planner app made our garden plan so easy.",
        "Lovely, patient staff at the tills.",
    ),
}
_KIND_WEIGHTS = {
    FeedbackKind.JUNK: 12,
    FeedbackKind.BILL: 26,
    FeedbackKind.ROUTINE: 48,
    FeedbackKind.GIFT: 14,
}
# Feedback is mostly filed under listening; little of it ever reaches the
# planning folder, and a sixth is never filed at all.
_FOLDER_WEIGHTS = {
    FeedbackFolder.LISTENING: 30,
    FeedbackFolder.INSIGHTS: 28,
    FeedbackFolder.IMPROVING: 24,
    FeedbackFolder.PLANNING: 1,
    None: 17,
}
# Touchpoints feedback arrives through, by weight; the warranty claims
# touchpoint is never heard from.
_HEARD = {
    "support-line": 14,
    "support-chat": 12,
    "returns-desk": 7,
    "drivers": 6,
    "delivery-sms": 5,
    "review-email": 9,
    "social-dms": 7,
    "instagram": 4,
    "web-checkout": 5,
    "app-checkout": 3,
    "tills": 4,
    "store-floor": 3,
    "advice-chat": 3,
    "loyalty-app": 3,
    "phone-orders": 2,
    "web-product": 2,
    "assembly-visit": 2,
    "collect-desk": 2,
    "planner-app": 1,
    "newsletter": 1,
    "catalogue": 1,
    "order-email": 1,
    "search-ads": 1,
    "web-home": 1,
}

_FEEDBACK_COUNT = 3200
_START = datetime(2025, 5, 1, tzinfo=UTC)
_SPAN = datetime(2026, 10, 31, 18, tzinfo=UTC) - _START


def _month(n: int | None, day: int = 1) -> date | None:
    """The ``day`` of month ``n``, counting from January 2025 as 1."""
    if n is None:
        return None
    return date(2025 + (n - 1) // 12, (n - 1) % 12 + 1, day)


# Scores: half on CSAT, three in ten on NPS, the rest on CES, shaped by the kind
# of feedback.  The returns desk scores far below the rest of its stage, and the
# delivery drivers' CSAT fell after the same-day delivery pilot changed their rounds.
_SCALE_WEIGHTS = {CSAT: 50, NPS: 30, CES: 20}
_VALUES = {
    NPS.name: {
        FeedbackKind.BILL: (0, 1, 2, 3, 4, 5, 6, 7),
        FeedbackKind.ROUTINE: (5, 7, 8, 8, 9, 9, 10),
        FeedbackKind.GIFT: (8, 9, 10, 10),
    },
    CSAT.name: {
        FeedbackKind.BILL: (1, 2, 2, 3),
        FeedbackKind.ROUTINE: (3, 4, 4, 5, 5),
        FeedbackKind.GIFT: (4, 5, 5),
    },
    CES.name: {
        FeedbackKind.BILL: (1, 2, 3, 4),
        FeedbackKind.ROUTINE: (4, 5, 6, 6, 7),
        FeedbackKind.GIFT: (5, 6, 7, 7),
    },
}
_WORSE: Final = {"returns-desk": 2}
_DRIVERS_CHANGED: Final = datetime(2025, 11, 1, tzinfo=UTC)


def _score(rng: random.Random, kind: FeedbackKind, tp: str | None, at: datetime) -> Score:
    scales, weights = zip(*_SCALE_WEIGHTS.items(), strict=True)
    scale = rng.choices(scales, weights)[0]
    value = rng.choice(_VALUES[scale.name][kind])
    drop = _WORSE.get(tp or "", 0) + (2 if tp == "drivers" and at >= _DRIVERS_CHANGED else 0)
    if drop:
        value = max(int(scale.minimum), value - round(drop * (scale.maximum - scale.minimum) / 6))
    return Score(scale=scale.name, value=value)


def _feedback(touchpoints: dict[str, Touchpoint]) -> tuple[Feedback, ...]:
    rng = random.Random(20250501)
    # Scores come from their own generator, so that the rest of the example is
    # the same as before scores had scales.
    scoring = random.Random(20251101)
    kinds, kind_w = zip(*_KIND_WEIGHTS.items(), strict=True)
    folders, folder_w = zip(*_FOLDER_WEIGHTS.items(), strict=True)
    heard, heard_w = zip(*_HEARD.items(), strict=True)
    items = []
    for n in range(_FEEDBACK_COUNT):
        # Feedback grows over time: square-root spacing puts more of it late.
        at = _START + _SPAN * (rng.random() ** 0.8)
        at = at.replace(second=0, microsecond=0)
        kind = rng.choices(kinds, kind_w)[0]
        tp = touchpoints[rng.choices(heard, heard_w)[0]] if rng.random() < 0.9 else None
        _ = rng.choice((1, 2)) if kind is FeedbackKind.BILL else rng.randint(3, 5)
        items.append(
            Feedback(
                id=f"fb-{n + 1:05d}",
                received=at,
                kind=kind,
                folder=None if kind is FeedbackKind.JUNK else rng.choices(folders, folder_w)[0],
                touchpoint=None if tp is None else tp.id,
                channel=None if tp is None else tp.channel,
                text=rng.choice(_TEXTS[kind]),
                score=(
                    _score(scoring, kind, None if tp is None else tp.id, at)
                    if kind is not FeedbackKind.JUNK and rng.random() < 0.6
                    else None
                ),
            )
        )
    items.sort(key=lambda f: (f.received, f.id))
    # The support team takes the complaints that reach its own touchpoints into its queue.
    queue = {tid for tid, _, _, _, _, owner in _TOUCHPOINTS if owner == _SUPPORT}
    return tuple(
        attrs.evolve(f, assigned_to=_SUPPORT)
        if f.kind is FeedbackKind.BILL and f.touchpoint in queue
        else f
        for f in items
    )


_SUPPORT: Final = "Customer Service"
#: The initiative that closed a loop: a delivery complaint it answered, the measure it moved.
_PILOT: Final = "Same-day delivery pilot"
_PILOT_ADDRESSES: Final = ("fb-00307",)
_PILOT_OUTCOME: Final = Outcome(
    measure=ON_TIME, before=88.5, after=93, measured_on=date(2025, 11, 28)
)


@functools.cache
def example() -> Framework:
    """The built-in example organisation: Larkspur Home & Garden.

    A mid-sized home-and-garden retailer with shops, a web store and an app,
    six departments, 25 touchpoints across every buying stage, 50 initiatives
    over eighteen months, a few thousand pieces of feedback, who holds which
    mindset, and two rounds of self-assessment.

    Like most real organisations it is unbalanced: it pours effort into new
    experiences (the E pillar) and customer care, barely touches the
    Deliberate pillar, nobody holds the emotional mindset, the planning
    folder is nearly empty and some feedback is never filed.  Operations is
    held to an on-time delivery target, which it now meets; the same-day
    delivery pilot answered a delivery complaint and records what it moved.  It is built
    the same way every time (the same object, in fact: frameworks are
    immutable, so it is made once).

    >>> import dime
    >>> fw = dime.example()
    >>> fw.name
    'Larkspur Home & Garden'
    >>> len(fw.touchpoints), len(fw.initiatives), len(fw.feedback)
    (25, 50, 3200)
    >>> fw is dime.example()
    True
    """
    touchpoints = {
        tid: Touchpoint(
            id=tid,
            name=name,
            channel=channel,
            stage=stage,
            pillars=pillars,
            owner=owner,
        )
        for tid, name, channel, stage, pillars, owner in _TOUCHPOINTS
    }
    initiatives = tuple(
        Initiative(
            id=f"init-{n:02d}",
            title=title,
            area=_A[area],
            owner=owner,
            status=status,
            started=_month(start, 6),
            finished=_month(end, 25),
            effort=effort,
            step=step,
            addresses=_PILOT_ADDRESSES if title == _PILOT else (),
            outcome=_PILOT_OUTCOME if title == _PILOT else None,
        )
        for n, (title, area, owner, status, start, end, effort, step) in enumerate(_INITIATIVES, 1)
    )
    assessments = tuple(
        Assessment(area=_A[area], score=score, on=_month(month, day), assessor=who)  # type: ignore[arg-type]
        for area, score, month, day, who in _ASSESSMENTS
    )
    return Framework(
        name="Larkspur Home & Garden",
        touchpoints=tuple(touchpoints.values()),
        initiatives=initiatives,
        feedback=_feedback(touchpoints),
        responsibilities=_RESPONSIBILITIES,
        departments=_DEPARTMENTS,
        assessments=assessments,
        metadata={"sector": "retail", "size": "mid-sized", "fictional": True},
    )
