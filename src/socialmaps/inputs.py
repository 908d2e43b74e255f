"""What `render` draws from each file it is given: a case file as it is, a foreign family file
(GEDCOM, PED, pedigreejs …) imported on the fly, either one narrowed to a focus view; and the
genogram's DOT text when `--format dot` asks for it.  Also the `import` command, and what
`validate` says of a foreign file (`check_foreign`).

Imported families bigger than `focus.BIG_FAMILY` people are drawn as a focus view by default
(the client, or the file's first person, 2 up and 1 down); `--focus all` draws everyone.
Every problem is one line of the case's result, never a traceback.
"""

from __future__ import annotations

import dataclasses
import re
import sys
from collections.abc import Iterator
from pathlib import Path

from .errors import Problem
from .focus import ALL, BIG_FAMILY, Focus, FocusError, focus_case
from .loader import CheckedCase
from .options import RenderOptions
from .output import CaseResult, folder_name, read_case, write_case


@dataclasses.dataclass(frozen=True)
class Prepared:
    """A case ready to draw, and the notes to show with it (import warnings, the focus view)."""

    checked: CheckedCase
    notes: tuple[str, ...] = ()


def _refused(source: str, message: str) -> CaseResult:
    return CaseResult(source=source, case_id=None, status="invalid", messages=(message,))


def prepare(path: str, focus: Focus | None) -> Prepared | CaseResult:
    """The case to draw from `path` (with its import and focus notes as warnings), or the result
    that says why there is none."""
    from .importers import ImportRefused, import_file, is_foreign

    notes: list[str] = []
    if is_foreign(path):
        try:
            imported = import_file(path)
        except ImportRefused as err:
            return _refused(path, str(err))
        notes += [f"{path}: {warning}" for warning in imported.warnings]
        checked = CheckedCase(imported.case)
        if focus is None and len(imported.case.people) > BIG_FAMILY:
            focus = Focus()
    else:
        loaded = read_case(path)
        if isinstance(loaded, CaseResult):
            return loaded
        checked = loaded
    if focus is not None and focus.person != ALL:
        try:
            view = focus_case(checked.case, focus)
        except FocusError as err:
            return _refused(path, f"{path}: {err}")
        checked = CheckedCase(view.case, checked.warnings)
        if view.note:
            notes.append(f"{path}: {view.note}")
    return Prepared(checked, tuple(notes))


def _refusal_problem(path: str, message: str) -> Problem:
    """An importer's refusal (`PATH: …`, `PATH:LINE: …` or `PATH:LINE:COL: …`) as a Problem, at
    1:1 where it names no place (it concerns the file as a whole)."""
    found = re.match(rf"{re.escape(path)}(?::(\d+))?(?::(\d+))?: (.*)", message, re.DOTALL)
    if found is None:
        return Problem(path, 1, 1, "", message)
    line, column, text = found.groups()
    return Problem(path, int(line or 1), int(column or 1), "", text)


def check_foreign(path: str) -> CaseResult:
    """`validate` for a GEDCOM, PED or pedigreejs file: imported exactly as `render` would.
    Refused: `invalid`, with the reason as FILE:LINE:COL: message.  Imported: `ok`, with what the
    import repaired or left out as input warnings, FILE:LINE:COL: warning: … at the first record
    each names (1:1 for the file as a whole)."""
    from .importers import ImportRefused, import_file

    try:
        imported = import_file(path)
    except ImportRefused as err:
        problem = _refusal_problem(path, str(err))
        return CaseResult(source=path, case_id=None, status="invalid", problems=(problem,),
                          messages=(str(problem),))
    warnings = tuple(sorted((Problem(path, max(w.line, 1), 1, "", f"warning: {w.message}")
                             for w in imported.located), key=lambda p: p.line))
    return CaseResult(source=path, case_id=imported.case.case.id, status="ok", input_warnings=warnings)


def write_inputs(paths: list[str], out: Path, options: RenderOptions, focus: Focus | None,
                 dot: bool, measure: bool) -> Iterator[CaseResult]:
    """`output.write_cases` for case files and foreign files alike, with focus and DOT."""
    from .output import sweep_stale

    sweep_stale(out)
    for path in paths:
        prepared = prepare(path, focus)
        if isinstance(prepared, CaseResult):
            yield prepared
            continue
        result = write_case(prepared.checked, out, options, measure=measure, sweep=False, source=path)
        if dot and result.status != "invalid":
            result = _write_dot(prepared.checked, out, options, result)
        yield dataclasses.replace(result, warnings=(*prepared.notes, *result.warnings))


def _write_dot(checked: CheckedCase, out: Path, options: RenderOptions, result: CaseResult) -> CaseResult:
    from . import anonymize
    from .diagrams.genogram.dot import genogram_dot
    from .export import write_atomic

    if options.diagrams is not None and "genogram" not in options.diagrams:
        return result
    try:
        case = anonymize.as_options_say(checked.case, options)
        if not case.people:
            return result
        folder = result.folder or out / folder_name(case.case.id)
        path = folder / "genogram.dot"
        write_atomic(path, genogram_dot(case).encode("utf-8"))
    except OSError as err:
        return dataclasses.replace(result, status="failed", messages=(
            *result.messages, f"{err.filename or out}: could not write the DOT file: {err.strerror or err}"))
    except Exception as err:  # a bug in the DOT writer: this case's answer only
        return dataclasses.replace(result, status="failed", messages=(
            *result.messages, f"{result.source}: could not write the genogram as DOT: {err} (please report)"))
    return dataclasses.replace(result, folder=folder, files=(*result.files, path))


def import_command(source: str, out: str | None, case_id: str | None) -> int:
    """`socialmaps import FILE --out CASE.yaml`: 0 written, 1 refused (one message), warnings on stderr."""
    from .export import write_atomic
    from .importers import ImportRefused, import_file
    from .loader import load_text
    from .yamlsource import LIMIT_VARIABLE, max_bytes

    try:
        imported = import_file(source, case_id)
        load_text(imported.yaml, out or "<import>", max_bytes=max(len(imported.yaml.encode()), 2_000_000))
    except ImportRefused as err:
        print(err, file=sys.stderr)
        return 1
    except Exception as err:  # the written text would not validate: our bug, said as one line
        print(f"{source}: the imported case does not validate: {err} (nothing written; please report)",
              file=sys.stderr)
        return 1
    for warning in imported.warnings:
        print(f"{source}: warning: {warning}", file=sys.stderr)
    if out is None or out == "-":
        sys.stdout.write(imported.yaml)
        return 0
    try:
        write_atomic(out, imported.yaml.encode("utf-8"))
    except OSError as err:
        print(f"{out}: cannot write: {err.strerror or err}", file=sys.stderr)
        return 1
    print(f"{source}: {imported.kind}, {imported.people} people, {imported.unions} unions -> {out}",
          file=sys.stderr)
    size = len(imported.yaml.encode("utf-8"))
    if size > max_bytes():
        print(f"{out}: warning: {size:,} bytes, over the {max_bytes():,} a case file may have by default: "
              f"validate and render it with {LIMIT_VARIABLE}={size}", file=sys.stderr)
    return 0
