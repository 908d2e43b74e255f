"""Valid case files of tangled families, for the genogram's "every valid family draws" tests.

``tangled_case(seed)`` grows an ordinary family (couples, children, twins, losses), then
adds partnerships between any two people who are not each other's ancestors' children
in a loop (the validator's only rule): a parent with a child, a man with his ex-wife's
mother, a woman with her stepson, a twin's partner with the twins' niece, cousins; some
of them with children of their own, some adopting someone already in the family (who may
be a twin in both unions).  ``hard_shapes()`` names the small cases of issue 10 one by one.
Everything is driven by one seeded ``random.Random`` and returned as YAML text.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass, field


@dataclass
class _Union:
    id: str
    partners: list[str]
    children: list[dict[str, str]] = field(default_factory=list)
    twins: list[list[str]] = field(default_factory=list)
    pregnancies: int = 0


@dataclass
class _Case:
    people: dict[str, tuple[str, int]] = field(default_factory=dict)  # id -> (sex, born)
    unions: list[_Union] = field(default_factory=list)
    parents: dict[str, set[str]] = field(default_factory=dict)  # every relation: the validator's graph

    def person(self, sex: str, born: int) -> str:
        pid = f"p{len(self.people) + 1}"
        self.people[pid] = (sex, born)
        self.parents[pid] = set()
        return pid

    def ancestors(self, pid: str) -> set[str]:
        out: set[str] = set()
        stack = [pid]
        while stack:
            for q in self.parents[stack.pop()]:
                if q not in out:
                    out.add(q)
                    stack.append(q)
        return out

    def union(self, partners: list[str], n_children: int, rng: random.Random,
              twins_p: float = 0.25) -> _Union:
        union = _Union(f"u{len(self.unions) + 1}", partners)
        self.unions.append(union)
        born = max(self.people[p][1] for p in partners) + 20
        for _ in range(n_children):
            kid = self.person(rng.choice(["male", "female"]), born)
            self.adopt(union, kid, "biological")
            if rng.random() < twins_p:
                twin = self.person(rng.choice(["male", "female"]), born)
                self.adopt(union, twin, "biological")
                union.twins.append([kid, twin])
            born += rng.randint(1, 4)
        if rng.random() < 0.2:
            union.pregnancies += 1
        return union

    def adopt(self, union: _Union, kid: str, relation: str) -> None:
        union.children.append({"id": kid, "relation": relation})
        self.parents[kid].update(union.partners)

    def yaml(self, case_id: str) -> str:
        # JSON is YAML: one line per person and union keeps the file easy to read in a failure
        lines = ["socialmaps: 1",
                 f"case: {{id: {case_id}, title: Tangled, language: en, client: p1}}",
                 "people:"]
        for pid, (sex, born) in self.people.items():
            lines.append(f"  - {{id: {pid}, name: {pid.upper()}, sex: {sex}, born: {born}}}")
        lines.append("unions:")
        for u in self.unions:
            entry: dict[str, object] = {"id": u.id, "partners": u.partners,
                                        "children": [c if c["relation"] != "biological" else c["id"]
                                                     for c in u.children]}
            if u.twins:
                entry["twins"] = [{"members": t} for t in u.twins]
            if u.pregnancies:
                entry["pregnancies"] = [{"outcome": "miscarriage"}] * u.pregnancies
            lines.append("  - " + json.dumps(entry))
        return "\n".join(lines) + "\n"


def tangled_case(seed: int, *, generations: int = 4, extra: int = 4) -> str:
    """A valid case file (YAML text) of a family with ``extra`` partnerships across it."""
    rng = random.Random(seed)
    c = _Case()
    founders = [c.person("male", 1900), c.person("female", 1902)]
    level = [k["id"] for k in c.union(founders, rng.randint(2, 3), rng).children]
    for _ in range(generations - 2):
        nxt: list[str] = []
        for pid in level:
            if rng.random() < 0.75:
                sex, born = c.people[pid]
                spouse = c.person("female" if sex == "male" else "male", born)
                nxt += [k["id"] for k in c.union([pid, spouse], rng.randint(0, 3), rng).children]
        level = nxt or level
    everyone = sorted(c.people, key=lambda p: int(p[1:]))
    for _ in range(extra):
        a, b = rng.sample(everyone, 2)  # anyone: a parent and child too (the validator allows it)
        u = c.union([a, b], rng.choice([0, 0, 1, 2]), rng)
        if rng.random() < 0.3:
            kid = rng.choice(everyone)
            ancestry = c.ancestors(a) | c.ancestors(b) | {a, b}
            if kid not in ancestry and all(k["id"] != kid for k in u.children):
                c.adopt(u, kid, rng.choice(["adopted", "foster", "step"]))
                twins_elsewhere = [t for v in c.unions for t in v.twins if kid in t]
                bio = [k["id"] for k in u.children if k["relation"] == "biological"
                       and all(k["id"] not in t for t in u.twins)]
                if twins_elsewhere and bio:
                    u.twins.append([kid, bio[0]])  # a twin in two twin sets
        everyone = sorted(c.people, key=lambda p: int(p[1:]))
    return c.yaml(f"T{seed}")


def _case(people: str, unions: str, client: str = "p1") -> str:
    return (f"socialmaps: 1\ncase: {{id: SHAPE, title: Shape, language: en, client: {client}}}\n"
            f"people:\n{people}unions:\n{unions}")


def _people(*spec: str) -> str:
    out = []
    for item in spec:
        pid, sex, born = item.split(":")
        out.append(f"  - {{id: {pid}, name: {pid.upper()}, sex: {sex}, born: {born}}}\n")
    return "".join(out)


def hard_shapes() -> dict[str, str]:
    """Small valid families that once could not be drawn (issue 10), by name."""
    founders = ("gf:male:1920", "gm:female:1922")
    return {
        "incest-father-daughter": _case(
            _people(*founders, "d:female:1945", "p1:female:1965"),
            "  - {id: u1, partners: [gf, gm], children: [d]}\n"
            "  - {id: u2, partners: [gf, d], children: [p1]}\n"),
        "twin-partner-with-niece": _case(
            _people(*founders, "p1:male:1945", "b:male:1945", "q:female:1946", "p:female:1947",
                    "n:female:1968", "k:male:1990"),
            "  - {id: u1, partners: [gf, gm], children: [p1, b], twins: [{members: [p1, b]}]}\n"
            "  - {id: u2, partners: [b, q], children: [n]}\n"
            "  - {id: u3, partners: [p1, p]}\n"
            "  - {id: u4, partners: [p, n], children: [k]}\n"),
        "ex-wife-mother": _case(
            _people(*founders, "w:female:1948", "p1:male:1946", "k:male:1970", "j:female:1975"),
            "  - {id: u1, partners: [gf, gm], children: [w]}\n"
            "  - {id: u2, partners: [p1, w], status: divorced, children: [k]}\n"
            "  - {id: u3, partners: [p1, gm], children: [j]}\n"),
        "stepson": _case(
            _people("h:male:1930", "x:female:1932", "s:male:1955", "p1:female:1940", "k:female:1980"),
            "  - {id: u1, partners: [h, x], status: divorced, children: [s]}\n"
            "  - {id: u2, partners: [h, p1]}\n"
            "  - {id: u3, partners: [p1, s], children: [k]}\n"),
        "own-partners-parents-partner": _case(
            _people("a:male:1930", "b:female:1932", "c:female:1955", "p1:male:1950"),
            "  - {id: u1, partners: [a, b], children: [c]}\n"
            "  - {id: u2, partners: [p1, c]}\n"
            "  - {id: u3, partners: [p1, b]}\n"),
        "marriage-cycle": _case(
            _people(*founders, "a:male:1945", "b:female:1947", "c:male:1949", "x:female:1946",
                    "y:male:1944", "p1:female:1970", "z:male:1972"),
            "  - {id: u1, partners: [gf, gm], children: [a, b, c]}\n"
            "  - {id: u2, partners: [a, x], children: [p1]}\n"
            "  - {id: u3, partners: [b, y], children: [z]}\n"
            "  - {id: u4, partners: [c, p1]}\n"
            "  - {id: u5, partners: [x, z]}\n"
            "  - {id: u6, partners: [y, gm]}\n"),
        "twin-in-two-sets": _case(
            _people(*founders, "p1:female:1950", "t:female:1950", "f:male:1925", "g:female:1926",
                    "s:male:1950"),
            "  - {id: u1, partners: [gf, gm], children: [p1, t], twins: [{members: [p1, t]}]}\n"
            "  - {id: u2, partners: [f, g], children: [{id: p1, relation: foster}, s],"
            " twins: [{members: [p1, s]}]}\n"),
        "incest-chain": _case(
            _people("a:male:1900", "b:female:1902", "c:female:1920", "d:female:1940",
                    "e:female:1960", "p1:male:1980"),
            "  - {id: u1, partners: [a, b], children: [c]}\n"
            "  - {id: u2, partners: [a, c], children: [d]}\n"
            "  - {id: u3, partners: [a, d], children: [e]}\n"
            "  - {id: u4, partners: [a, e], children: [p1]}\n"),
        "grandmother-and-grandson": _case(
            _people(*founders, "m:female:1945", "f:male:1944", "p1:male:1965", "k:female:1990"),
            "  - {id: u1, partners: [gf, gm], children: [m]}\n"
            "  - {id: u2, partners: [f, m], children: [p1]}\n"
            "  - {id: u3, partners: [gm, p1], children: [k]}\n"),
    }
