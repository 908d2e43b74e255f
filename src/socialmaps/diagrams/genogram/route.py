"""Routes for the lines drawn over the family structure: emotional relationships and copy links.

A genogram's rows are bands of symbols and their labels; between two bands is
a *channel* that only holds lines (sibship bars and descent legs).  A route
never enters a band except straight into the symbol it ends at.  Two people
side by side in a row (not partners) get a straight line between the rims.
Otherwise a route meets each of its symbols at a *port*:

- up: a leg from the top (off-centre, so it does not lie on the descent coming
  into the symbol) to a free *track* in the channel above the row (a height no
  bar uses and no other route takes at that x);
- down: a leg from the bottom to a track in the channel below, only where
  nothing of the row lies under the symbol (short labels leave room beside them);
- side: a stub at mid-height into the gap beside the symbol, when no partner
  line and no other line is on that side, and from there along a *gutter*.

Between rows it climbs or drops through a gutter (an x free of boxes in every
band it passes and of the structure's upright lines).  Every way out of one
symbol is tried against every way into the other, and the cheapest route kept:
its length, plus a penalty per bend and per line it crosses; a route that would
run along a partner or descent line is ruled out.

All of it is plain geometry over boxes, so it is the same for every symbol set.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import pairwise

from ...geometry import Box, Point, segments_cross

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
    legs: set[tuple[str, str, float]] = field(default_factory=set)  # (person, up|down, offset) taken
    sides: set[tuple[str, float]] = field(default_factory=set)  # (person, ±1): a line leaves there
    # the structure's line segments (partner lines, descent): crossing one costs, running along one is out
    lines: list[tuple[Point, Point]] = field(default_factory=list)
    drawn: list[list[Point]] = field(default_factory=list)   # routes handed out so far

    _extent: dict[int, tuple[float, float]] = field(default_factory=dict)  # row -> (band top, bottom)
    _tracks: dict[int, list[float]] = field(default_factory=dict)          # row -> candidate track ys
    _band_spans: dict[int, list[Interval]] = field(default_factory=dict)   # row -> see _spans

    # ------------------------------------------------------------------ geometry of the rows
    def _band(self, r: int) -> tuple[float, float]:
        # Bands do not change once routing starts, and every track asks for them: measure once.
        got = self._extent.get(r)
        if got is None:
            band = self.bands[r]
            got = ((min(b.y0 for b in band), max(b.y1 for b in band)) if band
                   else (self.row_y[r], self.row_y[r]))
            self._extent[r] = got
        return got

    def band_top(self, r: int) -> float:
        return self._band(r)[0]

    def band_bottom(self, r: int) -> float:
        return self._band(r)[1]

    def _track_ys(self, r: int) -> list[float]:
        """Candidate heights in the channel above row r, nearest to the row first.

        Channel len(rows) is the open space under the last row: nearest to that row first.
        """
        got = self._tracks.get(r)
        if got is not None:
            return got
        if r >= len(self.bands):
            top = self.band_bottom(len(self.bands) - 1) + self.spacing
            got = self._tracks[r] = [round(top + i * self.spacing / 2, 2) for i in range(80)]
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

    # ------------------------------------------------------------------ ports: where a route meets a symbol
    def _up(self, p: Endpoint, side: float) -> _Port | None:
        """A leg up from the top of the symbol, off-centre on `side` (the descent comes in at the centre),
        where no other leg of the person is."""
        for k in _LEG_OFFSETS:
            if (p.id, "up", side * k) not in self.legs:
                dx = side * k * p.half
                return _Port("up", rim_top(p.shape, p.x, p.y, p.half, dx), channel=p.row, side=side,
                             offset=side * k)
        return None

    def _down(self, p: Endpoint, side: float) -> _Port | None:
        """A leg down from the bottom of the symbol, where nothing of its row lies under it (short labels)."""
        symbol = Box(p.x - p.half, p.y - p.half, p.x + p.half, p.y + p.half)
        bottom = self.band_bottom(p.row)
        for k in _DOWN_OFFSETS:
            if (p.id, "down", side * k) in self.legs:
                continue
            top = rim_top(p.shape, p.x, p.y, p.half, side * k * p.half)
            x, y = top[0], 2 * p.y - top[1]
            if self._column_clear(p.row, x, y, bottom, symbol):
                return _Port("down", (x, y), channel=p.row + 1, side=side, offset=side * k)
        return None

    def _column_clear(self, r: int, x: float, y0: float, y1: float, own: Box) -> bool:
        """Whether a vertical at x from y0 down to y1 keeps `pad` from every box of band r but `own`."""
        for b in self.bands[r]:
            if b != own and b.y1 > y0 and b.y0 < y1 and b.x0 - self.pad < x < b.x1 + self.pad:
                return False
        return not any(abs(x - vx) < self.pad and hi > y0 and lo < y1 for vx, lo, hi in self.vertical_lines)

    def _sides(self, p: Endpoint) -> list[_Port]:
        """Sideways at mid-height into the gap beside the symbol: not where the partner line is,
        nor where another line already leaves."""
        left, right = self.neighbours.get(p.id, (None, None))
        row_boxes = [bx for bx in self.bands[p.row] if not p.box.contains(bx)]
        out = []
        for s, other in ((1.0, right), (-1.0, left)):
            if (other is not None and frozenset((p.id, other)) in self.partners) or (p.id, s) in self.sides:
                continue
            # the gap between the person's boxes and the next box of the row on that side
            if s > 0:
                gap = (p.box.x1, min((bx.x0 for bx in row_boxes if bx.x0 >= p.box.x1 - 0.5),
                                     default=math.inf))
            else:
                gap = (max((bx.x1 for bx in row_boxes if bx.x1 <= p.box.x0 + 0.5), default=-math.inf),
                       p.box.x0)
            out.append(_Port("side", (p.x + s * p.half, p.y), channel=-1, side=s, gap=gap))
        return out

    def _ports(self, p: Endpoint) -> list[_Port]:
        legs = [self._up(p, s) for s in (1.0, -1.0)] + [self._down(p, s) for s in (1.0, -1.0)]
        return [leg for leg in legs if leg is not None] + self._sides(p)

    # ------------------------------------------------------------------ runs between the ports
    def _free_track(self, r: int, x0: float, x1: float) -> float:
        """The height `track` would hand out (without taking it)."""
        lo, hi = min(x0, x1) - self.spacing, max(x0, x1) + self.spacing
        half = self.width / 2
        ys = self._track_ys(r)
        lanes = self.lanes.get(r, [])
        for y in ys:
            # Its own lane: clear of every run it meets in x by the spacing plus both lines' half widths,
            # so double and triple lines never read as one band.
            if all(hi <= a or lo >= b or abs(y - yy) >= self.spacing + half + h for yy, a, b, h in lanes):
                return y
        return ys[0]  # no free lane: share the nearest

    def _gutters(self, free: list[Interval], targets: list[float],
                 within: Interval | None = None) -> list[float]:
        """Free xs nearest each target (each once, in the targets' order)."""
        out: list[float] = []
        for t in targets:
            g = self.gutter(free, t, within)
            if g is not None and g not in out:
                out.append(g)
        return out

    def _rows_between(self, y0: float, y1: float) -> tuple[int, int]:
        """The bands a vertical from y0 to y1 passes (partly or wholly)."""
        lo, hi = min(y0, y1), max(y0, y1)
        rows = [r for r in range(len(self.row_y)) if self.band_bottom(r) > lo and self.band_top(r) < hi]
        return (rows[0], rows[-1]) if rows else (0, -1)

    def _vertical_free(self, y0: float, y1: float) -> list[Interval]:
        r0, r1 = self._rows_between(y0, y1)
        return self.free_x(r0, r1, min(y0, y1), max(y0, y1))

    def _join(self, a: Endpoint, pa: _Port, b: Endpoint, pb: _Port) -> Iterator[_Candidate]:
        """The routes from port pa of a to port pb of b (channel–channel, side–channel, side–side)."""
        if pa.kind == "side" and pb.kind == "side":
            if a.row == b.row:
                return
            lo, hi = max(pa.gap[0], pb.gap[0]), min(pa.gap[1], pb.gap[1])
            if hi <= lo:
                return
            free = self._vertical_free(a.y, b.y)
            for g in self._gutters(free, [pa.point[0], pb.point[0]], (lo, hi)):
                yield _Candidate([pa.point, (g, a.y), (g, b.y), pb.point], [], (g, a.y, b.y))
            return
        if pa.kind == "side" or pb.kind == "side":
            flip = pb.kind == "side"
            s, ps, c, pc = (b, pb, a, pa) if flip else (a, pa, b, pb)
            xc = pc.point[0]
            y = self._free_track(pc.channel, ps.point[0], xc)
            free = self._vertical_free(s.y, y)
            for g in self._gutters(free, [xc, ps.point[0]], ps.gap):
                snapped = self._snap(c, pc, g, y)
                if snapped is not None:
                    pts, tracks, end = [ps.point, (g, s.y), snapped], [], snapped[1]
                else:
                    pts, tracks = [ps.point, (g, s.y), (g, y), (xc, y), pc.point], [(pc.channel, y, g, xc)]
                    end = y
                yield _Candidate(pts[::-1] if flip else pts, tracks, (g, s.y, end))
            return
        xa, xb = pa.point[0], pb.point[0]
        if pa.channel == pb.channel:
            y = self._free_track(pa.channel, xa, xb)
            yield _Candidate([pa.point, (xa, y), (xb, y), pb.point], [(pa.channel, y, xa, xb)], None)
            return
        ya = self._free_track(pa.channel, xa, xb)
        yb = self._free_track(pb.channel, xa, xb)
        free = self._vertical_free(ya, yb)
        for g in self._gutters(free, [(xa + xb) / 2, xa, xb]):
            sa, sb = self._snap(a, pa, g, ya), self._snap(b, pb, g, yb)
            head = [sa] if sa is not None else [pa.point, (xa, ya), (g, ya)]
            tail = [sb] if sb is not None else [(g, yb), (xb, yb), pb.point]
            tracks = ([] if sa is not None else [(pa.channel, ya, xa, g)]) + \
                ([] if sb is not None else [(pb.channel, yb, g, xb)])
            yield _Candidate(head + tail, tracks, (g, head[-1][1], tail[0][1]))

    def _snap(self, p: Endpoint, port: _Port, g: float, y: float) -> Point | None:
        """The leg of an up or down port moved onto gutter g, when g passes over (or under) the symbol:
        the gutter then runs straight into it instead of jogging across to the leg (two bends fewer).

        Only the stretch from the channel height y to the outline needs checking: the gutter itself
        is already clear of every band it passes, and it cannot pass p's own band here.
        """
        if port.kind not in ("up", "down") or abs(g - p.x) > 0.9 * p.half:
            return None
        top = rim_top(p.shape, p.x, p.y, p.half, g - p.x)
        rim = top if port.kind == "up" else (top[0], 2 * p.y - top[1])
        lo, hi = min(y, rim[1]), max(y, rim[1])
        if any(abs(g - vx) < self.pad and b > lo and a < hi for vx, a, b in self.vertical_lines):
            return None
        if any(abs(g - gx) < self.spacing + self.width and b > lo and a < hi for gx, a, b in self.gutters):
            return None
        return rim

    def _cost(self, pts: list[Point]) -> float:
        """Length, plus a penalty per bend and per line crossed; running along a line rules a route out."""
        segs = list(pairwise(pts))
        length = sum(abs(p[0] - q[0]) + abs(p[1] - q[1]) for p, q in segs)
        bends = max(0, len([1 for p, q in segs if p != q]) - 1)
        # Closer than half the spacing reads as one line; the legs' off-centre offset stays clear of it.
        near = self.spacing / 2
        crossed = 0
        along = hugged = 0.0
        for p, q in segs:
            for c, d in self.lines:
                crossed += segments_cross(p, q, c, d, eps=1e-6)
                along += _alongside(p, q, c, d, near)
                # Clear of a line but close beside it over a long run still reads as following it.
                hugged += _alongside(p, q, c, d, 2 * self.pad)
        drawn = sum(segments_cross(p, q, c, d, eps=1e-6) for p, q in segs
                    for route in self.drawn for c, d in pairwise(route))
        s = self.spacing
        return (length + 2.0 * s * bends + 0.25 * s * crossed + 2.0 * s * drawn + 0.5 * hugged
                + 1e6 * min(along, 1.0))

    def _take(self, a: Endpoint, pa: _Port, b: Endpoint, pb: _Port, cand: _Candidate) -> None:
        """Hand out what the chosen route uses: legs, sides, lanes and its gutter."""
        for p, port in ((a, pa), (b, pb)):
            if port.kind in ("up", "down"):
                self.legs.add((p.id, port.kind, port.offset))
            else:
                self.sides.add((p.id, port.side))
        for r, y, x0, x1 in cand.tracks:
            self.lanes.setdefault(r, []).append((y, min(x0, x1) - self.spacing, max(x0, x1) + self.spacing,
                                                 self.width / 2))
        if cand.gutter is not None:
            g, y0, y1 = cand.gutter
            self.gutters.append((g, min(y0, y1), max(y0, y1)))
        self.drawn.append(cand.points)

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
        if self.straight(a, b):
            s = 1.0 if b.x > a.x else -1.0
            self.sides |= {(a.id, s), (b.id, -s)}
            pts = [(a.x + s * a.half, a.y), (b.x - s * b.half, b.y)]
            self.drawn.append(pts)
            return pts
        # Every way out of a against every way into b, the cheapest kept; ties go to the first found,
        # and ports and gutters are tried in a fixed order, so the same family gives the same routes.
        best: tuple[float, int, _Port, _Port, _Candidate] | None = None
        n = 0
        for pa in self._ports(a):
            for pb in self._ports(b):
                for cand in self._join(a, pa, b, pb):
                    cost = self._cost(cand.points)
                    if best is None or cost < best[0] - 1e-9:
                        best = (cost, n, pa, pb, cand)
                    n += 1
        assert best is not None  # up from both, round the outside of the drawing, is always there
        _, _, pa, pb, cand = best
        self._take(a, pa, b, pb, cand)
        return cand.points


# Where legs leave a symbol, in half-sizes from the centre on the side they head for, first choice first.
_LEG_OFFSETS = (0.45, 0.72, 0.2)
_DOWN_OFFSETS = (0.72, 0.45)


@dataclass(frozen=True)
class _Port:
    """Where a route meets a symbol and which way it runs from there.

    "up"/"down": a leg from the outline to a track in `channel` (channel r lies above row r);
    "side": a stub at mid-height to a gutter within `gap`, beside the symbol.
    """

    kind: str
    point: Point
    channel: int = -1
    side: float = 0.0
    gap: Interval = (0.0, 0.0)
    offset: float = 0.0     # up/down: where the leg leaves, in half-sizes from the centre


@dataclass
class _Candidate:
    points: list[Point]
    tracks: list[tuple[int, float, float, float]]   # (channel, y, x0, x1) of its runs along channels
    gutter: tuple[float, float, float] | None       # (x, y0, y1) of its run between rows


def _alongside(p: Point, q: Point, c: Point, d: Point, near: float) -> float:
    """How far segment pq runs along segment cd: parallel (both level or both upright) and closer
    than `near`; 0 when they share no more than a unit of their length."""
    if abs(p[1] - q[1]) < 1e-6 and abs(c[1] - d[1]) < 1e-6:
        run = min(max(p[0], q[0]), max(c[0], d[0])) - max(min(p[0], q[0]), min(c[0], d[0]))
        return run if abs(p[1] - c[1]) < near and run > 1.0 else 0.0
    if abs(p[0] - q[0]) < 1e-6 and abs(c[0] - d[0]) < 1e-6:
        run = min(max(p[1], q[1]), max(c[1], d[1])) - max(min(p[1], q[1]), min(c[1], d[1]))
        return run if abs(p[0] - c[0]) < near and run > 1.0 else 0.0
    return 0.0
