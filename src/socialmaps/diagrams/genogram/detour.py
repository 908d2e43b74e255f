"""A relationship line round a crowded part of the genogram: the cheapest path over a lattice.

The router's candidates (straight lines, bows, S-curves, paths along the gaps between rows) are
smooth shapes round the straight line.  In a crowded family none of them may keep clear of every
name: the gap a line must take is a turn or two away.  This module finds such a path over the
points of a square lattice.  A point inside a symbol or a label is closed; a point near other lines
is open, but a step onto a line costs a crossing, and a step along a line it lies on is barred
(a relationship line never runs along another line).  The path is then pulled straight between
the points where it must turn, so the router can smooth it like its other candidates.

Pure geometry: what is closed, what lines lie near a point and whether a straight piece is clear
are the router's answers, passed in.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import pairwise

from ...geometry import Box, Point, closest_on_segment, distance

# A step parallel to a line it stays near (the sine of the angle between them below this) runs along it.
_PARALLEL_SINE = 0.5
# The 8 moves of the lattice, in a fixed order (determinism: ties are broken by the order pushed).
_MOVES = tuple((dx, dy, math.hypot(dx, dy))
               for dx, dy in ((1, 0), (-1, 0), (0, 1), (0, -1), (1, 1), (1, -1), (-1, 1), (-1, -1)))
CLOSED = -1.0


@dataclass(frozen=True)
class Obstacle:
    """A region no path point may lie in: a box, and within it an exact test (a symbol's shape)."""

    box: Box
    inside: Callable[[float, float], bool] | None = None


@dataclass(frozen=True)
class Drawn:
    """A straight piece of a line already drawn: a path may cross it but never run along it.
    Within `reach` of it a point lies on it; inside the `excused` circles (x, y, r) it is no
    obstacle (lines meeting at one of the path's ends)."""

    a: Point
    b: Point
    reach: float
    direction: tuple[float, float]
    excused: tuple[tuple[float, float, float], ...] = ()


@dataclass(frozen=True)
class LatticeQuery:
    """What the search avoids, and its bounds."""

    step: float                            # lattice spacing
    reach: float                           # a point w is used only if |aw| + |wb| <= reach
    obstacles: Sequence[Obstacle]          # symbols and labels, grown by the clearance kept
    drawn: Sequence[Drawn]                 # lines drawn before
    clear: Callable[[Point, Point], bool]  # a straight piece enters no symbol or label, runs along no line
    crossing: float                        # the cost of stepping onto a line
    limit: int                             # lattice points looked at, at most


def lattice_path(a: Point, b: Point, q: LatticeQuery) -> list[Point] | None:
    """The cheapest path from a to b over the open lattice points, pulled straight where it can
    be: a polyline with a point where the path must turn.  None when the search runs out of its
    `limit` or finds no way."""
    s = q.step
    start = (round(a[0] / s), round(a[1] / s))
    goal = (round(b[0] / s), round(b[1] / s))
    closed = _closed(q)            # on the lattice of half steps: the points and the steps' middles
    on_lines = _on_lines(q)

    def is_open(node: tuple[int, int]) -> bool:
        w = (node[0] * s, node[1] * s)
        return (node in (start, goal) or (2 * node[0], 2 * node[1]) not in closed) \
            and math.dist(a, w) + math.dist(w, b) <= q.reach

    # the cost so far of each point reached (CLOSED for a point never to be entered)
    best: dict[tuple[int, int], float] = {start: 0.0}
    came: dict[tuple[int, int], tuple[int, int]] = {}
    todo: list[tuple[float, float, tuple[int, int]]] = [(math.dist(start, goal) * s, 0.0, start)]
    gx, gy = goal
    while todo and len(best) < q.limit:
        _, cost, node = heapq.heappop(todo)
        if node == goal:
            return _pull([a, *_points(came, goal, s)[1:-1], b], q.clear)
        if cost > best[node]:
            continue
        x, y = node
        here = on_lines.get(node, _NONE)
        for dx, dy, length in _MOVES:
            if (2 * x + dx, 2 * y + dy) in closed:
                continue  # the step's middle: a diagonal step between two open points may clip a corner
            nxt = (x + dx, y + dy)
            known = best.get(nxt)
            if known is None and not is_open(nxt):
                best[nxt] = known = CLOSED
            if known == CLOSED:
                continue
            there = on_lines.get(nxt, _NONE)
            total = cost + length * s
            if there:
                if here and _along(here & there, dx, dy, length, q):
                    continue
                total += q.crossing * len(there - here)
            if known is None or total < known:
                best[nxt] = total
                came[nxt] = node
                heapq.heappush(todo, (total + math.hypot(gx - nxt[0], gy - nxt[1]) * s, total, nxt))
    return None


def _closed(q: LatticeQuery) -> set[tuple[int, int]]:
    """The points of the half-step lattice inside an obstacle."""
    h = q.step / 2
    out: set[tuple[int, int]] = set()
    for o in q.obstacles:
        for i in range(math.ceil(o.box.x0 / h), math.floor(o.box.x1 / h) + 1):
            for j in range(math.ceil(o.box.y0 / h), math.floor(o.box.y1 / h) + 1):
                if o.inside is None or o.inside(i * h, j * h):
                    out.add((i, j))
    return out


def _on_lines(q: LatticeQuery) -> dict[tuple[int, int], frozenset[int]]:
    """The lattice points lying on drawn lines, with the lines they lie on."""
    s = q.step
    found: dict[tuple[int, int], set[int]] = {}
    for k, d in enumerate(q.drawn):
        (ax, ay), (bx, by) = d.a, d.b
        r = d.reach
        for i in range(math.ceil((min(ax, bx) - r) / s), math.floor((max(ax, bx) + r) / s) + 1):
            for j in range(math.ceil((min(ay, by) - r) / s), math.floor((max(ay, by) + r) / s) + 1):
                x, y = i * s, j * s
                if distance(closest_on_segment(d.a, d.b, (x, y)), (x, y)) < r and \
                        not any(math.hypot(x - cx, y - cy) < cr for cx, cy, cr in d.excused):
                    found.setdefault((i, j), set()).add(k)
    return {node: frozenset(lines) for node, lines in found.items()}


_NONE: frozenset[int] = frozenset()


def _along(shared: frozenset[int], dx: int, dy: int, length: float, q: LatticeQuery) -> bool:
    """Whether a step stays near a line it runs parallel to."""
    for line in shared:
        ux, uy = q.drawn[line].direction
        if abs(dx * uy - dy * ux) < _PARALLEL_SINE * length:
            return True
    return False


def _points(came: dict[tuple[int, int], tuple[int, int]], goal: tuple[int, int], s: float) -> list[Point]:
    node, out = goal, [(goal[0] * s, goal[1] * s)]
    while node in came:
        node = came[node]
        out.append((node[0] * s, node[1] * s))
    return out[::-1]


def _pull(path: list[Point], clear: Callable[[Point, Point], bool]) -> list[Point]:
    """The path with the points it need not turn at left out: from each kept point, straight on
    while the piece to the next point stays clear (one test per point of the path)."""
    out = [path[0]]
    i = 0
    for j in range(2, len(path)):
        if not clear(path[i], path[j]):
            i = j - 1
            out.append(path[i])
    out.append(path[-1])
    return out


def rounded(pts: list[Point], radius: float) -> list[Point]:
    """The polyline with each corner rounded by a quadratic curve starting `radius` before it (less
    on a short piece): a path that keeps close to its corners, unlike a corner-cutting smoothing."""
    out = [pts[0]]
    for p, c, q in zip(pts, pts[1:], pts[2:], strict=False):
        before, after = math.dist(p, c) or 1.0, math.dist(c, q) or 1.0
        r = min(radius, before / 2, after / 2)
        t0 = (c[0] + (p[0] - c[0]) * r / before, c[1] + (p[1] - c[1]) * r / before)
        t1 = (c[0] + (q[0] - c[0]) * r / after, c[1] + (q[1] - c[1]) * r / after)
        for k in range(7):
            t = k / 6
            u = 1.0 - t
            out.append((u * u * t0[0] + 2 * u * t * c[0] + t * t * t1[0],
                        u * u * t0[1] + 2 * u * t * c[1] + t * t * t1[1]))
    out.append(pts[-1])
    return out


def unclipped(path: list[Point], entered: Callable[[Point, Point], bool]) -> list[Point]:
    """The lattice's path with each piece that enters a symbol or a label turned into two along
    the axes, where one of the two ways round is clear.  (A diagonal step between two open points
    of the lattice, its middle open too, may clip an obstacle's corner: an abuse line round a
    couple's heads cut the man's corner, and was given up for one through a name.)"""
    out = [path[0]]
    for p, q in pairwise(path):
        if entered(p, q):
            corners = ((p[0], q[1]), (q[0], p[1]))
            corner = next((c for c in corners if not entered(p, c) and not entered(c, q)), None)
            if corner is not None:
                out.append(corner)
        out.append(q)
    return out
