"""Markdown pictures for notebooks and issue trackers; user text is escaped."""

from __future__ import annotations

import html
import re
from typing import TYPE_CHECKING

from dime._framework import Layer, Pillar
from dime._model import Channel, Stage
from dime._render._common import (
    FLAG,
    NO_FINDINGS,
    activity,
    cell_facts,
    evenness_text,
    grouped,
    heading,
    signals_text,
    summary,
    tally,
    where,
)

if TYPE_CHECKING:
    from collections.abc import Callable

    from dime._framework import Area
    from dime._model import Framework
    from dime._render._common import ReportLike

# Markdown punctuation that means something inside a line; user text is always inline.
_SPECIAL = re.compile(r"([\\`*_\[\]|~])")


def md(text: str) -> str:
    r"""Escape ``text`` so that Markdown shows it as typed, on one line.

    >>> md("<b>*big*</b> | 1.")
    '&lt;b&gt;\\*big\\*&lt;/b&gt; \\| 1.'
    """
    escaped = _SPECIAL.sub(r"\\\1", html.escape(text, quote=False))
    return " ".join(escaped.split())


def _table(cell: Callable[[Area], str]) -> list[str]:
    lines = ["| | " + " | ".join(f"{p.letter} {p.word}" for p in Pillar) + " |"]
    lines.append("|---" * 5 + "|")
    lines += [
        f"| **{layer.title}** | " + " | ".join(cell(a) for a in layer.areas) + " |"
        for layer in Layer
    ]
    return lines


def grid_markdown() -> str:
    """The framework itself as a Markdown table, with every label.

    >>> print(grid_markdown().splitlines()[2])
    | **Coordination** | Organisational attitudes | People behaviours | Knowing and understanding customers | Increasing the value for customers |
    """
    lines = _table(lambda a: a.title)
    lines += [""]
    lines += [f"- **{p.letter} {p.word}**: {p.aim}" for p in Pillar]
    return "\n".join(lines)


def report_markdown(report: ReportLike) -> str:
    """A balance report as Markdown: the grid with shares and flags, evenness, findings."""

    def cell(area: Area) -> str:
        share = report.shares.get(area, 0.0)
        mark = f" {FLAG}" if area in report.flagged else ""
        return f"{area.title}<br>**{share:.1%}**{mark}"

    lines = [f"### {md(heading(report))}", ""]
    lines += _table(cell)
    lines += [
        "",
        f"Share of work in each area; {FLAG} marks a flagged area. "
        f"**Evenness {evenness_text(report.evenness)}** (1 is perfectly even)"
        + (f": {signals_text(report)}" if report.signal_evenness else "")
        + ".",
    ]
    groups = grouped(report.findings)
    for title, group in groups:
        lines += ["", f"#### {title} ({len(group)})", ""]
        for finding in group:
            about = where(finding)
            about = f"*{md(about)}*: " if about else ""
            lines.append(f"- `{md(finding.code)}` {about}{md(finding.message)}")
    if not groups:
        lines += ["", NO_FINDINGS]
    lines += ["", f"{md(report.name)}: {tally(report.findings)}."]
    return "\n".join(lines)


def framework_markdown(fw: Framework) -> str:
    """One organisation as Markdown: counts, the grid with activity, touchpoint coverage."""
    act = activity(fw)

    def cell(area: Area) -> str:
        facts = ", ".join(cell_facts(act, area))
        return f"{area.title}<br>**{act.share(area):.1%}** of effort<br>{facts}"

    lines = [f"### {md(fw.name)}", "", summary(fw, act.unfiled) + ".", ""]
    lines += _table(cell)
    lines += ["", "Touchpoints by stage and channel:", ""]
    lines.append("| | " + " | ".join(c.title for c in Channel) + " |")
    lines.append("|---" * (len(Channel) + 1) + "|")
    for stage in Stage:
        figures = " | ".join(str(act.coverage.get((stage, c), 0)) for c in Channel)
        lines.append(f"| **{stage.title}** | {figures} |")
    return "\n".join(lines)


def area_markdown(area: Area) -> str:
    """One area as Markdown: its label, its pillar and its layer.

    >>> from dime import Area, Layer, Pillar
    >>> print(area_markdown(Area(Pillar.D, Layer.REVIEW)))
    **Listening to customers**: pillar D, Deliberate (Deliberately making customer service part of your business culture); layer Review (Folders for incoming feedback)
    """
    return (
        f"**{area.title}**: pillar {area.pillar.letter}, {area.pillar.word} "
        f"({area.pillar.aim}); layer {area.layer.title} ({area.layer.purpose})"
    )
