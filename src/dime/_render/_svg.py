"""Standalone SVG pictures for slides and documents: the heatmap and the touchpoint coverage.

Each is one self-contained ``<svg>`` document on the light palette, with a
``<title>`` on every cell for viewers that show tooltips; no script, no
external reference.  They read the report and its tally, never the
organisation's records again.
"""

from __future__ import annotations

import re
import textwrap
from html import escape as escape_html
from typing import TYPE_CHECKING, Final

from dime._framework import Layer, Pillar
from dime._model import Channel, Stage
from dime._render._colour import LIGHT, OVER_SATURATES, deviation, fill, text_on
from dime._render._common import MARKS, cell_mark, coverage, evenness_text, heading, tally

if TYPE_CHECKING:
    from dime._balance import Report

__all__ = ["coverage_svg", "escape", "heatmap_svg", "svg_open"]

# What XML 1.0 forbids in a document, even escaped: most control characters, surrogates
# and the two non-characters at the end of the first plane.
_NOT_XML: Final = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def escape(text: str) -> str:
    r"""Text for an SVG document: escaped, and what XML cannot hold shown as U+FFFD.

    >>> escape("<a>") == "&lt;a&gt;�"
    True
    """
    return _NOT_XML.sub("\ufffd", escape_html(text))


_FONT: Final = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif"
_INK: Final = "#1f2937"
_MUTED: Final = "#475569"
_LINE: Final = "#cbd5e1"


def svg_open(width: int, height: int, label: str, *, titled: bool = False) -> str:
    """A standalone SVG's opening on a white ground, labelled (and titled) ``label``."""
    title = f"<title>{escape(label)}</title>" if titled else ""
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{escape(label)}" '
        f'font-family="{escape(_FONT)}" font-size="13" fill="{_INK}">'
        f'<rect width="{width}" height="{height}" fill="#ffffff"/>{title}'
    )


def heatmap_svg(report: Report) -> str:
    """The report's heatmap as a standalone SVG document: shares on the diverging scale, marks.

    Each area shows its label, its share of its layer and its target, and
    the mark of a neglected, dominant, absent or not evaluated area; its
    ``<title>`` gives the reasons and rule codes.  A legend shows the
    scale.  ``dime report FILE --format svg`` writes it.

    Args:
        report: The balance report, from :func:`dime.check`.

    Returns:
        The SVG document, starting with ``<svg``.

    >>> import dime
    >>> svg = dime.heatmap_svg(dime.check(dime.example()))
    >>> svg.startswith("<svg") and svg.count("<title>") == 17
    True
    """
    left, top, w, h = 140, 84, 170, 96
    width, height = left + 4 * w + 20, top + 4 * h + 96
    flagged, watched = report.flagged, report.watched
    dominant = report.dominant
    by_area: dict[object, list[str]] = {}
    for f in report.findings:
        if f.area is not None and not f.waived:
            by_area.setdefault(f.area, []).append(f"{f.code} {f.message}")
    title = heading(report.name, report.now)
    verdict = "no findings" if report.verdict is None else f"worst finding: {report.verdict.value}"
    parts = [
        svg_open(width, height, f"{title}: the balance heatmap"),
        f"<title>{escape(title)}</title>",
        f'<text x="10" y="26" font-size="18" font-weight="700">{escape(title)}</text>',
        (
            f'<text x="10" y="48" fill="{_MUTED}">{escape(verdict)}; '
            f"{escape(tally(report.findings))}; evenness {evenness_text(report.evenness)}</text>"
        ),
    ]
    for j, p in enumerate(Pillar):
        parts.append(
            f'<text x="{left + j * w + 8}" y="{top - 10}" font-weight="600">'
            f"{escape(p.letter)} {escape(p.word)}</text>"
        )
    for i, layer in enumerate(Layer):
        y = top + i * h
        parts.append(f'<text x="10" y="{y + 22}" font-weight="600">{escape(layer.title)}</text>')
        for j, area in enumerate(layer.areas):
            x = left + j * w
            att = report.attention[area]
            mark = cell_mark(
                att, flagged=area in flagged, watched=area in watched, dominant=area in dominant
            )
            bg = fill(deviation(att.share, att.target), LIGHT)
            ink = text_on(bg)
            reasons = [f"{area.title}: {att.share:.1%} of its layer, target {att.target:.1%}"]
            if mark is not None:
                reasons[0] += f"; {mark}"
            reasons.extend(by_area.get(area, []))
            parts.append(
                f"<g><title>{escape(chr(10).join(reasons))}</title>"
                f'<rect x="{x}" y="{y}" width="{w}" height="{h}" fill="{bg}" stroke="{_LINE}"/>'
            )
            lines = textwrap.wrap(area.title, 22)[:2]
            for k, line in enumerate(lines):
                parts.append(
                    f'<text x="{x + 8}" y="{y + 18 + 16 * k}" fill="{ink}">{escape(line)}</text>'
                )
            parts.append(
                f'<text x="{x + 8}" y="{y + 56}" fill="{ink}" font-weight="700" font-size="15">'
                f"{att.share:.1%}</text>"
                f'<text x="{x + 70}" y="{y + 56}" fill="{ink}" font-size="11">'
                f"target {att.target:.1%}</text>"
            )
            if mark is not None:
                parts.append(
                    f'<text x="{x + 8}" y="{y + 80}" fill="{ink}" font-size="12">'
                    f"{MARKS[mark]} {mark}</text>"
                )
            parts.append("</g>")
    y = top + 4 * h + 30
    parts.append(
        '<defs><linearGradient id="dime-ramp">'
        f'<stop offset="0" stop-color="{LIGHT.under}"/>'
        f'<stop offset="0.5" stop-color="{LIGHT.neutral}"/>'
        f'<stop offset="1" stop-color="{LIGHT.over}"/></linearGradient></defs>'
        f'<text x="10" y="{y + 12}">too little</text>'
        f'<rect x="80" y="{y}" width="200" height="14" fill="url(#dime-ramp)" stroke="{_LINE}"/>'
        f'<text x="290" y="{y + 12}">too much ({OVER_SATURATES:g}\u00d7 its target or more); '
        "the middle is on target</text>"
        f'<text x="10" y="{y + 40}" fill="{_MUTED}" font-size="12">Each area\'s share of its '
        "layer's attention. "
        + " ".join(f"{sign} {word}" for word, sign in MARKS.items())
        + "</text></svg>"
    )
    return "".join(parts)


def coverage_svg(report: Report) -> str:
    """Touchpoints by stage and channel as a standalone SVG document, from the report's tally.

    Each cell counts the touchpoints; its ``<title>`` names them with their
    owners and how much feedback each brought (counted in the report's tally).

    Args:
        report: The balance report, from :func:`dime.check`.

    Returns:
        The SVG document, starting with ``<svg``.

    >>> import dime
    >>> dime.coverage_svg(dime.check(dime.example())).count("<rect") > len(dime.Channel) * 3
    True
    """
    view = report.view
    cover = coverage(view)
    voices = view.tally.voices
    listed: dict[tuple[Stage, Channel], list[str]] = {}
    for t in view.touchpoints:
        owner = t.owner or "no owner"
        n = voices.get(t.id, 0)
        listed.setdefault((t.stage, t.channel), []).append(f"{t.name} ({owner}; {n} feedback)")
    left, top, size = 120, 90, 64
    channels, stages = list(Channel), list(Stage)
    width, height = left + len(channels) * size + 20, top + len(stages) * size + 20
    most = max(cover.counts.values(), default=0)
    parts = [
        svg_open(width, height, "Touchpoints by stage and channel"),
        "<title>Touchpoints by stage and channel</title>",
        (
            f'<text x="10" y="24" font-size="16" font-weight="700">{escape(report.name)}: '
            "touchpoints by stage and channel</text>"
        ),
    ]
    for j, channel in enumerate(channels):
        x = left + j * size + size / 2
        parts.append(
            f'<text x="{x}" y="{top - 8}" transform="rotate(-30 {x} {top - 8})">'
            f"{escape(channel.title)}</text>"
        )
    for i, stage in enumerate(stages):
        y = top + i * size
        parts.append(f'<text x="10" y="{y + size / 2 + 4}">{escape(stage.title)}</text>')
        for j, channel in enumerate(channels):
            n = cover.counts.get((stage, channel), 0)
            bg = fill(n / most if most else 0.0, LIGHT)
            names = listed.get((stage, channel), [])
            tip = f"{stage.title}, {channel.title}: {n}" + "".join(f"\n{t}" for t in names)
            x = left + j * size
            parts.append(
                f"<g><title>{escape(tip)}</title>"
                f'<rect x="{x}" y="{y}" width="{size}" height="{size}" fill="{bg}" '
                f'stroke="{_LINE}"/><text x="{x + size / 2}" y="{y + size / 2 + 5}" '
                f'text-anchor="middle" font-weight="700" fill="{text_on(bg)}">{n}</text></g>'
            )
    parts.append("</svg>")
    return "".join(parts)
