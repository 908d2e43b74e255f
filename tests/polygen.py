"""Polygamous families, generated: a man married to three or four wives in turn (the dates in order),
some wives drawn under their own parents with a sibling, some with an earlier husband of their own,
children under every marriage, a client child and three more people at home (the families our first
users meet: his second wife the client's mother, her parents drawn, his third marriage after).
Seeded: the same family for the same seed, as YAML case text.
"""

from __future__ import annotations

import random

import yaml

from compactgen import CaseBuilder


def _any_sex(f: CaseBuilder) -> str:
    return f.rng.choice(["male", "female"])


def _wife(f: CaseBuilder, number: int) -> str:
    """The husband's wife ``number`` (0 first): on her own, or under her parents with a sibling (in
    either order), and maybe with an earlier husband and his children."""
    born = 1958 + 6 * number
    rng = f.rng
    if rng.random() < 0.45:
        father, mother = f.person("male", born - 28), f.person("female", born - 25)
        wife = f.person("female", born)
        siblings = [f.person(_any_sex(f), born + 3)] if rng.random() < 0.7 else []
        parents = f.union(father, mother, born - 2)
        parents["children"] += [wife, *siblings] if rng.random() < 0.5 else [*siblings, wife]
    else:
        wife = f.person("female", born)
    if rng.random() < 0.25:
        earlier = f.union(f.person("male", born - 3), wife, born + 18, status="divorced")
        for k in range(rng.randint(0, 2)):
            f.child(earlier, born + 19 + 2 * k)
    return wife


def poly_case(seed: int) -> str:
    """One polygamous family as case text (see the module)."""
    f = CaseBuilder(random.Random(f"poly-{seed}"))
    rng = f.rng
    grandparents = (f.person("male", 1930), f.person("female", 1934)) if rng.random() < 0.5 else None
    husband = f.person("male", 1955)
    if grandparents is not None:
        f.union(*grandparents, 1953)["children"] += [husband, f.person(_any_sex(f), 1958)]
    client = None
    for number in range(rng.choice([3, 3, 4])):
        wife = _wife(f, number)
        marriage = f.union(husband, wife, 1978 + 7 * number)
        kids = [f.child(marriage, 1980 + 7 * number + 2 * k) for k in range(rng.randint(1, 3))]
        if client is None and rng.random() < 0.6:
            client = kids[0]
    client = client or f.people[-1]["id"]
    home = {client, *rng.sample([p["id"] for p in f.people], 3)}
    for entry in f.people:
        if entry["id"] in home:
            entry["lives_with_client"] = True
    data = {"socialmaps": 1, "case": {"id": f"POLY-{seed}", "title": "Klien", "language": "id",
                                      "client": client, "date": "2025-06"},
            "people": f.people, "unions": f.unions}
    return yaml.safe_dump(data, sort_keys=False)
