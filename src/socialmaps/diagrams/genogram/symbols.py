"""Genogram person symbols: the drawing vocabulary, independent of layout.

Two symbol sets, chosen by `style.symbols`:

- `mcgoldrick` (default): McGoldrick, Gerson & Petry's genogram key: the client
  has a double outline, death is an X through the symbol, pregnancy a triangle,
  miscarriage a small filled circle, abortion a small X, stillbirth a small
  symbol with an X.
- `nsgc`: the NSGC pedigree nomenclature (Bennett et al. 2008, sex/gender update
  2022): the client (proband) has an arrow with "P", death is a slash running
  beyond the symbol, pregnancy is the symbol with "P" inside, miscarriage a small
  triangle, termination a small triangle with a slash, stillbirth a small symbol
  with a slash and "SB".

Shape: square (male / man), circle (female / woman), diamond (unknown, nonbinary).
With `gender` given the shape follows gender, and when it is not the shape the
sex assigned at birth would give (trans, nonbinary, or unknown sex) the
assigned sex is written under the symbol as AMAB / AFAB / UAAB (NSGC 2022).

Condition fills (one region per condition, so any combination reads back
unambiguously; the left column holds the illnesses as McGoldrick's left half
does, the lower right holds substance use, McGoldrick's lower half)::

    +--------------------+--------------------+
    | physical-illness   | disability         |
    | upper-left, solid  | upper-right, solid |
    +--------------------+--------------------+
    | mental-illness     | substance-abuse: lower-right solid         |
    | lower-left, solid  | suspected-substance-abuse: lower-right     |
    |                    |   diagonal hatching                         |
    |                    | in-recovery: lower-right horizontal stripes |
    +--------------------+--------------------+

Both physical and mental illness fill the whole left half, the McGoldrick sign
for "physical or mental illness".  Free-text conditions go to the notes.

Every function draws into an `Element` the caller gives (for a person: the
`sm-person` group the caller made) and returns the boxes of what it drew outside
the symbol's own square (labels, brackets, arrow, death slash), so the layout
can keep them clear.  The `person_*` planning functions compute those boxes
without drawing, for the pure layout phase.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from ... import text as tm
from ...geometry import Box, Point
from ...labels import Anchor, PlacedText
from ...lang import Words
from ...lazy import lazy
from ...model import KNOWN_CONDITIONS, PartialDate
from ...style import Style
from ...svg import Element, fmt, path_data, written
from .shapes import draw_outline, outline_markup, pattern_path, quadrant_path, quadrant_points
from .wrapping import wrapped

if TYPE_CHECKING:
    from ...model import Case, Person

SymbolSet = Literal["mcgoldrick", "nsgc"]
Shape = Literal["square", "circle", "diamond"]
Align = Anchor
Outcome = Literal["pregnant", "miscarriage", "stillbirth", "abortion"]

SYMBOL_SETS: tuple[SymbolSet, ...] = ("mcgoldrick", "nsgc")
CONDITIONS: tuple[str, ...] = KNOWN_CONDITIONS
OUTCOMES: tuple[Outcome, ...] = ("pregnant", "miscarriage", "abortion", "stillbirth")

# Quadrant of the symbol each condition fills, as (x sign, y sign) from the centre, and the pattern.
Pattern = Literal["solid", "hatch", "stripes"]
CONDITION_FILL: dict[str, tuple[tuple[int, int], Pattern]] = {
    "physical-illness": ((-1, -1), "solid"),
    "mental-illness": ((-1, 1), "solid"),
    "disability": ((1, -1), "solid"),
    "substance-abuse": ((1, 1), "solid"),
    "suspected-substance-abuse": ((1, 1), "hatch"),
    "in-recovery": ((1, 1), "stripes"),
}

_GENDER_SHAPE: dict[str, Shape] = {"woman": "circle", "trans-woman": "circle", "man": "square",
                                   "trans-man": "square", "nonbinary": "diamond", "unknown": "diamond"}
_SEX_SHAPE: dict[str, Shape] = {"female": "circle", "male": "square", "unknown": "diamond"}
_ASSIGNED = {"female": "afab", "male": "amab", "unknown": "uaab"}


def symbol_set(style: Style, symbols: str | None = None) -> SymbolSet:
    """The set to draw with: an explicit choice, else the style's, else McGoldrick."""
    name = symbols or style.symbols
    return "nsgc" if name == "nsgc" else "mcgoldrick"


# --------------------------------------------------------------------------- what a person shows

@dataclass(frozen=True, init=False)
class PersonSpec:
    """Everything the symbol of one person shows, already resolved to words and numbers."""

    shape: Shape
    name: str = ""
    index: bool = False
    deceased: bool = False
    age: int | None = None
    years: str | None = None            # "1958–2022", "l. 1998": under the name
    assigned: str | None = None         # "AMAB" | "AFAB" | "UAAB" (NSGC 2022), under the symbol
    conditions: tuple[str, ...] = ()    # known conditions only, in CONDITIONS order
    details: tuple[str, ...] = ()       # occupation, education, notes (with the style's show_details)
    other_conditions: tuple[str, ...] = ()  # conditions outside the fixed vocabulary: always written
    adopted: bool = False               # brackets around the symbol

    def __init__(self, shape: Shape, name: str = "", index: bool = False, deceased: bool = False,
                 age: int | None = None, years: str | None = None, assigned: str | None = None,
                 conditions: tuple[str, ...] = (), details: tuple[str, ...] = (),
                 other_conditions: tuple[str, ...] = (), adopted: bool = False) -> None:
        # The fields in one update of the instance dict, not one object.__setattr__ each as the
        # generated __init__ of a frozen dataclass does (one per person of a family of 30,000).
        # Keep in step with the fields above.
        self.__dict__.update(shape=shape, name=name, index=index, deceased=deceased, age=age, years=years,
                             assigned=assigned, conditions=conditions, details=details,
                             other_conditions=other_conditions, adopted=adopted)


def shape_for(sex: str, gender: str | None = None) -> Shape:
    """Square, circle or diamond: gender when given, else the sex assigned at birth."""
    return _GENDER_SHAPE.get(gender or "", _SEX_SHAPE.get(sex, "diamond")) if gender else \
        _SEX_SHAPE.get(sex, "diamond")


def assigned_key(sex: str, gender: str | None) -> str | None:
    """Which AMAB/AFAB/UAAB word to write, when the shape alone would mislead.

    Only written when gender is given and the sex assigned at birth differs from
    what the shape says (NSGC 2022 writes it for gender-diverse people, not for everyone).
    """
    if not gender:
        return None
    if gender.startswith("trans-") or shape_for(sex, gender) != _SEX_SHAPE.get(sex, "diamond"):
        return _ASSIGNED.get(sex, "uaab")
    return None


def _year(date: PartialDate | bool | None) -> str | None:
    return str(date.year) if isinstance(date, PartialDate) else None


def years_text(born: PartialDate | None, died: PartialDate | bool | None, words: Words) -> str | None:
    """"1958–2022", "1958–?", "l. 1998" / "b. 1998", "w. 2022" / "d. 2022", or None."""
    b, d = _year(born), _year(died)
    if b and died:
        return f"{b}–{d or '?'}"
    if b:
        return words.format("genogram.label.born", year=b)
    if d:
        return words.format("genogram.label.died", year=d)
    return None


def person_spec(person: Person, case: Case, words: Words, *, adopted: bool = False) -> PersonSpec:
    """A person of the case file as its symbol shows them."""
    conditions = person.conditions  # most people have none (nor details): no lists made for them
    known = tuple([c for c in CONDITIONS if c in conditions]) if conditions else ()
    free = tuple([c for c in conditions if c not in CONDITIONS]) if conditions else ()
    details: tuple[str, ...] = ()
    if person.occupation or person.education or person.notes:
        details = tuple([d for d in (person.occupation, person.education, person.notes) if d])
    sex, gender = person.sex, person.gender
    key = assigned_key(sex, gender) if gender else None  # (None without a gender: most people)
    # positional, in the fields' order (a person each; keywords cost more to pass)
    return PersonSpec(shape_for(sex, gender), person.name, case.case.client == person.id,
                      person.deceased, case.age_of(person), years_text(person.born, person.died, words),
                      words[f"genogram.label.{key}"] if key else None, known, details, free, adopted)


# --------------------------------------------------------------------------- labels

def draw_label(parent: Element, label: PlacedText, style: Style, class_: str | None = "sm-label") -> Box:
    """Draw `label` in the style's ink; its box, which the drawing functions hand back."""
    label.draw(parent, style.line.ink, class_)
    return label.box


def stack_labels(blocks: Sequence[tuple[Sequence[str], float, bool]], x: float, top: float,
                 anchor: Align, style: Style, gap: float = 0.0) -> list[PlacedText]:
    """Text blocks (lines, size, bold) one under the other from `top`, none overlapping."""
    labels: list[PlacedText] = []
    y = top
    lh = style.font.line_height
    ascent = tm.face().ascent  # (tm.ascent(size) is ascent * size: the font looked up once)
    for lines, size, bold in blocks:
        if not lines:
            continue
        baseline, lines = y + ascent * size, tuple(lines)
        label = PlacedText(x, baseline, lines, size, anchor, bold, lh)
        # its box asked for at once: measured here and set where the lazy `PlacedText.box` keeps
        # what it measures (the instance's dict), without the property's two calls (a label under
        # every person).  `text.block_box` is what `box` measures (for one line, `line_box`'s
        # numbers exactly).
        box = label.__dict__["box"] = tm.block_box(x, baseline, lines, size, lh, anchor, bold)
        labels.append(label)
        y = box.y1 + gap + (lh - 1.0) * size * 0.5
    return labels


# --------------------------------------------------------------------------- conditions

def draw_condition(parent: Element, shape: Shape, cx: float, cy: float, h: float, condition: str,
                   style: Style) -> Element:
    """Fill one condition's region of the symbol (see the module docstring)."""
    (sx, sy), pattern = CONDITION_FILL[condition]
    ink = style.fill("condition", style.line.ink)
    if pattern == "solid":
        return parent.path(quadrant_path(shape, cx, cy, h, sx, sy), fill=ink, stroke="none",
                           data_condition=condition)
    poly = quadrant_points(shape, cx, cy, h, sx, sy)
    s = math.sqrt(0.5)
    # "/" hatching (suspected) against horizontal stripes (in recovery): told apart in black and white.
    normal = (s, s) if pattern == "hatch" else (0.0, 1.0)
    spacing = max(2.0, 0.11 * 2 * h)
    return parent.path(pattern_path(poly, normal, spacing), fill="none", stroke=ink,
                       stroke_width=max(0.7, style.line.thin), stroke_linecap="butt",
                       data_condition=condition)


# --------------------------------------------------------------------------- person

@dataclass(frozen=True, init=False)
class PersonPlan:
    """Where a person's pieces go: all computed before drawing, so the layout can ask too."""

    shape: Shape
    center: Point
    half: float
    labels: tuple[PlacedText, ...]
    marks: tuple[Box, ...]          # brackets, proband arrow, death slash: outside the symbol box
    proband: PlacedText | None = None    # NSGC "P" beside the arrow
    age: PlacedText | None = None        # inside the symbol
    extra: dict[str, Point] = field(default_factory=dict)

    def __init__(self, shape: Shape, center: Point, half: float, labels: tuple[PlacedText, ...],
                 marks: tuple[Box, ...], proband: PlacedText | None = None, age: PlacedText | None = None,
                 extra: dict[str, Point] | None = None) -> None:
        # As Label's: one update of the instance dict (a plan per person, and one per place drawn).
        # Keep in step with the fields above.
        self.__dict__.update(shape=shape, center=center, half=half, labels=labels, marks=marks,
                             proband=proband, age=age, extra={} if extra is None else extra)

    @lazy
    def symbol_box(self) -> Box:
        cx, cy = self.center
        return Box(cx - self.half, cy - self.half, cx + self.half, cy + self.half)

    @property
    def occupied(self) -> list[Box]:
        """Boxes outside the symbol: every label and mark, in drawing order (a fresh list)."""
        return list(self.boxes[1:])

    def moved(self, dx: float, dy: float, labels: tuple[PlacedText, ...] | None = None) -> PersonPlan:
        """The same plan with everything shifted by (dx, dy) (`labels`: the labels already moved).

        A plan depends on its centre only by translation, so one plan per person
        (made at the origin for the layout) serves every place the person is drawn.
        """
        return PersonPlan(
            self.shape, (self.center[0] + dx, self.center[1] + dy), self.half,
            tuple([_shifted(lab, dx, dy) for lab in self.labels]) if labels is None else labels,
            tuple([b.shift(dx, dy) for b in self.marks]) if self.marks else (),
            _shifted(self.proband, dx, dy) if self.proband else None,
            _shifted(self.age, dx, dy) if self.age else None,
            {k: (x + dx, y + dy) for k, (x, y) in self.extra.items()} if self.extra else {})

    def moved_lowered(self, dx: float, dy: float, drop: float) -> PersonPlan:
        """`moved(dx, dy).labels_lowered(drop)` in one step, for a plan made at the origin: which
        labels stand under the symbol is read from this plan (the moved one's boxes are not
        measured for it), and each label is moved, then lowered, as those two steps move it."""
        bottom = self.symbol_box.y1
        # a lowered label made at once, with the sums moving then lowering make (+ 0.0 included)
        labels = tuple([PlacedText(lab.x + dx + 0.0, lab.baseline + dy + drop, lab.lines, lab.size,
                                   lab.anchor, lab.bold, lab.line_height)
                        if lab.box.y0 >= bottom - 0.5 else _shifted(lab, dx, dy) for lab in self.labels])
        return self.moved(dx, dy, labels)

    def labels_lowered(self, dy: float) -> PersonPlan:
        """The same plan with the labels under the symbol ``dy`` lower (a crowded row's
        staggered labels, between their neighbours'; see layout.stagger)."""
        bottom = self.symbol_box.y1
        labels = tuple([_shifted(lab, 0.0, dy) if lab.box.y0 >= bottom - 0.5 else lab for lab in self.labels])
        return PersonPlan(self.shape, self.center, self.half, labels, self.marks, self.proband, self.age,
                          self.extra)

    @lazy
    def boxes(self) -> tuple[Box, ...]:
        """The symbol's box, then `occupied`: everything the person covers."""
        # one tuple made at once (every person, and every place one is drawn, is asked)
        labels = self.labels
        if len(labels) == 2 and not self.marks and not self.proband:  # (most: a name and years, as below)
            return (self.symbol_box, labels[0].box, labels[1].box)
        if self.proband:
            return (self.symbol_box, *[lab.box for lab in self.labels], self.proband.box, *self.marks)
        return (self.symbol_box, *[lab.box for lab in self.labels], *self.marks)


def _shifted(lab: PlacedText, dx: float, dy: float) -> PlacedText:
    """`lab` moved by (dx, dy)."""
    return PlacedText(lab.x + dx, lab.baseline + dy, lab.lines, lab.size, lab.anchor, lab.bold,
                      lab.line_height)


def _bracket_reach(h: float) -> tuple[float, float]:
    """(horizontal, vertical) reach of the adoption brackets from the centre."""
    return h + max(3.0, 0.28 * h), h + max(2.0, 0.18 * h)


def _rim_towards(shape: Shape, cx: float, cy: float, h: float, dx: float, dy: float) -> Point:
    """The point of the outline in direction (dx, dy) from the centre."""
    length = math.hypot(dx, dy)
    ux, uy = dx / length, dy / length
    if shape == "square":
        r = h / max(abs(ux), abs(uy))
    elif shape == "diamond":
        r = h / (abs(ux) + abs(uy))
    else:
        r = h
    return (cx + r * ux, cy + r * uy)


# The NSGC proband arrow comes in from the lower left, shallower than the death slash so both fit.
_ARROW_DIR = (-1.0, 0.4)
_SLASH_DIR = (0.55, -1.0)
_SLASH_REACH = 1.35  # how far the death slash runs beyond the centre, in half-sizes


def plan_person(spec: PersonSpec, center: Point, size: float, style: Style, *,
                align: Align = "middle", symbols: str | None = None, words: Words | None = None,
                label_width: float | None = None) -> PersonPlan:
    """Plan a person's symbol and labels: no drawing, same numbers `draw_person` uses.

    `align` places the label stack under the symbol: "middle" centred, "end" to the
    left of a line dropping from the symbol's centre (a left partner), "start" to its right.
    """
    kit = symbol_set(style, symbols)
    cx, cy = center
    h = size / 2
    fs, small = style.font.size, style.font.small
    width = label_width or max(2.6 * size, 8 * fs)
    marks: list[Box] = []
    bottom = cy + h
    if spec.adopted:
        bx, by = _bracket_reach(h)
        marks += [Box(cx - bx - 0.5, cy - by, cx - h, cy + by), Box(cx + h, cy - by, cx + bx + 0.5, cy + by)]
        bottom = cy + by
    if spec.deceased and kit == "nsgc":
        ex, ey = _SLASH_DIR[0] * _SLASH_REACH * h, _SLASH_DIR[1] * _SLASH_REACH * h
        marks.append(Box(cx - abs(ex), cy - abs(ey), cx + abs(ex), cy + abs(ey)).expand(style.line.width))
        bottom = max(bottom, cy + abs(ey) + style.line.width)
    # Labels under the symbol: name (bold for the client), assigned sex, years, details.
    leg = max(3.0, 0.12 * size)
    if align == "middle":
        x = cx
    elif align == "end":
        x = cx - leg
    elif align == "start":
        x = cx + leg
    else:
        raise ValueError(f"unknown label alignment {align!r}")
    anchor: Align = align
    labels = stack_labels(_label_blocks(spec, width, style), x, bottom + 0.3 * fs, anchor, style)
    proband = None
    extra: dict[str, Point] = {}
    if spec.index and kit == "nsgc":
        tip = _rim_towards(spec.shape, cx, cy, h, *_ARROW_DIR)
        ux, uy = _ARROW_DIR
        norm = math.hypot(ux, uy)
        gap = 1.5
        # Arrow and letter shrink with small symbols (a legend swatch) so they stay close by.
        length = max(0.75 * size, min(14.0, 1.1 * size))
        psize = min(fs, max(style.font.small, 0.6 * size))  # never below the small text (see key.py)
        tip = (tip[0] + gap * ux / norm, tip[1] + gap * uy / norm)
        tail = (tip[0] + length * ux / norm, tip[1] + length * uy / norm)
        extra = {"arrow_tip": tip, "arrow_tail": tail}
        marks.append(Box(min(tip[0], tail[0]), min(tip[1], tail[1]) - 3, max(tip[0], tail[0]),
                         max(tip[1], tail[1]) + 3))
        letter = words["genogram.label.proband"] if words else "P"
        px = tail[0] - 1.5
        proband = PlacedText(px, tail[1] + 0.35 * psize, (letter,), psize, "end", True)
        # Keep the "P" clear of the name under the symbol: step left past any label it touches.
        for lab in labels:
            if proband.box.overlap(lab.box) > -1.0:
                shift = proband.box.x1 - lab.box.x0 + 2.0
                proband = PlacedText(proband.x - shift, proband.baseline, proband.lines, psize, "end", True)
    age = None
    if spec.age is not None and size >= 1.7 * small:
        # Bigger type inside a big symbol; always narrower than the symbol's inner width.
        asize = min(fs, 0.42 * size)
        text = str(spec.age)
        while asize > style.font.min and tm.measure(text, asize) > 1.2 * h:
            asize -= 0.5
        shift = (tm.ascent(asize) - tm.descent(asize)) / 2
        age = PlacedText(cx, cy + shift, (text,), asize, "middle", spec.index)
    return PersonPlan(spec.shape, center, h, tuple(labels), tuple(marks), proband, age, extra)


# Names wrap at a narrow width (genogram.label_width: a crowded row stays narrow), but a word
# up to this many body font sizes wide widens its own label rather than break with a hyphen.
WORD_ROOM = 6.0


def _label_blocks(spec: PersonSpec, width: float, style: Style) -> list[tuple[Sequence[str], float, bool]]:
    """The text blocks under a person's symbol: name (bold for the client), assigned sex, years, details."""
    fs, small = style.font.size, style.font.small
    room = WORD_ROOM * fs
    blocks: list[tuple[Sequence[str], float, bool]] = []
    if spec.name:
        blocks.append((wrapped(spec.name, width, fs, spec.index, room), fs, spec.index))
    if spec.assigned:
        blocks.append(([spec.assigned], small, False))
    if spec.years:
        blocks.append(([spec.years], small, False))
    if spec.other_conditions:
        # A condition the symbol has no fill for is written out, never dropped.
        text = ", ".join(spec.other_conditions)
        blocks.append((wrapped(text, width, small, False, room), small, False))
    if style.show_details:
        for detail in spec.details:
            blocks.append((wrapped(detail, width, small, False, 0.0), small, False))
    return blocks


def person_boxes(spec: PersonSpec, center: Point, size: float, style: Style, **kw: object) -> list[Box]:
    """The boxes `draw_person` will occupy outside the symbol square, without drawing."""
    return plan_person(spec, center, size, style, **kw).occupied  # type: ignore[arg-type]


def _arrow_head(tip: Point, tail: Point, length: float, half_width: float) -> list[Point]:
    dx, dy = tip[0] - tail[0], tip[1] - tail[1]
    d = math.hypot(dx, dy) or 1.0
    ux, uy = dx / d, dy / d
    base = (tip[0] - length * ux, tip[1] - length * uy)
    return [tip, (base[0] - half_width * uy, base[1] + half_width * ux),
            (base[0] + half_width * uy, base[1] - half_width * ux)]


def draw_person(parent: Element, spec: PersonSpec, center: Point, size: float, style: Style,
                words: Words | None = None, *, align: Align = "middle", symbols: str | None = None,
                label_width: float | None = None, plan: PersonPlan | None = None) -> list[Box]:
    """Draw one person into `parent` (the caller's `sm-person` group).

    `size` is the side of the square / diameter of the circle / diagonal of the
    diamond: every shape fits the same size-by-size box around `center`.
    Returns the boxes drawn outside that box (labels, brackets, arrow, slash).
    `plan`, when given, is `plan_person` of the same arguments (the caller already
    made it): planning is most of the cost of a person.
    """
    kit = symbol_set(style, symbols)
    if plan is None:
        plan = plan_person(spec, center, size, style, align=align, symbols=kit, words=words,
                           label_width=label_width)
    plain = person_markup(spec, center, plan, style, kit)
    if plain is not None:
        for markup in plain:
            parent.add_written(markup)
        return plan.occupied
    cx, cy = center
    h = plan.half
    ink, lw = style.line.ink, style.line.width
    shape = spec.shape
    draw_outline(parent, shape, cx, cy, h, fill=style.fill("person"), stroke=ink, width=lw)
    inner = h
    if spec.index and kit == "mcgoldrick":
        # McGoldrick's double outline: a second, inner outline; conditions fill inside it.
        inner = h - max(2.5, 0.13 * size)
        draw_outline(parent, shape, cx, cy, inner, fill="none", stroke=ink, width=lw, data_mark="index")
    for condition in spec.conditions:
        draw_condition(parent, shape, cx, cy, inner, condition, style)
    if spec.conditions:
        # Outline again on top so fills never cover the edge.
        draw_outline(parent, shape, cx, cy, inner, fill="none", stroke=ink, width=lw)
    if spec.deceased:
        parent.add_written(_death_markup(shape, cx, cy, h, kit, style))
    if spec.adopted:
        bx, by = _bracket_reach(h)
        tick = max(3.0, 0.22 * h)
        for side in (-1, 1):
            x0 = cx + side * bx
            # Ticks point inwards: "[" on the left, "]" on the right.
            parent.polyline([(x0 - side * tick, cy - by), (x0, cy - by), (x0, cy + by),
                             (x0 - side * tick, cy + by)],
                            fill="none", stroke=ink, stroke_width=lw, data_mark="adopted")
    for markup in _age_markup(spec, plan, style, style.fill("person")):
        parent.add_written(markup)
    if spec.index and kit == "nsgc":
        note = parent.g("sm-label", data_mark="index")
        tip, tail = plan.extra["arrow_tip"], plan.extra["arrow_tail"]
        head = _arrow_head(tip, tail, max(5.0, 0.2 * size), max(2.5, 0.09 * size))
        base = ((head[1][0] + head[2][0]) / 2, (head[1][1] + head[2][1]) / 2)
        note.line(tail[0], tail[1], base[0], base[1], stroke=ink, stroke_width=lw)
        # An open path (no Z): filled like a triangle, but not a closed shape of the symbol.
        note.path(path_data([("M", head[0]), ("L", head[1]), ("L", head[2])]), fill=ink, stroke="none")
        if plan.proband:
            plan.proband.draw(note, ink, None)
    for label in plan.labels:
        label.draw(parent, ink)
    return plan.occupied


def person_markup(spec: PersonSpec, center: Point, plan: PersonPlan, style: Style, kit: SymbolSet,
                  paper: str | None = None) -> list[str] | None:
    """A person drawn without conditions, adoption or index mark (most people), as `draw_person`
    draws them: markup for `Element.written_group`.  None for a person with any of these
    (`draw_person` draws them).  `paper`: the style's person fill, when the caller has it."""
    if spec.conditions or spec.adopted or spec.index:
        return None
    (cx, cy), h, ink = center, plan.half, style.line.ink
    paper = paper or style.fill("person")
    markup = [outline_markup(spec.shape, cx, cy, h, fill=paper, stroke=ink, width=style.line.width)]
    if spec.deceased:
        markup.append(_death_markup(spec.shape, cx, cy, h, kit, style))
    if plan.age is not None:  # (most people: no age written, no call)
        markup += _age_markup(spec, plan, style, paper)
    for label in plan.labels:
        markup.append(label.markup(ink))
    return markup


def _age_markup(spec: PersonSpec, plan: PersonPlan, style: Style, paper: str) -> list[str]:
    """The age in the symbol, as markup (as `draw_label` writes it): on a paper-coloured chip (as
    `rect` writes it) where it would stand on fills or the death X."""
    if plan.age is None:
        return []
    age = plan.age.markup(style.line.ink)
    if not (spec.conditions or spec.deceased):
        return [age]
    look = _CHIP_LOOKS.get(paper)
    if look is None:
        look = _CHIP_LOOKS[paper] = written(rx=1.5, fill=paper, stroke="none")
    b = plan.age.box.expand(1.2)
    return [f'<rect x="{fmt(b.x0)}" y="{fmt(b.y0)}" width="{fmt(b.width)}" height="{fmt(b.height)}"{look}/>',
            age]


def _death_markup(shape: Shape, cx: float, cy: float, h: float, kit: SymbolSet, style: Style) -> str:
    """The death mark, as markup (as `line` or `path` writes it)."""
    ink, lw = style.line.ink, style.line.width
    look = _DEATH_LOOKS.get((kit, ink, lw))
    if look is None:
        look = _DEATH_LOOKS[kit, ink, lw] = written(fill="none" if kit == "mcgoldrick" else None, stroke=ink,
                                                    stroke_width=lw, data_mark="deceased")
    if kit == "nsgc":
        # NSGC: one slash from lower left to upper right, running beyond the symbol.
        reach = _SLASH_REACH * h
        ex, ey = _SLASH_DIR[0] * reach, _SLASH_DIR[1] * reach
        ends = f'x1="{fmt(cx - ex)}" y1="{fmt(cy - ey)}" x2="{fmt(cx + ex)}" y2="{fmt(cy + ey)}"'
        return f"<line {ends}{look}/>"
    # McGoldrick: an X through the symbol, corner to corner of the square it fills.
    r = {"square": h, "circle": 0.82 * h, "diamond": 0.62 * h}[shape]
    left, top, right, bottom = fmt(cx - r), fmt(cy - r), fmt(cx + r), fmt(cy + r)
    # as path_data writes the two strokes (numbers and letters: nothing to escape)
    return f'<path d="M {left} {top} L {right} {bottom} M {left} {bottom} L {right} {top}"{look}/>'


# Attributes as written, once per look: the age chip's (by paper colour) and the death mark's
# (by symbol set, ink and line width)
_CHIP_LOOKS: dict[str, str] = {}
_DEATH_LOOKS: dict[tuple[str, str, float], str] = {}


# --------------------------------------------------------------------------- pregnancies and losses

def pregnancy_extent(outcome: str, size: float, symbols: SymbolSet) -> float:
    """Half the height of a pregnancy/loss mark drawn at person size `size`."""
    if outcome == "pregnant":
        return size / 2 if symbols == "nsgc" else 0.42 * size
    if outcome == "miscarriage":
        return 0.16 * size if symbols == "mcgoldrick" else 0.26 * size
    if outcome == "abortion":
        return 0.2 * size if symbols == "mcgoldrick" else 0.26 * size
    return 0.3 * size


def draw_pregnancy(parent: Element, outcome: str, center: Point, size: float, style: Style,
                   words: Words | None = None, *, sex: str = "unknown", label: str | None = None,
                   symbols: str | None = None) -> list[Box]:
    """A pregnancy or a loss, at the place a child's symbol would be; `label` (a year) goes under it.

    Returns the boxes of its labels (the mark itself stays within the size-by-size box).
    """
    kit = symbol_set(style, symbols)
    cx, cy = center
    ink, lw = style.line.ink, style.line.width
    paper = style.fill("person")
    shape = _SEX_SHAPE.get(sex, "diamond")
    e = pregnancy_extent(outcome, size, kit)
    if outcome == "pregnant":
        if kit == "nsgc":
            # NSGC: the symbol (diamond when the sex is unknown) with a P inside.
            draw_outline(parent, shape, cx, cy, e, fill=paper, stroke=ink, width=lw, data_outcome=outcome)
            letter = words["genogram.label.pregnancy"] if words else "P"
            fs = min(style.font.size, 0.45 * size)
            inside = PlacedText(cx, cy + (tm.ascent(fs) - tm.descent(fs)) / 2, (letter,), fs, "middle", True)
            draw_label(parent, inside, style)
        else:
            parent.polygon([(cx, cy - e), (cx + 0.95 * e, cy + e * 0.9), (cx - 0.95 * e, cy + e * 0.9)],
                           fill=paper, stroke=ink, stroke_width=lw, data_outcome=outcome)
    elif outcome == "miscarriage":
        if kit == "nsgc":
            parent.polygon(_small_triangle(cx, cy, e), fill=paper, stroke=ink, stroke_width=lw,
                           data_outcome=outcome)
        else:
            parent.circle(cx, cy, e, fill=ink, stroke=ink, stroke_width=lw, data_outcome=outcome)
    elif outcome == "abortion":
        if kit == "nsgc":
            parent.polygon(_small_triangle(cx, cy, e), fill=paper, stroke=ink, stroke_width=lw,
                           data_outcome=outcome)
            parent.line(cx - 1.1 * e, cy + 1.1 * e, cx + 0.9 * e, cy - 1.3 * e, stroke=ink, stroke_width=lw)
        else:
            parent.path(path_data([("M", (cx - e, cy - e)), ("L", (cx + e, cy + e)),
                                   ("M", (cx - e, cy + e)), ("L", (cx + e, cy - e))]),
                        fill="none", stroke=ink, stroke_width=1.3 * lw, data_outcome=outcome)
    elif outcome == "stillbirth":
        draw_outline(parent, shape, cx, cy, e, fill=paper, stroke=ink, width=lw, data_outcome=outcome)
        parent.add_written(_death_markup(shape, cx, cy, e, kit, style))
    else:
        raise ValueError(f"unknown pregnancy outcome {outcome!r}")
    labels = pregnancy_labels(outcome, center, size, style, words, label=label, symbols=kit)
    return [draw_label(parent, lab, style) for lab in labels]


def pregnancy_labels(outcome: str, center: Point, size: float, style: Style, words: Words | None = None, *,
                     label: str | None = None, symbols: str | None = None) -> list[PlacedText]:
    """The labels `draw_pregnancy` writes under its mark ("SB", the year), placed without drawing."""
    kit = symbol_set(style, symbols)
    cx, cy = center
    e = pregnancy_extent(outcome, size, kit)
    below: list[str] = []
    if outcome == "stillbirth" and kit == "nsgc" and words:
        below.append(words["genogram.label.stillbirth"])
    if label:
        below.append(label)
    reach = _SLASH_REACH * e + style.line.width if outcome == "stillbirth" and kit == "nsgc" else e
    return stack_labels([([t], style.font.small, False) for t in below], cx,
                        cy + max(reach, e) + 0.25 * style.font.size, "middle", style)


def _small_triangle(cx: float, cy: float, e: float) -> list[Point]:
    return [(cx, cy - e), (cx + e, cy + 0.8 * e), (cx - e, cy + 0.8 * e)]


# --------------------------------------------------------------------------- the symbol sheet

@dataclass(frozen=True)
class Variant:
    """One cell of a symbol sheet: a key (as in the legend) and what to draw."""

    key: str
    spec: PersonSpec | None = None
    outcome: str | None = None


def symbol_variants(symbols: str = "mcgoldrick") -> list[Variant]:
    """Every person and pregnancy symbol variant of a set, for a symbol sheet (same list for both sets;
    the set changes how each is drawn)."""
    out = [Variant("male", PersonSpec("square")), Variant("female", PersonSpec("circle")),
           Variant("unknown", PersonSpec("diamond")),
           Variant("index", PersonSpec("circle", index=True)),
           Variant("deceased", PersonSpec("square", deceased=True)),
           Variant("deceased-female", PersonSpec("circle", deceased=True)),
           Variant("age", PersonSpec("circle", age=26)),
           Variant("adopted", PersonSpec("square", adopted=True)),
           Variant("trans-woman", PersonSpec("circle", assigned="AMAB")),
           Variant("nonbinary", PersonSpec("diamond", assigned="AFAB"))]
    out += [Variant(f"condition.{c}", PersonSpec("square", conditions=(c,))) for c in CONDITIONS]
    out.append(Variant("condition.combined", PersonSpec("circle", conditions=(
        "physical-illness", "mental-illness", "disability", "suspected-substance-abuse"))))
    out += [Variant(f"pregnancy.{o}", outcome=o) for o in OUTCOMES]
    return out
