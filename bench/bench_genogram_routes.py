"""Emotional relationship lines: time per line routed, and the quality the routes keep.

    .venv/bin/python bench/bench_genogram_routes.py [--runs N] [--far PEOPLE]

For every example with relationships and twelve generated 25-person families with ten random
relationships each (tests/test_genogram_routes.py's `generated_case`), in the default style:
CPU milliseconds per line drawn (`place.route_relationships`, best of N runs), and the route
measures of tests/test_genogram_routes.py — worst detour (length over the centres' distance;
the limit is 2.5), label hits, symbol hits, runs along a structure line, crossings of two lines.
With --far, one more row: a generated family of that many people (bench/generate_families.py)
with 30 conflict lines between people drawn far apart, where the router's work budget per line
(`route._WORK_PER_LINE`) bounds the time (no route measures: the family is too big for them).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate_families import family_case
from socialmaps import load_case, load_text
from socialmaps.diagrams.genogram import place as gp
from socialmaps.model import Case
from socialmaps.options import RenderOptions
from socialmaps.render import render
from test_genogram_routes import ROUTED, SEEDS, generated_case, measure_case


def route_time(case: Case, runs: int) -> tuple[int, float]:
    """(lines drawn, best total CPU ms spent routing them over `runs` renders): the whole of
    `place.route_relationships`, its routers' set-up and any second routing of the lines
    (the lines that crossed a name routed first) included."""
    original = gp.route_relationships
    best = float("inf")
    count = 0
    for _ in range(runs):
        spent = [0.0]
        drawn = [0]

        def timed(*args: Any, spent: list[float] = spent, drawn: list[int] = drawn, **kwargs: Any) -> Any:
            t = time.process_time()
            try:
                lines = original(*args, **kwargs)
                drawn[0] += len(lines)
                return lines
            finally:
                spent[0] += time.process_time() - t

        gp.route_relationships = timed
        try:
            render(case, "genogram", RenderOptions())
        finally:
            gp.route_relationships = original
        best = min(best, spent[0] * 1000)
        count = drawn[0]
    return count, best


def far_case(people: int, lines: int = 30, seed: int = 7) -> Case:
    """A generated family of `people` with `lines` conflict lines between random people (far
    apart, most of them: the family is thousands of symbols wide)."""
    text = family_case(people)
    ids = [json.loads(line[4:])["id"] for line in text.split("unions:")[0].splitlines()
           if line.startswith("  - ")]
    rng = random.Random(seed)
    pairs: set[tuple[str, str]] = set()
    while len(pairs) < lines:
        a, b = sorted(rng.sample(ids, 2))
        pairs.add((a, b))
    text += "relationships:\n" + "".join(f"  - {{between: [{a}, {b}], type: conflict}}\n"
                                          for a, b in sorted(pairs))
    return load_text(text)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--far", type=int, default=0, help="also a family of this many people, 30 far lines")
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
    if args.far:
        n, ms = route_time(far_case(args.far), 1)
        print(f"{f'family-{args.far} far':20s} {n:5d} {ms / max(n, 1):8.2f}   (total {ms / 1000:.1f} s CPU)")


if __name__ == "__main__":
    main()
