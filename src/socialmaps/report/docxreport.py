"""The report as a Word document (python-docx): the case header, then every figure as a PNG at
300 dpi placed at its printed size, its caption under it in Word's own Caption style, numbered by
a SEQ field (so Word's list of figures and cross-references know it), ready to paste into a
report chapter.

The file is made the same for the same input: fixed document properties (no author, no dates),
and the zip rewritten with fixed timestamps.
"""

from __future__ import annotations

import datetime
import io
import zipfile
from collections.abc import Sequence
from typing import Any

from ..figure import Figure
from ..model import Case
from ..options import RenderOptions
from . import Header, figure_height, header, plain_svg, report_page

PNG_DPI = 300
_FIXED_TIME = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)


def write(case: Case, figures: Sequence[Figure], options: RenderOptions) -> bytes:
    from docx import Document
    from docx.shared import Pt

    head = header(case, options)
    document = Document()
    page = report_page(options)
    for section in document.sections:
        section.page_width, section.page_height = Pt(page.width), Pt(page.height)
        section.left_margin = section.right_margin = Pt(page.margin)
        section.top_margin = section.bottom_margin = Pt(page.margin)
        if options.watermark:
            marked = section.header.paragraphs[0].add_run(options.watermark)
            marked.bold = True
    _put_header(document, head)
    for figure in figures:
        _put_figure(document, figure, page.text_width, page.text_height, options)
    _fixed_properties(document, head)
    out = io.BytesIO()
    document.save(out)
    return _stable_zip(out.getvalue())


def _put_header(document: Any, head: Header) -> None:
    document.add_heading(head.title, level=1)
    for line in head.lines:
        paragraph = document.add_paragraph()
        paragraph.add_run(f"{line.label}: ").bold = True
        paragraph.add_run(line.value)


def _put_figure(document: Any, figure: Figure, max_width: float, max_height: float,
                options: RenderOptions) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    from ..export import to_png

    height = figure_height(figure)
    factor = min(1.0, max_width / figure.width_pt, 0.85 * max_height / height)
    picture = document.add_paragraph()
    picture.alignment = WD_ALIGN_PARAGRAPH.CENTER
    picture.paragraph_format.keep_with_next = True
    picture.add_run().add_picture(io.BytesIO(to_png(plain_svg(figure), PNG_DPI)),
                                  width=Pt(figure.width_pt * factor))
    caption = document.add_paragraph(style="Caption")
    caption.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _caption_runs(caption, figure, options)


def _caption_runs(paragraph: Any, figure: Figure, options: RenderOptions) -> None:
    """The caption's text, its number as a SEQ field when the number is the figure's place (so
    Word renumbers it) and as plain text when given (`figure_number`)."""
    number = figure.number
    before, found, after = figure.caption.partition(number)
    if options.figure_number is not None or not found:
        paragraph.add_run(figure.caption)
        return
    paragraph.add_run(before)
    _seq_field(paragraph, before.strip().split(" ")[0] or "Figure", number)
    paragraph.add_run(after)


def _seq_field(paragraph: Any, label: str, shown: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    def field_char(kind: str) -> Any:
        run = paragraph.add_run()
        char = OxmlElement("w:fldChar")
        char.set(qn("w:fldCharType"), kind)
        run._r.append(char)
        return run

    field_char("begin")
    instruction = paragraph.add_run()
    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = f" SEQ {label} \\* ARABIC "
    instruction._r.append(text)
    field_char("separate")
    paragraph.add_run(shown)
    field_char("end")


def _fixed_properties(document: Any, head: Header) -> None:
    props = document.core_properties
    props.author = ""
    props.last_modified_by = ""
    props.comments = ""
    props.keywords = ""
    props.subject = ""
    props.title = head.title
    props.revision = 1
    props.created = props.modified = _FIXED_TIME.replace(tzinfo=None)
    props.last_printed = _FIXED_TIME.replace(tzinfo=None)


def _stable_zip(data: bytes) -> bytes:
    """The same parts, in the same order, with fixed timestamps."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            target.writestr(fixed, source.read(info.filename))
    return out.getvalue()
