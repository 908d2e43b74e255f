"""Sibship bars that share a stretch of their row: which run over the others, which under.

Where relatives marry, or two brothers marry two sisters, one sibship stands partly under the
other's bar (see ``units._closing_couple``, ``order._interleave``), and a line down to one of
them must be told apart from the other's bar: the two bars run at two heights.
"""

from __future__ import annotations

import itertools

from .records import UnionGeometry


def bar_levels(unions: dict[str, UnionGeometry]) -> dict[str, int]:
    """How many steps each bar that shares a stretch of its row with another runs under the row's
    bar height (0: at it), so that no two bars that meet run at one height: the bar meeting the
    most others first (then the earlier id; each taken out of the count once placed), each at the
    least depth none of the bars it meets placed before it has.  Bars that meet nothing: none."""
    bars = _bars(unions)
    meeting = _meeting(bars)
    neighbours = {uid: set(others) for uid, others in meeting.items()}
    order: list[str] = []
    while meeting:
        worst = max(sorted(meeting), key=lambda a: len(meeting[a]))
        order.append(worst)
        for other in meeting.pop(worst):
            meeting[other].discard(worst)
            if not meeting[other]:
                del meeting[other]
    order += sorted(set(neighbours) - set(order))
    levels: dict[str, int] = {}
    for uid in order:
        taken = {levels[o] for o in neighbours[uid] if o in levels}
        levels[uid] = next(level for level in itertools.count() if level not in taken)
    return levels


def _meeting(bars: dict[str, tuple[float, float, float]]) -> dict[str, set[str]]:
    """Which bars share a stretch of their row, by a sweep along each row (a family of thousands
    has thousands of bars, almost none of them meeting: comparing every pair took seconds)."""
    meeting: dict[str, set[str]] = {}
    by_row: dict[float, list[str]] = {}
    for uid, (y, _, _) in bars.items():
        by_row.setdefault(y, []).append(uid)
    for row in by_row.values():
        row.sort(key=lambda uid: bars[uid][1])
        open_bars: list[str] = []
        for uid in row:
            _, x1, x2 = bars[uid]
            open_bars = [o for o in open_bars if bars[o][2] - x1 > 0.5]
            for other in open_bars:
                if min(x2, bars[other][2]) - max(x1, bars[other][1]) > 0.5:
                    meeting.setdefault(uid, set()).add(other)
                    meeting.setdefault(other, set()).add(uid)
            open_bars.append(uid)
    return meeting


def _bars(unions: dict[str, UnionGeometry]) -> dict[str, tuple[float, float, float]]:
    """Each union's bar as (y, x1, x2), for the unions with children."""
    return {uid: (g.bar_y, g.bar_x1, g.bar_x2) for uid, g in unions.items()
            if g.bar_y is not None and g.bar_x1 is not None and g.bar_x2 is not None}
