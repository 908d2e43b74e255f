"""Pedigree tables -> SourceFile: LINKAGE/PED (`fam id father mother sex [affected …]`, whitespace
or tabs, no header), tables with a header row (kinship2's .tab files, PLINK/peddy, CSV such as
kinship2's minnbreast) and Madeline 2 .data files (a header row, or one column name a line
followed by a blank line).

Columns are found by name where there is a header; without one, by LINKAGE's order.  Missing
values are `0`, `.`, `NA` or empty.  Sex: 1/M/male, 2/F/female, anything else unknown.
Affection (written as the free-text condition "affected"): LINKAGE's 2 = affected when the column
uses 2 anywhere, otherwise (kinship2's 0/1 coding) 1 = affected.  A parent named in a row but
never given a row of their own is added (their sex from the column naming them).  Ids are
per pedigree in these formats: when one id is used in two pedigrees, every id becomes `fam_id`.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass, field

from ..model import Sex
from .dates import loose_date
from .records import (
    ImportRefused,
    SourceChild,
    SourceFamily,
    SourceFile,
    SourcePerson,
    SourceTwins,
    SourceWarning,
)

MISSING = frozenset({"", "0", ".", "na", "nan", "-9", "null", "none"})
_COLUMNS: dict[str, tuple[str, ...]] = {
    "fam": ("ped", "famid", "fam", "family", "familyid", "fid", "kindred_id", "kindred", "pedigree", "pedid"),
    "id": ("id", "individualid", "iid", "sample_id", "indid", "individual", "person", "subject"),
    "father": ("father", "fatherid", "dadid", "paternal_id", "pat", "pid", "dad"),
    "mother": ("mother", "motherid", "momid", "maternal_id", "mat", "mid", "mom"),
    "sex": ("sex", "gender"),
    "affected": ("affected", "affection", "affection_status", "phenotype", "affected1"),
    "deceased": ("deceased", "dead", "vital_status"),
    "proband": ("proband", "index"),
    "born": ("dob", "yob", "birth", "birthyear", "born"),
    "mztwin": ("mztwin",),
    "dztwin": ("dztwin",),
    "name": ("name",),
}
_LOOKUP = {alias: column for column, aliases in _COLUMNS.items() for alias in aliases}
_YES = frozenset({"y", "yes", "1", "true", "t", "p", "d"})


@dataclass
class _Table:
    columns: dict[str, int]
    rows: list[tuple[int, list[str]]] = field(default_factory=list)   # (line number, cells)
    kind: str = "PED"


def _cell(cells: list[str], columns: dict[str, int], name: str) -> str:
    index = columns.get(name)
    if index is None or index >= len(cells):
        return ""
    return cells[index].strip().strip('"').strip()


def _header_columns(cells: list[str]) -> dict[str, int]:
    columns: dict[str, int] = {}
    for i, cell in enumerate(cells):
        word = cell.strip().strip('"').lstrip("#").strip().lower()
        column = _LOOKUP.get(word) or ("affected" if word.startswith("affected") else None)
        if column and column not in columns:
            columns[column] = i
    return columns


def _split(line: str, comma: bool) -> list[str]:
    if comma:
        return next(csv.reader(io.StringIO(line)), [])
    return line.split()


def _madeline_block(lines: list[str]) -> _Table | None:
    """Madeline's second layout: column names one a line, a blank line, then the rows."""
    names: list[str] = []
    start = next((n for n, line in enumerate(lines) if line.strip()), len(lines))
    for number, line in enumerate(lines[start:], start):
        if not line.strip():
            columns = _header_columns(names)
            if "id" not in columns or len(names) < 3:
                return None
            rows = [(n + 1, line.split()) for n, line in enumerate(lines) if n > number and line.strip()]
            return _Table(columns, rows, "Madeline 2")
        if len(line.split()) != 1:
            return None
        names.append(line.strip())
    return None


def read_table(path: str, text: str) -> SourceFile:
    lines = text.splitlines()
    table = _madeline_block(lines) or _table(path, lines)
    source = SourceFile(path=path, kind=table.kind)
    if "id" not in table.columns:
        raise ImportRefused(f"{path}: no column of person ids (a header naming `id`, or LINKAGE's "
                            "`fam id father mother sex` order)")
    _rows_to_source(table, source)
    return source


def _table(path: str, lines: list[str]) -> _Table:
    content = [(n + 1, line) for n, line in enumerate(lines) if line.strip()]
    if not content:
        raise ImportRefused(f"{path}: empty file: no pedigree rows")
    comma = path.lower().endswith(".csv") or ("," in content[0][1] and "\t" not in content[0][1])
    first = _split(content[0][1], comma)
    columns = _header_columns(first)
    kind = "CSV" if comma else ("Madeline 2" if path.lower().endswith(".data") else "PED")
    if "id" in columns:
        body = content[1:]
        widths = [len(_split(line, comma)) for _, line in body[:50]]
        if widths and min(widths) == len(first) + 1:  # R's write.table: a row-name column the header lacks
            columns = {name: index + 1 for name, index in columns.items()}
        if "father" not in columns and "mother" not in columns:
            raise ImportRefused(f"{path}:{content[0][0]}: no father or mother column: not a pedigree "
                                "(a header naming father/mother, dadid/momid, Paternal_ID/Maternal_ID)")
    elif comma:
        raise ImportRefused(f"{path}:{content[0][0]}: a CSV file needs a header naming its columns "
                            "(id, father, mother, sex); this one names none of them")
    else:
        body = [(n, line) for n, line in content if not line.lstrip().startswith("#")]
        width = len(_split(body[0][1], comma)) if body else 0
        if width < 5:
            raise ImportRefused(f"{path}:{content[0][0]}: neither a header naming the columns nor LINKAGE's "
                                f"`fam id father mother sex` ({width} column(s))")
        columns = {"fam": 0, "id": 1, "father": 2, "mother": 3, "sex": 4}
        if width > 5:
            columns["affected"] = 5
    return _Table(columns, [(n, _split(line, comma)) for n, line in body], kind)


def _sex(value: str) -> Sex:
    word = value.lower()
    if word in ("1", "m", "male"):
        return "male"
    if word in ("2", "f", "female"):
        return "female"
    return "unknown"


def _key_maker(table: _Table) -> Callable[[str, str], str]:
    """Per-pedigree ids made file-wide when they clash across pedigrees."""
    owners: dict[str, set[str]] = {}
    for _, cells in table.rows:
        owners.setdefault(_cell(cells, table.columns, "id"), set()).add(_cell(cells, table.columns, "fam"))
    clash = any(len(fams) > 1 for fams in owners.values())
    return (lambda fam, person: f"{fam}_{person}") if clash else (lambda fam, person: person)


def _rows_to_source(table: _Table, source: SourceFile) -> None:
    cols = table.columns
    key = _key_maker(table)
    affected_code = "2" if any(_cell(c, cols, "affected") == "2" for _, c in table.rows) else "1"
    by_key: dict[str, SourcePerson] = {}
    matings: dict[tuple[str, str, str], SourceFamily] = {}
    twins: dict[tuple[str, str, str], SourceTwins] = {}
    for number, cells in table.rows:
        raw_id = _cell(cells, cols, "id")
        if raw_id.lower() in MISSING:
            source.warnings.append(SourceWarning("a row without a person id (left out)", number))
            continue
        fam = _cell(cells, cols, "fam")
        person = SourcePerson(key=key(fam, raw_id), where=f"line {number}", line=number,
                              sex=_sex(_cell(cells, cols, "sex")))
        person.name = _cell(cells, cols, "name") or raw_id
        person.born = loose_date(_cell(cells, cols, "born"))
        person.deceased = _cell(cells, cols, "deceased").lower() in _YES
        person.proband = _cell(cells, cols, "proband").lower() in _YES
        if _cell(cells, cols, "affected").lower() in {affected_code, "a", "y", "affected"}:
            person.conditions.append("affected")
        source.people.append(person)
        by_key.setdefault(person.key, person)
        parents = [_cell(cells, cols, "father"), _cell(cells, cols, "mother")]
        parent_keys = ["" if p.lower() in MISSING else key(fam, p) for p in parents]
        if not any(parent_keys):
            continue
        mating = (fam, parent_keys[0], parent_keys[1])
        family = matings.get(mating)
        if family is None:
            family = SourceFamily(key="-".join(p for p in (fam, *parent_keys) if p) or "family",
                                  partners=[p for p in parent_keys if p],
                                  roles=[r for r, p in zip(("father", "mother"), parent_keys, strict=True)
                                         if p],
                                  type="relationship", where=f"line {number}", line=number)
            matings[mating] = family
        family.children.append(SourceChild(person.key))
        for column, kind in (("mztwin", "identical"), ("dztwin", "fraternal")):
            label = _cell(cells, cols, column)
            if label.lower() not in MISSING:
                group = twins.setdefault((family.key, column, label), SourceTwins([], kind))  # type: ignore[arg-type]
                if not group.members:
                    family.twins.append(group)
                group.members.append(person.key)
    source.families = list(matings.values())
    _add_implicit_parents(source, by_key)


def _add_implicit_parents(source: SourceFile, known: dict[str, SourcePerson]) -> None:
    added = []
    first_line = 0
    for family in source.families:
        for parent, role in zip(family.partners, family.roles, strict=True):
            if parent not in known:
                known[parent] = SourcePerson(key=parent, sex="male" if role == "father" else "female")
                source.people.append(known[parent])
                added.append(parent)
                first_line = first_line or family.line
    if added:
        shown = ", ".join(added[:12]) + (f" and {len(added) - 12} more" if len(added) > 12 else "")
        source.warnings.append(SourceWarning(f"parents named but without a row of their own (added, sex from "
                                             f"their column): {shown}", first_line))
