"""Body map: where each mark's symbol goes on its region, in bounded time.

Two ways, tried in this order:

1. Free placement (what every ordinary map gets): each symbol near its region's pole,
   clear of the symbols already placed on the view; a region whose marks do not all fit
   that way spreads them to opposite ends; a crowded region's symbols shrink (to 70 %)
   and everything is placed again.  Clearance is asked of the placed symbols near the
   point only (a grid of cells as wide as the largest clearance), which gives the same
   answers as asking all of them.  The search counts the candidate points it tries; past
   ``FREE_BUDGET`` (or with so many marks that numbers reach four digits), or when some
   symbols still cannot keep clear, it gives up for the second way.
2. Lattice placement (maps with more marks than the figure holds at its usual size):
   every symbol at the smallest size, on a hexagonal lattice anchored at its region's
   pole, nearest the pole first, each lattice point deep enough inside its region that
   symbols of neighbouring regions keep clear too; the figure is drawn larger (never
   smaller) until every region's lattice holds its marks.  The lattice spacing leaves
   room for the widest number, so no number covers a neighbour's symbol.  Its cost grows
   with the number of lattice points, about the number of marks.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache

from . import outline

Point = tuple[float, float]

#: How far the widest symbol reaches from its centre, in symbol radii (draw.py keeps to it).
EXTENT = 1.32
#: Centres of two symbols keep this many times the sum of their radii apart.
CLEAR = EXTENT + 0.1
#: Candidate points the free placement may try, over all its rounds, before the lattice takes over
#: (the examples need at most ~1,100; 50 marks on every region ~5,000, 70 some 23,000).
FREE_BUDGET = 40_000
#: From this many marks on, numbers have four digits and the free placement's clearance (made
#: for numbers of up to three) no longer keeps them off the neighbours: the lattice places them.
FREE_MARKS = 1000
#: How much larger the figure is drawn per try when a region's lattice does not hold its marks.
GROW = 1.08


@dataclass(frozen=True)
class Item:
    """One mark to place: its number and where it goes."""

    number: int
    region: str
    view: str


@dataclass(frozen=True)
class Placement:
    """Where the symbols went (outline units), their radii (page units) and the figure's scale."""

    centres: dict[int, Point]
    radius: dict[int, float]
    scale: float
    lattice: bool  # placed on the lattice (a map with more marks than the usual figure holds)


# --------------------------------------------------------------------------- free placement


class _OverBudget(Exception):
    """The free placement tried more candidate points than ``FREE_BUDGET``."""


@dataclass
class _Near:
    """Placed symbols (centre, radius, outline units) in a grid of square cells at least as
    wide as the largest clearance two symbols ask for, so that every symbol a point is not
    clear of lies in the 3 x 3 cells round it."""

    cell: float
    cells: dict[tuple[int, int], list[tuple[Point, float]]] = field(default_factory=lambda: defaultdict(list))

    def add(self, p: Point, r: float) -> None:
        self.cells[(math.floor(p[0] / self.cell), math.floor(p[1] / self.cell))].append((p, r))

    def clearance(self, p: Point, r_local: float) -> float:
        """Room left between a symbol at p and the nearest placed one, after both symbols' reach
        and a small gap: exact when negative (not clear); some value >= 0 when clear."""
        i, j = math.floor(p[0] / self.cell), math.floor(p[1] / self.cell)
        best = math.inf
        cells = self.cells
        for di in (-1, 0, 1):
            for dj in (-1, 0, 1):
                for q, rq in cells.get((i + di, j + dj), ()):
                    d = math.dist(p, q) - CLEAR * (r_local + rq)
                    if d < best:
                        best = d
        return best


@dataclass
class _Work:
    left: int = FREE_BUDGET

    def spend(self, n: int = 1) -> None:
        self.left -= n
        if self.left < 0:
            raise _OverBudget


@cache
def _candidates(region: str, view: str, figure: str) -> tuple[Point, ...]:
    """Points inside the region on a fine grid, nearest to the region's pole first."""
    shape = outline.region_shape(region, view, figure)
    anchor = outline.region_anchor(region, view, figure)
    step = 1.5
    # The grid is built by repeated addition, as it always was: the float values of the
    # points (and so the sort below) depend on it.
    gx: list[float] = []
    x = math.floor(shape.x0 / step) * step
    while x <= shape.x1:
        gx.append(x)
        x += step
    gy: list[float] = []
    y = math.floor(shape.y0 / step) * step
    while y <= shape.y1:
        gy.append(y)
        y += step
    out = [(x, y) for y, row in zip(gy, shape.rows(gy), strict=True)
           for x in outline.inside_on_row(row, gx)]
    out.sort(key=lambda p: (math.dist(p, anchor), p))
    return (anchor, *out)


def _clearance(p: Point, r_local: float, placed: _Near, mine: _Near, work: _Work) -> float:
    work.spend()
    return min(placed.clearance(p, r_local), mine.clearance(p, r_local))


def _near_pole(region: str, view: str, figure: str, r_local: float, placed: _Near, mine: _Near,
               work: _Work) -> tuple[Point, bool]:
    """The point nearest the region's pole that is deep enough for the whole symbol and
    clear of the others; failing depth, the deepest clear one; failing clearance, the
    point farthest from the others (and False)."""
    shape = outline.region_shape(region, view, figure)
    enough = r_local + 1.0
    best_fit: tuple[float, Point] | None = None  # (depth, point) among clear points
    best_far: tuple[float, Point] | None = None  # (clearance, point) when none is clear
    for p in _candidates(region, view, figure):
        clear = _clearance(p, r_local, placed, mine, work)
        if clear >= 0:
            # Candidates come nearest-the-pole first: the first deep enough one wins.
            depth = shape.depth(p)
            if depth >= enough:
                return p, True
            if best_fit is None or depth > best_fit[0]:
                best_fit = (depth, p)
        elif best_fit is None and (best_far is None or clear > best_far[0]):
            best_far = (clear, p)
    if best_fit is not None:
        return best_fit[1], True
    assert best_far is not None
    return best_far[1], False


def _spread(region: str, view: str, figure: str, r_local: float, placed: _Near, mine: _Near,
            work: _Work) -> tuple[Point, bool]:
    """For a crowded region: the clear point farthest from the pole (so the next mark
    still finds room on the other side), else the point farthest from the others."""
    anchor = outline.region_anchor(region, view, figure)
    shape = outline.region_shape(region, view, figure)
    best: tuple[tuple[float, float], Point] | None = None
    for p in _candidates(region, view, figure):
        if shape.depth(p) < 0.25 * r_local:
            continue
        clear = _clearance(p, r_local, placed, mine, work)
        key = (min(clear, 0.0), math.dist(p, anchor))
        if best is None or key > best[0]:
            best = (key, p)
    if best is None:
        return anchor, False
    return best[1], best[0][0] >= 0


def _groups(items: Sequence[Item]) -> list[list[Item]]:
    """Runs of items on the same region of the same view (the items come in number order,
    and the marks of one region are numbered together)."""
    groups: list[list[Item]] = []
    for item in items:
        if groups and (groups[-1][0].region, groups[-1][0].view) == (item.region, item.view):
            groups[-1].append(item)
        else:
            groups.append([item])
    return groups


def _place_free(items: Sequence[Item], figure: str, radii: dict[int, float], work: _Work,
                ) -> tuple[dict[int, Point], set[int]]:
    """Symbol centres (outline units) in number order, and the numbers of the symbols that
    could not keep clear.

    Each symbol goes near its region's pole, clear of the symbols already placed on
    the view (`_near_pole`); when a region's marks do not all fit that way, they are
    spread to opposite ends of it instead (`_spread`) if that fits more of them.
    """
    cell = 2 * CLEAR * max(radii.values())
    placed: dict[str, _Near] = {}
    out: dict[int, Point] = {}
    crowded: set[int] = set()
    for group in _groups(items):
        region, view = group[0].region, group[0].view
        others = placed.setdefault(view, _Near(cell))
        attempts = []
        for chooser in (_near_pole, _spread) if len(group) > 1 else (_near_pole,):
            mine = _Near(cell)
            spots: list[Point] = []
            failed = set()
            for item in group:
                p, ok = chooser(region, view, figure, radii[item.number], others, mine, work)
                mine.add(p, radii[item.number])
                spots.append(p)
                if not ok:
                    failed.add(item.number)
            attempts.append((len(failed), spots, failed))
            if not failed:
                break
        _, spots, failed = min(attempts, key=lambda a: a[0])
        for item, p in zip(group, spots, strict=True):
            out[item.number] = p
            others.add(p, radii[item.number])
        crowded |= failed
    return out, crowded


def _free(items: Sequence[Item], figure: str, r: float, r_min: float, scale: float) -> Placement | None:
    """The free placement; None when it cannot keep every symbol clear within its budget.

    The symbols of a crowded region shrink (the others keep their size), by 10 % per round,
    to ``r_min``."""
    radius = {item.number: r for item in items}
    work = _Work()
    try:
        while True:
            centres, crowded = _place_free(items, figure, {n: v / scale for n, v in radius.items()}, work)
            regions = {(it.view, it.region) for it in items if it.number in crowded}
            shrink = [it.number for it in items
                      if (it.view, it.region) in regions and radius[it.number] > r_min]
            if not shrink:
                break
            for n in shrink:
                radius[n] = max(r_min, radius[n] * 0.9)
    except _OverBudget:
        return None
    if crowded:
        return None
    return Placement(centres, radius, scale, False)


# --------------------------------------------------------------------------- lattice placement


@cache
def _area(region: str, view: str, figure: str) -> float:
    poly = outline.region_shape(region, view, figure).poly
    return abs(sum(poly[i - 1][0] * poly[i][1] - poly[i][0] * poly[i - 1][1] for i in range(len(poly)))) / 2


def _lattice_points(region: str, view: str, figure: str, spacing: float, count: int) -> list[Point] | None:
    """The ``count`` points of a hexagonal lattice (``spacing`` apart, outline units, one point
    on the region's pole) nearest the pole that lie at least spacing / 2 inside the region;
    None when the region has fewer."""
    shape = outline.region_shape(region, view, figure)
    ax, ay = outline.region_anchor(region, view, figure)
    need = spacing / 2
    h = spacing * math.sqrt(3) / 2
    j0, j1 = math.ceil((shape.y0 + need - ay) / h), math.floor((shape.y1 - need - ay) / h)
    if j1 < j0:
        return None
    ys = [ay + j * h for j in range(j0, j1 + 1)]
    inside: list[Point] = []
    for j, y, row in zip(range(j0, j1 + 1), ys, shape.rows(ys), strict=True):
        shift = 0.5 * spacing if j % 2 else 0.0
        i0 = math.ceil((shape.x0 + need - ax - shift) / spacing)
        i1 = math.floor((shape.x1 - need - ax - shift) / spacing)
        xs = [ax + shift + i * spacing for i in range(i0, i1 + 1)]
        inside += [(x, y) for x in outline.inside_on_row(row, xs)]
    if len(inside) < count:
        return None
    pole = (ax, ay)
    inside.sort(key=lambda p: (math.dist(p, pole), p))
    deep_enough = _EdgeGrid(shape.edges, need).deep_enough
    out: list[Point] = []
    for p in inside:
        if deep_enough(p):
            out.append(p)
            if len(out) == count:
                return out
    return None


class _EdgeGrid:
    """Which lattice points lie at least ``need`` from every edge of a region, each point asking
    only the edges near it: every edge is listed in the square cells (``need`` wide) that its box,
    widened by a little more than ``need``, covers, so an edge closer than ``need`` to a point is
    always among those of the point's cell. The distances are ``outline._nearest``'s, so every
    answer is that of ``shape.depth(p) >= need``; a region of 50 edges and 1,000 marks asks a few
    edges per point instead of 50."""

    def __init__(self, edges: Sequence[outline.Edge], need: float) -> None:
        self.need = need
        self.cell = need if need > 0 else 1.0
        # One edge closer than this is enough to refuse a point (_nearest stops there).
        self.floor = math.nextafter(need, -math.inf)
        self.cells: dict[tuple[int, int], list[outline.Edge]] = defaultdict(list)
        reach = need * 1.01 + 1e-9
        for edge in edges:
            ax, ay, dx, dy, _ = edge
            i0, i1 = self._index(min(ax, ax + dx) - reach), self._index(max(ax, ax + dx) + reach)
            j0, j1 = self._index(min(ay, ay + dy) - reach), self._index(max(ay, ay + dy) + reach)
            for i in range(i0, i1 + 1):
                for j in range(j0, j1 + 1):
                    self.cells[(i, j)].append(edge)

    def _index(self, value: float) -> int:
        return math.floor(value / self.cell)

    def deep_enough(self, p: Point) -> bool:
        near = self.cells.get((self._index(p[0]), self._index(p[1])))
        return not near or outline._nearest(p[0], p[1], near, self.floor) >= self.need


def _lattice(items: Sequence[Item], figure: str, r_min: float, scale: float, spacing_px: float) -> Placement:
    """Every symbol at radius r_min on its region's lattice, ``spacing_px`` apart on the page;
    the scale grows from ``scale`` until every region's lattice holds its marks."""
    groups = _groups(items)
    # A first guess from the areas, from below: a hexagonal cell takes sqrt(3)/2 spacing^2 (the
    # band along a region's edge that no centre may use is left to the growing).
    need = max(len(g) * math.sqrt(3) / 2 * spacing_px ** 2 / _area(g[0].region, g[0].view, figure)
               for g in groups)
    grow = max(1.0, math.sqrt(need) / scale)
    while True:
        at = scale * grow
        centres: dict[int, Point] = {}
        for group in groups:
            points = _lattice_points(group[0].region, group[0].view, figure, spacing_px / at, len(group))
            if points is None:
                break
            for item, p in zip(group, points, strict=True):
                centres[item.number] = p
        else:
            return Placement(centres, {item.number: r_min for item in items}, at, True)
        grow *= GROW


def place_symbols(items: Sequence[Item], figure: str, r: float, r_min: float, scale: float,
          spacing_px: float) -> Placement:
    """Symbol centres for the items (in number order), freely when that keeps every symbol
    clear within the budget, else on the lattice (``spacing_px``: its spacing on the page)."""
    if not items:
        return Placement({}, {}, scale, False)
    if len(items) < FREE_MARKS:
        free = _free(items, figure, r, r_min, scale)
        if free is not None:
            return free
    return _lattice(items, figure, r_min, scale, spacing_px)


__all__ = ["CLEAR", "EXTENT", "FREE_BUDGET", "FREE_MARKS", "Item", "Placement", "place_symbols"]
