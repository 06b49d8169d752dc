"""Compiled Jinja templates in the persistent cache (output/render.py): a run with a fresh Jinja
environment takes them from entries this user's schemagen signed, and a tampered, swapped or
planted entry is compiled again from the template's source: the output never changes."""

from __future__ import annotations

import base64
import json
import marshal
import shutil
from pathlib import Path

import jinja2
import pytest

from schemagen.cache import Cache
from schemagen.output.format import FormatStore
from schemagen.config import load_config
from schemagen.output.render import environment
from schemagen.pipeline import generate
from tests.bench_corpus import write_corpus


def _run(root: Path, cache: Cache | None) -> dict[str, str]:
    environment.cache_clear()  # a new process: no template compiled in memory yet
    if cache is not None:  # every module rendered again: only the compiled templates are kept
        for kind in ("run", "module", "format"):
            shutil.rmtree(cache.root / "v1" / kind, ignore_errors=True)
    config = load_config(root, None, discover=False, overrides={"schemas": str(root / "schemas"), "out": str(root / "out")})
    return generate(config, FormatStore({}, cache), cache=cache).files


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    write_corpus(40, root / "schemas")
    return root


@pytest.fixture
def compiled(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the templates Jinja compiles from source."""
    names: list[str] = []
    original = jinja2.Environment.compile

    def counting(self: jinja2.Environment, source: str, name: str | None = None, *args: object, **kwargs: object) -> object:
        names.append(str(name))
        return original(self, source, name, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(jinja2.Environment, "compile", counting)
    return names


def _entries(cache_dir: Path) -> list[Path]:
    return sorted((cache_dir / "v1" / "jinja").rglob("*.json"))


def test_a_second_run_compiles_no_template(project: Path, tmp_path: Path, compiled: list[str]) -> None:
    cache = Cache(tmp_path / "cache", b"k" * 32)
    cold = _run(project, None)
    assert compiled  # without a cache every template is compiled
    compiled.clear()
    assert _run(project, cache) == cold
    assert compiled and len(_entries(tmp_path / "cache")) == len(set(compiled))
    compiled.clear()
    assert _run(project, cache) == cold
    assert compiled == []


@pytest.mark.parametrize("how", ["flipped", "swapped", "foreign", "garbage"])
def test_a_tampered_template_entry_is_compiled_again(project: Path, tmp_path: Path, compiled: list[str],
                                                     how: str) -> None:
    cold = _run(project, None)
    cache = Cache(tmp_path / "cache", b"k" * 32)
    _run(project, cache)
    entries = _entries(tmp_path / "cache")
    assert len(entries) > 1
    stranger = Cache(tmp_path / "cache", b"s" * 32)
    evil = base64.b64encode(marshal.dumps(compile("raise SystemExit('pwned')", "<evil>", "exec"))).decode("ascii")
    for i, path in enumerate(entries):
        entry = json.loads(path.read_text(encoding="utf-8"))
        if how == "flipped":  # the code replaced, the MAC kept
            body = json.loads(entry["body"])
            entry["body"] = json.dumps({"checksum": body["checksum"], "code": evil})
        elif how == "swapped":  # another template's (valid) entry under this key
            entry = json.loads(entries[(i + 1) % len(entries)].read_text(encoding="utf-8"))
        elif how == "foreign":  # signed, but with another secret
            body = json.loads(entry["body"])
            entry["body"] = json.dumps({"checksum": body["checksum"], "code": evil})
            key = path.parent.name + path.stem
            entry["mac"] = stranger._mac("jinja", key, entry["body"])
        else:
            path.write_bytes(b"\x80not json")
            continue
        path.write_text(json.dumps(entry), encoding="utf-8")
    compiled.clear()
    assert _run(project, cache) == cold
    assert len(compiled) == len(entries)  # every entry refused: compiled from source
