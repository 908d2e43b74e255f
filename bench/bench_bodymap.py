"""Body map render time: the first render in a fresh process, and a warm re-render.

    .venv/bin/python bench/bench_bodymap.py [--runs N]

Per case, best of N (default 5):
- ``first``: ``render(case, "bodymap")`` timed in a fresh Python process right after
  ``load_case``: all a new batch worker pays for its first body map, including what
  any first render pays (``render`` imports every diagram package to number the
  figure; the font files are parsed).
- ``own first``: the same in a fresh process whose diagram packages and font faces
  were loaded beforehand, so only the body map's own one-time work (outline, region
  anchors, scanlines, candidate grids) is timed.
- ``warm``: re-rendering the same case in a process that has rendered it once (the
  live editor's case: every diagram of the case is redrawn on each keystroke).
Milliseconds.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CASES = ("examples/s-2024.yaml", "examples/family-en.yaml", "examples/bodymap-dense.yaml")


def child(case_path: str, preload: bool, warm_runs: int) -> None:
    """Run in the fresh process: time one first render (and warm ones), print JSON."""
    from socialmaps import diagrams, load_case, render, text

    case = load_case(case_path)
    if preload:
        for kind in diagrams.KINDS:
            diagrams.module(kind)
        # Every way the drawing code asks for a face (each is its own cache entry).
        text.measure("x", 10.0), text.measure("x", 10.0, True), text.ascent(10.0)
    start = time.perf_counter()
    render(case, "bodymap")
    first = time.perf_counter() - start
    warm = []
    for _ in range(warm_runs):
        start = time.perf_counter()
        render(case, "bodymap")
        warm.append(time.perf_counter() - start)
    print(json.dumps({"first": first * 1000, "warm": min(warm) * 1000 if warm else None}))


def fresh(case_path: str, preload: bool, warm_runs: int) -> dict[str, float]:
    args = [sys.executable, __file__, "--child", case_path, "--warm-runs", str(warm_runs)]
    if preload:
        args.append("--preload")
    out = subprocess.run(args, check=True, capture_output=True, text=True, cwd=ROOT).stdout
    return json.loads(out.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="fresh processes per measure (best of)")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--preload", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--warm-runs", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.preload, args.warm_runs)
        return 0
    print(f"{'case':28} {'first ms':>9} {'own first ms':>13} {'warm ms':>8}")
    for case in CASES:
        first = min(fresh(case, False, 0)["first"] for _ in range(args.runs))
        own = [fresh(case, True, 20) for _ in range(args.runs)]
        own_first = min(r["first"] for r in own)
        warm = min(r["warm"] for r in own)
        print(f"{Path(case).name:28} {first:9.1f} {own_first:13.1f} {warm:8.1f}")
    print(f"(best of {args.runs} fresh processes; warm: best of 20 re-renders in each; "
          f"python {sys.version.split()[0]})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
