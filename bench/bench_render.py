"""Whole-case rendering: read + validate + every diagram, per example case.

    .venv/bin/python bench/bench_render.py

What the live editor will pay on every keystroke (parse, validate, lay out and
draw every diagram of a case in memory, SVG only), and what a batch worker pays
per case with PNG export on top.  Best of several runs, milliseconds.  The peer
in the same run is cairosvg itself: the PNG column shows what rasterising costs
next to our own work.
"""

from __future__ import annotations

import statistics
import sys
from pathlib import Path

from socialmaps import RenderOptions, load_text, render_all
from socialmaps.export import to_png

from timing import best

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    options = RenderOptions()
    rows = []
    for path in sorted((ROOT / "examples").glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        case = load_text(text, path.name)
        drawings = render_all(case, options)
        parse_ms = best(lambda t=text, p=path: load_text(t, p.name), 5)
        svg_ms = best(lambda c=case: render_all(c, options), 5)
        png_ms = best(lambda d=drawings: [to_png(x.svg, 96) for x in d.values()], 2)
        rows.append((path.name, len(drawings), parse_ms, svg_ms, png_ms))
    print(f"{'case':28} {'diagrams':>8} {'parse+validate':>15} {'layout+SVG':>11} {'PNG 96dpi':>10}  ratio")
    for name, n, parse_ms, svg_ms, png_ms in rows:
        print(f"{name:28} {n:8d} {parse_ms:13.1f}ms {svg_ms:9.1f}ms {png_ms:8.1f}ms  {png_ms / svg_ms:5.1f}x")
    total = [r[2] + r[3] for r in rows]
    median, worst = statistics.median(total), max(total)
    print(f"\nmedian parse+validate+draw per case: {median:.1f} ms, worst {worst:.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
