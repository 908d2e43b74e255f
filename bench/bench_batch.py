"""The batch runner's throughput: cases per second for 1 and 2 workers, SVG only and SVG+PNG.

    .venv/bin/python bench/bench_batch.py            # N = 1,000 generated cases
    .venv/bin/python bench/bench_batch.py --n 200    # smaller

The cases are generated here (`realistic_case`): a family of 10-40 people over three or four
generations, an ecomap of 5-12 systems with some stressful ties, a life road of 5-10 events, BPSS,
and sometimes a body map, strengths and a Venn diagram.  Each configuration renders all N cases
into a fresh folder through the batch's own local executor (spawned workers, `write_case` per
case); the table gives the render phase's wall time, cases/s, and the speed-up of 2 workers over 1.
Worker start-up is measured on its own: a new pool's first answer (spawn + imports), and the
imports alone as each worker timed them.  On a shared machine (other processes on the same cores)
the ratios are noisy: run it alone for numbers to compare.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import random
import shutil
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from socialmaps import load_text
from socialmaps.batch import ChunkResult, Job, Settings, run_batch, run_local, start_worker
from socialmaps.options import Format, RenderOptions

FIRST = ["Ana", "Budi", "Citra", "Dewi", "Eko", "Fajar", "Gita", "Hadi", "Indah", "Joko", "Kartika",
         "Lukas", "Maya", "Nina", "Omar", "Putri", "Rina", "Sari", "Tono", "Umar", "Vera", "Wati", "Yusuf"]
SYSTEMS = [("Primary school", "school"), ("Secondary school", "school"), ("Health centre", "health"),
           ("Hospital", "health"), ("Mosque", "religion"), ("Church", "religion"), ("Employer", "work"),
           ("Market stall", "work"), ("Neighbours", "neighbourhood"), ("Head of the RT", "neighbourhood"),
           ("Football club", "recreation"), ("Friends from school", "friends"),
           ("Social services", "social-services"),
           ("Cash transfer programme", "social-services"), ("Police", "legal"), ("Court", "legal"),
           ("Aunt's family", "extended-family"), ("Grandparents", "family"), ("Youth group", "recreation")]
REGIONS = ["head", "chest", "abdomen", "lower-back", "upper-back", "left-forearm", "right-forearm",
           "left-knee", "right-hand", "left-thigh"]
STRENGTHS = ["strong", "moderate", "moderate", "weak", "broken"]
FLOWS = ["none", "to", "from", "both"]
VALENCES = [-5, -4, -3, -2, -1, 1, 2, 3, 4, 5]  # 0 is the road itself, not an event


def realistic_case(index: int, seed: int = 0) -> str:
    """One case file's YAML text, different for every `index`, the same for the same arguments."""
    rng = random.Random(seed * 1_000_003 + index)
    target = rng.randint(10, 40)
    people: list[str] = []
    born: dict[str, int] = {}
    unions: list[str] = []

    def person(year: int, sex: str) -> str:
        pid = f"p{len(people) + 1}"
        born[pid] = year
        name = f"{rng.choice(FIRST)} {len(people) + 1}"
        people.append(f"  - {{id: {pid}, name: {name}, sex: {sex}, born: {year}}}")
        return pid

    founders = (person(rng.randint(1935, 1950), "male"), person(rng.randint(1935, 1950), "female"))
    couples = [founders]
    children_of: dict[tuple[str, ...], list[str]] = {}
    partnered = set(founders)
    while couples and len(people) < target:
        couple = couples.pop(0)
        partnered.update(couple)
        start = max(born[p] for p in couple) + rng.randint(20, 30)
        kids = []
        for k in range(rng.randint(1, 4)):
            if len(people) >= target:
                break
            child = person(min(start + 2 * k + rng.randint(0, 2), 2024), rng.choice(["male", "female"]))
            kids.append(child)
            if len(people) < target - 1 and born[child] < 2000 and rng.random() < 0.7:
                partner = person(born[child] + rng.randint(-3, 3), rng.choice(["male", "female"]))
                couples.append((child, partner))
        children_of.setdefault(couple, []).extend(kids)
        if not couples and len(people) < target:  # no couple left: the eldest single adult marries
            single = sorted((born[p], p) for p in born if p not in partnered and born[p] <= 2003)
            if single:
                child = single[0][1]
                partner = person(born[child] + rng.randint(-3, 3), rng.choice(["male", "female"]))
                couples.append((child, partner))
            else:
                couples.append(couple)
    for couple, kids in children_of.items():
        status = rng.choice(["together", "together", "divorced", "separated"])
        unions.append(f"  - {{partners: [{', '.join(couple)}], status: {status}, "
                      f"children: [{', '.join(dict.fromkeys(kids))}]}}")
    client = min(born, key=lambda p: (abs(born[p] - 2010), p))  # a child or teenager, as in most files
    year = born[client]
    systems = rng.sample(SYSTEMS, rng.randint(5, 12))
    lines = ["socialmaps: 1", "case:", f"  id: GEN-{index:05d}", f"  title: Generated client {index}",
             "  language: en", f"  client: {client}", "  date: 2025-06",
             "people:", *people, "unions:", *unions]
    if len(born) > 3:
        lines += ["relationships:",
                  f"  - {{between: [{client}, p1], type: {rng.choice(['close', 'distant', 'conflict'])}}}"]
    lines += ["ecomap:", f"  center: {client}", "  systems:"]
    lines += [f"    - {{id: s{i}, name: {name}, kind: {kind}, size: {rng.randint(1, 3)}}}"
              for i, (name, kind) in enumerate(systems)]
    lines += ["  ties:"]
    lines += [f"    - {{from: {client}, to: s{i}, strength: {rng.choice(STRENGTHS)}, "
              f"stress: {str(rng.random() < 0.25).lower()}, flow: {rng.choice(FLOWS)}}}"
              for i in range(len(systems))]
    lines += ["lifemap:", "  events:"]
    years = sorted(rng.sample(range(year, 2026), min(rng.randint(5, 10), 2026 - year)))
    lines += [f"    - {{when: {y}, title: Event of {y}, valence: {rng.choice(VALENCES)}}}" for y in years]
    lines += ["  hopes: [Finish school, Stay with the family]"]
    if rng.random() < 0.3:
        lines += ["bodymap:", "  views: both", "  marks:"]
        lines += [f"    - {{region: {r}, kind: {rng.choice(['pain', 'scar', 'injury'])}, note: Mark on {r}}}"
                  for r in rng.sample(REGIONS, rng.randint(1, 4))]
    lines += ["bpss:"]
    for dim in ("biological", "psychological", "social", "spiritual"):
        items = ", ".join(f"{dim.title()} note {k}" for k in range(rng.randint(1, 5)))
        lines += [f"  {dim}: [{items}]"]
    if rng.random() < 0.5:
        lines += ["strengths:", "  internal: {strengths: [Caring, Determined], weaknesses: [Worries]}",
                  "  external: {strengths: [Supportive teacher], weaknesses: [Few friends nearby]}"]
    if rng.random() < 0.4:
        lines += ["venn:", "  items:"]
        lines += [f"    - {{name: {name}, importance: {rng.randint(1, 5)}, closeness: {rng.randint(1, 5)}}}"
                  for name, _ in systems[:rng.randint(3, 6)]]
    return "\n".join(lines) + "\n"


def write_cases(folder: Path, n: int) -> list[str]:
    folder.mkdir(parents=True, exist_ok=True)
    files = []
    for i in range(n):
        text = realistic_case(i)
        load_text(text, f"case {i}")  # the generator must make valid cases: fails loudly if not
        path = folder / f"case-{i:05d}.yaml"
        path.write_text(text, encoding="utf-8")
        files.append(str(path))
    return files


def render_phase(files: list[str], out: Path, workers: int,
                 formats: tuple[Format, ...]) -> tuple[float, int, float]:
    """(wall seconds, cases failed, max worker import seconds) for one configuration."""
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    settings = Settings(out=out, options=RenderOptions(formats=formats), jobs=workers, force=True)
    jobs = [Job(file=f, folder=None, key="") for f in files]
    failed = 0
    imports = 0.0

    def on_chunk(result: ChunkResult) -> None:
        nonlocal failed, imports
        failed += sum(row.failed for row in result.rows)
        imports = max(imports, result.startup_seconds)

    started = time.perf_counter()
    run_local(jobs, settings, on_chunk)
    return time.perf_counter() - started, failed, imports


def whole_runs(files: list[str], out: Path) -> tuple[float, float]:
    """`run_batch` end to end (plan, workers, report, index with charts), SVG, 2 workers: the first
    run into an empty folder, then the re-run, which finds every case unchanged."""
    shutil.rmtree(out, ignore_errors=True)
    settings = Settings(out=out, options=RenderOptions(), jobs=2)
    times = []
    with open(os.devnull, "w") as quiet:
        for _ in range(2):
            started = time.perf_counter()
            outcome = run_batch(files, settings, progress_stream=quiet)
            times.append(time.perf_counter() - started)
    assert all(row.status == "skipped" for row in outcome.rows), "the re-run must skip every case"
    return times[0], times[1]


def first_answer_seconds() -> float:
    """A new pool's first answer: spawning one worker and its imports."""
    started = time.perf_counter()
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(1, mp_context=context, initializer=start_worker) as pool:
        pool.submit(os.getpid).result()
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=1000, help="number of generated cases (default 1,000)")
    parser.add_argument("--png-n", type=int, default=None,
                        help="cases for the SVG+PNG rows (default: --n; PNG is ~10x slower)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-batch-") as tmp:
        root = Path(tmp)
        started = time.perf_counter()
        files = write_cases(root / "cases", args.n)
        print(f"{args.n} cases generated and validated in {time.perf_counter() - started:.1f} s "
              f"({os.cpu_count()} cores; other processes on them make the ratios noisy)")
        spawn = first_answer_seconds()
        print(f"worker start-up: {spawn:.2f} s from a new pool to its first answer (spawn + imports), "
              "paid once per worker")
        print(f"{'formats':10} {'workers':>7} {'cases':>6} {'wall s':>8} {'cases/s':>8} {'imports s':>9} "
              f"{'failed':>6} {'2 vs 1':>7}")
        for formats in (("svg",), ("svg", "png")):
            subset = files if formats == ("svg",) or args.png_n is None else files[:args.png_n]
            rates = {}
            for workers in (1, 2):
                wall, failed, imports = render_phase(subset, root / "out", workers, formats)
                rates[workers] = len(subset) / wall
                ratio = f"{rates[2] / rates[1]:6.2f}x" if workers == 2 else ""
                print(f"{'+'.join(formats):10} {workers:7d} {len(subset):6d} {wall:8.1f} "
                      f"{rates[workers]:8.1f} {imports:9.2f} {failed:6d} {ratio:>7}", flush=True)
        first, again = whole_runs(files, root / "whole")
        print(f"whole run (plan + 2 workers + report + index), SVG: first {first:.1f} s, re-run with "
              f"every case unchanged {again:.2f} s ({again / first:.1%} of the first)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
