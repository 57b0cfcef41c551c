"""Pictures of balance over time: one row per period or saved state, one column per area.

A :class:`Series` is what such a picture shows, read from a trend (here) or
from a history (by :mod:`dime._history`): the headline and every area's
share of its layer at each moment, with "-" where a period holds no data.
"""

from __future__ import annotations

import html
import textwrap
from collections.abc import Callable
from typing import TYPE_CHECKING, Final

import attrs

from dime._framework import AREAS, Layer, Pillar
from dime._render._common import intensity
from dime._render._html import shade
from dime._render._markdown import md

if TYPE_CHECKING:
    from dime._balance import Trend

__all__ = [
    "Series",
    "series_html",
    "series_markdown",
    "series_text",
    "trend_html",
    "trend_markdown",
    "trend_series",
    "trend_text",
]

#: The widest a line of text gets.
WIDTH: Final = 100
#: What a cell without data shows.
NO_DATA: Final = "-"
_CELL: Final = 5  # "100%" and a space
_HEADLINE: Final = 6  # "0.64" and two spaces


@attrs.frozen(kw_only=True)
class Series:
    """What a picture of balance over time shows."""

    #: The first line.
    title: str
    #: What the figures are, in one sentence.
    note: str
    #: A label per row: a period ("2026-10") or a saved state.
    labels: tuple[str, ...]
    #: The headline evenness per row, None without data.
    headline: tuple[float | None, ...]
    #: Per row, each area's share of its layer in grid order, None without data.
    shares: tuple[tuple[float | None, ...], ...]
    #: Each area's target share of its layer, in grid order.
    targets: tuple[float, ...]
    #: Lines shown under the table.
    footer: tuple[str, ...] = ()


def _period_label(start: object, end: object, every: object) -> str:
    if every == "month":
        return f"{start:%Y-%m}"
    if every == "quarter":
        return f"{start:%Y}-Q{(start.month - 1) // 3 + 1}"  # type: ignore[attr-defined]
    return f"{end:%Y-%m-%d}"


def trend_series(trend: Trend) -> Series:
    """What the pictures of a trend show: its periods, and how each area moved."""
    from dime._balance import Movement, Signal  # noqa: PLC0415 - only when drawn

    shares = []
    for p in trend.periods:
        row: list[float | None] = []
        for a in AREAS:
            has_data = p.evenness[Signal.of(a.layer)] is not None
            row.append(p.attention[a].share if has_data else None)
        shares.append(tuple(row))
    every = trend.every if isinstance(trend.every, str) else f"{trend.every.days} days"
    first, last = trend.periods[0], trend.periods[-1]
    moved = trend.movements()
    footer = []
    for kind in (Movement.FADING, Movement.STALLING, Movement.RECOVERING):
        areas = [a for a in AREAS if moved[a] is kind]
        if areas:
            named = "; ".join(f"{a.title} ({a.pillar.letter}, {a.layer.value})" for a in areas)
            footer.append(f"{kind.value.capitalize()}: {named}.")
    return Series(
        title=(
            f"{trend.name}: the balance every {every}, {first.start.isoformat()} to "
            f"{last.end.isoformat()}"
        ),
        note=(
            "Each area's share of its layer's attention at the end of each period, as the "
            f"check measures it (window {trend.policy.window.days} days); "
            f"{NO_DATA} where the period holds no evidence of the layer's kind."
        ),
        labels=tuple(_period_label(p.start, p.end, trend.every) for p in trend.periods),
        headline=trend.headline,
        shares=tuple(shares),
        targets=tuple(last.attention[a].target for a in AREAS),
        footer=tuple(footer),
    )


def _pct(value: float | None) -> str:
    return NO_DATA if value is None else f"{value:.0%}"


def series_text(series: Series) -> str:
    """The series as plain text, at most 100 columns wide."""
    label = max([len(s) for s in series.labels] + [6])
    pad = " " * (label + _HEADLINE)
    layers = "".join(f"{layer.title:<{4 * _CELL}}" for layer in Layer).rstrip()
    pillars = "".join(f"{p.letter:>{_CELL - 1}} " for _layer in Layer for p in Pillar).rstrip()
    lines = [
        *textwrap.wrap(series.title, WIDTH),
        *textwrap.wrap(series.note, WIDTH),
        "",
        f"{pad}{layers}",
        f"{'':<{label}} {'even':>4} {pillars}",
    ]
    for name, head, row in zip(series.labels, series.headline, series.shares, strict=True):
        cells = "".join(f"{_pct(v):>{_CELL - 1}} " for v in row).rstrip()
        shown = NO_DATA if head is None else f"{head:.2f}"
        lines.append(f"{name:<{label}} {shown:>4}  {cells}")
    if series.footer:
        lines.append("")
        for line in series.footer:
            lines += textwrap.wrap(line, WIDTH, subsequent_indent="  ")
    return "\n".join(lines)


def series_markdown(series: Series) -> str:
    """The series as a Markdown table."""
    head = ["", "evenness", *(f"{a.pillar.letter} {a.layer.value}" for a in AREAS)]
    lines = [
        f"**{md(series.title)}**",
        "",
        md(series.note),
        "",
        "| " + " | ".join(head) + " |",
        "|" + "---|" * len(head),
    ]
    for name, value, row in zip(series.labels, series.headline, series.shares, strict=True):
        cells = [md(name), NO_DATA if value is None else f"{value:.2f}", *map(_pct, row)]
        lines.append("| " + " | ".join(cells) + " |")
    if series.footer:
        lines += ["", *(md(line) for line in series.footer)]
    return "\n".join(lines)


# Each cell says its colours: a notebook's style sheet colours (and stripes) tables and
# cells itself, and inheriting from the white card would lose to it under a dark theme.
_TH: Final = "border: 1px solid #cbd5e1; padding: 0.2em 0.4em; background: #f1f5f9; color: #1f2937;"
_TD: Final = (
    "border: 1px solid #cbd5e1; padding: 0.2em 0.4em; text-align: right; color: #1f2937; "
    "background: #ffffff;"
)


def series_html(series: Series) -> str:
    """The series as an HTML table, each share shaded against its target."""
    e: Callable[[str], str] = html.escape
    layer_head = "".join(
        f'<th style="{_TH}" colspan="4" scope="colgroup">{e(layer.title)}</th>' for layer in Layer
    )
    pillar_head = "".join(
        f'<th style="{_TH}" scope="col" title="{e(a.title)}">{e(a.pillar.letter)}</th>'
        for a in AREAS
    )
    rows = []
    for name, value, row in zip(series.labels, series.headline, series.shares, strict=True):
        cells = []
        for share, target in zip(row, series.targets, strict=True):
            style = _TD if share is None else f"{_TD} {shade(intensity(share, target))}"
            cells.append(f'<td style="{style}">{e(_pct(share))}</td>')
        shown = NO_DATA if value is None else f"{value:.2f}"
        rows.append(
            f'<tr><th style="{_TH}" scope="row">{e(name)}</th>'
            f'<td style="{_TD}">{e(shown)}</td>{"".join(cells)}</tr>'
        )
    footer = "".join(f"<p>{e(line)}</p>" for line in series.footer)
    return (
        f'<div style="font-family: system-ui, sans-serif; color: #1f2937; background: #ffffff;">'
        f"<p><strong>{e(series.title)}</strong></p>"
        '<div style="overflow-x: auto; max-width: 100%;" role="region" '
        'aria-label="Shares by period" tabindex="0">'
        f'<table style="border-collapse: collapse; font-size: 0.85em; color: #1f2937;">'
        f'<caption style="caption-side: bottom; text-align: left; color: #1f2937;">'
        f"{e(series.note)}</caption>"
        f'<thead><tr><th style="{_TH}" rowspan="2"></th>'
        f'<th style="{_TH}" rowspan="2">evenness</th>{layer_head}</tr>'
        f"<tr>{pillar_head}</tr></thead><tbody>{''.join(rows)}</tbody></table></div>{footer}</div>"
    )


def trend_text(trend: Trend) -> str:
    """A trend as plain text: the headline and each area's share, period by period."""
    return series_text(trend_series(trend))


def trend_markdown(trend: Trend) -> str:
    """A trend as a Markdown table."""
    return series_markdown(trend_series(trend))


def trend_html(trend: Trend) -> str:
    """A trend as sparklines per area, then an HTML table, each share shaded against its target."""
    from dime._render._time import sparklines_html  # noqa: PLC0415 - it reads this module

    return sparklines_html(trend) + series_html(trend_series(trend))
