"""Patterns that are ECMA-262 only without the `u` flag because they escape punctuation that needs
no escape (`[^\\:]`, `\\-` outside a class; azure-pipelines' branch filter): read as the same
pattern without those backslashes, with a `pattern-legacy` warning, in every target alike."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import TypeAdapter, ValidationError

from schemagen.diagnostics import SchemaError
from schemagen.frontend.patterns import unicode_spelling
from tests.support import generate_into, import_generated, run_tsc, tsc_available

BRANCH = r"^[^\/~\^\: \[\]\\]+(\/[^\/~\^\: \[\]\\]+)*$"  # azure-pipelines' branchFilter
SCHEMA = {
    "$schema": "http://json-schema.org/draft-07/schema#", "title": "Branch", "type": "object", "required": ["name"],
    "properties": {"name": {"type": "string", "pattern": BRANCH},
                   "tag": {"type": "string", "pattern": r"^v\-[0-9]+$"},
                   "meta": {"type": "object", "not": {"required": ["x"], "properties": {"x": {"pattern": r"^\@"}}}}},
}


@pytest.mark.parametrize("regex, expected", [
    (r"[^\:]", "[^:]"), (r"a\-b", "a-b"), (r"[a\-b]", None), (r"\@\#\%\&\'\"\;\<\=\>\_\`\~\ ", "@#%&'\";<=>_`~ "),
    (r"\.\*\+\?\(\)\[\]\{\}\|\/\^\$\\", None),  # syntax characters: their escapes are u-valid, kept
    (r"a{1\,2}", None),  # `,` is left alone: dropping it would make a quantifier of text
    (r"\d\w\s\b\u0041\x41", None), ("plain", None),
])
def test_only_needless_escapes_of_punctuation_are_dropped(regex: str, expected: str | None) -> None:
    assert unicode_spelling(regex) == expected


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[str], Path, str]:
    result, out, package = generate_into(tmp_path_factory.mktemp("legacy"), {"branch.json": SCHEMA})
    return [f"{d.code}:{d.location.pointer if d.location else ''}" for d in result.diagnostics], out, package


def test_each_such_pattern_is_a_located_warning(generated: tuple[list[str], Path, str]) -> None:
    codes, _, _ = generated
    assert sorted(c for c in codes if c.startswith("pattern")) == [
        "pattern-legacy:/properties/meta/not/properties/x/pattern", "pattern-legacy:/properties/name/pattern",
        "pattern-legacy:/properties/tag/pattern"]


@pytest.mark.parametrize("td", [False, True])
def test_both_python_targets_read_the_pattern_as_ecma_262_without_u_does(
        generated: tuple[list[str], Path, str], td: bool) -> None:
    _, out, package = generated
    module = import_generated(out, f"{package}{'_td' if td else ''}.branch")
    adapter = TypeAdapter(module.Branch)
    for good in ({"name": "main"}, {"name": "refs/heads/x"}, {"name": "a", "tag": "v-1"}, {"name": "a", "meta": {"x": "y"}}):
        adapter.validate_python(good)
    for bad in ({"name": "a:b"}, {"name": "a b"}, {"name": "a", "tag": "v1"}, {"name": "a", "meta": {"x": "@y"}}):
        with pytest.raises(ValidationError):
            adapter.validate_python(bad)


@pytest.mark.skipif(not tsc_available(), reason="node tools not installed (make test installs them)")
def test_the_typescript_compiles(generated: tuple[list[str], Path, str], tmp_path: Path) -> None:
    import shutil

    _, out, _ = generated
    shutil.copytree(out / "typescript", tmp_path / "ts")
    (tmp_path / "check.ts").write_text('import type * as T from "./ts/index.js";\n'
                                       'export const b: T.Branch = { name: "main", tag: "v-1" };\n', encoding="utf-8")
    result = run_tsc(tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("schema", [
    {"type": "object", "patternProperties": {r"^\:": {"type": "string"}}},  # a key stays as written: an error
    {"type": "string", "pattern": r"a{1\,2}"}, {"type": "string", "pattern": r"[\:"},
])
def test_what_cannot_be_respelt_is_still_refused(tmp_path: Path, schema: dict[str, object]) -> None:
    with pytest.raises(SchemaError) as failure:
        generate_into(tmp_path, {"a.json": {"title": "A", **schema}})
    assert [d.code for d in failure.value.diagnostics if d.severity == "error"] == ["pattern-invalid"]
