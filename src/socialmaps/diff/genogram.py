"""The genogram of versions whose families differ (a child born, a partner gone), each drawn at the
places one family of all versions gives.

Every version draws the whole family of all versions (`family_of`: each person, union and
relationship as that version gives it where it has it, else as the latest does; the children of a
union merged, the latest's order first), through the genogram's own `render`; then the people,
unions, descent lines and relationships that version does not hold are taken out of its drawing.
Each line of a genogram is a part of its own (a descent line runs from its union to its child), so
what stays is whole.  Versions with the same people are drawn on their own (their layouts agree).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

from ..drawing import Context, Drawing
from ..model import Case, Child, Person, Relationship, Union
from ..svg import Element
from . import svgtree


def same_people(cases: Sequence[Case]) -> bool:
    first = {p.id for p in cases[0].people}
    return all({p.id for p in c.people} == first for c in cases[1:])


def _relationship_key(r: Relationship) -> tuple[str, str, str]:
    a, b = sorted(r.between)
    return (a, b, r.type)


def family_of(step: Case, cases: Sequence[Case]) -> Case:
    """The family of all versions as `step` gives it wherever it can."""
    people: dict[str, Person] = {}
    unions: dict[str, Union] = {}
    relationships: dict[tuple[str, str, str], Relationship] = {}
    children: dict[str, list[Child]] = {}
    for case in [*reversed(cases), step]:  # the latest first, so its order leads; `step` wins
        for person in case.people:
            people.setdefault(person.id, person)
            if case is step:
                people[person.id] = person
        for union in case.unions:
            assert union.id is not None
            if case is step or union.id not in unions:
                unions[union.id] = union
            known = children.setdefault(union.id, [])
            known.extend(c for c in union.children if c.id not in {k.id for k in known})
        for rel in case.relationships:
            if case is step or _relationship_key(rel) not in relationships:
                relationships[_relationship_key(rel)] = rel
    merged = [u.model_copy(update={"children": children[u.id or ""]}) for u in unions.values()]
    return step.model_copy(update={"people": list(people.values()), "unions": merged,
                                   "relationships": list(relationships.values())})


def _absent(part: Element, step: Case) -> bool:
    people = {p.id for p in step.people}
    unions = {u.id: u for u in step.unions}
    cls = part.attrs.get("class", "").split()
    if "sm-person" in cls:
        return svgtree.attr(part, "data-id") not in people
    if "sm-union" in cls:
        return svgtree.attr(part, "data-id") not in unions
    if "sm-descent" in cls:
        union = unions.get(svgtree.attr(part, "data-union"))
        return union is None or svgtree.attr(part, "data-child") not in {c.id for c in union.children}
    if "sm-relationship" in cls:
        pair = sorted(svgtree.attr(part, "data-between").split())
        return not any(sorted(r.between) == pair for r in step.relationships)
    return False


def _prune(elem: Element, step: Case) -> None:
    elem.children = [c for c in elem.children if not _absent(c, step)]
    for child in elem.children:
        _prune(child, step)


def draw_step(ctx: Context, cases: Sequence[Case], render: Callable[[Context], Drawing]) -> Drawing:
    """This version's genogram at the places of the family of all versions."""
    drawing = render(replace(ctx, case=family_of(ctx.case, cases)))
    root = svgtree.read(drawing.svg)
    _prune(root, ctx.case)
    return replace(drawing, svg=svgtree.write(root))
