"""The one-parent union placed: which side its line leaves the parent from, its drop beside
the parent's labels, its union label, and the unknown other parent's "?" beside the drop.

Pure geometry over the layout's lines (`LineIndex`); the drawing writes what this places.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise

from ... import text as tm
from ...geometry import Box, Point, bounds, segments_cross
from ...labels import Anchor, PlacedText
from ...lang import Words
from ...style import Style
from . import lines as ln
from .adapter import Metrics, one_parent_lines, unknown_partner_half
from .layout import GenogramLayout
from .scene import Placed, UnionPlacement, UnknownPartner


def rim_side(p: Placed, side: float) -> Point:
    """Where a one-parent line leaves the symbol: its side, a little below mid-height.

    Below the middle, so that it never lies on a partner line or a straight
    relationship line, which both run at mid-height.
    """
    cx, cy = p.plan.center
    h = p.plan.half
    dy = 0.5 * h
    shape = p.plan.shape
    if shape == "square":
        dx = h
    elif shape == "circle":
        dx = math.sqrt(h * h - dy * dy)
    elif shape == "diamond":
        dx = h - dy
    else:
        raise KeyError(shape)
    return (cx + side * dx, cy + dy)


def one_parent_route(p: Placed, side: float, gx: float, route: list[Point],
                     start: Point | None = None) -> list[Point]:
    """The route from the parent's side (`start`: `rim_side(p, side)`, if known) to a child."""
    if start is None:
        start = rim_side(p, side)
    bar_y = route[1][1]
    # The layout's route starts at the parent's centre and drops to the bar: keep it from the bar on.
    rest = route[2:] if len(route) > 2 else route[1:]
    if rest and abs(rest[0][1] - bar_y) > 1e-6:
        # a child standing right under the descent point: the route went on straight down from
        # the bar, and from the drop beside the labels it must run along the bar to it first
        rest = [(rest[0][0], bar_y), *rest]
    return [start, (gx, start[1]), (gx, bar_y), *rest]


def crossings(route: Sequence[Point], others: Sequence[tuple[Point, Point]]) -> int:
    """Proper crossings of a route's pieces with other segments (all of them axis-parallel).

    A segment whose box lies wholly to one side of a piece's box cannot cross it, and is passed
    over with four comparisons instead of `segments_cross`'s four cross products (the lines near a
    wide route are mostly far from each of its pieces: a family of 2,300 people with 600 one-parent
    unions spent a third of its drawing time in this test)."""
    count = 0
    for (ax, ay), (bx, by) in pairwise(route):
        x0, x1 = (ax, bx) if ax <= bx else (bx, ax)
        y0, y1 = (ay, by) if ay <= by else (by, ay)
        for c, d in others:
            (cx, cy), (dx, dy) = c, d
            if (cx < x0 and dx < x0) or (cx > x1 and dx > x1) or (cy < y0 and dy < y0) or \
                    (cy > y1 and dy > y1):
                continue
            count += segments_cross((ax, ay), (bx, by), c, d)
    return count


# How many lines near a route are tested against each of its pieces (`LineIndex.crossings`): past
# that, finding the few near each piece costs less than the tests.
FEW_LINES = 48


@dataclass
class LineIndex:
    """The layout's partner and descent lines, found by where they are (a grid of square cells),
    so that a one-parent route is compared with the lines near it, not with every line of the
    family (600 one-parent unions took 15 s that way), and each person's partners' sides."""

    cell: float
    grid: dict[tuple[int, int], list[int]]
    segments: list[tuple[str, Point, Point]]  # (union id, end, end)
    partner_sides: dict[str, set[float]]  # node -> sides (-1 left, +1 right) its partners stand on
    extents: list[tuple[float, float, float, float]]  # each segment's x0, x1, y0, y1

    @staticmethod
    def of(lay: GenogramLayout) -> LineIndex:
        segments: list[tuple[str, Point, Point]] = []
        sides: dict[str, set[float]] = {}
        for uid, geo in lay.unions.items():
            if len(geo.partners) == 2:
                segments.append((uid, (geo.x1, geo.y), (geo.x2, geo.y)))
                a, b = geo.partners
                if a in lay.positions and b in lay.positions:
                    xa, xb = lay.positions[a][0], lay.positions[b][0]
                    sides.setdefault(a, set()).add(1.0 if xb > xa else -1.0)
                    sides.setdefault(b, set()).add(1.0 if xa > xb else -1.0)
            for r in geo.descents.values():
                for p, q in pairwise(r):
                    segments.append((uid, p, q))
        cell = 2 * lay.row_gap
        grid: dict[tuple[int, int], list[int]] = {}
        extents = []
        floor = math.floor
        for i, (_, (px, py), (qx, qy)) in enumerate(segments):
            x0, x1 = (px, qx) if px <= qx else (qx, px)
            y0, y1 = (py, qy) if py <= qy else (qy, py)
            extents.append((x0, x1, y0, y1))
            # every cell the line's box meets (written out: no generator per line)
            i0, i1 = floor(x0 / cell), floor(x1 / cell)
            j0, j1 = floor(y0 / cell), floor(y1 / cell)
            if i0 == i1 and j0 == j1:  # (most lines lie in one cell)
                held = grid.get((i0, j0))
                if held is None:
                    grid[(i0, j0)] = [i]
                else:
                    held.append(i)
                continue
            for ci in range(i0, i1 + 1):
                for cj in range(j0, j1 + 1):
                    held = grid.get((ci, cj))
                    if held is None:
                        grid[(ci, cj)] = [i]
                    else:
                        held.append(i)
        return LineIndex(cell, grid, segments, sides, extents)

    def near(self, route: Sequence[Point], skip: str) -> list[tuple[Point, Point]]:
        """The lines of other unions whose bounding boxes meet the route's (each once, in no
        particular order)."""
        (x0, y0), *rest = route
        x1, y1 = x0, y0
        for x, y in rest:  # the route's box (comparisons, not four lists and four calls)
            if x < x0:
                x0 = x
            elif x > x1:
                x1 = x
            if y < y0:
                y0 = y
            elif y > y1:
                y1 = y
        cell, grid = self.cell, self.grid
        i0, i1 = math.floor(x0 / cell), math.floor(x1 / cell)
        j0, j1 = math.floor(y0 / cell), math.floor(y1 / cell)
        candidates: Iterable[int]
        if i0 == i1 and j0 == j1:
            # one cell (most routes): its list is already in segment order, each segment once
            candidates = grid.get((i0, j0), ())
        else:
            # each segment once, in no particular order: every caller counts or tests the lines
            found: set[int] = set()
            for i in range(i0, i1 + 1):
                for j in range(j0, j1 + 1):
                    held = grid.get((i, j))
                    if held:
                        found.update(held)
            candidates = found
        segments, extents = self.segments, self.extents
        out = []
        for i in candidates:
            sx0, sx1, sy0, sy1 = extents[i]
            if sx0 <= x1 and sx1 >= x0 and sy0 <= y1 and sy1 >= y0:
                uid, p, q = segments[i]
                if uid != skip:
                    out.append((p, q))
        return out

    def crossings(self, routes: Iterable[Sequence[Point]], skip: str) -> int:
        """The sum of `crossings(route, self.near(route, skip))` over the routes, the same count.

        Every piece of a route is tested against every line near the route.  Beside a wide
        sibship those are every line of the rows the route spans (the box of its drop and its
        bar together): past `FEW_LINES` of them, each piece is compared with the lines near that
        piece alone (a line crossing a piece meets the piece's box, so it is among them), and
        counted once for every route it is a piece of (a one-parent union's drop to its
        children's bar is a piece of every child's route).  Those tests were two fifths of
        placing royal92's unions."""
        counted: dict[tuple[Point, Point], int] = {}
        total = 0
        for route in routes:
            near = self.near(route, skip)
            if len(near) <= FEW_LINES:
                total += crossings(route, near)
                continue
            for piece in pairwise(route):
                count = counted.get(piece)
                if count is None:
                    count = counted[piece] = crossings(piece, self.near(piece, skip))
                total += count
        return total


def one_parent_side(p: Placed, box: Box, routes: dict[str, list[Point]], lines: LineIndex, uid: str,
                     gap: float, keep_off: float = 0.0) -> tuple[float, float]:
    """Which side the one-parent line leaves from, and the x of its drop beside the labels.

    The side without a partner line of this parent first: the unknown other parent's "?" sits
    beside the drop, and on a partner's side it would read as standing between the two
    partners.  Then not the side `keep_off` (where the household region passes down beside the
    parent, `adapter.household_passes`: the "?" would stand in its way).  Then the side that
    crosses fewest other lines; then the side the children are on.
    """
    cx = p.plan.center[0]
    partnered = lines.partner_sides.get(p.node, set())
    kids = sum(r[-1][0] for r in routes.values()) / len(routes)
    options = []
    for side in (-1.0, 1.0):
        gx = box.x1 + gap if side > 0 else box.x0 - gap
        start = rim_side(p, side)
        crossing = lines.crossings([one_parent_route(p, side, gx, r, start) for r in routes.values()], uid)
        options.append((side in partnered, side == keep_off, crossing, (kids - cx) * side < 0, side, gx))
    *_, side, gx = min(options)
    return side, gx


def unknown_partner(p: Placed, side: float, gx: float, bar_y: float, lines: LineIndex, uid: str,
                     m: Metrics) -> UnknownPartner:
    """The "?" of a one-parent union, beside its drop, clear of every other line.

    Level with the stub when that is clear.  When the parent has partners on both sides the
    stub runs under a partner line: the "?" then moves down the drop until it is a gap below
    that line (and any other line near it), so that it hangs off this union's own line and
    never reads as standing on the partner line between the two partners.
    """
    half = unknown_partner_half(m.size)
    cx = gx + side * (m.gap + half)
    y = rim_side(p, side)[1]
    lowest = bar_y - half - m.gap  # stay above the children's bar
    clear = m.gap  # also clears a consanguineous couple's second line (`ln.double_line_gap`)

    def touching(cy: float) -> bool:
        corners = [(cx - half - clear, cy - half - clear), (cx + half + clear, cy + half + clear)]
        return bool(lines.near(corners, uid))

    while y < lowest and touching(y):
        y = min(lowest, y + m.gap / 2)
    return UnknownPartner((cx, y), half, (gx, y))


def one_parent_labels(unknown: UnknownPartner, side: float, spec: ln.UnionSpec, style: Style,
                      words: Words) -> list[PlacedText]:
    """The union label ("m. 1983") of a one-parent union, beside its own unknown other parent's
    "?", on the side away from the parent, level with it: read as that union's, as a couple's
    label reads as theirs above their line (stacked under the parent, the labels of a mother's
    children by several unknown fathers could not be told apart).

    The adapter made the parent's column wide enough for every such union's drop, "?" and label
    side by side (`adapter._widen_for_partner_lines`)."""
    lines = one_parent_lines(spec, words)
    if not lines:
        return []
    size = style.font.small
    (cx, cy), half = unknown.center, unknown.half
    x = cx + side * (half + LABEL_GAP * style.font.size)
    # the lines' block centred on the "?"
    step = style.font.line_height * size
    baseline = cy + 0.5 * (tm.ascent(size) - tm.descent(size)) - 0.5 * (len(lines) - 1) * step
    anchor: Anchor = "start" if side > 0 else "end"
    return [PlacedText(x, baseline, lines, size, anchor, False, style.font.line_height)]


# How far a one-parent union's label stands from its "?", in font sizes.
LABEL_GAP = 0.3


def place_one_parent(placement: UnionPlacement, uid: str, parent: Placed | None,
                     lines: Callable[[], LineIndex], style: Style, words: Words, m: Metrics,
                     stack: Box | None = None, keep_off: float = 0.0) -> None:
    """A one-parent union: the line leaves the parent's side and drops beside their labels,
    the unknown other parent stands beside the drop and the union's label beside it.  `lines`
    gives the layout's lines (built at the first one-parent union, then shared); `stack`: the
    box of the parent's one-parent unions placed before ("?"s and labels), which this one's
    drop goes beyond; `keep_off`: the side to leave free (see `one_parent_side`)."""
    routes = placement.descents
    if parent is None or not routes:
        return
    column = bounds([parent.extent, *([stack] if stack else [])])
    side, gx = one_parent_side(parent, column, routes, lines(), uid, m.gap, keep_off)
    for child, r in routes.items():
        routes[child] = one_parent_route(parent, side, gx, r)
    bar_y = min(r[2][1] for r in routes.values())
    placement.unknown = unknown_partner(parent, side, gx, bar_y, lines(), uid, m)
    placement.labels = one_parent_labels(placement.unknown, side, placement.spec, style, words)


def part_bars(own: Sequence[UnionPlacement], parent_x: float, step: float) -> None:
    """Keep apart the sibship bars of one parent's one-parent unions on one side.

    Each drop, beside the parent, runs along its children's bar at the height the layout gave
    it; the bars of the parent's unions all had that height, and a bar from a farther drop ran
    on along a nearer union's bar, so the children could not be told apart by union.  The
    farther a union's drop from the parent, the lower its bar, one `step` below the nearest
    bar it would meet (a nearer union's drop then ends above it: no crossing, the children in
    birth order as the unions are)."""
    placed: list[tuple[float, float, float]] = []  # (lo, hi, y) of each bar kept
    for placement in sorted(own, key=lambda u: abs(_drop_x(u) - parent_x)):
        bars = [(min(r[2][0], r[3][0]), max(r[2][0], r[3][0]), r[2][1])
                for r in placement.descents.values() if len(r) > 3 and abs(r[2][1] - r[3][1]) < 1e-6]
        if not bars:
            continue
        lo, hi, y = min(b[0] for b in bars), max(b[1] for b in bars), bars[0][2]
        met = [yy for a, b, yy in placed if a <= hi + step and lo - step <= b and yy >= y - step / 2]
        new_y = max(met) + step if met else y
        if new_y != y:
            for child, r in placement.descents.items():
                placement.descents[child] = [(x, new_y) if k in (2, 3) and abs(py - y) < 1e-6 else (x, py)
                                             for k, (x, py) in enumerate(r)]
        placed.append((lo, hi, new_y))


def _drop_x(placement: UnionPlacement) -> float:
    """The x of a one-parent union's drop beside the parent (its routes' second point)."""
    return next(iter(placement.descents.values()))[1][0]
