"""The household region: rectangles around the members, bridges between rows, their outline.

Pure geometry (boxes in, boxes and outline loops out); `lines.draw_household` draws it.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from ...geometry import Box, Point, segment_box_hits, segments_cross
from .polyline import clean

# --------------------------------------------------------------------------- household region
#
# A convex hull around members in different rows sweeps diagonally over lines and
# other people.  The region instead follows the members: one rectangle per run of
# members side by side in a row, joined by vertical bridges where runs of two rows
# overlap in x, and the union of those rectangles outlined with rounded corners.

@dataclass
class Elbow:
    """An elbow joining the run box `upper` to the run box `lower` one row down (`pieces`: its
    three rectangles, among the region's)."""

    upper: Box
    lower: Box
    pieces: list[Box]


@dataclass
class Region:
    """The household region as rectangles (runs, bridges, elbows), and which of them are elbows."""

    rects: list[Box]
    elbows: list[Elbow] = field(default_factory=list)


def household_region(runs: Sequence[tuple[int, Box]], obstacles: Sequence[Box], radius: float,
                     min_bridge: float, lines: Sequence[Box] = ()) -> Region:
    """The rectangles of the household region: each run's box, plus the bridges that join them
    (and the elbows and slings, named: see `outline`).

    `runs` are (row, box) of each run of members (already grown by the margin);
    a bridge joins two runs in different rows where they overlap in x by at least
    `min_bridge`, and only where it touches no obstacle (a box of someone else).
    Bridges form a spanning forest, nearest rows and widest overlaps first, so the
    region has no loops that would enclose what lies between them.  Of the elbows and slings
    (`_sling`) that could join two parts, the slings that cut none of `lines` (the lines down
    to people who live elsewhere, which the outline would cross) are tried first, then the
    narrowest (an elbow down to a row along the gap above it crosses the lines down to the
    siblings who live elsewhere, where a sling under the row crosses nothing).
    """
    order = sorted(range(len(runs)), key=lambda i: (runs[i][0], runs[i][1].x0))
    parent = list(range(len(runs)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    blocked = _BoxIndex(obstacles, cell=max(4 * min_bridge, 1.0) * 8)
    crossed = _BoxIndex(lines, cell=max(4 * min_bridge, 1.0) * 8)
    candidates = _bridge_candidates(runs, order, blocked, radius, min_bridge)
    joined: list[tuple[int, int, Box]] = []
    for _, _, i, j, bridge in sorted(candidates, key=lambda c: (c[0], c[1], c[2], c[3])):
        fi, fj = find(i), find(j)
        if fi != fj:
            parent[fi] = fj
            joined.append((i, j, bridge))
    boxes = [box for _, box in runs]
    bridges = [_square_up(boxes, i, j, bridge, blocked, radius) for i, j, bridge in joined]
    rects = [*boxes, *bridges]
    # Runs of neighbouring rows that no straight bridge could join (a parent who stands
    # beside, not above, their child): an elbow down from one, along the gap between the
    # rows and down into the other, nearest pairs first.
    # Each elbow tried outlines the whole region again (a grid of its corners): past
    # ELBOW_RUNS runs the parts stay apart (a deterministic budget, not a time limit).
    elbows: list[tuple[bool, float, int, int, list[Box]]] = []
    made: list[Elbow] = []
    if len(runs) > ELBOW_RUNS:
        return Region(rects)
    for ai, i in enumerate(order):
        for j in order[ai + 1:]:
            (ra, a), (rb, b) = runs[i], runs[j]
            if find(i) == find(j):
                continue
            if rb == ra:
                pieces = _sling(a, b, blocked, radius, min_bridge)
            else:
                pieces = _elbow(a, b, radius, min_bridge) if rb == ra + 1 else \
                    _elbow_through(a, b, blocked, radius, min_bridge)
            if pieces and not any(blocked.hits(piece) for piece in pieces):
                clean_sling = rb == ra and not any(crossed.hits(piece) for piece in pieces)
                elbows.append((not clean_sling, pieces[1].width, i, j, pieces))
    parts = len(rect_union_outlines(rects)) if elbows else 0
    for _, _, i, j, pieces in sorted(elbows, key=lambda e: (e[0], e[1], e[2], e[3])):
        fi, fj = find(i), find(j)
        if fi == fj:
            continue
        # Joining two parts leaves one outline fewer; any other count means the elbow
        # closed a ring (around someone who does not belong): leave it out.
        outlines = len(rect_union_outlines([*rects, *pieces]))
        if outlines != parts - 1 or _surrounds([*rects, *pieces], obstacles):
            continue
        parts = outlines
        parent[fi] = fj
        rects.extend(pieces)
        made.append(Elbow(runs[i][1], runs[j][1], pieces))
    return Region(rects, made)


def _bridge_candidates(runs: Sequence[tuple[int, Box]], order: list[int], blocked: _BoxIndex, radius: float,
                       min_bridge: float) -> list[tuple[int, float, int, int, Box]]:
    """Every bridge that could join two runs of different rows: (rows apart, -overlap, i, j, bridge).

    As wide as the overlap (fewest corners), or inset by `radius` at both sides when the full
    width would touch someone else's box.
    """
    candidates: list[tuple[int, float, int, int, Box]] = []
    for i, j in _x_overlapping(runs, order):
        (ra, a), (rb, b) = runs[i], runs[j]
        if rb <= ra or a.y1 >= b.y0:
            continue
        lo, hi = max(a.x0, b.x0), min(a.x1, b.x1)
        if hi - lo < min_bridge:
            continue
        bridge = Box(lo, a.y1, hi, b.y0)
        if blocked.hits(bridge):
            inset = radius if hi - lo - 2 * radius >= min_bridge else 0.0
            bridge = Box(lo + inset, a.y1, hi - inset, b.y0)
            if blocked.hits(bridge):
                slot = _slot(Box(lo, a.y1, hi, b.y0), blocked, radius / 2, min_bridge)
                if slot is None:
                    continue
                bridge = slot
        candidates.append((rb - ra, -(hi - lo), i, j, bridge))
    return candidates


def _slot(strip: Box, blocked: _BoxIndex, clearance: float, min_width: float) -> Box | None:
    """The widest free slot down through `strip`: a bridge between the boxes in its way, kept
    `clearance` from each (the household passing down between two partners of the row between,
    beside their line's label: `adapter.household_passes`); None when none is `min_width` wide.
    A band of an elbow's leg at most (`min_width` and two `clearance`s each side), in the middle
    of the free room: a wider one would run along the label and the partner on either side."""
    edges = sorted((o.x0 - clearance, o.x1 + clearance) for o in blocked.hitting(strip))
    best: tuple[float, float] | None = None
    x = strip.x0
    for x0, x1 in [*edges, (strip.x1, strip.x1)]:
        if x0 - x >= min_width and (best is None or x0 - x > best[1] - best[0]):
            best = (x, x0)
        x = max(x, x1)
    if best is None:
        return None
    centre, half = (best[0] + best[1]) / 2, min(best[1] - best[0], min_width + 4 * clearance) / 2
    return Box(centre - half, strip.y0, centre + half, strip.y1)


def _square_up(boxes: list[Box], i: int, j: int, bridge: Box, blocked: _BoxIndex, clearance: float) -> Box:
    """Widen two joined runs toward each other's sides where nobody else is in the way, and
    the bridge to their whole overlap: a region of few corners (runs of equal width and the
    bridge between them outline as one rectangle).  `boxes` is changed in place; returns the bridge."""
    a, b = boxes[i], boxes[j]
    wide_a, wide_b = _widen(a, b, blocked, clearance), _widen(b, a, blocked, clearance)
    lo, hi = max(wide_a.x0, wide_b.x0), min(wide_a.x1, wide_b.x1)
    full = Box(lo, wide_a.y1, hi, wide_b.y0)
    if blocked.hits(full):
        return bridge
    boxes[i], boxes[j] = wide_a, wide_b
    return full


def _widen(box: Box, other: Box, blocked: _BoxIndex, clearance: float) -> Box:
    """`box` stretched sideways to `other`'s left and right edges, each side only when the
    stretch (and `clearance` beyond it) touches no one else's box."""
    x0, x1 = box.x0, box.x1
    if other.x0 < x0 and not blocked.hits(Box(other.x0 - clearance, box.y0, x0, box.y1)):
        x0 = other.x0
    if other.x1 > x1 and not blocked.hits(Box(x1, box.y0, other.x1 + clearance, box.y1)):
        x1 = other.x1
    return Box(x0, box.y0, x1, box.y1)


ELBOW_RUNS = 60  # runs of members past which no elbow is tried (see household_region)


class _BoxIndex:
    """Boxes found by where they are (a grid of square cells): which of them a box overlaps."""

    def __init__(self, boxes: Sequence[Box], cell: float) -> None:
        self.boxes = boxes
        self.cell = cell
        self.grid: dict[tuple[int, int], list[int]] = {}
        for k, b in enumerate(boxes):
            for key in self._cells(b):
                self.grid.setdefault(key, []).append(k)

    def _cells(self, b: Box) -> Iterator[tuple[int, int]]:
        c = self.cell
        for i in range(math.floor(b.x0 / c), math.floor(b.x1 / c) + 1):
            for j in range(math.floor(b.y0 / c), math.floor(b.y1 / c) + 1):
                yield i, j

    def hitting(self, box: Box) -> list[Box]:
        """The boxes the box overlaps (by more than nothing), in the order given."""
        found: set[int] = set()
        for key in self._cells(box):
            found.update(k for k in self.grid.get(key, ()) if box.overlap(self.boxes[k]) > 0)
        return [self.boxes[k] for k in sorted(found)]

    def hits(self, box: Box) -> bool:
        """Does the box overlap any of the boxes (by more than nothing)?"""
        seen: set[int] = set()
        for key in self._cells(box):
            for k in self.grid.get(key, ()):
                if k not in seen:
                    seen.add(k)
                    if box.overlap(self.boxes[k]) > 0:
                        return True
        return False


def _x_overlapping(runs: Sequence[tuple[int, Box]], order: list[int]) -> Iterator[tuple[int, int]]:
    """The pairs (i, j) of runs, i before j in `order`, whose boxes overlap in x (a sweep over x;
    the pairs come in the order the nested loop over `order` would give them)."""
    rank = {i: k for k, i in enumerate(order)}
    by_x = sorted(order, key=lambda i: (runs[i][1].x0, rank[i]))
    pairs: list[tuple[int, int]] = []
    active: list[int] = []
    for i in by_x:
        x0 = runs[i][1].x0
        active = [k for k in active if runs[k][1].x1 > x0]
        for k in active:
            pairs.append((k, i) if rank[k] < rank[i] else (i, k))
        active.append(i)
    pairs.sort(key=lambda p: (rank[p[0]], rank[p[1]]))
    return iter(pairs)


def _surrounds(rects: Sequence[Box], obstacles: Sequence[Box]) -> bool:
    """Whether the region has someone who does not belong hemmed in above, below and at one
    side (of their box's centre): an elbow's corridor is only a few points wide, its two edges
    read as one boundary line, and a row between two corridors looks enclosed with the
    household.  Such an elbow is left out and the parts stay apart."""
    for o in obstacles:
        cx, cy = (o.x0 + o.x1) / 2, (o.y0 + o.y1) / 2
        above = below = left = right = False
        for r in rects:
            if r.x0 <= cx <= r.x1:
                above = above or r.y1 <= cy
                below = below or r.y0 >= cy
            if r.y0 <= cy <= r.y1:
                left = left or r.x1 <= cx
                right = right or r.x0 >= cx
        if above and below and (left or right):
            return True
    return False


def _elbow(a: Box, b: Box, radius: float, width: float) -> list[Box] | None:
    """Three rectangles joining box `a` to box `b` below it round a corner: a leg down from
    `a`'s end nearest `b`, a corridor in the gap between them, a leg down into `b`; None
    when the gap between the rows is too low for a corridor."""
    gap_top, gap_bottom = a.y1, b.y0
    if gap_bottom - gap_top < 3 * width:
        return None
    # below the middle of the gap: the sibship bars run half-way between the rows
    mid = gap_top + 0.6 * (gap_bottom - gap_top)
    half = width / 2
    leg = width + 2 * radius  # wide enough for rounded shoulders at both joins
    if b.x1 <= a.x0 + leg:  # b lies to the left of a
        leg_a = (a.x0, a.x0 + leg)
        leg_b = (max(b.x0, b.x1 - leg), b.x1)
    elif b.x0 >= a.x1 - leg:  # to the right
        leg_a = (a.x1 - leg, a.x1)
        leg_b = (b.x0, min(b.x1, b.x0 + leg))
    else:
        return None  # they overlap enough for a straight bridge: not an elbow's job
    return [Box(leg_a[0], gap_top, leg_a[1], mid + half),
            Box(min(leg_a[0], leg_b[0]), mid - half, max(leg_a[1], leg_b[1]), mid + half),
            Box(leg_b[0], mid - half, leg_b[1], gap_bottom)]


def _sling(a: Box, b: Box, blocked: _BoxIndex, radius: float, width: float) -> list[Box] | None:
    """Three rectangles joining two runs of one row under it, round whoever stands between them
    (a sister who lives with their father, between the client and a brother at home): a leg
    down from each run's end facing the other and a corridor below everything between them,
    names included; None when the runs touch."""
    if a.x0 > b.x0:
        a, b = b, a
    if b.x0 <= a.x1:
        return None
    leg = width + 2 * radius
    between = blocked.hitting(Box(a.x1, min(a.y0, b.y0), b.x0, max(a.y1, b.y1)))
    floor = max([o.y1 for o in between], default=min(a.y1, b.y1))
    # (twice a bridge's width: the corridor's two edges, close under the names, read as two)
    top = max(floor + radius / 2, min(a.y1, b.y1) - width)
    half_low = top + 2 * width
    return [Box(a.x1 - leg, a.y1 - radius, a.x1, half_low),
            Box(a.x1 - leg, top, b.x0 + leg, half_low),
            Box(b.x0, b.y1 - radius, b.x0 + leg, half_low)]


def _elbow_through(a: Box, b: Box, blocked: _BoxIndex, radius: float, width: float) -> list[Box] | None:
    """An elbow from box `a` down to box `b` rows below it, through the rows between: a leg down
    the widest free slot under `a` (between two partners of the row between, beside their line's
    label: `adapter.household_passes`), a corridor in the gap above `b`'s row, a leg down into
    `b`; None when no slot or no room for the corridor."""
    slot = _slot(Box(a.x0, a.y1, a.x1, b.y0), blocked, radius / 2, width)
    if slot is None:
        return None
    leg = width + 2 * radius
    if b.x1 <= slot.x1:  # b reaches no further right than the slot: the corridor goes left
        leg_b = (max(b.x0, min(b.x1, slot.x0) - leg), min(b.x1, slot.x0))
    else:
        leg_b = (max(b.x0, slot.x1), min(b.x1, max(b.x0, slot.x1) + leg))
    if leg_b[1] - leg_b[0] < width:
        return None
    # the corridor runs below everything in the rows between, above b's row
    span = Box(min(slot.x0, leg_b[0]), a.y1, max(slot.x1, leg_b[1]), b.y0)
    floor = max([o.y1 for o in blocked.hitting(span)], default=a.y1)
    if b.y0 - floor < 3 * width:
        return None
    mid, half = floor + 0.6 * (b.y0 - floor), width / 2
    return [Box(slot.x0, a.y1, slot.x1, mid + half),
            Box(min(slot.x0, leg_b[0]), mid - half, max(slot.x1, leg_b[1]), mid + half),
            Box(leg_b[0], mid - half, leg_b[1], b.y0)]


def rect_union_outlines(rects: Sequence[Box]) -> list[list[Point]]:
    """The outline(s) of a union of rectangles: closed loops, clockwise on screen (y down).

    Each group of touching rectangles is outlined on a grid of its own corners: one grid for
    all of them grew with the square of the household's runs (a household of 2,000 people
    spread over 1,000 runs: a million cells).  The loops come in the order of their first
    corner, as one grid would give them.
    """
    groups = _touching(rects)
    if len(groups) == 1:
        return [loop for _, loop in _outlines(rects)]
    found = [found for group in groups for found in _outlines([rects[k] for k in group])]
    return [loop for _, loop in sorted(found, key=lambda f: f[0])]


def pieces(rects: Sequence[Box]) -> int:
    """How many pieces a union of rectangles makes (those that touch or overlap taken together): a
    household drawn in more than one says so in the legend."""
    return len(_touching(rects))


def _touching(rects: Sequence[Box]) -> list[list[int]]:
    """The rectangles in groups that touch or overlap (a sweep over x, union-find)."""
    parent = list(range(len(rects)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    active: list[int] = []
    for i in sorted(range(len(rects)), key=lambda k: rects[k].x0):
        r = rects[i]
        active = [k for k in active if rects[k].x1 >= r.x0]
        for k in active:
            o = rects[k]
            if o.y0 <= r.y1 and r.y0 <= o.y1:
                parent[find(i)] = find(k)
        active.append(i)
    groups: dict[int, list[int]] = {}
    for i in range(len(rects)):
        groups.setdefault(find(i), []).append(i)
    return list(groups.values())


def _outlines(rects: Sequence[Box]) -> list[tuple[Point, list[Point]]]:
    """The loops of a union of rectangles on one grid, each with the corner it starts at."""
    xs = sorted({v for r in rects for v in (r.x0, r.x1)})
    ys = sorted({v for r in rects for v in (r.y0, r.y1)})
    nx_, ny = len(xs) - 1, len(ys) - 1
    covered = [[False] * ny for _ in range(nx_)]
    at_x = {v: i for i, v in enumerate(xs)}
    at_y = {v: j for j, v in enumerate(ys)}
    for r in rects:
        i0, i1 = at_x[r.x0], at_x[r.x1]
        j0, j1 = at_y[r.y0], at_y[r.y1]
        for i in range(i0, i1):
            for j in range(j0, j1):
                covered[i][j] = True

    def cov(i: int, j: int) -> bool:
        return 0 <= i < nx_ and 0 <= j < ny and covered[i][j]

    # Boundary edges between grid vertices, the region on their right-hand side (y down).
    edges: dict[tuple[int, int], list[tuple[int, int]]] = {}
    for i in range(nx_):
        for j in range(ny):
            if not covered[i][j]:
                continue
            if not cov(i, j - 1):
                edges.setdefault((i, j), []).append((i + 1, j))
            if not cov(i + 1, j):
                edges.setdefault((i + 1, j), []).append((i + 1, j + 1))
            if not cov(i, j + 1):
                edges.setdefault((i + 1, j + 1), []).append((i, j + 1))
            if not cov(i - 1, j):
                edges.setdefault((i, j + 1), []).append((i, j))
    loops: list[tuple[Point, list[Point]]] = []
    for start in sorted(edges):
        while edges.get(start):
            loop = [start]
            here, prev_dir = start, None
            while True:
                outs = edges[here]
                if prev_dir is not None and len(outs) > 1:
                    # Where two corners touch, turn right: each loop stays one simple outline.
                    def turn(v: tuple[int, int], d: tuple[int, int] = prev_dir, h: tuple[int, int] = here
                             ) -> int:
                        w = (v[0] - h[0], v[1] - h[1])
                        return -(d[0] * w[1] - d[1] * w[0])
                    outs.sort(key=turn)
                nxt = outs.pop(0)
                prev_dir = (nxt[0] - here[0], nxt[1] - here[1])
                here = nxt
                if here == start:
                    break
                loop.append(here)
            pts = [(xs[i], ys[j]) for i, j in loop]
            loops.append((pts[0], _drop_collinear(pts)))
    return loops


def _drop_collinear(pts: list[Point]) -> list[Point]:
    out: list[Point] = []
    n = len(pts)
    for k in range(n):
        a, b, c = pts[k - 1], pts[k], pts[(k + 1) % n]
        if (a[0] == b[0] == c[0]) or (a[1] == b[1] == c[1]):
            continue
        out.append(b)
    return out


# --------------------------------------------------------------------------- slanted bands
#
# An elbow outlines as a staircase: every bend of its corridor is two corners on each side (a
# grandmother standing two places beyond her husband, above the mother: 16 corners in all).  A
# hand-drawn household joins the two rows by one slanted band instead: the outline runs from
# the upper run's bottom edge straight down to the lower run's top edge on each side.  Each
# elbow is replaced by such a band where the band keeps clear of every box (by `clearance`),
# takes in no one else and crosses no other edge of the outline; otherwise it stays.


def outline(region: Region, keep_out: Sequence[Box], clear_of: Sequence[Box], clearance: float
            ) -> list[list[Point]]:
    """The outline loops of the region, with its elbows replaced by slanted bands where they may
    be: `keep_out` (everyone else's boxes) stays outside, no band edge comes within `clearance`
    of any box of `clear_of` (everyone's, members too)."""
    rects = list(region.rects)
    bands: list[Elbow] = []
    for elbow in region.elbows:
        trial = [r for r in rects if all(r is not piece for piece in elbow.pieces)]
        if _banded(rect_union_outlines(trial), [*bands, elbow], keep_out, clear_of, clearance) is not None:
            rects, bands = trial, [*bands, elbow]
    loops = rect_union_outlines(rects)
    return _banded(loops, bands, keep_out, clear_of, clearance) or loops


def _banded(loops: list[list[Point]], bands: Sequence[Elbow], keep_out: Sequence[Box],
            clear_of: Sequence[Box], clearance: float) -> list[list[Point]] | None:
    """The loops with each band spliced in, or None when one cannot be."""
    for band in bands:
        spliced = _splice(loops, band, keep_out, clear_of, clearance)
        if spliced is None:
            return None
        loops = spliced
    return loops


def _edge_at(loops: list[list[Point]], y: float, box: Box, leftwards: bool
             ) -> tuple[int, int, float, float] | None:
    """(loop, index, x0, x1): the horizontal outline edge at `y`, running leftwards (a bottom
    edge, clockwise) or rightwards (a top edge), and the stretch of it under or over `box`."""
    for li, loop in enumerate(loops):
        n = len(loop)
        for k in range(n):
            (px, py), (qx, qy) = loop[k], loop[(k + 1) % n]
            if abs(py - y) > 1e-6 or abs(qy - y) > 1e-6 or (px > qx) != leftwards:
                continue
            x0, x1 = max(min(px, qx), box.x0), min(max(px, qx), box.x1)
            if x1 - x0 > 1e-6:
                return li, k, x0, x1
    return None


def _splice(loops: list[list[Point]], band: Elbow, keep_out: Sequence[Box], clear_of: Sequence[Box],
            clearance: float) -> list[list[Point]] | None:
    """The loops of the band's two runs joined into one by a slanted band from the upper run's
    bottom edge to the lower run's top edge, as wide as the narrower stretch, on the sides that
    face each other; None where it may not be drawn."""
    top = _edge_at(loops, band.upper.y1, band.upper, leftwards=True)
    bottom = _edge_at(loops, band.lower.y0, band.lower, leftwards=False)
    if top is None or bottom is None or top[0] == bottom[0]:
        return None
    (la, ka, ta0, ta1), (lb, kb, bb0, bb1) = top, bottom
    width = min(ta1 - ta0, bb1 - bb0)
    if (bb0 + bb1) / 2 < (ta0 + ta1) / 2:  # the lower run to the left: their facing sides
        ta1, bb0 = ta0 + width, bb1 - width
    else:
        ta0, bb1 = ta1 - width, bb0 + width
    ya, yb = band.upper.y1, band.lower.y0
    right, left = ((ta1, ya), (bb1, yb)), ((bb0, yb), (ta0, ya))
    if any(segment_box_hits(p, q, b.expand(clearance)) for p, q in (right, left) for b in clear_of):
        return None
    quad = [(ta0, ya), (ta1, ya), (bb1, yb), (bb0, yb)]
    if any(_inside_polygon(b.center, quad) for b in keep_out):
        return None
    edges = [(lp[k], lp[(k + 1) % len(lp)]) for m, lp in enumerate(loops) for k in range(len(lp))
             if (m, k) not in ((la, ka), (lb, kb))]
    if any(segments_cross(p, q, c, d) for p, q in (right, left) for c, d in edges):
        return None
    a, b = loops[la], loops[lb]
    joined = [*a[:ka + 1], (ta1, ya), (bb1, yb), *b[kb + 1:], *b[:kb + 1], (bb0, yb), (ta0, ya), *a[ka + 1:]]
    rest = [loop for m, loop in enumerate(loops) if m not in (la, lb)]
    joined = clean(joined)
    if joined[0] == joined[-1]:  # (a closed loop: its last corner is not its first again)
        joined.pop()
    return [*rest, _drop_collinear(joined)]


def _inside_polygon(point: Point, polygon: Sequence[Point]) -> bool:
    x, y = point
    hit = False
    for (x1, y1), (x2, y2) in zip(polygon, [*polygon[1:], polygon[0]], strict=True):
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            hit = not hit
    return hit
