"""`socialmaps report`: one HTML page, one PDF and one DOCX per case, every figure with its caption.

PDF pages are rendered with poppler's pdftoppm and read with pdftotext (`.ci/run` installs
poppler-utils); DOCX files are read back with python-docx.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path
from typing import Any

import pytest

from socialmaps import applicable, load_case
from socialmaps.cli import main
from socialmaps.options import RenderOptions
from socialmaps.output import CaseResult, write_case
from test_anonymize import readable_parts, secrets_of

from conftest import EXAMPLES, ROOT

REPORTS = ("html", "pdf", "docx")
POPPLER = shutil.which("pdftoppm") is not None and shutil.which("pdftotext") is not None
needs_poppler = pytest.mark.skipif(not POPPLER, reason="poppler-utils (pdftoppm, pdftotext) not installed")


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, CaseResult]:
    out = tmp_path_factory.mktemp("reports")
    results = {}
    for path in EXAMPLES:
        result = write_case(path, out, RenderOptions(formats=(), reports=REPORTS, page="a4"))
        assert result.ok, result.messages
        results[path.stem] = result
    return results


def captions_of(result: CaseResult) -> list[str]:
    return [d.caption for d in result.diagrams]


# After its own figures, a case with `versions:` has the comparison of each diagram that changed.
COMPARED = {"s-2024": ["Gambar 7. Ecomap Klien S sebelum dan sesudah intervensi",
                       "Gambar 8. Life Road Map Klien S sebelum dan sesudah intervensi"]}


def report_captions(example: Path, result: CaseResult) -> list[str]:
    return captions_of(result) + COMPARED.get(example.stem, [])


def pdf_text(path: Path, mode: str = "-layout") -> str:
    """The PDF's text as poppler reads it (`-raw`: in drawing order, which keeps rotated text whole)."""
    run = subprocess.run(["pdftotext", mode, str(path), "-"], capture_output=True, text=True,
                         timeout=120)
    assert run.returncode == 0, run.stderr
    return run.stdout


def squeeze(text: str) -> str:
    return re.sub(r"\s+", " ", text)


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_report_html_holds_every_figure_with_its_caption(example: Path,
                                                         reports: dict[str, CaseResult]) -> None:
    result = reports[example.stem]
    assert result.folder is not None
    assert {p.name for p in result.reports} == {"report.html", "report.pdf", "report.docx"}
    page = (result.folder / "report.html").read_text("utf-8")
    found = re.findall(r"<figcaption>(.*?)</figcaption>", page)
    assert [ET.fromstring(f"<c>{c}</c>").text for c in found] == report_captions(example, result)
    assert len(captions_of(result)) == len(applicable(load_case(example)))
    assert page.count("<svg ") == len(found)
    # self-contained: nothing fetched, nothing run
    assert "<script" not in page and "<link" not in page and "@import" not in page
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:|//)""", page)
    assert "url(http" not in page


@needs_poppler
@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_report_pdf_opens_and_holds_every_caption(example: Path, reports: dict[str, CaseResult],
                                                 tmp_path: Path) -> None:
    result = reports[example.stem]
    assert result.folder is not None
    pdf = result.folder / "report.pdf"
    run = subprocess.run(["pdftoppm", "-r", "20", "-png", str(pdf), str(tmp_path / "page")],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    pages = sorted(tmp_path.glob("page*.png"))
    assert 1 <= len(pages) <= len(report_captions(example, result)) + 1
    assert all(p.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" for p in pages)
    text = squeeze(pdf_text(pdf))
    for caption in report_captions(example, result):
        assert squeeze(caption) in text
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, timeout=60).stdout
    assert re.search(r"Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)", info)


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_report_docx_reads_back_with_every_figure_and_caption(example: Path,
                                                             reports: dict[str, CaseResult]) -> None:
    import docx
    from docx.shared import Pt

    result = reports[example.stem]
    assert result.folder is not None
    document = docx.Document(str(result.folder / "report.docx"))
    captions = [p.text for p in document.paragraphs if p.style is not None and p.style.name == "Caption"]
    assert captions == report_captions(example, result)
    shapes = list(document.inline_shapes)
    assert len(shapes) == len(captions)
    section = document.sections[0]
    room = section.page_width - section.left_margin - section.right_margin
    assert all(0 < shape.width <= room + Pt(0.5) for shape in shapes)
    # every picture is a PNG at 300 dpi
    with zipfile.ZipFile(result.folder / "report.docx") as parts:
        images = [parts.read(n) for n in parts.namelist() if n.startswith("word/media/")]
    assert len(images) == len(captions)
    for image in images:
        assert image[:8] == b"\x89PNG\r\n\x1a\n" and image[37:41] == b"pHYs"
        assert int.from_bytes(image[41:45], "big") == round(300 / 0.0254)


def test_docx_caption_numbers_are_word_fields(reports: dict[str, CaseResult]) -> None:
    result = reports["ms-2024"]
    assert result.folder is not None
    with zipfile.ZipFile(result.folder / "report.docx") as parts:
        body = parts.read("word/document.xml").decode("utf-8")
    assert body.count("SEQ Gambar") == len(result.diagrams)


def test_report_is_the_same_bytes_twice(tmp_path: Path) -> None:
    case = ROOT / "examples" / "ms-2024.yaml"
    first = write_case(case, tmp_path / "a", RenderOptions(formats=(), reports=REPORTS, watermark="RAHASIA"))
    second = write_case(case, tmp_path / "b", RenderOptions(formats=(), reports=REPORTS, watermark="RAHASIA"))
    for fmt in REPORTS:
        assert (first.folder / f"report.{fmt}").read_bytes() == (second.folder / f"report.{fmt}").read_bytes()


@needs_poppler
def test_watermark_on_every_page(tmp_path: Path) -> None:
    case = ROOT / "examples" / "family-en.yaml"
    assert main(["report", str(case), "--out", str(tmp_path), "--watermark", "CONFIDENTIAL"]) == 0
    folder = tmp_path / "EN-EXAMPLE"
    pages = pdf_text(folder / "report.pdf", "-raw").split("\f")
    pages = [p for p in pages if p.strip()]
    assert len(pages) >= 2 and all("CONFIDENTIAL" in p for p in pages)
    assert "CONFIDENTIAL" in (folder / "report.html").read_text()
    import docx

    document = docx.Document(str(folder / "report.docx"))
    assert document.sections[0].header.paragraphs[0].text == "CONFIDENTIAL"


def test_report_command_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    case = ROOT / "examples" / "s-17-2025.yaml"
    assert main(["report", str(case), "--out", str(tmp_path), "--format", "html,docx"]) == 0
    out = capsys.readouterr().out
    assert "S-17-2025: bpss -> " in out and "(report.html,report.docx; text 8.1 pt at 16 cm)" in out
    assert sorted(p.name for p in (tmp_path / "S-17-2025").iterdir()) == ["report.docx", "report.html"]
    with pytest.raises(SystemExit) as stopped:
        main(["report", str(case), "--out", str(tmp_path), "--format", "png"])
    assert stopped.value.code == 2
    assert "--format: unknown png; choose from html, pdf, docx" in capsys.readouterr().err


# ----------------------------------------------------------------------------- anonymised, every format

def every_text(path: Path) -> list[str]:
    """What can be read out of a file: SVG/PNG/PDF as the anonymisation tests read them, a PDF's
    text as poppler extracts it, a DOCX's parts unzipped, the HTML as it is."""
    if path.suffix == ".docx":
        with zipfile.ZipFile(path) as parts:
            return [name + parts.read(name).decode("latin-1") for name in parts.namelist()
                    if not name.startswith("word/media/")] + [
                png for name in parts.namelist() if name.startswith("word/media/")
                for png in _png_parts(parts.read(name))]
    if path.suffix == ".html":
        return html_texts(path.read_text("utf-8"))
    texts = readable_parts(path)
    if path.suffix == ".pdf" and POPPLER:
        texts += [pdf_text(path), pdf_text(path, "-raw")]
    return texts


def html_texts(page: str) -> list[str]:
    """An HTML page's text and attribute values, as a reader or a script gets them (not its tag
    and attribute names, nor classes: `data-mark`, `sm-mark` are no leak of a "Mark")."""
    from html.parser import HTMLParser

    found: list[str] = []

    class Reader(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            found.extend(value for name, value in attrs if value and name != "class")

        def handle_data(self, data: str) -> None:
            found.append(data)

    Reader().feed(page)
    return found


def _png_parts(data: bytes) -> list[str]:
    from test_anonymize import png_chunks

    return png_chunks(data)


def leaks(folder: Path, secrets: set[str]) -> list[str]:
    patterns = {s: re.compile(r"(?<![^\W_])" + re.escape(s) + r"(?![^\W_])", re.I) for s in secrets}
    found = []
    for path in [folder, *sorted(folder.rglob("*"))]:
        texts = [path.name] + (every_text(path) if path.is_file() else [])
        found += [f"{path.name}: {s}" for s, pattern in patterns.items()
                  if any(pattern.search(t) for t in texts)]
    return found


@pytest.mark.parametrize("example", ["family-en", "ms-2024"])
def test_anonymised_report_and_figures_hold_no_name(example: str, tmp_path: Path) -> None:
    path = ROOT / "examples" / f"{example}.yaml"
    case = load_case(path)
    every = RenderOptions(formats=("svg", "png", "pdf"), reports=REPORTS, width="16cm", caption_below=True)
    named = write_case(path, tmp_path / "named", every)
    anon = write_case(path, tmp_path / "anon", every.model_copy(update={"anonymize": "roles"}))
    assert named.ok and anon.ok, (named.messages, anon.messages)
    secrets = secrets_of(case)
    assert secrets
    assert leaks(anon.folder, secrets) == []
    # the search can fail: with names, it finds them in every report format
    found = leaks(named.folder, secrets)
    for name in ("report.html", "report.pdf", "report.docx"):
        assert any(line.startswith(f"{name}: ") for line in found), (name, found)


def test_docx_properties_hold_no_author_or_date(reports: dict[str, CaseResult]) -> None:
    import docx

    result = reports["ms-2024"]
    assert result.folder is not None
    props = docx.Document(str(result.folder / "report.docx")).core_properties
    assert (props.author, props.last_modified_by, props.comments) == ("", "", "")
    assert props.created is not None and props.created.year == 2000
    with zipfile.ZipFile(io.BytesIO((result.folder / "report.docx").read_bytes())) as parts:
        assert {info.date_time for info in parts.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_a_missing_report_library_is_named_with_the_extra(tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """Without python-docx the DOCX report says which extra to install, and nothing of the case
    is written (not a traceback, not half a folder)."""
    import builtins

    real_import = builtins.__import__

    def no_docx(name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "docx" or name.startswith("docx."):
            raise ImportError("No module named 'docx'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_docx)
    result = write_case(ROOT / "examples" / "s-17-2025.yaml", tmp_path, RenderOptions(reports=("docx",)))
    assert result.status == "failed"
    assert any("pip install 'socialmaps[report]'" in m for m in result.messages)
    assert list(tmp_path.iterdir()) == []
