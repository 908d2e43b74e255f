"""The versions a comparison draws, from what the user names: two or more case files (oldest
first), one case file with `versions:`, or a `timeline.yaml` naming case files in order:

    timeline:
      - {file: s-agustus.yaml, label: Asesmen}
      - {file: s-september.yaml, label: Sesudah intervensi}

Problems are `CaseError`s, each FILE:LINE:COL: path: message, every one at once.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..errors import CaseError, Problem, format_path
from ..loader import load_case
from ..model import Case
from ..yamlsource import Source, decode, parse, read_file


@dataclass(frozen=True)
class Step:
    case: Case
    label: str | None        # None: named by its place (before/after, step n)
    source: str


def _is_timeline(source: Source) -> bool:
    return isinstance(source.data, dict) and "timeline" in source.data and "socialmaps" not in source.data


def _timeline_entries(source: Source) -> list[tuple[str, str | None, tuple[str | int, ...]]]:
    """(file, label, path of the entry) of every timeline entry; CaseError for a malformed one."""
    problems = []
    entries = source.data.get("timeline")
    out: list[tuple[str, str | None, tuple[str | int, ...]]] = []

    def problem(path: tuple[str | int, ...], message: str) -> None:
        problems.append(Problem(source.name, *source.where(path), format_path(path), message))

    if not isinstance(entries, list) or len(entries) < 2:
        problem(("timeline",), "give a list of two case files or more, oldest first: - {file: before.yaml}")
    else:
        for i, entry in enumerate(entries):
            path: tuple[str | int, ...] = ("timeline", i)
            if isinstance(entry, str):
                entry = {"file": entry}
            if not isinstance(entry, dict) or not isinstance(entry.get("file"), str):
                problem(path, "each entry names a case file: {file: before.yaml, label: Asesmen}")
                continue
            unknown = sorted(set(entry) - {"file", "label"})
            if unknown:
                problem((*path, unknown[0]), f"unknown field {unknown[0]!r}: an entry has file and label")
            label = entry.get("label")
            out.append((entry["file"], None if label is None else str(label), path))
    unknown_keys = sorted(set(source.data) - {"timeline"})
    for key in unknown_keys:
        problem((key,), f"unknown field {key!r}: a timeline file holds only `timeline`")
    if problems:
        raise CaseError(problems)
    return out


def _from_timeline(source: Source, folder: Path) -> list[Step]:
    steps = []
    problems: list[Problem] = []
    for file, label, path in _timeline_entries(source):
        target = folder / file
        try:
            steps.append(Step(load_case(target), label, str(target)))
        except CaseError as err:
            problems.extend(err.problems)
        except OSError as err:
            problems.append(Problem(source.name, *source.where((*path, "file")), format_path((*path, "file")),
                                    f"cannot read {target}: {err.strerror or err}"))
    if problems:
        raise CaseError(problems)
    return steps


def _from_history(case: Case, source: str) -> list[Step]:
    history = case.history()
    labels: list[str | None] = [v.label for v in case.versions] + [None]
    return [Step(c, label, source) for c, label in zip(history, labels, strict=True)]


def load_steps(paths: Sequence[str | Path]) -> list[Step]:
    """The versions to compare, oldest first (at least two); CaseError with every problem."""
    if len(paths) == 1:
        name = str(paths[0])
        source = parse(decode(read_file(paths[0], name, None), name, None), name, None)
        if _is_timeline(source):
            return _from_timeline(source, Path(paths[0]).parent)
        case = load_case(paths[0])
        if not case.versions:
            raise CaseError([Problem(name, 1, 1, "versions", "one file to compare needs `versions:` (earlier "
                                     "states of the case), or name two case files, or a timeline.yaml")])
        return _from_history(case, name)
    steps: list[Step] = []
    problems: list[Problem] = []
    for path in paths:
        try:
            steps.append(Step(load_case(path), None, str(path)))
        except CaseError as err:
            problems.extend(err.problems)
    if problems:
        raise CaseError(problems)
    return steps


def labels_of(steps: Sequence[Step]) -> list[str | None]:
    return [s.label for s in steps]
