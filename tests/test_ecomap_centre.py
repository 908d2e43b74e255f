"""The household in the centre of the ecomap: ties leave its edge, cross nothing of its small
genogram, arrowheads stay outside; each union's children have their own sibling line; the legend
names the centre's symbols.  Measured on the SVG (our own geometry) and with the shared checker, on
the examples and on generated households (tests/householdgen.py)."""

from __future__ import annotations

import functools
import itertools
import json
import math
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml

from householdgen import generate_household
from socialmaps import RenderOptions, load_case, load_text, render
from socialmaps.geometry import Box, Point

from conftest import EXAMPLES, SHARED
from svgread import NS, classes, local, parse, parts, placed, shape_box

TOL = 0.5
SEEDS = range(24)
# The corners of the brief: 2 and 9 people at home, 5 and 25 systems.
EXTREMES = [(100, 2, 5), (101, 2, 25), (102, 9, 5), (103, 9, 25), (104, 9, 25), (105, 5, 25)]
HOUSEHOLD_EXAMPLES = [p for p in EXAMPLES if "center: household" in p.read_text(encoding="utf-8")]
ECOMAP_EXAMPLES = [p for p in EXAMPLES if "ecomap:" in p.read_text(encoding="utf-8")]
CHECKER = SHARED / "tools" / "svgcheck.py"
ROOT_EXAMPLES = EXAMPLES[0].parent


def household_text(seed: int, members: int | None = None, systems: int | None = None) -> str:
    return yaml.safe_dump(generate_household(seed, members, systems), sort_keys=False)


@functools.lru_cache(maxsize=128)
def draw(text: str, style: str = "default") -> str:
    """The ecomap's SVG (kept: several tests measure the same generated households)."""
    return render(load_text(text), "ecomap", RenderOptions(style=style)).svg


# --------------------------------------------------------------------------- reading the SVG

Segment = tuple[Point, Point]


def _points(elem: ET.Element, offset: tuple[float, float]) -> list[Point]:
    """The vertices of a polyline, polygon, line or straight path (M/L only), on the page."""
    ox, oy = offset
    tag = local(elem.tag)
    if tag == "line":
        return [(float(elem.get("x1")) + ox, float(elem.get("y1")) + oy),
                (float(elem.get("x2")) + ox, float(elem.get("y2")) + oy)]
    if tag in ("polyline", "polygon"):
        pts = [tuple(float(v) for v in p.split(",")) for p in elem.get("points").split()]
        out = [(x + ox, y + oy) for x, y in pts]
        return out + out[:1] if tag == "polygon" else out
    if tag == "path":
        d = elem.get("d", "")
        assert re.fullmatch(r"[ML\d\s.,-]+", d), "only straight paths are read here"
        # Each "M" starts a new piece: a gap between pieces is not a line.
        return [(float(x) + ox, float(y) + oy) for x, y in re.findall(r"(-?[\d.]+)[ ,](-?[\d.]+)", d)]
    return []


def _path_pieces(elem: ET.Element, offset: tuple[float, float]) -> list[list[Point]]:
    if local(elem.tag) != "path":
        return [_points(elem, offset)]
    ox, oy = offset
    pieces = []
    for piece in re.split(r"M", elem.get("d", ""))[1:]:
        nums = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", piece)]
        pieces.append([(x + ox, y + oy) for x, y in zip(nums[0::2], nums[1::2], strict=True)])
    return pieces


def own_elements(part: ET.Element) -> list[ET.Element]:
    """What the centre draws itself (its lines, at any depth: a union's lines are grouped), not its
    people's symbols nor the ties."""
    out = []
    for elem in part:
        if classes(elem) & {"sm-tie", "sm-person"}:
            continue
        out.append(elem)
        if local(elem.tag) == "g":
            out.extend(own_elements(elem))
    return out


class Centre:
    """The household circle of an ecomap SVG, its genogram lines and its members' symbols, and every
    tie's drawn line and arrowheads, in page coordinates."""

    def __init__(self, svg: str) -> None:
        self.root = parse(svg)
        offsets = {id(e): off for e, off in placed(self.root)}
        self.part = parts(self.root, "sm-center")[0]
        circle = next(c for c in self.part if local(c.tag) == "circle")
        ox, oy = offsets[id(circle)]
        self.cx, self.cy = float(circle.get("cx")) + ox, float(circle.get("cy")) + oy
        self.r = float(circle.get("r"))
        self.members = set(self.part.get("data-members").split())
        # The centre's own lines: what it draws outside its people and ties.
        self.lines: list[Segment] = []
        for elem in own_elements(self.part):
            if local(elem.tag) in ("polyline", "path", "line"):
                for piece in _path_pieces(elem, offsets[id(elem)]):
                    self.lines.extend(itertools.pairwise(piece))
        self.symbols: dict[str, Box] = {}
        for person in parts(self.part, "sm-person"):
            shape = next(c for c in person if local(c.tag) in ("rect", "circle", "polygon"))
            box = shape_box(shape, offsets[id(shape)])
            assert box is not None
            self.symbols[person.get("data-id")] = box
        # Each tie: its ends, its line (open shapes longer than an arrowhead) and its arrowheads.
        self.ties: list[tuple[str, str, list[list[Point]], list[list[Point]]]] = []
        for tie in parts(self.root, "sm-tie"):
            lines, heads = [], []
            for elem in tie:
                tag = local(elem.tag)
                if tag == "polyline":
                    pts = _points(elem, offsets[id(elem)])
                    if _length(pts) > 12:
                        lines.append(pts)
                elif tag == "line" and elem.get("stroke-width") is not None:
                    pts = _points(elem, offsets[id(elem)])
                    if _length(pts) > 12:
                        lines.append(pts)  # a leader
                elif tag == "polygon":
                    heads.append(_points(elem, offsets[id(elem)]))
            self.ties.append((tie.get("data-from"), tie.get("data-to"), lines, heads))

    def inside(self, p: Point, by: float = 0.0) -> bool:
        return math.hypot(p[0] - self.cx, p[1] - self.cy) < self.r - by


def _length(pts: list[Point]) -> float:
    return sum(math.dist(p, q) for p, q in itertools.pairwise(pts))


def _cross(p1: Point, p2: Point, q1: Point, q2: Point) -> bool:
    """Whether two segments cross inside both (touching at an end, or running on each other, is not
    crossing): the sides of each segment's ends as seen along the other."""
    def side(a: Point, b: Point, c: Point) -> float:
        return (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])
    eps = 1e-6 * max(1.0, math.dist(p1, p2) * math.dist(q1, q2))
    d1, d2 = side(q1, q2, p1), side(q1, q2, p2)
    d3, d4 = side(p1, p2, q1), side(p1, p2, q2)
    return d1 * d2 < -eps * eps and d3 * d4 < -eps * eps and \
        min(abs(d1), abs(d2)) > 0.05 * math.dist(q1, q2) and min(abs(d3), abs(d4)) > 0.05 * math.dist(p1, p2)


def _enters(p: Point, q: Point, box: Box) -> bool:
    """Whether segment pq runs into the box shrunk by TOL (sampled finely)."""
    inner = box.expand(-TOL)
    steps = max(2, int(math.dist(p, q) / 0.5))
    return any(inner.contains_point((p[0] + (q[0] - p[0]) * i / steps, p[1] + (q[1] - p[1]) * i / steps))
               for i in range(steps + 1))


def centre_faults(svg: str) -> list[str]:
    """What the brief forbids, measured on the SVG: a tie crossing a line of the centre's genogram or
    running through a member it does not join; a member's tie to the outside that comes back into the
    circle after leaving it; an arrowhead of such a tie inside the circle."""
    c = Centre(svg)
    faults = []
    for a, b, lines, heads in c.ties:
        name = f"{a}->{b}"
        for line in lines:
            for p, q in itertools.pairwise(line):
                if any(_cross(p, q, s, t) for s, t in c.lines):
                    faults.append(f"{name} crosses the centre's genogram")
                for member, box in c.symbols.items():
                    if member not in (a, b) and _enters(p, q, box):
                        faults.append(f"{name} runs through {member}")
        outward = (a in c.members) != (b in c.members) and "center" not in (a, b)
        if outward and lines:
            line = lines[0] if a in c.members else lines[0][::-1]
            states = [c.inside(p, TOL) for p in line]
            if any(later and not earlier for earlier, later in itertools.pairwise(states)):
                faults.append(f"{name} comes back into the centre")
            for head in heads:
                if any(c.inside(p, TOL) for p in head):
                    faults.append(f"{name} has an arrowhead inside the centre")
    return faults



# The longest stub a member's tie may run inside the centre before its rim, in radii.  The layout
# measures at most 1.05 on the examples and generated households (1.58 before members faced their
# systems); drawn, the side lines of a strong tie run a little longer round a bend (1.14 at most).
STUB_LIMIT = 1.2


def stub_inside(c: Centre, line: list[Point]) -> float:
    """How far a line starting inside the centre runs before it first reaches the rim, in radii."""
    run = 0.0
    for p, q in itertools.pairwise(line):
        if not c.inside(q):
            # The piece up to the rim: the nearer root of |p + t (q - p) - middle| = r.
            dx, dy = q[0] - p[0], q[1] - p[1]
            fx, fy = p[0] - c.cx, p[1] - c.cy
            a, b, k = dx * dx + dy * dy, 2 * (fx * dx + fy * dy), fx * fx + fy * fy - c.r * c.r
            t = (-b + math.sqrt(max(0.0, b * b - 4 * a * k))) / (2 * a) if a else 0.0
            return (run + max(0.0, min(1.0, t)) * math.sqrt(a)) / c.r
        run += math.dist(p, q)
    return run / c.r


def longest_stub(svg: str) -> float:
    """The longest way a member's tie to the outside runs inside the centre, in radii (the SVG's)."""
    c = Centre(svg)
    out = 0.0
    for a, b, lines, _heads in c.ties:
        if (a in c.members) != (b in c.members) and "center" not in (a, b) and lines:
            out = max(out, stub_inside(c, lines[0] if a in c.members else lines[0][::-1]))
    return out


def checker_metrics(files: list[Path], case: Path | None = None) -> list[dict]:
    args = [sys.executable, str(CHECKER), "--json", *(["--case", str(case)] if case else []),
            *map(str, files)]
    run = subprocess.run(args, capture_output=True, text=True, timeout=600)
    return [json.loads(line) for line in run.stdout.splitlines() if line.startswith("{")]


needs_checker = pytest.mark.skipif(not CHECKER.is_file(), reason="shared checker not found")


# --------------------------------------------------------------------------- the generator itself

def test_generated_households_span_the_brief() -> None:
    cases = [generate_household(s) for s in SEEDS] + [generate_household(*e) for e in EXTREMES]
    sizes = [sum(p["lives_with_client"] for p in case["people"]) for case in cases]
    assert min(sizes) == 2 and max(sizes) == 9
    systems = [len(case["ecomap"]["systems"]) for case in cases]
    assert min(systems) == 5 and max(systems) == 25
    tying = []
    for case in cases:
        home = {p["id"] for p in case["people"] if p["lives_with_client"]}
        tying.append(len({e for t in case["ecomap"]["ties"] for e in (t["from"], t["to"])
                          if e in home and {t["from"], t["to"]} - home}))
    assert max(tying) == 5 and min(tying) >= 1
    names = {p["name"] for case in cases for p in case["people"]}
    assert {"Stepfather", "Grandma", "Grandpa", "Father"} <= names
    assert generate_household(7) == generate_household(7)


# --------------------------------------------------------------------------- ties and the centre

@pytest.mark.parametrize("seed", SEEDS)
def test_generated_household_ties_leave_by_the_edge(seed: int) -> None:
    for style in ("default", "print"):
        svg = draw(household_text(seed), style)
        assert centre_faults(svg) == []
        assert longest_stub(svg) <= STUB_LIMIT


@pytest.mark.parametrize(("seed", "members", "systems"), EXTREMES)
def test_extreme_households_ties_leave_by_the_edge(seed: int, members: int, systems: int) -> None:
    for style in ("default", "print"):
        svg = draw(household_text(seed, members, systems), style)
        assert centre_faults(svg) == []
        assert longest_stub(svg) <= STUB_LIMIT


@pytest.mark.parametrize("path", HOUSEHOLD_EXAMPLES, ids=lambda p: p.stem)
@pytest.mark.parametrize("style", ["default", "print", "large"])
def test_example_ties_leave_by_the_edge(path: Path, style: str) -> None:
    svg = render(load_case(path), "ecomap", RenderOptions(style=style)).svg
    assert centre_faults(svg) == []
    assert longest_stub(svg) <= STUB_LIMIT


def test_a_tie_across_the_centre_is_a_long_stub() -> None:
    """The measure itself: from a member beside the rim across to the far side is nearly two radii;
    one straight out from the middle is one."""
    c = Centre(render(load_case(HOUSEHOLD_EXAMPLES[0]), "ecomap", RenderOptions()).svg)
    across = [(c.cx - 0.9 * c.r, c.cy), (c.cx + 2 * c.r, c.cy)]
    assert stub_inside(c, across) == pytest.approx(1.9)
    out = [(c.cx, c.cy), (c.cx, c.cy - 0.5 * c.r), (c.cx, c.cy - 3 * c.r)]
    assert stub_inside(c, out) == pytest.approx(1.0)


def test_the_busiest_member_faces_every_system() -> None:
    """ms-smk-2024: MS holds six of the ties outside, to systems all round the ring; none of them
    crosses the household to the far side (each leaves within a radius of MS)."""
    svg = render(load_case(ROOT_EXAMPLES / "ms-smk-2024.yaml"), "ecomap", RenderOptions()).svg
    assert longest_stub(svg) <= 1.0


def test_the_faults_are_seen() -> None:
    """The measure finds what it is meant to: a tie drawn straight from the client, a child, to a
    point far above the centre crosses the parents' lines."""
    root = parse(draw(STEP_FAMILY))
    centre = parts(root, "sm-center")[0]
    group = next(g for g in root.iter() if any(child is centre for child in g))
    client = next(p for p in parts(centre, "sm-person") if p.get("data-index") == "true")
    shape = next(c for c in client if local(c.tag) in ("rect", "circle", "polygon"))
    box = shape_box(shape)
    assert box is not None
    r = float(next(c for c in centre if local(c.tag) == "circle").get("r"))
    tie = ET.SubElement(group, f"{NS}g", {"class": "sm-tie", "data-from": client.get("data-id"),
                                          "data-to": "far"})
    line = f"{box.center[0]},{box.center[1]} {box.center[0] + 0.3 * r},{-3 * r}"
    ET.SubElement(tie, f"{NS}polyline", {"points": line, "fill": "none", "stroke": "#000"})
    faults = centre_faults(ET.tostring(root, encoding="unicode"))
    assert any("crosses the centre's genogram" in f for f in faults)


@needs_checker
def test_checker_finds_no_tie_through_the_centre(tmp_path: Path) -> None:
    # The checker reads a file in about half a second: a third of the seeds in one style and the
    # corners of the brief in another (our own measure covers them all, in both).
    files = []
    for seed in SEEDS[::3]:
        path = tmp_path / f"hh{seed}.svg"
        path.write_text(draw(household_text(seed)), encoding="utf-8")
        files.append(path)
    for seed, members, systems in EXTREMES:
        path = tmp_path / f"hh{seed}-print.svg"
        path.write_text(draw(household_text(seed, members, systems), "print"), encoding="utf-8")
        files.append(path)
    results = checker_metrics(files)
    assert len(results) == len(files)
    through = [v for r in results for v in r["violations"] if "tie-through-center" in v]
    assert through == []
    assert all(r["metrics"]["center_crossings"] == 0 for r in results)


@needs_checker
@pytest.mark.parametrize("path", ECOMAP_EXAMPLES, ids=lambda p: p.stem)
def test_checker_accepts_every_example_in_every_style(path: Path, tmp_path: Path) -> None:
    files = []
    for style in ("default", "print", "large"):
        out = tmp_path / f"{path.stem}-{style}.svg"
        out.write_text(render(load_case(path), "ecomap", RenderOptions(style=style)).svg, encoding="utf-8")
        files.append(out)
    results = checker_metrics(files, path)
    assert [r["violations"] for r in results] == [[], [], []]


def test_members_face_their_systems() -> None:
    """A member's tie leaves the rim on the side of its system: over generated households, the
    angle at the centre between where a tie leaves the rim and its system is small for most ties
    (measured: median 22 degrees, 9 in 10 under 70)."""
    angles = []
    for seed in SEEDS:
        c = Centre(draw(household_text(seed)))
        systems = {p.get("data-id"): p for p in parts(c.root, "sm-system")}
        offsets = {id(e): off for e, off in placed(c.root)}
        for a, b, lines, _heads in c.ties:
            other = b if a in c.members else a if b in c.members else None
            if other not in systems or not lines:
                continue
            line = lines[0] if a in c.members else lines[0][::-1]
            leave = next(p for p in line if not c.inside(p, TOL))
            circle = next(e for e in systems[other] if local(e.tag) == "circle")
            ox, oy = offsets[id(circle)]
            sx, sy = float(circle.get("cx")) + ox, float(circle.get("cy")) + oy
            turn = math.atan2(leave[1] - c.cy, leave[0] - c.cx) - math.atan2(sy - c.cy, sx - c.cx)
            angles.append(abs((turn + math.pi) % (2 * math.pi) - math.pi))
    angles.sort()
    assert len(angles) > 100
    assert angles[len(angles) // 2] < math.radians(35)
    assert angles[int(0.9 * len(angles))] < math.radians(90)


# --------------------------------------------------------------------------- the small genogram

STEP_FAMILY = """\
socialmaps: 1
case: {id: STEP, language: en, client: kid1}
people:
  - {id: mum, name: Mum, sex: female, born: 1980, lives_with_client: true}
  - {id: dad, name: Dad, sex: male, born: 1978}
  - {id: step, name: Step, sex: male, born: 1979, lives_with_client: true}
  - {id: kid1, name: Ana, sex: female, born: 2006, lives_with_client: true}
  - {id: kid2, name: Budi, sex: male, born: 2008, lives_with_client: true}
  - {id: kid3, name: Citra, sex: female, born: 2016, lives_with_client: true}
  - {id: kid4, name: Dodi, sex: male, born: 2019, lives_with_client: true}
unions:
  - {id: u1, partners: [dad, mum], status: divorced, children: [kid1, kid2]}
  - {id: u2, partners: [mum, step], type: cohabiting, children: [kid3]}
  - {id: u3, partners: [mum], children: [{id: kid4, relation: adopted}]}
ecomap:
  center: household
  systems:
    - {id: school, name: School, kind: school}
    - {id: work, name: Work, kind: work}
  ties:
    - {from: kid1, to: school}
    - {from: step, to: work}
    - {from: kid1, to: dad, strength: weak}
"""


def _centre_lines(svg: str) -> tuple[Centre, list[tuple[ET.Element, list[Point]]]]:
    c = Centre(svg)
    offsets = {id(e): off for e, off in placed(c.root)}
    lines = [(e, _points(e, offsets[id(e)])) for e in own_elements(c.part) if local(e.tag) == "polyline"]
    return c, lines


def _touch(a: list[Point], b: list[Point]) -> bool:
    """Whether two polylines meet (an end of one on the other)."""
    def near(p: Point, line: list[Point]) -> bool:
        for s, t in itertools.pairwise(line):
            dx, dy = t[0] - s[0], t[1] - s[1]
            k = 0.0 if dx == dy == 0 else max(0.0, min(1.0, ((p[0] - s[0]) * dx + (p[1] - s[1]) * dy)
                                                       / (dx * dx + dy * dy)))
            if math.dist(p, (s[0] + k * dx, s[1] + k * dy)) < TOL:
                return True
        return False
    return any(near(p, b) for p in (a[0], a[-1])) or any(near(p, a) for p in (b[0], b[-1]))


def test_each_union_has_its_own_sibling_line() -> None:
    """Mum's children by an absent father, by the stepfather and by herself alone hang from three
    line groups that do not meet: the absent father's children do not look like the stepfather's."""
    c, lines = _centre_lines(draw(STEP_FAMILY))
    groups: list[set[int]] = [{i} for i in range(len(lines))]
    for i, j in itertools.combinations(range(len(lines)), 2):
        if _touch(lines[i][1], lines[j][1]):
            gi = next(g for g in groups if i in g)
            gj = next(g for g in groups if j in g)
            if gi is not gj:
                gi |= gj
                groups.remove(gj)

    def group_of(kid: str) -> int:
        box = c.symbols[kid]
        hit = [k for k, g in enumerate(groups) for i in g
               if math.dist(lines[i][1][-1], (box.center[0], box.y0)) < 1.0]
        assert len(hit) == 1, kid
        return hit[0]

    assert group_of("kid1") == group_of("kid2")
    assert len({group_of("kid1"), group_of("kid3"), group_of("kid4")}) == 3
    # As in the genogram (its engine lays the centre out): the stepfather beside Mum on her right,
    # the absent father's line, and his children, on her left.
    mum = c.symbols["mum"].center[0]
    assert c.symbols["step"].center[0] > mum
    assert c.symbols["kid1"].center[0] < mum and c.symbols["kid2"].center[0] < mum


def test_centre_lines_in_the_genogram_forms() -> None:
    c, lines = _centre_lines(draw(STEP_FAMILY))
    forms = {e.get("data-line"): e for e, _pts in lines if e.get("data-line")}
    assert forms["cohabiting"].get("stroke-dasharray")      # living together: dashed
    assert not forms["married"].get("stroke-dasharray")     # the divorced marriage: solid ...
    slashes = [e for e in own_elements(c.part) if local(e.tag) == "path" and e.get("data-mark") == "divorced"]
    assert len(slashes) == 1                                 # ... with the divorce's two slashes
    assert forms["adopted"].get("stroke-dasharray")         # adopted: a dashed descent
    assert forms["biological"].get("stroke-dasharray") is None


def test_legend_names_the_centre_symbols() -> None:
    root = parse(draw(STEP_FAMILY))
    legend = parts(root, "sm-legend")[0]
    labels = {"".join(t.itertext()).replace(" ", "") for t in legend.iter(f"{NS}text")}
    for word in ("Male", "Female", "Client(indexperson)", "Livingtogether", "Married", "Divorced",
                 "Adoptedchild", "Biologicalchild"):
        assert word in labels


def test_centre_at_least_as_large_as_the_largest_system() -> None:
    for path in ECOMAP_EXAMPLES:
        root = parse(render(load_case(path), "ecomap", RenderOptions()).svg)
        centre = next(float(e.get("r")) for e in parts(root, "sm-center")[0] if local(e.tag) == "circle")
        systems = [float(e.get("r")) for p in parts(root, "sm-system") for e in p if local(e.tag) == "circle"]
        assert centre >= max(systems, default=0.0) - TOL, path.stem


def test_a_household_with_nobody_at_home_is_an_empty_circle() -> None:
    text = """\
socialmaps: 1
case: {id: EMPTY, language: en}
ecomap:
  center: household
  systems: [{id: a, name: Alpha, size: 3}]
  ties: [{from: center, to: a}]
"""
    root = parse(draw(text))
    centre = parts(root, "sm-center")[0]
    assert parts(centre, "sm-person") == []
    r = float(next(e for e in centre if local(e.tag) == "circle").get("r"))
    system = float(next(e for e in parts(root, "sm-system")[0] if local(e.tag) == "circle").get("r"))
    assert r >= system - TOL


@pytest.mark.parametrize("path", ECOMAP_EXAMPLES, ids=lambda p: p.stem)
@pytest.mark.parametrize("style", ["default", "print", "large"])
def test_every_note_is_nearer_its_tie_than_other_lines_and_circles(path: Path, style: str) -> None:
    """ms-2024 showed the fault: "tidak ada masalah besar" (MS-Nova) sat beside Rety's circle and
    "biasa saja, berbeda pandangan" (MS-SSJ) beside the pembina's; each now has a leader."""
    drawing = render(load_case(path), "ecomap", RenderOptions(style=style))
    assert drawing.metrics["notes_nearer_other"] == 0


def test_notes_by_their_ties_in_generated_households() -> None:
    drawings = [render(load_text(household_text(seed)), "ecomap", RenderOptions()) for seed in SEEDS]
    unclear = [d for d in drawings if d.metrics["notes_nearer_other"]]
    # Measured: none of 24 (one, seed 1, before a note inside the centre looked for a place where
    # no line of the centre's genogram is as near as its own tie); one is allowed for: a note of a
    # tie between two members whose leader would cross another line.
    assert len(unclear) <= 1


# --------------------------------------------------------------------------- a scattered household

SCATTERED = """\
socialmaps: 1
case: {id: SCATTER, language: en, client: kid}
people:
  - {id: gpa, name: Grandpa, sex: male, born: 1950, died: 2015}
  - {id: gma, name: Grandma, sex: female, born: 1952, lives_with_client: true}
  - {id: mum, name: Mother, sex: female, born: 1980}
  - {id: dad, name: Father, sex: male, born: 1978}
  - {id: uncle, name: Uncle Budi, sex: male, born: 1976, lives_with_client: true}
  - {id: aunt, name: Aunt Sari, sex: female, born: 1979, lives_with_client: true}
  - {id: kid, name: Ana, sex: female, born: 2014, lives_with_client: true}
  - {id: twin, name: Ani, sex: female, born: 2014, lives_with_client: true}
  - {id: c1, name: Cousin Dewi, sex: female, born: 2005, lives_with_client: true}
  - {id: c2, name: Cousin Eko, sex: male, born: 2009, lives_with_client: true}
unions:
  - {id: u0, partners: [gpa, gma], children: [uncle, mum]}
  - {id: u1, partners: [dad, mum], status: divorced, children: [kid, twin],
     twins: [{members: [kid, twin], kind: identical}]}
  - {id: u2, partners: [uncle, aunt], children: [c1, c2]}
ecomap:
  center: household
  systems:
    - {id: school, name: School, kind: school}
    - {id: clinic, name: Clinic, kind: health}
    - {id: work, name: Factory, kind: work}
    - {id: church, name: Church, kind: religion}
    - {id: friends, name: Friends, kind: friends}
    - {id: dadp, name: Father, kind: family}
  ties:
    - {from: kid, to: school, strength: strong}
    - {from: kid, to: dadp, strength: weak}
    - {from: twin, to: school}
    - {from: gma, to: clinic, stress: true}
    - {from: gma, to: church}
    - {from: uncle, to: work}
    - {from: c1, to: friends}
    - {from: aunt, to: church}
"""

# How much longer than the way from a member straight to the nearest rim its stub may be, in
# radii: a stub that crosses the centre to its far side runs a radius or more longer.
ACROSS_LIMIT = 0.3


def stub_detours(svg: str) -> dict[str, float]:
    """Per tie from a member to the outside, how much longer its stub is than the member's own
    distance to the rim, in radii."""
    c = Centre(svg)
    out = {}
    for a, b, lines, _heads in c.ties:
        if (a in c.members) == (b in c.members) or "center" in (a, b) or not lines:
            continue
        member = a if a in c.members else b
        line = lines[0] if a in c.members else lines[0][::-1]
        x, y = c.symbols[member].center
        nearest = (c.r - math.hypot(x - c.cx, y - c.cy)) / c.r
        out[f"{a}->{b}"] = stub_inside(c, line) - nearest
    return out


@pytest.mark.parametrize("style", ["default", "print", "large"])
def test_a_scattered_household_ties_leave_by_the_nearest_edge(style: str) -> None:
    """A child client and her twin whose parents live elsewhere, their grandmother, and their
    uncle's family: the twins stand in the cousins' row (their generation, though no line joins
    them to anyone at home); no tie crosses the centre to leave it (before, the client's tie to
    school ran 0.6 radii past her nearest edge, and the twin's through the cousins' row)."""
    svg = draw(SCATTERED, style)
    assert centre_faults(svg) == []
    detours = stub_detours(svg)
    assert len(detours) == 8
    assert max(detours.values()) <= ACROSS_LIMIT, detours
    c = Centre(svg)
    assert c.symbols["kid"].center[1] == pytest.approx(c.symbols["c1"].center[1])
    assert c.symbols["twin"].center[1] == pytest.approx(c.symbols["c2"].center[1])
    assert c.symbols["uncle"].center[1] < c.symbols["c1"].center[1]


# --------------------------------------------------------------------------- one way out each

def rim_exits(svg: str) -> list[tuple[str, Point]]:
    """(member, point) where each member's tie to the outside crosses the centre's rim."""
    c = Centre(svg)
    out = []
    for a, b, lines, _heads in c.ties:
        if (a in c.members) != (b in c.members) and "center" not in (a, b) and lines:
            line = lines[0] if a in c.members else lines[0][::-1]
            q = next((q for q in line if not c.inside(q)), None)
            if q is not None:
                out.append((a if a in c.members else b, q))
    return out


BLENDED = """
socialmaps: 1
case: {id: BLENDED, title: Client J, language: en, client: j, date: 2025-09}
people:
  - {id: mom, name: Karen Hale, sex: female, born: 1978, lives_with_client: true}
  - {id: dad, name: Mark Ortiz, sex: male, born: 1976}
  - {id: step, name: Greg Lamb, sex: male, born: 1974, lives_with_client: true}
  - {id: stepex, name: Dana Lamb, sex: female, born: 1976}
  - {id: sb1, name: Tyler Lamb, sex: male, born: 2004, lives_with_client: true}
  - {id: j, name: Jordan Ortiz, sex: male, born: 2011, lives_with_client: true}
  - {id: jsis, name: Ava Ortiz, sex: female, born: 2008, lives_with_client: true}
  - {id: half3, name: Ella Lamb, sex: female, born: 2022, lives_with_client: true}
unions:
  - {id: u3, partners: [dad, mom], type: married, status: divorced, start: 2006, end: 2014,
     children: [jsis, j]}
  - {id: u5, partners: [step, mom], type: cohabiting, start: 2016, children: [half3]}
  - {id: u6, partners: [step, stepex], type: married, status: divorced, start: 2002, end: 2012,
     children: [sb1]}
ecomap:
  center: household
  systems:
    - {id: school, name: Lincoln Middle School, kind: school, size: 2}
    - {id: church, name: St. Mark Church, kind: religion}
    - {id: clinic, name: Family Health Clinic, kind: health}
    - {id: work, name: Greg's workplace, kind: work}
    - {id: soccer, name: Youth soccer club, kind: recreation}
    - {id: dadhome, name: Father's household, kind: family, size: 2}
  ties:
    - {from: j, to: school, strength: weak, stress: true}
    - {from: mom, to: church, strength: strong}
    - {from: mom, to: clinic, strength: moderate, flow: to, note: depression care}
    - {from: step, to: work, strength: strong, stress: true}
    - {from: sb1, to: soccer, strength: strong}
    - {from: j, to: dadhome, strength: broken}
    - {from: jsis, to: school, strength: strong}
    - {from: half3, to: clinic, strength: moderate}
"""


@pytest.mark.parametrize("text", [BLENDED, *(household_text(s) for s in range(8))],
                         ids=["blended", *(f"seed{s}" for s in range(8))])
def test_two_members_ties_never_leave_the_centre_by_one_point(text: str) -> None:
    """The mother's tie to the clinic (across the centre: the clinic faces her youngest) and the
    stepfather's to his work left the rim at one point, read as one line forking; each member's
    ties now leave a stub's spacing away from every other member's."""
    exits = rim_exits(draw(text))
    assert len(exits) >= 2
    close = [(a, b, round(math.dist(p, q), 1)) for (a, p), (b, q) in itertools.combinations(exits, 2)
             if a != b and math.dist(p, q) < 12.0]
    assert close == []
