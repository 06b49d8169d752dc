"""The `schemagen` command (Typer). Heavy modules are imported inside the commands, so
`--help` and `--version` answer instantly."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any, Optional

import typer

from schemagen import __version__
from schemagen.diagnostics import EXIT_BUSY, EXIT_DRIFT, EXIT_INPUT, EXIT_INTERNAL, EXIT_OK

app = typer.Typer(
    name="schemagen",
    help=(
        "Generate Pydantic v2 models, TypedDicts and TypeScript declarations from JSON Schema / YAML.\n\n"
        "\b\nExamples:\n"
        "  schemagen generate                       # [tool.schemagen] from pyproject.toml\n"
        "  schemagen generate --schemas api/ --out build/types\n"
        "  schemagen check                          # exit 1 with a diff if generated/ is stale\n"
        "  schemagen generate --target typescript   # one target only\n\n"
        "\b\nExit codes:\n"
        "  0 ok, 1 drift (check), 2 bad input (schema, config, usage),\n"
        "  3 internal error, 4 another run holds the lock\n"
    ),
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)

SchemasOpt = Annotated[Optional[Path], typer.Option("--schemas", help="Folder of *.yaml/*.yml/*.json schemas.")]
OutOpt = Annotated[Optional[Path], typer.Option("--out", help="Output folder (python/ and typescript/ go inside).")]
ConfigOpt = Annotated[Optional[Path], typer.Option("--config", help="A pyproject.toml to read [tool.schemagen] from.")]
TargetOpt = Annotated[
    Optional[list[str]], typer.Option("--target", "-t", help="Only this target (repeatable): pydantic, typeddict, typescript.")
]
PackageOpt = Annotated[Optional[str], typer.Option("--package", help="Python package name for the Pydantic output.")]
QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", help="Print errors only, no warnings or summary.")]


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


def _config(schemas: Path | None, out: Path | None, config: Path | None, targets: list[str] | None,
            package: str | None) -> Any:
    from schemagen.config import load_config

    overrides: dict[str, Any] = {"schemas": schemas, "out": out, "python_package": package}
    if targets:
        overrides["targets"] = targets
    if package:
        overrides["typeddict_package"] = f"{package}_td"
    return load_config(Path.cwd(), config, overrides)


def _report(diagnostics: Any, quiet: bool) -> None:
    for diag in diagnostics:
        if diag.severity == "error" or not quiet:
            typer.echo(diag.format(), err=True)


def _run(action: str, schemas: Path | None, out: Path | None, config: Path | None, targets: list[str] | None,
         package: str | None, quiet: bool) -> int:
    from schemagen.diagnostics import SchemaError

    try:
        return _action(action, _config(schemas, out, config, targets, package), quiet)
    except SchemaError as exc:
        _report(exc.diagnostics, quiet=False)
        errors = sum(1 for d in exc.diagnostics if d.severity == "error")
        typer.echo(f"schemagen: {errors} error(s); nothing was written", err=True)
        return exc.exit_code
    except KeyboardInterrupt:
        typer.echo("schemagen: interrupted; the output folder is unchanged", err=True)
        return 130
    except Exception as exc:  # a bug in schemagen, not in the user's input
        from schemagen.output.sync import LockBusy

        if isinstance(exc, LockBusy):
            typer.echo(f"schemagen: {exc}", err=True)
            return EXIT_BUSY
        import traceback

        traceback.print_exc()
        typer.echo(f"schemagen: internal error ({type(exc).__name__}: {exc}); this is a bug in schemagen, "
                   "please report it with the schema that caused it", err=True)
        return EXIT_INTERNAL


def _action(action: str, config: Any, quiet: bool) -> int:
    from schemagen.output import sync
    from schemagen.pipeline import generate, read_format_cache

    out: Path = config.out
    with sync.locked(out) if action == "generate" else _nothing():
        if action == "generate" and sync.recover(out):
            typer.echo("schemagen: an interrupted run was found; its partial output was rolled back", err=True)
        result = generate(config, read_format_cache(out))
        _report(result.diagnostics, quiet)
        drift = sync.compare(result.files, out)
        warnings = sum(1 for d in result.diagnostics if d.severity == "warning")
        stats = f"{result.schemas} schemas, {result.types} types, {len(result.files)} files"
        if action == "check":
            if drift.clean:
                if not quiet:
                    typer.echo(f"schemagen check: in sync ({stats}, {warnings} warnings) in {result.seconds:.2f}s")
                return EXIT_OK
            typer.echo(sync.unified_diff(result.files, out, drift, prefix=config.display(out) + "/"), nl=False)
            for label, paths in (("changed", drift.changed), ("missing", drift.missing), ("stale", drift.stale)):
                for path in paths:
                    typer.echo(f"{label}: {config.display(out / path)}", err=True)
            typer.echo(
                f"schemagen check: {config.display(out)} is out of date ({len(drift.changed)} changed, "
                f"{len(drift.missing)} missing, {len(drift.stale)} stale); run `schemagen generate` (or `make generate`)",
                err=True,
            )
            return EXIT_DRIFT
        theirs = sync.foreign(out, drift)
        if theirs:
            from schemagen.diagnostics import Location, SchemaError, error

            raise SchemaError([
                error("foreign-file", "this file was not written by schemagen (no header, not in the manifest); "
                      "generate would overwrite it", Location(config.display(out / path)),
                      "move or rename it, or delete it if it is an old copy of generated output")
                for path in theirs
            ])
        written = sync.write(result.files, out, drift)
        if not quiet:
            typer.echo(
                f"schemagen: {stats}: {len(drift.changed) + len(drift.missing)} written, {len(drift.unchanged)} unchanged, "
                f"{len(drift.stale)} deleted, {warnings} warnings in {result.seconds:.2f}s"
            )
        return EXIT_OK if written >= 0 else EXIT_INTERNAL


class _nothing:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *args: object) -> None:
        return None


@app.command()
def generate(schemas: SchemasOpt = None, out: OutOpt = None, config: ConfigOpt = None, target: TargetOpt = None,
             package: PackageOpt = None, quiet: QuietOpt = False) -> None:
    """Render every schema into the output folder (atomically: all files or none)."""
    raise typer.Exit(_run("generate", schemas, out, config, target, package, quiet))


@app.command()
def check(schemas: SchemasOpt = None, out: OutOpt = None, config: ConfigOpt = None, target: TargetOpt = None,
          package: PackageOpt = None, quiet: QuietOpt = False) -> None:
    """Render in memory and compare with the output folder: exit 1 with a diff when they differ."""
    raise typer.Exit(_run("check", schemas, out, config, target, package, quiet))


def main() -> None:
    try:
        app()
    except SystemExit as exc:
        code = exc.code
        if code is not None and not isinstance(code, int):
            code = EXIT_INPUT
        sys.exit(code)
