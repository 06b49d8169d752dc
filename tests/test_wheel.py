"""schemagen as a team installs it: the sdist and the wheel built from it, installed into a fresh
venv outside the repo that holds only the wheel's declared dependencies, run in a scratch project
with its own pyproject.toml and a `generator.py` of its own that must not shadow anything."""

from __future__ import annotations

import subprocess
import tarfile
import zipfile
from pathlib import Path

import pytest

from tests.wheel_lib import build_sdist_and_wheel, clean_env, make_venv, pip_install_no_deps, wheel_requirements

SCHEMA = """
$defs:
  Customer:
    type: object
    required: [id, email]
    properties:
      id: {type: integer, minimum: 1}
      email: {type: string, format: email}
      nickname: {type: string}
      labels:
        type: object
        patternProperties:
          "^x-": {type: string}
"""

PYPROJECT = """
[project]
name = "scratch-app"
version = "0"

[tool.schemagen]
schemas = "contracts/schemas"
[tool.schemagen.pydantic]
out = "backend/src"
package = "orders_api"
[tool.schemagen.typeddict]
out = "backend/src"
package = "orders_api_td"
[tool.schemagen.typescript]
out = "web/src/contracts"
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    return build_sdist_and_wheel(tmp_path_factory.mktemp("build"))


@pytest.fixture(scope="module")
def tool(built: tuple[Path, Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A venv with the wheel and exactly its declared dependencies. Returns its bin folder."""
    _, wheel = built
    python = make_venv(tmp_path_factory.mktemp("venv") / "tool", wheel_requirements(wheel))
    pip_install_no_deps(python, wheel)
    return python.parent


@pytest.fixture()
def scratch(tmp_path: Path) -> Path:
    (tmp_path / "pyproject.toml").write_text(PYPROJECT, encoding="utf-8")
    schemas = tmp_path / "contracts/schemas/crm"
    schemas.mkdir(parents=True)
    (schemas / "customers.yaml").write_text(SCHEMA, encoding="utf-8")
    # the user's own module named like the old import package: must change nothing
    (tmp_path / "generator.py").write_text("raise SystemExit('the user generator module was imported')\n")
    return tmp_path


def run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, env=clean_env())


def test_the_sdist_holds_the_templates_and_the_package(built: tuple[Path, Path]) -> None:
    sdist, _ = built
    with tarfile.open(sdist) as archive:
        names = {n.split("/", 1)[1] for n in archive.getnames() if "/" in n}
    for needed in ("pyproject.toml", "templates/pydantic/module.py.j2", "templates/typeddict/module.py.j2",
                   "templates/typescript/module.ts.j2", "templates/shared/helpers.py.j2", "generator/cli/app.py",
                   "generator/runtime/checks.py", "generator/runtime/validators.ts"):
        assert needed in names, needed


def test_the_wheel_holds_every_template_under_schemagen(built: tuple[Path, Path]) -> None:
    _, wheel = built
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
    repo_templates = {p.relative_to(Path(__file__).parent.parent / "templates").as_posix()
                      for p in (Path(__file__).parent.parent / "templates").rglob("*.j2")}
    assert repo_templates and all(f"schemagen/templates/{t}" in names for t in repo_templates)
    # the helpers templates copy the code of generator/runtime/'s parts: those ship beside them
    runtime = {p.name for p in (Path(__file__).parent.parent / "generator" / "runtime").glob("*.py")}
    assert "checks.py" in runtime and all(f"schemagen/runtime/{r}" in names for r in runtime)
    assert not any(n.startswith(("generator/", "templates/", "tests/")) for n in names)


def test_installed_wheel_generates_and_checks_in_a_scratch_project(tool: Path, scratch: Path) -> None:
    where = run([str(tool / "python"), "-c", "import schemagen, sys; print(schemagen.__file__)"], scratch)
    assert where.returncode == 0 and str(tool.parent) in where.stdout, where.stdout + where.stderr
    undeclared = run([str(tool / "python"), "-c", "import pytest"], scratch)
    assert undeclared.returncode != 0  # the venv holds the declared dependencies only

    generated = run([str(tool / "schemagen"), "generate"], scratch)
    assert generated.returncode == 0, generated.stdout + generated.stderr
    assert "1 schemas, 1 types" in generated.stdout
    for needed in ("email-validator", "jsonschema", "regress"):  # each extra requirement is named, with its schema
        assert f"contracts/schemas/crm/customers.yaml: note[runtime-requirement]: the generated Python needs {needed}" \
            in generated.stderr, generated.stderr
    assert (scratch / "backend/src/orders_api/crm/customers.py").is_file()
    assert (scratch / "backend/src/orders_api_td/crm/customers.py").is_file()
    assert (scratch / "web/src/contracts/crm/customers.ts").is_file()

    checked = run([str(tool / "schemagen"), "check"], scratch)
    assert checked.returncode == 0 and "in sync" in checked.stdout, checked.stdout + checked.stderr
    as_module = run([str(tool / "python"), "-m", "schemagen", "check"], scratch)
    assert as_module.returncode == 0 and "in sync" in as_module.stdout, as_module.stdout + as_module.stderr

    (scratch / "backend/src/orders_api/crm/customers.py").write_text("# edited by hand\n")
    drift = run([str(tool / "python"), "-m", "schemagen", "check"], scratch)
    assert drift.returncode == 1 and "changed: backend/src/orders_api/crm/customers.py" in drift.stderr


APP = """
import orders_api, orders_api_td
from pydantic import TypeAdapter, ValidationError
from orders_api.crm.customers import Customer
from orders_api_td.crm.customers import Customer as CustomerDict

ok = {"id": 1, "email": "ann@example.org", "labels": {"x-team": "blue"}}
assert Customer.model_validate(ok).email == "ann@example.org"
assert TypeAdapter(CustomerDict).validate_python(ok)["id"] == 1
for bad in ({**ok, "email": "not an address"}, {**ok, "labels": {"x-team": 3}}, {**ok, "id": 0}):
    for validate in (Customer.model_validate, TypeAdapter(CustomerDict).validate_python):
        try:
            validate(bad)
        except ValidationError:
            continue
        raise SystemExit(f"accepted {bad!r}")
for tool in ("black", "typer", "jinja2", "schemagen"):
    try:
        __import__(tool)
    except ImportError:
        continue
    raise SystemExit(f"{tool} is importable in the app venv")
print("app ok", orders_api.__requirements__)
"""


def test_generated_package_runs_with_only_its_stated_requirements(tool: Path, scratch: Path,
                                                                  tmp_path_factory: pytest.TempPathFactory) -> None:
    """An app venv with just what requirements.txt (and `__requirements__`) in the generated
    package name: it imports and validates, and none of the generator's own dependencies is there."""
    assert run([str(tool / "schemagen"), "generate", "-q"], scratch).returncode == 0
    src = scratch / "backend/src"
    listed = [line.split("#")[0].strip() for line in (src / "orders_api/requirements.txt").read_text().splitlines()]
    requirements = [r for r in listed if r]
    assert requirements == ["pydantic>=2.11,<3", "email-validator>=2", "jsonschema>=4.22", "regress>=2024.11"]
    python = make_venv(tmp_path_factory.mktemp("venv") / "app", requirements)
    result = run([str(python), "-c", APP], src)
    assert result.returncode == 0 and "app ok" in result.stdout, result.stdout + result.stderr
    assert str(tuple(requirements)) in result.stdout
