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


def _disagreements(verdicts: list[Verdict]) -> list[tuple[str, str]]:
    return [(v.change.id, t) for v in verdicts if not v.skipped for t in v.predicted if v.checked(t) and not v.agrees(t)]


def test_source_findings_agree_with_the_compilers(tmp_path: Path) -> None:
    """One test, so the compilers run once even when pytest spreads tests over workers."""
    rules = rule_examples()
    drawn = draw_changes(DRAWN, SEED)
    done = run(rules + drawn, tmp_path, control=True)
    rules_done, drawn_done = done[: len(rules)], done[len(rules):]
    report = describe(rules_done) + "\n--- drawn ---\n" + describe(drawn_done)

    # the oracle's own check: code written against old compiles against old
    assert [(v.change.id, t) for v in done for t in v.control] == [], report
    # every rule example: exactly the explained disagreements (and they still disagree)
    assert [v.change.id for v in rules_done if v.skipped] == [], report
    assert set(_disagreements(rules_done)) == set(EXPLAINED), report
    # the drawn sample: most generate, and all of those agree
    compiled = [v for v in drawn_done if not v.skipped]
    assert len(compiled) >= DRAWN * 2 // 3, report
    assert _disagreements(compiled) == [], report
    # a finding judged per target names, in its message, the targets it breaks
    judged = {"SOURCE_TYPE_KIND_CHANGED", "SOURCE_FIELD_TYPE_CHANGED", "SOURCE_FIELD_OPTIONAL", "SOURCE_FIELD_NULLABLE",
              "SOURCE_FIELD_NOT_NULLABLE", "SOURCE_UNION_VARIANT_ADDED", "SOURCE_UNION_VARIANT_REMOVED"}
    for v in done:
        for f in v.findings:
            assert ": " in f.message, f  # what changes: why it breaks
            if f.rule in judged:
                assert all(t in f.message for t in f.targets), f
