"""The `measures:` section and the `outcomes` diagram: every reading drawn and readable back from
the SVG, heights that follow the scores, the goal line where the goal is, the messages for bad
measures, and the shared checker on the examples S and MS (token economy) in every style."""

from __future__ import annotations

import json
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from socialmaps.anonymize import anonymize
from socialmaps.errors import CaseError
from socialmaps.loader import load_case, load_text
from socialmaps.model import Case
from socialmaps.options import RenderOptions
from socialmaps.render import applicable, render

from conftest import ROOT, SHARED
from svgread import parse, parts

CHECKER = SHARED / "tools" / "svgcheck.py"
S = ROOT / "examples" / "s-2024.yaml"
MS = ROOT / "examples" / "ms-smk-2024.yaml"
needs_checker = pytest.mark.skipif(not CHECKER.is_file(), reason="shared checker not found")


def outcomes_svg(case: Case, **options: object) -> ET.Element:
    return parse(render(case, "outcomes", RenderOptions(**options)).svg)  # type: ignore[arg-type]


def text_of(elem: ET.Element) -> str:
    return " ".join("".join(elem.itertext()).split())


def readings_drawn(root: ET.Element) -> dict[str, list[tuple[str, str, str]]]:
    """Per measure name: (data-when, data-value, the value label's text) of each drawn reading."""
    drawn = {}
    for measure in parts(root, "sm-measure"):
        rows = []
        for reading in parts(measure, "sm-reading"):
            texts = [text_of(t) for t in reading.iter("{http://www.w3.org/2000/svg}text")]
            rows.append((reading.get("data-when") or "", reading.get("data-value") or "", texts[0]))
        drawn[measure.get("data-name") or ""] = rows
    return drawn


@pytest.mark.parametrize("path", [S, MS], ids=["S", "MS"])
def test_every_reading_is_drawn_and_read_back(path: Path) -> None:
    case = load_case(path)
    assert "outcomes" in applicable(case)
    drawn = readings_drawn(outcomes_svg(case))
    assert list(drawn) == [m.name for m in case.measures]
    for measure in case.measures:
        expected = [(str(r.date) if r.date else str(r.session), f"{r.value:g}", f"{r.value:g}")
                    for r in measure.readings]
        assert drawn[measure.name] == expected


def test_loneliness_bars_follow_the_scores_and_carry_their_labels() -> None:
    root = outcomes_svg(load_case(S))
    (measure,) = parts(root, "sm-measure")
    assert measure.get("data-better") == "lower" and measure.get("data-chart") == "bars"
    bars = [next(r.iter("{http://www.w3.org/2000/svg}rect")) for r in parts(measure, "sm-reading")]
    heights = [float(b.get("height") or 0) for b in bars]
    bottoms = {round(float(b.get("y") or 0) + h, 1) for b, h in zip(bars, heights, strict=True)}
    assert len(bottoms) == 1, "both bars stand on the same base line"
    # range 25..100: 92 is 67 above the base, 33 is 8 above it
    assert heights[0] / heights[1] == pytest.approx(67 / 8, rel=0.02)
    texts = [text_of(t) for t in measure.iter("{http://www.w3.org/2000/svg}text")]
    assert "Sebelum intervensi" in texts and "Sesudah intervensi" in texts
    assert any("makin rendah makin baik" in t for t in texts)


def test_token_economy_line_and_goal_line() -> None:
    case = load_case(MS)
    root = outcomes_svg(case)
    total = next(m for m in parts(root, "sm-measure") if m.get("data-name") == "Bintang terkumpul")
    assert total.get("data-chart") == "line" and total.get("data-goal") == "30"
    points = {r.get("data-value"): float(next(r.iter("{http://www.w3.org/2000/svg}circle")).get("cy") or 0)
              for r in parts(total, "sm-reading")}
    ys = [points[v] for v in ("2", "12", "30", "42")]
    assert ys == sorted(ys, reverse=True), "a higher score stands higher"
    (goal,) = parts(total, "sm-goal")
    line = next(goal.iter("{http://www.w3.org/2000/svg}line"))
    assert float(line.get("y1") or 0) == pytest.approx(points["30"], abs=0.02)
    by_behaviour = sum(r.value for m in case.measures[2:] for r in m.readings)
    assert by_behaviour == 42, "the behaviours add up to the 42 stars"
    legend = text_of(parts(root, "sm-legend")[0])
    assert "Target" in legend and "Skor per sesi" in legend and "Skor pada pengukuran" not in legend


def test_english_words_and_same_bytes() -> None:
    case = load_case(S)
    first = render(case, "outcomes", RenderOptions(lang="en")).svg
    assert first == render(case, "outcomes", RenderOptions(lang="en")).svg
    root = parse(first)
    assert text_of(root.find("{http://www.w3.org/2000/svg}title")) == "Figure 6. Outcome Measures of S"
    assert "lower is better" in text_of(root)


def test_print_style_hatches_bars_without_colour() -> None:
    svg = render(load_case(S), "outcomes", RenderOptions(style="print")).svg
    root = parse(svg)
    fills = {r.get("fill") for r in root.iter("{http://www.w3.org/2000/svg}rect")
             if r.get("fill", "").startswith("url(")}
    assert fills == {"url(#sm-outcomes-hatch)"}
    assert root.find(".//{http://www.w3.org/2000/svg}pattern[@id='sm-outcomes-hatch']") is not None


BAD = """socialmaps: 1
case: {id: X}
measures:
  - name: B
    range: [0, 10]
    better: lower
    goal: 12
    readings:
      - {date: 2024-09, value: 11}
      - {date: 2024-08, value: 3}
      - {session: 3, value: 3}
      - {value: 3}
  - name: B
    range: [5, 5]
    better: higher
    readings: [{session: 1, value: 5}]
"""


def test_bad_measures_are_refused_with_line_and_column() -> None:
    with pytest.raises(CaseError) as err:
        load_text(BAD, "bad.yaml")
    lines = str(err.value).splitlines()
    for expected in (
            "bad.yaml:7:11: measures[0].goal: goal 12 is outside the range 0–10",
            "bad.yaml:9:32: measures[0].readings[0].value: 11 is outside the range 0–10",
            "bad.yaml:10:16: measures[0].readings[1].date: 2024-08 is before the reading listed above it",
            "bad.yaml:11:9: measures[0].readings[2]: give every reading of a measure the same way",
            "bad.yaml:12:9: measures[0].readings[3]: give the reading's date or its session",
            "bad.yaml:13:11: measures[1].name: duplicate measure 'B'",
            "bad.yaml:14:12: measures[1].range: the lowest score 5 is not below the highest 5"):
        assert any(line.startswith(expected) for line in lines), (expected, lines)


def test_yes_no_is_not_a_score() -> None:
    with pytest.raises(CaseError, match=r"measures\[0\]\.readings\[0\]\.value: expected a number"):
        load_text("socialmaps: 1\ncase: {id: X}\nmeasures:\n  - {name: A, range: [0, 1], better: higher,"
                  " readings: [{session: 1, value: true}]}\n")


def test_anonymised_outcomes_keep_scores_and_cut_dates_to_years() -> None:
    root = outcomes_svg(anonymize(load_case(S), "roles"))
    drawn = readings_drawn(root)
    (rows,) = drawn.values()
    assert [(w, v) for w, v, _ in rows] == [("2024", "92"), ("2024", "33")]


@needs_checker
@pytest.mark.parametrize("style", ["default", "print", "large"])
@pytest.mark.parametrize("path", [S, MS], ids=["S", "MS"])
def test_shared_checker_passes(path: Path, style: str, tmp_path: Path) -> None:
    svg = tmp_path / "outcomes.svg"
    svg.write_text(render(load_case(path), "outcomes", RenderOptions(style=style)).svg, encoding="utf-8")
    run = subprocess.run([sys.executable, str(CHECKER), "--json", "--case", str(path), str(svg)],
                         capture_output=True, text=True, timeout=300)
    report = json.loads(run.stdout.splitlines()[0])
    assert report["ok"], report["violations"]
