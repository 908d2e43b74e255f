"""Render options as one validated object (the CLI, the Python API, batch jobs and
the live editor all build one of these)."""

from __future__ import annotations

from typing import Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, field_validator

from .model import Language

# The output formats, named once: the type says which names are valid, FORMATS lists them in order
# (the CLI's help and check, the writer registry in export.py).
Format = Literal["svg", "png", "pdf"]
FORMATS: tuple[Format, ...] = get_args(Format)
# The case report (`socialmaps report`): every figure of a case in one document.
ReportFormat = Literal["html", "pdf", "docx"]
REPORT_FORMATS: tuple[ReportFormat, ...] = get_args(ReportFormat)
PageName = Literal["a4", "a4-landscape", "a5", "letter"]
LANGUAGES: tuple[Language, ...] = get_args(Language)


class RenderOptions(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    lang: Language | None = Field(None, description="labels' language; default: the case's")
    style: str | None = Field(None, description="style name; default: the case's `style`, else default")
    dpi: int = Field(192, ge=24, le=1200, description="PNG resolution (96 = one pixel per unit)")
    formats: tuple[Format, ...] = ("svg",)
    diagrams: tuple[str, ...] | None = Field(None, description="None: every diagram the case has data for")
    private: bool = Field(False, description="files 0600 and folders 0700 whatever the umask")
    anonymize: Literal["roles", "initials", "off"] | None = Field(
        None, description="names as roles or initials, dates as years, notes dropped; "
                          "None: as the case's `anonymize` says; off: never")
    keep_notes: bool = Field(False, description="anonymised: keep notes (names in them replaced)")
    figure_number: str | None = Field(
        None, description='caption number, e.g. "4.1"; default: the diagram\'s place among the case\'s, '
                          'counted from caption_start')
    caption: str | None = Field(
        None, description="caption template with {n}, {diagram}, {title}, {client}; default: the "
                          "language's ('Gambar {n}. {diagram} {title}', 'Figure {n}. {diagram} of {client}')")
    caption_start: int = Field(1, ge=0, le=100000, description="the number of the case's first figure")
    caption_below: bool = Field(False, description="also draw the caption under the figure")
    width: str | None = Field(None, description="lay every figure out for this printed width: "
                                                "16cm, 160mm, 6.3in")
    page: PageName | None = Field(None, description="a page whose text width (between its margins) "
                                                    "figures are laid out for, when no width is given")
    min_text: str = Field("6pt", description="the smallest text a figure may shrink to before it is "
                                             "reported as too big for the width")
    watermark: str | None = Field(None, max_length=40,
                                  description='report: a word across every page ("RAHASIA")')
    reports: tuple[ReportFormat, ...] = Field((), description="the case report in these formats")
    # Set by the figure fitter (figure.py), not by users: style values replaced for one render
    # (larger small text, narrower labels), as (dotted path, value) pairs.
    style_overrides: tuple[tuple[str, float], ...] = ()

    @field_validator("caption")
    @classmethod
    def _caption_template(cls, value: str | None) -> str | None:
        if value is not None:
            from .caption import check_template

            check_template(value)
        return value

    @field_validator("width", "min_text")
    @classmethod
    def _length(cls, value: str | None) -> str | None:
        from .page import parse_length

        if value is not None:
            parse_length(value)
        return value

    @property
    def figure_width_pt(self) -> float | None:
        """The printed width figures are laid out for, in points (None: their natural size)."""
        from .page import PAGES, parse_length

        if self.width is not None:
            return parse_length(self.width)
        return PAGES[self.page].text_width if self.page else None

    @property
    def min_text_pt(self) -> float:
        from .page import parse_length

        return parse_length(self.min_text)

    @field_validator("style")
    @classmethod
    def _style_exists(cls, value: str | None) -> str | None:
        from .style import StyleError, available

        if value is not None and value not in available():
            raise StyleError(f"unknown style {value!r}; available: {', '.join(available())}")
        return value
