"""Life road map drawing: the road (`sm-road`), the wave (`sm-wave`), one
`sm-event` per event (leader, marker, label), hopes, the time axis, the legend.

Good and bad events differ in shape (circle / diamond) as well as colour, so
the print style keeps the meaning; hopes are stars on the dashed section.
"""

from __future__ import annotations

import math

from ...drawing import Context, Drawing
from ...geometry import Box
from ...legend import SwatchDrawer, draw_legend, with_swatches
from ...style import Pens as StylePens
from ...style import Style
from ...svg import Element, SvgDocument, path_data
from .layout import Axis, LifemapLayout, Mark, Segment, ValenceScale


def when_attr(when: float) -> str:
    """data-when: the decimal year cut (not rounded) to 4 places, so it stays inside its year."""
    return f"{math.floor(when * 10000) / 10000:.4f}".rstrip("0").rstrip(".")


def wave_path(segments: tuple[Segment, ...] | list[Segment]) -> str:
    if not segments:
        return ""
    commands: list[tuple[str, list[float]]] = [("M", [segments[0].x0, segments[0].y0])]
    for seg in segments:
        c1, c2, end = seg.bezier()
        commands.append(("C", [*c1, *c2, *end]))
    return path_data(commands)


def star(cx: float, cy: float, r: float) -> list[tuple[float, float]]:
    points = []
    for k in range(10):
        radius = r if k % 2 == 0 else 0.45 * r
        angle = -math.pi / 2 + k * math.pi / 5
        points.append((cx + radius * math.cos(angle), cy + radius * math.sin(angle)))
    return points


def diamond(cx: float, cy: float, r: float) -> list[tuple[float, float]]:
    return [(cx, cy - r), (cx + r, cy), (cx, cy + r), (cx - r, cy)]


class Pens(StylePens):
    """The style's pens and the road's, the wave's and the marks' own."""

    def __init__(self, style: Style) -> None:
        super().__init__(style)
        self.good = style.accent("good")
        self.bad = style.accent("bad")
        self.road = str(style.get("lifemap.road", style.line.muted))
        self.marking = str(style.get("lifemap.road_marking", style.background))
        self.wave = str(style.get("lifemap.wave", style.line.ink))
        self.wave_width = 1.6 * style.line.width
        self.hope = str(style.get("lifemap.hope", style.background))
        self.future = str(style.get("lifemap.future", style.background))


def marker(parent: Element, good: bool, x: float, y: float, r: float, pens: Pens) -> None:
    if good:
        parent.circle(x, y, r, fill=pens.good, stroke=pens.paper, stroke_width=pens.thin)
    else:
        # A diamond of the same area reads as "the other kind" without colour.
        parent.polygon(diamond(x, y, r * 1.25), fill=pens.bad, stroke=pens.paper, stroke_width=pens.thin)


def draw_mark(parent: Element, mark: Mark, lay: LifemapLayout, pens: Pens, hope: bool) -> None:
    r = lay.marker_r
    colour = pens.good if mark.good else pens.bad
    start = mark.y - r if mark.good else mark.y + r
    parent.line(mark.x, start, mark.x, mark.pole_end, stroke=colour, stroke_width=pens.thin)
    if hope:
        parent.polygon(star(mark.x, mark.y, 1.5 * r), fill=pens.hope, stroke=pens.good,
                       stroke_width=pens.thin)
    else:
        marker(parent, mark.good, mark.x, mark.y, r, pens)
    fills = {"when": colour, "title": pens.ink, "note": pens.muted}
    for run in mark.label.runs:
        run.draw(parent, fills[run.role])


def draw_break(group: Element, a: float, b: float, y: float, half: float, pens: Pens, fill: str) -> None:
    """Two parallel slashes over [a, b] at height y, `half` above and below: years left out."""
    lean = 0.45 * half
    if fill != "none":
        gap = [(a - lean, y + half), (a + lean, y - half), (b + lean, y - half), (b - lean, y + half)]
        group.polygon(gap, fill=fill, stroke="none")
    for x in (a, b):
        group.line(x - lean, y + half, x + lean, y - half, stroke=pens.muted, stroke_width=1.5 * pens.thin)


def draw_axis_line(group: Element, axis: Axis, pens: Pens) -> None:
    """The time axis, interrupted by a pair of slashes where empty years are left out."""
    x = axis.x0
    for a, b in axis.breaks:
        group.line(x, axis.y, a, axis.y, stroke=pens.muted, stroke_width=pens.thin)
        draw_break(group.g("sm-axis-break"), a, b, axis.y, 1.6 * axis.tick, pens, "none")
        x = b
    group.line(x, axis.y, axis.x1, axis.y, stroke=pens.muted, stroke_width=pens.thin)


def draw_valence_scale(group: Element, scale: ValenceScale, pens: Pens) -> None:
    """The −5 … +5 rule left of the road: how high the wave stands is read on it."""
    ys = [y for _, y in scale.steps]
    group.line(scale.x, min(ys), scale.x, max(ys), stroke=pens.muted, stroke_width=pens.thin)
    for value, y in scale.steps:
        length = 2 * scale.tick if value % 5 == 0 else scale.tick
        group.line(scale.x - length, y, scale.x, y, stroke=pens.muted, stroke_width=pens.thin)
    for item in scale.texts:
        group.text_lines(item.x, item.baseline, [item.text], scale.size, anchor=item.anchor, class_=None,
                         fill=pens.muted)


def swatches(lay: LifemapLayout, pens: Pens) -> dict[str, SwatchDrawer]:
    """How each legend entry's swatch is drawn, by its key (lifemap/legend.py)."""
    r = lay.marker_r

    def good(g: Element, box: Box) -> None:
        marker(g, True, box.center[0], box.center[1], r, pens)

    def bad(g: Element, box: Box) -> None:
        marker(g, False, box.center[0], box.center[1], r, pens)

    def road(g: Element, box: Box) -> None:
        y = box.center[1]
        g.line(box.x0, y, box.x1, y, stroke=pens.road, stroke_width=lay.road_width)
        g.line(box.x0, y, box.x1, y, stroke=pens.marking, stroke_width=pens.thin, stroke_dasharray="4 3")

    def wave(g: Element, box: Box) -> None:
        x0, y0, x1, y1 = box.x0, box.y0, box.x1, box.y1
        g.path(path_data([("M", [x0, y1]), ("C", [x0 + box.width / 2, y1, x1 - box.width / 2, y0, x1, y0])]),
               fill="none", stroke=pens.wave, stroke_width=pens.wave_width)

    def hopes(g: Element, box: Box) -> None:
        y = box.center[1]
        g.line(box.x0, y, box.x1 - 1.6 * r, y, stroke=pens.wave, stroke_width=pens.wave_width,
               stroke_dasharray="5 4")
        g.polygon(star(box.x1 - 1.5 * r, y, 1.5 * r), fill=pens.hope, stroke=pens.good,
                  stroke_width=pens.thin)

    def scale(g: Element, box: Box) -> None:
        x = box.x0 + 0.5 * box.width
        g.line(x, box.y0, x, box.y1, stroke=pens.muted, stroke_width=pens.thin)
        for k in range(5):
            y = box.y0 + k * box.height / 4
            length = (0.5 if k % 2 else 1) * box.height / 3
            g.line(x - length, y, x, y, stroke=pens.muted, stroke_width=pens.thin)

    def skipped(g: Element, box: Box) -> None:
        y = box.center[1]
        a, b = box.x0 + 0.42 * box.width, box.x0 + 0.58 * box.width
        g.line(box.x0, y, a, y, stroke=pens.muted, stroke_width=pens.thin)
        g.line(b, y, box.x1, y, stroke=pens.muted, stroke_width=pens.thin)
        draw_break(g, a, b, y, 0.4 * box.height, pens, "none")

    return {"good": good, "bad": bad, "wave": wave, "scale": scale, "break": skipped, "road": road,
            "hopes": hopes}


def description(ctx: Context, lay: LifemapLayout) -> str:
    words = ctx.words
    hopes = words.format("lifemap.desc_hopes", count=len(lay.hopes)) if lay.hopes else ""
    return words.format("lifemap.desc", name=ctx.subject_name(), start=math.floor(lay.start),
                        end=math.floor(lay.now), good=sum(m.good for m in lay.events),
                        bad=sum(not m.good for m in lay.events), hopes=hopes)


def draw(ctx: Context, lay: LifemapLayout) -> Drawing:
    style = ctx.style
    pens = Pens(style)
    legend = with_swatches(lay.legend, swatches(lay, pens)) if lay.legend else None
    bottom = legend.box.y1 if legend else lay.content_bottom
    width = max(lay.width, (legend.box.x1 + lay.margin) if legend else 0.0)
    doc = SvgDocument("lifemap", ctx.case.case.id, width, bottom + lay.margin, ctx.caption("lifemap"),
                      description(ctx, lay), background=style.background)

    # The future (past "now"), lightly shaded behind the hopes.
    if lay.hopes:
        x_now = lay.axis.x1
        doc.g("sm-future").rect(x_now, lay.margin / 2, lay.road_x1 - x_now, lay.axis.y - lay.margin / 2,
                                fill=pens.future, stroke="none")

    road = doc.part("sm-road")
    road.path(path_data([("M", [lay.road_x0, lay.road_y]), ("L", [lay.road_x1, lay.road_y])]),
              fill="none", stroke=pens.road, stroke_width=lay.road_width, stroke_linecap="round")
    doc.g("sm-road-marking").line(lay.road_x0, lay.road_y, lay.road_x1, lay.road_y, stroke=pens.marking,
                                  stroke_width=pens.thin, stroke_dasharray="6 5")

    axis = lay.axis
    group = doc.g("sm-axis")
    draw_axis_line(group, axis, pens)
    for x in axis.ticks:
        group.line(x, axis.y - axis.tick, x, axis.y + axis.tick, stroke=pens.muted, stroke_width=pens.thin)
    for a, b in axis.breaks:
        # The road skips the same years: a pair of slashes across it says so there too.
        draw_break(doc.g("sm-road-break"), a, b, lay.road_y, 1.2 * lay.road_width, pens, pens.paper)
    if lay.scale is not None:
        draw_valence_scale(doc.g("sm-valence-scale"), lay.scale, pens)
    t = axis.tick
    now = [(axis.now_x, axis.y), (axis.now_x - t, axis.y - 1.6 * t), (axis.now_x + t, axis.y - 1.6 * t)]
    group.polygon(now, fill=pens.ink, stroke="none")
    for item in axis.texts:
        group.text_lines(item.x, item.baseline, [item.text], axis.size, anchor=item.anchor, class_=None,
                         fill=pens.muted)

    wave = doc.part("sm-wave")
    wave.path(wave_path(lay.wave), fill="none", stroke=pens.wave, stroke_width=pens.wave_width,
              stroke_linecap="round")
    if lay.hope_wave:
        wave.path(wave_path(lay.hope_wave), fill="none", stroke=pens.wave, stroke_width=pens.wave_width,
                  stroke_dasharray="6 5")

    for mark in lay.events:
        event = doc.part("sm-event", when=when_attr(mark.when or 0.0), valence=mark.valence, event=mark.index)
        draw_mark(event, mark, lay, pens, hope=False)
    for mark in lay.hopes:
        draw_mark(doc.part("sm-hope", hope=mark.index), mark, lay, pens, hope=True)

    if legend:
        draw_legend(doc.body, legend, ctx.words, style)
    return Drawing("lifemap", doc.to_string(), doc.width, doc.height)
