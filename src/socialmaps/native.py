"""The compiled layout, when the install built one and its sources are unchanged.

`hatch_build.py` compiles the genogram's layout modules with mypyc into `socialmaps_native/`, with
a manifest of the sources it compiled (their SHA-256).  `install` puts a finder first on
``sys.meta_path`` that loads those modules from there, but only if every source still reads as it
did: the compiled modules call one another directly, so one edited file (an editable checkout) sends
all of them back to their Python.  Either way the output is the same; the compiled layout is faster.

SOCIALMAPS_PURE=1 in the environment keeps the pure Python (the tests compare the two).  Importing
this module installs the finder (the package imports it first of all, before the layout).
"""

from __future__ import annotations

import hashlib
import importlib.machinery
import importlib.util
import json
import os
import sys
from collections.abc import Sequence
from importlib.machinery import ModuleSpec
from pathlib import Path
from types import ModuleType

PACKAGE = Path(__file__).resolve().parent
NATIVE = "socialmaps_native"  # (hatch_build.NATIVE, where the install puts it)


class NativeFinder:
    """Finds the compiled modules the manifest names (the layout's, and mypyc's shared library)."""

    def __init__(self, folder: Path, modules: dict[str, str]) -> None:
        self.folder = folder
        self.modules = modules

    def find_spec(self, fullname: str, path: Sequence[str] | None = None,
                  target: ModuleType | None = None) -> ModuleSpec | None:
        relative = self.modules.get(fullname)
        if relative is None:
            return None
        location = str(self.folder / relative)
        loader = importlib.machinery.ExtensionFileLoader(fullname, location)
        return importlib.util.spec_from_file_location(fullname, location, loader=loader)


def _folder() -> Path | None:
    """Where the compiled modules were installed (beside the package), if anywhere."""
    for entry in sys.path:
        candidate = Path(entry or ".") / NATIVE / "manifest.json"
        if candidate.is_file():
            return candidate.parent
    return None


_status = "pure Python (not yet looked for)"


def status() -> str:
    """Why the layout runs compiled or not, in a line (``socialmaps --version`` shows it)."""
    return _status


def install() -> bool:
    """Load the compiled layout from now on where it is installed and current; whether it is."""
    global _status
    _status, finder = _found()
    if finder is None:
        return _status.startswith("compiled")  # (compiled where the finder is in use already)
    sys.meta_path.insert(0, finder)
    try:
        # mypyc's shared library, which every compiled module loads: one that cannot load here (a
        # build for another C library, say) sends the layout back to its Python, not to an ImportError
        for name in finder.modules:
            if "." not in name:
                importlib.import_module(name)
    except ImportError as exc:
        sys.meta_path.remove(finder)
        _status = f"pure Python (the compiled layout does not load: {exc})"
        return False
    return True


def _found() -> tuple[str, NativeFinder | None]:
    """The finder of the compiled layout where it is installed, current and not yet in use, and what
    `status` says."""
    if os.environ.get("SOCIALMAPS_PURE"):
        return "pure Python (SOCIALMAPS_PURE is set)", None
    folder = _folder()
    if folder is None:
        return "pure Python (not compiled at install)", None
    try:
        manifest = json.loads((folder / "manifest.json").read_text())
        python = f"{sys.version_info[0]}.{sys.version_info[1]}"
        if manifest.get("python") != python:
            return f"pure Python (compiled for Python {manifest.get('python')}, running {python})", None
        for source, digest in manifest["sources"].items():
            if hashlib.sha256((PACKAGE / source).read_bytes()).hexdigest() != digest:
                return f"pure Python ({source} changed since it was compiled)", None
        modules = {name: str(path) for name, path in manifest["modules"].items()}
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        return f"pure Python (the compiled layout's manifest is unreadable: {exc})", None
    said = f"compiled ({len(manifest['sources'])} layout modules, {folder})"
    if any(isinstance(finder, NativeFinder) for finder in sys.meta_path):
        return said, None  # (already in use)
    return said, NativeFinder(folder, modules)


install()
