"""Polyline and end-shape geometry for ecomap ties (pure math, no SVG).

The core `geometry.py` has segment/circle tests but nothing for walking along a
polyline, offsetting it, or finding where a ray leaves a person symbol; these
live here so the ecomap layout and drawing share one definition.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from ...geometry import (
    Box,
    Circle,
    Point,
    closest_on_segment,
    distance,
    point_box_distance,
    segment_box_hits,
    segment_circle_depth,
)


@dataclass(frozen=True)
class EndShape:
    """The outline a tie end is clipped to: a circle, or a person's square/diamond."""

    kind: str  # circle | square | diamond
    cx: float
    cy: float
    half: float  # radius, half side, or half diagonal

    def polygon(self) -> list[Point]:
        h, x, y = self.half, self.cx, self.cy
        if self.kind == "square":
            return [(x - h, y - h), (x + h, y - h), (x + h, y + h), (x - h, y + h)]
        return [(x, y - h), (x + h, y), (x, y + h), (x - h, y)]

    def exit(self, p: Point, d: Point) -> Point:
        """Where a ray from `p` (inside the shape) along unit vector `d` leaves it."""
        if self.kind == "circle":
            t = _ray_circle(p, d, (self.cx, self.cy), self.half)
        else:
            t = _ray_polygon(p, d, self.polygon())
        return (p[0] + t * d[0], p[1] + t * d[1])


def _ray_circle(p: Point, d: Point, c: Point, r: float) -> float:
    fx, fy = p[0] - c[0], p[1] - c[1]
    b = fx * d[0] + fy * d[1]
    cc = fx * fx + fy * fy - r * r
    disc = b * b - cc
    return max(0.0, -b + math.sqrt(max(0.0, disc)))


def _ray_polygon(p: Point, d: Point, verts: Sequence[Point]) -> float:
    best = 0.0
    for i, a in enumerate(verts):
        b = verts[(i + 1) % len(verts)]
        ex, ey = b[0] - a[0], b[1] - a[1]
        den = d[0] * ey - d[1] * ex
        if abs(den) < 1e-12:
            continue
        t = ((a[0] - p[0]) * ey - (a[1] - p[1]) * ex) / den
        u = ((a[0] - p[0]) * d[1] - (a[1] - p[1]) * d[0]) / den
        if t >= 0 and -1e-9 <= u <= 1 + 1e-9:
            best = max(best, t)
    return best


def unit(p: Point, q: Point) -> Point:
    dx, dy = q[0] - p[0], q[1] - p[1]
    n = math.hypot(dx, dy) or 1.0
    return (dx / n, dy / n)


def normal(d: Point) -> Point:
    return (-d[1], d[0])


def length(points: Sequence[Point]) -> float:
    return sum(distance(points[i], points[i + 1]) for i in range(len(points) - 1))


def point_at(points: Sequence[Point], s: float) -> tuple[Point, Point]:
    """The point at arc length `s` (clamped) and the unit tangent there."""
    s = max(0.0, s)
    for i in range(len(points) - 1):
        a, b = points[i], points[i + 1]
        seg = distance(a, b)
        if s <= seg or i == len(points) - 2:
            t = 0.0 if seg == 0 else min(1.0, s / seg)
            return (a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])), unit(a, b)
        s -= seg
    return points[-1], (1.0, 0.0)


def cut(points: Sequence[Point], s0: float, s1: float) -> list[Point]:
    """The piece of a polyline between arc lengths s0 and s1."""
    out: list[Point] = [point_at(points, s0)[0]]
    walked = 0.0
    for i in range(len(points) - 1):
        walked += distance(points[i], points[i + 1])
        if s0 < walked < s1:
            out.append(points[i + 1])
    out.append(point_at(points, s1)[0])
    return out


def offset(points: Sequence[Point], d: float) -> list[Point]:
    """A parallel polyline at signed distance d (mitred joints, limited)."""
    if d == 0 or len(points) < 2:
        return list(points)
    normals = [normal(unit(points[i], points[i + 1])) for i in range(len(points) - 1)]
    out = []
    for i, p in enumerate(points):
        if i == 0:
            n = normals[0]
        elif i == len(points) - 1:
            n = normals[-1]
        else:
            a, b = normals[i - 1], normals[i]
            mx, my = a[0] + b[0], a[1] + b[1]
            m = math.hypot(mx, my)
            if m < 1e-6:
                n = a
            else:
                mx, my = mx / m, my / m
                scale = 1.0 / max(0.5, mx * a[0] + my * a[1])
                n = (mx * scale, my * scale)
        out.append((p[0] + d * n[0], p[1] + d * n[1]))
    return out


def clip_ends(points: Sequence[Point], start: EndShape | None, end: EndShape | None) -> list[Point]:
    """Trim a centre-to-centre polyline so it runs from edge to edge of its end shapes."""
    pts = list(points)
    if start is not None:
        pts[0] = start.exit(pts[0], unit(pts[0], pts[1]))
    if end is not None:
        pts[-1] = end.exit(pts[-1], unit(pts[-1], pts[-2]))
    return pts


def depth_in_circle(points: Sequence[Point], c: Point, r: float) -> float:
    """How deep the polyline runs into a circle (<= 0: it stays out)."""
    circle = Circle(c[0], c[1], r)
    return max((segment_circle_depth(points[i], points[i + 1], circle) for i in range(len(points) - 1)),
               default=-math.inf)


def polyline_hits_box(points: Sequence[Point], box: Box) -> bool:
    return any(segment_box_hits(points[i], points[i + 1], box) for i in range(len(points) - 1))


def support(d: Point, w: float, h: float) -> float:
    """Half extent of a w x h box along unit direction d."""
    return abs(d[0]) * w / 2 + abs(d[1]) * h / 2


def segment_box_distance(p: Point, q: Point, box: Box) -> float:
    if segment_box_hits(p, q, box) or box.contains_point(p) or box.contains_point(q):
        return 0.0
    corners = ((box.x0, box.y0), (box.x1, box.y0), (box.x1, box.y1), (box.x0, box.y1))
    # Outside and not crossing: the closest pair has an end of the segment or a corner of the box.
    ends = min(point_box_distance(p, box), point_box_distance(q, box))
    return min(ends, min(distance(c, closest_on_segment(p, q, c)) for c in corners))


def polyline_box_distance(points: Sequence[Point], box: Box, below: float = math.inf) -> float:
    """The shortest distance between a polyline and a box (0 when it touches or crosses it).

    `below`: only a distance under it is wanted (the nearest of several lines so far): the result
    is min(distance, below), and segments that cannot come under it are not measured."""
    best = below
    for i in range(len(points) - 1):
        p, q = points[i], points[i + 1]
        # The gap between the segment's own box and `box` is a lower bound of their distance:
        # a segment that cannot come nearer than the best so far is not measured (notes ask
        # this of every tie near every spot they try, and most segments of a curve are far).
        gap_x = max(min(p[0], q[0]) - box.x1, box.x0 - max(p[0], q[0]))
        gap_y = max(min(p[1], q[1]) - box.y1, box.y0 - max(p[1], q[1]))
        if max(gap_x, gap_y) > best + 1e-9:
            continue
        best = min(best, segment_box_distance(p, q, box))
    return best
