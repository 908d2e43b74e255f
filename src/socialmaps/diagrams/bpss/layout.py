"""BPSS quadrant geometry: four panels, Biologis | Psikologis over Sosial |
Spiritual (as the reports draw them), the client's name in a badge where the
panels meet.  The badge's corner is kept free of text in every panel.

The panels share the figure by how much they hold (`panels.fit_grid`): the
column split and the two row heights follow the text, and the type shrinks
only when sharing cannot hold it, never below 8 pt at 16 cm."""

from __future__ import annotations

from dataclasses import dataclass

from ... import text as tm
from ...drawing import Context
from ...geometry import Box
from ..panels import Fit, PanelSpec, Reserve, fit_grid, place_panel, readable_min, readable_width

ORDER = ("biological", "psychological", "social", "spiritual")


@dataclass(frozen=True)
class Badge:
    box: Box
    name: str
    size: float


@dataclass(frozen=True)
class QuadrantLayout:
    width: float
    height: float
    fit: Fit
    badge: Badge | None


def specs(ctx: Context) -> list[PanelSpec]:
    bpss = ctx.case.bpss
    assert bpss is not None
    empty = ctx.words["common.no_data"]
    return [PanelSpec(key, ctx.words[f"bpss.{key}"], tuple(getattr(bpss, key)), empty=empty) for key in ORDER]


def layout(ctx: Context) -> QuadrantLayout:
    style = ctx.style
    margin = style.margin
    gutter = 0.8 * style.font.size
    panel_width = float(style.get("bpss.panel_width", 26 * style.font.size))
    # No wider than a figure whose body text prints at 8 pt when it is 16 cm wide.
    width = min(2 * margin + 2 * panel_width + gutter, readable_width(style))
    inner = width - 2 * margin - gutter
    nominal = 0.62 * inner
    name = ctx.subject_name()
    badge_size = style.font.heading
    badge_lines = tm.wrap(name, 0.3 * inner, badge_size, bold=True)
    badge_w = tm.widest(badge_lines, badge_size, bold=True) + 1.6 * badge_size
    badge_h = len(badge_lines) * style.font.line_height * badge_size + 0.9 * badge_size
    # How far the badge reaches into each panel past the gutter: kept free of text.
    reach = max(0.0, badge_h / 2 - gutter / 2) + 0.3 * style.font.size
    panel_specs = specs(ctx)
    reserves = [Reserve(bottom=reach), Reserve(bottom=reach), Reserve(top=reach), Reserve(top=reach)]
    grid = fit_grid(panel_specs, style, inner, nominal, readable_min(style, width), reserves)
    panels = []
    for i, spec in enumerate(panel_specs):
        col, row = i % 2, i // 2
        x0 = margin + col * (grid.columns[0] + gutter)
        y0 = margin + row * (grid.rows[0] + gutter)
        box = Box(x0, y0, x0 + grid.columns[col], y0 + grid.rows[row])
        # Headings sit in the outer corners, away from the badge.
        anchor = "start" if col == 0 else "end"
        panels.append(place_panel(spec, box, style, grid.size, grid.heading_size, anchor, reserves[i]))
    total_height = 2 * margin + grid.rows[0] + grid.rows[1] + gutter
    cx, cy = margin + grid.columns[0] + gutter / 2, margin + grid.rows[0] + gutter / 2
    badge = Badge(Box(cx - badge_w / 2, cy - badge_h / 2, cx + badge_w / 2, cy + badge_h / 2),
                  "\n".join(badge_lines), badge_size)
    fit = Fit(grid.size, grid.heading_size, style.font.line_height, max(grid.columns), max(grid.rows),
              tuple(panels))
    return QuadrantLayout(width, total_height, fit, badge)
