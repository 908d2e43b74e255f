"""The least length a tie round the ring shows: room for its marks between the two circles.

Issue 12 measured ties of 25–40 px on small maps, arrowheads touching the circles; so a tie
outside the centre is never shorter than `MIN_TIE_EMS` (44 px at the default 11 px text), and
longer where its marks need it: its arrowheads (two for a two-way flow, a third larger on a strong
tie), the break of a broken tie, two stress hatches beside them, and an arrowhead's length clear
of each circle.  The ring is set out far enough for every tie from the centre (`centre_gap`), and
a round in which any tie is still short counts it as a failure, so the rings grow (`short_ties`).
"""

from __future__ import annotations

from collections.abc import Iterable

from ....model import Tie
from ..paths import length
from .records import Config, TieLayout

MIN_TIE_EMS = 4.0  # above the 25–40 px the issue found cramped, at the default text size


def tie_room(tie: Tie, cfg: Config) -> float:
    """The visible length a tie needs for its marks (see the module's docstring)."""
    head = cfg.arrow * (1.25 if tie.strength == "strong" else 1.0)
    heads = {"to": 1, "from": 1, "both": 2}.get(tie.flow, 0)
    need = 2 * cfg.arrow + heads * 1.6 * head
    if tie.strength == "broken":
        need += 1.1 * cfg.font
    if tie.stress:
        need += 2 * cfg.hatch
    return max(need, MIN_TIE_EMS * cfg.font)


def visible_length(layout: TieLayout) -> float:
    """The length of a tie that carries its marks: outside the centre for a member's tie."""
    return length(layout.points) if layout.decor is None else layout.decor[1] - layout.decor[0]


def centre_gap(ties: Iterable[Tie], members: set[str], cfg: Config) -> float:
    """How far the ring stands out from the centre's rim: the style's ring gap, or more where a
    tie from the centre needs more room for its marks."""
    ends = members | {"center"}
    needs = [tie_room(t, cfg) for t in ties if t.from_ in ends or t.to in ends]
    return max([cfg.ring_gap, *needs])


def short_ties(layouts: Iterable[TieLayout], cfg: Config) -> int:
    """How many ties round the ring (not inside the centre) show less than their room."""
    return sum(1 for t in layouts if not t.inner
               and visible_length(t) < tie_room(t.tie, cfg) - 1e-6)


def shortest_tie(layouts: Iterable[TieLayout], cfg: Config) -> float:
    """The shortest visible tie round the ring, in ems (0 when there is none)."""
    found = [visible_length(t) / cfg.font for t in layouts if not t.inner]
    return round(min(found), 2) if found else 0.0
