"""Lowering of what public schema sets contain (issue 10): recursion through allOf bases,
discriminators that cannot be honoured, names met twice. Checked on the IR."""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

from schemagen import ir
from schemagen.config import load_config
from schemagen.frontend.load import load_text
from schemagen.pipeline import build_ir


def lower_json(content: dict[str, Any], tmp_path: Path) -> tuple[ir.Schema, list[Any]]:
    doc, diags = load_text(json.dumps(content), "m.json", "m.json")
    assert doc is not None, diags
    config = load_config(tmp_path, None, {"schemas": str(tmp_path)})
    schema, _, warnings = build_ir([doc], config)
    return schema, warnings


def _recursive_bases(n: int, seed: int) -> dict[str, Any]:
    """n/2 pairs: D{i} extends B{i} (allOf), and B{i}.owner refers back to D{i} (and on to a
    neighbour's base), written in a shuffled order."""
    defs: dict[str, Any] = {}
    for i in range(n // 2):
        defs[f"B{i}"] = {"type": "object", "required": ["id"], "properties": {
            "id": {"type": "integer"}, "owner": {"$ref": f"#/$defs/D{i}"},
            "next": {"$ref": f"#/$defs/B{(i + 1) % (n // 2)}"}}}
        defs[f"D{i}"] = {"allOf": [{"$ref": f"#/$defs/B{i}"}, {"type": "object", "properties": {
            "items": {"type": "array", "items": {"$ref": f"#/$defs/D{(i * 7) % (n // 2)}"}}}}]}
    keys = list(defs)
    random.Random(seed).shuffle(keys)
    return {"$defs": {k: defs[k] for k in keys}}


def _shape(schema: ir.Schema) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for t in schema.modules[0].types:
        assert isinstance(t, ir.ObjectType), t
        out[t.key] = (t.base, tuple((f.json_name, f.type, f.required) for f in t.fields), t.extra)
    return out


def test_recursion_through_a_base_is_not_a_cycle_in_any_order(tmp_path: Path) -> None:
    shapes = []
    for seed in (1, 2, 3):
        schema, warnings = lower_json(_recursive_bases(3000, seed), tmp_path)
        assert not [w for w in warnings if w.code == "allof-cycle"]
        shapes.append(_shape(schema))
    assert shapes[0] == shapes[1] == shapes[2]
    assert len(shapes[0]) == 3000
    assert shapes[0]["file:///schemas-root/m.json#/$defs/D5"][0] == "file:///schemas-root/m.json#/$defs/B5"


def test_a_real_base_cycle_is_still_an_error(tmp_path: Path) -> None:
    import pytest

    from schemagen.diagnostics import SchemaError

    with pytest.raises(SchemaError) as err:
        lower_json({"$defs": {
            "A": {"allOf": [{"$ref": "#/$defs/B"}, {"type": "object", "properties": {"a": {"type": "string"}}}]},
            "B": {"allOf": [{"$ref": "#/$defs/A"}, {"type": "object", "properties": {"b": {"type": "string"}}}]},
        }}, tmp_path)
    assert "allof-cycle" in str(err.value)
