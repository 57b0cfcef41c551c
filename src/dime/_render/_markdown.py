"""Markdown pictures for notebooks and issue trackers; user text is escaped."""

from __future__ import annotations

import html
import re
from typing import TYPE_CHECKING

from dime._balance._report import LEGEND
from dime._framework import Layer, Pillar
from dime._model import Channel, Stage
from dime._render._common import (
    CREDIT,
    FEELING_TITLE,
    FLAG,
    NO_FINDINGS,
    SHARE_CAPTION,
    WATCH,
    cell_facts,
    coverage,
    evenness_text,
    feeling_caption,
    feelings,
    follows,
    group_count,
    groups,
    heading,
    signals_text,
    summary,
    where,
)
from dime._render._notes import basis_note, dead_note

if TYPE_CHECKING:
    from collections.abc import Callable

    from dime._balance import Finding, Report
    from dime._framework import Area
    from dime._model import Framework
    from dime._render._common import Group

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
    lines += ["", CREDIT]
    return "\n".join(lines)


def _item(finding: Finding, group: Group, depth: int, extra: str = "") -> str:
    about = where(finding)
    about = f"*{md(about)}*: " if about else ""
    # md() folds the text onto one line, leading space and all: the note keeps its own.
    note = basis_note(finding, group)
    note = f" {md(note)}" if note.strip() else ""
    return f"{'  ' * depth}- `{md(finding.code)}` {about}{md(finding.message)}{note}{extra}"


def report_markdown(report: Report) -> str:
    """A balance report as Markdown: the grid with shares and flags, evenness, the findings.

    Root findings come first, grouped by each root's own severity, with
    what is folded under each nested under it and counted.
    """

    def cell(area: Area) -> str:
        mark = {"[!]": f" {FLAG}", "[~]": f" {WATCH}", "[+]": " [+]"}.get(report.mark(area), "")
        return f"{area.title}<br>**{report.attention[area].share:.1%}**{mark}"

    lines = [f"### {md(heading(report.name, report.now))}", ""]
    lines += _table(cell)
    lines += [
        "",
        f"{SHARE_CAPTION}. {md(LEGEND.replace('[!]', FLAG).replace('[~]', WATCH))} "
        f"**Evenness {evenness_text(report.evenness)}** (1 is perfectly even{dead_note(report)})"
        + (f": {signals_text(report.signal_evenness)}" if report.signal_evenness else "")
        + ".",
    ]
    felt = feelings(report)
    if felt:
        lines += ["", f"#### {FEELING_TITLE}", "", f"{feeling_caption(report)}.", ""]
        for feeling in felt:
            name, _, rest = feeling.overall.describe().partition(" ")
            extremes = feeling.extremes()
            lines.append(
                f"- **{name.rstrip(':')}**{':' if name.endswith(':') else ''} {md(rest)}"
                + (f"; {md(extremes)}" if extremes else "")
                + (f"; {md(feeling.by_stage())}" if feeling.stages else "")
            )
    found = groups(report)
    for group in found:
        lines += ["", f"#### {group.title} ({group_count(group)})", ""]
        for root, below in group.roots:
            extra = f" *({follows((f for _, f in below), root)}:)*" if below else ""
            lines.append(_item(root, group, 0, extra))
            lines += [_item(f, group, depth) for depth, f in below]
    if not found:
        lines += ["", NO_FINDINGS]
    lines += ["", f"{md(report.headline)}."]
    return "\n".join(lines)


def framework_markdown(fw: Framework) -> str:
    """One organisation as Markdown: counts, the grid with attention, touchpoint coverage."""
    from dime._balance import observe  # noqa: PLC0415 - the checker loads only when shown

    view = observe(fw)
    cover = coverage(view)

    def cell(area: Area) -> str:
        facts = ", ".join(cell_facts(view, area))
        return f"{area.title}<br>**{view.attention[area].share:.1%}** of its layer<br>{facts}"

    lines = [f"### {md(fw.name)}", "", summary(fw, view) + ".", ""]
    lines += _table(cell)
    lines += ["", f"{SHARE_CAPTION}.", "", "Touchpoints by stage and channel:", ""]
    lines.append("| | " + " | ".join(c.title for c in Channel) + " |")
    lines.append("|---" * (len(Channel) + 1) + "|")
    for stage in Stage:
        figures = " | ".join(str(cover.counts.get((stage, c), 0)) for c in Channel)
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
