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
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any, Final

import attrs
import cattrs

from dime._framework import Area, FeedbackFolder, Layer, Mindset, Pillar, _WireEnum
from dime._model import (
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

__all__ = ["MAX_DEPTH", "RECORD_TYPES", "make_converter"]

#: How deeply metadata values may nest (objects and arrays inside ``metadata``).
MAX_DEPTH: Final = 64

#: Every type that has a wire form, in the order the schema lists them.
RECORD_TYPES: Final[tuple[type[Any], ...]] = (
    Framework,
    Touchpoint,
    Initiative,
    Feedback,
    Responsibility,
    Department,
    Assessment,
    Area,
)

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


class _WireError(Exception):
    """A value that does not have its wire form; the message says why."""


# Value converters: wire value -> Python value, raising _WireError with a message.


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
            raise _WireError(f"{value!r} is not one of {choices}")
        null = " or null" if optional else ""
        raise _WireError(f"expected one of {choices}{null}, {_got(value)}")

    return convert


def _string(value: object) -> str:
    if isinstance(value, str):
        return value
    raise _WireError(f"expected a string, {_got(value)}")


def _optional_string(value: object) -> str | None:
    if value is None or isinstance(value, str):
        return value
    raise _WireError(f"expected a string or null, {_got(value)}")


def _number(value: object) -> float:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if isinstance(value, float) and not math.isfinite(value):
            raise _WireError(f"expected a finite number, got {value!r}")
        return value
    raise _WireError(f"expected a number, {_got(value)}")


def _optional_integer(value: object) -> int | None:
    if value is None or (isinstance(value, int) and not isinstance(value, bool)):
        return value
    raise _WireError(f"expected an integer or null, {_got(value)}")


def _datetime(value: object) -> datetime:
    if not isinstance(value, str):
        raise _WireError(f"expected an ISO 8601 date and time string, {_got(value)}")
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise _WireError(f"{value!r} is not an ISO 8601 date and time") from None
    if parsed.utcoffset() is None:
        raise _WireError(f"{value!r} has no UTC offset; write one, such as {value}+00:00")
    return parsed


def _date(value: object) -> date:
    if not isinstance(value, str):
        raise _WireError(f"expected an ISO 8601 date string (YYYY-MM-DD), {_got(value)}")
    try:
        if len(value) != 10:
            raise ValueError  # noqa: TRY301 - handled just below
        return date.fromisoformat(value)
    except ValueError:
        raise _WireError(f"{value!r} is not a date in the form YYYY-MM-DD") from None


def _optional_date(value: object) -> date | None:
    return None if value is None else _date(value)


def _strings(value: object) -> tuple[str, ...]:
    if not isinstance(value, list):
        raise _WireError(f"expected an array of strings, {_got(value)}")
    for i, item in enumerate(value):
        if not isinstance(item, str):
            raise _WireError(f"expected an array of strings, item {i} is {json_type(item)}")
    return tuple(value)


_PILLAR = _enum(Pillar)
_LAYER = _enum(Layer)


def _pillars(value: object) -> frozenset[Pillar]:
    if not isinstance(value, list):
        raise _WireError(f"expected an array of pillars (D, I, M, E), {_got(value)}")
    pillars = []
    for i, item in enumerate(value):
        try:
            pillars.append(_PILLAR(item))
        except _WireError as bad:
            raise _WireError(f"item {i}: {bad}") from None
    result = frozenset(pillars)
    if len(result) != len(pillars):
        raise _WireError("a pillar is listed more than once")
    return result


def _area(value: object) -> Area:
    if not isinstance(value, dict):
        raise _WireError(
            f'expected an area such as {{"pillar": "D", "layer": "review"}}, {_got(value)}'
        )
    unknown = sorted(set(value) - {"pillar", "layer"})
    if unknown:
        raise _WireError(f"unknown key {unknown[0]!r} in an area; expected pillar and layer")
    bad = [k for k in ("pillar", "layer") if k not in value]
    if bad:
        raise _WireError(f"the area is missing {bad[0]!r}")
    try:
        return Area(_PILLAR(value["pillar"]), _LAYER(value["layer"]))
    except _WireError as err:
        raise _WireError(f"{err}") from None


def _metadata(value: object) -> Mapping[str, Any]:
    if not isinstance(value, dict):
        raise _WireError(f"expected an object, {_got(value)}")
    if not value:
        return EMPTY_METADATA
    check_json(value, 1)
    return value


def check_json(value: object, depth: int) -> None:
    """Raise _WireError if ``value`` is not plain JSON data nested at most MAX_DEPTH deep."""
    if depth > MAX_DEPTH:
        raise _WireError(f"metadata nests more than {MAX_DEPTH} levels deep")
    if isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, str):
                raise _WireError(f"key {key!r} is not a string")
            if isinstance(item, (dict, list)):
                check_json(item, depth + 1)
            else:
                _check_scalar(item)
    elif isinstance(value, list):
        for item in value:
            if isinstance(item, (dict, list)):
                check_json(item, depth + 1)
            else:
                _check_scalar(item)
    else:
        _check_scalar(value)


def _check_scalar(value: object) -> None:
    if value is None or isinstance(value, (str, int)):
        return
    if isinstance(value, float):
        if not math.isfinite(value):
            raise _WireError(f"{value!r} is not a JSON number")
        return
    raise _WireError(f"{type(value).__name__} {_short(value)} is not a JSON value")


# How each field of each record travels: (name, converter, required).
_Spec = tuple[tuple[str, Callable[[object], Any], bool], ...]

_SPECS: Final[dict[type[Any], _Spec]] = {
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

_COLLECTIONS: Final = (
    ("touchpoints", Touchpoint),
    ("initiatives", Initiative),
    ("feedback", Feedback),
    ("responsibilities", Responsibility),
    ("departments", Department),
    ("assessments", Assessment),
)
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
        except _WireError as bad:
            problems.append(Problem(path, str(bad)))
            return None
    if not isinstance(data, dict):
        problems.append(Problem(path, f"expected a {cls.__name__} object, {_got(data)}"))
        return None
    spec = _SPECS[cls]
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
        except _WireError as bad:
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


def _feedback_items(items: list[Any], path: str, problems: _Problems) -> list[Feedback]:  # noqa: C901, PLR0912, PLR0915 - one loop, inlined for speed
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
                raise _WireError  # noqa: TRY301 - to the general path
            fid = d["id"]
            if type(fid) is not _str or not fid.strip():
                raise _WireError  # noqa: TRY301 - to the general path
            received = _fromisoformat(d["received"])
            zone = received.tzinfo
            if zone is not utc:
                if zone is None:  # any other zone is a fixed offset: fromisoformat made it
                    raise _WireError  # noqa: TRY301 - to the general path
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
                    raise _WireError  # noqa: TRY301 - to the general path
                touchpoint = intern(touchpoint, touchpoint)
            channel = d["channel"]
            if channel is not None:
                channel = channels[channel]
            text = d["text"]
            if type(text) is not _str:
                raise _WireError  # noqa: TRY301 - to the general path
            score = d["score"]
            if score is not None and type(score) is not _int:
                raise _WireError  # noqa: TRY301 - to the general path
            metadata = d["metadata"]
            if type(metadata) is not _dict:
                raise _WireError  # noqa: TRY301 - to the general path
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
        except Exception:  # noqa: BLE001 - any misfit goes through the general path
            record = structure_record(Feedback, d, f"{path}[{i}]", problems)
            if record is not None:
                append(record)
    return out


def structure_framework(data: object, path: str) -> Framework:  # noqa: C901, PLR0912 - each key in turn
    """Build a framework from wire data, raising InvalidDocumentError with every problem."""
    if not isinstance(data, dict):
        raise InvalidDocumentError([Problem(path, f"expected a Framework object, {_got(data)}")])
    problems: _Problems = _unknown_keys(data, dict.fromkeys(_FRAMEWORK_KEYS), path)
    values: dict[str, Any] = {}
    if "name" not in data:
        problems.append(Problem(path, "missing the required key 'name'"))
    else:
        try:
            values["name"] = _string(data["name"])
        except _WireError as bad:
            problems.append(Problem(f"{path}.name", str(bad)))
    if "metadata" in data:
        try:
            values["metadata"] = _metadata(data["metadata"])
        except _WireError as bad:
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
            records = _feedback_items(items, where, problems)
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


# Unstructuring: records to plain data, fields in their declared order.


def plain_json(value: object, depth: int = 1) -> Any:  # noqa: ANN401 - any JSON value
    """A copy of metadata as plain dicts and lists, checked as JSON."""
    if depth > MAX_DEPTH:
        raise _WireError(f"metadata nests more than {MAX_DEPTH} levels deep")
    if isinstance(value, Mapping):
        out = {}
        for key, item in value.items():
            if not isinstance(key, str):
                raise _WireError(f"key {key!r} is not a string")
            out[key] = plain_json(item, depth + 1)
        return out
    if isinstance(value, list):
        return [plain_json(item, depth + 1) for item in value]
    _check_scalar(value)
    if type(value) is float:
        return _float_out(value)
    if type(value) not in (str, int, bool) and value is not None:
        # Subclasses of str, int or float are written as their base value.
        for base in (bool, str, int, float):
            if isinstance(value, base):
                return _float_out(float(value)) if base is float else base(value)
    return value


class StdFloat(float):
    """A float that orjson would write differently from the standard library.

    orjson refuses float subclasses, so a document holding one is written
    by the standard library, and the bytes stay the same either way.
    """

    __slots__ = ()


def _float_out(value: float) -> float:
    return StdFloat(value) if "e-" in repr(value) else value


def _metadata_out(value: Mapping[str, Any]) -> dict[str, Any]:
    return plain_json(value) if value else {}


def _wire_value(value: object) -> Any:  # noqa: ANN401, C901, PLR0911 - one case per type
    if type(value) is float:
        return _float_out(value)
    if value is None or type(value) in (str, int, bool):
        return value
    if isinstance(value, _WireEnum):
        return value._value_
    if isinstance(value, Area):
        return {"pillar": value.pillar._value_, "layer": value.layer._value_}
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, frozenset):
        return [p._value_ for p in Pillar if p in value]
    if isinstance(value, tuple):
        return [_wire_value(v) for v in value]
    if isinstance(value, float):
        return _float_out(float(value))
    if isinstance(value, int):
        return int(value)
    return str(value) if isinstance(value, str) else value


def _unstructure_record(record: Any) -> dict[str, Any]:  # noqa: ANN401 - any record
    out: dict[str, Any] = {}
    for name, _, _ in _SPECS[type(record)]:
        value = getattr(record, name)
        out[name] = _metadata_out(value) if name == "metadata" else _wire_value(value)
    return out


def _unstructure_feedback(items: tuple[Feedback, ...]) -> list[dict[str, Any]]:
    return [
        {
            "id": f.id,
            "received": f.received.isoformat(),
            "kind": f.kind._value_,
            "folder": None if f.folder is None else f.folder._value_,
            "touchpoint": f.touchpoint,
            "channel": None if f.channel is None else f.channel._value_,
            "text": f.text,
            "score": f.score,
            "metadata": _metadata_out(f.metadata) if f.metadata else {},
        }
        for f in items
    ]


_EMPTY: Final[dict[str, Any]] = {}
_MINUTE: Final = timedelta(minutes=1)
_NO_TIME: Final = timedelta(0)


def _feedback_for_orjson(items: tuple[Feedback, ...]) -> list[dict[str, Any]]:
    """Feedback for orjson, which writes fixed-offset datetimes itself, and fast.

    orjson writes a datetime with a whole-minute offset exactly as
    ``isoformat`` does; if any has another kind of zone, all are written here.
    Enums are given as their values: orjson would look each one up slowly.
    The dicts share one empty metadata dict: they live only while writing.
    """
    zones = {f.received.tzinfo for f in items}
    if all(type(z) is timezone and z.utcoffset(None) % _MINUTE == _NO_TIME for z in zones):
        empty, out = _EMPTY, _metadata_out
        return [
            {
                "id": f.id,
                "received": f.received,
                "kind": f.kind._value_,
                "folder": None if (folder := f.folder) is None else folder._value_,
                "touchpoint": f.touchpoint,
                "channel": None if (channel := f.channel) is None else channel._value_,
                "text": f.text,
                "score": f.score,
                "metadata": out(m) if (m := f.metadata) else empty,
            }
            for f in items
        ]
    return _unstructure_feedback(items)


def unstructure_framework(fw: Framework, *, for_orjson: bool = False) -> dict[str, Any]:
    """The framework object of a document, every field written out."""
    feedback = _feedback_for_orjson if for_orjson else _unstructure_feedback
    return {
        "name": fw.name,
        "touchpoints": [_unstructure_record(r) for r in fw.touchpoints],
        "initiatives": [_unstructure_record(r) for r in fw.initiatives],
        "feedback": feedback(fw.feedback),
        "responsibilities": [_unstructure_record(r) for r in fw.responsibilities],
        "departments": [_unstructure_record(r) for r in fw.departments],
        "assessments": [_unstructure_record(r) for r in fw.assessments],
        "metadata": _metadata_out(fw.metadata),
    }


def _checked(unstructure: Callable[[Any], dict[str, Any]]) -> Callable[[Any], dict[str, Any]]:
    def hook(obj: Any) -> dict[str, Any]:  # noqa: ANN401 - any record
        try:
            return unstructure(obj)
        except _WireError as bad:
            raise InvalidDocumentError(
                [Problem("$", f"cannot write the metadata: {bad}")]
            ) from None
        except RecursionError:
            raise InvalidDocumentError([Problem("$", "the metadata nests too deeply")]) from None

    return hook


def compact_json(fw: Framework) -> str:
    """The whole document as compact JSON, written with the standard library.

    Exactly the text of ``json.dumps(document, ensure_ascii=False,
    separators=(",", ":"))``, but the feedback items, which can number in the
    millions, are formatted here directly, without building a dict for each.
    """
    try:
        return _compact_json(fw)
    except _WireError as bad:
        raise InvalidDocumentError([Problem("$", f"cannot write the metadata: {bad}")]) from None
    except RecursionError:
        raise InvalidDocumentError([Problem("$", "the metadata nests too deeply")]) from None


def _compact_json(fw: Framework) -> str:
    import json  # noqa: PLC0415 - only when writing
    from json.encoder import encode_basestring as quote  # noqa: PLC0415

    def plain(value: object) -> str:
        return json.dumps(
            value, ensure_ascii=False, separators=(",", ":"), allow_nan=False, check_circular=False
        )

    form = (
        '{"id":%s,"received":"%s","kind":"%s","folder":%s,"touchpoint":%s,'
        '"channel":%s,"text":%s,"score":%s,"metadata":%s}'
    )
    out, number = _metadata_out, int.__repr__
    items = ",".join(
        [
            form
            % (
                quote(f.id),
                f.received.isoformat(),
                f.kind._value_,
                "null" if (folder := f.folder) is None else f'"{folder._value_}"',
                "null" if (touchpoint := f.touchpoint) is None else quote(touchpoint),
                "null" if (channel := f.channel) is None else f'"{channel._value_}"',
                quote(f.text),
                "null" if (score := f.score) is None else number(score),
                plain(out(metadata)) if (metadata := f.metadata) else "{}",
            )
            for f in fw.feedback
        ]
    )
    return "".join(
        [
            f'{{"dime":1,"framework":{{"name":{quote(fw.name)}',
            f',"touchpoints":{plain([_unstructure_record(r) for r in fw.touchpoints])}',
            f',"initiatives":{plain([_unstructure_record(r) for r in fw.initiatives])}',
            f',"feedback":[{items}]',
            f',"responsibilities":{plain([_unstructure_record(r) for r in fw.responsibilities])}',
            f',"departments":{plain([_unstructure_record(r) for r in fw.departments])}',
            f',"assessments":{plain([_unstructure_record(r) for r in fw.assessments])}',
            f',"metadata":{plain(_metadata_out(fw.metadata))}}}}}',
        ]
    )


def unstructure_for_orjson(fw: Framework) -> dict[str, Any]:
    """The framework object for orjson to write: enums and most datetimes left to it."""
    return _checked(functools.partial(unstructure_framework, for_orjson=True))(fw)


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
    converter = cattrs.Converter()
    converter.register_unstructure_hook(Framework, _checked(unstructure_framework))
    for cls in _SPECS:
        converter.register_unstructure_hook(cls, _checked(_unstructure_record))
        converter.register_structure_hook(cls, _structure_hook(cls))
    converter.register_unstructure_hook(Area, _wire_value)
    converter.register_structure_hook(Area, _structure_hook(Area))
    converter.register_structure_hook(Framework, _structure_hook(Framework))
    return converter
