"""Step 4, order: the left-to-right order of every row's clusters.

Objective: fewest crossings between the unions of a row and the sibships they lead to
(a permutation-inversion count), by a depth-first start, barycentre sweeps, adjacent
transpositions and, for rows of few clusters, every permutation.  Where crossings remain,
a unit is turned round on trial, then the joins next to the crossings are cut by copies
and the order found again, so that in the limit the clusters form a forest (no crossing).
"""

from __future__ import annotations

import itertools
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .clusters import Cluster, build_clusters, in_law_parents
from .graph import Graph
from .ranks import first_cheapest, inversions, row_links, sibship_ranks, union_ranks
from .records import LayoutOptions
from .units import KeptChain, flippable, row_units

if TYPE_CHECKING:
    from .ranks import RowCache


@dataclass
class RowData:
    units: list[list[str]]
    clusters: list[Cluster]
    order: list[int]  # cluster indices left to right
    # what the order's counts read of the row, numbered once (see ranks.row_links; the clusters
    # are never changed in place: a row built again is a new RowData)
    numbered: RowCache | None = field(default=None, repr=False, compare=False)


# every row's cluster order (`RowData.order`), as a key
Orders = tuple[tuple[int, ...], ...]


@dataclass
class _Walk:
    """What every start of `Orderer.initial`'s depth-first walk reads: the clusters (numbered
    row by row; ``cell``: number -> (row, cluster)) to start from, in row and id order, and each
    cluster's neighbours (the clusters of the unions it hangs from, then of the sibships it leads
    to; ``reversed``: the same, last first)."""

    cell: list[tuple[int, int]]
    starts: list[int]
    neighbours: list[list[int]]
    reversed: list[list[int]]

    @classmethod
    def of(cls, rows: list[RowData]) -> _Walk:
        cells: list[tuple[int, int]] = []
        starts: list[int] = []
        where_sib: dict[str, int] = {}
        where_union: dict[str, int] = {}
        for r, data in enumerate(rows):
            first = len(cells)
            for ci, cl in enumerate(data.clusters):
                for p in cl.up:
                    where_sib[p] = first + ci
                for u in cl.down:
                    where_union[u] = first + ci
                cells.append((r, ci))
            # (row by row, each row's clusters by their first unit: a stable sort, in place order
            # on a tie)
            units = data.units
            firsts = [units[cl.units[0]] for cl in data.clusters]
            starts += [first + ci for ci in sorted(range(len(firsts)), key=firsts.__getitem__)]
        neighbours: list[list[int]] = []
        backwards: list[list[int]] = []
        # (plain loops: a cluster names a sibship or two and leads to a union or two, and a
        # comprehension per cluster costs more than its lookups)
        union_at, sib_at = where_union.get, where_sib.get
        for data in rows:
            for cl in data.clusters:
                nbrs: list[int] = []
                for p in cl.up:
                    if (at := union_at(p)) is not None:
                        nbrs.append(at)
                for u in cl.down:
                    if (at := sib_at(u)) is not None:
                        nbrs.append(at)
                neighbours.append(nbrs)
                backwards.append(nbrs[::-1])
        return cls(cells, starts, neighbours, backwards)


class Orderer:
    """Orders the clusters of every row to minimise union -> sibship crossings."""

    def __init__(self, rows: list[RowData], graph: Graph) -> None:
        self.rows = rows
        self.graph = graph
        # (the rows' clusters stay as they are while this orders them: see ranks)
        self.links = row_links(rows)
        self._walk: _Walk | None = None
        # the last ranks and count worked out for each row, with (copies of) the orders they were
        # worked out for: the sweeps, counts and swaps ask again for rows that did not move since
        # (lists compared as they are, in C: no tuple of an order built at each question)
        self._union_memo: list[tuple[list[int], list[int]] | None] = [None] * len(rows)
        self._sibship_memo: list[tuple[list[int], list[int]] | None] = [None] * len(rows)
        self._crossing_memo: list[tuple[list[int], list[int], int] | None] = [None] * len(rows)
        # what a sweep, and what `settle` does after its sweeps, left of the orders they started
        # from: both depend on the orders alone, and the starts of `run_best` often meet again
        self._swept: dict[Orders, Orders] = {}
        self._finished: dict[tuple[Orders, bool], tuple[Orders, int]] = {}

    def union_rank(self, r: int) -> dict[str, int]:
        data = self.rows[r]
        out: dict[str, int] = {}
        for ci in data.order:
            for uid in data.clusters[ci].down:
                out[uid] = len(out)
        return out

    def sib_rank(self, r: int) -> dict[str, int]:
        data = self.rows[r]
        out: dict[str, int] = {}
        for ci in data.order:
            for p in data.clusters[ci].up:
                if p not in out:  # a sibship also named by a child joined to it by a line
                    out[p] = len(out)
        return out

    def _union_ranks(self, r: int) -> list[int]:
        order = self.rows[r].order
        last = self._union_memo[r]
        if last is not None and last[0] == order:
            return last[1]
        rank = union_ranks(self.links[r], order)
        self._union_memo[r] = (list(order), rank)
        return rank

    def _sibship_ranks(self, r: int) -> list[int]:
        """Row r's union numbers -> their sibships' places in row r + 1 (see ranks)."""
        order = self.rows[r + 1].order
        last = self._sibship_memo[r]
        if last is not None and last[0] == order:
            return last[1]
        rank = sibship_ranks(self.links[r + 1], order, len(self.links[r].cluster_of))
        self._sibship_memo[r] = (list(order), rank)
        return rank

    def crossings_between(self, r: int) -> int:
        """Crossings between row r's unions and row r + 1's sibships."""
        above, below = self.rows[r].order, self.rows[r + 1].order
        last = self._crossing_memo[r]
        if last is not None and last[0] == above and last[1] == below:
            return last[2]
        rank = self._union_ranks(r)
        up = self.links[r + 1].up
        count = inversions([rank[n] for ci in below for n in up[ci]])
        self._crossing_memo[r] = (list(above), list(below), count)
        return count

    def total(self) -> int:
        count = 0
        for r in range(len(self.rows) - 1):
            count += self.crossings_between(r)
        return count

    def _sort(self, r: int, keys: list[list[int]], ranks: list[int]) -> None:
        """Row r's clusters sorted by the mean rank of their links (``ranks`` of the numbers in
        ``keys``, per cluster); clusters without links stick to their left neighbour."""
        data = self.rows[r]
        if len(data.order) < 2:
            return
        order = data.order
        means = []
        last = -1.0
        ascending = True
        for ci in order:
            ks = keys[ci]
            if ks:
                total = 0
                for n in ks:
                    total += ranks[n]
                mean = total / len(ks)
                if mean < last:
                    ascending = False
                last = mean
            else:
                last += 1e-6
            means.append(last)
        if ascending:
            return  # (already in order: sorting would keep it)
        # a stable sort by the means keeps clusters of equal means in their order, as sorting
        # (mean, place) would
        data.order = [order[i] for i in sorted(range(len(order)), key=means.__getitem__)]

    def sweep_down(self, r: int) -> None:
        if len(self.rows[r].order) > 1:  # (a row of one cluster has nothing to sort)
            self._sort(r, self.links[r].up, self._union_ranks(r - 1))

    def sweep_up(self, r: int) -> None:
        if len(self.rows[r].order) > 1:
            self._sort(r, self.links[r].down_named, self._sibship_ranks(r))

    def transpose(self, r: int) -> bool:
        """Swap neighbouring clusters of row r where that crosses less (a pass left to right)."""
        data = self.rows[r]
        if len(data.order) < 2 or not self.around(r):
            # (no crossing next to the row: no swap could take one away; the counts are those of
            # the same links, and memoised)
            return False
        links = self.links[r]
        # each cluster's links above the row and below it, and the ranks that read them (the
        # ranks looked up in the pass, not first listed per cluster: most clusters have one link)
        no_links: list[list[int]] = []
        ups = links.up if r > 0 else no_links
        above = self._union_ranks(r - 1) if r > 0 else []
        downs = links.down_named if r + 1 < len(self.rows) else no_links
        below = self._sibship_ranks(r) if r + 1 < len(self.rows) else []
        sides = [(keys, ranks) for keys, ranks in ((ups, above), (downs, below)) if keys]
        order = data.order
        improved = False
        for i in range(len(order) - 1):
            a, b = order[i], order[i + 1]
            # the pairs of links out of order with a left of b, and with b left of a (plain
            # loops: the lists hold a link or two), above the row and below it
            ab = ba = 0
            for keys, ranks in sides:
                xs, ys = keys[a], keys[b]
                if xs and ys:
                    for x in xs:
                        rx = ranks[x]
                        for y in ys:
                            ry = ranks[y]
                            if rx > ry:
                                ab += 1
                            elif ry > rx:
                                ba += 1
            if ba < ab:
                order[i], order[i + 1] = b, a
                improved = True
        return improved

    def initial(self, variant: int = 0) -> None:
        """Depth-first discovery order: a crossing-free order for tree-like families.  Variant
        ``2k + t``: the walk starts at the k-th cluster (in row and id order) instead of the
        first, and with t = 1 follows each cluster's neighbours last first (see `run_best`)."""
        if self._walk is None:
            self._walk = _Walk.of(self.rows)
        walk = self._walk
        seen = [False] * len(walk.cell)
        orders: list[list[int]] = [[] for _ in self.rows]
        starts = walk.starts
        first, backwards = divmod(variant, 2)
        if starts and first:
            first %= len(starts)
            starts = starts[first:] + starts[:first]
        neighbours = walk.neighbours if backwards else walk.reversed
        cell = walk.cell
        for start in starts:
            if seen[start]:
                continue
            stack = [start]
            while stack:
                node = stack.pop()
                if seen[node]:
                    continue
                seen[node] = True
                r, ci = cell[node]
                orders[r].append(ci)
                for nb in neighbours[node]:
                    if not seen[nb]:
                        stack.append(nb)
        for data, order in zip(self.rows, orders, strict=True):
            data.order = order

    def run_best(self, sweeps: int, budget: list[int], enough: int, exact: bool = True) -> int:
        """`run` from the first start, then, while more than ``enough`` crossings remain, from
        other starts of the depth-first walk (up to ``ORDER_RESTARTS`` in all): the fewest
        crossings win, the first start on a tie.  Each start beyond the first spends one of
        ``budget`` (shared by the orderings of one `order_rows`: a deterministic bound on the
        work); where none did better, the budget is given up.  The sweeps settle near their
        start: from the first one alone, a family that can be drawn with everyone once and no
        crossing had people drawn twice (gedcom4j's RelationshipTest: four copies, one from
        other starts)."""
        self.initial()
        # the starts whose walks gave the same orders as an earlier one settle the same way:
        # they are not settled again (the count would be the same, and not fewer)
        tried = {self._orders()}
        best = self.settle(sweeps, exact)
        if best <= enough or budget[0] <= 0:
            return best
        best_orders = [list(d.order) for d in self.rows]
        first = best
        for variant in range(1, ORDER_RESTARTS):
            if budget[0] <= 0 or (variant > RESTART_PATIENCE and best == first):
                break
            budget[0] -= 1
            self.initial(variant)
            start = self._orders()
            if start in tried:
                continue
            tried.add(start)
            found = self.settle(sweeps, exact)
            if found < best:
                best, best_orders = found, [list(d.order) for d in self.rows]
                if best <= enough:
                    break
        if best == first:
            budget[0] = 0  # no other start did better: none will for this family, spare the work
        for d, o in zip(self.rows, best_orders, strict=True):
            d.order = o
        return best

    def _orders(self) -> Orders:
        return tuple(tuple(d.order) for d in self.rows)

    def _put(self, orders: Orders) -> None:
        for d, o in zip(self.rows, orders, strict=True):
            d.order = list(o)

    def run(self, sweeps: int, exact: bool = True, variant: int = 0) -> int:
        """The orders from one start of the depth-first walk (`initial`), settled."""
        self.initial(variant)
        return self.settle(sweeps, exact)

    def settle(self, sweeps: int, exact: bool = True) -> int:
        """Barycentre sweeps from the orders as they stand (the best kept), then, while
        crossings remain, swaps of neighbours and (``exact``) every order of short rows."""
        best = self.total()
        best_orders = [list(d.order) for d in self.rows]
        for _ in range(sweeps):
            if best == 0:
                break
            before = [d.order for d in self.rows]  # (a sweep puts new lists in place)
            self._sweep()
            if all(d.order == o for d, o in zip(self.rows, before, strict=True)):
                # a sweep depends on the orders only: one that changed nothing is a fixed
                # point, and every later sweep would change nothing and count the same
                break
            c = self.total()
            if c < best:
                best = c
                best_orders = [list(d.order) for d in self.rows]
        for d, o in zip(self.rows, best_orders, strict=True):
            d.order = o
        return self._finish(exact) if best else best

    def _sweep(self) -> None:
        """One barycentre sweep down the rows and back up (read from `_swept` where known)."""
        start = self._orders()
        known = self._swept.get(start)
        if known is not None:
            self._put(known)
            return
        for r in range(1, len(self.rows)):
            self.sweep_down(r)
        for r in range(len(self.rows) - 2, -1, -1):
            self.sweep_up(r)
        self._swept[start] = tuple(tuple(d.order) for d in self.rows)

    def _finish(self, exact: bool) -> int:
        """`settle` after its sweeps, where crossings remain: swaps of neighbours, then (``exact``)
        every order of short rows; the crossings left (read from `_finished` where known)."""
        start = (self._orders(), exact)
        known = self._finished.get(start)
        if known is not None:
            self._put(known[0])
            return known[1]
        for _ in range(4):
            changed = False
            for r in range(len(self.rows)):
                changed |= self.transpose(r)
            if not changed:
                break
        best = self.total()
        if best and exact:
            for r in range(len(self.rows)):
                self.exact(r)
            best = self.total()
        self._finished[start] = (tuple(tuple(d.order) for d in self.rows), best)
        return best

    def around(self, r: int) -> int:
        """Crossings next to row r."""
        return ((self.crossings_between(r - 1) if r > 0 else 0)
                + (self.crossings_between(r) if r + 1 < len(self.rows) else 0))

    def exact(self, r: int, limit: int = 5) -> None:
        """Try every order of a row of few clusters (only where crossings remain).

        The crossings next to the row are those inside each cluster's links (the same in every
        order) plus, for each two clusters, those one standing left of the other makes: each
        order is scored by the second part, counted once per two clusters (`_pair_costs`), which
        gives `around` less what every order shares."""
        data = self.rows[r]
        if not 2 < len(data.order) <= limit:
            return
        best, best_order = self.around(r), list(data.order)
        if best == 0:
            return
        cost = self._pair_costs(r, best_order)
        k = len(best_order)
        shared = best - sum(cost[i][j] for i, j in itertools.combinations(range(k), 2))
        found = first_cheapest(cost, best - shared)
        if found is not None:
            data.order = [best_order[i] for i in found]

    def _pair_costs(self, r: int, order: list[int]) -> list[list[int]]:
        """cost[i][j]: the crossings next to row r that ``order[i]`` standing somewhere left of
        ``order[j]`` makes between the two (the rows above and below as they stand)."""
        links = self.links[r]
        at = {ci: i for i, ci in enumerate(order)}
        cost = [[0] * len(order) for _ in order]
        if r > 0:
            rank = self._union_ranks(r - 1)
            keys = [[rank[n] for n in links.up[ci]] for ci in order]
            for i, xs in enumerate(keys):
                for j, ys in enumerate(keys):
                    if i != j:
                        cost[i][j] += sum(1 for x in xs for y in ys if x > y)
        if r + 1 < len(self.rows):
            # each link below, in the order the row below reads them: a later link whose union
            # stands in a cluster left of an earlier one's crosses it
            up = self.links[r + 1].up
            seen = [0] * len(order)
            for ci in self.rows[r + 1].order:
                for n in up[ci]:
                    j = at[links.cluster_of[n]]
                    for i, count in enumerate(seen):
                        if i != j:
                            cost[j][i] += count
                    seen[j] += 1
        return cost

    def flip_candidates(self) -> list[tuple[int, frozenset[str]]]:
        """Units holding a union whose link crosses another, that may be turned round (a person alone
        where they have children by two unknown partners or more: `_toggle`)."""
        out: list[tuple[int, frozenset[str]]] = []
        unions = self.graph.unions.values()
        alone = Counter(u.partners[0] for u in unions if len(u.partners) == 1 and u.children)
        for r in range(len(self.rows) - 1):
            if not self.crossings_between(r):  # (the same links, counted: none out of order)
                continue
            ranks = self.union_rank(r)
            below = self.rows[r + 1]
            seq = [(ranks[p], p) for ci in below.order for p in below.clusters[ci].up if p in ranks]
            unit_of = {v: unit for unit in self.rows[r].units for v in unit}
            for (ra, pa), (rb, pb) in itertools.pairwise(seq):
                if ra <= rb:
                    continue
                for p in (pa, pb):
                    unit = unit_of[self.graph.unions[p].partners[0]]
                    key = (r, frozenset(unit))
                    turnable = len(unit) > 1 or alone[unit[0]] > 1
                    if turnable and key not in out and flippable(unit, self.graph):
                        out.append(key)
        return out

    def culprits(self) -> list[str]:
        """Nodes to copy so that the joins next to the remaining crossings are cut."""
        out: list[str] = []
        for r in range(len(self.rows) - 1):
            if not self.crossings_between(r):  # (as in flip_candidates)
                continue
            ranks = self.union_rank(r)
            below = self.rows[r + 1]
            seq = [(ranks[p], ci, p) for ci in below.order for p in below.clusters[ci].up if p in ranks]
            where_union = {u: ci for ci, cl in enumerate(self.rows[r].clusters) for u in cl.down}
            for (ra, ca, pa), (rb, cb, pb) in itertools.pairwise(seq):
                if ra <= rb:
                    continue
                # one cut per crossing and round, nearest first: cutting more than needed
                # would only draw more people twice
                for row, ci, port in ((r + 1, ca, pa), (r + 1, cb, pb),
                                      (r, where_union[pa], pa), (r, where_union[pb], pb)):
                    victim = self._join_near(row, ci, port)
                    if victim is not None:
                        if victim not in out:
                            out.append(victim)
                        break
        return out

    def _join_near(self, r: int, ci: int, port: str) -> str | None:
        data = self.rows[r]
        cl = data.clusters[ci]
        joins = []
        for pos, ui in enumerate(cl.units):
            unit = data.units[ui]
            parents = {self.graph.nodes[v].parent for v in unit} - {None}
            touches = any(self.graph.nodes[v].parent == port for v in unit) or any(
                p in unit for p in self.graph.unions[port].partners)
            if len(parents) >= 2 and (victim := self._cut_by(unit)) is not None:
                joins.append((0 if self._joins_twice(parents) else 1, 0 if touches else 1, pos, victim))
        if not joins:
            return None
        anchor = next((pos for pos, ui in enumerate(cl.units)
                       if any(self.graph.nodes[v].parent == port for v in data.units[ui])
                       or any(p in data.units[ui] for p in self.graph.unions[port].partners)), 0)
        return min(joins, key=lambda j: (j[0], j[1], abs(j[2] - anchor), j[2]))[3]

    def _joins_twice(self, parents: set[str | None]) -> bool:
        """Whether a unit joins two sibships that another couple joins too (two brothers who marry two
        sisters): one of those joins is cut first, as the two sibships cannot both meet each couple
        (kinship2's sample.ped drew a third brother's wife twice first, to no avail)."""
        return len(parents) == 2 and frozenset(parents) in self.graph.joined_twice()

    def _cut_by(self, unit: list[str]) -> str | None:
        """Who a join is cut by: the partner with a line up of the lowest priority, drawn twice;
        None where a partner of the unit is kept whole with their partners (LayoutOptions.keep_whole)."""
        nodes, keep = self.graph.nodes, self.graph.keep_whole
        if keep and not keep.isdisjoint(unit):
            return None
        drops = [v for v in unit if nodes[v].parent is not None]
        return min(drops, key=lambda v: nodes[v].priority)


# structure crossings a family with a marriage between relatives may keep rather than draw
# someone twice: a hand-drawn genogram closes such a loop with a crossing or two
LOOP_CROSSINGS = 2


def founders_inside(graph: Graph, rows: list[RowData]) -> dict[str, tuple[tuple[str, ...], tuple[str, ...]]]:
    """Where two sibships joined twice interleave: the founders (with children, without parents
    drawn) that an order made with the sibships of `clusters.in_law_parents` apart stood next to a
    parent of those two sibships, on the side of that parent's younger (right) or elder (left)
    brothers and sisters; the order made again stands them there, inside the span of the parent's
    own sibship, whose bar passes over them where no line rises to cross it (kinship2's sample.ped:
    the brothers' father's sister and her children stood between the brothers' family and the
    sisters' parents; now the sisters' parents stand between the father and his sister)."""
    found: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {}
    for parent, sibship in sorted(in_law_parents(graph).items()):
        data = rows[graph.nodes[parent].row]
        at = next((k for k, ci in enumerate(data.order) for ui in data.clusters[ci].units
                   if parent in data.units[ui]), None)
        if at is None:
            continue
        children = graph.unions[sibship].children
        i = children.index(parent)
        left = _founders_beside(data, at, -1) if i > 0 else ()
        right = _founders_beside(data, at, 1) if i < len(children) - 1 else ()
        if left or right:
            found[parent] = (left, right)
    return found


def _founders_beside(data: RowData, at: int, step: int) -> tuple[str, ...]:
    """The first members of the units of the founders' clusters standing next to the cluster at
    ``at`` of the row's order, on its right (``step`` 1) or left (-1), left to right."""
    found: list[str] = []
    at += step
    while 0 <= at < len(data.order) and not (cluster := data.clusters[data.order[at]]).up and cluster.down:
        found.extend(data.units[ui][0] for ui in cluster.units)
        at += step
    return tuple(found if step > 0 else found[::-1])


def loop_budget(closing: int) -> int:
    """The structure crossings a family may keep for ``closing`` couples side by side across a
    loop: two for the first, one more for each further (double cousins close three loops)."""
    return LOOP_CROSSINGS + max(closing - 1, 0) if closing else 0


# the most starts one ordering tries while crossings remain, and the work the orderings of one
# order_rows may spend on starts beyond the first (drawn nodes times starts): a deterministic
# budget, most of it for the small families of case reports (RelationshipTest, 45 nodes: 66
# starts; 40 generated families of 40-230 people: copies 214 -> 213 for a third more CPU, the
# first ordering's starts given up where none did better)
ORDER_RESTARTS = 16
# ... and how many it tries before giving up where none did better
RESTART_PATIENCE = 6
RESTART_WORK = 3000


class TooManyCopies(Exception):
    """`order_rows` was told the most copies its layout may make to be of use, and has made more."""


def order_rows(graph: Graph, options: LayoutOptions, copies_at_most: int | None = None) -> list[RowData]:
    """Units, clusters and their order in every row.  While lines cross: first try
    turning a unit round (a couple's other side may face the right family), then cut
    the joins next to the crossings with copies.  ``copies_at_most``: raise `TooManyCopies` as
    soon as the graph has more copies than that (copies are only ever added: the layout could
    not end with fewer), sparing the rest of the work on a layout that would be given up."""
    graph.turned = frozenset()  # (a person alone is turned round by their unions' order: `_toggle`)
    # each row's units by their members, reused when a row is built again after copies (see
    # row_units; not where a sibship may be bent: a bend changes other groups' chains)
    bendable = any(u.real and uid not in graph.unbendable for uid, u in graph.unions.items())
    # ... and where one may, the chains found without a bend tried, while the sibships they read
    # are not bent again (see row_units)
    builder = _RowBuilder(graph, copies_at_most, graph.row_nodes(), graph.row_unions(),
                          [None if bendable else {} for _ in range(graph.n_rows)],
                          [{} if bendable else None for _ in range(graph.n_rows)])
    rows: list[RowData] = []
    for r in range(graph.n_rows):
        rows.append(builder.build(r))
        builder.check_copies()  # (at the first row that shows it: a row's units only ever add copies)
    builder.settle(rows, options)
    if graph.interleave_in_laws and graph.inside is None and in_law_parents(graph):
        # the order made with the sibships that hold those parents apart tells which founders stand
        # beside them: the order is made again with the founders inside, the sibships whole (of the
        # same graph: any copy the first order made stays)
        graph.inside = founders_inside(graph, rows)
        rows[:] = [builder.build(r) for r in range(graph.n_rows)]
        builder.settle(rows, options)
    return rows


@dataclass
class _RowBuilder:
    """What `order_rows` builds the rows of ``graph`` from, again after each copy it makes."""

    graph: Graph
    copies_at_most: int | None
    row_nodes: list[list[str]]
    row_unions: list[list[str]]
    found: list[dict[frozenset[str], list[str]] | None]
    kept: list[dict[frozenset[str], KeptChain] | None]
    flipped: set[frozenset[str]] = field(default_factory=set)
    trials: int = 0  # units turned round on trial so far

    def build(self, r: int) -> RowData:
        graph = self.graph
        nodes = self.row_nodes[r]
        units = row_units(graph, nodes, self.row_unions[r], self.found[r], self.kept[r]) if nodes else []
        if self.flipped:  # (no unit turned round on trial yet: nothing to look up)
            units = [u[::-1] if frozenset(u) in self.flipped and flippable(u, graph) else u for u in units]
        graph.chain_at.update((v, i) for unit in units for i, v in enumerate(unit))
        return RowData(units, build_clusters(graph, units, self.row_unions[r]), [])

    def check_copies(self) -> None:
        if self.copies_at_most is not None and len(self.graph.copies) > self.copies_at_most:
            raise TooManyCopies

    def settle(self, rows: list[RowData], options: LayoutOptions) -> None:
        """Order ``rows`` in place, turning units round, then cutting joins by copies, while
        crossings remain."""
        graph = self.graph
        self.trials = 0
        allowed = loop_budget(len(graph.closing)) \
            if graph.close_loops and (graph.related_unions() or graph.interleave_in_laws) else 0
        # each trial orders the whole family again: fewer of them for big families, where they
        # also help least (on 15 families of 150-400 people, 280 copies with up to 600 // nodes
        # trials, 282 with 1500 // nodes; on 150 generated families of ~95, 910 and 911)
        max_trials = min(options.flip_trials, 600 // max(len(graph.nodes), 1))
        # other starts of the order's walk while crossings remain, as many as the family's size allows
        restarts = [RESTART_WORK // max(len(graph.nodes), 1)]
        for _ in range(len(graph.nodes) + 1):
            orderer = Orderer(rows, graph)
            total = orderer.run_best(options.sweeps, restarts, allowed)
            if total <= allowed:
                break
            if self._turned_one(rows, orderer, total, restarts, max_trials):
                continue
            victims = orderer.culprits()
            if not victims:
                break
            touched = set()
            for v in victims:
                self.row_nodes[graph.nodes[v].row].append(graph.detach(v))
                touched.add(graph.nodes[v].row)
            self.check_copies()  # (before the rows are built again, where the copies just made show it)
            # a copy only changes the units of its own row
            for r in sorted(touched):
                rows[r] = self.build(r)
            self.check_copies()

    def _turned_one(self, rows: list[RowData], orderer: Orderer, total: int, restarts: list[int],
                    max_trials: int) -> bool:
        """Whether a unit turned round on trial (of at most ``max_trials`` over the whole order)
        leaves fewer than ``total`` crossings: it stays turned round (else ``rows`` are as they were)."""
        graph = self.graph
        for r, key in orderer.flip_candidates():
            if self.trials >= max_trials:
                break
            self.trials += 1
            _toggle(graph, self.flipped, key)
            saved = rows[r]
            units = [u[::-1] if frozenset(u) == key else u for u in saved.units]
            rows[r] = RowData(units, build_clusters(graph, units, self.row_unions[r]), [])
            # a quick look is enough to compare (from other starts too: a unit turned round may
            # need another start to show it clears the crossing)
            if Orderer(rows, graph).run_best(2, restarts, total - 1, exact=False) < total:
                return True
            _toggle(graph, self.flipped, key)
            rows[r] = saved
        return False


def _toggle(graph: Graph, flipped: set[frozenset[str]], key: frozenset[str]) -> None:
    """Turn a unit round on trial, or back: a unit of several by its members' order, a person alone
    by their unions with no other partner in reverse order (`Graph.turned`)."""
    flipped.symmetric_difference_update({key})
    if len(key) == 1:
        graph.turned = graph.turned ^ key
