"""The repository's .pre-commit-hooks.yaml: valid by pre-commit's own manifest schema, and each
hook's entry run as pre-commit runs it (once, no file names) in a scratch project, on the
files its `files` pattern selects."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.support import REPO, write_schemas

SCHEMA = "$defs:\n  Item:\n    type: object\n    properties:\n      id: {type: integer}\n"


def hooks() -> dict[str, dict[str, Any]]:
    from pre_commit.clientlib import load_manifest  # pre-commit's loader: validates against its schema

    return {hook["id"]: hook for hook in load_manifest(str(REPO / ".pre-commit-hooks.yaml"))}


def run_hook(hook: dict[str, Any], project: Path) -> subprocess.CompletedProcess[str]:
    """As pre-commit does for pass_filenames: false: the entry plus args, once, in the repo root,
    with the hook environment's scripts (here, this venv's) first on the PATH."""
    words = shlex.split(hook["entry"]) + list(hook["args"])
    words[0] = str(Path(sys.executable).parent / words[0])
    return subprocess.run(words, capture_output=True, text=True, cwd=project, timeout=300)


def selects(hook: dict[str, Any], path: str) -> bool:
    return bool(re.search(hook["files"], path)) and not re.search(hook["exclude"], path)


def test_manifest_is_valid_for_pre_commit() -> None:
    found = hooks()
    assert set(found) == {"schemagen-check", "schemagen-generate"}
    for hook in found.values():
        assert hook["language"] == "python" and hook["pass_filenames"] is False and hook["require_serial"] is True
        assert shlex.split(hook["entry"])[0] == "schemagen"
        for path in ("schemas/shop/items.yaml", "schemas/a/b.json", "schemas/x.yml", "pyproject.toml", "templates/pydantic/module.py.j2"):
            assert selects(hook, path), (hook["id"], path)
        for path in ("README.md", "src/app.py", "schemas/notes.txt", "sub/pyproject.toml"):
            assert not selects(hook, path), (hook["id"], path)
    assert selects(found["schemagen-check"], "generated/typescript/index.ts")  # a hand edit is drift too


def test_hook_entries_run_as_pre_commit_runs_them(tmp_path: Path) -> None:
    write_schemas(tmp_path, {"shop/items.yaml": SCHEMA})
    (tmp_path / "pyproject.toml").write_text('[tool.schemagen]\nschemas = "schemas"\n', encoding="utf-8")
    found = hooks()
    result = run_hook(found["schemagen-check"], tmp_path)
    assert result.returncode == 1 and "missing: generated/" in result.stderr
    assert "+++" not in result.stdout  # --no-diff: the hook output stays short
    assert "run `schemagen generate`" in result.stderr
    result = run_hook(found["schemagen-generate"], tmp_path)
    assert result.returncode == 0 and " written" in result.stdout
    assert (tmp_path / "generated/typescript/shop/items.ts").is_file()
    result = run_hook(found["schemagen-check"], tmp_path)
    assert result.returncode == 0 and "in sync" in result.stdout
    (tmp_path / "schemas/shop/items.yaml").write_text(SCHEMA + "  Broken: {type: object, properties: [1\n")
    result = run_hook(found["schemagen-check"], tmp_path)
    assert result.returncode == 2 and "schemas/shop/items.yaml:" in result.stderr


@pytest.mark.parametrize("name", ["schemagen-check", "schemagen-generate"])
def test_docs_document_each_hook(name: str) -> None:
    assert f"id: {name}" in (REPO / "docs" / "cli.md").read_text(encoding="utf-8")
