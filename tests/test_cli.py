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


def three_cases(write) -> list[Path]:
    return [write(GOOD.replace("GOOD-1", name), f"{name}.yaml") for name in ("A", "B", "C")]


def test_a_drawing_bug_in_one_case_does_not_stop_the_next(write, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    from socialmaps.cli import main
    from socialmaps.diagrams import bpss

    draw = bpss.DIAGRAM.draw

    def broken_for_b(ctx, layout):  # type: ignore[no-untyped-def]
        if ctx.case.case.id == "B":
            raise ZeroDivisionError("division by zero\nsecond line")
        return draw(ctx, layout)

    monkeypatch.setattr(bpss.DIAGRAM, "draw", broken_for_b)
    out = tmp_path / "out"
    status = main(["render", *map(str, three_cases(write)), "--out", str(out), "--format", "svg,pdf"])
    printed = capsys.readouterr()
    assert status == 1
    assert sorted(p.name for p in (out / "C").iterdir()) == ["bpss.pdf", "bpss.svg"]
    assert sorted(p.name for p in out.iterdir()) == ["A", "C"]
    assert printed.out.splitlines() == [f"A: bpss -> {out / 'A'} (svg,pdf)",
                                        f"C: bpss -> {out / 'C'} (svg,pdf)"]
    assert printed.err.splitlines() == [
        f"{tmp_path / 'B.yaml'}: could not draw the bpss of case B: ZeroDivisionError: division by zero / "
        "second line (nothing written for this case; please report)",
        "1 of 3 case(s) failed"]


def test_a_checking_bug_in_one_file_does_not_stop_validate(write, monkeypatch: pytest.MonkeyPatch,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    from socialmaps import loader
    from socialmaps.cli import main

    check = loader.check_case

    def broken_for_b(case):  # type: ignore[no-untyped-def]
        if case.case.id == "B":
            raise RecursionError("maximum recursion depth exceeded")
        return check(case)

    monkeypatch.setattr(loader, "check_case", broken_for_b)
    a, b, c = three_cases(write)
    c.write_text(BAD)
    status = main(["validate", str(a), str(b), str(c)])
    printed = capsys.readouterr()
    assert status == 1
    assert printed.out.splitlines()[0] == (f"{b}: could not check: RecursionError: maximum recursion depth "
                                           "exceeded (please report)")
    assert printed.out.count(f"{c}:") == 2  # the third file is still checked, both its problems
    assert printed.err == "2 of 3 file(s) invalid\n"


def test_out_naming_a_file_is_one_line_per_case(write, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.write_text("x")
    result = run("render", str(write(GOOD)), str(write(BAD, "bad.yaml")), "--out", str(out))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert f"{out}: is a file, not a folder; choose another output folder (--out) (case GOOD-1: nothing " \
           "written, its earlier files unchanged)" in lines
    assert lines[-1] == "2 of 2 case(s) failed"
    assert out.read_text() == "x"


def test_an_output_path_that_is_a_folder_spares_the_other_cases(write, tmp_path: Path) -> None:
    out = tmp_path / "out"
    (out / "A" / "bpss.svg").mkdir(parents=True)
    a, b, c = three_cases(write)
    result = run("render", str(a), str(b), str(c), "--out", str(out))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.splitlines() == [
        f"{out}/A/bpss.svg: is a folder, not a file; move it away so the file can be written "
        "(case A: nothing written, its earlier files unchanged)", "1 of 3 case(s) failed"]
    assert (out / "B" / "bpss.svg").is_file() and (out / "C" / "bpss.svg").is_file()
    assert (out / "A" / "bpss.svg").is_dir()


@pytest.mark.parametrize(("flags", "mask", "file_mode", "folder_mode"), [
    ([], 0o022, 0o644, 0o755), ([], 0o007, 0o660, 0o770), (["--private"], 0o022, 0o600, 0o700),
    (["--private"], 0o000, 0o600, 0o700)])
def test_modes_follow_the_umask_or_private(write, tmp_path: Path, flags: list[str], mask: int, file_mode: int,
                                          folder_mode: int) -> None:
    import stat

    out = tmp_path / "out"
    result = subprocess.run([sys.executable, "-m", "socialmaps", "render", str(write(GOOD)),
                             "--out", str(out), "--format", "svg,png", "--dpi", "96", *flags],
                            capture_output=True, text=True,
                            env={**os.environ, "PYTHONPATH": str(ROOT / "src")}, timeout=120, umask=mask)
    assert result.returncode == 0, result.stderr
    assert {stat.S_IMODE(p.stat().st_mode) for p in (out / "GOOD-1").iterdir()} == {file_mode}
    assert stat.S_IMODE((out / "GOOD-1").stat().st_mode) == folder_mode
    assert stat.S_IMODE(out.stat().st_mode) == folder_mode


def test_a_dangerous_case_id_stays_inside_out(write, tmp_path: Path) -> None:
    case = write(GOOD.replace("GOOD-1", '".."'))
    out = tmp_path / "a" / "out"
    result = run("render", str(case), "--out", str(out))
    if result.returncode == 0:  # the case format may refuse such an id one day; the writer must not care
        written = sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*.svg"))
        assert written == ["a/out/%2E%2E/bpss.svg"]
        assert f"..: bpss -> {out / '%2E%2E'} (svg)" in result.stdout
    else:
        assert not list(tmp_path.rglob("*.svg")) and "Traceback" not in result.stderr
