"""The comparison of a case's versions inside `socialmaps report` (report/compared.py): after the
case's own figures, one figure per diagram that changed, every version side by side, numbered on
("Gambar 7. Ecomap Klien S sebelum dan sesudah intervensi"), in HTML, PDF and DOCX; anonymised
alike; none for a case without versions."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

from socialmaps.loader import load_case
from socialmaps.options import RenderOptions
from socialmaps.output import report_bytes, write_case
from socialmaps.report.compared import comparison_figures_for
from test_anonymize import secrets_of
from test_report import leaks, needs_poppler, pdf_text, squeeze

from conftest import ROOT

S = ROOT / "examples" / "s-2024.yaml"
MS = ROOT / "examples" / "ms-smk-2024.yaml"
EXPECTED = ["Gambar 7. Ecomap Klien S sebelum dan sesudah intervensi",
            "Gambar 8. Life Road Map Klien S sebelum dan sesudah intervensi"]


def figures_in(page: str) -> list[tuple[str, str]]:
    """(caption, inline SVG) of every figure of an HTML report."""
    found = re.findall(r"<figure[^>]*>\s*(<svg.*?</svg>)\s*<figcaption>(.*?)</figcaption>", page, re.S)
    return [(ET.fromstring(f"<c>{caption}</c>").text or "", svg) for svg, caption in found]


def test_html_report_ends_with_the_changed_diagrams_side_by_side() -> None:
    page = report_bytes(load_case(S), "html").decode("utf-8")
    figures = figures_in(page)
    assert [caption for caption, _ in figures][-3:] == ["Gambar 6. Evaluasi Intervensi Klien S", *EXPECTED]
    for _, svg in figures[-2:]:
        root = ET.fromstring(svg)
        panels = [e for e in root.iter() if e.get("class") == "sm-compare-panel"]
        assert [p.get("data-date") for p in panels] == ["Agu 2024", "Sep 2024"]
        assert any(e.get("data-change") == "new" for e in panels[1].iter())
        assert root.get("width", "").endswith("mm") and float(root.get("width", "0mm")[:-2]) <= 160.001
    # The ids of two figures of one diagram do not collide in the page.
    assert len(re.findall(r'<figure id="figure-ecomap"', page)) == 1
    assert len(re.findall(r'<figure id="figure-ecomap-7"', page)) == 1


def test_a_case_without_versions_gets_no_comparison() -> None:
    assert comparison_figures_for(load_case(MS), RenderOptions(page="a4"), 5) == []
    page = report_bytes(load_case(MS), "html").decode("utf-8")
    assert "sm-compare-panel" not in page


def test_numbers_follow_the_caption_start() -> None:
    figures = comparison_figures_for(load_case(S), RenderOptions(page="a4", caption_start=3,
                                                                 caption="Gambar 4.{n} {diagram}"), 6)
    assert [f.caption for f in figures] == ["Gambar 4.9 Ecomap sebelum dan sesudah intervensi",
                                            "Gambar 4.10 Life Road Map sebelum dan sesudah intervensi"]


@needs_poppler
def test_pdf_and_docx_reports_hold_the_comparison_captions(tmp_path: Path) -> None:
    import docx

    result = write_case(S, tmp_path, RenderOptions(formats=(), reports=("pdf", "docx"), page="a4"))
    assert result.ok and result.folder is not None, result.messages
    text = squeeze(pdf_text(result.folder / "report.pdf"))
    for caption in EXPECTED:
        assert caption in text
    document = docx.Document(str(result.folder / "report.docx"))
    captions = [p.text for p in document.paragraphs if p.style is not None and p.style.name == "Caption"]
    assert captions[-2:] == EXPECTED and len(document.inline_shapes) == len(captions) == 8


def test_anonymised_report_names_no_one_in_the_comparison(tmp_path: Path) -> None:
    case = load_case(S)
    secrets = secrets_of(case) | {"Tono", "Setu", "Dadang", "Ipung"}
    every = RenderOptions(formats=(), reports=("html", "docx"), page="a4")
    anon = write_case(S, tmp_path / "anon", every.model_copy(update={"anonymize": "roles"}))
    assert anon.ok and anon.folder is not None, anon.messages
    page = (anon.folder / "report.html").read_text("utf-8")
    assert page.count('class="sm-compare-panel"') == 4
    assert leaks(anon.folder, secrets) == []
    # the search can fail: with names, the comparison holds them
    named = write_case(S, tmp_path / "named", every)
    assert named.folder is not None
    assert any(line.startswith("report.html: Tono") for line in leaks(named.folder, {"Tono"}))


def test_the_report_is_the_same_bytes_twice() -> None:
    assert report_bytes(load_case(S), "html") == report_bytes(load_case(S), "html")
