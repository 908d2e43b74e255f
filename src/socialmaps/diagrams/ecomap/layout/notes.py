"""Step 4, texts: names outside their circles and the notes of ring ties.

Objective: no text on a circle or another text, no line through a text, and every note nearer
its own tie than any other line (or led to it by a short leader that crosses nothing); a
note that finds no place beside its tie goes farther out with a leader rather than being lost.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Sequence
from dataclasses import dataclass, field

from .... import text as tm
from ....geometry import Box, Point, point_box_distance, segments_cross
from ....labels import Anchor, PlacedText
from ....model import Tie
from ..paths import (
    depth_in_circle,
    length,
    normal,
    point_at,
    polyline_box_distance,
    polyline_hits_box,
    support,
    unit,
)
from .index import Grid, Obstacle, Segments, poly_box
from .records import (
    CLEAR_NOTE,
    CROSSED_REACH,
    FAR_NOTE,
    LEFTOVER_FRACS,
    LEFTOVER_REACH,
    CenterLayout,
    Config,
    Leader,
    Node,
    PlacedNote,
    TieLayout,
)
from .ring import _Spec


def free_spots(box: Box, circles: Grid, labels: Grid, pad: float) -> bool:
    for item in circles.near(box.expand(pad)):
        assert isinstance(item, Obstacle)
        if point_box_distance((item.x, item.y), box) < item.r + pad:
            return False
    return not labels.near(box.expand(pad))


def _crosses(box: Box, lines: Grid | None, own: object = None) -> bool:
    if lines is None:
        return False
    for item in lines.near(box):
        if item is own:
            continue
        assert isinstance(item, tuple)
        if polyline_hits_box(item, box):
            return True
    return False


def _block(lines: Sequence[str], size: float, cfg: Config, center: Point, d: Point, w: float,
           h: float) -> PlacedText:
    """A w x h label (its widest line, `tm.block_height`) whose box is centred on `center`,
    aligned to face direction d (outward)."""
    top = center[1] - h / 2
    anchor: Anchor
    if d[0] > 0.35:
        anchor, x = "start", center[0] - w / 2
    elif d[0] < -0.35:
        anchor, x = "end", center[0] + w / 2
    else:
        anchor, x = "middle", center[0]
    return PlacedText(x, top + tm.ascent(size), tuple(lines), size, anchor, line_height=cfg.line_height)


def _snug(c: Point, r: float, d: Point, w: float, h: float) -> float:
    """How far along d a w x h box centred on the ray must sit to stay just outside radius r:
    the support distance is safe but leaves diagonal labels floating far from their circle."""
    hi = r + support(d, w, h)
    lo = 0.0
    for _ in range(18):
        mid = (lo + hi) / 2
        cx, cy = c[0] + d[0] * mid, c[1] + d[1] * mid
        box = Box(cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2)
        if point_box_distance(c, box) >= r:
            hi = mid
        else:
            lo = mid
    return hi


def _place_outside(spec: _Spec, x: float, y: float, angle: float, cfg: Config, circles: Grid,
                   labels: Grid, lines: Grid | None) -> PlacedText | None:
    """The first free spot round the circle, starting straight outward."""
    w, h = spec.out_w, spec.out_h
    for strict in (True, False):
        for extra in (0.0, 0.6 * cfg.font, 1.8 * cfg.font):
            for deg in (0, 15, -15, 30, -30, 50, -50, 75, -75, 100, -100, 130, -130, 180):
                a = angle + math.radians(deg)
                d = (math.cos(a), math.sin(a))
                reach = _snug((x, y), spec.r + 0.35 * cfg.gap, d, w, h) + extra
                c = (x + d[0] * reach, y + d[1] * reach)
                label = _block(spec.out_lines, spec.out_size, cfg, c, d, w, h)
                box = label.box
                if not free_spots(box, circles, labels, 0.3 * cfg.gap):
                    continue
                if strict and _crosses(box, lines):
                    continue
                return label
    return None


NOTE_FRACS = (0.5, 0.6, 0.4, 0.7, 0.3, 0.8, 0.2, 0.88, 0.12)  # along the tie, nearest the middle first


# Farther out (extra >= FAR_NOTE) only with a leader: a last resort where the line is crowded.
NOTE_SPOTS = tuple((frac, extra) for extra in (0.0, 0.7, FAR_NOTE) for frac in NOTE_FRACS)


NoteKey = tuple[int, bool, bool, int, int, float]  # crossed, leader, not clear, text, rank, -margin


def _crossed(through: int, leader_crossed: bool = False) -> int:
    """The first of a spot's key, how it is crossed: 0 not at all; 1 when only its leader crosses a
    line or passes a circle or a name (the text reads, the leader may point at the wrong tie); 1 + n
    when n lines run through the text (its leader is not asked then).  Of the crossed places the one
    fewest lines run through wins: each is a word hidden, and a tie the note may be read with."""
    return 1 + through if through else 1 if leader_crossed else 0


@dataclass(frozen=True)
class _NoteSpot:
    """One candidate place for a note, with what a reader would make of it."""

    key: NoteKey
    label: PlacedText
    anchor: Point                             # the point of its own line it stands beside


def note_texts(note: str, size: float) -> list[list[str]]:
    """The note wrapped as usual, then as a narrower block (more lines), which fits between close
    lines where the usual one does not."""
    texts = [tm.wrap(note, 9 * size, size)]
    narrow = tm.wrap_whole(note, 5.5 * size, size)
    if narrow is not None and narrow != texts[0] and len(narrow) <= 4:
        texts.append(narrow)
    return texts


def note_label(text: Sequence[str], w: float, h: float, p: Point, n: Point, side: int, extra: float,
                cfg: Config) -> PlacedText:
    """The w x h note block beside point p of its line, on the `side` of normal n, `extra` ems out."""
    nn = (n[0] * side, n[1] * side)
    reach = 0.6 * cfg.arrow + (0.25 + extra) * cfg.font + support(nn, w, h)
    c = (p[0] + nn[0] * reach, p[1] + nn[1] * reach)
    return _block(text, cfg.small, cfg, c, (0.0, 0.0), w, h)


def note_key(crossed: int, needs_leader: bool, margin: float, variant: int, rank: int,
              cfg: Config) -> NoteKey:
    """How a spot reads, smaller is better: no line through it (nor through its leader, which is
    still better than through the text), no leader needed, its own tie clearly the nearest, the
    usual wrapping, near the middle, then the larger margin."""
    return (crossed, needs_leader, margin < CLEAR_NOTE * cfg.font, variant, rank, -min(margin, 3 * cfg.font))


def _place_note(tie: Tie, pts: Sequence[Point], cfg: Config, taken: Sequence[Box],
                lines: Sequence[Sequence[Point]], ties: Sequence[Sequence[Point]],
                within: tuple[Point, float] | None = None) -> tuple[PlacedText, Leader | None, bool] | None:
    """A note of a tie inside the centre, beside its own line, clear of the centre's symbols and
    names (`taken`) and of the notes placed before.  (Ring ties: `RingNotes`, same rules.)

    A reader links a note to the line nearest to it, so of the free places the one that crosses
    no line and has its own tie clearly nearest wins, near the middle first and on the side where
    the neighbouring ties are farther.  When no place has its own tie nearest, the best one gets a
    short leader to its line (returned with the label).  `within`: a circle the note must stay in."""
    assert tie.note is not None
    size = cfg.small
    total = length(pts)
    fallback: PlacedText | None = None
    best: _NoteSpot | None = None
    for variant, text in enumerate(note_texts(tie.note, size)):
        if best is not None and not any(best.key[:3]):
            break
        w = tm.widest(text, size)
        h = tm.block_height(len(text), size, cfg.line_height)
        for rank, (frac, extra) in enumerate(NOTE_SPOTS):
            p, d = point_at(pts, frac * total)
            n = normal(d)
            for side in (1, -1):
                label = note_label(text, w, h, p, n, side, extra, cfg)
                box = label.box
                if fallback is None:
                    fallback = label
                if any(b.intersects(box, 0.15 * cfg.gap) for b in taken):
                    continue
                if within is not None and any(math.hypot(x - within[0][0], y - within[0][1]) > within[1]
                                              for x in (box.x0, box.x1) for y in (box.y0, box.y1)):
                    continue
                through = sum(1 for ln in lines if polyline_hits_box(ln, box))
                if all(ln is not pts for ln in lines):
                    through += polyline_hits_box(pts, box)
                mine = polyline_box_distance(pts, box)
                other = min((polyline_box_distance(t, box) for t in ties if t is not pts), default=math.inf)
                margin = other - mine
                # A strong tie drawn as three lines reaches `triple_gap` nearer than its middle line:
                # a note only that much nearer its own tie would read as the other's.
                needs_leader = margin <= cfg.triple_gap or extra >= FAR_NOTE
                leader_crossed = False
                if needs_leader and not through:
                    # The leader must not cross a line either, or it would point at the wrong tie,
                    # nor pass a symbol or a name, or it would seem to point there.
                    lead = note_leader(p, label, cfg)
                    leader_crossed = any(ln is not pts and segments_meet(ln, lead) for ln in lines) \
                        or any(polyline_hits_box(lead, b) for b in taken)
                crossed = _crossed(through, leader_crossed)
                key = note_key(crossed, needs_leader, margin, variant, rank, cfg)
                if best is None or key < best.key:
                    best = _NoteSpot(key, label, p)
            if best is not None and not any(best.key[:3]):
                break  # the nearest place that reads unambiguously: no need to look farther out
    if best is None:
        if within is not None or fallback is None:
            return None
        return fallback, None, True
    leader = note_leader(best.anchor, best.label, cfg) if best.key[1] else None
    return best.label, leader, best.key[0] > 0


class _Spot:
    """A candidate place of a ring note, measured in stages and only as far as needed.  `bound` is
    the best key it could still get: it only rises as more is known, so a spot whose bound is worse
    than a place already found is never measured at all."""

    __slots__ = ("anchor", "bound", "box", "far", "index", "key", "label", "lead", "lead_box", "mine",
                 "needs_leader", "stage", "through")

    def __init__(self, index: tuple[int, int, int], far: bool, floor: float) -> None:
        self.index = index  # text variant, rank, side: the order in which `_place_note` tries spots
        self.far = far
        # 0: nothing known; 1: free of circles and names; 2: whether it needs a leader; 3: key known;
        # -1: never free
        self.stage = 0
        self.bound: NoteKey = (0, far, False, index[0], index[1], floor)
        self.key: NoteKey = self.bound
        self.label: PlacedText | None = None
        self.box = Box(0.0, 0.0, 0.0, 0.0)
        self.anchor: Point = (0.0, 0.0)
        self.through = 0      # how many lines run through the box
        self.mine = 0.0       # distance to its own tie
        self.needs_leader = far
        self.lead: Leader | None = None  # a leader still to check against the leaders placed before
        self.lead_box = self.box


@dataclass
class _NotePlan:
    """One ring note's candidate places (see `_place_note` for the order and the rules)."""

    index: int                    # of the tie among the routed ones, and of its line in `Segments`
    tie: Tie
    pts: Sequence[Point]
    total: float
    blocks: list[tuple[list[str], float, float]]  # text, width, height of each wrapping
    spots: list[_Spot]
    along: dict[float, tuple[Point, Point]] = field(default_factory=dict)  # frac: point, normal

    def at(self, frac: float) -> tuple[Point, Point]:
        got = self.along.get(frac)
        if got is None:
            p, d = point_at(self.pts, frac * self.total)
            got = self.along[frac] = (p, normal(d))
        return got


class RingNotes:
    """The notes of the ring ties in one attempt, placed in as many orders as `_attempt` tries.

    Placing a note asks of each spot whether it is clear of circles and names, whether a line
    runs through it, and how near its own tie and the other ties are; none of that depends on the
    order of the notes, so it is measured once per spot, lazily, and kept across the orders.  Per
    order only the notes and leaders placed before are checked.  The spots are looked at best
    bound first and the search stops once no bound can beat the place found, which picks exactly
    the place `_place_note` picks by trying them all in turn."""

    def __init__(self, cfg: Config, circles: Grid, labels: Grid, lines: Sequence[Sequence[Point]],
                 routed: Sequence[tuple[Tie, list[Point], bool]], owned: Sequence[tuple[Point, ...]]) -> None:
        """`lines`: the centre's own lines; `owned`: every ring tie's route (tie i is line i)."""
        self.cfg = cfg
        self.circles, self.labels = circles, labels
        self.lines = Segments(4 * cfg.font, [*owned, *lines])
        self.routed, self.owned = routed, owned
        self.plans: dict[int, _NotePlan] = {}
        self.pad = 0.2 * cfg.gap
        self.floor = -3 * cfg.font  # the best -margin a key can have
        self.nothing = Grid(6 * cfg.font)  # no note placed yet

    def place(self, order: Sequence[int]) -> tuple[tuple[int, int], dict[int, PlacedNote | None], int]:
        """Notes placed one by one in `order`: the score (missing, flaws: 2 for a note a line
        crosses, 1 for a leader), the placed notes, and how many are crossed or led."""
        boxes, leaders = Grid(6 * self.cfg.font), Grid(6 * self.cfg.font)
        out: dict[int, PlacedNote | None] = {}
        missing = flaws = crossed = 0
        for i in order:
            got = self._best(self.plan_spots(i), boxes, leaders)
            if got is None:
                out[i] = None
                missing += 1
                continue
            spot, key = got
            assert spot.label is not None
            crossing, led = key[0] > 0, key[1]
            leader = note_leader(spot.anchor, spot.label, self.cfg) if led else None
            out[i] = PlacedNote(spot.label, leader, crossing)
            flaws += 2 if crossing else 1 if led else 0
            # A leader is a second best: ask for more room while it is cheap (see NOTE_ROUNDS).
            crossed += 1 if crossing or led else 0
            for b in spot.label.line_boxes():
                boxes.add(b, i)
            if leader is not None:
                leaders.add(poly_box(leader), leader)
        return (missing, flaws), out, crossed

    def clean_alone(self, i: int) -> bool:
        """Whether note i has a place that no line crosses and that needs no leader, with no other
        note placed: if not, it is flawed in every order.  (Any such place will do: which one is
        best is not asked, so margins are not measured.)"""
        plan = self.plan_spots(i)
        for spot in plan.spots:
            if spot.far:
                continue
            while 0 <= spot.stage < 2:
                self.measure_spot(plan, spot)
            if spot.stage >= 2 and not spot.through and not spot.needs_leader:
                return True
        return False

    def plan_spots(self, i: int) -> _NotePlan:
        plan = self.plans.get(i)
        if plan is None:
            tie, pts, _clear = self.routed[i]
            assert tie.note is not None
            size = self.cfg.small
            blocks = [(text, tm.widest(text, size), tm.block_height(len(text), size, self.cfg.line_height))
                      for text in note_texts(tie.note, size)]
            spots = [_Spot((v, rank, side), extra >= FAR_NOTE, self.floor) for v in range(len(blocks))
                     for rank, (_frac, extra) in enumerate(NOTE_SPOTS) for side in (0, 1)]
            plan = self.plans[i] = _NotePlan(i, tie, pts, length(pts), blocks, spots)
        return plan

    def _best(self, plan: _NotePlan, boxes: Grid, leaders: Grid) -> tuple[_Spot, NoteKey] | None:
        """The spot with the smallest (key, index) among those free now, as `_place_note` finds it."""
        heap = [(s.bound, s.index, k) for k, s in enumerate(plan.spots) if s.stage >= 0]
        heapq.heapify(heap)
        best: tuple[NoteKey, tuple[int, int, int], _Spot] | None = None
        while heap:
            bound, index, k = heap[0]
            if best is not None and (bound, index) > best[:2]:
                break  # no spot left can beat it: its key is at least its bound
            heapq.heappop(heap)
            spot = plan.spots[k]
            if spot.stage < 3:
                if spot.stage > 0 and boxes.hits(spot.box.expand(self.pad)):
                    # A note placed before sits there (`_now` would say so): it stays there for
                    # the rest of this order, so measuring the rest now would be wasted.
                    continue
                self.measure_spot(plan, spot)
                if spot.stage > 0:
                    heapq.heappush(heap, (spot.bound, spot.index, k))
                continue
            key = self.key_now(spot, boxes, leaders)
            if key is not None and (best is None or (key, index) < best[:2]):
                best = (key, index, spot)
        return (best[2], best[0]) if best is not None else None

    def measure_spot(self, plan: _NotePlan, spot: _Spot) -> None:
        """One more stage of what does not depend on the other notes: where the spot is and whether
        circles, names or lines are in its way (stage 1); whether another tie is as near as its own,
        so that it needs a leader (stage 2); how much nearer its own tie is, and whether the leader
        is clear (stage 3)."""
        cfg = self.cfg
        variant, rank, side = spot.index
        frac, extra = NOTE_SPOTS[rank]
        p, n = plan.at(frac)
        if spot.stage == 0:
            text, w, h = plan.blocks[variant]
            label = note_label(text, w, h, p, n, 1 if side == 0 else -1, extra, cfg)
            box = label.box
            if not free_spots(box, self.circles, self.labels, self.pad):
                spot.stage = -1
                return
            spot.label, spot.box, spot.anchor = label, box, p
            spot.through = self.lines.through(box, plan.index) + polyline_hits_box(plan.pts, box)
            spot.bound = (_crossed(spot.through), spot.far, False, variant, rank, self.floor)
            spot.stage = 1
            return
        assert spot.label is not None
        box = spot.box
        # The other ties looked at are those whose box is within an em more than the own tie (as
        # `_place_note` has it).
        among, reach = len(self.owned), box.expand(spot.mine + cfg.font)
        if spot.stage == 1:
            spot.mine = mine = polyline_box_distance(plan.pts, box)
            reach = box.expand(mine + cfg.font)
            # Is another tie as near as the own one (margin <= the breadth a strong tie's outer
            # lines add, see `_place_note`)?  Only the ties that near matter.
            slack = cfg.triple_gap
            tied = self.lines.nearest(box, among, plan.index, reach,
                                      math.nextafter(mine + slack, math.inf)) <= mine + slack
            spot.needs_leader = tied or spot.far
            # A tied spot's key has margin <= slack: not clear, and -margin >= -slack.
            spot.bound = (_crossed(spot.through), spot.needs_leader, tied, variant, rank,
                          -slack if tied else self.floor)
            spot.stage = 2
            return
        mine = spot.mine
        # One farther than 3 ems more than the own tie reads the same as none (see `note_key`), so
        # the search stops there, with a pixel to spare lest rounding decide between the two.
        limit = mine + 3 * cfg.font + 1.0
        # Asked within an em first: among parallel ties the next one is that near, and a smaller
        # question touches fewer cells (the answer is the same: one nearer than `near` is found).
        near = min(limit, mine + cfg.font)
        other = self.lines.nearest(box, among, plan.index, reach, near)
        if other >= near:
            other = self.lines.nearest(box, among, plan.index, reach, limit)
        margin = other - mine if other < limit else math.inf
        leader_crossed = False
        if spot.needs_leader and not spot.through:
            # The leader must not cross a line either, or it would point at the wrong tie,
            # nor pass through a circle, or it would seem to point there.
            lead = note_leader(p, spot.label, cfg)
            lead_box = poly_box(lead)
            leader_crossed = self.lines.meets(lead, plan.index) or \
                any(depth_in_circle(lead, (ob.x, ob.y), ob.r) > 0  # type: ignore[attr-defined]
                    for ob in self.circles.near(lead_box))
            if not leader_crossed:
                spot.lead, spot.lead_box = lead, lead_box
        crossed = _crossed(spot.through, leader_crossed)
        spot.key = spot.bound = note_key(crossed, spot.needs_leader, margin, variant, rank, cfg)
        spot.stage = 3

    def key_now(self, spot: _Spot, boxes: Grid, leaders: Grid) -> NoteKey | None:
        """The spot's key given the notes and leaders placed so far; None when a note is in its way."""
        box = spot.box
        if boxes.hits(box.expand(self.pad)):
            return None
        key = spot.key
        # The leaders placed before are lines like any other, through the text or across its leader.
        through = sum(1 for ln in _leaders(leaders, box) if polyline_hits_box(ln, box))
        if through:
            return (_crossed(spot.through + through), key[1], key[2], key[3], key[4], key[5])
        # Only a spot whose leader crosses nothing else keeps it in `lead` (see `_measure`).
        lead = spot.lead
        if lead is not None and any(segments_meet(ln, lead) for ln in _leaders(leaders, spot.lead_box)):
            return (_crossed(0, True), key[1], key[2], key[3], key[4], key[5])
        return key


def _leaders(grid: Grid, box: Box) -> list[Leader]:
    """The leaders of a grid that holds only leaders, near a box."""
    return [item for item in grid.near(box) if isinstance(item, tuple)]


def _meetings(path: Sequence[Point], lines: Sequence[Sequence[Point]]) -> int:
    """How many of `lines` the path crosses."""
    return sum(1 for ln in lines
               if any(segments_meet(ln, (path[i], path[i + 1])) for i in range(len(path) - 1)))


def segments_meet(line: Sequence[Point], seg: Leader) -> bool:
    return any(segments_cross(line[i], line[i + 1], seg[0], seg[1]) for i in range(len(line) - 1))


def note_leader(p: Point, label: PlacedText, cfg: Config) -> Leader:
    """A short line from a point of the tie to just short of the note's nearest line of text
    (not its whole block, whose corner may be empty space beside a short line)."""
    box = min(label.line_boxes(), key=lambda b: point_box_distance(p, b))
    q = (min(max(p[0], box.x0), box.x1), min(max(p[1], box.y0), box.y1))
    d = unit(p, q)
    gap = min(0.15 * cfg.font, 0.5 * math.hypot(q[0] - p[0], q[1] - p[1]))
    return p, (q[0] - d[0] * gap, q[1] - d[1] * gap)


def _place_leftover_notes(center: CenterLayout, nodes: Sequence[Node], ties: list[TieLayout],
                          cfg: Config) -> list[TieLayout]:
    """Notes that found no place beside their tie even on the largest rings (a bundle of more
    parallel ties with notes than its sides hold): each goes to the first place clear of every
    circle, name and note farther out along its tie, middle first, with a leader, rather than
    being left out.  The search is bounded: LEFTOVER_REACH ems out at most.  A note placed with a
    line through it (a grandson's note in a fan of four ties to the family, over his mother's tie)
    goes to such a place too where one within CROSSED_REACH ems is also clear of every line, and
    stays where it is otherwise."""
    lines = [t.points for t in ties] + list(center.lines)
    missing = [i for i, t in enumerate(ties) if t.tie.note and t.note is None]
    crossed = [i for i, t in enumerate(ties) if t.note is not None and not t.inner and not t.listed
               and _lines_through(t.note, lines, t.points)]
    if not missing and not crossed:
        return ties
    circles, taken = Grid(6 * cfg.font), Grid(6 * cfg.font)
    for ob in [Obstacle("center", center.x, center.y, center.r),
               *(Obstacle(n.id, n.x, n.y, n.r) for n in nodes)]:
        circles.add(ob.box, ob)
    boxes = [b for m in center.members for b in m.label.line_boxes()]
    boxes += [b for n in nodes if n.label is not None and not n.inside for b in n.label.line_boxes()]
    # (a crossed note's own place stays taken while it looks for another: the notes after it may
    # not find a better one and stay where they are)
    boxes += [b for t in ties if t.note is not None for b in t.note.line_boxes()]
    for b in boxes:
        taken.add(b, None)
    pad = 0.2 * cfg.gap
    out = list(ties)
    for i in [*missing, *crossed]:
        t = ties[i]
        assert t.tie.note is not None
        clear_of = lines if i in crossed else None
        reach = CROSSED_REACH if i in crossed else LEFTOVER_REACH
        found = _leftover_spot(t, reach, circles, taken, pad, clear_of, cfg)
        if found is None:
            continue
        label, p = found
        for b in label.line_boxes():
            taken.add(b, None)
        out[i] = TieLayout(t.tie, t.points, label, t.inner, t.clear, note_leader(p, label, cfg))
    return out


def _lines_through(label: PlacedText, lines: Sequence[Sequence[Point]], own: Sequence[Point] | None) -> bool:
    """Whether a line (other than `own`) runs through the text."""
    boxes = label.line_boxes()
    return any(line is not own and any(polyline_hits_box(line, b) for b in boxes) for line in lines)


def _leftover_spot(t: TieLayout, reach: float, circles: Grid, taken: Grid, pad: float,
                   clear_of: Sequence[Sequence[Point]] | None, cfg: Config
                   ) -> tuple[PlacedText, Point] | None:
    """The first place along tie `t`, farther out than usual by up to `reach` ems (middle first, then
    outwards), clear of every circle, name and note placed (and of the lines `clear_of`)."""
    assert t.tie.note is not None
    text = tm.wrap(t.tie.note, 9 * cfg.small, cfg.small)
    w, h = tm.widest(text, cfg.small), tm.block_height(len(text), cfg.small, cfg.line_height)
    total = length(t.points)
    for extra in [FAR_NOTE + 0.8 * k for k in range(int(reach / 0.8))]:
        for frac in LEFTOVER_FRACS:
            p, d = point_at(t.points, frac * total)
            for side in (1, -1):
                label = note_label(text, w, h, p, normal(d), side, extra, cfg)
                if free_spots(label.box, circles, taken, pad) and \
                        (clear_of is None or not _lines_through(label, clear_of, None)):
                    return label, p
    return None
