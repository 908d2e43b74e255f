"""Writing cases (socialmaps.output): folder names, permissions, I/O problems, PNG limits, staging."""

from __future__ import annotations

import errno
import os
import re
import signal
import stat
import struct
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from socialmaps import casefolder, load_text
from socialmaps.diagrams import bpss
from socialmaps.drawing import Drawing
from socialmaps.export import CAIRO_MAX_SIDE, png_dpi, png_pixels
from socialmaps.model import Case
from socialmaps.options import RenderOptions
from socialmaps.output import CaseResult, folder_name, sweep_stale, write_case
from socialmaps.svg import SvgDocument

GOOD = "socialmaps: 1\ncase: {id: GOOD-1, language: en}\nbpss:\n  biological: [Healthy]\n"


def good_case(case_id: str = "GOOD-1") -> Case:
    """A valid case with any id: set after validation, so that ids the case format itself refuses
    (or may refuse one day) still reach the writer, which must make them safe on its own."""
    case = load_text(GOOD)
    return case.model_copy(update={"case": case.case.model_copy(update={"id": case_id})})


def everything_under(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*"))


# ----------------------------------------------------------------------------- folder names

@pytest.mark.parametrize(("case_id", "name"), [
    ("MS-2024", "MS-2024"),
    ("v1.2_x", "v1.2_x"),
    (".", "%2E"),
    ("..", "%2E%2E"),
    ("...", "%2E.%2E"),
    (".hidden", "%2Ehidden"),
    ("trailing.", "trailing%2E"),
    ("a/b", "a%2Fb"),
    ("../../etc", "%2E.%2F..%2Fetc"),
    ("/etc/passwd", "%2Fetc%2Fpasswd"),
    ("a\\b", "a%5Cb"),
    ("..\\..\\x", "%2E.%5C..%5Cx"),
    ("nul\x00byte", "nul%00byte"),
    ("tab\there\x1f\x7f", "tab%09here%1F%7F"),
    (" spaced ", "%20spaced%20"),
    ("100%", "100%25"),
    ("%41", "%2541"),
    ("~x", "%7Ex"),
    ("Budi Ṡ", "Budi%20%E1%B9%A0"),
    ("CON", "%43ON"),
    ("con", "%63on"),
    ("Nul.txt", "%4Eul.txt"),
    ("COM1", "%43OM1"),
    ("lpt9.tar.gz", "%6Cpt9.tar.gz"),
    ("AUX.", "%41UX%2E"),
    ("CONSOLE", "CONSOLE"),
    ("", "%"),
])
def test_folder_name_encodes_what_is_not_safe(case_id: str, name: str) -> None:
    assert folder_name(case_id) == name


def test_overlong_ids_are_cut_with_a_hash_and_stay_distinct() -> None:
    a, b = "x" * 300, "x" * 299 + "y"
    assert len(folder_name(a)) <= 200 and len(folder_name(b)) <= 200
    assert folder_name(a) != folder_name(b)
    assert folder_name(a).startswith("x" * 180 + "~")
    escaped = folder_name("/" * 100)  # 300 characters once escaped: the cut keeps whole escapes
    assert len(escaped) <= 200 and escaped.split("~")[0].endswith("%2F")
    assert len(folder_name("x" * 200)) == 200 and "~" not in folder_name("x" * 200)


def test_different_ids_never_share_a_folder() -> None:
    ids = ["", ".", "..", "%", "%25", "%2E", "CON", "%43ON", "con", "a/b", "a%2Fb", "a b", "a%20b",
           "x" * 300, "x" * 301, "~", "%7E", "A", "%41", "nul.x", "%6Eul.x"]
    assert len({folder_name(i) for i in ids}) == len(ids)


@pytest.mark.parametrize("case_id", ["..", ".", "../outside", "a/../../b", "/abs", "\\\\server\\share",
                                     "NUL", "", "x" * 400, "\x00", "..."])
def test_a_dangerous_id_writes_inside_out(tmp_path: Path, case_id: str) -> None:
    out = tmp_path / "deep" / "out"
    result = write_case(good_case(case_id), out)
    assert result.ok, result.messages
    assert result.folder is not None and result.folder.parent == out
    assert result.files == (result.folder / "bpss.svg",)
    assert everything_under(tmp_path) == ["deep", "deep/out", f"deep/out/{result.folder.name}",
                                          f"deep/out/{result.folder.name}/bpss.svg"]


# ----------------------------------------------------------------------------- permissions

@pytest.fixture
def umask() -> Iterator[object]:
    """Set the process umask for a test; the one before comes back afterwards."""
    before = os.umask(0o022)

    def set_to(mask: int) -> None:
        os.umask(mask)

    yield set_to
    os.umask(before)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.parametrize(("mask", "file_mode", "folder_mode"),
                         [(0o022, 0o644, 0o755), (0o027, 0o640, 0o750), (0o077, 0o600, 0o700),
                          (0o002, 0o664, 0o775)])
def test_files_get_the_users_umask(tmp_path: Path, umask, mask: int, file_mode: int,
                                   folder_mode: int) -> None:
    umask(mask)
    out = tmp_path / "out"
    result = write_case(good_case(), out, RenderOptions(formats=("svg", "pdf")))
    assert result.ok
    assert [mode(p) for p in result.files] == [file_mode, file_mode]
    assert mode(out / "GOOD-1") == folder_mode
    assert mode(out) == folder_mode


@pytest.mark.parametrize("mask", [0o000, 0o022, 0o277])
def test_private_gives_0600_files_and_0700_folders_whatever_the_umask(tmp_path: Path, umask,
                                                                      mask: int) -> None:
    umask(mask)
    out = tmp_path / "out"
    result = write_case(good_case(), out, RenderOptions(formats=("svg", "pdf"), private=True))
    assert result.ok, result.messages
    assert [mode(p) for p in result.files] == [0o600, 0o600]
    assert mode(out / "GOOD-1") == 0o700
    assert mode(out) == 0o700
    # Rendering again without --private: the umask's modes again (the folder is replaced whole).
    umask(0o022)
    again = write_case(good_case(), out, RenderOptions(formats=("svg",)))
    assert mode(again.files[0]) == 0o644 and mode(out / "GOOD-1") == 0o755


# ----------------------------------------------------------------------------- I/O problems

def test_out_naming_a_file_is_one_line(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.write_text("not a folder")
    result = write_case(good_case(), out)
    assert result.status == "failed" and result.files == ()
    assert result.messages == (f"{out}: is a file, not a folder; choose another output folder (--out) "
                               "(case GOOD-1: nothing written, its earlier files unchanged)",)
    assert out.read_text() == "not a folder"


def test_out_below_a_file_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    result = write_case(good_case(), tmp_path / "file" / "out")
    assert result.status == "failed"
    assert len(result.messages) == 1 and "is a file, not a folder" in result.messages[0]


def test_an_output_name_that_is_a_folder_is_left_alone(tmp_path: Path) -> None:
    out = tmp_path / "out"
    (out / "GOOD-1" / "bpss.svg").mkdir(parents=True)
    (out / "GOOD-1" / "bpss.svg" / "mine.txt").write_text("keep me")
    result = write_case(good_case(), out)
    assert result.status == "failed"
    assert result.messages == (f"{out}/GOOD-1/bpss.svg: is a folder, not a file; move it away so the file "
                               "can be written (case GOOD-1: nothing written, its earlier files unchanged)",)
    assert everything_under(out) == ["GOOD-1", "GOOD-1/bpss.svg", "GOOD-1/bpss.svg/mine.txt"]


def test_the_case_folder_being_a_file_or_a_link_is_one_line(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "GOOD-1").write_text("a file")
    assert "GOOD-1: is a file, not a folder" in write_case(good_case(), out).messages[0]
    (out / "GOOD-1").unlink()
    (tmp_path / "elsewhere").mkdir()
    (out / "GOOD-1").symlink_to(tmp_path / "elsewhere")
    assert "GOOD-1: is a symbolic link" in write_case(good_case(), out).messages[0]
    assert list((tmp_path / "elsewhere").iterdir()) == []


def test_a_full_disk_fails_that_case_only_and_leaves_nothing(tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    old = write_case(good_case("FULL"), out)
    before = old.files[0].read_bytes()
    write_all = casefolder.write_all

    def full_for_one_case(fd: int, data: bytes) -> None:
        if "FULL" in os.readlink(f"/proc/self/fd/{fd}"):
            write_all(fd, data[: len(data) // 2])  # half of it lands, then the disk is full
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        write_all(fd, data)

    monkeypatch.setattr(casefolder, "write_all", full_for_one_case)
    full = write_case(good_case("FULL"), out, RenderOptions(formats=("svg", "pdf")))
    fine = write_case(good_case("FINE"), out, RenderOptions(formats=("svg", "pdf")))
    assert full.status == "failed" and full.files == ()
    assert len(full.messages) == 1
    assert full.messages == (f"{out}/FULL/bpss.pdf: no space left on the device; free some space and render "
                             "again (case FULL: nothing written, its earlier files unchanged)",)
    assert fine.ok and len(fine.files) == 2
    assert (out / "FULL" / "bpss.svg").read_bytes() == before  # the old render, whole
    assert everything_under(out) == ["FINE", "FINE/bpss.pdf", "FINE/bpss.svg", "FULL", "FULL/bpss.svg"]


def test_an_unwritable_folder_is_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """As root a mode cannot refuse a write, so the refusal is the kernel's answer, simulated."""
    mkdir = os.mkdir

    def refuse(path: str | os.PathLike[str], mode: int = 0o777) -> None:
        if ".LOCKED." in str(path):
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))
        mkdir(path, mode)

    monkeypatch.setattr(os, "mkdir", refuse)
    out = tmp_path / "out"
    locked, fine = write_case(good_case("LOCKED"), out), write_case(good_case("FINE"), out)
    assert locked.status == "failed"
    assert len(locked.messages) == 1 and "permission denied; choose an output folder you can write to" \
        in locked.messages[0]
    assert fine.ok and everything_under(out) == ["FINE", "FINE/bpss.svg"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into a read-only folder anyway")
def test_a_read_only_out_is_one_line(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir(mode=0o555)
    result = write_case(good_case(), out)
    assert result.status == "failed" and "permission denied" in result.messages[0]


# ----------------------------------------------------------------------------- what a folder keeps

def test_other_diagrams_and_files_are_kept_and_a_refused_format_does_not_linger(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    (out / "GOOD-1").mkdir(parents=True)
    for name in ("genogram.svg",   # the case has no genogram now: this render (all, svg) removes it
                 "genogram.pdf",   # a format not asked for: kept
                 "bpss.png",       # asked for but refused: an old one must not stay beside the new SVG
                 "notes.txt"):     # not ours: kept
        (out / "GOOD-1" / name).write_text(name)
    wide(monkeypatch, 1_000_000)  # too wide for any PNG
    result = write_case(good_case(), out, RenderOptions(formats=("svg", "png")))
    assert result.status == "failed"
    assert sorted(p.name for p in (out / "GOOD-1").iterdir()) == ["bpss.svg", "genogram.pdf", "notes.txt"]
    assert (out / "GOOD-1" / "notes.txt").read_text() == "notes.txt"


def test_rendering_some_diagrams_keeps_the_others(tmp_path: Path) -> None:
    out = tmp_path / "out"
    (out / "GOOD-1").mkdir(parents=True)
    (out / "GOOD-1" / "genogram.svg").write_text("genogram")
    (out / "GOOD-1" / "bpss.svg").write_text("old")
    assert write_case(good_case(), out, RenderOptions(diagrams=("bpss",))).ok
    assert (out / "GOOD-1" / "genogram.svg").read_text() == "genogram"
    assert (out / "GOOD-1" / "bpss.svg").read_text().startswith("<?xml")


# ----------------------------------------------------------------------------- PNG limits

def wide(monkeypatch: pytest.MonkeyPatch, width: float, height: float = 60) -> None:
    """Make the BPSS diagram a plain figure of the given size in user units."""
    def draw(ctx: object, layout: object) -> Drawing:
        doc = SvgDocument("bpss", "GOOD-1", width, height, "wide", "a wide figure")
        doc.body.el("rect", x=0, y=0, width=width, height=height, fill="#336699")
        doc.body.el("rect", x=width - 10, y=0, width=10, height=height, fill="#000000")
        return Drawing("bpss", doc.to_string(), width, height)

    monkeypatch.setattr(bpss.DIAGRAM, "draw", draw)


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data.endswith(b"IEND\xaeB`\x82")
    return struct.unpack(">II", data[16:24])


def test_png_dpi_is_the_highest_that_cairo_takes() -> None:
    assert png_dpi(1000, 500, 192) == 192
    assert png_dpi(20000, 60, 192) == 157  # 96 * 32767 / 20000 = 157.3
    assert png_pixels(20000, 60, 157)[0] <= CAIRO_MAX_SIDE < png_pixels(20000, 60, 158)[0]
    assert png_dpi(60, 20000, 300) == 157  # tall as wide
    assert png_dpi(1000, 1000, 192, max_pixels=1_000_000) == 96  # the memory bound
    assert png_dpi(200_000, 60, 192) is None  # 50,000 pixels wide even at 24 dpi


def test_a_png_too_wide_at_the_asked_dpi_is_written_at_the_highest_that_fits(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    wide(monkeypatch, 20000)
    from socialmaps.cli import main

    assert main(["render", str(write_good(tmp_path)), "--out", str(tmp_path / "out"),
                 "--format", "svg,png,pdf", "--dpi", "192"]) == 0
    folder = tmp_path / "out" / "GOOD-1"
    assert png_size(folder / "bpss.png") == (32708, 98)  # 157 dpi, not 192 (38,400 pixels wide)
    assert (folder / "bpss.pdf").read_bytes().rstrip().endswith(b"%%EOF")
    err = capsys.readouterr().err
    assert err == (f"warning: {folder}/bpss.png: written at 157 dpi, not 192: at 192 dpi it would be "
                   "40000 x 120 pixels (cairo's limit is 32767 pixels a side and 134,217,728 in all); "
                   "--dpi 157 or lower asks for what fits, and svg or pdf keep every detail\n")


def test_a_png_that_fits_at_no_dpi_is_refused_and_the_rest_written(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    wide(monkeypatch, 200_000)
    result = write_case(good_case(), tmp_path, RenderOptions(formats=("svg", "png", "pdf")))
    assert result.status == "failed"
    assert [p.name for p in result.files] == ["bpss.pdf", "bpss.svg"]
    assert result.messages == (
        f"{tmp_path}/GOOD-1/bpss.png: not written: 200000 x 60 units would be 50000 x 15 pixels even at "
        "24 dpi, the lowest --dpi (cairo's limit is 32767 pixels a side and 134,217,728 in all); use svg or "
        "pdf (the case's other files are written)",)


def test_the_pixel_budget_follows_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    wide(monkeypatch, 1000, 1000)
    monkeypatch.setenv("SOCIALMAPS_MAX_PNG_PIXELS", "250000")
    result = write_case(good_case(), tmp_path, RenderOptions(formats=("png",), dpi=96))
    assert result.ok and png_size(result.files[0]) == (500, 500)  # 48 dpi: 250,000 pixels, the budget
    assert "written at 48 dpi, not 96" in result.warnings[0]


def test_a_png_cairo_still_cannot_make_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from cairocffi import CairoError

    from socialmaps import export

    def no_memory(svg: str, dpi: int = 192) -> bytes:
        raise CairoError("out of memory", 1)

    monkeypatch.setattr(export, "to_png", no_memory)
    result = write_case(good_case(), tmp_path, RenderOptions(formats=("svg", "png")))
    assert result.status == "failed" and [p.name for p in result.files] == ["bpss.svg"]
    assert "bpss.png: not written: cairo could not rasterise it at 192 dpi (CairoError: " \
           in result.messages[0]
    assert result.messages[0].endswith("; try a --dpi below 192, svg or pdf "
                                       "(the case's other files are written)")


def test_a_genogram_too_big_for_a_png_suggests_a_focus_view(tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 17: the PNG of a family too big for cairo says to draw part of it (--focus) or to
    ask a lower --dpi, and the SVG and PDF are still written."""
    options = RenderOptions(formats=("svg", "png", "pdf"), diagrams=("genogram",))
    monkeypatch.setenv("SOCIALMAPS_MAX_PNG_PIXELS", "250000")
    family = KILL_CASE.parent / "family-en.yaml"
    lowered = write_case(family, tmp_path / "lowered", options)
    assert lowered.ok and [p.name for p in lowered.files] == ["genogram.pdf", "genogram.png", "genogram.svg"]
    [warning] = [w for w in lowered.warnings if "genogram.png" in w]
    found = re.search(r"written at (\d+) dpi, not 192: .*; --dpi (\d+) or lower asks for what fits, or "
                      r"draw part of the family with --focus ID \(--up N, --down M\), and svg or pdf",
                      warning)
    assert found and found[1] == found[2] and int(found[1]) < 192, warning
    monkeypatch.setenv("SOCIALMAPS_MAX_PNG_PIXELS", "1000")
    refused = write_case(family, tmp_path / "refused", options)
    assert refused.status == "failed" and [p.name for p in refused.files] == ["genogram.pdf", "genogram.svg"]
    [message] = refused.messages
    assert "genogram.png: not written:" in message and "even at 24 dpi, the lowest --dpi" in message
    assert message.endswith("use svg or pdf, or draw part of the family with --focus ID (--up N, --down M) "
                            "(the case's other files are written)")


def write_good(tmp_path: Path) -> Path:
    path = tmp_path / "good.yaml"
    path.write_text(GOOD, encoding="utf-8")
    return path


def test_a_png_is_the_same_whatever_was_drawn_before_it() -> None:
    """cairo resolves a font's hint style once per process: left to default, a PNG drawn after a
    PDF had other pixels than in a fresh process (`render -f png,pdf` and a batch would differ)."""
    from socialmaps import export, render

    program = ("import sys; from socialmaps import load_text, render; from socialmaps.export import to_png; "
               f"sys.stdout.buffer.write(to_png(render(load_text({GOOD!r}), 'bpss').svg, 96))")
    fresh = subprocess.run([sys.executable, "-c", program], capture_output=True, check=True, timeout=120,
                           env={**os.environ, "PYTHONPATH": str(Path(casefolder.__file__).parents[1])}).stdout
    svg = render(load_text(GOOD), "bpss").svg
    export.to_pdf(svg)
    assert export.to_png(svg, 96) == fresh


# ----------------------------------------------------------------------------- staging and sweeping

def test_a_case_replaces_its_folder_whole_and_leaves_no_staging(tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = write_case(good_case(), out, RenderOptions(formats=("svg", "pdf")))
    inode = (out / "GOOD-1").stat().st_ino
    second = write_case(good_case(), out, RenderOptions(formats=("svg", "pdf"), lang="id"))
    assert first.ok and second.ok
    assert (out / "GOOD-1").stat().st_ino != inode  # a new folder, swapped in
    assert "Biologis" in (out / "GOOD-1" / "bpss.svg").read_text()
    assert everything_under(out) == ["GOOD-1", "GOOD-1/bpss.pdf", "GOOD-1/bpss.svg"]


def test_without_rename_exchange_two_renames_give_the_same_result(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(casefolder, "_exchange", lambda a, b: False)
    out = tmp_path / "out"
    write_case(good_case(), out)
    result = write_case(good_case(), out, RenderOptions(lang="id"))
    assert result.ok and "Biologis" in (out / "GOOD-1" / "bpss.svg").read_text()
    assert everything_under(out) == ["GOOD-1", "GOOD-1/bpss.svg"]


def dead_pid() -> int:
    import subprocess
    import sys

    child = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True,
                           text=True, check=True)
    return int(child.stdout)


def test_sweep_removes_only_our_staging_folders_of_dead_writers(tmp_path: Path) -> None:
    out = tmp_path / "out"
    dead, alive = dead_pid(), os.getppid()
    for name in [f".A.socialmaps-new-{dead}-0123456789ab",    # a killed writer's: removed
                 f".B.socialmaps-old-{dead}-0123456789ab",    # set aside, its place empty: put back
                 f".C.socialmaps-new-{alive}-0123456789ab",   # a live writer's: kept
                 f".D.socialmaps-new-{dead}-xyz",              # not our pattern: kept
                 ".hidden", "A"]:
        (out / name).mkdir(parents=True)
        (out / name / "bpss.svg").write_text("x")
    (out / f".E.socialmaps-new-{dead}-0123456789ab").write_text("a file, not ours")
    removed = sweep_stale(out)
    assert sorted(p.name for p in removed) == sorted([f".A.socialmaps-new-{dead}-0123456789ab",
                                                      f".B.socialmaps-old-{dead}-0123456789ab"])
    assert sorted(p.name for p in out.iterdir()) == sorted([
        "A", "B", f".C.socialmaps-new-{alive}-0123456789ab", f".D.socialmaps-new-{dead}-xyz", ".hidden",
        f".E.socialmaps-new-{dead}-0123456789ab"])
    assert (out / "B" / "bpss.svg").read_text() == "x"


def test_the_next_write_sweeps_and_an_interrupt_cleans_up(tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    stale = out / f".GOOD-1.socialmaps-new-{dead_pid()}-0123456789ab"
    stale.mkdir(parents=True)
    (stale / "bpss.svg").write_text("half")

    def interrupted(staging: Path, target: Path) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(casefolder, "_swap", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_case(good_case(), out)
    assert everything_under(out) == []  # the stale folder swept, this run's own staging removed


def test_result_fields(tmp_path: Path) -> None:
    result = write_case(write_good(tmp_path), tmp_path / "out", RenderOptions(formats=("svg",)), measure=True)
    assert isinstance(result, CaseResult)
    assert (result.source, result.case_id, result.status) == (str(tmp_path / "good.yaml"), "GOOD-1", "ok")
    assert [(d.kind, d.files, dict(d.metrics)) for d in result.diagrams] == [
        ("bpss", (tmp_path / "out" / "GOOD-1" / "bpss.svg",), {"items": 1, "font_size": 11.0})]
    assert result.seconds > 0 and result.problems == () and result.messages == ()


# ----------------------------------------------------------------------------- kill -9 while writing

KILL_CASE = Path(__file__).resolve().parent.parent / "examples" / "s-2024.yaml"
KILL_OPTIONS = RenderOptions(formats=("svg", "png", "pdf"), dpi=96, diagrams=("genogram", "ecomap", "bpss"))
KILL_ARGS = ["--format", "svg,png,pdf", "--dpi", "96", "--diagrams", "genogram,ecomap,bpss"]
# The writer, paused at chosen points: after each file it writes into the staging folder, and
# after the swap (before the old folder is removed), it says so and waits for a line on stdin.
PAUSING_WRITER = """
import sys
from socialmaps import casefolder
from socialmaps.cli import main

write_file, swap = casefolder._write_file, casefolder._swap

def pause(what):
    print(what, flush=True)
    sys.stdin.readline()

def write_file_and_pause(path, data, private):
    write_file(path, data, private)
    pause("wrote " + path.name)

def swap_and_pause(staging, target):
    swap(staging, target)
    pause("swapped")

casefolder._write_file, casefolder._swap = write_file_and_pause, swap_and_pause
sys.exit(main(sys.argv[1:]))
"""


def complete(path: Path) -> bool:
    """The file is whole for its format: SVG parses as XML, PNG ends with IEND, PDF with %%EOF."""
    import xml.etree.ElementTree as ET

    data = path.read_bytes()
    if path.suffix == ".svg":
        try:
            ET.fromstring(data)
        except ET.ParseError:
            return False
        return True
    if path.suffix == ".png":
        return data[:8] == b"\x89PNG\r\n\x1a\n" and data.endswith(b"IEND\xaeB`\x82")
    return data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")


def renders(tmp_path: Path) -> dict[str, Path]:
    """Two versions of one case whose every file differs (the title is in every caption)."""
    text = KILL_CASE.read_text(encoding="utf-8")
    assert "title: Klien S\n" in text
    versions = {}
    for label in ("old", "new"):
        versions[label] = tmp_path / f"{label}.yaml"
        versions[label].write_text(text.replace("title: Klien S\n", f"title: Klien S ({label})\n"),
                                   encoding="utf-8")
    return versions


def after_kill(out: Path, expected: dict[str, dict[str, bytes]]) -> tuple[str, list[str]]:
    """Which render `out/S-2024` holds whole (asserting it is one of them, every file complete), and
    the staging folders left beside it (asserting nothing else is there)."""
    folder = out / "S-2024"
    assert all(complete(p) for p in folder.iterdir())
    found = {p.name: p.read_bytes() for p in folder.iterdir()}
    held = [label for label, files in expected.items() if found == files]
    assert len(held) == 1, {label: sorted(n for n in files if files[n] != found.get(n))
                            for label, files in expected.items()}
    leftovers = sorted(p.name for p in out.iterdir() if p.name != "S-2024")
    assert all(casefolder.STAGING.match(name) and name.startswith(".S-2024.") for name in leftovers)
    return held[0], leftovers


def start_render(args: list[str], pausing: bool) -> subprocess.Popen[str]:
    program = ["-c", PAUSING_WRITER] if pausing else ["-m", "socialmaps"]
    return subprocess.Popen([sys.executable, *program, "render", *args], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                            env={**os.environ, "PYTHONPATH": str(Path(casefolder.__file__).parents[1])})


def read_line(child: subprocess.Popen[str], timeout: float = 120) -> str:
    import select

    assert child.stdout is not None
    ready, _, _ = select.select([child.stdout], [], [], timeout)  # a hang guard, not a timing
    if not ready:
        child.kill()
        child.wait()
        pytest.fail("the writer said nothing for two minutes")
    return child.stdout.readline().strip()


def resume(child: subprocess.Popen[str]) -> None:
    assert child.stdin is not None
    child.stdin.write("\n")
    child.stdin.flush()


def kill(child: subprocess.Popen[str]) -> None:
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=60)  # reaped: its pid is dead for the next run's sweep


def test_kill_9_while_writing_leaves_old_or_new_whole_and_the_next_run_cleans_up(tmp_path: Path) -> None:
    """`kill -9` on `socialmaps render` at 11 points of a write of 9 files (3 diagrams x svg, png,
    pdf), over a folder that holds the other version's render.

    Guaranteed immediately after the kill: `out/S-2024` exists and holds exactly the files of one
    whole render, all of the old or all of the new (byte for byte, every file parses), never a
    mix and never a partial file; beside it there may be hidden staging folders
    `.S-2024.socialmaps-new-<pid>-<token>` (the new files, some maybe partial, or the old folder
    just swapped out), and nothing else.
    Guaranteed after the next run: no staging folder and no temporary file anywhere under --out.

    Five kills land at exact points through a writer paused there (after the 1st, 3rd, 5th and
    9th file, and between the swap and the removal of the old folder); six more at increasing
    delays on the plain command, wherever they fall."""
    versions = renders(tmp_path)
    expected = {}
    for label, path in versions.items():
        reference = write_case(path, tmp_path / f"reference-{label}", KILL_OPTIONS)
        assert reference.ok and len(reference.files) == 9
        expected[label] = {p.name: p.read_bytes() for p in reference.files}
    out = tmp_path / "out"
    started = time.monotonic()
    first = start_render([str(versions["old"]), "--out", str(out), *KILL_ARGS], pausing=False)
    assert first.wait(timeout=300) == 0
    duration = time.monotonic() - started
    held, _ = after_kill(out, expected)
    assert held == "old"

    names = sorted(expected["new"])
    for pauses in (1, 3, 5, 9, 10):  # the writer pauses after each of 9 files, the 10th time after the swap
        other = "new" if held == "old" else "old"
        child = start_render([str(versions[other]), "--out", str(out), *KILL_ARGS], pausing=True)
        said = []
        for passed in range(1, pauses + 1):
            said.append(read_line(child))
            if passed < pauses:
                resume(child)
        assert said == [f"wrote {name}" for name in names][:pauses] + ["swapped"] * (pauses == 10)
        kill(child)
        now, leftovers = after_kill(out, expected)
        assert now == (other if pauses == 10 else held)
        assert len(leftovers) == 1  # this kill's staging folder; the last kill's was swept
        held = now

    for fraction in (0.3, 0.5, 0.7, 0.85, 1.0, 1.2):
        other = "new" if held == "old" else "old"
        child = start_render([str(versions[other]), "--out", str(out), *KILL_ARGS], pausing=False)
        time.sleep(duration * fraction)
        kill(child)
        held, leftovers = after_kill(out, expected)
        assert len(leftovers) <= 1

    last = start_render([str(versions["new"]), "--out", str(out), *KILL_ARGS], pausing=False)
    assert last.wait(timeout=300) == 0
    assert after_kill(out, expected) == ("new", [])
    assert everything_under(out) == ["S-2024", *(f"S-2024/{name}" for name in sorted(expected["new"]))]


def test_a_case_id_with_control_characters_is_shown_escaped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    from socialmaps import output
    from socialmaps.cli import print_result

    def broken(ctx: object, layout: object) -> Drawing:
        raise ValueError("no")

    case = good_case("x\x1b[2J\ny")
    result = write_case(case, tmp_path)
    assert result.ok and result.folder == tmp_path / "x%1B%5B2J%0Ay"
    print_result(result, RenderOptions(), check=False)
    assert capsys.readouterr().out == f"'x\\x1b[2J\\ny': bpss -> {tmp_path / 'x%1B%5B2J%0Ay'} (svg)\n"
    monkeypatch.setattr(bpss.DIAGRAM, "draw", broken)
    assert write_case(case, tmp_path).messages == (
        "<case>: could not draw the bpss of case 'x\\x1b[2J\\ny': ValueError: no (nothing written for this "
        "case; please report)",)
    assert output.shown_id("MS-2024") == "MS-2024" and output.shown_id("") == "''"


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
def test_sigterm_while_writing_removes_the_staging_folder(tmp_path: Path, signum: int) -> None:
    """A catchable stop (kill, timeout, a closed terminal) ends through the clean-up at once: the
    old folder whole, no staging folder, exit status 128 + the signal."""
    versions = renders(tmp_path)
    out = tmp_path / "out"
    old = write_case(versions["old"], out, KILL_OPTIONS)
    before = {p.name: p.read_bytes() for p in old.files}
    child = start_render([str(versions["new"]), "--out", str(out), *KILL_ARGS], pausing=True)
    assert read_line(child).startswith("wrote ")
    child.send_signal(signum)
    resume(child)  # the signal is handled once the writer's pause returns to Python
    assert child.wait(timeout=60) == 128 + signum
    assert {p.name: p.read_bytes() for p in (out / "S-2024").iterdir()} == before
    assert sorted(p.name for p in out.iterdir()) == ["S-2024"]


@pytest.mark.parametrize("step", [".socialmaps-old-", "/GOOD-1"])
def test_an_interrupt_between_the_two_renames_keeps_a_whole_folder(tmp_path: Path, step: str,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """Without RENAME_EXCHANGE, interrupted right after the old folder was set aside (the old comes
    back) or right after the new one was put in place (the new stays): one whole folder, no other."""
    monkeypatch.setattr(casefolder, "_exchange", lambda a, b: False)
    out = tmp_path / "out"
    write_case(good_case(), out)
    before = (out / "GOOD-1" / "bpss.svg").read_text()
    rename = os.rename

    def interrupted_after(source: str | os.PathLike[str], target: str | os.PathLike[str]) -> None:
        rename(source, target)
        if str(target).endswith(step) or step in str(target):
            raise KeyboardInterrupt

    monkeypatch.setattr(os, "rename", interrupted_after)
    with pytest.raises(KeyboardInterrupt):
        write_case(good_case(), out, RenderOptions(lang="id"))
    after = (out / "GOOD-1" / "bpss.svg").read_text()
    assert after == before if step == ".socialmaps-old-" else "Biologis" in after
    assert everything_under(out) == ["GOOD-1", "GOOD-1/bpss.svg"]


def test_a_failing_second_rename_puts_the_old_folder_back(tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(casefolder, "_exchange", lambda a, b: False)
    out = tmp_path / "out"
    write_case(good_case(), out)
    before = (out / "GOOD-1" / "bpss.svg").read_text()
    rename = os.rename

    def refuse_the_new(source: str | os.PathLike[str], target: str | os.PathLike[str]) -> None:
        if str(target).endswith("/GOOD-1") and ".socialmaps-new-" in str(source):
            raise OSError(errno.EIO, os.strerror(errno.EIO))
        rename(source, target)

    monkeypatch.setattr(os, "rename", refuse_the_new)
    result = write_case(good_case(), out, RenderOptions(lang="id"))
    assert result.messages == (f"{out}/GOOD-1: input/output error on the device; check the disk and render "
                               "again (case GOOD-1: nothing written, its earlier files unchanged)",)
    assert (out / "GOOD-1" / "bpss.svg").read_text() == before
    assert everything_under(out) == ["GOOD-1", "GOOD-1/bpss.svg"]


def test_a_wide_genogram_gets_the_widest_png_cairo_can_make(tmp_path: Path) -> None:
    """450 siblings: a genogram about 21,500 units wide, 43,000 pixels at 192 dpi (300 were
    enough before the genogram's spacing was made tighter)."""

    from socialmaps.export import svg_size

    children = [f"c{i}" for i in range(450)]
    text = "\n".join([
        "socialmaps: 1", "case: {id: WIDE, language: en}", "people:",
        "  - {id: f, name: Father, sex: male}", "  - {id: m, name: Mother, sex: female}",
        *(f"  - {{id: {c}, name: Child {c}, sex: {('male', 'female')[i % 2]}}}"
          for i, c in enumerate(children)),
        "unions:", f"  - {{id: u, partners: [f, m], children: [{', '.join(children)}]}}", ""])
    (tmp_path / "wide.yaml").write_text(text, encoding="utf-8")
    result = write_case(tmp_path / "wide.yaml", tmp_path / "out", RenderOptions(formats=("svg", "png")))
    assert result.ok, result.messages
    svg, png = tmp_path / "out" / "WIDE" / "genogram.svg", tmp_path / "out" / "WIDE" / "genogram.png"
    size = svg_size(svg.read_text(encoding="utf-8"))
    assert size is not None and png_pixels(*size, 192)[0] > CAIRO_MAX_SIDE
    (warning,) = result.warnings
    found = re.fullmatch(rf"{png}: written at (\d+) dpi, not 192: .*", warning)
    assert found is not None
    fit = int(found[1])
    assert png_size(png) == png_pixels(*size, fit)
    assert png_pixels(*size, fit)[0] <= CAIRO_MAX_SIDE < png_pixels(*size, fit + 1)[0]  # the highest
