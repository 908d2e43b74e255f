"""Staggered labels: a crowded row's neighbours closer than their labels are wide.

Objective: a family too wide to print legibly (a row of 20 siblings and cousins whose names,
side by side, are wider than the page allows) narrows where its labels alone hold it apart.
In a row packed wider than ``LayoutOptions.stagger_width``, two neighbours of different units
(siblings, cousins: no partner line and no descent runs between them) may stand as close as
their symbols allow, their labels at alternate depths: every other label of such a run is
lowered below its neighbours' labels (by the depth of its row's deepest label, `row_spacing`; the
gap under the row keeps room for the family's deepest, ``stagger_drop``, where lines run).
Each label then needs room only from the labels two places away, at its own depth; the
distance kept between neighbours is at least half the wider label and half the gap, so two
neighbours' distances together keep those labels as far apart as unstaggered neighbours.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

from .graph import Graph, Node
from .records import LayoutOptions

_PEOPLE = ("person", "copy")  # nodes drawn with a symbol and labels


@dataclass
class Staggered:
    """What staggering did: the people whose labels go lower, and those standing closer to a
    neighbour than their labels are wide (their box, for the symbol overlap measure, is then
    their symbol's: the labels are measured on their own)."""

    lowered: frozenset[str] = frozenset()
    close: set[str] = field(default_factory=set)


def stagger_rows(graph: Graph, row_nodes: list[list[str]], unit_of: dict[str, int],
                 gap_after: dict[str, float], tight: dict[str, float], opt: LayoutOptions) -> Staggered:
    """Narrow the rows packed wider than ``opt.stagger_width``: see `Staggered`.

    ``gap_after`` (each node's least centre distance to the next of its row) and ``tight`` (each
    node's offset from its unit's centre, packed) are changed in place for those rows."""
    if opt.stagger_width <= 0 or opt.stagger_drop <= 0:
        return Staggered()
    lone_parents = {u.partners[0] for u in graph.unions.values()
                    if u.real and len(u.partners) == 1 and u.children}
    lowered: set[str] = set()
    close: set[str] = set()
    nodes = graph.nodes
    for row in row_nodes:
        if len(row) < 3 or _packed_width(graph, row, gap_after) <= opt.stagger_width:
            continue
        run = 0  # place in the current run of staggered neighbours
        partners: list[tuple[str, str]] = []
        for v, nxt in itertools.pairwise(row):
            if unit_of[v] == unit_of[nxt]:
                partners.append((v, nxt))
                run = 0
                continue
            # (a lone parent's neighbours first: no distance worked out for them)
            if v in lone_parents or nxt in lone_parents or \
                    (closer := _staggered_distance(nodes[v], nodes[nxt], gap_after[v], opt)) is None:
                run = 0
                continue
            gap_after[v] = closer
            close.update((v, nxt))
            run += 1
            if run % 2 == 1:
                lowered.add(nxt)
        if not close.intersection(row):
            continue  # nothing staggers here: the row keeps its spacing (its lines their room)
        for v, nxt in partners:
            gap_after[v] = _partners_distance(graph, v, nxt, gap_after[v], opt)
        _repack_units(graph, row, unit_of, gap_after, tight)
    return Staggered(frozenset(lowered), close)


def settled(graph: Graph, row_nodes: list[list[str]], x: dict[str, float], staggered: Staggered,
            opt: LayoutOptions) -> Staggered:
    """The labels lowered where the family, placed, still needs it: a lowered label whose nearest
    neighbours at its own depth now stand a sibling gap clear of it is raised back to its place.

    Staggering is decided on the packed rows, before placing; placing then spreads a row where
    the families under it are wider (a grandmother's label lowered between two sons whose
    sibships below hold them far apart), and a label standing a line below its symbol for no
    gained room reads as someone else's name.  Raised left to right, each against its neighbours
    as they then stand; ``close`` stays (a raised label's neighbours may still stand closer than
    their boxes are wide, their labels at the other depth)."""
    if not staggered.lowered:
        return staggered
    lowered = set(staggered.lowered)
    nodes = graph.nodes
    for row in row_nodes:
        if lowered.isdisjoint(row):
            continue
        drawn = [v for v in row if nodes[v].kind != "virtual"]  # (a loss's year is a label too)
        # each label's nearest neighbour on the right not lowered as staggered (those right of a
        # label are not raised yet when it is weighed), found in one pass from the right
        right_of: list[str | None] = [None] * len(drawn)
        nearest: str | None = None
        for i in range(len(drawn) - 1, -1, -1):
            right_of[i] = nearest
            if drawn[i] not in lowered:
                nearest = drawn[i]
        left: str | None = None  # the nearest on the left not lowered: raised ones count
        for i, v in enumerate(drawn):
            if v not in lowered:
                left = v
                continue
            # raised where both stand a sibling gap clear (a plain loop, not a generator per label)
            xv, width = x[v], nodes[v].width
            for u in (left, right_of[i]):
                if u is not None and abs(xv - x[u]) < (width + nodes[u].width) / 2 + opt.sibling_gap:
                    break
            else:
                lowered.discard(v)
                left = v
    if len(lowered) == len(staggered.lowered):
        return staggered
    return Staggered(frozenset(lowered), staggered.close)


def _partners_distance(graph: Graph, a: str, b: str, distance: float, opt: LayoutOptions) -> float:
    """Two partners of a crowded row closer: half the partner gap beside their line's label, their
    labels (side by side: a descent may run between them) a sibling gap apart."""
    na, nb = graph.nodes[a], graph.nodes[b]
    return min(distance, max((na.width + nb.width) / 2 + opt.sibling_gap, distance - opt.partner_gap / 2))


def _repack_units(graph: Graph, row: list[str], unit_of: dict[str, int], gap_after: dict[str, float],
                  tight: dict[str, float]) -> None:
    """Each unit's members' offsets from its centre again, from the new distances between them."""
    start = 0
    while start < len(row):
        end = start
        unit = unit_of[row[start]]
        while end + 1 < len(row) and unit_of[row[end + 1]] == unit:
            end += 1
        if end == start:
            # a unit of one (most): centred on itself, what the sums below give it exactly
            # ((-w/2 + w/2) / 2 is 0.0)
            tight[row[start]] = 0.0
            start += 1
            continue
        at = [0.0]
        for v in row[start:end]:
            at.append(at[-1] + gap_after[v])
        left = -graph.nodes[row[start]].width / 2
        right = at[-1] + graph.nodes[row[end]].width / 2
        centre = (left + right) / 2
        for v, x in zip(row[start:end + 1], at, strict=True):
            tight[v] = x - centre
        start = end + 1


def _packed_width(graph: Graph, row: list[str], gap_after: dict[str, float]) -> float:
    """The least width of a row: its centre distances and half of each end's box."""
    inner = sum(gap_after[v] for v in row[:-1])
    return inner + (graph.nodes[row[0]].width + graph.nodes[row[-1]].width) / 2


def _staggered_distance(na: Node, nb: Node, distance: float, opt: LayoutOptions) -> float | None:
    """The centre distance of neighbours ``na`` and ``nb`` with their labels at different depths,
    or None where that gains nothing (not two people, or labels no wider than the symbols) or
    the household's outline must pass between them."""
    if na.kind not in _PEOPLE or nb.kind not in _PEOPLE or na.core <= 0 or nb.core <= 0:
        return None
    if na.household != nb.household:
        return None  # the household's outline runs between them, round their labels
    free = distance - (na.width + nb.width) / 2  # the gap kept between their boxes
    symbols = (na.core + nb.core) / 2 + free / 4
    labels = (max(na.width, nb.width) + min(free, opt.sibling_gap)) / 2
    closer = max(symbols, labels)
    return closer if closer < distance - 0.5 else None


def row_spacing(graph: Graph, lowered: frozenset[str], opt: LayoutOptions
                ) -> tuple[tuple[float, ...], tuple[float, ...]]:
    """The gap under each row, and how far a lowered label of each row stands below its place;
    from each row's deepest labels where `LayoutOptions.label_depths` gives them.

    A row whose labels stand at two depths (``lowered``) needs a deeper gap under it (its bars and
    the lines between it and the next row move down too), and so do the gaps emotional lines run in
    (`LayoutOptions.lines_between`); the other rows keep theirs (every row took the deepest gap: a
    family of eight generations with one crowded row stood 51 cm tall at 16 cm wide).  Those deep
    gaps keep room for the family's deepest label (``stagger_drop``): the emotional lines run there
    (with the rows' own drops, lines crossing a name on 12 generated families went 8 -> 9).

    A lowered label stands below the deepest label of its own row (a name lowered in a row of
    two-line names stood under the family's deepest label, a grandmother's five lines two rows up,
    far from its own symbol); without `label_depths`, ``stagger_drop`` below (the family's
    deepest), and the gaps are ``row_gap`` and ``stagger_row_gap``."""
    deep = {graph.nodes[v].row for v in lowered}
    if deep:
        deep |= _line_gaps(graph, opt.lines_between)
    if not opt.label_depths:
        return (tuple(max(opt.row_gap, opt.stagger_row_gap) if r in deep else opt.row_gap
                      for r in range(graph.n_rows)), (opt.stagger_drop,) * graph.n_rows)
    depths = _row_depths(graph, opt)
    plain = [round(max(opt.row_gap_least, 2 * (d + opt.row_gap_pad)), 1) for d in depths]
    gaps = tuple(max(plain[r], round(2 * (depths[r] + opt.stagger_drop + opt.stagger_pad), 1)) if r in deep
                 else plain[r] for r in range(graph.n_rows))
    half = opt.symbol_size / 2
    return gaps, tuple(round(max(0.0, d - half), 1) for d in depths)


def _row_depths(graph: Graph, opt: LayoutOptions) -> list[float]:
    """The deepest label of each row, under its symbols' centres."""
    depth_of = dict(opt.label_depths)
    depths = [0.0] * graph.n_rows
    for v, node in graph.nodes.items():
        depth = depth_of.get(graph.copies.get(v, v), 0.0)
        if depth > depths[node.row]:
            depths[node.row] = depth
    return depths


def _line_gaps(graph: Graph, pairs: tuple[tuple[str, str], ...]) -> set[int]:
    """The gaps between rows (each by the row over it) that emotional lines between ``pairs`` run
    in: those between the two people's rows, or over and under their row when they share one."""
    gaps: set[int] = set()
    for a, b in pairs:
        if a in graph.nodes and b in graph.nodes:
            ra, rb = sorted((graph.nodes[a].row, graph.nodes[b].row))
            gaps.update(range(max(0, ra - 1), rb + 1) if ra == rb else range(ra, rb))
    return gaps
