"""Generated Pydantic models are built on first use (`defer_build`), deepest first, and a dump keeps
an absent optional field absent (JSON Schema tells absent from null) on every dump path."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from pydantic import TypeAdapter

from tests.support import generate_into, import_generated

ITEM = {
    "type": "object",
    "required": ["id"],
    "properties": {
        "id": {"type": "string"},
        "note": {"type": "string"},  # optional, not nullable: absent or a string
        "ratio": {"type": ["number", "null"]},  # optional and nullable: absent, null or a number
        "count": {"type": "integer", "default": 0},
        "child": {"$ref": "#/$defs/Item"},
        "children": {"type": "array", "items": {"$ref": "#/$defs/Item"}},
        "byName": {"type": "object", "additionalProperties": {"$ref": "#/$defs/Item"}},
    },
}


def _models(tmp_path: Path):
    _, out, package = generate_into(tmp_path, {"items.json": {"$defs": {"Item": ITEM}}})
    return import_generated(out, f"{package}.items"), import_generated(out, f"{package}_td.items")


def test_an_absent_optional_field_stays_absent_and_an_explicit_null_stays_null(tmp_path: Path) -> None:
    items, _ = _models(tmp_path)
    Item = items.Item
    data = {"id": "a", "ratio": None, "child": {"id": "b"}, "children": [{"id": "c", "ratio": 0.5}, {"id": "d"}],
            "byName": {"x": {"id": "e", "ratio": None}, "y": {"id": "f"}}}
    value = Item.model_validate(data)
    expected = {"id": "a", "ratio": None, "count": 0, "child": {"id": "b", "count": 0},
                "children": [{"id": "c", "ratio": 0.5, "count": 0}, {"id": "d", "count": 0}],
                "byName": {"x": {"id": "e", "ratio": None, "count": 0}, "y": {"id": "f", "count": 0}}}
    assert value.model_dump(mode="json") == expected
    assert json.loads(value.model_dump_json()) == expected
    assert value.model_dump(mode="json", exclude_unset=True) == data
    assert value.child.ratio is None and value.note is None  # absent reads as None
    # the caller's own exclude still applies, as a set or as a tree
    assert value.model_dump(mode="json", exclude={"children", "by_name", "child"}) == {"id": "a", "ratio": None, "count": 0}
    assert value.model_dump(mode="json", exclude={"children": {0: {"ratio"}}, "by_name": True})["children"] == [
        {"id": "c", "count": 0}, {"id": "d", "count": 0}]
    # a field that may not be null is left out while None on every path, TypeAdapter included
    built = Item(id="g")
    assert TypeAdapter(Item).dump_python(built, mode="json")["id"] == "g"
    assert "note" not in TypeAdapter(Item).dump_python(built, mode="json")
    assert Item(id="h", note="n").model_dump(mode="json") == {"id": "h", "note": "n", "count": 0}


def test_null_is_refused_where_the_schema_does_not_allow_it(tmp_path: Path) -> None:
    import pytest
    from pydantic import ValidationError

    items, items_td = _models(tmp_path)
    with pytest.raises(ValidationError):
        items.Item.model_validate({"id": "a", "note": None})
    with pytest.raises(ValidationError):
        TypeAdapter(items_td.Item).validate_python({"id": "a", "note": None})
    assert TypeAdapter(items_td.Item).validate_python({"id": "a", "ratio": None}) == {"id": "a", "ratio": None}


def test_importing_builds_no_model_and_first_use_builds_what_it_reaches(tmp_path: Path) -> None:
    items, _ = _models(tmp_path)
    assert not items.Item.__pydantic_complete__  # deferred: importing the module built nothing
    assert items.Item.model_validate({"id": "a"}).id == "a"
    assert items.Item.__pydantic_complete__


def test_a_long_chain_of_models_validates_from_its_far_end_at_the_default_recursion_limit(tmp_path: Path) -> None:
    # pydantic building Node999 first would recurse through all thousand models at once (about
    # twenty frames each); the models below it are built first, deepest first
    defs = {f"Node{i}": {"type": "object", "properties": {"next": {"$ref": f"#/$defs/Node{i - 1}"}, "n": {"type": "integer"}}}
            for i in range(1, 1000)}
    defs["Node0"] = {"type": "object", "properties": {"n": {"type": "integer"}}}
    _, out, package = generate_into(tmp_path, {"chain.json": {"$defs": defs}})
    probe = (f"import sys; sys.path.insert(0, {str(out / 'python')!r}); from {package}.chain import Node999, Node998; "
             "v = Node999.model_validate({'next': {'next': {'n': 1}}}); "
             "print(sys.getrecursionlimit(), v.next.next.n, Node998.__pydantic_complete__, Node999.model_dump(v))")
    proc = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert proc.stdout.split(" ", 3)[:3] == ["1000", "1", "True"]
    assert proc.stdout.split(" ", 3)[3].strip() == "{'next': {'next': {'n': 1}}}"


TYPED = {
    "Closed": {"type": "object", "additionalProperties": False, "properties": {
        "n": {"type": "integer", "minimum": 1}, "s": {"type": "string", "pattern": "^a+$", "maxLength": 3},
        "b": {"type": "boolean"}, "f": {"type": "number"}, "when": {"type": "string", "format": "date-time"},
        "tags": {"type": "array", "items": {"type": "string"}, "uniqueItems": True, "maxItems": 2}}},
    "A": {"type": "object", "required": ["kind"], "properties": {"kind": {"const": "a"}, "x": {"type": "integer"}}},
    "B": {"type": "object", "required": ["kind"], "properties": {"kind": {"const": "b"}, "y": {"type": "string"}}},
    "Either": {"oneOf": [{"$ref": "#/$defs/A"}, {"$ref": "#/$defs/B"}], "discriminator": {"propertyName": "kind"}},
}


def test_the_typeddict_package_imports_without_pydantic_and_still_validates(tmp_path: Path) -> None:
    _, out, package = generate_into(tmp_path, {"typed.json": {"$defs": TYPED}})
    probe = f"""
import sys
sys.path.insert(0, {str(out / 'python')!r})
import {package}_td, {package}_td.typed as t
print("pydantic" in sys.modules)
from pydantic import TypeAdapter, ValidationError
closed = TypeAdapter(t.Closed)
assert closed.validate_python({{"n": 1, "s": "aa", "b": True, "f": 1.5, "tags": ["x"]}})["s"] == "aa"
for bad in ({{"extra": 1}}, {{"n": 0}}, {{"n": "1"}}, {{"s": "b"}}, {{"s": "aaaa"}}, {{"b": 1}}, {{"f": "1.5"}},
            {{"when": 1}}, {{"tags": ["x", "x"]}}, {{"tags": ["x", "y", "z"]}}):
    try:
        closed.validate_python(bad)
    except ValidationError:
        continue
    raise SystemExit(f"accepted {{bad}}")
either = TypeAdapter(t.Either)
assert either.validate_python({{"kind": "b", "y": "q"}}) == {{"kind": "b", "y": "q"}}
try:
    either.validate_python({{"kind": "c"}})
except ValidationError as e:
    assert "union_tag_invalid" in str(e.errors()[0]["type"]), e.errors()
else:
    raise SystemExit("accepted kind c")
print("ok")
"""
    proc = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:] + proc.stdout
    assert proc.stdout.split() == ["False", "ok"]
