"""The legend ("Keterangan" / "Legend") every diagram shares.

A diagram lists the entries it actually used (never a fixed key), each a
label plus a function that draws its swatch in a small box; this module
measures, flows the entries into columns that fit the width offered, and
draws them inside one `sm-legend` group.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace

from . import text as tm
from .geometry import Box
from .lang import Words
from .style import Style
from .svg import Element

# draw(group, box): draw the swatch inside `box` (user units, absolute coordinates).
SwatchDrawer = Callable[[Element, Box], None]


@dataclass(frozen=True)
class LegendEntry:
    key: str            # stable identity: entries are deduplicated by key, in first-use order
    label: str
    draw: SwatchDrawer


@dataclass(frozen=True)
class LegendLayout:
    box: Box
    title_baseline: float
    title_size: float
    size: float
    # (entry, swatch box, label x, label baseline, label lines)
    cells: tuple[tuple[LegendEntry, Box, float, float, tuple[str, ...]], ...]


def unique(entries: Sequence[LegendEntry]) -> list[LegendEntry]:
    seen: set[str] = set()
    out = []
    for entry in entries:
        if entry.key not in seen:
            seen.add(entry.key)
            out.append(entry)
    return out


def layout_legend(entries: Sequence[LegendEntry], x: float, y: float, max_width: float, style: Style,
                  swatch_width: float | None = None) -> LegendLayout | None:
    """Flow entries into as many equal columns as fit `max_width`, top-left at (x, y)."""
    entries = unique(entries)
    if not entries:
        return None
    size = style.font.small
    title_size = style.font.size
    pad = 0.8 * size
    swatch_w = swatch_width or 3.2 * size
    swatch_h = 1.5 * size
    gap = 0.7 * size
    label_max = 16 * size
    widths = [min(label_max, tm.measure(e.label, size)) for e in entries]
    cell_w = swatch_w + gap + max(widths) + 1.4 * size
    usable = max(max_width - 2 * pad, cell_w)
    columns = max(1, min(len(entries), int(usable // cell_w)))
    rows = -(-len(entries) // columns)
    line_step = style.font.line_height * size
    wrapped = [tuple(tm.wrap(e.label, label_max, size)) for e in entries]
    row_heights = []
    for r in range(rows):
        tallest = max(len(wrapped[i]) for i in range(r * columns, min(len(entries), (r + 1) * columns)))
        row_heights.append(max(swatch_h, tallest * line_step) + 0.5 * size)
    title_baseline = y + pad + tm.ascent(title_size)
    top = y + pad + style.font.line_height * title_size + 0.3 * size
    cells = []
    for i, entry in enumerate(entries):
        r, c = divmod(i, columns)
        cy = top + sum(row_heights[:r])
        cx = x + pad + c * cell_w
        lines = wrapped[i]
        text_h = len(lines) * line_step
        block = max(swatch_h, text_h)
        swatch = Box(cx, cy + (block - swatch_h) / 2, cx + swatch_w, cy + (block + swatch_h) / 2)
        baseline = cy + (block - text_h) / 2 + tm.ascent(size) + (line_step - size) / 2
        cells.append((entry, swatch, cx + swatch_w + gap, baseline, lines))
    width = 2 * pad + columns * cell_w - 1.4 * size
    height = (top - y) + sum(row_heights) + pad - 0.5 * size
    return LegendLayout(Box(x, y, x + width, y + height), title_baseline, title_size, size, tuple(cells))


def legend_under(entries: Sequence[LegendEntry], x: float, bottom: float, width: float, style: Style, *,
                 gap: float, least_width: float = 0.0,
                 swatch_width: float | None = None) -> LegendLayout | None:
    """Where every diagram puts its legend: `gap` under the figure's content (which ends at
    `bottom`), from its left edge `x`, as wide as the content (`width`) or `least_width`."""
    return layout_legend(entries, x, bottom + gap, max(width, least_width), style, swatch_width=swatch_width)


def undrawn(group: Element, box: Box) -> None:
    """The swatch of an entry laid out before its drawing is chosen (see `with_swatches`)."""


def with_swatches(lay: LegendLayout, swatches: Mapping[str, SwatchDrawer]) -> LegendLayout:
    """A legend the layout placed (its entries `undrawn`), with the drawing's swatch for each key."""
    cells = tuple((replace(entry, draw=swatches[entry.key]), swatch, x, baseline, lines)
                  for entry, swatch, x, baseline, lines in lay.cells)
    return replace(lay, cells=cells)


def draw_legend(parent: Element, lay: LegendLayout, words: Words, style: Style) -> Element:
    group = parent.g("sm-legend")
    b = lay.box
    group.rect(b.x0, b.y0, b.width, b.height, rx=3, fill=style.fill("legend"), stroke=style.line.muted,
               stroke_width=style.line.thin)
    group.text_lines(b.x0 + 0.8 * lay.size, lay.title_baseline, [words["common.legend"]], lay.title_size,
                     bold=True, fill=style.line.ink)
    for entry, swatch, x, baseline, lines in lay.cells:
        entry.draw(group, swatch)
        group.text_lines(x, baseline, list(lines), lay.size, line_height=style.font.line_height,
                         fill=style.line.ink)
    return group
