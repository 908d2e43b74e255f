"""Positions shared across versions for the life road map, the BPSS, the strength quadrant and the
Venn (diff/shared.py): read back from both SVGs of a comparison, what two versions share stands at
the same coordinates, what changed is where only one version draws it, and the shared checker
passes on every drawing against the version it draws."""

from __future__ import annotations

import json
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml

from socialmaps.diff import compare
from socialmaps.loader import load_case
from socialmaps.model import Case
from socialmaps.options import RenderOptions

from conftest import ROOT, SHARED
from svgread import first_shape_box, parse, parts, shape_box, text_lines

S = ROOT / "examples" / "s-2024.yaml"
FAMILY = ROOT / "examples" / "family-en.yaml"
CHECKER = SHARED / "tools" / "svgcheck.py"
needs_checker = pytest.mark.skipif(not CHECKER.is_file(), reason="shared checker not found")


def drawn(cases: list[Case], kind: str) -> list[ET.Element]:
    return [parse(d.drawing.svg) for d in compare(cases, RenderOptions(diagrams=(kind,))).of(kind)]


def words(elem: ET.Element) -> str:
    pieces = [e.text or "" for e in elem.iter() if e.tag.endswith(("}text", "}tspan"))]
    return " ".join(" ".join(pieces).split())


def event_markers(root: ET.Element) -> dict[str, tuple[float, float]]:
    """Each event's label words -> its marker's centre."""
    out = {}
    for event in parts(root, "sm-event"):
        marker = next(e for e in event if e.tag.endswith(("}circle", "}polygon")))
        found = shape_box(marker)
        assert found is not None
        out[words(event)] = found.center
    return out


def item_places(root: ET.Element) -> dict[tuple[str, str], tuple[float, float]]:
    """(quadrant, item words) -> where the item's first line starts."""
    out = {}
    for quadrant in parts(root, "sm-quadrant"):
        for item in parts(quadrant, "sm-item"):
            first = text_lines(root, item)[0].box
            key = (quadrant.get("data-quadrant") or "", words(item).lstrip("•0123456789. "))
            out[key] = (first.x0, first.y0)
    return out


def venn_places(root: ET.Element) -> dict[tuple[str, str], tuple[float, float, float]]:
    """(name, closeness) -> the circle's centre and radius."""
    out = {}
    for item in parts(root, "sm-venn-item"):
        box = first_shape_box(root, item)
        assert box is not None
        out[(item.get("data-name") or "", item.get("data-closeness") or "")] = (*box.center, box.width / 2)
    return out


def test_life_events_both_versions_hold_stand_where_they_stood() -> None:
    before, after = drawn(load_case(S).history(), "lifemap")
    first, second = event_markers(before), event_markers(after)
    shared = set(first) & set(second)
    assert len(shared) == 10 and len(second) == 11
    for name in shared:
        assert first[name] == pytest.approx(second[name], abs=0.01), name
    (new,) = set(second) - set(first)
    assert "Teman baru" in new
    assert float(before.get("width") or 0) == float(after.get("width") or 0)


def test_each_version_says_now_at_its_own_date() -> None:
    before, after = drawn(load_case(S).history(), "lifemap")

    def now_x(root: ET.Element) -> float:
        (line,) = [t for t in text_lines(root) if t.text == "Sekarang"]
        return line.box.center[0]

    # August and September 2024: "now" one month apart, the earlier to the left.
    assert now_x(before) < now_x(after)


def _bpss_pair() -> list[Case]:
    after = load_case(S)
    assert after.bpss is not None
    social = [*after.bpss.social, "Ikut kelompok lansia RW 03"]
    psychological = [after.bpss.psychological[1]]
    later = after.model_copy(update={"bpss": after.bpss.model_copy(update={
        "social": social, "psychological": psychological, "spiritual": []})})
    return [after, later]


def test_bpss_items_both_versions_hold_stand_where_they_stood() -> None:
    before, after = drawn(_bpss_pair(), "bpss")
    first, second = item_places(before), item_places(after)
    shared = set(first) & set(second)
    assert len(shared) == 5
    for key in shared:
        assert first[key] == pytest.approx(second[key], abs=0.01), key
    assert set(first) - set(second) == {("psychological", "Kesepian dan sedih di masa tua"),
                                        ("spiritual", "Jarang bahkan tidak pernah beribadah")}
    assert set(second) - set(first) == {("social", "Ikut kelompok lansia RW 03")}
    # The panels themselves do not move or change size.
    boxes = [[first_shape_box(root, q) for q in parts(root, "sm-quadrant")] for root in (before, after)]
    assert boxes[0] == boxes[1]


def test_strength_items_both_versions_hold_stand_where_they_stood() -> None:
    now = load_case(FAMILY)
    assert now.strengths is not None
    inner = now.strengths.internal.model_copy(update={"strengths": ["Caring", "Hopeful", "Determined"]})
    later = now.model_copy(update={"strengths": now.strengths.model_copy(update={"internal": inner})})
    before, after = drawn([now, later], "strengths")
    first, second = item_places(before), item_places(after)
    for key in set(first) & set(second):
        assert first[key] == pytest.approx(second[key], abs=0.01), key
    assert set(second) - set(first) == {("internal-strengths", "Hopeful")}


def _venn_pair() -> list[Case]:
    now = load_case(FAMILY)
    assert now.venn is not None
    items = list(now.venn.items)
    closer = items[0].model_copy(update={"closeness": 5 if items[0].closeness != 5 else 4})
    return [now, now.model_copy(update={"venn": now.venn.model_copy(update={"items": [*items[2:], closer]})})]


def test_venn_circles_both_versions_hold_stand_where_they_stood() -> None:
    cases = _venn_pair()
    earlier, later = (c.venn for c in cases)
    assert earlier is not None and later is not None
    before, after = drawn(cases, "venn")
    first, second = venn_places(before), venn_places(after)
    shared = set(first) & set(second)
    assert len(shared) == len(earlier.items) - 2   # one removed, one moved closer
    for key in shared:
        assert first[key] == pytest.approx(second[key], abs=0.01), key
    # The institution whose closeness changed stands at the distance of each version's closeness.
    moved = later.items[-1]
    (old,) = [k for k in first if k[0] == moved.name]
    (new,) = [k for k in second if k[0] == moved.name]
    assert old != new and first[old][:2] != second[new][:2]


@needs_checker
@pytest.mark.parametrize("kind", ["lifemap", "bpss", "venn"])
def test_checker_passes_on_every_version_against_its_own_case(kind: str, tmp_path: Path) -> None:
    cases = {"lifemap": load_case(S).history(), "bpss": _bpss_pair(), "venn": _venn_pair()}[kind]
    result = compare(cases, RenderOptions(diagrams=(kind,)))
    for step, (case, d) in enumerate(zip(cases, result.of(kind), strict=True)):
        svg = tmp_path / f"{kind}-{step}.svg"
        svg.write_text(d.drawing.svg, encoding="utf-8")
        case_file = tmp_path / f"case-{step}.yaml"
        case_file.write_text(yaml.safe_dump(case.model_dump(mode="json", by_alias=True, exclude_none=True),
                                            allow_unicode=True), encoding="utf-8")
        run = subprocess.run([sys.executable, str(CHECKER), "--json", "--case", str(case_file), str(svg)],
                             capture_output=True, text=True, timeout=300)
        report = json.loads(run.stdout.splitlines()[0])
        assert report["ok"], (step, report["violations"])
