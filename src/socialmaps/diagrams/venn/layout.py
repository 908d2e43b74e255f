"""PRA ("chapati") Venn geometry: institutions as circles around the client or community.

Reading rules the picture must keep (they are what the diagram means):
- a circle's *area* is proportional to importance: r = unit * sqrt(importance);
- its *distance* from the centre falls with closeness: the rim-to-rim gap to the
  centre circle is (5 - closeness) rings, so 5 just touches the centre and 1 is far
  out.  A ring is wider than the difference between the largest and the smallest
  radius, so centre-to-centre distances are ordered by closeness as well;
- the centre circle is never smaller than the largest institution: the client or
  community is what the figure is about;
- no two circles overlap: circles keep their distance and move only round the
  centre (by angle).  When the ring is too crowded, or a name finds no free place,
  the whole figure is spread (centre circle and rings grow together) and placed again;
- a name that does not fit inside its circle stands a little off its rim and a
  short leader line runs from the rim to it, so it cannot be read as a
  neighbour's name.

Pure geometry: the same items in any file order give the same layout."""

from __future__ import annotations

import math
from dataclasses import dataclass

from ... import text as tm
from ...drawing import Context
from ...geometry import Box, Circle, bounds, point_box_distance
from ...labels import PlacedText
from ...legend import LegendLayout
from ...model import VennItem
from .legend import Scale, with_legend

SPREAD = 1.08          # growth of the centre and the rings per failed attempt
ATTEMPTS = 60


@dataclass(frozen=True)
class Label(PlacedText):
    """A name, centred on x (text-anchor middle)."""

    inside: bool = False     # inside its own circle, or beside it


@dataclass(frozen=True)
class PlacedItem:
    item: VennItem
    circle: Circle
    label: Label
    # From the circle's rim towards the name (an outside name only); drawn as `sm-leader`.
    leader: tuple[tuple[float, float], tuple[float, float]] | None = None


@dataclass(frozen=True)
class VennLayout:
    width: float
    height: float
    center: Circle
    center_label: Label
    items: tuple[PlacedItem, ...]
    unit: float              # radius of an importance-1 circle
    ring: float              # gap per closeness step
    line_height: float
    legend: LegendLayout | None = None   # under the figure, the scale inside it (legend.py)
    scale: Scale | None = None


@dataclass(frozen=True)
class _Block:
    """A label's wrapped lines and the size of their box (width, height)."""

    lines: tuple[str, ...]
    width: float
    height: float


def _measured(lines: list[str], size: float, line_height: float, bold: bool = False) -> _Block:
    return _Block(tuple(lines), tm.widest(lines, size, bold), (len(lines) - 1) * line_height * size + size)


def _block(text: str, width: float, size: float, line_height: float, bold: bool = False) -> _Block:
    return _measured(tm.wrap(text, width, size, bold), size, line_height, bold)


def _inside_block(name: str, r: float, size: float, line_height: float) -> _Block | None:
    """The name wrapped to fit inside a circle of radius r, or None when it cannot."""
    room = r - 0.3 * size
    # a word cut in two ("Posyand / u") reads worse than a name beside the circle
    wrapped = [lines for share in (1.9, 1.7, 1.5, 1.3, 1.1)
               if (lines := tm.wrap_whole(name, share * r, size)) is not None]
    fitting = [block for block in (_measured(lines, size, line_height) for lines in wrapped)
               if math.hypot(block.width / 2, block.height / 2) <= room]
    # Fewest lines first (no lone "3" on a line of its own), then the narrowest.
    return min(fitting, key=lambda b: (len(b.lines), b.width), default=None)


def _label_at(block: _Block, cx: float, cy: float, size: float, line_height: float, inside: bool,
              bold: bool = False) -> Label:
    """A label whose box is centred on (cx, cy)."""
    return Label(cx, cy - block.height / 2 + tm.ascent(size), block.lines, size, "middle", bold, line_height,
                 inside)


def _box_at(block: _Block, cx: float, cy: float) -> Box:
    return Box(cx - block.width / 2, cy - block.height / 2, cx + block.width / 2, cy + block.height / 2)


def _order(items: list[VennItem]) -> list[VennItem]:
    """Stable order round the circle: near and far items alternate, so a far circle can sit
    behind the gap between two near ones and the figure stays compact."""
    ranked = sorted(items, key=lambda i: (-i.closeness, -i.importance, i.name, i.note or ""))
    out = []
    lo, hi = 0, len(ranked) - 1
    while lo <= hi:
        out.append(ranked[lo])
        if hi != lo:
            out.append(ranked[hi])
        lo, hi = lo + 1, hi - 1
    return out


def _separation(da: float, db: float, need: float) -> float:
    """Smallest angle between two centres at distances da, db that keeps them `need` apart."""
    if abs(da - db) >= need:
        return 0.0
    cos = (da * da + db * db - need * need) / (2 * da * db)
    return math.acos(max(-1.0, min(1.0, cos)))


def _angles(dist: list[float], radii: list[float], gap: float) -> list[float] | None:
    """Angles (clockwise from the top) so no two circles come closer than `gap`; None when the
    circle is too crowded.  Greedy round the circle, then the slack shared out evenly."""
    n = len(dist)
    sep = [[_separation(dist[a], dist[b], radii[a] + radii[b] + gap) for b in range(n)] for a in range(n)]
    # Evenly spaced when that already keeps every pair apart: the tidiest picture for few items.
    even = [2 * math.pi * k / n for k in range(n)]
    if all(min(abs(even[a] - even[b]), 2 * math.pi - abs(even[a] - even[b])) >= sep[a][b]
           for a in range(n) for b in range(a)):
        return [t - math.pi / 2 for t in even]
    theta = [0.0] * n
    for k in range(1, n):
        theta[k] = max(theta[j] + sep[j][k] for j in range(k))
    needed = max([theta[k] - theta[j] + sep[j][k] for k in range(n) for j in range(k)], default=0.0)
    if needed > 2 * math.pi:
        return None
    slack = 2 * math.pi - needed
    return [theta[k] + k * slack / n - math.pi / 2 for k in range(n)]


def layout(ctx: Context) -> VennLayout:
    style = ctx.style
    venn = ctx.case.venn
    assert venn is not None
    size = style.font.size
    lh = style.font.line_height
    unit = float(style.get("venn.unit", 2.0 * size))
    gap = 0.6 * size                               # between two institution circles
    label_gap = 0.25 * size                        # between a name and any other circle
    # An outside name stands this far off its own rim, room for a leader that can be seen.
    own_gap = 1.0 * size
    ring0 = unit * (math.sqrt(5) - 1) + 1.2 * size  # wider than the radius range: see the module doc
    center_text = venn.center or ctx.subject_name()
    center_size = style.font.heading
    center_block = _block(center_text, 9 * center_size, center_size, lh, bold=True)
    items = _order(list(venn.items))
    radii = [unit * math.sqrt(i.importance) for i in items]
    # Never smaller than the largest institution (the rings then keep every reading rule).
    center_r0 = max(3.2 * size, math.hypot(center_block.width / 2, center_block.height / 2) + 0.6 * size,
                    max(radii, default=0.0))
    inside = [_inside_block(i.name, r, size, lh) for i, r in zip(items, radii, strict=True)]
    beside = [_block(i.name, 10 * size, size, lh) for i in items]

    attempt = None
    for step in range(ATTEMPTS):
        spread = SPREAD ** step
        attempt = _attempt(items, radii, inside, beside, center_r0 * spread, ring0 * spread, gap,
                           (label_gap, own_gap), size, lh)
        if attempt is not None and attempt[2]:
            break
    assert attempt is not None  # the last attempts are roomy enough for any number of items
    center_r, placed, _ = attempt
    center = Circle(0.0, 0.0, center_r)
    center_label = _label_at(center_block, 0.0, 0.0, center_size, lh, True, bold=True)

    # Shift everything so the drawing starts at the margin.
    boxes = [center.box, *(p.circle.box for p in placed)]
    for p in placed:
        boxes.extend(p.label.line_boxes())
    extent = bounds(boxes)
    dx, dy = style.margin - extent.x0, style.margin - extent.y0

    placed = [_with_leader(PlacedItem(p.item, Circle(p.circle.cx + dx, p.circle.cy + dy, p.circle.r),
                                      p.label.moved(dx, dy)), lh, 0.2 * size)
              for p in placed]
    return with_legend(ctx, VennLayout(extent.width + 2 * style.margin, extent.height + 2 * style.margin,
                                       Circle(dx, dy, center_r), center_label.moved(dx, dy), tuple(placed),
                                       unit, ring0, lh))


def _with_leader(placed: PlacedItem, lh: float, short: float) -> PlacedItem:
    """An outside name gets a leader from its circle's rim, aimed at the nearest point of the
    name's box and stopping `short` before it."""
    if placed.label.inside:
        return placed
    c = placed.circle
    # The nearest point of any line (not of their bounding box, whose corners may be empty).
    nearest = [(min(max(c.cx, b.x0), b.x1), min(max(c.cy, b.y0), b.y1)) for b in placed.label.line_boxes()]
    nx, ny = min(nearest, key=lambda p: (math.hypot(p[0] - c.cx, p[1] - c.cy), p))
    length = math.hypot(nx - c.cx, ny - c.cy)
    if length <= c.r + short:
        return placed
    ux, uy = (nx - c.cx) / length, (ny - c.cy) / length
    start = (c.cx + c.r * ux, c.cy + c.r * uy)
    end = (nx - short * ux, ny - short * uy)
    return PlacedItem(placed.item, placed.circle, placed.label, (start, end))


def _attempt(items: list[VennItem], radii: list[float], inside: list[_Block | None], beside: list[_Block],
             center_r: float, ring: float, gap: float, label_gaps: tuple[float, float], size: float,
             lh: float) -> tuple[float, list[PlacedItem], bool] | None:
    """One placement at one spread: (centre radius, items, all names placed) or None when crowded."""
    dist = [center_r + (5 - i.closeness) * ring + r for i, r in zip(items, radii, strict=True)]
    theta = _angles(dist, radii, gap)
    if theta is None:
        return None
    circles = [Circle(d * math.cos(t), d * math.sin(t), r)
               for d, t, r in zip(dist, theta, radii, strict=True)]
    obstacles = [Circle(0.0, 0.0, center_r), *circles]
    taken: list[Box] = []
    labels: list[Label | None] = [None] * len(items)
    # Names inside their circles first: they cannot move, the others go round them.
    for k, block in enumerate(inside):
        if block is not None:
            c = circles[k]
            labels[k] = _label_at(block, c.cx, c.cy, size, lh, True)
            taken.append(_box_at(block, c.cx, c.cy))
    ok = True
    for k, block in enumerate(beside):
        if labels[k] is not None:
            continue
        c = circles[k]
        spot = _beside(block, c, theta[k], obstacles, taken, *label_gaps)
        if spot is None:
            ok = False
            spot = (c.cx, c.cy + c.r + label_gaps[1] + block.height / 2)
        labels[k] = _label_at(block, spot[0], spot[1], size, lh, False)
        taken.append(_box_at(block, *spot))
    placed = [PlacedItem(i, c, lab)
              for i, c, lab in zip(items, circles, labels, strict=True) if lab is not None]
    return center_r, placed, ok


def _beside(block: _Block, circle: Circle, outward: float, obstacles: list[Circle], taken: list[Box],
            margin: float, own_gap: float) -> tuple[float, float] | None:
    """Centre of a free place for a name next to its circle, trying straight outward first."""
    hw, hh = block.width / 2, block.height / 2
    for step in range(24):
        # 0, +15°, -15°, +30°, … : the outward direction first, then either side of it.
        turn = ((step + 1) // 2) * (math.pi / 12) * (1 if step % 2 else -1)
        ux, uy = math.cos(outward + turn), math.sin(outward + turn)
        # Far enough along u that the whole box is beyond the rim (its support in -u).
        reach = circle.r + own_gap + hw * abs(ux) + hh * abs(uy)
        cx, cy = circle.cx + reach * ux, circle.cy + reach * uy
        box = Box(cx - hw, cy - hh, cx + hw, cy + hh)
        if any(point_box_distance((o.cx, o.cy), box) < o.r + margin for o in obstacles if o != circle):
            continue
        if any(box.intersects(t, margin) for t in taken):
            continue
        return cx, cy
    return None
