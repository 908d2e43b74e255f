"""Staggered labels in a crowded genogram row (issue 11: 35 people at 3.5 pt when printed 16 cm wide).

A row whose labels side by side would make the figure too wide to print its text at 6 pt stands
its neighbours as close as their symbols allow, every other label lowered below its neighbours'.
Judged from the SVG: each label still stands centred under its own symbol, two neighbours'
labels never at one depth where they stand closer than their labels are wide, no label on a
line or another label (the shared checker), and a family that fits keeps every label level.
"""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest
import yaml

from compactgen import shaped_family
from socialmaps import load_case, load_text
from socialmaps.geometry import Box
from socialmaps.render import render
from test_genogram_partners import check_data

from conftest import EXAMPLES
from svgread import first_shape_box, parse, parts, text_lines

FAMILIES = Path(__file__).resolve().parent / "families"


def _people(svg: str) -> list[tuple[str, Box, Box]]:
    """Each person drawn: id, symbol box, and the box of its labels under the symbol."""
    root = parse(svg)
    out = []
    for group in parts(root, "sm-person"):
        symbol = first_shape_box(root, group)
        assert symbol is not None
        lines = [t.box for t in text_lines(root, group) if t.box.y0 >= symbol.y1 - 0.5]
        if lines:
            box = Box(min(b.x0 for b in lines), min(b.y0 for b in lines),
                      max(b.x1 for b in lines), max(b.y1 for b in lines))
            out.append((group.get("data-id") or "", symbol, box))
    return out


def _rows(people: list[tuple[str, Box, Box]]) -> list[list[tuple[str, Box, Box]]]:
    rows: dict[float, list[tuple[str, Box, Box]]] = {}
    for person in people:
        rows.setdefault(round(person[1].center[1], 1), []).append(person)
    return [sorted(row, key=lambda p: p[1].center[0]) for _, row in sorted(rows.items())]


@pytest.mark.parametrize("shape", ["three-marriages", "step-adopted-foster"])
def test_a_crowded_row_staggers_its_labels_under_their_own_symbols(shape: str, tmp_path: Path) -> None:
    data: dict[str, Any] = shaped_family(shape, 35)
    svg = render(load_text(yaml.safe_dump(data, sort_keys=False)), "genogram").svg
    rows = _rows(_people(svg))
    lowered = 0
    for row in rows:
        drop = [label.y0 - symbol.center[1] for _, symbol, label in row]
        lowered += sum(d > min(drop) + 20 for d in drop)
        for (_, symbol, label), (_, next_symbol, next_label) in pairwise(row):
            # centred under its own symbol (a lowered label too)
            assert label.center[0] == pytest.approx(symbol.center[0], abs=1.0)
            assert next_symbol.x0 > symbol.x1  # symbols never touch
            assert label.overlap(next_label) <= 0.5, (label, next_label)
    assert lowered >= 5
    (report,) = check_data(data, [svg], tmp_path)
    rules = {v["rule"] for v in report["violations"]}
    assert not rules & {"label-overlap", "label-on-symbol", "line-through-symbol", "overlap"}, rules
    assert report["metrics"]["text_pt_at_16cm"] >= 3.5


@pytest.mark.parametrize("name", ["family-en", "household-foster", "ms-2024"])
def test_a_family_that_fits_keeps_its_labels_level(name: str) -> None:
    svg = render(load_case(next(p for p in EXAMPLES if p.stem == name)), "genogram").svg
    for row in _rows(_people(svg)):
        drops = [label.y0 - symbol.center[1] for _, symbol, label in row]
        # (a mark under a symbol, the client's double outline, moves its label a little)
        assert max(drops) - min(drops) < 10, drops


def test_a_lowered_label_stands_just_under_its_own_rows_labels() -> None:
    """A lowered label stands under the deepest label of its own row, not of the whole family: with
    a great-grandmother's four conditions written under her name, the lowered names of a crowded
    row three generations down stood four lines lower than their neighbours' last line."""
    data: dict[str, Any] = shaped_family("three-marriages", 35)
    top = min(data["people"], key=lambda p: p["born"])
    top["conditions"] = ["diabetes", "hipertensi", "asam urat", "katarak"]
    svg = render(load_text(yaml.safe_dump(data, sort_keys=False)), "genogram").svg
    staggered = 0
    for row in _rows(_people(svg)):
        drops = [label.y0 - symbol.center[1] for _, symbol, label in row]
        level = [label.y1 for (_, symbol, label), d in zip(row, drops, strict=True) if d <= min(drops) + 20]
        lowered = [label.y0 for (_, symbol, label), d in zip(row, drops, strict=True) if d > min(drops) + 20]
        if lowered:
            staggered += 1
            assert max(lowered) - max(level) < 10, (max(lowered), max(level))
    assert staggered


def _level_rows(svg: str) -> list[list[tuple[str, Box, Box]]]:
    """The people of each row left to right, a row being the symbols whose centres stand within
    10 units of each other (a square and a circle of one row differ by a fraction in the SVG)."""
    rows: list[list[tuple[str, Box, Box]]] = []
    for person in sorted(_people(svg), key=lambda p: p[1].center[1]):
        if rows and abs(rows[-1][0][1].center[1] - person[1].center[1]) < 10:
            rows[-1].append(person)
        else:
            rows.append([person])
    return [sorted(row, key=lambda p: p[1].center[0]) for row in rows]


def _lowered_room(svg: str) -> list[tuple[str, float]]:
    """Each lowered label, with the room between it and the nearest label at the usual depth
    on either side (what raising it would leave)."""
    found = []
    for row in _level_rows(svg):
        drops = [label.y0 - symbol.center[1] for _, symbol, label in row]
        level = [d <= min(drops) + 20 for d in drops]
        for i, (pid, _, label) in enumerate(row):
            if level[i]:
                continue
            left = next((row[j][2] for j in range(i - 1, -1, -1) if level[j]), None)
            right = next((row[j][2] for j in range(i + 1, len(row)) if level[j]), None)
            room = [label.x0 - left.x1] if left else []
            room += [right.x0 - label.x1] if right else []
            found.append((pid, min(room, default=float("inf"))))
    return found


@pytest.mark.parametrize("source", ["second-wife-cousins", "three-marriages", "step-adopted-foster"])
def test_a_label_is_lowered_only_beside_a_label_it_would_crowd(source: str) -> None:
    """Staggering is decided on the packed rows; placing may then spread a row (the sibships under
    it hold its people apart).  A label still lowered where a sibling gap (20) is free beside it
    reads as someone else's name: in the second wife's family, the first wife's name stood a line
    under her symbol 71 units clear of the nearest name, a half-brother's 28."""
    if source == "second-wife-cousins":
        text = (FAMILIES / "second-wife-cousins.yaml").read_text(encoding="utf-8")
    else:
        text = yaml.safe_dump(shaped_family(source, 35), sort_keys=False)
    lowered = _lowered_room(render(load_text(text), "genogram").svg)
    assert lowered  # (the family is crowded enough to stagger at all)
    assert all(room < 20 for _, room in lowered), lowered
