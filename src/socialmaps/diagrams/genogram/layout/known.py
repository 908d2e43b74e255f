"""What the layouts of one family share: its rows, and the orders and placements found so far.

`geometry.layout_genogram` compares several layouts of one family (the child listed twice stood
where both lines reach her and not, sibships bent and kept in birth order, lines to grandchildren
from either side, each copy taken out again).  Many of them ask for an order made of the same
things as one made before: `LayoutOptions.clear_linked` changes the placing alone, and a bend
that spares nothing gives the order of the family in birth order.  On the generated families of
70 to 113 people whose lines fail, 20 to 32 placements were made, of them 8 to 18 different, each
order and placing many times the work of the whole drawing.  An order is made once for what it is
made of (`OrderKey`), and placed once for each options it is placed with.  The rows are shared, and
read only once ordered; the graph too, but for the one thing placing changes, the sibships it bends
to reach a child by a line (`Graph.bent`, `geometry._join_chain`): each options placed with has a
graph of its own, those bends as the order left them (`geometry._without_copy` changes a deep copy).
"""

from __future__ import annotations

import copy
import pickle
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import NamedTuple

from .build import FamilyRows
from .graph import Graph
from .order import RowData
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
    """One order as `geometry._layout_once` made it, and its placings by the options placed with."""

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


@dataclass
class Placing:
    """A placed layout, and the bends its lines made (`Graph.bent` after `geometry._join_chain`)."""

    placed: Placed
    bent: dict[str, tuple[str, ...]]


# what placing never reads of a graph (the order's own records): left out of what tells two placings
# apart.  (The caches of what it reads are not: one found before a copy was made may be out of date.)
UNPLACED = frozenset({"attract", "bend_count", "bend_tries", "chain_at", "split_unions", "cut_copies", "sex",
                      "listed", "unions_of"})


@dataclass
class Known:
    """The family's `FamilyRows`, and the orders made of it and their placings so far."""

    rows: FamilyRows
    orders: dict[OrderKey, Order] = field(default_factory=dict)
    placings: dict[tuple[LayoutOptions, frozenset[str], bytes], Placing] = field(default_factory=dict)

    def placed(self, graph: Graph, rows: list[RowData], options: LayoutOptions, wasted: frozenset[str],
               place: Callable[[Graph, list[RowData], LayoutOptions, frozenset[str]], Placed]) -> Placed:
        """``place(graph, rows, options, wasted)``, or what it gave on a graph and rows of the same
        content (its bends made again on ``graph``)."""
        state = {name: value for name, value in vars(graph).items() if name not in UNPLACED}
        order = [(row.units, row.clusters, row.order) for row in rows]  # (not the counts' cache)
        key = (options, wasted, pickle.dumps((state, order), pickle.HIGHEST_PROTOCOL))
        hit = self.placings.get(key)
        if hit is None:
            hit = self.placings[key] = Placing(place(graph, rows, options, wasted), {})
            hit.bent = dict(graph.bent)
        else:
            graph.bent = dict(hit.bent)
        return hit.placed
