"""Render the seed examples into docs/gallery/ (PNG) and print the README's gallery table.

    .venv/bin/python docs/make_gallery.py

The gallery shows real output: it is made by the same `render` every user runs.
"""

from __future__ import annotations

import sys
from pathlib import Path

from socialmaps import RenderOptions, load_case, render_all
from socialmaps.export import to_png, write_atomic

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "gallery"
# (file, style): the seed cases first, as the reports draw them, then the dense and symbol examples.
SHOWN = [
    ("ms-2024.yaml", None), ("s-2024.yaml", None), ("ms-smk-2024.yaml", None), ("family-en.yaml", None),
    ("household-foster.yaml", None), ("symbols-mcgoldrick.yaml", None), ("symbols-nsgc.yaml", None),
    ("ecomap-dense.yaml", None),
    ("lifemap-dense.yaml", None), ("bodymap-dense.yaml", None), ("venn-12.yaml", None),
    ("ms-2024.yaml", "print"), ("complex-family.yaml", None), ("complex-family.yaml", "print"),
]


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    for old in OUT.glob("*.png"):
        old.unlink()
    lines = []
    for name, style in SHOWN:
        path = ROOT / "examples" / name
        if not path.is_file():
            continue
        case = load_case(path)
        cells = []
        for kind, drawing in render_all(case, RenderOptions(style=style)).items():
            stem = f"{path.stem}-{kind}" + (f"-{style}" if style else "")
            write_atomic(OUT / f"{stem}.png", to_png(drawing.svg, 96))
            cells.append(f'<a href="docs/gallery/{stem}.png"><img src="docs/gallery/{stem}.png" '
                         f'width="260" alt="{kind} of {case.case.id}"></a>')
        label = f"`examples/{name}`" + (f" with `--style {style}`" if style else "")
        lines.append(f"**{label}**\n\n" + " ".join(cells) + "\n")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
