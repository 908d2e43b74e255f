"""`socialmaps batch`: many case files into one output folder, in parallel, with a report.

    socialmaps batch cases/ more/*.yaml --out out -j 4 --format svg,png

The steps, each a function below:
1. `collect_inputs`: files, folders (recursively: *.yaml, *.yml, *.json) and globs, as one sorted
   list of files without repeats (sorted by path, so every run and every machine agrees).
2. `make_plan`: per file, a key = SHA-256 of (socialmaps version, render options, the file's bytes);
   its case id read cheaply (parsed, not validated) so that two files sharing a case id get two
   folders: the first in path order `folder_name(id)`, every later one that name + `~dup` + 8 hex
   digits of the SHA-256 of its path (`~` is written by `folder_name` only before 16 hex digits,
   so this never names another case's folder), with a warning in the report for both.  A file
   whose key and folder match the manifest of the last run, which rendered it, and whose files
   are all still there, is skipped.
3. Workers render the rest: each calls `output.write_case` (the code of `render`, atomic per case)
   for one chunk of cases after another, and stays alive for the whole run, so the imports (~0.3 s)
   are paid once per worker.  Local: a `ProcessPoolExecutor` of `-j` spawned processes.  Dask: the
   same function on a `dask.distributed` cluster (`--executor dask [--scheduler ADDRESS]`).  Either
   way the workers write into the output folder themselves: it must be on a file system the
   workers and the client share.
4. `batchreport.write_reports`: `report.json`, `report.csv`, `index.html` (each written whole or
   not at all); the manifest `.socialmaps-batch.json` records what each file rendered to.

Interrupting (Ctrl-C, SIGTERM): the workers are terminated (a case being published removes its
staging folder on the way, so no output folder is ever half written), the report and the manifest
are written for the cases that finished, and the next run renders only the rest.
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import dataclasses
import glob
import hashlib
import json
import os
import re
import signal
import sys
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from . import __version__
from .atomicfile import write_atomic
from .batchargs import add_arguments as add_arguments  # (the options, where they have always been found)
from .batchprogress import Progress
from .loader import CheckedCase
from .model import Case
from .options import RenderOptions
from .output import CaseResult, folder_name, read_case, sweep_stale, write_case

SUFFIXES = (".yaml", ".yml", ".json")
MANIFEST = ".socialmaps-batch.json"
# The report's own files: a case whose folder would take one of these names gets a `~dup` name.
REPORT_FILES = frozenset({"report.json", "report.csv", "index.html"})
Executor = Literal["local", "dask"]
RowStatus = Literal["ok", "skipped", "invalid", "failed", "not run"]


class BatchError(Exception):
    """A problem with the run as a whole (no input found, no dask): one line, exit 2."""


# ----------------------------------------------------------------------------- records


@dataclass(frozen=True)
class SystemTie:
    """One ecomap tie between a system and the client, the household or a person."""

    name: str
    kind: str
    strength: str
    stress: bool


@dataclass(frozen=True)
class CaseSummary:
    """What the cohort charts need from one valid case."""

    people: int
    ties: tuple[SystemTie, ...] = ()
    bpss: tuple[tuple[str, int], ...] = ()  # (dimension, number of items), in the format's order


@dataclass(frozen=True)
class Job:
    """One file to render: `folder` is its case folder's name (None: the file could not be parsed,
    so it will be invalid; the default name then), `key` what the manifest compares."""

    file: str
    folder: str | None
    key: str


@dataclass(frozen=True)
class CaseRow:
    """One case's line in the report and entry in the manifest.  `files` relative to the output
    folder, in `/` form; `errors` the messages (FILE:LINE:COL: ... for input problems)."""

    file: str
    case_id: str | None
    folder: str | None
    status: RowStatus
    diagrams: tuple[str, ...] = ()
    files: tuple[str, ...] = ()
    seconds: float = 0.0
    errors: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    summary: CaseSummary | None = None
    key: str = ""

    @property
    def failed(self) -> bool:
        return self.status in ("invalid", "failed")


@dataclass(frozen=True)
class ChunkResult:
    rows: tuple[CaseRow, ...]
    worker: str  # host:pid, to count workers
    startup_seconds: float


@dataclass(frozen=True)
class Settings:
    """The run as asked on the command line."""

    out: Path
    options: RenderOptions
    jobs: int = field(default_factory=lambda: os.cpu_count() or 1)
    force: bool = False
    executor: Executor = "local"
    scheduler: str | None = None
    chunk: int | None = None  # cases per task; None: chosen from the number of cases and workers


@dataclass
class Plan:
    files: list[str]
    jobs: list[Job]
    skipped: dict[str, CaseRow]
    clashes: dict[str, list[str]]  # file -> warnings about its shared case id


@dataclass
class Outcome:
    rows: list[CaseRow]
    interrupted: bool
    seconds: float
    workers: int
    startup_seconds: float

    @property
    def failed(self) -> int:
        return sum(row.failed for row in self.rows)


# ----------------------------------------------------------------------------- 1. inputs


def collect_inputs(inputs: Sequence[str]) -> list[str]:
    """Every case file named by `inputs`, sorted, each once.  Raises BatchError for an input
    that names nothing (a missing file, a glob matching no case file)."""
    found: dict[str, str] = {}  # resolved -> as named
    missing: list[str] = []
    for item in inputs:
        paths = _expand(item)
        if not paths:
            missing.append(item)
        for path in paths:
            found.setdefault(os.path.realpath(path), os.path.normpath(path))  # ./a and a: one key
    if missing:
        raise BatchError("no case file found for: " + ", ".join(missing)
                         + f" (give files, folders holding {', '.join('*' + s for s in SUFFIXES)}, or globs)")
    return sorted(found.values(), key=_sort_key)


def _expand(item: str) -> list[str]:
    if os.path.isdir(item):
        return _walk(item)
    if os.path.isfile(item):
        return [item]  # named explicitly: taken whatever its suffix
    if glob.has_magic(item):
        out: list[str] = []
        for match in sorted(glob.glob(item, recursive=True)):
            if os.path.isdir(match):
                out.extend(_walk(match))
            elif match.lower().endswith(SUFFIXES):
                out.append(match)
        return out
    return []


def _walk(folder: str) -> list[str]:
    found: list[str] = []
    for root, dirs, names in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))  # hidden: our staging, VCS folders
        found.extend(os.path.join(root, n) for n in names
                     if n.lower().endswith(SUFFIXES) and not n.startswith("."))
    return found


def _sort_key(path: str) -> tuple[str, ...]:
    return Path(path).parts


# ----------------------------------------------------------------------------- 2. the plan


def make_plan(files: list[str], settings: Settings, manifest: dict[str, CaseRow]) -> Plan:
    options_key = f"socialmaps {__version__}\n{settings.options.model_dump_json()}\n".encode()
    keys: dict[str, str] = {}
    ids: dict[str, str | None] = {}
    for file in files:
        try:
            data = Path(file).read_bytes()
        except OSError:
            data = None  # the worker says why, in the report
        keys[file] = "" if data is None else hashlib.sha256(options_key + data).hexdigest()
        before = manifest.get(file)
        if before is not None and before.key == keys[file] and before.case_id is not None:
            ids[file] = before.case_id
        else:
            ids[file] = None if data is None else quick_case_id(data, file)
    _drop_invalid_claims(ids)
    folders, clashes = assign_folders(files, ids)
    plan = Plan(files=files, jobs=[], skipped={}, clashes=clashes)
    for file in files:
        before = manifest.get(file)
        if (not settings.force and before is not None and keys[file] and before.key == keys[file]
                and before.status in ("ok", "skipped") and before.folder == folders[file]
                and all(os.path.lexists(settings.out / name) for name in before.files)):
            plan.skipped[file] = dataclasses.replace(before, status="skipped", seconds=0.0)
        else:
            plan.jobs.append(Job(file=file, folder=folders[file], key=keys[file]))
    return plan


def _drop_invalid_claims(ids: dict[str, str | None]) -> None:
    """Where files share a case id, only the valid ones claim a folder: a broken copy sorted first
    must not push the good file to a `~dup` name.  Validating costs a few ms a file, and only
    the files in a clash (rare) pay it."""
    count = collections.Counter(case_id for case_id in ids.values() if case_id is not None)
    for file, case_id in ids.items():
        if case_id is not None and count[case_id] > 1 and isinstance(read_case(file), CaseResult):
            ids[file] = None  # invalid (or unreadable): it writes nothing, the worker says why


def quick_case_id(data: bytes, name: str) -> str | None:
    """The file's `case.id` as parsed (the format's own parser, with its limits), not validated:
    enough to give two files sharing an id two folders before either is drawn."""
    from .errors import CaseError
    from .yamlsource import decode, parse

    try:
        parsed = parse(decode(data, name), name).data
    except CaseError:
        return None
    except Exception:  # a parser bug: the worker reports it for this file
        return None
    info = parsed.get("case") if isinstance(parsed, dict) else None
    case_id = info.get("id") if isinstance(info, dict) else None
    return case_id if isinstance(case_id, str) else None


def _path_hash(file: str) -> str:
    return hashlib.sha256(file.encode("utf-8", "surrogatepass")).hexdigest()[:8]


def assign_folders(files: list[str], ids: dict[str, str | None]
                   ) -> tuple[dict[str, str | None], dict[str, list[str]]]:
    """Each file's folder: `folder_name(id)` for the first file of an id (in the given order), a
    `~dup` name for the others; and the warnings for every file whose id is shared."""
    folders: dict[str, str | None] = {}
    first: dict[str, str] = {}
    clashes: dict[str, list[str]] = collections.defaultdict(list)
    for file in files:
        case_id = ids[file]
        if case_id is None:
            folders[file] = None
            continue
        plain = folder_name(case_id)
        if case_id in first or plain in REPORT_FILES:
            folders[file] = plain + "~dup" + _path_hash(file)
        else:
            folders[file] = plain
            first[case_id] = file
        if plain in REPORT_FILES:
            clashes[file].append(f"case id {case_id} is the name of a report file: written to "
                                 f"{folders[file]}/ instead")
        elif folders[file] != plain:
            owner = first[case_id]
            clashes[file].append(f"case id {case_id} is also the id of {owner} (written to {plain}/): "
                                 f"this file written to {folders[file]}/")
            clashes[owner].append(f"case id {case_id} is also the id of {file} (written to {folders[file]}/)")
    return folders, dict(clashes)


# ----------------------------------------------------------------------------- the manifest


def read_manifest(out: Path) -> dict[str, CaseRow]:
    """What the last run into `out` rendered, by file; empty when missing or unreadable (then
    everything is rendered again: the safe side)."""
    try:
        data = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
        if data.get("format") != 1:
            return {}
        return {file: row_from_dict(entry) for file, entry in data["cases"].items()}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}


def write_manifest(out: Path, manifest: dict[str, CaseRow]) -> None:
    cases = {file: row_to_dict(row) for file, row in sorted(manifest.items())}
    text = json.dumps({"format": 1, "socialmaps": __version__, "cases": cases}, indent=1, sort_keys=True)
    write_atomic(out / MANIFEST, text.encode("utf-8") + b"\n")


def row_to_dict(row: CaseRow) -> dict[str, Any]:
    return dataclasses.asdict(row)


def row_from_dict(data: dict[str, Any]) -> CaseRow:
    summary = data.get("summary")
    return CaseRow(
        file=str(data["file"]), case_id=data.get("case_id"), folder=data.get("folder"),
        status=data["status"], diagrams=tuple(data.get("diagrams", ())), files=tuple(data.get("files", ())),
        seconds=float(data.get("seconds", 0.0)), errors=tuple(data.get("errors", ())),
        warnings=tuple(data.get("warnings", ())), key=str(data.get("key", "")),
        summary=None if summary is None else CaseSummary(
            people=int(summary["people"]), ties=tuple(SystemTie(**tie) for tie in summary.get("ties", ())),
            bpss=tuple((str(d), int(n)) for d, n in summary.get("bpss", ()))))


# ----------------------------------------------------------------------------- 3. the workers

_started_in: float | None = None  # seconds this worker process took to import what it draws with
_busy = False
_stopping = False


class _WorkerStopped(BaseException):
    """SIGTERM while a case is being drawn or written: unwind through its clean-up, then exit."""


def start_worker(handle_signals: bool = True) -> None:
    """A worker's start: import every diagram module and the exporters once (so the first case
    does not pay for them, and the time is measured), and leave Ctrl-C to the coordinator: it
    terminates the workers itself, with SIGTERM, which ends a case's writing cleanly."""
    global _started_in
    if _started_in is not None:
        return
    started = time.perf_counter()
    import importlib
    import pkgutil

    from . import diagrams, export, loader, render  # noqa: F401  (imported for their cost)

    for info in pkgutil.walk_packages(diagrams.__path__, diagrams.__name__ + "."):
        importlib.import_module(info.name)
    with contextlib.suppress(Exception):  # cairo missing: the PNG/PDF cases say so themselves
        import cairosvg  # noqa: F401
    if handle_signals and threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, _on_terminate)
    _started_in = time.perf_counter() - started


def _on_terminate(signum: int, frame: object) -> None:
    global _stopping
    if not _busy:
        os._exit(128 + signum)  # between cases: nothing to clean up
    if _stopping:
        return  # a second SIGTERM (the executor repeats it) must not cut the clean-up short
    _stopping = True
    raise _WorkerStopped(signum)


def render_chunk(jobs: Sequence[Job], out: str, options_json: str) -> ChunkResult:
    """The worker's task: render `jobs` one after another into `out`.  Never raises for a case."""
    global _busy
    start_worker(handle_signals=False)  # a no-op when the pool's initializer ran; dask's first call
    options = RenderOptions.model_validate_json(options_json)
    rows = []
    for job in jobs:
        _busy = True
        try:
            rows.append(render_one(job, Path(out), options))
        except _WorkerStopped:
            os._exit(143)  # the case's staging folder is already gone (publish's finally)
        finally:
            _busy = False
    return ChunkResult(rows=tuple(rows), worker=f"{os.uname().nodename}:{os.getpid()}",
                       startup_seconds=_started_in or 0.0)


def render_one(job: Job, out: Path, options: RenderOptions) -> CaseRow:
    started = time.perf_counter()
    try:
        loaded = read_case(job.file)
        if isinstance(loaded, CaseResult):
            return CaseRow(file=job.file, case_id=None, folder=None, status=loaded.status,
                           errors=loaded.messages, key=job.key,
                           seconds=round(time.perf_counter() - started, 4))
        drawn = _anonymised(loaded, job, options)
        result = write_case(drawn.loaded, out, drawn.options, sweep=False, folder=drawn.folder,
                            source=job.file)
        return CaseRow(
            file=job.file, case_id=drawn.loaded.case.case.id,
            folder=None if result.folder is None else result.folder.name, status=result.status,
            diagrams=tuple(d.kind for d in result.diagrams if d.files),
            files=tuple(p.relative_to(out).as_posix() for p in result.files),
            seconds=round(time.perf_counter() - started, 4), errors=result.messages,
            warnings=(*(str(w) for w in result.input_warnings), *result.warnings),
            summary=summarize(drawn.loaded.case), key=job.key)
    except Exception as err:  # a bug outside write_case's own policy: this case's answer only
        from .output import one_line

        return CaseRow(file=job.file, case_id=None, folder=None, status="failed", key=job.key,
                       errors=(f"{job.file}: could not render: {one_line(err)} (please report)",),
                       seconds=round(time.perf_counter() - started, 4))


@dataclass(frozen=True)
class _Drawn:
    """What a worker hands `write_case`: the case as drawn, the folder, the options."""

    loaded: CheckedCase
    folder: str | None
    options: RenderOptions


def _anonymised(loaded: CheckedCase, job: Job, options: RenderOptions) -> _Drawn:
    """The case anonymised here (when the options or the case ask), before its folder is named:
    the plan named folders after the real case ids, and an anonymised case's folder, row and
    messages must carry only its pseudonym.  `write_case` is then told not to anonymise again."""
    from .anonymize import as_options_say

    drawn = as_options_say(loaded.case, options)
    if drawn is loaded.case:
        return _Drawn(loaded, job.folder, options)
    folder = job.folder
    if folder is not None:
        plain = folder_name(loaded.case.case.id)
        suffix = folder[len(plain):] if folder.startswith(plain) else ""
        folder = folder_name(drawn.case.id) + suffix
    return _Drawn(CheckedCase(drawn, loaded.warnings), folder,
                  options.model_copy(update={"anonymize": "off"}))


def summarize(case: Case) -> CaseSummary:
    """The numbers the cohort charts draw, from a valid `Case`."""
    systems = {s.id: s for s in case.ecomap.systems} if case.ecomap else {}
    ties = []
    for tie in case.ecomap.ties if case.ecomap else ():
        system = systems.get(tie.to) or systems.get(tie.from_)
        if system is not None:
            ties.append(SystemTie(name=" ".join(system.name.split()), kind=system.kind,
                                  strength=tie.strength, stress=tie.stress))
    bpss: tuple[tuple[str, int], ...] = ()
    if case.bpss is not None:
        bpss = tuple((dim, len(getattr(case.bpss, dim)))
                     for dim in ("biological", "psychological", "social", "spiritual"))
    return CaseSummary(people=len(case.people), ties=tuple(ties), bpss=bpss)


def chunked(jobs: Sequence[Job], size: int) -> list[tuple[Job, ...]]:
    return [tuple(jobs[i:i + size]) for i in range(0, len(jobs), size)]


def chunk_size(cases: int, workers: int) -> int:
    """Big enough that a task's overhead is small, small enough that the work spreads evenly,
    the progress moves, and an interrupt loses little: about 8 tasks per worker, at most 16 cases."""
    return max(1, min(16, cases // max(1, workers * 8)))


OnChunk = Callable[[ChunkResult], None]


def start_pool(workers: int) -> ProcessPoolExecutor:
    """A pool of `workers` spawned processes, each already starting (spawn + imports) on return."""
    import multiprocessing

    pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"),
                               initializer=start_worker)
    for _ in range(workers):  # the executor starts a process per task submitted while none is idle
        pool.submit(int)
    return pool


def run_local(jobs: Sequence[Job], settings: Settings, on_chunk: OnChunk,
              pool: ProcessPoolExecutor | None = None) -> None:
    """Render `jobs` in `settings.jobs` spawned worker processes (`pool`, if already started), a
    bounded number of chunks in flight.  A worker that dies (a crash in a C library) breaks its
    pool: the chunks in flight are retried one case each in a new pool, and a case that breaks a
    pool alone is failed."""
    size = settings.chunk or chunk_size(len(jobs), settings.jobs)
    todo: collections.deque[tuple[Job, ...]] = collections.deque(chunked(jobs, size))
    suspects: set[str] = set()
    options_json = settings.options.model_dump_json()
    while todo:
        pool = pool or start_pool(settings.jobs)
        in_flight: dict[Future[ChunkResult], tuple[Job, ...]] = {}
        broken: list[tuple[Job, ...]] = []
        try:
            while todo or in_flight:
                while todo and len(in_flight) < 2 * settings.jobs:
                    chunk = todo.popleft()
                    in_flight[pool.submit(render_chunk, chunk, str(settings.out), options_json)] = chunk
                done, _ = wait(in_flight, return_when=FIRST_COMPLETED)
                for future in done:
                    chunk = in_flight.pop(future)
                    try:
                        on_chunk(future.result())
                    except Exception:  # BrokenProcessPool: this pool is done
                        broken.append(chunk)
                if broken:
                    broken.extend(in_flight.values())
                    in_flight.clear()
                    break
        except BaseException:
            _terminate(pool)
            raise
        pool.shutdown(wait=True, cancel_futures=True)
        pool = None
        retry, dead = after_breakage(broken, suspects)
        todo.extendleft(reversed(retry))
        if dead:
            on_chunk(ChunkResult(tuple(_worker_died(job) for job in dead), worker="", startup_seconds=0.0))


def after_breakage(broken: list[tuple[Job, ...]], suspects: set[str]
                   ) -> tuple[list[tuple[Job, ...]], list[Job]]:
    """What `run_local` does with the chunks that were in flight when a worker process died:
    every case is tried again alone, `(retry, dead)`.  A case alone in a broken chunk becomes a
    suspect (its file added to `suspects`, which the caller keeps across pools); a suspect that
    breaks a pool alone again is `dead`, failed with `_worker_died`'s message, not retried."""
    retry: list[tuple[Job, ...]] = []
    dead: list[Job] = []
    for chunk in broken:
        for job in chunk:
            if len(chunk) == 1 and job.file in suspects:
                dead.append(job)
                continue
            if len(chunk) == 1:
                suspects.add(job.file)
            retry.append((job,))
    return retry, dead


def _worker_died(job: Job) -> CaseRow:
    return CaseRow(file=job.file, case_id=None, folder=job.folder, status="failed", key=job.key,
                   errors=(f"{job.file}: the worker process rendering this case died (twice, alone); "
                           "nothing written (please report)",))


def _terminate(pool: ProcessPoolExecutor) -> None:
    """Stop the workers now: SIGTERM ends a case being written through its clean-up."""
    # The executor has no public way to stop its workers before Python 3.14 (terminate_workers).
    for process in list((getattr(pool, "_processes", None) or {}).values()):
        with contextlib.suppress(Exception):
            process.terminate()
    pool.shutdown(wait=True, cancel_futures=True)


def run_dask(jobs: Sequence[Job], settings: Settings, on_chunk: OnChunk) -> None:
    """The same chunks as `run_local`, as tasks of a Dask distributed cluster: the one at
    `settings.scheduler`, or a LocalCluster of `settings.jobs` processes.  The workers write into
    `settings.out` themselves (a file system they share with this process)."""
    try:
        from dask.distributed import Client, LocalCluster, as_completed
    except ImportError as err:
        raise BatchError("--executor dask needs Dask distributed: pip install 'socialmaps[dask]'") from err
    size = settings.chunk or chunk_size(len(jobs), settings.jobs)
    chunks = chunked(jobs, size)
    options_json = settings.options.model_dump_json()
    with contextlib.ExitStack() as stack:
        if settings.scheduler is None:
            cluster = stack.enter_context(LocalCluster(n_workers=settings.jobs, threads_per_worker=1,
                                                       processes=True, dashboard_address=None))
            client = stack.enter_context(Client(cluster))
        else:
            try:
                client = stack.enter_context(Client(settings.scheduler))
            except (OSError, ValueError) as err:  # unreachable (TimeoutError is an OSError), bad address
                raise BatchError(f"cannot reach the Dask scheduler at {settings.scheduler}: {err}") from None
        futures = client.map(render_chunk, chunks, out=str(settings.out.resolve()),
                             options_json=options_json, pure=False)
        chunk_of = {future.key: chunk for future, chunk in zip(futures, chunks, strict=True)}
        try:
            for future in as_completed(futures):
                try:
                    on_chunk(future.result())
                except Exception as err:  # the cluster gave up on the task (a worker died, KilledWorker)
                    from .output import one_line

                    on_chunk(ChunkResult(rows=tuple(
                        CaseRow(file=job.file, case_id=None, folder=job.folder, status="failed", key=job.key,
                                errors=(f"{job.file}: the cluster could not run this case: {one_line(err)}",))
                        for job in chunk_of[future.key]), worker="", startup_seconds=0.0))
        except BaseException:
            client.cancel(futures)
            raise


# ----------------------------------------------------------------------------- the run


def run_batch(inputs: Sequence[str], settings: Settings, progress_stream: Any = None) -> Outcome:
    """The whole run; the report and manifest are written even when interrupted (then re-raised)."""
    from .batchreport import write_reports

    started = time.perf_counter()
    files = collect_inputs(inputs)
    try:
        settings.out.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise BatchError(f"{settings.out}: cannot make the output folder: {err.strerror or err}; "
                         "choose another --out") from None
    sweep_stale(settings.out)  # once, here: a worker on another machine cannot judge our pids
    manifest = read_manifest(settings.out)
    # Likely work to do: the workers start (spawn + imports) while the files are hashed and read.
    early = (start_pool(settings.jobs) if settings.executor == "local"
             and (settings.force or not manifest.keys() >= set(files)) else None)
    try:
        plan = make_plan(files, settings, manifest)
    except BaseException:
        if early is not None:
            _terminate(early)
        raise
    if early is not None and not plan.jobs:
        early.shutdown(wait=True)
    done: dict[str, CaseRow] = dict(plan.skipped)
    workers: dict[str, float] = {}
    progress = Progress(len(files), len(plan.skipped), progress_stream)
    last_saved = [time.perf_counter()]

    def on_chunk(result: ChunkResult) -> None:
        for row in result.rows:
            done[row.file] = row
        if result.worker:
            workers[result.worker] = result.startup_seconds
        progress.add(result.rows)
        if time.perf_counter() - last_saved[0] > 10:  # so that even a SIGKILL loses little
            write_manifest(settings.out, _merged(manifest, done))
            last_saved[0] = time.perf_counter()

    interrupted = True
    try:
        if plan.jobs and settings.executor == "dask":
            run_dask(plan.jobs, settings, on_chunk)
        elif plan.jobs:
            run_local(plan.jobs, settings, on_chunk, pool=early)
        interrupted = False
    finally:
        progress.close()
        rows = [_with_clashes(done.get(file) or _not_run(file), plan.clashes.get(file, []))
                for file in files]
        write_manifest(settings.out, _merged(manifest, done))
        outcome = Outcome(rows=rows, interrupted=interrupted, seconds=time.perf_counter() - started,
                          workers=len(workers),
                          startup_seconds=max(workers.values(), default=0.0))
        write_reports(settings.out, outcome, settings.options)
    return outcome


def _merged(manifest: dict[str, CaseRow], done: dict[str, CaseRow]) -> dict[str, CaseRow]:
    """The last manifest updated with this run's answers (files not in this run keep theirs)."""
    return {**manifest, **{file: dataclasses.replace(row, status="ok") if row.status == "skipped" else row
                           for file, row in done.items()}}


_PSEUDONYM = re.compile(r"case-[0-9a-f]{10}")


def _with_clashes(row: CaseRow, clashes: list[str]) -> CaseRow:
    if not clashes:
        return row
    if row.case_id is not None and _PSEUDONYM.fullmatch(row.case_id):
        # an anonymised case: the plan's words quote the real case id and the other file's folder
        clashes = [f"another input file has the same case id: this one written to {row.folder}/"]
    return dataclasses.replace(row, warnings=(*clashes, *row.warnings))


def _not_run(file: str) -> CaseRow:
    return CaseRow(file=file, case_id=None, folder=None, status="not run")


# ----------------------------------------------------------------------------- the command


def command(parser: argparse.ArgumentParser, args: argparse.Namespace, options: RenderOptions) -> int:
    """`socialmaps batch`: exit 0 all rendered (or unchanged), 1 any case invalid or failed, 2 usage."""
    if args.jobs < 1:
        parser.error("-j/--jobs: at least 1")
    if args.scheduler and args.executor != "dask":
        parser.error("--scheduler goes with --executor dask")
    settings = Settings(out=Path(args.out), options=options, jobs=args.jobs, force=args.force,
                        executor=args.executor, scheduler=args.scheduler)
    try:
        outcome = run_batch(args.inputs, settings)
    except BatchError as err:
        print(f"socialmaps batch: {err}", file=sys.stderr)
        return 2
    except OSError as err:  # the report or the manifest could not be written
        print(f"socialmaps batch: {err.filename or settings.out}: cannot write the report: "
              f"{err.strerror or err}", file=sys.stderr)
        return 1
    print(summary_line(outcome, settings), file=sys.stderr)
    return 1 if outcome.failed else 0


def summary_line(outcome: Outcome, settings: Settings) -> str:
    counts = collections.Counter(row.status for row in outcome.rows)
    rendered = counts["ok"] + counts["failed"] + counts["invalid"]
    rate = rendered / outcome.seconds if outcome.seconds > 0 else 0.0
    parts = [f"{counts[s]} {s}" for s in ("ok", "skipped", "invalid", "failed", "not run") if counts[s]]
    return (f"batch: {', '.join(parts) or 'no cases'} in {outcome.seconds:.1f} s ({rate:.1f} cases/s, "
            f"{outcome.workers} worker(s)); report: {settings.out / 'report.json'}, "
            f"{settings.out / 'index.html'}")

