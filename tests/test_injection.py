"""Code injection and escaping: every schema-derived string lands inert where it lands.

A hand-written hostile schema checks each landing place by value (the description, enum value,
const, default and key the generated code holds are exactly the schema's); a property-based
fuzz test (hypothesis) builds random hostile schemas and proves the generated Python compiles and
imports without side effects (a canary file the payloads would create never appears) and the
generated TypeScript compiles with tsc (all examples in one tsc run).
"""

from __future__ import annotations

import enum
import json
import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from schemagen.diagnostics import SchemaError
from schemagen.naming import type_name
from tests.support import generate_into, import_generated, run_tsc, tsc_available

IMPORTED_NAMES = [
    "Field", "BaseModel", "Annotated", "Literal", "datetime", "date", "time", "Enum", "IntEnum", "TypeAlias",
    "StrictInt", "StrictFloat", "StrictBool", "Any", "Never", "Union", "Optional", "TypedDict", "NotRequired",
    "ConfigDict", "TypeAdapter", "UUID", "EmailStr", "Final", "annotations", "with_config", "_sg", "str",
    "list", "dict", "None", "True", "class", "import", "ContractModel", "model_config", "Record", "string",
]


def payloads(canary: Path) -> list[str]:
    """Strings that would do something if they ever reached code unescaped."""
    c = str(canary)
    return [
        f"__import__('os').system('touch {c}')",
        f'"""; open("{c}", "w"); """',
        f"'''; open('{c}', 'w'); '''",
        f'\\"); open("{c}", "w"); ("',
        f"\n__import__('os').system('touch {c}')\n",
        f"*/ require('fs').writeFileSync('{c}', ''); /*",
        f'"; require("fs").writeFileSync("{c}", ""); "',
        f"`${{require('fs').writeFileSync('{c}', '')}}`",
        f"{{{{ cycler.__init__.__globals__.os.system('touch {c}') }}}}",
        f"{{% set x = cycler.__init__.__globals__.os.system('touch {c}') %}}",
    ]


FRAGMENTS = [
    '"""', "'''", '"', "'", "*/", "/*", "//", "#", "\\", "\\n", "\n", "\r\n", "\r", "\u2028", "\u2029", "\x00",
    "\x1b[31m", "\u202e", "\ufeff", "{{ x }}", "{% if %}", "{#", "${x}", "`", "<!--", "</script>", "ü", "日本",
    "🎉", " ", "", "\t", "0", "9lives", "__class__", "__init__", "\\u0041", "%s", "{0}",
]


def hostile_text(canary: Path) -> st.SearchStrategy[str]:
    piece = st.one_of(st.sampled_from(FRAGMENTS), st.sampled_from(payloads(canary)), st.text(max_size=4))
    return st.lists(piece, max_size=5).map("".join)


@st.composite
def hostile_schema(draw: st.DrawFn, canary: Path) -> dict[str, Any]:
    text = hostile_text(canary)
    key = st.one_of(text, st.sampled_from(IMPORTED_NAMES))
    prop = st.one_of(
        st.fixed_dictionaries({"type": st.just("string"), "description": text, "default": text}),
        st.fixed_dictionaries({"const": text}),
        st.fixed_dictionaries({"enum": st.lists(text, min_size=1, max_size=4, unique=True)}),
        st.fixed_dictionaries({"type": st.just("integer"), "description": text, "default": st.integers(-5, 5)}),
        st.fixed_dictionaries({"type": st.just("array"), "items": st.just({"type": "string"}),
                               "default": st.lists(text, max_size=2)}),
        st.fixed_dictionaries({"type": st.just("object"), "title": text,
                               "properties": st.dictionaries(key, st.just({"type": "string"}), max_size=3)}),
    )
    defs: dict[str, Any] = {}
    used: set[str] = set()
    for i in range(draw(st.integers(1, 3))):
        name = draw(key)
        if type_name(name) in used:
            name += f"X{i}"
        used.add(type_name(name))
        if draw(st.booleans()):
            defs[name] = {"type": "object", "description": draw(text),
                          "properties": draw(st.dictionaries(key, prop, max_size=5)),
                          "required": []}
        else:
            defs[name] = {"type": "string", "description": draw(text),
                          "enum": draw(st.lists(text, min_size=1, max_size=4, unique=True))}
    return {"description": draw(text), "$defs": defs}


def _import_all(out: Path, package: str, module: str) -> tuple[Any, Any]:
    return import_generated(out, f"{package}.{module}"), import_generated(out, f"{package}_td.{module}")


def _compile_all(out: Path) -> None:
    for path in (out / "python").rglob("*.py"):
        compile(path.read_text(encoding="utf-8"), str(path), "exec")


# ---------------------------------------------------------------- a hand-written hostile schema


def test_hostile_schema_lands_inert_and_exact(tmp_path: Path) -> None:
    canary = tmp_path / "CANARY"
    bad = payloads(canary)
    description = 'a """ b \'\'\' c */ d \\ e \u2028 f \x00 g {{ h }} {% i %} ' + bad[0]
    enum_values = ["a'b", 'c"d', "e\nf", "ü", '"""', "\\", "", bad[0], bad[5], "yes", "no"]
    schema = {
        "description": description,
        "$defs": {
            "Field": {
                "type": "object",
                "description": description,
                "properties": {
                    "": {"type": "string"},
                    "class": {"type": "string", "description": "*/ evil /* " + bad[1]},
                    "__class__": {"type": "integer"},
                    "__init__": {"type": "integer"},
                    "123abc": {"type": "string"},
                    "!!!": {"type": "string"},
                    "str": {"type": "string"},
                    "int": {"type": "integer", "default": 3},
                    "list": {"type": "array", "items": {"type": "string"}},
                    "datetime": {"type": "string", "format": "date-time"},
                    "model_config": {"type": "string"},
                    "héllo wörld": {"type": "string"},
                    "日本": {"type": "string"},
                    "choice": {"type": "string", "enum": enum_values, "default": "a'b"},
                    "pinned": {"const": "x\"\n'y" + bad[2]},
                    "text": {"type": "string", "default": bad[3]},
                },
            },
            "BaseModel": {"type": "string", "enum": enum_values},
            "Annotated": {"type": "object", "properties": {"f": {"$ref": "#/$defs/Field"}, "b": {"$ref": "#/$defs/BaseModel"}}},
            "Literal": {"type": "integer"},
            "datetime": {"type": "string", "format": "date-time"},
            "Enum": {"enum": [1, 2]},
            "TypeAlias": {"type": "string"},
            "StrictInt": {"type": "object", "properties": {"a": {"$ref": "#/$defs/Literal"}, "t": {"$ref": "#/$defs/datetime"}}},
            "Never": {"type": "string"},
            "Any": {"type": "integer"},
        },
    }
    result, out, package = generate_into(tmp_path, {"evil.json": schema})
    _compile_all(out)
    models, typed = _import_all(out, package, "evil")
    assert not canary.exists()

    # every landing place holds exactly the schema's string
    assert models.__doc__ == description
    assert models.Field_.__doc__ == description
    field_model = models.Field_
    by_key = {(info.alias if info.alias is not None else name): (name, info) for name, info in field_model.model_fields.items()}
    assert set(by_key) == set(schema["$defs"]["Field"]["properties"])
    assert by_key["class"][1].description == "*/ evil /* " + bad[1]
    assert by_key["text"][1].default == bad[3]
    assert [m.value for m in models.BaseModel_] == enum_values
    payload = {"": "e", "str": "s", "int": 4, "list": ["x"], "choice": "e\nf", "pinned": "x\"\n'y" + bad[2],
               "héllo wörld": "h", "日本": "n", "!!!": "p", "123abc": "d", "__class__": 1, "model_config": "m"}
    parsed = field_model.model_validate(payload)
    dumped = parsed.model_dump(mode="json", exclude_unset=True)
    assert dumped == payload
    # names the module imports are not shadowed: the module's own helpers still work
    assert issubclass(models.StrictInt_, models._sg.ContractModel)
    # the TypedDict flavour accepts the same document
    from pydantic import TypeAdapter

    assert TypeAdapter(typed.Field_).validate_python(payload) == payload
    assert not canary.exists()
    if tsc_available():
        proc = run_tsc(out / "typescript")
        assert proc.returncode == 0, proc.stdout + proc.stderr


def test_injection_in_overrides_is_refused(tmp_path: Path) -> None:
    canary = tmp_path / "CANARY"
    attempts = [
        {"x-python-type": f"__import__('os').system('touch {canary}')"},
        {"x-python-type": f"list['__import__(\"os\").system(\"touch {canary}\")']"},
        {"x-python-type": "int\nimport os"},
        {"x-python-type": "int  # comment eats the rest"},
        {"x-python-type": "(lambda: 1)()"},
        {"x-python-type": "int", "x-python-import": "os; import sys"},
        {"x-typescript-type": "string; export const x = 1"},
        {"x-typescript-type": "string /* */"},
        {"x-typescript-type": "`${x}`"},
        {"x-typescript-type": "string", "x-typescript-import": "X from './a'; console.log(1)"},
    ]
    schema = {"$defs": {"A": {"type": "object", "properties": {f"p{i}": a for i, a in enumerate(attempts)}}}}
    with pytest.raises(SchemaError) as caught:
        generate_into(tmp_path, {"o.json": schema})
    errors = [d for d in caught.value.diagnostics if d.code == "override"]
    assert {d.location.pointer.split("/")[4] for d in errors} == {f"p{i}" for i in range(len(attempts))}
    assert all(d.location.line > 0 and d.hint for d in errors)
    assert not (tmp_path / "out").exists() and not canary.exists()


def test_plain_overrides_still_work(tmp_path: Path) -> None:
    schema = {"$defs": {"A": {"type": "object", "properties": {
        "amount": {"type": "string", "x-python-type": "decimal.Decimal", "x-python-import": "decimal",
                   "x-typescript-type": "string"},
        "tags": {"x-python-type": "list[str] | None", "x-typescript-type": "Array<string> | null"},
    }}}}
    _, out, package = generate_into(tmp_path, {"o.json": schema})
    models, _ = _import_all(out, package, "o")
    import decimal

    assert models.A.model_validate({"amount": "1.5"}).amount == decimal.Decimal("1.5")


# ---------------------------------------------------------------- the fuzz test


def test_fuzzed_hostile_schemas_compile_import_and_typecheck(tmp_path: Path) -> None:
    canary = tmp_path / "CANARY"
    outputs: list[Path] = []
    attempts: list[dict[str, Any]] = []
    cwd = os.getcwd()
    os.chdir(tmp_path)  # a relative payload would land here
    try:
        @settings(max_examples=40, deadline=None, database=None, derandomize=False,
                  suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
        @given(schema=hostile_schema(canary))
        def check(schema: dict[str, Any]) -> None:
            attempts.append(schema)
            root = tmp_path / f"ex{len(attempts)}"
            root.mkdir()
            (root / "schema.json").write_text(json.dumps(schema, indent=1), encoding="utf-8")
            try:
                result, out, package = generate_into(root, {"m.json": schema})
            except SchemaError as exc:  # only an honest, located refusal is acceptable
                assert all(d.location is not None and d.location.line > 0 for d in exc.diagnostics), exc
                assert {d.code for d in exc.diagnostics} <= {"duplicate-name"}, exc
                return
            _compile_all(out)
            models, typed = _import_all(out, package, "m")
            assert not canary.exists(), "a payload ran"
            enums = sorted((tuple(m.value for m in v) for v in vars(models).values()
                            if isinstance(v, type) and issubclass(v, enum.Enum) and v.__module__ == models.__name__))
            wanted = sorted(tuple(d["enum"]) for d in schema["$defs"].values() if "enum" in d)
            assert enums == wanted  # every enum keeps its values exactly
            outputs.append(out)

        check()
    finally:
        os.chdir(cwd)
    assert not canary.exists() and not (tmp_path / "CANARY").exists()
    assert len(outputs) >= 20, f"only {len(outputs)} examples generated"
    if tsc_available():
        proc = run_tsc(tmp_path, [f"{o.relative_to(tmp_path).as_posix()}/typescript/**/*.ts" for o in outputs])
        assert proc.returncode == 0, (proc.stdout + proc.stderr)[:4000]


# ---------------------------------------------------------------- names and every x- extension


def test_fuzzed_names_and_extensions_are_refused_or_inert(tmp_path: Path) -> None:
    """The hostile drawer of `make fuzz` (file and folder names, every `x-` extension, payload
    strings), 30 draws: each is a located refusal or output that imports, compiles and loads."""
    import random

    from tests.fuzz import Draw
    from tests.hostile_support import emit_and_load_js, generate as cli_generate, import_all, project

    canary = tmp_path / "CANARY"
    rng = random.Random(12)
    draw = Draw(rng, canary)
    produced: list[Path] = []
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        for i in range(30):
            files = {f"d{i}{draw.name()}/f{draw.name()}.json".replace("\x00", ""): draw.schema()}
            try:
                schemas, out, package = project(tmp_path / f"e{i}", files)
            except OSError:
                continue
            code, text = cli_generate(schemas, out, package)
            assert code in (0, 2), text
            assert "Traceback" not in text and "internal error" not in text, text
            if code == 0:
                proc = import_all(out)
                assert proc.returncode == 0, proc.stderr[-2000:]
                produced.append(out)
    finally:
        os.chdir(cwd)
    assert not canary.exists()
    assert len(produced) >= 3, f"only {len(produced)} of 30 generated"
    if tsc_available():
        for out in produced[:4]:
            proc = emit_and_load_js(out)
            assert proc.returncode == 0, (proc.stdout + proc.stderr)[-2000:]
    assert not canary.exists()
