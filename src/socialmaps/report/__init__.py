"""The case report: every figure of a case in one document, as HTML, PDF or DOCX.

Each writer is `write(case, figures, options) -> bytes`, registered in `writers.report_writers`,
and reads only what it is given: the (already anonymised, when asked) case for the header, the
figures with their captions and printed sizes.  Nothing external is referenced, nothing depends
on the clock: the same input gives the same bytes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..figure import Figure, with_physical_size
from ..lang import Words, words
from ..model import Case
from ..options import RenderOptions
from ..page import PAGES, Page


@dataclass(frozen=True)
class HeaderLine:
    label: str
    value: str


@dataclass(frozen=True)
class Header:
    """The report's title and the case facts under it, in the case's language."""

    title: str
    lines: tuple[HeaderLine, ...]
    words: Words


def header(case: Case, options: RenderOptions) -> Header:
    said = words(options.lang or case.case.language)
    info, client = case.case, case.client
    subject = info.title or (client.name if client else info.id)
    facts = [(said["report.case"], info.id)]
    if client is not None:
        facts.append((said["report.client"], client.name))
    if info.date is not None:
        facts.append((said["report.date"], str(info.date)))
    if info.worker:
        facts.append((said["report.worker"], info.worker))
    return Header(f"{said['report.title']}: {subject}", tuple(HeaderLine(k, v) for k, v in facts), said)


def report_page(options: RenderOptions) -> Page:
    """The report's page: the one asked for, else A4."""
    return PAGES[options.page or "a4"]


def plain_svg(figure: Figure) -> str:
    """The figure as drawn, at its printed size, without a caption drawn below (a report sets the
    caption as its own text)."""
    drawing = figure.drawing
    scale = figure.width_pt / drawing.width
    return with_physical_size(drawing.svg, figure.width_pt, drawing.height * scale)


def figure_height(figure: Figure) -> float:
    """The printed height of the figure as drawn (without a caption below), in points."""
    return figure.drawing.height * figure.width_pt / figure.drawing.width


_ID = re.compile(r'(\sid=")([^"]+)(")')
_REF = re.compile(r'(url\(#|href="#)([^)"]+)')


def scoped_ids(svg: str, prefix: str) -> str:
    """Every `id` of a figure, and every reference to one, prefixed: two figures on one page (or in
    one HTML document) never answer to each other's ids."""
    svg = _ID.sub(lambda m: f"{m.group(1)}{prefix}-{m.group(2)}{m.group(3)}", svg)
    return _REF.sub(lambda m: f"{m.group(1)}{prefix}-{m.group(2)}", svg)
