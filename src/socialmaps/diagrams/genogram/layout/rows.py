"""Step 1, rows: the generation row of every person and child slot.

Objective: partners share a row, children stand one row below their parents, a married-in
person's parents stand just above them, a childless person one row below their parents,
the parents of a child drawn under another union (a foster child's birth parents) just above
that child where nothing holds them higher (their line can then reach him: no copy); and no
copy, except where a partnership closes a loop (a man with a child by his own daughter): that
partnership is drawn with a copy of one partner beside the other.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple

from ....kinship import topological_order
from ..family import ChildSlot, FamilyPerson, FamilyUnion, class_rows


class Cut(NamedTuple):
    """A partnership drawn with a copy: it stands in the host's row, where ``other`` is drawn again."""

    host: str
    other: str


@dataclass
class Rows:
    """Step 1's answer: the row of every person and slot, and the partnerships drawn with a copy.

    ``cut`` maps a union whose partners cannot share a row (a loop through the
    partnership: a man with a child by his daughter, a woman with her stepson) to
    ``(host, other)``: the union stands in the host's row, ``other`` is drawn there
    a second time, beside the host, and stays under their own parents as well.
    """

    row: dict[str, int]
    cut: dict[str, Cut]


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
                      edges: list[tuple[str, str]]) -> dict[str, Cut]:
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
    cut: dict[str, Cut] = {}
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
        cut[uid] = Cut(keep, next(p for p in u.partners if p != keep))
    return cut


def assign_rows(people: dict[str, FamilyPerson], unions: dict[str, FamilyUnion],
                 slots: dict[str, tuple[str, ChildSlot]], primary: dict[str, str]) -> Rows:
    """Row of every person and slot: partners share a row, children sit below their parents.

    Where a partnership closes a loop (see `_cut_partnerships`), it is drawn with a copy.
    """
    classes = _Classes(sorted(people))
    for uid in sorted(unions):
        ps = sorted(unions[uid].partners)
        for other in ps[1:]:
            classes.join(ps[0], other)
    cut: dict[str, Cut] = {}

    def host(uid: str) -> str:
        return cut[uid][0] if uid in cut else unions[uid].partners[0]

    def class_edges(of: dict[str, str]) -> list[tuple[str, str]]:
        return sorted({(of[host(primary[c])], of[c]) for c in primary}
                      | {(of[host(slots[sid][0])], sid) for sid in slots})

    # each person's class, looked up once (every step below reads it, most more than once)
    of = {p: classes.find(p) for p in people}
    edges = class_edges(of)
    names = sorted(set(of.values())) + sorted(slots)
    order = topological_order(names, edges)
    if len(order) < len(names):
        cut = _cut_partnerships(people, unions, primary, classes, edges)
        of = {p: classes.find(p) for p in people}
        edges = class_edges(of)
        names = sorted(set(of.values())) + sorted(slots)
        order = topological_order(names, edges)
        assert len(order) == len(names), "the cut partner classes still form a loop"
    row = class_rows(order, edges)
    succ: dict[str, list[str]] = defaultdict(list)
    pred: dict[str, list[str]] = defaultdict(list)
    for a, b in edges:
        succ[a].append(b)
        pred[b].append(a)
    members: dict[str, list[FamilyPerson]] = {}  # each class's people
    for pid, person in people.items():
        members.setdefault(of[pid], []).append(person)
    # a child drawn under another union (adopted, fostered) links her birth parents' class to hers
    # without a line that sets a row: the parents are placed by that link before any birth year
    elsewhere = sorted({(of[host(uid)], of[c]) for uid, u in unions.items() for c in u.children
                        if primary.get(c, uid) != uid and c in of})
    _components_by_birth(members, row, pred, succ, elsewhere)
    _rows_by_birth(members, row, pred, succ, elsewhere)
    _lower_to_children_drawn_elsewhere(unions, primary, classes, host, row, pred, succ)
    low = min(row.values(), default=0)
    out = {p: row[of[p]] - low for p in people}
    out.update({sid: row[sid] - low for sid in slots})
    return Rows(out, cut)


def _row_medians(groups: dict[int, list[float]]) -> dict[int, float]:
    return {r: sorted(ys)[len(ys) // 2] for r, ys in groups.items() if ys}


def _components_by_birth(members: dict[str, list[FamilyPerson]], row: dict[str, int],
                         pred: dict[str, list[str]], succ: dict[str, list[str]],
                         elsewhere: list[tuple[str, str]]) -> None:
    """Move each family drawn apart from the biggest one (nobody joins them) up or down as a whole,
    to the rows where the people born in their time stand: the shift that makes each of its rows'
    median birth year nearest the median of that row in the biggest family (a man born
    in 1961 with his wife and children, unrelated to the rest, stood on the row of people born in
    the 1770s).  A family joined to one already placed by a child drawn elsewhere (``elsewhere``:
    her birth parents' class, hers) is moved instead so that her parents stand just above her.  A
    family with no birth year, or one person alone (`_rows_by_birth`), stays."""
    seen: set[str] = set()
    components: list[list[str]] = []
    for start in sorted(row):
        if start in seen or not (pred[start] or succ[start]):
            continue
        found, todo = [start], [start]
        seen.add(start)
        while todo:
            at = todo.pop()
            for nxt in pred[at]:
                if nxt not in seen:
                    seen.add(nxt)
                    found.append(nxt)
                    todo.append(nxt)
            for nxt in succ[at]:
                if nxt not in seen:
                    seen.add(nxt)
                    found.append(nxt)
                    todo.append(nxt)
        components.append(found)
    if len(components) < 2:
        return
    components.sort(key=lambda c: (-sum(len(members.get(v, ())) for v in c), min(c)))

    def medians(component: list[str]) -> dict[int, float]:
        years: dict[int, list[float]] = defaultdict(list)
        for v in component:
            years[row[v]].extend(p.birth_key for p in members.get(v, ()) if p.birth_key is not None)
        return _row_medians(years)

    rest = _align_by_children_elsewhere(components, row, elsewhere)
    # (each family against the biggest one's rows alone: measured once, so that a register of
    # thousands of small families costs a pass over each, not a sort of all the others' years)
    theirs = medians(components[0])
    if not theirs:
        return
    for component in rest:
        mine = medians(component)
        scored = []
        for shift in range(min(theirs) - max(mine, default=0), max(theirs) - min(mine, default=0) + 1):
            gaps = [abs(theirs[r + shift] - m) for r, m in mine.items() if r + shift in theirs]
            if gaps:
                scored.append((sum(gaps) / len(gaps), -len(gaps), abs(shift), shift))
        if scored:
            shift = min(scored)[3]
            for v in component:
                row[v] += shift


def _align_by_children_elsewhere(components: list[list[str]], row: dict[str, int],
                                 elsewhere: list[tuple[str, str]]) -> list[list[str]]:
    """Move each family after the first that a child drawn elsewhere joins to one already placed,
    so that her birth parents stand just above her; the families no such child joins are returned."""
    component_of = {v: i for i, component in enumerate(components) for v in component}
    placed = {0}
    moved = True
    while moved:
        moved = False
        for parents, child in elsewhere:
            up, down = component_of.get(parents), component_of.get(child)
            if up is None or down is None or (up in placed) == (down in placed):
                continue
            shift = row[child] - 1 - row[parents]  # what moving the parents' family would take
            moving, shift = (up, shift) if down in placed else (down, -shift)
            for v in components[moving]:
                row[v] += shift
            placed.add(moving)
            moved = True
    return [component for i, component in enumerate(components) if i not in placed]


def _rows_by_birth(members: dict[str, list[FamilyPerson]], row: dict[str, int],
                   pred: dict[str, list[str]], succ: dict[str, list[str]],
                   elsewhere: list[tuple[str, str]]) -> None:
    """Put the classes with no line up or down (someone with no parents, partner or child in the
    file, or a childless couple of two such people) on the row of the people born nearest their
    time, instead of the founders' row: the median birth year of each row's other people, the
    nearest to the class's earliest birth year wins (the upper row on a tie).  Without a birth
    year, or without another row that knows one, the class stays where it is.  A class whose only
    child is drawn elsewhere (``elsewhere``: a birth mother whose daughter was adopted) stands just
    above that child instead.  ``members``: each class's people."""
    alone = sorted(c for c in members if not pred[c] and not succ[c])
    if not alone:
        return
    above: dict[str, int] = {}
    for parents, child in elsewhere:
        above[parents] = min(above.get(parents, row[child] - 1), row[child] - 1)
    for c in alone:
        if c in above:
            row[c] = above[c]
    alone = [c for c in alone if c not in above]
    years: dict[int, list[float]] = defaultdict(list)
    for c, group in members.items():
        if pred[c] or succ[c]:
            years[row[c]].extend(p.birth_key for p in group if p.birth_key is not None)
    medians = {r: sorted(ys)[len(ys) // 2] for r, ys in years.items() if ys}
    for c in alone:
        born = [p.birth_key for p in members[c] if p.birth_key is not None]
        if born and medians:
            row[c] = min(medians, key=lambda r: (abs(medians[r] - min(born)), r))


def _lower_to_children_drawn_elsewhere(unions: dict[str, FamilyUnion], primary: dict[str, str],
                                       classes: _Classes, host: Callable[[str], str],
                                       row: dict[str, int], pred: dict[str, list[str]],
                                       succ: dict[str, list[str]]) -> None:
    """Move the parents of a child drawn under another union (a foster child's birth parents, an
    adopted child's) down to the row just above that child, where the line to the child can be
    drawn instead of a copy of the child.  Only a class that nothing holds up (its own parents
    stay above it) and whose children stand low enough, or hang from it alone and have no
    children (they move down with it), is moved; the rows of everyone else stay as they are."""
    for uid in sorted(unions):
        elsewhere = [c for c in unions[uid].children if primary.get(c, uid) != uid]
        if not elsewhere:  # (most unions)
            continue
        parents = classes.find(host(uid))
        for c in elsewhere:
            target = row[classes.find(c)] - 1
            shift = target - row[parents]
            if shift <= 0 or any(row[p] >= target for p in pred[parents]):
                continue
            below = [d for d in succ[parents] if row[d] <= target]
            if all(not succ[d] and set(pred[d]) == {parents} for d in below):
                row[parents] = target
                for d in below:
                    row[d] += shift
