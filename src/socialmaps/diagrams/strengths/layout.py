"""Strength quadrant geometry: internal on top, external below; strengths left,
weaknesses right.  The axes carry the headings (Kekuatan | Kelemahan over the
columns, Internal / Eksternal beside the rows), as the reports draw the
table, so the panels themselves have no heading and all their room is for
bullets.  Fitting is the BPSS rule, shared in `diagrams/panels.py`."""

from __future__ import annotations

from dataclasses import dataclass

from ... import text as tm
from ...drawing import Context
from ...geometry import Box
from ...labels import PlacedText
from ..panels import Fit, PanelSpec, fit_grid, place_panel, readable_min, readable_width

# (row, column) order of the panels, row-major: the data-quadrant names of the contract.
ROWS = ("internal", "external")
COLUMNS = ("strengths", "weaknesses")
ORDER = tuple(f"{row}-{col}" for row in ROWS for col in COLUMNS)


@dataclass(frozen=True)
class AxisLabel(PlacedText):
    """A row's or a column's heading (one bold line), drawn with data-axis=`key`."""

    key: str = ""            # "strengths", "internal", …


@dataclass(frozen=True)
class StrengthsLayout:
    width: float
    height: float
    fit: Fit
    axes: tuple[AxisLabel, ...]


def specs(ctx: Context) -> list[PanelSpec]:
    s = ctx.case.strengths
    assert s is not None
    empty = ctx.words["common.no_data"]
    return [PanelSpec(f"{row}-{col}", "", tuple(getattr(getattr(s, row), col)), empty=empty)
            for row in ROWS for col in COLUMNS]


def layout(ctx: Context) -> StrengthsLayout:
    style = ctx.style
    margin = style.margin
    gutter = 0.8 * style.font.size
    heading = style.font.heading
    panel_width = float(style.get("strengths.panel_width", 26 * style.font.size))
    row_words = {row: ctx.words[f"strengths.{row}"] for row in ROWS}
    col_words = {col: ctx.words[f"strengths.{col}"] for col in COLUMNS}
    # The row headings stand left of the panels, right-aligned against them.
    label_w = max(tm.measure(w, heading, bold=True) for w in row_words.values())
    left = margin + label_w + gutter
    # No wider than a figure whose body text prints at 8 pt when it is 16 cm wide: the
    # panels give up the room the row headings take.
    width = min(left + 2 * panel_width + gutter + margin, readable_width(style))
    inner = width - left - gutter - margin
    nominal = 0.62 * inner
    head_h = style.font.line_height * heading + 0.3 * heading
    top = margin + head_h
    panel_specs = specs(ctx)
    grid = fit_grid(panel_specs, style, inner, nominal, readable_min(style, width))
    panels = []
    for i, spec in enumerate(panel_specs):
        row, col = divmod(i, 2)
        x0 = left + col * (grid.columns[0] + gutter)
        y0 = top + row * (grid.rows[0] + gutter)
        box = Box(x0, y0, x0 + grid.columns[col], y0 + grid.rows[row])
        panels.append(place_panel(spec, box, style, grid.size, grid.heading_size))
    axes = []
    for col, key in enumerate(COLUMNS):
        cx = left + col * (grid.columns[0] + gutter) + grid.columns[col] / 2
        axes.append(AxisLabel(cx, margin + tm.ascent(heading), (col_words[key],), heading, "middle", True,
                              key=key))
    # Baseline so the label's box (ascent over descent) is centred on its row.
    shift = (tm.ascent(heading) - tm.descent(heading)) / 2
    for row, key in enumerate(ROWS):
        cy = top + row * (grid.rows[0] + gutter) + grid.rows[row] / 2
        axes.append(AxisLabel(left - gutter, cy + shift, (row_words[key],), heading, "end", True, key=key))
    fit = Fit(grid.size, grid.heading_size, style.font.line_height, max(grid.columns), max(grid.rows),
              tuple(panels))
    total_height = top + grid.rows[0] + grid.rows[1] + gutter + margin
    return StrengthsLayout(width, total_height, fit, tuple(axes))
