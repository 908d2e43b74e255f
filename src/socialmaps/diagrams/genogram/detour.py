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
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise

from ...geometry import Box, Point

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
    obstacles: Sequence[Obstacle]          # symbols and labels, grown by the clearance kept (see closed)
    drawn: Sequence[Drawn]                 # lines drawn before
    clear: Callable[[Point, Point], bool]  # a straight piece enters no symbol or label, runs along no line
    crossing: float                        # the cost of stepping onto a line
    limit: int                             # lattice points looked at, at most
    lines: list[frozenset[int]] | None = None  # `lines_in_frame(a, b, query)`, when known
    closed: bytearray | None = None  # `closed_points(a, b, query)`, when known (then obstacles go unused)


def lattice_path(a: Point, b: Point, q: LatticeQuery) -> list[Point] | None:
    """The cheapest path from a to b over the open lattice points, pulled straight where it can
    be: a polyline with a point where the path must turn.  None when the search runs out of its
    `limit` or finds no way."""
    s = q.step
    frame = _Frame.around(a, b, q.reach, s)
    start = frame.number(round(a[0] / s), round(a[1] / s))
    goal = frame.number(round(b[0] / s), round(b[1] / s))
    # on the lattice of half steps: the points and the steps' middles
    closed = q.closed if q.closed is not None else closed_points(a, b, q)
    lines = q.lines if q.lines is not None else lines_in_frame(a, b, q)
    reach, limit = q.reach, q.limit
    # The search runs over thousands of points, each with 8 moves: what does not change from one
    # point to the next is found once (each move's length in the lattice's units, and its change
    # of number on the lattice and on the half-step lattice; what a move between two points on
    # lines costs, by the lines of each point and the move).
    x0, y0, rows, halves = frame.x0, frame.y0, frame.rows, 2 * frame.rows
    steps = [(dx, dy, length, length * s, m, dx * rows + dy, dx * halves + dy)
             for m, (dx, dy, length) in enumerate(_MOVES)]
    # A point is left by every move but the one back to where it was reached from: that one costs
    # more than the way it came (costs only grow along a path), so it never lowers a cost.
    onward = [[st for st in steps if (st[0], st[1]) != (-dx, -dy)] for dx, dy, _ in _MOVES]
    between: dict[tuple[frozenset[int], frozenset[int], int], float] = {}
    # the cost so far of each point reached (CLOSED for a point never to be entered), by number
    best: list[float | None] = [None] * (frame.cols * rows)
    best[start], reached = 0.0, 1
    came: dict[int, int] = {}
    moves = [steps] * len(best)  # (see onward)
    gx, gy = frame.point(goal)
    todo: list[tuple[float, float, int]] = [(math.dist(frame.point(start), (gx, gy)) * s, 0.0, start)]
    pop, push, hypot, dist = heapq.heappop, heapq.heappush, math.hypot, math.dist
    shut = CLOSED  # (a local: looked up for every move)
    while todo and reached < limit:
        _, cost, node = pop(todo)
        if node == goal:
            return _pull([a, *[(x * s, y * s) for x, y in _points(came, goal, frame)][1:-1], b], q.clear)
        if cost > best[node]:  # type: ignore[operator]  # (a point queued has a cost)
            continue
        i, j = divmod(node, rows)  # frame.point and frame.half written out: once a point expanded
        x, y = i + x0, j + y0
        middle = 2 * i * halves + 2 * j
        here = lines[node]
        for dx, dy, length, run, m, d, dh in moves[node]:
            if closed[middle + dh]:
                continue  # the step's middle: a diagonal step between two open points may clip a corner
            nxt = node + d
            known = best[nxt]
            if known is None:
                nx, ny = x + dx, y + dy
                w = (nx * s, ny * s)
                if not ((nxt in (start, goal) or not closed[middle + 2 * dh])
                        and dist(a, w) + dist(w, b) <= reach):
                    best[nxt] = shut
                    reached += 1
                    continue
            elif known == shut:
                continue
            there = lines[nxt]
            total = cost + run
            if there:
                extra = between.get((here, there, m))
                if extra is None:
                    extra = between[here, there, m] = _onto(here, there, dx, dy, length, q)
                if extra < 0.0:
                    continue
                total += extra
            if known is None or total < known:
                reached += known is None
                best[nxt] = total
                came[nxt] = node
                moves[nxt] = onward[m]
                push(todo, (total + hypot(gx - x - dx, gy - y - dy) * s, total, nxt))
    return None


@dataclass(frozen=True)
class _Frame:
    """The lattice points a search may touch, numbered (x - x0) * rows + (y - y0): a list indexed
    by number is quicker than a dict by pair, and the numbers are ordered as the pairs are (the
    queue breaks ties by them).  The open points lie within reach / 2 of the middle of a and b
    (|wa| + |wb| <= reach); the frame holds them, their neighbours, and a margin."""

    x0: int
    y0: int
    cols: int
    rows: int

    @staticmethod
    def around(a: Point, b: Point, reach: float, s: float) -> _Frame:
        cx, cy, r = (a[0] + b[0]) / 2, (a[1] + b[1]) / 2, reach / 2 + 3 * s
        x0, y0 = math.floor((cx - r) / s), math.floor((cy - r) / s)
        return _Frame(x0, y0, math.ceil((cx + r) / s) - x0 + 1, math.ceil((cy + r) / s) - y0 + 1)

    def number(self, x: int, y: int) -> int:
        return (x - self.x0) * self.rows + (y - self.y0)

    def point(self, n: int) -> tuple[int, int]:
        i, j = divmod(n, self.rows)
        return i + self.x0, j + self.y0

    def spread(self, on: Mapping[tuple[int, int], frozenset[int]], none: frozenset[int]
               ) -> list[frozenset[int]]:
        """The lines of each point of the frame (`none` where there are none)."""
        out = [none] * (self.cols * self.rows)
        for (x, y), lines in on.items():
            if 0 <= x - self.x0 < self.cols and 0 <= y - self.y0 < self.rows:
                out[(x - self.x0) * self.rows + (y - self.y0)] = lines
        return out


def _onto(here: frozenset[int], there: frozenset[int], dx: int, dy: int, length: float, q: LatticeQuery
          ) -> float:
    """What a move from a point on the lines `here` to one on the lines `there` costs over its
    length: a crossing for each line it steps onto, or -1 when it runs along a line."""
    if here and _along(here & there, dx, dy, length, q):
        return -1.0
    return q.crossing * len(there - here)


def closed_points(a: Point, b: Point, q: LatticeQuery) -> bytearray:
    """The points of the half-step lattice inside an obstacle, 1 in the search's frame (see
    _Frame; the points outside it are never asked about).  A caller searching again between the
    same ends among the same obstacles passes it in: `LatticeQuery.closed`."""
    frame = _Frame.around(a, b, q.reach, q.step)
    h, rows = q.step / 2, 2 * frame.rows
    i0, j0 = 2 * frame.x0, 2 * frame.y0
    i1, j1 = i0 + 2 * frame.cols, j0 + rows
    out = bytearray(4 * frame.cols * frame.rows)
    for o in q.obstacles:
        for i in range(max(i0, math.ceil(o.box.x0 / h)), min(i1, math.floor(o.box.x1 / h) + 1)):
            for j in range(max(j0, math.ceil(o.box.y0 / h)), min(j1, math.floor(o.box.y1 / h) + 1)):
                if o.inside is None or o.inside(i * h, j * h):
                    out[(i - i0) * rows + (j - j0)] = 1
    return out


def lines_in_frame(a: Point, b: Point, q: LatticeQuery,
                   known: dict[tuple[float, Drawn], list[tuple[int, int]]] | None = None
                   ) -> list[frozenset[int]]:
    """`on_lines` of the query's lines, over the frame of the search from a to b (see _Frame).  A
    caller searching again between the same ends among the same lines passes it in:
    `LatticeQuery.lines`."""
    return _Frame.around(a, b, q.reach, q.step).spread(on_lines(q.step, q.drawn, known), _NONE)


def on_lines(step: float, drawn: Sequence[Drawn],
             known: dict[tuple[float, Drawn], list[tuple[int, int]]] | None = None
             ) -> dict[tuple[int, int], frozenset[int]]:
    """The points of the lattice of spacing `step` lying on the `drawn` lines, with the lines (their
    indices) they lie on.  The points on each line are kept in `known`, when given (the structure
    lines are near every search of a drawing, and most searches have the same step)."""
    found: dict[tuple[int, int], set[int]] = {}
    for k, d in enumerate(drawn):
        points = None if known is None else known.get((step, d))
        if points is None:
            points = _on_line(step, d)
            if known is not None:
                known[step, d] = points
        for node in points:
            found.setdefault(node, set()).add(k)
    return {node: frozenset(lines) for node, lines in found.items()}


def _on_line(s: float, d: Drawn) -> list[tuple[int, int]]:
    """The points of the lattice of spacing s within d's reach, outside the circles it excuses."""
    out: list[tuple[int, int]] = []
    (ax, ay), (bx, by) = d.a, d.b
    r, excused = d.reach, d.excused
    dx, dy = bx - ax, by - ay
    n2 = dx * dx + dy * dy
    rows = range(math.ceil((min(ay, by) - r) / s), math.floor((max(ay, by) + r) / s) + 1)
    for i in range(math.ceil((min(ax, bx) - r) / s), math.floor((max(ax, bx) + r) / s) + 1):
        x = i * s
        across = (x - ax) * dx
        for j in rows:
            y = j * s
            # distance(closest_on_segment(d.a, d.b, (x, y)), (x, y)) < r, written out (it runs
            # for every point near every line), with the same operations in the same order
            if n2 == 0:
                cx, cy = ax, ay
            else:
                t = (across + (y - ay) * dy) / n2
                t = t if t < 1.0 else 1.0
                t = t if t > 0.0 else 0.0
                cx, cy = ax + t * dx, ay + t * dy
            if math.hypot(cx - x, cy - y) < r and \
                    not (excused and any(math.hypot(x - ex, y - ey) < er for ex, ey, er in excused)):
                out.append((i, j))
    return out


_NONE: frozenset[int] = frozenset()


def _along(shared: frozenset[int], dx: int, dy: int, length: float, q: LatticeQuery) -> bool:
    """Whether a step stays near a line it runs parallel to."""
    for line in shared:
        ux, uy = q.drawn[line].direction
        if abs(dx * uy - dy * ux) < _PARALLEL_SINE * length:
            return True
    return False


def _points(came: dict[int, int], goal: int, frame: _Frame) -> list[tuple[int, int]]:
    node, out = goal, [frame.point(goal)]
    while node in came:
        node = came[node]
        out.append(frame.point(node))
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
