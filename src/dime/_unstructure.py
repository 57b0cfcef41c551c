"""Writing: records to plain JSON data and to JSON text, generated from the records' fields.

Two things are made here from a record class's field specs:

- :func:`to_wire`, per field, the JSON value of a field's value, and
  :func:`record_dict`, a record as a dict of them: what :func:`dime.to_dict`
  returns and what ``json.dumps`` would write (the reference);
- :func:`write_json`, the JSON text itself, written straight from the
  fields by a function compiled for the class (and the indentation and
  depth it is written at): one f-string per record, its keys and
  punctuation fixed, each value formatted by the cheapest means its field's
  shape allows.  No dict is built per record.  With orjson installed, the
  text and datetime fields of a run of records are encoded by one
  ``orjson.dumps`` call each.  The text is byte for byte what ``json.dumps``
  writes for :func:`record_dict`, compact or indented; tests hold it to that.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from datetime import date
from json.encoder import encode_basestring as _quote
from types import ModuleType
from typing import Any, Final

from dime._fields import FieldSpec, Shape, per_class, specs_of
from dime._wire import WireError, flat_json, json_problem

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
# JSON text, from code generated for each record class


class _Style:
    """How one document is written: compact or indented, with orjson or not."""

    __slots__ = ("indent", "object_text", "orjson", "text_list")

    object_text: Callable[[Any], str]

    def __init__(self, indent: int | None, orjson: ModuleType | None) -> None:
        import json  # noqa: PLC0415 - only when writing

        self.indent = indent
        self.orjson = orjson
        self.object_text = json.JSONEncoder(
            ensure_ascii=False,
            allow_nan=False,
            check_circular=False,
            indent=indent,
            separators=(",", ":") if indent is None else (",", ": "),
        ).encode
        # The C encoder itself, without JSONEncoder.encode's Python around it.
        c_make_encoder = getattr(json.encoder, "c_make_encoder", None)
        if indent is None and c_make_encoder is not None:
            encode = c_make_encoder(
                None, None, json.encoder.encode_basestring, None, ":", ",", False, False, False
            )
            self.object_text = lambda value: "".join(encode(value, 0))
        self.text_list = json.JSONEncoder(
            ensure_ascii=False, allow_nan=False, check_circular=False, separators=(",\n", ":")
        ).encode

    def pad(self, depth: int) -> str:
        return "" if self.indent is None else "\n" + " " * (self.indent * depth)

    def array(self, texts: list[str], depth: int) -> str:
        """An array at ``depth`` of items already written."""
        if not texts:
            return "[]"
        inner = self.pad(depth + 1)
        return "[" + inner + ("," + inner).join(texts) + self.pad(depth) + "]"

    def metadata(self, value: Mapping[str, Any], depth: int) -> str:
        """A metadata object at ``depth``, checked as JSON first."""
        if not value:
            return "{}"
        flat = flat_json(value)
        if self.indent is not None or flat is None:
            return self.object_text(plain_json(value) if flat is None else value).replace(
                "\n", self.pad(depth)
            )
        if self.orjson is not None and not flat:  # no floats: orjson writes some differently
            try:
                return self.orjson.dumps(value).decode()  # type: ignore[no-any-return]
            except TypeError:
                pass  # integers beyond 64 bits
        return self.object_text(value)

    def texts(self, values: list[Any]) -> list[str] | None:
        """The JSON text of each value (text, datetimes, null) from one orjson call, or None."""
        if self.orjson is None:
            return None
        if not values:
            return []
        try:
            text: str = self.orjson.dumps(values, option=self.orjson.OPT_INDENT_2).decode()
        except TypeError:
            return None  # what orjson cannot write, the standard library writes
        # One value per line, and no written value holds a line end.
        return text[4:-2].split(",\n  ")


def _literal(text: str) -> str:
    """``text`` as the literal part of an f-string in single quotes."""
    escaped = text.replace("\\", "\\\\").replace("'", "\\'").replace("\n", "\\n")
    return escaped.replace("{", "{{").replace("}", "}}")


_Writer = Callable[[list[Any]], str]


class _Writers:
    """The compiled writers of one document style, made on first use and kept."""

    def __init__(self, style: _Style) -> None:
        self.style = style
        self.made: dict[tuple[type[Any], int], _Writer] = {}

    def records(self, cls: type[Any], depth: int) -> _Writer:
        """The function writing records of ``cls`` at ``depth``, joined as array items."""
        key = (cls, depth)
        found = self.made.get(key)
        if found is None:
            found = self.made[key] = self._compile(cls, depth)
        return found

    def array(self, cls: type[Any], records: tuple[Any, ...] | list[Any], depth: int) -> str:
        """An array of records at ``depth``."""
        if not records:
            return "[]"
        write = self.records(cls, depth + 1)
        items = list(records)
        inner = self.style.pad(depth + 1)
        runs = [write(items[i : i + CHUNK]) for i in range(0, len(items), CHUNK)]
        return "[" + inner + ("," + inner).join(runs) + self.style.pad(depth) + "]"

    def _value(  # noqa: C901 - one case per shape
        self, spec: FieldSpec, value: str, depth: int, env: dict[str, Any], columns: list[str]
    ) -> str:
        """An expression for the JSON text of the field's value (``value`` reads it), at ``depth``."""
        style, shape, name = self.style, spec.shape, f"H{len(env)}"
        var = f"v_{spec.name}" if spec.optional else value
        if shape is Shape.ENUM:
            env[name] = _enum_texts(spec.cls)
            return f"{name}[id({value})]"
        if shape is Shape.DATETIME and style.orjson is not None:
            columns.append(spec.name)
            return f"t{len(columns) - 1}"
        if shape is Shape.TEXT:
            plain = f"q({var})"
        elif shape is Shape.DATETIME or shape is Shape.DATE:
            plain = f"QUOTED({var}.isoformat())"
        elif shape is Shape.INTEGER:
            plain = f"INT({var})"
        elif shape is Shape.NUMBER:
            plain = f"NUM({var})"
        elif shape is Shape.BOOLEAN:
            plain = f"BOOL[{var}]"
        elif shape is Shape.JSON:
            return f'META(m, {depth}) if (m := {value}) else "{{}}"'
        elif shape is Shape.RECORD:
            env[name] = self._single(spec.cls, depth)
            plain = _remembered(spec.cls, var, f"{name}({var})")
        elif shape is Shape.TUPLE and spec.item is not None and spec.item.shape is Shape.RECORD:
            env[name] = functools.partial(self.array, spec.item.cls, depth=depth)
            plain = f"{name}({var})"
        else:
            env[name] = functools.partial(self._items, spec, depth)
            plain = f"{name}({var})"
        if not spec.optional:
            return plain
        return f'"null" if ({var} := {value}) is None else {plain}'

    def _one(self, cls: type[Any], depth: int, record: Any) -> str:  # noqa: ANN401 - any record
        return self.records(cls, depth)([record])

    def _single(self, cls: type[Any], depth: int) -> Callable[[Any], str]:
        """The function writing one record of ``cls`` at ``depth``: one f-string, no list."""
        env: dict[str, Any] = _writer_env(self.style)
        columns: list[str] = []
        item = self._item(cls, depth, env, columns)
        if columns:  # its times are written by orjson, a column at a time
            return functools.partial(self._one, cls, depth)
        code = compile(
            f"def write_one(r):\n    return {item}", f"<dime writer {cls.__qualname__}>", "exec"
        )
        exec(code, env)  # noqa: S102 - our own generated code, from the class's fields
        write_one: Callable[[Any], str] = env["write_one"]
        return write_one

    def _item(self, cls: type[Any], depth: int, env: dict[str, Any], columns: list[str]) -> str:
        """The f-string writing one record ``r`` of ``cls`` at ``depth``."""
        style = self.style
        parts = []
        inner = style.pad(depth + 1)
        for i, spec in enumerate(specs_of(cls)):
            key = _quote(spec.name) + (":" if style.indent is None else ": ")
            lead = ("{" if i == 0 else ",") + inner + key
            if (
                spec.shape in (Shape.DATE, Shape.DATETIME)
                and not spec.optional
                and style.orjson is None
            ):
                # The quotes go in the format string; no call to add them.
                parts.append(_literal(lead + '"') + "{r." + spec.name + ".isoformat()}" + '"')
                continue
            value = self._value(spec, f"r.{spec.name}", depth + 1, env, columns)
            parts.append(_literal(lead) + "{" + value + "}")
        closing = _literal(style.pad(depth) + "}")
        return "f'" + "".join(parts) + closing + "'"

    def _items(self, spec: FieldSpec, depth: int, values: frozenset[Any] | tuple[Any, ...]) -> str:
        item = spec.item
        assert item is not None  # noqa: S101 - a tuple or set spec has an item spec
        members = list(values)
        if not members:
            return "[]"
        if spec.shape is Shape.SET:
            if item.shape is Shape.ENUM:
                order = {m: i for i, m in enumerate(item.cls)}
                members.sort(key=order.__getitem__)
            else:
                members.sort()
        if item.shape is Shape.ENUM:
            texts = _enum_texts(item.cls)
            return self.style.array([texts[id(m)] for m in members], depth)
        if item.shape is Shape.TEXT:
            return self.style.array(self.style.text_list(members)[1:-1].split(",\n"), depth)
        env: dict[str, Any] = _writer_env(self.style)
        expression = _Writers(_Style(self.style.indent, None))._value(item, "x", depth + 1, env, [])  # noqa: SLF001 - the same class
        texts_of = eval(f"lambda x: {expression}", env)  # noqa: S307 - our own generated expression
        return self.style.array([texts_of(m) for m in members], depth)

    def _compile(self, cls: type[Any], depth: int) -> _Writer:
        style = self.style
        env: dict[str, Any] = _writer_env(style)
        columns: list[str] = []
        item = self._item(cls, depth, env, columns)
        separator = "," + style.pad(depth)
        lines = ["def write(chunk):"]
        if columns:
            lines += [
                *(f"    c{k} = TEXTS([r.{name} for r in chunk])" for k, name in enumerate(columns)),
                f"    if {' or '.join(f'c{k} is None' for k in range(len(columns)))}:",
                "        return PLAIN(chunk)",
            ]
        if columns:
            names = ", ".join(f"t{k}" for k in range(len(columns)))
            lists = ", ".join(f"c{k}" for k in range(len(columns)))
            loop = f"for r, {names} in zip(chunk, {lists})"
        else:
            loop = "for r in chunk"
        lines.append(f"    return {separator!r}.join([{item} {loop}])")
        source = "\n".join(lines)
        code = compile(source, f"<dime writer {cls.__qualname__}>", "exec")
        exec(code, env)  # noqa: S102 - our own generated code, from the class's fields
        write: _Writer = env["write"]
        if columns:
            plain = _Writers(_Style(style.indent, None)).records(cls, depth)
            env["PLAIN"] = plain
        return write


#: The field shapes a remembered record may hold (see :func:`_remembered`).
_KEYED: Final = frozenset((Shape.TEXT, Shape.NUMBER, Shape.INTEGER))


def _remembered(cls: type[Any], var: str, plain: str) -> str:
    """The expression ``plain`` writing a record ``var`` of ``cls``, remembered when it can be.

    A small record of plain values (a score) repeats: its text is remembered by its
    values and their types.  Equal values of one type are written alike but for a
    float's zero (-0.0 == 0.0): a record holding a zero is never remembered, so it
    is written each time.
    """
    fields = specs_of(cls)
    if not all(f.shape in _KEYED and not f.optional for f in fields):
        return plain
    key = ", ".join(f"{var}.{f.name}, type({var}.{f.name})" for f in fields)
    return f"(MEMO.get(k := ({key},)) or PUT(k, {plain}))"


def _writer_env(style: _Style) -> dict[str, Any]:
    memo: dict[tuple[Any, ...], str] = {}

    def put(key: tuple[Any, ...], text: str) -> str:
        if 0 in key:  # -0.0 == 0.0, written differently: a zero is never remembered
            return text
        if len(memo) >= CHUNK:  # a bound: distinct values in a long document never pile up
            memo.clear()
        memo[key] = text
        return text

    return {
        "MEMO": memo,
        "PUT": put,
        "q": _quote,
        "INT": int.__repr__,
        "NUM": _number_text,
        "BOOL": {True: "true", False: "false"},
        "QUOTED": '"{}"'.format,
        "META": style.metadata,
        "TEXTS": style.texts,
    }


def _number_text(value: float) -> str:
    return int.__repr__(value) if isinstance(value, int) else float.__repr__(float(value))


@per_class
def _enum_texts(cls: type[Any]) -> dict[int, str]:
    """Each member's JSON text by its ``id`` (and null's): enums hash slowly, ints fast."""
    return {id(None): "null", **{id(m): _quote(str(m._value_)) for m in cls}}


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
    writers = _Writers(_Style(indent, orjson))
    if envelope is None:
        return writers.records(type(record), 0)([record])
    key, version = envelope
    text = writers.records(type(record), 1)([record])
    if indent is None:
        return f'{{"dime":{version},{_quote(key)}:{text}}}'
    pad = "\n" + " " * indent
    return f'{{{pad}"dime": {version},{pad}{_quote(key)}: {text}\n}}'
