"""Plain geometry shared by every layout: boxes, segments, circles.

Layouts produce these dataclasses; drawings read them.  Nothing here knows
about SVG or about the case file.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

Point = tuple[float, float]


@dataclass(frozen=True, init=False)
class Box:
    x0: float
    y0: float
    x1: float
    y1: float

    def __init__(self, x0: float, y0: float, x1: float, y1: float) -> None:
        # The generated __init__ of a frozen dataclass sets each field through object.__setattr__;
        # filling the instance dict at once makes a box in about two thirds of the time (a drawing
        # makes thousands).  Same fields, same values: eq, hash, repr and replace() are unchanged.
        self.__dict__.update(x0=x0, y0=y0, x1=x1, y1=y1)

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    @property
    def height(self) -> float:
        return self.y1 - self.y0

    @property
    def center(self) -> Point:
        return ((self.x0 + self.x1) / 2, (self.y0 + self.y1) / 2)

    def union(self, other: Box) -> Box:
        return Box(min(self.x0, other.x0), min(self.y0, other.y0),
                   max(self.x1, other.x1), max(self.y1, other.y1))

    def expand(self, by: float) -> Box:
        return Box(self.x0 - by, self.y0 - by, self.x1 + by, self.y1 + by)

    def shift(self, dx: float, dy: float) -> Box:
        return Box(self.x0 + dx, self.y0 + dy, self.x1 + dx, self.y1 + dy)

    def overlap(self, other: Box) -> float:
        """Depth of overlap (the smaller of the x and y overlaps); <= 0 when apart."""
        return min(min(self.x1, other.x1) - max(self.x0, other.x0),
                   min(self.y1, other.y1) - max(self.y0, other.y0))

    def intersects(self, other: Box, margin: float = 0.0) -> bool:
        return self.overlap(other) > -margin

    def contains(self, other: Box, tolerance: float = 1e-6) -> bool:
        return (self.x0 - tolerance <= other.x0 and self.y0 - tolerance <= other.y0
                and other.x1 <= self.x1 + tolerance and other.y1 <= self.y1 + tolerance)

    def contains_point(self, p: Point) -> bool:
        return self.x0 <= p[0] <= self.x1 and self.y0 <= p[1] <= self.y1


def bounds(boxes: list[Box]) -> Box:
    """The smallest box around all given boxes (an empty list gives a zero box)."""
    if not boxes:
        return Box(0, 0, 0, 0)
    if len(boxes) == 1:
        return boxes[0]
    if len(boxes) == 2:  # (a person's symbol and name): as below, without the four lists
        a, b = boxes
        return Box(min(a.x0, b.x0), min(a.y0, b.y0), max(a.x1, b.x1), max(a.y1, b.y1))
    # One pass per side instead of a Box per `union` (a drawing's extent takes thousands of boxes).
    # Like min(a, b) and max(a, b) in `union`, min() and max() keep the first of equal values,
    # so the result is the pairwise union's, value for value.
    return Box(min([b.x0 for b in boxes]), min([b.y0 for b in boxes]),
               max([b.x1 for b in boxes]), max([b.y1 for b in boxes]))


@dataclass(frozen=True)
class Circle:
    cx: float
    cy: float
    r: float

    @property
    def box(self) -> Box:
        return Box(self.cx - self.r, self.cy - self.r, self.cx + self.r, self.cy + self.r)

    def gap(self, other: Circle) -> float:
        """Distance between the two rims; negative when they overlap."""
        return math.hypot(self.cx - other.cx, self.cy - other.cy) - self.r - other.r


def distance(p: Point, q: Point) -> float:
    return math.hypot(p[0] - q[0], p[1] - q[1])


def closest_on_segment(p: Point, q: Point, c: Point) -> Point:
    dx, dy = q[0] - p[0], q[1] - p[1]
    length2 = dx * dx + dy * dy
    if length2 == 0:
        return p
    t = max(0.0, min(1.0, ((c[0] - p[0]) * dx + (c[1] - p[1]) * dy) / length2))
    return (p[0] + t * dx, p[1] + t * dy)


def segment_circle_depth(p: Point, q: Point, circle: Circle) -> float:
    """How deep a segment runs into a circle (r minus the closest distance); <= 0 when it misses."""
    return circle.r - distance(closest_on_segment(p, q, (circle.cx, circle.cy)), (circle.cx, circle.cy))


def segments_cross(p1: Point, p2: Point, q1: Point, q2: Point, eps: float = 1e-9) -> bool:
    """True when two segments cross properly (touching ends or collinear overlap is not a crossing)."""
    def orient(a: Point, b: Point, c: Point) -> float:
        return (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])

    d1, d2 = orient(q1, q2, p1), orient(q1, q2, p2)
    d3, d4 = orient(p1, p2, q1), orient(p1, p2, q2)
    return ((d1 > eps and d2 < -eps) or (d1 < -eps and d2 > eps)) and \
        ((d3 > eps and d4 < -eps) or (d3 < -eps and d4 > eps))


def segment_box_hits(p: Point, q: Point, box: Box) -> bool:
    """Whether a segment passes through the inside of a box (Liang–Barsky clipping)."""
    dx, dy = q[0] - p[0], q[1] - p[1]
    t0, t1 = 0.0, 1.0
    for edge_p, edge_q in ((-dx, p[0] - box.x0), (dx, box.x1 - p[0]),
                           (-dy, p[1] - box.y0), (dy, box.y1 - p[1])):
        if edge_p == 0:
            if edge_q < 0:
                return False
            continue
        t = edge_q / edge_p
        if edge_p < 0:
            t0 = max(t0, t)
        else:
            t1 = min(t1, t)
        if t0 > t1:
            return False
    return True


def point_box_distance(p: Point, box: Box) -> float:
    """Distance from a point to the nearest point of a box (0 inside or on its edge)."""
    dx = max(box.x0 - p[0], 0.0, p[0] - box.x1)
    dy = max(box.y0 - p[1], 0.0, p[1] - box.y1)
    return math.hypot(dx, dy)


def isotonic(values: Sequence[float], weights: Sequence[float] | None = None) -> list[float]:
    """The nondecreasing sequence nearest `values` in (weighted) least squares: adjacent violators
    pooled into blocks at their weighted mean (every weight 1 when none are given)."""
    blocks: list[list[float]] = []  # [weighted sum, weight, count]
    for i, v in enumerate(values):
        w = 1.0 if weights is None else weights[i]
        blocks.append([v * w, w, 1.0])
        while len(blocks) > 1 and blocks[-2][0] / blocks[-2][1] > blocks[-1][0] / blocks[-1][1]:
            total, weight, count = blocks.pop()
            blocks[-1][0] += total
            blocks[-1][1] += weight
            blocks[-1][2] += count
    out: list[float] = []
    for total, weight, count in blocks:
        out.extend([total / weight] * int(count))
    return out


def subdivided(pts: Sequence[Point], step: float) -> list[Point]:
    """The polyline with points added so that no piece is much longer than `step`."""
    out: list[Point] = [pts[0]]
    for p, q in pairwise(pts):
        n = max(1, int(math.dist(p, q) / step))
        out += [(p[0] + (q[0] - p[0]) * i / n, p[1] + (q[1] - p[1]) * i / n) for i in range(1, n + 1)]
    return out


def distance_to_segment(p: Point, a: Point, b: Point) -> float:
    """The distance from p to segment ab: `distance(closest_on_segment(a, b, p), p)` in one step (the
    router's measure; the two round differently in the last bit, and the router's choices stay its own)."""
    dx, dy = b[0] - a[0], b[1] - a[1]
    n2 = dx * dx + dy * dy
    t = 0.0 if n2 == 0 else max(0.0, min(1.0, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / n2))
    return math.hypot(p[0] - a[0] - t * dx, p[1] - a[1] - t * dy)


def bezier(ctrl: Sequence[Point], t: float) -> Point:
    """A point of the quadratic or cubic Bézier curve with these control points."""
    u = 1.0 - t
    if len(ctrl) == 3:
        (x0, y0), (x1, y1), (x2, y2) = ctrl
        a, b, c = u * u, 2 * u * t, t * t
        return (a * x0 + b * x1 + c * x2, a * y0 + b * y1 + c * y2)
    (x0, y0), (x1, y1), (x2, y2), (x3, y3) = ctrl
    a, b, c, d = u * u * u, 3 * u * u * t, 3 * u * t * t, t * t * t
    return (a * x0 + b * x1 + c * x2 + d * x3, a * y0 + b * y1 + c * y2 + d * y3)


def smoothed(pts: list[Point], rounds: int = 3) -> list[Point]:
    """The polygon with its corners cut (Chaikin), ends kept: a path of gentle turns."""
    for _ in range(rounds):
        out = [pts[0]]
        for p, q in pairwise(pts):
            out += [(0.75 * p[0] + 0.25 * q[0], 0.75 * p[1] + 0.25 * q[1]),
                    (0.25 * p[0] + 0.75 * q[0], 0.25 * p[1] + 0.75 * q[1])]
        out.append(pts[-1])
        pts = out
    return pts
