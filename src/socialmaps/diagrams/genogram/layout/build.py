"""Step 2, the drawn graph: nodes and unions in their rows.

Objective: each person drawn once, under their primary union; a child listed under a
second union is joined to it by a line where that line crosses nothing (else a copy
stands in that union's sibship); a line that skips rows gets a pass-through point in each.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from dataclasses import dataclass

from ..family import ChildSlot, Family, FamilyPerson, FamilyUnion
from .graph import Graph, Link, Node, SibPos, UnionNode, children_order, index_family, sort_key
from .records import INF, LayoutOptions
from .rows import Rows, assign_rows
from .steps import later_by_steps


@dataclass(frozen=True)
class FamilyRows:
    """What `build_graph` reads of the family alone: the same for every layout of one family (the
    layouts `geometry.layout_genogram` compares differ in their copies and bends, not in this), so
    it is found once for them all.  Read only."""

    people: dict[str, FamilyPerson]
    unions: dict[str, FamilyUnion]
    slots: dict[str, tuple[str, ChildSlot]]
    primary: dict[str, str]  # each child's primary union
    placed: Rows
    # each person's generations of ancestors drawn above them (who keeps their place in their own
    # sibship when a copy is needed)
    ancestors: dict[str, int]
    # each union's place in time (`union_sequence`): the partner order reads it
    sequence: dict[str, float]

    @classmethod
    def of(cls, family: Family) -> FamilyRows:
        people, unions, slots = index_family(family)
        primary = _primary_unions(unions)
        placed = assign_rows(people, unions, slots, primary)
        rows = placed.row
        ancestors: dict[str, int] = {}
        for pid in sorted(people, key=rows.__getitem__):
            home = primary.get(pid)
            # (a parent drawn lower than their child, beside a partner of a later generation, counts 0;
            # a plain loop over the partners: a generator per person cost more than the sum)
            count = 0
            if home is not None:
                for p in unions[home].partners:
                    count += 1 + ancestors.get(p, 0)
            ancestors[pid] = count
        return cls(people, unions, slots, primary, placed, ancestors, union_sequence(unions))


def union_sequence(unions: dict[str, FamilyUnion]) -> dict[str, float]:
    """Each union's place among all the unions in time, 0, 1, 2 …: by its start; of unions that start
    alike (none with a date, most often), one listing a partner's child by another union as a stepchild
    after that union (`steps.later_by_steps`: the stepchild was born before it began); then by id."""
    later = later_by_steps(unions)
    timed = sorted(unions, key=lambda u: (sort_key(unions[u].start_key), u in later, u))
    return {uid: float(i) for i, uid in enumerate(timed)}


def build_graph(family: Family | FamilyRows, options: LayoutOptions,
                copied: frozenset[tuple[str, str]] = frozenset(),
                beside: frozenset[tuple[str, str]] = frozenset()) -> Graph:
    """The nodes and unions to lay out (of a family, or of its `FamilyRows` found before).  A child
    listed under a second union is drawn once and joined to it by a line (``Graph.links``; from a
    union two or more rows up, down a chain of pass-through points, `_linked_chain`, which starts
    beside the child's parent for the pairs of ``beside``), unless its (union, child) pair is in
    ``copied`` (that line would cross another) or it stands in the union's own row or above: then
    a copy stands in that union's sibship."""
    known = family if isinstance(family, FamilyRows) else FamilyRows.of(family)
    people, unions, slots = known.people, known.unions, known.slots
    primary, placed = known.primary, known.placed
    rows, ancestors = placed.row, known.ancestors
    nodes: dict[str, Node] = {}
    for pid in sorted(people):
        home = primary.get(pid)
        sibs = 0 if home is None else len(unions[home].children)
        person = people[pid]
        # (the fields in order, no parent yet: a call by keywords cost a fifth more, once per person)
        nodes[pid] = Node(pid, rows[pid], float(person.width), "person", None, (ancestors[pid], sibs, pid),
                          person.household, float(person.core))
    for sid in sorted(slots):
        nodes[sid] = Node(sid, rows[sid], float(slots[sid][1].width), "slot", priority=(0, 0, sid))
    graph = Graph(nodes, {}, {}, max(rows.values(), default=0) + 1,
                   sex={pid: people[pid].sex for pid in people},
                   listed={uid: tuple(unions[uid].partners) for uid in unions})

    by_pair: dict[tuple[str, ...], list[str]] = defaultdict(list)
    for uid in sorted(unions):
        by_pair[tuple(sorted(unions[uid].partners))].append(uid)
    for pair_unions in by_pair.values():
        if len(pair_unions) > 1:  # (most partners have one union together: nothing to order)
            pair_unions.sort(key=known.sequence.__getitem__)
    for uid in sorted(unions):
        src = unions[uid]
        partners = sorted(src.partners)
        same = by_pair[tuple(partners)]
        if uid in placed.cut:
            partners = sorted(_cut_copy(graph, uid, *placed.cut[uid]))
        prow = rows[partners[0]] if partners[0] in rows else graph.nodes[partners[0]].row
        union = UnionNode(uid, prow, partners, [], known.sequence[uid], True,
                       (same.index(uid), len(same)) if len(partners) == 2 else (0, 1), src.label)
        graph.unions[uid] = union
        order = []
        # a grandchild's own parents' union -> the end of the chain down to her, and her
        chains: dict[str, tuple[str, str]] = {}
        for c in children_order(src):
            if c in slots or primary.get(c) == uid:
                union.children.append(_descend(graph, union, c, options))
            elif (uid, c) not in copied and rows[c] == prow + 1:
                graph.links.append(Link(uid, c, len(union.children)))
                continue
            elif (uid, c) not in copied and rows[c] > prow + 1:
                first = _chain_to(graph, union, c, rows[c], chains, unions, primary.get(c, ""), options)
                if first is None:
                    continue
                union.children.append(first)
            else:
                union.children.append(_child_copy(graph, union, nodes[c], rows[c], options))
            order.append(c)
        for c in order:
            if (uid, c) in beside:
                _move_beside_parent(graph, union, order, c, unions, primary)
        if not src.twins:
            continue
        # union.children runs parallel to order: the drawn node of each child (itself,
        # its copy or its first pass-through node)
        twin_of = {c: k for k, group in enumerate(src.twins) for c in group}
        for (a, sa), (b, sb) in itertools.pairwise(zip(union.children, order, strict=True)):
            if sa in twin_of and twin_of.get(sb) == twin_of[sa]:
                graph.twin_pairs.add((a, b))
    for union in graph.unions.values():
        for i, c in enumerate(union.children):
            graph.nodes[c].parent = union.id
            graph.sib_pos[c] = SibPos(union.id, i, len(union.children))
    return graph


def _child_copy(graph: Graph, union: UnionNode, child: Node, row: int, options: LayoutOptions) -> str:
    """A copy of ``child`` in ``union``'s sibship (its line from there would cross another), or,
    for a grandchild (``row``, the child's own, two or more rows lower: grandparents who foster
    or adopt a grandchild), in the grandchild's own generation at the end of a line down the rows
    between (`_descend`): drawn among the grandparents' children, the copy read as their child,
    the grandchild's mother's brother or sister."""
    cid = f"{child.id}#{union.id}"
    # the child is drawn at home under its primary union (see the adapter): the copy never
    # stands in the household
    row = max(row, union.row + 1)
    graph.nodes[cid] = Node(cid, row, child.width, "copy", union.id, (0, 0, cid), core=child.core)
    graph.copies[cid] = child.id
    graph.n_rows = max(graph.n_rows, row + 1)
    return _descend(graph, union, cid, options)


def _primary_unions(unions: dict[str, FamilyUnion]) -> dict[str, str]:
    """The primary union of each child: one not marking it secondary, earliest start, then id."""
    listed: dict[str, list[FamilyUnion]] = defaultdict(list)
    for uid in sorted(unions):
        for c in unions[uid].children:
            listed[c].append(unions[uid])
    primary: dict[str, str] = {}
    for c, us in listed.items():
        if len(us) == 1:  # (most children: listed once)
            primary[c] = us[0].id
            continue
        firm = [u for u in us if c not in u.secondary] or us
        primary[c] = min(firm, key=lambda u: (sort_key(u.start_key), u.id)).id
    return primary


def _linked_chain(graph: Graph, union: UnionNode, child: str, crow: int, options: LayoutOptions
                  ) -> tuple[str, str]:
    """The first of the pass-through points that carry a line from ``union`` down to ``child``,
    drawn under its primary union two or more rows lower (grandparents who adopt or foster a
    grandchild): one point per row in between, standing in the union's sibship where the child
    is listed; the link leaves the last of them like a line to a stepchild (see `Graph.via`); and
    the last one's union, where the chain ends."""
    first, last = _pass_through(graph, f"{child}@{union.id}", union.row + 1, crow, options)
    graph.links.append(Link(last.id, child, 0))
    graph.via[last.id] = union.id
    return first, last.id


def _chain_to(graph: Graph, union: UnionNode, child: str, crow: int, chains: dict[str, tuple[str, str]],
              unions: dict[str, FamilyUnion], home: str, options: LayoutOptions) -> str | None:
    """The first point of a new chain from ``union`` down to ``child`` (`_linked_chain`), or None where
    the chain down to her elder brother or sister goes on to her (``chains``: per ``home``, her parents'
    union, the last chain and the child it reached)."""
    if home in chains and _later_in(unions[home], chains[home][1], child):
        # brothers and sisters the grandparents foster together: one chain comes down to them all
        # (`links.join_chain`), as one line to a sibship fostered together
        graph.links.append(Link(chains[home][0], child, 0))
        chains[home] = (chains[home][0], child)
        return None
    first, end = _linked_chain(graph, union, child, crow, options)
    if home in unions and set(unions[union.id].partners).isdisjoint(unions[home].partners):
        chains[home] = (end, child)
    return first


def _later_in(union: FamilyUnion, before: str, child: str) -> bool:
    """Whether ``child`` comes after ``before`` in the union's birth order (one chain comes down to
    brothers and sisters fostered together, across the lines down to those between)."""
    order = children_order(union)
    return before in order and child in order and order.index(child) > order.index(before)


def _pass_through(graph: Graph, name: str, top: int, bottom: int, options: LayoutOptions
                  ) -> tuple[str, UnionNode]:
    """A chain of pass-through points `{name}#v{row}` in rows `top` to `bottom - 1`, each joined to
    the next by a one-point union `{name}#w{row}` (so that `geometry._descent` follows them); the
    first point, and the last point's union (with no children yet)."""
    prev_union: UnionNode | None = None
    for r in range(top, bottom):
        vid = f"{name}#v{r}"
        graph.nodes[vid] = Node(vid, r, options.virtual_width, "virtual", priority=(0, 0, vid))
        if prev_union is not None:
            prev_union.children.append(vid)
        prev_union = UnionNode(f"{name}#w{r}", r, [vid], [], INF, False)
        graph.unions[prev_union.id] = prev_union
    assert prev_union is not None
    return f"{name}#v{top}", prev_union


def _move_beside_parent(graph: Graph, union: UnionNode, order: list[str], child: str,
                        unions: dict[str, FamilyUnion], primary: dict[str, str]) -> None:
    """Stand the first pass-through point of the line to a grandchild beside the grandchild's
    parent among ``union``'s children, on the side away from that parent's partner (right of a
    wife, left of a husband), instead of where the grandchild is listed."""
    home = unions.get(primary.get(child, ""))
    parents = [p for p in (home.partners if home else ()) if p in order]
    if not parents:
        return
    parent = parents[0]
    k = order.index(child)
    node = union.children.pop(k)
    order.pop(k)
    at = order.index(parent)
    others = [p for p in home.partners if p != parent] if home else []
    # by the convention the husband stands left of the wife: the line comes down beyond the parent
    left = bool(others) and graph.sex.get(parent) == "male" and graph.sex.get(others[0]) != "male"
    at += 0 if left else 1
    union.children.insert(at, node)
    order.insert(at, child)


def _cut_copy(graph: Graph, uid: str, host: str, other: str) -> tuple[str, str]:
    """The partners drawn for a union cut by `_cut_partnerships`: the host, and a copy of the
    other partner in the host's row (one copy per person and row, shared by its unions)."""
    row = graph.nodes[host].row
    for cid in graph.cut_copies.get(other, ()):
        if graph.nodes[cid].row == row:
            return host, cid
    node = graph.nodes[other]
    cid = f"{other}#{uid}"
    graph.nodes[cid] = Node(cid, row, node.width, "copy", None, node.priority, node.household, node.core)
    graph.copies[cid] = other
    graph.cut_copies.setdefault(other, []).append(cid)
    return host, cid


def _descend(graph: Graph, union: UnionNode, child: str, options: LayoutOptions) -> str:
    """The node standing for ``child`` in ``union``'s sibship: the child, or a pass-through
    node when the child sits more than one row lower (one per row in between)."""
    crow = graph.nodes[child].row
    if crow <= union.row + 1:
        return child
    first, last = _pass_through(graph, child, union.row + 1, crow, options)
    last.children.append(child)
    return first
