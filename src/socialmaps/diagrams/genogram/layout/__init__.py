"""Genogram layout engine: rows, left-to-right order and x positions, as pure geometry.

Public API
----------
``layout_genogram(family: Family, options: LayoutOptions | None = None) -> GenogramLayout``

Input types live in :mod:`socialmaps.diagrams.genogram.family` (``Family``,
``FamilyPerson``, ``FamilyUnion``, ``ChildSlot``).  The result:

``GenogramLayout``
    ``positions``   node id -> (x, y) centre of the symbol.  Nodes are people,
                    child slots (pregnancies/losses) and copies of people.
                    ``y = generation * row_gap``; the leftmost symbol box starts
                    at x = 0.
    ``generation``  node id -> row (0 = oldest row drawn).
    ``widths``      node id -> the width the node was given room for (its symbol's, without the
                    labels, where a crowded row staggers them: see ``stagger``).
    ``unions``      union id -> ``UnionGeometry``.
    ``duplicates``  copy id -> original person id.  A person is drawn twice when
                    the family cannot be drawn without a crossing otherwise (a
                    married-in person whose own sibship cannot reach the spouse,
                    loops through a marriage between relatives, a child listed
                    under several unions whose second line would cross another:
                    otherwise that child is drawn once, and the second union's
                    ``descents`` hold a line to it).  Copies have ids ``"<id>#partner"``
                    (the copy stands by the partners, the original under its
                    parents, alone) or ``"<id>#<union id>"`` (a child listed again
                    under another union, see ``FamilyUnion.secondary``).
    ``rows``        per generation, the node ids from left to right.
    ``slots``       the node ids that are child slots.
    ``width``, ``height``  extent of the symbol boxes in x, y of the last row.

``UnionGeometry``
    ``partners``    drawn node ids (a copy when the partner is duplicated),
                    left to right; ``y``, ``x1``, ``x2``: the partner line at the
                    row's y between the partners' centres (x1 == x2 for one partner).
    ``mid``         where the descent starts on the partner line: between the
                    partners, or, for a line that passes over other partners of a
                    person with more than two, in the gap next to the non-hub
                    partner (never on a symbol).  Several unions of one couple get
                    distinct points along their common line.
    ``bar_y``, ``bar_x1``, ``bar_x2``  the sibship bar (None without children),
                    half a row below the partners; it reaches ``mid``.
    ``children``    drawn child ids in birth order (slots included).
    ``descents``    child id -> polyline from ``mid`` down to the bar, along it,
                    and down to the top of the child's symbol (more bends when a
                    child sits more than one row below its parents).
    ``over``        nodes the partner line passes over (only for a person with
                    more than two partners: draw that line lower, or around).

``LayoutOptions``: row gap, gaps between partners / siblings / clusters, symbol
size, room between sibship bars, how readily partner lines stretch, rounds.

Steps
-----
docs/genogram-layout.md states the objective (copies, symbol hits, structure crossings,
relationship crossings, width, in that order) and the steps, one module each:
``graph`` (0, input), ``rows`` (1), ``build`` (2, the drawn graph), ``units`` (3),
``order`` (4), ``household`` (5), ``place`` (6, x positions), ``geometry`` (7, the lines,
and ``layout_genogram`` itself); ``records`` holds the options and the answer.

Everything is sorted by ids and birth order, so the result does not depend on
the order of the input tuples.  Time is about linear in the family size.
"""

from __future__ import annotations

from .geometry import layout_genogram
from .place import PLACEMENT_BUDGET
from .records import GenogramLayout, LayoutOptions, UnionGeometry

__all__ = ["PLACEMENT_BUDGET", "GenogramLayout", "LayoutOptions", "UnionGeometry", "layout_genogram"]
