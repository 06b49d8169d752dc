"""The JSON-Schema-Test-Suite (drafts 2020-12 and 7) through the TypeScript validators, one node
process per draft: every disagreement is a known gap with a reason (known_gaps_validators*.json;
a new one fails, a fixed one must leave the file), and on every keyword file the validators agree
on at least as many groups as the Pydantic target does (its verdicts read from its known gaps)."""

from __future__ import annotations

import pytest

from tests.conformance.run_validators import TARGET, gaps_file, observed, pydantic_agrees, run_draft
from tests.conformance import gaps
from tests.conformance.suite import DRAFTS
from tests.validators_lib import node_available


@pytest.mark.skipif(not node_available(), reason="node tools not installed (make test installs them)")
@pytest.mark.parametrize("draft", DRAFTS)
def test_suite_through_the_validators(draft: str) -> None:
    results = run_draft(draft)
    known = gaps.load(gaps_file(draft))
    seen = observed(results)
    problems = []
    new = sorted(seen - set(known))
    stale = sorted(set(known) - seen)
    if new:
        problems.append(f"new disagreements (fix the validators, or list them in {gaps_file(draft).name} with a reason; "
                        "`python -m tests.conformance.run_validators --update-gaps`):\n  " + "\n  ".join(new))
    if stale:
        problems.append(f"known gaps that now agree (remove them from {gaps_file(draft).name}):\n  " + "\n  ".join(stale))
    unreasoned = sorted(k for k, e in known.items() if not e.get("reason") or e.get("reason") == "TODO")
    if unreasoned:
        problems.append("known gaps without a reason:\n  " + "\n  ".join(unreasoned))
    pyd = pydantic_agrees(draft)
    per_file: dict[str, list[int]] = {}
    for r in results:
        tally = per_file.setdefault(r.file, [0, 0])
        tally[0] += r.agrees(TARGET)
        tally[1] += pyd.get((r.file, r.description), True)
    behind = [f"{f}: validators {a} groups, pydantic {b}" for f, (a, b) in sorted(per_file.items()) if a < b]
    if behind:
        problems.append("keyword files where the validators agree on fewer groups than Pydantic:\n  " + "\n  ".join(behind))
    assert not problems, "\n".join(problems)
