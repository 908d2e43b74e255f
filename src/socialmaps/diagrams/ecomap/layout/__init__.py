"""Ecomap geometry: the centre (household as a small genogram, or one person), systems on rings
round it, ties routed clear of foreign circles, labels placed clear of every circle and label.

Pure: the case and the style in, frozen records out (`records`).  Everything is sorted by stable
keys first, so the order of systems and ties in the file never changes the result.  The steps,
each a module that opens with its objective:

1. `tree`, `arrange` and `household`: the centre, its small genogram (each family at home laid out
   and placed by the genogram's own engine and `place_unions`, in the whole family's generations,
   with the relatives living elsewhere who link its families drawn in grey, `tree.linking_relatives`;
   the families side by side so members with ties stand near the rim), its ways out and the ties
   inside it (`inside`: round the family's lines on a grid where no simpler line is clear); `middle`
   gives the places the centre's circle may stand, and the map is laid out round each;
2. `ring`: who stands round the centre, in what order and how far out (never closer than every
   tie's room for its marks, `room`);
3. `route`: each tie's line, clear of the circles it does not end at;
4. `notes`: names outside their circles and the notes of the ties;
`rounds` runs 2-4 on growing rings until nothing fails, then `uncross` reorders the ring until no
two ties cross (`quality.tie_crossings`); `large` is the fallback past the work
budget (one ring, straight ties, notes in a numbered list), in time n log n; `quality` measures
the result; `index` holds the spatial grids every step asks.
"""

from __future__ import annotations

from ....model import Case
from ....style import Style
from .household import center_members
from .index import Grid, Segments, poly_box
from .large import layout_large, needs_large
from .notes import (
    NOTE_SPOTS,
    RingNotes,
    free_spots,
    note_key,
    note_label,
    note_leader,
    note_texts,
    segments_meet,
)
from .quality import ambiguous_notes, label_line_crossings, longest_stub, notes_nearer_other
from .records import (
    CROSSED_REACH,
    FAR_NOTE,
    KIND_ORDER,
    CenterLayout,
    Config,
    EcomapLayout,
    Node,
    PersonSymbol,
    TieLayout,
)
from .rounds import layout_rings, sorted_ties
from .tree import generations, parse_union_form, union_form

__all__ = [
    "CROSSED_REACH",
    "FAR_NOTE",
    "KIND_ORDER",
    "NOTE_SPOTS",
    "CenterLayout",
    "Config",
    "EcomapLayout",
    "Grid",
    "Node",
    "PersonSymbol",
    "RingNotes",
    "Segments",
    "TieLayout",
    "ambiguous_notes",
    "center_members",
    "free_spots",
    "generations",
    "label_line_crossings",
    "layout",
    "longest_stub",
    "note_key",
    "note_label",
    "note_leader",
    "note_texts",
    "notes_nearer_other",
    "parse_union_form",
    "poly_box",
    "segments_meet",
    "sorted_ties",
    "union_form",
]


def layout(case: Case, style: Style) -> EcomapLayout:
    """The ecomap's geometry: the careful layout (`rounds`), or past the work budget the large one."""
    eco = case.ecomap
    assert eco is not None
    cfg = Config.of(style)
    ties = sorted_ties(case)
    if needs_large(case, ties):
        return layout_large(case, cfg, ties)
    return layout_rings(case, cfg, ties)
