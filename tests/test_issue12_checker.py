"""Every example's life road map, quadrants and Venn pass the shared checker with its case
file, in the default, print and large styles (issue 12)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from socialmaps import RenderOptions, render
from socialmaps.loader import load_case
from socialmaps.render import applicable

ROOT = Path(__file__).resolve().parents[1]
CHECKER = ROOT.parent / "shared" / "tools" / "svgcheck.py"
KINDS = ("lifemap", "bpss", "strengths", "venn")


@pytest.mark.skipif(not CHECKER.is_file(), reason="shared checker not found")
@pytest.mark.parametrize("style", ["default", "print", "large"])
def test_examples_pass_the_shared_checker(style: str, tmp_path: Path) -> None:
    checked = 0
    for example in sorted((ROOT / "examples").glob("*.yaml")):
        case = load_case(example)
        kinds = [k for k in KINDS if k in applicable(case)]
        if not kinds:
            continue
        files = []
        for kind in kinds:
            path = tmp_path / f"{example.stem}-{kind}.svg"
            path.write_text(render(case, kind, RenderOptions(style=style)).svg, encoding="utf-8")
            files.append(str(path))
        run = subprocess.run([sys.executable, str(CHECKER), "--case", str(example), *files],
                             capture_output=True, text=True, check=False)
        assert run.returncode == 0, run.stdout + run.stderr
        checked += len(files)
    assert checked >= 15   # 4 life road maps, 7 BPSS, 3 strength quadrants, 2 Venns at least
