"""Render options as one validated object (the CLI, the Python API, batch jobs and
the live editor all build one of these)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

FORMATS = ("svg", "png", "pdf")


class RenderOptions(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    lang: Literal["id", "en"] | None = Field(None, description="labels' language; default: the case's")
    style: str | None = Field(None, description="style name; default: the case's `style`, else default")
    dpi: int = Field(192, ge=24, le=1200, description="PNG resolution (96 = one pixel per unit)")
    formats: tuple[Literal["svg", "png", "pdf"], ...] = ("svg",)
    diagrams: tuple[str, ...] | None = Field(None, description="None: every diagram the case has data for")
    figure_number: str | None = Field(
        None, description='caption number, e.g. "4.1"; default: the diagram\'s place among the case\'s')

    @field_validator("style")
    @classmethod
    def _style_exists(cls, value: str | None) -> str | None:
        from .style import StyleError, available

        if value is not None and value not in available():
            raise StyleError(f"unknown style {value!r}; available: {', '.join(available())}")
        return value
