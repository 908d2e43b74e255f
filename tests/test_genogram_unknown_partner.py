"""The "?" of a one-parent union (the unknown other parent) never sits on another line.

A parent with a one-parent union and a partner on the left, on the right, and on both sides:
the dashed "?" diamond must not touch any partner line (nor any other union's line), so that
it never reads as standing between the parent and a partner.
"""

from __future__ import annotations

import re
from itertools import pairwise
from typing import Any

import pytest

from socialmaps.geometry import segment_box_hits
from test_genogram_partners import broken, check_data, draw

from svgread import local, parse, parts, placed, shape_box

Point = tuple[float, float]


def family(parent_sex: str, partners: list[str]) -> dict[str, Any]:
    """`solo` has a son by an unknown other parent and a cohabiting union with each of `partners`
    (of the other sex), each with a daughter."""
    other = "female" if parent_sex == "male" else "male"
    people = [{"id": "solo", "name": "Solo Parent", "sex": parent_sex, "born": 1975},
              {"id": "son", "name": "Son", "sex": "male", "born": 1996}]
    unions = [{"id": "u-solo", "partners": ["solo"], "children": ["son"]}]
    for i, pid in enumerate(partners):
        people += [{"id": pid, "name": pid.title(), "sex": other, "born": 1970},
                   {"id": f"{pid}-kid", "name": f"{pid.title()} Kid", "sex": "female", "born": 2005 + i}]
        unions.append({"id": f"u-{pid}", "partners": [pid, "solo"], "type": "cohabiting",
                       "start": 2000 + i, "children": [f"{pid}-kid"]})
    return {"socialmaps": 1, "case": {"id": "T", "language": "en", "client": "son"},
            "people": people, "unions": unions}


def _segments(elem: Any, offset: Point) -> list[tuple[Point, Point]]:
    tag, (ox, oy) = local(elem.tag), offset
    if tag == "line":
        f = lambda name: float(elem.get(name, 0))  # noqa: E731
        return [((f("x1") + ox, f("y1") + oy), (f("x2") + ox, f("y2") + oy))]
    if tag in ("polyline", "path"):
        source = elem.get("points") if tag == "polyline" else elem.get("d")
        if tag == "path" and re.search(r"[^ML\d\s.,eE-]", source or ""):
            raise AssertionError(f"a curved union line: {source!r}")
        out = []
        for run in re.split(r"M", source or "") if tag == "path" else [source or ""]:
            nums = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?(?:e-?\d+)?", run)]
            points = [(x + ox, y + oy) for x, y in zip(nums[0::2], nums[1::2], strict=True)]
            out += list(pairwise(points))
        return out
    return []


def _centre_x(root: Any, offsets: dict[int, Point], person: str) -> float:
    group = next(g for g in parts(root, "sm-person") if g.get("data-id") == person)
    box = next(b for e in group if (b := shape_box(e, offsets[id(e)])) is not None)
    return (box.x0 + box.x1) / 2


@pytest.mark.parametrize(("parent_sex", "partners", "sides"), [
    ("female", ["joko"], {"joko": -1}),                        # partner on the left
    ("male", ["rina"], {"rina": 1}),                           # partner on the right
    ("female", ["joko", "hendra"], {"joko": -1, "hendra": 1}),  # partners on both sides
])
def test_the_unknown_parent_touches_no_other_line(parent_sex: str, partners: list[str],
                                                 sides: dict[str, int]) -> None:
    root = parse(draw(family(parent_sex, partners)))
    offsets = {id(e): off for e, off in placed(root)}
    # the family is drawn as the case means: each partner on the side named
    solo_x = _centre_x(root, offsets, "solo")
    assert {p: (1 if _centre_x(root, offsets, p) > solo_x else -1) for p in partners} == sides

    solo = next(g for g in parts(root, "sm-union") if g.get("data-id") == "u-solo")
    marks = [e for e in solo.iter() if e.get("data-mark") == "unknown-partner"]
    assert len(marks) == 1
    mark = shape_box(marks[0], offsets[id(marks[0])])
    assert mark is not None
    others = [g for g in parts(root, "sm-union") if g.get("data-id") != "u-solo"]
    others += [g for g in parts(root, "sm-descent") if g.get("data-union") != "u-solo"]
    lines = [seg for g in others for e in g.iter() for seg in _segments(e, offsets[id(e)])]
    assert len(lines) >= 2 * len(partners)  # each partner line and its daughter's line were read
    assert not [seg for seg in lines if segment_box_hits(*seg, mark)]
    # with no partner on one side, the stub and its "?" go there, not under a partner line
    if len(sides) == 1:
        centre = (mark.x0 + mark.x1) / 2
        assert (centre - solo_x) * next(iter(sides.values())) < 0


def test_a_mother_with_losses_only_keeps_her_unknown_partner_off_her_sister(tmp_path: Any) -> None:
    """A woman whose one-parent union has only losses (a miscarriage, a stillbirth) draws the "?"
    and the union's label beside her all the same; her column kept no room for them, and both
    stood on her sibling's symbol, the union's line through it (found by the long property run)."""
    data = {"socialmaps": 1, "case": {"id": "LOSSES", "language": "id"},
            "people": [{"id": "gm", "name": "Nenek", "sex": "female", "born": 1930},
                       {"id": "gf", "name": "Kakek", "sex": "male", "born": 1928},
                       {"id": "b", "name": "Budi", "sex": "male", "born": 1950},
                       {"id": "a", "name": "Ani", "sex": "female", "born": 1952},
                       {"id": "c", "name": "Citra", "sex": "female", "born": 1955}],
            "unions": [{"id": "u0", "partners": ["gf", "gm"], "children": ["b", "a", "c"]},
                       {"id": "u1", "partners": ["a"], "type": "married", "start": 1975,
                        "pregnancies": [{"outcome": "miscarriage"}, {"outcome": "stillbirth"}]}]}
    report = check_data(data, [draw(data)], tmp_path)[0]
    assert not broken(report, ("label-on-symbol", "line-through-symbol", "label-overlap")), report


def test_route_crossings_skip_far_lines_without_changing_the_count() -> None:
    """`oneparent.crossings` passes over the lines whose box lies wholly beside a route piece's;
    its count is the plain count of proper crossings (`segments_cross` on every pair) for
    axis-parallel lines that touch, overlap, end on each other or cross, on a small grid."""
    import random

    from socialmaps.diagrams.genogram.oneparent import crossings
    from socialmaps.geometry import segments_cross

    rng = random.Random(17)

    def piece() -> tuple[tuple[float, float], tuple[float, float]]:
        x, y, length = rng.randint(0, 6), rng.randint(0, 6), rng.randint(0, 4)
        return ((x, y), (x + length, y)) if rng.random() < 0.5 else ((x, y), (x, y + length))

    crossed = 0
    for _ in range(400):
        route = [(float(rng.randint(0, 6)), float(rng.randint(0, 6)))]
        for _ in range(rng.randint(1, 4)):
            x, y = route[-1]
            step = float(rng.randint(-4, 4))
            route.append((x + step, y) if len(route) % 2 else (x, y + step))
        others = [piece() for _ in range(rng.randint(0, 12))]
        plain = sum(segments_cross(a, b, c, d) for a, b in pairwise(route) for c, d in others)
        assert crossings(route, others) == plain
        crossed += plain
    assert crossed > 20  # (the grid is small enough that many routes cross: 38 here)
