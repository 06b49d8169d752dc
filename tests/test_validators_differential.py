"""Differential check: the TypeScript validators and the Pydantic models give the same verdict on
near misses. Every valid example of the seeds and of the goldens is mutated (each key dropped, an
unknown key added, each value swapped for values of other kinds and for its neighbours: a string
one character longer or shorter, a number plus or minus one or halved, an array doubled or cut),
and every mutant goes through both targets; all mutants of a folder run in one node process."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any, Iterator

import pytest
from pydantic import TypeAdapter, ValidationError

from schemagen.pipeline import build_ir, load_documents
from tests.examples_lib import collect
from tests.goldens_lib import GOLDENS, REPO, case_config, cases
from tests.support import import_generated
from tests.validators_lib import node_available, verdicts

pytestmark = pytest.mark.skipif(not node_available(), reason="node tools not installed (make test installs them)")

OTHER_KINDS: tuple[Any, ...] = (None, True, 0, -1, 1.5, "", "x", [], {}, "2024-02-30T10:00:00Z",
                                "123e4567-e89b-12d3-a456-426614174000", "a@b.co", "😀😀")
MAX_MUTANTS = 60  # per example
# Where the two targets check different things by design, with the reason.
BY_DESIGN = {
    ("aliases", "Job"): "x-python-type timedelta: the Python side validates the user's type, the validators the schema",
    ("override_objects", "*"): "x-python-type classes: the Python side validates the user's class, the validators the schema",
}


def _wide(value: Any) -> bool:
    """An integer JavaScript's JSON.parse cannot hold (past 2**53): node sees another number."""
    from schemagen.frontend.numbers import exact_in_js

    if isinstance(value, dict):
        return any(_wide(v) for v in value.values())
    if isinstance(value, list):
        return any(_wide(v) for v in value)
    return isinstance(value, int) and not isinstance(value, bool) and not exact_in_js(value)


def _replace(root: Any, path: tuple[Any, ...], value: Any) -> Any:
    out = copy.deepcopy(root)
    if not path:
        return value
    node = out
    for step in path[:-1]:
        node = node[step]
    node[path[-1]] = value
    return out


def _drop(root: Any, path: tuple[Any, ...], key: str) -> Any:
    out = copy.deepcopy(root)
    node = out
    for step in path:
        node = node[step]
    del node[key]
    return out


def _neighbours(value: Any) -> list[Any]:
    if isinstance(value, bool):
        return [not value, int(value)]
    if isinstance(value, int):
        return [value + 1, value - 1, value / 2, -value, float(value), str(value)]
    if isinstance(value, float):
        return [value + 1, value - 1, value / 2, -value, round(value)]
    if isinstance(value, str):
        return [value + "x", value[:-1], value.upper(), value + "😀", " " + value, value * 3, 5]
    if isinstance(value, list):
        return [[], value + value, value[:1], value[1:], [value[0], value[0]] if value else [None]]
    if isinstance(value, dict):
        return [{**value, "zz_extra": 1}, {}]
    return []


def mutants(instance: Any) -> Iterator[Any]:
    def walk(node: Any, path: tuple[Any, ...]) -> Iterator[Any]:
        for value in _neighbours(node) + [v for v in OTHER_KINDS if v != node]:
            yield _replace(instance, path, value)
        if isinstance(node, dict):
            for key in list(node):
                yield _drop(instance, path, key)
                yield from walk(node[key], path + (key,))
        elif isinstance(node, list):
            for i, item in enumerate(node[:3]):
                yield from walk(item, path + (i,))

    seen: set[str] = set()
    for m in walk(instance, ()):
        text = json.dumps(m, sort_keys=True)
        if text not in seen:
            seen.add(text)
            yield m
        if len(seen) >= MAX_MUTANTS:
            return


def _pydantic(tp: Any, cache: dict[int, TypeAdapter[Any]], instance: Any) -> bool:
    adapter = cache.get(id(tp))
    if adapter is None:
        adapter = cache[id(tp)] = TypeAdapter(tp)
    try:
        adapter.validate_python(instance)
    except ValidationError:
        return False
    return True


def _compare(folder: Path, rows: list[tuple[str, str, Any, Any]]) -> list[str]:
    """rows: (module path, validator name, instance, pydantic type) → disagreements."""
    answers = verdicts(folder, [(m, n, x) for m, n, x, _ in rows])
    adapters: dict[int, TypeAdapter[Any]] = {}
    wrong = []
    for (module, name, instance, tp), (valid, issues) in zip(rows, answers):
        expected = _pydantic(tp, adapters, instance)
        if valid != expected:
            wrong.append(f"{module}.{name} {json.dumps(instance, ensure_ascii=False)[:240]}: validators {valid}, "
                         f"pydantic {expected} {issues[:1]}")
    return wrong


def test_seed_near_misses() -> None:
    from schemagen.config import load_config

    config = load_config(REPO)
    schema, names, _ = build_ir(load_documents(config), config)
    rows = []
    for ex in collect(schema, names):
        if not ex.valid:
            continue
        tp = getattr(import_generated(REPO / "generated", f"{config.python_package}.{ex.module}"), ex.names.python)
        for m in mutants(ex.instance):
            if not _wide(m):
                rows.append((ex.module.replace(".", "/"), ex.names.typescript + "Schema", m, tp))
    wrong = _compare(REPO / "generated" / "validators", rows)
    assert not wrong, f"{len(wrong)} of {len(rows)} disagree:\n" + "\n".join(wrong[:40])


def test_golden_near_misses() -> None:
    wrong: list[str] = []
    total = 0
    for case in cases():
        config = case_config(case)
        schema, names, _ = build_ir(load_documents(config), config)
        expected = GOLDENS / case / "expected"
        rows = []
        for ex in collect(schema, names):
            if not ex.valid:
                continue
            if (case, ex.names.python) in BY_DESIGN or (case, "*") in BY_DESIGN:
                continue
            tp = getattr(import_generated(expected, f"golden_{case}.{ex.module}"), ex.names.python)
            for m in mutants(ex.instance):
                if not _wide(m):
                    rows.append((ex.module.replace(".", "/"), ex.names.typescript + "Schema", m, tp))
        total += len(rows)
        wrong += [f"{case}: {w}" for w in _compare(expected / "validators", rows)]
    assert not wrong, f"{len(wrong)} of {total} disagree:\n" + "\n".join(wrong[:60])
