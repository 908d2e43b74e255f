"""PRA Venn drawing: the centre as `sm-center`, institutions as `sm-venn-item`, a legend
that says how to read size and distance."""

from __future__ import annotations

import math

from ...drawing import Context, Drawing
from ...geometry import Box
from ...legend import LegendEntry, draw_legend, layout_legend
from ...style import Style
from ...svg import Element, SvgDocument, path_data
from .layout import Label, VennLayout


def _text(parent: Element, label: Label, lh: float, style: Style) -> None:
    parent.text_lines(label.x, label.baseline, list(label.lines), label.size, anchor="middle",
                      line_height=lh, bold=label.bold, fill=style.line.ink)


def _item_fill(style: Style) -> str:
    return str(style.get("venn.item", style.kind_fill("other")))


def _legend_entries(ctx: Context) -> list[LegendEntry]:
    style = ctx.style
    item_fill = _item_fill(style)

    def size_swatch(g: Element, box: Box) -> None:
        # Three circles growing left to right: a bigger circle is a more important institution.
        h = box.height
        radii = (0.22 * h, 0.36 * h, 0.5 * h)
        x = box.x0
        for r in radii:
            g.circle(x + r, box.y1 - r, r, fill=item_fill, stroke=style.line.ink,
                     stroke_width=style.line.thin)
            x += 2 * r + 0.15 * h

    def distance_swatch(g: Element, box: Box) -> None:
        # The rim of the centre at the left; one circle touching it (close), one far off (distant).
        h = box.height
        r = 0.3 * h
        cy = box.center[1]
        big = 1.4 * h
        rim = box.x0 + 0.4 * h
        cx = rim - big
        a = math.asin(min(1.0, (h / 2) / big))
        top = (cx + big * math.cos(a), cy - big * math.sin(a))
        bottom = (cx + big * math.cos(a), cy + big * math.sin(a))
        g.path(path_data([("M", (box.x0, top[1])), ("L", top), ("A", (big, big, 0, 0, 1, *bottom)),
                          ("L", (box.x0, bottom[1])), ("Z", ())]),
               fill=style.fill("center"), stroke=style.line.ink, stroke_width=style.line.thin)
        g.circle(rim + r, cy, r, fill=item_fill, stroke=style.line.ink, stroke_width=style.line.thin)
        g.line(rim + 2 * r + 0.1 * h, cy, box.x1 - 2 * r - 0.1 * h, cy, stroke=style.line.muted,
               stroke_width=style.line.thin, stroke_dasharray="2 2")
        g.circle(box.x1 - r, cy, r, fill=item_fill, stroke=style.line.ink, stroke_width=style.line.thin)

    return [LegendEntry("venn-size", ctx.words["venn.size"], size_swatch),
            LegendEntry("venn-distance", ctx.words["venn.distance"], distance_swatch)]


def draw(ctx: Context, lay: VennLayout) -> Drawing:
    style = ctx.style
    venn = ctx.case.venn
    assert venn is not None
    center_name = venn.center or ctx.subject_name()
    # The legend goes under the figure; the figure's size follows from it.
    legend_top = lay.height - style.margin + 0.8 * style.font.size
    legend = layout_legend(_legend_entries(ctx), style.margin, legend_top,
                           max(lay.width - 2 * style.margin, 30 * style.font.small), style,
                           swatch_width=5.5 * style.font.small)
    width, height = lay.width, lay.height
    if legend is not None:
        width = max(width, legend.box.x1 + style.margin)
        height = legend.box.y1 + style.margin
    desc = ctx.words.format("venn.desc", name=center_name, count=len(lay.items))
    doc = SvgDocument("venn", ctx.case.case.id, width, height, ctx.caption("venn"), desc,
                      background=style.background)
    # Centre the figure when the legend is the wider of the two.
    shift = (width - lay.width) / 2
    body = doc.g(transform=f"translate({shift:.2f},0)") if shift > 0.01 else doc.body
    center = body.part("sm-center")
    c = lay.center
    center.circle(c.cx, c.cy, c.r, fill=style.fill("center"), stroke=style.line.ink,
                  stroke_width=style.line.thick if style.monochrome else style.line.width)
    _text(center, lay.center_label, lay.line_height, style)
    item_fill = _item_fill(style)
    for placed in lay.items:
        item = placed.item
        group = body.part("sm-venn-item", name=item.name, importance=item.importance,
                          closeness=item.closeness)
        circle = placed.circle
        group.circle(circle.cx, circle.cy, circle.r, fill=item_fill, stroke=style.line.ink,
                     stroke_width=style.line.width)
        if item.note:
            group.el("title", f"{item.name}: {item.note}")
        _text(group, placed.label, lay.line_height, style)
    if legend is not None:
        draw_legend(doc.body, legend, ctx.words, style)
    return Drawing("venn", doc.to_string(), doc.width, doc.height,
                   metrics={"items": len(lay.items), "center_radius": round(c.r, 2)})
