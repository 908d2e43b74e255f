"""Body map records: where everything of one body map goes, as plain numbers.

``layout.py`` (with ``callouts.py`` and ``symbols.py``) fills them in; ``draw.py`` turns them
into SVG.
"""

from __future__ import annotations

from dataclasses import dataclass

from ...geometry import Box
from ...labels import PlacedText
from ...legend import LegendLayout

Point = tuple[float, float]


@dataclass(frozen=True)
class ViewPlace:
    """One figure: outline point (x, y) is drawn at (ox + scale * x, oy + scale * y)."""

    view: str
    figure: str
    ox: float
    oy: float
    scale: float
    box: Box  # the drawn silhouette's extent
    title: str
    title_x: float
    title_baseline: float
    # The client's own right and left under the feet: (text, x, baseline, anchor).
    sides: tuple[tuple[str, float, float, str], ...]

    def page(self, p: Point) -> Point:
        return (self.ox + self.scale * p[0], self.oy + self.scale * p[1])

    def local(self, p: Point) -> Point:
        """The outline point drawn at page point ``p`` (``page``'s inverse)."""
        return ((p[0] - self.ox) / self.scale, (p[1] - self.oy) / self.scale)


@dataclass(frozen=True)
class Callout:
    heading: tuple[str, ...]  # "3. Lutut kiri" (bold), wrapped to the column
    note: tuple[str, ...]  # the note, wrapped to the column
    x: float
    anchor: str  # "start" (column right of the figure) or "end"
    baseline: float  # first line
    size: float
    line_step: float
    box: Box  # the room its lines stand in: the column's text width, first line's top to last's bottom


@dataclass(frozen=True)
class MarkPlace:
    number: int
    region: str  # canonical region name
    kind: str
    view: str
    note: str | None
    name: str  # the region's display name in the drawing's language
    centre: Point  # on the page
    r: float  # symbol radius
    # From the symbol's rim (round an arm at a bend) to the callout's edge; no leader and no
    # callout on a map of more marks than callouts can serve (layout.CALLOUT_MARKS).
    leader: tuple[Point, ...]
    callout: Callout | None


@dataclass(frozen=True)
class TableCell:
    x: float
    lines: tuple[str, ...]


@dataclass(frozen=True)
class TableRow:
    baseline: float
    cells: tuple[TableCell, ...]
    bold: bool


@dataclass(frozen=True)
class KeyTable:
    box: Box
    rows: tuple[TableRow, ...]  # header first
    rules: tuple[float, ...]  # y of the horizontal rules
    size: float
    line_step: float


@dataclass(frozen=True)
class BodymapLayout:
    width: float
    height: float
    views: tuple[ViewPlace, ...]
    marks: tuple[MarkPlace, ...]  # in number order
    sides_note: PlacedText
    legend: LegendLayout | None  # the kinds used, in KINDS order; draw.py gives each its symbol
    table: KeyTable | None
    footer: PlacedText | None
    marked: tuple[tuple[str, str], ...]  # (view, region) pairs that carry a mark, for the tint
    leader_faults: int  # leaders that could not keep off the arms, the hands, other marks or leaders
    routed: bool  # whether leaders were routed (and faults counted): not on a map of very many marks
