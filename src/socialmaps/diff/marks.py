"""How a comparison marks what changed, the same in every diagram and in print.

A circle (a system, a life event, a Venn institution, a person) gets a ring round it: solid when it
is new, dotted when it changed, dashed and crossed out when it is gone.  A line (a tie) or an item
of text gets a badge: a disc with a plus (new), a diamond (changed), a ring with a cross
(removed).  Shape and line form carry the meaning; colour only repeats it (none in print).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Collection, Sequence

from ..geometry import Box
from ..lang import Words
from ..legend import LegendEntry
from ..style import Style
from ..svg import Element
from .changes import CHANGES, Change

Point = tuple[float, float]

_COLOURS = {"new": "#15803d", "changed": "#b45309", "removed": "#b91c1c"}
RING_GAP = 0.35          # em of font.size between a circle and its ring
BADGE = 0.5              # em: badge radius


def colour(style: Style, change: Change) -> str:
    if style.monochrome:
        return style.line.ink
    return style.accent(f"change-{change}", _COLOURS[change])


def ring_radius(r: float, style: Style) -> float:
    return r + RING_GAP * style.font.size


def draw_ring(parent: Element, cx: float, cy: float, r: float, change: Change, style: Style,
              inside: bool = False) -> None:
    """The ring round a circle of radius `r` (the ring itself is drawn at `ring_radius`), or just
    inside its rim (`inside`: where the circle may touch another, as Venn circles do)."""
    pen = colour(style, change)
    rr = r - RING_GAP * style.font.size if inside else ring_radius(r, style)
    width = 1.6 * style.line.width
    group = parent.g("sm-change-mark", data_mark=change)
    if change == "new":
        group.circle(cx, cy, rr, fill="none", stroke=pen, stroke_width=width)
    elif change == "changed":
        group.circle(cx, cy, rr, fill="none", stroke=pen, stroke_width=width, stroke_dasharray="1.5 2.5",
                     stroke_linecap="round")
    else:
        group.circle(cx, cy, rr, fill="none", stroke=pen, stroke_width=width, stroke_dasharray="6 3")
        d = r * math.sqrt(0.5)
        for sx in (-1, 1):
            group.line(cx - d, cy - sx * d, cx + d, cy + sx * d, stroke=pen, stroke_width=style.line.width)


def draw_badge(parent: Element, x: float, y: float, change: Change, style: Style) -> None:
    """A small badge centred at (x, y)."""
    pen = colour(style, change)
    b = BADGE * style.font.size
    arm = 0.55 * b
    group = parent.g("sm-change-mark", data_mark=change)
    if change == "new":
        group.circle(x, y, b, fill=pen, stroke=pen, stroke_width=style.line.thin)
        group.line(x - arm, y, x + arm, y, stroke=style.background, stroke_width=1.6)
        group.line(x, y - arm, x, y + arm, stroke=style.background, stroke_width=1.6)
    elif change == "changed":
        group.polygon([(x, y - 1.2 * b), (x + 1.2 * b, y), (x, y + 1.2 * b), (x - 1.2 * b, y)], fill=pen,
                      stroke=pen, stroke_width=style.line.thin)
    else:
        group.circle(x, y, b, fill=style.background, stroke=pen, stroke_width=style.line.width)
        d = arm * math.sqrt(0.5) * 1.2
        group.line(x - d, y - d, x + d, y + d, stroke=pen, stroke_width=1.4)
        group.line(x - d, y + d, x + d, y - d, stroke=pen, stroke_width=1.4)


# --------------------------------------------------------------------------- polylines

def polyline_length(points: Sequence[Point]) -> float:
    return sum(math.dist(p, q) for p, q in itertools.pairwise(points))


def point_along(points: Sequence[Point], share: float) -> tuple[Point, Point]:
    """The point `share` (0..1) of the way along a polyline, and the unit direction there."""
    target = share * polyline_length(points)
    walked = 0.0
    for p, q in itertools.pairwise(points):
        step = math.dist(p, q)
        if step > 0 and walked + step >= target:
            t = (target - walked) / step
            at = (p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1]))
            return at, ((q[0] - p[0]) / step, (q[1] - p[1]) / step)
        walked += step
    p, q = points[-2], points[-1]
    step = math.dist(p, q) or 1.0
    return q, ((q[0] - p[0]) / step, (q[1] - p[1]) / step)


def middle_stretch(points: Sequence[Point], lo: float, hi: float) -> list[Point]:
    """The part of a polyline between shares `lo` and `hi` of its length."""
    total = polyline_length(points)
    start, _ = point_along(points, lo)
    end, _ = point_along(points, hi)
    out = [start]
    walked = 0.0
    for p, q in itertools.pairwise(points):
        walked += math.dist(p, q)
        if lo * total < walked < hi * total:
            out.append(q)
    out.append(end)
    return out


def shifted(points: Sequence[Point], by: float) -> list[Point]:
    """A polyline moved sideways by `by` (left of its direction), segment by segment."""
    out = []
    for i, p in enumerate(points):
        a = points[max(0, i - 1)]
        b = points[min(len(points) - 1, i + 1)]
        dx, dy = b[0] - a[0], b[1] - a[1]
        n = math.hypot(dx, dy) or 1.0
        out.append((p[0] - dy / n * by, p[1] + dx / n * by))
    return out


# --------------------------------------------------------------------------- legend

def legend_entries(rings: Collection[Change], badges: Collection[Change], words: Words, style: Style,
                   earlier_form: bool = False) -> list[LegendEntry]:
    """One entry per change a drawing marks, in a fixed order, showing the marks it uses for it
    (`rings`: round circles, `badges`: on lines and items); `earlier_form`: also the faint line
    that shows a changed tie's earlier form."""
    entries = []
    for change in CHANGES:
        if change not in rings and change not in badges:
            continue

        def swatch(g: Element, box: Box, change: Change = change) -> None:
            cy = box.center[1]
            if change in rings:
                r = 0.32 * box.height
                cx = box.x0 + r + RING_GAP * style.font.size
                g.circle(cx, cy, r, fill=style.background, stroke=style.line.ink,
                         stroke_width=style.line.thin)
                draw_ring(g, cx, cy, r, change, style)
            if change in badges:
                draw_badge(g, box.x1 - BADGE * style.font.size * 1.2, cy, change, style)

        entries.append(LegendEntry(f"change-{change}", words[f"compare.{change}"], swatch))
    if earlier_form:
        def faint(g: Element, box: Box) -> None:
            y = box.center[1]
            g.line(box.x0, y, box.x1, y, stroke=style.line.ink, stroke_width=style.line.thick,
                   opacity=EARLIER_OPACITY)
        entries.append(LegendEntry("change-earlier", words["compare.earlier"], faint))
    return entries


EARLIER_OPACITY = 0.3
