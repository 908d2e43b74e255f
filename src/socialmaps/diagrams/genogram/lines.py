"""Genogram lines: unions, descent, twins, emotional relationships, the household boundary.

Every function draws along a route the layout gives (a polyline of points, in
drawing order) into an `Element` the caller made (the `sm-union`,
`sm-descent`, `sm-relationship` group), except `draw_household`, which makes
its own `sm-household` group.  The geometry they draw with is in `polyline`
(points along a route, offsets, zigzags) and `region` (the household's
rectangles and outline).  Meaning is carried by line form, never by
colour alone, so every kind reads in black and white:

Unions (partner line, under the pair)
    married solid · cohabiting long dashes (label "LT") · engaged short dashes ·
    relationship dash-dot · affair wavy · consanguineous: the line doubled.
    Status: separated one slash, divorced two slashes, widowed no mark.
Descent (union to child)
    biological solid · adopted dashed (brackets on the child's symbol) ·
    foster paired dots · step dash-dot-dot.  Twins: legs meeting at one point;
    identical twins add a bar between the legs; unknown zygosity "?" (NSGC).
Emotional relationships
    close two parallel lines (in print with ties across, unlike a consanguineous partner line) ·
    fused three · distant dotted · conflict zigzag ·
    hostile double zigzag · close-hostile two lines under a zigzag · cutoff a
    line broken by two bars · abuse zigzag with a filled arrow to the person
    abused · neglect long-short dashes with an open arrow to the person neglected ·
    focused-on a line with a filled arrow to the person focused on.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ... import text as tm
from ...geometry import Box, Point
from ...labels import PlacedText
from ...lang import Words
from ...model import PartialDate
from ...style import Style
from ...svg import Element, fmt, path_data, points_attr, written
from .polyline import arrow_head, clean, length, offset, point_at, trim, wave_path, zigzag
from .symbols import draw_label, symbol_set

if TYPE_CHECKING:
    from ...model import Union

UNION_TYPES = ("married", "cohabiting", "engaged", "relationship", "affair")
UNION_STATUSES = ("together", "separated", "divorced", "widowed")
RELATIONS = ("biological", "adopted", "foster", "step")
TWIN_KINDS = ("identical", "fraternal", "unknown")
RELATIONSHIP_TYPES = ("close", "fused", "distant", "conflict", "hostile", "close-hostile", "cutoff",
                      "abuse", "neglect", "focused-on")
# Directed relationships: the route runs from the first person of `between` to the second.
DIRECTED = ("abuse", "neglect", "focused-on")


def _poly(parent: Element, pts: Sequence[Point], stroke: str, width: float, **attrs: str | float | None
          ) -> Element:
    return parent.polyline(pts, fill="none", stroke=stroke, stroke_width=width, stroke_linejoin="round",
                           **attrs)


def _dashes(style: Style, kind: str) -> dict[str, str | float]:
    """Dash patterns scaled to the line width, so "large" keeps the same look.

    Each dashed kind has a form of its own, so that every line reads apart in black and white:
    dash lengths step from dots through short (2), medium (4) and long (8) dashes to the
    dash-dot families (see `DASH_PATTERNS`).
    """
    pattern = DASH_PATTERNS.get(kind)
    if pattern is None:
        return {}  # a solid line (most of them): nothing to format
    w = style.line.width
    # A dot is a dash of (almost) no length drawn with a round cap.
    dasharray = " ".join(f"{p * w:.2f}" if p else "0.01" for p in pattern)
    attrs: dict[str, str | float] = {"stroke_dasharray": dasharray}
    if 0 in pattern:
        attrs["stroke_linecap"] = "round"
    return attrs


# Dash patterns in line widths (0: a round dot).
DASH_PATTERNS: dict[str, tuple[float, ...]] = {
    "dotted": (0, 2.4),                      # distant
    "paired-dots": (0, 1.6, 0, 4.2),         # foster child
    "short-dash": (2, 2),                    # engaged
    "dashed": (4, 2.6),                      # adopted child
    "long-dash": (8, 3),                     # living together
    "long-short": (8, 2, 2, 2),              # neglect
    "dash-dot": (5.5, 2, 0, 2),              # a relationship (union)
    "dash-dot-dot": (5.5, 1.8, 0, 1.8, 0, 1.8),  # step child
    "household": (12, 3, 0, 3),              # the household outline: very long dash, dot
}


# --------------------------------------------------------------------------- unions

@dataclass(frozen=True, init=False)
class UnionSpec:
    type: str = "married"
    status: str = "together"
    start: str | None = None        # year as written ("1983")
    end: str | None = None
    consanguineous: bool = False    # partners are relatives: the line is doubled

    def __init__(self, type: str = "married", status: str = "together", start: str | None = None,
                 end: str | None = None, consanguineous: bool = False) -> None:
        # The fields in one update of the instance dict, not one object.__setattr__ each as the
        # generated __init__ of a frozen dataclass does (a few per union of a family of thousands).
        # Keep in step with the fields above.
        self.__dict__.update(type=type, status=status, start=start, end=end, consanguineous=consanguineous)


def union_spec(union: Union, *, consanguineous: bool = False) -> UnionSpec:
    def year(d: PartialDate | None) -> str | None:
        return str(d.year) if d else None
    return UnionSpec(union.type, union.status, year(union.start), year(union.end), consanguineous)


def has_union_text(spec: UnionSpec) -> bool:
    """Whether `union_text` gives any part (without looking a word up: most one-parent unions of
    a large family have none, and are asked about several times)."""
    return bool(spec.start) or spec.type != "married" or (
        spec.status in ("separated", "divorced") and bool(spec.end))


def union_text(spec: UnionSpec, words: Words) -> list[str]:
    """The label parts: "m. 1983", "d. 2010" (type with start year, status with end year)."""
    parts = []
    abbr = words[f"genogram.union.{spec.type}"]
    if spec.start:
        parts.append(f"{abbr} {spec.start}")
    elif spec.type != "married":
        # A solid line already says married; the other kinds are named even without a year.
        parts.append(abbr)
    if spec.status in ("separated", "divorced") and spec.end:
        parts.append(f"{words[f'genogram.union.{spec.status}']} {spec.end}")
    return parts


def _partner_segment(route: Sequence[Point]) -> tuple[Point, Point]:
    """The longest horizontal segment of the route (the partner line), else the longest."""
    pts = clean(route)
    segs = [(pts[i], pts[i + 1]) for i in range(len(pts) - 1)]
    flat = [s for s in segs if abs(s[0][1] - s[1][1]) < 1e-6]
    return max(flat or segs, key=lambda s: math.dist(*s))


_UNION_DASH = {"married": "", "cohabiting": "long-dash", "engaged": "short-dash", "relationship": "dash-dot"}


def union_markup(route: Sequence[Point], spec: UnionSpec, style: Style, *, slashes: bool = True
                 ) -> list[str] | None:
    """The partner line as `draw_union` draws it without labels, as markup for
    `Element.written_group`, for a union of one plain line (most of them: no affair's wave, no
    consanguineous double line, no status slashes); None for one with more (`draw_union` draws it)."""
    if (spec.type not in _UNION_DASH or spec.status not in UNION_STATUSES or spec.consanguineous
            or (slashes and spec.status in ("separated", "divorced"))):
        return None
    return [_line_markup(clean(route), style, spec.type, _UNION_DASH[spec.type])]


def _mark_point(route: Sequence[Point], mark_at: float) -> Point:
    (x0, y0), (x1, y1) = _partner_segment(route)
    return (x0 + mark_at * (x1 - x0), y0 + mark_at * (y1 - y0))


def _slash_half(style: Style) -> tuple[float, float]:
    """(dx, dy) half extent of a status slash."""
    return 0.28 * style.font.size, 0.55 * style.font.size


def union_labels(route: Sequence[Point], spec: UnionSpec, style: Style, words: Words,
                 mark_at: float = 0.5) -> list[PlacedText]:
    """Where the union label goes (above the partner line at the mark point); no drawing."""
    parts = union_text(spec, words)
    if not parts:
        return []
    size = style.font.small
    x, y = _mark_point(route, mark_at)
    (a, _), (c, _) = _partner_segment(route)
    room = abs(c - a) - 2
    lines = [" ".join(parts)] if tm.measure(" ".join(parts), size) <= room or len(parts) == 1 else parts
    clear = _slash_half(style)[1] if spec.status in ("separated", "divorced") else 0.0
    clear = max(clear, 2.5 if not spec.consanguineous else 4.0)
    lh = style.font.line_height
    last_baseline = y - clear - 1.5 - tm.descent(size)
    first = last_baseline - (len(lines) - 1) * lh * size
    return [PlacedText(x, first, tuple(lines), size, "middle", False, lh)]


def double_line_gap(style: Style) -> float:
    """How far under the partner line a consanguineous couple's second line runs (their
    children's line starts there, so that it meets the second line instead of crossing it)."""
    return 2.4 * style.line.width


def draw_union(parent: Element, route: Sequence[Point], spec: UnionSpec, style: Style, words: Words | None,
               *, mark_at: float = 0.5, labels: bool = True, slashes: bool = True,
               drops: Sequence[Point] = ()) -> list[Box]:
    """A partner line along `route` (e.g. down from one partner, across, up to the other).

    `mark_at` is where along the partner (horizontal) segment the status slashes
    and the label go, 0..1 from the route's start; keep it off the children's drop.
    Returns the label boxes (none with `labels=False`, as in a legend swatch).  `slashes=False`:
    the status is told by the label alone (a couple married again on the same line).  `drops`: where
    the children's lines leave the route (an affair's wave crosses its axis there).
    """
    if spec.type not in UNION_TYPES or spec.status not in UNION_STATUSES:
        raise ValueError(f"unknown union {spec.type!r}/{spec.status!r}")
    ink, w = style.line.ink, style.line.width
    pts = clean(route)
    routes = [pts]
    if spec.consanguineous:
        # The partner line doubled (a second line just under it); the legs stay single.
        (x0, y0), (x1, y1) = _partner_segment(pts)
        routes.append(offset([(x0, y0), (x1, y1)], double_line_gap(style) * (1 if x1 < x0 else -1)))
    for r in routes:
        if spec.type == "affair":
            parent.path(wave_path(r, 0.22 * style.font.size, 1.1 * style.font.size, drops), fill="none",
                        stroke=ink, stroke_width=w, data_line="affair")
        else:
            parent.add_written(_line_markup(r, style, spec.type, _UNION_DASH[spec.type]))
    if slashes and spec.status in ("separated", "divorced"):
        x, y = _mark_point(pts, mark_at)
        dx, dy = _slash_half(style)
        gap = 0.32 * style.font.size
        offsets = [0.0] if spec.status == "separated" else [-gap / 2, gap / 2]
        d = path_data([c for o in offsets
                       for c in (("M", (x + o - dx, y + dy)), ("L", (x + o + dx, y - dy)))])
        parent.path(d, fill="none", stroke=ink, stroke_width=w, data_mark=spec.status)
    if not labels or words is None:
        return []
    return [draw_label(parent, lab, style) for lab in union_labels(pts, spec, style, words, mark_at)]


# (ink, line width, background, small font) -> the unknown partner's line, diamond and "?"
# attributes, as written
_UNKNOWN_LOOKS: dict[tuple[str, float, str, float], tuple[str, ...]] = {}


def draw_unknown_partner(parent: Element, joint: Point, center: Point, half: float, style: Style) -> None:
    """The other parent of a one-parent union, not known: a small dashed diamond with "?" at
    `center`, joined by a partner line from `joint` (where the children's line drops)."""
    for markup in unknown_partner_markup(joint, center, half, style):
        parent.add_written(markup)


def unknown_partner_markup(joint: Point, center: Point, half: float, style: Style) -> list[str]:
    """What `draw_unknown_partner` draws, as markup for `Element.written_group`."""
    (x, y), h, w = center, half, style.line.width
    side = 1.0 if x > joint[0] else -1.0
    look = (style.line.ink, w, style.background, style.font.small)
    written_as = _UNKNOWN_LOOKS.get(look)
    if written_as is None:  # one per look: a chain of one-parent unions draws thousands
        dashes = f"{fmt(1.6 * w)} {fmt(1.2 * w)}"
        written_as = _UNKNOWN_LOOKS[look] = (
            written(stroke=style.line.ink, stroke_width=w),
            written(fill=style.background, stroke=style.line.ink, stroke_width=w, stroke_dasharray=dashes,
                    data_mark="unknown-partner"),
            # the "?", no smaller than any other text of the figure
            written(font_size=style.font.small, text_anchor="middle", fill=style.line.ink))
    # (as parent.line, parent.polygon and parent.text_lines write them)
    fy = fmt(y)
    diamond = points_attr([(x, y - h), (x + h, y), (x, y + h), (x - h, y)])
    mark_y = fmt(y + 0.36 * style.font.small)
    return [f'<line x1="{fmt(joint[0])}" y1="{fy}" x2="{fmt(x - side * h)}" y2="{fy}"{written_as[0]}/>',
            f'<polygon points="{diamond}"{written_as[1]}/>',
            f'<text class="sm-label" x="{fmt(x)}" y="{mark_y}"{written_as[2]}>?</text>']


# --------------------------------------------------------------------------- descent and twins

def draw_descent(parent: Element, route: Sequence[Point], relation: str, style: Style) -> None:
    """The line from a union (or a twin apex) to one child, in the relation's line form."""
    parent.add_written(descent_markup(route, relation, style))


def descent_markup(route: Sequence[Point], relation: str, style: Style) -> str:
    """What `draw_descent` draws, as markup for `Element.add_written`."""
    dash = _DESCENT_DASH.get(relation)
    if dash is None:
        raise ValueError(f"unknown relation {relation!r}")
    return _line_markup(clean(route), style, relation, dash)


def _line_markup(points: Sequence[Point], style: Style, kind: str, dash: str) -> str:
    """A partner or descent line along `points` (already clean), as `_poly` writes it with
    data-line `kind` and the dash pattern `dash`: its look written once (a family of thousands
    draws a descent per child)."""
    look = (style.line.ink, style.line.width, kind, dash)
    written_as = _LINE_LOOKS.get(look)
    if written_as is None:
        written_as = _LINE_LOOKS[look] = written(
            fill="none", stroke=style.line.ink, stroke_width=style.line.width, stroke_linejoin="round",
            data_line=kind, **_dashes(style, dash))
    return f'<polyline points="{points_attr(points)}"{written_as}/>'


# (ink, line width, data-line, dash pattern) -> a partner or descent line's attributes, as written
_LINE_LOOKS: dict[tuple[str, float, str, str], str] = {}


_DESCENT_DASH = {"biological": "", "adopted": "dashed", "foster": "paired-dots", "step": "dash-dot-dot"}


def draw_copy_link(parent: Element, route: Sequence[Point], style: Style) -> None:
    """The thin grey dashed line that joins a person drawn twice to their other drawing
    (in the genogram and in its legend, so the two always agree)."""
    parent.add_written(copy_link_markup(route, style))


def copy_link_markup(route: Sequence[Point], style: Style) -> str:
    """What `draw_copy_link` draws, as markup (as `polyline` writes it)."""
    look = (style.line.muted, style.line.thin, style.line.width)
    written_as = _COPY_LOOKS.get(look)
    if written_as is None:  # (a large family draws hundreds)
        lw = style.line.width
        written_as = _COPY_LOOKS[look] = written(fill="none", stroke=style.line.muted,
                                                 stroke_width=style.line.thin,
                                                 stroke_dasharray=f"{fmt(3 * lw)} {fmt(2.5 * lw)}")
    return f'<polyline points="{points_attr(route)}"{written_as}/>'


# (muted ink, thin width, line width) -> a copy link's attributes, as written
_COPY_LOOKS: dict[tuple[str, float, float], str] = {}


def twin_bar(apex: Point, ends: Sequence[Point], at: float = 0.45) -> tuple[Point, Point]:
    """The identical-twin bar: across the outermost legs, `at` of the way from the apex down."""
    def along(end: Point) -> Point:
        return (apex[0] + at * (end[0] - apex[0]), apex[1] + at * (end[1] - apex[1]))
    xs = sorted((along(e) for e in ends), key=lambda p: p[0])
    return xs[0], xs[-1]


def draw_twins(parent: Element, kind: str, apex: Point, ends: Sequence[Point], style: Style, *,
               symbols: str | None = None, at: float = 0.45) -> list[Box]:
    """What marks a twin set beyond its legs (the legs are each twin's `draw_descent` from `apex`).

    Identical: a bar between the legs.  Unknown zygosity: "?" under the apex (NSGC only;
    McGoldrick has no sign for it).  Returns label boxes.
    """
    if kind not in TWIN_KINDS:
        raise ValueError(f"unknown twin kind {kind!r}")
    if kind == "identical":
        a, b = twin_bar(apex, ends, at)
        parent.line(a[0], a[1], b[0], b[1], stroke=style.line.ink, stroke_width=style.line.width,
                    data_mark="identical")
        return []
    labels = twin_labels(kind, apex, ends, style, symbols=symbols, at=at)
    return [draw_label(parent, label, style) for label in labels]


def twin_labels(kind: str, apex: Point, ends: Sequence[Point], style: Style, *, symbols: str | None = None,
                at: float = 0.45) -> list[PlacedText]:
    """The labels `draw_twins` writes, placed without drawing: "?" under the apex of twins of
    unknown zygosity (NSGC only)."""
    if kind == "unknown" and symbol_set(style, symbols) == "nsgc":
        a, b = twin_bar(apex, ends, at + 0.1)
        size = style.font.small
        return [PlacedText((a[0] + b[0]) / 2, a[1] + tm.ascent(size) / 2, ("?",), size, "middle", True)]
    return []


# --------------------------------------------------------------------------- emotional relationships

def relationship_colour(kind: str, style: Style) -> str:
    """Warm ties in the 'good' accent, harmful ones in the 'bad' accent; black in print."""
    if kind in ("close", "fused"):
        return style.accent("good")
    if kind in ("conflict", "hostile", "abuse", "neglect"):
        return style.accent("bad")
    return style.line.ink


def relationship_width(kind: str, style: Style) -> float:
    """How wide a relationship's line form is drawn at full scale (for giving it a lane of its own)."""
    w = style.line.width
    gap = max(3.2, 2.6 * w)
    amp = max(3.0, 0.32 * style.font.size)
    return {"close": gap + w, "fused": 2 * gap + w, "conflict": 2 * amp + w, "abuse": 2 * amp + w,
            "hostile": 2 * (0.8 * amp + w) + 1.5 * amp + w, "close-hostile": 2.6 * amp + w}.get(kind, w)


def draw_relationship(parent: Element, route: Sequence[Point], kind: str, style: Style,
                      colour: str | None = None, *, break_at: float = 0.5) -> None:
    """An emotional relationship along `route`; directed kinds point at the route's last point.

    The route should end at the symbols' rims (see `trim`).  Each kind has its own
    line form (see the module docstring); `colour` overrides the style's choice; a cutoff's
    break goes `break_at` of the way along (the middle unless another line crosses there).
    """
    if kind not in RELATIONSHIP_TYPES:
        raise ValueError(f"unknown relationship {kind!r}")
    pts = clean(route)
    w = style.line.width
    ink = colour or relationship_colour(kind, style)
    total = length(pts)
    head = max(6.5, 0.7 * style.font.size)
    # A short route (people side by side) gets the same drawing, scaled down to fit.
    k = min(1.0, total / (4 * head))
    head *= k
    gap = max(3.2, 2.6 * w) * max(k, 0.5)  # parallel lines with a visible space between them
    amp, wave = max(3.0, 0.32 * style.font.size) * k, max(6.0, 0.8 * style.font.size) * k
    attrs = {"data_line": kind}
    if kind == "close":
        for d in (-gap / 2, gap / 2):
            _poly(parent, offset(pts, d), ink, w, **attrs)
        if style.monochrome:
            # In black and white a plain double line reads as a consanguineous partner line: close
            # gets short ties across it (a ladder), which no partner line has.
            _ties(parent, pts, total, gap, ink, w, style)
    elif kind == "fused":
        for d in (-gap, 0.0, gap):
            _poly(parent, offset(pts, d), ink, w, **attrs)
    elif kind == "distant":
        _poly(parent, pts, ink, w, **attrs, **_dashes(style, "dotted"))
    elif kind == "conflict":
        _poly(parent, zigzag(pts, amp, wave, lead=wave / 2, tail=wave / 2), ink, w, **attrs)
    elif kind == "hostile":
        # Two zigzags far enough apart to read as two, not as one thick line.
        apart = 0.8 * amp + w
        for d in (-apart, apart):
            _poly(parent, zigzag(offset(pts, d), 0.75 * amp, wave, lead=wave / 2, tail=wave / 2), ink, w,
                  **attrs)
    elif kind == "close-hostile":
        for d in (-gap / 2, gap / 2):
            _poly(parent, offset(pts, d), style.accent("good"), w, **attrs)
        _poly(parent, zigzag(pts, amp * 1.3, wave, lead=wave / 2, tail=wave / 2), style.accent("bad"), w,
              **attrs)
    elif kind == "cutoff":
        half_gap = max(3.0, 0.25 * style.font.size) * k
        mid = total * break_at
        _poly(parent, trim(pts, 0, total - (mid - half_gap)), ink, w, **attrs)
        _poly(parent, trim(pts, mid + half_gap, 0), ink, w, **attrs)
        bars = []
        for at in (mid - half_gap, mid + half_gap):
            (x, y), (ux, uy) = point_at(pts, at)
            bar = 0.55 * style.font.size * max(k, 0.5)
            bars += [("M", (x - bar * uy, y + bar * ux)), ("L", (x + bar * uy, y - bar * ux))]
        parent.path(path_data(bars), fill="none", stroke=ink, stroke_width=w, data_mark="cutoff")
    else:
        tip, direction = point_at(pts, total)
        tri = arrow_head(tip, direction, head)
        base = ((tri[1][0] + tri[2][0]) / 2, (tri[1][1] + tri[2][1]) / 2)
        body = trim(pts, 0, head * 0.9)
        if kind == "abuse":
            _poly(parent, zigzag(body, amp, wave, lead=wave / 2, tail=wave / 2), ink, w, **attrs)
            parent.path(path_data([("M", tri[0]), ("L", tri[1]), ("L", tri[2]), ("Z", ())]), fill=ink,
                        stroke=ink, stroke_width=w * 0.5, stroke_linejoin="miter", data_mark="arrow")
        elif kind == "neglect":
            _poly(parent, body, ink, w, **attrs, **_dashes(style, "long-short"))
            # An open head: neglect is what is not given.
            parent.polyline([tri[1], tri[0], tri[2]], fill="none", stroke=ink, stroke_width=w,
                            stroke_linejoin="miter", data_mark="open-arrow")
        else:  # focused-on
            _poly(parent, [*body[:-1], base], ink, w, **attrs)
            parent.path(path_data([("M", tri[0]), ("L", tri[1]), ("L", tri[2]), ("Z", ())]), fill=ink,
                        stroke=ink, stroke_width=w * 0.5, stroke_linejoin="miter", data_mark="arrow")


def _ties(parent: Element, pts: Sequence[Point], total: float, gap: float, ink: str, w: float,
          style: Style) -> None:
    """Short bars across a double line, evenly along it (the print form of "close")."""
    every = 1.1 * style.font.size
    n = max(1, int(total / every))
    bars: list[tuple[str, Sequence[float]]] = []
    for i in range(n):
        (x, y), (ux, uy) = point_at(pts, (i + 0.5) * total / n)
        half = gap / 2 + 0.8 * w
        bars += [("M", (x - half * uy, y + half * ux)), ("L", (x + half * uy, y - half * ux))]
    parent.path(path_data(bars), fill="none", stroke=ink, stroke_width=w, data_mark="ties")


# --------------------------------------------------------------------------- household boundary

def _hull(points: Sequence[Point]) -> list[Point]:
    """Convex hull, counter-clockwise in y-up terms (Andrew's monotone chain); stable for equal input."""
    pts = sorted(set(points))
    if len(pts) <= 2:
        return pts

    def cross(o: Point, a: Point, b: Point) -> float:
        return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])

    lower: list[Point] = []
    for p in pts:
        while len(lower) >= 2 and cross(lower[-2], lower[-1], p) <= 0:
            lower.pop()
        lower.append(p)
    upper: list[Point] = []
    for p in reversed(pts):
        while len(upper) >= 2 and cross(upper[-2], upper[-1], p) <= 0:
            upper.pop()
        upper.append(p)
    return lower[:-1] + upper[:-1]


def household_outline(boxes: Sequence[Box], margin: float) -> list[Point]:
    """A rounded hull: the convex hull of every box grown by `margin` with round corners."""
    if not boxes:
        raise ValueError("a household boundary needs at least one box")
    points: list[Point] = []
    for b in boxes:
        for cx, cy in ((b.x0, b.y0), (b.x1, b.y0), (b.x1, b.y1), (b.x0, b.y1)):
            for k in range(12):
                a = 2 * math.pi * k / 12
                points.append((round(cx + margin * math.cos(a), 4), round(cy + margin * math.sin(a), 4)))
    return _hull(points)


def household_path(boxes: Sequence[Box], margin: float) -> str:
    """A smooth closed curve around the boxes: quadratic curves through the hull's edge midpoints.

    The curve stays inside the hull and never comes closer to a box than the
    margin times cos(15°) (the hull's corner circles are 12-gons).
    """
    hull = household_outline(boxes, margin * 1.04)
    n = len(hull)
    mids = [((hull[i][0] + hull[(i + 1) % n][0]) / 2, (hull[i][1] + hull[(i + 1) % n][1]) / 2)
            for i in range(n)]
    commands: list[tuple[str, Sequence[float]]] = [("M", mids[-1])]
    for i in range(n):
        commands.append(("Q", (*hull[i], *mids[i])))
    commands.append(("Z", ()))
    return path_data(commands)


def household_stroke(style: Style) -> dict[str, str | float]:
    """How the boundary is stroked (shared with its legend swatch)."""
    w = style.line.width
    return {"fill": "none", "stroke": style.fill("household", style.line.ink), "stroke_width": w,
            "stroke_linejoin": "round", "stroke_linecap": "round", **_dashes(style, "household")}


def draw_household(parent: Element, boxes: Sequence[Box], members: Sequence[str], style: Style,
                   margin: float | None = None, *, loops: Sequence[Sequence[Point]] | None = None) -> Element:
    """The household boundary: a smooth dashed closed curve around the members' boxes.

    With `loops` (the region's outline, see `region.outline`) the boundary follows them with
    rounded corners, one closed outline per connected part; without, it is a rounded hull of
    `boxes`.  Makes and returns its own `sm-household` group with `data-members` (in the order
    given).
    """
    group = parent.part("sm-household", members=" ".join(members))
    pad = margin if margin is not None else 0.8 * style.font.size
    d = rounded_loops_path(loops, pad) if loops else household_path(boxes, pad)
    group.path(d, **household_stroke(style))
    return group



def rounded_loops_path(loops: Sequence[Sequence[Point]], radius: float) -> str:
    """Closed paths through the loops' corners, each corner rounded (a quadratic curve)."""
    commands: list[tuple[str, Sequence[float]]] = []
    for loop in loops:
        n = len(loop)
        if n < 3:
            continue
        cuts = []
        for k in range(n):
            a, b, c = loop[k - 1], loop[k], loop[(k + 1) % n]
            lab, lbc = math.dist(a, b), math.dist(b, c)
            r = min(radius, lab / 2, lbc / 2)
            p_in = (b[0] + (a[0] - b[0]) * r / lab, b[1] + (a[1] - b[1]) * r / lab)
            p_out = (b[0] + (c[0] - b[0]) * r / lbc, b[1] + (c[1] - b[1]) * r / lbc)
            cuts.append((p_in, b, p_out))
        commands.append(("M", cuts[0][2]))
        for p_in, b, p_out in [*cuts[1:], cuts[0]]:
            commands.append(("L", p_in))
            commands.append(("Q", (*b, *p_out)))
        commands.append(("Z", ()))
    return path_data(commands)
