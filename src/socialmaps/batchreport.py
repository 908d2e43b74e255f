"""The batch's report: `report.json`, `report.csv` and `index.html` in the output folder.

Each is written whole or not at all (`batch.write_atomic`).  `index.html` is one self-contained
file: inline CSS, no script, nothing fetched from anywhere; the cohort charts are SVG drawn by
matplotlib and embedded inline; the thumbnails are relative links to the case folders' own SVGs
(PNG when no SVG was asked for), so the page stays small and works offline, opened as a file, as
long as it stays beside the folders it shows.  Failures come first, with their messages.
"""

from __future__ import annotations

import collections
import csv
import dataclasses
import hashlib
import html
import io
import json
import re
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from . import __version__
from .options import RenderOptions

if TYPE_CHECKING:
    from .batch import CaseRow, Outcome

# The last charts drawn and what they were drawn from: a re-run that changed nothing does not even
# import matplotlib (a second or so of a run that otherwise only hashes files).
CHARTS_CACHE = ".socialmaps-batch-charts.json"
CSV_COLUMNS = ("file", "case_id", "folder", "status", "diagrams", "seconds", "error", "warnings")
STRENGTHS = ("strong", "moderate", "weak", "broken")
DIMENSIONS = ("biological", "psychological", "social", "spiritual")


def write_reports(out: Path, outcome: Outcome, options: RenderOptions) -> None:
    from .atomicfile import write_atomic

    write_atomic(out / "report.json", report_json(outcome, options).encode("utf-8"))
    write_atomic(out / "report.csv", report_csv(outcome.rows).encode("utf-8"))
    page = index_html(outcome, options, charts_cache=out / CHARTS_CACHE)
    write_atomic(out / "index.html", page.encode("utf-8"))


def counts(rows: Sequence[CaseRow]) -> dict[str, int]:
    found = collections.Counter(row.status for row in rows)
    return {status: found[status] for status in ("ok", "skipped", "invalid", "failed", "not run")}


def report_json(outcome: Outcome, options: RenderOptions) -> str:
    cases = [{"file": r.file, "case_id": r.case_id, "folder": r.folder, "status": r.status,
              "diagrams": list(r.diagrams), "files": list(r.files), "seconds": r.seconds,
              "errors": list(r.errors), "warnings": list(r.warnings)} for r in outcome.rows]
    report = {"socialmaps": __version__, "options": json.loads(options.model_dump_json()),
              "interrupted": outcome.interrupted, "counts": counts(outcome.rows),
              "seconds": round(outcome.seconds, 3), "workers": outcome.workers,
              "worker_startup_seconds": round(outcome.startup_seconds, 3), "cases": cases}
    return json.dumps(report, indent=2, ensure_ascii=False) + "\n"


def report_csv(rows: Sequence[CaseRow]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for r in rows:
        writer.writerow([r.file, r.case_id or "", r.folder or "", r.status, ";".join(r.diagrams),
                         f"{r.seconds:.3f}", "\n".join(r.errors), "\n".join(r.warnings)])
    return buffer.getvalue()


# ----------------------------------------------------------------------------- index.html

_STYLE = """
body { font-family: system-ui, sans-serif; margin: 1.5em; color: #222; }
h1 { font-size: 1.4em; } h2 { font-size: 1.15em; margin-top: 1.6em; }
table { border-collapse: collapse; } td, th { border: 1px solid #ccc; padding: .25em .5em; text-align: left;
  vertical-align: top; }
pre { margin: 0; white-space: pre-wrap; font-size: .85em; }
.failed td { background: #fff0f0; }
.charts { display: flex; flex-wrap: wrap; gap: 1em; } .charts figure { margin: 0; width: 460px; }
.charts svg { width: 100%; height: auto; }
.gallery { display: flex; flex-wrap: wrap; gap: 1em; }
.case { border: 1px solid #ddd; padding: .5em; width: 360px; }
.case h3 { font-size: 1em; margin: 0 0 .3em; } .case .file { font-size: .8em; color: #666; }
.thumbs { display: flex; flex-wrap: wrap; gap: .3em; }
.thumbs img { width: 110px; height: 90px; object-fit: contain; border: 1px solid #eee; background: #fff; }
.warn { font-size: .8em; color: #8a5a00; }
"""


def index_html(outcome: Outcome, options: RenderOptions, charts_cache: Path | None = None) -> str:
    rows = outcome.rows
    failed = [r for r in rows if r.failed]
    shown = [r for r in rows if r.status in ("ok", "skipped")]
    not_run = [r for r in rows if r.status == "not run"]
    number = counts(rows)
    parts = ["<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
             "<title>socialmaps batch</title>", f"<style>{_STYLE}</style></head><body>",
             "<h1>socialmaps batch</h1>",
             "<p>" + ", ".join(f"{n} {s}" for s, n in number.items() if n)
             + f" of {len(rows)} case(s); formats {html.escape(', '.join(options.formats))}"
             + (" &mdash; <strong>interrupted</strong>: the cases not run are listed at the end" if
                outcome.interrupted else "") + ".</p>"]
    parts.append(f"<h2>Failures ({len(failed)})</h2>")
    if failed:
        parts.append("<table><tr><th>file</th><th>case</th><th>status</th><th>messages</th></tr>")
        for r in failed:
            parts.append(f'<tr class="failed"><td>{_e(r.file)}</td><td>{_e(r.case_id or "")}</td>'
                         f"<td>{r.status}</td><td><pre>{_e(chr(10).join(r.errors))}</pre></td></tr>")
        parts.append("</table>")
    else:
        parts.append("<p>None.</p>")
    parts.append("<h2>Cohort</h2>")
    parts.append(cohort_charts(rows, charts_cache))
    parts.append(f"<h2>Cases ({len(shown)})</h2>")
    parts.append('<div class="gallery">')
    parts.extend(_card(r) for r in shown)
    parts.append("</div>")
    if not_run:
        parts.append(f"<h2>Not run ({len(not_run)})</h2><ul>")
        parts.extend(f"<li>{_e(r.file)}</li>" for r in not_run)
        parts.append("</ul>")
    parts.append(f"<p><small>socialmaps {__version__}; report.json and report.csv beside this page."
                 "</small></p></body></html>\n")
    return "\n".join(parts)


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _card(row: CaseRow) -> str:
    thumbs = _thumbnails(row.files)
    warnings = "".join(f'<div class="warn">{_e(w)}</div>' for w in row.warnings)
    images = "".join(f'<a href="{href}"><img src="{href}" alt="{_e(kind)}" title="{_e(kind)}" '
                     f'loading="lazy"></a>' for kind, href in thumbs)
    return (f'<div class="case"><h3>{_e(row.case_id or "")}</h3><div class="file">{_e(row.file)} &rarr; '
            f'{_e(row.folder or "")}/</div><div class="thumbs">{images or "(no diagram)"}</div>'
            f"{warnings}</div>")


def _thumbnails(files: Sequence[str]) -> list[tuple[str, str]]:
    """(diagram, relative URL) per diagram: its SVG, else its PNG; none for PDF only."""
    by_kind: dict[str, dict[str, str]] = collections.defaultdict(dict)
    for name in files:
        stem, _, ext = name.rpartition(".")
        by_kind[stem.rpartition("/")[2]][ext] = name
    found = []
    for kind, names in by_kind.items():
        shown = names.get("svg") or names.get("png")
        if shown:
            found.append((kind, quote(shown)))  # `%` in a folder name must reach the file system as `%`
    return found


# ----------------------------------------------------------------------------- the cohort charts


def cohort_charts(rows: Sequence[CaseRow], cache: Path | None = None) -> str:
    """Four SVG charts inline: family sizes, systems most named with tie strengths, stressful ties
    by kind of system, BPSS items per dimension.  Same rows, same bytes; taken from `cache` when
    it was drawn from the same numbers (and the same socialmaps)."""
    summaries = [r.summary for r in rows if r.summary is not None and r.status in ("ok", "skipped")]
    key = hashlib.sha256(json.dumps([__version__, *map(dataclasses.asdict, summaries)],
                                    sort_keys=True).encode()).hexdigest()
    if cache is not None:
        try:
            cached = json.loads(cache.read_text(encoding="utf-8"))
            if cached["key"] == key:
                return str(cached["html"])
        except (OSError, ValueError, KeyError, TypeError):
            pass
    drawn = _draw_charts(summaries)
    if cache is not None:
        from .atomicfile import write_atomic

        write_atomic(cache, json.dumps({"key": key, "html": drawn}).encode("utf-8"))
    return drawn


def _draw_charts(summaries: Sequence[Any]) -> str:
    charts = [("Family sizes", _family_sizes(summaries)),
              ("Systems most often named, by tie strength", _systems_named(summaries)),
              ("Stressful ties by kind of system", _stress_by_kind(summaries)),
              ("BPSS items per dimension", _bpss_items(summaries))]
    figures = [f"<figure>{_inline(svg, f'c{i}')}<figcaption>{_e(title)}</figcaption></figure>"
               for i, (title, svg) in enumerate(charts)]
    return '<div class="charts">' + "".join(figures) + "</div>"


def _inline(svg: str, prefix: str) -> str:
    """An SVG document as an element of the page: no XML prolog, no metadata, no namespace
    declarations (HTML needs none, and the page names no URL at all), ids made unique to it."""
    svg = svg[svg.index("<svg"):]
    svg = re.sub(r"<metadata>.*?</metadata>\s*", "", svg, flags=re.DOTALL)
    svg = re.sub(r'\s+xmlns(:\w+)?="[^"]*"', "", svg)
    svg = svg.replace("xlink:href=", "href=")
    svg = re.sub(r'\bid="([^"]+)"', rf'id="{prefix}-\1"', svg)
    svg = re.sub(r"url\(#([^)]+)\)", rf"url(#{prefix}-\1)", svg)
    return re.sub(r'href="#([^"]+)"', rf'href="#{prefix}-\1"', svg)


def _figure() -> tuple[Any, Any]:
    from matplotlib.figure import Figure

    figure = Figure(figsize=(6.0, 3.6))
    return figure, figure.add_subplot()


def _svg(figure: Any) -> str:
    import matplotlib

    buffer = io.StringIO()
    with matplotlib.rc_context({"svg.hashsalt": "socialmaps-batch", "svg.fonttype": "none"}):
        figure.tight_layout()
        figure.savefig(buffer, format="svg", metadata={"Date": None})
    return buffer.getvalue()


def _whole_numbers(axis: Any) -> None:
    from matplotlib.ticker import MaxNLocator

    axis.set_major_locator(MaxNLocator(integer=True))


def _no_data(axes: Any) -> None:
    axes.text(0.5, 0.5, "no data", ha="center", va="center", transform=axes.transAxes, color="#888")
    axes.set_xticks([])
    axes.set_yticks([])


def _family_sizes(summaries: Sequence[Any]) -> str:
    figure, axes = _figure()
    sizes = [s.people for s in summaries]
    if sizes:
        bins = range(min(sizes), max(sizes) + 2)
        axes.hist(sizes, bins=list(bins), align="left", color="#4c72b0", edgecolor="white")
        axes.set_xlabel("people in the case")
        axes.set_ylabel("cases")
        _whole_numbers(axes.yaxis)
    else:
        _no_data(axes)
    return _svg(figure)


def _systems_named(summaries: Sequence[Any], top: int = 12) -> str:
    figure, axes = _figure()
    named: collections.Counter[str] = collections.Counter()
    spelling: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)
    strengths: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)
    for summary in summaries:
        for tie in summary.ties:
            key = tie.name.casefold()
            named[key] += 1
            spelling[key][tie.name] += 1
            strengths[key][tie.strength] += 1
    most = sorted(named.items(), key=lambda item: (-item[1], item[0]))[:top]
    if most:
        labels = [_short(min(spelling[k].items(), key=lambda item: (-item[1], item[0]))[0]) for k, _ in most]
        left = [0] * len(most)
        colours = {"strong": "#2a7d3c", "moderate": "#7fb77e", "weak": "#e0b84c", "broken": "#c0392b"}
        for strength in STRENGTHS:
            widths = [strengths[k][strength] for k, _ in most]
            axes.barh(range(len(most)), widths, left=left, color=colours[strength], label=strength)
            left = [a + b for a, b in zip(left, widths, strict=True)]
        axes.set_yticks(range(len(most)), labels, fontsize=7)
        axes.invert_yaxis()
        axes.set_xlabel("ties")
        _whole_numbers(axes.xaxis)
        axes.legend(fontsize=7, loc="lower right")
    else:
        _no_data(axes)
    return _svg(figure)


def _short(label: str, limit: int = 32) -> str:
    return label if len(label) <= limit else label[:limit - 1] + "…"


def _stress_by_kind(summaries: Sequence[Any]) -> str:
    figure, axes = _figure()
    stressful: collections.Counter[str] = collections.Counter()
    all_ties: collections.Counter[str] = collections.Counter()
    for summary in summaries:
        for tie in summary.ties:
            all_ties[tie.kind] += 1
            stressful[tie.kind] += tie.stress
    kinds = sorted(all_ties, key=lambda k: (-stressful[k], -all_ties[k], k))
    if kinds:
        axes.bar(range(len(kinds)), [all_ties[k] for k in kinds], color="#d9d9d9", label="all ties")
        axes.bar(range(len(kinds)), [stressful[k] for k in kinds], color="#c0392b", label="stressful")
        axes.set_xticks(range(len(kinds)), kinds, rotation=40, ha="right", fontsize=7)
        axes.set_ylabel("ties")
        _whole_numbers(axes.yaxis)
        axes.legend(fontsize=7)
    else:
        _no_data(axes)
    return _svg(figure)


def _bpss_items(summaries: Sequence[Any]) -> str:
    figure, axes = _figure()
    per_dimension = {d: [dict(s.bpss).get(d, 0) for s in summaries if s.bpss] for d in DIMENSIONS}
    if any(per_dimension[d] for d in DIMENSIONS):
        data = [per_dimension[d] for d in DIMENSIONS]
        axes.boxplot(data, showmeans=True)
        axes.set_xticks(range(1, len(DIMENSIONS) + 1),
                        [f"{d}\n({sum(v)} in {len(v)} cases)" for d, v in zip(DIMENSIONS, data, strict=True)],
                        fontsize=7)
        axes.set_ylabel("items per case")
    else:
        _no_data(axes)
    return _svg(figure)
