"""Where the data files that ship with socialmaps live (styles, schema).

A wheel carries them inside the package (`socialmaps/styles`); a source
checkout installed in editable mode reads them from the repository's
top-level folders.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def data_dir(name: str) -> Path:
    inside = _PACKAGE / name
    if inside.is_dir():
        return inside
    checkout = _PACKAGE.parent.parent / name  # src/socialmaps -> repository root
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError(f"socialmaps data folder {name!r} is missing from this installation")
