"""Text measurement with the bundled font, and line wrapping by measured width.

Every width in a drawing comes from the advance widths of DejaVu Sans, the
font matplotlib ships (its .ttf files are read with fontTools; matplotlib
itself is never imported).  The SVG names the same font, so the boxes the
layout reserves are the boxes a reader of the file measures.  No kerning is
applied, on either side.
"""

from __future__ import annotations

import functools
import importlib.util
import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from fontTools.ttLib import TTFont

from .geometry import Box

FONT_FAMILY = "DejaVu Sans"
_FALLBACK_EM = 0.6  # only if no font file is found: never in a normal install


def font_path(bold: bool = False) -> Path | None:
    """The bundled DejaVu Sans file (regular or bold), found without importing matplotlib."""
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    spec = importlib.util.find_spec("matplotlib")
    for folder in (spec.submodule_search_locations or []) if spec else []:
        candidate = Path(folder, "mpl-data", "fonts", "ttf", name)
        if candidate.is_file():
            return candidate
    return None


@dataclass(frozen=True)
class Face:
    """Advance widths (in em) of one font, keyed by character."""

    advances: dict[str, float]
    missing: float
    ascent: float
    descent: float

    def width_em(self, text: str) -> float:
        # the same advances summed in the same order as a generator would, without a Python
        # frame per character (every word of every label is measured)
        return sum(map(self.advances.get, text, itertools.repeat(self.missing)))


def face(bold: bool = False) -> Face:
    """The regular or bold face, loaded once per process (about 20 ms); later calls are free."""
    return _face(bool(bold))  # one cache entry per face, however the caller spells the argument


@functools.cache
def _face(bold: bool) -> Face:
    path = font_path(bold)
    if path is None:
        return Face({}, _FALLBACK_EM, 0.76, 0.24)
    font = TTFont(str(path), lazy=True)
    upem = font["head"].unitsPerEm
    metrics = font["hmtx"].metrics
    advances = {chr(code): metrics[glyph][0] / upem for code, glyph in font.getBestCmap().items()}
    missing = metrics.get(".notdef", (upem * _FALLBACK_EM, 0))[0] / upem
    os2 = font["OS/2"]
    return Face(advances, missing, os2.sTypoAscender / upem, -os2.sTypoDescender / upem)


_SPACE_RUN = re.compile(r"\s+")  # compiled once: re.sub(pattern, …) looks the pattern up on every call


def collapse(text: str) -> str:
    """Whitespace as a browser renders it in SVG: runs collapsed, ends trimmed."""
    return _SPACE_RUN.sub(" ", text).strip()


def measure(text: str, size: float, bold: bool = False) -> float:
    """Advance width of a (collapsed) text at a font size, in user units."""
    return _measure(text, float(size), bool(bold))


# Drawings measure the same few texts (names, years, labels) many times over while
# planning, drawing and checking; the cache makes a repeat a dictionary look-up.
@functools.lru_cache(maxsize=1 << 16)
def _measure(text: str, size: float, bold: bool) -> float:
    return face(bold).width_em(collapse(text)) * size


def ascent(size: float) -> float:
    return face().ascent * size


def descent(size: float) -> float:
    return face().descent * size


def line_box(x: float, baseline: float, text: str, size: float, anchor: str = "start",
             bold: bool = False) -> Box:
    """The box a line of text covers: advance width by ascent + descent of the font."""
    width = measure(text, size, bold)
    # thousands of labels per drawing: no throwaway dict, one font lookup
    if anchor == "middle":
        left = x - width / 2
    elif anchor == "end":
        left = x - width
    else:
        left = x
    em = face()
    return Box(left, baseline - em.ascent * size, left + width, baseline + em.descent * size)


def _split_long_word(word: str, max_width: float, size: float, bold: bool) -> list[str]:
    """Break a word wider than the line into pieces that fit (a long URL, a name without spaces)."""
    pieces: list[str] = []
    current = ""
    for ch in word:
        if current and measure(current + ch, size, bold) > max_width:
            pieces.append(current)
            current = ch
        else:
            current += ch
    if current:
        pieces.append(current)
    return pieces


def wrap(text: str, max_width: float, size: float, bold: bool = False) -> list[str]:
    """Greedy word wrap by measured width; a word longer than a line is broken.

    Never drops text: the lines joined with spaces give back the collapsed input
    (except where a long word had to be cut).
    """
    words = collapse(text).split(" ")
    if words == [""]:
        return [""]
    em = face(bold)
    space = em.width_em(" ") * size
    lines: list[str] = []
    current: list[str] = []
    current_width = 0.0
    for word in words:
        width = em.width_em(word) * size
        if width > max_width:
            if current:
                lines.append(" ".join(current))
            pieces = _split_long_word(word, max_width, size, bold)
            lines.extend(pieces[:-1])
            current, current_width = [pieces[-1]], measure(pieces[-1], size, bold)
            continue
        added = width if not current else current_width + space + width
        if current and added > max_width:
            lines.append(" ".join(current))
            current, current_width = [word], width
        else:
            current.append(word)
            current_width = added
    if current:
        lines.append(" ".join(current))
    return lines


def widest(lines: list[str], size: float, bold: bool = False) -> float:
    return max((measure(line, size, bold) for line in lines), default=0.0)


def block_height(count: int, size: float, line_height: float) -> float:
    """Height of the box round `count` lines of one size: from the first line's ascent to the
    last line's descent, baselines `line_height * size` apart (as `svg.Element.text_lines` sets them)."""
    return (count - 1) * line_height * size + ascent(size) + descent(size)


def block_boxes(x: float, baseline: float, lines: Sequence[str], size: float, line_height: float,
                anchor: str = "start", bold: bool = False) -> list[Box]:
    """The box of every line of a multi-line label, at the baselines `svg.Element.text_lines`
    writes (`baseline + i * line_height * size`)."""
    return [line_box(x, baseline + i * line_height * size, line, size, anchor, bold)
            for i, line in enumerate(lines)]


def wrap_whole(text: str, max_width: float, size: float, bold: bool = False) -> list[str] | None:
    """`wrap`, or None when some word is wider than the line and would be cut in two
    (a name broken mid-word reads worse than one placed where it has more room)."""
    lines = wrap(text, max_width, size, bold)
    return lines if " ".join(lines) == collapse(text) else None
