"""Problems a user can act on: `FILE:LINE:COLUMN: field.path: message`."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int
    column: int
    path: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:{self.column}"
        return f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"


# More than this many problems are summed up in one last line: a file with 500,000 duplicate keys
# needs the first few fixed, not half a million lines.
MAX_LISTED = 100


def _order(problem: Problem) -> tuple[str, int, int, str, str]:
    return problem.file, problem.line, problem.column, problem.path, problem.message


class CaseError(Exception):
    """A case file that cannot be used; carries every problem found, in file order (the first
    MAX_LISTED of them and a line saying how many more; `omitted` counts those never made)."""

    def __init__(self, problems: list[Problem], omitted: int = 0) -> None:
        listed = sorted(set(problems), key=_order)  # a key, not dataclass order: 10x faster
        more = max(0, len(listed) - MAX_LISTED) + omitted
        if more and listed:
            listed = listed[:MAX_LISTED]
            last = listed[-1]
            listed.append(Problem(last.file, last.line, last.column, "",
                                  f"… and {more:,} more problems (only the first {len(listed)} are listed)"))
        self.problems = listed
        super().__init__("\n".join(str(p) for p in self.problems))


_NAME = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


def format_path(path: tuple[str | int, ...]) -> str:
    """('people', 3, 'sex') -> 'people[3].sex'; a key that is no plain name is quoted in brackets
    (and shortened when long): ('x', '', 'a b') -> "x['']['a b']"."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        elif _NAME.match(str(part)):
            out += ("." if out else "") + str(part)
        else:
            text = str(part)
            text = text if len(text) <= 40 else text[:20] + "…" + text[-19:]
            out += f"[{text!r}]"
    return out
