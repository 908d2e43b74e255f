"""Routes between the rows for the links from a person drawn twice to their copy (`place.route_copies`);
the emotional relationship lines are route.py's.

A genogram's rows are bands of symbols and their labels; between two bands is
a *channel* that only holds lines (sibship bars and descent legs).  A route
never enters a band except straight into the symbol it ends at:

- two people side by side in a row (not partners): a straight line between the rims;
- otherwise it leaves a symbol upwards (off-centre, so it does not lie on the
  descent coming into the symbol) into the channel above its row, runs along a
  free *track* there (a height no bar uses and no other route takes at that x),
  and, between rows, climbs or drops through a *gutter* (an x free of boxes in
  every band it passes);
- from a person higher up it may instead leave sideways at mid-height into the
  gutter right beside them, when no partner line is on that side.

All of it is plain geometry over boxes, so it is the same for every symbol set.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from ...geometry import Box, Point

Interval = tuple[float, float]


def rim_top(shape: str, cx: float, cy: float, h: float, dx: float) -> Point:
    """The top of a symbol's outline at horizontal offset dx from its centre (|dx| < h)."""
    dx = max(-0.95 * h, min(0.95 * h, dx))
    if shape == "circle":
        return (cx + dx, cy - math.sqrt(max(0.0, h * h - dx * dx)))
    if shape == "diamond":
        return (cx + dx, cy - (h - abs(dx)))
    return (cx + dx, cy - h)


def free_between(taken: list[Interval]) -> list[Interval]:
    """The open intervals of the line left free by closed intervals (lo <= hi), left to right.

    Sorted once and swept, rather than cutting each taken interval out of the free
    list in turn (a band of a large family holds hundreds of boxes).  Intervals that
    only touch leave nothing free between them.
    """
    free: list[Interval] = []
    edge = -math.inf
    for lo, hi in sorted(taken):
        if lo > edge:
            free.append((edge, lo))
        if hi > edge:
            edge = hi
    free.append((edge, math.inf))
    return free


@dataclass
class Endpoint:
    id: str
    x: float
    y: float
    row: int
    shape: str
    half: float
    box: Box                  # everything the person occupies (symbol, labels, marks)


@dataclass
class Router:
    """Tracks and gutters handed out so far; one router per drawing, routes asked in a fixed order."""

    row_y: list[float]
    bands: list[list[Box]]                      # per row: every box of that row
    forbidden_y: list[list[float]]              # per channel (above row r): ys of horizontal lines
    vertical_lines: list[tuple[float, float, float]]  # (x, y0, y1) of vertical structure lines
    partners: set[frozenset[str]]
    neighbours: dict[str, tuple[str | None, str | None]]
    spacing: float = 8.0
    pad: float = 4.0
    # per channel: (y, lo, hi, half width) of every horizontal run handed out
    lanes: dict[int, list[tuple[float, float, float, float]]] = field(default_factory=dict)
    width: float = 0.0        # drawn width of the line being routed (a double line is wider)
    gutters: list[tuple[float, float, float]] = field(default_factory=list)
    legs: dict[str, int] = field(default_factory=dict)
    sides: set[tuple[str, float]] = field(default_factory=set)  # (person, ±1): a line leaves there

    _extent: dict[int, tuple[float, float]] = field(default_factory=dict)  # row -> (band top, bottom)
    _tracks: dict[int, list[float]] = field(default_factory=dict)          # row -> candidate track ys
    _band_spans: dict[int, list[Interval]] = field(default_factory=dict)   # row -> see _spans

    # ------------------------------------------------------------------ geometry of the rows
    def _band(self, r: int) -> tuple[float, float]:
        # Bands do not change once routing starts, and every track asks for them: measure once.
        got = self._extent.get(r)
        if got is None:
            band = self.bands[r]
            got = ((min([b.y0 for b in band]), max([b.y1 for b in band])) if band
                   else (self.row_y[r], self.row_y[r]))
            self._extent[r] = got
        return got

    def band_top(self, r: int) -> float:
        return self._band(r)[0]

    def band_bottom(self, r: int) -> float:
        return self._band(r)[1]

    def _track_ys(self, r: int) -> list[float]:
        """Candidate heights in the channel above row r, nearest to the row first."""
        got = self._tracks.get(r)
        if got is not None:
            return got
        top = self.band_top(r) - self.spacing
        floor = self.band_bottom(r - 1) + self.spacing if r > 0 else top - 40 * self.spacing
        ys = []
        y = top
        # Many sibship bars share a height: each height needs checking once.
        forbidden = sorted(set(self.forbidden_y[r])) if r < len(self.forbidden_y) else []
        while y >= floor:
            if all(abs(y - f) >= 0.75 * self.spacing for f in forbidden):
                ys.append(round(y, 2))
            y -= self.spacing / 2
        got = ys or [round((top + floor) / 2, 2)]
        self._tracks[r] = got
        return got

    def track(self, r: int, x0: float, x1: float) -> float:
        """A free height in the channel above row r for a horizontal run from x0 to x1."""
        lo, hi = min(x0, x1) - self.spacing, max(x0, x1) + self.spacing
        ys = self._track_ys(r)
        half, lanes = self.width / 2, self.lanes.setdefault(r, [])
        # Its own lane: clear of every run it meets in x (found once, not for every height tried) by the
        # spacing plus both lines' half widths, so double and triple lines never read as one band.
        met = [(yy, self.spacing + half + h) for yy, a, b, h in lanes if not (hi <= a or lo >= b)]
        for y in ys:
            if all(abs(y - yy) >= room for yy, room in met):
                break
        else:
            y = ys[0]  # no free lane: share the nearest
        lanes.append((y, lo, hi, half))
        return y

    def _spans(self, r: int) -> list[Interval]:
        """The x spans the boxes of band r keep from routes (with `pad`); measured once per band."""
        got = self._band_spans.get(r)
        if got is None:
            got = self._band_spans[r] = [(b.x0 - self.pad, b.x1 + self.pad) for b in self.bands[r]]
        return got

    def free_x(self, r0: int, r1: int, y0: float, y1: float) -> list[Interval]:
        """x intervals free of every box in bands r0..r1 and of vertical lines between y0 and y1."""
        taken: list[Interval] = []
        for r in range(r0, r1 + 1):
            taken += self._spans(r)
        taken += [(x - self.pad, x + self.pad) for x, a, b in self.vertical_lines if b > y0 and a < y1]
        taken += [(x - self.spacing - self.width, x + self.spacing + self.width)
                  for x, a, b in self.gutters if b > y0 and a < y1]
        return free_between(taken)

    def gutter(self, free: list[Interval], target: float, within: Interval | None = None) -> float | None:
        best: float | None = None
        for a, b in free:
            if within is not None:
                a, b = max(a, within[0]), min(b, within[1])
            if b <= a:
                continue
            # Any free x will do (every point of an interval keeps `pad` from the boxes): a narrow
            # gap next to the target beats a long way round.
            x = min(max(target, a + 0.5), b - 0.5) if b - a >= 1.0 else (a + b) / 2
            if math.isinf(a) or math.isinf(b):
                x = min(max(target, a + self.spacing), b - self.spacing)
            if best is None or abs(x - target) < abs(best - target):
                best = x
        return best

    def _leg(self, p: Endpoint, towards: float) -> Point:
        """Where a route leaves a symbol upwards: off-centre towards its other end."""
        k = self.legs.get(p.id, 0)
        self.legs[p.id] = k + 1
        side = 1.0 if towards >= p.x else -1.0
        offsets = (0.45, -0.45, 0.72, -0.72, 0.2, -0.2)
        dx = side * offsets[k % len(offsets)] * p.half
        return rim_top(p.shape, p.x, p.y, p.half, dx)

    # ------------------------------------------------------------------ routes
    def route(self, a: Endpoint, b: Endpoint, width: float = 0.0) -> list[Point]:
        """A route from a to b (in that order: arrows point at b); `width` is how wide the line is drawn."""
        self.width = width
        flip = b.row < a.row
        if flip:
            a, b = b, a
        pts = self._route(a, b)
        return pts[::-1] if flip else pts

    def _adjacent(self, a: Endpoint, b: Endpoint) -> bool:
        left, right = (a, b) if a.x < b.x else (b, a)
        return self.neighbours.get(left.id, (None, None))[1] == right.id

    def straight(self, a: Endpoint, b: Endpoint) -> bool:
        """Whether a and b get a straight line (side by side, not partners): route those first."""
        return a.row == b.row and self._adjacent(a, b) and frozenset((a.id, b.id)) not in self.partners

    def _route(self, a: Endpoint, b: Endpoint) -> list[Point]:
        if a.row == b.row:
            if self.straight(a, b):
                s = 1.0 if b.x > a.x else -1.0
                self.sides |= {(a.id, s), (b.id, -s)}
                return [(a.x + s * a.half, a.y), (b.x - s * b.half, b.y)]
            la, lb = self._leg(a, b.x), self._leg(b, a.x)
            y = self.track(a.row, la[0], lb[0])
            return [la, (la[0], y), (lb[0], y), lb]
        side = self._side_route(a, b)
        if side is not None:
            return side
        la = self._leg(a, b.x)
        ya = self.track(a.row, la[0], b.x)
        top_b = self.band_top(b.row)
        free = self.free_x(a.row, b.row - 1, ya, top_b)
        g = self.gutter(free, (la[0] + b.x) / 2)
        assert g is not None  # the outside of the drawing is always free
        lb = self._leg(b, g)
        yb = self.track(b.row, g, lb[0])
        self.gutters.append((g, ya, yb))
        return [la, (la[0], ya), (g, ya), (g, yb), (lb[0], yb), lb]

    def _side_route(self, a: Endpoint, b: Endpoint) -> list[Point] | None:
        """Sideways out of the upper person at mid-height, down the gutter beside them."""
        left, right = self.neighbours.get(a.id, (None, None))
        sides = [s for s, other in ((1.0, right), (-1.0, left))
                 # not where the partner line is, nor where another line already leaves
                 if not (other is not None and frozenset((a.id, other)) in self.partners)
                 and (a.id, s) not in self.sides]
        if not sides:
            return None
        # The gaps between a's boxes and the next box of its row, and the free x down to b's band:
        # the same for both sides.
        row_boxes = [bx for bx in self.bands[a.row] if not a.box.contains(bx)]
        free = self.free_x(a.row, b.row - 1, a.y, self.band_top(b.row))
        options = []
        for s in sides:
            if s > 0:
                lo = a.box.x1
                hi = min((bx.x0 for bx in row_boxes if bx.x0 >= a.box.x1 - 0.5), default=math.inf)
            else:
                hi = a.box.x0
                lo = max((bx.x1 for bx in row_boxes if bx.x1 <= a.box.x0 + 0.5), default=-math.inf)
            g = self.gutter(free, b.x, (lo, hi))
            if g is None:
                continue
            options.append((abs(g - a.x) + abs(g - b.x), s, g))
        if not options:
            return None
        _, s, g = min(options)
        self.sides.add((a.id, s))
        start = (a.x + s * a.half, a.y)
        lb = self._leg(b, g)
        yb = self.track(b.row, g, lb[0])
        self.gutters.append((g, a.y, yb))
        return [start, (g, a.y), (g, yb), (lb[0], yb), lb]
