"""Step 1a, where the centre's circle may stand on its small genogram.

Objective: a few places worth laying the whole map out round (`rounds.layout_rings` keeps the one
whose ties leave the centre by the shortest stubs and wind least round the ring): the smallest
circle round the genogram; the genogram slid off its middle so that the members with ties outside
stand nearer the rim, where the circle has room to spare or grows only a little; and, when one
member holds most ties outside (their systems then go all round the ring, and from a place near
the rim some of their ties would cross the whole centre), the circle round that member, where
every stub is about a radius long.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from typing import NamedTuple

from ....geometry import Box, Point, bounds
from .records import PersonSymbol

# Where the middle of the centre's circle may stand between the genogram's own middle (0) and the
# members' weighted middle (1).
MIDDLE_STEPS = (0.0, 0.25, 0.5, 0.75, 1.0)
# One member holding this share of the ties outside, and at least this many, stands near the middle:
# their systems go all round the ring, and from the middle every stub is as short as the radius.
BUSY_SHARE = 0.75
BUSY_TIES = 4
# The most the circle may grow for it.
MAX_GROWTH = 1.55
# What a tenth more radius costs against a tenth of the radius less between the busy members and
# the middle (their stubs to systems on the far side are that much shorter).
GROWTH_COST = 0.6


class CentrePlace(NamedTuple):
    """Where the middle of the centre's circle stands in the genogram's own coordinates, how far the
    genogram reaches from it, and the circle's radius."""

    middle: Point
    reach: float
    r: float


def centre_places(content: Sequence[Box], symbols: dict[str, PersonSymbol], weights: Mapping[str, int],
                   minimum: float, band: float) -> list[CentrePlace]:
    """Where the centre's circle may stand: the genogram's own middle, which gives the smallest
    circle, and, when one member holds most ties outside (whose systems then go all round the
    ring, some of them right across the centre from a member near its rim), a middle moved towards
    that member as far as it pays for the larger circle; and the circle slid so that the members
    with ties stand nearer its rim (`_towards_rim`)."""
    box = bounds(list(content)) if content else Box(0.0, 0.0, 0.0, 0.0)
    own = box.center

    def reach_from(m: Point) -> float:
        # Nobody at home: an empty circle.
        return max((math.hypot(max(abs(b.x0 - m[0]), abs(b.x1 - m[0])),
                               max(abs(b.y0 - m[1]), abs(b.y1 - m[1]))) for b in content), default=0.0)

    base_reach = reach_from(own)
    base_r = max(minimum, base_reach + band)
    total = sum(weights.values())
    places = [CentrePlace(own, base_reach, base_r)]
    near_rim = _towards_rim(own, reach_from, symbols, weights, minimum, band)
    if near_rim.middle != own:
        places.append(near_rim)
    if not total or max(weights.values()) < BUSY_SHARE * total or total < BUSY_TIES:
        # Ties shared among members: each faces its own side of the ring (`ring._face_members`),
        # where a member near the rim has the shortest stubs.
        return places
    busy = (sum(symbols[p].x * n for p, n in weights.items()) / total,
            sum(symbols[p].y * n for p, n in weights.items()) / total)
    best: tuple[float, Point, float, float] | None = None
    for t in MIDDLE_STEPS:
        m = (own[0] + t * (busy[0] - own[0]), own[1] + t * (busy[1] - own[1]))
        reach = reach_from(m)
        r = max(minimum, reach + band)
        if r > MAX_GROWTH * base_r:
            break  # farther out the circle only grows more
        off = sum(math.dist((symbols[p].x, symbols[p].y), m) * n for p, n in weights.items()) / total
        score = off / r + GROWTH_COST * (r / base_r - 1.0)
        if best is None or score < best[0] - 1e-9:
            best = (score, m, reach, r)
    assert best is not None
    if all(best[1] != p.middle for p in places):
        places.append(CentrePlace(best[1], best[2], best[3]))
    return places


# The offsets of the circle's middle from the genogram's own tried to bring members with ties nearer
# the rim, in fractions of the smallest circle's radius along x and y.
RIM_STEPS = (-0.3, -0.2, -0.1, 0.0, 0.1, 0.2, 0.3)
# What a unit more radius costs against a unit less of the way from the members with ties to the
# rim (both in the genogram's units): a larger circle lengthens every tie and the whole map.
RIM_GROWTH_COST = 1.5


def _towards_rim(own: Point, reach_from: Callable[[Point], float], symbols: dict[str, PersonSymbol],
                 weights: Mapping[str, int], minimum: float, band: float) -> CentrePlace:
    """Where the circle stands so that the members with ties outside stand nearest its rim (their
    ways out, `nearest` of `quality.MemberStub`, weighted by their ties), for a circle not much
    larger: the genogram slides off the middle where the circle has room to spare (it is as
    large as the largest system) or where growing it a little brings those members out."""
    base_r = max(minimum, reach_from(own) + band)
    total = sum(weights.values())
    if not total:
        return CentrePlace(own, reach_from(own), base_r)
    best: tuple[float, float, CentrePlace] | None = None
    for fx in RIM_STEPS:
        for fy in RIM_STEPS:
            m = (own[0] + fx * base_r, own[1] + fy * base_r)
            reach = reach_from(m)
            r = max(minimum, reach + band)
            depth = sum(n * max(0.0, r - math.dist((symbols[p].x, symbols[p].y), m) - symbols[p].half)
                        for p, n in weights.items()) / total
            cost = depth + RIM_GROWTH_COST * (r - base_r)
            key = (round(cost, 6), abs(fx) + abs(fy))
            if best is None or key < best[:2]:
                best = (key[0], key[1], CentrePlace(m, reach, r))
    assert best is not None
    return best[2]
