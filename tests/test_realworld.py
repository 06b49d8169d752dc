"""The real-world corpus (tests/realworld/): each public schema set generates, imports, type-checks
and accepts its authors' examples, or the failure is listed in tests/realworld/known_gaps.json with
its cause. The list is kept honest both ways: an unlisted failure fails, and so does a listed one that
now passes (remove it). Slow (every set through black, one mypy and one tsc over all of them), so it
runs from `make realworld`, or with SCHEMAGEN_REALWORLD=1.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.realworld import harness
from tests.realworld.readme import table
from tests.support import TSC, tsc_available

pytestmark = pytest.mark.skipif(os.environ.get("SCHEMAGEN_REALWORLD") != "1",
                                reason="the real-world corpus runs from `make realworld` (SCHEMAGEN_REALWORLD=1)")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> harness.Corpus:
    work = tmp_path_factory.mktemp("realworld")
    built = harness.build(work, workers=int(os.environ.get("SCHEMAGEN_REALWORLD_WORKERS", "2")))
    harness.run_mypy(built)
    if tsc_available():
        harness.run_tsc(built, TSC)
    return built


def _check(corpus: harness.Corpus, stages: tuple[str, ...]) -> None:
    new, stale = harness.compare(corpus, stages, harness.load_gaps())
    assert not new, "failures not in tests/realworld/known_gaps.json:\n" + "\n".join(new)
    assert not stale, "listed in known_gaps.json but now passing (remove them):\n" + "\n".join(stale)


def test_corpus_is_described() -> None:
    names = harness.set_names(slow=True)
    assert len(names) >= 40
    readme = (harness.HERE / "README.md").read_text(encoding="utf-8")
    assert table() in readme, "README table is stale: run `python -c 'from tests.realworld.readme import write_table; write_table()'`"
    for gap, entry in harness.load_gaps().items():
        assert gap.split(" | ")[0] in names + ["*"], gap
        assert gap.split(" | ")[1] in harness.STAGES, gap
        assert entry.get("class") and entry.get("reason"), gap


def test_generation(corpus: harness.Corpus) -> None:
    for name, result in corpus.generated.items():
        if result["status"] == "refused":  # exit 2 is fine for invalid input only when every error has a location
            assert not result["unlocated"], f"{name}: errors without a location: {result['unlocated']}"
    _check(corpus, ("generate",))


def test_imports(corpus: harness.Corpus) -> None:
    _check(corpus, ("import pydantic", "import typeddict"))


def test_examples(corpus: harness.Corpus) -> None:
    _check(corpus, ("referee", "example type", "example pydantic", "example typeddict"))


def test_mypy(corpus: harness.Corpus) -> None:
    _check(corpus, ("mypy",))


@pytest.mark.skipif(not tsc_available(), reason="tsc or node not available")
def test_tsc(corpus: harness.Corpus) -> None:
    _check(corpus, ("tsc", "example tsc"))
