"""A placed text, shared by the diagrams: what `svg.Element.text_lines` draws, and the boxes the
shared checker measures for it (`text.block_boxes`), from one record.

A diagram's label that carries more (the Venn's "inside its circle", the life road map's colour
role) extends `PlacedText` with that field; layout code measures and moves it, drawing code draws it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal, TypeVar

from . import text as tm
from .geometry import Box, bounds
from .svg import Element

Anchor = Literal["start", "middle", "end"]

PlacedT = TypeVar("PlacedT", bound="PlacedText")


@dataclass(frozen=True)
class PlacedText:
    """Lines of one size and weight: the first line's baseline at `baseline`, the others
    `line_height * size` apart, each anchored at `x`."""

    x: float
    baseline: float
    lines: tuple[str, ...]
    size: float
    anchor: Anchor = "start"
    bold: bool = False
    line_height: float = 1.25

    def line_boxes(self) -> list[Box]:
        return tm.block_boxes(self.x, self.baseline, self.lines, self.size, self.line_height, self.anchor,
                              self.bold)

    @property
    def box(self) -> Box:
        return bounds(self.line_boxes())

    def moved(self: PlacedT, dx: float, dy: float) -> PlacedT:
        return replace(self, x=self.x + dx, baseline=self.baseline + dy)

    def draw(self, parent: Element, fill: str, class_: str | None = "sm-label") -> Element:
        return parent.text_lines(self.x, self.baseline, self.lines, self.size, anchor=self.anchor,
                                 line_height=self.line_height, bold=self.bold, class_=class_, fill=fill)
