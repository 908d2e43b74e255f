"""One package per diagram kind, each implementing the `Diagram` protocol (see `protocol.py`).

The registry below names every kind and its implementation explicitly.  A package's
`__init__` needs only the model: its layout and drawing code is imported inside the methods,
so importing this registry and asking which diagrams apply is cheap, and a batch worker that
draws only BPSS never imports the genogram layout.

A new diagram: a package `diagrams/<kind>/` whose `__init__` defines a class with `kind`,
`applies`, `layout`, `draw` and `measure`, one entry in `REGISTRY` below (the order of
`KINDS` is the order captions are numbered in), and its words in `lang/*/<kind>.toml`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from . import bodymap, bpss, ecomap, genogram, lifemap, outcomes, strengths, venn
from .protocol import DeferredMetrics, Diagram, Metrics, run

if TYPE_CHECKING:
    from ..drawing import Context, Drawing

__all__ = ["KINDS", "REGISTRY", "DeferredMetrics", "Diagram", "Metrics", "available", "get", "render"]

# In canonical order: the order captions are numbered in and `--diagrams all` draws.
REGISTRY: Mapping[str, Diagram[Any]] = {
    "genogram": genogram.DIAGRAM,
    "ecomap": ecomap.DIAGRAM,
    "lifemap": lifemap.DIAGRAM,
    "bodymap": bodymap.DIAGRAM,
    "bpss": bpss.DIAGRAM,
    "strengths": strengths.DIAGRAM,
    "venn": venn.DIAGRAM,
    "outcomes": outcomes.DIAGRAM,
}

KINDS: tuple[str, ...] = tuple(REGISTRY)


def get(kind: str) -> Diagram[Any]:
    """The implementation of a diagram kind; a clear error for a name that is none."""
    try:
        return REGISTRY[kind]
    except KeyError:
        raise ValueError(f"unknown diagram {kind!r}; known: {', '.join(KINDS)}") from None


def available() -> tuple[str, ...]:
    """Every diagram kind this version draws, in canonical order."""
    return KINDS


def render(kind: str, ctx: Context) -> Drawing:
    """One diagram for a resolved context (style, words and figure number chosen):
    layout, drawing and its measure.  `socialmaps.render.render` builds the context."""
    return run(get(kind), ctx)
