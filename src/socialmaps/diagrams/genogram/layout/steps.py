"""Stepchildren whose line from a parent's remarriage the remarriage itself tells.

A case file may list a child again under a parent's second union (``relation: step``): the
household a child client lives in is often that union.  Drawn under her own parents, the child is
already shown as the stepchild of her parent's new partner: the remarriage stands beside her
parents' union, one partner in both (McGoldrick's convention draws no more).  Where the layout can
give such a listing its own line only by drawing the child twice (in a blended family, the
stepchildren of both partners sit at both ends of the new couple's children, and birth order and
the lines cannot both hold), the union's step listings that the remarriage tells are left out, all
of them together, so that one of two brothers does not look less a stepson than the other.  A step
listing with no union of the child's own beside it (her parents not in the file) is the only line
she has, and is always drawn.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from collections.abc import Set as AbstractSet
from dataclasses import replace

from ..family import Family, FamilyUnion


def told_by_remarriage(family: Family) -> set[tuple[str, str]]:
    """Every (union, child) listing of a stepchild (``steps``) that is not the child's own union
    (``secondary``) and one of whose partners is the child's parent in a union that lists the
    child as its own.  (A child adopted by a step-parent, or fostered, keeps the line: the
    remarriage does not tell it.)"""
    steps = [(union, child) for union in family.unions for child in union.secondary
             if child in union.steps and child in union.children]
    if not steps:
        return set()  # (most families: no stepchild listed, no parents to gather)
    own = _own_unions(family.unions, {child for _, child in steps})
    return {(union.id, child) for union, child in steps
            if any(not set(home.partners).isdisjoint(union.partners) for home in own.get(child, ()))}


def _own_unions(unions: Iterable[FamilyUnion], wanted: AbstractSet[str]) -> dict[str, list[FamilyUnion]]:
    """Each child of ``wanted``'s own unions: those that list her not as ``secondary``."""
    own: dict[str, list[FamilyUnion]] = {}
    for union in unions:
        for child in union.children:
            if child in wanted and child not in union.secondary:
                own.setdefault(child, []).append(union)
    return own


def copied_step_listings(family: Family, duplicates: dict[str, str]) -> set[tuple[str, str]]:
    """The listings the remarriage tells (`told_by_remarriage`) that a layout with these
    ``duplicates`` reaches only by a copy (the copy ``child#union`` of `build`)."""
    if not duplicates:
        return set()
    told = told_by_remarriage(family)
    return {(union, child) for node, person in duplicates.items()
            for child, _, union in [node.partition("#")] if child == person and (union, child) in told}


def implied_step_listings(family: Family, duplicates: dict[str, str],
                          bent: AbstractSet[str] = frozenset()) -> set[tuple[str, str]]:
    """The listings to leave out (see the module's docstring): every listing the remarriage tells,
    of each union that a layout with these ``duplicates`` reaches one of them only by a copy, or
    only by moving the child out of birth order in her own sibship (one of the unions ``bent``)."""
    copied = {union for union, _ in copied_step_listings(family, duplicates)}
    told = told_by_remarriage(family)
    if bent and told:
        own = _own_unions(family.unions, {child for _, child in told})
        copied |= {union for union, child in told if any(home.id in bent for home in own.get(child, ()))}
    if not copied:
        return set()
    return {(union, child) for union, child in told if union in copied}


def later_by_steps(unions: Mapping[str, FamilyUnion]) -> set[str]:
    """The unions that list a child of one of their partners' other unions as a stepchild (the child's
    own union: one listing the child not as ``secondary``), where that union starts as early (no date
    to tell them apart, most often): the child was born before this union began, so it came later.
    A listing left out (`without_listings`) still tells it: ``steps`` keeps it."""
    stepped = {child for union in unions.values() for child in union.steps}
    if not stepped:
        return set()  # (most families: no stepchild listed)
    own = _own_unions(unions.values(), stepped)
    return {union.id for union in unions.values() for child in union.steps for home in own.get(child, ())
            if home.id != union.id and home.start_key == union.start_key
            and not set(home.partners).isdisjoint(union.partners)}


def without_listings(family: Family, listings: AbstractSet[tuple[str, str]]) -> Family:
    """The family with each (union, child) listing taken out of that union's children."""
    if not listings:
        return family
    return Family(family.people, tuple(_without(u, listings) for u in family.unions))


def _without(union: FamilyUnion, listings: AbstractSet[tuple[str, str]]) -> FamilyUnion:
    gone = [i for i, c in enumerate(union.children) if (union.id, c) in listings]
    if not gone:
        return union
    # a pregnancy or loss keeps its place among the children still listed
    slots = tuple(replace(s, after=s.after - sum(1 for i in gone if i < s.after)) for s in union.extra_slots)
    return replace(union, children=tuple(c for c in union.children if (union.id, c) not in listings),
                   secondary=tuple(c for c in union.secondary if (union.id, c) not in listings),
                   twins=tuple(t for t in union.twins if not any((union.id, c) in listings for c in t)),
                   extra_slots=slots)  # (steps kept: they still tell which union came first)
