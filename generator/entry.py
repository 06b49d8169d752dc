"""The `schemagen` console script. The commands a pre-commit hook, `make check` and CI run on every
commit (`check` and `generate`, with no option but `-q`) go straight to the runner: parsing them
through Typer would import Typer and pydantic (Typer coerces each option through a pydantic
TypeAdapter), most of a no-change run's time. Everything else is the Typer app in cli.py."""

from __future__ import annotations

import sys

QUIET_FLAGS = ("--quiet", "-q")  # the -q option of generate/check/watch: cli.py declares it from these


def _plain(argv: list[str]) -> tuple[str, bool] | None:
    """(command, quiet) for `check`/`generate` with no option but `-q`, else None."""
    if not argv or argv[0] not in ("check", "generate") or len(argv) > 2:
        return None
    if len(argv) == 2 and argv[1] not in QUIET_FLAGS:
        return None
    return argv[0], len(argv) == 2


def main() -> None:
    plain = _plain(sys.argv[1:])
    if plain is None:
        from schemagen.cli import main as typer_main

        typer_main()
        return
    from schemagen.runner import Options, run

    command, quiet = plain
    # the options' defaults, as cli.py's generate/check spell them
    sys.exit(run(command, Options(quiet=quiet)))
