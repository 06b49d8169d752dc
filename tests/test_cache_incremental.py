"""The persistent cache after an edit (generator/cache.py, output/incremental.py): whatever was
edited, renamed or deleted, a run with the cache writes what a cold run writes, byte for byte, and
an edit redoes only the modules whose planner inputs changed."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from schemagen.cache import Cache
from schemagen.output.format import FormatStore
from schemagen.config import load_config
from schemagen.diagnostics import SchemaError
from schemagen.pipeline import generate
from schemagen.targets import pydantic, typeddict, typescript
from tests.bench_corpus import edit_one, write_corpus
from tests.goldens_lib import GOLDENS

Result = tuple[dict[str, str], tuple[str, ...]]


def _run(root: Path, cache: Cache | None) -> Result:
    config = load_config(root, None, discover=False, overrides={"schemas": str(root / "schemas"), "out": str(root / "out")})
    try:
        result = generate(config, FormatStore({}, cache), cache=cache)
    except SchemaError as exc:
        return {}, tuple(d.format() for d in exc.diagnostics)
    return result.files, tuple(d.format() for d in result.diagnostics)


def _same_as_cold(root: Path, cache: Cache) -> None:
    warm = _run(root, cache)
    assert warm == _run(root, None)


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    write_corpus(100, root / "schemas")  # 5 files, each referring to earlier ones
    return root


def _first_def(path: Path) -> tuple[dict, dict]:
    doc = json.loads(path.read_text(encoding="utf-8"))
    return doc, next(iter(doc["$defs"].values()))


def test_edits_renames_and_deletions_give_what_a_cold_run_gives(corpus: Path, tmp_path: Path) -> None:
    cache = Cache(tmp_path / "cache", b"k" * 32)
    schemas = corpus / "schemas"
    files = sorted(schemas.glob("*.json"))
    _same_as_cold(corpus, cache)
    edit_one(schemas, 0)  # a description in the file every other file refers to
    _same_as_cold(corpus, cache)
    doc, first = _first_def(files[0])  # a new property in it: whatever extends or embeds it changes
    first.setdefault("properties", {})["addedLater"] = {"type": "integer", "minimum": 3}
    files[0].write_text(json.dumps(doc, indent=2), encoding="utf-8")
    _same_as_cold(corpus, cache)
    doc, first = _first_def(files[1])  # a referring file's own edit
    first["description"] = "Changed in a referring file."
    first["deprecated"] = True
    files[1].write_text(json.dumps(doc, indent=2), encoding="utf-8")
    _same_as_cold(corpus, cache)
    files[-1].rename(schemas / "zz_renamed.json")  # nothing refers to the last file
    _same_as_cold(corpus, cache)
    (schemas / "zz_renamed.json").unlink()
    _same_as_cold(corpus, cache)
    files[0].rename(schemas / "moved.json")  # the others' refs now lead nowhere: the same errors
    assert _run(corpus, cache)[1] and not _run(corpus, cache)[0]
    _same_as_cold(corpus, cache)
    (schemas / "moved.json").rename(files[0])  # and back: the cached modules serve again
    _same_as_cold(corpus, cache)


def test_a_description_edit_plans_only_its_own_module(corpus: Path, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    cache = Cache(tmp_path / "cache", b"k" * 32)
    _run(corpus, cache)
    planned: list[str] = []
    for planner in (pydantic, typeddict, typescript):
        real = planner.plan_module

        def counting(module, *args, _real=real, **kwargs):  # type: ignore[no-untyped-def]
            planned.append(module.name)
            return _real(module, *args, **kwargs)

        monkeypatch.setattr(planner, "plan_module", counting)
    edited = edit_one(corpus / "schemas", 0)
    files = _run(corpus, cache)
    assert planned == [Path(edited).stem] * 3  # one module in each target, though four files refer to it
    monkeypatch.undo()
    assert files == _run(corpus, None)


def test_tampered_module_and_check_entries_do_not_change_the_output(corpus: Path, tmp_path: Path) -> None:
    cache = Cache(tmp_path / "cache", b"k" * 32)
    _run(corpus, cache)
    entries = sorted(p for kind in ("module", "check") for p in (tmp_path / "cache").rglob(f"{kind}/*/*.json"))
    assert entries
    for i, path in enumerate(entries):
        entry = json.loads(path.read_text(encoding="utf-8"))
        if i % 3 == 0:  # the body changed, its MAC kept
            entry["body"] = entry["body"].replace("class ", "class Evil").replace("export ", "export const x = 1; ")
        elif i % 3 == 1:  # another entry's (valid) content under this key
            entry = json.loads(entries[(i + 1) % len(entries)].read_text(encoding="utf-8"))
        else:  # the right shape, no MAC of this secret
            entry["mac"] = "0" * 64
        path.write_text(json.dumps(entry), encoding="utf-8")
    edit_one(corpus / "schemas", 2)
    _same_as_cold(corpus, cache)


_MULTI = sorted(c.name for c in GOLDENS.iterdir() if (c / "schemas").is_dir()
                and len([p for p in (c / "schemas").rglob("*") if p.suffix in (".yaml", ".yml", ".json")]) > 1)


@pytest.mark.parametrize("case", _MULTI)
def test_description_edits_in_any_golden_file_give_a_cold_runs_output(case: str, tmp_path: Path) -> None:
    """A planner sees other modules' types without their descriptions (incremental.py): if one
    ever wrote another module's description, a warm run after this edit would differ."""
    root = tmp_path / "project"
    shutil.copytree(GOLDENS / case / "schemas", root / "schemas")
    cache = Cache(tmp_path / "cache", b"k" * 32)
    _run(root, cache)
    for path in sorted(p for p in (root / "schemas").rglob("*") if p.suffix in (".yaml", ".yml", ".json")):
        text = path.read_text(encoding="utf-8")
        edited = re.sub(r'("description":\s*")', r"\1Edited ", text) if path.suffix == ".json" else \
            re.sub(r"(\bdescription:[ \t]+)(?=[A-Za-z])", r"\1Edited ", text)
        if edited != text:
            path.write_text(edited, encoding="utf-8")
            _same_as_cold(root, cache)


def test_a_modules_own_digest_covers_every_field_of_it() -> None:
    # incremental.Scope._own_digest lists Module's and _Named's stripped fields by name: a field
    # added to either must be added there too, or an edit of it would be served from the cache
    from dataclasses import fields

    from schemagen import ir

    assert [f.name for f in fields(ir.Module)] == ["name", "source", "types", "constants", "description"]
    stripped = {"description", "origin"}
    assert stripped <= {f.name for f in fields(ir.ObjectType)}
