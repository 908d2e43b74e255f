"""The household placed: which drawing of each member it takes in, and the region around them.

A step of `place.layout`; the region's rectangles and bridges are `region.household_region`,
its outline `region.outline`.
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Sequence

from ...geometry import Box, bounds
from ...model import Case
from ...style import Style
from . import region as rg
from .layout import GenogramLayout
from .scene import HouseholdRegion, Loss, Placed, UnionPlacement


def place_household(case: Case, lay: GenogramLayout, placed: dict[str, Placed], losses: dict[str, Loss],
                    unions: dict[str, UnionPlacement], style: Style) -> HouseholdRegion | None:
    """The household region around the drawing of each member that it takes in (none without members)."""
    home = _home_nodes(lay, placed, case.household)
    members = sorted(home)
    boxes = [b for pid in members for b in placed[home[pid]].boxes]
    if not boxes:
        return None
    pad = 0.8 * style.font.size
    slot_boxes = {sid: loss.boxes for sid, loss in losses.items()}
    # A union's labels and the unknown other parent's symbol: the household's when every partner is
    union_boxes = {uid: [*(lab.box for lab in u.labels), *([u.unknown.box] if u.unknown else [])]
                   for uid, u in unions.items() if u.labels or u.unknown}
    nodes = set(home.values())
    # the lines down to people who live elsewhere: no corridor of the region cuts through them
    lines = [Box(min(p[0], q[0]) - 0.5, min(p[1], q[1]) - 0.5, max(p[0], q[0]) + 0.5, max(p[1], q[1]) + 0.5)
             for u in unions.values() for child, route in u.descents.items() if child not in nodes
             for p, q in itertools.pairwise(route)]
    region, others = _household_region(lay, placed, slot_boxes, union_boxes, nodes, pad, lines)
    if not region.rects:
        return None
    loops = rg.outline(region, others, [*others, *boxes], 0.5 * pad)
    return HouseholdRegion(members, boxes, region.rects, pad, loops)


def _home_nodes(lay: GenogramLayout, placed: dict[str, Placed], members: frozenset[str]) -> dict[str, str]:
    """The drawn node of each household member that the household takes in.

    A person drawn twice (under their parents, and as a copy by a partner or under
    foster parents) lives where more of their household stands: the node with the
    most members among its partners, children, parents and siblings; the original
    when that ties.
    """
    drawn: dict[str, list[str]] = {}
    for node in sorted(placed):
        pid = placed[node].person.id
        if pid in members:
            drawn.setdefault(pid, []).append(node)
    home = {pid: nodes[0] for pid, nodes in drawn.items() if len(nodes) == 1}
    if len(home) == len(drawn):
        return home
    family: dict[str, list[str]] = {}  # node -> the nodes of its unions (as partner or child)
    for geo in lay.unions.values():
        together = [*geo.partners, *geo.children]
        for node in together:
            family.setdefault(node, []).extend(n for n in together if n != node)

    def score(node: str) -> tuple[int, bool, str]:
        housed = sum(1 for n in family.get(node, ()) if lay.duplicates.get(n, n) in members)
        return (-housed, placed[node].copy_of is not None, node)

    for pid, nodes in drawn.items():
        if len(nodes) > 1:
            home[pid] = min(nodes, key=score)
    return home


def _household_region(lay: GenogramLayout, placed: dict[str, Placed], slot_boxes: dict[str, list[Box]],
                     union_boxes: dict[str, list[Box]], home: set[str], pad: float, lines: list[Box]
                     ) -> tuple[rg.Region, list[Box]]:
    """The household region as rectangles: one per run of members side by side, plus bridges
    (and everyone else's boxes in the rows, which it keeps out).

    A run ends at anyone who is not a member, so the region never takes in a
    non-member's symbol; each run's box stops halfway to the nearest box of
    someone else in its row (person, loss, union label) when the margin would reach it.
    """
    row_obstacles: list[list[Box]] = [[] for _ in lay.rows]
    # A union label belongs to the household when every partner does and they stand in one run
    # (it then lies between them, or, for one parent, under them); otherwise it is someone else's
    # box to keep out: the label on the arch of a member's later marriage over a former partner
    # who lives elsewhere, added to the run of one of them, would take in that partner's own
    # union label under the arch.
    extra: dict[str, list[Box]] = {}
    for uid, boxes in sorted(union_boxes.items()):
        partners = lay.unions[uid].partners
        if all(q in home for q in partners) and _one_run(lay, partners, placed, home):
            extra.setdefault(partners[0], []).extend(boxes)
        else:
            row_obstacles[lay.generation[partners[0]]].extend(boxes)
    runs: list[tuple[int, list[Box]]] = []
    for r, row in enumerate(lay.rows):
        current: list[Box] = []
        for node in row:
            p = placed.get(node)
            if node in home:  # a home node is always a drawn person
                current.extend(placed[node].boxes)
                current.extend(extra.get(node, ()))
                continue
            if p is not None:
                row_obstacles[r].extend(p.boxes)
                if current:
                    runs.append((r, current))
                    current = []
            elif node in slot_boxes:
                row_obstacles[r].extend(slot_boxes[node])
        if current:
            runs.append((r, current))
    # Each row's obstacles sorted by their right and by their left edges: a run looks up the
    # nearest on either side instead of going through the whole row (quadratic in a wide one).
    by_right = [sorted(row, key=lambda o: o.x1) for row in row_obstacles]
    by_left = [sorted(row, key=lambda o: o.x0) for row in row_obstacles]
    right_keys = [[o.x1 for o in row] for row in by_right]
    left_keys = [[o.x0 for o in row] for row in by_left]
    grown: list[tuple[int, Box]] = []
    for r, boxes in runs:
        core = bounds(boxes)
        box = core.expand(pad)

        def beside(o: Box, box: Box = box) -> bool:
            return not (o.y1 <= box.y0 or o.y0 >= box.y1)

        left_edge, right_edge = core.x0 + 0.5, core.x1 - 0.5
        rights = by_right[r]
        k = bisect.bisect_right(right_keys[r], left_edge)
        left = next((rights[i] for i in range(k - 1, -1, -1) if beside(rights[i])), None)
        lefts = by_left[r]
        k = bisect.bisect_left(left_keys[r], right_edge)
        right = next((lefts[i] for i in range(k, len(lefts)) if beside(lefts[i]) and lefts[i].x1 > left_edge),
                     None)
        x0 = max(box.x0, (left.x1 + core.x0) / 2) if left is not None else box.x0
        x1 = min(box.x1, (right.x0 + core.x1) / 2) if right is not None else box.x1
        grown.append((r, Box(x0, box.y0, x1, box.y1)))
    obstacles = [b for row in row_obstacles for b in row]
    return rg.household_region(grown, obstacles, radius=pad, min_bridge=pad, lines=lines), obstacles


def _one_run(lay: GenogramLayout, partners: Sequence[str], placed: dict[str, Placed], home: set[str]) -> bool:
    """Whether no one who lives elsewhere stands between the partners in their row."""
    if len(partners) < 2:
        return True
    row = lay.rows[lay.generation[partners[0]]]
    at = sorted(row.index(p) for p in partners if p in row)
    return not any(node in placed and node not in home for node in row[at[0] + 1:at[-1]])
