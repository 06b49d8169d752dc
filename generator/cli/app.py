"""The `schemagen` command (Typer). Heavy modules are imported inside the commands, so
`--help` and `--version` answer instantly."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Any, Optional

import typer

from schemagen import __version__
from schemagen.diagnostics import EXIT_INPUT, EXIT_OK
from schemagen.cli.flags import QUIET_FLAGS

app = typer.Typer(
    name="schemagen",
    help=(
        "Generate Pydantic v2 models, TypedDicts and TypeScript declarations from JSON Schema / YAML.\n\n"
        "\b\nExamples:\n"
        "  schemagen generate                       # [tool.schemagen] from pyproject.toml\n"
        "  schemagen generate --schemas api/ --out build/types\n"
        "  schemagen check                          # exit 1 with a diff if generated/ is stale\n"
        "  schemagen generate --target typescript   # one target only\n"
        "  schemagen check --format github          # annotations in GitHub Actions\n"
        "  schemagen watch                          # regenerate on every schema change\n\n"
        "\b\nExit codes:\n"
        "  0 ok, 1 drift (check), 2 bad input (schema, config, usage; warnings with --strict),\n"
        "  3 internal error, 4 another run holds the lock\n"
    ),
    no_args_is_help=True,
    add_completion=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)

SchemasOpt = Annotated[Optional[Path], typer.Option("--schemas", help="Folder of *.yaml/*.yml/*.json schemas.")]
OutOpt = Annotated[Optional[Path], typer.Option("--out", help="Output folder (python/ and typescript/ go inside).")]
ConfigOpt = Annotated[Optional[Path], typer.Option("--config", help="A pyproject.toml to read [tool.schemagen] from.")]


def _complete_target(incomplete: str) -> list[str]:
    done, _, last = incomplete.rpartition(",")
    prefix = done + "," if done else ""
    return [prefix + t for t in ("pydantic", "typeddict", "typescript", "validators") if t.startswith(last)]


TargetOpt = Annotated[
    Optional[list[str]],
    typer.Option("--target", "-t", metavar="TARGET", autocompletion=_complete_target,
                 help="Only these targets: pydantic, typeddict, typescript, validators (repeat it, or a,b)."),
]
PackageOpt = Annotated[Optional[str], typer.Option("--package", help="Python package name for the Pydantic output.")]
QuietOpt = Annotated[bool, typer.Option(*QUIET_FLAGS, help="Print errors only: no warnings, summary or diff.")]
class OutputFormat(str, Enum):
    text = "text"
    json = "json"
    github = "github"


FormatOpt = Annotated[
    OutputFormat,
    typer.Option("--format", case_sensitive=False,
                 help="How to print diagnostics and check results: text, json (one document, docs/cli.md "
                      "'Machine-readable output') or github (workflow commands that annotate files)."),
]
StrictOpt = Annotated[bool, typer.Option("--strict", help="Warnings fail the run (exit 2; generate writes nothing).")]
DiffOpt = Annotated[bool, typer.Option("--diff/--no-diff", help="check: print the unified diff of what differs.")]
NoCacheOpt = Annotated[bool, typer.Option("--no-cache", help="Neither read nor write the cache of earlier runs (or set SCHEMAGEN_NO_CACHE=1).")]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"schemagen {__version__}")
        raise typer.Exit(EXIT_OK)


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    """schemagen: one canonical schema, three outputs that mean the same thing."""


def _options(schemas: Path | None, out: Path | None, config: Path | None, target: list[str] | None,
             package: str | None, quiet: bool, format: OutputFormat, strict: bool, diff: bool,
             no_cache: bool = False) -> Any:
    from schemagen.cli.runner import Options, split_targets

    return Options(schemas, out, config, split_targets(target), package, quiet, OutputFormat(format).value, strict, diff,
                   no_cache)


@app.command()
def generate(schemas: SchemasOpt = None, out: OutOpt = None, config: ConfigOpt = None, target: TargetOpt = None,
             package: PackageOpt = None, quiet: QuietOpt = False, format: FormatOpt = OutputFormat.text,
             strict: StrictOpt = False, no_cache: NoCacheOpt = False) -> None:
    """Render every schema into the output folder (atomically: all files or none)."""
    from schemagen.cli.runner import run

    raise typer.Exit(run("generate", _options(schemas, out, config, target, package, quiet, format, strict, True, no_cache)))


@app.command()
def check(schemas: SchemasOpt = None, out: OutOpt = None, config: ConfigOpt = None, target: TargetOpt = None,
          package: PackageOpt = None, quiet: QuietOpt = False, format: FormatOpt = OutputFormat.text, strict: StrictOpt = False,
          diff: DiffOpt = True, no_cache: NoCacheOpt = False) -> None:
    """Render in memory and compare with the output folder: exit 1 with a diff when they differ."""
    from schemagen.cli.runner import run

    raise typer.Exit(run("check", _options(schemas, out, config, target, package, quiet, format, strict, diff, no_cache)))


@app.command()
def watch(schemas: SchemasOpt = None, out: OutOpt = None, config: ConfigOpt = None, target: TargetOpt = None,
          package: PackageOpt = None, quiet: QuietOpt = False, format: FormatOpt = OutputFormat.text,
          strict: StrictOpt = False) -> None:
    """Generate, then regenerate on every change of a schema or the config, until Ctrl-C."""
    from schemagen.cli.watch import watch as watch_loop

    raise typer.Exit(watch_loop(_options(schemas, out, config, target, package, quiet, format, strict, True)))


# The review commands (breaking, diff, lint, docs) live in review/; they import lazily too.
from schemagen.review.commands import register as _register_review  # noqa: E402

_register_review(app)


def main() -> None:
    try:
        app()
    except SystemExit as exc:
        code = exc.code
        if code is not None and not isinstance(code, int):
            code = EXIT_INPUT
        sys.exit(code)
