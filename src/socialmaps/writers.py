"""The writer registry: a figure, or a whole case's figures, to the bytes of one format.

    written = write_figure(figure, "png", options)      # Written(data, warning, refusal)
    data = write_report(case, figures, "docx", options)  # bytes

Figure formats (`options.FORMATS`): svg, png (at `options.dpi`, carrying it; lowered when cairo
cannot rasterise that many pixels), pdf (one page the figure's printed size).  Report formats
(`options.REPORT_FORMATS`): html, pdf, docx, every figure of the case in one document
(`report/`).  Each is a function of its inputs: no file, no global state.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from .figure import Figure
from .model import Case
from .options import FORMATS, REPORT_FORMATS, Format, RenderOptions, ReportFormat


@dataclass(frozen=True)
class Written:
    """A figure in one format: its bytes, or why none (`refusal`), and what was done differently
    from what was asked (`warning`: a PNG at a lower resolution)."""

    data: bytes | None
    warning: str | None = None
    refusal: str | None = None


def _svg(figure: Figure, options: RenderOptions) -> Written:
    return Written(figure.svg.encode("utf-8"))


def _pdf(figure: Figure, options: RenderOptions) -> Written:
    from .export import to_pdf

    return Written(to_pdf(figure.svg))


def _smaller_figure(figure: Figure) -> str:
    """How to make the figure itself smaller, where a command option can: a genogram is drawn
    for part of the family with --focus (issue 17); other diagrams have no such option."""
    if figure.kind == "genogram":
        return ", or draw part of the family with --focus ID (--up N, --down M)"
    return ""


def _png(figure: Figure, options: RenderOptions) -> Written:
    """The PNG at `options.dpi`, or at the highest resolution cairo can rasterise (a warning), or
    none (a refusal): computed from the figure's printed size before cairo is asked.  Each
    message says what the user can do: ask a lower --dpi, use the vector formats, or (a
    genogram) draw a focus view."""
    from cairocffi import CairoError

    from .export import CAIRO_MAX_SIDE, MIN_PNG_DPI, max_png_pixels, png_dpi, png_pixels, to_png

    dpi = options.dpi
    width, height = figure.width_px, figure.height_px
    fit = png_dpi(width, height, dpi)
    limit = f"cairo's limit is {CAIRO_MAX_SIDE} pixels a side and {max_png_pixels():,} in all"
    smaller = _smaller_figure(figure)
    if fit is None:
        w, h = png_pixels(width, height, MIN_PNG_DPI)
        return Written(None, refusal=f"{width:g} x {height:g} units would be {w} x {h} pixels even at "
                                     f"{MIN_PNG_DPI} dpi, the lowest --dpi ({limit}); use svg or pdf"
                                     f"{smaller}")
    try:
        data = to_png(figure.svg, fit)
    except (MemoryError, CairoError) as err:
        from .output import one_line

        lower = f"a --dpi below {fit}, " if fit > MIN_PNG_DPI else ""
        return Written(None, refusal=f"cairo could not rasterise it at {fit} dpi ({one_line(err)}); "
                                     f"try {lower}svg or pdf{smaller}")
    if fit < dpi:
        w, h = png_pixels(width, height, dpi)
        return Written(data, warning=f"written at {fit} dpi, not {dpi}: at {dpi} dpi it would be "
                                     f"{w} x {h} pixels ({limit}); --dpi {fit} or lower asks for "
                                     f"what fits{smaller}, and svg or pdf keep every detail")
    return Written(data)


FigureWriter = Callable[[Figure, RenderOptions], Written]
FIGURE_WRITERS: dict[Format, FigureWriter] = {"svg": _svg, "png": _png, "pdf": _pdf}
assert tuple(FIGURE_WRITERS) == FORMATS, "every format needs a writer, in the order FORMATS lists them"


def write_figure(figure: Figure, fmt: Format, options: RenderOptions) -> Written:
    writer = FIGURE_WRITERS.get(fmt)
    if writer is None:
        raise ValueError(f"unknown format {fmt!r}; known: {', '.join(FORMATS)}")
    return writer(figure, options)


ReportWriter = Callable[[Case, Sequence[Figure], RenderOptions], bytes]


def report_writers() -> dict[ReportFormat, ReportWriter]:
    """html, pdf, docx: imported when asked for, so a plain render never loads python-docx."""
    from .report import docxreport, htmlreport, pdfreport

    writers: dict[ReportFormat, ReportWriter] = {"html": htmlreport.write, "pdf": pdfreport.write,
                                                 "docx": docxreport.write}
    assert tuple(writers) == REPORT_FORMATS
    return writers


def write_report(case: Case, figures: Sequence[Figure], fmt: ReportFormat, options: RenderOptions) -> bytes:
    writer = report_writers().get(fmt)
    if writer is None:
        raise ValueError(f"unknown report format {fmt!r}; known: {', '.join(REPORT_FORMATS)}")
    return writer(case, figures, options)
