"""Time to load and render body maps and ecomaps near the limits (issue 10: bounded time).

    .venv/bin/python bench/bench_limits_maps.py [--runs N] [--quick]

Cases come from tests/casegen.py (generated, not committed):
- body maps of 50, 150 and 500 marks, and the largest whose file fits the size limit
  (SOCIALMAPS_MAX_BYTES, 2,000,000 bytes by default);
- ecomaps with a note on every tie: 30 parallel ties between the client and one system,
  30 ties from one person in bundles of 3, 100 ties in bundles of 4, 200 ties in bundles
  of 10 from one person, and 200 systems with a tie each.

Per case: the count (marks, or ties/systems), the file's bytes, the load time, and the
render time (layout and SVG) as wall clock and as CPU time (the CPU column is what the
code costs; the wall column also shows how busy the machine was).  Seconds, best of N
(default 1).  ``--quick`` leaves out the largest body map.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from casegen import bodymap_case, ecomap_case, largest_bodymap_case
from socialmaps import load_text, render
from socialmaps.yamlsource import max_bytes


@dataclass(frozen=True)
class Row:
    diagram: str
    name: str
    count: str
    text: str


def rows(quick: bool) -> list[Row]:
    out = [Row("bodymap", f"{n} marks", str(n), bodymap_case(n)) for n in (50, 150, 500)]
    if not quick:
        text, n = largest_bodymap_case(max_bytes())
        out.append(Row("bodymap", "largest in size limit", str(n), text))
    for name, (systems, ties, parallel, from_one) in {
        "30 parallel, one pair": (1, 30, 30, False),
        "30 from one, bundles of 3": (10, 30, 3, True),
        "100 ties, bundles of 4": (25, 100, 4, False),
        "200 ties, bundles of 10": (20, 200, 10, True),
        "200 systems": (200, 200, 1, False),
    }.items():
        text = ecomap_case(systems, ties, True, parallel, from_one)
        out.append(Row("ecomap", name, f"{ties}/{systems}", text))
    return out


def timed(fn: Callable[[], object]) -> tuple[float, float, object]:
    wall, cpu = time.perf_counter(), time.process_time()
    got = fn()
    return time.perf_counter() - wall, time.process_time() - cpu, got


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--runs", type=int, default=1, help="runs per case (best of)")
    parser.add_argument("--quick", action="store_true", help="leave out the largest body map")
    args = parser.parse_args()
    print(f"{'diagram':8} {'case':28} {'marks|ties/sys':>14} {'bytes':>10} {'load s':>7} "
          f"{'render s':>9} {'cpu s':>7}", flush=True)
    for row in rows(args.quick):
        best: tuple[float, float, float] | None = None
        for _ in range(max(1, args.runs)):
            load_wall, _cpu, case = timed(lambda: load_text(row.text))  # noqa: B023
            wall, cpu, _svg = timed(lambda: render(case, row.diagram).svg)  # noqa: B023
            if best is None or cpu < best[2]:
                best = (load_wall, wall, cpu)
        assert best is not None
        print(f"{row.diagram:8} {row.name:28} {row.count:>14} {len(row.text.encode()):>10,} "
              f"{best[0]:>7.2f} {best[1]:>9.2f} {best[2]:>7.2f}", flush=True)
    print(f"(best of {max(1, args.runs)}; python {sys.version.split()[0]})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
