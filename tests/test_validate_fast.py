"""The compiled meta-schema check (jsonschema-rs) may only ever skip work, never an error.

validate.py asks jsonschema-rs first and, when it accepts a document, skips `jsonschema`'s slower
walk. That is only sound if jsonschema-rs never accepts what `jsonschema` rejects, so here both
judge many schemas: every schema and every test instance of the JSON-Schema-Test-Suite (most
instances are not valid schemas), each with its keyword values replaced by values of the wrong
type, under each draft the fast path is used for.
"""

from __future__ import annotations

import json
from typing import Any, Iterator

import pytest
from jsonschema import Draft7Validator, Draft201909Validator, Draft202012Validator

from schemagen.frontend.validate import _valid_fast, validate_document
from schemagen.frontend.load import load_text
from tests.conformance.suite import suite_root

WRONG = (-1, "x", [], {"type": 5})


def _candidates() -> list[Any]:
    root = suite_root()
    found: list[Any] = []
    for path in sorted((root / "tests").rglob("*.json")):
        for group in json.loads(path.read_text(encoding="utf-8")):
            found.append(group["schema"])
            found.extend(t["data"] for t in group["tests"] if isinstance(t["data"], (dict, bool)))
    return found


def _mutations(schema: Any) -> Iterator[Any]:
    """The schema with one top-level keyword's value replaced by each wrong value."""
    if not isinstance(schema, dict):
        return
    for key in schema:
        for value in WRONG:
            yield {**schema, key: value}


@pytest.mark.parametrize(("cls", "stride"), [(Draft202012Validator, 1), (Draft201909Validator, 5), (Draft7Validator, 5)],
                         ids=lambda c: getattr(c, "__name__", str(c)))
def test_compiled_check_never_accepts_what_jsonschema_rejects(cls: Any, stride: int) -> None:
    """Every candidate under 2020-12 (the default dialect), every fifth under the others."""
    exact = cls(cls.META_SCHEMA)
    checked = rejected = 0
    disagreements = []
    for schema in _candidates()[::stride]:
        for candidate in [schema, *_mutations(schema)]:
            python_ok = not any(True for _ in exact.iter_errors(candidate))
            rejected += not python_ok
            checked += 1
            if _valid_fast(cls, candidate) and not python_ok:
                disagreements.append(candidate)
    assert checked > 10_000 // stride and rejected > 1_000 // stride  # it saw plenty of invalid schemas
    assert not disagreements, disagreements[:5]


def test_a_draft_4_schema_always_takes_the_exact_path() -> None:
    from jsonschema import Draft4Validator

    assert not _valid_fast(Draft4Validator, {"type": "string"})


def test_errors_are_jsonschemas_own_messages_and_lines() -> None:
    text = "$defs:\n  A:\n    type: object\n    properties:\n      n:\n        minLength: many\n"
    doc, _ = load_text(text, "a.yaml", "a.yaml")
    assert doc is not None
    [diag] = [d for d in validate_document(doc) if d.code == "meta-schema"]
    assert diag.message == "not a valid JSON Schema: 'many' is not of type 'integer'"
    assert (diag.location.line, diag.location.col) == (6, 9)


def test_a_value_the_compiled_validator_cannot_read_takes_the_exact_path() -> None:
    huge = {"type": "integer", "maximum": 10**40}
    assert validate_document(load_text(json.dumps(huge), "h.json", "h.json")[0]) == []  # type: ignore[arg-type]
