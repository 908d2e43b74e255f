"""The genogram as SVG: the layout engine's geometry drawn with the symbol and line vocabulary.

Partner lines run between the partners' symbols at mid-height (the pedigree
convention), so every label can sit centred under its symbol and the
children's line drops from the partner line through the free gap between the
partners' labels.  A one-parent union drops from under the parent's labels.
Emotional relationships and the dashed links between a person and their copy
are drawn last, over the structure, along routes (`route.py`) that keep out of
every symbol and label.
"""

from __future__ import annotations

import bisect
import itertools
import math
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise

from ... import text as tm
from ...drawing import Context, Drawing
from ...geometry import Box, Point, bounds, segments_cross
from ...lang import Words
from ...lazy import lazy
from ...legend import draw_legend, layout_legend
from ...model import Case, Person, Relationship
from ...style import Style
from ...svg import Element, SvgDocument, fmt
from . import key as gk
from . import lines as ln
from . import quality
from . import symbols as sy
from .adapter import Metrics, adapt, one_parent_lines, unknown_partner_half
from .layout import GenogramLayout, LayoutOptions, UnionGeometry, layout_genogram
from .route import DirectRouter, Endpoint, Router, rim_top
from .route import Person as DirectPerson


@dataclass
class Placed:
    """A drawn person (or copy) with its plan."""

    node: str
    person: Person
    row: int
    plan: sy.PersonPlan
    copy_of: str | None

    @property
    def boxes(self) -> tuple[Box, ...]:
        return self.plan.boxes

    @lazy
    def extent(self) -> Box:
        return bounds(list(self.boxes))


class LazyMetrics(Mapping[str, float]):
    """The quality numbers of a drawing, counted when first read.

    Counting crossings and label collisions costs more than a tenth of drawing a
    large family, and only `render --check`, the tests and the benchmarks read
    them; a render for output never does.  The first read counts them all (the
    same numbers as counting them at once); until then the counting function
    keeps the layout and the label boxes it needs.  Pickled as a plain dict.
    """

    def __init__(self, measure: Callable[[], dict[str, float]]) -> None:
        self._measure: Callable[[], dict[str, float]] | None = measure
        self._values: dict[str, float] = {}

    def _all(self) -> dict[str, float]:
        if self._measure is not None:
            self._values = self._measure()
            self._measure = None  # let go of the layout and boxes it held
        return self._values

    def __getitem__(self, key: str) -> float:
        return self._all()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._all())

    def __len__(self) -> int:
        return len(self._all())

    def __repr__(self) -> str:
        return repr(self._all())

    def __reduce__(self) -> tuple[type[dict[str, float]], tuple[dict[str, float]]]:
        return dict, (dict(self._all()),)


def layout_options(style_font: float, m: Metrics, plans: Iterable[sy.PersonPlan]) -> LayoutOptions:
    """Spacing from the font size, and a row gap that keeps the sibship bars below the deepest label."""
    depth = max([max([b.y1 for b in p.boxes]) - p.center[1] for p in plans], default=m.size)
    fs = style_font
    row_gap = max(11 * fs, 2 * (depth + 1.4 * fs))
    return LayoutOptions(row_gap=round(row_gap, 1), partner_gap=2.7 * fs, sibling_gap=1.6 * fs,
                         cluster_gap=3.6 * fs, symbol_size=m.size, bar_margin=fs, virtual_width=fs)


def _label_collisions(labels: Sequence[Box], symbols: Sequence[tuple[Box, int]],
                      owners: Sequence[int]) -> int:
    """Label boxes overlapping each other, or a symbol of another owner (more than 0.5 deep).

    One sweep over x: only boxes whose x ranges meet are compared, so a large
    family costs about n log n, not n squared.
    """
    # the boxes' corners unpacked once (x0 first: the sort key), and Box.overlap written out
    # below with the same operations, so the count is the same without a call per pair
    items = [(b.x0, b.x1, b.y0, b.y1, True, owners[i]) for i, b in enumerate(labels)]
    items += [(b.x0, b.x1, b.y0, b.y1, False, owner) for b, owner in symbols]
    items.sort(key=lambda t: t[0])
    hits = 0
    active: list[tuple[float, float, float, float, bool, int]] = []
    for item in items:
        x0, x1, y0, y1, is_label, who = item
        active = [a for a in active if a[1] > x0]
        for ox0, ox1, oy0, oy1, other_label, other_who in active:
            if not (is_label or other_label):
                continue  # symbol against symbol: the layout's own overlap measure
            if not (is_label and other_label) and who == other_who:
                continue  # a person's own label under its own symbol
            if min(min(x1, ox1) - max(x0, ox0), min(y1, oy1) - max(y0, oy0)) > 0.5:
                hits += 1
        active.append(item)
    return hits


def _home_nodes(lay: GenogramLayout, placed: dict[str, Placed], members: frozenset[str]) -> dict[str, str]:
    """The drawn node of each household member that the household takes in.

    A person drawn twice (under their parents, and as a copy by a partner or under
    foster parents) lives where more of their household stands: the node with the
    most members among its partners, children, parents and siblings; the original
    when that ties.
    """
    drawn: dict[str, list[str]] = {}
    for node in sorted(placed):
        pid = placed[node].person.id
        if pid in members:
            drawn.setdefault(pid, []).append(node)
    home = {pid: nodes[0] for pid, nodes in drawn.items() if len(nodes) == 1}
    if len(home) == len(drawn):
        return home
    family: dict[str, list[str]] = {}  # node -> the nodes of its unions (as partner or child)
    for geo in lay.unions.values():
        together = [*geo.partners, *geo.children]
        for node in together:
            family.setdefault(node, []).extend(n for n in together if n != node)

    def score(node: str) -> tuple[int, bool, str]:
        housed = sum(1 for n in family.get(node, ()) if lay.duplicates.get(n, n) in members)
        return (-housed, placed[node].copy_of is not None, node)

    for pid, nodes in drawn.items():
        if len(nodes) > 1:
            home[pid] = min(nodes, key=score)
    return home


def _household_rects(lay: GenogramLayout, placed: dict[str, Placed], slot_boxes: dict[str, list[Box]],
                     union_labels: dict[str, list[sy.Label]], home: set[str], pad: float,
                     union_marks: Mapping[str, list[Box]] | None = None) -> list[Box]:
    """The household region as rectangles: one per run of members side by side, plus bridges.

    A run ends at anyone who is not a member, so the region never takes in a
    non-member's symbol; each run's box stops halfway to the nearest box of
    someone else in its row (person, loss, union label) when the margin would reach it.
    """
    row_obstacles: list[list[Box]] = [[] for _ in lay.rows]
    # A union label belongs to the household when every partner does (it then lies between them,
    # or, for one parent, under them); otherwise it is someone else's box to keep out.
    extra: dict[str, list[Box]] = {}
    union_boxes = {uid: [lab.box for lab in labs] for uid, labs in union_labels.items()}
    for uid, marks in (union_marks or {}).items():
        union_boxes.setdefault(uid, []).extend(marks)  # the unknown other parent's symbol
    for uid, boxes in sorted(union_boxes.items()):
        partners = lay.unions[uid].partners
        if all(q in home for q in partners):
            extra.setdefault(partners[0], []).extend(boxes)
        else:
            row_obstacles[lay.generation[partners[0]]].extend(boxes)
    runs: list[tuple[int, list[Box]]] = []
    for r, row in enumerate(lay.rows):
        current: list[Box] = []
        for node in row:
            p = placed.get(node)
            if node in home:
                current.extend(p.boxes)
                current.extend(extra.get(node, ()))
                continue
            if p is not None:
                row_obstacles[r].extend(p.boxes)
                if current:
                    runs.append((r, current))
                    current = []
            elif node in slot_boxes:
                row_obstacles[r].extend(slot_boxes[node])
        if current:
            runs.append((r, current))
    # Each row's obstacles sorted by their right and by their left edges: a run looks up the
    # nearest on either side instead of going through the whole row (quadratic in a wide one).
    by_right = [sorted(row, key=lambda o: o.x1) for row in row_obstacles]
    by_left = [sorted(row, key=lambda o: o.x0) for row in row_obstacles]
    right_keys = [[o.x1 for o in row] for row in by_right]
    left_keys = [[o.x0 for o in row] for row in by_left]
    grown: list[tuple[int, Box]] = []
    for r, boxes in runs:
        core = bounds(boxes)
        box = core.expand(pad)

        def beside(o: Box, box: Box = box) -> bool:
            return not (o.y1 <= box.y0 or o.y0 >= box.y1)

        left_edge, right_edge = core.x0 + 0.5, core.x1 - 0.5
        rights = by_right[r]
        k = bisect.bisect_right(right_keys[r], left_edge)
        left = next((rights[i] for i in range(k - 1, -1, -1) if beside(rights[i])), None)
        lefts = by_left[r]
        k = bisect.bisect_left(left_keys[r], right_edge)
        right = next((lefts[i] for i in range(k, len(lefts)) if beside(lefts[i]) and lefts[i].x1 > left_edge),
                     None)
        x0 = max(box.x0, (left.x1 + core.x0) / 2) if left is not None else box.x0
        x1 = min(box.x1, (right.x0 + core.x1) / 2) if right is not None else box.x1
        grown.append((r, Box(x0, box.y0, x1, box.y1)))
    obstacles = [b for row in row_obstacles for b in row]
    return ln.household_rects(grown, obstacles, radius=pad, min_bridge=pad)


@dataclass(frozen=True)
class UnknownPartner:
    """The other parent of a one-parent union, not known: a small dashed diamond with "?",
    beside the drop to the children and joined to it by the partner line."""

    center: Point
    half: float
    joint: Point            # where the partner line meets the drop

    @property
    def box(self) -> Box:
        x, y = self.center
        return Box(x - self.half, y - self.half, x + self.half, y + self.half)

    def draw(self, parent: Element, style: Style) -> None:
        ln.draw_unknown_partner(parent, self.joint, self.center, self.half, style)


def _arch(geo: UnionGeometry, placed: dict[str, Placed], fs: float) -> list[Point]:
    """The partner line of a union whose partners have other people between them (a man's
    third wife beyond his second): up from the tops of both symbols, across above everyone
    between, down again.  A line further out (over more people) runs higher and leaves the
    symbols nearer their middle, so that the arches of one person never cross."""
    level = len(geo.over)
    ends = [placed[p] for p in geo.partners]
    between = [placed[v] for v in geo.over if v in placed]
    top = min(b.y0 for p in (*ends, *between) for b in p.boxes)
    y = top - (0.6 + 0.7 * (level - 1)) * fs
    legs = []
    for p, side in zip(ends, (1.0, -1.0), strict=True):
        h = p.plan.half
        cx, cy = p.plan.center
        legs.append(rim_top(p.plan.shape, cx, cy, h, side * h * max(0.15, 0.9 - 0.25 * level)))
    (xa, ya), (xb, yb) = legs
    return [(xa, ya), (xa, y), (xb, y), (xb, yb)]


def _rim_side(p: Placed, side: float) -> Point:
    """Where a one-parent line leaves the symbol: its side, a little below mid-height.

    Below the middle, so that it never lies on a partner line or a straight
    relationship line, which both run at mid-height.
    """
    cx, cy = p.plan.center
    h = p.plan.half
    dy = 0.5 * h
    dx = {"square": h, "circle": math.sqrt(h * h - dy * dy), "diamond": h - dy}[p.plan.shape]
    return (cx + side * dx, cy + dy)


def _one_parent_route(p: Placed, side: float, gx: float, route: list[Point]) -> list[Point]:
    start = _rim_side(p, side)
    bar_y = route[1][1]
    # The layout's route starts at the parent's centre and drops to the bar: keep it from the bar on.
    rest = route[2:] if len(route) > 2 else route[1:]
    return [start, (gx, start[1]), (gx, bar_y), *rest]


def _crossings(route: Sequence[Point], others: Sequence[tuple[Point, Point]]) -> int:
    """Proper crossings of a route's pieces with other segments (all of them axis-parallel)."""
    return sum(segments_cross(a, b, c, d) for a, b in pairwise(route) for c, d in others)


@dataclass
class _Lines:
    """The layout's partner and descent lines, found by where they are (a grid of square cells),
    so that a one-parent route is compared with the lines near it, not with every line of the
    family (600 one-parent unions took 15 s that way), and each person's partners' sides."""

    cell: float
    grid: dict[tuple[int, int], list[int]]
    segments: list[tuple[str, Point, Point]]  # (union id, end, end)
    partner_sides: dict[str, set[float]]  # node -> sides (-1 left, +1 right) its partners stand on

    @staticmethod
    def of(lay: GenogramLayout) -> _Lines:
        segments: list[tuple[str, Point, Point]] = []
        sides: dict[str, set[float]] = {}
        for uid, geo in lay.unions.items():
            if len(geo.partners) == 2:
                segments.append((uid, (geo.x1, geo.y), (geo.x2, geo.y)))
                a, b = geo.partners
                if a in lay.positions and b in lay.positions:
                    xa, xb = lay.positions[a][0], lay.positions[b][0]
                    sides.setdefault(a, set()).add(1.0 if xb > xa else -1.0)
                    sides.setdefault(b, set()).add(1.0 if xa > xb else -1.0)
            for r in geo.descents.values():
                segments.extend((uid, p, q) for p, q in pairwise(r))
        cell = 2 * lay.row_gap
        grid: dict[tuple[int, int], list[int]] = {}
        for i, (_, p, q) in enumerate(segments):
            for key in _cells(min(p[0], q[0]), min(p[1], q[1]), max(p[0], q[0]), max(p[1], q[1]), cell):
                grid.setdefault(key, []).append(i)
        return _Lines(cell, grid, segments, sides)

    def near(self, route: Sequence[Point], skip: str) -> list[tuple[Point, Point]]:
        """The lines of other unions whose bounding boxes meet the route's."""
        xs, ys = [q[0] for q in route], [q[1] for q in route]
        x0, y0, x1, y1 = min(xs), min(ys), max(xs), max(ys)
        found: set[int] = set()
        for key in _cells(x0, y0, x1, y1, self.cell):
            found.update(self.grid.get(key, ()))
        out = []
        for i in sorted(found):
            uid, p, q = self.segments[i]
            if uid != skip and min(p[0], q[0]) <= x1 and max(p[0], q[0]) >= x0 \
                    and min(p[1], q[1]) <= y1 and max(p[1], q[1]) >= y0:
                out.append((p, q))
        return out


def _cells(x0: float, y0: float, x1: float, y1: float, cell: float) -> Iterator[tuple[int, int]]:
    for i in range(math.floor(x0 / cell), math.floor(x1 / cell) + 1):
        for j in range(math.floor(y0 / cell), math.floor(y1 / cell) + 1):
            yield i, j


def _one_parent_side(p: Placed, box: Box, routes: dict[str, list[Point]], lines: _Lines, uid: str,
                     gap: float) -> tuple[float, float]:
    """Which side the one-parent line leaves from, and the x of its drop beside the labels.

    The side without a partner line of this parent first: the unknown other parent's "?" sits
    beside the drop, and on a partner's side it would read as standing between the two
    partners.  Then the side that crosses fewest other lines; then the side the children are on.
    """
    cx = p.plan.center[0]
    partnered = lines.partner_sides.get(p.node, set())
    kids = sum(r[-1][0] for r in routes.values()) / len(routes)
    options = []
    for side in (-1.0, 1.0):
        gx = box.x1 + gap if side > 0 else box.x0 - gap
        crossing = 0
        for r in routes.values():
            route = _one_parent_route(p, side, gx, r)
            crossing += _crossings(route, lines.near(route, uid))
        options.append((side in partnered, crossing, (kids - cx) * side < 0, side, gx))
    _, _, _, side, gx = min(options)
    return side, gx


def _unknown_partner(p: Placed, side: float, gx: float, bar_y: float, lines: _Lines, uid: str,
                     m: Metrics) -> UnknownPartner:
    """The "?" of a one-parent union, beside its drop, clear of every other line.

    Level with the stub when that is clear.  When the parent has partners on both sides the
    stub runs under a partner line: the "?" then moves down the drop until it is a gap below
    that line (and any other line near it), so that it hangs off this union's own line and
    never reads as standing on the partner line between the two partners.
    """
    half = unknown_partner_half(m.size)
    cx = gx + side * (m.gap + half)
    y = _rim_side(p, side)[1]
    lowest = bar_y - half - m.gap  # stay above the children's bar
    clear = m.gap  # also clears a consanguineous couple's second line (`ln.double_line_gap`)

    def touching(cy: float) -> bool:
        corners = [(cx - half - clear, cy - half - clear), (cx + half + clear, cy + half + clear)]
        return bool(lines.near(corners, uid))

    while y < lowest and touching(y):
        y = min(lowest, y + m.gap / 2)
    return UnknownPartner((cx, y), half, (gx, y))


def _one_parent_labels(p: Placed, spec: ln.UnionSpec, style: Style, words: Words) -> list[sy.Label]:
    """The union label ("m. 1983") of a one-parent union: centred under the parent's labels.

    The adapter made the parent's column wide enough for it (`adapter.one_parent_lines`).
    """
    lines = one_parent_lines(spec, words)
    if not lines:
        return []
    size = style.font.small
    baseline = p.extent.y1 + 0.2 * style.font.size + tm.ascent(size)
    return [sy.Label(p.plan.center[0], baseline, lines, size, "middle", False, style.font.line_height)]


def _and(names: list[str], word: str) -> str:
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + f" {word} " + names[-1]


def summary(case: Case, ctx: Context, lay: GenogramLayout) -> str:
    """`<desc>`: who is drawn and how they relate, in the case's language."""
    w = ctx.words
    names = {p.id: p.name for p in case.people}
    parts = [w.format("genogram.desc.summary", people=len(case.people), generations=len(lay.rows))]
    if case.client:
        parts.append(w.format("genogram.desc.client", name=case.client.name))
    for union in sorted(case.unions, key=lambda u: u.id or ""):
        kind = w[f"genogram.key.union.{union.type}"]
        if union.status != "together":
            kind += ", " + w[f"genogram.key.status.{union.status}"].lower()
        partners = _and([names[p] for p in union.partners], w["genogram.desc.and"])
        text = f"{partners}: {kind}"
        if union.children:
            kids = ", ".join(names[c.id] for c in union.children)
            text += "; " + w.format("genogram.desc.children", names=kids)
        parts.append(text + ".")
    rels = [f"{names[r.between[0]]} – {names[r.between[1]]}: "
            f"{w[f'genogram.key.relationship.{r.type}'].lower()}" for r in _relationships(case)]
    if rels:
        parts.append(w.format("genogram.desc.relationships", items="; ".join(rels)))
    return " ".join(parts)


def _relationships(case: Case) -> list:
    # Sorted so that listing order in the file changes nothing (routes are handed out in this order).
    return sorted(case.relationships, key=lambda r: (r.between[0], r.between[1], r.type))


def _relationship_routes(case: Case, placed: dict[str, Placed], nodes_of: dict[str, list[str]],
                         bands: list[list[Box]], structure: list[Sequence[Point]], half: float,
                         style: Style) -> list[tuple[Relationship, list[Point]]]:
    """A direct line for each emotional relationship (see `route.DirectRouter`), nearest pairs first.

    A person drawn twice is joined where the two ends are closest.  Nearer pairs go first:
    their straight lines are the ones that stay straight; the longer lines bend round them.
    """
    people = [DirectPerson(node, *p.plan.center, half, p.plan.shape) for node, p in sorted(placed.items())]
    by_node = {p.node: p for p in people}
    symbols = {p.plan.symbol_box for p in placed.values()}
    labels = [b for band in bands for b in band if b not in symbols]
    router = DirectRouter(people, labels, structure, style.font.size)

    def ends(a: str, b: str) -> tuple[float, DirectPerson, DirectPerson]:
        pairs = [(math.dist(placed[x].plan.center, placed[y].plan.center), x, y)
                 for x in nodes_of[a] for y in nodes_of[b]]
        d, x, y = min(pairs)
        return d, by_node[x], by_node[y]

    wanted = [(ends(*r.between), r) for r in _relationships(case)
              if r.between[0] in nodes_of and r.between[1] in nodes_of and r.between[0] != r.between[1]]
    wanted.sort(key=lambda w: w[0][0])
    return [(rel, router.route(a, b, width=ln.relationship_width(rel.type, style)))
            for (_, a, b), rel in wanted]


def render(ctx: Context) -> Drawing:
    case, style, words = ctx.case, ctx.style, ctx.words
    kit = sy.symbol_set(style)
    m = Metrics.of(style)
    ad = adapt(case, style, words, symbols=kit)
    opts = layout_options(style.font.size, m, ad.plans.values())
    lay = layout_genogram(ad.family, opts)
    h = m.size / 2
    people = case.people_by_id

    # ------------------------------------------------------------------ people and copies
    placed: dict[str, Placed] = {}
    for node, pos in lay.positions.items():
        original = lay.duplicates.get(node, node)
        person = people.get(original)
        if person is None:
            continue  # a pregnancy slot (drawn below) or a pass-through point
        plan = ad.plans[original].moved(*pos)
        placed[node] = Placed(node, person, lay.generation[node], plan, lay.duplicates.get(node))

    # ------------------------------------------------------------------ unions and descent
    lw = style.line.width
    union_by_id = {u.id: u for u in case.unions}
    union_labels: dict[str, list[sy.Label]] = {}
    union_routes: dict[str, list[Point]] = {}
    arches: list[list[Point]] = []  # partner lines over other people (see _arch)
    mark_at: dict[str, float] = {}
    descents: dict[str, dict[str, list[Point]]] = {}
    twin_marks: list[tuple[str, str, Point, list[Point]]] = []
    line_index: list[_Lines] = []

    def one_parent_lines_index() -> _Lines:
        if not line_index:  # built at the first one-parent union, then shared
            line_index.append(_Lines.of(lay))
        return line_index[0]

    unknown: dict[str, UnknownPartner] = {}  # one-parent unions: the other parent, not known
    specs = {uid: ln.union_spec(union_by_id[uid], consanguineous=uid in ad.consanguineous)
             for uid in lay.unions}
    for uid, geo in lay.unions.items():
        union = union_by_id[uid]
        spec = specs[uid]
        routes: dict[str, list[Point]] = {k: list(v) for k, v in geo.descents.items()}
        if spec.consanguineous and len(geo.partners) == 2:
            drop = ln.double_line_gap(style)
            for r in routes.values():
                r[0] = (r[0][0], r[0][1] + drop)
        if len(geo.partners) == 2 and geo.x2 > geo.x1:
            route = [(geo.x1 + h, geo.y), (geo.x2 - h, geo.y)]
            if geo.over:
                # a straight line would run through the people between them (another wife)
                route = _arch(geo, placed, style.font.size)
                for r in routes.values():
                    r[0] = (r[0][0], route[1][1] + r[0][1] - geo.y)
                arches.append(route)
            union_routes[uid] = route
            a, b = route[0][0], route[-1][0]
            at = 0.5
            if geo.children and b - a > 1e-6:
                # Status slashes away from the children's drop: in the middle of the longer side.
                mx = geo.mid[0]
                centre = (a + mx) / 2 if mx - a >= b - mx else (mx + b) / 2
                at = (centre - a) / (b - a)
            mark_at[uid] = at
            union_labels[uid] = ln.union_labels(route, spec, style, words, 0.5)
        elif geo.partners:
            # One parent: the line leaves the symbol's side and drops beside the labels.
            parent = placed.get(geo.partners[0])
            if parent is not None and routes:
                labs = _one_parent_labels(parent, spec, style, words)
                if labs:
                    union_labels[uid] = labs
                column = bounds([parent.extent, *(lab.box for lab in labs)])
                side, gx = _one_parent_side(parent, column, routes, one_parent_lines_index(), uid, m.gap)
                for child, r in routes.items():
                    routes[child] = _one_parent_route(parent, side, gx, r)
                bar_y = min(r[2][1] for r in routes.values())
                unknown[uid] = _unknown_partner(parent, side, gx, bar_y, one_parent_lines_index(), uid, m)
        # Twins: their legs leave the bar from one point.
        members_of = {lay.duplicates.get(c, c): c for c in geo.children}
        for twins in union.twins:
            drawn = [members_of[t] for t in twins.members if t in members_of]
            if len(drawn) < 2 or any(len(routes[d]) < 3 for d in drawn):
                continue
            if len({lay.generation[d] for d in drawn}) > 1:
                continue  # a twin drawn on a partner's row, lower down: ordinary legs, no apex
            row = lay.rows[lay.generation[drawn[0]]]
            at = sorted(row.index(d) for d in drawn)
            if at[-1] - at[0] != len(drawn) - 1:
                continue  # the layout could not keep them side by side: ordinary legs, no apex
            xs = [lay.positions[d][0] for d in drawn]
            apex = ((min(xs) + max(xs)) / 2, routes[drawn[0]][-2][1])
            ends = []
            for d in drawn:
                r = routes[d]
                r[-2:] = [apex, r[-1]]
                ends.append(r[-1])
            twin_marks.append((uid, twins.kind, apex, ends))
        descents[uid] = routes

    # ------------------------------------------------------------------ pregnancies and losses
    slot_boxes: dict[str, list[Box]] = {}
    for sid, info in ad.slots.items():
        if sid not in lay.positions:
            continue
        x, y = lay.positions[sid]
        e = sy.pregnancy_extent(info.pregnancy.outcome, m.size, kit)
        # The mark stays within its size box; slashes run a little beyond it.
        reach = 1.4 * e
        labels = sy.pregnancy_labels(info.pregnancy.outcome, (x, y), m.size, style, words, label=info.label,
                                     symbols=kit)
        slot_boxes[sid] = [Box(x - reach, y - reach, x + reach, y + reach), *(lab.box for lab in labels)]

    # ------------------------------------------------------------------ routes over the structure
    bands: list[list[Box]] = [[] for _ in lay.rows]
    for p in placed.values():
        bands[p.row].extend(p.boxes)
    for sid, boxes in slot_boxes.items():
        bands[lay.generation[sid]].extend(boxes)
    for uid, labs in union_labels.items():
        bands[lay.generation[lay.unions[uid].partners[0]]].extend(lab.box for lab in labs)
    for uid, other in unknown.items():
        bands[lay.generation[lay.unions[uid].partners[0]]].append(other.box)
    forbidden: list[list[float]] = [[] for _ in lay.rows]
    vertical: list[tuple[float, float, float]] = []
    for r in [*(r for routes in descents.values() for r in routes.values()), *arches]:
        for (x0, y0), (x1, y1) in pairwise(r):
            if abs(y0 - y1) < 1e-6:
                row = min(len(lay.rows) - 1, int(y0 // lay.row_gap) + 1)
                forbidden[row].append(y0)
            elif abs(x0 - x1) < 1e-6:
                vertical.append((x0, min(y0, y1), max(y0, y1)))
    partners = {frozenset(lay.unions[u].partners) for u in lay.unions if len(lay.unions[u].partners) == 2}
    neighbours: dict[str, tuple[str | None, str | None]] = {}
    for row in lay.rows:
        for i, v in enumerate(row):
            neighbours[v] = (row[i - 1] if i > 0 else None, row[i + 1] if i + 1 < len(row) else None)
    router = Router([r * lay.row_gap for r in range(len(lay.rows))], bands, forbidden, vertical, partners,
                    neighbours, spacing=max(8.0, 0.9 * style.font.size), pad=0.8 * style.font.size)

    nodes_of: dict[str, list[str]] = {}
    for node in sorted(placed):
        nodes_of.setdefault(placed[node].person.id, []).append(node)

    def endpoint(node: str) -> Endpoint:
        p = placed[node]
        return Endpoint(node, p.plan.center[0], p.plan.center[1], p.row, p.plan.shape, h, p.extent)

    copy_routes = []
    for copy in sorted(lay.duplicates):
        if copy in placed and lay.duplicates[copy] in placed:
            copy_routes.append((copy, router.route(endpoint(copy), endpoint(lay.duplicates[copy]))))

    # ------------------------------------------------------------------ household
    home = _home_nodes(lay, placed, case.household)
    members = sorted(home)
    household = bool(case.household)
    household_boxes = [b for pid in members for b in placed[home[pid]].boxes]
    pad = 0.8 * style.font.size
    household_region = _household_rects(lay, placed, slot_boxes, union_labels, set(home.values()), pad,
                                        {uid: [other.box] for uid, other in unknown.items()}) \
        if household_boxes else []

    # ------------------------------------------------------------------ emotional relationships
    structure: list[Sequence[Point]] = [*union_routes.values(), *(r for _, r in copy_routes)]
    structure += [r for routes in descents.values() for r in routes.values()]
    if household_region:
        structure += [[*loop, loop[0]] for loop in ln.rect_union_outlines(household_region)]
    rel_routes = _relationship_routes(case, placed, nodes_of, bands, structure, h, style)

    # ------------------------------------------------------------------ extent of the drawing
    # every box of every band (people, losses, union labels), then what is drawn over them
    everything: list[Box] = [b for band in bands for b in band]
    # a descent through rows below (pass-through points) may run beside everyone in them
    drops = [q for routes in descents.values() for r in routes.values() for q in r]
    if drops:
        xs, ys = [q[0] for q in drops], [q[1] for q in drops]
        everything.append(Box(min(xs), min(ys), max(xs), max(ys)).expand(lw))
    for _, r in [*rel_routes, *copy_routes]:
        xs, ys = [q[0] for q in r], [q[1] for q in r]
        everything.append(Box(min(xs), min(ys), max(xs), max(ys)).expand(1.2 * style.font.size))
    if household_region:
        everything.append(bounds(household_region).expand(lw))
    content = bounds(everything)
    margin = style.margin
    entries = gk.case_legend(case, style, words, symbols=kit, consanguineous=ad.consanguineous,
                             household=household, copies=bool(copy_routes))
    legend = layout_legend(entries, content.x0, content.y1 + 1.5 * style.font.size,
                           max(content.width, 36 * style.font.size), style)
    full = content if legend is None else content.union(legend.box)
    doc = SvgDocument("genogram", case.case.id, full.width + 2 * margin, full.height + 2 * margin,
                      ctx.caption("genogram"), summary(case, ctx, lay), background=style.background)
    root = doc.g(transform=f"translate({fmt(margin - full.x0)} {fmt(margin - full.y0)})")

    # ------------------------------------------------------------------ drawing, bottom to top
    if household_region:
        ln.draw_household(root, household_boxes, members, style, margin=pad, rects=household_region)
    # the labels drawn under twins and losses (the label collision count asks for them)
    twin_labels: list[Box] = []
    loss_labels: dict[str, list[Box]] = {}
    for uid in sorted(lay.unions):
        geo = lay.unions[uid]
        union = union_by_id[uid]
        # Parts name people by their case id: a copy is told apart by data-duplicate-of only.
        drawn_partners = " ".join(lay.duplicates.get(p, p) for p in geo.partners)
        group = root.part("sm-union", id=uid, partners=drawn_partners, type=union.type,
                          status=union.status)
        if uid in union_routes:
            ln.draw_union(group, union_routes[uid], specs[uid], style, words, mark_at=mark_at[uid],
                          labels=False)
        for lab in union_labels.get(uid, ()):
            lab.draw(group, style)
        if uid in unknown:
            unknown[uid].draw(group, style)
        for child in geo.children:
            route = descents[uid][child]
            if child in ad.slots:
                info = ad.slots[child]
                x, y = lay.positions[child]
                e = sy.pregnancy_extent(info.pregnancy.outcome, m.size, kit)
                route = [*route[:-1], (route[-1][0], y - e)]
                g = root.g(None, data_union=uid, data_outcome=info.pregnancy.outcome)
                ln.draw_descent(g, route, "biological", style)
                continue
            original = lay.duplicates.get(child, child)
            relation = ad.relation.get((uid, original), "biological")
            d = root.part("sm-descent", union=uid, child=original, relation=relation)
            ln.draw_descent(d, route, relation, style)
    for uid, kind, apex, ends in twin_marks:
        g = root.g(None, data_twins=uid, data_kind=kind)
        twin_labels += ln.draw_twins(g, kind, apex, ends, style, symbols=kit)

    for sid in sorted(slot_boxes):
        info = ad.slots[sid]
        x, y = lay.positions[sid]
        g = root.g(None, data_union=info.union, data_outcome=info.pregnancy.outcome)
        loss_labels[sid] = sy.draw_pregnancy(g, info.pregnancy.outcome, (x, y), m.size, style, words,
                                             sex=info.pregnancy.sex, label=info.label, symbols=kit)

    client = case.case.client
    for node in sorted(placed, key=lambda v: (placed[v].row, placed[v].plan.center[0], v)):
        p = placed[node]
        person = p.person
        group = root.part("sm-person", id=person.id, generation=p.row, sex=person.sex, gender=person.gender,
                          index="true" if person.id == client else None,
                          deceased="true" if person.deceased else None, duplicate_of=p.copy_of)
        sy.draw_person(group, ad.specs[person.id], p.plan.center, m.size, style, words, symbols=kit,
                       label_width=m.label_width, plan=p.plan)

    for copy, route in copy_routes:
        g = root.g(None, data_copy=copy, data_original=lay.duplicates[copy])
        ln.draw_copy_link(g, route, style)
    for rel, route in rel_routes:
        g = root.part("sm-relationship", between=" ".join(rel.between), type=rel.type)
        ln.draw_relationship(g, route, rel.type, style)

    if legend is not None:
        draw_legend(root, legend, words, style)

    def label_collisions() -> int:
        # Every label box and every symbol box with its owner: a person's labels may lie on its own
        # symbol, a loss's on its mark.  (The count does not depend on the order of the boxes.)
        labels: list[Box] = []
        owners: list[int] = []
        symbols: list[tuple[Box, int]] = []

        def add(owner: int, boxes: Iterable[Box]) -> None:
            for box in boxes:
                labels.append(box)
                owners.append(owner)

        ids = itertools.count()
        for labs in union_labels.values():
            add(next(ids), [lab.box for lab in labs])
        add(next(ids), twin_labels)
        for sid, boxes in loss_labels.items():
            who = next(ids)
            symbols.append((slot_boxes[sid][0], who))
            add(who, boxes)
        for p in placed.values():
            who = next(ids)
            symbols.append((p.plan.symbol_box, who))
            add(who, [lab.box for lab in p.plan.labels])
            if p.plan.proband:
                add(who, [p.plan.proband.box])
        return _label_collisions(labels, symbols, owners)

    def measure() -> dict[str, float]:
        page = quality.page_fit(doc.width, style.font.small)
        return {
            "crossings": float(len(quality.crossings(lay))),
            "overlaps": float(len(quality.symbol_overlaps(lay))),
            "label_collisions": float(label_collisions()),
            "people": float(len(case.people)),
            "copies": float(len(lay.duplicates)),
            "partner_flips": float(len(quality.partner_flips(lay, ad.family))),
            "generations": float(len(lay.rows)),
            # too big for one page when pages_wide > 1 (the smallest text under 5 pt at 16 cm)
            "text_pt_at_16cm": page[0],
            "pages_wide": float(page[1]),
        }

    return Drawing("genogram", doc.to_string(), doc.width, doc.height, metrics=LazyMetrics(measure))
