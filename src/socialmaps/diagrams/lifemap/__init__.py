"""Life road map: the client's life as a road through time, good events above it, bad below."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...drawing import Context, Drawing
from ...model import Case
from ..protocol import Diagram, Metrics

if TYPE_CHECKING:
    from .layout import LifemapLayout


class Lifemap:
    kind = "lifemap"

    def applies(self, case: Case) -> bool:
        lifemap = case.lifemap
        if lifemap is None:
            return False
        if lifemap.events:
            return True
        # Hopes alone still need a "now" to start from: the assessment date (a birth is no "now";
        # validation refuses hopes without events or a date, so this is only a guard).
        return bool(lifemap.hopes) and case.case.date is not None

    def layout(self, ctx: Context) -> LifemapLayout:
        from .layout import layout

        return layout(ctx)

    def draw(self, ctx: Context, layout: LifemapLayout) -> Drawing:
        from .draw import draw

        return draw(ctx, layout)

    def measure(self, layout: LifemapLayout) -> Metrics:
        from .quality import label_overlaps

        return {"events": len(layout.events), "hopes": len(layout.hopes),
                "label_overlaps": label_overlaps(layout)}


DIAGRAM: Diagram[LifemapLayout] = Lifemap()
