"""The links between neighbouring rows' clusters as numbers, for the order's counts and sweeps.

An `Orderer` changes only the rows' orders; the clusters, and which union of a row leads to
which sibship of the next, stay as they are.  `RowLinks` numbers each row's unions once (their
place among the row's clusters' unions, cluster by cluster) and keeps, per cluster, the numbers
the counts read, so that a crossing count or a sweep reads lists of numbers instead of building
dictionaries of ids each time (the same counts and the same orders: see test_genogram_order_index).
The crossings themselves are counted here too, as the pairs of numbers out of order (`inversions`),
and the cheapest order of a few clusters is found from what each two of them cost (`first_cheapest`).
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .order import RowData


@dataclass
class RowNumbers:
    """What a row's own clusters say, numbered (the same for as long as the row is not built
    again): its unions are the ones its clusters lead down from (each in one cluster's
    ``down``), numbered left to right over the clusters as built."""

    down: list[list[int]]  # per cluster: its unions' numbers, left to right
    cluster_of: list[int]  # union number -> the cluster it leads down from
    number: dict[str, int]  # union id -> number
    names: list[str]  # union number -> union id
    up_count: list[int]  # per cluster: how many sibships it names (of any row)
    up_names: list[list[str]]  # per cluster: its sibships
    up_all: set[str]  # every sibship named in the row
    # no sibship named by two clusters of the row: its sibship ranks are then plain places
    up_unique: bool

    @classmethod
    def of(cls, data: RowData) -> RowNumbers:
        number: dict[str, int] = {}
        down: list[list[int]] = []
        cluster_of: list[int] = []
        for ci, cl in enumerate(data.clusters):
            ids = []
            for uid in cl.down:
                ids.append(len(number))
                number[uid] = len(number)
                cluster_of.append(ci)
            down.append(ids)
        up_all: set[str] = set()
        unique = True
        for cl in data.clusters:
            unique = unique and up_all.isdisjoint(cl.up)
            up_all.update(cl.up)
        return cls(down, cluster_of, number, list(number), [len(cl.up) for cl in data.clusters],
                   [list(cl.up) for cl in data.clusters], up_all, unique)


@dataclass
class RowLinks:
    """Row r's clusters, numbered, with their links to the rows above and below."""

    own: RowNumbers
    # per cluster: the sibships it hangs from that are unions of the row above, as their numbers
    # there (the entries a count of the crossings above this row reads), left to right
    up: list[list[int]]
    # per cluster: (place among its sibships, number in the row above) of the entries of ``up``
    up_placed: list[list[tuple[int, int]]]
    # per cluster: its unions that name a sibship of the row below (the keys of an upward sweep)
    down_named: list[list[int]]

    @property
    def down(self) -> list[list[int]]:
        return self.own.down

    @property
    def cluster_of(self) -> list[int]:
        return self.own.cluster_of


@dataclass
class RowCache:
    """A row's numbers, and its links to the rows it was last linked between (by identity)."""

    own: RowNumbers
    above: RowData | None = None
    up_placed: list[list[tuple[int, int]]] | None = None
    up: list[list[int]] | None = None
    below: RowData | None = None
    down_named: list[list[int]] | None = None


def _cached(data: RowData) -> RowCache:
    if data.numbered is None:
        data.numbered = RowCache(RowNumbers.of(data))
    cached: RowCache = data.numbered
    return cached


def row_links(rows: list[RowData]) -> list[RowLinks]:
    """Every row's `RowLinks` (the rows' clusters as they are now).  A row built again is a
    new `RowData`: what each row says alone is kept on it, and its links to a neighbour for as
    long as that neighbour is the same (an order asked again after a round of copies builds only
    the rows the copies changed)."""
    out: list[RowLinks] = []
    for r, data in enumerate(rows):
        mine = _cached(data)
        above = rows[r - 1] if r > 0 else None
        below = rows[r + 1] if r + 1 < len(rows) else None
        # (plain loops: a cluster names a sibship or two and leads to few unions, and a
        # comprehension per cluster costs more than its look-ups)
        if mine.up_placed is None or mine.above is not above:
            number = _cached(above).own.number if above is not None else {}
            mine.up_placed, mine.up = [], []
            for cl in data.clusters:
                placed: list[tuple[int, int]] = []
                ns: list[int] = []
                for at, p in enumerate(cl.up):
                    if (n := number.get(p)) is not None:
                        placed.append((at, n))
                        ns.append(n)
                mine.up_placed.append(placed)
                mine.up.append(ns)
            mine.above = above
        if mine.down_named is None or mine.below is not below:
            named = _cached(below).own.up_all if below is not None else set()
            names = mine.own.names
            mine.down_named = []
            for ids in mine.own.down:
                mine.down_named.append([n for n in ids if names[n] in named] if ids else [])
            mine.below = below
        assert mine.up is not None
        out.append(RowLinks(mine.own, mine.up, mine.up_placed, mine.down_named))
    return out


def union_ranks(links: RowLinks, order: list[int]) -> list[int]:
    """Union number -> its place among the row's unions in this order (`Orderer.union_rank`)."""
    down = links.own.down
    rank = [0] * len(links.own.cluster_of)
    k = 0
    for ci in order:
        for n in down[ci]:
            rank[n] = k
            k += 1
    return rank


def sibship_ranks(below: RowLinks, order: list[int], n_unions: int) -> list[int]:
    """Union number of the row above -> its sibship's place among the sibships of the row
    ``below`` in its ``order`` (`Orderer.sib_rank`; -1 for a union named by no sibship there)."""
    rank = [-1] * n_unions
    own, placed = below.own, below.up_placed
    if own.up_unique:
        k = 0
        count = own.up_count
        for ci in order:
            for at, n in placed[ci]:
                rank[n] = k + at
            k += count[ci]
        return rank
    seen: dict[str, int] = {}
    for ci in order:
        for p in own.up_names[ci]:
            if p not in seen:
                seen[p] = len(seen)
    for ci in order:
        for at, n in placed[ci]:
            rank[n] = seen[own.up_names[ci][at]]
    return rank


# out-of-order entries a crossing count inserts into a sorted list (each insertion moves the
# entries after it, in C) before it counts with the tree instead, which is n log n whatever
INSERTIONS = 4096


def inversions(seq: list[int]) -> int:
    """Pairs out of order (an earlier entry greater than a later one): the crossings.

    The entries mostly come in order (an order found by the sweeps crosses little), so they are
    kept in a sorted list, each in-order entry appended and each other one inserted where
    bisection puts it, the later entries it passes counted; past ``INSERTIONS`` insertions into a
    long list the Fenwick tree counts instead."""
    if len(seq) < 2 or seq == sorted(seq):  # (in order, the common case: checked in C)
        return 0
    seen: list[int] = []
    append, insert, after = seen.append, seen.insert, bisect.bisect_right
    count = 0
    top = seq[0]
    inserted = 0
    for i, x in enumerate(seq):
        if x >= top:
            append(x)
            top = x
            continue
        at = after(seen, x)
        count += i - at
        insert(at, x)
        inserted += 1
        if inserted > INSERTIONS and len(seq) > 2 * INSERTIONS:
            return tree_inversions(seq)
    return count


def tree_inversions(seq: list[int]) -> int:
    """`inversions` by a Fenwick tree over the values."""
    size = max(seq) + 2
    tree = [0] * (size + 1)
    count = 0
    for i, x in enumerate(seq):
        # number of earlier elements greater than x
        j, le = x + 1, 0
        while j > 0:
            le += tree[j]
            j -= j & -j
        count += i - le
        j = x + 1
        while j <= size:
            tree[j] += 1
            j += j & -j
    return count


def first_cheapest(cost: list[list[int]], given: int) -> tuple[int, ...] | None:
    """The first order (in the order `itertools.permutations` lists them) of the fewest
    crossings, ``cost[i][j]`` being what i standing left of j costs, if it costs less than
    ``given`` (what the order as it stands costs); None otherwise.  Orders are built place by
    place, in that same order, and a partial order already costing as much as the best found
    is not completed (the costs are never negative: it could only cost more)."""
    k = len(cost)
    best = given
    found: tuple[int, ...] | None = None
    order: list[int] = []
    free = [True] * k

    def extend(spent: int) -> bool:
        """Complete ``order``; True once an order of no crossing is found (the first wins)."""
        nonlocal best, found
        if len(order) == k:
            if spent < best:
                best, found = spent, tuple(order)
            return best == 0
        for x in range(k):
            if not free[x]:
                continue
            # x placed now stands left of everyone still to place
            step = spent
            row = cost[x]
            for y in range(k):
                if free[y] and y != x:
                    step += row[y]
            if step >= best:
                continue
            free[x] = False
            order.append(x)
            done = extend(step)
            order.pop()
            free[x] = True
            if done:
                return True
        return False

    extend(0)
    return found
