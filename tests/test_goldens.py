"""Golden cases compared in both directions: a missing, extra or changed file fails."""

from __future__ import annotations

import difflib

import pytest

from tests.goldens_lib import GOLDENS, cases, files_on_disk, render_case


@pytest.mark.parametrize("case", cases())
def test_golden_output_matches(case: str) -> None:
    produced = render_case(case)
    expected = files_on_disk(GOLDENS / case / "expected")
    missing = sorted(set(expected) - set(produced))
    extra = sorted(set(produced) - set(expected))
    assert not missing, f"golden files no longer produced: {missing} (run `make goldens` if intended)"
    assert not extra, f"new files not in the golden: {extra} (run `make goldens` if intended)"
    diffs = []
    for path in sorted(produced):
        if produced[path] != expected[path]:
            diffs.extend(difflib.unified_diff(expected[path].splitlines(), produced[path].splitlines(),
                                              f"expected/{path}", f"produced/{path}", lineterm=""))
    assert not diffs, "golden output drifted (run `make goldens` if intended):\n" + "\n".join(diffs[:200])


def test_every_case_has_schemas() -> None:
    assert len(cases()) >= 6


def test_bundle_is_a_self_contained_schema_with_the_same_verdicts() -> None:
    import json

    from jsonschema import Draft202012Validator

    bundle = json.loads((GOLDENS / "composition/expected/jsonschema/contract.json").read_text())
    Draft202012Validator.check_schema(bundle)
    assert "x-invalid-examples" not in json.dumps(bundle) and "$id" not in json.dumps(bundle)
    validator = Draft202012Validator(bundle)  # no registry: every $ref must resolve inside the file
    assert validator.is_valid({"kind": "circle", "name": "c", "radius": 1})
    assert validator.is_valid({"transport": "websocket", "url": "wss://x"})
    assert not validator.is_valid({"kind": "circle", "name": "c", "radius": 0})
    assert not validator.is_valid({"transport": "pigeon"})
