"""Genogram: the family over generations, drawn from `people` and `unions` (McGoldrick or NSGC symbols).

`adapter` turns the case into the layout engine's `Family`, `layout` places it,
`draw` draws it with the vocabulary of `symbols`, `lines` and `key`.
"""

from __future__ import annotations

from ...drawing import Context, Drawing
from ...gcpause import collector_paused
from ...model import Case


def applies(case: Case) -> bool:
    return bool(case.people)


def render(ctx: Context) -> Drawing:
    from .draw import render as _render

    # The layout and the drawing make millions of small objects and keep them all until the end,
    # none of them in a reference cycle: the cycle collector only walked them again and again
    # (a third of the time for 20,000 people).  Collection resumes when the drawing is made.
    with collector_paused():
        return _render(ctx)
