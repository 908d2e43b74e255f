"""Genogram: the family over generations, drawn from `people` and `unions` (McGoldrick or NSGC symbols).

`adapter` turns the case into the layout engine's `Family`, `layout` places it,
`draw` draws it with the vocabulary of `symbols`, `lines` and `key`.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from ...drawing import Context, Drawing
from ...gcpause import collector_paused
from ...model import Case
from ..protocol import Diagram, Metrics

if TYPE_CHECKING:
    from .scene import GenogramScene


class Genogram:
    kind = "genogram"

    def applies(self, case: Case) -> bool:
        return bool(case.people)

    def layout(self, ctx: Context) -> GenogramScene:
        from .place import layout

        # The layout and the drawing make millions of small objects and keep them all until the end,
        # none of them in a reference cycle: the cycle collector only walked them again and again
        # (a third of the time for 20,000 people).  Collection resumes when each step is done.
        with collector_paused():
            return layout(ctx)

    def draw(self, ctx: Context, layout: GenogramScene) -> Drawing:
        from .draw import draw
        from .measure import page_numbers

        with collector_paused():
            drawing = draw(ctx, layout)
        # `measure` below counts the layout's numbers (the drawing's own lazy copy of them would count
        # twice); the drawing adds only what needs its size: how it prints on a page
        return replace(drawing, metrics=page_numbers(drawing.width, ctx.style))

    def measure(self, layout: GenogramScene) -> Metrics:
        from .measure import measure

        return measure(layout)


DIAGRAM: Diagram[GenogramScene] = Genogram()
