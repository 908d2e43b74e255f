"""The Python API for scripts and notebooks: a case, its diagrams, their files.

    import socialmaps
    case = socialmaps.load("examples/ms-2024.yaml")
    case.genogram()                              # shows itself in Jupyter (`_repr_svg_`)
    case.ecomap(lang="en", anonymize="roles").save("ecomap.pdf")
    png = case.bpss(style="print").png(dpi=300)  # bytes

A thin layer: drawing is `render.render`, encoding `export.encode`, anonymising `anonymize`; files are
written atomically (`export.write_atomic`).  Nothing is cached but the anonymised case, so one
person has one label in every diagram of one `Case`.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Literal

from . import anonymize as anonymisation
from .drawing import Drawing
from .model import Case as CaseModel
from .model import Language
from .options import FORMATS, PageName, RenderOptions, ReportFormat

AnonymizeChoice = Literal["roles", "initials", "off"] | None


class NoDiagramError(ValueError):
    """The case has no data for the diagram asked for."""


@dataclass(frozen=True)
class Diagram:
    """One drawn diagram: its SVG text, and the same as PNG or PDF bytes or a file."""

    drawing: Drawing

    @property
    def kind(self) -> str:
        return self.drawing.kind

    @property
    def svg(self) -> str:
        return self.drawing.svg

    @property
    def width(self) -> float:
        return self.drawing.width

    @property
    def height(self) -> float:
        return self.drawing.height

    def png(self, dpi: int = 192) -> bytes:
        """The PNG at `dpi` (96: one pixel per SVG unit); a figure too big for cairo is an error
        naming the highest resolution that fits."""
        from .export import MIN_PNG_DPI, png_dpi, svg_size, to_png

        size = svg_size(self.svg)
        if not MIN_PNG_DPI <= dpi <= 1200:
            raise ValueError(f"dpi {dpi} is out of range ({MIN_PNG_DPI}-1200)")
        fit = dpi if size is None else png_dpi(size[0], size[1], dpi)
        if fit != dpi:
            hint = f"at most {fit} dpi fits" if fit else "use svg or pdf"
            raise ValueError(f"the {self.kind} is too big for a PNG at {dpi} dpi ({hint})")
        return to_png(self.svg, dpi)

    def pdf(self) -> bytes:
        from .export import to_pdf

        return to_pdf(self.svg)

    def save(self, path: str | Path, *, dpi: int = 192) -> Path:
        """Write the diagram in the format its suffix names (.svg, .png, .pdf), atomically: an
        existing file is replaced only by a complete one."""
        from .export import write_atomic

        target = Path(path)
        fmt = target.suffix.lower().lstrip(".")
        if fmt not in FORMATS:
            raise ValueError(f"{target}: cannot tell the format from the suffix {target.suffix!r}; "
                             f"use one of {', '.join('.' + f for f in FORMATS)}")
        data = {"svg": lambda: self.svg.encode("utf-8"), "png": lambda: self.png(dpi), "pdf": self.pdf}[fmt]()
        write_atomic(target, data)
        return target

    def _repr_svg_(self) -> str:
        return self.svg

    def __repr__(self) -> str:
        return f"<Diagram {self.kind} {self.width:g}x{self.height:g}>"


class LoadedCase:
    """A loaded, validated case and its diagrams (what `load` gives).  `case.model` is the validated case file
    (`socialmaps.Case`: `case.model.people`, `case.model.case.title`, …)."""

    def __init__(self, model: CaseModel, source: str = "<case>") -> None:
        self.model = model
        self.source = source

    @property
    def id(self) -> str:
        return self.model.case.id

    @property
    def diagrams(self) -> list[str]:
        """The diagrams this case has data for, in caption order."""
        from .render import applicable

        return applicable(self.model)

    def diagram(self, kind: str, *, lang: Language | None = None, style: str | None = None,
                anonymize: AnonymizeChoice = None, keep_notes: bool = False, width: str | None = None,
                caption: str | None = None, caption_below: bool = False) -> Diagram:
        """Draw one diagram.  `lang`, `style`: as `render --lang/--style`; `anonymize`: roles or
        initials (or off, overriding the case file's `anonymize`), as `render --anonymize`;
        `width` ("16cm"), `caption`, `caption_below`: as `render --width/--caption/--caption-below`
        (laid out for the width on its own, not with the case's other figures)."""
        from . import diagrams
        from .render import render

        options = RenderOptions(lang=lang, style=style, anonymize=anonymize, keep_notes=keep_notes,
                                width=width, caption=caption, caption_below=caption_below)
        if kind not in diagrams.KINDS:
            raise ValueError(f"unknown diagram {kind!r}; known: {', '.join(diagrams.KINDS)}")
        if kind not in self.diagrams:
            has = ", ".join(self.diagrams) or "none"
            raise NoDiagramError(f"{self.source}: case {self.id!r} has no data for a {kind} "
                                 f"(it has data for: {has})")
        case = self._drawn(options.anonymize, options.lang, keep_notes)
        if width is None and not caption_below:
            return Diagram(render(case, kind, options))
        from .fitting import finish, plan_figure

        figure = finish(case, [plan_figure(case, kind, options)], options)[0]
        drawn = figure.drawing
        return Diagram(Drawing(drawn.kind, figure.svg, drawn.width, drawn.height, figure.metrics))

    def report(self, fmt: ReportFormat = "pdf", **options: Any) -> bytes:
        """The case report (`socialmaps report`) as bytes: "pdf" (A4 unless `page=`), "html" or
        "docx"; keyword options as `RenderOptions` takes them (lang, style, anonymize, width, page,
        caption, watermark …)."""
        from .output import report_bytes

        return report_bytes(self.model, fmt, RenderOptions(**options))

    @functools.lru_cache(maxsize=8)  # noqa: B019 - a Case lives as long as its notebook; 8 variants
    def _drawn(self, anonymize: AnonymizeChoice, lang: Language | None, keep_notes: bool) -> CaseModel:
        options = RenderOptions(anonymize=anonymize, lang=lang, keep_notes=keep_notes)
        return anonymisation.as_options_say(self.model, options)

    def genogram(self, **options: Any) -> Diagram:
        return self.diagram("genogram", **options)

    def ecomap(self, **options: Any) -> Diagram:
        return self.diagram("ecomap", **options)

    def lifemap(self, **options: Any) -> Diagram:
        return self.diagram("lifemap", **options)

    def bodymap(self, **options: Any) -> Diagram:
        return self.diagram("bodymap", **options)

    def bpss(self, **options: Any) -> Diagram:
        return self.diagram("bpss", **options)

    def strengths(self, **options: Any) -> Diagram:
        return self.diagram("strengths", **options)

    def venn(self, **options: Any) -> Diagram:
        return self.diagram("venn", **options)

    def outcomes(self, **options: Any) -> Diagram:
        return self.diagram("outcomes", **options)

    def __repr__(self) -> str:
        return f"<socialmaps.LoadedCase {self.id!r}: {', '.join(self.diagrams) or 'no diagram'}>"


@dataclass(frozen=True)
class ComparedDiagram:
    """One diagram of one version in a comparison (`compare`)."""

    kind: str
    step: int          # 0 = the oldest version
    label: str         # the step as its caption names it ("sebelum intervensi")
    diagram: Diagram


def compare(*cases: str | Path | LoadedCase, diagrams: list[str] | None = None, lang: Language | None = None,
            style: str | None = None, together: Literal["row", "column"] | None = None,
            width: str | None = None, page: PageName | None = None) -> list[ComparedDiagram]:
    """Every diagram of every version, oldest first, with what changed marked and what did not
    change where it was: two or more cases (files or loaded), or one whose file has `versions:`,
    or a timeline.yaml.  As `socialmaps diff`: `together="row"` (`--side-by-side`) or "column"
    (`--stacked`) gives one figure per diagram holding every version (its `step` the latest's, its
    `label` every step's); `width`/`page` lay the figures out for print."""
    from .diff.fitted import comparison_figures
    from .diff.steps import Step, load_steps

    if all(isinstance(c, LoadedCase) for c in cases) and len(cases) > 1:
        steps = [Step(c.model, None, c.source) for c in cases if isinstance(c, LoadedCase)]
    elif len(cases) == 1 and isinstance(cases[0], LoadedCase):
        model = cases[0].model
        labels = [*(v.label for v in model.versions), None]
        steps = [Step(c, label, cases[0].source) for c, label in zip(model.history(), labels, strict=True)]
    else:
        steps = load_steps([c.source if isinstance(c, LoadedCase) else c for c in cases])
    options = RenderOptions(lang=lang, style=style, diagrams=tuple(diagrams) if diagrams else None,
                            width=width, page=page)
    result = comparison_figures([s.case for s in steps], options, [s.label for s in steps], together)
    out = []
    for name, figure in result.figures:
        kind, _, step = name.rpartition("-")
        drawn = replace(figure.drawing, svg=figure.svg)
        if step == "compare":
            out.append(ComparedDiagram(kind, len(steps) - 1, " / ".join(result.labels), Diagram(drawn)))
        else:
            out.append(ComparedDiagram(kind, int(step) - 1, result.labels[int(step) - 1], Diagram(drawn)))
    return out


def load(path: str | Path) -> LoadedCase:
    """Load and validate a case file (.yaml, .yml, .json).  Raises `CaseError`, whose message
    lists every problem as FILE:LINE:COL: field.path: message."""
    from .loader import load_case

    return LoadedCase(load_case(path), str(path))


def loads(text: str, name: str = "<case>") -> LoadedCase:
    """A case given as text (YAML or JSON), as `load` reads a file."""
    from .loader import load_text

    return LoadedCase(load_text(text, name), name)
