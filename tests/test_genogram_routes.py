"""Routes of emotional relationships over the genogram: how direct they are, and what they keep out of.

The measures are geometry, not wall-clock: per relationship route

- `ratio`: its length over the Manhattan distance between the two symbols' centres
  (an orthogonal route cannot do much better than 1; side by side it is below 1, rim to rim);
- `bends`: how often it turns;
- `hits`: segments entering a box (symbol, label, mark, loss, union label) that is not one of its
  two ends' symbols or what is drawn on them;
- `along`: segments running along a partner or descent line (parallel, closer than `NEAR`, sharing
  more than a couple of units);
- `hug`: the share of its length that runs beside a partner or descent line, parallel and closer than
  `BESIDE` (clear of it, but read as following it: a line under a whole sibship bar);

and per drawing `crossings`: proper crossings of two relationship routes.

The routes are the router's own (recorded while the drawing is made); the structure lines are read
back from the SVG, so `along` does not trust the router's picture of them.
"""

from __future__ import annotations

import contextlib
import itertools
import random
import statistics
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path

import pytest
import yaml

from socialmaps import load_case, load_text
from socialmaps.diagrams.genogram import route as rt
from socialmaps.diagrams.genogram.lines import RELATIONSHIP_TYPES
from socialmaps.geometry import Box, Point, segment_box_hits, segments_cross
from socialmaps.model import Case
from socialmaps.options import RenderOptions
from socialmaps.render import render
from test_genogram import _points, case_data

from conftest import EXAMPLES
from familygen import generate_family
from svgread import first_shape_box, local, parse, parts, placed

NEAR = 6.0          # closer than this, a parallel relationship segment reads as lying on a structure line
SHARED_RUN = 2.0    # and sharing more than this much of its length
BESIDE = 16.0       # closer than this (about two paddings at the default style), it follows the line

ROOT_EXAMPLES = EXAMPLES[0].parent
ROUTED = [p for p in EXAMPLES if "relationships:" in p.read_text(encoding="utf-8")]


@dataclass
class Traced:
    """One relationship route as the router handed it out, with its ends."""

    a: rt.Endpoint
    b: rt.Endpoint
    points: list[Point]
    beside: float = 0.0      # length run beside a structure line (filled in by `measure_case`)

    @property
    def length(self) -> float:
        return sum(abs(p[0] - q[0]) + abs(p[1] - q[1]) for p, q in pairwise(self.points))

    @property
    def ratio(self) -> float:
        manhattan = abs(self.a.x - self.b.x) + abs(self.a.y - self.b.y)
        return self.length / manhattan

    @property
    def hug(self) -> float:
        return self.beside / self.length

    @property
    def bends(self) -> int:
        pts = [p for i, p in enumerate(self.points) if i == 0 or p != self.points[i - 1]]
        turns = 0
        for p, q, r in zip(pts, pts[1:], pts[2:], strict=False):
            if abs((q[0] - p[0]) * (r[1] - q[1]) - (q[1] - p[1]) * (r[0] - q[0])) > 1e-6:
                turns += 1
        return turns


@dataclass
class Measured:
    routes: list[Traced]
    hits: list[tuple[Traced, Box]] = field(default_factory=list)
    along: list[tuple[Traced, Point, Point]] = field(default_factory=list)
    crossings: int = 0

    def mean_ratio(self) -> float:
        return statistics.fmean(r.ratio for r in self.routes) if self.routes else 1.0

    def mean_hug(self) -> float:
        return statistics.fmean(r.hug for r in self.routes) if self.routes else 0.0

    def mean_bends(self) -> float:
        return statistics.fmean(r.bends for r in self.routes) if self.routes else 0.0


@contextlib.contextmanager
def tracing() -> Iterator[tuple[list[Traced], list[rt.Router]]]:
    """Record every route the router hands out (and the router itself) while drawing."""
    traced: list[Traced] = []
    routers: list[rt.Router] = []
    original = rt.Router.route

    def route(self: rt.Router, a: rt.Endpoint, b: rt.Endpoint, width: float = 0.0) -> list[Point]:
        pts = original(self, a, b, width)
        if not routers or routers[-1] is not self:
            routers.append(self)
        traced.append(Traced(a, b, pts))
        return pts

    rt.Router.route = route  # type: ignore[method-assign]
    try:
        yield traced, routers
    finally:
        rt.Router.route = original  # type: ignore[method-assign]


def _own(box: Box, end: rt.Endpoint) -> bool:
    """A box drawn on an end's symbol: the symbol itself, the age in it, a death slash or arrow on it."""
    symbol = Box(end.x - end.half, end.y - end.half, end.x + end.half, end.y + end.half)
    return end.box.contains(box) and box.intersects(symbol)


def _structure(svg: str) -> list[tuple[Point, Point]]:
    """Partner and descent line segments, in the router's coordinates (the root translate taken off)."""
    root = parse(svg)
    offsets = {id(e): off for e, off in placed(root)}
    person = parts(root, "sm-person")[0]
    # The person groups sit directly under the root group: its translate is the drawing's shift.
    shift = next(off for e, off in placed(root) if person in list(e))
    segments = []
    for cls in ("sm-union", "sm-descent"):
        for g in parts(root, cls):
            for elem in g.iter():
                if local(elem.tag) in ("polyline", "line"):
                    pts = [(x - shift[0], y - shift[1]) for x, y in _points(elem, offsets[id(elem)])]
                    segments += list(pairwise(pts))
    return segments


def _parallel_run(p: Point, q: Point, c: Point, d: Point, near: float) -> float:
    """How long pq runs parallel to cd closer than `near` (0 unless more than SHARED_RUN)."""
    if abs(p[1] - q[1]) < 1e-6 and abs(c[1] - d[1]) < 1e-6:       # both horizontal
        run = min(max(p[0], q[0]), max(c[0], d[0])) - max(min(p[0], q[0]), min(c[0], d[0]))
        return run if abs(p[1] - c[1]) < near and run > SHARED_RUN else 0.0
    if abs(p[0] - q[0]) < 1e-6 and abs(c[0] - d[0]) < 1e-6:       # both vertical
        run = min(max(p[1], q[1]), max(c[1], d[1])) - max(min(p[1], q[1]), min(c[1], d[1]))
        return run if abs(p[0] - c[0]) < near and run > SHARED_RUN else 0.0
    return 0.0


def measure_case(case: Case, style: str = "default") -> Measured:
    with tracing() as (traced, routers):
        svg = render(case, "genogram", RenderOptions(style=style)).svg
    n = len(parts(parse(svg), "sm-relationship"))
    routes = traced[:n]  # relationships are routed first, then the links to copies
    out = Measured(routes)
    if not routes:
        return out
    boxes = [b for band in routers[-1].bands for b in band]
    for r in routes:
        for box in boxes:
            if _own(box, r.a) or _own(box, r.b):
                continue
            if any(segment_box_hits(p, q, box.expand(-0.5)) for p, q in pairwise(r.points)):
                out.hits.append((r, box))
    structure = _structure(svg)
    for r in routes:
        out.along += [(r, p, q) for p, q in pairwise(r.points)
                      if any(_parallel_run(p, q, c, d, NEAR) for c, d in structure)]
        # each stretch counted once, however many structure pieces it runs beside
        r.beside = sum(max((_parallel_run(p, q, c, d, BESIDE) for c, d in structure), default=0.0)
                       for p, q in pairwise(r.points))
    out.crossings = sum(segments_cross(p, q, c, d, eps=1e-3)
                        for r, s in itertools.combinations(routes, 2)
                        for p, q in pairwise(r.points) for c, d in pairwise(s.points))
    return out


def generated_case(seed: int) -> Case:
    """A generated family with random relationships: people one or two rows apart, and far apart in a row."""
    data = case_data(generate_family(seed, generations=4, min_people=25), client="p1")
    root = parse(render(load_text(yaml.safe_dump(data)), "genogram", RenderOptions()).svg)
    where: dict[str, tuple[int, float]] = {}
    for g in parts(root, "sm-person"):
        box = first_shape_box(root, g)
        if g.get("data-duplicate-of") is None and box is not None:
            where[g.get("data-id")] = (int(g.get("data-generation")), box.center[0])
    rng = random.Random(seed)
    ids = sorted(where)
    rows: dict[int, list[str]] = {}
    for pid in ids:
        rows.setdefault(where[pid][0], []).append(pid)
    for row in rows.values():
        row.sort(key=lambda p: where[p][1])
    pairs: set[tuple[str, str]] = set()
    for _ in range(200):
        if len(pairs) >= 10:
            break
        a = rng.choice(ids)
        ra, _ = where[a]
        gap = rng.choice([0, 1, 1, 2])
        if gap == 0:
            row = rows[ra]
            i = row.index(a)
            far = [p for j, p in enumerate(row) if abs(i - j) >= 3]
            choices = far
        else:
            choices = [p for p in ids if where[p][0] - ra == gap]
        if choices:
            b = rng.choice(choices)
            if (b, a) not in pairs:
                pairs.add((a, b))
    data["relationships"] = [{"between": [a, b], "type": rng.choice(RELATIONSHIP_TYPES)}
                             for a, b in sorted(pairs)]
    return load_text(yaml.safe_dump(data))


SEEDS = list(range(12))


def _report(name: str, m: Measured) -> str:
    return (f"{name:22s} routes={len(m.routes):3d} ratio={m.mean_ratio():.3f} "
            f"max={max((r.ratio for r in m.routes), default=0):.2f} bends={m.mean_bends():.2f} "
            f"hug={m.mean_hug():.3f} hits={len(m.hits)} along={len(m.along)} crossings={m.crossings}")


def all_measures() -> dict[str, Measured]:
    out = {Path(p).stem: measure_case(load_case(p)) for p in ROUTED}
    out |= {f"gen{s}": measure_case(generated_case(s)) for s in SEEDS}
    return out


@pytest.fixture(scope="module")
def measures() -> dict[str, Measured]:
    return all_measures()


def test_no_route_enters_a_box_or_runs_along_the_structure(measures: dict[str, Measured]) -> None:
    for name, m in measures.items():
        assert not m.hits, (name, [(r.a.id, r.b.id, box) for r, box in m.hits])
        assert not m.along, (name, [(r.a.id, r.b.id, p, q) for r, p, q in m.along])


def test_the_hit_measure_sees_a_route_through_a_row() -> None:
    # A straight line across the whole of MS's row (through Saurmawati and Natalia) must count as hits.
    m = measure_case(load_case(ROOT_EXAMPLES / "ms-2024.yaml"))
    r = next(r for r in m.routes if {r.a.id, r.b.id} == {"ms", "sw"})
    boxes = [b for r2 in m.routes for b in (r2.a.box, r2.b.box)]
    line = [(r.a.x, r.a.y), (r.b.x, r.b.y)]
    natalia = next(b for b in boxes if b.x0 > min(r.a.x, r.b.x) and b.x1 < max(r.a.x, r.b.x))
    assert segment_box_hits(*line, natalia)


# Measured with `.venv/bin/python tests/test_genogram_routes.py` (examples with relationships, seeds 0-11):
# examples ratio 1.013, bends 2.41, hug 0.128; generated 1.027, 2.66, 0.053.  The bounds sit just above,
# so a change that makes the routes longer, bendier or closer to the structure fails here.  (A router
# that tried every way out of one end against every way into the other measured examples 1.018 / 1.86 /
# 0.086 and took ms-2024's SSH-MS line off the sibship bar, but made a 200-person render three times
# slower; it was taken back.)  With partners in the conventional order (husband left, wife right) the
# people stand elsewhere: examples 1.025 / 2.41 / 0.111, generated 1.028 / 2.68 / 0.061.
BOUNDS = {"examples": (1.03, 2.45, 0.13), "generated": (1.03, 2.70, 0.065)}


@pytest.mark.parametrize("group", sorted(BOUNDS))
def test_routes_are_direct(measures: dict[str, Measured], group: str) -> None:
    routes = [r for name, m in measures.items() if name.startswith("gen") == (group == "generated")
              for r in m.routes]
    ratio, bends, hug = BOUNDS[group]
    assert statistics.fmean(r.ratio for r in routes) <= ratio
    assert statistics.fmean(r.bends for r in routes) <= bends
    assert statistics.fmean(r.hug for r in routes) <= hug


@pytest.mark.parametrize("path", ROUTED, ids=lambda p: p.stem)
def test_routes_do_not_depend_on_file_order(path: Path) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["relationships"] = [{**r, "between": r["between"]} for r in reversed(data["relationships"])]
    data["people"] = list(reversed(data["people"]))
    again = load_text(yaml.safe_dump(data, allow_unicode=True))
    first = render(load_case(path), "genogram", RenderOptions()).svg
    assert render(again, "genogram", RenderOptions()).svg == first


if __name__ == "__main__":  # `.venv/bin/python tests/test_genogram_routes.py`: the table of measures
    ms = all_measures()
    for name, m in ms.items():
        print(_report(name, m))
    ex = [r for n, m in ms.items() if not n.startswith("gen") for r in m.routes]
    gen = [r for n, m in ms.items() if n.startswith("gen") for r in m.routes]
    for label, rs in (("examples", ex), ("generated", gen)):
        print(f"{label}: routes={len(rs)} mean ratio={statistics.fmean(r.ratio for r in rs):.3f} "
              f"mean bends={statistics.fmean(r.bends for r in rs):.3f} "
              f"mean hug={statistics.fmean(r.hug for r in rs):.3f}")
    for r in ms["ms-2024"].routes:
        print(f"ms-2024 {r.a.id}-{r.b.id}: ratio={r.ratio:.3f} bends={r.bends} hug={r.hug:.3f}")
