"""Strength quadrant: four panels in their places, axis headings in the case language,
every item inside its panel at every style, nothing dropped, the same bytes each time."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from socialmaps import text as tm
from socialmaps.diagrams.strengths import applies
from socialmaps.diagrams.strengths.layout import ORDER, layout
from socialmaps.drawing import Context
from socialmaps.lang import words
from socialmaps.loader import load_case, load_text
from socialmaps.model import Case
from socialmaps.options import RenderOptions
from socialmaps.render import render
from socialmaps.style import load_style

STYLES = ("default", "print", "colorblind", "large")
DENSE = Path(__file__).resolve().parents[1] / "examples" / "quadrants-dense.yaml"
SVG = "{http://www.w3.org/2000/svg}"

MS = """
socialmaps: 1
case: {id: MS-2024, title: Klien MS, language: LANG}
strengths:
  internal:
    strengths: [Ambisius, Percaya diri, Bekerja dengan cepat, Mudah beradaptasi, Cita-cita tinggi]
    weaknesses: [Pelupa, Suasana hati buruk, Mudah marah, Tidak sabaran]
  external:
    strengths: [Disiplin di sentra, Aktif di kelas]
    weaknesses: [Terganggu kebisingan]
"""


def context(case: Case, style: str = "default") -> Context:
    return Context(case=case, options=RenderOptions(style=style), style=load_style(style),
                   words=words(case.case.language), figure_number="1")


def long_case(n: int = 12, length: int = 150) -> Case:
    word = "kata"
    item = " ".join([word] * (length // (len(word) + 1) + 1))[:length]
    lines = ["socialmaps: 1", "case: {id: long}", "strengths:"]
    for side in ("internal", "external"):
        lines.append(f"  {side}:")
        for kind in ("strengths", "weaknesses"):
            lines.append(f"    {kind}:")
            lines += [f'      - "{side} {kind} {i} {item}"' for i in range(n)]
    return load_text("\n".join(lines))


@pytest.mark.parametrize("style", STYLES)
@pytest.mark.parametrize("source", ["dense", "long", "ms"])
def test_items_inside_their_panels(style: str, source: str) -> None:
    case = {"dense": lambda: load_case(DENSE), "long": long_case,
            "ms": lambda: load_text(MS.replace("LANG", "id"))}[source]()
    lay = layout(context(case, style))
    fit = lay.fit
    assert fit.size >= load_style(style).font.min
    for panel in fit.panels:
        assert len(panel.items) == len(panel.spec.items)  # nothing dropped
        for item in panel.items:
            assert " ".join(item.lines) == tm.collapse(item.text)
            for box in item.boxes(fit.size, fit.line_height):
                assert panel.box.contains(box), (style, panel.spec.key, item.text)
    # Axis headings stay clear of the panels and inside the figure.
    for axis in lay.axes:
        assert axis.box.x0 >= 0 and axis.box.y0 >= 0
        assert axis.box.x1 <= lay.width and axis.box.y1 <= lay.height
        for panel in fit.panels:
            assert axis.box.overlap(panel.box) <= 0


def test_panel_places_and_contract_names() -> None:
    case = load_text(MS.replace("LANG", "id"))
    lay = layout(context(case))
    boxes = {p.spec.key: p.box for p in lay.fit.panels}
    assert set(boxes) == {"internal-strengths", "internal-weaknesses",
                          "external-strengths", "external-weaknesses"}
    # Internal on top, external below; strengths left, weaknesses right.
    assert boxes["internal-strengths"].y1 < boxes["external-strengths"].y0
    assert boxes["internal-weaknesses"].y1 < boxes["external-weaknesses"].y0
    assert boxes["internal-strengths"].x1 < boxes["internal-weaknesses"].x0
    assert boxes["external-strengths"].x1 < boxes["external-weaknesses"].x0
    root = ET.fromstring(render(case, "strengths").svg)
    quadrants = [g for g in root.iter(f"{SVG}g") if g.get("class") == "sm-quadrant"]
    assert [g.get("data-quadrant") for g in quadrants] == list(ORDER)
    counts = [sum(1 for g in q.iter(f"{SVG}g") if g.get("class") == "sm-item") for q in quadrants]
    assert counts == [5, 4, 2, 1]


@pytest.mark.parametrize(("lang", "expected"), [
    ("id", {"Kekuatan", "Kelemahan", "Internal", "Eksternal"}),
    ("en", {"Strengths", "Weaknesses", "Internal", "External"}),
])
def test_axis_headings_in_case_language(lang: str, expected: set[str]) -> None:
    svg = render(load_text(MS.replace("LANG", lang)), "strengths").svg
    root = ET.fromstring(svg)
    axes = next(g for g in root.iter(f"{SVG}g") if g.get("class") == "sm-axes")
    assert {"".join(t.itertext()) for t in axes.iter(f"{SVG}text")} == expected
    title = root.find(f"{SVG}title")
    assert title is not None and title.text is not None and "Klien MS" in title.text


def test_same_input_same_bytes() -> None:
    case = load_case(DENSE)
    assert render(case, "strengths").svg == render(load_case(DENSE), "strengths").svg


def test_applies_only_with_items() -> None:
    assert applies(load_text(MS.replace("LANG", "id")))
    assert not applies(load_text("socialmaps: 1\ncase: {id: x}\nstrengths: {internal: {strengths: []}}\n"))
    assert not applies(load_text("socialmaps: 1\ncase: {id: x}\n"))
