"""Ecomap (Hartman): the household or client in the centre, the systems round it, ties between."""

from __future__ import annotations

from ...drawing import Context, Drawing
from ...model import Case


def applies(case: Case) -> bool:
    return case.ecomap is not None


def render(ctx: Context) -> Drawing:
    from .draw import draw, legend_layout
    from .layout import layout

    lay = layout(ctx.case, ctx.style)
    return draw(ctx, lay, legend_layout(ctx, lay))
