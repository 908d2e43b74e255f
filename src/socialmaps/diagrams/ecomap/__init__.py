"""Ecomap (Hartman): the household or client in the centre, the systems round it, ties between."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ...drawing import Context, Drawing
from ...model import Case
from ..protocol import Diagram, Metrics

if TYPE_CHECKING:
    from ...legend import LegendLayout
    from .layout import EcomapLayout


@dataclass(frozen=True)
class EcomapPlan:
    """The ecomap placed: the map (centre at 0,0) and its legend under it."""

    map: EcomapLayout
    legend: LegendLayout | None


class Ecomap:
    kind = "ecomap"

    def applies(self, case: Case) -> bool:
        return case.ecomap is not None

    def layout(self, ctx: Context) -> EcomapPlan:
        from .draw import legend_layout
        from .layout import layout

        placed = layout(ctx.case, ctx.style)
        return EcomapPlan(placed, legend_layout(ctx, placed))

    def draw(self, ctx: Context, layout: EcomapPlan) -> Drawing:
        from .draw import draw

        return draw(ctx, layout.map, layout.legend)

    def measure(self, layout: EcomapPlan) -> Metrics:
        from .layout import ambiguous_notes, label_line_crossings, longest_stub, notes_nearer_other
        from .layout.room import short_ties, shortest_tie

        placed = layout.map
        people = sum(1 for n in placed.nodes if n.person is not None)
        return {"systems": float(len(placed.nodes) - people), "people": float(people),
                "ties": float(len(placed.ties)), "rounds": float(placed.rounds),
                "failures": float(placed.failures),
                "label_line_crossings": float(label_line_crossings(placed)),
                "ambiguous_notes": float(len(ambiguous_notes(placed))),
                "notes_nearer_other": float(len(notes_nearer_other(placed))),
                "longest_stub": longest_stub(placed),
                "shortest_tie_em": shortest_tie(placed.ties, placed.config),
                "short_ties": float(short_ties(placed.ties, placed.config)),
                "leaders": float(sum(1 for t in placed.ties if t.leader is not None))}


DIAGRAM: Diagram[EcomapPlan] = Ecomap()
