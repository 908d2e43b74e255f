"""BPSS: the bio-psycho-social-spiritual assessment as a 2x2 quadrant (or a four-column table)."""

from __future__ import annotations

from ...drawing import Context, Drawing
from ...model import Case
from ...style import StyleError

LAYOUTS = ("quadrant", "table")


def applies(case: Case) -> bool:
    return case.bpss is not None and not case.bpss.empty


def chosen_layout(ctx: Context) -> str:
    """The case's own choice wins; else the style's `[bpss] layout`; else the quadrant."""
    assert ctx.case.bpss is not None
    if ctx.case.bpss.layout is not None:
        return ctx.case.bpss.layout
    value = ctx.style.get("bpss.layout", "quadrant")
    if value not in LAYOUTS:
        raise StyleError(f"style {ctx.style.name!r}: [bpss] layout = {value!r}; "
                         f"choose from {', '.join(LAYOUTS)}")
    return str(value)


def render(ctx: Context) -> Drawing:
    from . import layout, table
    from .draw import draw, draw_table

    if chosen_layout(ctx) == "table":
        return draw_table(ctx, table.layout(ctx))
    return draw(ctx, layout.layout(ctx))
