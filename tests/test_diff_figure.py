"""Every version of a diagram in one figure (`socialmaps diff --side-by-side`, diff/sidebyside.py)
and comparisons laid out for a page (`--width`, `--page`, diff/fitted.py), read back from the SVGs:
each panel captioned with its step and date, shared parts at the same place in every panel, the
changes marked, one legend for all panels, and the shared checker passing against the case."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from socialmaps.cli import main
from socialmaps.diff import compare
from socialmaps.diff.sidebyside import Arrangement, one_figure
from socialmaps.diff.steps import labels_of, load_steps
from socialmaps.loader import load_case
from socialmaps.options import RenderOptions

from conftest import ROOT, SHARED
from svgread import NS, first_shape_box, parse, parts

S = ROOT / "examples" / "s-2024.yaml"
MS = ROOT / "examples" / "ms-smk-2024.yaml"
CHECKER = SHARED / "tools" / "svgcheck.py"
needs_checker = pytest.mark.skipif(not CHECKER.is_file(), reason="shared checker not found")


def s_figure(kind: str, arrangement: Arrangement = "row") -> ET.Element:
    steps = load_steps([S])
    result = compare([s.case for s in steps], RenderOptions(diagrams=(kind,)), labels_of(steps),
                     one_legend=True)
    return parse(one_figure(result, kind, arrangement).svg)


def panels(root: ET.Element) -> list[ET.Element]:
    return parts(root, "sm-compare-panel")


def offset(panel: ET.Element) -> tuple[float, float]:
    found = re.fullmatch(r"translate\(([-0-9.]+) ([-0-9.]+)\)", panel.get("transform") or "")
    assert found is not None
    return float(found.group(1)), float(found.group(2))


def centres_in(root: ET.Element, panel: ET.Element, cls: str) -> dict[str, tuple[float, float]]:
    """Each part's id -> its first shape's centre, measured from the panel's own origin."""
    dx, dy = offset(panel)
    out = {}
    for part in parts(panel, cls):
        box = first_shape_box(root, part)
        assert box is not None
        out[part.get("data-id") or ""] = (box.center[0] - dx, box.center[1] - dy)
    return out


def test_each_panel_is_captioned_with_its_step_and_date() -> None:
    root = s_figure("ecomap")
    first, second = panels(root)
    assert (first.get("data-step"), first.get("data-date")) == ("1", "Agu 2024")
    assert (second.get("data-step"), second.get("data-date")) == ("2", "Sep 2024")
    captions = ["".join(t.itertext()) for t in root.iter(f"{NS}text")
                if t.get("class") == "sm-compare-caption"]
    assert captions == ["Asesmen, sebelum intervensi · Agu 2024", "Sesudah intervensi · Sep 2024"]
    title = root.find(f"{NS}title")
    assert title is not None and title.text == "Gambar 2. Ecomap Klien S sebelum dan sesudah intervensi"


def test_side_by_side_panels_share_every_position() -> None:
    root = s_figure("ecomap")
    first, second = panels(root)
    assert offset(first)[0] < offset(second)[0] and offset(first)[1] == offset(second)[1]
    before = centres_in(root, first, "sm-earlier-system")
    after = centres_in(root, second, "sm-system")
    assert set(after) - set(before) == {"lansia", "tono"}
    for system in before:
        assert before[system] == pytest.approx(after[system], abs=0.01), system


def test_stacked_panels_share_every_position() -> None:
    root = s_figure("lifemap", "column")
    first, second = panels(root)
    assert offset(first)[0] == offset(second)[0] and offset(first)[1] < offset(second)[1]
    dx1, dy1 = offset(first)
    dx2, dy2 = offset(second)
    before = {"".join(e.itertext()): first_shape_box(root, e) for e in parts(first, "sm-earlier-event")}
    after = {"".join(e.itertext()): first_shape_box(root, e) for e in parts(second, "sm-event")}
    assert len(set(before) & set(after)) == 10
    for name in set(before) & set(after):
        a, b = before[name], after[name]
        assert a is not None and b is not None
        assert (a.x0 - dx1, a.y0 - dy1) == pytest.approx((b.x0 - dx2, b.y0 - dy2), abs=0.01)


def test_changes_are_marked_in_their_panel_and_explained_once() -> None:
    root = s_figure("ecomap")
    first, second = panels(root)
    assert [e.get("data-change") for e in first.iter() if e.get("data-change")] == []
    came = {(e.get("class"), e.get("data-id") or e.get("data-to")): e.get("data-change")
            for e in second.iter() if e.get("data-change")}
    assert came == {("sm-system", "lansia"): "new", ("sm-system", "tono"): "new",
                    ("sm-tie", "lansia"): "new", ("sm-tie", "tono"): "new", ("sm-tie", "warga"): "changed"}
    legends = parts(root, "sm-legend")
    assert len(legends) == 1 and not any(legends[0] in list(p.iter()) for p in panels(root))
    text = " ".join("".join(legends[0].itertext()).split())
    assert "baru" in text and "berubah" in text and "hilang" not in text


def test_a_removed_part_is_marked_in_the_earlier_panel() -> None:
    case = load_case(S)
    assert case.bpss is not None
    later = case.model_copy(update={"bpss": case.bpss.model_copy(update={"spiritual": []})})
    result = compare([case, later], RenderOptions(diagrams=("bpss",)), one_legend=True)
    root = parse(one_figure(result, "bpss").svg)
    first, second = panels(root)
    gone = [e for e in first.iter() if e.get("data-change")]
    assert [(e.get("class"), e.get("data-change")) for e in gone] == [("sm-earlier-item", "removed")]
    assert not [e for e in second.iter() if e.get("data-change")]
    assert "hilang" in "".join(parts(root, "sm-legend")[0].itertext())


def test_a_case_beside_itself_marks_nothing() -> None:
    case = load_case(MS)
    result = compare([case, case], RenderOptions(), one_legend=True)
    for kind in result.captions:
        svg = one_figure(result, kind).svg
        assert "data-change" not in svg and svg.count('class="sm-compare-panel"') == 2, kind


@needs_checker
@pytest.mark.parametrize("page", [None, "a4"])
def test_checker_passes_on_every_side_by_side_figure(page: str | None, tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    args = ["diff", str(S), "--out", str(tmp_path), "--side-by-side"] + (["--page", page] if page else [])
    assert main(args) == 0
    files = sorted((tmp_path / "S-2024").glob("*-compare.svg"))
    assert {f.stem for f in files} == {f"{k}-compare" for k in
                                       ("genogram", "ecomap", "lifemap", "bodymap", "bpss", "outcomes")}
    run = subprocess.run([sys.executable, str(CHECKER), "--json", "--case", str(S), *map(str, files)],
                         capture_output=True, text=True, timeout=600)
    for line in run.stdout.splitlines():
        report = json.loads(line)
        assert report["ok"], (report.get("file"), report["violations"])


def _mm_per_unit(path: Path) -> float:
    root = ET.parse(path).getroot()
    width = float((root.get("width") or "").removesuffix("mm"))
    return width / float((root.get("viewBox") or "").split()[2])


def test_width_lays_the_steps_out_for_the_page_at_one_scale(tmp_path: Path,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", str(S), "--out", str(tmp_path), "--width", "16cm", "-d", "ecomap,bpss"]) == 0
    folder = tmp_path / "S-2024"
    for kind in ("ecomap", "bpss"):
        scales = [_mm_per_unit(folder / f"{kind}-{step}.svg") for step in (1, 2)]
        assert scales[0] == pytest.approx(scales[1], rel=1e-3)
        roots = [ET.parse(folder / f"{kind}-{step}.svg").getroot() for step in (1, 2)]
        widths = [float((r.get("width") or "").removesuffix("mm")) for r in roots]
        assert max(widths) <= 160.001
    # One print scale for the comparison, as for a case's figures: the BPSS prints its text at the
    # ecomap's size, unless one of them says why not.
    out = capsys.readouterr()
    per_kind = {kind: _mm_per_unit(folder / f"{kind}-1.svg") for kind in ("ecomap", "bpss")}
    assert per_kind["ecomap"] == pytest.approx(per_kind["bpss"], rel=1e-3) or "too big" in out.err


def test_side_by_side_too_small_for_the_width_says_so(tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    args = ["diff", str(S), "--out", str(tmp_path), "--side-by-side", "--width", "8cm", "-d", "ecomap"]
    assert main(args) == 0
    err = capsys.readouterr().err
    assert "ecomap: too big for 8 cm" in err and "--min-text" in err
    root = ET.parse(tmp_path / "S-2024" / "ecomap-compare.svg").getroot()
    assert root.get("width") is not None and float((root.get("width") or "").removesuffix("mm")) <= 80.001


def test_the_same_comparison_gives_the_same_bytes() -> None:
    result = compare(load_case(S).history(), RenderOptions(diagrams=("lifemap",)), one_legend=True)
    again = compare(load_case(S).history(), RenderOptions(diagrams=("lifemap",)), one_legend=True)
    assert one_figure(result, "lifemap").svg == one_figure(again, "lifemap").svg


def test_python_api_gives_one_figure_per_diagram_laid_out_for_the_page() -> None:
    import socialmaps

    drawn = socialmaps.compare(str(S), diagrams=["ecomap", "bpss"], together="row", page="a4")
    assert [(d.kind, d.step) for d in drawn] == [("ecomap", 1), ("bpss", 1)]
    assert drawn[0].label == "Asesmen, sebelum intervensi / sesudah intervensi"
    root = parse(drawn[0].diagram.svg)
    assert len(panels(root)) == 2 and (root.get("width") or "").endswith("mm")
    assert float((root.get("width") or "").removesuffix("mm")) <= 160.001


@pytest.mark.parametrize(("option", "said"), [
    (["--width", "16"], "--width: '16' is not a length"),
    (["--caption", "Gambar 4.{x}"], "--caption: caption 'Gambar 4.{x}': unknown field {x}"),
])
def test_bad_page_options_are_named(option: list[str], said: str, tmp_path: Path,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(["diff", str(S), "--out", str(tmp_path), *option])
    assert stopped.value.code == 2
    assert said in capsys.readouterr().err
    assert not list(tmp_path.iterdir())
