"""BPSS table layout: chosen by the case or by the style, four numbered columns in
report order, every item inside its column at every style, the same bytes each time."""

from __future__ import annotations

import dataclasses
import itertools
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from socialmaps import text as tm
from socialmaps.diagrams.bpss import chosen_layout, render
from socialmaps.diagrams.bpss.layout import ORDER
from socialmaps.diagrams.bpss.table import layout
from socialmaps.drawing import Context
from socialmaps.lang import words
from socialmaps.loader import load_case, load_text
from socialmaps.model import Case
from socialmaps.options import RenderOptions
from socialmaps.style import Style, load_style

STYLES = ("default", "print", "colorblind", "large")
EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
SVG = "{http://www.w3.org/2000/svg}"

S = """
socialmaps: 1
case: {id: S-2024, title: Klien S}
bpss:
  LAYOUT
  biological: [Postur ideal 155 cm, 55 kg, Pernah kecelakaan, jalan tidak normal, Asam urat]
  psychological: [Kesepian dan sedih di masa tua, Rindu istri dan anaknya]
  social: [Tidak dekat dengan tetangga]
  spiritual: [Jarang bahkan tidak pernah beribadah]
"""


def case_s(layout_line: str = "layout: table") -> Case:
    return load_text(S.replace("LAYOUT", layout_line))


def context(case: Case, style: str | Style = "default") -> Context:
    st = load_style(style) if isinstance(style, str) else style
    return Context(case=case, options=RenderOptions(), style=st, words=words(case.case.language),
                   figure_number="1")


def table_style(base: str = "default") -> Style:
    st = load_style(base)
    return dataclasses.replace(st, raw={**st.raw, "bpss": {"layout": "table"}})


def dense_table() -> Case:
    case = load_case(EXAMPLES / "quadrants-dense.yaml")
    assert case.bpss is not None
    return case.model_copy(update={"bpss": case.bpss.model_copy(update={"layout": "table"})})


def test_case_option_and_style_key_choose_the_table() -> None:
    assert chosen_layout(context(case_s())) == "table"
    assert chosen_layout(context(case_s(""))) == "quadrant"
    assert chosen_layout(context(case_s(""), table_style())) == "table"
    # The case's own choice wins over the style.
    assert chosen_layout(context(case_s("layout: quadrant"), table_style())) == "quadrant"


@pytest.mark.parametrize("style", STYLES)
@pytest.mark.parametrize("source", ["s", "dense", "example"])
def test_items_inside_their_columns(style: str, source: str) -> None:
    case = {"s": case_s, "dense": dense_table,
            "example": lambda: load_case(EXAMPLES / "bpss-table.yaml")}[source]()
    lay = layout(context(case, style))
    fit = lay.fit
    assert fit.size >= load_style(style).font.min
    panels = fit.panels
    assert [p.spec.key for p in panels] == list(ORDER)
    # Four columns side by side, one top, one height, left to right in report order.
    assert len({p.box.y0 for p in panels}) == 1 and len({p.box.y1 for p in panels}) == 1
    assert all(a.box.x1 <= b.box.x0 + 1e-9 for a, b in itertools.pairwise(panels))
    for panel in panels:
        assert len(panel.items) == len(panel.spec.items)
        assert panel.spec.numbered
        for item in panel.items:
            assert " ".join(item.lines) == tm.collapse(item.text)
            for box in item.boxes(fit.size, fit.line_height):
                assert panel.box.contains(box), (style, panel.spec.key, item.text)
                # Items start below the header row.
                assert box.y0 >= panel.box.y0 + lay.header
        step = fit.line_height * fit.heading_size
        headings = [tm.line_box(panel.heading_x, panel.heading_baseline + i * step, line, fit.heading_size,
                                panel.heading_anchor, bold=True)
                    for i, line in enumerate(panel.heading_lines)]
        assert all(panel.box.y0 <= h.y0 and h.y1 <= panel.box.y0 + lay.header for h in headings)


def test_numbered_items_and_bold_header_in_svg() -> None:
    root = ET.fromstring(render(context(dense_table())).svg)
    columns = [g for g in root.iter(f"{SVG}g") if g.get("class") == "sm-quadrant"]
    assert [c.get("data-quadrant") for c in columns] == list(ORDER)
    for column in columns:
        texts = [t for t in column if t.tag == f"{SVG}text"]
        heading = texts[0]
        assert heading.get("font-weight") == "bold"
        numbers = ["".join(t.itertext()) for t in texts[1:]]
        assert numbers == [f"{i}." for i in range(1, 13)]
        items = [g for g in column if g.get("class") == "sm-item"]
        assert len(items) == 12
        # The item's own text is the case's text, with no number in it.
        assert not "".join(items[0].itertext()).startswith("1")


def test_same_input_same_bytes() -> None:
    assert render(context(dense_table())).svg == render(context(dense_table())).svg
    assert render(context(case_s())).svg != render(context(case_s(""))).svg
