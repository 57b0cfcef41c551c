"""Writing: records to plain JSON data and to JSON text, generated from the records' fields.

Two things are made here from a record class's field specs:

- :func:`to_wire`, per field, the JSON value of a field's value, and
  :func:`record_dict`, a record as a dict of them: what :func:`dime.to_dict`
  returns and what ``json.dumps`` would write (the reference);
- :func:`write_json`, the JSON text itself, written straight from the
  fields, column by column: each field of a run of records is encoded at C
  speed (``map`` over a C encoder, or one ``orjson.dumps`` call for a whole
  column of text or datetimes when orjson is installed), and the records are
  stitched together with one format string per class.  No dict is built per
  record.  The text is byte for byte what ``json.dumps`` writes for
  :func:`record_dict`, compact or indented; tests hold it to that.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from datetime import date, datetime
from json.encoder import encode_basestring as _quote
from operator import attrgetter
from types import ModuleType
from typing import Any, Final

from dime._fields import FieldSpec, Shape, per_class, specs_of
from dime._wire import WireError, json_problem

__all__ = ["plain_json", "record_dict", "to_wire", "write_json"]

#: Records are written in runs of this many, so that the columns stay small.
CHUNK: Final = 4096


def plain_json(value: Mapping[str, Any]) -> dict[str, Any]:
    """A copy of metadata as plain dicts and lists, checked as JSON; WireError if it is not."""
    problem = json_problem(value, "$")
    if problem is not None:
        raise WireError(
            f"{problem.path}: {problem.message}" if problem.path != "$" else problem.message
        )
    return _plain(value)  # type: ignore[no-any-return]


def _plain(value: Any) -> Any:  # noqa: ANN401 - any JSON value
    kind = type(value)
    if kind is dict or isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if kind is list:
        return [_plain(v) for v in value]
    if kind in (str, int, float, bool) or value is None:
        return value
    for base in (bool, str, int, float):  # subclasses are written as their base value
        if isinstance(value, base):
            return base(value)
    return value  # pragma: no cover - json_problem refused everything else


# ---------------------------------------------------------------------------
# Plain data


def to_wire(spec: FieldSpec) -> Callable[[Any], Any]:  # noqa: C901 - one case per shape
    """The function that turns a value of the field into its JSON value."""
    shape = spec.shape
    convert: Callable[[Any], Any]
    if shape in (Shape.TEXT, Shape.BOOLEAN):
        return _same
    if shape is Shape.INTEGER:
        convert = int
    elif shape is Shape.NUMBER:
        convert = _number
    elif shape is Shape.ENUM:
        convert = _enum_value
    elif shape in (Shape.DATE, Shape.DATETIME):
        convert = _isoformat
    elif shape is Shape.RECORD:
        convert = record_dict
    elif shape is Shape.JSON:
        convert = _metadata
    elif shape is Shape.SET:
        assert spec.item is not None  # noqa: S101 - a set spec has an item spec
        order = list(spec.item.cls) if spec.item.shape is Shape.ENUM else None
        item = to_wire(spec.item)

        def convert(value: Any) -> Any:  # noqa: ANN401
            members = [m for m in order if m in value] if order is not None else sorted(value)
            return [item(m) for m in members]

    else:
        assert spec.item is not None  # noqa: S101 - a tuple spec has an item spec
        item = to_wire(spec.item)

        def convert(value: Any) -> Any:  # noqa: ANN401
            return [item(v) for v in value]

    if not spec.optional:
        return convert

    def optional(value: Any) -> Any:  # noqa: ANN401
        return None if value is None else convert(value)

    return optional


def _same(value: Any) -> Any:  # noqa: ANN401
    return value


def _number(value: Any) -> Any:  # noqa: ANN401
    """An int or float as itself: subclasses (an IntEnum, numpy's float64) as their base value."""
    if type(value) is int or type(value) is float:
        return value
    return int(value) if isinstance(value, int) else float(value)


def _enum_value(value: Any) -> Any:  # noqa: ANN401
    return value._value_


def _isoformat(value: date) -> str:
    return value.isoformat()


def _metadata(value: Mapping[str, Any]) -> dict[str, Any]:
    return plain_json(value) if value else {}


@per_class
def _dict_maker(cls: type[Any]) -> Callable[[Any], dict[str, Any]]:
    hooks = tuple((spec.name, to_wire(spec)) for spec in specs_of(cls))

    def make(record: Any) -> dict[str, Any]:  # noqa: ANN401 - any record
        return {name: hook(getattr(record, name)) for name, hook in hooks}

    return make


def record_dict(record: Any) -> dict[str, Any]:  # noqa: ANN401 - any record
    """A record as plain JSON data: every field, in declaration order."""
    return _dict_maker(type(record))(record)


# ---------------------------------------------------------------------------
# JSON text, column by column


class _Style:
    """How one document is written: compact or indented, with orjson or not."""

    __slots__ = ("fast", "indent", "json_dumps", "orjson")

    def __init__(self, indent: int | None, orjson: Any) -> None:  # noqa: ANN401 - the module or None
        import json  # noqa: PLC0415 - only when writing

        self.indent = indent
        self.orjson = orjson
        self.fast = orjson is not None
        separators = (",", ":") if indent is None else (",", ": ")
        self.json_dumps = functools.partial(
            json.dumps,
            ensure_ascii=False,
            allow_nan=False,
            check_circular=False,
            indent=indent,
            separators=separators,
        )

    def pad(self, depth: int) -> str:
        return "" if self.indent is None else "\n" + " " * (self.indent * depth)

    def array(self, texts: list[str], depth: int) -> str:
        if not texts:
            return "[]"
        if self.indent is None:
            return "[" + ",".join(texts) + "]"
        inner = self.pad(depth + 1)
        return "[" + inner + ("," + inner).join(texts) + self.pad(depth) + "]"


_NULL: Final = "null"


def _orjson_texts(orjson: Any, values: list[Any]) -> list[str] | None:  # noqa: ANN401 - the module
    """Each value's JSON text, from one orjson call: one value per line, split on the lines."""
    try:
        text: str = orjson.dumps(values, option=orjson.OPT_INDENT_2).decode()
    except TypeError:
        return None  # what orjson cannot write, the standard library writes
    return text[4:-2].split(",\n  ") if values else []


def _column(spec: FieldSpec, values: list[Any], depth: int, style: _Style) -> list[str]:  # noqa: C901, PLR0911, PLR0912 - one case per shape
    """The JSON text of each value of a field, for values at ``depth``."""
    if spec.optional and None in values:
        present = [v for v in values if v is not None]
        written = iter(_column(_required(spec), present, depth, style))
        return [_NULL if v is None else next(written) for v in values]
    shape = spec.shape
    if shape is Shape.TEXT:
        if style.fast and (fast := _orjson_texts(style.orjson, values)) is not None:
            return fast
        return list(map(_quote, values))
    if shape is Shape.DATETIME:
        if style.fast and (fast := _orjson_texts(style.orjson, values)) is not None:
            return fast
        return ['"' + t + '"' for t in map(datetime.isoformat, values)]
    if shape is Shape.ENUM:
        return list(map(_enum_texts(spec.cls).__getitem__, values))
    if shape in (Shape.INTEGER, Shape.NUMBER):
        return list(map(repr, map(_number, values)))
    if shape is Shape.BOOLEAN:
        return ["true" if v else "false" for v in values]
    if shape is Shape.DATE:
        return ['"' + v.isoformat() + '"' for v in values]
    if shape is Shape.RECORD:
        return _records(spec.cls, values, depth, style)
    if shape is Shape.JSON:
        dumps, pad = style.json_dumps, style.pad(depth)
        return [dumps(plain_json(v)).replace("\n", pad) if v else "{}" for v in values]
    item = spec.item
    assert item is not None  # noqa: S101 - a tuple or set spec has an item spec
    if shape is Shape.SET and item.shape is Shape.ENUM:
        members = _enum_texts(item.cls)
        order = list(item.cls)
        memo: dict[frozenset[Any], str] = {}
        out = []
        for v in values:
            text = memo.get(v)
            if text is None:
                text = memo[v] = style.array([members[m] for m in order if m in v], depth)
            out.append(text)
        return out
    if shape is Shape.TUPLE and item.shape is Shape.RECORD:
        return [style.array(_records(item.cls, list(v), depth + 1, style), depth) for v in values]
    return [
        style.array(
            _column(item, list(sorted(v) if shape is Shape.SET else v), depth + 1, style), depth
        )
        for v in values
    ]


def _required(spec: FieldSpec) -> FieldSpec:
    import attrs  # noqa: PLC0415 - attrs is loaded already

    return attrs.evolve(spec, optional=False)


@per_class
def _enum_texts(cls: type[Any]) -> dict[Any, str]:
    return {m: _quote(str(m._value_)) for m in cls}


def _template(cls: type[Any], indent: int | None, depth: int) -> str:
    """The format string of one record of ``cls`` at ``depth``: its keys, with a %s per value."""
    key = (cls, indent, depth)
    found = _TEMPLATES.get(key)
    if found is None:
        found = _TEMPLATES[key] = _make_template(cls, indent, depth)
    return found


_TEMPLATES: Final[dict[tuple[type[Any], int | None, int], str]] = {}


def _make_template(cls: type[Any], indent: int | None, depth: int) -> str:
    names = [spec.name for spec in specs_of(cls)]
    if indent is None:
        return "{" + ",".join(f"{_quote(n)}:%s" for n in names) + "}"
    inner = "\n" + " " * (indent * (depth + 1))
    outer = "\n" + " " * (indent * depth)
    return "{" + inner + ("," + inner).join(f"{_quote(n)}: %s" for n in names) + outer + "}"


def _records(cls: type[Any], records: list[Any], depth: int, style: _Style) -> list[str]:
    """The JSON text of each record, at ``depth``."""
    specs = specs_of(cls)
    template = _template(cls, style.indent, depth).__mod__
    out: list[str] = []
    for start in range(0, len(records), CHUNK):
        chunk = records[start : start + CHUNK]
        columns = [
            _column(spec, list(map(attrgetter(spec.name), chunk)), depth + 1, style)
            for spec in specs
        ]
        out.extend(map(template, zip(*columns, strict=True)))
    return out


def write_json(
    record: object,
    *,
    indent: int | None,
    orjson: ModuleType | None = None,
    envelope: tuple[str, int] | None = None,
) -> str:
    """A record as JSON text, written straight from its fields.

    With ``envelope=(key, version)`` the record is wrapped as
    ``{"dime": version, key: record}``, as a document is.  Raises WireError
    for metadata that is not JSON, and ValueError for an integer Python
    cannot write as text.
    """
    style = _Style(indent, orjson)
    if envelope is None:
        return _records(type(record), [record], 0, style)[0]
    key, version = envelope
    (text,) = _records(type(record), [record], 1, style)
    if indent is None:
        return f'{{"dime":{version},{_quote(key)}:{text}}}'
    pad = "\n" + " " * indent
    return f'{{{pad}"dime": {version},{pad}{_quote(key)}: {text}\n}}'
