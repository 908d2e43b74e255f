"""Step 3a, chains: a partner group of a row laid out as a left-to-right chain, and how well a chain
follows the partner order of the convention (McGoldrick, NSGC: husband left, wife right; several
partners in date order), which `units` reads to choose a chain's side.
"""

from __future__ import annotations

from typing import NamedTuple

from .graph import Graph


class Partnership(NamedTuple):
    """One of a node's partnerships in its row, as the chain of partners needs it."""

    start: float  # the union's start (its sort key)
    union: str
    other: str  # the partner (or their copy)


def _convention(order: list[str], adj: dict[str, list[Partnership]],
                graph: Graph) -> tuple[int, int]:
    """How well a chain of partners follows the convention (McGoldrick, NSGC), left to right.

    First, someone between two of their partners has the earlier one on their left
    (+1, else -1); then each couple side by side stands husband left, wife right (by
    the symbol drawn), or, two of one sex or of unknown sex, in the order the case
    lists them (+1, else -1).  Larger is better; the chain turned round scores the
    negatives.
    """
    dates = 0
    pairs = 0
    # (the last of the chain has no one on their right: neither measure reads them)
    sex, copies = graph.sex, graph.copies
    for i in range(len(order) - 1):
        v = order[i]
        partnerships = adj[v]
        if len(partnerships) == 1:  # (one partnership: most)
            start, union, other = partnerships[0]
            mine = {other: (start, union)}
        else:
            mine = {o: (s, u) for s, u, o in sorted(partnerships, reverse=True)}  # the first union of each
        if i > 0 and order[i - 1] in mine and order[i + 1] in mine:
            dates += 1 if mine[order[i - 1]] <= mine[order[i + 1]] else -1
        right = order[i + 1]
        if right in mine:
            sexes = (sex.get(copies.get(v, v)), sex.get(copies.get(right, right)))
            if sexes == ("male", "female") or sexes == ("female", "male"):
                pairs += 1 if sexes[0] == "male" else -1
            else:
                listed = graph.listed.get(mine[right][1], ())
                names = [graph.copies.get(p, p) for p in (v, right)]
                if names[0] in listed and names[1] in listed:
                    pairs += 1 if listed.index(names[0]) < listed.index(names[1]) else -1
    return dates, pairs


class Conventions:
    """`_convention` of the chains of one row, each worked out once: a chain is scored when it is
    found, and again, with its reverse, when its side is chosen.  The reverse of a chain scores
    the negatives (its partners' unions differ, so no comparison is a tie).  ``forget`` after
    the row's partnerships change (a copy takes some over)."""

    def __init__(self, adj: dict[str, list[Partnership]], graph: Graph) -> None:
        self.adj = adj
        self.graph = graph
        self.known: dict[tuple[str, ...], tuple[int, int]] = {}

    def __call__(self, order: list[str]) -> tuple[int, int]:
        key = tuple(order)
        score = self.known.get(key)
        if score is None:
            score = _convention(order, self.adj, self.graph)
            self.known[key] = score
            self.known[key[::-1]] = (-score[0], -score[1])
        return score

    def forget(self) -> None:
        self.known.clear()


def linearise(comp: list[str], adj: dict[str, list[Partnership]], score: Conventions) -> list[str]:
    """A partner group (its ids sorted) as a left-to-right chain."""
    if len(comp) == 2:
        # a couple (the common group): the chain from the first id, as `linearise_any` finds
        # it (each of the two has the other as their one partner), or turned round
        chain = list(comp)
        return chain if score(chain) >= (0, 0) else chain[::-1]
    return linearise_any(comp, adj, score)


def _under_parents_outermost(inner: list[str], ext: list[str], n_left: int, graph: Graph) -> list[str]:
    """The hub's partners without partners of their own (``inner``, left to right in date order, the
    first ``n_left`` going left of the hub), those drawn under their own parents' sibship bar moved to the
    outer ends (where the partners of ``ext`` do not stand already): a partner line passing over
    such a partner would cross the line down to her.  (A man of three wives had the second, the
    client's mother, between him and the third, her parents' line crossed by his third marriage's.)
    One such partner goes to the end of the side she stands on; two or more, the first to the left
    end and the last to the right end.  The others keep their date order."""
    under = [o for o in inner if graph.nodes[o].parent is not None]
    if not under or len(under) == len(inner):
        return inner
    if len(under) == 1 or ext:
        # each side's own ends: left (outer end first) and right (outer end last)
        left, right = inner[:max(n_left, 0)], inner[max(n_left, 0):]
        if not ext[:1]:
            left.sort(key=lambda o: graph.nodes[o].parent is None)
        if not ext[1:2]:
            right.sort(key=lambda o: graph.nodes[o].parent is not None)
        return left + right
    first, last = under[0], under[-1]
    return [first, *[o for o in inner if o not in (first, last)], last]


def linearise_any(comp: list[str], adj: dict[str, list[Partnership]], score: Conventions) -> list[str]:
    """`linearise` of a group of any size."""
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
        return order if score(order) >= (0, 0) else order[::-1]
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
    n_left = len(first) // 2 - len(ext[:1])
    inner = _under_parents_outermost([o for o in first if o not in ext[:2]], ext, n_left, score.graph)
    left = ext[:1] + inner[:max(n_left, 0)]
    right = inner[max(n_left, 0):] + ext[1:2]
    nodes = score.graph.nodes
    if nodes[root].household:
        # a partner who lives with the client beside them, as the one who lives with the client
        # too: the household then stands together (a mother, her husband now and their children
        # under one outline), and an earlier partner's line passes over him instead (a mother of
        # three marriages had her husband now at the far end, the outline winding round the first)
        # (a partner under her parents stays outermost all the same: `_under_parents_outermost`)
        left[len(ext[:1]):] = sorted(left[len(ext[:1]):],
                                     key=lambda o: (nodes[o].parent is None, nodes[o].household))
        right[:len(right) - len(ext[1:2])] = sorted(right[:len(right) - len(ext[1:2])],
                                                   key=lambda o: (nodes[o].parent is not None,
                                                                  not nodes[o].household))
    left_part: list[str] = []
    for o in left:
        left_part.extend(expand(o, -1))
    right_part: list[str] = []
    for o in right:
        right_part.extend(expand(o, 1))
    chain = [*left_part, root, *right_part]
    missing = sorted(set(comp) - set(chain))  # only in odd rings
    return chain + missing
