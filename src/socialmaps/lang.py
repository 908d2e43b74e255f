"""The language layer: every fixed word of every diagram, in `id` and `en`.

Words live in `lang/<code>.toml`, one table per diagram plus `common`.
`words("id")["bpss.biological"]` -> "Biologis".  A test keeps both files
with the same keys.
"""

from __future__ import annotations

import functools
import tomllib
from pathlib import Path
from typing import Any

LANGUAGES = ("id", "en")
_FOLDER = Path(__file__).resolve().parent / "lang"


class Words:
    def __init__(self, code: str, table: dict[str, str]) -> None:
        self.code = code
        self.table = table

    def __getitem__(self, key: str) -> str:
        try:
            return self.table[key]
        except KeyError:
            raise KeyError(f"no word {key!r} in language {self.code!r}") from None

    def get(self, key: str, default: str | None = None) -> str | None:
        return self.table.get(key, default)

    def format(self, key: str, **values: Any) -> str:
        return self[key].format(**values)


def _flatten(prefix: str, node: dict[str, Any], out: dict[str, str]) -> None:
    for key, value in node.items():
        name = f"{prefix}.{key}" if prefix else key
        if isinstance(value, dict):
            _flatten(name, value, out)
        else:
            out[name] = str(value)


@functools.cache
def words(code: str) -> Words:
    if code not in LANGUAGES:
        raise ValueError(f"unknown language {code!r}; available: {', '.join(LANGUAGES)}")
    with (_FOLDER / f"{code}.toml").open("rb") as handle:
        table: dict[str, str] = {}
        _flatten("", tomllib.load(handle), table)
    return Words(code, table)
