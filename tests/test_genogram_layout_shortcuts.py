"""The layout's shortcuts give what the long way gives (issue 17: speed, same bytes).

The layout closing the loops side by side is given up as soon as its order puts a sibship out of
birth order (it would be given up after placing); the layouts `_layout_copies` compares are placed
only where their order cannot tell, the couples turned round read off the rows' order.
"""

from __future__ import annotations

import sys

import pytest
import yaml

from socialmaps import load_text
from socialmaps.diagrams.genogram.layout import geometry
from socialmaps.diagrams.genogram.layout.geometry import layout_genogram
from socialmaps.diagrams.genogram.quality import partner_flips
from socialmaps.render import render

from conftest import ROOT
from familygen import person_entries, sized_family, union_entries

sys.path.insert(0, str(ROOT / "bench"))
import generate_families as gen


@pytest.mark.parametrize("size", [50, 100, 200])
def test_a_loop_closing_given_up_early_draws_and_counts_as_given_up_late(
        size: int, monkeypatch: pytest.MonkeyPatch) -> None:
    case = load_text(gen.family_case(size), "family.yaml")
    given_up: list[bool] = []
    early = geometry.order_breaks_a_sibship

    def watched(graph: geometry.Graph, rows: list[geometry.RowData]) -> bool:
        given_up.append(early(graph, rows))
        return given_up[-1]

    monkeypatch.setattr(geometry, "order_breaks_a_sibship", watched)
    short = render(case, "genogram")
    assert given_up == [True]  # these families' loops are closed out of birth order: given up early
    monkeypatch.setattr(geometry, "order_breaks_a_sibship", lambda graph, rows: False)
    long = render(case, "genogram")  # placed, measured, then given up
    assert short.svg == long.svg
    for key in ("loop_crossings", "copies", "crossings", "partner_flips"):
        assert short.metrics[key] == long.metrics[key], key
    assert short.metrics["loop_crossings"] >= 1


@pytest.mark.parametrize("size", [30, 54, 79, 105, 142])
def test_the_layouts_compared_by_their_order_count_the_flips_placing_would(
        size: int, monkeypatch: pytest.MonkeyPatch) -> None:
    family = sized_family(size)
    compared: list[tuple[int, int]] = []
    by_order = geometry.OrderedLayout.flips

    def both(self: geometry.OrderedLayout) -> int:
        found = by_order(self)
        compared.append((found, len(partner_flips(self.layout(), self.family))))
        return found

    monkeypatch.setattr(geometry.OrderedLayout, "flips", both)
    layout_genogram(family)
    assert compared, "no layouts compared: the family has no bend to check"
    assert all(a == b for a, b in compared), compared


@pytest.mark.parametrize("size", [54, 105])
def test_placing_only_the_layout_kept_draws_the_same(size: int, monkeypatch: pytest.MonkeyPatch) -> None:
    family = sized_family(size)
    text = yaml.safe_dump({"socialmaps": 1, "case": {"id": "F", "language": "en"},
                           "people": person_entries(family), "unions": union_entries(family)},
                          sort_keys=False)
    case = load_text(text)
    placed: list[geometry.OrderedLayout] = []
    lazy_layout = geometry.OrderedLayout.layout

    def counted(self: geometry.OrderedLayout) -> geometry.GenogramLayout:
        if self.done is None:
            placed.append(self)
        return lazy_layout(self)

    monkeypatch.setattr(geometry.OrderedLayout, "layout", counted)
    short = render(case, "genogram")
    assert len(placed) == 1  # the one kept
    placed.clear()
    monkeypatch.setattr(geometry, "flips_by_order", lambda graph, rows, family: None)
    long = render(case, "genogram")  # both layouts whose couples are compared placed
    assert len(placed) == 2
    assert short.svg == long.svg
