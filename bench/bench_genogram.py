"""Genogram end to end: case -> SVG time for 50 ... 1,000 generated people, against Graphviz.

    .venv/bin/python bench/bench_genogram.py [--runs N] [--passes P] [--sizes 50,100,200,400,1000]

Families come from tests/familygen.py, written as case files and loaded once
(loading is not timed).  "layout" is adapter + layout engine, "total" the whole
`render(case, "genogram")` (layout, routing, SVG text), "draw cpu" the drawing alone:
the placed scene (made once, not timed) written as SVG text (`draw.draw`).  Targets: 200 people
in 50 ms, 1,000 in 0.5 s.

When `dot` is on PATH the same family, as our own DOT export (`--format dot`: union points, one
rank per generation, labels), is drawn by `dot -Tsvg` (SVG too), without `splines=ortho` (best
of several runs) and with it (one run: it takes seconds).  The two are not measured alike, and the
table says so: ours is CPU time in this process, warm (no interpreter start, no imports, no
case loading; the SVG text made in memory), while dot's is the CPU time of a whole `dot` process,
its start included (printed as "dot start": the same command on a one-person family), its SVG
written to a pipe.  "ours/dot" is our CPU time over dot's:
below 1, socialmaps is the faster.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from socialmaps import load_text
from socialmaps.diagrams.genogram.adapter import adapt
from socialmaps.diagrams.genogram.dot import genogram_dot
from socialmaps.diagrams.genogram.draw import Metrics, draw, layout_options
from socialmaps.diagrams.genogram.family import Family
from socialmaps.diagrams.genogram.layout import layout_genogram
from socialmaps.diagrams.genogram.place import layout as place_scene
from socialmaps.diagrams.genogram.symbols import symbol_set
from socialmaps.gcpause import collector_paused
from socialmaps.lang import words
from socialmaps.model import Case
from socialmaps.options import RenderOptions
from socialmaps.render import applicable, context, render
from socialmaps.style import load_style

from familygen import person_entries, sized_family, union_entries
from timing import best, best_and_median

TARGETS = {200: 50.0, 1000: 500.0}


def case_text(family: Family) -> str:
    people = person_entries(family)
    unions = union_entries(family)
    return yaml.safe_dump({"socialmaps": 1, "case": {"id": "BENCH", "language": "en"}, "people": people,
                           "unions": unions}, sort_keys=False)


def layout_only(case: Case) -> None:
    style, w = load_style("default"), words("en")
    kit = symbol_set(style)
    m = Metrics.of(style)
    ad = adapt(case, style, w, symbols=kit)
    # The adapter's plans at the origin are what `render` sizes the rows with too.
    layout_genogram(ad.family, layout_options(style.font.size, m, ad.plans))


def drawing_only(case: Case) -> Callable[[], object]:
    """The SVG drawing of the case's placed genogram, as `render` runs it (collector paused)."""
    ctx = context(case, "genogram", RenderOptions(), applicable(case))
    scene = place_scene(ctx)

    def run() -> object:
        with collector_paused():
            return draw(ctx, scene)
    return run


def dot_cpu(dot: str, src: bytes, runs: int) -> float:
    """Best CPU time (user + system) of a whole `dot -Tsvg` process (start included), in ms."""
    times = []
    for _ in range(max(1, runs)):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        subprocess.run([dot, "-Tsvg"], input=src, capture_output=True, check=True)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        times.append((after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime))
    return min(times) * 1000


def one_person_case() -> Case:
    return load_text(yaml.safe_dump({"socialmaps": 1, "case": {"id": "ONE", "language": "en"},
                                     "people": [{"id": "p1", "name": "P1", "sex": "male"}]}, sort_keys=False))


def machine_speed(runs: int = 15) -> tuple[float, float]:
    """Best and median CPU ms of a fixed pure-Python loop: how fast this machine ran just now.

    Printed with the table so that a slow stretch of a shared machine shows as such (the
    loop's median then sits far above its best) instead of passing for slow code.
    """
    def loop() -> int:
        total = 0
        for i in range(300_000):
            total += i * i % 7
        return total

    return best_and_median(loop, runs, time.process_time)


def measure(cases: dict[int, Case], runs: int, passes: int, dot: str | None) -> dict[int, dict[str, float]]:
    """Best times per size over `passes` passes of `runs` runs (a third of the runs from 1,000
    people on); plain dot's in the same passes, ortho dot's once."""
    found: dict[int, dict[str, float]] = {size: {} for size in cases}
    for _ in range(max(1, passes)):
        for size, case in cases.items():
            n = max(1, runs if size < 1000 else runs // 3)
            got = {"layout": best(lambda case=case: layout_only(case), n),
                   "total": best(lambda case=case: render(case, "genogram"), n),
                   "cpu": best(lambda case=case: render(case, "genogram"), n, time.process_time),
                   "draw cpu": best(drawing_only(case), n, time.process_time)}
            if dot:
                got["dot cpu"] = dot_cpu(dot, genogram_dot(case, ortho=False).encode(), max(1, n // 2))
            for key, value in got.items():
                found[size][key] = min(value, found[size].get(key, value))
    if dot:
        for size, case in cases.items():
            found[size]["ortho cpu"] = dot_cpu(dot, genogram_dot(case, ortho=True).encode(), 1)
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    # Many runs, in passes spread over time: this kind of machine runs the same code at up to half
    # speed for stretches of seconds (a fixed pure-Python loop: best 21 ms, median 37 ms); the best
    # run is the code's own time, and passes apart in time are likelier to meet a fast stretch.
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--passes", type=int, default=3)
    parser.add_argument("--sizes", default="50,100,200,400,1000", help="generated family sizes")
    args = parser.parse_args()
    dot = shutil.which("dot")
    before = machine_speed()
    cases = {size: load_text(case_text(sized_family(size))) for size in map(int, args.sizes.split(","))}
    found = measure(cases, args.runs, args.passes, dot)
    start = dot_cpu(dot, genogram_dot(one_person_case(), ortho=False).encode(), 5) if dot else 0.0
    after = machine_speed()
    print(f"{'people':>7} {'layout ms':>10} {'total ms':>9} {'total cpu':>10} {'draw cpu':>9} {'target':>7}"
          f" {'svg kB':>7}"
          + (f" | {'dot cpu':>8} {'ours/dot':>9} {'ortho cpu':>10} {'ours/ortho':>11}" if dot else ""))
    for size, case in cases.items():
        t = found[size]
        kb = len(render(case, "genogram").svg) / 1024
        target = TARGETS.get(size)
        # judged on CPU time: wall clock here also measures whoever else shares the cores
        mark = "" if target is None else ("ok" if t["cpu"] <= target else "SLOW")
        row = (f"{len(case.people):>7} {t['layout']:>10.1f} {t['total']:>9.1f} {t['cpu']:>10.1f}"
               f" {t['draw cpu']:>9.1f} {mark:>7} {kb:>7.0f}")
        if dot:
            row += (f" | {t['dot cpu']:>8.1f} {t['cpu'] / t['dot cpu']:>9.2f} {t['ortho cpu']:>10.1f}"
                    f" {t['cpu'] / t['ortho cpu']:>11.3f}")
        print(row)
    print(f"(ms; best of {args.passes} passes of {args.runs} runs, from 1,000 people "
          f"{max(1, args.runs // 3)} runs; ortho dot one run)")
    if dot:
        print("ours: CPU time of render(case, 'genogram') in this process (layout + SVG text; no "
              "interpreter start, imports or case loading); dot: CPU time of a whole `dot -Tsvg` process on "
              "our DOT export of the same family, its start included (dot start, a one-person family: "
              f"{start:.1f} ms); ours/dot below 1: socialmaps is the faster")
    print("machine: a fixed pure-Python loop took (best / median ms) "
          f"{before[0]:.1f} / {before[1]:.1f} before the table, {after[0]:.1f} / {after[1]:.1f} after "
          "(a median far above the best: the machine ran slow, and so did the table)")
    if not dot:
        print("(Graphviz `dot` not on PATH: no comparison)")


if __name__ == "__main__":
    main()
