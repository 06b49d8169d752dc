"""Source findings checked by the compilers (tests/review/oracle.py): for every source rule's
example, the issue's examples and the review case, and for a small fixed sample of hypothesis-drawn
edits of the goldens and seed schemas, a breaking source finding names a target exactly when
`mypy --strict` (Pydantic, TypedDict) or `tsc --strict` (TypeScript) rejects code written against
the old generated types. One mypy run and one tsc run for all of them; `make review-oracle` runs a
larger draw (python -m tests.review.oracle_run).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.review.oracle import Verdict, describe, run
from tests.review.oracle_edits import draw_changes, rule_examples
from tests.support import tsc_available

# (change, target) where the review is deliberately stricter than the compiler, and why
# (docs/review-source-findings.md, "Where the review and the compilers differ")
EXPLAINED = {
    ("rule SOURCE_FIELD_ATTRIBUTE_RENAMED", "pydantic"):
        "the old attribute user_id now names the new field user_id, of the same type: code reading .user_id "
        "compiles and silently reads another field",
}

DRAWN = 12
SEED = 23

pytestmark = pytest.mark.skipif(not tsc_available(), reason="tsc (node_modules) is not installed")


@pytest.fixture(scope="module")
def verdicts(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[Verdict], list[Verdict]]:
    rules = rule_examples()
    drawn = draw_changes(DRAWN, SEED)
    done = run(rules + drawn, Path(tmp_path_factory.mktemp("oracle")), control=True)
    return done[: len(rules)], done[len(rules):]


def _disagreements(verdicts: list[Verdict]) -> list[tuple[str, str]]:
    return [(v.change.id, t) for v in verdicts if not v.skipped for t in v.predicted if not v.agrees(t)]


def test_consumers_compile_against_old(verdicts: tuple[list[Verdict], list[Verdict]]) -> None:
    """The oracle's own check: code written against old compiles against old."""
    rules, drawn = verdicts
    faults = [(v.change.id, t, errs[:2]) for v in rules + drawn for t, errs in v.control.items()]
    assert faults == [], describe(rules + drawn)


def test_rule_examples_agree_with_the_compilers(verdicts: tuple[list[Verdict], list[Verdict]]) -> None:
    rules, _ = verdicts
    assert [v.change.id for v in rules if v.skipped] == []
    assert set(_disagreements(rules)) == set(EXPLAINED), describe(rules)


def test_drawn_edits_agree_with_the_compilers(verdicts: tuple[list[Verdict], list[Verdict]]) -> None:
    _, drawn = verdicts
    compiled = [v for v in drawn if not v.skipped]
    assert len(compiled) >= DRAWN * 2 // 3, describe(drawn)
    assert _disagreements(compiled) == [], describe(drawn)


def test_a_break_names_its_targets_and_why(verdicts: tuple[list[Verdict], list[Verdict]]) -> None:
    """Every breaking source finding says, in its message, which targets break."""
    rules, drawn = verdicts
    for v in rules + drawn:
        for f in v.findings:
            if f.kind == "source" and f.rule not in ("SOURCE_TYPE_REMOVED", "SOURCE_TYPE_RENAMED", "SOURCE_TYPE_MOVED",
                                                     "SOURCE_FIELD_REMOVED", "SOURCE_FIELD_REQUIRED",
                                                     "SOURCE_ENUM_MEMBER_REMOVED", "SOURCE_ENUM_MEMBER_ADDED",
                                                     "SOURCE_ENUM_MEMBER_RENAMED", "SOURCE_FIELD_ATTRIBUTE_RENAMED"):
                assert all(t in f.message for t in f.targets), f
            assert ":" in f.message, f  # what changes: why it breaks
