"""Step 3b, household: the order of the parts of the family that no line joins.

Objective: the people who live with the client stand together (fewest people between
the household members of neighbouring parts), then the two drawings of a person drawn
twice near each other; parts without a line between them may stand in any order without
a crossing, so this costs nothing else.
"""

from __future__ import annotations

import itertools

from .graph import Graph
from .order import RowData


def household_together(rows: list[RowData], graph: Graph) -> None:
    """Set the unrelated parts of the family side by side so that the household stands together
    and a person drawn twice has the two drawings near each other.

    Parts with no line between them (a foster family beside the birth family, say) may
    stand in any order without a crossing; of the orders (all of them, for up to five
    parts) the one with the fewest people standing between the household members of
    neighbouring parts wins, then the one with the fewest people between the two drawings
    of each person drawn twice (the line joining them is shorter), the found order on a tie.
    """
    if not graph.copies and not any(node.household for node in graph.nodes.values()):
        return
    where: dict[tuple[int, int], int] = {}  # (row, cluster) -> its part
    parent: dict[tuple[int, int], tuple[int, int]] = {}

    def find(x: tuple[int, int]) -> tuple[int, int]:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    holder: dict[str, tuple[int, int]] = {}  # union -> the cluster its partners stand in
    for r, data in enumerate(rows):
        for ci, cl in enumerate(data.clusters):
            for uid in cl.down:
                holder[uid] = (r, ci)
    for r, data in enumerate(rows):
        for ci, cl in enumerate(data.clusters):
            find((r, ci))
            for uid in cl.up:  # a sibship joins its cluster to its parents'
                if uid in holder:
                    parent[find((r, ci))] = find(holder[uid])
    roots: list[tuple[int, int]] = []  # the parts in the order found: first row, then left to right
    for r, data in enumerate(rows):
        for ci in data.order:
            root = find((r, ci))
            if root not in roots:
                roots.append(root)
    if not 1 < len(roots) <= 5:
        return
    for key in parent:
        where[key] = roots.index(find(key))
    # each part must stand as one block in every row, or reordering the parts would mix them
    for r, data in enumerate(rows):
        seen: list[int] = []
        for ci in data.order:
            part = where[(r, ci)]
            if seen and seen[-1] != part and part in seen:
                return
            if not seen or seen[-1] != part:
                seen.append(part)

    # per part and row, its people left to right, and their household flags
    people: list[dict[int, list[str]]] = [{} for _ in roots]
    for r, data in enumerate(rows):
        for ci in data.order:
            units = [data.units[ui] for ui in data.clusters[ci].units]
            people[where[(r, ci)]].setdefault(r, []).extend(v for u in units for v in u)
    flags = [{r: [graph.nodes[v].household for v in row] for r, row in part.items()} for part in people]
    size = [max((len(f) for f in part.values()), default=0) for part in flags]

    def gap(part: int, side: int) -> int | None:
        """Fewest people of the part standing between its household and its side (-1 left,
        +1 right) in any row; None when no one of the part lives with the client."""
        gaps = [(row.index(True) if side < 0 else row[::-1].index(True)) for row in flags[part].values()
                if True in row]
        return min(gaps) if gaps else None

    # measured once: every order below asks for them
    left = [gap(part, -1) for part in range(len(roots))]
    right = [gap(part, 1) for part in range(len(roots))]

    def apart(order: tuple[int, ...]) -> int:
        """People standing between the household members of neighbouring parts."""
        count = 0
        last: int | None = None  # the last part with members of the household
        between = 0  # people of the parts without members since then
        for part in order:
            if left[part] is None:
                between += size[part]
                continue
            if last is not None:
                count += (right[last] or 0) + between + (left[part] or 0)
            last, between = part, 0
        return count

    # the two drawings of a person in different parts: (part, people on its left, on its right)
    seat = {v: (part, i, len(row) - 1 - i) for part, rows_of in enumerate(people)
            for row in rows_of.values() for i, v in enumerate(row)}
    pairs = [(seat[c], seat[o]) for c, o in sorted(graph.copies.items())
             if c in seat and o in seat and seat[c][0] != seat[o][0]]

    def joined(order: tuple[int, ...]) -> int:
        """People standing between the two drawings of each person drawn twice."""
        at = {part: i for i, part in enumerate(order)}
        count = 0
        for a, b in pairs:
            (pa, _, right), (pb, left, _) = sorted((a, b), key=lambda s: at[s[0]])
            count += right + left + sum(size[part] for part in order[at[pa] + 1:at[pb]])
        return count

    found = tuple(range(len(roots)))
    best = min(itertools.permutations(found),
               key=lambda order: (apart(order), joined(order), order != found, order))
    if best == found:
        return
    for r, data in enumerate(rows):
        data.order = [ci for part in best for ci in data.order if where[(r, ci)] == part]
