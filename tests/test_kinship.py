"""The family core's descent facts (kinship.py), which validation's own-ancestor messages and the
genogram's graph both use: the loops it finds are the loops there are (checked against networkx
on random families, loops and all), and the shortest way round each is the one validation names."""

from __future__ import annotations

import itertools
import random

import networkx as nx
import pytest

from socialmaps import load_case
from socialmaps.errors import CaseError
from socialmaps.kinship import ancestor_loops, children_of, descent_edges, family_graph
from socialmaps.model import Case

from conftest import ROOT


def _case(edges: list[tuple[int, int]], people: int) -> Case:
    """A case of `people` people and one single-parent union per parent -> child edge (built as
    the model, without validation, which would refuse the loops)."""
    return Case.model_validate({
        "socialmaps": 1,
        "case": {"id": "K", "title": "Kinship", "language": "en"},
        "people": [{"id": f"p{i}", "name": f"P{i}", "sex": "female"} for i in range(people)],
        "unions": [{"id": f"u{k}", "partners": [f"p{a}"],
                    "children": [{"id": f"p{b}", "relation": "adopted"}]} for k, (a, b) in enumerate(edges)],
    })


@pytest.mark.parametrize("seed", range(40))
def test_the_loops_found_are_the_loops_there_are(seed: int) -> None:
    rng = random.Random(seed)
    people = rng.randint(2, 14)
    edges = [(rng.randrange(people), rng.randrange(people)) for _ in range(rng.randint(1, 2 * people))]
    case = _case(edges, people)
    graph = nx.DiGraph(list(descent_edges(case)))
    expected = {frozenset(c) for c in nx.strongly_connected_components(graph)
                if len(c) > 1 or any(graph.has_edge(v, v) for v in c)}
    loops = ancestor_loops(case)
    assert {loop.group for loop in loops} == expected
    for loop in loops:
        for start in sorted(loop.group):
            way = loop.through(start)
            assert way[0] == way[-1] == start
            assert all(graph.has_edge(a, b) for a, b in itertools.pairwise(way))
            assert set(way) <= loop.group
            # The shortest way round: no shorter loop through `start` exists in the graph.
            shortest = min(len(c) for c in nx.simple_cycles(graph.subgraph(loop.group)) if start in c)
            assert len(way) - 1 == shortest


def test_the_graph_and_the_walks_share_one_set_of_edges() -> None:
    case = load_case(ROOT / "examples" / "complex-family.yaml")
    graph = family_graph(case)
    assert set(graph.edges) == set(descent_edges(case))
    assert set(graph.nodes) >= {p.id for p in case.people}
    assert {(a, b) for a, kids in children_of(case).items() for b in kids} == set(graph.edges)
    assert ancestor_loops(case) == []


def test_validation_names_the_core_s_loops() -> None:
    """tests/hostile/cycle-two-loops.yaml: two loops, each named from its first person in the file
    along the shortest way round (the family core's), in validation's words."""
    with pytest.raises(CaseError) as err:
        load_case(ROOT / "tests" / "hostile" / "cycle-two-loops.yaml")
    text = str(err.value)
    assert "'a' is their own ancestor: a (A) → b (B) → c (C) → a (A) (each is a parent of the next)" in text
    assert "'d' is their own ancestor: d (D) → e (E) → d (D) (each is a parent of the next)" in text
