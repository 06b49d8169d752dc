"""Which draft a schema file is read in: every `$schema` spelling, and the rule for a file that
names none (`default_dialect`, `auto` detection with a located warning)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from schemagen import ir
from schemagen.config import load_config
from schemagen.diagnostics import SchemaError
from schemagen.frontend.dialect import as_2020_12, decide, dialect_of_uri
from schemagen.frontend.load import load_text
from schemagen.pipeline import build_ir


@pytest.mark.parametrize(("uri", "dialect"), [
    ("http://json-schema.org/draft-04/schema#", "draft-04"),
    ("http://json-schema.org/draft-04/schema", "draft-04"),
    ("https://json-schema.org/draft-06/schema#", "draft-06"),
    ("http://json-schema.org/draft-07/schema#", "draft-07"),
    ("https://json-schema.org/draft-07/schema", "draft-07"),
    ("http://json-schema.org/draft-07/schema", "draft-07"),
    ("https://json-schema.org/draft-07/schema#", "draft-07"),
    ("http://www.json-schema.org/draft-07/schema/", "draft-07"),
    ("https://json-schema.org/draft/2019-09/schema", "2019-09"),
    ("http://json-schema.org/draft/2019-09/schema#", "2019-09"),
    ("https://json-schema.org/draft/2020-12/schema", "2020-12"),
    ("http://json-schema.org/draft/2020-12/schema#", "2020-12"),
])
def test_every_spelling_of_a_published_draft(uri: str, dialect: str) -> None:
    assert dialect_of_uri(uri) == dialect


@pytest.mark.parametrize("uri", ["https://example.com/my-meta", "http://json-schema.org/draft-05/schema#", 7])
def test_unknown_dialects(uri: Any) -> None:
    assert dialect_of_uri(uri) is None


def _doc(text: str, name: str = "m.json") -> Any:
    doc, diags = load_text(text, name, name)
    assert doc is not None, diags
    return doc


def test_no_schema_and_array_items_is_read_as_draft_07_with_a_located_warning() -> None:
    doc = _doc('{\n  "type": "array",\n  "items": [{"type": "string"}]\n}')
    dialect, diag = decide(doc)
    assert dialect == "draft-07"
    assert diag is not None and diag.code == "dialect-guessed"
    assert diag.location is not None and (diag.location.line, diag.location.pointer) == (3, "/items")


def test_detection_looks_inside_definitions_but_not_into_values() -> None:
    doc = _doc('{"definitions": {"A": {"properties": {"d": {"dependencies": {}}}}}}')
    assert decide(doc)[0] == "draft-07"
    quiet = _doc('{"default": {"items": [1]}, "enum": [{"additionalItems": 1}], "properties": {"items": {}}}')
    assert decide(quiet) == ("2020-12", None)


def test_default_dialect_replaces_detection() -> None:
    doc = _doc('{"items": [{"type": "string"}]}')
    assert decide(doc, "draft-07") == ("draft-07", None)
    assert decide(doc, "2019-09") == ("2019-09", None)
    assert decide(_doc('{"type": "string"}'), "draft-04") == ("draft-04", None)


def test_declared_schema_wins_over_default_dialect() -> None:
    doc = _doc('{"$schema": "https://json-schema.org/draft/2020-12/schema", "prefixItems": []}')
    assert decide(doc, "draft-07") == ("2020-12", None)


def test_unknown_schema_is_warned_and_read_by_the_rule() -> None:
    dialect, diag = decide(_doc('{"$schema": "https://example.com/meta", "type": "string"}'))
    assert dialect == "2020-12" and diag is not None and diag.code == "dialect-unknown"


def _lower(tmp_path: Path, text: str, **config: Any) -> tuple[dict[str, ir.NamedType], list[Any]]:
    doc = _doc(text)
    cfg = load_config(tmp_path, None, {"schemas": str(tmp_path), **config})
    schema, _, diags = build_ir([doc], cfg)
    return {t.name: t for m in schema.modules for t in m.types}, diags


def test_no_schema_and_a_plain_name_id_is_read_as_draft_07(tmp_path: Path) -> None:
    """`$id: "#address"` is an anchor in drafts up to 07 (2020-12 spells it `$anchor`, and its
    meta-schema refuses a fragment in `$id`): the `$ref: "#address"` to it resolves."""
    text = ('{"type": "object", "definitions": {"Address": {"$id": "#address", "type": "object", '
            '"properties": {"street": {"type": "string"}}}}, "properties": {"billing": {"$ref": "#address"}}}')
    dialect, diag = decide(_doc(text))
    assert dialect == "draft-07" and diag is not None and diag.location is not None
    assert diag.location.pointer == "/definitions/Address/$id"
    types, _ = _lower(tmp_path, text)
    assert isinstance(types["Address"], ir.ObjectType)
    assert decide(_doc('{"$id": "#", "type": "string"}')) == ("2020-12", None)
    assert decide(_doc('{"$id": "https://example.com/a.json", "type": "string"}')) == ("2020-12", None)


def test_default_dialect_config_reads_dependencies_without_a_warning_about_the_guess(tmp_path: Path) -> None:
    text = '{"definitions": {"A": {"type": "object", "dependencies": {"a": ["b"]}}}}'
    types, diags = _lower(tmp_path, text, default_dialect="draft-07")
    assert "dialect-guessed" not in {d.code for d in diags}
    a = types["A"]
    assert isinstance(a, ir.AliasType) and isinstance(a.target, ir.Checked)
    assert a.target.fragments == ('{"dependentRequired": {"a": ["b"]}}',)
    _, guessed = _lower(tmp_path, text)
    assert "dialect-guessed" in {d.code for d in guessed}


def test_explicit_2020_12_default_refuses_array_items_as_the_meta_schema_does(tmp_path: Path) -> None:
    with pytest.raises(SchemaError) as caught:
        _lower(tmp_path, '{"type": "array", "items": [{"type": "string"}]}', default_dialect="2020-12")
    assert {d.code for d in caught.value.diagnostics} == {"meta-schema"}


def test_bad_default_dialect_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(SchemaError) as caught:
        load_config(tmp_path, None, {"default_dialect": "draft-99"})
    assert "default_dialect" in caught.value.diagnostics[0].message or "dialect" in caught.value.diagnostics[0].message


def test_draft_07_ref_siblings_are_ignored_and_2019_09_ones_applied(tmp_path: Path) -> None:
    body = '"definitions": {"S": {"type": "string"}, "T": {"$ref": "#/definitions/S", "maxLength": 2}}}'
    types, diags = _lower(tmp_path, '{"$schema": "http://json-schema.org/draft-07/schema#", ' + body)
    t = types["T"]
    assert isinstance(t, ir.AliasType) and not isinstance(t.target, ir.Checked)
    assert "ref-siblings-ignored" in {d.code for d in diags}
    types, _ = _lower(tmp_path, '{"$schema": "https://json-schema.org/draft/2019-09/schema", ' + body)
    t = types["T"]
    assert isinstance(t, ir.AliasType) and isinstance(t.target, ir.Checked)


def test_as_2020_12_translates_the_older_keywords() -> None:
    old = {"$schema": "http://json-schema.org/draft-04/schema#", "items": [{"type": "integer"}],
           "additionalItems": False, "dependencies": {"a": ["b"], "c": {"required": ["d"]}},
           "properties": {"n": {"type": "number", "minimum": 0, "exclusiveMinimum": True},
                          "r": {"$ref": "#/definitions/x", "type": "string"}, "items": {"default": {"items": [1]}}}}
    new = as_2020_12(old, "draft-04")
    assert new["prefixItems"] == [{"type": "integer"}] and new["items"] is False
    assert new["dependentRequired"] == {"a": ["b"]} and new["dependentSchemas"] == {"c": {"required": ["d"]}}
    assert new["properties"]["n"] == {"type": "number", "exclusiveMinimum": 0}
    assert new["properties"]["r"] == {"$ref": "#/definitions/x"}
    assert new["properties"]["items"] == {"default": {"items": [1]}}  # a value is data, not a schema
    assert "additionalItems" in old  # the input is not changed
