"""Families from other programs: GEDCOM (5.5.1 and 7), PED/LINKAGE and similar pedigree tables
(kinship2, PLINK, Madeline 2, CSV), and pedigreejs JSON, as cases.

    imported = import_file("royal92.ged")     # or ImportRefused with one clear message
    imported.yaml                             # the case file text (validates with `socialmaps validate`)
    imported.case                             # the validated Case
    imported.warnings                         # what the source said that could not be kept, by record id

The readers transcribe (gedcom.py, ped.py, pedigreejs.py); build.py repairs and maps; this module
checks the result exactly as `validate` would and writes it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from ..model import Case
from .build import Built, build_case
from .encoding import utf16_text
from .records import ImportRefused, SourceFile, SourceWarning

__all__ = ["IMPORT_SUFFIXES", "ImportRefused", "Imported", "SourceWarning", "import_file", "is_foreign"]

GEDCOM_SUFFIXES = (".ged", ".gedcom")
TABLE_SUFFIXES = (".ped", ".tab", ".tsv", ".data", ".csv", ".fam", ".pre", ".linkage")
REFUSED_SUFFIXES = {".gramps": "Gramps XML is not read; export the tree from Gramps as GEDCOM and "
                               "import that",
                    ".gpkg": "Gramps packages are not read; export the tree from Gramps as GEDCOM"}
IMPORT_SUFFIXES = (*GEDCOM_SUFFIXES, *TABLE_SUFFIXES, ".json")
# Reading a foreign file is bounded like a case file: GEDCOMs of a few MB are common, 64 MB is not.
MAX_IMPORT_BYTES = 64_000_000


@dataclass(frozen=True)
class Imported:
    source: str
    kind: str
    case: Case
    yaml: str
    warnings: tuple[str, ...]
    people: int
    unions: int
    located: tuple[SourceWarning, ...] = ()  # the warnings with the line each starts at


def is_foreign(path: str | Path) -> bool:
    """Does `render` hand this file to an importer?  A .json file only when it is not a case
    (a case is a JSON object; pedigreejs is a list)."""
    suffix = Path(path).suffix.lower()
    if suffix in REFUSED_SUFFIXES or suffix in GEDCOM_SUFFIXES or suffix in TABLE_SUFFIXES:
        return True
    if suffix == ".json":
        try:
            with open(path, "rb") as handle:
                head = handle.read(4096).lstrip(b"\xef\xbb\xbf \t\r\n")
        except OSError:
            return False
        return head.startswith(b"[")
    return False


def _check_file(path: str) -> None:
    """A regular file within the import's size limit (a FIFO or /dev/zero is refused unread)."""
    file = Path(path)
    try:
        if not file.is_file():
            raise ImportRefused(f"{path}: not a file (a folder, a device or missing)")
        if file.stat().st_size > MAX_IMPORT_BYTES:
            raise ImportRefused(f"{path}: {file.stat().st_size:,} bytes is more than the "
                                f"{MAX_IMPORT_BYTES:,} an import reads")
    except OSError as err:
        raise ImportRefused(f"{path}: cannot read: {err.strerror or err}") from None


def _read_text(path: str) -> str:
    _check_file(path)
    try:
        raw = Path(path).read_bytes()
    except OSError as err:
        raise ImportRefused(f"{path}: cannot read: {err.strerror or err}") from None
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    text = utf16_text(raw)
    if text is not None:  # (Windows programs write "Unicode" text files so)
        return text
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


def read_source(path: str | Path) -> SourceFile:
    """Transcribe a foreign file by its suffix (and, for .json, its content)."""
    name = str(path)
    suffix = Path(name).suffix.lower()
    if suffix in REFUSED_SUFFIXES:
        raise ImportRefused(f"{name}: {REFUSED_SUFFIXES[suffix]}")
    if suffix in GEDCOM_SUFFIXES:
        _check_file(name)
        from .gedcom import read_gedcom

        return read_gedcom(name)
    text = _read_text(name)
    if suffix == ".json":
        from .pedigreejs import read_pedigreejs

        return read_pedigreejs(name, text)
    if suffix in TABLE_SUFFIXES:
        from .ped import read_table

        return read_table(name, text)
    raise ImportRefused(f"{name}: unknown kind of file; import reads {', '.join(IMPORT_SUFFIXES)}")


def case_yaml(built: Built, source: SourceFile) -> str:
    """The case file: one person or union a line (JSON flow style, which YAML reads), deterministic."""
    data = built.data
    lines = [f"# imported from {Path(source.path).name} ({source.kind}) by socialmaps import",
             f"# {built.people} people, {built.unions} unions; {len(built.warnings)} kind(s) of warning",
             "socialmaps: 1",
             "case: " + json.dumps(data["case"], ensure_ascii=False),
             "people:"]
    lines += ["  - " + json.dumps(entry, ensure_ascii=False) for entry in data["people"]]
    if data.get("unions"):
        lines.append("unions:")
        lines += ["  - " + json.dumps(entry, ensure_ascii=False) for entry in data["unions"]]
    return "\n".join(lines) + "\n"


def _validated(built: Built, source: SourceFile) -> Case:
    """The case as `validate` reads it; a problem here is the importer's bug, said as one."""
    from pydantic import ValidationError

    from ..checks import check_case
    from ..errors import format_path

    try:
        case = Case.model_validate(built.data)
    except ValidationError as err:
        first = err.errors()[0]
        raise ImportRefused(f"{source.path}: the imported case is invalid at {format_path(first['loc'])}: "
                            f"{first['msg']} (an importer bug; please report)") from None
    found = check_case(case)
    if found:
        where, message = found[0]
        raise ImportRefused(f"{source.path}: the imported case is invalid at {format_path(where)}: {message} "
                            f"({len(found)} problem(s); an importer bug, please report)")
    return case


def import_file(path: str | Path, case_id: str | None = None) -> Imported:
    """Read, map, repair and check a foreign family file; ImportRefused (one message) if it cannot
    become a case.  Never raises anything else for the file's content."""
    name = str(path)
    source = read_source(name)
    if not source.people:
        raise ImportRefused(f"{name}: no people in this {source.kind} file: nothing to draw")
    built = build_case(source, case_id)
    case = _validated(built, source)
    return Imported(name, source.kind, case, case_yaml(built, source),
                    tuple(warning.message for warning in built.warnings), built.people, built.unions,
                    tuple(built.warnings))
