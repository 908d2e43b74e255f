"""The ecomap of every version from one layout, so that what did not change does not move.

The systems and ties of all versions are laid out once, as one ecomap (the later form of a tie
that changed, whose strength puts its system at its distance); each version is then drawn from
that layout with only its own systems and ties, in its own forms.  Its changes from the version
before are marked (marks.py): new and changed ones in it, and in the version before, what is gone
from the next.  A changed tie also shows its earlier form, faint, beside the later one.

Uses the ecomap's public steps: `layout(case, style)`, `draw(ctx, layout, legend)` and
`legend_entries(ctx, layout)`; the layout's records are filtered with `dataclasses.replace`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from .. import text as tm
from ..diagrams.ecomap.draw import draw, draw_line_form, legend_entries
from ..diagrams.ecomap.layout import Config, EcomapLayout, Node, TieLayout, layout
from ..drawing import Context, Drawing
from ..legend import layout_legend
from ..model import Case, Ecomap, Person, System, Tie
from ..style import Style
from ..svg import Element
from . import marks, svgtree
from .changes import Change, EcomapChanges, tie_key


def _union_by(lists: Sequence[Sequence[object]], key: str) -> list[object]:
    """Every entry of the lists, each key once, the latest version's entry winning, in a stable order:
    the latest version's order, then what only earlier versions hold."""
    seen: dict[object, object] = {}
    for items in lists:
        for item in items:
            seen[getattr(item, key)] = item
    order: list[object] = []
    for items in reversed(lists):
        for item in items:
            if getattr(item, key) not in order:
                order.append(getattr(item, key))
    return [seen[k] for k in order]


def union_case(versions: Sequence[Case]) -> Case:
    """One case holding every system, tie and person of all versions (the latest form of each); it
    also names everyone alike when the versions are anonymised."""
    latest = versions[-1]
    people = _union_by([v.people for v in versions], "id")
    systems = _union_by([v.ecomap.systems if v.ecomap else [] for v in versions], "id")
    ties_seen: dict[tuple[str, str], Tie] = {}
    for version in versions:
        for tie in version.ecomap.ties if version.ecomap else []:
            ties_seen[tie_key(tie)] = tie
    centre = next((v.ecomap.center for v in reversed(versions) if v.ecomap), "household")
    # A system renamed between versions is laid out with its longest name, so that every version's
    # name fits the room laid out for it (see _as_then).
    names: dict[str, str] = {}
    for version in versions:
        for system in version.ecomap.systems if version.ecomap else []:
            if len(system.name) > len(names.get(system.id, "")):
                names[system.id] = system.name
    laid = [s.model_copy(update={"name": names[s.id]}) for s in systems if isinstance(s, System)]
    ecomap = Ecomap(center=centre, systems=laid, ties=list(ties_seen.values()))
    return latest.model_copy(update={"people": [p for p in people if isinstance(p, Person)],
                                     "ecomap": ecomap})


def version_layout(whole: EcomapLayout, version: Case) -> EcomapLayout:
    """The union's layout with only this version's systems and ties, each tie in this version's form
    (its note dropped where this version's note differs from the one laid out)."""
    eco = version.ecomap
    assert eco is not None
    here = {s.id for s in eco.systems} | {p.id for p in version.people}
    ties = {tie_key(t): t for t in eco.ties}
    kept: list[TieLayout] = []
    for placed in whole.ties:
        own = ties.get(tie_key(placed.tie))
        if own is None:
            continue
        if own.note != placed.tie.note:
            placed = replace(placed, note=None, leader=None)
        kept.append(replace(placed, tie=own))
    systems = {s.id: s for s in eco.systems}
    nodes = tuple(_as_then(n, systems.get(n.id)) for n in whole.nodes if n.id in here)
    return replace(whole, nodes=nodes, ties=tuple(kept))


def _as_then(node: Node, system: System | None) -> Node:
    """A system's node in this version's kind and name, at the place (and size) laid out for all
    versions: the name re-wrapped to the width the laid-out name took, centred where it stood."""
    if system is None or node.system is None or system == node.system:
        return node
    label = node.label
    if label is not None and system.name != node.system.name:
        width = max(tm.measure(line, label.size) for line in label.lines)
        lines = tuple(tm.wrap(system.name, width, label.size))
        shift = (len(label.lines) - len(lines)) * label.line_height * label.size / 2 if node.inside else 0.0
        label = replace(label, lines=lines, baseline=label.baseline + shift)
    return replace(node, system=system, kind=system.kind, label=label)


@dataclass(frozen=True)
class EcomapMarks:
    """What to mark on one version's drawing."""

    systems: Mapping[str, Change]
    ties: Mapping[tuple[str, str], Change]
    earlier: Mapping[tuple[str, str], Tie]

    @property
    def used(self) -> set[Change]:
        return set(self.systems.values()) | set(self.ties.values())

    def drawn_in(self, lay: EcomapLayout) -> tuple[set[Change], set[Change]]:
        """The changes marked by rings (systems, people) and by badges (ties) on this drawing."""
        ids = {n.id for n in lay.nodes}
        rings = {c for k, c in self.systems.items() if k in ids}
        keys = {tie_key(t.tie) for t in lay.ties}
        return rings, {c for k, c in self.ties.items() if k in keys}


def marks_for(step: int, changes: Sequence[EcomapChanges]) -> EcomapMarks:
    """Step i marks what is new or changed since step i-1, and what is gone by step i+1."""
    systems: dict[str, Change] = {}
    ties: dict[tuple[str, str], Change] = {}
    earlier: dict[tuple[str, str], Tie] = {}
    if step > 0:
        came = changes[step - 1]
        systems.update({k: c for k, c in came.systems.items() if c != "removed"})
        ties.update({k: c for k, c in came.ties.items() if c != "removed"})
        earlier.update(came.earlier_ties)
    if step < len(changes):
        going = changes[step]
        systems.update({k: "removed" for k, c in going.systems.items() if c == "removed"})
        ties.update({k: "removed" for k, c in going.ties.items() if c == "removed"})
    return EcomapMarks(systems, ties, earlier)


@dataclass(frozen=True)
class LegendBasis:
    """What one legend explains for every step of a comparison drawn as one figure: the systems
    and ties of all steps, and every change any step marks."""

    layout: EcomapLayout
    rings: frozenset[Change]
    badges: frozenset[Change]
    earlier_form: bool


def legend_basis(whole: EcomapLayout, cases: Sequence[Case], to_mark: Sequence[EcomapMarks]) -> LegendBasis:
    rings: set[Change] = set()
    badges: set[Change] = set()
    earlier = False
    ties: list[TieLayout] = []
    for case, step_marks in zip(cases, to_mark, strict=True):
        lay = version_layout(whole, case)
        ring, badge = step_marks.drawn_in(lay)
        rings |= ring
        badges |= badge
        earlier = earlier or bool(_faint_ties(lay, step_marks))
        ties.extend(lay.ties)
    return LegendBasis(replace(whole, ties=tuple(ties)), frozenset(rings), frozenset(badges), earlier)


def draw_version(ctx: Context, whole: EcomapLayout, to_mark: EcomapMarks,
                 basis: LegendBasis | None = None) -> Drawing:
    """One step's ecomap; its legend explains what it draws and marks, or with `basis` what
    every step of the comparison does."""
    lay = version_layout(whole, ctx.case)
    style = ctx.style
    marking = bool(to_mark.used) if basis is None else bool(basis.rings or basis.badges)
    if basis is None:
        rings, badges = to_mark.drawn_in(lay)
        basis = LegendBasis(lay, frozenset(rings), frozenset(badges), bool(_faint_ties(lay, to_mark)))
    entries = legend_entries(ctx, basis.layout) + marks.legend_entries(
        basis.rings, basis.badges, ctx.words, style, earlier_form=basis.earlier_form)
    b = whole.bounds
    legend = layout_legend(entries, b.x0, b.y1 + style.font.size, max(b.width, 30 * style.font.size), style,
                           swatch_width=4.2 * style.font.small if marking else None)
    drawing = draw(ctx, lay, legend)
    if not to_mark.used:
        return drawing
    root = svgtree.read(drawing.svg)
    _mark_systems(root, lay, to_mark, ctx)
    _mark_ties(root, lay, to_mark, ctx)
    return replace(drawing, svg=svgtree.write(root))


def _faint_ties(lay: EcomapLayout, to_mark: EcomapMarks) -> list[tuple[TieLayout, Tie]]:
    """The changed ties whose line form changed, with their earlier form."""
    out = []
    for placed in lay.ties:
        earlier = to_mark.earlier.get(tie_key(placed.tie))
        if earlier is None or to_mark.ties.get(tie_key(placed.tie)) != "changed":
            continue
        if (earlier.strength, earlier.stress, earlier.flow) != (placed.tie.strength, placed.tie.stress,
                                                                 placed.tie.flow):
            out.append((placed, earlier))
    return out


def _mark_systems(root: Element, lay: EcomapLayout, to_mark: EcomapMarks, ctx: Context) -> None:
    nodes = {n.id: n for n in lay.nodes}
    for part in svgtree.parts(root, "sm-system") + svgtree.parts(root, "sm-person"):
        pid = svgtree.attr(part, "data-id")
        change = to_mark.systems.get(pid)
        node = nodes.get(pid)
        if change is None or node is None:
            continue
        part.attrs["data-change"] = change
        marks.draw_ring(part, node.x, node.y, node.r, change, ctx.style)


def _mark_ties(root: Element, lay: EcomapLayout, to_mark: EcomapMarks, ctx: Context) -> None:
    placed_by_key = {tie_key(t.tie): t for t in lay.ties}
    faint = {tie_key(t.tie): earlier for t, earlier in _faint_ties(lay, to_mark)}
    for part in svgtree.parts(root, "sm-tie"):
        a, b = sorted((svgtree.attr(part, "data-from"), svgtree.attr(part, "data-to")))
        change = to_mark.ties.get((a, b))
        placed = placed_by_key.get((a, b))
        if change is None or placed is None:
            continue
        part.attrs["data-change"] = change
        if (a, b) in faint:
            _draw_earlier_form(part, placed, faint[(a, b)], ctx)
        at, _ = marks.point_along(placed.points, 0.3)
        marks.draw_badge(part, at[0], at[1], change, ctx.style)


def _draw_earlier_form(part: Element, placed: TieLayout, earlier: Tie, ctx: Context) -> None:
    """The tie's earlier form, faint, beside the middle of the line."""
    style = ctx.style
    cfg_gap = 0.9 * style.font.size
    line = marks.shifted(marks.middle_stretch(placed.points, 0.38, 0.78), cfg_gap)
    group = part.g("sm-change-earlier", opacity=marks.EARLIER_OPACITY, data_strength=earlier.strength,
                   data_stress="true" if earlier.stress else "false", data_flow=earlier.flow)
    draw_line_form(group, line, earlier.strength, earlier.stress, earlier.flow, style, Config.of(style))


def laid_out(versions: Sequence[Case], style: Style) -> EcomapLayout:
    """The one layout every version's ecomap is drawn from."""
    return layout(union_case(versions), style)
