"""PRA Venn drawing: the centre as `sm-center`, institutions as `sm-venn-item`, a legend
that says how to read size and distance."""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

from ... import text as tm
from ...drawing import Context, Drawing
from ...geometry import Box
from ...legend import LegendEntry, LegendLayout, draw_legend, legend_under
from ...style import Style
from ...svg import Attr, Element, SvgDocument, path_data
from .layout import VennLayout


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


def _with_scale(legend: LegendLayout, scale: Scale, pad: float) -> LegendLayout:
    box = legend.box
    return replace(legend, box=Box(box.x0, box.y0, max(box.x1, scale.box.x1 + pad), scale.box.y1 + pad))


def draw(ctx: Context, lay: VennLayout) -> Drawing:
    style = ctx.style
    venn = ctx.case.venn
    assert venn is not None
    center_name = venn.center or ctx.subject_name()
    # The legend goes under the figure; the figure's size follows from it.
    legend = legend_under(_legend_entries(ctx), style.margin, lay.height - style.margin,
                          lay.width - 2 * style.margin, style, gap=0.8 * style.font.size,
                          least_width=30 * style.font.small, swatch_width=5.5 * style.font.small)
    scale = None
    if legend is not None:
        pad = 0.8 * style.font.small
        scale = _scale(ctx, legend.box.x0 + pad, legend.box.y1 - 0.2 * style.font.small)
        legend = _with_scale(legend, scale, pad)
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
