"""Focus views: the part of a big family a case report needs, as a smaller valid case.

    view = focus_case(case, Focus("ms", up=2, down=1))
    view.case      # the subset (people and unions kept, before any layout)
    view.note      # "focus view: 14 of 3,010 people around ms (2 up, 1 down)", or None

Who is kept, around the focus person F:
- F's ancestors up to `up` generations (each generation's parents, both partners of the union);
- F's siblings, full and half (every child of F's parents, in any of their unions, with that
  union's other partner), when `up` is at least 1;
- F's partners, and descendants down to `down` generations with their partners;
A union is kept when all of its partners are kept, with its kept children (a one-parent union only
with a child).  Relationship lines and ecomap ties to people left out are dropped; an ecomap centre
person is kept.  The client stays the client when kept.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from .model import Case, Union

ALL = "all"
DEFAULT_UP = 2
DEFAULT_DOWN = 1
# Imported families above this size are drawn as a focus view unless `--focus all` is given.
BIG_FAMILY = 60


class FocusError(ValueError):
    """The focus names nobody in the case (the message says who could be meant)."""


@dataclass(frozen=True)
class Focus:
    person: str | None = None     # None: the client, else the file's first person with family; ALL: all
    up: int = DEFAULT_UP
    down: int = DEFAULT_DOWN


@dataclass(frozen=True)
class FocusView:
    case: Case
    note: str | None = None


@dataclass
class _Index:
    parent_unions: dict[str, list[Union]]
    own_unions: dict[str, list[Union]]

    @classmethod
    def of(cls, case: Case) -> _Index:
        parent_unions: dict[str, list[Union]] = defaultdict(list)
        own_unions: dict[str, list[Union]] = defaultdict(list)
        for union in case.unions:
            for child in union.children:
                parent_unions[child.id].append(union)
            for partner in union.partners:
                own_unions[partner].append(union)
        return cls(parent_unions, own_unions)


def _centre(case: Case, focus: Focus) -> str:
    if focus.person is not None:
        if case.person(focus.person) is None:
            from .checks import hint

            known = [p.id for p in case.people]
            raise FocusError(f"--focus {focus.person}: no person with this id in case {case.case.id}"
                             f"{hint(focus.person, known)}")
        return focus.person
    if case.case.client and case.person(case.case.client):
        return case.case.client
    return _first_in_a_family(case)


def _first_in_a_family(case: Case) -> str:
    """Without a client: the first person in the file with parents and a child (a view with three
    generations), else the first with any family, else the first person."""
    index = _Index.of(case)

    def three_generations(person: str) -> bool:
        return bool(index.parent_unions[person]) and any(u.children for u in index.own_unions[person])

    def any_family(person: str) -> bool:
        return bool(index.parent_unions[person] or index.own_unions[person])

    for wanted in (three_generations, any_family):
        found = next((p.id for p in case.people if wanted(p.id)), None)
        if found is not None:
            return found
    return case.people[0].id


def _kept_people(index: _Index, centre: str, up: int, down: int) -> set[str]:
    keep = {centre}
    frontier = {centre}
    for _ in range(up):
        parents = {p for person in frontier for u in index.parent_unions[person] for p in u.partners}
        keep |= parents
        frontier = parents
    if up >= 1:
        for union in index.parent_unions[centre]:
            for parent in union.partners:
                for other in index.own_unions[parent]:
                    keep.update(other.partners)
                    keep.update(c.id for c in other.children)
    keep.update(p for u in index.own_unions[centre] for p in u.partners)
    frontier = {centre}
    for _ in range(down):
        children: set[str] = set()
        for person in frontier:
            for union in index.own_unions[person]:
                keep.update(union.partners)
                children.update(c.id for c in union.children)
        keep |= children
        frontier = children
    return keep


def _kept_union(union: Union, keep: set[str]) -> Union | None:
    if not all(p in keep for p in union.partners):
        return None
    children = [c for c in union.children if c.id in keep]
    if len(union.partners) < 2 and not children:
        return None
    kept_ids = {c.id for c in children}
    twins = []
    for group in union.twins:
        members = [m for m in group.members if m in kept_ids]
        if len(members) >= 2:
            twins.append(group.model_copy(update={"members": members}))
    return union.model_copy(update={"children": children, "twins": twins})


def focus_case(case: Case, focus: Focus) -> FocusView:
    """The focus view of a case (FocusError if the focus names nobody); `Focus(ALL)` is the case."""
    if focus.person == ALL or not case.people:
        return FocusView(case)
    centre = _centre(case, focus)
    index = _Index.of(case)
    keep = _kept_people(index, centre, focus.up, focus.down)
    if case.ecomap and case.ecomap.center != "household" and case.person(case.ecomap.center):
        keep.add(case.ecomap.center)
    unions = [u for u in (_kept_union(u, keep) for u in case.unions) if u is not None]
    people = [p for p in case.people if p.id in keep]
    update: dict[str, object] = {
        "people": people, "unions": unions,
        "relationships": [r for r in case.relationships if all(p in keep for p in r.between)]}
    if case.case.client and case.case.client not in keep:
        update["case"] = case.case.model_copy(update={"client": None})
    if case.ecomap:
        ends = keep | {s.id for s in case.ecomap.systems} | {"center"}
        update["ecomap"] = case.ecomap.model_copy(update={
            "ties": [t for t in case.ecomap.ties if t.from_ in ends and t.to in ends]})
    view = case.model_copy(update=update)
    note = (f"focus view: {len(people):,} of {len(case.people):,} people around {centre} "
            f"({focus.up} up, {focus.down} down); --focus all draws everyone")
    return FocusView(view, note if len(people) < len(case.people) else None)
