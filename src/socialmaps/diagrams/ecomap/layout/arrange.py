"""Step 1b, the household's connected families side by side in the centre.

Objective: members with ties outside near the rim of the circle that holds them all, where their
ties leave by short stubs on the side that faces their systems (the ring turns its systems
towards them, `ring._face_members`).  The freedom is the order of the families from left to right
and which of them are turned over (mirrored); the genogram's own layout of each family is kept.
A household of one family is left as the genogram draws it.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, NamedTuple

from ....geometry import Box, bounds

if TYPE_CHECKING:
    from .tree import Tree

# Past this many families only their order as found is tried (4! orders x 2^4 turns at most).
MOST_ORDERED = 4
MOST_TURNED = 4


class Arrangement(NamedTuple):
    """The families in order from left to right, and which of them are turned over."""

    order: tuple[int, ...]
    turned: tuple[bool, ...]


def arrange(pieces: Sequence[Tree], weights: Mapping[str, int], gap: float) -> Tree:
    """The families placed side by side, `gap` apart, in the arrangement that sets the members
    with ties outside (`weights`: ties per member) nearest the rim (see the module's docstring)."""
    boxes = [bounds(p.content()) for p in pieces]
    best: tuple[float, int, Arrangement] | None = None
    for arrangement in _arrangements(pieces, weights):
        score = _depth(pieces, boxes, arrangement, weights, gap)
        key = (round(score, 6), sum(arrangement.turned), arrangement)
        if best is None or key < best:
            best = key
    assert best is not None
    return _placed(pieces, boxes, best[2], gap)


def _arrangements(pieces: Sequence[Tree], weights: Mapping[str, int]) -> list[Arrangement]:
    n = len(pieces)
    if n == 1:
        return [Arrangement((0,), (False,))]
    orders = list(itertools.permutations(range(n))) if n <= MOST_ORDERED else [tuple(range(n))]
    # Turning over a family matters only where it has members with ties.
    tied = [i for i, p in enumerate(pieces) if any(weights.get(k, 0) for k in p.symbols)][:MOST_TURNED]
    turns = []
    for flags in itertools.product((False, True), repeat=len(tied)):
        turned = [False] * n
        for i, flag in zip(tied, flags, strict=True):
            turned[i] = flag
        turns.append(tuple(turned))
    return [Arrangement(tuple(order), turned) for order in orders for turned in turns]


def _offsets(boxes: Sequence[Box], arrangement: Arrangement, gap: float) -> list[float]:
    """Where each family's left edge goes (by family index)."""
    out = [0.0] * len(boxes)
    cursor = 0.0
    for i in arrangement.order:
        out[i] = cursor
        cursor += boxes[i].width + gap
    return out


def _x(box: Box, left: float, turned: bool, x: float) -> float:
    """A point of a family at x, in the arrangement's coordinates."""
    return left + (box.x1 - x if turned else x - box.x0)


def _depth(pieces: Sequence[Tree], boxes: Sequence[Box], arrangement: Arrangement,
           weights: Mapping[str, int], gap: float) -> float:
    """How deep inside the circle round everything the members with ties stand, weighted by their
    ties (0: all on the rim)."""
    lefts = _offsets(boxes, arrangement, gap)
    placed = [Box(lefts[i], b.y0, lefts[i] + b.width, b.y1) for i, b in enumerate(boxes)]
    whole = bounds(placed)
    cx, cy = whole.center
    reach = max(math.hypot(max(abs(b.x0 - cx), abs(b.x1 - cx)), max(abs(b.y0 - cy), abs(b.y1 - cy)))
                for b in placed) or 1.0
    depth = 0.0
    for i, piece in enumerate(pieces):
        for pid, sym in piece.symbols.items():
            w = weights.get(pid, 0)
            if w:
                x = _x(boxes[i], lefts[i], arrangement.turned[i], sym.x)
                depth += w * (reach - math.hypot(x - cx, sym.y - cy)) / reach
    return depth


def _placed(pieces: Sequence[Tree], boxes: Sequence[Box], arrangement: Arrangement, gap: float) -> Tree:
    lefts = _offsets(boxes, arrangement, gap)
    whole: Tree | None = None
    for i in arrangement.order:
        box = boxes[i]
        turned = arrangement.turned[i]
        # Turned over about its own middle, then its left edge to its place.
        moved = pieces[i].moved(lefts[i] - box.x0, 0.0, mirror=box.center[0] if turned else None)
        if whole is None:
            whole = moved
        else:
            whole.join(moved)
    assert whole is not None
    return whole
