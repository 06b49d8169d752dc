"""The console script's short way for `check`/`generate` with no option but `-q` (entry.py): the same
exit codes and output as through the Typer app, without importing Typer or pydantic."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from schemagen.entry import _plain

SCHEMA = '{"$defs": {"Thing": {"type": "object", "properties": {"name": {"type": "string"}}}}}'


@pytest.mark.parametrize("argv, expected", [
    (["check"], ("check", False)), (["check", "-q"], ("check", True)), (["generate", "--quiet"], ("generate", True)),
    (["generate"], ("generate", False)), (["check", "--diff"], None), (["check", "-q", "-q"], None),
    (["check", "--schemas", "x"], None), (["watch"], None), (["--help"], None), ([], None), (["lint"], None),
])
def test_only_the_plain_forms_take_the_short_way(argv: list[str], expected: tuple[str, bool] | None) -> None:
    assert _plain(argv) == expected


def _project(tmp_path: Path) -> Path:
    (tmp_path / "schemas").mkdir(parents=True)
    (tmp_path / "schemas" / "things.json").write_text(SCHEMA, encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text('[tool.schemagen]\nschemas = "schemas"\nout = "out"\n', encoding="utf-8")
    return tmp_path


def _run(cwd: Path, *args: str) -> tuple[int, str, str]:
    proc = subprocess.run([sys.executable, "-m", "schemagen", *args], cwd=cwd, capture_output=True, text=True,
                          env={**__import__("os").environ, "SCHEMAGEN_NO_CACHE": "1"})
    return proc.returncode, proc.stdout, proc.stderr


def _untimed(result: tuple[int, str, str]) -> tuple[int, str, str]:
    code, out, err = result
    return code, re.sub(r" in [0-9.]+s$", "", out, flags=re.M), err


def test_the_short_way_answers_as_the_typer_app_does(tmp_path: Path) -> None:
    short, long = _project(tmp_path / "short"), _project(tmp_path / "long")
    # nothing generated yet: check reports drift, the same way on both paths
    assert _run(short, "check") == _run(long, "check", "--diff")
    assert _run(short, "check", "-q") == _run(long, "check", "-q", "--diff")
    assert _run(short, "check")[0] == 1
    generated = _untimed(_run(short, "generate"))
    assert generated[0] == 0, generated
    assert generated == _untimed(_run(long, "generate", "--target", "pydantic,typeddict,typescript"))
    assert _run(short, "check", "-q") == (0, "", "") == _run(long, "check", "-q", "--format", "text")
    assert _untimed(_run(short, "generate")) == _untimed(_run(long, "generate", "--format", "text"))


def test_a_quiet_no_change_check_imports_neither_typer_nor_pydantic(tmp_path: Path) -> None:
    root = _project(tmp_path)
    assert _run(root, "generate", "-q")[0] == 0
    probe = ("import sys; sys.argv = ['schemagen', 'check', '-q']\n"
             "from schemagen.entry import main\n"
             "try:\n    main()\nexcept SystemExit as exc:\n    code = exc.code\n"
             "print(code, 'typer' in sys.modules, 'pydantic' in sys.modules)")
    proc = subprocess.run([sys.executable, "-c", probe], cwd=root, capture_output=True, text=True)
    assert proc.stdout.split() == ["0", "False", "False"], proc.stderr[-2000:]
