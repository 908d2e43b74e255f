"""Reading a case file safely, keeping the line and column of every node.

The YAML is composed into nodes (libyaml's C composer when present), never
constructed by PyYAML: we build plain values ourselves so that
- every value's position is kept (for `FILE:LINE:COL` errors), counted as editors
  count lines (only \\n, \\r\\n and \\r end a line; YAML also breaks at U+0085,
  U+2028 and U+2029, which would put positions past the end of the file),
- scalars follow YAML 1.2's core schema (`no` stays the string "no"; dates stay
  strings the model parses), duplicate keys are errors,
- tags are refused: a case file is plain data, so `!!python/object/apply:…`,
  `!!binary` or `!foo` would be silently meaningless. Only the three tags that
  cannot change a value's meaning are accepted: `!!str` (the value is text,
  like quotes: `id: !!str 007`), `!!seq` on a list and `!!map` on a mapping,
- the input is bounded before it costs anything: the byte limit is checked
  before reading (special files are refused without reading), and the number
  of values after alias expansion is bounded by a count derived from the byte
  limit, so a file under the byte limit always loads unless aliases blow it up.
"""

from __future__ import annotations

import os
import re
import stat
from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.resolver import BaseResolver

from .errors import CaseError, Problem, format_path

# A case file is a few kilobytes; a cohort's largest are well under 1 MB.
DEFAULT_MAX_BYTES = 2_000_000
LIMIT_VARIABLE = "SOCIALMAPS_MAX_BYTES"
# Values after expanding aliases: never fewer than this (a real case has hundreds), and at
# least NODES_PER_BYTE per byte of the limit. The densest YAML without aliases found
# (`? ? ? …`, `[a,?a,…]`) holds 1.0 value per byte; 2 leaves room, so only alias expansion
# can exceed the count.
MIN_NODES = 200_000
NODES_PER_BYTE = 2
# Nesting deeper than this is no case file (the deepest real path is about 6 levels).
MAX_DEPTH = 200
# Python refuses to convert integers of more than 4,300 digits; longer digit strings stay text.
MAX_INT_DIGITS = 4000
# Characters YAML forbids in a stream (C0/C1 controls, DEL, lone surrogates, U+FFFE/U+FFFF).
_FORBIDDEN = re.compile("[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_MAX_CHARACTER_PROBLEMS = 20
# Line breaks of YAML that editors do not count as line breaks.
_YAML_ONLY_BREAKS = re.compile("[\x85\u2028\u2029]")
_EDITOR_BREAK = re.compile(r"\r\n|\r|\n")

Path = tuple[str | int, ...]

_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_BOOL = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")
_INT = re.compile(r"^[-+]?[0-9]+$")
_FLOAT = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$")

_CORE = "tag:yaml.org,2002:"
# Explicit tags accepted, by node kind: those that cannot change what a value means.
_HARMLESS_TAGS: dict[type[yaml.Node], str] = {
    yaml.ScalarNode: _CORE + "str", yaml.SequenceNode: _CORE + "seq", yaml.MappingNode: _CORE + "map"}


class _ExplicitTagsOnly(BaseResolver):
    """Resolves every untagged node to the empty tag, so any tag left on a node was written in the file."""

    def resolve(self, kind: type[yaml.Node], value: Any, implicit: Any) -> str:
        if kind is yaml.ScalarNode:
            return "" if implicit[0] or implicit[1] else "!"  # neither: the non-specific tag `!`
        return "" if implicit else "!"


try:  # the C composer is ~10x faster; fall back to pure Python where libyaml is absent
    from yaml.cyaml import CParser

    class _Reader(CParser, _ExplicitTagsOnly):  # type: ignore[misc]
        def __init__(self, stream: str) -> None:
            CParser.__init__(self, stream)
            _ExplicitTagsOnly.__init__(self)
except ImportError:  # pragma: no cover - depends on the PyYAML build
    from yaml.composer import Composer
    from yaml.parser import Parser
    from yaml.reader import Reader
    from yaml.scanner import Scanner

    class _Reader(Reader, Scanner, Parser, Composer, _ExplicitTagsOnly):  # type: ignore[no-redef]
        def __init__(self, stream: str) -> None:
            Reader.__init__(self, stream)
            Scanner.__init__(self)
            Parser.__init__(self)
            Composer.__init__(self)
            _ExplicitTagsOnly.__init__(self)


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
    value = os.environ.get(LIMIT_VARIABLE, "").strip()
    return int(value) if value.isdigit() and 0 < len(value) < 19 and int(value) > 0 else DEFAULT_MAX_BYTES


def max_nodes(limit: int) -> int:
    """Values allowed after alias expansion for a byte limit: more than any file of that size holds."""
    return max(MIN_NODES, NODES_PER_BYTE * limit)


def shorten(text: str, width: int = 60) -> str:
    """A user's value quoted in a message: long values cut in the middle, so a 1 MB key stays one line."""
    text = text if len(text) <= width else text[: width // 2] + "…" + text[-(width // 2 - 1):]
    return repr(text)


class _Lines:
    """Character index -> (line, column), 1-based, as editors count: only \\n, \\r\\n and \\r end a line."""

    def __init__(self, text: str) -> None:
        # libyaml counts lines like an editor unless the text holds one of YAML's extra breaks.
        self.starts: list[int] | None = None
        if _YAML_ONLY_BREAKS.search(text):
            self.starts = [0, *(m.end() for m in _EDITOR_BREAK.finditer(text))]
        self.text = text

    def at_index(self, index: int) -> tuple[int, int]:
        starts = self.starts
        if starts is None:
            starts = self.starts = [0, *(m.end() for m in _EDITOR_BREAK.finditer(self.text))]
        line = bisect_right(starts, index) - 1
        return line + 1, index - starts[line] + 1

    def at(self, mark: Any) -> tuple[int, int]:
        # At the end of a text without a final newline libyaml moves to a line that is not there.
        if self.starts is None and mark.index < len(self.text):
            return mark.line + 1, mark.column + 1
        return self.at_index(mark.index)


def _scalar(node: yaml.ScalarNode) -> Any:
    value = node.value
    if node.style or node.tag:  # quoted, block or `!!str`: always a string (libyaml marks plain as "")
        return value
    if _NULL.match(value):
        return None
    if _BOOL.match(value):
        return value.lower() == "true"
    if _INT.match(value):
        # Too long for Python to convert: keep the digits as text (fine where text is expected; a
        # number field then says the value is too large, at its position).
        return int(value) if len(value) <= MAX_INT_DIGITS else value
    if _FLOAT.match(value):
        return float(value)
    return value


def _tag_name(tag: str) -> str:
    return "!!" + tag.removeprefix(_CORE) if tag.startswith(_CORE) else tag


class _Builder:
    def __init__(self, name: str, lines: _Lines, node_limit: int) -> None:
        self.source = Source(name, None)
        self.lines = lines
        self.node_limit = node_limit
        self.problems: list[Problem] = []
        self.sizes: dict[int, int] = {}

    def size(self, node: yaml.Node, depth: int = 0) -> int:
        """Number of values after alias expansion, memoised per node (aliases share nodes)."""
        key = id(node)
        if key in self.sizes:
            return self.sizes[key]
        if depth > MAX_DEPTH:
            raise _TooDeep(node)
        self.sizes[key] = self.node_limit + 1  # guards recursive anchors
        if isinstance(node, yaml.MappingNode):
            total = 1 + sum(self.size(k, depth + 1) + self.size(v, depth + 1) for k, v in node.value)
        elif isinstance(node, yaml.SequenceNode):
            total = 1 + sum(self.size(item, depth + 1) for item in node.value)
        else:
            total = 1
        self.sizes[key] = min(total, self.node_limit + 1)
        return self.sizes[key]

    def build(self, node: yaml.Node, path: Path) -> Any:
        self.source.positions[path] = self.lines.at(node.start_mark)
        if node.tag and node.tag != _HARMLESS_TAGS.get(type(node)):
            self._tag_problem(node, path)
            return None
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*path, i)) for i, item in enumerate(node.value)]
        return _scalar(node)  # type: ignore[arg-type]

    def _mapping(self, node: yaml.MappingNode, path: Path) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                self._problem(key_node, path, "a key must be a plain name")
                continue
            if key_node.tag and key_node.tag != _HARMLESS_TAGS[yaml.ScalarNode]:
                self._tag_problem(key_node, path)
                continue
            key = key_node.value
            if key == "<<" and not key_node.style:
                self._problem(key_node, path, "merge keys (<<) are not supported in case files")
                continue
            if key in out:
                self._problem(key_node, (*path, key), f"duplicate key {shorten(key)}")
                continue
            self.source.key_positions[(*path, key)] = self.lines.at(key_node.start_mark)
            out[key] = self.build(value_node, (*path, key))
        return out

    def _tag_problem(self, node: yaml.Node, path: Path) -> None:
        tag = _tag_name(node.tag)
        self._problem(node, path, f"the YAML tag {shorten(tag, 40)} is not allowed in a case file "
                                  "(a case file holds plain text, numbers and lists): remove it")

    def _problem(self, node: yaml.Node, path: Path, message: str) -> None:
        line, column = self.lines.at(node.start_mark)
        self.problems.append(Problem(self.source.name, line, column, format_path(path), message))


class _TooDeep(Exception):
    def __init__(self, node: yaml.Node) -> None:
        super().__init__()
        self.node = node


def _refuse(name: str, message: str, line: int = 1, column: int = 1) -> CaseError:
    return CaseError([Problem(name, line, column, "", message)])


def _over_limit(name: str, limit: int, size: int | None = None) -> CaseError:
    known = f" is {size:,} bytes," if size is not None else ""
    return _refuse(name, f"file{known} over the limit of {limit:,} bytes (a case file is a few "
                         f"kilobytes; raise the limit with the environment variable {LIMIT_VARIABLE})")


_SPECIAL_FILES = (
    (stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a character device (like /dev/zero)"), (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def _not_regular(mode: int) -> str | None:
    if stat.S_ISREG(mode):
        return None
    return next((kind for test, kind in _SPECIAL_FILES if test(mode)), "not a regular file")


def read_file(path: str | os.PathLike[str], name: str, limit: int | None = None) -> bytes:
    """The bytes of a case file, never more than the limit: the size is checked before reading and
    the read stops at limit + 1 bytes (a file may grow, or report no size, as /proc files do);
    folders, pipes, devices and sockets are refused without reading."""
    limit = max_bytes() if limit is None else limit
    try:
        kind = _not_regular(os.stat(path).st_mode)
        if kind is None:
            # O_NONBLOCK: if a pipe replaced the file since stat, opening it must not wait for a writer.
            fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
            with os.fdopen(fd, "rb") as handle:
                info = os.fstat(handle.fileno())
                kind = _not_regular(info.st_mode)
                if kind is None and info.st_size > limit:
                    raise _over_limit(name, limit, info.st_size)
                raw = b"" if kind else _read_at_most(handle, limit + 1)
    except OSError as err:
        raise _refuse(name, f"cannot read: {err.strerror or err}") from None
    if kind is not None:
        raise _refuse(name, f"is {kind}, not a case file: refused without reading it")
    if len(raw) > limit:
        raise _over_limit(name, limit)
    return raw


def _read_at_most(handle: Any, count: int) -> bytes:
    chunks: list[bytes] = []
    left = count
    while left > 0:
        chunk = handle.read(min(left, 1 << 20))
        if not chunk:
            break
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def decode(raw: bytes, name: str, limit: int | None = None) -> str:
    """Bytes to text, refusing what is no case file before any parsing starts."""
    limit = max_bytes() if limit is None else limit
    if len(raw) > limit:
        raise _over_limit(name, limit, len(raw))
    if _utf16(raw):
        raise _refuse(name, f"not UTF-8 text: the file is {_utf16(raw)} (save it as UTF-8; every editor can)")
    nul = raw.find(b"\x00", 0, 65536)
    if nul >= 0:
        raise _refuse(name, "not a text file (it holds NUL bytes): expected a YAML or JSON case file",
                      *_byte_position(raw, nul))
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise _refuse(name, f"not UTF-8 text (byte 0x{raw[err.start]:02x} at offset {err.start}): "
                            "save the file as UTF-8", *_byte_position(raw, err.start)) from None
    return text


def _byte_position(raw: bytes, offset: int) -> tuple[int, int]:
    """Line and column (in characters, as editors count) of a byte offset in undecoded text."""
    head = raw[:offset].decode("utf-8", "replace").removeprefix("\ufeff")
    return _Lines(head).at_index(len(head))


def _utf16(raw: bytes) -> str | None:
    """"UTF-16"/"UTF-32" when the bytes are text in that encoding (with a byte-order mark, or
    ASCII-range text with every other byte zero)."""
    for encoding, boms in (("UTF-32", (b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")),
                           ("UTF-16", (b"\xff\xfe", b"\xfe\xff"))):
        if raw.startswith(boms):
            try:
                raw.decode(encoding.lower())
            except UnicodeDecodeError:
                return None
            return encoding
    head = raw[:64]
    if len(head) >= 8 and len(head) % 2 == 0 and (not any(head[1::2]) or not any(head[0::2])) \
            and any(head):
        return "UTF-16"
    return None


def check_text(text: str, name: str, limit: int | None = None) -> None:
    """What makes a text no case file, before parsing: over the byte limit, empty, forbidden characters."""
    limit = max_bytes() if limit is None else limit
    # Each character is 1 to 4 bytes of UTF-8: encode only when the length leaves it in doubt.
    if len(text) > limit or (4 * len(text) > limit
                             and len(text.encode("utf-8", "surrogatepass")) > limit):
        raise _over_limit(name, limit, len(text.encode("utf-8", "surrogatepass")))
    if not text.strip():
        raise _refuse(name, "empty file: expected a case mapping starting with 'socialmaps: 1'")
    found = []
    lines = _Lines(text)
    for match in _FORBIDDEN.finditer(text):
        found.append(Problem(name, *lines.at_index(match.start()), "", _character_message(match[0])))
        if len(found) == _MAX_CHARACTER_PROBLEMS:
            break
    if found:
        raise CaseError(found)


def _character_message(char: str) -> str:
    code = f"U+{ord(char):04X}"
    if ord(char) < 0x20 or 0x7F <= ord(char) <= 0x9F:
        what = f"control character {code}"
    elif 0xD800 <= ord(char) <= 0xDFFF:
        what = f"broken character {code} (half of a UTF-16 pair)"
    else:
        what = f"non-character {code}"
    return f"{what} is not allowed in a case file: delete it"


def parse(text: str, name: str, limit: int | None = None) -> Source:
    """YAML text to a Source, or CaseError listing what is wrong."""
    limit = max_bytes() if limit is None else limit
    check_text(text, name, limit)
    text = text.removeprefix("\ufeff")
    lines = _Lines(text)
    node = _compose(text, name, lines)
    builder = _Builder(name, lines, max_nodes(limit))
    try:
        size = builder.size(node)
    except RecursionError:  # pragma: no cover - MAX_DEPTH keeps the recursion short
        raise _refuse(name, "YAML nested too deeply") from None
    except _TooDeep as deep:
        raise _refuse(name, f"YAML nested more than {MAX_DEPTH} levels deep: a case file needs a few",
                      *lines.at(deep.node.start_mark)) from None
    if size > builder.node_limit:
        raise _refuse(name, f"YAML expands to more than {builder.node_limit:,} values through its aliases "
                            f"(*name), an alias bomb? Refused (the limit is {NODES_PER_BYTE} values per "
                            f"byte of the size limit, {LIMIT_VARIABLE})")
    builder.source.data = builder.build(node, ())
    if builder.problems:
        raise CaseError(builder.problems)
    if not isinstance(builder.source.data, dict):
        raise _refuse(name, "a case file is a mapping (socialmaps: 1, case: …), not a "
                            f"{_kind(builder.source.data)}")
    return builder.source


def _kind(value: Any) -> str:
    if isinstance(value, list):
        return "list"
    if value is None:
        return "single empty value"
    if isinstance(value, str):
        return "single line of text"
    return f"single {type(value).__name__}"


def _compose(text: str, name: str, lines: _Lines) -> yaml.Node:
    reader = _Reader(text)
    try:
        node = reader.get_single_node()
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        where = lines.at(mark) if mark else (1, 1)
        message = " ".join(filter(None, [err.context, err.problem])) or "invalid YAML"
        raise _refuse(name, f"invalid YAML: {message}", *where) from None
    except yaml.reader.ReaderError as err:  # a character YAML refuses (check_text catches the usual ones)
        raise _refuse(name, f"invalid YAML: {err.reason} ({_character_message(chr(err.character))})"
                      if isinstance(err.character, int) else f"invalid YAML: {err.reason}",
                      *lines.at_index(err.position)) from None
    except yaml.YAMLError as err:
        raise _refuse(name, f"invalid YAML: {' '.join(str(err).split())}") from None
    except RecursionError:  # pragma: no cover - libyaml bounds its nesting first
        raise _refuse(name, "YAML nested too deeply") from None
    finally:
        reader.dispose()
    if node is None:
        raise _refuse(name, "empty file: expected a case mapping starting with 'socialmaps: 1'")
    return node

