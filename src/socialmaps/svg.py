"""The one SVG writer every diagram draws with.

It keeps the promises of the SVG contract in one place: the root element and
its attributes, `<title>`/`<desc>` first, classes and `data-` attributes,
XML escaping of every text, numbers written the same way every time (so the
same input gives the same bytes), and nothing that reaches outside the file.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from . import text as textmetrics

# Characters XML 1.0 forbids (C0 controls except tab/newline/CR, lone surrogates, U+FFFE/U+FFFF).
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

Attr = str | float | int | bool | None


# Formatted floats: a drawing writes the same coordinates over and over (a row's y, a
# symbol's size, a line width; six calls in seven repeat a value), and a look-up costs
# a fifth of formatting.  Equal floats always format alike (0.0 and -0.0 both give "0"),
# so the cache can never change a digit; it is emptied when full, to stay small.
_FMT_CACHE: dict[float, str] = {}
_FMT_CACHE_MAX = 1 << 14


def fmt(value: float) -> str:
    """A number as the SVG gets it: at most 2 decimals, no trailing zeros, never '-0'."""
    kind = type(value)
    if kind is float:
        out = _FMT_CACHE.get(value)
        if out is None:
            out = _fmt_float(value)
            if len(_FMT_CACHE) >= _FMT_CACHE_MAX:
                _FMT_CACHE.clear()
            _FMT_CACHE[value] = out
        return out
    if kind is int:  # (a generation, a count: as _fmt_other writes it, without the call)
        return str(value)
    return _fmt_other(value)


def _fmt_float(value: float) -> str:
    # '.2f' rounds the exact binary value half-even, as round(value, 2) does, so
    # formatting once gives the same digits as rounding first
    out = f"{value:.2f}"
    last = out[-1]
    if last == "0":
        if out[-2] == "0":
            out = out[:-3]
            return "0" if out == "0" or out == "-0" else out
        return out[:-1]
    if last > "9":  # 'inf', 'nan'
        raise ValueError(f"non-finite coordinate {value!r}")
    return out


def _fmt_other(value: float) -> str:
    kind = type(value)
    if kind is bool:
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if not math.isfinite(value):
        raise ValueError(f"non-finite coordinate {value!r}")
    rounded = round(value, 2)
    if rounded == 0:
        return "0"
    return f"{rounded:.2f}".rstrip("0").rstrip(".")


def clean(value: str) -> str:
    """Drop the characters XML cannot carry at all; everything else is kept and escaped."""
    return _INVALID_XML.sub("\ufffd", value)


# Anything escape_text would change; most texts (names, years) have none of it.
_TEXT_SPECIAL = re.compile("[&<>\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def escape_text(value: str) -> str:
    if _TEXT_SPECIAL.search(value) is None:
        return value  # one scan instead of four passes
    return clean(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


# Anything escape_attr would change; most values (colours, numbers, ids) have none of it.
_ATTR_SPECIAL = re.compile('[&<>"\n\r\t\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]')


def escape_attr(value: str) -> str:
    if _ATTR_SPECIAL.search(value) is None:
        return value  # the common case, without six passes over the string
    return (escape_text(value).replace('"', "&quot;").replace("\n", "&#10;")
            .replace("\r", "&#13;").replace("\t", "&#9;"))


# Attribute values already seen to need no escaping: a drawing writes the same colours, classes
# and widths thousands of times, and a set look-up costs a tenth of the regular expression's
# scan.  Emptied when full, to stay small (only ever a cache: a value not in it is scanned).
_SAFE_VALUES: set[str] = set()
_SAFE_VALUES_MAX = 1 << 14


def _safe_attr(value: str) -> str:
    """`escape_attr(value)`, remembering a value that needs no escaping."""
    if _ATTR_SPECIAL.search(value) is not None:
        return escape_attr(value)
    if len(_SAFE_VALUES) >= _SAFE_VALUES_MAX:
        _SAFE_VALUES.clear()
    _SAFE_VALUES.add(value)
    return value


def _attr_value(value: Attr) -> str:
    if type(value) is str:  # the most common (ids, names, colours), before the isinstance chain
        return escape_attr(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return fmt(value)
    return escape_attr(str(value))


def _attr_name(name: str) -> str:
    """Python keyword names to SVG names: class_ -> class, font_size -> font-size, data_id -> data-id."""
    return name.rstrip("_").replace("_", "-")


_PLAIN, _HANDLER, _REFERENCE = 0, 1, 2


@functools.cache
def _attr_key(name: str) -> tuple[str, int]:
    """The SVG name and what the safety rule needs to look at: nothing (plain), the name
    (event handlers are never written) or the value (references must stay in the file)."""
    key = _attr_name(name)
    if key.startswith("on"):
        return key, _HANDLER
    if key in ("href", "xlink-href"):
        return key, _REFERENCE
    return key, _PLAIN


# Keyword names already known to be plain (no safety rule applies) -> their SVG names; filled
# by Element._set as it meets them.  A drawing uses a few dozen names thousands of times each.
_PLAIN_NAMES: dict[str, str] = {}
# part()'s data keywords -> their SVG names ("duplicate_of" -> "data-duplicate-of")
_DATA_NAMES: dict[str, str] = {}

# The tag of a child already written out (`Element.add_written`): its text is its markup, written
# as it is.  A drawing has thousands of labels, outlines and lines whose attributes are only ever
# written, never read again: built as text at once, they need no attribute dict.  (Never a tag of
# a parsed drawing: an XML name cannot start with "#".)
WRITTEN = "#written"
# Where written markup goes on to a new line (a group written at once, `Element.written_group`):
# the writer puts a line break and the child's indentation there.  Never a character of the
# markup itself: XML cannot carry it, and every text and value is cleaned of it (`clean`).
BREAK = "\x00"


@dataclass(slots=True)  # thousands per drawing: slots make them smaller and quicker to build
class Element:
    """An SVG element; attributes keep their insertion order, so output is stable."""

    tag: str
    attrs: dict[str, str] = field(default_factory=dict)
    children: list[Element] = field(default_factory=list)
    text: str | None = None
    # A part made by `written_part`: its attributes as written (' name="value"' each), written as
    # they are instead of `attrs` (left empty)
    written_attrs: str | None = None

    def set(self, **attrs: Attr) -> Element:
        return self._set(attrs)

    def _set(self, attrs: dict[str, Attr]) -> Element:
        own = self.attrs
        plain, safe, cached = _PLAIN_NAMES, _SAFE_VALUES, _FMT_CACHE
        for name, value in attrs.items():
            if value is None:
                continue
            # a plain name (nearly all of them) is one dictionary look-up; the safety rule
            # only needs to look at the others
            key = plain.get(name)
            if key is None:
                key, rule = _attr_key(name)
                if rule and (rule == _HANDLER or not str(value).startswith("#")):
                    # Event handlers and external references are never written (svg-contract: safety).
                    raise ValueError(f"attribute {key!r}={value!r} is not allowed in socialmaps SVG")
                if rule == _PLAIN:
                    plain[name] = key
            # the common types first, without the isinstance chain of _attr_value
            if type(value) is str:
                own[key] = value if value in safe else _safe_attr(value)
            elif type(value) is float:
                own[key] = cached.get(value) or fmt(value)
            else:
                own[key] = _attr_value(value)
        return self

    def add(self, child: Element) -> Element:
        self.children.append(child)
        return child

    def add_written(self, markup: str) -> None:
        """A child already written out (without indentation: the writer indents it and every line
        after a `BREAK`)."""
        self.children.append(Element(WRITTEN, {}, [], markup))

    def written_group(self, attributes: str, children: Sequence[str]) -> None:
        """A <g> with `attributes` (as written: ' name="value"' each) and `children` (each written
        out, as `add_written` takes them), written out at once: for the groups a drawing makes
        thousands of (a genogram's people), without an element for each child."""
        if not children:  # as an empty group is written
            self.children.append(Element(WRITTEN, {}, [], f"<g{attributes}/>"))
            return
        # each child on a line of its own, one step in (and so every line a child breaks into)
        inner = (BREAK + BREAK.join(children)).replace(BREAK, BREAK + "  ")
        self.children.append(Element(WRITTEN, {}, [], f"<g{attributes}>{inner}{BREAK}</g>"))

    def _append(self, tag: str, written: dict[str, str], attrs: dict[str, Attr],
                text: str | None = None) -> Element:
        """A child with `written` (attributes already formatted) first, then `attrs` as _set writes them."""
        child = Element(tag, written, [], text)._set(attrs)
        self.children.append(child)
        return child

    def el(self, tag: str, text: str | None = None, /, **attrs: Attr) -> Element:
        """Add a child element and return it."""
        return self._append(tag, {}, attrs, text)

    def tspan(self, text: str, x: float, y: float) -> Element:
        """A line of a <text>, as el("tspan", text, x=x, y=y) writes it; without its keyword dicts
        when both are floats (a key table of thousands of rows has a tspan per line and column)."""
        if type(x) is float and type(y) is float:
            child = Element("tspan", {"x": fmt(x), "y": fmt(y)}, [], text)
            self.children.append(child)
            return child
        return self.el("tspan", text, x=x, y=y)

    # Shapes -----------------------------------------------------------------
    def g(self, class_: str | None = None, **attrs: Attr) -> Element:
        return self.el("g", class_=class_, **attrs)

    def part(self, class_: str, **data: Attr) -> Element:
        """A contract part: `<g class="sm-…" data-…>`; pass data attributes without the `data_` prefix."""
        # A part per person, union and line: the attributes are written here, as _set writes them,
        # without a keyword dict for _set to go through again.  "class" and data-* names are never
        # event handlers or references (the safety rule has nothing to check); their SVG names come
        # from a table, not a new string per attribute.
        own: dict[str, str] = {}
        names, safe = _DATA_NAMES, _SAFE_VALUES
        if class_ is not None:
            own["class"] = class_ if class_ in safe else _attr_value(class_)
        for k, v in data.items():
            if v is not None:
                key = names.get(k)
                if key is None:
                    key = names[k] = _attr_name(f"data_{k}")
                if type(v) is str:
                    # ids are mostly new values: scanned, not remembered (they would crowd out the rest)
                    own[key] = v if v in safe or _ATTR_SPECIAL.search(v) is None else escape_attr(v)
                elif type(v) is int:
                    own[key] = str(v)  # as fmt writes an int
                else:
                    own[key] = _attr_value(v)
        child = Element("g", own, [], None)
        self.children.append(child)
        return child

    def written_part(self, class_: str, data: str) -> Element:
        """A contract part as `part` makes it, its data attributes written by the caller: `data` is
        ' data-name="value"' each (values through `escape_attr`, numbers through `fmt`).  For the
        parts a drawing makes thousands of, with a few attributes each (a genogram's people, unions
        and descents): written at once, without keyword arguments to go through one by one."""
        child = Element("g", {}, [], None, f' class="{escape_attr(class_)}"{data}')
        self.children.append(child)
        return child

    # The shapes drawn thousands of times build their geometry attributes directly when
    # every number is a float (what _set would write for them, in the same order), and
    # leave only the style attributes to the general path.
    def rect(self, x: float, y: float, width: float, height: float, **attrs: Attr) -> Element:
        if type(x) is float and type(y) is float and type(width) is float and type(height) is float:
            c = _FMT_CACHE  # a formatted number looked up here, without a call to fmt
            geometry = {"x": c.get(x) or fmt(x), "y": c.get(y) or fmt(y), "width": c.get(width) or fmt(width),
                        "height": c.get(height) or fmt(height)}
            return self._append("rect", geometry, attrs)
        return self.el("rect", x=x, y=y, width=width, height=height, **attrs)

    def circle(self, cx: float, cy: float, r: float, **attrs: Attr) -> Element:
        if type(cx) is float and type(cy) is float and type(r) is float:
            c = _FMT_CACHE
            return self._append("circle", {"cx": c.get(cx) or fmt(cx), "cy": c.get(cy) or fmt(cy),
                                           "r": c.get(r) or fmt(r)}, attrs)
        return self.el("circle", cx=cx, cy=cy, r=r, **attrs)

    def ellipse(self, cx: float, cy: float, rx: float, ry: float, **attrs: Attr) -> Element:
        return self.el("ellipse", cx=cx, cy=cy, rx=rx, ry=ry, **attrs)

    def line(self, x1: float, y1: float, x2: float, y2: float, **attrs: Attr) -> Element:
        if type(x1) is float and type(y1) is float and type(x2) is float and type(y2) is float:
            c = _FMT_CACHE
            return self._append("line", {"x1": c.get(x1) or fmt(x1), "y1": c.get(y1) or fmt(y1),
                                         "x2": c.get(x2) or fmt(x2), "y2": c.get(y2) or fmt(y2)}, attrs)
        return self.el("line", x1=x1, y1=y1, x2=x2, y2=y2, **attrs)

    def polyline(self, points: Iterable[tuple[float, float]], **attrs: Attr) -> Element:
        # numbers, commas and spaces only: nothing to escape
        return self._append("polyline", {"points": points_attr(points)}, attrs)

    def polygon(self, points: Iterable[tuple[float, float]], **attrs: Attr) -> Element:
        return self._append("polygon", {"points": points_attr(points)}, attrs)

    def path(self, d: str, **attrs: Attr) -> Element:
        return self.el("path", d=d, **attrs)

    def text_lines(self, x: float, baseline: float, lines: Sequence[str], size: float,
                   anchor: str = "start", line_height: float = 1.25, bold: bool = False,
                   class_: str | None = "sm-label", indent: float = 0.0, **attrs: Attr) -> Element:
        """A label of one or more lines: each line a <tspan> with absolute x and y.

        `baseline` is the first line's baseline; later lines step by
        `line_height * size`.  `indent` shifts every line after the first (hanging bullets).
        A character the font cannot draw is written as the placeholder the layout measured
        (`text.drawable`): here, so that every diagram's every label gets it.
        """
        drawn = textmetrics.drawable_text
        lines = [drawn(line) for line in lines]
        if (type(x) is float and type(baseline) is float and type(size) is float and type(anchor) is str
                and (class_ is None or type(class_) is str)):
            # every label of a drawing comes here: the attributes in _set's order and form,
            # without a keyword dict per call
            c, safe = _FMT_CACHE, _SAFE_VALUES
            fx, fy = c.get(x) or fmt(x), c.get(baseline) or fmt(baseline)
            own = {"x": fx, "y": fy} if class_ is None else {
                "class": class_ if class_ in safe else _safe_attr(class_), "x": fx, "y": fy}
            own["font-size"] = c.get(size) or fmt(size)
            own["text-anchor"] = anchor if anchor in safe else _safe_attr(anchor)
            if bold:
                own["font-weight"] = "bold"
            fill = attrs.get("fill") if len(attrs) == 1 else None
            if type(fill) is str and fill in safe:
                own["fill"] = fill  # the usual one attribute (a label's ink), as _set writes it
                node = Element("text", own, [], None)
            else:
                node = Element("text", own, [], None)._set(attrs)
            self.children.append(node)
            if len(lines) > 1:
                # The first line at (x, baseline) and, without an indent, every line at x: x + 0.0 and
                # baseline + 0.0 format as x and baseline do, so their strings are reused.
                tspans = node.children
                for i, line in enumerate(lines):
                    tx = fx if i == 0 or not indent else fmt(x + indent)
                    ty = fy if i == 0 else fmt(baseline + i * line_height * size)
                    tspans.append(Element("tspan", {"x": tx, "y": ty}, [], line))
                return node
        else:
            node = self.el("text", class_=class_, x=x, y=baseline, font_size=size, text_anchor=anchor,
                           font_weight="bold" if bold else None, **attrs)
        if len(lines) == 1:
            node.text = lines[0]
            return node
        for i, line in enumerate(lines):
            node.el("tspan", line, x=x + (indent if i else 0.0), y=baseline + i * line_height * size)
        return node

    # Output -----------------------------------------------------------------
    def write(self, out: list[str], depth: int) -> None:
        pad = "  " * depth
        if self.tag == WRITTEN:
            markup = (self.text or "").replace(BREAK, "\n" + pad)
            out.append(f"{pad}{markup}\n")
            return
        attrs = self.written_attrs or _attr_text(self.attrs)
        if self.text is None and not self.children:
            out.append(f"{pad}<{self.tag}{attrs}/>\n")
        elif not self.children:
            out.append(f"{pad}<{self.tag}{attrs}>{escape_text(self.text or '')}</{self.tag}>\n")
        elif self.tag == "text":
            out.append(f"{pad}<text{attrs}>{escape_text(self.text or '')}{self._inline_children()}</text>\n")
        else:
            out.append(f"{pad}<{self.tag}{attrs}>\n")
            if self.text:
                out.append(f"{pad}  {escape_text(self.text)}\n")
            child_pad = pad + "  "
            line_break = "\n" + child_pad  # where a written child breaks its lines
            for child in self.children:
                if not child.children:
                    # an empty element or a one-line label (most of them): written here, as its
                    # own write would (its attributes as _attr_text writes them, without the call)
                    tag, text = child.tag, child.text
                    if tag == WRITTEN:
                        out.append(f"{child_pad}{(text or '').replace(BREAK, line_break)}\n")
                        continue
                    attrs = child.written_attrs or "".join([f' {k}="{v}"' for k, v in child.attrs.items()])
                    if text is None:
                        out.append(f"{child_pad}<{tag}{attrs}/>\n")
                    else:
                        out.append(f"{child_pad}<{tag}{attrs}>{escape_text(text)}</{tag}>\n")
                elif child.tag == "text":  # a label of several lines: as its own write would
                    attrs = "".join([f' {k}="{v}"' for k, v in child.attrs.items()])
                    out.append(f"{child_pad}<text{attrs}>{escape_text(child.text or '')}"
                               f"{child._inline_children()}</text>\n")
                else:
                    child.write(out, depth + 1)
            out.append(f"{pad}</{self.tag}>\n")

    def _inline_children(self) -> str:
        """The children of a <text> on one line: no whitespace between tspans, it would become
        rendered spaces."""
        inner: list[str] = []
        for child in self.children:
            if child.children:
                nested: list[str] = []
                child.write(nested, 0)
                inner += [s.rstrip("\n") for s in nested]
            elif child.tag == WRITTEN:  # as child.write(inner, 0) would, without its line break
                inner.append((child.text or "").replace(BREAK, "\n"))
            elif child.text is None:  # as child.write(inner, 0) would, without its line break
                inner.append(f"<{child.tag}{_attr_text(child.attrs)}/>")
            else:
                inner.append(f"<{child.tag}{_attr_text(child.attrs)}>{escape_text(child.text)}</{child.tag}>")
        return "".join(inner)


def text_markup(x: float, baseline: float, lines: Sequence[str], size: float, line_height: float,
                head: str, look: str) -> str:
    """What `Element.text_lines` writes for a label without an indent, as markup for `add_written`:
    `head` (its class, from `written`) before x and y, `look` (from `written`: size, anchor, weight,
    ink, in text_lines' order) after them.  Nearly every label of every diagram comes here."""
    fx, fy = fmt(x), fmt(baseline)
    if len(lines) == 1:
        return f'<text{head} x="{fx}" y="{fy}"{look}>{_drawn_line(lines[0])}</text>'
    if not lines:
        return f'<text{head} x="{fx}" y="{fy}"{look}/>'
    # each line at x, the first at the baseline (so their strings are reused)
    tspans = f'<tspan x="{fx}" y="{fy}">{_drawn_line(lines[0])}</tspan>'
    for i in range(1, len(lines)):
        y = fmt(baseline + i * line_height * size)
        tspans += f'<tspan x="{fx}" y="{y}">{_drawn_line(lines[i])}</tspan>'
    return f'<text{head} x="{fx}" y="{fy}"{look}>{tspans}</text>'


def _drawn_line(line: str) -> str:
    """A line of a label as written: drawable (`text.drawable_text`), then escaped."""
    out = _DRAWN_LINES.get(line)
    if out is None:
        if len(_DRAWN_LINES) >= _DRAWN_LINES_MAX:
            _DRAWN_LINES.clear()
        out = _DRAWN_LINES[line] = escape_text(textmetrics.drawable_text(line))
    return out


# Label lines as written: a drawing repeats many (a word of every name, years, "?"); emptied when
# full, to stay small.
_DRAWN_LINES: dict[str, str] = {}
_DRAWN_LINES_MAX = 1 << 14


def written(**attrs: Attr) -> str:
    """Attributes as an element writes them (' name="value"' each: SVG names, formatted numbers,
    escaped text, None left out, the safety rule applied): a look written once, for the markup of
    everything drawn in it (`add_written`)."""
    return _attr_text(Element("g")._set(attrs).attrs)


def _attr_text(attrs: dict[str, str]) -> str:
    """' name="value"' for each attribute, values already escaped."""
    return "".join([f' {k}="{v}"' for k, v in attrs.items()])


def points_attr(points: Iterable[tuple[float, float]]) -> str:
    # Hundreds of thousands of numbers in a large map: a float already formatted is looked up
    # here, without a call to fmt (the cache holds floats only, so other types go through fmt).
    cache = _FMT_CACHE
    pairs = []
    for x, y in points:
        if type(x) is float and type(y) is float:  # (nearly every point)
            pairs.append(f"{cache.get(x) or fmt(x)},{cache.get(y) or fmt(y)}")
        else:
            pairs.append(f"{fmt(x)},{fmt(y)}")
    return " ".join(pairs)


def path_data(commands: Iterable[tuple[str, Sequence[float]]]) -> str:
    """Path data from (command, numbers) pairs, numbers formatted by `fmt`."""
    written_commands = []
    for cmd, values in commands:
        if len(values) == 2:  # (most: a point)
            written_commands.append(f"{cmd} {fmt(values[0])} {fmt(values[1])}")
        else:
            written_commands.append(" ".join([cmd, *[fmt(v) for v in values]]))
    return " ".join(written_commands)


class SvgDocument:
    """A whole diagram: root attributes per the contract, then title, desc, defs, parts."""

    def __init__(self, kind: str, case_id: str, width: float, height: float, title: str, desc: str,
                 background: str | None = "#ffffff") -> None:
        self.kind = kind
        self.width = math.ceil(width)
        self.height = math.ceil(height)
        self.root = Element("svg").set(
            xmlns="http://www.w3.org/2000/svg", width=self.width, height=self.height,
            viewBox=f"0 0 {self.width} {self.height}", role="img",
            font_family=textmetrics.FONT_FAMILY, data_diagram=kind, data_case=case_id)
        self.root.el("title", title)
        self.root.el("desc", desc)
        self.defs = Element("defs")
        self.body = Element("g")  # placeholder list of parts; flattened into root on output
        if background:
            self.body.rect(0, 0, self.width, self.height, fill=background, stroke="none")

    def add(self, child: Element) -> Element:
        return self.body.add(child)

    def g(self, class_: str | None = None, **attrs: Attr) -> Element:
        return self.body.g(class_, **attrs)

    def part(self, class_: str, **data: Attr) -> Element:
        return self.body.part(class_, **data)

    def to_string(self) -> str:
        root = Element(self.root.tag, dict(self.root.attrs), list(self.root.children))
        if self.defs.children:
            root.children.append(self.defs)
        root.children.extend(self.body.children)
        out = ['<?xml version="1.0" encoding="UTF-8"?>\n']
        root.write(out, 0)
        return "".join(out)
