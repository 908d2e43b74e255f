"""The contract every diagram kind implements, and the one way a diagram is run.

A diagram answers four questions, each a method of `Diagram`:

- `applies(case)`: does the case hold data for it?  Cheap: it reads the model only.
- `layout(ctx)`: pure geometry, every part placed, no SVG and no I/O.
- `draw(ctx, layout)`: the SVG of that geometry, as a `Drawing`.
- `measure(layout)`: quality numbers of that geometry (overlaps, crossings, counts), as `Metrics`.

`run(diagram, ctx)` chains them; the numbers are measured when first read (`render --check`,
the benchmarks), not on every render.  An implementation's module imports only the model at
the top and its layout and drawing code inside the methods, so asking which diagrams apply
never imports a layout engine.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import replace
from typing import TYPE_CHECKING, Protocol, TypeVar

from ..gcpause import collector_paused

if TYPE_CHECKING:
    from ..drawing import Context, Drawing
    from ..model import Case

# Quality numbers by name ("crossings", "label_overlaps", "items", …); `render --check` prints them.
Metrics = Mapping[str, float]

LayoutT = TypeVar("LayoutT")


class Diagram(Protocol[LayoutT]):
    """One diagram kind.  `LayoutT` is its layout record: what `layout` gives and `draw` and
    `measure` take (a frozen dataclass of placed parts)."""

    @property
    def kind(self) -> str:
        """The diagram's name: its file name, its `data-diagram`, its key in `lang/*/diagram`."""
        ...

    def applies(self, case: Case) -> bool: ...

    def layout(self, ctx: Context) -> LayoutT: ...

    def draw(self, ctx: Context, layout: LayoutT) -> Drawing: ...

    def measure(self, layout: LayoutT) -> Metrics: ...


class DeferredMetrics(Mapping[str, float]):
    """Metrics computed at the first read, then kept.

    Most renders never read them (only `--check` and the benchmarks do), and some cost as much
    as the layout (a genogram's crossing and collision counts)."""

    def __init__(self, compute: Callable[[], Metrics]) -> None:
        self._compute: Callable[[], Metrics] | None = compute
        self._values: dict[str, float] = {}

    def _all(self) -> dict[str, float]:
        if self._compute is not None:
            self._values = dict(self._compute())
            self._compute = None  # nor keep the layout alive once measured
        return self._values

    def __getitem__(self, key: str) -> float:
        return self._all()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._all())

    def __len__(self) -> int:
        return len(self._all())

    def __repr__(self) -> str:
        return repr(self._all())  # reads like the dict it stands for (--check, logs)

    def __reduce__(self) -> tuple[type[dict[str, float]], tuple[dict[str, float]]]:
        # Sent to another process (a batch worker's result) as the plain numbers.
        return dict, (self._all(),)


def run(diagram: Diagram[LayoutT], ctx: Context) -> Drawing:
    """Lay out, draw, and attach the measure: what rendering one diagram is.

    The drawing's metrics are what `draw` measured on the way (a diagram whose drawing and
    layout are still one pass reports there), overridden by `measure(layout)`."""
    # A large diagram builds millions of objects without cycles; the collector's passes over
    # them cost a third of the time of a 26,800-mark body map or a 15,000-tie ecomap.
    with collector_paused():
        layout = diagram.layout(ctx)
        drawing = diagram.draw(ctx, layout)
    drawn = drawing.metrics

    def both() -> Metrics:
        measured = diagram.measure(layout)
        return {**measured, **{key: value for key, value in drawn.items() if key not in measured}}

    return replace(drawing, metrics=DeferredMetrics(both))
