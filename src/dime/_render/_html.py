"""HTML pictures: tables shaded by share with inline styles, no JavaScript, no external assets.

Everything that comes from the user (names, titles, messages, ids) goes
through :func:`html.escape`; the library's own labels do too, for safety.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from dime._framework import Layer, Pillar
from dime._model import Channel, Stage
from dime._render._common import (
    CREDIT,
    FLAG,
    NO_FINDINGS,
    SHARE_CAPTION,
    cell_facts,
    closing,
    coverage,
    evenness_text,
    follows,
    groups,
    heading,
    intensity,
    severity_note,
    signals_text,
    summary,
    where,
)

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from dime._balance import Finding, Report
    from dime._framework import Area
    from dime._model import Framework
    from dime._render._common import Coverage, Group

_FONT = "font-family: system-ui, -apple-system, 'Segoe UI', sans-serif; color: #1f2937;"
_TABLE = "border-collapse: collapse; margin: 0.5em 0; font-size: 0.9em;"
_CELL = "border: 1px solid #cbd5e1; padding: 0.4em 0.6em; vertical-align: top; width: 11em;"
_HEAD = "border: 1px solid #cbd5e1; padding: 0.4em 0.6em; background: #f1f5f9; text-align: left;"
_SEVERITY_COLOUR = {"Errors": "#b91c1c", "Warnings": "#b45309", "Info": "#1d4ed8"}


def _colours(t: float) -> tuple[str, str]:
    """A fill shaded ``t`` (0 to 1) from white to deep blue, and the text colour to go on it."""
    r, g, b = (round(255 + (deep - 255) * t) for deep in (30, 64, 175))
    return f"rgb({r}, {g}, {b})", "#ffffff" if t > 0.55 else "#1f2937"


def shade(t: float) -> str:
    """Inline style for a cell shaded ``t`` (0 to 1) from white to deep blue."""
    fill, text = _colours(t)
    return f"background: {fill}; color: {text};"


def _grid_table(cell: Callable[[Area], tuple[str, str]], caption: str) -> str:
    """A 4x4 table; ``cell`` gives each area's inner HTML and extra style."""
    head = "".join(
        f'<th style="{_HEAD}" title="{escape(p.aim)}" scope="col">'
        f"{escape(p.letter)} {escape(p.word)}</th>"
        for p in Pillar
    )
    rows = []
    for layer in Layer:
        cells = []
        for area in layer.areas:
            inner, style = cell(area)
            cells.append(f'<td style="{_CELL} {style}">{inner}</td>')
        rows.append(
            f'<tr><th style="{_HEAD}" scope="row" title="{escape(layer.purpose)}">'
            f"{escape(layer.title)}</th>{''.join(cells)}</tr>"
        )
    return (
        f'<table style="{_TABLE}"><caption style="caption-side: bottom; text-align: left; '
        f'font-size: 0.85em; color: #475569;">{caption}</caption>'
        f'<thead><tr><th style="{_HEAD}"></th>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def grid_html() -> str:
    """The framework itself as an HTML table, with every label.

    >>> "<td" in grid_html()
    True
    """
    table = _grid_table(
        lambda a: (escape(a.title), ""),
        "The DIME framework: four pillars (columns) by four layers (rows).",
    )
    credit = f'<p style="font-size: 0.8em; color: #64748b;">{escape(CREDIT)}</p>'
    return f'<div class="dime-grid" style="{_FONT}">{table}{credit}</div>'


def _item(finding: Finding, group: Group) -> str:
    about = where(finding)
    about_html = f"<em>{escape(about)}</em>: " if about else ""
    note = escape(severity_note(finding, group))
    return f"<code>{escape(finding.code)}</code> {about_html}{escape(finding.message)}{note}"


def _tree_html(root: Finding, below: Sequence[tuple[int, Finding]], group: Group) -> str:
    """A root finding, with what follows from it folded in a <details> and counted."""
    if not below:
        return f"<li>{_item(root, group)}</li>"
    out = [f"<li>{_item(root, group)}<details><summary>{follows(f for _, f in below)}</summary>"]
    depth = 0
    for level, finding in below:
        if level > depth:
            out.append('<ul style="margin: 0; padding-left: 1.4em;">' * (level - depth))
            depth = level
        else:
            out.append("</li>")
            while depth > level:
                out.append("</ul></li>")
                depth -= 1
        out.append(f"<li>{_item(finding, group)}")
    out.append("</li>")
    while depth > 0:
        out.append("</ul>")
        depth -= 1
        if depth:
            out.append("</li>")
    out.append("</details></li>")
    return "".join(out)


def _report_body(report: Report) -> str:
    flagged = report.flagged

    def cell(area: Area) -> tuple[str, str]:
        att = report.attention[area]
        style = shade(intensity(att.share, att.target))
        inner = f"{escape(area.title)}<br><strong>{att.share:.1%}</strong>"
        if area in flagged:
            inner += (
                ' <span title="flagged" style="color: #dc2626; background: #ffffff; '
                f'border-radius: 0.3em; padding: 0 0.2em;">{FLAG} flagged</span>'
            )
            style += " outline: 3px solid #dc2626; outline-offset: -3px;"
        return inner, style

    table = _grid_table(
        cell,
        f"{escape(SHARE_CAPTION)}, shaded from white (none) through mid-blue (its target "
        f"share) to deep blue (twice the target or more); {FLAG} marks a flagged area.",
    )
    signals = escape(signals_text(report.signal_evenness))
    even = f"<strong>Evenness {evenness_text(report.evenness)}</strong> (1 is perfectly even)"
    parts = [table, f"<p>{even}{': ' + signals if signals else ''}.</p>"]
    found = groups(report)
    for group in found:
        colour = _SEVERITY_COLOUR.get(group.title, "#475569")
        parts.append(
            f'<h4 style="color: {colour}; margin: 0.8em 0 0.3em;">'
            f"{group.title} ({len(group.roots)})</h4>"
        )
        items = "".join(_tree_html(root, below, group) for root, below in group.roots)
        parts.append(f'<ul style="margin: 0; padding-left: 1.4em;">{items}</ul>')
    if not found:
        parts.append(f"<p>{NO_FINDINGS}</p>")
    parts.append(f"<p>{escape(closing(report))}.</p>")
    return "".join(parts)


def report_html(report: Report) -> str:
    """A balance report as an HTML fragment: the shaded grid, flags, evenness and findings.

    Root findings come first; what follows from each is folded under it in
    a ``<details>`` element that says how many findings it holds.
    """
    return (
        f'<div class="dime-report" style="{_FONT}">'
        f'<h3 style="margin: 0.3em 0;">{escape(heading(report.name, report.now))}</h3>'
        f"{_report_body(report)}</div>"
    )


def _coverage_svg(cover: Coverage) -> str:
    """Touchpoints by stage (rows) and channel (columns), as an inline SVG chart."""
    left, top, size, gap = 110, 60, 44, 4
    channels, stages = list(Channel), list(Stage)
    width = left + len(channels) * (size + gap) + 10
    height = top + len(stages) * (size + gap) + 10
    most = max(cover.counts.values(), default=0)
    parts = [
        (
            f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
            f'viewBox="0 0 {width} {height}" role="img" '
            'aria-label="Touchpoints by stage and channel" '
            'font-family="system-ui, sans-serif" font-size="12">'
        )
    ]
    for j, channel in enumerate(channels):
        x = left + j * (size + gap) + size / 2
        parts.append(
            f'<text x="{x}" y="{top - 8}" text-anchor="start" '
            f'transform="rotate(-35 {x} {top - 8})">{escape(channel.title)}</text>'
        )
    for i, stage in enumerate(stages):
        y = top + i * (size + gap)
        parts.append(
            f'<text x="{left - 8}" y="{y + size / 2 + 4}" text-anchor="end">'
            f"{escape(stage.title)}</text>"
        )
        for j, channel in enumerate(channels):
            n = cover.counts.get((stage, channel), 0)
            named = cover.names.get((stage, channel), ())
            listed = f" ({escape(', '.join(named))})" if named else ""
            fill, colour = _colours(n / most if most else 0.0)
            x = left + j * (size + gap)
            parts.append(
                f'<rect x="{x}" y="{y}" width="{size}" height="{size}" rx="4" '
                f'fill="{fill}" stroke="#cbd5e1">'
                f"<title>{escape(stage.title)}, {escape(channel.title)}: {n}{listed}</title></rect>"
                f'<text x="{x + size / 2}" y="{y + size / 2 + 4}" text-anchor="middle" '
                f'fill="{colour}">{n}</text>'
            )
    parts.append("</svg>")
    return "".join(parts)


def framework_html(fw: Framework) -> str:
    """One organisation as an HTML fragment: counts, the shaded grid, touchpoint coverage."""
    from dime._balance import observe  # noqa: PLC0415 - the checker loads only when shown

    view = observe(fw)

    def cell(area: Area) -> tuple[str, str]:
        att = view.attention[area]
        facts = "<br>".join(escape(f) for f in cell_facts(view, area))
        inner = (
            f"{escape(area.title)}<br><strong>{att.share:.1%}</strong> of its layer"
            f"<br><small>{facts}</small>"
        )
        return inner, shade(intensity(att.share, att.target))

    table = _grid_table(
        cell,
        f"{escape(SHARE_CAPTION)}, shaded from white (none) through mid-blue (its target "
        "share) to deep blue (twice that or more).",
    )
    return (
        f'<div class="dime-framework" style="{_FONT}">'
        f'<h3 style="margin: 0.3em 0;">{escape(fw.name)}</h3>'
        f"<p>{escape(summary(fw, view))}.</p>"
        f'{table}<h4 style="margin: 0.8em 0 0.3em;">Touchpoints by stage and channel</h4>'
        f"{_coverage_svg(coverage(view))}</div>"
    )


def area_html(area: Area) -> str:
    """One area as an HTML fragment: its label, pillar, layer and place in the grid.

    >>> from dime import Area, Layer, Pillar
    >>> "Listening to customers" in area_html(Area(Pillar.D, Layer.REVIEW))
    True
    """

    def cell(other: Area) -> tuple[str, str]:
        if other == area:
            return f"<strong>{escape(other.title)}</strong>", shade(0.8)
        return f'<span style="color: #94a3b8;">{escape(other.title)}</span>', ""

    caption = (
        f"Pillar {escape(area.pillar.letter)}, {escape(area.pillar.word)}: "
        f"{escape(area.pillar.aim)}. Layer {escape(area.layer.title)}: "
        f"{escape(area.layer.purpose)}."
    )
    return (
        f'<div class="dime-area" style="{_FONT}">'
        f'<h4 style="margin: 0.3em 0;">{escape(area.title)}</h4>'
        f"{_grid_table(cell, caption)}</div>"
    )


_PAGE_STYLE = """
body { margin: 2em auto; max-width: 60em; padding: 0 1em; }
h1 { font-size: 1.5em; margin-bottom: 0.2em; }
h2 { font-size: 1.2em; margin-top: 1.6em; }
footer { margin-top: 2em; font-size: 0.8em; color: #64748b; }
"""


def report_page(report: Report, framework: Framework) -> str:
    """A standalone HTML document: the heatmap, the findings and the touchpoint coverage.

    One self-contained file: inline styles and SVG, no JavaScript, nothing
    fetched from anywhere.

    Args:
        report: The balance report.
        framework: The organisation it is about, for its record counts.

    Returns:
        The whole document, starting with ``<!DOCTYPE html>``.
    """
    title = escape(heading(report.name, report.now))
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{title}</title><style>{_PAGE_STYLE}</style></head>"
        f'<body style="{_FONT}"><h1>{title}</h1><p>{escape(summary(framework, report.view))}.</p>'
        f"<h2>Balance</h2>{_report_body(report)}"
        f"<h2>Touchpoints by stage and channel</h2>{_coverage_svg(coverage(report.view))}"
        f"<footer>Made by dime. {escape(CREDIT)} The six basic starter steps for improving "
        "customer service that some findings refer to are credited to Success Academy; they "
        "are not part of DIME.</footer></body></html>\n"
    )
