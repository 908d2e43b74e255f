"""Measures of a genogram layout, the way the shared checker judges the drawing.

All functions read a :class:`GenogramLayout` only.

* ``line_segments(layout)``: the partner lines and descent polylines as owned segments.
* ``crossings(layout)``: proper crossings between lines of different owners; shared
  ends, T-junctions and collinear pieces (shared buses) are not crossings.
* ``shared_bars(layout)``: sibship bars of two different unions lying on top of
  each other (the checker ignores them, we do not want them either).
* ``symbol_overlaps(layout)``: pairs of nodes of one row whose boxes overlap.
* ``row_violations(layout)``: nodes off their generation's y, rows out of order.
* ``partner_violations(layout)``: partners not side by side (only their other partners
  may stand between them).
* ``child_order_violations(layout)``: children not left to right in birth order.
* ``partner_flips(layout, family)``: couples (neither partner with another) drawn against
  the convention: a wife left of her husband, two of one sex against the listed order.
* ``centring(layout)``, ``partner_span(layout)``: mean offset of sibships from under
  their parents, mean free room between partners (aesthetics, not rules).
* ``quality(layout)``: all the counts in one dict.
* ``page_fit(width, smallest)``: how large the smallest text prints with the figure 16 cm
  wide (a report page), and how many such widths the figure needs to be legible.
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from collections import defaultdict
from itertools import combinations, pairwise

from socialmaps.diagrams.genogram.family import Family
from socialmaps.diagrams.genogram.layout import GenogramLayout

Point = tuple[float, float]
Segment = tuple[str, Point, Point]

_MARGIN = 0.05  # the checker's end margin of a proper crossing
_TOL = 0.5


def line_segments(layout: GenogramLayout) -> list[Segment]:
    """Every straight piece of the union and descent lines, with its owner's name."""
    out: list[Segment] = []
    for uid, geo in layout.unions.items():
        if geo.x2 > geo.x1:
            out.append((f"union {uid}", (geo.x1, geo.y), (geo.x2, geo.y)))
        for child, path in geo.descents.items():
            owner = f"descent {uid}->{child}"
            for p, q in pairwise(path):
                if p != q:
                    out.append((owner, p, q))
    return out


def _cross(u: Point, v: Point) -> float:
    return u[0] * v[1] - u[1] * v[0]


def proper_crossing(p1: Point, p2: Point, q1: Point, q2: Point) -> Point | None:
    """Where two segments cross inside both (same rule as the shared checker)."""
    r = (p2[0] - p1[0], p2[1] - p1[1])
    s = (q2[0] - q1[0], q2[1] - q1[1])
    len_r, len_s = math.hypot(*r), math.hypot(*s)
    denom = _cross(r, s)
    if len_r == 0 or len_s == 0 or abs(denom) <= 1e-9 * len_r * len_s:
        return None
    qp = (q1[0] - p1[0], q1[1] - p1[1])
    t, u = _cross(qp, s) / denom, _cross(qp, r) / denom
    mt, mu = _MARGIN / len_r, _MARGIN / len_s
    if mt < t < 1 - mt and mu < u < 1 - mu:
        return (p1[0] + t * r[0], p1[1] + t * r[1])
    return None


def crossings(layout: GenogramLayout) -> list[tuple[Point, str, str]]:
    """Proper crossings of lines of different owners (points closer than 0.5 count once)."""
    return crossings_among(line_segments(layout))


def crossings_among(segs: list[Segment]) -> list[tuple[Point, str, str]]:
    """`crossings` of these pieces of line (each with its owner's name)."""
    horizontal = [s for s in segs if s[1][1] == s[2][1]]
    vertical = [s for s in segs if s[1][0] == s[2][0] and s[1][1] != s[2][1]]
    other = [s for s in segs if s[1][1] != s[2][1] and s[1][0] != s[2][0]]
    found: list[tuple[Point, str, str]] = []

    def add(point: Point, a: str, b: str) -> None:
        if all(math.dist(point, seen) > _TOL for seen, _, _ in found):
            found.append((point, a, b))

    vertical.sort(key=lambda s: s[1][0])
    xs = [s[1][0] for s in vertical]
    for owner, p, q in horizontal:
        x1, x2 = sorted((p[0], q[0]))
        y = p[1]
        for owner_v, a, b in vertical[bisect_right(xs, x1 + _MARGIN): bisect_left(xs, x2 - _MARGIN)]:
            y1, y2 = sorted((a[1], b[1]))
            if owner_v != owner and y1 + _MARGIN < y < y2 - _MARGIN:
                add((a[0], y), owner, owner_v)
    for (oa, p1, p2), (ob, q1, q2) in combinations(other, 2):
        if oa != ob and (point := proper_crossing(p1, p2, q1, q2)):
            add(point, oa, ob)
    for oa, p1, p2 in other:
        for ob, q1, q2 in horizontal + vertical:
            if oa != ob and (point := proper_crossing(p1, p2, q1, q2)):
                add(point, oa, ob)
    return found


def shared_bars(layout: GenogramLayout) -> list[tuple[str, str]]:
    """Pairs of unions whose horizontal lines overlap on one y by more than 0.5."""
    by_y: dict[float, list[tuple[float, float, str]]] = defaultdict(list)
    for owner, p, q in line_segments(layout):
        if p[1] == q[1] and owner.startswith("descent"):
            uid = owner.split()[1].split("->")[0]
            by_y[round(p[1], 3)].append((min(p[0], q[0]), max(p[0], q[0]), uid))
    out: set[tuple[str, str]] = set()
    for pieces in by_y.values():
        pieces.sort()
        reach: list[tuple[float, str]] = []  # right ends seen so far, with union
        for x1, x2, uid in pieces:
            for right, other in reach:
                if other != uid and right - x1 > _TOL:
                    out.add(tuple(sorted((uid, other))))  # type: ignore[arg-type]
            reach = [(r, o) for r, o in reach if r > x1] + [(x2, uid)]
    return sorted(out)


def symbol_overlaps(layout: GenogramLayout) -> list[tuple[str, str]]:
    """Pairs of nodes of one row whose boxes (width by the row) overlap by more than 0.5."""
    out = []
    for row in layout.rows:
        boxes = sorted((layout.positions[v][0] - layout.widths[v] / 2,
                        layout.positions[v][0] + layout.widths[v] / 2, v) for v in row)
        for i, (_, right, v) in enumerate(boxes):
            for left2, _, w in boxes[i + 1:]:
                if left2 >= right - _TOL:
                    break
                out.append((v, w))
    return out


def row_violations(layout: GenogramLayout) -> list[str]:
    """Nodes off their generation's y; generations not below each other."""
    out = []
    ys: dict[int, set[float]] = defaultdict(set)
    for v, (_, y) in layout.positions.items():
        ys[layout.generation[v]].add(y)
    previous = None
    for gen in sorted(ys):
        if max(ys[gen]) - min(ys[gen]) > 1.0:
            out.append(f"generation {gen} spans y {sorted(ys[gen])}")
        if previous is not None and min(ys[gen]) <= previous:
            out.append(f"generation {gen} is not below the one before")
        previous = max(ys[gen])
    return out


def _canonical(layout: GenogramLayout, v: str) -> str:
    return layout.duplicates.get(v, v)


def partner_violations(layout: GenogramLayout) -> list[str]:
    """Two partners stand side by side, or only their other partners stand between."""
    partners_of: dict[str, set[str]] = defaultdict(set)
    for geo in layout.unions.values():
        ids = {_canonical(layout, p) for p in geo.partners}
        for p in ids:
            partners_of[p] |= ids - {p}
    out = []
    for uid, geo in layout.unions.items():
        if len(geo.partners) != 2:
            continue
        a, b = geo.partners
        if layout.generation[a] != layout.generation[b]:
            out.append(f"{uid}: partners {a}, {b} in different rows")
            continue
        lo, hi = sorted((layout.positions[a][0], layout.positions[b][0]))
        friends = partners_of[_canonical(layout, a)] | partners_of[_canonical(layout, b)]
        between = [v for v in layout.rows[layout.generation[a]]
                   if lo < layout.positions[v][0] < hi and v not in (a, b)
                   and _canonical(layout, v) not in friends]
        if between:
            out.append(f"{uid}: between {a} and {b}: {', '.join(between)}")
    return out


def child_order_violations(layout: GenogramLayout) -> list[str]:
    """Each union's children (and slots) strictly left to right in birth order."""
    out = []
    for uid, geo in layout.unions.items():
        xs = [layout.positions[c][0] for c in geo.children]
        if any(b <= a for a, b in pairwise(xs)):
            out.append(f"{uid}: children {', '.join(geo.children)} at x {xs}")
    return out


def partner_flips(layout: GenogramLayout, family: Family) -> list[str]:
    """The couples turned round against the convention, which only a crossing justifies.

    A couple here is two partners with no other partner (whoever has several stands
    between or beside them in date order, which says nothing about sides): husband left,
    wife right, by the symbol drawn; two of one sex, or of unknown sex, as listed.
    """
    sex = {p.id: p.sex for p in family.people}
    count: dict[str, int] = defaultdict(int)
    for union in family.unions:
        for p in union.partners:
            count[p] += 1
    out = []
    for union in sorted(family.unions, key=lambda u: u.id):
        geo = layout.unions.get(union.id)
        if geo is None or len(union.partners) != 2 or any(count[p] > 1 for p in union.partners):
            continue
        drawn = [_canonical(layout, p) for p in geo.partners]  # left to right
        first, second = union.partners
        if {sex[first], sex[second]} == {"male", "female"}:
            wanted = (first, second) if sex[first] == "male" else (second, first)
        else:
            wanted = (first, second)
        if tuple(drawn) != wanted:
            out.append(f"{union.id}: {drawn[0]} left of {drawn[1]}")
    return out


def centring(layout: GenogramLayout) -> float:
    """Mean distance between a union's descent point and the middle of its children's span
    (0 when every sibship sits centred under its parents)."""
    offsets = []
    for geo in layout.unions.values():
        if geo.children:
            xs = [layout.positions[c][0] for c in geo.children]
            offsets.append(abs((min(xs) + max(xs)) / 2 - geo.mid[0]))
    return sum(offsets) / len(offsets) if offsets else 0.0


def partner_span(layout: GenogramLayout) -> float:
    """Mean free room between two partners' boxes (how far partner lines stretch)."""
    spans = [abs(layout.positions[b][0] - layout.positions[a][0]) - (layout.widths[a] + layout.widths[b]) / 2
             for geo in layout.unions.values() if len(geo.partners) == 2 for a, b in [geo.partners]]
    return sum(spans) / len(spans) if spans else 0.0


def quality(layout: GenogramLayout) -> dict[str, int]:
    """Every measure as a count (0 everywhere is a clean layout)."""
    return {
        "crossings": len(crossings(layout)),
        "shared_bars": len(shared_bars(layout)),
        "overlaps": len(symbol_overlaps(layout)),
        "row_violations": len(row_violations(layout)),
        "partner_violations": len(partner_violations(layout)),
        "child_order_violations": len(child_order_violations(layout)),
        "duplicates": len(layout.duplicates),
    }


REPORT_WIDTH_PT = 16 / 2.54 * 72  # a figure in a report is printed 16 cm wide
LEGIBLE_PT = 5.0  # the smallest text a reader can still read on paper


def page_fit(width: float, smallest: float) -> tuple[float, int]:
    """The point size of the smallest text (``smallest``, in user units = CSS px) with a figure
    ``width`` user units wide printed 16 cm wide, and how many 16 cm widths the figure needs for
    that text to reach `LEGIBLE_PT` (1: it fits one page; more: the family is too big for one
    page, and a focus view or a landscape page is needed)."""
    if width <= 0:
        return math.inf, 1
    pt = smallest * REPORT_WIDTH_PT / width
    return round(pt, 2), max(1, math.ceil(LEGIBLE_PT / pt - 1e-9))
