"""Formatting: black runs in process, and only on modules whose text changed since last run."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import black
import pytest

from schemagen.config import load_config
from schemagen.output.format import format_python
from schemagen.pipeline import generate, read_format_cache
from schemagen.output.sync import compare, write
from tests.support import write_schemas


def test_format_python_is_black() -> None:
    assert format_python("x = {  'a':1 }\n") == 'x = {"a": 1}\n'


def test_unchanged_modules_skip_black(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Formatting (layout.py, or black where it is not sure) runs only for modules that changed."""
    import schemagen.output.format as fmt

    write_schemas(tmp_path, {
        "a.yaml": "$defs:\n  A:\n    type: object\n    properties:\n      x: {type: string}\n",
        "b.yaml": "$defs:\n  B:\n    type: object\n    properties:\n      y: {type: integer}\n",
    })
    config = load_config(tmp_path, None, {"schemas": str(tmp_path / "schemas"), "out": str(tmp_path / "out")})
    cache: dict[str, str] = {}  # a cache the run trusts lives outside the output folder (here: in memory)
    first = generate(config, cache)
    write(first.files, config.out, compare(first.files, config.out))

    calls: list[str] = []
    real_layout, real_black = fmt.layout, fmt.black_format

    def counting_layout(src: str, **kwargs: Any) -> str | None:
        calls.append(src.splitlines()[0])
        return real_layout(src, **kwargs)

    def counting_black(src: str) -> str:
        calls.append("black: " + src.splitlines()[0])
        return real_black(src)

    monkeypatch.setattr(fmt, "layout", counting_layout)
    monkeypatch.setattr(fmt, "black_format", counting_black)
    second = generate(config, cache)
    assert second.files == first.files
    assert calls == [], "modules that did not change were formatted again"

    (tmp_path / "schemas/b.yaml").write_text("$defs:\n  B:\n    type: object\n    properties:\n      z: {type: integer}\n")
    third = generate(config, cache)
    assert len(calls) == 2, calls  # b.py in the Pydantic and in the TypedDict package, nothing else
    assert all("b.yaml" in c and not c.startswith("black") for c in calls)
    assert third.files != first.files


def test_hand_edited_file_is_not_trusted_as_cache(tmp_path: Path) -> None:
    write_schemas(tmp_path, {"a.yaml": "$defs:\n  A:\n    type: string\n"})
    config = load_config(tmp_path, None, {"schemas": str(tmp_path / "schemas"), "out": str(tmp_path / "out")})
    first = generate(config)
    write(first.files, config.out, compare(first.files, config.out))
    edited = config.out / "python/contracts/a.py"
    edited.write_text(edited.read_text() + "# hand edit\n")
    again = generate(config, read_format_cache(config.out))
    assert again.files == first.files
    assert not compare(again.files, config.out).clean


def test_manifest_records_black_and_check_names_another_black(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Output formatted by another black: its cached text is not reused, and `check` says why it
    fails (the version in the manifest differs from the installed one)."""
    import json

    from typer.testing import CliRunner

    from schemagen.cli.app import app
    from schemagen.output import format as fmt
    from schemagen.pipeline import MANIFEST

    write_schemas(tmp_path, {"a.yaml": "$defs:\n  A:\n    type: object\n    properties:\n      x: {type: string}\n"})
    monkeypatch.chdir(tmp_path)
    # the persistent cache keys on the real black version; the fake one below must not be answered from it
    monkeypatch.setenv("SCHEMAGEN_NO_CACHE", "1")
    assert CliRunner().invoke(app, ["generate"]).exit_code == 0
    manifest = json.loads((tmp_path / "generated" / MANIFEST).read_text())
    entry = manifest["files"]["python/contracts/a.py"]
    assert entry["black"] == black.__version__
    assert "black" not in manifest["files"]["typescript/a.ts"]
    assert CliRunner().invoke(app, ["check"]).exit_code == 0

    monkeypatch.setattr(fmt, "formatter_version", lambda: "99.1.0")
    config = load_config(tmp_path, None, {})
    assert read_format_cache(config.out) == {}  # another black's output is no cache for this one
    result = CliRunner().invoke(app, ["check"])
    assert result.exit_code == 1
    assert f"was formatted by black {black.__version__}, but black 99.1.0 is installed" in result.stderr


def test_manifest_digests_never_stand_in_for_formatting(tmp_path: Path) -> None:
    """Format-cache poisoning (issue 12): append code to a generated module and update its digest
    in the manifest; the next run still renders and formats the module itself."""
    import hashlib
    import json

    write_schemas(tmp_path, {"a.yaml": "$defs:\n  A:\n    type: string\n"})
    config = load_config(tmp_path, None, {"schemas": str(tmp_path / "schemas"), "out": str(tmp_path / "out")})
    first = generate(config)
    write(first.files, config.out, compare(first.files, config.out))
    module = config.out / "python/contracts/a.py"
    poisoned = module.read_text() + "__import__('os').system('touch CANARY')\n"
    module.write_text(poisoned)
    manifest_path = config.out / ".schemagen-manifest.json"
    manifest = json.loads(manifest_path.read_text())
    manifest["files"]["python/contracts/a.py"]["sha256"] = hashlib.sha256(poisoned.encode()).hexdigest()
    manifest_path.write_text(json.dumps(manifest))
    again = generate(config, read_format_cache(config.out))
    assert again.files["python/contracts/a.py"] == first.files["python/contracts/a.py"]
    drift = compare(again.files, config.out)
    assert "python/contracts/a.py" in drift.changed
