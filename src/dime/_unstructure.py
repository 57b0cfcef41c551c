"""Writing: records to plain JSON data and to JSON text, fields in their declared order.

Three writers give the same text: ``json.dumps`` of :func:`unstructure_framework`
(the reference, used for indented output), :func:`compact_json` (the standard
library, without a dict per feedback item), and orjson on
:func:`unstructure_for_orjson`.  Tests hold them to it.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from datetime import date, datetime, timedelta, timezone
from typing import Any, Final

from dime._converter import MAX_DEPTH, SPECS, WireError, check_scalar
from dime._framework import Area, Pillar, _WireEnum
from dime._model import Feedback, Framework
from dime._serialization import FORMAT_VERSION
from dime.exceptions import InvalidDocumentError, Problem

__all__ = [
    "StdFloat",
    "checked",
    "compact_json",
    "metadata_out",
    "plain_json",
    "unstructure_for_orjson",
    "unstructure_framework",
    "unstructure_record",
    "wire_value",
]


def plain_json(value: object, depth: int = 1) -> Any:  # noqa: ANN401 - any JSON value
    """A copy of metadata as plain dicts and lists, checked as JSON."""
    if depth > MAX_DEPTH:
        raise WireError(f"metadata nests more than {MAX_DEPTH} levels deep")
    if isinstance(value, Mapping):
        out = {}
        for key, item in value.items():
            if not isinstance(key, str):
                raise WireError(f"key {key!r} is not a string")
            out[key] = plain_json(item, depth + 1)
        return out
    if isinstance(value, list):
        return [plain_json(item, depth + 1) for item in value]
    check_scalar(value)
    if type(value) is float:
        return float_out(value)
    if type(value) not in (str, int, bool) and value is not None:
        # Subclasses of str, int or float are written as their base value.
        for base in (bool, str, int, float):
            if isinstance(value, base):
                return float_out(float(value)) if base is float else base(value)
    return value


class StdFloat(float):
    """A float that orjson would write differently from the standard library.

    orjson refuses float subclasses, so a document holding one is written
    by the standard library, and the bytes stay the same either way.
    """

    __slots__ = ()


def float_out(value: float) -> float:
    return StdFloat(value) if "e-" in repr(value) else value


def metadata_out(value: Mapping[str, Any]) -> dict[str, Any]:
    return plain_json(value) if value else {}


def wire_value(value: object) -> Any:  # noqa: ANN401, C901, PLR0911 - one case per type
    if type(value) is float:
        return float_out(value)
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
        return [wire_value(v) for v in value]
    if isinstance(value, float):
        return float_out(float(value))
    if isinstance(value, int):
        return int(value)
    return str(value) if isinstance(value, str) else value


def unstructure_record(record: Any) -> dict[str, Any]:  # noqa: ANN401 - any record
    out: dict[str, Any] = {}
    for name, _, _ in SPECS[type(record)]:
        value = getattr(record, name)
        out[name] = metadata_out(value) if name == "metadata" else wire_value(value)
    return out


def unstructure_feedback(items: tuple[Feedback, ...]) -> list[dict[str, Any]]:
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
            "metadata": metadata_out(f.metadata) if f.metadata else {},
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
        empty, out = _EMPTY, metadata_out
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
    return unstructure_feedback(items)


def unstructure_framework(fw: Framework, *, for_orjson: bool = False) -> dict[str, Any]:
    """The framework object of a document, every field written out."""
    feedback = _feedback_for_orjson if for_orjson else unstructure_feedback
    return {
        "name": fw.name,
        "touchpoints": [unstructure_record(r) for r in fw.touchpoints],
        "initiatives": [unstructure_record(r) for r in fw.initiatives],
        "feedback": feedback(fw.feedback),
        "responsibilities": [unstructure_record(r) for r in fw.responsibilities],
        "departments": [unstructure_record(r) for r in fw.departments],
        "assessments": [unstructure_record(r) for r in fw.assessments],
        "metadata": metadata_out(fw.metadata),
    }


@contextmanager
def _metadata_problems() -> Iterator[None]:
    """Metadata that cannot be written, as InvalidDocumentError."""
    try:
        yield
    except WireError as bad:
        raise InvalidDocumentError([Problem("$", f"cannot write the metadata: {bad}")]) from None
    except RecursionError:
        raise InvalidDocumentError([Problem("$", "the metadata nests too deeply")]) from None


def checked(unstructure: Callable[[Any], dict[str, Any]]) -> Callable[[Any], dict[str, Any]]:
    def hook(obj: Any) -> dict[str, Any]:  # noqa: ANN401 - any record
        with _metadata_problems():
            return unstructure(obj)

    return hook


def compact_json(fw: Framework) -> str:
    """The whole document as compact JSON, written with the standard library.

    Exactly the text of ``json.dumps(document, ensure_ascii=False,
    separators=(",", ":"))``, but the feedback items, which can number in the
    millions, are formatted here directly, without building a dict for each.
    """
    with _metadata_problems():
        return _compact_json(fw)


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
    out, number = metadata_out, int.__repr__
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
            f'{{"dime":{FORMAT_VERSION},"framework":{{"name":{quote(fw.name)}',
            f',"touchpoints":{plain([unstructure_record(r) for r in fw.touchpoints])}',
            f',"initiatives":{plain([unstructure_record(r) for r in fw.initiatives])}',
            f',"feedback":[{items}]',
            f',"responsibilities":{plain([unstructure_record(r) for r in fw.responsibilities])}',
            f',"departments":{plain([unstructure_record(r) for r in fw.departments])}',
            f',"assessments":{plain([unstructure_record(r) for r in fw.assessments])}',
            f',"metadata":{plain(metadata_out(fw.metadata))}}}}}',
        ]
    )


def unstructure_for_orjson(fw: Framework) -> dict[str, Any]:
    """The framework object for orjson to write: enums and most datetimes left to it."""
    return checked(functools.partial(unstructure_framework, for_orjson=True))(fw)
