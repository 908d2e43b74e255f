"""Focus views (a case-level subset before layout) and the genogram as Graphviz DOT."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from socialmaps.cli import main
from socialmaps.diagrams.genogram.dot import generations, genogram_dot
from socialmaps.focus import ALL, Focus, FocusError, focus_case
from socialmaps.loader import load_case, load_text

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
from generate_families import family_case

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
THREE_GENERATIONS = """socialmaps: 1
case: {id: F, client: me}
people:
  - {id: gpa, name: Gpa, sex: male}
  - {id: gma, name: Gma, sex: female}
  - {id: ggpa, name: GGpa, sex: male}
  - {id: dad, name: Dad, sex: male}
  - {id: mum, name: Mum, sex: female}
  - {id: step, name: Step, sex: female}
  - {id: me, name: Me, sex: female}
  - {id: sis, name: Sis, sex: female}
  - {id: half, name: Half, sex: male}
  - {id: wife, name: Wife, sex: female}
  - {id: kid, name: Kid, sex: male}
  - {id: grandkid, name: Grandkid, sex: male}
  - {id: kidwife, name: Kidwife, sex: female}
  - {id: uncle, name: Uncle, sex: male}
unions:
  - {partners: [ggpa], children: [gpa]}
  - {partners: [gpa, gma], children: [dad, uncle]}
  - {partners: [dad, mum], children: [me, sis]}
  - {partners: [dad, step], children: [half]}
  - {partners: [me, wife], children: [kid]}
  - {partners: [kid, kidwife], children: [grandkid]}
relationships:
  - {between: [me, ggpa], type: distant}
  - {between: [me, sis], type: close}
"""


def test_focus_keeps_ancestors_siblings_partners_and_children() -> None:
    case = load_text(THREE_GENERATIONS)
    view = focus_case(case, Focus())
    kept = {p.id for p in view.case.people}
    assert kept == {"gpa", "gma", "dad", "mum", "step", "me", "sis", "half", "wife", "kid"}
    assert "10 of 14 people around me" in (view.note or "")
    assert [r.between for r in view.case.relationships] == [["me", "sis"]]   # ggpa left out
    dad_unions = [u for u in view.case.unions if "dad" in u.partners]
    assert len(dad_unions) == 2                                            # the half-sibling's too
    assert all(set(u.partners) <= kept for u in view.case.unions)
    deeper = focus_case(case, Focus("me", up=3, down=2))
    assert {"ggpa", "grandkid", "kidwife"} <= {p.id for p in deeper.case.people}
    assert "uncle" not in {p.id for p in deeper.case.people}
    assert focus_case(case, Focus(ALL)).case is case


def test_focus_on_someone_else_drops_the_client_mark_and_unknown_ids_are_refused() -> None:
    case = load_text(THREE_GENERATIONS)
    view = focus_case(case, Focus("kid", up=0, down=1))
    assert view.case.case.client is None
    assert {p.id for p in view.case.people} == {"kid", "kidwife", "grandkid"}
    with pytest.raises(FocusError, match="no person with this id"):
        focus_case(case, Focus("nobody"))


def test_focus_view_of_a_big_family_renders_from_the_cli(tmp_path: Path,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "big.yaml"
    path.write_text(family_case(400))
    first = load_case(path).people[0].id
    assert main(["render", str(path), "--out", str(tmp_path / "o"), "--focus", first, "--up", "1",
                 "--down", "1"]) == 0
    assert "focus view:" in capsys.readouterr().err
    svg = (tmp_path / "o" / "FAMILY-400" / "genogram.svg").read_text()
    assert 2 <= svg.count('class="sm-person') < 100
    assert main(["render", str(path), "--out", str(tmp_path / "o"), "--focus", "zzz"]) == 1


def test_generations_and_dot_text() -> None:
    case = load_text(THREE_GENERATIONS)
    rank = generations(case)
    assert rank["ggpa"] == 0 and rank["gpa"] == rank["gma"] == 1 and rank["me"] == rank["wife"] == 3
    text = genogram_dot(case)
    assert text == genogram_dot(case)                              # deterministic
    assert "splines=ortho" in text and "splines=ortho" not in genogram_dot(case, ortho=False)
    assert text.count("rank=same") == len(set(rank.values()))       # one rank per generation
    assert text.count("shape=point") == len(case.unions)
    assert "peripheries=2" in text                                   # the client


YEARS = """socialmaps: 1
case: {id: Y, client: me, language: en}
people:
  - {id: dad, name: 'Pak \\ Budi', sex: male, born: 1931, died: 2004}
  - {id: mum, name: Ibu, sex: female, born: 1935}
  - {id: me, name: Me, sex: female}
unions:
  - {partners: [dad, mum], children: [me]}
"""


def test_dot_labels_carry_the_years_the_drawing_writes() -> None:
    """Each person's DOT label is their name and, on a second line, the years the genogram writes
    under the symbol; a backslash in a name is written as one (doubled: DOT reads it as an escape)."""
    text = genogram_dot(load_text(YEARS))
    assert 'dad [label="Pak \\\\ Budi\\n1931–2004"' in text
    assert 'mum [label="Ibu\\nb. 1935"' in text
    assert "me [label=Me " in text                                   # no years known: the name alone


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz's dot is not installed")
def test_dot_export_is_drawn_by_graphviz(tmp_path: Path) -> None:
    out = tmp_path / "o"
    assert main(["render", str(EXAMPLES / "complex-family.yaml"), "--out", str(out), "--format", "dot"]) == 0
    [dot_file] = out.glob("*/genogram.dot")
    assert not list(out.glob("*/genogram.svg"))                      # only what was asked
    drawn = subprocess.run(["dot", "-Tsvg", str(dot_file)], capture_output=True, text=True, timeout=60,
                           check=True)
    assert drawn.stdout.count('class="node"') >= len(load_case(EXAMPLES / "complex-family.yaml").people)
    assert ">l. 1970</text>" in drawn.stdout   # a label's second line, in the case's language (lahir)


def _edge(title: str, d: str) -> str:
    return f'<g class="edge"><title>{title}</title><path d="{d}"/></g>'


def test_the_scale_bench_counts_dot_crossings_between_unions_only(tmp_path: Path) -> None:
    from bench_scale import dot_crossings

    svg = tmp_path / "d.svg"
    edges = [_edge("a&#45;&gt;union.u1", "M0,0C0,0 100,100 100,100"),       # u1
             _edge("union.u1&#45;&gt;c", "M0,90C0,90 100,0 100,0"),  # u1 again: crosses a, not counted
             _edge("union.u2&#45;&gt;b", "M0,30C0,30 100,35 100,35"),       # u2: crosses both u1 edges
             _edge("union.u3&#45;&gt;d", "M200,0C200,0 200,100 200,100")]   # apart
    svg.write_text('<svg xmlns="http://www.w3.org/2000/svg">' + "".join(edges) + "</svg>")
    assert dot_crossings(svg) == 2


def test_the_scale_bench_reads_sizes_and_ranges_and_names_the_family_furthest_behind() -> None:
    from bench_scale import Row, Run, sizes, summary

    assert sizes("100, 400") == [100, 400]
    assert sizes("20:100:40,1000") == [20, 60, 100, 1000]
    rows = [Row("generated 20", 23, ours=Run(0.01), dot=Run(0.02)),
            Row("generated 60", 70, ours=Run(0.12), dot=Run(0.02)),
            Row("generated 80", 88, ours=Run(0.05), dot=Run(0.02)),
            Row("generated 99", 99, ours=Run(None, note="stopped"), dot=Run(0.02)),
            Row("generated 20,000", 20002, ours=Run(4.5), dot=Run(None, note=">59.9"))]
    assert summary(rows) == ("ahead of plain dot on 2 of 4 families; furthest behind: generated 60 "
                             "(70 people), ours/dot 6.00")
