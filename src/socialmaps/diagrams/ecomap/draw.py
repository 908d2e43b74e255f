"""Ecomap drawing: the centre with its people, system circles with kind glyphs, Hartman ties.

People (in the centre and on the ring) are drawn by the genogram's own symbol code, the centre's
partner and child lines and unknown partners by the genogram's line code, so a person looks and
means the same in both figures.

Line forms carry the meaning in black and white: strong is thick (three thin
lines in a monochrome style), moderate solid, weak dashed, broken cut by a gap
with two bars, stress hatched across, flow by arrowheads near the middle.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any

from ...drawing import Context, Drawing
from ...geometry import Box, Point
from ...labels import PlacedText
from ...legend import LegendEntry, LegendLayout, draw_legend, legend_under
from ...style import Style
from ...svg import Element, SvgDocument, fmt
from ..genogram import key as genogram_key
from ..genogram import lines as gl
from ..genogram import symbols as sy
from .layout import (
    KIND_ORDER,
    CenterLayout,
    Config,
    EcomapLayout,
    Node,
    PersonSymbol,
    TieLayout,
    ambiguous_notes,
    label_line_crossings,
    notes_nearer_other,
    parse_union_form,
)
from .paths import cut, length, normal, offset, point_at

STRENGTHS = ("strong", "moderate", "weak", "broken")

# Kind glyphs in a unit box centred on 0 (x, y in -0.5..0.5): ("poly", closed, points) or
# ("dot", x, y, r).  Plain shapes, so they print in black and white and need no font.
_HOUSE = [(-0.4, 0.45), (-0.4, -0.05), (0.0, -0.45), (0.4, -0.05), (0.4, 0.45)]
GLYPHS: dict[str, list[tuple[Any, ...]]] = {  # kind: ("poly", closed, points) | ("dot", x, y, r)
    "family": [("poly", True, _HOUSE)],
    "extended-family": [("poly", True, [(x * 0.55 - 0.22, y * 0.7 + 0.12) for x, y in _HOUSE]),
                        ("poly", True, [(x * 0.55 + 0.22, y * 0.7 + 0.12) for x, y in _HOUSE]),
                        ("dot", 0.0, -0.38, 0.08)],
    "friends": [("dot", -0.2, -0.2, 0.14), ("dot", 0.2, -0.2, 0.14),
                ("poly", False, [(-0.45, 0.42), (-0.42, 0.1), (-0.2, 0.0), (0.0, 0.1), (0.0, 0.42)]),
                ("poly", False, [(0.0, 0.42), (0.0, 0.1), (0.2, 0.0), (0.42, 0.1), (0.45, 0.42)])],
    "school": [("poly", True, [(-0.45, -0.3), (0.0, -0.2), (0.45, -0.3), (0.45, 0.35), (0.0, 0.45),
                               (-0.45, 0.35)]),
               ("poly", False, [(0.0, -0.2), (0.0, 0.45)])],
    "work": [("poly", True, [(-0.45, -0.2), (0.45, -0.2), (0.45, 0.4), (-0.45, 0.4)]),
             ("poly", False, [(-0.15, -0.2), (-0.15, -0.38), (0.15, -0.38), (0.15, -0.2)])],
    "health": [("poly", True, [(-0.14, -0.45), (0.14, -0.45), (0.14, -0.14), (0.45, -0.14), (0.45, 0.14),
                               (0.14, 0.14), (0.14, 0.45), (-0.14, 0.45), (-0.14, 0.14), (-0.45, 0.14),
                               (-0.45, -0.14), (-0.14, -0.14)])],
    "religion": [("poly", True, [(0.45 * math.sin(i * math.pi / 5) * (1 if i % 2 == 0 else 0.42),
                                  -0.45 * math.cos(i * math.pi / 5) * (1 if i % 2 == 0 else 0.42) + 0.04)
                                 for i in range(10)])],
    "social-services": [("poly", True, [(0.0, 0.42), (-0.42, 0.0), (-0.42, -0.2), (-0.3, -0.36),
                                        (-0.12, -0.36), (0.0, -0.2), (0.12, -0.36), (0.3, -0.36),
                                        (0.42, -0.2), (0.42, 0.0)])],
    "recreation": [("poly", False, [(-0.3, 0.45), (-0.3, -0.45)]),
                   ("poly", True, [(-0.3, -0.45), (0.42, -0.25), (-0.3, -0.05)])],
    "legal": [("poly", False, [(0.0, -0.45), (0.0, 0.4)]), ("poly", False, [(-0.22, 0.4), (0.22, 0.4)]),
              ("poly", False, [(-0.4, -0.3), (0.4, -0.3)]),
              ("poly", True, [(-0.4, -0.3), (-0.5, 0.02), (-0.3, 0.02)]),
              ("poly", True, [(0.4, -0.3), (0.3, 0.02), (0.5, 0.02)])],
    "neighbourhood": [("poly", True, [(-0.42, -0.42), (-0.05, -0.42), (-0.05, -0.05), (-0.42, -0.05)]),
                      ("poly", True, [(0.05, -0.42), (0.42, -0.42), (0.42, -0.05), (0.05, -0.05)]),
                      ("poly", True, [(-0.42, 0.05), (-0.05, 0.05), (-0.05, 0.42), (-0.42, 0.42)]),
                      ("poly", True, [(0.05, 0.05), (0.42, 0.05), (0.42, 0.42), (0.05, 0.42)])],
    "other": [("dot", -0.3, 0.0, 0.1), ("dot", 0.0, 0.0, 0.1), ("dot", 0.3, 0.0, 0.1)],
}


def system_fill(style: Style, kind: str) -> str:
    """A system circle's fill: by kind, or the plain person fill in black and white."""
    return style.fill("person") if style.monochrome else style.kind_fill(kind)


def draw_glyph(parent: Element, kind: str, cx: float, cy: float, size: float, style: Style) -> None:
    group = parent.g(fill="none", stroke=style.line.ink, stroke_width=style.line.thin,
                     stroke_linejoin="round")
    for item in GLYPHS.get(kind, GLYPHS["other"]):
        if item[0] == "dot":
            _, x, y, r = item
            group.circle(cx + x * size, cy + y * size, r * size, fill=style.line.ink)
            continue
        _, closed, pts = item
        scaled = [(cx + x * size, cy + y * size) for x, y in pts]
        if closed:
            group.polygon(scaled)
        else:
            group.polyline(scaled)


# --------------------------------------------------------------------------- people

def person_spec(ctx: Context, sym: PersonSymbol) -> sy.PersonSpec:
    """What the genogram's symbol of this person shows, but their texts: the ecomap writes the name
    alone, at the map's one text size (`sym.label`)."""
    person = ctx.case.person(sym.person_id)
    if person is None:  # not a person of the file (cannot happen past validation)
        return sy.PersonSpec(shape=sym.form, index=sym.client, deceased=sym.deceased)
    pid = sym.person_id
    adopted = any(c.id == pid and c.relation == "adopted" for u in ctx.case.unions for c in u.children)
    spec = sy.person_spec(person, ctx.case, ctx.words, adopted=adopted)
    return replace(spec, name="", age=None, years=None, assigned=None, details=(), other_conditions=(),
                   index=sym.client)


def draw_person(parent: Element, sym: PersonSymbol, label: PlacedText | None, ctx: Context) -> Element:
    """A person as the genogram draws them (`symbols.draw_person`: the shape from gender when given,
    else sex; the client's double outline, the death mark, conditions and adoption brackets in the
    style's symbol set), at the ecomap's symbol size, with the name under it."""
    group = parent.part("sm-person", id=sym.person_id, generation=sym.generation, sex=sym.sex,
                        gender=sym.gender, index="true" if sym.client else None,
                        deceased="true" if sym.deceased else None, duplicate_of=sym.copy_of)
    style = away_style(ctx.style) if sym.away else ctx.style
    spec = person_spec(ctx, sym)
    if sym.away:  # a relative drawn to link members: the shape alone, no conditions to read
        spec = replace(spec, conditions=(), index=False)
    sy.draw_person(group, spec, (sym.x, sym.y), 2 * sym.half, style, ctx.words)
    if label is not None and label.lines:
        label.draw(group, style.line.ink)
    return group


def away_style(style: Style) -> Style:
    """The style a relative who lives elsewhere is drawn in, in the centre: grey lines and name."""
    return replace(style, line=replace(style.line, ink=style.line.muted))


def draw_center_lines(parent: Element, center: CenterLayout, style: Style) -> None:
    """The household genogram's lines in the genogram's own line forms: a partner line solid, dashed
    when the couple lives together unmarried, slashed when separated or divorced, doubled between
    relatives; a descent in its relation's form (adopted dashed, foster dotted); the identical twins'
    bar."""
    forms = center.forms or ("stem",) * len(center.lines)
    for line, form in zip(center.lines, forms, strict=True):
        kind, _, rest = form.partition(":")
        if kind == "union":
            read = parse_union_form(form)
            spec = gl.UnionSpec(type=read.type, status=read.status, consanguineous=read.related)
            # Grouped by union, as the genogram groups a union's lines (not its `sm-union` part,
            # which names a genogram's union).
            group = parent.g(None, data_union=read.union)
            gl.draw_union(group, line, spec, style, None, mark_at=read.mark, labels=False)
        elif kind == "descent":
            gl.draw_descent(parent, line, rest, style)
        elif kind == "twins":
            # The bar itself (line) as the genogram draws it: from its one end, all the way to the other.
            gl.draw_twins(parent, rest, line[0], line, style, at=1.0)
        else:
            parent.polyline(line, fill="none", stroke=style.line.ink, stroke_width=style.line.width)
    for unknown in center.unknowns:
        gl.draw_unknown_partner(parent, unknown.joint, unknown.center, unknown.half, style)


# --------------------------------------------------------------------------- ties

def draw_line_form(group: Element, pts: Sequence[Point], strength: str, stress: bool, flow: str,
                   style: Style, cfg: Config, decor: tuple[float, float] | None = None) -> None:
    """The Hartman line for one tie along a polyline (also used for legend swatches).  `decor`: the
    stretch (arc lengths) that carries the arrowheads, stress marks and break; the whole line if None."""
    ink = style.line.ink
    total = length(pts)
    lo, hi = decor if decor is not None else (0.0, total)
    span = hi - lo
    pieces: list[list[Point]] = [list(pts)]
    keep_out: list[tuple[float, float]] = []
    mid = lo + span / 2
    middle = [mid]
    if strength == "broken":
        gap = min(1.1 * cfg.font, 0.3 * span)
        s0, s1 = mid - gap / 2, mid + gap / 2
        pieces = [list(cut(pts, 0.0, s0)), list(cut(pts, s1, total))]
        keep_out.append((s0 - 0.5 * cfg.hatch, s1 + 0.5 * cfg.hatch))
        bar = 0.5 * cfg.font
        for s in (s0, s1):
            p, d = point_at(pts, s)
            n = normal(d)
            group.line(p[0] - n[0] * bar, p[1] - n[1] * bar, p[0] + n[0] * bar, p[1] + n[1] * bar,
                       stroke=ink, stroke_width=style.line.width)
        middle = [s0 - cfg.arrow, s1 + cfg.arrow]
    for piece in pieces:
        if strength == "strong" and style.monochrome:
            for o in (-cfg.triple_gap, 0.0, cfg.triple_gap):
                group.polyline(offset(piece, o), fill="none", stroke=ink, stroke_width=style.line.thin)
        elif strength == "strong":
            group.polyline(piece, fill="none", stroke=ink, stroke_width=style.line.thick,
                           stroke_linecap="butt")
        elif strength == "weak":
            group.polyline(piece, fill="none", stroke=ink, stroke_width=style.line.width,
                           stroke_dasharray=str(style.get("ecomap.dash", "6 4")))
        else:
            group.polyline(piece, fill="none", stroke=ink, stroke_width=style.line.width)
    size = cfg.arrow * (1.25 if strength == "strong" else 1.0)
    heads: list[tuple[float, int]] = []
    if flow == "to":
        heads = [(middle[-1] if strength == "broken" else mid, 1)]
    elif flow == "from":
        heads = [(middle[0] if strength == "broken" else mid, -1)]
    elif flow == "both":
        if strength == "broken":
            heads = [(middle[0], -1), (middle[1], 1)]
        else:
            heads = [(mid - 0.75 * size, -1), (mid + 0.75 * size, 1)]
    for s, way in heads:
        p, d = point_at(pts, s)
        d = (d[0] * way, d[1] * way)
        n = normal(d)
        tip = (p[0] + d[0] * size / 2, p[1] + d[1] * size / 2)
        back = (p[0] - d[0] * size / 2, p[1] - d[1] * size / 2)
        w = 0.42 * size + (cfg.triple_gap if strength == "strong" else 0.0)
        corners = [(back[0] + n[0] * w, back[1] + n[1] * w), (back[0] - n[0] * w, back[1] - n[1] * w)]
        group.polygon([tip, *corners], fill=ink, stroke=ink, stroke_width=style.line.thin,
                      stroke_linejoin="miter")
        keep_out.append((s - 0.8 * size, s + 0.8 * size))
    if stress:
        colour = str(style.get("ecomap.stress", ink))
        half = 0.48 * cfg.font
        s = lo + 0.15 * span
        while s <= lo + 0.85 * span:
            if not any(a <= s <= b for a, b in keep_out):
                p, d = point_at(pts, s)
                n = normal(d)
                # Slanted marks (60° to the line) read as "stress" even where lines are dense.
                m = (0.5 * d[0] + 0.866 * n[0], 0.5 * d[1] + 0.866 * n[1])
                group.line(p[0] - m[0] * half, p[1] - m[1] * half, p[0] + m[0] * half, p[1] + m[1] * half,
                           stroke=colour, stroke_width=1.3 * style.line.thin)
            s += cfg.hatch


def draw_tie(parent: Element, tie: TieLayout, style: Style, cfg: Config) -> None:
    t = tie.tie
    group = parent.part("sm-tie", **{"from": t.from_}, to=t.to, strength=t.strength,
                        stress="true" if t.stress else "false", flow=t.flow)
    draw_line_form(group, tie.points, t.strength, t.stress, t.flow, style, cfg, tie.decor)
    if tie.leader is not None:
        # Thin and muted like the note itself: it points, it is not a second tie.
        (x0, y0), (x1, y1) = tie.leader
        group.line(x0, y0, x1, y1, stroke=style.line.muted, stroke_width=style.line.thin)
        # A dot where it meets the tie marks it as a pointer, not one more line of the drawing.
        group.circle(x0, y0, 1.6 * style.line.width, fill=style.line.muted)
    if tie.note is not None:
        tie.note.draw(group, style.line.muted)


# --------------------------------------------------------------------------- systems

def draw_node(parent: Element, node: Node, ctx: Context) -> None:
    style = ctx.style
    if node.person is not None:
        draw_person(parent, node.person, node.label, ctx)
        return
    group = parent.part("sm-system", id=node.id, kind=node.kind)
    group.circle(node.x, node.y, node.r, fill=system_fill(style, node.kind), stroke=style.line.ink,
                 stroke_width=style.line.width)
    if node.glyph is not None:
        gx, gy, g = node.glyph
        draw_glyph(group, node.kind, gx, gy, g, style)
    if node.label is not None:
        node.label.draw(group, style.line.ink)


# --------------------------------------------------------------------------- legend

def center_keys(lay: EcomapLayout, ctx: Context) -> list[str]:
    """The genogram legend keys of what the ecomap draws of people: the symbols of the people in the
    centre and on the ring, the client's double outline, their conditions and adoption, and the
    centre's partner and descent lines and unknown partners."""
    people = [*lay.center.members, *(n.person for n in lay.nodes if n.person is not None)]
    keys = {f"person.{ {'square': 'male', 'circle': 'female'}.get(p.form, 'unknown') }" for p in people}
    if any(p.client for p in people):
        keys.add("person.index")
    if any(p.deceased for p in people):
        keys.add("person.deceased")
    for form in lay.center.forms:
        kind, _, rest = form.partition(":")
        if kind == "union":
            read = parse_union_form(form)
            keys.add(f"union.{read.type}")
            if read.related:
                keys.add("union.consanguineous")
            if read.status in ("separated", "divorced"):
                keys.add(f"status.{read.status}")
        elif kind == "descent":
            keys.add(f"child.{rest}")
        elif kind == "twins":
            keys.add(f"twins.{rest}")
    if lay.center.unknowns:
        keys.add("union.unknown-parent")
    for p in people:
        if p.away:
            continue  # drawn without their conditions (`draw_person`)
        spec = person_spec(ctx, p)
        keys.update(f"condition.{c}" for c in spec.conditions)
        if spec.adopted:
            keys.add("child.adopted")
    return sorted(keys)


def legend_entries(ctx: Context, lay: EcomapLayout) -> list[LegendEntry]:
    style, words, cfg = ctx.style, ctx.words, lay.config
    ties = [t.tie for t in lay.ties]
    # The people's symbols and the centre's lines first, as the genogram's legend draws them (in the
    # style's symbol set, as the people are drawn).
    entries: list[LegendEntry] = genogram_key.legend_entries(center_keys(lay, ctx), style, words)
    away = [m for m in lay.center.members if m.away]
    if away:
        entries.append(LegendEntry("away", words["ecomap.away"], _away_swatch(style, away[0], ctx)))

    def line_swatch(strength: str, stress: bool, flow: str) -> Callable[[Element, Box], None]:
        def draw(group: Element, box: Box) -> None:
            y = box.center[1]
            draw_line_form(group, [(box.x0, y), (box.x1, y)], strength, stress, flow, style, cfg)
        return draw

    used = {t.strength for t in ties}
    for strength in STRENGTHS:
        if strength in used:
            entries.append(LegendEntry(strength, words[f"ecomap.{strength}"],
                                       line_swatch(strength, False, "none")))
    if any(t.stress for t in ties):
        entries.append(LegendEntry("stress", words["ecomap.stress"], line_swatch("moderate", True, "none")))
    if any(t.flow != "none" for t in ties):
        entries.append(LegendEntry("flow", words["ecomap.flow"], line_swatch("moderate", False, "to")))
    kinds = sorted({n.kind for n in lay.nodes if n.system is not None}, key=lambda k: KIND_ORDER[k])
    for kind in kinds:
        def draw_kind(group: Element, box: Box, kind: str = kind) -> None:
            r = box.height / 2
            cx, cy = box.x0 + r, box.center[1]
            group.circle(cx, cy, r, fill=system_fill(style, kind), stroke=style.line.ink,
                         stroke_width=style.line.thin)
            draw_glyph(group, kind, cx, cy, 1.25 * r, style)
        entries.append(LegendEntry(f"kind-{kind}", words[f"ecomap.kind.{kind}"], draw_kind))
    return entries


def _away_swatch(style: Style, sym: PersonSymbol, ctx: Context) -> Callable[[Element, Box], None]:
    """The legend's swatch of a relative living elsewhere: their small grey symbol."""
    def draw(group: Element, box: Box) -> None:
        spec = replace(person_spec(ctx, sym), conditions=(), index=False, deceased=False)
        size = min(box.height, 2 * sym.half)
        at = (box.x0 + box.height / 2, box.center[1])
        sy.draw_person(group, spec, at, size, away_style(style), ctx.words)
    return draw


def legend_layout(ctx: Context, lay: EcomapLayout) -> LegendLayout | None:
    b, style = lay.bounds, ctx.style
    return legend_under(legend_entries(ctx, lay), b.x0, b.y1, b.width, style, gap=style.font.size,
                        least_width=30 * style.font.size)


# --------------------------------------------------------------------------- the whole

def center_name(ctx: Context) -> str:
    eco = ctx.case.ecomap
    assert eco is not None
    if eco.center == "household":
        return f"{ctx.words['ecomap.household']} {ctx.subject_name()}"
    person = ctx.case.person(eco.center)
    return person.name if person else eco.center


def draw(ctx: Context, lay: EcomapLayout, legend: LegendLayout | None) -> Drawing:
    style = ctx.style
    cfg = lay.config
    margin = style.margin
    b = lay.bounds
    right, bottom = b.x1, b.y1
    if legend is not None:
        right, bottom = max(right, legend.box.x1), max(bottom, legend.box.y1)
    width = right - b.x0 + 2 * margin
    height = bottom - b.y0 + 2 * margin
    people = sum(1 for n in lay.nodes if n.person is not None)
    systems = len(lay.nodes) - people
    desc = ctx.words.format("ecomap.desc", center=center_name(ctx), systems=systems, people=people,
                            ties=len(lay.ties))
    doc = SvgDocument("ecomap", ctx.case.case.id, width, height, ctx.caption("ecomap"), desc,
                      background=style.background)
    # One translate puts the layout's own coordinates (centre at 0,0) on the page.
    root = doc.g(transform=f"translate({fmt(margin - b.x0)} {fmt(margin - b.y0)})")
    c = lay.center
    center = root.part("sm-center", members=" ".join(c.member_ids))
    center.circle(c.x, c.y, c.r, fill=style.fill("center"), stroke=style.line.ink,
                  stroke_width=style.line.width)
    draw_center_lines(center, c, style)
    for tie in lay.ties:
        if tie.inner:
            draw_tie(center, tie, style, cfg)
    for member in c.members:
        draw_person(center, member, member.label, ctx)
    # Ties after the centre: one that starts at a person inside it stays visible over its fill.
    for tie in lay.ties:
        if not tie.inner:
            draw_tie(root, tie, style, cfg)
    for node in lay.nodes:
        draw_node(root, node, ctx)
    if legend is not None:
        draw_legend(root, legend, ctx.words, style)
    metrics = {"systems": float(systems), "people": float(people), "ties": float(len(lay.ties)),
               "rounds": float(lay.rounds), "failures": float(lay.failures),
               "label_line_crossings": float(label_line_crossings(lay)),
               "ambiguous_notes": float(len(ambiguous_notes(lay))),
               "notes_nearer_other": float(len(notes_nearer_other(lay))),
               "leaders": float(sum(1 for t in lay.ties if t.leader is not None))}
    return Drawing("ecomap", doc.to_string(), doc.width, doc.height, metrics=metrics)
