"""The JSON Schema is generated from the models and committed; editors check case files with it."""

from __future__ import annotations

import json
import subprocess
import sys

import jsonschema
import pytest

from socialmaps.schema import schema_text
from socialmaps.yamlsource import parse

from conftest import EXAMPLES, ROOT


def test_committed_schema_is_the_generated_one() -> None:
    committed = (ROOT / "schemas" / "case.schema.json").read_text(encoding="utf-8")
    assert committed == schema_text(), "run: socialmaps schema > schemas/case.schema.json"


def test_cli_prints_the_schema() -> None:
    out = subprocess.run([sys.executable, "-m", "socialmaps", "schema"], capture_output=True, text=True,
                         check=True).stdout
    assert json.loads(out)["title"].startswith("socialmaps case file")


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_schema_accepts_every_example(path) -> None:
    schema = json.loads(schema_text())
    data = parse(path.read_text(encoding="utf-8"), path.name).data
    errors = list(jsonschema.Draft202012Validator(schema).iter_errors(data))
    assert not errors, [e.message for e in errors]


def test_schema_rejects_unknown_fields() -> None:
    schema = json.loads(schema_text())
    bad = {"socialmaps": 1, "case": {"id": "X"}, "people": [{"id": "a", "name": "A", "brn": 1990}]}
    assert list(jsonschema.Draft202012Validator(schema).iter_errors(bad))
