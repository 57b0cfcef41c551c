"""One organisation's state in the framework: the records and their root.

Every record is a frozen, slotted attrs class derived from
:class:`dime._fields.Model`, declared once: its fields' types, defaults and
constraints are read from the class, and its constructor checks every field, reporting every
problem at once as :class:`~dime.exceptions.InvalidFieldError` (or
:class:`~dime.exceptions.FieldTypeError` for values of the wrong type), with
paths such as ``$.owner``.  :class:`Framework` then checks that the records
fit together, and reports every problem at once too.

To change one field of a record and keep all the others, use
:func:`attrs.evolve` (or :meth:`Framework.update` for a record in a
framework).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from datetime import date, datetime
from operator import attrgetter
from typing import Annotated, Any, ClassVar, Final, TypeAlias, TypeVar

import attrs

from dime._fields import (
    EMPTY_METADATA,
    MAY_BE_BLANK,
    JSONValue,
    Model,
    Range,
    Shape,
    WireEnum,
    as_frozenset,
    as_tuple,
    fixed_offset,
    key_of,
    refers,
    specs_of,
)
from dime._framework import Area, FeedbackFolder, Layer, Mindset, Pillar
from dime._problems import got, shown
from dime.exceptions import (
    InvalidFrameworkError,
    Problem,
    UnknownRecordError,
)

__all__ = [
    "BUILT_IN_SCALES",
    "CES",
    "COLLECTIONS",
    "CSAT",
    "EMPTY_METADATA",
    "NPS",
    "Assessment",
    "Channel",
    "Department",
    "Feedback",
    "FeedbackKind",
    "Framework",
    "ImprovementStep",
    "Initiative",
    "InitiativeStatus",
    "JSONValue",
    "Measure",
    "MeasureKind",
    "Measurement",
    "Outcome",
    "Record",
    "Responsibility",
    "Scale",
    "Score",
    "Stage",
    "Touchpoint",
    "collections_of",
]


class Channel(WireEnum):
    """A channel through which customers meet the organisation.

    >>> Channel("in_person")
    Channel.IN_PERSON
    >>> Channel.IN_PERSON.title
    'In person'
    """

    #: Face to face: a shop, a branch, a visit.
    IN_PERSON = "in_person"
    #: A phone call.
    PHONE = "phone"
    #: Email.
    EMAIL = "email"
    #: The website.
    WEB = "web"
    #: A mobile or desktop app.
    APP = "app"
    #: Social media.
    SOCIAL = "social"
    #: Live chat or messaging.
    CHAT = "chat"
    #: Letters and parcels.
    MAIL = "mail"
    #: Anything else.
    OTHER = "other"

    @property
    def title(self) -> str:
        """The channel's name for people, such as ``"In person"``."""
        return str(self.value).replace("_", " ").capitalize()


class Stage(WireEnum):
    """A stage of the buying cycle.

    >>> [s.title for s in Stage]
    ['Pre-purchase', 'Purchase', 'Post-purchase']
    >>> Stage.PURCHASE < Stage.POST_PURCHASE
    True
    """

    #: Before the purchase: finding, comparing, deciding.
    PRE_PURCHASE = "pre_purchase"
    #: The purchase itself.
    PURCHASE = "purchase"
    #: After the purchase: delivery, use, support, coming back.
    POST_PURCHASE = "post_purchase"

    @property
    def title(self) -> str:
        """The stage's name for people, such as ``"Pre-purchase"``."""
        return str(self.value).replace("_", "-").capitalize()

    @property
    def index(self) -> int:
        """The stage's place in the buying cycle, from 0 to 2."""
        return _STAGE_INDEX[self]

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Stage):
            return NotImplemented
        return self.index < other.index


_STAGE_INDEX = {s: i for i, s in enumerate(Stage)}


class InitiativeStatus(WireEnum):
    """Where an initiative stands.

    >>> InitiativeStatus("done")
    InitiativeStatus.DONE
    """

    #: Agreed but not started.
    PLANNED = "planned"
    #: Under way.
    ACTIVE = "active"
    #: Finished.
    DONE = "done"
    #: Stopped before it was finished.
    DROPPED = "dropped"


class ImprovementStep(WireEnum):
    """A step of the six basic starter steps for improving customer service, in order.

    The steps are credited to Success Academy; they are a general starting
    point for improving customer service, not part of the DIME framework.

    >>> ImprovementStep.MEASURE.description
    'Measure the results'
    >>> ImprovementStep.FIX < ImprovementStep.MEASURE
    True
    """

    #: Know the real customer need.
    KNOW_NEED = "know_need"
    #: Deliver service based on it.
    DELIVER = "deliver"
    #: Find the problems across all contact points.
    FIND_PROBLEMS = "find_problems"
    #: Fix them.
    FIX = "fix"
    #: Measure the results.
    MEASURE = "measure"
    #: Keep building support to reinforce the system.
    REINFORCE = "reinforce"

    @property
    def description(self) -> str:
        """What the step is, in a few words."""
        return _STEP_DESCRIPTIONS[self]

    @property
    def index(self) -> int:
        """The step's place in the cycle, from 0 to 5."""
        return _STEP_INDEX[self]

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, ImprovementStep):
            return NotImplemented
        return self.index < other.index


_STEP_DESCRIPTIONS = {
    ImprovementStep.KNOW_NEED: "Know the real customer need",
    ImprovementStep.DELIVER: "Deliver service based on it",
    ImprovementStep.FIND_PROBLEMS: "Find the problems across all contact points",
    ImprovementStep.FIX: "Fix them",
    ImprovementStep.MEASURE: "Measure the results",
    ImprovementStep.REINFORCE: "Keep building support to reinforce the system",
}
_STEP_INDEX = {s: i for i, s in enumerate(ImprovementStep)}


class FeedbackKind(WireEnum):
    """What a piece of feedback is worth, in the framework's mail analogy.

    Feedback arrives like mail: some is junk, some are bills (complaints:
    unwelcome, but they must be accepted and dealt with), some is routine
    (needed, of little value) and now and then a gift.  Keep all of it;
    the balance checker counts complaints apart.

    >>> FeedbackKind.BILL.description
    'Unwelcome but must be accepted, such as a complaint'
    """

    #: Of no use.
    JUNK = "junk"
    #: Unwelcome but must be accepted: complaints.
    BILL = "bill"
    #: Needed but of little value.
    ROUTINE = "routine"
    #: Praise, a delightful surprise.
    GIFT = "gift"

    @property
    def description(self) -> str:
        """What this kind of feedback is, in a few words."""
        return _KIND_DESCRIPTIONS[self]


_KIND_DESCRIPTIONS = {
    FeedbackKind.JUNK: "Of no use, like junk mail",
    FeedbackKind.BILL: "Unwelcome but must be accepted, such as a complaint",
    FeedbackKind.ROUTINE: "Needed but of little value",
    FeedbackKind.GIFT: "Praise or a delightful surprise",
}


def _metadata() -> Any:  # noqa: ANN401 - attrs fields are typed by their annotation
    return attrs.field(default=EMPTY_METADATA, hash=False)


# One converter per element type, so that type checkers see what each field takes.
def _strings(value: Iterable[str]) -> tuple[str, ...]:
    return as_tuple(value)  # type: ignore[no-any-return]


def _pillar_set(value: Iterable[Pillar]) -> frozenset[Pillar]:
    return as_frozenset(value)  # type: ignore[no-any-return]


class MeasureKind(WireEnum):
    """What a department's measure counts.

    >>> MeasureKind("rate")
    MeasureKind.RATE
    """

    #: A score of customers' feedback on a scale, as the library computes it: the NPS
    #: (-100 to 100), the CSAT (the percentage of 4s and 5s) or a mean (CES, custom scales).
    SCORE = "score"
    #: How many or how much of something, in its unit (tickets, days); never negative.
    COUNT = "count"
    #: A share or a frequency, in its unit (``%``, per 1,000 orders).
    RATE = "rate"


def _measure_fits_kind(measure: Measure) -> Iterator[Problem]:
    if measure.kind is MeasureKind.SCORE:
        if measure.scale is None:
            yield Problem(
                "$.scale",
                f"measure {measure.name!r} is a score but names no scale; give the scale "
                "(nps, csat, ces or one the framework declares)",
            )
            return
        scale = BUILT_IN_SCALES.get(measure.scale)
        if scale is not None:
            yield from scale_problems(measure, scale, "$")
    elif measure.scale is not None:
        yield Problem(
            "$.scale",
            f"measure {measure.name!r} is a {measure.kind.value}, which has no scale; "
            "make its kind score, or leave the scale out",
        )
    elif measure.kind is MeasureKind.COUNT:
        problem = value_problem(measure, measure.target)
        if problem is not None:
            yield Problem("$.target", problem)


@attrs.frozen(kw_only=True)
class Measure(Model, key="name", checks=[_measure_fits_kind]):
    """A measure a department is held to: what it counts, and the target it aims for.

    Args:
        name: Unique among the department's measures.
        kind: What it counts: a score on a scale, a count or a rate.
        scale: For a score, the scale (``"nps"``, ``"csat"``, ``"ces"`` or one the
            framework declares); its target and measurements are the score as the
            library computes it (see :attr:`Scale.score_bounds`).  None for a count or a rate.
        unit: What the values are counted in (``"%"``, ``"days"``), or None.
        target: The value the department aims for, or None: a measure with no
            target is recorded and shown, never compared.
        higher_is_better: Whether a higher value is better; for a score, as its scale says.
        metadata: Free JSON data, kept untouched.

    >>> Measure(name="first-contact resolution", kind=MeasureKind.RATE, unit="%", target=80).target
    80
    >>> Measure(name="NPS", kind=MeasureKind.SCORE, scale="nps", target=120)
    Traceback (most recent call last):
      ...
    dime.exceptions.InvalidFieldError: 1 problem in the Measure:
      $.target: measure 'NPS': the target is 120, outside the nps score's bounds, -100 to 100
    """

    name: str
    kind: MeasureKind
    scale: str | None = None
    unit: str | None = None
    target: float | None = None
    higher_is_better: bool = True
    metadata: Mapping[str, JSONValue] = _metadata()

    #: What the JSON Schema can say of the fields together: a score names its scale,
    #: nothing else does, a count's target is not negative, a built-in score's is in bounds.
    __dime_schema__: ClassVar[dict[str, Any]] = {
        "allOf": [
            {
                "if": {"properties": {"kind": {"const": "score"}}},
                "then": {"required": ["scale"], "properties": {"scale": {"type": "string"}}},
                "else": {"properties": {"scale": {"type": "null"}}},
            },
            {
                "if": {"properties": {"kind": {"const": "count"}}},
                "then": {"properties": {"target": {"type": ["number", "null"], "minimum": 0}}},
            },
            *(
                {
                    "if": {"properties": {"scale": {"const": name}}, "required": ["scale"]},
                    "then": {
                        "properties": {
                            "target": {
                                "type": ["number", "null"],
                                "minimum": low,
                                "maximum": high,
                            },
                            "higher_is_better": {"const": True},
                        }
                    },
                }
                for name, (low, high) in (("nps", (-100, 100)), ("csat", (0, 100)), ("ces", (1, 7)))
            ),
        ]
    }


def scale_problems(measure: Measure, scale: Scale, path: str) -> Iterator[Problem]:
    """What does not fit between a score measure and its scale: its direction and its target."""
    if measure.higher_is_better != scale.higher_is_better:
        better = "higher" if scale.higher_is_better else "lower"
        yield Problem(
            f"{path}.higher_is_better",
            f"measure {measure.name!r} says {'higher' if measure.higher_is_better else 'lower'} "
            f"is better, but on the {scale.name} scale {better} is better",
        )
    problem = value_problem(measure, measure.target, scale)
    if problem is not None:
        yield Problem(f"{path}.target", problem)


def value_problem(
    measure: Measure, value: float | None, scale: Scale | None = None, *, what: str = "the target"
) -> str | None:
    """What makes ``value`` impossible for the measure (outside its score's bounds, a negative count)."""
    if value is None:
        return None
    if scale is not None:
        low, high = scale.score_bounds
        if not low <= value <= high:
            return (
                f"measure {measure.name!r}: {what} is {shown(value)}, outside the "
                f"{scale.name} score's bounds, {shown_number(low)} to {shown_number(high)}"
            )
    elif measure.kind is MeasureKind.COUNT and value < 0:
        return f"measure {measure.name!r} is a count, so {what} cannot be {shown(value)}"
    return None


@attrs.frozen(kw_only=True)
class Measurement(Model):
    """One value of a department's measure, on one day.

    Args:
        measure: The name of the department's measure it is a value of.
        value: The value, in the measure's unit (for a score, the score).
        on: The day it was measured.
        metadata: Free JSON data, kept untouched.

    >>> from datetime import date
    >>> Measurement(measure="first-contact resolution", value=76.5, on=date(2026, 6, 30)).value
    76.5
    """

    measure: str
    value: float
    on: date
    metadata: Mapping[str, JSONValue] = _metadata()


def _measures_fit(department: Department) -> Iterator[Problem]:
    seen: dict[str, int] = {}
    for i, m in enumerate(department.measures):
        if m.name in seen:
            yield Problem(
                f"$.measures[{i}].name",
                f"department {department.name!r} has two measures named {m.name!r}: "
                f"measures {seen[m.name]} and {i}",
            )
        else:
            seen[m.name] = i
    by_name = {m.name: m for m in department.measures}
    for i, taken in enumerate(department.measurements):
        measure = by_name.get(taken.measure)
        if measure is None:
            known = ", ".join(repr(n) for n in by_name) or "none"
            yield Problem(
                f"$.measurements[{i}].measure",
                f"department {department.name!r} has no measure {taken.measure!r} "
                f"(its measures: {known})",
            )
            continue
        scale = BUILT_IN_SCALES.get(measure.scale) if measure.scale is not None else None
        if measure.kind is MeasureKind.SCORE and scale is None:
            continue  # a custom scale: the framework checks it
        what = f"the value on {taken.on.isoformat()}"
        problem = value_problem(measure, taken.value, scale, what=what)
        if problem is not None:
            yield Problem(f"$.measurements[{i}].value", problem)


def _measures(value: Iterable[Measure]) -> tuple[Measure, ...]:
    return as_tuple(value)  # type: ignore[no-any-return]


def _measurements(value: Iterable[Measurement]) -> tuple[Measurement, ...]:
    return as_tuple(value)  # type: ignore[no-any-return]


@attrs.frozen(kw_only=True)
class Department(Model, key="name", checks=[_measures_fit]):
    """A department, and how it is aligned on customer experience.

    Args:
        name: Unique among the framework's departments.
        objective: Its customer-experience objective, or None if it has none.
        measures: How it is measured on that objective: each a :class:`Measure`,
            with a name unique in the department.
        measurements: The values its measures took, each naming one of its measures.
        metadata: Free JSON data, kept untouched.

    >>> from datetime import date
    >>> support = Department(
    ...     name="Support",
    ...     measures=[Measure(name="CSAT", kind=MeasureKind.SCORE, scale="csat", target=85)],
    ...     measurements=[Measurement(measure="CSAT", value=81, on=date(2026, 6, 30))])
    >>> [m.name for m in support.measures]
    ['CSAT']
    >>> Department(name="IT", measurements=[Measurement(measure="uptime", value=99.9,
    ...                                                 on=date(2026, 6, 30))])
    Traceback (most recent call last):
      ...
    dime.exceptions.InvalidFieldError: 1 problem in the Department:
      $.measurements[0].measure: department 'IT' has no measure 'uptime' (its measures: none)
    """

    name: str
    objective: str | None = None
    measures: tuple[Measure, ...] = attrs.field(default=(), converter=_measures)
    measurements: tuple[Measurement, ...] = attrs.field(default=(), converter=_measurements)
    metadata: Mapping[str, JSONValue] = _metadata()


@attrs.frozen(kw_only=True)
class Touchpoint(Model, key="id"):
    """A contact point where customers meet the organisation.

    Args:
        id: Unique among the framework's touchpoints.
        name: What people call it.
        channel: The channel it is on.
        stage: The buying-cycle stage it belongs to.
        pillars: The pillars it serves; may be empty.
        owner: The name of the department that owns it, or None.
        metadata: Free JSON data, kept untouched.

    >>> tp = Touchpoint(id="web-checkout", name="Web checkout", channel=Channel.WEB,
    ...                 stage=Stage.PURCHASE, pillars={Pillar.E})
    >>> tp.pillars
    frozenset({Pillar.E})
    """

    id: str
    name: str
    channel: Channel
    stage: Stage
    pillars: frozenset[Pillar] = attrs.field(default=frozenset(), converter=_pillar_set)
    owner: Annotated[str | None, refers(Department)] = None
    metadata: Mapping[str, JSONValue] = _metadata()


def _finished_after_started(initiative: Initiative) -> Iterator[Problem]:
    started, finished = initiative.started, initiative.finished
    if started is not None and finished is not None and finished < started:
        yield Problem(
            "$.finished",
            f"finished {finished.isoformat()} is before started {started.isoformat()}",
        )


def _active_has_started(initiative: Initiative) -> Iterator[Problem]:
    if initiative.status is InitiativeStatus.ACTIVE and initiative.started is None:
        yield Problem(
            "$.started",
            f"initiative {initiative.id!r} is active but has no started day; give the day "
            "it started, or set its status to planned",
        )


@attrs.frozen(kw_only=True)
class Outcome(Model):
    """What an initiative moved: one of its owner's measures, before and after.

    Args:
        measure: The name of a measure of the department that owns the initiative.
        before: The measure's value before the work.
        after: Its value after the work.
        measured_on: The day ``after`` was measured.

    >>> from datetime import date
    >>> moved = Outcome(measure="on-time delivery", before=81, after=93,
    ...                 measured_on=date(2026, 6, 30))
    >>> moved.after - moved.before
    12
    """

    measure: str
    before: float
    after: float
    measured_on: date


@attrs.frozen(kw_only=True)
class Initiative(Model, key="id", checks=[_finished_after_started, _active_has_started]):
    """A piece of work done in one area of the grid.

    Args:
        id: Unique among the framework's initiatives.
        title: What the work is.
        area: The area it serves.
        owner: The name of the department that owns it, or None.
        status: Where it stands; ``planned`` (the default) counts as no
            attention until it starts.
        started: The day it started, or None; an ``active`` initiative must have one.
        finished: The day it finished, or None; never before ``started``.
        effort: How much work it is, in any unit the organisation uses
            consistently (person-weeks, say); a positive number.
        step: The starter step (see :class:`ImprovementStep`) it has reached, or None.
        addresses: The ids of the feedback items it answers (complaints, say);
            each must be in the framework's feedback, unless the framework holds
            no feedback at all (a structure whose feedback is read from a stream).
        outcome: What it moved (see :class:`Outcome`), once measured, or None.
        metadata: Free JSON data, kept untouched.

    >>> from datetime import date
    >>> from dime import Practice
    >>> Initiative(id="i-1", title="Welcome call", area=Practice.CUSTOMER_CARE.area,
    ...            started=date(2026, 1, 5)).effort
    1
    """

    id: str
    title: str
    area: Area
    owner: Annotated[str | None, refers(Department)] = None
    status: InitiativeStatus = InitiativeStatus.PLANNED
    started: date | None = None
    finished: date | None = None
    effort: Annotated[float, Range(exclusive_minimum=0)] = 1
    step: ImprovementStep | None = None
    addresses: tuple[Annotated[str, refers(Feedback)], ...] = attrs.field(
        default=(), converter=_strings
    )
    outcome: Outcome | None = None
    metadata: Mapping[str, JSONValue] = _metadata()


def _bounds_in_order(scale: Scale) -> Iterator[Problem]:
    if scale.maximum < scale.minimum:
        yield Problem(
            "$.maximum",
            f"scale {scale.name!r}: maximum {shown(scale.maximum)} is below "
            f"minimum {shown(scale.minimum)}",
        )


@attrs.frozen(kw_only=True)
class Scale(Model, key="name", checks=[_bounds_in_order]):
    """A rating scale that feedback scores are given on.

    Three scales are built in, as the industry defines them: ``"nps"`` (:data:`NPS`,
    likelihood to recommend, 0 to 10), ``"csat"`` (:data:`CSAT`, satisfaction, 1 to
    5) and ``"ces"`` (:data:`CES`, customer effort, 1 to 7, higher meaning easier).
    Any other scale is declared once, by name, in the framework's ``scales``, and
    scores name it.

    Args:
        name: Unique among the framework's scales; not one of the built-in names.
        minimum: The lowest value a score on this scale may have.
        maximum: The highest value a score on this scale may have.
        higher_is_better: Whether a higher value is a better experience.
        whole: Whether scores on this scale are whole numbers.
        metadata: Free JSON data, kept untouched.

    >>> stars = Scale(name="stars", minimum=1, maximum=10)
    >>> stars.contains(7), stars.contains(7.5), stars.contains(11)
    (True, False, False)
    """

    name: str
    minimum: float
    maximum: float
    higher_is_better: bool = True
    whole: bool = True
    metadata: Mapping[str, JSONValue] = _metadata()

    def contains(self, value: float) -> bool:
        """Whether ``value`` is a score this scale allows.

        >>> NPS.contains(10), NPS.contains(-1)
        (True, False)
        """
        if self.whole and not (type(value) is int or float(value).is_integer()):
            return False
        return self.minimum <= value <= self.maximum

    @property
    def score_bounds(self) -> tuple[float, float]:
        """The lowest and highest score a group of responses on this scale can have.

        The NPS runs from -100 to 100 and the CSAT, a percentage, from 0 to 100;
        on any other scale a group's score is the mean, within the scale's own bounds.

        >>> NPS.score_bounds, CSAT.score_bounds, CES.score_bounds
        ((-100, 100), (0, 100), (1, 7))
        """
        return _SCORE_BOUNDS.get(self.name, (self.minimum, self.maximum))

    def describe(self) -> str:
        """The scale's values in a few words.

        >>> CES.describe()
        'whole numbers from 1 to 7, higher is better'
        """
        numbers = "whole numbers" if self.whole else "numbers"
        better = "higher" if self.higher_is_better else "lower"
        return f"{numbers} from {shown_number(self.minimum)} to {shown_number(self.maximum)}, {better} is better"


def shown_number(value: float) -> str:
    """A number as a person writes it: no ``.0`` on whole numbers.

    >>> shown_number(10.0), shown_number(2.5)
    ('10', '2.5')
    """
    if float(value).is_integer():
        return str(int(value))
    return repr(float(value))


#: Net Promoter Score: likelihood to recommend, 0 to 10.
NPS: Final = Scale(name="nps", minimum=0, maximum=10)
#: Customer satisfaction: 1 (very dissatisfied) to 5 (very satisfied).
CSAT: Final = Scale(name="csat", minimum=1, maximum=5)
#: Customer effort score: 1 to 7, higher meaning easier.
CES: Final = Scale(name="ces", minimum=1, maximum=7)
#: The scales every framework knows, by name.
BUILT_IN_SCALES: Final[Mapping[str, Scale]] = {s.name: s for s in (NPS, CSAT, CES)}
_SCORE_BOUNDS: Final[Mapping[str, tuple[float, float]]] = {"nps": (-100, 100), "csat": (0, 100)}


def _built_in_score_in_range(score: Score) -> Iterator[Problem]:
    scale = BUILT_IN_SCALES.get(score.scale)
    if scale is not None and not scale.contains(score.value):
        yield Problem(
            "$.value",
            f"{shown(score.value)} is not on the {score.scale} scale: expected "
            f"{scale.describe().split(',')[0]}",
        )


@attrs.frozen(kw_only=True)
class Score(Model, checks=[_built_in_score_in_range]):
    """A rating a customer gave, and the scale it is on.

    A score on a built-in scale is checked when it is made; one on a custom
    scale when the framework holding it is made, against the scale the
    framework declares.

    Args:
        scale: ``"nps"``, ``"csat"``, ``"ces"``, or the name of a scale the
            framework declares in its ``scales``.
        value: The rating, within the scale's bounds.

    >>> Score(scale="nps", value=9)
    Score(scale='nps', value=9)
    >>> Score(scale="csat", value=6)
    Traceback (most recent call last):
      ...
    dime.exceptions.InvalidFieldError: 1 problem in the Score:
      $.value: 6 is not on the csat scale: expected whole numbers from 1 to 5
    """

    scale: str
    value: float

    #: The built-in scales' bounds, in the JSON Schema.
    __dime_schema__: ClassVar[dict[str, Any]] = {
        "allOf": [
            {
                "if": {"properties": {"scale": {"const": s.name}}},
                "then": {
                    "properties": {
                        "value": {"type": "integer", "minimum": s.minimum, "maximum": s.maximum}
                    }
                },
            }
            for s in (NPS, CSAT, CES)
        ]
    }


@attrs.frozen(kw_only=True)
class Feedback(Model, key="id"):
    """One piece of feedback from a customer.

    Args:
        id: Unique among the framework's feedback.
        received: When it came in; timezone-aware, kept with its fixed UTC
            offset (a whole number of minutes).
        kind: What it is worth, in the framework's mail analogy.
        folder: The feedback folder it is filed in, or None if not yet filed.
        touchpoint: The id of the touchpoint it came through, or None.
        channel: The channel it came through, or None.
        text: What the customer said.
        score: A rating with its scale, if the customer gave one.
        assigned_to: The name of the department answering it, or None.
        metadata: Free JSON data, kept untouched.

    >>> from datetime import datetime, timezone
    >>> fb = Feedback(id="f-1", received=datetime(2026, 3, 1, 9, 30, tzinfo=timezone.utc),
    ...               kind=FeedbackKind.GIFT, text="Lovely staff!")
    >>> fb.folder is None
    True

    To file it, or change any other field, make a new record with
    :func:`attrs.evolve`, which keeps every field it is not told to change:

    >>> import attrs
    >>> attrs.evolve(fb, folder=FeedbackFolder.INSIGHTS).text
    'Lovely staff!'
    """

    id: str
    received: datetime = attrs.field(converter=fixed_offset)
    kind: FeedbackKind
    folder: FeedbackFolder | None = None
    touchpoint: Annotated[str | None, refers(Touchpoint)] = None
    channel: Channel | None = None
    text: Annotated[str, MAY_BE_BLANK] = ""
    score: Score | None = None
    assigned_to: Annotated[str | None, refers(Department)] = None
    metadata: Mapping[str, JSONValue] = _metadata()


@attrs.frozen(kw_only=True)
class Responsibility(Model):
    """A person or team holding one of the four mindsets.

    Args:
        holder: Who holds it: a person or a team.
        mindset: The mindset they hold.
        department: The name of their department, or None.
        share: The fraction of their time it takes, more than 0 and at most 1.
        metadata: Free JSON data, kept untouched.

    >>> Responsibility(holder="Ana", mindset=Mindset.EMOTIONAL, share=0.5).share
    0.5
    """

    holder: str
    mindset: Mindset
    department: Annotated[str | None, refers(Department)] = None
    share: Annotated[float, Range(exclusive_minimum=0, maximum=1)] = 1
    metadata: Mapping[str, JSONValue] = _metadata()


@attrs.frozen(kw_only=True)
class Assessment(Model):
    """A score given to one area on one day.

    Args:
        area: The area assessed.
        score: From 0 (absent) to 5 (excellent).
        on: The day of the assessment.
        assessor: Who assessed it, or None.
        metadata: Free JSON data, kept untouched.

    >>> from datetime import date
    >>> Assessment(area=Mindset.EMOTIONAL.area, score=2, on=date(2026, 6, 1)).score
    2
    """

    area: Area
    score: Annotated[float, Range(minimum=0, maximum=5)]
    on: date
    assessor: str | None = None
    metadata: Mapping[str, JSONValue] = _metadata()


#: Any record a :class:`Framework` holds.
Record: TypeAlias = (
    Touchpoint | Initiative | Feedback | Responsibility | Department | Assessment | Scale
)

R = TypeVar("R", bound=Model)


def collections_of(cls: type[Any]) -> tuple[tuple[str, type[Any]], ...]:
    """A framework class's collections: each field holding records, and the records' class.

    >>> [name for name, _ in collections_of(Framework)]
    ['touchpoints', 'initiatives', 'feedback', 'responsibilities', 'departments', 'assessments', 'scales']
    """
    found = getattr(cls, "__dime_collections__", None)
    if found is None or found[0] is not cls:
        table = tuple(
            (spec.name, spec.item.cls)
            for spec in specs_of(cls)
            if spec.shape is Shape.TUPLE
            and spec.item is not None
            and spec.item.shape is Shape.RECORD
        )
        found = (cls, table)
        cls.__dime_collections__ = found
    result: tuple[tuple[str, type[Any]], ...] = found[1]
    return result


def _integrity(fw: Framework) -> list[Problem]:
    """Every way in which the framework's records do not fit together."""
    problems: list[Problem] = []
    table = collections_of(type(fw))
    known: dict[type[Any], set[str]] = {}
    for name, cls in table:
        key = key_of(cls)
        if key is not None:
            known[cls] = _unique(problems, name, key, getattr(fw, name))
    for name, cls in table:
        records = getattr(fw, name)
        for spec in specs_of(cls):
            target = spec.refers if spec.item is None else spec.item.refers
            if spec.item is not None and target is not None and not known.get(target):
                # A list of references into a collection the framework leaves empty: a
                # structure whose feedback is read elsewhere (a stream, a tally) keeps them.
                continue
            if target is not None and target in known:
                _dangling(
                    problems,
                    field=name,
                    attr=spec.name,
                    records=records,
                    known=known[target],
                    target=target,
                    many=spec.item is not None,
                )
    return problems


def _measures_on_known_scales(fw: Framework) -> list[Problem]:
    """Score measures on custom scales, and initiatives' outcomes, against what the framework holds."""
    problems: list[Problem] = []
    declared = {s.name: s for s in fw.scales}
    for d, dept in enumerate(fw.departments):
        custom: dict[str, Scale] = {}
        for m, measure in enumerate(dept.measures):
            name = measure.scale
            if name is None or name in BUILT_IN_SCALES:
                continue
            scale = declared.get(name)
            where = f"$.departments[{d}].measures[{m}]"
            if scale is None:
                problems.append(
                    Problem(
                        f"{where}.scale",
                        f"measure {measure.name!r} of department {dept.name!r} is a score on "
                        f"scale {name!r}, which is neither built in (nps, csat, ces) nor in scales",
                    )
                )
                continue
            custom[measure.name] = scale
            problems.extend(scale_problems(measure, scale, where))
        by_name = {m.name: m for m in dept.measures}
        for i, taken in enumerate(dept.measurements):
            scale = custom.get(taken.measure)
            if scale is None:
                continue
            what = f"the value on {taken.on.isoformat()}"
            problem = value_problem(by_name[taken.measure], taken.value, scale, what=what)
            if problem is not None:
                problems.append(Problem(f"$.departments[{d}].measurements[{i}].value", problem))
    problems.extend(_outcomes_fit(fw, declared))
    return problems


def _outcomes_fit(fw: Framework, declared: Mapping[str, Scale]) -> Iterator[Problem]:
    """Each outcome names a measure of the department that owns its initiative, and fits it."""
    departments = {d.name: d for d in fw.departments}
    for i, work in enumerate(fw.initiatives):
        outcome = work.outcome
        if outcome is None:
            continue
        where = f"$.initiatives[{i}].outcome"
        owner = departments.get(work.owner) if work.owner is not None else None
        if owner is None:
            if work.owner is None:  # an unknown owner is reported as a dangling reference
                yield Problem(
                    f"{where}.measure",
                    f"initiative {work.id!r} has an outcome on measure {outcome.measure!r} but "
                    "no owner; name the department whose measure it moved as its owner",
                )
            continue
        measure = next((m for m in owner.measures if m.name == outcome.measure), None)
        if measure is None:
            known = ", ".join(repr(m.name) for m in owner.measures) or "none"
            yield Problem(
                f"{where}.measure",
                f"initiative {work.id!r} names measure {outcome.measure!r}, which its owner "
                f"{owner.name!r} does not have (its measures: {known})",
            )
            continue
        scale = None
        if measure.scale is not None:
            scale = BUILT_IN_SCALES.get(measure.scale) or declared.get(measure.scale)
            if scale is None:
                continue  # the measure's unknown scale is reported with the measure
        for field in ("before", "after"):
            problem = value_problem(measure, getattr(outcome, field), scale, what=f"the {field}")
            if problem is not None:
                yield Problem(f"{where}.{field}", f"initiative {work.id!r}: {problem}")


def _scores_on_known_scales(fw: Framework) -> list[Problem]:
    """Scales declared under built-in names, and scores on unknown scales or off their own."""
    problems = [
        Problem(f"$.scales[{i}].name", f"{s.name!r} is a built-in scale; give yours another name")
        for i, s in enumerate(fw.scales)
        if s.name in BUILT_IN_SCALES
    ]
    custom = [
        s
        for s in map(attrgetter("score"), fw.feedback)
        if s is not None and s.scale not in BUILT_IN_SCALES
    ]
    if not custom:
        return problems
    declared = {s.name: s for s in fw.scales}
    for i, fb in enumerate(fw.feedback):
        score = fb.score
        if score is None or score.scale in BUILT_IN_SCALES:
            continue
        scale = declared.get(score.scale)
        if scale is None:
            problems.append(
                Problem(
                    f"$.feedback[{i}].score.scale",
                    f"feedback {fb.id!r} is scored on scale {score.scale!r}, which is neither "
                    "built in (nps, csat, ces) nor in scales",
                )
            )
        elif not scale.contains(score.value):
            problems.append(
                Problem(
                    f"$.feedback[{i}].score.value",
                    f"{shown(score.value)} is not on the {score.scale} scale: expected "
                    f"{scale.describe().split(',')[0]}",
                )
            )
    return problems


def _field_named(cls: type[Any], table: tuple[tuple[str, type[Any]], ...]) -> str:
    return next(name for name, kind in table if kind is cls)


def _unique(problems: list[Problem], field: str, attr: str, records: tuple[Any, ...]) -> set[str]:
    keys = set(map(attrgetter(attr), records))
    if len(keys) != len(records):
        first: dict[str, int] = {}
        for i, r in enumerate(records):
            key = getattr(r, attr)
            if key in first:
                problems.append(
                    Problem(
                        f"$.{field}[{i}].{attr}",
                        f"duplicate {attr} {shown(key)}, which {field} item {first[key]} has too",
                    )
                )
            else:
                first[key] = i
    return keys


def _dangling(
    problems: list[Problem],
    *,
    field: str,
    attr: str,
    records: tuple[Any, ...],
    known: set[str],
    target: type[Any],
    many: bool = False,
) -> None:
    if many:
        named = {ref for r in records for ref in getattr(r, attr)}
    else:
        named = set(map(attrgetter(attr), records))
        named.discard(None)
    if named <= known:
        return
    what = target.__name__.lower()
    plural = what if what.endswith("back") else f"{what}s"
    for i, r in enumerate(records):
        refs = getattr(r, attr) if many else (getattr(r, attr),)
        for j, ref in enumerate(refs):
            if ref is not None and ref not in known:
                who = f"{type(r).__name__.lower()} {shown(_label(r))}"
                message = f"{who} names {what} {shown(ref)}, which is not in {plural}"
                path = f"$.{field}[{i}].{attr}" + (f"[{j}]" if many else "")
                problems.append(Problem(path, message))


def _label(record: Any) -> str:  # noqa: ANN401 - any record
    key = key_of(type(record))
    if key is not None:
        return str(getattr(record, key))
    text = next(spec.name for spec in specs_of(type(record)) if spec.shape is Shape.TEXT)
    return str(getattr(record, text))


def _touchpoints(value: Iterable[Touchpoint]) -> tuple[Touchpoint, ...]:
    return as_tuple(value)  # type: ignore[no-any-return]


def _initiatives(value: Iterable[Initiative]) -> tuple[Initiative, ...]:
    return as_tuple(value)  # type: ignore[no-any-return]


def _feedback_items(value: Iterable[Feedback]) -> tuple[Feedback, ...]:
    return as_tuple(value)  # type: ignore[no-any-return]


def _responsibilities(value: Iterable[Responsibility]) -> tuple[Responsibility, ...]:
    return as_tuple(value)  # type: ignore[no-any-return]


def _departments(value: Iterable[Department]) -> tuple[Department, ...]:
    return as_tuple(value)  # type: ignore[no-any-return]


def _assessments(value: Iterable[Assessment]) -> tuple[Assessment, ...]:
    return as_tuple(value)  # type: ignore[no-any-return]


def _scales(value: Iterable[Scale]) -> tuple[Scale, ...]:
    return as_tuple(value)  # type: ignore[no-any-return]


@attrs.frozen(kw_only=True, repr=False)
class Framework(
    Model,
    error=InvalidFrameworkError,
    about="the framework",
    checks=[_integrity, _scores_on_known_scales, _measures_on_known_scales],
):
    """One organisation's state in the DIME framework: the root object.

    Building a framework checks that its records fit together: ids are unique
    per kind, every touchpoint and department a record names exists, and each
    collection holds records of its kind.  Every problem is collected and
    raised at once as :class:`~dime.exceptions.InvalidFrameworkError`.

    Frameworks are immutable: :meth:`add`, :meth:`replace` and :meth:`remove`
    (and :func:`attrs.evolve`) return a new one.

    Args:
        name: The organisation's name.
        touchpoints: Where customers meet the organisation.
        initiatives: The work done in each area.
        feedback: What customers said.
        responsibilities: Who holds which mindset.
        departments: The organisation's departments.
        assessments: Scores given to areas.
        scales: The custom scales feedback is scored on, beyond the built-in
            NPS, CSAT and CES.
        metadata: Free JSON data, kept untouched.

    >>> fw = Framework(name="Corner Café", departments=[Department(name="Front of house")])
    >>> fw
    Framework(name='Corner Café', touchpoints=0, initiatives=0, feedback=0, responsibilities=0, departments=1, assessments=0, scales=0)
    >>> fw = fw.add(Touchpoint(id="counter", name="Counter", channel=Channel.IN_PERSON,
    ...                        stage=Stage.PURCHASE, owner="Front of house"))
    >>> fw.get(Touchpoint, "counter").name
    'Counter'
    >>> fw.add(Touchpoint(id="till", name="Till", channel=Channel.IN_PERSON,
    ...                   stage=Stage.PURCHASE, owner="Kitchen"))
    Traceback (most recent call last):
      ...
    dime.exceptions.InvalidFrameworkError: 1 problem in the framework:
      $.touchpoints[1].owner: touchpoint 'till' names department 'Kitchen', which is not in departments
    """

    name: str
    touchpoints: tuple[Touchpoint, ...] = attrs.field(default=(), converter=_touchpoints)
    initiatives: tuple[Initiative, ...] = attrs.field(default=(), converter=_initiatives)
    feedback: tuple[Feedback, ...] = attrs.field(default=(), converter=_feedback_items)
    responsibilities: tuple[Responsibility, ...] = attrs.field(
        default=(), converter=_responsibilities
    )
    departments: tuple[Department, ...] = attrs.field(default=(), converter=_departments)
    assessments: tuple[Assessment, ...] = attrs.field(default=(), converter=_assessments)
    scales: tuple[Scale, ...] = attrs.field(default=(), converter=_scales)
    metadata: Mapping[str, JSONValue] = _metadata()
    _indexes: dict[type[Any], dict[str, Any]] = attrs.field(
        init=False, factory=dict, eq=False, hash=False, repr=False
    )

    def __repr__(self) -> str:
        counts = ", ".join(
            f"{name}={len(getattr(self, name))}" for name, _ in collections_of(type(self))
        )
        return f"{type(self).__name__}(name={self.name!r}, {counts})"

    def __getstate__(self) -> dict[str, Any]:
        """The fields, without the look-up indexes, which are rebuilt on use."""
        return {a.name: getattr(self, a.name) for a in attrs.fields(type(self)) if a.init}

    def __setstate__(self, state: dict[str, Any]) -> None:
        for name, value in state.items():
            object.__setattr__(self, name, value)
        object.__setattr__(self, "_indexes", {})

    def _repr_html_(self) -> str:
        """The organisation's grid, counts and touchpoint coverage, as HTML for notebooks."""
        from dime._render import framework_html  # noqa: PLC0415 - rendering loads only when shown

        return framework_html(self)

    def _repr_markdown_(self) -> str:
        """The organisation's grid, counts and touchpoint coverage, as Markdown."""
        from dime._render import framework_markdown  # noqa: PLC0415 - rendering loads only when shown

        return framework_markdown(self)

    def to_frames(self, *, backend: str = "pandas") -> dict[str, Any]:
        """The framework as dataframes, one per kind of record, with its name and metadata.

        Keyed as :func:`dime.from_frames` takes them, so that
        ``dime.from_frames(**fw.to_frames()) == fw``; see :func:`dime.from_frames`
        and the docs' page on tables for the columns.  Needs narwhals' engine of
        choice installed: ``backend`` is ``"pandas"`` (the default), ``"polars"``
        or ``"pyarrow"``.

        >>> import dime
        >>> len(dime.example().to_frames()["touchpoints"])
        25
        """
        from dime._frames import to_frames  # noqa: PLC0415 - tables load only when asked for

        return to_frames(self, backend=backend)

    def _field_of(self, kind: type[Any]) -> str | None:
        for name, cls in collections_of(type(self)):
            if cls is kind:
                return name
        return None

    def _index(self, kind: type[Any]) -> dict[str, Any]:
        index = self._indexes.get(kind)
        if index is None:
            key, name = key_of(kind), self._field_of(kind)
            index = {getattr(r, key): r for r in getattr(self, name)}  # type: ignore[arg-type]
            self._indexes[kind] = index
        return index

    def _keyed(self, kind: type[Any]) -> bool:
        return key_of(kind) is not None and self._field_of(kind) is not None

    def get(self, kind: type[R], key: str) -> R:
        """Find a record by its id (a department by its name), in O(1).

        The index for each kind is built on first use and kept.

        Args:
            kind: :class:`Touchpoint`, :class:`Initiative`, :class:`Feedback`
                or :class:`Department`.
            key: The record's id (for a department, its name).

        Returns:
            The record.

        Raises:
            UnknownRecordError: No record of that kind has that id.
            TypeError: Records of ``kind`` have no id.

        >>> import dime
        >>> dime.example().get(dime.Department, "Marketing").name
        'Marketing'
        """
        if not self._keyed(kind):
            raise TypeError(
                f"records of kind {getattr(kind, '__name__', kind)} have no id to look up"
            )
        try:
            found: R = self._index(kind)[key]
        except (KeyError, TypeError):
            raise UnknownRecordError(kind.__name__, key) from None
        return found

    def find(self, key: str) -> Touchpoint | Initiative | Feedback | Department:
        """Find the one record of any kind whose id (or department name) is ``key``.

        Raises:
            UnknownRecordError: No record has that id, or records of more
                than one kind do (then use :meth:`get` with the kind).

        >>> import dime
        >>> dime.example().find("support-line").name
        'Support phone line'
        """
        found = [
            index[key]
            for kind in (cls for _, cls in collections_of(type(self)))
            if self._keyed(kind) and key in (index := self._index(kind))
        ]
        if len(found) == 1:
            result: Touchpoint | Initiative | Feedback | Department = found[0]
            return result
        kinds = " and ".join(type(r).__name__ for r in found)
        raise UnknownRecordError(
            "record" if not found else f"single record ({kinds} both have it; use get(kind, id))",
            key,
        )

    def __contains__(self, record: object) -> bool:
        """Whether this framework holds ``record`` (an equal record)."""
        kind = type(record)
        if self._keyed(kind):
            found = self._index(kind).get(getattr(record, key_of(kind)))  # type: ignore[arg-type]
            return found == record
        name = self._field_of(kind)
        if name is not None:
            return record in getattr(self, name)
        return False

    def add(self, *records: Record) -> Framework:
        """Return a new framework with ``records`` added after those of their kind.

        Adding in one call is cheaper than adding one at a time: each call
        checks the whole framework again.

        Raises:
            InvalidFrameworkError: The result would not fit together (a
                duplicate id, an unknown department, ...).

        >>> import dime
        >>> fw = dime.Framework(name="Shop").add(dime.Department(name="Sales"),
        ...                                      dime.Department(name="IT"))
        >>> [d.name for d in fw.departments]
        ['Sales', 'IT']
        """
        grouped: dict[str, list[Record]] = {}
        for item in records:
            grouped.setdefault(self._field_for(item), []).append(item)
        changes: dict[str, Any] = {
            field: (*getattr(self, field), *new) for field, new in grouped.items()
        }
        return attrs.evolve(self, **changes)

    def _field_for(self, record: object) -> str:
        name = self._field_of(type(record))
        if name is None:
            kinds = ", ".join(cls.__name__ for _, cls in collections_of(type(self)))
            raise InvalidFrameworkError.of(
                [Problem("$", f"expected a record ({kinds}), {got(record)}", wrong_type=True)]
            )
        return name

    def replace(self, *records: Touchpoint | Initiative | Feedback | Department) -> Framework:
        """Return a new framework with each record in place of the one with its id.

        Departments are matched by name.  Records keep their position.

        Raises:
            UnknownRecordError: No record of that kind has that id.
            TypeError: A record has no id (responsibilities and assessments:
                use :meth:`remove` and :meth:`add`).

        >>> import dime
        >>> fw = dime.Framework(name="Shop", departments=[dime.Department(name="IT")])
        >>> fw.replace(dime.Department(name="IT", objective="Fast answers")).departments[0].objective
        'Fast answers'
        """
        by_field: dict[str, dict[str, Record]] = {}
        for item in records:
            kind = type(item)
            if not self._keyed(kind):
                raise TypeError(f"records of kind {kind.__name__} have no id; remove and add them")
            key = getattr(item, key_of(kind))  # type: ignore[arg-type]
            if key not in self._index(kind):
                raise UnknownRecordError(kind.__name__, key)
            by_field.setdefault(self._field_for(item), {})[key] = item
        changes: dict[str, Any] = {}
        for name, new in by_field.items():
            key_name = key_of(type(next(iter(new.values())))) or ""
            changes[name] = tuple(new.get(getattr(r, key_name), r) for r in getattr(self, name))
        return attrs.evolve(self, **changes)

    def update(
        self, record: str | Touchpoint | Initiative | Feedback | Department, /, **changes: object
    ) -> Framework:
        """Return a new framework in which one record has ``changes``, every other field kept.

        Args:
            record: The record, or its id (a department's name) when no
                record of another kind has the same id.
            changes: The fields to change and their new values, as for
                :func:`attrs.evolve`.

        Raises:
            UnknownRecordError: No record has that id (or several kinds do).
            InvalidFieldError: A new value is out of range (or of the wrong type).
            InvalidFrameworkError: The result would not fit together.

        >>> import dime
        >>> fw = dime.example()
        >>> first = fw.feedback[0]
        >>> filed = fw.update(first.id, folder=dime.FeedbackFolder.INSIGHTS).feedback[0]
        >>> filed.folder, filed.text == first.text, filed.score == first.score
        (FeedbackFolder.INSIGHTS, True, True)
        """
        current: Any = (
            self.find(record)
            if isinstance(record, str)
            else self.get(type(record), getattr(record, key_of(type(record)) or "id"))
        )
        return self.replace(attrs.evolve(current, **changes))

    def remove(self, *records: Record | str) -> Framework:
        """Return a new framework without ``records``.

        A record may be given as itself or, for touchpoints, initiatives,
        feedback and departments, by its id (a department by its name), as
        long as no record of another kind has the same id.  Records with an
        id are matched by it; responsibilities and assessments by equality.
        Removing a record that others still refer to (a touchpoint that
        feedback names, say) is refused, never silently cascaded.

        Raises:
            UnknownRecordError: A record is not in this framework.
            InvalidFrameworkError: Other records still refer to a removed one.

        >>> import dime
        >>> fw = dime.Framework(name="Shop", departments=[dime.Department(name="IT")])
        >>> fw.remove(dime.Department(name="IT")).departments
        ()
        >>> fw.remove("IT").departments
        ()
        """
        keyed: dict[str, set[str]] = {}
        plain: dict[str, list[Record]] = {}
        for given in records:
            item = self.find(given) if isinstance(given, str) else given
            kind = type(item)
            field = self._field_for(item)
            if self._keyed(kind):
                key = getattr(item, key_of(kind))  # type: ignore[arg-type]
                if key not in self._index(kind):
                    raise UnknownRecordError(kind.__name__, key)
                keyed.setdefault(field, set()).add(key)
            else:
                if item not in getattr(self, field):
                    raise UnknownRecordError(kind.__name__, shown(item))
                plain.setdefault(field, []).append(item)
        changes: dict[str, Any] = {}
        for field, keys in keyed.items():
            key_name = key_of(type(getattr(self, field)[0])) or ""
            changes[field] = tuple(
                r for r in getattr(self, field) if getattr(r, key_name) not in keys
            )
        for field, gone in plain.items():
            remaining = list(getattr(self, field))
            for item in gone:
                remaining.remove(item)
            changes[field] = tuple(remaining)
        return attrs.evolve(self, **changes)

    def records(self, kind: type[Record] | str) -> list[dict[str, object]]:
        """The records of one kind as tidy rows: one flat dict of plain values per record.

        Made for data-frame libraries (``pandas.DataFrame(fw.records(Feedback))``).
        Enums become their wire values, dates and datetimes ISO 8601
        strings, an area three columns: ``pillar`` (its letter), ``layer``
        and ``area`` (its title).  Feedback and responsibilities get the
        area of their folder or mindset (``None`` for unfiled feedback), a
        touchpoint's pillars are one string of letters in grid order
        (``"DE"``), a feedback score two columns: ``score`` (its value) and
        ``scale`` (its scale's name), an initiative's outcome four: ``outcome`` (the
        measure's name), ``before``, ``after`` and ``measured_on``, a department's
        measures and measurements lists of plain dicts.  The free ``metadata`` is left
        out: it has no fixed columns.

        Args:
            kind: A record class (:class:`Feedback`, ...) or the name of the
                framework's field holding it (``"feedback"``).

        Returns:
            One dict per record, in the framework's order; every dict of a
            kind has the same keys.

        Raises:
            TypeError: ``kind`` is not a kind of record.

        >>> import dime
        >>> rows = dime.example().records(dime.Initiative)
        >>> sorted(rows[0])[:8]
        ['addresses', 'after', 'area', 'before', 'effort', 'finished', 'id', 'layer']
        >>> {k: rows[0][k] for k in ("pillar", "layer", "status")}
        {'pillar': 'E', 'layer': 'implementation', 'status': 'done'}
        >>> dime.example().records("feedback")[0]["received"]
        '2025-05-01T01:02:00+00:00'
        """
        table = collections_of(type(self))
        names = dict(table)
        field = kind if isinstance(kind, str) and kind in names else self._field_of(kind)  # type: ignore[arg-type]
        if field is None:
            kinds = ", ".join(cls.__name__ for _, cls in table)
            listed = ", ".join(repr(name) for name, _ in table)
            raise TypeError(
                f"expected a kind of record ({kinds}) or one of {listed}, got {shown(kind)}"
            )
        row = _row_maker(names[field])
        return [row(r) for r in getattr(self, field)]


_CELL_ENUMS: Final = frozenset(layer.cells for layer in Layer)


def _area_columns(area: Area | None) -> dict[str, object]:
    if area is None:
        return {"pillar": None, "layer": None, "area": None}
    return {"pillar": area.pillar.value, "layer": area.layer.value, "area": area.title}


def _plain(value: object) -> object:
    if isinstance(value, WireEnum):
        return value.value
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, frozenset):
        order: list[Any] = [*type(next(iter(value))).__members__.values()] if value else []
        members = sorted(value, key=order.index)
        texts = [str(m.value) for m in members]
        return "".join(texts) if all(len(t) == 1 for t in texts) else texts
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    if isinstance(value, Model):
        return {
            spec.name: _plain(getattr(value, spec.name))
            for spec in specs_of(type(value))
            if spec.shape is not Shape.JSON
        }
    return value


def _row_maker(cls: type[Any]) -> Any:  # noqa: ANN401 - a function making one row
    specs = [s for s in specs_of(cls) if s.shape is not Shape.JSON]

    def row(record: Any) -> dict[str, object]:  # noqa: ANN401 - any record
        out: dict[str, object] = {}
        for spec in specs:
            value = getattr(record, spec.name)
            if spec.shape is Shape.RECORD and spec.cls is Area:
                out.update(_area_columns(value))
                continue
            if spec.shape is Shape.RECORD and spec.cls is Score:
                out[spec.name] = None if value is None else value.value
                out["scale"] = None if value is None else value.scale
                continue
            if spec.shape is Shape.RECORD and spec.cls is Outcome:
                out[spec.name] = None if value is None else value.measure
                for part in ("before", "after", "measured_on"):
                    out[part] = None if value is None else _plain(getattr(value, part))
                continue
            out[spec.name] = None if value is None else _plain(value)
            if spec.shape is Shape.ENUM and spec.cls in _CELL_ENUMS:
                out.update(_area_columns(None if value is None else value.area))
        return out

    return row


#: The collections of :class:`Framework`: each field holding records, and their class.
COLLECTIONS: Final = collections_of(Framework)
