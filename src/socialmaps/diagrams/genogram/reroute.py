"""The emotional relationship lines routed as a set: nearest pairs first, then the lines that
crossed a name routed again before the lines that took their ways.

`route.DirectRouter` routes one line at a time against everything drawn before it, so the
order decides who gets a free way out of a crowded person: a line to a boy's stepbrother at
the other end of the row, routed after his lines to his mother and sisters, found every way
out of his symbol taken and bowed under the whole row through both boys' names.  When a line
still crosses a name, it is ripped up with the other lines
at its two people (the ones that compete with it for the room round their symbols) and they
are routed again, the stuck line first; the lines elsewhere stay as they were.  The new routes
are kept only if they cost less together than the old ones.  A line that the new order leaves
stuck in its turn joins the first ones in the next round (at most `REROUTES` rounds).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from ...geometry import Box, Point
from .route import DirectRouter, Person, RouteMemo

# Rounds of ripping up and routing again, at most (each routes only the lines at the people
# of the lines still crossing a name).
REROUTES = 2


@dataclass(frozen=True)
class WantedLine:
    """A relationship line to route: its two ends (arrows point at b) and its drawn width."""

    a: Person
    b: Person
    width: float


@dataclass(frozen=True)
class _Scene:
    people: list[Person]
    labels: list[Box]
    structure: list[Sequence[Point]]
    font_size: float
    memo: RouteMemo = field(default_factory=RouteMemo)  # (one for every round's router)

    def router(self) -> DirectRouter:
        return DirectRouter(self.people, self.labels, self.structure, self.font_size, memo=self.memo)


def route_lines(people: list[Person], labels: list[Box], structure: list[Sequence[Point]],
                font_size: float, wanted: Sequence[WantedLine]) -> list[list[Point]]:
    """A route for each wanted line, in the order given (nearest pairs first)."""
    scene = _Scene(people, labels, structure, font_size)
    router = scene.router()
    routes: list[list[Point]] = []
    costs: list[float] = []
    names: list[int] = []
    for w in wanted:
        routes.append(router.route(w.a, w.b, w.width))
        costs.append(router.last_cost)
        names.append(router.last_names)
    first: list[int] = []
    turn = list(range(len(wanted)))  # when each line was routed in the last round
    for _ in range(REROUTES):
        # (a stuck line routed before every other line at its people has no way to win back)
        stuck = [k for k, n in enumerate(names) if n and k not in first and any(
            turn[j] < turn[k] for j in _sharing(wanted, k))]
        if not stuck:
            break
        first += stuck
        ends = {n for k in first for n in (wanted[k].a.node, wanted[k].b.node)}
        others = [k for k, w in enumerate(wanted)
                  if k not in first and (w.a.node in ends or w.b.node in ends)]
        redo = first + others
        turn = [redo.index(k) if k in redo else -1 for k in range(len(wanted))]
        new_routes, new_costs, new_names = _route_again(scene, wanted, routes, redo)
        # who is stuck next: as this round found them, whether its routes are kept or not
        names = [new_names.get(k, n) for k, n in enumerate(names)]
        if sum(new_costs.values()) < sum(costs[k] for k in redo):
            for k in redo:
                routes[k], costs[k] = new_routes[k], new_costs[k]
    return routes


def _sharing(wanted: Sequence[WantedLine], k: int) -> list[int]:
    """The other lines at either of line k's two people."""
    ends = (wanted[k].a.node, wanted[k].b.node)
    return [j for j, w in enumerate(wanted) if j != k and (w.a.node in ends or w.b.node in ends)]


def _route_again(scene: _Scene, wanted: Sequence[WantedLine], routes: list[list[Point]],
                 redo: list[int]) -> tuple[dict[int, list[Point]], dict[int, float], dict[int, int]]:
    """The lines of `redo` routed again in that order, every other line kept where it is."""
    router = scene.router()
    again = set(redo)
    for k, w in enumerate(wanted):
        if k not in again:
            router.keep(routes[k], w.a, w.b, w.width)
    new_routes: dict[int, list[Point]] = {}
    new_costs: dict[int, float] = {}
    new_names: dict[int, int] = {}
    for k in redo:
        w = wanted[k]
        new_routes[k] = router.route(w.a, w.b, w.width)
        new_costs[k], new_names[k] = router.last_cost, router.last_names
    return new_routes, new_costs, new_names
