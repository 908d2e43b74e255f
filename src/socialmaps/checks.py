"""Cross-checks between sections, after each value has validated on its own.

Each check yields (path, message) pairs; the loader turns paths into
`FILE:LINE:COL` with the positions the YAML reader kept.
"""

from __future__ import annotations

import difflib
from collections import defaultdict
from collections.abc import Iterator
from typing import TYPE_CHECKING

from .model import AgeWhen, Case, PartialDate

if TYPE_CHECKING:
    import networkx as nx

Path = tuple[str | int, ...]
Found = tuple[Path, str]


def hint(word: str, choices: list[str] | tuple[str, ...]) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"; did you mean {close[0]!r}?" if close else ""


def family_graph(case: Case) -> nx.DiGraph:
    """Parent -> child edges of every union (all relations): who descends from whom."""
    import networkx as nx  # only the genogram needs the graph; validation stays light to import

    graph = nx.DiGraph()
    graph.add_nodes_from(p.id for p in case.people)
    for union in case.unions:
        for partner in union.partners:
            for child in union.children:
                graph.add_edge(partner, child.id)
    return graph


def check_case(case: Case) -> list[Found]:
    return [*_ids(case), *_references(case), *_ancestry(case), *_dates(case), *_sections(case)]


def _ids(case: Case) -> Iterator[Found]:
    seen: dict[str, str] = {}
    for i, person in enumerate(case.people):
        if person.id in seen:
            yield ("people", i, "id"), f"duplicate id {person.id!r} (already used by {seen[person.id]})"
        else:
            seen[person.id] = f"people[{i}]"
    union_ids: dict[str, int] = {}
    for i, union in enumerate(case.unions):
        assert union.id is not None
        if union.id in union_ids:
            yield ("unions", i, "id"), f"duplicate union id {union.id!r}"
        union_ids[union.id] = i
    if case.ecomap:
        for i, system in enumerate(case.ecomap.systems):
            if system.id in seen or system.id in ("center", "household"):
                where = seen.get(system.id, "a reserved word")
                yield ("ecomap", "systems", i, "id"), f"duplicate id {system.id!r} (already used by {where})"
            else:
                seen[system.id] = f"ecomap.systems[{i}]"


def _references(case: Case) -> Iterator[Found]:
    people = [p.id for p in case.people]
    known = set(people)

    def ref(path: Path, person_id: str) -> Iterator[Found]:
        if person_id not in known:
            yield path, f"unknown person {person_id!r}{hint(person_id, people)}"

    if case.case.client:
        yield from ref(("case", "client"), case.case.client)
    biological_parent: dict[str, int] = {}
    for i, union in enumerate(case.unions):
        for j, partner in enumerate(union.partners):
            yield from ref(("unions", i, "partners", j), partner)
        if len(union.partners) == 2 and union.partners[0] == union.partners[1]:
            yield ("unions", i, "partners"), "a person cannot be their own partner"
        children = [c.id for c in union.children]
        for j, child in enumerate(union.children):
            yield from ref(("unions", i, "children", j), child.id)
            if child.id in union.partners:
                yield ("unions", i, "children", j), f"{child.id!r} is a partner and a child of one union"
            if children.index(child.id) != j:
                yield ("unions", i, "children", j), f"child {child.id!r} listed twice"
            if child.relation == "biological" and child.id in known:
                if child.id in biological_parent and biological_parent[child.id] != i:
                    first = biological_parent[child.id]
                    yield (("unions", i, "children", j),
                           f"{child.id!r} is already a biological child of unions[{first}]; "
                           "mark one of them adopted, foster or step")
                biological_parent.setdefault(child.id, i)
        in_twins: set[str] = set()
        for t, twins in enumerate(union.twins):
            for m, member in enumerate(twins.members):
                if member not in children:
                    yield (("unions", i, "twins", t, "members", m),
                           f"twin {member!r} is not a child of this union")
                elif member in in_twins:
                    yield ("unions", i, "twins", t, "members", m), f"{member!r} is in two twin groups"
                in_twins.add(member)
    for i, rel in enumerate(case.relationships):
        for j, person_id in enumerate(rel.between):
            yield from ref(("relationships", i, "between", j), person_id)
        if rel.between[0] == rel.between[1]:
            yield ("relationships", i, "between"), "a relationship needs two different people"
    if case.ecomap:
        eco = case.ecomap
        if eco.center != "household":
            yield from ref(("ecomap", "center"), eco.center)
        ends = [*people, *(s.id for s in eco.systems), "center"]
        for i, tie in enumerate(eco.ties):
            for key, end in (("from", tie.from_), ("to", tie.to)):
                if end not in ends:
                    yield ("ecomap", "ties", i, key), f"unknown tie end {end!r}{hint(end, ends)}"
            if tie.from_ == tie.to:
                yield ("ecomap", "ties", i, "to"), "a tie joins two different ends"


def _ancestry(case: Case) -> Iterator[Found]:
    """Someone who is their own ancestor: a cycle in parent -> child edges (Kahn's algorithm)."""
    children: dict[str, set[str]] = defaultdict(set)
    for union in case.unions:
        for partner in union.partners:
            children[partner].update(c.id for c in union.children)
    indegree: dict[str, int] = defaultdict(int)
    for kids in children.values():
        for kid in kids:
            indegree[kid] += 1
    ready = [p for p in {*children, *indegree} if indegree[p] == 0]
    while ready:
        person = ready.pop()
        for kid in children.get(person, ()):
            indegree[kid] -= 1
            if indegree[kid] == 0:
                ready.append(kid)
    left = sorted(p for p in {*children, *indegree} if indegree[p] > 0)
    if not left:
        return
    chain = _cycle_from(left[0], children, set(left))
    index = next((i for i, p in enumerate(case.people) if p.id == chain[0]), None)
    path: Path = ("people", index, "id") if index is not None else ("unions",)
    yield path, f"{chain[0]!r} is their own ancestor ({' -> '.join(chain)})"


def _cycle_from(start: str, children: dict[str, set[str]], stuck: set[str]) -> list[str]:
    """Follow children inside the stuck set until a person repeats: that loop is the cycle."""
    seen: dict[str, int] = {}
    walk = [start]
    while walk[-1] not in seen:
        seen[walk[-1]] = len(walk) - 1
        walk.append(min(k for k in children[walk[-1]] if k in stuck))
    return walk[seen[walk[-1]]:]


def _dates(case: Case) -> Iterator[Found]:
    for i, person in enumerate(case.people):
        if isinstance(person.died, PartialDate) and person.born and person.died < person.born:
            yield ("people", i, "died"), f"died {person.died} before being born {person.born}"
        if person.born and case.case.date and person.born > case.case.date:
            yield ("people", i, "born"), f"born {person.born}, after the assessment date {case.case.date}"
    for i, union in enumerate(case.unions):
        if union.start and union.end and union.end < union.start:
            yield ("unions", i, "end"), f"ends {union.end} before it starts {union.start}"


def _sections(case: Case) -> Iterator[Found]:
    if case.case.style:
        from .style import available

        styles = available()
        if case.case.style not in styles:
            yield ("case", "style"), f"unknown style {case.case.style!r}{hint(case.case.style, styles)}"
    if case.lifemap:
        client = case.client
        has_birth = client is not None and client.born is not None
        if case.lifemap.hopes and not case.lifemap.events and case.case.date is None:
            yield (("lifemap", "hopes"),
                   "hopes without events start from now: set case.date (the date of the assessment)")
        for i, event in enumerate(case.lifemap.events):
            if isinstance(event.when, AgeWhen) and not has_birth:
                yield (("lifemap", "events", i, "when"),
                       "an event given by age needs the client's birth: set case.client and their 'born'")
    if case.bodymap:
        yield from _regions(case)


def _regions(case: Case) -> Iterator[Found]:
    try:
        from .diagrams.bodymap import outline
    except ImportError:  # pragma: no cover - the body outline ships with the package
        return
    assert case.bodymap is not None
    for i, mark in enumerate(case.bodymap.marks):
        try:
            region = outline.canonical_region(mark.region)  # the same names the drawing accepts
        except ValueError:
            names = [*outline.REGIONS, *outline.ALIASES]
            yield (("bodymap", "marks", i, "region"),
                   f"unknown region {mark.region!r}{hint(mark.region, names)} "
                   "(the list: docs/bodymap-regions.md)")
            continue
        views = [mark.view] if mark.view else case.bodymap.views
        if not any(region in outline.regions_for(view) for view in views):
            yield (("bodymap", "marks", i, "region"),
                   f"region {region!r} is not on the {' or '.join(views)} view")
