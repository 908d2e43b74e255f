"""socialmaps: assessment diagrams of social work from one case file.

    from socialmaps import load_case, render, RenderOptions
    case = load_case("examples/ms-2024.yaml")
    drawing = render(case, "bpss", RenderOptions(style="print"))
    drawing.svg  # the SVG text
"""

from .drawing import Drawing
from .errors import CaseError, Problem
from .loader import load_case, load_text
from .model import Case
from .options import RenderOptions
from .render import applicable, render, render_all

__all__ = ["Case", "CaseError", "Drawing", "Problem", "RenderOptions", "applicable", "load_case",
           "load_text", "render", "render_all"]
__version__ = "0.1.0"
