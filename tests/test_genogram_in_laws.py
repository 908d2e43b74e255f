"""Two sibships joined by two marriages (two brothers who marry two sisters, an ordinary village
family): the couples cannot all stand where the two sibships meet.  Drawn side by side, each couple
bent its sibship out of birth order and ran one sibship's bar across the other's (three crossings,
a couple turned round and a sibship out of order on the smallest such family).  Now every couple
but one that can stand where the sibships meet has a partner drawn twice, and the layout with
fewer faults is kept: no crossing, every sibship in birth order, husbands left; the copies only of
the couples' partners, no more of them than the couples that cannot meet.  A third layout stands
the couples side by side with the two sibships interleaved, each in birth order: where that costs
one crossing (a third brother married the eldest sister, the youngest the third), nobody is drawn
twice.  On a tie the copies are kept."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from compactgen import exchange_family
from socialmaps import load_text
from socialmaps.render import render
from test_genogram_partners import broken, check_data, read

RULES = ("line-through-symbol", "line-overlap", "partner-order", "children-order", "crossing", "overlap",
         "label-overlap", "label-on-symbol", "word-break")


def _drawn(data: dict[str, Any], tmp_path: Path) -> tuple[dict[str, Any], list[str]]:
    """The family's genogram checked by the shared checker, and who it draws twice."""
    case = {k: v for k, v in data.items() if k != "exchange"}
    svg = render(load_text(yaml.safe_dump(case, sort_keys=False)), "genogram").svg
    (report,) = check_data(case, [svg], tmp_path)
    copied = sorted(v["message"].split("'")[1] for v in report["violations"] if v["rule"] == "copy")
    return report, copied


@pytest.mark.parametrize("size", [14, 15, 25, 35])
@pytest.mark.parametrize("seed", [0, 1])
def test_brothers_who_marry_sisters_draw_no_crossing_and_keep_birth_order(size: int, seed: int,
                                                                           tmp_path: Path) -> None:
    data = exchange_family(size, seed)
    report, copied = _drawn(data, tmp_path)
    assert broken(report, RULES) == []
    assert set(copied) <= set(data["exchange"])
    assert len(copied) <= 2


def test_the_smallest_exchange_draws_each_couple_once_with_a_partner_copied(tmp_path: Path) -> None:
    # the family of the issue: grandparents, three brothers, three sisters, two children each
    data = exchange_family(14)
    report, copied = _drawn(data, tmp_path)
    assert broken(report, RULES) == []
    assert len(copied) == 2
    assert report["metrics"]["crossings"] == 0


def test_a_couple_that_can_stand_where_the_sibships_meet_is_drawn_once(tmp_path: Path) -> None:
    # the youngest brother married the eldest sister: they stand where the two sibships meet, and
    # only the other couple needs a partner drawn twice
    data = exchange_family(15, meeting=True)
    report, copied = _drawn(data, tmp_path)
    assert broken(report, RULES) == []
    assert len(copied) == 1
    assert copied[0] not in data["exchange"][:2]


def _widow_who_married_his_brother() -> dict[str, Any]:
    """A widow who married her late husband's brother (who had divorced before): she has two
    husbands of one sibship, and two sisters."""
    people = [("gf", "male", 1940), ("gm", "female", 1944), ("gf2", "male", 1942), ("gm2", "female", 1946),
              ("a1", "male", 1968), ("a2", "male", 1971), ("a3", "female", 1974), ("w", "female", 1972),
              ("w2", "female", 1975), ("w3", "female", 1978), ("t", "male", 2005), ("t2", "female", 2008),
              ("t3", "female", 2015),
              ("ex", "female", 1973), ("ex1", "male", 1998)]
    unions = [(["gf", "gm"], ["a1", "a2", "a3"], {}), (["gf2", "gm2"], ["w", "w2", "w3"], {}),
              (["a1", "w"], ["t", "t2"], {"start": 2003, "end": 2012}),
              (["a2", "ex"], ["ex1"], {"status": "divorced", "start": 1996, "end": 2005}),
              (["a2", "w"], ["t3"], {"start": 2014})]
    return {"socialmaps": 1, "case": {"id": "LEVI", "title": "Levirate", "language": "en", "client": "t"},
            "people": [{"id": pid, "name": pid.upper(), "sex": sex, "born": born}
                       for pid, sex, born in people],
            "unions": [{"partners": partners, "type": "married", "children": children, **extra}
                       for partners, children, extra in unions]}


def test_a_widow_who_married_her_late_husbands_brother_is_the_one_drawn_twice(tmp_path: Path) -> None:
    # copying a brother instead stood her where the two sibships meet and bent his sibship round
    # her (the brothers and their sister drawn out of birth order)
    report, copied = _drawn(_widow_who_married_his_brother(), tmp_path)
    assert broken(report, RULES) == []
    assert copied == ["w"]


def _interleaving() -> dict[str, Any]:
    """Four brothers and sisters, four sisters and brothers: the third brother married the eldest
    sister, the youngest brother the third sister, each couple with a child."""
    people = [("fa", "male", 1940), ("ma", "female", 1942), ("fb", "male", 1941), ("mb", "female", 1943),
              ("a1", "male", 1962), ("a2", "female", 1964), ("a3", "male", 1966), ("a4", "male", 1968),
              ("b1", "female", 1963), ("b2", "male", 1965), ("b3", "female", 1967), ("b4", "male", 1969),
              ("c1", "female", 1990), ("c2", "male", 1992)]
    unions = [(["fa", "ma"], ["a1", "a2", "a3", "a4"]), (["fb", "mb"], ["b1", "b2", "b3", "b4"]),
              (["a3", "b1"], ["c1"]), (["a4", "b3"], ["c2"])]
    return {"socialmaps": 1, "case": {"id": "INLAWS", "language": "en", "client": "b3"},
            "people": [{"id": pid, "name": pid.upper(), "sex": sex, "born": born}
                       for pid, sex, born in people],
            "unions": [{"partners": partners, "type": "married", "children": children}
                       for partners, children in unions]}


def test_brothers_and_sisters_whose_couples_interleave_draw_nobody_twice(tmp_path: Path) -> None:
    # a1 a2 [a3 b1] b2 [a4 b3] b4: the youngest brother's line crosses the sisters' bar once; with
    # copies it drew both brothers twice, and side by side without them it turned a couple round
    # and put both sibships out of birth order
    data = _interleaving()
    report, copied = _drawn(data, tmp_path)
    assert copied == [] and report["metrics"]["copies"] == 0
    assert report["metrics"]["crossings"] == 1
    assert broken(report, tuple(r for r in RULES if r != "crossing")) == []  # birth order, husbands left
    drawn = read(render(load_text(yaml.safe_dump(data, sort_keys=False)), "genogram").svg)
    order = sorted(("a1", "a2", "a3", "a4", "b1", "b2", "b3", "b4"), key=drawn.x)
    assert order == ["a1", "a2", "a3", "b1", "b2", "a4", "b3", "b4"]
