"""What rendering one diagram gives: the SVG text plus what was measured on the way."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .caption import CaptionFields
    from .lang import Words
    from .model import Case
    from .options import RenderOptions
    from .style import Style


@dataclass(frozen=True)
class Drawing:
    kind: str
    svg: str
    width: float
    height: float
    # Quality numbers the layout computed about itself (crossings, overlaps, …); `render --check` prints
    # them.  A mapping, so that a diagram may count them only when they are read.
    metrics: Mapping[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class Context:
    """Everything a diagram needs besides the case, resolved once per render."""

    case: Case
    options: RenderOptions
    style: Style
    words: Words
    figure_number: str

    @property
    def lang(self) -> str:
        return self.words.code

    def caption(self, kind: str) -> str:
        """'Gambar 1. Genogram Klien MS' — the numbered caption, used as the SVG <title>: the
        options' template (`--caption`), else the language's (`common.caption`)."""
        return self.caption_fields(kind).fill(self.options.caption or self.words["common.caption"])

    def caption_fields(self, kind: str) -> CaptionFields:
        from .caption import CaptionFields

        case, client = self.case.case, self.case.client
        title = case.title or (client.name if client else case.id)
        return CaptionFields(number=self.figure_number, diagram=self.words[f"diagram.{kind}"], title=title,
                             client=client.name if client else title, case_id=case.id)

    def subject_name(self) -> str:
        client = self.case.client
        return client.name if client else (self.case.case.title or self.case.case.id)
