"""Spatial indexes used by every step: uniform grids of boxes, paths and segments, so a question
about a place touches only what is near it (the cost of a map grows with what is near each
thing, not with every pair).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ....geometry import Box, Point, segment_box_hits, segments_cross
from ..paths import (
    segment_box_distance,
)
from .records import Leader


def _meet(a: Box, b: Box) -> bool:
    """Whether two boxes share a point, edges included.  `Box.intersects` asks for an overlap of
    positive width and height, which the box of an exactly vertical or horizontal line (a leader
    straight up to its note, a bar of the centre's genogram) never has: it would never be found."""
    return a.x0 <= b.x1 and b.x0 <= a.x1 and a.y0 <= b.y1 and b.y0 <= a.y1


class Grid:
    """A uniform grid of boxes, so a query touches only what is near.  A box meets a query when they
    share a point (`_meet`), so a flat box, a straight line's, is found too."""

    def __init__(self, cell: float) -> None:
        self.cell = cell
        self.cells: dict[tuple[int, int], list[int]] = defaultdict(list)
        self.items: list[tuple[Box, object]] = []

    def _keys(self, box: Box) -> Iterable[tuple[int, int]]:
        c = self.cell
        for i in range(math.floor(box.x0 / c), math.floor(box.x1 / c) + 1):
            for j in range(math.floor(box.y0 / c), math.floor(box.y1 / c) + 1):
                yield (i, j)

    def add(self, box: Box, item: object) -> None:
        index = len(self.items)
        self.items.append((box, item))
        for key in self._keys(box):
            self.cells[key].append(index)

    def near(self, box: Box) -> list[object]:
        found: set[int] = set()
        for key in self._keys(box):
            found.update(self.cells.get(key, ()))
        return [self.items[i][1] for i in sorted(found) if _meet(self.items[i][0], box)]

    def _path_keys(self, points: Sequence[Point], pad: float) -> set[tuple[int, int]]:
        """The cells within `pad` (and perhaps a cell more) of a path: pieces no longer than a
        cell, each by its box widened by `pad`.  A long tie across the map has a box of
        thousands of cells, its path a row of them."""
        c = self.cell
        keys: set[tuple[int, int]] = set()
        for i in range(len(points) - 1):
            (px, py), (qx, qy) = points[i], points[i + 1]
            dx, dy = qx - px, qy - py
            n = max(1, math.ceil(max(abs(dx), abs(dy)) / c))
            for k in range(n):
                ax, ay = px + dx * k / n, py + dy * k / n
                bx, by = px + dx * (k + 1) / n, py + dy * (k + 1) / n
                keys.update(self._keys(Box(min(ax, bx) - pad, min(ay, by) - pad,
                                           max(ax, bx) + pad, max(ay, by) + pad)))
        return keys

    def add_path(self, points: Sequence[Point], item: object) -> None:
        """A line kept under the cells along it (with its whole box, as `add` keeps it): found
        by a box its path comes into, which is all a question whether it runs through the box
        needs."""
        index = len(self.items)
        self.items.append((poly_box(points), item))
        for key in self._path_keys(points, 1e-6):
            self.cells[key].append(index)

    def near_path(self, points: Sequence[Point], pad: float) -> list[object]:
        """What `near(poly_box(points, pad))` finds that comes within `pad` of the path, and
        perhaps more, in the same order, looking only in the cells along the path."""
        found: set[int] = set()
        cells = self.cells
        for key in self._path_keys(points, pad):
            got = cells.get(key)
            if got:
                found.update(got)
        whole = poly_box(points, pad)
        return [self.items[i][1] for i in sorted(found) if _meet(self.items[i][0], whole)]

    def hits(self, box: Box) -> bool:
        """Whether any box of the grid meets `box` (as `near` would find one)."""
        items = self.items
        for key in self._keys(box):
            for i in self.cells.get(key, ()):
                if _meet(items[i][0], box):
                    return True
        return False


class Segments:
    """Every segment of some polylines (ties, the centre's lines) in a uniform grid.

    A question about a note spot concerns the few segments near it; a grid of whole polylines
    hands back every long tie whose box the spot is in, curve and all (near the centre, most of
    them).  The answers are the same as asking each such polyline: a line only counts when its
    own box meets the spot (`_meet`, as `Grid.near` has it), and a segment is only skipped when
    it cannot reach the spot."""

    def __init__(self, cell: float, lines: Sequence[Sequence[Point]]) -> None:
        self.cell = cell
        self.lines = list(lines)
        self.boxes = [poly_box(ln) for ln in self.lines]
        self.segs: list[tuple[Point, Point, int]] = []  # the ends and the index of its line
        self.seg_boxes: list[tuple[float, float, float, float]] = []  # x0, y0, x1, y1 of each
        self.cells: dict[tuple[int, int], list[int]] = defaultdict(list)
        for k, ln in enumerate(self.lines):
            for i in range(len(ln) - 1):
                p, q = ln[i], ln[i + 1]
                index = len(self.segs)
                self.segs.append((p, q, k))
                self.seg_boxes.append((min(p[0], q[0]), min(p[1], q[1]), max(p[0], q[0]), max(p[1], q[1])))
                for key in self._cells_of(p, q):
                    self.cells[key].append(index)

    def _keys(self, x0: float, y0: float, x1: float, y1: float) -> Iterable[tuple[int, int]]:
        c = self.cell
        for i in range(math.floor(x0 / c), math.floor(x1 / c) + 1):
            for j in range(math.floor(y0 / c), math.floor(y1 / c) + 1):
                yield (i, j)

    def _cells_of(self, p: Point, q: Point) -> set[tuple[int, int]]:
        """The cells a segment passes through, and perhaps a neighbour: a long tie across the
        ring is in a row of cells, not in every cell of its box.  Pieces no longer than a cell,
        each by its box widened a hair against rounding."""
        dx, dy = q[0] - p[0], q[1] - p[1]
        n = max(1, math.ceil(max(abs(dx), abs(dy)) / self.cell))
        eps = 1e-6
        keys: set[tuple[int, int]] = set()
        for k in range(n):
            ax, ay = p[0] + dx * k / n, p[1] + dy * k / n
            bx, by = p[0] + dx * (k + 1) / n, p[1] + dy * (k + 1) / n
            keys.update(self._keys(min(ax, bx) - eps, min(ay, by) - eps,
                                   max(ax, bx) + eps, max(ay, by) + eps))
        return keys

    def near(self, box: Box, reach: float) -> list[int]:
        """The segments whose own box comes within `reach` of `box` (touching counts, and a hair
        more), in insertion order: every segment that meets the box or comes within `reach` of
        it is among them."""
        pad = reach + 1e-6
        x0, y0, x1, y1 = box.x0 - pad, box.y0 - pad, box.x1 + pad, box.y1 + pad
        found: set[int] = set()
        cells = self.cells
        for key in self._keys(x0, y0, x1, y1):
            got = cells.get(key)
            if got:
                found.update(got)
        seg_boxes = self.seg_boxes
        out = []
        for index in sorted(found):
            sx0, sy0, sx1, sy1 = seg_boxes[index]
            if sx0 <= x1 and sx1 >= x0 and sy0 <= y1 and sy1 >= y0:
                out.append(index)
        return out

    def through(self, box: Box, skip: int) -> int:
        """How many lines other than line `skip` run through the box (`polyline_hits_box`)."""
        # A segment `near` hands back has a box that meets this one, so its line's box does too.
        found: set[int] = set()
        for index in self.near(box, 0.0):
            p, q, k = self.segs[index]
            if k != skip and k not in found and segment_box_hits(p, q, box):
                found.add(k)
        return len(found)

    def meets(self, seg: Leader, skip: int) -> bool:
        """Whether a line other than line `skip` crosses the segment (`segments_meet`)."""
        # The leader's box may be flat (a leader straight up to its note): `near` finds what
        # touches it all the same.
        for index in self.near(poly_box(seg), 0.0):
            p, q, k = self.segs[index]
            if k != skip and segments_cross(p, q, seg[0], seg[1]):
                return True
        return False

    def nearest(self, box: Box, among: int, skip: int, reach: Box, below: float) -> float:
        """min(below, distance from the box to the nearest of the first `among` lines other than
        `skip` whose own box meets `reach`) -- what `polyline_box_distance` over those lines gives."""
        best = below
        boxes, seg_boxes, segs, cells = self.boxes, self.seg_boxes, self.segs, self.cells
        bx0, by0, bx1, by1 = box.x0, box.y0, box.x1, box.y1
        # Every segment within `below` of the box is in these cells; which are looked at first
        # does not change the smallest distance, only how many need measuring.
        pad = below + 1e-6
        found: set[int] = set()
        for key in self._keys(bx0 - pad, by0 - pad, bx1 + pad, by1 + pad):
            got = cells.get(key)
            if got:
                found.update(got)
        # The box's centre and the radius of the circle round it: a segment is at least its
        # distance from the centre less that radius from the box, a bound that skips the many
        # ties fanning out of the centre which pass near the box's bounding rows but not near it.
        cx, cy = (bx0 + bx1) / 2, (by0 + by1) / 2
        half = math.hypot(bx1 - bx0, by1 - by0) / 2
        for index in found:
            p, q, k = segs[index]
            if k >= among or k == skip or not _meet(boxes[k], reach):
                continue
            sx0, sy0, sx1, sy1 = seg_boxes[index]
            gap_x = sx0 - bx1 if sx0 - bx1 > bx0 - sx1 else bx0 - sx1
            gap_y = sy0 - by1 if sy0 - by1 > by0 - sy1 else by0 - sy1
            if (gap_x if gap_x > gap_y else gap_y) > best + 1e-9:
                continue  # cannot come nearer than the best so far
            if _point_segment_distance(cx, cy, p, q) - half > best + 1e-9:
                continue  # nor can this one
            d = segment_box_distance(p, q, box)
            if d < best:
                best = d
        return best


def _point_segment_distance(x: float, y: float, p: Point, q: Point) -> float:
    """Distance from (x, y) to segment pq."""
    dx, dy = q[0] - p[0], q[1] - p[1]
    span = dx * dx + dy * dy
    t = 0.0 if span == 0 else min(1.0, max(0.0, ((x - p[0]) * dx + (y - p[1]) * dy) / span))
    return math.hypot(x - p[0] - t * dx, y - p[1] - t * dy)


def poly_box(points: Sequence[Point], pad: float = 0.0) -> Box:
    return Box(min(x for x, _ in points) - pad, min(y for _, y in points) - pad,
               max(x for x, _ in points) + pad, max(y for _, y in points) + pad)


@dataclass(frozen=True)
class Obstacle:
    id: str
    x: float
    y: float
    r: float

    @property
    def box(self) -> Box:
        return Box(self.x - self.r, self.y - self.r, self.x + self.r, self.y + self.r)
