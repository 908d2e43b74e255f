"""The genogram placed: every mark the drawing makes, as geometry, before any SVG is written.

`place.layout` fills a `GenogramScene` from the layout engine's positions (people,
status-slash positions, the consanguineous drop, twin apexes, the one-parent side,
the copy links, the household region, the emotional relationship routes and the
drawing's extent); `draw.draw` writes it as SVG and `measure.measure` counts its
quality.  Nothing here draws and nothing here measures.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ...geometry import Box, Point, bounds
from ...labels import PlacedText
from ...lazy import lazy
from ...model import Case, Person, Relationship, Union
from ...style import Style
from . import lines as ln
from . import region as rg
from . import symbols as sy
from .adapter import Adapted, Metrics
from .layout import GenogramLayout


@dataclass
class Placed:
    """A drawn person (or copy) with its plan."""

    node: str
    person: Person
    row: int
    plan: sy.PersonPlan
    copy_of: str | None

    @property
    def boxes(self) -> tuple[Box, ...]:
        return self.plan.boxes

    @lazy
    def extent(self) -> Box:
        return bounds(list(self.boxes))


@dataclass(frozen=True)
class UnknownPartner:
    """The other parent of a one-parent union, not known: a small dashed diamond with "?",
    beside the drop to the children and joined to it by the partner line."""

    center: Point
    half: float
    joint: Point            # where the partner line meets the drop

    @property
    def box(self) -> Box:
        x, y = self.center
        return Box(x - self.half, y - self.half, x + self.half, y + self.half)


@dataclass
class UnionPlacement:
    """One union placed: its partner line, where its status slashes go, its labels, the
    unknown other parent of a one-parent union, and the descent route to each child."""

    union: Union
    spec: ln.UnionSpec
    partner_line: list[Point] | None = None  # two partners: straight, or an arch over people between
    arch: bool = False                       # the partner line runs over other people
    mark_at: float = 0.5                     # the status slashes, as a fraction along the partner line
    slashes: bool = True                     # drawn (not when the same couple married again later)
    labels: list[PlacedText] = field(default_factory=list)
    unknown: UnknownPartner | None = None
    descents: dict[str, list[Point]] = field(default_factory=dict)  # child node -> route


@dataclass(frozen=True)
class TwinMark:
    """A twin set whose legs leave the bar from one point (`apex`) and end at `ends`."""

    union: str
    kind: str
    apex: Point
    ends: list[Point]


@dataclass(frozen=True)
class Loss:
    """A pregnancy or loss placed where a child's symbol would be."""

    slot: str
    union: str
    outcome: str
    sex: str
    label: str | None
    center: Point
    extent: float               # half the height of its mark (the descent stops there)
    mark_box: Box               # the mark with its slashes
    labels: list[PlacedText]    # the text under it

    @property
    def boxes(self) -> list[Box]:
        return [self.mark_box, *(lab.box for lab in self.labels)]


@dataclass(frozen=True)
class CopyLink:
    """The dashed link from a person drawn twice (`copy`) to their other drawing."""

    copy: str
    original: str
    route: list[Point]


@dataclass(frozen=True)
class RelationshipLine:
    relationship: Relationship
    route: list[Point]
    break_at: float = 0.5       # a cutoff's break, as a fraction along the route


@dataclass(frozen=True)
class HouseholdRegion:
    """The household outline: the union of `rects`, rounded by `pad`, around `members`."""

    members: list[str]          # person ids, sorted
    boxes: list[Box]            # the members' drawn boxes
    rects: list[Box]
    pad: float
    loops: list[list[Point]]    # the outline drawn (region.outline: elbows as slanted bands)

    @property
    def parts(self) -> int:
        """The pieces the region is drawn in (a scattered household: the legend says so)."""
        return rg.pieces(self.rects)


@dataclass
class GenogramScene:
    """Everything the genogram draws, placed."""

    case: Case
    style: Style
    symbols: sy.SymbolSet
    metrics: Metrics
    adapted: Adapted
    layout: GenogramLayout
    placed: dict[str, Placed]               # node -> person drawn there
    unions: dict[str, UnionPlacement]       # in the layout's union order
    twins: list[TwinMark]
    losses: dict[str, Loss]                 # slot id -> loss
    bands: list[list[Box]]                  # per row: every box of people, losses, union labels
    copies: list[CopyLink]
    household: HouseholdRegion | None
    relationships: list[RelationshipLine]
    content: Box                            # the extent of all of the above
