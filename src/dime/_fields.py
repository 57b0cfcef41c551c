"""Records declared once: each field's type, default, constraints and docs, on its attrs class.

A record is a frozen attrs class that derives from :class:`Model`.  Its
fields are plain annotated attributes; what an annotation cannot say goes in
``typing.Annotated`` (:func:`Range`, :func:`refers`, :data:`MAY_BE_BLANK`),
and what identifies a record among its kind, or must hold across its fields,
in the class's keywords (``class Touchpoint(Model, key="id")``).  From
``attrs.fields(cls)`` and the annotations, each field gets a
:class:`FieldSpec` (its shape, whether it may be None, its constraints), and
from the specs the class gets, on first use, the check its constructor runs:
compiled for the class, it checks every field, collects every problem and
raises them at once, with paths from ``$`` (``$.owner``), as
:class:`~dime.exceptions.InvalidFieldError` (values out of range) or its
``TypeError`` variant (values of the wrong type).

The converter, the fast loaders and writers, the JSON Schema and the docs'
field tables read the same specs (:func:`specs_of`), so a field is written
out in one place only.
"""

from __future__ import annotations

import enum
import functools
import re
import typing
from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, date, datetime, timezone
from types import NoneType, UnionType
from typing import Any, Final, TypeAlias, TypeVar

import attrs

from dime._problems import got, index_path, shown
from dime._wire import (
    FLOAT_MAX,
    WHITESPACE,
    blank,
    datetime_problem,
    integer_problem,
    json_problem,
    number_problem,
    text_problem,
)
from dime.exceptions import InvalidFieldError, Problem, ValidationError

__all__ = [
    "EMPTY_METADATA",
    "MAY_BE_BLANK",
    "Constraint",
    "FieldSpec",
    "FrozenDict",
    "JSONValue",
    "Model",
    "Range",
    "Shape",
    "WireEnum",
    "as_frozenset",
    "as_tuple",
    "check_value",
    "constraint_problem",
    "docs_of",
    "fixed_offset",
    "is_record",
    "key_of",
    "per_class",
    "refers",
    "specs_of",
]

T = TypeVar("T")

#: A value that JSON can hold: what ``metadata`` mappings may contain.
JSONValue: TypeAlias = (
    bool | int | float | str | list["JSONValue"] | Mapping[str, "JSONValue"] | None
)


class WireEnum(enum.Enum):
    """An enum whose value is its wire form, with a short repr and clear errors."""

    def __repr__(self) -> str:
        return f"{type(self).__name__}.{self.name}"

    @classmethod
    def _missing_(cls, value: object) -> Any:  # noqa: ANN401 - Enum's own signature
        choices = ", ".join(repr(m.value) for m in cls)
        problem = Problem(
            "$",
            f"{shown(value)} is not a {cls.__name__}; expected one of {choices}",
            wrong_type=not isinstance(value, str),
        )
        raise InvalidFieldError.of([problem], about=f"the {cls.__name__}")


class FrozenDict(dict[Any, Any]):
    """A dict that cannot be changed: what records and tallies keep their mappings in.

    Unlike ``types.MappingProxyType`` it pickles and copies, so that every
    object holding one crosses process boundaries.

    >>> import pickle
    >>> shares = FrozenDict({"D": 0.5})
    >>> pickle.loads(pickle.dumps(shares)) == shares
    True
    >>> shares["D"] = 1
    Traceback (most recent call last):
      ...
    TypeError: a FrozenDict cannot be changed; make a new one
    """

    __slots__ = ()

    def _refuse(self, *_args: object, **_kwargs: object) -> typing.NoReturn:
        raise TypeError(f"a {type(self).__name__} cannot be changed; make a new one")

    __setitem__ = __delitem__ = clear = pop = popitem = setdefault = update = _refuse
    __ior__ = _refuse

    def __reduce__(self) -> Any:  # noqa: ANN401 - what pickle takes
        return (type(self), (dict(self),))

    def __copy__(self) -> FrozenDict:
        return self

    def __deepcopy__(self, memo: dict[int, Any]) -> FrozenDict:
        import copy  # noqa: PLC0415 - only when copying

        return type(self)(copy.deepcopy(dict(self), memo))


class _EmptyMetadata(FrozenDict):
    """The one empty metadata mapping records share, pickled by name."""

    __slots__ = ()

    def __reduce__(self) -> str:
        return "EMPTY_METADATA"

    def __deepcopy__(self, memo: dict[int, Any]) -> FrozenDict:
        return self


#: The empty metadata mapping every record shares unless given its own.
EMPTY_METADATA: Final[Mapping[str, JSONValue]] = _EmptyMetadata()


class Shape(enum.Enum):
    """What kind of value a field holds, read from its annotation."""

    TEXT = "text"
    NUMBER = "number"
    INTEGER = "integer"
    BOOLEAN = "boolean"
    ENUM = "enum"
    DATE = "date"
    DATETIME = "datetime"
    RECORD = "record"
    TUPLE = "tuple"
    SET = "set"
    JSON = "json"


class Constraint(typing.NamedTuple):
    """What a field's annotation adds to its type, in ``typing.Annotated``."""

    blank: bool = False
    minimum: float | None = None
    maximum: float | None = None
    exclusive_minimum: float | None = None
    refers: type[Any] | None = None


def Range(  # noqa: N802 - reads as the constraint it makes
    *,
    minimum: float | None = None,
    maximum: float | None = None,
    exclusive_minimum: float | None = None,
) -> Constraint:
    """Make the range a number must lie in.

    As in ``Annotated[float, Range(exclusive_minimum=0)]``:

    >>> Range(minimum=0, maximum=5)
    Constraint(blank=False, minimum=0, maximum=5, exclusive_minimum=None, refers=None)
    """
    return Constraint(minimum=minimum, maximum=maximum, exclusive_minimum=exclusive_minimum)


def refers(target: type[Any]) -> Constraint:
    """Text that names a record of ``target`` by its key, checked by the framework holding both."""
    return Constraint(refers=target)


#: Text that may be empty or only white space: ``Annotated[str, MAY_BE_BLANK]``.
MAY_BE_BLANK: Final = Constraint(blank=True)


class FieldSpec(typing.NamedTuple):
    """One field of a record, as every edge of the library reads it.

    ``shape`` is what it holds; ``item`` the spec of a tuple's or set's items;
    ``cls`` the enum or record class of an ENUM or RECORD; ``optional`` whether
    None is allowed; ``default`` is the default of a field that is not ``required``.
    """

    name: str
    shape: Shape
    optional: bool = False
    cls: Any = None
    item: FieldSpec | None = None
    required: bool = True
    default: Any = None
    blank: bool = False
    minimum: float | None = None
    maximum: float | None = None
    exclusive_minimum: float | None = None
    refers: type[Any] | None = None


_SIMPLE: Final[dict[object, Shape]] = {
    bool: Shape.BOOLEAN,
    int: Shape.INTEGER,
    float: Shape.NUMBER,
    str: Shape.TEXT,
    datetime: Shape.DATETIME,
    date: Shape.DATE,
}


def _unannotated(hint: Any, found: list[Constraint]) -> Any:  # noqa: ANN401 - a type
    while typing.get_origin(hint) is typing.Annotated:
        found.extend(m for m in hint.__metadata__ if isinstance(m, Constraint))
        hint = hint.__origin__
    return hint


def _spec(name: str, hint: Any, default: Any) -> FieldSpec:  # noqa: ANN401 - any type, any default
    found: list[Constraint] = []
    hint = _unannotated(hint, found)
    optional = False
    if typing.get_origin(hint) in (UnionType, typing.Union):
        args = [a for a in typing.get_args(hint) if a is not NoneType]
        if len(args) != 1 or len(typing.get_args(hint)) != 2:
            raise TypeError(f"field {name!r}: a union must be one type or None, not {hint!r}")
        optional, hint = True, _unannotated(args[0], found)
    declared = Constraint(
        blank=any(c.blank for c in found),
        minimum=next((c.minimum for c in found if c.minimum is not None), None),
        maximum=next((c.maximum for c in found if c.maximum is not None), None),
        exclusive_minimum=next(
            (c.exclusive_minimum for c in found if c.exclusive_minimum is not None), None
        ),
        refers=next((c.refers for c in found if c.refers is not None), None),
    )
    base = FieldSpec(
        name=name,
        shape=Shape.TEXT,
        optional=optional,
        required=default is attrs.NOTHING,
        default=None if default is attrs.NOTHING else default,
        blank=declared.blank,
        minimum=declared.minimum,
        maximum=declared.maximum,
        exclusive_minimum=declared.exclusive_minimum,
        refers=declared.refers,
    )
    origin = typing.get_origin(hint)
    if origin in (tuple, frozenset):
        item = _spec(name, typing.get_args(hint)[0], attrs.NOTHING)
        return base._replace(shape=Shape.TUPLE if origin is tuple else Shape.SET, item=item)
    if origin is Mapping and typing.get_args(hint)[0] is str:
        return base._replace(shape=Shape.JSON)
    simple = _SIMPLE.get(hint)
    if simple is not None:
        return base._replace(shape=simple)
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return base._replace(shape=Shape.ENUM, cls=hint)
    if isinstance(hint, type) and is_record(hint):
        return base._replace(shape=Shape.RECORD, cls=hint)
    raise TypeError(f"field {name!r}: no record field can hold {hint!r}")


# ---------------------------------------------------------------------------
# Converters: what a constructor stores.  A record names them on the fields that
# take any iterable (one small typed function per element type, so that type
# checkers see what each field takes).


def as_tuple(value: Any) -> Any:  # noqa: ANN401 - checked after
    """A list or other iterable as a tuple; anything else unchanged, for the check to refuse."""
    if type(value) is tuple or isinstance(value, (str, bytes, Mapping)):
        return value
    if isinstance(value, Iterable):
        return tuple(value)
    return value


def as_frozenset(value: Any) -> Any:  # noqa: ANN401 - checked after
    """A set or other iterable as a frozenset; anything else unchanged, for the check to refuse."""
    if type(value) is frozenset or isinstance(value, (str, bytes, Mapping)):
        return value
    if isinstance(value, Iterable):
        return frozenset(value)
    return value


def _is_subclass_instance(value: datetime) -> bool:
    return type(value) is not datetime


def fixed_offset(value: datetime) -> datetime:
    """An aware datetime with the fixed UTC offset it has: a zone's name cannot be written.

    A time in the repeated hour of a daylight-saving change keeps the offset
    it has, so it compares equal after a round trip through a document.

    >>> from zoneinfo import ZoneInfo
    >>> fixed_offset(datetime(2026, 10, 25, 1, 30, fold=1, tzinfo=ZoneInfo("Europe/London")))
    datetime.datetime(2026, 10, 25, 1, 30, tzinfo=datetime.timezone.utc)
    """
    if type(getattr(value, "tzinfo", None)) is timezone and not _is_subclass_instance(value):
        return value
    try:
        offset = value.utcoffset()
    except (AttributeError, TypeError, ValueError):
        return value  # not a datetime: the check says so
    if offset is not None:
        fixed = UTC if not offset else timezone(offset)
        return datetime(
            value.year,
            value.month,
            value.day,
            value.hour,
            value.minute,
            value.second,
            value.microsecond,
            fixed,
        )
    return value


# ---------------------------------------------------------------------------
# Checks: the one definition of what a field accepts


def _number_words(spec: FieldSpec) -> str:
    parts = []
    if spec.exclusive_minimum is not None:
        parts.append(f"more than {spec.exclusive_minimum:g}")
    if spec.minimum is not None:
        parts.append(f"at least {spec.minimum:g}")
    if spec.maximum is not None:
        parts.append(f"at most {spec.maximum:g}")
    return " and ".join(parts)


def _expected(spec: FieldSpec) -> str:  # noqa: C901, PLR0911 - one phrase per shape
    """What a field expects, in a few words."""
    shape = spec.shape
    if shape is Shape.TEXT:
        return "a string" if spec.blank else "a non-empty string"
    if shape is Shape.NUMBER:
        return "a number"
    if shape is Shape.INTEGER:
        return "a whole number"
    if shape is Shape.BOOLEAN:
        return "True or False"
    if shape is Shape.ENUM:
        members = [f"{spec.cls.__name__}.{m.name}" for m in spec.cls]
        listed = ", ".join(members[:-1]) + f" or {members[-1]}" if len(members) > 1 else members[0]
        return f"a {spec.cls.__name__} ({listed})"
    if shape is Shape.DATE:
        return "a date"
    if shape is Shape.DATETIME:
        return "a datetime"
    if shape is Shape.RECORD:
        return f"{_article(spec.cls.__name__)} {spec.cls.__name__}"
    if shape is Shape.TUPLE:
        assert spec.item is not None  # noqa: S101 - a tuple spec has an item spec
        return f"a tuple or list of {_plural(spec.item)}"
    if shape is Shape.SET:
        assert spec.item is not None  # noqa: S101 - a set spec has an item spec
        return f"a set of {_plural(spec.item)}"
    return "a mapping of JSON values"


def _article(word: str) -> str:
    return "an" if word[:1].lower() in "aeiou" else "a"


def _plural(item: FieldSpec) -> str:
    if item.shape in (Shape.ENUM, Shape.RECORD):
        return f"{item.cls.__name__} members" if item.shape is Shape.ENUM else "records"
    return {Shape.TEXT: "strings", Shape.NUMBER: "numbers", Shape.INTEGER: "whole numbers"}.get(
        item.shape, "values"
    )


def _type_ok(spec: FieldSpec, value: object) -> bool:  # noqa: PLR0911 - one case per shape
    shape = spec.shape
    if shape is Shape.TEXT:
        return isinstance(value, str)
    if shape is Shape.NUMBER:
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if shape is Shape.INTEGER:
        return isinstance(value, int) and not isinstance(value, bool)
    if shape is Shape.BOOLEAN:
        return isinstance(value, bool)
    if shape in (Shape.ENUM, Shape.RECORD):
        return type(value) is spec.cls
    if shape is Shape.DATE:
        return isinstance(value, date) and not isinstance(value, datetime)
    if shape is Shape.DATETIME:
        return isinstance(value, datetime)
    if shape is Shape.TUPLE:
        return isinstance(value, tuple)
    if shape is Shape.SET:
        return isinstance(value, frozenset)
    return isinstance(value, Mapping)


def _hint(spec: FieldSpec, value: object) -> str:
    if spec.shape is Shape.ENUM and isinstance(value, str) and value in spec.cls._value2member_map_:
        return f"; try {spec.cls.__name__}({value!r})"
    if spec.shape is Shape.RECORD and type(getattr(value, spec.name, None)) is spec.cls:
        return f"; try {shown(value)}.{spec.name}"
    if spec.shape is Shape.JSON and isinstance(value, tuple):
        return "; use a list"
    return ""


def constraint_problem(spec: FieldSpec, value: Any) -> str | None:  # noqa: ANN401, PLR0911 - one case per shape
    """What makes a value of the right type out of range for the field, or None.

    Both the records and the converter call this, so a value is in range
    for a document exactly when it is for the constructor.
    """
    shape = spec.shape
    if shape is Shape.TEXT:
        if not spec.blank and blank(value):
            return f"expected a non-empty string, got {shown(value)}"
        return text_problem(value)
    if shape in (Shape.NUMBER, Shape.INTEGER):
        problem = number_problem(value) if shape is Shape.NUMBER else integer_problem(value)
        if problem is not None:
            return problem
        low, high, above = spec.minimum, spec.maximum, spec.exclusive_minimum
        if (
            (low is not None and value < low)
            or (high is not None and value > high)
            or (above is not None and value <= above)
        ):
            what = "number" if shape is Shape.NUMBER else "whole number"
            return f"expected a {what} {_number_words(spec)}, got {shown(value)}"
        return None
    if shape is Shape.DATETIME:
        if value.utcoffset() is None:
            return (
                f"expected a timezone-aware datetime, got the naive {value.isoformat()}; "
                "give it a tzinfo, such as datetime.timezone.utc"
            )
        return datetime_problem(value)
    return None


def check_value(spec: FieldSpec, value: Any, path: str) -> Problem | None:  # noqa: ANN401, C901, PLR0911 - one case per shape
    """The first problem with a Python value for the field, at ``path``, or None."""
    if value is None and spec.optional:
        return None
    if not _type_ok(spec, value):
        none = " or None" if spec.optional else ""
        message = f"expected {_expected(spec)}{none}, {got(value)}{_hint(spec, value)}"
        return Problem(path, message, wrong_type=True)
    if spec.shape in (Shape.TUPLE, Shape.SET):
        item = spec.item
        assert item is not None  # noqa: S101 - a tuple or set spec has an item spec
        if spec.shape is Shape.SET:
            for member in value:
                if (problem := check_value(item, member, path)) is not None:
                    return problem
            return None
        for i, member in enumerate(value):
            if (problem := check_value(item, member, index_path(path, i))) is not None:
                return problem
        return None
    if spec.shape is Shape.JSON:
        if value is EMPTY_METADATA:
            return None
        return json_problem(value, path)
    out_of_range = constraint_problem(spec, value)
    return None if out_of_range is None else Problem(path, out_of_range)


# ---------------------------------------------------------------------------
# The compiled check of a record


_GOOD_ZONES: Final[set[object]] = {UTC}


def _fast_test(spec: FieldSpec, var: str, env: dict[str, Any]) -> str | None:  # noqa: C901, PLR0912 - one case per shape
    """A Python expression that is true only when ``var`` certainly passes the field's check.

    None when there is no cheaper test than the full check.  A false result
    says nothing: the full check decides.
    """
    shape = spec.shape
    test: str | None
    if shape is Shape.TEXT:
        test = f"type({var}) is str and {var}.isascii()"
        if not spec.blank:
            env["WS"] = WHITESPACE
            test += f" and {var}.strip(WS)"
    elif shape in (Shape.NUMBER, Shape.INTEGER):
        env["FMAX"] = FLOAT_MAX
        if shape is Shape.NUMBER:
            test = f"(type({var}) is float or type({var}) is int) and -FMAX <= {var} <= FMAX"
        else:
            test = f"type({var}) is int and -FMAX <= {var} <= FMAX"
        for bound, op in (
            (spec.minimum, ">="),
            (spec.maximum, "<="),
            (spec.exclusive_minimum, ">"),
        ):
            if bound is not None:
                test += f" and {var} {op} {bound!r}"
    elif shape is Shape.BOOLEAN:
        test = f"type({var}) is bool"
    elif shape in (Shape.ENUM, Shape.RECORD):
        name = _bind(env, spec.cls)
        test = f"type({var}) is {name}"
    elif shape is Shape.DATE:
        env["date"] = date
        test = f"type({var}) is date"
    elif shape is Shape.DATETIME:
        env["datetime"], env["ZONES"] = datetime, _GOOD_ZONES
        test = f"type({var}) is datetime and {var}.tzinfo in ZONES and 1 < {var}.year < 9999"
    elif shape in (Shape.TUPLE, Shape.SET):
        assert spec.item is not None  # noqa: S101 - a tuple or set spec has an item spec
        inner = _fast_test(spec.item, "x", env)
        if inner is None:
            return None
        container = "tuple" if shape is Shape.TUPLE else "frozenset"
        if spec.item.shape in (Shape.ENUM, Shape.RECORD) and not spec.item.optional:
            name = _bind(env, spec.item.cls)
            test = f"type({var}) is {container} and ({{*map(type, {var})}} <= {{{name}}})"
        else:
            test = f"type({var}) is {container} and all({inner} for x in {var})"
    else:
        env["EMPTY"] = EMPTY_METADATA
        test = f"{var} is EMPTY"
    if spec.optional:
        test = f"{var} is None or ({test})"
    return test


def _bind(env: dict[str, Any], value: object) -> str:
    """A name for ``value`` in generated code's globals."""
    for name, bound in env.items():
        if bound is value and name.startswith("C"):
            return name
    name = f"C{len(env)}"
    env[name] = value
    return name


def _compile_check(
    cls: type[Any],
    specs: tuple[FieldSpec, ...],
    checks: tuple[Callable[[Any], Iterable[Problem]], ...],
    error: type[ValidationError],
    about: str | None,
) -> Callable[[Any], None]:
    env: dict[str, Any] = {"check_value": check_value, "ZONES": _GOOD_ZONES}
    lines = ["def check(self):", "    found = []"]
    for i, spec in enumerate(specs):
        env[f"S{i}"] = spec
        lines.append(f"    v = self.{spec.name}")
        test = _fast_test(spec, "v", env)
        slow = f"p = check_value(S{i}, v, {('$.' + spec.name)!r})"
        if test is None:
            lines += [f"    {slow}", "    if p is not None: found.append(p)"]
        else:
            lines += [
                f"    if not ({test}):",
                f"        {slow}",
                "        if p is not None: found.append(p)",
            ]
    env["checks"], env["error"], env["about"] = checks, error, about
    env["remember"] = _remember_zone
    zoned = [spec.name for spec in specs if spec.shape is Shape.DATETIME]
    lines += [
        "    if found:",
        "        raise error.of(found, about=about)",
        *[f"    remember(self.{name})" for name in zoned],
    ]
    if checks:
        lines += [
            "    for cross in checks:",
            "        found.extend(cross(self))",
            "    if found:",
            "        raise error.of(found, about=about)",
        ]
    source = "\n".join(lines)
    code = compile(source, f"<dime check {cls.__qualname__}>", "exec")
    exec(code, env)  # noqa: S102 - our own generated code, from the class's fields
    check: Callable[[Any], None] = env["check"]
    return check


def _remember_zone(value: object) -> None:
    """Let the fast test pass a zone the full check has passed once (whole-minute offsets)."""
    if type(value) is datetime and value.tzinfo not in _GOOD_ZONES:
        _GOOD_ZONES.add(value.tzinfo)


# ---------------------------------------------------------------------------
# The base of every record


class Model:
    """The base of every record: it checks its fields, as they are declared, when it is built.

    A subclass is an attrs class (``@attrs.frozen``).  Its class keywords say
    what the annotations cannot:

    - ``key``: the field that identifies a record among those of its kind;
    - ``checks``: functions that yield problems across fields, run when
      every field is fine on its own;
    - ``error``: what a bad value raises (or its ``TypeError`` variant); by
      default what the class it extends raises, else
      :class:`~dime.exceptions.InvalidFieldError`;
    - ``about``: what the record is called in messages.
    """

    __slots__ = ()

    def __init_subclass__(
        cls,
        *,
        key: str | None = None,
        checks: Iterable[Callable[[Any], Iterable[Problem]]] = (),
        error: type[ValidationError] | None = None,
        about: str | None = None,
        **kwargs: object,
    ) -> None:
        super().__init_subclass__(**kwargs)
        if "__dime_checks__" in cls.__dict__:
            return  # attrs making the slotted class from one already set up
        # Each class compiles its own check on first use, never its parent's.
        setattr(cls, "__attrs_post_init__", Model.__attrs_post_init__)  # noqa: B010 - see above
        raised = error or getattr(cls, "__dime_error__", InvalidFieldError)
        named = about
        if named is None and raised is not InvalidFieldError:
            named = getattr(cls, "__dime_about__", None)
        cls.__dime_checks__ = (*getattr(cls, "__dime_checks__", ()), *checks)  # type: ignore[attr-defined]
        cls.__dime_error__ = raised  # type: ignore[attr-defined]
        cls.__dime_about__ = named if named is not None else f"the {cls.__name__}"  # type: ignore[attr-defined]
        cls.__dime_key__ = key if key is not None else getattr(cls, "__dime_key__", None)  # type: ignore[attr-defined]

    def __attrs_post_init__(self) -> None:
        cls = type(self)
        compiled = _checker(cls)
        setattr(cls, "__attrs_post_init__", compiled)  # noqa: B010 - from now on, straight to it
        compiled(self)


def is_record(cls: object) -> bool:
    """Whether ``cls`` is a record class: an attrs class derived from :class:`Model`."""
    return isinstance(cls, type) and issubclass(cls, Model) and attrs.has(cls)


def key_of(cls: type[Any]) -> str | None:
    """The field that identifies a record among its kind, if it has one."""
    key: str | None = getattr(cls, "__dime_key__", None)
    return key


def per_class(build: Callable[[type[Any]], T]) -> Callable[[type[Any]], T]:
    """``build``, remembering what it made for each class."""
    made: dict[type[Any], T] = {}

    def cached(cls: type[Any]) -> T:
        try:
            return made[cls]
        except KeyError:
            result = made[cls] = build(cls)
            return result

    return functools.update_wrapper(cached, build)


@per_class
def specs_of(cls: type[Any]) -> tuple[FieldSpec, ...]:
    """The specs of a record's fields that its constructor takes, in declaration order."""
    hints = typing.get_type_hints(cls, include_extras=True)
    return tuple(_spec(a.name, hints[a.name], a.default) for a in attrs.fields(cls) if a.init)


@per_class
def _checker(cls: type[Any]) -> Callable[[Any], None]:
    return _compile_check(
        cls, specs_of(cls), cls.__dime_checks__, cls.__dime_error__, cls.__dime_about__
    )


@per_class
def docs_of(cls: type[Any]) -> tuple[str, dict[str, str]]:
    """A record's summary line and its fields' descriptions, from the ``Args:`` of its docstring.

    Subclasses inherit the descriptions of the fields they do not describe.
    """
    import inspect  # noqa: PLC0415 - only for the schema and the docs

    doc = inspect.getdoc(cls) or ""
    summary = doc.split("\n\n", 1)[0].replace("\n", " ")
    args: dict[str, str] = {}
    for base in reversed(cls.__mro__[1:]):
        if is_record(base):
            args.update(docs_of(base)[1])
    match = re.search(r"^Args:\n((?:    .*\n?|\n)+)", doc, re.MULTILINE)
    if match:
        current = None
        for line in match.group(1).splitlines():
            head = re.match(r"    (\w+): (.*)", line)
            if head:
                current = head.group(1)
                args[current] = head.group(2)
            elif current and line.strip():
                args[current] += " " + line.strip()
    return summary, args
