"""Issue 11's whole bar on every hard shape at once: a family of each shape the issue names (three
marriages with half-siblings on both sides, remarried ex-spouses, step, adopted and foster
children, first-cousin and double-cousin marriages, five generations with both grandparent
couples' siblings; `compactgen`), grown to 15 and 35 people from three seeds, and given what a
real case adds to it: ten emotional lines among eight people and a household of three
generations round the client.  Judged by the shared checker (`../shared/tools/svgcheck.py`):
no copy without a marriage between relatives, no line through a symbol, no lines run together,
no emotional line over 2.5 times its distance, no word broken, no simple couple wife left, no
household outline through a label, no crossing of structure lines."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest
import yaml

from compactgen import SHAPES, mixed_family, shaped_family
from socialmaps import load_text
from socialmaps.render import render
from test_genogram_partners import broken, check_data

RULES = ("copy", "line-through-symbol", "line-overlap", "relationship-detour", "word-break", "partner-order",
         "household-cuts-label", "crossing", "overlap", "label-overlap", "label-on-symbol")
TYPES = ("close", "conflict", "hostile", "distant", "fused", "cutoff", "abuse", "neglect", "close-hostile",
         "focused-on")


def _parents(data: dict[str, Any], pid: str) -> list[str]:
    return [p for u in data["unions"] for c in u["children"]
            if (c if isinstance(c, str) else c["id"]) == pid for p in u["partners"]]


def with_case_work(data: dict[str, Any], seed: int) -> dict[str, Any]:
    """The family with what an assessment adds: a household of the client, a parent, that
    parent's parent and some siblings; ten emotional lines among the client and seven relatives."""
    rng = random.Random(f"work-{seed}")
    client = data["case"]["client"]
    by_id = {p["id"]: p for p in data["people"]}
    parents = _parents(data, client)
    home = {client}
    if parents:
        parent = rng.choice(sorted(parents))
        home.add(parent)
        home.update(rng.sample(sorted(_parents(data, parent)), k=min(1, len(_parents(data, parent)))))
        siblings = {c if isinstance(c, str) else c["id"] for u in data["unions"] if parent in u["partners"]
                    for c in u["children"]} - {client}
        home.update(s for s in sorted(siblings) if rng.random() < 0.5)
    for pid in sorted(home):
        by_id[pid]["lives_with_client"] = True
    near = sorted({client, *parents, *home} | {q for p in parents for q in _parents(data, p)})
    others = sorted(set(by_id) - set(near))
    eight = (near + rng.sample(others, k=max(0, min(len(others), 8 - len(near)))))[:8]
    pairs = [(a, b) for i, a in enumerate(eight) for b in eight[i + 1:]]
    data["relationships"] = [{"between": list(pair), "type": rng.choice(TYPES)}
                             for pair in rng.sample(pairs, k=min(10, len(pairs)))]
    return data


CASES = [(shape, size, seed) for shape in [*SHAPES, "mixed"] for size in (15, 35) for seed in range(3)]


@pytest.mark.parametrize(("shape", "size", "seed"), CASES)
def test_every_hard_shape_draws_what_a_supervisor_accepts(shape: str, size: int, seed: int,
                                                         tmp_path: Path) -> None:
    family = mixed_family(size, seed) if shape == "mixed" else shaped_family(shape, size, seed)
    data = with_case_work(family, seed)
    svg = render(load_text(yaml.safe_dump(data, sort_keys=False)), "genogram").svg
    (report,) = check_data(data, [svg], tmp_path)
    assert broken(report, RULES) == []
