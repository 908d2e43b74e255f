"""One package per diagram kind, each with its layout (geometry) separate from its drawing.

A diagram package exposes `applies(case) -> bool` (the case has data for it)
and `render(ctx) -> Drawing`.  A package's `__init__` needs only the model:
its layout and drawing code is imported inside `render`, so asking which
diagrams apply is cheap, and a batch worker that draws only BPSS never
imports the genogram layout.
"""

from __future__ import annotations

import importlib
from types import ModuleType

# Canonical order: the order captions are numbered in and `--diagrams all` draws.
KINDS = ("genogram", "ecomap", "lifemap", "bodymap", "bpss", "strengths", "venn", "outcomes")


def module(kind: str) -> ModuleType | None:
    """The diagram's package, or None while a kind is not built yet."""
    if kind not in KINDS:
        raise ValueError(f"unknown diagram {kind!r}; known: {', '.join(KINDS)}")
    try:
        mod = importlib.import_module(f"{__name__}.{kind}")
    except ModuleNotFoundError as err:
        if err.name and err.name.startswith(f"{__name__}.{kind}"):
            return None
        raise
    return mod if hasattr(mod, "render") and hasattr(mod, "applies") else None


def available() -> tuple[str, ...]:
    return tuple(kind for kind in KINDS if module(kind) is not None)
