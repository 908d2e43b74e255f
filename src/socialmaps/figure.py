"""Figures: a drawn diagram as a report uses it, with its number, caption, description and printed size.

    from socialmaps.figure import case_figures
    figures = case_figures(case, RenderOptions(width="16cm"))
    figures.items[0].caption     # "Gambar 1. Genogram Klien MS"
    figures.items[0].svg         # width="160mm" height="…mm", the caption drawn below if asked
    figures.text_pt              # the body text size every figure of the case prints at

Without a width (`--width`, `--page`) a figure keeps its natural size: one user unit is one CSS
pixel (0.75 pt), its SVG bytes exactly as the diagram drew them.

With a width, each diagram is laid out for it (`fitting.py`): text aims at the style's size (body
text 8.25 pt, and every text at least 8 pt, in the default style; `large` more), the figure drawn
at that size as long as it is no wider than the width.  One print scale serves every figure of the
case, so all of them show their body text at one size: the widest diagram that can still print at
`min_text` or more sets it (each shrinks by the same factor), and a diagram that cannot even reach
`min_text` within the width is printed at its own smaller size, with a note saying so.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from .drawing import Drawing
from .model import Case
from .options import RenderOptions
from .page import POINTS_PER_UNIT


@dataclass(frozen=True)
class Figure:
    """One diagram ready to be placed: `svg` is the file as written (physical size and the caption
    below when asked); `drawing` the diagram as drawn.  Sizes in points; `text_pt` is the smallest
    text and `body_pt` the body text (the style's `font.size`) at that printed size."""

    kind: str
    drawing: Drawing
    number: str
    caption: str
    description: str
    svg: str
    width_pt: float
    height_pt: float
    text_pt: float
    body_pt: float
    note: str | None = None  # why it prints smaller than asked, when it does

    @property
    def width_px(self) -> float:
        """Its printed width in CSS pixels (96 to the inch): what the PNG limits are computed on."""
        return self.width_pt / POINTS_PER_UNIT

    @property
    def height_px(self) -> float:
        return self.height_pt / POINTS_PER_UNIT

    @property
    def metrics(self) -> dict[str, float]:
        """The diagram's own numbers, and the printed text size (`text_pt`, `body_pt`)."""
        return {**self.drawing.metrics, "text_pt": round(self.text_pt, 2), "body_pt": round(self.body_pt, 2)}


@dataclass(frozen=True)
class FigureSet:
    """Every asked figure of one case, in caption order, with what the fitting found."""

    items: tuple[Figure, ...]
    width_pt: float | None = None  # the width laid out for; None: natural size
    text_pt: float | None = None   # the body text of the figures that fit
    notes: tuple[str, ...] = field(default=())

    def summary(self) -> str:
        """`text 8.3 pt at 16 cm` (and what did not fit), for the command's summary line; '' at
        natural size."""
        if self.width_pt is None:
            return ""
        cm = f"{self.width_pt / 72 * 2.54:.3g} cm"
        shrunk = [f.kind for f in self.items if f.note]
        tail = f"; smaller: {', '.join(shrunk)}" if shrunk else ""
        return (f"text {self.text_pt:.1f} pt at {cm}" if self.text_pt is not None else f"at {cm}") + tail


def case_figures(case: Case, options: RenderOptions) -> FigureSet:
    """Draw every asked diagram of the case as a figure (see the module's docstring)."""
    from .fitting import fit_case
    from .render import applicable

    kinds = applicable(case)
    wanted = [k for k in kinds if options.diagrams is None or k in options.diagrams]
    return fit_case(case, wanted, options)


def figure_from(drawing: Drawing, caption_number: str, scale: float, body_size: float,
                options: RenderOptions, note: str | None = None) -> Figure:
    """The figure of a drawing printed at `scale` points per user unit (None sizes: natural)."""
    svg, width, height = drawing.svg, drawing.width, drawing.height
    caption = title_of(svg)
    if options.caption_below:
        svg, height = with_caption_below(svg, caption, width, height, body_size)
    if options.figure_width_pt is not None:
        svg = with_physical_size(svg, width * scale, height * scale)
    smallest = min(font_sizes(drawing.svg), default=body_size)
    return Figure(kind=drawing.kind, drawing=drawing, number=caption_number, caption=caption,
                  description=desc_of(drawing.svg), svg=svg, width_pt=width * scale, height_pt=height * scale,
                  text_pt=smallest * scale, body_pt=body_size * scale, note=note)


_TITLE = re.compile(r"<title>(.*?)</title>", re.S)
_DESC = re.compile(r"<desc>(.*?)</desc>", re.S)
_FONT_SIZE = re.compile(r'font-size="([0-9.]+)"')
_ROOT_SIZE = re.compile(r'(<svg\b[^>]*?)\swidth="[^"]*" height="[^"]*"')
_VIEWBOX = re.compile(r'viewBox="0 0 ([0-9.]+) ([0-9.]+)"')


def title_of(svg: str) -> str:
    found = _TITLE.search(svg)
    return html.unescape(found.group(1)) if found else ""


def desc_of(svg: str) -> str:
    found = _DESC.search(svg)
    return html.unescape(found.group(1)) if found else ""


def font_sizes(svg: str) -> list[float]:
    return [float(v) for v in _FONT_SIZE.findall(svg)]


def with_physical_size(svg: str, width_pt: float, height_pt: float) -> str:
    """The root's width and height in millimetres (the viewBox, and so every coordinate, unchanged)."""
    from .page import svg_length

    return _ROOT_SIZE.sub(lambda m: f'{m.group(1)} width="{svg_length(width_pt)}" '
                                    f'height="{svg_length(height_pt)}"', svg, count=1)


def with_caption_below(svg: str, caption: str, width: float, height: float,
                       size: float) -> tuple[str, float]:
    """The SVG grown downwards by the caption, drawn at the body text size and wrapped to the
    figure's width; returns it and its new height."""
    from . import text as textmetrics
    from .svg import Element, fmt

    margin = size
    lines: Sequence[str] = textmetrics.wrap(caption, max(width - 2 * margin, size * 8), size)
    line_height = size * 1.3
    grown = height + margin * 0.5 + line_height * len(lines) + margin * 0.5
    block = Element("g").set(class_="sm-caption")
    block.rect(0, height, width, grown - height, fill="#ffffff", stroke="none")
    baseline = height + margin * 0.5 + textmetrics.ascent(size)
    block.text_lines(width / 2, baseline, list(lines), size, anchor="middle", line_height=1.3, class_=None)
    out: list[str] = []
    block.write(out, 1)
    new_root = _ROOT_SIZE.sub(lambda m: f'{m.group(1)} width="{fmt(width)}" height="{fmt(grown)}"', svg,
                              count=1)
    new_root = _VIEWBOX.sub(lambda m: f'viewBox="0 0 {m.group(1)} {fmt(grown)}"', new_root, count=1)
    end = new_root.rindex("</svg>")
    return new_root[:end] + "".join(out) + new_root[end:], grown
