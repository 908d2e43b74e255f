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
from ..panels import Fit, PanelSpec, fit_panels, place_panel

# (row, column) order of the panels, row-major: the data-quadrant names of the contract.
ROWS = ("internal", "external")
COLUMNS = ("strengths", "weaknesses")
ORDER = tuple(f"{row}-{col}" for row in ROWS for col in COLUMNS)


@dataclass(frozen=True)
class AxisLabel:
    key: str                 # "strengths", "internal", …
    text: str
    x: float
    baseline: float
    anchor: str
    size: float

    @property
    def box(self) -> Box:
        return tm.line_box(self.x, self.baseline, self.text, self.size, self.anchor, bold=True)


@dataclass(frozen=True)
class StrengthsLayout:
    width: float
    height: float
    fit: Fit
    axes: tuple[AxisLabel, ...]


def specs(ctx: Context) -> list[PanelSpec]:
    s = ctx.case.strengths
    assert s is not None
    return [PanelSpec(f"{row}-{col}", "", tuple(getattr(getattr(s, row), col)))
            for row in ROWS for col in COLUMNS]


def layout(ctx: Context) -> StrengthsLayout:
    style = ctx.style
    margin = style.margin
    gutter = 0.8 * style.font.size
    heading = style.font.heading
    panel_width = float(style.get("strengths.panel_width", 26 * style.font.size))
    nominal = 0.62 * panel_width
    row_words = {row: ctx.words[f"strengths.{row}"] for row in ROWS}
    col_words = {col: ctx.words[f"strengths.{col}"] for col in COLUMNS}
    # The row headings stand left of the panels, right-aligned against them.
    label_w = max(tm.measure(w, heading, bold=True) for w in row_words.values())
    left = margin + label_w + gutter
    head_h = style.font.line_height * heading + 0.3 * heading
    top = margin + head_h
    panel_specs = specs(ctx)
    size, heading_size, height = fit_panels(panel_specs, style, panel_width, nominal)
    panels = []
    for i, spec in enumerate(panel_specs):
        row, col = divmod(i, 2)
        x0 = left + col * (panel_width + gutter)
        y0 = top + row * (height + gutter)
        box = Box(x0, y0, x0 + panel_width, y0 + height)
        panels.append(place_panel(spec, box, style, size, heading_size))
    axes = []
    for col, key in enumerate(COLUMNS):
        cx = left + col * (panel_width + gutter) + panel_width / 2
        axes.append(AxisLabel(key, col_words[key], cx, margin + tm.ascent(heading), "middle", heading))
    # Baseline so the label's box (ascent over descent) is centred on its row.
    shift = (tm.ascent(heading) - tm.descent(heading)) / 2
    for row, key in enumerate(ROWS):
        cy = top + row * (height + gutter) + height / 2
        axes.append(AxisLabel(key, row_words[key], left - gutter, cy + shift, "end", heading))
    fit = Fit(size, heading_size, style.font.line_height, panel_width, height, tuple(panels))
    width = left + 2 * panel_width + gutter + margin
    total_height = top + 2 * height + gutter + margin
    return StrengthsLayout(width, total_height, fit, tuple(axes))
