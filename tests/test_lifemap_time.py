"""Issue 12, life road map: `{age: N}` inside the client's N-th year of life, one row of
ticks each with a true year/age pair, long empty stretches compressed behind a visible
break, and a valence scale sized to the drawing.  Read from the drawn SVG."""

from __future__ import annotations

import itertools
import random
from dataclasses import dataclass
from pathlib import Path

import pytest

from socialmaps.loader import load_case, load_text
from socialmaps.options import RenderOptions
from socialmaps.render import render

from svgread import NS, parse, parts, shape_box, text_lines

ROOT = Path(__file__).resolve().parent.parent
MINUS = "\u2212"


def case_text(events: list[tuple[str, int]], born: str | None, date: str = "2024-06-01") -> str:
    lines = ["socialmaps: 1", "case: {id: T, client: c, date: " + date + "}",
             "people:", "  - {id: c, name: C" + (f", born: {born}" if born else "") + "}",
             "lifemap:", "  events:"]
    lines += [f"    - {{when: {when}, title: peristiwa {k}, valence: {v}}}"
              for k, (when, v) in enumerate(events)]
    return "\n".join(lines) + "\n"


@dataclass
class Axis:
    years: list[tuple[float, int]]   # (x, year) of each year label
    ages: list[tuple[float, int]]    # (x, age) of each age label
    tick_xs: list[float]
    breaks: list[tuple[float, float]]


def read_axis(root) -> Axis:  # type: ignore[no-untyped-def]
    group = parts(root, "sm-axis")[0]
    lines = text_lines(root, group)
    numbers = [(line.box, int(line.text)) for line in lines if line.text.isdigit()]
    rows = sorted({round(box.y0, 1) for box, _ in numbers})
    centre = [((box.x0 + box.x1) / 2, value) for box, value in numbers]
    years = [c for (box, _), c in zip(numbers, centre, strict=True) if round(box.y0, 1) == rows[0]]
    ages = [c for (box, _), c in zip(numbers, centre, strict=True) if len(rows) > 1
            and round(box.y0, 1) == rows[1]]
    ticks = [float(e.get("x1") or 0) for e in group.iter(f"{NS}line")
             if e.get("x1") == e.get("x2") and e.get("y1") != e.get("y2")]
    breaks = []
    for brk in parts(group, "sm-axis-break"):
        xs = [b.x0 for b in (shape_box(e) for e in brk.iter(f"{NS}line")) if b is not None]
        breaks.append((min(xs), max(xs)))
    return Axis(sorted(years), sorted(ages), sorted(ticks), sorted(breaks))


def marker_centres(root) -> list[tuple[float, float, float]]:  # type: ignore[no-untyped-def]
    """(when, x, y) of every event marker."""
    out = []
    for g in parts(root, "sm-event"):
        shape = next(e for e in g if e.tag in (f"{NS}circle", f"{NS}polygon"))
        box = shape_box(shape)
        assert box is not None
        out.append((float(g.get("data-when") or 0), *box.center))
    return out


def x_of_age(axis: Axis, age: float) -> float:
    """x of an age on the drawn axis, interpolated between the labelled ticks around it."""
    for (xa, a), (xb, b) in itertools.pairwise(axis.ages):
        if a <= age <= b:
            return xa + (xb - xa) * (age - a) / (b - a)
    raise AssertionError(f"age {age} is not on the axis")


BIRTHS = ["1990", "1990-11", "1990-11-20", "1990-02-03", "1992-02-29", "1988-07"]


@pytest.mark.parametrize("born", BIRTHS)
@pytest.mark.parametrize("age", [3, 12, 18, 30])
def test_age_event_lies_inside_that_year_of_life(born: str, age: int) -> None:
    """The marker of `{age: N}` stands between the axis's ages N and N+1, near the middle;
    the same holds for the age printed by a dated event's marker."""
    events = [(f"{{age: {age}}}", -2), ("2023-05", 3)]
    root = parse(render(load_text(case_text(events, born)), "lifemap").svg)
    axis = read_axis(root)
    (_, x, _), = [m for m in marker_centres(root) if m[0] < 2023]
    lo, hi = x_of_age(axis, age), x_of_age(axis, age + 1)
    assert lo < x < hi
    assert abs(x - (lo + hi) / 2) <= 0.1 * (hi - lo)   # in the middle of that year of life


def test_the_age_of_a_dated_event_matches_the_axis_under_it() -> None:
    """Born 20 November 1990: an event of March 2010 is at age 19 (not 2010 - 1990 = 20),
    and its marker stands between the axis's 19 and 20."""
    root = parse(render(load_text(case_text([("2010-03", 2)], "1990-11-20")), "lifemap").svg)
    event = parts(root, "sm-event")[0]
    assert any("usia 19" in line.text for line in text_lines(root, event))
    axis = read_axis(root)
    (_, x, _), = marker_centres(root)
    assert x_of_age(axis, 19) < x < x_of_age(axis, 20)


@pytest.mark.parametrize("born", [*BIRTHS, None])
def test_one_row_of_ticks_with_true_year_age_pairs(born: str | None) -> None:
    """Every tick carries a year and (with a birth) an age on the same x; the pair is true:
    the year of that birthday minus the birth year is the age."""
    events = [("1995", 2), ("2001-06", -3), ("2008", 4), ("2016-02-10", -1), ("2021", 2)]
    root = parse(render(load_text(case_text(events, born)), "lifemap").svg)
    axis = read_axis(root)
    assert axis.years and len(axis.tick_xs) == len(axis.years)
    for (x, _), tick in zip(axis.years, axis.tick_xs, strict=True):
        assert abs(x - tick) < 0.05
    if born is None:
        assert not axis.ages
        return
    birth_year = int(born[:4])
    assert len(axis.ages) == len(axis.years)
    for (xy, year), (xa, age) in zip(axis.years, axis.ages, strict=True):
        assert abs(xy - xa) < 0.05
        assert year - birth_year == age


def test_long_empty_stretch_is_compressed_behind_a_break() -> None:
    """Born 1958, one event at birth, then nothing until 1999: the empty years took most of
    the road (41 of 56 years: 73 %); now they take under a quarter, behind a slashed break,
    with no tick inside it, and time still runs left to right."""
    events = [("1958", -2), ("1999", 3), ("2002", -2), ("2005-04", 2), ("2009", -3), ("2012", 4)]
    root = parse(render(load_text(case_text(events, "1958-06-02", "2014-01-01")), "lifemap").svg)
    axis = read_axis(root)
    markers = sorted(marker_centres(root), key=lambda m: m[1])
    assert [m[0] for m in markers] == sorted(m[0] for m in markers)
    road = parts(root, "sm-road")[0]
    road_box = shape_box(next(road.iter(f"{NS}path")))
    assert road_box is not None
    stretch = markers[1][1] - markers[0][1]
    assert stretch < 0.25 * road_box.width
    assert len(axis.breaks) == 1
    a, b = axis.breaks[0]
    assert markers[0][1] < a < b < markers[1][1]
    assert not any(a - 1 < x < b + 1 for x in axis.tick_xs)
    # Ages still read in order across the break.
    assert [age for _, age in axis.ages] == sorted(age for _, age in axis.ages)


def test_no_break_when_events_are_spread_evenly() -> None:
    events = [(str(year), 2 if year % 2 else -2) for year in range(1992, 2024, 4)]
    root = parse(render(load_text(case_text(events, "1990")), "lifemap").svg)
    assert not read_axis(root).breaks


def _scale(root) -> dict[int, float]:  # type: ignore[no-untyped-def]
    """Valence label -> y of its tick, read from the drawn scale."""
    group = parts(root, "sm-valence-scale")[0]
    out = {}
    for line in text_lines(root, group):
        out[int(line.text.replace(MINUS, "-").lstrip("+"))] = (line.box.y0 + line.box.y1) / 2
    return out


@pytest.mark.parametrize("style", ["default", "print", "large"])
@pytest.mark.parametrize("name", ["lifemap-dense", "ms-2024", "s-2024"])
def test_valence_scale_is_shown_and_markers_read_on_it(style: str, name: str) -> None:
    case = load_case(ROOT / "examples" / f"{name}.yaml")
    root = parse(render(case, "lifemap", RenderOptions(style=style)).svg)
    scale = _scale(root)
    assert {5, 0, -5} <= set(scale)
    unit = (scale[-5] - scale[5]) / 10
    road = parts(root, "sm-road")[0]
    road_box = shape_box(next(road.iter(f"{NS}path")))
    assert road_box is not None
    assert abs(scale[0] - road_box.center[1]) < 1.0
    for g in parts(root, "sm-event"):
        valence = int(g.get("data-valence") or 0)
        shape = next(e for e in g if e.tag in (f"{NS}circle", f"{NS}polygon"))
        box = shape_box(shape)
        assert box is not None
        assert box.center[1] == pytest.approx(scale[0] - valence * unit, abs=1.0)
    # Sized to the drawing: on a long road, +-5 spans at least a fifth of its length or the
    # style's greatest step (3.5 em); never the old fixed 1.25 em per step on a long road.
    swing = scale[-5] - scale[5]
    if road_box.width > 1200:
        assert swing >= min(0.2 * road_box.width, 10 * 3.5 * 11) - 1


def test_dense_swing_grew_from_the_old_fixed_unit() -> None:
    """lifemap-dense: +-5 used to swing +-69 units (1.25 em a step) on a road of ~1,700."""
    root = parse(render(load_case(ROOT / "examples" / "lifemap-dense.yaml"), "lifemap").svg)
    scale = _scale(root)
    assert (scale[-5] - scale[5]) / 2 >= 150


@pytest.mark.parametrize("seed", range(8))
def test_random_lives_keep_ages_and_ticks_true(seed: int) -> None:
    rng = random.Random(seed)
    born = rng.choice(BIRTHS)
    events = []
    for _ in range(rng.randint(2, 9)):
        if rng.random() < 0.4:
            events.append((f"{{age: {rng.randint(0, 30)}}}", rng.choice([-3, -1, 2, 4])))
        else:
            year = rng.randint(int(born[:4]) + 1, 2023)
            events.append((f"{year}-{rng.randint(1, 12):02d}", rng.choice([-4, -2, 1, 3, 5])))
    root = parse(render(load_text(case_text(events, born)), "lifemap").svg)
    axis = read_axis(root)
    birth_year = int(born[:4])
    for (xy, year), (xa, age) in zip(axis.years, axis.ages, strict=True):
        assert abs(xy - xa) < 0.05 and year - birth_year == age


def test_years_before_the_birth_have_ticks_and_the_birth_is_never_in_a_break() -> None:
    """A parents' marriage ten years before the birth, then one event 83 years later: the
    ticks before the birth carry the year alone, the birth's tick reads 0, and the long
    stretch after it is the one compressed."""
    events = [("1930", 1), ("2023", -3)]
    root = parse(render(load_text(case_text(events, "1940-05", "2024-01-01")), "lifemap").svg)
    axis = read_axis(root)
    assert any(year < 1940 for _, year in axis.years)
    assert min(age for _, age in axis.ages) == 0
    birth_x = next(x for x, age in axis.ages if age == 0)
    assert len(axis.breaks) == 1 and axis.breaks[0][0] > birth_x
    for (xy, year), (xa, age) in zip([y for y in axis.years if y[1] >= 1940], axis.ages, strict=True):
        assert abs(xy - xa) < 0.05 and year - 1940 == age
