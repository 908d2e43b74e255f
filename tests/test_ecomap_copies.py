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
