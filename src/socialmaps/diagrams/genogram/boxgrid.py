"""Square-cell grids to find what lies near a point, a segment or a box among thousands of
symbols, labels and line pieces (the relationship router's look-ups)."""

from __future__ import annotations

import math
from collections.abc import Collection, Iterator, Sequence

from ...geometry import Point

_NOTHING: list[int] = []


class BoxGrid:
    """Items by the square cells their boxes touch, to look up what lies near a point or segment."""

    def __init__(self, cell: float) -> None:
        self.cell = cell
        self.cells: dict[tuple[int, int], list[int]] = {}

    def add(self, index: int, x0: float, y0: float, x1: float, y1: float) -> None:
        c = self.cell
        for i in range(math.floor(x0 / c), math.floor(x1 / c) + 1):
            for j in range(math.floor(y0 / c), math.floor(y1 / c) + 1):
                self.cells.setdefault((i, j), []).append(index)

    def at(self, x: float, y: float) -> list[int]:
        """The items whose boxes touch the cell of point (x, y)."""
        c = self.cell
        return self.cells.get((math.floor(x / c), math.floor(y / c)), _NOTHING)

    def runs(self, pts: Sequence[Point]) -> Iterator[tuple[int, int, list[int]]]:
        """(first, end, items) for each run of consecutive points in one cell that holds items:
        the points pts[first:end] and the items of their cell (`at` of each of them, looked up
        once per run: a sampled line stays a dozen points in a cell)."""
        c = self.cell
        first, key = 0, None
        for k, (x, y) in enumerate(pts):
            here = (math.floor(x / c), math.floor(y / c))
            if here != key:
                if key is not None and k > first:
                    items = self.cells.get(key)
                    if items:
                        yield first, k, items
                first, key = k, here
        if key is not None:
            items = self.cells.get(key)
            if items:
                yield first, len(pts), items

    def near(self, x0: float, y0: float, x1: float, y1: float) -> Collection[int]:
        """The items whose boxes touch a cell the box (x0, y0, x1, y1) touches, each once."""
        c = self.cell
        i0, j0 = math.floor(x0 / c), math.floor(y0 / c)
        if i0 == math.floor(x1 / c) and j0 == math.floor(y1 / c):
            return self.cells.get((i0, j0), _NOTHING)  # one cell (most short pieces): its own list
        found: set[int] = set()
        for i in range(math.floor(x0 / c), math.floor(x1 / c) + 1):
            for j in range(math.floor(y0 / c), math.floor(y1 / c) + 1):
                got = self.cells.get((i, j))
                if got:
                    found.update(got)
        return found


LONG_CELLS = 16  # cells: a piece spanning more is indexed by blocks of this many cells


class PieceGrid(BoxGrid):
    """A `BoxGrid` for lines, whose pieces may span the whole drawing (a long sibship bar or
    partner line would fill thousands of cells: 14M entries at 20,000 people).  A piece of up to
    `LONG_CELLS` cells a side goes into its cells; a longer one into blocks of `LONG_CELLS` by
    `LONG_CELLS` cells, with its cell range.  `near` answers the same set as the plain grid: the
    long pieces of the blocks the query touches, kept only when their cell range meets the query's."""

    def __init__(self, cell: float) -> None:
        super().__init__(cell)
        self.blocks: dict[tuple[int, int], list[int]] = {}
        self.spans: dict[int, tuple[int, int, int, int]] = {}  # long piece -> its cell range

    def add(self, index: int, x0: float, y0: float, x1: float, y1: float) -> None:
        c = self.cell
        i0, j0, i1, j1 = math.floor(x0 / c), math.floor(y0 / c), math.floor(x1 / c), math.floor(y1 / c)
        if i1 - i0 < LONG_CELLS and j1 - j0 < LONG_CELLS:
            super().add(index, x0, y0, x1, y1)
            return
        self.spans[index] = (i0, j0, i1, j1)
        for bi in range(i0 // LONG_CELLS, i1 // LONG_CELLS + 1):
            for bj in range(j0 // LONG_CELLS, j1 // LONG_CELLS + 1):
                self.blocks.setdefault((bi, bj), []).append(index)

    def near(self, x0: float, y0: float, x1: float, y1: float) -> Collection[int]:
        found = super().near(x0, y0, x1, y1)
        if not self.blocks:
            return found
        c = self.cell
        i0, j0, i1, j1 = math.floor(x0 / c), math.floor(y0 / c), math.floor(x1 / c), math.floor(y1 / c)
        long: set[int] = set()
        for bi in range(i0 // LONG_CELLS, i1 // LONG_CELLS + 1):
            for bj in range(j0 // LONG_CELLS, j1 // LONG_CELLS + 1):
                for index in self.blocks.get((bi, bj), _NOTHING):
                    a0, b0, a1, b1 = self.spans[index]
                    if a0 <= i1 and i0 <= a1 and b0 <= j1 and j0 <= b1:
                        long.add(index)
        return long.union(found) if long else found
