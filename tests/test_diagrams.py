"""The Diagram protocol and its registry: every kind answers applies / layout / draw / measure, asking
which diagrams apply loads no layout code, and the numbers are measured only when read."""

from __future__ import annotations

import pickle
import subprocess
import sys
from dataclasses import dataclass

import pytest

from socialmaps import RenderOptions, load_case, render
from socialmaps.diagrams import KINDS, REGISTRY, get
from socialmaps.diagrams.protocol import Diagram, Metrics, run
from socialmaps.drawing import Context, Drawing
from socialmaps.model import Case
from socialmaps.render import applicable, context

from conftest import EXAMPLES, ROOT


def test_the_registry_names_every_kind_in_caption_order() -> None:
    assert KINDS == ("genogram", "ecomap", "lifemap", "bodymap", "bpss", "strengths", "venn", "outcomes")
    assert [diagram.kind for diagram in REGISTRY.values()] == list(KINDS)


def test_an_unknown_kind_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="unknown diagram 'map'; known: genogram, ecomap, lifemap"):
        get("map")
    case = load_case(EXAMPLES[0])
    with pytest.raises(ValueError, match="unknown diagram 'map'"):
        render(case, "map")


def test_a_kind_without_data_is_refused() -> None:
    case = load_case(ROOT / "examples" / "venn-12.yaml")
    assert "genogram" not in applicable(case)
    with pytest.raises(ValueError, match="has no data for a genogram diagram"):
        render(case, "genogram")


def test_asking_which_diagrams_apply_loads_no_layout_code() -> None:
    code = ("import sys; from socialmaps import load_case; from socialmaps.render import applicable; "
            "print(applicable(load_case(sys.argv[1]))); "
            "print(sorted(m for m in sys.modules if m.startswith('socialmaps.diagrams.') "
            "and m.rpartition('.')[2] in ('layout', 'draw', 'table', 'adapter', 'route')))")
    example = ROOT / "examples" / "s-2024.yaml"
    out = subprocess.run([sys.executable, "-c", code, str(example)], capture_output=True, text=True,
                         check=True, timeout=120).stdout.splitlines()
    assert out[0] == "['genogram', 'ecomap', 'lifemap', 'bodymap', 'bpss', 'outcomes']"
    assert out[1] == "[]"


@pytest.mark.parametrize("example", [ROOT / "examples" / "s-2024.yaml", ROOT / "examples" / "ms-2024.yaml"],
                         ids=lambda p: p.stem)
def test_each_kind_lays_out_draws_and_measures_as_render_does(example: object) -> None:
    case = load_case(example)  # type: ignore[arg-type]
    kinds = applicable(case)
    for kind in kinds:
        diagram = get(kind)
        ctx = context(case, kind, RenderOptions(), kinds)
        layout = diagram.layout(ctx)
        drawn = diagram.draw(ctx, layout)
        rendered = render(case, kind)
        assert drawn.svg == rendered.svg and drawn.kind == kind
        measured = dict(diagram.measure(layout))
        assert measured and measured.items() <= dict(rendered.metrics).items(), kind


@dataclass(frozen=True)
class Counted:
    """A diagram that draws an empty figure and counts how often it is measured."""

    calls: list[str]
    kind: str = "counted"

    def applies(self, case: Case) -> bool:
        return True

    def layout(self, ctx: Context) -> int:
        return 3

    def draw(self, ctx: Context, layout: int) -> Drawing:
        return Drawing(self.kind, "<svg/>", 10.0, 10.0, metrics={"drawn": 1.0})

    def measure(self, layout: int) -> Metrics:
        self.calls.append("measure")
        return {"parts": float(layout)}


def test_metrics_are_measured_when_first_read_and_travel_as_numbers() -> None:
    calls: list[str] = []
    diagram: Diagram[int] = Counted(calls)
    case = load_case(ROOT / "examples" / "venn-12.yaml")
    drawing = run(diagram, context(case, "venn", RenderOptions(), ["venn"]))
    assert calls == []
    assert dict(drawing.metrics) == {"drawn": 1.0, "parts": 3.0}   # the drawing's and the measure's
    assert drawing.metrics["parts"] == 3.0 and calls == ["measure"]  # measured once
    sent = pickle.loads(pickle.dumps(drawing.metrics))
    assert type(sent) is dict and sent == {"drawn": 1.0, "parts": 3.0}
