"""Relationship lines into one person fanned apart round the rim of the symbol.

A step of `place.route_relationships`, after the lines are routed: pure geometry on the routes.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

from ...geometry import Box, Point, bounds, closest_on_segment
from .polyline import length, point_at
from .route import Person


@dataclass
class _End:
    """One end of a relationship line on its person's rim: which line, which end, its angle
    round the symbol's centre, the angle it comes in from (of its point a little way out) and
    the line's drawn width."""

    line: int
    last: bool
    angle: float
    approach: float
    width: float


def fan_ends(routes: list[list[Point]], people: list[tuple[Person, Person]],
              widths: list[float], structure: Sequence[Sequence[Point]]) -> None:
    """Lines that reach one person at one point of the rim, set apart along it (in place).

    The router takes every line to the symbol's centre; two coming in from nearly one side (a
    curve beside a straight line) were cut at the rim within a point of each other and read as
    one line over their last stretch (the shared checker's line-overlap: a fused line on a
    distant one's last 13.5 points, into a client with three lines from one side).  Ends closer
    than their half widths and the checker's lane (2 points) move apart round the rim, about
    their middle, in the order the lines come in (so that they do not cross on the way), each
    line eased over its last stretch to its new end, as a hand-drawn genogram fans lines into a
    symbol.  A cluster whose eased lines would run along a structure line stays as it was."""
    at: dict[str, tuple[Person, list[_End]]] = {}
    for k, (route, (a, b)) in enumerate(zip(routes, people, strict=True)):
        for person, last in ((a, False), (b, True)):
            x, y = route[-1] if last else route[0]
            angle = math.atan2(y - person.y, x - person.x)
            if math.dist((x, y), _on_rim(person, angle)) > 0.75:
                continue  # not on the rim (a line carried to a drawing beside it)
            (ox, oy), _ = point_at(route[::-1] if last else route, 2 * person.half)
            at.setdefault(person.node, (person, []))[1].append(
                _End(k, last, angle, math.atan2(oy - person.y, ox - person.x), widths[k]))
    for person, ends in at.values():
        if len(ends) < 2:
            continue
        ends.sort(key=lambda e: (e.angle, e.line))
        cluster = [ends[0]]
        for end in [*ends[1:], None]:
            if end is not None and (end.angle - cluster[-1].angle) * person.half < _apart(cluster[-1], end):
                cluster.append(end)
                continue
            if len(cluster) > 1:
                _spread(routes, person, cluster, structure)
            if end is not None:
                cluster = [end]


def _apart(e: _End, f: _End) -> float:
    """How far apart round the rim two line ends must be not to read as one line."""
    return (e.width + f.width) / 2 + 2.5


def _spread(routes: list[list[Point]], person: Person, cluster: list[_End],
            structure: Sequence[Sequence[Point]]) -> None:
    """The ends of one cluster set apart round the rim about their middle, in the order their
    lines come in, each line eased to its new end over its last two half sizes (unless one of
    them would then run along a structure line)."""
    middle = sum(e.angle for e in cluster) / len(cluster)
    # the order they come in, round the middle (angles taken on the middle's side of the turn)
    cluster = sorted(cluster, key=lambda e: (math.remainder(e.approach - middle, math.tau), e.line))
    offsets = [0.0]
    for e, f in pairwise(cluster):
        offsets.append(offsets[-1] + _apart(e, f) / person.half)
    shift = middle - (offsets[0] + offsets[-1]) / 2
    over = 2 * person.half
    eased: dict[int, list[Point]] = {}
    for end, offset in zip(cluster, offsets, strict=True):
        points = list(routes[end.line][::-1] if end.last else routes[end.line])
        _ease(points, _on_rim(person, shift + offset), over)
        if _along_any(points, over, structure):
            return
        eased[end.line] = points[::-1] if end.last else points
    for k, points in eased.items():
        routes[k][:] = points  # the same list: whoever holds the route sees the new ends


def _ease(points: list[Point], to: Point, over: float) -> None:
    """Move the first point of the polyline to `to`, and the points after it within `over` of it
    (along the line) by less and less (in place)."""
    dx, dy = to[0] - points[0][0], to[1] - points[0][1]
    gone = [0.0]
    for p, q in pairwise(points):
        gone.append(gone[-1] + math.dist(p, q))
    for i, along in enumerate(gone):
        if along >= over:
            break
        f = 1.0 - along / over
        points[i] = (points[i][0] + f * dx, points[i][1] + f * dy)


def _along_any(points: list[Point], over: float, structure: Sequence[Sequence[Point]]) -> bool:
    """Whether the polyline's first stretch (`over` long) lies along a structure line: a piece
    of it within 3 points of one, both ends, nearly parallel."""
    stretch = [points[0]]
    for p in points[1:]:
        stretch.append(p)
        if length(stretch) >= over:
            break
    box = bounds([Box(x, y, x, y) for x, y in stretch]).expand(3.0)
    for line in structure:
        for a, b in pairwise(line):
            if box.overlap(Box(min(a[0], b[0]), min(a[1], b[1]), max(a[0], b[0]), max(a[1], b[1]))) < 0:
                continue
            ab = math.dist(a, b)
            for p, q in pairwise(stretch):
                pq = math.dist(p, q)
                if pq < 1.0 or ab == 0.0:
                    continue
                sine = abs((q[0] - p[0]) * (b[1] - a[1]) - (q[1] - p[1]) * (b[0] - a[0])) / (pq * ab)
                if sine < 0.3 and (_near(p, q, a, b) or _near(a, b, p, q)):
                    return True
    return False


def _near(p: Point, q: Point, a: Point, b: Point) -> bool:
    """Both ends of pq within 3 points of segment ab."""
    return math.dist(p, closest_on_segment(a, b, p)) < 3.0 and math.dist(q, closest_on_segment(a, b, q)) < 3.0


def _on_rim(person: Person, angle: float) -> Point:
    """Where a ray from the symbol's centre at `angle` leaves it (a circle, or the square a
    square or diamond is kept clear as)."""
    c, s = math.cos(angle), math.sin(angle)
    reach = person.half if person.shape == "circle" else person.half / max(abs(c), abs(s))
    return (person.x + reach * c, person.y + reach * s)
