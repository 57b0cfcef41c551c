"""The JSON Schema of the document, generated from the records' field specs.

Field types and constraints come from the specs (:func:`dime._fields.specs_of`),
the same ones the constructors and the converter check, titles and
descriptions from the classes' docstrings, so the schema cannot drift from
the models.  Every enum is a named definition; a value that may be null is
an ``anyOf`` with a ``{"type": "null"}`` branch.  The result is also shipped
as ``dime/schema/dime-1.schema.json``; a test keeps the two equal.
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

__all__ = ["SCHEMA_ID", "document_schema", "schema_of"]

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
            schema = {**described, **self.field(spec)}
            if spec.required:
                required.append(spec.name)
            else:
                schema["default"] = _wire_default(spec.default)
            properties[spec.name] = schema
        return {
            "title": cls.__name__,
            "description": _text(summary),
            "type": "object",
            "properties": properties,
            "required": required,
            "additionalProperties": False,
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
        "title": f"dime document, format version {FORMAT_VERSION}",
        "description": (
            "One organisation's state in the DIME customer-experience framework. "
            "Documents of older format versions are migrated by the library before "
            "they are checked; this schema describes the current version."
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
