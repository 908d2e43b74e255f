"""A person the centre's genogram draws twice (a foster child placed with relatives of their own
parents: the genogram's engine copies them to join both unions) is drawn twice in the ecomap's
centre too, as the genogram does: both drawings `sm-person` with the person's id, the second with
`data-duplicate-of`, each under its own union's descent; before, the copy and its descent were
left out and the foster parents' union showed no child."""

from __future__ import annotations

import yaml

from socialmaps import RenderOptions, load_text, render
from socialmaps.diagrams.ecomap.layout import layout
from socialmaps.style import load_style
from test_ecomap_centre import Centre, centre_faults

from conftest import EXAMPLES
from svgread import parse, parts

FOSTER = next(p for p in EXAMPLES if p.stem == "household-foster")


def _all_at_home() -> str:
    """household-foster with everyone living with the client, and an ecomap of the household; D's
    birth sister older than him (test_genogram_partners.older_birth_sister) and his twin, so that
    no drawing of him once keeps both sibships in birth order (with her younger, the centre draws
    him once; with her older but not his twin, he stands at the end of his sibship facing his
    foster parents, `units.bend_to_link`, and is drawn once too)."""
    text = FOSTER.read_text(encoding="utf-8")
    text = text.replace("born: 2016}", "born: 2009}").replace("children: [d, adik]", "children: [adik, d]")
    text = text.replace("born: 2013, lives_with_client", "born: 2009, lives_with_client")
    assert "born: 2009}" in text and "children: [adik, d]" in text
    data = yaml.safe_load(text)
    for union in data["unions"]:
        if union["id"] == "u-ayah-ibu":
            union["twins"] = [{"members": ["adik", "d"], "kind": "fraternal"}]
    for person in data["people"]:
        person["lives_with_client"] = True
    client = data["case"]["client"]
    data["ecomap"] = {"center": "household", "systems": [{"id": "sch", "name": "School", "kind": "school"}],
                      "ties": [{"from": client, "to": "sch", "strength": "strong"}]}
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True)


def test_a_copy_in_the_household_is_drawn() -> None:
    text = _all_at_home()
    lay = layout(load_text(text), load_style("default"))
    copies = [m for m in lay.center.members if m.copy_of is not None]
    assert [m.copy_of for m in copies] == ["d"]
    assert "d" in lay.center.member_ids and copies[0].id not in lay.center.member_ids
    # Each drawing hangs from a descent of its own union: the biological and the foster one.
    forms = [f for f in lay.center.forms if f.startswith("descent:")]
    assert "descent:foster" in forms
    for style in ("default", "print", "nsgc"):
        svg = render(load_text(text), "ecomap", RenderOptions(style=style)).svg
        people = [g for g in parts(parse(svg), "sm-person") if g.get("data-id") == "d"]
        assert len(people) == 2
        assert sorted(g.get("data-duplicate-of") or "" for g in people) == ["", "d"]
        assert centre_faults(svg) == []
        # The client's tie leaves from one drawing of them, joined to the school.
        assert any({a, b} == {"d", "sch"} for a, b, _lines, _heads in Centre(svg).ties)


def _blended_household() -> str:
    """A boy living with his mother, her second husband and their daughter, his younger sister,
    and his stepfather's daughter from a first marriage; the mother's and the stepfather's first
    spouses live elsewhere.  The second marriage lists all three older children as stepchildren."""
    people = [("budi", "Budi", "male", 1975, False), ("sari", "Sari", "female", 1978, True),
              ("joko", "Joko", "male", 1972, True), ("rina", "Rina", "female", 1974, False),
              ("andi", "Andi", "male", 2008, True), ("bela", "Bela", "female", 2010, True),
              ("citra", "Citra", "female", 2000, True), ("eka", "Eka", "female", 2016, True)]
    data = {
        "socialmaps": 1, "case": {"id": "BLENDED", "language": "id", "client": "andi"},
        "people": [{"id": i, "name": n, "sex": s, "born": b, "lives_with_client": home}
                   for i, n, s, b, home in people],
        "unions": [
            {"id": "u1", "partners": ["budi", "sari"], "status": "divorced", "start": 2006,
             "children": ["andi", "bela"]},
            {"id": "u2", "partners": ["joko", "rina"], "status": "divorced", "start": 1998,
             "children": ["citra"]},
            {"id": "u3", "partners": ["joko", "sari"], "start": 2014,
             "children": [{"id": "citra", "relation": "step"}, {"id": "andi", "relation": "step"},
                          {"id": "bela", "relation": "step"}, "eka"]}],
        "ecomap": {"center": "household",
                   "systems": [{"id": "sd", "name": "SD Negeri 3", "kind": "school"},
                               {"id": "kerja", "name": "Pabrik", "kind": "work"}],
                   "ties": [{"from": "andi", "to": "sd", "strength": "weak", "stress": True},
                            {"from": "joko", "to": "kerja", "strength": "strong"}]}}
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True)


def test_a_stepchild_in_the_household_is_drawn_once() -> None:
    """A blended family: both partners of the second marriage bring children of a first one, and
    the file lists all of them again under it as stepchildren.  Their lines from it and birth order
    cannot both hold (his stepsister, the eldest, stands under her own parents at the far side):
    before, the genogram drew the boy, the client, and his stepsister twice, and the household's
    small genogram drew them twice in the centre.  The remarriage beside their own parents tells
    that they are stepchildren (`genogram.layout.steps`): both drawings leave that marriage's step
    lines out, every one of them, and draw everybody once."""
    text = _blended_household()
    lay = layout(load_text(text), load_style("default"))
    assert [m.copy_of for m in lay.center.members if m.copy_of is not None] == []
    assert sorted(lay.center.member_ids) == ["andi", "bela", "citra", "eka", "joko", "sari"]
    for style in ("default", "print", "nsgc"):
        svg = render(load_text(text), "ecomap", RenderOptions(style=style)).svg
        ids = [g.get("data-id") for g in parts(parse(svg), "sm-person")]
        assert sorted(ids) == sorted(set(ids))
        assert centre_faults(svg) == []
        genogram = parse(render(load_text(text), "genogram", RenderOptions(style=style)).svg)
        drawn = [g.get("data-id") for g in parts(genogram, "sm-person")]
        assert sorted(drawn) == sorted(set(drawn))
        descents = sorted((g.get("data-union"), g.get("data-child"), g.get("data-relation"))
                          for g in parts(genogram, "sm-descent"))
        assert descents == [("u1", "andi", "biological"), ("u1", "bela", "biological"),
                            ("u2", "citra", "biological"), ("u3", "eka", "biological")]
        # no step line drawn: the legend does not explain one
        assert "stepchild" not in " ".join(t.text or "" for t in genogram.iter()).lower()
        assert "anak tiri" not in " ".join(t.text or "" for t in genogram.iter()).lower()


def test_twins_fostered_while_their_parents_live_elsewhere_are_drawn_once() -> None:
    # Twins whose parents both live elsewhere are laid out with them so that the twin mark joins
    # them; twins raised by foster parents at home hang from the foster parents' union, and the
    # birth parents' twin mark drew each of them a second time, an apex over two copies with no
    # parents: the centre draws them once now (the genogram keeps the birth parents' copies).
    from test_genogram_split_siblings import _twins_in_foster_care

    data = _twins_in_foster_care(twins=True)
    data["ecomap"] = {"center": "household",
                      "systems": [{"id": "sch", "name": "School", "kind": "school"},
                                  {"id": "dinsos", "name": "Social services", "kind": "social-services"}],
                      "ties": [{"from": "n", "to": "sch", "strength": "moderate"},
                               {"from": "n2", "to": "sch", "strength": "weak"},
                               {"from": "n", "to": "dinsos", "strength": "strong"},
                               {"from": "n", "to": "bf", "strength": "weak", "stress": True}]}
    text = yaml.safe_dump(data, sort_keys=False)
    lay = layout(load_text(text), load_style("default"))
    assert [m.copy_of for m in lay.center.members if m.copy_of is not None] == []
    assert {"n", "n2", "ff", "fm", "fk2"} <= set(lay.center.member_ids)
    svg = render(load_text(text), "ecomap").svg
    twins = [g.get("data-id") for g in parts(parse(svg), "sm-person") if g.get("data-id") in ("n", "n2")]
    assert sorted(twins) == ["n", "n2"]
    assert centre_faults(svg) == []
