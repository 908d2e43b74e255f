"""The genogram as SVG: the placed scene (`place.layout`) drawn with the symbol and line vocabulary.

`render` is three steps: place everything (`place.layout`, pure geometry), draw it
(`draw`, below: the document, then each layer bottom to top), and hand the quality
numbers over to be counted when read (`measure`).

Partner lines run between the partners' symbols at mid-height (the pedigree
convention), so every label can sit centred under its symbol and the
children's line drops from the partner line through the free gap between the
partners' labels.  A one-parent union drops from under the parent's labels.
Emotional relationships and the dashed links between a person and their copy
are drawn last, over the structure, along routes (`route.py`, `tracks.py`) that keep out of
every symbol and label.
"""

from __future__ import annotations

from ...drawing import Context, Drawing
from ...legend import LegendLayout, draw_legend, legend_under
from ...model import Case
from ...svg import Element, SvgDocument, escape_attr, fmt
from ..protocol import DeferredMetrics
from . import key as gk
from . import lines as ln
from . import symbols as sy
from .adapter import Metrics
from .layout import GenogramLayout
from .measure import measure, page_numbers
from .place import layout, layout_options, relationships_in_order
from .scene import GenogramScene, Placed, UnionPlacement

__all__ = ["Metrics", "draw", "layout", "layout_options", "measure", "render", "summary"]


def render(ctx: Context) -> Drawing:
    """The genogram of the case: placed, drawn, and measured when its numbers are read."""
    return draw(ctx, layout(ctx))


def draw(ctx: Context, scene: GenogramScene) -> Drawing:
    """The scene as an SVG document, bottom to top: household, unions and descents, twins,
    losses, people, copy links, relationships, legend."""
    style = ctx.style
    root, doc, legend = _document(ctx, scene)
    if scene.household is not None:
        h = scene.household
        ln.draw_household(root, h.boxes, h.members, style, margin=h.pad, loops=h.loops)
    _draw_unions(root, scene, ctx)
    _draw_twins_and_losses(root, scene, ctx)
    _draw_people(root, scene, ctx)
    for link in scene.copies:  # (as g(None, data_copy=…, data_original=…) and draw_copy_link write them)
        data = f' data-copy="{escape_attr(link.copy)}" data-original="{escape_attr(link.original)}"'
        root.written_group(data, [ln.copy_link_markup(link.route, style)])
    for line in scene.relationships:
        rel = line.relationship
        g = root.part("sm-relationship", between=" ".join(rel.between), type=rel.type)
        ln.draw_relationship(g, line.route, rel.type, style, break_at=line.break_at)
    if legend is not None:
        draw_legend(root, legend, ctx.words, style)
    page = page_numbers(doc.width, style)
    return Drawing("genogram", doc.to_string(), doc.width, doc.height,
                   metrics=DeferredMetrics(lambda: {**measure(scene), **page}))


def _document(ctx: Context, scene: GenogramScene) -> tuple[Element, SvgDocument, LegendLayout | None]:
    """The legend placed under the content, and the document sized to both (with its root group)."""
    case, style = ctx.case, ctx.style
    content = scene.content
    entries = gk.case_legend(case, style, ctx.words, symbols=scene.symbols,
                             consanguineous=scene.adapted.consanguineous, household=bool(case.household),
                             copies=bool(scene.copies), omitted=scene.layout.omitted,
                             specs=scene.adapted.specs,
                             household_parts=scene.household.parts if scene.household is not None else 1)
    legend = legend_under(entries, content.x0, content.y1, content.width, style, gap=1.5 * style.font.size,
                          least_width=36 * style.font.size)
    full = content if legend is None else content.union(legend.box)
    margin = style.margin
    doc = SvgDocument("genogram", case.case.id, full.width + 2 * margin, full.height + 2 * margin,
                      ctx.caption("genogram"), summary(case, ctx, scene.layout), background=style.background)
    root = doc.g(transform=f"translate({fmt(margin - full.x0)} {fmt(margin - full.y0)})")
    return root, doc, legend


def _draw_unions(root: Element, scene: GenogramScene, ctx: Context) -> None:
    """Each union's group (partner line, labels, unknown other parent) and its children's descents."""
    style, lay, ad = ctx.style, scene.layout, scene.adapted
    named = _nodes_named(lay)
    for uid in sorted(lay.unions):
        geo = lay.unions[uid]
        u = scene.unions[uid]
        # Parts name people by their case id: a copy is told apart by data-duplicate-of, and, where
        # someone is drawn twice, each line names the drawings it joins by their data-node
        drawn_partners = " ".join([lay.duplicates.get(p, p) for p in geo.partners])
        nodes = f' data-partner-nodes="{escape_attr(" ".join(geo.partners))}"' if named else ""
        _draw_union(root, uid, drawn_partners, nodes, u, ctx)
        descent_of = f' class="sm-descent" data-union="{escape_attr(uid)}"'  # each descent's first attributes
        for child in geo.children:
            route = u.descents[child]
            loss = scene.losses.get(child)
            if child in ad.slots:
                if loss is not None:  # the descent stops at the top of the mark
                    route = [*route[:-1], (route[-1][0], loss.center[1] - loss.extent)]
                g = root.g(None, data_union=uid, data_outcome=ad.slots[child].pregnancy.outcome)
                ln.draw_descent(g, route, "biological", style)
                continue
            original = lay.duplicates.get(child, child)
            relation = ad.relation.get((uid, original), "biological")
            # as part("sm-descent", union=…, child=…, relation=…) and draw_descent write them
            data = f' data-child="{escape_attr(original)}" data-relation="{escape_attr(relation)}"'
            if named:
                data += f' data-child-node="{escape_attr(child)}"'
            root.written_group(descent_of + data, [ln.descent_markup(route, relation, style)])


def _draw_union(root: Element, uid: str, drawn_partners: str, nodes: str, u: UnionPlacement, ctx: Context
                ) -> None:
    """A union's group: its partner line (with what marks it), labels and unknown other parent
    (``nodes``: its data-partner-nodes attribute, written where `_nodes_named` says, else empty)."""
    style = ctx.style
    # as part("sm-union", id=…, partners=…, partner_nodes=…, type=…, status=…) writes them
    data = (f' data-id="{escape_attr(uid)}" data-partners="{escape_attr(drawn_partners)}"{nodes}'
            f' data-type="{escape_attr(u.union.type)}" data-status="{escape_attr(u.union.status)}"')
    line = [] if u.partner_line is None else ln.union_markup(u.partner_line, u.spec, style, slashes=u.slashes)
    if line is not None:  # no more than one plain partner line (most unions): written out at once
        ink = style.line.ink
        unknown = [] if u.unknown is None else ln.unknown_partner_markup(u.unknown.joint, u.unknown.center,
                                                                         u.unknown.half, style)
        labels = [lab.markup(ink) for lab in u.labels]
        root.written_group(f' class="sm-union"{data}', [*line, *labels, *unknown])
        return
    group = root.written_part("sm-union", data)
    if u.partner_line is not None:
        ln.draw_union(group, u.partner_line, u.spec, style, ctx.words, mark_at=u.mark_at, labels=False,
                      slashes=u.slashes, drops=[path[0] for path in u.descents.values() if path])
    for lab in u.labels:
        sy.draw_label(group, lab, style)
    if u.unknown is not None:
        ln.draw_unknown_partner(group, u.unknown.joint, u.unknown.center, u.unknown.half, style)


def _draw_twins_and_losses(root: Element, scene: GenogramScene, ctx: Context) -> None:
    style = ctx.style
    for twins in scene.twins:
        g = root.g(None, data_twins=twins.union, data_kind=twins.kind)
        ln.draw_twins(g, twins.kind, twins.apex, twins.ends, style, symbols=scene.symbols)
    for sid in sorted(scene.losses):
        loss = scene.losses[sid]
        g = root.g(None, data_union=loss.union, data_outcome=loss.outcome)
        sy.draw_pregnancy(g, loss.outcome, loss.center, scene.metrics.size, style, ctx.words, sex=loss.sex,
                          label=loss.label, symbols=scene.symbols)


def _draw_people(root: Element, scene: GenogramScene, ctx: Context) -> None:
    """Each person's group, row by row, left to right."""
    placed, m, client, style = scene.placed, scene.metrics, scene.case.case.client, ctx.style
    paper, kit = style.fill("person"), sy.symbol_set(style, scene.symbols)
    named = _nodes_named(scene.layout)
    for _, p in sorted(placed.items(), key=lambda item: (item[1].row, item[1].plan.center[0], item[0])):
        spec = scene.adapted.specs[p.person.id]
        data = _person_data(p, client, named)
        # most people are an outline and labels: their group written out at once
        plain = sy.person_markup(spec, p.plan.center, p.plan, style, kit, paper)
        if plain is not None:
            root.written_group(f' class="sm-person"{data}', plain)
            continue
        sy.draw_person(root.written_part("sm-person", data), spec, p.plan.center, m.size, style, ctx.words,
                       symbols=scene.symbols, label_width=m.label_width, plan=p.plan)


def _nodes_named(lay: GenogramLayout) -> bool:
    """Whether the drawing names each person's drawing (`data-node`) and the drawings each line joins
    (`data-partner-nodes`, `data-child-node`): where someone is drawn twice, so that a reader of the
    SVG (the shared checker) need not guess which drawing a line reaches from the nearest one."""
    return bool(lay.duplicates)


def _person_data(p: Placed, client: str | None, named: bool = False) -> str:
    """The person's part's data attributes, as part("sm-person", id=…, node=…, generation=…, sex=…,
    gender=…, index=…, deceased=…, duplicate_of=…) writes them (one per person: written at once);
    ``named``: with the drawing's node (`_nodes_named`)."""
    person = p.person
    data = f' data-id="{escape_attr(person.id)}"'
    if named:
        data += f' data-node="{escape_attr(p.node)}"'
    data += f' data-generation="{fmt(p.row)}" data-sex="{escape_attr(person.sex)}"'
    if person.gender is not None:
        data += f' data-gender="{escape_attr(person.gender)}"'
    if person.id == client:
        data += ' data-index="true"'
    if person.deceased:
        data += ' data-deceased="true"'
    if p.copy_of is not None:
        data += f' data-duplicate-of="{escape_attr(p.copy_of)}"'
    return data


def _and(names: list[str], word: str) -> str:
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + f" {word} " + names[-1]


def summary(case: Case, ctx: Context, lay: GenogramLayout) -> str:
    """`<desc>`: who is drawn and how they relate, in the case's language."""
    w = ctx.words
    names = {p.id: p.name for p in case.people}
    parts = [w.format("genogram.desc.summary", people=len(case.people), generations=len(lay.rows))]
    if case.client:
        parts.append(w.format("genogram.desc.client", name=case.client.name))
    kinds: dict[tuple[str, str], str] = {}  # (type, status) -> its words: a few, for thousands of unions
    conjunction = w["genogram.desc.and"]
    for union in sorted(case.unions, key=lambda u: u.id or ""):
        kind = kinds.get((union.type, union.status))
        if kind is None:
            kind = w[f"genogram.key.union.{union.type}"]
            if union.status != "together":
                kind += ", " + w[f"genogram.key.status.{union.status}"].lower()
            kinds[union.type, union.status] = kind
        partners = _and([names[p] for p in union.partners], conjunction)
        text = f"{partners}: {kind}"
        if union.children:
            kids = ", ".join([names[c.id] for c in union.children])
            text += "; " + w.format("genogram.desc.children", names=kids)
        parts.append(text + ".")
    rels = [f"{names[r.between[0]]} – {names[r.between[1]]}: "
            f"{w[f'genogram.key.relationship.{r.type}'].lower()}" for r in relationships_in_order(case)]
    if rels:
        parts.append(w.format("genogram.desc.relationships", items="; ".join(rels)))
    return " ".join(parts)
