"""Step 1a, where the centre's circle stands on its small genogram.

Objective: the smallest circle round the genogram, unless one member holds most ties outside:
their systems then go all round the ring, and from a place near the rim some of their ties would
cross the whole centre, so the circle may stand round that member instead, where every stub is
about a radius long, when that shortens the longest stub for a circle not much larger.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import NamedTuple

from ....geometry import Box, Point, bounds
from ..centre import Scene, member_ports
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
    that member as far as it pays for the larger circle (`worst_stub` chooses between the two)."""
    box = bounds(list(content)) if content else Box(0.0, 0.0, 0.0, 0.0)
    own = box.center

    def reach_from(m: Point) -> float:
        # Nobody at home: an empty circle.
        return max((math.hypot(max(abs(b.x0 - m[0]), abs(b.x1 - m[0])),
                               max(abs(b.y0 - m[1]), abs(b.y1 - m[1]))) for b in content), default=0.0)

    base_reach = reach_from(own)
    base_r = max(minimum, base_reach + band)
    total = sum(weights.values())
    if not total or max(weights.values()) < BUSY_SHARE * total or total < BUSY_TIES:
        # Ties shared among members: each faces its own side of the ring (`ring._face_members`),
        # where a member near the rim has the shortest stubs.
        return [CentrePlace(own, base_reach, base_r)]
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
    places = [CentrePlace(own, base_reach, base_r)]
    if best[1] != own:
        places.append(CentrePlace(best[1], best[2], best[3]))
    return places


# How many turns of the busy member's systems round the ring are tried.
STUB_TURNS = 12


def worst_stub(scene: Scene, busy: str, systems: tuple[int, int]) -> float:
    """The longest stub, as a fraction of the radius, the busy member would need in the circle of
    `scene` with their systems (the first of `systems`) side by side among all of the ring's (the
    second) spaced evenly round it, turned as suits the member best: per system, the shortest way
    out that ends on the rim in its share of the turn, or one beyond it with the way round the rim
    added (twice the radius where the member has no way out)."""
    member = next(m for m in scene.members if m.id == busy)
    ports = member_ports(scene, member)
    own, ring = systems
    share = 2 * math.pi / max(own, ring)
    best = math.inf
    for turn in range(STUB_TURNS):
        worst = 0.0
        for k in range(own):
            towards = (turn * max(own, ring) / STUB_TURNS + k) * share
            # A way out beyond the system's share leads there round the outside of the rim.
            ways = [p.length + scene.r * max(0.0, abs((p.rim - towards + math.pi) % (2 * math.pi) - math.pi)
                                             - share / 2) for p in ports]
            worst = max(worst, min(ways, default=2 * scene.r) / scene.r)
        best = min(best, worst)
    return best
