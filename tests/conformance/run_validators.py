"""The JSON-Schema-Test-Suite through the TypeScript validators target: every keyword file of a
draft generated (typescript + validators only, one pipeline run per file, as for Python), then
every test of every group run through the root type's validator in ONE node process (node under
`--disallow-code-generation-from-strings`), compared with the suite's verdict.

`python -m tests.conformance.run_validators [--update-gaps]` prints the agreement per draft next
to the Pydantic target's (read from its known gaps, which tests/conformance keeps exact) and, with
--update-gaps, rewrites known_gaps_validators*.json (reasons kept)."""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

from tests.conformance import claims, gaps
from tests.conformance.compare import GroupResult, Miss, gap_key
from tests.conformance.run_schemagen import build
from tests.conformance.suite import DRAFT, DRAFTS, keyword_files, keywords_in, load_groups, suite_root
from tests.validators_lib import verdicts

TARGET = "validators"


def gaps_file(draft: str) -> Path:
    return Path(__file__).with_name("known_gaps_validators.json" if draft == DRAFT else f"known_gaps_validators_{draft}.json")


def run_draft(draft: str, files: list[str] | None = None) -> list[GroupResult]:
    suite = suite_root()
    files = files if files is not None else keyword_files(suite, draft=draft)
    results: list[GroupResult] = []
    cases: list[tuple[str, str, object]] = []
    where: list[tuple[GroupResult, str]] = []  # per case: its group's result and the test's description
    with tempfile.TemporaryDirectory(prefix="conformance-validators-") as tmp:
        root = Path(tmp)
        for n, file in enumerate(files):
            groups = load_groups(suite, file, draft)
            built = build(groups, root / f"f{n}", suite, targets=("typescript", "validators"))
            for g in groups:
                r = GroupResult(g.file, g.index, g.description, len(g.tests), frozenset(keywords_in(g.schema)),
                                error=built.errors.get(g.slug))
                if r.error is None and g.slug not in built.names:
                    r.error = "no root type generated"
                results.append(r)
                if r.error is not None:
                    continue
                r.misses[TARGET] = []
                name = built.names[g.slug][1] + "Schema"
                for case in g.tests:
                    cases.append((f"f{n}/out/validators/{g.slug}/s", name, case.data))
                    where.append((r, case.description))
        answers = verdicts(root, cases) if cases else []
    valid_of: dict[tuple[str, int, str], bool] = {}
    for file in files:
        for g in load_groups(suite, file, draft):
            for case in g.tests:
                valid_of[(g.file, g.index, case.description)] = case.valid
    for (r, test), (valid, _) in zip(where, answers):
        truth = valid_of[(r.file, r.index, test)]
        if valid != truth:
            r.misses[TARGET].append(Miss(test, truth))
    return results


def observed(results: list[GroupResult]) -> set[str]:
    out: set[str] = set()
    for r in results:
        if r.error is not None:
            out.add(gap_key(r.file, r.description, "*"))
        else:
            out.update(r.gap_keys(TARGET))
    return out


def pydantic_agrees(draft: str) -> dict[tuple[str, str], bool]:
    """(file, group description) → whether the Pydantic target agrees, from its known gaps."""
    out: dict[tuple[str, str], bool] = {}
    for key, entry in gaps.load(gaps.gaps_file(draft)).items():
        file, group, _ = key.split(" | ", 2)
        if "pydantic" in entry.get("targets", []):  # type: ignore[operator]
            out[(file, group)] = False
    return out


def tally(results: list[GroupResult], draft: str, claimed_only: bool = False) -> tuple[int, int, int]:
    """(groups, validators agree, pydantic agrees)."""
    pyd = pydantic_agrees(draft)
    total = ours = theirs = 0
    for r in results:
        if claimed_only and claims.unclaimed_reason(r) is not None:
            continue
        total += 1
        ours += r.agrees(TARGET)
        theirs += pyd.get((r.file, r.description), True)
    return total, ours, theirs


def update_gaps(draft: str, results: list[GroupResult]) -> None:
    path = gaps_file(draft)
    old = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
    new = {k: old.get(k, {"reason": "TODO"}) for k in sorted(observed(results))}
    path.write_text(json.dumps(new, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def main(argv: list[str]) -> int:
    for draft in DRAFTS:
        results = run_draft(draft)
        for scope, claimed in (("all", False), ("claimed", True)):
            total, ours, theirs = tally(results, draft, claimed)
            print(f"{draft} {scope}: validators {100 * ours / total:.1f}% ({ours}/{total}), "
                  f"pydantic {100 * theirs / total:.1f}% ({theirs}/{total})")
        if "--update-gaps" in argv:
            update_gaps(draft, results)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
