from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

# The suite tests the code as written: the layout's pure Python, which the tests may patch and spy on
# (calls between compiled modules cannot be).  tests/test_native.py checks that the compiled layout,
# where the install built one, draws the very same bytes; SOCIALMAPS_TEST_COMPILED=1 runs the suite
# against the compiled layout instead (the tests that patch its insides then fail: their patches do
# not reach it).  (Set before socialmaps is imported.)
if not os.environ.get("SOCIALMAPS_TEST_COMPILED"):
    os.environ["SOCIALMAPS_PURE"] = "1"

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))  # tests/svgread.py, tests/familygen.py

EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
SHARED = ROOT.parent / "shared"

# Property tests (tests/test_properties.py): a bounded, derandomised run in the normal suite, so
# CI is deterministic; `SOCIALMAPS_HYPOTHESIS=long` runs 10,000 random examples per property
# (see README, "Testing").  Generated cases are slow to draw and large: those health checks are
# about the generator's speed, not about the code under test.
_SLOW_DATA = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example,
              HealthCheck.filter_too_much]
settings.register_profile("ci", max_examples=40, deadline=None, derandomize=True, database=None,
                          suppress_health_check=_SLOW_DATA, print_blob=True)
# SOCIALMAPS_HYPOTHESIS_EXAMPLES=N sets the long run's count (a shorter run that still draws new
# examples every time, for a machine without hours to spare).
_LONG_EXAMPLES = os.environ.get("SOCIALMAPS_HYPOTHESIS_EXAMPLES", "").strip()
settings.register_profile("long", max_examples=int(_LONG_EXAMPLES) if _LONG_EXAMPLES.isdigit() else 10_000,
                          deadline=None, suppress_health_check=_SLOW_DATA, print_blob=True)
settings.load_profile(os.environ.get("SOCIALMAPS_HYPOTHESIS", "ci"))


@pytest.fixture
def write(tmp_path: Path):
    """Write a case file and return its path."""
    def _write(text: str, name: str = "case.yaml") -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path
    return _write
