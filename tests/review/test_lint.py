"""One test per lint rule (a schema, the expected finding, its position and the exit code), the
rule sets and their configuration, `x-lint-ignore`, and this repository's schemas passing DEFAULT."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from schemagen.review.lint import DEFAULT, LINT_RULES, MINIMAL, STRICT
from tests.review.helpers import PYPROJECT, cli, write_set

REPO = Path(__file__).resolve().parents[2]
D = "$defs:\n  T:\n    description: a type\n"

# (rule, schema text of t.yaml, subject, "line:col")
CASES = [
    ("TYPE_NAME_PASCAL_CASE", "$defs:\n  order_line:\n    description: x\n    type: string\n", "order_line", "2:3"),
    ("ENUM_ONE_TYPE", D + "    enum: [a, 1]\n", "T", "4:5"),
    ("DEFAULT_VALID", D + "    type: integer\n    default: nope\n", "T", "5:5"),
    ("EXAMPLES_VALID", D + "    type: integer\n    examples: [1, x]\n", "T", "5:19"),
    ("PROPERTY_NAME_CASE", D + "    type: object\n    properties:\n      firstName: {type: string}\n      lastName: {type: string}\n"
     "      birth_date: {type: string}\n", "T.birth_date", "8:7"),
    ("DESCRIPTION_REQUIRED", "$defs:\n  T:\n    type: string\n", "T", "2:3"),
    ("UNION_TAGGED", D + "    oneOf:\n      - {type: object, properties: {a: {type: string}}, title: A}\n"
     "      - {type: object, properties: {b: {type: string}}, title: B}\n", "T", "4:5"),
    ("ANONYMOUS_OBJECT_NAMED", D + "    type: array\n    items:\n      type: object\n      properties: {a: {type: string}}\n",
     "T[]", "5:5"),
    ("NULLABLE_ONE_SPELLING", D + "    type: object\n    properties:\n      a: {type: [string, 'null']}\n"
     "      b: {type: [integer, 'null']}\n      c: {anyOf: [{type: string}, {type: 'null'}]}\n", "T.c", "8:7"),
    ("UNUSED_DEFINITION", "description: the root\ntype: object\nproperties:\n  a: {$ref: '#/$defs/A'}\n"
     "$defs:\n  A: {type: string, description: a}\n  B: {type: string, description: b}\n", "B", "7:3"),
    ("OBJECT_OPENNESS_EXPLICIT", D + "    type: object\n    properties: {a: {type: string}}\n", "T", "2:3"),
    ("UNION_DISCRIMINATOR", D + "    oneOf:\n      - {$ref: '#/$defs/A'}\n      - {$ref: '#/$defs/B'}\n"
     "  A: {description: a, type: object, additionalProperties: false, required: [kind], properties: {kind: {const: a}}}\n"
     "  B: {description: b, type: object, additionalProperties: false, required: [kind], properties: {kind: {const: b}}}\n",
     "T", "4:5"),
    ("KEYWORD_NOT_ENFORCED", D + "    type: string\n    not: {const: x}\n", "T", "5:5"),
]


def lint(tmp_path: Path, monkeypatch: Any, files: dict[str, str], *args: str, pyproject: str = PYPROJECT) -> tuple[int, list[dict[str, Any]], str]:
    write_set(tmp_path, files, pyproject)
    code, out, err = cli(tmp_path, "lint", "--format", "json", *args, monkeypatch=monkeypatch)
    assert code in (0, 1), err
    return code, json.loads(out)["findings"], out


@pytest.mark.parametrize("rule,text,subject,position", CASES, ids=[c[0] for c in CASES])
def test_lint_rule(tmp_path: Path, monkeypatch: Any, rule: str, text: str, subject: str, position: str) -> None:
    code, findings, _ = lint(tmp_path, monkeypatch, {"t.yaml": text}, "--use", rule)
    assert code == 1
    assert [(f["rule"], f["subject"], f["file"], f"{f['line']}:{f['col']}") for f in findings] == [
        (rule, subject, "schemas/t.yaml", position)]
    silenced = text.replace("$defs:\n", f"x-lint-ignore: [{rule}]\n$defs:\n", 1) if text.startswith("$defs") else \
        f"x-lint-ignore: [{rule}]\n" + text
    code, findings, _ = lint(tmp_path / "silenced", monkeypatch, {"t.yaml": silenced}, "--use", rule)
    assert (code, findings) == (0, [])


def test_every_lint_rule_has_a_case_and_a_set() -> None:
    assert {c[0] for c in CASES} == set(LINT_RULES) == set(STRICT)
    assert set(MINIMAL) < set(DEFAULT) < set(STRICT)


def test_sets_and_configuration(tmp_path: Path, monkeypatch: Any) -> None:
    files = {"a/t.yaml": "$defs:\n  T: {type: string}\n", "b/u.yaml": "$defs:\n  u_type: {type: string}\n"}
    code, findings, _ = lint(tmp_path / "1", monkeypatch, files)  # DEFAULT
    assert sorted(f["rule"] for f in findings) == ["DESCRIPTION_REQUIRED", "DESCRIPTION_REQUIRED", "TYPE_NAME_PASCAL_CASE"]
    code, findings, _ = lint(tmp_path / "2", monkeypatch, files, "--use", "MINIMAL")
    assert [f["rule"] for f in findings] == ["TYPE_NAME_PASCAL_CASE"]
    config = PYPROJECT + '[tool.schemagen.lint]\nuse = ["DEFAULT"]\nexcept = ["TYPE_NAME_PASCAL_CASE"]\nignore = ["a"]\n'
    code, findings, _ = lint(tmp_path / "3", monkeypatch, files, pyproject=config)
    assert [(f["rule"], f["file"]) for f in findings] == [("DESCRIPTION_REQUIRED", "schemas/b/u.yaml")]
    config = PYPROJECT + '[tool.schemagen.lint]\nignore_only = {DESCRIPTION_REQUIRED = ["a/t.yaml", "b"]}\n'
    code, findings, _ = lint(tmp_path / "4", monkeypatch, files, pyproject=config)
    assert (code, [f["rule"] for f in findings]) == (1, ["TYPE_NAME_PASCAL_CASE"])


@pytest.mark.parametrize("table,message", [('use = ["LOUD"]', "'LOUD': expected MINIMAL"),
                                           ('except = ["NOPE"]', "unknown rule id 'NOPE'"),
                                           ('colour = 1', "colour: unknown key")])
def test_bad_lint_settings_are_bad_input(tmp_path: Path, monkeypatch: Any, table: str, message: str) -> None:
    write_set(tmp_path, {"t.yaml": "$defs:\n  T: {type: string}\n"}, PYPROJECT + f"[tool.schemagen.lint]\n{table}\n")
    code, out, err = cli(tmp_path, "lint", monkeypatch=monkeypatch)
    assert code == 2 and message in err


def test_x_lint_ignore_must_list_rule_ids(tmp_path: Path, monkeypatch: Any) -> None:
    write_set(tmp_path, {"t.yaml": "$defs:\n  T: {type: string, x-lint-ignore: lots}\n"})
    code, out, err = cli(tmp_path, "lint", monkeypatch=monkeypatch)
    assert code == 2 and "x-lint-ignore" in err


def test_this_repository_passes_the_default_set(monkeypatch: Any) -> None:
    code, out, err = cli(REPO, "lint", monkeypatch=monkeypatch)
    assert (code, out) == (0, "schemagen lint: 0 findings\n"), out + err


def test_github_and_text_formats(tmp_path: Path, monkeypatch: Any) -> None:
    write_set(tmp_path, {"t.yaml": "$defs:\n  t: {type: string, description: x}\n"})
    code, out, _ = cli(tmp_path, "lint", "--format", "github", monkeypatch=monkeypatch)
    assert (code, out) == (1, "::error file=schemas/t.yaml,line=2,col=3,title=TYPE_NAME_PASCAL_CASE t::the type name 't' is "
                              "not PascalCase\nschemagen lint: 1 finding\n")
    code, out, _ = cli(tmp_path, "lint", monkeypatch=monkeypatch)
    assert out == "schemas/t.yaml:2:3: lint[TYPE_NAME_PASCAL_CASE] t: the type name 't' is not PascalCase\nschemagen lint: 1 finding\n"
