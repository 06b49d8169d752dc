"""Defaults that would refill themselves without end (lower/default_cycles.py): which ones are found,
in any definition order, and what each target does with them (golden case `recursive_defaults`)."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest
from pydantic import TypeAdapter, ValidationError

from schemagen import ir
from schemagen.lower.default_cycles import recursive_defaults
from schemagen.pipeline import build_ir, load_documents
from tests.goldens_lib import GOLDENS, case_config
from tests.support import import_generated

CASE = "recursive_defaults"
EXPECTED = GOLDENS / CASE / "expected"
RECURSIVE = {("Schema", "additionalProperties"), ("Schema", "items"), ("Tree", "children"), ("Registry", "entries"),
             ("Base", "child"), ("Left", "right"), ("Right", "left")}


def _ir() -> tuple[ir.Schema, list[Any]]:
    config = case_config(CASE)
    schema, _, diags = build_ir(load_documents(config), config)
    return schema, list(diags)


def _marked(types: dict[str, ir.NamedType]) -> set[tuple[str, str]]:
    return {(t.name, f.json_name) for t in types.values() if isinstance(t, ir.ObjectType)
            for f in t.fields if f.default is not None and f.default.recursive}


def test_exactly_the_defaults_that_reach_themselves_are_marked_and_warned() -> None:
    schema, diags = _ir()
    types = schema.types_by_key()
    assert _marked(types) == RECURSIVE
    warned = sorted(d.location.pointer for d in diags if d.code == "default-recursive" and d.location)
    assert len(warned) == len(RECURSIVE) and all(p.endswith("/default") and p.count("/properties/") == 1 for p in warned)
    assert all(d.severity == "warning" and d.target == "pydantic" for d in diags if d.code == "default-recursive")
    kept = {(t.name, f.json_name): f.default for t in types.values() if isinstance(t, ir.ObjectType) for f in t.fields}
    assert kept[("Schema", "items")] == ir.Default(value={}, recursive=True)  # the value stays, as documentation
    assert not kept[("Chain", "next")].recursive and not kept[("Config", "limits")].recursive  # they end


def test_the_result_does_not_depend_on_definition_order() -> None:
    schema, _ = _ir()
    plain = {k: _unmark(t) for k, t in schema.types_by_key().items()}
    for seed in range(5):
        keys = list(plain)
        random.Random(seed).shuffle(keys)
        marked, diags = recursive_defaults({k: plain[k] for k in keys})
        assert _marked(marked) == RECURSIVE and len(diags) == len(RECURSIVE)
    again, diags = recursive_defaults(dict(schema.types_by_key()))  # idempotent: marked ones are left alone
    assert _marked(again) == RECURSIVE and diags == []


def _unmark(t: ir.NamedType) -> ir.NamedType:
    from dataclasses import replace

    if not isinstance(t, ir.ObjectType):
        return t
    return replace(t, fields=tuple(replace(f, default=replace(f.default, recursive=False)) if f.default else f for f in t.fields))


def test_pydantic_leaves_a_recursive_default_out_and_applies_the_ones_that_end() -> None:
    meta = import_generated(EXPECTED, f"golden_{CASE}.meta")
    empty = meta.Schema.model_validate({})  # RecursionError before
    assert empty.additional_properties is None and empty.items is None and empty.properties == {}
    assert empty.model_dump(mode="json", exclude_none=True) == {"properties": {}}
    nested = meta.Schema.model_validate({"items": {"additionalProperties": {}}})
    assert isinstance(nested.items, meta.Schema) and isinstance(nested.items.additional_properties, meta.Schema)
    assert meta.Tree().children is None and meta.Tree().label == "leaf"
    assert meta.Registry().entries is None and meta.Derived().child is None and meta.Base().child is None
    chain = meta.Chain()
    assert chain.next is not None and chain.next.name == "second" and chain.next.next is None
    assert meta.Config().limits.max == 3
    with pytest.raises(ValidationError):
        meta.Schema.model_validate({"additionalProperties": None})  # absent is not null
    with pytest.raises(ValidationError):
        meta.Tree.model_validate({"children": [{"label": 1}]})


@pytest.mark.parametrize("first", ["pair", "pair_other"])
def test_a_cycle_across_modules_is_left_out_on_both_sides(first: str) -> None:
    one = import_generated(EXPECTED, f"golden_{CASE}.{first}")
    other = import_generated(EXPECTED, f"golden_{CASE}.{'pair_other' if first == 'pair' else 'pair'}")
    left = (one if first == "pair" else other).Left
    right = (other if first == "pair" else one).Right
    assert left().right is None and right().left is None and right().size == 1
    assert left.model_validate({"right": {}}).right.size == 1


def test_typeddicts_apply_no_default_and_keep_it_as_a_comment() -> None:
    meta = import_generated(EXPECTED, f"golden_{CASE}_td.meta")
    assert TypeAdapter(meta.Schema).validate_python({}) == {}
    assert TypeAdapter(meta.Tree).validate_python({"children": [{}]}) == {"children": [{}]}
    with pytest.raises(ValidationError):
        TypeAdapter(meta.Schema).validate_python({"additionalProperties": 1})
    source = (EXPECTED / "python" / f"golden_{CASE}_td" / "meta.py").read_text()
    assert "    # default: {}\n    additionalProperties: NotRequired[Schema | _sg.StrictBool]\n" in source


def test_typescript_documents_the_default_unchanged() -> None:
    source = (EXPECTED / "typescript" / "meta.ts").read_text()
    assert "  /** @default {} */\n  additionalProperties?: Schema | boolean;\n" in source
    assert "  /** @default [{}] */\n  children?: Forest;\n" in source


def test_the_pydantic_source_says_why_the_default_is_not_applied() -> None:
    source = (EXPECTED / "python" / f"golden_{CASE}" / "meta.py").read_text()
    assert source.count("(not applied: it would refill itself without end)") == 5
    assert "TypeAdapter(Schema" not in source and "TypeAdapter(Forest" not in source


def test_the_swagger_meta_schema_validates_the_petstore_sample(tmp_path: Path) -> None:
    """The real-world case (tests/realworld swagger-2.0): the draft-04 meta-schema's `{}` defaults."""
    import json

    from tests.support import generate_into

    sets = Path(__file__).resolve().parent / "realworld" / "sets" / "swagger-2.0"
    schema = json.loads((sets / "schemas" / "swagger20.json").read_text())
    result, out, package = generate_into(tmp_path, {"swagger20.json": schema}, targets=["pydantic"])
    assert sum(d.code == "default-recursive" for d in result.diagnostics) == 2
    module = import_generated(out, f"{package}.swagger20")
    sample = (sets / "examples" / "swagger20" / "sample" / "api.json").read_text()
    doc = module.AJSONSchemaForSwagger20API.model_validate_json(sample)
    assert doc.model_dump(mode="json", by_alias=True, exclude_unset=True) == json.loads(sample)
