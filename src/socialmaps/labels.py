"""A placed text, shared by the diagrams: what `svg.Element.text_lines` draws, and the boxes the
shared checker measures for it (`text.block_boxes`), from one record.

Every diagram's labels are this record: the genogram's names and years, the ecomap's names and
notes, the outcome chart's titles and readings, the Venn's names and the life road map's runs.
A diagram's label that carries more (the Venn's "inside its circle", the life road map's colour
role) extends `PlacedText` with that field; layout code measures and moves it, drawing code draws it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal, TypeVar

from . import text as tm
from .geometry import Box
from .lazy import lazy
from .svg import Attr, Element, text_markup, written

Anchor = Literal["start", "middle", "end"]

PlacedT = TypeVar("PlacedT", bound="PlacedText")


@dataclass(frozen=True, init=False)
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

    def __init__(self, x: float, baseline: float, lines: tuple[str, ...], size: float,
                 anchor: Anchor = "start", bold: bool = False, line_height: float = 1.25) -> None:
        # The fields in one update of the instance dict, not one object.__setattr__ each as the
        # generated __init__ of a frozen dataclass does (half the time; the genogram plans and
        # moves labels for every person).  Keep in step with the fields above.  A subclass with
        # fields of its own gets the generated __init__ again.
        self.__dict__.update(x=x, baseline=baseline, lines=lines, size=size, anchor=anchor, bold=bold,
                             line_height=line_height)

    # Measured once: a label's boxes are asked for by placement, routing, the collision counts
    # and the drawing's extent; the record is frozen, so they can never go stale.
    @lazy
    def _boxes(self) -> tuple[Box, ...]:
        return tuple(tm.block_boxes(self.x, self.baseline, self.lines, self.size, self.line_height,
                                    self.anchor, self.bold))

    def line_boxes(self) -> list[Box]:
        return list(self._boxes)

    @lazy
    def box(self) -> Box:
        if len(self.lines) == 1:  # most labels: the one line's box is the label's
            return tm.line_box(self.x, self.baseline, self.lines[0], self.size, self.anchor, self.bold)
        # measured here, not through `_boxes`: most callers want the box alone (the genogram)
        return tm.block_box(self.x, self.baseline, self.lines, self.size, self.line_height, self.anchor,
                            self.bold)

    def moved(self: PlacedT, dx: float, dy: float) -> PlacedT:
        return replace(self, x=self.x + dx, baseline=self.baseline + dy)

    def draw(self, parent: Element, fill: str, class_: str | None = "sm-label", **attrs: Attr) -> None:
        """The <text> (a <tspan> a line), with `attrs` after the fill (`data_axis=…`)."""
        if attrs:
            # positional: keywords cost more to pass
            parent.text_lines(self.x, self.baseline, self.lines, self.size, self.anchor, self.line_height,
                              self.bold, class_, 0.0, fill=fill, **attrs)
        else:
            parent.add_written(self.markup(fill, class_))

    def markup(self, fill: str, class_: str | None = "sm-label") -> str:
        """What `draw` writes without `attrs`, as markup for `Element.add_written`."""
        # Nearly every label (a family of 30,000 draws 90,000): its class, size, anchor, weight and
        # ink written once per look (`svg.written`).
        look = (class_, self.size, self.anchor, self.bold, fill)
        written_as = _LOOKS.get(look)
        if written_as is None:
            if len(_LOOKS) >= _LOOKS_MAX:
                _LOOKS.clear()
            written_as = _LOOKS[look] = (
                written(class_=class_), written(font_size=self.size, text_anchor=self.anchor,
                                                font_weight="bold" if self.bold else None, fill=fill))
        return text_markup(self.x, self.baseline, self.lines, self.size, self.line_height, *written_as)


# (class, size, anchor, bold, ink) -> a label's class, then its other attributes, as written
_LOOKS: dict[tuple[str | None, float, str, bool, str], tuple[str, str]] = {}
_LOOKS_MAX = 1 << 10
