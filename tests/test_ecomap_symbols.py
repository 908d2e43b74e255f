"""The ecomap centre draws people with the genogram's symbol vocabulary (issue 12): the same
person has the same shape in the genogram and in the ecomap, read from both SVGs."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from socialmaps import load_text, render

from svgread import NS, parse, parts

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
