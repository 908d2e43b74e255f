"""Outcome measures ("Evaluasi Intervensi"): scale scores and counts before, during and after the
intervention, as pre/post bars or a line over sessions with the goal line."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...drawing import Context, Drawing
from ...model import Case
from ..protocol import Diagram, Metrics, run

if TYPE_CHECKING:
    from .layout import OutcomesLayout


class Outcomes:
    kind = "outcomes"

    def applies(self, case: Case) -> bool:
        return bool(case.measures)

    def layout(self, ctx: Context) -> OutcomesLayout:
        from .layout import layout

        return layout(ctx)

    def draw(self, ctx: Context, layout: OutcomesLayout) -> Drawing:
        from .draw import draw

        return draw(ctx, layout)

    def measure(self, layout: OutcomesLayout) -> Metrics:
        return {"measures": float(len(layout.panels)),
                "readings": float(sum(len(panel.readings) for panel in layout.panels))}


DIAGRAM: Diagram[OutcomesLayout] = Outcomes()


def applies(case: Case) -> bool:
    return DIAGRAM.applies(case)


def render(ctx: Context) -> Drawing:
    """Lay out, draw and measure, for a context built by hand (tests, notebooks)."""
    return run(DIAGRAM, ctx)
