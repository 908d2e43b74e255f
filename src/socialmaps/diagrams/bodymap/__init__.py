"""Body map: where on the body the client shows an injury, pain, a scar, an illness, a
disability or a feeling, on a front and/or back outline, with a key table and who recorded it.

`outline.py` is the body geometry (outline, named regions, client-left rules),
`layout.py` places figures, marks and callouts, `draw.py` writes the SVG.
"""

from __future__ import annotations

from ...drawing import Context, Drawing
from ...model import Case


def applies(case: Case) -> bool:
    # A body map without marks is still drawn: a blank outline to mark in a session.
    return case.bodymap is not None and bool(case.bodymap.views)


def render(ctx: Context) -> Drawing:
    from .draw import draw
    from .layout import layout

    return draw(ctx, layout(ctx))
