"""Step 1, the centre's small genogram: the household laid out and placed by the genogram's own
engine, not by a second one.

Objective: the people at home and the unions among them drawn as the genogram draws them (its
rows, its partner order, its one-parent lines with the "?" of an unknown partner, its partner-line
status slashes and descent forms), each household member in the generation the whole family gives
them, at the ecomap's symbol size.

The household is cut into its connected families (people joined by a union at home); each is laid
out by `genogram.layout.layout_genogram` and placed by `genogram.place.place_unions` (partner lines,
slash positions, one-parent routes, twin apexes), then set in the rows of the whole family's
generations and side by side.  A union whose other partner is in the file but not at home keeps
its partner line's form (the slashes of a divorce) on the stub from the parent at home, without the
unknown partner's "?".
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field, replace

from .... import text as tm
from ....drawing import Context
from ....geometry import Box, Point
from ....kinship import consanguineous_unions
from ....labels import PlacedText
from ....lang import words as words_for
from ....model import Case, Person, Union
from ....options import RenderOptions
from ....style import Style
from ...genogram import symbols as sy
from ...genogram.adapter import (
    DRAWN_SEX,
    RELATION_RANK,
    Adapted,
    Metrics,
    primary_unions,
    unknown_partner_half,
)
from ...genogram.family import Family, FamilyPerson, FamilyUnion
from ...genogram.layout import GenogramLayout, LayoutOptions, layout_genogram
from ...genogram.layout.rows import assign_rows
from ...genogram.layout.steps import copied_step_listings, without_listings
from ...genogram.lines import twin_bar
from ...genogram.place import place_unions
from ...genogram.scene import Placed, UnionPlacement, UnknownPartner
from .arrange import arrange
from .records import Config, PersonSymbol, _symbol_half

Segment = tuple[Point, Point]
# A relative drawn in the centre to link members who live elsewhere: a smaller symbol, in grey.
AWAY_SCALE = 0.75


@dataclass
class Tree:
    """The household as a small genogram: symbols, lines and their forms (see `CenterLayout.forms`),
    the "?" of each one-parent union, and each member's symbol plan at the origin (for what it
    draws beside the symbol that a tie must not cross: the NSGC proband arrow and its "P")."""

    symbols: dict[str, PersonSymbol]
    lines: list[tuple[Point, ...]] = field(default_factory=list)
    forms: list[str] = field(default_factory=list)
    unknowns: list[UnknownPartner] = field(default_factory=list)
    plans: dict[str, sy.PersonPlan] = field(default_factory=dict)

    def add(self, points: Sequence[Point], form: str) -> None:
        self.lines.append(tuple(points))
        self.forms.append(form)

    def marks(self) -> list[Segment]:
        """The proband arrow's shaft beside each member that has one (a line a tie may not cross)."""
        out: list[Segment] = []
        for pid, sym in sorted(self.symbols.items()):
            plan = self.plans.get(pid)
            if plan is not None and "arrow_tip" in plan.extra:
                (tx, ty), (ux, uy) = plan.extra["arrow_tip"], plan.extra["arrow_tail"]
                out.append(((tx + sym.x, ty + sym.y), (ux + sym.x, uy + sym.y)))
        return out

    def letters(self) -> list[tuple[str, Box]]:
        """The proband arrow's "P" beside each member that has one: a text, kept off as names are."""
        return [(pid, plan.proband.box.shift(sym.x, sym.y)) for pid, sym in sorted(self.symbols.items())
                if (plan := self.plans.get(pid)) is not None and plan.proband is not None]

    def content(self) -> list[Box]:
        """Every box the genogram covers: symbols, names, lines, unknown partners, marks."""
        boxes = [s.box for s in self.symbols.values()]
        boxes += [b for s in self.symbols.values() for b in s.label.line_boxes()]
        boxes += [_line_box(ln) for ln in self.lines] + [u.box for u in self.unknowns]
        return boxes + [_line_box(mark) for mark in self.marks()] + [b for _pid, b in self.letters()]

    def moved(self, dx: float, dy: float, mirror: float | None = None) -> Tree:
        """The same genogram moved by (dx, dy), after turning it over about x = `mirror` (the marks
        beside a symbol are not turned over: they follow it, as `draw_person` draws them)."""
        def x_of(x: float) -> float:
            return (2 * mirror - x if mirror is not None else x) + dx

        def pt(p: Point) -> Point:
            return (x_of(p[0]), p[1] + dy)

        symbols = {k: replace(s, x=x_of(s.x), y=s.y + dy, label=s.label.moved(x_of(s.x) - s.x, dy))
                   for k, s in self.symbols.items()}
        lines = [tuple(pt(p) for p in ln) for ln in self.lines]
        unknowns = [UnknownPartner(pt(u.center), u.half, pt(u.joint)) for u in self.unknowns]
        return Tree(symbols, lines, list(self.forms), unknowns, dict(self.plans))

    def join(self, other: Tree) -> None:
        self.symbols.update(other.symbols)
        self.lines += other.lines
        self.forms += other.forms
        self.unknowns += other.unknowns
        self.plans.update(other.plans)


def _line_box(points: Sequence[Point]) -> Box:
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return Box(min(xs), min(ys), max(xs), max(ys))


def generations(case: Case) -> dict[str, int]:
    """Every person's generation (0 = the oldest row), as the genogram rows them: its engine's own
    step (`genogram.layout.rows.assign_rows`: partners share a row, children below their parents,
    a married-in spouse's parents just above the spouse, someone alone in the file on the row of
    the people born nearest their time, a partnership that closes a loop cut), over the whole
    family, with each child under the union the genogram draws them under."""
    people = {p.id: FamilyPerson(p.id, birth_key=case.birth_year(p)) for p in case.people}
    unions = {u.id or "": FamilyUnion(u.id or "", tuple(u.partners), tuple(c.id for c in u.children))
              for u in case.unions}
    return assign_rows(people, unions, {}, primary_unions(case)).row


def union_form(union: Union, mark: float, consanguineous: bool = False) -> str:
    """The form of a partner line of the centre (see `CenterLayout.forms`): type, status, where
    the status slash goes, whether the partners are related, the union's id (no id has a ':')."""
    return f"union:{union.type}:{union.status}:{mark:.3f}:{'c' if consanguineous else ''}:{union.id or ''}"


@dataclass(frozen=True)
class UnionForm:
    """A partner line's form read back (see `union_form`)."""

    type: str
    status: str
    mark: float
    related: bool
    union: str


def parse_union_form(form: str) -> UnionForm:
    parts = form.split(":")
    return UnionForm(parts[1], parts[2], float(parts[3]), parts[4] == "c", parts[5])


def home_unions(case: Case, home: set[str]) -> list[Union]:
    """The unions as the household sees them: children at home only; partners at home, and the
    other partner of a union with children at home too (an absent father: laid out, not drawn, so
    that his children hang from a drop of their own, as in the genogram); a union with nobody at
    home to draw a line between (no partner at home, or one without children at home) left out,
    but for twins at home whose parents both live elsewhere: laid out with their parents, so that
    the genogram's twin mark joins them (`_Household.union_lines` draws it without the parents'
    partner line and drop), unless a union with a partner at home raises them too (foster parents:
    the twin mark would draw them twice)."""
    out = []
    raised = {c.id for u in case.unions if any(p in home for p in u.partners) for c in u.children}
    for union in sorted(case.unions, key=lambda u: u.id or ""):
        children = [c for c in union.children if c.id in home]
        partners = [p for p in union.partners if p in home or children]
        twins = [t for t in union.twins if sum(m in home for m in t.members) >= 2]
        if not any(p in home for p in partners) and (
                not twins or any(m in raised for t in twins for m in t.members)):
            continue
        if (len(partners) == 1 and not children) or \
                (len(partners) == 2 and not children and not set(partners) <= home):
            continue
        out.append(union.model_copy(update={"partners": partners, "children": children, "pregnancies": [],
                                            "twins": twins, "start": None, "end": None}))
    return out


# How many generations up from a member the centre looks for the relative who links them to the rest
# of the household (a parent living elsewhere, or a grandparent).
LINK_DEPTH = 2


def linking_relatives(case: Case, home: AbstractSet[str]) -> list[str]:
    """The relatives living elsewhere the centre draws so that the household reads as one family:
    each a parent or grandparent (`LINK_DEPTH`) of a member through whom that member descends
    from, or shares a parent with, members of another of the household's families (grandchildren
    raised by their grandmother while their mother is away: the mother).  The relative who joins
    most families for the fewest people drawn is taken first (the mother of two half-siblings
    before either father), until none joins two.  One the ecomap ties too is taken all the same
    (`household.centre_ids`): the ring would leave the members below them with no line to anyone."""
    parents: dict[str, list[str]] = {}
    for union in case.unions:
        for child in union.children:
            parents.setdefault(child.id, []).extend(union.partners)
    families = _Families(home)
    for union in case.unions:  # the families as the household's own unions join them
        kin = [q for q in (*union.partners, *(c.id for c in union.children)) if q in home]
        if any(p in home for p in union.partners):
            families.join(kin)
    candidates = _ways_up(parents, home)
    chosen: set[str] = set()
    while True:
        best: tuple[float, int, str, list[str], list[str]] | None = None
        for relative, drawn, reached in candidates:
            joined = len({families.find(m) for m in reached}) - 1
            if joined < 1:
                continue
            new = [q for q in drawn if q not in chosen]
            key = (-joined / max(1, len(new)), len(new), relative, drawn, reached)
            if best is None or key[:3] < best[:3]:
                best = key
        if best is None:
            return sorted(chosen)
        families.join(best[4])
        chosen.update(best[3])


class _Families:
    """The household's people grouped into families (a union-find over their ids)."""

    def __init__(self, ids: AbstractSet[str]) -> None:
        self.up = {pid: pid for pid in ids}

    def find(self, x: str) -> str:
        while self.up[x] != x:
            self.up[x] = self.up[self.up[x]]
            x = self.up[x]
        return x

    def join(self, ids: Sequence[str]) -> None:
        roots = sorted({self.find(i) for i in ids})
        for other in roots[1:]:
            self.up[other] = roots[0]


def _ways_up(parents: dict[str, list[str]], home: AbstractSet[str]) -> list[tuple[str, list[str], list[str]]]:
    """Each relative living elsewhere up to `LINK_DEPTH` generations above a member: the people
    away on the ways down from them to members, and the members those ways and their own parents
    at home reach (relative, people drawn, members reached)."""
    ways: dict[str, list[tuple[str, ...]]] = {}
    for member in sorted(home):
        frontier: list[tuple[str, ...]] = [()]
        for _depth in range(LINK_DEPTH):
            following: list[tuple[str, ...]] = []
            for way in frontier:
                below = way[0] if way else member
                for parent in sorted(set(parents.get(below, ()))):
                    if parent in home:
                        continue
                    ways.setdefault(parent, []).append((parent, *way))
                    following.append((parent, *way))
            frontier = following
    out = []
    for relative, found in sorted(ways.items()):
        reached = {m for way in found for m in _member_below(way, parents, home)}
        reached |= {p for p in parents.get(relative, ()) if p in home}
        out.append((relative, sorted({q for way in found for q in way}), sorted(reached)))
    return out


def _member_below(way: tuple[str, ...], parents: dict[str, list[str]], home: AbstractSet[str]) -> list[str]:
    """The members the last person of a way up is a parent of (the way's own member among them)."""
    last = way[-1]
    return sorted(c for c, ps in parents.items() if c in home and last in ps)


def _families(people: Sequence[Person], unions: Sequence[Union]) -> list[list[str]]:
    """The household's connected families (people joined by a union at home, with the absent
    partners laid out among them), each sorted."""
    up = {p.id: p.id for p in people}
    up.update({q: q for u in unions for q in u.partners if q not in up})

    def find(x: str) -> str:
        while up[x] != x:
            up[x] = up[up[x]]
            x = up[x]
        return x

    for union in unions:
        ids = [*union.partners, *(c.id for c in union.children)]
        for other in ids[1:]:
            a, b = sorted((find(ids[0]), find(other)))
            up[b] = a
    groups: dict[str, list[str]] = {}
    for pid in sorted(up):
        groups.setdefault(find(pid), []).append(pid)
    home = {p.id for p in people}
    return [g for g in groups.values() if home.intersection(g)]


def _label(name: str, cfg: Config, half: float) -> PlacedText:
    size = cfg.font
    lines = tuple(tm.wrap(name, 6.5 * size, size))
    top = half * 1.2 + 0.25 * size
    return PlacedText(0.0, top + tm.ascent(size), lines, size, "middle", line_height=cfg.line_height)


def _clear_of_proband(label: PlacedText, proband: Box | None, size: float) -> PlacedText:
    """The name moved down below the NSGC proband's "P" (drawn at the arrow's tail, below and left
    of the symbol) where a wide name would run into it."""
    if proband is None or not any(b.overlap(proband) > 0 for b in label.line_boxes()):
        return label
    top = min(b.y0 for b in label.line_boxes())
    return label.moved(0.0, proband.y1 - top + 0.15 * size)


class _Household:
    """What every connected family's layout shares: the plans of the members at the origin, the
    genogram's options and the context its placement reads."""

    def __init__(self, case: Case, cfg: Config, style: Style, people: Sequence[Person],
                 client_id: str | None, away: AbstractSet[str] = frozenset()) -> None:
        self.case, self.cfg, self.style, self.client_id = case, cfg, style, client_id
        self.by_id = {u.id: u for u in case.unions}
        self.people = {p.id: p for p in people}
        self.away = away  # relatives drawn to link members, who do not live there (`linking_relatives`)
        home = set(self.people)
        self.unions = home_unions(case, home)
        kit = sy.symbol_set(style)
        self.kit = kit
        adopted = {c.id for u in case.unions for c in u.children if c.relation == "adopted"}
        self.specs: dict[str, sy.PersonSpec] = {}
        self.plans: dict[str, sy.PersonPlan] = {}
        self.labels: dict[str, PlacedText] = {}
        lang = words_for(case.case.language)
        for p in people:
            spec = sy.person_spec(p, case, lang, adopted=p.id in adopted)
            spec = replace(spec, name="", age=None, years=None, assigned=None, details=(),
                           other_conditions=(), index=p.id == client_id)
            half = _symbol_half(p, cfg.person) * (AWAY_SCALE if p.id in away else 1.0)
            plan = sy.plan_person(spec, (0.0, 0.0), 2 * half, style, symbols=kit, words=lang)
            label = _clear_of_proband(_label(p.name, cfg, half), plan.proband.box if plan.proband else None,
                                      cfg.font)
            # The ecomap writes the name alone, at its one text size: the plan carries it as its label.
            self.plans[p.id] = sy.PersonPlan(plan.shape, plan.center, plan.half, (label,), plan.marks,
                                             plan.proband, plan.age, plan.extra)
            self.specs[p.id] = spec
            self.labels[p.id] = label
        # Related partners, from the whole family: the centre draws their double line as the genogram does.
        self.related = consanguineous_unions(case)
        self.metrics = Metrics(size=cfg.person, label_width=6.5 * cfg.font, gap=0.35 * cfg.font)
        label_h = 2 * cfg.line_height * cfg.font
        self.row_gap = round(2.4 * cfg.person + label_h + 0.8 * cfg.person, 1)
        lines = max(len(label.lines) for label in self.labels.values()) if self.labels else 0
        if lines > 2:
            # a name of more lines (five, for a long Indonesian name) still ends above the sibship
            # bars, which run halfway down to the next row: it ran over the bar and the child under it
            tall = lines * cfg.line_height * cfg.font
            self.row_gap = max(self.row_gap, round(2 * (0.5 * cfg.person + tall + cfg.font), 1))
        sub = case.model_copy(update={"people": list(people), "unions": self.unions})
        self.context = Context(sub, RenderOptions(), style, lang, "")

    def width(self, pid: str, lone: set[str]) -> float:
        """The room a member takes in their row: generous, as ties leave from them and pass between
        neighbours; more beside a lone parent at home for the drop and the unknown partner's "?"."""
        size, side = self.cfg.font, self.cfg.person
        w = max(3.4 * side, tm.widest(list(self.labels[pid].lines), size) + 1.6 * size)
        if pid in lone:
            w += 2 * (2 * self.metrics.gap + 2 * unknown_partner_half(side))
        return w

    def family_person(self, pid: str, lone: set[str]) -> FamilyPerson:
        """A member as the layout sees them; an absent partner (`ghost`) narrow, as only the end of
        the partner line stands for them."""
        if pid in self.people:
            return FamilyPerson(pid, DRAWN_SEX.get(self.specs[pid].shape, "unknown"),
                                self.case.birth_year(self.people[pid]), self.width(pid, lone), True)
        person = self.case.person(pid)
        assert person is not None
        shape = sy.shape_for(person.sex, person.gender)
        return FamilyPerson(pid, DRAWN_SEX.get(shape, "unknown"), self.case.birth_year(person),
                            1.2 * self.cfg.person, False)

    def family(self, ids: Sequence[str]) -> Family:
        own = set(ids)
        unions = [u for u in self.unions if u.partners[0] in own]
        lone = {u.partners[0] for u in unions if len(u.partners) == 1}
        best: dict[str, tuple[int, str]] = {}
        for u in unions:
            for c in u.children:
                key = (RELATION_RANK[c.relation], u.id or "")
                best[c.id] = min(best.get(c.id, key), key)
        people = tuple(self.family_person(pid, lone) for pid in sorted(own))
        fam_unions = tuple(FamilyUnion(
            id=u.id or "", partners=tuple(u.partners), children=tuple(c.id for c in u.children),
            start_key=None, twins=tuple(tuple(m for m in t.members if m in own) for t in u.twins),
            secondary=tuple(c.id for c in u.children if best[c.id][1] != u.id),
            steps=tuple(c.id for c in u.children if c.relation == "step")) for u in unions)
        return Family(people, fam_unions)

    def options(self) -> LayoutOptions:
        fs = self.cfg.font
        return LayoutOptions(row_gap=self.row_gap, partner_gap=2.0 * fs, sibling_gap=0.9 * fs,
                             cluster_gap=2.0 * fs, symbol_size=self.cfg.person, bar_margin=fs,
                             virtual_width=fs)

    def piece(self, ids: Sequence[str], rank: dict[str, int], gens: dict[str, int]) -> Tree:
        """One connected family laid out and placed by the genogram's engine, moved down to its
        generation's row."""
        family = self.family(ids)
        lay = layout_genogram(family, self.options())
        # (a union's step listings its remarriage tells, left out by the layout as in the genogram)
        family = without_listings(family, lay.omitted)
        listed_again = copied_step_listings(family, lay.duplicates)
        if listed_again:
            # The small genogram of a household draws no stepchild twice: one the layout still
            # reaches from a parent's second union only by a copy (where leaving out all that
            # union's step listings spared no copy, `steps`) hangs from his own parents alone
            # there, that listing's line left out (the remarriage beside them tells it; the
            # genogram itself then draws it with the copy).
            family = without_listings(family, listed_again)
            lay = layout_genogram(family, self.options())
        placed: dict[str, Placed] = {}
        for node, (x, y) in lay.positions.items():
            # A member, or a copy of one the genogram draws twice (a marriage between relatives):
            # neither an absent partner nor a pass-through point.
            pid = lay.duplicates.get(node, node)
            if pid in self.people:
                placed[node] = Placed(node, self.people[pid], lay.generation[node],
                                      self.plans[pid].moved(x, y), pid if pid != node else None)
        adapted = Adapted(family, self.specs, {}, {}, self.related)
        unions, twins = place_unions(self.context, adapted, lay, placed, self.metrics)
        tree = Tree({}, plans={node: self.plans[p.person.id] for node, p in placed.items()})
        for node, p in placed.items():
            x, y = p.plan.center
            pid = p.person.id
            tree.symbols[node] = PersonSymbol(node, p.person.name, p.person.sex, x, y, p.plan.half,
                                              pid == self.client_id, p.person.deceased, gens.get(pid, 0),
                                              self.labels[pid].moved(x, y), p.person.gender, p.copy_of,
                                              pid in self.away)
        for uid in sorted(unions):
            self.union_lines(tree, unions[uid], lay, placed)
        for twin in twins:
            if twin.kind == "identical":
                tree.add(twin_bar(twin.apex, twin.ends), "twins:identical")
        shifts = Counter(rank[p.person.id] - lay.generation[node] for node, p in placed.items())
        shift = min(shifts, key=lambda s: (-shifts[s], s))
        self.reach_away(tree)
        return tree.moved(0.0, shift * self.row_gap)

    def reach_away(self, tree: Tree) -> None:
        """Lines that end at the outline of a relative away, who is drawn smaller (`AWAY_SCALE`)
        than the genogram's engine routed for, carried on to the smaller outline."""
        away = [s for s in tree.symbols.values() if s.away]
        if not away:
            return

        def reach(p: Point) -> Point:
            for s in away:
                dx, dy = p[0] - s.x, p[1] - s.y
                big = s.half / AWAY_SCALE  # the outline the lines were routed to
                if abs(abs(dx) - big) < 0.6 and abs(dy) < big:
                    return (s.x + math.copysign(s.half, dx), p[1])
                if abs(abs(dy) - big) < 0.6 and abs(dx) < big:
                    return (p[0], s.y + math.copysign(s.half, dy))
            return p

        tree.lines = [(reach(ln[0]), *ln[1:-1], reach(ln[-1])) if len(ln) > 1 else ln for ln in tree.lines]

    def union_lines(self, tree: Tree, placement: UnionPlacement, lay: GenogramLayout,
                    placed: dict[str, Placed]) -> None:
        """A union's partner line (or its "?") and its descents into the tree."""
        uid = placement.union.id or ""
        original = self.by_id[uid]
        geo = lay.unions[uid]
        related = uid in self.related
        absent = [q for q in geo.partners if q not in placed]
        away = len(absent) == len(geo.partners)
        if away:
            # Twins at home whose parents both live elsewhere (`home_unions`): their legs from the
            # twin apex and the sibling line, without the parents' line and the drop from it.
            relation = {c.id: c.relation for c in original.children}
            for child in geo.children:
                if child in placed:
                    tree.add(placement.descents[child][1:], f"descent:{relation.get(child, 'biological')}")
            return
        if placement.partner_line is not None and absent:
            # The other partner is in the file, not at home: their partner line, in its form (a
            # divorce's slashes), runs from the parent at home a little past the children's drop,
            # and past where each child's line leaves it (an only child's comes straight down from
            # the line over her, which may stand beyond the drop).
            tops = [placement.descents[child][0][0] for child in geo.children if child in placed]
            line = _towards_absent(placement.partner_line, absent[0] == geo.partners[0], [geo.mid[0], *tops],
                                   0.5 * self.cfg.person)
            tree.add(line, union_form(original, 0.5, related))
        elif placement.partner_line is not None:
            tree.add(placement.partner_line, union_form(original, placement.mark_at, related))
        elif placement.unknown is not None:
            tree.unknowns.append(placement.unknown)
        relation = {c.id: c.relation for c in original.children}
        for child in geo.children:
            if child in placed:  # a member, or their copy
                kind = relation.get(lay.duplicates.get(child, child), "biological")
                tree.add(placement.descents[child], f"descent:{kind}")


def engine_tree(case: Case, cfg: Config, style: Style, gens: dict[str, int], people: Sequence[Person],
                client_id: str | None, weights: Mapping[str, int]) -> Tree:
    """The household's small genogram (see the module's docstring)."""
    if not people:
        return Tree({})
    home = {p.id for p in people}
    away = set(linking_relatives(case, home))
    by_id = case.people_by_id
    people = [*people, *(by_id[pid] for pid in sorted(away))]
    house = _Household(case, cfg, style, people, client_id, away)
    levels = sorted({gens.get(p.id, 0) for p in people})
    rank = {p.id: levels.index(gens.get(p.id, 0)) for p in people}
    pieces = [house.piece(ids, rank, gens) for ids in _families(people, house.unions)]
    return arrange(pieces, weights, 2.0 * cfg.font)


def _towards_absent(line: Sequence[Point], absent_first: bool, drops: Sequence[float], beyond: float
                    ) -> list[Point]:
    """The part of a partner line from the partner at home to `beyond` past the farthest of the
    `drops` (the x where lines leave it; the absent partner stands at the line's other end, where
    nothing is drawn)."""
    start = line[-1] if absent_first else line[0]
    if absent_first:
        return [start, (min(drops) - beyond, start[1])]
    return [start, (max(drops) + beyond, start[1])]
