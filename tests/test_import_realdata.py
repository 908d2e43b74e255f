"""Every file of ../shared/data that could describe a family: drawn (a focus view for big
families) or refused with a clear message; none crashes, none takes more than 10 s (of CPU time,
so that a loaded machine does not trip it; a hang guard only: bench/bench_scale.py measures
speed).  The focus views of every GEDCOM and PED file pass the shared checker's overlap rule."""

from __future__ import annotations

import contextlib
import json
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from socialmaps.inputs import write_inputs
from socialmaps.options import RenderOptions

SHARED = Path(__file__).resolve().parents[2] / "shared"
DATA = SHARED / "data"
CHECKER = SHARED / "tools" / "svgcheck.py"
NOT_DATA = {"INDEX.md", "SOURCE.txt"}
GEDCOM_OR_PED = (".ged", ".ped", ".tab", ".data")

pytestmark = pytest.mark.skipif(not DATA.is_dir(), reason="../shared/data is not here")


@contextlib.contextmanager
def cpu_guard(seconds: int, what: str) -> Iterator[None]:
    """TimeoutError once the block has used `seconds` of this process's CPU time: a hang guard that
    a machine shared by many jobs (where wall time runs several times slower) does not trip."""
    def expired(_signum: int, _frame: object) -> None:
        raise TimeoutError(f"{what}: over {seconds} s of CPU time")

    if not hasattr(signal, "SIGPROF"):
        yield
        return
    before = signal.signal(signal.SIGPROF, expired)
    signal.setitimer(signal.ITIMER_PROF, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, before)


def _files() -> list[Path]:
    if not DATA.is_dir():
        return []
    return sorted(p for p in DATA.rglob("*") if p.is_file() and p.name not in NOT_DATA)


@dataclass
class Outcome:
    status: str
    messages: tuple[str, ...]
    svg: Path | None
    seconds: float


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Outcome]:
    out = tmp_path_factory.mktemp("realdata")
    found: dict[str, Outcome] = {}
    for path in _files():
        started = time.perf_counter()
        try:
            with cpu_guard(10, f"rendering {path.name}"):
                [result] = write_inputs([str(path)], out / path.stem, RenderOptions(), None, False, False)
        except TimeoutError as err:
            found[str(path)] = Outcome("hang", (str(err),), None, time.perf_counter() - started)
            continue
        svg = next((f for f in result.files if f.name == "genogram.svg"), None)
        found[str(path)] = Outcome(result.status, result.messages, svg, time.perf_counter() - started)
    return found


@pytest.mark.parametrize("path", _files(), ids=lambda p: str(p.relative_to(DATA)))
def test_every_data_file_is_drawn_or_clearly_refused(path: Path, outcomes: dict[str, Outcome]) -> None:
    outcome = outcomes[str(path)]
    assert outcome.status in ("ok", "invalid"), outcome.messages
    if outcome.status == "invalid":
        assert outcome.messages
        for message in outcome.messages:
            assert message.startswith(str(path)), message
            assert "please report" not in message and "Traceback" not in message, message
    if path.suffix.lower() in (*GEDCOM_OR_PED, ".json") and outcome.status == "ok":
        assert outcome.svg is not None and outcome.svg.stat().st_size > 0


def test_what_is_refused_is_what_cannot_be_a_family(outcomes: dict[str, Outcome]) -> None:
    """Only empty GEDCOMs, the Gramps XML file and the non-pedigree files are refused."""
    refused = {Path(p).relative_to(DATA).as_posix() for p, o in outcomes.items() if o.status != "ok"}
    for name in refused:
        assert (name.startswith(("egor_transnat/", "schematex_examples/", "gramps_example/test_complex_loop"))
                or "tiny" in name or "minimal7" in name or "xref-case" in name), name
    drawn = {Path(p).relative_to(DATA).as_posix() for p, o in outcomes.items() if o.status == "ok"}
    assert {"djeffrey_gedcom_samples/Queen.ged", "kinship2/minnbreast.csv", "pedigreejs/example7.json",
            "madeline2_testdata/tw_004.data", "peddy/h1k.ped", "gedcom4j_samples/Sopranos.ged"} <= drawn


@pytest.mark.skipif(not CHECKER.is_file(), reason="the shared checker is not here")
def test_gedcom_and_ped_focus_views_have_no_overlap(outcomes: dict[str, Outcome]) -> None:
    svgs = {p: o.svg for p, o in outcomes.items() if o.svg is not None and p.lower().endswith(GEDCOM_OR_PED)}
    assert len(svgs) > 80
    run = subprocess.run([sys.executable, str(CHECKER), "--json", *map(str, svgs.values())],
                         capture_output=True, text=True, timeout=600, check=False)
    reports = [json.loads(line) for line in run.stdout.splitlines() if line.startswith("{")]
    assert len(reports) == len(svgs), run.stderr[-2000:]
    overlapping = {r["file"]: r["metrics"]["overlaps"] for r in reports if r["metrics"]["overlaps"]}
    assert not overlapping
    rules: dict[str, int] = {}
    for report in reports:
        for violation in report["violations"]:
            rules[violation["rule"]] = rules.get(violation["rule"], 0) + 1
    print(f"checker over {len(reports)} focus views: {rules or 'no violation'}")
