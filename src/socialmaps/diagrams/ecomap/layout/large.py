"""Ecomaps past the work budget: one ring, straight ties, notes in a numbered list.

Step: the fallback of `rounds.layout` for maps with more ring members or notes than the careful
search can afford (see `RING_BUDGET`, `NOTE_BUDGET`).  Objective: an answer in time that grows as
n log n and still honours the SVG contract: no circle overlaps another, no tie passes through a
circle it does not end at nor into the centre, no text overlaps another text or a circle.

How it holds without searching:
- Every ring member sits on one circle round the centre, each given an arc at least as long as
  its circle, a tie bundle's breadth and the clearance need, so a straight tie from the centre
  to a member runs between its neighbours, clear of them, by construction.
- Names are written outside the ring (farther out than any tie reaches), inside their circle
  where they fit, so no tie runs through a name; names are placed with a grid of boxes.
- A tie between two ring members is a chord inside the ring (bowed round the centre where the
  straight chord would enter it); only the few circles near its ends can be in its way, and
  they are found through the sorted angles of the ring (bisection), not by testing all.
- Notes are gathered in a numbered list beside the map ("3. Klien - Puskesmas: ..."), each
  entry still inside its tie's group, so every note is written out and none sits by the wrong
  line.
"""

from __future__ import annotations

import bisect
import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace

from .... import text as tm
from ....geometry import Box, Point, bounds
from ....labels import PlacedText
from ....lang import words
from ....model import Case, Tie
from ..paths import EndShape, clip_ends, depth_in_circle, offset
from .household import INNER_TIE_BUDGET, _layout_center, centre_ids
from .index import Grid, Obstacle
from .notes import _place_outside
from .records import Config, EcomapLayout, Node, PersonSymbol, TieLayout, _symbol_half
from .ring import _angles, _Spec, _specs
from .rounds import _finish
from .route import _bows
from .tree import generations

# Past these, `layout.layout` hands the map to `layout_large`: the careful search places every
# note beside its tie and tries several ring sizes, at a cost that grows faster than n log n.
RING_BUDGET = 240   # systems and people on the ring
NOTE_BUDGET = 240   # ties with a note
TIE_BUDGET = 480    # ties in all
# Notes of a bundle of parallel ties compete for the same few places, each place measured against
# every line of the bundle: the careful search costs about the sum over bundles of notes x ties.
BUNDLE_BUDGET = 1000
LIST_WIDTH = 32.0   # ems of small text per entry of the note list


@dataclass(frozen=True)
class RingPlace:
    """A ring member's place: its spec, centre and angle."""

    spec: _Spec
    x: float
    y: float
    angle: float


class RingIndex:
    """The ring's circles sorted by angle, to find those near an angle by bisection."""

    def __init__(self, places: Sequence[RingPlace], reach: float) -> None:
        self.places = sorted(places, key=lambda p: p.angle % (2 * math.pi))
        self.angles = [p.angle % (2 * math.pi) for p in self.places]
        self.reach = reach  # the largest angle a circle spans round the centre, clearance included
        # Nearer the centre than this, a point is clear of every ring circle.
        self.inner = min((math.hypot(p.x, p.y) - p.spec.r for p in places), default=0.0)

    def near(self, lo: float, hi: float) -> list[RingPlace]:
        """The circles whose angle is within `reach` of the arc from lo to hi (radians, lo <= hi)."""
        if hi - lo + 2 * self.reach >= 2 * math.pi:
            return list(self.places)
        lo, hi = (lo - self.reach) % (2 * math.pi), (hi + self.reach) % (2 * math.pi)
        if lo <= hi:
            return self.places[bisect.bisect_left(self.angles, lo):bisect.bisect_right(self.angles, hi)]
        return self.places[bisect.bisect_left(self.angles, lo):] + \
            self.places[:bisect.bisect_right(self.angles, hi)]


def needs_large(case: Case, ties: Sequence[Tie]) -> bool:
    """Whether the map is past the budget of the careful layout."""
    eco = case.ecomap
    assert eco is not None
    notes = sum(1 for t in ties if t.note)
    if len(eco.systems) > RING_BUDGET or notes > NOTE_BUDGET or len(ties) > TIE_BUDGET:
        return True
    inner_ends = centre_ids(case) | {"center"}
    if sum(1 for t in ties if t.from_ in inner_ends and t.to in inner_ends) > INNER_TIE_BUDGET:
        return True  # each tie inside the centre is routed against every line drawn before it
    bundles: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    for tie in ties:
        count = bundles[(min(tie.from_, tie.to), max(tie.from_, tie.to))]
        count[0] += 1
        count[1] += 1 if tie.note else 0
    return sum(n * noted for n, noted in bundles.values()) > BUNDLE_BUDGET


def layout_large(case: Case, cfg: Config, ties: Sequence[Tie]) -> EcomapLayout:
    """The whole map past the budget (see the module's docstring)."""
    gens = generations(case)
    members = centre_ids(case)
    inner_ends = members | {"center"}
    inner = [t for t in ties if t.from_ in inner_ends and t.to in inner_ends]
    ring_ties = [t for t in ties if not (t.from_ in inner_ends and t.to in inner_ends)]
    # The ties inside the centre are laid out without their notes (the list holds them), then given
    # back their own tie.
    bare = [t.model_copy(update={"note": None}) for t in inner]
    center, inner_layouts, _places = _layout_center(case, cfg, gens, bare, {})
    own = {id(b): t for b, t in zip(bare, inner, strict=True)}
    inner_layouts = [replace(t, tie=own[id(t.tie)]) for t in inner_layouts]
    specs = _specs(case, center, cfg, ties, gens)
    for spec in specs:
        spec.tier = 0  # one circle: names outside it are beyond every tie
    bundles = _bundle_sizes(ring_ties, inner_ends)
    places = _ring_places(specs, cfg, center.r, bundles)
    radius = max((math.hypot(p.x, p.y) for p in places), default=center.r)
    nodes = _nodes(places, cfg, radius)
    ring_layouts = _ring_ties(ring_ties, places, nodes, center.r, inner_ends, cfg)
    drawn = [*inner_layouts, *ring_layouts]
    listed = _note_list(drawn, _extent(radius, nodes, cfg), cfg, case)
    failures = sum(1 for t in ring_layouts if not t.clear) + sum(1 for n in nodes if n.label is None)
    return _finish(center, nodes, listed, 1, failures, cfg)


def _extent(radius: float, nodes: Sequence[Node], cfg: Config) -> Box:
    """The box of the ring with the names round it (every tie lies within the ring)."""
    reach = radius + max((n.r for n in nodes), default=0.0) + cfg.hatch + cfg.arrow
    boxes = [Box(-reach, -reach, reach, reach)] + [n.label.box for n in nodes if n.label is not None]
    return bounds(boxes)


def _bundle_sizes(ties: Sequence[Tie], inner_ends: set[str]) -> dict[str, int]:
    """Per ring member, how many ties run between it and the centre (drawn side by side)."""
    count: dict[str, int] = defaultdict(int)
    for tie in ties:
        if tie.from_ in inner_ends:
            count[tie.to] += 1
        elif tie.to in inner_ends:
            count[tie.from_] += 1
    return count


def _ring_places(specs: Sequence[_Spec], cfg: Config, center_r: float,
                 bundles: dict[str, int]) -> list[RingPlace]:
    """Every member on one circle, each with an arc of at least its circle, its bundle's breadth
    and the clearance (see the module's docstring), names outside taken into account."""
    angles, total = _angles(specs, cfg, None)
    need = [max(2 * s.r, bundles.get(s.id, 0) * cfg.multi_gap) + 2 * max(cfg.gap, cfg.clear) + cfg.gap
            for s in specs]
    # `_angles` shares the turn by each member's own room; widen it where ties or clearance need more.
    spans = [(angles[(i + 1) % len(angles)] - a) % (2 * math.pi) or 2 * math.pi
             for i, a in enumerate(angles)]
    r_max = max(s.r for s in specs)
    widest = max(n / max(span, 1e-9) for n, span in zip(need, spans, strict=True)) if len(specs) > 1 else 0.0
    radius = max(center_r + cfg.ring_gap + r_max, total / (2 * math.pi), widest)
    return [RingPlace(s, radius * math.cos(a), radius * math.sin(a), a)
            for s, a in zip(specs, angles, strict=True)]


def _nodes(places: Sequence[RingPlace], cfg: Config, radius: float) -> list[Node]:
    """The ring members with their names: inside the circle where they fit, else outside the ring."""
    circles, labels = Grid(6 * cfg.font), Grid(6 * cfg.font)
    if any(p.spec.inside is None for p in places):  # only a name outside looks for room among them
        for p in places:
            ob = Obstacle(p.spec.id, p.x, p.y, p.spec.r)
            circles.add(ob.box, ob)
    out: list[Node] = []
    for p in places:
        spec, label, glyph = p.spec, None, None
        if spec.inside is not None:
            inside = spec.inside
            label = PlacedText(p.x, p.y + inside.first, inside.lines, inside.size, "middle",
                               line_height=cfg.line_height)
            glyph = (p.x, p.y + inside.glyph_dy, inside.glyph)
        else:
            label = _place_outside(spec, p.x, p.y, p.angle, cfg, circles, labels, None)
            if label is not None:
                for b in label.line_boxes():
                    labels.add(b, spec.id)
            if spec.system is not None:
                glyph = (p.x, p.y, min(1.25 * spec.r, 1.4 * cfg.glyph))
        person = None
        if spec.person is not None:
            who = spec.person
            person = PersonSymbol(who.id, who.name, who.sex, p.x, p.y, _symbol_half(who, cfg.person),
                                  False, who.deceased, spec.generation,
                                  label or PlacedText(p.x, p.y, (), cfg.font, "middle",
                                                      line_height=cfg.line_height),
                                  who.gender)
        out.append(Node(spec.id, spec.kind, p.x, p.y, spec.r, p.angle, label, spec.inside is not None, glyph,
                        spec.system, person))
    return out


def _ring_ties(ties: Sequence[Tie], places: Sequence[RingPlace], nodes: Sequence[Node], center_r: float,
               inner_ends: set[str], cfg: Config) -> list[TieLayout]:
    """Ties from the centre straight out to their member, side by side within its circle; ties
    between two members as chords inside the ring."""
    shapes = {n.id: n.shape for n in nodes}
    spans = [math.asin(min(1.0, (p.spec.r + cfg.clear) / max(math.hypot(p.x, p.y), 1e-9))) for p in places]
    index = RingIndex(places, max(spans, default=0.0))
    centre = EndShape("circle", 0.0, 0.0, center_r)
    # Ties between the same two ends run side by side: each one's place in its bundle.
    bundle: dict[tuple[str, str], int] = defaultdict(int)
    place: list[int] = []
    for tie in ties:
        key = (min(tie.from_, tie.to), max(tie.from_, tie.to))
        place.append(bundle[key])
        bundle[key] += 1
    out: list[TieLayout] = []
    for tie, k in zip(ties, place, strict=True):
        size = bundle[(min(tie.from_, tie.to), max(tie.from_, tie.to))]
        if tie.from_ in inner_ends or tie.to in inner_ends:
            other = tie.to if tie.from_ in inner_ends else tie.from_
            shape = shapes[other]
            room = 0.8 * min(shape.half, center_r)
            gap = min(cfg.multi_gap, 2 * room / max(1, size - 1))
            shift = (k - (size - 1) / 2) * gap
            raw = offset([(0.0, 0.0), (shape.cx, shape.cy)], shift)
            pts = clip_ends(raw, centre, shape)
            if tie.to in inner_ends:
                pts.reverse()
            out.append(TieLayout(tie, tuple(pts), None, False, True))
            continue
        shift = (k - (size - 1) / 2) * cfg.multi_gap * (1 if tie.from_ < tie.to else -1)
        ends = {tie.from_, tie.to}
        pts, clear = _chord(shapes[tie.from_], shapes[tie.to], ends, shift, index, center_r, cfg)
        out.append(TieLayout(tie, tuple(pts), None, False, clear))
    return out


def _chord(sa: EndShape, sb: EndShape, ends: set[str], shift: float, index: RingIndex, center_r: float,
           cfg: Config) -> tuple[list[Point], bool]:
    """A tie between two ring members: straight, or bowed, clear of the centre and of the circles
    near its ends; the least bad when none is clear."""
    a, b = (sa.cx, sa.cy), (sb.cx, sb.cy)
    best: tuple[float, list[Point]] | None = None
    for raw in [[a, b], *_bows(a, b, (0.12, -0.12, 0.25, -0.25, 0.4, -0.4))]:
        try:
            pts = clip_ends(offset(raw, shift), sa, sb)
        except (ValueError, ZeroDivisionError):
            continue
        worst = depth_in_circle(pts, (0.0, 0.0), center_r + cfg.clear)
        for i in range(len(pts) - 1):
            worst = max(worst, _segment_depth(pts[i], pts[i + 1], ends, index, cfg))
        if worst <= 0:
            return pts, True
        if best is None or worst < best[0]:
            best = (worst, pts)
    if best is None:
        return [a, b], False
    return best[1], False


def _segment_depth(p: Point, q: Point, ends: set[str], index: RingIndex, cfg: Config) -> float:
    """How deep the segment runs into the clearance of a ring circle it does not end at."""
    if max(math.hypot(*p), math.hypot(*q)) < index.inner - cfg.clear:
        return -math.inf  # the distance from the centre is largest at an end: all of it is inside the ring
    ta, tb = math.atan2(p[1], p[0]) % (2 * math.pi), math.atan2(q[1], q[0]) % (2 * math.pi)
    lo, hi = min(ta, tb), max(ta, tb)
    if hi - lo > math.pi:
        lo, hi = hi, lo + 2 * math.pi
    worst = -math.inf
    for pl in index.near(lo, hi):
        if pl.spec.id not in ends:
            worst = max(worst, depth_in_circle([p, q], (pl.x, pl.y), pl.spec.r + cfg.clear))
    return worst


def _note_list(ties: Sequence[TieLayout], area: Box, cfg: Config, case: Case) -> list[TieLayout]:
    """Every note as a numbered entry of a list to the right of the map, in the order of the ties:
    "N. FROM - TO: note", wrapped; each entry stays its tie's label."""
    names = {p.id: p.name for p in case.people}
    eco = case.ecomap
    assert eco is not None
    names.update({s.id: s.name for s in eco.systems})
    names["center"] = names.get(eco.center, eco.center) if eco.center != "household" else \
        words(case.language)["ecomap.household"]
    x = area.x1 + 2 * cfg.font
    top = area.y0
    size, step = cfg.small, cfg.small * cfg.line_height
    out: list[TieLayout] = []
    number = 0
    for t in ties:
        if not t.tie.note:
            out.append(t)
            continue
        number += 1
        head = f"{number}. {names.get(t.tie.from_, t.tie.from_)} \u2013 {names.get(t.tie.to, t.tie.to)}: "
        lines = tuple(tm.wrap(head + t.tie.note, LIST_WIDTH * size, size))
        label = PlacedText(x, top + tm.ascent(size), lines, size, "start", line_height=cfg.line_height)
        top += tm.block_height(len(lines), size, cfg.line_height) + 0.4 * step
        out.append(replace(t, note=label, listed=number))
    return out
