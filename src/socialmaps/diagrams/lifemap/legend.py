"""The life road map's legend, placed by the layout: an entry for each kind of thing the figure
shows (good and bad events, the wave, the valence scale, a skipped stretch of time, the road,
hopes), under the figure.  The drawing gives each entry its swatch (`draw.swatches`)."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from ...drawing import Context
from ...legend import LegendEntry, legend_under, undrawn

if TYPE_CHECKING:
    from .layout import LifemapLayout


def shown(lay: LifemapLayout) -> list[str]:
    """The legend's keys, in the legend's order: only what the figure shows."""
    keys = []
    if any(m.good for m in lay.events):
        keys.append("good")
    if any(not m.good for m in lay.events):
        keys.append("bad")
    keys.append("wave")
    if lay.scale is not None:
        keys.append("scale")
    if lay.axis.breaks:
        keys.append("break")
    keys.append("road")
    if lay.hopes:
        keys.append("hopes")
    return keys


def with_legend(ctx: Context, lay: LifemapLayout) -> LifemapLayout:
    entries = [LegendEntry(key, ctx.words[f"lifemap.{key}"], undrawn) for key in shown(lay)]
    legend = legend_under(entries, lay.margin, lay.content_bottom, lay.width - 2 * lay.margin, ctx.style,
                          gap=ctx.style.font.size)
    return replace(lay, legend=legend)
