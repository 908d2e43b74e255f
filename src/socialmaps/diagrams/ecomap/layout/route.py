"""Step 3, routing: each tie's line from end to end.

Objective: straight where it can be, else the gentlest bow or one path round the outside of the
ring, keeping a clearance from every circle it does not end at; a tie from a household member
leaves the centre by its member's way out and never re-enters it.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterator, Sequence

from ....geometry import Box, Point
from ....model import Tie
from ..centre import Port, choose_ports
from ..paths import (
    EndShape,
    clip_ends,
    depth_in_circle,
    length,
    normal,
    offset,
    polyline_hits_box,
    unit,
)
from .index import Grid, Obstacle
from .records import CenterLayout, Config, port_spacing


def _route(a: Point, b: Point, sa: EndShape, sb: EndShape, ends: set[str], shift: float,
           obstacles: Grid, ring: tuple[float, float] | None, cfg: Config,
           soft: Sequence[tuple[str, Box]] = (), keep_out: tuple[Point, float] | None = None,
           shortest: bool = False) -> tuple[list[Point], bool]:
    """A path from end to end that keeps `cfg.clear` from every circle it does not end at:
    straight if it can, else with one bend, else round the outside of the rings (with `shortest`,
    the shortest of those that keep clear, not the first).  `keep_out`: a circle the path may start
    on but not enter (the centre, for a tie leaving it by a stub)."""
    best: tuple[bool, int, float, list[Point]] | None = None
    shortest_clear = math.inf  # with `shortest`: the length of the shortest clear path so far
    for pts in _candidates(a, b, ring):
        if shift:
            pts = offset(pts, shift)
        if length(pts) >= shortest_clear:
            continue  # longer than a clear one found (clipping takes about as much off each)
        try:
            clipped = clip_ends(pts, sa, sb)
        except (ValueError, ZeroDivisionError):
            continue
        if length(clipped) < 1.0:
            continue
        worst = -math.inf
        # Only a circle within `clear` of the path has a depth > 0, the one thing asked of
        # `worst`; the others, farther, are found or not without changing the answer.
        for obstacle in obstacles.near_path(clipped, cfg.clear):
            assert isinstance(obstacle, Obstacle)
            if obstacle.id in ends:
                continue
            worst = max(worst, depth_in_circle(clipped, (obstacle.x, obstacle.y), obstacle.r + cfg.clear))
            if worst > 0:
                break
        if keep_out is not None:
            worst = max(worst, depth_in_circle(clipped, keep_out[0], keep_out[1] - 0.5))
        # Inside the centre a tie should not run over another person's symbol or name: not an
        # error for the checker, but a reader would take the line to end there.
        hits = sum(1 for key, box in soft if key not in ends and polyline_hits_box(clipped, box))
        if worst <= 0 and hits == 0:
            if not shortest:
                return clipped, True
            shortest_clear = length(pts)
        score = (worst > 0, hits, max(worst, 0.0) if worst > 0 or hits else length(clipped), clipped)
        if best is None or score[:3] < best[:3]:
            best = score
    assert best is not None
    return best[3], not best[0]


def _candidates(a: Point, b: Point, ring: tuple[float, float] | None) -> Iterator[list[Point]]:
    """The lines `_route` tries, in its order: straight, bowed more and more, round the ring both
    ways; made one at a time, since most ties take the first."""
    yield [a, b]
    yield from _bows(a, b, (0.12, -0.12, 0.25, -0.25, 0.4, -0.4))
    if ring is not None:
        radius, _ = ring
        ta, tb = math.atan2(a[1], a[0]), math.atan2(b[1], b[0])
        short = (tb - ta + math.pi) % (2 * math.pi) - math.pi
        for sweep in (short, short - math.copysign(2 * math.pi, short)):
            steps = max(2, int(abs(sweep) / math.radians(8)))
            arc = [(radius * math.cos(ta + sweep * i / steps), radius * math.sin(ta + sweep * i / steps))
                   for i in range(steps + 1)]
            yield [a, *arc, b]


def _bows(a: Point, b: Point, ks: Sequence[float]) -> Iterator[list[Point]]:
    """Curves from a to b bowed sideways, each pulled towards a point k * 2 * |ab| off the middle
    (k > 0 to the left of a -> b, k < 0 to the right)."""
    span = math.hypot(b[0] - a[0], b[1] - a[1])
    n = normal(unit(a, b))
    mid = ((a[0] + b[0]) / 2, (a[1] + b[1]) / 2)
    for k in ks:
        yield _curve(a, b, (mid[0] + n[0] * 2 * k * span, mid[1] + n[1] * 2 * k * span))


def _curve(a: Point, b: Point, c: Point, steps: int = 12) -> list[Point]:
    """A quadratic Bézier from a to b pulled towards c, as a polyline (what the checker measures)."""
    out = []
    for i in range(steps + 1):
        t = i / steps
        u = 1 - t
        out.append((u * u * a[0] + 2 * u * t * c[0] + t * t * b[0],
                    u * u * a[1] + 2 * u * t * c[1] + t * t * b[1]))
    return out


def _stubs(center: CenterLayout, ties: Sequence[Tie], shapes: dict[str, tuple[Point, EndShape]],
           cfg: Config) -> dict[int, Port]:
    """The way out of the centre each tie from a household member takes (by the tie's index): the
    ties of one member share out its ways out, each the one that leads most directly to its other
    end, fanned in the order of those ends round the centre (`centre.choose_ports`)."""
    if not center.ports or center.scene is None:
        return {}
    by_member: dict[str, list[int]] = defaultdict(list)
    for i, tie in enumerate(ties):
        member = tie.from_ if tie.from_ in center.ports else tie.to if tie.to in center.ports else None
        if member is not None and center.ports[member]:
            by_member[member].append(i)
    out: dict[int, Port] = {}
    # The stubs chosen so far, which the next member's avoid, and the ties between two members.
    taken: list[tuple[Point, Point]] = [(pts[k], pts[k + 1]) for pts in center.inner_paths
                                        for k in range(len(pts) - 1)]
    ends: list[Point] = []                 # and where they leave the rim
    for member in sorted(by_member, key=lambda m: (-len(by_member[m]), m)):
        own = by_member[member]
        targets = [shapes[ties[i].to if ties[i].from_ == member else ties[i].from_][0] for i in own]
        chosen = choose_ports(center.scene, center.ports[member], targets, port_spacing(cfg), taken, ends)
        out.update(zip(own, chosen, strict=True))
        ends += [p.end for p in chosen]
        taken += [(p.path[k], p.path[k + 1]) for p in chosen for k in range(len(p.path) - 1)]
    return out


def _from_stub(tie: Tie, port: Port, center: CenterLayout, shapes: dict[str, tuple[Point, EndShape]],
               circles: Grid, cfg: Config) -> tuple[Tie, list[Point], bool]:
    """A tie from a household member: its stub to the rim, then on from there clear of every circle
    and never back into the centre; in the tie's own direction."""
    member = tie.from_ if tie.from_ in center.ports else tie.to
    other = tie.to if member == tie.from_ else tie.from_
    e = port.end
    b, sb = shapes[other]
    outer, clear = _route(e, b, EndShape("circle", e[0], e[1], 0.0), sb, {member, other, "center"}, 0.0,
                          circles, (center.r + 2 * cfg.clear, 0.0), cfg, (),
                          keep_out=((center.x, center.y), center.r), shortest=True)
    pts = [*port.path[:-1], *outer]
    if member == tie.to:
        pts.reverse()
    return tie, pts, clear
