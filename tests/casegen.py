"""Generated case files for the limits of the body map and the ecomap: many marks, many
(parallel) ties with notes, many systems.

Every function returns the YAML text of a whole case file, deterministic for its arguments,
so tests and benchmarks (``bench/bench_limits_maps.py``) build the same inputs without
committing large files:

- ``bodymap_case(n_marks)``: marks on every region of both views, every kind, notes of
  a word to a sentence, several marks per region once there are more marks than regions.
- ``largest_bodymap_case(max_bytes)``: the body map with the most marks whose file still
  fits in ``max_bytes`` (the loader's size limit).
- ``ecomap_case(n_systems, n_ties, notes=True, parallel=1, from_one=False)``: a household
  of five, ``n_systems`` systems, ``n_ties`` ties; ``parallel`` ties share both ends (a
  bundle of several ties between the same two), ``from_one`` starts every tie at the client.
"""

from __future__ import annotations

from pathlib import Path

from socialmaps.diagrams.bodymap import outline

MARK_KINDS = ("injury", "pain", "scar", "illness", "disability", "feeling", "other")
MARK_NOTES = (
    "Nyeri saat berjalan jauh",
    "Bekas luka operasi",
    "Lebam setelah jatuh dari motor, masih bengkak",
    "Maag",
    "Sesak ketika ingat kejadian itu; klien menunjuk bagian ini sendiri",
    "",
    "Old burn scar from a kitchen accident",
    "Sering pusing",
)
_FRONT_ONLY = ("face", "chest", "abdomen", "pelvis")
_BACK_ONLY = ("upper-back", "lower-back", "buttocks", "back-of-head")


def _mark_line(i: int, notes: bool) -> str:
    region = outline.REGIONS[(i * 7) % len(outline.REGIONS)]
    if region in _FRONT_ONLY:
        view = "front"
    elif region in _BACK_ONLY:
        view = "back"
    else:
        view = ("front", "back")[(i // len(outline.REGIONS)) % 2]
    note = MARK_NOTES[i % len(MARK_NOTES)] if notes else ""
    note_part = f", note: \"{note}\"" if note else ""
    return f"    - {{region: {region}, kind: {MARK_KINDS[i % len(MARK_KINDS)]}, view: {view}{note_part}}}\n"


def _bodymap_head() -> str:
    return ("socialmaps: 1\ncase: {id: BODYMAP-GEN, title: Generated body map, language: id, client: c}\n"
            "people:\n  - {id: c, name: Klien, sex: female, born: 1990}\n"
            "bodymap:\n  views: both\n  marks:\n")


def bodymap_case(n_marks: int, notes: bool = True) -> str:
    """A body map of n_marks marks spread over every region of both views."""
    return _bodymap_head() + "".join(_mark_line(i, notes) for i in range(n_marks))


def largest_bodymap_case(max_bytes: int, notes: bool = True) -> tuple[str, int]:
    """The body map with the most marks whose UTF-8 file is at most max_bytes; (text, marks)."""
    parts = [_bodymap_head()]
    size = len(parts[0].encode("utf-8"))
    n = 0
    while True:
        line = _mark_line(n, notes)
        step = len(line.encode("utf-8"))
        if size + step > max_bytes:
            break
        parts.append(line)
        size += step
        n += 1
    return "".join(parts), n


SYSTEM_KINDS = ("family", "extended-family", "friends", "school", "work", "health", "religion",
                "social-services", "recreation", "legal", "neighbourhood", "other")
STRENGTHS = ("strong", "moderate", "weak", "broken")
FLOWS = ("none", "to", "from", "both")
TIE_STARTS = ("center", "kim", "mum", "dad", "joe")
TIE_NOTES = (
    "guru BK sering memanggil",
    "weekly visits, helps with homework and forms",
    "bantuan PKH tiap tiga bulan, kadang terlambat cair",
    "conflict over rent arrears since March",
    "tempat curhat",
    "ikut pengajian rutin setiap Kamis malam bersama ibu-ibu RT",
    "supportive coach, trains twice a week",
    "jarang bertemu sejak pindah ke kecamatan lain, hanya lewat telepon",
)

HOUSEHOLD = """\
people:
  - {id: dad, name: Dad, sex: male, born: 1975, lives_with_client: true}
  - {id: mum, name: Mum, sex: female, born: 1978, lives_with_client: true}
  - {id: kim, name: Kim, sex: female, born: 2008, lives_with_client: true}
  - {id: joe, name: Joe, sex: male, born: 2011, lives_with_client: true}
  - {id: sam, name: Sam, born: 2015, lives_with_client: true}
unions:
  - {id: u1, partners: [dad, mum], children: [kim, joe, sam]}
"""


def ecomap_case(n_systems: int, n_ties: int, notes: bool = True, parallel: int = 1,
                from_one: bool = False, center: str = "household") -> str:
    """An ecomap of a five-person household and n_systems systems with n_ties ties.

    Ties come in bundles of ``parallel`` ties between the same start and system (the
    start is the centre or a member in turn; with ``from_one`` always the client, kim);
    bundle k goes to system k (cycling when there are more bundles than systems). With
    notes, every tie carries one (13 to 66 characters).  ``center``: ``household``, or a
    person's id for a map centred on that person (ties from kim then leave that circle)."""
    systems = []
    for i in range(n_systems):
        kind = SYSTEM_KINDS[i % len(SYSTEM_KINDS)]
        name = f"System {i + 1} {kind} service and support team"[:40]
        systems.append(f"    - {{id: s{i:03d}, name: \"{name}\", kind: {kind}, size: {i % 3 + 1}}}\n")
    ties = []
    bundle = max(1, parallel)
    for i in range(n_ties):
        k = i // bundle
        start = "kim" if from_one else TIE_STARTS[k % len(TIE_STARTS)]
        target = f"s{k % max(1, n_systems):03d}"
        note = f", note: \"{TIE_NOTES[i % len(TIE_NOTES)]}\"" if notes else ""
        ties.append(f"    - {{from: {start}, to: {target}, strength: {STRENGTHS[i % 4]}, "
                    f"stress: {str(i % 3 == 0).lower()}, flow: {FLOWS[(i // 4) % 4]}{note}}}\n")
    return ("socialmaps: 1\ncase: {id: ECOMAP-GEN, title: Generated ecomap, language: en, client: kim}\n"
            + HOUSEHOLD + f"ecomap:\n  center: {center}\n  systems:\n" + "".join(systems)
            + ("  ties:\n" + "".join(ties) if ties else "  ties: []\n"))


def check_contract(tmp_path: Path, text: str, svg: str) -> str:
    """Run the shared checker with --case on one drawn SVG; fail with its output, else return it."""
    import subprocess
    import sys

    import pytest

    from conftest import SHARED

    pytest.importorskip("svgelements")
    checker = SHARED / "tools" / "svgcheck.py"
    if not checker.is_file():
        pytest.skip("shared checker not found")
    case, out = tmp_path / "case.yaml", tmp_path / "out.svg"
    case.write_text(text, encoding="utf-8")
    out.write_text(svg, encoding="utf-8")
    run = subprocess.run([sys.executable, str(checker), "--case", str(case), str(out)],
                         capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    return run.stdout
