"""One test per source rule: a change that breaks code written against the generated types (or
that such code should notice), with its finding, targets and position."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.review.helpers import PYPROJECT, breaking, cli, write_set

ALL = '[tool.schemagen]\nschemas = "schemas"\nout = "generated"\n'
OBJ = "$defs:\n  Order:\n    type: object\n    properties:\n"

# (rule, old files, new files, subject, file, "line:col", side, targets)
CASES = [
    ("SOURCE_TYPE_REMOVED", {"a.yaml": "$defs:\n  A: {type: object}\n  B: {type: string}\n"},
     {"a.yaml": "$defs:\n  A: {type: object}\n"}, "B", "a.yaml", "3:3", "old", None),
    ("SOURCE_TYPE_RENAMED", {"a.yaml": "$defs:\n  Old: {type: object, properties: {x: {type: string}}}\n"},
     {"a.yaml": "$defs:\n  New: {type: object, properties: {x: {type: string}}}\n"}, "New", "a.yaml", "2:3", "new", None),
    ("SOURCE_TYPE_MOVED", {"a.yaml": "$defs:\n  A: {type: string}\n  B: {type: integer}\n", "b.yaml": "$defs:\n  C: {type: string}\n"},
     {"a.yaml": "$defs:\n  A: {type: string}\n", "b.yaml": "$defs:\n  C: {type: string}\n  B: {type: integer}\n"},
     "B", "b.yaml", "3:3", "new", None),
    ("SOURCE_TYPE_KIND_CHANGED", {"a.yaml": "$defs:\n  A: {type: string}\n"},
     {"a.yaml": "$defs:\n  A: {type: object, properties: {x: {type: string}}}\n"}, "A", "a.yaml", "2:3", "new", None),
    ("SOURCE_FIELD_REMOVED", {"a.yaml": OBJ + "      a: {type: string}\n      b: {type: string}\n"},
     {"a.yaml": OBJ + "      a: {type: string}\n"}, "Order.b", "a.yaml", "6:7", "old", None),
    ("SOURCE_FIELD_ATTRIBUTE_RENAMED", {"a.yaml": OBJ + "      userId: {type: string}\n"},
     {"a.yaml": OBJ + "      user_id: {type: string}\n      userId: {type: string}\n"}, "Order.userId", "a.yaml", "6:7", "new",
     ["pydantic"]),
    ("SOURCE_FIELD_REQUIRED", {"a.yaml": OBJ + "      a: {type: string}\n"},
     {"a.yaml": OBJ + "      a: {type: string}\n    required: [a]\n"}, "Order.a", "a.yaml", "5:7", "new", None),
    ("SOURCE_FIELD_NOT_NULLABLE", {"a.yaml": OBJ + "      a: {type: [string, 'null']}\n    required: [a]\n"},
     {"a.yaml": OBJ + "      a: {type: string}\n    required: [a]\n"}, "Order.a", "a.yaml", "5:7", "new", None),
    ("SOURCE_FIELD_TYPE_CHANGED", {"a.yaml": OBJ + "      a: {type: string}\n"},
     {"a.yaml": OBJ + "      a: {type: integer}\n"}, "Order.a", "a.yaml", "5:7", "new", None),
    ("SOURCE_ENUM_MEMBER_REMOVED", {"a.yaml": "$defs:\n  S: {enum: [open, closed]}\n"},
     {"a.yaml": "$defs:\n  S: {enum: [open]}\n"}, "S.CLOSED", "a.yaml", "2:3", "new", None),
    ("SOURCE_ENUM_MEMBER_RENAMED", {"a.yaml": "$defs:\n  S: {enum: [1, 2]}\n"},
     {"a.yaml": "$defs:\n  S: {enum: [1, 2], x-enum-names: [VALUE_1, TWO]}\n"}, "S.VALUE_2", "a.yaml", "2:3", "new",
     ["pydantic"]),
    ("SOURCE_UNION_VARIANT_REMOVED", {"a.yaml": "$defs:\n  U: {anyOf: [{$ref: '#/$defs/A'}, {$ref: '#/$defs/B'}, {type: integer}]}\n"
                                                "  A: {type: object, properties: {a: {type: string}}}\n  B: {type: string}\n"},
     {"a.yaml": "$defs:\n  U: {anyOf: [{$ref: '#/$defs/A'}, {type: integer}]}\n  A: {type: object, properties: {a: {type: string}}}\n"
                "  B: {type: string}\n"}, "U", "a.yaml", "2:3", "new", None),
    # readers: Pydantic reads None and TypeScript undefined (mypy still lets o["a"] read a NotRequired key)
    ("SOURCE_FIELD_OPTIONAL", {"a.yaml": OBJ + "      a: {type: string}\n    required: [a]\n"},
     {"a.yaml": OBJ + "      a: {type: string}\n"}, "Order.a", "a.yaml", "5:7", "new", ["pydantic", "typescript"]),
    # an optional field: Python readers already handle None (absent); TypeScript's `a?: string` gains `| null`
    ("SOURCE_FIELD_NULLABLE", {"a.yaml": OBJ + "      a: {type: string}\n"},
     {"a.yaml": OBJ + "      a: {type: [string, 'null']}\n"}, "Order.a", "a.yaml", "5:7", "new", ["typescript"]),
    ("SOURCE_ENUM_MEMBER_ADDED", {"a.yaml": "$defs:\n  S: {enum: [open]}\n"},
     {"a.yaml": "$defs:\n  S: {enum: [open, closed]}\n"}, "S.CLOSED", "a.yaml", "2:3", "new", None),
    ("SOURCE_UNION_VARIANT_ADDED", {"a.yaml": "$defs:\n  U: {anyOf: [{type: string}, {type: boolean}]}\n"},
     {"a.yaml": "$defs:\n  U: {anyOf: [{type: string}, {type: boolean}, {type: integer}]}\n"}, "U", "a.yaml", "2:3", "new",
     None),
]


@pytest.mark.parametrize("rule,old,new,subject,file,position,side,targets", CASES, ids=[c[0] for c in CASES])
def test_source_rule(tmp_path: Path, monkeypatch: Any, rule: str, old: dict[str, str], new: dict[str, str], subject: str,
                     file: str, position: str, side: str, targets: list[str] | None) -> None:
    code, findings = breaking(tmp_path, old, new, monkeypatch, "--rules", "source", pyproject=ALL)
    assert code == 1
    found = [f for f in findings if f["rule"] == rule]
    assert len(found) == 1, findings
    f = found[0]
    assert (f["subject"], f["file"], f"{f['line']}:{f['col']}", f["side"]) == (subject, f"schemas/{file}", position, side)
    assert f["targets"] == (targets or ["pydantic", "typeddict", "typescript"])
    assert f["kind"] == "source" and f["breaking"] is True


# (rule, old, new, subject): reported by `diff` as changes, never by `breaking`
CHANGES = [
    ("SOURCE_TYPE_ADDED", "$defs:\n  A: {type: string}\n", "$defs:\n  A: {type: string}\n  B: {type: string}\n", "B"),
    ("SOURCE_FIELD_ADDED", OBJ + "      a: {type: string}\n    additionalProperties: false\n",
     OBJ + "      a: {type: string}\n      b: {type: string}\n    additionalProperties: false\n", "Order.b"),
    # changes the compilers accept: narrowing an optional field (readers get less; nobody constructs it),
    # and a null dropped from an optional field
    ("SOURCE_FIELD_TYPE_CHANGED", OBJ + "      a: {type: [string, integer]}\n", OBJ + "      a: {type: string}\n", "Order.a"),
    ("SOURCE_FIELD_NOT_NULLABLE", OBJ + "      a: {type: [string, 'null']}\n", OBJ + "      a: {type: string}\n", "Order.a"),
    ("DOC_DESCRIPTION_CHANGED", "$defs:\n  A: {type: string, description: old}\n", "$defs:\n  A: {type: string, description: new}\n", "A"),
    ("DOC_EXAMPLES_CHANGED", "$defs:\n  A: {type: string, examples: [x]}\n", "$defs:\n  A: {type: string, examples: [y]}\n", "A"),
    ("DOC_DEPRECATED_CHANGED", OBJ + "      a: {type: string}\n", OBJ + "      a: {type: string, deprecated: true}\n", "Order.a"),
]


@pytest.mark.parametrize("rule,old,new,subject", CHANGES, ids=[c[0] for c in CHANGES])
def test_non_breaking_changes_are_listed_by_diff_only(tmp_path: Path, monkeypatch: Any, rule: str, old: str, new: str,
                                                      subject: str) -> None:
    code, findings = breaking(tmp_path, {"a.yaml": old}, {"a.yaml": new}, monkeypatch, "--rules", "source")
    assert (code, findings) == (0, [])
    fail_on = ("--fail-on", "breaking") if not rule.startswith("SOURCE_FIELD_") or rule == "SOURCE_FIELD_ADDED" else ()
    code, out, err = cli(tmp_path / "new", "diff", "--against", str(tmp_path / "old" / "schemas"), "--format", "json",
                         *fail_on, monkeypatch=monkeypatch)  # (a narrowed field is a wire break: no --fail-on)
    assert code == 0, err
    found = [f for f in json.loads(out)["findings"] if f["rule"] == rule]
    assert [(f["subject"], f["breaking"]) for f in found] == [(subject, False)]


def test_unchanged_schemas_have_no_findings(tmp_path: Path, monkeypatch: Any) -> None:
    root = Path(__file__).resolve().parents[2]
    write_set(tmp_path, {}, PYPROJECT)
    code, out, err = cli(root, "breaking", "--against", str(root / "schemas"), monkeypatch=monkeypatch)
    assert (code, out.strip().splitlines()[-1]) == (0, f"schemagen breaking against {root / 'schemas'}: 0 breaking, 0 other")
