"""Valid but hard inputs from tests/hostile/draw-*.yaml: every one is drawn, inside --out, and
keeps the SVG contract (the shared checker's contract rules, as in test_properties).

Issue 10 found these passing `validate` and then failing `render` ("could not draw … please
report"), or writing outside the output folder."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from socialmaps.options import RenderOptions
from socialmaps.output import write_case
from test_properties import _contract_violations, svgcheck

HOSTILE = Path(__file__).resolve().parent / "hostile"
DRAWN = sorted(HOSTILE.glob("draw-*.yaml"))


def test_the_corpus_is_there() -> None:
    assert len(DRAWN) >= 3


@pytest.mark.parametrize("path", DRAWN, ids=lambda p: p.stem)
def test_a_hard_valid_case_is_drawn_inside_out(path: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = write_case(path, out, RenderOptions(formats=("svg", "png")))
    assert result.status == "ok", result.messages
    assert result.files, "nothing written"
    for file in result.files:
        assert out.resolve() in file.resolve().parents, f"{file} is outside {out}"
    assert not [p for p in tmp_path.iterdir() if p.name != "out"], "something written beside --out"


@pytest.mark.skipif(svgcheck is None, reason="the shared checker (../shared/tools) is not here")
@pytest.mark.parametrize("path", DRAWN, ids=lambda p: p.stem)
def test_a_hard_valid_case_keeps_the_contract(path: Path, tmp_path: Path) -> None:
    result = write_case(path, tmp_path, RenderOptions(formats=("svg",)))
    assert result.status == "ok", result.messages
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    for svg in (f for f in result.files if f.suffix == ".svg"):
        contract, _quality = _contract_violations(svg, data)
        assert not contract, f"{svg.name}: {contract}"
