"""The genogram's legend entries: exactly the symbols and lines a case uses, in a fixed order.

`used_keys(case)` reads what the case will draw; `legend_entries(keys, …)`
turns keys into `socialmaps.legend.LegendEntry` values whose swatches are
drawn with the same functions as the genogram itself, so the key can never
disagree with the drawing.  Labels come from `lang/<code>/genogram.toml`,
table `key`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from collections.abc import Set as AbstractSet
from dataclasses import replace
from typing import TYPE_CHECKING

from ... import text as tm
from ...geometry import Box
from ...lang import Words
from ...legend import LegendEntry, SwatchDrawer
from ...style import Style
from ...svg import Element
from . import lines as ln
from . import symbols as sy

if TYPE_CHECKING:
    from ...model import Case

# Every key, in the order the legend lists them: people, conditions, unions, children, losses, emotions.
ORDER: tuple[str, ...] = (
    "person.male", "person.female", "person.unknown", "person.index", "person.deceased", "person.age",
    "assigned.amab", "assigned.afab", "assigned.uaab",
    *(f"condition.{c}" for c in sy.CONDITIONS),
    *(f"union.{t}" for t in ln.UNION_TYPES), "union.consanguineous", "union.unknown-parent",
    "status.separated", "status.divorced",
    *(f"child.{r}" for r in ln.RELATIONS),
    *(f"twins.{k}" for k in ln.TWIN_KINDS),
    *(f"pregnancy.{o}" for o in sy.OUTCOMES),
    *(f"relationship.{t}" for t in ln.RELATIONSHIP_TYPES),
    "household", "copy",
)
_RANK = {key: i for i, key in enumerate(ORDER)}
_SHAPE_KEY = {"square": "person.male", "circle": "person.female", "diamond": "person.unknown"}


def used_keys(case: Case, *, consanguineous: Iterable[str] = (), household: bool | None = None,
              copies: bool = False, omitted: AbstractSet[tuple[str, str]] = frozenset(),
              specs: Mapping[str, sy.PersonSpec] | None = None) -> list[str]:
    """The legend keys a case's genogram uses, in legend order.

    `consanguineous` names the unions the layout found joining relatives (the
    case file does not say it); `household` overrides whether the boundary is drawn;
    `copies`: someone is drawn twice (the layout decides that too); `omitted`: the
    (union, child) listings whose lines the layout leaves out (stepchildren a remarriage tells);
    `specs`: every person as the drawing resolved them (`symbols.person_spec`), when the caller
    has them: their shapes, ages and conditions are read there, not worked out again.
    """
    used = _person_keys(case) if specs is None else _spec_keys(case, specs)
    if case.case.client and case.person(case.case.client):
        used.add("person.index")
    relations: set[str] = set()
    for u in case.unions:
        used.add(f"union.{u.type}")
        if u.status in ("separated", "divorced"):
            used.add(f"status.{u.status}")  # widowed has no mark of its own
        if len(u.partners) == 1 and u.children:
            used.add("union.unknown-parent")
        for child in u.children:
            if (u.id, child.id) not in omitted:
                relations.add(child.relation)
        if u.twins or u.pregnancies:  # (few unions: no generators made for the others)
            used.update(f"twins.{t.kind}" for t in u.twins)
            used.update(f"pregnancy.{p.outcome}" for p in u.pregnancies)
    # A solid descent line needs a key only to contrast with other kinds of children.
    if relations - {"biological"}:
        used.update(f"child.{r}" for r in relations)
    if set(consanguineous):
        used.add("union.consanguineous")
    used.update(f"relationship.{r.type}" for r in case.relationships)
    if household if household is not None else any(p.lives_with_client for p in case.people):
        used.add("household")
    if copies:
        used.add("copy")
    return sorted(used, key=lambda k: _RANK[k])


def _person_keys(case: Case) -> set[str]:
    """The keys of the people's symbols: shape, death, age, assigned sex, conditions."""
    used: set[str] = set()
    for p in case.people:
        used.add(_SHAPE_KEY[sy.shape_for(p.sex, p.gender)])
        if p.deceased:
            used.add("person.deceased")
        # one age is enough for the key: the rest are not worked out
        if "person.age" not in used and case.age_of(p) is not None:
            used.add("person.age")
        assigned = sy.assigned_key(p.sex, p.gender)
        if assigned:
            used.add(f"assigned.{assigned}")
        if p.conditions:
            used.update(f"condition.{c}" for c in sy.CONDITIONS if c in p.conditions)
    return used


def _spec_keys(case: Case, specs: Mapping[str, sy.PersonSpec]) -> set[str]:
    """`_person_keys` read from the people's specs (`person_spec` resolved the shape, the age and
    the known conditions of each person: a look-up, not the work again, for every person)."""
    used: set[str] = set()
    for p in case.people:
        spec = specs[p.id]
        used.add(_SHAPE_KEY[spec.shape])
        if spec.deceased:
            used.add("person.deceased")
        if spec.age is not None:
            used.add("person.age")
        if spec.assigned:  # (the word written: its key from what gave it)
            used.add(f"assigned.{sy.assigned_key(p.sex, p.gender)}")
        if spec.conditions:
            used.update(f"condition.{c}" for c in spec.conditions)
    return used


def label_for(key: str, words: Words) -> str:
    return words[f"genogram.key.{key}"]


def legend_entries(keys: Iterable[str], style: Style, words: Words, *, symbols: str | None = None
                   ) -> list[LegendEntry]:
    """Legend entries for the keys given (unknown keys are an error), in legend order."""
    kit = sy.symbol_set(style, symbols)
    out = []
    for key in sorted(set(keys), key=lambda k: _RANK[k]):
        out.append(LegendEntry(key, label_for(key, words), _swatch(key, style, kit)))
    return out


def case_legend(case: Case, style: Style, words: Words, *, symbols: str | None = None,
                consanguineous: Iterable[str] = (), household: bool | None = None,
                copies: bool = False, omitted: AbstractSet[tuple[str, str]] = frozenset(),
                specs: Mapping[str, sy.PersonSpec] | None = None, household_parts: int = 1
                ) -> list[LegendEntry]:
    """`legend_entries(used_keys(case))`: the genogram's legend in one call.  ``household_parts``: the
    outlines the household is drawn in; past one the household's entry says they are one home (two
    outlines apart read as two households)."""
    used = used_keys(case, consanguineous=consanguineous, household=household, copies=copies, omitted=omitted,
                     specs=specs)
    entries = legend_entries(used, style, words, symbols=symbols)
    if household_parts > 1:
        label = words.format("genogram.key.household-parts", parts=household_parts)
        entries = [replace(e, label=label) if e.key == "household" else e for e in entries]
    return entries


# --------------------------------------------------------------------------- swatches

def _swatch(key: str, style: Style, kit: sy.SymbolSet) -> SwatchDrawer:
    group, _, name = key.partition(".")
    if key not in _RANK:
        raise KeyError(f"no genogram legend key {key!r}")

    def draw(parent: Element, box: Box) -> None:
        cx, cy = box.center
        s = box.height
        ym = cy
        if group in ("person", "condition"):
            _person_swatch(parent, box, group, name, style, kit)
        elif group == "assigned":
            size = 0.8 * style.font.small
            parent.text_lines(cx, cy + (tm.ascent(size) - tm.descent(size)) / 2, [name.upper()], size,
                              anchor="middle", class_=None, fill=style.line.ink)
        elif key == "union.unknown-parent":
            h = 0.3 * s
            sy.draw_person(parent, sy.PersonSpec("circle"), (box.x0 + h, ym), 2 * h, style, symbols=kit)
            joint = (cx, ym)
            parent.line(box.x0 + 2 * h, ym, cx, ym, stroke=style.line.ink, stroke_width=style.line.width)
            parent.line(cx, ym, cx, box.y1, stroke=style.line.ink, stroke_width=style.line.width)
            ln.draw_unknown_partner(parent, joint, (box.x1 - 0.8 * h, ym), 0.8 * h, style)
        elif group in ("union", "status"):
            route = [(box.x0 + 1, box.y0 + 1), (box.x0 + 1, ym + 0.3 * s), (box.x1 - 1, ym + 0.3 * s),
                     (box.x1 - 1, box.y0 + 1)]
            spec = ln.UnionSpec(type=name if group == "union" and name in ln.UNION_TYPES else "married",
                                status=name if group == "status" else "together",
                                consanguineous=name == "consanguineous")
            ln.draw_union(parent, route, spec, style, None, labels=False)
        elif group == "child":
            h = 0.36 * s
            stop = box.x1 - 2 * h - (0.5 * s if name == "adopted" else 2)
            ln.draw_descent(parent, [(box.x0, ym), (stop, ym)], name, style)
            sy.draw_person(parent, sy.PersonSpec("square", adopted=name == "adopted"),
                           (box.x1 - h - (0.3 * s if name == "adopted" else 0), ym), 2 * h, style,
                           symbols=kit)
        elif group == "twins":
            apex = (cx, box.y0)
            ends = [(cx - 0.45 * box.width, box.y1), (cx + 0.45 * box.width, box.y1)]
            for end in ends:
                ln.draw_descent(parent, [apex, end], "biological", style)
            ln.draw_twins(parent, name, apex, ends, style, symbols=kit)
        elif group == "pregnancy":
            sy.draw_pregnancy(parent, name, (cx, cy), 0.95 * s if name == "pregnant" else 1.3 * s, style,
                              symbols=kit)
        elif group == "relationship":
            ln.draw_relationship(parent, [(box.x0, ym), (box.x1, ym)], name, style)
        elif key == "household":
            inner = Box(box.x0 + 5, box.y0 + 4, box.x1 - 5, box.y1 - 4)
            parent.path(ln.household_path([inner], 3.0), **ln.household_stroke(style))
        elif key == "copy":
            # the same person twice, joined as in the drawing (small symbols: the line must show)
            h = 0.25 * s
            left, right = (box.x0 + h, cy), (box.x1 - h, cy)
            ln.draw_copy_link(parent, [(left[0] + h, cy), (right[0] - h, cy)], style)
            for at in (left, right):
                sy.draw_person(parent, sy.PersonSpec("square"), at, 2 * h, style, symbols=kit)
    return draw


def _person_swatch(parent: Element, box: Box, group: str, name: str, style: Style, kit: sy.SymbolSet) -> None:
    s = box.height
    cx, cy = box.center
    if group == "condition":
        sy.draw_person(parent, sy.PersonSpec("square", conditions=(name,)), (cx, cy), s, style, symbols=kit)
        return
    shape = {"male": "square", "female": "circle", "unknown": "diamond"}.get(name, "square")
    if name == "index":
        if kit == "nsgc":
            # Arrow and "P" need room on the left: the symbol sits at the right of the swatch.
            size = 0.8 * s
            at = (box.x1 - size / 2, cy - 0.1 * s)
            sy.draw_person(parent, sy.PersonSpec("circle", index=True), at, size, style, symbols=kit)
        else:
            sy.draw_person(parent, sy.PersonSpec("circle", index=True), (cx, cy), 1.1 * s, style, symbols=kit)
    elif name == "deceased":
        # The NSGC slash runs beyond the symbol: a smaller symbol keeps it in the swatch.
        size = 0.75 * s if kit == "nsgc" else s
        sy.draw_person(parent, sy.PersonSpec("square", deceased=True), (cx, cy), size, style, symbols=kit)
    elif name == "age":
        # big enough for the age to be drawn at the small font's size (a smaller one would be the
        # figure's smallest text, which sets how small the whole figure prints)
        size = max(1.25 * s, style.font.small / 0.42)
        sy.draw_person(parent, sy.PersonSpec("circle", age=26), (cx, cy), size, style, symbols=kit)
    else:
        sy.draw_person(parent, sy.PersonSpec(shape), (cx, cy), s, style, symbols=kit)  # type: ignore[arg-type]
