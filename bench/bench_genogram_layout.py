"""Genogram layout: time for 50, 200 and 1,000 people, and quality over many families.

    .venv/bin/python bench/bench_genogram_layout.py [--families N]

Families come from tests/familygen.py (several partners, half-siblings on both
sides, twins, pregnancies, adopted children, in-laws with their own parents).
Times: the best of several runs, wall clock and process CPU, in milliseconds
(layout only).  Quality: crossings, shared bars, overlaps, row / partner /
children-order violations summed over N generated families without
consanguinity and with at most two partners per person, plus copies drawn and
couples turned round against the husband-left convention (partner_flips).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from socialmaps.diagrams.genogram.layout import layout_genogram
from socialmaps.diagrams.genogram.quality import centring, partner_flips, partner_span, quality

from familygen import generate_family, sized_family


def timing(size: int, runs: int) -> tuple[int, float, float]:
    fam = sized_family(size)
    wall, cpu = [], []
    for _ in range(runs):
        w, c = time.perf_counter(), time.process_time()
        layout_genogram(fam)
        wall.append(time.perf_counter() - w)
        cpu.append(time.process_time() - c)
    return len(fam.people), min(wall) * 1000, min(cpu) * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--families", type=int, default=200)
    args = parser.parse_args()
    for size, runs in ((50, 20), (200, 10), (1000, 5)):
        n, wall, cpu = timing(size, runs)
        print(f"{n:5d} people: {wall:7.1f} ms wall, {cpu:7.1f} ms cpu (best of {runs})")
    totals: dict[str, int] = {}
    people = 0
    centre = span = 0.0
    for seed in range(args.families):
        fam = generate_family(seed)
        people += len(fam.people)
        lay = layout_genogram(fam)
        centre += centring(lay)
        span += partner_span(lay)
        for key, value in quality(lay).items():
            totals[key] = totals.get(key, 0) + value
        totals["partner_flips"] = totals.get("partner_flips", 0) + len(partner_flips(lay, fam))
    n = max(args.families, 1)
    print(f"{args.families} families, {people} people: " + ", ".join(f"{k} {v}" for k, v in totals.items()))
    print(f"mean sibship offset from under its parents {centre / n:.1f}, mean room between partners "
          f"{span / n:.1f} (user units; widths 50-90, partner gap 30)")


if __name__ == "__main__":
    main()
