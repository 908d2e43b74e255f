"""Reading a case file safely, keeping the line and column of every node.

The YAML is composed into nodes (libyaml's C composer when present), never
constructed by PyYAML: we build plain values ourselves so that
- every value's position is kept (for `FILE:LINE:COL` errors),
- scalars follow YAML 1.2's core schema (`no` stays the string "no"; dates stay
  strings the model parses), duplicate keys are errors,
- alias bombs are refused by counting the expanded size before expanding.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from .errors import CaseError, Problem

# A case file is a few kilobytes; a cohort's largest are well under 1 MB.
DEFAULT_MAX_BYTES = 2_000_000
# Values after expanding aliases; a real case has hundreds.
MAX_NODES = 200_000

Path = tuple[str | int, ...]

_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_BOOL = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")
_INT = re.compile(r"^[-+]?[0-9]+$")
_FLOAT = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$")

try:  # the C composer is ~10x faster; fall back to pure Python where libyaml is absent
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on the PyYAML build
    _Loader = yaml.SafeLoader


@dataclass
class Source:
    """Plain data of a YAML document and where each of its nodes stands (1-based)."""

    name: str
    data: Any
    positions: dict[Path, tuple[int, int]] = field(default_factory=dict)
    key_positions: dict[Path, tuple[int, int]] = field(default_factory=dict)

    def where(self, path: Path, key: bool = False) -> tuple[int, int]:
        """The position of a path's node, or of its nearest existing parent."""
        table = self.key_positions if key else self.positions
        probe = tuple(path)
        while probe:
            if probe in table:
                return table[probe]
            if not key and probe in self.positions:
                return self.positions[probe]
            probe = probe[:-1]
            table = self.positions
        return self.positions.get((), (1, 1))


def max_bytes() -> int:
    """The size limit: SOCIALMAPS_MAX_BYTES overrides the default of 2,000,000 bytes."""
    value = os.environ.get("SOCIALMAPS_MAX_BYTES", "")
    return int(value) if value.isdigit() and int(value) > 0 else DEFAULT_MAX_BYTES


def _scalar(node: yaml.ScalarNode) -> Any:
    value = node.value
    if node.style:  # quoted or block: always a string (libyaml marks plain as "")
        return value
    if _NULL.match(value):
        return None
    if _BOOL.match(value):
        return value.lower() == "true"
    if _INT.match(value):
        return int(value)
    if _FLOAT.match(value):
        return float(value)
    return value


class _Builder:
    def __init__(self, name: str) -> None:
        self.source = Source(name, None)
        self.problems: list[Problem] = []
        self.sizes: dict[int, int] = {}

    def size(self, node: yaml.Node, depth: int = 0) -> int:
        """Number of values after alias expansion, memoised per node (aliases share nodes)."""
        key = id(node)
        if key in self.sizes:
            return self.sizes[key]
        if depth > 200:
            raise RecursionError
        self.sizes[key] = MAX_NODES + 1  # guards recursive anchors
        if isinstance(node, yaml.MappingNode):
            total = 1 + sum(self.size(k, depth + 1) + self.size(v, depth + 1) for k, v in node.value)
        elif isinstance(node, yaml.SequenceNode):
            total = 1 + sum(self.size(item, depth + 1) for item in node.value)
        else:
            total = 1
        self.sizes[key] = min(total, MAX_NODES + 1)
        return self.sizes[key]

    def build(self, node: yaml.Node, path: Path) -> Any:
        mark = node.start_mark
        self.source.positions[path] = (mark.line + 1, mark.column + 1)
        if isinstance(node, yaml.MappingNode):
            out: dict[str, Any] = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, yaml.ScalarNode):
                    self._problem(key_node, path, "a key must be a plain name")
                    continue
                key = key_node.value
                if key == "<<":
                    self._problem(key_node, path, "merge keys (<<) are not supported in case files")
                    continue
                if key in out:
                    self._problem(key_node, (*path, key), f"duplicate key {key!r}")
                    continue
                self.source.key_positions[(*path, key)] = (key_node.start_mark.line + 1,
                                                            key_node.start_mark.column + 1)
                out[key] = self.build(value_node, (*path, key))
            return out
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*path, i)) for i, item in enumerate(node.value)]
        return _scalar(node)  # type: ignore[arg-type]

    def _problem(self, node: yaml.Node, path: Path, message: str) -> None:
        from .errors import format_path
        mark = node.start_mark
        self.problems.append(Problem(self.source.name, mark.line + 1, mark.column + 1,
                                     format_path(path), message))


def _refuse(name: str, message: str, line: int = 1, column: int = 1) -> CaseError:
    return CaseError([Problem(name, line, column, "", message)])


def decode(raw: bytes, name: str, limit: int | None = None) -> str:
    """Bytes to text, refusing what is no case file before any parsing starts."""
    limit = max_bytes() if limit is None else limit
    if len(raw) > limit:
        raise _refuse(name, f"file is {len(raw):,} bytes, over the limit of {limit:,} bytes "
                            "(a case file is a few kilobytes; raise the limit with SOCIALMAPS_MAX_BYTES)")
    if b"\x00" in raw[:65536]:
        raise _refuse(name, "not a text file (it holds NUL bytes): expected a YAML or JSON case file")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        raise _refuse(name, f"not UTF-8 text (byte 0x{raw[err.start]:02x} at offset {err.start})",
                      line) from None
    if not text.strip():
        raise _refuse(name, "empty file: expected a case mapping starting with 'socialmaps: 1'")
    return text


def _inside(text: str, line: int, column: int) -> tuple[int, int]:
    """The reader marks the end of a file without a final newline on the line after the last:
    point at the end of the last line instead, where an editor can go."""
    lines = text.split("\n")
    if line > len(lines):
        return len(lines), len(lines[-1]) + 1
    return line, column


def parse(text: str, name: str) -> Source:
    """YAML text to a Source, or CaseError listing what is wrong."""
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line, column = _inside(text, mark.line + 1, mark.column + 1) if mark else (1, 1)
        message = " ".join(filter(None, [err.context, err.problem])) or "invalid YAML"
        raise _refuse(name, f"invalid YAML: {message}", line, column) from None
    except yaml.YAMLError as err:
        raise _refuse(name, f"invalid YAML: {err}") from None
    except RecursionError:
        raise _refuse(name, "YAML nested too deeply") from None
    if node is None:
        raise _refuse(name, "empty file: expected a case mapping starting with 'socialmaps: 1'")
    builder = _Builder(name)
    try:
        size = builder.size(node)
    except RecursionError:
        raise _refuse(name, "YAML nested too deeply or with a recursive alias") from None
    if size > MAX_NODES:
        raise _refuse(name, f"YAML expands to more than {MAX_NODES:,} values (an alias bomb?): refused")
    try:
        builder.source.data = builder.build(node, ())
    except RecursionError:
        raise _refuse(name, "YAML nested too deeply") from None
    if builder.problems:
        raise CaseError(builder.problems)
    if not isinstance(builder.source.data, dict):
        raise _refuse(name, "a case file is a mapping (socialmaps: 1, case: …), not a "
                            f"{type(builder.source.data).__name__}")
    return builder.source
