"""The whole ecomap layout: the centre, then rounds of ring, routes and texts on growing rings
until nothing fails (or the rounds stop paying), then the last notes.

Objective, in order: no circle overlaps, every tie clear, every name and note placed and read
at a glance; then the smallest rings.  Maps past the work budget go to `large`.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import NamedTuple

from ....geometry import Circle, Point, bounds, point_box_distance
from ....labels import PlacedText
from ....model import Case, Tie
from ..centre import ROUND_COST, ROUND_COST_CROSSED, Port, path_free
from ..paths import (
    EndShape,
    length,
    point_at,
    support,
)
from .household import _layout_center, _settle_inner_notes, centre_ids, centre_tree
from .index import Grid, Obstacle, poly_box
from .notes import RingNotes, _meetings, _place_leftover_notes, _place_outside, note_leader
from .quality import (
    crossing_pairs,
    label_line_crossings,
    notes_nearer_other,
    route_detours,
    stub_score,
    unclear_notes,
)
from .records import (
    GROWTH_STEPS,
    MAX_ROUNDS,
    NOTE_ROUNDS,
    REORDER_BUDGET,
    STALL_ROUNDS,
    CenterLayout,
    Config,
    EcomapLayout,
    Node,
    PersonSymbol,
    PlacedNote,
    TieLayout,
    _symbol_half,
)
from .ring import (
    PULL_SHARE,
    _angles,
    _face_members,
    _Spec,
    _specs,
    _tier_offset,
    _turn,
    pull_share,
    pulled_to_faces,
)
from .room import centre_gap, short_ties
from .route import _from_stub, _route, _stubs
from .tree import Tree, generations
from .uncross import UNCROSS_MOST_TIES, OrderSearch, budget_for, uncross


def sorted_ties(case: Case) -> list[Tie]:
    eco = case.ecomap
    assert eco is not None
    return sorted(eco.ties, key=lambda t: (t.from_, t.to, t.strength, t.stress, t.flow, t.note or ""))


# What a unit of the ties' way round outside (beyond the straight line between their ends, per tie)
# costs against a unit of stub inside the centre (`quality.stub_score`): a centre whose members' ties
# leave by short stubs only to wind round the ring is no better.
DETOUR_WEIGHT = 8.0


def layout_rings(case: Case, cfg: Config, ties: list[Tie]) -> EcomapLayout:
    """The careful layout: the centre, then rounds on growing rings (see the module's docstring).
    Where the centre's circle may stand at several places on its genogram (`middle.centre_places`),
    the map is laid out round each and the one whose ties fail least, whose lines cross fewest
    texts and notes read best, whose ties cross least, and whose ties leave the centre by the
    shortest stubs (`quality.stub_score`) and wind least round the ring is kept.  Round each place
    the ring is laid out as shared evenly round the whole turn and, where it has room to spare,
    pulled towards the sides of the members its systems face (`ring.pulled_to_faces`).  The ring's
    order is searched (`uncross`) a little round each before they are compared, and on only round
    the one kept (`_first_share`): searched in full round every place, the orders took 80 % of the
    time of a map of 30 systems.  Where the one kept still crosses, its place's other ring is
    searched on too, and the better kept: a ring ahead after the first tries may be the one whose
    crossings the later swaps cannot undo.  Where the ties cross even so, the whole is done again
    with the members' ways out asked to go round the rim less (`centre.ROUND_COST_CROSSED`), and
    the better kept: on a small map, or where the ties cross often (`RETRY_TIES`, `RETRY_SHARE`)."""
    gens = generations(case)
    members = centre_ids(case)
    inner_ends = members | {"center"}
    inner_ties = [t for t in ties if t.from_ in inner_ends and t.to in inner_ends]
    ring_ties = [t for t in ties if t not in inner_ties]
    ported = Counter(e for t in ring_ties for e in {t.from_, t.to} if e in members)
    tree = centre_tree(case, cfg, gens, ported)  # laid out once: the places only move it
    job = _Rings(case, cfg, gens, ties, inner_ties, ported, members, tree)
    kept = _rings_round_places(job, ROUND_COST)
    crossed = kept.key[2]
    if crossed and (len(ring_ties) <= RETRY_TIES or crossed >= RETRY_SHARE * len(ring_ties)):
        again = _rings_round_places(job, ROUND_COST_CROSSED)
        if again.key < kept.key:
            kept = again
    return kept.lay


# The map is laid out again with fewer ways round the rim (see `layout_rings`) where ties still
# cross and it has at most this many ties round the ring (a second layout of a small map is cheap) ...
RETRY_TIES = 16
# ... or its ties cross in at least this many pairs per tie round the ring.  Measured on the 40
# generated households, the examples and three hand-made ones, the second layout spared crossings
# on household 36 (26 pairs of 15 ties: 111 crossing points -> 10) and a teenage mother's map (7
# ties: 1 -> 0), and on none of the maps it now skips, whose time it doubled (the 30-system
# benchmark's 0.18 -> 0.38 s: 5 pairs of 33 ties, as before).
RETRY_SHARE = 0.5


@dataclass(frozen=True)
class _Rings:
    """What laying the ring out round every place of the centre reads (`_rings_round_places`)."""

    case: Case
    cfg: Config
    gens: dict[str, int]
    ties: list[Tie]
    inner_ties: list[Tie]
    ported: Counter[str]
    members: set[str]
    tree: Tree


def _rings_round_places(job: _Rings, round_cost: float) -> _Tried:
    """The ring kept over every place of the centre and both ways of sharing its turn (see
    `layout_rings`), the members' ways out costing ``round_cost`` radii more to go round the rim."""
    case, cfg, gens, ties, members = job.case, job.cfg, job.gens, job.ties, job.members
    ring_ties = len(ties) - len(job.inner_ties)
    budget = budget_for(ring_ties)
    tried: list[list[_Tried]] = []  # per place of the centre
    choice, places = 0, 1
    while choice < places:
        center, inner_layouts, places = _layout_center(case, cfg, gens, job.inner_ties, job.ported, choice,
                                                       job.tree)
        if center.scene is not None and round_cost != center.scene.round_cost:
            center = replace(center, scene=replace(center.scene, round_cost=round_cost))
        here = []
        for pull in (False, True):
            ringed = _ring_rounds(case, cfg, gens, center, inner_layouts, ties, members, pull)
            if ringed is not None:
                here.append(_first_tries(ringed, budget, ring_ties))
        tried.append(here)
        choice += 1
    best = min((t for here in tried for t in here), key=lambda t: t.key)
    final = _searched_on(best, budget, ring_ties)
    if final.key[:3] == (0, 0, 0):
        return final
    for other in next(here for here in tried if any(t is best for t in here)):
        if other is not best and other.search is not None:
            again = _searched_on(other, budget, ring_ties)
            if again.key < final.key:
                final = again
    return final


@dataclass(frozen=True, eq=False)
class _Tried:
    """A ring round one place of the centre, as its order search left it, and its `_place_key`."""

    key: tuple[int, int, int, float]
    lay: EcomapLayout
    search: OrderSearch | None = None
    ringed: Ringed | None = None


def _first_tries(ringed: Ringed | EcomapLayout, budget: int, ring_ties: int) -> _Tried:
    """The ring after the first tries of its order (`_first_share` of the budget)."""
    if not isinstance(ringed, Ringed):
        return _Tried(_place_key(ringed, ring_ties), ringed)
    search = _order_search(ringed, _first_share(budget))
    lay = _settled(ringed, search.result()[1])
    return _Tried(_place_key(lay, ring_ties), lay, search, ringed)


def _searched_on(tried: _Tried, budget: int, ring_ties: int) -> _Tried:
    """The ring after the rest of the budget's tries of its order."""
    search, ringed = tried.search, tried.ringed
    if search is None or ringed is None:
        return tried
    before = search.result()[1]
    search.run(budget - search.spent)
    after = search.result()[1]
    if after is before:
        return tried
    lay = _settled(ringed, after)
    return _Tried(_place_key(lay, ring_ties), lay, search, ringed)


# The share of the ring's tries made round each place of the centre before the places are
# compared.  Measured when it was chosen, as crossing points on the 40 generated households of
# tests/test_ecomap_stubs.py and the 30-system benchmark's CPU time: 86 and 126 ms with 2 tries,
# 78 and 150 ms with a quarter, 76 and 169 ms with a half; every try round every place (as
# before), 83 and 600 ms.  Only the place with the fewest crossings before any search: 80 points
# but a longer mean stub (0.489 radii against 0.465), as it kept the circle round a busy member
# where a rim place, once searched, crosses nothing.
FIRST_SHARE = 0.25


def _first_share(budget: int) -> int:
    """The tries of the ring's order made round each place of the centre before the places are
    compared: the first few untangle most (the ring sorted by where the ties leave the centre,
    then the first swaps), and the place kept goes on with the rest of the budget."""
    return min(budget, max(2, round(FIRST_SHARE * budget)))


def _place_key(lay: EcomapLayout, ring_ties: int) -> tuple[int, int, int, float]:
    """What `layout_rings` compares the places of the centre by, least first."""
    return (lay.failures, label_line_crossings(lay) + len(notes_nearer_other(lay)),
            crossing_pairs(lay.ties) if ring_ties <= UNCROSS_MOST_TIES else 0,
            stub_score(lay) + DETOUR_WEIGHT * route_detours(lay))


@dataclass(frozen=True)
class Ringed:
    """The ring round one place of the centre after the rounds on growing rings, before its order
    is searched (`uncross`) and its leftover notes are placed."""

    center: CenterLayout
    inner: list[TieLayout]
    specs: list[_Spec]
    targets: list[float | None]
    attempt: tuple[list[Node], list[TieLayout], int]
    radius: float
    stagger: float
    rounds: int
    ring_ties: list[Tie]
    members: set[str]
    cfg: Config
    pulled: bool = False  # towards the members' sides (`ring.pulled_to_faces`)


def _ring_rounds(case: Case, cfg: Config, gens: dict[str, int], center: CenterLayout,
                 inner_layouts: list[TieLayout], ties: list[Tie], members: set[str], pull: bool = False
                 ) -> Ringed | EcomapLayout | None:
    """The ring round a laid-out centre, in rounds on growing rings until nothing fails (a map with
    nothing round the centre is finished at once).  ``pull``: the ring pulled towards the sides of
    the members its systems face (`ring.pulled_to_faces`), or None where it has too little room
    to spare for that to move anyone."""
    inner_ends = members | {"center"}
    ring_ties = [t for t in ties if not (t.from_ in inner_ends and t.to in inner_ends)]
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
    gap = centre_gap(ring_ties, members, cfg)
    rings = 2 if len(specs) >= 14 and total / (2 * math.pi) > 2.0 * (center.r + gap + r_max) else 1
    stagger = 2 * r_max + 2 * cfg.gap if rings > 1 else 0.0
    base = max(center.r + gap + r_max, total / (2 * math.pi) / (1.0 if rings == 1 else 1.7))
    if pull:
        aims = _sided_targets(specs, targets, center, ring_ties)
        if rings > 1 or pull_share(total, base) > PULL_SHARE or all(t is None for t in aims):
            return None
        angles = pulled_to_faces(angles, aims, total, base)
    scale = 1.0
    result: tuple[list[Node], list[TieLayout], int] | None = None
    result_radius = base
    rounds = 0
    stalled = 0  # rounds since the fewest failures last fell (after the strict rounds)
    while rounds < MAX_ROUNDS and stalled < STALL_ROUNDS:
        rounds += 1
        strict_notes = rounds <= NOTE_ROUNDS
        attempt = _attempt(specs, angles, center, base * scale, stagger, cfg,
                           ring_ties, members, strict_notes)
        if rounds == NOTE_ROUNDS + 1:
            # Later rounds count differently: do not compare with the strict ones.  So a strict
            # round's attempt is only ever kept when nothing failed (`_attempt` relies on it).
            result = None
        stalled = stalled + 1 if rounds > NOTE_ROUNDS + 1 and result is not None and \
            attempt[2] >= result[2] else 0
        if result is None or attempt[2] <= result[2]:
            result, result_radius = attempt, base * scale
        if attempt[2] == 0:
            result, result_radius = attempt, base * scale
            break
        scale *= _growth(rounds, attempt[2])
    assert result is not None
    return Ringed(center, inner_layouts, specs, targets, result, result_radius, stagger, rounds, ring_ties,
                  members, cfg, pull)


def _order_search(ringed: Ringed, budget: int) -> OrderSearch:
    """The search for the order of the ring round one place of the centre (`uncross`), run for
    `budget` tries."""
    center, specs, targets, cfg = ringed.center, ringed.specs, ringed.targets, ringed.cfg

    def again(order: Sequence[int], wanted: Mapping[str, float | None], with_notes: bool
              ) -> tuple[list[Node], list[TieLayout], int]:
        aims = [wanted.get(s.id, t) for s, t in zip(specs, targets, strict=True)]
        ordered, trial = _reordered(specs, aims, order, cfg, ringed.radius if ringed.pulled else 0.0)
        return _attempt(ordered, trial, center, ringed.radius, ringed.stagger, cfg,
                        ringed.ring_ties, ringed.members, with_notes=with_notes)

    return uncross([s.id for s in specs], ringed.attempt, ringed.inner, center, again, budget,
                   routes_fail=lambda ties: _routes_fail(ties, cfg))


def _settled(ringed: Ringed, result: tuple[list[Node], list[TieLayout], int]) -> EcomapLayout:
    """The map round one place of the centre with the ring of `result`: the notes left over
    placed, and those that read unclearly led to their ties."""
    center, cfg = ringed.center, ringed.cfg
    nodes, ring_layouts, failures = result
    ring_layouts = _place_leftover_notes(center, nodes, ring_layouts, cfg)
    inner_layouts = _settle_inner_notes(center, ringed.inner, ring_layouts, cfg)
    inner_layouts, ring_layouts = _lead_unclear_notes(center, nodes, inner_layouts, ring_layouts, cfg)
    return _finish(center, nodes, inner_layouts + ring_layouts, ringed.rounds, failures, cfg)


def _reordered(specs: Sequence[_Spec], targets: Sequence[float | None], order: Sequence[int], cfg: Config,
               pull_radius: float = 0.0) -> tuple[list[_Spec], list[float]]:
    """The ring members in another order (`order[k]`: the index in `specs` of the k-th) and their
    angles, shared out and turned as the first order's were (and pulled towards the members'
    sides at ``pull_radius`` where it is not 0); each place keeps its band, so that the gaps
    between bands stay where they were."""
    ordered = [replace(specs[k], band=specs[pos].band) for pos, k in enumerate(order)]
    wanted = [targets[k] for k in order]
    first, _ = _angles(ordered, cfg, None)
    turn = _turn(first, wanted)
    angles, total = _angles(ordered, cfg, [a + turn for a in first])
    angles = [a + turn for a in angles]
    if pull_radius > 0:
        angles = pulled_to_faces(angles, wanted, total, pull_radius)
    return ordered, angles


def _lead_unclear_notes(center: CenterLayout, nodes: Sequence[Node], inner: Sequence[TieLayout],
                        ring: list[TieLayout], cfg: Config) -> tuple[list[TieLayout], list[TieLayout]]:
    """A note that another line or a circle comes as near as its own tie (`quality.unclear_notes`)
    gets a leader from the nearest point of its tie, where that leader crosses no other line (nor,
    for a tie inside the centre, a line of the centre's genogram)."""
    every = [*inner, *ring]
    unclear = unclear_notes(center, nodes, every)
    if not unclear:
        return list(inner), ring
    others = [t.points for t in every] + [t.leader for t in every if t.leader is not None]
    others += list(center.lines)
    for i in unclear:
        t = every[i]
        assert t.note is not None
        box = t.note.box
        total = length(t.points)
        steps = max(8, int(total / (0.25 * cfg.font)))
        near = min((point_at(t.points, total * k / steps)[0] for k in range(steps + 1)),
                   key=lambda p: point_box_distance(p, box))
        leader = note_leader(near, t.note, cfg)
        if _meetings(leader, [o for o in others if o is not t.points]):
            continue
        if t.inner and center.scene is not None and not path_free(center.scene, leader, set()):
            continue
        every[i] = TieLayout(t.tie, t.points, t.note, t.inner, t.clear, leader, t.decor, t.listed)
        others.append(leader)
    return every[:len(inner)], every[len(inner):]


# A member whose shortest way out of the centre is longer than this share of its radius stands
# deep inside (the circle round a busy member, `middle.centre_places`): it has no side of its own.
PULL_DEPTH = 0.5


def _sided_targets(specs: Sequence[_Spec], targets: Sequence[float | None], center: CenterLayout,
                   ties: Sequence[Tie]) -> list[float | None]:
    """The sides the ring is pulled to (`ring.pulled_to_faces`): each system's wanted angle, unless
    every member it is tied to stands deep in the centre (the circle round a busy member): such a
    member's systems go all round it, and pulled to the side where its ways out happen to be free
    they would only crowd there and leave the rest of the ring empty."""
    depth = PULL_DEPTH * center.r
    deep = {m for m, ports in center.ports.items() if ports and min(p.length for p in ports) > depth}
    owners: dict[str, set[str]] = defaultdict(set)
    for tie in ties:
        for a, b in ((tie.from_, tie.to), (tie.to, tie.from_)):
            if a in center.ports:
                owners[b].add(a)
    return [None if t is None or owners[s.id] <= deep else t for s, t in zip(specs, targets, strict=True)]


def _growth(rounds: int, failures: int) -> float:
    """How much the rings grow after a round with failures: 7 %; once the strict rounds are over,
    a step per four things that did not fit (up to eight steps, x 1.72), so that a map whose notes crowd
    (many parallel ties with notes) reaches its size in a few rounds, each of which places every
    note, instead of dozens."""
    if rounds <= NOTE_ROUNDS:
        return 1.07
    return 1.07 ** min(GROWTH_STEPS, 1 + failures // 4)


class RingSpot(NamedTuple):
    """Where a ring member stands in one attempt: its centre and its angle round the centre."""

    x: float
    y: float
    angle: float


class Routed(NamedTuple):
    """A ring tie's line in one attempt, and whether it misses every circle it does not end at."""

    tie: Tie
    points: list[Point]
    clear: bool


def _attempt(specs: Sequence[_Spec], angles: Sequence[float], center: CenterLayout, radius: float,
             stagger: float, cfg: Config, ties: Sequence[Tie], members: set[str],
             strict_notes: bool = False, with_notes: bool = True) -> tuple[list[Node], list[TieLayout], int]:
    """One try at a given ring radius; returns the nodes, ties and how many things did not fit
    (1000 more when circles overlap: nothing else is tried then)."""
    places = [_spot(radius + _tier_offset(spec.tier, cfg) + (i % 2) * stagger, angles[i])
              for i, spec in enumerate(specs)]
    circles, overlaps = _circles(center, specs, places, cfg)
    if overlaps:
        return [], [], overlaps + 1000
    shapes, person_syms = _end_shapes(center, specs, places, cfg)
    stubs = _stubs(center, ties, shapes, cfg)
    routed = _route_ties(center, specs, places, ties, members, shapes, stubs, circles, cfg)
    failures = sum(1 for r in routed if not r.clear)
    if not with_notes:
        # A try of the ring's order (`uncross`) is judged by its routes alone: the names are placed
        # once, for the order kept (which must then fail no more than the first order did).
        nodes = [Node(spec.id, spec.kind, p.x, p.y, spec.r, p.angle, None, spec.inside is not None, None,
                      spec.system, person_syms.get(spec.id)) for spec, p in zip(specs, places, strict=True)]
        layouts = [_tie_layout(i, r, None, stubs, center) for i, r in enumerate(routed)]
        return nodes, layouts, _routes_fail(layouts, cfg)
    owned = [tuple(r.points) for r in routed]
    nodes, labels, unnamed = _ring_nodes(center, specs, places, person_syms, owned, circles, cfg)
    failures += unnamed
    notes_on_ring = RingNotes(cfg, circles, labels, center.lines, routed, owned)
    order = [i for i, r in enumerate(routed) if r.tie.note]
    score: tuple[int, int] = (0, 0)
    notes: dict[int, PlacedNote | None] = {}
    if strict_notes and (failures or not all(notes_on_ring.clean_alone(i) for i in order)):
        # A strict round is only of use when nothing at all fails (see `layout_rings`); here
        # something already did, or a note has no clean place even with no other note about, so it
        # will be crossed or led whatever the order: placing the notes would be work thrown away.
        crossed = 1
    else:
        score, notes, crossed = _best_order(notes_on_ring, order)
    layouts = [_tie_layout(i, r, notes.get(i), stubs, center) for i, r in enumerate(routed)]
    # A tie too short for its arrowheads and marks asks for larger rings, as a tie through a circle does.
    failures += short_ties(layouts, cfg)
    # A note that had to sit on another line is a blemish, not an error: it asks for a little
    # more room while the rings are still close in (see NOTE_ROUNDS).
    return nodes, layouts, failures + score[0] + (crossed if strict_notes else 0)


def _routes_fail(layouts: Sequence[TieLayout], cfg: Config) -> int:
    """How many ring ties fail by their routes alone: through a foreign circle, or too short for
    their marks (what a try of the ring's order is judged by, besides its crossings)."""
    return sum(1 for t in layouts if not t.clear) + short_ties(layouts, cfg)


def _spot(dist: float, angle: float) -> RingSpot:
    return RingSpot(dist * math.cos(angle), dist * math.sin(angle), angle)


def _circles(center: CenterLayout, specs: Sequence[_Spec], places: Sequence[RingSpot],
             cfg: Config) -> tuple[Grid, int]:
    """The circles of the attempt in a grid, and how many pairs touch (circles must not touch one
    another nor the centre)."""
    circles = Grid(6 * cfg.font)
    obstacles = [Obstacle("center", center.x, center.y, center.r)]
    obstacles += [Obstacle(spec.id, p.x, p.y, spec.r) for spec, p in zip(specs, places, strict=True)]
    for ob in obstacles:
        circles.add(ob.box, ob)
    touching = 0
    for ob in obstacles:
        for other in circles.near(ob.box.expand(cfg.gap)):
            assert isinstance(other, Obstacle)
            if other.id > ob.id and math.hypot(ob.x - other.x, ob.y - other.y) < ob.r + other.r + cfg.gap:
                touching += 1
    return circles, touching


def _end_shapes(center: CenterLayout, specs: Sequence[_Spec], places: Sequence[RingSpot], cfg: Config
                ) -> tuple[dict[str, tuple[Point, EndShape]], dict[str, PersonSymbol]]:
    """The shape every tie end is clipped to (by end id), and the symbols of people on the ring."""
    person_syms: dict[str, PersonSymbol] = {}
    shapes: dict[str, tuple[Point, EndShape]] = {"center": ((center.x, center.y),
                                                            EndShape("circle", center.x, center.y, center.r))}
    for m in center.members:
        # The centre person is the circle (Hartman): their ties leave from its rim, not from one point.
        shapes[m.id] = ((m.x, m.y), m.shape) if center.household else shapes["center"]
    for spec, (x, y, _angle) in zip(specs, places, strict=True):
        if spec.person is not None:
            p = spec.person
            sym = PersonSymbol(p.id, p.name, p.sex, x, y, _symbol_half(p, cfg.person),
                               False, p.deceased, spec.generation,
                               PlacedText(x, y, (), cfg.font, "middle", line_height=cfg.line_height),
                               p.gender)
            person_syms[p.id] = sym
            shapes[p.id] = ((x, y), sym.shape)
        else:
            shapes[spec.id] = ((x, y), EndShape("circle", x, y, spec.r))
    return shapes, person_syms


def _route_ties(center: CenterLayout, specs: Sequence[_Spec], places: Sequence[RingSpot],
                ties: Sequence[Tie], members: set[str], shapes: dict[str, tuple[Point, EndShape]],
                stubs: dict[int, Port], circles: Grid, cfg: Config) -> list[Routed]:
    """Every ring tie's line: by its member's stub out of the centre, or from end to end; ties
    between the same two ends side by side."""
    # The way round the outside of the ring passes beyond every name written outside its circle
    # (set straight outward, where `_place_outside` tries first): a tie there runs through no name.
    outer = max(_reach_with_name(s, p, cfg) for s, p in zip(specs, places, strict=True)) + 1.2 * cfg.font
    pairs: dict[tuple[str, str], list[Tie]] = defaultdict(list)
    for tie in ties:
        pairs[_pair(tie)].append(tie)
    # A member's own name is soft for their ties too: a tie leaving through it strikes the name out.
    soft = [(m.id, m.box.expand(0.25 * cfg.gap)) for m in center.members] + \
        [(f"{m.id}#name", b) for m in center.members for b in m.label.line_boxes()]
    routed: list[Routed] = []
    for i, tie in enumerate(ties):
        if i in stubs:
            routed.append(Routed(*_from_stub(tie, stubs[i], center, shapes, circles, cfg)))
            continue
        group = pairs[_pair(tie)]
        shift = (group.index(tie) - (len(group) - 1) / 2) * cfg.multi_gap
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
        routed.append(Routed(tie, pts, clear))
    return routed


def _reach_with_name(spec: _Spec, place: RingSpot, cfg: Config) -> float:
    """How far from the middle of the map a ring member reaches, its name written straight outward
    included (not less than its circle and a font's room, as before names counted)."""
    out = math.hypot(place.x, place.y) + spec.r
    if spec.inside is not None or not spec.out_lines:
        return out + cfg.font
    d = (math.cos(place.angle), math.sin(place.angle))
    return out + max(cfg.font, 0.35 * cfg.gap + 2 * support(d, spec.out_w, spec.out_h))


def _pair(tie: Tie) -> tuple[str, str]:
    """The two ends of a tie, in the same order whichever way it is written."""
    return (tie.from_, tie.to) if tie.from_ <= tie.to else (tie.to, tie.from_)


def _ring_nodes(center: CenterLayout, specs: Sequence[_Spec], places: Sequence[RingSpot],
                person_syms: dict[str, PersonSymbol], owned: Sequence[tuple[Point, ...]], circles: Grid,
                cfg: Config) -> tuple[list[Node], Grid, int]:
    """Every ring member with its name: inside its circle, or the first free place outside, facing
    outward, clear of circles, names and (if it can) lines.  Returns the nodes, the grid of the
    names placed, and how many found no place."""
    line_grid = Grid(6 * cfg.font)
    for pts in owned:
        line_grid.add_path(pts, pts)  # asked only whether a line runs through a name
    for ln in center.lines:
        line_grid.add_path(ln, ln)
    labels = Grid(6 * cfg.font)
    for m in center.members:
        for box in m.label.line_boxes():
            labels.add(box, m.id)
    nodes: list[Node] = []
    missing = 0
    for spec, (x, y, angle) in zip(specs, places, strict=True):
        label: PlacedText | None
        glyph: tuple[float, float, float] | None = None
        if spec.inside is not None:
            inside = spec.inside
            label = PlacedText(x, y + inside.first, inside.lines, inside.size, "middle",
                               line_height=cfg.line_height)
            glyph = (x, y + inside.glyph_dy, inside.glyph)
        else:
            label = _place_outside(spec, x, y, angle, cfg, circles, labels, line_grid)
            missing += label is None
            if spec.system is not None:
                glyph = (x, y, min(1.25 * spec.r, 1.4 * cfg.glyph))
            for box in label.line_boxes() if label is not None else ():
                labels.add(box, spec.id)
        person = None
        if spec.person is not None:
            sym = person_syms[spec.id]
            person = PersonSymbol(sym.id, sym.name, sym.sex, sym.x, sym.y, sym.half, sym.client,
                                  sym.deceased, sym.generation, label or sym.label, sym.gender)
        nodes.append(Node(spec.id, spec.kind, x, y, spec.r, angle, label, spec.inside is not None, glyph,
                          spec.system, person))
    return nodes, labels, missing


def _best_order(notes_on_ring: RingNotes, order: list[int]
                ) -> tuple[tuple[int, int], dict[int, PlacedNote | None], int]:
    """The notes placed in the given order; then, within REORDER_BUDGET notes placed, each flawed
    note placed first instead, kept when that leaves fewer flaws overall (greedy placement lets an
    early note take the one good place of a later one)."""
    score, notes, crossed = notes_on_ring.place(order)
    budget = REORDER_BUDGET
    for i in order:
        if score == (0, 0) or budget < len(order):
            break
        got = notes[i]
        if got is not None and not got.crossing and got.leader is None:
            continue
        budget -= len(order)
        trial = notes_on_ring.place([i] + [j for j in order if j != i])
        if trial[0] < score:
            score, notes, crossed = trial
    return score, notes, crossed


def _tie_layout(i: int, routed: Routed, got: PlacedNote | None, stubs: dict[int, Port],
                center: CenterLayout) -> TieLayout:
    """A ring tie's result: its line, its note and leader, and where its marks go."""
    tie, pts, clear = routed
    note, leader = (got.label, got.leader) if got is not None else (None, None)
    decor = None
    if i in stubs:
        # Arrowheads, stress marks and the break go on the part outside the centre.
        inside, total = stubs[i].length, length(pts)
        decor = (inside, total) if tie.from_ in center.ports else (0.0, total - inside)
    return TieLayout(tie, tuple(pts), note, False, clear, leader, decor)


def _finish(center: CenterLayout, nodes: list[Node], ties: list[TieLayout], rounds: int, failures: int,
            cfg: Config) -> EcomapLayout:
    boxes = [Circle(center.x, center.y, center.r).box]
    for node in nodes:
        boxes.append(Circle(node.x, node.y, node.r).box)
        if node.label is not None:
            boxes.append(node.label.box)
    reach = cfg.hatch + cfg.triple_gap + cfg.arrow
    for tie in ties:
        boxes.append(poly_box(tie.points, reach))
        if tie.note is not None:
            boxes.append(tie.note.box)
    return EcomapLayout(center, tuple(nodes), tuple(ties), bounds(boxes), rounds, failures, cfg)
