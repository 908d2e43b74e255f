"""Compact genograms: how large the text prints when the figure is 16 cm wide in a report.

Issue 11's targets, measured by the shared checker's ``text_pt_at_16cm`` (the smallest text
of the SVG, in points, with the figure printed 16 cm wide): at least 6 pt for families of up
to 15 people and 3.5 pt for 35, on generated families of hard shapes (``compactgen``).  Where
a family is too big for one page, ``--check`` says so (``pages_wide`` above 1), and its own
``text_pt_at_16cm`` agrees with the checker's.  Targets not reached yet are strict xfails,
so the suite says when the layout reaches them.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pytest
import yaml

from compactgen import SHAPES, mixed_family, shaped_family
from socialmaps import load_text
from socialmaps.render import render
from test_genogram_partners import check_data

# (shape, people) whose text does not reach the target yet: none since crowded rows stagger their
# labels (three-marriages-35: 24 in one row, 2.69 pt before, 3.65 with; layout.stagger)
SHORT: set[tuple[str, int]] = set()
TARGET_PT = {15: 6.0, 35: 3.5}
# a person drawn twice in a family without a marriage between relatives: not yet avoided there
# (step-adopted-foster-35's stepchild, listed in the middle of his stepfather's children, was
# copied until a line may reach such a child from beside that sibship: geometry._join_links)
COPIED_STILL: set[tuple[str, int]] = set()

CASES = [(shape, size) for size in (15, 35) for shape in SHAPES] + [("mixed", 35)]


def _family(shape: str, size: int) -> dict[str, Any]:
    return mixed_family(size) if shape == "mixed" else shaped_family(shape, size)


def _marks(cases: list[tuple[str, int]], failing: set[tuple[str, int]], reason: str) -> list[Any]:
    return [pytest.param(*case, marks=pytest.mark.xfail(strict=True, reason=reason)) if case in failing
            else pytest.param(*case) for case in cases]


@pytest.fixture(scope="module")
def measured(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, int], tuple[dict[str, Any], Any]]:
    """Each family drawn in the default style: the checker's report and the drawing's own metrics."""
    out: dict[tuple[str, int], tuple[dict[str, Any], Any]] = {}
    for shape, size in CASES:
        data = _family(shape, size)
        assert len(data["people"]) == size
        folder: Path = tmp_path_factory.mktemp(f"{shape}-{size}")
        drawing = render(load_text(yaml.safe_dump(data, sort_keys=False)), "genogram")
        (report,) = check_data(data, [drawing.svg], folder)
        out[(shape, size)] = (report, drawing.metrics)
    return out


@pytest.mark.parametrize(("shape", "size"), _marks(CASES, SHORT, "too wide for the target yet"))
def test_text_prints_large_enough_at_16cm(shape: str, size: int, measured: Any) -> None:
    report, _ = measured[(shape, size)]
    assert report["metrics"]["text_pt_at_16cm"] >= TARGET_PT[size]


@pytest.mark.parametrize(("shape", "size"), CASES)
def test_check_says_when_a_family_is_too_big_for_one_page(shape: str, size: int, measured: Any) -> None:
    report, metrics = measured[(shape, size)]
    pt = report["metrics"]["text_pt_at_16cm"]
    assert metrics["text_pt_at_16cm"] == pytest.approx(pt, abs=0.02)
    # pages_wide: how many 16 cm widths the figure needs for its smallest text to print at 5 pt
    assert metrics["pages_wide"] == max(1, math.ceil(5.0 / pt - 1e-9))
    assert (metrics["pages_wide"] > 1) == (pt < 5.0)


@pytest.mark.parametrize(("shape", "size"), _marks(
    [c for c in CASES if "cousins" not in c[0] and c[0] != "mixed"], COPIED_STILL, "a copy not yet avoided"))
def test_no_copy_without_a_marriage_between_relatives(shape: str, size: int, measured: Any) -> None:
    report, metrics = measured[(shape, size)]
    assert report["metrics"]["copies"] == 0 and metrics["copies"] == 0
    assert report["metrics"]["crossings"] == 0


def test_the_shapes_are_what_they_say() -> None:
    """The generator builds the shapes it names (else the targets above measure something else)."""
    def unions(data: dict[str, Any]) -> list[dict[str, Any]]:
        return list(data["unions"])

    three = shaped_family("three-marriages", 15)
    man = unions(three)[0]["partners"][0]
    assert sum(man in u["partners"] for u in unions(three)) == 3
    step = shaped_family("step-adopted-foster", 15)
    relations = {c["relation"] for u in unions(step) for c in u["children"] if isinstance(c, dict)}
    assert relations == {"adopted", "foster", "step"}
    cousins = shaped_family("first-cousins", 15)
    parents = {c if isinstance(c, str) else c["id"]: set(u["partners"]) for u in unions(cousins)
               for c in u["children"]}
    couple = next(u["partners"] for u in unions(cousins) if u["start"] == 2000)
    grandparents = [{g for p in parents[who] for g in parents.get(p, set())} for who in couple]
    assert grandparents[0] & grandparents[1]
    five = shaped_family("five-generations", 15)
    born = sorted({int(p["born"]) for p in five["people"]})
    assert born[-1] - born[0] >= 4 * 20
