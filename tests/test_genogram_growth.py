"""The genogram's work grows about linearly with the family (issues 10 and 17), counted, not timed.

Each shape is drawn at two sizes, n and 4n, and the function calls the render makes are counted
(`sys.setprofile`: Python and C calls alike).  A linear layout makes about four times the calls at
four times the size (3.9-4.65 today); with the sibship-bar check that compared every pair (the
23,231-generation chain at the byte limit ran past 60 s) the same shapes made 4.9-6.7 times as
many, at sizes small enough for the suite.  The count is deterministic, so the bound needs no slack
for a busy machine; it only sees a quadratic made of calls, not one hidden inside a single C call
(a `list.index` per item).
"""

from __future__ import annotations

import json
import random
import sys
from collections.abc import Callable
from types import FrameType

import pytest

from socialmaps import load_text
from socialmaps.diagrams.genogram.measure import count_collisions
from socialmaps.geometry import Box
from socialmaps.render import render

from conftest import ROOT

sys.path.insert(0, str(ROOT / "bench"))
import generate_families as gen

# four times the people: at most this many times the calls (linear 4, quadratic 16)
GROWTH_BOUND = 5.0
_warm: list[bool] = []


def _calls(text: str) -> int:
    """The calls `render` makes for the case, after a first render in the process (imports,
    fonts and caches are done once, and would count at the first size only)."""
    if not _warm:
        _warm.append(True)
        render(load_text(gen.chain_case(3)), "genogram")
    case = load_text(text)
    count = 0

    def counter(_frame: FrameType, event: str, _arg: object) -> None:
        nonlocal count
        if event in ("call", "c_call"):
            count += 1

    sys.setprofile(counter)
    try:
        render(case, "genogram")
    finally:
        sys.setprofile(None)
    return count


def one_parent_chain(generations: int) -> str:
    """A line of descent through one-parent unions (the shape of bench_limits' chain)."""
    people = [{"id": f"g{i}", "name": f"G{i}", "sex": "female" if i % 2 else "male"}
              for i in range(generations)]
    unions = [{"id": f"u{i}", "partners": [f"g{i}"], "children": [f"g{i + 1}"]}
              for i in range(generations - 1)]
    return _case("ONE-PARENT-CHAIN", people, unions)


def cousins_with_twins(couples: int) -> str:
    """`couples` sisters, each married, each with a twin pair: one row of many twin sets."""
    people: list[dict[str, object]] = [{"id": "f", "name": "F", "sex": "male"},
                                       {"id": "m", "name": "M", "sex": "female"}]
    unions: list[dict[str, object]] = []
    daughters = []
    for i in range(couples):
        people += [{"id": f"d{i}", "name": f"D{i}", "sex": "female"},
                   {"id": f"h{i}", "name": f"H{i}", "sex": "male"},
                   {"id": f"a{i}", "name": f"A{i}", "sex": "male"},
                   {"id": f"b{i}", "name": f"B{i}", "sex": "male"}]
        daughters.append(f"d{i}")
        unions.append({"id": f"u{i}", "partners": [f"h{i}", f"d{i}"], "children": [f"a{i}", f"b{i}"],
                       "twins": [{"members": [f"a{i}", f"b{i}"], "kind": "identical"}]})
    unions.append({"id": "top", "partners": ["f", "m"], "children": daughters})
    return _case("TWINS", people, unions)


def _case(case_id: str, people: list[dict[str, object]], unions: list[dict[str, object]]) -> str:
    lines = ["socialmaps: 1", f"case: {{id: {case_id}, title: {case_id}, language: en}}", "people:"]
    lines += ["  - " + json.dumps(p) for p in people]
    lines += ["unions:"] + ["  - " + json.dumps(u) for u in unions]
    return "\n".join(lines) + "\n"


SHAPES: dict[str, tuple[Callable[[int], str], int]] = {
    "chain of couples": (gen.chain_case, 150),
    "one-parent chain": (one_parent_chain, 150),
    "one couple, many children": (gen.wide_case, 150),
    "one man, many marriages": (gen.star_case, 60),
    "one-parent unions": (gen.single_parents_case, 80),
    "twin sets in one row": (cousins_with_twins, 60),
}


@pytest.mark.parametrize("name", sorted(SHAPES))
def test_four_times_the_family_is_about_four_times_the_work(name: str) -> None:
    make, n = SHAPES[name]
    small, large = _calls(make(n)), _calls(make(4 * n))
    assert large / small <= GROWTH_BOUND, f"{name}: {small} calls at {n}, {large} at {4 * n}"


def _pairwise_collisions(labels: list[Box], symbols: list[tuple[Box, int]], owners: list[int]) -> int:
    """The rule of `measure.count_collisions`, pair by pair (the reference)."""
    boxes = [(b, True, owners[i]) for i, b in enumerate(labels)] + [(b, False, o) for b, o in symbols]
    hits = 0
    for k, (a, a_label, a_who) in enumerate(boxes):
        for b, b_label, b_who in boxes[k + 1:]:
            if not (a_label or b_label) or (not (a_label and b_label) and a_who == b_who):
                continue
            if min(min(a.x1, b.x1) - max(a.x0, b.x0), min(a.y1, b.y1) - max(a.y0, b.y0)) > 0.5:
                hits += 1
    return hits


def test_collisions_counted_by_grid_are_the_pairwise_count() -> None:
    rng = random.Random(7)

    def box() -> Box:
        x, y = rng.uniform(0, 300), rng.uniform(0, 300)
        return Box(x, y, x + rng.choice([2.0, 10.0, 40.0, 150.0]), y + rng.uniform(1, 30))

    for _ in range(20):
        labels = [box() for _ in range(rng.randint(0, 60))]
        owners = [rng.randint(0, 15) for _ in labels]
        symbols = [(box(), rng.randint(0, 15)) for _ in range(rng.randint(0, 30))]
        assert count_collisions(labels, symbols, owners) == _pairwise_collisions(labels, symbols, owners)


def test_label_collisions_of_a_long_line_of_descent_are_not_compared_pair_by_pair() -> None:
    # a line of descent stands in one column: a sweep along x compared every pair of it
    counted: list[int] = []

    def calls(generations: int) -> int:
        drawing = render(load_text(one_parent_chain(generations)), "genogram")
        count = 0

        def counter(_frame: FrameType, event: str, _arg: object) -> None:
            nonlocal count
            count += event in ("call", "c_call")

        sys.setprofile(counter)
        try:
            dict(drawing.metrics)
        finally:
            sys.setprofile(None)
        counted.append(count)
        return count

    assert calls(800) / calls(200) <= GROWTH_BOUND, counted
