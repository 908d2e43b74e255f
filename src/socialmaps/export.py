"""From SVG text to files: SVG, PNG and PDF, always written atomically."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def _cairosvg():  # type: ignore[no-untyped-def]
    """cairosvg, set to lay text out with unhinted metrics.

    Imported here, so SVG-only renders never load cairo.  By default cairo rounds
    every glyph advance to whole device pixels, which at 96 dpi makes a line of
    9-unit text up to 5 % wider than the font's advance widths, so text the layout
    fitted exactly would run past its box in the PNG.  cairosvg takes the hint
    setting from the `text-rendering` attribute; for the elements that carry none
    (all of ours) it looks up the key None, which we map to "metrics off".
    Hint style and antialiasing stay cairo's defaults (turning those off too
    garbles glyphs in cairo 1.16).
    """
    import cairosvg
    import cairosvg.surface

    cairosvg.surface.TEXT_HINT_METRICS.setdefault(None, cairosvg.surface.cairo.HINT_METRICS_OFF)
    return cairosvg


def to_png(svg: str, dpi: int = 192) -> bytes:
    # cairosvg's scale is relative to 96 dpi (one user unit = one CSS pixel).
    return _cairosvg().svg2png(bytestring=svg.encode("utf-8"), scale=dpi / 96, unsafe=False)


def to_pdf(svg: str) -> bytes:
    return _stable_pdf(_cairosvg().svg2pdf(bytestring=svg.encode("utf-8"), unsafe=False))


def _stable_pdf(pdf: bytes) -> bytes:
    """cairo stamps the creation time into the PDF; drop it so the same input gives the same bytes."""
    import re

    return re.sub(rb"/CreationDate \(D:[^)]*\)", b"/CreationDate (D:20000101000000Z)", pdf)


def encode(svg: str, fmt: str, dpi: int = 192) -> bytes:
    if fmt == "svg":
        return svg.encode("utf-8")
    if fmt == "png":
        return to_png(svg, dpi)
    if fmt == "pdf":
        return to_pdf(svg)
    raise ValueError(f"unknown format {fmt!r}")


def write_atomic(path: str | Path, data: bytes) -> None:
    """Write to a temporary file beside the target, then rename: an existing file is
    replaced only by a complete one, and a crash leaves no half-written output."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
