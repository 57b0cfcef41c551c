"""The JSON Schema of the report document, generated from the report's classes.

Each record in the document (a finding, the reference to its cause, a
waiver, an area's attention, the policy) is described from its attrs class:
the fields, their types and the ``#:`` comment above each.  The result is
shipped as ``dime/schema/dime-report-1.schema.json``; a test keeps the two
equal, and validates every report the strategies produce against it.
"""

from __future__ import annotations

import enum
import functools
import inspect
import re
import typing
from collections.abc import Mapping
from datetime import date, datetime, timedelta
from types import NoneType, UnionType
from typing import Any, Final

import attrs

from dime._balance._attention import Attention, AttentionStatus, EvidenceKind
from dime._balance._common import REPORT_VERSION, Severity, Signal
from dime._balance._finding import Finding, FindingRef, Waiver
from dime._balance._policy import Policy
from dime._balance._scores import ScoreStatus, ScoreSummary
from dime._framework import Area, Layer, Pillar

__all__ = ["REPORT_SCHEMA_ID", "report_schema"]

#: The report schema's identifier.
REPORT_SCHEMA_ID: Final = f"urn:dime:schema:report:{REPORT_VERSION}"

_ENUMS: Final = (Severity, Signal, Pillar, Layer, AttentionStatus, EvidenceKind, ScoreStatus)
_NULL: Final = {"type": "null"}


def _ref(name: str) -> dict[str, Any]:
    return {"$ref": f"#/$defs/{name}"}


def _nullable(schema: dict[str, Any]) -> dict[str, Any]:
    return {"anyOf": [schema, _NULL]}


def _field_docs(cls: type[Any]) -> dict[str, str]:
    """Each field's ``#:`` comment, or the class docstring's ``Args:`` entry."""
    docs: dict[str, str] = {}
    comment: list[str] = []
    for line in inspect.getsource(cls).splitlines():
        stripped = line.strip()
        if stripped.startswith("#:"):
            comment.append(stripped[2:].strip())
            continue
        found = re.match(r"(\w+): ", stripped)
        if found and comment:
            docs[found.group(1)] = " ".join(comment)
        comment = []
    doc = inspect.getdoc(cls) or ""
    block = re.search(r"^Args:\n((?:    .*\n?|\n)+)", doc, re.MULTILINE)
    if block:
        current = None
        for line in block.group(1).splitlines():
            head = re.match(r"    (\w+): (.*)", line)
            if head:
                current = head.group(1)
                docs.setdefault(current, head.group(2))
            elif current and line.strip() and current in docs:
                docs[current] += " " + line.strip()
    return {k: _plain(v) for k, v in docs.items()}


def _plain(text: str) -> str:
    """Docstring text as a schema says it: no reST roles or literals, and null for None."""
    text = re.sub(r":\w+:`~?(?:[\w.]*\.)?(\w+)`", r"\1", text).replace("``", "")
    return re.sub(r"\bNone\b", "null", text)


def _summary(cls: type[Any]) -> str:
    return _plain((inspect.getdoc(cls) or "").split("\n\n", 1)[0].replace("\n", " "))


def _hint(hint: Any) -> dict[str, Any]:  # noqa: ANN401, PLR0911 - one case per type
    """The JSON shape a field of this type takes in the report document."""
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if origin in (UnionType, typing.Union):
        (inner,) = [a for a in args if a is not NoneType]
        return _nullable(_hint(inner))
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return _ref(hint.__name__)
    simple: dict[Any, dict[str, Any]] = {
        str: {"type": "string"},
        int: {"type": "integer"},
        float: {"type": "number"},
        bool: {"type": "boolean"},
        date: {"type": "string", "format": "date"},
        datetime: {"type": "string", "format": "date-time"},
        timedelta: {"type": "integer", "minimum": 0, "description": "in whole days"},
    }
    if hint in simple:
        return dict(simple[hint])
    if hint in (Area, Waiver, FindingRef):
        return _ref(hint.__name__)
    if origin in (tuple, frozenset):
        return {"type": "array", "items": _hint(args[0])}
    if origin is Mapping:
        if args[0] is str:
            return {"type": "object", "additionalProperties": _hint(args[1])}
        return {"type": "object"}
    raise TypeError(f"no report schema for {hint!r}")  # pragma: no cover - every field is covered


def _object(
    cls: type[Any],
    *,
    skip: tuple[str, ...] = (),
    shapes: Mapping[str, dict[str, Any]] | None = None,
    extra: Mapping[str, dict[str, Any]] | None = None,
    optional: bool = False,
) -> dict[str, Any]:
    """An object schema from ``cls``'s fields: ``shapes`` override a field's, ``extra`` add keys."""
    hints = typing.get_type_hints(cls)
    docs = _field_docs(cls)
    properties: dict[str, Any] = {}
    for field in attrs.fields(cls):
        if field.name in skip:
            continue
        schema = dict((shapes or {}).get(field.name) or _hint(hints[field.name]))
        if field.name in docs:
            schema = {"description": docs[field.name], **schema}
        properties[field.name] = schema
    properties.update(extra or {})
    required = [
        f.name
        for f in attrs.fields(cls)
        if f.name in properties and (not optional or f.default is attrs.NOTHING)
    ]
    required += [k for k in extra or {} if not optional]
    return {
        "title": cls.__name__,
        "description": _summary(cls),
        "type": "object",
        "properties": properties,
        "required": required,
        "additionalProperties": False,
    }


def _enum(cls: type[enum.Enum]) -> dict[str, Any]:
    return {
        "title": cls.__name__,
        "description": _summary(cls),
        "enum": [m.value for m in cls],
    }


_AREA_KEYS: Final = {
    "pillar": {"description": "The area's pillar (column).", **_ref("Pillar")},
    "layer": {"description": "The area's layer (row).", **_ref("Layer")},
}


@functools.cache
def _schema() -> dict[str, Any]:
    defs: dict[str, Any] = {cls.__name__: _enum(cls) for cls in _ENUMS}
    defs["Area"] = {
        "title": "Area",
        "description": "One of the sixteen areas: a pillar (column) in a layer (row).",
        "type": "object",
        "properties": dict(_AREA_KEYS),
        "required": ["pillar", "layer"],
        "additionalProperties": False,
    }
    defs["FindingRef"] = _object(FindingRef, skip=("area",))
    defs["Waiver"] = _object(Waiver, optional=True)
    defs["Finding"] = _object(
        Finding,
        shapes={
            "evidence": {
                "type": "object",
                "description": "The figures behind the finding; each rule documents its keys.",
            }
        },
        extra={
            "waived": {"description": "Whether a waiver covers it.", "type": "boolean"},
            "count": {
                "description": "How many findings follow from it, at every depth.",
                "type": "integer",
                "minimum": 0,
            },
            "consequences": {
                "description": "The findings that follow directly from it.",
                "type": "array",
                "items": _ref("Finding"),
            },
        },
    )
    defs["Attention"] = _object(
        Attention,
        skip=("area",),
        shapes={"evidence": {"type": "array", "items": _ref("EvidenceKind"), "uniqueItems": True}},
        extra={
            **_AREA_KEYS,
            "unit": {"description": "What the amount counts: its layer's unit.", "type": "string"},
            "score": {
                "description": "The area's latest assessment score, or null.",
                **_nullable({"type": "number"}),
            },
            "flagged": {
                "description": (
                    "Whether an unwaived finding of a problem with its balance, of severity "
                    "warning or above, is about it (the grid's [!])."
                ),
                "type": "boolean",
            },
            "watched": {
                "description": (
                    "Whether it is an area to watch: such a finding is about it only as "
                    "information, as for an area going quiet (the grid's [~])."
                ),
                "type": "boolean",
            },
        },
    )
    defs["ScoreSummary"] = _object(ScoreSummary)
    defs["Policy"] = _object(
        Policy,
        shapes={
            "fail_on": {"enum": [*(s.value for s in Severity), "never"]},
            "targets": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {**_AREA_KEYS, "share": {"type": "number"}},
                    "required": ["pillar", "layer", "share"],
                    "additionalProperties": False,
                },
            },
            "severity": {"type": "object", "additionalProperties": _ref("Severity")},
        },
    )
    envelope: dict[str, Any] = {
        "dime_report": {"description": "The version of the report document.", "const": 1},
        "name": {"description": "The organisation's name.", "type": "string"},
        "now": {
            "description": "The moment the report is made for.",
            "type": "string",
            "format": "date-time",
        },
        "digest": {
            "description": (
                "The SHA-256 of the canonical document of the framework checked (dime digest), "
                "or null when the report was made from a tally or without it."
            ),
            **_nullable({"type": "string", "pattern": "^sha256:[0-9a-f]{64}$"}),
        },
        "window": {
            "description": "The days counted in full.",
            "type": "object",
            "properties": {
                "since": {"type": "string", "format": "date"},
                "until": {"type": "string", "format": "date"},
                "days": {"type": "integer", "minimum": 2},
            },
            "required": ["since", "until", "days"],
            "additionalProperties": False,
        },
        "verdict": {
            "description": "The most severe unwaived finding's severity, or null: what was found.",
            **_nullable(_ref("Severity")),
        },
        "gate": {
            "description": (
                "What the exit code follows: the policy's fail_on, and whether every unwaived "
                "finding stays below it."
            ),
            "type": "object",
            "properties": {
                "fail_on": {"enum": [*(s.value for s in Severity), "never"]},
                "passed": {"type": "boolean"},
            },
            "required": ["fail_on", "passed"],
            "additionalProperties": False,
        },
        "counts": {
            "description": (
                "Every finding the gate reads counted by severity, then the findings that are "
                "only context for another (not problems in themselves, never gating) and the "
                "waived ones.  Findings folded under a root are counted here too; see issues."
            ),
            "type": "object",
            "properties": {
                k: {"type": "integer", "minimum": 0}
                for k in ("error", "warning", "info", "context", "waived")
            },
            "required": ["error", "warning", "info", "context", "waived"],
            "additionalProperties": False,
        },
        "issues": {
            "description": (
                "The issues: the root findings, each counted by the gravest finding in its "
                "tree that is neither waived nor only context, and those with none (waived); "
                "what follows from a root, or gives it context, is part of its issue and not "
                "counted again."
            ),
            "type": "object",
            "properties": {
                k: {"type": "integer", "minimum": 0} for k in ("error", "warning", "info", "waived")
            },
            "required": ["error", "warning", "info", "waived"],
            "additionalProperties": False,
        },
        "evenness": {
            "description": "How evenly attention is spread: 1 on target, 0 all in one place.",
            "type": "object",
            "properties": {
                "overall": {
                    "description": "The mean of the signals in covers, or null.",
                    **_nullable({"type": "number", "minimum": 0, "maximum": 1}),
                },
                "covers": {
                    "description": "The signals with data, which overall covers.",
                    "type": "array",
                    "items": _ref("Signal"),
                },
                "signals": {
                    "description": "Each signal's evenness, or null when it has no data.",
                    "type": "object",
                    "properties": {
                        s.value: _nullable({"type": "number", "minimum": 0, "maximum": 1})
                        for s in Signal
                    },
                    "required": [s.value for s in Signal],
                    "additionalProperties": False,
                },
            },
            "required": ["overall", "covers", "signals"],
            "additionalProperties": False,
        },
        "attention": {
            "description": "The attention each of the sixteen areas gets, in grid order.",
            "type": "array",
            "items": _ref("Attention"),
            "minItems": 16,
            "maxItems": 16,
        },
        "pillars": {
            "description": (
                "Each pillar's share of the attention (the mean of its areas' shares, each "
                "layer counted equally), its target, and its standing: the median of its "
                "areas' shares over their targets, in the layers with any attention (1 is on "
                "target; null when no layer has any), which the pillar rules read."
            ),
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "pillar": _ref("Pillar"),
                    "share": {"type": "number"},
                    "target": {"type": "number"},
                    "standing": _nullable({"type": "number"}),
                },
                "required": ["pillar", "share", "target", "standing"],
                "additionalProperties": False,
            },
        },
        "scores": {
            "description": (
                "How customers feel: NPS, CSAT and CES over every scored feedback item, not only "
                "the window, overall, per touchpoint, per stage and per channel; below "
                "minimum_responses a score has "
                "status too few responses and its figures are null."
            ),
            "type": "object",
            "properties": {
                "minimum_responses": {
                    "description": "The fewest responses a score is computed from.",
                    "type": "integer",
                    "minimum": 1,
                },
                "confidence": {
                    "description": "How confident the intervals (low to high) are.",
                    "type": "number",
                    "exclusiveMinimum": 0,
                    "exclusiveMaximum": 1,
                },
                "overall": {
                    "description": "Each built-in scale with responses, in the order nps, csat, ces.",
                    "type": "array",
                    "items": _ref("ScoreSummary"),
                },
                "touchpoints": {
                    "description": "Each touchpoint with responses on a scale, by scale then id.",
                    "type": "array",
                    "items": _ref("ScoreSummary"),
                },
                "extremes": {
                    "description": (
                        "Each built-in scale on which a touchpoint stands apart: the best and "
                        "the worst touchpoint (higher is better) whose interval lies wholly "
                        "above or below that of the other touchpoints together, both with at "
                        "least minimum_responses, at 95% for all the touchpoints compared at "
                        "once (and without those apart the other way); null on a side where "
                        "none does."
                    ),
                    "type": "array",
                    "items": {
                        "type": "object",
                        "properties": {
                            "scale": {"type": "string"},
                            "best": _nullable({"type": "string"}),
                            "worst": _nullable({"type": "string"}),
                        },
                        "required": ["scale", "best", "worst"],
                        "additionalProperties": False,
                    },
                },
                "by_stage": {
                    "description": (
                        "Each buying-cycle stage with responses on a scale (the touchpoints "
                        "of the stage together), by scale then stage."
                    ),
                    "type": "array",
                    "items": _ref("ScoreSummary"),
                },
                "by_channel": {
                    "description": (
                        "Each channel with responses on a scale (the feedback's own channel, "
                        "else its touchpoint's), by scale then channel."
                    ),
                    "type": "array",
                    "items": _ref("ScoreSummary"),
                },
            },
            "required": [
                "minimum_responses",
                "confidence",
                "overall",
                "touchpoints",
                "extremes",
                "by_stage",
                "by_channel",
            ],
            "additionalProperties": False,
        },
        "findings": {
            "description": "The root findings, most severe first, each with what follows from it.",
            "type": "array",
            "items": _ref("Finding"),
        },
        "policy": {"description": "The policy in force.", **_ref("Policy")},
        "checked": {
            "description": "The codes of the rules that were checked, in the order they ran.",
            "type": "array",
            "items": {"type": "string"},
        },
        "baseline": {
            "description": (
                "Only with dime check --baseline: the findings compared with those of an earlier "
                "state, matched by code and what they are about; the gate then counts only the "
                "findings that appeared."
            ),
            "type": "object",
            "properties": {
                "source": {"type": "string"},
                "digest": _nullable({"type": "string", "pattern": "^sha256:[0-9a-f]{64}$"}),
                "appeared": {"type": "array", "items": _ref("FindingRef")},
                "resolved": {"type": "array", "items": _ref("FindingRef")},
                "persisting": {"type": "integer", "minimum": 0},
            },
            "required": ["source", "digest", "appeared", "resolved", "persisting"],
            "additionalProperties": False,
        },
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": REPORT_SCHEMA_ID,
        "title": f"dime report, version {REPORT_VERSION}",
        "description": (
            "The balance of one organisation in the DIME customer-experience framework, as "
            "dime check --format json prints it."
        ),
        "type": "object",
        "properties": envelope,
        "required": [key for key in envelope if key != "baseline"],
        "additionalProperties": False,
        "$defs": defs,
    }


def report_schema() -> dict[str, Any]:
    """The JSON Schema of the report document, as a new dict free to change."""
    import copy  # noqa: PLC0415 - only when asked

    return copy.deepcopy(_schema())
