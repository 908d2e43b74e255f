"""The report as one self-contained HTML page: every figure as inline SVG at its printed size,
its caption as a <figcaption>.  No script, no link, no font or image from anywhere else."""

from __future__ import annotations

import re
from collections.abc import Sequence
from html import escape

from ..figure import Figure
from ..model import Case
from ..options import RenderOptions
from . import header, plain_svg, scoped_ids

_STYLE = """
body { font-family: "DejaVu Sans", sans-serif; margin: 2em auto; max-width: 60em; color: #1f2933; }
h1 { font-size: 1.4em; }
dl { display: grid; grid-template-columns: max-content auto; gap: 0.2em 1em; }
dt { font-weight: bold; }
figure { margin: 2em 0; page-break-inside: avoid; }
figure svg { max-width: 100%; height: auto; }
figcaption { margin-top: 0.5em; text-align: center; }
.note { color: #6b7280; font-size: 0.9em; }
.watermark { position: fixed; top: 40%; left: 0; right: 0; text-align: center; font-size: 6em;
  color: rgba(200, 0, 0, 0.12); transform: rotate(-30deg); pointer-events: none; }
@media print { body { margin: 0; } }
"""
# Nothing may be fetched: the page is read offline, and a case's data must never leave the machine.
_POLICY = "default-src 'none'; style-src 'unsafe-inline'"
_XML_DECLARATION = re.compile(r"^<\?xml[^>]*\?>\s*")


def write(case: Case, figures: Sequence[Figure], options: RenderOptions) -> bytes:
    head = header(case, options)
    lang = escape(head.words.code)
    out = ["<!DOCTYPE html>", f'<html lang="{lang}">', "<head>", '<meta charset="utf-8">',
           '<meta name="referrer" content="no-referrer">',
           f'<meta http-equiv="Content-Security-Policy" content="{_POLICY}">',
           f"<title>{escape(head.title)}</title>", f"<style>{_STYLE}</style>", "</head>", "<body>"]
    if options.watermark:
        out.append(f'<div class="watermark" aria-hidden="true">{escape(options.watermark)}</div>')
    out.append(f"<h1>{escape(head.title)}</h1>")
    out.append("<dl>" + "".join(f"<dt>{escape(line.label)}</dt><dd>{escape(line.value)}</dd>"
                                for line in head.lines) + "</dl>")
    seen: set[str] = set()
    for figure in figures:
        svg = scoped_ids(_XML_DECLARATION.sub("", plain_svg(figure)), f"f{figure.number}-{figure.kind}")
        # A diagram's comparison of the case's versions comes after the case's own figures: the
        # second figure of a kind is told apart by its number.
        anchor = f"figure-{figure.kind}" + (f"-{figure.number}" if figure.kind in seen else "")
        seen.add(figure.kind)
        out.append(f'<figure id="{escape(anchor)}">')
        out.append(svg)
        out.append(f"<figcaption>{escape(figure.caption)}</figcaption>")
        if figure.note:
            out.append(f'<p class="note">{escape(head.words["report.too_small"])}: '
                       f"{figure.text_pt:.1f} pt</p>")
        out.append("</figure>")
    out += ["</body>", "</html>", ""]
    return "\n".join(out).encode("utf-8")
