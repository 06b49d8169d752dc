"""Find and read the JSON-Schema-Test-Suite: keyword files, their groups and tests.

The suite is vendored in `tests/conformance/suite/` (revision and licence there), so a clone tests
itself with nothing beside it. `SUITE_ENV` may point at another checkout (a newer revision).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
SUITE_ENV = "SCHEMAGEN_TEST_SUITE"
DRAFT = "draft2020-12"
DRAFT7 = "draft7"
DRAFTS = (DRAFT, DRAFT7)
# The dialect a draft's groups are read in when their schema names none (`default_dialect`).
DIALECT_OF = {DRAFT: "2020-12", DRAFT7: "draft-07"}
REMOTE_PREFIX = "http://localhost:1234/"


@dataclass(frozen=True)
class Case:
    description: str
    data: Any
    valid: bool


@dataclass(frozen=True)
class Group:
    file: str  # "type.json" or "optional/format/date.json"
    index: int
    description: str
    schema: Any
    tests: tuple[Case, ...]
    draft: str = DRAFT

    @property
    def slug(self) -> str:
        """A folder/module-safe name, unique within its keyword file."""
        return f"g{self.index:03d}"


VENDORED = REPO / "tests" / "conformance" / "suite"


def suite_root() -> Path:
    """The suite: the vendored copy, or `$SCHEMAGEN_TEST_SUITE`. A missing suite is an error, not a
    reason to skip: a clone that silently skipped conformance would pass `make test` untested."""
    configured = os.environ.get(SUITE_ENV)
    candidate = Path(configured) if configured else VENDORED
    for draft in DRAFTS:
        if not (candidate / "tests" / draft).is_dir():
            raise FileNotFoundError(
                f"JSON-Schema-Test-Suite: {candidate / 'tests' / draft} is missing"
                + (f" (${SUITE_ENV} points there)" if configured else " (restore tests/conformance/suite/ from git)"))
    return candidate


def keyword_files(root: Path, optional: bool = True, draft: str = DRAFT) -> list[str]:
    """Every keyword file of a draft (relative to tests/<draft>), optional formats last."""
    base = root / "tests" / draft
    files = sorted(p.name for p in base.glob("*.json"))
    if optional:
        files += sorted(f"optional/format/{p.name}" for p in (base / "optional" / "format").glob("*.json"))
    return files


def load_groups(root: Path, file: str, draft: str = DRAFT) -> list[Group]:
    raw = json.loads((root / "tests" / draft / file).read_text(encoding="utf-8"))
    return [
        Group(file, i, g["description"], g["schema"],
              tuple(Case(t["description"], t["data"], bool(t["valid"])) for t in g["tests"]), draft)
        for i, g in enumerate(raw)
    ]


def remotes(root: Path) -> dict[str, Path]:
    """The `remote_roots` config that maps the suite's `http://localhost:1234/` to its remotes/."""
    return {REMOTE_PREFIX: root / "remotes"}


def keywords_in(schema: Any) -> set[str]:
    """Every keyword a schema uses anywhere (keys of schema objects, skipping const/enum values)."""
    found: set[str] = set()

    def walk(node: Any, in_map: bool) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if not in_map:
                    found.add(key)
                if key in ("const", "enum", "default", "examples"):
                    continue
                walk(value, key in ("properties", "$defs", "definitions", "patternProperties", "dependentSchemas",
                                    "dependentRequired") and not in_map)
        elif isinstance(node, list):
            for value in node:
                walk(value, False)

    walk(schema, False)
    return found
