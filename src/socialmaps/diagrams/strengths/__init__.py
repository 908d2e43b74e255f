"""Kuadran Strength: internal/external x strengths/weaknesses, as four bullet panels."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...drawing import Context, Drawing
from ...model import Case
from ..protocol import Diagram, Metrics

if TYPE_CHECKING:
    from .layout import StrengthsLayout


class Strengths:
    kind = "strengths"

    def applies(self, case: Case) -> bool:
        s = case.strengths
        return s is not None and any(
            (s.internal.strengths, s.internal.weaknesses, s.external.strengths, s.external.weaknesses))

    def layout(self, ctx: Context) -> StrengthsLayout:
        from .layout import layout

        return layout(ctx)

    def draw(self, ctx: Context, layout: StrengthsLayout) -> Drawing:
        from .draw import draw

        return draw(ctx, layout)

    def measure(self, layout: StrengthsLayout) -> Metrics:
        from ..panels import panel_metrics

        return panel_metrics(layout.fit)


DIAGRAM: Diagram[StrengthsLayout] = Strengths()


def applies(case: Case) -> bool:
    return DIAGRAM.applies(case)
