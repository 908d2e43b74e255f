"""The lines from a second union to a child drawn under her first (`geometry._join_links`): whether a
line crosses another once placed, and the lines the order alone shows would.

Objective: a family whose lines fail is laid out again with those children copied; where the order
already shows that every line would fail, that first layout is not placed just to find it out (in
the benchmark's families of 306 and 343 people, a fifth of the layout).

How the order shows it.  A line from union U (row r) to child c (row r+1) leaves U's descent point,
runs across just above row r's sibship bars and drops onto c beside her.  Take another union W of
row r that stands right of U (both of W's partners right of both of U's) with one of its children
left of c in row r+1.  Placing keeps each row's order, so W's descent point is right of U's and that
child left of c; W's line runs down from its descent point to its bar, under the line's run across,
and along the bar to that child, over the line's drop.  Either the run across reaches past W's
descent (it crosses W's line down) or it stops short of it (the drop crosses W's bar), whichever
side of c the union stands.  The mirror holds as well.  Only where W's descent point stands within
half a unit of the drop (`crosses`' margin) might neither be counted; two such unions cannot both
stand there (descent points of two unions are a symbol apart at least), so two of them make it sure.
"""

from __future__ import annotations

import itertools
import math

from .early import seats
from .graph import Graph
from .order import RowData
from .records import UnionGeometry

Point = tuple[float, float]

# how many other unions must stand across a line (see the module docstring) for the order alone to
# say it fails
WITNESSES = 2


def crosses(p1: Point, p2: Point, q1: Point, q2: Point, margin: float = 0.5) -> bool:
    """Whether two segments cross inside both (meeting at or near an end is no crossing;
    lines on one another are none either)."""
    dx, dy = p2[0] - p1[0], p2[1] - p1[1]
    ex, ey = q2[0] - q1[0], q2[1] - q1[1]
    det = dx * ey - dy * ex
    if abs(det) < 1e-9:
        return False
    t = ((q1[0] - p1[0]) * ey - (q1[1] - p1[1]) * ex) / det
    u = ((q1[0] - p1[0]) * dy - (q1[1] - p1[1]) * dx) / det
    lp, lq = math.hypot(dx, dy), math.hypot(ex, ey)
    return margin / lp < t < 1 - margin / lp and margin / lq < u < 1 - margin / lq


def route_crosses(route: tuple[Point, ...], lines: list[tuple[Point, Point]]) -> bool:
    """Whether a line's route crosses any of the lines drawn."""
    return any(crosses(p, q, a, b) for p, q in itertools.pairwise(route) for a, b in lines)


def foreseen_failures(graph: Graph, rows: list[RowData]) -> dict[tuple[str, str], bool] | None:
    """Where the order shows that every line to a child under a second union would cross another
    (see the module docstring): each line's (union, child), with whether the union stands right of
    the child (her parents' union stands left of it in its row).  None where any line is not sure to
    fail, or reaches the child otherwise than across the row under the union (a line down a chain
    of pass-through points, a child rows lower): placing tells."""
    if not graph.links:
        return None
    place = seats(rows)  # (placing keeps each row's order)
    unions, nodes = graph.unions, graph.nodes
    spans: dict[int, list[tuple[int, int, list[int]]]] = {}  # row -> each union's partners and children
    found: dict[tuple[str, str], bool] = {}
    for uid, child, _ in graph.links:
        union, node = unions.get(uid), nodes.get(child)
        if uid in graph.via or union is None or not union.real or node is None or node.parent is None \
                or node.row != union.row + 1 or unions[node.parent].row != union.row:
            return None
        if union.row not in spans:
            spans[union.row] = _spans(graph, place, union.row)
        lo, hi = _partner_span(union.partners, place)
        home_lo, home_hi = _partner_span(unions[node.parent].partners, place)
        if hi < home_lo:
            right = False
        elif home_hi < lo:
            right = True
        else:
            return None  # (the two unions' partners interleave: which side she is on, placing tells)
        at = place[child]
        witnesses = sum(1 for w_lo, w_hi, kids in spans[union.row]
                        if (w_lo > hi and kids[0] < at) or (w_hi < lo and kids[-1] > at))
        if witnesses < WITNESSES:
            return None
        found[(uid, child)] = right
    return found


def _partner_span(partners: list[str], place: dict[str, int]) -> tuple[int, int]:
    """The places of a union's leftmost and rightmost partner."""
    at = [place[p] for p in partners]
    return min(at), max(at)


def _spans(graph: Graph, place: dict[str, int], row: int) -> list[tuple[int, int, list[int]]]:
    """The real unions of ``row`` with children in the row under it: their partners' leftmost and
    rightmost places and their children's places there, sorted."""
    found: list[tuple[int, int, list[int]]] = []
    nodes = graph.nodes
    for union in graph.unions.values():  # (only counted: in any order)
        if union.row != row or not union.real or not union.partners:
            continue
        kids = sorted(place[c] for c in union.children if nodes[c].row == row + 1)
        if kids:
            lo, hi = _partner_span(union.partners, place)
            found.append((lo, hi, kids))
    return found


Segment = tuple[Point, Point]


Together = dict[tuple[str, str | None], list[str]]


def linked_together(graph: Graph) -> Together:
    """The children each union is joined to by a line, by the sibship they stand in: (union, their
    parents' union) -> the children (for `link_route`)."""
    found: Together = {}
    for uid, child, _ in graph.links:
        found.setdefault((uid, graph.nodes[child].parent), []).append(child)
    return found


def link_route(graph: Graph, unions: dict[str, UnionGeometry], together: Together, uid: str, child: str,
               at: Point, size: float, lines: list[Segment], run_y: float, past_siblings: bool = False
               ) -> tuple[tuple[Point, ...], list[Segment]]:
    """The route of the line from union ``uid`` to ``child`` drawn under her own parents
    (`geometry._join_links`), and the lines it must not cross.

    The line leaves the union's descent point, runs across at ``run_y`` (just above the row's sibship
    bars) and drops onto the child beside her first line, on the union's side.  Where the union lists
    two or more children of one sibship (brothers and sisters placed together with one foster family,
    adopted together), no drawing of the two unions over the children's row spares a crossing (two
    unions joined to the same two children, each over the row: one crossing at least).  Their lines
    then run across under the sibship's bar instead, one bar of the second union over the children, and
    cross the lines down to the brothers and sisters between, and nothing else: each child drawn once,
    where the crossing of the first union's line used to cost a copy of every child but the nearest.
    (Not for a parent's remarriage: see below.)  With ``past_siblings`` (`LayoutOptions.past_siblings`)
    they also cross the lines down to the brothers and sisters between them and the union, and a union
    with children of its own beyond their bar comes down beside its end."""
    mx, y = unions[uid].mid
    cx, cy = at
    side = 1.0 if mx > cx else -1.0
    ex = cx + side * size / 4
    home = graph.nodes[child].parent
    siblings_too = together.get((uid, home), [])  # (`linked_together`)
    geo = unions.get(home or "")
    # (not a parent's remarriage listing her stepchildren: a partner in both unions tells them, and
    # their lines are left out rather than cross: `steps`)
    if len(siblings_too) < 2 or geo is None or geo.bar_y is None or home is None \
            or not set(graph.unions[uid].partners).isdisjoint(graph.unions[home].partners):
        return ((mx, y), (mx, run_y), (ex, run_y), (ex, cy - size / 2)), lines
    low, clear_of = under_their_bar(geo, cy - size / 2, [c for c in siblings_too if c != child], lines,
                                    toward=mx if past_siblings else None)
    assert geo.bar_x1 is not None and geo.bar_x2 is not None
    if past_siblings and unions[uid].bar_y is not None and not geo.bar_x1 <= mx <= geo.bar_x2:
        # a union with children of its own, beyond their sibship's bar (an aunt fostering two of her
        # sister's children beside her own): its line goes down beside the bar's end, not through its
        # own bar, and in under theirs
        xe = geo.bar_x2 + size / 4 if mx > geo.bar_x2 else geo.bar_x1 - size / 4
        return ((mx, y), (mx, run_y), (xe, run_y), (xe, low), (ex, low), (ex, cy - size / 2)), clear_of
    return ((mx, y), (mx, low), (ex, low), (ex, cy - size / 2)), clear_of


def under_their_bar(home: UnionGeometry, top: float, children: list[str], lines: list[Segment],
                    toward: float | None = None) -> tuple[float, list[Segment]]:
    """Where a line to brothers and sisters fostered together runs across (halfway between their
    sibship's bar and the top of their symbols, ``top``), and the lines it must not cross: all but
    those down to ``children`` and to the brothers and sisters standing between them (a brother the
    grandparents do not foster, between two they do: his line is crossed once, where the chain to
    the second was given up for her copy), or between them and ``toward``, the x the line comes from
    (their younger brother, who stays with the parents, between them and the aunt who fosters them)."""
    assert home.bar_y is not None
    xs = [home.descents[c][-1][0] for c in children if c in home.descents]
    if toward is not None:
        xs.append(toward)
    lo, hi = (min(xs), max(xs)) if xs else (0.0, 0.0)
    crossed = [c for c, path in home.descents.items() if c in children or lo < path[-1][0] < hi]
    own = {seg for c in crossed for seg in itertools.pairwise(home.descents[c])}
    return home.bar_y + (top - home.bar_y) / 2, [seg for seg in lines if seg not in own]


def without_repeats(path: list[Point]) -> tuple[Point, ...]:
    """The path with each point that repeats the one before left out."""
    clean: list[Point] = [path[0]]
    for p in path:
        if clean[-1] != p:
            clean.append(p)
    return tuple(clean)


def join_chain(graph: Graph, unions: dict[str, UnionGeometry], positions: dict[str, Point], size: float,
               run_y: float, end: str, children: list[str], lines: list[Segment]) -> bool:
    """Draw on the line from a union down a chain of pass-through points (ending at the union ``end``)
    to the linked children rows lower (`geometry._join_links`): from the last point down to ``run_y``
    (just above the sibship bars of its row), across and onto each child's symbol beside its first
    line.  Brothers and sisters the grandparents foster together share the chain: it runs across
    under their own sibship's bar instead and crosses only their lines down (as `link_route` does for
    a sibship fostered together one row down): each drawn once.  False (and nothing drawn) when that
    would cross a line.  Where a child's symbol stands out of the union's birth order (its line
    leaves the bar in order), the sibship counts as bent, as `--check` reports (a line from the bar
    reads more easily than the child drawn twice), except where the convention expects a copy (a
    family with a marriage between relatives) or the sibship must stay in birth order: False then too."""
    geo = unions[graph.via[end]]
    last = graph.unions[end].partners[0]
    stub = geo.descents[last]
    vx = stub[-1][0]
    home = unions.get(graph.nodes[children[0]].parent or "")
    clear_of = lines
    if len(children) > 1 and home is not None and home.bar_y is not None:
        run_y, clear_of = under_their_bar(home, min(positions[c][1] for c in children) - size / 2, children,
                                          lines)
    routes: dict[str, tuple[Point, ...]] = {}
    for child in children:
        cx, cy = positions[child]
        ex = cx + (1.0 if vx > cx else -1.0) * size / 4
        routes[child] = without_repeats([*stub, (vx, run_y), (ex, run_y), (ex, cy - size / 2)])
    drawn = [route[len(stub) - 1:] for route in routes.values()]
    if any(route_crosses(route, clear_of) for route in drawn):
        return False
    order = tuple(c for kept in geo.children for c in (children if kept == last else [kept]))
    xs = [positions[c][0] for c in order if c in positions]
    if any(b <= a for a, b in itertools.pairwise(xs)):
        # (no bend where the convention expects a copy, as for a married child: `units._copy_excused`)
        if geo.id in graph.unbendable or graph.related_unions():
            return False
        graph.bent[geo.id] = (*graph.bent.get(geo.id, ()), *children)
    geo.children = order
    descents: dict[str, tuple[Point, ...]] = {}
    for kept, path in geo.descents.items():
        if kept == last:
            descents.update(routes)
        else:
            descents[kept] = path
    geo.descents = descents
    lines.extend(seg for route in drawn for seg in itertools.pairwise(route))
    return True
