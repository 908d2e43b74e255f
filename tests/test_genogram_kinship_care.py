"""Kinship care: grandparents (or great-grandparents) who adopt or foster a grandchild.

The grandchild is listed twice: under the parents' union, and under the grandparents' union
two rows higher with ``relation: adopted`` or ``foster``.  A social worker draws the child
once, under the parents, with a second line down from the grandparents; the layout used to
draw the child a second time in the grandparents' sibship, joined by a grey line (a copy the
shared checker rightly calls a violation: no loop forces it).  Judged from the SVG with the
checker's figure rules, over generated variants (mother's or father's parents, the
grandchild at the end of its sibship on their side, adopted or foster, siblings married or not).
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest
import yaml

from socialmaps import load_text
from socialmaps.render import render
from test_genogram_partners import broken, check_data, read

from svgread import parse, parts

RULES = ("copy", "crossing", "line-through-symbol", "line-overlap", "partners", "overlap",
         "label-overlap", "label-on-symbol")


def _kinship_family(seed: int, conventional: bool = True) -> tuple[dict[str, Any], str, str]:
    """A three-generation family where one set of grandparents also lists a grandchild; the
    case data, the grandchild's id and the grandparents' union id.  ``conventional``: the
    father the youngest of his siblings and the mother the eldest of hers, so that the couple
    stands side by side with both sibships in birth order (else anywhere among them)."""
    rng = random.Random(f"kinship-{seed}")
    people: list[dict[str, Any]] = []
    unions: list[dict[str, Any]] = []

    def person(pid: str, sex: str, born: int, **extra: Any) -> str:
        people.append({"id": pid, "name": f"{pid.capitalize()} {rng.choice(['Santoso', 'Hale', 'Utami'])}",
                       "sex": sex, "born": born, **extra})
        return pid

    sides = {}
    for side, base in (("pat", 1940), ("mat", 1943)):
        gf, gm = person(f"{side}gf", "male", base), person(f"{side}gm", "female", base + 2)
        count = rng.randint(1, 3)
        parent_at = rng.randint(0, count) if not conventional else count if side == "pat" else 0
        kids = []
        for i in range(count + 1):
            if i == parent_at:
                kids.append(person("dad" if side == "pat" else "mum", "male" if side == "pat" else "female",
                                   base + 25 + 2 * i))
                continue
            kid = person(f"{side}{i}", rng.choice(["male", "female"]), base + 25 + 2 * i)
            kids.append(kid)
            if rng.random() < 0.4:
                other_sex = "female" if people[-1]["sex"] == "male" else "male"
                spouse = person(f"{side}{i}s", other_sex, base + 25 + 2 * i)
                couple = [kid, spouse] if people[-2]["sex"] == "male" else [spouse, kid]
                unions.append({"id": f"u-{kid}", "partners": couple, "children": [
                    person(f"{side}{i}c", "female", base + 52)]})
        sides[side] = f"u-{side}"
        unions.append({"id": f"u-{side}", "partners": [gf, gm], "type": "married", "start": base + 22,
                       "children": kids})
    n = rng.randint(2, 4)
    carers = sides[rng.choice(["pat", "mat"])]
    # the grandchild at the end of the sibship on the carers' side (the father's family stands
    # left, the mother's right); at the other end no drawing has them once, in birth order and
    # with no crossing (the copy is then the layout's answer, as for a stepchild)
    at = 0 if carers == "u-pat" else n - 1
    children = [person(f"c{i}", rng.choice(["male", "female"]), 1995 + 2 * i,
                       **({"lives_with_client": True} if i == at else {})) for i in range(n)]
    unions.append({"id": "u-parents", "partners": ["dad", "mum"], "type": "married", "status": "divorced",
                   "start": 1993, "end": 2005, "children": children})
    relation = rng.choice(["adopted", "foster"])
    grandchild = children[at]
    for union in unions:
        if union["id"] == carers:
            union["children"].append({"id": grandchild, "relation": relation})
    data = {"socialmaps": 1, "case": {"id": f"KIN{seed}", "title": "Kinship care", "language": "en",
                                       "client": grandchild},
            "people": people, "unions": unions}
    return data, grandchild, carers


@pytest.mark.parametrize("seed", range(12))
def test_a_grandchild_in_kinship_care_is_drawn_once_with_a_line_from_the_grandparents(
        seed: int, tmp_path: Path) -> None:
    data, grandchild, carers = _kinship_family(seed)
    svg = render(load_text(yaml.safe_dump(data, sort_keys=False)), "genogram").svg
    [report] = check_data(data, [svg], tmp_path)
    assert not broken(report, RULES), broken(report, RULES)
    drawn = read(svg)
    assert drawn.copies == []
    # one line from the parents and one from the grandparents end at the one symbol
    sources = sorted(union for union, child, _ in drawn.descents if child == grandchild)
    assert sources == sorted(["u-parents", carers])


def test_great_grandparents_foster_three_rows_down(tmp_path: Path) -> None:
    """A line that skips two rows: great-grandparents foster the youngest great-grandchild."""
    data: dict[str, Any] = {
        "socialmaps": 1, "case": {"id": "GGP", "title": "Kinship care", "language": "en", "client": "k2"},
        "people": [
            {"id": "ggf", "name": "Great Grandpa", "sex": "male", "born": 1930},
            {"id": "ggm", "name": "Great Grandma", "sex": "female", "born": 1932},
            {"id": "gm", "name": "Grandma", "sex": "female", "born": 1952},
            {"id": "gf", "name": "Grandpa", "sex": "male", "born": 1950},
            {"id": "gu", "name": "Great Uncle", "sex": "male", "born": 1955},
            {"id": "mum", "name": "Mum", "sex": "female", "born": 1975},
            {"id": "dad", "name": "Dad", "sex": "male", "born": 1973},
            {"id": "k1", "name": "Kid One", "sex": "male", "born": 2001},
            {"id": "k2", "name": "Kid Two", "sex": "female", "born": 2004, "lives_with_client": True},
        ],
        "unions": [
            {"id": "u0", "partners": ["ggf", "ggm"],
             "children": ["gm", "gu", {"id": "k2", "relation": "foster"}]},
            {"id": "u1", "partners": ["gf", "gm"], "children": ["mum"]},
            {"id": "u2", "partners": ["dad", "mum"], "children": ["k1", "k2"]},
        ],
    }
    svg = render(load_text(yaml.safe_dump(data, sort_keys=False)), "genogram").svg
    [report] = check_data(data, [svg], tmp_path)
    assert not broken(report, RULES), broken(report, RULES)
    drawn = read(svg)
    assert drawn.copies == []
    assert sorted(u for u, child, _ in drawn.descents if child == "k2") == ["u0", "u2"]


@pytest.mark.parametrize("seed", range(12))
def test_a_grandchild_in_kinship_care_is_the_only_one_ever_drawn_twice(seed: int, tmp_path: Path) -> None:
    """The parents anywhere among their siblings: where no drawing has everyone once, in birth
    order, without crossings, the grandchild may stand a second time, in their own generation at
    the end of the grandparents' line down the rows between (`build._child_copy`), but no parent
    is drawn twice for the grandparents' line."""
    data, grandchild, _ = _kinship_family(seed, conventional=False)
    svg = render(load_text(yaml.safe_dump(data, sort_keys=False)), "genogram").svg
    [report] = check_data(data, [svg], tmp_path)
    rules = tuple(rule for rule in RULES if rule != "copy")
    assert not broken(report, rules), broken(report, rules)
    assert set(read(svg).copies) <= {grandchild}


def test_a_stepson_and_an_adopted_grandchild_of_one_couple_draw_once(tmp_path: Path) -> None:
    """Grandparents who list both a stepson (drawn under the grandmother's first marriage) and an
    adopted grandchild: the stepson's line was checked against the couple's children while the
    grandchild's line still ended at a pass-through point, which has no position (a KeyError the
    long property run found).  Both are drawn once, with no crossing."""
    data: dict[str, Any] = {
        "socialmaps": 1, "case": {"id": "MIX", "title": "Mixed lines", "language": "en", "client": "k"},
        "people": [
            {"id": "x", "name": "First Husband", "sex": "male", "born": 1948},
            {"id": "h", "name": "Grandma", "sex": "female", "born": 1950},
            {"id": "g", "name": "Grandpa", "sex": "male", "born": 1949},
            {"id": "s", "name": "Stepson", "sex": "male", "born": 1970},
            {"id": "m", "name": "Mum", "sex": "female", "born": 1975},
            {"id": "t", "name": "Aunt", "sex": "female", "born": 1977},
            {"id": "d", "name": "Dad", "sex": "male", "born": 1972},
            {"id": "k", "name": "Kid", "sex": "female", "born": 2005, "lives_with_client": True},
            {"id": "k2", "name": "Kid Two", "sex": "male", "born": 2007},
        ],
        "unions": [
            {"id": "u1", "partners": ["x", "h"], "type": "married", "status": "divorced", "children": ["s"]},
            {"id": "u2", "partners": ["g", "h"], "type": "married",
             "children": ["m", {"id": "s", "relation": "step"}, "t", {"id": "k", "relation": "adopted"}]},
            {"id": "u3", "partners": ["d", "m"], "type": "married", "children": ["k", "k2"]},
        ],
    }
    svg = render(load_text(yaml.safe_dump(data, sort_keys=False)), "genogram").svg
    [report] = check_data(data, [svg], tmp_path)
    assert not broken(report, RULES), broken(report, RULES)
    assert read(svg).copies == []


def test_grandchildren_living_with_their_grandmother_stand_in_their_own_generation() -> None:
    """The grandmother, widowed, fosters her daughter's two children, who live with her; their
    parents divorced and the mother lives with a new partner and their daughter elsewhere.
    Before, the children were drawn under the grandparents (the household's union was taken for
    the one they are drawn under), in their mother's row, as if her brother and sister, and again
    under their parents; and where the grandparents' line down to them could not be drawn, the
    copy stood in that row too.  Now every drawing of them stands in the grandchildren's row."""
    people = [("kakek", "male", 1950, False, 2018), ("nenek", "female", 1955, True, None),
              ("ibu", "female", 1980, False, None), ("ayah", "male", 1978, False, None),
              ("joko", "male", 1975, False, None), ("tono", "male", 1983, True, None),
              ("wati", "female", 1985, False, None), ("rudi", "male", 1982, False, None),
              ("dani", "male", 2010, True, None), ("dewi", "female", 2012, True, None),
              ("putri", "female", 2018, False, None), ("riko", "male", 2014, False, None)]
    data = {"socialmaps": 1, "case": {"id": "KIN", "language": "id", "client": "dani"},
            "people": [{"id": i, "name": i.capitalize(), "sex": sex, "born": born,
                        **({"lives_with_client": True} if home else {}), **({"died": died} if died else {})}
                       for i, sex, born, home, died in people],
            "unions": [
                {"partners": ["kakek", "nenek"], "status": "widowed",
                 "children": ["ibu", "tono", "wati", {"id": "dani", "relation": "foster"},
                              {"id": "dewi", "relation": "foster"}]},
                {"partners": ["ayah", "ibu"], "status": "divorced", "children": ["dani", "dewi"]},
                {"partners": ["joko", "ibu"], "type": "cohabiting", "children": ["putri"]},
                {"partners": ["rudi", "wati"], "children": ["riko"]}]}
    svg = render(load_text(yaml.safe_dump(data, sort_keys=False)), "genogram").svg
    generation = {}
    for g in parts(parse(svg), "sm-person"):
        generation.setdefault(g.get("data-id"), set()).add(g.get("data-generation"))
    assert generation["ibu"] == {"1"} and generation["putri"] == {"2"}
    assert generation["dani"] == generation["dewi"] == {"2"}


@pytest.mark.parametrize("birth_family", ["alone", "with her parents", "with a partner"])
@pytest.mark.parametrize("adoptive", ["single mother", "couple"])
@pytest.mark.parametrize("adoptive_born", [None, 1975])
def test_an_adopted_girl_is_drawn_once_with_her_birth_mother_beside_her_adoptive_parents(
        birth_family: str, adoptive: str, adoptive_born: int | None, tmp_path: Path) -> None:
    """A girl adopted by a woman (or a couple) with no family drawn, and listed too under her birth
    mother's union.  Nothing but the adopted child joins the birth mother's side to the rest, so it
    was placed by birth years alone: with no year on the adoptive mother, the birth mother stood in
    the girl's own row and the girl was drawn twice.  Her birth mother now stands in her adoptive
    parents' row, just above her, and everyone is drawn once."""
    people: list[dict[str, Any]] = [
        {"id": "wulan", "name": "Wulan", "sex": "female", "lives_with_client": True,
         **({"born": adoptive_born} if adoptive_born else {})},
        {"id": "ursula", "name": "Ursula", "sex": "female", "born": 2007, "lives_with_client": True},
        {"id": "siti", "name": "Siti", "sex": "female", "born": 1981},
        {"id": "eko", "name": "Eko", "sex": "male"}]
    adoptive_parents = ["wulan"]
    if adoptive == "couple":
        people.append({"id": "bayu", "name": "Bayu", "sex": "male", "born": 1970})
        adoptive_parents = ["bayu", "wulan"]
    unions: list[dict[str, Any]] = [
        {"partners": ["siti"], "children": ["ursula"]},
        {"partners": adoptive_parents, "children": [{"id": "ursula", "relation": "adopted"}]}]
    if birth_family == "with her parents":
        people += [{"id": "kakek", "name": "Kakek", "sex": "male", "born": 1950},
                   {"id": "nenek", "name": "Nenek", "sex": "female", "born": 1955},
                   {"id": "tante", "name": "Tante", "sex": "female", "born": 1984}]
        unions.append({"partners": ["kakek", "nenek"], "children": ["siti", "tante"]})
    elif birth_family == "with a partner":
        people.append({"id": "joko", "name": "Joko", "sex": "male", "born": 1979})
        unions[0] = {"partners": ["joko", "siti"], "status": "separated", "children": ["ursula"]}
    data = {"socialmaps": 1, "case": {"id": "ADOPT", "language": "id", "client": "eko"},
            "people": people, "unions": unions}
    svg = render(load_text(yaml.safe_dump(data, sort_keys=False)), "genogram").svg
    [report] = check_data(data, [svg], tmp_path)
    rules = (*RULES, "children-order", "partner-order")
    assert not broken(report, rules), broken(report, rules)
    drawn = read(svg)
    assert drawn.copies == []
    y = {pid: centres[0][1] for pid, centres in drawn.at.items()}
    assert y["siti"] == y["wulan"] < y["ursula"]


@pytest.mark.parametrize("fostered", [2, 3])
@pytest.mark.parametrize("carers", ["maternal", "paternal"])
@pytest.mark.parametrize("parents", ["couple", "mother alone"])
def test_brothers_and_sisters_raised_by_their_grandparents_are_each_drawn_once(
        fostered: int, carers: str, parents: str, tmp_path: Path) -> None:
    """Grandparents who foster two or three of their grandchildren, brothers and sisters (their mother
    works abroad, their father died), list them all.  Each grandchild had a chain of its own down
    from the grandparents, and every chain but one failed: the client was drawn twice, the copy
    under the grandparents in the middle of the page.  The grandchildren now share one chain, which
    runs across under their own sibship's bar to each of them: each drawn once, with a line from
    both unions, crossing only their own lines down (a crossing for each brother or sister between)."""
    kids = [f"c{i}" for i in range(fostered)]
    data = _raised_by_grandparents(kids, kids, carers, parents)
    svg = render(load_text(yaml.safe_dump(data, sort_keys=False)), "genogram").svg
    [report] = check_data(data, [svg], tmp_path)
    rules = tuple(rule for rule in RULES if rule != "crossing")
    assert not broken(report, rules), broken(report, rules)
    assert report["metrics"]["crossings"] <= fostered - 1
    drawn = read(svg)
    assert drawn.copies == []
    for kid in kids:  # one line from the parents and one from the grandparents end at each symbol
        lines = sorted(union for union, child, _ in drawn.descents if child == kid)
        assert lines == ["u-home", f"u-{carers}"]


def _raised_by_grandparents(kids: list[str], fostered: list[str], carers: str, parents: str
                            ) -> dict[str, Any]:
    """A case: the grandchildren ``kids`` (eldest first) under their mother (and father), the
    ``fostered`` of them listed again under the ``carers``' union (maternal or paternal grandparents),
    whom they live with; the client the eldest fostered."""
    people = [("kakek", "male", 1950), ("nenek", "female", 1953), ("opa", "male", 1948),
              ("oma", "female", 1951), ("ayah", "male", 1975), ("ibu", "female", 1978),
              ("om", "male", 1980), ("tante", "female", 1972)]
    people += [(kid, "female" if i % 2 else "male", 2008 + 2 * i) for i, kid in enumerate(kids)]
    carer_union = ["kakek", "nenek"] if carers == "maternal" else ["opa", "oma"]
    home = {"id": "u-home", "partners": ["ibu"] if parents == "mother alone" else ["ayah", "ibu"],
            "children": kids}
    unions: list[dict[str, Any]] = [
        {"id": "u-maternal", "partners": ["kakek", "nenek"], "children": ["ibu", "om"]},
        {"id": "u-paternal", "partners": ["opa", "oma"], "children": ["tante", "ayah"]},
        home]
    if parents == "mother alone":
        people = [p for p in people if p[0] != "ayah"]
        unions[1]["children"] = ["tante"]
    for union in unions:
        if union["partners"] == carer_union:
            union["children"] += [{"id": kid, "relation": "foster"} for kid in fostered]
    return {"socialmaps": 1, "case": {"id": "GP", "language": "id", "client": fostered[0]},
            "people": [{"id": pid, "name": pid.capitalize(), "sex": sex, "born": born,
                        **({"lives_with_client": True} if pid in (*fostered, *carer_union) else {})}
                       for pid, sex, born in people],
            "unions": unions}


@pytest.mark.parametrize(("kids", "fostered"), [(3, (0, 2)), (4, (0, 3)), (4, (0, 2)), (4, (1, 3))])
# (the father's parents where he is not in the file foster them from the mother's row, one row down:
# there the grandchildren apart are still drawn twice)
@pytest.mark.parametrize(("carers", "parents"), [("maternal", "couple"), ("paternal", "couple"),
                                                 ("maternal", "mother alone")])
def test_grandchildren_raised_apart_from_a_brother_between_them_are_each_drawn_once(
        kids: int, fostered: tuple[int, ...], carers: str, parents: str, tmp_path: Path) -> None:
    """Grandparents who foster the eldest and the youngest of three grandchildren (the one between
    stays with the mother): the chain down to the eldest went on only to a brother or sister next
    in birth order, so the youngest had a chain of her own, which failed: the client was drawn
    twice.  The chain now goes on to her across the line down to the one between: each drawn once,
    with a line from both unions, crossing only the lines down to the brothers and sisters."""
    names = [f"c{i}" for i in range(kids)]
    raised = [names[i] for i in fostered]
    data = _raised_by_grandparents(names, raised, carers, parents)
    svg = render(load_text(yaml.safe_dump(data, sort_keys=False)), "genogram").svg
    [report] = check_data(data, [svg], tmp_path)
    rules = tuple(rule for rule in RULES if rule != "crossing")
    assert not broken(report, rules), broken(report, rules)
    drawn = read(svg)
    assert drawn.copies == []
    assert report["metrics"]["crossings"] <= kids
    for crossing in (v["message"] for v in report["violations"] if v["rule"] == "crossing"):
        assert "u-home->" in crossing and f"u-{carers}->" in crossing, crossing
    for kid in raised:
        lines = sorted(union for union, child, _ in drawn.descents if child == kid)
        assert lines == ["u-home", f"u-{carers}"]


def _raised_by_an_aunt(aunt_elder: bool, fostered: tuple[int, ...], cousin: bool) -> dict[str, Any]:
    """The mother's sister (and her husband) foster some of her sister's three children, who live with
    them and the client (the eldest fostered); with ``cousin``, the aunt has a daughter of her own,
    born before them where the aunt is the elder sister, after them where she is the younger (born
    otherwise, her daughter stands between her and the fostered in birth order: one is out of order)."""
    kids = ["k0", "k1", "k2"]
    chosen = [kids[i] for i in fostered]
    born = {"k0": 2005, "k1": 2008, "k2": 2012}
    people = [{"id": "kakek", "name": "Kakek", "sex": "male", "born": 1950},
              {"id": "nenek", "name": "Nenek", "sex": "female", "born": 1953},
              {"id": "ayah", "name": "Ayah", "sex": "male", "born": 1975},
              {"id": "ibu", "name": "Ibu", "sex": "female", "born": 1978},
              {"id": "bibi", "name": "Bibi", "sex": "female", "born": 1976 if aunt_elder else 1982,
               "lives_with_client": True},
              {"id": "paman", "name": "Paman", "sex": "male", "born": 1974 if aunt_elder else 1980,
               "lives_with_client": True}]
    people += [{"id": k, "name": k.upper(), "sex": "male" if k != "k1" else "female", "born": born[k],
                "lives_with_client": k in chosen} for k in kids]
    own = []
    if cousin:
        people.append({"id": "sepupu", "name": "Sepupu", "sex": "female",
                       "born": 2002 if aunt_elder else 2014, "lives_with_client": True})
        own = ["sepupu"]
    unions = [{"id": "u-kn", "partners": ["kakek", "nenek"],
               "children": ["bibi", "ibu"] if aunt_elder else ["ibu", "bibi"]},
              {"id": "u-ai", "partners": ["ayah", "ibu"], "status": "divorced", "children": kids},
              {"id": "u-pb", "partners": ["paman", "bibi"],
               "children": (own if aunt_elder else []) + [{"id": k, "relation": "foster"} for k in chosen]
               + ([] if aunt_elder else own)}]
    case = {"id": "AUNT", "language": "id", "client": chosen[0]}
    return {"socialmaps": 1, "case": case, "people": people, "unions": unions}


@pytest.mark.parametrize(("aunt_elder", "fostered"), [(False, (0, 1)), (True, (1, 2)), (True, (2,)),
                                                       (False, (0,)), (True, (0, 1))])
@pytest.mark.parametrize("cousin", [False, True])
def test_children_raised_by_their_aunt_are_each_drawn_once(aunt_elder: bool, fostered: tuple[int, ...],
                                                           cousin: bool, tmp_path: Path) -> None:
    """Kinship care by an aunt, the most ordinary kind: her sister's children who live with her were
    drawn at home, under her, and their parents' line could not reach them past their brother who
    stays with the parents: each fostered child, the client among them, was drawn twice.  Laid out
    under their parents too, the aunt's dotted line reaching them under their bar and across their
    brother's line down, each is drawn once, with a line from both families."""
    data = _raised_by_an_aunt(aunt_elder, fostered, cousin)
    svg = render(load_text(yaml.safe_dump(data, sort_keys=False)), "genogram").svg
    (report,) = check_data(data, [svg], tmp_path)
    assert report["metrics"]["copies"] == 0
    assert not broken(report, ("copy", "line-through-symbol", "line-overlap", "partners", "overlap",
                               "label-overlap", "label-on-symbol"))
    assert report["metrics"]["crossings"] <= 2
    drawn = read(svg)
    chosen = [f"k{i}" for i in fostered]
    assert sorted((u, c) for u, c, _ in drawn.descents if c in chosen) == sorted(
        (u, c) for c in chosen for u in ("u-ai", "u-pb"))
