"""Ecomap geometry: the centre (household as a small genogram, or one person),
systems on rings round it, ties routed clear of foreign circles, labels placed
clear of every circle and label.

Pure: the case and the style in, dataclasses out.  Everything is sorted by
stable keys first, so the order of systems and ties in the file never changes
the result.  The layout grows (rings move out, a second ring opens) until no
circle overlaps, every tie is clear and every label has a free place.
"""

from __future__ import annotations

import heapq
import math
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from ... import text as tm
from ...geometry import Box, Circle, Point, bounds, point_box_distance, segment_box_hits, segments_cross
from ...lazy import lazy
from ...model import Case, Person, System, Tie, Union
from ...style import Style
from ..genogram.symbols import Shape, shape_for
from .centre import Member as CentreMember
from .centre import Port, Scene, choose_ports, circular_mean, facing, member_ports, path_free, rim_route
from .paths import (
    EndShape,
    clip_ends,
    cut,
    depth_in_circle,
    length,
    normal,
    offset,
    point_at,
    polyline_box_distance,
    polyline_hits_box,
    segment_box_distance,
    support,
    unit,
)

STRENGTH_RANK = {"strong": 0, "moderate": 1, "weak": 2, "broken": 3}
# Sectors round the centre, clockwise from the top: kinds that belong together sit together.
SECTORS: tuple[tuple[str, ...], ...] = (
    ("family", "extended-family", "person"),
    ("school", "work"),
    ("health", "social-services", "legal"),
    ("religion",),
    ("neighbourhood", "friends", "recreation"),
    ("other",),
)
KIND_ORDER = {kind: (s, k) for s, kinds in enumerate(SECTORS) for k, kind in enumerate(kinds)}
MAX_ROUNDS = 48
Leader = tuple[Point, Point]
_Placed = tuple["Label", Leader | None, bool]  # a note, its leader, whether it crosses a line
NOTE_ROUNDS = 5  # rounds in which a note crossed by another line asks for more room
FAR_NOTE = 1.6  # ems farther out than usual at which a note is only placed with a leader
CLEAR_NOTE = 1.2  # ems by which the own tie must be nearer than any other for a note to read at a glance
INNER_BOWS = (0.22, -0.22, 0.4, -0.4)  # how far a tie inside the centre may bow (see _bows)
MARK_AT = 0.3  # where along a partner line of the centre its status slashes go: off the children's drop
# Notes placed again per attempt, over all the orders tried after the first (see `_attempt`): each
# order places every note, so trying one per flawed note costs notes x flawed notes; past this many
# the first orders found are kept.  The examples and the 100-system benchmark need at most ~1,300.
REORDER_BUDGET = 1600
# After the strict rounds, the rings stop growing once this many rounds in a row did not lower
# the fewest failures: growing no longer helps (a bundle of 200 ties between two ends), and each
# round on larger rings costs more.  Notes still without a place then get one farther out.
STALL_ROUNDS = 2
LEFTOVER_REACH = 40.0  # ems beyond the usual places a leftover note is looked for
LEFTOVER_FRACS = tuple(k / 20 for k in (10, 9, 11, 8, 12, 7, 13, 6, 14, 5, 15, 4, 16, 3, 17, 2, 18))
GROWTH_STEPS = 8  # most 7 % steps the rings grow by in one round (see `_growth`)


# --------------------------------------------------------------------------- results

@dataclass(frozen=True)
class Label:
    lines: tuple[str, ...]
    x: float
    baseline: float
    size: float
    anchor: str
    line_height: float  # factor of size between baselines

    # Measured once: a label's boxes are asked for by placement, routing, the extent and the
    # measures, and the label never changes.
    @lazy
    def _boxes(self) -> tuple[Box, ...]:
        return tuple(tm.block_boxes(self.x, self.baseline, self.lines, self.size, self.line_height,
                                    self.anchor))

    def line_boxes(self) -> list[Box]:
        return list(self._boxes)

    @lazy
    def box(self) -> Box:
        return bounds(self._boxes)


@dataclass(frozen=True)
class PersonSymbol:
    id: str
    name: str
    sex: str
    x: float
    y: float
    half: float           # half side (square), radius (circle), half diagonal (diamond)
    client: bool
    deceased: bool
    generation: int
    label: Label
    gender: str | None = None

    @property
    def form(self) -> Shape:
        """Square, circle or diamond, as the genogram draws this person (gender when given)."""
        return shape_for(self.sex, self.gender)

    @property
    def shape(self) -> EndShape:
        return EndShape(self.form, self.x, self.y, self.half)

    @property
    def box(self) -> Box:
        return Box(self.x - self.half, self.y - self.half, self.x + self.half, self.y + self.half)


@dataclass(frozen=True)
class CenterLayout:
    x: float
    y: float
    r: float
    member_ids: tuple[str, ...]
    members: tuple[PersonSymbol, ...]
    lines: tuple[tuple[Point, ...], ...]   # partner and descent lines of the small genogram
    household: bool
    # Per line, how it is drawn: "union:<type>:<status>:<mark>" (a partner line, or the line from a
    # lone parent's side when the other partner is not at home; <mark>: where along it a status slash
    # goes, 0..1), "descent:<relation>" or "stem" (a drop or a sibling line).  See `union_form`.
    forms: tuple[str, ...] = ()
    ports: Mapping[str, tuple[Port, ...]] = field(default_factory=dict)  # ways out, per member with ties
    scene: Scene | None = None  # what the ways out keep off


@dataclass(frozen=True)
class Node:
    """A system circle, or a person outside the centre drawn as their genogram symbol."""

    id: str
    kind: str              # system kind, or "person"
    x: float
    y: float
    r: float               # the circle (system) or the circle that holds the symbol (person)
    angle: float
    label: Label | None
    inside: bool           # the name is written inside the circle
    glyph: tuple[float, float, float] | None  # centre x, y and size of the kind glyph
    system: System | None
    person: PersonSymbol | None

    @property
    def shape(self) -> EndShape:
        if self.person is not None:
            return self.person.shape
        return EndShape("circle", self.x, self.y, self.r)


@dataclass(frozen=True)
class TieLayout:
    tie: Tie
    points: tuple[Point, ...]
    note: Label | None
    inner: bool            # both ends inside the centre: drawn within the centre group
    clear: bool            # the route misses every foreign circle
    leader: Leader | None = None  # from the line to the note, when another tie is nearer
    # The stretch (arc lengths along `points`) that carries the arrowheads, stress marks and the
    # break: outside the centre for a tie that leaves it by a member's stub.  None: the whole tie.
    decor: tuple[float, float] | None = None
    listed: int = 0  # > 0: the note is entry `listed` of the note list beside the map (see `large`)


@dataclass(frozen=True)
class EcomapLayout:
    center: CenterLayout
    nodes: tuple[Node, ...]
    ties: tuple[TieLayout, ...]
    bounds: Box
    rounds: int
    failures: int
    config: Config


@dataclass(frozen=True)
class Config:
    font: float
    small: float
    line_height: float
    radii: tuple[float, float, float]
    person: float
    center_min: float
    ring_gap: float
    tier_step: float
    label_width: float
    gap: float
    clear: float           # how far a tie keeps from a foreign circle (room for hatch marks)
    multi_gap: float
    glyph: float
    arrow: float
    hatch: float
    triple_gap: float

    @classmethod
    def of(cls, style: Style) -> Config:
        em = style.font.size

        def get(key: str, default: float) -> float:
            return float(style.get(f"ecomap.{key}", default))

        radii = style.get("ecomap.system_radius", [2.3, 3.0, 3.9])
        return cls(
            font=em, small=style.font.small, line_height=style.font.line_height,
            radii=(radii[0] * em, radii[1] * em, radii[2] * em),
            person=get("person", 1.5) * em, center_min=get("center_min_radius", 4.0) * em,
            ring_gap=get("ring_gap", 3.0) * em, tier_step=get("tier_step", 2.4) * em,
            label_width=get("label_width", 11.0) * em, gap=get("gap", 0.6) * em,
            clear=get("clearance", 0.7) * em, multi_gap=get("multi_gap", 0.7) * em,
            glyph=get("glyph", 1.0) * em, arrow=get("arrow", 0.85) * em, hatch=get("hatch", 0.75) * em,
            triple_gap=get("triple_gap", 0.22) * em)


# --------------------------------------------------------------------------- people

def generations(case: Case) -> dict[str, int]:
    """Generation of every person across the whole family (0 = oldest), as a genogram rows them:
    partners share a row, children sit one row below their parents."""
    gen = {p.id: 0 for p in case.people}
    unions = sorted(case.unions, key=lambda u: u.id or "")
    for _ in range(len(gen) + 2):
        changed = False
        for union in unions:
            partners = [p for p in union.partners if p in gen]
            if not partners:
                continue
            level = max(gen[p] for p in partners)
            for p in partners:
                if gen[p] != level:
                    gen[p], changed = level, True
            for child in union.children:
                if child.id in gen and gen[child.id] < level + 1:
                    gen[child.id], changed = level + 1, True
        if not changed:
            break
    low = min(gen.values(), default=0)
    return {k: v - low for k, v in gen.items()}


def center_members(case: Case) -> list[Person]:
    eco = case.ecomap
    assert eco is not None
    if eco.center != "household":
        person = case.person(eco.center)
        return [person] if person else []
    members = {p.id: p for p in case.people if p.lives_with_client}
    client = case.client
    if client is not None:
        members[client.id] = client
    return [members[k] for k in sorted(members)]


def _symbol_half(person: Person, side: float) -> float:
    """Half the symbol's size: a diamond a little larger, to look as large as a square."""
    return side / 2 * (1.2 if shape_for(person.sex, person.gender) == "diamond" else 1.0)


def _person_label(lines: tuple[str, ...], x: float, top: float, cfg: Config, size: float) -> Label:
    return Label(lines, x, top + tm.ascent(size), size, "middle", cfg.line_height)


def _birth_key(case: Case, person: Person) -> float:
    year = case.birth_year(person)
    return year if year is not None else 9999.0


@dataclass
class _Tree:
    """The household as a small genogram, before it is centred: symbols, lines and their forms."""

    symbols: dict[str, PersonSymbol]
    lines: list[tuple[Point, ...]] = field(default_factory=list)
    forms: list[str] = field(default_factory=list)  # per line, see `CenterLayout.forms`

    def add(self, points: Sequence[Point], form: str) -> None:
        self.lines.append(tuple(points))
        self.forms.append(form)


@dataclass
class _Hang:
    """A union with children at home: who of its partners is at home, and where its children hang from."""

    union: Union
    parents: list[str]            # partners at home, left to right once placed (1 or 2)
    children: list[tuple[str, str]]  # (id, relation) of the children at home
    side: int = 0                 # one parent at home: the side of the parent its line leaves from
    depth: int = 0                # how many other unions of that parent leave from the same side before it
    anchor: float = 0.0           # x where the descent leaves the parents' row
    under: float = 0.0            # x of the drop of the union a step nearer the parent (depth >= 1)


def _union_home(case: Case, ids: set[str], row_of: dict[str, int]) -> list[_Hang]:
    """Every union with a partner and a child at home, the child on a lower row."""
    out = []
    for union in sorted(case.unions, key=lambda u: u.id or ""):
        home = sorted((p for p in union.partners if p in ids), key=lambda p: (row_of[p], p))
        if len(home) == 2 and row_of[home[0]] != row_of[home[1]]:
            home = home[:1]  # partners a generation apart: the children hang from the upper one
        if not home:
            continue
        kids = [(c.id, c.relation) for c in union.children
                if c.id in ids and row_of[c.id] > row_of[home[0]]]
        out.append(_Hang(union, home, kids))
    return out


def _assign_sides(order: Sequence[str], partners: dict[str, list[str]], hangs: Sequence[_Hang]) -> None:
    """Which side of a lone parent at home each of their unions' lines leaves from: away from a
    partner beside them, alternating when there is none, so that the children of different unions
    (an absent father's, a stepfather's) never share one sibling line."""
    pos = {pid: i for i, pid in enumerate(order)}
    lone: dict[str, list[_Hang]] = defaultdict(list)
    for hang in hangs:
        if len(hang.parents) == 1 and hang.children and hang.parents[0] in pos:
            lone[hang.parents[0]].append(hang)
    for pid, own in lone.items():
        beside = [pos[q] - pos[pid] for q in partners.get(pid, []) if q in pos]
        sides = [s for s in (1, -1) if s not in beside]
        sides = sides or [1]
        # A union with a status slash goes farthest out, where its slash crosses no other line.
        own.sort(key=lambda h: (h.union.status in ("separated", "divorced"),
                                h.union.start.decimal if h.union.start else 9999.0, h.union.id or ""))
        for k, hang in enumerate(own):
            hang.side = sides[k % len(sides)]
            hang.depth = k // len(sides)


def _family_tree(case: Case, cfg: Config, gens: dict[str, int], people: Sequence[Person],
                 client_id: str | None) -> _Tree:
    """Rows by generation, partners side by side (the man on the left), each union's children
    together under the place its descent leaves from; a parent at home without their partner gets
    a line from their side for each union, so the children of each union have a sibling line of
    their own."""
    side, size = cfg.person, cfg.font
    ids = {p.id for p in people}
    by_id = {p.id: p for p in people}
    row_gens = sorted({gens.get(p.id, 0) for p in people})
    row_of = {p.id: row_gens.index(gens.get(p.id, 0)) for p in people}
    hangs = _union_home(case, ids, row_of)
    partners: dict[str, list[str]] = defaultdict(list)
    for union in sorted(case.unions, key=lambda u: u.id or ""):
        inside = sorted(p for p in union.partners if p in ids)
        if len(inside) == 2 and row_of[inside[0]] == row_of[inside[1]]:
            partners[inside[0]].append(inside[1])
            partners[inside[1]].append(inside[0])
    hang_of: dict[str, _Hang] = {}
    child_index: dict[str, int] = {}
    for hang in hangs:
        for i, (cid, _rel) in enumerate(hang.children):
            hang_of.setdefault(cid, hang)
            child_index.setdefault(cid, i)
    name_lines = {p.id: tuple(tm.wrap(p.name, 6.5 * size, size)) for p in people}
    label_h = 2 * cfg.line_height * size
    row_step = 2.4 * side + label_h + 0.8 * side
    lone_step = 0.7 * side
    xs: dict[str, float] = {}
    slot: dict[str, float] = {}
    for row in range(len(row_gens)):
        in_row = [p for p in people if row_of[p.id] == row]

        def anchor(pid: str) -> float | None:
            hang = hang_of.get(pid)
            return hang.anchor if hang is not None and hang.parents[0] in xs else None

        def key(p: Person) -> tuple[float, int, float, str]:
            at = anchor(p.id)
            return (at if at is not None else 1e9, child_index.get(p.id, 0), _birth_key(case, p), p.id)

        groups: list[list[str]] = []
        taken: set[str] = set()
        for person in sorted(in_row, key=key):
            if person.id in taken:
                continue
            group = [person.id] + [q for q in partners.get(person.id, []) if q not in taken]
            # Male partner on the left, as genograms draw couples.  (Not `len(group)` in the key:
            # a list being sorted reads as empty.)
            if len(group) > 1:
                group.sort(key=lambda q: (by_id[q].sex != "male", q))
            groups.append(group)
            taken.update(group)
        order = [pid for g in groups for pid in g]
        _assign_sides(order, partners, hangs)
        extra: dict[tuple[str, int], float] = defaultdict(float)
        for hang in hangs:
            if len(hang.parents) == 1 and hang.children and hang.parents[0] in taken:
                k = (hang.parents[0], hang.side)
                extra[k] = max(extra[k], hang.depth * lone_step)
        for pid in order:
            # Generous slots: ties leave from these people and should pass between their neighbours.
            slot[pid] = max(3.4 * side, tm.widest(list(name_lines[pid]), size) + 1.6 * size)
        _place_row(groups, slot, extra, anchor, 0.8 * side, xs)
        for hang in hangs:
            if hang.parents[0] not in taken:
                continue
            if len(hang.parents) == 2:
                hang.parents.sort(key=lambda q: xs[q])
                hang.anchor = (xs[hang.parents[0]] + xs[hang.parents[1]]) / 2
            else:
                pid = hang.parents[0]
                hang.anchor = xs[pid] + hang.side * (slot[pid] / 2 + hang.depth * lone_step)
                hang.under = hang.anchor - hang.side * lone_step
    symbols: dict[str, PersonSymbol] = {}
    for p in people:
        half = _symbol_half(p, side)
        y = row_of[p.id] * row_step
        label = _person_label(name_lines[p.id], xs[p.id], y + side / 2 * 1.2 + 0.25 * size, cfg, size)
        symbols[p.id] = PersonSymbol(p.id, p.name, p.sex, xs[p.id], y, half, p.id == client_id,
                                     p.deceased, gens.get(p.id, 0), label, p.gender)
    tree = _Tree(symbols)
    _tree_lines(tree, case, hangs, ids, row_of, cfg, label_h)
    return tree


def _place_row(groups: Sequence[list[str]], slot: dict[str, float], extra: dict[tuple[str, int], float],
               anchor: Callable[[str], float | None], gap: float, xs: dict[str, float]) -> None:
    """x of everyone in a row: the people hanging from one union side by side as a block, each block
    as near under its union as the blocks beside it allow (blocks that would overlap are moved
    together to their average wish), `gap` between the children of different unions; a row
    hanging from no one is centred."""
    blocks: list[tuple[float | None, list[str]]] = []
    for group in groups:
        at = anchor(group[0])
        if blocks and at is not None and blocks[-1][0] == at:
            blocks[-1][1].extend(group)
        else:
            blocks.append((at, list(group)))

    def width(pid: str) -> float:
        return extra[(pid, -1)] + slot[pid] + extra[(pid, 1)]

    # A cluster: blocks placed edge to edge from its left end; `wishes` are where its left end
    # would be for each anchored block to sit centred under its union.
    clusters: list[dict] = []
    for at, group in blocks:
        w = sum(width(p) for p in group)
        if clusters and at is None:
            last = clusters[-1]
            last["blocks"].append((last["width"] + gap, group))
            last["width"] += gap + w
            continue
        clusters.append({"blocks": [(0.0, group)], "width": w,
                         "wishes": [] if at is None else [at - w / 2]})
        while len(clusters) > 1:
            left, right = clusters[-2], clusters[-1]
            if not left["wishes"] or not right["wishes"]:
                break
            if _cluster_left(left) + left["width"] + gap <= _cluster_left(right):
                break
            shift = left["width"] + gap
            left["blocks"] += [(off + shift, g) for off, g in right["blocks"]]
            left["wishes"] += [wish - shift for wish in right["wishes"]]
            left["width"] += gap + right["width"]
            clusters.pop()
    if not any(c["wishes"] for c in clusters):
        x0 = -(sum(c["width"] for c in clusters) + gap * (len(clusters) - 1)) / 2
    else:
        x0 = None
    cursor: float | None = None
    for cluster in clusters:
        left = _cluster_left(cluster) if cluster["wishes"] else (cursor if cursor is not None else x0 or 0.0)
        if x0 is not None and cursor is None:
            left = x0
        if cursor is not None:
            left = max(left, cursor)
        for off, group in cluster["blocks"]:
            x = left + off
            for pid in group:
                x += extra[(pid, -1)]
                xs[pid] = x + slot[pid] / 2
                x += slot[pid] + extra[(pid, 1)]
        cursor = left + cluster["width"] + gap


def _cluster_left(cluster: dict) -> float:
    wishes = cluster["wishes"]
    return sum(wishes) / len(wishes)


def _bar_levels(spans: Sequence[tuple[float, float]], near: float, first: Sequence[float]) -> list[int]:
    """A level for each sibling line of one row of parents, so that two lines that overlap or come
    within `near` of each other sideways are at different heights (and read as two lines); the
    lines with the smaller `first` pick their level first (the lowest free one), then left to right."""
    levels: list[int] = [0] * len(spans)
    order = sorted(range(len(spans)), key=lambda i: (first[i], spans[i]))
    for n, i in enumerate(order):
        used = {levels[j] for j in order[:n]
                if spans[j][0] - near < spans[i][1] and spans[i][0] - near < spans[j][1]}
        levels[i] = next(k for k in range(len(spans) + 1) if k not in used)
    return levels


def _tree_lines(tree: _Tree, case: Case, hangs: Sequence[_Hang], ids: set[str], row_of: dict[str, int],
                cfg: Config, label_h: float) -> None:
    """Partner lines, the line from a lone parent's side, each union's sibling line and descents."""
    side, size = cfg.person, cfg.font
    symbols = tree.symbols
    for union in sorted(case.unions, key=lambda u: u.id or ""):
        inside = sorted((p for p in union.partners if p in ids), key=lambda q: symbols[q].x)
        if len(inside) == 2 and row_of[inside[0]] == row_of[inside[1]]:
            a, b = symbols[inside[0]], symbols[inside[1]]
            tree.add(((a.x + a.half, a.y), (b.x - b.half, b.y)), union_form(union, MARK_AT))
    # Sibling lines of one row of parents at different heights where they would meet or nearly
    # (deeper lines of a lone parent higher up, so the lines of one never cross another's).
    hanging = [h for h in hangs if h.children]
    spans = [(min(h.anchor, *(symbols[c].x for c, _r in h.children)),
              max(h.anchor, *(symbols[c].x for c, _r in h.children))) for h in hanging]
    level: dict[int, int] = {}
    for row in sorted({row_of[h.parents[0]] for h in hanging}):
        mine = [i for i, h in enumerate(hanging) if row_of[h.parents[0]] == row]
        got = _bar_levels([spans[i] for i in mine], 3 * side, [-hanging[i].depth for i in mine])
        level.update(zip(mine, got, strict=True))
    for i, hang in enumerate(hanging):
        top = symbols[hang.parents[0]]
        bar_y = top.y + side / 2 * 1.2 + label_h + 0.2 * size + level[i] * 0.45 * side
        drop_x = hang.anchor
        if len(hang.parents) == 2:
            tree.add(((drop_x, top.y), (drop_x, bar_y)), "stem")
        else:
            # One parent at home: the line leaves their side and drops beside their name.  With the
            # other partner in the file (absent from home) it is a partner line, in the union's form.
            # Several unions on one side: the farther one leaves higher.
            dy = -0.5 * top.half * hang.depth
            start = (top.x + hang.side * _side_reach(top, dy), top.y + dy)
            # A status slash in the middle, or beyond the drop of the line under this one.
            mark = 0.5
            if hang.depth and abs(drop_x - start[0]) > 1e-9:
                mark = ((hang.under + drop_x) / 2 - start[0]) / (drop_x - start[0])
            form = union_form(hang.union, mark) if len(hang.union.partners) == 2 else "stem"
            tree.add((start, (drop_x, top.y + dy)), form)
            tree.add(((drop_x, top.y + dy), (drop_x, bar_y)), "stem")
        kids = [symbols[c] for c, _rel in hang.children]
        span = [drop_x] + [s.x for s in kids]
        if max(span) - min(span) > 0.01:
            tree.add(((min(span), bar_y), (max(span), bar_y)), "stem")
        for (_cid, relation), s in zip(hang.children, kids, strict=True):
            tree.add(((s.x, bar_y), (s.x, s.y - s.half)), f"descent:{relation}")


def union_form(union: Union, mark: float) -> str:
    """The form of a partner line of the centre (see `CenterLayout.forms`)."""
    return f"union:{union.type}:{union.status}:{mark:.3f}"


def parse_union_form(form: str) -> tuple[str, str, float]:
    """The union type, status and where the status slash goes, of a "union:..." form."""
    _union, union_type, status, mark = form.split(":")
    return union_type, status, float(mark)


def _side_reach(sym: PersonSymbol, dy: float) -> float:
    """How far right of its centre a symbol's outline is at height dy from its centre."""
    h = sym.half
    if sym.form == "square":
        return h
    if sym.form == "circle":
        return math.sqrt(max(0.0, h * h - dy * dy))
    return max(0.0, h - abs(dy))


def _status_marks(line: Sequence[Point], form: str, em: float) -> list[tuple[Point, Point]]:
    """The slashes the genogram's `draw_union` puts across a separated or divorced partner line (one
    or two, at `MARK_AT` of the line), a little larger: a tie must not cross them either."""
    if not form.startswith("union:") or len(line) < 2:
        return []
    _type, status, at = parse_union_form(form)
    if status not in ("separated", "divorced"):
        return []
    (x0, y0), (x1, y1) = line[0], line[-1]
    mx, my = x0 + at * (x1 - x0), y0 + at * (y1 - y0)
    dx, dy = 0.35 * em, 0.65 * em
    offsets = [0.0] if status == "separated" else [-0.16 * em, 0.16 * em]
    return [((mx + o - dx, my + dy), (mx + o + dx, my - dy)) for o in offsets]


def _centre_scene(members: Sequence[PersonSymbol], lines: Sequence[Sequence[Point]],
                  forms: Sequence[str], r: float, cfg: Config) -> Scene:
    segments = [(ln[i], ln[i + 1]) for ln in lines for i in range(len(ln) - 1)]
    segments += [seg for ln, form in zip(lines, forms, strict=True)
                 for seg in _status_marks(ln, form, cfg.font)]
    return Scene(0.0, 0.0, r, tuple(segments),
                 tuple(CentreMember(m.id, m.shape, m.box) for m in members),
                 tuple((m.id, b) for m in members for b in m.label.line_boxes()),
                 0.25 * cfg.font, 1.1 * cfg.font, 1.5 * cfg.triple_gap)


def _layout_center(case: Case, cfg: Config, gens: dict[str, int], inner_ties: Sequence[Tie],
                   ported: set[str]) -> tuple[CenterLayout, list[TieLayout]]:
    """The household as a small genogram (`_family_tree`), or the centre person alone, centred in
    its circle; the ways out of the circle for the members with ties (`centre.member_ports`), and
    the ties between two members, drawn inside it."""
    eco = case.ecomap
    assert eco is not None
    people = center_members(case)
    household = eco.center == "household"
    client_id = case.case.client if household else eco.center
    tree = _family_tree(case, cfg, gens, people, client_id)
    content = [s.box for s in tree.symbols.values()] + [b for s in tree.symbols.values()
                                                        for b in s.label.line_boxes()]
    content += [_poly_box(ln) for ln in tree.lines]
    box = bounds(content)
    dx, dy = -box.center[0], -box.center[1]
    symbols = {k: _shift_symbol(s, dx, dy) for k, s in tree.symbols.items()}
    lines = [tuple((x + dx, y + dy) for x, y in ln) for ln in tree.lines]
    reach = max((math.hypot(max(abs(b.x0 + dx), abs(b.x1 + dx)), max(abs(b.y0 + dy), abs(b.y1 + dy)))
                 for b in content), default=0.0)  # nobody at home: an empty circle
    minimum = cfg.center_min if household else 0.65 * cfg.center_min
    # The client's or household's circle is never smaller than the largest system round it.
    minimum = max([minimum] + [cfg.radii[s.size - 1] for s in eco.systems])
    members_with_pairs = any(t.from_ in symbols and t.to in symbols for t in inner_ties)
    # Room between the genogram and the rim, where a tie between two members may run round it.
    band = 1.6 * cfg.gap if members_with_pairs else 0.5 * cfg.gap
    r = max(minimum, reach + band)
    wanted = {pid for pid in ported | {e for t in inner_ties for e in (t.from_, t.to)} if pid in symbols}
    ordered = sorted(symbols.values(), key=lambda s: s.id)
    for grow in range(8):
        scene = _centre_scene(ordered, lines, tree.forms, r, cfg)
        ports = {pid: tuple(member_ports(scene, scene_member)) for scene_member in scene.members
                 if (pid := scene_member.id) in wanted} if household else {}
        inner, fits = _inner_ties(inner_ties, symbols, lines, scene, ports, reach + band / 2, cfg,
                                  clean=grow < 3)
        if fits:
            break
        r += cfg.font  # a note of a tie inside found no room in the circle: a little more
    center = CenterLayout(0.0, 0.0, r, tuple(sorted(symbols)), tuple(ordered), tuple(lines), household,
                          tuple(tree.forms), ports, scene)
    return center, inner


def _inner_ties(inner_ties: Sequence[Tie], symbols: dict[str, PersonSymbol], lines: Sequence[Sequence[Point]],
                scene: Scene, ports: dict[str, tuple[Port, ...]], rim: float,
                cfg: Config, clean: bool = False) -> tuple[list[TieLayout], bool]:
    """Ties between two people of the centre (or the centre and one of them), with their notes inside
    the circle; whether every note found room there (`clean`: room that no line crosses)."""
    inner: list[TieLayout] = []
    taken: list[Box] = [s.box for s in symbols.values()] + [b for s in symbols.values()
                                                             for b in s.label.line_boxes()]
    drawn: list[Sequence[Point]] = list(lines)
    paths: list[Sequence[Point]] = []
    room = ((0.0, 0.0), scene.r - 0.3 * cfg.gap)
    fits = True
    for tie in inner_ties:
        pts = _inner_points(tie, symbols, taken, drawn, scene, ports, rim)
        drawn.append(pts)
        paths.append(pts)
        placed = _place_note(tie, pts, cfg, taken, drawn, paths, within=room) if tie.note else None
        if tie.note and (placed is None or (clean and placed[2])):
            fits = False
        if tie.note and placed is None:
            placed = _place_note(tie, pts, cfg, taken, drawn, paths)
        note, leader, _crossing = placed if placed is not None else (None, None, False)
        if leader is not None and not path_free(scene, leader, set()):
            # A leader is drawn with its tie: across the genogram it would be a tie across it.
            # More room, or at worst the note without it.
            fits, leader = False, None
        if note is not None:
            taken.extend(note.line_boxes())
        if leader is not None:
            drawn.append(leader)
        inner.append(TieLayout(tie, tuple(pts), note, True, True, leader))
    return inner, fits


def _inner_points(tie: Tie, symbols: dict[str, PersonSymbol], taken: Sequence[Box],
                  drawn: Sequence[Sequence[Point]], scene: Scene, ports: dict[str, tuple[Port, ...]],
                  rim: float) -> list[Point]:
    """A tie between two people of the centre: straight, or bowed to one side so it does not
    run along the genogram's own lines or over another person's symbol or name; where every such
    way crosses the genogram, out of each by a free way and round the inside of the rim."""
    ends = [symbols.get(tie.from_), symbols.get(tie.to)]
    if ends[0] is not None and ends[1] is not None:
        a, b = ends[0], ends[1]
        pa, pb = (a.x, a.y), (b.x, b.y)
        own = {a.box, b.box}
        best: tuple[float, int, list[Point]] | None = None
        for i, raw in enumerate([[pa, pb], *_bows(pa, pb, INNER_BOWS)]):
            pts = clip_ends(raw, a.shape, b.shape)
            if not path_free(scene, pts, {a.id, b.id}):
                continue
            hits = sum(1 for box in taken if box not in own and polyline_hits_box(pts, box))
            total = length(pts)
            samples = [point_at(pts, total * j / 16)[0] for j in range(1, 16)]
            close = sum(1 for q in samples for ln in drawn
                        if depth_in_circle(ln, q, 0.3 * a.half) > 0) if drawn else 0
            score = (10 * hits + close, i, pts)
            if best is None or score[:2] < best[:2]:
                best = score
        if best is not None and best[0] == 0:
            return best[2]
        bent = _bent_inner(a, b, taken, drawn, scene)
        if bent is not None:
            return bent
        around = rim_route(scene, ports.get(a.id, ()), ports.get(b.id, ()), rim)
        if around is not None:
            return around
        if best is not None:
            return best[2]
        return clip_ends([pa, pb], a.shape, b.shape)
    # `center` to one of its own people: a short stroke out of the symbol, the way it faces.
    s = ends[0] or ends[1]
    assert s is not None
    own_ports = ports.get(s.id, ())
    face = facing(own_ports)
    if face is not None:
        port = min(own_ports, key=lambda p: (abs((p.rim - face + math.pi) % (2 * math.pi) - math.pi),
                                             p.length))
        pts = list(cut(port.path, 0.0, min(port.length, 1.5 * s.half)))
    else:
        pts = clip_ends([(s.x, s.y), (s.x, s.y - 2.5 * s.half)], s.shape, None)
    return pts if ends[0] is not None else pts[::-1]


def _bent_inner(a: PersonSymbol, b: PersonSymbol, taken: Sequence[Box], drawn: Sequence[Sequence[Point]],
                scene: Scene) -> list[Point] | None:
    """The shortest tie between two members with one bend that crosses nothing of the genogram, no
    other member and no name, and keeps off the lines drawn (None when there is none; the shortest
    that only comes near a line when no other is free of them)."""
    own = {a.box, b.box}
    step = scene.bend_step
    n = int(scene.r / step)
    bends = []
    for i in range(-n, n + 1):
        for j in range(-n, n + 1):
            bend = (scene.cx + i * step, scene.cy + j * step)
            if math.hypot(bend[0] - scene.cx, bend[1] - scene.cy) <= scene.r - 2 * scene.clear:
                bends.append((math.dist((a.x, a.y), bend) + math.dist(bend, (b.x, b.y)), i, j, bend))
    bends.sort()
    near_lines: list[Point] | None = None
    tried = 0
    for _len, _i, _j, bend in bends:
        pts = clip_ends([(a.x, a.y), bend, (b.x, b.y)], a.shape, b.shape)
        if not path_free(scene, pts, {a.id, b.id}):
            continue
        if any(box not in own and polyline_hits_box(pts, box.expand(0.3 * scene.clear)) for box in taken):
            continue
        total = length(pts)
        samples = [point_at(pts, total * j / 16)[0] for j in range(2, 15)]
        if not any(depth_in_circle(ln, q, scene.clear) > 0 for q in samples for ln in drawn):
            return pts
        near_lines = near_lines or pts
        tried += 1
        if tried >= 12:
            break
    return near_lines


def _shift_label(label: Label, dx: float, dy: float) -> Label:
    return Label(label.lines, label.x + dx, label.baseline + dy, label.size, label.anchor, label.line_height)


def _shift_leader(leader: Leader | None, dx: float, dy: float) -> Leader | None:
    if leader is None:
        return None
    (x0, y0), (x1, y1) = leader
    return (x0 + dx, y0 + dy), (x1 + dx, y1 + dy)


def _shift_symbol(s: PersonSymbol, dx: float, dy: float) -> PersonSymbol:
    return PersonSymbol(s.id, s.name, s.sex, s.x + dx, s.y + dy, s.half, s.client, s.deceased,
                        s.generation, _shift_label(s.label, dx, dy), s.gender)


# --------------------------------------------------------------------------- ring

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
    inside: tuple[float, tuple[str, ...], float, float, float] | None = None  # size, lines, dy, glyph dy, g
    out_lines: tuple[str, ...] = ()
    out_size: float = 0.0
    out_w: float = 0.0
    out_h: float = 0.0
    order: tuple = field(default_factory=tuple)
    generation: int = 0


def _fit_inside(name: str, r: float, cfg: Config
                ) -> tuple[float, tuple[str, ...], float, float, float] | None:
    """The name written inside the circle under the kind glyph, if it fits at a readable size."""
    g = 0.8 * cfg.glyph
    for size in (cfg.font, cfg.small):
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
                return size, lines, first, glyph_dy, g
    return None


def _specs(case: Case, center: CenterLayout, cfg: Config, ties: Sequence[Tie],
           gens: dict[str, int]) -> list[_Spec]:
    eco = case.ecomap
    assert eco is not None
    inner = set(center.member_ids) | {"center"}
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
    for spec in specs:
        if spec.system is not None:
            spec.inside = _fit_inside(spec.name, spec.r, cfg)
        if spec.inside is None:
            size = cfg.font
            spec.out_lines = tuple(tm.wrap(spec.name, cfg.label_width, size))
            spec.out_size = size
            spec.out_w = tm.widest(list(spec.out_lines), size)
            spec.out_h = tm.block_height(len(spec.out_lines), size, cfg.line_height)
        t = min(spec.tier % 4 if spec.tier < 99 else 3, 3)
        spec.tier = t
        sector, kind_i = KIND_ORDER.get(spec.kind, (len(SECTORS), 0))
        spec.order = (sector, kind_i, t, spec.id)
    specs.sort(key=lambda s: s.order)
    return specs


def _face_members(specs: list[_Spec], center: CenterLayout, ties: Sequence[Tie]) -> list[float | None]:
    """Systems tied to household members go round the ring on the side their members' ways out
    face (the mean of those members' sides for a system several are tied to), kinds together
    within; the others keep their kind's sector.  Sorts `specs` in that order and returns each
    one's wanted angle (None where it has no member), for `_turn`."""
    faces = {m: f for m, ports in center.ports.items() if (f := facing(ports)) is not None}
    if not faces:
        return [None] * len(specs)
    tied: dict[str, set[str]] = defaultdict(set)
    for tie in ties:
        for a, b in ((tie.from_, tie.to), (tie.to, tie.from_)):
            if a in faces:
                tied[b].add(a)
    top = -math.pi / 2
    wanted: dict[str, float | None] = {}
    keys: dict[str, tuple] = {}
    for spec in specs:
        owners = sorted(tied.get(spec.id, ()))
        if owners:
            at: float = circular_mean([faces[m] for m in owners])
            wanted[spec.id] = at
        else:
            at = top + 2 * math.pi * (spec.order[0] + 0.5) / (len(SECTORS) + 1)
            wanted[spec.id] = None
        keys[spec.id] = ((at - top) % (2 * math.pi), tuple(owners))
    groups = sorted({keys[s.id] for s in specs})
    for spec in specs:
        spec.order = (groups.index(keys[spec.id]), *spec.order)
    specs.sort(key=lambda s: s.order)
    return [wanted[s.id] for s in specs]


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
    sectors = [s.order[0] for s in specs]
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


# --------------------------------------------------------------------------- routing

def _meet(a: Box, b: Box) -> bool:
    """Whether two boxes share a point, edges included.  `Box.intersects` asks for an overlap of
    positive width and height, which the box of an exactly vertical or horizontal line (a leader
    straight up to its note, a bar of the centre's genogram) never has: it would never be found."""
    return a.x0 <= b.x1 and b.x0 <= a.x1 and a.y0 <= b.y1 and b.y0 <= a.y1


class _Grid:
    """A uniform grid of boxes, so a query touches only what is near.  A box meets a query when they
    share a point (`_meet`), so a flat box, a straight line's, is found too."""

    def __init__(self, cell: float) -> None:
        self.cell = cell
        self.cells: dict[tuple[int, int], list[int]] = defaultdict(list)
        self.items: list[tuple[Box, object]] = []

    def _keys(self, box: Box) -> Iterable[tuple[int, int]]:
        c = self.cell
        for i in range(math.floor(box.x0 / c), math.floor(box.x1 / c) + 1):
            for j in range(math.floor(box.y0 / c), math.floor(box.y1 / c) + 1):
                yield (i, j)

    def add(self, box: Box, item: object) -> None:
        index = len(self.items)
        self.items.append((box, item))
        for key in self._keys(box):
            self.cells[key].append(index)

    def near(self, box: Box) -> list[object]:
        found: set[int] = set()
        for key in self._keys(box):
            found.update(self.cells.get(key, ()))
        return [self.items[i][1] for i in sorted(found) if _meet(self.items[i][0], box)]

    def _path_keys(self, points: Sequence[Point], pad: float) -> set[tuple[int, int]]:
        """The cells within `pad` (and perhaps a cell more) of a path: pieces no longer than a
        cell, each by its box widened by `pad`.  A long tie across the map has a box of
        thousands of cells, its path a row of them."""
        c = self.cell
        keys: set[tuple[int, int]] = set()
        for i in range(len(points) - 1):
            (px, py), (qx, qy) = points[i], points[i + 1]
            dx, dy = qx - px, qy - py
            n = max(1, math.ceil(max(abs(dx), abs(dy)) / c))
            for k in range(n):
                ax, ay = px + dx * k / n, py + dy * k / n
                bx, by = px + dx * (k + 1) / n, py + dy * (k + 1) / n
                keys.update(self._keys(Box(min(ax, bx) - pad, min(ay, by) - pad,
                                           max(ax, bx) + pad, max(ay, by) + pad)))
        return keys

    def add_path(self, points: Sequence[Point], item: object) -> None:
        """A line kept under the cells along it (with its whole box, as `add` keeps it): found
        by a box its path comes into, which is all a question whether it runs through the box
        needs."""
        index = len(self.items)
        self.items.append((_poly_box(points), item))
        for key in self._path_keys(points, 1e-6):
            self.cells[key].append(index)

    def near_path(self, points: Sequence[Point], pad: float) -> list[object]:
        """What `near(_poly_box(points, pad))` finds that comes within `pad` of the path, and
        perhaps more, in the same order, looking only in the cells along the path."""
        found: set[int] = set()
        cells = self.cells
        for key in self._path_keys(points, pad):
            got = cells.get(key)
            if got:
                found.update(got)
        whole = _poly_box(points, pad)
        return [self.items[i][1] for i in sorted(found) if _meet(self.items[i][0], whole)]

    def hits(self, box: Box) -> bool:
        """Whether any box of the grid meets `box` (as `near` would find one)."""
        items = self.items
        for key in self._keys(box):
            for i in self.cells.get(key, ()):
                if _meet(items[i][0], box):
                    return True
        return False


class _Segments:
    """Every segment of some polylines (ties, the centre's lines) in a uniform grid.

    A question about a note spot concerns the few segments near it; a grid of whole polylines
    hands back every long tie whose box the spot is in, curve and all (near the centre, most of
    them).  The answers are the same as asking each such polyline: a line only counts when its
    own box meets the spot (`_meet`, as `_Grid.near` has it), and a segment is only skipped when
    it cannot reach the spot."""

    def __init__(self, cell: float, lines: Sequence[Sequence[Point]]) -> None:
        self.cell = cell
        self.lines = list(lines)
        self.boxes = [_poly_box(ln) for ln in self.lines]
        self.segs: list[tuple[Point, Point, int]] = []  # the ends and the index of its line
        self.seg_boxes: list[tuple[float, float, float, float]] = []  # x0, y0, x1, y1 of each
        self.cells: dict[tuple[int, int], list[int]] = defaultdict(list)
        for k, ln in enumerate(self.lines):
            for i in range(len(ln) - 1):
                p, q = ln[i], ln[i + 1]
                index = len(self.segs)
                self.segs.append((p, q, k))
                self.seg_boxes.append((min(p[0], q[0]), min(p[1], q[1]), max(p[0], q[0]), max(p[1], q[1])))
                for key in self._cells_of(p, q):
                    self.cells[key].append(index)

    def _keys(self, x0: float, y0: float, x1: float, y1: float) -> Iterable[tuple[int, int]]:
        c = self.cell
        for i in range(math.floor(x0 / c), math.floor(x1 / c) + 1):
            for j in range(math.floor(y0 / c), math.floor(y1 / c) + 1):
                yield (i, j)

    def _cells_of(self, p: Point, q: Point) -> set[tuple[int, int]]:
        """The cells a segment passes through, and perhaps a neighbour: a long tie across the
        ring is in a row of cells, not in every cell of its box.  Pieces no longer than a cell,
        each by its box widened a hair against rounding."""
        dx, dy = q[0] - p[0], q[1] - p[1]
        n = max(1, math.ceil(max(abs(dx), abs(dy)) / self.cell))
        eps = 1e-6
        keys: set[tuple[int, int]] = set()
        for k in range(n):
            ax, ay = p[0] + dx * k / n, p[1] + dy * k / n
            bx, by = p[0] + dx * (k + 1) / n, p[1] + dy * (k + 1) / n
            keys.update(self._keys(min(ax, bx) - eps, min(ay, by) - eps,
                                   max(ax, bx) + eps, max(ay, by) + eps))
        return keys

    def near(self, box: Box, reach: float) -> list[int]:
        """The segments whose own box comes within `reach` of `box` (touching counts, and a hair
        more), in insertion order: every segment that meets the box or comes within `reach` of
        it is among them."""
        pad = reach + 1e-6
        x0, y0, x1, y1 = box.x0 - pad, box.y0 - pad, box.x1 + pad, box.y1 + pad
        found: set[int] = set()
        cells = self.cells
        for key in self._keys(x0, y0, x1, y1):
            got = cells.get(key)
            if got:
                found.update(got)
        seg_boxes = self.seg_boxes
        out = []
        for index in sorted(found):
            sx0, sy0, sx1, sy1 = seg_boxes[index]
            if sx0 <= x1 and sx1 >= x0 and sy0 <= y1 and sy1 >= y0:
                out.append(index)
        return out

    def through(self, box: Box, skip: int) -> int:
        """How many lines other than line `skip` run through the box (`polyline_hits_box`)."""
        # A segment `near` hands back has a box that meets this one, so its line's box does too.
        found: set[int] = set()
        for index in self.near(box, 0.0):
            p, q, k = self.segs[index]
            if k != skip and k not in found and segment_box_hits(p, q, box):
                found.add(k)
        return len(found)

    def meets(self, seg: Leader, skip: int) -> bool:
        """Whether a line other than line `skip` crosses the segment (`_segments_meet`)."""
        # The leader's box may be flat (a leader straight up to its note): `near` finds what
        # touches it all the same.
        for index in self.near(_poly_box(seg), 0.0):
            p, q, k = self.segs[index]
            if k != skip and segments_cross(p, q, seg[0], seg[1]):
                return True
        return False

    def nearest(self, box: Box, among: int, skip: int, reach: Box, below: float) -> float:
        """min(below, distance from the box to the nearest of the first `among` lines other than
        `skip` whose own box meets `reach`) -- what `polyline_box_distance` over those lines gives."""
        best = below
        boxes, seg_boxes, segs, cells = self.boxes, self.seg_boxes, self.segs, self.cells
        bx0, by0, bx1, by1 = box.x0, box.y0, box.x1, box.y1
        # Every segment within `below` of the box is in these cells; which are looked at first
        # does not change the smallest distance, only how many need measuring.
        pad = below + 1e-6
        found: set[int] = set()
        for key in self._keys(bx0 - pad, by0 - pad, bx1 + pad, by1 + pad):
            got = cells.get(key)
            if got:
                found.update(got)
        # The box's centre and the radius of the circle round it: a segment is at least its
        # distance from the centre less that radius from the box, a bound that skips the many
        # ties fanning out of the centre which pass near the box's bounding rows but not near it.
        cx, cy = (bx0 + bx1) / 2, (by0 + by1) / 2
        half = math.hypot(bx1 - bx0, by1 - by0) / 2
        for index in found:
            p, q, k = segs[index]
            if k >= among or k == skip or not _meet(boxes[k], reach):
                continue
            sx0, sy0, sx1, sy1 = seg_boxes[index]
            gap_x = sx0 - bx1 if sx0 - bx1 > bx0 - sx1 else bx0 - sx1
            gap_y = sy0 - by1 if sy0 - by1 > by0 - sy1 else by0 - sy1
            if (gap_x if gap_x > gap_y else gap_y) > best + 1e-9:
                continue  # cannot come nearer than the best so far
            if _point_segment_distance(cx, cy, p, q) - half > best + 1e-9:
                continue  # nor can this one
            d = segment_box_distance(p, q, box)
            if d < best:
                best = d
        return best


def _point_segment_distance(x: float, y: float, p: Point, q: Point) -> float:
    """Distance from (x, y) to segment pq."""
    dx, dy = q[0] - p[0], q[1] - p[1]
    span = dx * dx + dy * dy
    t = 0.0 if span == 0 else min(1.0, max(0.0, ((x - p[0]) * dx + (y - p[1]) * dy) / span))
    return math.hypot(x - p[0] - t * dx, y - p[1] - t * dy)


def _poly_box(points: Sequence[Point], pad: float = 0.0) -> Box:
    return Box(min(x for x, _ in points) - pad, min(y for _, y in points) - pad,
               max(x for x, _ in points) + pad, max(y for _, y in points) + pad)


@dataclass(frozen=True)
class _Obstacle:
    id: str
    x: float
    y: float
    r: float

    @property
    def box(self) -> Box:
        return Box(self.x - self.r, self.y - self.r, self.x + self.r, self.y + self.r)


def _route(a: Point, b: Point, sa: EndShape, sb: EndShape, ends: set[str], shift: float,
           obstacles: _Grid, ring: tuple[float, float] | None, cfg: Config,
           soft: Sequence[tuple[str, Box]] = (), keep_out: tuple[Point, float] | None = None
           ) -> tuple[list[Point], bool]:
    """A path from end to end that keeps `cfg.clear` from every circle it does not end at:
    straight if it can, else with one bend, else round the outside of the rings.  `keep_out`: a
    circle the path may start on but not enter (the centre, for a tie leaving it by a stub)."""
    candidates: list[list[Point]] = [[a, b], *_bows(a, b, (0.12, -0.12, 0.25, -0.25, 0.4, -0.4))]
    if ring is not None:
        radius, _ = ring
        ta, tb = math.atan2(a[1], a[0]), math.atan2(b[1], b[0])
        short = (tb - ta + math.pi) % (2 * math.pi) - math.pi
        for sweep in (short, short - math.copysign(2 * math.pi, short)):
            steps = max(2, int(abs(sweep) / math.radians(8)))
            arc = [(radius * math.cos(ta + sweep * i / steps), radius * math.sin(ta + sweep * i / steps))
                   for i in range(steps + 1)]
            candidates.append([a, *arc, b])
    best: tuple[bool, int, float, list[Point]] | None = None
    for pts in candidates:
        if shift:
            pts = offset(pts, shift)
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
            assert isinstance(obstacle, _Obstacle)
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
        score = (worst > 0, hits, max(worst, 0.0), clipped)
        if worst <= 0 and hits == 0:
            return clipped, True
        if best is None or score[:3] < best[:3]:
            best = score
    assert best is not None
    return best[3], not best[0]


def _bows(a: Point, b: Point, ks: Sequence[float]) -> list[list[Point]]:
    """Curves from a to b bowed sideways, each pulled towards a point k * 2 * |ab| off the middle
    (k > 0 to the left of a -> b, k < 0 to the right)."""
    span = math.hypot(b[0] - a[0], b[1] - a[1])
    n = normal(unit(a, b))
    mid = ((a[0] + b[0]) / 2, (a[1] + b[1]) / 2)
    return [_curve(a, b, (mid[0] + n[0] * 2 * k * span, mid[1] + n[1] * 2 * k * span)) for k in ks]


def _curve(a: Point, b: Point, c: Point, steps: int = 12) -> list[Point]:
    """A quadratic Bézier from a to b pulled towards c, as a polyline (what the checker measures)."""
    out = []
    for i in range(steps + 1):
        t = i / steps
        u = 1 - t
        out.append((u * u * a[0] + 2 * u * t * c[0] + t * t * b[0],
                    u * u * a[1] + 2 * u * t * c[1] + t * t * b[1]))
    return out


# --------------------------------------------------------------------------- labels

def _free(box: Box, circles: _Grid, labels: _Grid, pad: float) -> bool:
    for item in circles.near(box.expand(pad)):
        assert isinstance(item, _Obstacle)
        if point_box_distance((item.x, item.y), box) < item.r + pad:
            return False
    return not labels.near(box.expand(pad))


def _crosses(box: Box, lines: _Grid | None, own: object = None) -> bool:
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
           h: float) -> Label:
    """A w x h label (its widest line, `tm.block_height`) whose box is centred on `center`,
    aligned to face direction d (outward)."""
    top = center[1] - h / 2
    if d[0] > 0.35:
        anchor, x = "start", center[0] - w / 2
    elif d[0] < -0.35:
        anchor, x = "end", center[0] + w / 2
    else:
        anchor, x = "middle", center[0]
    return Label(tuple(lines), x, top + tm.ascent(size), size, anchor, cfg.line_height)


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


def _place_outside(spec: _Spec, x: float, y: float, angle: float, cfg: Config, circles: _Grid,
                   labels: _Grid, lines: _Grid | None) -> Label | None:
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
                if not _free(box, circles, labels, 0.3 * cfg.gap):
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
    label: Label
    anchor: Point                             # the point of its own line it stands beside


def _note_texts(note: str, size: float) -> list[list[str]]:
    """The note wrapped as usual, then as a narrower block (more lines), which fits between close
    lines where the usual one does not."""
    texts = [tm.wrap(note, 9 * size, size)]
    narrow = tm.wrap_whole(note, 5.5 * size, size)
    if narrow is not None and narrow != texts[0] and len(narrow) <= 4:
        texts.append(narrow)
    return texts


def _note_label(text: Sequence[str], w: float, h: float, p: Point, n: Point, side: int, extra: float,
                cfg: Config) -> Label:
    """The w x h note block beside point p of its line, on the `side` of normal n, `extra` ems out."""
    nn = (n[0] * side, n[1] * side)
    reach = 0.6 * cfg.arrow + (0.25 + extra) * cfg.font + support(nn, w, h)
    c = (p[0] + nn[0] * reach, p[1] + nn[1] * reach)
    return _block(text, cfg.small, cfg, c, (0.0, 0.0), w, h)


def _note_key(crossed: int, needs_leader: bool, margin: float, variant: int, rank: int,
              cfg: Config) -> NoteKey:
    """How a spot reads, smaller is better: no line through it (nor through its leader, which is
    still better than through the text), no leader needed, its own tie clearly the nearest, the
    usual wrapping, near the middle, then the larger margin."""
    return (crossed, needs_leader, margin < CLEAR_NOTE * cfg.font, variant, rank, -min(margin, 3 * cfg.font))


def _place_note(tie: Tie, pts: Sequence[Point], cfg: Config, taken: Sequence[Box],
                lines: Sequence[Sequence[Point]], ties: Sequence[Sequence[Point]],
                within: tuple[Point, float] | None = None) -> tuple[Label, Leader | None, bool] | None:
    """A note of a tie inside the centre, beside its own line, clear of the centre's symbols and
    names (`taken`) and of the notes placed before.  (Ring ties: `_RingNotes`, same rules.)

    A reader links a note to the line nearest to it, so of the free places the one that crosses
    no line and has its own tie clearly nearest wins, near the middle first and on the side where
    the neighbouring ties are farther.  When no place has its own tie nearest, the best one gets a
    short leader to its line (returned with the label).  `within`: a circle the note must stay in."""
    assert tie.note is not None
    size = cfg.small
    total = length(pts)
    fallback: Label | None = None
    best: _NoteSpot | None = None
    for variant, text in enumerate(_note_texts(tie.note, size)):
        if best is not None and not any(best.key[:3]):
            break
        w = tm.widest(text, size)
        h = tm.block_height(len(text), size, cfg.line_height)
        for rank, (frac, extra) in enumerate(NOTE_SPOTS):
            p, d = point_at(pts, frac * total)
            n = normal(d)
            for side in (1, -1):
                label = _note_label(text, w, h, p, n, side, extra, cfg)
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
                    lead = _leader(p, label, cfg)
                    leader_crossed = any(ln is not pts and _segments_meet(ln, lead) for ln in lines) \
                        or any(polyline_hits_box(lead, b) for b in taken)
                crossed = _crossed(through, leader_crossed)
                key = _note_key(crossed, needs_leader, margin, variant, rank, cfg)
                if best is None or key < best.key:
                    best = _NoteSpot(key, label, p)
            if best is not None and not any(best.key[:3]):
                break  # the nearest place that reads unambiguously: no need to look farther out
    if best is None:
        if within is not None or fallback is None:
            return None
        return fallback, None, True
    leader = _leader(best.anchor, best.label, cfg) if best.key[1] else None
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
        self.label: Label | None = None
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

    index: int                    # of the tie among the routed ones, and of its line in `_Segments`
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


class _RingNotes:
    """The notes of the ring ties in one attempt, placed in as many orders as `_attempt` tries.

    Placing a note asks of each spot whether it is clear of circles and names, whether a line
    runs through it, and how near its own tie and the other ties are; none of that depends on the
    order of the notes, so it is measured once per spot, lazily, and kept across the orders.  Per
    order only the notes and leaders placed before are checked.  The spots are looked at best
    bound first and the search stops once no bound can beat the place found, which picks exactly
    the place `_place_note` picks by trying them all in turn."""

    def __init__(self, cfg: Config, circles: _Grid, labels: _Grid, lines: Sequence[Sequence[Point]],
                 routed: Sequence[tuple[Tie, list[Point], bool]], owned: Sequence[tuple[Point, ...]]) -> None:
        """`lines`: the centre's own lines; `owned`: every ring tie's route (tie i is line i)."""
        self.cfg = cfg
        self.circles, self.labels = circles, labels
        self.lines = _Segments(4 * cfg.font, [*owned, *lines])
        self.routed, self.owned = routed, owned
        self.plans: dict[int, _NotePlan] = {}
        self.pad = 0.2 * cfg.gap
        self.floor = -3 * cfg.font  # the best -margin a key can have
        self.nothing = _Grid(6 * cfg.font)  # no note placed yet

    def place(self, order: Sequence[int]) -> tuple[tuple[int, int], dict[int, _Placed | None], int]:
        """Notes placed one by one in `order`: the score (missing, flaws: 2 for a note a line
        crosses, 1 for a leader), the placed notes, and how many are crossed or led."""
        boxes, leaders = _Grid(6 * self.cfg.font), _Grid(6 * self.cfg.font)
        out: dict[int, _Placed | None] = {}
        missing = flaws = crossed = 0
        for i in order:
            got = self._best(self._plan(i), boxes, leaders)
            if got is None:
                out[i] = None
                missing += 1
                continue
            spot, key = got
            assert spot.label is not None
            crossing, led = key[0] > 0, key[1]
            leader = _leader(spot.anchor, spot.label, self.cfg) if led else None
            out[i] = (spot.label, leader, crossing)
            flaws += 2 if crossing else 1 if led else 0
            # A leader is a second best: ask for more room while it is cheap (see NOTE_ROUNDS).
            crossed += 1 if crossing or led else 0
            for b in spot.label.line_boxes():
                boxes.add(b, i)
            if leader is not None:
                leaders.add(_poly_box(leader), leader)
        return (missing, flaws), out, crossed

    def clean_alone(self, i: int) -> bool:
        """Whether note i has a place that no line crosses and that needs no leader, with no other
        note placed: if not, it is flawed in every order.  (Any such place will do: which one is
        best is not asked, so margins are not measured.)"""
        plan = self._plan(i)
        for spot in plan.spots:
            if spot.far:
                continue
            while 0 <= spot.stage < 2:
                self._measure(plan, spot)
            if spot.stage >= 2 and not spot.through and not spot.needs_leader:
                return True
        return False

    def _plan(self, i: int) -> _NotePlan:
        plan = self.plans.get(i)
        if plan is None:
            tie, pts, _clear = self.routed[i]
            assert tie.note is not None
            size = self.cfg.small
            blocks = [(text, tm.widest(text, size), tm.block_height(len(text), size, self.cfg.line_height))
                      for text in _note_texts(tie.note, size)]
            spots = [_Spot((v, rank, side), extra >= FAR_NOTE, self.floor) for v in range(len(blocks))
                     for rank, (_frac, extra) in enumerate(NOTE_SPOTS) for side in (0, 1)]
            plan = self.plans[i] = _NotePlan(i, tie, pts, length(pts), blocks, spots)
        return plan

    def _best(self, plan: _NotePlan, boxes: _Grid, leaders: _Grid) -> tuple[_Spot, NoteKey] | None:
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
                self._measure(plan, spot)
                if spot.stage > 0:
                    heapq.heappush(heap, (spot.bound, spot.index, k))
                continue
            key = self._now(spot, boxes, leaders)
            if key is not None and (best is None or (key, index) < best[:2]):
                best = (key, index, spot)
        return (best[2], best[0]) if best is not None else None

    def _measure(self, plan: _NotePlan, spot: _Spot) -> None:
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
            label = _note_label(text, w, h, p, n, 1 if side == 0 else -1, extra, cfg)
            box = label.box
            if not _free(box, self.circles, self.labels, self.pad):
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
        # One farther than 3 ems more than the own tie reads the same as none (see `_note_key`), so
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
            lead = _leader(p, spot.label, cfg)
            lead_box = _poly_box(lead)
            leader_crossed = self.lines.meets(lead, plan.index) or \
                any(depth_in_circle(lead, (ob.x, ob.y), ob.r) > 0  # type: ignore[attr-defined]
                    for ob in self.circles.near(lead_box))
            if not leader_crossed:
                spot.lead, spot.lead_box = lead, lead_box
        crossed = _crossed(spot.through, leader_crossed)
        spot.key = spot.bound = _note_key(crossed, spot.needs_leader, margin, variant, rank, cfg)
        spot.stage = 3

    def _now(self, spot: _Spot, boxes: _Grid, leaders: _Grid) -> NoteKey | None:
        """The spot's key given the notes and leaders placed so far; None when a note is in its way."""
        box = spot.box
        if boxes.hits(box.expand(self.pad)):
            return None
        key = spot.key
        # The leaders placed before are lines like any other, through the text or across its leader.
        through = sum(1 for ln in leaders.near(box) if polyline_hits_box(ln, box))  # type: ignore[arg-type]
        if through:
            return (_crossed(spot.through + through), *key[1:])  # type: ignore[return-value]
        # Only a spot whose leader crosses nothing else keeps it in `lead` (see `_measure`).
        if spot.lead is not None and \
                any(_segments_meet(ln, spot.lead) for ln in leaders.near(spot.lead_box)):  # type: ignore[arg-type]
            return (_crossed(0, True), *key[1:])  # type: ignore[return-value]
        return key


def _meetings(path: Sequence[Point], lines: Sequence[Sequence[Point]]) -> int:
    """How many of `lines` the path crosses."""
    return sum(1 for ln in lines
               if any(_segments_meet(ln, (path[i], path[i + 1])) for i in range(len(path) - 1)))


def _segments_meet(line: Sequence[Point], seg: Leader) -> bool:
    return any(segments_cross(line[i], line[i + 1], seg[0], seg[1]) for i in range(len(line) - 1))


def _leader(p: Point, label: Label, cfg: Config) -> Leader:
    """A short line from a point of the tie to just short of the note's nearest line of text
    (not its whole block, whose corner may be empty space beside a short line)."""
    box = min(label.line_boxes(), key=lambda b: point_box_distance(p, b))
    q = (min(max(p[0], box.x0), box.x1), min(max(p[1], box.y0), box.y1))
    d = unit(p, q)
    gap = min(0.15 * cfg.font, 0.5 * math.hypot(q[0] - p[0], q[1] - p[1]))
    return p, (q[0] - d[0] * gap, q[1] - d[1] * gap)


# --------------------------------------------------------------------------- the whole

def sorted_ties(case: Case) -> list[Tie]:
    eco = case.ecomap
    assert eco is not None
    return sorted(eco.ties, key=lambda t: (t.from_, t.to, t.strength, t.stress, t.flow, t.note or ""))


def layout(case: Case, style: Style) -> EcomapLayout:
    eco = case.ecomap
    assert eco is not None
    cfg = Config.of(style)
    ties = sorted_ties(case)
    from .large import layout_large, needs_large

    if needs_large(len(eco.systems), ties):
        return layout_large(case, cfg, ties)
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


def _place_leftover_notes(center: CenterLayout, nodes: Sequence[Node], ties: list[TieLayout],
                          cfg: Config) -> list[TieLayout]:
    """Notes that found no place beside their tie even on the largest rings (a bundle of more
    parallel ties with notes than its sides hold): each goes to the first place clear of every
    circle, name and note farther out along its tie, middle first, with a leader, rather than
    being left out.  The search is bounded: LEFTOVER_REACH ems out at most."""
    missing = [i for i, t in enumerate(ties) if t.tie.note and t.note is None]
    if not missing:
        return ties
    circles, taken = _Grid(6 * cfg.font), _Grid(6 * cfg.font)
    for ob in [_Obstacle("center", center.x, center.y, center.r),
               *(_Obstacle(n.id, n.x, n.y, n.r) for n in nodes)]:
        circles.add(ob.box, ob)
    boxes = [b for m in center.members for b in m.label.line_boxes()]
    boxes += [b for n in nodes if n.label is not None and not n.inside for b in n.label.line_boxes()]
    boxes += [b for t in ties if t.note is not None for b in t.note.line_boxes()]
    for b in boxes:
        taken.add(b, None)
    pad = 0.2 * cfg.gap
    out = list(ties)
    for i in missing:
        t = ties[i]
        assert t.tie.note is not None
        text = tm.wrap(t.tie.note, 9 * cfg.small, cfg.small)
        w, h = tm.widest(text, cfg.small), tm.block_height(len(text), cfg.small, cfg.line_height)
        total = length(t.points)
        found: tuple[Label, Point] | None = None
        for extra in [FAR_NOTE + 0.8 * k for k in range(int(LEFTOVER_REACH / 0.8))]:
            for frac in LEFTOVER_FRACS:
                p, d = point_at(t.points, frac * total)
                for side in (1, -1):
                    label = _note_label(text, w, h, p, normal(d), side, extra, cfg)
                    if _free(label.box, circles, taken, pad):
                        found = (label, p)
                        break
                if found:
                    break
            if found:
                break
        if found is None:
            continue
        label, p = found
        for b in label.line_boxes():
            taken.add(b, None)
        out[i] = TieLayout(t.tie, t.points, label, t.inner, t.clear, _leader(p, label, cfg))
    return out


def _settle_inner_notes(center: CenterLayout, inner: list[TieLayout], ring: Sequence[TieLayout],
                        cfg: Config) -> list[TieLayout]:
    """Notes of ties inside the centre, placed again now that the ring ties are known: a tie from a
    member to a system crosses the centre too, and a note sitting on it, or nearer to it than to
    its own tie, would be read as that tie's.  Where the tie's own route leaves its note no clean
    place, a bow to either side is tried (ring ties all leave from members, so they fan out
    together and a bowed inner tie gets away from them).  The centre's size is settled by then, so
    a note that finds no better place keeps the one it had."""
    if not any(t.note is not None for t in inner):
        return inner
    symbols = {m.id: m for m in center.members}
    blocks = [(m.id, m.box) for m in center.members] + [(m.id, b) for m in center.members
                                                        for b in m.label.line_boxes()]
    taken = [b for _k, b in blocks]
    paths: list[Sequence[Point]] = [t.points for t in inner] + [t.points for t in ring]
    room = ((center.x, center.y), center.r - 0.5 * cfg.gap)
    out = []
    for i, t in enumerate(inner):
        if t.note is None:
            out.append(t)
            continue
        others = [p for j, p in enumerate(paths) if j != i]
        drawn: list[Sequence[Point]] = [*center.lines, *others]
        drawn += [o.leader for o in out if o.leader is not None]
        best: tuple[int, tuple[Point, ...], Label, Leader | None] | None = None
        for k, pts in enumerate([t.points, *_inner_bows(t.tie, symbols)]):
            ends = (t.tie.from_, t.tie.to)
            if k and any(key not in ends and polyline_hits_box(pts, b) for key, b in blocks):
                continue
            if k and center.scene is not None and not path_free(center.scene, pts, set(ends)):
                continue  # a bow across the genogram's own lines
            if any(math.hypot(x - center.x, y - center.y) > room[1] for x, y in pts):
                continue
            if k and _meetings(pts, drawn) > _meetings(t.points, drawn):
                continue  # a bow that crosses more lines than the straight tie trades one flaw for another
            placed = _place_note(t.tie, pts, cfg, taken, [*drawn, pts], [*others, pts], within=room)
            if placed is None:
                continue
            note, leader, crossing = placed
            if leader is not None and center.scene is not None and not path_free(center.scene, leader, set()):
                continue  # a leader across the genogram is a tie across it
            # 0: clean; 1: needs a leader; 2: crosses a line.  A bow costs a little on ties.
            flaw = 2 if crossing else 1 if leader is not None else 0
            if best is None or (flaw, k > 0) < (best[0], best[1] is not t.points):
                best = (flaw, pts, note, leader)
            if flaw == 0:
                break
        if best is None:
            out.append(t)
            taken.extend(t.note.line_boxes())
            continue
        _flaw, pts, note, leader = best
        paths[i] = pts
        taken.extend(note.line_boxes())
        out.append(TieLayout(t.tie, pts, note, True, True, leader))
    return out


def _inner_bows(tie: Tie, symbols: dict[str, PersonSymbol]) -> list[tuple[Point, ...]]:
    """A tie between two people of the centre bowed to one side or the other, clipped to their shapes."""
    a, b = symbols.get(tie.from_), symbols.get(tie.to)
    if a is None or b is None:
        return []
    return [tuple(clip_ends(raw, a.shape, b.shape)) for raw in _bows((a.x, a.y), (b.x, b.y), INNER_BOWS)]


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
    taken: list[tuple[Point, Point]] = []  # the stubs chosen so far, which the next member's avoid
    for member in sorted(by_member, key=lambda m: (-len(by_member[m]), m)):
        own = by_member[member]
        targets = [shapes[ties[i].to if ties[i].from_ == member else ties[i].from_][0] for i in own]
        chosen = choose_ports(center.scene, center.ports[member], targets, 2.2 * cfg.multi_gap, taken)
        out.update(zip(own, chosen, strict=True))
        taken += [(p.path[k], p.path[k + 1]) for p in chosen for k in range(len(p.path) - 1)]
    return out


def _from_stub(tie: Tie, port: Port, center: CenterLayout, shapes: dict[str, tuple[Point, EndShape]],
               circles: _Grid, cfg: Config) -> tuple[Tie, list[Point], bool]:
    """A tie from a household member: its stub to the rim, then on from there clear of every circle
    and never back into the centre; in the tie's own direction."""
    member = tie.from_ if tie.from_ in center.ports else tie.to
    other = tie.to if member == tie.from_ else tie.from_
    e = port.end
    b, sb = shapes[other]
    outer, clear = _route(e, b, EndShape("circle", e[0], e[1], 0.0), sb, {member, other, "center"}, 0.0,
                          circles, (center.r + 2 * cfg.clear, 0.0), cfg, (),
                          keep_out=((center.x, center.y), center.r))
    pts = [*port.path[:-1], *outer]
    if member == tie.to:
        pts.reverse()
    return tie, pts, clear


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


# --------------------------------------------------------------------------- readability

def _labelled(lay: EcomapLayout) -> list[tuple[object, Label]]:
    """Every text of the ecomap with what it belongs to (a node or member id, or a tie layout)."""
    out: list[tuple[object, Label]] = [(m.id, m.label) for m in lay.center.members if m.label.lines]
    out += [(n.id, n.label) for n in lay.nodes if n.label is not None and n.label.lines and not n.inside]
    out += [(t, t.note) for t in lay.ties if t.note is not None]
    return out


def _apart(a: Box, b: Box, by: float = 0.0) -> bool:
    """Whether two boxes are more than `by` apart along x or y (a hair more, against rounding): then
    nothing in one comes within `by` of anything in the other."""
    by += 1e-6
    return a.x0 > b.x1 + by or b.x0 > a.x1 + by or a.y0 > b.y1 + by or b.y0 > a.y1 + by


def _reach(lines: Sequence[Sequence[Point]]) -> float:
    """The radius round the map's centre within which every point of the lines lies."""
    return max((math.hypot(x, y) for ln in lines for x, y in ln), default=0.0)


def _beyond(box: Box, reach: float) -> bool:
    """Whether the whole box lies farther from the map's centre than `reach`."""
    dx = max(box.x0, 0.0, -box.x1)
    dy = max(box.y0, 0.0, -box.y1)
    return math.hypot(dx, dy) > reach + 1e-6


def label_line_crossings(lay: EcomapLayout) -> int:
    """How many (text, line) pairs cross: a tie, a leader or a line of the centre's small genogram
    running through a name or a note.  Names written inside their own circle are left out, since
    ties are clipped at the circle's rim.  Texts beyond every line's reach from the centre (names
    outside the ring, the note list) are not walked."""
    lines: list[Sequence[Point]] = [t.points for t in lay.ties] + [t.leader for t in lay.ties if t.leader]
    lines += list(lay.center.lines)
    reach = _reach(lines)
    near = [(owner, label) for owner, label in _labelled(lay) if not _beyond(label.box, reach)]
    if not near:
        return 0
    # A line whose box is apart from the text's is not walked segment by segment (most are).
    spans = [_poly_box(ln) for ln in lines]
    count = 0
    for _owner, label in near:
        boxes = label.line_boxes()
        whole = bounds(boxes)
        count += sum(1 for ln, span in zip(lines, spans, strict=True)
                     if not _apart(span, whole) and any(polyline_hits_box(ln, b) for b in boxes))
    return count


def ambiguous_notes(lay: EcomapLayout) -> list[TieLayout]:
    """Ties whose note has another tie at least as near as its own and no leader to tell them apart.
    A note of the numbered list (`TieLayout.listed`) is told apart by its number and ends."""
    noted = [t for t in lay.ties if t.note is not None and t.leader is None and not t.listed]
    if not noted:
        return []
    spans = {id(t): _poly_box(t.points) for t in lay.ties}
    out = []
    for tie in noted:
        assert tie.note is not None
        box = tie.note.box
        mine = polyline_box_distance(tie.points, box)
        # Only whether another tie comes as near is asked: its distance is measured no further.
        below = math.nextafter(mine, math.inf)
        if any(not _apart(spans[id(o)], box, mine) and polyline_box_distance(o.points, box, below) <= mine
               for o in lay.ties if o is not tie):
            out.append(tie)
    return out
