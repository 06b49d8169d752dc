"""Lowering decisions, checked on the IR itself (before any target spells them)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from schemagen import ir
from schemagen.config import load_config
from schemagen.diagnostics import SchemaError
from schemagen.frontend.load import load_text
from schemagen.pipeline import build_ir


def lower_one(text: str, tmp_path: Path) -> tuple[dict[str, ir.NamedType], list[Any]]:
    doc, diags = load_text(text, "m.yaml", "m.yaml")
    assert doc is not None, diags
    config = load_config(tmp_path, None, {"schemas": str(tmp_path)})
    schema, _, warnings = build_ir([doc], config)
    return {t.name: t for m in schema.modules for t in m.types}, warnings


def test_const_tag_found_under_any_property_name(tmp_path: Path) -> None:
    types, _ = lower_one("""
$defs:
  Msg:
    oneOf:
      - {type: object, required: [event, a], properties: {event: {const: a}, a: {type: string}}}
      - {type: object, required: [event], properties: {event: {enum: [b]}}}
""", tmp_path)
    msg = types["Msg"]
    assert isinstance(msg, ir.UnionType) and msg.discriminator == "event"
    assert {"MsgA", "MsgB"} <= set(types)


def test_untagged_when_a_variant_does_not_require_the_tag(tmp_path: Path) -> None:
    types, _ = lower_one("""
$defs:
  Msg:
    oneOf:
      - {type: object, required: [kind], properties: {kind: {const: a}}}
      - {type: object, properties: {kind: {const: b}}}
""", tmp_path)
    assert types["Msg"].discriminator is None  # type: ignore[union-attr]


def test_explicit_discriminator_that_cannot_be_honoured_falls_back_with_a_reason(tmp_path: Path) -> None:
    types, warnings = lower_one("""
$defs:
  Msg:
    discriminator: {propertyName: kind}
    oneOf:
      - {type: object, required: [kind], properties: {kind: {type: string}}}
      - {type: object, required: [kind], properties: {kind: {const: b}}}
""", tmp_path)
    assert types["Msg"].discriminator is None  # type: ignore[union-attr]
    found = [w for w in warnings if w.code == "discriminator"]
    assert len(found) == 1 and "variant 1 does not pin 'kind'" in found[0].message
    assert found[0].location.line == 4


def test_allof_single_ref_extends_and_two_refs_merge(tmp_path: Path) -> None:
    types, _ = lower_one("""
$defs:
  A: {type: object, required: [a], properties: {a: {type: string}}}
  B: {type: object, properties: {b: {type: integer}}}
  Sub: {allOf: [{$ref: "#/$defs/A"}, {properties: {c: {type: boolean}}}]}
  Both: {allOf: [{$ref: "#/$defs/A"}, {$ref: "#/$defs/B"}], required: [b]}
""", tmp_path)
    sub, both = types["Sub"], types["Both"]
    assert isinstance(sub, ir.ObjectType) and sub.base and [f.json_name for f in sub.fields] == ["c"]
    assert isinstance(both, ir.ObjectType) and both.base is None
    assert {f.json_name: f.required for f in both.fields} == {"a": True, "b": True}


def test_untyped_keywords_constrain_only_their_own_type(tmp_path: Path) -> None:
    types, _ = lower_one("$defs:\n  Short: {maxLength: 3}\n", tmp_path)
    target = types["Short"].target  # type: ignore[union-attr]
    assert isinstance(target, ir.UnionOf)
    strings = [m for m in target.members if isinstance(m, ir.Primitive) and m.kind == "string"]
    assert strings and strings[0].constraints.max_length == 3
    assert any(isinstance(m, ir.Primitive) and m.kind == "number" for m in target.members)


def test_unsupported_keywords_warn_with_location(tmp_path: Path) -> None:
    _, warnings = lower_one("$defs:\n  A:\n    type: string\n    not: {const: x}\n", tmp_path)
    (w,) = [w for w in warnings if w.code == "unsupported-keyword"]
    assert "'not'" in w.message and w.location.line == 4 and "typescript" in w.target


def test_nested_objects_named_after_parent_and_property(tmp_path: Path) -> None:
    types, _ = lower_one("""
$defs:
  Start:
    type: object
    properties:
      mediaFormat: {type: object, properties: {sampleRate: {type: integer}}}
      tracks: {type: array, items: {type: object, properties: {name: {type: string}}}}
""", tmp_path)
    assert {"Start", "StartMediaFormat", "StartTracksItem"} <= set(types)


def test_author_names_that_collide_in_one_file_are_renamed_with_a_warning(tmp_path: Path) -> None:
    doc, diags = load_text("""
$defs:
  user_ref: {type: string}
  UserRef: {type: integer}
""", "m.yaml", "m.yaml")
    assert doc is not None, diags
    schema, names, warnings = build_ir([doc], load_config(tmp_path, None, {"schemas": str(tmp_path)}))
    assert sorted(n.python for n in names.values()) == ["UserRef", "UserRef2"]
    assert names["file:///schemas-root/m.yaml#/$defs/UserRef"].python == "UserRef"  # key order decides
    found = [w for w in warnings if w.code == "duplicate-name"]
    assert len(found) == 1 and found[0].severity == "warning" and "'UserRef2'" in found[0].message


def test_python_imports_are_limited_to_an_allow_list(tmp_path: Path) -> None:
    schema = "$defs:\n  A:\n    type: string\n    x-python-type: Money\n    x-python-import: shop.money.Money\n"
    with pytest.raises(SchemaError) as err:
        lower_one(schema, tmp_path)
    assert "imports a module the project has not allowed" in str(err.value) and "m.yaml:5:5" in str(err.value)
    doc, _ = load_text(schema, "m.yaml", "m.yaml")
    config = load_config(tmp_path, None, {"schemas": str(tmp_path), "python_imports": ["shop"]})
    schema_ir, _, _ = build_ir([doc], config)  # allowed once the project lists the module
    assert schema_ir.modules[0].types[0].name == "A"


def test_enum_as_literal_alias_when_asked(tmp_path: Path) -> None:
    types, _ = lower_one("$defs:\n  Mode:\n    enum: [a, b]\n    x-python-enum: false\n", tmp_path)
    assert isinstance(types["Mode"], ir.AliasType)


def test_untyped_object_keywords_accept_other_values_unless_infer_object_type(tmp_path: Path) -> None:
    """JSON Schema applies `properties` to objects only; `infer_object_type` is the opt-in
    reading of most generators (objects only). Both warn, each with its own code."""
    from pydantic import TypeAdapter, ValidationError

    from tests.support import generate_into, import_generated

    schema = {"m.yaml": {"$defs": {"Loose": {"properties": {"a": {"type": "string"}}, "required": ["a"]}}}}
    verdicts = {}
    for infer in (False, True):
        result, out, package = generate_into(tmp_path / str(infer), schema, infer_object_type=infer)
        assert [d.code for d in result.diagnostics] == ["object-inferred" if infer else "object-untyped"]
        for pkg in (package, package + "_td"):
            loose = TypeAdapter(import_generated(out, f"{pkg}.m").Loose)
            loose.validate_python({"a": "x"})
            with pytest.raises(ValidationError):
                loose.validate_python({"a": 1})
            for other in ("text", 3, None, [1], True):
                try:
                    loose.validate_python(other)
                    verdicts[(infer, pkg.endswith("_td"), repr(other))] = True
                except ValidationError:
                    verdicts[(infer, pkg.endswith("_td"), repr(other))] = False
    assert all(v for (infer, _, _), v in verdicts.items() if not infer)
    assert not any(v for (infer, _, _), v in verdicts.items() if infer)


def test_anyof_beside_oneof_is_checked_in_python_and_warned_for_typescript(tmp_path: Path) -> None:
    from pydantic import TypeAdapter, ValidationError

    from tests.support import generate_into, import_generated

    schema = {"m.yaml": {"$defs": {"Both": {"oneOf": [{"type": "string"}, {"type": "integer"}],
                                            "anyOf": [{"type": "string", "minLength": 2},
                                                      {"type": "integer", "minimum": 5}]}}}}
    result, out, package = generate_into(tmp_path, schema)
    [warned] = [d for d in result.diagnostics if d.code == "union-both"]
    assert warned.target == "typescript"
    for pkg in (package, package + "_td"):
        both = TypeAdapter(import_generated(out, f"{pkg}.m").Both)
        assert both.validate_python("ab") == "ab" and both.validate_python(7) == 7
        for bad in ("a", 3, 1.5):
            with pytest.raises(ValidationError):
                both.validate_python(bad)
