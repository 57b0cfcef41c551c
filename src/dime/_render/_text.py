"""Plain text pictures for terminals: at most 100 columns, ANSI colour only when asked."""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING

from dime._balance._report import LEGEND
from dime._framework import Layer, Pillar
from dime._model import Channel, Stage
from dime._render._common import (
    CREDIT,
    FEELING_TITLE,
    NO_FINDINGS,
    SHARE_CAPTION,
    bar_length,
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

    from dime._balance import Report
    from dime._framework import Area
    from dime._model import Framework
    from dime._render._common import Group

#: The widest a line of text output gets.
WIDTH = 100
_HEAD = 15  # the row headings: "Responsibility" and a space
_COL = 20  # each of the four area columns, with one space before it

_BOLD, _DIM, _RED, _YELLOW, _CYAN = "1", "2", "31", "33", "36"
_SEVERITY_STYLE = {"Errors": _RED, "Warnings": _YELLOW, "Info": _CYAN, "Waived": _DIM}

# A cell is a list of lines; each line is its text and an ANSI style (or "").
_Line = tuple[str, str]


# Control characters in user text would drive the terminal; show them as "?".
_CONTROLS = {c: "?" for c in [*range(0x20), *range(0x7F, 0xA0)] if chr(c) not in "\n\t"}


def _clean(text: str) -> str:
    return text.translate(_CONTROLS)


def _paint(text: str, style: str, *, color: bool) -> str:
    return f"\x1b[{style}m{text}\x1b[0m" if color and style and text else text


def _wrap(label: str, width: int = _COL) -> list[str]:
    """Wrap a label to ``width``, breaking a mindset's label after its colon."""
    head, colon, tail = label.partition(": ")
    if colon and len(head) < width:
        return [head + ":", *textwrap.wrap(tail, width)]
    return textwrap.wrap(label, width) or [""]


def _grid(cell: Callable[[Area], tuple[list[_Line], list[_Line]]], *, color: bool) -> list[str]:
    """The 4x4 grid as lines of text, a rule between the layers.

    ``cell`` gives each area's label lines and its detail lines; the details
    of a row line up under the longest label.
    """
    top = " " * _HEAD + " " + " ".join(f"{p.letter} {p.word}".ljust(_COL) for p in Pillar)
    lines = [_paint(top.rstrip(), _BOLD, color=color)]
    rule = "-" * (_HEAD + 4 * (_COL + 1))
    for layer in Layer:
        lines.append(rule)
        blocks = [cell(area) for area in layer.areas]
        label_height = max(len(labels) for labels, _ in blocks)
        cells = [
            [*labels, *[("", "")] * (label_height - len(labels)), *details]
            for labels, details in blocks
        ]
        height = max(len(c) for c in cells)
        for row in range(height):
            head = layer.title if row == 0 else ""
            parts = [_paint(head.ljust(_HEAD), _BOLD, color=color)]
            for c in cells:
                text, style = c[row] if row < len(c) else ("", "")
                parts.append(_paint(text, style, color=color) + " " * (_COL - len(text)))
            lines.append(" ".join(parts).rstrip())
    return lines


def _label_lines(area: Area) -> list[_Line]:
    return [(line, "") for line in _wrap(area.title)]


def _labels_only(area: Area) -> tuple[list[_Line], list[_Line]]:
    return _label_lines(area), []


def grid_text(*, color: bool = False) -> str:
    """The framework itself: the sixteen areas with every label, the pillars' aims and the layers.

    >>> print(grid_text().splitlines()[0])
                   D Deliberate         I Interactions       M Memorable          E Experiences
    """
    lines = _grid(_labels_only, color=color)
    lines += ["", _paint("Pillars", _BOLD, color=color)]
    lines += [f"  {p.letter} {p.word:<13} {p.aim}" for p in Pillar]
    lines += ["", _paint("Layers", _BOLD, color=color)]
    lines += [f"  {layer.title:<15} {layer.purpose}" for layer in Layer]
    lines.append("")
    for sentence in CREDIT.split(". "):
        lines += textwrap.wrap(sentence.rstrip(".") + ".", WIDTH)
    return "\n".join(lines)


def _bar(share: float, target: float) -> str:
    """A bar of ``#``, four of them on target, at most eight."""
    return "#" * bar_length(share, target)


def report_text(report: Report, *, color: bool = False) -> str:
    """A balance report as text: the grid with shares and flags, evenness, the findings.

    The root findings come first, grouped by each root's own severity, with
    the findings folded under each (what follows from it, and what gives
    it context) listed under it and counted.

    Args:
        report: The report to show.
        color: Whether to use ANSI colour.

    Returns:
        Lines of at most 100 columns (the names and messages are wrapped).
    """

    def cell(area: Area) -> tuple[list[_Line], list[_Line]]:
        att = report.attention[area]
        mark = report.mark(area)
        figure = f"{att.share:.1%} {_bar(att.share, att.target)}".ljust(15)
        style = _RED if mark == "[!]" else _CYAN if mark else ""
        return _label_lines(area), [(f"{figure}{mark}".rstrip(), style)]

    lines = [_paint(_fit(heading(report.name, report.now)), _BOLD, color=color), ""]
    lines += _grid(cell, color=color)
    lines += [
        "",
        *textwrap.wrap(f"{SHARE_CAPTION}; #### is its target. {LEGEND}", WIDTH),
        *_evenness_lines(report),
    ]
    lines += _feeling_lines(report, color=color)
    lines += _findings_lines(report, color=color)
    lines += ["", _fit(report.headline)]
    return "\n".join(lines)


def _fit(text: str) -> str:
    text = " ".join(_clean(text).split())
    return textwrap.shorten(text, WIDTH, placeholder="...") if len(text) > WIDTH else text


def _feeling_lines(report: Report, *, color: bool) -> list[str]:
    found = feelings(report)
    if not found:
        return []
    lines = ["", _paint(FEELING_TITLE, _BOLD, color=color)]
    lines += textwrap.wrap(f"{feeling_caption(report)}.", WIDTH)
    for feeling in found:
        extremes = feeling.extremes()
        body = _clean(feeling.overall.describe() + (f"; {extremes}" if extremes else ""))
        lines += textwrap.wrap(body, WIDTH, initial_indent="  ", subsequent_indent="    ")
        stages = feeling.by_stage()
        if stages:
            lines += textwrap.wrap(
                _clean(stages),
                WIDTH,
                initial_indent="    ",
                subsequent_indent="      ",
                break_on_hyphens=False,
            )
    return lines


def _evenness_lines(report: Report) -> list[str]:
    text = f"Evenness {evenness_text(report.evenness)} (1 is perfectly even{dead_note(report)})"
    signals = signals_text(report.signal_evenness)
    return textwrap.wrap(f"{text}: {signals}." if signals else f"{text}.", WIDTH)


def _finding_lines(group: Group, *, color: bool) -> list[str]:
    style = _SEVERITY_STYLE.get(group.title, "")
    lines: list[str] = []
    for root, below in group.roots:
        for depth, finding in [(0, root), *below]:
            about = where(finding)
            body = f"{about}: {finding.message}" if about else finding.message
            body = _clean(body + basis_note(finding, group))
            if depth == 0 and below:
                body += f" [{follows((f for _, f in below), root)}:]"
            indent = "  " + "  " * depth
            prefix = f"{indent}{finding.code:<8} "
            wrapped = textwrap.wrap(
                body,
                WIDTH,
                initial_indent=prefix,
                subsequent_indent=" " * len(prefix),
                break_on_hyphens=False,
            ) or [prefix]
            first = wrapped[0][len(prefix) :]
            code = _paint(finding.code, style if depth == 0 else _DIM, color=color)
            gap = " " * (len(prefix) - len(indent) - len(finding.code))
            lines.append(f"{indent}{code}{gap}{first}")
            lines += wrapped[1:]
    return lines


def _findings_lines(report: Report, *, color: bool) -> list[str]:
    lines: list[str] = []
    for group in groups(report):
        style = _SEVERITY_STYLE.get(group.title, "")
        count = group_count(group)
        lines += ["", _paint(f"{group.title} ({count})", f"{_BOLD};{style}", color=color)]
        lines += _finding_lines(group, color=color)
    if not lines:
        lines = ["", NO_FINDINGS]
    return lines


def framework_text(fw: Framework, *, color: bool = False) -> str:
    """One organisation as text: counts, the grid with attention, touchpoint coverage.

    The figures are the checker's (the attention at the latest moment in the
    records, with the default policy), so they agree with a report.

    Args:
        fw: The organisation.
        color: Whether to use ANSI colour.

    Returns:
        Lines of at most 100 columns.
    """
    from dime._balance import observe  # noqa: PLC0415 - the checker loads only when shown

    view = observe(fw)
    cover = coverage(view)

    def cell(area: Area) -> tuple[list[_Line], list[_Line]]:
        att = view.attention[area]
        facts = [(fact, _DIM) for fact in cell_facts(view, area)]
        figure = f"{att.share:.1%} {_bar(att.share, att.target)}".rstrip()
        return _label_lines(area), [(figure, ""), *facts]

    lines = [
        _paint(_fit(fw.name), _BOLD, color=color),
        textwrap.fill(summary(fw, view), WIDTH),
        "",
    ]
    lines += _grid(cell, color=color)
    lines += ["", *textwrap.wrap(f"{SHARE_CAPTION}; #### is its target.", WIDTH)]
    lines += ["", _paint("Touchpoints by channel and stage", _BOLD, color=color)]
    header = " " * _HEAD + "".join(f"{s.title:>15}" for s in Stage) + f"{'Total':>10}"
    lines.append(header)
    for channel in Channel:
        row = [cover.counts.get((stage, channel), 0) for stage in Stage]
        figures = "".join(f"{n or '.':>15}" for n in row)
        lines.append(f"{channel.title:<{_HEAD}}{figures}{sum(row):>10}")
    totals = [sum(cover.counts.get((s, c), 0) for c in Channel) for s in Stage]
    lines.append(f"{'Total':<{_HEAD}}" + "".join(f"{n:>15}" for n in totals) + f"{sum(totals):>10}")
    return "\n".join(lines)


def area_text(area: Area) -> str:
    """One area as text: its label, pillar, layer, and where it sits in the grid.

    >>> from dime import Area, Layer, Pillar
    >>> print(area_text(Area(Pillar.D, Layer.REVIEW)).splitlines()[0])
    Listening to customers
    """
    lines = [
        area.title,
        f"  pillar {area.pillar.letter}, {area.pillar.word}: {area.pillar.aim}",
        f"  layer  {area.layer.title}: {area.layer.purpose}",
        "",
        " " * _HEAD + " ".join(p.letter for p in Pillar),
    ]
    for layer in Layer:
        marks = " ".join("#" if a == area else "." for a in layer.areas)
        lines.append(f"{layer.title:<{_HEAD}}{marks}")
    return "\n".join(lines)
