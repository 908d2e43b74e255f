"""A tie between two household members drawn inside the centre where no straight, bowed or once-bent
line joins them clear of the centre's genogram (`household._inner_points`).

Objective: the shortest way between the two symbols, as the genogram draws a relationship line
round its family lines, that crosses none of the centre's lines, passes no other member's symbol
and no name, and stays inside the circle; not out to the rim and back.  The way is found on a grid
of free points (each at least the scene's clearance from every line, so that a step between two
of them cannot cross one), then straightened: each point joined to the farthest later one the
tie can reach in a straight line.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Sequence

from ....geometry import Box, Point, closest_on_segment, distance, segment_box_hits
from ..centre import Scene, path_free
from ..paths import clip_ends, polyline_hits_box
from .records import PersonSymbol

Cell = tuple[int, int]
STEPS = ((1, 0), (-1, 0), (0, 1), (0, -1), (1, 1), (1, -1), (-1, 1), (-1, -1))
# How far round a member's symbol the way may start or end, in grid steps beyond its outline.
REACH_STEPS = 4
# The grid's spacing, in clearances off the lines (at most one: a step between two free points
# then crosses no line).
GRID_STEP = 0.6


class _Grid:
    """The free points of the centre, `step` apart, for a tie between members `a` and `b`."""

    def __init__(self, scene: Scene, a: PersonSymbol, b: PersonSymbol, names: Sequence[Box]) -> None:
        self.scene, self.a, self.b = scene, a, b
        self.keep = max(scene.width, scene.clear) * 1.05
        self.step = GRID_STEP * self.keep
        self.n = int(scene.r / self.step) + 1
        self.blocked: set[Cell] = set()
        inner = scene.r - 2 * scene.clear
        for i in range(-self.n, self.n + 1):
            for j in range(-self.n, self.n + 1):
                if math.hypot(i * self.step, j * self.step) > inner:
                    self.blocked.add((i, j))
        for p, q in scene.lines:
            self.blocked |= self._near_segment(p, q)
        for m in scene.members:
            if m.id not in (a.id, b.id):
                self._block_box(m.box.expand(_symbol_room(scene)))
        # Grown by a step as well: a diagonal step between two free points cuts no corner of it.
        self.names = list(names)
        for box in names:
            self._block_box(box.expand(0.3 * scene.clear + self.step))

    def point(self, c: Cell) -> Point:
        return (self.scene.cx + c[0] * self.step, self.scene.cy + c[1] * self.step)

    def _cells_in(self, x0: float, y0: float, x1: float, y1: float) -> list[Cell]:
        s, cx, cy = self.step, self.scene.cx, self.scene.cy
        i0, i1 = max(-self.n, math.floor((x0 - cx) / s)), min(self.n, math.ceil((x1 - cx) / s))
        j0, j1 = max(-self.n, math.floor((y0 - cy) / s)), min(self.n, math.ceil((y1 - cy) / s))
        return [(i, j) for i in range(i0, i1 + 1) for j in range(j0, j1 + 1)]

    def _near_segment(self, p: Point, q: Point) -> set[Cell]:
        k = self.keep
        out = set()
        for cell in self._cells_in(min(p[0], q[0]) - k, min(p[1], q[1]) - k,
                                   max(p[0], q[0]) + k, max(p[1], q[1]) + k):
            pt = self.point(cell)
            if distance(pt, closest_on_segment(p, q, pt)) < k:
                out.add(cell)
        return out

    def _block_box(self, box: Box) -> None:
        for cell in self._cells_in(box.x0, box.y0, box.x1, box.y1):
            if box.contains_point(self.point(cell)):
                self.blocked.add(cell)

    def doors(self, member: PersonSymbol) -> list[Cell]:
        """The free points near a member that a straight line from the symbol's middle reaches
        crossing none of the centre's lines and no other symbol."""
        reach = member.half * math.sqrt(2) + REACH_STEPS * self.step
        centre = (member.x, member.y)
        out = []
        for cell in self._cells_in(member.x - reach, member.y - reach, member.x + reach, member.y + reach):
            pt = self.point(cell)
            # A ring of doors round the symbol: the way on from one nearer in passes one of them.
            if cell in self.blocked or not reach - 1.5 * self.step <= distance(pt, centre) <= reach:
                continue
            # From the symbol's outline, as the tie is drawn, and as broad as a strong tie.
            if not path_free(self.scene, clip_ends([centre, pt], member.shape, None), {self.a.id, self.b.id}):
                continue
            if any(polyline_hits_box([centre, pt], box) for box in self.names):
                continue
            out.append(cell)
        return out

    def shortest(self, starts: Sequence[Cell], goals: Sequence[Cell]) -> list[Cell] | None:
        """The shortest way over free points from a start to a goal (A*, straight and diagonal steps)."""
        goal_set = set(goals)
        end = (self.b.x, self.b.y)

        def guess(c: Cell) -> float:
            return distance(self.point(c), end) / self.step

        start_pt = (self.a.x, self.a.y)
        best: dict[Cell, float] = {}
        came: dict[Cell, Cell | None] = {}
        queue: list[tuple[float, float, Cell]] = []
        for c in sorted(starts):
            g = distance(start_pt, self.point(c)) / self.step
            if g < best.get(c, math.inf):
                best[c], came[c] = g, None
                heapq.heappush(queue, (g + guess(c), g, c))
        while queue:
            _f, g, c = heapq.heappop(queue)
            if g > best.get(c, math.inf):
                continue
            if c in goal_set:
                way = [c]
                while (prev := came[way[-1]]) is not None:
                    way.append(prev)
                return way[::-1]
            for di, dj in STEPS:
                nxt = (c[0] + di, c[1] + dj)
                if nxt in self.blocked or abs(nxt[0]) > self.n or abs(nxt[1]) > self.n:
                    continue
                ng = g + (math.sqrt(2) if di and dj else 1.0)
                if ng < best.get(nxt, math.inf):
                    best[nxt], came[nxt] = ng, c
                    heapq.heappush(queue, (ng + guess(nxt), ng, nxt))
        return None


def _symbol_room(scene: Scene) -> float:
    """How far the middle of a tie keeps off another member's symbol: its side lines (a strong tie
    is three) and a clearance beyond them, so that it reads as passing the symbol, not touching it."""
    return scene.width + 2 * scene.clear


def _turns(points: Sequence[Point]) -> list[Point]:
    """The points where a grid way turns (and its ends)."""
    out = [points[0]]
    for i in range(1, len(points) - 1):
        (x0, y0), (x1, y1), (x2, y2) = out[-1], points[i], points[i + 1]
        if abs((x1 - x0) * (y2 - y1) - (y1 - y0) * (x2 - x1)) > 1e-6:
            out.append(points[i])
    out.append(points[-1])
    return out


def _keeps_off_lines(scene: Scene, p: Point, q: Point, keep: float, step: float,
                     near_ends: Sequence[tuple[Point, float]]) -> bool:
    """Whether a straightened leg stays `keep` off every line of the centre (a tie running close
    along a family line reads as doubling it), but near the members it joins, where their own
    lines start."""
    total = distance(p, q)
    count = max(1, int(total / (0.5 * step)))
    for k in range(count + 1):
        t = k / count
        pt = (p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1]))
        if any(distance(pt, c) <= r for c, r in near_ends):
            continue
        if any(distance(pt, closest_on_segment(a, b, pt)) < 0.9 * keep for a, b in scene.lines):
            return False
    return True


def grid_way(scene: Scene, a: PersonSymbol, b: PersonSymbol, names: Sequence[Box]) -> list[Point] | None:
    """The shortest tie from member `a` to member `b` inside the centre that crosses nothing of it
    (see the module's docstring), clipped to their symbols; None where there is none."""
    grid = _Grid(scene, a, b, names)
    starts, goals = grid.doors(a), grid.doors(b)
    if not starts or not goals:
        return None
    way = grid.shortest(starts, goals)
    if way is None:
        return None
    ends = {a.id, b.id}
    others = [m.box.expand(_symbol_room(scene) - grid.step) for m in scene.members if m.id not in ends]
    near_ends = [((m.x, m.y), m.half * math.sqrt(2) + REACH_STEPS * grid.step) for m in (a, b)]

    def clear(p: Point, q: Point) -> bool:
        if not path_free(scene, [p, q], ends):
            return False
        if any(segment_box_hits(p, q, box) for box in others):
            return False
        if any(polyline_hits_box([p, q], box) for box in names):
            return False
        return _keeps_off_lines(scene, p, q, grid.keep, grid.step, near_ends)

    raw = _turns([(a.x, a.y), *(grid.point(c) for c in way), (b.x, b.y)])
    # Straightened: from each point on to the farthest later one it reaches in a straight line.
    pts = [raw[0]]
    i = 0
    while i < len(raw) - 1:
        j = next((j for j in range(len(raw) - 1, i, -1) if clear(raw[i], raw[j])), i + 1)
        pts.append(raw[j])
        i = j
    out = clip_ends(pts, a.shape, b.shape)
    if not path_free(scene, out, ends) or any(polyline_hits_box(out, box) for box in names):
        return None
    return out

