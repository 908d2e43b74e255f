"""Genogram: the family over generations, drawn from `people` and `unions` (McGoldrick or NSGC symbols).

`adapter` turns the case into the layout engine's `Family`, `layout` places it,
`draw` draws it with the vocabulary of `symbols`, `lines` and `key`.
"""

from __future__ import annotations

from ...drawing import Context, Drawing
from ...model import Case


def applies(case: Case) -> bool:
    return bool(case.people)


def render(ctx: Context) -> Drawing:
    from .draw import render as _render

    return _render(ctx)
