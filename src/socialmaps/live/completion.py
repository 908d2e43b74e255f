"""What the editor offers while typing, read from the case file's JSON Schema.

`completion_data()` gives the page three tables:
- `fields[KEY]`: the field names allowed in a mapping under the key KEY (`people`, `systems`, `case`;
  the top level is `""`), with a one-line description each;
- `enums[KEY.FIELD]` (and `enums[FIELD]` as a fallback): the values an enum field takes;
- `id_fields`: fields whose values are ids of people (the page offers the ids in the text).
"""

from __future__ import annotations

import functools
from typing import Any

from ..schema import case_schema

# Fields that name people (or, for ties, people and systems) by id.
ID_FIELDS = ("client", "partners", "children", "between", "from", "to", "members", "center", "id")


def _ref(node: dict[str, Any]) -> str | None:
    """The $defs name a property's values are (directly, as list items, or in an anyOf)."""
    if "$ref" in node:
        return str(node["$ref"]).rsplit("/", 1)[-1]
    items = node.get("items")
    if isinstance(items, dict):
        found = _ref(items)
        if found:
            return found
    for option in node.get("anyOf", []):
        if isinstance(option, dict):
            found = _ref(option)
            if found:
                return found
    return None


def _enum(node: dict[str, Any]) -> list[str]:
    values: list[str] = []
    for value in node.get("enum", []):
        values.append(str(value).lower() if isinstance(value, bool) else str(value))
    options = [*node.get("anyOf", []), *([node["items"]] if "items" in node else [])]
    for option in options:
        if isinstance(option, dict):
            values += [v for v in _enum(option) if v not in values]
    return values


@functools.cache
def completion_data() -> dict[str, Any]:
    schema = case_schema()
    defs: dict[str, Any] = schema.get("$defs", {})
    fields: dict[str, list[dict[str, str]]] = {}
    enums: dict[str, list[str]] = {}
    seen: set[tuple[str, int]] = set()

    def visit(key: str, node: dict[str, Any]) -> None:
        props: dict[str, Any] = node.get("properties", {})
        if (key, id(node)) in seen:
            return
        seen.add((key, id(node)))
        fields[key] = [{"name": name, "doc": str(p.get("description", p.get("title", "")))}
                       for name, p in props.items()]
        for name, prop in props.items():
            values = _enum(prop)
            if values:
                enums[f"{key}.{name}"] = values
                enums.setdefault(name, values)
            target = _ref(prop)
            if target and target in defs:
                visit(name, defs[target])

    visit("", schema)
    return {"fields": fields, "enums": enums, "id_fields": list(ID_FIELDS)}
