"""Scale: socialmaps beside Graphviz's `dot` on the same families, one table.

    .venv/bin/python bench/bench_scale.py                       # 100 … 20,000 people + the largest data files
    .venv/bin/python bench/bench_scale.py --sizes 100,400 --files 1 --dot-timeout 60   # on a loaded machine
    .venv/bin/python bench/bench_scale.py --sizes 20:400:20 --files 0 --no-ortho        # every size between

Each family is drawn three ways, each in its own process (so peak memory is that process's
alone, read with wait4; the bench itself stays small, since a child reports at least its parent's
size at the fork):
- ours: the genogram's layout and SVG (`render(case, "genogram")`), its CPU time measured in-process
  after the case is loaded; the process's peak RSS (interpreter and case included);
- `dot -Tsvg` on our own DOT export of the same case (`--format dot`: union points, one rank per
  generation), with `splines=ortho` (what the export writes) and without; the whole process's CPU
  time (user + system, from wait4) and peak RSS.  A run past --dot-timeout seconds of CPU time is
  stopped (RLIMIT_CPU) and shown as `>N`, N the CPU seconds it had used.
Each program runs --repeat times (3) on each family, each run in a fresh process, and the least
CPU time is kept (a run of 10 s or more once): one short run on a shared machine can take half as
long again as the next.  Times are CPU seconds, not wall clock: on a shared machine the wall clock
says more about the other jobs than about either program (both are single-threaded).  The two are
not measured alike: ours is the drawing alone in a warm process (no interpreter start, imports or
case loading), dot's the whole process, its start included (printed once: `dot -Tsvg` on a
one-person family).
Ours runs the layout as this install has it: compiled (`socialmaps.native`, built at install where a C
compiler is present) or pure Python (printed above the table; SOCIALMAPS_PURE=1 measures the Python).
Ratios are our time / dot's: below 1, socialmaps is the faster ("ahead").
Crossings: ours is the genogram's own count (proper crossings
between lines of different unions); dot's is the same rule applied to the edges of dot's SVG,
each edge belonging to its union point, curves flattened to 8 pieces.  Copies: the people ours
draws twice to spare a line that would cross (a married child by the partner, a child under a
second union; `dot` draws each once, so its crossings are ours' copies' lines too).
Families: bench/generate_families.py's `family_case(n)`, and the biggest files of ../shared/data
imported whole (`--focus all`).  Needs Graphviz: `apt-get install -y graphviz` (Debian/Ubuntu) or
`brew install graphviz`; without it only our columns are filled.
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATA = HERE.parent.parent / "shared" / "data"
LARGEST = ("djeffrey_gedcom_samples/Queen.ged", "gedcom4j_samples/5.5.1_sample_3.ged",
           "djeffrey_gedcom_samples/royal92.ged", "djeffrey_gedcom_samples/pres2020.ged",
           "kinship2/minnbreast.csv")
SVG_NS = "{http://www.w3.org/2000/svg}"


@dataclass
class Run:
    seconds: float | None = None      # None: stopped at the timeout, or failed
    peak_mb: float | None = None
    crossings: int | None = None
    copies: int | None = None  # people drawn twice (ours only: dot draws each node once)
    note: str = ""


@dataclass
class Row:
    family: str
    people: int = 0
    ours: Run = field(default_factory=Run)
    dot: Run = field(default_factory=Run)
    ortho: Run = field(default_factory=Run)


# ----------------------------------------------------------------------------- the processes

# A stopped run's wall-clock backstop, as a multiple of its CPU budget (a loaded machine gives a
# process a fraction of a core; the CPU limit is what stops it).
WALL_PER_CPU = 20


def _cpu_limit(seconds: float) -> None:
    import resource

    limit = max(1, int(seconds))
    resource.setrlimit(resource.RLIMIT_CPU, (limit, limit + 1))


def _waited(command: list[str], cpu_budget: float) -> tuple[int | None, float, float, str]:
    """Run a command with `cpu_budget` seconds of CPU time (SIGXCPU past it); (exit status or None
    if stopped, CPU seconds, peak RSS in MB, stdout)."""
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                               preexec_fn=lambda: _cpu_limit(cpu_budget))
    timer = threading.Timer(cpu_budget * WALL_PER_CPU, process.kill)
    timer.start()
    output = process.stdout.read() if process.stdout else ""
    _, status, usage = os.wait4(process.pid, 0)
    timer.cancel()
    process.returncode = os.waitstatus_to_exitcode(status)
    cpu = usage.ru_utime + usage.ru_stime
    return (None if process.returncode < 0 else process.returncode), cpu, usage.ru_maxrss / 1024, output


def _case_of(spec: str):  # type: ignore[no-untyped-def]
    """`gen:N` (a generated family) or a data file (imported whole)."""
    sys.path.insert(0, str(HERE))
    if spec.startswith("gen:"):
        from generate_families import family_case
        from socialmaps.loader import load_text

        return load_text(family_case(int(spec[4:])), spec, max_bytes=200_000_000)
    from socialmaps.importers import import_file

    return import_file(spec).case


def _cpu_seconds() -> float:
    """This process's CPU time (user + system), as wait4 gives dot's.  Not `time.process_time`: under
    the CPU limit each run is given (`_cpu_limit`, set before the program starts) Linux reads the
    process clock from the limit's own timer, which moves a scheduler tick at a time (4 ms here: a
    drawing of 22 ms read 20, 24 or 28)."""
    import resource

    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def worker(spec: str, dot_dir: str) -> None:
    """In the child process: load (untimed), draw the genogram (timed), count crossings (untimed),
    and write both DOT files for the dot runs."""
    from socialmaps.diagrams.genogram.dot import genogram_dot
    from socialmaps.render import render

    case = _case_of(spec)
    render(_case_of("gen:20"), "genogram")  # warm: lazy imports, fonts, style files
    started = _cpu_seconds()
    drawing = render(case, "genogram")
    seconds = _cpu_seconds() - started
    crossings = int(drawing.metrics["crossings"])
    copies = int(drawing.metrics["copies"])
    Path(dot_dir, "ortho.dot").write_text(genogram_dot(case, ortho=True), encoding="utf-8")
    Path(dot_dir, "plain.dot").write_text(genogram_dot(case, ortho=False), encoding="utf-8")
    print(json.dumps({"seconds": seconds, "crossings": crossings, "copies": copies,
                      "people": len(case.people)}))


# A run shorter than this is repeated (--repeat) and the least time kept: on a shared machine one
# short run can take half as long again as the next (dot's and ours alike).
REPEAT_BELOW = 10.0


def _least(first: Run, again: Callable[[], Run], repeat: int) -> Run:
    """`first`, or the run of least CPU time among it and `repeat - 1` more (for a short run only);
    the peak memory the most any of them reached."""
    best = first
    if first.seconds is None or first.seconds >= REPEAT_BELOW:
        return first
    for _ in range(repeat - 1):
        run = again()
        if run.seconds is not None and run.seconds < (best.seconds or math.inf):
            best = Run(run.seconds, best.peak_mb, best.crossings, best.copies, best.note)
        best.peak_mb = max(best.peak_mb or 0.0, run.peak_mb or 0.0)
    return best


def ours(spec: str, folder: Path, timeout: float, repeat: int = 1) -> tuple[Run, int]:
    def once() -> tuple[Run, int]:
        status, _, peak, output = _waited([sys.executable, __file__, "--worker", spec, str(folder)], timeout)
        if status != 0 or not output.strip():
            return Run(note="stopped" if status is None else f"failed ({status})"), 0
        found = json.loads(output.strip().splitlines()[-1])
        return Run(found["seconds"], peak, found["crossings"], found["copies"]), int(found["people"])

    first, people = once()
    return _least(first, lambda: once()[0], repeat), people


def dot_run(dot_file: Path, timeout: float, count: bool, repeat: int = 1) -> Run:
    svg = dot_file.with_suffix(".svg")

    def once() -> Run:
        status, cpu, peak, _ = _waited(["dot", "-Tsvg", str(dot_file), "-o", str(svg)], timeout)
        if status is None:
            return Run(None, peak, note=f">{cpu:.1f}")
        if status != 0:
            return Run(None, peak, note=f"dot failed ({status})")
        return Run(cpu, peak)

    run = _least(once(), once, repeat)
    if run.seconds is not None and count:
        run.crossings = counted(svg)
    return run


def counted(svg: Path) -> int | None:
    """dot_crossings in a process of its own: parsing a big SVG would grow this process, and every
    process it starts afterwards would report that size as its own peak (Linux keeps a forked
    child's high-water mark across exec)."""
    status, _, _, output = _waited([sys.executable, __file__, "--count", str(svg)], 600)
    return int(output.strip()) if status == 0 and output.strip().isdigit() else None


# ----------------------------------------------------------------------------- dot's crossings

Segment = tuple[float, float, float, float]
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?(?:e-?\d+)?")


def _flattened(d: str, pieces: int = 8) -> list[tuple[float, float]]:
    """dot's edge path (M, then cubic C segments) as a polyline."""
    values = [float(v) for v in _NUMBER.findall(d)]
    points = list(zip(values[0::2], values[1::2], strict=False))
    if not points:
        return []
    line = [points[0]]
    for i in range(1, len(points) - 2, 3):
        p0, p1, p2, p3 = line[-1], points[i], points[i + 1], points[i + 2]
        for k in range(1, pieces + 1):
            t = k / pieces
            u = 1 - t
            line.append((u**3 * p0[0] + 3 * u * u * t * p1[0] + 3 * u * t * t * p2[0] + t**3 * p3[0],
                         u**3 * p0[1] + 3 * u * u * t * p1[1] + 3 * u * t * t * p2[1] + t**3 * p3[1]))
    return line


def _edges(svg: Path) -> list[tuple[str, list[tuple[float, float]]]]:
    """(owner union, polyline) of every edge in dot's SVG."""
    edges = []
    for group in ET.parse(svg).getroot().iter(f"{SVG_NS}g"):
        if group.get("class") != "edge":
            continue
        title = group.findtext(f"{SVG_NS}title") or ""
        ends = title.split("->")
        owner = next((end for end in ends if end.startswith("union.")), title)
        for path in group.iter(f"{SVG_NS}path"):
            edges.append((owner, _flattened(path.get("d", ""))))
    return edges


def _crossing(a: Segment, b: Segment) -> tuple[float, float] | None:
    (x1, y1, x2, y2), (x3, y3, x4, y4) = a, b
    d = (x2 - x1) * (y4 - y3) - (y2 - y1) * (x4 - x3)
    if abs(d) < 1e-9:
        return None
    t = ((x3 - x1) * (y4 - y3) - (y3 - y1) * (x4 - x3)) / d
    u = ((x3 - x1) * (y2 - y1) - (y3 - y1) * (x2 - x1)) / d
    eps = 1e-6
    if eps < t < 1 - eps and eps < u < 1 - eps:
        return x1 + t * (x2 - x1), y1 + t * (y2 - y1)
    return None


def dot_crossings(svg: Path, cell: float = 40.0) -> int:
    """Proper crossings between edges of different unions (points closer than 0.5 count once),
    found through a grid of `cell`-sized buckets."""
    grid: dict[tuple[int, int], list[tuple[str, Segment]]] = {}
    for owner, line in _edges(svg):
        for (x1, y1), (x2, y2) in itertools.pairwise(line):
            segment = (x1, y1, x2, y2)
            for gx in range(int(min(x1, x2) // cell), int(max(x1, x2) // cell) + 1):
                for gy in range(int(min(y1, y2) // cell), int(max(y1, y2) // cell) + 1):
                    grid.setdefault((gx, gy), []).append((owner, segment))
    found: set[tuple[int, int]] = set()
    for bucket in grid.values():
        for i, (owner_a, a) in enumerate(bucket):
            for owner_b, b in bucket[i + 1:]:
                if owner_a != owner_b and (point := _crossing(a, b)) is not None:
                    found.add((round(point[0] * 2), round(point[1] * 2)))
    return len(found)


# ----------------------------------------------------------------------------- the table

def _time(run: Run) -> str:
    return f"{run.seconds:8.3f}" if run.seconds is not None else f"{run.note:>8}"


def _mb(run: Run) -> str:
    return f"{run.peak_mb:7.0f}" if run.peak_mb is not None else f"{'-':>7}"


def _ratio(theirs: Run, ours_run: Run) -> str:
    """Our time over dot's (below 1: ours is the faster); dot stopped at N s: below ours / N."""
    if theirs.seconds is None and ours_run.seconds and theirs.note.startswith(">"):
        return f"{'<' + format(ours_run.seconds / float(theirs.note[1:]), '.3f'):>7}"
    if theirs.seconds is None or not ours_run.seconds:
        return f"{'-':>7}"
    return f"{ours_run.seconds / theirs.seconds:7.3f}" if ours_run.seconds < theirs.seconds / 10 \
        else f"{ours_run.seconds / theirs.seconds:7.2f}"


def _ahead(theirs: Run, ours_run: Run) -> str:
    """Whether ours took less CPU time than dot's run ("?" where either is missing)."""
    if ours_run.seconds is None:
        return "?"
    if theirs.seconds is None:
        return "yes" if theirs.note.startswith(">") and ours_run.seconds < float(theirs.note[1:]) else "?"
    return "yes" if ours_run.seconds < theirs.seconds else "no"


def _count(run: Run) -> str:
    return f"{run.crossings:>6}" if run.crossings is not None else f"{'-':>6}"


HEADER = (f"{'family':28} {'people':>6} | {'ours s':>8} {'MB':>7} | {'dot s':>8} {'MB':>7} {'ours/dot':>8} | "
          f"{'ortho s':>8} {'MB':>7} {'ours/ortho':>10} | {'cross':>6} {'dot':>6} {'ortho':>6} "
          f"{'copies':>6} | {'ahead of dot / ortho':>20}")


def line(row: Row) -> str:
    ahead = f"{_ahead(row.dot, row.ours)} / {_ahead(row.ortho, row.ours)}"
    return (f"{row.family[:28]:28} {row.people:6d} | {_time(row.ours)} {_mb(row.ours)} | "
            f"{_time(row.dot)} {_mb(row.dot)} {_ratio(row.dot, row.ours):>8} | "
            f"{_time(row.ortho)} {_mb(row.ortho)} {_ratio(row.ortho, row.ours):>10} | "
            f"{_count(row.ours)} {_count(row.dot)} {_count(row.ortho)} "
            f"{row.ours.copies if row.ours.copies is not None else '-':>6} | {ahead:>20}")


def dot_start(folder: Path) -> float | None:
    """CPU seconds of `dot -Tsvg` on a one-person family: dot's start (plugins, fonts), which
    every dot time in the table includes."""
    one = folder / "one.dot"
    one.write_text('digraph G {\n\tnode [fontname="DejaVu Sans" fontsize=10]\n'
                   '\tp1 [label="P1" shape=box]\n}\n', encoding="utf-8")
    runs = [dot_run(one, 10, False).seconds for _ in range(5)]
    found = [r for r in runs if r is not None]
    return min(found) if found else None


def measure(name: str, spec: str, args: argparse.Namespace, has_dot: bool) -> Row:
    with tempfile.TemporaryDirectory(prefix="bench-scale-") as tmp:
        folder = Path(tmp)
        row = Row(name)
        row.ours, row.people = ours(spec, folder, args.timeout, args.repeat)
        if has_dot and (folder / "plain.dot").exists():
            row.dot = dot_run(folder / "plain.dot", args.dot_timeout, not args.no_count, args.repeat)
            if not args.no_ortho:
                row.ortho = dot_run(folder / "ortho.dot", args.dot_timeout, not args.no_count, args.repeat)
        return row


def sizes(text: str) -> list[int]:
    """``--sizes``: sizes and ranges, comma-separated (``100,400`` or ``20:400:20``, from 20 to 400
    in steps of 20: the generated families differ in shape from one size to the next, and a few
    sizes alone may miss the shapes whose lines take the layout many tries)."""
    found: list[int] = []
    for part in (p.strip() for p in text.split(",")):
        if ":" in part:
            start, stop, *step = (int(n) for n in part.split(":"))
            found += range(start, stop + 1, step[0] if step else 1)
        elif part:
            found.append(int(part))
    return found


def summary(rows: list[Row]) -> str:
    """How many families ours drew ahead of plain `dot`, and the one it was furthest behind on."""
    # (a dot run stopped at the timeout counts: ours is ahead where it took less than dot had used)
    verdicts = [(r, _ahead(r.dot, r.ours)) for r in rows]
    compared = [r for r, verdict in verdicts if verdict != "?"]
    if not compared:
        return "ahead of plain dot: nothing to compare"
    ahead = sum(1 for _, verdict in verdicts if verdict == "yes")
    worst = max(compared, key=lambda r: (r.ours.seconds or 0.0) / (r.dot.seconds or math.inf))
    ratio = _ratio(worst.dot, worst.ours).strip()
    return (f"ahead of plain dot on {ahead} of {len(compared)} families; furthest behind: "
            f"{worst.family.strip()} ({worst.people} people), ours/dot {ratio}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="100,400,1000,5000,20000",
                        help="generated family sizes, comma-separated; FROM:TO:STEP for a range")
    parser.add_argument("--files", type=int, default=len(LARGEST), help="how many of the largest data files")
    parser.add_argument("--dot-timeout", type=float, default=120,
                        help="CPU seconds before a dot run is stopped")
    parser.add_argument("--timeout", type=float, default=600, help="CPU seconds before our run is stopped")
    parser.add_argument("--no-count", action="store_true", help="skip counting dot's crossings")
    parser.add_argument("--no-ortho", action="store_true",
                        help="skip dot with splines=ortho (slow past 400 people)")
    parser.add_argument("--repeat", type=int, default=3,
                        help=f"runs of each program on each family, the least time kept (a run of "
                             f"{REPEAT_BELOW:.0f} s or more is not repeated)")
    parser.add_argument("--worker", nargs=2, help=argparse.SUPPRESS)
    parser.add_argument("--count", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(*args.worker)
        return 0
    if args.count:
        print(dot_crossings(Path(args.count)))
        return 0
    has_dot = shutil.which("dot") is not None
    if not has_dot:
        print("Graphviz's `dot` is not installed: only our columns are measured. Install it with "
              "`apt-get install -y graphviz` (Debian/Ubuntu) or `brew install graphviz` (macOS).")
    start = None
    if has_dot:
        with tempfile.TemporaryDirectory(prefix="bench-scale-") as tmp:
            start = dot_start(Path(tmp))
    from socialmaps import native  # (the workers import socialmaps the same way: the same layout)

    print(f"our layout: {native.status()}")
    print("CPU seconds (ours: layout + SVG in a warm process, no interpreter start, imports or case loading; "
          "dot: the whole `dot -Tsvg` process, its start included"
          + (f" ({start:.3f} s on a one-person family)" if start is not None else "")
          + "; >N: stopped at --dot-timeout), MB = peak RSS, ours/dot = our time / dot's (below 1: ours is "
          "the faster), cross = crossings, copies = people ours draws twice (a copy by a partner or under a "
          "second union, where a line would cross; dot draws each once)")
    print(HEADER)
    print("-" * len(HEADER))
    jobs = [(f"generated {n:,}", f"gen:{n}") for n in sizes(args.sizes)]
    jobs += [(Path(name).name, str(DATA / name)) for name in LARGEST[:args.files] if (DATA / name).is_file()]
    rows = []
    for name, spec in jobs:
        rows.append(measure(name, spec, args, has_dot))
        print(line(rows[-1]), flush=True)
    print(summary(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
