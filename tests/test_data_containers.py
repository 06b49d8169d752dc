"""Unknown-keyword containers hold data in their dialect (issue 24): `$defs` in draft-07 with a
plain string member (SchemaStore's partial-cibuildwheel.json), an extension keyword holding a
pattern that is no regular expression. What a `$ref` lands on there is checked where it lands:
a non-schema is a located warning (read as any value), an object gets the meta-schema and
pattern checks. `definitions` in 2020-12 stays a keyword (its meta-schema still declares it)."""

from __future__ import annotations

from pathlib import Path

import pytest

from schemagen.frontend.load import load_text
from schemagen.frontend.refs import RefIndex
from schemagen.frontend.dialect import with_dialects
from schemagen.pipeline import check_document
from tests.support import generate_into, import_generated, run_tsc, tsc_available

DRAFT7 = "http://json-schema.org/draft-07/schema#"


def _cibuildwheel(members: dict[str, object]) -> dict[str, object]:
    return {"$schema": DRAFT7, "$defs": {"description": "Options for cibuildwheel", **members},
            "type": "object", "properties": {"build": {"$ref": "#/$defs/Build"}}, "required": ["build"]}


def test_defs_data_members_in_draft07_generate_and_the_schemas_among_them_validate(tmp_path: Path) -> None:
    schema = _cibuildwheel({"Build": {"type": "string", "minLength": 2}, "count": 3, "list": [1, "a"], "none": None})
    result, out, package = generate_into(tmp_path, {"cib.json": schema})
    assert not [d for d in result.diagnostics if d.severity == "error"]
    module = import_generated(out, f"{package}.cib")
    assert module.Cib.model_validate({"build": "cp311"}).build == "cp311"
    with pytest.raises(Exception):
        module.Cib.model_validate({"build": "x"})  # the $defs member that is a schema keeps its constraint
    assert not hasattr(module, "Description") and not hasattr(module, "Count")  # data names no type
    if tsc_available():
        proc = run_tsc(out / "typescript")
        assert proc.returncode == 0, proc.stdout


def test_defs_object_members_in_draft07_still_get_the_meta_schema_check(tmp_path: Path) -> None:
    doc, _ = load_text(__import__("json").dumps(_cibuildwheel({"Build": {"type": 5}})), "c.json", "c.json")
    assert doc is not None
    (doc,), _ = with_dialects([doc])
    meta, _ = check_document(doc)
    assert [(d.code, d.location.pointer) for d in meta] == [("meta-schema", "/$defs/Build/type")]


def test_definitions_stays_a_keyword_in_2020_12() -> None:
    """The 2020-12 meta-schema still declares `definitions` (deprecated) as a map of schemas, and
    jsonschema and `referencing` read it so: a string member there is an error, not data."""
    text = '{"$schema": "https://json-schema.org/draft/2020-12/schema", "definitions": {"d": "text"}}'
    doc, _ = load_text(text, "d.json", "d.json")
    assert doc is not None
    meta, _ = check_document(doc)
    assert meta and {(d.code, d.location.pointer) for d in meta} == {("meta-schema", "/definitions/d")}


@pytest.mark.parametrize("target", ["#/$defs/description", "#/x-data/text", "#/x-data/list/0", "#/x-data/list",
                                    "#/x-data/nothing", "#/$defs/Build/description", "#/properties/a/enum"])
def test_a_ref_to_a_non_schema_is_a_located_warning_and_any_value(tmp_path: Path, target: str) -> None:
    schema = _cibuildwheel({"Build": {"type": "string", "description": "the build"}})
    schema["x-data"] = {"text": "words", "list": [3, 4], "nothing": None}
    schema["properties"] = {"a": {"enum": [1, 2]}, "b": {"$ref": target}}
    schema["required"] = []
    result, out, package = generate_into(tmp_path, {"cib.json": schema})
    warned = [d for d in result.diagnostics if d.code == "ref-not-schema"]
    assert len(warned) == 1 and warned[0].severity == "warning"
    assert warned[0].location is not None and warned[0].location.pointer == "/properties/b/$ref"
    assert warned[0].location.line > 1
    module = import_generated(out, f"{package}.cib")
    for value in ("x", 1, None, {"k": [1]}):
        assert module.Cib.model_validate({"b": value}).b == value


def test_data_in_an_unknown_keyword_is_not_checked_as_a_schema(tmp_path: Path) -> None:
    schema = {"type": "object", "x-samples": {"pattern": "((", "type": 7}, "properties": {"a": {"type": "string"}}}
    result, _, _ = generate_into(tmp_path, {"s.json": schema})
    assert not [d for d in result.diagnostics if d.severity == "error"]


def test_a_pattern_in_an_object_a_ref_uses_as_a_schema_is_checked_where_it_stands(tmp_path: Path) -> None:
    from schemagen.diagnostics import SchemaError

    schema = {"type": "object", "x-data": {"T": {"type": "string", "pattern": "(("}},
              "properties": {"a": {"$ref": "#/x-data/T"}, "b": {"$ref": "#/x-data/T"}}}
    with pytest.raises(SchemaError) as raised:
        generate_into(tmp_path, {"s.json": schema})
    found = [(d.code, d.location.pointer if d.location else None) for d in raised.value.diagnostics]
    assert found == [("pattern-invalid", "/x-data/T/pattern")]  # once, however many refs reach it


def test_grouped_definitions_a_ref_reaches_are_used_as_written_and_their_flaws_warned(tmp_path: Path) -> None:
    """meltano.json groups definitions under a name of its own (`$defs/plugins/plugin_generic`, no
    keyword) with `examples: "3.15"` inside, which the 2020-12 meta-schema refuses: validators use
    it as written, so schemagen does too, with a located warning where the flaw is."""
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object",
              "$defs": {"plugins": {"generic": {"type": "object", "properties": {
                  "versions": {"type": "array", "items": {"type": "string", "examples": "3.15", "minLength": 2}}}}}},
              "properties": {"versions": {"$ref": "#/$defs/plugins/generic/properties/versions"},
                             "plugin": {"$ref": "#/$defs/plugins/generic"}}}  # the inner target first
    result, out, package = generate_into(tmp_path, {"m.json": schema})
    warned = [d for d in result.diagnostics if d.code == "ref-not-schema"]
    assert [(d.severity, d.location.pointer) for d in warned] == [
        ("warning", "/$defs/plugins/generic/properties/versions/items/examples")]
    module = import_generated(out, f"{package}.m")
    assert module.M.model_validate({"versions": ["3.1"]}).versions == ["3.1"]
    with pytest.raises(Exception):
        module.M.model_validate({"versions": ["3"]})  # the grouped schema's minLength holds


def test_a_ref_to_a_string_through_an_id_base_is_placed_in_its_file() -> None:
    text = ('{"$schema": "%s", "$id": "https://example.com/c.json", "$defs": {"description": "d"},'
            ' "properties": {"n": {"$ref": "#/$defs/description"}}}' % DRAFT7)
    doc, _ = load_text(text, "c.json", "schemas/c.json")
    assert doc is not None
    (doc,), _ = with_dialects([doc])
    index = RefIndex([doc])
    target, problem = index.resolve("#/$defs/description", "https://example.com/c.json", doc.location("/properties/n/$ref"))
    assert target is None and problem is None
    (note,) = index.notes.values()
    assert note.code == "ref-not-schema" and "schemas/c.json:1:" in note.message


def test_data_in_an_unknown_keyword_neither_guesses_the_dialect_nor_is_an_extension_error() -> None:
    from schemagen.frontend.dialect import decide

    text = '{"type": "object", "x-samples": {"items": [1, 2], "x-python-type": 5, "dependencies": {}}}'
    doc, _ = load_text(text, "s.json", "s.json")
    assert doc is not None
    assert decide(doc) == ("2020-12", None)
    meta, patterns = check_document(doc)
    assert not meta and not patterns


def test_an_extension_error_in_an_object_a_ref_uses_is_reported_where_it_stands(tmp_path: Path) -> None:
    from schemagen.diagnostics import SchemaError

    schema = {"type": "object", "x-data": {"T": {"type": "string", "x-python-type": 5}},
              "properties": {"a": {"$ref": "#/x-data/T"}}}
    with pytest.raises(SchemaError) as raised:
        generate_into(tmp_path, {"s.json": schema})
    found = [(d.code, d.location.pointer if d.location else None) for d in raised.value.diagnostics]
    assert ("extension", "/x-data/T/x-python-type") in found


def test_a_bundle_reads_a_ref_to_a_non_schema_as_any_value_too(tmp_path: Path) -> None:
    """The bundle (a JSON Schema of the types) says what the generated code says: the `$ref` that
    lands on data accepts any value, instead of dangling into the `$defs` the bundle drops."""
    import json

    from jsonschema import Draft202012Validator

    from schemagen.config import load_config
    from schemagen.pipeline import generate
    from tests.support import write_schemas

    write_schemas(tmp_path, {"cib.json": json.dumps(_cibuildwheel({"Build": {"type": "string"}}) | {
        "properties": {"build": {"$ref": "#/$defs/Build"}, "note": {"$ref": "#/$defs/description"}}})})
    config = load_config(tmp_path, None, {"schemas": str(tmp_path / "schemas"), "out": str(tmp_path / "out"),
                                          "bundles": [{"path": "b.json", "types": ["Cib"]}]})
    bundle = json.loads(generate(config).files["b.json"])
    Draft202012Validator.check_schema(bundle)
    validator = Draft202012Validator(bundle)
    assert validator.is_valid({"build": "x", "note": [1, {"a": None}]})
    assert not validator.is_valid({"build": 1, "note": "n"})
