"""One folder of files made to appear at once: staged in a hidden folder, then swapped into place.

`publish(out, name, files, private)` writes `files` (name -> bytes) as `out/name/`, replacing the
folder that was there in one step; `sweep_stale(out)` removes what a killed `publish` left.  The
design (why a staging folder, why not O_TMPFILE, what a kill leaves) is in `output.py`'s docstring.
Every OSError becomes an `OutputError`: one line naming the path and what to do.

Staleness is judged by the pid in the staging folder's name, on this machine: a pid reused by a
new process keeps a stale folder until a later sweep (harmless); a folder left by a writer on
another machine sharing the file system, or in another pid namespace, is judged by a pid of ours
(it may be swept while that writer still runs: render one --out from one machine at a time).
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import functools
import os
import platform
import re
import secrets
import shutil
import sys
from collections.abc import Callable, Collection, Mapping
from pathlib import Path

from .atomicfile import fsync_folder

# `.<name>.socialmaps-new-<pid>-<token>`: the folder being filled (or, after the swap, the old one
# on its way out); `-old-`: the old folder set aside where the swap is two renames.  A case
# folder's own name never starts with a dot (output.folder_name), so it never matches.
STAGING = re.compile(r"^\.(?P<name>.+)\.socialmaps-(?P<role>new|old)-(?P<pid>[0-9]{1,10})-[0-9a-f]{12}$")

_AT_FDCWD = -100
_RENAME_EXCHANGE = 1 << 1
# renameat2's number where libc has no wrapper (glibc < 2.28); other machines use the fallback.
_SYS_RENAMEAT2 = {"x86_64": 316, "aarch64": 276, "i686": 353, "i386": 353}


class OutputError(Exception):
    """An I/O problem, said as one line: the path, what went wrong, what to do."""


def publish(out: Path, name: str, files: Mapping[str, bytes], private: bool,
            replaces: Collection[str] = ()) -> tuple[Path, ...]:
    """Write `files` into `out/name/` all at once; returns the paths written.  What the old folder
    holds besides `files` and the names in `replaces` (what this render answers for, written or
    not) is kept.  Raises OutputError (the old folder is then untouched, no staging folder left)."""
    _make_out_dir(out, private)
    target = out / name
    _check_target(target, {*files, *replaces})
    staging = out / f".{name}.socialmaps-new-{os.getpid()}-{secrets.token_hex(6)}"
    try:
        _guard(out, lambda: os.mkdir(staging, 0o700 if private else 0o777))
        if private:
            _guard(out, lambda: os.chmod(staging, 0o700))  # exactly, whatever the umask takes away
        for file_name, data in sorted(files.items()):
            _guard(target / file_name,  # named as the user will look for it, not by the staging name
                   functools.partial(_write_file, staging / file_name, data, private))
        if os.path.lexists(target):
            _guard(target, lambda: _carry_over(target, staging, {*files, *replaces}))
        _guard(target, lambda: fsync_folder(staging))
        _guard(target, lambda: _swap(staging, target))
        # From here `staging` holds the old folder (or nothing): removed below either way.
    finally:
        _remove_tree(staging)
        _restore_aside(staging, target)
    fsync_folder(out, quiet=True)
    return tuple(target / file_name for file_name in sorted(files))


def sweep_stale(out: Path) -> list[Path]:
    """Remove staging folders in `out` whose writer is dead; an old folder set aside by a killed
    two-rename swap whose place is still empty is put back instead.  Never raises."""
    done: list[Path] = []
    try:
        entries = list(os.scandir(out))
    except (OSError, ValueError):  # no such folder (yet), not a folder, a NUL in the name
        return done
    for entry in entries:
        found = STAGING.match(entry.name)
        if found is None or _writer_alive(int(found["pid"])):
            continue
        try:
            if not entry.is_dir(follow_symlinks=False):
                continue
            home = out / found["name"]
            if found["role"] == "old" and not os.path.lexists(home):
                os.rename(entry.path, home)
            else:
                shutil.rmtree(entry.path)
            done.append(Path(entry.path))
        except OSError:
            continue  # someone else's, or busy: left for a later sweep
    return done


# ----------------------------------------------------------------------------- steps


def _make_out_dir(out: Path, private: bool) -> None:
    if out.is_dir():
        return
    if os.path.lexists(out):
        raise OutputError(f"{out}: is a file, not a folder; choose another output folder (--out)")
    _guard(None, lambda: out.mkdir(mode=0o700 if private else 0o777, parents=True, exist_ok=True))
    if private:
        _guard(out, lambda: os.chmod(out, 0o700))  # exactly, whatever the umask takes away


def _check_target(target: Path, names: Collection[str]) -> None:
    """The case's folder, if there, must be a real folder, and no name we write a folder."""
    if not os.path.lexists(target):
        return
    if os.path.islink(target):
        raise OutputError(f"{target}: is a symbolic link; the case's folder is replaced whole, so "
                          "remove the link (or render into the folder it points to)")
    if not target.is_dir():
        raise OutputError(f"{target}: is a file, not a folder; move it away so the case can be written")
    for file_name in sorted(names):
        path = target / file_name
        if path.is_dir() and not path.is_symlink():
            raise OutputError(f"{path}: is a folder, not a file; move it away so the file can be written")


def _write_file(path: Path, data: bytes, private: bool) -> None:
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOFOLLOW", 0)
    fd = os.open(path, flags, 0o600 if private else 0o666)
    try:
        if private:
            os.fchmod(fd, 0o600)
        write_all(fd, data)
        os.fsync(fd)
    finally:
        os.close(fd)


def write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def _carry_over(old: Path, new: Path, replaced: set[str]) -> None:
    """Link into `new` what `old` holds that this render does not write, so that rendering some
    diagrams or formats keeps the others (and anything the user keeps beside them)."""
    for entry in os.scandir(old):
        if entry.name in replaced:
            continue
        there = new / entry.name
        if entry.is_symlink():
            os.symlink(os.readlink(entry.path), there)
        elif entry.is_dir():
            shutil.copytree(entry.path, there, symlinks=True, copy_function=_link_or_copy)
        elif entry.is_file():
            _link_or_copy(entry.path, str(there))


def _link_or_copy(source: str, destination: str) -> str:
    try:
        os.link(source, destination, follow_symlinks=False)
    except OSError:
        shutil.copy2(source, destination, follow_symlinks=False)
    return destination


def _swap(staging: Path, target: Path) -> None:
    """Put `staging` at `target`; the old `target`, if any, ends up at `staging`."""
    if not os.path.lexists(target):
        try:
            os.rename(staging, target)
            return
        except OSError as err:  # appeared meanwhile (another writer): swap with it instead
            if err.errno not in (errno.EEXIST, errno.ENOTEMPTY):
                raise
    if _exchange(staging, target):
        return
    # Two renames where RENAME_EXCHANGE is missing (not Linux, old kernel, a file system without
    # it).  The window: between them `target` does not exist, so a reader finds no folder for the
    # case (never a mixed one).  Interrupted there, `publish` puts the old folder back
    # (`_restore_aside`); killed there, the old folder stays under the `-old-` name and the next
    # sweep puts it back, since its place is still empty.
    aside = _aside(staging)
    os.rename(target, aside)
    os.rename(staging, target)
    os.rename(aside, staging)  # the old folder goes where the caller removes it


def _aside(staging: Path) -> Path:
    return staging.with_name(staging.name.replace(".socialmaps-new-", ".socialmaps-old-"))


def _restore_aside(staging: Path, target: Path) -> None:
    """After a two-rename swap was interrupted: the old folder set aside goes back to its place if
    that is empty, else (the new one is in place) away.  Never raises: what stays, the sweep takes."""
    aside = _aside(staging)
    if not os.path.lexists(aside):
        return
    if os.path.lexists(target):
        _remove_tree(aside)
        return
    with contextlib.suppress(OSError):
        os.rename(aside, target)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one step (Linux renameat2 RENAME_EXCHANGE); False where unsupported."""
    call = _renameat2()
    if call is None:
        return False
    if call(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(b))


@functools.cache
def _renameat2() -> Callable[[int, bytes, int, bytes, int], int] | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(None, use_errno=True)
    except OSError:
        return None
    wrapper = getattr(libc, "renameat2", None)
    if wrapper is not None:
        wrapper.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
        wrapper.restype = ctypes.c_int
        return wrapper  # type: ignore[no-any-return]
    number = _SYS_RENAMEAT2.get(platform.machine())
    if number is None:
        return None
    syscall = libc.syscall
    syscall.restype = ctypes.c_long

    def via_syscall(old_dir: int, old: bytes, new_dir: int, new: bytes, flags: int) -> int:
        return int(syscall(ctypes.c_long(number), ctypes.c_int(old_dir), ctypes.c_char_p(old),
                           ctypes.c_int(new_dir), ctypes.c_char_p(new), ctypes.c_uint(flags)))

    return via_syscall


def _remove_tree(path: Path) -> None:
    if os.path.lexists(path):
        shutil.rmtree(path, ignore_errors=True)


def _writer_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True  # this process: another thread may be writing
    if os.name != "posix":
        return True  # os.kill(pid, 0) would end the process on Windows: never sweep there
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # alive, someone else's
    except (OverflowError, OSError):
        return False  # no such pid can exist
    return True


def _guard(path: Path | None, action: Callable[[], object]) -> None:
    """Run `action`; an OSError becomes an OutputError naming `path` (None: the path the error names)."""
    try:
        action()
    except OSError as err:
        raise OutputError(f"{path if path is not None else err.filename}: {_advice(err)}") from err


_ADVICE = {
    errno.ENOSPC: "no space left on the device; free some space and render again",
    errno.EDQUOT: "disk quota exceeded; free some space and render again",
    errno.EACCES: "permission denied; choose an output folder you can write to",
    errno.EPERM: "not permitted; choose an output folder you can write to",
    errno.EROFS: "the file system is read-only; choose another output folder",
    errno.ENOTDIR: "a part of this path is a file, not a folder; choose another output folder",
    errno.EISDIR: "is a folder, not a file; move it away so the file can be written",
    errno.ENAMETOOLONG: "the path is too long; choose a shorter output folder",
    errno.EIO: "input/output error on the device; check the disk and render again",
}


def _advice(err: OSError) -> str:
    return _ADVICE.get(err.errno or 0, f"cannot write: {err.strerror or err}")

