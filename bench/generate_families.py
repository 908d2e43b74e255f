"""Big genogram case files for the limits benchmark and the hang-guard tests, as YAML text.

    chain_case(generations)     one line of descent: each child marries in, one child each time
    family_case(people)         a realistic family of that size (tests/familygen.py, grown wide)
    wide_case(children)         one couple with that many children
    star_case(marriages)        one man married that many times, a child with each wife
    single_parents_case(n)      n single mothers (one-parent unions), sisters, a child each
    household_case(people, f)   family_case(people) with a share f of them in the household

Each returns a valid case file (format 1) that `socialmaps.load_text` reads; the
same arguments give the same text.  The files are written as JSON-style YAML flow
lines, one person or union per line, which is also what the YAML reader parses fastest.
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from familygen import generate_family, person_entries, union_entries


def _case(case_id: str, people: list[dict[str, Any]], unions: list[dict[str, Any]]) -> str:
    lines = ["socialmaps: 1", f"case: {{id: {case_id}, title: {case_id}, language: en}}", "people:"]
    lines += ["  - " + json.dumps(p) for p in people]
    lines.append("unions:")
    lines += ["  - " + json.dumps(u) for u in unions]
    return "\n".join(lines) + "\n"


def chain_case(generations: int) -> str:
    """`generations` rows: c0 + w0 -> c1, c1 + w1 -> c2, ... (two people per row)."""
    people: list[dict[str, Any]] = []
    unions: list[dict[str, Any]] = []
    for g in range(generations):
        sex, other = ("male", "female") if g % 2 == 0 else ("female", "male")
        people.append({"id": f"c{g}", "name": f"C{g}", "sex": sex})
        if g + 1 < generations:
            people.append({"id": f"w{g}", "name": f"W{g}", "sex": other})
            unions.append({"id": f"u{g}", "partners": [f"c{g}", f"w{g}"], "children": [f"c{g + 1}"]})
    return _case(f"CHAIN-{generations}", people, unions)


def family_case(size: int, seed: int = 1) -> str:
    """A generated family of exactly `size` people (marriages in, remarriages, half-siblings,
    twins, losses, adopted and fostered children, a cousin marriage)."""
    rng = random.Random(seed)
    generations = 6 if size < 2_000 else 8
    # (the generator's cousin search is quadratic: a cousin marriage only up to 5,000 people)
    family = generate_family(rng, generations=generations, fanout=3.4, min_people=size, max_people=size,
                             cousin_marriage=size <= 5_000)
    people = person_entries(family)
    unions = union_entries(family, secondary_relation="foster", pregnancies=True)
    return _case(f"FAMILY-{size}", people, unions)


def wide_case(children: int) -> str:
    """One couple with `children` children."""
    people: list[dict[str, Any]] = [{"id": "f", "name": "Father", "sex": "male", "born": 1900},
                                    {"id": "m", "name": "Mother", "sex": "female", "born": 1902}]
    kids = []
    for i in range(children):
        people.append({"id": f"k{i}", "name": f"Kid {i}", "sex": "male" if i % 2 else "female",
                       "born": 1920 + i // 100})
        kids.append(f"k{i}")
    return _case(f"WIDE-{children}", people, [{"id": "u", "partners": ["f", "m"], "children": kids}])


def star_case(marriages: int) -> str:
    """One man married `marriages` times (one after the other), a child with each wife."""
    people: list[dict[str, Any]] = [{"id": "h", "name": "Husband", "sex": "male", "born": 1900}]
    unions: list[dict[str, Any]] = []
    for i in range(marriages):
        people.append({"id": f"w{i}", "name": f"Wife {i}", "sex": "female", "born": 1900})
        people.append({"id": f"k{i}", "name": f"Kid {i}", "sex": "male" if i % 2 else "female",
                       "born": 1930})
        unions.append({"id": f"u{i}", "partners": ["h", f"w{i}"], "start": 1920 + i // 20,
                       "status": "together" if i == marriages - 1 else "divorced",
                       "children": [f"k{i}"]})
    return _case(f"STAR-{marriages}", people, unions)


def single_parents_case(parents: int) -> str:
    """`parents` single mothers, daughters of one couple, each with one child (one-parent unions)."""
    people: list[dict[str, Any]] = [{"id": "f", "name": "Father", "sex": "male", "born": 1900},
                                    {"id": "m", "name": "Mother", "sex": "female", "born": 1902}]
    unions: list[dict[str, Any]] = []
    daughters = []
    for i in range(parents):
        people.append({"id": f"d{i}", "name": f"Daughter {i}", "sex": "female", "born": 1930})
        people.append({"id": f"k{i}", "name": f"Kid {i}", "sex": "male", "born": 1960})
        daughters.append(f"d{i}")
        unions.append({"id": f"s{i}", "partners": [f"d{i}"], "start": 1958, "children": [f"k{i}"]})
    unions.append({"id": "u", "partners": ["f", "m"], "children": daughters})
    return _case(f"SINGLE-{parents}", people, unions)


def household_case(size: int, share: float, seed: int = 1) -> str:
    """`family_case(size)` with about `share` of the people (chosen at random) living with the client."""
    rng = random.Random(seed)
    lines = family_case(size, seed).splitlines()
    out = []
    for line in lines:
        if line.startswith('  - {"id": "p') and rng.random() < share:
            line = line.replace('"sex"', '"lives_with_client": true, "sex"', 1)
        out.append(line)
    return "\n".join(out).replace("FAMILY-", "HOUSEHOLD-") + "\n"
