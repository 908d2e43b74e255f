"""From SVG text to the bytes of each format (SVG, PNG, PDF), and one file written atomically.

`encode(svg, fmt, dpi)` is the writer registry's one entry point: `ENCODERS` maps each name in
`options.FORMATS` to its encoder.  `png_dpi(width, height, dpi)` says at which resolution a figure
can be rasterised at all (cairo's limits), before cairo is asked.  Writing a whole case (folders,
atomic swap, permissions) is `output.py`.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path

from . import atomicfile
from .options import FORMATS, Format

# cairo refuses an image surface wider or taller than this many pixels (CAIRO_STATUS_INVALID_SIZE).
CAIRO_MAX_SIDE = 32767
# A PNG is rasterised whole in memory, 4 bytes a pixel: 2**27 pixels is a 512 MiB buffer (a
# 32767 x 4096 strip, or an A0 poster at 300 dpi).  SOCIALMAPS_MAX_PNG_PIXELS raises or lowers it.
DEFAULT_MAX_PNG_PIXELS = 1 << 27
# Below this a PNG is not worth writing (a 9-unit label would be two pixels tall); the same floor
# as `--dpi` accepts.
MIN_PNG_DPI = 24


def _cairosvg():  # type: ignore[no-untyped-def]
    """cairosvg, set to lay text out with unhinted metrics and a fixed hint style.

    Imported here, so SVG-only renders never load cairo.  cairosvg takes the font options
    of a text from its `text-rendering` attribute; for the elements that carry none (all of
    ours) it looks up the key None, which we map here:
    - hint metrics off: by default cairo rounds every glyph advance to whole device pixels,
      which at 96 dpi makes a line of 9-unit text up to 5 % wider than the font's advance
      widths, so text the layout fitted exactly would run past its box in the PNG;
    - hint style slight (fontconfig's usual default): left at "default", cairo takes the
      hint style the font face was first resolved with in this process, so a PNG drawn after
      a PDF (whose surface asks for no hinting) came out with other pixels than the same PNG
      in a fresh process.  Set, the same SVG gives the same PNG whatever was drawn before.
      (Hint style none garbles glyphs in cairo 1.16.)
    Antialiasing stays cairo's default.
    """
    import cairosvg
    import cairosvg.surface

    cairo = cairosvg.surface.cairo
    cairosvg.surface.TEXT_HINT_METRICS.setdefault(None, cairo.HINT_METRICS_OFF)
    cairosvg.surface.TEXT_HINT_STYLE.setdefault(None, cairo.HINT_STYLE_SLIGHT)
    return cairosvg


def to_png(svg: str, dpi: int = 192) -> bytes:
    # cairosvg's scale is relative to 96 dpi (one user unit = one CSS pixel).
    return _cairosvg().svg2png(bytestring=svg.encode("utf-8"), scale=dpi / 96, unsafe=False)


def to_pdf(svg: str, dpi: int = 192) -> bytes:  # dpi unused: PDF is vector (same signature as the others)
    return _stable_pdf(_cairosvg().svg2pdf(bytestring=svg.encode("utf-8"), unsafe=False))


def to_svg(svg: str, dpi: int = 192) -> bytes:
    return svg.encode("utf-8")


def _stable_pdf(pdf: bytes) -> bytes:
    """cairo stamps the creation time into the PDF; drop it so the same input gives the same bytes."""
    return re.sub(rb"/CreationDate \(D:[^)]*\)", b"/CreationDate (D:20000101000000Z)", pdf)


ENCODERS: dict[Format, Callable[[str, int], bytes]] = {"svg": to_svg, "png": to_png, "pdf": to_pdf}
assert tuple(ENCODERS) == FORMATS, "every format needs an encoder, in the order FORMATS lists them"


def encode(svg: str, fmt: str, dpi: int = 192) -> bytes:
    encoder = ENCODERS.get(fmt)  # type: ignore[call-overload]
    if encoder is None:
        raise ValueError(f"unknown format {fmt!r}; known: {', '.join(FORMATS)}")
    return encoder(svg, dpi)


_ROOT = re.compile(r"<svg\b[^>]*>", re.S)
_SIZE = re.compile(r"""\s(width|height)\s*=\s*["']\s*([0-9]+(?:\.[0-9]*)?)\s*(?:px)?\s*["']""")


def svg_size(svg: str) -> tuple[float, float] | None:
    """The root element's width and height in user units (CSS pixels), or None if not plain numbers."""
    root = _ROOT.search(svg)
    if root is None:
        return None
    found = dict(_SIZE.findall(root.group(0)))
    if "width" not in found or "height" not in found:
        return None
    return float(found["width"]), float(found["height"])


def max_png_pixels() -> int:
    value = os.environ.get("SOCIALMAPS_MAX_PNG_PIXELS", "")
    return int(value) if value.isdigit() and int(value) > 0 else DEFAULT_MAX_PNG_PIXELS


def png_pixels(width: float, height: float, dpi: int) -> tuple[int, int]:
    """The image cairosvg makes of a width x height figure at `dpi` (it rounds each side)."""
    return round(width * dpi / 96), round(height * dpi / 96)


def png_dpi(width: float, height: float, dpi: int, max_pixels: int | None = None) -> int | None:
    """The highest resolution <= `dpi` at which cairo can rasterise a width x height figure:
    each side at most CAIRO_MAX_SIDE pixels, the whole at most `max_pixels` (default: the
    environment's SOCIALMAPS_MAX_PNG_PIXELS, else 2**27).  None: not even at MIN_PNG_DPI."""
    max_pixels = max_pixels or max_png_pixels()
    side = max(width, height, 1e-9)
    bound = min(float(dpi), 96 * CAIRO_MAX_SIDE / side, 96 * (max_pixels / max(width * height, 1e-9)) ** 0.5)
    fit = min(dpi, int(bound))
    while fit >= MIN_PNG_DPI:  # at most a step or two: the bound is exact up to cairosvg's rounding
        w, h = png_pixels(width, height, fit)
        if max(w, h) <= CAIRO_MAX_SIDE and w * h <= max_pixels:
            return fit
        fit -= 1
    return None


def write_atomic(path: str | Path, data: bytes) -> None:
    """Write one file through a temporary file beside it, then rename: an existing file is
    replaced only by a complete one, and a crash leaves no half-written output.  The file gets
    the mode the user's umask gives (0666 minus the umask), as a file made by `cp` would.
    (A case's files are written together by `output.write_case`; this is for single files.)"""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    atomicfile.write_atomic(path, data)
