"""Body map: where on the body the client shows an injury, pain, a scar, an illness, a
disability or a feeling, on a front and/or back outline, with a key table and who recorded it.

`outline.py` is the body geometry (outline, named regions, client-left rules),
`layout.py` places figures, marks and callouts, `draw.py` writes the SVG.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...drawing import Context, Drawing
from ...model import Case
from ..protocol import Diagram, Metrics

if TYPE_CHECKING:
    from .layout import BodymapLayout


class Bodymap:
    kind = "bodymap"

    def applies(self, case: Case) -> bool:
        # A body map without marks is still drawn: a blank outline to mark in a session.
        return case.bodymap is not None and bool(case.bodymap.views)

    def layout(self, ctx: Context) -> BodymapLayout:
        from .layout import layout

        return layout(ctx)

    def draw(self, ctx: Context, layout: BodymapLayout) -> Drawing:
        from .draw import draw

        return draw(ctx, layout)

    def measure(self, layout: BodymapLayout) -> Metrics:
        return {"marks": len(layout.marks), "views": len(layout.views)}


DIAGRAM: Diagram[BodymapLayout] = Bodymap()
