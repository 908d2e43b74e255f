"""The command line: what it writes, what it prints, how it exits."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

GOOD = "socialmaps: 1\ncase: {id: GOOD-1, language: en}\nbpss:\n  biological: [Healthy]\n"
BAD = "socialmaps: 1\ncase: {id: BAD-1}\npeople:\n  - {id: a, name: A, sex: femal}\n  - {id: a, name: B}\n"


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "socialmaps", *args], capture_output=True, text=True,
                          cwd=cwd, env={**os.environ, "PYTHONPATH": str(ROOT / "src")}, timeout=120)


def test_render_all_formats(write, tmp_path: Path) -> None:
    case = write(GOOD)
    out = tmp_path / "out"
    result = run("render", str(case), "--out", str(out), "--format", "svg,png,pdf", "--dpi", "96")
    assert result.returncode == 0, result.stderr
    assert "GOOD-1: bpss" in result.stdout
    files = sorted(p.name for p in (out / "GOOD-1").iterdir())
    assert files == ["bpss.pdf", "bpss.png", "bpss.svg"]
    assert (out / "GOOD-1" / "bpss.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert (out / "GOOD-1" / "bpss.pdf").read_bytes()[:5] == b"%PDF-"
    assert (out / "GOOD-1" / "bpss.svg").read_text().startswith("<?xml")


def test_png_size_follows_dpi(write, tmp_path: Path) -> None:
    import struct

    case = write(GOOD)
    sizes = {}
    for dpi in (96, 192):
        run("render", str(case), "--out", str(tmp_path / str(dpi)), "--format", "png", "--dpi", str(dpi))
        head = (tmp_path / str(dpi) / "GOOD-1" / "bpss.png").read_bytes()[16:24]
        sizes[dpi] = struct.unpack(">II", head)
    assert sizes[192][0] == pytest.approx(2 * sizes[96][0], abs=2)


def test_one_bad_case_does_not_stop_the_others(write, tmp_path: Path) -> None:
    good, bad = write(GOOD, "good.yaml"), write(BAD, "bad.yaml")
    out = tmp_path / "out"
    result = run("render", str(bad), str(good), "--out", str(out))
    assert result.returncode == 1
    assert (out / "GOOD-1" / "bpss.svg").is_file()
    assert not (out / "BAD-1").exists()  # nothing half-written for the invalid case
    assert f"{bad}:4:27: people[0].sex:" in result.stderr
    assert f"{bad}:5:10: people[1].id: duplicate id 'a'" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_validate_exit_codes_and_lines(write) -> None:
    good, bad = write(GOOD, "good.yaml"), write(BAD, "bad.yaml")
    assert run("validate", str(good)).returncode == 0
    result = run("validate", str(good), str(bad))
    assert result.returncode == 1
    assert result.stdout.count(f"{bad}:") == 2
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("args", [
    ["render", "x.yaml", "--format", "gif"],
    ["render", "x.yaml", "--diagrams", "flowchart"],
    ["render", "x.yaml", "--style", "neon"],
    ["render", "x.yaml", "--lang", "fr"],
    ["frobnicate"],
    [],
])
def test_wrong_usage_exits_2(args: list[str]) -> None:
    result = run(*args)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr


def test_missing_file_is_a_clean_error(tmp_path: Path) -> None:
    result = run("validate", str(tmp_path / "nope.yaml"))
    assert result.returncode == 1
    assert "cannot read" in result.stdout and "Traceback" not in result.stderr


def test_input_never_touched_and_output_replaced_whole(write, tmp_path: Path) -> None:
    case = write(GOOD)
    before = case.read_bytes(), case.stat().st_mtime_ns
    out = tmp_path / "out"
    target = out / "GOOD-1" / "bpss.svg"
    target.parent.mkdir(parents=True)
    target.write_text("old")
    assert run("render", str(case), "--out", str(out)).returncode == 0
    assert (case.read_bytes(), case.stat().st_mtime_ns) == before
    assert target.read_text().startswith("<?xml")
    assert [p.name for p in target.parent.iterdir()] == ["bpss.svg"]  # no temporary files left


def test_diagram_selection_and_language(write, tmp_path: Path) -> None:
    case = write(GOOD)
    result = run("render", str(case), "--out", str(tmp_path), "--diagrams", "bpss", "--lang", "id", "--check")
    assert result.returncode == 0
    assert "bpss: " in result.stdout and "items=1" in result.stdout
    assert "Biologis" in (tmp_path / "GOOD-1" / "bpss.svg").read_text()


def test_render_twice_same_bytes_in_every_format(write, tmp_path: Path) -> None:
    case = write(GOOD)
    for name in ("a", "b"):
        run("render", str(case), "--out", str(tmp_path / name), "--format", "svg,pdf")
    for fmt in ("svg", "pdf"):
        a = (tmp_path / "a" / "GOOD-1" / f"bpss.{fmt}").read_bytes()
        b = (tmp_path / "b" / "GOOD-1" / f"bpss.{fmt}").read_bytes()
        assert a == b, fmt


def test_styles_listed() -> None:
    result = run("styles")
    assert result.returncode == 0
    for name in ("default", "print", "colorblind", "large"):
        assert name in result.stdout
