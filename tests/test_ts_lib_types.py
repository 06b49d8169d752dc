"""x-typescript-type and TypeScript's global types (issue 12): the list of global names, their
type-parameter counts and constraints is derived from the pinned compiler's own lib files
(tests/ts_lib_update.py, `make ts-lib`), and a use whose arguments cannot be shown to satisfy a
constraint is a located error. Both halves are checked by the real `tsc --strict`: what is
accepted compiles, what is refused does not compile either (TS2344)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from schemagen.lower.override_names import ts_name_problems
from schemagen.lower.ts_lib_types import GLOBAL_TYPES, TYPESCRIPT_VERSION
from tests import ts_lib_update
from tests.hostile_support import emit_and_load_js, generate, nothing_written, project
from tests.support import TSC, tsc_available

needs_tsc = pytest.mark.skipif(not tsc_available(), reason="tsc not installed")


@needs_tsc
def test_the_committed_list_is_current_for_the_pinned_typescript() -> None:
    """Fails when typescript is bumped (or the file edited) without `make ts-lib`."""
    assert TYPESCRIPT_VERSION == ts_lib_update.typescript_version()
    derived = ts_lib_update.derive(ts_lib_update.lib_folder())
    assert ts_lib_update.render(derived, TYPESCRIPT_VERSION) == ts_lib_update.TARGET.read_text(encoding="utf-8")


def test_the_list_holds_the_lib_types_with_their_constraints() -> None:
    assert GLOBAL_TYPES["Record"] == (("K", "keyof any", False), ("T", None, False))
    assert GLOBAL_TYPES["ReturnType"] == (("T", "(...args: any) => any", False),)
    assert GLOBAL_TYPES["Pick"][1] == ("K", "keyof T", False)
    assert [d for _, _, d in GLOBAL_TYPES["Iterator"]] == [False, True, True]
    assert "Intl" not in GLOBAL_TYPES and "HTMLElement" not in GLOBAL_TYPES  # a namespace; DOM is not in lib es2022


# Uses with the arguments each constraint needs; `Foo` is the user's type, `f` the user's function.
ACCEPTED = [
    "ReturnType<() => string>", "Parameters<(a: number, b: string) => void>", "Record<string, number>",
    "Record<\"a\" | \"b\", Foo>", "Record<PropertyKey, unknown>", "Record<keyof Foo, boolean>", "Pick<Foo, keyof Foo>",
    "Omit<Foo, \"a\">", "Uppercase<\"x\" | \"y\">", "Lowercase<string>", "WeakMap<object, number>",
    "WeakSet<Foo[]>", "WeakRef<() => void>", "Iterator<number>", "Iterator<number, void, undefined>",
    "Uint8Array<ArrayBuffer>", "Uint8Array", "Awaited<Promise<Foo>>", "NoInfer<string>", "Exclude<Foo, null>",
    "ReturnType<any>", "Record<never, string>", "PromiseLike<void>",
]
REFUSED = [
    "ReturnType<string>", "Parameters<Foo>", "Pick<Foo, \"nope\">", "Pick<Foo, \"a\">", "Record<Foo, number>",
    "Record<boolean, string>", "Uppercase<number>", "Capitalize<Foo>", "WeakMap<string, number>", "WeakSet<symbol>",
    "InstanceType<Foo>", "Uint8Array<string>", "ReturnType<typeof f>", "Omit<Foo, boolean>",
]
# refused because showing them needs what is not read here (a value's type, a named type's keys)
REFUSED_YET_VALID = {"ReturnType<typeof f>", "Pick<Foo, \"a\">"}


@pytest.mark.parametrize("expr", ACCEPTED)
def test_arguments_shown_to_satisfy_the_constraints_are_accepted(expr: str) -> None:
    assert ts_name_problems(expr, ("Foo from ./user.js", "f from ./user.js")) == [], expr


@pytest.mark.parametrize("expr", REFUSED)
def test_arguments_not_shown_to_satisfy_a_constraint_are_refused(expr: str) -> None:
    problems = ts_name_problems(expr, ("Foo from ./user.js", "f from ./user.js"))
    assert len(problems) == 1 and "must extend" in problems[0], (expr, problems)


USER_MODULE = "export type Foo = { a: string; b: number };\nexport function f(): number { return 1; }\n"


def _tsc_errors(folder: Path, body: str) -> list[str]:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "user.ts").write_text(USER_MODULE, encoding="utf-8")
    (folder / "uses.ts").write_text('import type { Foo } from "./user.js";\nimport { f } from "./user.js";\n'
                                    "void f;\n" + body, encoding="utf-8")
    (folder / "tsconfig.json").write_text(json.dumps({"compilerOptions": {
        "strict": True, "noEmit": True, "target": "es2022", "lib": ["es2022"], "module": "nodenext",
        "moduleResolution": "nodenext", "skipLibCheck": True}, "files": ["user.ts", "uses.ts"]}), encoding="utf-8")
    proc = subprocess.run([str(TSC), "-p", str(folder / "tsconfig.json")], capture_output=True, text=True)
    return [line for line in proc.stdout.splitlines() if "error TS" in line]


@needs_tsc
def test_tsc_agrees_on_both_lists(tmp_path: Path) -> None:
    """Each accepted form compiles under tsc --strict with lib es2022 alone; each refused one
    (but REFUSED_YET_VALID, refused for want of what is not read here) does not."""
    assert _tsc_errors(tmp_path / "ok", "".join(f"export type T{i} = {e};\n" for i, e in enumerate(ACCEPTED))) == []
    bad = [e for e in REFUSED if e not in REFUSED_YET_VALID]
    errors = _tsc_errors(tmp_path / "bad", "".join(f"export type T{i} = {e};\n" for i, e in enumerate(bad)))
    failing_lines = {int(line.split("(", 1)[1].split(",", 1)[0]) for line in errors if "uses.ts" in line}
    assert failing_lines == {4 + i for i in range(len(bad))}, errors


@needs_tsc
def test_through_the_cli_accepted_forms_compile_and_refused_ones_are_located(tmp_path: Path) -> None:
    imports = ["Foo from user-types", "f from user-types"]  # the user's own types come from a package
    props = {f"f{i}": {"x-typescript-type": e, "x-typescript-import": imports} for i, e in enumerate(ACCEPTED)}
    schemas, out, package = project(tmp_path / "ok", {"a.json": {"$defs": {"A": {"type": "object", "properties": props}}}})
    code, text = generate(schemas, out, package)
    assert code == 0, text
    stub = tmp_path / "node_modules" / "user-types" / "index.d.ts"
    stub.parent.mkdir(parents=True)
    stub.write_text("export type Foo = { a: string; b: number };\nexport declare function f(): number;\n", encoding="utf-8")
    proc = emit_and_load_js(out)
    assert proc.returncode == 0, proc.stdout + proc.stderr

    props = {f"f{i}": {"x-typescript-type": e, "x-typescript-import": imports} for i, e in enumerate(REFUSED)}
    schemas, out, package = project(tmp_path / "bad", {"a.json": json.dumps(
        {"$defs": {"A": {"type": "object", "properties": props}}}, indent=1)})
    code, text = generate(schemas, out, package)
    assert code == 2 and nothing_written(out), text
    for i in range(len(REFUSED)):
        assert f"(at /$defs/A/properties/f{i}/x-typescript-type)" in text, (REFUSED[i], text)
    assert text.count("error[override-name]") == len(REFUSED), text
