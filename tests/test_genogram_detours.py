"""Relationship lines round a crowded genogram: when no smooth curve keeps clear of every name,
the line takes a way found over a lattice of free points (detour.py) instead of crossing a name.

The families here are hard but ordinary: a man with two wives at once (the client the younger
wife's daughter, the grandmother in the household), and generated families with ten lines between
people far apart.  The measures are the route test's (`measure_case`): which labels a line's
pieces enter, and whether it runs along a structure line.
"""

from __future__ import annotations

import math
from itertools import pairwise
from pathlib import Path

import pytest
import yaml

from socialmaps import load_case, load_text
from socialmaps.diagrams.genogram.detour import Drawn, LatticeQuery, Obstacle, lattice_path
from socialmaps.diagrams.genogram.route import Person
from socialmaps.geometry import Box, Point, segment_box_hits
from test_genogram_routes import SEEDS, generated_case, measure_case

from conftest import EXAMPLES

TWO_WIVES = {
    "socialmaps": 1,
    "case": {"id": "TWO-WIVES", "title": "Klien A", "language": "id", "client": "a", "date": "2025-06"},
    "people": [
        {"id": "kakek", "name": "Kakek Sulaiman", "sex": "male", "born": 1940, "died": 2010},
        {"id": "nenek", "name": "Nenek Aminah", "sex": "female", "born": 1944},
        {"id": "pak", "name": "Pak Hasan Basri", "sex": "male", "born": 1968},
        {"id": "ist1", "name": "Siti Rahmawati", "sex": "female", "born": 1970},
        {"id": "ist2", "name": "Nur Kusumawardhani", "sex": "female", "born": 1985,
         "lives_with_client": True},
        {"id": "paman", "name": "Paman Darto", "sex": "male", "born": 1966},
        {"id": "bibi", "name": "Bibi Yuni", "sex": "female", "born": 1972},
        {"id": "c1", "name": "Rizky", "sex": "male", "born": 1992},
        {"id": "c2", "name": "Dewi", "sex": "female", "born": 1995},
        {"id": "c3", "name": "Fajar", "sex": "male", "born": 1999},
        {"id": "a", "name": "Aisyah", "sex": "female", "born": 2012, "lives_with_client": True},
        {"id": "a2", "name": "Bima", "sex": "male", "born": 2015, "lives_with_client": True},
        {"id": "kn1", "name": "Kakek Warsito", "sex": "male", "born": 1955},
        {"id": "kn2", "name": "Nenek Sumi", "sex": "female", "born": 1958, "lives_with_client": True},
        {"id": "om", "name": "Om Joko", "sex": "male", "born": 1982},
        {"id": "c2h", "name": "Andi", "sex": "male", "born": 1993},
        {"id": "cuc", "name": "Kayla", "sex": "female", "born": 2018},
    ],
    "unions": [
        {"id": "u1", "partners": ["kakek", "nenek"], "type": "married", "status": "widowed", "start": 1964,
         "children": ["paman", "pak", "bibi"]},
        {"id": "u2", "partners": ["pak", "ist1"], "type": "married", "start": 1990,
         "children": ["c1", "c2", "c3"]},
        {"id": "u3", "partners": ["pak", "ist2"], "type": "married", "start": 2010, "children": ["a", "a2"]},
        {"id": "u4", "partners": ["kn1", "kn2"], "type": "married", "status": "divorced", "start": 1980,
         "end": 1995, "children": ["om", "ist2"]},
        {"id": "u5", "partners": ["c2h", "c2"], "type": "married", "start": 2016, "children": ["cuc"]},
    ],
    "relationships": [
        {"between": ["a", "pak"], "type": "distant"},
        {"between": ["ist1", "ist2"], "type": "hostile"},
        {"between": ["a", "kn2"], "type": "close"},
        {"between": ["a", "c2"], "type": "close"},
        {"between": ["pak", "paman"], "type": "conflict"},
        {"between": ["ist2", "kn2"], "type": "fused"},
    ],
}


def test_a_line_from_the_client_to_her_grandmother_goes_round_her_mothers_name() -> None:
    """Aisyah's close line to Nenek Sumi, two rows up and across: every smooth curve crosses her
    mother's name or the grandparents' marriage label; the line goes round them."""
    m = measure_case(load_text(yaml.safe_dump(TWO_WIVES)))
    assert len(m.routes) == 6
    assert [(r.a.node, r.b.node, box) for r, box in m.hits] == []
    assert m.along == [] and m.symbol_hits == []
    assert max(r.ratio for r in m.routes) < 2.4


# Six siblings, the client's household split over three of their families (her parents, her
# brother, her uncle at the far end of the row), a divorced aunt with twins between.
SPLIT_HOUSEHOLD = {
    "socialmaps": 1,
    "case": {"id": "SPLIT", "title": "Klien Y", "language": "id", "client": "y", "date": 2024},
    "people": [
        {"id": "gp", "name": "Mbah Kakung", "sex": "male", "born": 1940, "died": 2015},
        {"id": "gm", "name": "Mbah Putri", "sex": "female", "born": 1945, "died": True},
        {"id": "c1", "name": "Pakde Agus", "sex": "male", "born": 1962},
        {"id": "c1w", "name": "Bude Rina", "sex": "female", "born": 1965},
        {"id": "c2", "name": "Bude Tini", "sex": "female", "born": 1964},
        {"id": "c2h", "name": "Pakde Joko", "sex": "male", "born": 1960, "died": 2020},
        {"id": "c3", "name": "Ayah Y", "sex": "male", "born": 1967, "lives_with_client": True},
        {"id": "c3w", "name": "Ibu Y", "sex": "female", "born": 1970, "lives_with_client": True},
        {"id": "c4", "name": "Om Dedi", "sex": "male", "born": 1969},
        {"id": "c5", "name": "Tante Wulan", "sex": "female", "born": 1972},
        {"id": "c5h", "name": "Om Budi", "sex": "male", "born": 1970},
        {"id": "c6", "name": "Om Eko", "sex": "male", "born": 1975, "lives_with_client": True},
        {"id": "g1", "name": "Mas Ari", "sex": "male", "born": 1988},
        {"id": "g2", "name": "Mbak Ani", "sex": "female", "born": 1990},
        {"id": "g3", "name": "Dina", "sex": "female", "born": 1992},
        {"id": "g4", "name": "Kakak Y", "sex": "male", "born": 1995},
        {"id": "y", "name": "Y", "sex": "female", "born": 2001, "lives_with_client": True},
        {"id": "g5", "name": "Adik Y", "sex": "male", "born": 2004, "lives_with_client": True},
        {"id": "g6", "name": "Putra", "sex": "male", "born": 1998},
        {"id": "g7", "name": "Putri", "sex": "female", "born": 1998},
        {"id": "g4w", "name": "Kakak ipar", "sex": "female", "born": 1996},
        {"id": "gg1", "name": "Keponakan", "sex": "male", "born": 2020},
    ],
    "unions": [
        {"partners": ["gp", "gm"], "type": "married", "children": ["c1", "c2", "c3", "c4", "c5", "c6"]},
        {"partners": ["c1", "c1w"], "type": "married", "children": ["g1", "g2"]},
        {"partners": ["c2h", "c2"], "type": "married", "status": "widowed", "children": ["g3"]},
        {"partners": ["c3", "c3w"], "type": "married", "children": ["g4", "y", "g5"],
         "pregnancies": [{"outcome": "stillbirth", "year": 1999}]},
        {"partners": ["c5h", "c5"], "type": "married", "status": "divorced", "children": ["g6", "g7"],
         "twins": [{"members": ["g6", "g7"], "kind": "identical"}]},
        {"partners": ["g4", "g4w"], "type": "married", "children": ["gg1"]},
    ],
    "relationships": [
        {"between": ["y", "c3"], "type": "hostile"},
        {"between": ["y", "c6"], "type": "abuse"},
        {"between": ["y", "g2"], "type": "close"},
    ],
}


def test_a_line_round_a_couples_heads_keeps_clear_of_their_names() -> None:
    """Y's abuse line to her uncle at the end of the row: the way round goes over the heads of
    his sister and her ex-husband, and the lattice's step past the man's corner clipped it (its
    middle was clear), so the line was given up for one through the sister's name."""
    m = measure_case(load_text(yaml.safe_dump(SPLIT_HOUSEHOLD)))
    assert len(m.routes) == 3
    assert [(r.a.node, r.b.node, box) for r, box in m.hits] == []
    assert m.along == [] and m.symbol_hits == []
    assert max(r.ratio for r in m.routes) < 2.4


def test_few_lines_of_generated_families_cross_a_name() -> None:
    """Ten lines between far-apart people in each of twelve generated families: without the
    detours 49 of the 120 crossed a name or a year; with them 15, and 16 since the paths across
    the free bands and the second routing (a line may still cross a name when every way round
    runs along a line or is too long: a few lines that ran along another relationship line,
    which this measure does not see, now cross a name instead, the lighter fault); since a
    lattice step that clips a corner goes round it along the axes and the detours stretch at most
    1.5 times the distance (a finer lattice), 7 (18 just before); 8 since length beyond 1.25 times
    the distance counts twice (no tent over a row).  Counted since with symbols by their outline,
    not their box (a line past a woman's circle by the corner of its box is clear of her): 6, and
    5 since the placement's rounds are carried on by extrapolation (a line still entering a
    symbol searched once more, reaching further)."""
    crossing = 0
    for seed in SEEDS:
        m = measure_case(generated_case(seed))
        assert m.along == [] and m.symbol_hits == []
        crossing += len({(r.a.node, r.b.node) for r, _ in m.hits})
    assert crossing <= 5


@pytest.mark.parametrize("path", [p for p in EXAMPLES if load_case(p).relationships], ids=lambda p: p.stem)
def test_no_line_of_an_example_goes_the_long_way_round(path: Path) -> None:
    """Every relationship line of the examples at most 1.5 times as long as its two people are
    apart: with the lattice's detours let stretch to 1.8 times, a conflict line of complex-family
    went round under the whole bottom row (1.9 times) to spare one name."""
    m = measure_case(load_case(path))
    assert m.routes and max(r.ratio for r in m.routes) <= 1.5


# --------------------------------------------------------------------------- the lattice alone

def _query(obstacles: list[Obstacle], drawn: list[Drawn], clear: bool = True) -> LatticeQuery:
    def straight(p: Point, q: Point) -> bool:
        return not any(segment_box_hits(p, q, o.box) for o in obstacles)
    return LatticeQuery(step=5.0, reach=400.0, obstacles=obstacles, drawn=drawn,
                        clear=straight if clear else (lambda p, q: False), crossing=25.0, limit=20000)


def _length(path: list[Point]) -> float:
    return sum(math.dist(p, q) for p, q in pairwise(path))


def test_the_lattice_path_goes_round_a_wall_and_turns_only_where_it_must() -> None:
    wall = Obstacle(Box(90, -40, 110, 60))
    path = lattice_path((0, 0), (200, 0), _query([wall], []))
    assert path is not None and path[0] == (0, 0) and path[-1] == (200, 0)
    assert not any(segment_box_hits(p, q, wall.box) for p, q in pairwise(path))
    assert 3 <= len(path) <= 4          # over the wall's top corners: one or two turns
    assert all(y <= -40 for _, y in path[1:-1])
    assert _length(path) < 1.3 * 200


def test_the_lattice_path_crosses_a_line_but_never_runs_along_it() -> None:
    """A line drawn straight between the ends: the path may cross it, never follow it."""
    line = Drawn((0.0, 0.0), (200.0, 0.0), 8.0, (1.0, 0.0))
    path = lattice_path((0, -30), (200, -30), _query([], [line]))
    assert path == [(0, -30), (200, -30)]      # parallel, clear of it: straight
    path = lattice_path((0, 0), (200, 0), _query([], [line], clear=False))
    assert path is not None
    on_line = [(p, q) for p, q in pairwise(path)
               if abs(p[1]) < 8 and abs(q[1]) < 8 and abs(p[0] - q[0]) > abs(p[1] - q[1])]
    assert on_line == []


def test_the_lattice_path_is_none_when_the_way_is_shut_or_too_long() -> None:
    ring = [Obstacle(Box(-60, -60, 60, -40)), Obstacle(Box(-60, 40, 60, 60)),
            Obstacle(Box(-60, -60, -40, 60)), Obstacle(Box(40, -60, 60, 60))]
    assert lattice_path((0, 0), (200, 0), _query(ring, [])) is None
    wall = Obstacle(Box(90, -500, 110, 500))
    assert lattice_path((0, 0), (200, 0), _query([wall], [])) is None   # round it is over `reach`


def test_a_diamond_is_kept_clear_of_as_the_square_it_stands_in() -> None:
    """A line across the empty corner of an unknown-sex diamond reads as touching it (and the
    shared checker counts it as running through): the router keeps clear of the whole square."""
    diamond = Person("x", 100.0, 100.0, 15.0, "diamond")
    corner = ((108.0, 80.0), (120.0, 92.0))        # inside the square, outside the diamond's edges
    assert diamond.crosses(*corner) and diamond.inside(112.0, 88.0)
    assert not diamond.crosses((120.0, 80.0), (130.0, 90.0))


def test_a_line_the_usual_clearance_leaves_on_a_name_goes_round_closer() -> None:
    """Six generated families (seeds of 40 measured) where a line still crossed a name after every
    candidate and the lattice round the crowd: the lattice found no way at its usual room from the
    symbols (a person whose neighbours stand a symbol apart is closed off).  Searched again with
    less room, those lines keep clear of every name: 8 lines crossed a name here, 0 now; over the
    40 seeds 42 lines with 96 hits -> 31 with 67, and the one line a changed layout drove through a
    symbol (seed 116) goes round it."""
    crossing = 0
    for seed in (105, 108, 119, 122, 132, 134):
        m = measure_case(generated_case(seed))
        assert m.along == [] and m.symbol_hits == []
        crossing += len({(r.a.node, r.b.node) for r, _ in m.hits})
    assert crossing == 0
