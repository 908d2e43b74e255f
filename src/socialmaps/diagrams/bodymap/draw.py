"""Body map drawing: one `sm-outline` per view, one `sm-mark` per mark (symbol,
number, leader, callout), the left/right note, the legend, the key table, the footer.

Mark kinds differ by shape first (burst, rayed disc, stitched oval, square,
triangle, heart, diamond) and by colour only second, so a black-and-white
print keeps them apart; filled shapes carry a white number, open ones an ink one.
"""

from __future__ import annotations

import functools
import math
from dataclasses import replace

from ... import text as tm
from ...drawing import Context, Drawing
from ...geometry import Box
from ...legend import SwatchDrawer, draw_legend
from ...style import Pens as StylePens
from ...style import Style
from ...svg import Element, SvgDocument, fmt, path_data
from . import outline
from .layout import KINDS, BodymapLayout, MarkPlace, ViewPlace
from .symbols import EXTENT

Point = tuple[float, float]

FILLED = frozenset({"pain", "illness"})


class Pens(StylePens):
    """The style's pens and the body's, the marked regions' and each kind of mark's own."""

    def __init__(self, style: Style) -> None:
        super().__init__(style)
        self.body = str(style.get("bodymap.body", style.background))
        self.marked = str(style.get("bodymap.marked", style.background))
        self.min_size = style.font.min
        self.small = style.font.small
        self.kind = {k: str(style.get(f"bodymap.{k}", style.line.ink)) for k in KINDS}


# --------------------------------------------------------------------------- symbols


def _star(cx: float, cy: float, outer: float, inner: float, spikes: int) -> list[Point]:
    pts = []
    for k in range(2 * spikes):
        radius = outer if k % 2 == 0 else inner
        angle = -math.pi / 2 + k * math.pi / spikes
        pts.append((cx + radius * math.cos(angle), cy + radius * math.sin(angle)))
    return pts


def _heart(cx: float, cy: float, s: float) -> str:
    """A heart whose control-point box is centred on (cx, cy), about 2.2 s wide."""
    unit: list[tuple[str, list[tuple[float, float]]]] = [("M", [(0, 0.95)]),
            ("C", [(-0.55, 0.55), (-1.1, 0.15), (-1.05, -0.3)]),
            ("C", [(-1.0, -0.8), (-0.3, -0.95), (0, -0.45)]),
            ("C", [(0.3, -0.95), (1.0, -0.8), (1.05, -0.3)]),
            ("C", [(1.1, 0.15), (0.55, 0.55), (0, 0.95)])]
    commands: list[tuple[str, list[float]]] = []
    for cmd, pts in unit:
        commands.append((cmd, [v for x, y in pts for v in (cx + s * x, cy + s * y)]))
    commands.append(("Z", []))
    return path_data(commands)


def draw_symbol(parent: Element, kind: str, cx: float, cy: float, r: float, pens: Pens) -> float:
    """Draw the kind's shape centred on (cx, cy) (its first shape's box is centred there);
    return how far below the centre the number's middle goes."""
    colour = pens.kind[kind]
    w = pens.width
    if kind == "injury":  # a burst: something struck
        parent.polygon(_star(cx, cy, EXTENT * r, 0.9 * r, 8), fill=pens.paper, stroke=colour,
                       stroke_width=w, stroke_linejoin="round")
    elif kind == "bruise":  # a soft-edged blotch: a dashed ring round a plain one
        parent.circle(cx, cy, 1.18 * r, fill=pens.paper, stroke=colour, stroke_width=w,
                      stroke_dasharray=f"{fmt(2.2 * w)} {fmt(1.6 * w)}")
        parent.circle(cx, cy, 0.86 * r, fill="none", stroke=colour, stroke_width=0.8 * w)
    elif kind == "pain":  # a disc with rays: it hurts here
        parent.circle(cx, cy, 0.88 * r, fill=colour, stroke="none")
        rays: list[tuple[str, list[float]]] = []
        for k in range(8):  # one path of eight strokes (a map may hold thousands of marks)
            a = k * math.pi / 4 + math.pi / 8
            rays.append(("M", [cx + 1.0 * r * math.cos(a), cy + 1.0 * r * math.sin(a)]))
            rays.append(("L", [cx + EXTENT * r * math.cos(a), cy + EXTENT * r * math.sin(a)]))
        parent.path(path_data(rays), fill="none", stroke=colour, stroke_width=w, stroke_linecap="round")
    elif kind == "scar":  # a stitched oval
        parent.ellipse(cx, cy, 1.25 * r, 0.74 * r, fill=pens.paper, stroke=colour, stroke_width=w)
        for dx in (-0.9 * r, 0.9 * r):
            parent.line(cx + dx, cy - 0.95 * r, cx + dx, cy + 0.95 * r, stroke=colour, stroke_width=w,
                        stroke_linecap="round")
    elif kind == "illness":
        side = 1.7 * r
        parent.rect(cx - side / 2, cy - side / 2, side, side, fill=colour, stroke="none")
    elif kind == "disability":
        h, half = 2.2 * r, 1.3 * r  # roomy enough for a two-digit number in its lower half
        parent.polygon([(cx, cy - h / 2), (cx + half, cy + h / 2), (cx - half, cy + h / 2)],
                       fill=pens.paper, stroke=colour, stroke_width=w, stroke_linejoin="round")
        return 0.3 * r
    elif kind == "feeling":
        parent.path(_heart(cx, cy, 1.18 * r), fill=pens.paper, stroke=colour, stroke_width=w,
                    stroke_linejoin="round")
        return -0.05 * r
    else:  # other
        e = EXTENT * r
        parent.polygon([(cx, cy - e), (cx + e, cy), (cx, cy + e), (cx - e, cy)],
                       fill=pens.paper, stroke=colour, stroke_width=w, stroke_linejoin="round")
    return 0.0


def number_size(r: float, pens: Pens) -> float:
    return max(pens.min_size, min(pens.small, 0.95 * r))


def draw_mark(parent: Element, m: MarkPlace, pens: Pens, line_height: float) -> Element:
    group = parent.part("sm-mark", region=m.region, kind=m.kind, view=m.view, number=m.number)
    cx, cy = m.centre
    drop = draw_symbol(group, m.kind, cx, cy, m.r, pens)
    size = number_size(m.r, pens)
    baseline = cy + drop + (tm.ascent(size) - tm.descent(size)) / 2
    group.text_lines(cx, baseline, [str(m.number)], size, anchor="middle", bold=True,
                     fill=pens.paper if m.kind in FILLED else pens.ink)
    c = m.callout
    if c is None:  # a map of very many marks: the key table is the callout
        return group
    group.polyline(m.leader, class_="sm-leader", fill="none", stroke=pens.muted, stroke_width=pens.thin,
                   stroke_linejoin="round")
    group.text_lines(c.x, c.baseline, list(c.heading), c.size, anchor=c.anchor, bold=True,
                     line_height=line_height, fill=pens.ink)
    if c.note:
        group.text_lines(c.x, c.baseline + len(c.heading) * c.line_step, list(c.note), c.size,
                         anchor=c.anchor, line_height=line_height, fill=pens.ink)
    return group


# --------------------------------------------------------------------------- outline

# A figure is placed the same way on every re-render of a case (the live editor redraws
# on each keystroke): re-scaling the outline each time would be wasted.
@functools.lru_cache(maxsize=64)
def page_path(place: ViewPlace) -> str:
    """The outline path (``outline.outline_path``) moved and scaled onto the page."""
    segs = outline.outline_segments(place.view, place.figure)
    commands: list[tuple[str, tuple[float, ...]]] = [("M", place.page(segs[0][0]))]
    for _, c1, c2, end in segs:
        commands.append(("C", (*place.page(c1), *place.page(c2), *place.page(end))))
    commands.append(("Z", ()))
    return path_data(commands)


def draw_features(parent: Element, place: ViewPlace, pens: Pens) -> None:
    """What tells the views apart on the figure itself: a face on the front, a spine on the back."""
    if place.view == "front":
        face = outline.face(place.figure)
        group = parent.g("sm-face")
        for eye in face.eyes:
            x, y = place.page(eye)
            group.circle(x, y, face.eye_r * place.scale, fill=pens.ink, stroke="none")
        for stroke in (face.nose, face.mouth):
            group.polyline([place.page(p) for p in stroke], fill="none", stroke=pens.ink,
                           stroke_width=pens.thin, stroke_linecap="round", stroke_linejoin="round")
    else:
        (x1, y1), (x2, y2) = (place.page(p) for p in outline.spine(place.figure))
        parent.g("sm-spine").line(x1, y1, x2, y2, stroke=pens.ink, stroke_width=pens.thin,
                                  stroke_dasharray=f"{4 * pens.thin:.2f} {3 * pens.thin:.2f}",
                                  stroke_linecap="round")


def draw_outline(parent: Element, place: ViewPlace, lay: BodymapLayout, pens: Pens) -> Element:
    group = parent.part("sm-outline", view=place.view, figure=place.figure)
    d = page_path(place)
    group.path(d, fill=pens.body, stroke="none")
    for view, region in lay.marked:
        if view == place.view:
            poly = outline.region_polygon(region, view, place.figure)
            # A paper-coloured edge keeps neighbouring marked regions (thigh, knee) apart.
            group.polygon([place.page(p) for p in poly], fill=pens.marked, stroke=pens.paper,
                          stroke_width=pens.thin)
    draw_features(group, place, pens)
    group.path(d, fill="none", stroke=pens.ink, stroke_width=pens.width, stroke_linejoin="round")
    return group


# --------------------------------------------------------------------------- the whole map


def _describe(ctx: Context, lay: BodymapLayout) -> str:
    words = ctx.words
    names = [words[f"bodymap.view_{p.view}"] for p in lay.views]
    views = f" {words['common.and']} ".join(names)
    listed = ", ".join(f"{m.number} {words[f'bodymap.{m.kind}']} {m.name}" for m in lay.marks)
    return words.format("bodymap.desc", name=ctx.subject_name(), views=views, count=len(lay.marks),
                        list=f" ({listed})" if listed else "")


def _swatch(kind: str, pens: Pens) -> SwatchDrawer:
    def drawer(group: Element, box: Box) -> None:
        cx, cy = box.center
        draw_symbol(group, kind, cx, cy, box.height / 2 / 1.4, pens)
    return drawer


def draw(ctx: Context, lay: BodymapLayout) -> Drawing:
    style = ctx.style
    pens = Pens(style)
    lh = style.font.line_height
    doc = SvgDocument("bodymap", ctx.case.case.id, lay.width, lay.height, ctx.caption("bodymap"),
                      _describe(ctx, lay), background=style.background)
    for place in lay.views:
        draw_outline(doc.body, place, lay, pens)
        heading = doc.g("sm-view", data_view=place.view)
        heading.text_lines(place.title_x, place.title_baseline, [place.title], style.font.heading,
                           anchor="middle", bold=True, class_=None, fill=pens.ink)
        for word, x, baseline, anchor in place.sides:
            heading.text_lines(x, baseline, [word], style.font.small, anchor=anchor, class_=None,
                               fill=pens.muted)
    for m in lay.marks:
        draw_mark(doc.body, m, pens, lh)

    lay.sides_note.draw(doc.g("sm-note"), pens.ink, class_=None)
    if lay.legend is not None:
        # laid out (and measured) by the layout; each entry's swatch is the kind's symbol
        cells = tuple((replace(entry, draw=_swatch(entry.key, pens)), swatch, x, baseline, lines)
                      for entry, swatch, x, baseline, lines in lay.legend.cells)
        draw_legend(doc.body, replace(lay.legend, cells=cells), ctx.words, style)
    if lay.table is not None:
        _draw_table(doc.g("sm-key"), lay, pens, lh)
    if lay.footer is not None:
        lay.footer.draw(doc.g("sm-footer"), pens.muted, class_=None)
    return Drawing("bodymap", doc.to_string(), doc.width, doc.height,
                   metrics={"marks": len(lay.marks), "views": len(lay.views),
                            "leader_faults": lay.leader_faults, "leaders_routed": int(lay.routed)})


def _draw_table(group: Element, lay: BodymapLayout, pens: Pens, lh: float) -> None:
    """The rules, then each column's cells as one <text> with a <tspan> per line (a map may hold
    thousands of rows: one text per column, not per cell).  The layout wrapped the cells as the
    font draws them."""
    table = lay.table
    assert table is not None
    b = table.box
    last = len(table.rules) - 1
    for i in (0, 1, last) if last > 1 else range(last + 1):
        y = table.rules[i]
        group.line(b.x0, y, b.x1, y, stroke=pens.ink, stroke_width=pens.thin)
    # The rules between rows: one path.
    between = [("M", [b.x0, y]) if k % 2 == 0 else ("H", [b.x1])
               for y in table.rules[2:last] for k in (0, 1)]
    if between:
        group.path(path_data(between), fill="none", stroke=pens.muted, stroke_width=pens.thin)
    head, *rows = table.rows
    for cell in head.cells:
        group.text_lines(cell.x, head.baseline, list(cell.lines), table.size, bold=True, line_height=lh,
                         class_=None, fill=pens.ink)
    step = table.line_step
    for k, first in enumerate(head.cells):
        top = rows[0].baseline if rows else head.baseline
        column = group.el("text", x=first.x, y=top, font_size=table.size, text_anchor="start", fill=pens.ink)
        for row in rows:
            cell = row.cells[k]
            for i, line in enumerate(cell.lines):
                column.tspan(line, cell.x, row.baseline + i * step)
