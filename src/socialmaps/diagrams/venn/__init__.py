"""PRA Venn ("chapati") diagram: institutions round the client or community."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...drawing import Context, Drawing
from ...model import Case
from ..protocol import Diagram, Metrics, run

if TYPE_CHECKING:
    from .layout import VennLayout


class Venn:
    kind = "venn"

    def applies(self, case: Case) -> bool:
        return case.venn is not None and bool(case.venn.items)

    def layout(self, ctx: Context) -> VennLayout:
        from .layout import layout

        return layout(ctx)

    def draw(self, ctx: Context, layout: VennLayout) -> Drawing:
        from .draw import draw

        return draw(ctx, layout)

    def measure(self, layout: VennLayout) -> Metrics:
        return {"items": len(layout.items), "center_radius": round(layout.center.r, 2)}


DIAGRAM: Diagram[VennLayout] = Venn()


def applies(case: Case) -> bool:
    return DIAGRAM.applies(case)


def render(ctx: Context) -> Drawing:
    """Lay out, draw and measure, for a context built by hand (tests, notebooks)."""
    return run(DIAGRAM, ctx)
