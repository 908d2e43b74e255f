"""Body map geometry: figures side by side, marks on their regions, callouts in
the margins, the key table and the footer.

Reading the figure: one outline per view (front, back) with the view's name
above it and the client's own "right" / "left" under its feet; each mark is a
numbered symbol on its region (shape by kind), joined by a leader line to a
callout in a margin column (number, region, note).  The key table under the
figures repeats every mark with its kind; the footer says who recorded it, when.

How the pieces are placed
- columns: ``[left] view [gutter] view [right]``; a view's marks on its
  viewer-left half go to the column on its left, the others to the column on
  its right (the gutter is shared by the two views: callouts from the front
  view hang on its left edge, those from the back view on its right edge).
  Marks on the midline go to whichever side has less text so far.
- numbering follows the figure, not the file: view by view, head to toe, then
  viewer-left to right, so the same marks in any file order give the same map.
- symbols: at the region's pole (the point deepest inside it); a region with
  several marks, or a neighbour's symbol too close, moves the symbol to the
  deepest point inside the region that keeps clear of the symbols already placed.
  A map with more marks than the figure holds (a bounded search says so) gets a
  larger figure with every symbol on a lattice in its region (``symbols.py``).
- callouts: each mark picks the height in its column whose straight leader runs
  least over other body parts and passes no other symbol, close to the
  symbol's own height; a column stacks its callouts in that order, pushed down
  (then up, if the column overflows) so that none overlap, and swaps callouts
  whose leaders cross while swapping removes crossings (within SWAP_BUDGET).
  On the lattice each callout simply wishes for its symbol's height.

Everything here is plain numbers and dataclasses; ``draw.py`` turns it into SVG.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from ... import text as tm
from ...drawing import Context
from ...geometry import Box, bounds, closest_on_segment, distance, segments_cross
from ...legend import LegendEntry, LegendLayout, layout_legend
from ...model import Bodymap, Mark
from . import outline
from .symbols import CLEAR, EXTENT, Item, place_symbols

Point = tuple[float, float]
#: Pairs of leaders the columns' untangling may test in all (each swap tried recounts the
#: crossings of its column): ordinary maps need a few thousand, 150 marks some millions.
SWAP_BUDGET = 300_000

KINDS: tuple[str, ...] = ("injury", "pain", "scar", "illness", "disability", "feeling", "other")

# --------------------------------------------------------------------------- dataclasses


@dataclass(frozen=True)
class ViewPlace:
    """One figure: outline point (x, y) is drawn at (ox + scale * x, oy + scale * y)."""

    view: str
    figure: str
    ox: float
    oy: float
    scale: float
    box: Box  # the drawn silhouette's extent
    title: str
    title_x: float
    title_baseline: float
    # The client's own right and left under the feet: (text, x, baseline, anchor).
    sides: tuple[tuple[str, float, float, str], ...]

    def page(self, p: Point) -> Point:
        return (self.ox + self.scale * p[0], self.oy + self.scale * p[1])


@dataclass(frozen=True)
class Callout:
    heading: tuple[str, ...]  # "3. Lutut kiri" (bold), wrapped to the column
    note: tuple[str, ...]  # the note, wrapped to the column
    x: float
    anchor: str  # "start" (column right of the figure) or "end"
    baseline: float  # first line
    size: float
    line_step: float
    box: Box


@dataclass(frozen=True)
class MarkPlace:
    number: int
    region: str  # canonical region name
    kind: str
    view: str
    note: str | None
    name: str  # the region's display name in the drawing's language
    centre: Point  # on the page
    r: float  # symbol radius
    leader: tuple[Point, Point]  # from the symbol's rim to the callout's edge
    callout: Callout


@dataclass(frozen=True)
class TableCell:
    x: float
    lines: tuple[str, ...]


@dataclass(frozen=True)
class TableRow:
    baseline: float
    cells: tuple[TableCell, ...]
    bold: bool


@dataclass(frozen=True)
class KeyTable:
    box: Box
    rows: tuple[TableRow, ...]  # header first
    rules: tuple[float, ...]  # y of the horizontal rules
    size: float
    line_step: float


@dataclass(frozen=True)
class Line:
    text: tuple[str, ...]
    x: float
    baseline: float
    size: float
    line_step: float


@dataclass(frozen=True)
class BodymapLayout:
    width: float
    height: float
    views: tuple[ViewPlace, ...]
    marks: tuple[MarkPlace, ...]  # in number order
    sides_note: Line
    legend: LegendLayout | None  # the kinds used, in KINDS order; draw.py gives each its symbol
    table: KeyTable | None
    footer: Line | None
    marked: tuple[tuple[str, str], ...]  # (view, region) pairs that carry a mark, for the tint


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


# --------------------------------------------------------------------------- region lookup

_RES = 2.0  # scanline spacing of the region lookup, outline units


@cache
def _scanlines(view: str, figure: str) -> tuple[tuple[tuple[float, float, str], ...], ...]:
    """Per scanline (y = (i + 0.5) * _RES), the x intervals covered by each region of the view
    (regions in ``regions_for`` order, each region's intervals left to right); an outline
    point (x, y) lies on the region of the first interval of row ``int(y / _RES)`` that
    holds x, or off the body."""
    ys = [(i + 0.5) * _RES for i in range(int(outline.HEIGHT / _RES) + 1)]
    rows: list[list[tuple[float, float, str]]] = [[] for _ in ys]
    for region in outline.regions_for(view):
        for row, xs in zip(rows, outline.region_shape(region, view, figure).rows(ys), strict=True):
            row += [(xs[j], xs[j + 1], region) for j in range(0, len(xs) - 1, 2)]
    return tuple(tuple(row) for row in rows)


# --------------------------------------------------------------------------- callouts


@dataclass
class _Pending:
    number: int
    view: ViewPlace
    region: str
    centre: Point  # page
    column: int
    attach_x: float  # the column edge the leader ends at
    text_x: float
    anchor: str
    heading: tuple[str, ...]
    note: tuple[str, ...]
    height: float  # first line's top to last line's bottom
    r: float  # symbol radius
    desired: float = 0.0  # wanted y of the leader's end
    top: float = 0.0  # placed top of the text


def _leader_cost(p: _Pending, y: float, others: Sequence[tuple[Point, float]]) -> float:
    """How bad a straight leader from the symbol to (attach_x, y) is: length over other
    body parts, other symbols it passes (``others``: centre and reach), and how far it
    climbs or drops."""
    (cx, cy), end = p.centre, (p.attach_x, y)
    length = math.dist(p.centre, end)
    steps = max(2, int(length / 3))
    return (_over(p.view, p.region, cx, cy, end[0], end[1], steps) * 3 * length / steps
            + 1000 * _symbols_passed(p, end, others) + 0.35 * abs(y - cy))


def _over(place: ViewPlace, own: str, cx: float, cy: float, ex: float, ey: float, steps: int) -> int:
    """How many of the leader's inner sample points (k / steps along it) lie on a body
    region other than ``own`` (looked up on ``_scanlines``, scanline resolution).

    Written out inline, page to outline units and all: this loop runs some ten thousand
    times per body map."""
    rows = _scanlines(place.view, place.figure)
    n = len(rows)
    ox, oy, scale = place.ox, place.oy, place.scale
    ddx, ddy = ex - cx, ey - cy
    over = 0
    for k in range(1, steps):
        t = k / steps
        i = int((cy + t * ddy - oy) / scale / _RES)
        if not 0 <= i < n:
            continue
        qx = (cx + t * ddx - ox) / scale
        for x0, x1, region in rows[i]:
            if x0 <= qx <= x1:
                if region != own:
                    over += 1
                break
    return over


def _symbols_passed(p: _Pending, end: Point, others: Sequence[tuple[Point, float]]) -> int:
    """How many of ``others`` (centre, reach) a leader from p's symbol to ``end`` runs through."""
    return sum(1 for c, reach in others if distance(closest_on_segment(p.centre, end, c), c) < reach)


def _best_end(p: _Pending, ys: Sequence[float], symbols: Sequence[tuple[Point, str, float]]) -> float:
    """The y in ``ys`` with the least ``(_leader_cost, distance from the symbol's height, y)``.

    The same winner as trying every y, found sooner: a cost is never below its last
    term, 0.35 * |y - cy| (the other terms are >= 0, and adding them cannot round
    below it), so once that term alone exceeds the best cost so far, no y at least as
    far from the symbol's height can win, and the search stops."""
    cy = p.centre[1]
    # The other symbols of p's view and their reach, picked once for every y tried: only those
    # within their reach of the box every leader tried lies in can be passed.
    reach = EXTENT * max((r for _c, _v, r in symbols), default=0.0)
    x0, x1 = min(p.centre[0], p.attach_x) - reach, max(p.centre[0], p.attach_x) + reach
    y0, y1 = min(cy, *ys) - reach, max(cy, *ys) + reach
    others = [(c, r * EXTENT) for c, view, r in symbols
              if view == p.view.view and c != p.centre and x0 <= c[0] <= x1 and y0 <= c[1] <= y1]
    best: tuple[float, float, float] | None = None
    for y in sorted(ys, key=lambda v: abs(v - cy)):
        if best is not None and 0.35 * abs(y - cy) > best[0]:
            break
        key = (_leader_cost(p, y, others), abs(y - cy), y)
        if best is None or key < best:
            best = key
    assert best is not None
    return best[2]


def _first_line_middle(size: float) -> float:
    """From a text's top (ascent above the first baseline) to the middle of its first line."""
    return (tm.ascent(size) + tm.descent(size)) / 2


def _stack(order: list[_Pending], top: float, bottom: float, gap: float) -> None:
    """Tops in the given order: each at its wish or just below the one above; pushed up from
    the bottom when the column overflows (never above `top`)."""
    cursor = top
    for p in order:
        p.top = max(p.desired, cursor)
        cursor = p.top + p.height + gap
    if cursor - gap > bottom:
        limit = bottom
        for p in reversed(order):
            p.top = min(p.top, limit - p.height)
            limit = p.top - gap
        cursor = top
        for p in order:  # if even that overflows the top, the column grows downwards
            p.top = max(p.top, cursor)
            cursor = p.top + p.height + gap


def _leader(p: _Pending, size: float) -> tuple[Point, Point]:
    end = (p.attach_x, p.top + _first_line_middle(size))
    dx, dy = end[0] - p.centre[0], end[1] - p.centre[1]
    length = math.hypot(dx, dy) or 1.0
    start = (p.centre[0] + dx / length * p.r, p.centre[1] + dy / length * p.r)
    return start, end


@dataclass
class _SwapWork:
    """Pairs of leaders the untangling of the columns may still test (see SWAP_BUDGET)."""

    left: int = SWAP_BUDGET


def _crossings(order: list[_Pending], size: float, work: _SwapWork) -> list[tuple[int, int]]:
    """Pairs (positions in order) of same-side leaders that cross."""
    work.left -= len(order) * (len(order) - 1) // 2
    leaders = [_leader(p, size) for p in order]
    return [(i, j) for i in range(len(order)) for j in range(i + 1, len(order))
            if order[i].attach_x == order[j].attach_x
            and segments_cross(*leaders[i], *leaders[j])]


def _arrange_column(items: list[_Pending], top: float, bottom: float, gap: float, size: float,
                    work: _SwapWork) -> None:
    """Stack the column's callouts in the order of their wished heights, then swap callouts
    whose leaders cross while a swap removes crossings and the budget lasts."""
    order = sorted(items, key=lambda p: (p.desired, p.number))
    _stack(order, top, bottom, gap)
    if len(order) * (len(order) - 1) // 2 > work.left:
        return  # not even one count of the crossings is left in the budget
    crossing = _crossings(order, size, work)
    for _ in range(4 * len(order) * len(order)):
        if not crossing or work.left < 0:
            break
        for i, j in crossing:
            if work.left < 0:
                _stack(order, top, bottom, gap)
                break
            trial = list(order)
            trial[i], trial[j] = trial[j], trial[i]
            _stack(trial, top, bottom, gap)
            after = _crossings(trial, size, work)
            if len(after) < len(crossing):
                order, crossing = trial, after  # stacked as it stands
                break
        else:  # no swap helps: put back the tops the trials moved
            _stack(order, top, bottom, gap)
            break


# --------------------------------------------------------------------------- the whole map


def _numbered(bodymap: Bodymap, views: Sequence[str]) -> list[tuple[int, str, str, Mark]]:
    """(number, canonical region, view, mark) of every mark, numbered view by view, head to
    toe, then viewer-left to right (ties by kind, note and file order)."""
    figure = bodymap.figure
    resolved = []
    for i, mark in enumerate(bodymap.marks):
        region = outline.canonical_region(mark.region)
        view = mark_view(region, mark.view, views)
        ax, ay = outline.region_anchor(region, view, figure)
        resolved.append(((views.index(view), ay, ax, KINDS.index(mark.kind), mark.note or "", i),
                         region, view, mark))
    resolved.sort(key=lambda item: item[0])
    return [(n + 1, region, view, mark) for n, (_, region, view, mark) in enumerate(resolved)]


def _lattice_spacing(marks: int, r_min: float, font_min: float, small: float) -> float:
    """How far apart (page units) symbols on the lattice stand: their clearance, and room for
    the widest number (drawn as draw.number_size has it, up to 0.3 radii below the centre) to
    keep off the neighbours' symbols and numbers."""
    size = max(font_min, min(small, 0.95 * r_min))
    w = tm.measure(str(max(1, marks)), size, bold=True)
    h = tm.ascent(size) + tm.descent(size)
    reach = math.hypot(w / 2, h / 2) + 0.3 * r_min
    return max(2 * CLEAR * r_min, reach + CLEAR * r_min, w + 0.2 * r_min)


def layout(ctx: Context) -> BodymapLayout:
    bodymap = ctx.case.bodymap
    assert bodymap is not None
    style, words = ctx.style, ctx.words
    size, small, heading = style.font.size, style.font.small, style.font.heading
    lh = style.font.line_height
    margin = style.margin
    figure = bodymap.figure
    r = float(style.get("bodymap.mark", 0.72)) * size
    col_w = float(style.get("bodymap.label_width", 15)) * small
    gap = size  # between a column and a figure
    pad = 0.35 * small  # between a column's edge and its text
    views = drawn_views(bodymap)

    # Marks: resolve, number head to toe, place symbols.
    bx0, by0, bx1, by1 = outline.outline_bounds("front", figure)
    # Both figures are drawn the same height (a form to mark, not to scale): the child's
    # regions get as much room as the adult's.  A map with more marks than that figure
    # holds gets a larger one (see symbols.py).
    base_scale = float(style.get("bodymap.height", 48)) * size / (by1 - by0)
    numbered = _numbered(bodymap, views)
    # The symbols of a crowded region shrink (the others keep their size), not below 70 %
    # nor so small that a number at the smallest font size overflows them.
    r_min = min(r, max(0.7 * r, 0.75 * style.font.min))
    placed = place_symbols([Item(n, region, view) for n, region, view, _ in numbered], figure, r, r_min,
                           base_scale, _lattice_spacing(len(numbered), r_min, style.font.min, small))
    centres_local, radius, scale = placed.centres, placed.radius, placed.scale

    # Figures and columns, left to right.
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
    width = x + col_w + margin
    fig_bottom = max(p.box.y1 for p in places) + 0.4 * size + lh * small
    place_of = {p.view: p for p in places}

    # Callouts: side by position on the view, wrapped to the column.
    step = lh * small
    text_w = col_w - 2 * pad
    pending: list[_Pending] = []
    load = [0.0] * len(columns)
    central: list[_Pending] = []
    for n, region, view, mark in numbered:
        place = place_of[view]
        vi = views.index(view)
        centre = place.page(centres_local[n])
        name = region_name(ctx, region)
        head = f"{n}. {cap(name)}"
        head_lines = tuple(tm.wrap(head, text_w, small, bold=True))
        note = tuple(tm.wrap(mark.note, text_w, small)) if mark.note else ()
        lines = len(head_lines) + len(note)
        height = (lines - 1) * step + tm.ascent(small) + tm.descent(small)
        offset = centres_local[n][0] - outline.MID_X
        column = vi if offset < 0 else vi + 1
        p = _Pending(n, place, region, centre, column, 0.0, 0.0, "start", head_lines, note,
                     height, radius[n])
        if abs(offset) < 0.5:
            central.append(p)
        else:
            load[column] += height
            pending.append(p)
    for p in central:  # midline marks balance the two sides of their view
        vi = views.index(p.view.view)
        p.column = vi if load[vi] <= load[vi + 1] else vi + 1
        load[p.column] += p.height
        pending.append(p)
    for p in pending:
        c0, c1 = columns[p.column]
        if p.centre[0] > c1:  # column left of the symbol: hang the text on its right edge
            p.attach_x, p.text_x, p.anchor = c1, c1 - pad, "end"
        else:
            p.attach_x, p.text_x, p.anchor = c0, c0 + pad, "start"

    # Each callout's wished height, then the stacks.
    symbols = [(p.centre, p.view.view, p.r) for p in pending]
    col_top, col_bottom = margin, fig_bottom
    middle = _first_line_middle(small)
    for p in pending:
        if placed.lattice:
            # So many marks that the columns reach far below the figure: each callout as near its
            # symbol's height as the stack allows is all that can be asked.
            p.desired = p.centre[1] - middle
            continue
        ys = [p.centre[1] + k * step / 2 for k in range(-40, 41)]
        ys = [y for y in ys if col_top + middle <= y <= col_bottom]
        best = _best_end(p, ys, symbols)
        p.desired = best - middle
    work = _SwapWork()
    for c in range(len(columns)):
        _arrange_column([p for p in pending if p.column == c], col_top, col_bottom, 0.5 * small, small, work)

    marks: list[MarkPlace] = []
    by_number = {p.number: p for p in pending}
    bottom = fig_bottom
    for n, region, view, mark in numbered:
        p = by_number[n]
        baseline = p.top + tm.ascent(small)
        heads = len(p.heading)  # the heading's lines are bold
        box = bounds([tm.line_box(p.text_x, baseline + k * step, line, small, p.anchor, bold=k < heads)
                      for k, line in enumerate(p.heading + p.note)])
        bottom = max(bottom, box.y1)
        callout = Callout(p.heading, p.note, p.text_x, p.anchor, baseline, small, step, box)
        marks.append(MarkPlace(n, region, mark.kind, view, mark.note, region_name(ctx, region), p.centre,
                               p.r, _leader(p, small), callout))

    # Under the figures: the left/right note, the legend, the key table, the footer.
    content_w = width - 2 * margin
    y = bottom + 0.8 * size
    note_lines = tuple(tm.wrap(words["bodymap.sides"], content_w, small))
    sides_note = Line(note_lines, margin, y + tm.ascent(small), small, step)
    y += (len(note_lines) - 1) * step + tm.ascent(small) + tm.descent(small) + 0.6 * size
    used = {m.kind for m in marks}
    entries = [LegendEntry(k, kind_label(ctx, k), _no_swatch) for k in KINDS if k in used]
    legend = layout_legend(entries, margin, y, content_w, style)
    if legend is not None:
        y = legend.box.y1 + 0.8 * size
    table = _table(ctx, marks, margin, y, content_w) if marks else None
    if table is not None:
        y = table.box.y1 + 0.8 * size
    footer = _footer(ctx, margin, y, content_w)
    if footer is not None:
        y = footer.baseline + (len(footer.text) - 1) * footer.line_step + tm.descent(small)
    else:
        y -= 0.8 * size
    height = y + margin
    marked = tuple(sorted({(m.view, m.region) for m in marks}))
    return BodymapLayout(width, height, tuple(places), tuple(marks), sides_note, legend,
                         table, footer, marked)


def _no_swatch(*_: object) -> None:
    """Placeholder: the layout measures the legend; draw.py puts each kind's symbol in."""


def _table(ctx: Context, marks: list[MarkPlace], x: float, y: float, width: float) -> KeyTable:
    """The key table: No. | body part | kind | note, each cell wrapped to its column."""
    words, style = ctx.words, ctx.style
    size = style.font.small
    step = style.font.line_height * size
    pad = 0.5 * size
    head = [words[f"bodymap.col_{k}"] for k in ("number", "region", "kind", "note")]
    body = [[f"{m.number}.", cap(m.name), kind_label(ctx, m.kind), m.note or ""] for m in marks]

    def natural(col: int, cap_em: float) -> float:
        widest = max(tm.measure(head[col], size, bold=True), tm.widest([row[col] for row in body], size))
        return min(widest, cap_em * size) + 2 * pad

    widths = [natural(0, 4), natural(1, 14), natural(2, 10)]
    widths.append(max(width - sum(widths), 12 * size))  # the note takes the rest
    lefts = [x + sum(widths[:k]) for k in range(4)]
    rows: list[TableRow] = []
    rules = [y]
    top = y
    for r, cells in enumerate([head, *body]):
        bold = r == 0
        wrapped = [tuple(tm.wrap(text, widths[k] - 2 * pad, size, bold=bold)) if text else ()
                   for k, text in enumerate(cells)]
        lines = max(1, max(len(w) for w in wrapped))
        baseline = top + 0.35 * size + tm.ascent(size)
        rows.append(TableRow(baseline, tuple(TableCell(lefts[k] + pad, w) for k, w in enumerate(wrapped)),
                             bold))
        top = baseline + (lines - 1) * step + tm.descent(size) + 0.35 * size
        rules.append(top)
    box = Box(x, y, x + sum(widths), top)
    return KeyTable(box, tuple(rows), tuple(rules), size, step)


def _footer(ctx: Context, x: float, y: float, width: float) -> Line | None:
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
    return Line(lines, x, y + tm.ascent(size), size, ctx.style.font.line_height * size)


__all__ = ["KINDS", "BodymapLayout", "Callout", "KeyTable", "Line", "MarkPlace", "ViewPlace", "cap",
           "drawn_views", "kind_label", "layout", "mark_view", "region_name"]
