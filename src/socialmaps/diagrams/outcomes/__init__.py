"""Outcome measures ("Evaluasi Intervensi"): scale scores and counts before, during and after the
intervention, as pre/post bars or a line over sessions with the goal line."""

from __future__ import annotations

from ...drawing import Context, Drawing
from ...model import Case


def applies(case: Case) -> bool:
    return bool(case.measures)


def render(ctx: Context) -> Drawing:
    from .draw import draw
    from .layout import layout

    return draw(ctx, layout(ctx))
