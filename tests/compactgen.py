"""Hard family shapes of a given size, as case data, for the genogram's compactness tests.

Each shape is an ordinary family a social worker meets, grown from a seed: a man with three
marriages and half-siblings on both sides, ex-spouses who remarried, step, adopted and foster
children, a first-cousin and a double first-cousin marriage, five generations with both
grandparent couples' siblings.  ``shaped_family(shape, size, seed)`` adds children (and their
partners) until the family holds ``size`` people exactly; names are two words, as in the
seed cases ("Budi Santoso"), so labels are as wide as real ones.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any

FIRST = ("Budi", "Siti", "Agus", "Dewi", "Rina", "Joko", "Wati", "Eko", "Sri", "Andi", "Lina", "Hadi",
         "Yuni", "Rudi", "Tari", "Dian", "Fajar", "Nanda", "Sinta", "Bayu", "Citra", "Dimas", "Raka", "Putri")
LAST = ("Santoso", "Wijaya", "Lestari", "Saputra", "Rahayu", "Hidayat", "Kurnia", "Pratama", "Utami")


@dataclass
class CaseBuilder:
    """A case's people and unions as they are added (ids p1, p2 …, u1, u2 …; random names)."""

    rng: random.Random
    people: list[dict[str, Any]] = field(default_factory=list)
    unions: list[dict[str, Any]] = field(default_factory=list)

    def person(self, sex: str, born: int) -> str:
        pid = f"p{len(self.people) + 1}"
        name = f"{self.rng.choice(FIRST)} {self.rng.choice(LAST)}"
        self.people.append({"id": pid, "name": name, "sex": sex, "born": born})
        return pid

    def set_sex(self, pid: str, sex: str) -> None:
        next(p for p in self.people if p["id"] == pid)["sex"] = sex

    def born(self, pid: str) -> int:
        return next(int(p["born"]) for p in self.people if p["id"] == pid)

    def union(self, a: str, b: str | None, start: int, children: int = 0, **extra: Any) -> dict[str, Any]:
        partners = [a] if b is None else [a, b]
        union: dict[str, Any] = {"id": f"u{len(self.unions) + 1}", "partners": partners, "start": start,
                                 "children": [], **extra}
        self.unions.append(union)
        for i in range(children):
            self.child(union, start + 1 + 2 * i)
        return union

    def child(self, union: dict[str, Any], born: int, relation: str = "biological") -> str:
        kid = self.person(self.rng.choice(["male", "female"]), born)
        union["children"].append(kid if relation == "biological" else {"id": kid, "relation": relation})
        return kid

    def couple(self, born: int) -> tuple[str, str]:
        return self.person("male", born), self.person("female", born + 2)

    def grow(self, size: int) -> None:
        """Up to ``size`` people: a child for the couple with fewest children (the youngest first;
        at most four each), and a partner for a grown child now and then, who may have children
        in turn: families widen and deepen as real ones do."""
        while len(self.people) < size:
            couples = [u for u in self.unions if len(u["partners"]) == 2 and int(u["start"]) < 2015]
            couples = [u for u in couples if len(u["children"]) < 4] or couples
            union = min(couples, key=lambda u: (len(u["children"]), -int(u["start"]), u["id"]))
            kid = self.child(union, int(union["start"]) + 1 + 2 * len(union["children"]))
            if len(self.people) + 2 <= size and self.born(kid) < 1995 and self.rng.random() < 0.6:
                sex = "female" if self.people[-1]["sex"] == "male" else "male"
                spouse = self.person(sex, self.born(kid))
                pair = (kid, spouse) if sex == "female" else (spouse, kid)
                self.union(*pair, start=self.born(kid) + 24)

    def data(self, client: str) -> dict[str, Any]:
        case = {"id": "SHAPE", "title": "Shape", "language": "en", "client": client}
        return {"socialmaps": 1, "case": case, "people": self.people, "unions": self.unions}


def _three_marriages(f: CaseBuilder) -> str:
    """A man with three marriages, children by each; two wives with children from other partners."""
    man = f.person("male", 1960)
    wives = [f.person("female", 1962 + 4 * i) for i in range(3)]
    for i, wife in enumerate(wives):
        f.union(man, wife, 1985 + 8 * i, children=2 if i < 2 else 1,
                **({"status": "divorced", "end": 1992 + 8 * i} if i < 2 else {}))
    for wife in wives[:2]:
        other = f.person("male", 1958)
        f.union(other, wife, 1980 if wife == wives[0] else 2000, children=1)
    return str(f.unions[1]["children"][0])


def _remarried_exes(f: CaseBuilder) -> str:
    """Ex-spouses who both remarried, children in all three marriages."""
    a, b = f.couple(1955)
    f.union(a, b, 1978, children=2, status="divorced", end=1986)
    c = f.person("female", 1960)
    d = f.person("male", 1954)
    f.union(a, c, 1988, children=2)
    f.union(d, b, 1989, children=1)
    return str(f.unions[0]["children"][1])


def _step_adopted_foster(f: CaseBuilder) -> str:
    """A mother's child from before, a stepfather, an adopted and a foster child."""
    gf, gm = f.couple(1935)
    grand = f.union(gf, gm, 1958, children=2)
    mother = grand["children"][1]
    f.set_sex(mother, "female")
    father = f.person("male", 1958)
    first = f.union(father, mother, 1984, children=1, status="divorced", end=1990)
    step = f.person("male", 1960)
    home = f.union(step, mother, 1992, children=1)
    f.child(home, 1996, relation="adopted")
    f.child(home, 2004, relation="foster")
    home["children"].append({"id": first["children"][0], "relation": "step"})
    return str(home["children"][0])


def _cousins(f: CaseBuilder, double: bool) -> str:
    """A first-cousin marriage (double: two brothers married two sisters, and their children married)."""
    gf, gm = f.couple(1925)
    grand = f.union(gf, gm, 1948, children=2)
    s1, s2 = grand["children"]
    f.set_sex(s1, "male")
    f.set_sex(s2, "male") if double else "female"
    if double:
        of, om = f.couple(1926)
        other = f.union(of, om, 1949, children=2)
        for w in other["children"]:
            f.set_sex(w, "female")
        w1, w2 = other["children"]
    else:
        w1, w2 = f.person("female", 1951), f.person("male", 1952)
    u1 = f.union(s1, w1, 1972, children=2)
    u2 = f.union(s2, w2, 1974, children=2) if double else f.union(w2, s2, 1974, children=2)
    groom, bride = u1["children"][0], u2["children"][-1]
    f.set_sex(groom, "male")
    f.set_sex(bride, "female")
    f.union(groom, bride, 2000, children=1)
    return str(f.unions[-1]["children"][0])


def _five_generations(f: CaseBuilder) -> str:
    """Five generations; both grandparent couples with siblings of their own."""
    gg = f.union(*f.couple(1900), 1922, children=2)
    gg2 = f.union(*f.couple(1902), 1924, children=2)
    gf, gm = gg["children"][0], gg2["children"][1]
    f.set_sex(gf, "male")
    f.set_sex(gm, "female")
    grand = f.union(gf, gm, 1948, children=1)
    parent = grand["children"][0]
    f.set_sex(parent, "male")
    spouse = f.person("female", 1951)
    mid = f.union(parent, spouse, 1975, children=1)
    kid = mid["children"][0]
    f.set_sex(kid, "female")
    last = f.union(f.person("male", 1974), kid, 2000, children=1)
    return str(last["children"][0])


SHAPES = {
    "three-marriages": _three_marriages,
    "remarried-exes": _remarried_exes,
    "step-adopted-foster": _step_adopted_foster,
    "first-cousins": lambda f: _cousins(f, False),
    "double-cousins": lambda f: _cousins(f, True),
    "five-generations": _five_generations,
}


def shaped_family(shape: str, size: int, seed: int = 0) -> dict[str, Any]:
    """Case data of one shape (see SHAPES), grown to ``size`` people."""
    f = CaseBuilder(random.Random(f"{shape}-{size}-{seed}"))
    client = SHAPES[shape](f)
    f.grow(size)
    return f.data(client)


def mixed_family(size: int, seed: int = 0) -> dict[str, Any]:
    """Every shape in one family of ``size`` people: a man with three marriages whose eldest son
    married his first cousin, a stepfather with adopted and foster children, five generations."""
    f = CaseBuilder(random.Random(f"mixed-{size}-{seed}"))
    client = _three_marriages(f)
    man = f.unions[0]["partners"][0]
    gf, gm = f.couple(1932)
    grand = f.union(gf, gm, 1956, children=0)
    grand["children"].append(man)
    aunt = f.child(grand, 1963)
    f.set_sex(aunt, "female")
    cousin_union = f.union(f.person("male", 1961), aunt, 1986, children=1)
    cousin = cousin_union["children"][0]
    f.set_sex(cousin, "female")
    son = f.unions[0]["children"][0]
    f.set_sex(son, "male")
    f.union(son, cousin, 2010, children=1)
    step = f.person("male", 1962)
    third_wife = f.unions[2]["partners"][1]
    home = f.union(step, third_wife, 2012, children=0)
    f.child(home, 2013, relation="adopted")
    f.child(home, 2015, relation="foster")
    f.grow(size)
    return f.data(client)


def exchange_family(size: int, seed: int = 0, meeting: bool = False) -> dict[str, Any]:
    """Two sibships joined by two marriages, as when two brothers marry two sisters: the eldest
    brother the eldest sister and the second the second (``meeting``: the youngest brother the
    eldest sister and the eldest brother the second sister, so that one couple can stand where the
    two sibships meet, each in birth order); both couples with children, the client a child of the
    second couple.  Returns the case data, grown to ``size`` people, and the four partners under
    ``exchange`` (not a case field: the tests read it and drop it)."""
    f = CaseBuilder(random.Random(f"exchange-{size}-{seed}-{meeting}"))
    his = f.union(*f.couple(1943), 1968)
    hers = f.union(*f.couple(1945), 1970)
    brothers = [f.child(his, 1969 + 2 * i) for i in range(3)]
    sisters = [f.child(hers, 1971 + 2 * i) for i in range(3)]
    for b, s in zip(brothers, sisters, strict=True):
        f.set_sex(b, "male")
        f.set_sex(s, "female")
    pairs = [(brothers[2], sisters[0]), (brothers[0], sisters[1])] if meeting else \
        [(brothers[0], sisters[0]), (brothers[1], sisters[1])]
    for k, (b, s) in enumerate(pairs):
        f.union(b, s, 1996 + 2 * k, children=2)
    client = str(f.unions[-1]["children"][0])
    f.grow(size)
    data = f.data(client)
    data["exchange"] = [p for pair in pairs for p in pair]
    return data
