"""A genogram symbol's shape: the square, circle or diamond every person, loss and legend swatch
is drawn as, its quarters (which conditions fill) and the lines that hatch them (`symbols` draws
the rest of a person around it)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

from ...geometry import Point
from ...svg import Element, fmt, path_data, points_attr, written

if TYPE_CHECKING:
    from .symbols import Shape


def outline_points(shape: Shape, cx: float, cy: float, h: float) -> list[Point]:
    """The outline as a polygon (a circle as 48 points), for clipping patterns."""
    if shape == "square":
        return [(cx - h, cy - h), (cx + h, cy - h), (cx + h, cy + h), (cx - h, cy + h)]
    if shape == "diamond":
        return [(cx, cy - h), (cx + h, cy), (cx, cy + h), (cx - h, cy)]
    return [(cx + h * math.cos(2 * math.pi * i / 48), cy + h * math.sin(2 * math.pi * i / 48))
            for i in range(48)]


def draw_outline(parent: Element, shape: Shape, cx: float, cy: float, h: float, *, fill: str,
                 stroke: str, width: float, **attrs: str | float | None) -> None:
    if not attrs:  # (every person's outline)
        parent.add_written(outline_markup(shape, cx, cy, h, fill=fill, stroke=stroke, width=width))
    elif shape == "square":
        parent.rect(cx - h, cy - h, 2 * h, 2 * h, fill=fill, stroke=stroke, stroke_width=width, **attrs)
    elif shape == "circle":
        parent.circle(cx, cy, h, fill=fill, stroke=stroke, stroke_width=width, **attrs)
    else:
        parent.polygon(outline_points("diamond", cx, cy, h), fill=fill, stroke=stroke, stroke_width=width,
                       stroke_linejoin="miter", **attrs)


def outline_markup(shape: Shape, cx: float, cy: float, h: float, *, fill: str, stroke: str, width: float
                   ) -> str:
    """The outline as `draw_outline` draws it without attributes of its own, as markup for
    `Element.add_written`: the look written once, the geometry as rect/circle/polygon write it."""
    look = (shape, fill, stroke, width)
    written_as = _OUTLINE_LOOKS.get(look)
    if written_as is None:
        extra = {"stroke_linejoin": "miter"} if shape not in ("square", "circle") else {}
        written_as = _OUTLINE_LOOKS[look] = written(fill=fill, stroke=stroke, stroke_width=width, **extra)
    if shape == "square":
        side = fmt(2 * h)
        return f'<rect x="{fmt(cx - h)}" y="{fmt(cy - h)}" width="{side}" height="{side}"{written_as}/>'
    if shape == "circle":
        return f'<circle cx="{fmt(cx)}" cy="{fmt(cy)}" r="{fmt(h)}"{written_as}/>'
    return f'<polygon points="{points_attr(outline_points("diamond", cx, cy, h))}"{written_as}/>'


# (shape, fill, stroke, line width) -> an outline's attributes, as written
_OUTLINE_LOOKS: dict[tuple[str, str, str, float], str] = {}


def quadrant_points(shape: Shape, cx: float, cy: float, h: float, sx: int, sy: int) -> list[Point]:
    """One quarter of the symbol (centre, then along the rim), as a convex polygon."""
    if shape == "square":
        return [(cx, cy), (cx + sx * h, cy), (cx + sx * h, cy + sy * h), (cx, cy + sy * h)]
    if shape == "diamond":
        return [(cx, cy), (cx + sx * h, cy), (cx, cy + sy * h)]
    a0 = math.atan2(0, sx)
    a1 = math.atan2(sy, 0)
    # Sweep the short way from the horizontal to the vertical radius.
    sweep = (a1 - a0 + math.pi) % (2 * math.pi) - math.pi
    angles = [a0 + sweep * i / 12 for i in range(13)]
    arc = [(cx + h * math.cos(a), cy + h * math.sin(a)) for a in angles]
    return [(cx, cy), *arc]


def quadrant_path(shape: Shape, cx: float, cy: float, h: float, sx: int, sy: int) -> str:
    if shape != "circle":
        pts = quadrant_points(shape, cx, cy, h, sx, sy)
        return path_data([("M", pts[0]), *[("L", p) for p in pts[1:]], ("Z", ())])
    # The exact arc: the sweep flag follows the turn from the horizontal to the vertical radius.
    sweep = 1 if sx * sy > 0 else 0
    return path_data([("M", (cx, cy)), ("L", (cx + sx * h, cy)),
                      ("A", (h, h, 0, 0, sweep, cx, cy + sy * h)), ("Z", ())])


def _clip_line(poly: Sequence[Point], normal: Point, t: float) -> tuple[Point, Point] | None:
    """Where the line {p : p·normal = t} crosses a convex polygon, or None."""
    hits: list[Point] = []
    n = len(poly)
    for i in range(n):
        p, q = poly[i], poly[(i + 1) % n]
        dp = p[0] * normal[0] + p[1] * normal[1] - t
        dq = q[0] * normal[0] + q[1] * normal[1] - t
        if (dp <= 0 < dq) or (dq <= 0 < dp):
            s = dp / (dp - dq)
            hits.append((p[0] + s * (q[0] - p[0]), p[1] + s * (q[1] - p[1])))
    if len(hits) < 2:
        return None
    # Extreme points along the line direction (a convex polygon gives exactly two, bar rounding).
    direction = (-normal[1], normal[0])
    hits.sort(key=lambda h: h[0] * direction[0] + h[1] * direction[1])
    return hits[0], hits[-1]


def pattern_path(poly: Sequence[Point], normal: Point, spacing: float) -> str:
    """Parallel lines `spacing` apart across a convex polygon, as one open path (no fill)."""
    dots = [p[0] * normal[0] + p[1] * normal[1] for p in poly]
    lo, hi = min(dots), max(dots)
    count = max(1, int((hi - lo) / spacing))
    # Centre the lines in the region so the pattern looks the same at every position.
    start = lo + ((hi - lo) - (count - 1) * spacing) / 2 if count > 1 else (lo + hi) / 2
    commands: list[tuple[str, Sequence[float]]] = []
    for i in range(count):
        seg = _clip_line(poly, normal, start + i * spacing)
        if seg:
            commands += [("M", seg[0]), ("L", seg[1])]
    return path_data(commands)
