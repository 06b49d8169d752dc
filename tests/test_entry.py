"""The console script's short way for `check`/`generate` with plain options (entry.py): the same
parse, exit codes and output as through the Typer app, without importing Typer or pydantic."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from hypothesis import given, settings
from hypothesis import strategies as st

from schemagen.cli.entry import FAST_OPTIONS, fast_options

SCHEMA = '{"$defs": {"Thing": {"type": "object", "properties": {"name": {"type": "string"}}}}}'


@pytest.mark.parametrize("argv, expected", [
    (["check"], ("check", {})), (["check", "-q"], ("check", {"quiet": True})),
    (["generate", "--quiet"], ("generate", {"quiet": True})),
    (["check", "--format", "GitHub", "--no-diff"], ("check", {"format": "github", "diff": False})),
    (["generate", "-t", "pydantic,typescript", "--target=typeddict"], ("generate", {"targets": ("pydantic", "typescript", "typeddict")})),
    (["check", "--schemas=api", "--out", "build"], ("check", {"schemas": "api", "out": "build"})),
    (["generate", "--diff"], None), (["check", "--strict=1"], None), (["check", "--schemas"], None),
    (["check", "--schemas", "--strict"], None), (["check", "--schemas="], None), (["check", "-qt", "x"], None),
    (["check", "--format", "yaml"], None), (["check", "--sch", "x"], None), (["check", "--", "x"], None),
    (["check", "--help"], None), (["watch"], None), (["--help"], None), ([], None), (["lint"], None),
])
def test_only_the_plain_forms_take_the_short_way(argv: list[str], expected: tuple[str, dict[str, Any]] | None) -> None:
    assert fast_options(argv) == expected


def _typer_options(argv: list[str]) -> tuple[int | None, Any]:
    """(exit code, the runner.Options) the Typer app parses argv into, running nothing."""
    import schemagen.cli.runner
    from typer.main import get_command

    from schemagen.cli.app import app

    seen: list[Any] = []

    def fake_run(command: str, options: Any) -> int:
        seen.append((command, options))
        return 0

    real, schemagen.cli.runner.run = schemagen.cli.runner.run, fake_run
    try:
        get_command(app).main(argv, prog_name="schemagen", standalone_mode=False)
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 2
    except Exception as exc:  # click's usage errors (standalone_mode=False raises them)
        code = getattr(exc, "exit_code", 2)
    finally:
        schemagen.cli.runner.run = real
    return code, seen[0] if seen else None


def test_the_short_way_knows_every_option_of_check_and_generate_as_typer_declares_it() -> None:
    """A new option in cli.py must be added to FAST_OPTIONS (or the short way would refuse it
    silently by falling back, which is only slow) and must parse to the same field there."""
    from typer.main import get_command

    from schemagen.cli.app import app

    group = get_command(app)
    for command, table in FAST_OPTIONS.items():
        declared = {spelling for p in group.commands[command].params for spelling in [*p.opts, *p.secondary_opts]}
        assert declared - {"--help"} == set(table), command
    from schemagen.cli.app import OutputFormat
    from schemagen.cli.entry import FORMATS

    assert {f.value for f in OutputFormat} == set(FORMATS)


_VALUES = st.sampled_from(["api", "build/out", "pydantic", "typescript,typeddict", "GitHub", "json", "text", "a b", "ü/x"])


@st.composite
def _argvs(draw: Any) -> list[str]:
    command = draw(st.sampled_from(sorted(FAST_OPTIONS)))
    argv = [command]
    for _ in range(draw(st.integers(0, 5))):
        spelling, (field, kind) = draw(st.sampled_from(sorted(FAST_OPTIONS[command].items())))
        if kind in ("true", "false"):
            argv.append(spelling)
        elif spelling.startswith("--") and draw(st.booleans()):
            argv.append(f"{spelling}={draw(_VALUES)}")
        else:
            argv += [spelling, draw(_VALUES)]
    return argv


@settings(max_examples=150, deadline=None)
@given(_argvs())
def test_the_short_way_parses_as_the_typer_app_does(argv: list[str]) -> None:
    from pathlib import Path

    from schemagen.cli.runner import Options

    fast = fast_options(argv)
    code, parsed = _typer_options(argv)
    if fast is None:
        return  # Typer's own parse (or its usage error) stands
    command, given = fast
    for field in ("schemas", "out", "config"):
        if field in given:
            given[field] = Path(given[field])
    assert code == 0 and parsed == (command, Options(**given)), argv


def _project(tmp_path: Path) -> Path:
    (tmp_path / "schemas").mkdir(parents=True)
    (tmp_path / "schemas" / "things.json").write_text(SCHEMA, encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text('[tool.schemagen]\nschemas = "schemas"\nout = "out"\n', encoding="utf-8")
    return tmp_path


def _run(cwd: Path, *args: str) -> tuple[int, str, str]:
    proc = subprocess.run([sys.executable, "-m", "schemagen", *args], cwd=cwd, capture_output=True, text=True,
                          env={**__import__("os").environ, "SCHEMAGEN_NO_CACHE": "1"})
    return proc.returncode, proc.stdout, proc.stderr


def _untimed(result: tuple[int, str, str]) -> tuple[int, str, str]:
    code, out, err = result
    return code, re.sub(r" in [0-9.]+s$", "", out, flags=re.M), err


def test_the_short_way_answers_as_the_typer_app_does(tmp_path: Path) -> None:
    short, long = _project(tmp_path / "short"), _project(tmp_path / "long")
    # nothing generated yet: check reports drift, the same way on both paths
    assert _run(short, "check") == _run(long, "check", "--diff")
    assert _run(short, "check", "-q") == _run(long, "check", "-q", "--diff")
    assert _run(short, "check")[0] == 1
    generated = _untimed(_run(short, "generate"))
    assert generated[0] == 0, generated
    assert generated == _untimed(_run(long, "generate", "--target", "pydantic,typeddict,typescript"))
    assert _run(short, "check", "-q") == (0, "", "") == _run(long, "check", "-q", "--format", "text")
    assert _untimed(_run(short, "generate")) == _untimed(_run(long, "generate", "--format", "text"))


@pytest.mark.parametrize("argv", [["check", "-q"], ["check", "--format", "github", "--strict"],
                                  ["generate", "-q", "--schemas", "schemas", "--out=out", "-t", "typescript"]])
def test_a_no_change_run_with_plain_options_imports_neither_typer_nor_pydantic(tmp_path: Path, argv: list[str]) -> None:
    root = _project(tmp_path)
    assert _run(root, "generate", "-q")[0] == 0
    probe = (f"import sys; sys.argv = ['schemagen', *{argv!r}]\n"
             "from schemagen.cli.entry import main\n"
             "try:\n    main()\nexcept SystemExit as exc:\n    code = exc.code\n"
             "print(code, 'typer' in sys.modules, 'pydantic' in sys.modules)")
    proc = subprocess.run([sys.executable, "-c", probe], cwd=root, capture_output=True, text=True)
    assert proc.stdout.split()[-3:] == ["0", "False", "False"], proc.stdout[-2000:] + proc.stderr[-2000:]
