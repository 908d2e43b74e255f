"""Step 0, input: the family checked and indexed, and the graph the later steps lay out.

Objective: nothing is decided here.  The nodes are the people, child slots (pregnancies
and losses), copies of people and pass-through points of a line that skips a row; the
unions are partnerships with their children in birth order (twins together, slots in
their places).  ``Graph.detach`` is the one way a later step draws someone twice.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import NamedTuple

from ..family import ChildSlot, Family, FamilyPerson, FamilyUnion
from .records import INF


class SibPos(NamedTuple):
    """Where a node stands in the sibship that holds it."""

    union: str
    birth: int  # place in the union's drawn children, 0 first
    size: int  # how many drawn children the union has


class Link(NamedTuple):
    """A child drawn under its primary union and joined by a line to another that lists it."""

    union: str  # the other union
    child: str
    before: int  # how many of that union's drawn children come before the child


@dataclass
class Node:
    id: str
    row: int
    width: float
    kind: str  # person | slot | copy | virtual
    parent: str | None = None  # union whose sibship holds this node
    priority: tuple[int, int, str] = (0, 0, "")  # who keeps their place: more ancestors, siblings
    household: bool = False  # lives with the client (copies too)
    core: float = 0.0  # width without the labels (0: as width; see stagger)


@dataclass
class UnionNode:
    id: str
    row: int
    partners: list[str]
    children: list[str]
    start: float
    real: bool = True
    multi: tuple[int, int] = (0, 1)  # k-th of n unions of the same partners (spreads their midpoints)
    label: float = 0.0  # room for the partner line's label between the partners' symbols


@dataclass
class Graph:
    nodes: dict[str, Node]
    unions: dict[str, UnionNode]
    copies: dict[str, str]
    n_rows: int
    sib_pos: dict[str, SibPos] = field(default_factory=dict)  # node -> (union, index, size)
    # (left, right) drawn neighbours of one sibship who are twins: nothing may stand between them
    twin_pairs: set[tuple[str, str]] = field(default_factory=set)
    # node -> ids of the unions it is a partner in; built at the first copy (see detach)
    unions_of: dict[str, list[str]] | None = None
    # what the partner order follows: each person's sex as drawn, each union's partners as listed
    sex: dict[str, str] = field(default_factory=dict)
    listed: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # children drawn once under their primary union and joined by a line to another union that
    # lists them too: (that union, the child, how many of its drawn children come before)
    links: list[Link] = field(default_factory=list)
    # the (union, child) links the order is asked to bring together (see build_clusters)
    attract: frozenset[tuple[str, str]] = frozenset()
    # a link to a child two or more rows under the union that lists it (grandparents who adopt
    # a grandchild) runs down a chain of pass-through points: the chain's last union, which the
    # link leaves from -> the union that lists the child (see build._linked_chain)
    via: dict[str, str] = field(default_factory=dict)
    # person -> copies standing by a partner of another generation (see _cut_partnerships)
    cut_copies: dict[str, list[str]] = field(default_factory=dict)
    # unions drawn with a copy to open a ring of partners (once each; see row_units)
    split_unions: set[str] = field(default_factory=set)
    # whether a marriage between relatives is drawn side by side (LayoutOptions.close_loops)
    close_loops: bool = True
    # whether couples joining two sibships a second time are drawn with a copy
    # (LayoutOptions.cut_in_laws)
    cut_in_laws: bool = False
    # whether such couples stand side by side, the sibships interleaved (LayoutOptions.interleave_in_laws)
    interleave_in_laws: bool = False
    # where two sibships joined twice interleave: the founders standing beside a parent of one of
    # them, inside the span of that parent's own sibship (member -> (before, after); None until the
    # order has been made once with that sibship apart: see order.founders_inside)
    inside: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] | None = None
    # people the order may not copy against a crossing (LayoutOptions.keep_whole)
    keep_whole: frozenset[str] = frozenset()
    # the couples drawn side by side across a loop (see units._closing_couple)
    closing: set[frozenset[str]] = field(default_factory=set)
    # unions whose children are drawn out of birth order, a married child next to their
    # partner (see units._bent_sibships)
    bent: dict[str, tuple[str, ...]] = field(default_factory=dict)  # union -> the children moved
    # people alone in their unit whose unions with no other partner stand in reverse order, turned
    # round against crossings as a couple is (see order.order_rows, clusters.build_clusters)
    turned: frozenset[str] = frozenset()
    # each node's place in the chain of partners of its row (see order_rows), once its row has units
    chain_at: dict[str, int] = field(default_factory=dict)
    # how often each union's sibship was bent, and how many bends were tried against the units
    # already accepted in their row (see units.row_units: a group's chain found without such a
    # try is found again the same way while the sibships it reads are not bent again)
    bend_count: dict[str, int] = field(default_factory=dict)
    bend_tries: int = 0
    # unions whose sibship may not be bent (the family laid out in birth order to compare, see
    # geometry._layout_copies)
    unbendable: frozenset[str] = frozenset()
    # unions whose two partners share an ancestor (see related_unions), found once
    _related: frozenset[str] | None = None
    _partners: dict[str, int] | None = None
    _locked: tuple[frozenset[str], frozenset[str]] | None = None
    _joins: dict[frozenset[str], int] | None = None
    _twice: frozenset[frozenset[str]] | None = None

    def in_sibship(self, v: str) -> str | None:
        """The node standing for ``v`` among its parents' children: ``v``, or the first point of the
        line down to it from parents two rows up or more (None for someone drawn without parents)."""
        while (parent := self.nodes[v].parent) is not None:
            union = self.unions[parent]
            if union.real:
                return v
            v = union.partners[0]
        return None

    def home(self, v: str) -> str | None:
        """The union whose sibship ``v`` stands in, through the line down from parents two rows up
        or more (None for someone drawn without parents)."""
        top = self.in_sibship(v)
        return None if top is None else self.nodes[top].parent

    def in_law_joins(self) -> dict[frozenset[str], int]:
        """How many couples join each two sibships (two brothers who marry two sisters: 2), found once."""
        if self._joins is None:
            self._joins = self._count_joins(lambda v: v)
        return self._joins

    def joined_twice(self) -> frozenset[frozenset[str]]:
        """The pairs of sibships two couples or more join in the family as listed (two brothers who
        marry two sisters), each partner drawn twice counted as the person it copies; found once."""
        if self._twice is None:
            joins = self._count_joins(lambda v: self.copies.get(v, v))
            self._twice = frozenset(pair for pair, n in joins.items() if n >= 2)
        return self._twice

    def _count_joins(self, person: Callable[[str], str]) -> dict[frozenset[str], int]:
        """How many couples join each two sibships, each partner node read as ``person`` of it."""
        joins: dict[frozenset[str], int] = {}
        for u in self.unions.values():
            if len(u.partners) == 2:
                a, b = (self.home(person(v)) for v in u.partners)
                if a is not None and b is not None and a != b:
                    joins[frozenset((a, b))] = joins.get(frozenset((a, b)), 0) + 1
        return joins

    def related_unions(self) -> frozenset[str]:
        """The unions of two partners who share an ancestor (or one descends from the other):
        the marriages between relatives that close a loop of the family."""
        if self._related is None:
            # each node's lineage (itself and its ancestors) as a set of bits, one per node: the
            # unions of ancestors' sets are then single integer operations
            nodes, unions = self.nodes, self.unions
            bit = {v: 1 << i for i, v in enumerate(nodes)}
            lineage: dict[str, int] = {}
            no_partners: list[str] = []

            def of(v: str) -> int:
                # (found already: a partner in two unions, or an ancestor of one asked before; no
                # one is their own ancestor, so what was found is final)
                if (known := lineage.get(v)) is not None:
                    return known
                # ancestors by an explicit stack: a chain of thousands of generations is deep
                stack = [v]
                while stack:
                    w = stack[-1]
                    parent = nodes[w].parent
                    partners = unions[parent].partners if parent else no_partners
                    if w not in lineage:
                        above = [p for p in partners if p not in lineage]
                        if above:
                            lineage[w] = bit[w]  # marks w as open: guards a loop of generations
                            stack.extend(above)
                            continue
                    stack.pop()
                    found = bit[w]
                    for p in partners:
                        found |= lineage.get(p, 0)
                    lineage[w] = found
                return lineage[v]

            self._related = frozenset(uid for uid, u in self.unions.items()
                                      if len(u.partners) == 2 and of(u.partners[0]) & of(u.partners[1]))
        return self._related

    def partner_count(self) -> dict[str, int]:
        """How many partners each person has (their copies counted as them), found once."""
        if self._partners is None:
            others: dict[str, set[str]] = defaultdict(set)
            for union in self.unions.values():
                if len(union.partners) == 2:
                    a, b = (self.copies.get(p, p) for p in union.partners)
                    others[a].add(b)
                    others[b].add(a)
            self._partners = {p: len(o) for p, o in others.items()}
        return self._partners

    def order_locks(self) -> tuple[frozenset[str], frozenset[str]]:
        """What keeps a sibship's order, found once: the unions with a line to a child drawn
        under another (its place among their children is counted), and the twins."""
        if self._locked is None:
            self._locked = (frozenset(link.union for link in self.links),
                            frozenset(v for pair in self.twin_pairs for v in pair))
        return self._locked

    def caches_agree(self, other: Graph) -> bool:
        """Whether what this graph found and keeps (`related_unions`, `order_locks`) is what ``other``
        answers: its unions between relatives (asked of ``other`` now where it had not found them),
        and what keeps a sibship's order where both found it."""
        if self._related is not None and other.related_unions() != self._related:
            return False
        return self._locked is None or other._locked is None or other._locked == self._locked

    def passed_to(self, point: str) -> list[str]:
        """What a pass-through point `{name}#v{row}` leads on to: the next point or the child (the
        children of its one-point union `{name}#w{row}`, see `build._pass_through`); nothing at the
        end of a chain to a grandchild, where a line is drawn on (`links.join_chain`)."""
        return self.unions[f"{point.rsplit('#v', 1)[0]}#w{self.nodes[point].row}"].children

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
        self.nodes[cid] = Node(cid, node.row, node.width, "copy", None, node.priority, node.household,
                               node.core)
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


def children_order(union: FamilyUnion) -> list[str]:
    """Children in birth order with twins made contiguous and slots in their places."""
    children = list(dict.fromkeys(union.children))
    if not union.twins and not union.extra_slots:  # (most unions)
        return children
    for group in sorted(union.twins, key=lambda g: sorted(g)):
        in_group = set(group)
        members = [c for c in children if c in in_group]
        if len(members) < 2:
            continue
        first = children.index(members[0])
        rest = [c for c in children if c not in in_group]
        insert_at = sum(1 for c in children[:first] if c not in in_group)
        children = rest[:insert_at] + members + rest[insert_at:]
    slots = sorted(union.extra_slots, key=lambda s: (s.after, sort_key(s.key), s.id))
    out: list[str] = []
    for i in range(len(children) + 1):
        out.extend(s.id for s in slots if min(s.after, len(children)) == i)
        if i < len(children):
            out.append(children[i])
    return out


def sort_key(value: float | None) -> float:
    return INF if value is None else value


def index_family(family: Family) -> tuple[dict[str, FamilyPerson], dict[str, FamilyUnion],
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
