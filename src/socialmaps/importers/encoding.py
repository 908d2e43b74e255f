"""Whether a foreign file is UTF-16 ("Unicode" as Windows programs save text, GEDCOM 5.5's UNICODE):
the GEDCOM reader and the table and JSON readers ask it before anything else."""

from __future__ import annotations


def utf16_encoding(raw: bytes) -> str | None:
    """``"utf-16"`` where the bytes start with a UTF-16 byte-order mark, ``"utf-16-le"`` or
    ``"utf-16-be"`` where they start with an ASCII character and a NUL without one (every
    GEDCOM, PED and pedigreejs file starts with an ASCII character: ``0``, a digit or ``[``);
    None for anything else (UTF-8, Latin-1, ANSEL: the readers take those as they are)."""
    if raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return "utf-16"
    if len(raw) >= 4 and raw[0] and raw[0] < 0x80 and not raw[1] and raw[2] < 0x80 and not raw[3]:
        return "utf-16-le"
    if len(raw) >= 4 and not raw[0] and raw[1] and raw[1] < 0x80 and not raw[2] and raw[3] < 0x80:
        return "utf-16-be"
    return None


def utf16_text(raw: bytes) -> str | None:
    """The text of a UTF-16 file (`utf16_encoding`), its byte-order mark left out; None for any other."""
    encoding = utf16_encoding(raw)
    return None if encoding is None else raw.decode(encoding, errors="replace").removeprefix("\ufeff")
