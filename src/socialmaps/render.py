"""The seam every front end uses: `render(case, kind, options) -> Drawing`.

A pure function of its inputs: no files, no globals it changes, so batch
workers and the live editor call it freely.  Files are written at the edge
(`export.py`, the CLI).  The diagrams themselves are `diagrams.REGISTRY`.
"""

from __future__ import annotations

from . import diagrams
from .drawing import Context, Drawing
from .lang import words
from .model import Case
from .options import RenderOptions
from .style import load_style


def applicable(case: Case) -> list[str]:
    """The diagrams this case has data for, in caption order."""
    return [kind for kind, diagram in diagrams.REGISTRY.items() if diagram.applies(case)]


def context(case: Case, kind: str, options: RenderOptions, kinds: list[str]) -> Context:
    """What drawing one diagram needs besides the case: the style, the words and the figure
    number (`kinds`, the case's applicable diagrams, number the captions)."""
    number = options.figure_number or str(kinds.index(kind) + options.caption_start)
    style = options.style or case.case.style or "default"
    return Context(case=case, options=options, style=load_style(style).overridden(options.style_overrides),
                   words=words(options.lang or case.case.language), figure_number=number)


def render(case: Case, kind: str, options: RenderOptions | None = None) -> Drawing:
    options = options or RenderOptions()
    diagram = diagrams.get(kind)
    if not diagram.applies(case):
        raise ValueError(f"case {case.case.id!r} has no data for a {kind} diagram")
    return diagrams.render(kind, context(case, kind, options, applicable(case)))


def render_all(case: Case, options: RenderOptions | None = None) -> dict[str, Drawing]:
    """Every diagram the case has data for (only those `options.diagrams` names, if given)."""
    options = options or RenderOptions()
    kinds = applicable(case)
    wanted = kinds if options.diagrams is None else [k for k in kinds if k in options.diagrams]
    return {kind: diagrams.render(kind, context(case, kind, options, kinds)) for kind in wanted}
