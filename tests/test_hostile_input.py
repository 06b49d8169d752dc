"""Crashes and bad input are located errors (issue 12): exit 2, no traceback, nothing written.
Symlinks in and as the schemas folder, --out at a file or inside --schemas, numbers no target
holds, lone surrogates, YAML alias bombs, invalid ECMA-262 patterns."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.hostile_support import cli, generate, nothing_written, project

GOOD = {"$defs": {"A": {"type": "string"}}}


def _refused(code: int, text: str, diag: str) -> None:
    assert code == 2, text
    assert f"error[{diag}]" in text and "Traceback" not in text and "internal error" not in text, text


def test_a_schemas_folder_that_is_a_symlink_loop(tmp_path: Path) -> None:
    _, out, package = project(tmp_path, {})
    loop = tmp_path / "loop"
    loop.symlink_to(loop)
    code, text = generate(loop, out, package)
    _refused(code, text, "no-schemas")
    assert "loops" in text and nothing_written(out)


def test_a_schema_file_linked_from_outside_the_folder_is_refused(tmp_path: Path) -> None:
    schemas, out, package = project(tmp_path, {"a.json": GOOD})
    secret = tmp_path / "secret.json"
    secret.write_text(json.dumps({"$defs": {"Secret": {"const": "TOPSECRET"}}}), encoding="utf-8")
    (schemas / "leak.json").symlink_to(secret)
    (schemas / "dangling.yaml").symlink_to(tmp_path / "nowhere.yaml")
    code, text = generate(schemas, out, package)
    _refused(code, text, "schema-link")
    assert "leak.json" in text and "dangling.yaml" in text and nothing_written(out)


def test_a_linked_folder_is_reported_not_skipped(tmp_path: Path) -> None:
    schemas, out, package = project(tmp_path, {"a.json": GOOD})
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "b.json").write_text(json.dumps(GOOD), encoding="utf-8")
    (schemas / "sub").symlink_to(elsewhere, target_is_directory=True)
    (schemas / "self").symlink_to(schemas, target_is_directory=True)  # a loop inside the folder
    code, text = generate(schemas, out, package)
    _refused(code, text, "schema-link")
    assert "sub" in text and "self" in text


def test_a_link_to_a_schema_inside_the_folder_is_fine(tmp_path: Path) -> None:
    schemas, out, package = project(tmp_path, {"a.json": GOOD, "d/b.json": {"$defs": {"B": {"type": "integer"}}}})
    (schemas / "c.json").symlink_to(schemas / "d" / "b.json")
    (schemas / "d" / "b.json").write_text(json.dumps({"$defs": {"B": {"type": "integer"}}}), encoding="utf-8")
    code, text = generate(schemas, out, package)
    assert code in (0, 2), text
    assert "schema-link" not in text


@pytest.mark.parametrize("where", ["file", "inside", "same"])
def test_out_at_a_file_or_inside_the_schemas_folder(tmp_path: Path, where: str) -> None:
    schemas, out, package = project(tmp_path, {"a.json": GOOD})
    if where == "file":
        out = tmp_path / "o.txt"
        out.write_text("mine\n", encoding="utf-8")
    else:
        out = schemas / "gen" if where == "inside" else schemas
    before = sorted(p.name for p in schemas.rglob("*"))
    code, text = generate(schemas, out, package)
    _refused(code, text, "out-folder")
    assert sorted(p.name for p in schemas.rglob("*")) == before
    if where == "file":
        assert out.read_text(encoding="utf-8") == "mine\n"


@pytest.mark.parametrize("name,text", [
    ("a.json", '{"$defs": {"A": {"type": "array", "default": [1e999]}}}'),
    ("a.json", '{"$defs": {"A": {"type": "number", "maximum": -1e400}}}'),
    ("a.yaml", "$defs:\n  A:\n    type: array\n    default: [1e999]\n"),
    ("a.yaml", "$defs:\n  A: {type: number, examples: [.inf]}\n"),
])
def test_numbers_no_target_can_hold(tmp_path: Path, name: str, text: str) -> None:
    schemas, out, package = project(tmp_path, {name: text})
    code, output = generate(schemas, out, package)
    _refused(code, output, "not-json")
    assert f"{name}:" in output and ":1:1:" not in output.replace(f"{name}:1:1: error[not-json]", "?")


@pytest.mark.parametrize("text", [
    '{"$defs": {"A": {"type": "string", "default": "\\ud800"}}}',
    '{"$defs": {"A": {"const": "x\\udc67y"}}}',
    '{"$defs": {"A": {"type": "object", "properties": {"\\udbff": {"type": "string"}}}}}',
    '{"$defs": {"A\\ud83c": {"type": "string"}}}',
    '{"description": "\\ud800\\ud800", "$defs": {}}',
])
def test_lone_surrogates_are_refused(tmp_path: Path, text: str) -> None:
    schemas, out, package = project(tmp_path, {"a.json": text})
    code, output = generate(schemas, out, package)
    _refused(code, output, "lone-surrogate")
    assert nothing_written(out)


@pytest.mark.parametrize("names", [[b"\xff.json"], [b"d\xfe/b.json"], [b"ok\xc3(.yaml", b"a.json"], [b"x\xed\xa0\x80.json"]])
def test_file_and_folder_names_that_are_not_utf8_are_refused(tmp_path: Path, names: list[bytes]) -> None:
    """On POSIX a name is bytes; bytes that are no UTF-8 reach Python as lone surrogates
    (surrogateescape). Such a name is a located error naming the bytes, never a traceback."""
    schemas, out, package = project(tmp_path, {})
    for name in names:
        path = os.path.join(os.fsencode(schemas), name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as f:
            f.write('{"$defs": {"A": {"type": "string"}}}')
    code, output = generate(schemas, out, package)
    _refused(code, output, "module-name")
    assert "not valid UTF-8" in output and "\\x" in output, output
    assert nothing_written(out)


@pytest.mark.parametrize("target", ["", "_td"])
def test_lone_surrogates_in_values_are_refused_by_every_runtime_check(tmp_path: Path, target: str) -> None:
    """A lone surrogate cannot come from JSON (validate_json refuses it), but a Python str may
    hold one: a runtime check (patternProperties here, a pattern that must backtrack) refuses it
    instead of skipping the check, in both Python targets."""
    from pydantic import TypeAdapter, ValidationError

    from tests.support import import_generated

    schema = {"$defs": {"V": {"type": "object", "properties": {"back": {"type": "string", "pattern": "^(?!x)a"}},
                              "patternProperties": {"^z": {"type": "integer"}}}}}
    schemas, out, package = project(tmp_path, {"v.json": schema})
    code, text = generate(schemas, out, package)
    assert code == 0, text
    adapter = TypeAdapter(import_generated(out, f"{package}{target}.v").V)
    adapter.validate_python({"z1": 1, "back": "ab"})
    for bad in ({"z\ud800": "not an integer"}, {"z\ud800": 1}, {"back": "a\ud800"}, {"q": ["\udc00"]}):
        with pytest.raises(ValidationError):
            adapter.validate_python(bad)
    for raw in ('{"z\\ud800": 1}', '{"back": "a\\udfff"}'):
        with pytest.raises(ValidationError):
            adapter.validate_json(raw)


@pytest.mark.parametrize("name", ["con.json", "AUX.yaml", "nul/a.json", "Com1.json", "lpt9/x.json", "conin.json"])
def test_windows_device_names_never_become_output_files(tmp_path: Path, name: str) -> None:
    """`con.py` or a folder `aux/` cannot exist on Windows; output is the same on every platform,
    so such a module or package name is suffixed (`con_`) everywhere."""
    schemas, out, package = project(tmp_path, {name: '{"$defs": {"A": {"type": "string"}}}'})
    code, text = generate(schemas, out, package)
    assert code == 0, text
    from schemagen.naming import WINDOWS_DEVICES

    written = [p for p in out.rglob("*") if p.relative_to(out).parts[0] != ".schemagen-manifest.json"]
    assert written and not any(part.split(".")[0].lower() in WINDOWS_DEVICES for p in written for part in p.relative_to(out).parts)


def test_a_real_surrogate_pair_is_one_character_and_fine(tmp_path: Path) -> None:
    schemas, out, package = project(tmp_path, {"a.json": '{"$defs": {"A": {"const": "flag\\udb40\\udc67"}}}'})
    code, text = generate(schemas, out, package)
    assert code == 0, text


@pytest.mark.parametrize("levels", [9, 30])
def test_yaml_alias_bombs_are_bounded(tmp_path: Path, levels: int) -> None:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, levels):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]")
    text = "$defs:\n  A:\n    examples:\n" + "".join(f"      - {line}\n" for line in lines[:1]) + "x-data:\n" + \
        "".join(f"  {line}\n" for line in lines)
    schemas, out, package = project(tmp_path, {"bomb.yaml": text})
    assert len(text) < 4000
    code, output = generate(schemas, out, package)
    _refused(code, output, "yaml-aliases")
    assert "bomb.yaml:" in output and nothing_written(out)


def test_a_yaml_alias_that_contains_itself(tmp_path: Path) -> None:
    schemas, out, package = project(tmp_path, {"loop.yaml": "$defs:\n  A: &a\n    allOf: [*a]\n",
                                               "loop2.yaml": "$defs:\n  B: &b {items: [*b]}\n  C: &c [*c]\n"})
    code, output = generate(schemas, out, package)
    assert code == 2 and "Traceback" not in output and "internal error" not in output, output
    assert "loop.yaml:" in output and "loop2.yaml:" in output


@pytest.mark.parametrize("schema,pointer", [
    ({"type": "string", "pattern": "(("}, "/$defs/A/pattern"),
    ({"type": "string", "pattern": "a{2,1}"}, "/$defs/A/pattern"),
    ({"type": "object", "patternProperties": {"[": {"type": "string"}}}, "/$defs/A/patternProperties/["),
    ({"type": "object", "propertyNames": {"pattern": "\\"}}, "/$defs/A/propertyNames/pattern"),
    ({"type": "array", "items": {"pattern": "(?<=("}}, "/$defs/A/items/pattern"),
])
def test_invalid_patterns_are_located_errors(tmp_path: Path, schema: dict[str, object], pointer: str) -> None:
    schemas, out, package = project(tmp_path, {"a.json": {"$defs": {"A": schema}}})
    code, output = generate(schemas, out, package)
    _refused(code, output, "pattern-invalid")
    assert pointer in output and nothing_written(out)


def test_a_property_named_pattern_or_pattern_data_is_not_a_regex(tmp_path: Path) -> None:
    schema = {"$defs": {"A": {"type": "object", "properties": {"pattern": {"type": "string"}},
                              "examples": [{"pattern": "(("}], "default": {"pattern": "(("}}}}
    schemas, out, package = project(tmp_path, {"a.json": schema})
    code, output = generate(schemas, out, package)
    assert code == 0, output


def test_check_refuses_the_same_way(tmp_path: Path) -> None:
    schemas, out, package = project(tmp_path, {"a.json": '{"$defs": {"A": {"default": 1e999}}}'})
    code, text = cli("check", "--schemas", str(schemas), "--out", str(out), "--package", package,
                     "--config", str(schemas.parent / "pyproject.toml"))
    _refused(code, text, "not-json")


def test_a_lone_surrogate_past_a_million_items_is_still_refused(tmp_path: Path) -> None:
    """The runtime checks' surrogate walk has no cap: it once stopped after 1,000,000 items and
    answered "none", so a value whose surrogate came last in its walk bypassed every check. A
    value holding itself is walked once: the walk ends (and the value is refused: test_hostile_checks.py)."""
    from pydantic import TypeAdapter, ValidationError

    from tests.support import import_generated

    schema = {"$defs": {"V": {"type": "object", "patternProperties": {"^z": {"type": "integer"}}}}}
    schemas, out, package = project(tmp_path, {"v.json": schema})
    code, text = generate(schemas, out, package)
    assert code == 0, text
    for target in ("", "_td"):
        adapter = TypeAdapter(import_generated(out, f"{package}{target}.v").V)
        many = ["\udc00"] + ["a"] * 1_000_001  # the walk takes items from the end: the surrogate last
        with pytest.raises(ValidationError, match="surrogate"):
            adapter.validate_python({"q": many})
        assert adapter.validate_python({"q": many[1:]}) == {"q": many[1:]}
        loop: list[object] = ["a"]
        loop.append(loop)
        with pytest.raises(ValidationError, match="not JSON data"):  # walked, ended, and refused: no check can read it
            adapter.validate_python({"q": loop, "z": 1})
        loop[0] = "\udc00"
        with pytest.raises(ValidationError, match="surrogate"):
            adapter.validate_python({"q": loop, "z": 1})
