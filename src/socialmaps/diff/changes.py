"""What changed between two versions of a case, section by section: pure data, no drawing.

Things are matched by what identifies them in the case file: people and systems by id, a tie by
its two ends (either order), a life event by its date and title, an item of a BPSS or strength
quadrant by its text, a Venn institution and a measure by name.  Each key is "new" (only in the
later version), "removed" (only in the earlier one) or "changed" (in both, drawn differently).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Literal, TypeVar

from ..model import Case, Event, Person, System, Tie

Change = Literal["new", "changed", "removed"]
CHANGES: tuple[Change, ...] = ("new", "changed", "removed")

T = TypeVar("T")
K = TypeVar("K", bound=Hashable)


def tie_key(tie: Tie) -> tuple[str, str]:
    """A tie's identity: its two ends, in either order."""
    a, b = sorted((tie.from_, tie.to))
    return (a, b)


def event_key(event: Event) -> str:
    return f"{event.when}|{event.title}"


def _diff(before: Iterable[T], after: Iterable[T], key: Callable[[T], K],
          same: Callable[[T, T], bool]) -> dict[K, Change]:
    old = {key(x): x for x in before}
    new = {key(x): x for x in after}
    out: dict[K, Change] = {}
    for k, x in new.items():
        if k not in old:
            out[k] = "new"
        elif not same(old[k], x):
            out[k] = "changed"
    for k in old:
        if k not in new:
            out[k] = "removed"
    return out


def _tie_drawn_same(a: Tie, b: Tie) -> bool:
    """Whether two ties draw alike: the line's form; which end is written first does not matter
    (a flow "to" from a to b is a flow "from" from b to a)."""
    flow_b: str = b.flow
    if (a.from_, a.to) != (b.from_, b.to):
        flow_b = {"to": "from", "from": "to"}.get(b.flow, b.flow)
    return (a.strength, a.stress, a.flow, a.note) == (b.strength, b.stress, flow_b, b.note)


def _system_same(a: System, b: System) -> bool:
    return (a.name, a.kind, a.size) == (b.name, b.kind, b.size)


def _person_same(a: Person, b: Person) -> bool:
    keys = ("name", "sex", "gender", "born", "died", "conditions", "lives_with_client")
    return all(getattr(a, k) == getattr(b, k) for k in keys)


@dataclass(frozen=True)
class EcomapChanges:
    systems: Mapping[str, Change] = field(default_factory=dict)
    ties: Mapping[tuple[str, str], Change] = field(default_factory=dict)
    # the earlier form of each changed tie, to draw faint beside the later one
    earlier_ties: Mapping[tuple[str, str], Tie] = field(default_factory=dict)


@dataclass(frozen=True)
class CaseChanges:
    """Every difference the comparison draws, between `before` and `after`."""

    ecomap: EcomapChanges
    people: Mapping[str, Change]
    events: Mapping[str, Change]
    items: Mapping[str, Mapping[str, Change]]     # quadrant (data-quadrant) -> item text -> change
    venn: Mapping[str, Change]
    measures: Mapping[str, Change]

    def none(self) -> bool:
        return not (self.ecomap.systems or self.ecomap.ties or self.people or self.events
                    or any(self.items.values()) or self.venn or self.measures)

    def touches(self, kind: str) -> bool:
        """Whether the diagram `kind` draws anything that changed."""
        bpss = ("biological", "psychological", "social", "spiritual")
        found = {
            "ecomap": bool(self.ecomap.systems or self.ecomap.ties),
            "genogram": bool(self.people),
            "lifemap": bool(self.events),
            "bpss": any(self.items.get(q) for q in bpss),
            "strengths": any(v for q, v in self.items.items() if q not in bpss),
            "venn": bool(self.venn),
            "outcomes": bool(self.measures),
        }
        return found.get(kind, False)


def ecomap_changes(before: Case, after: Case) -> EcomapChanges:
    old = before.ecomap.systems if before.ecomap else []
    new = after.ecomap.systems if after.ecomap else []
    old_ties = before.ecomap.ties if before.ecomap else []
    new_ties = after.ecomap.ties if after.ecomap else []
    ties = _diff(old_ties, new_ties, tie_key, _tie_drawn_same)
    earlier = {tie_key(t): t for t in old_ties if ties.get(tie_key(t)) == "changed"}
    return EcomapChanges(_diff(old, new, lambda s: s.id, _system_same), ties, earlier)


def quadrant_items(case: Case) -> dict[str, list[str]]:
    """Every BPSS and strength item by its quadrant's data-quadrant name."""
    out: dict[str, list[str]] = {}
    if case.bpss is not None:
        for name in ("biological", "psychological", "social", "spiritual"):
            out[name] = list(getattr(case.bpss, name))
    if case.strengths is not None:
        for side in ("internal", "external"):
            pair = getattr(case.strengths, side)
            out[f"{side}-strengths"] = list(pair.strengths)
            out[f"{side}-weaknesses"] = list(pair.weaknesses)
    return out


def _items(before: Case, after: Case) -> dict[str, dict[str, Change]]:
    old, new = quadrant_items(before), quadrant_items(after)
    out: dict[str, dict[str, Change]] = {}
    for quadrant in sorted(set(old) | set(new)):
        found = _diff(old.get(quadrant, []), new.get(quadrant, []), lambda text: text, lambda a, b: True)
        if found:
            out[quadrant] = found
    return out


def case_changes(before: Case, after: Case) -> CaseChanges:
    events_before = before.lifemap.events if before.lifemap else []
    events_after = after.lifemap.events if after.lifemap else []
    venn_before = before.venn.items if before.venn else []
    venn_after = after.venn.items if after.venn else []
    return CaseChanges(
        ecomap=ecomap_changes(before, after),
        people=_diff(before.people, after.people, lambda p: p.id, _person_same),
        events=_diff(events_before, events_after, event_key, lambda a, b: a.valence == b.valence),
        items=_items(before, after),
        venn=_diff(venn_before, venn_after, lambda v: v.name,
                   lambda a, b: (a.importance, a.closeness) == (b.importance, b.closeness)),
        measures=_diff(before.measures, after.measures, lambda m: m.name, lambda a, b: a == b),
    )
