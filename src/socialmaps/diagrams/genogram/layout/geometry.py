"""Step 7, geometry, and the whole layout (``layout_genogram``).

Objective: the lines as the drawing needs them (partner lines, sibship bars, descent
polylines, the lines to a child drawn under another union), with the same positions as
step 6.  A line to a child under a second union that would cross another line is given
up for a copy of that child, and the family laid out again (twice at most).
"""

from __future__ import annotations

import bisect
import copy
import functools
import itertools
from collections import Counter
from dataclasses import dataclass, field, replace

from ..family import Family
from . import bars
from .build import FamilyRows, build_graph
from .clusters import attraction_idle
from .drops import copy_cost, drop_point, listed_twice
from .early import closing_fails, flips_by_order
from .faults import axis_crossings, faults, in_birth_order, joined_twice, out_of_birth_order, union_segments
from .graph import Graph, Link, SibPos
from .household import household_together
from .known import Known, Order, OrderKey, Placed
from .links import foreseen_failures, join_chain, link_route, linked_together, route_crosses, without_repeats
from .order import Orderer, RowData, TooManyCopies, loop_budget, order_rows
from .place import Placer
from .records import GenogramLayout, LayoutOptions, UnionGeometry
from .stagger import row_spacing, settled
from .steps import implied_step_listings, without_listings
from .units import bend_to_link
from .whole import kept_whole

Point = tuple[float, float]


def layout_genogram(family: Family, options: LayoutOptions | None = None) -> GenogramLayout:
    """Lay out a genogram: rows, order and positions (see the module docstring).

    A child listed under two unions is drawn once with a line to each; where such a line
    would cross another (or put the union's children out of order), the family is laid
    out again with the order told to bring the two unions together, and kept if then
    every line is clear, nothing crosses and nobody more is drawn twice; otherwise with
    that child copied under the second union instead.

    A marriage between relatives is drawn side by side across its loop (``close_loops``);
    where the drawn lines then cross more often than ``loop_budget`` allows, or a sibship
    stands out of birth order, the family is laid out again with the loop cut by a copy (past
    ``LOOP_CLOSING_PEOPLE`` people, cut at once).

    A child listed under two unions side by side is first stood where both lines reach her
    (``LayoutOptions.clear_linked``, up to ``BEND_CHECK_PEOPLE`` people); where that layout still
    draws someone twice, a family of up to ``AS_BEFORE_PEOPLE`` is laid out as before too, and the one
    with fewer copies (then fewer partners drawn twice, then fewer couples turned round) is kept.

    Where a stepchild's listing under a parent's remarriage is reached only by a copy, or only by
    moving her out of birth order among her own siblings, that union's step listings the remarriage
    tells are left out (`steps`), the family laid out again without them, and that kept where it
    draws fewer copies, or as many and fewer sibships out of birth order (``GenogramLayout.omitted``
    names them)."""
    opt = options or LayoutOptions()
    lay = _with_copies(family, opt)
    implied = implied_step_listings(family, lay.duplicates, lay.bent)
    if not implied:
        return lay
    fewer = without_listings(family, implied)
    again = layout_genogram(fewer, opt)
    if (*copy_cost(again, fewer), len(again.bent)) < (*copy_cost(lay, family), len(lay.bent)):
        return replace(again, omitted=again.omitted | frozenset(implied))
    return lay


def _with_copies(family: Family, opt: LayoutOptions) -> GenogramLayout:
    """`layout_genogram` with every listing of the family drawn (as a line or a copy)."""
    known = Known(FamilyRows.of(family))  # (every layout below reads it: found once)
    lay, opt = _copies_tried(family, known, opt)
    return kept_whole(family, lay, opt, functools.partial(_laid_out, family, known), _in_law_cost)


def _copies_tried(family: Family, known: Known, opt: LayoutOptions) -> tuple[GenogramLayout, LayoutOptions]:
    """`_with_copies`' layout before partners drawn twice against crossings are tried kept whole,
    with the options it was made with."""
    if opt.clear_linked and len(family.people) > BEND_CHECK_PEOPLE:
        # (a deterministic budget: a family this big is laid out once, as before)
        opt = replace(opt, clear_linked=False)
    lay = _laid_out(family, known, opt)
    checked = opt.clear_linked and len(family.people) <= AS_BEFORE_PEOPLE
    if checked and lay.duplicates and listed_twice(family):
        before = _laid_out(family, known, replace(opt, clear_linked=False))
        if copy_cost(before, family) < copy_cost(lay, family):
            lay, opt = before, replace(opt, clear_linked=False)
    in_laws = opt.cut_in_laws or opt.interleave_in_laws
    if in_laws or len(family.people) > BEND_CHECK_PEOPLE or not joined_twice(family):
        return lay, opt
    # two sibships joined twice: also with the couples but one drawn with a copy, and with the
    # sibships interleaved; the fewest faults win, then the fewest partners drawn twice (a reader
    # sees two husbands; a crossing of two bars reads at once), then the earlier
    found = _in_law_cost(lay, family)
    chosen = opt
    for other in (replace(opt, cut_in_laws=True), replace(opt, interleave_in_laws=True)):
        if not found[0]:
            break
        again = _laid_out(family, known, other)
        if (fewer := _in_law_cost(again, family)) < found:
            lay, found, chosen = again, fewer, other
    return lay, chosen


def _in_law_cost(lay: GenogramLayout, family: Family) -> tuple[int, int]:
    """What `_with_copies` weighs the layouts of two sibships joined twice by: faults, then partners
    drawn twice."""
    return faults(lay, family), copy_cost(lay, family)[1]


def _laid_out(family: Family, known: Known, opt: LayoutOptions) -> GenogramLayout:
    """`layout_genogram` with the options given (see there); ``known``: what its layouts share."""
    if opt.close_loops and len(family.people) > LOOP_CLOSING_PEOPLE:
        # a deterministic budget: past this size the loops are cut at once (closing them side by
        # side was tried and given up on every family measured: 5,000 generated people, 1,984
        # crossings against a budget of 2), which spares a whole second layout
        cut = _layout_copies(family, known, replace(opt, close_loops=False))
        return replace(cut, loop_cost_known=1) if cut.related else cut
    try:
        lay = _layout_copies(family, known, opt, give_up_out_of_order=opt.close_loops)
    except _OutOfBirthOrder:
        # its order already puts a sibship out of birth order: the layout closing the loops would be
        # given up below, and is neither placed nor drawn (about half the time of a family with a
        # loop); what it would have cost is counted only when --check asks
        cut = _layout_copies(family, known, replace(opt, close_loops=False))
        return replace(cut, loop_cost_later=lambda: _loop_cost(_layout_copies(family, known, opt)))
    if not opt.close_loops or not lay.related or (
            len(axis_crossings(lay.unions)) <= loop_budget(lay.closing) and in_birth_order(lay)):
        return lay
    # closing a loop side by side would cost more crossings than a hand-drawn genogram accepts
    # (or put a sibship out of birth order): the loop is cut by a copy instead
    cut = _layout_copies(family, known, replace(opt, close_loops=False))
    return replace(cut, loop_cost_known=_loop_cost(lay))


def _loop_cost(closed: GenogramLayout) -> int:
    """What closing the loops side by side cost: its structure crossings (a sibship put out of
    birth order counts as one crossing at least: --check says a loop was cut)."""
    return max(len(axis_crossings(closed.unions)), 1)


class _OutOfBirthOrder(Exception):
    """The layout closing the loops side by side puts a sibship out of birth order, as its order
    (before placing) already shows: it would be given up for the loops cut by copies."""


def _layout_copies(family: Family, known: Known, opt: LayoutOptions, give_up_out_of_order: bool = False
                   ) -> GenogramLayout:
    """The layout with the copies the stepchildren's lines need (see layout_genogram), with the
    sibships bent where a couple could stand side by side no other way (`units._bend_for`).
    A bend changes the order the rest of the family is found in: in a family of up to
    ``BEND_CHECK_PEOPLE`` people where copies remain, the family is also laid out in birth order
    throughout, and that is kept when it has no more copies and no more couples turned round
    (bends that spare nothing are not worth their sibships' order); a bend whose moved child
    is drawn twice all the same is undone first.  Past ``BEND_PEOPLE`` people no sibship is
    bent.  ``give_up_out_of_order``: raise `_OutOfBirthOrder` where the layout returned would
    have a sibship out of birth order, as soon as its order shows it.  ``known``: what the
    family's layouts share."""
    in_birth_order = frozenset(u.id for u in family.unions)  # every sibship unbendable
    if len(family.people) > BEND_PEOPLE:
        return _layout_links(family, known, opt, in_birth_order, give_up_out_of_order).layout()
    lay = _layout_links(family, known, opt, frozenset(), give_up_out_of_order)
    if not (lay.bent and lay.copies and len(family.people) <= BEND_CHECK_PEOPLE):
        return lay.layout()
    # (the layouts compared below are placed only where their order cannot tell: see OrderedLayout)
    unbendable = lay.wasted
    # (each layout tried against `lay` is given up as soon as it has more copies than `lay`: it
    # could not win, and the rest of its order is not worked out)
    for _ in range(2):  # a bend whose moved child is drawn twice all the same is undone
        if not lay.wasted:
            break
        try:
            again = _layout_links(family, known, opt, unbendable, copies_at_most=lay.copies)
        except TooManyCopies:
            break
        if again.copies > lay.copies:
            break
        lay, unbendable = again, unbendable | again.wasted
    if lay.bent and lay.copies:
        try:
            plain = _layout_links(family, known, opt, in_birth_order, copies_at_most=lay.copies)
        except TooManyCopies:
            return lay.layout()
        if (*plain.cost(), plain.flips()) <= (*lay.cost(), lay.flips()):
            return plain.layout()
    return lay.layout()


# families past this size have their loops between relatives cut by copies without first trying
# to close them side by side (see layout_genogram): a deterministic budget.  Measured on every file
# of ../shared/data drawn whole and the benchmark's generated families: of those past 200 people
# with a marriage between relatives (208 to 1,288 people: kennedy, bourbon, the Tudors, the Bible,
# gedcom4j's sample 1, Ivar of Dublin; generated 209 to 1,003) not one kept its loops closed, and
# the try cost a whole order each (a fifth of the layout at 400 people) or a whole layout; the one
# family that kept them, Lord of the Rings, has 108 people
LOOP_CLOSING_PEOPLE = 200

# the layout standing a child listed twice clear of her other parent (`LayoutOptions.clear_linked`) is
# checked against the layout as before up to this size (a case report's family: `focus.BIG_FAMILY`), a
# deterministic budget: the check is a whole second search of the layouts, and on the 180 families
# measured where it ran (148 generated foster and blended families of up to three partners each, 19
# generated families of 20-158 people, 13 hard shapes and examples) it never drew fewer people twice;
# generated families of 88 and 113 people whose lines fail take 131 -> 97 and 116 -> 83 ms without it
AS_BEFORE_PEOPLE = 60

# the bends are checked against a layout in birth order up to this size (a deterministic budget:
# a case report's family is smaller, and a second layout doubles the time of a big one) ...
BEND_CHECK_PEOPLE = 150
# ... and made at all up to this one (a family that big is read in focus views, laid out on
# their own)
BEND_PEOPLE = 2000


def _layout_links(family: Family, known: Known, opt: LayoutOptions, unbendable: frozenset[str],
                  give_up_out_of_order: bool = False, copies_at_most: int | None = None) -> OrderedLayout:
    """The layout with the copies the stepchildren's lines need, the sibships of ``unbendable``
    kept in birth order (``give_up_out_of_order``: see `_layout_copies`).  A line rows down to a
    grandchild (`build._linked_chain`) moves its grandparents' sibship and can cost someone else
    a copy: where copies remain, the line is also tried from beside the grandchild's parent, and
    the grandchild copied instead; the fewest copies win (then the fewest partners drawn twice:
    "a reader sees two fathers").  ``copies_at_most``: raise `TooManyCopies` where the layout's
    first order has more copies than that (`drew_more`); each other try, from beside the parent or
    with the grandchild copied, is given up the same way against the fewest copies found so far."""
    lay = _links_laid(family, known, opt, unbendable, frozenset(), frozenset(), give_up_out_of_order,
                      copies_at_most)
    if not lay.tried or not lay.copies:
        return lay
    best = lay
    for copied, beside in ((frozenset(), lay.tried), (lay.tried, frozenset())):
        try:
            other = _links_laid(family, known, opt, unbendable, copied, beside, copies_at_most=best.copies)
        except TooManyCopies:
            continue
        if other.cost() < best.cost():
            best = other
    return best


# past this size (a case report's family: `focus.BIG_FAMILY`) `_links_laid` spares its two tries
# where lines fail (the unions drawn towards the child; the child moved to the end of her sibship),
# a deterministic budget of a whole order each: of the 62 layouts measured past this size whose lines
# failed (generated families of 61 to 1,200 people, the data files drawn whole, the examples, test
# families and hard shapes), they drew fewer copies once: 79 instead of 80 of 977 generated people.
# The benchmark's family of 88 people takes 22 -> 17 ms in pure Python.  In smaller families they
# spare the client a copy (a grandchild the grandparents adopted, moved to the end of her sibship).
# (Below `BEND_PEOPLE`: a family that may bend a sibship may try the child moved.)
TRIES_PEOPLE = 60


def _links_laid(family: Family, known: Known, opt: LayoutOptions, unbendable: frozenset[str],
                copied: frozenset[tuple[str, str]], beside: frozenset[tuple[str, str]],
                give_up_out_of_order: bool = False, copies_at_most: int | None = None) -> OrderedLayout:
    """The layout with the copies the stepchildren's lines need (and those of ``copied``), the
    sibships of ``unbendable`` kept in birth order, the lines to grandchildren of ``beside``
    leaving from beside their parent.

    Where a line to a child under a second union fails, the family is laid out again with the
    order told to bring the two unions together; where it still fails, the children whose lines
    fail are copied, unless moving each to the end of its sibship facing the other union
    (`units.bend_to_link`) draws fewer copies; in a family of more than ``TRIES_PEOPLE``, they are
    copied at once.  ``copies_at_most``: see `_layout_links`."""
    lay = _layout_once(family, known, opt, copied, unbendable=unbendable, beside=beside,
                       give_up_out_of_order=give_up_out_of_order, copies_at_most=copies_at_most)
    if drew_more(lay.copies, copies_at_most):
        raise TooManyCopies
    tried = lay.chains()
    failed = lay.failed()
    if not failed:
        return lay
    crossed = lay.crossed
    bent = None
    if len(family.people) <= TRIES_PEOPLE:
        again = _layout_once(family, known, opt, copied, attract=failed, unbendable=unbendable, beside=beside)
        # (the order's counts first: `failed` places the layout)
        if again.crossed <= lay.crossed and again.copies <= lay.copies and not again.failed():
            return again
        bent = _bent_to_link(family, known, opt, lay, failed, copied, unbendable, beside)
    rounds = 0
    while failed:
        copied |= failed
        rounds += 1
        if rounds == 2:
            # bounded work: failures again copy every child listed twice (no line is left to fail)
            copied |= {(u.id, c) for u in family.unions for c in u.children}
        lay = _layout_once(family, known, opt, copied, unbendable=unbendable, beside=beside)
        failed = lay.failed()
    lay.tried = tried  # (the lines to grandchildren tried, drawn or not)
    if len(family.people) <= BEND_CHECK_PEOPLE:
        lay = _uncopied(lay, copied)
    if bent is not None and bent.crossed <= crossed and bent.cost() < lay.cost() and not bent.failed():
        return bent
    return lay


def _bent_to_link(family: Family, known: Known, opt: LayoutOptions, lay: OrderedLayout,
                  failed: frozenset[tuple[str, str]], copied: frozenset[tuple[str, str]],
                  unbendable: frozenset[str], beside: frozenset[tuple[str, str]]) -> OrderedLayout:
    """``lay`` laid out again with each child whose line failed moved to the end of its sibship
    facing the other union (`units.bend_to_link`), the unions drawn towards her."""
    sides = lay.sides()  # (where the order does not show them, placing does)
    if sides is None:
        placed = lay.layout()
        sides = {(uid, child): placed.unions[uid].mid[0] > placed.positions[child][0]
                 for uid, child in failed if uid in placed.unions and child in placed.positions}
    toward = frozenset((child, right) for (_, child), right in sides.items())
    return _layout_once(family, known, opt, copied, attract=failed, unbendable=unbendable, beside=beside,
                        toward=toward)


def drew_more(copies: int, copies_at_most: int | None) -> bool:
    """Whether `_links_laid` gives up a layout whose first order draws ``copies`` people twice, where
    the layout it is tried against draws ``copies_at_most``: a deterministic shortcut.  Its lines that
    fail would only add copies; only its other tries (the unions drawn towards the child, the child
    moved to the end of its sibship) could draw fewer, and on the 921 families measured (the 407
    renders of the examples, the hard shapes, the generated families of 20 to 1,000 people and the
    data files; 514 more generated: every even size of the benchmark's families from 10 to 400, 150
    random families, the compact shapes, the in-law exchanges, 60 tangled families) none ever did:
    the drawings are the same, and the benchmark's family of 70 people takes 46 -> 36 ms (pure
    Python)."""
    return copies_at_most is not None and copies > copies_at_most


def _uncopied(lay: OrderedLayout, copied: frozenset[tuple[str, str]]) -> OrderedLayout:
    """The layout with each copy of a child under a second union (`build._child_copy`) taken out
    again and the child reached by a line instead, where in this layout's order that line now
    fails nothing, crosses nothing more and keeps every sibship in birth order: the order found
    while the line was drawn (it held the two unions together) may have cost others their
    places, the order found with the copy may not need it once the child stands clear of her
    other parent (`drops.linked_drop_edges`)."""
    measured: tuple[int, int] | None = None  # the layout's crossings and children out of order, once asked
    if lay.chains():
        lay.layout()  # (placing a line down a chain may bend a sibship: `_layout_copies` reads the bends)
    for uid, child in sorted(copied):
        cid = f"{child}#{uid}"
        if cid not in lay.graph.copies:
            continue
        trial = _without_copy(lay, uid, child)
        if trial is None or trial.failed():
            continue
        if measured is None:
            # (placed only here: where every trial's line fails, the layout may be given up unplaced)
            placed = lay.layout()
            measured = len(axis_crossings(placed.unions)), out_of_birth_order(placed, lay.family)
        crossed, out_of_order = measured
        again = trial.layout()
        # (birth order as the family lists it: a line reaching a child from beside a sibship it
        # is listed in the middle of keeps the drawn sibship's order, not the family's)
        if len(axis_crossings(again.unions)) > crossed or \
                out_of_birth_order(again, lay.family) > out_of_order:
            continue
        lay = trial
    return lay


def _without_copy(lay: OrderedLayout, uid: str, child: str) -> OrderedLayout | None:
    """`lay` with the copy of `child` in `uid`'s sibship taken out and a line from `uid` to the
    child instead, in the same order (None where the copy stands in a unit with others: a
    married copy, or a grandchild's).  Placed as `LayoutOptions.clear_linked` places (see there)."""
    cid = f"{child}#{uid}"
    row = lay.graph.nodes[cid].row
    data = lay.rows[row]
    at = next((k for k, unit in enumerate(data.units) if cid in unit), None)
    if at is None or data.units[at] != [cid]:
        return None
    if cid not in lay.graph.unions[uid].children:
        return None  # a grandchild's copy down a line through the rows between (`build._child_copy`)
    # a copy of the graph sharing what neither this nor placing changes (placing adds to the bends
    # alone: `links.join_chain`); a deep copy cost as much as the rest of the trial but placing
    was = lay.graph
    graph = copy.copy(was)
    children = was.unions[uid].children
    before = children.index(cid)
    union = replace(was.unions[uid], children=[c for c in children if c != cid])
    graph.unions = {**was.unions, uid: union}
    graph.nodes = {v: node for v, node in was.nodes.items() if v != cid}
    graph.copies = {v: of for v, of in was.copies.items() if v != cid}
    graph.sib_pos = {v: at for v, at in was.sib_pos.items() if v != cid}
    for i, c in enumerate(union.children):
        graph.sib_pos[c] = SibPos(uid, i, len(union.children))
    graph.twin_pairs = {pair for pair in was.twin_pairs if cid not in pair}
    graph.links = [*was.links, Link(uid, child, before)]
    graph.bent = dict(was.bent)
    clusters = [replace(cl, units=[ui for ui in cl.units if ui != at]) for cl in data.clusters]
    order = [ci for ci in data.order if clusters[ci].units]
    rows = list(lay.rows)
    rows[row] = RowData(data.units, clusters, order)
    # (placed as `LayoutOptions.clear_linked` places, whichever layout this is: the child clear of
    # her other parent, the drop over her)
    opt = replace(lay.opt, clear_linked=True)
    return OrderedLayout(lay.family, opt, graph, rows, lay.wasted, lay.crossed, known=lay.known)


@dataclass
class OrderedLayout:
    """One layout as far as its order (`_layout_once`): what `_layout_copies` and `_layout_links`
    choose between.  It is placed and its lines drawn (`_placed`) only when asked for the layout,
    or for what only the positions tell: the links that failed (there are none without links),
    the couples turned round (read off the order where each couple stands in one row: placing
    keeps each row's order)."""

    family: Family
    opt: LayoutOptions
    graph: Graph
    rows: list[RowData]
    wasted: frozenset[str]  # bends whose moved child is drawn twice all the same
    crossed: int  # the crossings of the order (a line to an attracted child from the wrong side: one)
    done: Placed | None = None
    # (union, child) of the lines to grandchildren tried in this layout's first try, drawn or not
    tried: frozenset[tuple[str, str]] = frozenset()
    # what the family's layouts share (their placings: one placed is placed for all of the same
    # content); None: placed on its own
    known: Known | None = None
    # `sides`, worked out once (when ``looked``)
    foreseen: dict[tuple[str, str], bool] | None = None
    looked: bool = False

    @property
    def bent(self) -> bool:
        return bool(self.graph.bent)

    @property
    def copies(self) -> int:
        return len(self.graph.copies)

    def chains(self) -> frozenset[tuple[str, str]]:
        """(union, child) of the lines down a chain of pass-through points to a grandchild."""
        graph = self.graph
        return frozenset((graph.via[end], child) for end, child, _ in graph.links if end in graph.via)

    def cost(self) -> tuple[int, int]:
        """How many people the layout draws twice, and how many of them for a partner."""
        return self.copies, sum(c.endswith("#partner") for c in self.graph.copies)

    def layout(self) -> GenogramLayout:
        if self.done is None:
            if self.known is None:
                self.done = _placed(self.graph, self.rows, self.opt, self.wasted)
            else:
                self.done = self.known.placed(self.graph, self.rows, self.opt, self.wasted, _placed)
        return self.done[0]

    def failed(self) -> frozenset[tuple[str, str]]:
        """The lines to a child under a second union that would cross another, to be copied (not
        placed to find out where the order shows it: `sides`)."""
        if not self.graph.links:
            return frozenset()
        if self.done is None and (sure := self.sides()) is not None:
            return frozenset(sure)
        self.layout()
        assert self.done is not None
        return self.done[1]

    def sides(self) -> dict[tuple[str, str], bool] | None:
        """Where the order shows that every line would fail (`links.foreseen_failures`), whether each
        line's union stands right of its child; None where placing tells."""
        if not self.looked:
            self.foreseen, self.looked = foreseen_failures(self.graph, self.rows), True
        return self.foreseen

    def flips(self) -> int:
        """How many couples stand turned round (`quality.partner_flips`)."""
        found = flips_by_order(self.graph, self.rows, self.family)
        if found is None:
            # (imported here: the quality measures read a layout, this package's answer)
            from ..quality import partner_flips

            return len(partner_flips(self.layout(), self.family))
        return found


def _layout_once(family: Family, known: Known, opt: LayoutOptions, copied: frozenset[tuple[str, str]],
                 attract: frozenset[tuple[str, str]] = frozenset(),
                 unbendable: frozenset[str] = frozenset(), give_up_out_of_order: bool = False,
                 beside: frozenset[tuple[str, str]] = frozenset(),
                 toward: frozenset[tuple[str, bool]] = frozenset(),
                 copies_at_most: int | None = None) -> OrderedLayout:
    """One layout with the children of ``copied`` pairs copied, the unions of ``attract``
    pairs drawn towards their child, the sibships of ``unbendable`` in birth order, as far as
    its order (placed when asked: see `OrderedLayout`).  ``give_up_out_of_order``: see
    `_layout_copies` (this is the first layout it makes).  ``copies_at_most``: raise `TooManyCopies`
    as soon as the order has more copies than that, where the family has no line to a child under a
    second union (`_links_laid` and `_layout_links` then return this layout as it is; where it has
    one, the order is finished, and `_links_laid` gives the layout up if it has more: `drew_more`)."""
    key = OrderKey(replace(opt, clear_linked=False), copied, attract, unbendable, beside, toward,
                   give_up_out_of_order, copies_at_most)
    made = _order_of(family, known, opt, key)
    return OrderedLayout(family, opt, made.graph_for(opt), made.rows, made.wasted, made.crossed, known=known)


def _order_of(family: Family, known: Known, opt: LayoutOptions, key: OrderKey) -> Order:
    """The order ``key`` says, made once (`_ordered`).  One made where it could be given up (``key``'s
    ``give_up_out_of_order``, ``copies_at_most``: they only raise) and was not is the order made
    where it could not: it is kept for that too."""
    made = known.made(key)
    if made is None:
        made = known.orders[key] = _ordered(family, known, opt, key)
        known.orders.setdefault(key._replace(give_up_out_of_order=False, copies_at_most=None), made)
    return made


def _ordered(family: Family, known: Known, opt: LayoutOptions, key: OrderKey) -> Order:
    """`_layout_once`'s order, made (``key``: what of); or, where a part of ``key`` changes nothing the
    order reads (unions drawn towards children that change no cluster, lines to grandchildren that
    move nobody, children tried at the end of their sibship that do not move), the order made without
    that part (what `_links_laid`'s tries mostly are)."""
    copied, attract, unbendable, beside = key.copied, key.attract, key.unbendable, key.beside
    if attract and not key.toward:
        # (asked for where the order without them was made first: `_links_laid`)
        plain = known.orders.get(key._replace(attract=frozenset()))
        if plain is not None and attraction_idle(plain.graph, attract):
            return plain
    graph = build_graph(known.rows, opt, copied, beside)
    if beside and _same_sibships(graph, build_graph(known.rows, opt, copied)):
        # no line to a grandchild moved (each already left from beside her parent): the graph, and so
        # the order, is the one made without them
        return _order_of(family, known, opt, key._replace(beside=frozenset()))
    graph.close_loops = opt.close_loops
    graph.cut_in_laws = opt.cut_in_laws
    graph.interleave_in_laws = opt.interleave_in_laws
    graph.keep_whole = opt.keep_whole
    graph.attract = attract
    graph.unbendable = unbendable
    turned = [bend_to_link(graph, child, to_right) for child, to_right in sorted(key.toward)]  # (_links_laid)
    if key.toward and not any(turned) and (unmoved := _order_unmoved(family, known, opt, key, graph)):
        return unmoved
    rows = order_rows(graph, opt, None if graph.links else key.copies_at_most)
    wasted = frozenset(uid for uid, moved in graph.bent.items()
                       if any(f"{m}#partner" in graph.nodes for m in moved))
    household_together(rows, graph)
    # (the unions between relatives are found once per graph, and the layout reads them anyway)
    crossed = Orderer(rows, graph).total()
    if key.give_up_out_of_order and graph.related_unions() and \
            _returned_as_is(graph, len(family.people)) and closing_fails(graph, rows, crossed):
        raise _OutOfBirthOrder
    return Order(graph, rows, wasted, crossed)


def _same_sibships(graph: Graph, other: Graph) -> bool:
    """Whether every union of two graphs built of one family has its drawn children in the same order
    (the lines to grandchildren of ``build_graph``'s ``beside`` change nothing else)."""
    return all(union.children == other.unions[uid].children for uid, union in graph.unions.items())


def _order_unmoved(family: Family, known: Known, opt: LayoutOptions, key: OrderKey, graph: Graph
                   ) -> Order | None:
    """The order of ``key`` where none of the children of ``key.toward`` moved (`bend_to_link`; a family
    with a marriage between relatives, sibships kept in birth order): the order made without them,
    of the same graph.  Trying them may have found two caches of ``graph``, each found once, when
    first asked; from ``graph`` the order (and the placing) would read them as found then.  None
    where the order without them read them otherwise (found later, after copies): the unions between
    relatives (`Graph.related_unions`: read by placing too, so found now where that order did not
    ask), and what keeps a sibship's order (`Graph.order_locks`: read by the order alone)."""
    made = _order_of(family, known, opt, key._replace(toward=frozenset()))
    return made if graph.caches_agree(made.graph) else None


def _placed(graph: Graph, rows: list[RowData], opt: LayoutOptions, wasted: frozenset[str]
            ) -> tuple[GenogramLayout, frozenset[tuple[str, str]]]:
    """The ordered layout placed, and its lines: the layout, and the links that failed (see
    `_join_links`)."""
    placer = Placer(graph, rows, opt)
    placer.run()
    staggered = settled(graph, placer.row_nodes, placer.X, placer.staggered, opt)
    gaps, drops = row_spacing(graph, staggered.lowered, opt)

    nodes, at = graph.nodes, placer.X
    visible = [v for v, node in nodes.items() if node.kind != "virtual"]
    by_id = sorted(visible)  # (what the layout lists, in id order: sorted once)
    left = min((at[v] - node.width / 2 for v, node in nodes.items()), default=0.0)
    right = max((at[v] + node.width / 2 for v, node in nodes.items()), default=0.0)
    frame = _Frame(graph, placer, opt, left, gaps, tuple(itertools.accumulate(gaps[:-1], initial=0.0)))
    xs, ys = frame.xs, frame.ys
    positions = {v: (xs[v], ys[nodes[v].row]) for v in by_id}
    row_lists: list[list[str]] = [[] for _ in range(graph.n_rows)]
    # each row left to right (by x, then id: `by_id` is in id order, and the sort is stable)
    for v in sorted(by_id, key=xs.__getitem__):
        row_lists[nodes[v].row].append(v)
    # x along each row, nondecreasing: who stands under a partner line is a slice of the row
    row_xs = [[xs[v] for v in row] for row in row_lists]
    unions = {uid: _union_geometry(frame, uid, row_lists, row_xs)
              for uid in sorted(graph.unions) if graph.unions[uid].real}
    _keep_runs_apart(frame, unions, row_lists, row_xs)
    failed = _join_links(graph, unions, positions, opt, frame)
    return GenogramLayout(
        positions=positions,
        generation={v: nodes[v].row for v in by_id},
        widths={v: nodes[v].core if v in staggered.close else nodes[v].width for v in by_id},
        unions=unions,
        duplicates={c: o for c, o in sorted(graph.copies.items())},
        rows=row_lists,
        row_gap=opt.row_gap,
        width=round(right - left, 3),
        height=frame.y(graph.n_rows - 1) if graph.n_rows else 0.0,
        row_ys=frame.ys,
        row_gaps=gaps,
        slots=frozenset(v for v in visible if graph.nodes[v].kind == "slot"),
        related=graph.related_unions(),
        closing=len(graph.closing),
        bent=frozenset(graph.bent),
        wasted_bends=wasted,
        lowered=staggered.lowered,
        label_drop=opt.stagger_drop if staggered.lowered else 0.0,
        label_drops=drops if staggered.lowered else (),
    ), failed


def _returned_as_is(graph: Graph, people: int) -> bool:
    """Whether `_layout_copies` returns the first layout it makes, told by that layout's order:
    no line to a child under a second union can fail (there is none), and no bend is checked
    against a layout in birth order (see `_layout_copies`)."""
    return not graph.links and (people > BEND_PEOPLE or not (
        graph.bent and graph.copies and people <= BEND_CHECK_PEOPLE))


@dataclass
class _Frame:
    """Step 4's positions as drawn: x shifted so that the leftmost box starts at 0, y by row."""

    graph: Graph
    placer: Placer
    opt: LayoutOptions
    left: float
    gaps: tuple[float, ...]  # from each row down to the next
    ys: tuple[float, ...]  # each row's y
    # every node's x, shifted and rounded once (the lines read each several times)
    xs: dict[str, float] = field(init=False)
    # the children a line from a second union beside theirs reaches (`_join_links`): that union
    linked: dict[str, str] = field(init=False)

    def __post_init__(self) -> None:
        left = self.left
        self.xs = {v: round(x - left, 3) for v, x in self.placer.X.items()}
        via = self.graph.via
        self.linked = {link.child: link.union for link in self.graph.links if link.union not in via}

    @functools.cached_property
    def shared_gaps(self) -> Counter[tuple[str, str]]:
        """How many unions' descents leave between each two neighbours (`drops.drop_point`)."""
        return Counter((gap[0], gap[1]) for gap in self.placer.gap.values())

    def x(self, v: str) -> float:
        return self.xs[v]

    def y(self, row: int) -> float:
        return self.ys[row]

    def between(self, row: int) -> float:
        """The y halfway between `row` and the row under it (where its sibship bars run)."""
        return self.ys[row] + self.gaps[row] / 2


def _descent(frame: _Frame, mid: Point, bar_y: float, child: str) -> tuple[str, tuple[Point, ...]]:
    """The line from a union's descent point down to the bar, along it and down to the child
    (through the pass-through points of the rows it skips); the child's node and the line."""
    graph, opt, xs = frame.graph, frame.opt, frame.xs
    mx, y = mid
    node = child
    drawn = graph.nodes[node]
    if drawn.kind != "virtual":  # (most children: straight down to the bar, along and down)
        cx = xs[node]
        top = frame.ys[drawn.row] - opt.symbol_size / 2
        return node, without_repeats([mid, (mx, bar_y), (cx, bar_y), (cx, top)])
    path = [(mx, y), (mx, bar_y)]
    while drawn.kind == "virtual":
        vx = xs[node]
        below = graph.passed_to(node)
        if not below:
            # the end of a chain to a linked child rows down: `_join_links` draws on from here
            return node, without_repeats([*path, (vx, path[-1][1])])
        vbar = frame.between(drawn.row)
        path += [(vx, path[-1][1]), (vx, vbar)]
        node = below[0]
        drawn = graph.nodes[node]
    cx = xs[node]
    path += [(cx, path[-1][1]), (cx, frame.y(drawn.row) - opt.symbol_size / 2)]
    return node, without_repeats(path)


def _keep_runs_apart(frame: _Frame, unions: dict[str, UnionGeometry], row_lists: list[list[str]],
                     row_xs: list[list[float]]) -> None:
    """Runs of two unions' lines that share a stretch of one height go apart (`bars.levels`): the one
    meeting the most others stays, each it meets goes a step down per level, into the room over the
    children's symbols (raised instead, a bar ran into the labels of the row over it: the row gap
    keeps just its padding between them and the bars).  A bar goes down with its descents; the turn
    of a line passing through a row, alone."""
    opt, graph = frame.opt, frame.graph
    step = 1.5 * opt.bar_margin
    rows = {frame.between(r): r for r in range(graph.n_rows - 1)}
    turns: dict[str, dict[float, float]] = {}
    for (uid, y), level in sorted(bars.levels(bars.spans(unions)).items()):
        row = rows.get(y)
        if not level or row is None:
            continue  # (at the row's bar height, or off every row's: it stays)
        room = frame.y(row + 1) - opt.symbol_size / 2 - opt.bar_margin - y
        drop = min(level * step, max(room, 0.0))
        if y == unions[uid].bar_y:
            unions[uid] = _union_geometry(frame, uid, row_lists, row_xs, drop=drop)
        else:
            turns.setdefault(uid, {})[y] = y + drop
    for uid, moved in turns.items():
        geo = unions[uid]
        geo.descents = {node: tuple([(x, moved.get(y, y)) for x, y in path])
                        for node, path in geo.descents.items()}


def _union_geometry(frame: _Frame, uid: str, row_lists: list[list[str]],
                    row_xs: list[list[float]], drop: float = 0.0) -> UnionGeometry:
    """A union's partner line, sibship bar (``drop`` under the row's bar height) and descent lines."""
    u = frame.graph.unions[uid]
    at = frame.xs
    partners = tuple(sorted(u.partners, key=at.__getitem__)) if len(u.partners) > 1 else tuple(u.partners)
    y = frame.ys[u.row]
    mx = round(frame.placer.mid(uid) - frame.left, 3)
    if len(partners) > 1 and u.children:  # (the drop moves only under a couple with children)
        mx = drop_point(frame, uid, mx)
    descents: dict[str, tuple[Point, ...]] = {}
    bar_y = bar_x1 = bar_x2 = None
    if u.children:
        bar_y = frame.between(u.row) + drop
        xs = [at[c] for c in u.children]
        xs.append(mx)
        bar_x1, bar_x2 = min(xs), max(xs)
        mid = (mx, y)
        for c in u.children:
            node, path = _descent(frame, mid, bar_y, c)
            descents[node] = path
    x1, x2 = at[partners[0]], at[partners[-1]]  # (the partners stand sorted by x)
    # the nodes strictly between the partners' x
    xs_row = row_xs[u.row]
    over = tuple(row_lists[u.row][bisect.bisect_right(xs_row, x1):bisect.bisect_left(xs_row, x2)]) \
        if x1 < x2 else ()
    return UnionGeometry(uid, partners, y, x1, x2, (mx, y), bar_y, bar_x1, bar_x2, tuple(descents),
                         descents, over)


def _join_links(graph: Graph, unions: dict[str, UnionGeometry], positions: dict[str, tuple[float, float]],
                opt: LayoutOptions, frame: _Frame) -> frozenset[tuple[str, str]]:
    """Draw the line from a second union to a child drawn under its first (a stepchild under
    the mother's first marriage, a foster child at the birth parents'); returns the links
    that would cross a line or break the union's birth order, to be copied instead.

    The line leaves the union's descent point, runs just above the sibship bars (below every label of
    the row) and drops onto the child's symbol beside its first line, on the union's side (`link_route`).
    """
    failed: set[tuple[str, str]] = set()
    if not graph.links:
        return frozenset()
    lines = [(p, q) for geo in unions.values() for p, q in union_segments(geo)]
    together = linked_together(graph)
    joined: dict[str, list[int]] = {}  # union -> the `before` of each line joined to it (in listing order)
    for uid, child, listed_before in graph.links:
        before = listed_before + sum(1 for b in joined.get(uid, ()) if b <= listed_before)
        if uid in graph.via:
            group = together[(uid, graph.nodes[child].parent)]
            if child == group[0]:  # (brothers and sisters down one chain: joined with the first)
                run_y = frame.between(graph.unions[uid].row) - 0.6 * opt.bar_margin
                if not join_chain(graph, unions, positions, opt.symbol_size, run_y, uid, group, lines):
                    failed.update((graph.via[uid], c) for c in group)
            continue
        geo = unions[uid]
        cx, cy = positions[child]
        route, clear_of = link_route(graph, unions, together, uid, child, (cx, cy), opt.symbol_size, lines,
                                     frame.between(graph.unions[uid].row) - 0.6 * opt.bar_margin,
                                     opt.past_siblings)
        # (with `LayoutOptions.past_siblings`, the joined brothers and sisters it is listed next to
        # do not count: it stands beside them)
        among = len(geo.children) - len(joined.get(uid, ())) if opt.past_siblings else len(geo.children)
        if 0 < (listed_before if opt.past_siblings else before) < among:
            # listed among this union's children but drawn in another sibship: the line reaches
            # it from beside them (it stands left or right of all of them, or it fails below)
            # (a line to a grandchild not yet drawn ends at a pass-through point: no position)
            before = 0 if all(cx < positions[c][0] for c in geo.children if c in positions) \
                else len(geo.children)
        children = [*geo.children[:before], child, *geo.children[before:]]
        xs = [positions[c][0] for c in children if c in positions]
        if any(b <= a for a, b in itertools.pairwise(xs)) or route_crosses(route, clear_of):
            failed.add((uid, child))
            continue
        geo.children = tuple(children)
        geo.descents[child] = route
        lines.extend(itertools.pairwise(route))
        joined.setdefault(uid, []).append(listed_before)
    return frozenset(failed)
