"""API documents (OpenAPI 3.0 / 3.1, Swagger 2.0, AsyncAPI) as schema sources: what the golden
cases (openapi30, openapi31, swagger20, asyncapi2, asyncapi3, api_refs, api_include) do not show.
Messages stay located in the API document; `include` selects a closure whose names do not move as
it grows; `bodies = false` leaves the inline bodies out; the review commands read the documents."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from pydantic import TypeAdapter, ValidationError

from schemagen.diagnostics import SchemaError
from tests.support import generate_into, import_generated, run_tsc, tsc_available

API = """\
openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /things:
    post:
      operationId: makeThing
      requestBody:
        content:
          application/json:
            schema:
              type: object
              required: [name]
              properties:
                name: {type: string}
      responses:
        200:
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Thing'}
components:
  schemas:
    Thing:
      type: object
      required: [id]
      properties:
        id: {type: string}
        size: {$ref: '#/components/schemas/Size'}
        parent:
          nullable: true
          allOf: [{$ref: '#/components/schemas/Thing'}]
    Size: {type: integer, minimum: 0}
    Other:
      type: object
      properties:
        thing: {$ref: '#/components/schemas/Thing'}
"""


def test_an_openapi_document_generates_checked_types_in_all_three_targets(tmp_path: Path) -> None:
    result, out, pkg = generate_into(tmp_path, {"api.yaml": API})
    module = import_generated(out, f"{pkg}.api")
    thing = module.Thing.model_validate({"id": "a", "size": 3, "parent": None})
    assert thing.parent is None
    with pytest.raises(ValidationError):
        module.Thing.model_validate({"id": "a", "size": -1})
    typed = import_generated(out, f"{pkg}_td.api")
    TypeAdapter(typed.MakeThingRequest).validate_python({"name": "n"})
    with pytest.raises(ValidationError):
        TypeAdapter(typed.MakeThingRequest).validate_python({})
    ts = (out / "typescript" / "api.ts").read_text()
    assert "parent?: Thing | null;" in ts and "ThingParent" not in ts
    if tsc_available():
        (out / "typescript" / "check.ts").write_text(
            'import type { Thing } from "./api.js";\nconst ok: Thing = { id: "a", parent: null };\n'
            '// @ts-expect-error id is required\nconst bad: Thing = { size: 1 };\n', encoding="utf-8")
        done = run_tsc(out / "typescript")
        assert done.returncode == 0, done.stdout


def test_an_error_in_a_component_is_located_in_the_api_document(tmp_path: Path) -> None:
    bad = API.replace("Size: {type: integer, minimum: 0}", "Size: {type: integer, minimum: zero}")
    with pytest.raises(SchemaError) as caught:
        generate_into(tmp_path, {"api.yaml": bad})
    located = [d.location for d in caught.value.diagnostics if d.severity == "error"]
    line = next(i for i, text in enumerate(bad.splitlines(), 1) if "minimum: zero" in text)
    assert any(loc is not None and loc.file.endswith("api.yaml") and loc.line == line for loc in located), located


def test_include_keeps_the_closure_and_names_do_not_move_as_it_grows(tmp_path: Path) -> None:
    small, out, _ = generate_into(tmp_path / "a", {"api.yaml": API}, documents={"api.yaml": {"include": ["Thing"]}})
    ts_small = (out / "typescript" / "api.ts").read_text()
    assert "export interface Thing" in ts_small and "export type Size" in ts_small
    assert "Other" not in ts_small and "MakeThingRequest" not in ts_small
    grown, out2, _ = generate_into(tmp_path / "b", {"api.yaml": API},
                                   documents={"api.yaml": {"include": ["Thing", "Other", "MakeThingRequest"]}})
    ts_grown = (out2 / "typescript" / "api.ts").read_text()
    for name in ("Thing", "Size"):
        assert f"export {'interface' if name == 'Thing' else 'type'} {name}" in ts_grown
    assert "export interface Other" in ts_grown and "export interface MakeThingRequest" in ts_grown


def test_include_of_an_unknown_name_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(SchemaError) as caught:
        generate_into(tmp_path, {"api.yaml": API}, documents={"api.yaml": {"include": ["Nope"]}})
    assert any("'Nope'" in d.message and d.code == "config" for d in caught.value.diagnostics)
    with pytest.raises(SchemaError) as caught:
        generate_into(tmp_path, {"api.yaml": API}, documents={"missing.yaml": {}})
    assert any("missing.yaml" in d.message for d in caught.value.diagnostics)


def test_bodies_false_leaves_inline_bodies_out(tmp_path: Path) -> None:
    _, out, _ = generate_into(tmp_path, {"api.yaml": API}, documents={"api.yaml": {"bodies": False}})
    ts = (out / "typescript" / "api.ts").read_text()
    assert "MakeThingRequest" not in ts and "export interface Thing" in ts


def test_review_commands_read_api_documents(tmp_path: Path) -> None:
    old, new = tmp_path / "old", tmp_path / "new"
    old.mkdir()
    new.mkdir()
    (old / "api.yaml").write_text(API, encoding="utf-8")
    (new / "api.yaml").write_text(API.replace("required: [id]", "required: [id, size]"), encoding="utf-8")
    cli = [sys.executable, "-m", "schemagen"]
    breaking = subprocess.run(cli + ["breaking", "--against", str(old), "--schemas", str(new)], capture_output=True,
                              text=True, cwd=tmp_path)
    assert breaking.returncode == 1, breaking.stdout + breaking.stderr
    assert "Thing.size" in breaking.stdout and "api.yaml:" in breaking.stdout
    for args in (["diff", "--against", str(old)], ["lint"], ["docs", "--out", str(tmp_path / "docs")]):
        done = subprocess.run(cli + args + ["--schemas", str(new)], capture_output=True, text=True, cwd=tmp_path)
        assert done.returncode in (0, 1), done.stdout + done.stderr
        assert "Traceback" not in done.stderr
    assert "Thing" in (tmp_path / "docs" / "api.md").read_text()


def test_a_plain_schema_refers_into_an_asyncapi_document(tmp_path: Path) -> None:
    asyncapi = """\
asyncapi: 3.0.0
info: {title: t, version: "1"}
components:
  messages:
    Ping:
      payload:
        type: object
        required: [type]
        properties:
          type: {const: ping}
"""
    plain = {"type": "object", "properties": {"last": {"$ref": "events.yaml#/components/messages/Ping/payload"}}}
    _, out, pkg = generate_into(tmp_path, {"events.yaml": asyncapi, "log.json": plain})
    module = import_generated(out, f"{pkg}.log")
    assert module.Log.model_validate({"last": {"type": "ping"}}).last is not None
    with pytest.raises(ValidationError):
        module.Log.model_validate({"last": {"type": "pong"}})
