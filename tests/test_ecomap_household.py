"""The household in the centre of the ecomap, as a supervisor reads it: one family, linked through
the relatives who connect its members even when they live elsewhere, and ties that do not cross.

Measured with the project's own counter of tie crossings (`quality.tie_crossings`; the shared
checker does not count them).  On the 40 generated households of `test_ecomap_stubs`: 418
crossing points, 33 maps with crossings among the centre's ties before; 81 and 9 after (most left
are ties between two members, whose way inside the centre every way out of a member between them
must cross, or a system tied to two members on opposite sides).  On the 60 fan households below
(each system tied to one member or the centre), 12 maps with crossings before, none after.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
import yaml

from householdgen import generate_fan, generate_household
from socialmaps import RenderOptions, load_case, load_text
from socialmaps.diagrams.ecomap.layout import EcomapLayout, PersonSymbol, TieLayout, layout
from socialmaps.diagrams.ecomap.layout import rounds as ring_rounds
from socialmaps.diagrams.ecomap.layout.quality import (
    crossing_pairs,
    crossings_among,
    label_line_crossings,
    route_detours,
    tie_crossings,
)
from socialmaps.diagrams.ecomap.layout.ring import pull_share, pulled_to_faces
from socialmaps.geometry import Box, Point, segment_box_hits
from socialmaps.model import Case
from socialmaps.render import render
from socialmaps.style import load_style
from test_ecomap_centre import Centre
from test_genogram_partners import broken, check_data

from conftest import EXAMPLES

FAMILIES = Path(__file__).resolve().parent / "families"
GRANDPARENTS = (FAMILIES / "grandparents-raising.yaml").read_text(encoding="utf-8")
STYLES = ("default", "print", "large")
FIGURE_RULES = ("crossing", "line-through-symbol", "line-overlap", "label-overlap", "label-on-symbol",
                "overlap", "tie-through-center", "tie-hit")


def _layout(case: Case, style: str = "default") -> EcomapLayout:
    return layout(case, load_style(style))


# --------------------------------------------------------------------------- the measure

def _ties(text: str) -> list[Any]:
    case = load_text(text)
    assert case.ecomap is not None
    return list(case.ecomap.ties)


TWO_TIES = """
socialmaps: 1
case: {id: T, client: a}
people: [{id: a, name: A, sex: female, born: 2010}]
ecomap:
  center: a
  systems: [{id: s, name: S, kind: school}, {id: t, name: T, kind: health}]
  ties: [{from: a, to: s}, {from: a, to: t}]
"""


def test_the_counter_finds_ties_that_cross_and_not_ties_that_meet_at_an_end() -> None:
    first, second = _ties(TWO_TIES)
    crossing = [TieLayout(first, ((0.0, 0.0), (10.0, 10.0)), None, False, True),
                TieLayout(second, ((0.0, 10.0), (4.0, 6.0), (10.0, 0.0)), None, False, True)]
    found = crossings_among(crossing)
    assert len(found) == 1 and crossing_pairs(crossing) == 1
    assert math.dist(found[0].at, (5.0, 5.0)) < 1e-9
    meeting = [TieLayout(first, ((0.0, 0.0), (10.0, 10.0)), None, False, True),
               TieLayout(second, ((10.0, 10.0), (20.0, 0.0)), None, False, True)]
    assert crossings_among(meeting) == []
    apart = [TieLayout(first, ((0.0, 0.0), (10.0, 0.0)), None, False, True),
             TieLayout(second, ((0.0, 5.0), (10.0, 5.0)), None, False, True)]
    assert crossings_among(apart) == []


# --------------------------------------------------------------------------- linked through relatives away

def _joined(symbols: Sequence[PersonSymbol], lines: Sequence[Sequence[Point]], start: str) -> set[str]:
    """The people of the centre a walk along its lines reaches from `start` (a line touches a symbol
    where one of its ends is at the symbol's outline; two lines meet where one's end is on the other)."""
    def near_line(p: Point, line: Sequence[Point]) -> bool:
        for a, b in itertools.pairwise(line):
            dx, dy = b[0] - a[0], b[1] - a[1]
            t = max(0.0, min(1.0, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / ((dx * dx + dy * dy) or 1.0)))
            if math.dist(p, (a[0] + t * dx, a[1] + t * dy)) < 0.6:
                return True
        return False

    def at_symbol(p: Point, s: PersonSymbol) -> bool:
        return s.box.expand(0.6).contains_point(p)

    by_id = {s.id: s for s in symbols}
    reached, lines_seen = {start}, set()
    frontier = [start]
    while frontier:
        pid = frontier.pop()
        touching = [i for i, ln in enumerate(lines) if i not in lines_seen
                    and any(at_symbol(end, by_id[pid]) for end in (ln[0], ln[-1]))]
        while touching:
            i = touching.pop()
            if i in lines_seen:
                continue
            lines_seen.add(i)
            ln = lines[i]
            for s in symbols:
                if s.id not in reached and any(at_symbol(end, s) for end in (ln[0], ln[-1])):
                    reached.add(s.id)
                    frontier.append(s.id)
            touching += [j for j, other in enumerate(lines) if j not in lines_seen
                         and (any(near_line(end, other) for end in (ln[0], ln[-1]))
                              or any(near_line(end, ln) for end in (other[0], other[-1])))]
    return reached


@pytest.mark.parametrize("style", STYLES)
def test_grandchildren_are_linked_to_their_grandmother_through_their_mother_away(style: str) -> None:
    """Grandparents raising their daughter's two children and their son's boy, both parents away:
    before, the three children stood in the centre joined to no one.  Now the daughter and the son
    are drawn there, smaller and in grey, as relatives living elsewhere (not members), and every
    member is reached from the grandmother along the centre's own lines; the boy whose father is
    not named hangs from his mother's one-parent line with the genogram's "?"."""
    lay = _layout(load_text(GRANDPARENTS), style)
    c = lay.center
    away = {m.id for m in c.members if m.away}
    assert away == {"andi", "wati"}
    assert set(c.member_ids) == {"bayu", "dewi", "fajar", "ratna", "slamet"}
    members = {m.id: m for m in c.members}
    assert all(members[a].half < members["ratna"].half for a in away)
    assert _joined(c.members, c.lines, "ratna") == set(members)
    assert len(c.unknowns) == 1
    # The mother's divorce keeps its two slashes; the grandmother's widowhood and second marriage.
    forms = {f.split(":")[-1]: f.split(":")[2] for f in c.forms if f.startswith("union:")}
    assert forms == {"u-first": "widowed", "u-now": "together", "u-wati1": "divorced", "u-andi": "separated"}


def test_relatives_away_are_drawn_in_grey_outside_the_members_and_explained(tmp_path: Path) -> None:
    case = load_text(GRANDPARENTS)
    svg = render(case, "ecomap", RenderOptions()).svg
    centre = Centre(svg)
    assert centre.members == {"bayu", "dewi", "fajar", "ratna", "slamet"}
    assert {"andi", "wati"} <= set(centre.symbols)
    style = load_style("default")
    wati = next(p for p in centre.part.iter() if p.get("data-id") == "wati")
    inks = {e.get("stroke") for e in wati.iter() if e.get("stroke")}
    assert inks == {style.line.muted}
    assert "Relative living elsewhere" in svg
    report = check_data(yaml.safe_load(GRANDPARENTS), [svg], tmp_path)[0]
    assert not broken(report, FIGURE_RULES), report


def test_a_household_already_one_family_draws_no_relative_away() -> None:
    """A mother at home with her children by a father away: he stays the end of a partner line, as
    before; nobody is added."""
    for seed in range(12):
        data = generate_household(seed)
        lay = _layout(load_text(yaml.safe_dump(data, sort_keys=False)))
        assert not any(m.away for m in lay.center.members), seed


# --------------------------------------------------------------------------- no two ties cross

@pytest.mark.parametrize("style", STYLES)
def test_the_grandparents_ties_do_not_cross(style: str) -> None:
    """The prison is tied to the grandmother at the top and the client at the bottom: before, the
    ring set it on the right, where its ties crossed the step-grandfather's and the brother's; now
    the ring is reordered until no two ties cross."""
    assert tie_crossings(_layout(load_text(GRANDPARENTS), style)) == []


FAN_SEEDS = range(40)


def test_generated_fan_households_draw_no_two_ties_crossing() -> None:
    """Households of 2-9 members, ties from up to 5 of them, each system tied to one member or to
    the whole centre: an uncrossed drawing always exists (each member's systems in the order of
    its ways out), and the layout finds it.  Before, 12 of 60 such maps had a crossing."""
    crossed = []
    for seed in FAN_SEEDS:
        lay = _layout(load_text(yaml.safe_dump(generate_fan(seed), sort_keys=False)))
        if tie_crossings(lay):
            crossed.append(seed)
    assert crossed == []


TEXT_SEEDS = range(40)


@pytest.mark.parametrize("kind", ["household", "fan"])
@pytest.mark.parametrize("part", range(4))
def test_no_tie_runs_through_a_name_or_a_note(kind: str, part: int) -> None:
    """No tie, leader or line of the centre's genogram runs through a name or a note, on 40
    generated households and 40 fans (a quarter of each per test).  Before, three did: a tie between
    two systems on opposite sides of the ring went round its outside through two names written
    beside their circles (the way round now passes beyond every name), and a tie inside the centre
    bowed round a member's side through the name under that member's own symbol (a tie may touch
    its ends' symbols, not their names)."""
    crossed = []
    for seed in TEXT_SEEDS[part::4]:
        data = generate_household(seed) if kind == "household" else generate_fan(seed)
        lay = _layout(load_text(yaml.safe_dump(data, sort_keys=False)))
        if label_line_crossings(lay):
            crossed.append(seed)
    assert crossed == []


def _between_symbol_and_name(lay: EcomapLayout) -> list[tuple[str, str, str]]:
    """The ties from members to the outside that run, inside the centre, between another member's
    symbol and the name under it: (from, to, the member passed)."""
    centre = lay.center
    found = []
    for member in centre.members:
        tops = [box.y0 for box in member.label.line_boxes()]
        bottom = member.y + member.half
        if not tops or min(tops) <= bottom:
            continue
        gap = Box(member.x - member.half, bottom, member.x + member.half, min(tops))
        for t in lay.ties:
            ends = (t.tie.from_, t.tie.to)
            if t.inner or member.id in ends or not set(ends) & set(centre.member_ids):
                continue
            if any(segment_box_hits(p, q, gap) for p, q in itertools.pairwise(t.points)):
                found.append((t.tie.from_, t.tie.to, member.id))
    return found


def test_no_tie_runs_between_a_members_symbol_and_name() -> None:
    """A stub keeps off the gap between another member's symbol and the name under it, as it keeps
    off the symbol: in the kinship household (a girl raised by her grandmother with her cousins,
    five members with ties), her weak tie to her mother ran along under her brother's square, 2 px
    from it and from his name, and read as running through him.  Also on 40 generated households."""
    kinship = load_case(FAMILIES / "kinship-household.yaml")
    assert _between_symbol_and_name(_layout(kinship)) == []
    for seed in TEXT_SEEDS:
        data = generate_household(seed)
        assert _between_symbol_and_name(_layout(load_text(yaml.safe_dump(data, sort_keys=False)))) == [], seed


def test_a_tie_leaving_the_rim_takes_its_shortest_clear_way() -> None:
    """From where its stub leaves the centre, a tie takes the shortest way on that keeps clear of
    every circle, not the first tried: in the kinship household, a cousin's weak tie to her school
    took a wide bow under another system's circle and name (1.39 times the distance between its
    ends) where a way along the rim was clear (1.12); the ring then laid out round the shorter
    ways, the map's ways round beyond the straight lines 1.22 -> 0.65 symbol sizes a tie."""
    lay = _layout(load_case(FAMILIES / "kinship-household.yaml"))
    tie = next(t for t in lay.ties if (t.tie.from_, t.tie.to) == ("sep1", "sd"))
    run = sum(math.dist(p, q) for p, q in itertools.pairwise(tie.points))
    assert run <= 1.2 * math.dist(tie.points[0], tie.points[-1])
    assert route_detours(lay) <= 0.8


def test_a_ring_with_room_to_spare_stands_by_the_members_sides() -> None:
    """Six systems of one side of the house on a ring with room for twenty: pulled to that side,
    in their order, each as far from the next as its share of the room needs (`PULL_ROOM` of the
    even share), and the ring's far side left free."""
    n = 6
    even = [-math.pi / 2 + 2 * math.pi * (k + 0.5) / n for k in range(n)]
    total = 2 * math.pi * 100 * 0.3  # the members' feet: 30 % of the ring at radius 100
    side = math.pi / 2  # below the centre
    pulled = pulled_to_faces(even, [side] * n, total, 100.0)
    steps = [(b - a) for a, b in itertools.pairwise(pulled)]
    least = (even[1] - even[0]) * pull_share(total, 100.0)
    assert all(step >= least - 1e-9 for step in steps)  # in order, none closer than its room
    assert all(abs(math.remainder(a - side, 2 * math.pi)) < math.pi / 2 for a in pulled)
    # a system that faces no member keeps its place; with no member faced nothing moves
    assert pulled_to_faces(even, [None] * n, total, 100.0) == even
    # a ring with no room to spare is not pulled
    assert pulled_to_faces(even, [side] * n, 2 * math.pi * 100, 100.0) == even


def test_systems_stand_on_their_members_side_where_the_ring_has_room() -> None:
    """On the 40 fan households, the ties' way round the ring beyond the straight line between their
    ends (`quality.route_detours`, symbol sizes per tie): summed over the maps 41.5 before the ring
    was pulled to its members' sides, 11.4 after; the most on one map 6.4 before, 3.1 after."""
    detours = [route_detours(_layout(load_text(yaml.safe_dump(generate_fan(seed), sort_keys=False))))
               for seed in FAN_SEEDS]
    assert sum(detours) < 15.0
    assert max(detours) < 3.5


def test_ties_that_would_wind_round_the_rim_cross_the_centre_instead() -> None:
    """Generated household 36: two children at the right end of their row hold most ties, to systems
    all round the ring.  Their ways out by their short side wound round the rim, past every tie of
    the members between: 111 crossing points (26 pairs of 15 ties).  Laid out again with fewer ways
    round the rim (`centre.ROUND_COST_CROSSED`), their ties cross the centre under the row: 10."""
    lay = _layout(load_text(yaml.safe_dump(generate_household(36), sort_keys=False)))
    assert len(tie_crossings(lay)) <= 12
    assert route_detours(lay) < 3.0  # (5.6 before)


def _best_over_orders(data: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """For each place of the centre the layout tries, the fewest pairs of crossing ties over every
    order of the ring (at the radius the layout reached); only for rings of at most 6."""
    found: list[int] = []
    real = ring_rounds.uncross

    def every_order(ids: Sequence[str], first: Any, inner: Any, centre: Any, attempt: Any,
                    budget: int = 0, routes_fail: Any = None) -> Any:
        least = crossing_pairs([*inner, *first[1]])
        assert len(ids) <= 6
        for order in itertools.permutations(range(len(ids))):
            got = attempt(list(order), {}, False)  # the routes alone, as the search tries them
            if got[2] <= first[2]:
                least = min(least, crossing_pairs([*inner, *got[1]]))
        found.append(least)
        return real(ids, first, inner, centre, attempt)

    monkeypatch.setattr(ring_rounds, "uncross", every_order)
    _layout(load_text(yaml.safe_dump(data, sort_keys=False)))
    monkeypatch.setattr(ring_rounds, "uncross", real)
    return found


@pytest.mark.parametrize("members", [2, 4, 6, 9])
def test_small_generated_households_cross_only_where_every_order_crosses(
        members: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """Generated households with 4 systems (and up to two relatives outside): where ties still
    cross, no order of the ring round any place of the centre avoids it either (ties between two
    members, or a system tied to two members far apart)."""
    for seed in range(6):
        data = generate_household(seed, members, 4)
        lay = _layout(load_text(yaml.safe_dump(data, sort_keys=False)))
        if crossing_pairs(lay.ties) == 0:
            continue
        assert min(_best_over_orders(data, monkeypatch)) > 0, (seed, members)


# (the examples that draw an ecomap: the others have nothing to cross)
NO_CROSSING = [p for p in EXAMPLES if p.name != "ecomap-dense.yaml" and load_case(p).ecomap is not None]
DENSE = next(p for p in EXAMPLES if p.name == "ecomap-dense.yaml")


@pytest.mark.parametrize("path", NO_CROSSING, ids=[p.stem for p in NO_CROSSING])
@pytest.mark.parametrize("style", STYLES)
def test_no_two_ties_of_an_example_cross(path: Path, style: str) -> None:
    assert tie_crossings(_layout(load_case(path), style)) == []


def test_two_systems_tied_to_each_other_and_the_household_stand_together() -> None:
    # ecomap-dense: a family service (s01) and a school (s16), each tied to the whole household and
    # to each other.  Each in its kind's sector, the tie between them ran a quarter of the ring
    # round and crossed the six ties of the mother's systems between them: 26 crossing points in
    # the map, 12 of them away from the two ties between a child and a parent (see below); now 17
    # and 3.
    lay = _layout(load_case(DENSE))
    ring = sorted((n for n in lay.nodes), key=lambda n: n.angle % (2 * math.pi))
    at = {n.id: i for i, n in enumerate(ring)}
    apart = abs(at["s01"] - at["s16"])
    assert min(apart, len(ring) - apart) == 1
    between = [t for t in tie_crossings(lay) if {t.first.tie.from_, t.first.tie.to} == {"s01", "s16"}
               or {t.second.tie.from_, t.second.tie.to} == {"s01", "s16"}]
    assert between == []
    inner = {("joe", "dad"), ("kim", "mum")}
    assert len([c for c in tie_crossings(lay) if (c.first.tie.from_, c.first.tie.to) not in inner
                and (c.second.tie.from_, c.second.tie.to) not in inner]) <= 3


@pytest.mark.xfail(strict=True, reason="two ties between a child and a parent run between the children's "
                   "row and the parents', where every way out of a child in between must cross them")
def test_no_two_ties_of_the_dense_example_cross() -> None:
    assert tie_crossings(_layout(load_case(DENSE))) == []


GRANDCHILDREN_OF_MIGRANTS = """
socialmaps: 1
case: {id: CUCU, title: Klien D, language: id, client: d, date: 2025-08}
people:
  - {id: gf, name: Kakek Harjo, sex: male, born: 1950, lives_with_client: true}
  - {id: gm, name: Nenek Painem, sex: female, born: 1953, lives_with_client: true}
  - {id: s1, name: Sari, sex: female, born: 1975}
  - {id: s1h, name: Bambang, sex: male, born: 1972, died: 2015}
  - {id: s2, name: Tono, sex: male, born: 1978}
  - {id: s2w, name: Lastri, sex: female, born: 1980}
  - {id: s3, name: Yanti, sex: female, born: 1990, lives_with_client: true}
  - {id: d, name: Dodi, sex: male, born: 2012, lives_with_client: true}
  - {id: d2, name: Dina, sex: female, born: 2014}
  - {id: e, name: Eka, sex: female, born: 2010, lives_with_client: true}
  - {id: bb, name: Bayi, sex: female, born: 2024, lives_with_client: true}
unions:
  - {partners: [gf, gm], type: married, children: [s1, s2, s3]}
  - {partners: [s1h, s1], type: married, children: [d, d2]}
  - {partners: [s2, s2w], type: married, status: divorced, children: [e]}
  - {partners: [s3], type: relationship, children: [bb]}
ecomap:
  center: household
  systems:
    - {id: sd, name: SD Negeri 4, kind: school}
    - {id: smp, name: SMP Negeri 1, kind: school}
    - {id: pkh, name: PKH, kind: social-services}
  ties:
    - {from: d, to: sd, strength: weak, stress: true}
    - {from: e, to: smp, strength: moderate}
    - {from: gm, to: pkh, strength: strong}
    - {from: d, to: s1, strength: weak, note: ibu merantau}
    - {from: e, to: s2, strength: broken}
"""


def test_a_parent_away_who_is_tied_still_links_her_child_to_the_household(tmp_path: Path) -> None:
    """Grandparents raising two grandchildren whose mother and father work away, each tied to
    their child in the ecomap ("ibu merantau").  A relative tied in the ecomap was kept out of the
    centre (drawn on the ring instead), so the grandchildren stood in the centre with no line to
    anyone, strangers in their grandparents' home; now the parent stands in the centre in grey as
    any relative away who links the household does, and the tie to her runs inside it."""
    lay = layout(load_text(GRANDCHILDREN_OF_MIGRANTS), load_style("default"))
    away = {m.id for m in lay.center.members if m.away}
    assert {"s1", "s2"} <= away
    assert not {"s1", "s2"} & {n.id for n in lay.nodes}
    inside = {frozenset((t.tie.from_, t.tie.to)) for t in lay.ties if t.inner}
    assert {frozenset(("d", "s1")), frozenset(("e", "s2"))} <= inside
    svg = render(load_text(GRANDCHILDREN_OF_MIGRANTS), "ecomap").svg
    (report,) = check_data(yaml.safe_load(GRANDCHILDREN_OF_MIGRANTS), [svg], tmp_path)
    assert report["violations"] == []


@pytest.mark.parametrize("who", ["mother", "father", "child"])
def test_a_long_name_in_the_centre_stays_clear_of_the_lines_and_symbols_under_it(who: str) -> None:
    """A name that wraps to five lines (a long Indonesian name) under a member of the centre's small
    genogram ends above the sibship bar that runs under its row: the rows stand far enough apart for
    it.  Before, the row gap was set for names of two lines: the mother's name ran over the bar, the
    line down to her daughter and the daughter's symbol (the shared checker's `label-on-symbol`)."""
    long = "Fransiska Xaveria Theresia Wulandari Simanjuntak"
    names = {"mother": "Rina", "father": "Togar", "child": "Ayu"} | {who: long}
    home = {"lives_with_client": True}
    data = {"socialmaps": 1, "case": {"id": "LONG", "client": "child", "language": "id"},
            "people": [{"id": "father", "name": names["father"], "sex": "male", "born": 1960, **home},
                       {"id": "mother", "name": names["mother"], "sex": "female", "born": 1962, **home},
                       {"id": "child", "name": names["child"], "sex": "female", "born": 1990, **home},
                       {"id": "sister", "name": "Fransiska", "sex": "female", "born": 1992, **home}],
            "unions": [{"partners": ["father", "mother"], "children": ["child", "sister"]}],
            "ecomap": {"center": "household",
                       "systems": [{"id": "s1", "name": "Puskesmas", "kind": "health"}],
                       "ties": [{"from": "center", "to": "s1"}]}}
    lay = _layout(load_text(yaml.safe_dump(data, sort_keys=False)))
    assert label_line_crossings(lay) == 0
    members = {m.id: m for m in lay.center.members}
    for m in lay.center.members:
        for other in lay.center.members:
            if other is not m:
                box = other.label.box
                assert not (box.x0 < m.x + m.half and m.x - m.half < box.x1
                            and box.y0 < m.y + m.half and m.y - m.half < box.y1), (other.id, m.id)
    assert members["child"].y > members["mother"].y
