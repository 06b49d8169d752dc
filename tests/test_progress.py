"""The progress line: drawn on a terminal for a long run, erased at the end; never when piped,
in CI or with -q. A pseudo-terminal stands in for the user's terminal; the delay before the
line appears is set to 0 so the test does not depend on how long a run takes."""

from __future__ import annotations

import os
import select
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support import write_schemas

pty = pytest.importorskip("pty", reason="pseudo-terminals are POSIX only")

SCHEMA = "$defs:\n  Item:\n    type: object\n    properties:\n      id: {type: integer}\n"


def run_on_a_terminal(project: Path, *args: str, ci: bool = False) -> tuple[int, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("CI", "TERM")}
    env.update(SCHEMAGEN_PROGRESS_DELAY="0", TERM="xterm", **({"CI": "true"} if ci else {}))
    master, slave = pty.openpty()
    proc = subprocess.Popen([str(Path(sys.executable).parent / "schemagen"), *args], cwd=project, env=env,
                            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=slave)
    os.close(slave)
    chunks: list[bytes] = []
    while True:
        ready, _, _ = select.select([master], [], [], 1.0)
        if ready:
            try:
                data = os.read(master, 4096)
            except OSError:  # the other end closed
                break
            if not data:
                break
            chunks.append(data)
        elif proc.poll() is not None:
            break
    os.close(master)
    return proc.wait(timeout=300), b"".join(chunks).decode("utf-8", "replace")


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    write_schemas(tmp_path, {"shop/items.yaml": SCHEMA})
    return tmp_path


def test_progress_on_a_terminal_is_drawn_then_erased(project: Path) -> None:
    code, err = run_on_a_terminal(project, "generate")
    assert code == 0
    assert "schemagen: generating... " in err
    assert err.endswith("\r\x1b[K"), repr(err[-80:])


@pytest.mark.parametrize(("args", "ci"), [(("generate", "-q"), False), (("generate",), True),
                                          (("check", "--format", "github"), False)])
def test_no_progress_in_ci_quiet_or_machine_formats(project: Path, args: tuple[str, ...], ci: bool) -> None:
    code, err = run_on_a_terminal(project, *args, ci=ci)
    assert code in (0, 1) and "schemagen: generating" not in err and "checking..." not in err and "\r" not in err.replace("\r\n", "")


def test_no_progress_when_piped(project: Path) -> None:
    env = {**os.environ, "SCHEMAGEN_PROGRESS_DELAY": "0"}
    env.pop("CI", None)
    result = subprocess.run([str(Path(sys.executable).parent / "schemagen"), "generate"], cwd=project, env=env,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0 and "generating..." not in result.stderr and "\r" not in result.stderr
