"""Hard families of everyday social work, drawn whole and judged by the shared checker's figure rules.

A grandmother and her second husband raising two grandchildren whose mother is in prison (a
cousin marriage among the grandmother's nieces and nephews, a remarried step-grandfather, a
father who died, a half-sister, ten emotional lines); two mothers, one with an ex-husband and a
daughter by him, both sides' parents drawn, an adopted son with his birth mother and a foster
daughter.  Built to look at as a supervisor would (the PNGs of `socialmaps render --format png`);
what is still wrong is a strict xfail, so that a fix is noticed (none is, today).
"""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path
from typing import Any

import yaml

from socialmaps import RenderOptions, load_text
from socialmaps.diagrams.ecomap.layout import layout
from socialmaps.diagrams.ecomap.layout.quality import label_line_crossings
from socialmaps.model import Case
from socialmaps.render import render
from socialmaps.style import load_style
from test_genogram_partners import broken, check_data
from test_genogram_stagger import _people

FIGURE_RULES = ("copy", "crossing", "line-through-symbol", "line-overlap", "relationship-detour",
                "word-break", "partner-order", "household-cuts-label", "label-overlap", "label-on-symbol",
                "overlap", "tie-through-center")

FAMILIES = Path(__file__).resolve().parent / "families"
SKIPPED_GENERATION = (FAMILIES / "skipped-generation.yaml").read_text(encoding="utf-8")
TWO_MOTHERS = (FAMILIES / "two-mothers.yaml").read_text(encoding="utf-8")


def _reports(text: str, tmp_path: Path) -> dict[str, dict[str, Any]]:
    case = load_text(text)
    data = yaml.safe_load(text)
    return {kind: check_data(data, [render(case, kind).svg], tmp_path)[0] for kind in ("genogram", "ecomap")}


def test_a_grandmother_raising_her_grandchildren_draws_clean(tmp_path: Path) -> None:
    for kind, report in _reports(SKIPPED_GENERATION, tmp_path).items():
        assert not broken(report, FIGURE_RULES), (kind, report)
        # no emotional line goes the long way round the page (one looped under the whole bottom
        # row, 2.1 times the distance between its two people)
        assert report["metrics"]["relationship_detour_max"] <= 2.0, kind


def test_two_mothers_with_an_ex_husband_draw_everyone_once(tmp_path: Path) -> None:
    # drawn once, the adopted son's line from his birth mother would cross his foster sister's:
    # he stands at the end of their sibship facing her (a bend, as for a married child), and his
    # mother at the end of hers next to her wife, rather than either drawn twice
    report = _reports(TWO_MOTHERS, tmp_path)["genogram"]
    assert not broken(report, FIGURE_RULES), report
    assert report["metrics"]["copies"] == 0


KINSHIP_HOUSEHOLD = (FAMILIES / "kinship-household.yaml").read_text(encoding="utf-8")
ELDERLY = (FAMILIES / "elderly-four-generations.yaml").read_text(encoding="utf-8")
STYLES = ("default", "print", "large")
DIAGRAMS = ("genogram", "ecomap", "lifemap", "bodymap", "bpss", "strengths", "venn")


def _every_diagram_clean(text: str, tmp_path: Path) -> Case:
    """Every diagram of the case in every style of STYLES, judged by the checker's figure rules."""
    case = load_text(text)
    data = yaml.safe_load(text)
    for style in STYLES:
        svgs = [render(case, kind, RenderOptions(style=style)).svg for kind in DIAGRAMS]
        for report in check_data(data, svgs, tmp_path):
            assert not broken(report, FIGURE_RULES), (style, report)
    return case


def test_a_girl_raised_by_her_grandmother_draws_clean_in_every_diagram(tmp_path: Path) -> None:
    """The kinship household (her mother married three times, her grandparents cousins, an adopted
    cousin, five members with ties), every diagram judged by the checker in three styles; and the
    genogram no taller than its rows need: its emotional lines all run in the lowest three rows,
    and the great-grandparents' rows over them stood two deep gaps apart (1,264 units tall, now
    1,041)."""
    case = _every_diagram_clean(KINSHIP_HOUSEHOLD, tmp_path)
    heights = [round(symbol.center[1]) for _, symbol, _ in _people(render(case, "genogram").svg)]
    rows = sorted(set(heights))
    gaps = [b - a for a, b in pairwise(rows)]
    assert len(rows) == 5 and gaps[0] == gaps[1] < gaps[-1], gaps



def test_an_elderly_client_with_four_generations_at_home_draws_clean(tmp_path: Path) -> None:
    """The elderly client's figures judged by the checker in three styles; on her ecomap no line
    runs through a note or a name: her grandson's note ("cucu kesayangan"), in a fan of four ties
    to her family, was written over her daughter's tie; it now stands clear farther out, led to
    its tie."""
    case = _every_diagram_clean(ELDERLY, tmp_path)
    for style in STYLES:
        assert label_line_crossings(layout(case, load_style(style))) == 0, style


SECOND_WIFE = (FAMILIES / "second-wife-cousins.yaml").read_text(encoding="utf-8")


def test_a_second_wifes_son_draws_clean_in_every_style(tmp_path: Path) -> None:
    """A boy whose father took a second wife (poligami), his half-sister married to their aunt's
    son (first cousins), his mother remarried to a widower with two children, twins, a miscarriage,
    a sister who died young, an adopted cousin: the genogram judged by the checker's figure rules in
    three styles.  The cousins' loop is cut by one copy of the half-sister (the checker excuses a
    copy where a union joins relatives: drawn once, she or her husband stands out of birth order)."""
    case = load_text(SECOND_WIFE)
    data = yaml.safe_load(SECOND_WIFE)
    for style in STYLES:
        (report,) = check_data(data, [render(case, "genogram", RenderOptions(style=style)).svg], tmp_path)
        assert not broken(report, FIGURE_RULES), (style, report)
        assert report["metrics"]["copies"] <= 1, style
