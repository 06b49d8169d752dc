"""Property-based cross-check over the repository's own schemas: for instances hypothesis draws
(valid ones from hypothesis-jsonschema, and arbitrary JSON), the `jsonschema` library, the
Pydantic output and the TypedDict output give the same verdict, and a Pydantic round trip gives
back the same JSON. Then valid instances, written as `const x: T = <literal>;`, compile under
`tsc --strict` in one tsc call."""

from __future__ import annotations

import importlib
import json
import os
import sys
import warnings
from pathlib import Path
from typing import Any

import pytest

from tests.conformance import hypothesis_compat, own_schemas
from tests.support import run_tsc, tsc_available

hypothesis = pytest.importorskip("hypothesis")
hjs = pytest.importorskip("hypothesis_jsonschema")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

hypothesis_compat.install()

# `make test` keeps this small; `make conformance` (or SCHEMAGEN_PROPERTY_EXAMPLES=200) goes deeper.
EXAMPLES = int(os.environ.get("SCHEMAGEN_PROPERTY_EXAMPLES", "6"))
MAX_TYPES_PER_FILE = 8 if EXAMPLES <= 10 else 1000
SETTINGS = settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much])
FILES = own_schemas.schema_files()
pytestmark = pytest.mark.skipif(not FILES, reason="schemas/ has no schema files yet")


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Any], list[own_schemas.DefType], str, Path]:
    from schemagen.diagnostics import SchemaError

    out = tmp_path_factory.mktemp("own") / "out"
    try:
        bundle, types, package = own_schemas.generate(out)
    except SchemaError as exc:
        pytest.skip(f"schemas/ does not generate (its own tests report why): {exc}")
    python = str(out / "python")
    if python not in sys.path:
        sys.path.insert(0, python)
    importlib.invalidate_caches()
    return bundle, types, package, out


def _json(value: Any) -> Any:
    return json.loads(json.dumps(value))


def _same(a: Any, b: Any) -> bool:
    """JSON equality, with date-times compared as instants ("+00:00" and "Z" are the same time)."""
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    if isinstance(a, str) and isinstance(b, str) and a != b:
        from datetime import datetime

        try:
            return datetime.fromisoformat(a.replace("Z", "+00:00")) == datetime.fromisoformat(b.replace("Z", "+00:00"))
        except ValueError:
            return False
    return bool(a == b) and type(a) is type(b) or (isinstance(a, (int, float)) and isinstance(b, (int, float)) and a == b
                                                  and not isinstance(a, bool) and not isinstance(b, bool))


def _types(generated: Any) -> list[own_schemas.DefType]:
    """Types whose JSON round trip is exact: none reachable through an x-python-type override
    (a timedelta dumps as an ISO 8601 duration by design)."""
    bundle = generated[0]
    return [t for t in generated[1] if "x-python-type" not in json.dumps(own_schemas.reachable(bundle, t))]


@pytest.mark.parametrize("file", [p.relative_to(own_schemas.REPO / "schemas").as_posix() for p in FILES])
def test_verdicts_and_round_trip(generated: Any, file: str) -> None:
    """One hypothesis run per $defs type of one schema file; all failures collected."""
    import jsonschema
    from pydantic import BaseModel, TypeAdapter, ValidationError

    bundle, _, package, _ = generated
    failures: list[str] = []
    checked = 0
    skipped: list[str] = []
    for t in [t for t in _types(generated) if t.label.split("#")[0] == file][:MAX_TYPES_PER_FILE]:
        schema = own_schemas.reachable(bundle, t)
        validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
        py_type = getattr(importlib.import_module(f"{package}.{t.module}"), t.python)
        td_type = getattr(importlib.import_module(f"{package}_td.{t.module}"), t.python)
        py, td = TypeAdapter(py_type), TypeAdapter(td_type)

        def verdict(adapter: TypeAdapter[Any], value: Any) -> tuple[bool, Any]:
            try:
                return True, adapter.validate_python(value)
            except ValidationError:
                return False, None

        @SETTINGS
        @given(st.one_of(hjs.from_schema(schema), hjs.from_schema(True)))
        def check(instance: Any) -> None:
            expected = validator.is_valid(instance)
            ok_py, model = verdict(py, instance)
            ok_td, _ = verdict(td, instance)
            assert (ok_py, ok_td) == (expected, expected), (
                f"{t.label}: jsonschema {expected}, pydantic {ok_py}, typeddict {ok_td} for {json.dumps(instance)[:300]}")
            if ok_py:
                if isinstance(model, BaseModel):
                    dumped = model.model_dump(mode="json", by_alias=True, exclude_unset=True)
                else:
                    dumped = py.dump_python(model, mode="json", by_alias=True, exclude_unset=True)
                assert _same(_json(dumped), _json(instance)), f"{t.label}: round trip {json.dumps(instance)[:300]} -> {json.dumps(dumped)[:300]}"

        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                check()
            checked += 1
        except (hypothesis.errors.InvalidArgument, hypothesis.errors.Unsatisfiable) as exc:  # cannot draw from it
            skipped.append(f"{t.label}: {exc}"[:200])
        except AssertionError as exc:
            failures.append(str(exc).splitlines()[0][:600])
    assert not failures, f"{len(failures)} types disagree:\n" + "\n".join(failures)


@pytest.mark.skipif(not tsc_available(), reason="node / tsc not installed")
def test_valid_instances_compile_in_typescript(generated: Any) -> None:
    bundle, _, _, out = generated
    # hypothesis-jsonschema is slow on large schemas (minutes for the biggest reachable bundles):
    # `make test` draws from the 12 smallest, `make conformance` (SCHEMAGEN_PROPERTY_EXAMPLES > 10)
    # from the 40 smallest.
    by_size = sorted(_types(generated), key=lambda t: (len(json.dumps(own_schemas.reachable(bundle, t))), t.label))
    types = by_size[:40] if EXAMPLES > 10 else by_size[:12]
    drawn: dict[str, list[Any]] = {}
    quick = settings(max_examples=20, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    for t in types:
        strategy = hjs.from_schema(own_schemas.closed(own_schemas.reachable(bundle, t)))
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                drawn[t.label] = [hypothesis.find(strategy, lambda _: True, settings=quick)]
        except (hypothesis.errors.InvalidArgument, hypothesis.errors.Unsatisfiable, hypothesis.errors.NoSuchExample):
            drawn[t.label] = []
    assert sum(map(len, drawn.values())) >= len(types) // 2, "hypothesis could draw almost no instances"
    ts = out / "typescript"
    imports: dict[str, set[str]] = {}
    lines: list[str] = []
    for i, t in enumerate(types):
        imports.setdefault(t.module.replace(".", "/"), set()).add(t.typescript)
        for j, value in enumerate(drawn.get(t.label, [])):
            lines.append(f"// {t.label}\nexport const v{i}_{j}: {t.typescript} = {json.dumps(value)};")
    head = [f'import type {{ {", ".join(sorted(n))} }} from "./{m}.js";' for m, n in sorted(imports.items())]
    (ts / "instances_check.ts").write_text("\n".join(head + lines) + "\n", encoding="utf-8")
    result = run_tsc(ts)
    assert result.returncode == 0, (result.stdout + result.stderr)[:5000]
