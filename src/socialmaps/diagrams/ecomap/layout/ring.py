"""Step 2, the ring: which systems and people stand round the centre, in what order, how much of
the turn each takes and how far out it sits.

Objective: kinds that belong together sit together, systems tied to a household member face
that member's side, strong ties sit nearer the centre; each member gets the room its circle and
its outside name need, so no two circles touch.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from .... import text as tm
from ....geometry import Box, isotonic
from ....model import Case, Person, System, Tie
from ...genogram.symbols import shape_for
from ..centre import Port, circular_mean, facing
from ..paths import (
    support,
)
from .records import KIND_ORDER, SECTORS, STRENGTH_RANK, CenterLayout, Config, _symbol_half


class InsideName(NamedTuple):
    """A name written inside its circle under the kind glyph (offsets from the circle's centre)."""

    size: float
    lines: tuple[str, ...]
    first: float       # baseline of the first line
    glyph_dy: float    # centre of the glyph
    glyph: float       # the glyph's size


@dataclass
class _Spec:
    """A ring member before it has a place."""

    id: str
    kind: str
    tier: int
    r: float
    name: str
    system: System | None = None
    person: Person | None = None
    inside: InsideName | None = None  # the name written inside the circle, when it fits
    out_lines: tuple[str, ...] = ()
    out_size: float = 0.0
    out_w: float = 0.0
    out_h: float = 0.0
    order: tuple[object, ...] = field(default_factory=tuple)  # the sort key round the ring
    sector: int = 0                # of SECTORS, by kind
    band: int = 0                  # the first of `order`: the sector, or the side of the members faced
    generation: int = 0


def _fit_inside(name: str, r: float, cfg: Config
                ) -> InsideName | None:
    """The name written inside the circle under the kind glyph, if it fits at the map's text size."""
    g = 0.8 * cfg.glyph
    for size in (cfg.font,):
        step = cfg.line_height * size
        for factor in (1.45, 1.65):
            whole = tm.wrap_whole(name, factor * r, size)
            if whole is None or len(whole) > 3:
                continue  # a word would be cut in two, or too long
            lines = tuple(whole)
            text_h = tm.block_height(len(lines), size, cfg.line_height)
            block = g + 0.2 * size + text_h
            top = -block / 2
            glyph_dy = top + g / 2
            first = top + g + 0.2 * size + tm.ascent(size)
            room = r - 0.12 * r
            boxes = [tm.line_box(0, first + i * step, ln, size, "middle") for i, ln in enumerate(lines)]
            boxes.append(Box(-g / 2, top, g / 2, top + g))
            if all(math.hypot(x, y) <= room for b in boxes for x, y in
                   ((b.x0, b.y0), (b.x1, b.y0), (b.x0, b.y1), (b.x1, b.y1))):
                return InsideName(size, lines, first, glyph_dy, g)
    return None


def _specs(case: Case, center: CenterLayout, cfg: Config, ties: Sequence[Tie],
           gens: dict[str, int]) -> list[_Spec]:
    eco = case.ecomap
    assert eco is not None
    inner = {m.id for m in center.members} | {"center"}  # (members, copies and relatives away)
    tier: dict[str, int] = {}
    for tie in ties:
        rank = STRENGTH_RANK[tie.strength]
        # A tie to the centre decides how close a system sits; other ties only when there is none.
        weight = rank if (tie.from_ in inner or tie.to in inner) else rank + 4
        for end in (tie.from_, tie.to):
            tier[end] = min(tier.get(end, 99), weight)
    specs: list[_Spec] = []
    for system in sorted(eco.systems, key=lambda s: s.id):
        specs.append(_Spec(system.id, system.kind, tier.get(system.id, 99), cfg.radii[system.size - 1],
                           system.name, system=system))
    system_ids = {s.id for s in eco.systems}
    people = case.people_by_id
    ring_people = sorted({end for tie in ties for end in (tie.from_, tie.to)
                          if end in people and end not in inner and end not in system_ids})
    for pid in ring_people:
        person = people[pid]
        half = _symbol_half(person, cfg.person)
        square = shape_for(person.sex, person.gender) == "square"
        r = half * (math.sqrt(2) if square else 1.0) + 0.1 * cfg.gap
        specs.append(_Spec(pid, "person", tier.get(pid, 99), r, person.name, person=person,
                           generation=gens.get(pid, 0)))
    # One rule for the whole map: every system's name inside its circle when every one fits there
    # at the map's text size, else every name outside (a map of mixed places reads as two kinds).
    inside = {spec.id: _fit_inside(spec.name, spec.r, cfg) for spec in specs if spec.system is not None}
    all_fit = all(fit is not None for fit in inside.values())
    for spec in specs:
        spec.inside = inside.get(spec.id) if all_fit else None
        if spec.inside is None:
            size = cfg.font
            spec.out_lines = tuple(tm.wrap(spec.name, cfg.label_width, size))
            spec.out_size = size
            spec.out_w = tm.widest(list(spec.out_lines), size)
            spec.out_h = tm.block_height(len(spec.out_lines), size, cfg.line_height)
        t = min(spec.tier % 4 if spec.tier < 99 else 3, 3)
        spec.tier = t
        sector, kind_i = KIND_ORDER.get(spec.kind, (len(SECTORS), 0))
        spec.sector = spec.band = sector
        spec.order = (sector, kind_i, t, spec.id)
    specs.sort(key=lambda s: s.order)
    return specs


def _face_members(specs: list[_Spec], center: CenterLayout, ties: Sequence[Tie]) -> list[float | None]:
    """Systems tied to household members go round the ring on the side their members' ways out
    face (the mean of those members' sides for a system several are tied to), kinds together
    within; the others keep their kind's sector.  Sorts `specs` in that order and returns each
    one's wanted angle (None where it has no member), for `_turn`."""
    faces = {m: f for m, ports in center.ports.items() if (f := facing(_short(ports, center.r))) is not None}
    if not faces:
        return [None] * len(specs)
    tied: dict[str, set[str]] = defaultdict(set)
    for tie in ties:
        for a, b in ((tie.from_, tie.to), (tie.to, tie.from_)):
            if a in faces:
                tied[b].add(a)
    top = -math.pi / 2
    wanted: dict[str, float | None] = {}
    keys: dict[str, tuple[float, tuple[str, ...]]] = {}
    for spec in specs:
        owners = sorted(tied.get(spec.id, ()))
        if owners:
            at: float = circular_mean([faces[m] for m in owners])
            wanted[spec.id] = at
        else:
            at = top + 2 * math.pi * (spec.sector + 0.5) / (len(SECTORS) + 1)
            wanted[spec.id] = None
        keys[spec.id] = ((at - top) % (2 * math.pi), tuple(owners))
    _beside_partners(specs, ties, wanted, keys)
    groups = {key: rank for rank, key in enumerate(sorted({keys[s.id] for s in specs}))}
    for spec in specs:
        spec.band = groups[keys[spec.id]]
        spec.order = (spec.band, *spec.order)
    specs.sort(key=lambda s: s.order)
    return [wanted[s.id] for s in specs]


def _beside_partners(specs: Sequence[_Spec], ties: Sequence[Tie], wanted: dict[str, float | None],
                     keys: dict[str, tuple[float, tuple[str, ...]]]) -> None:
    """Ring members tied to each other and to no household member (a school and a family service
    both tied to the whole household) stand together, in the sector of the first of them: a tie
    between two systems on opposite sides of the ring crosses every tie between them.  (One tied to
    a system that faces a member is left where its kind goes: measured on the generated households,
    moving it beside that system untangled nothing and the search's later swaps did worse.)"""
    by_id = {s.id: s for s in specs}
    partners: dict[str, set[str]] = defaultdict(set)
    for tie in ties:
        if tie.from_ in by_id and tie.to in by_id and tie.from_ != tie.to:
            partners[tie.from_].add(tie.to)
            partners[tie.to].add(tie.from_)
    placed: set[str] = set()
    for spec in specs:
        if spec.id in placed or wanted[spec.id] is not None or not partners.get(spec.id):
            continue
        group, todo = {spec.id}, [spec.id]
        while todo:
            for p in partners[todo.pop()]:
                if p not in group:
                    group.add(p)
                    todo.append(p)
        placed |= group
        if any(wanted[g] is not None for g in group):
            continue
        first = min(group, key=lambda g: by_id[g].order)
        key = (keys[first][0], (*keys[first][1], "~" + first))
        for g in group:
            keys[g] = key


def _short(ports: Sequence[Port], r: float) -> list[Port]:
    """A member's shortest ways out (within a fifth of the radius of the shortest): the side of the
    centre the member stands on, where its ties leave the centre soonest."""
    if not ports:
        return []
    least = min(p.length for p in ports)
    return [p for p in ports if p.length <= least + 0.2 * r]


def _turn(angles: Sequence[float], targets: Sequence[float | None]) -> float:
    """The turn of the whole ring that brings the systems tied to members nearest their sides."""
    diffs = [t - a for a, t in zip(angles, targets, strict=True) if t is not None]
    return circular_mean(diffs) if diffs else 0.0


def _tier_offset(tier: int, cfg: Config) -> float:
    return {0: 0.0, 1: 1.0, 2: 2.0, 3: 2.0}[tier] * cfg.tier_step


def _angles(specs: Sequence[_Spec], cfg: Config, previous: Sequence[float] | None
            ) -> tuple[list[float], float]:
    """Angles clockwise from the top, each ring member's share by the room it needs sideways."""
    foot = []
    for i, s in enumerate(specs):
        if s.inside is not None:
            extra = 0.0
        elif previous is None:
            extra = 0.6 * s.out_w
        else:
            a = previous[i]
            extra = 2 * support((-math.sin(a), math.cos(a)), s.out_w, s.out_h) - 2 * s.r
        foot.append(2 * s.r + cfg.gap + max(0.0, extra))
    sectors = [s.band for s in specs]
    sector_gap = 0.5 * (sum(foot) / len(foot)) if len(set(sectors)) > 1 else 0.0
    total = sum(foot) + sector_gap * len(set(sectors))
    out = []
    walked = 0.0
    for i, f in enumerate(foot):
        if i and sectors[i] != sectors[i - 1]:
            walked += sector_gap
        out.append(-math.pi / 2 + 2 * math.pi * (walked + f / 2) / total)
        walked += f
    return out, total


# A ring pulled towards the members' sides (`pulled_to_faces`) keeps this share of the room the
# even share gives each ring member: a little more than its own foot, for its outside name.
PULL_ROOM = 1.15
# How strongly a ring member that faces no member keeps its place, against one that does.
UNFACED_WEIGHT = 0.05
# The ring is pulled only where its members need at most this share of its turn: on a fuller ring
# the pull moves nothing that matters.
PULL_SHARE = 0.7


def pull_share(total: float, radius: float) -> float:
    """The share of the ring's turn its members need at this radius (each with `PULL_ROOM`)."""
    return total / (2 * math.pi * radius) * PULL_ROOM


def pulled_to_faces(angles: Sequence[float], targets: Sequence[float | None], total: float,
                    radius: float) -> list[float]:
    """The ring's angles (shared out evenly round the whole turn, `_angles`) moved as near the sides
    of the members their systems face as their feet allow at this ring's radius, in the same order
    round the ring (least squares, `geometry.isotonic`): where the ring has more room than its members
    need, the systems of a member near the rim stand on that member's side instead of all round
    the centre, and their ties leave the centre by short stubs and run straight.  A ring member that faces no
    one keeps its place as well as it can."""
    n = len(angles)
    share = pull_share(total, radius)
    if n < 2 or share >= 1.0 or all(t is None for t in targets):
        return list(angles)
    steps = [(angles[(i + 1) % n] - angles[i]) % (2 * math.pi) * share for i in range(n)]
    aims = [a if t is None else a + math.remainder(t - a, 2 * math.pi)
            for a, t in zip(angles, targets, strict=True)]
    weights = [UNFACED_WEIGHT if t is None else 1.0 for t in targets]
    best: tuple[float, list[float]] | None = None
    for cut in range(n):  # the ring opened after each member in turn
        idx = [(cut + k) % n for k in range(n)]
        base = [aims[i] + (2 * math.pi if cut and i < cut else 0.0) for i in idx]
        gaps = [0.0]
        for k in range(1, n):
            gaps.append(gaps[-1] + steps[idx[k - 1]])
        fitted = isotonic([b - g for b, g in zip(base, gaps, strict=True)], [weights[i] for i in idx])
        placed = [f + g for f, g in zip(fitted, gaps, strict=True)]
        if placed[-1] - placed[0] > 2 * math.pi - steps[idx[-1]] + 1e-9:
            continue  # the ring's two ends would meet
        cost = sum(weights[i] * (p - b) ** 2 for i, p, b in zip(idx, placed, base, strict=True))
        if best is None or cost < best[0] - 1e-12:
            out = [0.0] * n
            for i, p in zip(idx, placed, strict=True):
                out[i] = p
            best = (cost, out)
    return list(angles) if best is None else best[1]
