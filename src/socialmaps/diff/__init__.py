"""Change over time: the diagrams of two or more versions of a case, drawn so that what they share
stays where it was and what changed is marked (`socialmaps diff`, `socialmaps.compare`).

    from socialmaps.diff import compare
    result = compare([before, after])          # Case models, oldest first
    for drawn in result.drawings:              # every diagram of every step
        print(drawn.kind, drawn.step, drawn.label, len(drawn.drawing.svg))

The ecomap of every step is drawn from one layout of all steps (diff/ecomap.py); the other
diagrams from their own, with their changed parts marked (diff/generic.py).  Marked parts carry
`data-change="new|changed|removed"`; the legend explains the marks a drawing uses, and only those.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

from .. import diagrams
from ..anonymize import anonymize
from ..drawing import Context, Drawing
from ..lang import Words, words
from ..model import Case
from ..options import RenderOptions
from ..render import applicable
from ..style import Style, load_style
from . import ecomap as ecomap_steps
from . import generic
from . import genogram as genogram_steps
from .changes import CaseChanges, case_changes


@dataclass(frozen=True)
class StepContext(Context):
    """A diagram's context with the step named in its caption: "Gambar 2 Ecomap Klien S (sebelum
    intervensi)"."""

    step_label: str = ""

    def caption(self, kind: str) -> str:
        plain = super().caption(kind)
        if not self.step_label:
            return plain
        return self.words.format("compare.caption", caption=plain, label=self.step_label)


@dataclass(frozen=True)
class ComparedDiagram:
    kind: str
    step: int                 # 0 = the oldest version
    label: str                # what the step is called in the caption
    drawing: Drawing


@dataclass(frozen=True)
class Comparison:
    cases: tuple[Case, ...]
    labels: tuple[str, ...]
    changes: tuple[CaseChanges, ...]       # between step i and i + 1
    drawings: tuple[ComparedDiagram, ...]

    def of(self, kind: str) -> list[ComparedDiagram]:
        return [d for d in self.drawings if d.kind == kind]


def step_labels(count: int, table: Words, given: Sequence[str | None] | None = None) -> list[str]:
    """Each step's name: as given, else before/after for two steps, else "tahap 1", "tahap 2" …"""
    out = []
    for i in range(count):
        label = given[i] if given is not None and i < len(given) else None
        if label is None:
            if count == 2:
                label = table["compare.before"] if i == 0 else table["compare.after"]
            else:
                label = table.format("compare.step", number=i + 1)
        out.append(label)
    return out


def compare(cases: Sequence[Case], options: RenderOptions | None = None,
            labels: Sequence[str | None] | None = None) -> Comparison:
    """Draw every diagram (those `options.diagrams` names, if given) of every version, oldest first."""
    if len(cases) < 2:
        raise ValueError("a comparison needs two versions or more")
    options = options or RenderOptions()
    cases = anonymised(cases, options)
    latest = cases[-1]
    style = load_style(options.style or latest.case.style or "default")
    table = words(options.lang or latest.case.language)
    names = step_labels(len(cases), table, labels)
    changes = tuple(case_changes(a, b) for a, b in itertools.pairwise(cases))
    kinds = [k for k in diagrams.KINDS if any(k in applicable(c) for c in cases)]
    wanted = kinds if options.diagrams is None else [k for k in kinds if k in options.diagrams]
    drawn: list[ComparedDiagram] = []
    for kind in wanted:
        number = options.figure_number or str(kinds.index(kind) + 1)
        contexts = [StepContext(case=c, options=options, style=style, words=table, figure_number=number,
                                step_label=names[i]) for i, c in enumerate(cases)]
        drawn.extend(_draw_kind(kind, contexts, changes, style))
    return Comparison(tuple(cases), tuple(names), changes, tuple(drawn))


def anonymised(cases: Sequence[Case], options: RenderOptions) -> list[Case]:
    """The versions as the options (or the latest case file) ask them drawn: anonymised alike, every
    person and system named and numbered as in the union of all versions."""
    mode = options.anonymize or cases[-1].case.anonymize
    if mode is None or mode == "off":
        return list(cases)
    basis = ecomap_steps.union_case(cases)
    return [anonymize(c, mode, lang=options.lang, keep_notes=options.keep_notes, names_from=basis)
            for c in cases]


def _draw_kind(kind: str, contexts: list[StepContext], changes: tuple[CaseChanges, ...],
               style: Style) -> list[ComparedDiagram]:
    out = []
    if kind == "ecomap":
        present = [ctx for ctx in contexts if ctx.case.ecomap is not None]
        whole = ecomap_steps.laid_out([ctx.case for ctx in present], style)
        eco_changes = [c.ecomap for c in changes]
        for step, ctx in enumerate(contexts):
            if ctx.case.ecomap is None:
                continue
            drawing = ecomap_steps.draw_version(ctx, whole, ecomap_steps.marks_for(step, eco_changes))
            out.append(ComparedDiagram(kind, step, ctx.step_label, drawing))
        return out
    diagram = diagrams.get(kind)

    def render(ctx: Context) -> Drawing:
        return diagrams.render(kind, ctx)

    one_family = kind == "genogram" and not genogram_steps.same_people([c.case for c in contexts])
    for step, ctx in enumerate(contexts):
        if not diagram.applies(ctx.case):
            continue
        to_mark = generic.marks_for(kind, step, changes, ctx)
        plain = (genogram_steps.draw_step(ctx, [c.case for c in contexts], render) if one_family
                 else render(ctx))
        drawing = generic.mark_drawing(ctx, kind, plain, to_mark)
        out.append(ComparedDiagram(kind, step, ctx.step_label, drawing))
    return out
