"""The JSON-Schema-Test-Suite (draft 2020-12) against the Pydantic and TypedDict outputs: every
disagreement must be a known gap (a new one fails), every known gap must still disagree (a fixed
one must leave known_gaps.json), and every group using a keyword the generator cannot express
must get the promised unsupported-keyword warning. One generation per keyword file."""

from __future__ import annotations

import pytest

from schemagen.frontend.keywords import UNSUPPORTED
from tests.conformance import gaps
from tests.conformance.results import run_schemagen_file
from tests.conformance.suite import keyword_files, suite_root

SUITE = suite_root()
FILES = keyword_files(SUITE) if SUITE else []
pytestmark = pytest.mark.skipif(
    SUITE is None, reason="JSON-Schema-Test-Suite not found at ../shared/conformance/json-schema-test-suite"
)


@pytest.mark.parametrize("file", FILES or ["(suite missing)"])
def test_keyword_file(file: str) -> None:
    assert SUITE is not None
    results, built = run_schemagen_file(SUITE, file)
    new, stale = gaps.diff(results, gaps.load(), {file})
    problems = []
    if new:
        problems.append("new disagreements (fix the generator, or add them to tests/conformance/known_gaps.json "
                        "with a reason; `python -m tests.conformance.report --update-gaps`):\n  " + "\n  ".join(new))
    if stale:
        problems.append("known gaps that now agree (remove them from known_gaps.json):\n  " + "\n  ".join(stale))
    unwarned = []
    for r in results:
        if r.error is not None:
            continue
        for keyword in sorted(set(r.keywords) & set(UNSUPPORTED) - r.warned):
            unwarned.append(f"{r.description}: uses {keyword!r} without an unsupported-keyword warning")
    if unwarned:
        problems.append("the generator promises a warning for every unsupported keyword:\n  " + "\n  ".join(unwarned))
    assert not problems, "\n".join(problems)
