"""Body map geometry: figures side by side, marks on their regions, callouts in
the margins, the key table and the footer.

Reading the figure: one outline per view (front, back) with the view's name
above it and the client's own "right" / "left" under its feet (the front with a
face, the back with a spine line); each mark is a numbered symbol on its region
(shape by kind), joined by a leader line to a callout in a margin column
(number, region, note).  The key table under the figures repeats every mark with
its kind; the footer says who recorded it, when.  The note under the figures
explains left and right for the views drawn only.

The steps (``layout`` runs them in this order)
1. ``_resolve``: each mark's canonical region and view.
2. symbols (``symbols.py``): at the region's pole, or the nearest point clear of
   the symbols already placed; a map with more marks than the figure holds gets
   a larger figure with every symbol on a lattice.
3. ``_figures``: columns ``[left] view [gutter] view [right]``; a view's marks on
   its viewer-left half go to the column on its left, the others to the column
   on its right (callouts from the front view hang on the gutter's left edge,
   those from the back view on its right edge).  Marks on the midline go to
   whichever side has less text so far.
4. callouts (``callouts.py``): down each column, leaders routed round the arms,
   hands, symbols and one another; the symbols of one region handed out in the
   callouts' order.
5. ``_final_numbers``: numbers follow the figure, not the file: view by view, in
   the order the callouts stand from top to bottom, so each side reads 1, 2, 3
   downwards (and so does each region); the same marks in any file order give
   the same map.
6. ``_below``: the left/right note, the legend, the key table and the footer.

The outline (``figure``) is the one the case names, else the child's for a client
under ``bodyregions.CHILD_BELOW_AGE`` (``Case.body_figure``).

Everything here is plain numbers and dataclasses; ``draw.py`` turns it into SVG.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from ... import text as tm
from ...drawing import Context
from ...geometry import Box
from ...labels import PlacedText
from ...legend import LegendEntry, layout_legend
from ...model import Bodymap, Mark
from . import outline
from .callouts import ROUTED_MARKS, Column, Pending, arrange, first_line_middle, leader
from .records import BodymapLayout, Callout, KeyTable, MarkPlace, TableCell, TableRow, ViewPlace
from .symbols import CLEAR, Item, Placement, place_symbols

Point = tuple[float, float]

#: Up to this many marks each mark has a callout beside the figures; beyond (a map of hundreds or
#: thousands of marks, whose columns nobody reads and whose callouts took most of the time), the
#: number on each symbol refers to its row of the key table, which holds everything.
CALLOUT_MARKS = ROUTED_MARKS

KINDS: tuple[str, ...] = ("injury", "bruise", "pain", "scar", "illness", "disability", "feeling", "other")

# --------------------------------------------------------------------------- words


def cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def region_name(ctx: Context, region: str) -> str:
    """The region's name in the drawing's language (``lang/*/bodymap.toml``, ``[region]``)."""
    return ctx.words[f"bodymap.region.{region}"]


def kind_label(ctx: Context, kind: str) -> str:
    return cap(ctx.words[f"bodymap.{kind}"])


def drawn_views(bodymap: Bodymap) -> list[str]:
    """The case's views in its order, plus a view only a mark names (so no mark is lost)."""
    views: list[str] = list(dict.fromkeys(bodymap.views))
    for mark in bodymap.marks:
        if mark.view is not None and mark.view not in views:
            views.append(mark.view)
    return views


def mark_view(region: str, view: str | None, views: Sequence[str]) -> str:
    """A mark's view: its own, else the first drawn view that shows its region."""
    if view is not None:
        return view
    for candidate in views:
        if region in outline.regions_for(candidate):
            return candidate
    raise ValueError(f"region {region!r} is on none of the views {', '.join(views)}")


def sides_words(ctx: Context, views: Sequence[str]) -> str:
    """The note on left and right, for the views drawn only."""
    shown = [v for v in outline.VIEWS if v in views]
    key = "bodymap.sides" if len(shown) == 2 else f"bodymap.sides_{shown[0]}"
    return ctx.words[key]


# --------------------------------------------------------------------------- text, measured once


class Texts:
    """Wrapping and widths of the texts of one body map, each distinct text measured once: a map
    of thousands of marks repeats a few dozen region names and kind words in every callout and
    table row."""

    def __init__(self) -> None:
        self._lines: dict[tuple[str, float, float, bool], tuple[str, ...]] = {}
        self._widths: dict[tuple[str, float, bool], float] = {}
        self.column_text_width = 0.0  # the width callouts are wrapped to

    def wrap(self, text: str, width: float, size: float, bold: bool = False) -> tuple[str, ...]:
        """``text.wrap``; a text already measured narrower than ``width`` (a number, a kind word)
        is its own one line when the font draws it as it is."""
        measured = self._widths.get((text, size, bold))
        if measured is not None and measured <= width and text.isascii() and text.isprintable() \
                and " " not in text:
            return (text,)
        key = (text, width, size, bold)
        lines = self._lines.get(key)
        if lines is None:
            shown = tm.drawable(text).text
            if shown == tm.collapse(shown) and tm.face(bold).width_em(shown) * size <= width:
                lines = (shown,)  # fits on one line: what wrap gives, without its word loop
            else:
                lines = tuple(tm.wrap(text, width, size, bold=bold))
            self._lines[key] = lines
        return lines

    def width(self, text: str, size: float, bold: bool = False) -> float:
        key = (text, size, bold)
        found = self._widths.get(key)
        if found is None:
            found = self._widths[key] = tm.measure(text, size, bold)
        return found


# --------------------------------------------------------------------------- marks and numbers


@dataclass(frozen=True)
class Resolved:
    """One mark with its canonical region and view, and its number."""

    number: int
    region: str
    view: str
    mark: Mark


def _resolve(bodymap: Bodymap, views: Sequence[str], figure: str) -> list[Resolved]:
    """Every mark with its region and view, in a first order (view by view, by the region's
    pole head to toe, then viewer-left to right; ties by kind, note and file order): the
    order the symbols are placed in, so that the marks of one region come together."""
    keyed = []
    for i, mark in enumerate(bodymap.marks):
        region = outline.canonical_region(mark.region)
        view = mark_view(region, mark.view, views)
        ax, ay = outline.region_anchor(region, view, figure)
        keyed.append(((views.index(view), ay, ax, KINDS.index(mark.kind), mark.note or "", i),
                      region, view, mark))
    keyed.sort(key=lambda item: item[0])
    return [Resolved(n + 1, region, view, mark) for n, (_, region, view, mark) in enumerate(keyed)]


def _final_numbers(pending: Sequence[Pending], views: Sequence[str]) -> dict[int, int]:
    """The number each mark shows, by its first number: view by view, in the order the
    callouts stand from top to bottom (the two sides of a view interleaved by height), so each
    side of a view reads 1, 2, 3 downwards; ties by column, then by the symbol's place."""
    order = sorted(pending, key=lambda p: (views.index(p.view.view), round(p.top, 6), p.column,
                                           round(p.centre[1], 6), round(p.centre[0], 6), p.number))
    return {p.number: n + 1 for n, p in enumerate(order)}


def _lattice_spacing(marks: int, r_min: float, font_min: float, small: float) -> float:
    """How far apart (page units) symbols on the lattice stand: their clearance, and room for
    the widest number (drawn as draw.number_size has it, up to 0.3 radii below the centre) to
    keep off the neighbours' symbols and numbers."""
    size = max(font_min, min(small, 0.95 * r_min))
    w = tm.measure(str(max(1, marks)), size, bold=True)
    h = tm.ascent(size) + tm.descent(size)
    reach = math.hypot(w / 2, h / 2) + 0.3 * r_min
    return max(2 * CLEAR * r_min, reach + CLEAR * r_min, w + 0.2 * r_min)


# --------------------------------------------------------------------------- figures and columns


@dataclass(frozen=True)
class Frame:
    """The figures side by side and the margin columns between and beside them."""

    places: tuple[ViewPlace, ...]
    columns: tuple[tuple[float, float], ...]  # (x0, x1) of each column, left to right
    width: float
    bottom: float  # under the figures and their left/right words


def _figures(ctx: Context, views: Sequence[str], figure: str, scale: float) -> Frame:
    style, words = ctx.style, ctx.words
    size, small, heading = style.font.size, style.font.small, style.font.heading
    lh, margin = style.font.line_height, style.margin
    col_w = float(style.get("bodymap.label_width", 15)) * small
    gap = size  # between a column and a figure
    bx0, by0, bx1, by1 = outline.outline_bounds("front", figure)
    fig_w = (bx1 - bx0) * scale
    title_baseline = margin + tm.ascent(heading)
    fig_top = margin + lh * heading + 0.5 * size
    columns: list[tuple[float, float]] = []
    places: list[ViewPlace] = []
    x = margin
    for view in views:
        columns.append((x, x + col_w))
        x += col_w + gap
        ox, oy = x - bx0 * scale, fig_top - by0 * scale
        box = Box(x, fig_top, x + fig_w, fig_top + (by1 - by0) * scale)
        side_base = box.y1 + 0.4 * size + tm.ascent(small)
        # Under the viewer-left foot is the client's right on the front view, left on the back.
        left_word, right_word = ((words["bodymap.client_right"], words["bodymap.client_left"])
                                 if outline.is_client_left_on_viewer_right(view)
                                 else (words["bodymap.client_left"], words["bodymap.client_right"]))
        sides = ((left_word, box.x0, side_base, "start"), (right_word, box.x1, side_base, "end"))
        places.append(ViewPlace(view, figure, ox, oy, scale, box, words[f"bodymap.{view}"],
                                (box.x0 + box.x1) / 2, title_baseline, sides))
        x += fig_w + gap
    columns.append((x, x + col_w))
    bottom = max(p.box.y1 for p in places) + 0.4 * size + lh * small
    return Frame(tuple(places), tuple(columns), x + col_w + margin, bottom)


def _pending(ctx: Context, marks: Sequence[Resolved], placed: Placement, frame: Frame,
             views: Sequence[str], texts: Texts) -> list[Pending]:
    """Each mark's callout text, wrapped to its column, and the column it goes to."""
    small = ctx.style.font.small
    step = ctx.style.font.line_height * small
    pad = 0.35 * small  # between a column's edge and its text
    place_of = {p.view: p for p in frame.places}
    text_w = texts.column_text_width = frame.columns[0][1] - frame.columns[0][0] - 2 * pad
    load = [0.0] * len(frame.columns)
    sided: list[Pending] = []
    central: list[Pending] = []
    # Wrapped with the widest number (digits are equally wide): the final numbers, given once
    # the callouts stand in their columns, then fit the same lines.
    widest = str(len(marks))
    for m in marks:
        vi = views.index(m.view)
        local = placed.centres[m.number]
        head_lines = texts.wrap(f"{widest}. {cap(region_name(ctx, m.region))}", text_w, small, bold=True)
        note = texts.wrap(m.mark.note, text_w, small) if m.mark.note else ()
        height = (len(head_lines) + len(note) - 1) * step + tm.ascent(small) + tm.descent(small)
        offset = local[0] - outline.MID_X
        p = Pending(m.number, place_of[m.view], m.region, place_of[m.view].page(local),
                    vi if offset < 0 else vi + 1, 0.0, 0.0, "start", head_lines, note, height,
                    placed.radius[m.number])
        if abs(offset) < 0.5:
            central.append(p)
        else:
            load[p.column] += height
            sided.append(p)
    for p in central:  # midline marks balance the two sides of their view
        vi = views.index(p.view.view)
        p.column = vi if load[vi] <= load[vi + 1] else vi + 1
        load[p.column] += p.height
    pending = sorted(sided + central, key=lambda p: p.number)
    for p in pending:
        c0, c1 = frame.columns[p.column]
        if p.centre[0] > c1:  # column left of the symbol: hang the text on its right edge
            p.attach_x, p.text_x, p.anchor = c1, c1 - pad, "end"
        else:
            p.attach_x, p.text_x, p.anchor = c0, c0 + pad, "start"
    return pending


def _mark_places(ctx: Context, marks: Sequence[Resolved], pending: Sequence[Pending],
                 numbers: dict[int, int], texts: Texts) -> list[MarkPlace]:
    """The marks in the order of their final numbers, each with its symbol, leader and callout."""
    small = ctx.style.font.small
    step = ctx.style.font.line_height * small
    middle = first_line_middle(small)
    by_number = {p.number: p for p in pending}
    widest = str(len(marks))
    text_w = texts.column_text_width
    out: list[MarkPlace] = []
    for m in sorted(marks, key=lambda m: numbers[m.number]):
        p = by_number[m.number]
        number = numbers[m.number]
        p.heading = (f"{number}." + p.heading[0][len(widest) + 1:], *p.heading[1:])
        baseline = p.top + tm.ascent(small)
        heads = len(p.heading)  # the heading's lines are bold
        # The room the lines stand in (the column's text width): only its height matters
        # further on, and the lines' own widths need not be measured again.
        x0 = p.text_x - text_w if p.anchor == "end" else p.text_x
        box = Box(x0, p.top, x0 + text_w, baseline + (heads + len(p.note) - 1) * step + tm.descent(small))
        callout = Callout(p.heading, p.note, p.text_x, p.anchor, baseline, small, step, box)
        route = leader(p, (p.attach_x, p.top + middle), p.bend)
        out.append(MarkPlace(number, m.region, m.mark.kind, m.view, m.mark.note, region_name(ctx, m.region),
                             p.centre, p.r, route, callout))
    return out


# --------------------------------------------------------------------------- the whole map


def layout(ctx: Context) -> BodymapLayout:
    bodymap = ctx.case.bodymap
    assert bodymap is not None
    style = ctx.style
    size, small = style.font.size, style.font.small
    figure = ctx.case.body_figure()
    r = float(style.get("bodymap.mark", 0.72)) * size
    views = drawn_views(bodymap)

    # Both figures are drawn the same height (a form to mark, not to scale): the child's
    # regions get as much room as the adult's.  A map with more marks than that figure
    # holds gets a larger one (see symbols.py).
    _, by0, _, by1 = outline.outline_bounds("front", figure)
    base_scale = float(style.get("bodymap.height", 48)) * size / (by1 - by0)
    first = _resolve(bodymap, views, figure)
    # The symbols of a crowded region shrink (the others keep their size), not below 70 %
    # nor so small that a number at the smallest font size overflows them.
    r_min = min(r, max(0.7 * r, 0.75 * style.font.min))
    placed = place_symbols([Item(m.number, m.region, m.view) for m in first], figure, r, r_min,
                           base_scale, _lattice_spacing(len(first), r_min, style.font.min, small))
    frame = _figures(ctx, views, figure, placed.scale)
    texts = Texts()
    if len(first) > CALLOUT_MARKS:
        uncalled = _uncalled(ctx, first, placed, frame, views)
        return _below(ctx, frame, uncalled, frame.bottom, views, None, texts)
    pending = _pending(ctx, first, placed, frame, views, texts)
    room = Column(style.margin, frame.bottom, 0.5 * small, style.font.line_height * small,
                  first_line_middle(small))
    routed = not placed.lattice and len(pending) <= ROUTED_MARKS
    faults = arrange(pending, len(frame.columns), room, routed)
    places = _mark_places(ctx, first, pending, _final_numbers(pending, views), texts)
    bottom = max([frame.bottom, *(m.callout.box.y1 for m in places if m.callout is not None)])
    return _below(ctx, frame, places, bottom, views, faults if routed else None, texts)


def _uncalled(ctx: Context, marks: Sequence[Resolved], placed: Placement, frame: Frame,
              views: Sequence[str]) -> list[MarkPlace]:
    """The marks of a map too large for callouts, numbered view by view, head to toe by their
    symbols, then viewer-left to right."""
    place_of = {p.view: p for p in frame.places}
    order = sorted(marks, key=lambda m: (views.index(m.view), placed.centres[m.number][1],
                                         placed.centres[m.number][0], m.number))
    return [MarkPlace(n + 1, m.region, m.mark.kind, m.view, m.mark.note, region_name(ctx, m.region),
                      place_of[m.view].page(placed.centres[m.number]), placed.radius[m.number], (), None)
            for n, m in enumerate(order)]


def _below(ctx: Context, frame: Frame, marks: list[MarkPlace], bottom: float, views: Sequence[str],
           faults: int | None, texts: Texts) -> BodymapLayout:
    """Under the figures: the left/right note, the legend, the key table, the footer (``faults``:
    leaders routed with that many faults, or None: not routed)."""
    style = ctx.style
    size, small, margin = style.font.size, style.font.small, style.margin
    step = style.font.line_height * small
    content_w = frame.width - 2 * margin
    y = bottom + 0.8 * size
    note_lines = tuple(tm.wrap(sides_words(ctx, views), content_w, small))
    sides_note = PlacedText(margin, y + tm.ascent(small), note_lines, small,
                            line_height=style.font.line_height)
    y += (len(note_lines) - 1) * step + tm.ascent(small) + tm.descent(small) + 0.6 * size
    used = {m.kind for m in marks}
    entries = [LegendEntry(k, kind_label(ctx, k), _no_swatch) for k in KINDS if k in used]
    legend = layout_legend(entries, margin, y, content_w, style)
    if legend is not None:
        y = legend.box.y1 + 0.8 * size
    table = _table(ctx, marks, margin, y, content_w, texts) if marks else None
    if table is not None:
        y = table.box.y1 + 0.8 * size
    footer = _footer(ctx, margin, y, content_w)
    if footer is not None:
        y = footer.baseline + (len(footer.lines) - 1) * (footer.line_height * footer.size) + tm.descent(small)
    else:
        y -= 0.8 * size
    marked = tuple(sorted({(m.view, m.region) for m in marks}))
    return BodymapLayout(frame.width, y + margin, frame.places, tuple(marks), sides_note, legend,
                         table, footer, marked, faults or 0, faults is not None)


def _no_swatch(*_: object) -> None:
    """Placeholder: the layout measures the legend; draw.py puts each kind's symbol in."""


def _table(ctx: Context, marks: list[MarkPlace], x: float, y: float, width: float, texts: Texts) -> KeyTable:
    """The key table: No. | body part | kind | note, each cell wrapped to its column."""
    words, style = ctx.words, ctx.style
    size = style.font.small
    step = style.font.line_height * size
    pad = 0.5 * size
    head = [words[f"bodymap.col_{k}"] for k in ("number", "region", "kind", "note")]
    body = [[f"{m.number}.", cap(m.name), kind_label(ctx, m.kind), m.note or ""] for m in marks]

    def natural(col: int, cap_em: float) -> float:
        widest = max(texts.width(head[col], size, bold=True),
                     max((texts.width(row[col], size) for row in body), default=0.0))
        return min(widest, cap_em * size) + 2 * pad

    widths = [natural(0, 4), natural(1, 14), natural(2, 10)]
    widths.append(max(width - sum(widths), 12 * size))  # the note takes the rest
    lefts = [x + sum(widths[:k]) for k in range(4)]
    rows: list[TableRow] = []
    rules = [y]
    top = y
    for r, cells in enumerate([head, *body]):
        bold = r == 0
        wrapped = [texts.wrap(text, widths[k] - 2 * pad, size, bold=bold) if text else ()
                   for k, text in enumerate(cells)]
        lines = max(1, max(len(w) for w in wrapped))
        baseline = top + 0.35 * size + tm.ascent(size)
        rows.append(TableRow(baseline, tuple(TableCell(lefts[k] + pad, w) for k, w in enumerate(wrapped)),
                             bold))
        top = baseline + (lines - 1) * step + tm.descent(size) + 0.35 * size
        rules.append(top)
    box = Box(x, y, x + sum(widths), top)
    return KeyTable(box, tuple(rows), tuple(rules), size, step)


def _footer(ctx: Context, x: float, y: float, width: float) -> PlacedText | None:
    info = ctx.case.case
    words = ctx.words
    size = ctx.style.font.small
    if info.worker and info.date:
        text = words.format("bodymap.footer", worker=info.worker, date=str(info.date))
    elif info.worker:
        text = words.format("bodymap.footer_worker", worker=info.worker)
    elif info.date:
        text = words.format("bodymap.footer_date", date=str(info.date))
    else:
        return None
    lines = tuple(tm.wrap(text, width, size))
    return PlacedText(x, y + tm.ascent(size), lines, size, line_height=ctx.style.font.line_height)


__all__ = ["CALLOUT_MARKS", "KINDS", "BodymapLayout", "Callout", "KeyTable", "MarkPlace", "ViewPlace",
           "cap",
           "drawn_views", "kind_label", "layout", "mark_view", "region_name", "sides_words"]
