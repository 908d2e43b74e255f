"""Strength quadrant drawing: panels as `sm-quadrant`, bullets as `sm-item`, axis headings."""

from __future__ import annotations

from ...drawing import Context, Drawing
from ...svg import SvgDocument
from ..panels import draw_panel
from .layout import StrengthsLayout


def draw(ctx: Context, lay: StrengthsLayout) -> Drawing:
    style = ctx.style
    counts = {p.spec.key.replace("-", "_"): len(p.spec.items) for p in lay.fit.panels}
    desc = ctx.words.format("strengths.desc", name=ctx.subject_name(), **counts)
    doc = SvgDocument("strengths", ctx.case.case.id, lay.width, lay.height, ctx.caption("strengths"), desc,
                      background=style.background)
    # The axis headings name rows and columns, not one part: a group of their own.
    axes = doc.g("sm-axes")
    for axis in lay.axes:
        axis.draw(axes, style.line.ink, class_=None, data_axis=axis.key)
    for panel in lay.fit.panels:
        draw_panel(doc.body, panel, lay.fit, style)
    return Drawing("strengths", doc.to_string(), doc.width, doc.height)
