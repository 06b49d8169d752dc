"""One test per wire rule: an old and a new schema, the expected finding (rule, subject, JSON
pointer, file:line:col, side) and the exit code; then changes that must not be reported."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.review.helpers import breaking

# (rule, mode, old body of $defs/T, new body of $defs/T, subject, pointer, "line:col", side)
# The file is `$defs:\n  T:\n` then the body indented four spaces: the body starts on line 3. Positions are
# those of the key (`enum:` at 3:5), as every schemagen diagnostic reports them.
CASES = [
    ("WIRE_TYPE_NARROWED", "backward", "type: [string, integer]", "type: string", "T", "/$defs/T", "2:3", "new"),
    ("WIRE_TYPE_WIDENED", "forward", "type: string", "type: [string, 'null']", "T", "/$defs/T", "2:3", "new"),
    ("WIRE_ENUM_VALUE_REMOVED", "backward", "enum: [a, b]", "enum: [a]", "T", "/$defs/T/enum", "3:5", "new"),
    ("WIRE_ENUM_VALUE_ADDED", "forward", "enum: [a]", "enum: [a, b]", "T", "/$defs/T/enum", "3:5", "new"),
    ("WIRE_ENUM_ADDED", "backward", "type: string", "type: string\nenum: [a]", "T", "/$defs/T/enum", "4:5", "new"),
    ("WIRE_ENUM_REMOVED", "forward", "type: string\nenum: [a]", "type: string", "T", "/$defs/T/enum", "4:5", "old"),
    ("WIRE_CONSTRAINT_TIGHTENED", "backward", "type: string\nmaxLength: 10", "type: string\nmaxLength: 5",
     "T", "/$defs/T/maxLength", "4:5", "new"),
    ("WIRE_CONSTRAINT_LOOSENED", "forward", "type: integer\nminimum: 5", "type: integer\nminimum: 0",
     "T", "/$defs/T/minimum", "4:5", "new"),
    ("WIRE_FORMAT_CHANGED", "backward", "type: string", "type: string\nformat: uuid", "T", "/$defs/T/format", "4:5", "new"),
    ("WIRE_PATTERN_CHANGED", "backward", "type: string\npattern: '^a'", "type: string\npattern: '^b'",
     "T", "/$defs/T/pattern", "4:5", "new"),
    ("WIRE_REQUIRED_ADDED", "backward", "type: object\nproperties: {a: {type: string}}",
     "type: object\nrequired: [a]\nproperties: {a: {type: string}}", "T.a", "/$defs/T/required", "4:5", "new"),
    ("WIRE_REQUIRED_REMOVED", "forward", "type: object\nrequired: [a]\nproperties: {a: {type: string}}",
     "type: object\nproperties: {a: {type: string}}", "T.a", "/$defs/T/required", "4:5", "old"),
    ("WIRE_PROPERTY_REMOVED_CLOSED", "backward",
     "type: object\nadditionalProperties: false\nproperties:\n  a: {type: string}\n  b: {type: string}",
     "type: object\nadditionalProperties: false\nproperties:\n  a: {type: string}", "T.b", "/$defs/T/properties/b", "7:7", "old"),
    ("WIRE_PROPERTY_ADDED_CLOSED", "forward",
     "type: object\nadditionalProperties: false\nproperties:\n  a: {type: string}",
     "type: object\nadditionalProperties: false\nproperties:\n  a: {type: string}\n  b: {type: string}",
     "T.b", "/$defs/T/properties/b", "7:7", "new"),
    ("WIRE_PROPERTY_ADDED_OPEN", "backward", "type: object\nproperties:\n  a: {type: string}",
     "type: object\nproperties:\n  a: {type: string}\n  b: {type: integer}", "T.b", "/$defs/T/properties/b", "6:7", "new"),
    ("WIRE_PROPERTY_REMOVED_OPEN", "forward", "type: object\nproperties:\n  a: {type: string}\n  b: {type: integer}",
     "type: object\nproperties:\n  a: {type: string}", "T.b", "/$defs/T/properties/b", "6:7", "old"),
    ("WIRE_ADDITIONAL_PROPERTIES_CLOSED", "backward", "type: object\nproperties: {a: {type: string}}",
     "type: object\nproperties: {a: {type: string}}\nadditionalProperties: false",
     "T", "/$defs/T/additionalProperties", "5:5", "new"),
    ("WIRE_ADDITIONAL_PROPERTIES_OPENED", "forward", "type: object\nproperties: {a: {type: string}}\nadditionalProperties: false",
     "type: object\nproperties: {a: {type: string}}", "T", "/$defs/T/additionalProperties", "5:5", "old"),
    ("WIRE_TUPLE_CLOSED", "backward", "type: array\nprefixItems: [{type: string}]",
     "type: array\nprefixItems: [{type: string}]\nitems: false", "T", "/$defs/T/items", "5:5", "new"),
    ("WIRE_TUPLE_OPENED", "forward", "type: array\nprefixItems: [{type: string}]\nitems: false",
     "type: array\nprefixItems: [{type: string}]", "T", "/$defs/T/items", "5:5", "old"),
    ("WIRE_UNION_VARIANT_REMOVED", "backward", "oneOf:\n  - {$ref: '#/$defs/A'}\n  - {$ref: '#/$defs/B'}",
     "oneOf:\n  - {$ref: '#/$defs/A'}", "T", "/$defs/T/oneOf/1", "5:9", "old"),
    ("WIRE_UNION_VARIANT_ADDED", "forward", "oneOf:\n  - {$ref: '#/$defs/A'}",
     "oneOf:\n  - {$ref: '#/$defs/A'}\n  - {$ref: '#/$defs/B'}", "T", "/$defs/T/oneOf/1", "5:9", "new"),
    ("WIRE_ONEOF_OVERLAP", "backward", "oneOf:\n  - {type: string}\n  - {type: integer}",
     "oneOf:\n  - {type: string}\n  - {type: integer}\n  - {type: string, maxLength: 3}", "T", "/$defs/T/oneOf/2", "6:9", "new"),
    ("WIRE_NOT_CHANGED", "backward", "type: string\nnot: {pattern: '^a'}", "type: string\nnot: {pattern: '^b'}",
     "T", "/$defs/T/not", "4:5", "new"),
    ("WIRE_UNDECIDABLE", "backward", "type: object\nif: {required: [a]}\nthen: {required: [b]}",
     "type: object\nif: {required: [a]}\nthen: {required: [c]}", "T", "/$defs/T/then", "5:5", "new"),
]

SHARED = "  A:\n    type: object\n    required: [kind]\n    properties: {kind: {const: a}}\n" \
         "  B:\n    type: object\n    required: [kind]\n    properties: {kind: {const: b}}\n"


def schema(body: str) -> str:
    indented = "\n".join("    " + line for line in body.splitlines())
    return f"$defs:\n  T:\n{indented}\n{SHARED}"


@pytest.mark.parametrize("rule,mode,old,new,subject,pointer,position,side", CASES, ids=[c[0] for c in CASES])
def test_wire_rule(tmp_path: Path, monkeypatch: Any, rule: str, mode: str, old: str, new: str, subject: str,
                   pointer: str, position: str, side: str) -> None:
    code, findings = breaking(tmp_path, {"t.yaml": schema(old)}, {"t.yaml": schema(new)}, monkeypatch,
                              "--mode", mode, "--rules", "wire")
    assert code == 1
    found = [f for f in findings if f["rule"] == rule]
    assert len(found) == 1, findings
    f = found[0]
    assert (f["subject"], f["pointer"], f"{f['line']}:{f['col']}", f["side"]) == (subject, pointer, position, side)
    assert f["file"] == "schemas/t.yaml"
    assert f["possibly"] is (rule in {"WIRE_PATTERN_CHANGED", "WIRE_ONEOF_OVERLAP", "WIRE_NOT_CHANGED", "WIRE_UNDECIDABLE"})
    assert f["targets"] == ["typescript"]
    assert f["message"] and "{" not in f["message"]


# Changes every instance of the old schema still satisfies (BACKWARD) — nothing to report.
COMPATIBLE = [
    ("optional property added to a closed object", "type: object\nadditionalProperties: false\nproperties: {a: {type: string}}",
     "type: object\nadditionalProperties: false\nproperties: {a: {type: string}, b: {type: string}}"),
    ("unconstrained property added to an open object", "type: object\nproperties: {a: {type: string}}",
     "type: object\nproperties: {a: {type: string}, b: {description: anything}}"),
    ("enum widened", "enum: [a]", "enum: [a, b]"),
    ("integer widened to number", "type: integer", "type: number"),
    ("required removed", "type: object\nrequired: [a]\nproperties: {a: {type: string}}", "type: object\nproperties: {a: {type: string}}"),
    ("bounds loosened", "type: integer\nminimum: 5\nmaximum: 9", "type: integer\nminimum: 0\nexclusiveMaximum: 10"),
    ("anyOf reordered", "anyOf: [{type: string}, {type: integer}]", "anyOf: [{type: integer}, {type: string}]"),
    ("nullable added", "type: string", "type: [string, 'null']"),
    ("tagged oneOf variant added", "oneOf:\n  - {$ref: '#/$defs/A'}", "oneOf:\n  - {$ref: '#/$defs/A'}\n  - {$ref: '#/$defs/B'}"),
    ("const kept inside a wider enum", "const: a", "enum: [a, b]"),
    ("multipleOf of a multiple", "type: integer\nmultipleOf: 4", "type: integer\nmultipleOf: 2"),
    ("description only", "type: string\ndescription: old", "type: string\ndescription: new"),
    ("ref retargeted to an equal schema", "$ref: '#/$defs/A'", "$ref: '#/$defs/A2'"),
    ("allOf split into parts", "type: object\nrequired: [a, b]\nproperties: {a: {type: string}, b: {type: string}}",
     "allOf:\n  - {type: object, required: [a], properties: {a: {type: string}}}\n  - {required: [b], properties: {b: {type: string}}}"),
]


@pytest.mark.parametrize("old,new", [c[1:] for c in COMPATIBLE], ids=[c[0] for c in COMPATIBLE])
def test_backward_compatible_changes_are_not_reported(tmp_path: Path, monkeypatch: Any, old: str, new: str) -> None:
    extra = "  A2:\n    type: object\n    required: [kind]\n    properties: {kind: {const: a}}\n"
    code, findings = breaking(tmp_path, {"t.yaml": schema(old) + extra}, {"t.yaml": schema(new) + extra}, monkeypatch,
                              "--rules", "wire")
    assert (code, findings) == (0, [])


def test_recursive_types_compare_without_looping(tmp_path: Path, monkeypatch: Any) -> None:
    tree = "$defs:\n  Tree:\n    type: object\n    properties:\n      label: {type: string, maxLength: %d}\n" \
           "      children: {type: array, items: {$ref: '#/$defs/Tree'}}\n"
    code, findings = breaking(tmp_path, {"t.yaml": tree % 10}, {"t.yaml": tree % 5}, monkeypatch, "--rules", "wire")
    assert code == 1
    assert [(f["rule"], f["subject"], f["line"]) for f in findings] == [("WIRE_CONSTRAINT_TIGHTENED", "Tree.label", 5)]


def test_a_change_in_a_referenced_file_is_reported_once_where_it_was_made(tmp_path: Path, monkeypatch: Any) -> None:
    order = "$defs:\n  Order:\n    type: object\n    properties:\n      status: {$ref: 'common.yaml#/$defs/Status'}\n"
    old = {"shop/order.yaml": order, "shop/common.yaml": "$defs:\n  Status:\n    enum: [open, closed]\n"}
    new = {"shop/order.yaml": order, "shop/common.yaml": "$defs:\n  Status:\n    enum: [open]\n"}
    code, findings = breaking(tmp_path, old, new, monkeypatch, "--rules", "wire")
    assert code == 1
    assert [(f["rule"], f["subject"], f["file"], f["line"], f["col"]) for f in findings] == [
        ("WIRE_ENUM_VALUE_REMOVED", "Status", "schemas/shop/common.yaml", 3, 5)]


def test_full_mode_reports_both_directions(tmp_path: Path, monkeypatch: Any) -> None:
    old, new = {"t.yaml": schema("enum: [a, b]")}, {"t.yaml": schema("enum: [a, c]")}
    code, findings = breaking(tmp_path, old, new, monkeypatch, "--mode", "full", "--rules", "wire")
    assert code == 1
    assert sorted(f["rule"] for f in findings) == ["WIRE_ENUM_VALUE_ADDED", "WIRE_ENUM_VALUE_REMOVED"]
    code, findings = breaking(tmp_path / "b", old, new, monkeypatch, "--mode", "backward", "--rules", "wire")
    assert [f["rule"] for f in findings] == ["WIRE_ENUM_VALUE_REMOVED"]
