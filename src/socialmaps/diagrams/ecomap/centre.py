"""Ways out of the household centre: where a tie from a member leaves the circle.

A tie from a household member to a system outside starts at the member's symbol and must reach
the centre's rim crossing none of the small genogram's lines and no other member, and where it
can no name either.  A `Port` is such a way out: a straight stub, or, where no straight one is
free, a stub with one bend.  The ring is turned so that each member's systems lie on the side of
the centre their ports face (`facing`), and each tie takes the port that leads most directly to
its system, the ties of one member fanned out in the order of their systems so that their stubs
neither overlap nor cross (`choose_ports`).  A tie between two members that cannot run straight
between them without crossing the genogram goes out by a port of each and along the inside of the
rim, where the genogram does not reach (`rim_route`).

Pure geometry on points and boxes: the layout hands in what the centre draws.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import NamedTuple

from ...geometry import Box, Point, closest_on_segment, distance, segment_box_hits, segments_cross
from .paths import EndShape, offset

Segment = tuple[Point, Point]
STRAIGHT_STEP = math.radians(3)   # directions tried for a straight stub
OUTWARD = 0.2                     # the least cosine between a tie's first outer leg and the rim's normal
# A length of stub inside the centre counts this many times a length outside it: inside, a tie runs
# past the household's people and lines, where a reader takes it for theirs.
INSIDE_COST = 4.0
# What a bend in a way out costs beyond its length, in radii: a straight stub reads as the tie's own.
BEND_COST = 0.4
# What leaving the rim sideways and going round it costs beyond its length, in radii ...
ROUND_COST = 0.5
# ... and on a map whose ties still cross, in the try that asks for fewer ways round (a member
# whose ties leave by its short side and wind round the rim to systems all round crosses every tie
# of the members between: generated household 36, 111 crossing points with the first, 10 with this).
ROUND_COST_CROSSED = 1.5
SHORT_SPAN = 0.5                 # ways out this much longer than the shortest, in radii, hold no tie near
LONGEST_PORT = 1.05              # the longest way out kept where shorter ones exist, in radii
FEW_STRAIGHT = round(math.radians(100) / STRAIGHT_STEP)  # straight ways out over less than 100 degrees


@dataclass(frozen=True)
class Port:
    """A stub from a member's outline to the rim of the centre that crosses nothing of the centre."""

    path: tuple[Point, ...]   # from the member's outline to the rim
    rim: float                # polar angle of its end about the centre's middle
    named: bool               # it passes over a name (taken only where nothing else is free)

    @property
    def end(self) -> Point:
        return self.path[-1]

    @cached_property
    def length(self) -> float:
        return sum(distance(self.path[i], self.path[i + 1]) for i in range(len(self.path) - 1))


@dataclass(frozen=True)
class Member:
    """What a member is to the search: where the symbol is and how a ray leaves it."""

    id: str
    shape: EndShape
    box: Box

    @property
    def centre(self) -> Point:
        return (self.shape.cx, self.shape.cy)


@dataclass(frozen=True)
class Scene:
    """Everything of the centre a stub must keep off: the genogram's lines, the members' symbols and
    their names, inside a circle of radius r about (cx, cy)."""

    cx: float
    cy: float
    r: float
    lines: tuple[Segment, ...]
    members: tuple[Member, ...]
    names: tuple[tuple[str, Box], ...]
    clear: float              # how far a stub keeps from a line or a symbol it does not start at
    bend_step: float          # the spacing of the bend points tried
    width: float              # half the breadth of the widest tie (a strong tie drawn as three lines)
    round_cost: float = ROUND_COST  # what going round the rim costs a way out (`_costs`), in radii

    @property
    def middle(self) -> Point:
        return (self.cx, self.cy)

    @cached_property
    def fans(self) -> dict[int, _MemberFan]:
        """The members' fans of ways out made so far (`_member_fan`), by their ports' identity."""
        return {}

    @cached_property
    def guards(self) -> tuple[tuple[str, Box], ...]:
        """Each member's symbol box, down to the top of their name under it, grown by `clear`: what
        a stub of another member keeps out of (a tie that ran between a boy's square and his name,
        2 px from each, read as running through him)."""
        tops: dict[str, float] = {}
        for mid, box in self.names:
            tops[mid] = min(tops.get(mid, box.y0), box.y0)
        out = []
        for m in self.members:
            top = tops.get(m.id)
            box = m.box if top is None or top < m.box.y1 else Box(m.box.x0, m.box.y0, m.box.x1, top)
            out.append((m.id, box.expand(self.clear)))
        return tuple(out)


def segment_distance(p: Point, q: Point, a: Point, b: Point) -> float:
    """The shortest distance between segments pq and ab (0 when they cross)."""
    if segments_cross(p, q, a, b):
        return 0.0
    return min(distance(p, closest_on_segment(a, b, p)), distance(q, closest_on_segment(a, b, q)),
               distance(a, closest_on_segment(p, q, a)), distance(b, closest_on_segment(p, q, b)))


def _rim_hit(scene: Scene, p: Point, d: Point) -> Point:
    """Where a ray from p (inside the circle) along unit vector d meets the rim."""
    fx, fy = p[0] - scene.cx, p[1] - scene.cy
    b = fx * d[0] + fy * d[1]
    c = fx * fx + fy * fy - scene.r * scene.r
    t = -b + math.sqrt(max(0.0, b * b - c))
    return (p[0] + t * d[0], p[1] + t * d[1])


def _leg_free(scene: Scene, p: Point, q: Point, own: Member, lead: float) -> bool:
    """Whether a leg of a stub crosses nothing of the centre.  The first `lead` of it (from the
    member's outline) may come close to the lines that start at the member, as long as it does not
    cross them; beyond it every line and every other symbol is kept `clear` away."""
    total = distance(p, q)
    if total < 1e-9:
        return True
    ux, uy = (q[0] - p[0]) / total, (q[1] - p[1]) / total
    far = (p[0] + ux * min(lead, total), p[1] + uy * min(lead, total))
    w = scene.width
    sides = [(p, q), ((p[0] - uy * w, p[1] + ux * w), (q[0] - uy * w, q[1] + ux * w)),
             ((p[0] + uy * w, p[1] - ux * w), (q[0] + uy * w, q[1] - ux * w))]
    keep = max(w, scene.clear) + 1e-6
    for a, b in scene.lines:
        # Most lines are wholly to one side of the leg, or before or beyond it: nothing to measure.
        ax, ay, bx, by = a[0] - p[0], a[1] - p[1], b[0] - p[0], b[1] - p[1]
        na, nb = -uy * ax + ux * ay, -uy * bx + ux * by
        if (na > keep and nb > keep) or (na < -keep and nb < -keep):
            continue
        ta, tb = ux * ax + uy * ay, ux * bx + uy * by
        if (ta < -keep and tb < -keep) or (ta > total + keep and tb > total + keep):
            continue
        if any(segments_cross(s0, s1, a, b) for s0, s1 in sides):
            return False
        if lead < total and segment_distance(far, q, a, b) < scene.clear:
            return False
    x0, x1, y0, y1 = min(p[0], q[0]), max(p[0], q[0]), min(p[1], q[1]), max(p[1], q[1])
    for (mid, guard), m in zip(scene.guards, scene.members, strict=True):
        if guard.x0 > x1 or guard.x1 < x0 or guard.y0 > y1 or guard.y1 < y0:
            continue  # not even near the leg's box
        if mid == own.id:
            if lead == 0.0 and segment_box_hits(p, q, m.box):
                return False  # a later leg may not turn back through its own member
            continue
        if segment_box_hits(p, q, guard):
            return False
    return True


def _over_name(scene: Scene, path: Sequence[Point]) -> bool:
    pad = 0.3 * scene.clear
    for i in range(len(path) - 1):
        p, q = path[i], path[i + 1]
        x0, x1 = min(p[0], q[0]) - pad, max(p[0], q[0]) + pad
        y0, y1 = min(p[1], q[1]) - pad, max(p[1], q[1]) + pad
        for _id, box in scene.names:
            if box.x0 > x1 or box.x1 < x0 or box.y0 > y1 or box.y1 < y0:
                continue  # the name is not even near the segment's box
            if segment_box_hits(p, q, box.expand(pad)):
                return True
    return False


def _polar(scene: Scene, p: Point) -> float:
    return math.atan2(p[1] - scene.cy, p[0] - scene.cx)


def member_ports(scene: Scene, member: Member, ties: int = 0, spacing: float = 0.0) -> list[Port]:
    """Every way out for one member, sorted by where it meets the rim: straight stubs every few
    degrees; where few are free of names, or where they leave the rim over too short a stretch
    for the member's `ties` to leave it `spacing` apart, stubs with one bend as well."""
    lead = member.shape.half + scene.clear
    straight: list[Port] = []
    steps = round(2 * math.pi / STRAIGHT_STEP)
    for k in range(steps):
        a = k * 2 * math.pi / steps
        d = (math.cos(a), math.sin(a))
        start = member.shape.exit(member.centre, d)
        end = _rim_hit(scene, start, d)
        if not _leg_free(scene, start, end, member, lead):
            continue
        path = (start, end)
        straight.append(Port(path, _polar(scene, end), _over_name(scene, path)))
    ports = straight
    # Too few ways out straight (a child's own name below it leaves only two narrow wedges): the
    # ways round a name or a neighbour, with one bend, as well.
    if sum(1 for p in straight if not p.named) < FEW_STRAIGHT or \
            _room_along_rim(_short_ways(straight, scene.r), spacing) < ties:
        ports = straight + _bent_ports(scene, member, lead)
    if any(not p.named for p in ports):
        ports = [p for p in ports if not p.named]
    # A way out that runs across most of the centre is a tie across the household: the tie takes a
    # shorter one and goes round outside the rim instead, where there is one.
    if any(p.length <= LONGEST_PORT * scene.r for p in ports):
        ports = [p for p in ports if p.length <= LONGEST_PORT * scene.r]
    return sorted(ports, key=lambda p: (p.rim, p.length))


def _short_ways(ports: Sequence[Port], r: float) -> list[Port]:
    """The ways out over no name within half a radius of the shortest: a way out across the centre
    makes no room for a tie to leave near its member."""
    clean = [p for p in ports if not p.named]
    least = min((p.length for p in clean), default=0.0)
    return [p for p in clean if p.length <= least + SHORT_SPAN * r]


def _room_along_rim(ports: Sequence[Port], spacing: float) -> int:
    """How many ties could leave the rim by these ports at least `spacing` apart (greedily along
    the rim: the ports come sorted by their polar angle)."""
    if spacing <= 0.0:
        return len(ports)
    count, last = 0, None
    for port in sorted(ports, key=lambda p: p.rim):
        if last is None or distance(port.end, last) >= spacing:
            count, last = count + 1, port.end
    return count


def _bent_ports(scene: Scene, member: Member, lead: float) -> list[Port]:
    """Stubs with one bend: to a point inside the circle, then on to the rim straight out from the
    middle or along an axis.  Of those reaching the rim at about the same place the shortest is kept,
    one that passes no name before any that does."""
    step = scene.bend_step
    n = int(scene.r / step)
    clean: dict[int, Port] = {}   # per stretch of the rim, the shortest passing no name
    named: dict[int, Port] = {}   # and the shortest passing one
    for i in range(-n, n + 1):
        for j in range(-n, n + 1):
            bend = (scene.cx + i * step, scene.cy + j * step)
            off = math.hypot(bend[0] - scene.cx, bend[1] - scene.cy)
            if off > scene.r - scene.clear or member.box.expand(scene.clear).contains_point(bend):
                continue
            d1 = _unit(bend[0] - member.shape.cx, bend[1] - member.shape.cy)
            start = member.shape.exit(member.centre, d1)
            first = distance(start, bend)
            if first < scene.clear or not _leg_free(scene, start, bend, member, lead):
                continue
            axes = [(1.0, 0.0), (-1.0, 0.0), (0.0, 1.0), (0.0, -1.0)]
            if off > step / 2:  # straight out from the middle, where there is a way out of it
                axes.insert(0, ((bend[0] - scene.cx) / off, (bend[1] - scene.cy) / off))
            for d2 in axes:
                end = _rim_hit(scene, bend, d2)
                rim = _polar(scene, end)
                bucket = round(rim / STRAIGHT_STEP)
                total = first + distance(bend, end)
                best = clean.get(bucket)
                if best is not None and best.length <= total:
                    continue  # cannot beat the way out this stretch of the rim has
                if not _leg_free(scene, bend, end, member, 0.0):
                    continue
                path = (start, bend, end)
                port = Port(path, rim, _over_name(scene, path))
                if not port.named:
                    clean[bucket] = port
                elif named.get(bucket) is None or total < named[bucket].length:
                    named[bucket] = port
    return [*clean.values(), *(p for k, p in named.items() if k not in clean)]


def _unit(dx: float, dy: float) -> Point:
    n = math.hypot(dx, dy) or 1.0
    return (dx / n, dy / n)


def facing(ports: Sequence[Port]) -> float | None:
    """The direction (polar angle about the centre's middle) a member's ports face on the whole."""
    if not ports:
        return None
    sx = sum(math.cos(p.rim) for p in ports)
    sy = sum(math.sin(p.rim) for p in ports)
    if math.hypot(sx, sy) < 1e-9:
        return ports[0].rim
    return math.atan2(sy, sx)


def circular_mean(angles: Sequence[float]) -> float:
    sx = sum(math.cos(a) for a in angles)
    sy = sum(math.sin(a) for a in angles)
    return math.atan2(sy, sx) if math.hypot(sx, sy) > 1e-9 else angles[0]


def _unwrapped(ports: Sequence[Port]) -> list[float]:
    """The ports' rim angles made increasing from just after the widest gap between them, so that
    their order along the rim is the order of the list."""
    rims = [p.rim for p in ports]
    if len(rims) < 2:
        return rims
    gaps = [((rims[(i + 1) % len(rims)] - rims[i]) % (2 * math.pi), i) for i in range(len(rims))]
    _gap, last = max(gaps)
    first = (last + 1) % len(rims)
    out = []
    base = rims[first]
    for k in range(len(rims)):
        out.append(base + (rims[(first + k) % len(rims)] - base) % (2 * math.pi))
    # Back in list order.
    return [out[(i - first) % len(rims)] for i in range(len(rims))]


class _Fan(NamedTuple):
    """What `_costs` reads of a way out: where it meets the rim, the unit vector straight out from
    the middle there, the cost of its stub (its length inside, and its bend) and what more it
    costs (crossing another member's stubs)."""

    ex: float
    ey: float
    nx: float
    ny: float
    stub: float
    more: float


def _fans(scene: Scene, line: Sequence[Port], extra: Sequence[float]) -> list[_Fan]:
    """Each way out as `_costs` reads it, with its `extra` cost."""
    out = []
    for port, more in zip(line, extra, strict=True):
        ex, ey = port.path[-1]
        nx, ny = _unit(ex - scene.cx, ey - scene.cy)
        stub = INSIDE_COST * port.length + (BEND_COST * scene.r if len(port.path) > 2 else 0.0)
        out.append(_Fan(ex, ey, nx, ny, stub, more))
    return out


def _costs(scene: Scene, fans: Sequence[_Fan], target: Point) -> list[float]:
    """How well each way out leads to a target outside: the cost of its stub (its length counted
    `INSIDE_COST` times, `BEND_COST` more for a bent one, `_fans`) and the length of the way on
    outside, straight where that leaves the rim outwards, else round the outside of the rim to
    where a straight line clears it (as `route._route` draws it: along the rim, then off it along
    the tangent to the target), with a little more for the turn (a straight tie reads best).  One
    loop over the ways out: a member's ties weigh each of them, a hundred or more, in every try of
    the ring's order (`layout.uncross`)."""
    tx, ty = target
    cx, cy, r, round_cost = scene.cx, scene.cy, scene.r, scene.round_cost
    far = math.hypot(tx - cx, ty - cy)
    # The way round the rim: its part that does not depend on the way out.
    tangent = math.acos(r / far) if far > r else 0.0
    leg = math.sqrt(far * far - r * r) if far > r else 0.0
    aim = math.atan2(ty - cy, tx - cx)
    out = []
    for ex, ey, nx, ny, cost, more in fans:
        dx, dy = tx - ex, ty - ey
        d = math.hypot(dx, dy)
        step = d or 1.0
        if dx / step * nx + dy / step * ny >= OUTWARD:
            out.append(cost + d + more)
        elif far <= r:
            out.append(cost + d + round_cost * r + more)
        else:
            turn = abs((aim - math.atan2(ey - cy, ex - cx) + math.pi) % (2 * math.pi) - math.pi)
            out.append(cost + (r * max(0.0, turn - tangent) + leg) + round_cost * r + more)
    return out


class _Avoid(NamedTuple):
    """A stub to keep off, with its box."""

    a: Point
    b: Point
    left: float
    right: float
    low: float
    high: float


def _boxed(avoid: Sequence[Segment]) -> list[_Avoid]:
    return [_Avoid(a, b, min(a[0], b[0]), max(a[0], b[0]), min(a[1], b[1]), max(a[1], b[1]))
            for a, b in avoid]


def _crosses(port: Port, avoid: Sequence[_Avoid], avoid_ends: Sequence[Point], spacing: float) -> bool:
    """Whether a way out crosses one of the stubs to avoid, or leaves the rim within `spacing` of
    where one does."""
    path = port.path
    x0, x1 = min(x for x, _ in path), max(x for x, _ in path)
    y0, y1 = min(y for _, y in path), max(y for _, y in path)
    for a, b, left, right, low, high in avoid:
        if right < x0 or left > x1 or high < y0 or low > y1:
            continue  # wholly beside the way out's box: cannot cross it
        if any(segments_cross(path[i], path[i + 1], a, b) for i in range(len(path) - 1)):
            return True
    ex, ey = path[-1]
    return any(math.hypot(ex - x, ey - y) < spacing for x, y in avoid_ends)


def choose_ports(scene: Scene, ports: Sequence[Port], targets: Sequence[Point], spacing: float,
                 avoid: Sequence[Segment] = (), avoid_ends: Sequence[Point] = ()) -> list[Port]:
    """One port for each of a member's ties (to `targets`, in any order; the result is in that
    order): the one that leads most directly to its target without crossing the stubs of other
    members (`avoid`) or leaving the rim within `spacing` of where one does (`avoid_ends`: two
    members' ties out of one point read as one line) where it can, the stubs' ends at least
    `spacing` apart along the rim, in the order of the targets round the centre so that no two of
    its own stubs cross."""
    if not ports or not targets:
        return [ports[0] for _ in targets] if ports else []
    fan = _member_fan(scene, ports)
    line = fan.line
    boxed = _boxed(avoid)
    crossing = [scene.r if _crosses(port, boxed, avoid_ends, spacing) else 0.0 for port in line]
    fans = _fans(scene, line, crossing)
    costs = [_costs(scene, fans, t) for t in targets]
    # Targets in their order round the centre, cut in the middle of the widest stretch of the rim
    # the member has no way out by (the way out of the fan's first end leads to the first target).
    ring = [(_polar(scene, t) - fan.cut) % (2 * math.pi) for t in targets]
    ties = sorted(range(len(targets)), key=lambda i: (ring[i], i))
    picks = None
    for room in (spacing, 0.5 * spacing, 0.0):
        picks = _monotone([costs[i] for i in ties], fan, room)
        if picks is not None:
            break
    assert picks is not None  # with no room asked, every tie may take the same way out
    out: list[Port] = [line[0]] * len(targets)
    for i, k in zip(ties, picks, strict=True):
        out[i] = line[k]
    return out


class _MemberFan:
    """A member's ways out in their order along the rim (`line`, from one end of the member's free
    side: `cut` is the middle of the stretch it has none by), and what the fan of its ties asks of
    them that does not change from one try of the ring's order to the next: which cross, and how
    far along the line the next one `spacing` apart is."""

    def __init__(self, scene: Scene, ports: Sequence[Port]) -> None:
        unwrapped = _unwrapped(ports)
        order = sorted(range(len(ports)), key=lambda k: unwrapped[k])
        self.ports = ports
        self.line = [ports[k] for k in order]
        rims = _unwrapped(self.line)
        gap = 2 * math.pi - (rims[-1] - rims[0])
        self.cut = self.line[0].rim - gap / 2
        self.clash = _Clashes(self.line)
        self.bent = [len(port.path) > 2 for port in self.line]  # only a bent way out may cross another
        self._after: dict[float, list[int]] = {}

    def after(self, spacing: float) -> list[int]:
        if spacing not in self._after:
            self._after[spacing] = _next_apart(self.line, spacing)
        return self._after[spacing]


def _member_fan(scene: Scene, ports: Sequence[Port]) -> _MemberFan:
    """The member's fan (`_MemberFan`), made once per scene: every try of the ring's order asks
    for the same member's ways out again."""
    fans = scene.fans
    known = fans.get(id(ports))
    if known is None or known.ports is not ports:
        known = fans[id(ports)] = _MemberFan(scene, ports)
    return known


def _monotone(costs: Sequence[Sequence[float]], fan: _MemberFan, spacing: float) -> list[int] | None:
    """One way out for each tie (`costs[t][k]`: tie t by way k of `fan.line`), in the order of the
    ties along the rim, each leaving it at least `spacing` after the one before and not crossing
    it, at the least total cost (the ties then fan out as their targets lie and no two of them
    cross); None where they do not fit."""
    n = len(fan.line)
    after = fan.after(spacing)
    clash = fan.clash
    bent = fan.bent
    best = [list(costs[0])]
    came: list[list[int]] = [[-1] * n]
    for t in range(1, len(costs)):
        step = _next_fan if any(bent) else _next_fan_straight
        row, back = step(best[-1], costs[t], after, bent, clash)
        best.append(row)
        came.append(back)
    last = min(range(n), key=lambda k: (best[-1][k], k))
    if best[-1][last] == math.inf:
        return None
    picks = [last]
    for t in range(len(costs) - 1, 0, -1):
        picks.append(came[t][picks[-1]])
    return picks[::-1]


def _next_fan(before: Sequence[float], costs: Sequence[float], after: Sequence[int], bent: Sequence[bool],
              clash: _Clashes) -> tuple[list[float], list[int]]:
    """One step of `_monotone`: the least cost of the ties so far with the next one by each way out
    k, and the way out the one before it took."""
    n = len(costs)
    row, back = [math.inf] * n, [-1] * n
    # The earlier picks whose next allowed way out is at or before k (`after` never falls along
    # the rim): the cheapest of them, or where its stub crosses k's (bent ways out only), the
    # cheapest that does not.
    open_picks: list[tuple[float, int]] = []
    lowest: tuple[float, int] | None = None
    p = 0
    for k in range(n):
        while p < n and after[p] <= k:
            if before[p] < math.inf:
                open_picks.append((before[p], p))
                if lowest is None or open_picks[-1] < lowest:
                    lowest = open_picks[-1]
            p += 1
        if lowest is None:
            continue
        pick: tuple[float, int] | None = lowest
        if (bent[lowest[1]] or bent[k]) and clash(lowest[1], k):
            pick = min((o for o in open_picks if not clash(o[1], k)), default=None)
        if pick is not None:
            row[k], back[k] = pick[0] + costs[k], pick[1]
    return row, back


def _next_fan_straight(before: Sequence[float], costs: Sequence[float], after: Sequence[int],
                       _bent: Sequence[bool], _clash: _Clashes) -> tuple[list[float], list[int]]:
    """`_next_fan` where every way out is straight (none crosses another): the cheapest earlier
    pick is all it needs, the earliest of equals."""
    n = len(costs)
    row, back = [math.inf] * n, [-1] * n
    lowest, at = math.inf, -1
    p = 0
    for k in range(n):
        while p < n and after[p] <= k:
            if before[p] < lowest:
                lowest, at = before[p], p
            p += 1
        if at >= 0:
            row[k], back[k] = lowest + costs[k], at
    return row, back


def _next_apart(line: Sequence[Port], spacing: float) -> list[int]:
    """For each way out, the first later one that leaves the rim at least `spacing` from it (itself
    when no room is asked)."""
    n = len(line)
    after = []
    j = 0
    for k in range(n):
        j = max(j, k + 1) if spacing > 0.0 else max(j, k)
        while j < n and distance(line[j].end, line[k].end) < spacing:
            j += 1
        after.append(j)
    return after


class _Clashes:
    """Whether two ways out of one member cross (straight ones, rays from one symbol's outline in
    their order round it, never do; a bent one may)."""

    def __init__(self, line: Sequence[Port]) -> None:
        self.line = line
        self.known: dict[tuple[int, int], bool] = {}

    def __call__(self, a: int, b: int) -> bool:
        pa, pb = self.line[a].path, self.line[b].path
        if a == b or (len(pa) == 2 and len(pb) == 2):
            return False
        key = (a, b)
        if key not in self.known:
            self.known[key] = any(segments_cross(pa[i], pa[i + 1], pb[j], pb[j + 1])
                                  for i in range(len(pa) - 1) for j in range(len(pb) - 1))
        return self.known[key]


def cut_at_radius(path: Sequence[Point], middle: Point, radius: float) -> list[Point]:
    """The path from its start to where it first reaches `radius` about `middle`."""
    out = [path[0]]
    for i in range(len(path) - 1):
        p, q = path[i], path[i + 1]
        if math.hypot(q[0] - middle[0], q[1] - middle[1]) < radius:
            out.append(q)
            continue
        lo, hi = 0.0, 1.0
        for _ in range(40):
            mid = (lo + hi) / 2
            x, y = p[0] + mid * (q[0] - p[0]), p[1] + mid * (q[1] - p[1])
            if math.hypot(x - middle[0], y - middle[1]) < radius:
                lo = mid
            else:
                hi = mid
        out.append((p[0] + lo * (q[0] - p[0]), p[1] + lo * (q[1] - p[1])))
        break
    return out


def rim_route(scene: Scene, a: Sequence[Port], b: Sequence[Port], radius: float) -> list[Point] | None:
    """A tie between two members along the inside of the rim: out of `a` by one of its ports to
    `radius` (beyond everything the genogram draws), round the shorter way, and in to `b`."""
    if not a or not b:
        return None
    best: tuple[float, list[Point]] | None = None
    middle = scene.middle
    legs_a = [cut_at_radius(p.path, middle, radius) for p in a]
    legs_b = [cut_at_radius(p.path, middle, radius) for p in b]
    for la in legs_a:
        ta = _polar(scene, la[-1])
        for lb in legs_b:
            tb = _polar(scene, lb[-1])
            sweep = (tb - ta + math.pi) % (2 * math.pi) - math.pi
            cost = _leg_length(la) + _leg_length(lb) + abs(sweep) * radius
            if best is None or cost < best[0]:
                steps = max(2, int(abs(sweep) / math.radians(6)))
                arc = [(scene.cx + radius * math.cos(ta + sweep * i / steps),
                        scene.cy + radius * math.sin(ta + sweep * i / steps)) for i in range(1, steps)]
                best = (cost, [*la, *arc, *reversed(lb)])
    return best[1] if best is not None else None


def _leg_length(path: Sequence[Point]) -> float:
    return sum(distance(path[i], path[i + 1]) for i in range(len(path) - 1))


def path_free(scene: Scene, path: Sequence[Point], ends: set[str]) -> bool:
    """Whether a tie inside the centre crosses none of the genogram's lines and passes no member's
    symbol but those it joins (what the checker's tie-through-center asks, with room to spare)."""
    copies = [path, offset(path, scene.width), offset(path, -scene.width)]
    for copy in copies:
        for i in range(len(copy) - 1):
            p, q = copy[i], copy[i + 1]
            if any(segments_cross(p, q, a, b) for a, b in scene.lines):
                return False
    for i in range(len(path) - 1):
        p, q = path[i], path[i + 1]
        if any(m.id not in ends and segment_box_hits(p, q, m.box.expand(0.5 * scene.clear))
               for m in scene.members):
            return False
    return True
