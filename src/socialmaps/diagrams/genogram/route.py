"""The emotional relationship lines (close, conflict, abuse ... between two people), drawn over the
family structure: each a direct line scored against everything drawn before it (`DirectRouter`).
The links from a person drawn twice to their copy take the tracks between the rows (tracks.py).
"""

from __future__ import annotations

import math
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass, field, replace
from functools import partial
from itertools import pairwise

from ...geometry import (
    Box,
    Point,
    bezier,
    distance_to_segment,
    segment_box_hits,
    segments_cross,
    smoothed,
    subdivided,
)
from .boxgrid import BoxGrid, PieceGrid
from .detour import (
    Drawn,
    LatticeQuery,
    Obstacle,
    closed_points,
    lattice_path,
    lines_in_frame,
    rounded,
    unclipped,
)
from .freeband import HEIGHTS, band_paths, free_bands

# --------------------------------------------------------------------------- direct relationship lines
#
# An emotional relationship is drawn as a genogram draws it by hand: one direct line
# between the two people, straight when that is clear, else a gentle curve.  Every
# candidate (the straight line, bows to either side, S-curves) is sampled and scored;
# the cheapest wins.  In order of weight: running through someone's symbol, running
# along another line (a structure line, the household outline or another relationship),
# a detour over the limit, crossing a label, crossing a line, and then length.

# How far a relationship line may go per unit of distance between its two people's centres
# (the shared checker allows 2.5; a margin for sampling).
DETOUR_LIMIT = 2.4
# Length beyond this many times the distance between the centres counts twice: a line bent that far
# reads as going the long way round (the fused line between a mother and her daughter a row down,
# drawn as a tent over the row, 1.5 times as long, to spare a crossing or two).
_BENT = 1.25
# Control-point offsets of the bows tried, per unit of distance between the ends, and of the
# two control points of the S-curves and lopsided bows.
_BOWS = (0.12, 0.25, 0.4, 0.55, 0.75, 1.0)
_BENDS = ((0.3, 0.6), (0.6, 0.3), (0.5, 0.9), (0.9, 0.5), (0.4, -0.4), (0.7, -0.7))
# How far the flat bows run from the straight line, in font sizes.
_FLAT_BOWS = (1.5, 2.5, 3.5, 5.0, 7.0, 10.0)
_SYMBOL_HIT = 1e6
_ALONG = 1e4
_TOO_LONG = 1e5
LABEL_HIT = 300.0
# The cost of routing one line is bounded.  Its candidates are scored shortest first, and once
# _WORK_PER_LINE font sizes of candidate length have been scored, the best candidate that keeps
# the contract (no symbol entered, no detour over the limit, nothing run along) is taken.  A line
# of the examples is under a hundred font sizes long and its fifty candidates never reach the
# budget; a line across a family of thousands (ten thousand font sizes) tries its shortest few.
# For what a candidate runs along or crosses, it is cut into at most _PIECES pieces.
_PIECES = 600
_WORK_PER_LINE = 20000.0
_CROSSING = 25.0
_CHUNK = 6  # pieces of a line looked up together among the lines drawn before it
_APART = 1e-3  # further apart than this, a run of pieces and a box are not tested exactly (see _apart)
# Detours over a lattice (detour.py), when no smooth candidate keeps clear of every label: points
# _DETOUR_STEP font sizes apart (coarser on a big family: the path's box at most _DETOUR_LATTICE
# points a side), paths at most _DETOUR_STRETCH times the distance between the ends, and at most
# _DETOUR_SPOTS points looked at (a stretch of 1.8 sent a line of complex-family under the whole
# bottom row to spare one name; at 1.5 the lattice is finer on a long line too).
_DETOUR_STEP = 1.0
_DETOUR_LATTICE = 80
_DETOUR_STRETCH = 1.5
_DETOUR_SPOTS = 12000
# ... and only for a path of at most _DETOUR_REACH font sizes among at most _DETOUR_THINGS symbols, labels
# and line pieces (a line across a family of thousands keeps its smooth route).
_DETOUR_REACH = 600.0
_DETOUR_THINGS = 3000
# The room a detour keeps from symbols and names (font sizes); a line still crossing a name or entering
# a symbol is searched again closer (a person whose neighbours stand a symbol apart is closed off at the
# usual room: seed 116's line went through a partner; the scoring keeps it 0.25 off every symbol).
_DETOUR_CLEARANCES = (0.3, 0.1)
# A line that still enters someone's symbol is searched for once more over a lattice reaching further,
# up to this many times the distance (the contract allows 2.5): in a crowd two rows deep, a family
# placed a little differently left no way within 1.5 times (a conflict line two rows down through a
# husband's square, generated seed 4).
_DETOUR_LAST_STRETCH = 2.2


@dataclass(frozen=True)
class Person:
    """A drawn person as an obstacle and an end: the symbol's centre, half size and shape."""

    node: str
    x: float
    y: float
    half: float
    shape: str

    # A diamond is kept clear of as the square it stands in: a line across its corner reads as
    # touching it (and the shared checker measures it so).
    def inside(self, x: float, y: float, grow: float = 0.0) -> bool:
        dx, dy = abs(x - self.x), abs(y - self.y)
        r = self.half + grow
        if self.shape == "circle":
            return dx * dx + dy * dy < r * r
        return dx < r and dy < r

    def crosses(self, p: Point, q: Point, grow: float = 0.0) -> bool:
        """Whether the segment pq enters the symbol grown by `grow` (the shape `inside` tests)."""
        if self.shape == "circle":
            return distance_to_segment((self.x, self.y), p, q) < self.half + grow
        r = self.half + grow
        return segment_box_hits(p, q, Box(self.x - r, self.y - r, self.x + r, self.y + r))


@dataclass(frozen=True)
class _Piece:
    """A straight piece of a line already drawn, with half its drawn width and its direction."""

    a: Point
    b: Point
    half: float
    relationship: bool     # another relationship line (else a structure line or the household)
    ux: float
    uy: float
    box: Box               # its bounding box
    ends: tuple[str, ...] = ()  # a relationship line's two people

    @staticmethod
    def of(a: Point, b: Point, half: float, relationship: bool, ends: tuple[str, ...] = ()) -> _Piece:
        d = math.dist(a, b) or 1.0
        box = Box(min(a[0], b[0]), min(a[1], b[1]), max(a[0], b[0]), max(a[1], b[1]))
        return _Piece(a, b, half, relationship, (b[0] - a[0]) / d, (b[1] - a[1]) / d, box, ends)


Extent = tuple[float, float, float, float]  # x0, y0, x1, y1


def _chunks(grid: BoxGrid, pts: Sequence[Point], reach: float,
            runs: Sequence[tuple[Sequence[Point], Extent]] | None = None
            ) -> Iterator[tuple[Sequence[Point], list[int], Extent]]:
    """The line in runs of `_CHUNK` pieces, each with the items of `grid` near it (within `reach`
    of its bounding box, in index order) and that box: one look-up for a few pieces.  The items
    near a run include those near each of its pieces, so exact tests against them miss nothing.
    `runs`: the line's runs and their boxes, when known (`_runs` with the grid's cell)."""
    if runs is None:
        for chunk, extent, (x0, y0, x1, y1) in _runs(grid.cell, pts, reach):
            yield chunk, sorted(grid.near(x0, y0, x1, y1)), extent
        return
    for chunk, extent in runs:
        x0, y0, x1, y1 = extent
        yield chunk, sorted(grid.near(x0 - reach, y0 - reach, x1 + reach, y1 + reach)), extent


def _runs(cell: float, pts: Sequence[Point], reach: float
          ) -> Iterator[tuple[Sequence[Point], Extent, Extent]]:
    """The runs of `_chunks`, each with its extent and the extent grown by `reach` (the box of the
    grid look-up).  Pieces longer than a cell are cut to cell length first: a run's box then spans
    a few cells, and a line across a big family costs its length in cells, not the area of its box."""
    for p, q in pairwise(pts):  # (a loop, not any() over a generator: it runs for every line scored)
        if abs(p[0] - q[0]) + abs(p[1] - q[1]) > cell:
            pts = subdivided(pts, cell)
            break
    for start in range(0, len(pts) - 1, _CHUNK):
        chunk = pts[start:start + _CHUNK + 1]
        xs, ys = [x for x, _ in chunk], [y for _, y in chunk]
        x0, y0, x1, y1 = min(xs), min(ys), max(xs), max(ys)
        yield chunk, (x0, y0, x1, y1), (x0 - reach, y0 - reach, x1 + reach, y1 + reach)


def _apart(extent: Extent, x0: float, y0: float, x1: float, y1: float) -> bool:
    """Whether a run of pieces inside `extent` keeps out of the box (x0, y0, x1, y1) by more than
    rounding could bridge (a thousandth of a unit): then no exact test of a piece against the box,
    or against a shape inside it, can find them meeting, and none need be made."""
    return extent[2] < x0 - _APART or extent[0] > x1 + _APART or \
        extent[3] < y0 - _APART or extent[1] > y1 + _APART


def _converging(who: Person, p: Point, q: Point, tol: float, sine: float) -> bool:
    """Whether piece pq lies where two lines to `who` (at an angle with this sine) have not yet
    come `tol` apart on their way out of the symbol: lines to one person meet there, and only
    beyond that, up to three symbol sizes from its centre, would they share a lane."""
    # nearly parallel lines do not come apart: beyond the rim they share a lane
    reach = 1.45 * who.half + 8.0 if sine < 0.1 else min(6.0 * who.half, 3.0 * who.half + 4.0 + tol / sine)
    return math.hypot(p[0] - who.x, p[1] - who.y) < reach and math.hypot(q[0] - who.x, q[1] - who.y) < reach


def _along_cost(along: float) -> float:
    """The cost of running `along` units along other lines: worse than any detour, never as bad
    as a symbol hit (a short touch where two lines part is free)."""
    return min(_ALONG * along, 0.5 * _SYMBOL_HIT) if along > 1.5 else 0.0


def _leave(pts: list[Point], who: Person) -> tuple[int, Point] | None:
    """Where a path starting inside the person's symbol first leaves it: the index of the last
    point inside and the point on the rim (found by halving the piece)."""
    for i, (p, q) in enumerate(pairwise(pts)):
        if not who.inside(*q, 0.6):
            lo, hi = p, q
            for _ in range(16):
                m = ((lo[0] + hi[0]) / 2, (lo[1] + hi[1]) / 2)
                if who.inside(*m, 0.6):
                    lo = m
                else:
                    hi = m
            return i, hi
    return None


@dataclass
class _Sampled:
    """A candidate cut back to the rims, with what it meets that stays as it is while a drawing's
    lines are routed (symbols and labels; not the lines drawn before it).  A drawing's lines are
    routed again with the same candidates (reroute.py): its routers share these."""

    length: float
    points: tuple[Point, ...]
    labels: dict[float, int] = field(default_factory=dict)  # by grow: the labels crossed
    # its runs of pieces and their boxes, looked up among the symbols and the labels (same cells)
    runs: list[tuple[Sequence[Point], Extent]] | None = None
    # by reach: the runs of pieces of about a font size that _score looks up among the lines drawn
    pieces: dict[float, list[tuple[Sequence[Point], Extent, Extent]]] = field(default_factory=dict)
    # by (ends, grow): the symbols entered after each run of pieces looked at so far, and the rest
    symbols: dict[tuple[tuple[str, str], float], tuple[list[int], Iterator[int]]] = \
        field(default_factory=dict)


@dataclass
class RouteMemo:
    """What a drawing's routers find that the lines drawn before do not change: reroute.py routes
    the lines again, with a new router for each round, and hands each of them this one."""

    samples: dict[tuple[Person, Person, tuple[Point, ...]], _Sampled] = field(default_factory=dict)
    # a detour lattice's closed points, by (a, b, half, clearance, stretch)
    closed: dict[tuple[Person, Person, float, float, float], bytearray] = field(default_factory=dict)
    lines: dict[tuple[float, Drawn], list[tuple[int, int]]] = field(default_factory=dict)  # see on_lines


@dataclass
class _Score:
    cost: float
    points: list[Point]
    sampled: _Sampled | None = None  # what the points were scored as


@dataclass
class DirectRouter:
    """Direct lines for emotional relationships, each scored against everything drawn before it."""

    people: list[Person]
    labels: list[Box]                  # every label box (names, years, union labels, loss marks)
    structure: list[Sequence[Point]]   # partner, sibship and descent lines, the household outline
    font_size: float
    pieces: list[_Piece] = field(default_factory=list)
    memo: RouteMemo = field(default_factory=RouteMemo)  # shared by a drawing's routers
    _people_grid: BoxGrid = field(init=False)
    _label_grid: BoxGrid = field(init=False)
    _piece_grid: PieceGrid = field(init=False)
    _gap_heights: list[float] = field(init=False)
    _rows: list[float] = field(init=False)     # the heights of the rows' symbol centres
    _work: float = field(init=False, default=0.0)  # font sizes of candidates scored for this line
    last_cost: float = field(init=False, default=0.0)  # the cost of the line routed last
    last_names: int = field(init=False, default=0)     # and how many labels it crosses
    # the lattice points on the lines near a detour's lattice, by (a, b, half, stretch, pieces drawn)
    _lines_near: dict[tuple[Person, Person, float, float, int], tuple[list[Drawn], list[frozenset[int]]]] = \
        field(init=False, default_factory=dict)
    # a detour's straight pieces clear of labels and lines, by (a, b, half, pieces drawn) and piece
    _clear_pieces: dict[tuple[Person, Person, float, int], dict[tuple[Point, Point], bool]] = \
        field(init=False, default_factory=dict)

    def __post_init__(self) -> None:
        rows = self._rows = sorted({p.y for p in self.people})
        # Heights between two rows (a little off the middle, where the sibship bars run) and above the top.
        gaps = [(r0, r1) for r0, r1 in pairwise(rows)]
        self._gap_heights = [r0 + f * (r1 - r0) for r0, r1 in gaps for f in (0.38, 0.62)]
        if rows:
            self._gap_heights.append(rows[0] - 2.5 * self.font_size - max(p.half for p in self.people))
        cell = 4.0 * self.font_size
        self._people_grid, self._label_grid, self._piece_grid = BoxGrid(cell), BoxGrid(cell), PieceGrid(cell)
        for i, p in enumerate(self.people):
            r = 1.5 * p.half + self.font_size  # the symbol and the clearance kept from it
            self._people_grid.add(i, p.x - r, p.y - r, p.x + r, p.y + r)
        for i, box in enumerate(self.labels):
            self._label_grid.add(i, box.x0, box.y0, box.x1, box.y1)
        for line in self.structure:
            for a, b in pairwise(line):
                self._add_piece(_Piece.of(a, b, 0.5, False))

    def _add_piece(self, piece: _Piece) -> None:
        (ax, ay), (bx, by) = piece.a, piece.b
        if ax == bx and ay == by:
            return
        self.pieces.append(piece)
        self._piece_grid.add(len(self.pieces) - 1, min(ax, bx), min(ay, by), max(ax, bx), max(ay, by))

    # ------------------------------------------------------------------ candidates
    def _candidates(self, a: Person, b: Person) -> list[list[Point]]:
        """Control polygons: the straight line, bows to both sides, then S-curves and lopsided bows."""
        (ax, ay), (bx, by) = (a.x, a.y), (b.x, b.y)
        d = math.hypot(bx - ax, by - ay)
        nx, ny = -(by - ay) / d, (bx - ax) / d
        mid = ((ax + bx) / 2, (ay + by) / 2)
        out = [[(ax, ay), (bx, by)]]
        for k in _BOWS:
            for s in (1.0, -1.0):
                out.append([(ax, ay), (mid[0] + s * k * d * nx, mid[1] + s * k * d * ny), (bx, by)])
        # Flat bows: out steeply, along the gap between two rows, back in steeply (a far pair in a row).
        for k in _FLAT_BOWS:
            o = k * self.font_size / 0.75  # the curve reaches three quarters of its control points' offset
            for s in (1.0, -1.0):
                c1 = (ax + 0.12 * (bx - ax) + s * o * nx, ay + 0.12 * (by - ay) + s * o * ny)
                c2 = (ax + 0.88 * (bx - ax) + s * o * nx, ay + 0.88 * (by - ay) + s * o * ny)
                out.append([(ax, ay), c1, c2, (bx, by)])
        out += self._channels(a, b)
        for k1, k2 in _BENDS:
            for s in (1.0, -1.0):
                c1 = (ax + (bx - ax) / 3 + s * k1 * d * nx, ay + (by - ay) / 3 + s * k1 * d * ny)
                c2 = (ax + 2 * (bx - ax) / 3 + s * k2 * d * nx, ay + 2 * (by - ay) / 3 + s * k2 * d * ny)
                out.append([(ax, ay), c1, c2, (bx, by)])
        return out

    def _free_band_paths(self, a: Person, b: Person) -> list[list[Point]]:
        """Paths across the bands where nothing is written over the pair's width (freeband.py),
        the nearest bands to the pair first, each height as far as it can be from the
        horizontal lines there; their corners rounded."""
        fs = self.font_size
        rows = self._rows
        lo_y, hi_y = min(a.y, b.y), max(a.y, b.y)
        low = max((y for y in rows if y < lo_y), default=lo_y - 6 * fs)
        high = min((y for y in rows if y > hi_y), default=hi_y + 6 * fs)
        x0, x1 = min(a.x, b.x), max(a.x, b.x)
        boxes = [box for i in sorted(self._label_grid.near(x0, low, x1, high))
                 if (box := self.labels[i]).x1 > x0 and box.x0 < x1]
        boxes += [Box(p.x - p.half, p.y - p.half, p.x + p.half, p.y + p.half)
                  for i in sorted(self._people_grid.near(x0, low, x1, high))
                  if abs((p := self.people[i]).x - (x0 + x1) / 2) < (x1 - x0) / 2 + p.half]
        room = fs
        flat = [(o.a[1] + o.b[1]) / 2 for i in sorted(self._piece_grid.near(x0, low, x1, high))
                if abs((o := self.pieces[i]).uy) < 0.1 and o.box.x1 > x0 and o.box.x0 < x1]
        heights = [y for band in free_bands(boxes, low, high, room)
                   if (y := band.height_clear_of(flat, 0.75 * fs)) is not None]
        heights.sort(key=lambda y: (abs(y - (a.y + b.y) / 2), y))
        return [smoothed(path, 2) for path in band_paths((a.x, a.y), (b.x, b.y), heights[:HEIGHTS])]

    def _channels(self, a: Person, b: Person) -> list[list[Point]]:
        """Paths along the gaps between rows: out of a at 45 degrees to the gap's height, along it,
        into b at 45 degrees (for a pair too far apart for a bow to miss the rows between)."""
        sign = 1.0 if b.x >= a.x else -1.0
        out = []
        for yc in self._gap_heights:
            x1 = a.x + sign * abs(yc - a.y)
            x2 = b.x - sign * abs(yc - b.y)
            if (x2 - x1) * sign > 0:
                out.append(smoothed([(a.x, a.y), (x1, yc), (x2, yc), (b.x, b.y)]))
        return out

    def _detours(self, a: Person, b: Person, half: float, clearance: float, stretch: float = _DETOUR_STRETCH
                 ) -> list[list[Point]]:
        """A path round the crowd (see detour.py) ``clearance`` font sizes off labels and symbols and at
        most ``stretch`` times as long as the ends are apart, its corners rounded; none when the
        lattice finds none."""
        fs = self.font_size
        ends = (a.node, b.node)
        reach = stretch * math.hypot(b.x - a.x, b.y - a.y)
        if reach > _DETOUR_REACH * fs:
            return []
        clear = half + clearance * fs
        step = max(_DETOUR_STEP * fs, reach / _DETOUR_LATTICE)
        # a box round the ellipse of points w with |aw| + |wb| <= reach
        cx, cy = (a.x + b.x) / 2, (a.y + b.y) / 2
        area = (cx - reach / 2, cy - reach / 2, cx + reach / 2, cy + reach / 2)
        labels, people = self._label_grid.near(*area), self._people_grid.near(*area)
        pieces = self._piece_grid.near(*area)
        if len(labels) + len(people) + len(pieces) > _DETOUR_THINGS:
            return []
        # The lines near the lattice are the same for both clearances (the pieces drawn so far, near
        # the same area): found once.  The pieces only grow, so their count tells the router's states apart.
        key = (a, b, half, stretch, len(self.pieces))
        near = self._lines_near.get(key)
        drawn = near[0] if near is not None else self._drawn(a, b, half, step, pieces)
        # and the points inside the symbols and labels are the same for every router of the drawing
        # (the obstacles are only asked for them)
        shut = (a, b, half, clearance, stretch)
        closed = self.memo.closed.get(shut)
        obstacles = self._obstacles(labels, people, ends, clear) if closed is None else []

        # Whether a piece is clear of labels and along no line is the same for every search of this
        # line while no other line is drawn (only the symbols' clearance differs): found once a piece.
        known = self._clear_pieces.setdefault((a, b, half, len(self.pieces)), {})

        def straight(p: Point, q: Point) -> bool:
            """Clear of labels and symbols with room to round the corners, and along no line."""
            got = known.get((p, q))
            if got is False or self._symbols_entered([p, q], ends, clear, 1):
                return False
            if got is None:
                got = known[p, q] = not self._labels_crossed([p, q], half + 0.25 * fs, 1) and \
                    self._along_none(p, q, a, b, half)
            return got

        query = LatticeQuery(step, reach, obstacles, drawn, straight, _CROSSING, _DETOUR_SPOTS)
        ends_at = (a.x, a.y), (b.x, b.y)
        if near is None:
            near = self._lines_near[key] = (drawn, lines_in_frame(*ends_at, query, self.memo.lines))
        if closed is None:
            closed = self.memo.closed[shut] = closed_points(*ends_at, query)
        query = replace(query, lines=near[1], closed=closed)
        path = lattice_path(*ends_at, query)
        if path is None or len(path) <= 2:
            return []
        def entered(p: Point, q: Point) -> bool:
            """Whether the piece enters a label or a symbol, as `_score` counts them."""
            return bool(self._labels_crossed([p, q], half - 0.5, 1) or
                        self._symbols_entered([p, q], ends, half + 0.25 * fs, 1))

        path = unclipped(path, entered)
        # tight corners too (a wide turn next to a line may run along it for a moment), and the
        # corners as found (a rounded corner cuts inside, where the path turns round a symbol)
        return [rounded(path, fs), rounded(path, 0.3 * fs), path]

    def _obstacles(self, labels: Collection[int], people: Collection[int], ends: tuple[str, str],
                   clear: float) -> list[Obstacle]:
        """The labels and symbols (but the line's two ends) a detour keeps `clear` off."""
        obstacles = [Obstacle(self.labels[i].expand(clear)) for i in sorted(labels)]
        for i in sorted(people):
            p = self.people[i]
            if p.node not in ends:
                r = 1.5 * (p.half + clear)
                obstacles.append(Obstacle(Box(p.x - r, p.y - r, p.x + r, p.y + r),
                                          partial(p.inside, grow=clear)))
        return obstacles

    def _drawn(self, a: Person, b: Person, half: float, step: float, pieces: Collection[int]) -> list[Drawn]:
        """The pieces drawn near a detour's lattice, as the lattice sees them."""
        # lines to one of the ends meet at its symbol: near it they are no obstacle
        meeting = {e.node: (e.x, e.y, 4.0 * e.half) for e in (a, b)}
        return [Drawn(o.a, o.b, half + o.half + 5.0 + 0.5 * step, (o.ux, o.uy),
                      tuple(meeting[e] for e in o.ends if e in meeting))
                for o in (self.pieces[i] for i in sorted(pieces))]

    def _dense(self, ctrl: Sequence[Point]) -> list[Point]:
        if len(ctrl) == 2:
            return list(ctrl)
        if len(ctrl) > 4:
            return list(ctrl)  # already a smoothed path
        rough = sum(math.dist(p, q) for p, q in pairwise(ctrl))
        n = max(8, min(80, int(rough / (0.45 * self.font_size))))
        return [bezier(ctrl, i / n) for i in range(n + 1)]

    def _sample(self, ctrl: Sequence[Point], a: Person, b: Person) -> list[Point]:
        """The path cut back to the two symbols' rims."""
        pts = self._dense(ctrl)
        start = _leave(pts, a)
        end = _leave(pts[::-1], b)
        if start is None or end is None:
            return [pts[0], pts[-1]]
        (i, p), (j, q) = start, end
        middle = pts[i + 1:len(pts) - 1 - j]
        return [p, *middle, q] if middle or p != q else [p, q]

    def _best(self, candidates: list[list[Point]], a: Person, b: Person, half: float,
              best: _Score | None) -> _Score:
        """The cheapest of the candidates (or `best`, found before, when none beats it)."""
        options: list[tuple[float, int, _Sampled]] = []
        for ctrl in candidates:
            key = (a, b, tuple(ctrl))
            got = self.memo.samples.get(key)
            if got is None:
                pts = self._sample(ctrl, a, b)
                length = sum(math.dist(p, q) for p, q in pairwise(pts))
                got = self.memo.samples[key] = _Sampled(length, tuple(pts))
            options.append((got.length, len(options), got))
        options.sort(key=lambda o: (o[0], o[1]))
        # A candidate's cost is at least its length less the distance between the centres.
        apart = math.hypot(a.x - b.x, a.y - b.y)
        for length, _, sampled in options:
            if best is not None and length - apart >= best.cost:
                break  # every later candidate is longer than the best is costly
            if best is not None and best.cost < _TOO_LONG and self._work >= _WORK_PER_LINE:
                break  # the line's work is spent, and the best so far keeps the contract
            cost = self._score(sampled, a, b, half, best.cost if best else math.inf)
            if best is None or cost < best.cost:
                # (a list of its own: the route is the caller's)
                best = _Score(cost, list(sampled.points), sampled)
        assert best is not None
        return best

    # ------------------------------------------------------------------ scoring
    def _score(self, sampled: _Sampled, a: Person, b: Person, half: float, budget: float) -> float:
        pts, length = sampled.points, sampled.length
        apart = math.hypot(a.x - b.x, a.y - b.y)
        cost = length - math.dist(pts[0], pts[-1]) + max(0.0, length - _BENT * apart)
        if length > DETOUR_LIMIT * apart:
            cost += _TOO_LONG
        if cost >= budget:
            return cost
        # Each piece of the line against the symbols and labels near it, exactly (a straight
        # candidate is one long piece); pieces of about a font size for what it runs along or crosses.
        fs = self.font_size
        self._work += length / fs
        hits = (budget - cost) / _SYMBOL_HIT  # this many symbol hits and it is no better than the best
        hit_people = self._sampled_symbols(sampled, (a.node, b.node), half + 0.25 * fs, hits)
        if cost + _SYMBOL_HIT * hit_people >= budget and hit_people:
            return budget  # through someone: no better than the best so far
        cost += _SYMBOL_HIT * hit_people
        hit_labels = self._sampled_labels(sampled, half - 0.5)
        if cost + LABEL_HIT * hit_labels >= budget and hit_labels:
            return budget
        cost += LABEL_HIT * hit_labels
        if cost >= budget:
            return cost
        along = 0.0
        crossings: set[int] = set()
        reach = half + 6.0
        runs = sampled.pieces.get(reach)
        if runs is None:
            # Pieces of a font size; a line across a big family in at most _PIECES pieces (a gentle
            # curve thousands of font sizes long is near straight over a few of them).
            coarse = subdivided(pts, max(fs, length / _PIECES))
            runs = sampled.pieces[reach] = list(_runs(self._piece_grid.cell, coarse, reach))
        # The lines near a few pieces at a time (one grid look-up for them): a line further than
        # `reach` from a piece neither runs along it nor crosses it, so the extra ones change nothing.
        for chunk, extent, around in runs:
            near = self._near_run(sorted(self._piece_grid.near(*around)), extent, half)
            for p, q in pairwise(chunk):
                along = self._along(p, q, near, half, crossings, along, (a, b))
            if cost + _along_cost(along) + _CROSSING * len(crossings) >= budget:
                return budget  # the costs only grow along the line: no better than the best so far
        return cost + _along_cost(along) + _CROSSING * len(crossings)

    def _symbols_entered(self, pts: Sequence[Point], ends: tuple[str, str], grow: float,
                         enough: float = math.inf) -> int:
        """How many people (other than the line's two ends) have a symbol, grown by `grow`, that the
        line enters; the search stops once `enough` are found (the line is already too costly)."""
        count = 0
        for count in self._symbol_counts(pts, ends, grow):
            if count >= enough:
                break
        return count

    def _symbol_counts(self, pts: Sequence[Point], ends: tuple[str, str], grow: float,
                       runs: Sequence[tuple[Sequence[Point], Extent]] | None = None) -> Iterator[int]:
        """The number of symbols `_symbols_entered` has found after each run of pieces of the line."""
        hit: set[int] = set()
        for chunk, near, extent in _chunks(self._people_grid, pts, 0.0, runs):
            for i in near:
                who = self.people[i]
                if i in hit or who.node in ends:
                    continue
                r = who.half + grow
                if _apart(extent, who.x - r, who.y - r, who.x + r, who.y + r):
                    continue  # (a circle lies in this square)
                if any(who.crosses(p, q, grow) for p, q in pairwise(chunk)):
                    hit.add(i)
            yield len(hit)

    def _sampled_symbols(self, sampled: _Sampled, ends: tuple[str, str], grow: float, enough: float) -> int:
        """`_symbols_entered` of a sampled candidate, the runs looked at kept for the next time
        (with another `enough`: its count is the first one found reaching it, as the search's)."""
        key = (ends, grow)
        state = sampled.symbols.get(key)
        if state is None:
            runs = self._sampled_runs(sampled)
            state = sampled.symbols[key] = ([], self._symbol_counts(sampled.points, ends, grow, runs))
        counts, more = state
        for count in counts:
            if count >= enough:
                return count
        for count in more:
            counts.append(count)
            if count >= enough:
                return count
        return counts[-1] if counts else 0

    def _sampled_labels(self, sampled: _Sampled, grow: float) -> int:
        """How many labels a sampled candidate crosses (`_labels_crossed`), found once."""
        got = sampled.labels.get(grow)
        if got is None:
            runs = self._sampled_runs(sampled)
            got = sampled.labels[grow] = len(self._labels_crossed(sampled.points, grow, runs=runs))
        return got

    def _sampled_runs(self, sampled: _Sampled) -> list[tuple[Sequence[Point], Extent]]:
        """A sampled candidate's runs of pieces, the same for the symbols' grid and the labels'
        (one cell size): cut once."""
        if sampled.runs is None:
            runs = _runs(self._label_grid.cell, sampled.points, 0.0)
            sampled.runs = [(chunk, extent) for chunk, extent, _ in runs]
        return sampled.runs

    def _labels_crossed(self, pts: Sequence[Point], grow: float, enough: float = math.inf,
                        runs: Sequence[tuple[Sequence[Point], Extent]] | None = None) -> set[int]:
        """The labels whose boxes, grown by `grow`, the line passes through; the search stops once
        `enough` are found (all the caller asks is whether it crosses any)."""
        hit: set[int] = set()
        for chunk, near, extent in _chunks(self._label_grid, pts, max(0.0, grow), runs):
            for i in near:
                if i not in hit:
                    box = self.labels[i].expand(grow)
                    if not _apart(extent, box.x0, box.y0, box.x1, box.y1) and \
                            any(segment_box_hits(p, q, box) for p, q in pairwise(chunk)):
                        hit.add(i)
            if len(hit) >= enough:
                break
        return hit

    def _along_none(self, p: Point, q: Point, a: Person, b: Person, half: float) -> bool:
        """Whether the straight piece pq of a line from a to b runs along no line drawn."""
        fs = self.font_size
        # (what runs along a line only adds to `along`: the first piece that does settles it)
        for chunk, got, extent in _chunks(self._piece_grid, subdivided([p, q], fs), half + 6.0):
            got = self._near_run(got, extent, half)
            for c, d in pairwise(chunk):
                if self._along(c, d, got, half, set(), 0.0, (a, b)) != 0.0:
                    return False
        return True

    def _near_run(self, near: list[int], extent: Extent, half: float) -> list[int]:
        """The lines of `near` that `_along` may find a piece within `extent` running along or
        crossing: it passes over the others for each piece (the same test, made once for the run)."""
        out = []
        for i in near:
            o = self.pieces[i]
            tol = half + o.half + (2.5 if o.relationship else 4.5)
            b = o.box
            if not (extent[2] < b.x0 - tol or extent[0] > b.x1 + tol or extent[3] < b.y0 - tol
                    or extent[1] > b.y1 + tol):
                out.append(i)
        return out

    def _along(self, p: Point, q: Point, near: list[int], half: float, crossings: set[int],
               along: float, ends: tuple[Person, Person]) -> float:
        """`along` plus how far piece pq runs along the lines `near` it (once per line it lies
        along); the lines it crosses are added to `crossings`.  Two relationship lines to one
        person meet at their symbol: near it they neither run along each other nor cross."""
        seg = math.dist(p, q)
        if seg == 0:
            return along
        ux, uy = (q[0] - p[0]) / seg, (q[1] - p[1]) / seg
        x0, y0, x1, y1 = min(p[0], q[0]), min(p[1], q[1]), max(p[0], q[0]), max(p[1], q[1])
        for i in near:
            o = self.pieces[i]
            tol = half + o.half + (2.5 if o.relationship else 4.5)
            b = o.box
            if x1 < b.x0 - tol or x0 > b.x1 + tol or y1 < b.y0 - tol or y0 > b.y1 + tol:
                continue  # too far to run along it or to cross it
            if o.ends and any(e.node in o.ends and _converging(e, p, q, tol, abs(ux * o.uy - uy * o.ux))
                              for e in ends):
                continue
            if abs(ux * o.uy - uy * o.ux) < 0.3 and distance_to_segment(p, o.a, o.b) < tol \
                    and distance_to_segment(q, o.a, o.b) < tol:
                along += seg
            elif i not in crossings and segments_cross(p, q, o.a, o.b):
                crossings.add(i)
        return along

    def route(self, a: Person, b: Person, width: float = 0.0) -> list[Point]:
        """The line from a to b (arrows point at b), drawn `width` wide; remembered for the next ones.

        The straight line and the simple bows first; the flat bows, the paths along the gaps
        between rows and the S-curves only when none of those keeps clear of every symbol,
        line and label (most lines never need them, and they cost most of the time); the paths
        across a free band only when none of those does either, and the lattice last.
        """
        half = width / 2
        self._work = 0.0
        candidates = self._candidates(a, b)
        simple = 1 + 2 * len(_BOWS)
        best: _Score | None = None
        for tier in (candidates[:simple], candidates[simple:]):
            best = self._best(tier, a, b, half, best)
            if best.cost < LABEL_HIT:
                break
        assert best is not None
        if best.cost >= LABEL_HIT and self._names_crossed(best, half - 0.5):
            best = self._best(self._free_band_paths(a, b), a, b, half, best)
        for clearance in _DETOUR_CLEARANCES:  # (the second where the first still crosses a name)
            if best.cost >= LABEL_HIT:
                self._work = 0.0  # the detours have a budget of their own
                best = self._best(self._detours(a, b, half, clearance), a, b, half, best)
        for clearance in _DETOUR_CLEARANCES:
            if best.cost >= _SYMBOL_HIT:  # through someone still: the long way round instead
                self._work = 0.0
                longer = self._detours(a, b, half, clearance, _DETOUR_LAST_STRETCH)
                best = self._best(longer, a, b, half, best)
        self.last_cost = best.cost
        self.last_names = self._names_crossed(best, half - 0.5) if best.cost >= LABEL_HIT else 0
        self.keep(best.points, a, b, width)
        return best.points

    def _names_crossed(self, best: _Score, grow: float) -> int:
        """How many labels the best route crosses (as its candidate was scored, when it was)."""
        if best.sampled is not None:
            return self._sampled_labels(best.sampled, grow)
        return len(self._labels_crossed(best.points, grow))

    def keep(self, points: Sequence[Point], a: Person, b: Person, width: float) -> None:
        """A line from a to b drawn `width` wide along `points`: one the next lines keep off."""
        for p, q in pairwise(points):
            self._add_piece(_Piece.of(p, q, width / 2, True, (a.node, b.node)))
