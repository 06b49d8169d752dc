"""Shared helpers for the review command tests: schema sets on disk, the CLI in-process, git."""

from __future__ import annotations

import json
import subprocess
import textwrap
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from schemagen.cli.app import app

PYPROJECT = '[tool.schemagen]\nschemas = "schemas"\nout = "generated"\ntargets = ["typescript"]\n'


def write_set(root: Path, files: dict[str, str], pyproject: str = PYPROJECT) -> Path:
    """root/pyproject.toml and root/schemas/<rel> for each file (YAML text, dedented)."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "pyproject.toml").write_text(pyproject, encoding="utf-8")
    for rel, text in files.items():
        path = root / "schemas" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return root


def cli(cwd: Path, *args: str, monkeypatch: Any) -> tuple[int, str, str]:
    monkeypatch.chdir(cwd)
    result = CliRunner().invoke(app, list(args))
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def breaking(tmp_path: Path, old: dict[str, str], new: dict[str, str], monkeypatch: Any,
             *args: str, pyproject: str = PYPROJECT) -> tuple[int, list[dict[str, Any]]]:
    """Run `schemagen breaking --against <old folder> --format json` in the new set."""
    write_set(tmp_path / "old", old, pyproject)
    write_set(tmp_path / "new", new, pyproject)
    code, out, err = cli(tmp_path / "new", "breaking", "--against", str(tmp_path / "old" / "schemas"),
                         "--format", "json", *args, monkeypatch=monkeypatch)
    assert code in (0, 1), err
    return code, json.loads(out)["findings"]


def git(cwd: Path, *args: str) -> str:
    env = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.com", "GIT_CONFIG_GLOBAL": "/dev/null", "GIT_CONFIG_SYSTEM": "/dev/null",
           "PATH": "/usr/bin:/bin:/usr/local/bin", "HOME": str(cwd)}
    done = subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, text=True, check=True)
    return done.stdout
