"""Case file -> validated `Case`, or `CaseError` with every problem at once."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from .checks import Hints, check_case
from .errors import CaseError, Problem, format_path
from .gcpause import collector_paused
from .model import CASE_ID_PATTERN, ID_PATTERN, STYLE_PATTERN, Case
from .text import ascii_drawn, describe_missing, missing_glyphs
from .yamlsource import Source, decode, parse, read_file, shorten


def load_case(path: str | Path, max_bytes: int | None = None) -> Case:
    """Read and validate one case file (YAML or JSON): a `Case`, or CaseError and nothing else.

    `max_bytes` overrides SOCIALMAPS_MAX_BYTES (default 2,000,000)."""
    name = str(path)
    return load_text(decode(read_file(path, name, max_bytes), name, max_bytes), name, max_bytes)


def load_text(text: str, name: str = "<case>", max_bytes: int | None = None) -> Case:
    """Validate a case given as text (the live editor and tests use this), within the same limits
    as a file: its UTF-8 size counts against `max_bytes` / SOCIALMAPS_MAX_BYTES."""
    return validate_source(parse(text, name, max_bytes))


@dataclass(frozen=True)
class CheckedCase:
    """A valid case and what it will draw differently from what it says (FILE:LINE:COL warnings
    whose message starts with "warning:"; they never make the file invalid)."""

    case: Case
    warnings: tuple[Problem, ...] = ()


def load_case_warned(path: str | Path, max_bytes: int | None = None) -> CheckedCase:
    """`load_case`, with the warnings of `glyph_warnings` and `order_warnings` (what `validate` and
    `render` show)."""
    name = str(path)
    source = parse(decode(read_file(path, name, max_bytes), name, max_bytes), name, max_bytes)
    case = validate_source(source)
    return CheckedCase(case, tuple(sorted({*glyph_warnings(source), *order_warnings(source, case)})))


def order_warnings(source: Source, case: Case) -> list[Problem]:
    """A warning at each child listed after a younger brother or sister: the children of a union
    are drawn left to right in the order listed, oldest first (a reader reads their ages from it),
    and a list typed in another order is drawn as it is typed.  Children of unknown age, and a
    year against a full date of that year, are not compared."""
    warnings = []
    people = case.people_by_id  # (built once: `Case.person` builds it at every call)
    for k, union in enumerate(case.unions):
        youngest: tuple[float, str, str] | None = None  # (birth, id, as written) of the youngest so far
        for j, child in enumerate(union.children):
            person = people.get(child.id)
            born = case.birth_year(person) if person is not None else None
            if born is None or person is None:
                continue
            if youngest is not None and int(born) < int(youngest[0]):
                path = ("unions", k, "children", j)
                warnings.append(Problem(
                    source.name, *source.where(path), format_path(path),
                    f"warning: {child.id} (born {_year(person.born, born)}) is listed after {youngest[1]} "
                    f"(born {youngest[2]}); children are drawn left to right as listed, oldest first"))
            if youngest is None or born > youngest[0]:
                youngest = (born, child.id, _year(person.born, born))
    return warnings


def _year(born: object, decimal: float) -> str:
    """A birth as the file gives it (or its year, when worked out from an age)."""
    return str(born) if born is not None else f"about {int(decimal)}"


def glyph_warnings(source: Source) -> list[Problem]:
    """A warning at every text holding a character the bundled font cannot draw (it is drawn as
    a placeholder, see text.drawable), at the text's own line and column."""
    texts = "".join(_values(source.data))  # one scan of every text at once, in C
    if texts.isascii() and texts.isprintable() and ascii_drawn():
        return []  # (nearly every file: every text printable ASCII, which the font draws)
    warnings = []
    for path, value in _texts(source.data, ()):
        found = missing_glyphs(value)
        if found:
            warnings.append(Problem(source.name, *source.where(path), format_path(path),
                                    f"warning: {describe_missing(found)}"))
    return sorted(set(warnings))  # in file order, each once


def _values(node: Any) -> list[str]:
    """Every text of the data, without its path (a path a node costs a third of the walk)."""
    texts: list[str] = []
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            texts.append(item)
        elif isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return texts


def _texts(node: Any, path: tuple[str | int, ...]) -> Iterator[tuple[tuple[str | int, ...], str]]:
    if isinstance(node, str):
        yield path, node
    elif isinstance(node, dict):
        for key, value in node.items():
            yield from _texts(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _texts(value, (*path, index))


def validate_source(source: Source) -> Case:
    # The models built hold no cycles; the collector's passes over them cost half of the
    # validation time of a 2 MB file.
    with collector_paused():
        return _validated(source)


def _validated(source: Source) -> Case:
    try:
        case = Case.model_validate(source.data)
    except ValidationError as err:
        errors = err.errors(include_url=False)
        hints = Hints()
        problems = [_problem(source, e, hints) for e in errors]
        raise CaseError(problems + _checks_despite(source, errors)) from None
    problems = [Problem(source.name, *source.where(path), format_path(path), message)
                for path, message in check_case(case)]
    if problems:
        raise CaseError(problems)
    return case


def _checks_despite(source: Source, errors: list[Any]) -> list[Problem]:
    """Cross-checks on what is left after setting aside the values that failed, so that one
    run reports every problem: a typo in one person does not hide a duplicate id elsewhere.

    First only the bad values go (a misspelt `sex` falls back to its default); where that is
    not enough (a required field is missing), the whole entry holding it goes."""
    data = _copy_tree(source.data)
    dropped_ids: set[str] = set()
    for e in errors:
        dropped_ids |= _drop(data, _data_path(source, tuple(e["loc"])), whole_entry=False)
    index_maps: dict[tuple[str | int, ...], list[int]] = {}
    for attempt in range(2):
        trial = _copy_tree(data)
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
             if not (m.startswith(("unknown", "twin")) and dropped_ids.intersection(_QUOTED.findall(m)))]
    problems = []
    for path, message in found:
        original = _original_path(path, index_maps)
        problems.append(Problem(source.name, *source.where(original), format_path(original), message))
    return problems


# The ids a cross-check message names: ids are plain names, so repr() quotes them with ''.
_QUOTED = re.compile(r"'([A-Za-z0-9_-]+)'")


def _copy_tree(value: Any) -> Any:
    """A copy of the lists and mappings in which every alias (*name) is a value of its own: deepcopy
    would keep an alias and its anchor one object, and setting aside a bad value under the alias
    would remove it from both. Scalars are immutable and kept (4x faster than deepcopy)."""
    if isinstance(value, dict):
        return {key: _copy_tree(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_copy_tree(item) for item in value]
    return value


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
    """Marks a list entry set aside (_copy_tree keeps it as it is, so it can still be recognised)."""


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


def _problem(source: Source, error: Any, hints: Hints) -> Problem:
    path = _data_path(source, tuple(error["loc"]))
    kind = error["type"]
    message = error["msg"]
    if kind == "extra_forbidden":
        key = str(path[-1]) if path else "?"
        model = _model_at(path)
        names = [f.alias or n for n, f in model.model_fields.items()] if model else []
        message = f"unknown field {shorten(key)}{hints(key, names)}"
        if " " in key and _value_at(source.data, path) is None:
            # `{note: a, b}`: in a flow mapping a comma ends the value and starts a new key.
            message += "; a comma inside { } starts a new field: put the text in quotes"
        return Problem(source.name, *source.where(path, key=True), format_path(path), message)
    if kind == "missing":
        message = "required field is missing"
        line, column = source.where(path[:-1])
        return Problem(source.name, line, column, format_path(path), message)
    if kind == "literal_error" and path == ("socialmaps",) and _is_number(error.get("input")):
        message = f"format version {error['input']} is not known: this socialmaps reads format 1"
    elif kind == "literal_error":
        message = _literal_message(error.get("input"), _choices(error.get("ctx", {}).get("expected", "")),
                                   hints)
    elif kind == "string_too_long":
        limit = error.get("ctx", {}).get("max_length")
        got = error.get("input")
        size = f" (this one has {len(got):,})" if isinstance(got, str) else ""
        message = f"too long: at most {limit:,} characters{size}" if isinstance(limit, int) else message
    elif kind in _BOUNDS:
        message = _bound_message(kind, error.get("input"), error.get("ctx", {}))
    elif kind in _PLAIN_WORDS:
        message = _PLAIN_WORDS[kind]
    elif kind == "value_error":
        message = message.removeprefix("Value error, ")
    return Problem(source.name, *source.where(path), format_path(path), message)


# Pydantic messages that speak of Python rather than of the case file.
_PLAIN_WORDS = {
    "int_parsing_size": "this number has too many digits",
    "int_from_float": "expected a whole number, got a fraction",
    "int_parsing": "expected a whole number",
    "bool_parsing": "expected true or false",
    "bool_type": "expected true or false",
    "string_type": "expected text",
    "list_type": "expected a list (lines starting with '- ', or [a, b])",
    "dict_type": "expected a mapping (key: value lines, or {key: value})",
    "model_type": "expected a mapping (key: value lines, or {key: value})",
}


_PATTERN_WORDS = {ID_PATTERN: "letters, digits, _ and -", CASE_ID_PATTERN: "letters, digits, . _ and -",
                  STYLE_PATTERN: "small letters, digits and -"}
_BOUNDS = {"string_pattern_mismatch", "string_too_short", "too_short", "too_long",
           "greater_than_equal", "less_than_equal"}


def _bound_message(kind: str, got: Any, ctx: dict[str, Any]) -> str:
    """Values outside the limits of their field, said in the case file's terms."""
    if kind == "string_pattern_mismatch":
        allowed = _PATTERN_WORDS.get(str(ctx.get("pattern")), "the characters allowed")
        return f"{_describe(got)} may hold only {allowed}, without spaces (pattern {ctx.get('pattern')})"
    if kind == "string_too_short":
        return "empty: write a value or leave the field out"
    if kind in ("too_short", "too_long"):
        bound = ctx.get("min_length") if kind == "too_short" else ctx.get("max_length")
        count = len(got) if isinstance(got, list | dict) else ctx.get("actual_length")
        side = "at least" if kind == "too_short" else "at most"
        return f"needs {side} {bound} entr{'y' if bound == 1 else 'ies'} (this has {count})"
    bound = ctx.get("ge") if kind == "greater_than_equal" else ctx.get("le")
    side = "at least" if kind == "greater_than_equal" else "at most"
    return f"{got} is out of range: {side} {bound}"


def _choices(expected: str) -> list[str | int | bool]:
    """Pydantic's "'female', 'male' or 'unknown'" (or "1", "True") back to the allowed values."""
    out: list[str | int | bool] = []
    for part in expected.replace(" or ", ", ").split(", "):
        part = part.strip()
        if len(part) >= 2 and part[0] == part[-1] == "'":
            out.append(part[1:-1])
        elif part in ("True", "False"):
            out.append(part == "True")
        elif part.lstrip("-").isdigit():
            out.append(int(part))
        elif part:
            out.append(part)
    return out


def _literal_message(got: Any, choices: list[str | int | bool], hints: Hints) -> str:
    """A value outside a fixed list: what was given and what is allowed, in the user's terms.

    A number where a word is expected (or the reverse) is said as such, without a did-you-mean
    that would repeat the same characters ("'1' is not one of 1; did you mean '1'?")."""
    words = [c for c in choices if isinstance(c, str)]
    if isinstance(got, str) and len(words) == len(choices):
        return f"{shorten(got)} is not one of {', '.join(words)}{hints(got, words)}"
    numbers = [c for c in choices if isinstance(c, int) and not isinstance(c, bool)]
    if _is_number(got) and len(numbers) == len(choices):
        return f"{got} is not one of {', '.join(map(str, numbers))}"
    message = f"{_describe(got)} is given where {_allowed(choices)} is expected"
    if isinstance(got, str) and any(str(c) == got.strip() for c in numbers):
        message += ": write it without quotes"
    elif not isinstance(got, str) and any(str(got).lower() == str(w).lower() for w in words):
        message += ": put it in quotes"
    return message


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return f"the yes/no value {str(value).lower()}"
    if _is_number(value):
        return f"the number {value}"
    if isinstance(value, str):
        return f"the text {shorten(value)}"
    if value is None:
        return "an empty value"
    return "a list" if isinstance(value, list) else "a mapping" if isinstance(value, dict) else "a value"


def _allowed(choices: list[str | int | bool]) -> str:
    if len(choices) == 1:
        return _describe(choices[0])
    return "one of " + ", ".join(str(c).lower() if isinstance(c, bool) else str(c) for c in choices)
