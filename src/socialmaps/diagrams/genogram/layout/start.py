"""Step 6's start: the least positions the difference constraints of the placement allow.

The constraints: each node of a row at least its least centre distance (``gap_after``) right of
its left neighbour, and the separation edges between the rows (``in_edges``/``out_edges``: the
node at least ``c`` right of another).  Their least solution is the longest paths to each node.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

Edges = dict[str, list[tuple[str, float]]]


def least_positions(row_nodes: list[list[str]], gap_after: dict[str, float], in_edges: Edges,
                    out_edges: Edges) -> dict[str, float]:
    """Least solution of all difference constraints (longest paths), by passes over
    the rows in both directions until nothing moves; no positive cycle exists when
    the order has no crossings, else the separation constraints are dropped (cleared from
    ``in_edges`` and ``out_edges``, in place: the placement reads them after)."""
    X = longest_paths(row_nodes, gap_after, in_edges, out_edges)
    if X is not None:
        return X
    if _all_lengths_positive(gap_after, out_edges):
        # the constraints loop, and a loop of positive lengths has no solution: the passes
        # below would only run to their limit (4 per row, over the whole family) first
        in_edges.clear()
        out_edges.clear()
        return least_positions(row_nodes, gap_after, in_edges, out_edges)
    X = {v: 0.0 for row in row_nodes for v in row}
    rows = row_nodes
    # per row: (node, its left neighbour and their centre distance, edges into the node),
    # looked up once instead of in every pass
    steps: list[list[tuple[str, str | None, float, Sequence[tuple[str, float]]]]] = []
    for row in rows:
        step: list[tuple[str, str | None, float, Sequence[tuple[str, float]]]] = []
        prev: str | None = None
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
            return X
    in_edges.clear()
    out_edges.clear()
    return least_positions(row_nodes, gap_after, in_edges, out_edges)


def _all_lengths_positive(gap_after: dict[str, float], out_edges: Edges) -> bool:
    """Whether every least distance (neighbours in a row, separation edges) is positive."""
    return all(gap > 0 for gap in gap_after.values()) and all(
        c > 0 for edges in out_edges.values() for _, c in edges)


def longest_paths(row_nodes: list[list[str]], gap_after: dict[str, float], in_edges: Edges,
                   out_edges: Edges) -> dict[str, float] | None:
    """The least solution in one pass over the constraints in topological order (linear), or
    None when they loop (then the passes of `least_positions` decide).

    The passes needed as many rounds as a constraint zigzags between rows; in a family of
    20,000 people that was more than the 4 per row they are allowed, and the separation
    constraints were dropped although they held.
    """
    succ: dict[str, list[tuple[str, float]]] = defaultdict(list)
    waiting: dict[str, int] = {}
    for row in row_nodes:
        prev = None
        for v in row:
            waiting[v] = len(in_edges.get(v, ()))
            if prev is not None:
                succ[prev].append((v, gap_after[prev]))
                waiting[v] += 1
            prev = v
    for a, edges in out_edges.items():
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
