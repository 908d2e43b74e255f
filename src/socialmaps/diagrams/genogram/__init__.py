"""Genogram: the family over generations, drawn from `people` and `unions` (McGoldrick or NSGC symbols).

`adapter` turns the case into the layout engine's `Family`, `layout` places it,
`draw` draws it with the vocabulary of `symbols`, `lines` and `key`.
"""

from __future__ import annotations

from dataclasses import dataclass

from ...drawing import Context, Drawing
from ...gcpause import collector_paused
from ...model import Case
from ..protocol import Diagram, Metrics


@dataclass(frozen=True)
class GenogramPass:
    """The genogram placed and drawn.

    `draw.render` still places the routes, twin apexes and household region while it draws, so
    its layout and drawing are one pass (issue 13 separates them); until then the layout step
    runs that pass and the drawing step hands its result on."""

    drawing: Drawing


class Genogram:
    kind = "genogram"

    def applies(self, case: Case) -> bool:
        return bool(case.people)

    def layout(self, ctx: Context) -> GenogramPass:
        from .draw import render

        # The layout and the drawing make millions of small objects and keep them all until the end,
        # none of them in a reference cycle: the cycle collector only walked them again and again
        # (a third of the time for 20,000 people).  Collection resumes when the drawing is made.
        with collector_paused():
            return GenogramPass(render(ctx))

    def draw(self, ctx: Context, layout: GenogramPass) -> Drawing:
        return layout.drawing

    def measure(self, layout: GenogramPass) -> Metrics:
        return layout.drawing.metrics  # counted when first read (draw.LazyMetrics)


DIAGRAM: Diagram[GenogramPass] = Genogram()
