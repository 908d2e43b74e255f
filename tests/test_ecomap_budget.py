"""Ecomaps past the work budget (issue 10): more systems, notes or crowded bundles than the careful
layout can afford are drawn on one ring with straight ties and their notes in a numbered list,
and still keep the SVG contract (the shared checker with the case file).

Speed is measured in bench/bench_limits.py and bench/bench_limits_maps.py; here a generous alarm
only stops a hang.
"""

from __future__ import annotations

import math
import random
import re
import sys
from pathlib import Path

import yaml

from casegen import check_contract, ecomap_case
from hangguard import hang_guard
from socialmaps import load_text, render

from svgread import parse, parts, text_lines

HANG = 120


def _render(text: str) -> str:
    with hang_guard(HANG):
        return render(load_text(text), "ecomap").svg




def _chords_case(n: int) -> str:
    """A client and n systems, each tied to the client, and each also tied to the system a
    quarter of the ring away and to its neighbour (ties between two systems cross the ring)."""
    lines = ["socialmaps: 1\ncase: {id: chords, client: c, language: en}\n",
             "people:\n  - {id: c, name: Client, sex: female, born: 2010}\n",
             "ecomap:\n  center: c\n  systems:\n"]
    lines += [f"    - {{id: s{i:03d}, name: Place {i}, kind: school}}\n" for i in range(n)]
    lines.append("  ties:\n")
    lines += [f"    - {{from: c, to: s{i:03d}, note: seen weekly {i}}}\n" for i in range(n)]
    lines += [f"    - {{from: s{i:03d}, to: s{(i + n // 4) % n:03d}, strength: weak}}\n"
              for i in range(0, n, 7)]
    lines += [f"    - {{from: s{i:03d}, to: s{(i + 1) % n:03d}}}\n" for i in range(3, n, 11)]
    return "".join(lines)


def _entries(svg: str) -> list[str]:
    root = parse(svg)
    return [" ".join(" ".join(t.text for t in text_lines(root, tie)).split())
            for tie in parts(root, "sm-tie")]


def test_many_systems_keep_every_system_note_and_the_contract(tmp_path: Path) -> None:
    """300 systems, each with a noted tie: past the budget, every note is an entry of the list,
    numbered 1..n in the order of the ties, naming both ends."""
    text = ecomap_case(300, 300, center="kim")
    svg = _render(text)
    root = parse(svg)
    assert len(parts(root, "sm-system")) == 300
    entries = [e for e in _entries(svg) if e]
    assert len(entries) == 300
    numbers = sorted(int(e.split(".", 1)[0]) for e in entries)
    assert numbers == list(range(1, 301))
    case = yaml.safe_load(text)
    names = {s["id"]: s["name"] for s in case["ecomap"]["systems"]}
    names |= {p["id"]: p["name"] for p in case["people"]}
    names["center"] = names["kim"]  # the map is centred on kim
    expected = sorted(f"{names[t['from']]} \u2013 {names[t['to']]}: {' '.join(t['note'].split())}"
                      for t in case["ecomap"]["ties"])
    assert sorted(re.sub(r"^\d+\. ", "", e) for e in entries) == expected
    check_contract(tmp_path, text, svg)


def test_ties_between_systems_miss_every_other_circle(tmp_path: Path) -> None:
    """Chords between systems on the large ring run clear of the circles they do not end at."""
    text = _chords_case(260)
    svg = _render(text)
    out = check_contract(tmp_path, text, svg)
    assert "tie_hits=0" in out


def test_crowded_bundles_from_the_household_keep_the_centre_clear(tmp_path: Path) -> None:
    """20 bundles of 10 noted ties from household members (past the bundle budget): no tie
    crosses the centre's genogram, every note is listed."""
    text = ecomap_case(20, 200, True, 10, False)
    svg = _render(text)
    out = check_contract(tmp_path, text, svg)
    assert "center_crossings=0" in out
    assert sum(1 for e in _entries(svg) if re.match(r"^\d+\. ", e)) == 200


def test_large_maps_do_not_depend_on_the_order_of_the_file() -> None:
    text = _chords_case(250)
    head, ties = text.split("  ties:\n")
    lines = ties.splitlines(keepends=True)
    random.Random(7).shuffle(lines)
    assert _render(text) == _render(head + "  ties:\n" + "".join(lines))


def test_the_largest_ecomap_of_the_size_limit_is_drawn() -> None:
    """The ecomap bench/bench_limits.py times at the byte limit (15,000 noted ties) draws every
    system and tie (its contract is checked on the 300-system case above: the checker compares
    every pair of texts)."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
    import bench_limits

    generated = bench_limits.largest(bench_limits.ecomap, 2_000_000)
    svg = _render(generated.text)
    root = parse(svg)
    assert len(parts(root, "sm-tie")) == generated.ties > 15_000
    assert len(parts(root, "sm-system")) == generated.ties
    assert not math.isnan(float(root.get("width", "0").removesuffix("px") or 0))


def test_many_ties_inside_the_household_keep_the_centre_clear(tmp_path: Path) -> None:
    """200 ties between household members (past the budget of ties inside the centre): ties of
    one pair share the way their first tie found, none crosses the centre's genogram."""
    members = ("dad", "mum", "kim", "joe", "sam")
    ties = "".join(f"    - {{from: {members[i % 2]}, to: {members[2 + i % 3]}"
                   f"{', note: kadang ' + str(i) if i % 4 == 0 else ''}}}\n" for i in range(200))
    base = ecomap_case(1, 1, False)
    text = base.split("  ties:\n")[0] + "  ties:\n" + ties
    svg = _render(text)
    assert len(parts(parse(svg), "sm-tie")) == 200
    out = check_contract(tmp_path, text, svg)
    assert "center_crossings=0" in out
    assert sum(1 for e in _entries(svg) if re.match(r"^\d+\. ", e)) == 50
