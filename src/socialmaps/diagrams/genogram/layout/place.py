"""Step 6, positions: the position of every node along its row.

Objective: no overlap and no crossing (hard: minimum gaps from the widths, and each
union's children kept between its neighbouring unions' descents); then, as a weighted
least-squares sum, sibships centred under their parents' descent point and descent
points over their children, partners packed (a partner line may stretch a little
towards its children), siblings close to their siblings.  Solved row by row, each row an
exact weighted isotonic regression with bounds (pool adjacent violators), in rounds up and
down: first rounds that hold every sibling close (compact), then rounds that let a
sibling with children sit over them again (centred).  A deterministic budget of rounds
keeps it linear in the family's size.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import NamedTuple

from .clusters import partner_degree, union_gap
from .drops import arched_drop_edges, linked_drop_edges
from .graph import Graph
from .order import RowData
from .pav import pav
from .records import INF, LayoutOptions
from .stagger import stagger_rows
from .start import least_positions, longest_paths


class _Gap(NamedTuple):
    """Where a union's descent starts: between two neighbours of its unit, at a fraction."""

    left: str
    right: str
    frac: float


class _Term(NamedTuple):
    """One pull on a unit: +1 follow its parents' descent point (the sibship's centre under
    it), -1 bring its own descent point over its children."""

    sign: float
    left: str  # the union's descent gap
    right: str
    frac: float
    first: str  # the union's first and last child
    last: str


class _Span(NamedTuple):
    """A unit's nodes in a row: indices first to end (exclusive)."""

    unit: int
    first: int
    end: int


class _Stretch(NamedTuple):
    """A partner line that may stretch towards its children (see `Placer._targets`)."""

    left_at: int  # the partners' indices in the row
    right_at: int
    first: str  # the union's first and last child
    last: str
    left: str  # the partners
    right: str
    frac: float  # where between them the descent starts


class _Partial(NamedTuple):
    """A unit of several members, some of them anchors (see `Placer.solve_row`)."""

    first: int
    end: int
    anchored: list[int]
    others: list[int]


class _Want(NamedTuple):
    """What one unit's target in a row solve needs (unpacked in the innermost loop)."""

    first: int  # index of the unit's first node in the row
    end: int  # index after its last node
    anchors: list[tuple[str, float]]  # members with lines, with their packed offsets
    terms: list[_Term]
    weight: float  # weight of the terms
    hugs: list[tuple[str, float]]  # neighbouring siblings, with the offset to keep from them
    cohesion: float  # how strongly the unit keeps close to them


PLACEMENT_BUDGET = 24_000  # placement rounds times nodes, past which fewer rounds run
# the largest ratio of two rounds' steps `Placer._extrapolate` carries on (a ratio of 0.9 carries
# the step 9 times further: the branch still creeping 0.9 of its step a round)
EXTRAPOLATION_RATIO = 0.9
HUG_REACH = 6  # units scanned left for a sibling to keep close to (`Placer._hug_across`)


@dataclass
class RowStatic:
    row: list[str]
    offsets: list[float]  # each node's least distance from the row's first node
    shift: list[float]  # packed offset from the unit centre, minus offsets
    spans: list[_Span]
    ins: list[tuple[int, list[tuple[str, float]]]]  # index -> lower bound edges
    outs: list[tuple[int, list[tuple[str, float]]]]  # index -> upper bound edges
    # unions of two neighbours: (left, right index, first child, last child, gap left, gap right,
    # fraction of the gap), all that the stretch of their partner line needs
    stretch: list[_Stretch]
    # units of several members, some of them anchors: (first, end index, anchor indices, others)
    partial: list[_Partial]
    # per span, what its unit's target needs: (first, end index, anchors with their packed
    # offsets, terms, weight of the terms, hugs)
    wants: list[_Want]
    # the same with the terms towards the children only: the first, upward pass
    wants_below: list[_Want]


def unit_wish(X: dict[str, float], anchors: Sequence[tuple[str, float]],
               terms: Sequence[tuple[float, str, str, float, str, str]], w: float,
               hugs: Sequence[tuple[str, float]], cohesion: float) -> tuple[float, float]:
    """Where a unit's centre wants to be, and how strongly (`_Want`; the innermost step of the
    placement, for `Placer._targets` and for a row of one node, `Placer._solve_one`).  The members
    that carry lines decide where the unit is; a partner without lines follows them (else a stray
    partner would hold the whole unit back)."""
    if len(anchors) == 1:
        v, t = anchors[0]
        centre = 0.0 + (X[v] - t)  # what sum() of one float gives (-0.0 becomes 0.0)
    else:
        centre = sum([X[v] - t for v, t in anchors]) / len(anchors)
    if not terms:
        return centre, 1e-3
    # +: follow the parents' midpoint; -: bring the midpoint over the children
    total = 0.0
    for sign, pl, pr, frac, first, last in terms:
        xl = X[pl]
        total += sign * (xl + (X[pr] - xl) * frac - (X[first] + X[last]) / 2)
    centre = centre + total / w
    if hugs and cohesion:
        # a unit also keeps close to its siblings (see Placer.hugs)
        pull = sum([X[other] + offset for other, offset in hugs]) / len(hugs)
        centre = (centre * w + pull * cohesion) / (w + cohesion)
        w += cohesion
    return centre, w


class Placer:
    """x of every node: feasible start, then row-by-row exact isotonic regressions."""

    def __init__(self, graph: Graph, rows: list[RowData], options: LayoutOptions) -> None:
        self.graph = graph
        self.opt = options
        self.row_nodes: list[list[str]] = []  # left to right
        self.gap_after: dict[str, float] = {}  # centre distance to the next node of the row
        self.unit_of: dict[str, int] = {}
        self.units: list[list[str]] = []
        self.tight: dict[str, float] = {}  # offset from the unit's centre when packed
        self._pack(rows)
        self.X: dict[str, float] = {}
        self._unit_lines()
        self._hug_siblings()
        self._terms()
        self.in_edges: dict[str, list[tuple[str, float]]] = defaultdict(list)
        self.out_edges: dict[str, list[tuple[str, float]]] = defaultdict(list)
        self._separation()
        # a stepchild reached from a second union, an arch's only child: under the drop (`drops`)
        edges = linked_drop_edges(graph, self.gap, options, self._union_key) if options.clear_linked else []
        for a, b, c in edges + arched_drop_edges(graph, self.gap, options):
            self._edge(a, b, c)
        self._birth_order_across_rows()

    def _pack(self, rows: list[RowData]) -> None:
        """The rows' nodes left to right, each unit packed: the least distances between
        neighbours (``gap_after``) and each node's offset from its unit's centre (``tight``)."""
        nodes = self.graph.nodes
        # two partners -> least distance of their centres: their label between the symbols and
        # the partner gap beside it (only that couple moves apart, not their other neighbours)
        room: dict[frozenset[str], float] = {}
        for u in self.graph.unions.values():
            if u.label > 0 and len(u.partners) == 2:
                pair = frozenset(u.partners)
                need = self.opt.symbol_size + u.label + self.opt.partner_gap
                room[pair] = max(room.get(pair, 0.0), need)
        unit_of, tight, gap_after, units = self.unit_of, self.tight, self.gap_after, self.units
        opt = self.opt
        partner_gap, sibling_gap, cluster_gap = opt.partner_gap, opt.sibling_gap, opt.cluster_gap
        for data in rows:
            row: list[str] = []
            for ci in data.order:
                cl = data.clusters[ci]
                for k, ui in enumerate(cl.units):
                    unit = data.units[ui]
                    gid = len(units)
                    units.append(unit)
                    x = 0.0
                    for i, v in enumerate(unit):
                        w = nodes[v].width
                        unit_of[v] = gid
                        tight[v] = x + w / 2
                        if i + 1 < len(unit):
                            need = room.get(frozenset((v, unit[i + 1])), 0.0) if room else 0.0
                            gap = max(partner_gap, need - (w + nodes[unit[i + 1]].width) / 2)
                        elif k + 1 < len(cl.units):
                            gap = sibling_gap
                        else:
                            gap = cluster_gap
                        gap_after[v] = gap
                        x += w + gap
                        row.append(v)
                    centre = (x - gap_after[unit[-1]]) / 2
                    for v in unit:
                        tight[v] -= centre
            for v, nxt in itertools.pairwise(row):
                gap_after[v] = nodes[v].width / 2 + gap_after[v] + nodes[nxt].width / 2
            self.row_nodes.append(row)
        # a crowded row's neighbours closer than their labels, the labels at alternate depths
        self.staggered = stagger_rows(self.graph, self.row_nodes, self.unit_of, self.gap_after, self.tight,
                                    self.opt)

    def _unit_lines(self) -> None:
        """Each unit's unions with children, the sibships its members come from, and its
        anchors (the members who carry lines: they decide where the unit stands)."""
        nodes, unions, unit_of, tight = self.graph.nodes, self.graph.unions, self.unit_of, self.tight
        self.unit_unions: list[list[str]] = [[] for _ in self.units]
        self.unit_sibs: list[list[str]] = []
        for uid in sorted(unions):
            u = unions[uid]
            if u.children:
                self.unit_unions[unit_of[u.partners[0]]].append(uid)
        self.anchors: list[list[str]] = []
        for unit, own in zip(self.units, self.unit_unions, strict=True):
            if len(unit) == 1:  # (most units: their one member is their anchor)
                p = nodes[unit[0]].parent
                self.unit_sibs.append([] if p is None else [p])
                self.anchors.append(unit)
                continue
            sibs: list[str] = []
            for v in unit:
                p = nodes[v].parent
                if p is not None and p not in sibs:
                    sibs.append(p)
            self.unit_sibs.append(sibs)
            lined = {p for uid in own for p in unions[uid].partners}
            self.anchors.append([v for v in unit if v in lined or nodes[v].parent] or unit)
        self.anchor_set = {v for anchors in self.anchors for v in anchors}
        # anchors with their packed offsets, read in every placement step
        self.anchor_tight = [[(v, tight[v]) for v in anchors] for anchors in self.anchors]

    def _hug_siblings(self) -> None:
        """Units of a sibship keep close to their neighbouring siblings: ``hugs``, per unit, the
        sibling's node and the offset to this unit's centre when packed.  A childless unit always
        (the family's mass, not one outlying sibling, decides where the parents stand); a unit
        with children in the compacting rounds only (see `run`): a sibling with children of
        their own otherwise drifted off with them, as far as the parents' centring allowed (a
        sibship of two with its parents may slide as one, and did, half a page wide)."""
        self.hugs: list[list[tuple[str, float]]] = [[] for _ in self.units]
        for row in self.row_nodes:
            for a, b in itertools.pairwise(row):
                ga, gb = self.unit_of[a], self.unit_of[b]
                if ga == gb:
                    continue
                sibs_a, sibs_b = self.unit_sibs[ga], self.unit_sibs[gb]
                # (most units stand in one sibship: one look-up, not two sets)
                if not sibs_a or not sibs_b or (
                        sibs_a[0] not in sibs_b if len(sibs_a) == 1 else set(sibs_a).isdisjoint(sibs_b)):
                    continue
                ua, ub = self.units[ga], self.units[gb]
                self.hugs[gb].append((a, self.gap_after[a] - self.tight[ub[0]]))
                self.hugs[ga].append((b, -self.gap_after[a] - self.tight[ua[-1]]))
        for row in self.row_nodes:
            self._hug_across(row)

    def _hug_across(self, row: list[str]) -> None:
        """A unit whose neighbours in its row are none of its siblings (interleaved sibships: a
        widower's sister beyond his wives' siblings) keeps close to the nearest sibling's unit on its
        left, as near as the units between allow (else nothing held it: it stood wherever centring
        its sibship under the parents put it, half a page off).  The scan is bounded (`HUG_REACH`)."""
        unit_of, unit_sibs, gap_after = self.unit_of, self.unit_sibs, self.gap_after
        starts = [i for i, v in enumerate(row) if i == 0 or unit_of[row[i - 1]] != unit_of[v]]
        for k, i in enumerate(starts):
            gb = unit_of[row[i]]
            mine = unit_sibs[gb]
            if self.hugs[gb] or not mine:
                continue
            between = 0.0  # the packed distance from the node scanned to this unit's first
            for j in range(i - 1, starts[max(k - HUG_REACH, 0)] - 1, -1):
                between += gap_after[row[j]]
                ga = unit_of[row[j]]
                # (a unit's last node is the first of it the scan meets)
                if unit_of[row[j + 1]] != ga and any(p in mine for p in unit_sibs[ga]):
                    self.hugs[gb].append((row[j], between - self.tight[row[i]]))
                    break

    def _terms(self) -> None:
        """Each union's descent gap, and each unit's terms: follow its parents' descent point
        (+), bring its own descent points over its children (-)."""
        self.gap: dict[str, _Gap] = {}  # union -> where its descent starts
        degree = partner_degree(self.graph)
        # each node's place in its unit, for the units of couples (union_gap needs no place for
        # one partner): one dict for all, each unit entered once
        index: dict[str, int] = {}
        for uid in sorted(self.graph.unions):
            u = self.graph.unions[uid]
            unit = self.units[self.unit_of[u.partners[0]]]
            if len(u.partners) > 1 and u.partners[0] not in index:
                index.update({v: i for i, v in enumerate(unit)})
            gl, gr = union_gap(u, unit, index, degree)
            k, m = u.multi
            self.gap[uid] = _Gap(gl, gr, (k + 1) / (m + 1))
        # each union's two pulls (its descent gap, its first and last child), made once and shared
        # by the units they pull: +: follow the parents' midpoint; -: bring the midpoint over the
        # children
        unions = self.graph.unions
        follow: dict[str, _Term] = {}
        over: dict[str, _Term] = {}
        for uid, (gl, gr, frac) in self.gap.items():
            children = unions[uid].children
            if children:
                follow[uid] = _Term(1.0, gl, gr, frac, children[0], children[-1])
                over[uid] = _Term(-1.0, gl, gr, frac, children[0], children[-1])
        self.terms: list[list[_Term]] = []
        for sibs, own in zip(self.unit_sibs, self.unit_unions, strict=True):
            terms = [follow[uid] for uid in sibs]
            if own:
                terms += [over[uid] for uid in own]
            self.terms.append(terms)

    def x(self, v: str) -> float:
        return self.X[v]

    def mid(self, uid: str) -> float:
        gl, gr, frac = self.gap[uid]
        return self.X[gl] + (self.X[gr] - self.X[gl]) * frac

    def _separation(self) -> None:
        """Each union's children stay right of the previous union's right partner and left of
        the next union's left partner, so the bars (extended to the midpoints) keep apart."""
        d = self.opt.bar_margin
        self.pos = {v: i for row in self.row_nodes for i, v in enumerate(row)}
        for r in range(len(self.row_nodes) - 1):
            rank: dict[str, int] = {}
            seen_units: list[int] = []
            for v in self.row_nodes[r]:
                if not seen_units or seen_units[-1] != self.unit_of[v]:
                    seen_units.append(self.unit_of[v])
            for gid in seen_units:
                own = self.unit_unions[gid]
                for uid in sorted(own, key=self._union_key) if len(own) > 1 else own:
                    rank[uid] = len(rank)
            sibs: list[str] = []
            at: dict[str, int] = {}  # where each of sibs stands in it (a scan of sibs per child was
            # quadratic in a row of thousands of sibships)
            for v in self.row_nodes[r + 1]:
                p = self.graph.nodes[v].parent
                if p is None or (sibs and sibs[-1] == p):
                    continue
                if p in at:
                    # the sibships since p's last child stand under p's bar (a cousin married
                    # into p's sibship, see units._closing_couple): their lines cross that bar
                    # whatever, and the bars either side of p's keep apart without them
                    for dropped in sibs[at[p] + 1:]:
                        del at[dropped]
                    del sibs[at[p] + 1:]
                else:
                    at[p] = len(sibs)
                    sibs.append(p)
            for a, b in itertools.pairwise(sibs):
                if rank.get(a, -1) >= rank.get(b, -1):
                    continue  # a crossing the order could not avoid: no constraint can help
                if self.gap[a][0] == self.gap[a][1] or self.gap[b][0] == self.gap[b][1]:
                    # a one-parent union's children may stand either side of the parent (the
                    # parent's unions before and after would ask for both: a loop that dropped
                    # every separation of the family)
                    continue
                first_b = self.graph.unions[b].children[0]
                last_a = self.graph.unions[a].children[-1]
                self._edge(self.gap[a][1], first_b, d)
                self._edge(last_a, self.gap[b][0], d)

    def _birth_order_across_rows(self) -> None:
        """A child drawn rows below its siblings (a son who married his niece stands on her row,
        his line passing down through the rows between) stands left to right among them in the
        order of their bar: the row order keeps only the pass-through point in its place, and the
        child's symbol could stand left of an elder sibling's.  Kept only where the constraints
        still have a least solution (a loop would drop every separation: `least_positions`)."""
        graph = self.graph
        found: list[tuple[str, str, float]] = []
        for uid in sorted(graph.unions):
            children = graph.unions[uid].children
            if len(children) < 2 or not any(graph.nodes[c].kind == "virtual" for c in children):
                continue
            ends = [self._chain_end(c) for c in children]
            for a, b in itertools.pairwise(ends):
                if a is not None and b is not None and graph.nodes[a].row != graph.nodes[b].row:
                    found.append((a, b, self.opt.symbol_size / 2))
        if not found:
            return
        for a, b, c in found:
            self._edge(a, b, c)
        if longest_paths(self.row_nodes, self.gap_after, self.in_edges, self.out_edges) is None:
            for a, b, c in found:
                self.out_edges[a].remove((b, c))
                self.in_edges[b].remove((a, c))

    def _chain_end(self, child: str) -> str | None:
        """The node a child of a union is drawn as: itself, or the end of its pass-through points
        (None for a chain that ends in a line drawn on to a linked child)."""
        nodes = self.graph.nodes
        while nodes[child].kind == "virtual":
            below = self.graph.passed_to(child)
            if not below:
                return None
            child = below[0]
        return child

    def _union_key(self, uid: str) -> tuple[float, float, str]:
        gl, gr, frac = self.gap[uid]
        return (self.pos[gl] + (self.pos[gr] - self.pos[gl]) * frac, self.pos[gl], uid)

    def _edge(self, a: str, b: str, c: float) -> None:
        self.out_edges[a].append((b, c))
        self.in_edges[b].append((a, c))

    def feasible_start(self) -> None:
        """The least positions every constraint allows (`start.least_positions`: where the separation
        constraints loop, they are dropped from ``in_edges`` and ``out_edges``)."""
        self.X = least_positions(self.row_nodes, self.gap_after, self.in_edges, self.out_edges)

    def _row_static(self, row: list[str], kin: float) -> RowStatic:
        """What solving a row needs that never changes; ``kin``: how strongly a unit with
        children keeps close to its siblings, as a part of the cohesion of a childless one."""
        gap_after, tight, unit_of = self.gap_after, self.tight, self.unit_of
        in_edges, out_edges = self.in_edges, self.out_edges
        offsets = []
        acc = 0.0
        for v in row:
            offsets.append(acc)
            acc += gap_after.get(v, 0.0)
        shift = [tight[v] - off for v, off in zip(row, offsets, strict=True)]
        spans: list[_Span] = []
        first = 0  # where the unit of the node scanned starts
        for i, v in enumerate(row):
            if i + 1 == len(row) or unit_of[row[i + 1]] != unit_of[v]:
                spans.append(_Span(unit_of[v], first, i + 1))
                first = i + 1
        ins = [(i, edges) for i, v in enumerate(row) if (edges := in_edges.get(v))]
        outs = [(i, edges) for i, v in enumerate(row) if (edges := out_edges.get(v))]
        index: dict[str, int] = {}  # each node's place in the row, made at the first couple
        stretch: list[_Stretch] = []
        for gid, _, _ in spans:
            for uid in self.unit_unions[gid]:
                gl, gr, frac = self.gap[uid]
                if gl == gr:  # one partner: no partner line to stretch
                    continue
                u = self.graph.unions[uid]
                if set(u.partners) == {gl, gr}:
                    if not index:
                        index = {v: i for i, v in enumerate(row)}
                    stretch.append(_Stretch(index[gl], index[gr], u.children[0], u.children[-1],
                                            gl, gr, frac))
        partial: list[_Partial] = []
        anchor_set = self.anchor_set
        for _, i0, i1 in spans:
            if i1 - i0 < 2:  # a unit of one: nobody to gather round an anchor
                continue
            anchored = [i for i in range(i0, i1) if row[i] in anchor_set]
            if 0 < len(anchored) < i1 - i0:
                partial.append(_Partial(i0, i1, anchored, [i for i in range(i0, i1) if i not in anchored]))
        cohesion = self.opt.cohesion
        with_kin = cohesion * kin
        wants: list[_Want] = []
        wants_below: list[_Want] = []
        for gid, i0, i1 in spans:
            terms, anchors, hugs = self.terms[gid], self.anchor_tight[gid], self.hugs[gid]
            strength = with_kin if self.unit_unions[gid] else cohesion * 1.0
            want = _Want(i0, i1, anchors, terms, float(len(terms)), hugs, strength)
            wants.append(want)
            below = [t for t in terms if t[0] < 0]
            # (a unit with no parents drawn, or no children, wants the same of both passes: one
            # tuple of equal values serves both; nothing changes a want in place)
            wants_below.append(want if len(below) == len(terms) else
                               _Want(i0, i1, anchors, below, float(len(below)), hugs, strength))
        return RowStatic(row, offsets, shift, spans, ins, outs, stretch, partial, wants, wants_below)

    def _with_kin(self, st: RowStatic, kin: float) -> RowStatic:
        """The same row with another ``kin`` (all that differs between the compacting and the
        centring rounds): the rest of `_row_static` is shared, not computed twice."""
        # (only a unit with children holds to its siblings by ``kin``: the others' wants are the
        # same tuples, not copies)
        with_kin = self.opt.cohesion * kin
        unit_unions = self.unit_unions
        wants = list(st.wants)
        below = list(st.wants_below)
        for k, (gid, _, _) in enumerate(st.spans):
            if unit_unions[gid]:
                i0, i1, anchors, terms, weight, hugs, _ = wants[k]
                wants[k] = _Want(i0, i1, anchors, terms, weight, hugs, with_kin)
                i0, i1, anchors, terms, weight, hugs, _ = below[k]
                below[k] = _Want(i0, i1, anchors, terms, weight, hugs, with_kin)
        return replace(st, wants=wants, wants_below=below)

    def solve_row(self, st: RowStatic, below_only: bool = False) -> float:
        """Best x for one row with the others fixed; returns the largest move.  With
        `below_only` a unit follows its children only, not its parents."""
        row = st.row
        if not row:
            return 0.0
        if len(row) == 1 and not st.stretch:
            return self._solve_one(st, below_only)
        targets, weights = self._targets(st, below_only)
        lo, hi = self._bounds(st)
        shift = st.shift
        if len(row) == 1:
            # one node (a line of descent has thousands of such rows): what pav gives it,
            # its target within its bounds, without the pooling's stacks
            t, a, b = targets[0], lo[0], hi[0]
            clipped = a if a > t else t
            z = [b if b < clipped else clipped]
        else:
            z = pav(targets, weights, lo, hi)
        # A unit whose anchor (a member with lines) was held back by a bound gathers
        # around where its anchors landed, so a partner without lines of their own does
        # not wander off on the unit's wish; one more solve with those targets.
        again = False
        for i0, i1, anchored, others in st.partial:
            if all(abs(z[i] - targets[i]) < 1.0 for i in range(i0, i1)):
                continue
            centre = sum([z[i] - shift[i] for i in anchored]) / len(anchored)
            for i in others:
                targets[i] = centre + shift[i]
            again = True
        if again:
            z = pav(targets, weights, lo, hi)
        moved = 0.0
        X = self.X
        for v, zi, off in zip(row, z, st.offsets, strict=True):
            x = zi + off
            d = abs(x - X[v])
            if d > moved:
                moved = d
            X[v] = x
        return moved

    def _solve_one(self, st: RowStatic, below_only: bool) -> float:
        """`solve_row` of a row of one node (a line of descent has thousands of such rows): its
        unit's target as `_targets` finds it, within its bounds as `_bounds` and `pav` give
        them, without their lists (the same operations in the same order: the same floats)."""
        X = self.X
        _, _, anchors, terms, w, hugs, cohesion = (st.wants_below if below_only else st.wants)[0]
        centre, _ = unit_wish(X, anchors, terms, w, hugs, cohesion)
        target = centre + st.shift[0]
        offset = st.offsets[0]
        low, high = -INF, INF
        if st.ins:
            m = -INF
            for a, c in st.ins[0][1]:
                if X[a] + c > m:
                    m = X[a] + c
            low = m - offset
        if st.outs:
            m = INF
            for b, c in st.outs[0][1]:
                if X[b] - c < m:
                    m = X[b] - c
            high = m - offset
        clipped = low if low > target else target
        z = high if high < clipped else clipped
        v = st.row[0]
        x = z + offset
        moved = abs(x - X[v])
        X[v] = x
        return moved if moved > 0.0 else 0.0

    def _targets(self, st: RowStatic, below_only: bool) -> tuple[list[float], list[float]]:
        """Where each node of the row wants to be (relative to its packed offset), and how
        strongly: its unit's wish (see `_Want`), and a partner line's stretch."""
        row = st.row
        X = self.X
        offsets, shift = st.offsets, st.shift
        # the spans cover the row left to right, so targets and weights are built in order
        targets: list[float] = []
        weights: list[float] = []
        for i0, i1, anchors, terms, w, hugs, cohesion in st.wants_below if below_only else st.wants:
            # unit_wish written out (the innermost step, run for every unit of every row solve:
            # the same operations in the same order, without a call each)
            # (a sum of one or two written out as sum() adds them: from 0.0, left to right)
            if len(anchors) == 1:
                v, t = anchors[0]
                centre = 0.0 + (X[v] - t)
            elif len(anchors) == 2:
                (v, t), (u, s) = anchors
                centre = ((0.0 + (X[v] - t)) + (X[u] - s)) / 2
            else:
                centre = sum([X[v] - t for v, t in anchors]) / len(anchors)
            if terms:
                if len(terms) == 1:
                    # one pull (most units: a person under their parents): the loop's sum of one
                    sign, pl, pr, frac, first, last = terms[0]
                    xl = X[pl]
                    total = 0.0 + sign * (xl + (X[pr] - xl) * frac - (X[first] + X[last]) / 2)
                else:
                    total = 0.0
                    for sign, pl, pr, frac, first, last in terms:
                        xl = X[pl]
                        total += sign * (xl + (X[pr] - xl) * frac - (X[first] + X[last]) / 2)
                centre = centre + total / w
                if hugs and cohesion:
                    if len(hugs) == 1:  # (a sibling at one end of the sibship)
                        other, offset = hugs[0]
                        pull = 0.0 + (X[other] + offset)
                    elif len(hugs) == 2:  # (between two siblings)
                        (other, offset), (second, gap) = hugs
                        pull = ((0.0 + (X[other] + offset)) + (X[second] + gap)) / 2
                    else:
                        pull = sum([X[other] + offset for other, offset in hugs]) / len(hugs)
                    centre = (centre * w + pull * cohesion) / (w + cohesion)
                    w += cohesion
            else:
                w = 1e-3
                # nobody drawn above or below pulls the unit (someone with no family drawn): it keeps
                # close to the unit beside it, not wherever a round pushed it (the first, upward pass
                # leaves it be: there every unit without children has no pull)
                if not below_only and i0 > 0:
                    centre = X[row[i0 - 1]] - offsets[i0 - 1] - shift[i0]
                elif not below_only and i1 < len(row):
                    centre = X[row[i1]] - offsets[i1] - shift[i1 - 1]
            if i1 - i0 == 1:
                targets.append(centre + shift[i0])
                weights.append(w)
            else:
                targets.extend([centre + sh for sh in shift[i0:i1]])
                weights.extend([w] * (i1 - i0))
        # A partner line may stretch: the partner on the side where the children are
        # also pulls outwards alone, against the pull of the packed unit.  Not in the first,
        # upward pass: there the unit moves over its children anyway, and stretching it by that
        # distance again overshot by a third per row (up a line of descent of 1,000
        # generations, to x = 1e64); the rounds after it start near the answer.
        ws = self.opt.stretch
        if ws > 0 and not below_only:
            for il, ir, first, last, gl, gr, frac in st.stretch:
                xl = X[gl]
                e = (X[first] + X[last]) / 2 - (xl + (X[gr] - xl) * frac)
                i = il if e < 0 else ir
                wi = weights[i]
                targets[i] = (targets[i] * wi + ws * (X[row[i]] + 2 * e - offsets[i])) / (wi + ws)
                weights[i] += ws
        return targets, weights

    def _bounds(self, st: RowStatic) -> tuple[list[float], list[float]]:
        """The least and the largest value each node of the row may take (relative to its
        packed offset) by the separation constraints to the rows above and below."""
        X = self.X
        n = len(st.row)
        offsets = st.offsets
        lo = [-INF] * n
        hi = [INF] * n
        if st.ins:
            for i, edges in st.ins:
                m = -INF
                for a, c in edges:
                    if X[a] + c > m:
                        m = X[a] + c
                lo[i] = m - offsets[i]
            # bounds of a nondecreasing sequence are nondecreasing themselves (nothing to
            # carry before the first bounded node: ins is in row order)
            start = st.ins[0][0]
            prev = lo[start]
            for i in range(start + 1, n):
                cur = lo[i]
                if prev > cur:
                    lo[i] = prev
                else:
                    prev = cur
        if st.outs:
            for i, edges in st.outs:
                m = INF
                for b, c in edges:
                    if X[b] - c < m:
                        m = X[b] - c
                hi[i] = m - offsets[i]
            stop = st.outs[-1][0]
            prev = hi[stop]
            for i in range(stop - 1, -1, -1):
                cur = hi[i]
                if prev < cur:
                    hi[i] = prev
                else:
                    prev = cur
        return lo, hi

    def run(self) -> None:
        """Place every row: compact first, then centred.

        The first rounds hold every sibling close to its siblings, those with children too;
        the later rounds let go of the siblings with children, so that each sits over its
        own children again wherever its children's packing holds it (a tree stays centred).
        Where nothing holds it (a sibling whose family stands off on its own, whose parents
        then follow the middle of their sibship wherever it goes), it stays where the first
        rounds brought it, by its siblings, instead of half a page away.
        """
        self.feasible_start()
        compact = [self._row_static(row, self.opt.kin_cohesion) for row in self.row_nodes]
        centred = [self._with_kin(st, 0.0) if any(w.hugs for w in st.wants) else st for st in compact]
        order = list(range(len(self.row_nodes)))
        rounds = self.opt.placement_rounds
        compacting = self.opt.compacting_rounds
        budget = max(1, PLACEMENT_BUDGET // len(self.X))
        if compacting + rounds > budget:
            # a deterministic budget of row solves per node: a round costs about 2 per node,
            # and the compacting and the centring rounds share it (centring first in need);
            # from 3,000 nodes on (it was 6,000, and 5,000 people then cost as many rounds as
            # 20,000 people: 8 against 1)
            rounds = budget
            compacting = rounds // 2
            rounds -= compacting
        # First every row over its children, bottom to top, ignoring the rows above: they
        # still stand where the left-packed start put them, which says nothing, and pulling
        # towards it is what made the rounds converge slowly (the founders' row then had to
        # creep, a third of the way per round, to the middle of the family below them).
        for r in order[::-1]:
            self.solve_row(compact[r], below_only=True)
        self._rounds(compact, compacting)
        self._rounds(centred, rounds)
        # The rounds stop once no row moves by a unit, but small moves add up down a line of
        # descent (a child 2 units off its parents' drop shows as a jog in the line): one last
        # pass down sets every row under the rows above as they finally stand.
        for r in order:
            self.solve_row(centred[r])

    def _rounds(self, statics: list[RowStatic], rounds: int) -> None:
        """Up to ``rounds`` passes up and down the rows, until no row moves by a unit; after
        each, the step of the rounds carried further (`_extrapolate`)."""
        n = len(statics)
        order = list(range(n))
        # a row is solved again only when it or a neighbouring row moved since
        last_move = [INF] * n
        step: list[float] = []
        for _ in range(rounds):
            before = list(self.X.values())
            moved = 0.0
            # upwards first: the lower rows are the wider ones, the left-packed start
            # is furthest from the optimum in the upper rows
            for r in order[::-1] + order:
                if max(last_move[max(r - 1, 0): r + 2]) < 1.0:
                    continue
                last_move[r] = self.solve_row(statics[r])
                moved = max(moved, last_move[r])
            if moved < 1.0:  # converged below what anyone can see
                break
            step, carried = self._extrapolate(statics, before, step)
            if carried:
                last_move = [INF] * n

    def _extrapolate(self, statics: list[RowStatic], before: list[float], last: list[float]
                     ) -> tuple[list[float], bool]:
        """The round's step (every node's move, in the order of ``X``), and whether it was carried
        further.

        Where a whole branch of the family has to move, each round moves it only part of the
        way: each row follows the rows beside it, which have not moved yet (in the 404-person
        bench family the founders crept 50, 35, 25, 17 ... units a round, 0.7 of the step
        before).  So the step is carried on by the sum of the steps still to come, as the
        last two rounds' steps shrink (Aitken's extrapolation: ratio ρ, the step times
        ρ / (1 - ρ)), and each row, top to bottom, is brought back within its bounds (the
        nearest positions that keep its gaps and the separation from the rows beside it: the
        same isotonic regression as a row solve).  On the generated families of 20 to 400
        people and 1,000, five rounds get to within 12 % of the least sum of squared offsets
        of parents over children (against 27 %), and three rounds as close as five did before.
        """
        X = self.X
        step = [x - b for x, b in zip(X.values(), before, strict=True)]
        if not last:
            return step, False
        along = sum([d * e for d, e in zip(step, last, strict=True)])
        size = sum([e * e for e in last])
        ratio = min(max(along / size, 0.0), EXTRAPOLATION_RATIO) if size else 0.0
        if not ratio:
            return step, False
        further = ratio / (1.0 - ratio)
        for (v, x), d in zip(X.items(), step, strict=True):
            X[v] = x + d * further
        for st in statics:
            if not st.row:
                continue
            lo, hi = self._bounds(st)
            z = pav([X[v] - off for v, off in zip(st.row, st.offsets, strict=True)], [1.0] * len(st.row),
                    lo, hi)
            for v, zi, off in zip(st.row, z, st.offsets, strict=True):
                X[v] = zi + off
        return step, True
