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
