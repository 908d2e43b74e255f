"""Time to lay out and draw ecomaps of 10, 30 and 100 systems.

    .venv/bin/python bench/bench_ecomap.py

Each case: a five-person household, systems of every kind and size with
names up to 40 characters, one tie per system (every strength, stress and
flow, from the centre or from a household member) plus a few ties between
systems.  Reported: the best of several runs, in milliseconds.
"""

from __future__ import annotations

import sys
import time

from socialmaps import RenderOptions, load_text
from socialmaps.diagrams.ecomap.draw import draw, legend_layout
from socialmaps.diagrams.ecomap.layout import layout
from socialmaps.drawing import Context
from socialmaps.lang import words
from socialmaps.style import load_style

KINDS = ("family", "extended-family", "friends", "school", "work", "health", "religion",
         "social-services", "recreation", "legal", "neighbourhood", "other")
STRENGTHS = ("strong", "moderate", "weak", "broken")
FLOWS = ("none", "to", "from", "both")
ENDS = ("center", "kim", "mum", "dad", "joe")


def case_text(n: int) -> str:
    people = """\
people:
  - {id: dad, name: Dad, sex: male, born: 1975, lives_with_client: true}
  - {id: mum, name: Mum, sex: female, born: 1978, lives_with_client: true}
  - {id: kim, name: Kim, sex: female, born: 2008, lives_with_client: true}
  - {id: joe, name: Joe, sex: male, born: 2011, lives_with_client: true}
  - {id: sam, name: Sam, born: 2015, lives_with_client: true}
unions:
  - {id: u1, partners: [dad, mum], children: [kim, joe, sam]}
"""
    systems = []
    ties = []
    for i in range(n):
        kind = KINDS[i % len(KINDS)]
        name = f"System {i + 1} {kind} service and support team"[:40]
        systems.append(f"    - {{id: s{i:03d}, name: \"{name}\", kind: {kind}, size: {i % 3 + 1}}}")
        ties.append(f"    - {{from: {ENDS[i % 5]}, to: s{i:03d}, strength: {STRENGTHS[i % 4]}, "
                    f"stress: {str(i % 3 == 0).lower()}, flow: {FLOWS[(i // 4) % 4]}}}")
    for i in range(0, n - n // 2, max(1, n // 5)):
        ties.append(f"    - {{from: s{i:03d}, to: s{i + n // 2:03d}, strength: weak}}")
    return ("socialmaps: 1\ncase: {id: BENCH, language: en, client: kim}\n" + people
            + "ecomap:\n  center: household\n  systems:\n" + "\n".join(systems)
            + "\n  ties:\n" + "\n".join(ties) + "\n")


def measure(n: int, runs: int) -> tuple[float, float, int, int, int]:
    case = load_text(case_text(n))
    style = load_style("default")
    ctx = Context(case=case, options=RenderOptions(), style=style, words=words("en"), figure_number="1")
    lay_times, draw_times = [], []
    lay = layout(case, style)
    drawing = draw(ctx, lay, legend_layout(ctx, lay))
    for _ in range(runs):
        t0 = time.perf_counter()
        lay = layout(case, style)
        t1 = time.perf_counter()
        drawing = draw(ctx, lay, legend_layout(ctx, lay))
        t2 = time.perf_counter()
        lay_times.append(t1 - t0)
        draw_times.append(t2 - t1)
    return (min(lay_times) * 1000, min(draw_times) * 1000, lay.rounds, lay.failures, len(drawing.svg))


def main() -> None:
    print(f"{'systems':>8} {'ties':>5} {'layout ms':>10} {'svg ms':>8} {'total ms':>9} {'rounds':>7} "
          f"{'unfit':>6} {'svg kB':>7}")
    for n in (10, 30, 100):
        runs = 5 if n < 100 else 3
        lay_ms, draw_ms, rounds, failures, size = measure(n, runs)
        ties = n + len(range(0, n - n // 2, max(1, n // 5)))
        print(f"{n:>8} {ties:>5} {lay_ms:>10.1f} {draw_ms:>8.1f} {lay_ms + draw_ms:>9.1f} {rounds:>7} "
              f"{failures:>6} {size / 1024:>7.0f}")
    print(f"(best of several runs, milliseconds; python {sys.version.split()[0]})")


if __name__ == "__main__":
    main()
