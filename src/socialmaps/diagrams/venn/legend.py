"""The Venn's legend, placed by the layout: what a circle's size and its distance from the centre
mean, and the 1–5 scale of both drawn to the figure's own measure, under the figure.  The drawing
gives each entry its swatch (`draw._swatches`)."""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from ... import text as tm
from ...drawing import Context
from ...geometry import Box
from ...legend import LegendEntry, LegendLayout, legend_under, undrawn

if TYPE_CHECKING:
    from .layout import VennLayout


def with_legend(ctx: Context, lay: VennLayout) -> VennLayout:
    style = ctx.style
    entries = [LegendEntry("venn-size", ctx.words["venn.size"], undrawn),
               LegendEntry("venn-distance", ctx.words["venn.distance"], undrawn)]
    legend = legend_under(entries, style.margin, lay.height - style.margin,
                          lay.width - 2 * style.margin, style, gap=0.8 * style.font.size,
                          least_width=30 * style.font.small, swatch_width=5.5 * style.font.small)
    if legend is None:
        return lay
    pad = 0.8 * style.font.small
    scale = _scale(ctx, legend.box.x0 + pad, legend.box.y1 - 0.2 * style.font.small)
    return replace(lay, legend=_with_scale(legend, scale, pad), scale=scale)


@dataclass(frozen=True)
class ScaleRow:
    """One row of the legend's 1–5 scale: a heading, five circles, their numbers under them."""

    heading: str
    heading_x: float          # right end of the heading (text-anchor end)
    baseline: float           # of the heading, level with the circles' centres
    circles: tuple[tuple[int, float, float, float], ...]   # (value, cx, cy, r)
    number_baseline: float
    rim_x: float | None       # the centre's rim (the closeness row only)


@dataclass(frozen=True)
class Scale:
    rows: tuple[ScaleRow, ...]
    size: float
    box: Box


def _scale(ctx: Context, x: float, y: float) -> Scale:
    """The 1–5 scale of importance (circle size, area as the figure's: r ∝ √importance) and of
    closeness (the gap to the centre's rim shrinking to nothing at 5), under the legend's entries."""
    style = ctx.style
    size = style.font.small
    headings = (ctx.words["venn.scale_importance"], ctx.words["venn.scale_closeness"])
    head_w = max(tm.measure(h, size) for h in headings)
    big = 1.1 * size                          # radius of an importance-5 circle
    left = x + head_w + 0.8 * size            # where the drawings start
    number_drop = 0.5 * size + tm.ascent(size)
    shift = (tm.ascent(size) - tm.descent(size)) / 2
    rows = []
    top = y
    # Importance: five circles growing left to right.
    cy = top + big
    circles = []
    cx = left
    for value in range(1, 6):
        r = big * math.sqrt(value / 5)
        circles.append((value, cx + big, cy, r))
        cx += 2 * big + 0.6 * size
    rows.append(ScaleRow(headings[0], x + head_w, cy + shift, tuple(circles), cy + big + number_drop, None))
    right = cx
    top = cy + big + number_drop + tm.descent(size) + 0.6 * size
    # Closeness: the centre's rim, then one circle per value, 5 touching it and 1 farthest off.
    small_r = 0.45 * size
    step = 2 * big + 0.6 * size
    cy = top + big
    rim = left + 0.6 * size
    circles = [(value, rim + small_r + (5 - value) * step, cy, small_r) for value in range(5, 0, -1)]
    rows.append(ScaleRow(headings[1], x + head_w, cy + shift, tuple(circles), cy + big + number_drop, rim))
    right = max(right, circles[-1][1] + small_r)
    bottom = cy + big + number_drop + tm.descent(size)
    return Scale(tuple(rows), size, Box(x, y, right, bottom))


def _with_scale(legend: LegendLayout, scale: Scale, pad: float) -> LegendLayout:
    box = legend.box
    return replace(legend, box=Box(box.x0, box.y0, max(box.x1, scale.box.x1 + pad), scale.box.y1 + pad))
