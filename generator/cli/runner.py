"""One `generate` or `check` run as the CLI does it: config, pipeline, sync, and a Report of what
happened. cli.py only declares the options; `watch` calls run() once per change."""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Sequence

from schemagen.diagnostics import EXIT_BUSY, EXIT_DRIFT, EXIT_INPUT, EXIT_INTERNAL, EXIT_OK, SchemaError
from schemagen.cli.report import Report, manifest_last


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
    """Print report lines (already escaped: diagnostics.printable) to stdout or stderr. Written
    directly, not through Typer/click, whose import was a third of a no-change `generate`; a
    stream that cannot encode a line gets click's own handling."""
    import sys

    for text, err in lines:
        stream = sys.stderr if err else sys.stdout
        try:
            stream.write(text + "\n")
            stream.flush()
        except UnicodeEncodeError:
            import typer

            typer.echo(text, err=err)


def load(opts: Options) -> Any:
    from schemagen.config import load_config

    overrides: dict[str, Any] = {"schemas": opts.schemas, "out": opts.out, "python_package": opts.package}
    if opts.targets:
        overrides["only"] = list(opts.targets)  # a limited run: the other targets' files stay as they are
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
        import typer

        typer.echo("\n".join(printable(line) for line in traceback.format_exc().rstrip("\n").split("\n")), err=True)
        echo(report.message(f"schemagen: internal error ({type(exc).__name__}: {exc}); this is a bug in schemagen, "
                            "please report it with the schema that caused it", error=True))
        return EXIT_INTERNAL


def _action(action: str, opts: Options, config: Any, report: Report) -> int:
    from contextlib import ExitStack

    from schemagen.cache import Cache
    from schemagen.output.format import FormatStore
    from schemagen.output import sync
    from schemagen.output.roots import output_roots, plan_roots
    from schemagen.pipeline import generate, read_format_cache

    outs = output_roots(config)
    _refuse_bad_out(config, outs)
    with ExitStack() as stack:
        if action == "generate":
            for out in outs:  # every output root of the run, in one order (no two runs deadlock)
                stack.enter_context(sync.locked(out))
                if sync.recover(out):
                    echo(report.message(f"schemagen: an interrupted run was found in {config.display(out)}; "
                                        "its partial output was rolled back", error=True))
        formatted: dict[str, str] = {}
        for out in outs:
            formatted.update(read_format_cache(out))
        from schemagen.cli.progress import Progress, wanted

        cache = None if opts.no_cache else Cache.default()
        with Progress("generating" if action == "generate" else "checking", wanted(opts.quiet, opts.format)):
            result = generate(config, FormatStore(formatted, cache), cache=cache)
        echo(report.add_diagnostics(result.diagnostics))
        roots = [(root, sync.compare(root.files, root.out, root.within, root.scan)) for root in plan_roots(config, result)]
        warnings = sum(1 for d in result.diagnostics if d.severity == "warning")
        files = sum(len(root.files) for root, _ in roots)
        report.summary = {"schemas": result.schemas, "types": result.types, "files": files,
                          "warnings": warnings, "seconds": round(result.seconds, 3)}
        stats = f"{result.schemas} schemas, {result.types} types, {files} files"
        if opts.strict and warnings:
            if opts.quiet:  # the warnings are the failure: show them even with -q
                echo(report.add_diagnostics([d for d in result.diagnostics if d.severity == "warning"], force=True))
            outcome = "nothing was written" if action == "generate" else "check failed"
            echo(report.message(f"schemagen: {warnings} warning(s) and --strict; {outcome}", error=True))
            return EXIT_INPUT
        if action == "check":
            return _check(opts, config, roots, report, f"schemagen check: in sync ({stats}, {warnings} warnings) "
                                                       f"in {result.seconds:.2f}s")
        theirs = [(root.out, path) for root, drift in roots for path in sync.foreign(root.out, drift)]
        if theirs:
            from schemagen.diagnostics import Location, error

            raise SchemaError([
                error("foreign-file", "this file was not written by schemagen (no header, not in the manifest); "
                      "generate would overwrite it", Location(config.display(out / path)),
                      "move or rename it, or delete it if it is an old copy of generated output")
                for out, path in theirs
            ])
        for root, drift in roots:
            sync.write(root.files, root.out, drift)
        written = sum(len(d.changed) + len(d.missing) for _, d in roots)
        unchanged = sum(len(d.unchanged) for _, d in roots)
        deleted = sum(len(d.stale) for _, d in roots)
        report.summary.update(written=written, unchanged=unchanged, deleted=deleted)
        if not opts.quiet:
            echo(report.message(f"schemagen: {stats}: {written} written, {unchanged} unchanged, {deleted} deleted, "
                                f"{warnings} warnings in {result.seconds:.2f}s"))
        return EXIT_OK


def _refuse_bad_out(config: Any, outs: list[Path]) -> None:
    """An output folder that is a file, a link (or under one), inside the schemas folder or
    holding it: a located error before anything is touched (a journal is not even recovered)."""
    from schemagen.diagnostics import Location, error
    from schemagen.safety import out_folder_problems

    diags = [error("out-folder", message, Location(config.display(out)),
                   "point --out / [tool.schemagen] out at a real folder (no symbolic link on the way) "
                   "beside the schemas folder")
             for out in outs for message in out_folder_problems(out, config.schemas, config.display(out), config.root)]
    if diags:
        raise SchemaError(diags)


def _check(opts: Options, config: Any, roots: list[Any], report: Report, in_sync: str) -> int:
    """Compare every output root of the run; one drift report over all of them."""
    from schemagen.output import sync

    behind = [(root, drift) for root, drift in roots if not drift.clean]
    if not behind:
        if not opts.quiet:
            echo(report.message(in_sync))
        return EXIT_OK
    changed: list[str] = []
    missing: list[str] = []
    stale: list[str] = []
    diffs: list[str] = []
    for root, drift in behind:
        ordered = replace(drift, changed=manifest_last(drift.changed), missing=manifest_last(drift.missing),
                          stale=manifest_last(drift.stale))
        prefix = config.display(root.out) + "/"
        if report.show_diff:
            diffs.append(sync.unified_diff(root.files, root.out, ordered, prefix=prefix))
        changed += [prefix + p for p in ordered.changed]
        missing += [prefix + p for p in ordered.missing]
        stale += [prefix + p for p in ordered.stale]
    echo(report.add_drift(changed, missing, stale, "".join(diffs)))
    for root, _ in behind:
        echo(_formatter_note(root.out, config, report))
    folders = ", ".join(config.display(root.out) for root, _ in behind)
    echo(report.message(
        f"schemagen check: {folders} {'is' if len(behind) == 1 else 'are'} out of date ({len(changed)} changed, "
        f"{len(missing)} missing, {len(stale)} stale); run `{regenerate_command(opts)}`", error=True))
    return EXIT_DRIFT


def _formatter_note(out: Path, config: Any, report: Report) -> list[tuple[str, bool]]:
    """Output formatted by another black than the installed one: say so, since the bytes may differ
    for that alone (the manifest records the black of each formatted file)."""
    from schemagen.output.format import formatter_version
    from schemagen.pipeline import other_formatters

    others = other_formatters(out)
    if not others:
        return []
    return report.message(f"schemagen check: {config.display(out)} was formatted by black {', '.join(others)}, but "
                          f"black {formatter_version()} is installed; formatting alone may differ (install the "
                          "black of the project's lock, or regenerate)", error=True)
