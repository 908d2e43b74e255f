"""Outcome chart geometry: one panel per measure, its scale on the left, its readings along the
bottom, as pre/post bars or as a line over sessions, with the goal as a dashed line.

Pure: the case's measures and the style in, dataclasses out.  Readings stand in equal slots in the
order the case lists them (the checks keep that order in time), each slot at least as wide as its
value and axis labels, so no two labels meet; a case with four measures or more sets its panels in
two columns.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ... import text as tm
from ...drawing import Context
from ...geometry import Box
from ...labels import PlacedText
from ...model import Measure, Reading
from ...style import Style

BARS_UP_TO = 4          # readings: more than this draws a line unless the case says `chart: bars`
PLOT_HEIGHT = 9.0       # em of font.size
SLOT_MIN = 2.2          # em: least width per reading (line)
BAR_SLOT_MIN = 5.0      # em: least width per reading (bars)
PANEL_MIN = 22.0        # em: least plot width
TWO_COLUMNS_FROM = 4    # measures


@dataclass(frozen=True)
class Tick:
    value: float
    y: float
    label: PlacedText


@dataclass(frozen=True)
class ReadingMark:
    """One reading: where its bar or point stands and its two labels."""

    reading: Reading
    when: str               # the date or session as written (data-when)
    x: float                # slot centre
    y: float                # the value's height
    bar: Box | None         # the bar (bar charts)
    value_label: PlacedText
    axis_label: PlacedText


@dataclass(frozen=True)
class Goal:
    value: float
    y: float
    label: PlacedText


@dataclass(frozen=True)
class MeasurePanel:
    measure: Measure
    chart: str              # "bars" | "line"
    plot: Box               # the area inside the axes
    base_y: float           # where bars stand (the range's low end, or 0 inside the range)
    title: PlacedText
    hint: PlacedText             # which way is better
    ticks: tuple[Tick, ...]
    readings: tuple[ReadingMark, ...]
    goal: Goal | None
    axis_title: PlacedText | None   # "Sesi" under session numbers
    box: Box                # everything the panel draws


@dataclass(frozen=True)
class OutcomesLayout:
    width: float
    height: float           # of the panels, before the legend
    panels: tuple[MeasurePanel, ...]


def chart_of(measure: Measure) -> str:
    if measure.chart is not None:
        return measure.chart
    return "bars" if len(measure.readings) <= BARS_UP_TO else "line"


def number_text(value: float) -> str:
    """A score as the chart writes it: whole numbers without a point, others with at most two decimals."""
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.2f}".rstrip("0").rstrip(".")


def when_text(reading: Reading) -> str:
    if reading.date is not None:
        return str(reading.date)
    return str(reading.session)


def nice_ticks(low: float, high: float, most: int = 6) -> list[float]:
    """Round tick values from low to high (both always included), at most `most` of them."""
    span = high - low
    raw = span / (most - 1)
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    first = math.ceil(low / step) * step
    values = [low]
    v = first
    while v < high - 1e-9:
        if v > low + 0.3 * step:
            values.append(round(v, 9))
        v += step
    if high - values[-1] < 0.3 * step and len(values) > 1:
        values.pop()
    values.append(high)
    return values


@dataclass(frozen=True)
class _Sizes:
    font: float
    small: float
    line_height: float

    @classmethod
    def of(cls, style: Style) -> _Sizes:
        return cls(style.font.size, style.font.small, style.font.line_height)


def _axis_text(reading: Reading, by_session: bool) -> str:
    if reading.label:
        return reading.label
    return str(reading.session) if by_session else when_text(reading)


def _slot_width(measure: Measure, chart: str, s: _Sizes) -> float:
    least = (BAR_SLOT_MIN if chart == "bars" else SLOT_MIN) * s.font
    widest = 0.0
    for reading in measure.readings:
        widest = max(widest, tm.measure(number_text(reading.value), s.small),
                     min(tm.measure(_axis_text(reading, reading.session is not None), s.small), 7 * s.font))
    return max(least, widest + 0.8 * s.font)


def panel_width(measure: Measure, s: _Sizes, goal_word: str) -> float:
    """The width one panel needs: scale labels, slots and the goal's label at the right."""
    chart = chart_of(measure)
    plot = max(PANEL_MIN * s.font, len(measure.readings) * _slot_width(measure, chart, s))
    return _left_gutter(measure, s) + plot + _right_gutter(measure, s, goal_word)


def _left_gutter(measure: Measure, s: _Sizes) -> float:
    low, high = measure.range
    widest = max(tm.measure(number_text(v), s.small) for v in nice_ticks(low, high))
    return widest + 0.9 * s.font


def _right_gutter(measure: Measure, s: _Sizes, goal_word: str) -> float:
    if measure.goal is None:
        return 0.6 * s.font
    return max(tm.measure(goal_word, s.small), tm.measure(number_text(measure.goal), s.small)) + 1.0 * s.font


def _title(measure: Measure, x: float, top: float, width: float, s: _Sizes) -> PlacedText:
    text = f"{measure.name} ({measure.unit})" if measure.unit else measure.name
    lines = tuple(tm.wrap(text, width, s.font, bold=True))
    return PlacedText(x, top + tm.ascent(s.font), lines, s.font, "start", True, s.line_height)


def layout_panel(measure: Measure, x: float, top: float, width: float, s: _Sizes,
                 words: PanelWords) -> MeasurePanel:
    """One measure's panel with its top-left corner at (x, top), `width` wide."""
    chart = chart_of(measure)
    title = _title(measure, x, top, width, s)
    step = s.line_height * s.font
    hint_baseline = title.baseline + (len(title.lines) - 1) * step + s.line_height * s.small + 0.1 * s.font
    hint = PlacedText(x, hint_baseline, (words.hint(measure),), s.small, "start", line_height=s.line_height)
    left = x + _left_gutter(measure, s)
    right = x + width - _right_gutter(measure, s, words.goal)
    plot_top = hint_baseline + tm.descent(s.small) + 0.6 * s.font + s.line_height * s.small
    plot = Box(left, plot_top, right, plot_top + PLOT_HEIGHT * s.font)
    low, high = measure.range

    def y_of(value: float) -> float:
        return plot.y1 - (value - low) / (high - low) * plot.height

    ticks = tuple(Tick(v, y_of(v), PlacedText(left - 0.45 * s.font,
                                               y_of(v) + (tm.ascent(s.small) - tm.descent(s.small)) / 2,
                                               (number_text(v),), s.small, "end", line_height=s.line_height))
                  for v in nice_ticks(low, high))
    base_value = 0.0 if low < 0 < high else low
    base_y = y_of(base_value)
    by_session = measure.readings[0].session is not None
    slot = plot.width / len(measure.readings)
    marks = []
    axis_bottom = plot.y1
    axis_top = plot.y1 + 0.5 * s.font
    if any(r.value < base_value for r in measure.readings):
        axis_top += s.line_height * s.small
    for i, reading in enumerate(measure.readings):
        cx = plot.x0 + (i + 0.5) * slot
        y = y_of(reading.value)
        bar = None
        if chart == "bars":
            half = min(0.32 * slot, 2.4 * s.font)
            bar = Box(cx - half, min(y, base_y), cx + half, max(y, base_y))
        # Above its point, where the plot keeps room above the scale; a value under the base line
        # (a bar hanging down, a point taken off) has it under it, in room kept under the plot.
        below = reading.value < base_value
        if below:
            value_baseline = y + (0.35 if bar is not None else 0.6) * s.font + tm.ascent(s.small)
        else:
            value_baseline = y - (0.35 if bar is not None else 0.6) * s.font - tm.descent(s.small)
        value_label = PlacedText(cx, value_baseline, (number_text(reading.value),), s.small, "middle",
                                 line_height=s.line_height)
        axis_lines = tuple(tm.wrap(_axis_text(reading, by_session), slot - 0.4 * s.font, s.small))
        axis_label = PlacedText(cx, axis_top + tm.ascent(s.small), axis_lines, s.small, "middle",
                                line_height=s.line_height)
        axis_bottom = max(axis_bottom, axis_label.baseline + (len(axis_lines) - 1) * s.line_height * s.small
                          + tm.descent(s.small))
        marks.append(ReadingMark(reading, when_text(reading), cx, y, bar, value_label, axis_label))
    axis_title = None
    if by_session and not any(r.label for r in measure.readings):
        axis_title = PlacedText((plot.x0 + plot.x1) / 2, axis_bottom + 0.3 * s.font + tm.ascent(s.small),
                                (words.session,), s.small, "middle", line_height=s.line_height)
        axis_bottom = axis_title.baseline + tm.descent(s.small)
    goal = None
    if measure.goal is not None:
        gy = y_of(measure.goal)
        goal = Goal(measure.goal, gy, PlacedText(right + 0.4 * s.font, gy - 0.1 * s.font,
                                                 (words.goal, number_text(measure.goal)), s.small, "start",
                                                 line_height=s.line_height))
    box = Box(x, top, x + width, axis_bottom)
    return MeasurePanel(measure, chart, plot, base_y, title, hint, ticks, tuple(marks), goal, axis_title, box)


@dataclass(frozen=True)
class PanelWords:
    higher: str
    lower: str
    goal: str
    session: str

    def hint(self, measure: Measure) -> str:
        return self.higher if measure.better == "higher" else self.lower


def layout(ctx: Context) -> OutcomesLayout:
    style = ctx.style
    s = _Sizes.of(style)
    words = PanelWords(ctx.words["outcomes.higher_better"], ctx.words["outcomes.lower_better"],
                       ctx.words["outcomes.goal"], ctx.words["outcomes.session"])
    measures = ctx.case.measures
    columns = 2 if len(measures) >= TWO_COLUMNS_FROM else 1
    gap = 2.0 * s.font
    width = max(panel_width(m, s, words.goal) for m in measures)
    width = max(width, max(tm.measure(words.hint(m), s.small) for m in measures))
    margin = style.margin
    panels = []
    row_top = margin
    for start in range(0, len(measures), columns):
        row = []
        for column, measure in enumerate(measures[start:start + columns]):
            x = margin + column * (width + gap)
            row.append(layout_panel(measure, x, row_top, width, s, words))
        panels.extend(row)
        row_top = max(p.box.y1 for p in row) + gap
    total_width = 2 * margin + columns * width + (columns - 1) * gap
    return OutcomesLayout(total_width, row_top - gap + margin, tuple(panels))
