"""One organisation's state in the framework: the records and their root.

Every record is a frozen, slotted attrs class.  A record checks its own
fields when it is built and raises :class:`~dime.exceptions.InvalidFieldError`
if one is of the wrong type or out of range; :class:`Framework` then checks
that the records fit together and reports every problem at once.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Final, TypeAlias, TypeVar

import attrs

from dime._framework import Area, FeedbackFolder, Mindset, Pillar, _WireEnum
from dime.exceptions import (
    InvalidFieldError,
    InvalidFrameworkError,
    Problem,
    UnknownRecordError,
)

if TYPE_CHECKING:
    import enum
    from collections.abc import Callable

__all__ = [
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
    "Record",
    "Responsibility",
    "Stage",
    "Touchpoint",
]

#: A value that JSON can hold: what ``metadata`` mappings may contain.
JSONValue: TypeAlias = (
    bool | int | float | str | list["JSONValue"] | Mapping[str, "JSONValue"] | None
)

#: The empty metadata mapping every record shares unless given its own.
EMPTY_METADATA: Final[Mapping[str, JSONValue]] = MappingProxyType({})


class Channel(_WireEnum):
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


class Stage(_WireEnum):
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


class InitiativeStatus(_WireEnum):
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


class ImprovementStep(_WireEnum):
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


class FeedbackKind(_WireEnum):
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


# Field validators.  Each raises InvalidFieldError naming the class and field.


def _fail(inst: object, attribute: attrs.Attribute[Any], message: str) -> InvalidFieldError:
    return InvalidFieldError([Problem(f"{type(inst).__name__}.{attribute.name}", message)])


def _got(value: object) -> str:
    return f"got {value!r} ({type(value).__name__})"


def _text(inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, str):
        raise _fail(inst, attribute, f"expected a string, {_got(value)}")


def _name(inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, str) or not value.strip():
        raise _fail(inst, attribute, f"expected a non-empty string, {_got(value)}")


def _optional_name(inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None:
        _name(inst, attribute, value)


def _enum_of(cls: type[enum.Enum], *, optional: bool = False) -> Callable[..., None]:
    members = ", ".join(f"{cls.__name__}.{m.name}" for m in cls)

    def check(inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if type(value) is cls or (optional and value is None):
            return
        hint = ""
        if isinstance(value, str) and value in cls._value2member_map_:
            hint = f"; try {cls.__name__}({value!r})"
        none = " or None" if optional else ""
        raise _fail(
            inst,
            attribute,
            f"expected a {cls.__name__} ({members}){none}, {_got(value)}{hint}",
        )

    return check


def _area(inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if type(value) is not Area:
        hint = ""
        if hasattr(value, "area") and type(getattr(value, "area", None)) is Area:
            hint = f"; try {value!r}.area"
        raise _fail(inst, attribute, f"expected an Area, {_got(value)}{hint}")


def _aware_datetime(inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, datetime):
        raise _fail(inst, attribute, f"expected a datetime, {_got(value)}")
    if value.utcoffset() is None:
        raise _fail(
            inst,
            attribute,
            f"expected a timezone-aware datetime, got the naive {value.isoformat()}; "
            "give it a tzinfo, such as datetime.timezone.utc",
        )


def _day(inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, date) or isinstance(value, datetime):
        raise _fail(inst, attribute, f"expected a date, {_got(value)}")


def _optional_day(inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None:
        _day(inst, attribute, value)


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _positive(inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not _is_number(value) or value <= 0:  # type: ignore[operator]
        raise _fail(inst, attribute, f"expected a positive number, {_got(value)}")


def _share(inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not _is_number(value) or not 0 < value <= 1:  # type: ignore[operator]
        raise _fail(
            inst,
            attribute,
            f"expected a fraction of time, more than 0 and at most 1, {_got(value)}",
        )


def _score(inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not _is_number(value) or not 0 <= value <= 5:  # type: ignore[operator]
        raise _fail(inst, attribute, f"expected a score from 0 to 5, {_got(value)}")


def _optional_int(inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None and (type(value) is bool or not isinstance(value, int)):
        raise _fail(inst, attribute, f"expected a whole number or None, {_got(value)}")


def _pillars(inst: object, attribute: attrs.Attribute[Any], value: frozenset[object]) -> None:
    for p in value:
        if type(p) is not Pillar:
            hint = f"; try Pillar({p!r})" if p in Pillar._value2member_map_ else ""
            raise _fail(inst, attribute, f"expected Pillar members, {_got(p)}{hint}")


def _names(inst: object, attribute: attrs.Attribute[Any], value: tuple[object, ...]) -> None:
    for item in value:
        if not isinstance(item, str):
            raise _fail(inst, attribute, f"expected strings, {_got(item)}")


def _json_problem(value: object, where: str) -> str | None:  # noqa: PLR0911
    """Say what in ``value`` is not JSON, or None if it all is."""
    if value is None or isinstance(value, (bool, int, str)):
        return None
    if isinstance(value, float):
        return None if math.isfinite(value) else f"{where}: {value!r} is not a JSON number"
    if isinstance(value, list):
        for i, item in enumerate(value):
            if (problem := _json_problem(item, f"{where}[{i}]")) is not None:
                return problem
        return None
    if isinstance(value, Mapping):
        for key, item in value.items():
            if not isinstance(key, str):
                return f"{where}: key {key!r} is not a string"
            if (problem := _json_problem(item, f"{where}[{key!r}]")) is not None:
                return problem
        return None
    hint = " (use a list)" if isinstance(value, tuple) else ""
    return f"{where}: {value!r} ({type(value).__name__}) is not a JSON value{hint}"


def _metadata(inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is EMPTY_METADATA:
        return
    if not isinstance(value, Mapping):
        raise _fail(inst, attribute, f"expected a mapping of JSON values, {_got(value)}")
    if (problem := _json_problem(value, "metadata")) is not None:
        raise _fail(inst, attribute, f"expected a mapping of JSON values; {problem}")


def _as_tuple(value: Iterable[Any]) -> tuple[Any, ...]:
    if isinstance(value, tuple):
        return value
    if isinstance(value, (str, bytes, Mapping)) or not isinstance(value, Iterable):
        return value  # type: ignore[return-value]  # the validator reports it
    return tuple(value)


def _as_pillars(value: Iterable[Pillar]) -> frozenset[Pillar]:
    if isinstance(value, frozenset):
        return value
    if isinstance(value, (str, bytes, Mapping)) or not isinstance(value, Iterable):
        return value  # type: ignore[return-value]  # the validator reports it
    return frozenset(value)


# One converter per element type, so that type checkers see what each field takes.
def _strings(value: Iterable[str]) -> tuple[str, ...]:
    return _as_tuple(value)


def _touchpoints(value: Iterable[Touchpoint]) -> tuple[Touchpoint, ...]:
    return _as_tuple(value)


def _initiatives(value: Iterable[Initiative]) -> tuple[Initiative, ...]:
    return _as_tuple(value)


def _feedback_items(value: Iterable[Feedback]) -> tuple[Feedback, ...]:
    return _as_tuple(value)


def _responsibilities(value: Iterable[Responsibility]) -> tuple[Responsibility, ...]:
    return _as_tuple(value)


def _departments(value: Iterable[Department]) -> tuple[Department, ...]:
    return _as_tuple(value)


def _assessments(value: Iterable[Assessment]) -> tuple[Assessment, ...]:
    return _as_tuple(value)


def _is_tuple(inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, tuple):
        raise _fail(inst, attribute, f"expected a tuple or list, {_got(value)}")


def _is_frozenset(inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, frozenset):
        raise _fail(inst, attribute, f"expected a set of Pillar members, {_got(value)}")


def _metadata_field() -> Any:  # noqa: ANN401 - attrs fields are typed by their annotation
    return attrs.field(default=EMPTY_METADATA, validator=_metadata, hash=False)


@attrs.frozen(kw_only=True)
class Touchpoint:
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

    id: str = attrs.field(validator=_name)
    name: str = attrs.field(validator=_name)
    channel: Channel = attrs.field(validator=_enum_of(Channel))
    stage: Stage = attrs.field(validator=_enum_of(Stage))
    pillars: frozenset[Pillar] = attrs.field(
        default=frozenset(),
        converter=_as_pillars,
        validator=[_is_frozenset, _pillars],
    )
    owner: str | None = attrs.field(default=None, validator=_optional_name)
    metadata: Mapping[str, JSONValue] = _metadata_field()


@attrs.frozen(kw_only=True)
class Initiative:
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
        metadata: Free JSON data, kept untouched.

    >>> from datetime import date
    >>> from dime import Practice
    >>> Initiative(id="i-1", title="Welcome call", area=Practice.CUSTOMER_CARE.area,
    ...            started=date(2026, 1, 5)).effort
    1
    """

    id: str = attrs.field(validator=_name)
    title: str = attrs.field(validator=_name)
    area: Area = attrs.field(validator=_area)
    owner: str | None = attrs.field(default=None, validator=_optional_name)
    status: InitiativeStatus = attrs.field(
        default=InitiativeStatus.PLANNED, validator=_enum_of(InitiativeStatus)
    )
    started: date | None = attrs.field(default=None, validator=_optional_day)
    finished: date | None = attrs.field(default=None, validator=_optional_day)
    effort: float = attrs.field(default=1, validator=_positive)
    step: ImprovementStep | None = attrs.field(
        default=None, validator=_enum_of(ImprovementStep, optional=True)
    )
    metadata: Mapping[str, JSONValue] = _metadata_field()

    def __attrs_post_init__(self) -> None:
        if self.started is not None and self.finished is not None and self.finished < self.started:
            raise InvalidFieldError(
                [
                    Problem(
                        "Initiative.finished",
                        f"finished {self.finished.isoformat()} is before "
                        f"started {self.started.isoformat()}",
                    )
                ]
            )
        if self.status is InitiativeStatus.ACTIVE and self.started is None:
            raise InvalidFieldError(
                [
                    Problem(
                        "Initiative.started",
                        f"initiative {self.id!r} is active but has no started day; give the "
                        "day it started, or set its status to planned",
                    )
                ]
            )


@attrs.frozen(kw_only=True)
class Feedback:
    """One piece of feedback from a customer.

    Args:
        id: Unique among the framework's feedback.
        received: When it came in; timezone-aware.
        kind: What it is worth, in the framework's mail analogy.
        folder: The feedback folder it is filed in, or None if not yet filed.
        touchpoint: The id of the touchpoint it came through, or None.
        channel: The channel it came through, or None.
        text: What the customer said.
        score: A rating, if the customer gave one.
        metadata: Free JSON data, kept untouched.

    >>> from datetime import datetime, timezone
    >>> fb = Feedback(id="f-1", received=datetime(2026, 3, 1, 9, 30, tzinfo=timezone.utc),
    ...               kind=FeedbackKind.GIFT, text="Lovely staff!")
    >>> fb.folder is None
    True
    """

    id: str = attrs.field(validator=_name)
    received: datetime = attrs.field(validator=_aware_datetime)
    kind: FeedbackKind = attrs.field(validator=_enum_of(FeedbackKind))
    folder: FeedbackFolder | None = attrs.field(
        default=None, validator=_enum_of(FeedbackFolder, optional=True)
    )
    touchpoint: str | None = attrs.field(default=None, validator=_optional_name)
    channel: Channel | None = attrs.field(default=None, validator=_enum_of(Channel, optional=True))
    text: str = attrs.field(default="", validator=_text)
    score: int | None = attrs.field(default=None, validator=_optional_int)
    metadata: Mapping[str, JSONValue] = _metadata_field()


@attrs.frozen(kw_only=True)
class Responsibility:
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

    holder: str = attrs.field(validator=_name)
    mindset: Mindset = attrs.field(validator=_enum_of(Mindset))
    department: str | None = attrs.field(default=None, validator=_optional_name)
    share: float = attrs.field(default=1, validator=_share)
    metadata: Mapping[str, JSONValue] = _metadata_field()


@attrs.frozen(kw_only=True)
class Department:
    """A department, and how it is aligned on customer experience.

    Args:
        name: Unique among the framework's departments.
        objective: Its customer-experience objective, or None if it has none.
        measures: How it is measured on that objective.
        metadata: Free JSON data, kept untouched.

    >>> Department(name="IT", measures=["ticket resolution time"]).measures
    ('ticket resolution time',)
    """

    name: str = attrs.field(validator=_name)
    objective: str | None = attrs.field(default=None, validator=_optional_name)
    measures: tuple[str, ...] = attrs.field(
        default=(), converter=_strings, validator=[_is_tuple, _names]
    )
    metadata: Mapping[str, JSONValue] = _metadata_field()


@attrs.frozen(kw_only=True)
class Assessment:
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

    area: Area = attrs.field(validator=_area)
    score: float = attrs.field(validator=_score)
    on: date = attrs.field(validator=_day)
    assessor: str | None = attrs.field(default=None, validator=_optional_name)
    metadata: Mapping[str, JSONValue] = _metadata_field()


#: Any record a :class:`Framework` holds.
Record: TypeAlias = Touchpoint | Initiative | Feedback | Responsibility | Department | Assessment

R = TypeVar("R", Touchpoint, Initiative, Feedback, Department)

# Each kind of record: the Framework field holding it and, for records with
# an identity, the attribute that is their key.
_FIELD_OF: Final[dict[type[Any], str]] = {
    Touchpoint: "touchpoints",
    Initiative: "initiatives",
    Feedback: "feedback",
    Responsibility: "responsibilities",
    Department: "departments",
    Assessment: "assessments",
}
_KEY_OF: Final[dict[type[Any], str]] = {
    Touchpoint: "id",
    Initiative: "id",
    Feedback: "id",
    Department: "name",
}


def _record_tuple(_inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, tuple):
        raise InvalidFrameworkError(
            [
                Problem(
                    attribute.name,
                    f"expected a tuple or list of records, {_got(value)}",
                )
            ]
        )


@attrs.frozen(kw_only=True, repr=False)
class Framework:
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
        metadata: Free JSON data, kept untouched.

    >>> fw = Framework(name="Corner Café", departments=[Department(name="Front of house")])
    >>> fw
    Framework(name='Corner Café', touchpoints=0, initiatives=0, feedback=0, responsibilities=0, departments=1, assessments=0)
    >>> fw = fw.add(Touchpoint(id="counter", name="Counter", channel=Channel.IN_PERSON,
    ...                        stage=Stage.PURCHASE, owner="Front of house"))
    >>> fw.get(Touchpoint, "counter").name
    'Counter'
    >>> fw.add(Touchpoint(id="till", name="Till", channel=Channel.IN_PERSON,
    ...                   stage=Stage.PURCHASE, owner="Kitchen"))
    Traceback (most recent call last):
      ...
    dime.exceptions.InvalidFrameworkError: 1 problem in the framework:
      touchpoints[1].owner: touchpoint 'till' names department 'Kitchen', which is not in departments
    """

    name: str = attrs.field(validator=_name)
    touchpoints: tuple[Touchpoint, ...] = attrs.field(
        default=(), converter=_touchpoints, validator=_record_tuple
    )
    initiatives: tuple[Initiative, ...] = attrs.field(
        default=(), converter=_initiatives, validator=_record_tuple
    )
    feedback: tuple[Feedback, ...] = attrs.field(
        default=(), converter=_feedback_items, validator=_record_tuple
    )
    responsibilities: tuple[Responsibility, ...] = attrs.field(
        default=(), converter=_responsibilities, validator=_record_tuple
    )
    departments: tuple[Department, ...] = attrs.field(
        default=(), converter=_departments, validator=_record_tuple
    )
    assessments: tuple[Assessment, ...] = attrs.field(
        default=(), converter=_assessments, validator=_record_tuple
    )
    metadata: Mapping[str, JSONValue] = _metadata_field()
    _indexes: dict[type[Any], dict[str, Any]] = attrs.field(
        init=False, factory=dict, eq=False, hash=False, repr=False
    )

    def __attrs_post_init__(self) -> None:
        problems = _integrity_problems(self)
        if problems:
            raise InvalidFrameworkError(problems)

    def __repr__(self) -> str:
        counts = ", ".join(f"{name}={len(getattr(self, name))}" for name in _FIELD_OF.values())
        return f"Framework(name={self.name!r}, {counts})"

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

    def _index(self, kind: type[R]) -> dict[str, R]:
        index = self._indexes.get(kind)
        if index is None:
            key = _KEY_OF[kind]
            index = {getattr(r, key): r for r in getattr(self, _FIELD_OF[kind])}
            self._indexes[kind] = index
        return index

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

        >>> import dime
        >>> dime.example().get(dime.Department, "Marketing").name
        'Marketing'
        """
        if kind not in _KEY_OF:
            raise TypeError(f"records of kind {kind.__name__} have no id to look up")
        try:
            found: R = self._index(kind)[key]
        except KeyError:
            raise UnknownRecordError(kind.__name__, key) from None
        return found

    def __contains__(self, record: object) -> bool:
        """Whether this framework holds ``record`` (an equal record)."""
        kind = type(record)
        if kind in _KEY_OF:
            found = self._index(kind).get(getattr(record, _KEY_OF[kind]))
            return found == record
        if kind in _FIELD_OF:
            return record in getattr(self, _FIELD_OF[kind])
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
        for record in records:
            grouped.setdefault(_field_for(record), []).append(record)
        changes = {field: (*getattr(self, field), *new) for field, new in grouped.items()}
        return attrs.evolve(self, **changes)  # type: ignore[arg-type]

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
        for record in records:
            kind = type(record)
            if kind not in _KEY_OF:
                raise TypeError(f"records of kind {kind.__name__} have no id; remove and add them")
            key = getattr(record, _KEY_OF[kind])
            if key not in self._index(kind):
                raise UnknownRecordError(kind.__name__, key)
            by_field.setdefault(_FIELD_OF[kind], {})[key] = record
        changes = {}
        for field, new in by_field.items():
            key_name = "name" if field == "departments" else "id"
            changes[field] = tuple(new.get(getattr(r, key_name), r) for r in getattr(self, field))
        return attrs.evolve(self, **changes)  # type: ignore[arg-type]

    def remove(self, *records: Record) -> Framework:
        """Return a new framework without ``records``.

        Records with an id (touchpoints, initiatives, feedback) and departments
        are matched by id or name; responsibilities and assessments by equality.
        Removing a record that others still refer to (a touchpoint that
        feedback names, say) is refused, never silently cascaded.

        Raises:
            UnknownRecordError: A record is not in this framework.
            InvalidFrameworkError: Other records still refer to a removed one.

        >>> import dime
        >>> fw = dime.Framework(name="Shop", departments=[dime.Department(name="IT")])
        >>> fw.remove(dime.Department(name="IT")).departments
        ()
        """
        keyed: dict[str, set[str]] = {}
        plain: dict[str, list[Record]] = {}
        for record in records:
            kind = type(record)
            field = _field_for(record)
            if kind in _KEY_OF:
                key = getattr(record, _KEY_OF[kind])
                if key not in self._index(kind):
                    raise UnknownRecordError(kind.__name__, key)
                keyed.setdefault(field, set()).add(key)
            else:
                if record not in getattr(self, field):
                    raise UnknownRecordError(kind.__name__, repr(record))
                plain.setdefault(field, []).append(record)
        changes: dict[str, tuple[Record, ...]] = {}
        for field, keys in keyed.items():
            key_name = "name" if field == "departments" else "id"
            changes[field] = tuple(
                r for r in getattr(self, field) if getattr(r, key_name) not in keys
            )
        for field, gone in plain.items():
            remaining = list(getattr(self, field))
            for record in gone:
                remaining.remove(record)
            changes[field] = tuple(remaining)
        return attrs.evolve(self, **changes)  # type: ignore[arg-type]

    def records(self, kind: type[Record] | str) -> list[dict[str, object]]:
        """The records of one kind as tidy rows: one flat dict of plain values per record.

        Made for data-frame libraries (``pandas.DataFrame(fw.records(Feedback))``).
        Enums become their wire values, dates and datetimes ISO 8601
        strings, an area three columns: ``pillar`` (its letter), ``layer``
        and ``area`` (its title).  Feedback and responsibilities get the
        area of their folder or mindset (``None`` for unfiled feedback), a
        touchpoint's pillars are one string of letters in grid order
        (``"DE"``), a department's measures a list.  The free ``metadata``
        is left out: it has no fixed columns.

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
        >>> sorted(rows[0])
        ['area', 'effort', 'finished', 'id', 'layer', 'owner', 'pillar', 'started', 'status', 'step', 'title']
        >>> {k: rows[0][k] for k in ("pillar", "layer", "status")}
        {'pillar': 'E', 'layer': 'implementation', 'status': 'done'}
        >>> dime.example().records("feedback")[0]["received"]
        '2025-05-01T01:02:00+00:00'
        """
        field = kind if isinstance(kind, str) else _FIELD_OF.get(kind)
        if field not in _ROWS:
            kinds = ", ".join(k.__name__ for k in _FIELD_OF)
            names = ", ".join(repr(f) for f in _ROWS)
            raise TypeError(f"expected a kind of record ({kinds}) or one of {names}, got {kind!r}")
        row = _ROWS[field]
        return [row(r) for r in getattr(self, field)]


def _area_columns(area: Area | None) -> dict[str, object]:
    if area is None:
        return {"pillar": None, "layer": None, "area": None}
    return {"pillar": area.pillar.value, "layer": area.layer.value, "area": area.title}


def _iso(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def _wire(value: _WireEnum | None) -> str | None:
    return None if value is None else str(value.value)


def _touchpoint_row(t: Touchpoint) -> dict[str, object]:
    return {
        "id": t.id,
        "name": t.name,
        "channel": t.channel.value,
        "stage": t.stage.value,
        "pillars": "".join(p.letter for p in sorted(t.pillars)),
        "owner": t.owner,
    }


def _initiative_row(i: Initiative) -> dict[str, object]:
    return {
        "id": i.id,
        "title": i.title,
        **_area_columns(i.area),
        "owner": i.owner,
        "status": i.status.value,
        "started": _iso(i.started),
        "finished": _iso(i.finished),
        "effort": i.effort,
        "step": _wire(i.step),
    }


def _feedback_row(f: Feedback) -> dict[str, object]:
    return {
        "id": f.id,
        "received": f.received.isoformat(),
        "kind": f.kind.value,
        "folder": _wire(f.folder),
        **_area_columns(None if f.folder is None else f.folder.area),
        "touchpoint": f.touchpoint,
        "channel": _wire(f.channel),
        "text": f.text,
        "score": f.score,
    }


def _responsibility_row(r: Responsibility) -> dict[str, object]:
    return {
        "holder": r.holder,
        "mindset": r.mindset.value,
        **_area_columns(r.mindset.area),
        "department": r.department,
        "share": r.share,
    }


def _department_row(d: Department) -> dict[str, object]:
    return {"name": d.name, "objective": d.objective, "measures": list(d.measures)}


def _assessment_row(a: Assessment) -> dict[str, object]:
    return {
        **_area_columns(a.area),
        "score": a.score,
        "on": a.on.isoformat(),
        "assessor": a.assessor,
    }


_ROWS: Final[dict[str, Callable[[Any], dict[str, object]]]] = {
    "touchpoints": _touchpoint_row,
    "initiatives": _initiative_row,
    "feedback": _feedback_row,
    "responsibilities": _responsibility_row,
    "departments": _department_row,
    "assessments": _assessment_row,
}


def _field_for(record: object) -> str:
    try:
        return _FIELD_OF[type(record)]
    except KeyError:
        kinds = ", ".join(k.__name__ for k in _FIELD_OF)
        raise InvalidFrameworkError(
            [Problem("", f"expected a record ({kinds}), {_got(record)}")]
        ) from None


def _integrity_problems(fw: Framework) -> list[Problem]:
    """Every way in which the framework's records do not fit together."""
    problems: list[Problem] = []
    for kind, field in _FIELD_OF.items():
        records = getattr(fw, field)
        if not set(map(type, records)) <= {kind}:
            problems.extend(
                Problem(f"{field}[{i}]", f"expected a {kind.__name__}, {_got(r)}")
                for i, r in enumerate(records)
                if type(r) is not kind
            )
    if problems:
        return problems  # the rest of the checks need records of the right kinds

    departments = _unique(problems, "departments", "name", fw.departments)
    touchpoints = _unique(problems, "touchpoints", "id", fw.touchpoints)
    _unique(problems, "initiatives", "id", fw.initiatives)
    _unique(problems, "feedback", "id", fw.feedback)

    def dangling(
        field: str, attr: str, records: tuple[Any, ...], known: set[str], what: str
    ) -> None:
        named = {getattr(r, attr) for r in records}
        named.discard(None)
        if named <= known:
            return
        for i, r in enumerate(records):
            ref = getattr(r, attr)
            if ref is not None and ref not in known:
                who = f"{type(r).__name__.lower()} {_label(r)!r}"
                message = f"{who} names {what} {ref!r}, which is not in {what}s"
                problems.append(Problem(f"{field}[{i}].{attr}", message))

    dangling("touchpoints", "owner", fw.touchpoints, departments, "department")
    dangling("initiatives", "owner", fw.initiatives, departments, "department")
    dangling("feedback", "touchpoint", fw.feedback, touchpoints, "touchpoint")
    dangling("responsibilities", "department", fw.responsibilities, departments, "department")
    return problems


def _label(record: object) -> str:
    for attr in ("id", "name", "holder"):
        if hasattr(record, attr):
            return str(getattr(record, attr))
    return repr(record)  # pragma: no cover - every record kind has one of the above


def _unique(problems: list[Problem], field: str, attr: str, records: tuple[Any, ...]) -> set[str]:
    keys = {getattr(r, attr) for r in records}
    if len(keys) != len(records):
        first: dict[str, int] = {}
        for i, r in enumerate(records):
            key = getattr(r, attr)
            if key in first:
                problems.append(
                    Problem(
                        f"{field}[{i}].{attr}",
                        f"duplicate {attr} {key!r}, already used by {field}[{first[key]}]",
                    )
                )
            else:
                first[key] = i
    return keys
