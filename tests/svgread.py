"""Reading our SVG output back in tests: parts by class, text line boxes, shape boxes.

Measures with socialmaps.text (the font the SVG names), the way a reader of the
file would: absolute x/y per <text>/<tspan>, text-anchor, ascent/descent.
Translate transforms on groups are applied; other transforms are not used by
socialmaps and are refused here so a test notices.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass

from socialmaps import text as tm
from socialmaps.geometry import Box

NS = "{http://www.w3.org/2000/svg}"


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg.encode("utf-8"))


def local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def classes(elem: ET.Element) -> set[str]:
    return set((elem.get("class") or "").split())


def parts(root: ET.Element, cls: str) -> list[ET.Element]:
    return [e for e in root.iter() if cls in classes(e)]


def _translate(elem: ET.Element) -> tuple[float, float]:
    transform = elem.get("transform")
    if not transform:
        return (0.0, 0.0)
    match = re.fullmatch(r"\s*translate\(\s*([-\d.e]+)[ ,]*([-\d.e]*)\s*\)\s*", transform)
    if not match:
        raise AssertionError(f"unexpected transform {transform!r}")
    return (float(match[1]), float(match[2] or 0))


@dataclass
class TextLine:
    text: str
    box: Box
    owner: ET.Element  # the <text> element


def _walk(elem: ET.Element, offset: tuple[float, float], out: list[tuple[ET.Element, tuple[float, float]]]
          ) -> None:
    dx, dy = _translate(elem)
    offset = (offset[0] + dx, offset[1] + dy)
    out.append((elem, offset))
    if local(elem.tag) in ("defs", "marker", "pattern", "symbol", "clipPath", "mask"):
        return
    for child in elem:
        _walk(child, offset, out)


def placed(root: ET.Element) -> list[tuple[ET.Element, tuple[float, float]]]:
    """Every element with the translation its ancestors apply."""
    out: list[tuple[ET.Element, tuple[float, float]]] = []
    _walk(root, (0.0, 0.0), out)
    return out


def _size(elem: ET.Element, inherited: float | None) -> float:
    value = elem.get("font-size")
    return float(value) if value else (inherited or 16.0)


def text_lines(root: ET.Element, within: ET.Element | None = None) -> list[TextLine]:
    """Line boxes of every <text> (optionally only inside `within`)."""
    scope = within if within is not None else root
    offsets = {id(e): off for e, off in placed(root)}
    lines: list[TextLine] = []
    for text in scope.iter(f"{NS}text"):
        ox, oy = offsets.get(id(text), (0.0, 0.0))
        size = _size(text, None)
        anchor = text.get("text-anchor", "start")
        bold = text.get("font-weight") == "bold"
        spans = list(text.iter(f"{NS}tspan"))
        if not spans:
            if text.text and text.text.strip():
                x, y = float(text.get("x", 0)), float(text.get("y", 0))
                lines.append(TextLine(text.text, tm.line_box(x + ox, y + oy, text.text, size, anchor, bold),
                                      text))
            continue
        for span in spans:
            x = float(span.get("x", text.get("x", 0)))
            y = float(span.get("y", text.get("y", 0)))
            content = "".join(span.itertext())
            span_size = _size(span, size)
            box = tm.line_box(x + ox, y + oy, content, span_size, anchor, bold)
            lines.append(TextLine(content, box, text))
    return lines


def shape_box(elem: ET.Element, offset: tuple[float, float] = (0.0, 0.0)) -> Box | None:
    tag = local(elem.tag)
    ox, oy = offset
    f = lambda name: float(elem.get(name, 0))  # noqa: E731
    if tag == "rect":
        return Box(f("x") + ox, f("y") + oy, f("x") + f("width") + ox, f("y") + f("height") + oy)
    if tag == "circle":
        return Box(f("cx") - f("r") + ox, f("cy") - f("r") + oy, f("cx") + f("r") + ox, f("cy") + f("r") + oy)
    if tag == "ellipse":
        return Box(f("cx") - f("rx") + ox, f("cy") - f("ry") + oy, f("cx") + f("rx") + ox,
                   f("cy") + f("ry") + oy)
    if tag == "line":
        return Box(min(f("x1"), f("x2")) + ox, min(f("y1"), f("y2")) + oy,
                   max(f("x1"), f("x2")) + ox, max(f("y1"), f("y2")) + oy)
    if tag in ("polyline", "polygon", "path"):
        source = elem.get("points") if tag != "path" else elem.get("d")
        numbers = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?(?:e-?\d+)?", source or "")]
        if tag == "path" and re.search(r"[aAhHvV]", source or ""):
            return None  # arcs and h/v need real parsing; the tests that need them do it themselves
        xs, ys = numbers[0::2], numbers[1::2]
        if not xs:
            return None
        return Box(min(xs) + ox, min(ys) + oy, max(xs) + ox, max(ys) + oy)
    return None


def first_shape_box(root: ET.Element, group: ET.Element) -> Box | None:
    offsets = {id(e): off for e, off in placed(root)}
    for elem in group:
        box = shape_box(elem, offsets.get(id(elem), (0.0, 0.0)))
        if box is not None:
            return box
    return None


def viewbox(root: ET.Element) -> Box:
    x, y, w, h = (float(v) for v in root.get("viewBox", "0 0 0 0").split())
    return Box(x, y, x + w, y + h)
