"""Genogram layout engine: rows, left-to-right order and x positions, as pure geometry.

Public API
----------
``layout_genogram(family: Family, options: LayoutOptions | None = None) -> GenogramLayout``

Input types live in :mod:`socialmaps.diagrams.genogram.family` (``Family``,
``FamilyPerson``, ``FamilyUnion``, ``ChildSlot``).  The result:

``GenogramLayout``
    ``positions``   node id -> (x, y) centre of the symbol.  Nodes are people,
                    child slots (pregnancies/losses) and copies of people.
                    ``y = generation * row_gap``; the leftmost symbol box starts
                    at x = 0.
    ``generation``  node id -> row (0 = oldest row drawn).
    ``widths``      node id -> the width the node was given room for.
    ``unions``      union id -> ``UnionGeometry``.
    ``duplicates``  copy id -> original person id.  A person is drawn twice when
                    the family cannot be drawn without a crossing otherwise (a
                    married-in person whose own sibship cannot reach the spouse,
                    loops through a marriage between relatives, a child listed
                    under several unions whose second line would cross another:
                    otherwise that child is drawn once, and the second union's
                    ``descents`` hold a line to it).  Copies have ids ``"<id>#partner"``
                    (the copy stands by the partners, the original under its
                    parents, alone) or ``"<id>#<union id>"`` (a child listed again
                    under another union, see ``FamilyUnion.secondary``).
    ``rows``        per generation, the node ids from left to right.
    ``slots``       the node ids that are child slots.
    ``width``, ``height``  extent of the symbol boxes in x, y of the last row.

``UnionGeometry``
    ``partners``    drawn node ids (a copy when the partner is duplicated),
                    left to right; ``y``, ``x1``, ``x2``: the partner line at the
                    row's y between the partners' centres (x1 == x2 for one partner).
    ``mid``         where the descent starts on the partner line: between the
                    partners, or, for a line that passes over other partners of a
                    person with more than two, in the gap next to the non-hub
                    partner (never on a symbol).  Several unions of one couple get
                    distinct points along their common line.
    ``bar_y``, ``bar_x1``, ``bar_x2``  the sibship bar (None without children),
                    half a row below the partners; it reaches ``mid``.
    ``children``    drawn child ids in birth order (slots included).
    ``descents``    child id -> polyline from ``mid`` down to the bar, along it,
                    and down to the top of the child's symbol (more bends when a
                    child sits more than one row below its parents).
    ``over``        nodes the partner line passes over (only for a person with
                    more than two partners: draw that line lower, or around).

``LayoutOptions``: row gap, gaps between partners / siblings / clusters, symbol
size, room between sibship bars, how readily partner lines stretch, rounds.

Algorithm
---------
1. Rows: partners are merged into one class (union-find); classes form a DAG
   parents -> children (networkx; a cycle raises ``ValueError``).  Rows are
   longest-path from the top, then classes with children are pulled down to one
   row above their lowest-bound child class, and childless classes sit one row
   below their parents, so married-in people's parents sit just above them.
   A child more than one row below its union gets invisible pass-through nodes.
2. Units: in each row a connected group of partners is a *unit*, ordered as a
   chain by the convention (McGoldrick, NSGC): a person with two partners between
   them, earlier one left; with more, date order on both sides; a couple husband
   left, wife right by the symbol drawn, two of one sex as listed.  Of the two
   orientations the one that keeps twins together wins, then the one that lets a
   stepchild's second line through, then the convention; only a crossing (step 3)
   turns a unit round later.  A unit may hold members of several sibships only
   at its ends and only if each sibship can continue outwards; otherwise the
   lower-priority member (fewer ancestors drawn) is drawn as a copy next to the
   partner and the original stays in its sibship.  Of the valid orientations the
   one with fewest partners under a sibling bar wins.  Units joined through
   sibships form rigid *clusters* (chains of sibships).
3. Order: clusters are ordered row by row (DFS start, barycentre sweeps down and
   up, adjacent transpositions), minimising crossings of union -> sibship links,
   which is a permutation-inversion count.  If crossings remain, the joins next
   to them are cut by a copy and the order recomputed; in the limit the clusters
   form a forest, which orders without crossings.  Parts of the family with no
   line between them are last set side by side in the order that keeps the
   household (``FamilyPerson.household``) together.
4. x: difference constraints: minimum gaps from widths, and each union's
   children kept between the neighbouring unions' descent gaps (so the bars,
   extended to their midpoints, never meet and no descent crosses another).
   The least solution (longest paths) is a feasible start; one upward pass puts
   every row over its children (ignoring the rows above, which have not moved
   yet); then rounds of row-by-row block coordinate descent (bottom-up, then
   top-down), each row an exact weighted isotonic regression with bounds (pool
   adjacent violators) given the rows above and below: units move to centre sibships under their
   union's midpoint and midpoints over their children, partners stay packed
   (a partner line may stretch a little towards its children).  Every step
   stays feasible, so no overlap and no crossing can appear.

Everything is sorted by ids and birth order, so the result does not depend on
the order of the input tuples.  Time is about linear in the family size.
"""

from __future__ import annotations

import bisect
import itertools
import math
from collections import defaultdict
from dataclasses import dataclass, field
from typing import NamedTuple

from socialmaps.diagrams.genogram.family import (
    ChildSlot,
    Family,
    FamilyPerson,
    FamilyUnion,
    topological_order,
)

__all__ = ["GenogramLayout", "LayoutOptions", "UnionGeometry", "layout_genogram"]

_INF = math.inf


@dataclass(frozen=True)
class LayoutOptions:
    """Spacing of the layout, in user units."""

    row_gap: float = 120.0  # distance between generation rows
    partner_gap: float = 30.0  # free room between two partners' boxes (room for the partner line)
    sibling_gap: float = 20.0  # free room between neighbours of one family cluster
    cluster_gap: float = 40.0  # free room between unrelated clusters of a row
    symbol_size: float = 40.0  # descent lines end at y - symbol_size / 2
    bar_margin: float = 10.0  # room between the sibship bars of two unions
    virtual_width: float = 10.0  # room for a line passing through a row
    sweeps: int = 4  # ordering sweeps (barycentre down and up)
    placement_rounds: int = 5  # x optimisation rounds (each one up and one down; fewer past 500 nodes)
    stretch: float = 0.5  # how readily a partner line lengthens to centre the children
    cohesion: float = 0.5  # how strongly a childless sibling keeps close to its siblings
    kin_cohesion: float = 1.0  # the same for a sibling with children in the first, compacting
    # rounds of the placement (none in the later ones), as a part of cohesion
    flip_trials: int = 4  # units turned round on trial against crossings, before copying (fewer
    # past 150 nodes, as each trial orders the whole family again)


@dataclass
class UnionGeometry:
    id: str
    partners: tuple[str, ...]
    y: float
    x1: float
    x2: float
    mid: tuple[float, float]
    bar_y: float | None
    bar_x1: float | None
    bar_x2: float | None
    children: tuple[str, ...]
    descents: dict[str, tuple[tuple[float, float], ...]]
    over: tuple[str, ...] = ()  # nodes the partner line passes over (other partners of a hub)


@dataclass
class GenogramLayout:
    positions: dict[str, tuple[float, float]]
    generation: dict[str, int]
    widths: dict[str, float]
    unions: dict[str, UnionGeometry]
    duplicates: dict[str, str]
    rows: list[list[str]]
    row_gap: float
    width: float
    height: float
    slots: frozenset[str] = field(default_factory=frozenset)


# --------------------------------------------------------------------------- internal graph


@dataclass
class _Node:
    id: str
    row: int
    width: float
    kind: str  # person | slot | copy | virtual
    parent: str | None = None  # union whose sibship holds this node
    priority: tuple[int, int, str] = (0, 0, "")  # who keeps their place: more ancestors, siblings
    household: bool = False  # lives with the client (copies too)


@dataclass
class _Union:
    id: str
    row: int
    partners: list[str]
    children: list[str]
    start: float
    real: bool = True
    multi: tuple[int, int] = (0, 1)  # k-th of n unions of the same partners (spreads their midpoints)
    label: float = 0.0  # room for the partner line's label between the partners' symbols


@dataclass
class _Graph:
    nodes: dict[str, _Node]
    unions: dict[str, _Union]
    copies: dict[str, str]
    n_rows: int
    sib_pos: dict[str, tuple[str, int, int]] = field(default_factory=dict)  # node -> (union, index, size)
    # (left, right) drawn neighbours of one sibship who are twins: nothing may stand between them
    twin_pairs: set[tuple[str, str]] = field(default_factory=set)
    # node -> ids of the unions it is a partner in; built at the first copy (see detach)
    unions_of: dict[str, list[str]] | None = None
    # what the partner order follows: each person's sex as drawn, each union's partners as listed
    sex: dict[str, str] = field(default_factory=dict)
    listed: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # children drawn once under their primary union and joined by a line to another union that
    # lists them too: (that union, the child, how many of its drawn children come before)
    links: list[tuple[str, str, int]] = field(default_factory=list)
    # the (union, child) links the order is asked to bring together (see _build_clusters)
    attract: frozenset[tuple[str, str]] = frozenset()
    # person -> copies standing by a partner of another generation (see _cut_partnerships)
    cut_copies: dict[str, list[str]] = field(default_factory=dict)
    # unions drawn with a copy to open a ring of partners (once each; see _row_units)
    split_unions: set[str] = field(default_factory=set)

    def row_nodes(self) -> list[list[str]]:
        rows: list[list[str]] = [[] for _ in range(self.n_rows)]
        for nid in sorted(self.nodes):
            rows[self.nodes[nid].row].append(nid)
        return rows

    def row_unions(self) -> list[list[str]]:
        rows: list[list[str]] = [[] for _ in range(self.n_rows)]
        for uid in sorted(self.unions):
            rows[self.unions[uid].row].append(uid)
        return rows

    def detach(self, nid: str) -> str:
        """Draw ``nid`` twice: a copy takes over all its partnerships, the original stays alone."""
        cid = f"{nid}#partner"
        node = self.nodes[nid]
        self.nodes[cid] = _Node(cid, node.row, node.width, "copy", None, node.priority, node.household)
        self.copies[cid] = nid
        if self.unions_of is None:
            # big families make hundreds of copies: look their unions up, not through all unions
            self.unions_of = defaultdict(list)
            for uid, union in self.unions.items():
                for p in union.partners:
                    self.unions_of[p].append(uid)
        moved = self.unions_of.pop(nid, [])
        for uid in moved:
            union = self.unions[uid]
            union.partners = [cid if p == nid else p for p in union.partners]
        self.unions_of[cid].extend(moved)
        return cid


# --------------------------------------------------------------------------- step 0: input


def _children_order(union: FamilyUnion) -> list[str]:
    """Children in birth order with twins made contiguous and slots in their places."""
    children = list(dict.fromkeys(union.children))
    for group in sorted(union.twins, key=lambda g: sorted(g)):
        in_group = set(group)
        members = [c for c in children if c in in_group]
        if len(members) < 2:
            continue
        first = children.index(members[0])
        rest = [c for c in children if c not in in_group]
        insert_at = sum(1 for c in children[:first] if c not in in_group)
        children = rest[:insert_at] + members + rest[insert_at:]
    slots = sorted(union.extra_slots, key=lambda s: (s.after, _key(s.key), s.id))
    out: list[str] = []
    for i in range(len(children) + 1):
        out.extend(s.id for s in slots if min(s.after, len(children)) == i)
        if i < len(children):
            out.append(children[i])
    return out


def _key(value: float | None) -> float:
    return _INF if value is None else value


def _validate(family: Family) -> tuple[dict[str, FamilyPerson], dict[str, FamilyUnion],
                                       dict[str, tuple[str, ChildSlot]]]:
    people: dict[str, FamilyPerson] = {}
    for person in family.people:
        if person.id in people:
            raise ValueError(f"duplicate person id {person.id!r}")
        people[person.id] = person
    unions: dict[str, FamilyUnion] = {}
    slots: dict[str, tuple[str, ChildSlot]] = {}
    for union in family.unions:
        if union.id in unions:
            raise ValueError(f"duplicate union id {union.id!r}")
        unions[union.id] = union
        if not 1 <= len(set(union.partners)) <= 2 or len(set(union.partners)) != len(union.partners):
            raise ValueError(f"union {union.id!r} needs one or two distinct partners")
        for pid in (*union.partners, *union.children):
            if pid not in people:
                raise ValueError(f"union {union.id!r} names unknown person {pid!r}")
        if set(union.partners) & set(union.children):
            raise ValueError(f"union {union.id!r}: a partner is also a child")
        for slot in union.extra_slots:
            if slot.id in people or slot.id in slots:
                raise ValueError(f"child slot id {slot.id!r} is not unique")
            slots[slot.id] = (union.id, slot)
    return people, unions, slots


# --------------------------------------------------------------------------- step 1: rows


@dataclass
class _Rows:
    """Step 1's answer: the row of every person and slot, and the partnerships drawn with a copy.

    ``cut`` maps a union whose partners cannot share a row (a loop through the
    partnership: a man with a child by his daughter, a woman with her stepson) to
    ``(host, other)``: the union stands in the host's row, ``other`` is drawn there
    a second time, beside the host, and stays under their own parents as well.
    """

    row: dict[str, int]
    cut: dict[str, tuple[str, str]]


class _Classes:
    """Union-find over people: partners who stand in one row form a class."""

    def __init__(self, ids: list[str]) -> None:
        self.up = {v: v for v in ids}

    def find(self, x: str) -> str:
        up = self.up
        while up[x] != x:
            up[x] = up[up[x]]
            x = up[x]
        return x

    def join(self, a: str, b: str) -> str:
        a, b = self.find(a), self.find(b)
        if a != b:
            a, b = min(a, b), max(a, b)
            self.up[b] = a
        return a


def _person_depth(people: dict[str, FamilyPerson], unions: dict[str, FamilyUnion],
                  primary: dict[str, str]) -> dict[str, int]:
    """Generations above each person through their parents (longest path), partners ignored."""
    edges = [(p, c) for c, uid in primary.items() for p in unions[uid].partners]
    order = topological_order(sorted(people), edges)
    if len(order) < len(people):
        import networkx as nx  # only to name the cycle (importing it costs a third of a second)

        dag = nx.DiGraph(edges)
        cycle = nx.find_cycle(dag)
        raise ValueError("the family has a cycle (someone is their own ancestor) through "
                         f"{', '.join(sorted({a for a, _ in cycle}))}")
    depth = dict.fromkeys(order, 0)
    for c in order:
        uid = primary.get(c)
        if uid is not None:
            depth[c] = 1 + max(depth[p] for p in unions[uid].partners)
    return depth


def _cut_partnerships(people: dict[str, FamilyPerson], unions: dict[str, FamilyUnion],
                      primary: dict[str, str], classes: _Classes,
                      edges: list[tuple[str, str]]) -> dict[str, tuple[str, str]]:
    """Break the loops of partner classes that stand above themselves, by drawing copies.

    When everyone's partners share their row, a class that holds both a parent and
    their child (or any loop of such steps) is its own ancestor.  The classes on
    such loops (strongly connected) are taken apart and put together again: first
    every partnership whose partners are the same number of generations down
    (every line then goes down at least one generation, so no loop can form), then
    the others, nearest generations first, each only if it closes no loop (a search
    along the lines down, within a fixed budget of steps; past it, the rest are cut).
    A cut union stands in the row of its younger partner (more generations down),
    where the elder partner is drawn again.  Classes off the loops are not touched.
    """
    import networkx as nx  # only for families with such loops (importing it costs a third of a second)

    graph = nx.DiGraph(edges)
    looped = {c for comp in nx.strongly_connected_components(graph) for c in comp
              if len(comp) > 1 or graph.has_edge(next(iter(comp)), next(iter(comp)))}
    depth = _person_depth(people, unions, primary)
    loose = sorted(v for v in people if classes.find(v) in looped)
    for v in loose:
        classes.up[v] = v
    loose_set = set(loose)
    pairs = sorted((abs(depth[a] - depth[b]), uid)
                   for uid, u in unions.items() if len(u.partners) == 2
                   for a, b in [u.partners] if a in loose_set)
    for gap, uid in pairs:
        if gap == 0:
            classes.join(*unions[uid].partners)

    def host(u: FamilyUnion) -> str:
        """The younger partner (ties: the first by id; they are one class then)."""
        return max(sorted(u.partners), key=lambda p: depth[p])

    # the lines down between the new classes (only these can close a loop again)
    down: dict[str, set[str]] = defaultdict(set)
    for c, uid in primary.items():
        u = unions[uid]
        if c in loose_set and host(u) in loose_set:
            down[classes.find(host(u))].add(classes.find(c))

    def reaches(a: str, b: str, budget: list[int]) -> bool:
        """Is class b below class a?  (True too when the budget runs out: then cut.)"""
        seen = {a}
        stack = [a]
        while stack:
            x = stack.pop()
            for y in list(down.get(x, ())):
                y = classes.find(y)
                if y == b:
                    return True
                if y not in seen:
                    seen.add(y)
                    stack.append(y)
                    budget[0] -= 1
                    if budget[0] < 0:
                        return True
        return False

    budget = [50_000 + 20 * len(loose)]
    cut: dict[str, tuple[str, str]] = {}
    for gap, uid in pairs:
        if gap == 0:
            continue
        u = unions[uid]
        a, b = (classes.find(p) for p in u.partners)
        if a == b:
            continue
        if budget[0] > 0 and not reaches(a, b, budget) and not reaches(b, a, budget):
            root = classes.join(a, b)
            merged = {classes.find(y) for y in down.pop(a, set()) | down.pop(b, set())}
            down[root] = merged
            continue
        keep = host(u)
        cut[uid] = (keep, next(p for p in u.partners if p != keep))
    return cut


def _assign_rows(people: dict[str, FamilyPerson], unions: dict[str, FamilyUnion],
                 slots: dict[str, tuple[str, ChildSlot]], primary: dict[str, str]) -> _Rows:
    """Row of every person and slot: partners share a row, children sit below their parents.

    Where a partnership closes a loop (see `_cut_partnerships`), it is drawn with a copy.
    """
    classes = _Classes(sorted(people))
    for uid in sorted(unions):
        ps = sorted(unions[uid].partners)
        for other in ps[1:]:
            classes.join(ps[0], other)
    cut: dict[str, tuple[str, str]] = {}

    def host(uid: str) -> str:
        return cut[uid][0] if uid in cut else unions[uid].partners[0]

    def class_edges() -> list[tuple[str, str]]:
        find = classes.find
        return sorted({(find(host(primary[c])), find(c)) for c in primary}
                      | {(find(host(slots[sid][0])), sid) for sid in slots})

    edges = class_edges()
    names = sorted({classes.find(p) for p in people}) + sorted(slots)
    order = topological_order(names, edges)
    if len(order) < len(names):
        cut = _cut_partnerships(people, unions, primary, classes, edges)
        edges = class_edges()
        names = sorted({classes.find(p) for p in people}) + sorted(slots)
        order = topological_order(names, edges)
        assert len(order) == len(names), "the cut partner classes still form a loop"
    succ: dict[str, list[str]] = defaultdict(list)
    pred: dict[str, list[str]] = defaultdict(list)
    for a, b in edges:
        succ[a].append(b)
        pred[b].append(a)
    # Any topological order gives the same rows (each pass below reads only values its
    # parents or children already have final).
    row: dict[str, int] = {}
    for c in order:
        row[c] = max((row[p] + 1 for p in pred[c]), default=0)
    # Pull classes down towards their children; a childless class that only hangs from
    # this one moves with it, so it does not hold its parents up.
    for c in reversed(order):
        binding = [row[d] - 1 for d in succ[c] if succ[d] or set(pred[d]) != {c}]
        if binding:
            row[c] = max(row[c], min(binding))
    for c in order:
        preds = [row[p] + 1 for p in pred[c]]
        if preds and (not succ[c] or row[c] < max(preds)):
            row[c] = max(preds)
    low = min(row.values(), default=0)
    out = {p: row[classes.find(p)] - low for p in people}
    out.update({sid: row[sid] - low for sid in slots})
    return _Rows(out, cut)


# --------------------------------------------------------------------------- step 1b: drawn graph


def _build_graph(family: Family, options: LayoutOptions,
                 copied: frozenset[tuple[str, str]] = frozenset()) -> _Graph:
    """The nodes and unions to lay out.  A child listed under a second union is drawn once
    and joined to it by a line (``_Graph.links``), unless its (union, child) pair is in
    ``copied`` (that line would cross another) or it stands more than a row below: then a
    copy stands in that union's sibship."""
    people, unions, slots = _validate(family)
    # primary union of each child: one not marking it secondary, earliest start, then id
    listed: dict[str, list[FamilyUnion]] = defaultdict(list)
    for uid in sorted(unions):
        for c in unions[uid].children:
            listed[c].append(unions[uid])
    primary: dict[str, str] = {}
    for c, us in listed.items():
        firm = [u for u in us if c not in u.secondary] or us
        primary[c] = min(firm, key=lambda u: (_key(u.start_key), u.id)).id
    placed = _assign_rows(people, unions, slots, primary)
    rows = placed.row

    # priority: who keeps their place in their own sibship when a copy is needed
    ancestors: dict[str, int] = {}
    topo = sorted(people, key=lambda p: rows[p])
    for pid in topo:
        uid = primary.get(pid)
        # (a parent drawn lower than their child, beside a partner of a later generation, counts 0)
        ancestors[pid] = 0 if uid is None else sum(1 + ancestors.get(p, 0) for p in unions[uid].partners)
    nodes: dict[str, _Node] = {}
    for pid in sorted(people):
        sibs = len(unions[primary[pid]].children) if pid in primary else 0
        nodes[pid] = _Node(pid, rows[pid], float(people[pid].width), "person",
                           priority=(ancestors[pid], sibs, pid), household=people[pid].household)
    for sid in sorted(slots):
        nodes[sid] = _Node(sid, rows[sid], float(slots[sid][1].width), "slot", priority=(0, 0, sid))
    graph = _Graph(nodes, {}, {}, max(rows.values(), default=0) + 1,
                   sex={pid: people[pid].sex for pid in people},
                   listed={uid: tuple(unions[uid].partners) for uid in unions})

    by_pair: dict[tuple[str, ...], list[str]] = defaultdict(list)
    for uid in sorted(unions):
        by_pair[tuple(sorted(unions[uid].partners))].append(uid)
    for pair_unions in by_pair.values():
        pair_unions.sort(key=lambda u: (_key(unions[u].start_key), u))
    for uid in sorted(unions):
        src = unions[uid]
        partners = sorted(src.partners)
        same = by_pair[tuple(partners)]
        if uid in placed.cut:
            partners = sorted(_cut_copy(graph, uid, *placed.cut[uid]))
        prow = rows[partners[0]] if partners[0] in rows else graph.nodes[partners[0]].row
        union = _Union(uid, prow, partners, [], _key(src.start_key), True,
                       (same.index(uid), len(same)) if len(partners) == 2 else (0, 1), src.label)
        graph.unions[uid] = union
        order = []
        for c in _children_order(src):
            if c in slots or primary.get(c) == uid:
                union.children.append(_descend(graph, union, c, options))
            elif (uid, c) not in copied and rows[c] == prow + 1:
                graph.links.append((uid, c, len(union.children)))
                continue
            else:
                cid = f"{c}#{uid}"
                # the child is drawn at home under its primary union (see the adapter): the copy
                # never stands in the household
                graph.nodes[cid] = _Node(cid, prow + 1, float(people[c].width), "copy", uid, (0, 0, cid))
                graph.copies[cid] = c
                union.children.append(cid)
                graph.n_rows = max(graph.n_rows, prow + 2)
            order.append(c)
        # union.children runs parallel to order: the drawn node of each child (itself,
        # its copy or its first pass-through node)
        twin_of = {c: k for k, group in enumerate(src.twins) for c in group}
        for (a, sa), (b, sb) in itertools.pairwise(zip(union.children, order, strict=True)):
            if sa in twin_of and twin_of.get(sb) == twin_of[sa]:
                graph.twin_pairs.add((a, b))
    for union in graph.unions.values():
        for i, c in enumerate(union.children):
            graph.nodes[c].parent = union.id
            graph.sib_pos[c] = (union.id, i, len(union.children))
    return graph


def _cut_copy(graph: _Graph, uid: str, host: str, other: str) -> tuple[str, str]:
    """The partners drawn for a union cut by `_cut_partnerships`: the host, and a copy of the
    other partner in the host's row (one copy per person and row, shared by its unions)."""
    row = graph.nodes[host].row
    for cid in graph.cut_copies.get(other, ()):
        if graph.nodes[cid].row == row:
            return host, cid
    node = graph.nodes[other]
    cid = f"{other}#{uid}"
    graph.nodes[cid] = _Node(cid, row, node.width, "copy", None, node.priority, node.household)
    graph.copies[cid] = other
    graph.cut_copies.setdefault(other, []).append(cid)
    return host, cid


def _descend(graph: _Graph, union: _Union, child: str, options: LayoutOptions) -> str:
    """The node standing for ``child`` in ``union``'s sibship: the child, or a pass-through
    node when the child sits more than one row lower (one per row in between)."""
    crow = graph.nodes[child].row
    if crow <= union.row + 1:
        return child
    first = None
    prev_union: _Union | None = None
    for r in range(union.row + 1, crow):
        vid = f"{child}#v{r}"
        graph.nodes[vid] = _Node(vid, r, options.virtual_width, "virtual", priority=(0, 0, vid))
        if prev_union is not None:
            prev_union.children.append(vid)
        else:
            first = vid
        prev_union = _Union(f"{child}#w{r}", r, [vid], [], _INF, False)
        graph.unions[prev_union.id] = prev_union
    assert prev_union is not None and first is not None
    prev_union.children.append(child)
    return first


# --------------------------------------------------------------------------- step 2: units


def _convention(order: list[str], adj: dict[str, list[tuple[float, str, str]]],
                graph: _Graph) -> tuple[int, int]:
    """How well a chain of partners follows the convention (McGoldrick, NSGC), left to right.

    First, someone between two of their partners has the earlier one on their left
    (+1, else -1); then each couple side by side stands husband left, wife right (by
    the symbol drawn), or, two of one sex or of unknown sex, in the order the case
    lists them (+1, else -1).  Larger is better; the chain turned round scores the
    negatives.
    """
    dates = 0
    pairs = 0
    for i, v in enumerate(order):
        mine = {o: (s, u) for s, u, o in sorted(adj[v], reverse=True)}  # the first union of each
        if 0 < i < len(order) - 1 and order[i - 1] in mine and order[i + 1] in mine:
            dates += 1 if mine[order[i - 1]] <= mine[order[i + 1]] else -1
        if i + 1 < len(order) and order[i + 1] in mine:
            right = order[i + 1]
            sexes = (graph.sex.get(graph.copies.get(v, v)), graph.sex.get(graph.copies.get(right, right)))
            if set(sexes) == {"male", "female"}:
                pairs += 1 if sexes[0] == "male" else -1
            else:
                listed = graph.listed.get(mine[right][1], ())
                names = [graph.copies.get(p, p) for p in (v, right)]
                if names[0] in listed and names[1] in listed:
                    pairs += 1 if listed.index(names[0]) < listed.index(names[1]) else -1
    return dates, pairs


def _linearise(comp: list[str], adj: dict[str, list[tuple[float, str, str]]], graph: _Graph) -> list[str]:
    """A partner group as a left-to-right chain."""
    degree = {v: len({o for _, _, o in adj[v]}) for v in comp}
    edges = {frozenset((v, o)) for v in comp for _, _, o in adj[v]}
    if len(comp) == 1:
        return comp
    if max(degree.values()) <= 2 and len(edges) == len(comp) - 1:
        start = min(v for v in comp if degree[v] == 1)
        order = [start]
        prev = None
        while True:
            nxt = [o for _, _, o in sorted(adj[order[-1]]) if o != prev]
            if not nxt:
                break
            prev = order[-1]
            order.append(nxt[0])

        # earlier partner on the left of a person with two partners, husband left of wife
        return order if _convention(order, adj, graph) >= (0, 0) else order[::-1]
    # a person with more than two partners (or a ring): the busiest in the middle,
    # earlier partners to the left, each partner's own other partners further out
    root = min(comp, key=lambda v: (-degree[v], v))
    seen = {root}

    def partners(v: str) -> list[str]:
        out = []
        for _, _, o in sorted(adj[v]):
            if o not in seen and o not in out:
                out.append(o)
        seen.update(out)
        return out

    def expand(v: str, side: int) -> list[str]:
        parts = [expand(o, side) for o in partners(v)]
        if side < 0:
            return [x for part in reversed(parts) for x in part] + [v]
        return [v] + [x for part in parts for x in part]

    first = partners(root)
    # partners who have partners of their own go outermost, where their chains can
    # continue without passing under the hub's other partner lines
    ext = [o for o in first if any(x != root for _, _, x in adj[o])]
    inner = [o for o in first if o not in ext[:2]]
    n_left = len(first) // 2 - len(ext[:1])
    left = ext[:1] + inner[:max(n_left, 0)]
    right = inner[max(n_left, 0):] + ext[1:2]
    left_part: list[str] = []
    for o in left:
        left_part.extend(expand(o, -1))
    right_part: list[str] = []
    for o in right:
        right_part.extend(expand(o, 1))
    chain = [*left_part, root, *right_part]
    missing = sorted(set(comp) - set(chain))  # only in odd rings
    return chain + missing


def _unit_ok(order: list[str], graph: _Graph) -> bool:
    """Can this unit sit in a row so that every sibship it touches stays contiguous?"""
    groups: list[tuple[str, list[int]]] = []
    for v in order:
        p = graph.nodes[v].parent
        if p is None:
            continue
        if groups and groups[-1][0] == p:
            groups[-1][1].append(graph.sib_pos[v][1])
        elif any(g[0] == p for g in groups):
            return False
        else:
            groups.append((p, [graph.sib_pos[v][1]]))
    for gi, (p, births) in enumerate(groups):
        if births != list(range(births[0], births[0] + len(births))):
            return False
        if births[0] > 0 and gi != 0:
            return False
        if births[-1] < len(graph.unions[p].children) - 1 and gi != len(groups) - 1:
            return False
    return True


def _twin_splits(order: list[str], graph: _Graph) -> int:
    """How many twins of this unit would have a partner between them and their co-twin.

    A twin whose co-twin stands in another unit must be the unit's end on the
    co-twin's side, so that the partner stands outside the pair (the drawing can
    then join the twins' legs at one apex)."""
    if not graph.twin_pairs:
        return 0
    count = 0
    last = len(order) - 1
    members = set(order)
    for i, v in enumerate(order):
        if graph.nodes[v].parent is None:
            continue
        uid, birth, size = graph.sib_pos[v]
        children = graph.unions[uid].children
        if i > 0 and birth > 0 and children[birth - 1] not in members \
                and (children[birth - 1], v) in graph.twin_pairs:
            count += 1
        if i < last and birth < size - 1 and children[birth + 1] not in members \
                and (v, children[birth + 1]) in graph.twin_pairs:
            count += 1
    return count


def _flippable(unit: list[str], graph: _Graph) -> bool:
    """May the unit be turned round (against crossings) without splitting twins?"""
    return _unit_ok(unit[::-1], graph) and _twin_splits(unit[::-1], graph) <= _twin_splits(unit, graph)


def _link_conflicts(order: list[str], graph: _Graph) -> int:
    """How many lines to a child drawn under another union of this unit would cross it.

    A child of one partner's first union listed again under their second (a stepchild) is
    joined to the second by a line over the sibship bars: it must stand at the end of
    its sibship nearest the second union, and be that union's child last in birth order
    if that union stands left (first, if right), or the line crosses one.
    """
    if not graph.links:
        return 0
    index = {v: i for i, v in enumerate(order)}
    count = 0
    for uid, child, before in graph.links:
        other = graph.unions[uid]
        home = graph.nodes[child].parent
        if home is None or not all(p in index for p in other.partners) \
                or not all(p in index for p in graph.unions[home].partners):
            continue
        at = sum(index[p] for p in other.partners) / len(other.partners)
        home_at = sum(index[p] for p in graph.unions[home].partners) / len(graph.unions[home].partners)
        _, birth, size = graph.sib_pos[child]
        if at < home_at:
            count += birth != 0 or before != len(other.children)
        else:
            count += birth != size - 1 or before != 0
    return count


def _inside(order: list[str], graph: _Graph) -> int:
    """How many partners would stand under a sibship bar they do not belong to."""
    count = 0
    for i, v in enumerate(order):
        if graph.nodes[v].parent is None:
            continue
        _, birth, size = graph.sib_pos[v]
        if birth > 0:
            count += sum(1 for w in order[:i] if graph.nodes[w].parent is None)
        if birth < size - 1:
            count += sum(1 for w in order[i + 1:] if graph.nodes[w].parent is None)
    return count


def _stray_partner_line(chain: list[str], adj: dict[str, list[tuple[float, str, str]]],
                        done: set[str]) -> tuple[str, str, str] | None:
    """The first union (earliest, then by id) of the chain whose partner line would pass over someone who is
    a partner of neither end (a ring of partners laid out as a chain), as (union, the partner
    who stays, the partner drawn again beside them: the later id); None when there is none."""
    at = {v: i for i, v in enumerate(chain)}
    partners = {v: {o for _, _, o in adj[v]} for v in chain}
    for _, uid, a, b in sorted((u, uid, v, o) for v in chain for u, uid, o in adj[v] if v < o):
        if uid in done:
            continue  # split once already: a copy per union at most (a hub's layout may keep it)
        i, j = sorted((at[a], at[b]))
        if any(w not in partners[a] and w not in partners[b] for w in chain[i + 1:j]):
            return uid, a, b
    return None


def _split_partnership(graph: _Graph, uid: str, nid: str) -> str:
    """A copy of ``nid`` that takes over its partnership in ``uid`` only (beside the other partner)."""
    original = graph.copies.get(nid, nid)
    cid = f"{original}#{uid}"
    while cid in graph.nodes:
        cid += "'"
    node = graph.nodes[nid]
    graph.nodes[cid] = _Node(cid, node.row, node.width, "copy", None, node.priority, node.household)
    graph.copies[cid] = original
    union = graph.unions[uid]
    union.partners = [cid if p == nid else p for p in union.partners]
    if graph.unions_of is not None:
        graph.unions_of[nid] = [u for u in graph.unions_of.get(nid, []) if u != uid]
        graph.unions_of[cid].append(uid)
    return cid


def _row_units(graph: _Graph, row: list[str], row_unions: list[str]) -> list[list[str]]:
    """The units of one row, each as a valid chain; makes copies where none is valid.

    A partner group with no valid chain has one member drawn twice (the copy takes
    the partnerships) and is tried again on its own: the other groups of the row are
    not touched by that, so they are not worked out again.
    """
    adj: dict[str, list[tuple[float, str, str]]] = defaultdict(list)
    for uid in row_unions:
        u = graph.unions[uid]
        if len(u.partners) == 2:
            a, b = u.partners
            adj[a].append((u.start, uid, b))
            adj[b].append((u.start, uid, a))

    def component(v: str, seen: set[str]) -> list[str]:
        comp = []
        stack = [v]
        seen.add(v)
        while stack:
            x = stack.pop()
            comp.append(x)
            for _, _, o in adj[x]:
                if o not in seen:
                    seen.add(o)
                    stack.append(o)
        return comp

    seen: set[str] = set()
    todo = [component(v, seen) for v in sorted(row) if v not in seen]
    units: list[list[str]] = []
    split = graph.split_unions
    while todo:
        comp = todo.pop()
        if len(comp) == 1:  # alone: always fits
            units.append(comp)
            continue
        chain = _linearise(sorted(comp), adj, graph)
        stray = _stray_partner_line(chain, adj, split)
        if stray is not None:
            split.add(stray[0])
            # a ring of partners has no chain: its closing union is drawn with a copy of one
            # partner beside the other, and the group (now open) is laid out again
            uid, keep, copied = stray
            copy = _split_partnership(graph, uid, copied)
            start = graph.unions[uid].start
            adj[copied] = [(s, u, o) for s, u, o in adj[copied] if u != uid]
            adj[keep] = [(s, u, copy if u == uid else o) for s, u, o in adj[keep]]
            adj[copy].append((start, uid, keep))
            todo.append(component(keep, set()))
            if copied not in todo[-1]:
                todo.append(component(copied, set()))
            continue
        valid = [c for c in (chain, chain[::-1]) if _unit_ok(c, graph)]
        if len(valid) == 1:
            units.append(valid[0])
        elif valid:
            # twins side by side first, then a stepchild drawn once (not twice), then the
            # conventional partner order (only a crossing, found later, may turn it round),
            # then fewest partners under a sibling bar
            units.append(min(valid, key=lambda c: (_twin_splits(c, graph), _link_conflicts(c, graph),
                                                   tuple(-k for k in _convention(c, adj, graph)),
                                                   _inside(c, graph))))
        else:
            drops = [v for v in chain if graph.nodes[v].parent is not None]
            v = min(drops, key=lambda v: graph.nodes[v].priority)
            copy = graph.detach(v)
            # the copy stands in for v in every partnership: the same group, v's place renamed
            for start, uid, other in adj.pop(v):
                adj[copy].append((start, uid, other))
                adj[other] = [(s, u, copy if o == v else o) for s, u, o in adj[other]]
            todo.append([v])
            todo.append(component(copy, set()))
    # in the order of each unit's first member by id, as the units are found from the sorted row
    return sorted(units, key=min)


# --------------------------------------------------------------------------- step 3: order


@dataclass
class _Cluster:
    units: list[int]  # indices into the row's unit list
    up: list[str]  # sibships (their union ids) left to right
    down: list[str]  # unions with children, left to right


@dataclass
class _RowData:
    units: list[list[str]]
    clusters: list[_Cluster]
    order: list[int]  # cluster indices left to right


def _union_gap(u: _Union, unit: list[str], index: dict[str, int], degree: dict[str, int]) -> tuple[str, str]:
    """The two neighbours in the unit between which the union's descent starts.

    Adjacent partners: the two partners.  A partner line that passes over other
    partners (someone with more than two) starts its descent in the gap next to
    the partner who is not the hub, so that it never starts on a symbol.
    """
    if len(u.partners) == 1:
        return u.partners[0], u.partners[0]
    ia, ib = sorted(index[p] for p in u.partners)
    if ib - ia <= 1:
        return unit[ia], unit[ib]
    if degree.get(unit[ib], 0) >= degree.get(unit[ia], 0):
        return unit[ia], unit[ia + 1]
    return unit[ib - 1], unit[ib]


def _partner_degree(graph: _Graph, uids: list[str] | None = None) -> dict[str, int]:
    """How many different partners each node has."""
    partners: dict[str, set[str]] = defaultdict(set)
    for uid in uids if uids is not None else graph.unions:
        ps = graph.unions[uid].partners
        for p in ps:
            partners[p].update(set(ps) - {p})
    return {p: len(q) for p, q in partners.items()}


def _union_slot(u: _Union, unit: list[str], index: dict[str, int], degree: dict[str, int]) -> float:
    """Where the union's descent starts, in unit-member index units."""
    gl, gr = _union_gap(u, unit, index, degree)
    k, n = u.multi
    return index[gl] + (index[gr] - index[gl]) * (k + 1) / (n + 1)


def _build_clusters(graph: _Graph, units: list[list[str]], row_unions: list[str]) -> list[_Cluster]:
    unit_of = {v: i for i, unit in enumerate(units) for v in unit}
    degree = _partner_degree(graph, row_unions)
    unions_of_unit: dict[int, list[str]] = defaultdict(list)
    # a union drawn towards a child of another (see below) is ordered like one with children
    pulling = {uid for uid, child in graph.attract}
    for uid in row_unions:
        if graph.unions[uid].children or uid in pulling:
            unions_of_unit[unit_of[graph.unions[uid].partners[0]]].append(uid)
    succ: dict[int, int] = {}
    pred: dict[int, int] = {}
    sibships = sorted({graph.nodes[v].parent for unit in units for v in unit} - {None})
    for p in sibships:
        seq: list[int] = []
        for c in graph.unions[p].children:
            if not seq or seq[-1] != unit_of[c]:
                seq.append(unit_of[c])
        for a, b in itertools.pairwise(seq):
            if a not in succ and b not in pred:
                succ[a] = b
                pred[b] = a
    # a child joined by a line to a second union counts that union among its cluster's
    # sibships too (on the side it must come from), so the order brings the two together
    linked: dict[str, list[tuple[str, bool]]] = defaultdict(list)  # child -> (union, stands left)
    for uid, child, before in graph.links:
        if (uid, child) not in graph.attract:
            continue
        others = len(graph.unions[uid].children)
        _, birth, size = graph.sib_pos[child]
        # the union's own children stand beyond the child: right of it if the child comes
        # first among them, left if last; without any, the child's own sibship decides.  A
        # line to the middle of either sibship cannot be drawn clear: it is not asked for.
        left = before > 0 if others else birth < size - 1
        if 0 < before < others or birth != (0 if left else size - 1):
            continue
        linked[child].append((uid, left))
    clusters: list[_Cluster] = []
    done: set[int] = set()
    heads = [i for i in range(len(units)) if i not in pred] + list(range(len(units)))
    for h in heads:
        if h in done:
            continue
        chain = [h]
        done.add(h)
        while chain[-1] in succ and succ[chain[-1]] not in done:
            chain.append(succ[chain[-1]])
            done.add(chain[-1])
        up: list[str] = []
        down_keyed: list[tuple[int, float, str]] = []
        for pos, ui in enumerate(chain):
            unit = units[ui]
            for v in unit:
                p = graph.nodes[v].parent
                if p is not None and p not in up:
                    up.append(p)
                for other, left in linked.get(v, ()):
                    if p is not None and other not in up:
                        up.insert(up.index(p) if left else len(up), other)
            index = {v: i for i, v in enumerate(unit)}
            for uid in unions_of_unit.get(ui, ()):
                down_keyed.append((pos, _union_slot(graph.unions[uid], unit, index, degree), uid))
        clusters.append(_Cluster(chain, up, [uid for _, _, uid in sorted(down_keyed)]))
    return clusters


def _inversions(seq: list[int]) -> int:
    if len(seq) < 2:
        return 0
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


class _Orderer:
    """Orders the clusters of every row to minimise union -> sibship crossings."""

    def __init__(self, rows: list[_RowData], graph: _Graph) -> None:
        self.rows = rows
        self.graph = graph

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

    def crossings_between(self, r: int) -> int:
        """Crossings between row r's unions and row r + 1's sibships."""
        ranks = self.union_rank(r)
        below = self.rows[r + 1]
        seq = [ranks[p] for ci in below.order for p in below.clusters[ci].up if p in ranks]
        return _inversions(seq)

    def total(self) -> int:
        return sum(self.crossings_between(r) for r in range(len(self.rows) - 1))

    def _sort(self, r: int, keys: dict[int, list[int]]) -> None:
        data = self.rows[r]
        keyed = []
        last = -1.0
        for pos, ci in enumerate(data.order):
            ks = keys.get(ci)
            # clusters without links stick to their left neighbour
            k = sum(ks) / len(ks) if ks else last + 1e-6
            last = k
            keyed.append((k, pos, ci))
        data.order = [ci for _, _, ci in sorted(keyed)]

    def sweep_down(self, r: int) -> None:
        ranks = self.union_rank(r - 1)
        data = self.rows[r]
        keys = {ci: [ranks[p] for p in data.clusters[ci].up if p in ranks] for ci in data.order}
        self._sort(r, {k: v for k, v in keys.items() if v})

    def sweep_up(self, r: int) -> None:
        ranks = self.sib_rank(r + 1)
        data = self.rows[r]
        keys = {ci: [ranks[u] for u in data.clusters[ci].down if u in ranks] for ci in data.order}
        self._sort(r, {k: v for k, v in keys.items() if v})

    def transpose(self, r: int) -> bool:
        data = self.rows[r]
        above = self.union_rank(r - 1) if r > 0 else {}
        below = self.sib_rank(r + 1) if r + 1 < len(self.rows) else {}
        keys_up = {ci: [above[p] for p in data.clusters[ci].up if p in above] for ci in data.order}
        keys_down = {ci: [below[u] for u in data.clusters[ci].down if u in below] for ci in data.order}

        def cost(a: int, b: int) -> int:
            # pairs out of order, counted with plain loops (the lists hold a link or two;
            # a generator per call cost more than the counting)
            n = 0
            for xs, ys in ((keys_up[a], keys_up[b]), (keys_down[a], keys_down[b])):
                if xs and ys:
                    for x in xs:
                        for y in ys:
                            if x > y:
                                n += 1
            return n

        improved = False
        for i in range(len(data.order) - 1):
            a, b = data.order[i], data.order[i + 1]
            if cost(b, a) < cost(a, b):
                data.order[i], data.order[i + 1] = b, a
                improved = True
        return improved

    def initial(self) -> None:
        """Depth-first discovery order: a crossing-free order for tree-like families."""
        where_sib: dict[str, tuple[int, int]] = {}
        where_union: dict[str, tuple[int, int]] = {}
        for r, data in enumerate(self.rows):
            for ci, cl in enumerate(data.clusters):
                for p in cl.up:
                    where_sib[p] = (r, ci)
                for u in cl.down:
                    where_union[u] = (r, ci)
        seen: set[tuple[int, int]] = set()
        orders: list[list[int]] = [[] for _ in self.rows]
        def start_key(rc: tuple[int, int]) -> tuple[int, list[str]]:
            data = self.rows[rc[0]]
            return rc[0], data.units[data.clusters[rc[1]].units[0]]

        starts = sorted(((r, ci) for r, data in enumerate(self.rows) for ci in range(len(data.clusters))),
                        key=start_key)
        for start in starts:
            if start in seen:
                continue
            stack = [start]
            while stack:
                node = stack.pop()
                if node in seen:
                    continue
                seen.add(node)
                r, ci = node
                orders[r].append(ci)
                cl = self.rows[r].clusters[ci]
                nbrs = [where_union[p] for p in cl.up if p in where_union]
                nbrs += [where_sib[u] for u in cl.down if u in where_sib]
                for nb in reversed(nbrs):
                    if nb not in seen:
                        stack.append(nb)
        for data, order in zip(self.rows, orders, strict=True):
            data.order = order

    def run(self, sweeps: int, exact: bool = True) -> int:
        self.initial()
        best = self.total()
        best_orders = [list(d.order) for d in self.rows]
        for _ in range(sweeps):
            if best == 0:
                break
            before = [d.order for d in self.rows]  # _sort puts a new list in place
            for r in range(1, len(self.rows)):
                self.sweep_down(r)
            for r in range(len(self.rows) - 2, -1, -1):
                self.sweep_up(r)
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
        if best:
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
        return best

    def around(self, r: int) -> int:
        """Crossings next to row r."""
        return ((self.crossings_between(r - 1) if r > 0 else 0)
                + (self.crossings_between(r) if r + 1 < len(self.rows) else 0))

    def exact(self, r: int, limit: int = 5) -> None:
        """Try every order of a row of few clusters (only where crossings remain)."""
        data = self.rows[r]
        if not 2 < len(data.order) <= limit:
            return
        best, best_order = self.around(r), list(data.order)
        if best == 0:
            return
        for perm in itertools.permutations(best_order):
            data.order = list(perm)
            c = self.around(r)
            if c < best:
                best, best_order = c, list(perm)
                if c == 0:
                    break
        data.order = best_order

    def flip_candidates(self) -> list[tuple[int, frozenset[str]]]:
        """Units holding a union whose link crosses another, that may be turned round."""
        out: list[tuple[int, frozenset[str]]] = []
        for r in range(len(self.rows) - 1):
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
                    if len(unit) > 1 and key not in out and _flippable(unit, self.graph):
                        out.append(key)
        return out

    def culprits(self) -> list[str]:
        """Nodes to copy so that the joins next to the remaining crossings are cut."""
        out: list[str] = []
        for r in range(len(self.rows) - 1):
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
            if len(parents) >= 2:
                joins.append((0 if touches else 1, pos, ui))
        if not joins:
            return None
        anchor = next((pos for pos, ui in enumerate(cl.units)
                       if any(self.graph.nodes[v].parent == port for v in data.units[ui])
                       or any(p in data.units[ui] for p in self.graph.unions[port].partners)), 0)
        _, _, ui = min(joins, key=lambda j: (j[0], abs(j[1] - anchor), j[1]))
        drops = [v for v in data.units[ui] if self.graph.nodes[v].parent is not None]
        return min(drops, key=lambda v: self.graph.nodes[v].priority)


def _order(graph: _Graph, options: LayoutOptions) -> list[_RowData]:
    """Units, clusters and their order in every row.  While lines cross: first try
    turning a unit round (a couple's other side may face the right family), then cut
    the joins next to the crossings with copies."""
    row_nodes = graph.row_nodes()
    row_unions = graph.row_unions()
    flipped: set[frozenset[str]] = set()

    def build(r: int) -> _RowData:
        units = _row_units(graph, row_nodes[r], row_unions[r]) if row_nodes[r] else []
        units = [u[::-1] if frozenset(u) in flipped and _flippable(u, graph) else u for u in units]
        return _RowData(units, _build_clusters(graph, units, row_unions[r]), [])

    rows = [build(r) for r in range(graph.n_rows)]
    trials = 0
    # each trial orders the whole family again: fewer of them for big families, where they
    # also help least (on 15 families of 150-400 people, 280 copies with up to 600 // nodes
    # trials, 282 with 1500 // nodes; on 150 generated families of ~95, 910 and 911)
    max_trials = min(options.flip_trials, 600 // max(len(graph.nodes), 1))
    for _ in range(len(graph.nodes) + 1):
        orderer = _Orderer(rows, graph)
        total = orderer.run(options.sweeps)
        if total == 0:
            break
        improved = False
        for r, key in orderer.flip_candidates():
            if trials >= max_trials:
                break
            trials += 1
            flipped.symmetric_difference_update({key})
            saved = rows[r]
            units = [u[::-1] if frozenset(u) == key else u for u in saved.units]
            rows[r] = _RowData(units, _build_clusters(graph, units, row_unions[r]), [])
            if _Orderer(rows, graph).run(2, exact=False) < total:  # a quick look is enough to compare
                improved = True
                break
            flipped.symmetric_difference_update({key})
            rows[r] = saved
        if improved:
            continue
        victims = orderer.culprits()
        if not victims:
            break
        touched = set()
        for v in victims:
            row_nodes[graph.nodes[v].row].append(graph.detach(v))
            touched.add(graph.nodes[v].row)
        # a copy only changes the units of its own row
        for r in sorted(touched):
            rows[r] = build(r)
    _household_together(rows, graph)
    return rows


def _household_together(rows: list[_RowData], graph: _Graph) -> None:
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


# --------------------------------------------------------------------------- step 4: x


def _pav(targets: list[float], weights: list[float], lo: list[float], hi: list[float]) -> list[float]:
    """Minimise sum w (z - t)^2 over nondecreasing z with lo <= z <= hi (pool adjacent
    violators; a pooled block takes its weighted mean clipped to its members' bounds,
    which is exact for separable convex terms)."""
    # the blocks as parallel stacks (value, sum w, sum w t, lo, hi, count): this runs
    # for every row in every placement round, and lists of lists cost allocations
    vals: list[float] = []
    ws: list[float] = []
    ss: list[float] = []
    los: list[float] = []
    his: list[float] = []
    ns: list[int] = []
    push_v, push_w, push_s, push_lo, push_hi, push_n = (
        vals.append, ws.append, ss.append, los.append, his.append, ns.append)
    # min/max written out as comparisons (no call per node): each picks the same operand
    # as the builtin would (max(p, q) is p unless q > p, min(p, q) is p unless q < p)
    for t, w, a, b in zip(targets, weights, lo, hi, strict=True):
        v = a if a > t else t
        if b < v:
            v = b
        s = w * t
        n = 1
        while vals and vals[-1] > v:
            vals.pop()
            w = ws.pop() + w
            s = ss.pop() + s
            p = los.pop()
            if not a > p:
                a = p
            p = his.pop()
            if not b < p:
                b = p
            n += ns.pop()
            v = s / w
            if a > v:
                v = a
            if b < v:
                v = b
        push_v(v)
        push_w(w)
        push_s(s)
        push_lo(a)
        push_hi(b)
        push_n(n)
    if len(vals) == len(targets):
        return vals  # nothing pooled
    out: list[float] = []
    for v, n in zip(vals, ns, strict=True):
        if n == 1:
            out.append(v)
        else:
            out.extend([v] * n)
    return out


class _Want(NamedTuple):
    """What one unit's target in a row solve needs (unpacked in the innermost loop)."""

    first: int  # index of the unit's first node in the row
    end: int  # index after its last node
    anchors: list[tuple[str, float]]  # members with lines, with their packed offsets
    terms: list[tuple[float, str, str, float, str, str]]  # see _Placer.terms
    weight: float  # weight of the terms
    hugs: list[tuple[str, float]]  # neighbouring siblings, with the offset to keep from them
    cohesion: float  # how strongly the unit keeps close to them


PLACEMENT_BUDGET = 24_000  # placement rounds times nodes, past which fewer rounds run


@dataclass
class _RowStatic:
    row: list[str]
    offsets: list[float]  # each node's least distance from the row's first node
    shift: list[float]  # packed offset from the unit centre, minus offsets
    spans: list[tuple[int, int, int]]  # (unit, first index, end index)
    ins: list[tuple[int, list[tuple[str, float]]]]  # index -> lower bound edges
    outs: list[tuple[int, list[tuple[str, float]]]]  # index -> upper bound edges
    # unions of two neighbours: (left, right index, first child, last child, gap left, gap right,
    # fraction of the gap), all that the stretch of their partner line needs
    stretch: list[tuple[int, int, str, str, str, str, float]]
    # units of several members, some of them anchors: (first, end index, anchor indices, others)
    partial: list[tuple[int, int, list[int], list[int]]]
    # per span, what its unit's target needs: (first, end index, anchors with their packed
    # offsets, terms, weight of the terms, hugs)
    wants: list[_Want]
    # the same with the terms towards the children only: the first, upward pass
    wants_below: list[_Want]


class _Placer:
    """x of every node: feasible start, then row-by-row exact isotonic regressions."""

    def __init__(self, graph: _Graph, rows: list[_RowData], options: LayoutOptions) -> None:
        self.graph = graph
        self.opt = options
        self.row_nodes: list[list[str]] = []  # left to right
        self.gap_after: dict[str, float] = {}  # centre distance to the next node of the row
        self.unit_of: dict[str, int] = {}
        self.units: list[list[str]] = []
        self.tight: dict[str, float] = {}  # offset from the unit's centre when packed
        # two partners -> least distance of their centres: their label between the symbols and
        # the partner gap beside it (only that couple moves apart, not their other neighbours)
        room: dict[frozenset[str], float] = {}
        for u in graph.unions.values():
            if u.label > 0 and len(u.partners) == 2:
                pair = frozenset(u.partners)
                need = options.symbol_size + u.label + options.partner_gap
                room[pair] = max(room.get(pair, 0.0), need)
        for data in rows:
            row: list[str] = []
            for ci in data.order:
                cl = data.clusters[ci]
                for k, ui in enumerate(cl.units):
                    unit = data.units[ui]
                    gid = len(self.units)
                    self.units.append(unit)
                    x = 0.0
                    for i, v in enumerate(unit):
                        w = graph.nodes[v].width
                        self.unit_of[v] = gid
                        self.tight[v] = x + w / 2
                        if i + 1 < len(unit):
                            need = room.get(frozenset((v, unit[i + 1])), 0.0)
                            gap = max(options.partner_gap, need - (w + graph.nodes[unit[i + 1]].width) / 2)
                        elif k + 1 < len(cl.units):
                            gap = options.sibling_gap
                        else:
                            gap = options.cluster_gap
                        self.gap_after[v] = gap
                        x += w + gap
                        row.append(v)
                    centre = (x - self.gap_after[unit[-1]]) / 2
                    for v in unit:
                        self.tight[v] -= centre
            for v, nxt in itertools.pairwise(row):
                self.gap_after[v] = graph.nodes[v].width / 2 + self.gap_after[v] + graph.nodes[nxt].width / 2
            self.row_nodes.append(row)
        self.X: dict[str, float] = {}
        self.unit_unions: list[list[str]] = [[] for _ in self.units]
        self.unit_sibs: list[list[str]] = [[] for _ in self.units]
        for uid in sorted(graph.unions):
            u = graph.unions[uid]
            if u.children:
                self.unit_unions[self.unit_of[u.partners[0]]].append(uid)
        for gid, unit in enumerate(self.units):
            for v in unit:
                p = graph.nodes[v].parent
                if p is not None and p not in self.unit_sibs[gid]:
                    self.unit_sibs[gid].append(p)
        self.anchors: list[list[str]] = []
        for gid, unit in enumerate(self.units):
            lined = {p for uid in self.unit_unions[gid] for p in graph.unions[uid].partners}
            self.anchors.append([v for v in unit if v in lined or graph.nodes[v].parent] or unit)
        self.anchor_set = {v for anchors in self.anchors for v in anchors}
        # anchors with their packed offsets, read in every placement step
        self.anchor_tight = [[(v, self.tight[v]) for v in anchors] for anchors in self.anchors]
        # units of a sibship keep close to their neighbouring siblings: (sibling's node, offset
        # to this unit's centre when packed).  A childless unit strongly (the family's mass, not
        # one outlying sibling, decides where the parents stand); a unit with children weakly,
        # which only settles where else nothing would: a sibling with children of their own
        # otherwise drifted off with them, as far as the parents' centring allowed (a sibship
        # of two with its parents may slide as one, and did, half a page wide).
        self.hugs: list[list[tuple[str, float]]] = [[] for _ in self.units]
        for row in self.row_nodes:
            for a, b in itertools.pairwise(row):
                ga, gb = self.unit_of[a], self.unit_of[b]
                if ga == gb or not set(self.unit_sibs[ga]) & set(self.unit_sibs[gb]):
                    continue
                ua, ub = self.units[ga], self.units[gb]
                self.hugs[gb].append((a, self.gap_after[a] - self.tight[ub[0]]))
                self.hugs[ga].append((b, -self.gap_after[a] - self.tight[ua[-1]]))
        self.gap: dict[str, tuple[str, str, float]] = {}  # union -> descent gap, fraction
        degree = _partner_degree(graph)
        for uid in sorted(graph.unions):
            u = graph.unions[uid]
            unit = self.units[self.unit_of[u.partners[0]]]
            gl, gr = _union_gap(u, unit, {v: i for i, v in enumerate(unit)}, degree)
            k, m = u.multi
            self.gap[uid] = (gl, gr, (k + 1) / (m + 1))
        self.terms: list[list[tuple[float, str, str, float, str, str]]] = []
        for gid in range(len(self.units)):
            terms = []
            for sign, uids in ((1.0, self.unit_sibs[gid]), (-1.0, self.unit_unions[gid])):
                # +: follow the parents' midpoint; -: bring the midpoint over the children
                for uid in uids:
                    u = graph.unions[uid]
                    terms.append((sign, *self.gap[uid], u.children[0], u.children[-1]))
            self.terms.append(terms)
        self.in_edges: dict[str, list[tuple[str, float]]] = defaultdict(list)
        self.out_edges: dict[str, list[tuple[str, float]]] = defaultdict(list)
        self._separation()

    def x(self, v: str) -> float:
        return self.X[v]

    def mid(self, uid: str) -> float:
        gl, gr, frac = self.gap[uid]
        return self.X[gl] + (self.X[gr] - self.X[gl]) * frac

    def _separation(self) -> None:
        """Each union's children stay right of the previous union's right partner and left of
        the next union's left partner, so the bars (extended to the midpoints) keep apart."""
        d = self.opt.bar_margin
        self.pos = {v: i for row in self.row_nodes for i, v in enumerate(row)}
        for r in range(len(self.row_nodes) - 1):
            rank: dict[str, int] = {}
            seen_units: list[int] = []
            for v in self.row_nodes[r]:
                if not seen_units or seen_units[-1] != self.unit_of[v]:
                    seen_units.append(self.unit_of[v])
            for gid in seen_units:
                for uid in sorted(self.unit_unions[gid], key=self._union_key):
                    rank[uid] = len(rank)
            sibs: list[str] = []
            for v in self.row_nodes[r + 1]:
                p = self.graph.nodes[v].parent
                if p is not None and (not sibs or sibs[-1] != p) and p not in sibs:
                    sibs.append(p)
            for a, b in itertools.pairwise(sibs):
                if rank.get(a, -1) >= rank.get(b, -1):
                    continue  # a crossing the order could not avoid: no constraint can help
                first_b = self.graph.unions[b].children[0]
                last_a = self.graph.unions[a].children[-1]
                self._edge(self.gap[a][1], first_b, d)
                self._edge(last_a, self.gap[b][0], d)

    def _union_key(self, uid: str) -> tuple[float, float, str]:
        gl, gr, frac = self.gap[uid]
        return (self.pos[gl] + (self.pos[gr] - self.pos[gl]) * frac, self.pos[gl], uid)

    def _edge(self, a: str, b: str, c: float) -> None:
        self.out_edges[a].append((b, c))
        self.in_edges[b].append((a, c))

    def feasible_start(self) -> None:
        """Least solution of all difference constraints (longest paths), by passes over
        the rows in both directions until nothing moves; no positive cycle exists when
        the order has no crossings, else the separation constraints are dropped."""
        X = self._longest_paths()
        if X is not None:
            self.X = X
            return
        X = {v: 0.0 for row in self.row_nodes for v in row}
        rows = self.row_nodes
        # per row: (node, its left neighbour and their centre distance, edges into the node),
        # looked up once instead of in every pass
        gap_after, in_edges = self.gap_after, self.in_edges
        steps = []
        for row in rows:
            step = []
            prev = None
            for v in row:
                step.append((v, prev, gap_after[prev] if prev is not None else 0.0, in_edges.get(v, ())))
                prev = v
            steps.append(step)
        for _ in range(4 * len(rows) + 20):
            changed = False
            for step in steps + steps[::-1]:
                for v, prev, gap, edges in step:
                    old = X[v]
                    x = old
                    if prev is not None:
                        x = max(x, X[prev] + gap)
                    for a, c in edges:
                        if X[a] + c > x:
                            x = X[a] + c
                    if x > old + 1e-9:
                        X[v] = x
                        changed = True
            if not changed:
                self.X = X
                return
        self.in_edges.clear()
        self.out_edges.clear()
        self.feasible_start()

    def _longest_paths(self) -> dict[str, float] | None:
        """The least solution in one pass over the constraints in topological order (linear), or
        None when they loop (then the passes above decide).

        The passes needed as many rounds as a constraint zigzags between rows; in a family of
        20,000 people that was more than the 4 per row they are allowed, and the separation
        constraints were dropped although they held.
        """
        succ: dict[str, list[tuple[str, float]]] = defaultdict(list)
        waiting: dict[str, int] = {}
        for row in self.row_nodes:
            prev = None
            for v in row:
                waiting[v] = len(self.in_edges.get(v, ()))
                if prev is not None:
                    succ[prev].append((v, self.gap_after[prev]))
                    waiting[v] += 1
                prev = v
        for a, edges in self.out_edges.items():
            succ[a].extend(edges)
        X = dict.fromkeys(waiting, 0.0)
        ready = [v for v, n in waiting.items() if n == 0]
        done = 0
        while ready:
            a = ready.pop()
            done += 1
            xa = X[a]
            for b, c in succ.get(a, ()):
                if xa + c > X[b]:
                    X[b] = xa + c
                waiting[b] -= 1
                if waiting[b] == 0:
                    ready.append(b)
        return X if done == len(waiting) else None

    def _row_static(self, row: list[str], kin: float) -> _RowStatic:
        """What solving a row needs that never changes; ``kin``: how strongly a unit with
        children keeps close to its siblings, as a part of the cohesion of a childless one."""
        offsets = []
        acc = 0.0
        for v in row:
            offsets.append(acc)
            acc += self.gap_after.get(v, 0.0)
        shift = [self.tight[v] - off for v, off in zip(row, offsets, strict=True)]
        spans: list[tuple[int, int, int]] = []  # (unit, first index, end index)
        for i, v in enumerate(row):
            gid = self.unit_of[v]
            if spans and spans[-1][0] == gid:
                spans[-1] = (gid, spans[-1][1], i + 1)
            else:
                spans.append((gid, i, i + 1))
        ins = [(i, self.in_edges[v]) for i, v in enumerate(row) if self.in_edges.get(v)]
        outs = [(i, self.out_edges[v]) for i, v in enumerate(row) if self.out_edges.get(v)]
        index = {v: i for i, v in enumerate(row)}
        stretch = []
        for gid, _, _ in spans:
            for uid in self.unit_unions[gid]:
                gl, gr, frac = self.gap[uid]
                u = self.graph.unions[uid]
                if gl != gr and set(u.partners) == {gl, gr}:
                    stretch.append((index[gl], index[gr], u.children[0], u.children[-1], gl, gr, frac))
        partial = []
        for _, i0, i1 in spans:
            anchored = [i for i in range(i0, i1) if row[i] in self.anchor_set]
            if i1 - i0 >= 2 and 0 < len(anchored) < i1 - i0:
                partial.append((i0, i1, anchored, [i for i in range(i0, i1) if i not in anchored]))
        cohesion = self.opt.cohesion
        wants = [_Want(i0, i1, self.anchor_tight[gid], self.terms[gid], float(len(self.terms[gid])),
                       self.hugs[gid], cohesion * (kin if self.unit_unions[gid] else 1.0))
                 for gid, i0, i1 in spans]
        wants_below = []
        for want in wants:
            below = [t for t in want.terms if t[0] < 0]
            wants_below.append(want._replace(terms=below, weight=float(len(below))))
        return _RowStatic(row, offsets, shift, spans, ins, outs, stretch, partial, wants, wants_below)

    def solve_row(self, st: _RowStatic, below_only: bool = False) -> float:
        """Best x for one row with the others fixed; returns the largest move.  With
        `below_only` a unit follows its children only, not its parents."""
        row = st.row
        n = len(row)
        if not n:
            return 0.0
        X = self.X
        offsets, shift = st.offsets, st.shift
        # the spans cover the row left to right, so targets and weights are built in order
        targets: list[float] = []
        weights: list[float] = []
        for i0, i1, anchors, terms, w, hugs, cohesion in st.wants_below if below_only else st.wants:
            # Where the unit's centre wants to be, and how strongly (inlined: the innermost
            # loop of the placement).  The members that carry lines decide where the unit
            # is; a partner without lines follows them (else a stray partner would hold
            # the whole unit back).
            if len(anchors) == 1:
                v, t = anchors[0]
                centre = 0.0 + (X[v] - t)  # what sum() of one float gives (-0.0 becomes 0.0)
            else:
                centre = sum([X[v] - t for v, t in anchors]) / len(anchors)
            if not terms:
                w = 1e-3
            else:
                # +: follow the parents' midpoint; -: bring the midpoint over the children
                total = 0.0
                for sign, pl, pr, frac, first, last in terms:
                    xl = X[pl]
                    total += sign * (xl + (X[pr] - xl) * frac - (X[first] + X[last]) / 2)
                centre = centre + total / w
                if hugs and cohesion:
                    # a unit also keeps close to its siblings (see _Placer.hugs)
                    pull = sum([X[other] + offset for other, offset in hugs]) / len(hugs)
                    centre = (centre * w + pull * cohesion) / (w + cohesion)
                    w += cohesion
            if i1 - i0 == 1:
                targets.append(centre + shift[i0])
                weights.append(w)
            else:
                targets.extend([centre + sh for sh in shift[i0:i1]])
                weights.extend([w] * (i1 - i0))
        # A partner line may stretch: the partner on the side where the children are
        # also pulls outwards alone, against the pull of the packed unit.  Not in the first,
        # upward pass: there the unit moves over its children anyway, and stretching it by that
        # distance again overshot by a third per row (up a line of descent of 1,000
        # generations, to x = 1e64); the rounds after it start near the answer.
        ws = self.opt.stretch
        if ws > 0 and not below_only:
            for il, ir, first, last, gl, gr, frac in st.stretch:
                xl = X[gl]
                e = (X[first] + X[last]) / 2 - (xl + (X[gr] - xl) * frac)
                i = il if e < 0 else ir
                wi = weights[i]
                targets[i] = (targets[i] * wi + ws * (X[row[i]] + 2 * e - offsets[i])) / (wi + ws)
                weights[i] += ws
        lo = [-_INF] * n
        hi = [_INF] * n
        if st.ins:
            for i, edges in st.ins:
                m = -_INF
                for a, c in edges:
                    if X[a] + c > m:
                        m = X[a] + c
                lo[i] = m - offsets[i]
            # bounds of a nondecreasing sequence are nondecreasing themselves (nothing to
            # carry before the first bounded node: ins is in row order)
            first = st.ins[0][0]
            prev = lo[first]
            for i in range(first + 1, n):
                cur = lo[i]
                if prev > cur:
                    lo[i] = prev
                else:
                    prev = cur
        if st.outs:
            for i, edges in st.outs:
                m = _INF
                for b, c in edges:
                    if X[b] - c < m:
                        m = X[b] - c
                hi[i] = m - offsets[i]
            last = st.outs[-1][0]
            prev = hi[last]
            for i in range(last - 1, -1, -1):
                cur = hi[i]
                if prev < cur:
                    hi[i] = prev
                else:
                    prev = cur
        z = _pav(targets, weights, lo, hi)
        # A unit whose anchor (a member with lines) was held back by a bound gathers
        # around where its anchors landed, so a partner without lines of their own does
        # not wander off on the unit's wish; one more solve with those targets.
        again = False
        for i0, i1, anchored, others in st.partial:
            if all(abs(z[i] - targets[i]) < 1.0 for i in range(i0, i1)):
                continue
            centre = sum([z[i] - shift[i] for i in anchored]) / len(anchored)
            for i in others:
                targets[i] = centre + shift[i]
            again = True
        if again:
            z = _pav(targets, weights, lo, hi)
        moved = 0.0
        for v, zi, off in zip(row, z, offsets, strict=True):
            x = zi + off
            d = abs(x - X[v])
            if d > moved:
                moved = d
            X[v] = x
        return moved

    def run(self) -> None:
        """Place every row: compact first, then centred.

        The first rounds hold every sibling close to its siblings, those with children too;
        the later rounds let go of the siblings with children, so that each sits over its
        own children again wherever its children's packing holds it (a tree stays centred).
        Where nothing holds it (a sibling whose family stands off on its own, whose parents
        then follow the middle of their sibship wherever it goes), it stays where the first
        rounds brought it, by its siblings, instead of half a page away.
        """
        self.feasible_start()
        compact = [self._row_static(row, self.opt.kin_cohesion) for row in self.row_nodes]
        centred = [self._row_static(row, 0.0) for row in self.row_nodes]
        order = list(range(len(self.row_nodes)))
        # big families get fewer rounds: each round is linear, the gain of the last ones small
        rounds = self.opt.placement_rounds
        if len(self.X) > 500:
            rounds = max(4, rounds * 500 // len(self.X))
        if len(self.X) > PLACEMENT_BUDGET // 4:
            # a deterministic budget of row solves per node: a round costs about 2 per node
            rounds = max(1, PLACEMENT_BUDGET // len(self.X))
        # First every row over its children, bottom to top, ignoring the rows above: they
        # still stand where the left-packed start put them, which says nothing, and pulling
        # towards it is what made the rounds converge slowly (the founders' row then had to
        # creep, a third of the way per round, to the middle of the family below them).
        for r in order[::-1]:
            self.solve_row(compact[r], below_only=True)
        self._rounds(compact, rounds)
        self._rounds(centred, rounds)
        # The rounds stop once no row moves by a unit, but small moves add up down a line of
        # descent (a child 2 units off its parents' drop shows as a jog in the line): one last
        # pass down sets every row under the rows above as they finally stand.
        for r in order:
            self.solve_row(centred[r])

    def _rounds(self, statics: list[_RowStatic], rounds: int) -> None:
        """Up to ``rounds`` passes up and down the rows, until no row moves by a unit."""
        n = len(statics)
        order = list(range(n))
        # a row is solved again only when it or a neighbouring row moved since
        last_move = [_INF] * n
        for _ in range(rounds):
            moved = 0.0
            # upwards first: the lower rows are the wider ones, the left-packed start
            # is furthest from the optimum in the upper rows
            for r in order[::-1] + order:
                if max(last_move[max(r - 1, 0): r + 2]) < 1.0:
                    continue
                last_move[r] = self.solve_row(statics[r])
                moved = max(moved, last_move[r])
            if moved < 1.0:  # converged below what anyone can see
                break


# --------------------------------------------------------------------------- step 5: geometry


def layout_genogram(family: Family, options: LayoutOptions | None = None) -> GenogramLayout:
    """Lay out a genogram: rows, order and positions (see the module docstring).

    A child listed under two unions is drawn once with a line to each; where such a line
    would cross another (or put the union's children out of order), the family is laid
    out again with the order told to bring the two unions together, and kept if then
    every line is clear, nothing crosses and nobody more is drawn twice; otherwise with
    that child copied under the second union instead."""
    opt = options or LayoutOptions()
    copied: frozenset[tuple[str, str]] = frozenset()
    lay, failed, crossed = _layout_once(family, opt, copied)
    if failed:
        again, still, crossed_again = _layout_once(family, opt, copied, attract=failed)
        if not still and crossed_again <= crossed and len(again.duplicates) <= len(lay.duplicates):
            return again
    rounds = 0
    while failed:
        copied |= failed
        rounds += 1
        if rounds == 2:
            # bounded work: failures again copy every child listed twice (no line is left to fail)
            copied |= {(u.id, c) for u in family.unions for c in u.children}
        lay, failed, _ = _layout_once(family, opt, copied)
    return lay


def _layout_once(family: Family, opt: LayoutOptions, copied: frozenset[tuple[str, str]],
                 attract: frozenset[tuple[str, str]] = frozenset()
                 ) -> tuple[GenogramLayout, frozenset[tuple[str, str]], int]:
    """One layout with the children of ``copied`` pairs copied, the unions of ``attract``
    pairs drawn towards their child; also the links that failed, and the crossings of the
    order (a line to an attracted child that comes from the wrong side counts as one)."""
    graph = _build_graph(family, opt, copied)
    graph.attract = attract
    rows = _order(graph, opt)
    crossed = _Orderer(rows, graph).total()
    placer = _Placer(graph, rows, opt)
    placer.run()

    visible = [v for v in graph.nodes if graph.nodes[v].kind != "virtual"]
    left = min((placer.x(v) - graph.nodes[v].width / 2 for v in graph.nodes), default=0.0)
    right = max((placer.x(v) + graph.nodes[v].width / 2 for v in graph.nodes), default=0.0)

    def X(v: str) -> float:
        return round(placer.x(v) - left, 3)

    def Y(r: int) -> float:
        return r * opt.row_gap

    positions = {v: (X(v), Y(graph.nodes[v].row)) for v in sorted(visible)}
    generation = {v: graph.nodes[v].row for v in sorted(visible)}
    widths = {v: graph.nodes[v].width for v in sorted(visible)}
    row_lists: list[list[str]] = [[] for _ in range(graph.n_rows)]
    for v in sorted(visible, key=lambda v: (graph.nodes[v].row, positions[v][0], v)):
        row_lists[graph.nodes[v].row].append(v)

    # x along each row, nondecreasing: who stands under a partner line is a slice of the row
    row_xs = [[positions[v][0] for v in row] for row in row_lists]
    unions: dict[str, UnionGeometry] = {}
    for uid in sorted(graph.unions):
        u = graph.unions[uid]
        if not u.real:
            continue
        partners = tuple(sorted(u.partners, key=X))
        y = Y(u.row)
        mx = round(placer.mid(uid) - left, 3)
        descents: dict[str, tuple[tuple[float, float], ...]] = {}
        bar_y = bar_x1 = bar_x2 = None
        shown: list[str] = []
        if u.children:
            bar_y = y + opt.row_gap / 2
            xs = [X(c) for c in u.children] + [mx]
            bar_x1, bar_x2 = min(xs), max(xs)
            for c in u.children:
                path = [(mx, y), (mx, bar_y)]
                node = c
                while graph.nodes[node].kind == "virtual":
                    vx = X(node)
                    nxt = graph.unions[f"{node.rsplit('#v', 1)[0]}#w{graph.nodes[node].row}"].children[0]
                    vbar = Y(graph.nodes[node].row) + opt.row_gap / 2
                    path += [(vx, path[-1][1]), (vx, vbar)]
                    node = nxt
                cx = X(node)
                path += [(cx, path[-1][1]), (cx, Y(graph.nodes[node].row) - opt.symbol_size / 2)]
                clean: list[tuple[float, float]] = []
                for p in path:
                    if not clean or clean[-1] != p:
                        clean.append(p)
                descents[node] = tuple(clean)
                shown.append(node)
        xs_p = [X(p) for p in partners]
        x1, x2 = min(xs_p), max(xs_p)
        # the nodes strictly between the partners' x
        xs_row = row_xs[u.row]
        over = tuple(row_lists[u.row][bisect.bisect_right(xs_row, x1):bisect.bisect_left(xs_row, x2)]) \
            if x1 < x2 else ()
        unions[uid] = UnionGeometry(uid, partners, y, x1, x2, (mx, y), bar_y, bar_x1,
                                    bar_x2, tuple(shown), descents, over)
    failed = _join_links(graph, unions, positions, opt)
    return GenogramLayout(
        positions=positions,
        generation=generation,
        widths=widths,
        unions=unions,
        duplicates={c: o for c, o in sorted(graph.copies.items())},
        rows=row_lists,
        row_gap=opt.row_gap,
        width=round(right - left, 3),
        height=Y(graph.n_rows - 1),
        slots=frozenset(v for v in visible if graph.nodes[v].kind == "slot"),
    ), failed, crossed


def _join_links(graph: _Graph, unions: dict[str, UnionGeometry], positions: dict[str, tuple[float, float]],
                opt: LayoutOptions) -> frozenset[tuple[str, str]]:
    """Draw the line from a second union to a child drawn under its first (a stepchild under
    the mother's first marriage, a foster child at the birth parents'); returns the links
    that would cross a line or break the union's birth order, to be copied instead.

    The line leaves the union's descent point, runs just above the sibship bars (below every
    label of the row: the row gap keeps the bars clear of them) and drops onto the child's
    symbol beside its first line, on the union's side.
    """
    failed: set[tuple[str, str]] = set()
    if not graph.links:
        return frozenset()
    lines = [(p, q) for geo in unions.values() for p, q in _union_segments(geo)]
    for uid, child, before in graph.links:
        geo = unions[uid]
        mx, y = geo.mid
        cx, cy = positions[child]
        side = 1.0 if mx > cx else -1.0
        ly = y + opt.row_gap / 2 - 0.6 * opt.bar_margin
        ex = cx + side * opt.symbol_size / 4
        route = ((mx, y), (mx, ly), (ex, ly), (ex, cy - opt.symbol_size / 2))
        children = [*geo.children[:before], child, *geo.children[before:]]
        xs = [positions[c][0] for c in children]
        if any(b <= a for a, b in itertools.pairwise(xs)) or any(
                _crosses(p, q, a, b) for p, q in itertools.pairwise(route) for a, b in lines):
            failed.add((uid, child))
            continue
        geo.children = tuple(children)
        geo.descents[child] = route
        lines.extend(itertools.pairwise(route))
    return frozenset(failed)


def _union_segments(geo: UnionGeometry) -> list[tuple[tuple[float, float], tuple[float, float]]]:
    """The partner line and the descent lines of a union, as segments."""
    out = [((geo.x1, geo.y), (geo.x2, geo.y))] if geo.x2 > geo.x1 else []
    for path in geo.descents.values():
        out.extend(itertools.pairwise(path))
    return out


def _crosses(p1: tuple[float, float], p2: tuple[float, float], q1: tuple[float, float],
             q2: tuple[float, float], margin: float = 0.5) -> bool:
    """Whether two segments cross inside both (meeting at or near an end is no crossing;
    lines on one another are none either)."""
    dx, dy = p2[0] - p1[0], p2[1] - p1[1]
    ex, ey = q2[0] - q1[0], q2[1] - q1[1]
    det = dx * ey - dy * ex
    if abs(det) < 1e-9:
        return False
    t = ((q1[0] - p1[0]) * ey - (q1[1] - p1[1]) * ex) / det
    u = ((q1[0] - p1[0]) * dy - (q1[1] - p1[1]) * dx) / det
    lp, lq = math.hypot(dx, dy), math.hypot(ex, ey)
    return margin / lp < t < 1 - margin / lp and margin / lq < u < 1 - margin / lq

