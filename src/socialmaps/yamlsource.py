"""Reading a case file safely, keeping the line and column of every node.

The YAML is read as a stream of parser events (libyaml's C parser when present),
never composed or constructed by PyYAML: we build plain values ourselves so that
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
from typing import Any, cast

import yaml

from .errors import CaseError, Problem, format_path
from .gcpause import collector_paused
from .yamlfast import read_plain
from .yamlscalar import NOT_ONLY_TEXT, plain_scalar

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
# Characters YAML forbids in a stream (C0/C1 controls, DEL, lone surrogates, U+FFFE/U+FFFF).
_FORBIDDEN = re.compile("[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
# In a value written with escapes ("\\a", "\\x1b"): the same, but tab and line breaks are text.
_ESCAPED_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff\ud800-\udfff]")
_MAX_CHARACTER_PROBLEMS = 20  # listed; the rest are counted
_MAX_PROBLEMS = 1000  # of the reader: more are counted, not made (see errors.MAX_LISTED)
# Line breaks of YAML that editors do not count as line breaks.
_YAML_ONLY_BREAKS = re.compile("[\x85\u2028\u2029]")
_EDITOR_BREAK = re.compile(r"\r\n|\r|\n")

Path = tuple[str | int, ...]

_CORE = "tag:yaml.org,2002:"
# Explicit tags accepted, by event kind: those that cannot change what a value means.
_HARMLESS_TAGS: dict[type[yaml.Event], str] = {
    yaml.ScalarEvent: _CORE + "str", yaml.SequenceStartEvent: _CORE + "seq",
    yaml.MappingStartEvent: _CORE + "map"}

try:  # libyaml's C parser is ~10x faster; fall back to pure Python where libyaml is absent
    from yaml._yaml import CParser as _Parser
except ImportError:  # pragma: no cover - depends on the PyYAML build
    from yaml.parser import Parser
    from yaml.reader import Reader
    from yaml.scanner import Scanner

    class _Parser(Reader, Scanner, Parser):  # type: ignore[no-redef]  # the C parser's stand-in, by its name
        def __init__(self, stream: str) -> None:
            Reader.__init__(self, stream)
            Scanner.__init__(self)
            Parser.__init__(self)

        def dispose(self) -> None:
            pass


@dataclass
class Source:
    """Plain data of a YAML document and where each of its nodes stands (1-based)."""

    name: str
    data: Any
    # The positions of the nodes read one by one (_Builder.feed). Those read in bulk (_Builder.run)
    # wait in `_pending` as the parser's marks in their list or mapping, and get a line and column
    # only when some position is asked for: a 2 MB file has 400,000 nodes, a valid file asks for none,
    # and a path and a position for each cost a third of the reading time.
    _positions: dict[Path, tuple[int, int]] = field(default_factory=dict, repr=False)
    _key_positions: dict[Path, tuple[int, int]] = field(default_factory=dict, repr=False)
    # Where an alias (*name) stands -> the path of its anchor (&name): the values inside an alias
    # are those of the anchor, and stand where the anchor's do.
    aliases: dict[Path, Path] = field(default_factory=dict)
    _pending: list[_Open] = field(default_factory=list, repr=False)
    _lines: _Lines | None = field(default=None, repr=False)
    # Read by the fast reader (yamlfast.py), which keeps no positions: the text and the byte limit,
    # read again by the general reader when a position is first asked for (a message's).
    _unread: tuple[str, int] | None = field(default=None, repr=False)

    @property
    def positions(self) -> dict[Path, tuple[int, int]]:
        """Path of a node -> (line, column) where it starts."""
        self._fill()
        return self._positions

    @property
    def key_positions(self) -> dict[Path, tuple[int, int]]:
        """Path of a mapping's value -> (line, column) of its key."""
        self._fill()
        return self._key_positions

    def _fill(self) -> None:
        if self._unread is not None:  # read by the fast reader: the general one finds the positions
            text, limit = self._unread
            self._unread = None
            general = read_general(text, self.name, limit)
            self._positions, self._key_positions = general.positions, general.key_positions
            return
        if not self._pending or self._lines is None:
            return
        at = self._lines.at
        for record in self._pending:
            path = record.path
            for key, mark in record.value_marks.items():
                self._positions[(*path, key)] = at(mark)
            for name, mark in record.key_marks.items():
                self._key_positions[(*path, name)] = at(mark)
        self._pending = []

    def where(self, path: Path, key: bool = False) -> tuple[int, int]:
        """The position of a path's node, or of its nearest existing parent."""
        table = self.key_positions if key else self.positions
        probe = tuple(path)
        while probe:
            if probe in table:
                return table[probe]
            if not key and probe in self.positions:
                return self.positions[probe]
            inside = self._through_alias(probe)
            if inside is not None:
                return self.where(inside, key and table is self.key_positions)
            probe = probe[:-1]
            table = self.positions
        return self.positions.get((), (1, 1))

    def _through_alias(self, path: Path) -> Path | None:
        """A path below an alias, as the same path below its anchor."""
        if not self.aliases:
            return None
        for cut in range(len(path) - 1, 0, -1):
            anchor = self.aliases.get(path[:cut])
            if anchor is not None:
                return (*anchor, *path[cut:])
        return None


def max_bytes() -> int:
    """The size limit: SOCIALMAPS_MAX_BYTES overrides the default of 2,000,000 bytes."""
    value = os.environ.get(LIMIT_VARIABLE, "").strip()
    return int(value) if _readable_limit(value) else DEFAULT_MAX_BYTES


def _readable_limit(value: str) -> bool:
    return value.isascii() and value.isdigit() and len(value) < 19 and int(value) > 0


def max_nodes(limit: int) -> int:
    """Values allowed after alias expansion for a byte limit: more than any file of that size holds."""
    return max(MIN_NODES, NODES_PER_BYTE * limit)


def shorten(text: str, width: int = 60) -> str:
    """A user's value quoted in a message: long values cut in the middle, so a 1 MB key stays one line."""
    text = text if len(text) <= width else text[: width // 2] + "…" + text[-(width // 2 - 1):]
    return repr(text)


class _Lines:
    """Character index -> (line, column), 1-based, as editors count: only \\n, \\r\\n and \\r end a line.

    `shortened` lists where the text the parser reads is shorter than the file (see
    _join_surrogate_escapes): (index in the parser's text after the change, characters removed
    up to there); positions are counted in the file."""

    def __init__(self, text: str, shortened: list[tuple[int, int]] | None = None) -> None:
        # libyaml counts lines like an editor unless the text holds one of YAML's extra breaks.
        self.starts: list[int] | None = None
        if _YAML_ONLY_BREAKS.search(text):
            self.starts = [0, *(m.end() for m in _EDITOR_BREAK.finditer(text))]
        self.text = text
        self.shortened_at = [at for at, _ in shortened or ()]
        self.removed = [count for _, count in shortened or ()]

    def at_index(self, index: int) -> tuple[int, int]:
        starts = self.starts
        if starts is None:
            starts = self.starts = [0, *(m.end() for m in _EDITOR_BREAK.finditer(self.text))]
        line = bisect_right(starts, index) - 1
        return line + 1, index - starts[line] + 1

    def in_file(self, index: int) -> int:
        """An index in the parser's text as an index in the file."""
        before = bisect_right(self.shortened_at, index)
        return index + (self.removed[before - 1] if before else 0)

    def at(self, mark: Any) -> tuple[int, int]:
        index = mark.index
        if self.shortened_at:
            return self.at_index(self.in_file(index))
        # At the end of a text without a final newline libyaml moves to a line that is not there.
        if self.starts is None and index < len(self.text):
            return mark.line + 1, mark.column + 1
        return self.at_index(index)


# A character beyond U+FFFF escaped as a UTF-16 surrogate pair, "\\ud83d\\ude00" (JSON writers do
# this; YAML refuses it), after an even number of backslashes (an odd one escapes the first).
_SURROGATE_PAIR = re.compile(
    r"(?<!\\)((?:\\\\)*)\\u([dD][89abAB][0-9a-fA-F]{2})\\u([dD][c-fC-F][0-9a-fA-F]{2})")


def _join_surrogate_escapes(text: str) -> tuple[str, list[tuple[int, int]]]:
    """In a JSON file, each surrogate-pair escape becomes the one escape YAML reads, "\\U0001F600"
    (2 characters shorter: the second list says where, for positions)."""
    if text.lstrip()[:1] not in ("{", "[") or "\\u" not in text:
        return text, []
    parts: list[str] = []
    shortened: list[tuple[int, int]] = []
    last = removed = 0
    for match in _SURROGATE_PAIR.finditer(text):
        code = 0x10000 + ((int(match[2], 16) - 0xD800) << 10) + (int(match[3], 16) - 0xDC00)
        parts += [text[last:match.start()], match[1], f"\\U{code:08X}"]
        removed += 2
        shortened.append((match.end() - removed, removed))
        last = match.end()
    return "".join(parts) + text[last:], shortened


def _scalar(event: yaml.ScalarEvent) -> Any:
    value = event.value
    if event.style or event.tag:  # quoted, block or `!!str`: always a string (libyaml marks plain as "")
        return value
    return plain_scalar(value)


def _tag_name(tag: str) -> str:
    return "!!" + tag.removeprefix(_CORE) if tag.startswith(_CORE) else tag


@dataclass(slots=True)
class _Open:
    """A list or mapping being read, or (value None) a part of the file being skipped."""

    value: list[Any] | dict[str, Any] | None
    path: Path
    anchor: str | None = None
    first_count: int = 0  # values read before this one opened: its size is the difference at the end
    levels: int = 1  # levels of lists and mappings, itself included
    key: str | None = None  # a mapping's key waiting for its value
    skip_value: bool = False  # the key was refused: its value is skipped
    # Where the keys and values read in bulk start (see Source._pending), by key or index.
    key_marks: dict[str, Any] = field(default_factory=dict)
    value_marks: dict[str | int, Any] = field(default_factory=dict)


@dataclass
class _Anchor:
    value: Any
    path: Path
    size: int  # values, aliases inside expanded
    levels: int  # levels of lists and mappings (0 for a scalar)


class _TooBig(Exception):
    def __init__(self, mark: Any, message: str) -> None:
        super().__init__(message)
        self.mark = mark
        self.message = message


class _Builder:
    """Plain values from the parser's events, one at a time: no node tree is kept (a node tree of a
    2 MB file costs seconds and half a gigabyte), and alias expansion is counted as it happens."""

    def __init__(self, name: str, lines: _Lines, node_limit: int) -> None:
        self.source = Source(name, None, _lines=lines)
        self.lines = lines
        self.node_limit = node_limit
        self.problems: list[Problem] = []
        self.stack: list[_Open] = []
        self.anchors: dict[str, _Anchor | None] = {}  # None: still open (an alias to it would loop)
        self.count = 0  # values so far, aliases expanded
        self.documents = 0
        self.omitted = 0  # problems past _MAX_PROBLEMS, counted only

    def run(self, parser: Any) -> None:
        """Every event of the parser. The usual ones (plain keys and values, flow entries of a list,
        the end of a list or mapping, no anchor nor tag) are handled here, inline: a 2 MB file has
        400,000 of them, and a method call each cost about half of the reading time. Every other
        event goes through `feed`, which also handles the usual ones, more slowly."""
        get_event, feed, stack = parser.get_event, self.feed, self.stack
        pending, limit = self.source._pending, self.node_limit
        scalar_event, mapping_start, list_end, mapping_end = \
            yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceEndEvent, yaml.MappingEndEvent
        while True:
            event = get_event()
            if event is None:
                return
            kind = type(event)
            if (kind is list_end or kind is mapping_end) and stack:
                done = stack[-1]
                if done.value is not None and done.anchor is None and len(stack) > 1:
                    stack.pop()
                    parent = stack[-1]
                    if done.levels >= parent.levels:
                        parent.levels = done.levels + 1
                    continue
            elif (kind is scalar_event or kind is mapping_start) and stack and not event.anchor \
                    and not event.tag and self.count < limit:
                top = stack[-1]
                holder = top.value
                mark = event.start_mark
                if type(holder) is dict:
                    if top.skip_value or kind is not scalar_event or event.style == '"':
                        feed(event)
                        continue
                    key = top.key
                    if key is None:  # a key
                        key = event.value
                        if key in holder or (key == "<<" and not event.style):
                            feed(event)
                            continue
                        top.key_marks[key] = mark
                        top.key = key
                        continue
                    top.key = None
                    top.value_marks[key] = mark
                    self.count += 1
                    value = event.value  # a quoted text or a plain word is text, as _scalar says
                    holder[key] = value if event.style or (value and value[0] not in NOT_ONLY_TEXT) \
                        else _scalar(event)
                    continue
                if type(holder) is list and (kind is not scalar_event or event.style != '"'):
                    top.value_marks[len(holder)] = mark
                    self.count += 1
                    if kind is scalar_event:
                        holder.append(_scalar(event))
                    else:
                        if len(stack) >= MAX_DEPTH:
                            raise _TooBig(mark, f"YAML nested more than {MAX_DEPTH} levels deep: "
                                                "a case file needs a few")
                        container: dict[str, Any] = {}
                        opened = _Open(container, (*top.path, len(holder)), None, self.count - 1, 1, None,
                                       False, {}, {})
                        stack.append(opened)
                        pending.append(opened)
                        holder.append(container)
                    continue
            feed(event)

    def feed(self, event: yaml.Event | None) -> None:
        if event is None:  # what the parser gives past the stream's end: nothing to do
            return
        kind = type(event)
        if kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
            self._close()
        elif kind is yaml.ScalarEvent or kind is yaml.SequenceStartEvent or kind is yaml.MappingStartEvent \
                or kind is yaml.AliasEvent:
            self._node(event)
        elif kind is yaml.DocumentStartEvent:
            self.documents += 1
            if self.documents > 1:
                # libyaml's marks are typed apart from PyYAML's, but carry the same line and column
                # the error reads from them.
                mark = cast("yaml.Mark | None", event.start_mark)
                raise yaml.MarkedYAMLError(None, None, "expected a single document in the stream but found "
                                           "another document", mark)

    def _node(self, event: Any) -> None:
        """A scalar, an alias or the start of a list or mapping: a key, or a value at its path."""
        kind = type(event)
        top = self.stack[-1] if self.stack else None
        path: Path = ()
        if top is not None:
            holder = top.value
            if holder is None:  # inside a part being skipped
                self._skip(kind, top.path)
                return
            if type(holder) is dict:
                if top.key is None and not top.skip_value:
                    self._key(event, top)
                    return
                path = (*top.path, top.key)  # type: ignore[arg-type]  # key set: the branch above returned on None
                skip, top.key, top.skip_value = top.skip_value, None, False
                if skip:
                    self._skip(kind, top.path)
                    return
            else:
                path = (*top.path, len(holder))
        self.source._positions[path] = self.lines.at(event.start_mark)
        self._count(1, event)
        if kind is yaml.ScalarEvent and not event.tag:  # the common case first
            value = _scalar(event)
            if event.style == '"':
                self._escaped_controls(event, path)
            if event.anchor:
                self.anchors[event.anchor] = _Anchor(value, path, 1, 0)
        elif kind is yaml.AliasEvent:
            value = self._alias(event, path)
        elif event.tag and event.tag != _HARMLESS_TAGS.get(kind):
            self._tag_problem(event, path)
            self._skip(kind, path)
            value = None
        elif kind is yaml.ScalarEvent:
            value = _scalar(event)
            if event.style == '"':
                self._escaped_controls(event, path)
            if event.anchor:
                self.anchors[event.anchor] = _Anchor(value, path, 1, 0)
        else:
            value = self._open(event, path)
        if top is None:
            self.source.data = value
        elif type(top.value) is dict:
            top.value[path[-1]] = value  # type: ignore[index]  # a dict's path ends in its key, a str
        else:
            top.value.append(value)  # type: ignore[union-attr]  # not a dict: the open list

    def _skip(self, kind: type, path: Path) -> None:
        if kind is yaml.SequenceStartEvent or kind is yaml.MappingStartEvent:
            self.stack.append(_Open(None, path))  # its content is skipped up to its end

    def _open(self, event: Any, path: Path) -> list[Any] | dict[str, Any]:
        if len(self.stack) >= MAX_DEPTH:
            raise _TooBig(event.start_mark, f"YAML nested more than {MAX_DEPTH} levels deep: "
                                            "a case file needs a few")
        container: list[Any] | dict[str, Any] = [] if type(event) is yaml.SequenceStartEvent else {}
        if event.anchor:
            self.anchors[event.anchor] = None
        opened = _Open(container, path, event.anchor, self.count - 1)
        self.stack.append(opened)
        self.source._pending.append(opened)
        return container

    def _key(self, event: Any, top: _Open) -> None:
        if type(event) is not yaml.ScalarEvent:
            self._problem(event, top.path, "a key must be a plain name")
            top.skip_value = True
            self._skip(type(event), top.path)  # and the key's own content
            return
        if event.tag and event.tag != _HARMLESS_TAGS[yaml.ScalarEvent]:
            self._tag_problem(event, top.path)
            top.skip_value = True
            return
        key = event.value
        if event.style == '"':
            self._escaped_controls(event, (*top.path, key))
        assert isinstance(top.value, dict)
        if key == "<<" and not event.style:
            self._problem(event, top.path, "merge keys (<<) are not supported in case files")
            top.skip_value = True
        elif key in top.value:
            self._problem(event, (*top.path, key), f"duplicate key {shorten(key)}")
            top.skip_value = True
        else:
            self.source._key_positions[(*top.path, key)] = self.lines.at(event.start_mark)
            top.key = key

    def _close(self) -> None:
        done = self.stack.pop()
        if done.value is None:
            return
        if done.anchor:
            self.anchors[done.anchor] = _Anchor(done.value, done.path, self.count - done.first_count,
                                                done.levels)
        if self.stack:
            parent = self.stack[-1]
            parent.levels = max(parent.levels, done.levels + 1)

    def _alias(self, event: Any, path: Path) -> Any:
        anchor = self.anchors.get(event.anchor, _MISSING)
        if anchor is _MISSING:
            self._problem(event, path, f"no anchor &{shorten(event.anchor, 30)[1:-1]} before this alias")
            return None
        if anchor is None:
            self._problem(event, path, f"the alias *{shorten(event.anchor, 30)[1:-1]} is inside its own "
                                       "anchor: a value cannot hold itself")
            return None
        assert isinstance(anchor, _Anchor)
        if len(self.stack) + anchor.levels > MAX_DEPTH:
            raise _TooBig(event.start_mark, f"YAML nested more than {MAX_DEPTH} levels deep (through "
                                            "an alias): a case file needs a few")
        self._count(anchor.size - 1, event)
        if self.stack:
            top = self.stack[-1]
            top.levels = max(top.levels, anchor.levels + 1)
        self.source.aliases[path] = anchor.path
        return anchor.value  # shared, not copied: the loader copies before changing anything

    def _count(self, values: int, event: Any) -> None:
        self.count += values
        if self.count > self.node_limit:
            raise _TooBig(event.start_mark, f"YAML expands to more than {self.node_limit:,} values through "
                                            f"its aliases (*name), an alias bomb? Refused (the limit is "
                                            f"{NODES_PER_BYTE} values per byte of the size limit set by "
                                            f"{LIMIT_VARIABLE}, and at least {MIN_NODES:,})")

    def _escaped_controls(self, event: Any, path: Path) -> None:
        """A control character written as an escape ("bell\\a") is as invisible in a figure as a raw
        one: refused too, at the start of its quoted text. Tab and line breaks are text."""
        found = _ESCAPED_CONTROL.search(event.value)
        if found:
            self._problem(event, path, f"{_character_message(found[0]).removesuffix(': delete it')} "
                                       "(written as an escape in quotes): remove it")

    def _tag_problem(self, event: Any, path: Path) -> None:
        tag = _tag_name(event.tag)
        self._problem(event, path, f"the YAML tag {shorten(tag, 40)} is not allowed in a case file "
                                   "(a case file holds plain text, numbers and lists): remove it")

    def _problem(self, event: Any, path: Path, message: str) -> None:
        if len(self.problems) >= _MAX_PROBLEMS:
            self.omitted += 1
            return
        line, column = self.lines.at(event.start_mark)
        self.problems.append(Problem(self.source.name, line, column, format_path(path), message))


_MISSING = object()


def _refuse(name: str, message: str, line: int = 1, column: int = 1) -> CaseError:
    return CaseError([Problem(name, line, column, "", message)])


def _over_limit(name: str, limit: int, size: int | None = None) -> CaseError:
    known = f" is {size:,} bytes," if size is not None else ""
    setting = os.environ.get(LIMIT_VARIABLE, "").strip()
    ignored = "" if not setting or _readable_limit(setting) else \
        f"; {LIMIT_VARIABLE}={shorten(setting, 20)} is not a whole number of bytes, so the default applies"
    return _refuse(name, f"file{known} over the limit of {limit:,} bytes (a case file is a few kilobytes; "
                         f"raise the limit with the environment variable {LIMIT_VARIABLE}{ignored})")


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
    except ValueError as err:  # a path holding a NUL character
        raise _refuse(name, f"cannot read: {err}") from None
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
    found: list[Problem] = []
    more = 0
    lines = _Lines(text)
    for match in _FORBIDDEN.finditer(text):
        if len(found) == _MAX_CHARACTER_PROBLEMS:
            more += 1
        else:
            found.append(Problem(name, *lines.at_index(match.start()), "", _character_message(match[0])))
    if found:
        raise CaseError(found, more)


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
    # A large file is nearly always one record a line of plain words: read without parser events
    # (a 2 MB file: 0.45 -> 0.2 s), else (or on anything else in it) by the general reader below.
    with collector_paused():
        data = read_plain(text, plain_scalar, max_nodes(limit))
    if data is not None:
        return Source(name, data, _unread=(text, limit))
    return read_general(text, name, limit)


def read_general(text: str, name: str, limit: int) -> Source:
    """`parse` by libyaml's events: any YAML, every position kept."""
    readable, shortened = _join_surrogate_escapes(text)
    lines = _Lines(text, shortened)
    builder = _Builder(name, lines, max_nodes(limit))
    # The values read hold no cycles; the collector's passes over the growing tree cost a third
    # of the reading time of a 2 MB file.
    with collector_paused():
        _read_events(readable, name, lines, builder)
    if builder.problems:
        raise CaseError(builder.problems, builder.omitted)
    if builder.documents == 0 or not builder.source._positions:  # the first node is read one by one
        raise _refuse(name, "empty file: expected a case mapping starting with 'socialmaps: 1'")
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


def _read_events(text: str, name: str, lines: _Lines, builder: _Builder) -> None:
    parser = _Parser(text)
    try:
        builder.run(parser)
    except _TooBig as big:
        raise _refuse(name, big.message, *lines.at(big.mark)) from None
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        if err.problem and "end of stream" in err.problem and err.context_mark:
            mark = err.context_mark  # an unclosed quote: where it opens, not the end of the file
        where = lines.at(mark) if mark else (1, 1)
        message = " ".join(filter(None, [err.context, err.problem])) or "invalid YAML"
        advice = _advice(message, text, mark.index if mark else -1)
        raise _refuse(name, f"invalid YAML: {message}{advice}", *where) from None
    except yaml.reader.ReaderError as err:  # a character YAML refuses (check_text catches the usual ones)
        raise _refuse(name, f"invalid YAML: {err.reason} ({_character_message(chr(err.character))})"
                      if isinstance(err.character, int) else f"invalid YAML: {err.reason}",
                      *lines.at_index(lines.in_file(err.position))) from None
    except yaml.YAMLError as err:
        raise _refuse(name, f"invalid YAML: {' '.join(str(err).split())}") from None
    finally:
        parser.dispose()


_BACKSLASH = ("in double quotes a backslash starts an escape such as \\n: write \\\\ for a backslash, "
              "or use single quotes")
# What usually causes libyaml's complaints in a hand-typed case file.
_ADVICE = (
    ("cannot start any token", "\t", "a tab: indent with spaces, YAML does not allow tabs there"),
    ("mapping values are not allowed", "", "a ': ' inside a value: put the value in quotes; or a line "
                                           "indented more than the one above"),
    ("expected ',' or '}'", "", "a '{' not closed, or a ':' or ',' inside a value: put the value in quotes"),
    ("expected ',' or ']'", "", "a '[' not closed, or a ':' or ',' inside a value: put the value in quotes"),
    ("did not find expected key", "", "this line is not indented like the lines above it"),
    ("expected '-' indicator", "", "this line is not indented like the list above it"),
    ("quoted scalar found unexpected end", "", "a quote opened here is not closed"),
    ("invalid Unicode character escape", "", "an escape \\uD800 to \\uDFFF is half a character: give "
                                             "both halves one after the other, or the character itself"),
    ("escape", "", _BACKSLASH),
    ("hexdecimal number", "", _BACKSLASH),
)


def _advice(message: str, text: str, index: int) -> str:
    here = text[index:index + 1] if 0 <= index < len(text) else ""
    for words, character, advice in _ADVICE:
        if words in message and (not character or here == character):
            return f" ({advice})"
    return ""
