"""A comparison's drawings as figures for a page: `socialmaps diff --width 16cm [--side-by-side]`,
and the comparison figures of `socialmaps report`.

Without a width every drawing keeps its natural size.  With one, each diagram's comparison is
laid out as `fitting.py` lays out a single diagram: page fonts, then reflow, then compact, the
first that prints its smallest text at the style's target within the width; one figure of all
steps also tries its panels in a row and one under another, and takes the first arrangement
that reaches the target (else the one that prints largest).  The steps of one diagram drawn as
separate files share one print scale, so that they print alike.  One print scale serves every
diagram of the comparison, as it serves every figure of a case.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..drawing import Drawing
from ..figure import Figure, figure_from, font_sizes
from ..fitting import DEFAULT_BODY, READABLE_PT, REFLOW, compact, page_fonts
from ..fitting import _overflows as overflows  # the single figure's own test of a layout
from ..lang import Words, words
from ..model import Case
from ..options import RenderOptions
from ..page import POINTS_PER_UNIT
from ..style import load_style
from . import Comparison, compare, figure_numbers, step_labels
from .sidebyside import Arrangement, one_figure

ARRANGEMENTS: tuple[Arrangement, ...] = ("row", "column")


@dataclass(frozen=True)
class Drawn:
    """One file's drawing of a comparison: `name` is its file stem ("ecomap-1", "ecomap-compare")."""

    name: str
    kind: str
    drawing: Drawing


@dataclass(frozen=True)
class Candidate:
    """One way of drawing one diagram's comparison, with what it prints at within the width."""

    drawn: tuple[Drawn, ...]
    smallest: float     # smallest font size, user units
    scale: float        # points per unit
    case_id: str        # the latest version's, as drawn (anonymised, when asked)

    @property
    def text_pt(self) -> float:
        return self.smallest * self.scale


@dataclass(frozen=True)
class ComparedFigures:
    """Every figure of a comparison, in order (with its file stem), and what the steps are called."""

    figures: tuple[tuple[str, Figure], ...]
    labels: tuple[str, ...]
    case_id: str                 # the latest version's (anonymised, when asked)
    notes: tuple[str, ...] = ()


def _drawn(result: Comparison, kinds: Sequence[str], together: Arrangement | None) -> list[Drawn]:
    if together is None:
        return [Drawn(f"{d.kind}-{d.step + 1}", d.kind, d.drawing) for d in result.drawings
                if d.kind in kinds]
    return [Drawn(f"{kind}-compare", kind, one_figure(result, kind, together)) for kind in kinds
            if result.of(kind)]


def _candidate(drawn: Sequence[Drawn], room: Room, case_id: str) -> Candidate:
    """How one way of drawing prints: no larger than natural, within the width (and the page's
    height, when there is a page)."""
    smallest = min((size for d in drawn for size in font_sizes(d.drawing.svg)), default=11.0)
    widest = max((d.drawing.width for d in drawn), default=1.0)
    tallest = max((d.drawing.height for d in drawn), default=1.0)
    scale = min(POINTS_PER_UNIT, room.width / widest)
    if room.height is not None:
        scale = min(scale, room.height / tallest)
    return Candidate(tuple(drawn), smallest, scale, case_id)


@dataclass(frozen=True)
class Room:
    """What a figure may take, in points: the width, and the page's text height (None: no page)."""

    width: float
    height: float | None


def room_for(options: RenderOptions) -> Room | None:
    from ..page import PAGES

    width = options.figure_width_pt
    if width is None:
        return None
    page = PAGES[options.page] if options.page else None
    # The caption set under the figure takes a few lines of the page.
    return Room(width, page.text_height - 48.0 if page else None)


def _best_for(kind: str, cases: Sequence[Case], options: RenderOptions, labels: Sequence[str | None] | None,
              together: Arrangement | None, room: Room, target: float) -> Candidate:
    """The first layout (page fonts; reflow; compact) × arrangement that prints the smallest text
    at `target` within `width`, else the one that prints it largest."""
    style = load_style(options.style or cases[-1].case.style or "default")
    page = (("page.width_pt", room.width), ("page.readable_pt", target))
    fonts = page_fonts(style)
    arrangements: Sequence[Arrangement | None] = (
        [None] if together is None else ARRANGEMENTS if together == "row" else [together])
    tried: list[Candidate] = []
    for overrides in (fonts, fonts + REFLOW, fonts + REFLOW + compact(style)):
        asked = options.model_copy(update={"style_overrides": page + overrides, "diagrams": (kind,)})
        result = compare(cases, asked, labels, one_legend=together is not None)
        if tried and any(overflows(d.drawing) for d in result.drawings):
            continue  # a part that does not follow the narrower layout (a table): keep the wider one
        for arrangement in arrangements:
            candidate = _candidate(_drawn(result, [kind], arrangement), room, result.cases[-1].case.id)
            if candidate.text_pt >= target - 1e-9:
                return candidate
            tried.append(candidate)
    return max(tried, key=lambda c: (round(c.text_pt, 2), -tried.index(c)))


def comparison_figures(cases: Sequence[Case], options: RenderOptions,
                       labels: Sequence[str | None] | None = None,
                       together: Arrangement | None = None) -> ComparedFigures:
    """Every diagram of the comparison as figures: a file per step, or (`together`) one figure
    per diagram with every step in it ("row": side by side, or one under another where the
    width asks for it; "column": one under another)."""
    numbers = figure_numbers(cases, options)
    room = room_for(options)
    style = load_style(options.style or cases[-1].case.style or "default")
    if room is None:
        result = compare(cases, options, labels, one_legend=together is not None)
        body = style.font.size
        figures = [(d.name, figure_from(d.drawing, numbers[d.kind], POINTS_PER_UNIT, body, options))
                   for d in _drawn(result, list(numbers), together)]
        return ComparedFigures(tuple(figures), result.labels, result.cases[-1].case.id)
    target = READABLE_PT * style.font.size / DEFAULT_BODY
    best = {kind: _best_for(kind, cases, options, labels, together, room, target) for kind in numbers}
    best = {kind: c for kind, c in best.items() if c.drawn}
    shared = min((c.scale for c in best.values() if c.text_pt >= target - 1e-9), default=POINTS_PER_UNIT)
    figures = []
    notes = []
    for kind, candidate in best.items():
        scale = min(candidate.scale, shared)
        note = _note(kind, candidate.smallest * scale, options.min_text_pt, room.width, options.page)
        if note:
            notes.append(note)
        figures.extend((d.name, figure_from(d.drawing, numbers[kind], scale, style.font.size, options, note))
                       for d in candidate.drawn)
    latest = cases[-1]
    names = tuple(step_labels(len(cases), _words(options, latest), labels))
    case_id = next((c.case_id for c in best.values()), latest.case.id)
    return ComparedFigures(tuple(figures), names, case_id, tuple(notes))


def _words(options: RenderOptions, latest: Case) -> Words:
    return words(options.lang or latest.case.language)


def _note(kind: str, text_pt: float, floor: float, width: float, page: str | None) -> str | None:
    if text_pt >= floor - 1e-9:
        return None
    wider = "fewer versions"
    if page != "a4-landscape":
        wider = "a wider page (--page a4-landscape) or fewer versions"
    return (f"{kind}: too big for {width / 72 * 2.54:.3g} cm: its smallest text prints at {text_pt:.1f} pt, "
            f"below the {floor:g} pt floor (--min-text); use {wider}")
