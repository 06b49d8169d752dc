"""How runs report, through the real CLI: --format text|json|github, --strict, -q / --no-diff, the
drift message, and names from the input that could drive a terminal or split a line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from schemagen.cli.app import app
from schemagen.cli.report import github_data, github_property
from tests.support import write_schemas

WARNED = """
$defs:
  Item:
    type: object
    properties:
      id: {type: integer}
      odd: {not: {type: string}}
"""


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture()
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    write_schemas(tmp_path, {"shop/items.yaml": WARNED})
    (tmp_path / "pyproject.toml").write_text('[tool.schemagen]\nschemas = "schemas"\nout = "gen"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def files_of(folder: Path) -> dict[str, bytes]:
    """The generated files (the lock file is not output)."""
    if not folder.exists():
        return {}
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file() and p.name != ".schemagen.lock"}


def test_github_escapes_follow_the_workflow_command_rules() -> None:
    assert github_data("50% done\r\nnext") == "50%25 done%0D%0Anext"
    assert github_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"
    assert github_data("\x1b[31mred") == "\\x1b[31mred"


def test_github_format_annotates_warnings_and_errors(project: Path) -> None:
    code, out, _ = run("generate", "--format", "github")
    assert code == 0
    lines = [line for line in out.splitlines() if line.startswith("::warning ")]
    assert lines and lines[0].startswith("::warning file=schemas/shop/items.yaml,line=7,col=13,title=schemagen unsupported-keyword")
    (project / "schemas/shop/bad.yaml").write_text("$defs:\n  A: {type: object, properties: [1\n")
    code, out, _ = run("check", "--format", "github")
    assert code == 2
    assert any(line.startswith("::error file=schemas/shop/bad.yaml,line=") for line in out.splitlines()), out


def test_github_format_reports_drift_per_file_and_fences_the_diff(project: Path) -> None:
    assert run("generate")[0] == 0
    (project / "schemas/shop/items.yaml").write_text(WARNED.replace("integer", "string"))
    code, out, _ = run("check", "--format", "github")
    assert code == 1
    lines = out.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("::stop-commands::"))
    token = lines[start].split("::")[2]
    end = lines.index(f"::{token}::")
    assert any(line.startswith("+") and "str" in line for line in lines[start:end])
    drift = [line for line in lines if line.startswith("::error file=gen/")]
    assert drift[0].startswith("::error file=gen/python/") and drift[-1].startswith("::error file=gen/.schemagen-manifest.json")
    assert "run `schemagen generate`" in lines[-1]


def test_json_format_is_one_versioned_document(project: Path) -> None:
    assert run("generate", "-q")[0] == 0
    (project / "schemas/shop/items.yaml").write_text(WARNED.replace("integer", "string"))
    code, out, err = run("check", "--format", "json")
    assert code == 1 and err == ""
    doc = json.loads(out)
    assert doc["version"] == 1 and doc["tool"] == "schemagen" and doc["command"] == "check"
    assert doc["status"] == "drift" and doc["exit_code"] == 1
    warning = next(d for d in doc["diagnostics"] if d["severity"] == "warning")
    assert warning["code"] == "unsupported-keyword"
    # `not` is checked at run time in Python: a note names what the generated package then needs
    assert any(d["severity"] == "note" and d["code"] == "runtime-requirement" for d in doc["diagnostics"])
    assert (warning["file"], warning["line"], warning["col"]) == ("schemas/shop/items.yaml", 7, 13)
    assert warning["pointer"] == "/$defs/Item/properties/odd/not" and warning["target"] == "typescript"
    changed = doc["drift"]["changed"]
    assert changed[-1] == "gen/.schemagen-manifest.json" and "gen/typescript/shop/items.ts" in changed
    assert doc["diff"].index("a/gen/python/") < doc["diff"].index("a/gen/.schemagen-manifest.json")
    assert doc["summary"]["types"] == 1 and doc["summary"]["warnings"] == 1
    code, out, _ = run("check", "--format", "json", "--no-diff")
    assert json.loads(out)["diff"] is None
    assert run("generate", "-q")[0] == 0
    code, out, _ = run("check", "--format", "json")
    assert code == 0 and json.loads(out)["status"] == "ok"


def test_json_format_for_errors(project: Path) -> None:
    (project / "schemas/shop/bad.yaml").write_text("$defs:\n  A: {type: object, properties: [1\n")
    code, out, err = run("generate", "--format", "json")
    doc = json.loads(out)
    assert code == 2 and doc["status"] == "error" and doc["exit_code"] == 2 and err == ""
    assert any(d["severity"] == "error" and d["file"] == "schemas/shop/bad.yaml" and d["line"] for d in doc["diagnostics"])
    assert doc["messages"] == ["schemagen: 1 error(s); nothing was written"]
    assert files_of(project / "gen") == {}


def test_strict_fails_on_warnings_and_writes_nothing(project: Path) -> None:
    code, _, err = run("generate", "--strict", "-q")
    assert code == 2
    assert "warning[unsupported-keyword]" in err and "--strict; nothing was written" in err
    assert files_of(project / "gen") == {}
    assert run("generate")[0] == 0
    before = files_of(project / "gen")
    code, _, err = run("check", "--strict")
    assert code == 2 and "check failed" in err
    assert files_of(project / "gen") == before
    (project / "schemas/shop/items.yaml").write_text(WARNED.replace("      odd: {not: {type: string}}\n", ""))
    assert run("generate", "--strict")[0] == 0  # no warnings: strict passes


def test_quiet_and_no_diff_silence_the_diff(project: Path) -> None:
    assert run("generate", "-q")[0] == 0
    (project / "schemas/shop/items.yaml").write_text(WARNED.replace("integer", "string"))
    code, out, err = run("check")
    assert code == 1 and "+++ b/gen/python/" in out
    code, out, err = run("check", "--no-diff")
    assert code == 1 and out == "" and "changed: gen/python/" in err
    code, out, err = run("check", "-q")
    assert code == 1 and out == "" and "warning" not in err and "out of date" in err


def test_drift_message_names_the_command_for_this_project(project: Path) -> None:
    assert run("generate", "-q")[0] == 0
    (project / "schemas/shop/items.yaml").write_text(WARNED.replace("integer", "string"))
    err = run("check", "-q")[2]
    assert "run `schemagen generate`" in err and "make" not in err
    err = run("check", "-q", "--target", "typescript,pydantic")[2]
    assert "run `schemagen generate --target typescript,pydantic`" in err
    (project / "Makefile").write_text("generate:\n\tschemagen generate\n")
    assert "run `make generate`" in run("check", "-q")[2]
    (project / "Makefile").write_text("all:\n\ttrue\n")
    assert "run `schemagen generate`" in run("check", "-q")[2]


def test_manifest_comes_last_in_the_diff(project: Path) -> None:
    assert run("generate", "-q")[0] == 0
    (project / "schemas/shop/items.yaml").write_text(WARNED.replace("integer", "string"))
    code, out, err = run("check")
    headers = [line for line in out.splitlines() if line.startswith("--- a/")]
    assert headers[-1] == "--- a/gen/.schemagen-manifest.json" and len(headers) > 1
    changed = [line for line in err.splitlines() if line.startswith("changed:")]
    assert changed[-1] == "changed: gen/.schemagen-manifest.json"


NASTY = "evil\x1b[2J\u202e\u2028,x:y%\n.yaml"


@pytest.mark.parametrize("fmt", ["text", "github", "json"])
def test_names_from_the_input_cannot_drive_the_terminal_or_split_a_line(project: Path, fmt: str) -> None:
    """A schema file named with an escape sequence, a bidi override, a line separator and a
    newline: the diagnostic naming it stays one line and carries none of them raw."""
    try:
        (project / "schemas" / NASTY).write_text("$defs:\n  A: {type: object, properties: [1\n")
    except OSError:
        pytest.skip("this file system refuses such names")
    code, out, err = run("generate", "--format", fmt)
    assert code == 2
    text = out + err
    for raw in ("\x1b", "\u202e", "\u2028", "\r"):
        assert raw not in text
    if fmt == "json":
        doc = json.loads(out)
        assert any(d["file"] and d["file"].endswith(NASTY) for d in doc["diagnostics"])  # the real name, JSON-escaped
        return
    lines = [line for line in text.splitlines() if "evil" in line]
    assert lines, text
    for line in lines:
        if fmt == "text":
            assert "\\x1b[2J\\u202e\\u2028,x:y%\\x0a.yaml" in line
            assert line.startswith("schemas/evil") and ": error[" in line
        else:
            assert line.startswith("::error file=schemas/evil\\x1b[2J\\u202e\\u2028%2Cx%3Ay%25%0A.yaml")
