"""The JSON Schema of the case file, generated from the models (`socialmaps schema`)."""

from __future__ import annotations

import json
from typing import Any

from .model import Case

SCHEMA_ID = "https://socialmaps.invalid/schemas/case.schema.json"


def case_schema() -> dict[str, Any]:
    schema = Case.model_json_schema(by_alias=True, mode="validation")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "socialmaps case file, format 1",
        **{k: v for k, v in schema.items() if k != "title"},
    }


def schema_text() -> str:
    return json.dumps(case_schema(), indent=2, ensure_ascii=False, sort_keys=False) + "\n"
