"""A transcribed foreign file -> a case (a plain dict in the case format) and warnings.

Each step repairs one kind of breakage the wild files have, and says so naming the source's ids:
duplicate record ids, pointers to records that do not exist, a person married to themselves or
listed as their own child, a child in two birth families, parents of an unexpected sex, ancestry
loops (someone their own ancestor), deaths before births.  What the file does not say is not
filled in: no invented marriages, dates, names or sexes.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..model import CASE_ID_PATTERN
from .records import SourceChild, SourceFamily, SourceFile, SourcePerson, SourceTwins, SourceWarning

MAX_ID = 64
# More than this many warnings of one kind are summed up in one line.
MAX_LISTED_IDS = 12


@dataclass
class Built:
    data: dict[str, Any]
    warnings: list[SourceWarning] = field(default_factory=list)
    people: int = 0
    unions: int = 0


def _ids_text(ids: list[str]) -> str:
    shown = ", ".join(ids[:MAX_LISTED_IDS])
    return shown + (f" and {len(ids) - MAX_LISTED_IDS} more" if len(ids) > MAX_LISTED_IDS else "")


class _Warnings:
    """Warnings grouped by kind, so a file with 500 dangling pointers gives one line, not 500."""

    def __init__(self) -> None:
        self.groups: dict[str, list[str]] = defaultdict(list)
        self.first_line: dict[str, int] = {}
        self.order: list[str] = []

    def add(self, kind: str, record: str, line: int = 0) -> None:
        """`record` as the warning names it; `line` where that record starts (0: not known)."""
        if kind not in self.groups:
            self.order.append(kind)
        self.groups[kind].append(record)
        if line and kind not in self.first_line:
            self.first_line[kind] = line

    def lines(self) -> list[SourceWarning]:
        return [SourceWarning(f"{kind}: {_ids_text(self.groups[kind])}", self.first_line.get(kind, 0))
                for kind in self.order]


def _safe_id(key: str) -> str:
    core = key.strip().strip("@") or "x"
    safe = re.sub(r"[^A-Za-z0-9_-]", "_", core)[:MAX_ID]
    return safe


def case_id_for(path: str) -> str:
    stem = Path(path).stem or "imported"
    safe = re.sub(r"[^A-Za-z0-9._-]", "_", stem).strip(".") or "imported"
    assert re.match(CASE_ID_PATTERN, safe)
    return safe[:100]


def _assign_ids(source: SourceFile, warn: _Warnings) -> tuple[dict[str, str], list[tuple[str, SourcePerson]]]:
    """Source key -> case id (the first record of a key; later duplicates become people of their
    own, linked to nothing, since every pointer names the key and so the first)."""
    ids: dict[str, str] = {}
    used: set[str] = set()
    people: list[tuple[str, SourcePerson]] = []
    for person in source.people:
        base = _safe_id(person.key)
        new_id, n = base, 1
        while new_id in used:
            n += 1
            new_id = f"{base[:MAX_ID - 6]}-{n}"
        used.add(new_id)
        if person.key in ids:
            warn.add("duplicate record ids (the later records are drawn unlinked)",
                     f"{person.key} ({person.where})" if person.where else person.key, person.line)
        else:
            ids[person.key] = new_id
        people.append((new_id, person))
    return ids, people


def _person_entry(new_id: str, person: SourcePerson, warn: _Warnings) -> dict[str, Any]:
    entry: dict[str, Any] = {"id": new_id, "name": (person.name or "").strip() or person.key.strip("@")}
    if person.sex != "unknown":
        entry["sex"] = person.sex
    if person.born:
        entry["born"] = str(person.born)
    died = person.died
    if died and person.born and died.certainly_before(person.born):
        warn.add("death before birth (the year of death left out)", person.key, person.line)
        died = None
    if died:
        entry["died"] = str(died)
    elif person.deceased or person.died:
        entry["died"] = True
    if person.conditions:
        entry["conditions"] = list(dict.fromkeys(person.conditions))
    return entry


@dataclass
class _Family:
    """A family with its pointers resolved to case ids."""

    source: SourceFamily
    partners: list[str]
    children: list[SourceChild]   # keys replaced by case ids
    twins: list[SourceTwins]      # likewise


def _partners(family: SourceFamily, ids: dict[str, str], sexes: dict[str, str], warn: _Warnings
              ) -> tuple[list[str], list[str]]:
    """The family's partners as case ids, with the roles the file gives them (missing people, a
    person listed twice and partners of an unexpected sex warned about)."""
    partners: list[str] = []
    roles: list[str] = []
    for key, role in zip(family.partners, family.roles or [""] * len(family.partners), strict=False):
        if key not in ids:
            warn.add("pointers to missing people (left out)", f"{family.key} -> {key}", family.line)
            continue
        if ids[key] in partners:
            warn.add("a person partnered with themselves (drawn once, alone)", f"{family.key} ({key})",
                     family.line)
            continue
        expected = {"HUSB": "male", "father": "male", "WIFE": "female", "mother": "female"}.get(role)
        if expected and sexes[ids[key]] == "unknown":
            warn.add(f"partners of unknown sex (drawn as unknown; the file names them {role})",
                     f"{family.key} ({key})", family.line)
        elif expected and sexes[ids[key]] != expected:
            warn.add(f"partners whose sex is not their role's (kept as written; a {role} who is "
                     f"{sexes[ids[key]]})", f"{family.key} ({key})", family.line)
        partners.append(ids[key])
        roles.append(role)
    return partners, roles


def _two_partners(family: SourceFamily, partners: list[str], roles: list[str], ids: dict[str, str],
                  warn: _Warnings) -> list[str]:
    """A union has two partners at most: of a family listing more (a HUSB line repeated by a broken
    export, a hand-edited file), the first husband and the first wife are kept, or the first two
    where the roles do not tell them; the others are named in a warning."""
    husband = next((p for p, r in zip(partners, roles, strict=True) if r in ("HUSB", "father")), None)
    wife = next((p for p, r in zip(partners, roles, strict=True) if r in ("WIFE", "mother")), None)
    kept = [p for p in partners if p in (husband, wife)] if husband and wife else partners[:2]
    left = dict.fromkeys(key for key in family.partners if key in ids and ids[key] not in kept)
    warn.add("families with more than two partners (the first husband and wife kept, or the first two)",
             f"{family.key} (left out: {', '.join(left)})", family.line)
    return kept


def _resolve(family: SourceFamily, ids: dict[str, str], sexes: dict[str, str], warn: _Warnings) -> _Family:
    partners, roles = _partners(family, ids, sexes, warn)
    if len(partners) > 2:
        partners = _two_partners(family, partners, roles, ids, warn)
    children: list[SourceChild] = []
    seen: set[str] = set()
    for child in family.children:
        if child.key not in ids:
            warn.add("pointers to missing people (left out)", f"{family.key} -> {child.key}", family.line)
            continue
        new_id = ids[child.key]
        if new_id in partners:
            warn.add("a partner listed as their own child (the child link left out)",
                     f"{family.key} ({child.key})", family.line)
            continue
        if new_id in seen:
            continue
        seen.add(new_id)
        children.append(SourceChild(new_id, child.relation))
    twins = [SourceTwins([ids[m] for m in group.members if m in ids], group.kind) for group in family.twins]
    return _Family(family, partners, children, twins)


def _one_birth_family(families: list[_Family], warn: _Warnings) -> None:
    """A child with two birth families in the file: the first keeps them (the case format allows one)."""
    birth: dict[str, str] = {}
    for family in families:
        kept = []
        for child in family.children:
            if child.relation == "biological":
                if child.key in birth and birth[child.key] != family.source.key:
                    warn.add("children in two birth families (kept in the first only)",
                             f"{child.key} in {birth[child.key]} and {family.source.key}", family.source.line)
                    continue
                birth[child.key] = family.source.key
            kept.append(child)
        family.children = kept


def _cut_ancestry_loops(families: list[_Family], order: dict[str, int], warn: _Warnings) -> None:
    """Someone their own ancestor cannot be drawn (nor validated): depth-first from each person in
    file order, a child link that leads back to a person still on the path is left out."""
    links: dict[str, list[tuple[str, _Family]]] = defaultdict(list)
    for family in families:
        for partner in family.partners:
            for kid in family.children:
                links[partner].append((kid.key, family))
    state: dict[str, int] = {}  # 1 on the path, 2 done
    cut: set[tuple[int, str]] = set()
    for start in sorted(links, key=lambda p: order.get(p, len(order))):
        if state.get(start):
            continue
        state[start] = 1
        stack = [(start, iter(links[start]))]
        while stack:
            person, pending = stack[-1]
            step = next(pending, None)
            if step is None:
                state[person] = 2
                stack.pop()
                continue
            child, family = step
            if (id(family), child) in cut:
                continue
            if state.get(child) == 1:
                cut.add((id(family), child))
                warn.add("ancestry loops cut (the child link that closes the loop left out)",
                         f"{child} as a child of {family.source.key}", family.source.line)
            elif not state.get(child):
                state[child] = 1
                stack.append((child, iter(links[child])))
    for family in families:
        family.children = [c for c in family.children if (id(family), c.key) not in cut]


def _birth_order(children: list[SourceChild], born: dict[str, float]) -> list[SourceChild]:
    """Children with a birth date sorted among the places they hold; those without stay put."""
    dated = [i for i, c in enumerate(children) if c.key in born]
    ordered = sorted((children[i] for i in dated), key=lambda c: born[c.key])
    result = list(children)
    for place, child in zip(dated, ordered, strict=True):
        result[place] = child
    return result


def _twins_together(children: list[SourceChild], twins: list[SourceTwins]) -> list[SourceChild]:
    """Twins were born together: each group's members follow its first member (a file may list
    them apart, as Madeline's tw_002 does), so the sibship is drawn as the file's birth order."""
    group_of = {member: i for i, group in enumerate(twins) for member in group.members}
    by_key = {child.key: child for child in children}
    ordered: list[SourceChild] = []
    placed: set[str] = set()
    for child in children:
        if child.key in placed:
            continue
        group = group_of.get(child.key)
        members = [child.key] if group is None else [m for m in twins[group].members if m in by_key]
        for member in members:
            if member not in placed:
                placed.add(member)
                ordered.append(by_key[member])
    return ordered


def _union_entry(family: _Family, union_id: str, born: dict[str, float], warn: _Warnings) -> dict[str, Any]:
    src = family.source
    entry: dict[str, Any] = {"id": union_id, "partners": family.partners}
    if src.type != "married":
        entry["type"] = src.type
    if src.status != "together":
        entry["status"] = src.status
    if src.start:
        entry["start"] = str(src.start)
    if src.end and src.start and src.end.certainly_before(src.start):
        warn.add("unions ending before they start (the end date left out)", src.key, src.line)
    elif src.end:
        entry["end"] = str(src.end)
    children = _twins_together(_birth_order(family.children, born), family.twins)
    if children:
        entry["children"] = [c.key if c.relation == "biological" else {"id": c.key, "relation": c.relation}
                             for c in children]
    kept = {c.key for c in children}
    twins = []
    for group in family.twins:
        members = [m for m in dict.fromkeys(group.members) if m in kept]
        if len(members) > 6:
            warn.add("twin groups of more than 6 (more than the case format holds; left out)", src.key,
                     src.line)
        elif len(members) >= 2:
            twins.append({"members": members, "kind": group.kind})
    if twins:
        entry["twins"] = twins
    if src.losses:
        entry["pregnancies"] = [{"outcome": outcome} for outcome in src.losses]
    return entry


def _families(source: SourceFile, ids: dict[str, str], sexes: dict[str, str],
              warn: _Warnings) -> list[_Family]:
    resolved: list[_Family] = []
    keys: set[str] = set()
    for family in source.families:
        if family.key in keys:
            warn.add("duplicate family record ids (each family kept as written)", family.key, family.line)
        keys.add(family.key)
        done = _resolve(family, ids, sexes, warn)
        if not done.partners:
            if done.children or family.losses:
                warn.add("families without parents (their children drawn without a sibling line)",
                         family.key, family.line)
            continue
        if len(done.partners) == 1 and not done.children and not family.losses:
            continue  # a partner of nobody, parent of nobody: nothing to draw
        resolved.append(done)
    # child keys in _Family are now case ids
    return resolved


def build_case(source: SourceFile, case_id: str | None = None) -> Built:
    """The case (a dict ready for YAML) of a transcribed file, with what was repaired."""
    warn = _Warnings()
    ids, people = _assign_ids(source, warn)
    entries = [_person_entry(new_id, person, warn) for new_id, person in people]
    sexes = {e["id"]: e.get("sex", "unknown") for e in entries}
    born = {new_id: p.born.decimal for new_id, p in people if p.born}
    families = _families(source, ids, sexes, warn)
    _one_birth_family(families, warn)
    order = {new_id: i for i, (new_id, _) in enumerate(people)}
    _cut_ancestry_loops(families, order, warn)
    union_ids: set[str] = set()
    unions = []
    for family in families:
        base = "u-" + _safe_id(family.source.key)[:MAX_ID - 8]
        union_id, n = base, 1
        while union_id in union_ids:
            n += 1
            union_id = f"{base}-{n}"
        union_ids.add(union_id)
        unions.append(_union_entry(family, union_id, born, warn))
    case: dict[str, Any] = {"id": case_id or case_id_for(source.path),
                            "title": Path(source.path).stem or "imported"}
    probands = [new_id for new_id, p in people if p.proband and ids.get(p.key) == new_id]
    if probands:
        case["client"] = probands[0]
        if len(probands) > 1:
            warn.add(f"several probands ({probands[0]} is the client)", ", ".join(probands[1:]))
    data: dict[str, Any] = {"socialmaps": 1, "case": case, "people": entries}
    if unions:
        data["unions"] = unions
    return Built(data, [*source.warnings, *warn.lines()], len(entries), len(unions))
