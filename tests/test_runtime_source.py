"""The runtime helpers (`_schemagen.py` in every generated Python package) are real Python in
generator/runtime/, imported here as `schemagen.runtime`: each part imports, works, passes
`mypy --strict` and is black's layout on its own; the helpers templates only add the docstring and
the imports the chosen parts need, and render black's own output (emit writes it unformatted on
the fast path)."""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Annotated, Any

import pytest
from pydantic import TypeAdapter, ValidationError
from typing_extensions import TypedDict  # pydantic reads typing's TypedDict only from Python 3.12

from schemagen.output.format import black_format
from schemagen.output.render import DEFAULT_TEMPLATES, render
from schemagen.runtime import MARKER, PARTS, checks, models, sources, standins, values
from tests.support import REPO, generate_into, import_generated

RUNTIME = REPO / "generator" / "runtime"
FLAVORS = ("pydantic", "typeddict")


def _rendered(flavor: str, extra_mode: str = '"allow"') -> str:
    return render(f"{flavor}/helpers.py.j2", header="# header", extra_mode=extra_mode, runtime=sources())


def _imports(tree: ast.Module) -> set[tuple[str, str, str | None]]:
    """(module, name, alias) of every absolute import at the top level or under `if TYPE_CHECKING`."""
    found: set[tuple[str, str, str | None]] = set()
    statements = list(tree.body)
    for node in tree.body:
        if isinstance(node, ast.If) and isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING":
            statements += node.body
    for node in statements:
        if isinstance(node, ast.Import):
            found |= {(alias.name, "", alias.asname) for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and not node.level:
            found |= {(node.module or "", alias.name, alias.asname) for alias in node.names}
    return found


def test_every_part_has_its_module_and_marker() -> None:
    assert sorted(p.stem for p in RUNTIME.glob("*.py") if p.stem != "__init__") == sorted(PARTS)
    for part in PARTS:
        text = (RUNTIME / f"{part}.py").read_text(encoding="utf-8")
        assert text.count(MARKER) == 1, part
        assert getattr(sources(), part) and MARKER not in getattr(sources(), part)


def test_the_parts_import_and_validate_as_json_schema_does() -> None:
    not_a_string = TypeAdapter(Annotated[Any, checks.SchemaCheck({"not": {"type": "string"}})])
    assert not_a_string.validate_python(1) == 1
    with pytest.raises(ValidationError):
        not_a_string.validate_python("x")

    assert TypeAdapter(values.Integer).validate_python(2.0) == 2
    for wrong in ("2", True, 2.5):
        with pytest.raises(ValidationError):
            TypeAdapter(values.Integer).validate_python(wrong)
    with pytest.raises(ValidationError):
        TypeAdapter(Annotated[list[Any], values.Unique]).validate_python([1, 1.0])
    with pytest.raises(ValidationError):
        TypeAdapter(values.DateTime).validate_python("2018-04-25 20:42:10")

    class Item(models.ContractModel):
        note: int | None = None

    assert Item.model_validate({}).model_dump() == {}  # absent stays absent
    assert Item.model_validate({"note": None}).model_dump() == {"note": None}
    assert Item.model_validate({"other": 1}).model_dump() == {"other": 1}  # EXTRA_MODE: open_objects' "allow"

    @standins.with_config(standins.ConfigDict(extra="forbid"))
    class Shape(TypedDict):
        name: Annotated[str, standins.Field(min_length=2)]
        flag: standins.StrictBool

    shape = TypeAdapter(Shape)
    assert shape.validate_python({"name": "ab", "flag": True}) == {"name": "ab", "flag": True}
    for wrong in ({"name": "a", "flag": True}, {"name": "ab", "flag": 1}, {"name": "ab", "flag": True, "x": 1}):
        with pytest.raises(ValidationError):
            shape.validate_python(wrong)


def test_the_runtime_source_passes_mypy_strict(tmp_path: Path) -> None:
    # pyproject.toml's [tool.mypy], the package seen as `schemagen` through a link (as test_typecheck does)
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "schemagen").symlink_to(REPO / "generator", target_is_directory=True)
    args = [sys.executable, "-m", "mypy", "--strict", "--cache-dir", str(tmp_path / "cache"), "--show-error-codes",
            "--config-file", str(REPO / "pyproject.toml"), "-p", "schemagen.runtime"]
    env = {**os.environ, "MYPYPATH": str(tmp_path / "src")}
    result = subprocess.run(args, capture_output=True, text=True, cwd=tmp_path, env=env)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("path", sorted(RUNTIME.glob("*.py")), ids=lambda p: p.name)
def test_the_runtime_source_is_black_output(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert black_format(text) == text


@pytest.mark.parametrize("extra_mode", ['"forbid"', '"allow"'])
@pytest.mark.parametrize("flavor", FLAVORS)
def test_the_helpers_template_renders_black_output(flavor: str, extra_mode: str) -> None:
    text = _rendered(flavor, extra_mode)
    assert black_format(text) == text
    compile(text, "_schemagen.py", "exec")


@pytest.mark.parametrize("flavor", FLAVORS)
def test_the_helpers_template_adds_only_the_imports_its_parts_need(flavor: str) -> None:
    text = _rendered(flavor)
    chosen = [part for part in PARTS if getattr(sources(), part).replace("EXTRA_MODE", '"allow"') in text]
    assert {"checks", "values"} <= set(chosen)
    # what the template writes besides the parts: the docstring and the imports, no code of its own
    rest = text
    for part in chosen:
        rest = rest.replace(getattr(sources(), part).replace("EXTRA_MODE", '"allow"'), "")
    tree = ast.parse(rest)
    assert all(isinstance(node, (ast.Expr, ast.Import, ast.ImportFrom, ast.If)) for node in tree.body), rest
    assert all(isinstance(n.value, ast.Constant) for n in tree.body if isinstance(n, ast.Expr))
    # and exactly the imports the chosen parts make (their imports of one another left out)
    needed = set().union(*(_imports(ast.parse((RUNTIME / f"{part}.py").read_text(encoding="utf-8")))
                           for part in chosen))
    assert _imports(ast.parse(text)) == needed


def test_the_open_objects_mode_replaces_the_models_extra() -> None:
    code = sources().models
    assert code.count("extra=EXTRA_MODE,") == 1
    for mode in ('"allow"', '"forbid"'):
        text = _rendered("pydantic", mode)
        assert f"extra={mode}," in text and "EXTRA_MODE" not in text


def test_a_users_helpers_template_still_wins(tmp_path: Path) -> None:
    # a user's template folder (a copy of the bundled one) whose pydantic helpers add code of their own
    templates = tmp_path / "tpl"
    shutil.copytree(DEFAULT_TEMPLATES, templates, ignore=shutil.ignore_patterns("__pycache__", "*.py"))
    helpers = templates / "pydantic" / "helpers.py.j2"
    helpers.write_text(helpers.read_text(encoding="utf-8")
                       + '{% block standins %}\n\n\nUSER_HELPER = "mine"\n{% endblock %}\n', encoding="utf-8")
    schema = {"title": "Item", "type": "object", "properties": {"n": {"type": "integer"}}}
    result, out, package = generate_into(tmp_path, {"item.json": schema}, templates=str(templates))
    own = import_generated(out, f"{package}._schemagen")
    assert own.USER_HELPER == "mine" and issubclass(import_generated(out, package).Item, own.ContractModel)
    typeddict = result.files[f"python/{package}_td/_schemagen.py"]
    assert "USER_HELPER" not in typeddict and sources().standins in typeddict
