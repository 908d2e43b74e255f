"""From SVG text to the bytes of each format (SVG, PNG, PDF), and one file written atomically.

`encode(svg, fmt, dpi)` is the writer registry's one entry point: `ENCODERS` maps each name in
`options.FORMATS` to its encoder.  `png_dpi(width, height, dpi)` says at which resolution a figure
can be rasterised at all (cairo's limits), before cairo is asked.  Writing a whole case (folders,
atomic swap, permissions) is `output.py`.
"""

from __future__ import annotations

import functools
import os
import re
import struct
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

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


class _StableTextContext:
    """Marker base: see `_stable_surface`."""


@functools.cache
def _stable_surface(kind: str) -> type[Any]:
    """cairosvg's PNG or PDF surface class, drawing text with unhinted metrics and a fixed hint style,
    without changing anything of cairosvg's own (its module-level tables stay as they are, so
    another user of cairosvg in the same process sees no difference).

    Imported here, so SVG-only renders never load cairo.  cairosvg sets a text's font options from
    its `text-rendering` attribute (none on ours), leaving cairo's defaults, which we override on
    this surface's own context:
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
    import cairocffi
    import cairosvg.surface

    class StableContext(cairocffi.Context, _StableTextContext):  # type: ignore[misc]  # untyped base
        def set_font_options(self, options: Any) -> None:
            if options.get_hint_metrics() == cairocffi.HINT_METRICS_DEFAULT:
                options.set_hint_metrics(cairocffi.HINT_METRICS_OFF)
            if options.get_hint_style() == cairocffi.HINT_STYLE_DEFAULT:
                options.set_hint_style(cairocffi.HINT_STYLE_SLIGHT)
            super().set_font_options(options)

    base = {"png": cairosvg.surface.PNGSurface, "pdf": cairosvg.surface.PDFSurface}[kind]

    class StableSurface(base):  # type: ignore[misc, valid-type]  # cairosvg is untyped
        def draw(self, node: Any) -> None:
            # the surface made its context just before drawing the root: ours from then on
            if not isinstance(self.context, _StableTextContext):
                self.context.__class__ = StableContext
            super().draw(node)

    return StableSurface


def _convert(kind: str, svg: str, **options: Any) -> bytes:
    data = _stable_surface(kind).convert(bytestring=svg.encode("utf-8"), unsafe=False, **options)
    assert isinstance(data, bytes)
    return data


def to_png(svg: str, dpi: int = 192) -> bytes:
    """The PNG at `dpi`, carrying that resolution (a pHYs chunk, so a word processor inserts it at
    its size).  A figure whose root gives a physical size (`width="16cm"`) is rasterised at that
    size; one in plain user units at one unit = one CSS pixel (1/96 inch)."""
    # in plain user units cairosvg's scale is relative to 96 dpi (one user unit = one CSS pixel)
    data = _convert("png", svg, dpi=dpi) if _physical(svg) else _convert("png", svg, scale=dpi / 96)
    return with_dpi(data, dpi)


def to_pdf(svg: str, dpi: int = 192) -> bytes:  # dpi unused: PDF is vector (same signature as the others)
    """The PDF, one page the figure's size (its physical size when the root gives one)."""
    return _stable_pdf(_convert("pdf", svg))


def to_svg(svg: str, dpi: int = 192) -> bytes:
    return svg.encode("utf-8")


def with_dpi(png: bytes, dpi: int) -> bytes:
    """The PNG with a pHYs chunk saying `dpi` (pixels per metre, rounded), placed after IHDR; an
    existing pHYs is replaced."""
    signature, rest = png[:8], png[8:]
    chunks: list[bytes] = []
    pos = 0
    while pos < len(rest):
        length = struct.unpack(">I", rest[pos:pos + 4])[0]
        chunk = rest[pos:pos + 12 + length]
        if chunk[4:8] != b"pHYs":
            chunks.append(chunk)
        pos += 12 + length
    per_metre = round(dpi / 0.0254)
    body = b"pHYs" + struct.pack(">IIB", per_metre, per_metre, 1)
    phys = struct.pack(">I", 9) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)
    return signature + chunks[0] + phys + b"".join(chunks[1:])


_PHYSICAL = re.compile(r"""<svg\b[^>]*\swidth\s*=\s*["'][0-9.]+(cm|mm|in|pt)["']""", re.S)


def _physical(svg: str) -> bool:
    return _PHYSICAL.search(svg[:4096]) is not None


def _stable_pdf(pdf: bytes) -> bytes:
    """cairo stamps the creation time into the PDF; drop it so the same input gives the same bytes."""
    return re.sub(rb"/CreationDate \(D:[^)]*\)", b"/CreationDate (D:20000101000000Z)", pdf)


ENCODERS: dict[Format, Callable[[str, int], bytes]] = {"svg": to_svg, "png": to_png, "pdf": to_pdf}
assert tuple(ENCODERS) == FORMATS, "every format needs an encoder, in the order FORMATS lists them"


def encode(svg: str, fmt: str, dpi: int = 192) -> bytes:
    for name, encoder in ENCODERS.items():
        if name == fmt:
            return encoder(svg, dpi)
    raise ValueError(f"unknown format {fmt!r}; known: {', '.join(FORMATS)}")


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
