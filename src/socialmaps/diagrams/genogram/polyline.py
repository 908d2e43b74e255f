"""Polyline geometry for the genogram's lines: lengths, points along a route, trims, offsets, zigzags, waves.

Pure geometry (points in, points or path data out); `lines` draws with it.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Sequence
from itertools import pairwise

from ...geometry import Point, closest_on_segment
from ...svg import path_data


def clean(route: Sequence[Point]) -> list[Point]:
    """The route without repeated points (they have no direction)."""
    out: list[Point] = []
    lx = ly = 0.0  # the last point kept
    for x, y in route:
        # math.hypot of the differences is math.dist of the two points, without indexing them
        if not out or math.hypot(lx - x, ly - y) > 1e-9:
            lx, ly = float(x), float(y)
            out.append((lx, ly))
    if len(out) < 2:
        raise ValueError("a line needs two distinct points")
    return out


def length(route: Sequence[Point]) -> float:
    return sum(math.dist(route[i], route[i + 1]) for i in range(len(route) - 1))


def point_at(route: Sequence[Point], distance: float) -> tuple[Point, Point]:
    """The point `distance` along the route and the unit direction there."""
    return _point_on(clean(route), distance)


class _Walker:
    """Points along one cleaned route, found by halving its running lengths (a curved route has
    many pieces, and a zigzag asks for a point per tooth)."""

    def __init__(self, pts: list[Point]) -> None:
        self.pts = pts
        self.at = [0.0]
        for p, q in pairwise(pts):
            self.at.append(self.at[-1] + math.dist(p, q))

    def __call__(self, distance: float) -> tuple[Point, Point]:
        pts, at = self.pts, self.at
        d = min(max(0.0, distance), at[-1])
        i = min(max(bisect.bisect_right(at, d) - 1, 0), len(pts) - 2)
        p, q = pts[i], pts[i + 1]
        seg = at[i + 1] - at[i]
        t = (d - at[i]) / seg if seg else 0.0
        u = ((q[0] - p[0]) / seg, (q[1] - p[1]) / seg) if seg else (1.0, 0.0)
        return (p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])), u


def _point_on(pts: list[Point], distance: float) -> tuple[Point, Point]:
    left = max(0.0, distance)
    for i in range(len(pts) - 1):
        p, q = pts[i], pts[i + 1]
        seg = math.dist(p, q)
        if left <= seg or i == len(pts) - 2:
            t = min(1.0, left / seg)
            u = ((q[0] - p[0]) / seg, (q[1] - p[1]) / seg)
            return (p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])), u
        left -= seg
    raise AssertionError("unreachable")


def trim(route: Sequence[Point], start: float = 0.0, end: float = 0.0) -> list[Point]:
    """The route shortened by `start` at its first end and `end` at its last (to stop at a symbol)."""
    pts = clean(route)
    total = length(pts)
    if start + end >= total:
        mid, _ = point_at(pts, total / 2)
        return [mid, mid]
    a, _ = point_at(pts, start)
    b, _ = point_at(pts, total - end)
    out = [a]
    walked = 0.0
    for i in range(len(pts) - 1):
        walked += math.dist(pts[i], pts[i + 1])
        if start < walked < total - end:
            out.append(pts[i + 1])
    out.append(b)
    return out


def offset(route: Sequence[Point], d: float) -> list[Point]:
    """The route moved sideways by `d` (left of the direction of travel in SVG's y-down), mitred joins."""
    pts = clean(route)
    normals = []
    for i in range(len(pts) - 1):
        (x0, y0), (x1, y1) = pts[i], pts[i + 1]
        s = math.dist(pts[i], pts[i + 1])
        normals.append(((y1 - y0) / s, -(x1 - x0) / s))
    out = [(pts[0][0] + d * normals[0][0], pts[0][1] + d * normals[0][1])]
    for i in range(1, len(pts) - 1):
        n0, n1 = normals[i - 1], normals[i]
        mx, my = n0[0] + n1[0], n0[1] + n1[1]
        m = math.hypot(mx, my)
        if m < 1e-6:  # a U-turn: no sensible mitre, keep the first normal
            mx, my, scale = n0[0], n0[1], d
        else:
            mx, my = mx / m, my / m
            cos = mx * n0[0] + my * n0[1]
            scale = d / max(cos, 0.25)  # cap the mitre on sharp turns
        out.append((pts[i][0] + scale * mx, pts[i][1] + scale * my))
    out.append((pts[-1][0] + d * normals[-1][0], pts[-1][1] + d * normals[-1][1]))
    return out


def zigzag(route: Sequence[Point], amplitude: float, wavelength: float, lead: float = 0.0,
           tail: float = 0.0, phase: int = 1) -> list[Point]:
    """A zigzag along the route: straight for `lead`/`tail` at the ends, whole teeth in between."""
    pts = clean(route)
    total = length(pts)
    body = total - lead - tail
    half = wavelength / 2
    teeth = int(body / half)
    if teeth < 2:
        return pts
    step = body / teeth
    walk = _Walker(pts)
    out = [pts[0]]
    if lead > 0:
        out.append(walk(lead)[0])
    for k in range(1, teeth):
        (x, y), (ux, uy) = walk(lead + k * step)
        sign = phase if k % 2 else -phase
        out.append((x + sign * amplitude * uy, y - sign * amplitude * ux))
    if tail > 0:
        out.append(walk(total - tail)[0])
    out.append(pts[-1])
    return out


def wave_path(route: Sequence[Point], amplitude: float, wavelength: float,
              through: Sequence[Point] = ()) -> str:
    """A smooth wave along the route (quadratic curves through alternating control points), crossing
    its axis at each point of ``through`` that lies on the route (where a line leaves it: the
    children's line of an affair starts on the wave, not beside a crest that would cross it)."""
    pts = clean(route)
    walk = _Walker(pts)
    total = walk.at[-1]
    stops = sorted({d for point in through if (d := _distance_along(walk, point)) is not None
                    and 0.0 < d < total})
    commands: list[tuple[str, Sequence[float]]] = [("M", pts[0])]
    k = 0  # (the halves alternate sides all along the route)
    for start, stop in pairwise([0.0, *stops, total]):
        halves = max(2 if not stops else 1, round((stop - start) / (wavelength / 2)))
        step = (stop - start) / halves
        for h in range(halves):
            (x, y), (ux, uy) = walk(start + (h + 0.5) * step)
            sign = 1 if k % 2 else -1
            # Control point at twice the amplitude: the curve's peak reaches the amplitude.
            ctrl = (x + sign * 2 * amplitude * uy, y - sign * 2 * amplitude * ux)
            end, _ = walk(start + (h + 1) * step)
            commands.append(("Q", (*ctrl, *end)))
            k += 1
    return path_data(commands)


def _distance_along(walk: _Walker, point: Point) -> float | None:
    """How far along the walker's route ``point`` lies (within a hundredth of a unit), or None."""
    for i, (p, q) in enumerate(pairwise(walk.pts)):
        foot = closest_on_segment(p, q, point)
        if math.dist(foot, point) < 0.01:
            return walk.at[i] + math.dist(p, foot)
    return None


def arrow_head(tip: Point, direction: Point, size: float) -> list[Point]:
    """A triangle pointing along `direction` with its point at `tip`."""
    ux, uy = direction
    base = (tip[0] - size * ux, tip[1] - size * uy)
    w = 0.45 * size
    return [tip, (base[0] - w * uy, base[1] + w * ux), (base[0] + w * uy, base[1] - w * ux)]
