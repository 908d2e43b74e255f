"""Change over time: the diagrams of two or more versions of a case, drawn so that what they share
stays where it was and what changed is marked (`socialmaps diff`, `socialmaps.compare`).

    from socialmaps.diff import compare
    result = compare([before, after])          # Case models, oldest first
    for drawn in result.drawings:              # every diagram of every step
        print(drawn.kind, drawn.step, drawn.label, len(drawn.drawing.svg))

The ecomap of every step is drawn from one layout of all steps (diff/ecomap.py), the genogram
from one family of all steps (diff/genogram.py), the life road map, BPSS, strength quadrant and
Venn from one layout of all steps each (diff/shared.py); their changed parts are marked
(diff/generic.py).  Marked parts carry
`data-change="new|changed|removed"`; the legend explains the marks a drawing uses, and only those.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from .. import diagrams
from ..anonymize import anonymize
from ..drawing import Context, Drawing
from ..lang import Words, words
from ..model import Case
from ..options import RenderOptions
from ..render import applicable
from ..style import Style, load_style
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
    style: Style
    words: Words
    captions: Mapping[str, str]           # each diagram's caption without a step ("Gambar 2. Ecomap …")

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
            labels: Sequence[str | None] | None = None, one_legend: bool = False) -> Comparison:
    """Draw every diagram (those `options.diagrams` names, if given) of every version, oldest first.
    `one_legend`: each drawing's legend explains the marks of every step (for one figure that
    shows them all, `side_by_side`), not only its own."""
    if len(cases) < 2:
        raise ValueError("a comparison needs two versions or more")
    options = options or RenderOptions()
    cases = anonymised(cases, options)
    latest = cases[-1]
    style = load_style(options.style or latest.case.style or "default").overridden(options.style_overrides)
    table = words(options.lang or latest.case.language)
    names = step_labels(len(cases), table, labels)
    changes = tuple(case_changes(a, b) for a, b in itertools.pairwise(cases))
    numbers = figure_numbers(cases, options)
    drawn: list[ComparedDiagram] = []
    captions: dict[str, str] = {}
    for kind, number in numbers.items():
        contexts = [StepContext(case=c, options=options, style=style, words=table, figure_number=number,
                                step_label=names[i]) for i, c in enumerate(cases)]
        captions[kind] = replace(contexts[-1], step_label="").caption(kind)
        drawn.extend(_draw_kind(kind, contexts, changes, style, one_legend))
    return Comparison(tuple(cases), tuple(names), changes, tuple(drawn), style, table, captions)


def figure_numbers(cases: Sequence[Case], options: RenderOptions) -> dict[str, str]:
    """The diagrams a comparison draws (any version has data for; those `options.diagrams` names),
    each with its caption number: its place among every diagram of the versions."""
    kinds = [k for k in diagrams.KINDS if any(k in applicable(c) for c in cases)]
    return {kind: options.figure_number or str(i + options.caption_start) for i, kind in enumerate(kinds)
            if options.diagrams is None or kind in options.diagrams}


def anonymised(cases: Sequence[Case], options: RenderOptions) -> list[Case]:
    """The versions as the options (or the latest case file) ask them drawn: anonymised alike, every
    person and system named and numbered as in the union of all versions."""
    mode = options.anonymize or cases[-1].case.anonymize
    if mode is None or mode == "off":
        return list(cases)
    from . import ecomap as ecomap_steps

    basis = ecomap_steps.union_case(cases)
    return [anonymize(c, mode, lang=options.lang, keep_notes=options.keep_notes, names_from=basis)
            for c in cases]


def _draw_kind(kind: str, contexts: list[StepContext], changes: tuple[CaseChanges, ...],
               style: Style, one_legend: bool) -> list[ComparedDiagram]:
    # The drawing modules of every kind are imported on first use: the CLI imports this package to
    # list `diff`'s options, and a `render` should not load the ecomap's and life map's layouts.
    from . import generic

    if kind == "ecomap":
        return _draw_ecomaps(contexts, changes, style, one_legend)
    plain = _plain_drawings(kind, contexts)
    marked = [None if drawing is None else
              generic.mark_parts(ctx, kind, drawing, generic.marks_for(kind, step, changes, ctx))
              for step, (ctx, drawing) in enumerate(zip(contexts, plain, strict=True))]
    rings = frozenset(c for m in marked if m is not None for c in m.rings) if one_legend else None
    badges = frozenset(c for m in marked if m is not None for c in m.badges) if one_legend else None
    return [ComparedDiagram(kind, step, ctx.step_label, generic.with_legend(ctx, m, rings, badges))
            for step, (ctx, m) in enumerate(zip(contexts, marked, strict=True)) if m is not None]


def _plain_drawings(kind: str, contexts: list[StepContext]) -> list[Drawing | None]:
    """Each step's drawing before marking: from one layout of all steps where the kind has one
    (shared.py, genogram.py), else each from its own."""
    from . import genogram as genogram_steps
    from . import shared

    if kind in shared.SHARED_KINDS:
        return shared.drawings(kind, contexts)
    diagram = diagrams.get(kind)

    def render(ctx: Context) -> Drawing:
        return diagrams.render(kind, ctx)

    cases = [c.case for c in contexts]
    one_family = kind == "genogram" and not genogram_steps.same_people(cases)
    return [None if not diagram.applies(ctx.case) else
            genogram_steps.draw_step(ctx, cases, render) if one_family else render(ctx)
            for ctx in contexts]


def _draw_ecomaps(contexts: list[StepContext], changes: tuple[CaseChanges, ...], style: Style,
                  one_legend: bool) -> list[ComparedDiagram]:
    from . import ecomap as ecomap_steps

    present = [ctx for ctx in contexts if ctx.case.ecomap is not None]
    whole = ecomap_steps.laid_out([ctx.case for ctx in present], style)
    eco_changes = [c.ecomap for c in changes]
    to_mark = [ecomap_steps.marks_for(step, eco_changes) for step in range(len(contexts))]
    basis = None
    if one_legend:
        basis = ecomap_steps.legend_basis(whole, [ctx.case for ctx in present],
                                          [m for ctx, m in zip(contexts, to_mark, strict=True)
                                           if ctx.case.ecomap is not None])
    return [ComparedDiagram("ecomap", step, ctx.step_label,
                            ecomap_steps.draw_version(ctx, whole, to_mark[step], basis))
            for step, ctx in enumerate(contexts) if ctx.case.ecomap is not None]
