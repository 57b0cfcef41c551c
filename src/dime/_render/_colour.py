"""Colours of the pictures: a diverging scale around each area's target, and readable text on it.

The scale has one hue for too little attention (orange), another for too
much (blue) and a neutral colour on target, in a light and a dark palette.
Text on a fill is black or white, whichever contrasts more: by the WCAG
formula one of them always reaches 4.5:1.
"""

from __future__ import annotations

import math
from typing import Final, NamedTuple

__all__ = [
    "DARK",
    "LIGHT",
    "OVER_SATURATES",
    "Palette",
    "contrast",
    "deviation",
    "fill",
    "luminance",
    "text_on",
]

#: How many times its target an area's share must be for the darkest "too much" shade.
OVER_SATURATES: Final = 4.0


class Palette(NamedTuple):
    """The three anchors of the diverging scale."""

    #: Too little: none at all.
    under: str
    #: On target.
    neutral: str
    #: Too much: :data:`OVER_SATURATES` times the target or more.
    over: str


#: The scale on a light page.
LIGHT: Final = Palette(under="#c2410c", neutral="#f8fafc", over="#1e40af")
#: The scale on a dark page.
DARK: Final = Palette(under="#f97316", neutral="#1e293b", over="#60a5fa")


def deviation(share: float, target: float) -> float:
    """How far a share is from its target, from -1 (none) through 0 (on target) to 1 (far over).

    Below the target the scale is linear in the share; above it, it is
    logarithmic and reaches 1 at :data:`OVER_SATURATES` times the target, so
    that a third and two thirds of a layer look different.

    >>> deviation(0.0, 0.25), deviation(0.25, 0.25), deviation(0.125, 0.25)
    (-1.0, 0.0, -0.5)
    >>> deviation(1.0, 0.25)
    1.0
    """
    if not target > 0:
        return 0.0 if not share > 0 else 1.0
    ratio = share / target
    if ratio < 1:
        return -(1.0 - ratio)
    # Over a subnormal target the ratio is infinite: the darkest shade, never an error.
    return min(1.0, math.log2(ratio) / math.log2(OVER_SATURATES)) if math.isfinite(ratio) else 1.0


def _rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def _mix(a: str, b: str, t: float) -> str:
    (r1, g1, b1), (r2, g2, b2) = _rgb(a), _rgb(b)
    return f"#{round(r1 + (r2 - r1) * t):02x}{round(g1 + (g2 - g1) * t):02x}{round(b1 + (b2 - b1) * t):02x}"


def fill(d: float, palette: Palette = LIGHT) -> str:
    """The fill for a deviation ``d`` (-1 to 1) in ``palette``, as ``#rrggbb``.

    >>> fill(0.0), fill(-1.0), fill(1.0)
    ('#f8fafc', '#c2410c', '#1e40af')
    """
    if d < 0:
        return _mix(palette.neutral, palette.under, min(1.0, -d))
    return _mix(palette.neutral, palette.over, min(1.0, d))


def luminance(colour: str) -> float:
    """The relative luminance of ``#rrggbb`` (WCAG 2).

    >>> luminance("#ffffff"), luminance("#000000")
    (1.0, 0.0)
    """

    def channel(v: int) -> float:
        c = v / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in _rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """The WCAG contrast ratio of two ``#rrggbb`` colours, from 1 to 21.

    >>> round(contrast("#000000", "#ffffff"), 1)
    21.0
    """
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def text_on(background: str) -> str:
    """Black or white, whichever reads better on ``background`` (always at least 4.5:1).

    >>> text_on("#1e40af"), text_on("#f8fafc")
    ('#ffffff', '#000000')
    """
    black, white = contrast(background, "#000000"), contrast(background, "#ffffff")
    return "#000000" if black >= white else "#ffffff"
