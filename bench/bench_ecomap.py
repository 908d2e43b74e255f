"""Time to lay out and draw ecomaps of 10, 30 and 100 systems, without and with tie notes.

    .venv/bin/python bench/bench_ecomap.py

Each case: a five-person household, systems of every kind and size with
names up to 40 characters, one tie per system (every strength, stress and
flow, from the centre or from a household member) plus a few ties between
systems.  The rows marked "notes" put a note of 20 to 80 characters
(Indonesian or English, as workers write them) on 60 % of the ties: placing
notes is the costly part of a real case file.  Reported: the best of several
runs, in milliseconds of CPU time of this process (`time.process_time`: the
machine may be shared, and CPU time is what the layout spends whatever else
runs beside it); "notes" counts placed notes, "led" those that needed a
leader, and "crossed" the points where two ties cross
(`quality.tie_crossings`), so that a faster layout is seen not to have given
up untangling its ties.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from socialmaps import RenderOptions, load_text
from socialmaps.diagrams.ecomap.draw import draw, legend_layout
from socialmaps.diagrams.ecomap.layout import layout
from socialmaps.diagrams.ecomap.layout.quality import tie_crossings
from socialmaps.drawing import Context
from socialmaps.lang import words
from socialmaps.style import load_style

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from casegen import FLOWS, HOUSEHOLD, STRENGTHS, SYSTEM_KINDS, TIE_NOTES, TIE_STARTS

# Tie notes as case files carry them: 20 to 80 characters, Indonesian and English.
NOTES = (
    *TIE_NOTES,
    "case manager changed twice this year",
    "kontrol rutin ke poli jiwa",
    "borrowed money, not yet repaid; tense",
    "teman main sepulang sekolah",
)
NOTED = (0, 1, 3)  # of every five ties, these carry a note: 60 %


def _note(i: int) -> str:
    return f", note: \"{NOTES[i % len(NOTES)]}\"" if i % 5 in NOTED else ""


def case_text(n: int, notes: bool = False) -> str:
    """The benchmark case of n systems, with notes on 60 % of its ties when asked."""
    people = HOUSEHOLD
    systems = []
    ties = []
    for i in range(n):
        kind = SYSTEM_KINDS[i % len(SYSTEM_KINDS)]
        name = f"System {i + 1} {kind} service and support team"[:40]
        systems.append(f"    - {{id: s{i:03d}, name: \"{name}\", kind: {kind}, size: {i % 3 + 1}}}")
        ties.append(f"    - {{from: {TIE_STARTS[i % 5]}, to: s{i:03d}, strength: {STRENGTHS[i % 4]}, "
                    f"stress: {str(i % 3 == 0).lower()}, flow: {FLOWS[(i // 4) % 4]}"
                    f"{_note(i) if notes else ''}}}")
    for k, i in enumerate(range(0, n - n // 2, max(1, n // 5))):
        ties.append(f"    - {{from: s{i:03d}, to: s{i + n // 2:03d}, strength: weak"
                    f"{_note(n + k) if notes else ''}}}")
    return ("socialmaps: 1\ncase: {id: BENCH, language: en, client: kim}\n" + people
            + "ecomap:\n  center: household\n  systems:\n" + "\n".join(systems)
            + "\n  ties:\n" + "\n".join(ties) + "\n")


def measure(n: int, notes: bool, runs: int) -> tuple[float, float, int, int, int, int, int, int]:
    case = load_text(case_text(n, notes))
    style = load_style("default")
    ctx = Context(case=case, options=RenderOptions(), style=style, words=words("en"), figure_number="1")
    lay_times, draw_times = [], []
    lay = layout(case, style)
    drawing = draw(ctx, lay, legend_layout(ctx, lay))
    for _ in range(runs):
        t0 = time.process_time()
        lay = layout(case, style)
        t1 = time.process_time()
        drawing = draw(ctx, lay, legend_layout(ctx, lay))
        t2 = time.process_time()
        lay_times.append(t1 - t0)
        draw_times.append(t2 - t1)
    placed = sum(1 for t in lay.ties if t.note is not None)
    led = sum(1 for t in lay.ties if t.leader is not None)
    return (min(lay_times) * 1000, min(draw_times) * 1000, lay.rounds, lay.failures, placed, led,
            len(tie_crossings(lay)), len(drawing.svg))


ROWS = ((10, False), (30, False), (100, False), (10, True), (20, True), (30, True), (100, True))


def main() -> None:
    print(f"{'systems':>8} {'ties':>5} {'notes':>6} {'layout ms':>10} {'svg ms':>8} {'total ms':>9} "
          f"{'rounds':>7} {'unfit':>6} {'led':>4} {'crossed':>8} {'svg kB':>7}")
    for n, notes in ROWS:
        runs = 5 if n < 100 else 3
        lay_ms, draw_ms, rounds, failures, placed, led, crossed, size = measure(n, notes, runs)
        ties = n + len(range(0, n - n // 2, max(1, n // 5)))
        print(f"{n:>8} {ties:>5} {placed if notes else '-':>6} {lay_ms:>10.1f} {draw_ms:>8.1f} "
              f"{lay_ms + draw_ms:>9.1f} {rounds:>7} {failures:>6} {led if notes else '-':>4} "
              f"{crossed:>8} {size / 1024:>7.0f}")
    print(f"(best of several runs, CPU milliseconds; python {sys.version.split()[0]})")


if __name__ == "__main__":
    main()
