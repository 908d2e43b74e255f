"""`socialmaps batch`: many cases, parallel workers, report, incremental re-runs, interrupts, Dask."""

from __future__ import annotations

import csv
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

import hangguard
from socialmaps.batch import MANIFEST, BatchError, Job, after_breakage, collect_inputs
from socialmaps.batchreport import CHARTS_CACHE
from socialmaps.cli import main
from socialmaps.output import write_case

from conftest import ROOT

EXAMPLES = ROOT / "examples"
GOOD = ("s-17-2025.yaml", "milala-2025.yaml", "bpss-table.yaml", "venn-12.yaml")
REPORT_FILES = {"report.json", "report.csv", "index.html", MANIFEST, CHARTS_CACHE}


def broken_cases() -> dict[str, str]:
    """Deliberately broken files (name -> text), made from an example by one mutation each."""
    milala = (EXAMPLES / "milala-2025.yaml").read_text(encoding="utf-8")
    s17 = (EXAMPLES / "s-17-2025.yaml").read_text(encoding="utf-8")
    return {
        "bad-kind.yaml": milala.replace("kind: school", "kind: schol"),
        "bad-yaml.yaml": s17.replace("social: [", "social: [[", 1),
        "bad-version.yaml": s17.replace("socialmaps: 1", "socialmaps: 7"),
    }


def make_cohort(root: Path) -> Path:
    """root/cases/{good,broken}/...: four good examples and three broken mutations."""
    for name in GOOD:
        target = root / "cases" / "good" / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes((EXAMPLES / name).read_bytes())
    for name, text in broken_cases().items():
        target = root / "cases" / "broken" / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return root / "cases"


def report(out: Path) -> dict[str, dict]:
    data = json.loads((out / "report.json").read_text(encoding="utf-8"))
    return {Path(case["file"]).name: case for case in data["cases"]}


def case_files(out: Path) -> dict[str, tuple[int, int]]:
    """Every file of every case folder: relative path -> (inode, mtime_ns)."""
    found = {}
    for path in sorted(out.rglob("*")):
        if path.is_file() and path.parent != out:
            stat = path.stat()
            found[path.relative_to(out).as_posix()] = (stat.st_ino, stat.st_mtime_ns)
    return found


def case_bytes(out: Path) -> dict[str, bytes]:
    return {path.relative_to(out).as_posix(): path.read_bytes()
            for path in sorted(out.rglob("*")) if path.is_file() and path.parent != out}


def cohort_section(out: Path) -> str:
    page = (out / "index.html").read_text(encoding="utf-8")
    return page[page.index("<h2>Cohort"):page.index("<h2>Cases")]


@pytest.fixture
def hang_guard() -> Iterator[None]:
    """Fail instead of hanging forever (not a speed assertion: minutes of slack)."""
    with hangguard.hang_guard(300, "batch test still running"):
        yield


# ----------------------------------------------------------------------------- inputs


def test_inputs_are_files_folders_and_globs_sorted_once(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    cases = make_cohort(tmp_path)
    (cases / "good" / "notes.txt").write_text("not a case")
    (cases / "good" / ".hidden.yaml").write_text("socialmaps: 1")
    found = collect_inputs([str(cases / "good"), str(cases / "broken" / "*.yaml"),
                            str(cases / "good" / "venn-12.yaml")])
    names = [Path(f).relative_to(cases).as_posix() for f in found]
    assert names == sorted(["broken/bad-kind.yaml", "broken/bad-version.yaml", "broken/bad-yaml.yaml",
                            *(f"good/{n}" for n in GOOD)])
    with pytest.raises(BatchError, match="no-such"):
        collect_inputs([str(cases / "no-such")])
    assert main(["batch", str(tmp_path / "nothing-*.yaml"), "--out", str(tmp_path / "o")]) == 2
    (tmp_path / "a-file").write_text("x")
    assert main(["batch", str(cases / "good"), "--out", str(tmp_path / "a-file")]) == 2
    assert "a-file: cannot make the output folder" in capsys.readouterr().err
    # ./x and x are one file, one key in the manifest
    monkeypatch.chdir(tmp_path)
    named_twice = ["./cases/good/venn-12.yaml", "cases/good/venn-12.yaml"]
    assert collect_inputs(named_twice) == ["cases/good/venn-12.yaml"]


def test_write_case_takes_an_explicit_safe_folder_and_refuses_an_unsafe_one(tmp_path: Path) -> None:
    source = EXAMPLES / "s-17-2025.yaml"
    result = write_case(source, tmp_path, folder="S-17-2025~dup0123abcd")
    assert result.ok and result.folder == tmp_path / "S-17-2025~dup0123abcd"
    assert (tmp_path / "S-17-2025~dup0123abcd" / "bpss.svg").is_file()
    for unsafe in ("..", ".hidden", "a/b", "", "x\x00"):
        with pytest.raises(ValueError):
            write_case(source, tmp_path, folder=unsafe)


def test_a_pool_broken_by_a_crash_retries_its_cases_alone_then_fails_the_culprit() -> None:
    """What run_local does with the chunks in flight when a worker process dies."""
    jobs = [Job(file=f"c{i}.yaml", folder=f"C{i}", key="k") for i in range(4)]
    suspects: set[str] = set()
    retry, dead = after_breakage([tuple(jobs[:3]), (jobs[3],)], suspects)
    assert retry == [(jobs[0],), (jobs[1],), (jobs[2],), (jobs[3],)] and dead == []
    assert suspects == {"c3.yaml"}  # it was alone in its chunk: one more chance, alone
    retry, dead = after_breakage([(jobs[3],), (jobs[1],)], suspects)
    assert dead == [jobs[3]] and retry == [(jobs[1],)] and suspects == {"c1.yaml", "c3.yaml"}


# ----------------------------------------------------------------------------- a cohort


def test_good_rendered_broken_reported_rerun_skips_force_redraws(tmp_path: Path, hang_guard: None,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    cases = make_cohort(tmp_path)
    out = tmp_path / "out"
    assert main(["batch", str(cases), "--out", str(out), "-j", "2"]) == 1
    first = report(out)
    # Seven cases, one a task: the two workers stayed alive for all of them (start-up paid twice).
    whole = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert whole["workers"] in (1, 2) and whole["worker_startup_seconds"] > 0
    assert {n: c["status"] for n, c in first.items()} == {
        **dict.fromkeys(GOOD, "ok"), **dict.fromkeys(broken_cases(), "invalid")}
    for name in GOOD:
        case = first[name]
        assert case["diagrams"], name
        for file in case["files"]:
            assert file.startswith(case["folder"] + "/") and b"<svg" in (out / file).read_bytes()[:400]
    # Broken files: the validator's own FILE:LINE:COL messages, pointing at the mutated line.
    for name in broken_cases():
        errors = first[name]["errors"]
        assert errors, name
        for message in errors:
            found = re.match(r"^(.+):(\d+):(\d+): ", message)
            assert found and Path(found[1]).name == name, message
    kind_error = first["bad-kind.yaml"]["errors"][0]
    line = int(kind_error.split(":")[1])
    assert "schol" in broken_cases()["bad-kind.yaml"].splitlines()[line - 1]
    assert "ecomap.systems[1].kind" in kind_error
    printed = capsys.readouterr().err
    assert kind_error in printed  # the messages are also shown as they come

    with open(out / "report.csv", encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == ["file", "case_id", "folder", "status", "diagrams", "seconds", "error",
                             "warnings"]
    assert {Path(r["file"]).name: r["status"] for r in rows} == {n: c["status"] for n, c in first.items()}
    assert next(r for r in rows if r["file"].endswith("bad-kind.yaml"))["error"] == "\n".join(
        first["bad-kind.yaml"]["errors"])

    page = (out / "index.html").read_text(encoding="utf-8")
    cohort_section_first = cohort_section(out)
    assert not re.search(r"https?://", page) and "<script" not in page and "@import" not in page
    assert page.count("<svg") == 4  # the four cohort charts, inline
    failures_at = page.index("Failures (3)")
    assert all(failures_at < page.index(name) < page.index("Cohort") for name in broken_cases())
    assert all(page.index("Cohort") < page.index(f">{first[n]['case_id']}<") for n in GOOD)
    for name in GOOD:  # thumbnails: relative links to files that exist
        for file in first[name]["files"]:
            assert f'src="{file}"' in page and (out / file).is_file()

    # Re-run: every good case skipped, no case file touched; the broken ones checked again.
    before = case_files(out)
    assert main(["batch", str(cases), "--out", str(out), "-j", "2"]) == 1
    second = report(out)
    assert {n: c["status"] for n, c in second.items()} == {n: ("skipped" if n in GOOD else "invalid")
                                                           for n in first}
    assert second["bad-kind.yaml"]["errors"] == first["bad-kind.yaml"]["errors"]
    assert case_files(out) == before
    assert (out / "index.html").read_text(encoding="utf-8").count(">S-17-2025<") == 1
    assert cohort_section(out) == cohort_section_first

    # A changed file is rendered again, the others still skipped; a deleted output is redrawn.
    changed = cases / "good" / "venn-12.yaml"
    changed.write_text(changed.read_text(encoding="utf-8") + "\n# reviewed\n", encoding="utf-8")
    (out / first["bpss-table.yaml"]["files"][0]).unlink()
    (out / CHARTS_CACHE).unlink()  # the charts drawn again from the same numbers: the same bytes
    assert main(["batch", str(cases), "--out", str(out), "-j", "1"]) == 1
    assert cohort_section(out) == cohort_section_first
    third = report(out)
    assert third["venn-12.yaml"]["status"] == "ok" and third["bpss-table.yaml"]["status"] == "ok"
    assert third["s-17-2025.yaml"]["status"] == third["milala-2025.yaml"]["status"] == "skipped"

    # --force: every good case drawn again (new files: new inodes), same bytes.
    before_bytes, before = case_bytes(out), case_files(out)
    assert main(["batch", str(cases), "--out", str(out), "-j", "2", "--force"]) == 1
    assert {n: c["status"] for n, c in report(out).items()} == {n: c["status"] for n, c in first.items()}
    after = case_files(out)
    assert after.keys() == before.keys()
    assert all(after[f][0] != before[f][0] for f in after)
    assert case_bytes(out) == before_bytes


def test_same_case_id_twice_gets_two_folders_and_a_warning(tmp_path: Path, hang_guard: None) -> None:
    text = (EXAMPLES / "s-17-2025.yaml").read_text(encoding="utf-8")
    for folder in ("a", "b"):
        (tmp_path / "in" / folder).mkdir(parents=True)
        (tmp_path / "in" / folder / "s17.yaml").write_text(text, encoding="utf-8")
    # A broken file with the same id, sorted first, takes no folder (it writes nothing).
    (tmp_path / "in" / "a" / "0-broken.yaml").write_text(text.replace("date: 2025", "date: 2025-13"),
                                                         encoding="utf-8")
    # A case id that is the name of a report file must not take its place.
    (tmp_path / "in" / "c.yaml").write_text(text.replace("id: S-17-2025", "id: index.html"), encoding="utf-8")
    out = tmp_path / "out"
    assert main(["batch", str(tmp_path / "in"), "--out", str(out), "-j", "2"]) == 1
    rows = json.loads((out / "report.json").read_text(encoding="utf-8"))["cases"]
    by_file = {Path(r["file"]).relative_to(tmp_path / "in").as_posix(): r for r in rows}
    broken = by_file["a/0-broken.yaml"]
    assert broken["status"] == "invalid" and broken["folder"] is None and not broken["warnings"]
    assert re.match(r".*0-broken\.yaml:\d+:\d+: case\.date", broken["errors"][0]), broken["errors"]
    first, second, report_named = by_file["a/s17.yaml"], by_file["b/s17.yaml"], by_file["c.yaml"]
    assert first["folder"] == "S-17-2025"
    assert second["folder"].startswith("S-17-2025~dup") and len(second["folder"]) == len("S-17-2025~dup") + 8
    assert first["status"] == second["status"] == "ok"
    assert any("b/s17.yaml" in w for w in first["warnings"])
    assert any("a/s17.yaml" in w and "S-17-2025/" in w for w in second["warnings"])
    drawn = [(out / row["folder"] / "bpss.svg").read_bytes() for row in (first, second)]
    assert drawn[0] == drawn[1]
    assert report_named["folder"].startswith("index.html~dup") and report_named["warnings"]
    assert (out / "index.html").is_file() and (out / report_named["folder"] / "bpss.svg").is_file()
    # Stable: the re-run finds the same folders and skips all three.
    assert main(["batch", str(tmp_path / "in"), "--out", str(out), "-j", "1"]) == 1
    again = json.loads((out / "report.json").read_text(encoding="utf-8"))["cases"]
    assert [(r["folder"], r["status"]) for r in again] == [
        (r["folder"], "invalid" if r["status"] == "invalid" else "skipped") for r in rows]


# ----------------------------------------------------------------------------- Ctrl-C


# cases in the Ctrl-C test: enough that the run is still going when the interrupt lands (40 are drawn
# in about 2 s)
CTRL_C_CASES = 160


def test_ctrl_c_stops_cleanly_and_the_next_run_finishes(tmp_path: Path) -> None:
    text = (EXAMPLES / "family-en.yaml").read_text(encoding="utf-8")
    assert "id: EN-EXAMPLE" in text
    cases = tmp_path / "in"
    cases.mkdir()
    for i in range(CTRL_C_CASES):
        renamed = text.replace("id: EN-EXAMPLE", f"id: C{i:03d}")
        (cases / f"c{i:03d}.yaml").write_text(renamed, encoding="utf-8")
    out = tmp_path / "out"
    command = [sys.executable, "-m", "socialmaps", "batch", str(cases), "--out", str(out), "-j", "2"]
    # Ctrl-C reaches a command run from a terminal, whose SIGINT is not ignored; a test run as a shell's
    # background job inherits SIGINT ignored (POSIX), and so would the batch, which then ran to the end:
    # set in this process, the handler is reset to the default in the child, which takes Ctrl-C.
    before = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    finally:
        signal.signal(signal.SIGINT, before)
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.extend(process.stderr or ()), daemon=True)
    reader.start()
    try:
        deadline = time.monotonic() + 240  # hang guard only
        # Mid-run: once the progress line (plain: stderr is a pipe) says some cases are done.
        while not any(re.match(rf"batch: [1-9][0-9]*/{CTRL_C_CASES} done", line) for line in list(lines)):
            assert process.poll() is None, "".join(lines)
            assert time.monotonic() < deadline
            time.sleep(0.05)
        process.send_signal(signal.SIGINT)
        process.wait(timeout=240)
        reader.join(timeout=10)
    finally:
        process.kill()
    assert process.returncode == 130, "".join(lines)
    data = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert data["interrupted"] is True
    statuses = [c["status"] for c in data["cases"]]
    assert set(statuses) <= {"ok", "not run"} and "ok" in statuses and "not run" in statuses
    # Nothing half-written: no staging folder or temporary file, every case folder complete.
    assert sorted(p.name for p in out.iterdir() if p.name.startswith(".")) == sorted([MANIFEST, CHARTS_CACHE])
    complete = sorted(p.name for p in (out / "C000").iterdir()) if (out / "C000").is_dir() else None
    folders = [p for p in out.iterdir() if p.is_dir()]
    for folder in folders:
        names = sorted(p.name for p in folder.iterdir())
        assert complete is None or names == complete, folder
    # The next run renders the rest only, and everything is then complete.
    assert main(["batch", str(cases), "--out", str(out), "-j", "2"]) == 0
    rerun = json.loads((out / "report.json").read_text(encoding="utf-8"))["cases"]
    for before, after in zip(data["cases"], rerun, strict=True):
        assert after["status"] == ("skipped" if before["status"] == "ok" else "ok"), after
    assert sorted(p.name for p in out.iterdir() if p.is_dir()) == [f"C{i:03d}" for i in range(CTRL_C_CASES)]
    expected = sorted(p.name for p in (out / "C000").iterdir())
    assert all(sorted(p.name for p in (out / f"C{i:03d}").iterdir()) == expected for i in range(CTRL_C_CASES))


# ----------------------------------------------------------------------------- Dask


def test_dask_local_cluster_writes_the_same_bytes_as_local_workers(tmp_path: Path, hang_guard: None) -> None:
    distributed = pytest.importorskip("dask.distributed")
    cases = make_cohort(tmp_path)
    local, on_dask = tmp_path / "local", tmp_path / "dask"
    assert main(["batch", str(cases), "--out", str(local), "-j", "1", "--format", "svg,png"]) == 1
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=False,
                                  dashboard_address=None) as cluster:
        assert main(["batch", str(cases), "--out", str(on_dask), "--executor", "dask",
                     "--scheduler", cluster.scheduler_address, "--format", "svg,png"]) == 1
    assert case_bytes(on_dask) == case_bytes(local)
    assert len(case_bytes(local)) >= 2 * len(GOOD)
    local_report, dask_report = report(local), report(on_dask)
    assert {n: (c["status"], c["folder"], c["diagrams"], c["errors"]) for n, c in dask_report.items()} == {
        n: (c["status"], c["folder"], c["diagrams"], c["errors"]) for n, c in local_report.items()}


def test_scheduler_without_dask_executor_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(["batch", str(EXAMPLES / "s-17-2025.yaml"), "--out", str(tmp_path), "--scheduler", "tcp://x:1"])
    assert stopped.value.code == 2
    assert not any(tmp_path.iterdir())


def test_report_files_are_not_left_half_written(tmp_path: Path) -> None:
    """Only whole files in the output folder after a run: no temporary report or manifest."""
    out = tmp_path / "out"
    assert main(["batch", str(EXAMPLES / "s-17-2025.yaml"), "--out", str(out), "-j", "1"]) == 0
    assert sorted(os.listdir(out)) == sorted([*REPORT_FILES, "S-17-2025"])


def test_an_unreachable_scheduler_is_one_line_not_a_traceback(tmp_path: Path, hang_guard: None,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    dask = pytest.importorskip("dask")
    pytest.importorskip("dask.distributed")
    with dask.config.set({"distributed.comm.timeouts.connect": "2s"}):
        code = main(["batch", str(EXAMPLES / "s-17-2025.yaml"), "--out", str(tmp_path / "out"),
                     "--executor", "dask", "--scheduler", "tcp://127.0.0.1:9"])
    assert code == 2
    err = capsys.readouterr().err
    assert "cannot reach the Dask scheduler at tcp://127.0.0.1:9" in err and "Traceback" not in err
    cases = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))["cases"]
    assert [c["status"] for c in cases] == ["not run"]


def test_anonymised_batch_names_folders_and_rows_by_the_pseudonym(tmp_path: Path) -> None:
    """`batch --anonymize`: the folder, the report's case id and the drawings carry no real name
    or id (the plan names folders before drawing, from the real ids)."""
    from socialmaps.anonymize import case_pseudonym
    from socialmaps.loader import load_case

    source = EXAMPLES / "family-en.yaml"
    case = load_case(source)
    out = tmp_path / "out"
    assert main(["batch", str(source), "--out", str(out), "-j", "1", "--anonymize"]) == 0
    folder = out / case_pseudonym(case.case.id)
    assert folder.is_dir() and not (out / case.case.id).exists()
    assert [row["case_id"] for row in report(out).values()] == [case_pseudonym(case.case.id)]
    names = {word for person in case.people for word in person.name.split() if len(word) >= 3}
    for svg in folder.glob("*.svg"):
        text = svg.read_text(encoding="utf-8")
        assert not [name for name in names if name in text], svg.name


def test_anonymised_clash_warnings_do_not_quote_the_real_case_id(tmp_path: Path) -> None:
    """Two files sharing a case id, anonymised: the report's warnings name no real id."""
    from socialmaps.loader import load_case

    source = EXAMPLES / "family-en.yaml"
    real_id = load_case(source).case.id
    cases = tmp_path / "cases"
    cases.mkdir()
    for name in ("a.yaml", "b.yaml"):
        (cases / name).write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    out = tmp_path / "out"
    assert main(["batch", str(cases), "--out", str(out), "-j", "1", "--anonymize"]) == 0
    rows = report(out)
    assert all(row["warnings"] for row in rows.values()), rows
    for name in ("report.json", "report.csv", "index.html"):
        assert real_id not in (out / name).read_text(encoding="utf-8"), name
    assert not [p.name for p in out.iterdir() if real_id in p.name]
