"""Random households for the ecomap centre tests and benchmarks.

``generate_household(seed)`` returns a case (as a dict, ready for ``yaml.safe_dump``) whose
ecomap has the household in the centre: 2 to 9 people at home, drawn from a mother (always), a
father or a stepfather (married or living together), children of the current union and of an
earlier one whose father lives elsewhere, a child of a mother's union with no partner named, and
grandparents; then 5 to 25 systems, ties from up to 5 of the members to them, ties from the
centre, between systems, to a relative outside, and between two members.  Everything is driven by
one seeded ``random.Random``, so a seed names one household for good.
"""

from __future__ import annotations

import random
from typing import Any

KINDS = ("family", "extended-family", "friends", "school", "work", "health", "religion",
         "social-services", "recreation", "legal", "neighbourhood", "other")
WORDS = ("Northside", "Riverbank", "Eastgate", "Hillcrest", "Lakeview", "Westfield", "Kingsway",
         "Elmwood", "Bayside", "Oakridge")
PLACES = ("School", "Clinic", "Mosque", "Church", "Club", "Office", "Centre", "Group", "Court", "Team")
STRENGTHS = ("strong", "moderate", "weak", "broken")
FLOWS = ("none", "to", "from", "both")


class _Household:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.people: list[dict[str, Any]] = []
        self.unions: list[dict[str, Any]] = []
        self.home: list[str] = []

    def person(self, name: str, sex: str, born: int, home: bool) -> str:
        pid = f"{name.lower()}{len(self.people)}"
        self.people.append({"id": pid, "name": name, "sex": sex, "born": born, "lives_with_client": home})
        if home:
            self.home.append(pid)
        return pid

    def child(self, born: int) -> str:
        sex = self.rng.choice(["male", "female", "female", "male", "unknown"])
        return self.person(self.rng.choice(["Adi", "Bela", "Cici", "Dedi", "Eka", "Fani"]), sex, born, True)


def _family(rng: random.Random, size: int) -> _Household:
    """A household of `size` people (2..9) round a mother."""
    h = _Household(rng)
    mother = h.person("Mother", "female", 1980, True)
    shape = rng.choice(["couple", "step", "single", "step", "couple"])
    grand = rng.random() < 0.5 and size >= 4
    if grand:
        grandparents = [h.person("Grandma", "female", 1950, True)]
        if rng.random() < 0.5 and size >= 5:
            grandparents.append(h.person("Grandpa", "male", 1948, True))
        h.unions.append({"id": "ug", "partners": grandparents, "children": [mother]})
    if shape in ("couple", "step"):
        partner = h.person("Father" if shape == "couple" else "Stepfather", "male", 1978, True)
        current = {"id": "u1", "partners": [partner, mother],
                   "type": rng.choice(["married", "cohabiting"]), "children": []}
        h.unions.append(current)
    else:
        current = None
    earlier: dict[str, Any] | None = None
    if shape in ("step", "single"):
        absent = h.person("Father", "male", 1976, False)
        earlier = {"id": "u0", "partners": [absent, mother], "status": rng.choice(["divorced", "separated"]),
                   "children": []}
        h.unions.append(earlier)
    alone: dict[str, Any] | None = None
    if rng.random() < 0.3:
        alone = {"id": "u2", "partners": [mother], "children": []}
        h.unions.append(alone)
    homes = [u for u in (earlier, current, alone) if u is not None]
    year = 2004
    while len(h.home) < size:
        union = rng.choice(homes)
        kid = h.child(year)
        relation = rng.choice(["biological"] * 4 + ["adopted", "foster"])
        union["children"].append(kid if relation == "biological" else {"id": kid, "relation": relation})
        year += 1 + rng.randrange(3)
    return h


def generate_household(seed: int, members: int | None = None, systems: int | None = None) -> dict[str, Any]:
    rng = random.Random(seed)
    size = members if members is not None else rng.randint(2, 9)
    h = _family(rng, size)
    home = list(h.home)
    kids = [p["id"] for p in h.people if p["lives_with_client"] and p["born"] >= 2004]
    client = rng.choice(kids) if kids else home[0]
    outside = [p["id"] for p in h.people if not p["lives_with_client"]]
    uncle = h.person("Uncle", "male", 1975, False)
    outside.append(uncle)
    n_systems = systems if systems is not None else rng.randint(5, 25)
    tying = rng.sample(home, min(len(home), rng.randint(1, 5)))
    if client not in tying:
        tying[0] = client
    system_list = []
    ties: list[dict[str, Any]] = []
    for i in range(n_systems):
        sid = f"s{i + 1:02d}"
        name = f"{rng.choice(WORDS)} {rng.choice(PLACES)}"
        if rng.random() < 0.3:
            name += " of the district"
        system_list.append({"id": sid, "name": name, "kind": rng.choice(KINDS), "size": rng.randint(1, 3)})
        roll = rng.random()
        if roll < 0.75:
            ends = [rng.choice(tying), sid]
        elif roll < 0.9:
            ends = ["center", sid]
        else:
            continue
        if rng.random() < 0.3:
            ends.reverse()
        ties.append(_tie(rng, ends))
        if rng.random() < 0.1:
            ties.append(_tie(rng, [rng.choice(tying), sid]))  # a second member tied to the same system
    if n_systems >= 2 and rng.random() < 0.5:
        ties.append(_tie(rng, ["s01", "s02"]))
    for other in outside:
        if rng.random() < 0.6:
            ties.append(_tie(rng, [rng.choice(tying), other]))
    pairs = [(a, b) for a in home for b in home if a < b]
    for a, b in rng.sample(pairs, min(len(pairs), rng.randint(0, 2))):
        ties.append(_tie(rng, [a, b]))
    return {
        "socialmaps": 1,
        "case": {"id": f"HH-{seed}", "title": f"Household {seed}", "language": "en", "client": client,
                 "date": "2024-06-01"},
        "people": h.people,
        "unions": h.unions,
        "ecomap": {"center": "household", "systems": system_list, "ties": ties},
    }


def _tie(rng: random.Random, ends: list[str]) -> dict[str, Any]:
    tie: dict[str, Any] = {"from": ends[0], "to": ends[1], "strength": rng.choice(STRENGTHS),
                           "stress": rng.random() < 0.3, "flow": rng.choice(FLOWS)}
    if rng.random() < 0.2:
        tie["note"] = rng.choice(["often", "weekly visits", "conflict over money", "helps a lot"])
    return tie


def generate_fan(seed: int, members: int | None = None, systems: int | None = None) -> dict[str, Any]:
    """A household of `generate_household`'s families whose ties can always be drawn uncrossed: 4 to
    9 systems, each tied to one of up to 5 members or to the whole centre, and no other tie (no
    tie between members, between systems or to a relative outside, any of which may leave no order
    of the systems without a crossing)."""
    rng = random.Random(10_000 + seed)
    size = members if members is not None else rng.randint(2, 9)
    h = _family(rng, size)
    home = list(h.home)
    kids = [p["id"] for p in h.people if p["lives_with_client"] and p["born"] >= 2004]
    client = rng.choice(kids) if kids else home[0]
    tying = rng.sample(home, min(len(home), rng.randint(1, 5)))
    if client not in tying:
        tying[0] = client
    n_systems = systems if systems is not None else rng.randint(4, 9)
    system_list = []
    ties: list[dict[str, Any]] = []
    for i in range(n_systems):
        sid = f"s{i + 1:02d}"
        system_list.append({"id": sid, "name": f"{rng.choice(WORDS)} {rng.choice(PLACES)}",
                            "kind": rng.choice(KINDS), "size": rng.randint(1, 3)})
        ends = [rng.choice(tying) if rng.random() < 0.85 else "center", sid]
        if rng.random() < 0.3:
            ends.reverse()
        ties.append(_tie(rng, ends))
    return {
        "socialmaps": 1,
        "case": {"id": f"FAN-{seed}", "title": f"Household {seed}", "language": "en", "client": client,
                 "date": "2024-06-01"},
        "people": h.people,
        "unions": h.unions,
        "ecomap": {"center": "household", "systems": system_list, "ties": ties},
    }
