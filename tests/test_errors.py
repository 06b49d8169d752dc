"""The error catalogue, through the real CLI: every broken input ends in one located message with
a hint, a distinct exit code (2 input, 1 drift, 3 internal, 4 busy) and an output folder that is
byte-for-byte what it was before the run.

Each case starts from a project whose output folder already holds a good generation plus a file
of the user's own, then breaks the input and runs `schemagen generate`.
"""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest
from typer.testing import CliRunner

from schemagen.cli.app import app
from schemagen.diagnostics import EXIT_DRIFT, EXIT_INPUT
from tests.support import import_generated, unique_package

GOOD = """\
$defs:
  Item:
    type: object
    required: [id]
    properties:
      id: {type: integer}
"""


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args))
    assert not isinstance(result.exception, Exception) or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout + result.stderr


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture()
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project with a good generation in out/ and a user's file beside it."""
    package = unique_package("errs")
    (tmp_path / "schemas").mkdir()
    (tmp_path / "schemas" / "shop.yaml").write_text(GOOD, encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text(
        f'[tool.schemagen]\nschemas = "schemas"\nout = "out"\npython_package = "{package}"\n', encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path)
    code, text = run("generate")
    assert code == 0, text
    (tmp_path / "out" / "NOTES.md").write_text("mine\n", encoding="utf-8")
    return tmp_path


def broken(project: Path, files: dict[str, str], *args: str) -> tuple[int, str]:
    """Write (or overwrite) schema files, run generate, prove nothing in out/ changed."""
    for rel, text in files.items():
        path = project / "schemas" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    before = snapshot(project / "out")
    code, text = run("generate", *args)
    assert snapshot(project / "out") == before, "the output folder changed on a failed run"
    assert "Traceback" not in text
    return code, text


def located(text: str, file: str) -> tuple[int, int]:
    """The (line, col) of the first `file:line:col:` in the text; fails if there is none."""
    match = re.search(re.escape(file) + r":(\d+):(\d+): error\[", text)
    assert match, f"no {file}:line:col in:\n{text}"
    return int(match.group(1)), int(match.group(2))


def assert_input_error(code: int, text: str, diag_code: str) -> None:
    assert code == EXIT_INPUT, text
    assert f"error[{diag_code}]" in text, text
    assert "\n  hint: " in text, text
    assert "nothing was written" in text


# ---------------------------------------------------------------- syntax


def test_malformed_yaml_is_located(project: Path) -> None:
    code, text = broken(project, {"shop.yaml": "$defs:\n  Item:\n    type: [object\n    properties: {}\n"})
    assert_input_error(code, text, "yaml-syntax")
    assert located(text, "schemas/shop.yaml")[0] >= 3


def test_malformed_json_is_located(project: Path) -> None:
    code, text = broken(project, {"bad.json": '{\n  "$defs": {\n    "A": {"type": "string",}\n  }\n}\n'})
    assert_input_error(code, text, "json-syntax")
    assert located(text, "schemas/bad.json") == (3, 28)  # the `}` after the comma


def test_duplicate_key_yaml(project: Path) -> None:
    code, text = broken(project, {"shop.yaml": "$defs:\n  A: {type: string}\n  A: {type: integer}\n"})
    assert_input_error(code, text, "duplicate-key")
    assert located(text, "schemas/shop.yaml") == (3, 3)


def test_duplicate_key_json(project: Path) -> None:
    code, text = broken(project, {"dup.json": '{"$defs": {\n  "A": {"type": "string"},\n  "A": {"type": "integer"}\n}}\n'})
    assert_input_error(code, text, "duplicate-key")
    assert "'A'" in text
    assert located(text, "schemas/dup.json") == (3, 3)


def test_yaml_11_traps_generate_strings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    package = unique_package("traps")
    (tmp_path / "schemas").mkdir()
    (tmp_path / "schemas" / "traps.yaml").write_text(textwrap.dedent("""\
        $defs:
          Flags:
            type: object
            properties:
              on: {type: string}
              answer: {enum: [yes, no, off]}
              mode: {const: 0755}
          Answer: {enum: [yes, no]}
        """), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code, text = run("generate", "--schemas", "schemas", "--out", "out", "--package", package)
    assert code == 0, text
    module = import_generated(tmp_path / "out", f"{package}.traps")
    assert [m.value for m in module.Answer] == ["yes", "no"]
    flags = module.Flags.model_validate({"on": "x", "answer": "off", "mode": 755})
    assert flags.model_dump() == {"on": "x", "answer": "off", "mode": 755}
    assert "on" in module.Flags.model_fields
    ts = (tmp_path / "out" / "typescript" / "traps.ts").read_text(encoding="utf-8")
    assert 'on?: string;' in ts and '"yes" | "no" | "off"' in ts and "mode?: 755;" in ts


# ---------------------------------------------------------------- schema meaning


def test_meta_schema_violation_has_pointer_and_line(project: Path) -> None:
    code, text = broken(project, {"shop.yaml": """\
        $defs:
          Item:
            type: object
            properties:
              id: {type: integr}
        """})
    assert_input_error(code, text, "meta-schema")
    assert "(at /$defs/Item/properties/id/type)" in text
    assert located(text, "schemas/shop.yaml")[0] == 5


def test_unresolvable_ref_names_file_and_pointer(project: Path) -> None:
    code, text = broken(project, {"shop.yaml": """\
        $defs:
          Item:
            type: object
            properties:
              price: {$ref: "#/$defs/Money"}
        """})
    assert_input_error(code, text, "ref-unresolved")
    assert "'#/$defs/Money'" in text and "/$defs/Money" in text and "shop.yaml" in text
    assert located(text, "schemas/shop.yaml")[0] == 5


@pytest.mark.parametrize("into", ["5", "[5]", "null", "true", "{k: 5}"])
def test_a_ref_pointer_through_a_scalar_is_located(project: Path, into: str) -> None:
    """A pointer that steps into a number, null, a boolean (or past a list's end) was a TypeError
    traceback from the resolver (datamodel-code-generator's json_pointer_through_scalar input)."""
    code, text = broken(project, {"shop.yaml": f"""\
        x-ext:
          v: {into}
        type: object
        properties:
          a: {{$ref: "#/x-ext/v/0/j"}}
        """})
    assert_input_error(code, text, "ref-unresolved")
    assert located(text, "schemas/shop.yaml")[0] == 5


def test_a_slash_pointer_into_a_document_with_an_empty_key_is_ambiguous(project: Path) -> None:
    """`b.yaml#/` is the member "" by RFC 6901 and the whole document by datamodel-code-generator's
    reading; where b.yaml has that member the two differ, so it is refused (without one it is the root)."""
    code, text = broken(project, {"a.yaml": """\
        type: object
        properties:
          b: {$ref: "b.yaml#/"}
        """, "b.yaml": """\
        type: object
        properties:
          x: {type: string}
        "": {type: integer}
        """})
    assert_input_error(code, text, "ref-root-ambiguous")
    assert located(text, "schemas/a.yaml")[0] == 3


def test_ref_to_a_missing_file(project: Path) -> None:
    code, text = broken(project, {"shop.yaml": """\
        $defs:
          Item:
            type: object
            properties:
              price: {$ref: "common/money.yaml#/$defs/Money"}
        """})
    assert_input_error(code, text, "ref-unresolved")
    assert "no schema file 'common/money.yaml'" in text


def test_ref_leaving_the_schemas_root_is_refused(project: Path) -> None:
    (project / "secret.yaml").write_text("$defs:\n  S: {type: string}\n", encoding="utf-8")
    code, text = broken(project, {"shop.yaml": """\
        $defs:
          Item:
            type: object
            properties:
              s: {$ref: "../secret.yaml#/$defs/S"}
        """})
    assert_input_error(code, text, "ref-outside-root")
    assert located(text, "schemas/shop.yaml")[0] == 5


def test_remote_ref_is_refused(project: Path) -> None:
    code, text = broken(project, {"shop.yaml": """\
        $defs:
          Item:
            type: object
            properties:
              m: {$ref: "https://example.com/schemas/money.json#/$defs/Money"}
        """})
    assert_input_error(code, text, "ref-remote")
    assert "remote_roots" in text


def test_remote_ref_mapped_to_a_local_folder_is_allowed(project: Path) -> None:
    (project / "vendor").mkdir()
    (project / "vendor" / "money.json").write_text('{"$defs": {"Money": {"type": "string"}}}', encoding="utf-8")
    pyproject = project / "pyproject.toml"
    pyproject.write_text(pyproject.read_text() + '\n[tool.schemagen.remote_roots]\n"https://example.com/schemas/" = "vendor"\n')
    (project / "schemas" / "shop.yaml").write_text(textwrap.dedent("""\
        $defs:
          Item:
            type: object
            properties:
              m: {$ref: "https://example.com/schemas/money.json#/$defs/Money"}
        """), encoding="utf-8")
    code, text = run("generate")
    assert code == 0, text


def test_ref_cycle_with_no_object_is_an_error(project: Path) -> None:
    code, text = broken(project, {"shop.yaml": """\
        $defs:
          A: {$ref: "#/$defs/B"}
          B: {$ref: "#/$defs/A"}
          C:
            oneOf:
              - {$ref: "#/$defs/C"}
              - {type: string}
        """})
    assert_input_error(code, text, "ref-cycle")
    assert "A -> B -> A" in text and "C -> C" in text
    assert located(text, "schemas/shop.yaml") == (2, 3)


def test_ref_cycle_through_an_objects_own_union_is_an_error(project: Path) -> None:
    """An object's anyOf applies to the object itself: naming it (directly or through an alias)
    checks the same value again without end (TS2456 in TypeScript, a runaway check in Python)."""
    code, text = broken(project, {"shop.yaml": """\
        $defs:
          J:
            type: object
            properties: {a: {type: string}}
            anyOf:
              - {$ref: "#/$defs/J"}
              - {required: [a]}
          K:
            type: object
            properties: {k: {$ref: "#/$defs/KOrNull"}}
            oneOf:
              - {$ref: "#/$defs/KOrNull"}
              - {required: [k]}
          KOrNull:
            anyOf: [{$ref: "#/$defs/K"}, {type: "null"}]
          Fine:
            type: object
            properties: {f: {$ref: "#/$defs/Fine"}}
            anyOf: [{required: [f]}, {$ref: "#/$defs/Other"}]
          Other:
            type: object
            properties: {back: {$ref: "#/$defs/Fine"}}
        """})
    assert_input_error(code, text, "ref-cycle")
    assert "J -> J" in text and "K -> KOrNull -> K" in text and "Fine" not in text
    assert located(text, "schemas/shop.yaml") == (2, 3)


def test_recursion_through_an_object_or_array_is_fine(project: Path) -> None:
    (project / "schemas" / "tree.yaml").write_text(textwrap.dedent("""\
        $defs:
          Node:
            type: object
            properties:
              children: {type: array, items: {$ref: "#/$defs/Node"}}
          Json:
            anyOf:
              - {type: string}
              - {type: array, items: {$ref: "#/$defs/Json"}}
        """), encoding="utf-8")
    code, text = run("generate")
    assert code == 0, text


def test_one_name_in_two_files_of_a_package_is_valid(project: Path) -> None:
    (project / "schemas" / "other.yaml").write_text("$defs:\n  Item: {type: string}\n", encoding="utf-8")
    code, text = run("generate")
    assert code == 0, text
    assert "Item" not in (project / "out" / "typescript" / "index.ts").read_text(encoding="utf-8")


def test_override_injection_is_refused_with_a_location(project: Path) -> None:
    code, text = broken(project, {"shop.yaml": """\
        $defs:
          Item:
            type: object
            properties:
              a: {x-python-type: "__import__('os').system('true')"}
              b: {x-typescript-type: "string; declare const x: number"}
              c: {x-python-type: "int", x-python-import: "os; import sys"}
        """})
    assert_input_error(code, text, "override")
    assert located(text, "schemas/shop.yaml")[0] == 5
    assert "schemas/shop.yaml:6:" in text and "schemas/shop.yaml:7:" in text


def test_override_naming_what_the_module_cannot_resolve(project: Path) -> None:
    code, text = broken(project, {"shop.yaml": """\
        $defs:
          Item:
            type: object
            properties:
              ok: {x-python-type: "Callable[..., Any] | list['Item']", x-python-import: [collections.abc.Callable, typing.Any]}
              hook: {x-python-type: "Callable[..., Any]", x-python-import: typing.Any}
              newer: {x-python-type: "PythonFinalizationError"}
        """})
    assert_input_error(code, text, "override-name")
    assert located(text, "schemas/shop.yaml")[0] == 6
    assert "names Callable," in text and "schemas/shop.yaml:7:" in text and "PythonFinalizationError" in text
    assert "shop.yaml:5:" not in text


@pytest.mark.parametrize("expr", ["ClassVar[str]", "list[ClassVar[int]] | None", "Item['x']"])
def test_python_override_subscripting_a_type_this_file_generates(project: Path, expr: str) -> None:
    """A model named like a typing generic (`ClassVar`, datamodel-code-generator's
    same_name_reference_fields input): the override's `ClassVar[str]` reaches the model, which is
    no generic, and the module failed at import with TypeError."""
    code, text = broken(project, {"shop.yaml": f"""\
        $defs:
          ClassVar:
            type: object
            properties:
              n: {{type: integer}}
          Item:
            type: object
            properties:
              ok: {{x-python-type: "ClassVar | list[Item]"}}
              bad: {{x-python-type: {expr!r}}}
        """})
    assert_input_error(code, text, "override-name")
    assert located(text, "schemas/shop.yaml")[0] == 10
    assert "which takes none" in text and "shop.yaml:9:" not in text


@pytest.mark.parametrize("expr, said", [
    ("Record", "Record with 0 type arguments (it takes 2)"),  # TS2314, found by make fuzz
    ("Array | string", "Array with 0 type arguments (it takes 1)"),
    ("Map<string>", "Map with 1 type argument (it takes 2)"),
    ("string<number>", "string with 1 type argument (it takes 0)"),  # TS2315
    ("A", "A"),  # TS2304, found by make fuzz
    ("Array<Missing.Inner>", "Missing"),
    ("(cb: Undeclared) => void", "Undeclared"),
    ("typeof handler", "typeof handler (a value nothing imports)"),
    ("Item<string>", "Item<...> (a generated type takes no type arguments)"),
])
def test_typescript_override_that_will_not_compile(project: Path, expr: str, said: str) -> None:
    code, text = broken(project, {"shop.yaml": f"""\
        $defs:
          Item:
            type: object
            properties:
              ok: {{x-typescript-type: "Record<string, Array<Item>> | Duration | typeof clock", x-typescript-import: ["Duration from time-types", "clock from time-types"]}}
              bad: {{x-typescript-type: {expr!r}}}
        """})
    assert_input_error(code, text, "override-name")
    assert located(text, "schemas/shop.yaml")[0] == 6
    assert said in text and "shop.yaml:5:" not in text


# ---------------------------------------------------------------- config and usage


def test_invalid_config_value_names_the_key_and_line(project: Path) -> None:
    pyproject = project / "pyproject.toml"
    pyproject.write_text(pyproject.read_text() + 'field_naming = "kebab"\n', encoding="utf-8")
    code, text = broken(project, {})
    assert_input_error(code, text, "config")
    assert "field_naming" in text and "'kebab'" in text
    assert located(text, "pyproject.toml") == (5, 1)


def test_invalid_toml(project: Path) -> None:
    pyproject = project / "pyproject.toml"
    pyproject.write_text(pyproject.read_text() + "targets = [\n", encoding="utf-8")
    code, text = broken(project, {})
    assert code == EXIT_INPUT and "error[config]" in text and "not valid TOML" in text


def test_unknown_target(project: Path) -> None:
    code, text = broken(project, {}, "--target", "rust")
    assert_input_error(code, text, "usage")
    assert "--target" in text and "'rust'" in text and "pydantic, typeddict, typescript" in text


def test_missing_schemas_folder(project: Path) -> None:
    code, text = broken(project, {}, "--schemas", "nowhere")
    assert_input_error(code, text, "no-schemas")


# ---------------------------------------------------------------- exit codes are distinct


def test_drift_is_exit_1_and_input_error_is_exit_2(project: Path) -> None:
    (project / "schemas" / "shop.yaml").write_text(GOOD.replace("id: {type: integer}", "id: {type: string}"))
    code, text = run("check")
    assert code == EXIT_DRIFT, text
    (project / "schemas" / "shop.yaml").write_text("$defs: [\n")
    code, text = run("check")
    assert code == EXIT_INPUT, text


def test_internal_error_is_exit_3_with_a_report_hint(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import schemagen.output.emit

    def explode(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(schemagen.output.emit, "emit_roots", explode)
    monkeypatch.setenv("SCHEMAGEN_NO_CACHE", "1")  # the fixture's own run would answer from the cache
    before = snapshot(project / "out")
    code, text = run("generate")
    assert code == 3
    assert "internal error" in text and "please report it" in text
    assert snapshot(project / "out") == before


# ---------------------------------------------------------------- limits (correctness only; sizes and
# timings are measured by `python -m tests.bench`, see docs/limits.md)


def _deep(levels: int) -> dict[str, object]:
    node: dict[str, object] = {"type": "string"}
    for i in range(levels):
        node = {"type": "object", "properties": {f"level{i}": node}}
    return {"$defs": {"Deep": node}}


def test_deep_nesting_200_levels_has_no_recursion_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import json
    import subprocess
    import sys

    (tmp_path / "schemas").mkdir()
    (tmp_path / "schemas" / "deep.json").write_text(json.dumps(_deep(200)), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    package = unique_package("deep")
    code, text = run("generate", "--schemas", "schemas", "--out", "out", "--package", package)
    assert code == 0, text[-2000:]
    assert "200 types" in text
    # pydantic itself recurses ~20 frames per nesting level while building the model, so the
    # consumer needs a raised recursion limit for a 200-level model (documented in docs/limits.md)
    probe = (f"import sys; sys.setrecursionlimit(20000); sys.path.insert(0, 'out/python'); import {package}.deep as m; "
             f"import {package}_td.deep; print(m.Deep.model_validate({{'level199': {{'level198': {{}}}}}}).level199 is not None)")
    proc = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=tmp_path)
    assert proc.stdout.strip() == "True", proc.stderr[-2000:]


def test_wide_object_and_many_definitions_and_long_strings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import json

    description = ('line """ */ \\ ' * 80_000)[:1_000_000]  # 1 MB of hostile text
    wide = {"type": "object", "properties": {f"p{i}": {"type": "string"} for i in range(500)}}
    # each type refers to one defined before it (a tree of depth ~10, as real schemas are; a single
    # 1,000-long chain of models exceeds pydantic's own recursion at import, see docs/limits.md)
    many = {f"T{i}": {"type": "object", "properties": {"parent": {"$ref": f"#/$defs/T{i // 2}"}, "n": {"type": "integer"}}}
            for i in range(1, 1000)}
    many["T0"] = {"type": "object", "description": description, "properties": {"n": {"type": "integer"}}}
    (tmp_path / "schemas").mkdir()
    (tmp_path / "schemas" / "big.json").write_text(json.dumps({"$defs": {"Wide": wide, **many}}), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    package = unique_package("big")
    code, text = run("generate", "--schemas", "schemas", "--out", "out", "--package", package)
    assert code == 0, text[-2000:]
    assert "1001 types" in text
    module = import_generated(tmp_path / "out", f"{package}.big")
    assert len(module.Wide.model_fields) == 500
    assert module.T999.model_validate({"parent": {"parent": {"n": 1}}}).parent is not None
    assert module.T0.__doc__ == description.rstrip()
