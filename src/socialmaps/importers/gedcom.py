"""GEDCOM 5.5, 5.5.1, 5.5.5 and 7 -> SourceFile, read with ged4py.

Why ged4py (MIT, maintained): it reads every encoding real files use (UTF-8 with or without BOM,
ANSEL, ASCII, and a few illegal ones), joins CONC/CONT, and parses GEDCOM dates with their
qualifiers; its line grammar is the one GEDCOM 7 kept, so 7.0 files read the same way.  The
`gedcom7` package refuses any file that breaks the 7.0 specification, so it would turn away
every 5.x file and every broken file we must still import.  ged4py does not interpret records,
so the mapping below is ours: INDI and FAM records, followed by pointer, never recursively.
"""

from __future__ import annotations

import bisect
import contextlib
import io
import logging
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from ..model import PartialDate, Relation, Sex
from .dates import gedcom_date
from .encoding import utf16_text
from .records import ImportRefused, SourceChild, SourceFamily, SourceFile, SourcePerson, SourceWarning

_SEX: dict[str, Sex] = {"M": "male", "F": "female"}  # X (GEDCOM 7) and U: unknown
_PEDIGREE: dict[str, Relation] = {"ADOPTED": "adopted", "FOSTER": "foster", "STEP": "step"}
VOID = "@VOID@"
MAX_NAME = 200


def _subs(record: Any, tag: str) -> list[Any]:
    return [sub for sub in record.sub_records if sub.tag == tag]


def _first(record: Any, tag: str) -> Any:
    for sub in record.sub_records:
        if sub.tag == tag:
            return sub
    return None


def _text(value: Any) -> str:
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return "" if value is None else str(value)


def _name(record: Any) -> str | None:
    name = _first(record, "NAME")
    if name is None:
        return None
    value = name.value
    if isinstance(value, tuple):
        text = " ".join(_text(part).strip() for part in value if _text(part).strip())
    else:
        text = _text(value).replace("/", " ")
    text = " ".join(_spoken(word) for word in text.split())
    # (a suffix written after the surname's slash, "Gustaf /Smith/, Sr.", follows it without a space)
    text = re.sub(r" ([,;.])", r"\1", " ".join(text.split()))
    return text[:MAX_NAME] or None


def _spoken(word: str) -> str:
    """A word of a GEDCOM name as a reader says it.  Older programs wrote a blank for a part
    nobody knew (``/_____/``: the surname unknown), left out here as the source leaves it out,
    and joined the words of one part with underscores (``George_III``, ``of_Saxe-Coburg``),
    spaces here: a label breaks between them instead of through a word."""
    if not word.strip("_"):
        return ""
    return word.replace("_", " ")


@dataclass(frozen=True)
class _Lines:
    """The line numbers of the bytes ged4py read: its records carry byte offsets; warnings name
    lines.  `numbers` maps the read text's lines to the file's where lines were left out."""

    starts: Sequence[int]            # the offset at which each line after the first starts
    numbers: Sequence[int] | None = None

    @classmethod
    def of(cls, raw: bytes, numbers: Sequence[int] | None = None) -> _Lines:
        return cls([m.end() for m in re.finditer(rb"\r\n|\r|\n", raw)], numbers)

    def line(self, offset: int | None) -> int:
        if offset is None or offset < 0:
            return 0
        index = bisect.bisect_right(self.starts, offset)
        if self.numbers is None:
            return index + 1
        return self.numbers[index] if index < len(self.numbers) else 0


def _event_date(record: Any, tag: str, unkept: list[tuple[str, int]]) -> PartialDate | None:
    """The event's date as a case date; a date the case format cannot hold (a BEF/AFT bound, B.C.,
    before 1000, another calendar, a free phrase) is added to `unkept` as "record TAG value"."""
    event = _first(record, tag)
    if event is None:
        return None
    date = _first(event, "DATE")
    if date is None:
        return None
    kept = gedcom_date(date.value)
    if kept is None and _text(date.value).strip():
        unkept.append((f"{_text(record.xref_id)} {tag} {_text(date.value).strip()[:40]}", record.offset))
    return kept


def _person(record: Any, unkept: list[tuple[str, int]]) -> tuple[SourcePerson, dict[str, Relation]]:
    """The person, and the relation of each FAMC link that says it (PEDI, or an ADOP event)."""
    sex = _SEX.get(_text(_first(record, "SEX").value if _first(record, "SEX") else "").strip().upper()[:1],
                   "unknown")
    death = _first(record, "DEAT")
    deceased = (death is not None and _text(death.value).strip().upper() != "N") or any(
        _first(record, tag) is not None for tag in ("BURI", "CREM"))
    person = SourcePerson(key=_text(record.xref_id), name=_name(record), sex=sex,
                          born=_event_date(record, "BIRT", unkept),
                          died=_event_date(record, "DEAT", unkept),
                          deceased=deceased)
    relations: dict[str, Relation] = {}
    for link in _subs(record, "FAMC"):
        pedigree = _first(link, "PEDI")
        relation = _PEDIGREE.get(_text(pedigree.value).strip().upper()) if pedigree else None
        if relation:
            relations[_text(link.value).strip()] = relation
    for adoption in _subs(record, "ADOP"):
        link = _first(adoption, "FAMC")
        if link is not None:
            relations.setdefault(_text(link.value).strip(), "adopted")
    return person, relations


def _child_relation(child: Any) -> Relation | None:
    """Family Tree Maker's _FREL/_MREL under CHIL (Adopted, Foster, Step)."""
    for tag in ("_FREL", "_MREL"):
        sub = _first(child, tag)
        if sub is not None:
            relation = _PEDIGREE.get(_text(sub.value).strip().upper())
            if relation:
                return relation
    return None


def _family(record: Any, relations: dict[tuple[str, str], Relation],
            unkept: list[tuple[str, int]]) -> SourceFamily:
    key = _text(record.xref_id)
    family = SourceFamily(key=key)
    for sub in record.sub_records:
        pointer = _text(sub.value).strip()
        if sub.tag in ("HUSB", "WIFE") and pointer and pointer != VOID:
            family.partners.append(pointer)
            family.roles.append(sub.tag)
        elif sub.tag == "CHIL" and pointer and pointer != VOID:
            relation = relations.get((pointer, key)) or _child_relation(sub) or "biological"
            family.children.append(SourceChild(pointer, relation))
    family.start = _event_date(record, "MARR", unkept)
    if _first(record, "MARR") is None and _first(record, "ENGA") is not None:
        family.type = "engaged"
    for tag in ("DIV", "ANUL"):
        event = _first(record, tag)
        if event is not None and _text(event.value).strip().upper() != "N":
            family.status = "divorced"
            family.end = _event_date(record, tag, unkept)
    return family


def _version(header: Any) -> str:
    gedc = _first(header, "GEDC")
    vers = _first(gedc, "VERS") if gedc is not None else None
    return _text(vers.value).strip() if vers is not None else "?"


class _Collected(logging.Handler):
    """ged4py logs what it guesses (an illegal CHAR such as ANSI read as cp1252): kept as warnings,
    not printed by logging's last-resort handler."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(" ".join(record.getMessage().split()))


@contextlib.contextmanager
def _collect_parser_log() -> Iterator[_Collected]:
    logger = logging.getLogger("ged4py")
    handler = _Collected()
    before = logger.propagate
    logger.addHandler(handler)
    logger.propagate = False
    try:
        yield handler
    finally:
        logger.removeHandler(handler)
        logger.propagate = before


_LINE = re.compile(rb"^\s*\d{1,2}[ \t]+(@[^@]+@[ \t]+)?[A-Za-z0-9_]+([ \t].*)?$")


def _only_gedcom_lines(raw: bytes) -> tuple[bytes, list[int]]:
    """The file without the lines that are not GEDCOM lines (a note's text broken over lines
    without CONT, blank lines), and their line numbers."""
    kept, dropped = [], []
    for number, line in enumerate(raw.splitlines(), 1):
        if _LINE.match(line):
            kept.append(line)
        else:
            dropped.append(number)
    return b"\n".join(kept) + b"\n", dropped


def read_gedcom(path: str) -> SourceFile:
    """Read the file as it is; if ged4py stops at a line that is not a GEDCOM line, read it again
    without such lines (they are continuation text or blank lines) and say which were left out."""
    from ged4py.parser import ParserError

    try:
        with open(path, "rb") as handle:
            raw = handle.read()
    except OSError as err:
        raise ImportRefused(f"{path}: cannot read: {err.strerror or err}") from None
    raw = _from_utf16(raw)
    # a line ended by a lone CR (old Mac files) ends with LF instead: the same length, so every
    # offset and line number stays, and every line then ends as `_stock_readline` expects
    raw = _LONE_CR.sub(b"\n", raw)
    try:
        return _read(path, io.BytesIO(raw), _Lines.of(raw))
    except ParserError as err:
        first_error = err
    try:
        cleaned, dropped = _only_gedcom_lines(raw)
        left_out = set(dropped)
        kept = [n for n in range(1, len(raw.splitlines()) + 1) if n not in left_out]
        source = _read(path, io.BytesIO(cleaned), _Lines.of(cleaned, kept))
    except Exception:  # still unreadable: the first answer is the clearer one
        raise ImportRefused(f"{path}: not a GEDCOM file ged4py can read: {first_error}") from None
    more = f" and {len(dropped) - 12} more" if len(dropped) > 12 else ""
    shown = ", ".join(map(str, dropped[:12])) + more
    source.warnings.insert(0, SourceWarning(f"lines that are not GEDCOM lines (left out): {shown}",
                                            dropped[0] if dropped else 0))
    return source


_LONE_CR = re.compile(rb"\r(?!\n)")
# GEDCOM 5.5's UNICODE (UTF-16), as Windows programs write it: its header line, once made UTF-8
_UTF16_CHAR = re.compile(rb"^([ \t]*1[ \t]+CHAR[ \t]+)(UNICODE|UTF-?16[A-Z-]*)(?=[ \t]*\r?$)",
                         re.MULTILINE | re.IGNORECASE)


def _from_utf16(raw: bytes) -> bytes:
    """A UTF-16 file (GEDCOM 5.5's UNICODE, with a byte-order mark or without) as UTF-8, its CHAR
    line saying so: ged4py reads a header byte by byte as ASCII and stopped at the first NUL
    ("Unexpected EOF while reading GEDCOM header").  The lines stay the same lines."""
    text = utf16_text(raw)
    if text is None:
        return raw
    return _UTF16_CHAR.sub(rb"\1UTF-8", text.encode("utf-8"), count=1)


def _stock_readline(reader: Any) -> None:
    """ged4py reads lines through its own `readline`, one byte at a time, so that a lone CR ends a
    line too: half of the time of an import (Queen.ged, 4,683 people: 1.9 s CPU of ged4py reading,
    1.0 s with the stock one).  Our text has no lone CR (see `read_gedcom`), so the buffered
    reader's own `readline` finds the same lines.  Only where ged4py's reader is the buffered
    reader we know; otherwise left as it is."""
    stream = getattr(reader, "_file", None)
    if isinstance(stream, io.BufferedReader) and "readline" in type(stream).__dict__:
        setattr(stream, "readline", io.BufferedReader.readline.__get__(stream))  # noqa: B010 (mypy refuses assigning to a method)


def _read(path: str, file: io.BytesIO, lines: _Lines) -> SourceFile:
    from ged4py.parser import GedcomReader, ParserError

    try:
        with _collect_parser_log() as log, GedcomReader(file, errors="replace") as reader:
            _stock_readline(reader)
            source = SourceFile(path=path, kind="GEDCOM ?")
            _read_records(reader, source, lines)
        source.warnings[:0] = [SourceWarning(f"GEDCOM reader: {line}") for line in dict.fromkeys(log.lines)]
    except (ImportRefused, ParserError):
        raise
    except OSError as err:
        raise ImportRefused(f"{path}: cannot read: {err.strerror or err}") from None
    except Exception as err:  # ged4py's CodecError and anything else it raises on bad input
        raise ImportRefused(f"{path}: not a GEDCOM file ged4py can read: "
                            f"{type(err).__name__}: {err}") from None
    return source


def _read_records(reader: Any, source: SourceFile, lines: _Lines) -> None:
    relations: dict[tuple[str, str], Relation] = {}
    family_links: list[tuple[str, str, int]] = []
    unkept: list[tuple[str, int]] = []
    families = []
    for record in reader.records0():  # one pass (ged4py's `header` would index the whole file first)
        if record.tag == "HEAD":
            source.kind = f"GEDCOM {_version(record)}"
        elif record.tag == "INDI":
            person, relation_of = _person(record, unkept)
            person.line = lines.line(record.offset)
            source.people.append(person)
            for family_key, relation in relation_of.items():
                relations[(person.key, family_key)] = relation
            family_links += [(person.key, _text(s.value).strip(), person.line) for s in record.sub_records
                             if s.tag in ("FAMC", "FAMS")]
        elif record.tag == "FAM":
            families.append(record)
    source.families = [_family(record, relations, unkept) for record in families]
    for family, record in zip(source.families, families, strict=True):
        family.line = lines.line(record.offset)
    if unkept:
        more = f" and {len(unkept) - 12} more" if len(unkept) > 12 else ""
        source.warnings.append(SourceWarning(
            "dates the case format cannot hold (bounds, spans, B.C., before 1000, other calendars; "
            f"left out): {', '.join(text for text, _ in unkept[:12])}{more}", lines.line(unkept[0][1])))
    known = {family.key for family in source.families}
    missing = [(f"{person} -> {family}", line) for person, family, line in family_links
               if family and family != VOID and family not in known]
    if missing:
        shown = ", ".join(text for text, _ in missing[:12])
        shown += f" and {len(missing) - 12} more" if len(missing) > 12 else ""
        source.warnings.append(SourceWarning(f"links to missing families (left out): {shown}", missing[0][1]))
