"""Case file -> validated `Case`, or `CaseError` with every problem at once."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from .checks import check_case, hint
from .errors import CaseError, Problem, format_path
from .model import Case
from .yamlsource import Source, decode, parse


def load_case(path: str | Path, max_bytes: int | None = None) -> Case:
    """Read and validate one case file (YAML or JSON)."""
    name = str(path)
    try:
        raw = Path(path).read_bytes()
    except OSError as err:
        raise CaseError([Problem(name, 1, 1, "", f"cannot read: {err.strerror or err}")]) from None
    return load_text(decode(raw, name, max_bytes), name)


def load_text(text: str, name: str = "<case>") -> Case:
    """Validate a case given as text (the live editor and tests use this)."""
    return validate_source(parse(text, name))


def validate_source(source: Source) -> Case:
    try:
        case = Case.model_validate(source.data)
    except ValidationError as err:
        problems = [_problem(source, e) for e in err.errors(include_url=False)]
        raise CaseError(problems + _checks_despite(source, err)) from None
    problems = [Problem(source.name, *source.where(path), format_path(path), message)
                for path, message in check_case(case)]
    if problems:
        raise CaseError(problems)
    return case


def _checks_despite(source: Source, error: ValidationError) -> list[Problem]:
    """Cross-checks on what is left after setting aside the values that failed, so that one
    run reports every problem: a typo in one person does not hide a duplicate id elsewhere.

    First only the bad values go (a misspelt `sex` falls back to its default); where that is
    not enough (a required field is missing), the whole entry holding it goes."""
    data = copy.deepcopy(source.data)
    dropped_ids: set[str] = set()
    for e in error.errors(include_url=False):
        dropped_ids |= _drop(data, _data_path(source, tuple(e["loc"])), whole_entry=False)
    index_maps: dict[tuple[str | int, ...], list[int]] = {}
    for attempt in range(2):
        trial = copy.deepcopy(data)
        index_maps = {}
        _compact(trial, (), index_maps)
        try:
            case = Case.model_validate(trial)
            break
        except ValidationError as again:
            if attempt == 1:
                return []  # still broken: the first round's messages are what the user needs
            for e in again.errors(include_url=False):
                path = _original_path(_data_path(Source(source.name, trial), tuple(e["loc"])), index_maps)
                dropped_ids |= _drop(data, path, whole_entry=True)
    found = check_case(case)
    # An id we set aside would now look unknown: those references are not the user's mistake.
    found = [(p, m) for p, m in found
             if not (m.startswith(("unknown", "twin")) and any(f"{i!r}" in m for i in dropped_ids))]
    problems = []
    for path, message in found:
        original = _original_path(path, index_maps)
        problems.append(Problem(source.name, *source.where(original), format_path(original), message))
    return problems


def _drop(data: Any, path: tuple[str | int, ...], whole_entry: bool) -> set[str]:
    """Set aside a bad value: the key itself, or (whole_entry) the innermost list entry holding it.

    Returns the ids of whole entries set aside (a person, a system…)."""
    node = data
    parent: Any = None
    holder: tuple[list[Any], int] | None = None
    for part in path:
        if isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            holder = (node, part)
        elif not (isinstance(node, dict) and part in node):
            break
        parent, node = node, node[part]
    if not whole_entry and isinstance(parent, dict) and path and path[-1] in parent:
        parent.pop(path[-1])
        return set()
    if holder is not None:
        entry = holder[0][holder[1]]
        holder[0][holder[1]] = _DROPPED
        return {str(entry["id"])} if isinstance(entry, dict) and "id" in entry else set()
    return set()


class _Dropped:
    """Marks a list entry set aside; survives deepcopy so it can still be recognised."""

    def __deepcopy__(self, memo: dict[int, Any]) -> _Dropped:
        return self


_DROPPED = _Dropped()


def _compact(node: Any, path: tuple[str | int, ...], maps: dict[tuple[str | int, ...], list[int]]) -> None:
    """Remove blanked entries, remembering for each list which original index each survivor had."""
    if isinstance(node, dict):
        for key, value in node.items():
            _compact(value, (*path, key), maps)
    elif isinstance(node, list):
        kept = [i for i, item in enumerate(node) if item is not _DROPPED]
        if len(kept) != len(node):
            maps[path] = kept
            node[:] = [node[i] for i in kept]
        for i, item in enumerate(node):
            _compact(item, (*path, i), maps)


def _original_path(path: tuple[str | int, ...], maps: dict[tuple[str | int, ...], list[int]]
                   ) -> tuple[str | int, ...]:
    out: list[str | int] = []
    compacted: list[str | int] = []
    for part in path:
        key = tuple(compacted)
        out.append(maps[key][part] if isinstance(part, int) and key in maps else part)
        compacted.append(part)
    return tuple(out)


def _value_at(data: Any, path: tuple[str | int, ...]) -> Any:
    for part in path:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def _data_path(source: Source, loc: tuple[Any, ...]) -> tuple[str | int, ...]:
    """Pydantic locations name union members and validator tags; keep the parts that exist in the data."""
    path: list[str | int] = []
    node: Any = source.data
    for part in loc:
        in_dict = isinstance(node, dict) and part in node
        in_list = isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)
        if in_dict or in_list:
            path.append(part)
            node = node[part]
        elif isinstance(node, dict) and isinstance(part, str) and not part[:1].isupper() \
                and not part.startswith(("function-", "literal[", "lax-", "json-")):
            path.append(part)  # a missing or unknown key: it names a field
            node = None
    return tuple(path)


def _model_at(path: tuple[str | int, ...]) -> type[BaseModel] | None:
    """The model class that a path's parent mapping validates against (for did-you-mean hints)."""
    from typing import get_args

    model: Any = Case
    for part in path[:-1]:
        if isinstance(part, int):
            continue
        if not (isinstance(model, type) and issubclass(model, BaseModel)):
            return None
        field = model.model_fields.get(part) or next(
            (f for f in model.model_fields.values() if f.alias == part), None)
        if field is None:
            return None
        model = _unwrap(field.annotation, get_args)
    return model if isinstance(model, type) and issubclass(model, BaseModel) else None


def _unwrap(annotation: Any, get_args: Any) -> Any:
    for _ in range(4):
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            return annotation
        args = [a for a in get_args(annotation) if a is not type(None)]
        models = [a for a in args if isinstance(a, type) and issubclass(a, BaseModel)]
        if models:
            return models[0]
        if not args:
            return annotation
        annotation = args[0]
    return annotation


def _problem(source: Source, error: Any) -> Problem:
    path = _data_path(source, tuple(error["loc"]))
    kind = error["type"]
    message = error["msg"]
    if kind == "extra_forbidden":
        key = str(path[-1]) if path else "?"
        model = _model_at(path)
        names = [f.alias or n for n, f in model.model_fields.items()] if model else []
        message = f"unknown field {key!r}{hint(key, names)}"
        if " " in key and _value_at(source.data, path) is None:
            # `{note: a, b}`: in a flow mapping a comma ends the value and starts a new key.
            message += "; a comma inside { } starts a new field: put the text in quotes"
        return Problem(source.name, *source.where(path, key=True), format_path(path), message)
    if kind == "missing":
        message = "required field is missing"
        line, column = source.where(path[:-1])
        return Problem(source.name, line, column, format_path(path), message)
    if kind == "literal_error":
        expected = error.get("ctx", {}).get("expected", "")
        choices = [c.strip().strip("'") for c in expected.replace(" or ", ", ").split(",") if c.strip()]
        got = error.get("input")
        message = f"{got!r} is not one of {', '.join(choices)}"
        if isinstance(got, str):
            message += hint(got, choices)
    elif kind == "value_error":
        message = message.removeprefix("Value error, ")
    return Problem(source.name, *source.where(path), format_path(path), message)
