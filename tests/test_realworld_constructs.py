"""What the golden examples cannot say on their own, for the issue-10 constructs: defaults that
name recursive aliases and later enums, import of every module in either order, and the
TypedDict output through `TypeAdapter`."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path
from typing import Any

import pytest
from pydantic import TypeAdapter, ValidationError

from tests.goldens_lib import GOLDENS
from tests.support import import_generated, run_tsc, tsc_available


def _module(case: str, module: str, td: bool = False) -> Any:
    return import_generated(GOLDENS / case / "expected", f"golden_{case}{'_td' if td else ''}.{module}")


def _tsc_against_golden(case: str, tmp_path: Path, lines: list[str]) -> None:
    """`lines` of TypeScript (T is the golden's index) compile under tsc --strict beside the
    golden's typescript/ output (`// @ts-expect-error` lines must then be errors)."""
    shutil.copytree(GOLDENS / case / "expected" / "typescript", tmp_path / "ts")
    source = ['import type * as T from "./ts/index.js";', *lines, ""]
    (tmp_path / "check.ts").write_text("\n".join(source), encoding="utf-8")
    result = run_tsc(tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr


def test_recursive_alias_defaults_are_validated_values() -> None:
    json = _module("recursive_aliases", "json")
    doc = json.Document.model_validate({"body": {"a": [1.0, None]}})
    assert doc.meta == {"version": 1} and doc.count == 3
    assert doc.model_dump(mode="json", exclude_unset=True) == {"body": {"a": [1.0, None]}}
    with pytest.raises(ValidationError):
        json.Document.model_validate({"body": {"a": [object()]}})


def test_recursive_aliases_through_typeadapter_of_the_typeddicts() -> None:
    json = _module("recursive_aliases", "json", td=True)
    adapter = TypeAdapter(json.Document)
    assert adapter.validate_python({"body": [[{"x": "y"}]], "tree": [1, [2]]})["tree"] == [1, [2]]
    with pytest.raises(ValidationError):
        adapter.validate_python({"body": 1, "tree": [1, [2, [3, 4, 5, 6]]]})  # Branch has maxItems 3
    assert TypeAdapter(json.JSONValue).validate_python({"a": [True]}) == {"a": [True]}


@pytest.mark.parametrize("td", [False, True])
@pytest.mark.parametrize("first", ["cross", "cross_other"])
def test_cross_file_recursive_aliases_import_in_either_order(first: str, td: bool) -> None:
    package = f"golden_recursive_aliases{'_td' if td else ''}"
    for name in [m for m in sys.modules if m == package or m.startswith(package + ".")]:
        del sys.modules[name]
    one = _module("recursive_aliases", first, td)
    other = _module("recursive_aliases", "cross_other" if first == "cross" else "cross", td)
    left = (one if first == "cross" else other).Left
    assert TypeAdapter(left).validate_python([1, ["a", [2]]]) == [1, ["a", [2]]]
    with pytest.raises(ValidationError):
        TypeAdapter(left).validate_python([[1]])


def test_defaults_name_enum_members_defined_later_and_elsewhere() -> None:
    settings = _module("import_order", "settings")
    units = _module("import_order", "units")
    value = settings.Settings()
    assert value.mode is settings.Mode.FAST and value.level is settings.Level.VALUE_2 and value.unit is units.Unit.CM
    assert settings.Settings.model_validate({"labels": {"x": {"text": "t"}}}).labels.model_extra == {"x": settings.Label(text="t")}
    td = _module("import_order", "settings", td=True)
    with pytest.raises(ValidationError):
        TypeAdapter(td.Settings).validate_python({"labels": {"x": {"text": 1}}})


def test_a_redefinition_that_is_no_subtype_flattens_the_pydantic_model() -> None:
    steps = _module("narrowing", "steps")
    assert issubclass(steps.SizedStep, steps.Step)  # Literal['sized'] over str, int over float: subtypes
    assert not issubclass(steps.FinalStep, steps.Step)  # Literal['automatic'] is no Trigger enum
    assert not issubclass(steps.StrictNode, steps.Node)  # list[StrictNode] is no list[Node | bool]
    assert issubclass(steps.LeafNode, steps.StrictNode)
    assert list(steps.FinalStep.model_fields) == list(steps.Step.model_fields)  # the base's field order
    final = steps.FinalStep.model_validate({"name": "deploy", "trigger": "automatic", "size": 2, "kind": "k"})
    assert final.model_dump(mode="json", exclude_unset=True) == {"name": "deploy", "trigger": "automatic", "size": 2, "kind": "k"}
    for bad in ({"name": "deploy", "trigger": "manual"}, {"name": "deploy", "size": 2}, {"name": ""}):
        with pytest.raises(ValidationError):  # its own literal, the base's runtime check and constraint
            steps.FinalStep.model_validate(bad)
    with pytest.raises(ValidationError):
        steps.LeafNode.model_validate({"label": "x", "children": [True]})
    td = _module("narrowing", "steps", td=True)
    with pytest.raises(ValidationError):
        TypeAdapter(td.FinalStep).validate_python({"name": "deploy", "size": 2})
    assert TypeAdapter(td.StrictNode).validate_python({"label": "a", "children": {"label": "b"}}) == {"label": "a", "children": {"label": "b"}}


@pytest.mark.parametrize("td", [False, True])
def test_date_and_time_formats_take_rfc3339_text_only(td: bool) -> None:
    """pydantic parses `2018-04-25 20:42:10` (a space, no offset) as a datetime; JSON Schema's
    date-time format (jsonschema's checker, RFC 3339) refuses it, as GitHub's webhook schema does
    for its own check_run sample."""
    values = _module("primitives", "values", td)
    adapter = TypeAdapter(values.Formats)
    good = {"at": "2024-05-01T12:30:00Z", "day": "2024-05-01", "clock": "12:30:00Z",
            "id": "0b3c4e9a-3c4b-4d3e-9f4a-1a2b3c4d5e6f", "email": "a@b.io", "site": "https://example.com"}
    adapter.validate_python(good)
    adapter.validate_python({**good, "at": "2024-05-01t12:30:00.25+05:30", "clock": "12:30:00.5-01:00"})
    for key, text in [("at", "2018-04-25 20:42:10"), ("at", "2018-04-25T20:42:10"), ("at", "2018-04-25T20:42Z"),
                      ("at", "2018-04-25T20:42:10Z\n"), ("day", "2024-05-01T00:00:00"), ("day", "20240501"),
                      ("clock", "12:30"), ("clock", "12:30:00"), ("at", "2018-04-25T20:42:10\u0661Z")]:
        with pytest.raises(ValidationError):
            adapter.validate_python({**good, key: text})


@pytest.mark.skipif(not tsc_available(), reason="node tools not installed (make test installs them)")
def test_a_weak_open_type_takes_values_sharing_no_property_with_it(tmp_path: Path) -> None:
    """tsc refuses a value with none of an all-optional type's properties (weak type detection,
    TS2559) even as a JSON value, not a literal; such a type has an unknown index signature. A type
    with a required property keeps the excess-property check (no additionalProperties written)."""
    _tsc_against_golden("kept_shapes", tmp_path, [
        "const value = JSON.parse('{\"title\": \"x\"}') as { title: string };",
        "export const hints: T.Hints = value;",
        'export const hinted: T.Hinted = { id: "a", title: "x" };',
        'export const literal: T.Hints = { "default": { target: "auto" } };',
        "// @ts-expect-error a typo beside a required property is still caught",
        'export const manifest: T.Manifest = { version: "1", verison: "2" };',
        "// @ts-expect-error the declared properties keep their types",
        'export const wrong: T.Hints = { order: "x" };',
    ])


def test_a_relative_ref_against_a_published_meta_schema_id_reaches_the_folders_file(tmp_path: Path) -> None:
    """The 2020-12 meta-schema's own files: `meta/core` against the `$id`
    https://json-schema.org/draft/2020-12/schema is the folder's file declaring .../meta/core,
    not the published vocabulary (here a different schema, so the difference shows)."""
    from tests.support import generate_into

    result, out, package = generate_into(tmp_path, {
        "schema.json": {"$schema": "https://json-schema.org/draft/2020-12/schema",
                        "$id": "https://json-schema.org/draft/2020-12/schema", "title": "Dialect",
                        "type": "object", "properties": {"core": {"$ref": "meta/core"}}},
        "meta/core.json": {"$schema": "https://json-schema.org/draft/2020-12/schema",
                           "$id": "https://json-schema.org/draft/2020-12/meta/core", "title": "Core",
                           "type": "object", "required": ["owner"], "properties": {"owner": {"type": "integer"}}},
    })
    assert not [d for d in result.diagnostics if d.severity == "error"]
    dialect = import_generated(out, f"{package}.schema")
    assert dialect.Dialect.model_validate({"core": {"owner": 1}}).core.owner == 1
    with pytest.raises(ValidationError):
        dialect.Dialect.model_validate({"core": {"$id": "x"}})  # the published core would accept it


_PACKAGE_CYCLE_MODULES = ["", ".person", ".defs", ".defs.friends", ".defs.machine", ".defs.machine.robot"]


@pytest.mark.parametrize("td", [False, True])
@pytest.mark.parametrize("first", _PACKAGE_CYCLE_MODULES)
def test_an_import_cycle_through_a_package_init_imports_from_any_module_first(first: str, td: bool) -> None:
    """person.py imports defs.friends, whose package __init__ imports defs.machine.robot, which
    refers back to person: the late-import ordering counts the modules a package __init__ runs."""
    import subprocess

    package = f"golden_package_cycle{'_td' if td else ''}"
    validate = (
        "from pydantic import TypeAdapter; "
        f"from {package}.person import Person; "
        "value = {'name': 'a', 'friends': ['b'], 'robot': {'serial': 1, 'owner': {'name': 'c'}}}; "
        + ("assert TypeAdapter(Person).validate_python(value) == value; "
           "bad = {'name': 'a', 'robot': {'serial': 'x'}}" if td else
           "assert Person.model_validate(value).robot.owner.name == 'c'; "
           "bad = {'name': 'a', 'robot': {'serial': 'x'}}")
        + "; import pydantic\n"
        "try:\n"
        + ("    TypeAdapter(Person).validate_python(bad)\n" if td else "    Person.model_validate(bad)\n")
        + "except pydantic.ValidationError:\n    pass\nelse:\n    raise SystemExit('accepted')\n"
    )
    code = f"import {package}{first}\n{validate}"
    root = GOLDENS / "package_cycle" / "expected" / "python"
    done = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr


_ALLOF_CASES = [
    ("MapState", {"mode": "split", "ratio": 0.5, "view": "3d", "pitch": 10}, True),
    ("MapState", {"mode": "single", "view": "2d"}, True),
    ("MapState", {"mode": "split", "ratio": 0.5}, False),  # the second member: no view
    ("MapState", {"mode": "single", "view": "4d"}, False),
    ("MapState", {"mode": "split", "view": "2d"}, False),  # the first member: no ratio
    ("Layers", {"a": {"visible": True}}, True),
    ("Layers", "not an object: additionalProperties says nothing of it", True),
    ("Layers", {"a": {}}, False),
    ("Layers", {k: {"visible": True} for k in "abcd"}, False),
    ("Stops", [{"at": 1}], True),
    ("Stops", [], False),
    ("Stops", [{"at": "1"}], False),
]


@pytest.mark.parametrize("td", [False, True])
@pytest.mark.parametrize(("name", "value", "valid"), _ALLOF_CASES)
def test_allof_members_holding_subschemas_validate_all_members(name: str, value: Any, valid: bool, td: bool) -> None:
    """`allOf` of non-object members that hold subschemas (unions of objects, a map or a list of
    objects): the types inside are named where they stand and every member is applied. This was
    a KeyError in lowering (the merged schema was read at a pointer where the subschemas are not)."""
    adapter = TypeAdapter(getattr(_module("allof_members", "map_state", td), name))
    if valid:
        adapter.validate_python(value)
    else:
        with pytest.raises(ValidationError):
            adapter.validate_python(value)


@pytest.mark.skipif(not tsc_available(), reason="node tools not installed (make test installs them)")
def test_allof_members_holding_subschemas_in_typescript(tmp_path: Path) -> None:
    """TypeScript intersects the members' unions (`(SingleMap | SplitMap) & (... | ...)`), as the
    Python targets check the second one at runtime; the named types inside the members are real
    and checked."""
    _tsc_against_golden("allof_members", tmp_path, [
        'export const split: T.MapState = { mode: "split", ratio: 0.5, view: "3d", pitch: 1 };',
        "// @ts-expect-error a split map needs its ratio",
        'export const noRatio: T.MapState = { mode: "split", view: "2d" };',
        "// @ts-expect-error the second member needs a view",
        'export const noView: T.MapState = { mode: "split", ratio: 0.5 };',
        'export const layers: T.Layers = { a: { visible: true } };',
        "// @ts-expect-error a layer's visible is a boolean",
        'export const badLayer: T.Layers = { a: { visible: 1 } };',
        'export const stops: T.Stops = [{ at: 1 }];',
        "// @ts-expect-error a stop's at is a number",
        'export const badStop: T.Stops = [{ at: "1" }];',
    ])


@pytest.mark.parametrize("td", [False, True])
def test_fields_named_after_every_basemodel_attribute_import_without_warnings(td: bool) -> None:
    import json as jsonlib
    import subprocess

    from schemagen.naming import PYDANTIC_RESERVED

    schema = jsonlib.loads((GOLDENS / "reserved_attributes" / "schemas" / "attributes.json").read_text(encoding="utf-8"))
    assert PYDANTIC_RESERVED <= set(schema["$defs"]["Attributes"]["properties"]), "the golden lists every attribute"
    package = f"golden_reserved_attributes{'_td' if td else ''}"
    code = (f"import {package}.attributes as m, json\nfrom pydantic import TypeAdapter\n"
            "a = TypeAdapter(m.Attributes)\nv = a.validate_python(json.loads(input()))\n"
            "print(json.dumps(a.dump_python(v, mode='json', by_alias=True, exclude_unset=True), sort_keys=True))\n")
    wire = dict(schema["$defs"]["Attributes"]["examples"][0])
    proc = subprocess.run([sys.executable, "-W", "error::UserWarning", "-c", code], input=jsonlib.dumps(wire),
                          capture_output=True, text=True, cwd=GOLDENS,
                          env={"PYTHONPATH": str(GOLDENS / "reserved_attributes" / "expected" / "python")})
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert jsonlib.loads(proc.stdout) == wire
