"""Generated code passes the strictest checkers: `mypy --strict` over every generated Python
package (goldens and the repository's own generated/), `tsc --strict` over every .ts file; and the
generator itself passes `mypy --strict`."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.goldens_lib import GOLDENS, REPO, cases
from tests.support import TSC, tsc_available


def _python_roots() -> list[tuple[Path, list[str]]]:
    roots = []
    for case in cases():
        folder = GOLDENS / case / "expected" / "python"
        roots.append((folder, sorted(p.name for p in folder.iterdir() if p.is_dir())))
    generated = REPO / "generated" / "python"
    if generated.is_dir():
        roots.append((generated, sorted(p.name for p in generated.iterdir() if (p / "__init__.py").exists())))
    return [(folder, pkgs) for folder, pkgs in roots if pkgs]


def test_generated_python_passes_mypy_strict(tmp_path: Path) -> None:
    roots = _python_roots()
    args = [sys.executable, "-m", "mypy", "--strict", "--python-version", "3.11", "--cache-dir", str(tmp_path / "cache"),
            "--no-error-summary", "--show-error-codes"]
    for _, packages in roots:
        for package in packages:
            args += ["-p", package]
    env = {**os.environ, "MYPYPATH": os.pathsep.join(str(folder) for folder, _ in roots)}
    result = subprocess.run(args, capture_output=True, text=True, env=env, cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr


def test_generator_passes_mypy_strict(tmp_path: Path) -> None:
    # the settings (strict, python_version, overrides) are pyproject.toml's [tool.mypy]: run from the repository root
    # generator/ is imported as `schemagen` (pyproject maps it); mypy sees it under that name through a link
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "schemagen").symlink_to(REPO / "generator", target_is_directory=True)
    args = [sys.executable, "-m", "mypy", "--strict", "--cache-dir", str(tmp_path / "cache"), "--show-error-codes",
            "--config-file", str(REPO / "pyproject.toml"), "-p", "schemagen"]
    env = {**os.environ, "MYPYPATH": str(tmp_path / "src")}
    result = subprocess.run(args, capture_output=True, text=True, cwd=tmp_path, env=env)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.skipif(not tsc_available(), reason="node tools not installed (make test installs them)")
def test_generated_typescript_passes_tsc_strict(tmp_path: Path) -> None:
    folders = [GOLDENS / case / "expected" / "typescript" for case in cases()]
    if (REPO / "generated" / "typescript").is_dir():
        folders.append(REPO / "generated" / "typescript")
    config = {
        "compilerOptions": {"strict": True, "noEmit": True, "target": "es2022", "module": "nodenext",
                            "moduleResolution": "nodenext", "noUnusedLocals": True, "noImplicitOverride": True,
                            "exactOptionalPropertyTypes": True, "noUncheckedIndexedAccess": True},
        "include": [str(folder / "**" / "*.ts") for folder in folders],
    }
    (tmp_path / "tsconfig.json").write_text(json.dumps(config), encoding="utf-8")
    result = subprocess.run([str(TSC), "-p", str(tmp_path / "tsconfig.json")], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
