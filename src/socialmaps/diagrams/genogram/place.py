"""The genogram's geometry stage: the layout engine's positions turned into every mark placed.

`layout(ctx)` runs these steps in order, each a function below:

1. `place_people` — each person (and copy) at the layout's position, with its symbol plan;
2. `place_unions` — partner lines (straight, or an arch over people between), where the
   status slashes go, the consanguineous drop, one-parent lines (`oneparent`), twin apexes;
3. `place_losses` — pregnancies and losses with their labels;
4. `row_bands` — every box of each row (what lines must keep out of);
5. `route_copies` — the links between a person drawn twice (`tracks.Router`);
6. `place_household` — the household region (`household`);
7. `route_relationships` — the emotional relationship lines (`route.DirectRouter`);
8. `content_extent` — the box of all of it.

The result, a `scene.GenogramScene`, is pure geometry: `draw` writes it, `measure` counts it.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from itertools import pairwise

from ...drawing import Context
from ...geometry import Box, Point, bounds, closest_on_segment, distance, segment_box_hits
from ...lang import Words
from ...model import Case, Relationship, Union
from ...style import Style
from . import lines as ln
from . import symbols as sy
from .adapter import Adapted, Metrics, adapt, drawn_with_birth_parents
from .family import Family
from .fan import fan_ends
from .household import place_household
from .layout import GenogramLayout, LayoutOptions, UnionGeometry, layout_genogram
from .layout.faults import faults
from .layout.steps import without_listings
from .oneparent import LineIndex, crossings, part_bars, place_one_parent
from .polyline import length, point_at
from .reroute import WantedLine, route_lines
from .route import Person as DirectPerson
from .scene import (
    CopyLink,
    GenogramScene,
    HouseholdRegion,
    Loss,
    Placed,
    RelationshipLine,
    TwinMark,
    UnionPlacement,
)
from .tracks import Endpoint, Router, rim_top

# a row whose labels side by side would print the smallest text under this size (points) with the
# figure 16 cm wide staggers its labels (see layout.stagger)
STAGGER_PT = 6.0


def layout_options(style: Style | float, m: Metrics,
                   plans: Iterable[sy.PersonPlan] | Mapping[str, sy.PersonPlan]) -> LayoutOptions:
    """Spacing from the font size, and a row gap that keeps the sibship bars below the deepest
    label (a staggered label too: it stands below its neighbours' deepest labels; `stacked`:
    the most one-parent union labels one person has under their own, one line each).  Given the
    plans by person, each row's gap is found from its own deepest label (`stagger.row_spacing`).
    Given only the body font size (not the style), the rows never stagger: the size they would
    print at is the small font's."""
    fs, small = (float(style), 0.0) if isinstance(style, int | float) else (style.font.size, style.font.small)
    by_person: dict[str, sy.PersonPlan] = dict(plans) if isinstance(plans, Mapping) else {}
    plans = list(by_person.values()) if isinstance(plans, Mapping) else list(plans)
    # each label's depth under its symbol's centre (found once: the family's deepest and each row's)
    lowest = [_lowest(p.boxes) for p in plans]  # each plan's lowest edge, found once
    depths = [low - p.center[1] for p, low in zip(plans, lowest, strict=True)]
    depth = max(depths, default=m.size)
    drop = max([low - p.symbol_box.y1 for p, low in zip(plans, lowest, strict=True)], default=0.0)
    least, pad, stagger_pad = 11 * fs, 1.4 * fs, 2.9 * fs
    row_gap = max(least, 2 * (depth + pad))
    return LayoutOptions(row_gap=round(row_gap, 1), partner_gap=2.0 * fs, sibling_gap=0.9 * fs,
                         cluster_gap=2.0 * fs, symbol_size=m.size, bar_margin=fs, virtual_width=fs,
                         stagger_width=round(small * 453.54 / STAGGER_PT, 1),
                         stagger_drop=round(drop, 1),
                         # (its pad kept room for a sibship bar raised off another's, as such bars
                         # were until they went a step down instead: layout.bars.bar_levels)
                         stagger_row_gap=round(max(least, 2 * (depth + drop + stagger_pad)), 1),
                         label_depths=tuple(sorted((pid, round(d, 1))
                                                   for pid, d in zip(by_person, depths, strict=False))),
                         row_gap_least=least, row_gap_pad=pad, stagger_pad=stagger_pad)


def _lowest(boxes: tuple[Box, ...]) -> float:
    """The lowest bottom edge of the boxes (a plan's): as max() of them finds it, without a list."""
    low = boxes[0].y1
    for box in boxes:
        if box.y1 > low:
            low = box.y1
    return low


def layout(ctx: Context) -> GenogramScene:
    """Every mark of the genogram placed (the steps of the module's docstring)."""
    case, style, words = ctx.case, ctx.style, ctx.words
    kit = sy.symbol_set(style)
    m = Metrics.of(style)
    ad = adapt(case, style, words, symbols=kit)
    options = layout_options(style, m, ad.plans)
    between = tuple((r.between[0], r.between[1]) for r in relationships_in_order(case))
    options = replace(options, lines_between=between)
    lay = layout_genogram(ad.family, options)
    if lay.duplicates and len(ad.family.people) <= AWAY_PEOPLE and \
            (away := drawn_with_birth_parents(case, ad.family)) is not None:
        lay, ad = _at_home_or_away(ad, away, lay, options)
    if lay.omitted:  # stepchildren's lines the remarriage tells: not drawn either
        ad = replace(ad, family=without_listings(ad.family, lay.omitted))
    placed = place_people(case, ad, lay)
    unions, twins = place_unions(ctx, ad, lay, placed, m)
    losses = place_losses(ctx, ad, lay, m, kit)
    bands = row_bands(lay, placed, unions, losses)
    copies = route_copies(lay, placed, unions, bands, style, m)
    household = place_household(case, lay, placed, losses, unions, style)
    relationships = route_relationships(case, placed, bands, unions, copies, household, m, style)
    content = content_extent(bands, unions, copies, relationships, household, style)
    return GenogramScene(case, style, kit, m, ad, lay, placed, unions, twins, losses, bands, copies,
                         household, relationships, content)


# the families where children drawn at home are also tried under their birth parents (a case report's
# family, `focus.BIG_FAMILY`: a deterministic budget, one layout more)
AWAY_PEOPLE = 60


def _at_home_or_away(ad: Adapted, family: Family, lay: GenogramLayout, options: LayoutOptions
                     ) -> tuple[GenogramLayout, Adapted]:
    """``lay``, or the layout of ``family``, the children who live with the client drawn under their
    birth parents instead (`adapter.drawn_with_birth_parents`), where that has fewer faults, or as many
    and fewer people drawn twice: an aunt fostering two of her sister's three children drew both twice
    at home, their parents' line unable to reach them past their younger brother; under their
    parents, the aunt's line reaches them across his."""
    away = layout_genogram(family, replace(options, past_siblings=True))
    # (as many faults: the fewer people drawn twice; two lines across one brother's line cross it at one
    # point, which the faults count twice)
    if (faults(away, family), len(away.duplicates)) < (faults(lay, ad.family), len(lay.duplicates)):
        return away, replace(ad, family=family)
    return lay, ad


def place_people(case: Case, ad: Adapted, lay: GenogramLayout) -> dict[str, Placed]:
    """Each person and copy at the layout's position (slots and pass-through points are not people)."""
    people = case.people_by_id
    placed: dict[str, Placed] = {}
    for node, pos in lay.positions.items():
        original = lay.duplicates.get(node, node)
        person = people.get(original)
        if person is None:
            continue
        if node in lay.lowered:
            drop = lay.label_drops[lay.generation[node]] if lay.label_drops else lay.label_drop
            plan = ad.plans[original].moved_lowered(*pos, drop)
        else:
            plan = ad.plans[original].moved(*pos)
        placed[node] = Placed(node, person, lay.generation[node], plan, lay.duplicates.get(node))
    return placed


def place_unions(ctx: Context, ad: Adapted, lay: GenogramLayout, placed: dict[str, Placed], m: Metrics
                 ) -> tuple[dict[str, UnionPlacement], list[TwinMark]]:
    """Every union's partner line, labels and descents, and the twin sets' apexes."""
    style, words = ctx.style, ctx.words
    union_by_id = {u.id: u for u in ctx.case.unions}
    index: list[LineIndex] = []

    def lines() -> LineIndex:
        if not index:  # built at the first one-parent union, then shared
            index.append(LineIndex.of(lay))
        return index[0]

    unions: dict[str, UnionPlacement] = {}
    twins: list[TwinMark] = []
    column = _RowColumns(lay)
    stacks: dict[str, Box] = {}  # parent -> their one-parent unions placed so far ("?"s and labels)
    arches = _arch_plan(lay, union_by_id, style, words)
    # node -> the side of it where the household passes down beside its partner line
    pass_beside = {node: -side for uid, (partner, _) in ad.passes.items() if uid in lay.unions
                   for side in [_pass_side(lay.unions[uid], lay, partner)] if side
                   for node in lay.unions[uid].partners if lay.duplicates.get(node, node) == partner}
    # parent -> how many one-parent unions they have
    shared = Counter(geo.partners[0] for geo in lay.unions.values() if len(geo.partners) == 1)
    for uid, geo in lay.unions.items():
        union = union_by_id[uid]
        spec = ln.union_spec(union, consanguineous=uid in ad.consanguineous)
        placement = UnionPlacement(union, spec, descents={k: list(v) for k, v in geo.descents.items()})
        if spec.consanguineous and len(geo.partners) == 2:
            # the children's line leaves the lower of the two partner lines
            drop = ln.double_line_gap(style)
            for r in placement.descents.values():
                r[0] = (r[0][0], r[0][1] + drop)
        if len(geo.partners) == 2 and geo.x2 > geo.x1:
            partner, room = ad.passes.get(uid, (None, 0.0))
            _place_partner_line(placement, geo, placed, style, words, m.size / 2, arches,
                                _pass_side(geo, lay, partner), room)
        elif geo.partners:
            parent = geo.partners[0]
            place_one_parent(placement, uid, placed.get(parent), lines, style, words, m, stacks.get(parent),
                             pass_beside.get(parent, 0))
            if placement.unknown is not None and shared[parent] > 1:
                # the parent's next one-parent union drops beyond this one's "?" and label, not onto them
                taken = [stacks[parent]] if parent in stacks else []
                labels = [lab.box for lab in placement.labels]
                stacks[parent] = bounds([placement.unknown.box, *labels, *taken])
        if placement.union.twins:
            twins += _twin_apexes(uid, placement, geo, lay, column)
        unions[uid] = placement
    _stack_remarriage_labels(unions, lay)
    _unknowns_off_other_stubs(unions, lay, m)
    _part_one_parent_bars(unions, lay, placed, style.font.size)
    unions_of: dict[str, list[UnionPlacement]] = {}  # partner -> the unions they are a partner in
    for uid, placement in unions.items():
        for p in lay.unions[uid].partners:
            unions_of.setdefault(p, []).append(placement)
    for uid, placement in unions.items():
        _straighten_only_child(uid, placement, lay, placed, unions_of, lines)
    return unions, twins


def _part_one_parent_bars(unions: dict[str, UnionPlacement], lay: GenogramLayout, placed: dict[str, Placed],
                          step: float) -> None:
    """The bars of each parent's one-parent unions on each side kept apart (`oneparent.part_bars`)."""
    of: dict[tuple[str, bool], list[UnionPlacement]] = {}
    for uid, placement in unions.items():
        partners = lay.unions[uid].partners
        if placement.unknown is not None and len(partners) == 1 and partners[0] in placed:
            right = placement.unknown.center[0] > placed[partners[0]].plan.center[0]
            of.setdefault((partners[0], right), []).append(placement)
    for (parent, _), own in of.items():
        if len(own) > 1:
            part_bars(own, placed[parent].plan.center[0], step)


def _unknowns_off_other_stubs(unions: dict[str, UnionPlacement], lay: GenogramLayout, m: Metrics) -> None:
    """A parent's one-parent unions on one side leave at one height: the "?" of a nearer one
    stood on the line of a farther one.  It moves down its own drop until that line clears it."""
    of: dict[str, list[UnionPlacement]] = {}
    for uid, placement in unions.items():
        if placement.unknown is not None and len(lay.unions[uid].partners) == 1:
            of.setdefault(lay.unions[uid].partners[0], []).append(placement)
    for own in of.values():
        if len(own) < 2:  # (most parents: one such union, no other stub to keep off)
            continue
        stubs = [(u, u.unknown.joint) for u in own if u.unknown is not None]
        for placement in own:
            unknown = placement.unknown
            assert unknown is not None
            (cx, cy), half, (jx, _) = unknown.center, unknown.half, unknown.joint
            bar = min((r[2][1] for r in placement.descents.values() if len(r) > 2), default=cy)
            others = [joint for u, joint in stubs if u is not placement]
            while cy + half + m.gap < bar and any(
                    abs(y - cy) < half + m.gap and min(x, jx) - half <= cx <= max(x, jx) + half
                    for x, y in others):
                cy += m.gap / 2
            if cy != unknown.center[1]:
                placement.unknown = replace(unknown, center=(cx, cy), joint=(jx, cy))
                # its label stands beside it
                placement.labels = [lab.moved(0.0, cy - unknown.center[1]) for lab in placement.labels]


def _stack_remarriage_labels(unions: dict[str, UnionPlacement], lay: GenogramLayout) -> None:
    """A couple with more than one union (divorced, then married again; an affair, then a
    marriage) shares one partner line, each union with its own drop: their labels stand one
    above the other, the first union's on top, read in the order they happened (they were drawn
    on top of each other), and only the last union's status is marked on the line (an earlier
    divorce's slashes read as a divorce still in force, and crossed the later union's line).
    Two lines would cross one union's drop with the other's line, or read as the double line of
    a marriage between relatives."""
    by_pair: dict[tuple[str, ...], list[UnionPlacement]] = {}
    for uid, placement in unions.items():
        partners = lay.unions[uid].partners
        if len(partners) == 2 and placement.partner_line is not None:
            by_pair.setdefault(tuple(sorted(partners)), []).append(placement)
    for group in by_pair.values():
        if len(group) < 2:
            continue
        group.sort(key=lambda u: (u.union.start.decimal if u.union.start else math.inf, u.union.id))
        for earlier in group[:-1]:
            earlier.slashes = False
        labelled = [u for u in group if u.labels]
        for later, earlier in pairwise(labelled[::-1]):
            roof = min(lab.box.y0 for lab in later.labels)
            lift = min(0.0, roof - 1.0 - max(lab.box.y1 for lab in earlier.labels))
            earlier.labels = [lab.moved(0.0, lift) for lab in earlier.labels]


def _straighten_only_child(uid: str, placement: UnionPlacement, lay: GenogramLayout,
                           placed: dict[str, Placed], unions_of: dict[str, list[UnionPlacement]],
                           lines: Callable[[], LineIndex]) -> None:
    """An only child standing a little off the couple's drop, under their partner line: one straight
    stroke down from the line to the child, instead of a drop with a jog at the bar.

    Only where the stroke stays clear of both partners and every label and mark of their unions,
    and crosses no more of the other lines than the drop with its jog did.
    """
    geo = lay.unions[uid]
    line = placement.partner_line
    if line is None or placement.arch or len(geo.children) != 1:
        return
    child = geo.children[0]
    route = placement.descents[child]
    if len(route) != 4 or lay.generation.get(child) != lay.generation[geo.partners[0]] + 1:
        return
    (x, top), start = route[-1], route[0]
    a, b = line[0][0], line[-1][0]
    margin = 0.25 * (b - a)
    if abs(x - start[0]) < 1e-6 or not a + margin <= x <= b - margin:
        return
    stroke = [(x, start[1]), (x, top)]
    keep_out = [box for p in geo.partners if p in placed for box in placed[p].boxes]
    for other in {id(u): u for p in geo.partners for u in unions_of.get(p, ())}.values():
        keep_out += [lab.box for lab in other.labels]
        keep_out += [other.unknown.box] if other.unknown else []
    if any(segment_box_hits(stroke[0], stroke[1], box.expand(1.0)) for box in keep_out):
        return
    others = lines().near(route, uid)
    if crossings(stroke, others) > crossings(route, others):
        return
    placement.descents[child] = stroke
    placement.mark_at = _slash_at(a, b, x)


def _pass_side(geo: UnionGeometry, lay: GenogramLayout, partner: str | None) -> int:
    """Which end of the partner line the household region passes down beside (-1 the left
    partner's, 1 the right one's, 0 none): `adapter.household_passes`."""
    if partner is None:
        return 0
    ends = [(lay.positions[node][0], lay.duplicates.get(node, node)) for node in geo.partners]
    left, right = min(ends)[1], max(ends)[1]
    return -1 if partner == left else 1 if partner == right else 0


def _place_partner_line(placement: UnionPlacement, geo: UnionGeometry, placed: dict[str, Placed],
                        style: Style, words: Words, h: float, arches: ArchPlan, pass_side: int = 0,
                        pass_width: float = 0.0) -> None:
    """The partner line between two partners, its labels, and where its status slashes go.

    `pass_side`: the household region passes down beside that partner (-1 left, 1 right), in the
    `pass_width` the layout added to the gap (`adapter.pass_room`): the label keeps to the rest."""
    route = [(geo.x1 + h, geo.y), (geo.x2 - h, geo.y)]
    if geo.over and all(p in placed for p in geo.partners):
        # a straight line would run through the people between them (another wife); (the
        # ecomap's centre leaves a partner who lives away unplaced: its line is drawn towards them)
        route = _arch(geo, placed, style.font.size, arches)
        for r in placement.descents.values():
            r[0] = (r[0][0], route[1][1] + r[0][1] - geo.y)
        placement.arch = True
    placement.partner_line = route
    a, b = route[0][0], route[-1][0]
    # the household's way down beside one partner: the slashes and the label keep to the rest
    room = pass_width if pass_side and b - a > pass_width else 0.0
    if geo.children and b - a > 1e-6:
        free_a, free_b = (a + room, b) if pass_side < 0 else (a, b - room)
        placement.mark_at = (_slash_at(free_a, free_b, geo.mid[0]) * (free_b - free_a) + free_a - a) / (b - a)
    label_at = 0.5 - pass_side * 0.5 * room / (b - a) if room else 0.5
    placement.labels = ln.union_labels(route, placement.spec, style, words, label_at)


def _slash_at(a: float, b: float, drop: float) -> float:
    """Where on a partner line from x `a` to `b` the status slashes go, as a fraction: away from
    the children's drop at x `drop`, in the middle of the longer side."""
    centre = (a + drop) / 2 if drop - a >= b - drop else (drop + b) / 2
    return (centre - a) / (b - a)


@dataclass
class ArchPlan:
    """What the arched partner lines of one family share.  `step`: how far (font sizes) an arch
    over one more person runs above the one under it, per hub (a person with an arch): room for
    the inner arch's label when the hub's unions are labelled (the labels of a man's third and
    fourth marriages were struck through by the next arch up, and stood on each other).  `legs`:
    per (person, side), the levels of that person's arches leaving on that side, inner first."""

    step: dict[str, float]
    legs: dict[tuple[str, float], list[int]]

    def leg_offset(self, person: str, side: float, level: int) -> float:
        """Where (in half symbol widths from the centre) the arch of `level` leaves the top of
        `person`: nearer the middle the further out it goes, so that one person's arches never
        cross; spread evenly when a person has more arches on one side than fit at a quarter
        apart (they stood on one another at 0.15)."""
        levels = self.legs.get((person, side), [level])
        if max(levels) <= 3:
            return max(0.15, 0.9 - 0.25 * level)
        return 0.85 - 0.75 * levels.index(level) / max(1, len(levels) - 1)


def _arch_plan(lay: GenogramLayout, union_by_id: dict[str | None, Union], style: Style,
               words: Words) -> ArchPlan:
    """Each hub's arch step and each person's arch levels by side (see ArchPlan)."""
    step: dict[str, float] = {}
    legs: dict[tuple[str, float], list[int]] = {}
    label_room = (style.font.small * style.font.line_height + 5.0) / style.font.size
    for uid, geo in lay.unions.items():
        if not geo.over or len(geo.partners) != 2:
            continue
        labelled = bool(ln.union_text(ln.union_spec(union_by_id[uid]), words))
        for person, side in zip(geo.partners, (1.0, -1.0), strict=True):
            legs.setdefault((person, side), []).append(len(geo.over))
            if labelled:
                step[person] = max(step.get(person, 0.7), label_room)
    for levels in legs.values():
        levels.sort()
    return ArchPlan(step, legs)


def _arch(geo: UnionGeometry, placed: dict[str, Placed], fs: float, arches: ArchPlan) -> list[Point]:
    """The partner line of a union whose partners have other people between them (a man's
    third wife beyond his second): up from the tops of both symbols, across above everyone
    between, down again.  A line further out (over more people) runs higher and leaves the
    symbols nearer their middle, so that the arches of one person never cross."""
    level = len(geo.over)
    ends = [placed[p] for p in geo.partners]
    between = [placed[v] for v in geo.over if v in placed]
    top = min(b.y0 for p in (*ends, *between) for b in p.boxes)
    step = max([arches.step.get(p, 0.7) for p in geo.partners])
    y = top - (0.6 + step * (level - 1)) * fs
    legs = []
    for node, p, side in zip(geo.partners, ends, (1.0, -1.0), strict=True):
        h = p.plan.half
        cx, cy = p.plan.center
        legs.append(rim_top(p.plan.shape, cx, cy, h, side * h * arches.leg_offset(node, side, level)))
    (xa, ya), (xb, yb) = legs
    return [(xa, ya), (xa, y), (xb, y), (xb, yb)]


class _RowColumns:
    """Each node's place in its row, counted at the first twin set that asks (a search of the
    row per twin set was quadratic in a row of thousands with many twins)."""

    def __init__(self, lay: GenogramLayout) -> None:
        self._rows = lay.rows
        self._at: dict[str, int] | None = None

    def __getitem__(self, node: str) -> int:
        if self._at is None:
            self._at = {v: i for row in self._rows for i, v in enumerate(row)}
        return self._at[node]


def _twin_apexes(uid: str, placement: UnionPlacement, geo: UnionGeometry, lay: GenogramLayout,
                 column: _RowColumns) -> list[TwinMark]:
    """Twins: their legs leave the bar from one point (the routes are changed in place)."""
    routes = placement.descents
    members_of = {lay.duplicates.get(c, c): c for c in geo.children}
    marks = []
    for twins in placement.union.twins:
        drawn = [members_of[t] for t in twins.members if t in members_of]
        if len(drawn) < 2 or any(len(routes[d]) < 3 for d in drawn):
            continue
        if len({lay.generation[d] for d in drawn}) > 1:
            continue  # a twin drawn on a partner's row, lower down: ordinary legs, no apex
        at = sorted(column[d] for d in drawn)
        if at[-1] - at[0] != len(drawn) - 1:
            continue  # the layout could not keep them side by side: ordinary legs, no apex
        xs = [lay.positions[d][0] for d in drawn]
        apex = ((min(xs) + max(xs)) / 2, routes[drawn[0]][-2][1])
        ends = []
        for d in drawn:
            r = routes[d]
            r[-2:] = [apex, r[-1]]
            ends.append(r[-1])
        marks.append(TwinMark(uid, twins.kind, apex, ends))
    return marks


def place_losses(ctx: Context, ad: Adapted, lay: GenogramLayout, m: Metrics, kit: sy.SymbolSet
                 ) -> dict[str, Loss]:
    """Each pregnancy and loss at its slot, with the labels under it."""
    losses: dict[str, Loss] = {}
    for sid, info in ad.slots.items():
        if sid not in lay.positions:
            continue
        x, y = lay.positions[sid]
        outcome = info.pregnancy.outcome
        e = sy.pregnancy_extent(outcome, m.size, kit)
        # The mark stays within its size box; slashes run a little beyond it.
        reach = 1.4 * e
        labels = sy.pregnancy_labels(outcome, (x, y), m.size, ctx.style, ctx.words, label=info.label,
                                     symbols=kit)
        losses[sid] = Loss(sid, info.union, outcome, info.pregnancy.sex, info.label, (x, y), e,
                           Box(x - reach, y - reach, x + reach, y + reach), labels)
    return losses


def row_bands(lay: GenogramLayout, placed: dict[str, Placed], unions: dict[str, UnionPlacement],
              losses: dict[str, Loss]) -> list[list[Box]]:
    """Per row, every box in it: people, losses, union labels, unknown other parents."""
    bands: list[list[Box]] = [[] for _ in lay.rows]
    for p in placed.values():
        bands[p.row].extend(p.plan.boxes)  # (Placed.boxes, without its property call: every person)
    for sid, loss in losses.items():
        bands[lay.generation[sid]].extend(loss.boxes)
    for uid, u in unions.items():
        if u.labels:
            bands[lay.generation[lay.unions[uid].partners[0]]].extend(lab.box for lab in u.labels)
    for uid, u in unions.items():
        if u.unknown is not None:
            bands[lay.generation[lay.unions[uid].partners[0]]].append(u.unknown.box)
    return bands


def route_copies(lay: GenogramLayout, placed: dict[str, Placed], unions: dict[str, UnionPlacement],
                 bands: list[list[Box]], style: Style, m: Metrics) -> list[CopyLink]:
    """The link from each copy to its original, routed between the rows (`tracks.Router`)."""
    forbidden: list[list[float]] = [[] for _ in lay.rows]
    vertical: list[tuple[float, float, float]] = []
    descents = [r for u in unions.values() for r in u.descents.values()]
    arches = [u.partner_line for u in unions.values() if u.arch and u.partner_line is not None]
    for r in [*descents, *arches]:
        for (x0, y0), (x1, y1) in pairwise(r):
            if abs(y0 - y1) < 1e-6:
                # the row under this height; an arch over the top row (a partner of hundreds,
                # arches stacked high) is in the gap above row 0, not a negative index from the end
                below = max(0, min(len(lay.rows) - 1, lay.row_at(y0) + 1))
                forbidden[below].append(y0)
            elif abs(x0 - x1) < 1e-6:
                vertical.append((x0, min(y0, y1), max(y0, y1)))
    partners = {frozenset(lay.unions[u].partners) for u in lay.unions if len(lay.unions[u].partners) == 2}
    neighbours: dict[str, tuple[str | None, str | None]] = {}
    for row in lay.rows:
        for i, v in enumerate(row):
            neighbours[v] = (row[i - 1] if i > 0 else None, row[i + 1] if i + 1 < len(row) else None)
    router = Router([lay.row_y(r) for r in range(len(lay.rows))], bands, forbidden, vertical, partners,
                    neighbours, spacing=max(8.0, 0.9 * style.font.size), pad=0.8 * style.font.size)
    h = m.size / 2

    def endpoint(node: str) -> Endpoint:
        p = placed[node]
        return Endpoint(node, p.plan.center[0], p.plan.center[1], p.row, p.plan.shape, h, p.extent)

    return [CopyLink(copy, lay.duplicates[copy], router.route(endpoint(copy), endpoint(lay.duplicates[copy])))
            for copy in sorted(lay.duplicates) if copy in placed and lay.duplicates[copy] in placed]


def relationships_in_order(case: Case) -> list[Relationship]:
    # Sorted so that listing order in the file changes nothing (routes are handed out in this order).
    return sorted(case.relationships, key=lambda r: (r.between[0], r.between[1], r.type))


def route_relationships(case: Case, placed: dict[str, Placed], bands: list[list[Box]],
                        unions: dict[str, UnionPlacement], copies: list[CopyLink],
                        household: HouseholdRegion | None, m: Metrics, style: Style
                        ) -> list[RelationshipLine]:
    """A direct line for each emotional relationship (see `route.DirectRouter`), nearest pairs first.

    A person drawn twice is joined where the two ends are closest.  Nearer pairs go first:
    their straight lines are the ones that stay straight; the longer lines bend round them.
    Every structure line (partner, copy, descent, the household outline) is one to keep off.
    """
    nodes_of: dict[str, list[str]] = {}
    for node in sorted(placed):
        nodes_of.setdefault(placed[node].person.id, []).append(node)
    drawn = [r for r in relationships_in_order(case)
             if r.between[0] in nodes_of and r.between[1] in nodes_of and r.between[0] != r.between[1]]
    if not drawn:
        # Nothing to route: the router's grids would index every structure line for nothing
        # (the biggest cost of a big family drawn without relationships).
        return []
    structure: list[Sequence[Point]] = [u.partner_line for u in unions.values() if u.partner_line is not None]
    structure += [c.route for c in copies]
    structure += [r for u in unions.values() for r in u.descents.values()]
    if household is not None:
        structure += [[*loop, loop[0]] for loop in household.loops]
    half = m.size / 2
    people = [DirectPerson(node, *p.plan.center, half, p.plan.shape) for node, p in sorted(placed.items())]
    by_node = {p.node: p for p in people}
    symbols = {p.plan.symbol_box for p in placed.values()}
    labels = [b for band in bands for b in band if b not in symbols]

    def ends(a: str, b: str) -> tuple[float, DirectPerson, DirectPerson]:
        pairs = [(math.dist(placed[x].plan.center, placed[y].plan.center), x, y)
                 for x in nodes_of[a] for y in nodes_of[b]]
        d, x, y = min(pairs)
        return d, by_node[x], by_node[y]

    wanted = [(ends(*r.between), r) for r in drawn]
    wanted.sort(key=lambda w: w[0][0])

    widths = [ln.relationship_width(rel.type, style) for _, rel in wanted]
    ends_of = _side_by_side([(a, b) for (_, a, b), _ in wanted], widths, style.font.size)
    routes = route_lines(people, labels, structure, style.font.size,
                         [WantedLine(a, b, w) for (a, b), w in zip(ends_of, widths, strict=True)])
    routes = [_to_rims(route, a, b) if (a, b) != ends else route
              for route, ((_, a, b), _), ends in zip(routes, wanted, ends_of, strict=True)]
    fan_ends(routes, [(a, b) for (_, a, b), _ in wanted], widths, structure)
    lines = []
    for route, (_, rel) in zip(routes, wanted, strict=True):
        at = _clear_break(route, structure, people, 1.2 * style.font.size) if rel.type == "cutoff" else 0.5
        lines.append(RelationshipLine(rel, route, at))
    return lines


def _side_by_side(pairs: list[tuple[DirectPerson, DirectPerson]], widths: list[float], fs: float
                  ) -> list[tuple[DirectPerson, DirectPerson]]:
    """The ends each line is routed between: two or more relationships of one pair (close, and a
    conflict written apart from it) side by side, each between the two centres moved across the
    way from one to the other, so that they run apart instead of on each other (the shared
    checker's line-overlap: found by the long property run)."""
    of_pair: dict[frozenset[str], list[int]] = {}
    for i, (a, b) in enumerate(pairs):
        of_pair.setdefault(frozenset((a.node, b.node)), []).append(i)
    out = list(pairs)
    for lines in of_pair.values():
        if len(lines) < 2:
            continue
        first, last = sorted((pairs[lines[0]][0], pairs[lines[0]][1]), key=lambda p: p.node)
        length = math.hypot(last.x - first.x, last.y - first.y) or 1.0
        nx, ny = -(last.y - first.y) / length, (last.x - first.x) / length  # one side, whichever way listed
        offsets = [0.0]
        for k in range(1, len(lines)):
            offsets.append(offsets[-1] + (widths[lines[k - 1]] + widths[lines[k]]) / 2 + 0.5 * fs)
        middle = (offsets[0] + offsets[-1]) / 2
        for i, off in zip(lines, offsets, strict=True):
            a, b = pairs[i]
            d = off - middle
            out[i] = (replace(a, x=a.x + d * nx, y=a.y + d * ny), replace(b, x=b.x + d * nx, y=b.y + d * ny))
    return out


def _to_rims(route: list[Point], a: DirectPerson, b: DirectPerson) -> list[Point]:
    """A line routed between moved ends (`_side_by_side`) carried on to the two symbols it joins:
    an end that stops short of its symbol gets a last piece to the nearest point of its rim."""
    out = list(route)
    for person, at_start in ((a, True), (b, False)):
        end = out[0] if at_start else out[-1]
        rim = _nearest_on_rim(person, end)
        if math.dist(rim, end) > 0.5 and not person.inside(*end):
            if at_start:
                out.insert(0, rim)
            else:
                out.append(rim)
    return out


def _nearest_on_rim(person: DirectPerson, p: Point) -> Point:
    dx, dy = p[0] - person.x, p[1] - person.y
    if person.shape == "circle":
        d = math.hypot(dx, dy) or 1.0
        return (person.x + dx / d * person.half, person.y + dy / d * person.half)
    h = person.half
    return (person.x + max(-h, min(h, dx)), person.y + max(-h, min(h, dy)))


_BREAKS = (0.5, 0.44, 0.56, 0.38, 0.62, 0.32, 0.68, 0.26, 0.74)


def _clear_break(route: Sequence[Point], structure: Sequence[Sequence[Point]],
                 people: Sequence[DirectPerson], clearance: float) -> float:
    """Where a cutoff's break (a gap between two bars across the line) goes: the middle, or the
    place nearest it with no structure line within `clearance` (its bars would lie on a line
    that crosses there) and no symbol within reach of its bars (a line bowed just over someone
    would have them cut into the symbol); when there is none, the place farthest from the nearest
    structure line (the middle put the bars on a sibship line crossing there)."""
    total = length(route)
    best: tuple[tuple[bool, float], float] | None = None
    for at in _BREAKS:
        (x, y), _ = point_at(route, at * total)
        room = min([distance(closest_on_segment(p, q, (x, y)), (x, y)) for line in structure
                    for p, q in pairwise(line)], default=math.inf)
        clear_of_people = not any(math.hypot(x - o.x, y - o.y) < o.half * math.sqrt(2) + clearance
                                  for o in people)
        key = (clear_of_people, min(room, clearance))
        if key == (True, clearance):
            return at
        if best is None or key > best[0]:
            best = (key, at)
    return best[1] if best is not None else 0.5


def content_extent(bands: list[list[Box]], unions: dict[str, UnionPlacement], copies: list[CopyLink],
                   relationships: list[RelationshipLine], household: HouseholdRegion | None,
                   style: Style) -> Box:
    """The box of everything drawn: every box of every band, then what is drawn over them."""
    lw = style.line.width
    everything: list[Box] = [b for band in bands for b in band]
    # a descent through rows below (pass-through points) may run beside everyone in them
    drops = [q for u in unions.values() for r in u.descents.values() for q in r]
    if drops:
        xs, ys = [q[0] for q in drops], [q[1] for q in drops]
        everything.append(Box(min(xs), min(ys), max(xs), max(ys)).expand(lw))
    for route in [*(r.route for r in relationships), *(c.route for c in copies)]:
        xs, ys = [q[0] for q in route], [q[1] for q in route]
        everything.append(Box(min(xs), min(ys), max(xs), max(ys)).expand(1.2 * style.font.size))
    if household is not None:
        everything.append(bounds(household.rects).expand(lw))
    return bounds(everything)
