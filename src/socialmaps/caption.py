"""Figure captions: a template per language, filled for each figure.

    Gambar {n}. {diagram} {title}        -> Gambar 1. Genogram Klien MS      (id, the default)
    Figure {n}. {diagram} of {client}    -> Figure 1. Genogram of MS         (en, the default)
    --caption "Gambar 4.{n} {diagram} Klien {client}" --caption-start 1

Fields: `{n}` the figure's number, `{diagram}` the diagram's name in the language, `{title}` the
case's title (else the client's name, else the case id), `{client}` the client's name (else the
title, else the id), `{id}` the case id.  Anything else in braces is refused when the options are
made, so a typo never reaches a figure.
"""

from __future__ import annotations

import string
from dataclasses import dataclass

FIELDS = ("n", "diagram", "title", "client", "id")


class CaptionError(ValueError):
    pass


def check_template(template: str) -> None:
    """Refuse a template that names an unknown field or has an unpaired brace."""
    try:
        parsed = list(string.Formatter().parse(template))
    except ValueError as err:
        raise CaptionError(f"caption {template!r}: {err} (write {{{{ and }}}} for a brace)") from None
    for _, name, spec, conversion in parsed:
        if name is None:
            continue
        if name not in FIELDS or spec or conversion:
            raise CaptionError(f"caption {template!r}: unknown field {{{name}}}; use "
                               + ", ".join(f"{{{f}}}" for f in FIELDS))


@dataclass(frozen=True)
class CaptionFields:
    number: str
    diagram: str
    title: str
    client: str
    case_id: str

    def fill(self, template: str) -> str:
        return template.format(n=self.number, diagram=self.diagram, title=self.title, client=self.client,
                               id=self.case_id)
