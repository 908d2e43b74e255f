"""Genogram lines as a reader sees them (issue 11): emotional relationships drawn directly, one
line per pair, clear of symbols and of every other line; every line kind with a form of its own in
black and white; nothing in the case silently left out (free-text conditions, the unknown partner
of a one-parent union, union statuses); names wrapped at word boundaries.

Judged twice: by the shared checker (`../shared/tools/svgcheck.py`: `line-overlap`,
`line-through-symbol`, `relationship-detour`, `word-break`) and by our own geometry on the parsed SVG.
"""

from __future__ import annotations

from itertools import combinations, pairwise
from typing import Any

from test_genogram import _points

from conftest import ROOT
from svgread import local, parse, parts, placed

LINE_RULES = ("line-overlap", "line-through-symbol", "relationship-detour", "word-break")


# --------------------------------------------------------------------------- print forms

def _zigzag(points: list[tuple[float, float]]) -> bool:
    """Whether a polyline turns left and right by turns (teeth), not one way (a curve)."""
    turns = [(q[0] - p[0]) * (r[1] - q[1]) - (q[1] - p[1]) * (r[0] - q[0])
             for p, q, r in zip(points, points[1:], points[2:], strict=False)]
    signs = [t > 0 for t in turns if abs(t) > 1e-3]
    return sum(a != b for a, b in pairwise(signs)) >= 3


def _signature(group: Any, offsets: dict[int, tuple[float, float]]) -> tuple[Any, ...]:
    """How a line part looks in black and white: each strand's dash pattern and form, and its marks."""
    strands = []
    marks = []
    for elem in group.iter():
        tag = local(elem.tag)
        if tag not in ("polyline", "line", "path") or elem.get("stroke") in (None, "none"):
            continue
        if elem.get("data-mark"):
            marks.append(elem.get("data-mark"))
            continue
        if tag == "path":
            d = elem.get("d", "")
            form = "wave" if "Q" in d and group.get("class") != "sm-household" else "outline"
        else:
            form = "zigzag" if _zigzag(_points(elem, offsets[id(elem)])) else "line"
        strands.append((elem.get("stroke-dasharray", "solid"), form))
    return tuple(sorted(strands)), tuple(sorted(marks))


def _kinds(svg: str) -> dict[str, tuple[Any, ...]]:
    """Every line kind drawn (union type, consanguineous or not; descent relation; relationship
    type; the household) with its signature; a kind drawn twice must look the same both times."""
    root = parse(svg)
    offsets = {id(e): off for e, off in placed(root)}
    kinds: dict[str, set[tuple[Any, ...]]] = {}
    for g in parts(root, "sm-union"):
        strands, marks = _signature(g, offsets)
        # the status marks go on top of the type's line (compared in the test)
        sig = (strands, tuple(m for m in marks if m != g.get("data-status")))
        double = len(strands) == 2
        kinds.setdefault(f"union {g.get('data-type')}{' consanguineous' if double else ''}", set()).add(sig)
    for g in parts(root, "sm-descent"):
        kinds.setdefault(f"descent {g.get('data-relation')}", set()).add(_signature(g, offsets))
    for g in parts(root, "sm-relationship"):
        kinds.setdefault(f"relationship {g.get('data-type')}", set()).add(_signature(g, offsets))
    for g in parts(root, "sm-household"):
        kinds.setdefault("household", set()).add(_signature(g, offsets))
    for kind, sigs in kinds.items():
        assert len(sigs) == 1, (kind, sigs)
    return {kind: next(iter(sigs)) for kind, sigs in kinds.items()}


def test_every_line_kind_has_its_own_form_in_print() -> None:
    from socialmaps import load_case
    from socialmaps.options import RenderOptions
    from socialmaps.render import render

    svg = render(load_case(ROOT / "examples" / "symbols-mcgoldrick.yaml"), "genogram",
                 RenderOptions(style="print")).svg
    kinds = _kinds(svg)
    expected = {"union married", "union married consanguineous", "union cohabiting", "union engaged",
                "union relationship", "union affair", "descent biological", "descent adopted",
                "descent foster", "descent step", "household",
                *(f"relationship {k}" for k in ("close", "fused", "distant", "conflict", "hostile",
                                                 "close-hostile", "cutoff", "abuse", "neglect",
                                                 "focused-on"))}
    assert expected <= set(kinds), expected - set(kinds)
    # A married couple's line and a biological child's line are the same plain structure line
    # (a genogram tells them apart by direction: across between partners, down to a child).
    same = {frozenset(("union married", "descent biological"))}
    clashes = [(a, b, kinds[a]) for a, b in combinations(sorted(kinds), 2)
               if kinds[a] == kinds[b] and frozenset((a, b)) not in same]
    assert not clashes, clashes
    # The ones the issue found alike in print.
    for a, b in (("household", "relationship neglect"), ("union cohabiting", "descent adopted"),
                 ("union engaged", "relationship distant"),
                 ("relationship close", "union married consanguineous")):
        assert kinds[a] != kinds[b], (a, b)
    # Separated and divorced are marked on the line: one slash and two.
    root = parse(svg)
    marks = {g.get("data-status"): [e.get("data-mark") for e in g.iter() if e.get("data-mark")]
             for g in parts(root, "sm-union")}
    assert marks["separated"] == ["separated"] and marks["divorced"] == ["divorced"]
