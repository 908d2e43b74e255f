"""Step 4a, clusters: the units of a row that the order moves as one, and what each leads to.

A sibship's units (its members with their partners) are chained in birth order into one
cluster, so that the sibship stays contiguous in every order; each cluster lists the sibships
it hangs from (``up``) and the unions it leads down from (``down``, by where their descents
start), which is all the order's counts read of it (see `order`).
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from .graph import Graph, Node, UnionNode


@dataclass
class Cluster:
    units: list[int]  # indices into the row's unit list
    up: list[str]  # sibships (their union ids) left to right
    down: list[str]  # unions with children, left to right


def union_gap(u: UnionNode, unit: list[str], index: dict[str, int],
              degree: dict[str, int]) -> tuple[str, str]:
    """The two neighbours in the unit between which the union's descent starts.

    Adjacent partners: the two partners.  A partner line that passes over other
    partners (someone with more than two) starts its descent in the gap next to
    the partner who is not the hub, so that it never starts on a symbol.
    """
    if len(u.partners) == 1:
        return u.partners[0], u.partners[0]
    ia, ib = index[u.partners[0]], index[u.partners[1]]  # (two partners: validated in the input)
    if ia > ib:
        ia, ib = ib, ia
    if ib - ia <= 1:
        return unit[ia], unit[ib]
    if degree.get(unit[ib], 0) >= degree.get(unit[ia], 0):
        return unit[ia], unit[ia + 1]
    return unit[ib - 1], unit[ib]


def partner_degree(graph: Graph, uids: list[str] | None = None) -> dict[str, int]:
    """How many different partners each node has."""
    partners: dict[str, set[str]] = defaultdict(set)
    unions = graph.unions
    for uid in uids if uids is not None else unions:
        ps = unions[uid].partners
        if len(ps) == 2:  # (a couple: most unions)
            a, b = ps
            if a != b:
                partners[a].add(b)
                partners[b].add(a)
                continue
        for p in ps:
            partners[p].update(set(ps) - {p})
    return {p: len(q) for p, q in partners.items()}


def _union_slot(u: UnionNode, unit: list[str], degree: Callable[[], dict[str, int]]) -> float:
    """Where the union's descent starts, in unit-member index units (`union_gap`'s gap; the
    partners' degrees are asked for only where a partner line passes over someone)."""
    k, n = u.multi
    partners = u.partners
    if len(partners) == 1:
        return float(unit.index(partners[0]))
    ia, ib = unit.index(partners[0]), unit.index(partners[1])
    if ia > ib:
        ia, ib = ib, ia
    if ib - ia > 1:
        index = {v: i for i, v in enumerate(unit)}
        gl, gr = union_gap(u, unit, index, degree())
        ia, ib = index[gl], index[gr]
    return ia + (ib - ia) * (k + 1) / (n + 1)


def _sibship_chains(graph: Graph, unit_of: dict[str, int], parents: list[list[str]]
                    ) -> tuple[dict[int, int], dict[int, int]]:
    """The units each sibship runs through, joined into chains: (unit -> the next, unit -> the
    one before), the sibships in id order, each joining two units not joined before."""
    succ: dict[int, int] = {}
    pred: dict[int, int] = {}
    unions = graph.unions
    interleaving = graph.interleave_in_laws or (graph.close_loops and bool(graph.related_unions()))
    in_laws = graph.interleave_in_laws
    hosts = set(in_law_parents(graph).values()) if in_laws else set()
    for p in sorted({p for ps in parents for p in ps}):
        children = unions[p].children
        if len(children) < 2:  # (one child: nothing to join)
            continue
        if p in hosts and graph.inside is None:
            continue  # (ordered apart first: see `order.founders_inside`)
        inside = graph.inside if p in hosts and graph.inside else {}
        seq: list[int] = []
        for c in children:
            before, after = inside.get(c, ((), ()))
            ui = unit_of[c]
            seq.extend(_founder_units(before, unit_of, parents, seq, ui))
            if not seq or (seq[-1] != ui and not (inside and ui in seq)):
                seq.append(ui)  # (two members of one unit, a founder between them: once)
            seq.extend(_founder_units(after, unit_of, parents, seq, ui))
        for a, b in itertools.pairwise(seq):
            if a not in succ and b not in pred:
                succ[a] = b
                pred[b] = a
        if interleaving:
            _interleave(seq, succ, pred, in_laws)
    return succ, pred


def _founder_units(people: tuple[str, ...], unit_of: dict[str, int], parents: list[list[str]],
                   seq: list[int], own: int) -> list[int]:
    """The units of ``people`` (`Graph.inside`) that are still founders' units in this row (after a
    copy a founder may share a unit with someone who has parents) and not yet in ``seq`` or the
    unit ``own``, each once (a unit twice in a sibship's chain would close a ring)."""
    found: list[int] = []
    for v in people:
        ui = unit_of.get(v)
        if ui is not None and not parents[ui] and ui != own and ui not in seq and ui not in found:
            found.append(ui)
    return found


def in_law_parents(graph: Graph) -> dict[str, str]:
    """Each parent of two sibships joined twice who stands in a sibship of their own, with that
    sibship (its union id; see `order.founders_inside`)."""
    involved = {home for pair in graph.joined_twice() for home in pair}
    return {v: p for home in sorted(involved) for v in graph.unions[home].partners
            if (p := graph.home(v)) is not None and v in graph.unions[p].children}


def _interleave(seq: list[int], succ: dict[int, int], pred: dict[int, int], in_laws: bool) -> None:
    """A unit of the sibship ``seq`` joined to nothing yet, next (in ``seq``) to one already joined to
    another's chain, joins that chain beside it, between it and its neighbour there: a loop's two
    sibships interleave, each in birth order (two brothers who marry two sisters: a1 a2 [a3 b1] b2
    [a4 b3] b4, one crossing of the bars), where the chains alone left b2 a cluster of its own, out
    of order or drawn apart.  Only where the loops close side by side (crossings allowed).

    ``in_laws`` (two sibships joined twice): never before an elder brother or sister, nor after a
    younger one, and a unit the chains still leave alone follows the one before it in ``seq`` past a
    sister the other sibship holds (the elder brother married to the younger sister: a1 a2 [a3 b3]
    [a4 b1] b2 b4, one sister out of order and one crossing)."""
    rank = {unit: i for i, unit in enumerate(seq)}
    for a, b in itertools.pairwise(seq):
        if a in succ and succ[a] != b and b not in succ and b not in pred:
            after = succ[a]
            if not in_laws or rank.get(after, len(seq)) > rank[b]:
                succ[a], pred[b], succ[b], pred[after] = b, a, after, b
        elif b in pred and pred[b] != a and a not in succ and a not in pred:
            before = pred[b]
            if not in_laws or rank.get(before, -1) < rank[a]:
                succ[before], pred[a], succ[a], pred[b] = a, before, b, a
    if in_laws:
        _join_past_placed(seq, succ, pred)


def _join_past_placed(seq: list[int], succ: dict[int, int], pred: dict[int, int]) -> None:
    """Each unit of ``seq`` starting a chain of its own joins the end of the chain the unit before it
    in ``seq`` stands in, where that chain holds no younger brother or sister of it (nor is its own,
    nor a ring: the joins of two sibships in opposite orders may close one, which `build_clusters`
    walks once round)."""
    rank = {unit: i for i, unit in enumerate(seq)}
    for a, b in itertools.pairwise(seq):
        if b in pred:
            continue
        chain = _chain_of(a, succ, pred)
        if chain and b not in chain and all(rank.get(unit, -1) < rank[b] for unit in chain):
            succ[chain[-1]], pred[b] = b, chain[-1]


def _chain_of(unit: int, succ: dict[int, int], pred: dict[int, int]) -> list[int]:
    """The units of ``unit``'s chain, first to last; empty where the chain is a ring."""
    first, seen = unit, {unit}
    while first in pred:
        first = pred[first]
        if first in seen:
            return []
        seen.add(first)
    chain = [first]
    while chain[-1] in succ:
        chain.append(succ[chain[-1]])
    return chain


def _linked_children(graph: Graph, attract: frozenset[tuple[str, str]]) -> dict[str, list[tuple[str, bool]]]:
    """Each child joined by a line to a second union the order is asked to bring it near (those of
    ``attract``): that union, and whether it stands left of the child (see `build_clusters`)."""
    linked: dict[str, list[tuple[str, bool]]] = defaultdict(list)  # child -> (union, stands left)
    for uid, child, before in graph.links:
        if (graph.via.get(uid, uid), child) not in attract:
            continue
        others = len(graph.unions[uid].children)
        _, birth, size = graph.sib_pos[child]
        # the union's own children stand beyond the child: right of it if the child comes
        # first among them, left if last; without any, the child's own sibship decides.  A
        # line to the middle of either sibship cannot be drawn clear: it is not asked for.
        left = before > 0 if others else birth < size - 1
        if 0 < before < others:
            # listed among the union's own children: the line comes from beside them, on the
            # side of whichever end of its own sibship the child stands at
            if size > 1 and 0 < birth < size - 1:
                continue
            left = birth == 0
        elif birth != (0 if left else size - 1):
            continue
        linked[child].append((uid, left))
    return linked


def attraction_idle(graph: Graph, attract: frozenset[tuple[str, str]]) -> bool:
    """Whether the order asked to bring the unions of ``attract`` near their children would build the
    same clusters as the order made without, ``graph`` its graph (`build_clusters`, the one step that
    reads them): each such union has children of its own (it is ordered as one with children anyway),
    and each child stands where no line is asked for (`_linked_children`) in a sibship that order
    never bent (so it stood there at every build)."""
    for uid, child, _ in graph.links:
        if (graph.via.get(uid, uid), child) in attract and (
                not graph.unions[uid].children or graph.bend_count.get(graph.sib_pos[child].union)):
            return False
    return not _linked_children(graph, attract)


def _add_linked(unit: list[str], nodes: dict[str, Node], linked: dict[str, list[tuple[str, bool]]],
                up: list[str]) -> None:
    """Add a unit's sibships to its cluster's ``up``, each followed by the unions its member is
    joined to by a line (`_linked_children`), on the side the line must come from."""
    for v in unit:
        p = nodes[v].parent
        if p is not None and p not in up:
            up.append(p)
        for other, left in linked.get(v, ()):
            if p is not None and other not in up:
                up.insert(up.index(p) if left else len(up), other)


def build_clusters(graph: Graph, units: list[list[str]], row_unions: list[str]) -> list[Cluster]:
    unit_of = {v: i for i, unit in enumerate(units) for v in unit}
    nodes, unions = graph.nodes, graph.unions
    # each unit's members' sibships, in the members' order (read twice below; most units are one
    # person, looked up without a comprehension of their own)
    parents: list[list[str]] = []
    for unit in units:
        if len(unit) == 1:
            p = nodes[unit[0]].parent
            parents.append([] if p is None else [p])
        else:
            parents.append([p for v in unit if (p := nodes[v].parent) is not None])
    known_degree: list[dict[str, int]] = []

    def degree() -> dict[str, int]:
        # (found once, and only for a row with a partner line passing over someone)
        if not known_degree:
            known_degree.append(partner_degree(graph, row_unions))
        return known_degree[0]

    unions_of_unit: dict[int, list[str]] = defaultdict(list)
    # a union drawn towards a child of another (see below) is ordered like one with children
    # (a line to a child rows down leaves the last of its pass-through points: `Graph.via`)
    attract = graph.attract
    pulling = {uid for uid, child, _ in graph.links if (graph.via.get(uid, uid), child) in attract} \
        if attract else set()
    for uid in row_unions:
        union = unions[uid]
        if union.children or uid in pulling:
            unions_of_unit[unit_of[union.partners[0]]].append(uid)
    succ, pred = _sibship_chains(graph, unit_of, parents)
    # a child joined by a line to a second union counts that union among its cluster's
    # sibships too (on the side it must come from), so the order brings the two together
    linked = _linked_children(graph, attract) if attract and graph.links else {}
    clusters: list[Cluster] = []
    done = [False] * len(units)
    heads = [i for i in range(len(units)) if i not in pred] + list(range(len(units)))
    for h in heads:
        if done[h]:
            continue
        chain = [h]
        done[h] = True
        at = h
        while (at := succ.get(at, -1)) >= 0 and not done[at]:
            chain.append(at)
            done[at] = True
        up: list[str] = []
        down_keyed: list[tuple[int, float, str]] = []
        for pos, ui in enumerate(chain):
            if linked:
                _add_linked(units[ui], nodes, linked, up)
            elif len(chain) == 1:
                up = list(dict.fromkeys(parents[ui]))  # (a cluster of one unit: its sibships once each)
            else:
                for p in parents[ui]:
                    if p not in up:
                        up.append(p)
            downs = unions_of_unit.get(ui)
            if downs:
                unit = units[ui]
                for uid in downs:
                    down_keyed.append((pos, _union_slot(unions[uid], unit, degree), uid))
        down = [uid for _, _, uid in sorted(down_keyed)] if len(down_keyed) > 1 else \
            [uid for _, _, uid in down_keyed]
        if graph.turned and len(down) > 1:
            _turn_one_parent_unions(down, graph)
        clusters.append(Cluster(chain, up, down))
    return clusters


def _turn_one_parent_unions(down: list[str], graph: Graph) -> None:
    """Put the unions with no other partner of each person of ``graph.turned`` in reverse order, in place
    (a mother's children by two unknown fathers: which sibship stands left is hers to turn round)."""
    unions = graph.unions
    for v in sorted(graph.turned):
        at = [i for i, uid in enumerate(down) if unions[uid].partners == [v]]
        for i, uid in zip(at, [down[i] for i in at][::-1], strict=True):
            down[i] = uid
