"""A diff as text and as Markdown: records, attention and findings, most telling first.

Long lists are cut after :data:`SHOWN` items, saying how many more there
are; the JSON document (``Diff.to_data``) holds them all.
"""

from __future__ import annotations

import textwrap
from collections import Counter
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Final

import attrs

from dime._diff import kind_of, record_key
from dime._digest import canonical_json, plain
from dime._render._markdown import md

if TYPE_CHECKING:
    from dime._balance import Finding
    from dime._diff import AttentionChange, Diff, FieldChange

__all__ = ["SHOWN", "diff_markdown", "diff_text"]

#: How many items of a list a picture shows before it says how many more there are.
SHOWN: Final = 20
_WIDTH: Final = 100
_NO_KEY: Final = (
    "Responsibilities and assessments have no id: they are matched by their whole value, so a "
    "changed one shows as one removed and one added."
)


def _value(value: object) -> str:
    text = canonical_json(plain(value))
    return text if len(text) <= 40 else text[:37] + "..."


def _field(change: FieldChange) -> str:
    added, removed = change.added, change.removed
    if added is not None and removed is not None:
        parts = [f"+{_value(v)}" for v in sorted(added, key=canonical_json)]
        parts += [f"-{_value(v)}" for v in sorted(removed, key=canonical_json)]
        return f"{change.field} {' '.join(parts)}"
    return f"{change.field} {_value(change.old)} -> {_value(change.new)}"


def _label(record: Any) -> str:  # noqa: ANN401 - any record
    key = record_key(record)
    if key is not None:
        return repr(key)
    fields = ", ".join(
        f"{f.name}={_value(getattr(record, f.name))}"
        for f in attrs.fields(type(record))
        if f.init and f.name != "metadata"
    )
    return fields if len(fields) <= 80 else fields[:77] + "..."


def _counts(d: Diff) -> list[str]:
    per: dict[str, Counter[str]] = {}
    for what, records in (("added", d.added), ("removed", d.removed)):
        for r in records:
            per.setdefault(kind_of(r), Counter())[what] += 1
    for c in d.changed:
        per.setdefault(c.kind, Counter())["changed"] += 1
    return [
        f"{kind}: "
        + ", ".join(f"{n} {what}" for what in ("added", "removed", "changed") if (n := c[what]))
        for kind, c in per.items()
    ]


def _more(items: int) -> list[str]:
    return (
        [f"... and {items - SHOWN} more (the JSON output lists them all)"] if items > SHOWN else []
    )


def _share(att: Any) -> str:  # noqa: ANN401 - an Attention
    return f"{att.share:.1%} ({att.status.value})"


#: The smallest change of share a picture lists (the JSON output lists every change).
_VISIBLE: Final = 0.0005


def _attention_lines(d: Diff) -> list[str]:
    shown = [
        c for c in d.attention if c.old.status is not c.new.status or abs(c.change) >= _VISIBLE
    ]
    lines = [_attention_line(c) for c in shown]
    hidden = len(d.attention) - len(shown)
    if hidden:
        lines.append(f"and {hidden} more area{'s' if hidden > 1 else ''} by less than 0.1 point")
    if not d.attention:
        lines.append("no area's status or share changed")
    return lines


def _attention_line(c: AttentionChange) -> str:
    a = c.area
    return f"{a.title} ({a.pillar.letter}, {a.layer.value}): {_share(c.old)} -> {_share(c.new)}"


def _finding_line(f: Finding) -> str:
    waived = " (waived)" if f.waived else ""
    return f"{f.severity.value} {f.code}{waived}: {f.message}"


def _evenness(value: float | None) -> str:
    return "no data" if value is None else f"{value:.2f}"


def _sections(d: Diff) -> list[tuple[str, list[str]]]:
    """The picture's sections: a heading and its lines, each line one item."""
    sections: list[tuple[str, list[str]]] = []
    framework = [_field(c) for c in d.framework]
    if framework:
        sections.append(("The framework", framework))
    n = len(d.added) + len(d.removed) + len(d.changed)
    if n:
        lines = _counts(d)
        lines += [
            f"changed {c.kind} {c.key!r}: " + "; ".join(_field(f) for f in c.fields)
            for c in d.changed[:SHOWN]
        ] + _more(len(d.changed))
        for what, records in (("added", d.added), ("removed", d.removed)):
            lines += [f"{what} {kind_of(r)} {_label(r)}" for r in records[:SHOWN]]
            lines += _more(len(records))
        sections.append((f"Records: {n} changed", lines))
    attention = _attention_lines(d)
    attention.append(f"evenness {_evenness(d.old_evenness)} -> {_evenness(d.new_evenness)}")
    sections.append(("Attention (each area's share of its layer)", attention))
    findings = [
        f"{len(d.appeared)} appeared, {len(d.resolved)} resolved, {len(d.persisting)} persist"
    ]
    for what, items in (("appeared", d.appeared), ("resolved", d.resolved)):
        findings += [f"{what}: {_finding_line(f)}" for f in items[:SHOWN]] + _more(len(items))
    sections.append(("Findings (matched by code and what they are about)", findings))
    return sections


def _title(d: Diff) -> tuple[str, str]:
    name = d.new_name if d.old_name == d.new_name else f"{d.old_name} -> {d.new_name}"
    sides = (
        f"{d.old_digest[:19]} ({d.old_now:%Y-%m-%d}) -> {d.new_digest[:19]} ({d.new_now:%Y-%m-%d})"
    )
    return f"What changed in {name}", sides


def _gate(d: Diff) -> str:
    fail_on = d.policy.fail_on
    if fail_on is None:
        return "Gate: never fails (--fail-on never)."
    verdict = "passed" if d.ok else "failed"
    return (
        f"Gate: {verdict}: fails when a finding at or above {fail_on.value} appears "
        "(findings that persist do not count)."
    )


def diff_text(d: Diff) -> str:
    """The diff as plain text, at most 100 columns wide."""
    title, sides = _title(d)
    lines = [title, sides]
    wrap: Callable[[str], list[str]] = lambda s: textwrap.wrap(  # noqa: E731 - one line
        s, _WIDTH, initial_indent="  ", subsequent_indent="    "
    )
    for heading, items in _sections(d):
        lines += ["", heading]
        for item in items:
            lines += wrap(item)
    if d.removed or d.added:
        lines += ["", *textwrap.wrap(_NO_KEY, _WIDTH)]
    lines += ["", _gate(d)]
    return "\n".join(lines)


def diff_markdown(d: Diff) -> str:
    """The diff as Markdown: a heading, then a list per section."""
    title, sides = _title(d)
    lines = [f"## {md(title)}", "", f"`{md(sides)}`"]
    for heading, items in _sections(d):
        lines += ["", f"### {md(heading)}", ""]
        lines += [f"- {md(item)}" for item in items]
    if d.removed or d.added:
        lines += ["", md(_NO_KEY)]
    lines += ["", md(_gate(d))]
    return "\n".join(lines)
