"""`breaking` and `diff` against git revisions of a real repository (made here with `git init`)
holding multi-file schemas, and the errors for revisions that cannot be read."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.review.helpers import cli, git, write_set

ORDER = """
$defs:
  Order:
    type: object
    required: [id]
    properties:
      id: {type: integer}
      status: {$ref: 'common.yaml#/$defs/Status'}
"""
COMMON_V1 = "$defs:\n  Status:\n    enum: [open, closed, void]\n"
COMMON_V2 = "$defs:\n  Status:\n    enum: [open, closed]\n"


@pytest.fixture()
def repo(tmp_path: Path) -> Path:
    write_set(tmp_path, {"shop/order.yaml": ORDER, "shop/common.yaml": COMMON_V1})
    git(tmp_path, "init", "-q", "-b", "main")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-q", "-m", "v1")
    git(tmp_path, "tag", "v1")
    (tmp_path / "schemas/shop/common.yaml").write_text(COMMON_V2, encoding="utf-8")
    return tmp_path


def test_working_tree_against_head_reads_cross_file_refs(repo: Path, monkeypatch: Any) -> None:
    code, out, err = cli(repo, "breaking", "--against", "HEAD", "--format", "json", monkeypatch=monkeypatch)
    assert code == 1, err
    found = [(f["rule"], f["subject"], f["file"], f["line"]) for f in json.loads(out)["findings"]]
    assert found == [("SOURCE_ENUM_MEMBER_REMOVED", "Status.VOID", "schemas/shop/common.yaml", 2),
                     ("WIRE_ENUM_VALUE_REMOVED", "Status", "schemas/shop/common.yaml", 3)]


def test_revisions_by_tag_branch_and_relative_name(repo: Path, monkeypatch: Any) -> None:
    git(repo, "commit", "-qam", "v2")
    for ref, expected in (("v1", 1), ("main~1", 1), ("HEAD", 0), ("main", 0)):
        code, out, err = cli(repo, "breaking", "--against", ref, monkeypatch=monkeypatch)
        assert code == expected, (ref, out, err)


def test_diff_against_a_revision_lists_changes_and_generated_files(repo: Path, monkeypatch: Any) -> None:
    (repo / "schemas/shop/order.yaml").write_text(ORDER + "      note: {type: string, description: free text}\n", encoding="utf-8")
    code, out, err = cli(repo, "diff", "--against", "HEAD", "--format", "json", "--fail-on", "breaking", monkeypatch=monkeypatch)
    assert code == 1, err
    body = json.loads(out)
    rules = [(f["rule"], f["breaking"]) for f in body["findings"]]
    assert ("WIRE_ENUM_VALUE_REMOVED", True) in rules and ("SOURCE_FIELD_ADDED", False) in rules
    assert body["generated"] == [{"change": "changed", "path": "typescript/shop/common.ts", "target": "typescript"},
                                 {"change": "changed", "path": "typescript/shop/order.ts", "target": "typescript"}]
    code, out, err = cli(repo, "diff", "--against", "HEAD", monkeypatch=monkeypatch)
    assert code == 0  # without --fail-on, diff reports and succeeds


def test_a_revision_without_the_schemas_folder_makes_everything_new(repo: Path, monkeypatch: Any) -> None:
    (repo / "README").write_text("x", encoding="utf-8")
    git(repo, "checkout", "-q", "--orphan", "empty")
    git(repo, "read-tree", "--empty")
    git(repo, "add", "README")
    git(repo, "commit", "-qm", "empty")
    code, out, err = cli(repo, "diff", "--against", "empty", "--format", "json", monkeypatch=monkeypatch)
    assert code == 0, err
    assert {f["rule"] for f in json.loads(out)["findings"]} == {"SOURCE_TYPE_ADDED"}


def test_an_unknown_revision_is_bad_input(repo: Path, monkeypatch: Any) -> None:
    code, out, err = cli(repo, "breaking", "--against", "no-such-branch", monkeypatch=monkeypatch)
    assert code == 2
    assert "'no-such-branch' is neither a folder nor a git revision" in err


def test_a_shallow_clone_names_the_fix(repo: Path, tmp_path: Path, monkeypatch: Any) -> None:
    git(repo, "commit", "-qam", "v2")
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{repo}", str(clone))
    code, out, err = cli(clone, "breaking", "--against", "HEAD~1", monkeypatch=monkeypatch)
    assert code == 2
    assert "shallow" in err and "fetch-depth: 0" in err


def test_outside_a_repository_a_missing_folder_is_bad_input(tmp_path: Path, monkeypatch: Any) -> None:
    write_set(tmp_path / "w", {"a.yaml": "$defs:\n  A: {type: string}\n"})
    code, out, err = cli(tmp_path / "w", "breaking", "--against", "main", monkeypatch=monkeypatch)
    assert code == 2
    assert "not inside a git repository" in err


def test_ignores_in_pyproject_accept_deliberate_breaks(repo: Path, monkeypatch: Any) -> None:
    pyproject = repo / "pyproject.toml"
    pyproject.write_text(pyproject.read_text() + '\n[tool.schemagen.breaking]\nignore = ["WIRE_ENUM_VALUE_REMOVED:Status", '
                         '{rule = "SOURCE_ENUM_MEMBER_REMOVED", pointer = "shop/common.yaml#/$defs/Status"}]\n', encoding="utf-8")
    code, out, err = cli(repo, "breaking", "--against", "HEAD", monkeypatch=monkeypatch)
    assert code == 0, out + err
    code, out, err = cli(repo, "diff", "--against", "HEAD", "--format", "json", "--fail-on", "breaking", monkeypatch=monkeypatch)
    assert code == 0
    assert all("accepted in [tool.schemagen.breaking] ignore" in f["message"] for f in json.loads(out)["findings"])


@pytest.mark.parametrize("table,message", [
    ('mode = "sideways"', "[tool.schemagen.breaking] mode: 'sideways'"),
    ('ignore = ["NO_SUCH_RULE"]', "unknown rule id 'NO_SUCH_RULE'"),
    ('colour = 1', "[tool.schemagen.breaking] colour: unknown key"),
])
def test_bad_breaking_settings_are_bad_input(repo: Path, monkeypatch: Any, table: str, message: str) -> None:
    pyproject = repo / "pyproject.toml"
    pyproject.write_text(pyproject.read_text() + f"\n[tool.schemagen.breaking]\n{table}\n", encoding="utf-8")
    code, out, err = cli(repo, "breaking", "--against", "HEAD", monkeypatch=monkeypatch)
    assert code == 2 and message in err, err


def test_mode_and_rules_defaults_come_from_pyproject(repo: Path, monkeypatch: Any) -> None:
    pyproject = repo / "pyproject.toml"
    pyproject.write_text(pyproject.read_text() + '\n[tool.schemagen.breaking]\nmode = "forward"\nrules = "wire"\n', encoding="utf-8")
    code, out, err = cli(repo, "breaking", "--against", "HEAD", monkeypatch=monkeypatch)
    assert code == 0, out  # removing an enum value is forward compatible, and source rules are off
    code, out, err = cli(repo, "breaking", "--against", "HEAD", "--mode", "backward", monkeypatch=monkeypatch)
    assert code == 1 and "WIRE_ENUM_VALUE_REMOVED" in out and "SOURCE_" not in out
