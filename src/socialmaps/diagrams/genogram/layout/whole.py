"""Partners drawn twice to cut a crossing, tried kept whole.

Where lines still cross, the order cuts a join next to each crossing with a copy
(`order.Orderer.culprits`): the partner nearest the crossing is drawn twice.  The nearest
is not always the one whose copy clears it: in kinship2's sample.ped two brothers married
two sisters, and the order first drew a third brother's wife twice, beside her husband and
under her parents, before it cut one of the two couples; her copy cleared nothing the
second cut did not (that one is now cut first: `order.Orderer._joins_twice`).  So, in a family
small enough (a case report's), each partner in a marriage between relatives that the layout drew
twice is tried kept whole, the order told to cut elsewhere, and that layout kept where it has fewer
faults, or as many and fewer partners drawn twice: the loop closed by a crossing, which the checker
excuses there as it excuses the copy (Madeline's uncle married to his niece with a second wife; J. S.
Bach and his cousin).  Partners drawn twice elsewhere are not tried: in a family with no loop a
crossing is as much a fault as a copy, and the tries would only cost time.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from ..family import Family
from .records import GenogramLayout, LayoutOptions

# the families whose partners drawn twice are tried kept whole, one layout each (a deterministic
# budget: a case report's family, as the other tries of `geometry._links_laid`)
WHOLE_PEOPLE = 60

COPY_MARK = "#partner"  # the end of a partner copy's id (`graph.Graph.detach`)


def kept_whole(family: Family, lay: GenogramLayout, opt: LayoutOptions,
               lay_out: Callable[[LayoutOptions], GenogramLayout],
               cost: Callable[[GenogramLayout, Family], tuple[int, int]]) -> GenogramLayout:
    """``lay`` (made with ``opt``), or the layout with one of its partners drawn twice kept whole
    where ``cost`` (faults, then partners drawn twice) is lower; each partner tried in turn, on
    top of those kept before.  ``lay_out``: the layout made with other options."""
    if len(family.people) > WHOLE_PEOPLE:
        return lay
    found = cost(lay, family)
    for original in _partners_copied(lay):
        other = replace(opt, keep_whole=opt.keep_whole | {original})
        again = lay_out(other)
        if (fewer := cost(again, family)) < found:
            lay, found, opt = again, fewer, other
    return lay


def _partners_copied(lay: GenogramLayout) -> list[str]:
    """The partners in a marriage between relatives that ``lay`` draws twice, sorted."""
    related = {p for uid in lay.related for p in lay.unions[uid].partners}
    return sorted({original for c, original in lay.duplicates.items()
                   if c.endswith(COPY_MARK) and (original in related or c in related)})
