"""Styles: how a diagram looks, read from `styles/NAME.toml`.

A style file may `extends` another; tables merge key by key.  Diagrams ask
for typed common values (`style.font.size`) or for any value by dotted path
(`style.get("kind.school")`), so a new diagram adds keys to the files, not
fields to this module.
"""

from __future__ import annotations

import dataclasses
import functools
import tomllib
from dataclasses import dataclass
from typing import Any

from .resources import data_dir


class StyleError(ValueError):
    pass


@dataclass(frozen=True)
class Fonts:
    size: float
    small: float
    heading: float
    min: float
    line_height: float


@dataclass(frozen=True)
class Lines:
    width: float
    thin: float
    thick: float
    ink: str
    muted: str


@dataclass(frozen=True)
class Style:
    name: str
    description: str
    symbols: str
    monochrome: bool
    show_details: bool
    font: Fonts
    line: Lines
    background: str
    margin: float
    raw: dict[str, Any]

    def get(self, path: str, default: Any = None) -> Any:
        node: Any = self.raw
        for part in path.split("."):
            if not isinstance(node, dict) or part not in node:
                return default
            node = node[part]
        return node

    def fill(self, name: str, default: str = "#ffffff") -> str:
        return str(self.get(f"fill.{name}", default))

    def accent(self, name: str, default: str | None = None) -> str:
        return str(self.get(f"accent.{name}", default or self.line.ink))

    def kind_fill(self, kind: str) -> str:
        return str(self.get(f"kind.{kind}", self.get("kind.other", "#ffffff")))

    def overridden(self, values: tuple[tuple[str, float], ...]) -> Style:
        """This style with some numbers replaced, by dotted path (`font.small`, `lifemap.label_width`):
        how a figure is fitted to a printed width.  No values: this very style."""
        return _overridden(self, values) if values else self


def _overridden(style: Style, values: tuple[tuple[str, float], ...]) -> Style:
    raw: dict[str, Any] = style.raw
    for path, value in values:
        *parents, key = path.split(".")
        update: dict[str, Any] = {key: value}
        for parent in reversed(parents):
            update = {parent: update}
        raw = _merge(raw, update)
    font = {k: float(v) for k, v in raw["font"].items()}
    return dataclasses.replace(style, font=Fonts(**font), raw=raw)


class Pens:
    """The colours and widths every drawing draws with, read once from the style.  A diagram with
    pens of its own (the road of a life road map, the marks of a body map) extends this class."""

    def __init__(self, style: Style) -> None:
        self.ink = style.line.ink
        self.muted = style.line.muted
        self.width = style.line.width
        self.thin = style.line.thin
        self.thick = style.line.thick
        self.paper = style.background


def available() -> list[str]:
    return sorted(p.stem for p in data_dir("styles").glob("*.toml"))


def _merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in over.items():
        out[key] = _merge(out[key], value) if isinstance(value, dict) and isinstance(out.get(key), dict) \
            else value
    return out


def _read(name: str, seen: tuple[str, ...] = ()) -> dict[str, Any]:
    if name in seen:
        raise StyleError(f"style {name!r} extends itself ({' -> '.join((*seen, name))})")
    path = data_dir("styles") / f"{name}.toml"
    if not path.is_file():
        raise StyleError(f"unknown style {name!r}; available: {', '.join(available())}")
    with path.open("rb") as handle:
        data = tomllib.load(handle)
    parent = data.pop("extends", None)
    return _merge(_read(parent, (*seen, name)), data) if parent else data


@functools.cache
def load_style(name: str = "default") -> Style:
    """A style by name; read once per process (styles are immutable)."""
    raw = _read(name)
    try:
        return Style(
            name=str(raw.get("name", name)),
            description=str(raw.get("description", "")),
            symbols=str(raw.get("symbols", "mcgoldrick")),
            monochrome=bool(raw.get("monochrome", False)),
            show_details=bool(raw.get("show_details", False)),
            font=Fonts(**{k: float(v) for k, v in raw["font"].items()}),
            line=Lines(**raw["line"]),
            background=str(raw["paper"]["background"]),
            margin=float(raw["paper"]["margin"]),
            raw=raw,
        )
    except (KeyError, TypeError) as err:
        raise StyleError(f"style {name!r} is incomplete or malformed: {err}") from None
