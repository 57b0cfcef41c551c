"""The JSON Schema of the document, generated from the records' field specs.

Field types and constraints come from the specs (:func:`dime._fields.specs_of`),
the same ones the constructors and the converter check, titles and
descriptions from the classes' docstrings, so the schema cannot drift from
the models.  Every enum is a named definition; a value that may be null is
an ``anyOf`` with a ``{"type": "null"}`` branch.  The result is also shipped
as ``dime/schema/dime-2.schema.json``; a test keeps the two equal.
"""

from __future__ import annotations

import enum
import functools
import inspect
import re
from collections.abc import Mapping
from typing import Any, Final

from dime._fields import FieldSpec, Shape, docs_of, specs_of
from dime._model import Framework
from dime._wire import (
    DATE_PATTERN,
    DATETIME_PATTERN,
    FLOAT_MAX,
    FORMAT_VERSION,
    NON_BLANK_PATTERN,
)

__all__ = ["SCHEMA_ID", "document_schema", "field_tables", "schema_of"]

#: The schema's identifier.
SCHEMA_ID: Final = f"urn:dime:schema:document:{FORMAT_VERSION}"


def _text(text: str) -> str:
    """Plain text for a schema from the reStructuredText of a docstring; ``None`` is ``null``."""
    text = re.sub(r":\w+:`~?(?:[\w.]*\.)?(\w+)`", r"\1", text)
    text = text.replace("``", "")
    return re.sub(r"\bNone\b", "null", text)


def _wire_default(value: object) -> Any:  # noqa: ANN401 - a JSON value
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, (tuple, frozenset)):
        return list(value)
    if isinstance(value, Mapping):
        return dict(value)
    return value


class _Builder:
    """Collects the named definitions while it describes the fields."""

    def __init__(self) -> None:
        self.defs: dict[str, Any] = {}

    def ref(self, cls: type[Any]) -> dict[str, Any]:
        name = cls.__name__
        if name not in self.defs:
            self.defs[name] = {}  # taken, so that a record naming itself stops here
            self.defs[name] = self._enum(cls) if issubclass(cls, enum.Enum) else self.record(cls)
        return {"$ref": f"#/$defs/{name}"}

    def _enum(self, cls: type[enum.Enum]) -> dict[str, Any]:
        summary = (inspect.getdoc(cls) or cls.__name__).split("\n\n", 1)[0].replace("\n", " ")
        return {
            "title": cls.__name__,
            "description": _text(summary),
            "type": "string",
            "enum": [m.value for m in cls],
        }

    def value(self, spec: FieldSpec) -> dict[str, Any]:  # noqa: C901, PLR0911, PLR0912 - one case per shape
        shape = spec.shape
        if shape is Shape.TEXT:
            return (
                {"type": "string"}
                if spec.blank
                else {"type": "string", "pattern": NON_BLANK_PATTERN}
            )
        if shape in (Shape.NUMBER, Shape.INTEGER):
            out: dict[str, Any] = {"type": "number" if shape is Shape.NUMBER else "integer"}
            if spec.exclusive_minimum is not None:
                out["exclusiveMinimum"] = spec.exclusive_minimum
            if spec.minimum is not None:
                out["minimum"] = spec.minimum
            elif spec.exclusive_minimum is None and shape is Shape.NUMBER:
                out["minimum"] = -FLOAT_MAX
            if spec.maximum is not None:
                out["maximum"] = spec.maximum
            elif shape is Shape.NUMBER:
                out["maximum"] = FLOAT_MAX
            return out
        if shape is Shape.BOOLEAN:
            return {"type": "boolean"}
        if shape in (Shape.ENUM, Shape.RECORD):
            return self.ref(spec.cls)
        if shape is Shape.DATE:
            return {"type": "string", "format": "date", "pattern": DATE_PATTERN}
        if shape is Shape.DATETIME:
            return {"type": "string", "format": "date-time", "pattern": DATETIME_PATTERN}
        if shape is Shape.JSON:
            self.json_value()
            return {"type": "object", "additionalProperties": {"$ref": "#/$defs/JSONValue"}}
        assert spec.item is not None  # noqa: S101 - a tuple or set spec has an item spec
        out = {"type": "array", "items": self.field(spec.item)}
        if shape is Shape.SET:
            out["uniqueItems"] = True
        return out

    def field(self, spec: FieldSpec) -> dict[str, Any]:
        schema = self.value(spec)
        if spec.optional:
            return {"anyOf": [schema, {"type": "null"}]}
        return schema

    def record(self, cls: type[Any]) -> dict[str, Any]:
        summary, args = docs_of(cls)
        properties: dict[str, Any] = {}
        required = []
        for spec in specs_of(cls):
            described = {"description": _text(args[spec.name])} if spec.name in args else {}
            value = self.field(spec)
            if "$ref" in value:
                # Nothing beside a $ref: tools that generate types would make a second,
                # numbered type of the one it names for every property that describes it.
                value = {"allOf": [value]}
            schema = {**described, **value}
            if spec.required:
                required.append(spec.name)
            else:
                schema["default"] = _wire_default(spec.default)
            properties[spec.name] = schema
        # What holds across a record's fields and a schema can state, the record says itself.
        across: dict[str, Any] = getattr(cls, "__dime_schema__", {})
        # json-schema-to-typescript reads a titled record with conditions as two types, the
        # second numbered ("Score1"); untitled, it names the one type after its $defs key.
        titled = {} if across else {"title": cls.__name__}
        return {
            **titled,
            "description": _text(summary),
            "type": "object",
            "properties": properties,
            "required": required,
            "additionalProperties": False,
            **across,
        }

    def json_value(self) -> None:
        if "JSONValue" in self.defs:
            return
        again = {"$ref": "#/$defs/JSONValue"}
        self.defs["JSONValue"] = {
            "title": "JSONValue",
            "description": "Any JSON value: metadata is kept untouched.",
            "anyOf": [
                {"type": "null"},
                {"type": "boolean"},
                {"type": "number"},
                {"type": "string"},
                {"type": "array", "items": again},
                {"type": "object", "additionalProperties": again},
            ],
        }


def schema_of(root: type[Any], *, key: str = "framework") -> dict[str, Any]:
    """The schema of a document holding a ``root`` record under ``key``, as the library writes it.

    >>> schema_of(Framework)["properties"]["framework"]
    {'$ref': '#/$defs/Framework'}
    """
    builder = _Builder()
    builder.ref(root)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "dime document",
        "description": (
            "One organisation's state in the DIME customer-experience framework, in "
            f"format version {FORMAT_VERSION}. Documents of older format versions are "
            "migrated by the library before they are checked; this schema describes the "
            "current version."
        ),
        "type": "object",
        "properties": {
            "dime": {"description": "The format version.", "const": FORMAT_VERSION},
            key: {"$ref": f"#/$defs/{root.__name__}"},
        },
        "required": ["dime", key],
        "additionalProperties": False,
        "$defs": dict(sorted(builder.defs.items())),
    }


@functools.cache
def document_schema() -> dict[str, Any]:
    """The schema of the current document format (shared: copy before changing it)."""
    return schema_of(Framework)


# ---------------------------------------------------------------------------
# The field tables of docs/format.md, from the same specs


def _number_range(spec: FieldSpec) -> str:
    low, high, above = spec.minimum, spec.maximum, spec.exclusive_minimum
    if low is not None and high is not None:
        return f" from {low:g} to {high:g}"
    parts = []
    if above is not None:
        parts.append(f"greater than {above:g}")
    if low is not None:
        parts.append(f"at least {low:g}")
    if high is not None:
        parts.append(f"at most {high:g}")
    return " " + ", ".join(parts) if parts else ""


def _kind(spec: FieldSpec) -> str:  # noqa: PLR0911 - one phrase per shape
    shape = spec.shape
    if shape is Shape.TEXT:
        return "text" if spec.blank else "non-blank text"
    if shape is Shape.NUMBER:
        return "number" + _number_range(spec)
    if shape is Shape.INTEGER:
        return "integer" + _number_range(spec)
    if shape is Shape.BOOLEAN:
        return "boolean"
    if shape in (Shape.ENUM, Shape.RECORD):
        return f"`{spec.cls.__name__}`"
    if shape is Shape.DATE:
        return "date"
    if shape is Shape.DATETIME:
        return "date and time"
    if shape is Shape.JSON:
        return "object of JSON values"
    assert spec.item is not None  # noqa: S101 - a tuple or set spec has an item spec
    repeats = ", no repeats" if shape is Shape.SET else ""
    return f"array of {_kind(spec.item)}{repeats}"


def _table(cls: type[Any]) -> str:
    _, args = docs_of(cls)
    rows = ["| key | type | default | meaning |", "|---|---|---|---|"]
    for spec in specs_of(cls):
        kind = _kind(spec) + (" or `null`" if spec.optional else "")
        if spec.required:
            default = "*required*"
        else:
            import json  # noqa: PLC0415 - only for the docs

            default = f"`{json.dumps(_wire_default(spec.default), ensure_ascii=False)}`"
        meaning = " ".join(_text(args.get(spec.name, "")).split()).replace("|", "\\|")
        rows.append(f"| `{spec.name}` | {kind} | {default} | {meaning} |")
    return "\n".join(rows)


def _reachable(root: type[Any]) -> tuple[list[type[Any]], list[type[enum.Enum]]]:
    records: list[type[Any]] = []
    enums: list[type[enum.Enum]] = []

    def visit(spec: FieldSpec) -> None:
        if spec.item is not None:
            visit(spec.item)
        if spec.shape is Shape.ENUM and spec.cls not in enums:
            enums.append(spec.cls)
        if spec.shape is Shape.RECORD and spec.cls not in records:
            walk(spec.cls)

    def walk(cls: type[Any]) -> None:
        records.append(cls)
        for spec in specs_of(cls):
            visit(spec)

    walk(root)
    return records, enums


def field_tables(root: type[Any] = Framework, *, write: bool = False) -> dict[str, str]:
    """The Markdown tables of docs/format.md, by the name of their marker, as the specs say.

    Each record gets a table of its keys (``fields: Touchpoint``) and the
    enums one table of their values (``values``).  With ``write``, the tables
    replace what stands between their markers in ``docs/format.md`` of the
    source tree this module is in.

    >>> print(field_tables()["fields: Area"])
    | key | type | default | meaning |
    |---|---|---|---|
    | `pillar` | `Pillar` | *required* | The pillar (column). |
    | `layer` | `Layer` | *required* | The layer (row). |
    """
    records, enums = _reachable(root)
    tables = {f"fields: {cls.__name__}": _table(cls) for cls in records}
    rows = ["| value | written as |", "|---|---|"]
    rows += [
        f"| `{cls.__name__}` | " + ", ".join(f'`"{m.value}"`' for m in cls) + " |" for cls in enums
    ]
    tables["values"] = "\n".join(rows)
    if write:
        from pathlib import Path  # noqa: PLC0415 - only for the docs

        page = Path(__file__).parents[2] / "docs" / "format.md"
        text = page.read_text(encoding="utf-8")
        for name, table in tables.items():
            start, end = f"<!-- {name} -->", "<!-- /" + name.split(":")[0] + " -->"
            head, found, rest = text.partition(start)
            if not found:
                continue
            _, _, tail = rest.partition(end)
            text = f"{head}{start}\n{table}\n{end}{tail}"
        page.write_text(text, encoding="utf-8")
    return tables
