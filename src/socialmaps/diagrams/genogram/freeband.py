"""Relationship lines across the free band between two rows, where nothing is written.

Between the labels of one row and the symbols of the next lies a band that holds only lines
(sibship bars, descents, the household outline).  A line between two people far apart (two
cousins at either end of a row, a boy and his stepbrother with the whole household between
them) that no bow or S-curve takes clear of the names can leave its person's symbol with a
short slanting leg, run straight across that band and come back down (or up) to the other
with another leg.  This module finds the heights such a run may take: inside a band free of
every box over the run's width, as far as it can be from the horizontal lines already there.

Pure geometry over boxes and heights; the router (`route.DirectRouter`) scores the paths.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise

from ...geometry import Box, Point

# How steep the legs are: horizontal run per unit of height climbed (1 is 45 degrees; a steeper
# leg is shorter, but close to vertical it would read as lying on the person's own descent).
LEG_SLOPES = (0.5, 1.0, 1.6)
# At most this many heights per pair (the bands nearest the two people first).
HEIGHTS = 2


@dataclass(frozen=True)
class Band:
    """A height range free of boxes over some width, and the horizontal lines crossing it."""

    top: float
    bottom: float

    def height_clear_of(self, lines: Sequence[float], room: float) -> float | None:
        """The height in the band furthest from its edges and from `lines` (horizontal lines'
        heights), or None when no height keeps `room` from all of them."""
        edges = sorted({self.top, self.bottom, *(y for y in lines if self.top < y < self.bottom)})
        best: tuple[float, float] | None = None
        for lo, hi in pairwise(edges):
            gap = (hi - lo) / 2
            if gap >= room and (best is None or gap > best[0]):
                best = (gap, (lo + hi) / 2)
        return None if best is None else best[1]


def free_bands(boxes: Iterable[Box], low: float, high: float, room: float) -> list[Band]:
    """The height ranges between `low` and `high` that no box covers, each at least `2 * room`
    high (a line `room` from both edges)."""
    spans = sorted((b.y0, b.y1) for b in boxes if b.y1 > low and b.y0 < high)
    out: list[Band] = []
    edge = low
    for y0, y1 in spans:
        if y0 - edge >= 2 * room:
            out.append(Band(edge, y0))
        edge = max(edge, y1)
    if high - edge >= 2 * room:
        out.append(Band(edge, high))
    return out


def band_paths(a: Point, b: Point, heights: Iterable[float]) -> list[list[Point]]:
    """Control polygons out of a with a slanting leg to each height, straight across and back
    to b with another leg (the legs lean towards the other person, each at each slope: one
    may have to keep off a line coming into its person from the same side)."""
    (ax, ay), (bx, by) = a, b
    sign = 1.0 if bx >= ax else -1.0
    out = []
    for y in heights:
        for slope_a in LEG_SLOPES:
            for slope_b in LEG_SLOPES:
                x1 = ax + sign * slope_a * abs(y - ay)
                x2 = bx - sign * slope_b * abs(y - by)
                if (x2 - x1) * sign > 0:
                    out.append([a, (x1, y), (x2, y), b])
    return out
