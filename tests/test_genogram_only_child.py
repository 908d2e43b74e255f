"""An only child stands under the drop from their parents' line: the descent is one straight stroke.

The quality counts (crossings, overlaps) were clean while a child stood 2 units off the drop,
which draws as a small jog in the line that a reader takes for a mistake."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
import yaml

from compactgen import SHAPES, mixed_family, shaped_family
from socialmaps import load_text
from socialmaps.loader import load_case
from socialmaps.render import render

EXAMPLES = sorted(Path(__file__).resolve().parent.parent.joinpath("examples").glob("*.yaml"))
DESCENT = re.compile(r'<g class="sm-descent" data-union="([^"]+)" data-child="([^"]+)"[^>]*>\s*'
                     r'<polyline points="([^"]+)"')


COUPLE = re.compile(r'<g class="sm-union" data-id="([^"]+)" data-partners="([^"]+)"')


def _straightness(svg: str) -> list[tuple[str, str, float]]:
    """(union, child, widest x spread of its descent polyline) for unions drawing one child who
    hangs from no other union (a child drawn once with lines from two unions must reach over), of
    a couple (a one-parent union's line leaves from the parent's side: drawn otherwise)."""
    found = [(m[1], m[2], [float(p.split(",")[0]) for p in m[3].split()]) for m in DESCENT.finditer(svg)]
    per_union = Counter(union for union, _, _ in found)
    per_child = Counter(child for _, child, _ in found)
    couples = {m[1] for m in COUPLE.finditer(svg) if len(m[2].split()) == 2}
    return [(union, child, max(xs) - min(xs)) for union, child, xs in found
            if per_union[union] == 1 and per_child[child] == 1 and union in couples]


# complex-family's Dimas, under his father's third marriage drawn as an arch over the second wife,
# once hung with a jog: the arch's drop leaves next to his mother, and he stood clear of his
# half-sister's name, off the drop.  He now stands between the two symbols the drop leaves
# between (`drops.arched_drop_edges`) and the drop comes down over him.
@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_an_only_child_hangs_straight_below_the_parents(path: Path) -> None:
    case = load_case(path)
    if not case.people:
        pytest.skip("no genogram")
    svg = render(case, "genogram").svg
    bent = [(u, c, round(spread, 2)) for u, c, spread in _straightness(svg) if spread > 0.5]
    assert not bent, f"descent lines with a jog: {bent}"


# Only children still hanging with a jog in the generated families below: a ceiling, so that none
# comes back unnoticed.  17 before the arches' only children stood under their drops
# (`drops.arched_drop_edges`); those left stand off a drop between partners, where the
# drawing's own straightening (`place._straighten_only_child`) finds a label or mark in the way.
# 12 since the double cousins of size 35, seed 2 stand interleaved (`order._interleave`): three
# copies fewer, and their only married daughter stands by her husband, off her parents' drop.
JOGS_LEFT = 12


def test_generated_only_children_hang_straight() -> None:
    jogs = []
    for size in (15, 35):
        for seed in range(8):
            for name, data in [*((s, shaped_family(s, size, seed)) for s in SHAPES),
                               ("mixed", mixed_family(size, seed))]:
                svg = render(load_text(yaml.safe_dump(data, sort_keys=False)), "genogram").svg
                jogs += [(name, size, seed, c) for _u, c, spread in _straightness(svg) if spread > 0.5]
    assert len(jogs) <= JOGS_LEFT, jogs
