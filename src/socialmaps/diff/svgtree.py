"""A drawn diagram back as the project's own SVG tree, to mark what changed and write it again.

Every diagram draws through `svg.SvgDocument`; its text is parsed here into the same `svg.Element`
records (attributes in their order, texts unescaped and escaped again on output), so that a
comparison adds `data-change` and its marks to the parts a diagram drew, without the diagram
knowing about comparisons, and the file written back is byte for byte what the diagram wrote
wherever nothing was added (a test holds this).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator

from ..svg import Element, escape_attr

SVG_NS = "http://www.w3.org/2000/svg"
_PREFIX = f"{{{SVG_NS}}}"
DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n'
_TEXT_TAGS = ("text", "tspan", "title", "desc")


def _local(tag: str) -> str:
    return tag[len(_PREFIX):] if tag.startswith(_PREFIX) else tag


def _element(node: ET.Element) -> Element:
    attrs = {name: escape_attr(value) for name, value in node.attrib.items()}
    text = node.text
    if text is not None and not text.strip() and _local(node.tag) not in _TEXT_TAGS:
        text = None  # the indentation between elements, which the writer makes again
    elem = Element(_local(node.tag), attrs, [], text)
    for child in node:
        elem.children.append(_element(child))
    return elem


def read(svg: str) -> Element:
    """The root `<svg>` element of a drawing, as an editable tree."""
    node = ET.fromstring(svg.encode("utf-8"))
    root = _element(node)
    root.attrs = {"xmlns": SVG_NS, **root.attrs}
    return root


def write(root: Element) -> str:
    out = [DECLARATION]
    root.write(out, 0)
    return "".join(out)


def walk(elem: Element) -> Iterator[Element]:
    yield elem
    for child in elem.children:
        yield from walk(child)


def parts(root: Element, cls: str) -> list[Element]:
    """Every element whose class list holds `cls`, in document order."""
    return [e for e in walk(root) if cls in e.attrs.get("class", "").split()]


def attr(elem: Element, name: str) -> str:
    """An attribute as its text (unescaped the way the few characters our writer escapes are)."""
    value = elem.attrs.get(name, "")
    return (value.replace("&quot;", '"').replace("&lt;", "<").replace("&gt;", ">")
            .replace("&#10;", "\n").replace("&#13;", "\r").replace("&#9;", "\t").replace("&amp;", "&"))


def text_of(elem: Element) -> str:
    """The text an element shows (its own and its tspans'), whitespace collapsed."""
    pieces = [e.text or "" for e in walk(elem) if e.tag in ("text", "tspan")]
    return " ".join(" ".join(pieces).split())
