"""Life road map: events on the right side of the road in time order, a wave that
crosses the road only between a good and a bad event, and labels that overlap
nothing.  Checked on the drawn SVG (measured as a reader of the file would)
and on the layout, for the examples and for random lives."""

from __future__ import annotations

import itertools
import random
import re
import tomllib
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

import pytest

from socialmaps import text as tm
from socialmaps.diagrams.lifemap.draw import when_attr
from socialmaps.diagrams.lifemap.layout import LifemapLayout, layout, pchip, spread, with_zero_knots
from socialmaps.drawing import Context
from socialmaps.errors import CaseError
from socialmaps.geometry import Box, segment_box_hits
from socialmaps.lang import words
from socialmaps.loader import load_case, load_text
from socialmaps.model import Case
from socialmaps.options import RenderOptions
from socialmaps.render import applicable, render
from socialmaps.style import load_style

ROOT = Path(__file__).resolve().parent.parent


def _lifemap_examples() -> list[Path]:
    """Examples that draw a life road (an invalid example is another test's business)."""
    found = []
    for path in sorted((ROOT / "examples").glob("*.yaml")):
        try:
            case = load_case(path)
        except Exception:
            continue
        if "lifemap" in applicable(case):
            found.append(path)
    return found


EXAMPLES = _lifemap_examples()
NS = "{http://www.w3.org/2000/svg}"
TOL = 0.01


# --------------------------------------------------------------------------- reading the SVG

@dataclass
class DrawnEvent:
    when: float
    valence: float
    centre: tuple[float, float]
    marker: Box
    leader: tuple[tuple[float, float], tuple[float, float]]
    texts: list[Box]


def _num(elem: ET.Element, name: str) -> float:
    return float(elem.get(name, "0"))


def _classes(elem: ET.Element) -> set[str]:
    return set((elem.get("class") or "").split())


def _text_boxes(text: ET.Element) -> list[Box]:
    size = _num(text, "font-size")
    anchor = text.get("text-anchor", "start")
    bold = text.get("font-weight") == "bold"
    spans = list(text.iter(f"{NS}tspan"))
    if not spans:
        return [tm.line_box(_num(text, "x"), _num(text, "y"), text.text or "", size, anchor, bold)]
    return [tm.line_box(_num(s, "x"), _num(s, "y"), s.text or "", size, anchor, bold) for s in spans]


def _points(value: str) -> list[tuple[float, float]]:
    numbers = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", value)]
    return list(zip(numbers[0::2], numbers[1::2], strict=True))


def _marker(group: ET.Element) -> tuple[tuple[float, float], Box]:
    for child in group:
        if child.tag == f"{NS}circle":
            cx, cy, r = _num(child, "cx"), _num(child, "cy"), _num(child, "r")
            return (cx, cy), Box(cx - r, cy - r, cx + r, cy + r)
        if child.tag == f"{NS}polygon":
            pts = _points(child.get("points", ""))
            xs, ys = [p[0] for p in pts], [p[1] for p in pts]
            box = Box(min(xs), min(ys), max(xs), max(ys))
            return box.center, box
    raise AssertionError("event without a marker")


@dataclass
class Drawn:
    root: ET.Element
    road_y: float
    road_x: tuple[float, float]
    events: list[DrawnEvent]
    hopes: list[DrawnEvent]
    all_texts: list[Box]
    legend: Box
    width: float
    height: float


def read(svg: str) -> Drawn:
    root = ET.fromstring(svg.encode("utf-8"))
    assert root.get("data-diagram") == "lifemap"
    roads = [e for e in root.iter() if "sm-road" in _classes(e)]
    assert len(roads) == 1
    road_path = roads[0].find(f"{NS}path")
    assert road_path is not None
    (x0, y0), (x1, y1) = _points(road_path.get("d", ""))
    assert y0 == y1, "the road is a straight horizontal line"

    def parts(cls: str) -> list[DrawnEvent]:
        out = []
        for g in root.iter(f"{NS}g"):
            if cls not in _classes(g):
                continue
            centre, box = _marker(g)
            line = g.find(f"{NS}line")
            assert line is not None
            leader = ((_num(line, "x1"), _num(line, "y1")), (_num(line, "x2"), _num(line, "y2")))
            texts = [b for t in g.iter(f"{NS}text") for b in _text_boxes(t)]
            out.append(DrawnEvent(float(g.get("data-when", "nan")), float(g.get("data-valence", "1")),
                                  centre, box, leader, texts))
        return out

    legend = next(g for g in root.iter(f"{NS}g") if "sm-legend" in _classes(g))
    frame = legend.find(f"{NS}rect")
    assert frame is not None
    legend_box = Box(_num(frame, "x"), _num(frame, "y"), _num(frame, "x") + _num(frame, "width"),
                     _num(frame, "y") + _num(frame, "height"))
    all_texts = [b for t in root.iter(f"{NS}text") for b in _text_boxes(t)]
    w, h = (float(v) for v in root.get("viewBox", "").split()[2:])
    return Drawn(root, y0, (x0, x1), parts("sm-event"), parts("sm-hope"), all_texts, legend_box, w, h)


def assert_well_drawn(svg: str, case: Case) -> Drawn:
    d = read(svg)
    assert case.lifemap is not None
    assert len(d.events) == len(case.lifemap.events)
    assert len(d.hopes) == len(case.lifemap.hopes)
    # Good events above the road, bad below.
    for e in d.events:
        if e.valence > 0:
            assert e.centre[1] < d.road_y, e
            assert e.marker.y1 < d.road_y
        else:
            assert e.centre[1] > d.road_y, e
            assert e.marker.y0 > d.road_y
    # In time order from left to right, each at its own x.
    by_x = sorted(d.events, key=lambda e: e.centre[0])
    for left, right in itertools.pairwise(by_x):
        assert left.when <= right.when
        assert right.centre[0] - left.centre[0] >= left.marker.width - TOL
    # No two text lines overlap anywhere in the figure (labels, axis, legend).
    boxes = d.all_texts
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            assert a.overlap(b) <= TOL, (a, b)
    # No label covers a marker, nor a leader line of another event; labels keep off the legend.
    parts = d.events + d.hopes
    for owner in parts:
        for box in owner.texts:
            assert box.overlap(d.legend) <= TOL
            for other in parts:
                assert box.overlap(other.marker) <= TOL, (box, other.marker)
                if other is not owner:
                    (p, q) = other.leader
                    assert not segment_box_hits(p, q, box.expand(-TOL)), (box, other.leader)
    # Everything inside the viewBox.
    frame = Box(0, 0, d.width, d.height)
    for box in boxes + [e.marker for e in parts] + [d.legend]:
        assert frame.contains(box, TOL), box
    return d


# --------------------------------------------------------------------------- helpers

def context(case: Case, style: str = "default", lang: str | None = None) -> Context:
    return Context(case=case, options=RenderOptions(style=style), style=load_style(style),
                   words=words(lang or case.case.language), figure_number="1")


def case_text(events: list[tuple[str, str, int]], hopes: list[str] | None = None,
              born: str | None = "1990-04-02", date: str | None = "2024-06-01") -> str:
    lines = ["socialmaps: 1", "case:", "  id: T", "  client: c"]
    if date:
        lines.append(f"  date: {date}")
    lines += ["people:", "  - {id: c, name: C" + (f", born: {born}" if born else "") + "}",
              "lifemap:", "  events:"]
    for when, title, valence in events:
        lines.append(f"    - {{when: {when}, title: \"{title}\", valence: {valence}}}")
    if hopes:
        lines.append("  hopes: [" + ", ".join(f'"{h}"' for h in hopes) + "]")
    return "\n".join(lines) + "\n"


WORDS = ("lulus", "sekolah", "pindah", "rumah", "sakit", "keras", "bekerja", "menikah", "cerai", "lahir",
         "anak", "teman", "baru", "kehilangan", "pekerjaan", "ibu", "ayah", "nenek", "meninggal", "dunia",
         "lomba", "juara", "pelatihan")


def random_case(seed: int, n: int) -> Case:
    rng = random.Random(seed)
    words_pool = WORDS
    events = []
    for _ in range(n):
        year = rng.randint(1992, 2024)
        when = rng.choice([str(year), f"{year}-{rng.randint(1, 12):02d}", f"{{age: {year - 1990}}}"])
        title = " ".join(rng.choice(words_pool) for _ in range(rng.randint(1, 14)))
        valence = rng.choice([-5, -4, -3, -2, -1, 1, 2, 3, 4, 5])
        events.append((when, title, valence))
    hopes = [f"harapan {k}" for k in range(rng.randint(0, 3))]
    return load_text(case_text(events, hopes))


# --------------------------------------------------------------------------- examples

@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_examples_draw_cleanly(path: Path) -> None:
    case = load_case(path)
    assert_well_drawn(render(case, "lifemap").svg, case)


def test_dense_example_is_dense() -> None:
    case = load_case(ROOT / "examples" / "lifemap-dense.yaml")
    assert case.lifemap is not None
    events = case.lifemap.events
    assert len(events) == 24
    assert max(len(e.title) for e in events) >= 80
    years = [str(e.when)[:4] for e in events]
    assert any(years.count(y) >= 3 for y in years), "several events in one year"
    assert case.lifemap.hopes and case.client is not None and case.client.born is not None
    d = assert_well_drawn(render(case, "lifemap").svg, case)
    # Ages show on the axis when the birth is known.
    texts = [t.text for t in d.root.iter(f"{NS}text")]
    assert "Usia" in texts and "Tahun" in texts


@pytest.mark.parametrize("style", ["default", "print", "large", "colorblind"])
def test_every_style(style: str) -> None:
    case = load_case(ROOT / "examples" / "lifemap-dense.yaml")
    assert_well_drawn(render(case, "lifemap", RenderOptions(style=style)).svg, case)


@pytest.mark.parametrize("lang", ["id", "en"])
def test_languages(lang: str) -> None:
    case = load_case(ROOT / "examples" / "lifemap-dense.yaml")
    svg = render(case, "lifemap", RenderOptions(lang=lang)).svg
    assert_well_drawn(svg, case)
    legend_title = words(lang)["common.legend"]
    assert f">{legend_title}<" in svg
    assert words(lang)["lifemap.good"] in svg


def test_same_input_same_bytes() -> None:
    case = load_case(ROOT / "examples" / "lifemap-dense.yaml")
    assert render(case, "lifemap").svg == render(case, "lifemap").svg


@pytest.mark.parametrize("seed", range(30))
def test_random_lives(seed: int) -> None:
    case = random_case(seed, n=[1, 2, 5, 12, 30][seed % 5])
    assert_well_drawn(render(case, "lifemap").svg, case)


# --------------------------------------------------------------------------- time

def test_when_of_dates_and_ages() -> None:
    case = load_text(case_text([("2014", "a", 2), ("{age: 18}", "b", -3), ("2024-12-31", "c", 1)],
                               born="1997-03-01", date="2025-01-10"))
    d = read(render(case, "lifemap").svg)
    whens = [e.when for e in d.events]
    assert whens[0] == 2014.5
    # Inside the client's 18th year of life: between 1 March 2015 and 1 March 2016, at its middle
    # (was birth year + 18 + 0.5 = mid-2015, ignoring the birth month; issue 12).
    births = (2015 + 59 / 365, 2016 + 60 / 366)
    assert whens[1] == pytest.approx(sum(births) / 2, abs=1e-4)
    assert 2024 <= whens[2] < 2025, "the last day of a year stays in its year"


def test_when_attr_never_rounds_into_next_year() -> None:
    assert float(when_attr(2024.99999)) < 2025
    assert when_attr(2014.5) == "2014.5"


def test_same_year_events_spread_in_file_order() -> None:
    events = [("2015", f"ev{k}", v) for k, v in enumerate([3, -2, 4, -1, 2])]
    case = load_text(case_text(events))
    lay = layout(context(case))
    xs = [m.x for m in lay.events]
    assert [m.index for m in lay.events] == [0, 1, 2, 3, 4]
    assert all(b - a >= 2 * lay.marker_r for a, b in itertools.pairwise(xs))
    assert_well_drawn(render(case, "lifemap").svg, case)


def test_spread_keeps_order_and_gap() -> None:
    assert spread([0, 50, 100], 10) == [0, 50, 100]
    out = spread([10, 10, 10], 4)
    assert out == pytest.approx([6, 10, 14])
    rng = random.Random(1)
    raw = sorted(rng.uniform(0, 100) for _ in range(50))
    out = spread(raw, 3)
    assert all(b - a >= 3 - 1e-9 for a, b in itertools.pairwise(out))


def test_axis_spans_birth_to_now() -> None:
    case = load_text(case_text([("2010", "a", 2)], born="1990-04-02", date="2024-06-01"))
    lay = layout(context(case))
    assert lay.start == 1990
    assert lay.now == pytest.approx(2024.42, abs=0.01)
    no_birth = load_text(case_text([("2010", "a", 2), ("2015", "b", -1)], born=None, date=None))
    lay = layout(context(no_birth))
    assert lay.start == 2010 and lay.now == 2015.5
    texts = [t.text for t in lay.axis.texts]
    assert "Usia" not in texts


# --------------------------------------------------------------------------- the wave

def _wave_sides(lay: LifemapLayout) -> None:
    """Between two events of one sign the wave stays on their side; it passes through every marker."""
    segments = list(lay.wave)

    def y_at(x: float) -> float:
        seg = next(s for s in segments if s.x0 - 1e-9 <= x <= s.x1 + 1e-9)
        return seg.at(x)

    for m in lay.events:
        assert y_at(m.x) == pytest.approx(m.y, abs=1e-6)
    for a, b in zip(lay.events, lay.events[1:], strict=False):
        steps = 40
        for k in range(steps + 1):
            y = y_at(a.x + (b.x - a.x) * k / steps)
            if a.good and b.good:
                assert y <= lay.road_y + 1e-9
            elif not a.good and not b.good:
                assert y >= lay.road_y - 1e-9
            else:  # between the two ys: never overshoots past either event
                assert min(a.y, b.y) - 1e-9 <= y <= max(a.y, b.y) + 1e-9


@pytest.mark.parametrize("seed", range(10))
def test_wave_crosses_only_between_good_and_bad(seed: int) -> None:
    _wave_sides(layout(context(random_case(100 + seed, n=15))))


def test_zero_knots_and_monotone_pieces() -> None:
    knots = with_zero_knots([(0, -30), (10, 40), (20, 50), (30, -10)], 0.0)
    assert (10 * 30 / 70, 0.0) in [(pytest.approx(x), y) for x, y in knots]
    assert len(knots) == 6
    for seg in pchip(knots):
        ys = [seg.at(seg.x0 + (seg.x1 - seg.x0) * k / 50) for k in range(51)]
        lo, hi = min(seg.y0, seg.y1), max(seg.y0, seg.y1)
        assert all(lo - 1e-9 <= y <= hi + 1e-9 for y in ys)


def test_hopes_continue_dashed_past_now() -> None:
    case = load_text(case_text([("2020", "a", -2)], hopes=["kerja", "sekolah lagi"]))
    svg = render(case, "lifemap").svg
    d = assert_well_drawn(svg, case)
    wave = next(g for g in d.root.iter(f"{NS}g") if "sm-wave" in _classes(g))
    dashed = [p for p in wave.iter(f"{NS}path") if p.get("stroke-dasharray")]
    assert len(dashed) == 1
    lay = layout(context(case))
    assert all(h.x > lay.axis.now_x for h in lay.hopes)
    assert all(h.y < lay.road_y for h in lay.hopes), "hopes are drawn as good things"


def test_an_assessment_before_every_event_keeps_now_on_the_road() -> None:
    """case.date 1981, the only event 2009: the "now" marker stood at x = -2360, outside the
    page (found by tests/test_properties.py)."""
    case = load_text("socialmaps: 1\ncase: {id: c, date: 1981-07-10}\n"
                     "lifemap:\n  events: [{when: 2009-10-08, title: X, valence: -5}]\n")
    lay = layout(context(case))
    assert lay.start <= lay.now
    assert lay.road_x0 <= lay.axis.now_x <= lay.road_x1
    assert_well_drawn(render(case, "lifemap").svg, case)


def test_hopes_alone_need_the_assessment_date() -> None:
    """Hopes without events start from "now"; a birth is no "now".  Such a file passed
    validation, then `render` crashed (found by tests/test_properties.py)."""
    text = ("socialmaps: 1\ncase: {id: h, client: c}\npeople:\n  - {id: c, name: Klien, born: 1959}\n"
            "lifemap:\n  hopes: [Bekerja]\n")
    with pytest.raises(CaseError) as err:
        load_text(text, "h.yaml")
    assert [str(p) for p in err.value.problems] == [
        "h.yaml:6:10: lifemap.hopes: hopes without events start from now: set case.date "
        "(the date of the assessment)"]
    dated = load_text(text.replace("client: c}", "client: c, date: 2024-09-07}"))
    assert "lifemap" in applicable(dated)
    assert_well_drawn(render(dated, "lifemap").svg, dated)


# --------------------------------------------------------------------------- words

def test_words_same_keys_in_both_languages() -> None:
    folder = ROOT / "src" / "socialmaps" / "lang"
    tables = [tomllib.loads((folder / code / "lifemap.toml").read_text("utf-8")) for code in ("id", "en")]
    assert set(tables[0]) == set(tables[1])
    for table in tables:
        assert len(table["months"].split()) == 12
