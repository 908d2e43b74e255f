"""Siblings placed apart, as child protection often leaves them: twins fostered together by a couple
with children of their own, their younger brother with their father and his new wife.  The twins
live with the foster family (their home union draws them); their birth parents reach them by lines
or by copies.  A line to one twin from beside the foster family's sibship put her before her twin's
copy (a sibship drawn out of birth order) and stretched the twins' apex across the row between
them; now both twins are copied under their birth parents, side by side under their apex, in birth
order, the household drawn whole."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from socialmaps import load_text
from socialmaps.render import render
from test_genogram_partners import broken, check_data

RULES = ("line-through-symbol", "line-overlap", "partner-order", "children-order", "crossing", "overlap",
         "label-overlap", "label-on-symbol", "word-break", "household-cuts-label")


def _twins_in_foster_care(twins: bool) -> dict[str, Any]:
    people = [("bf", "male", 1980, False), ("bm", "female", 1984, False), ("n", "female", 2011, True),
              ("n2", "male", 2011, True), ("n3", "male", 2015, False), ("sm", "female", 1990, False),
              ("hs", "male", 2021, False), ("ff", "male", 1965, True), ("fm", "female", 1968, True),
              ("fk1", "male", 1992, False), ("fk2", "female", 1996, True), ("gm", "female", 1958, False),
              ("gf", "male", 1955, False), ("un", "male", 1986, False)]
    birth: dict[str, Any] = {"partners": ["bf", "bm"], "children": ["n", "n2", "n3"], "start": 2009}
    if twins:
        birth["twins"] = [{"members": ["n", "n2"], "kind": "fraternal"}]
    unions = [{"partners": ["gf", "gm"], "children": ["bm", "un"]}, birth,
              {"partners": ["bf", "sm"], "children": [{"id": "n3", "relation": "step"}, "hs"], "start": 2020},
              {"partners": ["ff", "fm"], "children": ["fk1", "fk2", {"id": "n", "relation": "foster"},
                                                      {"id": "n2", "relation": "foster"}]}]
    return {"socialmaps": 1, "case": {"id": "SPLIT", "title": "Split", "language": "en", "client": "n"},
            "people": [{"id": pid, "name": pid.upper(), "sex": sex, "born": born, "lives_with_client": home}
                       for pid, sex, born, home in people],
            "unions": [{"type": "married", **u} for u in unions],
            "relationships": [{"between": ["n", "bf"], "type": "cutoff"},
                              {"between": ["n", "fm"], "type": "close"}]}


def _drawn(data: dict[str, Any], tmp_path: Path) -> tuple[dict[str, Any], list[str]]:
    svg = render(load_text(yaml.safe_dump(data, sort_keys=False)), "genogram").svg
    (report,) = check_data(data, [svg], tmp_path)
    copied = sorted(v["message"].split("'")[1] for v in report["violations"] if v["rule"] == "copy")
    return report, copied


def test_twins_in_foster_care_are_copied_together_in_birth_order(tmp_path: Path) -> None:
    report, copied = _drawn(_twins_in_foster_care(twins=True), tmp_path)
    assert broken(report, RULES) == []
    assert copied in ([], ["n", "n2"])


def test_siblings_in_foster_care_keep_their_birth_parents_order(tmp_path: Path) -> None:
    """Not twins, the two are drawn once each, under their birth parents beside the foster family,
    whose line reaches them across their parents' bar once (they were copied under their parents,
    as the twins still are: their apex stands where they stand together)."""
    report, copied = _drawn(_twins_in_foster_care(twins=False), tmp_path)
    assert broken(report, tuple(rule for rule in RULES if rule != "crossing")) == []
    assert copied == [] and report["metrics"]["crossings"] == 1
