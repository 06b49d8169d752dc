"""Patterns in runtime checks are JSON Schema's ECMA-262: on pydantic's linear Rust engine when they
can be respelt for it, else through `regress`; a pattern that needs backtracking falls back to
Python's `re` without `regress` installed rather than failing."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from pydantic import TypeAdapter, ValidationError

from tests.support import generate_into, import_generated

SCHEMA = {"m.yaml": {"$defs": {"Labels": {
    "type": "object",
    "patternProperties": {"^\\p{Letter}+$": {"type": "integer"}, "^\\d+$": {"type": "string"}},
    "additionalProperties": False,
}}}}


def _verdict(adapter: TypeAdapter[object], value: object) -> bool:
    try:
        adapter.validate_python(value)
        return True
    except ValidationError:
        return False


def test_patterns_are_ecma_262_with_regress(tmp_path: Path) -> None:
    _, out, package = generate_into(tmp_path, SCHEMA)
    for pkg in (package, package + "_td"):
        labels = TypeAdapter(import_generated(out, f"{pkg}.m").Labels)
        assert _verdict(labels, {"\u03c0": 1, "12": "x"})
        assert not _verdict(labels, {"\u03c0": "x"})  # \p{Letter} matched: must be an integer
        assert not _verdict(labels, {"12": 1})
        assert not _verdict(labels, {"\u0661": "x"})  # ECMA \d is ASCII: an Arabic-Indic digit is additional
        assert not _verdict(labels, {"a-b": 1})


def test_without_regress_patterns_fall_back_to_python_re(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "regress", None)  # `import regress` raises ImportError
    schema = {"m.yaml": {"$defs": {"Labels": {
        "type": "object", "patternProperties": {"^(?=.)\\d+$": {"type": "string"}, "^\\w$": {"type": "boolean"}},
        "additionalProperties": False}}}}
    _, out, package = generate_into(tmp_path, schema)
    labels = TypeAdapter(import_generated(out, f"{package}.m").Labels)
    assert _verdict(labels, {"12": "x", "a": True})
    assert not _verdict(labels, {"12": 1})
    assert _verdict(labels, {"\u0661": "x"})  # Python's \d is Unicode-aware: the documented difference
    assert not _verdict(labels, {"\u00e9": True})  # a linear pattern keeps ECMA's ASCII \w without regress
