"""The relationship router's index of line pieces: long pieces are kept by blocks of cells, and a
look-up answers exactly what indexing every cell a piece touches would."""

from __future__ import annotations

import random

from socialmaps.diagrams.genogram.boxgrid import LONG_CELLS, BoxGrid, PieceGrid


def _random_box(rng: random.Random, cell: float) -> tuple[float, float, float, float]:
    x, y = rng.uniform(-50 * cell, 50 * cell), rng.uniform(-50 * cell, 50 * cell)
    # short pieces, long horizontal bars, long drops and long diagonals
    w = rng.choice([0.0, rng.uniform(0, cell), rng.uniform(0, 3 * LONG_CELLS * cell)])
    h = rng.choice([0.0, rng.uniform(0, cell), rng.uniform(0, 3 * LONG_CELLS * cell)])
    return x, y, x + w, y + h


def test_piece_grid_finds_what_the_plain_grid_finds() -> None:
    rng = random.Random(7)
    cell = 40.0
    plain, blocked = BoxGrid(cell), PieceGrid(cell)
    for index in range(400):
        box = _random_box(rng, cell)
        plain.add(index, *box)
        blocked.add(index, *box)
    assert blocked.spans, "some pieces are long enough to be kept by blocks"
    for _ in range(2000):
        query = _random_box(rng, cell)
        assert set(blocked.near(*query)) == set(plain.near(*query))


def test_a_long_bar_fills_blocks_not_cells() -> None:
    grid = PieceGrid(10.0)
    grid.add(0, 0.0, 5.0, 100_000.0, 5.0)  # a bar ten thousand cells long
    assert not grid.cells
    assert len(grid.blocks) <= 10_000 // LONG_CELLS + 2
    assert set(grid.near(50_000.0, 0.0, 50_010.0, 10.0)) == {0}
    assert not grid.near(50_000.0, 20.0, 50_010.0, 30.0)  # the next row of cells: nothing
