"""Shared test helpers: generate into a temp folder, import the result, type-check it.

Every generation gets its own Python package names, so modules from different tests never meet
in `sys.modules`.
"""

from __future__ import annotations

import importlib
import itertools
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

from schemagen.config import load_config
from schemagen.pipeline import Generation, generate
from schemagen.output.sync import compare, write

REPO = Path(__file__).resolve().parent.parent
TSC = REPO / "node_modules" / ".bin" / "tsc"
MYPY = [sys.executable, "-m", "mypy"]
_counter = itertools.count(1)


def unique_package(stem: str = "pkg") -> str:
    return f"{stem}_{os.getpid()}_{next(_counter)}"


def write_schemas(root: Path, schemas: dict[str, Any]) -> Path:
    """Write {relative path: YAML/JSON text or a dict (dumped as JSON)} under root/schemas."""
    folder = root / "schemas"
    for rel, content in schemas.items():
        path = folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content if isinstance(content, str) else json.dumps(content, indent=2), encoding="utf-8")
    return folder


def generate_into(root: Path, schemas: dict[str, Any] | None = None, package: str | None = None,
                  force_root: bool = False, **config: Any) -> tuple[Generation, Path, str]:
    """Generate (in process) from root/schemas into root/out and write the files.

    Returns the generation, the output folder and the Pydantic package name (the TypedDict
    package is that name + "_td")."""
    if schemas is not None:
        write_schemas(root, schemas)
    package = package or unique_package()
    overrides = {"schemas": str(root / "schemas"), "out": str(root / "out"), "python_package": package,
                 "typeddict_package": package + "_td", **config}
    cfg = load_config(root, None, overrides)
    result = generate(cfg, force_root=force_root)
    out = root / "out"
    write(result.files, out, compare(result.files, out))
    return result, out, package


def import_generated(out: Path, module: str) -> ModuleType:
    """Import a generated module (e.g. 'pkg_1.shop.events') from out/python."""
    python = str(out / "python")
    if python not in sys.path:
        sys.path.insert(0, python)
    importlib.invalidate_caches()
    return importlib.import_module(module)


def run_mypy(folder: Path, packages: list[str]) -> subprocess.CompletedProcess[str]:
    args = MYPY + ["--strict", "--no-incremental", "--cache-dir", os.devnull, "--python-version", "3.11"]
    for p in packages:
        args += ["-p", p]
    return subprocess.run(args, cwd=folder, capture_output=True, text=True, env={**os.environ, "MYPYPATH": str(folder)})


def run_tsc(folder: Path, files: list[str] | None = None) -> subprocess.CompletedProcess[str]:
    """`tsc --strict --noEmit` over folder (all .ts under it unless files are given)."""
    config = {
        "compilerOptions": {
            "strict": True, "noEmit": True, "target": "es2022", "module": "nodenext",
            "moduleResolution": "nodenext", "skipLibCheck": True, "noUnusedLocals": False,
            "exactOptionalPropertyTypes": False,
        },
        "include": files or ["**/*.ts"],
    }
    (folder / "tsconfig.json").write_text(json.dumps(config), encoding="utf-8")
    return subprocess.run([str(TSC), "-p", str(folder / "tsconfig.json")], capture_output=True, text=True)


def tsc_available() -> bool:
    return TSC.exists() and shutil.which("node") is not None
