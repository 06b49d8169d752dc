"""known_gaps.json: the disagreements we know about, each with a reason, so that a new one fails
the tests and a fixed one (a stale entry) is reported.

Keys are `file | group description | test description`; a group that fails to generate is one
entry with the test `*`. Each entry lists the targets it applies to.
"""

from __future__ import annotations

import json
from pathlib import Path

from tests.conformance.compare import GroupResult, gap_key

from tests.conformance.suite import DRAFT

GAPS_FILE = Path(__file__).with_name("known_gaps.json")
TARGETS = ("pydantic", "typeddict")


def gaps_file(draft: str = DRAFT) -> Path:
    """Each draft of the suite has its own known gaps: known_gaps.json (2020-12), known_gaps_draft7.json."""
    return GAPS_FILE if draft == DRAFT else GAPS_FILE.with_name(f"known_gaps_{draft}.json")


def load(path: Path = GAPS_FILE) -> dict[str, dict[str, object]]:
    if not path.is_file():
        return {}
    return json.loads(path.read_text(encoding="utf-8"))


def observed(results: list[GroupResult]) -> dict[str, set[str]]:
    """Every disagreement in results: key → the targets that disagree."""
    out: dict[str, set[str]] = {}
    for r in results:
        if r.error is not None:
            out.setdefault(gap_key(r.file, r.description, "*"), set()).update(TARGETS)
            continue
        for target in TARGETS:
            for key in r.gap_keys(target):
                out.setdefault(key, set()).add(target)
    return out


def diff(results: list[GroupResult], known: dict[str, dict[str, object]], files: set[str]) -> tuple[list[str], list[str]]:
    """(new disagreements not in known, known entries for these files that now agree)."""
    seen = observed(results)
    new = sorted(f"{k} [{t}]" for k, ts in seen.items() for t in sorted(ts) if t not in known.get(k, {}).get("targets", []))
    stale = sorted(
        f"{k} [{t}]" for k, entry in known.items() if k.split(" | ", 1)[0] in files
        for t in entry.get("targets", []) if t not in seen.get(k, set())  # type: ignore[union-attr]
    )
    return new, stale
