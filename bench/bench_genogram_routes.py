"""Emotional relationship lines: time per line routed, and the quality the routes keep.

    .venv/bin/python bench/bench_genogram_routes.py [--runs N]

For every example with relationships and twelve generated 25-person families with ten random
relationships each (tests/test_genogram_routes.py's `generated_case`), in the default style:
CPU milliseconds per line routed (`route.DirectRouter.route`, best of N runs), and the route
measures of tests/test_genogram_routes.py — worst detour (length over the centres' distance;
the limit is 2.5), label hits, symbol hits, runs along a structure line, crossings of two lines.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from socialmaps import load_case
from socialmaps.diagrams.genogram import route as rt
from socialmaps.model import Case
from socialmaps.options import RenderOptions
from socialmaps.render import render
from test_genogram_routes import ROUTED, SEEDS, generated_case, measure_case


def route_time(case: Case, runs: int) -> tuple[int, float]:
    """(lines routed, best total ms spent in DirectRouter.route over `runs` renders)."""
    original = rt.DirectRouter.route
    best = float("inf")
    count = 0
    for _ in range(runs):
        spent = [0.0]
        calls = [0]

        def timed(self: rt.DirectRouter, a: rt.Person, b: rt.Person, width: float = 0.0,
                  spent: list[float] = spent, calls: list[int] = calls) -> list[tuple[float, float]]:
            t = time.process_time()
            try:
                return original(self, a, b, width)
            finally:
                spent[0] += time.process_time() - t
                calls[0] += 1

        rt.DirectRouter.route = timed  # type: ignore[method-assign]
        try:
            render(case, "genogram", RenderOptions())
        finally:
            rt.DirectRouter.route = original  # type: ignore[method-assign]
        best = min(best, spent[0] * 1000)
        count = calls[0]
    return count, best


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    cases = [(Path(p).stem, load_case(p)) for p in ROUTED]
    cases += [(f"gen{s}", generated_case(s)) for s in SEEDS]
    print(f"{'case':20s} {'lines':>5s} {'ms/line':>8s} {'max detour':>10s} {'label hits':>10s} "
          f"{'symbol hits':>11s} {'along':>5s} {'crossings':>9s}")
    total_lines, total_ms = 0, 0.0
    for name, case in cases:
        n, ms = route_time(case, args.runs)
        m = measure_case(case)
        worst = max((r.ratio for r in m.routes), default=0.0)
        total_lines += n
        total_ms += ms
        print(f"{name:20s} {n:5d} {ms / max(n, 1):8.2f} {worst:10.2f} {len(m.hits):10d} "
              f"{len(m.symbol_hits):11d} {len(m.along):5d} {m.crossings:9d}")
    print(f"{'all':20s} {total_lines:5d} {total_ms / max(total_lines, 1):8.2f}")


if __name__ == "__main__":
    main()
