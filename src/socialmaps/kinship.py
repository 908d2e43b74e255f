"""Who descends from whom: the family core's facts of descent, found once here for every part that
asks (validation's own-ancestor loops, the genogram's graph and rows, the marriages between
relatives that the genogram and the ecomap's centre both draw), so that no two of them walk the
family their own way.

The walks need no recursion and no graph library, so that a 2,000-generation chain is no
problem and loading a case stays light; the genogram alone builds a `networkx` graph of them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .model import Case

if TYPE_CHECKING:
    import networkx as nx


def descent_edges(case: Case) -> Iterator[tuple[str, str]]:
    """Parent -> child edges of every union (all relations), in the file's order."""
    for union in case.unions:
        for partner in union.partners:
            for child in union.children:
                yield partner, child.id


def children_of(case: Case) -> dict[str, set[str]]:
    """Each parent's children (all relations), from `descent_edges`."""
    children: dict[str, set[str]] = defaultdict(set)
    for parent, child in descent_edges(case):
        children[parent].add(child)
    return children


def family_graph(case: Case) -> nx.DiGraph:
    """Parent -> child edges of every union (all relations): who descends from whom."""
    import networkx as nx  # only the genogram needs the graph; loading a case stays light

    graph = nx.DiGraph()
    graph.add_nodes_from(p.id for p in case.people)
    graph.add_edges_from(descent_edges(case))
    return graph


@dataclass(frozen=True)
class AncestorLoop:
    """People joined by a loop of descent: each is their own ancestor (a strongly connected group of
    the parent -> child graph that holds a loop)."""

    group: frozenset[str]
    children: dict[str, set[str]]

    def through(self, start: str) -> list[str]:
        """The shortest loop from `start` (one of the group) back to them, inside the group
        (breadth first, ids in order): [start, ..., start]."""
        came_from: dict[str, str] = {}
        frontier = [start]
        while frontier:
            following = []
            for person in frontier:
                for kid in sorted(self.children.get(person, ())):
                    if kid not in self.group:
                        continue
                    if kid == start:
                        chain = [start, person]
                        while chain[-1] != start:
                            chain.append(came_from[chain[-1]])
                        return [start, *reversed(chain[1:-1]), start] if len(chain) > 2 else [start, start]
                    if kid not in came_from:
                        came_from[kid] = person
                        following.append(kid)
            frontier = following
        return [start]  # pragma: no cover - every group holds a loop through each member


def ancestor_loops(case: Case) -> list[AncestorLoop]:
    """Every group of people who are their own ancestors (none in a sound family)."""
    children = children_of(case)
    return [AncestorLoop(frozenset(group), children) for group in _loops(children)]


def _without_loops(children: dict[str, set[str]]) -> bool:
    """True when no one descends from themselves: everyone can be taken away parents first
    (a topological order exists). Cheaper than the search of `_loops`, which a valid family,
    nearly always without loops, then needs not make."""
    parents_left: dict[str, int] = defaultdict(int)
    for kids in children.values():
        for kid in kids:
            parents_left[kid] += 1
    ready = [person for person in children if not parents_left.get(person)]
    taken = 0
    while ready:
        person = ready.pop()
        taken += 1
        for kid in children.get(person, ()):
            parents_left[kid] -= 1
            if not parents_left[kid]:
                ready.append(kid)
    return taken == len(children.keys() | parents_left.keys())


def _loops(children: dict[str, set[str]]) -> list[set[str]]:
    """The groups of people joined by a loop of descent (strongly connected components with a
    loop), found without recursion (Tarjan's search with its own stack)."""
    if _without_loops(children):
        return []
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[set[str]] = []
    for root in sorted(children):
        if root in index:
            continue
        work = [(root, iter(sorted(children.get(root, ()))))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            person, kids = work[-1]
            kid = next(kids, None)
            if kid is not None:
                if kid not in index:
                    index[kid] = low[kid] = len(index)
                    stack.append(kid)
                    on_stack.add(kid)
                    work.append((kid, iter(sorted(children.get(kid, ())))))
                elif kid in on_stack:
                    low[person] = min(low[person], index[kid])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[person])
            if low[person] == index[person]:
                found += _closed_group(person, stack, on_stack, children)
    return found


def _closed_group(root: str, stack: list[str], on_stack: set[str], children: dict[str, set[str]]
                  ) -> list[set[str]]:
    """The strongly connected group `root` closes, taken off the search's stack; [] where it holds
    no loop (one person who is not their own child)."""
    group = set()
    while True:
        member = stack.pop()
        on_stack.discard(member)
        group.add(member)
        if member == root:
            break
    return [group] if len(group) > 1 or root in children.get(root, ()) else []


def topological_order(nodes: list[str], edges: list[tuple[str, str]]) -> list[str]:
    """Kahn's order of ``nodes`` (parents first); shorter than ``nodes`` when there is a cycle."""
    succ: dict[str, list[str]] = defaultdict(list)
    waiting = dict.fromkeys(nodes, 0)
    for a, b in edges:
        succ[a].append(b)
        waiting[b] += 1
    order = [c for c, n in waiting.items() if n == 0]
    for c in order:  # grows while it is read
        for d in succ[c]:
            waiting[d] -= 1
            if waiting[d] == 0:
                order.append(d)
    return order


def consanguineous_unions(case: Case) -> frozenset[str]:
    """Unions whose two partners share an ancestor (through any kind of parenthood)."""
    couples = [u for u in case.unions if len(u.partners) == 2]
    if not couples:
        return frozenset()  # no couple to ask about (a line of one-parent unions): no ancestors needed
    # Each child's parents, from the parent -> child edges of `family_graph` (building the networkx
    # graph cost more than this whole pass).
    parents: dict[str, list[str]] = {}
    for union in case.unions:
        for child in union.children:
            parents.setdefault(child.id, []).extend(union.partners)
    up = _ancestor_bits([p for u in couples for p in u.partners], parents)
    if up is None:  # someone is their own ancestor: the checks report it
        import networkx as nx  # only here: importing it costs a third of a second

        graph = family_graph(case)
        sets = {v: nx.ancestors(graph, v) | {v} for v in graph}
        return frozenset(u.id or "" for u in couples
                         if not sets[u.partners[0]].isdisjoint(sets[u.partners[1]]))
    return frozenset(u.id or "" for u in couples if up[u.partners[0]] & up[u.partners[1]])


def _ancestor_bits(people: list[str], parents: dict[str, list[str]]) -> dict[str, int] | None:
    """The ancestors of each of `people` (self included) as a bit set, a bit per person met on the
    way up; None when the way up from one of them loops (someone is their own ancestor).

    Only the partners of couples are asked about, so only they and their ancestors get a bit: the
    rest of a broad family (its youngest generations, most of it) is never visited.  One OR per
    parent, done in C, where sets of ids cost a copy of every ancestor per person (a 2,000-generation
    line of descent made 2,000,000 set insertions); a stack, not recursion, for such a line."""
    up: dict[str, int] = {}
    on_path: set[str] = set()  # the people on the stack: meeting one again is a loop
    for start in people:
        if start in up:
            continue
        stack = [(start, iter(parents.get(start, ())))]
        on_path.add(start)
        while stack:
            person, above = stack[-1]
            for parent in above:  # the next parent not yet done: go up to them first
                if parent not in up:
                    if parent in on_path:
                        return None
                    on_path.add(parent)
                    stack.append((parent, iter(parents.get(parent, ()))))
                    break
            else:  # every parent done: this person's set is theirs and their own bit
                stack.pop()
                on_path.discard(person)
                bits = 1 << len(up)
                for parent in parents.get(person, ()):
                    bits |= up[parent]
                up[person] = bits
    return up
