"""One layout for every version of the life road map, the BPSS, the strength quadrant and the Venn,
so that what two versions share stands at the same place in both drawings and only what changed
differs.

Each kind is laid out once, through its own `layout`, for a case that holds what all versions
hold (`union_case`): every life event in every form it took, every quadrant item (the latest
version's order, an item that left the case kept after the one it followed), every Venn
institution in every form it took (a circle whose closeness changed is two circles, one per
form).  Each version is then drawn, through the kind's own `draw`, from that layout with only
its own parts (`version_layout`): a removed item leaves its place empty, a new one fills a place
kept for it, and an unchanged one stays where it was.  The life road map's wave is drawn again
through the events the version holds, and its "now" is the version's date.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any

from .. import diagrams
from ..diagrams.lifemap.layout import LifemapLayout, Mark, pchip, with_zero_knots
from ..diagrams.lifemap.legend import with_legend as lifemap_legend
from ..diagrams.panels import Fit
from ..diagrams.venn.layout import VennLayout
from ..drawing import Context, Drawing
from ..model import Case, Event, VennItem
from .changes import event_key, quadrant_items

SHARED_KINDS = ("lifemap", "bpss", "strengths", "venn")

EventForm = tuple[str, int]               # (date|title, valence)
VennForm = tuple[str, int, int]           # (name, importance, closeness)


def event_form(event: Event) -> EventForm:
    return (event_key(event), event.valence)


def venn_form(item: VennItem) -> VennForm:
    return (item.name, item.importance, item.closeness)


def merged(lists: Sequence[Sequence[Any]]) -> list[Any]:
    """One list holding what every list holds: the last list's order, and each thing only an
    earlier list holds placed right after the thing it followed there (first if it led)."""
    out: list[Any] = list(lists[-1]) if lists else []
    for earlier in reversed(lists[:-1]):
        for i, thing in enumerate(earlier):
            if thing in out:
                continue
            at = out.index(earlier[i - 1]) + 1 if i > 0 and earlier[i - 1] in out else 0
            out.insert(at, thing)
    return out


def union_case(kind: str, cases: Sequence[Case]) -> Case:
    """The latest version holding, for `kind`, what every version holds (see the module doc)."""
    latest = cases[-1]
    if kind == "lifemap":
        forms: dict[EventForm, Event] = {}
        for case in cases:
            for event in case.lifemap.events if case.lifemap else []:
                forms.setdefault(event_form(event), event)
        hopes = merged([c.lifemap.hopes if c.lifemap else [] for c in cases])
        base = next(c.lifemap for c in reversed(cases) if c.lifemap is not None)
        return latest.model_copy(update={"lifemap": base.model_copy(
            update={"events": list(forms.values()), "hopes": hopes})})
    if kind == "venn":
        items: dict[VennForm, VennItem] = {}
        for case in cases:
            for item in case.venn.items if case.venn else []:
                items.setdefault(venn_form(item), item)
        base_venn = next(c.venn for c in reversed(cases) if c.venn is not None)
        venn = base_venn.model_copy(update={"items": list(items.values())})
        return latest.model_copy(update={"venn": venn})
    quadrants = [quadrant_items(c) for c in cases]
    names = {q for found in quadrants for q in found}
    union = {q: merged([found.get(q, []) for found in quadrants]) for q in names}
    if kind == "bpss":
        bpss = next(c.bpss for c in reversed(cases) if c.bpss is not None)
        quadrant_names = ("biological", "psychological", "social", "spiritual")
        update: dict[str, list[Any]] = {q: union[q] for q in quadrant_names if q in union}
        return latest.model_copy(update={"bpss": bpss.model_copy(update=update)})
    strengths = next(c.strengths for c in reversed(cases) if c.strengths is not None)
    sides = {side: getattr(strengths, side).model_copy(update={
        "strengths": union.get(f"{side}-strengths", []), "weaknesses": union.get(f"{side}-weaknesses", [])})
        for side in ("internal", "external")}
    return latest.model_copy(update={"strengths": strengths.model_copy(update=sides)})


def _panels_for(fit: Fit, version: Case) -> Fit:
    """The panels laid out for all versions with only the items this version holds."""
    holds = quadrant_items(version)
    panels = []
    for panel in fit.panels:
        left = Counter(holds.get(panel.spec.key, []))
        kept = []
        for item in panel.items:
            if left[item.text] > 0:
                left[item.text] -= 1
                kept.append(item)
        spec = replace(panel.spec, items=tuple(holds.get(panel.spec.key, [])))
        panels.append(replace(panel, spec=spec, items=tuple(kept)))
    return replace(fit, panels=tuple(panels))


def _venn_for(whole: VennLayout, version: Case) -> VennLayout:
    holds = {venn_form(i) for i in (version.venn.items if version.venn else [])}
    return replace(whole, items=tuple(p for p in whole.items if venn_form(p.item) in holds))


def _lifemap_for(ctx: Context, whole: LifemapLayout, union: Case) -> LifemapLayout:
    """The union's road with this version's events, its wave through them, its "now"."""
    version = ctx.case
    assert union.lifemap is not None
    all_events = union.lifemap.events
    own = [event_form(e) for e in (version.lifemap.events if version.lifemap else [])]
    events: list[Mark] = []
    for mark in whole.events:
        form = event_form(all_events[mark.index])
        if form in own:
            events.append(replace(mark, index=own.index(form)))
    own_hopes = list(version.lifemap.hopes if version.lifemap else [])
    union_hopes = union.lifemap.hopes
    hopes = tuple(replace(m, index=own_hopes.index(union_hopes[m.index])) for m in whole.hopes
                  if union_hopes[m.index] in own_hopes)
    axis = whole.axis
    if axis.time is not None and version.case.date is not None:
        now_x = axis.time.x(version.case.date.decimal)
        now_word = ctx.words["lifemap.now"]
        texts = tuple(replace(t, x=now_x) if t.text == now_word else t for t in axis.texts)
        axis = replace(axis, now_x=now_x, texts=texts)
    # The road runs as far as this version's life does (its now, its last event, its hopes): the
    # time axis under it stays the one all versions share.
    road_x1 = whole.road_x1 if hopes else max([axis.now_x] + [m.x for m in events])
    lay = replace(whole, events=tuple(events), hopes=hopes, axis=axis, road_x1=road_x1,
                  wave=tuple(_wave(whole, events, axis.now_x, ctx)),
                  hope_wave=whole.hope_wave if len(hopes) == len(whole.hopes) else ())
    return lifemap_legend(ctx, lay)


def _wave(whole: LifemapLayout, events: Sequence[Mark], now_x: float, ctx: Context) -> list[Any]:
    """The wave through a version's events, as the layout draws it: on the road until just
    before the first event, through every event, level from the last one up to now."""
    road_y, x0 = whole.road_y, whole.road_x0
    gap = 2 * whole.marker_r + 0.5 * ctx.style.font.size   # the layout's least marker distance
    lead = 3 * gap
    knots: list[tuple[float, float]] = []
    if not events or events[0].x > x0 + lead:
        knots.append((x0, road_y))
        if events and events[0].x - lead > x0 + 1:
            knots.append((events[0].x - lead, road_y))
    knots += [(m.x, m.y) for m in events]
    last = (events[-1].x, events[-1].y) if events else (x0, road_y)
    if now_x > last[0] + gap / 2:
        knots.append((now_x, last[1]))
    return pchip(with_zero_knots(knots, road_y))


def _version_layout(kind: str, ctx: Context, whole: Any, union: Case) -> Any:
    if kind == "lifemap":
        return _lifemap_for(ctx, whole, union)
    if kind == "venn":
        return _venn_for(whole, ctx.case)
    return replace(whole, fit=_panels_for(whole.fit, ctx.case))


def drawings(kind: str, contexts: Sequence[Context]) -> list[Drawing | None]:
    """Each version's drawing of `kind` from one layout (None where the version has none)."""
    diagram = diagrams.get(kind)
    present = [ctx.case for ctx in contexts if diagram.applies(ctx.case)]
    if not present:
        return [None for _ in contexts]
    union = union_case(kind, present)
    whole = diagram.layout(replace(contexts[-1], case=union))
    draw: Callable[[Context, Any], Drawing] = diagram.draw
    return [draw(ctx, _version_layout(kind, ctx, whole, union)) if diagram.applies(ctx.case) else None
            for ctx in contexts]
