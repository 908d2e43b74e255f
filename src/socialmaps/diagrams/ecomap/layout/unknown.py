"""The unknown other parent of a one-parent union in the centre, as the genogram marks it.

The genogram stands a small dashed diamond with "?" (`genogram.scene.UnknownPartner`, drawn by
`genogram.lines.draw_unknown_partner`) beside the drop of a union that has one parent in the file,
joined to the drop by a partner line; the centre does the same, at its own scale, so the children of
an unknown father never look like the children of the partner who stands beside their mother.
"""

from __future__ import annotations

from ....geometry import Point
from ...genogram.adapter import unknown_partner_half
from ...genogram.scene import UnknownPartner
from .records import Config


def unknown_half(cfg: Config) -> float:
    """Half the size of the unknown other parent's symbol: as the genogram sizes it from a person's,
    and large enough for its "?" (which the genogram writes in the small text)."""
    return max(unknown_partner_half(cfg.person), 0.75 * cfg.small)


def unknown_gap(cfg: Config) -> float:
    """Between the drop of a one-parent union and its unknown other parent's symbol."""
    return 0.3 * cfg.person


def unknown_room(cfg: Config) -> float:
    """The room beside a drop that the unknown other parent's symbol takes."""
    return unknown_gap(cfg) + 2 * unknown_half(cfg)


def place_unknown(side: int, farthest: bool, parent_half: float, joint: Point, cfg: Config) -> UnknownPartner:
    """The "?" beside the drop that leaves the parent's `side` at `joint`, level with the line from
    the parent; a little down the drop when a farther union's line of the same parent passes above
    it (`farthest` False), as the genogram moves it down the drop clear of other lines."""
    half = unknown_half(cfg)
    x = joint[0] + side * (unknown_gap(cfg) + half)
    y = joint[1] if farthest else joint[1] + half + 0.5 * parent_half
    return UnknownPartner((x, y), half, (joint[0], y))


def unknown_segments(unknown: UnknownPartner) -> list[tuple[Point, Point]]:
    """The unknown partner's symbol and its line to the drop, as segments a tie must not cross."""
    (x, y), h = unknown.center, unknown.half
    diamond = [(x, y - h), (x + h, y), (x, y + h), (x - h, y)]
    edges = [(diamond[i - 1], diamond[i]) for i in range(4)]
    return [(unknown.joint, (x - (h if x > unknown.joint[0] else -h), y)), *edges]


def shift_unknown(unknown: UnknownPartner, dx: float, dy: float) -> UnknownPartner:
    """The same symbol moved by (dx, dy)."""
    (x, y), (jx, jy) = unknown.center, unknown.joint
    return UnknownPartner((x + dx, y + dy), unknown.half, (jx + dx, jy + dy))
