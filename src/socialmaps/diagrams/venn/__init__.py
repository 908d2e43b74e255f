"""PRA Venn ("chapati") diagram: institutions round the client or community."""

from __future__ import annotations

from ...drawing import Context, Drawing
from ...model import Case


def applies(case: Case) -> bool:
    return case.venn is not None and bool(case.venn.items)


def render(ctx: Context) -> Drawing:
    from .draw import draw
    from .layout import layout

    return draw(ctx, layout(ctx))
