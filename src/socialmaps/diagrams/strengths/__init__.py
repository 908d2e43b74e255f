"""Kuadran Strength: internal/external x strengths/weaknesses, as four bullet panels."""

from __future__ import annotations

from ...drawing import Context, Drawing
from ...model import Case


def applies(case: Case) -> bool:
    s = case.strengths
    return s is not None and any(
        (s.internal.strengths, s.internal.weaknesses, s.external.strengths, s.external.weaknesses))


def render(ctx: Context) -> Drawing:
    from .draw import draw
    from .layout import layout

    return draw(ctx, layout(ctx))
