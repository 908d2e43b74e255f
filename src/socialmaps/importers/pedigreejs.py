"""pedigreejs JSON (a list of people, each naming its `mother` and `father`) -> SourceFile.

Mapped: `name` (the id), `display_name` or first/last name, `sex` M/F, `status` 1 (deceased),
`yob`, `proband`, `mztwin`/`dztwin` (twin group labels), `adopted_in`, `divorced` (the partner's
name), a disease's `<name>_diagnosis_age` as a free-text condition, and the pregnancy losses
(`miscarriage`, `stillbirth`, `termination`) as the parents' union's pregnancies rather than people.
pedigreejs's `age` is left out: it has no date it is measured at.
"""

from __future__ import annotations

import json
from typing import Any

from ..model import Sex
from .dates import loose_date
from .records import (
    ImportRefused,
    LossOutcome,
    SourceChild,
    SourceFamily,
    SourceFile,
    SourcePerson,
    SourceTwins,
)

_SEX: dict[str, Sex] = {"M": "male", "F": "female"}
_LOSSES: dict[str, LossOutcome] = {"miscarriage": "miscarriage", "stillbirth": "stillbirth",
                                   "termination": "abortion"}


def _text(value: Any) -> str:
    return "" if value is None or isinstance(value, bool) else str(value).strip()


def _name(entry: dict[str, Any]) -> str | None:
    full = " ".join(_text(entry.get(k)) for k in ("first_name", "last_name") if _text(entry.get(k)))
    return _text(entry.get("display_name")) or full or None


def _yes(value: Any) -> bool:
    return value is True or _text(value).lower() in ("1", "true", "y", "yes")


def _person(entry: dict[str, Any], where: str) -> SourcePerson:
    person = SourcePerson(key=_text(entry.get("name")), name=_name(entry), where=where,
                          sex=_SEX.get(_text(entry.get("sex")).upper(), "unknown"),
                          born=loose_date(yob if isinstance(yob := entry.get("yob"), int | str) else None),
                          deceased=_yes(entry.get("status")), proband=_yes(entry.get("proband")))
    for field_name, value in sorted(entry.items()):
        if field_name.endswith("_diagnosis_age") and isinstance(value, int | float | str) and _text(value):
            person.conditions.append(f"{field_name[:-len('_diagnosis_age')].replace('_', ' ')} "
                                     f"(diagnosed at {_text(value)})")
    return person


def _entries(path: str, text: str) -> list[dict[str, Any]]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        raise ImportRefused(f"{path}:{err.lineno}:{err.colno}: not JSON: {err.msg}") from None
    if not isinstance(data, list) or not all(isinstance(e, dict) for e in data):
        raise ImportRefused(f"{path}: not a pedigreejs file: expected a JSON list of people (objects)")
    entries = [e for e in data if _text(e.get("name"))]
    if len(entries) < len(data):
        raise ImportRefused(f"{path}: not a pedigreejs file: {len(data) - len(entries)} entries "
                            "without a `name`")
    return entries


def _entry_lines(text: str) -> list[int]:
    """The line on which each entry of the (already parsed) top-level list starts, for warnings."""
    decoder = json.JSONDecoder()
    lines: list[int] = []
    at = text.index("[") + 1
    line = 1 + text.count("\n", 0, at)
    while True:
        start = at
        while start < len(text) and text[start] in " \t\r\n,":
            start += 1
        if start >= len(text) or text[start] == "]":
            return lines
        line += text.count("\n", at, start)
        lines.append(line)
        _, at = decoder.raw_decode(text, start)
        line += text.count("\n", start, at)


def read_pedigreejs(path: str, text: str) -> SourceFile:
    source = SourceFile(path=path, kind="pedigreejs JSON")
    families: dict[tuple[str, str], SourceFamily] = {}
    twins: dict[tuple[str, str, str], SourceTwins] = {}
    divorced: set[frozenset[str]] = set()
    entries = _entries(path, text)
    lines = _entry_lines(text)
    for i, entry in enumerate(entries):
        key = _text(entry.get("name"))
        parents = (_text(entry.get("father")), _text(entry.get("mother")))
        if _text(entry.get("divorced")):
            divorced.add(frozenset((key, _text(entry.get("divorced")))))
        family = None
        if any(parents):
            family = families.get(parents)
            if family is None:
                family = SourceFamily(key="-".join(p for p in parents if p),
                                      partners=[p for p in parents if p],
                                      roles=[r for r, p in zip(("father", "mother"), parents, strict=True)
                                             if p],
                                      type="relationship", where=f"entry {i + 1}", line=lines[i])
                families[parents] = family
        loss = next((outcome for flag, outcome in _LOSSES.items() if _yes(entry.get(flag))), None)
        if loss and family is not None:
            family.losses.append(loss)
            continue
        person = _person(entry, f"entry {i + 1}")
        person.line = lines[i]
        source.people.append(person)
        if family is None:
            continue
        family.children.append(SourceChild(key, "adopted" if _yes(entry.get("adopted_in")) else "biological"))
        for flag, kind in (("mztwin", "identical"), ("dztwin", "fraternal")):
            label = _text(entry.get(flag))
            if label:
                group = twins.setdefault((family.key, flag, label), SourceTwins([], kind))  # type: ignore[arg-type]
                if not group.members:
                    family.twins.append(group)
                group.members.append(key)
    for family in families.values():
        if frozenset(family.partners) in divorced:
            family.type, family.status = "married", "divorced"
    source.families = list(families.values())
    return source
