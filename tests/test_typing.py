"""The type hints hold: mypy, strict on src/ (its settings in pyproject.toml), finds nothing."""

from __future__ import annotations

import subprocess
import sys

from conftest import ROOT


def test_mypy_finds_no_error_in_src() -> None:
    run = subprocess.run([sys.executable, "-m", "mypy", "--no-error-summary"], cwd=ROOT,
                         capture_output=True, text=True, timeout=600, check=False)  # a hang guard only
    assert run.stdout.splitlines() == [] and run.returncode == 0, run.stdout + run.stderr
