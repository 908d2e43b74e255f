"""Fitting a case's figures to a printed width: text at the style's size, one size per case.

Why not just scale: every diagram measures its geometry in em of the style's body size (symbols,
gaps, label widths), so a larger font gives a proportionally larger canvas and the same printed
text.  What changes the ratio of text to canvas is the spread of sizes and how labels flow:

1. Page fonts: small text (dates, legend, notes) is raised to 98 % of the body size, so that the
   smallest text prints at the target too (8 pt in the default style at its natural 0.75 pt per
   unit; the canvas grows only where small text was the widest thing).
2. Reflow: labels wrap narrower (genogram, ecomap, life road map, body map callouts) and the
   life road map's events sit closer, so the same content takes less width and more height.
3. Shrink: the print scale goes below 0.75 pt per unit, down to what `min_text` allows.

For each diagram, the first of (1), (1 + 2) whose figure prints its smallest text at the target
within the width is taken; otherwise the one that prints it largest.  Then one print scale for the
case: the smallest any diagram needs (none beyond 0.75, the style's own size), among the diagrams
that reach `min_text` with it; a diagram that cannot is printed at its own scale, with a note.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .drawing import Drawing
from .figure import Figure, FigureSet, figure_from, font_sizes
from .model import Case
from .options import RenderOptions
from .page import POINTS_PER_UNIT
from .style import Style, load_style

Overrides = tuple[tuple[str, float], ...]

# Smallest text as a share of the body size in a page layout (98 %: 10.8 units in the default
# style, 8.1 pt at its natural size, a hair over 8 so that rounding never reads it as 7.99).
PAGE_SMALL_SHARE = 0.98
# The text size aimed at: 8 pt for the default style's 11-unit body, as much larger as the style's
# body is (`large`: 10.9 pt).
READABLE_PT = 8.0
DEFAULT_BODY = 11.0
# Small text may be raised above the body size (so that text a diagram draws at a share of it, such
# as ages inside genogram symbols, reaches the target), at most to this share of it.
MAX_SMALL_SHARE = 1.0
# Narrower label columns and a denser life road map: widths in em, as the style files give them.
REFLOW: Overrides = (
    ("genogram.label_width", 6.5),
    ("ecomap.label_width", 8.0),
    ("lifemap.label_width", 8.0),
    ("lifemap.event_spacing", 2.4),
    ("bodymap.label_width", 10.0),
)


@dataclass(frozen=True)
class Candidate:
    """One way of laying a diagram out, drawn, with what it prints at within the width."""

    overrides: Overrides
    drawing: Drawing
    smallest: float  # smallest font size, user units
    scale: float     # points per unit: the style's natural 0.75, or less to fit the width

    @property
    def text_pt(self) -> float:
        return self.smallest * self.scale


def page_fonts(style: Style) -> Overrides:
    """Small text raised towards the body size (step 1)."""
    floor = PAGE_SMALL_SHARE * style.font.size
    return (("font.small", max(style.font.small, floor)), ("font.min", max(style.font.min, floor)))


def fit_case(case: Case, kinds: Sequence[str], options: RenderOptions) -> FigureSet:
    """Every one of `kinds` as a figure (see the module's docstring)."""
    items = tuple(fit_figure(case, kind, options) for kind in kinds)
    return figure_set(items, case, options)


def figure_set(items: Sequence[Figure], case: Case, options: RenderOptions) -> FigureSet:
    width = options.figure_width_pt
    if width is None:
        return FigureSet(tuple(items))
    style = load_style(options.style or case.case.style or "default")
    return FigureSet(tuple(items), width_pt=width, text_pt=style.font.size * POINTS_PER_UNIT,
                     notes=tuple(f.note for f in items if f.note))


def fit_figure(case: Case, kind: str, options: RenderOptions) -> Figure:
    """One diagram as a figure: at natural size, or laid out for `options`' printed width."""
    from .render import applicable

    number = _numbers(applicable(case), options)[kind]
    width = options.figure_width_pt
    style = load_style(options.style or case.case.style or "default")
    if width is None:
        return figure_from(_draw(case, kind, options, ()), number, POINTS_PER_UNIT, style.font.size, options)
    target_pt = READABLE_PT * style.font.size / DEFAULT_BODY
    candidate = _best(case, kind, options, style, width, target_pt)
    note = _note(kind, candidate, target_pt, options.min_text_pt, width)
    return figure_from(candidate.drawing, number, candidate.scale, style.font.size, options, note)


def _numbers(kinds: Sequence[str], options: RenderOptions) -> dict[str, str]:
    return {kind: options.figure_number or str(index + options.caption_start)
            for index, kind in enumerate(kinds)}


def _draw(case: Case, kind: str, options: RenderOptions, overrides: Overrides) -> Drawing:
    from .render import render

    return render(case, kind, options.model_copy(update={"style_overrides": overrides}))


def _best(case: Case, kind: str, options: RenderOptions, style: Style, width: float,
          target_pt: float) -> Candidate:
    """The first layout that prints its smallest text at the target within the width, else the
    one that prints it largest (ties: the earlier, which changed less).  Tried in order: page
    fonts; page fonts and reflow; then, where the diagram draws some text smaller than its small
    size (an age inside a symbol), small text raised until that text reaches the target too."""
    fonts = page_fonts(style)
    tried: list[Candidate] = []
    for overrides in (fonts, fonts + REFLOW, None):
        if overrides is None:
            last = tried[-1]
            wanted = target_pt / last.scale if last.scale > 0 else last.smallest
            if last.smallest >= wanted or last.scale < POINTS_PER_UNIT:
                break  # nothing smaller than asked, or the width is the limit: raising would not help
            small = min(fonts[0][1] * wanted / last.smallest, MAX_SMALL_SHARE * style.font.size)
            overrides = (("font.small", small), ("font.min", small), *REFLOW)
        drawing = _draw(case, kind, options, overrides)
        smallest = min(font_sizes(drawing.svg), default=style.font.size)
        candidate = Candidate(overrides, drawing, smallest, min(POINTS_PER_UNIT, width / drawing.width))
        if candidate.text_pt >= target_pt - 1e-9:
            return candidate
        tried.append(candidate)
    return max(tried, key=lambda c: (round(c.text_pt, 2), -tried.index(c)))


def _note(kind: str, candidate: Candidate, target_pt: float, floor: float, width: float) -> str | None:
    """What the summary and `--check` say of a figure that prints smaller than asked."""
    cm = f"{width / 72 * 2.54:.3g} cm"
    if candidate.text_pt < floor - 1e-9:
        return (f"{kind}: too big for {cm}: its smallest text prints at {candidate.text_pt:.1f} pt, below "
                f"the {floor:g} pt floor (--min-text); use a wider page (--page a4-landscape) or less text")
    if candidate.text_pt < target_pt - 1e-9 and candidate.scale < POINTS_PER_UNIT:
        return (f"{kind}: shrunk to fit {cm}: smallest text {candidate.text_pt:.1f} pt, not "
                f"{target_pt:.1f} pt")
    if candidate.text_pt < target_pt - 1e-9:
        return (f"{kind}: some text drawn smaller than the body text: {candidate.text_pt:.1f} pt, "
                f"not {target_pt:.1f} pt")
    return None
