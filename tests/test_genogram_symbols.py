"""Genogram drawing vocabulary: person symbols, lines, legend keys, words."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from itertools import combinations

import pytest

from socialmaps import text as tm
from socialmaps.diagrams.genogram import key as gk
from socialmaps.diagrams.genogram import lines as ln
from socialmaps.diagrams.genogram import symbols as sy
from socialmaps.geometry import Box
from socialmaps.labels import PlacedText
from socialmaps.lang import words
from socialmaps.loader import load_text
from socialmaps.style import load_style
from socialmaps.svg import Element, SvgDocument

STYLE = load_style("default")
PRINT = load_style("print")
EN = words("en")
C = (100.0, 100.0)
SIZE = 40.0


def render(draw, style=STYLE) -> ET.Element:
    """Draw into a fresh group of a document; return that group parsed back from the SVG text."""
    doc = SvgDocument("genogram", "t", 400, 300, "t", "t")
    group = doc.body.g("sm-test-root")
    draw(group)
    root = ET.fromstring(doc.to_string().split("\n", 1)[1])
    for el in root.iter():
        if el.get("class") == "sm-test-root":
            return el
    raise AssertionError("group lost")


def local(el: ET.Element) -> str:
    return el.tag.split("}")[-1]


def person(spec: sy.PersonSpec, symbols: str = "mcgoldrick", style=STYLE) -> ET.Element:
    return render(lambda g: sy.draw_person(g, spec, C, SIZE, style, EN, symbols=symbols), style)


def shapes(group: ET.Element, tag: str) -> list[ET.Element]:
    return [el for el in group.iter() if local(el) == tag]


def numbers(text: str) -> list[float]:
    return [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", text)]


def signature(group: ET.Element) -> tuple:
    """A drawing's form, colour left out: tags, dashes, marks, fills, and how many points each has."""
    out = []
    for el in group.iter():
        tag = local(el)
        if tag in ("g", "svg"):
            continue
        geometry = el.get("points") or el.get("d") or ""
        filled = el.get("fill") not in (None, "none")
        out.append((tag, el.get("stroke-dasharray"), el.get("data-mark"), filled, len(numbers(geometry)) > 8))
    return tuple(sorted(out, key=repr))


# --------------------------------------------------------------------------- person symbols

@pytest.mark.parametrize(("sex", "gender", "shape", "assigned"), [
    ("male", None, "square", None), ("female", None, "circle", None), ("unknown", None, "diamond", None),
    ("female", "woman", "circle", None), ("male", "trans-woman", "circle", "amab"),
    ("female", "trans-man", "square", "afab"), ("female", "nonbinary", "diamond", "afab"),
    ("unknown", "man", "square", "uaab"),
])
def test_shape_follows_gender_and_assigned_sex_is_written(sex, gender, shape, assigned) -> None:
    assert sy.shape_for(sex, gender) == shape
    assert sy.assigned_key(sex, gender) == assigned


def test_shapes_are_square_circle_diamond() -> None:
    assert len(shapes(person(sy.PersonSpec("square")), "rect")) == 1
    assert len(shapes(person(sy.PersonSpec("circle")), "circle")) == 1
    assert len(shapes(person(sy.PersonSpec("diamond")), "polygon")) == 1


def test_index_mcgoldrick_has_two_outlines() -> None:
    plain = person(sy.PersonSpec("circle"))
    index = person(sy.PersonSpec("circle", index=True))
    assert len(shapes(plain, "circle")) == 1
    circles = shapes(index, "circle")
    assert len(circles) == 2
    radii = sorted(float(c.get("r")) for c in circles)
    assert radii[1] == SIZE / 2 and radii[0] < radii[1]
    assert not [el for el in index.iter() if el.get("data-mark") == "index" and local(el) == "g"]


def test_index_nsgc_has_an_arrow_with_p_and_one_outline() -> None:
    index = person(sy.PersonSpec("square", index=True), "nsgc")
    assert len(shapes(index, "rect")) == 1
    arrow = [el for el in index.iter() if local(el) == "g" and el.get("data-mark") == "index"]
    assert arrow and arrow[0].get("class") == "sm-label"
    assert shapes(arrow[0], "line") and shapes(arrow[0], "path")
    assert [t.text for t in shapes(arrow[0], "text")] == ["P"]
    # The arrowhead is an open path, so the checker's symbol box stays the square.
    assert "Z" not in shapes(arrow[0], "path")[0].get("d")


def test_deceased_mcgoldrick_x_inside_nsgc_slash_beyond() -> None:
    x = [el for el in person(sy.PersonSpec("square", deceased=True)).iter()
         if el.get("data-mark") == "deceased"]
    assert len(x) == 1 and x[0].get("d").count("M") == 2
    xs = numbers(x[0].get("d"))
    assert max(abs(v - 100) for v in xs) <= SIZE / 2 + 0.01
    slash = [el for el in person(sy.PersonSpec("square", deceased=True), "nsgc").iter()
             if el.get("data-mark") == "deceased"]
    assert len(slash) == 1 and local(slash[0]) == "line"
    y1, y2 = float(slash[0].get("y1")), float(slash[0].get("y2"))
    assert max(y1, y2) > 100 + SIZE / 2 and min(y1, y2) < 100 - SIZE / 2
    assert float(slash[0].get("x1")) < float(slash[0].get("x2")) and y1 > y2  # lower left to upper right


@pytest.mark.parametrize("shape", ["square", "circle", "diamond"])
@pytest.mark.parametrize("condition", sy.CONDITIONS)
def test_each_condition_fills_its_documented_quadrant(shape, condition) -> None:
    group = person(sy.PersonSpec(shape, conditions=(condition,)))
    fills = [el for el in group.iter() if el.get("data-condition")]
    assert [f.get("data-condition") for f in fills] == [condition]
    (sx, sy_), pattern = sy.CONDITION_FILL[condition]
    el = fills[0]
    if pattern == "solid":
        assert el.get("fill") == STYLE.fill("condition")
        assert el.get("d").rstrip().endswith("Z")
    else:
        assert el.get("fill") == "none" and el.get("stroke") == STYLE.fill("condition")
        assert el.get("d").count("M") >= 3  # several hatch lines
    nums = numbers(el.get("d").replace("A", " "))
    points = list(zip(nums[0::2], nums[1::2], strict=False)) if pattern != "solid" or shape != "circle" \
        else [(nums[0], nums[1]), (nums[2], nums[3]), (nums[-2], nums[-1])]
    for x, y in points:
        assert (x - 100) * sx >= -0.01 and (y - 100) * sy_ >= -0.01, (x, y)


def test_conditions_are_told_apart_in_black_and_white() -> None:
    seen = set()
    for condition in sy.CONDITIONS:
        el = next(e for e in person(sy.PersonSpec("square", conditions=(condition,)), style=PRINT).iter()
                  if e.get("data-condition"))
        (q, pattern) = sy.CONDITION_FILL[condition]
        seen.add((q, pattern, el.get("fill") == "none", el.get("d").count("M")))
    assert len(seen) == len(sy.CONDITIONS)


def test_free_text_conditions_are_kept_apart_from_details() -> None:
    # Free-text conditions are written under the person whatever the style (they used to go to
    # the details, which only show_details styles draw: dropped by default).
    case = load_text("""
socialmaps: 1
case: {id: t, client: a, date: 2024-01-01}
people:
  - {id: a, name: A, sex: female, born: 1990, conditions: [disability, diabetes], notes: tuna daksa,
     occupation: Penjahit}
""")
    spec = sy.person_spec(case.people[0], case, words("id"))
    assert spec.conditions == ("disability",)
    assert spec.details == ("Penjahit", "tuna daksa")
    assert spec.other_conditions == ("diabetes",)
    assert spec.index and spec.age == 34 and spec.years == "l. 1990"


def test_labels_name_years_and_details_when_asked() -> None:
    spec = sy.PersonSpec("square", name="Budi", years="1958–2022", age=64, deceased=True, details=("Petani",))
    texts = [t.text for t in shapes(person(spec), "text")]
    assert texts == ["64", "Budi", "1958–2022"]  # details only when the style asks
    detailed = load_style("default").__class__(**{**load_style("default").__dict__, "show_details": True})
    texts = [t.text for t in shapes(person(spec, style=detailed), "text")]
    assert texts == ["64", "Budi", "1958–2022", "Petani"]


def test_returned_boxes_match_the_plan_and_texts_do_not_overlap() -> None:
    spec = sy.PersonSpec("circle", name="Nama Yang Cukup Panjang Sekali", years="l. 1998", index=True,
                         assigned="AFAB", adopted=True, age=26)
    for kit in sy.SYMBOL_SETS:
        for align in ("middle", "start", "end"):
            got: list[Box] = []
            render(lambda g, kit=kit, align=align, got=got: got.extend(
                sy.draw_person(g, spec, C, SIZE, STYLE, EN, symbols=kit, align=align)))
            assert got == sy.person_boxes(spec, C, SIZE, STYLE, symbols=kit, align=align, words=EN)
            plan = sy.plan_person(spec, C, SIZE, STYLE, symbols=kit, align=align, words=EN)
            texts = [lab.box for lab in plan.labels] + ([plan.proband.box] if plan.proband else [])
            for a, b in combinations(texts, 2):
                assert a.overlap(b) <= 0.5
            for lab in plan.labels:  # labels sit below the symbol
                assert lab.box.y0 >= C[1] + SIZE / 2
            if align == "end":
                assert all(lab.box.x1 < C[0] for lab in plan.labels)
            if align == "start":
                assert all(lab.box.x0 > C[0] for lab in plan.labels)


def test_texts_carry_position_size_and_anchor() -> None:
    spec = sy.PersonSpec("circle", name="A", years="l. 1998", index=True, age=3)
    for kit in sy.SYMBOL_SETS:
        for t in shapes(person(spec, kit), "text"):
            assert t.get("x") and t.get("y") and t.get("font-size") and t.get("text-anchor")


def test_user_text_is_escaped() -> None:
    doc = SvgDocument("genogram", "t", 200, 200, "t", "t")
    sy.draw_person(doc.body.g("sm-person"), sy.PersonSpec("square", name="<script>alert(1)</script>"),
                   C, SIZE, STYLE, EN)
    out = doc.to_string()
    assert "<script" not in out and "</script" not in out and "&lt;script&gt;" in out
    root = ET.fromstring(out.split("\n", 1)[1])
    text = next(t for t in root.iter() if local(t) == "text")
    # wrapped (the word too long for a line is cut with a visible hyphen), but still text
    assert "".join(text.itertext()).replace("-", "") == "<script>alert(1)</script>"


def test_adopted_has_brackets_outside_the_symbol() -> None:
    group = person(sy.PersonSpec("square", adopted=True))
    brackets = [el for el in group.iter() if el.get("data-mark") == "adopted"]
    assert len(brackets) == 2 and all(local(b) == "polyline" for b in brackets)
    xs = [x for b in brackets for x in numbers(b.get("points"))[0::2]]
    assert min(xs) < 100 - SIZE / 2 and max(xs) > 100 + SIZE / 2


@pytest.mark.parametrize(("kit", "outcome", "tag"), [
    ("mcgoldrick", "pregnant", "polygon"), ("mcgoldrick", "miscarriage", "circle"),
    ("mcgoldrick", "abortion", "path"), ("mcgoldrick", "stillbirth", "polygon"),
    ("nsgc", "pregnant", "polygon"), ("nsgc", "miscarriage", "polygon"), ("nsgc", "abortion", "polygon"),
    ("nsgc", "stillbirth", "polygon"),
])
def test_pregnancies_and_losses_per_set(kit, outcome, tag) -> None:
    group = render(lambda g: sy.draw_pregnancy(g, outcome, C, SIZE, STYLE, EN, symbols=kit))
    marked = [el for el in group.iter() if el.get("data-outcome") == outcome]
    assert [local(m) for m in marked] == [tag]
    texts = [t.text for t in shapes(group, "text")]
    if kit == "mcgoldrick" and outcome == "miscarriage":
        assert marked[0].get("fill") == STYLE.line.ink  # small filled circle
    if kit == "nsgc" and outcome == "pregnant":
        assert texts == ["P"]
    if kit == "nsgc" and outcome == "stillbirth":
        assert texts == ["SB"]
    if outcome in ("abortion", "stillbirth") and kit == "nsgc":
        assert shapes(group, "line")  # the slash
    if kit == "mcgoldrick" and outcome == "stillbirth":
        assert [el for el in group.iter() if el.get("data-mark") == "deceased"]  # small symbol with X


def test_symbol_variants_cover_every_condition_and_outcome() -> None:
    keys = {v.key for v in sy.symbol_variants("nsgc")}
    assert {f"condition.{c}" for c in sy.CONDITIONS} <= keys
    assert {f"pregnancy.{o}" for o in sy.OUTCOMES} <= keys
    assert {"male", "female", "unknown", "index", "deceased", "adopted"} <= keys


# --------------------------------------------------------------------------- lines

ROUTE = [(20.0, 50.0), (20.0, 80.0), (220.0, 80.0), (220.0, 50.0)]


def union(spec: ln.UnionSpec, **kw) -> ET.Element:
    return render(lambda g: ln.draw_union(g, ROUTE, spec, STYLE, EN, **kw))


def test_union_types_are_distinct_and_consanguineous_doubles() -> None:
    sigs = {t: signature(union(ln.UnionSpec(t))) for t in ln.UNION_TYPES}
    assert len(set(sigs.values())) == len(ln.UNION_TYPES)
    assert shapes(union(ln.UnionSpec("married")), "polyline")[0].get("stroke-dasharray") is None
    assert shapes(union(ln.UnionSpec("cohabiting")), "polyline")[0].get("stroke-dasharray")
    assert len(shapes(union(ln.UnionSpec("married", consanguineous=True)), "polyline")) == 2


@pytest.mark.parametrize(("status", "slashes"), [("together", 0), ("widowed", 0), ("separated", 1),
                                                 ("divorced", 2)])
def test_union_status_slashes(status, slashes) -> None:
    group = union(ln.UnionSpec("married", status, "1983", "2010"))
    marks = [el for el in group.iter() if el.get("data-mark") == status]
    assert sum(m.get("d").count("M") for m in marks) == slashes


def test_union_labels() -> None:
    assert ln.union_text(ln.UnionSpec("married", start="1983"), EN) == ["m. 1983"]
    assert ln.union_text(ln.UnionSpec("married"), EN) == []
    assert ln.union_text(ln.UnionSpec("cohabiting", start="1995"), EN) == ["LT 1995"]
    assert ln.union_text(ln.UnionSpec("married", "divorced", "1983", "2010"), words("id")) == \
        ["nikah 1983", "cerai 2010"]
    group = union(ln.UnionSpec("married", "divorced", "1983", "2010"))
    texts = shapes(group, "text")
    assert texts and all(t.get("class") == "sm-label" for t in texts)
    boxes = ln.union_labels(ROUTE, ln.UnionSpec("married", "divorced", "1983", "2010"), STYLE, EN)
    assert boxes and all(lab.box.y1 < 80 for lab in boxes)  # above the partner line


def test_descent_relations_are_distinct() -> None:
    sigs = {r: signature(render(lambda g, r=r: ln.draw_descent(g, [(0, 0), (0, 40)], r, STYLE)))
            for r in ln.RELATIONS}
    assert len(set(sigs.values())) == len(ln.RELATIONS)


def test_twins_identical_bar_and_unknown_question_mark() -> None:
    ends = [(80.0, 60.0), (120.0, 60.0)]
    ident = render(lambda g: ln.draw_twins(g, "identical", (100, 20), ends, STYLE))
    bar = [el for el in ident.iter() if el.get("data-mark") == "identical"]
    assert len(bar) == 1 and bar[0].get("y1") == bar[0].get("y2")
    assert not list(render(lambda g: ln.draw_twins(g, "fraternal", (100, 20), ends, STYLE)).iter())[1:]
    unknown = render(lambda g: ln.draw_twins(g, "unknown", (100, 20), ends, STYLE, symbols="nsgc"))
    assert [t.text for t in shapes(unknown, "text")] == ["?"]


@pytest.mark.parametrize("style", [STYLE, PRINT], ids=["colour", "print"])
def test_every_relationship_type_looks_different(style) -> None:
    route = [(10.0, 10.0), (150.0, 60.0)]
    sigs = {t: signature(render(lambda g, t=t: ln.draw_relationship(g, route, t, style), style))
            for t in ln.RELATIONSHIP_TYPES}
    assert len(set(sigs.values())) == len(ln.RELATIONSHIP_TYPES), sigs


def test_directed_relationships_point_at_the_second_person() -> None:
    route = [(10.0, 10.0), (150.0, 10.0)]
    for kind in ln.DIRECTED:
        group = render(lambda g, kind=kind: ln.draw_relationship(g, route, kind, STYLE))
        heads = [el for el in group.iter() if (el.get("data-mark") or "").endswith("arrow")]
        assert len(heads) == 1
        xs = numbers(heads[0].get("d") or heads[0].get("points"))[0::2]
        assert max(xs) == pytest.approx(150.0, abs=0.01)


@pytest.mark.parametrize("kind", ln.RELATIONSHIP_TYPES)
def test_short_routes_still_draw(kind) -> None:
    for route in ([(0.0, 0.0), (6.0, 0.0)], [(0.0, 0.0), (20.0, 0.0), (20.0, 3.0)]):
        group = render(lambda g, route=route: ln.draw_relationship(g, route, kind, STYLE))
        assert len(list(group.iter())) > 1


def test_relationship_counts_of_parallel_lines() -> None:
    def lines_of(kind: str) -> int:
        group = render(lambda g: ln.draw_relationship(g, [(0, 0), (100, 0)], kind, STYLE))
        return len(shapes(group, "polyline"))
    assert lines_of("close") == 2 and lines_of("fused") == 3
    cut = render(lambda g: ln.draw_relationship(g, [(0, 0), (100, 0)], "cutoff", STYLE))
    assert [el.get("d").count("M") for el in cut.iter() if el.get("data-mark") == "cutoff"] == [2]


def test_polyline_helpers() -> None:
    assert ln.trim([(0, 0), (10, 0), (10, 10)], 2, 3) == [(2.0, 0.0), (10.0, 0.0), (10.0, 7.0)]
    off = ln.offset([(0, 0), (10, 0)], 2)
    assert all(abs(p[1]) == pytest.approx(2) for p in off)
    zz = ln.zigzag([(0, 0), (100, 0)], 3, 10)
    assert zz[0] == (0, 0) and zz[-1] == (100, 0) and max(abs(p[1]) for p in zz) == pytest.approx(3)


def test_household_boundary_surrounds_every_box() -> None:
    boxes = [Box(0, 0, 40, 40), Box(100, 0, 140, 40), Box(50, 90, 90, 130)]
    group = render(lambda g: ln.draw_household(g, boxes, ["a", "b", "c"], STYLE, margin=10))
    part = next(el for el in group.iter() if el.get("class") == "sm-household")
    assert part.get("data-members") == "a b c"
    path = shapes(part, "path")[0]
    assert path.get("stroke-dasharray") and path.get("fill") == "none" and path.get("d").endswith("Z")
    hull = ln.household_outline(boxes, 10)
    # The curve runs through edge midpoints of the hull: each at least ~margin from every box.
    n = len(hull)
    for i in range(n):
        mx, my = (hull[i][0] + hull[(i + 1) % n][0]) / 2, (hull[i][1] + hull[(i + 1) % n][1]) / 2
        for b in boxes:
            dx = max(b.x0 - mx, 0, mx - b.x1)
            dy = max(b.y0 - my, 0, my - b.y1)
            assert (dx * dx + dy * dy) ** 0.5 >= 9.0


# --------------------------------------------------------------------------- legend and words

CASE = """
socialmaps: 1
case: {id: t, client: ms, date: 2024-09-07, language: en}
people:
  - {id: ayah, name: Ayah, sex: male, died: 2020, conditions: [substance-abuse]}
  - {id: ibu, name: Ibu, sex: female, born: 1970, lives_with_client: true}
  - {id: ms, name: MS, sex: female, born: 1998, lives_with_client: true}
  - {id: adik, name: Adik, sex: male, gender: trans-woman, born: 2005}
unions:
  - partners: [ayah, ibu]
    type: married
    status: divorced
    children: [ms, {id: adik, relation: adopted}]
    pregnancies: [{outcome: miscarriage}]
relationships:
  - {between: [ms, ibu], type: close}
  - {between: [ayah, ms], type: abuse}
"""


def test_legend_lists_only_what_is_used() -> None:
    case = load_text(CASE)
    keys = gk.used_keys(case)
    assert keys == ["person.male", "person.female", "person.index", "person.deceased", "person.age",
                    "assigned.amab", "condition.substance-abuse", "union.married", "status.divorced",
                    "child.biological", "child.adopted", "pregnancy.miscarriage", "relationship.close",
                    "relationship.abuse", "household"]
    entries = gk.case_legend(case, STYLE, EN)
    assert [e.key for e in entries] == keys
    assert [e.label for e in entries][:2] == ["Male", "Female"]
    assert "union.consanguineous" in gk.used_keys(case, consanguineous=["u1"])
    assert "household" not in gk.used_keys(case, household=False)


def test_legend_swatches_draw_for_every_key_in_both_sets() -> None:
    for kit in sy.SYMBOL_SETS:
        for entry in gk.legend_entries(gk.ORDER, STYLE, EN, symbols=kit):
            group = Element("g")
            entry.draw(group, Box(0, 0, 28.8, 13.5))
            assert group.children, entry.key
            # Swatches never create contract parts (their ids would name nothing).
            assert not [c for c in group.children if c.attrs.get("class", "").startswith("sm-household")]


def test_both_languages_have_the_same_genogram_words() -> None:
    en = {k for k in words("en").table if k.startswith("genogram.")}
    ids = {k for k in words("id").table if k.startswith("genogram.")}
    assert en == ids
    for lang in ("en", "id"):
        for key in gk.ORDER:
            assert words(lang)[f"genogram.key.{key}"]
    assert words("id")["genogram.key.union.married"] == "Menikah"


def test_output_is_deterministic() -> None:
    def draw_all() -> str:
        doc = SvgDocument("genogram", "t", 600, 400, "t", "t")
        for i, v in enumerate(sy.symbol_variants()):
            g = doc.body.g("sm-person")
            at = (30 + 50 * (i % 10), 40 + 90 * (i // 10))
            if v.spec:
                sy.draw_person(g, v.spec, at, 30, STYLE, EN)
            else:
                sy.draw_pregnancy(g, v.outcome or "", at, 30, STYLE, EN)
        for t in ln.RELATIONSHIP_TYPES:
            ln.draw_relationship(doc.body.g("sm-relationship"), [(0, 300), (200, 350)], t, STYLE)
        return doc.to_string()
    assert draw_all() == draw_all()


def test_label_box_is_what_the_text_module_measures() -> None:
    lab = PlacedText(10, 20, ("Budi", "1958–2022"), 9, "middle", False, 1.3)
    first = tm.line_box(10, 20, "Budi", 9, "middle")
    second = tm.line_box(10, 20 + 1.3 * 9, "1958–2022", 9, "middle")
    assert lab.box == first.union(second)


def test_the_shared_checker_accepts_a_row_of_every_symbol(tmp_path) -> None:
    """Every variant in one generation row: centres on the row, no overlaps, labels clear (svgcheck)."""
    pytest.importorskip("svgelements")
    import subprocess
    import sys

    from conftest import SHARED
    checker = SHARED / "tools" / "svgcheck.py"
    if not checker.is_file():
        pytest.skip("shared checker not found")
    for kit in sy.SYMBOL_SETS:
        doc = SvgDocument("genogram", "row", 1700, 200, "t", "d")
        variants = [v for v in sy.symbol_variants(kit) if v.spec]
        for i, v in enumerate(variants):
            spec = sy.PersonSpec(**{**v.spec.__dict__, "name": f"Orang {i}", "years": "1958–2022",
                                    "age": 40})
            g = doc.body.part("sm-person", id=f"p{i}", generation=0, sex="male")
            sy.draw_person(g, spec, (60 + 90 * i, 60), 40, STYLE, EN, symbols=kit)
        path = tmp_path / f"row-{kit}.svg"
        path.write_text(doc.to_string(), encoding="utf-8")
        run = subprocess.run([sys.executable, str(checker), str(path)], capture_output=True, text=True)
        assert run.returncode == 0, run.stdout + run.stderr
