"""The JSON Schema of the document, generated from the attrs classes.

Field types come from the classes' annotations, constraints from their
validators, titles and descriptions from their docstrings, so the schema
cannot drift from the models.  The result is also shipped as
``dime/schema/dime-1.schema.json``; a test keeps the two equal.
"""

from __future__ import annotations

import enum
import functools
import inspect
import re
import typing
from collections.abc import Mapping
from datetime import date, datetime
from types import NoneType, UnionType
from typing import Any, Final

import attrs

from dime import _model
from dime._framework import Area, Layer, Pillar
from dime._model import (
    Assessment,
    Department,
    Feedback,
    Framework,
    Initiative,
    Responsibility,
    Touchpoint,
)

__all__ = ["SCHEMA_ID", "schema"]

#: The schema's identifier.
SCHEMA_ID: Final = "urn:dime:schema:document:1"

_RECORDS: Final = (Touchpoint, Initiative, Feedback, Responsibility, Department, Assessment)

# Constraints that the models' validators enforce, in JSON Schema terms.
_NON_BLANK: Final = {"type": "string", "pattern": r"\S"}
_CONSTRAINTS: Final[dict[Any, dict[str, Any]]] = {
    _model._name: _NON_BLANK,  # noqa: SLF001 - the model's own validators
    _model._optional_name: _NON_BLANK,  # noqa: SLF001
    _model._positive: {"exclusiveMinimum": 0},  # noqa: SLF001
    _model._share: {"exclusiveMinimum": 0, "maximum": 1},  # noqa: SLF001
    _model._score: {"minimum": 0, "maximum": 5},  # noqa: SLF001
}


def _docstring_parts(cls: type[Any]) -> tuple[str, dict[str, str]]:
    """A class's summary paragraph and its ``Args:`` descriptions."""
    doc = inspect.getdoc(cls) or ""
    summary = doc.split("\n\n", 1)[0].replace("\n", " ")
    args: dict[str, str] = {}
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


def _rst(text: str) -> str:
    """Plain text from the reStructuredText of a docstring."""
    text = re.sub(r":\w+:`~?(?:[\w.]*\.)?(\w+)`", r"\1", text)
    return text.replace("``", "")


def _enum_schema(cls: type[enum.Enum], *, optional: bool) -> dict[str, Any]:
    values: list[Any] = [m.value for m in cls]
    return {"enum": [*values, None] if optional else values}


def _type_schema(hint: Any) -> dict[str, Any]:  # noqa: ANN401, C901, PLR0911, PLR0912 - one case per type
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if origin in (UnionType, typing.Union):
        present = [a for a in args if a is not NoneType]
        (inner,) = present
        if isinstance(inner, type) and issubclass(inner, enum.Enum):
            return _enum_schema(inner, optional=True)
        schema = _type_schema(inner)
        return {**schema, "type": [schema["type"], "null"]}
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return _enum_schema(hint, optional=False)
    if hint is str:
        return {"type": "string"}
    if hint is int:
        return {"type": "integer"}
    if hint is float:
        return {"type": "number"}
    if hint is datetime:
        return {"type": "string", "format": "date-time"}
    if hint is date:
        return {"type": "string", "format": "date"}
    if hint is Area:
        return {"$ref": "#/$defs/Area"}
    if origin is tuple:
        item = args[0]
        if item in _RECORDS:
            return {"type": "array", "items": {"$ref": f"#/$defs/{item.__name__}"}}
        return {"type": "array", "items": _type_schema(item)}
    if origin is frozenset:
        return {"type": "array", "items": _type_schema(args[0]), "uniqueItems": True}
    if origin is Mapping:
        return {"type": "object"}
    raise TypeError(f"no schema for {hint!r}")  # pragma: no cover - every field is covered


def _validators(attribute: attrs.Attribute[Any]) -> tuple[Any, ...]:
    validator = attribute.validator
    if validator is None:
        return ()
    return tuple(getattr(validator, "_validators", (validator,)))


def _wire_default(value: object) -> Any:  # noqa: ANN401 - a JSON value
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, (tuple, frozenset)):
        return list(value)
    if isinstance(value, Mapping):
        return dict(value)
    return value


def _record_schema(cls: type[Any]) -> dict[str, Any]:
    summary, args = _docstring_parts(cls)
    hints = typing.get_type_hints(cls)
    properties: dict[str, Any] = {}
    required = []
    for attribute in attrs.fields(cls):
        if not attribute.init:
            continue
        schema = _type_schema(hints[attribute.name])
        for validator in _validators(attribute):
            extra = _CONSTRAINTS.get(validator)
            if extra is not None:
                schema = {**schema, **{k: v for k, v in extra.items() if k != "type"}}
        if attribute.name == "metadata":
            schema["additionalProperties"] = {"$ref": "#/$defs/JSONValue"}
        described = {"description": _rst(args[attribute.name])} if attribute.name in args else {}
        if attribute.default is attrs.NOTHING:
            required.append(attribute.name)
            properties[attribute.name] = {**described, **schema}
        else:
            default = {"default": _wire_default(attribute.default)}
            properties[attribute.name] = {**described, **schema, **default}
    return {
        "title": cls.__name__,
        "description": _rst(summary),
        "type": "object",
        "properties": properties,
        "required": required,
        "additionalProperties": False,
    }


@functools.cache
def schema() -> dict[str, Any]:
    defs: dict[str, Any] = {"Framework": _record_schema(Framework)}
    for cls in _RECORDS:
        defs[cls.__name__] = _record_schema(cls)
    defs["Area"] = {
        "title": "Area",
        "description": _rst(_docstring_parts(Area)[0]),
        "type": "object",
        "properties": {
            "pillar": {
                "description": "The pillar (column).",
                **_enum_schema(Pillar, optional=False),
            },
            "layer": {"description": "The layer (row).", **_enum_schema(Layer, optional=False)},
        },
        "required": ["pillar", "layer"],
        "additionalProperties": False,
    }
    defs["JSONValue"] = {
        "title": "JSONValue",
        "description": "Any JSON value: metadata is kept untouched.",
        "type": ["null", "boolean", "integer", "number", "string", "array", "object"],
        "items": {"$ref": "#/$defs/JSONValue"},
        "additionalProperties": {"$ref": "#/$defs/JSONValue"},
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "dime document, format version 1",
        "description": (
            "One organisation's state in the DIME customer-experience framework. "
            "Documents of older format versions are migrated by the library before "
            "they are checked; this schema describes the current version."
        ),
        "type": "object",
        "properties": {
            "dime": {"description": "The format version.", "const": 1},
            "framework": {"$ref": "#/$defs/Framework"},
        },
        "required": ["dime", "framework"],
        "additionalProperties": False,
        "$defs": defs,
    }
