"""BPSS quadrant: the contract, text fitting at every style, escaping, determinism."""

from __future__ import annotations

import json

import pytest

from socialmaps import CaseError, RenderOptions, load_text, render
from socialmaps.style import available

from svgread import first_shape_box, parse, parts, text_lines, viewbox

QUADRANTS = ["biological", "psychological", "social", "spiritual"]


def case_text(items: dict[str, list[str]], extra: str = "", lang: str = "id") -> str:
    lines = ["socialmaps: 1", f"case: {{id: B1, title: Klien MS, language: {lang}, client: ms}}",
             "people: [{id: ms, name: MS}]", extra, "bpss:"]
    for key, values in items.items():
        lines.append(f"  {key}:")
        lines.extend(f"    - {json.dumps(v, ensure_ascii=False)}" for v in values)
    return "\n".join(lines) + "\n"


LONG = ("Sering merasa cemas ketika harus berbicara di depan kelas, terutama saat guru meminta "
        "pendapat tentang tugas kelompok yang belum selesai")  # ~130 chars


def dense() -> dict[str, list[str]]:
    return {k: [f"{LONG} {k} {i}" for i in range(12)] for k in QUADRANTS}


@pytest.mark.parametrize("style", available())
def test_every_item_inside_its_panel_at_every_style(style: str) -> None:
    items = dense()
    svg = render(load_text(case_text(items)), "bpss", RenderOptions(style=style)).svg
    root = parse(svg)
    frame = viewbox(root)
    quadrants = parts(root, "sm-quadrant")
    assert [q.get("data-quadrant") for q in quadrants] == QUADRANTS
    for quadrant in quadrants:
        panel = first_shape_box(root, quadrant)
        assert panel is not None
        assert frame.contains(panel)
        drawn = parts(quadrant, "sm-item")
        assert len(drawn) == 12  # nothing dropped
        for item in drawn:
            for line in text_lines(root, item):
                assert panel.contains(line.box), (style, line.text, line.box, panel)
        # every word of every item is drawn, in order
        texts = [" ".join(line.text for line in text_lines(root, item)) for item in drawn]
        for text, original in zip(texts, items[quadrant.get("data-quadrant")], strict=True):
            assert text.lstrip("• ").split() == original.split()


@pytest.mark.parametrize("style", available())
def test_no_text_overlaps(style: str) -> None:
    root = parse(render(load_text(case_text(dense())), "bpss", RenderOptions(style=style)).svg)
    lines = text_lines(root)
    for i, a in enumerate(lines):
        for b in lines[i + 1:]:
            assert a.box.overlap(b.box) <= 0.01, (a.text, b.text)


def test_text_shrinks_before_panels_grow() -> None:
    few = render(load_text(case_text({"biological": ["Sehat"]})), "bpss")
    many = render(load_text(case_text(dense())), "bpss")
    assert many.metrics["font_size"] < few.metrics["font_size"]
    assert many.height > few.height  # at the minimum size, the panels grew


def test_badge_holds_client_name_and_covers_no_item() -> None:
    root = parse(render(load_text(case_text(dense())), "bpss").svg)
    badge = parts(root, "sm-badge")[0]
    badge_box = first_shape_box(root, badge)
    assert badge_box is not None
    assert [line.text for line in text_lines(root, badge)] == ["MS"]
    for item in parts(root, "sm-item"):
        for line in text_lines(root, item):
            assert badge_box.overlap(line.box) <= 0


# The case has people, so its genogram is figure 1 and the BPSS figure 2.
@pytest.mark.parametrize(("lang", "headings", "caption"), [
    ("id", ["Biologis", "Psikologis", "Sosial", "Spiritual"], "Gambar 2. BPSS Klien MS"),
    ("en", ["Biological", "Psychological", "Social", "Spiritual"], "Figure 2. BPSS of MS"),
])
def test_language_of_headings_and_caption(lang: str, headings: list[str], caption: str) -> None:
    svg = render(load_text(case_text({"biological": ["x"]}, lang=lang)), "bpss").svg
    root = parse(svg)
    found = [text_lines(root, q)[0].text for q in parts(root, "sm-quadrant")]
    assert found == headings
    assert root.find("{http://www.w3.org/2000/svg}title").text == caption


def test_root_contract() -> None:
    root = parse(render(load_text(case_text({"social": ["x"]})), "bpss").svg)
    assert root.get("role") == "img" and root.get("data-diagram") == "bpss" and root.get("data-case") == "B1"
    w, h = float(root.get("width")), float(root.get("height"))
    assert root.get("viewBox") == f"0 0 {w:g} {h:g}"
    first, second = list(root)[:2]
    assert first.tag.endswith("title") and first.text
    assert second.tag.endswith("desc") and second.text


HOSTILE = ['<script>alert(1)</script>', 'Tom & Jerry', 'say "hi" \'now\'', 'مرحبا بالعالم', '👩‍👧 keluarga',
           ']]> <!-- x -->']


def test_hostile_texts_are_escaped_and_kept() -> None:
    text = case_text({"biological": HOSTILE}).replace("name: MS", "name: '<b>MS</b> & \"co\"'")
    svg = render(load_text(text), "bpss").svg
    assert "<script" not in svg and "<b>" not in svg and "<!--" not in svg
    assert "&lt;script&gt;" in svg and "Tom &amp; Jerry" in svg
    root = parse(svg)  # well-formed XML despite everything
    drawn = [" ".join(line.text for line in text_lines(root, item)) for item in parts(root, "sm-item")]
    assert any("<script>alert(1)</script>" in d for d in drawn)
    # the emoji family DejaVu Sans lacks is drawn as one U+FFFD, never as empty boxes (issue 12)
    assert any("مرحبا" in d for d in drawn) and any("\ufffd keluarga" in d for d in drawn)
    # A control character XML cannot carry is refused by the loader, at its place (issue 10).
    with pytest.raises(CaseError, match=r"bpss\.biological\[0\]: control character U\+0007"):
        load_text(case_text({"biological": ["line\u0007bell"]}))


def test_same_input_same_bytes() -> None:
    text = case_text(dense())
    assert render(load_text(text), "bpss").svg == render(load_text(text), "bpss").svg


def test_svg_is_self_contained() -> None:
    svg = render(load_text(case_text(dense())), "bpss").svg
    for needle in ("<script", "foreignObject", " on", "http://www.w3.org/1999/xlink", "@import", "url(http"):
        assert needle not in svg.replace('xmlns="http://www.w3.org/2000/svg"', "")


def test_caption_number_can_be_given() -> None:
    svg = render(load_text(case_text({"biological": ["x"]})), "bpss", RenderOptions(figure_number="4.2")).svg
    assert parse(svg).find("{http://www.w3.org/2000/svg}title").text == "Gambar 4.2. BPSS Klien MS"
