"""The `schemagen` console script. `check` and `generate`, the commands a pre-commit hook, `make
check` and CI run on every commit, go straight to the runner when their arguments are in the plain
forms below: parsing them through Typer imports Typer and pydantic (Typer coerces each option
through a pydantic TypeAdapter), 0.15-0.3 s, most of a no-change run. Anything else (`--help`, an
unknown or misspelt option, a missing value, bundled short flags, another command) goes to the
Typer app in cli.py, which parses it the same way or prints its own usage error. The option table
here is checked against the Typer declarations by tests/test_entry.py."""

from __future__ import annotations

import sys
from typing import Any

from schemagen.cli.flags import FORMATS, QUIET_FLAGS

# option spelling → (Options field, kind): "path"/"str"/"choice" take a value (the last one given
# wins, as in click), "append" takes a value each time, "true"/"false" are flags
_COMMON: dict[str, tuple[str, str]] = {
    "--schemas": ("schemas", "path"), "--out": ("out", "path"), "--config": ("config", "path"),
    "--target": ("targets", "append"), "-t": ("targets", "append"), "--package": ("package", "str"),
    **{flag: ("quiet", "true") for flag in QUIET_FLAGS}, "--format": ("format", "choice"),
    "--strict": ("strict", "true"), "--no-cache": ("no_cache", "true"),
}
FAST_OPTIONS: dict[str, dict[str, tuple[str, str]]] = {
    "generate": _COMMON,
    "check": {**_COMMON, "--diff": ("diff", "true"), "--no-diff": ("diff", "false")},
}


def fast_options(argv: list[str]) -> tuple[str, dict[str, Any]] | None:
    """(command, keyword arguments of runner.Options) when argv is `check`/`generate` followed
    only by options of the table, each as `--name value`, `--name=value` or a flag; else None."""
    if not argv or argv[0] not in FAST_OPTIONS:
        return None
    table = FAST_OPTIONS[argv[0]]
    given: dict[str, Any] = {}
    targets: list[str] = []
    rest = iter(argv[1:])
    for arg in rest:
        name, eq, inline = arg.partition("=") if arg.startswith("--") else (arg, "", "")
        if name not in table:
            return None
        field, kind = table[name]
        if kind in ("true", "false"):
            if eq:
                return None  # click: "option does not take a value"
            given[field] = kind == "true"
            continue
        value = inline if eq else next(rest, None)
        if not value or (not eq and value.startswith("-")):
            return None  # a missing or empty value, or one click would read as an option: Typer says so
        if kind == "append":
            targets.append(value)
        elif kind == "choice":
            if value.lower() not in FORMATS:
                return None
            given[field] = value.lower()
        else:
            given[field] = value
    if targets:
        from schemagen.cli.runner import split_targets

        given["targets"] = split_targets(targets)
    return argv[0], given


def main() -> None:
    fast = fast_options(sys.argv[1:])
    if fast is None:
        from schemagen.cli.app import main as typer_main

        typer_main()
        return
    from pathlib import Path

    from schemagen.cli.runner import Options, run

    command, given = fast
    for field in ("schemas", "out", "config"):
        if field in given:
            given[field] = Path(given[field])
    sys.exit(run(command, Options(**given)))
