"""The private cattrs converter: records to plain JSON data and back.

Built once, on first use, by :func:`make_converter`, so that ``import dime``
never imports cattrs.  Every record type has a structure and an unstructure
hook of its own.  Structuring checks the wire form (JSON types, enum values,
dates, unknown and missing keys) with JSON paths in the messages, then runs
the records' own attrs validators, so a document is checked exactly as the
constructors check their arguments, and every problem is collected.

Feedback, the one collection that grows to millions of records, has a fast
path: it builds records with ``object.__new__`` and inline checks equivalent
to the validators; any record that does not pass them goes through the
general path, which reports what is wrong.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Callable, Mapping
from datetime import UTC, date, datetime
from typing import Any, Final

import attrs
import cattrs

from dime._framework import Area, FeedbackFolder, Layer, Mindset, Pillar, _WireEnum
from dime._model import (
    _FIELD_OF,
    EMPTY_METADATA,
    Assessment,
    Channel,
    Department,
    Feedback,
    FeedbackKind,
    Framework,
    ImprovementStep,
    Initiative,
    InitiativeStatus,
    Responsibility,
    Stage,
    Touchpoint,
)
from dime.exceptions import InvalidDocumentError, InvalidFieldError, InvalidFrameworkError, Problem

__all__ = [
    "MAX_DEPTH",
    "SPECS",
    "WireError",
    "check_json",
    "check_scalar",
    "make_converter",
    "structure_framework",
    "structure_record",
]

#: How deeply metadata values may nest (objects and arrays inside ``metadata``).
MAX_DEPTH: Final = 64

_Problems = list[Problem]

_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")


def key_path(path: str, key: str) -> str:
    """The JSON path of ``key`` inside the object at ``path``."""
    if _IDENTIFIER.match(key):
        return f"{path}.{key}"
    escaped = key.replace("\\", "\\\\").replace("'", "\\'")
    return f"{path}['{escaped}']"


def json_type(value: object) -> str:  # noqa: PLR0911 - one answer per JSON type
    """The JSON name of a parsed value's type, for messages."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    if isinstance(value, dict):
        return "object"
    return type(value).__name__


def _short(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _got(value: object) -> str:
    return f"got {json_type(value)} {_short(value)}"


class WireError(Exception):
    """A value that does not have its wire form; the message says why."""


# Value converters: wire value -> Python value, raising WireError with a message.


def _enum_values(cls: type[_WireEnum]) -> str:
    return ", ".join(str(m.value) for m in cls)


def _enum(cls: type[_WireEnum], *, optional: bool = False) -> Callable[[object], Any]:
    lookup = cls._value2member_map_
    choices = _enum_values(cls)

    def convert(value: object) -> Any:  # noqa: ANN401 - the enum member
        if value is None and optional:
            return None
        if type(value) is str:
            member = lookup.get(value)
            if member is not None:
                return member
            raise WireError(f"{value!r} is not one of {choices}")
        null = " or null" if optional else ""
        raise WireError(f"expected one of {choices}{null}, {_got(value)}")

    return convert


def _string(value: object) -> str:
    if isinstance(value, str):
        return value
    raise WireError(f"expected a string, {_got(value)}")


def _optional_string(value: object) -> str | None:
    if value is None or isinstance(value, str):
        return value
    raise WireError(f"expected a string or null, {_got(value)}")


def _number(value: object) -> float:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if isinstance(value, float) and not math.isfinite(value):
            raise WireError(f"expected a finite number, got {value!r}")
        return value
    raise WireError(f"expected a number, {_got(value)}")


def _optional_integer(value: object) -> int | None:
    if value is None or (isinstance(value, int) and not isinstance(value, bool)):
        return value
    raise WireError(f"expected an integer or null, {_got(value)}")


def _datetime(value: object) -> datetime:
    if not isinstance(value, str):
        raise WireError(f"expected an ISO 8601 date and time string, {_got(value)}")
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise WireError(f"{value!r} is not an ISO 8601 date and time") from None
    if parsed.utcoffset() is None:
        raise WireError(f"{value!r} has no UTC offset; write one, such as {value}+00:00")
    return parsed


def _date(value: object) -> date:
    if not isinstance(value, str):
        raise WireError(f"expected an ISO 8601 date string (YYYY-MM-DD), {_got(value)}")
    try:
        if len(value) != 10:
            raise ValueError  # noqa: TRY301 - handled just below
        return date.fromisoformat(value)
    except ValueError:
        raise WireError(f"{value!r} is not a date in the form YYYY-MM-DD") from None


def _optional_date(value: object) -> date | None:
    return None if value is None else _date(value)


def _strings(value: object) -> tuple[str, ...]:
    if not isinstance(value, list):
        raise WireError(f"expected an array of strings, {_got(value)}")
    for i, item in enumerate(value):
        if not isinstance(item, str):
            raise WireError(f"expected an array of strings, item {i} is {json_type(item)}")
    return tuple(value)


_PILLAR = _enum(Pillar)
_LAYER = _enum(Layer)


def _pillars(value: object) -> frozenset[Pillar]:
    if not isinstance(value, list):
        raise WireError(f"expected an array of pillars (D, I, M, E), {_got(value)}")
    pillars = []
    for i, item in enumerate(value):
        try:
            pillars.append(_PILLAR(item))
        except WireError as bad:
            raise WireError(f"item {i}: {bad}") from None
    result = frozenset(pillars)
    if len(result) != len(pillars):
        raise WireError("a pillar is listed more than once")
    return result


def _area(value: object) -> Area:
    if not isinstance(value, dict):
        raise WireError(
            f'expected an area such as {{"pillar": "D", "layer": "review"}}, {_got(value)}'
        )
    unknown = sorted(set(value) - {"pillar", "layer"})
    if unknown:
        raise WireError(f"unknown key {unknown[0]!r} in an area; expected pillar and layer")
    bad = [k for k in ("pillar", "layer") if k not in value]
    if bad:
        raise WireError(f"the area is missing {bad[0]!r}")
    try:
        return Area(_PILLAR(value["pillar"]), _LAYER(value["layer"]))
    except WireError as err:
        raise WireError(f"{err}") from None


def _metadata(value: object) -> Mapping[str, Any]:
    if not isinstance(value, dict):
        raise WireError(f"expected an object, {_got(value)}")
    if not value:
        return EMPTY_METADATA
    check_json(value, 1)
    return value


def check_json(value: object, depth: int) -> None:
    """Raise WireError if ``value`` is not plain JSON data nested at most MAX_DEPTH deep."""
    if depth > MAX_DEPTH:
        raise WireError(f"metadata nests more than {MAX_DEPTH} levels deep")
    if isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, str):
                raise WireError(f"key {key!r} is not a string")
            if isinstance(item, (dict, list)):
                check_json(item, depth + 1)
            else:
                check_scalar(item)
    elif isinstance(value, list):
        for item in value:
            if isinstance(item, (dict, list)):
                check_json(item, depth + 1)
            else:
                check_scalar(item)
    else:
        check_scalar(value)


def check_scalar(value: object) -> None:
    if value is None or isinstance(value, (str, int)):
        return
    if isinstance(value, float):
        if not math.isfinite(value):
            raise WireError(f"{value!r} is not a JSON number")
        return
    raise WireError(f"{type(value).__name__} {_short(value)} is not a JSON value")


# How each field of each record travels: (name, converter, required).
_Spec = tuple[tuple[str, Callable[[object], Any], bool], ...]

SPECS: Final[dict[type[Any], _Spec]] = {
    Touchpoint: (
        ("id", _string, True),
        ("name", _string, True),
        ("channel", _enum(Channel), True),
        ("stage", _enum(Stage), True),
        ("pillars", _pillars, False),
        ("owner", _optional_string, False),
        ("metadata", _metadata, False),
    ),
    Initiative: (
        ("id", _string, True),
        ("title", _string, True),
        ("area", _area, True),
        ("owner", _optional_string, False),
        ("status", _enum(InitiativeStatus), False),
        ("started", _optional_date, False),
        ("finished", _optional_date, False),
        ("effort", _number, False),
        ("step", _enum(ImprovementStep, optional=True), False),
        ("metadata", _metadata, False),
    ),
    Feedback: (
        ("id", _string, True),
        ("received", _datetime, True),
        ("kind", _enum(FeedbackKind), True),
        ("folder", _enum(FeedbackFolder, optional=True), False),
        ("touchpoint", _optional_string, False),
        ("channel", _enum(Channel, optional=True), False),
        ("text", _string, False),
        ("score", _optional_integer, False),
        ("metadata", _metadata, False),
    ),
    Responsibility: (
        ("holder", _string, True),
        ("mindset", _enum(Mindset), True),
        ("department", _optional_string, False),
        ("share", _number, False),
        ("metadata", _metadata, False),
    ),
    Department: (
        ("name", _string, True),
        ("objective", _optional_string, False),
        ("measures", _strings, False),
        ("metadata", _metadata, False),
    ),
    Assessment: (
        ("area", _area, True),
        ("score", _number, True),
        ("on", _date, True),
        ("assessor", _optional_string, False),
        ("metadata", _metadata, False),
    ),
}

#: Each collection field of a framework and its kind of record, in field order.
_COLLECTIONS: Final = tuple((field, kind) for kind, field in _FIELD_OF.items())
_FRAMEWORK_KEYS: Final = frozenset({"name", "metadata"} | {f for f, _ in _COLLECTIONS})


def _unknown_keys(data: dict[Any, Any], known: Mapping[str, Any], path: str) -> _Problems:
    expected = ", ".join(known)
    return [
        Problem(
            key_path(path, key) if isinstance(key, str) else path,
            f"unknown key {key!r}; expected one of {expected}",
        )
        for key in data
        if key not in known
    ]


def structure_record(cls: type[Any], data: object, path: str, problems: _Problems) -> Any:  # noqa: ANN401, C901, PLR0912 - each check in turn, all collected
    """Build one record from wire data, or add its problems and return None."""
    if cls is Area:
        try:
            return _area(data)
        except WireError as bad:
            problems.append(Problem(path, str(bad)))
            return None
    if not isinstance(data, dict):
        problems.append(Problem(path, f"expected a {cls.__name__} object, {_got(data)}"))
        return None
    spec = SPECS[cls]
    fields = {name: (convert, required) for name, convert, required in spec}
    found = _unknown_keys(data, fields, path)
    values: dict[str, Any] = {}
    for name, (convert, required) in fields.items():
        if name not in data:
            if required:
                found.append(Problem(path, f"missing the required key {name!r}"))
            continue
        try:
            values[name] = convert(data[name])
        except WireError as bad:
            found.append(Problem(f"{path}.{name}", str(bad)))
    if not found:
        # The record's own validators: run each, so that every problem is reported.
        bare = object.__new__(cls)
        for attribute in attrs.fields(cls):
            if attribute.name in values and attribute.validator is not None:
                try:
                    attribute.validator(bare, attribute, values[attribute.name])
                except InvalidFieldError as err:
                    found.extend(_relocated(err.problems, cls, path))
    if not found:
        try:
            return cls(**values)
        except InvalidFieldError as err:
            found.extend(_relocated(err.problems, cls, path))
    problems.extend(found)
    return None


def _relocated(problems: tuple[Problem, ...], cls: type[Any], path: str) -> _Problems:
    prefix = f"{cls.__name__}."
    return [
        Problem(
            f"{path}.{p.path.removeprefix(prefix)}" if p.path.startswith(prefix) else path,
            p.message,
        )
        for p in problems
    ]


# The slots of Feedback's fields, in declaration order: setting a slot directly
# is what ``object.__setattr__`` does on a frozen record, minus the look-up.
_SLOT_SETTERS: Final = tuple(vars(Feedback)[a.name].__set__ for a in attrs.fields(Feedback))
_KIND: Final = FeedbackKind._value2member_map_
_FOLDER: Final = FeedbackFolder._value2member_map_
_CHANNEL: Final = Channel._value2member_map_


def _feedback_items(  # noqa: C901, PLR0912, PLR0915 - one loop, inlined for speed
    items: list[Any], path: str, problems: _Problems, *, consume: bool = False
) -> list[Feedback]:
    """Build feedback records in bulk: the fast path, with the general one for misfits.

    The inline checks are those of Feedback's validators, narrowed to plain
    ``str``, ``int`` and ``dict`` values; anything else is sent to the
    general path, which accepts exactly what the constructor accepts.
    """
    out: list[Feedback] = []
    append = out.append
    shared: dict[str, str] = {}
    intern = shared.setdefault
    # Locals, not globals, in the loop; each field set through its slot.
    _new, _fromisoformat, _dict, _str, _int = object.__new__, datetime.fromisoformat, dict, str, int
    (set_id, set_received, set_kind, set_folder, set_touchpoint, set_channel, set_text,
     set_score, set_metadata) = _SLOT_SETTERS  # fmt: skip
    kinds, folders, channels = _KIND, _FOLDER, _CHANNEL
    feedback, empty, check = Feedback, EMPTY_METADATA, check_json
    utc = UTC
    zones: dict[object, Any] = {}
    for i, d in enumerate(items):
        try:
            if type(d) is not _dict or len(d) != 9:
                raise WireError  # noqa: TRY301 - to the general path
            fid = d["id"]
            if type(fid) is not _str or not fid.strip():
                raise WireError  # noqa: TRY301 - to the general path
            received = _fromisoformat(d["received"])
            zone = received.tzinfo
            if zone is not utc:
                if zone is None:  # any other zone is a fixed offset: fromisoformat made it
                    raise WireError  # noqa: TRY301 - to the general path
                # Share one tzinfo per offset rather than keep one per item.
                same = zones.setdefault(zone, zone)
                if same is not zone:
                    received = received.replace(tzinfo=same)
            kind = kinds[d["kind"]]
            folder = d["folder"]
            if folder is not None:
                folder = folders[folder]
            touchpoint = d["touchpoint"]
            if touchpoint is not None:
                if type(touchpoint) is not _str or not touchpoint.strip():
                    raise WireError  # noqa: TRY301 - to the general path
                touchpoint = intern(touchpoint, touchpoint)
            channel = d["channel"]
            if channel is not None:
                channel = channels[channel]
            text = d["text"]
            if type(text) is not _str:
                raise WireError  # noqa: TRY301 - to the general path
            score = d["score"]
            if score is not None and type(score) is not _int:
                raise WireError  # noqa: TRY301 - to the general path
            metadata = d["metadata"]
            if type(metadata) is not _dict:
                raise WireError  # noqa: TRY301 - to the general path
            if metadata:
                check(metadata, 1)
            else:
                metadata = empty
            record = _new(feedback)
            set_id(record, fid)
            set_received(record, received)
            set_kind(record, kind)
            set_folder(record, folder)
            set_touchpoint(record, touchpoint)
            set_channel(record, channel)
            set_text(record, text)
            set_score(record, score)
            set_metadata(record, metadata)
            append(record)
            if consume:
                # Free the parsed item now: new records reuse its memory while it is hot.
                items[i] = None
        except Exception:  # noqa: BLE001 - any misfit goes through the general path
            record = structure_record(Feedback, d, f"{path}[{i}]", problems)
            if record is not None:
                append(record)
    return out


def structure_framework(data: object, path: str, *, consume: bool = False) -> Framework:  # noqa: C901, PLR0912 - each key in turn
    """Build a framework from wire data, raising InvalidDocumentError with every problem.

    With ``consume``, for data its caller parsed and will throw away, each
    feedback item is freed as soon as its record is built.
    """
    if not isinstance(data, dict):
        raise InvalidDocumentError([Problem(path, f"expected a Framework object, {_got(data)}")])
    problems: _Problems = _unknown_keys(data, dict.fromkeys(_FRAMEWORK_KEYS), path)
    values: dict[str, Any] = {}
    if "name" not in data:
        problems.append(Problem(path, "missing the required key 'name'"))
    else:
        try:
            values["name"] = _string(data["name"])
        except WireError as bad:
            problems.append(Problem(f"{path}.name", str(bad)))
    if "metadata" in data:
        try:
            values["metadata"] = _metadata(data["metadata"])
        except WireError as bad:
            problems.append(Problem(f"{path}.metadata", str(bad)))
    for field, cls in _COLLECTIONS:
        if field not in data:
            continue
        items = data[field]
        where = f"{path}.{field}"
        if not isinstance(items, list):
            problems.append(Problem(where, f"expected an array, {_got(items)}"))
            continue
        if cls is Feedback:
            records = _feedback_items(items, where, problems, consume=consume)
        else:
            records = [
                structure_record(cls, item, f"{where}[{i}]", problems)
                for i, item in enumerate(items)
            ]
        values[field] = tuple(records)
    if not problems and "name" in values and not values["name"].strip():
        problems.append(
            Problem(f"{path}.name", f"expected a non-empty string, got {values['name']!r}")
        )
    if problems:
        raise InvalidDocumentError(problems)
    try:
        return Framework(**values)
    except (InvalidFrameworkError, InvalidFieldError) as err:
        raise InvalidDocumentError(
            Problem(f"{path}.{p.path}" if p.path else path, p.message) for p in err.problems
        ) from None


def _structure_hook(cls: type[Any]) -> Callable[[object, type[Any]], Any]:
    def hook(data: object, _: type[Any]) -> Any:  # noqa: ANN401 - the record
        if cls is Framework:
            return structure_framework(data, "$")
        problems: _Problems = []
        record = structure_record(cls, data, "$", problems)
        if problems:
            raise InvalidDocumentError(problems)
        return record

    return hook


@functools.cache
def make_converter() -> cattrs.Converter:
    """The one converter that reads and writes every record type.

    >>> import dime
    >>> from dime._converter import make_converter
    >>> make_converter().unstructure(dime.Area(dime.Pillar.D, dime.Layer.REVIEW))
    {'pillar': 'D', 'layer': 'review'}
    """
    from dime._unstructure import (  # noqa: PLC0415 - it imports this module
        checked,
        unstructure_framework,
        unstructure_record,
        wire_value,
    )

    converter = cattrs.Converter()
    converter.register_unstructure_hook(Framework, checked(unstructure_framework))
    for cls in SPECS:
        converter.register_unstructure_hook(cls, checked(unstructure_record))
        converter.register_structure_hook(cls, _structure_hook(cls))
    converter.register_unstructure_hook(Area, wire_value)
    converter.register_structure_hook(Area, _structure_hook(Area))
    converter.register_structure_hook(Framework, _structure_hook(Framework))
    return converter
