"""Text measurement, wrapping, the SVG writer, styles and languages."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

from socialmaps import text as tm
from socialmaps.export import write_atomic
from socialmaps.labels import PlacedText
from socialmaps.lang import LANGUAGES, words
from socialmaps.style import available, load_style
from socialmaps.svg import Element, SvgDocument, escape_attr, fmt, written


def test_widths_are_the_bundled_fonts() -> None:
    path = tm.font_path()
    assert path is not None and path.name == "DejaVuSans.ttf"
    font = TTFont(str(path))
    cmap, hmtx, upem = font.getBestCmap(), font["hmtx"].metrics, font["head"].unitsPerEm
    expected = sum(hmtx[cmap[ord(c)]][0] for c in "Keterangan") / upem * 12
    assert tm.measure("Keterangan", 12) == pytest.approx(expected)
    assert tm.measure("W", 10, bold=True) > tm.measure("W", 10)


@pytest.mark.parametrize("width", [40, 80, 150, 300])
def test_wrap_fits_and_keeps_every_word(width: float) -> None:
    text = "Tidak sabaran dan keras kepala ketika diminta mengerjakan tugas bersama teman sekamarnya"
    lines = tm.wrap(text, width, 11)
    assert all(tm.measure(line, 11) <= width + 1e-6 for line in lines)
    # words longer than the line are cut, never lost
    assert "".join("".join(lines).split()) == "".join(text.split())
    if width >= 150:
        assert " ".join(lines).split() == text.split()


def test_wrap_breaks_a_word_longer_than_the_line() -> None:
    lines = tm.wrap("Pneumonoultramicroscopicsilicovolcanoconiosis", 60, 11)
    assert len(lines) > 1 and "".join(lines) == "Pneumonoultramicroscopicsilicovolcanoconiosis"
    assert all(tm.measure(line, 11) <= 60 for line in lines)


def test_numbers_are_written_one_way() -> None:
    assert [fmt(v) for v in (1.0, 1.005, -0.0001, 2.5, 10, 3.14159)] == ["1", "1", "0", "2.5", "10", "3.14"]
    with pytest.raises(ValueError):
        fmt(float("nan"))


def test_writer_refuses_unsafe_attributes() -> None:
    with pytest.raises(ValueError):
        Element("g").set(onclick="x()")
    with pytest.raises(ValueError):
        Element("use").set(href="http://example.org/a.svg#x")
    Element("use").set(href="#local")  # a reference inside the file is fine


def test_document_root_and_order() -> None:
    doc = SvgDocument("bpss", "X", 100.4, 50, "Gambar 1 & <2>", "desc")
    doc.part("sm-item", id="a&b")
    svg = doc.to_string()
    assert re.search(r'<svg xmlns="http://www.w3.org/2000/svg" width="101" height="50" '
                     r'viewBox="0 0 101 50" role="img"', svg)
    assert svg.index("<title>Gambar 1 &amp; &lt;2&gt;</title>") < svg.index("<desc>")
    assert 'data-id="a&amp;b"' in svg


def test_written_markup_is_what_elements_write() -> None:
    """Markup written at once (a label and an outline in a group, nested in another, and a part
    with its attributes written by the caller) comes out as the same elements made one by one:
    indented alike, escaped alike, a character XML cannot carry replaced alike."""
    name = PlacedText(10.0, 20.5, ("A & <b>", "line\x00two"), 11.0, "middle")
    odd_id, child = "x\x00", "c<1"
    made, written_out = Element("g"), Element("g")
    group = made.g(None, data_id="p&1").g("sm-person", data_id=odd_id)
    name.draw(group, "#000")
    group.rect(1.0, 2.0, 3.0, 4.0, fill="#fff", stroke="#000")
    made.part("sm-descent", union="u1", child=child)
    outline = f'<rect x="1" y="2" width="3" height="4"{written(fill="#fff", stroke="#000")}/>'
    written_out.g(None, data_id="p&1").written_group(f' class="sm-person" data-id="{escape_attr(odd_id)}"',
                                                      [name.markup("#000"), outline])
    written_out.written_part("sm-descent", f' data-union="u1" data-child="{escape_attr(child)}"')
    made_text: list[str] = []
    written_text: list[str] = []
    made.write(made_text, 1)
    written_out.write(written_text, 1)
    assert "".join(written_text) == "".join(made_text)
    assert "\x00" not in "".join(written_text)


@pytest.mark.parametrize("name", available())
def test_every_style_loads(name: str) -> None:
    style = load_style(name)
    assert style.font.min <= style.font.size
    assert style.line.thin <= style.line.width <= style.line.thick


def test_print_style_carries_no_colour() -> None:
    style = load_style("print")
    assert style.monochrome
    colours = [v for table in ("fill", "accent", "kind") for v in style.raw[table].values()]
    colours += [style.line.ink, style.line.muted]
    for colour in colours:
        r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
        assert r == g == b, colour  # greys only


def test_large_style_is_larger() -> None:
    assert load_style("large").font.size > load_style("default").font.size


def test_both_languages_have_the_same_words() -> None:
    tables = {code: set(words(code).table) for code in LANGUAGES}
    assert tables["id"] == tables["en"], tables["id"] ^ tables["en"]
    assert words("id")["common.legend"] == "Keterangan" and words("en")["common.legend"] == "Legend"


def test_language_files_are_valid_toml() -> None:
    folder = Path(tm.__file__).parent / "lang"
    tables = {path.relative_to(folder).as_posix(): tomllib.loads(path.read_text(encoding="utf-8"))
              for path in sorted(folder.glob("*/*.toml"))}
    assert {name.split("/")[0] for name in tables} == {"id", "en"}
    assert all(tables.values()), [name for name, table in tables.items() if not table]


def test_atomic_write_replaces_only_when_complete(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "a" / "x.svg"
    write_atomic(target, b"first")
    import os

    def broken_replace(src: str, dst: str) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError):
        write_atomic(target, b"second")
    assert target.read_bytes() == b"first"
    assert [p.name for p in target.parent.iterdir()] == ["x.svg"]


@pytest.mark.parametrize("dpi", [96, 192, 300])
def test_png_text_is_as_wide_as_measured(dpi: int) -> None:
    """A line fitted by text.py must not grow in the PNG (cairo's metric hinting is off)."""
    import io

    from PIL import Image  # pillow comes with matplotlib

    from socialmaps.export import to_png

    line = "Kiri dan kanan menurut tubuh klien: pada tampak depan, sisi kiri klien ada di kanan gambar"
    width = tm.measure(line, 9)
    doc = SvgDocument("bpss", "X", width + 40, 30, "t", "d")
    doc.body.text_lines(10, 20, [line], 9, class_=None, fill="#000000")
    image = Image.open(io.BytesIO(to_png(doc.to_string(), dpi))).convert("L")
    scale = dpi / 96
    columns = [x for x in range(image.width)
               if any(image.getpixel((x, y)) < 128 for y in range(image.height))]
    ink_right = columns[-1] / scale
    assert ink_right <= 10 + width + 1.0, (ink_right, 10 + width)
    assert ink_right >= 10 + width - 6.0  # and the text is really there
