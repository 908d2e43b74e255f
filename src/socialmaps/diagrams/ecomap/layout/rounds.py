"""The whole ecomap layout: the centre, then rounds of ring, routes and texts on growing rings
until nothing fails (or the rounds stop paying), then the last notes.

Objective, in order: no circle overlaps, every tie clear, every name and note placed and read
at a glance; then the smallest rings.  Maps past the work budget go to `large`.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence

from ....geometry import Circle, Point, bounds
from ....model import Case, Tie
from ..paths import (
    EndShape,
    length,
)
from .household import _layout_center, _settle_inner_notes, center_members, generations
from .index import _Grid, _Obstacle, _poly_box
from .notes import _place_leftover_notes, _place_outside, _RingNotes
from .records import (
    GROWTH_STEPS,
    MAX_ROUNDS,
    NOTE_ROUNDS,
    REORDER_BUDGET,
    STALL_ROUNDS,
    CenterLayout,
    Config,
    EcomapLayout,
    Label,
    Node,
    PersonSymbol,
    TieLayout,
    _symbol_half,
)
from .ring import _angles, _face_members, _Spec, _specs, _tier_offset, _turn
from .route import _from_stub, _route, _stubs


def sorted_ties(case: Case) -> list[Tie]:
    eco = case.ecomap
    assert eco is not None
    return sorted(eco.ties, key=lambda t: (t.from_, t.to, t.strength, t.stress, t.flow, t.note or ""))


def layout_rings(case: Case, cfg: Config, ties: list[Tie]) -> EcomapLayout:
    """The careful layout: the centre, then rounds on growing rings (see the module's docstring)."""
    gens = generations(case)
    members = {p.id for p in center_members(case)}
    inner_ends = members | {"center"}
    inner_ties = [t for t in ties if t.from_ in inner_ends and t.to in inner_ends]
    ring_ties = [t for t in ties if t not in inner_ties]
    ported = {e for t in ring_ties for e in (t.from_, t.to) if e in members}
    center, inner_layouts = _layout_center(case, cfg, gens, inner_ties, ported)
    specs = _specs(case, center, cfg, ties, gens)
    if not specs:
        return _finish(center, [], inner_layouts, 0, 0, cfg)
    targets = _face_members(specs, center, ring_ties)
    first, _ = _angles(specs, cfg, None)
    turn = _turn(first, targets)
    first = [a + turn for a in first]
    angles, total = _angles(specs, cfg, first)
    angles = [a + turn for a in angles]
    r_max = max(s.r for s in specs)
    rings = 2 if len(specs) >= 14 and total / (2 * math.pi) > 2.0 * (center.r + cfg.ring_gap + r_max) else 1
    stagger = 2 * r_max + 2 * cfg.gap
    base = max(center.r + cfg.ring_gap + r_max, total / (2 * math.pi) / (1.0 if rings == 1 else 1.7))
    scale = 1.0
    result: tuple[list[Node], list[TieLayout], int] | None = None
    rounds = 0
    stalled = 0  # rounds since the fewest failures last fell (after the strict rounds)
    while rounds < MAX_ROUNDS and stalled < STALL_ROUNDS:
        rounds += 1
        strict_notes = rounds <= NOTE_ROUNDS
        attempt = _attempt(specs, angles, center, base * scale, stagger if rings > 1 else 0.0, cfg,
                           ring_ties, members, strict_notes)
        if rounds == NOTE_ROUNDS + 1:
            # Later rounds count differently: do not compare with the strict ones.  So a strict
            # round's attempt is only ever kept when nothing failed (`_attempt` relies on it).
            result = None
        stalled = stalled + 1 if rounds > NOTE_ROUNDS + 1 and result is not None and \
            attempt[2] >= result[2] else 0
        if result is None or attempt[2] <= result[2]:
            result = attempt
        if attempt[2] == 0:
            result = attempt
            break
        scale *= _growth(rounds, attempt[2])
    assert result is not None
    nodes, ring_layouts, failures = result
    ring_layouts = _place_leftover_notes(center, nodes, ring_layouts, cfg)
    inner_layouts = _settle_inner_notes(center, inner_layouts, ring_layouts, cfg)
    return _finish(center, nodes, inner_layouts + ring_layouts, rounds, failures, cfg)


def _growth(rounds: int, failures: int) -> float:
    """How much the rings grow after a round with failures: 7 %; once the strict rounds are over,
    a step per four things that did not fit (up to eight steps, x 1.72), so that a map whose notes crowd
    (many parallel ties with notes) reaches its size in a few rounds, each of which places every
    note, instead of dozens."""
    if rounds <= NOTE_ROUNDS:
        return 1.07
    return 1.07 ** min(GROWTH_STEPS, 1 + failures // 4)


def _attempt(specs: Sequence[_Spec], angles: Sequence[float], center: CenterLayout, radius: float,
             stagger: float, cfg: Config, ties: Sequence[Tie], members: set[str],
             strict_notes: bool = False) -> tuple[list[Node], list[TieLayout], int]:
    """One try at a given ring radius; returns the nodes, ties and how many things did not fit."""
    failures = 0
    places: list[tuple[float, float, float]] = []
    for i, spec in enumerate(specs):
        dist = radius + _tier_offset(spec.tier, cfg) + (i % 2) * stagger
        a = angles[i]
        places.append((dist * math.cos(a), dist * math.sin(a), a))
    # Circles must not touch one another nor the centre.
    circles = _Grid(6 * cfg.font)
    obstacles = [_Obstacle("center", center.x, center.y, center.r)]
    for spec, (x, y, _a) in zip(specs, places, strict=True):
        obstacles.append(_Obstacle(spec.id, x, y, spec.r))
    for ob in obstacles:
        circles.add(ob.box, ob)
    for ob in obstacles:
        for other in circles.near(ob.box.expand(cfg.gap)):
            assert isinstance(other, _Obstacle)
            if other.id > ob.id and math.hypot(ob.x - other.x, ob.y - other.y) < ob.r + other.r + cfg.gap:
                failures += 1
    if failures:
        return [], [], failures + 1000
    # Person symbols on the ring and the shapes every tie end is clipped to.
    person_syms: dict[str, PersonSymbol] = {}
    shapes: dict[str, tuple[Point, EndShape]] = {"center": ((center.x, center.y),
                                                            EndShape("circle", center.x, center.y, center.r))}
    for m in center.members:
        shapes[m.id] = ((m.x, m.y), m.shape)
    if not center.household:
        # The centre person is the circle (Hartman): their ties leave from its rim, not from one point.
        for m in center.members:
            shapes[m.id] = shapes["center"]
    for spec, (x, y, _a) in zip(specs, places, strict=True):
        if spec.person is not None:
            p = spec.person
            sym = PersonSymbol(p.id, p.name, p.sex, x, y, _symbol_half(p, cfg.person),
                               False, p.deceased, spec.generation,
                               Label((), x, y, cfg.font, "middle", cfg.line_height), p.gender)
            person_syms[p.id] = sym
            shapes[p.id] = ((x, y), sym.shape)
        else:
            shapes[spec.id] = ((x, y), EndShape("circle", x, y, spec.r))
    outer = max(math.hypot(x, y) + s.r for s, (x, y, _a) in zip(specs, places, strict=True)) + 2.2 * cfg.font
    # Ties between the same two ends run side by side.
    pairs: dict[tuple[str, str], list[Tie]] = defaultdict(list)
    for tie in ties:
        pairs[tuple(sorted((tie.from_, tie.to)))].append(tie)  # type: ignore[index]
    routed: list[tuple[Tie, list[Point], bool]] = []
    # A member's own name is soft for their ties too: a tie leaving through it strikes the name out.
    soft = [(m.id, m.box.expand(0.25 * cfg.gap)) for m in center.members] + \
        [(f"{m.id}#name", b) for m in center.members for b in m.label.line_boxes()]
    stubs = _stubs(center, ties, shapes, cfg)
    for i, tie in enumerate(ties):
        if i in stubs:
            routed.append(_from_stub(tie, stubs[i], center, shapes, circles, cfg))
            if not routed[-1][2]:
                failures += 1
            continue
        group = pairs[tuple(sorted((tie.from_, tie.to)))]  # type: ignore[index]
        k = group.index(tie)
        shift = (k - (len(group) - 1) / 2) * cfg.multi_gap
        if tie.from_ > tie.to:
            shift = -shift  # the same side whichever way the tie is written
        (a, sa), (b, sb) = shapes[tie.from_], shapes[tie.to]
        ends = {tie.from_, tie.to}
        touches_center = bool(ends & (members | {"center"}))
        if touches_center:
            ends.add("center")
        pts, clear = _route(a, b, sa, sb, ends, shift, circles,
                            None if touches_center else (outer, 0.0), cfg,
                            soft if touches_center else ())
        if not clear:
            failures += 1
        routed.append((tie, pts, clear))
    line_grid = _Grid(6 * cfg.font)
    owned: list[tuple[Point, ...]] = []
    for _tie, pts, _clear in routed:
        owned.append(tuple(pts))
        line_grid.add_path(pts, owned[-1])  # asked only whether a line runs through a name
    for ln in center.lines:
        line_grid.add_path(ln, ln)
    # Labels: every name outside its circle faces outward and keeps clear of circles and labels.
    labels = _Grid(6 * cfg.font)
    for m in center.members:
        for b in m.label.line_boxes():
            labels.add(b, m.id)
    nodes: list[Node] = []
    for spec, (x, y, a) in zip(specs, places, strict=True):
        label: Label | None
        glyph: tuple[float, float, float] | None = None
        if spec.inside is not None:
            size, lines, first, glyph_dy, g = spec.inside
            label = Label(lines, x, y + first, size, "middle", cfg.line_height)
            glyph = (x, y + glyph_dy, g)
        else:
            label = _place_outside(spec, x, y, a, cfg, circles, labels, line_grid)
            if label is None:
                failures += 1
            if spec.system is not None:
                glyph = (x, y, min(1.25 * spec.r, 1.4 * cfg.glyph))
        if label is not None and spec.inside is None:
            for b in label.line_boxes():
                labels.add(b, spec.id)
        person = None
        if spec.person is not None:
            sym = person_syms[spec.id]
            person = PersonSymbol(sym.id, sym.name, sym.sex, sym.x, sym.y, sym.half, sym.client,
                                  sym.deceased, sym.generation, label or sym.label, sym.gender)
        nodes.append(Node(spec.id, spec.kind, x, y, spec.r, a, label, spec.inside is not None, glyph,
                          spec.system, person))
    notes_on_ring = _RingNotes(cfg, circles, labels, center.lines, routed, owned)
    order = [i for i, (tie, _pts, _clear) in enumerate(routed) if tie.note]
    if strict_notes and (failures or not all(notes_on_ring.clean_alone(i) for i in order)):
        # A strict round is only of use when nothing at all fails (see `layout`); here something
        # already did, or a note has no clean place even with no other note about, so it will be
        # crossed or led whatever the order: placing the notes would be work thrown away.
        score, notes, crossed = (0, 0), {}, 1
    else:
        score, notes, crossed = notes_on_ring.place(order)
    # Greedy placement lets an early note take the one good place of a later one; a flawed note
    # placed first instead is kept when that leaves fewer flaws overall.
    budget = REORDER_BUDGET
    for i in order:
        if score == (0, 0) or budget < len(order):
            break
        got = notes[i]
        if got is not None and not got[2] and got[1] is None:
            continue
        budget -= len(order)
        trial = notes_on_ring.place([i] + [j for j in order if j != i])
        if trial[0] < score:
            score, notes, crossed = trial
    layouts: list[TieLayout] = []
    failures += score[0]
    for i, (tie, pts, clear) in enumerate(routed):
        got = notes.get(i)
        note, leader = (got[0], got[1]) if got is not None else (None, None)
        decor = None
        if i in stubs:
            # Arrowheads, stress marks and the break go on the part outside the centre.
            inside, total = stubs[i].length, length(pts)
            decor = (inside, total) if tie.from_ in center.ports else (0.0, total - inside)
        layouts.append(TieLayout(tie, tuple(pts), note, False, clear, leader, decor))
    # A note that had to sit on another line is a blemish, not an error: it asks for a little
    # more room while the rings are still close in (see NOTE_ROUNDS).
    return nodes, layouts, failures + (crossed if strict_notes else 0)


def _finish(center: CenterLayout, nodes: list[Node], ties: list[TieLayout], rounds: int, failures: int,
            cfg: Config) -> EcomapLayout:
    boxes = [Circle(center.x, center.y, center.r).box]
    for node in nodes:
        boxes.append(Circle(node.x, node.y, node.r).box)
        if node.label is not None:
            boxes.append(node.label.box)
    reach = cfg.hatch + cfg.triple_gap + cfg.arrow
    for tie in ties:
        boxes.append(_poly_box(tie.points, reach))
        if tie.note is not None:
            boxes.append(tie.note.box)
    return EcomapLayout(center, tuple(nodes), tuple(ties), bounds(boxes), rounds, failures, cfg)
