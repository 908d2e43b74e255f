"""Step 1, the centre: the household drawn as a small genogram (or the centre person alone) in
its circle, the ways out of the circle for members with ties, and the ties between two members.

Objective: the genogram's own conventions (rows by generation, partners side by side, one
sibling line per union, status marks on partner lines) in the smallest circle that holds it,
with every tie between members clear of the genogram's lines, other members and names.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from .... import text as tm
from ....geometry import Box, Point
from ....labels import PlacedText
from ....model import Case, Person, Relation, Tie, Union
from ...genogram.family import class_rows, topological_order
from ...genogram.scene import UnknownPartner
from ..centre import Member as CentreMember
from ..centre import Port, Scene, facing, member_ports, path_free, rim_route
from ..paths import (
    clip_ends,
    cut,
    depth_in_circle,
    length,
    point_at,
    polyline_hits_box,
)
from .index import poly_box
from .middle import CentrePlace, centre_places, worst_stub
from .notes import _meetings, _place_note
from .records import (
    INNER_BOWS,
    MARK_AT,
    CenterLayout,
    Config,
    Leader,
    PersonSymbol,
    TieLayout,
    _symbol_half,
)
from .route import _bows
from .unknown import place_unknown, shift_unknown, unknown_room, unknown_segments


def generations(case: Case) -> dict[str, int]:
    """Generation of every person across the whole family (0 = oldest), by the genogram's rule:
    partners share a row, children sit below their parents, and a family pulled down towards its
    children (a married-in spouse's parent stands one row above the spouse, not on the founders'
    row).  Partner classes in Kahn's order (`genogram.family.topological_order`); a family whose
    partnerships close a loop keeps the plain downward rows (the genogram draws it with a copy)."""
    classes = {p.id: p.id for p in case.people}

    def find(pid: str) -> str:
        while classes[pid] != pid:
            classes[pid] = classes[classes[pid]]
            pid = classes[pid]
        return pid

    unions = sorted(case.unions, key=lambda u: u.id or "")
    for union in unions:
        partners = sorted(p for p in union.partners if p in classes)
        for other in partners[1:]:
            keep, joined = sorted((find(partners[0]), find(other)))
            classes[joined] = keep
    edges = sorted({(find(p), find(child.id)) for union in unions
                    for p in union.partners[:1] if p in classes
                    for child in union.children if child.id in classes})
    names = sorted({find(p) for p in classes})
    order = topological_order(names, edges)
    if len(order) < len(names):
        return _downward_generations(case)
    row = class_rows(order, edges)
    top = min(row.values(), default=0)
    return {p: row[find(p)] - top for p in classes}



def _downward_generations(case: Case) -> dict[str, int]:
    """Rows by relaxation alone (partners level, children one below), for families with loops."""

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


def _person_label(lines: tuple[str, ...], x: float, top: float, cfg: Config, size: float) -> PlacedText:
    return PlacedText(x, top + tm.ascent(size), lines, size, "middle", line_height=cfg.line_height)


def _birth_key(case: Case, person: Person) -> float:
    year = case.birth_year(person)
    return year if year is not None else 9999.0


@dataclass
class _Tree:
    """The household as a small genogram, before it is centred: symbols, lines and their forms."""

    symbols: dict[str, PersonSymbol]
    lines: list[tuple[Point, ...]] = field(default_factory=list)
    forms: list[str] = field(default_factory=list)  # per line, see `CenterLayout.forms`
    unknowns: list[UnknownPartner] = field(default_factory=list)  # of the one-parent unions

    def add(self, points: Sequence[Point], form: str) -> None:
        self.lines.append(tuple(points))
        self.forms.append(form)


@dataclass
class _Hang:
    """A union with children at home: who of its partners is at home, and where its children hang from."""

    union: Union
    parents: list[str]            # partners at home, left to right once placed (1 or 2)
    children: list[tuple[str, Relation]]  # (id, relation) of the children at home
    side: int = 0                 # one parent at home: the side of the parent its line leaves from
    depth: int = 0                # how many other unions of that parent leave from the same side before it
    anchor: float = 0.0           # x where the descent leaves the parents' row
    under: float = 0.0            # x of the drop of the union a step nearer the parent (depth >= 1)
    offset: float = 0.0           # one parent at home: from the edge of the parent's slot to the drop
    last: bool = True             # the farthest of its parent's unions on its side

    @property
    def unknown(self) -> bool:
        """The other parent is not known (a one-parent union): the genogram's "?" stands by the drop."""
        return len(self.union.partners) == 1


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
    partners = _partners_at_home(case, ids, row_of)
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
        extra = _lone_offsets([h for h in hangs if h.parents[0] in taken], lone_step, unknown_room(cfg))
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
                hang.anchor = xs[pid] + hang.side * (slot[pid] / 2 + hang.offset)
                hang.under = hang.anchor - hang.side * lone_step
    symbols = {p.id: _member_symbol(p, xs[p.id], row_of[p.id] * row_step, name_lines[p.id], cfg,
                                    p.id == client_id, gens.get(p.id, 0)) for p in people}
    tree = _Tree(symbols)
    _tree_lines(tree, case, hangs, ids, row_of, cfg, label_h)
    return tree


def _lone_offsets(hangs: Sequence[_Hang], step: float, room: float) -> defaultdict[tuple[str, int], float]:
    """Where the drop of each union of a lone parent at home stands beyond the parent's slot
    (`_Hang.offset`), one `step` further out per union on that side and the width of an unknown
    partner's symbol (`room`) more past a union that has one; and the room each side of each such
    parent takes beyond the slot."""
    extra: defaultdict[tuple[str, int], float] = defaultdict(float)
    sides: dict[tuple[str, int], list[_Hang]] = defaultdict(list)
    for hang in hangs:
        if len(hang.parents) == 1 and hang.children:
            sides[(hang.parents[0], hang.side)].append(hang)
    for key, own in sides.items():
        own.sort(key=lambda h: h.depth)
        reach = 0.0
        for i, hang in enumerate(own):
            hang.offset = reach + (step if i else 0.0)
            hang.last = i == len(own) - 1
            reach = hang.offset + (room if hang.unknown else 0.0)
        extra[key] = reach
    return extra


def _partners_at_home(case: Case, ids: set[str], row_of: dict[str, int]) -> dict[str, list[str]]:
    """Per member at home, their partners at home on the same row (drawn side by side)."""
    partners: dict[str, list[str]] = defaultdict(list)
    for union in sorted(case.unions, key=lambda u: u.id or ""):
        inside = sorted(p for p in union.partners if p in ids)
        if len(inside) == 2 and row_of[inside[0]] == row_of[inside[1]]:
            partners[inside[0]].append(inside[1])
            partners[inside[1]].append(inside[0])
    return partners


def _member_symbol(p: Person, x: float, y: float, name: tuple[str, ...], cfg: Config, client: bool,
                   generation: int) -> PersonSymbol:
    """A member's symbol at (x, y) with their name under it."""
    side, size = cfg.person, cfg.font
    label = _person_label(name, x, y + side / 2 * 1.2 + 0.25 * size, cfg, size)
    return PersonSymbol(p.id, p.name, p.sex, x, y, _symbol_half(p, side), client, p.deceased, generation,
                        label, p.gender)


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

    clusters: list[_Cluster] = []
    for at, group in blocks:
        w = sum(width(p) for p in group)
        if clusters and at is None:
            last = clusters[-1]
            last.blocks.append((last.width + gap, group))
            last.width += gap + w
            continue
        clusters.append(_Cluster([(0.0, group)], w, [] if at is None else [at - w / 2]))
        while len(clusters) > 1:
            before, after = clusters[-2], clusters[-1]
            if not before.wishes or not after.wishes:
                break
            if before.left + before.width + gap <= after.left:
                break
            shift = before.width + gap
            before.blocks += [(off + shift, g) for off, g in after.blocks]
            before.wishes += [wish - shift for wish in after.wishes]
            before.width += gap + after.width
            clusters.pop()
    if not any(c.wishes for c in clusters):
        x0: float | None = -(sum(c.width for c in clusters) + gap * (len(clusters) - 1)) / 2
    else:
        x0 = None
    cursor: float | None = None
    for cluster in clusters:
        left = cluster.left if cluster.wishes else (cursor if cursor is not None else x0 or 0.0)
        if x0 is not None and cursor is None:
            left = x0
        if cursor is not None:
            left = max(left, cursor)
        for off, group in cluster.blocks:
            x = left + off
            for pid in group:
                x += extra[(pid, -1)]
                xs[pid] = x + slot[pid] / 2
                x += slot[pid] + extra[(pid, 1)]
        cursor = left + cluster.width + gap


@dataclass
class _Cluster:
    """Blocks of a row placed edge to edge from the cluster's left end (offset, people);
    `wishes`: where that left end would be for each anchored block to sit centred under its union."""

    blocks: list[tuple[float, list[str]]]
    width: float
    wishes: list[float]

    @property
    def left(self) -> float:
        """The left end that best meets the wishes (their mean)."""
        return sum(self.wishes) / len(self.wishes)


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
            if hang.unknown:
                tree.unknowns.append(place_unknown(hang.side, hang.last, top.half, (drop_x, top.y + dy), cfg))
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
                  forms: Sequence[str], r: float, cfg: Config,
                  unknowns: Sequence[UnknownPartner] = ()) -> Scene:
    segments = [(ln[i], ln[i + 1]) for ln in lines for i in range(len(ln) - 1)]
    segments += [seg for ln, form in zip(lines, forms, strict=True)
                 for seg in _status_marks(ln, form, cfg.font)]
    segments += [seg for u in unknowns for seg in unknown_segments(u)]
    return Scene(0.0, 0.0, r, tuple(segments),
                 tuple(CentreMember(m.id, m.shape, m.box) for m in members),
                 tuple((m.id, b) for m in members for b in m.label.line_boxes()),
                 0.25 * cfg.font, 1.1 * cfg.font, 1.5 * cfg.triple_gap)


def _scene_at(tree: _Tree, place: CentrePlace, cfg: Config) -> Scene:
    """What the ways out keep off with the genogram's circle at `place`."""
    dx, dy = -place.middle[0], -place.middle[1]
    symbols = sorted((_shift_symbol(s, dx, dy) for s in tree.symbols.values()), key=lambda s: s.id)
    lines = [tuple((x + dx, y + dy) for x, y in ln) for ln in tree.lines]
    unknowns = [shift_unknown(u, dx, dy) for u in tree.unknowns]
    return _centre_scene(symbols, lines, tree.forms, place.r, cfg, unknowns)


def _layout_center(case: Case, cfg: Config, gens: dict[str, int], inner_ties: Sequence[Tie],
                   ported: Mapping[str, int]) -> tuple[CenterLayout, list[TieLayout]]:
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
    content += [poly_box(ln) for ln in tree.lines] + [u.box for u in tree.unknowns]
    minimum = cfg.center_min if household else 0.65 * cfg.center_min
    # The client's or household's circle is never smaller than the largest system round it.
    minimum = max([minimum] + [cfg.radii[s.size - 1] for s in eco.systems])
    members_with_pairs = any(t.from_ in tree.symbols and t.to in tree.symbols for t in inner_ties)
    # Room between the genogram and the rim, where a tie between two members may run round it.
    band = 1.6 * cfg.gap if members_with_pairs else 0.5 * cfg.gap
    weights = {pid: n for pid, n in ported.items() if pid in tree.symbols and n > 0} if household else {}
    places = centre_places(content, tree.symbols, weights, minimum, band)
    if len(places) > 1:
        busy = max(sorted(weights), key=lambda p: weights[p])
        system_ids = {sy.id for sy in eco.systems}
        ring = len(system_ids | {e for t in eco.ties for e in (t.from_, t.to)
                                 if e not in tree.symbols and e != "center"})
        places.sort(key=lambda place: worst_stub(_scene_at(tree, place, cfg), busy, (weights[busy], ring)))
    middle, reach, r = places[0]
    dx, dy = -middle[0], -middle[1]
    symbols = {k: _shift_symbol(s, dx, dy) for k, s in tree.symbols.items()}
    lines = [tuple((x + dx, y + dy) for x, y in ln) for ln in tree.lines]
    unknowns = tuple(shift_unknown(u, dx, dy) for u in tree.unknowns)
    wanted = {pid for pid in set(ported) | {e for t in inner_ties for e in (t.from_, t.to)} if pid in symbols}
    ordered = sorted(symbols.values(), key=lambda s: s.id)
    for grow in range(8):
        scene = _centre_scene(ordered, lines, tree.forms, r, cfg, unknowns)
        ports = {pid: tuple(member_ports(scene, scene_member)) for scene_member in scene.members
                 if (pid := scene_member.id) in wanted} if household else {}
        inner, fits = _inner_ties(inner_ties, symbols, lines, scene, ports, reach + band / 2, cfg,
                                  clean=grow < 3)
        if fits:
            break
        r += cfg.font  # a note of a tie inside found no room in the circle: a little more
    center = CenterLayout(0.0, 0.0, r, tuple(sorted(symbols)), tuple(ordered), tuple(lines), household,
                          tuple(tree.forms), ports, scene, unknowns)
    return center, inner


# Ties between two people of the centre the careful layout takes (see `large.needs_large`).
INNER_TIE_BUDGET = 60


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
    # Past the budget (only the large layout gets there), a tie between two people already joined
    # takes their first tie's way: finding a way costs a look at every line drawn before.
    shared: dict[tuple[str, str], list[Point]] = {}
    for tie in inner_ties:
        pair = (min(tie.from_, tie.to), max(tie.from_, tie.to))
        if len(inner_ties) > INNER_TIE_BUDGET and pair in shared:
            pts = shared[pair]
        else:
            pts = shared[pair] = _inner_points(tie, symbols, taken, drawn, scene, ports, rim)
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


def _shift_leader(leader: Leader | None, dx: float, dy: float) -> Leader | None:
    if leader is None:
        return None
    (x0, y0), (x1, y1) = leader
    return (x0 + dx, y0 + dy), (x1 + dx, y1 + dy)


def _shift_symbol(s: PersonSymbol, dx: float, dy: float) -> PersonSymbol:
    return PersonSymbol(s.id, s.name, s.sex, s.x + dx, s.y + dy, s.half, s.client, s.deceased,
                        s.generation, s.label.moved(dx, dy), s.gender)


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
    paths: list[Sequence[Point]] = [*(t.points for t in inner), *(t.points for t in ring)]
    room = ((center.x, center.y), center.r - 0.5 * cfg.gap)
    out = []
    for i, t in enumerate(inner):
        if t.note is None:
            out.append(t)
            continue
        others = [p for j, p in enumerate(paths) if j != i]
        drawn: list[Sequence[Point]] = [*center.lines, *others]
        drawn += [o.leader for o in out if o.leader is not None]
        best: tuple[int, tuple[Point, ...], PlacedText, Leader | None] | None = None
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
