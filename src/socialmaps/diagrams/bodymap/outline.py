"""Body-map geometry: the body outline, its named regions and where a mark goes.

Pure geometry and data: no SVG writing, no I/O.  The outline is this project's
own drawing, built from the key points below.

Coordinate frame
----------------
One fixed frame for every view and figure: 200 units wide, 480 tall, origin
top-left, y downwards.  The figure is centred on x = 100 and stands with its
soles on y = 480; the adult's crown is at y = 0, the child (shorter, with a
bigger head) reaches up to y ~ 110.  Arms hang slightly away from the body, so
arms, hands and legs are apart from the trunk and from each other.

Left and right are the client's own.  On the ``front`` view the client faces
the viewer, so the client's left is on the viewer's right (larger x); on the
``back`` view the client's left is on the viewer's left (smaller x).

How the regions are made
------------------------
The silhouette is one closed loop of smooth cubic Béziers through the key
points of ``_HALF`` (the viewer-left half, mirrored for the right half).  Each
region is bounded by stretches of that outline and straight cuts between key
points (or a few inner points), so the regions of one view tile the body
without overlapping and never leave the outline.  The region names, the views
that show them and their synonyms are part of the case format
(``socialmaps.bodyregions``); their display names are words (``lang/*/bodymap.toml``).
"""

from __future__ import annotations

import functools
import math
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from ...bodyregions import ALIASES, REGIONS, VIEW_REGIONS, VIEWS, canonical_region

Point = tuple[float, float]
Polygon = list[Point]

WIDTH = 200.0
HEIGHT = 480.0
MID_X = WIDTH / 2
FIGURES: tuple[str, ...] = ("adult", "child")

# The viewer-left half of the adult silhouette, from the crown (on the midline)
# down the viewer-left side, round the arm and the leg, to the crotch (on the
# midline).  Named points are ends of region cuts; "!" marks a sharp corner.
_HALF: tuple[tuple[float, float, str], ...] = (
    (100, 0, "crown"), (88, 3.5, ""), (80.5, 15, "hairline"), (79, 24, ""), (77.5, 29, ""),
    (76.5, 35, "occiput"), (79, 41.5, ""), (81.5, 46, ""), (86.5, 54.5, "jaw"), (89, 62, "neck_top"),
    (88.5, 70, ""), (87, 77.5, "neck_base"), (76, 83.5, "trap"), (62, 88, ""), (52.5, 93, ""),
    (46.5, 103, ""), (43, 124, "arm_top"), (38.5, 150, ""), (34.5, 176, "elbow_out_top"),
    (31.5, 196, "elbow_out_bot"), (26, 224, ""), (21, 250, "wrist_out"), (16, 258.5, ""),
    (12.5, 266, ""), (11.5, 274.5, ""), (15, 277, "!thumb"), (15.5, 288, ""), (19, 298, ""),
    (24.5, 302, ""), (29.5, 298, ""), (32.5, 287, ""), (34, 273, ""), (34.5, 262, ""),
    (34, 252, "wrist_in"), (38.5, 226, ""), (45, 200, "elbow_in_bot"), (49, 181, "elbow_in_top"),
    (54.5, 153, ""), (62, 124, "!armpit"), (63.5, 145, ""), (66.5, 170, "rib"), (71, 195, ""),
    (69.5, 215, "belt"), (65, 236, ""), (64, 256, "hip_out"), (65.5, 285, ""), (70, 315, ""),
    (72.5, 337, "knee_out_top"), (73.5, 362, "knee_out_bot"), (72, 385, ""), (76, 420, ""),
    (79.5, 442, "ankle_out_top"), (80.5, 458, "ankle_out_bot"), (75, 466, ""), (68.5, 473, ""),
    (70, 478.5, ""), (81, 479.6, ""), (93, 479.2, ""), (97.5, 475, ""), (96, 466, ""),
    (93.5, 458, "ankle_in_bot"), (92.5, 442, "ankle_in_top"), (91.5, 420, ""), (93, 392, ""),
    (94, 362, "knee_in_bot"), (95, 337, "knee_in_top"), (97, 300, ""), (97.5, 276, "gluteal_in"),
    (100, 260, "!crotch"),
)
# Inner points (viewer-left) where cuts meet away from the outline.
_INNER: dict[str, Point] = {"groin_top": (80, 215), "groin": (77, 251), "gluteal": (75, 276)}

# Region specs on the viewer-left side.  Each token is a point name or an
# outline stretch "a~b"; consecutive tokens are joined by straight cuts.  Central
# regions give only their viewer-left half (midline to midline); the rest is
# the mirror image.
_SPEC_CHEST = ("neck_base~trap", "armpit~rib")
_SPEC_ABDOMEN = ("rib~belt", "groin_top")
_CENTRAL_SPECS: dict[str, dict[str, tuple[str, ...]]] = {
    "front": {"head": ("crown~hairline",), "face": ("hairline~neck_top",),
              "neck": ("neck_top~neck_base",), "chest": _SPEC_CHEST, "abdomen": _SPEC_ABDOMEN,
              "pelvis": ("groin_top", "groin", "crotch")},
    "back": {"head": ("crown~occiput",), "back-of-head": ("occiput~neck_top",),
             "neck": ("neck_top~neck_base",), "upper-back": _SPEC_CHEST,
             "lower-back": _SPEC_ABDOMEN,
             "buttocks": ("groin_top", "groin", "gluteal", "gluteal_in~crotch")},
}
_SIDED_SPECS: dict[str, tuple[str, ...]] = {
    "shoulder": ("trap~arm_top", "armpit"),
    "upper-arm": ("arm_top~elbow_out_top", "elbow_in_top~armpit"),
    "elbow": ("elbow_out_top~elbow_out_bot", "elbow_in_bot~elbow_in_top"),
    "forearm": ("elbow_out_bot~wrist_out", "wrist_in~elbow_in_bot"),
    "hand": ("wrist_out~wrist_in",),
    "hip": ("belt~hip_out", "groin", "groin_top"),
    "front-thigh": ("hip_out~knee_out_top", "knee_in_top~crotch", "groin"),
    "back-thigh": ("hip_out~knee_out_top", "knee_in_top~gluteal_in", "gluteal", "groin"),
    "knee": ("knee_out_top~knee_out_bot", "knee_in_bot~knee_in_top"),
    "lower-leg": ("knee_out_bot~ankle_out_top", "ankle_in_top~knee_in_bot"),
    "ankle": ("ankle_out_top~ankle_out_bot", "ankle_in_bot~ankle_in_top"),
    "foot": ("ankle_out_bot~ankle_in_bot",),
}

_SAMPLES = 8  # flattening steps per Bézier segment
_HANDLE = 0.36  # Bézier handle length as a share of the neighbouring chord


def _check(view: str, figure: str) -> None:
    if view not in VIEWS:
        raise ValueError(f"unknown view {view!r}; expected one of {VIEWS}")
    if figure not in FIGURES:
        raise ValueError(f"unknown figure {figure!r}; expected one of {FIGURES}")


def is_client_left_on_viewer_right(view: str) -> bool:
    """True on the front view (client faces us), False on the back view."""
    _check(view, "adult")
    return view == "front"


def regions_for(view: str) -> tuple[str, ...]:
    """The regions drawn on ``view``, in ``REGIONS`` order."""
    _check(view, "adult")
    return VIEW_REGIONS[view]


def _mirror(p: Point) -> Point:
    return (round(WIDTH - p[0], 2), p[1])


def _place(x: float, y: float, head: bool, figure: str) -> Point:
    """Key point of the adult drawing moved to ``figure``."""
    if figure == "adult":
        return (float(x), float(y))
    crotch_y = HEIGHT - (HEIGHT - 260) * 0.66  # child: shorter legs, ...
    neck_y = crotch_y - (260 - 62) * 0.78  # ... shorter trunk, ...
    if head:  # ... and a bigger head
        return (MID_X + (x - MID_X) * 1.13, neck_y - (62 - y) * 1.13)
    ny = HEIGHT - (HEIGHT - y) * 0.66 if y >= 260 else crotch_y - (260 - y) * 0.78
    return (MID_X + (x - MID_X) * 0.82, ny)


@cache
def _keys(figure: str) -> tuple[tuple[Point, ...], tuple[bool, ...], dict[str, int], dict[str, Point]]:
    points: list[Point] = []
    corners: list[bool] = []
    index: dict[str, int] = {}
    head = True
    for i, (x, y, name) in enumerate(_HALF):
        head = head and name != "neck_top"
        points.append(_place(x, y, head, figure))
        corners.append(name.startswith("!"))
        if name:
            index[name.lstrip("!")] = i
    inner = {k: _place(x, y, False, figure) for k, (x, y) in _INNER.items()}
    return tuple(points), tuple(corners), index, inner


def _unit(dx: float, dy: float) -> Point:
    length = math.hypot(dx, dy)
    return (dx / length, dy / length) if length else (0.0, 0.0)


@cache
def _segments(figure: str) -> tuple[tuple[Point, Point, Point, Point], ...]:
    """Cubic segments of the whole closed outline, viewer-left half first."""
    half, corner, _, _ = _keys(figure)
    loop = list(half) + [_mirror(p) for p in reversed(half[1:-1])]
    sharp = list(corner) + list(reversed(corner[1:-1]))
    n = len(loop)

    def handle(i: int, forward: bool) -> Point:
        p, prev, nxt = loop[i], loop[i - 1], loop[(i + 1) % n]
        if sharp[i]:
            return p
        ux, uy = _unit(nxt[0] - prev[0], nxt[1] - prev[1])
        other = nxt if forward else prev
        k = _HANDLE * math.dist(p, other) * (1 if forward else -1)
        return (p[0] + ux * k, p[1] + uy * k)

    left: list[tuple[Point, Point, Point, Point]] = []
    for i in range(len(half) - 1):
        a, b, c, d = ((round(x, 2), round(y, 2))
                      for x, y in (loop[i], handle(i, True), handle(i + 1, False), loop[i + 1]))
        left.append((a, b, c, d))
    right = [(_mirror(d), _mirror(c), _mirror(b), _mirror(a)) for a, b, c, d in reversed(left)]
    return tuple(left + right)


def outline_segments(view: str, figure: str = "adult") -> tuple[tuple[Point, Point, Point, Point], ...]:
    """The silhouette's cubic Béziers (start, handle, handle, end), numbers to 2 decimals:
    the closed loop ``outline_path`` writes out."""
    _check(view, figure)
    return _segments(figure)


def _bezier(seg: tuple[Point, Point, Point, Point], t: float) -> Point:
    (x0, y0), (x1, y1), (x2, y2), (x3, y3) = seg
    u = 1 - t
    a, b, c, d = u * u * u, 3 * u * u * t, 3 * u * t * t, t * t * t
    return (a * x0 + b * x1 + c * x2 + d * x3, a * y0 + b * y1 + c * y2 + d * y3)


@cache
def _half_dense(figure: str) -> tuple[Point, ...]:
    """Flattened viewer-left half outline; key point i sits at index i * _SAMPLES."""
    half_count = len(_keys(figure)[0]) - 1
    pts: list[Point] = [_segments(figure)[0][0]]
    for seg in _segments(figure)[:half_count]:
        for s in range(1, _SAMPLES + 1):
            x, y = _bezier(seg, s / _SAMPLES)
            pts.append((round(x, 2), round(y, 2)))
    return tuple(pts)


def _fmt(v: float) -> str:
    text = f"{v:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


# Pure in (view, figure) and asked for on every render: computed once.
@cache
def outline_path(view: str, figure: str = "adult") -> str:
    """The silhouette as one closed SVG path ``d`` (M, C…, Z), numbers to 2 decimals.

    Front and back share one silhouette (the body is drawn symmetric)."""
    segs = outline_segments(view, figure)
    parts = [f"M {_fmt(segs[0][0][0])} {_fmt(segs[0][0][1])}"]
    for _, c1, c2, end in segs:
        parts.append("C " + " ".join(f"{_fmt(x)} {_fmt(y)}" for x, y in (c1, c2, end)))
    return " ".join(parts) + " Z"


def outline_polygon(view: str, figure: str = "adult") -> Polygon:
    """The silhouette flattened to a polygon (the vertices regions are cut from)."""
    _check(view, figure)
    half = list(_half_dense(figure))
    return half[:-1] + [_mirror(p) for p in reversed(half[1:])]


def _cubic_range(a: float, b: float, c: float, d: float) -> tuple[float, float]:
    """Min and max of a 1-D cubic Bézier on [0, 1]."""
    qa, qb, qc = -a + 3 * b - 3 * c + d, 2 * (a - 2 * b + c), b - a
    ts = [0.0, 1.0]
    if abs(qa) < 1e-12:
        if abs(qb) > 1e-12:
            ts.append(-qc / qb)
    else:
        disc = qb * qb - 4 * qa * qc
        if disc >= 0:
            root = math.sqrt(disc)
            ts += [(-qb + root) / (2 * qa), (-qb - root) / (2 * qa)]
    vals = [(1 - t) ** 3 * a + 3 * (1 - t) ** 2 * t * b + 3 * (1 - t) * t * t * c + t ** 3 * d
            for t in ts if 0 <= t <= 1]
    return min(vals), max(vals)


# Pure in (view, figure) and asked for on every render: computed once.
@cache
def outline_bounds(view: str, figure: str = "adult") -> tuple[float, float, float, float]:
    """Exact bounding box ``(x0, y0, x1, y1)`` of ``outline_path(view, figure)``."""
    _check(view, figure)
    xs: list[float] = []
    ys: list[float] = []
    for seg in _segments(figure):
        xs += _cubic_range(*(p[0] for p in seg))
        ys += _cubic_range(*(p[1] for p in seg))
    return (round(min(xs), 2), round(min(ys), 2), round(max(xs), 2), round(max(ys), 2))


def _build(tokens: tuple[str, ...], figure: str) -> Polygon:
    """Viewer-left polygon from spec tokens (see ``_SIDED_SPECS``)."""
    _, _, index, inner = _keys(figure)
    dense = _half_dense(figure)
    pts: Polygon = []
    for token in tokens:
        if "~" in token:
            a, b = (index[t] * _SAMPLES for t in token.split("~"))
            pts += dense[a:b + 1] if a <= b else dense[b:a + 1][::-1]
        elif token in inner:
            pts.append(inner[token])
        else:
            pts.append(dense[index[token] * _SAMPLES])
    return pts


def _dedupe(pts: Polygon) -> Polygon:
    out: Polygon = []
    for p in pts:
        if not out or p != out[-1]:
            out.append(p)
    while len(out) > 1 and out[0] == out[-1]:
        out.pop()
    return out


def _resolve(region: str, view: str, figure: str) -> tuple[str, str, str]:
    """(spec key, "L" | "R" | "C", view it is cached under) for a region on a view;
    ValueError if not shown there.  Sided regions are drawn alike on both views (only
    the side differs, and the thigh's key names its view), so they are cached once,
    under "front"."""
    _check(view, figure)
    region = canonical_region(region)
    if region not in VIEW_REGIONS[view]:
        raise ValueError(f"region {region!r} is not shown on the {view} view")
    if region in _CENTRAL_SPECS[view]:
        return region, "C", view
    client_side, _, kind = region.partition("-")
    on_right = (client_side == "left") == is_client_left_on_viewer_right(view)
    key = f"{view}-{kind}" if kind == "thigh" else kind
    return key, "R" if on_right else "L", "front"


@cache
def _polygon(key: str, side: str, view: str, figure: str) -> tuple[Point, ...]:
    if side == "C":
        half = _build(_CENTRAL_SPECS[view][key], figure)
        return tuple(_dedupe(half + [_mirror(p) for p in reversed(half)]))
    pts = _dedupe(_build(_SIDED_SPECS[key], figure))
    return tuple(_mirror(p) for p in pts) if side == "R" else tuple(pts)


def region_polygon(region: str, view: str, figure: str = "adult") -> Polygon:
    """The region's outline as a list of (x, y); aliases accepted."""
    return list(_polygon(*_resolve(region, view, figure), figure))


def point_in_polygon(pt: Point, poly: Polygon | tuple[Point, ...]) -> bool:
    """Even-odd rule; points exactly on an edge may fall either way."""
    x, y = pt
    inside = False
    n = len(poly)
    for i in range(n):
        (x1, y1), (x2, y2) = poly[i - 1], poly[i]
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside


Edge = tuple[float, float, float, float, float]  # ax, ay, dx, dy, dx² + dy²


def _edges(poly: Polygon | tuple[Point, ...]) -> tuple[Edge, ...]:
    """Edge vectors in ``distance_to_boundary`` order (edge i runs from vertex i - 1 to i)."""
    out = []
    for i in range(len(poly)):
        (ax, ay), (bx, by) = poly[i - 1], poly[i]
        dx, dy = bx - ax, by - ay
        out.append((ax, ay, dx, dy, dx * dx + dy * dy))
    return tuple(out)


def _nearest(px: float, py: float, edges: Sequence[Edge], floor: float = -math.inf) -> float:
    """Shortest distance from (px, py) to ``edges``, or, once some edge comes within
    ``floor``, that edge's distance (a value <= floor: callers that only want to know
    whether the point beats ``floor`` need not look further).

    Each edge's distance is computed with exactly the operations of the original
    ``distance_to_boundary`` loop, so the minimum is bit-for-bit the same whatever the
    order of ``edges``; only the clamping is written as plain comparisons (same values,
    no builtin calls) because this loop is where the anchor search spends its time."""
    best = math.inf
    hypot = math.hypot
    for ax, ay, dx, dy, length2 in edges:
        if length2 == 0:
            t = 0.0
        else:
            t = ((px - ax) * dx + (py - ay) * dy) / length2
            if t <= 0.0:
                t = 0.0
            elif t >= 1.0:
                t = 1.0
        d = hypot(ax + t * dx - px, ay + t * dy - py)
        if d < best:
            best = d
            if best <= floor:
                break
    return best


def distance_to_boundary(pt: Point, poly: Polygon | tuple[Point, ...]) -> float:
    """Shortest distance from ``pt`` to the polygon's edges."""
    return _nearest(pt[0], pt[1], _edges(poly))


def inside_on_row(row: Sequence[float], xs: Sequence[float]) -> list[float]:
    """The values of the ascending ``xs`` inside the polygon on a scanline whose sorted
    crossings are ``row``: ``point_in_polygon``'s answer (an odd number of crossings c
    with x < c), which for sorted crossings c0 <= c1 <= ... means c[2m] <= x < c[2m + 1]
    for some m; so each pair of crossings takes a slice of ``xs`` found by bisection."""
    out: list[float] = []
    for m in range(0, len(row) - 1, 2):
        out += xs[bisect_left(xs, row[m]):bisect_left(xs, row[m + 1])]
    return out


class Shape:
    """A polygon prepared for many queries: bounding box, edge vectors, crossings of
    horizontal scanlines and a memo of depths.

    Every answer equals what ``point_in_polygon`` / ``distance_to_boundary`` give for
    the same polygon; the speed comes from sharing work between queries (one pass over
    the edges for all scanlines, one bisect per point), not from approximating.
    """

    __slots__ = ("_depths", "edges", "poly", "x0", "x1", "y0", "y1")

    def __init__(self, poly: Polygon | tuple[Point, ...]) -> None:
        self.poly: tuple[Point, ...] = tuple(poly)
        self.x0 = min(p[0] for p in self.poly)
        self.x1 = max(p[0] for p in self.poly)
        self.y0 = min(p[1] for p in self.poly)
        self.y1 = max(p[1] for p in self.poly)
        self.edges = _edges(self.poly)
        self._depths: dict[Point, float] = {}

    def contains(self, pt: Point) -> bool:
        """``point_in_polygon(pt, poly)``, with the bounding box rejecting far points first.

        Off the box's y range no edge straddles y (an exact test, so no crossing); off
        its x range every crossing is on one side, an even count.  The x reject keeps
        a hair's margin because crossings are computed with rounding."""
        x, y = pt
        if y < self.y0 or y >= self.y1 or x < self.x0 - 1e-6 or x > self.x1 + 1e-6:
            return False
        return point_in_polygon(pt, self.poly)

    def rows(self, ys: Sequence[float]) -> list[list[float]]:
        """For each y of the ascending ``ys``, the sorted x where that horizontal line
        crosses the outline, by ``point_in_polygon``'s rule and formula: an edge from
        (x1, y1) to (x2, y2) crosses y when min(y1, y2) <= y < max(y1, y2) (exactly
        ``(y1 > y) != (y2 > y)``), at x1 + (y - y1) * (x2 - x1) / (y2 - y1).

        One pass over the edges, each finding its scanlines by bisection, instead of
        every scanline testing every edge."""
        out: list[list[float]] = [[] for _ in ys]
        poly = self.poly
        for i in range(len(poly)):
            (x1, y1), (x2, y2) = poly[i - 1], poly[i]
            lo, hi = (y1, y2) if y1 < y2 else (y2, y1)
            for k in range(bisect_left(ys, lo), bisect_left(ys, hi)):
                y = ys[k]
                out[k].append(x1 + (y - y1) * (x2 - x1) / (y2 - y1))
        for row in out:
            row.sort()
        return out

    def depth(self, pt: Point) -> float:
        """``distance_to_boundary(pt, poly)``, remembered: the layout asks for the same
        candidate points on every render."""
        d = self._depths.get(pt)
        if d is None:
            d = self._depths[pt] = _nearest(pt[0], pt[1], self.edges)
        return d


def _edge_distance2(x: float, y: float, e: Edge) -> float:
    """Squared distance from (x, y) to the edge's midpoint."""
    return (e[0] + e[2] / 2 - x) ** 2 + (e[1] + e[3] / 2 - y) ** 2


def _pole(shape: Shape, on_midline: bool = False) -> Point:
    """Approximate pole of inaccessibility: the inside point farthest from the edges.

    Grid search refined round the best point; ``on_midline`` keeps x = MID_X
    (for the regions that straddle the midline, so their mark stays centred).

    The grid, its visiting order and the "better by more than 1e-9" rule are fixed:
    they decide which of near-equal points wins, so the result must not depend on how
    fast the search runs.  Shortcuts that cannot change any comparison:
    - inside tests per grid row from that row's crossings (``Shape.rows``);
    - a point whose horizontal distance to its row's nearest crossing (a point of the
      outline, so no nearer than the true depth) is already <= the best depth cannot
      win and is skipped;
    - the exact distance stops at the first edge that comes within the best depth
      (+1e-9), with the edges nearest the round's centre tried first.
    """
    cx = MID_X if on_midline else (shape.x0 + shape.x1) / 2
    cy = (shape.y0 + shape.y1) / 2
    span = max(shape.x1 - shape.x0, shape.y1 - shape.y0) / 2
    best, best_d = (cx, cy), -1.0
    steps = 10
    for _ in range(6):
        step = span / steps
        row_ys = [cy + j * step for j in range(-steps, steps + 1)]
        rows = shape.rows(row_ys)
        # Edges whose midpoint is nearest the round's centre first: the order only decides
        # how soon ``_nearest`` may stop, never the distance it returns.
        edges = sorted(shape.edges, key=functools.partial(_edge_distance2, cx, cy))
        for i in [0] if on_midline else range(-steps, steps + 1):
            x = cx + i * step
            for y, row in zip(row_ys, rows, strict=True):
                k = bisect_right(row, x)
                if (len(row) - k) % 2 == 0:  # outside
                    continue
                # Inside: crossings lie on both sides of x (their count is even).
                if min(x - row[k - 1], row[k] - x) <= best_d:
                    continue
                d = _nearest(x, y, edges, best_d + 1e-9)
                if d > best_d + 1e-9:
                    best, best_d = (x, y), d
        cx, cy = best
        span, steps = step * 2, 4
    return (round(best[0], 2), round(best[1], 2))


@cache
def _shape(key: str, side: str, view: str, figure: str) -> Shape:
    return Shape(_polygon(key, side, view, figure))


def region_shape(region: str, view: str, figure: str = "adult") -> Shape:
    """The region's polygon prepared for repeated inside / depth queries (shared, cached)."""
    return _shape(*_resolve(region, view, figure), figure)


@cache
def _anchor(key: str, side: str, view: str, figure: str) -> Point:
    if side == "R":
        return _mirror(_anchor(key, "L", view, figure))
    return _pole(_shape(key, side, view, figure), on_midline=side == "C")


def region_anchor(region: str, view: str, figure: str = "adult") -> Point:
    """A point well inside the region (its pole of inaccessibility), where a mark goes."""
    return _anchor(*_resolve(region, view, figure), figure)


def regions_at(pt: Point, view: str, figure: str = "adult") -> tuple[str, ...]:
    """Names of the regions of ``view`` containing ``pt`` (normally none or one)."""
    return tuple(r for r in regions_for(view) if region_shape(r, view, figure).contains(pt))



# --------------------------------------------------------------------------- what tells the views apart

#: The regions of the arms and hands: a leader (the line from a mark to its callout) runs over
#: none of them except its own mark's region (so it never reads as pointing at an arm or a hand).
LIMB_KINDS = ("upper-arm", "elbow", "forearm", "hand")


def limb_regions(view: str) -> tuple[str, ...]:
    """The arm and hand regions of ``view`` (both sides)."""
    return tuple(r for r in regions_for(view) if r.partition("-")[2] in LIMB_KINDS)


@dataclass(frozen=True)
class Face:
    """Simple strokes on the front view's head, so the front reads as a face (outline units)."""

    eyes: tuple[Point, Point]
    eye_r: float
    nose: tuple[Point, ...]
    mouth: tuple[Point, ...]


def _head_point(x: float, y: float, figure: str) -> Point:
    px, py = _place(x, y, True, figure)
    return (round(px, 2), round(py, 2))


@cache
def face(figure: str = "adult") -> Face:
    """Eyes, nose and mouth of the front view, drawn on the ``face`` region."""
    _check("front", figure)
    eyes = (_head_point(92, 31, figure), _head_point(108, 31, figure))
    nose = tuple(_head_point(x, y, figure) for x, y in ((100, 34), (98, 42.5), (101.5, 43.5)))
    mouth = tuple(_head_point(100 + 6 * math.sin(a), 49.5 + 2.5 * math.cos(a), figure)
                  for a in (-1.2, -0.6, 0.0, 0.6, 1.2))
    return Face(eyes, 1.9 * (1.13 if figure == "child" else 1.0), nose, mouth)


@cache
def spine(figure: str = "adult") -> tuple[Point, Point]:
    """The spine line of the back view, from the neck's base down to the small of the back."""
    _check("back", figure)
    top, bottom = _place(MID_X, 86, False, figure), _place(MID_X, 246, False, figure)
    return ((round(top[0], 2), round(top[1], 2)), (round(bottom[0], 2), round(bottom[1], 2)))


@cache
def leader_waypoints(figure: str = "adult") -> tuple[Point, ...]:
    """Points off the body on the viewer-left side (mirror them for the right) that a leader
    may bend at to go round the arm: over the shoulder, and under the hand between the hand
    and the thigh."""
    _check("front", figure)
    return tuple((round(x, 2), round(y, 2)) for x, y in (
        _place(56, 76, False, figure), _place(39, 313, False, figure)))


# The region names are re-exported for the drawing's callers (they belong to the case format).
__all__ = [
    "ALIASES",
    "FIGURES",
    "HEIGHT",
    "LIMB_KINDS",
    "MID_X",
    "REGIONS",
    "VIEWS",
    "VIEW_REGIONS",
    "WIDTH",
    "Face",
    "Shape",
    "canonical_region",
    "distance_to_boundary",
    "face",
    "inside_on_row",
    "is_client_left_on_viewer_right",
    "leader_waypoints",
    "limb_regions",
    "outline_bounds",
    "outline_path",
    "outline_polygon",
    "outline_segments",
    "point_in_polygon",
    "region_anchor",
    "region_polygon",
    "region_shape",
    "regions_at",
    "regions_for",
    "spine",
]
