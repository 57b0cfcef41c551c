"""The JSON Schema of the diff document, built on the report's definitions.

The findings, areas and enums are described as the report's schema
describes them (its ``$defs``), so that a finding reads the same in a report
and in a diff.  The result is shipped as ``dime/schema/dime-diff-1.schema.json``;
a test keeps the two equal and validates the diffs the strategies produce.
"""

from __future__ import annotations

import copy
import functools
from typing import Any, Final

from dime._balance import Report, Severity
from dime._diff import DIFF_SCHEMA_ID, DIFF_VERSION

__all__ = ["diff_schema"]

_NULL: Final = {"type": "null"}
_KEPT_DEFS: Final = (
    "Severity",
    "Pillar",
    "Layer",
    "AttentionStatus",
    "Area",
    "FindingRef",
    "Waiver",
    "Finding",
)


def _ref(name: str) -> dict[str, Any]:
    return {"$ref": f"#/$defs/{name}"}


def _object(properties: dict[str, Any], *, description: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {"description": description} if description else {}
    return {
        **out,
        "type": "object",
        "properties": properties,
        "required": list(properties),
        "additionalProperties": False,
    }


def _defs() -> dict[str, Any]:
    report = Report.json_schema()["$defs"]
    defs = {name: report[name] for name in _KEPT_DEFS}
    finding = copy.deepcopy(defs["Finding"])
    for key in ("count", "consequences"):
        del finding["properties"][key]
        finding["required"].remove(key)
    defs["Finding"] = finding
    defs["FieldChange"] = {
        "title": "FieldChange",
        "description": "One field whose value differs between the two states.",
        "type": "object",
        "properties": {
            "field": {"description": "The field's name.", "type": "string"},
            "old": {"description": "Its value in the old state, as the document writes it."},
            "new": {"description": "Its value in the new state, as the document writes it."},
            "added": {
                "description": "For a set: the members only the new value has.",
                "type": "array",
            },
            "removed": {
                "description": "For a set: the members only the old value has.",
                "type": "array",
            },
        },
        "required": ["field", "old", "new"],
        "additionalProperties": False,
    }
    defs["Record"] = {
        "title": "Record",
        "description": (
            "A record added or removed: its kind (the framework's field holding it), its key "
            "(null for responsibilities and assessments, which have none) and the record as "
            "the document writes it (described by the document's own schema)."
        ),
        **_object(
            {
                "kind": {"type": "string"},
                "key": {"anyOf": [{"type": "string"}, _NULL]},
                "record": {"type": "object"},
            }
        ),
    }
    defs["RecordChange"] = {
        "title": "RecordChange",
        "description": "A record kept under the same key whose fields changed.",
        **_object(
            {
                "kind": {"description": "The framework's field holding it.", "type": "string"},
                "key": {"description": "Its key: its id (a department's name).", "type": "string"},
                "fields": {
                    "description": "The fields that changed, in declared order.",
                    "type": "array",
                    "items": _ref("FieldChange"),
                    "minItems": 1,
                },
            }
        ),
    }
    share = {
        "type": "object",
        "properties": {
            "status": _ref("AttentionStatus"),
            "share": {"type": "number", "minimum": 0, "maximum": 1},
            "amount": {"type": "number", "minimum": 0},
        },
        "required": ["status", "share", "amount"],
        "additionalProperties": False,
    }
    defs["AttentionChange"] = {
        "title": "AttentionChange",
        "description": "An area whose status or share of its layer changed.",
        **_object(
            {
                "pillar": _ref("Pillar"),
                "layer": _ref("Layer"),
                "old": share,
                "new": share,
            }
        ),
    }
    defs["Side"] = {
        "title": "Side",
        "description": "One of the two states compared.",
        **_object(
            {
                "name": {"description": "The organisation's name.", "type": "string"},
                "now": {
                    "description": "The moment it was checked at: its latest record.",
                    "type": "string",
                    "format": "date-time",
                },
                "digest": {
                    "description": "The SHA-256 of its canonical document (dime digest).",
                    "type": "string",
                    "pattern": "^sha256:[0-9a-f]{64}$",
                },
                "evenness": {
                    "description": "Its overall evenness, or null without data.",
                    "anyOf": [{"type": "number", "minimum": 0, "maximum": 1}, _NULL],
                },
            }
        ),
    }
    return defs


@functools.cache
def _schema() -> dict[str, Any]:
    findings = {"type": "array", "items": _ref("Finding")}
    envelope = {
        "dime_diff": {"description": "The version of the diff document.", "const": DIFF_VERSION},
        "old": {"description": "The earlier state.", **_ref("Side")},
        "new": {"description": "The later state.", **_ref("Side")},
        "framework": {
            "description": "The framework's own fields that changed (its name, its metadata).",
            "type": "array",
            "items": _ref("FieldChange"),
        },
        "records": _object(
            {
                "added": {"type": "array", "items": _ref("Record")},
                "removed": {"type": "array", "items": _ref("Record")},
                "changed": {"type": "array", "items": _ref("RecordChange")},
            },
            description="Records added, removed and changed, by kind, then key.",
        ),
        "attention": {
            "description": "Areas whose status or share of their layer changed, in grid order.",
            "type": "array",
            "items": _ref("AttentionChange"),
        },
        "findings": _object(
            {"appeared": findings, "resolved": findings, "persisting": findings},
            description=(
                "Findings matched by code and what they are about (not by message): those of "
                "the new state only, of the old state only, and of both (as in the new state)."
            ),
        ),
        "gate": _object(
            {
                "fail_on": {"enum": [*(s.value for s in Severity), "never"]},
                "passed": {"type": "boolean"},
            },
            description=(
                "What the exit code of dime diff follows: the policy's fail_on, and whether "
                "every unwaived finding that appeared stays below it."
            ),
        ),
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": DIFF_SCHEMA_ID,
        "title": f"dime diff, version {DIFF_VERSION}",
        "description": (
            "What changed between two states of one organisation in the DIME "
            "customer-experience framework, as dime diff --format json prints it."
        ),
        "type": "object",
        "properties": envelope,
        "required": list(envelope),
        "additionalProperties": False,
        "$defs": _defs(),
    }


def diff_schema() -> dict[str, Any]:
    """The JSON Schema of the diff document, as a new dict free to change."""
    return copy.deepcopy(_schema())
