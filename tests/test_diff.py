"""`socialmaps diff` and `compare`: the before/after pair of example S (August 2024 assessment in
its `versions:`; after the intervention pak Tono, the elderly group of RW 03, and the tie to the
residents who shun him no longer stressful).  Read from the SVGs: shared systems at the same
coordinates in both drawings, exactly the changed parts marked, the legend naming only the marks
used; a case compared with itself marks nothing; the shared checker passes on both drawings."""

from __future__ import annotations

import json
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml

from socialmaps.cli import main
from socialmaps.diff import compare
from socialmaps.diff.steps import load_steps
from socialmaps.diff.svgtree import read, write
from socialmaps.errors import CaseError
from socialmaps.loader import load_case, load_text
from socialmaps.model import Case, Child, Person
from socialmaps.options import RenderOptions
from socialmaps.render import render_all

from conftest import ROOT, SHARED
from svgread import first_shape_box, parse, parts, placed

S = ROOT / "examples" / "s-2024.yaml"
CHECKER = SHARED / "tools" / "svgcheck.py"
needs_checker = pytest.mark.skipif(not CHECKER.is_file(), reason="shared checker not found")


def s_steps() -> list[Case]:
    return load_case(S).history()


def ecomaps(cases: list[Case], style: str = "default") -> list[ET.Element]:
    result = compare(cases, RenderOptions(style=style, diagrams=("ecomap",)))
    return [parse(d.drawing.svg) for d in result.of("ecomap")]


def centres(root: ET.Element, cls: str) -> dict[str, tuple[float, float]]:
    """Each part's id -> the centre of its first shape, on the page."""
    out = {}
    for part in parts(root, cls):
        box = first_shape_box(root, part)
        assert box is not None
        out[part.get("data-id") or ""] = box.center
    return out


def marked(root: ET.Element) -> dict[str, str]:
    """What carries data-change: 'system:ID' / 'tie:A~B' (ends sorted) -> the change."""
    out = {}
    for elem in root.iter():
        change = elem.get("data-change")
        if change is None:
            continue
        cls = elem.get("class", "")
        if "sm-tie" in cls:
            a, b = sorted((elem.get("data-from") or "", elem.get("data-to") or ""))
            out[f"tie:{a}~{b}"] = change
        else:
            out[f"{cls.removeprefix('sm-')}:{elem.get('data-id') or elem.get('data-name')}"] = change
    return out


def item_text(item: ET.Element) -> str:
    """An item's words, line by line, without its bullet or number."""
    lines = [e.text or "" for e in item.iter() if e.tag.endswith(("}text", "}tspan"))]
    return " ".join(" ".join(lines).split()).lstrip("•0123456789.) ")


def legend_text(root: ET.Element) -> str:
    return " ".join(" ".join("".join(g.itertext()).split()) for g in parts(root, "sm-legend"))


def test_s_history_is_the_assessment_then_the_case() -> None:
    before, after = s_steps()
    assert str(before.case.date) == "2024-08" and str(after.case.date) == "2024-09"
    ids = [{s.id for s in c.ecomap.systems} for c in (before, after) if c.ecomap]
    assert ids[1] - ids[0] == {"tono", "lansia"} and ids[0] <= ids[1]


def test_shared_systems_stand_where_they_stood() -> None:
    first, second = ecomaps(s_steps())
    old, new = centres(first, "sm-system"), centres(second, "sm-system")
    assert set(new) - set(old) == {"tono", "lansia"}
    for sid in old:
        assert new[sid] == pytest.approx(old[sid], abs=0.01), sid
    assert centres(first, "sm-person") == centres(second, "sm-person")
    # the two drawings are the same size (one layout), though their legends differ
    assert first.get("viewBox").split()[2] == second.get("viewBox").split()[2]


def test_exactly_the_changes_are_marked() -> None:
    first, second = ecomaps(s_steps())
    assert marked(first) == {}
    assert marked(second) == {"system:tono": "new", "system:lansia": "new", "tie:s~tono": "new",
                              "tie:lansia~s": "new", "tie:s~warga": "changed"}
    warga = next(t for t in parts(second, "sm-tie") if t.get("data-to") == "warga")
    assert warga.get("data-stress") == "false"
    (earlier,) = parts(warga, "sm-change-earlier")
    assert earlier.get("data-stress") == "true" and float(earlier.get("opacity") or 1) < 1


def test_legend_explains_only_the_marks_used() -> None:
    first, second = ecomaps(s_steps())
    assert not any(word in legend_text(first) for word in ("baru", "berubah", "hilang"))
    text = legend_text(second)
    assert "baru" in text and "berubah" in text and "sebelumnya" in text and "hilang" not in text


def test_removed_parts_are_marked_in_the_earlier_drawing() -> None:
    before, after = s_steps()
    first, second = ecomaps([after, before])   # as if the group and the friend were lost
    assert marked(first) == {"system:tono": "removed", "system:lansia": "removed", "tie:s~tono": "removed",
                             "tie:lansia~s": "removed"}
    assert "hilang" in legend_text(first) and "baru" not in legend_text(first)
    assert marked(second) == {"tie:s~warga": "changed"}


def test_a_case_compared_with_itself_marks_nothing() -> None:
    case = load_case(S)
    result = compare([case, case])
    assert result.changes[0].none()
    for drawn in result.drawings:
        assert "data-change" not in drawn.drawing.svg, drawn.kind
        assert not any(w in drawn.drawing.svg for w in ("sm-change-mark", ">baru<")), drawn.kind


def test_new_life_events_are_marked() -> None:
    result = compare(s_steps(), RenderOptions(diagrams=("lifemap",)))
    first, second = (parse(d.drawing.svg) for d in result.of("lifemap"))
    assert marked(first) == {}
    (event,) = [e for e in parts(second, "sm-event") if e.get("data-change")]
    assert event.get("data-change") == "new" and "Teman baru" in "".join(event.itertext())


def test_bpss_items_added_and_removed() -> None:
    after = load_case(S)
    assert after.bpss is not None
    social = [*after.bpss.social, "Ikut kelompok lansia RW 03"]
    later = after.model_copy(update={"bpss": after.bpss.model_copy(update={"social": social,
                                                                            "spiritual": []})})
    first, second = (parse(d.drawing.svg) for d in
                     compare([after, later], RenderOptions(diagrams=("bpss",))).of("bpss"))
    gone = [i for i in parts(first, "sm-item") if i.get("data-change")]
    came = [i for i in parts(second, "sm-item") if i.get("data-change")]
    assert [(i.get("data-change"), item_text(i)) for i in gone] == [
        ("removed", "Jarang bahkan tidak pernah beribadah")]
    assert [(i.get("data-change"), item_text(i)) for i in came] == [
        ("new", "Ikut kelompok lansia RW 03")]


def test_captions_name_the_step() -> None:
    steps = load_steps([S])
    result = compare([s.case for s in steps], RenderOptions(diagrams=("ecomap",)), [s.label for s in steps])
    titles = [parse(d.drawing.svg).find("{http://www.w3.org/2000/svg}title").text for d in result.drawings]
    assert titles == ["Gambar 2. Ecomap Klien S (Asesmen, sebelum intervensi)",
                      "Gambar 2. Ecomap Klien S (sesudah intervensi)"]


def test_svg_tree_writes_back_the_same_bytes() -> None:
    for drawing in render_all(load_case(S)).values():
        assert write(read(drawing.svg)) == drawing.svg


@needs_checker
@pytest.mark.parametrize("style", ["default", "print"])
def test_checker_passes_on_both_drawings(style: str, tmp_path: Path) -> None:
    cases = s_steps()
    for step, drawn in enumerate(compare(cases, RenderOptions(style=style, diagrams=("ecomap",))).drawings):
        svg = tmp_path / f"ecomap-{step}.svg"
        svg.write_text(drawn.drawing.svg, encoding="utf-8")
        case_file = tmp_path / f"case-{step}.yaml"
        case_file.write_text(yaml.safe_dump(cases[step].model_dump(mode="json", by_alias=True,
                                                                    exclude_none=True)), encoding="utf-8")
        run = subprocess.run([sys.executable, str(CHECKER), "--json", "--case", str(case_file), str(svg)],
                             capture_output=True, text=True, timeout=300)
        report = json.loads(run.stdout.splitlines()[0])
        assert report["ok"], (step, report["violations"])


def test_cli_writes_every_step(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", str(S), "--out", str(tmp_path), "--diagrams", "ecomap,lifemap"]) == 0
    names = sorted(p.name for p in (tmp_path / "S-2024").iterdir())
    assert names == ["ecomap-1.svg", "ecomap-2.svg", "lifemap-1.svg", "lifemap-2.svg"]
    assert "2 with changes marked" in capsys.readouterr().out


def test_timeline_file_names_the_steps(tmp_path: Path) -> None:
    now = S.read_text(encoding="utf-8").split("\nversions:")[0]
    earlier = "\n".join(line for line in now.splitlines()
                        if "tono" not in line and "id: lansia" not in line and "to: lansia" not in line)
    (tmp_path / "a.yaml").write_text(earlier.replace("  date: 2024-09", "  date: 2024-08"), encoding="utf-8")
    (tmp_path / "b.yaml").write_text(now, encoding="utf-8")
    timeline = tmp_path / "timeline.yaml"
    timeline.write_text("timeline:\n  - {file: a.yaml, label: Asesmen}\n  - b.yaml\n", encoding="utf-8")
    steps = load_steps([timeline])
    assert [s.label for s in steps] == ["Asesmen", None]
    assert [str(s.case.case.date) for s in steps] == ["2024-08", "2024-09"]
    result = compare([s.case for s in steps], RenderOptions(diagrams=("ecomap",)))
    assert set(marked(parse(result.drawings[1].drawing.svg))) == {
        "system:tono", "system:lansia", "tie:s~tono", "tie:lansia~s"}


def test_bad_timeline_and_versions_say_where(tmp_path: Path) -> None:
    timeline = tmp_path / "timeline.yaml"
    timeline.write_text("timeline:\n  - {file: missing.yaml}\n  - {fiel: b.yaml}\n", encoding="utf-8")
    with pytest.raises(CaseError) as err:
        load_steps([timeline])
    assert f"{timeline}:3:5: timeline[1]: each entry names a case file" in str(err.value)
    text = S.read_text(encoding="utf-8").replace("        - *tie-joli\n",
                                                 "        - {from: s, to: pak-tono}\n")
    with pytest.raises(CaseError, match=r"s\.yaml:\d+:\d+: versions\[0\]\.ecomap\.ties\[7\]\.to: unknown"):
        load_text(text, "s.yaml")
    with pytest.raises(CaseError, match=r"versions\[0\]\.date: 2025-01 is after the case's own date"):
        load_text(S.read_text(encoding="utf-8").replace("  - date: 2024-08", "  - date: 2025-01"))


def test_one_file_without_versions_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", str(ROOT / "examples" / "ms-2024.yaml")]) == 1
    assert "needs `versions:`" in capsys.readouterr().err


def test_offsets_are_read_as_the_page_places_them() -> None:
    # guard for centres(): the ecomap draws inside one translated group
    first = ecomaps(s_steps())[0]
    offsets = {off for e, off in placed(first) if "sm-system" in (e.get("class") or "")}
    assert len(offsets) == 1 and next(iter(offsets)) != (0.0, 0.0)


def test_python_api_compare() -> None:
    import socialmaps

    drawn = socialmaps.compare(socialmaps.load(S), diagrams=["ecomap"], lang="en")
    assert [(d.kind, d.step, d.label) for d in drawn] == [
        ("ecomap", 0, "Asesmen, sebelum intervensi"), ("ecomap", 1, "after the intervention")]
    assert 'data-change="new"' in drawn[1].diagram.svg and "data-change" not in drawn[0].diagram.svg
    assert ">new<" in drawn[1].diagram.svg
    pair = socialmaps.compare(*[socialmaps.loads(S.read_text(encoding="utf-8"))] * 2, diagrams=["bpss"])
    assert [d.step for d in pair] == [0, 1] and not any("data-change" in d.diagram.svg for d in pair)


def test_anonymised_versions_name_everyone_alike() -> None:
    result = compare(s_steps(), RenderOptions(diagrams=("ecomap",), anonymize="roles"))
    first, second = (parse(d.drawing.svg) for d in result.drawings)
    for root in (first, second):
        shown = "".join(root.itertext())
        assert not any(name in shown for name in ("Tono", "Setu", "Dadang", "Ipung", "Joli"))
    old, new = centres(first, "sm-system"), centres(second, "sm-system")
    assert len(new) - len(old) == 2 and all(new[k] == pytest.approx(old[k], abs=0.01) for k in old)
    assert sorted(marked(second).values()) == ["changed", "new", "new", "new", "new"]


def test_genogram_people_new_and_unchanged() -> None:
    before, after = s_steps()
    result = compare([before, after], RenderOptions(diagrams=("genogram",)))
    first, second = (parse(d.drawing.svg) for d in result.drawings)
    assert centres(first, "sm-person") == centres(second, "sm-person")  # the family did not change
    assert marked(first) == marked(second) == {}
    grandchild = after.people[-1].model_copy(update={"id": "cucu-2", "name": "Cucu kedua"})
    second_child = after.unions[2].children[0].model_copy(update={"id": "cucu-2"})
    assert after.unions[2].id == "u-joli"
    unions = [*after.unions[:2], after.unions[2].model_copy(update={"children": [
        *after.unions[2].children, second_child]})]
    later = after.model_copy(update={"people": [*after.people, grandchild], "unions": unions})
    drawn = compare([after, later], RenderOptions(diagrams=("genogram",))).drawings
    third = parse(drawn[1].drawing.svg)
    assert marked(third) == {"person:cucu-2": "new"}
    assert "baru" in legend_text(third)


@needs_checker
def test_venn_marks_stay_inside_touching_circles(tmp_path: Path) -> None:
    """A Venn institution may touch the centre: its ring is drawn inside its rim, so marking it adds
    no overlap (the shared checker on every marked drawing)."""
    now = load_case(ROOT / "examples" / "family-en.yaml")
    assert now.venn is not None
    items = list(now.venn.items)
    closer = items[0].model_copy(update={"closeness": 5 if items[0].closeness != 5 else 4})
    later = now.model_copy(update={"venn": now.venn.model_copy(update={"items": [*items[2:], closer]})})
    drawn = compare([now, later], RenderOptions(diagrams=("venn",))).drawings
    first, second = (parse(d.drawing.svg) for d in drawn)
    assert marked(first) == {f"venn-item:{items[1].name}": "removed"}
    assert marked(second) == {f"venn-item:{items[0].name}": "changed"}
    for step, d in enumerate(drawn):
        svg = tmp_path / f"venn-{step}.svg"
        svg.write_text(d.drawing.svg, encoding="utf-8")
        run = subprocess.run([sys.executable, str(CHECKER), "--json", str(svg)], capture_output=True,
                             text=True, timeout=300)
        report = json.loads(run.stdout.splitlines()[0])
        assert report["ok"], report["violations"]


def test_a_changed_system_is_drawn_as_it_was_in_each_version() -> None:
    _before, after = s_steps()
    assert after.ecomap is not None
    renamed = [s.model_copy(update={"kind": "social-services", "name": "Pak Setu"}) if s.id == "setu" else s
               for s in after.ecomap.systems]
    later = after.model_copy(update={"ecomap": after.ecomap.model_copy(update={"systems": renamed})})
    first, second = ecomaps([after, later])
    old = next(p for p in parts(first, "sm-system") if p.get("data-id") == "setu")
    new = next(p for p in parts(second, "sm-system") if p.get("data-id") == "setu")
    assert (old.get("data-kind"), new.get("data-kind")) == ("neighbourhood", "social-services")
    assert "ketua kader" in item_text(old) and "ketua kader" not in item_text(new)
    assert new.get("data-change") == "changed" and old.get("data-change") is None
    assert centres(first, "sm-system")["setu"] == centres(second, "sm-system")["setu"]


ECOMAP_EXAMPLES = [p for p in sorted((ROOT / "examples").glob("*.yaml"))
                   if "\necomap:" in p.read_text(encoding="utf-8")]


@pytest.mark.parametrize("path", ECOMAP_EXAMPLES, ids=[p.stem for p in ECOMAP_EXAMPLES])
def test_an_ecomap_compared_with_itself_is_its_own_drawing(path: Path) -> None:
    """One layout of a case and itself is the case's own layout: each drawing is the plain ecomap,
    byte for byte, but for the step named in its caption."""
    from socialmaps.render import render

    case = load_case(path).model_copy(update={"versions": []})
    plain = render(case, "ecomap", RenderOptions()).svg
    title = parse(plain).find("{http://www.w3.org/2000/svg}title").text or ""
    for drawn in compare([case, case], RenderOptions(diagrams=("ecomap",))).drawings:
        assert drawn.drawing.svg.replace(f"{title} ({drawn.label})", title, 1) == plain


def test_a_grandchild_born_leaves_the_family_where_it_was(tmp_path: Path) -> None:
    """The genogram of a version with one person more: everyone else at the same place in both."""
    _, now = s_steps()
    baby = Person(id="cucu-2", name="Cucu kedua", sex="female", age=0)
    joli = next(u for u in now.unions if u.id == "u-joli")
    born = joli.model_copy(update={"children": [*joli.children, Child(id="cucu-2")]})
    later = now.model_copy(update={"people": [*now.people, baby],
                                   "unions": [born if u.id == "u-joli" else u for u in now.unions]})
    drawn = compare([now, later], RenderOptions(diagrams=("genogram",))).drawings
    first, second = (parse(d.drawing.svg) for d in drawn)
    old, new = centres(first, "sm-person"), centres(second, "sm-person")
    assert set(new) - set(old) == {"cucu-2"}
    for pid in old:
        assert new[pid] == pytest.approx(old[pid], abs=0.01), pid
    assert not [d for d in parts(first, "sm-descent") if d.get("data-child") == "cucu-2"]
    assert marked(second) == {"person:cucu-2": "new"} and marked(first) == {}
    if CHECKER.is_file():
        for step, (d, case) in enumerate(zip(drawn, (now, later), strict=True)):
            svg = tmp_path / f"genogram-{step}.svg"
            svg.write_text(d.drawing.svg, encoding="utf-8")
            case_file = tmp_path / f"case-{step}.json"
            shown = {"case": {"id": case.case.id}, "people": [{"id": p.id} for p in case.people]}
            case_file.write_text(json.dumps(shown), encoding="utf-8")
            run = subprocess.run([sys.executable, str(CHECKER), "--json", "--case", str(case_file), str(svg)],
                                 capture_output=True, text=True, timeout=300)
            report = json.loads(run.stdout.splitlines()[0])
            assert report["ok"], (step, report["violations"])
