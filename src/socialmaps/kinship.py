"""Who descends from whom, as a graph: a fact of the case the genogram lays out by (validation
finds own-ancestor loops by its own walk, so neither imports the other)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .model import Case

if TYPE_CHECKING:
    import networkx as nx


def family_graph(case: Case) -> nx.DiGraph:
    """Parent -> child edges of every union (all relations): who descends from whom."""
    import networkx as nx  # only the genogram needs the graph; loading a case stays light

    graph = nx.DiGraph()
    graph.add_nodes_from(p.id for p in case.people)
    for union in case.unions:
        for partner in union.partners:
            for child in union.children:
                graph.add_edge(partner, child.id)
    return graph
