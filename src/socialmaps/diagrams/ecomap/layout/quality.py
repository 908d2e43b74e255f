"""Readability measures of a finished layout (reported with the drawing's metrics): texts that
a line runs through, and notes another tie is as near as their own.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

from ....geometry import Box, Point, bounds
from ....labels import PlacedText
from ..centre import cut_at_radius
from ..paths import (
    polyline_box_distance,
    polyline_hits_box,
)
from .index import poly_box
from .records import CenterLayout, EcomapLayout, Node, TieLayout


def _labelled(lay: EcomapLayout) -> list[tuple[object, PlacedText]]:
    """Every text of the ecomap with what it belongs to (a node or member id, or a tie layout)."""
    out: list[tuple[object, PlacedText]] = [(m.id, m.label) for m in lay.center.members if m.label.lines]
    out += [(n.id, n.label) for n in lay.nodes if n.label is not None and n.label.lines and not n.inside]
    out += [(t, t.note) for t in lay.ties if t.note is not None]
    return out


def _apart(a: Box, b: Box, by: float = 0.0) -> bool:
    """Whether two boxes are more than `by` apart along x or y (a hair more, against rounding): then
    nothing in one comes within `by` of anything in the other."""
    by += 1e-6
    return a.x0 > b.x1 + by or b.x0 > a.x1 + by or a.y0 > b.y1 + by or b.y0 > a.y1 + by


def _reach(lines: Sequence[Sequence[Point]]) -> float:
    """The radius round the map's centre within which every point of the lines lies."""
    return max((math.hypot(x, y) for ln in lines for x, y in ln), default=0.0)


def _beyond(box: Box, reach: float) -> bool:
    """Whether the whole box lies farther from the map's centre than `reach`."""
    dx = max(box.x0, 0.0, -box.x1)
    dy = max(box.y0, 0.0, -box.y1)
    return math.hypot(dx, dy) > reach + 1e-6


def label_line_crossings(lay: EcomapLayout) -> int:
    """How many (text, line) pairs cross: a tie, a leader or a line of the centre's small genogram
    running through a name or a note.  Names written inside their own circle are left out, since
    ties are clipped at the circle's rim.  Texts beyond every line's reach from the centre (names
    outside the ring, the note list) are not walked."""
    lines: list[Sequence[Point]] = [*(t.points for t in lay.ties), *(t.leader for t in lay.ties if t.leader)]
    lines += list(lay.center.lines)
    reach = _reach(lines)
    near = [(owner, label) for owner, label in _labelled(lay) if not _beyond(label.box, reach)]
    if not near:
        return 0
    # A line whose box is apart from the text's is not walked segment by segment (most are).
    spans = [poly_box(ln) for ln in lines]
    count = 0
    for _owner, label in near:
        boxes = label.line_boxes()
        whole = bounds(boxes)
        count += sum(1 for ln, span in zip(lines, spans, strict=True)
                     if not _apart(span, whole) and any(polyline_hits_box(ln, b) for b in boxes))
    return count


def ambiguous_notes(lay: EcomapLayout) -> list[TieLayout]:
    """Ties whose note has another tie at least as near as its own and no leader to tell them apart.
    A note of the numbered list (`TieLayout.listed`) is told apart by its number and ends."""
    noted = [t for t in lay.ties if t.note is not None and t.leader is None and not t.listed]
    if not noted:
        return []
    spans = {id(t): poly_box(t.points) for t in lay.ties}
    out = []
    for tie in noted:
        assert tie.note is not None
        box = tie.note.box
        mine = polyline_box_distance(tie.points, box)
        # Only whether another tie comes as near is asked: its distance is measured no further.
        below = math.nextafter(mine, math.inf)
        if any(not _apart(spans[id(o)], box, mine) and polyline_box_distance(o.points, box, below) <= mine
               for o in lay.ties if o is not tie):
            out.append(tie)
    return out


def longest_stub(lay: EcomapLayout) -> float:
    """The longest way a tie from a household member runs inside the centre before it leaves by
    the rim, as a fraction of the centre's radius (0 without such ties).  Short stubs say that the
    members stand on the side of the centre that faces their systems."""
    centre = lay.center
    if not centre.household or centre.r <= 0:
        return 0.0
    members = set(centre.member_ids)
    middle = (centre.x, centre.y)
    longest = 0.0
    for t in lay.ties:
        if t.inner:
            continue
        if t.tie.from_ in members:
            pts: Sequence[Point] = t.points
        elif t.tie.to in members:
            pts = t.points[::-1]
        else:
            continue
        inside = cut_at_radius(pts, middle, centre.r)
        longest = max(longest, sum(math.dist(inside[i], inside[i + 1]) for i in range(len(inside) - 1)))
    return longest / centre.r


@dataclass(frozen=True)
class MemberStub:
    """How a tie from a household member to the outside runs inside the centre, in radii of the
    centre: `inside`, from the member's symbol to where it first reaches the rim; `nearest`, the
    member's own shortest way from the edge of their symbol to the rim (how deep they stand)."""

    member: str
    other: str
    inside: float
    nearest: float

    @property
    def detour(self) -> float:
        """How much longer the stub is than the member's shortest way out: a tie that crosses the
        centre to leave by its far side, rather than by the member's own side."""
        return self.inside - self.nearest


def member_stubs(lay: EcomapLayout) -> list[MemberStub]:
    """Every tie from a household member to the outside, as it runs inside the centre (in the
    ties' order; none when the centre is one person)."""
    centre = lay.center
    if not centre.household or centre.r <= 0:
        return []
    members = {m.id: m for m in centre.members}
    middle = (centre.x, centre.y)
    out = []
    for t in lay.ties:
        a, b = t.tie.from_, t.tie.to
        if t.inner or (a in members) == (b in members):
            continue
        member, other, pts = (a, b, t.points) if a in members else (b, a, t.points[::-1])
        inside = cut_at_radius(pts, middle, centre.r)
        run = sum(math.dist(inside[i], inside[i + 1]) for i in range(len(inside) - 1))
        m = members[member]
        nearest = max(0.0, centre.r - math.dist((m.x, m.y), middle) - m.half)
        out.append(MemberStub(member, other, run / centre.r, nearest / centre.r))
    return out


def stub_score(lay: EcomapLayout) -> float:
    """How much of the household the ties from its members run across before they leave it: the
    longest stub and the mean one, in units of the map's symbol size (not of the centre's radius,
    so that a larger circle does not look better by being larger)."""
    stubs = member_stubs(lay)
    if not stubs:
        return 0.0
    unit = lay.center.r / lay.config.person
    runs = [s.inside * unit for s in stubs]
    detours = [max(0.0, s.detour) * unit for s in stubs]
    return max(runs) + (sum(runs) + sum(detours)) / len(runs)


def route_detours(lay: EcomapLayout) -> float:
    """How much longer the ties round the centre run than straight between their ends, per tie, in
    units of the map's symbol size."""
    outer = [t.points for t in lay.ties if not t.inner and len(t.points) > 1]
    if not outer:
        return 0.0
    extra = sum(sum(math.dist(p[i], p[i + 1]) for i in range(len(p) - 1)) - math.dist(p[0], p[-1])
                for p in outer)
    return extra / len(outer) / lay.config.person


def _circle_outline_distance(centre: Point, r: float, box: Box) -> float:
    """The shortest distance between a circle's outline and a box (0 when the outline runs through it)."""
    cx, cy = centre
    near = math.hypot(max(box.x0 - cx, 0.0, cx - box.x1), max(box.y0 - cy, 0.0, cy - box.y1))
    far = max(math.hypot(x - cx, y - cy) for x in (box.x0, box.x1) for y in (box.y0, box.y1))
    if near >= r:
        return near - r
    if far <= r:
        return r - far
    return 0.0


def notes_nearer_other(lay: EcomapLayout) -> list[TieLayout]:
    """Ties whose note (without a leader, not in the note list) has another tie, a leader, a line of
    the centre's genogram or the outline of a circle the tie does not end at as near as its own
    tie: a reader could take the note for that line's or that circle's."""
    return [lay.ties[i] for i in unclear_notes(lay.center, lay.nodes, lay.ties)]


def unclear_notes(centre: CenterLayout, nodes: Sequence[Node], ties: Sequence[TieLayout]) -> list[int]:
    """The indices of the ties `notes_nearer_other` finds."""
    members = set(centre.member_ids) | {"center"}
    lines: list[tuple[object, Sequence[Point]]] = [(t, t.points) for t in ties]
    lines += [(t, t.leader) for t in ties if t.leader is not None]
    lines += [(None, ln) for ln in centre.lines]
    circles = [(n.id, (n.x, n.y), n.r) for n in nodes]
    out = []
    for i, tie in enumerate(ties):
        if tie.note is None or tie.leader is not None or tie.listed:
            continue
        box = tie.note.box
        mine = polyline_box_distance(tie.points, box)
        ends = {tie.tie.from_, tie.tie.to}
        if any(owner is not tie and polyline_box_distance(pts, box, math.nextafter(mine, math.inf)) <= mine
               for owner, pts in lines):
            out.append(i)
            continue
        rings = [c for c in circles if c[0] not in ends]
        if not ends & members:
            rings.append(("center", (centre.x, centre.y), centre.r))
        if any(_circle_outline_distance(at, r, box) <= mine for _id, at, r in rings):
            out.append(i)
    return out


@dataclass(frozen=True)
class TieCrossing:
    """Two ties whose lines cross properly (touching at a shared end is no crossing), and where."""

    first: TieLayout
    second: TieLayout
    at: Point


def tie_crossings(lay: EcomapLayout) -> list[TieCrossing]:
    """Every point where one tie's line crosses another's (each pair of segments once): ties that
    cross read as tangled and a reader follows the wrong one.  A tie does not cross itself, and
    touching at a shared end is no crossing."""
    return crossings_among(lay.ties)


def crossing_pairs(ties: Sequence[TieLayout], between_ends: bool = False) -> int:
    """How many pairs of ties cross at least once (`crossings_among`)."""
    return len({(i, j) for i, _k, j, _m in _crossing_segments(ties, between_ends, True)[1]})


# The most cells a side the grid of `crossings_among` has over the ties' whole extent, and how
# many segments a side of it holds: the segments' boxes are compared cheaply, while putting a long
# tie in many small cells costs more than it saves (measured: 64 segments of a 30-system map 2.3 ms
# in a grid of 48 x 48, 0.3 ms in 2 x 2; 194 of a 100-system map 28 ms, 2.1 ms in 3 x 3).
CROSSING_CELLS = 48
SEGMENTS_PER_SIDE = 4.0


def crossings_among(ties_drawn: Sequence[TieLayout], between_ends: bool = False) -> list[TieCrossing]:
    """The crossings of `tie_crossings` among the given ties, in the order of the ties and their
    segments.  `between_ends`: only ties with no end in common (the quick count of a search: a
    member's own ties leave it fanned in order, `centre._monotone`, and all meet near it, where
    most of the comparing would be)."""
    ties, found = _crossing_segments(ties_drawn, between_ends, False)
    return [TieCrossing(ties[i], ties[j], _meet(ties[i].points[k], ties[i].points[k + 1],
                                                ties[j].points[m], ties[j].points[m + 1]))
            for i, k, j, m in sorted(found)]


def _crossing_segments(ties_drawn: Sequence[TieLayout], between_ends: bool, pairs_only: bool
                       ) -> tuple[list[TieLayout], set[tuple[int, int, int, int]]]:
    """The ties with a line, and the pairs of their segments that cross properly, as (tie, segment,
    tie, segment) with the first tie the lower (with `pairs_only`, one pair of segments for each
    pair of ties that cross: all a count of crossing ties needs).  Segments are put in the cells
    of a grid over the ties' extent that their boxes cover, and only segments sharing a cell whose
    boxes meet are compared (a map of hundreds of ties has thousands of segments, few near each
    other; the search of the ring's order counts them at every try)."""
    ties = [t for t in ties_drawn if len(t.points) > 1]
    found: set[tuple[int, int, int, int]] = set()
    if len(ties) < 2:
        return ties, found
    ends = [{t.tie.from_, t.tie.to} for t in ties]
    whole = bounds([poly_box(t.points) for t in ties])
    count = sum(len(t.points) - 1 for t in ties)
    side = max(1, min(CROSSING_CELLS, round(math.sqrt(count) / SEGMENTS_PER_SIDE)))
    cell = max(whole.width, whole.height, 1.0) / side
    segments: list[_Segment] = []
    cells: dict[tuple[int, int], list[int]] = {}
    for i, t in enumerate(ties):
        pts = t.points
        for k in range(len(pts) - 1):
            (x0, y0), (x1, y1) = pts[k], pts[k + 1]
            at = len(segments)
            seg = _Segment(i, k, x0, y0, x1, y1, min(x0, x1), max(x0, x1), min(y0, y1), max(y0, y1))
            segments.append(seg)
            for gx in range(int((seg.left - whole.x0) // cell), int((seg.right - whole.x0) // cell) + 1):
                for gy in range(int((seg.low - whole.y0) // cell), int((seg.high - whole.y0) // cell) + 1):
                    cells.setdefault((gx, gy), []).append(at)
    crossed: set[tuple[int, int]] = set()
    tried: set[tuple[int, int]] = set()
    for members in cells.values():
        for n, one in enumerate(members):
            i, k, ax, ay, bx, by, left, right, low, high = segments[one]
            for other in members[n + 1:]:
                j, m, cx, cy, dx, dy, left2, right2, low2, high2 = segments[other]
                if i == j or right < left2 or right2 < left or high < low2 or high2 < low:
                    continue  # one tie, or their boxes are apart
                if between_ends and not ends[i].isdisjoint(ends[j]):
                    continue
                pair = (i, j) if i < j else (j, i)
                if pairs_only and pair in crossed:
                    continue
                if (one, other) in tried:
                    continue  # met in another cell they share
                tried.add((one, other))
                if _cross(ax, ay, bx, by, cx, cy, dx, dy):
                    found.add((i, k, j, m) if i < j else (j, m, i, k))
                    crossed.add(pair)
    return ties, found


class _Segment(NamedTuple):
    """A segment of a tie's line (`tie`: its index, `k`: the segment's), from (ax, ay) to (bx, by),
    and its box."""

    tie: int
    k: int
    ax: float
    ay: float
    bx: float
    by: float
    left: float
    right: float
    low: float
    high: float


def _cross(ax: float, ay: float, bx: float, by: float, cx: float, cy: float, dx: float, dy: float) -> bool:
    """Whether segments ab and cd cross properly (as `geometry.segments_cross`, written out: the
    count of crossings runs it for every near pair of segments at every try of the ring's order)."""
    eps = 1e-9
    d1 = (dx - cx) * (ay - cy) - (dy - cy) * (ax - cx)
    d2 = (dx - cx) * (by - cy) - (dy - cy) * (bx - cx)
    if not ((d1 > eps and d2 < -eps) or (d1 < -eps and d2 > eps)):
        return False
    d3 = (bx - ax) * (cy - ay) - (by - ay) * (cx - ax)
    d4 = (bx - ax) * (dy - ay) - (by - ay) * (dx - ax)
    return (d3 > eps and d4 < -eps) or (d3 < -eps and d4 > eps)


def _meet(p: Point, q: Point, r: Point, s: Point) -> Point:
    """Where the lines through pq and rs meet (they cross: not parallel)."""
    dx1, dy1, dx2, dy2 = q[0] - p[0], q[1] - p[1], s[0] - r[0], s[1] - r[1]
    den = dx1 * dy2 - dy1 * dx2
    t = ((r[0] - p[0]) * dy2 - (r[1] - p[1]) * dx2) / den
    return (p[0] + t * dx1, p[1] + t * dy1)
