"""Writing a case to disk: one call, one error policy, all of a case's files together.

    from socialmaps.output import write_case
    result = write_case("examples/ms-2024.yaml", "out", RenderOptions(formats=("svg", "png")))
    result.status    # "ok", "invalid" (the file has problems) or "failed" (a diagram, a PNG or the disk)
    result.messages  # the lines to show: FILE:LINE:COL: path: message, or one line naming what failed

`write_case` is the one code path of `socialmaps render`, and what a batch runner or the live
editor calls.  It never raises for a case-level problem (bad input, a drawing bug, a PNG too big
for cairo, a full disk, an unwritable folder): every one becomes a `CaseResult` with a message.
Only an interrupt (KeyboardInterrupt, SystemExit; the CLI turns SIGTERM and SIGHUP into one) goes
through, after cleaning up: the staging folder removed, the old folder in place.

Where the files go (`folder_name`): `OUT/<folder>/<diagram>.<ext>`, where <folder> is the case id
made safe as one file name: it can never name `OUT` itself, its parent, or a path elsewhere.

How the files appear (`casefolder.publish`): the case is drawn and encoded in memory first; then every file
is written into a hidden staging folder inside OUT, `.<folder>.socialmaps-new-<pid>-<token>`, and
the staging folder is swapped with `OUT/<folder>` in one step (Linux: renameat2 RENAME_EXCHANGE),
the old folder removed.  So at every instant `OUT/<folder>` holds one render's complete files,
the old or the new, never a mix and never a partial file.  (Without RENAME_EXCHANGE, two renames:
for a moment the folder is absent, never mixed.)  Files already in the old folder that this
render does not answer for (other diagrams with `diagrams=`, formats not asked for, the user's own
notes) are hard-linked into the new one, so `--diagrams bpss` does not delete the genogram; an
asked-for file this render could not make (a refused PNG) is dropped, not left stale.

A run killed with SIGKILL can leave a staging folder behind (the new files, or the old folder just
swapped out).  It is hidden, has the outputs' own permissions, and is removed by the next write
into the same OUT (`sweep_stale`): only folders named by our pattern whose writer's pid is dead.
Why not O_TMPFILE + linkat: it keeps a file nameless only until it is complete, but the staging
folder itself has a name, and after linking it holds the complete files until the swap: a kill
leaves the same client data behind either way, so the sweep is what bounds that.  Partial files
exist only inside the staging folder, never under an output name, so O_TMPFILE would add a
Linux-and-file-system-dependent path (and its fallback) for no change in what a reader can see.

Permissions: files are made 0666 and folders 0777 minus the user's umask, as `cp` and `mkdir`
would; with `RenderOptions(private=True)` (`render --private`) exactly 0600 and 0700.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
import time
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from . import anonymize, casefolder
from .errors import CaseError, Problem
from .figure import Figure
from .loader import CheckedCase
from .model import Case
from .options import RenderOptions, ReportFormat

Status = Literal["ok", "invalid", "failed"]


@dataclass(frozen=True)
class DiagramResult:
    """One drawn diagram: the files it was written to and its quality numbers (when measured)."""

    kind: str
    files: tuple[Path, ...]
    metrics: Mapping[str, float] = field(default_factory=dict)
    caption: str = ""
    text_pt: float | None = None  # the smallest text printed at `options.width` (None: natural size)
    note: str | None = None       # why it prints smaller than asked, when it does


@dataclass(frozen=True)
class CaseResult:
    """What became of one case.  `messages` are the lines to show, one problem each, in order:
    input problems as FILE:LINE:COL: path: message (also kept as `problems`), a drawing bug as
    one line naming the case and the diagram, an I/O problem as one line naming the path and
    what to do.  `warnings` are things done differently from what was asked (a PNG at a lower
    resolution); `input_warnings` the case's texts drawn differently from what they say (a
    character the font lacks, drawn as a placeholder), as FILE:LINE:COL: path: warning: ….
    `files` are every file written, `folder` where they are."""

    source: str
    case_id: str | None
    status: Status
    folder: Path | None = None
    files: tuple[Path, ...] = ()
    diagrams: tuple[DiagramResult, ...] = ()
    problems: tuple[Problem, ...] = ()
    messages: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    input_warnings: tuple[Problem, ...] = ()
    seconds: float = 0.0
    reports: tuple[Path, ...] = ()

    @property
    def ok(self) -> bool:
        return self.status == "ok"


# ----------------------------------------------------------------------------- the folder name

_SAFE = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-")
_RESERVED = frozenset({"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$",
                       *(f"COM{i}" for i in range(10)), *(f"LPT{i}" for i in range(10))})
# File systems allow 255 bytes a name; the staging folder adds 1 + ~40 to the case's.
MAX_FOLDER_NAME = 200
_KEEP_WHEN_CUT = 180


def folder_name(case_id: str) -> str:
    """The case id as one safe, portable folder name; different ids give different names.

    The rule, applied in order:
    1. Letters A-Z a-z, digits, `.`, `_` and `-` stay; every other character (`/`, `\\`, `%`, `~`,
       spaces, NUL and control characters, anything beyond ASCII) becomes `%XX` for each byte of
       its UTF-8 encoding (`a/b` -> `a%2Fb`).
    2. A leading or trailing `.` becomes `%2E`, so the name is never `.` or `..`, never hidden,
       and never loses a dot to Windows (`..` -> `%2E%2E`, `.x.` -> `%2Ex%2E`).
    3. A name that Windows reserves for a device (CON, PRN, AUX, NUL, COM0-9, LPT0-9, CONIN$,
       CONOUT$, in any case and with any extension) has its first letter encoded (`CON` -> `%43ON`,
       `nul.txt` -> `%6Eul.txt`).
    4. The empty id becomes `%`.
    5. A name longer than 200 characters keeps its first 180 (never cutting a `%XX`) and adds `~`
       and 16 hex digits of the SHA-256 of the id.
    Only steps 1-3 write `%`, always followed by two hex digits, and `~` appears only from step 5,
    so no two ids share a folder (up to a SHA-256 collision for very long ids).
    """
    if case_id == "":
        return "%"
    name = "".join(ch if ch in _SAFE else _escape(ch) for ch in case_id)
    if name.startswith("."):
        name = "%2E" + name[1:]
    if name.endswith("."):
        name = name[:-1] + "%2E"
    stem = name.split(".", 1)[0]
    if stem.upper() in _RESERVED or case_id.split(".", 1)[0].upper() in _RESERVED:
        name = _escape(name[0]) + name[1:]
    if len(name) > MAX_FOLDER_NAME:
        cut = _KEEP_WHEN_CUT
        while "%" in name[cut - 2:cut]:  # do not split an escape
            cut -= 1
        name = name[:cut] + "~" + hashlib.sha256(case_id.encode("utf-8", "surrogatepass")).hexdigest()[:16]
    return name


def _is_safe_folder(name: str) -> bool:
    """One name of the characters `folder_name` writes, never hidden, `.` or `..`."""
    return (0 < len(name) <= MAX_FOLDER_NAME + 20 and not name.startswith(".") and not name.endswith(".")
            and all(ch in _SAFE or ch in "%~" for ch in name))


def _escape(ch: str) -> str:
    return "".join(f"%{byte:02X}" for byte in ch.encode("utf-8", "surrogatepass"))


# ----------------------------------------------------------------------------- the library calls


def check_file(path: str | Path) -> CaseResult:
    """Load and validate one case file: `ok`, or `invalid` with every problem, or `failed` when
    the checks themselves broke (a bug: one line, please report).  Never raises for the file."""
    started = time.perf_counter()
    loaded = _load(path)
    if isinstance(loaded, CaseResult):
        return _timed(loaded, started)
    return _timed(CaseResult(source=str(path), case_id=loaded.case.case.id, status="ok",
                             input_warnings=loaded.warnings), started)


def write_case(path_or_case: str | Path | Case | CheckedCase, out_dir: str | Path,
               options: RenderOptions | None = None,
               *, measure: bool = False, sweep: bool = True, folder: str | None = None,
               source: str | None = None) -> CaseResult:
    """Load (if given a path), draw every asked diagram, encode every asked format, and write all
    of the case's files together into `out_dir/<folder_name(case id)>/`.

    - A drawing bug in any diagram: status `failed`, one line per broken diagram, nothing written
      (the case's earlier files stay as they were).
    - A PNG too big for cairo at `options.dpi`: written at the highest resolution that fits, with a
      warning; if none fits (or cairo still fails), not written, with a message, status `failed`,
      and every other file of the case written.
    - An I/O problem: status `failed`, one line naming the path and what to do, nothing written.
    `measure`: also read each diagram's quality numbers (`render --check`) under the same policy.
    `sweep`: first remove staging folders a killed run left in `out_dir` (`write_cases` sweeps
    once for all its cases).  Never raises for a case-level problem.
    `folder`: the case folder's name instead of `folder_name(case id)` (a batch gives the second of
    two files sharing a case id its own); it must be one safe name, such as `folder_name`'s answer
    with a suffix of the same safe characters.  `source`: how messages name a case given as a
    `Case` (default `<case>`; a batch passes the file it loaded)."""
    options = options or RenderOptions()
    started = time.perf_counter()
    if folder is not None and not _is_safe_folder(folder):
        raise ValueError(f"folder {folder!r} is not one safe folder name")
    given = isinstance(path_or_case, (Case, CheckedCase))
    source = (source or "<case>") if given else str(path_or_case)
    loaded: CheckedCase | CaseResult
    if isinstance(path_or_case, CheckedCase):
        loaded = path_or_case
    elif isinstance(path_or_case, Case):
        loaded = CheckedCase(path_or_case)
    else:
        loaded = _load(path_or_case)
    if isinstance(loaded, CaseResult):
        return _timed(loaded, started)
    input_warnings = loaded.warnings
    try:  # before anything is named after the case: the folder takes the anonymised id
        case = anonymize.as_options_say(loaded.case, options)
    except Exception as err:  # a bug in anonymising: this case's answer, and nothing written
        return _timed(CaseResult(source=source, case_id=None, status="failed", messages=(
            f"{source}: could not anonymise: {one_line(err)} (nothing written; please report)",)), started)
    out = Path(out_dir)
    encoded = _encode_case(case, source, out / (folder or folder_name(case.case.id)), options, measure,
                           loaded.case)
    result = CaseResult(source=source, case_id=case.case.id, status="ok", folder=encoded.folder,
                        diagrams=tuple(encoded.diagrams), messages=tuple(encoded.messages),
                        warnings=tuple(encoded.warnings), input_warnings=input_warnings)
    if encoded.broken:
        return _timed(dataclasses.replace(result, status="failed", diagrams=()), started)
    if encoded.files:
        if sweep:
            sweep_stale(out)
        try:
            written = casefolder.publish(out, encoded.folder.name, encoded.files, options.private,
                                         replaces=_answered_for(options))
        except casefolder.OutputError as err:
            message = f"{err} (case {shown_id(case.case.id)}: nothing written, its earlier files unchanged)"
            return _timed(dataclasses.replace(result, status="failed", diagrams=(),
                                              messages=(*result.messages, message)), started)
        except Exception as err:  # a bug in writing (not the disk's answer): still this case's only
            message = (f"{encoded.folder}: could not write case {shown_id(case.case.id)}: {one_line(err)} "
                       "(please report)")
            return _timed(dataclasses.replace(result, status="failed", diagrams=(),
                                              messages=(*result.messages, message)), started)
        result = dataclasses.replace(result, files=written, reports=tuple(encoded.reports))
    return _timed(dataclasses.replace(result, status="failed" if result.messages else "ok"), started)


def report_bytes(case: Case, fmt: ReportFormat, options: RenderOptions | None = None) -> bytes:
    """The case report in one format, in memory (the live editor's download): the same steps as
    `write_case` with `reports=` (anonymised as the options say, every diagram laid out for the
    page, A4 unless asked), without files.  Raises on a drawing bug."""
    from .fitting import finish, plan_figure
    from .render import applicable
    from .writers import write_report

    options = options or RenderOptions()
    if options.page is None and options.width is None:
        options = options.model_copy(update={"page": "a4"})
    original, case = case, anonymize.as_options_say(case, options)
    kinds = [k for k in applicable(case) if options.diagrams is None or k in options.diagrams]
    figures = finish(case, [plan_figure(case, kind, options) for kind in kinds], options)
    from .report.compared import comparison_figures_for

    figures += comparison_figures_for(original, options, len(figures))
    return write_report(case, figures, fmt, options)


def read_case(path: str | Path) -> CheckedCase | CaseResult:
    """Load and validate one case file: the case with its input warnings, or the `CaseResult`
    (`invalid` with every problem, or `failed`) that `write_case` would give for it.  Never raises
    for the file."""
    return _load(path)


def write_cases(cases: Iterable[str | Path | Case], out_dir: str | Path, options: RenderOptions | None = None,
                *, measure: bool = False) -> Iterator[CaseResult]:
    """`write_case` for each, in order, with one sweep of stale staging folders first."""
    sweep_stale(out_dir)
    for case in cases:
        yield write_case(case, out_dir, options, measure=measure, sweep=False)


def sweep_stale(out_dir: str | Path) -> list[Path]:
    """Remove the staging folders killed runs left in `out_dir` (only ours, only of dead pids;
    see the module's docstring); returns what was removed or put back.  Never raises."""
    return casefolder.sweep_stale(Path(out_dir))


# ----------------------------------------------------------------------------- steps


def _load(path: str | Path) -> CheckedCase | CaseResult:
    from .loader import load_case_warned

    source = str(path)
    try:
        return load_case_warned(path)
    except CaseError as err:
        return CaseResult(source=source, case_id=None, status="invalid", problems=tuple(err.problems),
                          messages=tuple(str(p) for p in err.problems))
    except Exception as err:  # a bug in reading or checking: this file's answer, not the run's end
        return CaseResult(source=source, case_id=None, status="failed",
                          messages=(f"{source}: could not check: {one_line(err)} (please report)",))


def _answered_for(options: RenderOptions) -> set[str]:
    """The file names this render replaces or removes (every asked diagram in every asked format):
    an old PNG the new render could not write must not stay beside the new SVG."""
    from . import diagrams

    kinds = diagrams.KINDS if options.diagrams is None else options.diagrams
    return ({f"{kind}.{fmt}" for kind in kinds for fmt in options.formats}
            | {f"report.{fmt}" for fmt in options.reports})


@dataclass
class _Encoded:
    """A case drawn and encoded in memory, not yet written."""

    folder: Path
    files: dict[str, bytes] = field(default_factory=dict)
    diagrams: list[DiagramResult] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    reports: list[Path] = field(default_factory=list)
    broken: bool = False  # a drawing bug: write nothing of this case


def _encode_case(case: Case, source: str, folder: Path, options: RenderOptions, measure: bool,
                 original: Case | None = None) -> _Encoded:
    from .fitting import finish, plan_figure
    from .render import applicable

    encoded = _Encoded(folder)
    try:
        kinds = applicable(case)
    except Exception as err:  # a bug in a diagram's applies(): this case's answer only
        encoded.broken = True
        encoded.messages.append(f"{source}: could not tell which diagrams case {shown_id(case.case.id)} "
                                f"has data for: {one_line(err)} (nothing written; please report)")
        return encoded
    plans = []
    for kind in kinds:
        if options.diagrams is not None and kind not in options.diagrams:
            continue
        try:
            plans.append(plan_figure(case, kind, options))
        except Exception as err:  # a drawing bug must not stop the other diagrams, nor the other cases
            encoded.broken = True
            encoded.messages.append(f"{source}: could not draw the {kind} of case {shown_id(case.case.id)}: "
                                    f"{one_line(err)} (nothing written for this case; please report)")
    if encoded.broken:
        return encoded
    figures = finish(case, plans, options)
    for figure in figures:
        try:
            _encode_figure(figure, options, measure, encoded)
        except Exception as err:  # a bug in a writer: this case's answer, nothing written
            encoded.broken = True
            encoded.messages.append(f"{source}: could not encode the {figure.kind} of case "
                                    f"{shown_id(case.case.id)}: {one_line(err)} "
                                    "(nothing written for this case; please report)")
    if not encoded.broken and options.reports and original is not None:
        figures = [*figures, *_compared(original, options, len(figures), source, encoded)]
    if not encoded.broken:
        _encode_reports(case, source, figures, options, encoded)
    return encoded


def _compared(original: Case, options: RenderOptions, after: int, source: str,
              encoded: _Encoded) -> list[Figure]:
    """The report's figures comparing the case's `versions:` (report/compared.py); none, with a
    warning, where drawing them broke (the report keeps the case's own figures)."""
    from .report.compared import comparison_figures_for

    try:
        return comparison_figures_for(original, options, after)
    except Exception as err:  # a bug in the comparison must not cost the report
        encoded.warnings.append(f"{source}: could not draw the comparison of the case's versions: "
                                f"{one_line(err)} (the report has the case's own figures; please report)")
        return []


def _encode_figure(figure: Figure, options: RenderOptions, measure: bool, encoded: _Encoded) -> None:
    from .writers import write_figure

    kind = figure.kind
    # Read only when asked (`--check`): a genogram's crossing and collision counts cost as much
    # as drawing it (0.5 s CPU on a chain of 23,000 generations).
    metrics: dict[str, float] = {}
    if measure:
        metrics = figure.metrics if options.figure_width_pt else dict(figure.drawing.metrics)
    paths = []
    for fmt in options.formats:
        name = f"{kind}.{fmt}"
        written = write_figure(figure, fmt, options)
        if written.refusal:
            encoded.messages.append(f"{encoded.folder / name}: not written: {written.refusal} "
                                    "(the case's other files are written)")
        if written.warning:
            encoded.warnings.append(f"{encoded.folder / name}: {written.warning}")
        if written.data is not None:
            encoded.files[name] = written.data
            paths.append(encoded.folder / name)
    if figure.note:
        encoded.warnings.append(f"{encoded.folder}: {figure.note}")
    encoded.diagrams.append(DiagramResult(kind, tuple(paths), metrics, caption=figure.caption,
                                          text_pt=figure.text_pt if options.figure_width_pt else None,
                                          note=figure.note))


def _encode_reports(case: Case, source: str, figures: list[Figure], options: RenderOptions,
                    encoded: _Encoded) -> None:
    """The case report in every asked format, `report.<fmt>` beside the figures."""
    from .writers import write_report

    for fmt in options.reports:
        try:
            encoded.files[f"report.{fmt}"] = write_report(case, figures, fmt, options)
        except ImportError as err:  # python-docx or pypdf not installed: say how to get them
            encoded.broken = True
            encoded.messages.append(f"{source}: the {fmt} report needs the report extra: "
                                    f"pip install 'socialmaps[report]' ({one_line(err)}; nothing written)")
            return
        except Exception as err:  # a bug in one writer: this case's answer, nothing written
            encoded.broken = True
            encoded.messages.append(f"{source}: could not write the {fmt} report of case "
                                    f"{shown_id(case.case.id)}: {one_line(err)} "
                                    "(nothing written; please report)")
            return
        encoded.reports.append(encoded.folder / f"report.{fmt}")


def _timed(result: CaseResult, started: float) -> CaseResult:
    return dataclasses.replace(result, seconds=time.perf_counter() - started)


def shown_id(case_id: str) -> str:
    """The case id as a message shows it: as it is, or quoted with escapes if it holds anything a
    terminal would act on or hide (control characters, line breaks) or is empty."""
    return case_id if case_id and case_id.isprintable() else repr(case_id)


def one_line(err: BaseException, limit: int = 300) -> str:
    """`Type: message` on one line (newlines folded), at most `limit` characters."""
    text = re.sub(r"\s*\n\s*", " / ", f"{type(err).__name__}: {err}".strip())
    return text if len(text) <= limit else text[:limit - 1] + "…"
