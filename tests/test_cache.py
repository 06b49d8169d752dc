"""The persistent cache (generator/cache.py) only ever saves work: whatever is in it, the output
is what a run without it writes."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from schemagen import pipeline
from schemagen.cache import Cache
from schemagen.output.format import FormatStore
from schemagen.config import load_config
from schemagen.pipeline import generate
from tests.goldens_lib import GOLDENS

CASE = "composition"  # several files, cross-file refs, warnings


def _project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    shutil.copytree(GOLDENS / CASE / "schemas", root / "schemas")
    return root


def _run(root: Path, cache: Cache | None) -> tuple[dict[str, str], tuple[str, ...]]:
    config = load_config(root, None, discover=False, overrides={"schemas": str(root / "schemas"), "out": str(root / "out")})
    result = generate(config, FormatStore({}, cache), cache=cache)
    return result.files, tuple(d.format() for d in result.diagnostics)


def _entries(cache_root: Path) -> list[Path]:
    return sorted(p for p in cache_root.rglob("*.json") if p.is_file())


def test_a_cached_run_equals_an_uncached_one(tmp_path: Path) -> None:
    root = _project(tmp_path)
    cache = Cache(tmp_path / "cache", b"k" * 32)
    expected = _run(root, None)
    assert _run(root, cache) == expected  # fills it
    kinds = {p.relative_to(tmp_path / "cache").parts[1] for p in _entries(tmp_path / "cache")}
    assert kinds == {"run", "load", "check", "module", "format"}
    for path in _entries(tmp_path / "cache"):  # JSON all the way down: nothing to unpickle
        json.loads(json.loads(path.read_text(encoding="utf-8"))["body"])
    assert _run(root, cache) == expected  # answered from it


def test_the_whole_run_is_answered_without_loading_anything(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _project(tmp_path)
    cache = Cache(tmp_path / "cache", b"k" * 32)
    _run(root, cache)
    monkeypatch.setattr(pipeline, "load_file", lambda *a, **k: pytest.fail("loaded a file on a cached run"))
    _run(root, cache)


def test_after_one_edit_only_that_file_is_loaded_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _project(tmp_path)
    cache = Cache(tmp_path / "cache", b"k" * 32)
    _run(root, cache)
    files = sorted((root / "schemas").rglob("*.yaml")) + sorted((root / "schemas").rglob("*.json"))
    assert len(files) > 1
    edited = files[0]
    edited.write_text(edited.read_text(encoding="utf-8") + "\n# an edit\n", encoding="utf-8")
    loaded: list[str] = []
    real = pipeline.load_file

    def counting(path: Path, *args: object) -> object:
        loaded.append(path.name)
        return real(path, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(pipeline, "load_file", counting)
    files_after, _ = _run(root, cache)
    assert loaded == [edited.name]
    monkeypatch.setattr(pipeline, "load_file", real)
    assert files_after == _run(root, None)[0]


def _vandalise(path: Path, how: int, other: Path) -> None:
    text = path.read_text(encoding="utf-8")
    entry = json.loads(text)
    if how == 0:  # truncated
        path.write_text(text[: len(text) // 2], encoding="utf-8")
    elif how == 1:  # a flipped character in the body, MAC kept
        body = entry["body"]
        i = len(body) // 2
        entry["body"] = body[:i] + ("x" if body[i] != "x" else "y") + body[i + 1:]
        path.write_text(json.dumps(entry), encoding="utf-8")
    elif how == 2:  # another entry's (valid) content under this key
        path.write_text(other.read_text(encoding="utf-8"), encoding="utf-8")
    elif how == 3:  # a planted body whose MAC was made without the secret
        import hashlib

        body = json.dumps({"files": {"python/contracts/__init__.py": "import os; os.system('echo pwned')\n"},
                           "diagnostics": [], "schemas": 0, "types": 0, "source_digests": {}})
        entry = {"body": body, "mac": hashlib.sha256(body.encode()).hexdigest()}
        path.write_text(json.dumps(entry), encoding="utf-8")
    elif how == 4:  # not JSON at all (e.g. a pickle)
        import pickle

        path.write_bytes(pickle.dumps({"files": {}}))
    else:  # a deeply nested body
        path.write_text('{"body": "' + "[" * 100_000 + '", "mac": ""}', encoding="utf-8")


@pytest.mark.parametrize("how", range(6), ids=["truncated", "flipped", "swapped", "planted", "pickle", "nested"])
def test_a_corrupted_or_hostile_entry_does_not_change_the_output(tmp_path: Path, how: int) -> None:
    root = _project(tmp_path)
    expected = _run(root, None)
    cache = Cache(tmp_path / "cache", b"k" * 32)
    _run(root, cache)
    entries = _entries(tmp_path / "cache")
    for i, path in enumerate(entries):
        _vandalise(path, how, entries[(i + 1) % len(entries)])
    assert _run(root, cache) == expected
    assert _run(root, cache) == expected  # and the entries rewritten on the miss are sound again


def test_entries_made_under_another_secret_are_ignored(tmp_path: Path) -> None:
    root = _project(tmp_path)
    expected = _run(root, None)
    stranger = Cache(tmp_path / "cache", b"s" * 32)
    _run(root, stranger)
    for path in _entries(tmp_path / "cache"):  # a stranger's cache, with its own valid MACs, but wrong content
        entry = json.loads(path.read_text(encoding="utf-8"))
        body = entry["body"].replace("class ", "class Evil")
        entry = {"body": body, "mac": stranger._mac(path.parent.parent.name, path.parent.name + path.stem, body)}
        path.write_text(json.dumps(entry), encoding="utf-8")
    assert _run(root, Cache(tmp_path / "cache", b"k" * 32)) == expected


def test_cli_cache_location_and_switches(tmp_path: Path) -> None:
    root = _project(tmp_path)
    exe = str(Path(sys.executable).parent / "schemagen")
    env = {**os.environ, "SCHEMAGEN_CACHE_DIR": str(tmp_path / "cache"), "XDG_DATA_HOME": str(tmp_path / "data")}
    env.pop("SCHEMAGEN_NO_CACHE", None)
    args = [exe, "generate", "--schemas", "schemas", "--out", "out", "-q"]
    subprocess.run(args + ["--no-cache"], cwd=root, env=env, check=True)
    assert not (tmp_path / "cache").exists()
    subprocess.run(args, cwd=root, env={**env, "SCHEMAGEN_NO_CACHE": "1"}, check=True)
    assert not (tmp_path / "cache").exists()
    subprocess.run(args, cwd=root, env=env, check=True)
    assert _entries(tmp_path / "cache")
    key = tmp_path / "data" / "schemagen" / "cache-key"
    assert key.stat().st_mode & 0o077 == 0  # the secret is the user's alone
    check = subprocess.run([exe, "check", "--schemas", "schemas", "--out", "out"], cwd=root, env=env,
                           capture_output=True, text=True)
    assert check.returncode == 0, check.stderr
    assert not any(p.name == "cache" for p in root.iterdir())  # nothing in the project tree


def test_prune_keeps_the_most_recently_used(tmp_path: Path) -> None:
    cache = Cache(tmp_path / "cache", b"k" * 32)
    for i in range(10):
        cache.put("format", f"{i:064x}", "x" * 1000)
        path = cache._path("format", f"{i:064x}")
        os.utime(path, (i, i))
    assert cache.get("format", f"{0:064x}") == "x" * 1000  # used now: the newest
    cache.prune(5000)
    kept = [i for i in range(10) if cache._path("format", f"{i:064x}").exists()]
    assert 0 in kept and len(kept) <= 4 and kept[1:] == list(range(10 - len(kept) + 1, 10))


def test_the_code_digest_covers_the_bundled_templates_wherever_they_are(tmp_path: Path,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    # an editable install maps schemagen.templates to a folder outside the package: a template
    # edited there must still be a different cache (it once served the old helpers module)
    from schemagen import cache as cache_module
    from schemagen import locations

    templates = tmp_path / "templates"
    shutil.copytree(locations.DEFAULT_TEMPLATES, templates)
    monkeypatch.setattr(locations, "DEFAULT_TEMPLATES", templates)

    def digest() -> str:
        cache_module.code_digest.cache_clear()
        cache_module.tree_digest.cache_clear()
        return cache_module.code_digest()

    try:
        before = digest()
        helpers = templates / "shared" / "helpers.py.j2"
        helpers.write_text(helpers.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
        assert digest() != before
    finally:
        monkeypatch.undo()
        digest()


@pytest.mark.parametrize("source", ["checks.py", "validators.ts"])
def test_the_code_digest_covers_the_runtime_helpers_source(source: str, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    # the helpers templates copy the code of generator/runtime/'s parts into every _schemagen.py (and
    # its TypeScript runtime into the validators' _schemagen.ts): an edit there must be a different
    # cache too (read from the package, as code_digest reads it)
    import schemagen
    from schemagen import cache as cache_module
    from schemagen import runtime

    own = Path(schemagen.__file__).resolve().parent
    assert Path(runtime.__file__).resolve().parent.is_relative_to(own)
    package = tmp_path / "schemagen"
    shutil.copytree(own, package, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(schemagen, "__file__", str(package / "__init__.py"))

    def digest() -> str:
        cache_module.code_digest.cache_clear()
        cache_module.tree_digest.cache_clear()
        return cache_module.code_digest()

    try:
        before = digest()
        part = package / Path(runtime.__file__).resolve().parent.relative_to(own) / source
        part.write_text(part.read_text(encoding="utf-8") + "\n// edited\n", encoding="utf-8")
        assert digest() != before
    finally:
        monkeypatch.undo()
        digest()
