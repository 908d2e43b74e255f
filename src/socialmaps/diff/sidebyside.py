"""Every version of one diagram in one figure: the drawings of a comparison side by side (or one
under another), each panel captioned with its step and date, one legend under them all.

The panels are the comparison's own drawings (drawn with `compare(..., one_legend=True)`, so the
last one's legend explains every mark of every step), moved into place with `translate`:

- the latest version's panel is the diagram as the SVG contract reads it, its parts with their
  `sm-*` classes (the shared checker checks it against the case file as it is now);
- an earlier version's parts keep every attribute, `data-change` included, under the class
  `sm-earlier-<part>` (`sm-earlier-system`, `sm-earlier-item` …), so that a reader finds every
  version in the file and a checker counts each person, system and item of the case once;
- each panel is a `<g class="sm-compare-panel" data-step="N" data-label=… data-date=…>`;
- the legends are taken out of the panels: the latest panel's go under all panels, the others'
  (which explain the same marks) are dropped.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from .. import text as tm
from ..drawing import Drawing
from ..geometry import Box
from ..lang import Words
from ..model import Case
from ..style import Style
from ..svg import Element, SvgDocument
from . import svgtree

if TYPE_CHECKING:
    from . import Comparison

Arrangement = Literal["row", "column"]
# The contract's part classes an earlier panel renames (sm-label and sm-legend are not parts of
# the case: labels stay, legends are taken out).
PART_CLASSES = ("person", "union", "descent", "relationship", "household", "system", "center", "tie",
                "road", "wave", "event", "outline", "mark", "quadrant", "item", "venn-item", "measure")
EARLIER = "sm-earlier-"


@dataclass(frozen=True)
class Step:
    """One panel's drawing and what its caption says."""

    drawing: Drawing
    label: str
    date: str


@dataclass(frozen=True)
class PanelLegend:
    """A legend taken out of a panel: its group, its frame on the panel, and the translate its
    parents drew it at (which it loses when it is moved)."""

    group: Element
    frame: Box
    parent_at: tuple[float, float]


@dataclass
class Panel:
    """A drawing taken apart: its body (no title, desc or background), its legends, its size
    without them."""

    step: Step
    body: list[Element]
    legends: list[PanelLegend] = field(default_factory=list)
    width: float = 0.0
    height: float = 0.0


def date_text(case: Case, words: Words) -> str:
    """"Agu 2024" (the months as the life road map writes them), or the year, or ''."""
    date = case.case.date
    if date is None:
        return ""
    months = words["lifemap.months"].split()
    if date.month is None:
        return str(date.year)
    day = f"{date.day} " if date.day else ""
    return f"{day}{months[date.month - 1]} {date.year}"


def panel_caption(step: Step) -> str:
    label = step.label[:1].upper() + step.label[1:]
    return f"{label} · {step.date}" if step.date else label


# --------------------------------------------------------------------------- taking a drawing apart

def _walk_with_offset(elem: Element, offset: tuple[float, float],
                      found: list[tuple[Element, Element, tuple[float, float]]]) -> None:
    """Every sm-legend under `elem` with its parent and the translate it is drawn at."""
    for child in list(elem.children):
        own = _translate_of(child)
        at = (offset[0] + own[0], offset[1] + own[1])
        if "sm-legend" in child.attrs.get("class", "").split():
            found.append((child, elem, offset))
            continue
        _walk_with_offset(child, at, found)


def _translate_of(elem: Element) -> tuple[float, float]:
    value = elem.attrs.get("transform", "")
    if not value.startswith("translate("):
        return (0.0, 0.0)
    numbers = value[len("translate("):-1].replace(",", " ").split()
    return (float(numbers[0]), float(numbers[1]) if len(numbers) > 1 else 0.0)


def _frame(legend: Element, at: tuple[float, float]) -> Box:
    """A legend's frame (its first rectangle) on the panel."""
    rect = next(e for e in legend.children if e.tag == "rect")
    x, y, w, h = (float(rect.attrs[k]) for k in ("x", "y", "width", "height"))
    return Box(x + at[0], y + at[1], x + at[0] + w, y + at[1] + h)


def take_apart(step: Step, index: int, latest: bool) -> Panel:
    """A step's drawing as a panel: its legends taken out (and the panel cut above them) where
    nothing but legends is drawn below the first one; else left where they are."""
    root = svgtree.read(step.drawing.svg)
    body = [c for c in root.children if c.tag not in ("title", "desc")]
    if body and body[0].tag == "rect" and body[0].attrs.get("x") == "0" and body[0].attrs.get("y") == "0":
        body = body[1:]   # the page's background: the figure draws one for all panels
    holder = Element("g", {}, body)
    found: list[tuple[Element, Element, tuple[float, float]]] = []
    _walk_with_offset(holder, (0.0, 0.0), found)
    panel = Panel(step, body, width=step.drawing.width, height=step.drawing.height)
    taken: list[tuple[Element, PanelLegend]] = []
    for group, parent, parent_at in found:
        own = _translate_of(group)
        frame = _frame(group, (parent_at[0] + own[0], parent_at[1] + own[1]))
        taken.append((parent, PanelLegend(group, frame, parent_at)))
    top = min((t.frame.y0 for _, t in taken), default=panel.height)
    if _lowest_text(holder, (0.0, 0.0)) <= top:
        for parent, taken_out in taken:
            parent.children.remove(taken_out.group)
            panel.legends.append(taken_out)
        panel.height = top
    if not latest:
        for elem in svgtree.walk(holder):
            _rename_parts(elem)
    _scope_ids(holder, f"p{index + 1}-")
    return panel


def _lowest_text(elem: Element, offset: tuple[float, float]) -> float:
    """The lowest baseline of a text outside the legends (0 where there is none)."""
    lowest = 0.0
    for child in elem.children:
        if "sm-legend" in child.attrs.get("class", "").split():
            continue
        own = _translate_of(child)
        at = (offset[0] + own[0], offset[1] + own[1])
        if child.tag in ("text", "tspan") and "y" in child.attrs:
            lowest = max(lowest, float(child.attrs["y"]) + at[1])
        lowest = max(lowest, _lowest_text(child, at))
    return lowest


def _rename_parts(elem: Element) -> None:
    classes = elem.attrs.get("class", "").split()
    if not classes:
        return
    renamed = [f"{EARLIER}{c[3:]}" if c.startswith("sm-") and c[3:] in PART_CLASSES else c for c in classes]
    elem.attrs["class"] = " ".join(renamed)


def _scope_ids(holder: Element, prefix: str) -> None:
    """A panel's `id`s, and the references to them, made its own (panels never answer to each
    other's ids)."""
    ids = [e.attrs["id"] for e in svgtree.walk(holder) if "id" in e.attrs]
    if not ids:
        return
    for elem in svgtree.walk(holder):
        for name, value in elem.attrs.items():
            if name == "id":
                elem.attrs[name] = prefix + value
                continue
            for old in ids:
                value = value.replace(f"url(#{old})", f"url(#{prefix}{old})")
                if value == f"#{old}":
                    value = f"#{prefix}{old}"
            elem.attrs[name] = value


# --------------------------------------------------------------------------- putting panels together

@dataclass(frozen=True)
class FigureWords:
    """The one figure's words: its caption (`<title>`), its summary (`<desc>`), whose case."""

    kind: str
    case_id: str
    title: str
    desc: str


def side_by_side(steps: Sequence[Step], figure: FigureWords, style: Style,
                 arrangement: Arrangement = "row") -> Drawing:
    """Every step's drawing in one figure (see the module's docstring)."""
    panels = [take_apart(s, i, latest=i == len(steps) - 1) for i, s in enumerate(steps)]
    size = style.font.size
    caption_h = style.font.line_height * size + 0.6 * size
    gap = 1.5 * size
    places = _places(panels, arrangement, caption_h, gap, style.margin / 2)
    legends = panels[-1].legends
    content_w = max(x + p.width for p, (x, _) in zip(panels, places, strict=True))
    content_h = max(y + p.height for p, (_, y) in zip(panels, places, strict=True))
    spots = _legend_spots(legends, content_w - 2 * style.margin, style.margin, content_h, 0.6 * size)
    placed_legends = list(zip(legends, spots, strict=True))
    width = max([content_w] + [x + legend.frame.width + style.margin for legend, (x, _) in placed_legends])
    height = max([content_h] + [y + legend.frame.height for legend, (_, y) in placed_legends]) + style.margin
    doc = SvgDocument(figure.kind, figure.case_id, width, height, figure.title, figure.desc,
                      background=style.background)
    for i, (panel, (x, y)) in enumerate(zip(panels, places, strict=True)):
        group = doc.g("sm-compare-panel", transform=f"translate({_num(x)} {_num(y)})", data_step=i + 1,
                      data_label=panel.step.label, data_date=panel.step.date or None)
        group.text_lines(style.margin, -caption_h + tm.ascent(size) + 0.2 * size, [panel_caption(panel.step)],
                         size, bold=True, class_="sm-compare-caption", fill=style.line.ink)
        group.children.extend(panel.body)
    _separators(doc, panels, places, arrangement, gap, style)
    for placed, (x, y) in placed_legends:
        frame, (px, py) = placed.frame, placed.parent_at
        moved = doc.g(transform=f"translate({_num(x - frame.x0 + px)} {_num(y - frame.y0 + py)})")
        moved.children.append(placed.group)
    return Drawing(figure.kind, doc.to_string(), float(doc.width), float(doc.height))


def _legend_spots(legends: Sequence[PanelLegend], room: float, left: float, top: float,
                  gap: float) -> list[tuple[float, float]]:
    """Where each legend's frame goes: side by side under the panels when they fit the panels'
    width, else one under another."""
    side_by_side = sum(legend.frame.width for legend in legends) + gap * (len(legends) - 1) <= room
    spots = []
    x, y = left, top
    for legend in legends:
        spots.append((x, y))
        if side_by_side:
            x += legend.frame.width + gap
        else:
            y += legend.frame.height + gap
    return spots


def _places(panels: Sequence[Panel], arrangement: Arrangement, caption_h: float, gap: float,
            top: float) -> list[tuple[float, float]]:
    """Where each panel's drawing starts (its caption stands above it)."""
    out = []
    x, y = 0.0, top + caption_h
    for panel in panels:
        out.append((x, y))
        if arrangement == "row":
            x += panel.width + gap
        else:
            y += panel.height + gap + caption_h
    return out


def _separators(doc: SvgDocument, panels: Sequence[Panel], places: Sequence[tuple[float, float]],
                arrangement: Arrangement, gap: float, style: Style) -> None:
    """A thin rule between two panels, so that each reads as its own drawing."""
    rules = doc.g("sm-compare-rule")
    bottom = max(y + p.height for p, (_, y) in zip(panels, places, strict=True))
    right = max(x + p.width for p, (x, _) in zip(panels, places, strict=True))
    for panel, (x, y) in list(zip(panels, places, strict=True))[:-1]:
        if arrangement == "row":
            at = x + panel.width + gap / 2
            rules.line(at, style.margin / 2, at, bottom, stroke=style.line.muted,
                       stroke_width=style.line.thin)
        else:
            at = y + panel.height + gap / 2
            rules.line(style.margin / 2, at, right - style.margin / 2, at, stroke=style.line.muted,
                       stroke_width=style.line.thin)


def _num(value: float) -> str:
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def one_figure(result: Comparison, kind: str, arrangement: Arrangement = "row") -> Drawing:
    """Every step of `kind` in a comparison (drawn with `one_legend=True`) as one figure, its
    caption the diagram's own with the steps named ("… sebelum dan sesudah intervensi")."""
    from ..figure import desc_of

    drawn = result.of(kind)
    if not drawn:
        raise ValueError(f"the comparison draws no {kind}")
    words = result.words
    steps = [Step(d.drawing, d.label, date_text(result.cases[d.step], words)) for d in drawn]
    key = "compare.figure_pair" if len(steps) == 2 else "compare.figure_steps"
    title = words.format(key, caption=result.captions[kind], count=len(steps))
    shown = "; ".join(panel_caption(s) for s in steps)
    desc = f"{desc_of(drawn[-1].drawing.svg)} {words.format('compare.panels', steps=shown)}".strip()
    figure = FigureWords(kind, result.cases[-1].case.id, title, desc)
    return side_by_side(steps, figure, result.style, arrangement)
