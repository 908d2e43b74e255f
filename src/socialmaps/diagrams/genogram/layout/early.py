"""The layout closing a family's loops side by side, judged by its order before it is placed.

Placing a layout is about half its time.  Where the order already shows that the layout closing
the loops would be given up for the one cutting them by copies (see `geometry._laid_out`), it is
given up there, unplaced: where it puts a sibship out of birth order (exact: placing keeps each
row's order), or where it is bound to cross more often than a hand-drawn genogram accepts.  The
couples turned round are counted on the order too (`flips_by_order`).
"""

from __future__ import annotations

import itertools

from ..family import Family
from .graph import Graph
from .order import RowData, loop_budget


def seats(rows: list[RowData]) -> dict[str, int]:
    """Each node's place in its row, left to right (the order `Placer` packs the row in)."""
    seat: dict[str, int] = {}
    for data in rows:
        at = 0
        for ci in data.order:
            for ui in data.clusters[ci].units:
                for v in data.units[ui]:
                    seat[v] = at
                    at += 1
    return seat


def closing_fails(graph: Graph, rows: list[RowData], crossed: int) -> bool:
    """Whether the order of a layout closing the loops side by side shows it would be given up:
    a sibship out of birth order, or more crossings than `loop_budget` allows (``crossed``: the
    order's own count, `Orderer.total`)."""
    return order_breaks_a_sibship(graph, rows) or \
        crossed + interleaved_sibships(graph, rows) > loop_budget(len(graph.closing))


def order_breaks_a_sibship(graph: Graph, rows: list[RowData]) -> bool:
    """Whether two children of a union, next in birth order and drawn in one row, stand in
    that row's order the other way round (placing keeps each row's order, every node apart
    from the next: their x would be out of birth order too, see `_in_birth_order`)."""
    seat = seats(rows)
    nodes = graph.nodes
    for u in graph.unions.values():
        if not u.real or len(u.children) < 2:
            continue
        drawn = [_drawn_child(graph, c) for c in u.children]
        for a, b in itertools.pairwise(drawn):
            if nodes[a].row == nodes[b].row and seat[b] <= seat[a]:
                return True
    return False


def interleaved_sibships(graph: Graph, rows: list[RowData]) -> int:
    """The pairs of sibships of which one has someone standing between two units of the other's
    (`order._interleave`).  The line down to that one enters the place the other's bar and its
    two descents close off, so each pair costs a crossing the order's count (between clusters)
    does not see; with it, the count of the layouts given up on 200 families (generated, data
    files, examples) never passed the budget where the placed layout kept to it."""
    pairs: set[frozenset[str]] = set()
    nodes, unions = graph.nodes, graph.unions
    for data in rows:
        for cl in data.clusters:
            sibships = [{p for v in data.units[ui] if (p := nodes[v].parent) is not None and unions[p].real}
                        for ui in cl.units]
            span: dict[str, tuple[int, int]] = {}
            for i, found in enumerate(sibships):
                for p in found:
                    span[p] = (span[p][0], i) if p in span else (i, i)
            for p, (first, last) in span.items():
                for i in range(first + 1, last):
                    pairs.update(frozenset((p, q)) for q in sibships[i] if q != p)
    return len(pairs)


def _drawn_child(graph: Graph, child: str) -> str:
    """The node a union's descent line ends on: the child, past the pass-through points of
    the rows it skips (see `geometry._descent`)."""
    node = child
    while graph.nodes[node].kind == "virtual":
        below = graph.passed_to(node)
        if not below:  # (the end of a chain to a grandchild: `build._linked_chain`)
            return node
        node = below[0]
    return node


def flips_by_order(graph: Graph, rows: list[RowData], family: Family) -> int | None:
    """`quality.partner_flips` counted on the order instead of the positions: the same count, as
    placing keeps each row's order (None where a couple's partners stand in different rows)."""
    sex = {p.id: p.sex for p in family.people}
    count: dict[str, int] = {}
    for union in family.unions:
        for p in union.partners:
            count[p] = count.get(p, 0) + 1
    seat = seats(rows)
    nodes = graph.nodes
    flips = 0
    for union in family.unions:
        drawn_union = graph.unions.get(union.id)
        if drawn_union is None or not drawn_union.real or len(union.partners) != 2 or \
                any(count[p] > 1 for p in union.partners):
            continue
        partners = drawn_union.partners
        if len({nodes[p].row for p in partners}) > 1:
            return None
        drawn = tuple(graph.copies.get(p, p) for p in sorted(partners, key=seat.__getitem__))
        first, second = union.partners
        if {sex[first], sex[second]} == {"male", "female"}:
            wanted = (first, second) if sex[first] == "male" else (second, first)
        else:
            wanted = (first, second)
        flips += drawn != wanted
    return flips
