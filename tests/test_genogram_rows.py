"""Rows of a genogram: how deep each gap between rows is, and which row a family drawn apart
from the rest stands on (issue 11: "people with no parents in the file stand on the row their
birth year or their partner gives them"; a compact figure).

Judged from the SVG: rows are the distinct heights of the symbols' centres; a row's labels
stand at two depths where the layout staggered them.
"""

from __future__ import annotations

from itertools import pairwise
from typing import Any

import pytest
import yaml

from compactgen import mixed_family, shaped_family
from socialmaps import load_text
from socialmaps.render import render
from test_genogram_stagger import _people


def _svg(data: dict[str, Any]) -> str:
    return render(load_text(yaml.safe_dump(data, sort_keys=False)), "genogram").svg


def _row_report(svg: str) -> list[tuple[float, bool]]:
    """Each row's height and whether its labels stand at two depths (symbols whose centres
    are within a few units, a triangle's and a square's, are one row)."""
    rows: list[list[Any]] = []
    for person in sorted(_people(svg), key=lambda p: p[1].center[1]):
        if rows and person[1].center[1] - rows[-1][0][1].center[1] < 10:
            rows[-1].append(person)
        else:
            rows.append([person])
    out = []
    for row in rows:
        drops = [label.y0 - symbol.center[1] for _, symbol, label in row]
        out.append((row[0][1].center[1], max(drops) - min(drops) > 20))
    return out


@pytest.mark.parametrize("shape", ["three-marriages", "step-adopted-foster"])
def test_only_the_gap_under_a_staggered_row_is_deeper(shape: str) -> None:
    """A crowded row's lowered labels need room under it; the other rows keep the plain gap
    (every row took the deep gap: an eight-generation GEDCOM focus view with one crowded row
    stood 51 cm tall when printed 16 cm wide)."""
    data = shaped_family(shape, 35)
    data.pop("relationships", None)  # (with emotional lines drawn, every row is deep: they run between)
    rows = _row_report(_svg(data))
    gaps = [(b[0] - a[0], a[1]) for a, b in pairwise(rows)]
    plain = [gap for gap, staggered in gaps if not staggered]
    deep = [gap for gap, staggered in gaps if staggered]
    assert deep and plain, gaps
    assert max(plain) - min(plain) < 0.5, gaps
    assert min(deep) > max(plain) + 20, gaps


def test_with_emotional_lines_every_row_is_as_deep_as_a_staggered_one() -> None:
    data = shaped_family("three-marriages", 35)
    ids = [p["id"] for p in data["people"]]
    data["relationships"] = [{"between": [ids[k], ids[-1 - k]], "type": "conflict"} for k in range(3)]
    rows = _row_report(_svg(data))
    gaps = [b[0] - a[0] for a, b in pairwise(rows)]
    assert any(staggered for _, staggered in rows)
    assert max(gaps) - min(gaps) < 0.5, gaps


def test_with_emotional_lines_only_the_gaps_they_run_in_are_deepened_too() -> None:
    """A line between the two lowest rows deepens the gap between them (a staggered row's depth,
    where lines run clear of the lowered names), not the gaps over the upper one's row: the
    great-grandparents over a child client's crowded row stood two plain gaps higher, over empty
    space."""
    data = mixed_family(40)
    svg = _svg(data)
    row_of = {pid: round(symbol.center[1]) for pid, symbol, _ in _people(svg)}
    heights = sorted(set(row_of.values()))
    assert len(heights) >= 4
    low = [pid for pid, y in row_of.items() if y == heights[-1]]
    above = [pid for pid, y in row_of.items() if y == heights[-2]]
    data["relationships"] = [{"between": [above[0], low[0]], "type": "conflict"}]
    rows = _row_report(_svg(data))
    assert any(staggered for _, staggered in rows)
    plain = min(b[0] - a[0] for a, b in pairwise(rows))
    gaps = [(b[0] - a[0], a[1]) for a, b in pairwise(rows)]
    assert gaps[-1][0] > plain + 20, gaps  # the line's gap
    for gap, staggered in gaps[:-1]:
        assert (gap > plain + 20) == staggered, gaps  # only under a staggered row


def _person(pid: str, sex: str, born: int) -> dict[str, Any]:
    return {"id": pid, "name": pid.capitalize(), "sex": sex, "born": born}


def apart_family() -> dict[str, Any]:
    """Four generations from 1900, and a couple born in the 1960s with two children who are
    nobody's relatives in the file (a GEDCOM whose link to them was lost)."""
    people = [_person("g1", "male", 1900), _person("g2", "female", 1902),
              _person("p1", "male", 1930), _person("p2", "female", 1932),
              _person("c1", "male", 1960), _person("c2", "female", 1962),
              _person("k1", "female", 1990),
              _person("edwin", "male", 1961), _person("janice", "female", 1965),
              _person("mason", "male", 1996), _person("amber", "female", 1998)]
    unions = [{"id": "u1", "partners": ["g1", "g2"], "children": ["p1"]},
              {"id": "u2", "partners": ["p1", "p2"], "children": ["c1"]},
              {"id": "u3", "partners": ["c1", "c2"], "children": ["k1"]},
              {"id": "u4", "partners": ["edwin", "janice"], "children": ["mason", "amber"]}]
    return {"socialmaps": 1, "case": {"id": "APART", "language": "en", "client": "k1"},
            "people": people, "unions": unions}


def test_a_family_drawn_apart_stands_on_the_rows_of_its_time() -> None:
    svg = _svg(apart_family())
    row_of = {pid: round(symbol.center[1], 1) for pid, symbol, _ in _people(svg)}
    assert row_of["edwin"] == row_of["c1"]  # born 1961 beside the man born 1960, not the founders' row
    assert row_of["mason"] == row_of["k1"]
    assert row_of["edwin"] != row_of["g1"]


def test_each_gap_is_as_deep_as_the_labels_of_the_row_over_it() -> None:
    """A grandmother's three conditions under her name deepen the gap under her row only: every
    gap of the family was as deep as hers (a grandmother raising four generations stood 1,440 units
    tall, now 1,250), and the rows under her keep the plain gap their own two-line labels need."""
    people = [{**_person("gm", "female", 1942), "conditions": ["diabetes", "hipertensi", "asam urat"]},
              _person("gp", "male", 1940), _person("mum", "female", 1965), _person("dad", "male", 1963),
              _person("kid", "female", 1990), _person("kid2", "male", 1993), _person("baby", "male", 2015),
              _person("kidh", "male", 1988)]
    unions = [{"id": "u1", "partners": ["gp", "gm"], "children": ["mum"]},
              {"id": "u2", "partners": ["dad", "mum"], "children": ["kid", "kid2"]},
              {"id": "u3", "partners": ["kidh", "kid"], "children": ["baby"]}]
    data = {"socialmaps": 1, "case": {"id": "DEEP", "language": "en", "client": "gm"},
            "people": people, "unions": unions}
    rows = _row_report(_svg(data))
    gaps = [b[0] - a[0] for a, b in pairwise(rows)]
    assert len(gaps) == 3 and not any(staggered for _, staggered in rows)
    assert gaps[0] > gaps[1] + 20, gaps  # under the grandmother's five lines
    assert abs(gaps[1] - gaps[2]) < 0.5, gaps  # the two rows of two-line labels alike


def married_down_family(sisters_children: int) -> dict[str, Any]:
    """The client's father married a woman from a family with no grandparents in the file: her
    parents (pa, ma) have three children, she the eldest, her brother with ``sisters_children``
    children of his own, her sister unmarried; the father's parents and grandparents are in the file."""
    people = [_person("ggp", "male", 1895), _person("ggm", "female", 1897),
              _person("gp", "male", 1920), _person("gm", "female", 1922),
              _person("dad", "male", 1950), _person("mum", "female", 1952),
              _person("client", "female", 1980),
              _person("pa", "male", 1925), _person("ma", "female", 1927),
              _person("uncle", "male", 1954), _person("aunt_in_law", "female", 1955),
              _person("aunt", "female", 1957)]
    cousins = [_person(f"cousin{k}", "male", 1982 + k) for k in range(sisters_children)]
    unions = [{"id": "u0", "partners": ["ggp", "ggm"], "children": ["gp"]},
              {"id": "u1", "partners": ["gp", "gm"], "children": ["dad"]},
              {"id": "u2", "partners": ["dad", "mum"], "children": ["client"]},
              {"id": "u3", "partners": ["pa", "ma"], "children": ["mum", "uncle", "aunt"]},
              {"id": "u4", "partners": ["uncle", "aunt_in_law"], "children": [c["id"] for c in cousins]}]
    return {"socialmaps": 1, "case": {"id": "LEVEL", "language": "en", "client": "client"},
            "people": people + cousins, "unions": unions}


@pytest.mark.parametrize("cousins", [1, 3])
def test_brothers_and_sisters_stand_on_one_row(cousins: int) -> None:
    """The mother's brother, who has children, held her parents up a row: they stood beside the
    great-grandparents and the brother beside the grandparents, a row over his sister (kinship2's
    sample.ped drew two of four sisters a row below the others, their lines down passing the row).
    Now every child of pa and ma stands on one row, the parents one row over it, and the cousins
    on the client's row."""
    svg = _svg(married_down_family(cousins))
    row_of = {pid: round(symbol.center[1], 1) for pid, symbol, _ in _people(svg)}
    rows = sorted(set(row_of.values()))
    assert row_of["mum"] == row_of["uncle"] == row_of["aunt"] == row_of["dad"]
    assert rows.index(row_of["pa"]) == rows.index(row_of["mum"]) - 1 == rows.index(row_of["gp"])
    assert all(row_of[f"cousin{k}"] == row_of["client"] for k in range(cousins))
    assert len(rows) == 4
