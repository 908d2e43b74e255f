"""The order step's shortcuts give what the long way gives (issues 10 and 17: speed, same bytes).

The crossings between two rows are counted by appending to a sorted list, with a Fenwick tree
past many entries out of order; a row built again after a round of copies reuses the units of
its partner groups that did not change (in a family past the size where sibships may be bent).
"""

from __future__ import annotations

import itertools
import random
import sys

import pytest

from socialmaps import load_text
from socialmaps.diagrams.genogram.layout import geometry, order, units
from socialmaps.diagrams.genogram.layout.graph import Graph
from socialmaps.render import render

from conftest import ROOT

sys.path.insert(0, str(ROOT / "bench"))
import generate_families as gen


def _pairs_out_of_order(seq: list[int]) -> int:
    return sum(1 for a, b in itertools.combinations(seq, 2) if a > b)


@pytest.mark.parametrize("seed", range(20))
def test_crossing_count_is_the_pairs_out_of_order(seed: int) -> None:
    rng = random.Random(seed)
    size = rng.randrange(0, 200)
    ranks = [rng.randrange(0, rng.randrange(1, 60)) for _ in range(size)]  # ties included
    assert order.inversions(ranks) == _pairs_out_of_order(ranks)


def test_crossing_count_of_a_long_row_out_of_order_falls_back_to_the_tree() -> None:
    # every entry after the first is out of order: past the insertions allowed, the tree counts
    size = 3 * order.INSERTIONS
    reversed_ranks = list(range(size))[::-1]
    assert order.inversions(reversed_ranks) == size * (size - 1) // 2
    assert order.inversions(reversed_ranks) == order.tree_inversions(reversed_ranks)


def test_reused_units_draw_what_units_found_afresh_draw(monkeypatch: pytest.MonkeyPatch) -> None:
    # past BEND_PEOPLE (no sibship bent), where rounds of the order cut crossings with copies
    case = load_text(gen.family_case(geometry.BEND_PEOPLE + 100), "family")
    reused = render(case, "genogram")
    victims: list[int] = []
    culprits = order.Orderer.culprits

    def counted(self: order.Orderer) -> list[str]:
        found = culprits(self)
        victims.append(len(found))
        return found

    def afresh(graph: Graph, row: list[str], row_unions: list[str],
               found: dict[frozenset[str], list[str]] | None = None,
               kept: dict[frozenset[str], units.KeptChain] | None = None) -> list[list[str]]:
        return units.row_units(graph, row, row_unions)

    monkeypatch.setattr(order.Orderer, "culprits", counted)
    monkeypatch.setattr(order, "row_units", afresh)
    fresh = render(case, "genogram")
    assert sum(victims) > 0  # rows were built again after copies: the reuse had work to do
    assert reused.metrics["copies"] > 0
    assert reused.svg == fresh.svg
