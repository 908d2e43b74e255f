"""Issue 12, quadrants (BPSS and strength quadrant): the panels share the figure by how much
text they hold before any text shrinks; no text below 8 pt when the figure is printed 16 cm
wide (measured here and by the shared checker); an empty panel says so."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from socialmaps import RenderOptions, load_text, render
from socialmaps.diagrams.panels import POINTS_AT_16CM, readable_min
from socialmaps.style import load_style

from svgread import NS, first_shape_box, parse, parts, text_lines, viewbox

ROOT = Path(__file__).resolve().parents[1]
CHECKER = ROOT.parent / "shared" / "tools" / "svgcheck.py"
STYLES = ("default", "print", "large")
LONG = "Tekanan darah sering naik ketika kurang tidur dan banyak pikiran, sehingga klien mengeluh pusing"
FULL = [LONG, *(f"Butir pendek nomor {i}" for i in range(7))]

UNEVEN = {  # one full panel, one with two items, one empty, one with a few: a typical first draft
    "bpss": {"biological": FULL, "psychological": ["Mudah teriritasi", "Pelupa"], "social": FULL[:4],
             "spiritual": []},
    "strengths": {"internal": {"strengths": FULL, "weaknesses": ["Pelupa"]},
                  "external": {"strengths": ["Disiplin di sentra", "Aktif di kelas"], "weaknesses": []}},
}


def case_text(kind: str, lang: str = "id", data: dict | None = None) -> str:
    body = json.dumps({kind: data if data is not None else UNEVEN[kind]}, ensure_ascii=False)
    head = f"socialmaps: 1\ncase: {{id: Q, title: Klien Q, language: {lang}}}\n"
    return head + body[1:-1].replace(f'"{kind}": ', f"{kind}: ", 1) + "\n"


def svg_of(kind: str, style: str = "default", lang: str = "id", data: dict | None = None) -> str:
    return render(load_text(case_text(kind, lang, data)), kind, RenderOptions(style=style)).svg


def item_sizes(svg: str) -> set[float]:
    root = parse(svg)
    return {float(t.get("font-size") or 0) for item in parts(root, "sm-item") for t in item.iter(f"{NS}text")}


def smallest_pt_at_16cm(svg: str) -> float:
    root = parse(svg)
    sizes = [float(t.get("font-size") or 0) for t in root.iter(f"{NS}text")]
    return min(sizes) * POINTS_AT_16CM / viewbox(root).width


@pytest.mark.parametrize("style", STYLES)
@pytest.mark.parametrize("kind", ["bpss", "strengths"])
def test_text_keeps_its_size_while_another_panel_has_room(kind: str, style: str) -> None:
    """Uneven panels: the full ones take the room the others leave, so no text shrinks
    (the old rule shrank every panel to 7 units while two panels stood 40 % empty)."""
    assert item_sizes(svg_of(kind, style)) == {load_style(style).font.size}


@pytest.mark.parametrize("kind", ["bpss", "strengths"])
def test_the_fuller_column_gets_the_wider_share(kind: str) -> None:
    root = parse(svg_of(kind))
    boxes = {q.get("data-quadrant"): first_shape_box(root, q) for q in parts(root, "sm-quadrant")}
    full, light = (("biological", "psychological") if kind == "bpss"
                   else ("internal-strengths", "internal-weaknesses"))
    assert boxes[full] is not None and boxes[light] is not None
    assert boxes[full].width > 1.2 * boxes[light].width
    # The two rows are as tall as their own content, not one shared height.
    heights = sorted({round(b.height, 1) for b in boxes.values() if b is not None})
    assert len(heights) == 2


DENSE = {"bpss": {k: [f"{LONG} {k} {i}" for i in range(12)]
                  for k in ("biological", "psychological", "social", "spiritual")},
         "strengths": {row: {col: [f"{LONG} {row} {col} {i}" for i in range(12)]
                             for col in ("strengths", "weaknesses")} for row in ("internal", "external")}}


@pytest.mark.parametrize("style", STYLES)
@pytest.mark.parametrize("kind", ["bpss", "strengths"])
@pytest.mark.parametrize("data", ["uneven", "dense"])
def test_no_text_below_8pt_at_16cm(kind: str, style: str, data: str) -> None:
    svg = svg_of(kind, style, data=None if data == "uneven" else DENSE[kind])
    root = parse(svg)
    assert smallest_pt_at_16cm(svg) >= 8.0 - 1e-9
    floor = readable_min(load_style(style), viewbox(root).width)
    assert min(item_sizes(svg)) >= floor - 0.01
    # Dense panels grew rather than overflowing: every item line inside its panel.
    for quadrant in parts(root, "sm-quadrant"):
        panel = first_shape_box(root, quadrant)
        assert panel is not None
        for item in parts(quadrant, "sm-item"):
            for line in text_lines(root, item):
                assert panel.contains(line.box)


@pytest.mark.parametrize("lang, words", [("id", "— tidak ada data"), ("en", "— no data")])
@pytest.mark.parametrize("kind, empty", [("bpss", "spiritual"), ("strengths", "external-weaknesses")])
def test_an_empty_panel_says_so(kind: str, empty: str, lang: str, words: str) -> None:
    root = parse(svg_of(kind, lang=lang))
    for quadrant in parts(root, "sm-quadrant"):
        said = parts(quadrant, "sm-empty")
        if quadrant.get("data-quadrant") != empty:
            assert not said
            continue
        assert not parts(quadrant, "sm-item")          # no item is made up
        assert [line.text for line in text_lines(root, said[0])] == [words]
        panel = first_shape_box(root, quadrant)
        assert panel is not None and all(panel.contains(line.box) for line in text_lines(root, said[0]))


@pytest.mark.skipif(not CHECKER.is_file(), reason="shared checker not found")
@pytest.mark.parametrize("kind", ["bpss", "strengths"])
def test_shared_checker_measures_8pt_and_no_violation(kind: str, tmp_path: Path) -> None:
    case = tmp_path / "case.yaml"
    case.write_text(case_text(kind), encoding="utf-8")
    files = []
    for style in STYLES:
        for name, data in (("uneven", None), ("dense", DENSE[kind])):
            path = tmp_path / f"{name}-{style}.svg"
            path.write_text(svg_of(kind, style, data=data), encoding="utf-8")
            files.append(path)
    run = subprocess.run([sys.executable, str(CHECKER), "--json", *map(str, files)],
                         capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stdout + run.stderr
    reports = [json.loads(line) for line in run.stdout.splitlines() if line.startswith("{")]
    assert len(reports) == len(files)
    for report in reports:
        assert report["metrics"]["text_pt_at_16cm"] >= 8.0, report["file"]


@pytest.mark.parametrize("style", STYLES)
@pytest.mark.parametrize("data", ["uneven", "dense"])
def test_bpss_table_reads_8pt_at_16cm_and_says_when_a_column_is_empty(style: str, data: str) -> None:
    """The four-column table keeps the same floor (it was 780 units wide, its text 6.4 pt)."""
    items = dict(UNEVEN["bpss"] if data == "uneven" else DENSE["bpss"])
    svg = svg_of("bpss", style, data={"layout": "table", **items})
    root = parse(svg)
    assert smallest_pt_at_16cm(svg) >= 8.0 - 1e-9
    said = {q.get("data-quadrant"): [line.text for e in parts(q, "sm-empty") for line in text_lines(root, e)]
            for q in parts(root, "sm-quadrant")}
    expected = {"spiritual": ["— tidak ada data"]} if data == "uneven" else {}
    assert {k: v for k, v in said.items() if v} == expected
