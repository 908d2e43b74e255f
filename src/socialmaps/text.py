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
import unicodedata
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


# ----------------------------------------------------------------------------- characters the font lacks
#
# cairosvg draws every text with the first font the SVG names (cairo's toy text API: no fallback
# to another font, no shaping), so a character DejaVu Sans has no glyph for prints as its empty
# .notdef box.  Such a character is drawn, and measured, as PLACEHOLDER instead, and the loader
# warns (see `missing_glyphs`).  A fallback font is no option: cairo finds fonts only through
# fontconfig, cairosvg ignores @font-face, and the contract wants every text in the bundled font.

PLACEHOLDER = "\ufffd"  # REPLACEMENT CHARACTER: in both DejaVu faces, and reads as "cannot show"
_ZWJ = "\u200d"


@dataclass(frozen=True)
class Replaced:
    """One cluster the font cannot draw (a character with its marks, modifiers and selectors, or
    a whole emoji ZWJ sequence or flag): what the case wrote, which of its code points are missing."""

    original: str
    missing: tuple[str, ...]


@dataclass(frozen=True)
class Drawable:
    """A text as it is drawn: `text` with every undrawable cluster replaced by PLACEHOLDER."""

    text: str
    replaced: tuple[Replaced, ...]


def covered() -> frozenset[str] | None:
    """The characters both bundled faces have a glyph for (regular and bold: a text is checked
    once, whichever weight draws it); None when no font file is found (nothing can be checked)."""
    return _covered()


@functools.cache
def _covered() -> frozenset[str] | None:
    if font_path(False) is None:
        return None
    return frozenset(_face(False).advances).intersection(_face(True).advances)


def _attaches(ch: str) -> bool:
    """A character drawn onto the one before it: a combining mark, a variation selector, an emoji
    skin-tone modifier, a tag character (subdivision flags)."""
    code = ord(ch)
    return (unicodedata.category(ch) in ("Mn", "Me", "Mc") or 0xFE00 <= code <= 0xFE0F
            or 0xE0100 <= code <= 0xE01EF or 0x1F3FB <= code <= 0x1F3FF or 0xE0020 <= code <= 0xE007F)


def _regional(ch: str) -> bool:
    return "\U0001f1e6" <= ch <= "\U0001f1ff"


def _clusters(text: str) -> list[str]:
    """The text cut where a reader sees one character end: a base with what attaches to it,
    bases joined by ZERO WIDTH JOINER, and regional-indicator pairs (flags) kept together."""
    out: list[str] = []
    i, n = 0, len(text)
    while i < n:
        j = i + 1
        if _regional(text[i]) and j < n and _regional(text[j]):
            j += 1
        while j < n:
            if _attaches(text[j]):
                j += 1
            elif text[j] == _ZWJ and j + 1 < n and not text[j + 1].isspace():
                j += 2
            else:
                break
        out.append(text[i:j])
        i = j
    return out


def drawable(text: str) -> Drawable:
    """`text` as the font can draw it.  A text the font covers (nearly all) comes back as it is;
    otherwise each cluster with a missing character is drawn as PLACEHOLDER: one for a whole
    cluster whose base is missing, one after the base for missing marks or modifiers on a
    drawable base.  (Composing to NFC would not help: no character DejaVu has decomposes into
    one it lacks.)  An invisible format character the font
    lacks (it has nothing to show) is left out without a placeholder."""
    return _drawable(text)


def drawable_text(text: str) -> str:
    """`drawable(text).text`: what is drawn.  A printable ASCII text (nearly every label) is
    drawn as it is, without a look-up in `drawable`'s cache (which a drawing of 30,000 different
    names overflows)."""
    if text.isascii() and text.isprintable() and ascii_drawn():
        return text
    return _drawable(text).text


@functools.cache
def ascii_drawn() -> bool:
    """Both faces have every printable ASCII character (or no font is found: nothing is replaced)."""
    glyphs = _covered()
    return glyphs is None or glyphs.issuperset(map(chr, range(0x20, 0x7F)))


@functools.lru_cache(maxsize=1 << 14)
def _drawable(text: str) -> Drawable:
    glyphs = _covered()
    if glyphs is None or glyphs.issuperset(text):
        return Drawable(text, ())
    pieces: list[str] = []
    replaced: list[Replaced] = []
    for cluster in _clusters(text):
        if glyphs.issuperset(cluster):
            pieces.append(cluster)
            continue
        missing = tuple(ch for ch in cluster if ch not in glyphs)
        if len(cluster) == 1 and unicodedata.category(cluster) == "Cf":
            continue  # invisible (a joiner, a direction mark): nothing would be drawn anyway
        replaced.append(Replaced(cluster, missing))
        if cluster[0] in glyphs and not any(ch == _ZWJ or _regional(ch) for ch in cluster):
            # a drawable letter with a mark or modifier the font lacks: keep the letter
            pieces.append("".join(ch for ch in cluster if ch in glyphs) + PLACEHOLDER)
        else:
            pieces.append(PLACEHOLDER)
    return Drawable("".join(pieces), tuple(replaced))


def missing_glyphs(text: str) -> tuple[Replaced, ...]:
    """The clusters of `text` the font cannot draw, first occurrence of each, in text order."""
    seen: dict[str, Replaced] = {}
    for item in drawable(text).replaced:
        seen.setdefault(item.original, item)
    return tuple(seen.values())


def describe_missing(found: Sequence[Replaced], limit: int = 3) -> str:
    """A warning's text: "the font cannot draw '🙏' (U+1F64F PERSON WITH FOLDED HANDS); it is
    shown as '�'", naming at most `limit` clusters and counting the rest."""
    def one(item: Replaced) -> str:
        codes = ", ".join(f"U+{ord(ch):04X} {unicodedata.name(ch, '(unnamed)')}" for ch in item.missing)
        return f"'{item.original}' ({codes})"

    named = ", ".join(one(item) for item in found[:limit])
    more = f" and {len(found) - limit} more" if len(found) > limit else ""
    each = "each is" if len(found) > 1 else "it is"
    return f"the font cannot draw {named}{more}; {each} shown as '{PLACEHOLDER}'"


_SPACE_RUN = re.compile(r"\s+")  # compiled once: re.sub(pattern, …) looks the pattern up on every call


def collapse(text: str) -> str:
    """Whitespace as a browser renders it in SVG: runs collapsed, ends trimmed."""
    if text.isascii() and text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " ":
        return text  # its only whitespace is single inner spaces: nothing to collapse (most labels)
    return _SPACE_RUN.sub(" ", text).strip()


def measure(text: str, size: float, bold: bool = False) -> float:
    """Advance width of a (collapsed) text at a font size, in user units."""
    return _measure(text, float(size), bool(bold))


# Drawings measure the same few texts (names, years, labels) many times over while
# planning, drawing and checking; the cache makes a repeat a dictionary look-up.
@functools.lru_cache(maxsize=1 << 16)
def _measure(text: str, size: float, bold: bool) -> float:
    # A drawing measures each of its texts once here (a name, its words, the two words joined):
    # a printable ASCII text without a double, leading or trailing space (nearly every one) is
    # what collapse() and drawable_text() give back, so it is measured without those two calls.
    if text.isascii() and text.isprintable() and "  " not in text and text[:1] != " " \
            and text[-1:] != " " and ascii_drawn():
        drawn = text
    else:
        drawn = drawable_text(collapse(text))
    return (_face(True) if bold else _face(False)).width_em(drawn) * size


def ascent(size: float) -> float:
    return face().ascent * size


def descent(size: float) -> float:
    return face().descent * size


def line_box(x: float, baseline: float, text: str, size: float, anchor: str = "start",
             bold: bool = False) -> Box:
    """The box a line of text covers: advance width by ascent + descent of the font."""
    # _measure without measure's argument conversions: equal arguments are one cache entry
    # either way, and the width is the same number
    width = _measure(text, size, bold)
    # thousands of labels per drawing: no throwaway dict, one font lookup
    if anchor == "middle":
        left = x - width / 2
    elif anchor == "end":
        left = x - width
    else:
        left = x
    em = _face(False)  # face() without its argument conversion: the regular face, as face() gives
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

    Never drops text: the lines joined with spaces give back the collapsed input as the font
    draws it (`drawable`), except where a long word had to be cut.
    """
    words = drawable_text(collapse(text)).split(" ")
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


def block_box(x: float, baseline: float, lines: Sequence[str], size: float, line_height: float,
              anchor: str = "start", bold: bool = False) -> Box:
    """`geometry.bounds(block_boxes(...))`, the same numbers, without a box per line (a label of
    two or more lines under every person of a genogram)."""
    if not lines:
        return Box(0, 0, 0, 0)  # as bounds([]) gives
    em = _face(False)
    # Running extremes of the sides, not four lists and min()/max() over them: a label has a line
    # or two.  Replaced only by a strictly smaller (larger) value, as min() and max() keep the
    # first of equal values (0.0 against -0.0), so the numbers are bounds()'s.  The top and the
    # bottom need no comparing: the baselines only go down, and rounding keeps that order, so the
    # first line's top and the last line's bottom are the extremes, as bounds() finds them (the
    # first baseline is `baseline + 0.0`: the same top).
    x0 = x1 = 0.0
    first = True
    for line in lines:
        width = _measure(line, size, bold)
        left = x - width / 2 if anchor == "middle" else x - width if anchor == "end" else x
        right = left + width
        if first:
            x0, x1, first = left, right, False
            continue
        if left < x0:
            x0 = left
        if right > x1:
            x1 = right
    last = baseline + (len(lines) - 1) * line_height * size
    return Box(x0, baseline - em.ascent * size, x1, last + em.descent * size)


def wrap_whole(text: str, max_width: float, size: float, bold: bool = False) -> list[str] | None:
    """`wrap`, or None when some word is wider than the line and would be cut in two
    (a name broken mid-word reads worse than one placed where it has more room)."""
    lines = wrap(text, max_width, size, bold)
    return lines if " ".join(lines) == drawable_text(collapse(text)) else None
