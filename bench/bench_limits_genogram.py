"""Genogram at the limits: the biggest shapes a case file may hold, loaded and drawn.

    .venv/bin/python bench/bench_limits_genogram.py [--runs N] [--quick]

Shapes (bench/generate_families.py): a line of descent of 1,000 and 2,000 generations, a
generated family of 20,000 people (and 5,000), one couple with 2,000 children, one man
with 500 marriages, 600 one-parent unions, a household of half of 5,000 people; and the
two genogram files of bench/bench_limits.py, as large as the 2 MB byte limit admits (a
chain of 23,231 one-parent generations, a broad family of 30,658 people).  Per
shape: people, file bytes, the time to load the file and to draw the genogram (the best
of N runs; wall clock and process CPU: the machine is shared, CPU says what the code
costs), and the drawing's own counts of crossings and overlaps.  Target (issue 10):
under 5 s a shape, load and draw together, cost growing about as n log n; the genogram's
share at the byte limit 2.5 s CPU, 5,000 people within 1 s (issue 17).  `--quick` leaves
out the 20,000 and the two files at the byte limit.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_limits
import generate_families as gen
from socialmaps import load_text
from socialmaps.model import Case
from socialmaps.render import render

LIMIT = 2_000_000  # the default byte limit (SOCIALMAPS_MAX_BYTES) the two last shapes fill
SHAPES: list[tuple[str, Callable[[], str]]] = [
    ("chain 1,000 generations", lambda: gen.chain_case(1_000)),
    ("chain 2,000 generations", lambda: gen.chain_case(2_000)),
    ("family 5,000", lambda: gen.family_case(5_000)),
    ("family 20,000", lambda: gen.family_case(20_000)),
    ("one couple, 2,000 children", lambda: gen.wide_case(2_000)),
    ("one man, 500 marriages", lambda: gen.star_case(500)),
    ("600 one-parent unions", lambda: gen.single_parents_case(600)),
    ("household: half of 5,000", lambda: gen.household_case(5_000, 0.5)),
    ("chain at the 2 MB limit", lambda: bench_limits.largest(bench_limits.chain, LIMIT).text),
    ("family at the 2 MB limit", lambda: bench_limits.largest(bench_limits.family, LIMIT).text),
]
BIG = ("20,000", "2 MB")  # the shapes `--quick` leaves out


def timed(fn: Callable[[], object], runs: int) -> tuple[float, float, object]:
    """Best wall and best CPU seconds of `runs` calls, and the last result."""
    wall, cpu = [], []
    result: object = None
    for _ in range(max(1, runs)):
        w, c = time.perf_counter(), time.process_time()
        result = fn()
        wall.append(time.perf_counter() - w)
        cpu.append(time.process_time() - c)
    return min(wall), min(cpu), result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--quick", action="store_true", help="leave out the 20,000-person family")
    args = parser.parse_args()
    # The value-count limit is derived from the byte limit (yamlsource.max_nodes), so raising the
    # byte limit is enough for the biggest shape to load.
    os.environ["SOCIALMAPS_MAX_BYTES"] = str(100_000_000)
    render(load_text(gen.chain_case(3)), "genogram")  # imports and fonts, outside the timing
    print(f"{'shape':<28} {'people':>7} {'bytes':>11} {'load s':>7} {'draw s':>7} {'draw cpu':>8} "
          f"{'crossings':>9} {'overlaps':>8}")
    for name, make in SHAPES:
        if args.quick and any(big in name for big in BIG):
            continue
        text = make()
        _, _, case = timed(lambda text=text: load_text(text), 1)
        assert isinstance(case, Case)
        load_wall, _, _ = timed(lambda text=text: load_text(text), 1)
        wall, cpu, drawing = timed(lambda case=case: render(case, "genogram"), args.runs)
        metrics = drawing.metrics  # type: ignore[attr-defined]
        print(f"{name:<28} {len(case.people):>7,} {len(text.encode()):>11,} {load_wall:>7.2f} {wall:>7.2f} "
              f"{cpu:>8.2f} {int(metrics['crossings']):>9} {int(metrics['overlaps']):>8}", flush=True)


if __name__ == "__main__":
    main()
