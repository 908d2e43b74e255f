"""PRA Venn: circle areas follow importance, centre distances follow closeness (5 just
touches the centre), no circle or name overlaps, everything inside the viewBox, the same
bytes whatever the order of the file."""

from __future__ import annotations

import itertools
import math
import random
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from socialmaps.diagrams.venn import render
from socialmaps.diagrams.venn.layout import VennLayout, layout
from socialmaps.drawing import Context
from socialmaps.geometry import Box, Circle, point_box_distance
from socialmaps.lang import words
from socialmaps.loader import load_case
from socialmaps.model import Case, Venn, VennItem
from socialmaps.options import RenderOptions
from socialmaps.style import load_style

import svgread

STYLES = ("default", "print", "colorblind", "large")
EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "venn-12.yaml"
SVG = "{http://www.w3.org/2000/svg}"
NAMES = ["Puskesmas", "Posyandu", "Kantor Desa", "Masjid Jami Al-Ikhlas", "SD Negeri 3", "PKK", "Koperasi",
         "Bidan Desa", "Karang Taruna Tunas Muda", "Kelompok Tani", "Dinas Sosial Kabupaten Bogor", "Bank",
         "Gereja", "Pasar", "Polsek", "Kelurahan", "LSM Peduli Anak dan Perempuan Desa Sukamaju", "RT 05"]


def context(case: Case, style: str = "default") -> Context:
    return Context(case=case, options=RenderOptions(style=style), style=load_style(style),
                   words=words(case.case.language), figure_number="1")


def with_items(items: list[VennItem], center: str | None = "Warga") -> Case:
    case = load_case(EXAMPLE)
    return case.model_copy(update={"venn": Venn(center=center, items=items)})


def random_case(seed: int, n: int) -> Case:
    rng = random.Random(seed)
    return with_items([VennItem(name=f"{rng.choice(NAMES)} {i}", importance=rng.randint(1, 5),
                                closeness=rng.randint(1, 5)) for i in range(n)])


CASES = {
    "example": lambda: load_case(EXAMPLE),
    "crowded-near": lambda: with_items([VennItem(name=f"Lembaga {i}", importance=5, closeness=5)
                                        for i in range(12)]),
    "long-names": lambda: with_items([VennItem(name=NAMES[16] + f" cabang {i}", importance=1 + i % 5,
                                               closeness=1 + (i * 2) % 5) for i in range(12)]),
    "one": lambda: with_items([VennItem(name="Puskesmas", importance=3, closeness=5)], center=None),
    **{f"random-{s}": (lambda s=s: random_case(s, 6 + s % 10)) for s in range(6)},
}


def label_boxes(lay: VennLayout) -> list[tuple[int, Box]]:
    """(owner, box) of every text line; owner -1 is the centre."""
    out = [(-1, b) for b in lay.center_label.line_boxes()]
    for k, placed in enumerate(lay.items):
        out += [(k, b) for b in placed.label.line_boxes()]
    return out


def box_circle_depth(box: Box, circle: Circle) -> float:
    nx = min(max(circle.cx, box.x0), box.x1)
    ny = min(max(circle.cy, box.y0), box.y1)
    return circle.r - math.hypot(nx - circle.cx, ny - circle.cy)


def check_layout(lay: VennLayout) -> None:
    center = lay.center
    items = lay.items
    circles = [p.circle for p in items]
    # Area proportional to importance.
    ratios = [c.r ** 2 / p.item.importance for p, c in zip(items, circles, strict=True)]
    assert max(ratios) - min(ratios) < 1e-6 * max(ratios)
    for a, b in itertools.combinations(range(len(items)), 2):
        ia, ib = items[a].item, items[b].item
        if ia.importance > ib.importance:
            assert circles[a].r > circles[b].r
    # Distance decreasing with closeness: centre to centre, and rim to rim.
    dist = [math.hypot(c.cx - center.cx, c.cy - center.cy) for c in circles]
    rim = [c.gap(center) for c in circles]
    for a, b in itertools.permutations(range(len(items)), 2):
        if items[a].item.closeness > items[b].item.closeness:
            assert dist[a] < dist[b]
            assert rim[a] < rim[b]
    for p, g in zip(items, rim, strict=True):
        assert g > -1e-6  # never into the centre
        if p.item.closeness == 5:
            assert abs(g) < 1e-6  # 5 just touches the centre circle
    # No two circles overlap.
    for a, b in itertools.combinations(circles, 2):
        assert a.gap(b) > 0
    # Labels: never on each other, never on a circle they do not belong to, inside ones inside.
    boxes = label_boxes(lay)
    for (oa, a), (ob, b) in itertools.combinations(boxes, 2):
        if oa != ob:
            assert a.overlap(b) <= 0, (a, b)
    for owner, box in boxes:
        for k, circle in enumerate(circles):
            if k != owner:
                assert box_circle_depth(box, circle) <= 0, (owner, k)
        if owner != -1:
            assert box_circle_depth(box, center) <= 0
    for k, placed in enumerate(items):
        own = [b for o, b in boxes if o == k]
        for box in own:
            corners = [(box.x0, box.y0), (box.x0, box.y1), (box.x1, box.y0), (box.x1, box.y1)]
            far = max(math.hypot(x - placed.circle.cx, y - placed.circle.cy) for x, y in corners)
            if placed.label.inside:
                assert far <= placed.circle.r
            else:
                assert box_circle_depth(box, placed.circle) <= 0
    for owner, box in boxes:
        if owner == -1:
            corners = [(box.x0, box.y0), (box.x0, box.y1), (box.x1, box.y0), (box.x1, box.y1)]
            assert max(math.hypot(x - center.cx, y - center.cy) for x, y in corners) <= center.r
    # Inside the figure.
    for shape in [center.box, *(c.box for c in circles), *(b for _, b in boxes)]:
        assert shape.x0 >= 0 and shape.y0 >= 0 and shape.x1 <= lay.width and shape.y1 <= lay.height


@pytest.mark.parametrize("style", STYLES)
@pytest.mark.parametrize("name", sorted(CASES))
def test_layout_reads_right(style: str, name: str) -> None:
    case = CASES[name]()
    lay = layout(context(case, style))
    assert venn_count(case) == len(lay.items)
    check_layout(lay)


def venn_count(case: Case) -> int:
    assert case.venn is not None
    return len(case.venn.items)


@pytest.mark.parametrize("style", STYLES)
def test_svg_parts_and_bounds(style: str) -> None:
    case = load_case(EXAMPLE)
    root = ET.fromstring(render(context(case, style)).svg)
    w, h = float(root.get("width") or 0), float(root.get("height") or 0)
    assert root.get("viewBox") == f"0 0 {root.get('width')} {root.get('height')}"
    items = [g for g in root.iter(f"{SVG}g") if g.get("class") == "sm-venn-item"]
    assert case.venn is not None
    assert sorted(g.get("data-name") or "" for g in items) == sorted(i.name for i in case.venn.items)
    for g in items:
        assert g.get("data-importance") in {"1", "2", "3", "4", "5"}
        assert g.get("data-closeness") in {"1", "2", "3", "4", "5"}
    assert sum(1 for g in root.iter(f"{SVG}g") if g.get("class") == "sm-center") == 1
    assert sum(1 for g in root.iter(f"{SVG}g") if g.get("class") == "sm-legend") == 1
    # Every circle (figure and legend) inside the viewBox, the figure shift included.
    shift = 0.0
    for g in root:
        match = re.fullmatch(r"translate\(([-\d.]+),0\)", g.get("transform") or "")
        if match:
            shift = float(match[1])
    for c in root.iter(f"{SVG}circle"):
        cx, cy, r = (float(c.get(k) or 0) for k in ("cx", "cy", "r"))
        assert cx - r >= 0 and cx + r + shift <= w and cy - r >= 0 and cy + r <= h


@pytest.mark.parametrize("lang", ["id", "en"])
def test_legend_explains_size_and_distance(lang: str) -> None:
    case = load_case(EXAMPLE)
    case = case.model_copy(update={"case": case.case.model_copy(update={"language": lang})})
    svg = render(context(case)).svg
    legend = {"id": ("Ukuran lingkaran", "seberapa penting", "Jarak ke tengah", "seberapa dekat"),
              "en": ("Circle size", "how important", "Distance to the centre", "how close")}[lang]
    root = ET.fromstring(svg)
    group = next(g for g in root.iter(f"{SVG}g") if g.get("class") == "sm-legend")
    text = " ".join(" ".join(t.itertext()) for t in group.iter(f"{SVG}text"))
    for phrase in legend:
        assert phrase in " ".join(text.split())


def test_same_bytes_whatever_the_file_order() -> None:
    case = load_case(EXAMPLE)
    assert case.venn is not None
    first = render(context(case)).svg
    assert first == render(context(load_case(EXAMPLE))).svg
    shuffled = list(case.venn.items)
    random.Random(7).shuffle(shuffled)
    other = case.model_copy(update={"venn": Venn(center=case.venn.center, items=shuffled)})
    assert render(context(other)).svg == first


def test_centre_names_the_community_else_the_client() -> None:
    case = load_case(EXAMPLE)
    lay = layout(context(case))
    assert " ".join(lay.center_label.lines) == "Warga Dusun Sukamaju"
    lay = layout(context(CASES["one"]()))
    assert " ".join(lay.center_label.lines) == "Warga Dusun Sukamaju"  # the case title: no client


def test_names_inside_circles_are_never_cut_mid_word() -> None:
    from socialmaps import load_text, render

    text = ("socialmaps: 1\ncase: {id: V, language: id}\nvenn:\n  items:\n"
            "    - {name: Posyandu Melati, importance: 3, closeness: 4}\n"
            "    - {name: Puskesmas, importance: 1, closeness: 2}\n")
    svg = render(load_text(text), "venn").svg
    assert "Posyand<" not in svg and ">u Melati" not in svg
    assert "Posyandu" in svg and "Puskesmas" in svg


# --------------------------------------------------------------------------- issue 12

def _circle(elem: ET.Element) -> Circle:
    return Circle(*(float(elem.get(k) or 0) for k in ("cx", "cy", "r")))


def _segment_circle_depth(a: tuple[float, float], b: tuple[float, float], c: Circle) -> float:
    """How far a segment reaches into a circle (> 0: it enters)."""
    (ax, ay), (bx, by) = a, b
    dx, dy = bx - ax, by - ay
    t = max(0.0, min(1.0, ((c.cx - ax) * dx + (c.cy - ay) * dy) / ((dx * dx + dy * dy) or 1.0)))
    return c.r - math.hypot(ax + t * dx - c.cx, ay + t * dy - c.cy)


@pytest.mark.parametrize("style", STYLES)
@pytest.mark.parametrize("name", sorted(CASES))
def test_centre_never_smaller_than_the_largest_institution(style: str, name: str) -> None:
    root = svgread.parse(render(context(CASES[name](), style)).svg)
    centre = _circle(next(svgread.parts(root, "sm-center")[0].iter(f"{SVG}circle")))
    largest = max(_circle(next(g.iter(f"{SVG}circle"))).r for g in svgread.parts(root, "sm-venn-item"))
    assert centre.r >= largest - 1e-6


def test_centre_grows_to_the_largest_institution_even_with_a_short_name() -> None:
    case = with_items([VennItem(name="Puskesmas", importance=5, closeness=3),
                       VennItem(name="PKK", importance=1, closeness=5)], center="RT")
    lay = layout(context(case))
    assert lay.center.r >= max(p.circle.r for p in lay.items)


@pytest.mark.parametrize("style", STYLES)
@pytest.mark.parametrize("name", sorted(CASES))
def test_names_outside_their_circle_are_led_to_it(style: str, name: str) -> None:
    """Every name beside its circle has one sm-leader line in its part: from the rim of its own
    circle to within a short gap of the name, into no other circle."""
    ctx = context(CASES[name](), style)
    size = ctx.style.font.size
    root = svgread.parse(render(ctx).svg)
    offsets = {id(e): off for e, off in svgread.placed(root)}   # the figure may be shifted right

    def circle_of(group: ET.Element) -> Circle:
        elem = next(group.iter(f"{SVG}circle"))
        c, (dx, dy) = _circle(elem), offsets[id(elem)]
        return Circle(c.cx + dx, c.cy + dy, c.r)

    circles = {g.get("data-name"): circle_of(g) for g in svgread.parts(root, "sm-venn-item")}
    circles[None] = circle_of(svgread.parts(root, "sm-center")[0])
    outside = 0
    for group in svgread.parts(root, "sm-venn-item"):
        own = circles[group.get("data-name")]
        boxes = [line.box for line in svgread.text_lines(root, group)]
        whole = Box(
            min(b.x0 for b in boxes), min(b.y0 for b in boxes), max(b.x1 for b in boxes),
            max(b.y1 for b in boxes))
        label_inside = math.hypot(whole.center[0] - own.cx, whole.center[1] - own.cy) < own.r
        leaders = svgread.parts(group, "sm-leader")
        if label_inside:
            assert not leaders
            continue
        outside += 1
        assert len(leaders) == 1, group.get("data-name")
        line = leaders[0]
        dx, dy = offsets[id(line)]
        start = (float(line.get("x1") or 0) + dx, float(line.get("y1") or 0) + dy)
        end = (float(line.get("x2") or 0) + dx, float(line.get("y2") or 0) + dy)
        assert abs(math.hypot(start[0] - own.cx, start[1] - own.cy) - own.r) < 0.05   # on the rim
        gap = min(point_box_distance(end, b) for b in boxes)
        assert gap <= 0.3 * size                                                    # up to the name
        assert math.hypot(end[0] - start[0], end[1] - start[1]) <= 3 * size         # short
        for other_name, other in circles.items():
            if other_name != group.get("data-name"):
                assert _segment_circle_depth(start, end, other) <= 0
    if name == "example":
        assert outside == 3   # Dinas Sosial, Bank BRI, Koperasi: too small for their names


@pytest.mark.parametrize("lang", ["id", "en"])
def test_legend_shows_the_one_to_five_scales(lang: str) -> None:
    """Two rows in the legend: importance 1–5 as growing circles (area ∝ value, as in the figure),
    closeness 5–1 as circles ever farther from a slice of the centre (5 touching its rim)."""
    case = load_case(EXAMPLE)
    case = case.model_copy(update={"case": case.case.model_copy(update={"language": lang})})
    root = svgread.parse(render(context(case)).svg)
    legend = svgread.parts(root, "sm-legend")[0]
    numbers = [line for line in svgread.text_lines(root, legend) if line.text in {"1", "2", "3", "4", "5"}]
    assert len(numbers) == 10
    circles = [_circle(c) for c in legend.iter(f"{SVG}circle")]

    def circle_over(line: svgread.TextLine) -> Circle:
        cx = (line.box.x0 + line.box.x1) / 2
        above = [c for c in circles if abs(c.cx - cx) < 0.5 and c.cy < line.box.y0]
        return max(above, key=lambda c: c.cy)

    rows: dict[float, list[tuple[int, Circle]]] = {}
    for line in numbers:
        rows.setdefault(round(line.box.y0, 1), []).append((int(line.text), circle_over(line)))
    importance, closeness = (sorted(row, key=lambda vc: vc[1].cx) for _, row in sorted(rows.items()))
    assert [v for v, _ in importance] == [1, 2, 3, 4, 5]
    radii = [c.r for _, c in importance]
    for value, r in zip(range(1, 6), radii, strict=True):
        assert r * r / value == pytest.approx(radii[0] ** 2, rel=1e-2)   # radii written to 2 places
    assert [v for v, _ in closeness] == [5, 4, 3, 2, 1]
    gaps = [b.cx - a.cx for (_, a), (_, b) in itertools.pairwise(closeness)]
    assert max(gaps) - min(gaps) < 0.01   # one ring per step
    text = " ".join(line.text for line in svgread.text_lines(root, legend))
    assert {"id": "Penting", "en": "Importance"}[lang] in text
    assert {"id": "Dekat", "en": "Closeness"}[lang] in text
