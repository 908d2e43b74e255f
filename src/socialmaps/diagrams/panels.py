"""Panels of bullet lists that must hold all their text: the BPSS quadrant, the
BPSS table and the strength quadrant share this.

Fitting rule (issue 2): wrap each item to the panel's width; if a panel is
too short, shrink the type step by step down to the style's minimum; if it
still does not fit, grow the panels.  Text never overflows and no item is
ever dropped.  All panels of one figure share one type size and one height,
so the figure reads as one table.

The two quadrants (issue 12) fit as a 2 × 2 grid instead (`fit_grid`): the
column split and each row's height follow how much text the panels hold, and
only when no split fits the figure's nominal height does the type shrink,
never below `readable_min` (8 pt when the figure is printed 16 cm wide).
An empty panel says so (`PanelSpec.empty`), rather than showing nothing.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from .. import text as tm
from ..geometry import Box
from ..style import Style
from ..svg import Element

BULLET = "• "
EMPTY_DASH = "— "
POINTS_AT_16CM = 453.5             # 16 cm in points (453.54, rounded down): a figure 16 cm wide
READABLE_PT = 8.0                  # the smallest type a printed report should carry


def readable_min(style: Style, figure_width: float) -> float:
    """The smallest type size (user units) allowed in a figure `figure_width` wide: the style's
    minimum, raised so that it prints at 8 pt or more when the figure is 16 cm wide.  Measured
    against the width the SVG will state (whole units, rounded up) and rounded up to the two
    decimals sizes are written with, so the file itself reads 8 pt."""
    least = _readable_pt(style) * math.ceil(figure_width) / _page_width_pt(style)
    return max(style.font.min, math.ceil(least * 100 - 1e-9) / 100)


def readable_width(style: Style) -> float:
    """The widest figure whose body text still prints at 8 pt when it is 16 cm wide (a hair
    narrower, so that rounding never reads it as 7.99)."""
    return 0.999 * style.font.size * _page_width_pt(style) / _readable_pt(style)


# A figure laid out for a printed width (`--width`, `--page`: figure.py) says which, and the text
# size aimed at there, in the style's `page` table; otherwise 8 pt at 16 cm.
def _page_width_pt(style: Style) -> float:
    return float(style.get("page.width_pt", POINTS_AT_16CM))


def _readable_pt(style: Style) -> float:
    return float(style.get("page.readable_pt", READABLE_PT))


@dataclass(frozen=True)
class PanelSpec:
    key: str                 # data-quadrant value
    heading: str
    items: tuple[str, ...]
    numbered: bool = False   # "1." instead of "•" (the BPSS table)
    empty: str = ""          # said in a panel with no items ("tidak ada data")


@dataclass(frozen=True)
class ItemLayout:
    text: str
    marker: str
    lines: tuple[str, ...]
    x: float
    baseline: float
    indent: float            # hanging indent of continuation lines

    def boxes(self, size: float, line_height: float) -> list[Box]:
        """The boxes of the item's lines; the first reaches left to cover its marker."""
        out = []
        for i, line in enumerate(self.lines):
            box = tm.line_box(self.x + self.indent, self.baseline + i * line_height * size, line, size)
            out.append(Box(self.x, box.y0, box.x1, box.y1) if i == 0 else box)
        return out


@dataclass(frozen=True)
class PanelLayout:
    spec: PanelSpec
    box: Box
    heading_x: float
    heading_baseline: float
    heading_anchor: str
    heading_lines: tuple[str, ...]
    items: tuple[ItemLayout, ...]
    empty: ItemLayout | None = None   # "— tidak ada data" where the panel has no items


@dataclass(frozen=True)
class Fit:
    size: float              # item type size chosen
    heading_size: float
    line_height: float
    panel_width: float
    panel_height: float
    panels: tuple[PanelLayout, ...]


def panel_metrics(fit: Fit) -> dict[str, float]:
    """What `render --check` says of a panel figure: how many items, at what type size."""
    return {"items": sum(len(panel.spec.items) for panel in fit.panels), "font_size": fit.size}


@dataclass(frozen=True)
class Reserve:
    """Room kept free inside a panel, at its top or bottom (for a centre badge)."""

    top: float = 0.0
    bottom: float = 0.0


def _marker(spec: PanelSpec, index: int) -> str:
    return f"{index + 1}. " if spec.numbered else BULLET


def _marker_width(marker: str, size: float) -> float:
    # Raw advance, trailing space included (`tm.measure` collapses whitespace, even U+00A0).
    return tm.face().width_em(marker) * size


def _wrap_items(spec: PanelSpec, width: float, size: float) -> list[tuple[str, tuple[str, ...], float]]:
    markers = [_marker(spec, i) for i in range(len(spec.items))]
    # Numbered items share one text column, as wide as the widest number ("12. "), so the
    # texts of items 9 and 10 start at the same x.
    common = max((_marker_width(m, size) for m in markers), default=0.0) if spec.numbered else None
    wrapped = []
    for item, marker in zip(spec.items, markers, strict=True):
        indent = common if common is not None else _marker_width(marker, size)
        lines = tm.wrap(item, width - indent, size)
        wrapped.append((marker, tuple(lines), indent))
    return wrapped


def _heading_lines(spec: PanelSpec, width: float, heading_size: float) -> tuple[str, ...]:
    # A panel whose meaning is given by axis headings outside it (the strength quadrant) has none.
    return tuple(tm.wrap(spec.heading, width, heading_size, bold=True)) if spec.heading.strip() else ()


def _content_height(spec: PanelSpec, width: float, size: float, heading_size: float, line_height: float,
                    pad: float, reserve: Reserve) -> float:
    heading_lines = _heading_lines(spec, width, heading_size)
    height = pad + len(heading_lines) * line_height * heading_size
    height = max(height, reserve.top)
    height += 0.5 * size
    for _, lines, _ in _wrap_items(spec, width, size):
        height += len(lines) * line_height * size + 0.35 * size
    if not spec.items and spec.empty:
        height += len(_empty_lines(spec, width, size)) * line_height * size + 0.35 * size
    return height + max(pad, reserve.bottom)


def _empty_lines(spec: PanelSpec, width: float, size: float) -> tuple[str, ...]:
    indent = _marker_width(EMPTY_DASH, size)
    return tuple(tm.wrap(spec.empty, width - indent, size))


@dataclass(frozen=True)
class GridFit:
    """A 2 × 2 grid of panels: one type size, two column widths, two row heights."""

    size: float
    heading_size: float
    columns: tuple[float, float]
    rows: tuple[float, float]


def _sizes(style: Style, floor: float) -> list[float]:
    """The type sizes to try, largest first: the body size down to `floor` in half steps."""
    top = max(style.font.size, floor)
    sizes = []
    size = top
    while size > floor + 1e-9:
        sizes.append(round(size, 2))
        size -= 0.5
    sizes.append(round(floor, 2))
    return sizes


def fit_grid(specs: Sequence[PanelSpec], style: Style, inner_width: float, nominal_height: float,
             floor: float, reserves: Sequence[Reserve] | None = None) -> GridFit:
    """Type size, column split and row heights for four panels (row-major) sharing `inner_width`.

    At each type size, largest first, every column split from 30/70 to 70/30 is tried; each
    row is as tall as its fuller panel, and the split giving the lowest figure wins (the most
    even one on a tie).  The first size whose figure is no taller than `nominal_height` is
    taken: text shrinks only when sharing the space cannot hold it.  If even `floor` does
    not fit, the panels grow.  A row is never lower than a third of the average column, so
    the figure keeps the shape of a quadrant."""
    reserves = list(reserves or [Reserve()] * len(specs))
    pad = 0.9 * style.font.size
    line_height = style.font.line_height
    heading_size = style.font.heading
    least_row = 0.36 * inner_width / 2
    splits = [0.5 + k * 0.025 for k in (0, -1, 1, -2, 2, -3, 3, -4, 4, -5, 5, -6, 6, -7, 7, -8, 8)]
    best: GridFit | None = None
    for size in _sizes(style, floor):
        best = None
        best_total = 0.0
        for split in splits:
            columns = (split * inner_width, (1 - split) * inner_width)
            rows = tuple(max(least_row, *(
                _content_height(specs[2 * r + c], columns[c] - 2 * pad, size, heading_size, line_height,
                                pad, reserves[2 * r + c]) for c in (0, 1))) for r in (0, 1))
            total = rows[0] + rows[1]
            if best is None or total < best_total - 1e-6:
                best, best_total = GridFit(size, heading_size, columns, (rows[0], rows[1])), total
        if best is not None and best_total <= nominal_height:
            return best
    assert best is not None
    return best


def fit_panels(specs: Sequence[PanelSpec], style: Style, panel_width: float, nominal_height: float,
               reserves: Sequence[Reserve] | None = None,
               floor: float | None = None) -> tuple[float, float, float]:
    """Choose (type size, panel height) so every panel holds all its items, the type never
    below `floor` (default: the style's minimum).

    Returns (size, heading size, height)."""
    reserves = list(reserves or [Reserve()] * len(specs))
    pad = 0.9 * style.font.size
    inner = panel_width - 2 * pad
    line_height = style.font.line_height
    heading_size = style.font.heading
    steps = _sizes(style, style.font.min if floor is None else floor)
    for size in steps:
        needed = max(_content_height(s, inner, size, heading_size, line_height, pad, r)
                     for s, r in zip(specs, reserves, strict=True))
        if needed <= nominal_height:
            # Short lists make compact panels; never below a third of the width, so the
            # figure keeps the shape of a quadrant.
            return size, heading_size, max(needed, 0.36 * panel_width)
    size = steps[-1]
    needed = max(_content_height(s, inner, size, heading_size, line_height, pad, r)
                 for s, r in zip(specs, reserves, strict=True))
    return size, heading_size, max(nominal_height, needed)


def place_panel(spec: PanelSpec, box: Box, style: Style, size: float, heading_size: float,
                heading_anchor: str = "start", reserve: Reserve | None = None) -> PanelLayout:
    """Positions of a panel's heading and items inside its box (top-down)."""
    reserve = reserve or Reserve()
    pad = 0.9 * style.font.size
    line_height = style.font.line_height
    inner = box.width - 2 * pad
    heading_lines = _heading_lines(spec, inner, heading_size)
    heading_x = {"start": box.x0 + pad, "end": box.x1 - pad, "middle": (box.x0 + box.x1) / 2}[heading_anchor]
    heading_baseline = box.y0 + pad + tm.ascent(heading_size)
    y = box.y0 + pad + len(heading_lines) * line_height * heading_size
    y = max(y, box.y0 + reserve.top) + 0.5 * size
    items = []
    for text, (marker, lines, indent) in zip(spec.items, _wrap_items(spec, inner, size), strict=True):
        baseline = y + tm.ascent(size)
        items.append(ItemLayout(text, marker, lines, box.x0 + pad, baseline, indent))
        y += len(lines) * line_height * size + 0.35 * size
    empty = None
    if not spec.items and spec.empty:
        empty = ItemLayout(spec.empty, EMPTY_DASH, _empty_lines(spec, inner, size), box.x0 + pad,
                           y + tm.ascent(size), _marker_width(EMPTY_DASH, size))
    return PanelLayout(spec, box, heading_x, heading_baseline, heading_anchor, heading_lines, tuple(items),
                       empty)


def draw_panel(parent: Element, panel: PanelLayout, fit: Fit, style: Style, header: float = 0.0) -> Element:
    """One panel as an `sm-quadrant`: its box, its heading, its items as `sm-item`.

    Shared by the BPSS quadrant, the BPSS table and the strength quadrant.  With
    `header` > 0 the top `header` units are a coloured heading band over a white
    body, with a rule under it (the table's header row)."""
    key = panel.spec.key
    group = parent.part("sm-quadrant", quadrant=key)
    box = panel.box
    radius = 0.4 * style.font.size
    if header > 0:
        group.rect(box.x0, box.y0, box.width, box.height, fill=style.background, stroke="none")
        group.rect(box.x0, box.y0, box.width, header, fill=style.fill(key), stroke="none")
        group.line(box.x0, box.y0 + header, box.x1, box.y0 + header, stroke=style.line.ink,
                   stroke_width=style.line.width)
        group.rect(box.x0, box.y0, box.width, box.height, fill="none", stroke=style.line.ink,
                   stroke_width=style.line.width)
    else:
        group.rect(box.x0, box.y0, box.width, box.height, rx=radius,
                   fill=style.fill(key), stroke=style.line.ink, stroke_width=style.line.width)
    if panel.heading_lines:
        group.text_lines(panel.heading_x, panel.heading_baseline, panel.heading_lines, fit.heading_size,
                         anchor=panel.heading_anchor, line_height=fit.line_height, bold=True,
                         fill=style.accent(key))
    if panel.empty is not None:
        # Not an sm-item: it is no item of the case, only the word that there is none.
        empty = panel.empty
        group.text_lines(empty.x, empty.baseline, [empty.marker + empty.lines[0], *empty.lines[1:]], fit.size,
                         line_height=fit.line_height, class_="sm-empty", indent=empty.indent,
                         fill=style.line.muted)
    for item in panel.items:
        if panel.spec.numbered:
            # The number is a marker, not part of the item: it stays outside the sm-item so the
            # item's text is exactly the case's text (what readers and checks match it by).
            number_end = item.x + item.indent - _marker_width(" ", fit.size)
            group.text_lines(number_end, item.baseline, [item.marker.strip()], fit.size, anchor="end",
                             class_=None, fill=style.line.ink)
            holder = group.g("sm-item")
            holder.text_lines(item.x + item.indent, item.baseline, list(item.lines), fit.size,
                              line_height=fit.line_height, class_=None, fill=style.line.ink)
            continue
        lines = [item.marker + item.lines[0], *item.lines[1:]]
        holder = group.g("sm-item")
        holder.text_lines(item.x, item.baseline, lines, fit.size, line_height=fit.line_height,
                          class_=None, indent=item.indent, fill=style.line.ink)
    return group
