"""BPSS quadrant geometry: four equal panels, Biologis | Psikologis over Sosial |
Spiritual (as the reports draw them), the client's name in a badge where the
panels meet.  The badge's corner is kept free of text in every panel."""

from __future__ import annotations

from dataclasses import dataclass

from ... import text as tm
from ...drawing import Context
from ...geometry import Box
from ..panels import Fit, PanelSpec, Reserve, fit_panels, place_panel

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
    return [PanelSpec(key, ctx.words[f"bpss.{key}"], tuple(getattr(bpss, key))) for key in ORDER]


def layout(ctx: Context) -> QuadrantLayout:
    style = ctx.style
    margin = style.margin
    gutter = 0.8 * style.font.size
    panel_width = float(style.get("bpss.panel_width", 26 * style.font.size))
    nominal = 0.62 * panel_width
    name = ctx.subject_name()
    badge_size = style.font.heading
    badge_lines = tm.wrap(name, 0.6 * panel_width, badge_size, bold=True)
    badge_w = tm.widest(badge_lines, badge_size, bold=True) + 1.6 * badge_size
    badge_h = len(badge_lines) * style.font.line_height * badge_size + 0.9 * badge_size
    # How far the badge reaches into each panel past the gutter: kept free of text.
    reach = max(0.0, badge_h / 2 - gutter / 2) + 0.3 * style.font.size
    panel_specs = specs(ctx)
    reserves = [Reserve(bottom=reach), Reserve(bottom=reach), Reserve(top=reach), Reserve(top=reach)]
    size, heading_size, height = fit_panels(panel_specs, style, panel_width, nominal, reserves)
    panels = []
    for i, spec in enumerate(panel_specs):
        col, row = i % 2, i // 2
        x0 = margin + col * (panel_width + gutter)
        y0 = margin + row * (height + gutter)
        box = Box(x0, y0, x0 + panel_width, y0 + height)
        # Headings sit in the outer corners, away from the badge.
        anchor = "start" if col == 0 else "end"
        panels.append(place_panel(spec, box, style, size, heading_size, anchor, reserves[i]))
    width = 2 * margin + 2 * panel_width + gutter
    total_height = 2 * margin + 2 * height + gutter
    cx, cy = width / 2, margin + height + gutter / 2
    badge = Badge(Box(cx - badge_w / 2, cy - badge_h / 2, cx + badge_w / 2, cy + badge_h / 2),
                  "\n".join(badge_lines), badge_size)
    fit = Fit(size, heading_size, style.font.line_height, panel_width, height, tuple(panels))
    return QuadrantLayout(width, total_height, fit, badge)
