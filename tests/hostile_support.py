"""Helpers for the hostile-input tests: run the real CLI on a throwaway project, import every
generated Python module and load every module tsc emits as JavaScript in child processes (a
payload that runs shows as a canary file), and snapshot folders to prove nothing else changed."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from schemagen.cli.app import app
from tests.support import TSC, tsc_available, unique_package


def cli(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args))
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout + result.stderr


def project(root: Path, schemas: dict[str, Any], package: str | None = None) -> tuple[Path, Path, str]:
    """root/s holding `schemas` ({relative path: text or a dict dumped as JSON}); returns (schemas, out, package)."""
    folder = root / "s"
    folder.mkdir(parents=True, exist_ok=True)
    (root / "pyproject.toml").write_text("[tool.schemagen]\n", encoding="utf-8")
    for rel, content in schemas.items():
        path = folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content if isinstance(content, str) else json.dumps(content), encoding="utf-8")
    return folder, root / "o", package or unique_package("hostile")


def generate(schemas: Path, out: Path, package: str, *extra: str) -> tuple[int, str]:
    return cli("generate", "--schemas", str(schemas), "--out", str(out), "--package", package,
               "--config", str(schemas.parent / "pyproject.toml"), *extra)


def generate_and_run(root: Path, schemas: dict[str, Any], script: str) -> Any:
    """Generate `schemas` (exit 0 expected), then run the Python `script` in a fresh interpreter
    that sees only the output (argv[1]: the package name) and return the JSON it prints."""
    folder, out, package = project(root, schemas)
    code, text = generate(folder, out, package)
    assert code == 0, text
    proc = subprocess.run([sys.executable, "-c", script, package], capture_output=True, text=True,
                          env={"PYTHONPATH": str(out / "python")}, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads(proc.stdout)


def generate_import_and_type_check(root: Path, schemas: dict[str, Any]) -> tuple[Path, str]:
    """(output folder, package) of `schemas` generated without the cache (exit 0 expected), every
    module imported and both Python packages through mypy --strict."""
    from tests.support import run_mypy

    folder, out, package = project(root, schemas)
    code, text = generate(folder, out, package, "--no-cache")
    assert code == 0, text[-3000:]
    proc = import_all(out)
    assert proc.returncode == 0, proc.stderr[-3000:]
    proc = run_mypy(out / "python", [package, package + "_td"])
    assert proc.returncode == 0, proc.stdout[-3000:]
    return out, package


def nothing_written(out: Path) -> bool:
    """No file in the output folder but the (empty) lock file a run may leave."""
    return not out.exists() or all(p.name == ".schemagen.lock" and p.stat().st_size == 0 for p in out.rglob("*"))


def snapshot(folder: Path) -> dict[str, bytes]:
    if not folder.exists():
        return {}
    return {p.relative_to(folder).as_posix(): (b"->" + os.readlink(p).encode() if p.is_symlink() else p.read_bytes())
            for p in sorted(folder.rglob("*")) if p.is_file() or p.is_symlink()}


def import_all(out: Path) -> subprocess.CompletedProcess[str]:
    """Import every generated Python module in a fresh interpreter (cwd = out, so a relative canary lands there)."""
    python = out / "python"
    modules = sorted(".".join(p.relative_to(python).with_suffix("").parts).removesuffix(".__init__")
                     for p in python.rglob("*.py"))
    code = "import importlib, sys\nfor m in sys.argv[1:]:\n    importlib.import_module(m)\n"
    return subprocess.run([sys.executable, "-c", code, *modules], cwd=out, capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(python)})


def emit_and_load_js(out: Path) -> subprocess.CompletedProcess[str]:
    """tsc --strict over out/typescript, emitting JavaScript, then node imports every emitted module."""
    ts = out / "typescript"
    js = out.parent / (out.name + "-js")
    config = {"compilerOptions": {"strict": True, "target": "es2022", "module": "es2022", "moduleResolution": "bundler",
                                  "skipLibCheck": True, "outDir": str(js), "rootDir": str(ts)},
              "include": [str(ts / "**" / "*.ts")]}
    tsconfig = out.parent / (out.name + "-tsconfig.json")
    tsconfig.write_text(json.dumps(config), encoding="utf-8")
    proc = subprocess.run([str(TSC), "-p", str(tsconfig)], capture_output=True, text=True)
    if proc.returncode != 0:
        return proc
    (js / "package.json").write_text('{"type": "module"}', encoding="utf-8")
    loader = "const fs = require('fs'); const path = require('path'); const url = require('url');\n" \
             "const files = []; const walk = d => { for (const e of fs.readdirSync(d, {withFileTypes: true})) {" \
             " const p = path.join(d, e.name); if (e.isDirectory()) walk(p); else if (p.endsWith('.js')) files.push(p); } };\n" \
             "walk(process.argv[1]);\n" \
             "(async () => { for (const f of files) await import(url.pathToFileURL(f).href); })()" \
             ".catch(e => { console.error(String(e)); process.exit(1); });\n"
    return subprocess.run(["node", "-e", loader, str(js)], cwd=out, capture_output=True, text=True)


__all__ = ["cli", "project", "nothing_written", "generate", "snapshot", "import_all", "emit_and_load_js", "tsc_available"]
