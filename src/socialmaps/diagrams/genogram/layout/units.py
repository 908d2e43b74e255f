"""Step 3, units: every row's groups of partners as left-to-right chains.

Objective, in this order: every sibship stays contiguous (else the lower-priority member
is drawn as a copy beside the partner: the only copies this step makes), twins side by
side, a stepchild's second line clear, the partner order of the convention (McGoldrick,
NSGC: husband left, wife right; several partners in date order), fewest partners under
a sibling bar.
"""

from __future__ import annotations

import itertools
from collections import Counter, defaultdict
from typing import NamedTuple

from .chains import Conventions, Partnership, linearise
from .graph import Graph, Node, SibPos


def unit_ok(order: list[str], graph: Graph) -> bool:
    """Can this unit sit in a row so that every sibship it touches stays contiguous?"""
    nodes, sib_pos = graph.nodes, graph.sib_pos
    sibships: list[str] = []  # the sibships the unit's members stand in, left to right
    births: list[list[int]] = []  # per sibship: the places of its members there
    for v in order:
        p = nodes[v].parent
        if p is None:
            continue
        if sibships and sibships[-1] == p:
            births[-1].append(sib_pos[v][1])
        elif p in sibships:
            return False
        else:
            sibships.append(p)
            births.append([sib_pos[v][1]])
    last = len(sibships) - 1
    for gi, p in enumerate(sibships):
        places = births[gi]
        first = places[0]
        if len(places) > 1 and places != list(range(first, first + len(places))):
            return False
        if first > 0 and gi != 0:
            return False
        if places[-1] < len(graph.unions[p].children) - 1 and gi != last:
            return False
    return True


def _bent_sibships(order: list[str], graph: Graph) -> dict[str, tuple[list[str], list[str]]] | None:
    """The sibships of a chain of partners put in the order that lets the chain stand in its
    row, or None when no order would (twins, a line to a stepchild, a middle partner with
    siblings).

    A couple whose partners both have siblings on their inner side (a husband who is not the
    youngest, a wife who is not the eldest) cannot stand side by side with every sibship in
    birth order, drawn once and with no line crossing.  A hand-drawn genogram then moves
    the married child to the end of their sibship, next to their partner (the ages and years
    in the symbols keep the birth order readable): so does this, instead of drawing the
    client's father twice.  Each bent sibship comes with the children moved."""
    groups: list[tuple[str, list[str]]] = []
    for v in order:
        p = graph.nodes[v].parent
        if p is None:
            continue
        if groups and groups[-1][0] == p:
            groups[-1][1].append(v)
        elif any(g[0] == p for g in groups):
            return None
        else:
            groups.append((p, [v]))
    if len(groups) < 2:
        return None
    linked, twins = graph.order_locks()
    sibships: dict[str, tuple[list[str], list[str]]] = {}
    for gi, (p, members) in enumerate(groups):
        children = graph.unions[p].children
        moved = _with_co_twins(members, gi, order, graph) if twins.intersection(members) else members
        if moved is None:
            return None
        rest = [c for c in children if c not in moved]
        if gi == 0:
            new = rest + moved
        elif gi == len(groups) - 1:
            new = moved + rest
        elif rest:
            return None
        else:
            new = moved
        if new != children:
            if p in linked or p in graph.unbendable:
                return None
            sibships[p] = (new, members)
    return sibships or None


def _with_co_twins(members: list[str], gi: int, order: list[str], graph: Graph) -> list[str] | None:
    """A married twin moved to the end of their sibship with their co-twins beside them, on the
    side away from the chain of partners (twins stand side by side under one apex): the twin and
    co-twins in the order they move in, or None where the twin is not the chain's end on that
    side (a partner would stand between the twins) or more than one of the sibship is in it."""
    if len(members) != 1:
        return None
    twin = members[0]
    first = gi == 0
    if order[0 if first else -1] != twin:
        return None
    group = _twin_group(twin, graph)
    co_twins = [c for c in graph.unions[graph.sib_pos[twin].union].children if c in group and c != twin]
    return [*co_twins, twin] if first else [twin, *co_twins]


def _twin_group(child: str, graph: Graph) -> set[str]:
    """A twin with their co-twins (the drawn neighbours joined as twins, see `Graph.twin_pairs`)."""
    group = {child}
    grew = True
    while grew:
        grew = False
        for a, b in graph.twin_pairs:
            if (a in group) != (b in group):
                group.update((a, b))
                grew = True
    return group


def _copy_excused(chain: list[str], graph: Graph) -> bool:
    """Whether a copy is what the convention expects of this chain, rather than a bend: in a
    family with a marriage between relatives (its loops are closed side by side or cut by a
    copy, and closing them depends on the sibships' order: a bend there cost crossings), or
    for someone with more than two partners (hand-drawn genograms draw their partners twice)."""
    if graph.related_unions():
        return True
    count = graph.partner_count()
    return any(count.get(graph.copies.get(v, v), 0) > 2 for v in chain)


def bend_to_link(graph: Graph, child: str, right: bool) -> bool:
    """Move a child joined by a line to a second union (an adopted son with his birth mother)
    to the end of its own sibship on that union's side, so that the line reaches it from
    beside the sibship instead of across a sibling's line; nothing moves where the sibship may
    not bend: twins, another line to it, birth order kept, or a family where the
    convention expects a copy (`_copy_excused`).  Whether the child moved."""
    home = graph.nodes[child].parent
    if home is None or home in graph.unbendable or graph.related_unions():
        return False
    children = graph.unions[home].children
    new = [c for c in children if c != child]
    new = [*new, child] if right else [child, *new]
    linked, twins = graph.order_locks()
    if new == children or child in twins or home in linked:
        return False
    _set_sibship(graph, home, new)
    graph.bent[home] = (*graph.bent.get(home, ()), child)
    graph.bend_count[home] = graph.bend_count.get(home, 0) + 1
    return True


def _set_sibship(graph: Graph, uid: str, children: list[str]) -> None:
    """Put a union's drawn children in a new left-to-right order (twins stay side by side, as
    the bends move them: their drawn neighbours are found again)."""
    drawn = set(children)
    pairs = {pair for pair in graph.twin_pairs if pair[0] in drawn}
    if pairs:
        groups = [_twin_group(a, graph) for a, _ in sorted(pairs)]
        graph.twin_pairs -= pairs
        graph.twin_pairs.update((a, b) for a, b in itertools.pairwise(children)
                                if any(a in g and b in g for g in groups))
    graph.unions[uid].children = children
    for i, c in enumerate(children):
        graph.sib_pos[c] = SibPos(uid, i, len(children))


def _bend_for(chain: list[str], score: Conventions, graph: Graph,
              accepted: dict[str, list[list[str]]]) -> list[str] | None:
    """The chain (conventional side first) standing in its row with its partners' sibships
    bent (see `_bent_sibships`), the units of the row already accepted (by the sibship their
    members stand in) kept valid; None when neither side can."""
    if _copy_excused(chain, graph):
        return None
    sides = sorted((chain, chain[::-1]), key=lambda c: tuple(-k for k in score(c)))
    if len(chain) > 2:
        # No couple of a longer chain is a simple couple (the ends' partners have another), so
        # the side that moves fewer children out of birth order wins; the convention breaks ties.
        sides.sort(key=lambda c: _bend_count(c, graph))
    return next((side for side in sides if _bent_side(side, graph, accepted)), None)


def _bend_count(side: list[str], graph: Graph) -> int:
    """How many sibships `side` would bend to stand in its row (`_bent_sibships`); a side that
    cannot stand by bending counts more than any."""
    sibships = _bent_sibships(side, graph)
    return len(graph.unions) + 1 if sibships is None else len(sibships)


def _bent_side(side: list[str], graph: Graph, accepted: dict[str, list[list[str]]]) -> bool:
    """Bend the sibships `side` needs to stand in its row (`_bent_sibships`) when that keeps it
    and the units already accepted (by the sibship their members stand in) valid; False, with
    nothing changed, otherwise."""
    sibships = _bent_sibships(side, graph)
    if sibships is None:
        return False
    saved = {uid: graph.unions[uid].children for uid in sibships}
    touched = [u for uid in sibships for u in accepted.get(uid, ())]
    splits = [twin_splits(u, graph) for u in touched]
    for uid, (children, _) in sibships.items():
        _set_sibship(graph, uid, children)
    graph.bend_tries += 1
    turned = [u for u, n in zip(touched, splits, strict=True)
              if twin_splits(u, graph) > n and _turn_for_twins(u, graph)]
    if unit_ok(side, graph) and all(unit_ok(u, graph) and twin_splits(u, graph) <= n
                                     for u, n in zip(touched, splits, strict=True)):
        graph.bent.update((uid, tuple(moved)) for uid, (_, moved) in sibships.items())
        for uid in sibships:
            graph.bend_count[uid] = graph.bend_count.get(uid, 0) + 1
        return True
    for unit in turned:
        unit.reverse()
    for uid, children in saved.items():
        _set_sibship(graph, uid, children)
    return False


def _turn_for_twins(unit: list[str], graph: Graph) -> bool:
    """Turn an accepted unit round, in place, where a bend brought a co-twin to its other end
    (a married twin whose partner would then stand between the twins); whether it was turned."""
    if twin_splits(unit[::-1], graph) or not unit_ok(unit[::-1], graph):
        return False
    unit.reverse()
    return True


def _convention_kept(valid: list[str], score: Conventions, graph: Graph,
                     accepted: dict[str, list[list[str]]]) -> list[str] | None:
    """A simple couple (two partners with no other) that fits only turned round, wife left of
    husband, stood the conventional way with their sibships bent instead (each moved to the end
    next to the other), or None where that cannot be or is not needed.

    Husband left, wife right is the first convention of a genogram, and the shared checker
    counts every turned simple couple (`partner-order`): a hand-drawn genogram keeps it and
    moves the married children to the ends of their sibships (the Simpsons: Marge, the youngest
    Bouvier, at the left end of her sisters, next to Homer), as `_bend_for` does where neither
    side fits.  A couple turned round for any other reason (a crossing found later) is the
    order's business, not this."""
    if len(valid) != 2 or score(valid) >= (0, 0):
        return None
    # two of one sex (or of unknown sex) stand in the order the case lists them where that costs
    # nothing: that order is no convention a reader checks, so no sibship is bent for it
    if {graph.sex.get(graph.copies.get(v, v)) for v in valid} != {"male", "female"}:
        return None
    count = graph.partner_count()
    if any(count.get(graph.copies.get(v, v), 0) != 1 for v in valid):
        return None
    conventional = valid[::-1]
    if _copy_excused(conventional, graph) or not _bent_side(conventional, graph, accepted):
        return None
    return conventional


def twin_splits(order: list[str], graph: Graph) -> int:
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


def flippable(unit: list[str], graph: Graph) -> bool:
    """May the unit be turned round (against crossings) without splitting twins?"""
    return unit_ok(unit[::-1], graph) and twin_splits(unit[::-1], graph) <= twin_splits(unit, graph)


def link_conflicts(order: list[str], graph: Graph) -> int:
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
        # (a child listed among the other union's children is reached from beside them: only
        # its place in its own sibship counts, see geometry._join_links)
        inside = 0 < before < len(other.children)
        if at < home_at:
            count += birth != 0 or (before != len(other.children) and not inside)
        else:
            count += birth != size - 1 or (before != 0 and not inside)
    return count


def partners_inside(order: list[str], graph: Graph) -> int:
    """How many partners would stand under a sibship bar they do not belong to."""
    nodes = graph.nodes
    # (those without parents counted once: before each member of a sibship, and after it, the rest)
    partners = sum(1 for v in order if nodes[v].parent is None)
    count = before = 0
    for v in order:
        if nodes[v].parent is None:
            before += 1
            continue
        _, birth, size = graph.sib_pos[v]
        if birth > 0:
            count += before
        if birth < size - 1:
            count += partners - before
    return count


def _stray_partner_line(chain: list[str], adj: dict[str, list[Partnership]],
                        done: set[str]) -> tuple[str, str, str] | None:
    """The first union (earliest, then by id) of the chain whose partner line would pass over someone who is
    a partner of neither end (a ring of partners laid out as a chain), as (union, the partner
    who stays, the partner drawn again beside them: the later id); None when there is none."""
    if len(chain) < 3:  # nobody between two partners
        return None
    at = {v: i for i, v in enumerate(chain)}
    partners = {v: {o for _, _, o in adj[v]} for v in chain}
    for _, uid, a, b in sorted((u, uid, v, o) for v in chain for u, uid, o in adj[v] if v < o):
        if uid in done:
            continue  # split once already: a copy per union at most (a hub's layout may keep it)
        i, j = sorted((at[a], at[b]))
        if any(w not in partners[a] and w not in partners[b] for w in chain[i + 1:j]):
            return uid, a, b
    return None


def _split_partnership(graph: Graph, uid: str, nid: str) -> str:
    """A copy of ``nid`` that takes over its partnership in ``uid`` only (beside the other partner)."""
    original = graph.copies.get(nid, nid)
    cid = f"{original}#{uid}"
    while cid in graph.nodes:
        cid += "'"
    node = graph.nodes[nid]
    graph.nodes[cid] = Node(cid, node.row, node.width, "copy", None, node.priority, node.household,
                               node.core)
    graph.copies[cid] = original
    union = graph.unions[uid]
    union.partners = [cid if p == nid else p for p in union.partners]
    if graph.unions_of is not None:
        graph.unions_of[nid] = [u for u in graph.unions_of.get(nid, []) if u != uid]
        graph.unions_of[cid].append(uid)
    return cid


def _closing_couple(chain: list[str], score: Conventions, graph: Graph) -> list[str] | None:
    """A couple of relatives (cousins, an uncle and his niece) side by side in the conventional
    order, one standing under the other's sibship bar: the loop is closed with a crossing of
    that bar, as a hand-drawn genogram does, rather than with a copy.  So are two in-laws whose
    sibships another couple joins too, where the layout interleaves them.  None for any other group."""
    if not graph.close_loops or len(chain) != 2 or any(graph.nodes[v].parent is None for v in chain):
        return None
    if not graph.related_unions():
        # in-laws: a couple joining two sibships that another couple joins too (two brothers who
        # marry two sisters), where the layout interleaves such sibships (`LayoutOptions`)
        homes = {home for v in chain if (home := graph.home(v)) is not None}
        if not graph.interleave_in_laws or len(homes) < 2 or \
                graph.in_law_joins().get(frozenset(homes), 0) < 2:
            return None
    return chain if score(chain) >= (0, 0) else chain[::-1]


def partner_group(v: str, adj: dict[str, list[Partnership]], seen: set[str]) -> list[str]:
    """Everyone joined to `v` by partnerships of the row (marking them in `seen`)."""
    group = []
    stack = [v]
    seen.add(v)
    while stack:
        x = stack.pop()
        group.append(x)
        for _, _, o in adj[x]:
            if o not in seen:
                seen.add(o)
                stack.append(o)
    return group


def row_partnerships(graph: Graph, row_unions: list[str]) -> dict[str, list[Partnership]]:
    """Each node's partnerships of two in the row (a copy stands in where one was made)."""
    adj: dict[str, list[Partnership]] = defaultdict(list)
    unions = graph.unions
    # (tuple.__new__ builds each as Partnership(start, union, other) does, without the Python-level
    # __new__ of a named tuple: a row has a partnership or two per union, built at every build)
    make = tuple.__new__
    for uid in row_unions:
        u = unions[uid]
        if len(u.partners) == 2:
            a, b = u.partners
            adj[a].append(make(Partnership, (u.start, uid, b)))
            adj[b].append(make(Partnership, (u.start, uid, a)))
    return adj


def _open_ring(graph: Graph, adj: dict[str, list[Partnership]], uid: str, keep: str,
               copied: str) -> list[list[str]]:
    """A ring of partners has no chain: its closing union ``uid`` is drawn with a copy of
    ``copied`` beside ``keep``; the groups (now open) to lay out again."""
    copy = _split_partnership(graph, uid, copied)
    start = graph.unions[uid].start
    adj[copied] = [e for e in adj[copied] if e.union != uid]
    adj[keep] = [e._replace(other=copy) if e.union == uid else e for e in adj[keep]]
    adj[copy].append(Partnership(start, uid, keep))
    groups = [partner_group(keep, adj, set())]
    if copied not in groups[-1]:
        groups.append(partner_group(copied, adj, set()))
    return groups


def _copy_out(graph: Graph, adj: dict[str, list[Partnership]], chain: list[str]) -> list[list[str]]:
    """A group with no valid chain: the member of lowest priority among those with parents is
    drawn twice, the copy taking over every partnership; the two groups to lay out again."""
    drops = [v for v in chain if graph.nodes[v].parent is not None]
    homes = {v: graph.home(v) for v in drops}
    count = Counter(homes.values())
    # a partner who alone of their sibship stands among two or more of another's (a widow who
    # married her late husband's brother) is the one drawn twice: the rest then stand in their
    # own sibship in birth order, where copying a brother bends it round her
    alone = [v for v in drops if count[homes[v]] == 1] if max(count.values(), default=0) > 1 else []
    v = min(alone or drops, key=lambda v: graph.nodes[v].priority)
    copy = graph.detach(v)
    # the copy stands in for v in every partnership: the same group, v's place renamed
    for start, uid, other in adj.pop(v):
        adj[copy].append(Partnership(start, uid, other))
        adj[other] = [e._replace(other=copy) if e.other == v else e for e in adj[other]]
    return [[v], partner_group(copy, adj, set())]


def cut_in_laws(graph: Graph, adj: dict[str, list[Partnership]], groups: list[list[str]]) -> list[list[str]]:
    """The row's partner groups with the couples that join two sibships a second time drawn with a
    copy (`_copy_out`): two brothers who marry two sisters cannot both stand where the two
    sibships meet, and each couple side by side bends a sibship out of birth order and runs its
    bar across the other's.  The couple kept whole is one whose partners each stand at the end of
    their sibship that faces the other's, husband left (`_at_meeting_ends`), where there is one.
    A couple may be part of a longer chain (a sister who married again): the chain's group is cut
    at that couple, once."""
    joining: dict[tuple[str, str], list[tuple[list[str], list[str]]]] = defaultdict(list)
    for group in groups:
        for couple in _in_law_couples(group, adj):
            first, second = graph.home(couple[0]), graph.home(couple[1])
            if first is not None and second is not None and first != second:
                joining[(min(first, second), max(first, second))].append((group, couple))
    out = list(groups)
    cut: set[int] = set()  # the groups cut already, by identity
    for _pair, couples in sorted(joining.items()):
        if len({id(group) for group, _ in couples}) < 2:
            continue
        couples.sort(key=lambda found: min(found[1]))
        kept = next((group for group, couple in couples if _at_meeting_ends(couple, graph)), None)
        for group, couple in couples:
            if group is kept or id(group) in cut:
                continue
            cut.add(id(group))
            out.remove(group)
            out += _copy_out(graph, adj, couple)  # (the copy takes the rest of the group along)
    return out


def _in_law_couples(group: list[str], adj: dict[str, list[Partnership]]) -> list[list[str]]:
    """The couples of a partner group, each in the group's order (a group of two is its couple)."""
    if len(group) == 2:
        return [group]
    place = {v: i for i, v in enumerate(group)}
    return [[v, other] for v in group for _, _, other in adj[v] if place.get(other, -1) > place[v]]


def _at_meeting_ends(couple: list[str], graph: Graph) -> bool:
    """Whether the couple can stand where their sibships meet, each sibship in birth order and the
    husband left: the left partner the last of theirs, the right one the first of theirs."""
    a, b = couple
    sexes = (graph.sex.get(graph.copies.get(a, a)), graph.sex.get(graph.copies.get(b, b)))
    sides = [(a, b), (b, a)]
    if sexes == ("female", "male"):
        sides = [(b, a)]
    elif sexes == ("male", "female"):
        sides = [(a, b)]
    for left, right in sides:
        top_left, top_right = graph.in_sibship(left), graph.in_sibship(right)
        assert top_left is not None and top_right is not None
        at_left, at_right = graph.sib_pos[top_left], graph.sib_pos[top_right]
        if at_left.birth == at_left.size - 1 and at_right.birth == 0:
            return True
    return False


def better_side(chain: list[str], turned: list[str], score: Conventions, graph: Graph) -> list[str]:
    """Of a chain and the chain turned round, both valid: twins side by side first, then a
    stepchild drawn once (not twice), then the conventional partner order (only a crossing,
    found later, may turn it round), then fewest partners under a sibling bar; the chain on a
    tie.  Each measure is taken only where the ones before it tie."""
    first = (twin_splits(chain, graph), link_conflicts(chain, graph))
    second = (twin_splits(turned, graph), link_conflicts(turned, graph))
    if first != second:
        return turned if second < first else chain
    first_score, second_score = score(chain), score(turned)
    if first_score != second_score:
        return turned if second_score > first_score else chain
    return turned if partners_inside(turned, graph) < partners_inside(chain, graph) else chain


def _standing_across(chain: list[str], score: Conventions, graph: Graph) -> list[str] | None:
    """A chain of three with no valid standing, kept as it is where loops close side by side: someone
    between two partners from two families in a family with a marriage between relatives, the partner
    on the side of the middle one's siblings under their sibship's bar (that partner's own line
    crosses it), instead of a partner drawn twice (Madeline's cx_001: that copy was the one fault the
    checker counted in its view; crossings are what a family with a loop may have); so does a
    widower between two sisters he married, where in-laws interleave (his line crosses their bar:
    "turun ranjang", where he was drawn twice).  None for any other chain."""
    if len(chain) != 3 or not graph.close_loops or not (graph.related_unions() or graph.interleave_in_laws):
        return None
    unit = better_side(chain, chain[::-1], score, graph)
    graph.closing.add(frozenset(unit))
    return unit


def _chain_standing(chain: list[str], score: Conventions, graph: Graph,
                    accepted: dict[str, list[list[str]]]) -> list[str] | None:
    """The chain as it stands in its row: the side that keeps every sibship it touches
    contiguous (the conventional one kept by bent sibships where only the other side fits, see
    `_convention_kept`; the better of two, `better_side`), or with sibships bent where neither
    fits (`_bend_for`); None where a copy is needed."""
    turned = chain[::-1]
    valid = [chain] if unit_ok(chain, graph) else []
    if unit_ok(turned, graph):
        valid.append(turned)
    if len(valid) == 1:
        conventional = _convention_kept(valid[0], score, graph, accepted)
        return conventional if conventional is not None else valid[0]
    if valid:
        return better_side(valid[0], valid[1], score, graph)
    return _bend_for(chain, score, graph, accepted)


class _KeptChains:
    """The chains of one row's groups kept between its builds (see `row_units`)."""

    def __init__(self, graph: Graph, row_unions: list[str], kept: dict[frozenset[str], KeptChain]) -> None:
        self.graph = graph
        self.kept = kept
        self.unions_of: dict[str, list[str]] = defaultdict(list)  # a partner's unions in the row
        for uid in row_unions:
            for p in graph.unions[uid].partners:
                self.unions_of[p].append(uid)

    def get(self, group: list[str]) -> list[str] | None:
        """The group's kept chain, if the sibships it read were not bent since."""
        was = self.kept.get(frozenset(group))
        if was is None:
            return None
        count = self.graph.bend_count
        return was.chain if was.bends == tuple([count.get(uid, 0) for uid in was.sibships]) else None

    def keep(self, group: list[str], chain: list[str]) -> None:
        nodes, count = self.graph.nodes, self.graph.bend_count
        found: set[str] = set()  # (gathered by plain loops: a group is a couple or a few)
        for v in group:
            if (home := nodes[v].parent) is not None:
                found.add(home)
            found.update(self.unions_of.get(v, ()))
        read = sorted(found)
        self.kept[frozenset(group)] = KeptChain(read, tuple([count.get(uid, 0) for uid in read]), chain)


class KeptChain(NamedTuple):
    """A group's chain found without a bend tried against the units accepted before it (see
    `row_units`), with what it read: the sibships its members stand in and those they lead to
    (their order: `unit_ok`, `twin_splits`, `link_conflicts`, `partners_inside`), and how often each
    had been bent then (`Graph.bend_count`)."""

    sibships: list[str]
    bends: tuple[int, ...]
    chain: list[str]


def _groups_found(row: list[str], adj: dict[str, list[Partnership]], graph: Graph, units: list[list[str]],
                  by_sibship: dict[str, list[list[str]]]) -> list[list[str]]:
    """The row's partner groups, by their first member's id; everyone with no partnership in the row
    is accepted at once as a unit of their own (into ``units`` and ``by_sibship``, `row_units`): a
    unit of one fits wherever it stands and never stops a bend (`_bent_side`), so when it is
    accepted changes nothing (the units are sorted at the end)."""
    nodes = graph.nodes
    seen: set[str] = set()
    groups: list[list[str]] = []
    for v in sorted(row):
        if v in adj:
            if v not in seen:
                groups.append(partner_group(v, adj, seen))
        else:
            alone = [v]
            units.append(alone)
            if (parent := nodes[v].parent) is not None:
                by_sibship[parent].append(alone)
    return groups


def row_units(graph: Graph, row: list[str], row_unions: list[str],
              found: dict[frozenset[str], list[str]] | None = None,
              kept: dict[frozenset[str], KeptChain] | None = None) -> list[list[str]]:
    """The units of one row, each as a valid chain; makes copies where none is valid.

    A partner group with no valid chain has one member drawn twice (the copy takes
    the partnerships) and is tried again on its own: the other groups of the row are
    not touched by that, so they are not worked out again.

    ``found`` (the units of an earlier call on the same row, by their members) is reused for a
    group with the same members: only where no sibship can be bent (then a group's chain depends
    on its own members alone, and a copy made since changed the groups it touched); the order
    asks for the units of a row again after each round of copies, and most groups are the same.
    Where sibships may be bent, ``kept`` does the same for the groups whose chain was found
    without a bend tried against the units accepted before them (then their chain depends on
    their own members and on the order of the sibships they stand in or lead to alone), for as
    long as none of those sibships is bent again (`KeptChain`).
    """
    adj = row_partnerships(graph, row_unions)
    if not adj:  # no couple in the row (a line of descent): everyone is a unit of their own
        return [[v] for v in sorted(row)]
    units: list[list[str]] = []
    by_sibship: dict[str, list[list[str]]] = defaultdict(list)  # the units, by their members' sibships
    nodes = graph.nodes
    todo = _groups_found(row, adj, graph, units, by_sibship)

    def accept(unit: list[str]) -> None:
        units.append(unit)
        if len(unit) == 1:  # (most units)
            if (parent := nodes[unit[0]].parent) is not None:
                by_sibship[parent].append(unit)
            return
        if found is not None:
            found[frozenset(unit)] = unit
        for p in {parent for v in unit if (parent := nodes[v].parent) is not None}:
            by_sibship[p].append(unit)

    if graph.cut_in_laws:
        todo = cut_in_laws(graph, adj, todo)
    split = graph.split_unions
    score = Conventions(adj, graph)
    reuse = _KeptChains(graph, row_unions, kept) if kept is not None else None
    while todo:
        comp = todo.pop()
        if len(comp) == 1:  # alone: always fits
            accept(comp)
            continue
        if found is not None and (known := found.get(frozenset(comp))) is not None:
            accept(known)
            continue
        if reuse is not None and (was := reuse.get(comp)) is not None:
            accept(was)
            continue
        chain = linearise(sorted(comp), adj, score)
        stray = _stray_partner_line(chain, adj, split)
        if stray is not None:
            split.add(stray[0])
            score.forget()
            todo += _open_ring(graph, adj, *stray)
            continue
        closing = _closing_couple(chain, score, graph)
        if closing is not None:
            # relatives who marry stand husband left, wife right even where that puts one
            # under the other's sibship bar (its descent then crosses the bar)
            accept(closing)
            graph.closing.add(frozenset(closing))
            continue
        tries = graph.bend_tries
        unit = _chain_standing(chain, score, graph, by_sibship) or _standing_across(chain, score, graph)
        if unit is None:
            score.forget()
            todo += _copy_out(graph, adj, chain)
            continue
        accept(unit)
        if reuse is not None and graph.bend_tries == tries:
            # (a bend made for this group was tried first: it is not kept)
            reuse.keep(comp, unit)
    # in the order of each unit's first member by id, as the units are found from the sorted row
    return sorted(units, key=min)
