"""The genogram's quality numbers, counted from the placed scene (not from the SVG).

Structure crossings are counted on the lines as drawn (a later partner's arch over the partners
between, not the layout's straight line under it); symbol overlaps and partner flips come from the
layout (`quality`); label collisions from every label box the scene places.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Sequence

from ...geometry import Box
from ...style import Style
from . import lines as ln
from . import quality
from .scene import GenogramScene


def measure(scene: GenogramScene) -> dict[str, float]:
    """The genogram's quality numbers (what `render --check` prints)."""
    lay = scene.layout
    return {
        "crossings": float(len(quality.crossings_among(drawn_segments(scene)))),
        "overlaps": float(len(quality.symbol_overlaps(lay))),
        "label_collisions": float(label_collisions(scene)),
        "people": float(len(scene.case.people)),
        "copies": float(len(lay.duplicates)),
        # where a loop between relatives was cut by a copy: the crossings closing it would cost
        "loop_crossings": float(lay.loop_cost),
        "order_bends": float(len(lay.bent)),
        "partner_flips": float(len(quality.partner_flips(lay, scene.adapted.family))),
        "generations": float(len(lay.rows)),
    }


def drawn_segments(scene: GenogramScene) -> list[quality.Segment]:
    """Every straight piece of the partner and descent lines as the scene draws them, with its
    owner's name (as `quality.line_segments` names the layout's)."""
    out: list[quality.Segment] = []
    for uid in sorted(scene.unions):
        u = scene.unions[uid]
        pieces = [(f"union {uid}", u.partner_line)] if u.partner_line is not None else []
        pieces += [(f"descent {uid}->{child}", route) for child, route in u.descents.items()]
        out += [(owner, p, q) for owner, route in pieces for p, q in itertools.pairwise(route) if p != q]
    return out


def label_collisions(scene: GenogramScene) -> int:
    """Label boxes overlapping each other or another owner's symbol.

    Every label box and every symbol box with its owner: a person's labels may lie on its own
    symbol, a loss's on its mark.  (The count does not depend on the order of the boxes.)
    """
    labels: list[Box] = []
    owners: list[int] = []
    symbols: list[tuple[Box, int]] = []

    def add(owner: int, boxes: Iterable[Box]) -> None:
        for box in boxes:
            labels.append(box)
            owners.append(owner)

    ids = itertools.count()
    for u in scene.unions.values():
        add(next(ids), [lab.box for lab in u.labels])
    add(next(ids), [lab.box for t in scene.twins
                    for lab in ln.twin_labels(t.kind, t.apex, t.ends, scene.style, symbols=scene.symbols)])
    for loss in scene.losses.values():
        who = next(ids)
        symbols.append((loss.mark_box, who))
        add(who, [lab.box for lab in loss.labels])
    for p in scene.placed.values():
        who = next(ids)
        symbols.append((p.plan.symbol_box, who))
        add(who, [lab.box for lab in p.plan.labels])
        if p.plan.proband:
            add(who, [p.plan.proband.box])
    return count_collisions(labels, symbols, owners)


def count_collisions(labels: Sequence[Box], symbols: Sequence[tuple[Box, int]], owners: Sequence[int]) -> int:
    """Label boxes overlapping each other, or a symbol of another owner (more than 0.5 deep).

    Boxes are filed in a grid of square cells (the median box's size); only boxes sharing a
    cell are compared, and a pair is counted in one cell only: the one holding the corner
    where their overlap starts.  A sweep along x compared every pair of a line of descent
    (all of it in one column: 2,000 generations took 13 s, 23,231 hung); the grid costs
    about n for boxes of a drawing's sizes, however they stand.
    """
    # the boxes' corners unpacked once, and Box.overlap written out below with the same
    # operations, so the count is the same without a call per pair
    items = [(b.x0, b.x1, b.y0, b.y1, True, owners[i]) for i, b in enumerate(labels)]
    items += [(b.x0, b.x1, b.y0, b.y1, False, owner) for b, owner in symbols]
    if not items:
        return 0
    sizes = sorted(max(x1 - x0, y1 - y0) for x0, x1, y0, y1, _, _ in items)
    cell = max(sizes[len(sizes) // 2], 1.0)
    grid: dict[tuple[int, int], list[int]] = {}
    for k, (x0, x1, y0, y1, _, _) in enumerate(items):
        for i in range(math.floor(x0 / cell), math.floor(x1 / cell) + 1):
            for j in range(math.floor(y0 / cell), math.floor(y1 / cell) + 1):
                grid.setdefault((i, j), []).append(k)
    hits = 0
    for (ci, cj), members in grid.items():
        for a, first in enumerate(members):
            x0, x1, y0, y1, is_label, who = items[first]
            for second in members[a + 1:]:
                ox0, ox1, oy0, oy1, other_label, other_who = items[second]
                if not (is_label or other_label):
                    continue  # symbol against symbol: the layout's own overlap measure
                if not (is_label and other_label) and who == other_who:
                    continue  # a person's own label under its own symbol
                if min(min(x1, ox1) - max(x0, ox0), min(y1, oy1) - max(y0, oy0)) > 0.5 and \
                        math.floor(max(x0, ox0) / cell) == ci and math.floor(max(y0, oy0) / cell) == cj:
                    hits += 1
    return hits


def page_numbers(width: float, style: Style) -> dict[str, float]:
    """How the drawing prints 16 cm wide: its smallest text in points, and how many 16 cm widths it
    needs for that text to be legible (`pages_wide` > 1: too big for one page; see `quality.page_fit`)."""
    pt, pages = quality.page_fit(width, style.font.small)
    return {"text_pt_at_16cm": pt, "pages_wide": float(pages)}
