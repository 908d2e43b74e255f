"""PRA Venn drawing: the centre as `sm-center`, institutions as `sm-venn-item`, a legend
that says how to read size and distance."""

from __future__ import annotations

import math

from ...drawing import Context, Drawing
from ...geometry import Box
from ...legend import SwatchDrawer, draw_legend, with_swatches
from ...style import Style
from ...svg import Attr, Element, SvgDocument, path_data
from .layout import VennLayout
from .legend import Scale


def _item_fill(style: Style) -> str:
    return str(style.get("venn.item", style.kind_fill("other")))


def _swatches(style: Style) -> dict[str, SwatchDrawer]:
    """How each legend entry's swatch is drawn, by its key (venn/legend.py)."""
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

    return {"venn-size": size_swatch, "venn-distance": distance_swatch}


def _draw_scale(group: Element, scale: Scale, style: Style) -> None:
    item_fill = _item_fill(style)
    pen: dict[str, Attr] = {"stroke": style.line.ink, "stroke_width": style.line.thin}
    for row in scale.rows:
        group.text_lines(row.heading_x, row.baseline, [row.heading], scale.size, anchor="end",
                         fill=style.line.ink)
        if row.rim_x is not None:
            # A slice of the centre circle: its rim is where closeness 5 touches.
            h = 1.1 * scale.size
            big = 3 * h
            cx, cy = row.rim_x - big, row.circles[0][2]
            a = math.asin(h / big)
            top = (cx + big * math.cos(a), cy - big * math.sin(a))
            bottom = (cx + big * math.cos(a), cy + big * math.sin(a))
            back = row.rim_x - 0.6 * scale.size
            group.path(path_data([("M", (back, top[1])), ("L", top), ("A", (big, big, 0, 0, 1, *bottom)),
                                  ("L", (back, bottom[1])), ("Z", ())]),
                       fill=style.fill("center"), **pen)
        for value, cx, cy, r in row.circles:
            group.circle(cx, cy, r, fill=item_fill, **pen)
            group.text_lines(cx, row.number_baseline, [str(value)], scale.size, anchor="middle",
                             fill=style.line.ink)


def draw(ctx: Context, lay: VennLayout) -> Drawing:
    style = ctx.style
    venn = ctx.case.venn
    assert venn is not None
    center_name = venn.center or ctx.subject_name()
    # The legend goes under the figure; the figure's size follows from it.
    legend = with_swatches(lay.legend, _swatches(style)) if lay.legend else None
    scale = lay.scale
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
    lay.center_label.draw(center, style.line.ink)
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
        if placed.leader is not None:
            # Marked as the body map marks its leaders: a line of class sm-leader in the part's group.
            (x1, y1), (x2, y2) = placed.leader
            group.line(x1, y1, x2, y2, class_="sm-leader", stroke=style.line.ink,
                       stroke_width=style.line.thin)
        placed.label.draw(group, style.line.ink)
    if legend is not None:
        group = draw_legend(doc.body, legend, ctx.words, style)
        if scale is not None:
            _draw_scale(group, scale, style)
    return Drawing("venn", doc.to_string(), doc.width, doc.height)
