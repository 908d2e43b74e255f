"""Writing one file so that a crash never leaves half of it, and making a folder's entries durable.

One place for what `export`, `batch` and `live.store` each wrote for themselves, and for the folder
fsync `casefolder` does after swapping a case folder in.  The temporary file is `.<name>.<12 hex>.tmp`
beside the target (the live store sweeps leftovers of that pattern).
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path


def write_atomic(path: Path, data: bytes, *, keep_mode: bool = False, sync_folder: bool = False) -> None:
    """`path` holds the old bytes or the new ones, never a part: written to a temporary file beside
    it, fsynced, then renamed over it.  The new file gets 0666 minus the umask, as a file made by
    `cp` would, or with `keep_mode` the permission bits of the file it replaces.  With `sync_folder`
    the folder's entry is made durable too (quietly skipped where a folder cannot be opened)."""
    tmp = path.parent / f".{path.name}.{secrets.token_hex(6)}.tmp"
    mode = path.stat().st_mode & 0o777 if keep_mode and path.exists() else 0o666
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), mode)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    if sync_folder:
        fsync_folder(path.parent, quiet=True)


def fsync_folder(path: Path, quiet: bool = False) -> None:
    """Make the folder's entries durable (so a power cut after a rename finds the new file).
    `quiet`: a system that cannot open or fsync a folder is not an error (the rename is done)."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        if quiet:
            return
        raise
    try:
        os.fsync(fd)
    except OSError:
        if not quiet:
            raise
    finally:
        os.close(fd)
