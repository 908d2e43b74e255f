"""Genogram: the family over generations, drawn from `people` and `unions` (McGoldrick or NSGC symbols).

`adapter` turns the case into the layout engine's `Family`, `layout` places it,
`draw` draws it with the vocabulary of `symbols`, `lines` and `key`.
"""

from __future__ import annotations

import gc

from ...drawing import Context, Drawing
from ...model import Case


def applies(case: Case) -> bool:
    return bool(case.people)


def render(ctx: Context) -> Drawing:
    from .draw import render as _render

    # A genogram allocates hundreds of thousands of short-lived objects (plans, boxes, SVG
    # elements) that reference counting frees and that form no cycles; the cyclic collector
    # would walk the whole heap again and again meanwhile (a tenth of a 1,000-person render).
    # It is paused for the render only, and only if it was running.
    paused = gc.isenabled()
    if paused:
        gc.disable()
    try:
        return _render(ctx)
    finally:
        if paused:
            gc.enable()
