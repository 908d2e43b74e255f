"""A fast reader for the plainest YAML of large case files, line by line, without parser events.

Large case files (generated, imported, or a cohort's exported families) are written one
record a line: block mappings and lists of flow mappings of plain words,

    people:
      - {id: p0, name: Ani, sex: female, born: 1990}
    unions:
      - {partners: [p0, p1], children: [p2]}

libyaml reads such a file as 400,000 parser events, each a Python object with two marks,
and that cost most of the loading time of a 2 MB file.  `read_plain` reads exactly this
subset: block mappings and lists nested by indentation, each line one of `key:`,
`key: VALUE`, `- VALUE` or `- key: VALUE`, where VALUE is a plain word, `[word, word]` or
`{key: word, key: [word]}` written with single spaces (`, ` between entries), full-line
comments and blank lines.  A word is letters, digits and ` _.-/+()`, starting with a
letter, digit or `_`: nothing YAML could read as anything else than the word itself
(no quotes, colons, commas, brackets, `#`, anchors, aliases or tags), and resolved as the
general reader resolves a plain scalar (`yamlsource._scalar`: numbers, booleans, null).

On anything else (a quote, a multi-line value, an indentation YAML reads otherwise, a
duplicate key, a tab, a line break other than \\n) it answers None and the general reader
reads the whole file, so that every message and every value stays that reader's.  The
values it reads are the general reader's (tests/test_yamlfast.py compares the two on
generated files); positions are not kept here: they are asked only for a message, and
then the general reader reads the file once more for them (`yamlsource.Source`).
"""

from __future__ import annotations

import re
from typing import Any

_WORD = r"[^\W][\w .\-/+()]*(?<! )"  # a letter, digit or _ first (\w without its complement)
# (YAML allows an implicit key of up to 1,024 characters: far more than any key of a case file)
_KEY = r"[A-Za-z_][A-Za-z0-9_-]{0,100}"
_FLOW_LIST = rf"\[(?:{_WORD}(?:, {_WORD})*)?\]"
_FLOW_ENTRY = rf"{_KEY}: (?:{_WORD}|{_FLOW_LIST})"
_FLOW_MAP = rf"\{{(?:{_FLOW_ENTRY}(?:, {_FLOW_ENTRY})*)?\}}"
_IS_WORD = re.compile(_WORD).fullmatch
_IS_FLOW_LIST = re.compile(_FLOW_LIST).fullmatch
_IS_FLOW_MAP = re.compile(_FLOW_MAP).fullmatch
_ENTRIES = re.compile(rf"({_KEY}): (?:({_WORD})|\[([^\]]*)\])").findall
_KEY_LINE = re.compile(rf"({_KEY}):(?: (.*))?").fullmatch
# Deeper than this is no case file read here (the general reader refuses past its own limit).
_MAX_LEVELS = 64
# What the subset never holds: tabs, carriage returns and YAML's line breaks other than \n.
_NOT_PLAIN = re.compile("[\t\r\x85\u2028\u2029]")


# a `key:` waiting for its nested block: (the mapping, the key, the key's indentation)
_Waiting = tuple[dict[str, Any], str, int]


class _Unread(Exception):
    """The text is outside the subset: the general reader reads it."""


def read_plain(text: str, resolve: Any, node_limit: int) -> dict[str, Any] | None:
    """The data of `text` if it is in the subset (see the module's docstring), else None.

    `resolve`: the general reader's resolution of a plain scalar's text (a number, a
    boolean, null, or the text).  `node_limit`: more values than this are left to the
    general reader (its message names the limit)."""
    if _NOT_PLAIN.search(text):
        return None
    try:
        return _Reader(resolve, node_limit).read(text)
    except _Unread:
        return None


class _Reader:
    def __init__(self, resolve: Any, node_limit: int) -> None:
        self.resolve = resolve
        self.node_limit = node_limit
        self.count = 0

    def value(self, text: str) -> Any:
        """A VALUE of the subset: a word, a flow list of words, or a flow mapping."""
        first = text[:1]
        if first == "{":
            if _IS_FLOW_MAP(text) is None:
                raise _Unread
            self.count += 1
            return self.flow_map(text)
        if first == "[":
            if _IS_FLOW_LIST(text) is None:
                raise _Unread
            self.count += 1
            return self.words(text[1:-1])
        if _IS_WORD(text) is None:
            raise _Unread
        self.count += 1
        return self.resolve(text)

    def words(self, inside: str) -> list[Any]:
        if not inside:
            return []
        resolve = self.resolve
        items = inside.split(", ")
        self.count += len(items)
        return [resolve(w) for w in items]

    def flow_map(self, text: str) -> dict[str, Any]:
        """A flow mapping already matched whole by _IS_FLOW_MAP: its entries in order."""
        out: dict[str, Any] = {}
        resolve = self.resolve
        entries = _ENTRIES(text)
        for key, word, listed in entries:
            if key in out:
                raise _Unread  # a duplicate key: the general reader says where
            out[key] = resolve(word) if word else self.words(listed)
        self.count += len(entries)
        return out

    def read(self, text: str) -> dict[str, Any]:
        """The block structure: a stack of open mappings and lists, each with its indentation."""
        root: dict[str, Any] = {}
        # open blocks, innermost last: (indentation, the mapping or list)
        stack: list[tuple[int, dict[str, Any] | list[Any]]] = [(0, root)]
        waiting: _Waiting | None = None
        for line in text.split("\n"):
            content = line.lstrip(" ")
            if not content or content[0] == "#":
                continue  # a blank line or a comment
            content = content.rstrip(" ")
            indent = len(line) - len(line.lstrip(" "))
            if waiting is not None:
                holder, key, at = waiting
                waiting = None
                if indent > at:  # the nested block opens here
                    block: dict[str, Any] | list[Any] = [] if content[:2] == "- " else {}
                    holder[key] = block
                    stack.append((indent, block))
                    if len(stack) > _MAX_LEVELS:
                        raise _Unread
                else:
                    holder[key] = None  # `key:` and nothing: null, as YAML reads it
                    self.count += 1
            while indent < stack[-1][0]:
                stack.pop()
            if indent != stack[-1][0]:
                raise _Unread  # indented as no open block is: a continued value, or an error
            block = stack[-1][1]
            if isinstance(block, list):
                if content[:2] != "- ":
                    raise _Unread
                waiting = self.item(block, content[2:], indent, stack)
            else:
                waiting = self.entry(block, content, indent)
            if self.count > self.node_limit:
                raise _Unread
        if waiting is not None:
            waiting[0][waiting[1]] = None
        if not root:
            raise _Unread
        return root

    def entry(self, block: dict[str, Any], content: str, indent: int) -> _Waiting | None:
        """`key: VALUE` or `key:` in a block mapping; a `key:` waits for its block."""
        found = _KEY_LINE(content)
        if found is None:
            raise _Unread
        key, rest = found[1], found[2]
        if key in block:
            raise _Unread
        if rest is None:
            block[key] = None  # a placeholder keeping the key's place; the block replaces it
            return block, key, indent
        block[key] = self.value(rest)
        return None

    def item(self, block: list[Any], rest: str, indent: int,
             stack: list[tuple[int, dict[str, Any] | list[Any]]]) -> _Waiting | None:
        """`- VALUE`, or `- key: VALUE` / `- key:` opening a mapping in the list."""
        first = rest[:1]
        if first == "{" or first == "[" or _KEY_LINE(rest) is None:
            block.append(self.value(rest))
            return None
        mapping: dict[str, Any] = {}
        block.append(mapping)
        self.count += 1
        stack.append((indent + 2, mapping))
        if len(stack) > _MAX_LEVELS:
            raise _Unread
        return self.entry(mapping, rest, indent + 2)
