"""Where a union's descent leaves its partner line when a child of the union is reached from
elsewhere or hangs under an arch: steps 6 (the placement's hard constraints) and 7 (the lines).

Objective: a child listed again by a second union beside her parents' (a stepdaughter in her
father's second marriage) is reached by that union's line without a crossing, and the only child
of a partner line that arches over others hangs from one straight stroke.  The placement stands
the child clear of the partner on the far side (`linked_drop_edges`, `arched_drop_edges`); the
lines then bring the parents' drop down over her (`drop_point`).  `layout_genogram` compares the
layout that does so with the one as before by `copy_cost`, where a child is listed twice
(`listed_twice`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Protocol

from .graph import Graph
from .records import GenogramLayout, LayoutOptions

if TYPE_CHECKING:
    from ..family import Family

Edge = tuple[str, str, float]  # (a, b, c): b stands at least c right of a
Gaps = Mapping[str, tuple[str, str, float]]  # union -> the neighbours its descent leaves between


class Placed(Protocol):
    """What `drop_point` reads of the placement (`Placer`)."""

    @property
    def gap(self) -> Gaps: ...

    def mid(self, uid: str) -> float: ...


class Frame(Protocol):
    """What `drop_point` reads of the positions as drawn (`geometry._Frame`)."""

    graph: Graph
    opt: LayoutOptions
    left: float
    xs: dict[str, float]
    linked: dict[str, str]

    @property
    def shared_gaps(self) -> Counter[tuple[str, str]]: ...

    @property
    def placer(self) -> Placed: ...


def _clearance(opt: LayoutOptions) -> float:
    """How far a drop keeps from the centre of a partner's symbol: half a symbol and a bar margin."""
    return opt.symbol_size / 2 + opt.bar_margin


def _arched(graph: Graph, uid: str, gl: str, gr: str) -> bool:
    """Whether the union's descent leaves a gap other than between its two partners: its line
    arches over others (someone with more than two partners)."""
    u = graph.unions[uid]
    return len(u.partners) == 2 and gl != gr and {gl, gr} != set(u.partners)


def arched_drop_edges(graph: Graph, gaps: Gaps, opt: LayoutOptions) -> list[Edge]:
    """The only child of a union whose partner line arches over others (a third marriage drawn
    over the second wife) stands between the two symbols its drop leaves between, clear of
    both, so that the drop comes straight down to the child (`drop_point`) instead of ending in
    a jog beside the nearer partner."""
    clear = _clearance(opt)
    edges: list[Edge] = []
    for uid, (gl, gr, _frac) in sorted(gaps.items()):
        children = graph.unions[uid].children
        if len(children) == 1 and _arched(graph, uid, gl, gr) and graph.nodes[children[0]].kind != "virtual":
            edges += [(gl, children[0], clear), (children[0], gr, clear)]
    return edges


def linked_drop_edges(graph: Graph, gaps: Gaps, opt: LayoutOptions,
                      union_key: Callable[[str], tuple[float, float, str]]) -> list[Edge]:
    """A child drawn under one union and joined by a line to another beside it (a stepdaughter
    under her parents' line, listed again in her father's second marriage), who stands at the
    end of her sibship nearest that union, stands clear of the partner on the far side, so that
    her parents' descent can come down over her (`drop_point`) and the other union's line reach
    her without crossing it (`geometry._join_links`).  Where the sibship holds her there anyway,
    nothing moves.  `union_key`: where a union's descent stands in its row (`Placer._union_key`)."""
    clear = _clearance(opt)
    edges: list[Edge] = []
    for link in graph.links:
        home = graph.nodes[link.child].parent
        if link.union in graph.via or home is None or link.union not in gaps or home not in gaps:
            continue
        gl, gr, _frac = gaps[home]
        siblings = graph.unions[home].children
        if gl == gr:
            continue
        if union_key(link.union) > union_key(home):
            if siblings[-1] == link.child:
                edges.append((gl, link.child, clear))
        elif siblings[0] == link.child:
            edges.append((link.child, gr, clear))
    return edges


def drop_point(frame: Frame, uid: str, mx: float) -> float:
    """Where a union's descent leaves its partner line: over an arched line's only child
    (`arched_drop_edges`), or, where the child at the end of a couple's sibship nearest a second
    union beside them is listed by that union too, over her when the placement stood her short of
    the usual point (`linked_drop_edges`; her half-siblings' sibship on her other side), so long as
    the child stands between the same two symbols as that point, clear of both; else `mx`.  The
    second union's line then reaches her without crossing her parents' drop, and an only child
    hangs from one straight stroke.  (Other only children off their drop are straightened where
    the labels are known: `place._straighten_only_child`.)"""
    u = frame.graph.unions[uid]
    if len(u.partners) < 2 or not u.children:
        return mx
    gl, gr, _frac = frame.placer.gap[uid]
    if gl == gr:
        return mx
    arched = len(u.children) == 1 and _arched(frame.graph, uid, gl, gr)
    ends = [] if arched or not frame.opt.clear_linked else \
        [(child, right) for child, right in ((u.children[-1], True), (u.children[0], False))
         if frame.linked.get(child) in frame.placer.gap]
    # (most unions have neither: asked first, so the gaps are counted only for a family that needs it)
    if not (arched or ends) or frame.shared_gaps[(gl, gr)] > 1:
        return mx  # (several descents leave this gap, at points of their own)
    # (a child set against the least clearance stands there to rounding: a hundredth to spare)
    clear = _clearance(frame.opt) - 0.01
    if arched:
        cx = frame.xs[u.children[0]]
        return cx if frame.xs[gl] + clear <= cx <= frame.xs[gr] - clear else mx
    for child, toward_right in ends:
        other = frame.linked[child]
        cx = frame.xs[child]
        other_x = frame.placer.mid(other) - frame.left
        if (other_x > cx) != toward_right or (mx - cx > 0.5) != toward_right or abs(mx - cx) <= 0.5:
            continue  # (the other union on the far side, or the drop already short of her)
        if frame.xs[gl] + clear <= cx <= frame.xs[gr] - clear:
            return cx
    return mx


def listed_twice(family: Family) -> bool:
    """Whether a child is listed under more than one union."""
    seen: set[str] = set()
    for union in family.unions:
        for child in union.children:
            if child in seen:
                return True
            seen.add(child)
    return False


def copy_cost(lay: GenogramLayout, family: Family) -> tuple[int, int, int]:
    """People drawn twice, partners among them, couples turned round (`quality.partner_flips`)."""
    # (imported here: the quality measures read a layout, this package's answer)
    from ..quality import partner_flips

    return (len(lay.duplicates), sum(c.endswith("#partner") for c in lay.duplicates),
            len(partner_flips(lay, family)))
