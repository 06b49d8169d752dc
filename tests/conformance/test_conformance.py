"""The JSON-Schema-Test-Suite (drafts 2020-12 and 7) against the Pydantic and TypedDict outputs:
every disagreement must be a known gap (a new one fails), every known gap must still disagree (a
fixed one must leave the draft's known-gaps file), and every group using a keyword the generator
cannot express must get the promised unsupported-keyword warning. One generation per keyword file.
Draft-07 groups carry no `$schema`: they run with `default_dialect = "draft-07"`."""

from __future__ import annotations

import pytest

from schemagen.frontend.keywords import UNSUPPORTED
from tests.conformance import gaps
from tests.conformance.results import run_schemagen_file
from tests.conformance.suite import DRAFTS, keyword_files, suite_root

SUITE = suite_root()
CASES = [(draft, file) for draft in DRAFTS for file in keyword_files(SUITE, draft=draft)]


def test_the_suite_is_vendored_whole() -> None:
    """Both drafts' keyword files are here (a partial copy would test less and still pass)."""
    for draft in DRAFTS:
        files = keyword_files(SUITE, draft=draft)
        assert len([f for f in files if not f.startswith("optional/")]) >= 35, draft
        assert any(f.startswith("optional/format/") for f in files), draft
    assert (SUITE / "LICENSE").is_file() and (SUITE / "remotes").is_dir()


@pytest.mark.parametrize(("draft", "file"), CASES, ids=[f"{d}/{f}" for d, f in CASES])
def test_keyword_file(draft: str, file: str) -> None:
    results, built = run_schemagen_file(SUITE, file, draft=draft)
    where = gaps.gaps_file(draft)
    new, stale = gaps.diff(results, gaps.load(where), {file})
    problems = []
    if new:
        problems.append(f"new disagreements (fix the generator, or add them to tests/conformance/{where.name} "
                        "with a reason; `python -m tests.conformance.report --update-gaps`):\n  " + "\n  ".join(new))
    if stale:
        problems.append(f"known gaps that now agree (remove them from {where.name}):\n  " + "\n  ".join(stale))
    unwarned = []
    for r in results:
        if r.error is not None:
            continue
        for keyword in sorted(set(r.keywords) & set(UNSUPPORTED) - r.warned):
            unwarned.append(f"{r.description}: uses {keyword!r} without an unsupported-keyword warning")
    if unwarned:
        problems.append("the generator promises a warning for every unsupported keyword:\n  " + "\n  ".join(unwarned))
    assert not problems, "\n".join(problems)
