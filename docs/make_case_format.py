"""Write the field tables of docs/case-format.md from the case file's JSON Schema.

The prose of case-format.md is written by hand; the tables of fields (name, required or not,
the values it takes, its default) are made here from the models, so they cannot drift from what
the program accepts.  Each table stands between two markers in the page:

    <!-- fields: Person -->
    ...generated...
    <!-- end fields -->

Run `python docs/make_case_format.py` after changing the model; `--check` only reports whether the
page is up to date (exit 1 if not; tests/test_docs.py runs it).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from socialmaps import model as case_model
from socialmaps.schema import case_schema

PAGE = Path(__file__).resolve().parent / "case-format.md"
_TABLE = re.compile(r"(<!-- fields: (\w+) -->\n)(.*?)(<!-- end fields -->)", re.S)


def _ref_name(spec: dict[str, Any]) -> str | None:
    ref = spec.get("$ref")
    return ref.rsplit("/", 1)[-1] if isinstance(ref, str) else None


def values(spec: dict[str, Any]) -> str:
    """What a field takes, in words a case writer reads: enums spelt out, ranges, patterns named."""
    options = [s for s in spec.get("anyOf", []) if s.get("type") != "null"]
    if options:
        if _is_date(options):
            rest = [s for s in options if not _is_date_part(s)]
            return " or ".join(["a date: year, YYYY-MM or YYYY-MM-DD", *(values(s) for s in rest)])
        return " or ".join(values(s) for s in options)
    if "enum" in spec:
        return " \\| ".join(f"`{v}`" for v in spec["enum"])
    if "const" in spec:
        return f"`{str(spec['const']).lower()}`" if isinstance(spec["const"], bool) else f"`{spec['const']}`"
    name = _ref_name(spec)
    if name:
        return f"{_ENTRY.get(name, name)} (below)"
    kind = spec.get("type")
    if kind == "array":
        items = values(spec.get("items", {}))
        size = _size(spec, "minItems", "maxItems", "entries")
        return f"a list, each entry {items}" + (f"; {size}" if size else "")
    if kind == "object" and "properties" in spec:
        return "{" + ", ".join(f"{k}: …" for k in spec["properties"]) + "}"
    if kind == "boolean":
        return "`true` \\| `false`"
    if kind == "integer":
        low, high = spec.get("minimum"), spec.get("maximum")
        if low is None or high is None:
            return "a whole number"
        return f"a whole number {_number(low)} … {_number(high)}"
    if kind == "number":
        return "a number"
    if kind == "string":
        pattern = spec.get("pattern", "")
        if pattern == r"^[A-Za-z0-9_-]+$":
            return "an id: letters, digits, `_`, `-`" + _chars(spec)
        if pattern == r"^[A-Za-z0-9._-]+$":
            return "letters, digits, `.`, `_`, `-`" + _chars(spec)
        if pattern == r"^[a-z0-9-]+$":
            return "a style name: lower-case letters, digits, `-`"
        return "text" + _chars(spec)
    return "any"


# The schema's model names, as the page calls their entries.
_ENTRY = {"CaseInfo": "the `case` section", "Person": "a person", "Union": "a union",
          "Relationship": "a relationship", "Ecomap": "the `ecomap` section", "System": "a system",
          "Tie": "a tie", "Lifemap": "the `lifemap` section", "Event": "an event",
          "Bodymap": "the `bodymap` section", "Mark": "a mark", "Bpss": "the `bpss` section",
          "Strengths": "the `strengths` section", "StrengthPair": "a pair of lists",
          "Venn": "the `venn` section", "VennItem": "an institution", "Twins": "a twin group",
          "Pregnancy": "a pregnancy", "Measure": "a measure", "Reading": "a reading",
          "Version": "a version"}


def _number(value: int) -> str:
    return f"−{-value}" if value < 0 else str(value)


def _chars(spec: dict[str, Any]) -> str:
    text = _size(spec, "minLength", "maxLength", "characters")
    return f" ({text})" if text else ""


def _size(spec: dict[str, Any], low_key: str, high_key: str, unit: str) -> str:
    low, high = spec.get(low_key), spec.get(high_key)
    if low and low == high:
        return f"exactly {low} {unit}"
    if low and high:
        return f"{low}–{high:,} {unit}"
    if high:
        return f"up to {high:,} {unit}"
    if low:
        return f"{low} or more {unit}"
    return ""


def _is_date_part(spec: dict[str, Any]) -> bool:
    return (spec.get("type") == "integer" and spec.get("minimum") == 1000) or (
        spec.get("type") == "string" and str(spec.get("pattern", "")).startswith(r"^\d{4}"))


def _is_date(options: list[dict[str, Any]]) -> bool:
    return sum(_is_date_part(s) for s in options) == 2


def default(model: type[BaseModel], field: str, required: bool) -> str:
    """The value the program takes when the field is left out (from the model: the schema
    does not carry the defaults made by a factory, such as `views: [front]`)."""
    if required:
        return "**required**"
    info = next(f for name, f in model.model_fields.items() if (f.alias or name) == field)
    value = info.get_default(call_default_factory=True)
    if isinstance(value, BaseModel):
        return "empty"
    if value is None:
        return "—"
    if isinstance(value, bool):
        return f"`{str(value).lower()}`"
    if value == [] or value == {}:
        return "empty"
    if isinstance(value, list):
        return "`[" + ", ".join(map(str, value)) + "]`"
    if isinstance(value, tuple):
        return "`[" + ", ".join(map(str, value)) + "]`"
    return f"`{value}`"


def table(schema: dict[str, Any], name: str) -> str:
    part = schema if name == "Case" else schema["$defs"][name]
    model = getattr(case_model, name)
    required = set(part.get("required", []))
    rows = ["| field | takes | if left out |", "|---|---|---|"]
    for field, spec in part["properties"].items():
        rows.append(f"| `{field}` | {values(spec)} | {default(model, field, field in required)} |")
    return "\n".join(rows) + "\n"


def generate(page: str) -> str:
    schema = case_schema()
    return _TABLE.sub(lambda m: m[1] + table(schema, m[2]) + m[4], page)


def main(argv: list[str]) -> int:
    page = PAGE.read_text(encoding="utf-8")
    fresh = generate(page)
    if "--check" in argv:
        if fresh != page:
            print(f"{PAGE.name} is out of date: run python docs/make_case_format.py", file=sys.stderr)
            return 1
        return 0
    PAGE.write_text(fresh, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
