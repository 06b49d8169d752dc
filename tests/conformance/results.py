"""One keyword file through one generator: groups in, GroupResults out."""

from __future__ import annotations

import tempfile
from pathlib import Path

from schemagen.frontend.keywords import UNSUPPORTED
from tests.conformance.compare import GroupResult, judge
from tests.conformance.run_schemagen import Built, build
from tests.conformance.suite import DRAFT, Group, keywords_in, load_groups

TARGETS = ("pydantic", "typeddict")


def run_schemagen_file(suite: Path, file: str, groups: list[Group] | None = None,
                       draft: str = DRAFT) -> tuple[list[GroupResult], Built]:
    groups = groups if groups is not None else load_groups(suite, file, draft)
    with tempfile.TemporaryDirectory(prefix="conformance-") as tmp:
        built = build(groups, Path(tmp), suite, targets=("pydantic", "typeddict"))
        results = []
        for g in groups:
            r = GroupResult(g.file, g.index, g.description, len(g.tests), frozenset(keywords_in(g.schema)),
                            error=built.errors.get(g.slug), warned=frozenset(built.unsupported_warned(g.slug)))
            if r.error is None:
                r.misses = judge(g, {"pydantic": built.pydantic.get(g.slug), "typeddict": built.typeddict.get(g.slug)})
            results.append(r)
    return results, built


def uses_unsupported(result: GroupResult) -> set[str]:
    return set(result.keywords) & set(UNSUPPORTED)
