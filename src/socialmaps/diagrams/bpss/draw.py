"""BPSS quadrant drawing: panels as `sm-quadrant`, bullets as `sm-item`."""

from __future__ import annotations

from ... import text as tm
from ...drawing import Context, Drawing
from ...svg import SvgDocument
from ..panels import draw_panel
from .layout import QuadrantLayout
from .table import TableLayout


def _document(ctx: Context, width: float, height: float) -> SvgDocument:
    bpss = ctx.case.bpss
    assert bpss is not None
    counts = {k: len(getattr(bpss, k)) for k in ("biological", "psychological", "social", "spiritual")}
    desc = ctx.words.format("bpss.desc", name=ctx.subject_name(), **counts)
    doc = SvgDocument("bpss", ctx.case.case.id, width, height, ctx.caption("bpss"), desc,
                      background=ctx.style.background)
    return doc


def draw_table(ctx: Context, lay: TableLayout) -> Drawing:
    doc = _document(ctx, lay.width, lay.height)
    for panel in lay.fit.panels:
        draw_panel(doc.body, panel, lay.fit, ctx.style, header=lay.header)
    return Drawing("bpss", doc.to_string(), doc.width, doc.height)


def draw(ctx: Context, lay: QuadrantLayout) -> Drawing:
    style = ctx.style
    doc = _document(ctx, lay.width, lay.height)
    for panel in lay.fit.panels:
        draw_panel(doc.body, panel, lay.fit, style)
    if lay.badge is not None:
        b = lay.badge
        badge = doc.g("sm-badge")
        badge.rect(b.box.x0, b.box.y0, b.box.width, b.box.height, rx=b.box.height / 2,
                   fill=style.fill("badge"), stroke=style.line.ink, stroke_width=style.line.width)
        lines = b.name.split("\n")
        line_step = style.font.line_height * b.size
        # Baseline so the text box (ascent over descent) is centred on the badge.
        shift = (tm.ascent(b.size) - tm.descent(b.size)) / 2
        first = b.box.center[1] - (len(lines) - 1) * line_step / 2 + shift
        badge.text_lines(b.box.center[0], first, lines, b.size, anchor="middle",
                         line_height=style.font.line_height, bold=True, class_=None, fill=style.line.ink)
    return Drawing("bpss", doc.to_string(), doc.width, doc.height)
