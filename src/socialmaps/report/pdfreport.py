"""The report as one PDF: the page asked for (A4 by default), the case header on the first page,
then every figure at its printed size with its caption under it, as many to a page as fit.

Each page is composed as one SVG (the figures nested in it, their ids scoped) and drawn by cairo;
the pages are joined with pypdf.  A figure taller than a whole page is scaled down to fit it.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from .. import text as textmetrics
from ..figure import Figure
from ..model import Case
from ..options import RenderOptions
from ..page import Page, svg_length
from ..svg import Element, fmt
from . import Header, figure_height, header, plain_svg, report_page, scoped_ids

TITLE_PT = 16.0
TEXT_PT = 10.0
CAPTION_PT = 9.0
GAP_PT = 14.0
LINE = 1.3
_ROOT = re.compile(r"<svg\b[^>]*>", re.S)
_VIEWBOX = re.compile(r'viewBox="([^"]+)"')
_XML_DECLARATION = re.compile(r"^<\?xml[^>]*\?>\s*")


@dataclass
class _Sheet:
    """One page being filled: its parts (SVG text) and how far down they reach."""

    page: Page
    parts: list[str] = field(default_factory=list)
    y: float = 0.0

    def __post_init__(self) -> None:
        self.y = self.page.margin

    @property
    def room(self) -> float:
        return self.page.height - self.page.margin - self.y


def write(case: Case, figures: Sequence[Figure], options: RenderOptions) -> bytes:
    page = report_page(options)
    sheets = [_Sheet(page)]
    _put_header(sheets[0], header(case, options))
    for figure in figures:
        height, width = _fitted(figure, page)
        caption = textmetrics.wrap(figure.caption, page.text_width, CAPTION_PT)
        need = height + CAPTION_PT * LINE * (len(caption) + 0.5)
        if need > sheets[-1].room and sheets[-1].parts:
            sheets.append(_Sheet(page))
        _put_figure(sheets[-1], figure, width, height, caption)
    return _join([_draw(sheet, options.watermark) for sheet in sheets], header(case, options).title)


def _fitted(figure: Figure, page: Page) -> tuple[float, float]:
    """The figure's printed height and width on this page: its own size, or scaled down to fit
    the text area (with room for a caption of two lines)."""
    height, width = figure_height(figure), figure.width_pt
    room = page.text_height - CAPTION_PT * LINE * 2.5
    factor = min(1.0, room / height, page.text_width / width)
    return height * factor, width * factor


def _put_header(sheet: _Sheet, head: Header) -> None:
    block = Element("g")
    x = sheet.page.margin
    sheet.y += textmetrics.ascent(TITLE_PT)
    for line in textmetrics.wrap(head.title, sheet.page.text_width, TITLE_PT, bold=True):
        block.text_lines(x, sheet.y, [line], TITLE_PT, bold=True, class_=None)
        sheet.y += TITLE_PT * LINE
    sheet.y += TEXT_PT * 0.5
    for fact in head.lines:
        block.text_lines(x, sheet.y, [f"{fact.label}: {fact.value}"], TEXT_PT, class_=None)
        sheet.y += TEXT_PT * LINE
    sheet.y += GAP_PT
    out: list[str] = []
    block.write(out, 1)
    sheet.parts.append("".join(out))


def _put_figure(sheet: _Sheet, figure: Figure, width: float, height: float, caption: list[str]) -> None:
    x = sheet.page.margin + (sheet.page.text_width - width) / 2
    sheet.parts.append(_nested(figure, x, sheet.y, width, height))
    sheet.y += height + CAPTION_PT * 0.5 + textmetrics.ascent(CAPTION_PT)
    block = Element("g")
    block.text_lines(sheet.page.width / 2, sheet.y, caption, CAPTION_PT, anchor="middle", line_height=LINE,
                     class_=None)
    out: list[str] = []
    block.write(out, 1)
    sheet.parts.append("".join(out))
    sheet.y += CAPTION_PT * LINE * len(caption) + GAP_PT


def _nested(figure: Figure, x: float, y: float, width: float, height: float) -> str:
    """The figure's SVG as an element of the page: its root placed and sized, its ids scoped."""
    svg = scoped_ids(_XML_DECLARATION.sub("", plain_svg(figure)), f"f{figure.number}-{figure.kind}")
    root = _ROOT.search(svg)
    assert root is not None
    viewbox = _VIEWBOX.search(root.group(0))
    box = viewbox.group(1) if viewbox else f"0 0 {fmt(figure.drawing.width)} {fmt(figure.drawing.height)}"
    placed = (f'<svg x="{fmt(x)}" y="{fmt(y)}" width="{fmt(width)}" height="{fmt(height)}" viewBox="{box}" '
              'font-family="DejaVu Sans">')
    return svg[:root.start()] + placed + svg[root.end():]


def _draw(sheet: _Sheet, watermark: str | None) -> bytes:
    from ..export import to_pdf

    page = sheet.page
    parts = list(sheet.parts)
    if watermark:
        mark = Element("g").set(transform=f"rotate(-35 {fmt(page.width / 2)} {fmt(page.height / 2)})")
        mark.text_lines(page.width / 2, page.height / 2, [watermark], 72, anchor="middle", bold=True,
                        class_=None, fill="#c62828", fill_opacity=0.15)
        out: list[str] = []
        mark.write(out, 1)
        parts.append("".join(out))
    svg = ('<?xml version="1.0" encoding="UTF-8"?>\n'
           f'<svg xmlns="http://www.w3.org/2000/svg" width="{svg_length(page.width)}" '
           f'height="{svg_length(page.height)}" viewBox="0 0 {fmt(page.width)} {fmt(page.height)}" '
           'font-family="DejaVu Sans">\n'
           f'<rect x="0" y="0" width="{fmt(page.width)}" height="{fmt(page.height)}" fill="#ffffff"/>\n'
           + "".join(parts) + "</svg>\n")
    return to_pdf(svg)


def _join(pages: Sequence[bytes], title: str) -> bytes:
    """The pages as one PDF, with only the metadata we set (no dates, no producer's version)."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for page in pages:
        writer.append(PdfReader(io.BytesIO(page)))
    writer.metadata = None
    writer.add_metadata({"/Title": title, "/Producer": "socialmaps", "/Creator": "socialmaps"})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
