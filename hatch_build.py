"""Build hook: the genogram's layout compiled to C with mypyc, where this machine can.

The layout (`socialmaps.diagrams.genogram.layout`) is most of the time of a large genogram; mypyc
compiles its typed Python to a C extension that computes the same floats in the same order (the
same SVG bytes) in about four fifths of the time of the whole render.  The compiled modules are
installed beside the package, in `socialmaps_native/`, with a manifest of the sources they were
compiled from; `socialmaps.native` loads them only while every one of those sources is unchanged
(an edited checkout falls back to its Python at once, never to stale code).

Where the compiler, the Python headers or mypyc are missing, or anything else fails, the hook says
so and the package installs as pure Python: slower, the same output.  SOCIALMAPS_PURE=1 skips it.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

GENOGRAM = Path("src") / "socialmaps" / "diagrams" / "genogram"
# what is compiled: the layout package's modules (its __init__ stays Python: a package's own module
# is where its submodules are looked up).  Compiled code holds values to their annotations (a float
# where an int is declared is refused): only the layout, whose every module draws the same bytes
# compiled on the whole corpus of tests/test_native.py and the suite run compiled
# (SOCIALMAPS_TEST_COMPILED=1); the steps after it (routing: a float summed where an int is
# declared) and the modules whose classes keep their own instance dict stay Python.
COMPILED = ("layout/[!_]*.py",)
NATIVE = "socialmaps_native"  # (socialmaps.native.NATIVE: the build cannot import the package)
# mypy checks what it compiles; the build environment has none of the runtime dependencies, and the
# project's own settings name a plugin of one (pydantic): these settings replace them for the compile
MYPY_SETTINGS = """[mypy]
python_version = 3.11
ignore_missing_imports = True
follow_imports = silent
"""


class NativeLayoutHook(BuildHookInterface):  # type: ignore[type-arg]
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if os.environ.get("SOCIALMAPS_PURE"):
            return
        root = Path(self.root)
        out = Path(self.directory) / "native"
        try:
            built = compile_layout(root, out)
        except (Exception, SystemExit) as exc:  # the compiler, headers or mypyc missing: pure Python
            self.app.display_warning(f"socialmaps: the layout is not compiled ({type(exc).__name__}: {exc}); "
                                     "installing it as pure Python (the same output, slower)")
            return
        key = "force_include_editable" if version == "editable" else "force_include"
        build_data.setdefault(key, {})[str(built)] = NATIVE
        build_data["pure_python"] = False
        build_data["infer_tag"] = True


def compile_layout(root: Path, out: Path) -> Path:
    """Compile the modules of ``COMPILED`` into ``out``/socialmaps_native with their manifest."""
    from mypyc.build import mypycify
    from setuptools import Distribution

    sources = sorted({p for pattern in COMPILED for p in (root / GENOGRAM).glob(pattern)})
    work = Path(tempfile.mkdtemp(prefix="socialmaps-native-"))
    target = out / NATIVE
    try:
        settings = work / "mypy.ini"
        settings.write_text(MYPY_SETTINGS)
        with _cwd(root / "src"):
            relative = [str(p.relative_to(root / "src")) for p in sources]
            extensions = mypycify([f"--config-file={settings}", *relative], opt_level="3",
                                  target_dir=str(work / "c"))
            if os.name != "nt":
                # no fused multiply-adds (GCC contracts a * b + c by default where the target has
                # them, as on ARM): each operation rounded as Python rounds it, the same floats
                for extension in extensions:
                    extension.extra_compile_args = [*extension.extra_compile_args, "-ffp-contract=off"]
            dist = Distribution({"name": "socialmaps-native", "ext_modules": extensions})
            build = dist.get_command_obj("build_ext")
            build.build_lib = str(work / "lib")  # type: ignore[attr-defined]
            build.build_temp = str(work / "tmp")  # type: ignore[attr-defined]
            dist.run_command("build_ext")
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(work / "lib", target)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    (target / "__init__.py").write_text('"""The compiled layout (see socialmaps.native)."""\n')
    modules = {}
    for built in sorted(target.rglob("*.so")) + sorted(target.rglob("*.pyd")):
        name = built.relative_to(target).as_posix().split(".")[0].replace("/", ".")
        modules[name] = built.relative_to(target).as_posix()
    manifest = {
        "python": f"{sys.version_info[0]}.{sys.version_info[1]}",
        "modules": modules,
        "sources": {p.relative_to(root / "src" / "socialmaps").as_posix(): _digest(p) for p in sources},
    }
    (target / "manifest.json").write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n")
    return target


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@contextlib.contextmanager
def _cwd(path: Path):  # type: ignore[no-untyped-def]
    before = os.getcwd()
    os.chdir(path)
    try:
        yield
    finally:
        os.chdir(before)
