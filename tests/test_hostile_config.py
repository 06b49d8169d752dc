"""Issue 12: every `[tool.schemagen]` value that becomes a path, a package name, a module name or
a template is validated for what it is. Through the real CLI: a bad value is `error[config]`
naming the key, exit 2, no traceback, nothing written."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from schemagen.output.render import DEFAULT_TEMPLATES
from tests.hostile_support import cli, nothing_written, project

GOOD = {"$defs": {"A": {"type": "object", "properties": {"x": {"type": "string"}}}}}

BAD = {
    # a package name: fullmatch (a trailing newline), no keyword, no Windows device name
    "python_package = \"contracts\\n\"": "python_package",
    "python_package = \"def\"": "python_package",
    "python_package = \"import\"": "python_package",
    "python_package = \"con\"": "python_package",
    "python_package = \"Contracts\"": "python_package",
    "python_package = \"a-b\"": "python_package",
    "typeddict_package = \"x\\n\"": "typeddict_package",
    "typeddict_package = \"class\"": "typeddict_package",
    "typeddict_package = \"lpt1\"": "typeddict_package",
    # modules x-python-import may name: dotted identifiers
    "python_imports = [\"os..path\"]": "python_imports",
    "python_imports = [\"a.\"]": "python_imports",
    "python_imports = [\"import\"]": "python_imports",
    "python_imports = [\"os;print\"]": "python_imports",
    # bundle paths: one spelling on every platform, never a state file, never in a target's folder
    "bundles = [{path = \"..\\\\x.json\", types = [\"A\"]}]": "bundles[0].path",
    "bundles = [{path = \"C:x.json\", types = [\"A\"]}]": "bundles[0].path",
    "bundles = [{path = \"a\\u0000.json\", types = [\"A\"]}]": "bundles[0].path",
    "bundles = [{path = \"a\\nb.json\", types = [\"A\"]}]": "bundles[0].path",
    "bundles = [{path = \"./x.json\", types = [\"A\"]}]": "bundles[0].path",
    "bundles = [{path = \"a//x.json\", types = [\"A\"]}]": "bundles[0].path",
    "bundles = [{path = \"/abs.json\", types = [\"A\"]}]": "bundles[0].path",
    "bundles = [{path = \"a?.json\", types = [\"A\"]}]": "bundles[0].path",
    "bundles = [{path = \"con.json\", types = [\"A\"]}]": "bundles[0].path",
    "bundles = [{path = \"nul/x.json\", types = [\"A\"]}]": "bundles[0].path",
    "bundles = [{path = \"dot./x.json\", types = [\"A\"]}]": "bundles[0].path",
    "bundles = [{path = \".schemagen-manifest.json\", types = [\"A\"]}]": "bundles[0].path",
    "bundles = [{path = \".schemagen-journal.json\", types = [\"A\"]}]": "bundles[0].path",
    "bundles = [{path = \"x.json\", types = [\"A\"]}, {path = \"X.json\", types = [\"A\"]}]": "bundles[1].path",
    "bundles = [{path = \"\\u00e9.json\", types = [\"A\"]}, {path = \"e\\u0301.json\", types = [\"A\"]}]": "bundles[1].path",
    "bundles = [{path = \"x.json\", types = [\"A\"]}, {path = \"x.json\", types = [\"A\"]}]": "bundles[1].path",
    "bundles = [{path = \"python/{package}/x.json\", types = [\"A\"]}]": "bundles",
    "bundles = [{path = \"typescript/x.json\", types = [\"A\"]}]": "bundles",
    "bundles = [{path = \"x.json\", types = [1]}]": "bundles[0]",
    "bundles = \"x.json\"": "bundles",
    # remote roots map http(s) URL prefixes only
    "[tool.schemagen.remote_roots]\n\"\" = \"/\"": "remote_roots",
    "[tool.schemagen.remote_roots]\n\"file:///\" = \"/\"": "remote_roots",
    "[tool.schemagen.remote_roots]\n\"https://example.com/s\" = \"v\"": "remote_roots",
    "[tool.schemagen.remote_roots]\n\"https://\" = \"v\"": "remote_roots",
    # templates: a folder that exists
    "templates = \"../../nowhere\"": "templates",
}


@pytest.mark.parametrize("setting", list(BAD))
def test_bad_config_values_are_located_errors(tmp_path: Path, setting: str) -> None:
    schemas, out, package = project(tmp_path, {"a.json": GOOD})
    (tmp_path / "pyproject.toml").write_text("[tool.schemagen]\n" + setting.replace("{package}", package) + "\n",
                                             encoding="utf-8")
    code, text = cli("generate", "--schemas", str(schemas), "--out", str(out), "--package", package,
                     "--config", str(tmp_path / "pyproject.toml")) if "_package" not in setting else \
        cli("generate", "--schemas", str(schemas), "--out", str(out), "--config", str(tmp_path / "pyproject.toml"))
    assert code == 2, text
    assert f"error[config]: [tool.schemagen] {BAD[setting]}" in text, text
    assert "Traceback" not in text and "internal error" not in text
    assert nothing_written(out)


@pytest.mark.parametrize("flag", ["contracts\n", "def", "aux", "Upper"])
def test_a_bad_package_flag_is_a_usage_error(tmp_path: Path, flag: str) -> None:
    schemas, out, _ = project(tmp_path, {"a.json": GOOD})
    code, text = cli("generate", "--schemas", str(schemas), "--out", str(out), "--package", flag,
                     "--config", str(tmp_path / "pyproject.toml"))
    assert code == 2 and "error[usage]: --package" in text and "Traceback" not in text, text
    assert nothing_written(out)


def test_good_values_of_the_same_keys_still_work(tmp_path: Path) -> None:
    schemas, out, package = project(tmp_path, {"a.json": GOOD})
    (tmp_path / "pyproject.toml").write_text(
        "[tool.schemagen]\npython_imports = [\"os.path\", \"décimal\"]\n"
        "bundles = [{path = \"json/a.json\", types = [\"A\"], title = \"t\\u2028\"}, {path = \"json/b.json\", types = [\"A\"]}]\n"
        "[tool.schemagen.remote_roots]\n\"http://localhost:1234/\" = \"vendor\"\n", encoding="utf-8")
    code, text = cli("generate", "--schemas", str(schemas), "--out", str(out), "--package", package,
                     "--config", str(tmp_path / "pyproject.toml"))
    assert code == 0, text
    assert (out / "json" / "a.json").is_file() and (out / "json" / "b.json").is_file()


@pytest.mark.parametrize("damage", ["missing", "syntax", "undefined"])
def test_a_broken_template_folder_is_a_located_config_error(tmp_path: Path, damage: str) -> None:
    """The templates are the user's code: a folder lacking one, or a template that fails, names the
    template (and its line) instead of a traceback."""
    schemas, out, package = project(tmp_path, {"a.json": GOOD})
    templates = tmp_path / "tpl"
    shutil.copytree(DEFAULT_TEMPLATES, templates, ignore=shutil.ignore_patterns("__pycache__", "*.py"))
    module = templates / "pydantic" / "module.py.j2"
    if damage == "missing":
        module.unlink()
    elif damage == "syntax":
        module.write_text(module.read_text(encoding="utf-8") + "\n{% if %}\n", encoding="utf-8")
    else:
        module.write_text("{{ no_such_variable.attribute }}\n", encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text('[tool.schemagen]\ntemplates = "tpl"\n', encoding="utf-8")
    code, text = cli("generate", "--schemas", str(schemas), "--out", str(out), "--package", package,
                     "--config", str(tmp_path / "pyproject.toml"))
    assert code == 2, text
    assert "error[config]: [tool.schemagen] templates" in text and "module.py.j2" in text, text
    assert "Traceback" not in text and "internal error" not in text
    assert nothing_written(out)


def test_bundle_paths_that_differ_only_in_normalisation_are_shown_apart(tmp_path: Path) -> None:
    schemas, out, package = project(tmp_path, {"a.json": GOOD})
    (tmp_path / "pyproject.toml").write_text(
        "[tool.schemagen]\nbundles = [{path = \"\u00e9.json\", types = [\"A\"]}, {path = \"e\u0301.json\", types = [\"A\"]}]\n",
        encoding="utf-8")
    code, text = cli("generate", "--schemas", str(schemas), "--out", str(out), "--package", package,
                     "--config", str(tmp_path / "pyproject.toml"))
    assert code == 2 and "error[config]" in text, text
    assert "\\xe9" in text and "e\\u0301" in text, text
    assert nothing_written(out)
