"""Live mode: edit-to-new-SVG latency, through the real server (uvicorn on 127.0.0.1, HTTP).

    .venv/bin/python bench/bench_live.py [--runs N]

The server runs as `socialmaps live CASE --no-browser` in its own process, warm (its start-up
renders the file once).  Each row times N edits of one kind: from sending the POST that carries
the edited text to having the response with the changed diagrams (the page already holds the
others: it sends their keys).
Every edit is new text (never a cache hit for the diagram it touches).  Cases: the largest example
and a generated 60-person family with an ecomap of 20 systems.  Target: p95 under 100 ms.
`drawer` is the server's own share (parse, check, draw), the rest is HTTP and JSON; `all` is what
one redraw would cost without the per-diagram cache (render_all of the same case).
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "tests"))

from socialmaps.loader import load_text  # noqa: E402
from socialmaps.render import render_all  # noqa: E402

from familygen import person_entries, sized_family, union_entries  # noqa: E402
from timing import best_and_median  # noqa: E402

KINDS = ["family", "school", "work", "health", "religion", "friends", "social-services", "recreation",
         "legal", "neighbourhood"]


def generated_case() -> str:
    """60 people (tests/familygen.py), the youngest the client living with their parents, and an
    ecomap of 20 systems tied to the household's members."""
    family = sized_family(60)
    client = max(family.people, key=lambda p: (p.birth_key or 0, p.id))
    parents = next((u.partners for u in family.unions if client.id in u.children), ())
    home = {client.id, *parents}
    people = person_entries(family, living_with_client=home)
    unions = union_entries(family)
    systems = [{"id": f"s{i}", "name": f"System {i}", "kind": KINDS[i % len(KINDS)], "size": 1 + i % 3}
               for i in range(20)]
    members = sorted(home)
    strengths = ["strong", "moderate", "weak", "broken"]
    ties = [{"from": members[i % len(members)] if i % 3 else "center", "to": f"s{i}",
             "strength": strengths[i % 4], **({"stress": True} if i % 5 == 0 else {})} for i in range(20)]
    return yaml.safe_dump({"socialmaps": 1, "case": {"id": "BENCH-60", "language": "en", "client": client.id},
                           "people": people, "unions": unions, "relationships": [],
                           "ecomap": {"center": "household", "systems": systems, "ties": ties},
                           "lifemap": {"events": [{"when": 2010 + i, "title": f"Event {i}",
                                                  "valence": (i % 9) - 4 or 1} for i in range(8)]}},
                          sort_keys=False, allow_unicode=True)


def largest_example() -> Path:
    return max((ROOT / "examples").glob("*.yaml"), key=lambda p: p.stat().st_size)


def edits(text: str) -> dict[str, Callable[[int], str]]:
    """Kinds of edit, each giving a new text for edit number i."""
    data = yaml.safe_load(text)
    out: dict[str, Callable[[int], str]] = {}
    people = data.get("people") or []
    client = (data.get("case") or {}).get("client")
    others = [p for p in people if p.get("id") != client]  # the client's name is in every caption
    if others:
        name = str(others[len(others) // 2]["name"])
        needle = f"name: {name}"
        if needle in text:
            out["rename a person"] = lambda i: text.replace(needle, f"{needle} {i}", 1)
        out["add a person"] = lambda i: _add_person(text, i)
    events = (data.get("lifemap") or {}).get("events") or []
    if events:
        title = str(events[0]["title"])
        if f"title: {title}" in text:
            out["edit a life event"] = lambda i: text.replace(f"title: {title}", f"title: {title} {i}", 1)
    out["a typo (error shown)"] = lambda i: text.replace("socialmaps: 1", f"socialmaps: 1\nbogus{i}: 1", 1)
    return out


def _add_person(text: str, i: int) -> str:
    marker = "people:\n"
    at = text.index(marker) + len(marker)
    indent = "  " if text[at:].startswith("  -") else ""
    return text[:at] + f"{indent}- {{id: added{i}, name: Added {i}, sex: female, born: 2001}}\n" + text[at:]


def serve(case: Path) -> tuple[str, str, subprocess.Popen[str]]:
    """`socialmaps live CASE --no-browser` in its own process (as a user runs it): its address."""
    process = subprocess.Popen([sys.executable, "-m", "socialmaps", "live", str(case), "--no-browser"],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    assert process.stdout is not None
    for line in process.stdout:
        found = re.search(r"(http://127\.0\.0\.1:\d+)/\?token=(\S+)", line)
        if found:
            return found.group(1), found.group(2), process
    raise RuntimeError("socialmaps live printed no address")


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def bench_case(label: str, text: str, runs: int, tmp: Path) -> list[tuple[str, ...]]:
    import httpx

    path = tmp / f"{label}.yaml"
    path.write_text(text, encoding="utf-8")
    base, token, process = serve(path)
    rows = []
    try:
        with httpx.Client(base_url=base, headers={"X-Socialmaps-Token": token}, timeout=60) as client:
            seq = 0

            def post(body: str, have: str) -> dict[str, Any]:
                nonlocal seq
                seq += 1
                response = client.post(f"/api/render?tab=bench&seq={seq}", content=body.encode(),
                                       headers={"X-Have": have})
                response.raise_for_status()
                return response.json()

            first = post(text, "")  # the page's first drawing (after the server's warm-up)
            have = ",".join(f"{k}={v['key']}" for k, v in first["diagrams"].items())
            case = load_text(text)
            render_all(case)
            everything = best_and_median(lambda: render_all(case), 5)[1]
            for name, make in edits(text).items():
                times, inside, drawn = [], [], set()
                for i in range(runs):
                    body = make(i)
                    start = time.perf_counter()
                    answer = post(body, have)
                    times.append((time.perf_counter() - start) * 1000)
                    inside.append(float(answer["ms"]))
                    drawn |= set(answer["drawn"])
                rows.append((label, name, ",".join(sorted(drawn)) or "-", f"{statistics.median(times):.1f}",
                             f"{percentile(times, 0.95):.1f}", f"{statistics.median(inside):.1f}",
                             f"{everything:.0f}"))
    finally:
        process.terminate()
        process.wait(10)
    return rows


def main() -> int:
    import tempfile

    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=40)
    args = parser.parse_args()
    example = largest_example()
    rows: list[tuple[str, ...]] = []
    with tempfile.TemporaryDirectory() as tmp:
        rows += bench_case(example.stem, example.read_text(encoding="utf-8"), args.runs, Path(tmp))
        rows += bench_case("generated-60p-20s", generated_case(), args.runs, Path(tmp))
    head = ("case", "edit", "redrawn", "p50 ms", "p95 ms", "drawer p50", "all ms")
    widths = [max(len(r[i]) for r in [head, *rows]) for i in range(len(head))]
    for row in [head, *rows]:
        cells = zip(row, widths, strict=True)
        print("  ".join(c.ljust(w) if i < 3 else c.rjust(w) for i, (c, w) in enumerate(cells)))
    worst = max(float(r[4]) for r in rows)
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"\nworst p95 {worst:.1f} ms (target < 100 ms); {args.runs} edits per row; latency = POST with the "
          f"new text -> response with the changed SVGs; drawer = parse, check and draw inside the server; "
          f"all = render_all of the case (no cache, in this process), median of 5; "
          f"load average {load} on {os.cpu_count()} CPUs")
    return 0


if __name__ == "__main__":
    sys.exit(main())
