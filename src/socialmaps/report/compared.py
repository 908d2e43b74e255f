"""The report's comparison figures: a case with `versions:` gets, after its own figures, one
figure for each diagram whose versions differ, every version side by side with its changes marked
("Gambar 7. Ecomap Klien S sebelum dan sesudah intervensi"), numbered on from the case's figures
and laid out for the report's page as they are (diff/fitted.py)."""

from __future__ import annotations

import itertools

from ..diff import figure_numbers
from ..diff.changes import case_changes
from ..diff.fitted import comparison_figures
from ..figure import Figure
from ..model import Case
from ..options import RenderOptions


def comparison_figures_for(case: Case, options: RenderOptions, after: int) -> list[Figure]:
    """The comparison figures of `case` (as loaded, before any anonymising: the comparison
    anonymises every version alike, as the options say), numbered after `after` figures."""
    if not case.versions:
        return []
    history = case.history()
    labels: list[str | None] = [v.label for v in case.versions] + [None]
    changes = [case_changes(a, b) for a, b in itertools.pairwise(history)]
    kinds = [kind for kind in figure_numbers(history, options) if any(c.touches(kind) for c in changes)]
    figures: list[Figure] = []
    for place, kind in enumerate(kinds):
        number = options.figure_number or str(options.caption_start + after + place)
        asked = options.model_copy(update={"diagrams": (kind,), "figure_number": number})
        figures.extend(figure for _, figure in comparison_figures(history, asked, labels, "row").figures)
    return figures
