"""Physical sizes: lengths such as `16cm`, `160mm`, `6.3in`, `8pt`, and the pages a report uses.

Everything is converted to points (1 in = 72 pt = 2.54 cm), the unit PDF and Word count in.  A
diagram's own coordinates are user units, drawn on screen at 96 to the inch, so one unit is 0.75 pt
at natural size (`POINTS_PER_UNIT`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

POINTS_PER_INCH = 72.0
POINTS_PER_UNIT = 0.75  # one SVG user unit (one CSS pixel, 1/96 in) at natural size
_TO_POINTS = {"pt": 1.0, "in": POINTS_PER_INCH, "cm": POINTS_PER_INCH / 2.54, "mm": POINTS_PER_INCH / 25.4}
_LENGTH = re.compile(r"\s*([0-9]+(?:\.[0-9]+)?|\.[0-9]+)\s*(pt|in|cm|mm)\s*")


class LengthError(ValueError):
    pass


def parse_length(text: str, *, units: tuple[str, ...] = ("cm", "mm", "in", "pt")) -> float:
    """A length with its unit (`16cm`, `160 mm`, `6.3in`, `8pt`) in points; a clear error for
    anything else (no unit, a negative or zero length, an unknown unit)."""
    found = _LENGTH.fullmatch(text)
    if found is None or found.group(2) not in units:
        raise LengthError(f"{text!r} is not a length: write a number and a unit, one of {', '.join(units)} "
                          f"(e.g. 16{units[0]})")
    value = float(found.group(1)) * _TO_POINTS[found.group(2)]
    if value <= 0:
        raise LengthError(f"{text!r}: a length must be more than zero")
    return value


def svg_length(points: float) -> str:
    """A physical length as an SVG root attribute, in millimetres (3 decimals: a micrometre)."""
    text = f"{points / _TO_POINTS['mm']:.3f}".rstrip("0").rstrip(".")
    return f"{text}mm"


@dataclass(frozen=True)
class Page:
    """A sheet and its margins, in points; `text_width` is what a full-width figure may take."""

    name: str
    width: float
    height: float
    margin: float

    @property
    def text_width(self) -> float:
        return self.width - 2 * self.margin

    @property
    def text_height(self) -> float:
        return self.height - 2 * self.margin


def _mm(value: float) -> float:
    return value * _TO_POINTS["mm"]


# Margins as report templates use them: 2.5 cm on A4 leaves the 16 cm a figure is usually given.
PAGES: dict[str, Page] = {
    "a4": Page("a4", _mm(210), _mm(297), _mm(25)),
    "a4-landscape": Page("a4-landscape", _mm(297), _mm(210), _mm(25)),
    "a5": Page("a5", _mm(148), _mm(210), _mm(15)),
    "letter": Page("letter", 8.5 * POINTS_PER_INCH, 11 * POINTS_PER_INCH, POINTS_PER_INCH),
}
PAGE_NAMES: tuple[str, ...] = tuple(PAGES)
