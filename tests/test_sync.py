"""Nothing lost: a run that fails, is killed, or races another run leaves the output folder either
the old output or the new one, never a mix; only schemagen's own files are ever replaced or
deleted; a second run waits for the first (or gives up with exit 4)."""

from __future__ import annotations

import functools
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from schemagen.output import sync
from schemagen.safety import STAGED
from schemagen.cli.app import app
from schemagen.config import load_config
from schemagen.diagnostics import EXIT_BUSY, EXIT_INPUT, SchemaError
from schemagen.pipeline import MANIFEST, generate
from tests.support import REPO, unique_package

V1 = """\
$defs:
  Item:
    type: object
    properties:
      id: {type: integer}
"""
V2 = V1.replace("id: {type: integer}", "id: {type: string}\n      name: {type: string}")
NEW_FILE = "$defs:\n  Extra: {type: string}\n"


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout + result.stderr


@pytest.fixture()
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "schemas").mkdir()
    (tmp_path / "schemas" / "shop.yaml").write_text(V1, encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text(
        f'[tool.schemagen]\nschemas = "schemas"\nout = "out"\npython_package = "{unique_package("sync")}"\n',
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    assert run("generate")[0] == 0
    (tmp_path / "out" / "NOTES.md").write_text("the user's own notes\n", encoding="utf-8")
    return tmp_path


def second_version(project: Path) -> tuple[dict[str, str], sync.Drift, Path]:
    """Change one schema and add another: the next write changes, adds and (none) deletes."""
    (project / "schemas" / "shop.yaml").write_text(V2, encoding="utf-8")
    (project / "schemas" / "extra.yaml").write_text(NEW_FILE, encoding="utf-8")
    out = project / "out"
    files = generate(load_config(project)).files
    drift = sync.compare(files, out)
    assert drift.changed and drift.missing
    return files, drift, out


def no_debris(out: Path) -> None:
    leftovers = [p.name for p in out.rglob("*") if STAGED.fullmatch(p.name)]
    assert not leftovers and not (out / sync.JOURNAL).exists()


# ---------------------------------------------------------------- atomic per run


@pytest.mark.parametrize("fail_at", [0, 1, 3, -1])
def test_failure_mid_write_leaves_previous_output(project: Path, fail_at: int) -> None:
    files, drift, out = second_version(project)
    before = snapshot(out)
    count = len(drift.changed) + len(drift.missing)
    fail_at = count - 1 if fail_at < 0 else fail_at
    calls = []

    def flaky(src: Path, dst: Path) -> None:
        if len(calls) == fail_at:
            raise OSError(28, "No space left on device")
        calls.append(dst)
        os.replace(src, dst)

    with pytest.raises(SchemaError) as caught:  # a full disk is a located input error, not a traceback
        sync.write(files, out, drift, _replace=flaky)
    assert [d.code for d in caught.value.diagnostics] == ["write-failed"]
    assert len(calls) == fail_at
    assert snapshot(out) == before
    no_debris(out)


def test_write_then_compare_is_clean(project: Path) -> None:
    files, drift, out = second_version(project)
    assert sync.write(files, out, drift) > 0
    assert sync.compare(files, out).clean
    assert (out / "NOTES.md").read_text() == "the user's own notes\n"
    no_debris(out)


_KILLER = """
import os, sys
from pathlib import Path
from schemagen.output import sync
from schemagen.config import load_config
from schemagen.pipeline import generate

project, after = Path(sys.argv[1]), int(sys.argv[2])
files = generate(load_config(project)).files
out = project / "out"
done = []

def replace_then_die(src, dst):
    if len(done) == after:
        os._exit(137)  # as if killed: no except, no finally, no rollback
    os.replace(src, dst)
    done.append(dst)

sync.write(files, out, sync.compare(files, out), _replace=replace_then_die)
"""


@pytest.mark.parametrize("after", [0, 2])
def test_kill_mid_write_is_rolled_back_by_recover(project: Path, after: int) -> None:
    _, _, out = second_version(project)
    (project / "schemas" / "shop.yaml").write_text(V1, encoding="utf-8")  # back to v1 on disk...
    (project / "schemas" / "extra.yaml").unlink()
    before = snapshot(out)
    (project / "schemas" / "shop.yaml").write_text(V2, encoding="utf-8")  # ...then v2 for the killed run
    (project / "schemas" / "extra.yaml").write_text(NEW_FILE, encoding="utf-8")
    proc = subprocess.run([sys.executable, "-c", _KILLER, str(project), str(after)], cwd=REPO,
                          capture_output=True, text=True)
    assert proc.returncode == 137, proc.stderr
    assert (out / sync.JOURNAL).exists()  # the evidence a kill leaves
    assert sync.recover(out) is True
    assert snapshot(out) == before
    no_debris(out)
    assert sync.recover(out) is False


def test_generate_after_a_kill_recovers_and_completes(project: Path) -> None:
    (project / "schemas" / "shop.yaml").write_text(V2, encoding="utf-8")
    proc = subprocess.run([sys.executable, "-c", _KILLER, str(project), "1"], cwd=REPO, capture_output=True, text=True)
    assert proc.returncode == 137, proc.stderr
    code, text = run("generate")
    assert code == 0, text
    assert "interrupted run was found" in text
    code, text = run("check")
    assert code == 0, text
    no_debris(project / "out")


def test_recover_with_a_torn_journal_still_cleans_up(project: Path) -> None:
    out = project / "out"
    before = snapshot(out)
    (out / sync.JOURNAL).write_text('{"entries": [', encoding="utf-8")
    (out / "stray.py.schemagen-tmp-0123456789abcdef").write_text("x", encoding="utf-8")
    assert sync.recover(out) is True
    assert snapshot(out) == before


# ---------------------------------------------------------------- ownership


def test_only_owned_files_are_deleted_and_stale_ones_reported(project: Path) -> None:
    out = project / "out"
    package = next((out / "python").iterdir()).name
    stale_header = out / "python" / package / "old.py"
    stale_header.write_text("# generated by schemagen from schemas/old.yaml — do not edit\nX = 1\n", encoding="utf-8")
    user_py = out / "python" / package / "handwritten.py"
    user_py.write_text("# my helpers\n", encoding="utf-8")
    user_ts = out / "typescript" / "extra.d.ts"
    user_ts.write_text("export type Mine = 1;\n", encoding="utf-8")
    code, text = run("check")
    assert code == 1 and f"stale: out/python/{package}/old.py" in text
    assert "handwritten" not in text and "extra.d.ts" not in text and "NOTES" not in text
    code, text = run("generate")
    assert code == 0 and "1 deleted" in text, text
    assert not stale_header.exists()
    assert user_py.read_text() == "# my helpers\n" and user_ts.exists() and (out / "NOTES.md").exists()


def test_a_manifest_entry_alone_does_not_own_a_users_file(project: Path) -> None:
    """The manifest is output-folder state a pull request can edit (issue 12): listing a user's
    file there, or giving it a first line that merely mentions schemagen, does not make it ours."""
    out = project / "out"
    manifest = json.loads((out / MANIFEST).read_text())
    (out / "typescript" / "gone.ts").write_text("no header here\n", encoding="utf-8")
    (out / "typescript" / "near.ts").write_text("// notes: generated by schemagen? no, by hand\n", encoding="utf-8")
    manifest["files"]["typescript/gone.ts"] = {"sha256": "0"}
    manifest["files"]["NOTES.md"] = {"sha256": "0"}
    (out / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    code, text = run("generate")
    assert code == 0 and "0 deleted" in text, text
    assert (out / "typescript" / "gone.ts").exists() and (out / "typescript" / "near.ts").exists()
    assert (out / "NOTES.md").exists()


def test_a_manifest_cannot_claim_files_outside_the_output_folder(project: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    victim = tmp_path_factory.mktemp("elsewhere") / "precious.txt"
    victim.write_text("keep me\n", encoding="utf-8")
    out = project / "out"
    manifest = json.loads((out / MANIFEST).read_text())
    manifest["files"][str(victim)] = {"sha256": "0"}
    manifest["files"]["../pyproject.toml"] = {"sha256": "0"}
    (out / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    assert run("generate")[0] == 0
    assert victim.read_text() == "keep me\n" and (project / "pyproject.toml").exists()


def test_a_users_file_in_the_way_is_never_overwritten(project: Path) -> None:
    """A new schema whose output path holds a file schemagen does not own: refuse, touch nothing."""
    out = project / "out"
    (project / "schemas" / "extra.yaml").write_text(NEW_FILE, encoding="utf-8")
    mine = out / "typescript" / "extra.ts"
    mine.write_text("// my own file, not generated\n", encoding="utf-8")
    before = snapshot(out)
    code, text = run("generate")
    assert code == EXIT_INPUT and "error[foreign-file]" in text and "out/typescript/extra.ts" in text
    assert "hint: move or rename it" in text
    assert snapshot(out) == before


# ---------------------------------------------------------------- one run at a time


def test_a_held_lock_is_exit_4_with_a_clear_message(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = project / "out"
    monkeypatch.setattr(sync, "locked", functools.partial(sync.locked, wait_seconds=0.3))
    (project / "schemas" / "shop.yaml").write_text(V2, encoding="utf-8")
    before = snapshot(out)
    with sync.locked(out):  # another run holds it (flock is per open file, so this blocks us too)
        code, text = run("generate")
    assert code == EXIT_BUSY, text
    assert "another schemagen run is writing" in text and "wait for it to finish" in text
    assert snapshot(out) == before
    assert run("generate")[0] == 0  # released: the next run goes through


def test_two_concurrent_runs_do_not_corrupt_the_output(project: Path) -> None:
    (project / "schemas" / "shop.yaml").write_text(V2, encoding="utf-8")
    (project / "schemas" / "extra.yaml").write_text(NEW_FILE, encoding="utf-8")
    cmd = [str(REPO / ".venv" / "bin" / "schemagen"), "generate"]
    procs = [subprocess.Popen(cmd, cwd=project, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for _ in range(3)]
    results = [p.communicate(timeout=120) + (p.returncode,) for p in procs]
    assert all(code == 0 for _, _, code in results), results
    code, text = run("check")
    assert code == 0, text
    no_debris(project / "out")


def test_check_takes_no_lock_and_writes_nothing(project: Path) -> None:
    out = project / "out"
    (project / "schemas" / "shop.yaml").write_text(V2, encoding="utf-8")
    before = snapshot(out)
    with sync.locked(out):
        code, _ = run("check")
    assert code == 1 and snapshot(out) == before


def test_schemagen_script_exists() -> None:
    assert (REPO / ".venv" / "bin" / "schemagen").exists(), "the console script the concurrency test runs"

