"""Step 1, the centre: the household's small genogram (`tree`, laid out by the genogram's own
engine), or the centre person alone, in its circle; the ways out of the circle for members with
ties, and the ties between two members.

Objective: the smallest circle that holds the genogram, with every tie between members clear of
the genogram's lines, other members, names and the marks beside a symbol.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

from ....geometry import Box, Point, segments_cross
from ....labels import PlacedText
from ....model import Case, Person, Tie
from ...genogram.scene import UnknownPartner
from ..centre import Member as CentreMember
from ..centre import Port, Scene, facing, member_ports, path_free, rim_route
from ..paths import (
    clip_ends,
    cut,
    depth_in_circle,
    length,
    point_at,
    polyline_box_distance,
    polyline_hits_box,
)
from .inside import grid_way
from .middle import centre_places
from .notes import _meetings, _place_note
from .records import (
    INNER_BOWS,
    CenterLayout,
    Config,
    Leader,
    PersonSymbol,
    TieLayout,
    port_spacing,
)
from .route import _bows
from .tree import Segment, Tree, engine_tree, linking_relatives, parse_union_form
from .unknown import unknown_segments


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


def centre_ids(case: Case) -> set[str]:
    """Everyone the centre draws: its members, and the relatives away who link the household's
    families (`tree.linking_relatives`), whether or not the ecomap ties them: a mother working away
    whose son her parents raise stands in the centre in grey, joining him to them, and her tie to
    him runs inside it (on the ring she left him with no line to anyone in the centre)."""
    home = {p.id for p in center_members(case)}
    return home | set(linking_relatives(case, home))


def _status_marks(line: Sequence[Point], form: str, em: float) -> list[tuple[Point, Point]]:
    """The slashes the genogram's `draw_union` puts across a separated or divorced partner line (one
    or two, at `MARK_AT` of the line), a little larger: a tie must not cross them either."""
    if not form.startswith("union:") or len(line) < 2:
        return []
    read = parse_union_form(form)
    status, at = read.status, read.mark
    if status not in ("separated", "divorced"):
        return []
    (x0, y0), (x1, y1) = line[0], line[-1]
    mx, my = x0 + at * (x1 - x0), y0 + at * (y1 - y0)
    dx, dy = 0.35 * em, 0.65 * em
    offsets = [0.0] if status == "separated" else [-0.16 * em, 0.16 * em]
    return [((mx + o - dx, my + dy), (mx + o + dx, my - dy)) for o in offsets]


def _centre_scene(members: Sequence[PersonSymbol], lines: Sequence[Sequence[Point]],
                  forms: Sequence[str], r: float, cfg: Config,
                  unknowns: Sequence[UnknownPartner] = (), marks: Sequence[Segment] = (),
                  letters: Sequence[tuple[str, Box]] = ()) -> Scene:
    """What the ways out keep off: the genogram's lines, their status slashes, the unknown
    partners, the members' symbols and names, and what a symbol draws beside itself (the NSGC
    proband arrow and its "P", `marks`), which a tie crosses no more than a line."""
    segments = [(ln[i], ln[i + 1]) for ln in lines for i in range(len(ln) - 1)]
    segments += list(marks)
    segments += [seg for ln, form in zip(lines, forms, strict=True)
                 for seg in _status_marks(ln, form, cfg.font)]
    segments += [seg for u in unknowns for seg in unknown_segments(u)]
    return Scene(0.0, 0.0, r, tuple(segments),
                 tuple(CentreMember(m.id, m.shape, m.box) for m in members),
                 (*((m.id, b) for m in members for b in m.label.line_boxes()), *letters),
                 0.25 * cfg.font, 1.1 * cfg.font, 1.5 * cfg.triple_gap)


def centre_tree(case: Case, cfg: Config, gens: dict[str, int], ported: Mapping[str, int]) -> Tree:
    """The household as a small genogram (`tree.engine_tree`), or the centre person alone, where
    the genogram's engine places them (the same round every place of the circle)."""
    eco = case.ecomap
    assert eco is not None and cfg.style is not None
    household = eco.center == "household"
    client_id = case.case.client if household else eco.center
    weights = {pid: n for pid, n in ported.items() if n > 0} if household else {}
    return engine_tree(case, cfg, cfg.style, gens, center_members(case), client_id, weights)


def _layout_center(case: Case, cfg: Config, gens: dict[str, int], inner_ties: Sequence[Tie],
                   ported: Mapping[str, int], choice: int = 0, tree: Tree | None = None
                   ) -> tuple[CenterLayout, list[TieLayout], int]:
    """The household as a small genogram (`centre_tree`, or `tree` when it is known already), or
    the centre person alone, in its circle (at the `choice`-th of its places, the most likely
    first); the ways out of the circle for the members with ties (`centre.member_ports`), and the
    ties between two members, drawn inside it; and how many places the circle may stand at
    (`middle.centre_places`)."""
    eco = case.ecomap
    assert eco is not None
    household = eco.center == "household"
    weights = {pid: n for pid, n in ported.items() if n > 0} if household else {}
    if tree is None:
        tree = centre_tree(case, cfg, gens, ported)
    content = tree.content()
    minimum = cfg.center_min if household else 0.65 * cfg.center_min
    # The client's or household's circle is never smaller than the largest system round it.
    minimum = max([minimum] + [cfg.radii[s.size - 1] for s in eco.systems])
    members_with_pairs = any(t.from_ in tree.symbols and t.to in tree.symbols for t in inner_ties)
    # Room between the genogram and the rim, where a tie between two members may run round it.
    band = 1.6 * cfg.gap if members_with_pairs else 0.5 * cfg.gap
    weights = {pid: n for pid, n in weights.items() if pid in tree.symbols}
    places = centre_places(content, tree.symbols, weights, minimum, band)
    middle, reach, r = places[min(choice, len(places) - 1)]
    tree = tree.moved(-middle[0], -middle[1])
    symbols, lines, unknowns, marks = tree.symbols, tree.lines, tuple(tree.unknowns), tree.marks()
    wanted = {pid for pid in set(ported) | {e for t in inner_ties for e in (t.from_, t.to)} if pid in symbols}
    ordered = sorted(symbols.values(), key=lambda s: s.id)
    for grow in range(8):
        scene = _centre_scene(ordered, lines, tree.forms, r, cfg, unknowns, marks, tree.letters())
        ports = {pid: tuple(member_ports(scene, scene_member, ported.get(pid, 0), port_spacing(cfg)))
                 for scene_member in scene.members if (pid := scene_member.id) in wanted} if household else {}
        inner, fits = _inner_ties(inner_ties, symbols, lines, scene, ports, reach + band / 2, cfg,
                                  clean=grow < 3)
        ports = _ports_clear_of(ports, [t.points for t in inner])
        if fits:
            break
        r += cfg.font  # a note of a tie inside found no room in the circle: a little more
    # A copy is no one more; a relative drawn to link members lives elsewhere.
    member_ids = tuple(sorted(k for k, s in symbols.items() if s.copy_of is None and not s.away))
    center = CenterLayout(0.0, 0.0, r, member_ids, tuple(ordered), tuple(lines), household,
                          tuple(tree.forms), ports, scene, unknowns, tuple(tuple(t.points) for t in inner))
    return center, inner, len(places)


def _ports_clear_of(ports: dict[str, tuple[Port, ...]], paths: Sequence[Sequence[Point]]
                    ) -> dict[str, tuple[Port, ...]]:
    """Each member's ways out that cross no tie between two members (a tie out of the centre that
    crosses one inside reads as tangled with it), where the member keeps any."""
    segments = [(pts[k], pts[k + 1]) for pts in paths for k in range(len(pts) - 1)]
    if not segments:
        return ports
    out = {}
    for pid, own in ports.items():
        clear = tuple(p for p in own if not any(segments_cross(p.path[i], p.path[i + 1], a, b)
                                                 for i in range(len(p.path) - 1) for a, b in segments))
        out[pid] = clear or own
    return out


# Ties between two people of the centre the careful layout takes (see `large.needs_large`).
INNER_TIE_BUDGET = 60


def _inner_ties(inner_ties: Sequence[Tie], symbols: dict[str, PersonSymbol], lines: Sequence[Sequence[Point]],
                scene: Scene, ports: dict[str, tuple[Port, ...]], rim: float,
                cfg: Config, clean: bool = False) -> tuple[list[TieLayout], bool]:
    """Ties between two people of the centre (or the centre and one of them), with their notes inside
    the circle; whether every note found room there (`clean`: room that no line crosses)."""
    inner: list[TieLayout] = []
    # The members' symbols, their names and what a symbol writes beside itself (the proband's "P").
    taken: list[Box] = [s.box for s in symbols.values()] + [b for _id, b in scene.names]
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
        # As the genogram draws a relationship line round its family's lines: inside, not out to
        # the rim and back.
        symbol_boxes = {s.box for s in symbols.values()}
        inside = grid_way(scene, a, b, [box for box in taken if box not in symbol_boxes])
        if inside is not None:
            return inside
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
    if center.scene is not None:  # the proband's "P" beside a symbol is kept clear as a name is
        blocks += [(pid, b) for pid, b in center.scene.names if all(b != nb for _k, nb in blocks)]
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
        ends = (t.tie.from_, t.tie.to)
        # (a tie may touch its own ends' symbols, which it is clipped to, but not their names)
        own_symbols = {symbols[e].box for e in ends if e in symbols}
        for k, pts in enumerate([t.points, *_inner_bows(t.tie, symbols)]):
            if k and any(b not in own_symbols and polyline_hits_box(pts, b) for _key, b in blocks):
                continue
            if k and center.scene is not None and not path_free(center.scene, pts, set(ends)):
                continue  # a bow across the genogram's own lines
            if any(math.hypot(x - center.x, y - center.y) > room[1] for x, y in pts):
                continue
            if k and _meetings(pts, drawn) > _meetings(t.points, drawn):
                continue  # a bow that crosses more lines than the straight tie trades one flaw for another
            placed = _place_note(t.tie, pts, cfg, taken, [*drawn, pts], [*others, *center.lines, pts],
                                 within=room)
            if placed is None:
                continue
            note, leader, crossing = placed
            if leader is not None and center.scene is not None and not path_free(center.scene, leader, set()):
                continue  # a leader across the genogram is a tie across it
            # 0: clean; 1: needs a leader; 2: another line as near as its own tie (a reader could
            # take it for that line's); 3: crosses a line.  A bow costs a little on ties.
            nearer = leader is None and _nearer_other(note.box, pts, drawn)
            flaw = 3 if crossing else 2 if nearer else 1 if leader is not None else 0
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


def _nearer_other(box: Box, own: Sequence[Point], lines: Sequence[Sequence[Point]]) -> bool:
    """Whether one of `lines` comes as near the box as its own tie (`quality.unclear_notes`)."""
    mine = polyline_box_distance(own, box)
    return any(polyline_box_distance(ln, box, math.nextafter(mine, math.inf)) <= mine for ln in lines)


def _inner_bows(tie: Tie, symbols: dict[str, PersonSymbol]) -> list[tuple[Point, ...]]:
    """A tie between two people of the centre bowed to one side or the other, clipped to their shapes."""
    a, b = symbols.get(tie.from_), symbols.get(tie.to)
    if a is None or b is None:
        return []
    return [tuple(clip_ends(raw, a.shape, b.shape)) for raw in _bows((a.x, a.y), (b.x, b.y), INNER_BOWS)]
