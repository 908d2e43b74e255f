"""Properties of the whole pipeline, over generated case files (strategies in tests/strategies.py).

- A valid case file loads (as text and from disk, to the same case), every diagram it has data
  for renders, and every SVG passes the shared checker's contract rules (CONTRACT_RULES).
- An invalid case file is refused with a CaseError whose every problem points inside the file
  (line 1..lines, column 1..line length + 1) and reads `FILE:LINE:COL: path: message` on one
  line; never any other exception.

The normal suite runs a bounded, derandomised number of examples (profile "ci" in conftest.py);
`SOCIALMAPS_HYPOTHESIS=long .venv/bin/pytest tests/test_properties.py` runs 10,000 each.  With
`SOCIALMAPS_HYPOTHESIS_LOG=FILE` a failure is appended to FILE (one JSON object per line) instead
of failing the test, so that one long run collects every class of failure rather than stopping
at the first.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import sys
import tempfile
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from hypothesis import given

from socialmaps.errors import CaseError
from socialmaps.loader import load_case, load_text
from socialmaps.render import render_all

from conftest import SHARED
from strategies import GeneratedCase, invalid_cases, valid_cases

CHECKER = SHARED / "tools" / "svgcheck.py"

# The shared checker's rules that make the SVG contract (shared/svg-contract.md, "The root" and
# "The parts") and its safety promise: these hold for every valid case, whatever its shape.
#   root       the <svg> element, viewBox, role, data-diagram, data-case, <title>/<desc> first
#   safety     no script, foreignObject, event attribute, external reference or CSS url()
#   reference  every internal href / url(#…) resolves
#   attribute  each part's required data- attributes, with valid values, ids unique per kind
#   shape      every drawn shape can be measured (no NaN, no broken path data)
#   text       every <text> states its font-size (so its box can be measured from the file)
#   symbol     every person / event part draws a symbol
#   lifemap    one sm-road that draws a line
#   case       everything the case holds for the diagram is drawn once, nothing else
# The other rules (overlaps, label collisions, out-of-bounds, crossings, partner order, word
# breaks, detours, generation rows, event sides, items inside quadrants, …) measure how good the
# figure looks; they are targets of the layout issues, not promises every generated family can
# keep (a 1-character-wide name column, 20 marks on one hand), so the property does not assert
# them; the long run's log counts them (see README, "Testing").
CONTRACT_RULES = frozenset({"root", "safety", "reference", "attribute", "shape", "text", "symbol",
                            "lifemap", "case"})

LOG = os.environ.get("SOCIALMAPS_HYPOTHESIS_LOG", "")


def _checker() -> ModuleType | None:
    if not CHECKER.exists():
        return None
    spec = importlib.util.spec_from_file_location("svgcheck", CHECKER)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["svgcheck"] = module  # its dataclasses look their module up while it loads
    spec.loader.exec_module(module)
    return module


svgcheck = _checker()
FONTS = svgcheck.Fonts(svgcheck.find_font(None)) if svgcheck else None


def _log(kind: str, case: GeneratedCase, detail: str) -> None:
    with open(LOG, "a", encoding="utf-8") as out:
        out.write(json.dumps({"kind": kind, "detail": detail[:2000], "writer": case.writer,
                              "mutation": case.mutation, "text": case.text}, ensure_ascii=False) + "\n")


def _count_run() -> None:
    """In collecting mode, one character per example in LOG.runs: how far a long run got."""
    if LOG:
        with open(LOG + ".runs", "a", encoding="utf-8") as out:
            out.write(".")


def _report(case: GeneratedCase, kind: str, detail: str) -> None:
    """A failure: logged (and the run goes on) in collecting mode, else the test fails."""
    if LOG:
        _log(kind, case, detail)
        return
    pytest.fail(f"{kind}: {detail}", pytrace=False)


# --------------------------------------------------------------------------- valid files

def _contract_violations(svg_path: Path, data: dict[str, Any]) -> tuple[list[str], list[str]]:
    """The contract violations of one SVG, and (for the log) the names of the other rules broken."""
    assert svgcheck is not None
    report = svgcheck.check_file(str(svg_path), data, FONTS)
    if report.error:
        return [f"unreadable: {report.error}"], []
    contract = [f"{rule}: {message}" for rule, message in report.violations if rule in CONTRACT_RULES]
    quality = sorted({rule for rule, _ in report.violations if rule not in CONTRACT_RULES})
    return contract, quality


def _expected_diagrams(data: dict[str, Any]) -> set[str]:
    """The diagrams a case file has data for, read from the file's data (not from the product)."""
    def filled(section: Any, *keys: str) -> bool:
        return isinstance(section, dict) and any(section.get(key) for key in keys)

    strengths = data.get("strengths", {})
    lifemap = data.get("lifemap", {})
    wanted = {
        "genogram": bool(data.get("people")),
        "ecomap": "ecomap" in data,
        "lifemap": bool(lifemap.get("events")) or (bool(lifemap.get("hopes")) and "date" in data["case"]),
        "bodymap": "bodymap" in data,
        "bpss": filled(data.get("bpss"), "biological", "psychological", "social", "spiritual"),
        "strengths": any(filled(strengths.get(side), "strengths", "weaknesses")
                         for side in ("internal", "external")),
        "venn": filled(data.get("venn"), "items"),
    }
    return {kind for kind, drawn in wanted.items() if drawn}


def _check_valid(case: GeneratedCase, folder: Path) -> None:
    _count_run()
    try:
        loaded = load_text(case.text, "generated.yaml")
        path = folder / "generated.yaml"
        path.write_text(case.text, encoding="utf-8")
        assert load_case(path) == loaded, "load_case and load_text disagree"
        drawings = render_all(loaded)
    except Exception as err:
        _report(case, f"valid-raises:{type(err).__name__}", str(err))
        return
    expected = _expected_diagrams(case.data)
    if set(drawings) != expected:
        _report(case, "valid-diagrams", f"drew {sorted(drawings)}, expected {sorted(expected)}")
    for kind, drawing in drawings.items():
        svg_path = folder / f"{kind}.svg"
        svg_path.write_text(drawing.svg, encoding="utf-8")
        contract, quality = _contract_violations(svg_path, case.data)
        if contract:
            _report(case, f"contract:{kind}:{contract[0].split(':')[0]}", "\n".join(contract[:5]))
        if LOG and quality:
            _log(f"quality:{kind}", case, " ".join(quality))


@pytest.mark.skipif(svgcheck is None, reason="the shared checker (../shared/tools) is not here")
@given(case=valid_cases())
def test_a_valid_case_loads_draws_every_diagram_and_keeps_the_contract(case: GeneratedCase) -> None:
    with tempfile.TemporaryDirectory() as folder:
        _check_valid(case, Path(folder))


# --------------------------------------------------------------------------- invalid files

_PROBLEM = re.compile(r"^(?P<file>.+?):(?P<line>\d+):(?P<col>\d+): (?P<where_and_what>\S.*)$")


def _check_invalid(case: GeneratedCase, folder: Path) -> None:
    _count_run()
    path = folder / "broken.yaml"
    path.write_bytes(case.raw)
    try:
        load_case(path)
    except CaseError as err:
        _check_problems(case, err, str(path))
        return
    except Exception as err:
        _report(case, f"invalid-raises:{type(err).__name__}", str(err))
        return
    if not case.mutation.startswith("text:"):  # damaged text may still be a valid file
        _report(case, "invalid-accepted", case.mutation)


def _check_problems(case: GeneratedCase, err: CaseError, name: str) -> None:
    # Lines as editors count them (\n; a \r\n line ends in \r), of the text as the reader may see it.
    lines = case.raw.decode("utf-8", errors="replace").split("\n") if case.encoding != "utf-8" else \
        case.text.split("\n")
    if not err.problems:
        _report(case, "invalid-no-problems", str(err))
    for problem in err.problems:
        text = str(problem)
        if not 1 <= problem.line <= len(lines):
            _report(case, "invalid-line-outside", f"{text} (the file has {len(lines)} lines)")
        elif not 1 <= problem.column <= len(lines[problem.line - 1]) + 1:
            _report(case, "invalid-column-outside",
                    f"{text} (line {problem.line} has {len(lines[problem.line - 1])} characters)")
        match = _PROBLEM.match(text)
        if "\n" in text or match is None or match["file"] != name:
            _report(case, "invalid-message-format", repr(text))


@given(case=invalid_cases())
def test_an_invalid_case_is_refused_with_line_and_column(case: GeneratedCase) -> None:
    with tempfile.TemporaryDirectory() as folder:
        _check_invalid(case, Path(folder))
