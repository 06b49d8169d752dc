"""Editor and shell comforts through the real CLI: completion, the --target metavar and `a,b`,
"did you mean" for misspelt config keys and targets."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from schemagen.cli.app import app
from tests.support import write_schemas

SCHEMA = "$defs:\n  Item:\n    type: object\n    properties:\n      id: {type: integer}\n"
SCHEMAGEN = [str(Path(sys.executable).parent / "schemagen")]  # the console script: completion keys on its name


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture()
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    write_schemas(tmp_path, {"shop/items.yaml": SCHEMA})
    monkeypatch.chdir(tmp_path)
    return tmp_path


def complete(words: str, tmp_path: Path) -> list[str]:
    """What bash completion offers for the last word (the protocol click's bash script speaks)."""
    env = {**os.environ, "_SCHEMAGEN_COMPLETE": "complete_bash", "COMP_WORDS": words,
           "COMP_CWORD": str(len(words.split()) - (0 if words.endswith(" ") else 1))}
    result = subprocess.run([*SCHEMAGEN], capture_output=True, text=True, env=env, cwd=tmp_path, timeout=60)
    return result.stdout.split()


def test_shell_completion_is_enabled(tmp_path: Path) -> None:
    code, out, _ = run("--help")
    assert "--install-completion" in out and "--show-completion" in out
    assert complete("schemagen ch", tmp_path) == ["check"]
    assert complete("schemagen generate --target type", tmp_path) == ["typeddict", "typescript"]
    assert complete("schemagen check --target pydantic,ty", tmp_path) == ["pydantic,typeddict", "pydantic,typescript"]


def test_target_has_a_plain_metavar() -> None:
    out = run("generate", "--help")[1]
    assert "--target TARGET" in out and "[]" not in out


def test_target_accepts_a_comma_list_and_repetition(project: Path) -> None:
    assert run("generate", "-q", "--target", "typescript,typeddict")[0] == 0
    assert (project / "generated/typescript/shop/items.ts").is_file()
    assert (project / "generated/python/contracts_td/shop/items.py").is_file()
    assert not (project / "generated/python/contracts").exists()
    assert run("generate", "-q", "-t", "pydantic", "-t", "typescript")[0] == 0
    assert (project / "generated/python/contracts/shop/items.py").is_file()


def test_misspelt_target_suggests_the_right_one(project: Path) -> None:
    code, _, err = run("generate", "--target", "typescirpt")
    assert code == 2 and "unknown target 'typescirpt' (did you mean 'typescript'?)" in err


def test_misspelt_config_key_says_did_you_mean_with_file_and_line(project: Path) -> None:
    (project / "pyproject.toml").write_text('[project]\nname = "x"\n\n[tool.schemagen]\nschemas = "schemas"\n'
                                            'pyhton_package = "shop"\n', encoding="utf-8")
    code, _, err = run("check")
    assert code == 2
    line = err.splitlines()[0]
    assert line.endswith("error[config]: [tool.schemagen] pyhton_package: unknown key (did you mean 'python_package'?); "
                         + line.split("; ", 1)[1])
    assert line.startswith(f"{project / 'pyproject.toml'}:6:1:") or line.startswith("pyproject.toml:6:1:")
    (project / "pyproject.toml").write_text('[tool.schemagen]\nzzzz = 1\n', encoding="utf-8")
    err = run("check")[2]
    assert "zzzz: unknown key;" in err and "did you mean" not in err


def test_help_does_not_import_the_pipeline() -> None:
    code = ("import sys; from schemagen.cli.app import app\n"
            "try:\n    app(['--help'])\nexcept SystemExit:\n    pass\n"
            "heavy = [m for m in ('schemagen.pipeline', 'schemagen.cli.report', 'jinja2', 'black', 'jsonschema', 'watchfiles') "
            "if m in sys.modules]\nprint('HEAVY', heavy)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert "HEAVY []" in result.stdout, result.stdout + result.stderr


def test_github_annotation_paths_are_relative_to_the_checkout(project: Path) -> None:
    (project / "pyproject.toml").write_text('[tool.schemagen]\nfield_naming = "kebab"\n', encoding="utf-8")
    out = run("check", "--format", "github")[1]
    assert out.startswith("::error file=pyproject.toml,line=2,col=1,title=schemagen config::"), out


def test_misspelt_key_in_a_target_table_says_did_you_mean(project: Path) -> None:
    (project / "pyproject.toml").write_text('[tool.schemagen]\nschemas = "schemas"\n\n'
                                            '[tool.schemagen.pydantic]\npakage = "shop"\n', encoding="utf-8")
    code, _, err = run("check")
    assert code == 2
    assert "pydantic.pakage: unknown key (did you mean 'package'?); [tool.schemagen.pydantic] takes out, package" in err
