"""Fitting a case's figures to a printed width: text at the style's size, one size per case.

Why not just scale: every diagram measures its geometry in em of the style's body size (symbols,
gaps, label widths), so a larger font gives a proportionally larger canvas and the same printed
text.  What changes the ratio of text to canvas is the spread of sizes and how labels flow:

1. Page fonts: small text (dates, legend, notes) is raised to 98 % of the body size, so that the
   smallest text prints at the target too (8 pt in the default style at its natural 0.75 pt per
   unit; the canvas grows only where small text was the widest thing).
2. Reflow: labels wrap narrower (genogram, ecomap, life road map, body map callouts) and the
   life road map's events sit closer, so the same content takes less width and more height;
   then compact: a shorter road for the life road map, closer rings for the ecomap, a smaller
   body figure, smaller Venn circles.
3. Shrink: the print scale goes below 0.75 pt per unit, down to what `min_text` allows.

For each diagram, the first of (1), (1 + 2), (1 + 2 + compact) whose figure prints its smallest
text at the target within the width is taken; otherwise the one that prints it largest.  Then one
print scale for the case: the smallest any fitting diagram needs (none beyond 0.75, the style's own
size), so that every figure shows its body text at one size; a diagram that must be smaller still
to stay within the width prints at its own scale, with a note (below `min_text`: too big).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from .drawing import Drawing
from .figure import Figure, FigureSet, figure_from, font_sizes
from .model import Case
from .options import RenderOptions
from .page import POINTS_PER_UNIT
from .style import Style, load_style

Overrides = tuple[tuple[str, float], ...]

# Smallest text as a share of the body size in a page layout: all of it at the body size, so that
# one print scale serves every figure (the quadrants are laid out a hair under 0.75 pt a unit).
PAGE_SMALL_SHARE = 1.0
# The text size aimed at: 8 pt for the default style's 11-unit body, as much larger as the style's
# body is (`large`: 10.9 pt).
READABLE_PT = 8.0
DEFAULT_BODY = 11.0
# Narrower label columns and a denser life road map: widths in em, as the style files give them.
REFLOW: Overrides = (
    ("genogram.label_width", 4.0),
    ("ecomap.label_width", 8.0),
    ("lifemap.label_width", 8.0),
    ("lifemap.event_spacing", 2.4),
    ("lifemap.aspect", 2.0),       # the road map may grow taller (labels stack) before it grows wider
    ("bodymap.label_width", 10.0),
)
# Last before shrinking: a short life road map (32 em of road, labels stacked as high as they
# need), an ecomap with its rings drawn closer, a smaller body figure, smaller Venn circles.
COMPACT: Overrides = (
    ("lifemap.max_width", 32.0),
    ("lifemap.aspect", 3.0),
    ("ecomap.label_width", 7.0),
    ("ecomap.ring_gap", 1.5),
    ("ecomap.tier_step", 1.2),
    ("ecomap.gap", 0.4),
    ("bodymap.height", 34.0),
    ("bodymap.label_width", 8.0),
)
VENN_UNIT = 1.6  # em: the Venn's unit circle (the style gives it in user units, 2 em by default)


def compact(style: Style) -> Overrides:
    return (*COMPACT, ("venn.unit", VENN_UNIT * style.font.size))


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


@dataclass(frozen=True)
class Plan:
    """A diagram laid out for the width, before the case's print scale is known."""

    kind: str
    number: str
    candidate: Candidate
    target_pt: float  # the smallest text aimed at, in points
    body: float       # the style's body size, user units

    @property
    def fits(self) -> bool:
        return self.candidate.text_pt >= self.target_pt - 1e-9


def fit_case(case: Case, kinds: Sequence[str], options: RenderOptions) -> FigureSet:
    """Every one of `kinds` as a figure (see the module's docstring)."""
    items = tuple(finish(case, [plan_figure(case, kind, options) for kind in kinds], options))
    return figure_set(items, case, options)


def figure_set(items: Sequence[Figure], case: Case, options: RenderOptions) -> FigureSet:
    width = options.figure_width_pt
    if width is None:
        return FigureSet(tuple(items))
    fitting = [f.body_pt for f in items if f.note is None]
    return FigureSet(tuple(items), width_pt=width, text_pt=min(fitting, default=None),
                     notes=tuple(f.note for f in items if f.note))


def plan_figure(case: Case, kind: str, options: RenderOptions) -> Plan:
    """Lay one diagram out: as drawn (no width), or the best of the ladder for the width."""
    from .render import applicable

    number = _numbers(applicable(case), options)[kind]
    width = options.figure_width_pt
    style = load_style(options.style or case.case.style or "default")
    target_pt = READABLE_PT * style.font.size / DEFAULT_BODY
    if width is None:
        drawing = _draw(case, kind, options, ())
        smallest = min(font_sizes(drawing.svg), default=style.font.size)
        natural = Candidate((), drawing, smallest, POINTS_PER_UNIT)
        return Plan(kind, number, natural, target_pt, style.font.size)
    page = (("page.width_pt", width), ("page.readable_pt", target_pt))
    return Plan(kind, number, _best(case, kind, options, style, width, target_pt, page), target_pt,
                style.font.size)


def finish(case: Case, plans: Sequence[Plan], options: RenderOptions) -> list[Figure]:
    """The figures of a case's plans at one print scale: the smallest any fitting plan needs, so
    every figure shows its body text at one size; one that must be smaller still to stay within
    the width keeps its own (and says so)."""
    width = options.figure_width_pt
    if width is None:
        return [figure_from(p.candidate.drawing, p.number, POINTS_PER_UNIT, p.body, options) for p in plans]
    shared = min((p.candidate.scale for p in plans if p.fits), default=POINTS_PER_UNIT)
    figures = []
    for plan in plans:
        candidate = plan.candidate
        width_bound = candidate.scale < POINTS_PER_UNIT
        if candidate.scale >= shared:  # never larger than its width allows
            candidate = Candidate(candidate.overrides, candidate.drawing, candidate.smallest, shared)
        note = _note(plan.kind, candidate, plan.target_pt, options.min_text_pt, width, width_bound)
        figures.append(figure_from(candidate.drawing, plan.number, candidate.scale, plan.body, options,
                                   note))
    return figures


def _numbers(kinds: Sequence[str], options: RenderOptions) -> dict[str, str]:
    return {kind: options.figure_number or str(index + options.caption_start)
            for index, kind in enumerate(kinds)}


def _draw(case: Case, kind: str, options: RenderOptions, overrides: Overrides) -> Drawing:
    from .render import render

    return render(case, kind, options.model_copy(update={"style_overrides": overrides}))


def _best(case: Case, kind: str, options: RenderOptions, style: Style, width: float,
          target_pt: float, page: Overrides) -> Candidate:
    """The first layout of the ladder (page fonts; reflow; compact) that prints its smallest text at
    the target within the width, else the one that prints it largest (ties: the one that changed
    less)."""
    fonts = page_fonts(style)
    tried: list[Candidate] = []
    for overrides in (fonts, fonts + REFLOW, fonts + REFLOW + compact(style)):
        drawing = _draw(case, kind, options, page + overrides)
        if tried and _overflows(drawing):
            continue  # a part that does not follow the narrower layout (a table): keep the wider one
        smallest = min(font_sizes(drawing.svg), default=style.font.size)
        scale = min(POINTS_PER_UNIT, width / drawing.width)
        candidate = Candidate(page + overrides, drawing, smallest, scale)
        if candidate.text_pt >= target_pt - 1e-9:
            return candidate
        tried.append(candidate)
    return max(tried, key=lambda c: (round(c.text_pt, 2), -tried.index(c)))


_LINE_X = re.compile(r'<line\b[^>]*?\sx[12]="([0-9.]+)"[^>]*?\sx[12]="([0-9.]+)"')


def _overflows(drawing: Drawing) -> bool:
    """A line reaching past the figure's right edge: a reflowed layout one of its parts did not
    follow (the body map's table keeps its width when the figure narrows)."""
    limit = drawing.width + 0.5
    return any(float(a) > limit or float(b) > limit for a, b in _LINE_X.findall(drawing.svg))


def _note(kind: str, candidate: Candidate, target_pt: float, floor: float, width: float,
          width_bound: bool) -> str | None:
    """What the summary and `--check` say of a figure that prints smaller than asked."""
    cm = f"{width / 72 * 2.54:.3g} cm"
    if candidate.text_pt < floor - 1e-9:
        return (f"{kind}: too big for {cm}: its smallest text prints at {candidate.text_pt:.1f} pt, below "
                f"the {floor:g} pt floor (--min-text); use a wider page (--page a4-landscape) or less text")
    if candidate.text_pt < target_pt - 1e-9 and width_bound:
        return (f"{kind}: shrunk to fit {cm}: smallest text {candidate.text_pt:.1f} pt, not "
                f"{target_pt:.1f} pt")
    if candidate.text_pt < target_pt - 1e-9:
        return (f"{kind}: some text drawn smaller than the body text: {candidate.text_pt:.1f} pt, "
                f"not {target_pt:.1f} pt")
    return None
