"""What an importer reads from a foreign file, before it becomes a case: people and families
keyed by the source's own record ids, with every problem kept as a warning naming those ids.

The readers (gedcom.py, ped.py, pedigreejs.py) only transcribe what the file says; build.py
turns it into a valid case (ids made safe, broken links dropped, loops cut) and says what it did.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from ..model import PartialDate, Relation, Sex, UnionStatus, UnionType

TwinKind = Literal["identical", "fraternal", "unknown"]
LossOutcome = Literal["miscarriage", "stillbirth", "abortion"]


class ImportRefused(Exception):
    """The file cannot become a case at all (unreadable, not the format its name says, no people);
    the message names the file and what to do."""


@dataclass(frozen=True)
class SourceWarning:
    """One kind of thing an import repaired or left out, and where in the file it starts: the line
    (1-based) of the first record it names (a GEDCOM record, a table row, a pedigreejs entry), 0
    where it concerns the file as a whole."""

    message: str
    line: int = 0


@dataclass
class SourcePerson:
    key: str                       # the record id as the file writes it (@I1@, 101, m11)
    name: str | None = None
    sex: Sex = "unknown"
    born: PartialDate | None = None
    died: PartialDate | None = None
    deceased: bool = False
    proband: bool = False
    conditions: list[str] = field(default_factory=list)
    where: str = ""                # "line 12" / "row 3": for warnings
    line: int = 0                  # the record's first line in the file (0: not known)


@dataclass
class SourceChild:
    key: str
    relation: Relation = "biological"


@dataclass
class SourceTwins:
    members: list[str]
    kind: TwinKind = "unknown"


@dataclass
class SourceFamily:
    key: str
    partners: list[str] = field(default_factory=list)     # father / husband first, as written
    roles: list[str] = field(default_factory=list)        # HUSB/WIFE or father/mother, beside partners
    children: list[SourceChild] = field(default_factory=list)
    type: UnionType = "married"
    status: UnionStatus = "together"
    start: PartialDate | None = None
    end: PartialDate | None = None
    twins: list[SourceTwins] = field(default_factory=list)
    losses: list[LossOutcome] = field(default_factory=list)
    where: str = ""
    line: int = 0


@dataclass
class SourceFile:
    """One foreign file, transcribed."""

    path: str
    kind: str                                   # "GEDCOM 5.5.1", "PED", "pedigreejs JSON", …
    people: list[SourcePerson] = field(default_factory=list)
    families: list[SourceFamily] = field(default_factory=list)
    warnings: list[SourceWarning] = field(default_factory=list)
