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
        None, description='caption number, e.g. "4.1"; default: the diagram\'s place among the case\'s')

    @field_validator("style")
    @classmethod
    def _style_exists(cls, value: str | None) -> str | None:
        from .style import StyleError, available

        if value is not None and value not in available():
            raise StyleError(f"unknown style {value!r}; available: {', '.join(available())}")
        return value
