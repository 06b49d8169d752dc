"""Wire verdicts over old/new pairs, one per class of change a schema registry decides (cases/wire_pairs.json):
tuples (draft-07 array-form `items` with `additionalItems`, and `prefixItems`), boolean schemas wherever a
schema may stand, `required`, `dependencies`/`dependentRequired`/`dependentSchemas`, `not`, partially open
content models (`additionalProperties` or `patternProperties` covering a property), `unevaluatedProperties`
and `unevaluatedItems`, `contains` with its counts, and the plain keyword changes.

Each pair carries the registry-style BACKWARD verdict (every old instance is a new one); it is checked as
BACKWARD (old → new) and as FORWARD with the pair swapped, which must give the same verdict. Agreement over
any pairs file: `python -m tests.review.wire_agreement FILE`."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.review.wire_agreement import DEFAULT_PAIRS, run_pair

PAIRS: list[dict[str, Any]] = json.loads(DEFAULT_PAIRS.read_text(encoding="utf-8"))


@pytest.mark.parametrize("pair", PAIRS, ids=[f"{p['class']}: {p['description']}" for p in PAIRS])
def test_verdict_matches_the_registry_both_ways(pair: dict[str, Any]) -> None:
    backward = run_pair(pair["old"], pair["new"], "backward")
    forward = run_pair(pair["new"], pair["old"], "forward")
    assert backward.verdict is not None, backward.error
    assert forward.verdict is not None, forward.error
    assert (backward.verdict, forward.verdict) == (pair["compatible"], pair["compatible"]), (backward.rules, forward.rules)
    if not pair["compatible"]:  # decidable, every one of them: no "possibly" where a registry decides
        assert not [r for r in backward.rules if r.endswith("(possibly)")], backward.rules


def test_pairs_cover_every_class() -> None:
    assert {p["class"] for p in PAIRS} >= {"tuple", "boolean", "required", "dependencies", "not", "open-model",
                                           "unevaluated", "contains"}
