"""socialmaps: assessment diagrams of social work from one case file.

    import socialmaps
    case = socialmaps.load("examples/ms-2024.yaml")
    case.genogram(lang="en", anonymize="roles").save("genogram.pdf")   # see api.py

    from socialmaps import load_case, render, RenderOptions
    case = load_case("examples/ms-2024.yaml")
    drawing = render(case, "bpss", RenderOptions(style="print"))
    drawing.svg  # the SVG text
"""

# (first, before anything imports the layout: importing it loads the compiled layout, see native)
from . import native  # noqa: F401
from .api import ComparedDiagram, Diagram, LoadedCase, NoDiagramError, compare, load, loads
from .drawing import Drawing
from .errors import CaseError, Problem
from .loader import load_case, load_text
from .model import Case
from .options import RenderOptions
from .render import applicable, render, render_all

__all__ = ["Case", "CaseError", "ComparedDiagram", "Diagram", "Drawing", "LoadedCase", "NoDiagramError",
           "Problem", "RenderOptions", "applicable", "compare", "load", "load_case", "load_text", "loads",
           "render", "render_all"]
__version__ = "0.1.0"
