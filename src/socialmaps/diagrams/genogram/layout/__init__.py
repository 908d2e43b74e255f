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
    ``widths``      node id -> the width the node was given room for.
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

Algorithm
---------
1. Rows: partners are merged into one class (union-find); classes form a DAG
   parents -> children (networkx; a cycle raises ``ValueError``).  Rows are
   longest-path from the top, then classes with children are pulled down to one
   row above their lowest-bound child class, and childless classes sit one row
   below their parents, so married-in people's parents sit just above them.
   A child more than one row below its union gets invisible pass-through nodes.
2. Units: in each row a connected group of partners is a *unit*, ordered as a
   chain by the convention (McGoldrick, NSGC): a person with two partners between
   them, earlier one left; with more, date order on both sides; a couple husband
   left, wife right by the symbol drawn, two of one sex as listed.  Of the two
   orientations the one that keeps twins together wins, then the one that lets a
   stepchild's second line through, then the convention; only a crossing (step 3)
   turns a unit round later.  A unit may hold members of several sibships only
   at its ends and only if each sibship can continue outwards; otherwise the
   lower-priority member (fewer ancestors drawn) is drawn as a copy next to the
   partner and the original stays in its sibship.  Of the valid orientations the
   one with fewest partners under a sibling bar wins.  Units joined through
   sibships form rigid *clusters* (chains of sibships).
3. Order: clusters are ordered row by row (DFS start, barycentre sweeps down and
   up, adjacent transpositions), minimising crossings of union -> sibship links,
   which is a permutation-inversion count.  If crossings remain, the joins next
   to them are cut by a copy and the order recomputed; in the limit the clusters
   form a forest, which orders without crossings.  Parts of the family with no
   line between them are last set side by side in the order that keeps the
   household (``FamilyPerson.household``) together.
4. x: difference constraints: minimum gaps from widths, and each union's
   children kept between the neighbouring unions' descent gaps (so the bars,
   extended to their midpoints, never meet and no descent crosses another).
   The least solution (longest paths) is a feasible start; one upward pass puts
   every row over its children (ignoring the rows above, which have not moved
   yet); then rounds of row-by-row block coordinate descent (bottom-up, then
   top-down), each row an exact weighted isotonic regression with bounds (pool
   adjacent violators) given the rows above and below: units move to centre sibships under their
   union's midpoint and midpoints over their children, partners stay packed
   (a partner line may stretch a little towards its children).  Every step
   stays feasible, so no overlap and no crossing can appear.

Everything is sorted by ids and birth order, so the result does not depend on
the order of the input tuples.  Time is about linear in the family size.
"""

from __future__ import annotations

from .geometry import layout_genogram
from .place import PLACEMENT_BUDGET
from .records import GenogramLayout, LayoutOptions, UnionGeometry

__all__ = ["PLACEMENT_BUDGET", "GenogramLayout", "LayoutOptions", "UnionGeometry", "layout_genogram"]
