"""BPSS: the bio-psycho-social-spiritual assessment as a 2x2 quadrant (or a four-column table)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...drawing import Context, Drawing
from ...model import Case
from ...style import StyleError
from ..protocol import Diagram, Metrics, run

if TYPE_CHECKING:
    from typing import TypeAlias

    from .layout import QuadrantLayout
    from .table import TableLayout

    BpssLayout: TypeAlias = QuadrantLayout | TableLayout

LAYOUTS = ("quadrant", "table")


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


class Bpss:
    kind = "bpss"

    def applies(self, case: Case) -> bool:
        return case.bpss is not None and not case.bpss.empty

    def layout(self, ctx: Context) -> BpssLayout:
        from . import layout, table

        if chosen_layout(ctx) == "table":
            return table.layout(ctx)
        return layout.layout(ctx)

    def draw(self, ctx: Context, layout: BpssLayout) -> Drawing:
        from .draw import draw, draw_table
        from .table import TableLayout

        if isinstance(layout, TableLayout):
            return draw_table(ctx, layout)
        return draw(ctx, layout)

    def measure(self, layout: BpssLayout) -> Metrics:
        from ..panels import panel_metrics

        return panel_metrics(layout.fit)


DIAGRAM: Diagram[BpssLayout] = Bpss()


def render(ctx: Context) -> Drawing:
    """Lay out, draw and measure, for a context built by hand (tests, notebooks)."""
    return run(DIAGRAM, ctx)
