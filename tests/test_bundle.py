"""The analytics WebSocket contract served to frontends: a self-contained JSON Schema that gives
the same verdict as the canonical schemas on every envelope example."""

from __future__ import annotations

import json
from pathlib import Path

from jsonschema import Draft202012Validator

from schemagen.config import load_config
from schemagen.pipeline import build_ir, load_documents
from tests.examples_lib import collect
from tests.support import REPO, write_schemas

BUNDLE = REPO / "generated" / "jsonschema" / "analytics_wss.json"


def test_analytics_ws_bundle_is_self_contained_and_agrees_with_the_schemas() -> None:
    bundle = json.loads(BUNDLE.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(bundle)
    text = json.dumps(bundle)
    assert "x-" not in "".join(bundle["$defs"]) and '"$ref": "#/$defs/' in text
    assert all(ref.startswith("#/$defs/") for ref in _refs(bundle))
    checker = Draft202012Validator.FORMAT_CHECKER
    validators = {name: Draft202012Validator({"$ref": f"#/$defs/{name}", "$defs": bundle["$defs"]}, format_checker=checker)
                  for name in ("IncomingWssMessage", "OutgoingWssMessage")}
    either = Draft202012Validator(bundle, format_checker=checker)
    config = load_config(REPO)
    schema, names, _ = build_ir(load_documents(config), config)
    checked = 0
    for example in collect(schema, names):
        if example.module == "analytics.wss" and example.names.python in ("IncomingWssMessage", "OutgoingWssMessage"):
            assert validators[example.names.python].is_valid(example.instance) == example.valid, example.id
            if example.valid:
                assert either.is_valid(example.instance)
            checked += 1
    assert checked >= 10


def _refs(node: object) -> list[str]:
    if isinstance(node, dict):
        return [v for k, v in node.items() if k == "$ref"] + [r for v in node.values() for r in _refs(v)]
    if isinstance(node, list):
        return [r for v in node for r in _refs(v)]
    return []


def test_a_bundle_keeps_two_files_types_of_one_name_apart(tmp_path: Path) -> None:
    from tests.support import generate_into

    schemas = {
        "a.yaml": "$defs:\n  Common: {type: object, required: [a], properties: {a: {type: string}}}\n"
                  "  Root: {type: object, properties: {mine: {$ref: '#/$defs/Common'}, theirs: {$ref: 'b.yaml#/$defs/Common'}}}\n",
        "b.yaml": "$defs:\n  Common: {type: object, required: [b], properties: {b: {type: integer}}}\n",
    }
    result, out, _ = generate_into(tmp_path, schemas, bundles=[{"path": "jsonschema/root.json", "types": ["a.Root"]}])
    bundle = json.loads((out / "jsonschema" / "root.json").read_text(encoding="utf-8"))
    assert sorted(bundle["$defs"]) == ["Root", "a.Common", "b.Common"]
    validator = Draft202012Validator(bundle)
    assert validator.is_valid({"mine": {"a": "x"}, "theirs": {"b": 1}})
    assert not validator.is_valid({"mine": {"b": 1}})
    assert not validator.is_valid({"theirs": {"a": "x"}})
def test_a_draft_07_schema_is_bundled_as_2020_12(tmp_path: Path) -> None:
    from schemagen.pipeline import generate

    write_schemas(tmp_path, {"d7.json": json.dumps({
        "$schema": "http://json-schema.org/draft-07/schema#",
        "definitions": {
            "Pair": {"type": "array", "items": [{"type": "string"}, {"type": "integer"}], "additionalItems": False},
            "Card": {"type": "object", "dependencies": {"number": ["cvc"]},
                     "properties": {"number": {"type": "string"}, "cvc": {"type": "string"},
                                    "default": {"$ref": "#/definitions/Pair", "maxItems": 0}}},
        }})})
    config = load_config(tmp_path, None, {"schemas": str(tmp_path / "schemas"), "out": str(tmp_path / "out"),
                                          "bundles": [{"path": "b.json", "types": ["Card"]}]})
    bundle = json.loads(generate(config).files["b.json"])
    Draft202012Validator.check_schema(bundle)
    card = Draft202012Validator(bundle)
    assert card.is_valid({"default": ["a", 1]})  # the draft-07 $ref sibling maxItems is ignored
    assert not card.is_valid({"default": ["a", 1, 2]})  # additionalItems: false closes the tuple
    assert not card.is_valid({"default": [1, 1]})
    assert not card.is_valid({"number": "4"})  # dependencies: number needs cvc
    assert card.is_valid({"number": "4", "cvc": "1"})
