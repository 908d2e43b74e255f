"""The compiled layout (`socialmaps.native`, built by hatch_build.py): the same bytes as the Python,
and never stale code.

The rest of the suite runs the pure Python (conftest sets SOCIALMAPS_PURE).  Here two fresh
processes draw the same families, one with the compiled layout and one without, and every SVG must
be the same bytes.  Where this install has no compiled layout the comparison is skipped, unless
SOCIALMAPS_REQUIRE_NATIVE=1 (as `.ci/run` sets it), where that is a failure.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from socialmaps import native

ROOT = Path(__file__).resolve().parent.parent
SHARED_DATA = ROOT.parent / "shared" / "data"

# Draws a corpus and prints each drawing's digest: the examples (every diagram that lays out a
# family: the genogram and the ecomap's household), the benchmark's generated families and
# households, and the files of other programs when ../shared is beside the checkout.
DRAW = """
import hashlib, json, sys
from pathlib import Path
root = Path(sys.argv[1]); data = Path(sys.argv[2])
sys.path.insert(0, str(root / "bench"))
from generate_families import family_case, household_case
from socialmaps import native
from socialmaps.loader import load_case, load_text
from socialmaps.options import RenderOptions
from socialmaps.render import applicable, render
digests = {"native": native.status()}
def draw(name, case, kinds=("genogram", "ecomap"), style="default"):
    for kind in kinds:
        if kind in applicable(case):
            svg = render(case, kind, RenderOptions(style=style)).svg
            digests[f"{name} {kind} {style}"] = hashlib.sha256(svg.encode()).hexdigest()
for path in sorted((root / "examples").glob("*.yaml")):
    for style in ("default", "nsgc"):
        draw(path.stem, load_case(path), style=style)
for people in (20, 60, 100, 140, 220, 300, 404, 1000):
    draw(f"family {people}", load_text(family_case(people), "f", max_bytes=10**9), ("genogram",))
for people in (40, 90):
    draw(f"household {people}", load_text(household_case(people, 0.3), "h", max_bytes=10**9))
if data.is_dir():  # every family file of ../shared/data, its focus view
    from socialmaps.importers import ImportRefused, import_file
    for path in sorted(p for p in data.rglob("*") if p.is_file() and p.suffix != ".md"):
        if path.stat().st_size < 400_000:
            try:
                case = import_file(path).case
            except ImportRefused:
                continue  # refused with a message (tests/test_import_realdata.py)
            draw(str(path.relative_to(data)), case, ("genogram",))
print(json.dumps(digests))
"""


def _drawn(pure: bool) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key != "SOCIALMAPS_PURE"}
    if pure:
        env["SOCIALMAPS_PURE"] = "1"
    run = subprocess.run([sys.executable, "-c", DRAW, str(ROOT), str(SHARED_DATA)], env=env,
                         capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr[-2000:]
    drawn: dict[str, str] = json.loads(run.stdout)
    return drawn


def test_the_compiled_layout_draws_the_same_bytes_as_the_python() -> None:
    compiled = _drawn(pure=False)
    status = compiled.pop("native")
    if not status.startswith("compiled"):
        if os.environ.get("SOCIALMAPS_REQUIRE_NATIVE"):
            pytest.fail(f"SOCIALMAPS_REQUIRE_NATIVE is set but the layout runs as {status}")
        pytest.skip(f"no compiled layout in this install: {status}")
    python = _drawn(pure=True)
    assert python.pop("native").startswith("pure Python (SOCIALMAPS_PURE")
    assert len(compiled) > 40 + (100 if SHARED_DATA.is_dir() else 0)
    assert compiled == python


def _manifest(folder: Path, sources: dict[str, str], python: str | None = None, shared: bool = False) -> None:
    """A manifest naming a compiled module that is not there (and, ``shared``, a shared library
    that is not there either: install loads that one at once)."""
    (folder / native.NATIVE).mkdir()
    version = python or f"{sys.version_info[0]}.{sys.version_info[1]}"
    modules = {"socialmaps_fake.module": "fake/module.so"}
    if shared:
        modules["socialmaps_fake_shared"] = "fake_shared.so"
    (folder / native.NATIVE / "manifest.json").write_text(json.dumps(
        {"python": version, "modules": modules, "sources": sources}))


def _digest(source: str) -> str:
    return hashlib.sha256((native.PACKAGE / source).read_bytes()).hexdigest()


@pytest.fixture
def isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """A folder first on sys.path to install a manifest in; sys.meta_path restored afterwards."""
    monkeypatch.delenv("SOCIALMAPS_PURE", raising=False)
    monkeypatch.setattr(sys, "path", [str(tmp_path), *sys.path])
    # (without the finder of this install's own compiled layout, if it has one: each test installs its own)
    others = [finder for finder in sys.meta_path if not isinstance(finder, native.NativeFinder)]
    monkeypatch.setattr(sys, "meta_path", others)
    return tmp_path


def test_an_edited_source_sends_the_layout_back_to_its_python(isolated: Path) -> None:
    source = "diagrams/genogram/layout/pav.py"
    _manifest(isolated, {source: "0" * 64})
    assert native.install() is False
    assert native.status() == f"pure Python ({source} changed since it was compiled)"
    assert not any(isinstance(finder, native.NativeFinder) for finder in sys.meta_path)


def test_a_manifest_of_another_python_is_not_loaded(isolated: Path) -> None:
    _manifest(isolated, {}, python="2.7")
    assert native.install() is False
    assert "compiled for Python 2.7" in native.status()


def test_current_sources_load_the_compiled_modules_and_nothing_else(isolated: Path) -> None:
    source = "diagrams/genogram/layout/pav.py"
    _manifest(isolated, {source: _digest(source)})
    assert native.install() is True
    assert native.status().startswith("compiled (1 layout modules")
    finder = sys.meta_path[0]
    spec = finder.find_spec("socialmaps_fake.module")  # type: ignore[union-attr]
    assert spec is not None and spec.origin == str(isolated / native.NATIVE / "fake" / "module.so")
    assert finder.find_spec("socialmaps.render") is None  # type: ignore[union-attr]


def test_a_shared_library_that_does_not_load_sends_the_layout_back_to_its_python(isolated: Path) -> None:
    source = "diagrams/genogram/layout/pav.py"
    _manifest(isolated, {source: _digest(source)}, shared=True)
    assert native.install() is False
    assert native.status().startswith("pure Python (the compiled layout does not load: ")
    assert not any(isinstance(finder, native.NativeFinder) for finder in sys.meta_path)


def test_the_pure_switch_wins(isolated: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _manifest(isolated, {})
    monkeypatch.setenv("SOCIALMAPS_PURE", "1")
    assert native.install() is False
    assert native.status() == "pure Python (SOCIALMAPS_PURE is set)"
