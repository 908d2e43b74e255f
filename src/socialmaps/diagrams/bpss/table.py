"""BPSS as a table, the way several reports print it: four columns
Biologis | Psikologis | Sosial | Spiritual, a bold header row, numbered items.

Each column is one `sm-quadrant` panel (same data-quadrant names as the
quadrant), fitted by the shared panel rule (wrap, shrink, grow).  Columns
share their edges so the figure reads as one table."""

from __future__ import annotations

from dataclasses import dataclass

from ... import text as tm
from ...drawing import Context
from ...geometry import Box
from ..panels import Fit, PanelSpec, Reserve, fit_panels, place_panel, readable_min, readable_width
from .layout import ORDER


@dataclass(frozen=True)
class TableLayout:
    width: float
    height: float
    fit: Fit
    header: float            # height of the header row, from each column's top


def specs(ctx: Context) -> list[PanelSpec]:
    bpss = ctx.case.bpss
    assert bpss is not None
    empty = ctx.words["common.no_data"]
    return [PanelSpec(key, ctx.words[f"bpss.{key}"], tuple(getattr(bpss, key)), numbered=True, empty=empty)
            for key in ORDER]


def layout(ctx: Context) -> TableLayout:
    style = ctx.style
    margin = style.margin
    column_width = float(style.get("bpss.column_width", 17 * style.font.size))
    # No wider than a table whose body text prints at 8 pt when it is 16 cm wide: a report
    # page holds four columns of about 4 cm (the table was 780 units wide, its text 6.4 pt).
    column_width = min(column_width, (readable_width(style) - 2 * margin) / 4)
    nominal = 1.4 * column_width
    pad = 0.9 * style.font.size       # the panels' inner padding (panels.place_panel)
    heading = style.font.heading
    column_specs = specs(ctx)
    # One header row for all columns: as tall as the heading that wraps the most, the
    # heading box (ascent + descent per line) centred with `pad` above and below it.
    lines = max(len(tm.wrap(s.heading, column_width - 2 * pad, heading, bold=True)) for s in column_specs)
    header = 2 * pad + (lines - 1) * style.font.line_height * heading + heading
    reserve = Reserve(top=header + 0.2 * style.font.size)
    reserves = [reserve] * len(column_specs)
    floor = readable_min(style, 2 * margin + len(column_specs) * column_width)
    size, heading_size, height = fit_panels(column_specs, style, column_width, nominal, reserves, floor)
    panels = []
    for i, spec in enumerate(column_specs):
        x0 = margin + i * column_width
        box = Box(x0, margin, x0 + column_width, margin + height)
        panels.append(place_panel(spec, box, style, size, heading_size, "middle", reserve))
    fit = Fit(size, heading_size, style.font.line_height, column_width, height, tuple(panels))
    return TableLayout(2 * margin + len(column_specs) * column_width, 2 * margin + height, fit, header)
