"""The Python API for scripts and notebooks (issue 14): load, one method a diagram, Diagram's formats."""

from __future__ import annotations

import struct
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

import socialmaps
from socialmaps import CaseError, Diagram, LoadedCase, NoDiagramError
from socialmaps.anonymize import case_pseudonym

from conftest import ROOT

EVERY = ROOT / "examples" / "family-en.yaml"  # has data for all seven diagrams
KINDS = ("genogram", "ecomap", "lifemap", "bodymap", "bpss", "strengths", "venn")


@pytest.fixture(scope="module")
def case() -> LoadedCase:
    return socialmaps.load(EVERY)


def svg_root(diagram: Diagram) -> ET.Element:
    return ET.fromstring(diagram.svg)


def texts(diagram: Diagram) -> set[str]:
    """Every line of text the diagram shows (a text element's text, or each of its tspans)."""
    found = set()
    for element in svg_root(diagram).iter():
        if element.tag.endswith("}text") or element.tag.endswith("}tspan"):
            found.add("".join(element.itertext()).strip())
    return found


@pytest.mark.parametrize("kind", KINDS)
def test_every_diagram_has_a_method_giving_its_svg(case: LoadedCase, kind: str) -> None:
    diagram = getattr(case, kind)()
    assert isinstance(diagram, Diagram) and diagram.kind == kind
    root = svg_root(diagram)
    assert root.get("data-diagram") == kind and root.get("data-case") == "EN-EXAMPLE"
    assert float(root.get("width", "0")) == diagram.width > 0
    assert diagram._repr_svg_() == diagram.svg  # what Jupyter shows
    assert repr(diagram).startswith(f"<Diagram {kind} ")


def test_the_same_as_render(case: LoadedCase) -> None:
    model = socialmaps.load_case(EVERY)
    options = socialmaps.RenderOptions(style="print", lang="id")
    assert case.ecomap(style="print", lang="id").svg == socialmaps.render(model, "ecomap", options).svg


def test_lang_style_and_anonymize_options(case: LoadedCase) -> None:
    english, indonesian = case.genogram().svg, case.genogram(lang="id").svg
    assert "Legend" in english and "Keterangan" in indonesian
    assert case.bpss(style="print").svg != case.bpss().svg
    anonymous = case.genogram(anonymize="roles")
    assert "Lena" not in anonymous.svg and {"Mother", "Father", "Client"} <= texts(anonymous)
    assert svg_root(anonymous).get("data-case") == case_pseudonym("EN-EXAMPLE")
    initials = case.genogram(anonymize="initials")
    assert "Lena" not in initials.svg and {"L", "P", "D"} <= texts(initials)
    # One person, one label in every diagram of the case: the ecomap's "Lena's employer" too.
    ecomap = " ".join(texts(case.ecomap(anonymize="roles")))
    assert "Mother's" in ecomap and "Lena" not in ecomap


def test_the_case_file_s_anonymize_applies_and_off_overrides_it(write) -> None:
    text = EVERY.read_text(encoding="utf-8")
    text = text.replace("  language: en\n", "  language: en\n  anonymize: roles\n")
    assert "anonymize: roles" in text
    case = socialmaps.load(write(text))
    assert "Lena" not in case.genogram().svg
    assert "Lena" in case.genogram(anonymize="off").svg


def test_png_carries_the_asked_resolution(case: LoadedCase) -> None:
    diagram = case.bpss()
    small, large = diagram.png(dpi=96), diagram.png(dpi=192)
    assert small[:8] == b"\x89PNG\r\n\x1a\n"
    width_96, height_96 = struct.unpack(">II", small[16:24])
    width_192, _ = struct.unpack(">II", large[16:24])
    assert (width_96, height_96) == (round(diagram.width), round(diagram.height))
    assert width_192 == round(diagram.width * 2)
    with pytest.raises(ValueError, match="dpi 5 is out of range"):
        diagram.png(dpi=5)


def test_pdf_bytes(case: LoadedCase) -> None:
    pdf = case.venn().pdf()
    assert pdf.startswith(b"%PDF-") and pdf.rstrip().endswith(b"%%EOF")


@pytest.mark.parametrize("suffix", [".svg", ".png", ".pdf", ".PDF"])
def test_save_takes_the_format_from_the_suffix(case: LoadedCase, tmp_path: Path, suffix: str) -> None:
    target = tmp_path / "deeper" / f"genogram{suffix}"
    assert case.genogram().save(target, dpi=96) == target
    data = target.read_bytes()
    magic = {".svg": b"<?xml", ".png": b"\x89PNG", ".pdf": b"%PDF-", ".PDF": b"%PDF-"}[suffix]
    assert data.startswith(magic)
    assert [p.name for p in target.parent.iterdir()] == [target.name]  # no temporary file left


def test_save_replaces_a_file_and_refuses_an_unknown_suffix(case: LoadedCase, tmp_path: Path) -> None:
    target = tmp_path / "g.svg"
    target.write_text("old")
    case.genogram().save(target)
    assert target.read_text(encoding="utf-8") == case.genogram().svg
    with pytest.raises(ValueError, match=r"cannot tell the format from the suffix '\.jpg'; use one of \.svg"):
        case.genogram().save(tmp_path / "g.jpg")
    assert not (tmp_path / "g.jpg").exists()


def test_a_diagram_the_case_has_no_data_for_is_a_clear_error() -> None:
    case = socialmaps.load(ROOT / "examples" / "venn-12.yaml")
    assert case.diagrams == ["venn"]
    with pytest.raises(NoDiagramError, match=r"venn-12\.yaml: case 'venn-12' has no data for a genogram "
                                             r"\(it has data for: venn\)"):
        case.genogram()
    with pytest.raises(ValueError, match="unknown diagram 'sociogram'"):
        case.diagram("sociogram")


def test_load_reports_every_problem_with_its_place(write) -> None:
    path = write("socialmaps: 1\ncase: {id: x, langauge: en}\npeople: [{id: a, name: A, sex: femal}]\n")
    with pytest.raises(CaseError) as caught:
        socialmaps.load(path)
    lines = str(caught.value).splitlines()
    assert len(lines) == 2
    assert lines[0].startswith(f"{path}:2:") and "did you mean 'language'" in lines[0]
    assert lines[1].startswith(f"{path}:3:") and "people[0].sex" in lines[1]


def test_loads_and_repr() -> None:
    case = socialmaps.loads("socialmaps: 1\ncase: {id: t}\nbpss: {social: [teman]}\n")
    assert case.id == "t" and case.model.bpss is not None
    assert repr(case) == "<socialmaps.LoadedCase 't': bpss>"
    assert "teman" in case.bpss().svg


def test_a_diagram_for_the_page_and_the_case_report() -> None:
    """`width=` lays a diagram out as `render --width` does (the root in mm, the caption drawn
    below when asked); `case.report()` gives the bytes `socialmaps report` writes."""
    import io
    import re

    case = socialmaps.load(ROOT / "examples" / "ms-2024.yaml")
    eco = case.ecomap(width="16cm", caption_below=True)
    root = re.search(r"<svg\b[^>]*>", eco.svg)
    assert root is not None and re.search(r'width="1[0-6][0-9](\.[0-9]+)?mm"', root.group(0))
    assert 'class="sm-caption"' in eco.svg and "<title>Gambar 2. Ecomap Klien MS</title>" in eco.svg
    assert eco.png(150)[37:41] == b"pHYs"
    assert case.report("pdf").startswith(b"%PDF-")
    import docx

    document = docx.Document(io.BytesIO(case.report("docx", lang="en")))
    captions = [p.text for p in document.paragraphs if p.style is not None and p.style.name == "Caption"]
    assert captions[0] == "Figure 1. Genogram of MS" and len(captions) == len(case.diagrams)
