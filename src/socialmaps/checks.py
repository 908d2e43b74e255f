"""Cross-checks between sections, after each value has validated on its own.

Each check yields (path, message) pairs; the loader turns paths into
`FILE:LINE:COL` with the positions the YAML reader kept.
"""

from __future__ import annotations

import difflib
from collections.abc import Collection, Iterator

from . import bodyregions
from .kinship import ancestor_loops
from .model import AgeWhen, Case, PartialDate

Path = tuple[str | int, ...]
Found = tuple[Path, str]


# Up to this many choices, difflib compares the word with each; among more (13,000 people), that
# costs up to half a second per word, so only one-character slips are looked up instead.
_COMPARE_ALL = 300
# Characters tried in one-character slips: those of ids and names of the case format.
_SLIP_CHARACTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-."


def hint(word: str, choices: Collection[str]) -> str:
    """"; did you mean 'x'?" for the closest choice, or "" when none is close; its cost does not
    grow with the number of choices beyond _COMPARE_ALL."""
    if len(choices) <= _COMPARE_ALL:
        close = difflib.get_close_matches(word, sorted(choices), n=1, cutoff=0.6)
        return f"; did you mean {close[0]!r}?" if close else ""
    known = choices if isinstance(choices, set | frozenset) else set(choices)
    slip = next((w for w in _one_slip(word) if w in known), None) if len(word) <= 64 else None
    return f"; did you mean {slip!r}?" if slip else ""


def _one_slip(word: str) -> Iterator[str]:
    """Every word one typing slip away: two neighbours swapped, one character missing, wrong or extra."""
    for i in range(len(word) - 1):
        yield word[:i] + word[i + 1] + word[i] + word[i + 2:]
    for i in range(len(word)):
        yield word[:i] + word[i + 1:]
    for i in range(len(word)):
        for c in _SLIP_CHARACTERS:
            yield word[:i] + c + word[i + 1:]
    for i in range(len(word) + 1):
        for c in _SLIP_CHARACTERS:
            yield word[:i] + c + word[i:]


class Hints:
    """Did-you-mean for the problems of one case, in bounded time: each (word, choices) is looked
    up once, and no more than `budget` lookups are made (a message lists at most 100 problems;
    42,000 misspelt values or 3,000 unknown ids need no 42,000 suggestions)."""

    def __init__(self, budget: int = 100) -> None:
        self.left = budget
        self.found: dict[tuple[str, object], str] = {}
        self.kept: list[Collection[str]] = []  # large choice sets keyed by id(): kept alive

    def __call__(self, word: str, choices: Collection[str]) -> str:
        if len(choices) <= _COMPARE_ALL:
            key: tuple[str, object] = (word, tuple(choices))
        else:
            key = (word, id(choices))
            if not any(kept is choices for kept in self.kept):
                self.kept.append(choices)
        if key not in self.found:
            if self.left <= 0:
                return ""
            self.left -= 1
            self.found[key] = hint(word, choices)
        return self.found[key]


def check_case(case: Case) -> list[Found]:
    return [*_ids(case), *_references(case), *_ancestry(case), *_dates(case), *_sections(case),
            *_measures(case), *_versions(case)]


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
    known = {p.id for p in case.people}
    hints = Hints()

    def ref(path: Path, person_id: str) -> Iterator[Found]:
        if person_id not in known:
            yield path, f"unknown person {person_id!r}{hints(person_id, known)}"

    if case.case.client:
        yield from ref(("case", "client"), case.case.client)
    biological_parent: dict[str, int] = {}
    for i, union in enumerate(case.unions):
        for j, partner in enumerate(union.partners):
            if partner not in known:  # (asked here: a generator per reference cost more than the check)
                yield from ref(("unions", i, "partners", j), partner)
        if len(union.partners) == 2 and union.partners[0] == union.partners[1]:
            yield ("unions", i, "partners"), "a person cannot be their own partner"
        first_listed: dict[str, int] = {}
        for j, child in enumerate(union.children):
            if child.id not in known:
                yield from ref(("unions", i, "children", j), child.id)
            if child.id in union.partners:
                yield ("unions", i, "children", j), f"{child.id!r} is a partner and a child of one union"
            if first_listed.setdefault(child.id, j) != j:
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
                if member not in first_listed:
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
        ends = {*known, *(s.id for s in eco.systems), "center"}
        for i, tie in enumerate(eco.ties):
            for key, end in (("from", tie.from_), ("to", tie.to)):
                if end not in ends:
                    yield ("ecomap", "ties", i, key), f"unknown tie end {end!r}{hints(end, ends)}"
            if tie.from_ == tie.to:
                yield ("ecomap", "ties", i, "to"), "a tie joins two different ends"


def _ancestry(case: Case) -> Iterator[Found]:
    """Someone who is their own ancestor: one message per loop of parent -> child edges (the family
    core's, `kinship.ancestor_loops`), naming everyone in it, at the loop's first person in the file."""
    order = {p.id: i for i, p in enumerate(case.people)}
    names = {p.id: p.name for p in case.people}
    for loop in ancestor_loops(case):
        start = min(loop.group, key=lambda p: (order.get(p, len(order)), p))
        chain = loop.through(start)
        path: Path = ("people", order[start], "id") if start in order else ("unions",)
        steps = " → ".join(_who(p, names) for p in chain)
        yield path, f"{start!r} is their own ancestor: {steps} (each is a parent of the next)"


def _who(person_id: str, names: dict[str, str]) -> str:
    name = names.get(person_id)
    if name is None or name == person_id:
        return person_id
    return f"{person_id} ({name if len(name) <= 30 else name[:29] + '…'})"


def _dates(case: Case) -> Iterator[Found]:
    """Dates out of order. A partial date is a span (1990 is the whole year), so only dates that
    are certainly out of order are reported: `born: 1990-05` with `died: 1990` may well be right."""
    date = case.case.date
    for i, person in enumerate(case.people):
        if isinstance(person.died, PartialDate) and person.born and person.died.certainly_before(person.born):
            yield ("people", i, "died"), f"died {person.died} before being born {person.born}"
        if person.born and date and date.certainly_before(person.born):
            yield ("people", i, "born"), f"born {person.born}, after the assessment date {date}"
    for i, union in enumerate(case.unions):
        if union.start and union.end and union.end.certainly_before(union.start):
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
    assert case.bodymap is not None
    hints = Hints()
    names = [*bodyregions.REGIONS, *bodyregions.ALIASES]
    for i, mark in enumerate(case.bodymap.marks):
        try:
            region = bodyregions.canonical_region(mark.region)  # the same names the drawing accepts
        except ValueError:
            yield (("bodymap", "marks", i, "region"),
                   f"unknown region {mark.region!r}{hints(mark.region, names)} "
                   "(the list: docs/bodymap-regions.md)")
            continue
        views = [mark.view] if mark.view else case.bodymap.views
        if not any(region in bodyregions.regions_for(view) for view in views):
            yield (("bodymap", "marks", i, "region"),
                   f"region {region!r} is not on the {' or '.join(views)} view")


def _measures(case: Case) -> Iterator[Found]:
    """Outcome measures: a scale that runs upwards, scores inside it, and readings that say when,
    all the same way (dates or sessions) and in time order."""
    names: dict[str, int] = {}
    for i, measure in enumerate(case.measures):
        where: Path = ("measures", i)
        if measure.name in names:
            first = names[measure.name]
            yield (*where, "name"), f"duplicate measure {measure.name!r} (already measures[{first}])"
        names.setdefault(measure.name, i)
        low, high = measure.range
        if low >= high:
            yield (*where, "range"), f"the lowest score {low:g} is not below the highest {high:g}"
            continue
        if measure.goal is not None and not low <= measure.goal <= high:
            yield (*where, "goal"), f"goal {measure.goal:g} is outside the range {low:g}–{high:g}"
        yield from _readings(case, i)


def _readings(case: Case, index: int) -> Iterator[Found]:
    measure = case.measures[index]
    low, high = measure.range
    by_date = measure.readings[0].date is not None
    previous: PartialDate | int | None = None
    for j, reading in enumerate(measure.readings):
        where: Path = ("measures", index, "readings", j)
        if not low <= reading.value <= high:
            yield (*where, "value"), f"{reading.value:g} is outside the range {low:g}–{high:g}"
        if (reading.date is None) == (reading.session is None):
            yield where, "give the reading's date or its session (one of the two)"
            continue
        if (reading.date is not None) != by_date:
            yield where, "give every reading of a measure the same way: all by date or all by session"
            continue
        when: PartialDate | int = reading.date if reading.date is not None else reading.session or 0
        if isinstance(previous, PartialDate) and isinstance(when, PartialDate) \
                and when.certainly_before(previous):
            yield (*where, "date"), f"{when} is before the reading listed above it ({previous}): " \
                                    "list readings in time order"
        if isinstance(previous, int) and isinstance(when, int) and when <= previous:
            yield (*where, "session"), f"session {when} is not after the one before it ({previous})"
        previous = when


def _versions(case: Case) -> Iterator[Found]:
    """Each earlier state checked as a case of its own (what it gives at its own place, what it
    inherits named in the message), and the states in time order."""
    previous = None
    for i, version in enumerate(case.versions):
        if previous is not None and version.date.certainly_before(previous):
            yield ("versions", i, "date"), (f"{version.date} is before the version listed above it "
                                            f"({previous})")
        if case.case.date is not None and case.case.date.certainly_before(version.date):
            yield ("versions", i, "date"), f"{version.date} is after the case's own date {case.case.date}"
        previous = version.date
        own = version.model_fields_set
        for path, message in check_case(case.version_case(i)):
            if path and path[0] in own:
                yield ("versions", i, *path), message
            elif path and path[0] != "case":
                shown = ".".join(str(p) for p in path)
                yield ("versions", i, "date"), f"in the case as it was then, {shown}: {message}"
