"""The ecomap layout's results and settings: what every step hands on, as frozen records,
and the constants that tune the steps.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import NamedTuple

from ....geometry import Box, Point
from ....labels import PlacedText
from ....model import Person, System, Tie
from ....style import Style
from ...genogram.scene import UnknownPartner
from ...genogram.symbols import Shape, shape_for
from ..centre import Port, Scene
from ..paths import (
    EndShape,
)

STRENGTH_RANK = {"strong": 0, "moderate": 1, "weak": 2, "broken": 3}


# Sectors round the centre, clockwise from the top: kinds that belong together sit together.
SECTORS: tuple[tuple[str, ...], ...] = (
    ("family", "extended-family", "person"),
    ("school", "work"),
    ("health", "social-services", "legal"),
    ("religion",),
    ("neighbourhood", "friends", "recreation"),
    ("other",),
)


KIND_ORDER = {kind: (s, k) for s, kinds in enumerate(SECTORS) for k, kind in enumerate(kinds)}


MAX_ROUNDS = 48


Leader = tuple[Point, Point]


class PlacedNote(NamedTuple):
    """A ring note where it was placed: its text, its leader (if any), whether a line crosses it."""

    label: PlacedText
    leader: Leader | None
    crossing: bool


NOTE_ROUNDS = 5  # rounds in which a note crossed by another line asks for more room


FAR_NOTE = 1.6  # ems farther out than usual at which a note is only placed with a leader


CLEAR_NOTE = 1.2  # ems by which the own tie must be nearer than any other for a note to read at a glance


INNER_BOWS = (0.22, -0.22, 0.4, -0.4)  # how far a tie inside the centre may bow (see _bows)


# Notes placed again per attempt, over all the orders tried after the first (see `_attempt`): each
# order places every note, so trying one per flawed note costs notes x flawed notes; past this many
# the first orders found are kept.  The examples and the 100-system benchmark need at most ~1,300.
REORDER_BUDGET = 1600


# After the strict rounds, the rings stop growing once this many rounds in a row did not lower
# the fewest failures: growing no longer helps (a bundle of 200 ties between two ends), and each
# round on larger rings costs more.  Notes still without a place then get one farther out.
STALL_ROUNDS = 2


LEFTOVER_REACH = 40.0  # ems beyond the usual places a leftover note is looked for
CROSSED_REACH = 2.4  # ... and a note a line runs through (kept where it is if none is found)


LEFTOVER_FRACS = tuple(k / 20 for k in (10, 9, 11, 8, 12, 7, 13, 6, 14, 5, 15, 4, 16, 3, 17, 2, 18))


GROWTH_STEPS = 8  # most 7 % steps the rings grow by in one round (see `_growth`)


@dataclass(frozen=True)
class PersonSymbol:
    id: str
    name: str
    sex: str
    x: float
    y: float
    half: float           # half side (square), radius (circle), half diagonal (diamond)
    client: bool
    deceased: bool
    generation: int
    label: PlacedText
    gender: str | None = None
    copy_of: str | None = None  # a second drawing of this person (`id` is then its node's)
    away: bool = False          # drawn in the centre to link members, not a member (lives elsewhere)

    @property
    def person_id(self) -> str:
        """The person this symbol draws (a copy's original)."""
        return self.copy_of or self.id

    @property
    def form(self) -> Shape:
        """Square, circle or diamond, as the genogram draws this person (gender when given)."""
        return shape_for(self.sex, self.gender)

    @property
    def shape(self) -> EndShape:
        return EndShape(self.form, self.x, self.y, self.half)

    @property
    def box(self) -> Box:
        return Box(self.x - self.half, self.y - self.half, self.x + self.half, self.y + self.half)


@dataclass(frozen=True)
class CenterLayout:
    x: float
    y: float
    r: float
    member_ids: tuple[str, ...]
    members: tuple[PersonSymbol, ...]
    lines: tuple[tuple[Point, ...], ...]   # partner and descent lines of the small genogram
    household: bool
    # Per line, how it is drawn: "union:<type>:<status>:<mark>:<c>:<union id>" (a partner line, or
    # the part of it from the partner at home when the other is away; <mark>: where along it a status
    # slash goes, 0..1; <c> "c" for partners related by blood), "descent:<relation>" (from the partner
    # line or a one-parent side to a child, as the genogram routes it) or "twins:identical" (the bar
    # between identical twins' legs).  See `tree.union_form`.
    forms: tuple[str, ...] = ()
    ports: Mapping[str, tuple[Port, ...]] = field(default_factory=dict)  # ways out, per member with ties
    scene: Scene | None = None  # what the ways out keep off
    unknowns: tuple[UnknownPartner, ...] = ()  # the genogram's "?" of each one-parent union
    inner_paths: tuple[tuple[Point, ...], ...] = ()  # the ties between two members, which stubs keep off


@dataclass(frozen=True)
class Node:
    """A system circle, or a person outside the centre drawn as their genogram symbol."""

    id: str
    kind: str              # system kind, or "person"
    x: float
    y: float
    r: float               # the circle (system) or the circle that holds the symbol (person)
    angle: float
    label: PlacedText | None
    inside: bool           # the name is written inside the circle
    glyph: tuple[float, float, float] | None  # centre x, y and size of the kind glyph
    system: System | None
    person: PersonSymbol | None

    @property
    def shape(self) -> EndShape:
        if self.person is not None:
            return self.person.shape
        return EndShape("circle", self.x, self.y, self.r)


@dataclass(frozen=True)
class TieLayout:
    tie: Tie
    points: tuple[Point, ...]
    note: PlacedText | None
    inner: bool            # both ends inside the centre: drawn within the centre group
    clear: bool            # the route misses every foreign circle
    leader: Leader | None = None  # from the line to the note, when another tie is nearer
    # The stretch (arc lengths along `points`) that carries the arrowheads, stress marks and the
    # break: outside the centre for a tie that leaves it by a member's stub.  None: the whole tie.
    decor: tuple[float, float] | None = None
    listed: int = 0  # > 0: the note is entry `listed` of the note list beside the map (see `large`)


@dataclass(frozen=True)
class EcomapLayout:
    center: CenterLayout
    nodes: tuple[Node, ...]
    ties: tuple[TieLayout, ...]
    bounds: Box
    rounds: int
    failures: int
    config: Config


@dataclass(frozen=True)
class Config:
    font: float
    small: float
    line_height: float
    radii: tuple[float, float, float]
    person: float
    center_min: float
    ring_gap: float
    tier_step: float
    label_width: float
    gap: float
    clear: float           # how far a tie keeps from a foreign circle (room for hatch marks)
    multi_gap: float
    glyph: float
    arrow: float
    hatch: float
    triple_gap: float
    # The style itself, for what the centre plans with the genogram's symbols (not compared: the
    # numbers above are what the steps read).
    style: Style | None = field(default=None, compare=False, repr=False)

    @classmethod
    def of(cls, style: Style) -> Config:
        em = style.font.size

        def get(key: str, default: float) -> float:
            return float(style.get(f"ecomap.{key}", default))

        radii = style.get("ecomap.system_radius", [2.3, 3.0, 3.9])
        return cls(
            font=em, small=style.font.small, line_height=style.font.line_height,
            radii=(radii[0] * em, radii[1] * em, radii[2] * em),
            person=get("person", 1.5) * em, center_min=get("center_min_radius", 4.0) * em,
            ring_gap=get("ring_gap", 3.0) * em, tier_step=get("tier_step", 2.4) * em,
            label_width=get("label_width", 11.0) * em, gap=get("gap", 0.6) * em,
            clear=get("clearance", 0.7) * em, multi_gap=get("multi_gap", 0.7) * em,
            glyph=get("glyph", 1.0) * em, arrow=get("arrow", 0.85) * em, hatch=get("hatch", 0.75) * em,
            triple_gap=get("triple_gap", 0.22) * em, style=style)


def _symbol_half(person: Person, side: float) -> float:
    """Half the symbol's size: a diamond a little larger, to look as large as a square."""
    return side / 2 * (1.2 if shape_for(person.sex, person.gender) == "diamond" else 1.0)


def port_spacing(cfg: Config) -> float:
    """How far apart along the rim two ties leave the centre (closer, they read as one line)."""
    return 2.2 * cfg.multi_gap
