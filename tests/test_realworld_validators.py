"""The real-world corpus's published examples through the TypeScript validators (node, one
process): each agrees with jsonschema's verdict, or is listed with its reason in
tests/realworld/known_gaps_validators.json (a listed one that now passes fails too). Runs from
`make realworld` (SCHEMAGEN_REALWORLD=1)."""

from __future__ import annotations

import os

import pytest

from tests.realworld.validators import load_validator_gaps, run
from tests.validators_lib import node_available

pytestmark = pytest.mark.skipif(os.environ.get("SCHEMAGEN_REALWORLD") != "1" or not node_available(),
                                reason="the real-world corpus runs from `make realworld` (SCHEMAGEN_REALWORLD=1)")


def test_examples_through_the_validators() -> None:
    failures, ran, agreed = run()
    known = load_validator_gaps()
    new = sorted(f"{k}: {v}" for k, v in failures.items() if k not in known)
    stale = sorted(k for k in known if k in ran and k not in failures)
    assert agreed > 0
    assert not new, "failures not in tests/realworld/known_gaps_validators.json:\n" + "\n".join(new)
    assert not stale, "listed in known_gaps_validators.json but now passing (remove them):\n" + "\n".join(stale)
    assert all(e.get("reason") and e["reason"] != "TODO" for e in known.values())
