"""Body maps and ecomaps near the limits (issue 10): generated cases with many marks, many
(parallel) ties with notes and many systems render, keep the SVG contract (the shared
checker with the case file) and the project's own promises.

Speed is measured in bench/bench_limits_maps.py; here a generous alarm only stops a hang.
"""

from __future__ import annotations

import itertools
import math
import re
import xml.etree.ElementTree as ET
from collections import defaultdict
from pathlib import Path

import pytest
import yaml

from casegen import bodymap_case, check_contract, ecomap_case, largest_bodymap_case
from hangguard import hang_guard
from socialmaps import load_text, render
from socialmaps.diagrams.bodymap import outline
from socialmaps.geometry import Box
from test_bodymap import _frames, _local, _marks
from test_ecomap import assert_quality

from svgread import NS, classes, local, parse, parts, placed, shape_box, text_lines

HANG = 120  # seconds: far beyond any of these cases, only there to stop a hang


def _render(text: str, diagram: str) -> str:
    with hang_guard(HANG):
        return render(load_text(text), diagram).svg




# --------------------------------------------------------------------------- body map


def test_generated_body_maps_are_what_they_say() -> None:
    text = bodymap_case(40)
    marks = yaml.safe_load(text)["bodymap"]["marks"]
    assert len(marks) == 40
    assert {m["region"] for m in marks} <= set(outline.REGIONS)
    assert bodymap_case(40) == text  # deterministic
    big, n = largest_bodymap_case(20_000)
    assert len(big.encode()) <= 20_000 < len(big.encode()) + 120
    assert len(yaml.safe_load(big)["bodymap"]["marks"]) == n


@pytest.mark.parametrize("n", [60, 150])
def test_many_marks_keep_the_contract(n: int, tmp_path: Path) -> None:
    """60 marks fit the usual figure; 150 do not, and go on the lattice of a larger one."""
    text = bodymap_case(n)
    svg = _render(text, "bodymap")
    assert len(_marks(parse(svg))) == n
    check_contract(tmp_path, text, svg)


def _mark_shapes(root: ET.Element) -> list[tuple[Box, Box]]:
    """Per mark: its symbol's box (its shapes but the leader) and its number's box."""
    offsets = {id(e): off for e, off in placed(root)}
    lines_of: dict[int, list[Box]] = defaultdict(list)
    for line in text_lines(root):  # once: asking per mark would walk the whole drawing each time
        lines_of[id(line.owner)].append(line.box)
    out = []
    for mark in _marks(root):
        boxes = [shape_box(e, offsets.get(id(e), (0.0, 0.0))) for e in mark
                 if local(e.tag) != "text" and "sm-leader" not in classes(e)]
        found = [b for b in boxes if b is not None]
        symbol = found[0]
        for b in found[1:]:
            symbol = symbol.union(b)
        number = next(e for e in mark if local(e.tag) == "text")
        out.append((symbol, lines_of[id(number)][0]))
    return out


def test_a_thousand_marks_each_on_its_region_numbers_clear_of_other_symbols() -> None:
    """Four-digit numbers: the lattice leaves room for them. Measured on the SVG with a grid
    (the shared checker compares every pair, too slow for 1,000 marks in the normal suite)."""
    n = 1000
    root = parse(_render(bodymap_case(n), "bodymap"))
    marks = _marks(root)
    assert len(marks) == n
    frames = _frames(root, "adult")
    shapes = _mark_shapes(root)
    for mark, (symbol, _number) in zip(marks, shapes, strict=True):
        p = _local(frames[mark.get("data-view", "")], symbol.center)
        shape = outline.region_shape(mark.get("data-region", ""), mark.get("data-view", ""), "adult")
        assert shape.contains(p), mark.attrib
    cell = 40.0
    grid: dict[tuple[int, int, str], list[int]] = defaultdict(list)
    for k, (mark, (symbol, _)) in enumerate(zip(marks, shapes, strict=True)):
        grid[(math.floor(symbol.center[0] / cell), math.floor(symbol.center[1] / cell),
              mark.get("data-view", ""))].append(k)
    for k, (mark, (symbol, number)) in enumerate(zip(marks, shapes, strict=True)):
        i, j = math.floor(symbol.center[0] / cell), math.floor(symbol.center[1] / cell)
        near = [m for di in (-1, 0, 1) for dj in (-1, 0, 1)
                for m in grid.get((i + di, j + dj, mark.get("data-view", "")), ()) if m != k]
        for m in near:
            other = shapes[m][0]
            assert other.overlap(number) <= 0.5, (mark.get("data-number"), marks[m].get("data-number"))
            assert other.overlap(symbol) <= 0.5, (mark.get("data-number"), marks[m].get("data-number"))


def test_few_marks_stay_on_the_usual_figure() -> None:
    """The larger figure is only for maps whose marks do not fit: 60 marks keep the height of
    an empty map's figure."""
    def figure_height(text: str) -> float:
        root = parse(_render(text, "bodymap"))
        return max(f[2] for f in _frames(root, "adult").values())

    assert figure_height(bodymap_case(60)) == figure_height(bodymap_case(1))
    assert figure_height(bodymap_case(500)) > figure_height(bodymap_case(1))


# --------------------------------------------------------------------------- ecomap

# (systems, ties, ties per bundle, all from the client, centre).  Ties from household members
# are left out of the contract here: whether they cross the centre's genogram is the household
# centre's own question (issue 12), not the notes' or the routing's.
ECOMAPS = {
    "30 parallel ties between one pair": (1, 30, 30, False, "household"),
    "30 ties from one person in bundles of 3": (10, 30, 3, True, "kim"),
    # Two notes find no place beside their bundle even on the largest rings: they go farther
    # out with a leader instead of being left out.
    "60 ties in two bundles of 30": (2, 60, 30, False, "kim"),
}


@pytest.mark.parametrize("name", list(ECOMAPS))
def test_parallel_ties_with_notes_keep_every_note_and_the_contract(name: str, tmp_path: Path) -> None:
    systems, ties, parallel, from_one, center = ECOMAPS[name]
    text = ecomap_case(systems, ties, True, parallel, from_one, center)
    svg = _render(text, "ecomap")
    assert_quality(svg)
    root = parse(svg)
    notes = yaml.safe_load(text)["ecomap"]["ties"]
    drawn = [" ".join(t.text for t in text_lines(root, tie)) for tie in parts(root, "sm-tie")]
    assert len(drawn) == ties
    # Every note is written out (wrapped, so compared word for word): beside its tie, or past the
    # work budget as an entry "N. FROM – TO: note" of the numbered list (names here hold no colon).
    written = [re.sub(r"^\d+\. [^:]*: ", "", " ".join(d.split())) for d in drawn]
    assert sorted(written) == sorted(" ".join(t["note"].split()) for t in notes)
    check_contract(tmp_path, text, svg)


def test_two_hundred_systems_with_notes_draw_every_system_and_note_apart() -> None:
    """200 systems, a tie and a note each. The shared checker and assert_quality compare every
    pair (~30 s here), so this case is measured with a grid: no two texts overlap."""
    text = ecomap_case(200, 200, center="kim")
    root = parse(_render(text, "ecomap"))
    assert len(parts(root, "sm-system")) == 200
    lines = text_lines(root)  # once: asking per tie would walk the whole drawing each time
    by_owner: dict[int, list[str]] = defaultdict(list)
    for line in lines:
        by_owner[id(line.owner)].append(line.text)
    drawn = sorted(" ".join(" ".join(w for e in tie.iter(f"{NS}text") for w in by_owner[id(e)]).split())
                   for tie in parts(root, "sm-tie"))
    assert drawn == sorted(" ".join(t["note"].split()) for t in yaml.safe_load(text)["ecomap"]["ties"])
    cell = 60.0
    grid: dict[tuple[int, int], list[int]] = defaultdict(list)
    for k, line in enumerate(lines):
        for i in range(math.floor(line.box.x0 / cell), math.floor(line.box.x1 / cell) + 1):
            for j in range(math.floor(line.box.y0 / cell), math.floor(line.box.y1 / cell) + 1):
                grid[(i, j)].append(k)
    for members in grid.values():
        for a, b in itertools.combinations(members, 2):
            assert lines[a].box.overlap(lines[b].box) <= 0.5, (lines[a].text, lines[b].text)
