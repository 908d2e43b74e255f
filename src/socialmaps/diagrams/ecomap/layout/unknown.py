"""The unknown other parent of a one-parent union in the centre, as the genogram marks it.

The genogram's `oneparent` places it (a small dashed diamond with "?" beside the drop of a union
with one parent in the file, `genogram.scene.UnknownPartner`) for the centre as for the genogram;
here, what a tie must keep off.
"""

from __future__ import annotations

from ....geometry import Point
from ...genogram.scene import UnknownPartner


def unknown_segments(unknown: UnknownPartner) -> list[tuple[Point, Point]]:
    """The unknown partner's symbol and its line to the drop, as segments a tie must not cross."""
    (x, y), h = unknown.center, unknown.half
    diamond = [(x, y - h), (x + h, y), (x, y + h), (x - h, y)]
    edges = [(diamond[i - 1], diamond[i]) for i in range(4)]
    return [(unknown.joint, (x - (h if x > unknown.joint[0] else -h), y)), *edges]
