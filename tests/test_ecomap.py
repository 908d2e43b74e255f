"""Ecomap: geometry (no overlaps, ties clear of foreign circles, inside the page), contract
attributes, Hartman line forms in black and white, the legend, and determinism."""

from __future__ import annotations

import itertools
import math
import random
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml

from socialmaps import RenderOptions, load_case, load_text, render
from socialmaps.geometry import Box, Circle, bounds, segment_box_hits, segment_circle_depth
from socialmaps.lang import words

from conftest import EXAMPLES, ROOT
from svgread import NS, classes, local, parse, parts, placed, shape_box, text_lines, viewbox

TOL = 0.5
ECOMAP_EXAMPLES = [p for p in EXAMPLES if "ecomap:" in p.read_text(encoding="utf-8")]
DENSE = ROOT / "examples" / "ecomap-dense.yaml"

HOUSEHOLD = """\
socialmaps: 1
case: {id: HH, title: Keluarga Uji, language: id, client: ana, date: 2024-01-01}
people:
  - {id: budi, name: Budi, sex: male, born: 1970, lives_with_client: true}
  - {id: citra, name: Citra, sex: female, born: 1972, lives_with_client: true}
  - {id: ana, name: Ana, sex: female, born: 2005, lives_with_client: true}
  - {id: dodi, name: Dodi, born: 2008, lives_with_client: true}
  - {id: eka, name: Eka, sex: male, born: 1940, died: 2019}
  - {id: fajar, name: Fajar, sex: male, born: 1968}
unions:
  - {id: u0, partners: [eka], children: [budi, fajar]}
  - {id: u1, partners: [budi, citra], children: [ana, dodi]}
ecomap:
  center: household
  systems:
    - {id: sekolah, name: SMA Negeri 3 Kota Baru, kind: school, size: 2}
    - {id: puskesmas, name: Puskesmas, kind: health, size: 1}
    - {id: kantor, name: Kantor Kelurahan dan Dinas Sosial Kabupaten, kind: social-services, size: 3}
    - {id: masjid, name: Masjid, kind: religion, size: 2}
    - {id: teman, name: Teman sekelas, kind: friends, size: 1}
    - {id: futsal, name: Klub futsal, kind: recreation, size: 1}
  ties:
    - {from: ana, to: sekolah, strength: moderate, stress: true, flow: both, note: banyak tugas}
    - {from: center, to: puskesmas, strength: weak, flow: to}
    - {from: budi, to: kantor, strength: broken, stress: true, flow: from}
    - {from: center, to: masjid, strength: strong}
    - {from: ana, to: teman, strength: strong, flow: both}
    - {from: dodi, to: futsal, strength: moderate}
    - {from: sekolah, to: futsal, strength: weak}
    - {from: ana, to: citra, strength: strong, note: tempat curhat}
    - {from: budi, to: fajar, strength: weak, stress: true}
    - {from: ana, to: eka, strength: broken}
"""

PERSON_CENTRE = """\
socialmaps: 1
case: {id: PC, language: en, client: p}
people:
  - {id: p, name: Pat, sex: unknown}
  - {id: q, name: Quinn, sex: female}
ecomap:
  center: p
  systems:
    - {id: a, name: Alpha, kind: work}
    - {id: b, name: Beta, kind: other, size: 3}
  ties:
    - {from: p, to: a, strength: strong}
    - {from: b, to: p, strength: weak, flow: to}
    - {from: p, to: q, strength: moderate}
"""


# --------------------------------------------------------------------------- reading the SVG

def _offsets(root: ET.Element) -> dict[int, tuple[float, float]]:
    return {id(e): off for e, off in placed(root)}


def _circles(root: ET.Element, cls: str) -> list[tuple[ET.Element, Circle]]:
    """The part's own circle (its first <circle> child), in page coordinates."""
    offsets = _offsets(root)
    out = []
    for part in parts(root, cls):
        for child in part:
            if local(child.tag) == "circle":
                ox, oy = offsets[id(child)]
                out.append((part, Circle(float(child.get("cx", 0)) + ox, float(child.get("cy", 0)) + oy,
                                         float(child.get("r")))))
                break
    return out


def _person_boxes(root: ET.Element) -> list[tuple[ET.Element, Box]]:
    offsets = _offsets(root)
    out = []
    for part in parts(root, "sm-person"):
        child = next(c for c in part if local(c.tag) in ("rect", "circle", "polygon"))
        box = shape_box(child, offsets[id(child)])
        assert box is not None
        out.append((part, box))
    return out


def _segments(root: ET.Element, tie: ET.Element) -> list[tuple[tuple[float, float], tuple[float, float]]]:
    offsets = _offsets(root)
    segs = []
    for elem in tie.iter():
        ox, oy = offsets[id(elem)]
        tag = local(elem.tag)
        if tag == "line":
            segs.append(((float(elem.get("x1")) + ox, float(elem.get("y1")) + oy),
                         (float(elem.get("x2")) + ox, float(elem.get("y2")) + oy)))
        elif tag == "path":
            d = elem.get("d")
            assert re.fullmatch(r"[ML\d\s.,-]+", d), "only straight paths are read here"
            nums = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", d)]
            pts = [(x + ox, y + oy) for x, y in zip(nums[0::2], nums[1::2], strict=True)]
            segs.extend(itertools.pairwise(pts))
        elif tag in ("polyline", "polygon"):
            pts = [tuple(float(v) for v in p.split(",")) for p in elem.get("points").split()]
            pts = [(x + ox, y + oy) for x, y in pts]
            if tag == "polygon":
                pts.append(pts[0])
            segs.extend(itertools.pairwise(pts))
    return segs


def _within(elem: ET.Element, group: ET.Element) -> bool:
    return any(e is elem for e in group.iter())


def _box_circle_distance(box: Box, c: Circle) -> float:
    dx = max(box.x0 - c.cx, 0.0, c.cx - box.x1)
    dy = max(box.y0 - c.cy, 0.0, c.cy - box.y1)
    return math.hypot(dx, dy)


def assert_quality(svg: str, case_text: str | None = None) -> None:
    """The geometric promises, measured on the SVG itself."""
    root = parse(svg)
    systems = _circles(root, "sm-system")
    centres = _circles(root, "sm-center")
    assert len(centres) == 1
    centre_part, centre = centres[0]
    members = set(centre_part.get("data-members").split())
    people = _person_boxes(root)
    outer_people = [(p, b) for p, b in people if not _within(p, centre_part)]
    # No circle overlap (systems, centre, people on the ring as their boxes).
    circles = systems + centres
    for (a, ca), (b, cb) in itertools.combinations(circles, 2):
        assert ca.gap(cb) >= -TOL, f"{a.get('data-id')} overlaps {b.get('data-id')}"
    for p, box in outer_people:
        for s, c in circles:
            assert _box_circle_distance(box, c) >= c.r - TOL, f"{p.get('data-id')} on {s.get('data-id')}"
    for (_p, a), (_q, b) in itertools.combinations(outer_people, 2):
        assert a.overlap(b) <= TOL
    # No label overlap, and no label on a circle it does not belong to.
    lines = text_lines(root)
    for a, b in itertools.combinations(lines, 2):
        assert a.box.overlap(b.box) <= TOL, f"labels {a.text!r} and {b.text!r} overlap"
    for line in lines:
        for part, c in circles:
            if _within(line.owner, part):
                continue
            assert _box_circle_distance(line.box, c) >= c.r - TOL, f"{line.text!r} on {part.get('class')}"
    # No tie through a circle (or a person) it does not end at.
    for tie in parts(root, "sm-tie"):
        ends = {tie.get("data-from"), tie.get("data-to")}
        segs = _segments(root, tie)
        for part, c in systems:
            if part.get("data-id") in ends:
                continue
            for p, q in segs:
                assert segment_circle_depth(p, q, c) <= TOL, f"tie {ends} through {part.get('data-id')}"
        if not (ends & (members | {"center"})):
            for p, q in segs:
                assert segment_circle_depth(p, q, centre) <= TOL, f"tie {ends} through the centre"
        for part, box in outer_people:
            if part.get("data-id") in ends:
                continue
            for p, q in segs:
                assert not segment_box_hits(p, q, box.expand(-TOL)), \
                    f"tie {ends} through {part.get('data-id')}"
    # Nothing outside the viewBox.
    page = viewbox(root).expand(TOL)
    offsets = _offsets(root)
    for elem in root.iter():
        if local(elem.tag) in ("rect", "circle", "line", "polyline", "polygon"):
            box = shape_box(elem, offsets[id(elem)])
            assert box is not None and page.contains(box), f"{local(elem.tag)} outside the page"
    for line in lines:
        assert page.contains(line.box), f"{line.text!r} outside the page"
    if case_text is not None:
        assert_contract(root, case_text)


def assert_contract(root: ET.Element, case_text: str) -> None:
    """Every system and tie drawn exactly once, with the contract's attributes."""
    data = yaml.safe_load(case_text)["ecomap"]
    drawn = sorted(p.get("data-id") for p in parts(root, "sm-system"))
    assert drawn == sorted(s["id"] for s in data.get("systems", []))
    for part in parts(root, "sm-system"):
        assert part.get("data-kind")
    want = sorted((t["from"], t["to"], t.get("strength", "moderate"), str(t.get("stress", False)).lower(),
                   t.get("flow", "none")) for t in data.get("ties", []))
    got = sorted((t.get("data-from"), t.get("data-to"), t.get("data-strength"), t.get("data-stress"),
                  t.get("data-flow")) for t in parts(root, "sm-tie"))
    assert got == want
    for person in parts(root, "sm-person"):
        assert person.get("data-id") and person.get("data-sex") and person.get("data-generation").isdigit()


def draw(text: str, **options: object) -> str:
    return render(load_text(text), "ecomap", RenderOptions(**options)).svg


# --------------------------------------------------------------------------- tests

@pytest.mark.parametrize("style", ["default", "print", "large"])
def test_household_case_quality(style: str) -> None:
    assert_quality(draw(HOUSEHOLD, style=style), HOUSEHOLD)


def test_person_centre_quality() -> None:
    svg = draw(PERSON_CENTRE)
    assert_quality(svg, PERSON_CENTRE)
    root = parse(svg)
    centre = parts(root, "sm-center")[0]
    assert centre.get("data-members") == "p"
    assert [p.get("data-id") for p in parts(centre, "sm-person")] == ["p"]
    assert {p.get("data-id") for p in parts(root, "sm-person")} == {"p", "q"}


@pytest.mark.parametrize("path", ECOMAP_EXAMPLES, ids=lambda p: p.name)
def test_every_example_quality(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    for style in ("default", "print"):
        assert_quality(render(load_case(path), "ecomap", RenderOptions(style=style)).svg, text)


def test_dense_example_is_dense() -> None:
    data = yaml.safe_load(DENSE.read_text(encoding="utf-8"))["ecomap"]
    assert len(data["systems"]) == 30
    assert all(len(s["name"]) == 40 for s in data["systems"])
    assert {s["size"] for s in data["systems"]} == {1, 2, 3}
    assert {t.get("strength") for t in data["ties"]} == {"strong", "moderate", "weak", "broken"}
    assert {t.get("flow", "none") for t in data["ties"]} == {"none", "to", "from", "both"}
    assert any(t.get("stress") for t in data["ties"])


def test_household_centre_is_a_small_genogram() -> None:
    root = parse(draw(HOUSEHOLD))
    centre = parts(root, "sm-center")[0]
    assert centre.get("data-members") == "ana budi citra dodi"
    inside = {p.get("data-id"): p for p in parts(centre, "sm-person")}
    assert set(inside) == {"ana", "budi", "citra", "dodi"}
    assert inside["ana"].get("data-index") == "true"
    assert [p for p in inside.values() if p.get("data-index")] == [inside["ana"]]
    assert inside["budi"].get("data-sex") == "male" and inside["dodi"].get("data-sex") == "unknown"
    # Generations as the genogram rows them: Eka 0, Budi and Citra 1, their children 2.
    assert inside["budi"].get("data-generation") == inside["citra"].get("data-generation") == "1"
    assert inside["ana"].get("data-generation") == "2"
    boxes = {p.get("data-id"): b for p, b in _person_boxes(root)}
    assert boxes["budi"].center[1] == pytest.approx(boxes["citra"].center[1])
    assert boxes["ana"].center[1] > boxes["budi"].center[1]
    # The client has a double outline; the dead grandfather, outside the household, has an X.
    assert len([c for c in inside["ana"] if local(c.tag) == "circle"]) == 2
    outer = {p.get("data-id"): p for p in parts(root, "sm-person") if p.get("data-id") not in inside}
    assert set(outer) == {"eka", "fajar"}
    assert outer["eka"].get("data-deceased") == "true"
    # The dead grandfather's X is the genogram's death mark.
    assert [c.get("data-mark") for c in outer["eka"] if c.get("data-mark")] == ["deceased"]
    # A partner line and descent lines belong to the centre's own drawing.
    # (A union's lines are grouped as the genogram groups them; as there, each child's descent runs
    # from the partner line, so one partner line and two descents.)
    drawn_by = {id(e) for g in centre.iter() if g.get("class") in ("sm-person", "sm-tie") for e in g.iter()}
    assert len([c for c in centre.iter() if local(c.tag) == "polyline" and id(c) not in drawn_by]) >= 3


def test_tie_from_member_starts_at_their_symbol() -> None:
    root = parse(draw(HOUSEHOLD))
    boxes = {p.get("data-id"): b for p, b in _person_boxes(root)}
    tie = next(t for t in parts(root, "sm-tie") if t.get("data-to") == "futsal")
    start = _segments(root, tie)[0][0]
    assert _box_circle_distance(boxes["dodi"], Circle(*start, 0)) < 2.0


def test_same_input_same_bytes_and_order_does_not_matter() -> None:
    first = draw(HOUSEHOLD)
    assert draw(HOUSEHOLD) == first
    data = yaml.safe_load(HOUSEHOLD)
    rng = random.Random(7)
    for _ in range(3):
        rng.shuffle(data["ecomap"]["systems"])
        rng.shuffle(data["ecomap"]["ties"])
        rng.shuffle(data["people"])
        assert draw(yaml.safe_dump(data, sort_keys=False)) == first


def test_dense_shuffled_gives_identical_output() -> None:
    text = DENSE.read_text(encoding="utf-8")
    first = draw(text)
    data = yaml.safe_load(text)
    random.Random(3).shuffle(data["ecomap"]["systems"])
    random.Random(4).shuffle(data["ecomap"]["ties"])
    assert draw(yaml.safe_dump(data, sort_keys=False)) == first


def test_the_map_does_not_depend_on_the_hash_seed() -> None:
    # sets must never decide an order: the same bytes under any PYTHONHASHSEED.  The generated
    # household has two systems tied only to each other and the centre, which stand together
    # (`ring._beside_partners`); a key built from a set's order once moved one of them a band on.
    import subprocess
    import sys

    code = ("import sys, hashlib, yaml; sys.path.insert(0, 'tests'); "
            "from householdgen import generate_household; "
            "from socialmaps import load_case, load_text, render; "
            "cases = [load_text(yaml.safe_dump(generate_household(101, 2, 25), sort_keys=False)), "
            "load_case('examples/ecomap-dense.yaml')]; "
            "print([hashlib.sha256(render(c, 'ecomap').svg.encode()).hexdigest() for c in cases])")
    outs = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT,
                           env={"PYTHONHASHSEED": seed, "PATH": ""}).stdout for seed in ("1", "2", "3")}
    assert len(outs) == 1, outs


def _tie(root: ET.Element, to: str) -> ET.Element:
    return next(t for t in parts(root, "sm-tie") if t.get("data-to") == to)


def _strokes(tie: ET.Element) -> list[ET.Element]:
    return [e for e in tie if local(e.tag) == "polyline"]


def test_line_forms_in_black_and_white() -> None:
    root = parse(draw(HOUSEHOLD, style="print"))
    # strong: three parallel thin lines
    assert len(_strokes(_tie(root, "masjid"))) == 3
    # moderate: one solid line; weak: dashed
    assert len(_strokes(_tie(root, "futsal"))) == 1 and not _strokes(_tie(root, "futsal"))[0].get(
        "stroke-dasharray")
    assert _strokes(_tie(root, "puskesmas"))[0].get("stroke-dasharray")
    # broken: two pieces with a gap, two bars across, and the stress hatching
    broken = _tie(root, "kantor")
    assert len(_strokes(broken)) == 2
    assert len([e for e in broken if local(e.tag) == "line"]) >= 2 + 3
    # stress: hatch marks across the line
    assert len([e for e in _tie(root, "sekolah") if local(e.tag) == "line"]) >= 3
    # flow: arrowheads (one for to/from, two for both), drawn in the file, no external reference
    assert len([e for e in _tie(root, "puskesmas") if local(e.tag) == "polygon"]) == 1
    assert len([e for e in _tie(root, "sekolah") if local(e.tag) == "polygon"]) == 2
    assert len([e for e in _tie(root, "masjid") if local(e.tag) == "polygon"]) == 0
    # colour style: strong is one thick line
    colour = parse(draw(HOUSEHOLD))
    strong = _strokes(_tie(colour, "masjid"))
    assert len(strong) == 1 and float(strong[0].get("stroke-width")) > 2


def test_tie_note_is_a_label_of_its_tie() -> None:
    root = parse(draw(HOUSEHOLD))
    texts = ["".join(t.itertext()) for t in _tie(root, "sekolah").iter(f"{NS}text")]
    assert texts == ["banyak tugas"]
    inner = _tie(root, "citra")
    assert _within(inner, parts(root, "sm-center")[0])  # drawn inside the household circle


@pytest.mark.parametrize("lang", ["id", "en"])
def test_legend_lists_exactly_what_is_used(lang: str) -> None:
    root = parse(draw(HOUSEHOLD, lang=lang))
    w = words(lang)
    legend = parts(root, "sm-legend")[0]
    labels = ["".join(t.itertext()) for t in legend.iter(f"{NS}text")]
    assert labels[0] == w["common.legend"]
    expected = [w[f"ecomap.{k}"] for k in ("strong", "moderate", "weak", "broken", "stress", "flow")]
    expected += [w[f"ecomap.kind.{k}"] for k in ("school", "health", "social-services", "religion",
                                                 "friends", "recreation")]
    # The people's symbols (men, women, sex unknown, the client, the dead grandfather on the ring)
    # and the centre's lines (a marriage, its children) in the genogram's words.
    expected += [w[f"genogram.key.{k}"] for k in ("person.male", "person.female", "person.unknown",
                                                  "person.index", "person.deceased", "union.married",
                                                  "child.biological")]
    # (A label wrapped over two lines reads back without the space at the break: compare letters.)
    joined = ["".join(label.split()) for label in labels[1:]]
    assert sorted(joined) == sorted("".join(label.split()) for label in expected)
    # A case with only moderate ties and one kind lists only those, and the two people drawn.
    small = parse(draw(PERSON_CENTRE, lang=lang))
    labels = ["".join("".join(t.itertext()).split()) for t in parts(small, "sm-legend")[0].iter(f"{NS}text")]
    expected = [w["ecomap.strong"], w["ecomap.moderate"], w["ecomap.weak"], w["ecomap.flow"],
                w["ecomap.kind.work"], w["ecomap.kind.other"], w["genogram.key.person.unknown"],
                w["genogram.key.person.female"], w["genogram.key.person.index"]]
    assert sorted(labels[1:]) == sorted("".join(label.split()) for label in expected)


def test_indonesian_defaults() -> None:
    w = words("id")
    assert (w["ecomap.strong"], w["ecomap.moderate"], w["ecomap.flow"]) == ("Sangat Dekat", "Dekat", "Energi")
    assert w["ecomap.broken"] == "Terputus" and w["common.legend"] == "Keterangan"


def test_word_files_have_the_same_keys() -> None:
    ids = {k for k in words("id").table if k.startswith("ecomap.")}
    ens = {k for k in words("en").table if k.startswith("ecomap.")}
    assert ids == ens


def test_root_contract() -> None:
    root = parse(draw(HOUSEHOLD))
    assert root.get("data-diagram") == "ecomap" and root.get("data-case") == "HH"
    assert [local(c.tag) for c in root][:2] == ["title", "desc"]
    assert "Ecomap" in root.find(f"{NS}title").text
    for elem in root.iter():
        assert not any(k.startswith("on") for k in elem.attrib)
        assert "href" not in elem.attrib
    for child in root:
        assert child.get("transform") is None or child.get("transform").startswith("translate(")
    assert all("sm-system" in classes(p) for p in parts(root, "sm-system"))


def test_empty_ecomap_and_many_systems() -> None:
    empty = "socialmaps: 1\ncase: {id: E, client: a}\npeople: [{id: a, name: A, lives_with_client: true}]\n" \
            "ecomap: {center: household}\n"
    assert_quality(draw(empty))
    systems = "\n".join(f"    - {{id: x{i:02d}, name: System number {i} of many, kind: "
                        f"{('school', 'health', 'friends', 'work')[i % 4]}, size: {i % 3 + 1}}}"
                        for i in range(50))
    ties = "\n".join(f"    - {{from: center, to: x{i:02d}, strength: {('strong', 'weak')[i % 2]}}}"
                     for i in range(50))
    big = empty.replace("ecomap: {center: household}\n", "") + \
        f"ecomap:\n  center: household\n  systems:\n{systems}\n  ties:\n{ties}\n"
    assert_quality(draw(big), big)


# --------------------------------------------------------------------------- readability of texts

SEEDS = ["ms-2024", "s-2024", "ms-smk-2024", "milala-2025", "family-en"]
# Label-line crossings the seed examples may not get below, measured.  ms-smk-2024 (0 in the
# default style since MS stands in the middle of the centre, still 1 in the large style): the household
# in the centre is a tight small genogram and three strong ties leave MS up and to the right through
# the parents' descent lines; the note "sangat dekat" of MS-Ibu (inside the centre) has no place
# free of lines there, so it takes the one only the tie to Kakek crosses (with a leader to its own
# tie; it was crossed by two lines, the tie to Nenek and the sibling bar, until crossed places were
# told apart by how many lines run through them).  Every other seed reaches zero.
CROSSINGS_ALLOWED = {"ms-smk-2024": 1}


def _seg_box_distance(p: tuple[float, float], q: tuple[float, float], box: Box) -> float:
    if segment_box_hits(p, q, box) or box.contains_point(p) or box.contains_point(q):
        return 0.0
    corners = [(box.x0, box.y0), (box.x1, box.y0), (box.x1, box.y1), (box.x0, box.y1)]

    def point_box(c: tuple[float, float]) -> float:
        return _box_circle_distance(box, Circle(c[0], c[1], 0))

    def point_seg(c: tuple[float, float]) -> float:
        dx, dy = q[0] - p[0], q[1] - p[1]
        t = max(0.0, min(1.0, ((c[0] - p[0]) * dx + (c[1] - p[1]) * dy) / ((dx * dx + dy * dy) or 1.0)))
        return math.hypot(p[0] + t * dx - c[0], p[1] + t * dy - c[1])

    return min(point_box(p), point_box(q), *(point_seg(c) for c in corners))


def _tie_strokes(root: ET.Element, tie: ET.Element) -> list[tuple[tuple[float, float], tuple[float, float]]]:
    """The segments of a tie's line itself (its polylines), without arrowheads, bars or hatching."""
    offsets = _offsets(root)
    segs = []
    for elem in tie:
        if local(elem.tag) == "polyline":
            ox, oy = offsets[id(elem)]
            pts = [tuple(float(v) for v in p.split(",")) for p in elem.get("points").split()]
            segs.extend(itertools.pairwise([(x + ox, y + oy) for x, y in pts]))
    return segs


def ambiguous_notes_in(svg: str) -> list[str]:
    """Notes, measured on the SVG, whose own tie is not strictly the nearest line to their box,
    unless the tie group holds a leader (a line ending in a dot on the tie)."""
    root = parse(svg)
    ties = parts(root, "sm-tie")
    strokes = {id(t): _tie_strokes(root, t) for t in ties}
    out = []
    for tie in ties:
        if any(local(e.tag) == "circle" for e in tie):
            continue  # a leader shows which tie the note belongs to
        lines = text_lines(root, tie)
        if not lines:
            continue
        box = bounds([line.box for line in lines])
        mine = min(_seg_box_distance(p, q, box) for p, q in strokes[id(tie)])
        other = min((_seg_box_distance(p, q, box) for t in ties if t is not tie
                     for p, q in strokes[id(t)]), default=math.inf)
        if other <= mine:
            out.append(" ".join(line.text for line in lines))
    return out


@pytest.mark.parametrize("name", [*SEEDS, "ecomap-dense"])
@pytest.mark.parametrize("style", ["default", "print"])
def test_every_note_is_nearest_its_own_tie(name: str, style: str) -> None:
    # ms-2024 showed the fault: "kuat dan penuh energi" (the tie to SSH) sat beside Resty's line.
    drawing = render(load_case(ROOT / "examples" / f"{name}.yaml"), "ecomap", RenderOptions(style=style))
    assert ambiguous_notes_in(drawing.svg) == []
    assert drawing.metrics["ambiguous_notes"] == 0


@pytest.mark.parametrize("name", SEEDS)
@pytest.mark.parametrize("style", ["default", "print", "colorblind", "large"])
def test_labels_cross_no_lines_on_the_seed_examples(name: str, style: str) -> None:
    drawing = render(load_case(ROOT / "examples" / f"{name}.yaml"), "ecomap", RenderOptions(style=style))
    assert drawing.metrics["label_line_crossings"] <= CROSSINGS_ALLOWED.get(name, 0)


def test_dense_example_crossings_stay_few() -> None:
    # 30 systems of 40-letter names and 37 ties, many leaving from the four people of the centre:
    # their names below their symbols are crossed where ties fan out (measured 5; it was 10).
    drawing = render(load_case(DENSE), "ecomap", RenderOptions())
    assert drawing.metrics["label_line_crossings"] <= 5


def test_a_leader_runs_from_its_own_tie_to_its_note() -> None:
    """ms-2024: two notes sit by their lines with a short leader (measured: two leaders) that starts
    on its own tie's line and ends at the note.  (ms-smk-2024 had one, until its ring was ordered so
    that no two ties cross, which left its note a clean place; s-2024 had one too, until every name
    of a map went outside its circle.)"""
    drawing = render(load_case(ROOT / "examples" / "ms-2024.yaml"), "ecomap", RenderOptions())
    assert drawing.metrics["leaders"] >= 1
    root = parse(drawing.svg)
    offsets = _offsets(root)
    led = [t for t in parts(root, "sm-tie") if any(local(e.tag) == "circle" for e in t)]
    assert len(led) == drawing.metrics["leaders"]
    for tie in led:
        dot = next(e for e in tie if local(e.tag) == "circle")
        ox, oy = offsets[id(dot)]
        start = Box(float(dot.get("cx")) + ox, float(dot.get("cy")) + oy,
                    float(dot.get("cx")) + ox, float(dot.get("cy")) + oy)
        assert min(_seg_box_distance(p, q, start) for p, q in _tie_strokes(root, tie)) < 0.5
        note = text_lines(root, tie)
        assert note, "a leader always points at a note"
        leader = next(e for e in tie if local(e.tag) == "line" and e.get("x1") == dot.get("cx"))
        end = (float(leader.get("x2")) + ox, float(leader.get("y2")) + oy)
        assert min(_box_circle_distance(n.box, Circle(*end, 0)) for n in note) < 2.0 + TOL  # 0.15 em short
