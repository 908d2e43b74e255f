"""The exact solve of one row of the placement: a weighted isotonic regression with bounds.

`place.Placer` solves every row this way (its nodes' targets and weights, the bounds the rows
above and below set), and brings a row back within its bounds the same way after the rounds'
steps are carried further (`place.Placer._extrapolate`).
"""

from __future__ import annotations

from .records import INF


def pav(targets: list[float], weights: list[float], lo: list[float], hi: list[float]) -> list[float]:
    """Minimise sum w (z - t)^2 over nondecreasing z with lo <= z <= hi (pool adjacent
    violators; a pooled block takes its weighted mean clipped to its members' bounds,
    which is exact for separable convex terms)."""
    # the blocks as one stack of tuples (value, sum w, sum w t, lo, hi, count): this runs for
    # every row in every placement round; a tuple pushed is one call where six parallel stacks
    # took six (a quarter less time on the rows of the 1,000-person bench family, same floats)
    blocks: list[tuple[float, float, float, float, float, int]] = []
    push, pop = blocks.append, blocks.pop
    top = -INF  # the last block's value
    # min/max written out as comparisons (no call per node): each picks the same operand
    # as the builtin would (max(p, q) is p unless q > p, min(p, q) is p unless q < p)
    for t, w, a, b in zip(targets, weights, lo, hi, strict=True):
        v = a if a > t else t
        if b < v:
            v = b
        if not top > v:  # in order: a block of its own
            push((v, w, w * t, a, b, 1))
            top = v
            continue
        s = w * t
        n = 1
        while blocks and blocks[-1][0] > v:
            _, pw, ps, pa, pb, pn = pop()
            w = pw + w
            s = ps + s
            if not a > pa:
                a = pa
            if not b < pb:
                b = pb
            n += pn
            v = s / w
            if a > v:
                v = a
            if b < v:
                v = b
        push((v, w, s, a, b, n))
        top = v
    if len(blocks) == len(targets):
        return [block[0] for block in blocks]  # nothing pooled
    out: list[float] = []
    for v, _, _, _, _, n in blocks:
        if n == 1:
            out.append(v)
        else:
            out.extend([v] * n)
    return out
