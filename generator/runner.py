"""One `generate` or `check` run as the CLI does it: config, pipeline, sync, and a Report of what
happened. cli.py only declares the options; `watch` calls run() once per change."""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Sequence

import typer

from schemagen.diagnostics import EXIT_BUSY, EXIT_DRIFT, EXIT_INPUT, EXIT_INTERNAL, EXIT_OK, SchemaError
from schemagen.report import Report, manifest_last


@dataclass(frozen=True)
class Options:
    """The command-line options of generate / check / watch, as given."""

    schemas: Path | None = None
    out: Path | None = None
    config: Path | None = None
    targets: tuple[str, ...] = ()
    package: str | None = None
    quiet: bool = False
    format: str = "text"
    strict: bool = False
    diff: bool = True
    no_cache: bool = False  # neither read nor write the persistent cache (cache.py)


def split_targets(values: Sequence[str] | None) -> tuple[str, ...]:
    """`--target a,b --target c` → (a, b, c)."""
    return tuple(t.strip() for v in values or () for t in v.split(",") if t.strip())


def echo(lines: list[tuple[str, bool]]) -> None:
    for text, err in lines:
        typer.echo(text, err=err)


def load(opts: Options) -> Any:
    from schemagen.config import load_config

    overrides: dict[str, Any] = {"schemas": opts.schemas, "out": opts.out, "python_package": opts.package}
    if opts.targets:
        overrides["targets"] = list(opts.targets)
    if opts.package:
        overrides["typeddict_package"] = f"{opts.package}_td"
    return load_config(Path.cwd(), opts.config, overrides)


def regenerate_command(opts: Options, cwd: Path | None = None) -> str:
    """What the user should run to bring the output up to date: `make generate` when the
    project's Makefile has that target and no option changed what a plain run does, else the
    `schemagen generate` command line with the options given."""
    cwd = cwd or Path.cwd()
    plain = not (opts.schemas or opts.out or opts.config or opts.targets or opts.package)
    makefile = cwd / "Makefile"
    if plain and makefile.is_file():
        try:
            if re.search(r"^generate\s*:", makefile.read_text(encoding="utf-8", errors="replace"), re.M):
                return "make generate"
        except OSError:
            pass
    words = ["schemagen", "generate"]
    for flag, value in (("--schemas", opts.schemas), ("--out", opts.out), ("--config", opts.config),
                        ("--package", opts.package)):
        if value is not None:
            words += [flag, str(value)]
    if opts.targets:
        words += ["--target", ",".join(opts.targets)]
    return shlex.join(words)


def run(action: str, opts: Options) -> int:
    """Run `generate` or `check` and print its report; returns the exit code."""
    report = Report(action, opts.format, opts.quiet, opts.diff and not opts.quiet)
    code = _guarded(action, opts, report)
    echo(report.finish(code))
    return code


def _guarded(action: str, opts: Options, report: Report) -> int:
    try:
        return _action(action, opts, load(opts), report)
    except SchemaError as exc:
        echo(report.add_diagnostics(exc.diagnostics, force=True))
        errors = sum(1 for d in exc.diagnostics if d.severity == "error")
        echo(report.message(f"schemagen: {errors} error(s); nothing was written", error=True))
        return exc.exit_code
    except KeyboardInterrupt:
        echo(report.message("schemagen: interrupted; the output folder is unchanged", error=True))
        return 130
    except Exception as exc:  # a bug in schemagen, not in the user's input
        from schemagen.output.sync import LockBusy

        if isinstance(exc, LockBusy):
            echo(report.message(f"schemagen: {exc}", error=True))
            return EXIT_BUSY
        import traceback

        from schemagen.diagnostics import printable

        # the exception text may quote a file name or key from the input: printed escaped too
        typer.echo("\n".join(printable(line) for line in traceback.format_exc().rstrip("\n").split("\n")), err=True)
        echo(report.message(f"schemagen: internal error ({type(exc).__name__}: {exc}); this is a bug in schemagen, "
                            "please report it with the schema that caused it", error=True))
        return EXIT_INTERNAL


def _action(action: str, opts: Options, config: Any, report: Report) -> int:
    from schemagen.cache import Cache, FormatStore
    from schemagen.output import sync
    from schemagen.pipeline import generate, read_format_cache

    out: Path = config.out
    _refuse_bad_out(config)
    with sync.locked(out) if action == "generate" else _nothing():
        if action == "generate" and sync.recover(out):
            echo(report.message("schemagen: an interrupted run was found; its partial output was rolled back", error=True))
        from schemagen.progress import Progress, wanted

        cache = None if opts.no_cache else Cache.default()
        with Progress("generating" if action == "generate" else "checking", wanted(opts.quiet, opts.format)):
            result = generate(config, FormatStore(read_format_cache(out), cache), cache=cache)
        echo(report.add_diagnostics(result.diagnostics))
        warnings = sum(1 for d in result.diagnostics if d.severity == "warning")
        report.summary = {"schemas": result.schemas, "types": result.types, "files": len(result.files),
                          "warnings": warnings, "seconds": round(result.seconds, 3)}
        stats = f"{result.schemas} schemas, {result.types} types, {len(result.files)} files"
        if opts.strict and warnings:
            if opts.quiet:  # the warnings are the failure: show them even with -q
                echo(report.add_diagnostics([d for d in result.diagnostics if d.severity == "warning"], force=True))
            outcome = "nothing was written" if action == "generate" else "check failed"
            echo(report.message(f"schemagen: {warnings} warning(s) and --strict; {outcome}", error=True))
            return EXIT_INPUT
        drift = sync.compare(result.files, out)
        if action == "check":
            if drift.clean:
                if not opts.quiet:
                    echo(report.message(f"schemagen check: in sync ({stats}, {warnings} warnings) in {result.seconds:.2f}s"))
                return EXIT_OK
            ordered = replace(drift, changed=manifest_last(drift.changed), missing=manifest_last(drift.missing),
                              stale=manifest_last(drift.stale))
            prefix = config.display(out) + "/"
            diff = sync.unified_diff(result.files, out, ordered, prefix=prefix) if report.show_diff else ""
            echo(report.add_drift([prefix + p for p in ordered.changed], [prefix + p for p in ordered.missing],
                                  [prefix + p for p in ordered.stale], diff))
            echo(report.message(
                f"schemagen check: {config.display(out)} is out of date ({len(drift.changed)} changed, "
                f"{len(drift.missing)} missing, {len(drift.stale)} stale); run `{regenerate_command(opts)}`",
                error=True))
            return EXIT_DRIFT
        theirs = sync.foreign(out, drift)
        if theirs:
            from schemagen.diagnostics import Location, error

            raise SchemaError([
                error("foreign-file", "this file was not written by schemagen (no header, not in the manifest); "
                      "generate would overwrite it", Location(config.display(out / path)),
                      "move or rename it, or delete it if it is an old copy of generated output")
                for path in theirs
            ])
        written = sync.write(result.files, out, drift)
        report.summary.update(written=len(drift.changed) + len(drift.missing), unchanged=len(drift.unchanged),
                              deleted=len(drift.stale))
        if not opts.quiet:
            echo(report.message(
                f"schemagen: {stats}: {len(drift.changed) + len(drift.missing)} written, {len(drift.unchanged)} unchanged, "
                f"{len(drift.stale)} deleted, {warnings} warnings in {result.seconds:.2f}s"))
        return EXIT_OK if int(written) >= 0 else EXIT_INTERNAL


def _refuse_bad_out(config: Any) -> None:
    """--out pointing at a file, or inside --schemas: a located error before anything is touched."""
    from schemagen.diagnostics import Location, error
    from schemagen.output.safety import out_folder_problems

    problems = out_folder_problems(config.out, config.schemas, config.display(config.out))
    if problems:
        raise SchemaError([error("out-folder", message, Location(config.display(config.out)),
                                 "point --out / [tool.schemagen] out at a folder outside the schemas folder")
                           for message in problems])


class _nothing:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *args: object) -> None:
        return None
