"""Text in, changed diagrams out: what the live editor asks for at each pause in typing.

One warm process: the model, the fonts and the diagram modules are imported once, at start.
A redraw parses and checks the whole text (a few milliseconds) but renders only the diagrams whose
inputs changed: each drawing is cached under a key made of the sections of the case that diagram
reads (`SECTIONS`), the options and its figure number.  Editing a life-map event redraws only the
life map; editing a person redraws the genogram and the ecomap (and the others only when that
person is the client, whose name is in every caption).

A newer edit cancels an older one: requests carry a tab id and a sequence number; the drawing runs
on one worker thread, and a job whose sequence is no longer its tab's latest stops before its next
diagram (a diagram already being drawn is finished: Python cannot stop a thread mid-way).
"""

from __future__ import annotations

import hashlib
import json
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any

from ..errors import CaseError, Problem
from ..loader import validate_source
from ..options import RenderOptions
from ..render import applicable, render
from ..yamlsource import Source, decode, parse

# The sections of the case file each diagram reads, besides `socialmaps`, `case` and the client's
# own entry in `people` (captions and ages).  `tests/test_live_server.py` checks these: changing
# any other section leaves the diagram's bytes unchanged.
FAMILY = ("people", "unions", "relationships")
SECTIONS: dict[str, tuple[str, ...]] = {
    "genogram": FAMILY,
    "ecomap": ("people", "unions", "ecomap"),  # the household inside: people and unions, no emotional lines
    "lifemap": ("lifemap",),
    "bodymap": ("bodymap",),
    "bpss": ("bpss",),
    "strengths": ("strengths",),
    "venn": ("venn",),
    "outcomes": ("measures",),
}
# Lists whose entries have an `id` that a drawing's `data-id` names.
ID_LISTS: tuple[tuple[str, ...], ...] = (("people",), ("unions",), ("ecomap", "systems"))
CACHE_SIZE = 64


@dataclass(frozen=True)
class LiveProblem:
    line: int
    column: int
    message: str

    def to_json(self) -> dict[str, Any]:
        return {"line": self.line, "column": self.column, "message": self.message,
                "text": f"{self.line}:{self.column}: {self.message}"}


@dataclass
class Redraw:
    """The answer to one edit: every diagram's key, with the SVG of those the page lacks."""

    seq: int
    stale: bool = False
    problems: list[LiveProblem] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)
    keys: dict[str, str] = field(default_factory=dict)
    svgs: dict[str, str] = field(default_factory=dict)
    drawn: list[str] = field(default_factory=list)  # rendered now (not from the cache)
    places: dict[str, list[int]] = field(default_factory=dict)  # data-id -> [line, column]
    events: list[dict[str, Any]] = field(default_factory=list)  # title, line, column
    ms: float = 0.0

    def to_json(self) -> dict[str, Any]:
        return {"seq": self.seq, "stale": self.stale, "ok": not self.problems,
                "problems": [p.to_json() for p in self.problems], "kinds": self.kinds,
                "diagrams": {k: {"key": self.keys[k], "svg": self.svgs.get(k)} for k in self.kinds},
                "drawn": self.drawn, "places": self.places, "events": self.events,
                "ms": round(self.ms, 2)}


def _problem(p: Problem) -> LiveProblem:
    return LiveProblem(p.line, p.column, f"{p.path}: {p.message}" if p.path else p.message)


class Drawer:
    """Renders case texts for the live editor, with a per-diagram cache and latest-wins cancelling."""

    def __init__(self, name: str, max_bytes: int) -> None:
        self.name = name
        self.max_bytes = max_bytes
        self._cache: OrderedDict[str, str] = OrderedDict()
        self._latest: dict[str, int] = {}
        self._lock = threading.Lock()

    def announce(self, tab: str, seq: int) -> None:
        """A newer request of `tab` arrived: older ones of that tab may stop."""
        with self._lock:
            if seq > self._latest.get(tab, -1):
                self._latest[tab] = seq
            if len(self._latest) > 256:  # tabs come and go; forget the oldest
                self._latest.pop(next(iter(self._latest)))

    def is_latest(self, tab: str, seq: int) -> bool:
        with self._lock:
            return self._latest.get(tab, seq) <= seq

    def redraw(self, raw: bytes, options: RenderOptions, have: dict[str, str],
               tab: str = "", seq: int = 0) -> Redraw:
        start = time.perf_counter()
        out = Redraw(seq)
        if not self.is_latest(tab, seq):
            out.stale = True
            return out
        try:
            source = parse(decode(raw, self.name, self.max_bytes), self.name, self.max_bytes)
            out.places, out.events = _places(source)
            case = validate_source(source)
        except CaseError as err:
            out.problems = [_problem(p) for p in err.problems]
            out.ms = (time.perf_counter() - start) * 1000
            return out
        out.kinds = applicable(case)
        wanted = out.kinds if options.diagrams is None else [k for k in out.kinds if k in options.diagrams]
        out.kinds = wanted
        for kind in wanted:
            key = self._key(source, kind, options, out.kinds)
            out.keys[kind] = key
            if have.get(kind) == key:
                continue
            svg = self._cached(key)
            if svg is None:
                if not self.is_latest(tab, seq):
                    out.stale = True
                    return out
                try:
                    svg = render(case, kind, options).svg
                except Exception as err:  # a drawing bug: say so beside the text, keep the others
                    out.problems.append(LiveProblem(1, 1, f"the {kind} could not be drawn: "
                                                          f"{type(err).__name__}: {err}"))
                    continue
                self._store(key, svg)
                out.drawn.append(kind)
            out.svgs[kind] = svg
        out.ms = (time.perf_counter() - start) * 1000
        return out

    def _key(self, source: Source, kind: str, options: RenderOptions, kinds: list[str]) -> str:
        data = source.data
        case_info = data.get("case") if isinstance(data.get("case"), dict) else {}
        client_id = case_info.get("client") if isinstance(case_info, dict) else None
        people = data.get("people") if isinstance(data.get("people"), list) else []
        client = [p for p in people if isinstance(p, dict) and p.get("id") == client_id]
        inputs = {
            "kind": kind, "lang": options.lang, "style": options.style,
            "number": options.figure_number or str(kinds.index(kind) + options.caption_start),
            "caption": options.caption,
            "head": [data.get("socialmaps"), data.get("case")], "client": client,
            "sections": [data.get(s) for s in SECTIONS.get(kind, tuple(data))],
        }
        blob = json.dumps(inputs, sort_keys=True, ensure_ascii=False, default=str)
        return hashlib.sha256(blob.encode("utf-8")).hexdigest()[:24]

    def _cached(self, key: str) -> str | None:
        with self._lock:
            svg = self._cache.get(key)
            if svg is not None:
                self._cache.move_to_end(key)
            return svg

    def _store(self, key: str, svg: str) -> None:
        with self._lock:
            self._cache[key] = svg
            while len(self._cache) > CACHE_SIZE:
                self._cache.popitem(last=False)


def _places(source: Source) -> tuple[dict[str, list[int]], list[dict[str, Any]]]:
    """Where each id'd entry and each life-map event starts in the text (for click-to-text)."""
    places: dict[str, list[int]] = {}
    for path in ID_LISTS:
        node: Any = source.data
        for part in path:
            node = node.get(part) if isinstance(node, dict) else None
        for i, entry in enumerate(node if isinstance(node, list) else []):
            if isinstance(entry, dict) and isinstance(entry.get("id"), str | int):
                places.setdefault(str(entry["id"]), list(source.where((*path, i))))
    events: list[dict[str, Any]] = []
    lifemap = source.data.get("lifemap")
    entries = lifemap.get("events") if isinstance(lifemap, dict) else None
    for i, entry in enumerate(entries if isinstance(entries, list) else []):
        if isinstance(entry, dict):
            line, column = source.where(("lifemap", "events", i))
            events.append({"title": str(entry.get("title", "")), "line": line, "column": column})
    return places, events
