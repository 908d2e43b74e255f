"""Step 5, household: the order of the parts of the family that no line joins.

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
    where = _parts(rows)
    if where is None:
        return
    score = _PartScore(rows, graph, where)
    found = tuple(range(score.count))
    orders = list(itertools.permutations(found))
    # the fewest people between household members first: the drawings of a person drawn twice
    # are measured only for the orders that tie on that (the same winner as one key of both)
    apart = [score.apart(order) for order in orders]
    fewest = min(apart)
    best = min((order for order, cost in zip(orders, apart, strict=True) if cost == fewest),
               key=lambda order: (score.joined(order), order != found, order))
    if best == found:
        return
    for r, data in enumerate(rows):
        data.order = [ci for part in best for ci in data.order if where[(r, ci)] == part]


Cell = tuple[int, int]  # (row, cluster index)


def _parts(rows: list[RowData]) -> dict[Cell, int] | None:
    """Each cluster's part (numbered in the order found: first row, then left to right), or
    None when there are fewer than two parts or more than five, or a part does not stand as
    one block in every row (reordering the parts would then mix them)."""
    cells: list[Cell] = []  # the clusters numbered row by row
    first: list[int] = []  # each row's first number
    for r, data in enumerate(rows):
        first.append(len(cells))
        cells += [(r, ci) for ci in range(len(data.clusters))]
    parent = list(range(len(cells)))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    holder: dict[str, int] = {}  # union -> the cluster its partners stand in
    for r, data in enumerate(rows):
        for ci, cl in enumerate(data.clusters):
            for uid in cl.down:
                holder[uid] = first[r] + ci
    for r, data in enumerate(rows):
        for ci, cl in enumerate(data.clusters):
            for uid in cl.up:  # a sibship joins its cluster to its parents'
                if uid in holder:
                    parent[find(first[r] + ci)] = find(holder[uid])
    roots: list[int] = []
    for r, data in enumerate(rows):
        for ci in data.order:
            root = find(first[r] + ci)
            if root not in roots:
                roots.append(root)
                if len(roots) > 5:  # (too many parts: the rest need not be found)
                    return None
    if len(roots) < 2:
        return None
    part_of = {root: part for part, root in enumerate(roots)}
    where = {cell: part_of[find(x)] for x, cell in enumerate(cells)}
    for r, data in enumerate(rows):
        seen: list[int] = []
        for ci in data.order:
            part = where[(r, ci)]
            if seen and seen[-1] != part and part in seen:
                return None
            if not seen or seen[-1] != part:
                seen.append(part)
    return where


class _PartScore:
    """What an order of the parts costs: people between household members, between copies."""

    def __init__(self, rows: list[RowData], graph: Graph, where: dict[Cell, int]) -> None:
        self.count = max(where.values()) + 1
        # per part and row, its people left to right, and their household flags
        people: list[dict[int, list[str]]] = [{} for _ in range(self.count)]
        for r, data in enumerate(rows):
            for ci in data.order:
                units = [data.units[ui] for ui in data.clusters[ci].units]
                people[where[(r, ci)]].setdefault(r, []).extend(v for u in units for v in u)
        self.flags = [{r: [graph.nodes[v].household for v in row] for r, row in part.items()}
                      for part in people]
        self.size = [max((len(f) for f in part.values()), default=0) for part in self.flags]
        # measured once: every order asks for them
        self.left = [self._gap(part, -1) for part in range(self.count)]
        self.right = [self._gap(part, 1) for part in range(self.count)]
        # the two drawings of a person in different parts: (part, people on its left, on its right)
        seat = {v: (part, i, len(row) - 1 - i) for part, rows_of in enumerate(people)
                for row in rows_of.values() for i, v in enumerate(row)}
        pairs = [(seat[c], seat[o]) for c, o in sorted(graph.copies.items())
                 if c in seat and o in seat and seat[c][0] != seat[o][0]]
        # ... summed per two parts (every order asks, and there are far fewer parts than
        # people drawn twice): ends[i][j], the people beside the drawings when part i stands
        # left of part j; ``between``, the parts with drawings in both and how many
        self.ends = [[0] * self.count for _ in range(self.count)]
        shared = [[0] * self.count for _ in range(self.count)]
        for (pa, left_a, right_a), (pb, left_b, right_b) in pairs:
            self.ends[pa][pb] += right_a + left_b
            self.ends[pb][pa] += right_b + left_a
            shared[min(pa, pb)][max(pa, pb)] += 1
        self.between = [(i, j, shared[i][j]) for i in range(self.count) for j in range(i + 1, self.count)
                        if shared[i][j]]

    def _gap(self, part: int, side: int) -> int | None:
        """Fewest people of the part standing between its household and its side (-1 left,
        +1 right) in any row; None when no one of the part lives with the client."""
        gaps = [(row.index(True) if side < 0 else row[::-1].index(True))
                for row in self.flags[part].values() if True in row]
        return min(gaps) if gaps else None

    def apart(self, order: tuple[int, ...]) -> int:
        """People standing between the household members of neighbouring parts."""
        count = 0
        last: int | None = None  # the last part with members of the household
        between = 0  # people of the parts without members since then
        for part in order:
            if self.left[part] is None:
                between += self.size[part]
                continue
            if last is not None:
                count += (self.right[last] or 0) + between + (self.left[part] or 0)
            last, between = part, 0
        return count

    def joined(self, order: tuple[int, ...]) -> int:
        """People standing between the two drawings of each person drawn twice."""
        at = [0] * self.count
        before = [0]  # the people of the parts left of each place
        for i, part in enumerate(order):
            at[part] = i
            before.append(before[-1] + self.size[part])
        count = 0
        for a, b, drawn_twice in self.between:
            if at[a] > at[b]:
                a, b = b, a
            # (the drawings' neighbours on the sides facing each other, and the parts between)
            count += self.ends[a][b] + drawn_twice * (before[at[b]] - before[at[a] + 1])
        return count
