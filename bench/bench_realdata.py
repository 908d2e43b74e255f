"""The genogram on every real pedigree in ../shared/data: quality totals and time.

    .venv/bin/python bench/bench_realdata.py

Reads the PED files, kinship2's tables and all 426 families of the Minnesota
Breast Cancer Study in place (with the test suite's reader), draws each as a
genogram and sums the drawing's own quality numbers.  "simple" families have no
couple related by blood and no one with more than two partners: there, zero
crossings is the contract.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

import test_genogram_realdata as realdata
from socialmaps import load_text, render


def main() -> int:
    if not realdata.DATA.is_dir():
        print("../shared/data is not beside this checkout: nothing to measure")
        return 0
    groups = {
        "PED and kinship2 files": [p for p in realdata.pedigrees() if "minnbreast" not in p[0]],
        "Minnesota Breast Cancer Study": [(f"minnbreast#{f}", rows)
                                         for f, rows in realdata._minnbreast(every=1).items()],
    }
    print(f"{'source':32} {'families':>8} {'people':>7} {'simple':>6} {'crossings':>9} {'in simple':>9} "
          f"{'overlaps':>8} {'label coll.':>11} {'copies':>6} {'seconds':>7}")
    for label, pedigrees in groups.items():
        totals = dict.fromkeys(("people", "simple", "crossings", "simple_crossings", "overlaps",
                                "label_collisions", "copies"), 0.0)
        start = time.perf_counter()
        for name, rows in pedigrees:
            text, simple = realdata.case_of(name, rows)
            metrics = render(load_text(text, name), "genogram").metrics
            totals["people"] += metrics["people"]
            totals["simple"] += simple
            totals["crossings"] += metrics["crossings"]
            totals["simple_crossings"] += metrics["crossings"] if simple else 0
            totals["overlaps"] += metrics["overlaps"]
            totals["label_collisions"] += metrics["label_collisions"]
            totals["copies"] += metrics.get("copies", 0)
        seconds = time.perf_counter() - start
        t = {k: int(v) for k, v in totals.items()}
        print(f"{label:32} {len(pedigrees):>8} {t['people']:>7} {t['simple']:>6} {t['crossings']:>9} "
              f"{t['simple_crossings']:>9} {t['overlaps']:>8} {t['label_collisions']:>11} {t['copies']:>6} "
              f"{seconds:>7.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
