"""The one case file the live editor may touch, and its history of earlier versions.

Everything the server reads or writes goes through `CaseFile`: it is built from the path given on
the command line and never takes a path from a request, so no request can name another file.

A save is refused (`Conflict`) unless it says which version of the file it was based on and that
version is still what is on disk: two tabs, or the page and another editor, never overwrite each
other's work silently.  The text on disk is replaced atomically (temporary file beside it, fsync,
rename, fsync of the folder), after the version it replaces was copied into `.socialmaps/`.
"""

from __future__ import annotations

import hashlib
import re
import threading
import time
from dataclasses import dataclass
from glob import escape as glob_escape
from pathlib import Path

from ..atomicfile import write_atomic

HISTORY_DIR = ".socialmaps"
DEFAULT_KEEP = 20


def version_of(text: str) -> str:
    """The version of a text: what a save says it was based on."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:20]


class Conflict(Exception):
    """The file on disk is not the version a save was based on."""

    def __init__(self, message: str, current: str) -> None:
        super().__init__(message)
        self.current = current


@dataclass(frozen=True)
class Saved:
    version: str
    backup: Path | None


def template(case_id: str) -> str:
    """The text of a new case file: enough to draw a first genogram, to be edited."""
    safe = re.sub(r"[^A-Za-z0-9._-]+", "-", case_id).strip("-.") or "NEW-CASE"
    return (
        "# yaml-language-server: $schema=https://socialmaps.invalid/schemas/case.schema.json\n"
        "socialmaps: 1\n"
        "case:\n"
        f"  id: {safe}\n"
        "  language: en\n"
        "  client: client\n"
        "\n"
        "people:\n"
        "  - {id: client, name: Client, sex: female, born: 2000}\n"
        "  - {id: father, name: Father, sex: male, born: 1970}\n"
        "  - {id: mother, name: Mother, sex: female, born: 1972}\n"
        "\n"
        "unions:\n"
        "  - {id: u1, partners: [father, mother], type: married, children: [client]}\n"
    )


class CaseFile:
    """The case file at one fixed path, with `keep` earlier versions in `.socialmaps/` beside it."""

    def __init__(self, path: str | Path, keep: int = DEFAULT_KEEP) -> None:
        # Resolved once: a symlinked case file is edited where it really is (a rename over the link
        # would replace the link by a copy).
        self.path = Path(path).resolve()
        self.keep = keep
        self._lock = threading.Lock()

    @property
    def history_dir(self) -> Path:
        return self.path.parent / HISTORY_DIR

    def create_if_missing(self) -> bool:
        """Write the template when there is no file yet; True if it did."""
        if self.path.exists():
            return False
        stem = self.path.name.split(".")[0]
        self._write_atomic(template(stem).encode("utf-8"))
        return True

    def sweep_temps(self, older_than: float = 60.0) -> list[Path]:
        """Remove the temporary files a killed save left beside the file or in its history
        (only names of our own pattern, untouched for `older_than` seconds: never a save under way)."""
        removed = []
        now = time.time()
        for folder, name in ((self.path.parent, self.path.name), (self.history_dir, self.path.name)):
            if not folder.is_dir():
                continue
            for leftover in folder.glob(f".{glob_escape(name)}*.tmp"):
                try:
                    if now - leftover.stat().st_mtime > older_than:
                        leftover.unlink()
                        removed.append(leftover)
                except OSError:
                    continue
        return removed

    def read(self) -> str:
        """The text on disk ('' for a file that vanished; the next save makes it again)."""
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return ""
        return raw.decode("utf-8-sig", errors="replace")

    def version(self) -> str:
        return version_of(self.read())

    def save(self, text: str, base: str) -> Saved:
        """Replace the file by `text` if it still holds the version `base`; keep the old one."""
        with self._lock:
            current = self.read()
            current_version = version_of(current)
            if current == text:
                return Saved(current_version, None)
            if base != current_version:
                raise Conflict(
                    "the file was changed since this page loaded it (in another tab or editor): "
                    "not saved, so that neither change is lost; load the file's version or copy "
                    "your text elsewhere first", current_version)
            backup = self._backup(current) if current else None
            self._write_atomic(text.encode("utf-8"))
            return Saved(version_of(text), backup)

    def backups(self) -> list[Path]:
        """The kept versions, oldest first."""
        if not self.history_dir.is_dir():
            return []
        prefix = f"{self.path.name}."
        return sorted(p for p in self.history_dir.iterdir() if p.name.startswith(prefix)
                      and p.name.endswith(".bak"))

    def _backup(self, text: str) -> Path:
        self.history_dir.mkdir(exist_ok=True)
        # Nanoseconds in the name keep the order even for saves within one second.  The seconds and
        # the nanoseconds come from one reading of the clock: `time.gmtime()` alone reads a coarser
        # clock that lags a few milliseconds past each second, and a save just after one was named
        # before the saves just before it (and the newest versions were pruned as the oldest).
        now = time.time_ns()
        stamp = time.strftime("%Y%m%dT%H%M%S", time.gmtime(now // 10**9)) + f"-{now % 10**9:09d}"
        target = self.history_dir / f"{self.path.name}.{stamp}.bak"
        _write_atomic(target, text.encode("utf-8"))
        for old in self.backups()[:-self.keep] if self.keep > 0 else ():
            old.unlink(missing_ok=True)
        return target

    def _write_atomic(self, data: bytes) -> None:
        _write_atomic(self.path, data)


def _write_atomic(path: Path, data: bytes) -> None:
    """After a crash or a kill at any instant the file holds the old text or the new one, whole,
    with the permission bits it had."""
    write_atomic(path, data, keep_mode=True, sync_folder=True)
