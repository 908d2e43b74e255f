"""Body map callouts: each mark's text in a margin column and the leader that joins it to the
mark's symbol.

Objective, in this order: on each side of a view the callouts stand in number order from top
to bottom (numbers run head to toe, so a reader scans a column as the body); no leader runs over
an arm or a hand (other than its own mark's region), through another mark's symbol, or across
another leader; then each leader runs as little as it can over other body parts, and its callout
stands as near its symbol's height as the column allows.

Steps
1. ``wish``: each callout's wished height and leader, from candidate heights round its
   symbol's and three routes: straight, or bent once at a point off the body over the shoulder
   or under the hand (``outline.leader_waypoints``), which is how a leader from the chest or the
   belly gets round the arm hanging beside it.  A sampled cost ranks the candidates; the best one
   whose leader keeps off the arms, hands and symbols (tested exactly) wins.
2. ``stack``: the column's callouts in number order, each at its wish or just under the one
   above; pushed up from the bottom when the column overflows.
3. ``route``: down each column, each leader takes the best route that keeps off the arms,
   hands, symbols and the leaders already routed, from its callout's stacked place or, failing
   that, from the nearest place a few half lines up or down (never above the callout before it);
   when none does, the least bad one from its stacked place, and the layout counts a fault.

Maps with more than ``ROUTED_MARKS`` marks (or placed on the lattice) skip steps 1 and 3: their
leaders run straight to callouts stacked in number order, in time linear in the marks.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from itertools import pairwise

from ... import text as tm
from ...geometry import closest_on_segment, distance, segments_cross
from . import outline
from .records import ViewPlace
from .symbols import EXTENT

Point = tuple[float, float]
Route = tuple[Point, ...]  # the leader's points: symbol rim, its bends, the callout's edge
Bend = tuple[Point, ...]  # where a leader bends between its symbol and its callout (page)

#: Up to this many marks the leaders are routed round the arms, hands and symbols; beyond it
#: (a map of hundreds of marks) they run straight, so the time stays linear in the marks.
ROUTED_MARKS = 300
#: How far (page units) a leader keeps from a symbol it does not belong to, beyond its reach.
SYMBOL_GAP = 0.5
#: What a bend costs, in the units of the sampled cost (page units): a straight leader wins
#: unless the bend saves that much running over the body.
BEND_COST = 15.0
#: What a leader pays per page unit it climbs and then drops again (or drops and climbs): a V over
#: the shoulder down to a callout at the chest's height reads worse than a callout at the
#: shoulder's height reached straight on.
TURN_BACK = 1.0
#: Page units between the samples that price a leader's run over the body (the exact tests of
#: arms, hands, symbols and leaders do not sample).
SAMPLE = 5.0
#: How many half lines a callout may move up or down from its stacked place to let its leader
#: keep clear.
SHIFTS = 8
#: How many reorderings of one column the routing may try to clear a leader that failed.
REORDERS = 12
#: How far (in symbol radii) a leader's sideways first step goes from the symbol's centre.
SIDESTEP = 2 * EXTENT + 0.4
#: The directions (radians off the way to the column) of the slanting first steps tried.
SLANTS = tuple(math.radians(d) for d in (-75, -60, -45, -30, -15, 15, 30, 45, 60, 75))


@dataclass
class Pending:
    """One callout while it is placed."""

    number: int
    view: ViewPlace
    region: str
    centre: Point  # page
    column: int
    attach_x: float  # the column edge the leader ends at
    text_x: float
    anchor: str
    heading: tuple[str, ...]
    note: tuple[str, ...]
    height: float  # first line's top to last line's bottom
    r: float  # symbol radius
    desired: float = 0.0  # wanted top of the text
    top: float = 0.0  # placed top of the text
    bend: Bend = ()  # where the leader bends (page); () straight


def first_line_middle(size: float) -> float:
    """From a text's top (ascent above the first baseline) to the middle of its first line."""
    return (tm.ascent(size) + tm.descent(size)) / 2


# --------------------------------------------------------------------------- what a leader must avoid

_RES = 2.0  # scanline spacing of the region lookup, outline units


@cache
def _scanlines(view: str, figure: str) -> tuple[tuple[tuple[float, float, str], ...], ...]:
    """Per scanline (y = (i + 0.5) * _RES), the x intervals covered by each region of the view;
    an outline point (x, y) lies on the region of the first interval of row ``int(y / _RES)``
    that holds x, or off the body."""
    ys = [(i + 0.5) * _RES for i in range(int(outline.HEIGHT / _RES) + 1)]
    rows: list[list[tuple[float, float, str]]] = [[] for _ in ys]
    for region in outline.regions_for(view):
        for row, xs in zip(rows, outline.region_shape(region, view, figure).rows(ys), strict=True):
            row += [(xs[j], xs[j + 1], region) for j in range(0, len(xs) - 1, 2)]
    return tuple(tuple(row) for row in rows)


@dataclass
class Scene:
    """What the leaders of one view keep off: the symbols (centre, reach) and the leaders
    already routed, per column."""

    symbols: list[tuple[Point, float]]
    leaders: dict[int, list[Route]] = field(default_factory=dict)

    def symbols_near(self, p: Pending, y0: float, y1: float) -> list[tuple[Point, float]]:
        """The other symbols within their reach of the box every leader of p tried lies in."""
        # The first steps off the symbol (`_bends`) reach this far from its centre.
        step = 2 * SIDESTEP * p.r
        x0, x1 = min(p.centre[0], p.attach_x) - step, max(p.centre[0], p.attach_x) + step
        y0, y1 = min(y0, p.centre[1] - step), max(y1, p.centre[1] + step)
        return [(c, reach) for c, reach in self.symbols if c != p.centre
                and x0 - reach <= c[0] <= x1 + reach and y0 - reach <= c[1] <= y1 + reach]


def _over(place: ViewPlace, own: str, a: Point, b: Point) -> tuple[int, int, int]:
    """Along the segment a-b (page), sampled every SAMPLE page units: how many samples lie on a body
    region other than ``own``, how many of those on an arm or a hand, and the sample count."""
    rows = _scanlines(place.view, place.figure)
    n = len(rows)
    steps = max(2, int(math.dist(a, b) / SAMPLE))
    (ax, ay), (bx, by) = place.local(a), place.local(b)
    over = limbs = 0
    for k in range(1, steps):
        t = k / steps
        i = int((ay + t * (by - ay)) / _RES)
        if not 0 <= i < n:
            continue
        qx = ax + t * (bx - ax)
        for x0, x1, region in rows[i]:
            if x0 <= qx <= x1:
                if region != own:
                    over += 1
                    limbs += region.partition("-")[2] in outline.LIMB_KINDS
                break
    return over, limbs, steps


def _sampled_cost(p: Pending, route: Route, near: Sequence[tuple[Point, float]],
                  memo: dict[tuple[Point, Point], float] | None = None) -> float:
    """How bad a route looks from samples: length over other body parts, a heavy price per
    sample on an arm or hand and per symbol passed, the bend, and how far the end climbs or drops
    from the symbol's height.  ``memo`` keeps the cost of segments met again (the first legs of
    bent leaders are the same whatever the callout's height)."""
    cost = BEND_COST * (len(route) - 2) + 0.35 * abs(route[-1][1] - p.centre[1])
    for (a, b), (_, c) in pairwise(pairwise(route)):
        up, on = b[1] - a[1], c[1] - b[1]
        if up * on < 0:  # a leader that climbs over the shoulder and drops again to its callout
            cost += TURN_BACK * min(abs(up), abs(on))
    for a, b in pairwise(route):
        found = memo.get((a, b)) if memo is not None else None
        if found is None:
            over, limbs, steps = _over(p.view, p.region, a, b)
            found = (over * 3 + limbs * 1000) * math.dist(a, b) / steps
            found += 1000 * sum(1 for c, reach in near if distance(closest_on_segment(a, b, c), c) < reach)
            if memo is not None:
                memo[(a, b)] = found
        cost += found
    return cost


def _crosses_limb(p: Pending, route: Route) -> bool:
    """Whether the route runs over an arm or hand region of its view other than its own (exact)."""
    place = p.view
    pts = [place.local(q) for q in route]
    for region in outline.limb_regions(place.view):
        if region == p.region:
            continue
        shape = outline.region_shape(region, place.view, place.figure)
        for a, b in pairwise(pts):
            if (max(a[0], b[0]) < shape.x0 or min(a[0], b[0]) > shape.x1
                    or max(a[1], b[1]) < shape.y0 or min(a[1], b[1]) > shape.y1):
                continue
            if shape.contains(a) or shape.contains(b) or _hits_edges(a, b, shape.poly):
                return True
    return False


def _hits_edges(a: Point, b: Point, poly: Sequence[Point]) -> bool:
    return any(segments_cross(a, b, poly[i - 1], poly[i]) for i in range(len(poly)))


def _fits(p: Pending, route: Route, near: Sequence[tuple[Point, float]], others: Sequence[Route]) -> bool:
    """Whether the route keeps off the arms and hands, the other symbols and ``others`` leaders."""
    segments = list(pairwise(route))
    for a, b in segments:
        if any(distance(closest_on_segment(a, b, c), c) < reach for c, reach in near):
            return False
    for other in others:
        for c, d in pairwise(other):
            if any(segments_cross(a, b, c, d) for a, b in segments):
                return False
    return not _crosses_limb(p, route)


# --------------------------------------------------------------------------- routes

def _bends(p: Pending) -> list[Bend]:
    """Straight, and bent at the waypoints on p's side between the symbol and its column; each
    also with a first step sideways off the symbol (towards the column), which takes a leader
    clear of a neighbouring symbol above or below it."""
    place = p.view
    left = p.attach_x < p.centre[0]
    points: list[Point] = []
    for x, y in outline.leader_waypoints(place.figure):
        bend = place.page((x, y) if left else (outline.WIDTH - x, y))
        if min(p.attach_x, p.centre[0]) < bend[0] < max(p.attach_x, p.centre[0]):
            points.append(bend)
    out = (-1 if left else 1) * SIDESTEP * p.r
    side = (p.centre[0] + out, p.centre[1])
    # Diagonal first steps, up or down towards the column: a leader from a symbol hemmed in by
    # neighbours beside it (a crowded pelvis, an elbow beside the forearm) slips out between them.
    slants = [(p.centre[0] + reach * out * math.cos(a), p.centre[1] + reach * SIDESTEP * p.r * math.sin(a))
              for reach in (1.0, 2.0) for a in SLANTS]
    return [(), *((b,) for b in points), (side,), *((side, b) for b in points),
            *((s,) for s in slants), *((s, b) for s in slants for b in points)]


def leader(p: Pending, end: Point, bend: Bend) -> Route:
    """The leader's points: from the symbol's rim (towards the first bend or the end) through
    the bends to ``end``."""
    towards = bend[0] if bend else end
    dx, dy = towards[0] - p.centre[0], towards[1] - p.centre[1]
    length = math.hypot(dx, dy) or 1.0
    start = (p.centre[0] + dx / length * p.r, p.centre[1] + dy / length * p.r)
    return (start, *bend, end)


def wish(p: Pending, ys: Sequence[float], scene: Scene, middle: float) -> None:
    """Set p's wished top and bend: the candidate (end height in ``ys``, route) with the least
    sampled cost whose leader fits; failing all, the least costly."""
    cy = p.centre[1]
    near = scene.symbols_near(p, min(cy, *ys), max(cy, *ys))
    bends = _bends(p)
    ranked: list[tuple[float, float, float, int]] = []
    best = math.inf
    memo: dict[tuple[Point, Point], float] = {}
    for y in sorted(ys, key=lambda v: (abs(v - cy), v)):
        if 0.35 * abs(y - cy) > best:
            break  # the cost is never below this term, so no farther y can win
        for k, bend in enumerate(bends):
            cost = _sampled_cost(p, leader(p, (p.attach_x, y), bend), near, memo)
            best = min(best, cost)
            ranked.append((cost, abs(y - cy), y, k))
    ranked.sort()
    chosen = next((c for c in ranked[:24]
                   if _fits(p, leader(p, (p.attach_x, c[2]), bends[c[3]]), near, ())), ranked[0])
    p.desired, p.bend = chosen[2] - middle, bends[chosen[3]]


def _best_route(p: Pending, end: Point, scene: Scene, others: Sequence[Route]) -> tuple[float, Bend, bool]:
    """(cost, bend, fits) of the least costly route to ``end`` that fits, else of the least costly."""
    near = scene.symbols_near(p, min(p.centre[1], end[1]), max(p.centre[1], end[1]))
    ranked = sorted((_sampled_cost(p, leader(p, end, bend), near), k, bend)
                    for k, bend in enumerate(_bends(p)))
    for cost, _, bend in ranked:
        if _fits(p, leader(p, end, bend), near, others):
            return cost, bend, True
    return ranked[0][0], ranked[0][2], False


def route(p: Pending, scene: Scene, room: Column, highest: float) -> bool:
    """Fix p's top and bend: at its stacked top if a route from there fits (keeps off the arms,
    hands, symbols and the leaders already routed), else at the nearest top that lets one fit
    (never above ``highest``, at most ``SHIFTS`` half lines away); failing all, the stacked
    top with the least costly route (False).  The leader joins the scene."""
    others = scene.leaders.setdefault(p.column, [])
    base = max(p.top, highest)
    tops = [base]
    for k in range(1, SHIFTS + 1):
        if base - k * room.step / 2 >= highest:
            tops.append(base - k * room.step / 2)
        tops.append(base + k * room.step / 2)
    fitted = False
    for k, top in enumerate(tops):
        _, bend, fitted = _best_route(p, (p.attach_x, top + room.middle), scene, others)
        if fitted or k == 0:
            p.top, p.bend = top, bend
        if fitted:
            break
    others.append(leader(p, (p.attach_x, p.top + room.middle), p.bend))
    return fitted


# --------------------------------------------------------------------------- columns

def stack(order: Sequence[Pending], top: float, bottom: float, gap: float) -> None:
    """Tops in the given order: each at its wish or just below the one above; pushed up from
    the bottom when the column overflows (never above `top`)."""
    cursor = top
    for p in order:
        p.top = max(p.desired, cursor)
        cursor = p.top + p.height + gap
    if cursor - gap > bottom:
        limit = bottom
        for p in reversed(order):
            p.top = min(p.top, limit - p.height)
            limit = p.top - gap
        cursor = top
        for p in order:  # if even that overflows the top, the column grows downwards
            p.top = max(p.top, cursor)
            cursor = p.top + p.height + gap


@dataclass(frozen=True)
class Column:
    """The room a column's callouts have: their tops between ``top`` and ``bottom``."""

    top: float
    bottom: float
    gap: float  # between two callouts
    step: float  # one text line
    middle: float  # from a text's top to its first line's middle


#: Pairs of leaders the columns' untangling may test in all (each swap tried recounts the
#: crossings of its column): ordinary maps need a few thousand.
SWAP_BUDGET = 300_000


@dataclass
class _SwapWork:
    left: int = SWAP_BUDGET


def _route_of(p: Pending, middle: float) -> Route:
    return leader(p, (p.attach_x, p.top + middle), p.bend)


def _crossings(order: list[Pending], middle: float, work: _SwapWork) -> list[tuple[int, int]]:
    """Pairs (positions in order) of leaders of one column and view that cross."""
    work.left -= len(order) * (len(order) - 1) // 2
    routes = [_route_of(p, middle) for p in order]
    return [(i, j) for i in range(len(order)) for j in range(i + 1, len(order))
            if order[i].view is order[j].view and _routes_cross(routes[i], routes[j])]


def _routes_cross(a: Route, b: Route) -> bool:
    return any(segments_cross(p, q, r, s) for p, q in pairwise(a)
               for r, s in pairwise(b))


def _untangle(order: list[Pending], room: Column, work: _SwapWork) -> list[Pending]:
    """Swap callouts whose leaders cross while a swap removes crossings and the budget lasts;
    the column stacked as the order returned."""
    stack(order, room.top, room.bottom, room.gap)
    if len(order) * (len(order) - 1) // 2 > work.left:
        return order  # not even one count of the crossings is left in the budget
    crossing = _crossings(order, room.middle, work)
    for _ in range(4 * len(order) * len(order)):
        if not crossing or work.left < 0:
            break
        for i, j in crossing:
            if work.left < 0:
                break
            trial = list(order)
            trial[i], trial[j] = trial[j], trial[i]
            stack(trial, room.top, room.bottom, room.gap)
            after = _crossings(trial, room.middle, work)
            if len(after) < len(crossing):
                order, crossing = trial, after
                break
        else:
            break  # no swap helps
    stack(order, room.top, room.bottom, room.gap)
    return order


def _regions_in_order(order: Sequence[Pending]) -> None:
    """Within one region of one view, the symbols' places handed out in callout order, top to
    bottom: the callout above gets the symbol above (so numbers run down a region too)."""
    groups: dict[tuple[str, str], list[Pending]] = {}
    for p in order:
        groups.setdefault((p.view.view, p.region), []).append(p)
    for group in groups.values():
        spots = sorted(((p.centre, p.r) for p in group), key=lambda s: (s[0][1], s[0][0]))
        for p, (centre, r) in zip(group, spots, strict=True):
            p.centre, p.r = centre, r


def arrange(pending: Sequence[Pending], columns: int, room: Column, routed: bool) -> int:
    """Place every callout (tops, bends; symbols of one region handed out in callout order);
    return how many leaders could not be routed clear.

    ``routed`` False (very many marks): straight leaders, each callout as near its symbol's
    height as the stack allows, in the order of the symbols' heights."""
    scenes: dict[str, Scene] = {}
    for p in pending:
        scenes.setdefault(p.view.view, Scene([])).symbols.append((p.centre, p.r * EXTENT + SYMBOL_GAP))
    for p in pending:
        if not routed:
            p.desired = p.centre[1] - room.middle
            continue
        ys = [p.centre[1] + k * room.step for k in range(-20, 21)]
        ys = [y for y in ys if room.top + room.middle <= y <= room.bottom] or [p.centre[1]]
        wish(p, ys, scenes[p.view.view], room.middle)
    faults = 0
    work = _SwapWork()
    for c in range(columns):
        order = sorted((p for p in pending if p.column == c),
                       key=lambda p: (p.desired, p.centre[1], p.centre[0], p.number))
        if not routed:
            stack(order, room.top, room.bottom, room.gap)
            continue
        faults += _route_column(_untangle(order, room, work), c, scenes, room)
    return faults


def _route_pass(order: Sequence[Pending], column: int, scenes: dict[str, Scene], room: Column) -> list[int]:
    """Route the column's leaders top to bottom in this order; the positions that failed."""
    for scene in scenes.values():
        scene.leaders.pop(column, None)
    stack(order, room.top, room.bottom, room.gap)
    _regions_in_order(order)
    failed = []
    highest = room.top
    for i, p in enumerate(order):
        if not route(p, scenes[p.view.view], room, highest):
            failed.append(i)
        highest = p.top + p.height + room.gap
    return failed


def _route_column(order: list[Pending], column: int, scenes: dict[str, Scene], room: Column) -> int:
    """Route the column; while a leader fails, try its callout one place up or down (at most
    ``REORDERS`` tries), keeping the order with the fewest failures.  Returns that count."""
    failed = _route_pass(order, column, scenes, room)
    tries = 0
    while failed and tries < REORDERS:
        improved = False
        for i in failed:
            for j in (i - 1, i + 1):
                if not 0 <= j < len(order) or tries >= REORDERS:
                    continue
                tries += 1
                trial = list(order)
                trial[i], trial[j] = trial[j], trial[i]
                after = _route_pass(trial, column, scenes, room)
                if len(after) < len(failed):
                    order, failed, improved = trial, after, True
                    break
            if improved:
                break
        if not improved:
            break
    _route_pass(order, column, scenes, room)
    return len(failed)


__all__ = ["ROUTED_MARKS", "SWAP_BUDGET", "Column", "Pending", "Route", "arrange", "first_line_middle",
           "leader", "stack"]
