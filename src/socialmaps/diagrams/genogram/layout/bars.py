"""Horizontal runs of the lines down from unions that share a stretch of their row: which run at
the row's bar height, which under it.

Where relatives marry, or two brothers marry two sisters, one sibship stands partly under the
other's bar (see ``units._closing_couple``, ``order._interleave``), and a line down to one of
them must be told apart from the other's bar; a line passing through a row on its way to a child
rows down (`geometry._descent`) turns at that row's bar height too, and ran along the bar of a
couple it does not belong to (Madeline's cx_002: a son drawn by his nieces read as their brother).
Each union's runs at one height in one row are one *span*; spans that meet run at distinct heights.
"""

from __future__ import annotations

import itertools

from .records import UnionGeometry

Span = tuple[str, float]  # (union, the height its run goes along)


def spans(unions: dict[str, UnionGeometry]) -> dict[Span, tuple[float, float]]:
    """Each union's horizontal runs, one per height: the bar and every turn of a line through a
    row, as (x1, x2) from the leftmost to the rightmost point along that height."""
    out: dict[Span, tuple[float, float]] = {}
    for uid, geo in unions.items():
        for path in geo.descents.values():
            for (x0, y0), (x1, y1) in itertools.pairwise(path):
                if y0 == y1 and x0 != x1:
                    lo, hi = (x0, x1) if x0 < x1 else (x1, x0)
                    was = out.get((uid, y0))
                    out[(uid, y0)] = (lo, hi) if was is None else (min(was[0], lo), max(was[1], hi))
    return out


def levels(found: dict[Span, tuple[float, float]]) -> dict[Span, int]:
    """How many steps under its height each span that shares a stretch of it with another union's
    runs (0: at it), so that no two that meet run at one height: the span meeting the most others
    first (then the earlier key; each taken out of the count once placed), each at the least depth
    none of the spans it meets placed before it has.  Spans that meet nothing: none."""
    meeting = _meeting(found)
    neighbours = {key: set(others) for key, others in meeting.items()}
    order: list[Span] = []
    while meeting:
        worst = max(sorted(meeting), key=lambda a: len(meeting[a]))
        order.append(worst)
        for other in meeting.pop(worst):
            meeting[other].discard(worst)
            if not meeting[other]:
                del meeting[other]
    order += sorted(set(neighbours) - set(order))
    placed: dict[Span, int] = {}
    for key in order:
        taken = {placed[o] for o in neighbours[key] if o in placed}
        placed[key] = next(level for level in itertools.count() if level not in taken)
    return placed


def _meeting(found: dict[Span, tuple[float, float]]) -> dict[Span, set[Span]]:
    """Which spans of different unions share a stretch of one height, by a sweep along each height
    (a family of thousands has thousands of bars, almost none of them meeting: comparing every
    pair took seconds)."""
    meeting: dict[Span, set[Span]] = {}
    by_height: dict[float, list[Span]] = {}
    for key in found:
        by_height.setdefault(key[1], []).append(key)
    for row in by_height.values():
        row.sort(key=lambda key: (found[key][0], key))
        open_spans: list[Span] = []
        for key in row:
            x1, x2 = found[key]
            open_spans = [o for o in open_spans if found[o][1] - x1 > 0.5]
            for other in open_spans:
                if other[0] != key[0] and min(x2, found[other][1]) - max(x1, found[other][0]) > 0.5:
                    meeting.setdefault(key, set()).add(other)
                    meeting.setdefault(other, set()).add(key)
            open_spans.append(key)
    return meeting

