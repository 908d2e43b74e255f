"""BPSS: the bio-psycho-social-spiritual assessment as a 2x2 quadrant (or a four-column table)."""

from __future__ import annotations

from ...drawing import Context, Drawing
from ...model import Case
from .draw import draw
from .layout import layout


def applies(case: Case) -> bool:
    return case.bpss is not None and not case.bpss.empty


def render(ctx: Context) -> Drawing:
    return draw(ctx, layout(ctx))
