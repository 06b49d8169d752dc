"""Helpers for the install test: build the sdist and a wheel from it, and make venvs outside the
repo that hold exactly a chosen set of distributions, offline.

A venv gets its packages from the repo's .venv without copying or downloading them: the wanted
distributions (and what they require, resolved from their installed metadata) are linked into
one folder, and a `.pth` line puts that folder on the venv's path. A plain path line in a `.pth`
runs no other `.pth` files, so the editable install of schemagen in .venv never leaks in; a
package that is not linked is simply not importable there.
"""

from __future__ import annotations

import importlib.metadata as md
import os
import subprocess
import sys
import sysconfig
import tarfile
import zipfile
from pathlib import Path

from packaging.requirements import Requirement

from tests.support import REPO


def git_files() -> list[str]:
    listed = subprocess.run(["git", "ls-files", "-z"], cwd=REPO, capture_output=True, text=True, check=True)
    return [p for p in listed.stdout.split("\0") if p and (REPO / p).is_file()]


def build_sdist_and_wheel(work: Path) -> tuple[Path, Path]:
    """The sdist from a copy of the tracked files, then the wheel from the unpacked sdist, so the
    wheel proves the sdist holds everything too. PEP 517 hooks called directly: no isolation,
    no network."""
    source = work / "source"
    for rel in git_files():
        target = source / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes((REPO / rel).read_bytes())
    dist = work / "dist"
    _hook(source, "build_sdist", dist)
    sdist = next(dist.glob("*.tar.gz"))
    with tarfile.open(sdist) as archive:
        archive.extractall(work / "unpacked", filter="data")
    unpacked = next((work / "unpacked").iterdir())
    _hook(unpacked, "build_wheel", dist)
    return sdist, next(dist.glob("*.whl"))


def _hook(folder: Path, hook: str, dist: Path) -> None:
    code = f"from setuptools import build_meta; build_meta.{hook}({str(dist)!r})"
    result = subprocess.run([sys.executable, "-c", code], cwd=folder, capture_output=True, text=True, env=clean_env())
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]


def wheel_requirements(wheel: Path) -> list[str]:
    with zipfile.ZipFile(wheel) as archive:
        meta = next(n for n in archive.namelist() if n.endswith(".dist-info/METADATA"))
        text = archive.read(meta).decode("utf-8")
    return [line.split(":", 1)[1].strip() for line in text.splitlines() if line.startswith("Requires-Dist:")]


def closure(requirements: list[str]) -> dict[str, md.Distribution]:
    """Every installed distribution the requirements need (no extras unless named), checking each
    installed version against the range asked for."""
    found: dict[str, md.Distribution] = {}
    todo = [(Requirement(r), "") for r in requirements]
    while todo:
        req, extra = todo.pop()
        if req.marker is not None and not req.marker.evaluate({"extra": extra}):
            continue
        dist = md.distribution(req.name)
        version = dist.version
        assert req.specifier.contains(version, prereleases=True), f"{req.name} {version} does not satisfy {req}"
        key = req.name.lower().replace("_", "-")
        for wanted in req.extras:
            todo += [(Requirement(r), wanted) for r in dist.requires or []]
        if key in found:
            continue
        found[key] = dist
        todo += [(Requirement(r), "") for r in dist.requires or []]
    return found


def make_venv(where: Path, requirements: list[str]) -> Path:
    """A venv (no pip) whose importable third-party packages are exactly `requirements` and their
    dependencies. Returns its python."""
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(where)], check=True, env=clean_env())
    python = where / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    site = Path(subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                               capture_output=True, text=True, check=True).stdout.strip())
    linked = where / "linked"
    linked.mkdir()
    installed = Path(sysconfig.get_paths()["purelib"])
    for dist in closure(requirements).values():
        for top in {Path(str(f)).parts[0] for f in dist.files or [] if not str(f).startswith("..")}:
            if top in ("__pycache__",) or top.endswith(".pth") or top.startswith("__editable__"):
                continue
            source = installed / top
            if source.exists() and not (linked / top).exists():
                (linked / top).symlink_to(source, target_is_directory=source.is_dir())
    (site / "linked.pth").write_text(str(linked) + "\n", encoding="utf-8")
    return python


def pip_install_no_deps(python: Path, wheel: Path) -> None:
    """Install the wheel into another venv with the repo venv's pip (`pip --python`)."""
    result = subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet", "--no-deps",
                             "--no-index", "--disable-pip-version-check", str(wheel)],
                            capture_output=True, text=True, env=clean_env())
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]


def clean_env() -> dict[str, str]:
    """The environment without anything that points Python at this repo or its venv."""
    drop = {"PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME", "PYTHONSTARTUP"}
    env = {k: v for k, v in os.environ.items() if k not in drop}
    env["PATH"] = os.pathsep.join(p for p in env.get("PATH", "").split(os.pathsep) if str(REPO) not in p)
    return env
