"""Marks on the diagrams that are drawn from each version's own layout: life road map events, BPSS
and strength items, Venn institutions, genogram people.  Each diagram is drawn as usual; its parts
are found in the SVG by what identifies them (an event's title, an item's text, a name, an id) and
marked, and the legend gets the entries of the marks used, under the diagram's own legend (or as
one of its own where the diagram has none)."""

from __future__ import annotations

import math
import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass, replace

from .. import text as tm
from ..drawing import Context, Drawing
from ..legend import draw_legend, layout_legend
from ..svg import Element
from . import marks, svgtree
from .changes import CaseChanges, Change, event_key

MARKED_KINDS = ("genogram", "lifemap", "bpss", "strengths", "venn")
_BULLET = re.compile(r"^(?:\d{1,3}[.)]|[•·◦‣\-–*]+)\s*")


def squash(text: str) -> str:
    return " ".join(_BULLET.sub("", " ".join(text.split())).split())


def marks_for(kind: str, step: int, changes: tuple[CaseChanges, ...], ctx: Context) -> dict[str, Change]:
    """Keys (as each kind finds its parts) -> change: new/changed since the step before, removed by
    the step after."""
    out: dict[str, Change] = {}
    if step > 0:
        out.update({k: c for k, c in _changes_of(kind, changes[step - 1], ctx).items() if c != "removed"})
    if step < len(changes):
        out.update({k: "removed" for k, c in _changes_of(kind, changes[step], ctx).items() if c == "removed"})
    return out


def _changes_of(kind: str, changes: CaseChanges, ctx: Context) -> Mapping[str, Change]:
    if kind == "genogram":
        return changes.people
    if kind == "venn":
        return changes.venn
    if kind == "lifemap":
        return changes.events
    quadrants = ("biological", "psychological", "social", "spiritual") if kind == "bpss" else (
        "internal-strengths", "internal-weaknesses", "external-strengths", "external-weaknesses")
    return {f"{q}|{squash(text)}": c for q in quadrants for text, c in changes.items.get(q, {}).items()}


@dataclass(frozen=True)
class MarkedParts:
    """A drawing with its changed parts marked (`root`, None where nothing was), and the changes
    it marks with rings (circles) and with badges (items)."""

    drawing: Drawing
    root: Element | None
    rings: frozenset[Change]
    badges: frozenset[Change]


def mark_parts(ctx: Context, kind: str, drawing: Drawing, to_mark: Mapping[str, Change]) -> MarkedParts:
    if not to_mark or kind not in MARKED_KINDS:
        return MarkedParts(drawing, None, frozenset(), frozenset())
    root = svgtree.read(drawing.svg)
    finder = {"genogram": _mark_people, "venn": _mark_venn, "lifemap": _mark_events,
              "bpss": _mark_items, "strengths": _mark_items}[kind]
    used = frozenset(finder(root, to_mark, ctx))
    if not used:
        return MarkedParts(drawing, None, frozenset(), frozenset())
    if kind in ("bpss", "strengths"):
        return MarkedParts(drawing, root, frozenset(), used)
    return MarkedParts(drawing, root, used, frozenset())


def with_legend(ctx: Context, marked: MarkedParts, rings: Collection[Change] | None = None,
                badges: Collection[Change] | None = None) -> Drawing:
    """The marked drawing with the legend of its marks (or of `rings` and `badges`: the marks of
    every step, for a comparison drawn as one figure) under it."""
    rings = marked.rings if rings is None else rings
    badges = marked.badges if badges is None else badges
    if not rings and not badges:
        return marked.drawing
    root = marked.root if marked.root is not None else svgtree.read(marked.drawing.svg)
    _add_legend(root, set(rings), set(badges), ctx)
    return replace(marked.drawing, svg=svgtree.write(root), width=float(root.attrs["width"]),
                   height=float(root.attrs["height"]))


def mark_drawing(ctx: Context, kind: str, drawing: Drawing, to_mark: Mapping[str, Change]) -> Drawing:
    return with_legend(ctx, mark_parts(ctx, kind, drawing, to_mark))


def _circle_of(part: Element) -> tuple[float, float, float] | None:
    """The first circle (or square, or diamond) a part draws, as centre and radius."""
    for e in svgtree.walk(part):
        if e.tag == "circle":
            return float(e.attrs["cx"]), float(e.attrs["cy"]), float(e.attrs["r"])
        if e.tag == "rect":
            x, y, w, h = (float(e.attrs[k]) for k in ("x", "y", "width", "height"))
            return x + w / 2, y + h / 2, 0.72 * max(w, h)
        if e.tag == "polygon":
            pts = [tuple(map(float, p.split(","))) for p in e.attrs["points"].split()]
            xs, ys = [p[0] for p in pts], [p[1] for p in pts]
            half = max(max(xs) - min(xs), max(ys) - min(ys)) / 2
            return (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2, half
    return None


def _ring_parts(parts: list[Element], key_of: Mapping[int, str], to_mark: Mapping[str, Change],
                ctx: Context, inside: bool = False) -> set[Change]:
    used: set[Change] = set()
    for part in parts:
        change = to_mark.get(key_of.get(id(part), ""))
        circle = _circle_of(part)
        if change is None or circle is None:
            continue
        part.attrs["data-change"] = change
        marks.draw_ring(part, *circle, change, ctx.style, inside=inside)
        used.add(change)
    return used


def _mark_people(root: Element, to_mark: Mapping[str, Change], ctx: Context) -> set[Change]:
    people = [p for p in svgtree.parts(root, "sm-person") if "data-duplicate-of" not in p.attrs]
    return _ring_parts(people, {id(p): svgtree.attr(p, "data-id") for p in people}, to_mark, ctx)


def _mark_venn(root: Element, to_mark: Mapping[str, Change], ctx: Context) -> set[Change]:
    items = svgtree.parts(root, "sm-venn-item")
    # Venn circles touch the centre (closeness 5): their ring stays inside the rim.
    return _ring_parts(items, {id(p): svgtree.attr(p, "data-name") for p in items}, to_mark, ctx, inside=True)


def _mark_events(root: Element, to_mark: Mapping[str, Change], ctx: Context) -> set[Change]:
    life = ctx.case.lifemap
    titles = {squash(e.title): event_key(e) for e in (life.events if life else [])}
    events = svgtree.parts(root, "sm-event")
    keys = {}
    for part in events:
        shown = squash(svgtree.text_of(part))
        key = next((k for title, k in titles.items() if shown.startswith(title) or title in shown), "")
        keys[id(part)] = key
    return _ring_parts(events, keys, to_mark, ctx)


def _mark_items(root: Element, to_mark: Mapping[str, Change], ctx: Context) -> set[Change]:
    used: set[Change] = set()
    for quadrant in svgtree.parts(root, "sm-quadrant"):
        name = svgtree.attr(quadrant, "data-quadrant")
        for item in svgtree.parts(quadrant, "sm-item"):
            change = to_mark.get(f"{name}|{squash(svgtree.text_of(item))}")
            text = next((e for e in svgtree.walk(item) if e.tag == "text"), None)
            if change is None or text is None:
                continue
            item.attrs["data-change"] = change
            size = float(text.attrs["font-size"])
            x, baseline = float(text.attrs["x"]), float(text.attrs["y"])
            marks.draw_badge(item, x - 0.75 * size, baseline - 0.35 * size, change, ctx.style)
            if change == "removed":
                _strike_through(item, text, size, ctx)
            used.add(change)
    return used


def _strike_through(item: Element, text: Element, size: float, ctx: Context) -> None:
    """A line through every line of a removed item's text (its bullet left clear)."""
    lines = [e for e in text.children if e.tag == "tspan"] or [text]
    for line in lines:
        words = line.text or ""
        x = float(line.attrs.get("x", text.attrs["x"]))
        y = float(line.attrs.get("y", text.attrs["y"])) - 0.3 * size
        item.line(x, y, x + tm.measure(words, size), y, stroke=marks.colour(ctx.style, "removed"),
                  stroke_width=0.9, class_="sm-change-mark", data_mark="removed")


def _add_legend(root: Element, rings: set[Change], badges: set[Change], ctx: Context) -> None:
    """The change marks' legend under the drawing (the page grows to hold it)."""
    style = ctx.style
    width, height = float(root.attrs["width"]), float(root.attrs["height"])
    entries = marks.legend_entries(rings, badges, ctx.words, style)
    legend = layout_legend(entries, style.margin, height, width - 2 * style.margin, style,
                           swatch_width=4.2 * style.font.small)
    if legend is None:
        return
    new_width = max(width, legend.box.x1 + style.margin)
    new_height = legend.box.y1 + style.margin
    body = Element("g")
    group = draw_legend(body, legend, ctx.words, style)
    root.children.append(group)
    _resize(root, new_width, new_height)


def _resize(root: Element, width: float, height: float) -> None:
    """The page and its background rectangle to a new size."""
    w, h = math.ceil(width), math.ceil(height)
    root.attrs["width"], root.attrs["height"] = str(w), str(h)
    root.attrs["viewBox"] = f"0 0 {w} {h}"
    for child in root.children:
        if child.tag == "rect" and child.attrs.get("x") == "0" and child.attrs.get("y") == "0":
            child.attrs["width"], child.attrs["height"] = str(w), str(h)
            break
