"""Draw every genogram symbol and line of each symbol set on one sheet, to look at.

    .venv/bin/python docs/make_symbol_sheet.py [--lang en|id] [--style default]

writes docs/symbols-mcgoldrick.svg / .png and docs/symbols-nsgc.svg / .png.
The sheet uses the same drawing functions as the genogram, plus the legend
they produce, so what it shows is what a case file gets.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

from socialmaps import text as tm
from socialmaps.diagrams.genogram import key as gk
from socialmaps.diagrams.genogram import lines as ln
from socialmaps.diagrams.genogram import symbols as sy
from socialmaps.geometry import Box
from socialmaps.lang import Words, words
from socialmaps.legend import draw_legend, layout_legend
from socialmaps.style import Style, load_style
from socialmaps.svg import Element, SvgDocument

HERE = Path(__file__).resolve().parent
CELL_W, CELL_H = 118.0, 112.0
COLUMNS = 8
SIZE = 36.0   # person symbol size on the sheet

Cell = tuple[str, Callable[[Element, Box], None]]


def person_cells(kit: str, style: Style, w: Words) -> list[Cell]:
    cells: list[Cell] = []
    for variant in sy.symbol_variants(kit):
        caption = _caption(variant.key, w)
        if variant.spec is not None:
            spec = variant.spec

            def draw(g: Element, box: Box, spec: sy.PersonSpec = spec) -> None:
                cx, cy = box.center[0], box.y0 + 34
                sy.draw_person(g, spec, (cx, cy), SIZE, style, w, symbols=kit)
        else:
            outcome = variant.outcome or ""

            def draw(g: Element, box: Box, outcome: str = outcome) -> None:
                sy.draw_pregnancy(g, outcome, (box.center[0], box.y0 + 34), SIZE, style, w, symbols=kit,
                                  label="2001")
        cells.append((caption, draw))
    return cells


def _caption(key: str, w: Words) -> str:
    full = {"index": "person.index", "deceased": "person.deceased", "male": "person.male",
            "female": "person.female", "unknown": "person.unknown", "age": "person.age",
            "adopted": "child.adopted", "deceased-female": "person.deceased",
            "trans-woman": "assigned.amab", "nonbinary": "assigned.afab"}.get(key, key)
    if key == "condition.combined":
        return "physical + mental illness, disability, suspected abuse"
    return gk.label_for(full, w)


def line_cells(kit: str, style: Style, w: Words) -> list[Cell]:
    cells: list[Cell] = []

    def pair(g: Element, box: Box) -> tuple[tuple[float, float], tuple[float, float]]:
        a, b = (box.x0 + 24, box.y0 + 26), (box.x1 - 24, box.y0 + 26)
        sy.draw_person(g, sy.PersonSpec("square"), a, 26, style, w, symbols=kit)
        sy.draw_person(g, sy.PersonSpec("circle"), b, 26, style, w, symbols=kit)
        return a, b

    for utype in ln.UNION_TYPES:
        for status in ("together", "separated", "divorced"):
            if status != "together" and utype != "married":
                continue

            def draw(g: Element, box: Box, utype: str = utype, status: str = status) -> None:
                a, b = pair(g, box)
                y = a[1] + 13 + 16
                spec = ln.UnionSpec(utype, status, "1983", "2010" if status != "together" else None)
                ln.draw_union(g, [(a[0], a[1] + 13), (a[0], y), (b[0], y), (b[0], b[1] + 13)], spec, style, w)
            cap = gk.label_for(f"union.{utype}" if status == "together" else f"status.{status}", w)
            cells.append((cap, draw))

    def consang(g: Element, box: Box) -> None:
        a, b = pair(g, box)
        y = a[1] + 13 + 16
        ln.draw_union(g, [(a[0], a[1] + 13), (a[0], y), (b[0], y), (b[0], b[1] + 13)],
                      ln.UnionSpec(consanguineous=True, start="1990"), style, w)
    cells.append((gk.label_for("union.consanguineous", w), consang))

    for relation in ln.RELATIONS:
        def child(g: Element, box: Box, relation: str = relation) -> None:
            cx = box.center[0]
            top = box.y0 + 6
            g.line(cx - 30, top, cx + 30, top, stroke=style.line.ink, stroke_width=style.line.width)
            ln.draw_descent(g, [(cx, top), (cx, top + 30)], relation, style)
            sy.draw_person(g, sy.PersonSpec("circle", adopted=relation == "adopted", name="Ani"),
                           (cx, top + 30 + 13), 26, style, w, symbols=kit)
        cells.append((gk.label_for(f"child.{relation}", w), child))

    for kind in ln.TWIN_KINDS:
        def twins(g: Element, box: Box, kind: str = kind) -> None:
            cx = box.center[0]
            top = box.y0 + 6
            g.line(cx - 40, top, cx + 40, top, stroke=style.line.ink, stroke_width=style.line.width)
            ends = [(cx - 24, top + 34), (cx + 24, top + 34)]
            for end in ends:
                ln.draw_descent(g, [(cx, top), end], "biological", style)
            ln.draw_twins(g, kind, (cx, top), ends, style, symbols=kit)
            for i, end in enumerate(ends):
                shape = "square" if kind == "fraternal" and i == 0 else "circle"
                sy.draw_person(g, sy.PersonSpec(shape), (end[0], end[1] + 12), 24, style, w, symbols=kit)
        cells.append((gk.label_for(f"twins.{kind}", w), twins))

    for rtype in ln.RELATIONSHIP_TYPES:
        def rel(g: Element, box: Box, rtype: str = rtype) -> None:
            a, b = (box.x0 + 16, box.y0 + 30), (box.x1 - 16, box.y0 + 30)
            sy.draw_person(g, sy.PersonSpec("square"), a, 22, style, w, symbols=kit)
            sy.draw_person(g, sy.PersonSpec("circle"), b, 22, style, w, symbols=kit)
            ln.draw_relationship(g, ln.trim([a, b], 14, 14), rtype, style)
        cells.append((gk.label_for(f"relationship.{rtype}", w), rel))

    def household(g: Element, box: Box) -> None:
        a, b = (box.x0 + 34, box.y0 + 30), (box.x1 - 34, box.y0 + 30)
        sy.draw_person(g, sy.PersonSpec("square"), a, 22, style, w, symbols=kit)
        sy.draw_person(g, sy.PersonSpec("circle", index=kit == "mcgoldrick"), b, 22, style, w, symbols=kit)
        boxes = [Box(p[0] - 11, p[1] - 11, p[0] + 11, p[1] + 11) for p in (a, b)]
        g.path(ln.household_path(boxes, 8), **ln.household_stroke(style))
    cells.append((gk.label_for("household", w), household))
    return cells


def sample(g: Element, x: float, y: float, kit: str, style: Style, w: Words) -> float:
    """A small family drawn by hand, to judge labels in context; returns its height."""
    father = sy.PersonSpec("square", name="Budi Santoso", deceased=True, age=64, years="1958–2022",
                           conditions=("physical-illness",), details=("Petani", "SD"))
    mother = sy.PersonSpec("circle", name="Sri", age=60, years="l. 1964",
                           conditions=("mental-illness", "disability"), details=("Ibu rumah tangga",))
    client = sy.PersonSpec("circle", name="MS <script>", index=True, age=26, years="l. 1998",
                           conditions=("in-recovery",))
    brother = sy.PersonSpec("square", name="Adik", age=19, adopted=True, years="l. 2005")
    a, b = (x + 130, y + 30), (x + 290, y + 30)
    sy.draw_person(g, father, a, SIZE, style, w, align="end", symbols=kit)
    sy.draw_person(g, mother, b, SIZE, style, w, align="start", symbols=kit)
    line_y = y + 30 + 18 + 30
    ln.draw_union(g, [(a[0], a[1] + 18), (a[0], line_y), (b[0], line_y), (b[0], b[1] + 18)],
                  ln.UnionSpec("married", "divorced", "1983", "2010"), style, w, mark_at=0.3)
    mid = (a[0] + b[0]) / 2
    bus = line_y + 30
    g.line(mid, line_y, mid, bus, stroke=style.line.ink, stroke_width=style.line.width)
    kids = [(mid - 70, bus + 40), (mid + 70, bus + 40)]
    g.line(kids[0][0], bus, kids[1][0], bus, stroke=style.line.ink, stroke_width=style.line.width)
    ln.draw_descent(g, [(kids[0][0], bus), (kids[0][0], kids[0][1] - 18)], "biological", style)
    ln.draw_descent(g, [(kids[1][0], bus), (kids[1][0], kids[1][1] - 18)], "adopted", style)
    sy.draw_person(g, client, kids[0], SIZE, style, w, symbols=kit)
    sy.draw_person(g, brother, kids[1], SIZE, style, w, symbols=kit)
    # Relationship routes are polylines: around the left of the family, and along the children's row.
    ln.draw_relationship(g, [(a[0] - 19, a[1]), (a[0] - 70, a[1]), (a[0] - 70, kids[0][1]),
                             (kids[0][0] - 19, kids[0][1])], "abuse", style)
    ln.draw_relationship(g, ln.trim([kids[0], kids[1]], 20, 28), "close-hostile", style)
    boxes = [Box(k[0] - 18, k[1] - 18, k[0] + 18, k[1] + 18) for k in kids]
    ln.draw_household(g, [*boxes, Box(b[0] - 18, b[1] - 18, b[0] + 18, b[1] + 18)], ["ms", "adik", "ibu"],
                      style, margin=12)
    return 260


def sheet(kit: str, style: Style, w: Words) -> SvgDocument:
    sections = [("Symbols", person_cells(kit, style, w)), ("Lines", line_cells(kit, style, w))]
    rows = sum(-(-len(cells) // COLUMNS) for _, cells in sections)
    margin = 20.0
    width = COLUMNS * CELL_W + 2 * margin
    entries = gk.legend_entries(gk.ORDER, style, w, symbols=kit)
    legend = layout_legend(entries, margin, 0, width - 2 * margin, style)
    assert legend is not None
    sample_h = 270.0
    height = margin + rows * CELL_H + len(sections) * 28 + sample_h + legend.box.height + 2 * margin
    doc = SvgDocument("genogram", f"symbols-{kit}", width, height, f"Genogram symbols: {kit}",
                      f"Every person symbol and line of the {kit} set, and its legend.")
    y = margin
    for title, cells in sections:
        doc.body.text_lines(margin, y + 16, [f"{title} ({kit})"], style.font.heading, bold=True, class_=None,
                            fill=style.line.ink)
        y += 28
        for i, (caption, draw) in enumerate(cells):
            r, c = divmod(i, COLUMNS)
            box = Box(margin + c * CELL_W, y + r * CELL_H, margin + (c + 1) * CELL_W, y + (r + 1) * CELL_H)
            g = doc.body.g(None, data_sheet=caption)
            draw(g, Box(box.x0, box.y0, box.x1, box.y0 + 74))
            lines = tm.wrap(caption, CELL_W - 8, style.font.small)
            g.text_lines(box.center[0], box.y0 + 92, lines[:2], style.font.small, anchor="middle",
                         class_=None,
                         fill=style.line.muted)
        y += -(-len(cells) // COLUMNS) * CELL_H
    sample(doc.body.g(None), margin, y, kit, style, w)
    y += sample_h
    legend = layout_legend(entries, margin, y, width - 2 * margin, style)
    assert legend is not None
    draw_legend(doc.body, legend, w, style)
    return doc


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--lang", default="en")
    parser.add_argument("--style", default="default")
    parser.add_argument("--out", type=Path, default=HERE)
    args = parser.parse_args()
    style = load_style(args.style)
    w = words(args.lang)
    for kit in sy.SYMBOL_SETS:
        svg = sheet(kit, style, w).to_string()
        target = args.out / f"symbols-{kit}.svg"
        target.write_text(svg, encoding="utf-8")
        try:
            import cairosvg
        except ImportError:  # PNG is a convenience; the SVG is the sheet
            continue
        cairosvg.svg2png(bytestring=svg.encode("utf-8"), write_to=str(target.with_suffix(".png")), scale=1.5)
        print(target)


if __name__ == "__main__":
    main()
