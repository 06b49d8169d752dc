"""Issue 12: an inline schema spells as one Python expression, and CPython's parser stops at 200
nested brackets ("too many nested parentheses"; a dict literal with several keys runs out of parser
stack a little earlier), while the loader allows 2,000 levels. Every construct whose spelling
nests with its schema's depth (arrays, maps, nullable and tuple arrays, unions, `const`/`enum`/
`default` literals, `not`/`contains` runtime-check fragments) generates at the deepest nesting
schemagen allows, and the output imports, type-checks (mypy --strict) and compiles (tsc --strict,
the emitted JS loaded); one level deeper is a located `too-deep` error naming the limit, exit 2,
nothing written. Before, 200 levels of `items` exited 0 and the package failed at import, and a
deep `prefixItems` or `not` chain was an internal error (exit 3)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.hostile_support import (
    emit_and_load_js, generate, generate_import_and_type_check, import_all, nothing_written, project, tsc_available,
)


def _field(node: str) -> str:
    return '{"$defs":{"M":{"type":"object","properties":{"f":' + node + "}}}}"


def _alias(open_: str, leaf: str, close: str) -> Callable[[int], str]:
    return lambda n: '{"$defs":{"A":' + open_ * n + leaf + close * n + "}}"


# construct → (schema text of depth n, the deepest n that generates)
CONSTRUCTS: dict[str, tuple[Callable[[int], str], int]] = {
    "items": (_alias('{"type":"array","items":', '{"type":"string"}', "}"), 144),
    "map": (_alias('{"type":"object","additionalProperties":', '{"type":"string"}', "}"), 144),
    "nullable_items": (_alias('{"type":["array","null"],"minItems":1,"items":', '{"type":"string"}', "}"), 48),
    "prefix_items": (_alias('{"type":"array","prefixItems":[{"type":"integer"},', '{"type":"string"}', "]}"), 48),
    "union": (_alias('{"anyOf":[{"type":"integer"},{"type":"array","items":', '{"type":"string"}', "}]}"), 72),
    "const": (lambda n: _field('{"const":' + "[" * n + "1" + "]" * n + "}"), 144),
    "enum": (lambda n: _field('{"enum":[' + "[" * n + "1" + "]" * n + ",2]}"), 144),
    "default": (lambda n: _field('{"type":"array","default":' + "[" * n + "]" * n + "}"), 146),
    "not": (lambda n: _field('{"type":"string",' + '"not":{' * n + '"type":"integer"' + "}" * n + "}"), 143),
    "contains": (lambda n: _field('{"type":"array",' + '"contains":{"type":"array",' * n + '"minItems":1' + "}" * n + "}"), 143),
}


@pytest.mark.parametrize("name", list(CONSTRUCTS))
def test_one_level_past_the_bound_is_a_located_error(tmp_path: Path, name: str) -> None:
    spell, deepest = CONSTRUCTS[name]
    schemas, out, package = project(tmp_path, {"a.json": spell(deepest + 1)})
    code, text = generate(schemas, out, package, "--no-cache")
    assert code == 2, text[-2000:]
    assert "error[too-deep]" in text and "Python's parser stops at 200" in text and "allows 150" in text, text[-2000:]
    assert "Traceback" not in text and "internal error" not in text
    line = text.split("error[too-deep]")[0].rsplit("\n", 1)[-1]
    assert line.startswith(f"{schemas.name}/a.json:") and line.count(":") >= 3, line  # file:line:col
    assert nothing_written(out)


def test_the_deepest_nesting_allowed_imports_type_checks_and_compiles(tmp_path: Path) -> None:
    files = {f"{name}.json": spell(deepest) for name, (spell, deepest) in CONSTRUCTS.items()}
    out, package = generate_import_and_type_check(tmp_path, files)
    if tsc_available():
        proc = emit_and_load_js(out)
        assert proc.returncode == 0, (proc.stdout + proc.stderr)[-3000:]


def test_a_ref_is_the_way_out(tmp_path: Path) -> None:
    """What the hint says: 280 levels, cut in two by a `$ref`, generate and import."""
    half = 140
    inner = '{"type":"array","items":' * half + '{"type":"string"}' + "}" * half
    outer = '{"type":"array","items":' * half + '{"$ref":"#/$defs/Inner"}' + "}" * half
    schemas, out, package = project(tmp_path, {"a.json": '{"$defs":{"Inner":' + inner + ',"A":' + outer + "}}"})
    code, text = generate(schemas, out, package, "--no-cache")
    assert code == 0, text[-3000:]
    proc = import_all(out)
    assert proc.returncode == 0, proc.stderr[-3000:]


def test_a_deep_schema_a_runtime_check_reaches_through_refs_is_a_located_error(tmp_path: Path) -> None:
    """A runtime check writes the schemas it refers to out whole (`_CHECK_DEFS`), through each
    other: 100 levels of named objects are shallow as types and 200 brackets deep as JSON. Before,
    `not` reaching them through a second `$ref` was an internal error (exit 3)."""
    deep = '{"type":"object","properties":{"p":' * 100 + '{"type":"string"}' + "}}" * 100
    schemas, out, package = project(tmp_path, {"a.json": '{"$defs":{"B":' + deep + ',"C":{"anyOf":[{"$ref":"#/$defs/B"},'
                                               '{"type":"integer"}]},"A":{"type":"string","not":{"$ref":"#/$defs/C"}}}}'})
    code, text = generate(schemas, out, package, "--no-cache")
    assert code == 2 and "error[too-deep]" in text and "internal error" not in text, text[-2000:]
    assert nothing_written(out)
