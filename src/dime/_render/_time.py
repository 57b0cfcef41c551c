"""Pictures of balance over time: sparklines per area from a trend, and two reports side by side.

Each is a standalone SVG document on a white ground (for slides and
documents) and an HTML fragment for notebooks that holds the same SVG in a
box of its own that scrolls on a narrow screen.  All text is dark ink on
white, at least 4.5:1; the lines and bars carry no text.  They read the
trend's periods and the reports, never the organisation's records again.
Whatever a user typed is escaped.
"""

from __future__ import annotations

import textwrap
from html import escape as escape_html
from typing import TYPE_CHECKING, Final

from dime._framework import AREAS, Layer, Pillar
from dime._render._colour import LIGHT, deviation, fill
from dime._render._html import stylesheet
from dime._render._series import trend_series
from dime._render._svg import escape, svg_open

if TYPE_CHECKING:
    from collections.abc import Sequence

    from dime._balance import Finding, Report, Trend
    from dime._diff import Diff

__all__ = ["before_after_html", "before_after_svg", "sparklines_html", "sparklines_svg"]

#: Text on white: 14.7:1 and 7.6:1.
_INK: Final = "#1f2937"
_MUTED: Final = "#475569"
_LINE: Final = "#cbd5e1"
#: The share's line and the "after" bar: 8.7:1 on white.
_SHARE: Final = "#1e40af"
#: The target's dashes and the "before" bar.
_TARGET: Final = "#64748b"
#: At most this many findings are listed per side; the rest are counted.
_LISTED: Final = 12


def _text(x: float, y: float, text: str, *, extra: str = "") -> str:
    return f'<text x="{x:g}" y="{y:g}"{extra}>{escape(text)}</text>'


def _grid_heads(left: int, top: int, w: int, h: int) -> list[str]:
    parts = [
        _text(left + j * w + 6, top - 8, f"{p.letter} {p.word}", extra=' font-weight="600"')
        for j, p in enumerate(Pillar)
    ]
    parts += [
        _text(10, top + i * h + 20, layer.title, extra=' font-weight="600"')
        for i, layer in enumerate(Layer)
    ]
    return parts


def _wrapped(title: str, width: int) -> str:
    return textwrap.shorten(title, width, placeholder="\u2026")


def sparklines_svg(trend: Trend) -> str:
    """Each area's share of its layer over a trend's periods, as a 4x4 grid of sparklines.

    One small chart per area, in the grid's places: its share at the end of
    each period (a line, broken where a period holds no evidence of the
    layer's kind), its target (dashed), and its last share as a figure.  All
    charts share one vertical scale, so that heights compare across the
    grid.  Each chart's ``<title>`` lists every period's share.

    Args:
        trend: The trend, from :func:`dime.trend`.

    Returns:
        The SVG document, starting with ``<svg``.

    >>> import dime
    >>> svg = dime.sparklines_svg(dime.trend(dime.example(), every="quarter"))
    >>> svg.startswith("<svg") and svg.count("<title>") == 17
    True
    """
    series = trend_series(trend)
    left, top, w, h = 150, 96, 170, 84
    width, height = left + 4 * w + 20, top + 4 * h + 56
    top_value = max(
        [v for row in series.shares for v in row if v is not None] + list(series.targets) + [0.01]
    )
    n = len(series.labels)
    parts = [
        svg_open(
            width, height, f"{trend.name}: each area's share of its layer over time", titled=True
        ),
        _text(10, 24, _wrapped(series.title, 110), extra=' font-size="16" font-weight="700"'),
        _text(
            10,
            46,
            f"{series.labels[0]} to {series.labels[-1]}, {n} periods; "
            f"one scale for all, 0 to {top_value:.0%}",
            extra=f' fill="{_MUTED}"',
        ),
        *_grid_heads(left, top, w, h),
    ]
    for k, area in enumerate(AREAS):
        i = list(Layer).index(area.layer)
        j = list(Pillar).index(area.pillar)
        x0, y0 = left + j * w, top + i * h
        cx, cy, cw, ch = x0 + 8, y0 + 26, w - 60, h - 36
        values = [row[k] for row in series.shares]
        target = series.targets[k]

        segments: list[list[str]] = [[]]
        for t, v in enumerate(values):
            if v is None:
                segments.append([])
            else:
                px = cx + (cw * t / (n - 1) if n > 1 else cw / 2)
                segments[-1].append(f"{px:.1f},{cy + ch - ch * v / top_value:.1f}")
        last = next((v for v in reversed(values) if v is not None), None)
        tip = [f"{area.title} ({area.pillar.letter}, {area.layer.value}), target {target:.0%}"]
        tip += [
            f"{label}: {'-' if v is None else f'{v:.1%}'}"
            for label, v in zip(series.labels, values, strict=True)
        ]
        ty = cy + ch - ch * target / top_value
        parts.append(
            f"<g><title>{escape(chr(10).join(tip))}</title>"
            f'<rect x="{x0}" y="{y0}" width="{w}" height="{h}" fill="#ffffff" stroke="{_LINE}"/>'
            + _text(x0 + 6, y0 + 16, _wrapped(area.title, 26), extra=' font-size="11"')
            + f'<line x1="{cx}" y1="{ty:.1f}" x2="{cx + cw}" y2="{ty:.1f}" stroke="{_TARGET}" '
            'stroke-dasharray="3 3" stroke-width="1"/>'
        )
        for seg in segments:
            if len(seg) == 1:
                dot_x, dot_y = seg[0].split(",")
                parts.append(f'<circle cx="{dot_x}" cy="{dot_y}" r="2" fill="{_SHARE}"/>')
            elif seg:
                parts.append(
                    f'<polyline points="{" ".join(seg)}" fill="none" stroke="{_SHARE}" '
                    'stroke-width="2" stroke-linejoin="round"/>'
                )
        shown = "-" if last is None else f"{last:.0%}"
        parts.append(
            _text(x0 + w - 48, cy + ch / 2 + 5, shown, extra=' font-weight="700" font-size="14"')
            + "</g>"
        )
    y = top + 4 * h + 24
    parts.append(
        f'<line x1="10" y1="{y - 4}" x2="40" y2="{y - 4}" stroke="{_SHARE}" stroke-width="2"/>'
        + _text(46, y, "share of its layer at each period's end")
        + f'<line x1="330" y1="{y - 4}" x2="360" y2="{y - 4}" stroke="{_TARGET}" '
        'stroke-dasharray="3 3"/>'
        + _text(366, y, "target; the figure is the last share; a gap: no evidence")
        + "</svg>"
    )
    return "".join(parts)


def _pair(
    before: object, after: object
) -> tuple[Report, Report, Sequence[Finding], Sequence[Finding]]:
    from dime._balance import Report  # noqa: PLC0415 - only when drawn
    from dime._diff import Diff, compare_findings  # noqa: PLC0415 - only when drawn
    from dime.exceptions import InvalidFieldError, Problem  # noqa: PLC0415 - only when drawn

    if isinstance(before, Diff) and after is None:
        return before.old_report, before.new_report, before.appeared, before.resolved
    if isinstance(before, Report) and isinstance(after, Report):
        appeared, resolved, _ = compare_findings(before.findings, after.findings)
        return before, after, appeared, resolved
    raise InvalidFieldError(
        [
            Problem(
                "before_after_svg",
                "expected a Diff, or two Reports (before, after), "
                f"got {type(before).__name__} and {type(after).__name__}",
            )
        ]
    )


def _finding_line(f: Finding) -> str:
    where = f.area.title if f.area is not None else (f.subject or "")
    about = f" ({where})" if where else ""
    return f"{f.code} {f.severity.value}{about}: {f.message}"


def before_after_svg(before: Diff | Report, after: Report | None = None) -> str:
    """Two reports side by side: each area's share before and after, and the findings that moved.

    Each area shows two bars on one scale, before (grey) and after (its
    fill on the heatmap's diverging scale, outlined in blue), its target as
    a tick, and the change in percentage points.  Below the grid, the
    findings that appeared and those resolved (matched as :func:`dime.diff`
    matches them), each with its code, severity and what it is about.

    Args:
        before: A :class:`~dime.Diff` (then ``after`` is left out), or the
            earlier :class:`~dime.Report`.
        after: The later report, when ``before`` is a report.

    Returns:
        The SVG document, starting with ``<svg``.

    Raises:
        InvalidFieldError: The arguments are neither a diff nor two reports.

    >>> import dime
    >>> old = dime.example()
    >>> new = old.remove(old.responsibilities[0])
    >>> svg = dime.before_after_svg(dime.diff(old, new))
    >>> svg.startswith("<svg") and "DIME103" in svg
    True
    >>> svg == dime.before_after_svg(dime.check(old), dime.check(new))
    True
    """
    old, new, appeared, resolved = _pair(before, after)
    left, top, w, h = 150, 100, 170, 92
    lines = sum(
        1 + min(len(found), _LISTED) + (len(found) > _LISTED) for found in (appeared, resolved)
    )
    width = left + 4 * w + 20
    height = top + 4 * h + 26 + 34 + 18 * lines
    scale = max(
        [old.attention[a].share for a in AREAS]
        + [new.attention[a].share for a in AREAS]
        + [new.attention[a].target for a in AREAS]
        + [0.01]
    )
    evenness = " ".join(
        "-" if e is None else f"{e:.2f}" for e in (old.evenness, new.evenness)
    ).replace(" ", " \u2192 ")
    parts = [
        svg_open(width, height, f"{new.name}: balance before and after", titled=True),
        _text(
            10,
            24,
            _wrapped(f"{new.name}: before and after", 100),
            extra=' font-size="16" font-weight="700"',
        ),
        _text(
            10,
            46,
            f"{old.now.date().isoformat()} \u2192 {new.now.date().isoformat()}",
            extra=f' fill="{_MUTED}"',
        ),
        _text(
            10,
            66,
            f"evenness {evenness}; {_count(appeared)} appeared, {len(resolved)} resolved",
            extra=f' fill="{_MUTED}"',
        ),
        *_grid_heads(left, top, w, h),
    ]
    for area in AREAS:
        i, j = list(Layer).index(area.layer), list(Pillar).index(area.pillar)
        x0, y0 = left + j * w, top + i * h
        a0, a1 = old.attention[area], new.attention[area]
        bw = w - 70
        change = (a1.share - a0.share) * 100
        tip = (
            f"{area.title}: {a0.share:.1%} before, {a1.share:.1%} after "
            f"({change:+.1f} points), target {a1.target:.1%}; "
            f"{a0.status.value} before, {a1.status.value} after"
        )
        parts.append(
            f"<g><title>{escape(tip)}</title>"
            f'<rect x="{x0}" y="{y0}" width="{w}" height="{h}" fill="#ffffff" stroke="{_LINE}"/>'
            + _text(x0 + 6, y0 + 16, _wrapped(area.title, 26), extra=' font-size="11"')
        )
        for k, (att, colour, outline) in enumerate(
            (
                (a0, "#e2e8f0", _TARGET),
                (a1, fill(deviation(a1.share, a1.target), LIGHT), _SHARE),
            )
        ):
            y = y0 + 26 + k * 22
            parts.append(
                f'<rect x="{x0 + 8}" y="{y}" width="{max(1.0, bw * att.share / scale):.1f}" '
                f'height="14" fill="{colour}" stroke="{outline}"/>'
                + _text(x0 + bw + 14, y + 12, f"{att.share:.0%}", extra=' font-size="12"')
            )
        tx = x0 + 8 + bw * a1.target / scale
        parts.append(
            f'<line x1="{tx:.1f}" y1="{y0 + 22}" x2="{tx:.1f}" y2="{y0 + 66}" stroke="{_INK}" '
            'stroke-width="2"/>'
            + _text(
                x0 + 8,
                y0 + h - 8,
                f"{change:+.1f} points",
                extra=' font-size="11"' + (' font-weight="700"' if abs(change) >= 5 else ""),
            )
            + "</g>"
        )
    y = top + 4 * h + 26
    parts.append(
        f'<rect x="10" y="{y - 11}" width="24" height="12" fill="#e2e8f0" stroke="{_TARGET}"/>'
        + _text(40, y, "before")
        + f'<rect x="110" y="{y - 11}" width="24" height="12" fill="{LIGHT.neutral}" '
        f'stroke="{_SHARE}"/>'
        + _text(140, y, "after (shaded as on the heatmap)")
        + f'<line x1="380" y1="{y - 13}" x2="380" y2="{y + 2}" stroke="{_INK}" stroke-width="2"/>'
        + _text(388, y, "target; bars share one scale")
    )
    y += 34
    for label, found in (("Appeared", appeared), ("Resolved", resolved)):
        parts.append(_text(10, y, f"{label}: {len(found)}", extra=' font-weight="700"'))
        y += 18
        for f in found[:_LISTED]:
            line = _finding_line(f)
            parts.append(
                f"<g><title>{escape(line)}</title>"
                + _text(22, y, _wrapped(line, 120), extra=' font-size="12"')
                + "</g>"
            )
            y += 18
        if len(found) > _LISTED:
            parts.append(
                _text(22, y, f"and {len(found) - _LISTED} more", extra=f' fill="{_MUTED}"')
            )
            y += 18
    parts.append("</svg>")
    return "".join(parts)


def _box(kind: str, label: str, svg: str) -> str:
    """An SVG in a scoped HTML fragment: its own box, scrolling sideways on a narrow screen."""
    return (
        f'<div class="dime {kind}"><style>{stylesheet()}'
        ".dime .dime-card{background:#ffffff;color:#1f2937;display:inline-block;"
        "border:1px solid var(--dime-line)}"
        ".dime .dime-card svg{display:block;max-width:none}</style>"
        f'<div class="dime-scroll" role="region" aria-label="{escape_html(label)}" tabindex="0">'
        f'<div class="dime-card">{svg}</div></div></div>'
    )


def sparklines_html(trend: Trend) -> str:
    """The sparkline grid of :func:`sparklines_svg` as an HTML fragment for notebooks."""
    return _box("dime-sparklines", f"{trend.name}: sparklines", sparklines_svg(trend))


def before_after_html(before: Diff | Report, after: Report | None = None) -> str:
    """The before-and-after view of :func:`before_after_svg` as an HTML fragment for notebooks."""
    svg = before_after_svg(before, after)
    return _box("dime-before-after", "Balance before and after", svg)


def _count(found: Sequence[Finding]) -> str:
    return f"{len(found)} finding" + ("" if len(found) == 1 else "s")
