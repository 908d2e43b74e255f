"""A genogram symbol's outline: the square, circle or diamond every person, loss and legend swatch
is drawn as (`symbols` draws the rest of a person around it)."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from ...geometry import Point
from ...svg import Element, fmt, points_attr, written

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
