"""What a reader would circle in a laid-out genogram's structure, counted: crossings of its
lines, sibships out of the family's birth order, and the faults `geometry.layout_genogram` weighs
two layouts of one family by (people drawn twice, crossings, couples turned round, sibships out of
order)."""

from __future__ import annotations

import bisect
import itertools

from ..family import Family
from .drops import copy_cost
from .graph import children_order
from .records import GenogramLayout, UnionGeometry

Point = tuple[float, float]


def joined_twice(family: Family) -> bool:
    """Whether two couples join the same two sibships (two brothers who marry two sisters)."""
    home: dict[str, str] = {}
    for union in sorted(family.unions, key=lambda u: u.id):
        for child in union.children:
            home.setdefault(child, union.id)
    seen: set[tuple[str, str]] = set()
    for union in family.unions:
        homes = sorted({home[p] for p in union.partners if p in home})
        if len(union.partners) == 2 and len(homes) == 2:
            pair = (homes[0], homes[1])
            if pair in seen:
                return True
            seen.add(pair)
    return False


def faults(lay: GenogramLayout, family: Family) -> int:
    """What a reader would circle in a layout's structure: people drawn twice, crossings, couples
    turned round and sibships out of birth order, one each."""
    copies, _partners, flips = copy_cost(lay, family)
    return copies + len(axis_crossings(lay.unions)) + flips + out_of_birth_order(lay, family)


def out_of_birth_order(lay: GenogramLayout, family: Family) -> int:
    """How many unions' children stand left to right out of the family's birth order (a bent
    sibship's drawn order is its own: the family's is the one a reader checks)."""
    found = 0
    for union in family.unions:
        geo = lay.unions.get(union.id)
        if geo is None or len(union.children) < 2:
            continue
        drawn = sorted((lay.positions[n][0], lay.duplicates.get(n, n))
                       for n in geo.children if n in lay.positions)
        seen = [person for _, person in drawn]
        wanted = [c for c in children_order(union) if c in set(seen)]
        found += seen != wanted
    return found


def union_segments(geo: UnionGeometry) -> list[tuple[tuple[float, float], tuple[float, float]]]:
    """The partner line and the descent lines of a union, as segments."""
    out = [((geo.x1, geo.y), (geo.x2, geo.y))] if geo.x2 > geo.x1 else []
    for path in geo.descents.values():
        out.extend(itertools.pairwise(path))
    return out


def in_birth_order(lay: GenogramLayout) -> bool:
    """Whether every union's children stand left to right in birth order."""
    for geo in lay.unions.values():
        xs = [lay.positions[c][0] for c in geo.children if c in lay.positions]
        if any(b <= a for a, b in itertools.pairwise(xs)):
            return False
    return True


def axis_crossings(unions: dict[str, UnionGeometry]) -> list[Point]:
    """Where a horizontal piece of a structure line crosses a vertical one inside both (the
    layout draws every partner line, bar and descent of axis-parallel pieces): by bisection
    on the vertical pieces sorted by x, so a big family costs little more than its lines."""
    flat: list[tuple[float, float, float]] = []  # y, x1, x2
    upright: list[tuple[float, float, float]] = []  # x, y1, y2
    for geo in unions.values():
        for (ax, ay), (bx, by) in union_segments(geo):
            if ay == by and ax != bx:
                flat.append((ay, min(ax, bx), max(ax, bx)))
            elif ax == bx and ay != by:
                upright.append((ax, min(ay, by), max(ay, by)))
    upright.sort()
    xs = [x for x, _, _ in upright]
    found: list[Point] = []
    margin = 0.5
    for y, x1, x2 in flat:
        for x, y1, y2 in upright[bisect.bisect_right(xs, x1 + margin):bisect.bisect_left(xs, x2 - margin)]:
            if y1 + margin < y < y2 - margin:
                found.append((x, y))
    return sorted(set(found))
