"""The ecomap centre draws people with the genogram's symbol vocabulary (issue 12): the same
person has the same shape in the genogram and in the ecomap, read from both SVGs."""

from __future__ import annotations

import itertools
import math
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml

from socialmaps import RenderOptions, load_text, render
from socialmaps.diagrams.ecomap.layout import layout as ecomap_layout
from socialmaps.style import load_style
from test_genogram_partners import check_data

from svgread import NS, parse, parts, shape_box

CASE = """\
socialmaps: 1
case: {id: shapes, client: rani, language: en}
people:
  - {id: budi, name: Budi, sex: male, born: 1980, lives_with_client: true}
  - {id: sari, name: Sari, sex: male, gender: trans-woman, born: 1982, lives_with_client: true}
  - {id: rani, name: Rani, sex: female, born: 2010}
  - {id: dian, name: Dian, sex: female, gender: nonbinary, born: 2012, lives_with_client: true}
  - {id: eko, name: Eko, sex: unknown, gender: man, born: 2014, lives_with_client: true}
unions:
  - {partners: [budi, sari], children: [rani, dian, eko]}
ecomap:
  center: household
  systems:
    - {id: sch, name: Sekolah, kind: school}
  ties:
    - {from: rani, to: sch}
    - {from: sari, to: sch, strength: weak}
"""

SHAPES = {"rect": "square", "circle": "circle", "polygon": "diamond", "path": "diamond"}


def _shape(group: ET.Element) -> str:
    """The person's symbol: the first filled shape drawn in their group."""
    for elem in group.iter():
        tag = elem.tag.removeprefix(NS)
        if tag in SHAPES and elem.get("fill", "none") != "none":
            return SHAPES[tag]
    raise AssertionError(f"no symbol in {group.get('data-id')}")


def _people(svg: str) -> dict[str, ET.Element]:
    return {g.get("data-id", ""): g for g in parts(parse(svg), "sm-person")
            if "data-duplicate-of" not in g.attrib}


def test_same_shape_in_the_genogram_and_the_ecomap_centre() -> None:
    case = load_text(CASE)
    genogram = _people(render(case, "genogram").svg)
    ecomap = _people(render(case, "ecomap").svg)
    assert set(ecomap) == {"budi", "sari", "rani", "dian", "eko"}
    shapes = {pid: _shape(group) for pid, group in ecomap.items()}
    assert shapes == {pid: _shape(genogram[pid]) for pid in ecomap}
    # The shape follows gender where the case gives it: a trans woman is a circle, a man of
    # unknown sex a square, a nonbinary person a diamond.
    assert shapes["sari"] == "circle" and shapes["eko"] == "square" and shapes["dian"] == "diamond"
    assert ecomap["sari"].get("data-gender") == "trans-woman"
    assert ecomap["sari"].get("data-sex") == "male"


GENERATIONS = """\
socialmaps: 1
case: {id: rows, client: c, language: en}
people:
  - {id: gg, name: Buyut, sex: male, born: 1910}
  - {id: gga, name: Buyut Putri, sex: female, born: 1912}
  - {id: gf, name: Kakek, sex: male, born: 1935}
  - {id: gfw, name: Nenek, sex: female, born: 1937}
  - {id: gm, name: Kakek Ibu, sex: male, born: 1936}
  - {id: f, name: Ayah, sex: male, born: 1960, lives_with_client: true}
  - {id: m, name: Ibu, sex: female, born: 1962, lives_with_client: true}
  - {id: c, name: Anak, sex: female, born: 1990}
unions:
  - {partners: [gg, gga], children: [gf]}
  - {partners: [gf, gfw], children: [f]}
  - {partners: [gm], children: [m]}
  - {partners: [f, m], children: [c]}
ecomap:
  center: household
  systems:
    - {id: s, name: Sekolah, kind: school}
  ties:
    - {from: c, to: s}
    - {from: gm, to: s}
    - {from: gg, to: s, strength: weak}
"""


def test_same_generation_in_the_genogram_and_the_ecomap() -> None:
    """The mother's father married into nobody's line: the genogram stands him one row above his
    daughter, not on the founders' row; the ecomap (centre and ring) says the same."""
    case = load_text(GENERATIONS)
    genogram = _people(render(case, "genogram").svg)
    ecomap = _people(render(case, "ecomap").svg)
    assert set(ecomap) == {"c", "f", "m", "gm", "gg"}
    assert {pid: g.get("data-generation") for pid, g in ecomap.items()} == \
        {pid: genogram[pid].get("data-generation") for pid in ecomap}
    assert ecomap["gm"].get("data-generation") == "1"


MARKED = """\
socialmaps: 1
case: {id: marks, client: rani, language: en}
people:
  - {id: ibu, name: Ibu Sari, sex: female, born: 1985, lives_with_client: true}
  - {id: budi, name: Pak Budi, sex: male, gender: trans-woman, born: 1980, lives_with_client: true}
  - {id: rani, name: Rani, sex: female, born: 2010}
  - {id: dodi, name: Dodi, sex: male, born: 2012, died: 2020, lives_with_client: true}
  - {id: tia, name: Tia, sex: female, born: 2019, lives_with_client: true, conditions: [diabetes]}
  - {id: adi, name: Adi, sex: male, born: 2020, lives_with_client: true}
unions:
  - {id: u1, partners: [ibu], children: [rani, dodi]}
  - {id: u2, partners: [ibu, budi], type: cohabiting, children: [tia, {id: adi, relation: adopted}]}
ecomap:
  center: household
  systems:
    - {id: sch, name: Sekolah, kind: school}
    - {id: pk, name: Puskesmas, kind: health}
  ties:
    - {from: rani, to: sch, strength: strong, flow: both, stress: true}
    - {from: ibu, to: pk, strength: weak}
    - {from: tia, to: pk}
"""


def _symbol(group: ET.Element) -> tuple[str, frozenset[tuple[str, str]], frozenset[str]]:
    """What a person's symbol shows, read from their group: the shape, every mark (element and
    data-mark: the client's outline or arrow, the death mark, adoption brackets) and every class."""
    marks = frozenset((e.tag.removeprefix(NS), e.get("data-mark", "")) for e in group.iter()
                      if e.get("data-mark"))
    names = frozenset(c for e in group.iter() for c in (e.get("class") or "").split())
    return _shape(group), marks, names


def _unknown_partners(root: ET.Element) -> list[ET.Element]:
    """The unknown-partner symbols drawn, not the legend's swatch."""
    legend = {id(e) for g in parts(root, "sm-legend") for e in g.iter()}
    return [e for e in root.iter() if e.get("data-mark") == "unknown-partner" and id(e) not in legend]


@pytest.mark.parametrize("style", ["default", "nsgc"])
def test_same_symbol_marks_and_classes_in_the_genogram_and_the_ecomap_centre(style: str) -> None:
    """Each member of the household is drawn by the genogram's own symbol code in both figures: the
    same shape, the same marks (double outline or NSGC arrow for the client, the death mark, the
    adoption brackets) and the same classes."""
    case = load_text(MARKED)
    options = RenderOptions(style=style)
    genogram = _people(render(case, "genogram", options).svg)
    ecomap = _people(render(case, "ecomap", options).svg)
    assert set(ecomap) == {"ibu", "budi", "rani", "dodi", "tia", "adi"}
    for pid, group in ecomap.items():
        assert _symbol(group) == _symbol(genogram[pid]), pid
    marks = {pid: {m for _tag, m in _symbol(g)[1]} for pid, g in ecomap.items()}
    assert "index" in marks["rani"] and "deceased" in marks["dodi"] and "adopted" in marks["adi"]


def test_a_one_parent_union_shows_the_unknown_partner_in_both() -> None:
    """Ibu's first union has no other parent in the file: the genogram and the ecomap centre both
    draw the unknown partner's "?" beside the drop to Rani and Dodi, and the legend explains it; the
    cohabiting union with Pak Budi, whose partner is known, has none."""
    case = load_text(MARKED)
    genogram = parse(render(case, "genogram").svg)
    ecomap = parse(render(case, "ecomap").svg)
    assert len(_unknown_partners(genogram)) == 1
    centre = parts(ecomap, "sm-center")[0]
    found = _unknown_partners(centre)
    assert len(found) == 1
    # Beside Ibu, on the side away from Pak Budi, level with her symbol's middle or below it.
    people = {g.get("data-id"): shape_box(_first_filled(g)) for g in parts(centre, "sm-person")}
    diamond = [tuple(map(float, p.split(","))) for p in (found[0].get("points") or "").split()]
    dx = sum(x for x, _y in diamond) / len(diamond)
    dy = sum(y for _x, y in diamond) / len(diamond)
    ibu, budi = people["ibu"], people["budi"]
    assert ibu is not None and budi is not None
    assert (dx - ibu.center[0]) * (budi.center[0] - ibu.center[0]) < 0
    assert dy >= ibu.center[1] - 0.5
    legend = parts(ecomap, "sm-legend")[0]
    assert "Other parent not known" in {"".join(t.itertext()) for t in legend.iter(f"{NS}text")}


def test_no_unknown_partner_when_the_other_parent_is_known_but_away() -> None:
    """A partner in the file who does not live at home is known: no "?" in the centre."""
    case = load_text(MARKED.replace("partners: [ibu], children", "partners: [ibu, ex], children")
                     .replace("people:\n", "people:\n  - {id: ex, name: Mantan, sex: male, born: 1983}\n"))
    assert not _unknown_partners(parts(parse(render(case, "ecomap").svg), "sm-center")[0])


def _first_filled(group: ET.Element) -> ET.Element:
    return next(e for e in group.iter()
                if e.tag.removeprefix(NS) in SHAPES and e.get("fill", "none") != "none")


UNIONS = """\
socialmaps: 1
case: {id: unions, client: kid1, language: en}
people:
  - {id: gp, name: Kakek, sex: male, born: 1940}
  - {id: gm, name: Nenek, sex: female, born: 1942, lives_with_client: true}
  - {id: a, name: Anton, sex: male, born: 1962}
  - {id: b, name: Bella, sex: female, born: 1964}
  - {id: mum, name: Mum, sex: female, born: 1980, lives_with_client: true}
  - {id: dad, name: Dad, sex: male, born: 1981, lives_with_client: true}
  - {id: ex, name: Ex, sex: male, born: 1976}
  - {id: step, name: Step, sex: male, born: 1979, lives_with_client: true}
  - {id: kid0, name: Citra, sex: female, born: 2000, lives_with_client: true}
  - {id: kid1, name: Ana, sex: female, born: 2006, lives_with_client: true}
  - {id: kid2, name: Budi, sex: male, born: 2008, lives_with_client: true}
  - {id: kid3, name: Dodi, sex: male, born: 2016, lives_with_client: true}
unions:
  - {id: u0, partners: [gp, gm], status: divorced, children: [a, b]}
  - {id: ua, partners: [a], children: [dad]}
  - {id: ub, partners: [b], children: [mum]}
  - {id: u1, partners: [ex, mum], status: divorced, children: [kid0]}
  - {id: u2, partners: [dad, mum], type: married, status: separated, children: [kid1, kid2]}
  - {id: u3, partners: [mum, step], type: cohabiting, children: [kid3]}
ecomap:
  center: household
  systems:
    - {id: sch, name: Sekolah, kind: school}
  ties:
    - {from: kid1, to: sch}
    - {from: step, to: sch, strength: weak}
"""


def _union_marks(groups: list[ET.Element]) -> dict[str, frozenset[tuple[str, str]]]:
    """Per union, the forms of its partner line and the marks across it (data-line, data-mark)."""
    out: dict[str, set[tuple[str, str]]] = {}
    for group in groups:
        uid = group.get("data-id") or group.get("data-union") or ""
        seen = out.setdefault(uid, set())
        for elem in group.iter():
            for key in ("data-line", "data-mark"):
                if elem.get(key) and elem.get("class") != "sm-label":
                    seen.add((key, elem.get(key, "")))
    return {uid: frozenset(v) for uid, v in out.items()}


@pytest.mark.parametrize("style", ["default", "print"])
def test_same_union_marks_in_the_genogram_and_the_ecomap_centre(style: str) -> None:
    """Every union drawn in the centre has the genogram's partner line and marks: the separated
    couple at home one slash, the cohabiting couple a dashed line, the divorce from a partner away
    from home its two slashes, the cousins' marriage a double line; and each member stands in the
    genogram's generation.  (Kakek is away, and so are Nenek's children Anton and Bella; they are
    drawn as relatives living elsewhere because they link Nenek to her grandchildren at home, so
    Nenek's divorce is drawn too, with its two slashes.)"""
    case = load_text(UNIONS)
    options = RenderOptions(style=style)
    genogram = parse(render(case, "genogram", options).svg)
    ecomap = parse(render(case, "ecomap", options).svg)
    centre = parts(ecomap, "sm-center")[0]
    drawn = _union_marks([g for g in centre.iter() if g.get("data-union")])
    assert set(drawn) == {"u0", "u1", "u2", "u3"}
    in_genogram = _union_marks(parts(genogram, "sm-union"))
    for uid, marks in drawn.items():
        assert marks == in_genogram[uid], uid
    assert ("data-mark", "separated") in drawn["u2"] and ("data-mark", "divorced") in drawn["u1"]
    assert ("data-line", "cohabiting") in drawn["u3"]
    people = {g.get("data-id"): g.get("data-generation") for g in parts(genogram, "sm-person")}
    members = {g.get("data-id"): g.get("data-generation") for g in parts(centre, "sm-person")}
    assert members == {pid: people[pid] for pid in members}
    shapes = _people(render(case, "genogram", options).svg)
    assert {pid: _shape(g) for pid, g in _people(render(case, "ecomap", options).svg).items()} == \
        {pid: _shape(shapes[pid]) for pid in members}


def _arrow_segments(group: ET.Element) -> list[tuple[tuple[float, float], tuple[float, float]]]:
    """The NSGC proband arrow's shaft in a person's group (the sm-label part marked index)."""
    out = []
    for elem in group.iter():
        if elem.get("data-mark") == "index" and elem.tag.removeprefix(NS) == "g":
            for line in elem.iter(f"{NS}line"):
                out.append(((float(line.get("x1", 0)), float(line.get("y1", 0))),
                            (float(line.get("x2", 0)), float(line.get("y2", 0)))))
    return out


def _crosses(p: tuple[float, float], q: tuple[float, float], a: tuple[float, float],
             b: tuple[float, float]) -> bool:
    def side(u: tuple[float, float], v: tuple[float, float], w: tuple[float, float]) -> float:
        return (v[0] - u[0]) * (w[1] - u[1]) - (v[1] - u[1]) * (w[0] - u[0])
    return side(p, q, a) * side(p, q, b) < 0 and side(a, b, p) * side(a, b, q) < 0


def test_no_tie_crosses_the_proband_arrow() -> None:
    """NSGC: the client's arrow comes in from the lower left; ties to systems all round the ring
    (several leaving the client) keep off it as off a line of the centre's genogram."""
    systems = "\n".join(f"    - {{id: s{i}, name: Sistem {i}, kind: school}}" for i in range(8))
    ties = "\n".join(f"    - {{from: rani, to: s{i}}}" for i in range(8))
    people = MARKED.split("ecomap:")[0].replace("lives_with_client: true, conditions", "conditions")
    people = people.replace("born: 2012, died: 2020, lives_with_client: true", "born: 2012, died: 2020")
    text = people + f"ecomap:\n  center: household\n  systems:\n{systems}\n  ties:\n{ties}\n"
    case = load_text(text)
    root = parse(render(case, "ecomap", RenderOptions(style="nsgc")).svg)
    centre = parts(root, "sm-center")[0]
    rani = next(g for g in parts(centre, "sm-person") if g.get("data-id") == "rani")
    arrow = _arrow_segments(rani)
    assert arrow, "the NSGC client has an arrow"
    # The layout counts the arrow among what a way out of the centre keeps off (the drawing's
    # shaft, tail to the head's base, lies on a segment of the centre's scene: the same numbers,
    # as the map is drawn in the layout's own coordinates).
    scene = ecomap_layout(case, load_style("nsgc")).center.scene
    assert scene is not None
    (t0, t1), = arrow

    def on(p: tuple[float, float], a: tuple[float, float], b: tuple[float, float]) -> bool:
        cross = (b[0] - a[0]) * (p[1] - a[1]) - (b[1] - a[1]) * (p[0] - a[0])
        return abs(cross) / max(1e-9, math.dist(a, b)) < 0.5 and \
            min(a[0], b[0]) - 0.5 <= p[0] <= max(a[0], b[0]) + 0.5
    assert any(on(t0, a, b) and on(t1, a, b) for a, b in scene.lines)
    for tie in parts(root, "sm-tie"):
        for line in tie.iter(f"{NS}polyline"):
            pts = [tuple(map(float, p.split(","))) for p in (line.get("points") or "").split()]
            for p, q in itertools.pairwise(pts):
                assert not any(_crosses(p, q, a, b) for a, b in arrow), tie.get("data-to")


def test_someone_alone_in_the_file_stands_in_the_genogram_generation() -> None:
    """A neighbour with no parents, partner or child in the file: the genogram stands her on the
    row of the people born nearest her time (the parents' row), not the founders'; the ecomap, on
    its ring, says the same, as both read the genogram engine's rows."""
    neighbour = "  - {id: nb, name: Tetangga, sex: female, born: 1963}\n"
    text = GENERATIONS.replace("people:\n", "people:\n" + neighbour)
    text = text.replace("    - {from: c, to: s}\n", "    - {from: c, to: s}\n    - {from: m, to: nb}\n")
    case = load_text(text)
    genogram = _people(render(case, "genogram").svg)
    ecomap = _people(render(case, "ecomap").svg)
    assert genogram["nb"].get("data-generation") == genogram["m"].get("data-generation") == "2"
    assert {pid: g.get("data-generation") for pid, g in ecomap.items()} == \
        {pid: genogram[pid].get("data-generation") for pid in ecomap}


def test_identical_twins_have_the_genogram_bar_in_the_centre() -> None:
    """Twins at home with their mother: their legs leave one point of her line and the identical
    twins' bar joins them, as in the genogram; the legend explains it."""
    text = MARKED.replace("children: [tia, {id: adi, relation: adopted}]}",
                          "children: [tia, {id: adi, relation: adopted}],\n"
                          "     twins: [{members: [tia, adi], kind: identical}]}")
    text = text.replace("born: 2020, lives_with_client", "born: 2019, lives_with_client")
    case = load_text(text)
    genogram = parse(render(case, "genogram").svg)
    ecomap = parse(render(case, "ecomap").svg)

    def bars(root: ET.Element) -> int:
        legend = {id(e) for g in parts(root, "sm-legend") for e in g.iter()}
        return sum(1 for e in root.iter() if e.get("data-mark") == "identical" and id(e) not in legend)

    assert bars(genogram) == 1
    assert bars(parts(ecomap, "sm-center")[0]) == 1
    legend = parts(ecomap, "sm-legend")[0]
    assert "Identical twins" in {"".join(t.itertext()) for t in legend.iter(f"{NS}text")}


PROBAND_CASE = """socialmaps: 1
case: {{id: P-{n}, client: c, language: en, style: nsgc}}
people:
  - {{id: c, name: "{name}", sex: {sex}}}
  - {{id: m, name: Mother, sex: female, born: 1980}}
unions:
  - {{id: u, partners: [m], children: [c]}}
ecomap:
  center: household
  systems:
    - {{id: s, name: School, kind: school}}
  ties:
    - {{from: c, to: s, strength: strong}}
"""


@pytest.mark.parametrize(("name", "sex"), [("A", "male"), ("klien Adik", "male"),
                                           ("Kusumawardhani", "female"), ("Nelly Wijaya Kusuma", "unknown")])
def test_the_proband_p_in_the_centre_keeps_off_the_name(name: str, sex: str, tmp_path: Path) -> None:
    """The NSGC proband's "P" (at the arrow's tail, below and left of the symbol) and a name wide
    enough to reach under it: the name moves below the "P".  Long property runs found the two
    overlapping in 17 of 500 generated cases (the shared checker: `label-overlap`)."""
    text = PROBAND_CASE.format(n=len(name), name=name, sex=sex)
    svg = render(load_text(text), "ecomap").svg
    (report,) = check_data(yaml.safe_load(text), [svg], tmp_path)
    assert [v for v in report["violations"] if v["rule"].startswith("label")] == [], report["violations"]
    assert ">P<" in svg  # the proband's letter is drawn
