"""Input types of the genogram layout engine.

These are deliberately independent of the case-file model: the layout only needs
who is whose partner and child, in which order, and how much room each symbol
(with its label) takes.  The caller (the genogram renderer) converts a case into
a :class:`Family`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True, init=False)
class FamilyPerson:
    """One person.

    ``birth_key`` is a decimal year, only used to break ties in ordering;
    ``width`` is the horizontal room the person needs, label included;
    ``core``: the width without the labels (see layout.stagger);
    ``household``: lives with the client (parts of the family that are not related
    are then set side by side so that the household stands together).
    """

    id: str
    sex: str = "unknown"  # 'male' | 'female' | 'unknown'
    birth_key: float | None = None
    width: float = 60.0
    household: bool = False
    # the room the symbol and its marks need without the labels (0: as ``width``); a crowded row
    # may set neighbours closer than their labels, the labels at alternate depths (layout.stagger)
    core: float = 0.0

    def __init__(self, id: str, sex: str = "unknown", birth_key: float | None = None,
                 width: float = 60.0, household: bool = False, core: float = 0.0) -> None:
        # The fields in one update of the instance dict, not one object.__setattr__ each as the
        # generated __init__ of a frozen dataclass does (one per person of a family of 30,000).
        # Keep in step with the fields above.
        self.__dict__.update(id=id, sex=sex, birth_key=birth_key, width=width, household=household, core=core)


@dataclass(frozen=True)
class ChildSlot:
    """A pregnancy or loss that takes a place in a union's birth order.

    ``after`` counts the union's children born before it (0 = before the first
    child); slots with the same ``after`` are ordered by ``key`` then id.
    """

    id: str
    after: int = 0
    width: float = 40.0
    key: float | None = None


@dataclass(frozen=True, init=False)
class FamilyUnion:
    """A partnership (one or two partners) with its children in birth order.

    ``twins`` lists groups of children that must stand next to each other.
    ``secondary`` lists children whose primary parents are another union
    (adoption, foster care): when a child appears in several unions, it is drawn
    under its primary union and as a copy (see ``GenogramLayout.duplicates``)
    under the others.
    ``label``: the room the partner line's label needs between the two partners' symbols
    (0: no label); the layout keeps its partner gap beside it.
    """

    id: str
    partners: tuple[str, ...]
    children: tuple[str, ...] = ()
    start_key: float | None = None
    twins: tuple[tuple[str, ...], ...] = ()
    extra_slots: tuple[ChildSlot, ...] = ()
    secondary: tuple[str, ...] = ()
    label: float = 0.0
    # the children listed as stepchildren (a partner's child by another union: layout.steps)
    steps: tuple[str, ...] = ()

    def __init__(self, id: str, partners: tuple[str, ...], children: tuple[str, ...] = (),
                 start_key: float | None = None, twins: tuple[tuple[str, ...], ...] = (),
                 extra_slots: tuple[ChildSlot, ...] = (), secondary: tuple[str, ...] = (),
                 label: float = 0.0, steps: tuple[str, ...] = ()) -> None:
        # As FamilyPerson's (one per union).  Keep in step with the fields above.
        self.__dict__.update(id=id, partners=partners, children=children, start_key=start_key, twins=twins,
                             extra_slots=extra_slots, secondary=secondary, label=label, steps=steps)


@dataclass(frozen=True)
class Family:
    """Everything the layout needs; the order of the tuples does not matter."""

    people: tuple[FamilyPerson, ...]
    unions: tuple[FamilyUnion, ...]


def class_rows(order: Sequence[str], edges: Sequence[tuple[str, str]]) -> dict[str, int]:
    """Rows of partner classes (`order` topological over the parent -> child class `edges`): below
    every parent class, then pulled down towards the children that hold them.  The genogram's rows
    and the ecomap centre's generations both come from here, so one person stands in the same
    generation in both.  Any topological order gives the same rows (each pass reads only values
    its parents or children already have final)."""
    succ: dict[str, list[str]] = defaultdict(list)
    pred: dict[str, list[str]] = defaultdict(list)
    for a, b in edges:
        succ[a].append(b)
        pred[b].append(a)
    row: dict[str, int] = {}
    # (most classes have one parent class: read at once, without a list of one)
    for c in order:
        parents = pred.get(c)
        if not parents:
            row[c] = 0
        elif len(parents) == 1:
            row[c] = row[parents[0]] + 1
        else:
            row[c] = max([row[p] for p in parents]) + 1
    # A childless class that only hangs from this one moves with it, so it does not hold it up
    # (the classes whose parent classes are all one, found once, not asked of each parent).
    hanging = {d for d, parents in pred.items()
               if d not in succ and parents.count(parents[0]) == len(parents)}
    for c in reversed(order):
        children = succ.get(c)
        if children:
            # the highest row a child that holds it allows (a plain loop: no list per class)
            binding = None
            for d in children:
                if d not in hanging and (binding is None or row[d] - 1 < binding):
                    binding = row[d] - 1
            if binding is not None:
                row[c] = max(row[c], binding)
    for c in order:
        parents = pred.get(c)
        if parents:
            highest = row[parents[0]] + 1 if len(parents) == 1 else max([row[p] for p in parents]) + 1
            if c not in succ or row[c] < highest:
                row[c] = highest
    _sink_towards_children(order, succ, pred, row)
    return row


# the most classes a block moved down a row may hold (a budget: a bigger block stays where it is)
SINK_BLOCK = 64


def _sink_towards_children(order: Sequence[str], succ: dict[str, list[str]], pred: dict[str, list[str]],
                           row: dict[str, int]) -> None:
    """Move a class down a row, with the classes standing just below it, wherever that shortens the
    lines down from the block more than it lengthens the lines into it; again until nothing gains.

    A daughter who married into a younger generation stands a row below her brothers and sisters;
    her parents, held up by them, stood two rows above her and the sibship was split over two rows.
    Moving the parents down with the children standing just below them (and those children's
    own, and any founders above who have no other child) sets the sibship level again.  Each move
    shortens the lines in total, so the passes end; at most four (a deterministic budget: of the
    111 data files drawn whole, 100 move nothing and 11 settle within three passes and a fourth that
    moves nothing)."""
    for _ in range(4):
        moved = False
        for c in order:
            while any(row[d] > row[c] + 1 for d in succ.get(c, ())):
                block = _sinking_block(c, succ, pred, row)
                if block is None:
                    break
                for v in block:
                    row[v] += 1
                moved = True
        if not moved:
            return


def _sinking_block(start: str, succ: dict[str, list[str]], pred: dict[str, list[str]],
                   row: dict[str, int]) -> set[str] | None:
    """The classes that move down with ``start``: those standing just below a member, and the
    founders whose every child is a member; None when the move would not shorten the lines or the
    block is over the budget."""
    block, todo = {start}, [start]
    while todo:
        v = todo.pop()
        for d in succ.get(v, ()):
            if d not in block and row[d] == row[v] + 1:
                if len(block) == SINK_BLOCK:
                    return None
                block.add(d)
                todo.append(d)
    founders = {p for v in block for p in pred.get(v, ())
                if p not in block and p not in pred and all(d in block for d in succ[p])}
    block |= founders
    shortened = sum(1 for v in block for d in succ.get(v, ()) if d not in block)
    lengthened = sum(1 for v in block for p in pred.get(v, ()) if p not in block)
    return block if shortened > lengthened else None
