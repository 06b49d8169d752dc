"""Every extension value that becomes a name, a type, an import or a constant in generated code
is validated for what it is (issue 12). Each test attacks the class through the real CLI: a
value is either refused with a located error (exit 2, nothing written) or lands as exactly what
it says, and no payload ever runs (a canary file would appear)."""

from __future__ import annotations

import keyword
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from schemagen.lower.extensions import FACTORY_RESULTS, enum_name_problems
from schemagen.lower.overrides import python_import_problem, DEFAULT_PYTHON_IMPORTS
from schemagen.lower.ts_types import JS_RESERVED, TsTypeError, canonical_ts_type
from tests.hostile_support import (
    emit_and_load_js, generate, generate_import_and_type_check, import_all, nothing_written, project, snapshot,
    tsc_available,
)

SMUGGLERS = ["\n", "\r", "\u2028", "\u2029", "\x85", "\x0c", ";", "=", "#", "//", "/*", "*/", "`", "${", "'", '"', "\\",
             "(", ")", "{", "}", " ", "\t", "\ufe1d", "\u2065", "\u200b", "\ufeff", "ａ", "𝔞"]


def _canary_payload(canary: Path) -> list[str]:
    return [f"A = 1\n    __import__('os').system('touch {canary}')\n    B",
            f"A; __import__('os').system('touch {canary}')",
            f"A = __import__('os').system('touch {canary}')",
            "A\u2028B", "A\rB"]


def _one_enum(names: list[object]) -> dict[str, object]:
    return {"$defs": {"E": {"type": "string", "enum": [f"v{i}" for i in range(len(names))], "x-enum-names": names}}}


@pytest.mark.parametrize("bad", ["X X", "1A", "A-B", "A.B", *sorted(keyword.kwlist), *sorted(keyword.softkwlist),
                                 "_A", "__A", "_ignore_", "name", "value", "mro", "A\ufe1d", "A\u2065"])
def test_enum_names_that_are_not_member_names_are_refused(tmp_path: Path, bad: str) -> None:
    schemas, out, package = project(tmp_path, {"a.json": _one_enum(["OK", bad])})
    code, text = generate(schemas, out, package)
    assert code == 2, text
    assert "error[enum-names]" in text and "/x-enum-names/1" in text and nothing_written(out)


def test_enum_name_payloads_never_run_and_duplicates_are_refused(tmp_path: Path) -> None:
    canary = tmp_path / "CANARY"
    for i, payload in enumerate([*_canary_payload(canary), *("A" + s + "B" for s in SMUGGLERS)]):
        schemas, out, package = project(tmp_path / f"p{i}", {"a.json": _one_enum([payload, "OTHER"])})
        code, text = generate(schemas, out, package)
        assert code == 2 and "error[enum-names]" in text, (payload, text)
    schemas, out, package = project(tmp_path / "dup", {"a.json": _one_enum(["X", "X"])})
    code, text = generate(schemas, out, package)
    assert code == 2 and "must be unique" in text and "/x-enum-names/1" in text
    schemas, out, package = project(tmp_path / "nfkc", {"a.json": _one_enum(["X", "Ｘ"])})
    assert generate(schemas, out, package)[0] == 2
    assert not canary.exists()


@settings(max_examples=60, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(st.sampled_from(list("AZaz_09") + SMUGGLERS), max_size=6).map("".join), min_size=1, max_size=4))
def test_enum_name_checker_accepts_only_real_member_names(names: list[str]) -> None:
    """What the checker accepts compiles as an Enum class body with exactly those members."""
    bad = {i for i, _, _ in enum_name_problems(tuple(names))}
    good = [n for i, n in enumerate(names) if i not in bad]
    body = "import enum\nclass E(str, enum.Enum):\n" + "".join(f"    {n} = {str(i)!r}\n" for i, n in enumerate(good)) + "    pass\n"
    namespace: dict[str, object] = {}
    exec(compile(body, "<enum>", "exec"), namespace)  # only accepted names reach this
    assert [m.name for m in namespace["E"]] == good  # type: ignore[attr-defined]


# ---------------------------------------------------------------- x-typescript-type

TS_VOCAB = ["string", "number", "A", "B", "x", "void", "null", "Array", "Record", "keyof", "typeof", "readonly", "class",
            "new", "import", "|", "&", "<", ">", "[", "]", "(", ")", ",", ".", "?", ":", "=>", "=", ";", "{", "}", "...",
            "//", "/*", "*/", "`", "${", "'a'", '"b"', "1", "-", "\n", "\u2028", " ", "require('fs')"]


@settings(max_examples=300, deadline=None, database=None)
@given(st.lists(st.sampled_from(TS_VOCAB), min_size=1, max_size=12).map(" ".join))
def test_typescript_overrides_parse_or_are_refused(text: str) -> None:
    """Whatever is accepted prints to a canonical form that is stable, single-line, has none of
    the characters that could end a declaration, and keeps function types parenthesised."""
    try:
        canonical = canonical_ts_type(text)
    except TsTypeError:
        return
    assert canonical_ts_type(canonical) == canonical
    assert not any(ch in canonical for ch in "=;{}`\n\r\u2028\u2029/*") or "=>" in canonical and "=" not in canonical.replace("=>", "")
    assert "//" not in canonical and "/*" not in canonical and ";" not in canonical
    if "=>" in canonical:
        assert canonical.startswith("(")


@pytest.mark.parametrize("bad", ["string = number", "string; export const x = 1", "string /* */", "string // c", "`${x}`",
                                 "{ a: string }", "string\nnumber", "string\u2028", "class", "new () => X", "A | ",
                                 "typeof import('fs')", "Array<string>>", "x => y", "(a) => void",
                                 # TS1354 (make fuzz found the first): readonly only before an array or tuple type
                                 "readonly A", "readonly keyof A", "readonly readonly string[]", "A | readonly Record<string, A>"])
def test_typescript_overrides_outside_the_grammar_are_refused(tmp_path: Path, bad: str) -> None:
    schema = {"$defs": {"A": {"type": "object", "properties": {"f": {"type": "string", "x-typescript-type": bad}}}}}
    schemas, out, package = project(tmp_path, {"a.json": schema})
    code, text = generate(schemas, out, package)
    assert code == 2 and "error[override]" in text and "/x-typescript-type" in text, text
    assert nothing_written(out)


@pytest.mark.skipif(not tsc_available(), reason="tsc not installed")
def test_function_type_overrides_keep_their_meaning_in_unions(tmp_path: Path) -> None:
    props = {
        "f": {"type": ["string", "null"], "x-typescript-type": "() => void"},
        "g": {"x-typescript-type": "A | () => void"},
        "h": {"type": "array", "items": {"x-typescript-type": "(x: number) => string"}},
        "t": {"x-typescript-type": "[string, number?] | keyof Date | readonly string[]"},
    }
    schemas, out, package = project(tmp_path, {"a.json": {"$defs": {"A": {"type": "object", "properties": props}}}})
    code, text = generate(schemas, out, package)
    assert code == 0, text
    ts = (out / "typescript" / "a.ts").read_text(encoding="utf-8")
    assert "f?: (() => void) | null;" in ts or "f?: (() => void);" in ts, ts
    assert "g?: A | (() => void);" in ts, ts
    assert "h?: ((x: number) => string)[];" in ts, ts  # the function type in parentheses once, then []
    proc = emit_and_load_js(out)
    assert proc.returncode == 0, proc.stdout + proc.stderr


_TS_OVERRIDES_THAT_RESOLVE = [
    "Record<string, number>", "Array<A> | ReadonlyArray<string>", "Map<string, Set<number>>", "Promise<void>",
    "Partial<A> & Readonly<A>", "Iterable<string>", "Duration | Array<Duration>", "typeof clock",
    "Omit<A, \"f0\">", "Uint8Array | Date | RegExp", "(d: Duration) => Record<string, unknown>",
    "readonly string[]", "readonly (A | null)[] | null", "readonly (string[])", "readonly string[][]",
]


@pytest.mark.skipif(not tsc_available(), reason="tsc not installed")
def test_typescript_overrides_the_name_check_accepts_compile(tmp_path: Path) -> None:
    """The other half of error[override-name] for x-typescript-type (test_errors.py): whatever the
    check lets through compiles under tsc --strict, imports, globals and this file's types alike."""
    props = {f"f{i}": {"x-typescript-type": expr, "x-typescript-import": ["Duration from time-types", "clock from time-types"]}
             for i, expr in enumerate(_TS_OVERRIDES_THAT_RESOLVE)}
    schemas, out, package = project(tmp_path, {"a.json": {"$defs": {"A": {"type": "object", "properties": props}}}})
    code, text = generate(schemas, out, package)
    assert code == 0, text
    stub = tmp_path / "node_modules" / "time-types" / "index.d.ts"  # the user's own types: a package
    stub.parent.mkdir(parents=True)
    stub.write_text("export type Duration = { seconds: number };\nexport declare const clock: { now(): number };\n",
                    encoding="utf-8")
    proc = emit_and_load_js(out)
    assert proc.returncode == 0, proc.stdout + proc.stderr


# ---------------------------------------------------------------- imports


@pytest.mark.parametrize("spec", ["datetime.class", "datetime.nosuchname", "nosuchmodule_in_stdlib", "typing.Nope",
                                  "os.system", "subprocess", "datetime.timedelta; import os", "datetime..x", "builtins.eval"])
def test_python_imports_that_are_not_real_allowed_names_are_refused(tmp_path: Path, spec: str) -> None:
    assert python_import_problem(spec, DEFAULT_PYTHON_IMPORTS) is not None
    schema = {"$defs": {"A": {"type": "object", "properties": {
        "f": {"x-python-type": spec.rpartition(".")[2] if spec.rpartition(".")[2].isidentifier() and not keyword.iskeyword(spec.rpartition(".")[2]) else "int",
              "x-python-import": spec}}}}}
    schemas, out, package = project(tmp_path, {"a.json": schema})
    code, text = generate(schemas, out, package)
    assert code == 2 and "/x-python-import" in text, text


def test_real_python_imports_are_accepted() -> None:
    for spec in ("datetime.timedelta", "decimal", "decimal.Decimal", "typing.Any", "pydantic.AnyUrl", "collections.abc.Callable"):
        assert python_import_problem(spec, DEFAULT_PYTHON_IMPORTS) is None, spec


@pytest.mark.parametrize("spec", [*(f"{w} from ./a.js" for w in sorted(JS_RESERVED)[:8]), "X from './a'; console.log(1)",
                                  "X from ./a.js\nconsole.log(1)", "X-Y from ./a.js", "X from `a`"])
def test_typescript_imports_of_reserved_or_odd_names_are_refused(tmp_path: Path, spec: str) -> None:
    schema = {"$defs": {"A": {"type": "object", "properties": {"f": {"x-typescript-type": "X", "x-typescript-import": spec}}}}}
    schemas, out, package = project(tmp_path, {"a.json": schema})
    code, text = generate(schemas, out, package)
    assert code == 2 and "/x-typescript-import" in text, text


@pytest.mark.parametrize(("spec", "module"), [
    ("P from ../../../../etc/passwd", "a"), ("P from ../a.js", "a"), ("P from ../../x/y.js", "shop/cart"),
    ("P from ./time.js", "a"), ("P from ./b", "a"), ("P from ./B.js", "a"), ("P from ./b.ts", "a"),
    ("P from ./shop/index.ts", "a"), ("P from ./shop", "a"), ("P from /etc/passwd", "a"), ("P from .", "a"),
    ("P from ./", "a"), ("P from ..", "shop/cart"), ("P from .hidden", "a"), ("P from _private", "a"),
    ("P from Upper", "a"), ("P from @scope", "a"), ("P from pkg/../../x", "a"), ("P from pkg//x", "a"),
    ("P from #a/../b", "a"), ("P from ./orders.js", "a"),
])
def test_typescript_imports_leaving_the_output_or_naming_no_generated_module_are_refused(
        tmp_path: Path, spec: str, module: str) -> None:
    """A relative x-typescript-import must resolve inside the TypeScript output to a module this run
    generates (issue 24); the path out of the folder and a hand-written sibling were written as is."""
    schema = {"$defs": {"A": {"type": "object", "properties": {"f": {"x-typescript-type": "P", "x-typescript-import": spec}}}}}
    schemas, out, package = project(tmp_path, {f"{module}.json": schema, "b.json": {"$defs": {"B": {"type": "string"}}},
                                               "shop/orders.json": {"$defs": {"O": {"type": "string"}}}})
    code, text = generate(schemas, out, package)
    assert code == 2 and f"{module}.json:" in text and "error[override]: x-typescript-import" in text, text
    assert "/x-typescript-import" in text and nothing_written(out)


@pytest.mark.skipif(not tsc_available(), reason="tsc not installed")
def test_typescript_imports_of_generated_modules_and_packages_compile(tmp_path: Path) -> None:
    """What the path rule lets through compiles: generated modules by relative path from a nested
    module (a sibling, a parent folder's module, a folder's index.js) and packages (plain, scoped,
    a subpath, a package.json `#` import) the project provides."""
    imports = {"f1": ("Money", "Money from ../common/money.js"), "f2": ("Order", "Order from ./orders.js"),
               "f3": ("Money2", "Money as Money2 from ../index.js"), "f4": ("Dur", "Dur from luxon-types"),
               "f5": ("Sc", "Sc from @acme/types"), "f6": ("Deep", "Deep from @acme/types/deep"),
               "f7": ("Own", "Own from #own/types.js"), "f8": ("Co", "common from ../index.js")}
    imports.pop("f3")  # `as` is no form x-typescript-import has
    props = {k: {"x-typescript-type": t if k != "f8" else "typeof common", "x-typescript-import": i}
             for k, (t, i) in imports.items()}
    schemas, out, package = project(tmp_path, {
        "shop/cart.json": {"$defs": {"Cart": {"type": "object", "properties": props}}},
        "shop/orders.json": {"$defs": {"Order": {"type": "string"}}},
        "common/money.json": {"$defs": {"Money": {"type": "number"}}}})
    code, text = generate(schemas, out, package)
    assert code == 0, text
    for name, body in {"luxon-types": "export type Dur = number;\n", "@acme/types": "export type Sc = string;\n"}.items():
        stub = tmp_path / "node_modules" / name / "index.d.ts"
        stub.parent.mkdir(parents=True, exist_ok=True)
        stub.write_text(body, encoding="utf-8")
    (tmp_path / "node_modules" / "@acme" / "types" / "deep.d.ts").write_text("export type Deep = 1;\n", encoding="utf-8")
    (tmp_path / "own.d.ts").write_text("export type Own = boolean;\n", encoding="utf-8")
    (tmp_path / "package.json").write_text('{"name": "app", "type": "module", "imports": {"#own/types.js": '
                                           '{"types": "./own.d.ts", "default": "./own.js"}}}', encoding="utf-8")
    proc = emit_and_load_js(out)
    assert proc.returncode == 0, proc.stdout + proc.stderr


# ---------------------------------------------------------------- x-constants


def _limited(name: str, const: str, n: int = 3) -> dict[str, object]:
    return {"$defs": {name: {"type": "string", "maxLength": n, "x-constants": {"maxLength": const}}}}


def test_one_constant_in_two_files_of_a_folder_is_refused(tmp_path: Path) -> None:
    schemas, out, package = project(tmp_path, {"d/a.json": _limited("A", "MAX"), "d/b.json": _limited("B", "MAX")})
    code, text = generate(schemas, out, package)
    assert code == 2 and "error[constant-conflict]" in text and "b.json" in text, text
    assert nothing_written(out)


@pytest.mark.skipif(not tsc_available(), reason="tsc not installed")
def test_one_constant_name_in_two_folders_compiles_and_imports(tmp_path: Path) -> None:
    schemas, out, package = project(tmp_path, {"d/a.json": _limited("A", "MAX"), "e/b.json": _limited("B", "MAX", 4)})
    code, text = generate(schemas, out, package)
    assert code == 0, text
    proc = import_all(out)
    assert proc.returncode == 0, proc.stderr
    proc = emit_and_load_js(out)
    assert proc.returncode == 0, proc.stdout + proc.stderr


@pytest.mark.parametrize("const", ["MAX", "UUID"])
def test_a_constant_named_like_a_type_or_an_import_is_refused(tmp_path: Path, const: str) -> None:
    schema = _limited("A", const)
    schema["$defs"]["MAX"] = {"type": "integer"}  # type: ignore[index]
    before = snapshot(tmp_path)
    schemas, out, package = project(tmp_path, {"a.json": schema})
    code, text = generate(schemas, out, package)
    assert code == 2 and "error[constant-name]" in text, text
    assert "a.json:" in text and nothing_written(out) and before == {}  # the run created nothing else under tmp_path


# ---------------------------------------------------------------- x-default-factory fits its field

_FACTORY_HOMES = {"uuid4": {"type": "string", "format": "uuid"}, "uuid4_hex": {"type": "string"},
                  "now": {"type": "string", "format": "date-time"}, "now_ns": {"type": "integer", "minimum": 0},
                  "now_ms": {"type": "integer"}, "empty_list": {"type": "array", "items": {"type": "string"}},
                  "empty_dict": {"type": "object", "additionalProperties": {"type": "integer"}}}
_FACTORY_MISFITS = [{"type": "integer"}, {"type": "string"}, {"type": "string", "format": "uuid"}, {"type": "number"},
                    {"$ref": "#/$defs/Other"}, {"type": "integer", "enum": [1, 2]}, {"type": "array", "maxItems": 0, "minItems": 1},
                    {"type": "string", "x-python-type": "list[int]"}, {"type": "integer", "maximum": 5},
                    {"type": "object", "properties": {"a": {"type": "string"}}}, {"type": ["string", "null"]},
                    {"type": "array", "minItems": 1}, {"type": "string", "pattern": "^x$"}]


def _factory_schema(prop: dict[str, object]) -> dict[str, object]:
    return {"$defs": {"Other": {"type": "boolean"}, "M": {"type": "object", "properties": {"p": prop}}}}


@pytest.mark.parametrize("factory", sorted(_FACTORY_HOMES))
def test_a_default_factory_lands_only_where_its_value_has_the_fields_type(tmp_path: Path, factory: str) -> None:
    home = {**_FACTORY_HOMES[factory], "x-default-factory": factory}
    schemas, out, package = project(tmp_path / "ok", {"a.json": _factory_schema(home)})
    code, text = generate(schemas, out, package)
    assert code == 0, text
    assert import_all(out).returncode == 0
    from tests.support import run_mypy

    proc = run_mypy(out / "python", [package, package + "_td"])
    assert proc.returncode == 0, proc.stdout
    jtype, fmt, _ = FACTORY_RESULTS[factory]
    plain = {"type": jtype, **({"format": fmt} if fmt else {})}  # the one misfit-list entry that fits
    for i, misfit in enumerate(m for m in _FACTORY_MISFITS if m != plain):
        schemas, out, package = project(tmp_path / f"bad{i}", {"a.json": _factory_schema({**misfit, "x-default-factory": factory})})
        code, text = generate(schemas, out, package)
        assert code == 2 and "error[default-factory]" in text and "/properties/p/x-default-factory" in text, (misfit, text)
        assert nothing_written(out)


# ---------------------------------------------------------------- x-python-type size
def _py_override(text: str) -> dict[str, object]:
    return {"$defs": {"M": {"type": "object", "properties": {"f": {"type": "integer", "x-python-type": text}}}}}


@pytest.mark.parametrize("text", [
    "int | " * 100_000 + "int",                                  # exit 0 before; import: RecursionError in the compiler
    "list[" * 41 + "int" + "]" * 41,
    "'" + "list[" * 199 + "int" + "]" * 199 + "'",               # a forward reference pydantic could not evaluate
    '{"a": ' * 198 + "1" + "}" * 198,
])
def test_python_overrides_past_the_size_bounds_are_refused(tmp_path: Path, text: str) -> None:
    schemas, out, package = project(tmp_path, {"a.json": _py_override(text)})
    code, out_text = generate(schemas, out, package, "--no-cache")
    assert code == 2 and "error[override]" in out_text and "/x-python-type" in out_text, out_text[-2000:]
    assert "at most" in out_text and len(out_text) < 3000, out_text[-2000:]  # the message quotes the value cut short
    assert nothing_written(out)


def test_python_overrides_at_the_size_bounds_import_and_type_check(tmp_path: Path) -> None:
    union = " | ".join(["int"] * 400)[:2000].rsplit(" |", 1)[0]
    generate_import_and_type_check(tmp_path, {
        "a.json": _py_override("list[" * 40 + "int" + "]" * 40), "b.json": _py_override(union)})
