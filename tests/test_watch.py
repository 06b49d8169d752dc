"""`schemagen watch` as a user runs it: the real process, real file edits, a located error that
does not stop it, then a stop signal (SIGTERM, handled as Ctrl-C is). Polls with a generous timeout; nothing here measures time."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Callable

import pytest

from tests.support import write_schemas

SCHEMA = "$defs:\n  Item:\n    type: object\n    properties:\n      id: {type: integer}\n"
TIMEOUT = 120.0


def wait_for(what: str, condition: Callable[[], bool], proc: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        if condition():
            return
        if proc.poll() is not None:
            break
        time.sleep(0.2)
    raise AssertionError(f"watch never got to: {what}\n--- output ---\n{log.read_text(errors='replace')}")


def test_watch_regenerates_on_edits_and_survives_errors(tmp_path: Path) -> None:
    write_schemas(tmp_path, {"shop/items.yaml": SCHEMA})
    (tmp_path / "pyproject.toml").write_text('[tool.schemagen]\nschemas = "schemas"\n', encoding="utf-8")
    log = tmp_path / "watch.log"
    module = tmp_path / "generated/python/contracts/shop/items.py"
    schema = tmp_path / "schemas/shop/items.yaml"
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    with log.open("wb") as sink:
        proc = subprocess.Popen([str(Path(sys.executable).parent / "schemagen"), "watch"], cwd=tmp_path,
                                stdout=sink, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=env)
    try:
        output = lambda: log.read_text(encoding="utf-8", errors="replace")  # noqa: E731
        wait_for("the first run", lambda: "schemagen watch: watching" in output() and module.is_file(), proc, log)
        assert "schemas" in output() and "pyproject.toml" in output()

        # a burst of saves: the last one wins
        for n in range(3):
            schema.write_text(SCHEMA + f"      label{n}: {{type: string}}\n", encoding="utf-8")
        wait_for("regeneration after an edit", lambda: "label2" in module.read_text(encoding="utf-8"), proc, log)
        assert "changed: schemas/shop/items.yaml; regenerating" in output()

        schema.write_text(SCHEMA + "  Broken: {type: object, properties: [1\n", encoding="utf-8")
        wait_for("a located error", lambda: "schemas/shop/items.yaml:7:" in output() and "nothing was written" in output(),
                 proc, log)
        assert proc.poll() is None, "watch stopped on an error"
        assert "label2" in module.read_text(encoding="utf-8")  # the failed run left the output alone

        schema.write_text(SCHEMA + "      fixed: {type: boolean}\n", encoding="utf-8")
        wait_for("recovery after the fix", lambda: "fixed" in module.read_text(encoding="utf-8"), proc, log)

        (tmp_path / "pyproject.toml").write_text('[tool.schemagen]\nschemas = "schemas"\npython_package = "shop2"\n',
                                                 encoding="utf-8")
        wait_for("a config change", lambda: (tmp_path / "generated/python/shop2/shop/items.py").is_file(), proc, log)
    finally:
        if proc.poll() is None:  # SIGTERM: a pytest-xdist worker's children inherit an ignored SIGINT
            proc.send_signal(signal.SIGTERM)
        try:
            code = proc.wait(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            proc.kill()
            raise
    assert code == 0 and "schemagen watch: stopped" in log.read_text(encoding="utf-8")


def test_a_stop_during_a_run_stops_watch(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """SIGTERM (or Ctrl-C) that lands while a run is going is caught by the runner, which reports
    "interrupted" and returns; watch must still stop then, not go back to watching (it once did,
    and a stop sent under load left it running for ever)."""
    from schemagen.cli import watch as watch_module
    from schemagen.cli.runner import Options

    runs: list[int] = []

    def run_that_is_interrupted(action: str, opts: Options) -> int:
        runs.append(1)
        try:
            os.kill(os.getpid(), signal.SIGTERM)  # delivered here, inside the run
            time.sleep(5)  # the handler raises at once; never slept out
        except KeyboardInterrupt:
            return 130  # what runner._guarded does
        raise AssertionError("the stop signal was not delivered")

    def kept_watching(*args: object, **kwargs: object) -> None:
        raise AssertionError("watch went back to watching after a stop")

    monkeypatch.setattr(watch_module, "run", run_that_is_interrupted)
    monkeypatch.setattr(watch_module, "watched_paths", lambda opts: ())
    monkeypatch.setattr(watch_module, "_wakeups", kept_watching)
    saved = {s: signal.getsignal(s) for s in (signal.SIGTERM, signal.SIGINT)}
    try:
        assert watch_module.watch(Options()) == 0
    finally:
        for sig, handler in saved.items():
            signal.signal(sig, handler)
    assert runs == [1]
    assert "schemagen watch: stopped" in capsys.readouterr().out
