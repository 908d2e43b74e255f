"""Children listed out of birth order: a warning at the child, the file still valid.

The case format promises that a union's children are drawn left to right in the order they are
listed, oldest first; a reader reads their ages from it.  A list typed in another order (a
stepchild added at the end, a younger child typed first) is drawn as listed, and `validate` and
`render` say where with FILE:LINE:COL, as for a character the font lacks.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from socialmaps.loader import load_case_warned

CASE = """\
socialmaps: 1
case: {id: ORDER, language: id, client: adik}
people:
  - {id: ayah, name: Ayah, sex: male, born: 1970}
  - {id: ibu, name: Ibu, sex: female, born: 1972}
  - {id: adik, name: Adik, sex: male, born: 2010}
  - {id: kakak, name: Kakak, sex: female, born: 2005-03}
  - {id: tengah, name: Tengah, sex: female}
  - {id: bungsu, name: Bungsu, sex: male, born: 2012}
unions:
  - partners: [ayah, ibu]
    children: [adik, tengah, kakak, bungsu]
"""


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "order.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_child_listed_after_a_younger_one_is_warned_at_its_place(tmp_path: Path) -> None:
    path = _write(tmp_path, CASE)
    loaded = load_case_warned(path)
    assert [(w.line, w.column, w.path) for w in loaded.warnings] == [(12, 30, "unions[0].children[2]")]
    (warning,) = loaded.warnings
    assert warning.file == str(path)
    assert warning.message.startswith("warning: ")
    # names both children and their years, and says what the drawing does with it
    for word in ("kakak", "2005", "adik", "2010", "left to right"):
        assert word in warning.message


def test_children_in_birth_order_or_of_unknown_age_give_no_warning(tmp_path: Path) -> None:
    ordered = CASE.replace("[adik, tengah, kakak, bungsu]", "[kakak, tengah, adik, bungsu]")
    assert load_case_warned(_write(tmp_path, ordered)).warnings == ()
    # twins born the same year, in either order
    twins = ordered.replace("born: 2012}", "born: 2010}").replace("[kakak, tengah, adik, bungsu]",
                                                                  "[kakak, bungsu, adik]")
    assert load_case_warned(_write(tmp_path, twins)).warnings == ()


def test_validate_prints_the_warning_and_the_file_stays_valid(tmp_path: Path) -> None:
    path = _write(tmp_path, CASE)
    run = subprocess.run([sys.executable, "-m", "socialmaps", "validate", str(path)],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert f"{path}:12:30: unions[0].children[2]: warning: " in run.stdout + run.stderr
