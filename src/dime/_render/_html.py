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
    EVEN_SHARE,
    FLAG,
    NO_FINDINGS,
    activity,
    cell_facts,
    evenness_text,
    grouped,
    heading,
    intensity,
    signals_text,
    summary,
    tally,
    target_of,
    where,
)

if TYPE_CHECKING:
    from collections.abc import Callable

    from dime._framework import Area
    from dime._model import Framework
    from dime._render._common import Activity, ReportLike

_FONT = "font-family: system-ui, -apple-system, 'Segoe UI', sans-serif; color: #1f2937;"
_TABLE = "border-collapse: collapse; margin: 0.5em 0; font-size: 0.9em;"
_CELL = "border: 1px solid #cbd5e1; padding: 0.4em 0.6em; vertical-align: top; width: 11em;"
_HEAD = "border: 1px solid #cbd5e1; padding: 0.4em 0.6em; background: #f1f5f9; text-align: left;"
_SEVERITY_COLOUR = {"Errors": "#b91c1c", "Warnings": "#b45309", "Info": "#1d4ed8"}


def _colours(t: float) -> tuple[str, str]:
    """A fill shaded ``t`` (0 to 1) from white to deep blue, and the text colour to go on it."""
    r, g, b = (round(255 + (deep - 255) * t) for deep in (30, 64, 175))
    return f"rgb({r}, {g}, {b})", "#ffffff" if t > 0.55 else "#1f2937"


def _shade(t: float) -> str:
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
    return f'<div class="dime-grid" style="{_FONT}">{table}</div>'


def _report_body(report: ReportLike) -> str:
    def cell(area: Area) -> tuple[str, str]:
        share = report.shares.get(area, 0.0)
        style = _shade(intensity(share, target_of(report, area)))
        inner = f"{escape(area.title)}<br><strong>{share:.1%}</strong>"
        if area in report.flagged:
            inner += (
                ' <span title="flagged" style="color: #dc2626; background: #ffffff; '
                f'border-radius: 0.3em; padding: 0 0.2em;">{FLAG} flagged</span>'
            )
            style += " outline: 3px solid #dc2626; outline-offset: -3px;"
        return inner, style

    table = _grid_table(
        cell,
        "Share of work in each area, shaded from white (none) through mid-blue (its target "
        f"share) to deep blue (twice the target or more); {FLAG} marks a flagged area.",
    )
    signals = escape(signals_text(report))
    even = f"<strong>Evenness {evenness_text(report.evenness)}</strong> (1 is perfectly even)"
    parts = [table, f"<p>{even}{': ' + signals if signals else ''}.</p>"]
    groups = grouped(report.findings)
    for title, group in groups:
        colour = _SEVERITY_COLOUR.get(title, "#475569")
        parts.append(
            f'<h4 style="color: {colour}; margin: 0.8em 0 0.3em;">{title} ({len(group)})</h4>'
        )
        items = []
        for finding in group:
            about = where(finding)
            about_html = f"<em>{escape(about)}</em>: " if about else ""
            items.append(
                f"<li><code>{escape(finding.code)}</code> {about_html}{escape(finding.message)}</li>"
            )
        parts.append(f'<ul style="margin: 0; padding-left: 1.4em;">{"".join(items)}</ul>')
    if not groups:
        parts.append(f"<p>{NO_FINDINGS}</p>")
    parts.append(f"<p>{escape(report.name)}: {tally(report.findings)}.</p>")
    return "".join(parts)


def report_html(report: ReportLike) -> str:
    """A balance report as an HTML fragment: the shaded grid, flags, evenness and findings."""
    return (
        f'<div class="dime-report" style="{_FONT}">'
        f'<h3 style="margin: 0.3em 0;">{escape(heading(report))}</h3>'
        f"{_report_body(report)}</div>"
    )


def _coverage_svg(act: Activity) -> str:
    """Touchpoints by stage (rows) and channel (columns), as an inline SVG chart."""
    left, top, size, gap = 110, 60, 44, 4
    channels, stages = list(Channel), list(Stage)
    width = left + len(channels) * (size + gap) + 10
    height = top + len(stages) * (size + gap) + 10
    most = max(act.coverage.values(), default=0)
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
            n = act.coverage.get((stage, channel), 0)
            named = act.touchpoints.get((stage, channel), ())
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
    act = activity(fw)

    def cell(area: Area) -> tuple[str, str]:
        share = act.share(area)
        facts = "<br>".join(escape(f) for f in cell_facts(act, area))
        inner = f"{escape(area.title)}<br><strong>{share:.1%}</strong> of effort<br><small>{facts}</small>"
        return inner, _shade(intensity(share, EVEN_SHARE))

    table = _grid_table(
        cell,
        "Share of effort in each area, shaded from white (none) through mid-blue (an even "
        "share, 1/16) to deep blue (twice that or more).",
    )
    return (
        f'<div class="dime-framework" style="{_FONT}">'
        f'<h3 style="margin: 0.3em 0;">{escape(fw.name)}</h3>'
        f"<p>{escape(summary(fw, act.unfiled))}.</p>"
        f'{table}<h4 style="margin: 0.8em 0 0.3em;">Touchpoints by stage and channel</h4>'
        f"{_coverage_svg(act)}</div>"
    )


def area_html(area: Area) -> str:
    """One area as an HTML fragment: its label, pillar, layer and place in the grid.

    >>> from dime import Area, Layer, Pillar
    >>> "Listening to customers" in area_html(Area(Pillar.D, Layer.REVIEW))
    True
    """

    def cell(other: Area) -> tuple[str, str]:
        if other == area:
            return f"<strong>{escape(other.title)}</strong>", _shade(0.8)
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


def report_page(report: ReportLike, framework: Framework) -> str:
    """A standalone HTML document: the heatmap, the findings and the touchpoint coverage.

    One self-contained file: inline styles and SVG, no JavaScript, nothing
    fetched from anywhere.

    Args:
        report: The balance report.
        framework: The organisation it is about, for the coverage chart.

    Returns:
        The whole document, starting with ``<!DOCTYPE html>``.
    """
    act = activity(framework)
    title = escape(heading(report))
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{title}</title><style>{_PAGE_STYLE}</style></head>"
        f'<body style="{_FONT}"><h1>{title}</h1><p>{escape(summary(framework))}.</p>'
        f"<h2>Balance</h2>{_report_body(report)}"
        f"<h2>Touchpoints by stage and channel</h2>{_coverage_svg(act)}"
        "<footer>Made by dime. The DIME approach (Deliberate Interactions Memorable "
        "Experiences) is the work of Chris Smoje.</footer></body></html>\n"
    )
