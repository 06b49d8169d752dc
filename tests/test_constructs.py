"""Behaviour of every golden construct in all three targets, driven by the schemas' own examples.

For each `examples` entry: jsonschema accepts it (the test data is right), the Pydantic type
accepts it and dumps back the same JSON, the TypedDict accepts it through `TypeAdapter`, and a
`const x: T = <example>` compiles under `tsc --strict`. For each `x-invalid-examples` entry:
jsonschema rejects it, Pydantic and the TypedDict reject it, and TypeScript rejects it exactly
when the violation is structural (a wrong primitive, a missing key, an unknown tag or literal).
"""

from __future__ import annotations

import functools
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from pydantic import TypeAdapter, ValidationError

from schemagen import ir
from schemagen.pipeline import build_ir, load_documents
from schemagen.targets.ts_objects import own_index
from tests.examples_lib import Example, collect, has_extras, jsonschema_accepts, registry, structural
from tests.goldens_lib import GOLDENS, case_config, cases
from tests.support import import_generated, run_tsc, tsc_available

# Where a target cannot hold what the schema says, with the reason. Anything not listed must hold.
TYPEDDICT_GAPS: dict[tuple[str, str, int], str] = {}
ROUND_TRIP_GAPS = {
    ("aliases", "Job"): "x-python-type timedelta dumps as an ISO 8601 duration, by design of the override",
}


@functools.lru_cache(maxsize=None)
def _case(case: str) -> tuple[Any, ir.Schema, Any, list[Example]]:
    config = case_config(case)
    docs = load_documents(config)
    schema, names, _ = build_ir(docs, config)
    return docs, schema, names, collect(schema, names)


def _params() -> list[Any]:
    out = []
    for case in cases():
        for example in _case(case)[3]:
            out.append(pytest.param(case, example, id=f"{case}:{example.id}"))
    return out


def _types(case: str, example: Example) -> tuple[Any, Any]:
    expected = GOLDENS / case / "expected"
    pyd = import_generated(expected, f"golden_{case}.{example.module}")
    td = import_generated(expected, f"golden_{case}_td.{example.module}")
    return getattr(pyd, example.names.python), getattr(td, example.names.python)


def _adapter(tp: Any) -> TypeAdapter[Any]:
    return TypeAdapter(tp)


@pytest.mark.parametrize("case,example", _params())
def test_example_in_python(case: str, example: Example) -> None:
    docs = _case(case)[0]
    verdict = jsonschema_accepts(registry(docs), example.key, example.instance)
    assert verdict == example.valid, f"the schema itself {'rejects' if example.valid else 'accepts'} this example"
    pyd_type, td_type = _types(case, example)
    pyd = _adapter(pyd_type)
    td = _adapter(td_type)
    if example.valid:
        value = pyd.validate_python(example.instance)
        if (case, example.names.python) not in ROUND_TRIP_GAPS:
            dumped = pyd.dump_python(value, mode="json", by_alias=True, exclude_unset=True)
            assert dumped == example.instance, "Pydantic round trip changed the JSON"
            again = pyd.validate_json(json.dumps(example.instance))
            assert pyd.dump_json(again, by_alias=True, exclude_unset=True) == pyd.dump_json(value, by_alias=True, exclude_unset=True)
        td.validate_python(example.instance)
    else:
        with pytest.raises(ValidationError):
            pyd.validate_python(example.instance)
        gap = TYPEDDICT_GAPS.get((case, example.names.python, example.index))
        if gap:
            td.validate_python(example.instance)  # still a gap: fix the generator, then drop the entry
        else:
            with pytest.raises(ValidationError):
                td.validate_python(example.instance)


def _ts_case(case: str, tmp: Path) -> tuple[str, list[str]]:
    docs, schema, names, examples = _case(case)
    strict = registry(docs)
    shape = registry(docs, structural)
    types = schema.types_by_key()
    indexed = frozenset(names[t.key].python for t in types.values()
                        if isinstance(t, ir.ObjectType) and _ts_indexed(t, types))
    lines = ['import type * as T from "./ts/index.js";', ""]
    expect_errors = []
    for n, ex in enumerate(examples):
        literal = json.dumps(ex.instance, ensure_ascii=False)
        if ex.valid:
            pyd_type, _ = _types(case, ex)
            if has_extras(_adapter(pyd_type).validate_python(ex.instance), indexed):
                continue  # open objects: TypeScript rejects extra keys in a literal (no index signature)
            lines.append(f"const v{n}: T.{ex.names.typescript} = {literal};")
        else:
            assert not jsonschema_accepts(strict, ex.key, ex.instance)
            if not jsonschema_accepts(shape, ex.key, ex.instance, formats=False):
                lines.append("// @ts-expect-error structurally invalid")
                expect_errors.append(ex.id)
            lines.append(f"const v{n}: T.{ex.names.typescript} = {literal};")
    lines.append("")
    return "\n".join(lines), expect_errors


def _ts_indexed(t: ir.ObjectType, types: dict[str, ir.NamedType]) -> bool:
    """Whether the TypeScript type has an index signature (its own or its base's), taking extra keys."""
    while True:
        if own_index(t, types) is not None:
            return True
        base = types.get(t.base) if t.base else None
        if not isinstance(base, ir.ObjectType):
            return False
        t = base


@pytest.mark.skipif(not tsc_available(), reason="node tools not installed (make test installs them)")
@pytest.mark.parametrize("case", cases())
def test_examples_in_typescript(case: str, tmp_path: Path) -> None:
    shutil.copytree(GOLDENS / case / "expected" / "typescript", tmp_path / "ts")
    text, _ = _ts_case(case, tmp_path)
    (tmp_path / "check.ts").write_text(text, encoding="utf-8")
    result = run_tsc(tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr + "\n" + text


def test_every_golden_type_has_an_example() -> None:
    missing = []
    for case in cases():
        _, schema, names, examples = _case(case)
        with_examples = {e.key for e in examples if e.valid}
        for module in schema.modules:
            for t in module.types:
                if t.explicit and t.key not in with_examples and not _is_used_elsewhere(schema, t.key):
                    missing.append(f"{case}:{t.name}")
    assert not missing, f"golden types without a valid example: {missing}"


def _is_used_elsewhere(schema: ir.Schema, key: str) -> bool:
    return any(key in ir.refs_of(t) for m in schema.modules for t in m.types if t.key != key)
