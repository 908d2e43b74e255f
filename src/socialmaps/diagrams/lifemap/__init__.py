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
    # Hopes alone still need a "now" to start from.
    client = case.client
    has_time = case.case.date is not None or (client is not None and client.born is not None)
    return bool(lifemap.hopes) and has_time


def render(ctx: Context) -> Drawing:
    from .draw import draw
    from .layout import layout

    return draw(ctx, layout(ctx))
