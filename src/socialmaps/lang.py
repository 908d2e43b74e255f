"""The language layer: every fixed word of every diagram, in `id` and `en`.

Words live in `lang/<code>/<table>.toml`, one file per diagram plus
`common.toml`: `words("id")["bpss.biological"]` -> "Biologis" comes from
`lang/id/bpss.toml`, key `biological`.  A test keeps both languages with
the same keys.
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
    table: dict[str, str] = {}
    for path in sorted((_FOLDER / code).glob("*.toml")):
        with path.open("rb") as handle:
            data = tomllib.load(handle)
        # common.toml holds several tables ([common], [diagram]); other files are one table each.
        _flatten("" if path.stem == "common" else path.stem, data, table)
    return Words(code, table)
