"""The layout's options and its answer: what the drawing reads (see docs/genogram-layout.md).

``LayoutOptions`` holds the spacing in user units; ``GenogramLayout`` every drawn node's
centre and row, every union's partner line, sibship bar and descent lines, and the copies.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Callable
from dataclasses import dataclass, field

INF = math.inf


@dataclass(frozen=True)
class LayoutOptions:
    """Spacing of the layout, in user units."""

    row_gap: float = 120.0  # distance between generation rows
    partner_gap: float = 30.0  # free room between two partners' boxes (room for the partner line)
    sibling_gap: float = 20.0  # free room between neighbours of one family cluster
    cluster_gap: float = 40.0  # free room between unrelated clusters of a row
    symbol_size: float = 40.0  # descent lines end at y - symbol_size / 2
    bar_margin: float = 10.0  # room between the sibship bars of two unions
    virtual_width: float = 10.0  # room for a line passing through a row
    # a row packed wider than this sets neighbours closer than their labels, the labels at
    # alternate depths (see stagger; 0: never) ...
    stagger_width: float = 0.0
    # ... a lowered label that much lower, and the rows then this far apart
    stagger_drop: float = 0.0
    stagger_row_gap: float = 0.0
    # each person's labels' depth under their symbol's centre (person id, depth): given, the gap
    # under a row is found from that row's deepest labels (`stagger.row_spacing`: at least
    # `row_gap_least`, twice the depth plus `row_gap_pad`; a deep gap's plus `stagger_drop` and
    # `stagger_pad`), not every gap from the family's deepest (a grandmother's two conditions
    # under her name set every row of five generations apart by them); else ``row_gap`` and
    # ``stagger_row_gap``
    label_depths: tuple[tuple[str, float], ...] = ()
    row_gap_least: float = 0.0
    row_gap_pad: float = 0.0
    stagger_pad: float = 0.0
    # the pairs of people joined by emotional relationship lines: where a row is staggered, every
    # gap such a line may run in (from the gap over the upper one's row to the gap under the lower
    # one's) is as deep as a staggered row's (the lines run between the rows: in twelve generated
    # families with ten lines each, rows deepened only under a staggered one had 19 lines cross a
    # name against 15); the other gaps keep theirs (every gap was deepened: a great-grandparents'
    # row over a child client's crowded row stood two plain gaps higher, over empty space)
    lines_between: tuple[tuple[str, str], ...] = ()
    sweeps: int = 4  # ordering sweeps (barycentre down and up)
    # x optimisation rounds (each one up and one down, see Placer.run): those that hold siblings close,
    # then those that centre each family over its children
    compacting_rounds: int = 2
    placement_rounds: int = 3
    stretch: float = 0.5  # how readily a partner line lengthens to centre the children
    cohesion: float = 0.5  # how strongly a childless sibling keeps close to its siblings
    kin_cohesion: float = 1.0  # the same for a sibling with children in the first, compacting
    # rounds of the placement (none in the later ones), as a part of cohesion
    # a marriage between relatives closes its loop with the couple side by side and a crossing or
    # two (see units._closing_couple); off, such a loop is cut by a copy as any other crossing
    close_loops: bool = True
    flip_trials: int = 4  # units turned round on trial against crossings, before copying (fewer
    # past 150 nodes, as each trial orders the whole family again)
    # a child listed under two unions side by side (a stepdaughter in her father's second
    # marriage) stands clear of her parents' other partner and their descent comes down over
    # her, so that the second union's line reaches her without a crossing (`place`,
    # `drops.drop_point`); off, the layout as before, which `layout_genogram` keeps
    # where it draws fewer people twice
    clear_linked: bool = True
    # two sibships joined by two marriages or more (two brothers who marry two sisters): every
    # couple but one that can stand where the two sibships meet has a partner drawn twice, each
    # sibship in birth order (`units.cut_in_laws`); off, the couples stand side by side and the
    # sibships bend and cross round them ...
    cut_in_laws: bool = False
    # ... or, on, the couples stand side by side and the two sibships interleave, each in birth
    # order, their bars one over the other (a1 a2 [a3 b1] b2 [a4 b3] b4: one crossing, nobody
    # drawn twice; `units._closing_couple`, `order._interleave`); `layout_genogram` keeps the
    # one of the three with the fewest faults
    interleave_in_laws: bool = False
    # people the order may not draw twice to cut a crossing (`order.Orderer.culprits`): a partner
    # it drew twice where the crossing needed another cut is tried kept whole (`whole.kept_whole`)
    keep_whole: frozenset[str] = frozenset()
    # a line to brothers and sisters fostered together may cross the lines down to their brothers and
    # sisters between them and the union it comes from (an aunt fostering the elder two of her sister's
    # three children, beside the youngest): on where the children living with the client are laid out
    # under their birth parents rather than at home (`links.link_route`, `place._at_home_or_away`)
    past_siblings: bool = False


@dataclass
class UnionGeometry:
    id: str
    partners: tuple[str, ...]
    y: float
    x1: float
    x2: float
    mid: tuple[float, float]
    bar_y: float | None
    bar_x1: float | None
    bar_x2: float | None
    children: tuple[str, ...]
    descents: dict[str, tuple[tuple[float, float], ...]]
    over: tuple[str, ...] = ()  # nodes the partner line passes over (other partners of a hub)


@dataclass
class GenogramLayout:
    positions: dict[str, tuple[float, float]]
    generation: dict[str, int]
    widths: dict[str, float]
    unions: dict[str, UnionGeometry]
    duplicates: dict[str, str]
    rows: list[list[str]]
    row_gap: float
    width: float
    height: float
    slots: frozenset[str] = field(default_factory=frozenset)
    related: frozenset[str] = frozenset()  # unions whose partners share an ancestor
    closing: int = 0  # couples drawn side by side across a loop (units._closing_couple)
    # the structure crossings closing the loops side by side would have cost, where they were
    # cut by copies instead (0 where they were closed, or the family has none); see loop_cost
    loop_cost_known: int = 0
    # ... or how to count them, where the side-by-side layout was given up before it was placed
    # (``geometry._OutOfBirthOrder``): counted only when asked for (--check), not to draw
    loop_cost_later: Callable[[], int] | None = field(default=None, repr=False, compare=False)
    # the unions whose children stand out of birth order, a married child moved next to their
    # partner rather than drawn twice (units._bent_sibships)
    bent: frozenset[str] = frozenset()
    # bends that spared no copy (the child moved is drawn twice all the same), undone in a family
    # small enough to lay out again (geometry._layout_copies)
    wasted_bends: frozenset[str] = frozenset()
    # people whose labels stand ``label_drop`` lower, between their neighbours' (layout.stagger);
    # ``label_drops``, where given, that much per row instead
    lowered: frozenset[str] = frozenset()
    label_drop: float = 0.0
    label_drops: tuple[float, ...] = ()
    # each row's y, and the gap from it down to the next (deeper under a row of staggered labels);
    # empty in a layout made by hand: rows ``row_gap`` apart
    row_ys: tuple[float, ...] = ()
    row_gaps: tuple[float, ...] = ()
    # (union, child) listings of stepchildren the layout leaves out, their parent's remarriage
    # telling them (steps.implied_step_listings): the drawing leaves their lines out too
    omitted: frozenset[tuple[str, str]] = frozenset()

    @property
    def loop_cost(self) -> int:
        if self.loop_cost_later is not None:
            self.loop_cost_known, self.loop_cost_later = self.loop_cost_later(), None
        return self.loop_cost_known

    def row_y(self, row: int) -> float:
        return self.row_ys[row] if self.row_ys else row * self.row_gap

    def row_at(self, y: float) -> int:
        """The row whose gap (from its y down to the next row's) holds `y`; -1 above row 0."""
        if not self.row_ys:
            return int(y // self.row_gap)
        return bisect.bisect_right(self.row_ys, y) - 1
