"""Life road map timing: layout alone, and layout + SVG, for 10, 24 and 100 events.

    .venv/bin/python bench/bench_lifemap.py [--repeat N]

Cases are generated (fixed seed): events spread over 40 years, a few in the
same year, titles of 10–80 characters, notes on some, three hopes.  Prints
the best and median time of N runs per size, and the figure's size.
"""

from __future__ import annotations

import argparse
import random

from socialmaps.diagrams.lifemap.draw import draw
from socialmaps.diagrams.lifemap.layout import layout
from socialmaps.drawing import Context
from socialmaps.lang import words
from socialmaps.loader import load_text
from socialmaps.model import Case
from socialmaps.options import RenderOptions
from socialmaps.style import load_style

from timing import best_and_median

WORDS = ("lulus", "sekolah", "pindah", "rumah", "sakit", "bekerja", "menikah", "cerai", "lahir", "anak",
         "teman", "baru", "kehilangan", "pekerjaan", "ibu", "ayah", "nenek", "meninggal", "dunia", "lomba",
         "juara", "pelatihan", "beasiswa", "pandemi", "usaha")


def make_case(n: int, seed: int = 7) -> Case:
    rng = random.Random(seed)
    lines = ["socialmaps: 1", "case: {id: BENCH, client: c, date: 2024-09-01, language: id}",
             "people:", "  - {id: c, name: C, born: 1984-05-17}", "lifemap:", "  events:"]
    for _ in range(n):
        year = rng.randint(1985, 2024)
        when = rng.choice([str(year), f"{year}-{rng.randint(1, 12):02d}"])
        title = " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 12)))[:80]
        valence = rng.choice([-5, -4, -3, -2, -1, 1, 2, 3, 4, 5])
        note = f', note: "catatan {rng.randint(1, 99)}"' if rng.random() < 0.2 else ""
        lines.append(f'    - {{when: {when}, title: "{title}", valence: {valence}{note}}}')
    lines.append('  hopes: ["Bekerja tetap", "Melanjutkan sekolah", "Hidup sehat"]')
    return load_text("\n".join(lines) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    style = load_style("default")
    print(f"{'events':>6} {'layout best':>12} {'layout med':>11} {'+svg best':>10} {'+svg med':>9} "
          f"{'width':>6} {'height':>6} {'svg KB':>7}")
    for n in (10, 24, 100):
        case = make_case(n)
        ctx = Context(case=case, options=RenderOptions(), style=style, words=words("id"), figure_number="1")
        draw(ctx, layout(ctx))  # warm the font cache
        lay_best, lay_med = best_and_median(lambda ctx=ctx: layout(ctx), args.repeat)
        all_best, all_med = best_and_median(lambda ctx=ctx: draw(ctx, layout(ctx)), args.repeat)
        drawing = draw(ctx, layout(ctx))
        print(f"{n:>6} {lay_best:>10.1f}ms {lay_med:>9.1f}ms {all_best:>8.1f}ms "
              f"{all_med:>7.1f}ms {drawing.width:>6.0f} {drawing.height:>6.0f} "
              f"{len(drawing.svg) / 1024:>7.1f}")


if __name__ == "__main__":
    main()
