"""Pictures of the framework, of one organisation and of a balance report.

Three faces for each: plain text (for terminals, at most 100 columns, ANSI
colour only when asked), Markdown (for notebooks and issue trackers) and
HTML (a heatmap on a diverging scale around each area's target, with its
own scoped style sheet, light and dark, no JavaScript, no external assets).
The heatmap, the touchpoint coverage, a trend's sparklines and the before-and-after
view of two reports are also standalone SVG documents.
Whatever a user typed is escaped in Markdown, HTML and SVG.

Nothing here is imported by the models at import time: their
``_repr_html_`` and ``_repr_markdown_`` methods import it when called.
"""

from __future__ import annotations

from dime._render._html import (
    area_html,
    framework_html,
    grid_html,
    report_html,
    report_page,
)
from dime._render._markdown import (
    area_markdown,
    framework_markdown,
    grid_markdown,
    report_markdown,
)
from dime._render._series import (
    Series,
    series_html,
    series_markdown,
    series_text,
    trend_html,
    trend_markdown,
    trend_text,
)
from dime._render._svg import coverage_svg, heatmap_svg
from dime._render._text import area_text, framework_text, grid_text, report_text
from dime._render._time import (
    before_after_html,
    before_after_svg,
    sparklines_html,
    sparklines_svg,
)

__all__ = [
    "Series",
    "area_html",
    "area_markdown",
    "area_text",
    "before_after_html",
    "before_after_svg",
    "coverage_svg",
    "framework_html",
    "framework_markdown",
    "framework_text",
    "grid_html",
    "grid_markdown",
    "grid_text",
    "heatmap_svg",
    "report_html",
    "report_markdown",
    "report_page",
    "report_text",
    "series_html",
    "series_markdown",
    "series_text",
    "sparklines_html",
    "sparklines_svg",
    "trend_html",
    "trend_markdown",
    "trend_text",
]
