"""Life road map geometry: a time axis, the road (valence 0), a wave through the
events, labels stacked so that neither they nor their leader lines collide.

Reading the figure: time runs left to right in proportion; the wave is high
where life went well and low where it did not ("the upper part of the wave
shows the good or liked things, the lower part the less liked things").

How the pieces are placed
- x: each event at its decimal year on a linear scale (`timeline.py`: ages
  and birthdays from the birth date as precisely as it is known), except that
  a long stretch with no event is compressed into a short break; events that fall on
  (nearly) the same date are spread by the least total movement that keeps a
  minimum gap and their time order (isotonic regression, `spread`).
- the wave: a monotone cubic (Fritsch–Carlson / PCHIP) through one knot per
  event at height valence × unit, with a zero knot inserted wherever two
  neighbours differ in sign.  Between two knots it never leaves their range,
  so it crosses the road only between a good and a bad event.
- labels: flush left beside a vertical leader ("flag pole") that rises from a
  good event's marker (falls from a bad one's).  They are placed right to
  left; each sits just clear of the wave under it and above (below) every
  label to its right that it overlaps horizontally.  Because a label never
  reaches left of its own pole, no pole can pass through a label: the poles
  of the labels it spans end under it.
- y: valence × unit above (good) or below (bad) the road; the unit grows
  with the length of the road, and a scale of −5 … +5 stands left of it.
- the axis runs under the lowest label: one row of ticks, at the client's
  birthdays when the birth is known, each with its year and age (see
  `timeline.ticks`), broken where time is compressed; the legend goes under
  the axis (draw.py).

Everything here is plain numbers and dataclasses; `draw.py` turns it into SVG.
"""

from __future__ import annotations

import bisect
import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import NamedTuple

from ... import text as tm
from ...drawing import Context
from ...geometry import Box, bounds, isotonic
from ...labels import Anchor, PlacedText
from ...legend import LegendLayout
from ...model import AgeWhen, Case, Event, PartialDate
from .legend import with_legend
from .timeline import TimeScale, age_at, event_when, find_breaks, kept_years, tick_step, ticks

__all__ = ["event_when", "layout", "pchip", "spread", "tick_step", "with_zero_knots"]

VALENCE_MAX = 5   # the case format's valence runs from -5 to +5

# --------------------------------------------------------------------------- dataclasses

@dataclass(frozen=True)
class Run(PlacedText):
    """One <text>: lines of one size and weight, anchored "start" (or "end" for a label that hangs
    left of its leader).  `role` picks its colour in draw.py."""

    role: str = "title"  # "when" | "title" | "note"


@dataclass(frozen=True)
class Label:
    runs: tuple[Run, ...]
    box: Box  # union of the measured line boxes

    def line_boxes(self) -> list[Box]:
        return [box for run in self.runs for box in run.line_boxes()]


@dataclass(frozen=True)
class Mark:
    """An event (index into `lifemap.events`) or a hope (index into `lifemap.hopes`)."""

    index: int
    when: float | None   # decimal year (None for a hope)
    valence: int         # hopes are drawn as good
    x: float
    y: float             # marker centre, on the wave
    label: Label
    pole_end: float      # y where the leader ends (the label's far edge)

    @property
    def good(self) -> bool:
        return self.valence > 0


@dataclass(frozen=True)
class Segment:
    """One cubic Hermite piece of the wave, y as a function of x (monotone on [x0, x1])."""

    x0: float
    y0: float
    x1: float
    y1: float
    m0: float
    m1: float

    def at(self, x: float) -> float:
        h = self.x1 - self.x0
        t = (x - self.x0) / h
        t2, t3 = t * t, t * t * t
        return ((2 * t3 - 3 * t2 + 1) * self.y0 + (t3 - 2 * t2 + t) * h * self.m0
                + (-2 * t3 + 3 * t2) * self.y1 + (t3 - t2) * h * self.m1)

    def bezier(self) -> tuple[tuple[float, float], tuple[float, float], tuple[float, float]]:
        """The same curve as a cubic Bézier (x is linear in t, so it stays a function of x)."""
        h = self.x1 - self.x0
        return ((self.x0 + h / 3, self.y0 + self.m0 * h / 3),
                (self.x1 - h / 3, self.y1 - self.m1 * h / 3),
                (self.x1, self.y1))


@dataclass(frozen=True)
class AxisText:
    x: float
    baseline: float
    text: str
    anchor: str

    def box(self, size: float) -> Box:
        return tm.line_box(self.x, self.baseline, self.text, size, self.anchor)


@dataclass(frozen=True)
class Axis:
    y: float
    x0: float
    x1: float
    size: float
    tick: float
    ticks: tuple[float, ...]       # one row: each tick carries its year and (with a birth) its age
    texts: tuple[AxisText, ...]    # years, ages, row headers, "now"
    now_x: float
    breaks: tuple[tuple[float, float], ...] = ()   # x ranges where empty years are left out
    time: TimeScale | None = None   # decimal years to x (a comparison places another "now" with it)

    @property
    def bottom(self) -> float:
        return max([self.y + self.tick] + [t.box(self.size).y1 for t in self.texts])


@dataclass(frozen=True)
class ValenceScale:
    """The −5 … +5 scale left of the road: a vertical rule, a tick per step, some labelled."""

    x: float                              # the rule
    tick: float                           # tick length, leftwards
    steps: tuple[tuple[int, float], ...]  # (valence, y) for every step
    texts: tuple[AxisText, ...]
    size: float


@dataclass(frozen=True)
class LifemapLayout:
    width: float
    content_bottom: float   # the legend goes below this
    margin: float
    road_y: float
    road_x0: float
    road_x1: float
    road_width: float
    wave: tuple[Segment, ...]
    hope_wave: tuple[Segment, ...]
    events: tuple[Mark, ...]      # in time order, left to right
    hopes: tuple[Mark, ...]
    axis: Axis
    marker_r: float
    line_height: float
    start: float                  # decimal years of the axis ends
    now: float
    unit: float = 0.0             # y per valence step
    scale: ValenceScale | None = None
    legend: LegendLayout | None = None   # under content_bottom (legend.py)


# --------------------------------------------------------------------------- time

def birth(case: Case) -> PartialDate | None:
    client = case.client
    return client.born if client is not None else None


def ordered(case: Case) -> list[tuple[int, Event, float]]:
    """(file index, event, decimal year) in time order.

    Ties keep the file's order on purpose: two events of the same year are
    usually listed in the order they happened ("market trader, then salon").
    """
    assert case.lifemap is not None
    born = birth(case)
    rows = [(i, e, event_when(e, born)) for i, e in enumerate(case.lifemap.events)]
    return sorted(rows, key=lambda row: row[2])


def spread(raw: Sequence[float], gap: float) -> list[float]:
    """Positions as close to `raw` (sorted) as possible with at least `gap` between neighbours.

    Least squares under order constraints: subtract i·gap, fit a non-decreasing
    sequence (`geometry.isotonic`), add i·gap back.
    """
    fitted = isotonic([value - i * gap for i, value in enumerate(raw)])
    return [value + i * gap for i, value in enumerate(fitted)]


# --------------------------------------------------------------------------- the wave

def with_zero_knots(knots: Sequence[tuple[float, float]], road_y: float) -> list[tuple[float, float]]:
    """Insert a knot on the road between neighbours on opposite sides, where a straight line would cross."""
    out: list[tuple[float, float]] = []
    for (xa, ya), (xb, yb) in itertools.pairwise(knots):
        out.append((xa, ya))
        da, db = ya - road_y, yb - road_y
        if da * db < 0:
            out.append((xa + (xb - xa) * abs(da) / (abs(da) + abs(db)), road_y))
    if knots:
        out.append(knots[-1])
    return out


def pchip(knots: Sequence[tuple[float, float]]) -> list[Segment]:
    """Monotone cubic pieces through the knots (x strictly increasing); flat at both ends.

    Slopes by the weighted harmonic mean of the neighbouring secants (zero at a
    local extremum), which keeps each piece within the range of its two knots.
    """
    n = len(knots)
    if n < 2:
        return []
    xs = [k[0] for k in knots]
    ys = [k[1] for k in knots]
    h = [xs[i + 1] - xs[i] for i in range(n - 1)]
    d = [(ys[i + 1] - ys[i]) / h[i] for i in range(n - 1)]
    m = [0.0] * n
    for i in range(1, n - 1):
        if d[i - 1] * d[i] > 0:
            w1 = 2 * h[i] + h[i - 1]
            w2 = h[i] + 2 * h[i - 1]
            m[i] = (w1 + w2) / (w1 / d[i - 1] + w2 / d[i])
    return [Segment(xs[i], ys[i], xs[i + 1], ys[i + 1], m[i], m[i + 1]) for i in range(n - 1)]


def extent(segments: Sequence[Segment], x0: float, x1: float) -> tuple[float, float] | None:
    """Lowest and highest y of the wave over [x0, x1] (each piece is monotone: ends suffice)."""
    lo, hi = math.inf, -math.inf
    # Pieces are in x order: skip to the first that can reach x0.
    first = bisect.bisect_left(segments, x0, key=lambda seg: seg.x1) if segments else 0
    for seg in itertools.islice(segments, first, None):
        if seg.x0 > x1:
            break
        a, b = max(seg.x0, x0), min(seg.x1, x1)
        if a > b:
            continue
        for y in (seg.at(a), seg.at(b)):
            lo, hi = min(lo, y), max(hi, y)
    return None if lo == math.inf else (lo, hi)


# --------------------------------------------------------------------------- labels

class RunText(NamedTuple):
    """One run of a label before it is placed."""

    lines: tuple[str, ...]
    size: float
    bold: bool
    role: str


@dataclass(frozen=True)
class TextBlock:
    """A label's wrapped lines before it is placed, run by run."""

    runs: tuple[RunText, ...]
    width: float
    height: float = 0.0   # filled by `measured`

    def place(self, x: float, top: float, line_height: float, anchor: Anchor = "start") -> Label:
        runs: list[Run] = []
        boxes: list[Box] = []
        baseline = top
        previous: float | None = None
        for lines, size, bold, role in self.runs:
            if previous is None:
                baseline = top + tm.ascent(size)
            else:
                # From the last line of the run before: its descent, the leading, this run's ascent.
                baseline += tm.descent(previous) + (line_height - 1) * size + tm.ascent(size)
            runs.append(Run(x, baseline, lines, size, anchor, bold, line_height, role))
            boxes += tm.block_boxes(x, baseline, lines, size, line_height, anchor, bold)
            baseline += (len(lines) - 1) * line_height * size
            previous = size
        return Label(tuple(runs), bounds(boxes))

    def measured(self, line_height: float) -> TextBlock:
        """The same block with its width and height (placed once at the origin to measure it)."""
        box = self.place(0.0, 0.0, line_height).box
        return TextBlock(self.runs, box.x1 - box.x0, box.y1)


def _month_text(date: PartialDate, months: Sequence[str]) -> str:
    if date.month is None:
        return str(date.year)
    month = months[date.month - 1] if len(months) == 12 else f"{date.month:02d}"
    return f"{date.day} {month} {date.year}" if date.day else f"{month} {date.year}"


def when_text(event: Event, born: PartialDate | None, words: dict[str, str]) -> str:
    months = words["months"].split()
    if isinstance(event.when, AgeWhen):
        text = words["age"].format(age=event.when.age)
        if born is not None:
            text += " (" + words["about"].format(year=born.year + event.when.age) + ")"
        return text
    text = _month_text(event.when, months)
    if born is not None and event.when.decimal >= born.decimal:
        # Counted on the axis's own scale, so the label agrees with the tick under the marker.
        text += " · " + words["age"].format(age=age_at(born, event.when.decimal))
    return text


# --------------------------------------------------------------------------- the whole figure

@dataclass(frozen=True)
class _Params:
    size: float
    small: float
    line_height: float
    margin: float
    unit: float        # y per valence step (at least; it grows with the road, see `_unit`)
    unit_share: float  # y per valence step as a share of the road's length
    unit_max: float
    r: float           # marker radius
    gap: float         # least x distance between two markers
    label_width: float
    pole_gap: float    # from the pole to the text
    hgap: float        # between labels side by side
    vgap: float        # between stacked labels, and between a label and the wave
    road_width: float
    hope_level: float
    break_years: float  # an empty stretch this long or longer is compressed …
    break_share: float  # … and at least this share of the whole span, …
    break_keep: float   # … keeping this many years at either end
    break_width: float  # the width the rest is drawn in
    left_limit: float = 0.0   # no label reaches left of this (the valence scale is there)


def _params(ctx: Context) -> _Params:
    style = ctx.style
    size, small = style.font.size, style.font.small
    r = float(style.get("lifemap.marker", 0.5)) * size
    return _Params(
        size=size, small=small, line_height=style.font.line_height, margin=style.margin,
        unit=float(style.get("lifemap.unit", 1.25)) * size,
        unit_share=float(style.get("lifemap.unit_share", 0.025)),
        unit_max=float(style.get("lifemap.unit_max", 3.5)) * size, r=r,
        gap=2 * r + 0.5 * size,
        label_width=float(style.get("lifemap.label_width", 12)) * size,
        pole_gap=0.35 * size, hgap=0.6 * size, vgap=0.35 * size,
        road_width=2 * style.line.thick,
        hope_level=float(style.get("lifemap.hope_level", 3)),
        break_years=float(style.get("lifemap.break_years", 6)),
        break_share=float(style.get("lifemap.break_share", 0.2)),
        break_keep=float(style.get("lifemap.break_keep", 1.5)),
        break_width=float(style.get("lifemap.break_width", 2.5)) * size,
        left_limit=style.margin,
    )


def _words(ctx: Context) -> dict[str, str]:
    keys = ("age", "about", "months", "hope", "now", "year", "age_row")
    return {k: ctx.words[f"lifemap.{k}"] for k in keys}


@dataclass(frozen=True)
class _Inputs:
    """What the layout needs from the case, measured once for every scale tried."""

    rows: list[tuple[int, Event, float]]
    blocks: list[TextBlock]
    hope_blocks: list[TextBlock]
    born: PartialDate | None
    t_start: float
    t_now: float
    t_end: float
    x_base: float
    year_w: float
    words: dict[str, str]
    breaks: tuple[tuple[float, float], ...]   # empty stretches drawn as a break (decimal years)
    scale_x: float                            # the valence scale's rule


def _inputs(ctx: Context, p: _Params) -> _Inputs:
    case = ctx.case
    assert case.lifemap is not None
    words = _words(ctx)
    born = birth(case)
    rows = ordered(case)
    whens = [w for _, _, w in rows]
    # Time span: from birth (or the first event) to now (the assessment, or the last event).
    firsts = list(whens) + ([born.decimal] if born else [])
    lasts = whens + ([case.case.date.decimal] if case.case.date else [])
    if not firsts:
        firsts = lasts
    if not lasts:
        raise ValueError("a life road map needs at least one event or a known date")
    t_start = math.floor(min(firsts)) if born is None else min(born.year, math.floor(min(firsts)))
    t_now = case.case.date.decimal if case.case.date else max(lasts)
    t_start = min(t_start, math.floor(t_now))  # an assessment before every event: "now" on the road too
    t_end = max([t_now, *whens])
    # Left margin: the axis row headers ("Tahun", "Usia") and the valence scale sit left of the road.
    headers = [words["year"]] + ([words["age_row"]] if born else [])
    year_w = tm.measure("0000", p.small)
    header_w = max(tm.measure(h, p.small) for h in headers)
    scale_w = max(tm.measure(valence_text(v), p.small) for v in (VALENCE_MAX, -VALENCE_MAX))
    column = max(header_w, scale_w + 0.65 * p.small)
    scale_x = p.margin + column + 0.3 * p.small
    x_base = p.margin + column + 0.6 * p.small + year_w / 2
    # The birth is a landmark of the axis (its tick reads 0): never hidden in a break.
    landmarks = [t_start, *whens, t_now, t_end] + ([born.decimal] if born else [])
    breaks = find_breaks(landmarks, p.break_years, p.break_keep, p.break_share)

    def block(runs: list[RunText]) -> TextBlock:
        return TextBlock(tuple(runs), 0.0).measured(p.line_height)

    blocks = []
    for _, event, _ in rows:
        runs = [RunText((when_text(event, born, words),), p.small, True, "when"),
                RunText(tuple(tm.wrap(event.title, p.label_width, p.size)), p.size, False, "title")]
        if event.note:
            runs.append(RunText(tuple(tm.wrap(event.note, p.label_width, p.small)), p.small, False, "note"))
        blocks.append(block(runs))
    hope_blocks = [block([RunText((words["hope"],), p.small, True, "when"),
                          RunText(tuple(tm.wrap(h, p.label_width, p.size)), p.size, False, "title")])
                   for h in case.lifemap.hopes]
    return _Inputs(rows, blocks, hope_blocks, born, t_start, t_now, t_end, x_base, year_w, words, breaks,
                   scale_x)


def valence_text(value: int) -> str:
    """+5, 0, −5 (a true minus sign)."""
    return f"+{value}" if value > 0 else (f"\u2212{-value}" if value < 0 else "0")


def layout(ctx: Context) -> LifemapLayout:
    """The figure at the narrowest time scale whose labels do not stack too high.

    Starts from about `event_spacing` of road per event and widens the scale
    (labels then overlap less, so stacks get lower) until the figure is no
    taller than `aspect` times its width, or the width cap is reached.
    """
    p = _params(ctx)
    inputs = _inputs(ctx, p)
    p = replace(p, left_limit=inputs.scale_x + p.hgap)
    span = max(kept_years(inputs.t_start, inputs.t_end, inputs.breaks), 1.0)
    per_event = float(ctx.style.get("lifemap.event_spacing", 3.4)) * p.size
    aspect = float(ctx.style.get("lifemap.aspect", 0.6))
    max_road = float(ctx.style.get("lifemap.max_width", 200)) * p.size
    road = min(max(len(inputs.rows) * per_event, 46 * p.size), max_road)
    ppy = min(road / span, 8 * p.size)
    best = _compose(p, inputs, ppy)
    for _ in range(12):
        height = best.content_bottom - p.margin
        if height <= aspect * best.width or (best.road_x1 - best.road_x0) * 1.2 > max_road:
            break
        ppy *= 1.2
        best = _compose(p, inputs, ppy)
    return with_legend(ctx, best)


@dataclass(frozen=True)
class _Item:
    """A label waiting for its place: an event's or a hope's."""

    key: tuple[bool, int]   # (is an event, index)
    x: float                # its leader
    y: float                # its marker
    block: TextBlock
    valence: int


def _span(item: _Item, left: bool, p: _Params) -> tuple[float, float]:
    """The x range a label reserves, its leader included."""
    if left:
        return (item.x - p.pole_gap - item.block.width, item.x + 0.5)
    return (item.x - 0.5, item.x + p.pole_gap + item.block.width)


def _covers(span: tuple[float, float], x: float, p: _Params) -> bool:
    return span[0] - p.hgap < x < span[1] + p.hgap


def _floor(item: _Item, left: bool, good: bool, curves: list[Segment], road_y: float, p: _Params) -> float:
    """How far from the road a label's near edge must stay: clear of the road, the wave and markers."""
    lo, hi = _span(item, left, p)
    ext = extent(curves, lo - p.hgap, hi + p.hgap) or (road_y, road_y)
    clear = p.road_width / 2 + p.vgap
    if good:
        return max(road_y - ext[0] + p.r + p.vgap, clear)
    return max(ext[1] - road_y + p.r + p.vgap, clear)


def _orient(side: list[_Item], good: bool, curves: list[Segment], road_y: float, p: _Params) -> list[bool]:
    """Which labels hang left of their leader (True) rather than right.

    A label must sit beyond every label whose leader it spans, so a run of
    right-hanging labels climbs one step per label (a staircase).  In a run of
    labels that overlap their neighbours, the first `a` hang left and the rest
    right: two staircases rising towards each other (a pyramid).  A right-
    hanging label followed closely by a left-hanging one would have to sit
    beyond each other, so within a run this is the only mixed pattern.  `a`
    is chosen to make the run's highest stack as low as possible (prefix
    heights of the left part, suffix heights of the right part, one pass
    each); a label never hangs past the margin.
    """
    n = len(side)
    flips = [False] * n
    runs: list[tuple[int, int]] = []
    start = 0
    for k in range(1, n + 1):
        if k == n or not _covers(_span(side[k - 1], False, p), side[k].x, p):
            runs.append((start, k))
            start = k
    heights = [item.block.height for item in side]
    for a0, b0 in runs:
        if b0 - a0 < 2:
            continue
        idx = range(a0, b0)
        # Left-hanging prefix: each label above the left-hanging ones whose leaders it spans.
        reach_l: dict[int, float] = {}
        prefix = [0.0]
        for i in idx:
            span = _span(side[i], True, p)
            base = _floor(side[i], True, good, curves, road_y, p)
            for j in range(a0, i):
                if _covers(span, side[j].x, p):
                    base = max(base, reach_l[j] + p.vgap)
            reach_l[i] = base + heights[i]
            prefix.append(max(prefix[-1], reach_l[i]))
        reach_r: dict[int, float] = {}
        suffix = [0.0]
        for i in reversed(idx):
            span = _span(side[i], False, p)
            base = _floor(side[i], False, good, curves, road_y, p)
            for j in range(i + 1, b0):
                if _covers(span, side[j].x, p):
                    base = max(base, reach_r[j] + p.vgap)
            reach_r[i] = base + heights[i]
            suffix.append(max(suffix[-1], reach_r[i]))
        suffix.reverse()   # suffix[k]: highest of the right-hanging labels a0+k .. b0-1
        allowed = 0
        while allowed < b0 - a0 and _span(side[a0 + allowed], True, p)[0] >= p.left_limit:
            allowed += 1
        best = min(range(allowed + 1), key=lambda k: (round(max(prefix[k], suffix[k]), 6), k))
        for j in range(a0, a0 + best):
            flips[j] = True
    # Labels of different runs: a right-hanging label and a left-hanging one to its right must not
    # span each other's leaders (no stacking order could satisfy both).
    for j in range(n):
        if not flips[j]:
            continue
        span_j = _span(side[j], True, p)
        for i in range(j):
            if not flips[i] and _covers(_span(side[i], False, p), side[j].x, p) \
                    and _covers(span_j, side[i].x, p):
                flips[j] = False
                break
    return flips


def _stacking_order(side: list[_Item], flips: list[bool], p: _Params) -> list[int] | None:
    """An order in which every label comes after the labels whose leaders it spans (None: a cycle)."""
    n = len(side)
    spans = [_span(item, flip, p) for item, flip in zip(side, flips, strict=True)]
    waits = [{j for j in range(n) if j != i and _covers(spans[i], side[j].x, p)} for i in range(n)]
    order: list[int] = []
    done: set[int] = set()
    ready = [i for i in range(n) if not waits[i]]
    while ready:
        i = min(ready)   # by x: deterministic
        ready.remove(i)
        order.append(i)
        done.add(i)
        for k in range(n):
            if k not in done and k not in ready and i in waits[k] and waits[k] <= done:
                ready.append(k)
    return order if len(order) == n else None


def _place_side(side: list[_Item], good: bool, curves: list[Segment], road_y: float,
                p: _Params) -> list[Label]:
    """Labels of one side of the road (sorted by x), each beyond the wave under it and beyond every
    label already placed that it overlaps; a label spanning another's leader is placed after it."""
    flips = _orient(side, good, curves, road_y, p)
    order = _stacking_order(side, flips, p)
    if order is None:  # cannot happen with the rules of _orient; all right-hanging always works
        flips = [False] * len(side)
        order = _stacking_order(side, flips, p) or list(range(len(side)))[::-1]
    boxes: list[Box] = []
    labels: dict[int, Label] = {}
    for i in order:
        item = side[i]
        lo, hi = _span(item, flips[i], p)
        height = item.block.height
        floor = _floor(item, flips[i], good, curves, road_y, p)
        near = [b for b in boxes if b.x0 < hi + p.hgap and lo < b.x1 + p.hgap]
        if good:
            bottom = min([road_y - floor] + [b.y0 - p.vgap for b in near])
            top = bottom - height
        else:
            top = max([road_y + floor] + [b.y1 + p.vgap for b in near])
        if flips[i]:
            label = item.block.place(item.x - p.pole_gap, top, p.line_height, anchor="end")
        else:
            label = item.block.place(item.x + p.pole_gap, top, p.line_height)
        boxes.append(Box(min(lo, label.box.x0), label.box.y0, max(hi, label.box.x1), label.box.y1))
        labels[i] = label
    return [labels[i] for i in range(len(side))]


@dataclass(frozen=True)
class _Along:
    """Where the marks sit along the road, known before the road's height is."""

    xs: list[float]          # each event's x, spread apart
    hope_xs: list[float]
    x_now: float
    x_last: float            # the last event's x (the start when there is none)
    x_solid_end: float       # where the lived road ends and the hoped-for one begins


@dataclass(frozen=True)
class _AtHeight:
    """The waves and the marks with the road at one height, and how far they reach."""

    wave: list[Segment]
    hope_wave: list[Segment]
    events: list[Mark]
    hopes: list[Mark]
    top: float
    bottom: float


def _compose(p: _Params, inputs: _Inputs, ppy: float) -> LifemapLayout:
    rows, born, x_base = inputs.rows, inputs.born, inputs.x_base
    t_start, t_now, t_end = inputs.t_start, inputs.t_now, inputs.t_end
    whens = [w for _, _, w in rows]
    raw = [TimeScale(t_start, x_base, ppy, inputs.breaks, p.break_width).x(w) for w in whens]
    xs = spread(raw, p.gap)
    shift = max(0.0, x_base + p.gap - xs[0]) if xs else 0.0
    xs = [x + shift for x in xs]
    scale = TimeScale(t_start, x_base + shift, ppy, inputs.breaks, p.break_width)
    x_of = scale.x

    x_now = x_of(t_now)
    x_last = xs[-1] if xs else x_of(t_start)
    x_solid_end = max(x_now, x_last)
    # Hopes are spaced so that a few sit side by side rather than in a staircase.
    hope_step = max(2 * p.gap, min(0.6 * p.label_width, 12 * p.size))
    hope_xs = [x_solid_end + (k + 1) * hope_step for k in range(len(inputs.hope_blocks))]
    along = _Along(xs, hope_xs, x_now, x_last, x_solid_end)
    # A valence step in proportion to the road (a ±5 swing of ±63 units on a road of 1,400 read
    # as flat), between the style's unit and unit_max.
    p = replace(p, unit=min(max(p.unit, p.unit_share * (x_solid_end - x_base)), max(p.unit, p.unit_max)))

    # Two passes: the first finds how far the figure reaches above the road.
    road_y = p.margin - _at_height(p, inputs, along, 0.0).top
    placed = _at_height(p, inputs, along, road_y)
    events, hope_marks = placed.events, placed.hopes

    axis = _axis(p, inputs.words, born, scale, (t_start, t_now, t_end), x_base, x_solid_end,
                 placed.bottom + p.size, inputs.year_w)
    right = max([x_solid_end, *hope_xs] + [m.label.box.x1 for m in events + hope_marks]
                + [t.box(axis.size).x1 for t in axis.texts])
    road_x1 = max(hope_xs[-1] + p.gap if hope_xs else x_solid_end, x_solid_end)
    width = max(right + p.margin, 40 * p.size)
    return LifemapLayout(
        width=width, content_bottom=axis.bottom, margin=p.margin, road_y=road_y, road_x0=x_base,
        road_x1=road_x1, road_width=p.road_width, wave=tuple(placed.wave), hope_wave=tuple(placed.hope_wave),
        events=tuple(events), hopes=tuple(hope_marks), axis=axis, marker_r=p.r,
        line_height=p.line_height, start=t_start, now=t_now, unit=p.unit,
        scale=_valence_scale(p, inputs.scale_x, road_y))


def _at_height(p: _Params, inputs: _Inputs, along: _Along, road_y: float) -> _AtHeight:
    """The wave through the events and the hopes, and every mark's label placed, with the road at
    `road_y`."""
    rows, x_base = inputs.rows, inputs.x_base
    xs, hope_xs, x_now, x_last = along.xs, along.hope_xs, along.x_now, along.x_last
    ys = [road_y - e.valence * p.unit for _, e, _ in rows]
    knots: list[tuple[float, float]] = []
    lead = 3 * p.gap
    if not xs or xs[0] > x_base + lead:
        # The road starts at birth: the wave starts on it (unless the first event is at birth)
        # and keeps to it until just before the first event: nothing is known before that.
        knots.append((x_base, road_y))
        if xs and xs[0] - lead > x_base + 1:
            knots.append((xs[0] - lead, road_y))
    knots += list(zip(xs, ys, strict=True))
    last_y = ys[-1] if ys else road_y
    if x_now > x_last + p.gap / 2:
        knots.append((x_now, last_y))    # as it was at the last event, up to now
    wave = pchip(with_zero_knots(knots, road_y))
    # Hopes rise to `hope_level`, or stay as high as life already is.
    hope_y = min(road_y - p.hope_level * p.unit, last_y)
    hope_knots = [(along.x_solid_end, last_y)] + [(x, hope_y) for x in hope_xs]
    hope_wave = pchip(with_zero_knots(hope_knots, road_y)) if hope_xs else []
    curves = wave + hope_wave

    items = [_Item((True, i), x, y, b, rows[i][1].valence)
             for i, (b, x, y) in enumerate(zip(inputs.blocks, xs, ys, strict=True))]
    items += [_Item((False, i), x, hope_y, b, 1)
              for i, (b, x) in enumerate(zip(inputs.hope_blocks, hope_xs, strict=True))]
    placed: dict[tuple[bool, int], Mark] = {}
    for good in (True, False):
        side = sorted((it for it in items if (it.valence > 0) == good), key=lambda it: it.x)
        for item, label in zip(side, _place_side(side, good, curves, road_y, p), strict=True):
            is_event, i = item.key
            pole_end = label.box.y0 if good else label.box.y1
            when = rows[i][2] if is_event else None
            placed[item.key] = Mark(rows[i][0] if is_event else i, when, item.valence, item.x, item.y,
                                    label, pole_end)
    events = [placed[(True, i)] for i in range(len(rows))]
    hope_marks = [placed[(False, i)] for i in range(len(inputs.hope_blocks))]
    return _AtHeight(wave, hope_wave, events, hope_marks, *_reach(p, road_y, curves, events + hope_marks))


def _reach(p: _Params, road_y: float, curves: list[Segment], marks: list[Mark]) -> tuple[float, float]:
    """How far up and down the road, its valence scale, the waves and the labels reach: (top, bottom)."""
    scale_reach = VALENCE_MAX * p.unit + p.small
    half_road = p.road_width / 2
    tops = [m.label.box.y0 for m in marks] + [road_y - max(half_road, scale_reach)]
    bottoms = [m.label.box.y1 for m in marks] + [road_y + max(half_road, scale_reach)]
    whole = extent(curves, -math.inf, math.inf)
    if whole:
        tops.append(whole[0] - p.r)
        bottoms.append(whole[1] + p.r)
    return min(tops), max(bottoms)


def _valence_scale(p: _Params, x: float, road_y: float) -> ValenceScale:
    """−5 … +5 beside the road's start: every step ticked, every step labelled when the steps
    are tall enough for a line of text, else only −5, 0 and +5."""
    size = p.small
    tick = 0.35 * size
    every = 1 if p.unit >= 1.15 * size else VALENCE_MAX
    steps = tuple((v, road_y - v * p.unit) for v in range(VALENCE_MAX, -VALENCE_MAX - 1, -1))
    shift = (tm.ascent(size) - tm.descent(size)) / 2
    texts = tuple(AxisText(x - tick - 0.25 * size, y + shift, valence_text(v), "end")
                  for v, y in steps if v % every == 0)
    return ValenceScale(x, tick, steps, texts, size)


def _axis(p: _Params, words: dict[str, str], born: PartialDate | None, scale: TimeScale,
          times: tuple[float, float, float], x0: float, x1: float, y: float, year_w: float) -> Axis:
    """One row of ticks, each with its year and, when the birth is known, its age under it
    (`timeline.ticks`); none inside or right beside a break."""
    t_start, t_now, t_end = times
    size = p.small
    tick = 0.4 * size
    step = tick_step(scale.ppy, year_w + 0.8 * size)
    year_base = y + tick + 0.25 * size + tm.ascent(size)
    age_base = year_base + p.line_height * size
    texts: list[AxisText] = []
    tick_xs: list[float] = []
    for when, year, age in ticks(born, t_start, t_end, step):
        x = scale.x(when)
        if not x0 - 0.01 <= x <= x1 + 0.01 or scale.in_break(when, year_w / 2 + 0.3 * size):
            continue
        tick_xs.append(x)
        texts.append(AxisText(x, year_base, str(year), "middle"))
        if age is not None:
            texts.append(AxisText(x, age_base, str(age), "middle"))
    header_x = x0 - year_w / 2 - 0.6 * size
    texts.append(AxisText(header_x, year_base, words["year"], "end"))
    row = year_base
    if born is not None:
        row = age_base
        texts.append(AxisText(header_x, row, words["age_row"], "end"))
    now_x = scale.x(t_now)
    texts.append(AxisText(now_x, row + p.line_height * size, words["now"], "middle"))
    return Axis(y, x0, x1, size, tick, tuple(tick_xs), tuple(texts), now_x, tuple(scale.break_spans()), scale)
