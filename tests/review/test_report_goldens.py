"""The text, json, github and markdown reports of `breaking` and `diff` over a fixed pair of
schema sets (cases/shop/old → new), compared byte for byte with goldens/.

Regenerate with `make goldens` (or SCHEMAGEN_UPDATE_GOLDENS=1 pytest tests/review/test_report_goldens.py)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from schemagen.cli.app import app

HERE = Path(__file__).resolve().parent
CASE = HERE / "cases" / "shop"
GOLDENS = HERE / "goldens"
RUNS = [(command, fmt) for command in ("breaking", "diff") for fmt in ("text", "json", "github", "markdown")]
SUFFIX = {"text": "txt", "json": "json", "github": "github.txt", "markdown": "md"}


def render(command: str, fmt: str) -> tuple[int, str]:
    cwd = os.getcwd()
    os.chdir(CASE / "new")
    try:
        result = CliRunner().invoke(app, [command, "--against", "../old/schemas", "--format", fmt, "--mode", "full"])
    finally:
        os.chdir(cwd)
    return result.exit_code, result.stdout


def update() -> None:
    GOLDENS.mkdir(exist_ok=True)
    for command, fmt in RUNS:
        _, text = render(command, fmt)
        (GOLDENS / f"{command}.{SUFFIX[fmt]}").write_text(text, encoding="utf-8", newline="\n")
    print(f"review report goldens: {len(RUNS)} files")


@pytest.mark.parametrize("command,fmt", RUNS, ids=[f"{c}-{f}" for c, f in RUNS])
def test_report_matches_golden(command: str, fmt: str, monkeypatch: Any) -> None:
    code, text = render(command, fmt)
    assert code == (1 if command == "breaking" else 0)
    path = GOLDENS / f"{command}.{SUFFIX[fmt]}"
    if os.environ.get("SCHEMAGEN_UPDATE_GOLDENS"):
        path.write_text(text, encoding="utf-8", newline="\n")
    assert text == path.read_text(encoding="utf-8")


if __name__ == "__main__":
    update()
