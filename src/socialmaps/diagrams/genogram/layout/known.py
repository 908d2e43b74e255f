"""What the layouts of one family share: its rows, and the orders and placings found so far.

`geometry.layout_genogram` compares several layouts of one family (the child listed twice stood
where both lines reach her and not, sibships bent and kept in birth order, lines to grandchildren
from either side, each copy taken out again).  Many of them ask for an order made of the same
things as one made before (`LayoutOptions.clear_linked` changes the placing alone), or for a placing
of a graph and rows of the same content as one placed before (a bend that spares nothing gives the
order of the family in birth order; a copy taken out again gives the order that had the line).  On
the generated families of 70 to 113 people whose lines fail, 20 to 32 placings were made, of them 8
to 18 different, each many times the work of the whole drawing.

An order is made once for what it is made of (`OrderKey`).  Its rows are shared, and only read once
ordered; its graph too, but for the one thing placing changes, the sibships bent to reach a child by
a line (`Graph.bent`, `links.join_chain`): each options placed with has a graph of its own, those
bends as the order left them (`geometry._without_copy` changes a deep copy).  A placing is made once
for the same graph and rows, and once for graphs and rows of the same content (`Placing.written`).
"""

from __future__ import annotations

import copy
import pickle
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from typing import NamedTuple

from .build import FamilyRows
from .graph import Graph
from .order import RowData, TooManyCopies
from .records import GenogramLayout, LayoutOptions

# a placed layout, and the lines to a child under a second union that failed (see geometry._placed)
Placed = tuple[GenogramLayout, frozenset[tuple[str, str]]]


class OrderKey(NamedTuple):
    """What an order is made of (`geometry._layout_once`'s arguments), the options with
    ``clear_linked`` left out: it changes the placing, not the order."""

    options: LayoutOptions
    copied: frozenset[tuple[str, str]]
    attract: frozenset[tuple[str, str]]
    unbendable: frozenset[str]
    beside: frozenset[tuple[str, str]]
    toward: frozenset[tuple[str, bool]]
    give_up_out_of_order: bool
    copies_at_most: int | None


@dataclass
class Order:
    """One order as `geometry._layout_once` made it, and the graph each options places it with."""

    graph: Graph
    rows: list[RowData]
    wasted: frozenset[str]
    crossed: int
    graphs: dict[LayoutOptions, Graph] = field(default_factory=dict)
    bent: dict[str, tuple[str, ...]] = field(init=False)

    def __post_init__(self) -> None:
        self.bent = dict(self.graph.bent)  # (as the order left them: see the module's docstring)

    def graph_for(self, options: LayoutOptions) -> Graph:
        """The graph to place with ``options``: the order's own for the first options asked for,
        for others a copy sharing all but the bends."""
        graph = self.graphs.get(options)
        if graph is None:
            if self.graphs:
                graph = copy.copy(self.graph)
                graph.bent = dict(self.bent)
            else:
                graph = self.graph
            self.graphs[options] = graph
        return graph


# what placing never reads of a graph (the order's own records, and `Graph.order_locks`, which only the
# order asks): left out of what tells two placings apart.  (The caches of what it reads are not: one
# found before a copy was made may be out of date.)
UNPLACED = frozenset({"attract", "bend_count", "bend_tries", "chain_at", "split_unions", "cut_copies", "sex",
                      "listed", "unions_of", "_locked"})


@dataclass
class Placing:
    """One placing: what it placed (the graph as it stood before, the rows, the options), what it
    gave, and the bends its lines made (`Graph.bent` after `links.join_chain`)."""

    graph: Graph
    rows: list[RowData]
    options: LayoutOptions
    wasted: frozenset[str]
    state: dict[str, object]  # the graph's fields before placing, but those of UNPLACED
    placed: Placed
    bent: dict[str, tuple[str, ...]]
    content: bytes | None = None  # `state` and the rows' orders written out, when first compared

    def same(self, graph: Graph, rows: list[RowData], options: LayoutOptions, wasted: frozenset[str]) -> bool:
        return self.graph is graph and self.rows is rows and self.options == options and self.wasted == wasted

    def written(self) -> bytes:
        if self.content is None:
            self.content = _written(self.state, self.rows)
        return self.content


def _state(graph: Graph) -> dict[str, object]:
    # (the dataclass's fields, not vars(): compiled by mypyc (see socialmaps.native), a graph has no
    # instance dict; every attribute a graph carries is a field)
    state = {f.name: getattr(graph, f.name) for f in fields(graph) if f.name not in UNPLACED}
    state["bent"] = dict(graph.bent)  # (placing adds to it)
    # the sets in one order: placing asks only what they hold (whether a union may bend or is between
    # relatives, how many couples close a loop; nothing of the twins), and two equal sets may list
    # their members in different orders (a deep copy's is built again: `geometry._without_copy`)
    for name, value in state.items():
        if isinstance(value, (set, frozenset)):
            state[name] = sorted(sorted(v) if isinstance(v, frozenset) else v for v in value)
    return state


def _written(state: dict[str, object], rows: list[RowData]) -> bytes:
    """A graph's state and the rows as placing reads them (`Placer._pack`: each row's clusters in
    their order, each as its units) as bytes: equal bytes, equal content (dicts in the same order
    included), so the same placing.  (A copy taken out again leaves its unit in its row's units,
    in no cluster: `geometry._without_copy`.)"""
    placed = [[[row.units[ui] for ui in row.clusters[ci].units] for ci in row.order] for row in rows]
    return pickle.dumps((state, placed), pickle.HIGHEST_PROTOCOL)


@dataclass
class Known:
    """The family's `FamilyRows`, and the orders made of it and their placings so far."""

    rows: FamilyRows
    orders: dict[OrderKey, Order] = field(default_factory=dict)
    placings: list[Placing] = field(default_factory=list)

    def made(self, key: OrderKey) -> Order | None:
        """The order ``key`` says where it was made before: for ``key`` itself, or (``key`` not told to
        give up out of birth order) made without its ``copies_at_most``, which answers it as well:
        `TooManyCopies` where that order has more copies (made with the bound, it would have raised:
        copies are only ever added), else that order (`geometry._layout_links` tries the lines to
        grandchildren from beside their parent, and the grandchild copied, with a bound)."""
        made = self.orders.get(key)
        if made is not None or key.copies_at_most is None or key.give_up_out_of_order:
            return made
        made = self.orders.get(key._replace(copies_at_most=None))
        if made is not None and len(made.graph.copies) > key.copies_at_most:
            raise TooManyCopies
        return made

    def placed(self, graph: Graph, rows: list[RowData], options: LayoutOptions, wasted: frozenset[str],
               place: Callable[[Graph, list[RowData], LayoutOptions, frozenset[str]], Placed]) -> Placed:
        """``place(graph, rows, options, wasted)``, or what it gave on the same graph and rows, or on a
        graph and rows of the same content (its bends then made again on ``graph``).  The content is
        written out only once a second placing is asked for: a family placed once (most, and every big
        one) writes nothing."""
        hit = next((p for p in self.placings if p.same(graph, rows, options, wasted)), None)
        state = None
        if hit is None and self.placings:
            state = _state(graph)
            content = _written(state, rows)
            hit = next((p for p in self.placings
                        if p.options == options and p.wasted == wasted and p.written() == content), None)
        if hit is not None:
            graph.bent = dict(hit.bent)
            return hit.placed
        state = state or _state(graph)
        placed = place(graph, rows, options, wasted)
        self.placings.append(Placing(graph, rows, options, wasted, state, placed, dict(graph.bent)))
        return placed
