"""Case -> Family: what the layout engine needs to know about a case, and nothing more.

The layout works on plain ids and widths (`family.py`); this module decides
those widths from the planned symbol and label boxes (`symbols.plan_person`),
so that whatever the layout keeps apart on paper is the text as drawn.  It
also resolves what the case file leaves implicit: the birth key that breaks
ties, where a pregnancy stands among its union's children, which union a
child listed twice belongs to, and which unions join relatives.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from ... import text as tm
from ...geometry import Box
from ...kinship import consanguineous_unions
from ...lang import Words
from ...model import Case, Child, Person, Pregnancy, Union
from ...style import Style
from . import symbols as sy
from .family import ChildSlot, Family, FamilyPerson, FamilyUnion
from .lines import UnionSpec, has_union_text, union_spec, union_text

# Which listing of a child wins when the child is listed under several unions:
# the biological parents first, then the closest legal tie.
RELATION_RANK = {"biological": 0, "adopted": 1, "foster": 2, "step": 3}
# The sex a symbol shows, for the partner order (husband left, wife right).
DRAWN_SEX = {"square": "male", "circle": "female"}


@dataclass(frozen=True)
class Metrics:
    """Sizes of the drawing in user units, all derived from the style's font size."""

    size: float            # person symbol side
    label_width: float     # names wrap at this width
    gap: float             # room kept free around a person's boxes

    @staticmethod
    def of(style: Style) -> Metrics:
        fs = style.font.size
        size = float(style.get("genogram.symbol", 2.7)) * fs
        width = float(style.get("genogram.label_width", 4.5)) * fs
        return Metrics(size=size, label_width=width, gap=0.35 * fs)


@dataclass(frozen=True)
class SlotInfo:
    """A pregnancy or loss as the drawing needs it back after the layout."""

    union: str
    pregnancy: Pregnancy
    label: str | None


@dataclass
class Adapted:
    family: Family
    specs: dict[str, sy.PersonSpec]
    slots: dict[str, SlotInfo]
    relation: dict[tuple[str, str], str]        # (union id, child id) -> relation
    consanguineous: frozenset[str]
    plans: dict[str, sy.PersonPlan] = field(default_factory=dict)  # person id -> plan at (0, 0)
    # union id -> (the partner beside whom the household passes down, the room it takes there)
    passes: dict[str, tuple[str, float]] = field(default_factory=dict)


def plan_extent(plan: sy.PersonPlan) -> float:
    """Half the width a planned person needs around its centre (labels and marks included)."""
    return _reach(plan.center[0], plan.boxes)


def core_extent(plan: sy.PersonPlan) -> float:
    """Half the width a planned person needs without its labels: the symbol and its marks."""
    cx = plan.center[0]
    symbol = plan.symbol_box
    if not plan.marks:  # nearly everyone: the symbol alone, as below without the tuple
        return max(cx - symbol.x0, symbol.x1 - cx)
    return _reach(cx, (symbol, *plan.marks))


def _reach(cx: float, boxes: tuple[Box, ...]) -> float:
    """How far the boxes reach from `cx`, the farther side: the farthest left edge and the farthest
    right edge (subtraction keeps the order, so this is the largest of every box's cx - x0 and
    x1 - cx)."""
    # running extremes, not min() and max() over two lists (two calls more for each of thousands
    # of plans); replaced only by a strictly smaller (larger) edge, as min() and max() keep the
    # first of equal values
    left, right = boxes[0].x0, boxes[0].x1
    for box in boxes:
        if box.x0 < left:
            left = box.x0
        if box.x1 > right:
            right = box.x1
    return max(cx - left, right - cx)


def union_label_width(union: Union, style: Style, words: Words) -> float:
    """How wide the partner-line label ("m. 1983 d. 2010") is on one line."""
    parts = union_text(union_spec(union), words)
    if not parts:
        return 0.0
    return tm.measure(" ".join(parts), style.font.small)


# How wide (font sizes) the gap between two partners grows where the household region passes
# down between them (`household_passes`): a band of one bridge with half a pad clear either side.
PASS_ROOM = 2.4


def household_passes(case: Case) -> dict[str, str]:
    """Union id -> the partner beside whom the household region has to pass down through that
    couple's partner line.

    The shape: a grandparent raising a grandchild whose parents both live elsewhere (a skipped
    generation).  The region joins the grandparent's row to the child's through the parents'
    row, and the only way down that keeps both parents out runs between them, beside the one
    whose parent lives with the client (that parent stands above them)."""
    home = case.household
    if not home:
        return {}
    # people with a parent who lives with the client
    raised_by_home = {c.id for u in case.unions if not home.isdisjoint(u.partners) for c in u.children}
    passes: dict[str, str] = {}
    for union in case.unions:
        if len(union.partners) != 2 or not home.isdisjoint(union.partners) or union.id is None:
            continue
        if all(c.id not in home for c in union.children):
            continue
        partner = next((p for p in union.partners if p in raised_by_home), None)
        if partner is not None:
            passes[union.id] = partner
    return passes


def pass_room(style: Style, m: Metrics, plan: sy.PersonPlan) -> float:
    """The width `household_passes` adds to a partner gap: the band, and the partner's labels
    where they stand out beyond the symbol into the gap (the band runs round them)."""
    return PASS_ROOM * style.font.size + max(0.0, plan_extent(plan) + m.gap - m.size / 2)


def _label_room(union: Union, m: Metrics, style: Style, words: Words, extent: dict[str, float],
                home: frozenset[str], passing: float = 0.0) -> float:
    """The room a union of two needs between the partners' symbols for its label (the label
    and half the small font's size either side; 0 without a label or for one partner).  When
    only one of the two lives with the client, the household outline runs between them, round
    that partner's labels (wider than the symbol): the union label keeps clear of those too.
    `passing`: the room the region takes passing down between the two (`household_passes`)."""
    if len(union.partners) != 2:
        return 0.0
    label = union_label_width(union, style, words)
    if not label:
        return passing
    room = label + style.font.small + passing
    inside = [p for p in union.partners if p in home]
    if len(inside) == 1:
        room += max(0.0, extent[inside[0]] - m.size / 2)
    return room


def unknown_partner_half(size: float) -> float:
    """Half the size of the small symbol drawn for the unknown other parent of a one-parent union."""
    return 0.34 * size


def one_parent_lines(spec: UnionSpec, words: Words) -> tuple[str, ...]:
    """The label of a one-parent union ("m. 1983", "d. 2010"): a line per part, written beside
    its "?" (narrow: the parent's column holds each union's label side by side); nothing
    without one."""
    if not has_union_text(spec):
        return ()
    return tuple(union_text(spec, words))


def slot_label(preg: Pregnancy) -> str | None:
    return str(preg.year.year) if preg.year else None


def slot_id(union_id: str, index: int) -> str:
    # ':' never occurs in a case id, so a slot can never be mistaken for a person.
    return f"{union_id}:{index}"


def _slot_after(case: Case, people: dict[str, Person], union: Union, preg: Pregnancy) -> int:
    """How many of the union's children were born before the pregnancy.

    Placed by year among the children whose birth year is known; without a year
    (or with no child's year known) it follows the last child.  `people`: the case's people by
    id, made once per adapt (`Case.people_by_id` builds a new dict at every call: asked here
    for each pregnancy, it made the adapter quadratic, 70 ms of a family of 5,000).
    """
    if preg.year is None:
        return len(union.children)
    year = preg.year.decimal
    after = 0
    known = False
    for i, child in enumerate(union.children):
        person = people.get(child.id)
        born = case.birth_year(person) if person else None
        if born is None:
            continue
        known = True
        if born <= year:
            after = i + 1
    return after if known else len(union.children)


def _widen_for_partner_lines(case: Case, style: Style, words: Words, m: Metrics,
                             extent: dict[str, float]) -> None:
    """Widen the people with one-parent unions: each union with children (or losses) drops
    beside the parent, with the small symbol of the unknown other parent beside the drop and the
    union's label beside that ("?" m. 1983, see oneparent.py); a parent's second union drops beyond the
    first one's label, and so on.  Which side each goes to is found later: room for all of them
    on either side."""
    beside: dict[str, float] = {}
    for union in case.unions:
        # (a union with losses only draws its "?" and label all the same: they stood on the next
        # person's symbol when only unions with children had room kept)
        if len(union.partners) == 1 and (union.children or union.pregnancies) \
                and union.partners[0] in extent:
            lines = one_parent_lines(union_spec(union), words)
            label = tm.widest(list(lines), style.font.small) + 0.3 * style.font.size if lines else 0.0
            pid = union.partners[0]
            beside[pid] = beside.get(pid, 0.0) + 2 * m.gap + 2 * unknown_partner_half(m.size) + label
    for pid, need in beside.items():
        extent[pid] += need


def primary_unions(case: Case, at_home: bool = True) -> dict[str, str]:
    """The union each child is drawn under: never a grandparents' union over the union of one of
    their children that lists the child too (kinship care: the grandchild stays in their own
    generation); then, for a child who lives with the client, a union of partners who do too (the
    child is drawn at home, the copy goes to the other parents; see test_genogram_household; not
    where ``at_home`` is off); then the best relation, then the union id (stable under reordering).
    The ecomap's generations read the same (`ecomap.layout.tree.generations`)."""
    listed: dict[str, list[tuple[Union, Child]]] = {}  # child -> each union listing them, and how
    for union in case.unions:
        for child in union.children:
            listed.setdefault(child.id, []).append((union, child))
    home = case.household if at_home else frozenset()
    # (in the order of the children's first listing; a child listed once, nearly every child, has
    # no choice to make)
    return {cid: (listings[0][0].id or "") if len(listings) == 1 else _primary_of(listings, listed, home)
            for cid, listings in listed.items()}


def _primary_of(listings: list[tuple[Union, Child]], listed: dict[str, list[tuple[Union, Child]]],
                home: frozenset[str]) -> str:
    """`primary_unions` for one child, listed under each union of `listings`."""
    ranked: list[tuple[bool, bool, int, str]] = []
    for union, child in listings:
        # grandparents who foster or adopt a grandchild living with them: the child is still
        # drawn in their own generation, under the union of a partner's child (kinship care:
        # the grandparents' line comes down to them, `layout.build._linked_chain`)
        partners = set(union.partners)
        above = any(not partners.isdisjoint(parent.partners) for other, _ in listings if other is not union
                    for p in other.partners for parent, _ in listed.get(p, ()))
        elsewhere = child.id in home and home.isdisjoint(union.partners)
        ranked.append((above, elsewhere, RELATION_RANK[child.relation], union.id or ""))
    return min(ranked)[3]


def adapt(case: Case, style: Style, words: Words, *, symbols: str | None = None) -> Adapted:
    m = Metrics.of(style)
    kit = sy.symbol_set(style, symbols)
    home = case.household
    relation: dict[tuple[str, str], str] = {(union.id or "", child.id): child.relation
                                            for union in case.unions for child in union.children}
    primary = primary_unions(case)
    adopted = {cid for (uid, cid), rel in relation.items() if rel == "adopted"}

    specs: dict[str, sy.PersonSpec] = {}
    extent: dict[str, float] = {}
    plans: dict[str, sy.PersonPlan] = {}
    for person in case.people:
        spec = sy.person_spec(person, case, words, adopted=person.id in adopted)
        specs[person.id] = spec
        plan = sy.plan_person(spec, (0.0, 0.0), m.size, style, symbols=kit, words=words,
                              label_width=m.label_width)
        plans[person.id] = plan
        extent[person.id] = plan_extent(plan) + m.gap

    _widen_for_partner_lines(case, style, words, m, extent)
    passing = {uid: (partner, pass_room(style, m, plans[partner]))
               for uid, partner in household_passes(case).items()}

    slots: dict[str, SlotInfo] = {}
    unions: list[FamilyUnion] = []
    people_by_id = case.people_by_id
    for union in sorted(case.unions, key=lambda u: u.id or ""):
        assert union.id is not None
        extra = []
        for i, preg in enumerate(union.pregnancies):
            sid = slot_id(union.id, i)
            label = slot_label(preg)
            words_below = [label] if label else []
            if preg.outcome == "stillbirth" and kit == "nsgc":
                words_below.append(words["genogram.label.stillbirth"])
            text_w = tm.widest(words_below, style.font.small)
            width = max(m.size, text_w) + 2 * m.gap
            extent[sid] = width / 2
            slots[sid] = SlotInfo(union.id, preg, label)
            extra.append(ChildSlot(sid, _slot_after(case, people_by_id, union, preg), width,
                                   preg.year.decimal if preg.year else float(i)))
        # (lists made into tuples, not generators: a union a line, thousands of them)
        children = tuple([c.id for c in union.children])
        secondary = tuple([c.id for c in union.children if primary[c.id] != union.id])
        unions.append(FamilyUnion(
            id=union.id, partners=tuple(union.partners), children=children,
            start_key=union.start.decimal if union.start else None,
            twins=tuple([tuple(t.members) for t in union.twins]),
            extra_slots=tuple(extra), secondary=secondary,
            steps=tuple([c.id for c in union.children if c.relation == "step"]),
            label=_label_room(union, m, style, words, extent, home,
                              passing=passing[union.id][1] if union.id in passing else 0.0)))

    # The partner order follows the symbol drawn (a trans woman stands as a wife, a nonbinary
    # person as neither), so the layout gets the sex the shape shows.
    people = tuple([
        FamilyPerson(p.id, DRAWN_SEX.get(specs[p.id].shape, "unknown"), case.birth_year(p),
                     2 * extent[p.id], p.id in home, 2 * (core_extent(plans[p.id]) + m.gap))
        for p in sorted(case.people, key=lambda p: p.id)])
    return Adapted(Family(people, tuple(unions)), specs, slots, relation, consanguineous_unions(case), plans,
                   passing)


def drawn_with_birth_parents(case: Case, family: Family) -> Family | None:
    """``family`` (`adapt`'s) with each child drawn at home (`primary_unions`) drawn under the union
    it would be drawn under were it not at home instead (its birth parents'); None where no child
    moves, or a twin would (the twins' apex is drawn where they stand together: at home, or copied
    together).  Asked for only where drawing them at home draws someone twice (`place.layout`)."""
    if not case.household:
        return None
    primary, away = primary_unions(case), primary_unions(case, at_home=False)
    moved = {child for child, uid in primary.items() if away[child] != uid}
    twins = {child for u in family.unions for group in u.twins for child in group}
    if not moved or not moved.isdisjoint(twins):
        return None
    return replace(family, unions=tuple(
        replace(u, secondary=tuple([c for c in u.children if away[c] != u.id]))  # (others: as `primary`)
        for u in family.unions))
