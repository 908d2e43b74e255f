"""Life road map: the client's life as a road through time, good events above it, bad below."""

from __future__ import annotations

from ...drawing import Context, Drawing
from ...model import Case


def applies(case: Case) -> bool:
    lifemap = case.lifemap
    if lifemap is None:
        return False
    if lifemap.events:
        return True
    # Hopes alone still need a "now" to start from: the assessment date (a birth is no "now";
    # validation refuses hopes without events or a date, so this is only a guard).
    return bool(lifemap.hopes) and case.case.date is not None


def render(ctx: Context) -> Drawing:
    from .draw import draw
    from .layout import layout

    return draw(ctx, layout(ctx))
