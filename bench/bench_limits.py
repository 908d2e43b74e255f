"""The largest case files the size limit admits, and how long each takes to answer.

    .venv/bin/python bench/bench_limits.py [--bytes N] [--timeout S] [--fractions 0.01,0.1,1]

Four files are generated in code (nothing big is committed), each as large as the byte limit
allows (SOCIALMAPS_MAX_BYTES, default 2,000,000 bytes; `--bytes` overrides it for both the files
and the loader): a body map with as many marks as fit, an ecomap whose ties all carry notes, a
one-line chain of generations, and a broad family.  Each is loaded and drawn in a fresh Python
process with a timeout, so a hang prints "timeout >S s" instead of blocking the table.
`--fractions` adds rows at fractions of the limit, to show how the time grows.
`--cli` also times the whole command as a user runs it, `socialmaps render FILE --out DIR` in a
fresh process (start, imports, load with validation and warnings, every diagram, SVG, the atomic
write): its wall time and its CPU time (user + system, as /usr/bin/time counts them).
Issue 10 asks every file within the limit to be answered in under 5 s.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve()
REGIONS = ("head", "face", "neck", "left-shoulder", "right-shoulder", "left-upper-arm", "right-upper-arm",
           "left-elbow", "right-elbow", "left-forearm", "right-forearm", "left-hand", "right-hand",
           "chest", "abdomen", "pelvis", "left-hip", "right-hip", "left-thigh", "right-thigh",
           "left-knee", "right-knee", "left-lower-leg", "right-lower-leg", "left-ankle", "right-ankle",
           "left-foot", "right-foot")
KINDS = ("injury", "pain", "scar", "illness", "disability", "feeling", "other")
HEADER = "socialmaps: 1\ncase:\n  id: limits\n  client: c\n  date: 2024-09-07\n"


@dataclass(frozen=True)
class Generated:
    """One generated case file and what it holds."""

    text: str
    diagram: str
    people: int = 0
    marks: int = 0
    ties: int = 0


# --------------------------------------------------------------------------- generators

def bodymap(n: int) -> Generated:
    """A client with `n` marks, every front region in turn, each with a short note."""
    lines = [HEADER, "people:\n  - {id: c, name: Klien, sex: female, born: 2008}\n",
             "bodymap:\n  views: [front]\n  marks:\n"]
    for i in range(n):
        lines.append(f"    - {{region: {REGIONS[i % len(REGIONS)]}, kind: {KINDS[i % len(KINDS)]}, "
                     f"note: luka ke-{i + 1} karena jatuh}}\n")
    return Generated("".join(lines), "bodymap", people=1, marks=n)


def ecomap(n: int) -> Generated:
    """A client and `n` systems, each joined to the client by a tie with a note."""
    kinds = ("school", "work", "health", "religion", "friends", "social-services", "recreation")
    lines = [HEADER, "people:\n  - {id: c, name: Klien, sex: male, born: 2008}\n",
             "ecomap:\n  center: c\n  systems:\n"]
    for i in range(n):
        lines.append(f"    - {{id: s{i}, name: Lembaga {i + 1}, kind: {kinds[i % len(kinds)]}}}\n")
    lines.append("  ties:\n")
    for i in range(n):
        lines.append(f"    - {{from: c, to: s{i}, strength: {('strong', 'moderate', 'weak')[i % 3]}, "
                     f"note: bertemu tiap minggu {i + 1}}}\n")
    return Generated("".join(lines), "ecomap", people=1, ties=n)


def chain(n: int) -> Generated:
    """`n` generations, each the only child of the one before (one-parent unions)."""
    lines = [HEADER.replace("client: c", "client: p0"), "people:\n"]
    lines += [f"  - {{id: p{i}, name: P{i}, sex: {'male' if i % 2 else 'female'}}}\n" for i in range(n)]
    lines.append("unions:\n")
    lines += [f"  - {{partners: [p{i}], children: [p{i + 1}]}}\n" for i in range(n - 1)]
    return Generated("".join(lines), "genogram", people=n)


def family(n: int) -> Generated:
    """About `n` people: each descendant marries someone from outside and has three children,
    generation after generation from one couple (a broad, shallow family)."""
    def person(number: int, born: int) -> str:
        return (f"  - {{id: p{number}, name: P{number}, sex: {'male' if number % 2 else 'female'}, "
                f"born: {min(born, 2020)}}}\n")

    people = [person(0, 1900), person(1, 1902)]
    unions: list[str] = []
    couples = [("p0", "p1", 1900)]
    count = 2
    while count < n and couples:
        next_couples = []
        for a, b, year in couples:
            kids = []
            for _ in range(3):
                if count >= n:
                    break
                people.append(person(count, year + 25))
                kids.append(f"p{count}")
                count += 1
                if count < n:  # the child's partner, from outside the family
                    people.append(person(count, year + 26))
                    next_couples.append((kids[-1], f"p{count}", min(year + 25, 2020)))
                    count += 1
            if kids:
                unions.append(f"  - {{partners: [{a}, {b}], children: [{', '.join(kids)}]}}\n")
        couples = next_couples
    text = HEADER.replace("client: c", "client: p0") + "people:\n" + "".join(people)
    text += "unions:\n" + "".join(unions)
    return Generated(text, "genogram", people=count)


GENERATORS: dict[str, Callable[[int], Generated]] = {
    "body map (marks)": bodymap, "ecomap (ties with notes)": ecomap, "chain (generations)": chain,
    "family (people)": family,
}


def largest(generate: Callable[[int], Generated], limit: int) -> Generated:
    """The largest generated file of at most `limit` bytes (bisection on the item count)."""
    low, high = 1, 2
    while len(generate(high).text.encode()) <= limit:
        low, high = high, high * 2
    while high - low > 1:
        mid = (low + high) // 2
        if len(generate(mid).text.encode()) <= limit:
            low = mid
        else:
            high = mid
    return generate(low)


# --------------------------------------------------------------------------- timing

def child(path: str, diagram: str) -> None:
    """In the fresh process: load, then draw, printing a JSON line after each step."""
    from socialmaps import load_case, render
    from socialmaps.errors import CaseError

    start, cpu = time.perf_counter(), time.process_time()
    try:
        case = load_case(path)
    except CaseError as err:
        print(json.dumps({"refused": str(err.problems[0]).split(": ", 1)[1]}), flush=True)
        return
    print(json.dumps({"load_s": time.perf_counter() - start, "load_cpu": time.process_time() - cpu}),
          flush=True)
    start, cpu = time.perf_counter(), time.process_time()
    render(case, diagram)
    print(json.dumps({"render_s": time.perf_counter() - start, "render_cpu": time.process_time() - cpu}),
          flush=True)


@dataclass
class Timing:
    """Wall time of each step, and its CPU time (the process's own: what a shared machine's
    other work does not inflate as much)."""

    load: str = "-"
    render: str = "-"
    load_cpu: str = "-"
    render_cpu: str = "-"


def time_in_subprocess(path: Path, diagram: str, timeout: float, limit: int) -> Timing:
    env = {**os.environ, "SOCIALMAPS_MAX_BYTES": str(limit)}
    timing = Timing()
    try:
        done = subprocess.run([sys.executable, str(HERE), "--child", str(path), diagram], env=env,
                              capture_output=True, text=True, timeout=timeout, check=False)
        out, failed = done.stdout, done.returncode != 0 and done.stderr.strip().splitlines()[-1:]
    except subprocess.TimeoutExpired as err:
        stdout = err.stdout.decode() if isinstance(err.stdout, bytes) else (err.stdout or "")
        out, failed = stdout, None
        timing.render = f"timeout >{timeout:g} s"
    for line in out.splitlines():
        step = json.loads(line)
        if "refused" in step:
            timing.load = "refused: " + step["refused"][:70]
        if "load_s" in step:
            timing.load, timing.load_cpu = f"{step['load_s']:.2f} s", f"{step['load_cpu']:.2f} s"
        if "render_s" in step:
            timing.render, timing.render_cpu = f"{step['render_s']:.2f} s", f"{step['render_cpu']:.2f} s"
    if timing.load == "-" and timing.render.startswith("timeout"):
        timing.load, timing.render = timing.render, "-"
    if failed:
        timing.render = "crash: " + failed[0][:70]
    return timing


@dataclass
class CommandTiming:
    """The whole `socialmaps render` command: wall time, and user + system CPU time."""

    wall: str = "-"
    cpu: str = "-"


def time_command(path: Path, timeout: float, limit: int) -> CommandTiming:
    """`socialmaps render PATH --out DIR` in a fresh process, as a user runs it."""
    env = {**os.environ, "SOCIALMAPS_MAX_BYTES": str(limit)}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    with tempfile.TemporaryDirectory() as out:
        try:
            done = subprocess.run([sys.executable, "-m", "socialmaps", "render", str(path), "--out", out],
                                  env=env, capture_output=True, text=True, timeout=timeout, check=False)
        except subprocess.TimeoutExpired:
            return CommandTiming(f"timeout >{timeout:g} s", "-")
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if done.returncode != 0:
        return CommandTiming("failed: " + (done.stderr.strip().splitlines() or ["?"])[-1][:60], "-")
    return CommandTiming(f"{wall:.2f} s", f"{cpu:.2f} s")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bytes", type=int, default=None, help="the byte limit (default: the loader's)")
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds per file (default 60)")
    parser.add_argument("--fractions", default="1", help="fractions of the limit, e.g. 0.01,0.1,1")
    parser.add_argument("--only", default="", help="run only the generators whose name contains this")
    parser.add_argument("--cli", action="store_true",
                        help="also time `socialmaps render FILE --out DIR` as a whole, in a fresh process")
    parser.add_argument("--child", nargs=2, metavar=("CASE", "DIAGRAM"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return 0
    from socialmaps.yamlsource import max_bytes

    limit = args.bytes or max_bytes()
    print(f"byte limit {limit:,} (SOCIALMAPS_MAX_BYTES); timeout {args.timeout:g} s per file; "
          "load and render each in a fresh process (wall time, then the process's CPU time)"
          + ("; command: `socialmaps render FILE --out DIR` in a fresh process (wall, user + system CPU)"
             if args.cli else ""))
    row = "{:<26} {:>10} {:>8} {:>7} {:>7}  {:<30} {:<18} {:>9} {:>10}"
    row += "  {:<18} {:>11}" if args.cli else ""
    print(row.format("file", "bytes", "people", "marks", "ties", "load", "render", "load cpu", "render cpu",
                     "command", "command cpu"))
    with tempfile.TemporaryDirectory() as folder:
        for name, generate in GENERATORS.items():
            if args.only not in name:
                continue
            for fraction in (float(f) for f in args.fractions.split(",")):
                generated = largest(generate, int(limit * fraction))
                path = Path(folder) / "case.yaml"
                path.write_text(generated.text, encoding="utf-8")
                timing = time_in_subprocess(path, generated.diagram, args.timeout, limit)
                command = time_command(path, args.timeout, limit) if args.cli else CommandTiming()
                print(row.format(name, f"{len(generated.text.encode()):,}", f"{generated.people:,}",
                                 f"{generated.marks:,}", f"{generated.ties:,}", timing.load, timing.render,
                                 timing.load_cpu, timing.render_cpu, command.wall, command.cpu), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
