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


LINK_ENV = ("SCHEMAGEN_LINK_BASE", "GITHUB_SERVER_URL", "GITHUB_REPOSITORY", "GITHUB_SHA")


def render(command: str, fmt: str, env: dict[str, str] | None = None) -> tuple[int, str]:
    """The report as a run outside CI writes it (no forge to link lines to), unless `env` says otherwise."""
    cwd = os.getcwd()
    saved = {k: os.environ.pop(k) for k in LINK_ENV if k in os.environ}
    os.environ.update(env or {})
    os.chdir(CASE / "new")
    try:
        result = CliRunner().invoke(app, [command, "--against", "../old/schemas", "--format", fmt, "--mode", "full"])
    finally:
        os.chdir(cwd)
        for k in env or {}:
            os.environ.pop(k, None)
        os.environ.update(saved)
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


def test_markdown_links_each_line_on_the_forge() -> None:
    _, text = render("breaking", "markdown", {"SCHEMAGEN_LINK_BASE": "https://forge.test/o/r/blob/abc123"})
    sections = [line for line in text.splitlines() if line.startswith("#### ")]
    assert sections and sections[0].startswith("#### 🔴 Breaking")
    items = [line for line in text.splitlines() if line.startswith("- ")]
    assert items and all("](https://forge.test/o/r/blob/abc123/" in line or "(old)" in line for line in items)
    assert "tests/review/cases/shop/new/schemas/shop/order.yaml#L" in text  # repository-relative, with the line


if __name__ == "__main__":
    update()
