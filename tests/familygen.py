"""Random families for the genogram layout tests and benchmarks.

``generate_family(seed, ...)`` grows a family from one founding couple, generation by
generation: descendants take one or more partners (some married in alone, some with
their own parents and siblings, some bringing children of an earlier union, so that
half-siblings appear on both sides), unions have children with twins, pregnancies
(child slots) and adopted children, sometimes a child is also listed under foster
parents, and optionally a cousin marriage.
``person_entries`` and ``union_entries`` write a family as a case file's plain data.
``shuffled(family, seed)`` returns the same family with every tuple but a union's partners reordered.
Everything is driven by one seeded ``random.Random``.
"""

from __future__ import annotations

import random
from collections.abc import Collection
from typing import Any

from socialmaps.diagrams.genogram.family import ChildSlot, Family, FamilyPerson, FamilyUnion


class _Builder:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.people: dict[str, FamilyPerson] = {}
        self.unions: list[FamilyUnion] = []
        self.partner_count: dict[str, int] = {}
        self.n_slots = 0

    def person(self, born: float, sex: str | None = None) -> str:
        pid = f"p{len(self.people) + 1}"
        self.people[pid] = FamilyPerson(pid, sex or self.rng.choice(["male", "female"]),
                                        round(born, 2), float(self.rng.choice([50, 60, 60, 70, 90])))
        self.partner_count[pid] = 0
        return pid

    def union(self, partners: tuple[str, ...], start: float, n_children: int,
              twins_p: float = 0.12, slot_p: float = 0.15, adopt_p: float = 0.08) -> list[str]:
        uid = f"u{len(self.unions) + 1}"
        for p in partners:
            self.partner_count[p] += 1
        children: list[str] = []
        twins: list[tuple[str, ...]] = []
        year = start + self.rng.uniform(0.5, 3)
        for _ in range(n_children):
            if self.rng.random() < adopt_p:
                children.append(self.person(year - self.rng.uniform(0, 5)))  # adopted: born elsewhere
            else:
                children.append(self.person(year))
            if self.rng.random() < twins_p:
                children.append(self.person(year))
                twins.append((children[-2], children[-1]))
            year += self.rng.uniform(1, 4)
        slots = []
        if self.rng.random() < slot_p:
            self.n_slots += 1
            slots.append(ChildSlot(f"s{self.n_slots}", self.rng.randint(0, len(children)), 40.0))
        self.unions.append(FamilyUnion(uid, partners, tuple(children), round(start, 2), tuple(twins),
                                       tuple(slots)))
        return children

    def family(self) -> Family:
        return Family(tuple(self.people.values()), tuple(self.unions))


def generate_family(seed: int | random.Random, *, generations: int = 4, fanout: float = 3.0,
                    max_partners: int = 2, in_law_family_p: float = 0.45, blended_p: float = 0.2,
                    second_partner_p: float = 0.25, cousin_marriage: bool = False,
                    min_people: int = 0, max_people: int = 0, foster_p: float = 0.3) -> Family:
    """A random family; ``max_partners`` caps partners per person (3 allows a third).

    ``foster_p`` is the chance that one child is also listed (as ``secondary``) under
    another union, as foster parents.  ``min_people`` regenerates (with the same
    generator) until the family is that big; ``max_people`` stops adding partners
    once the family is that big.
    """
    rng = seed if isinstance(seed, random.Random) else random.Random(seed)
    b = _Builder(rng)
    a0 = b.person(1920 + rng.uniform(0, 5), "male")
    b0 = b.person(1922 + rng.uniform(0, 5), "female")
    lineage = b.union((a0, b0), 1945, max(2, round(rng.gauss(fanout, 1))))
    for gen in range(1, generations - 1):
        next_lineage: list[str] = []
        for pid in lineage:
            if max_people and len(b.people) >= max_people:
                break
            born = b.people[pid].birth_key or 1950.0
            n_partners = 0 if rng.random() < 0.12 else 1
            if n_partners and max_partners >= 2 and rng.random() < second_partner_p:
                n_partners = 2
            if n_partners == 2 and max_partners >= 3 and rng.random() < 0.3:
                n_partners = 3
            for k in range(n_partners):
                start = born + 22 + 9 * k + rng.uniform(0, 4)
                spouse = b.person(born + rng.uniform(-3, 3))
                roll = rng.random()
                if roll < in_law_family_p:
                    # married in with parents (and siblings) of their own
                    gp1 = b.person(born - 27, "male")
                    gp2 = b.person(born - 25, "female")
                    n_sibs = rng.randint(0, 3)
                    pos = rng.randint(0, n_sibs)
                    sibs = [b.person(born + rng.uniform(-6, 6)) for _ in range(n_sibs)]
                    sibs.insert(pos, spouse)
                    b.unions.append(FamilyUnion(f"u{len(b.unions) + 1}", (gp1, gp2), tuple(sibs),
                                                born - 28))
                    b.partner_count[gp1] += 1
                    b.partner_count[gp2] += 1
                elif roll < in_law_family_p + blended_p and max_partners >= 2:
                    # brings children of an earlier union: half-siblings on the spouse's side
                    ex = b.person(born + rng.uniform(-3, 3))
                    b.union((spouse, ex), start - 8, rng.randint(1, 2), slot_p=0.0, adopt_p=0.0)
                kids = b.union((pid, spouse), start, max(0, round(rng.gauss(fanout - 0.6, 1.2))))
                if gen < generations - 2:
                    next_lineage.extend(kids)
        if not next_lineage:
            break
        lineage = next_lineage
    if foster_p and rng.random() < foster_p:
        _foster(b, rng)
    if cousin_marriage:
        _marry_cousins(b, rng)
    family = b.family()
    if min_people and len(family.people) < min_people:
        return generate_family(rng, generations=generations, fanout=fanout, max_partners=max_partners,
                               in_law_family_p=in_law_family_p, blended_p=blended_p,
                               second_partner_p=second_partner_p, cousin_marriage=cousin_marriage,
                               min_people=min_people, max_people=max_people, foster_p=foster_p)
    return family


def sized_family(size: int) -> Family:
    """A family of exactly `size` people, the same every time: what the benchmarks time."""
    big = size >= 500
    return generate_family(random.Random(size), generations=6 if big else 5, fanout=3.4 if big else 3.0,
                           min_people=size, max_people=size)


def _foster(b: _Builder, rng: random.Random) -> None:
    """List a child of one union also under another union of its parents' generation."""
    parents_of = {c: u for u in b.unions for c in u.children}
    candidates = sorted(c for c in parents_of if b.partner_count[c] == 0)
    if not candidates:
        return
    child = rng.choice(candidates)
    own = parents_of[child]
    others = [i for i, u in enumerate(b.unions) if u is not own and u.children
              and all(p not in parents_of or parents_of[p] is not own for p in u.partners)]
    if not others:
        return
    i = rng.choice(others)
    u = b.unions[i]
    b.unions[i] = FamilyUnion(u.id, u.partners, (*u.children, child), u.start_key, u.twins,
                              u.extra_slots, (*u.secondary, child))


def _marry_cousins(b: _Builder, rng: random.Random) -> None:
    """Marry two unmarried first cousins (children of two siblings) and give them a child."""
    parents_of = {c: u.partners for u in b.unions for c in u.children}
    grandunion = {}
    for c, ps in parents_of.items():
        for p in ps:
            if p in parents_of:
                grandunion.setdefault(c, set()).add(parents_of[p])
    single = sorted(c for c in grandunion if b.partner_count[c] == 0)
    pairs = [(x, y) for i, x in enumerate(single) for y in single[i + 1:]
             if grandunion[x] & grandunion[y] and parents_of[x] != parents_of[y]]
    if pairs:
        x, y = rng.choice(pairs)
        b.union((x, y), (b.people[x].birth_key or 1980) + 25, 2, slot_p=0.0, adopt_p=0.0)


def cousin_family() -> Family:
    """A small hand-made family: two brothers' children marry each other."""
    p = [FamilyPerson(i, s, y) for i, s, y in [
        ("gf", "male", 1920), ("gm", "female", 1922), ("s1", "male", 1945), ("s2", "male", 1948),
        ("w1", "female", 1946), ("w2", "female", 1950), ("c1", "male", 1970), ("c2", "female", 1972),
        ("c3", "female", 1973), ("c4", "male", 1975), ("k1", "male", 1995), ("k2", "female", 1997)]]
    u = [FamilyUnion("u0", ("gf", "gm"), ("s1", "s2"), 1944),
         FamilyUnion("u1", ("s1", "w1"), ("c1", "c2"), 1968),
         FamilyUnion("u2", ("s2", "w2"), ("c3", "c4"), 1971),
         FamilyUnion("u3", ("c1", "c4"), ("k1", "k2"), 1994)]
    return Family(tuple(p), tuple(u))


def shuffled(family: Family, seed: int) -> Family:
    """The same family with people, unions and twin groups listed in another order.

    The partners of a union keep their order: a couple of one sex stands in it."""
    rng = random.Random(seed)
    people = list(family.people)
    rng.shuffle(people)
    unions = []
    for u in family.unions:
        partners = list(u.partners)
        twins = list(u.twins)
        rng.shuffle(twins)
        slots = list(u.extra_slots)
        rng.shuffle(slots)
        unions.append(FamilyUnion(u.id, tuple(partners), u.children, u.start_key, tuple(twins),
                                  tuple(slots), u.secondary))
    rng.shuffle(unions)
    return Family(tuple(people), tuple(unions))


def person_entries(family: Family, living_with_client: Collection[str] = ()) -> list[dict[str, Any]]:
    """The family's people as a case file lists them: "Person <id>", sex, birth year, and
    ``lives_with_client`` for the ids given."""
    return [{"id": p.id, "name": f"Person {p.id}", "sex": p.sex,
             **({"born": int(p.birth_key)} if p.birth_key else {}),
             **({"lives_with_client": True} if p.id in living_with_client else {})} for p in family.people]


def union_entries(family: Family, secondary_relation: str = "adopted",
                  pregnancies: bool = False) -> list[dict[str, Any]]:
    """The family's unions as a case file lists them.  A child listed again under another union
    (the generator's ``secondary``) has ``secondary_relation`` there; with ``pregnancies`` every
    extra child slot is a miscarriage."""
    unions: list[dict[str, Any]] = []
    for u in family.unions:
        kids: list[Any] = [c if c not in u.secondary else {"id": c, "relation": secondary_relation}
                           for c in u.children]
        entry: dict[str, Any] = {"id": u.id, "partners": list(u.partners), "children": kids}
        if u.twins:
            entry["twins"] = [{"members": list(t)} for t in u.twins]
        if pregnancies and u.extra_slots:
            entry["pregnancies"] = [{"outcome": "miscarriage"} for _ in u.extra_slots]
        unions.append(entry)
    return unions
