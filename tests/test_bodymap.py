"""Body map: marks on their regions, client-left placement, callouts clear of each other,
leaders that do not cross, key table and footer, both languages, stable bytes.

Everything is read back from the SVG (tests/svgread.py), not from the layout objects,
so what is checked is what a reader of the file gets.
"""

from __future__ import annotations

import itertools
import math
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from itertools import pairwise
from pathlib import Path

import pytest
import yaml

from socialmaps import RenderOptions, load_case, load_text, render
from socialmaps.diagrams.bodymap import outline
from socialmaps.diagrams.bodymap.layout import KINDS
from socialmaps.geometry import Box, segments_cross
from socialmaps.lang import words

from conftest import EXAMPLES, ROOT, SHARED
from svgread import NS, classes, local, parse, parts, placed, shape_box, text_lines, viewbox

DENSE = ROOT / "examples" / "bodymap-dense.yaml"
BODYMAP_EXAMPLES = [p for p in EXAMPLES if "bodymap" in (yaml.safe_load(p.read_text("utf-8")) or {})]
STYLES = ("default", "print", "large", "colorblind")


def _svg(path: Path, **options: object) -> str:
    return render(load_case(path), "bodymap", RenderOptions(**options)).svg  # type: ignore[arg-type]


def _svg_text(text: str, **options: object) -> str:
    return render(load_text(text), "bodymap", RenderOptions(**options)).svg  # type: ignore[arg-type]


def _case(marks: str, views: str = "both", figure: str = "adult", extra: str = "") -> str:
    return f"""socialmaps: 1
case: {{id: t, language: id{extra}}}
bodymap:
  views: {views}
  figure: {figure}
  marks:
{marks}
"""


# --------------------------------------------------------------------------- reading back


def _numbers(d: str) -> list[float]:
    return [float(v) for v in re.findall(r"-?\d+(?:\.\d+)?", d)]


def _frames(root: ET.Element, figure: str) -> dict[str, tuple[float, float, float]]:
    """Per view, (ox, oy, scale) mapping outline units to the page, found from the drawn path:
    its numbers are the outline path's numbers moved and scaled."""
    frames = {}
    for group in parts(root, "sm-outline"):
        assert group.get("transform") is None
        drawn = _numbers(next(e for e in group if local(e.tag) == "path").get("d", ""))
        source = _numbers(outline.outline_path(group.get("data-view", ""), figure))
        assert len(drawn) == len(source)
        dx, sx = drawn[0::2], source[0::2]
        dy, sy = drawn[1::2], source[1::2]
        scale = (max(dx) - min(dx)) / (max(sx) - min(sx))
        assert scale == pytest.approx((max(dy) - min(dy)) / (max(sy) - min(sy)), rel=1e-3)
        frames[group.get("data-view", "")] = (min(dx) - scale * min(sx), min(dy) - scale * min(sy), scale)
    return frames


def _marks(root: ET.Element) -> list[ET.Element]:
    return parts(root, "sm-mark")


def _symbol_centre(root: ET.Element, mark: ET.Element) -> tuple[float, float]:
    """Each symbol's first shape is drawn with its box centred on the mark's point."""
    offsets = {id(e): off for e, off in placed(root)}
    for elem in mark:
        box = shape_box(elem, offsets.get(id(elem), (0.0, 0.0)))
        if box is not None:
            return box.center
    raise AssertionError("mark without a symbol")


def _symbol_box(root: ET.Element, mark: ET.Element) -> Box:
    """Union of the mark's own shapes except its leader line."""
    offsets = {id(e): off for e, off in placed(root)}
    boxes = [shape_box(e, offsets.get(id(e), (0.0, 0.0))) for e in mark
             if local(e.tag) != "text" and "sm-leader" not in classes(e)]
    found = [b for b in boxes if b is not None]
    box = found[0]
    for b in found[1:]:
        box = box.union(b)
    return box


def _apart(a: Box, b: Box) -> bool:
    """Symbols are roundish: apart when the circles round their boxes do not overlap."""
    ra, rb = max(a.width, a.height) / 2, max(b.width, b.height) / 2
    return math.dist(a.center, b.center) >= ra + rb - 0.5


Point = tuple[float, float]


def _leader(mark: ET.Element) -> list[Point]:
    """The leader's points, from the symbol to the callout (a polyline, bent round an arm)."""
    line = next(e for e in mark if "sm-leader" in classes(e))
    values = _numbers(line.get("points", ""))
    return list(zip(values[0::2], values[1::2], strict=True))


def _segments(points: list[Point]) -> list[tuple[Point, Point]]:
    return list(pairwise(points))


def _local(frame: tuple[float, float, float], p: tuple[float, float]) -> tuple[float, float]:
    ox, oy, s = frame
    return ((p[0] - ox) / s, (p[1] - oy) / s)


# --------------------------------------------------------------------------- tests


@pytest.mark.parametrize("style", STYLES)
@pytest.mark.parametrize("figure", outline.FIGURES)
def test_every_mark_inside_its_region(style: str, figure: str) -> None:
    text = DENSE.read_text("utf-8").replace("views: both", f"views: both\n  figure: {figure}")
    root = parse(_svg_text(text, style=style))
    frames = _frames(root, figure)
    marks = _marks(root)
    assert len(marks) == 12
    for mark in marks:
        view, region = mark.get("data-view", ""), mark.get("data-region", "")
        p = _local(frames[view], _symbol_centre(root, mark))
        assert outline.point_in_polygon(p, outline.region_polygon(region, view, figure)), (region, view, p)


@pytest.mark.parametrize("view", outline.VIEWS)
@pytest.mark.parametrize("figure", outline.FIGURES)
def test_client_left_and_right_on_both_views(view: str, figure: str) -> None:
    """The client's left knee and hand: viewer right on the front view, viewer left on the back."""
    marks = "\n".join(f"    - {{region: {side}-{part}, kind: pain, view: {view}}}"
                      for side in ("left", "right") for part in ("knee", "hand", "shoulder"))
    root = parse(_svg_text(_case(marks, figure=figure)))
    ox, _, scale = _frames(root, figure)[view]
    centre_line = ox + scale * outline.MID_X
    for mark in _marks(root):
        x, _ = _symbol_centre(root, mark)
        client_left = mark.get("data-region", "").startswith("left-")
        viewer_right = x > centre_line
        assert viewer_right == (client_left == (view == "front")), mark.attrib


def test_unset_view_goes_to_the_first_view_showing_the_region() -> None:
    marks = ("    - {region: left-knee, kind: pain}\n    - {region: lower-back, kind: pain}\n"
             "    - {region: chest, kind: pain}")
    root = parse(_svg_text(_case(marks, views="[back, front]")))
    views = {m.get("data-region"): m.get("data-view") for m in _marks(root)}
    assert views == {"left-knee": "back", "lower-back": "back", "chest": "front"}
    order = [g.get("data-view") for g in parts(root, "sm-outline")]
    assert order == ["back", "front"]


def test_a_mark_view_missing_from_views_is_still_drawn() -> None:
    root = parse(_svg_text(_case("    - {region: left-knee, kind: pain, view: back}", views="front")))
    assert [g.get("data-view") for g in parts(root, "sm-outline")] == ["front", "back"]
    assert [m.get("data-view") for m in _marks(root)] == ["back"]


@pytest.mark.parametrize("style", STYLES)
@pytest.mark.parametrize("lang", ["id", "en"])
def test_no_text_overlaps_and_everything_inside(style: str, lang: str) -> None:
    root = parse(_svg(DENSE, style=style, lang=lang))
    lines = [t for t in text_lines(root) if t.text.strip()]
    for a, b in itertools.combinations(lines, 2):
        assert a.box.overlap(b.box) <= 0.5, (a.text, b.text)
    area = viewbox(root).expand(0.5)
    for t in lines:
        assert area.contains(t.box), t.text
    # No callout or number covers another mark's symbol; symbols keep apart.
    marks = _marks(root)
    symbols = {id(m): _symbol_box(root, m) for m in marks}
    for m in marks:
        for t in text_lines(root, m):
            for other in marks:
                if other is not m:
                    assert symbols[id(other)].overlap(t.box) <= 0.5, (t.text, other.attrib)
    for a, b in itertools.combinations(marks, 2):
        assert _apart(symbols[id(a)], symbols[id(b)]), (a.attrib, b.attrib)


@pytest.mark.parametrize("style", STYLES)
def test_callouts_sit_in_the_margins_and_leaders_do_not_cross(style: str) -> None:
    root = parse(_svg(DENSE, style=style))
    figures = []
    for group in parts(root, "sm-outline"):
        path = next(e for e in group if local(e.tag) == "path")
        box = shape_box(path)
        assert box is not None
        figures.append(box)
    leaders = []
    for mark in _marks(root):
        label_lines = text_lines(root, mark)[1:]  # [0] is the number on the symbol
        assert label_lines
        for t in label_lines:
            for fig in figures:
                assert t.box.overlap(fig) <= 0, (t.text, fig)
        route = _leader(mark)
        end = route[-1]
        # The leader ends at its callout's first line.
        first = label_lines[0].box
        assert first.y0 <= end[1] <= first.y1
        assert min(abs(end[0] - first.x0), abs(end[0] - first.x1)) < 10
        leaders.append(route)
    for one, other in itertools.combinations(leaders, 2):
        for (a, b), (c, d) in itertools.product(_segments(one), _segments(other)):
            assert not segments_cross(a, b, c, d)


def test_key_table_and_footer() -> None:
    svg = _svg(DENSE)
    root = parse(svg)
    key = parts(root, "sm-key")[0]
    lines = text_lines(root, key)  # (each column is one text, a line per row: read the lines)
    texts = [t.text for t in lines]
    for heading in ("No.", "Bagian tubuh", "Jenis", "Keterangan"):
        assert heading in texts
    for n in range(1, 13):
        assert f"{n}." in texts
    assert "Lutut kiri" in texts and "Cedera" in texts
    # A row's cells stand on one baseline: the row of "1." names the region of mark 1.
    first = next(t for t in lines if t.text == "1.")
    row = [t.text for t in lines if abs(t.box.y0 - first.box.y0) < 0.01]
    assert row[:2] == ["1.", "Kepala"]
    footer = "".join(parts(root, "sm-footer")[0].itertext()).strip()
    assert footer == "Dicatat oleh Praktikan pekerja sosial, 2025-06-12"
    # The table sits under the figures and the legend, clear of both.
    table = Box(*[float("inf")] * 2, *[float("-inf")] * 2)
    for t in text_lines(root, key):
        table = Box(min(table.x0, t.box.x0), min(table.y0, t.box.y0), max(table.x1, t.box.x1),
                    max(table.y1, t.box.y1))
    legend = shape_box(next(e for e in parts(root, "sm-legend")[0] if local(e.tag) == "rect"))
    assert legend is not None and legend.y1 < table.y0
    for group in parts(root, "sm-outline"):
        fig = shape_box(next(e for e in group if local(e.tag) == "path"))
        assert fig is not None and fig.y1 < table.y0


def test_footer_only_with_what_the_case_gives() -> None:
    marks = "    - {region: chest, kind: pain}"
    assert not parts(parse(_svg_text(_case(marks))), "sm-footer")
    root = parse(_svg_text(_case(marks, extra=", worker: Budi")))
    assert "".join(parts(root, "sm-footer")[0].itertext()).strip() == "Dicatat oleh Budi"
    root = parse(_svg_text(_case(marks, extra=", date: 2024-09, language: en").replace("language: id, ", "")))
    assert "".join(parts(root, "sm-footer")[0].itertext()).strip() == "Recorded on 2024-09"


def test_both_languages() -> None:
    svg_id, svg_en = _svg(DENSE, lang="id"), _svg(DENSE, lang="en")
    for word in ("Depan", "Belakang", "Bagian tubuh", "Punggung atas", "Kiri dan kanan menurut"):
        assert word in svg_id and word not in svg_en
    for word in ("Front", "Back", "Body part", "Left knee", "Left and right are the client"):
        assert word in svg_en
    assert "Recorded by Praktikan pekerja sosial on 2025-06-12" in svg_en


def test_legend_lists_only_the_kinds_used() -> None:
    root = parse(_svg(ROOT / "examples" / "s-2024.yaml"))
    legend = parts(root, "sm-legend")[0]
    labels = ["".join(t.itertext()) for t in legend.iter(f"{NS}text")]
    assert labels == ["Keterangan", "Cedera", "Penyakit"]


def test_kinds_differ_in_black_and_white() -> None:
    """Each kind draws a different set of shapes (tags and counts), so print keeps them apart."""
    kinds = KINDS  # every kind the format has (a bruise's dashed ring among them)
    marks = "\n".join(f"    - {{region: {r}, kind: {k}}}" for r, k in zip(
        ("head", "chest", "abdomen", "pelvis", "left-thigh", "right-thigh", "left-hand", "right-hand"), kinds,
        strict=True))
    root = parse(_svg_text(_case(marks, views="front"), style="print"))
    signatures = {}
    for mark in _marks(root):
        shapes = tuple(sorted((local(e.tag), len((e.get("points") or "").split()))
                              for e in mark if local(e.tag) != "text" and "sm-leader" not in classes(e)))
        signatures[mark.get("data-kind")] = shapes
        fills = {e.get("fill") for e in mark if local(e.tag) != "text"} - {None, "none"}
        assert fills <= {"#000000", "#ffffff"}, fills
    assert len(set(signatures.values())) == len(kinds), signatures


def test_a_bruise_is_a_kind_of_its_own() -> None:
    """Domestic-violence assessments mark bruises (memar) most: a kind of its own, named in both
    languages in the legend and the key table, drawn as a dashed ring round a plain one."""
    marks = "    - {region: left-upper-arm, kind: bruise, note: Memar}\n    - {region: face, kind: injury}"
    for lang, word in (("id", "Memar"), ("en", "Bruise")):
        root = parse(_svg_text(_case(marks, views="front"), lang=lang))
        legend = parts(root, "sm-legend")[0]
        assert word in ["".join(t.itertext()) for t in legend.iter(f"{NS}text")]
        (bruise,) = [m for m in _marks(root) if m.get("data-kind") == "bruise"]
        rings = [e for e in bruise if local(e.tag) == "circle"]
        assert len(rings) == 2 and rings[0].get("stroke-dasharray")


def test_several_marks_on_one_region_spread_inside_it() -> None:
    marks = "\n".join(f"    - {{region: chest, kind: {k}, note: n{i}}}" for i, k in
                      enumerate(("pain", "pain", "scar", "feeling")))
    root = parse(_svg_text(_case(marks, views="front")))
    frame = _frames(root, "adult")["front"]
    centres = [_symbol_centre(root, m) for m in _marks(root)]
    poly = outline.region_polygon("chest", "front")
    for c in centres:
        assert outline.point_in_polygon(_local(frame, c), poly)
    boxes = [_symbol_box(root, m) for m in _marks(root)]
    for a, b in itertools.combinations(boxes, 2):
        assert _apart(a, b)


def test_same_bytes_whatever_the_file_order() -> None:
    first = _svg(DENSE)
    assert _svg(DENSE) == first
    text = DENSE.read_text("utf-8")
    head, _, tail = text.partition("  marks:\n")
    lines = tail.splitlines(keepends=True)
    assert _svg_text(head + "  marks:\n" + "".join(reversed(lines))) == first


def test_numbers_run_view_by_view_and_down_each_side() -> None:
    """Numbers follow the figure (view by view, each side's callouts from top to bottom), not the file."""
    root = parse(_svg(DENSE))
    marks = _marks(root)
    assert [int(m.get("data-number", 0)) for m in marks] == list(range(1, 13))
    assert [m.get("data-view") for m in marks] == ["front"] * 7 + ["back"] * 5
    sides: dict[tuple[str, str], list[tuple[int, float]]] = {}
    for m in marks:
        heading = text_lines(root, m)[1]
        side = "left" if heading.box.x1 < _symbol_centre(root, m)[0] else "right"
        sides.setdefault((m.get("data-view", ""), side), []).append((int(m.get("data-number", 0)),
                                                                      heading.box.y0))
    for found in sides.values():
        assert [y for _, y in found] == sorted(y for _, y in found)


def test_blank_body_map_without_marks() -> None:
    root = parse(_svg_text(_case("    []", views="front").replace("  marks:\n    []", "  marks: []")))
    assert len(parts(root, "sm-outline")) == 1
    assert not _marks(root) and not parts(root, "sm-key")


@pytest.mark.parametrize("case", BODYMAP_EXAMPLES, ids=lambda p: p.stem)
def test_the_shared_checker_accepts_every_example(case: Path, tmp_path: Path) -> None:
    pytest.importorskip("svgelements")
    checker = SHARED / "tools" / "svgcheck.py"
    if not checker.is_file():
        pytest.skip("shared checker not found")
    files = []
    for style in STYLES:
        path = tmp_path / f"{case.stem}-{style}.svg"
        path.write_text(_svg(case, style=style), encoding="utf-8")
        files.append(str(path))
    run = subprocess.run([sys.executable, str(checker), "--case", str(case), *files],
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr


def test_region_list_is_documented() -> None:
    doc = (ROOT / "docs" / "bodymap-regions.md").read_text("utf-8")
    for region in outline.REGIONS:
        key = f"bodymap.region.{region}"
        assert f"| `{region}` | {words('id')[key]} | {words('en')[key]} |" in doc
    for alias in outline.ALIASES:
        assert f"`{alias}`" in doc
