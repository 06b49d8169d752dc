"""The review commands (`breaking`, `diff`, `lint`, `docs`) for the Typer app. cli.py calls
`register(app)`; this module imports nothing heavy, so `schemagen --help` stays instant."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, Callable, Optional

import typer

AgainstOpt = Annotated[str, typer.Option("--against", help="Old schemas: a folder, or a git revision (main, origin/main, HEAD~1, a tag, a sha).")]
SchemasOpt = Annotated[Optional[Path], typer.Option("--schemas", help="Folder of the new schemas (default: [tool.schemagen] schemas).")]
ConfigOpt = Annotated[Optional[Path], typer.Option("--config", help="A pyproject.toml to read [tool.schemagen] from.")]
ModeOpt = Annotated[Optional[str], typer.Option("--mode", help="backward | forward | full (default: [tool.schemagen.breaking] mode, else backward).")]
RulesOpt = Annotated[Optional[str], typer.Option("--rules", help="wire | source | all (default: [tool.schemagen.breaking] rules, else all).")]


def _guard(run: Callable[[], int]) -> int:
    from schemagen.diagnostics import EXIT_INPUT, EXIT_INTERNAL, SchemaError

    try:
        return run()
    except SchemaError as exc:
        for d in exc.diagnostics:
            typer.echo(d.format(), err=True)
        return EXIT_INPUT
    except Exception as exc:  # a bug in schemagen, not in the user's input
        import traceback

        traceback.print_exc()
        typer.echo(f"schemagen: internal error ({type(exc).__name__}: {exc}); this is a bug in schemagen", err=True)
        return EXIT_INTERNAL


def _config(schemas: Path | None, config: Path | None) -> Any:
    from schemagen.config import load_config

    return load_config(Path.cwd(), config, {"schemas": schemas})


def _choice(value: str | None, allowed: tuple[str, ...], flag: str) -> None:
    from schemagen.diagnostics import Location, SchemaError, error

    if value is not None and value not in allowed:
        raise SchemaError([error("usage", f"{flag}: {value!r} is not one of {', '.join(allowed)}", Location("command line"))])


def _settings(config: Any, mode: str | None, rules: str | None) -> Any:
    from dataclasses import replace

    from schemagen.review.settings import MODES, RULE_SETS, breaking_settings

    _choice(mode, MODES, "--mode")
    _choice(rules, RULE_SETS, "--rules")
    settings = breaking_settings(config)
    return replace(settings, mode=mode or settings.mode, rules=rules or settings.rules)


def register(app: typer.Typer) -> None:
    @app.command()
    def breaking(against: AgainstOpt, schemas: SchemasOpt = None, config: ConfigOpt = None, mode: ModeOpt = None,
                 rules: RulesOpt = None,
                 format: Annotated[str, typer.Option("--format", help="text | json | github | markdown")] = "text") -> None:
        """Exit 1 when the schemas break compatibility with --against (wire and generated-code rules)."""

        def run() -> int:
            from schemagen.review.breaking import compare, render_breaking
            from schemagen.review.report import FORMATS

            _choice(format, FORMATS, "--format")
            cfg = _config(schemas, config)
            result = compare(cfg, against, _settings(cfg, mode, rules), every_change=False)
            typer.echo(render_breaking(result, format), nl=False)
            return 1 if result.findings else 0

        raise typer.Exit(_guard(run))

    @app.command()
    def diff(against: AgainstOpt, schemas: SchemasOpt = None, config: ConfigOpt = None, mode: ModeOpt = None,
             format: Annotated[str, typer.Option("--format", help="text | json | github | markdown")] = "text",
             fail_on: Annotated[Optional[str], typer.Option("--fail-on", help="`breaking`: exit 1 when a change breaks.")] = None,
             ) -> None:
        """Every change against --against (wire, source, documentation), breaking first, and the
        generated files each target would change. Markdown is written for a pull-request comment."""

        def run() -> int:
            from schemagen.review.breaking import compare, generated_changes, render_diff
            from schemagen.review.report import FORMATS

            _choice(format, FORMATS, "--format")
            _choice(fail_on, ("breaking",), "--fail-on")
            cfg = _config(schemas, config)
            result = compare(cfg, against, _settings(cfg, mode, None), every_change=True)
            typer.echo(render_diff(result, format, generated_changes(result)), nl=False)
            return 1 if fail_on == "breaking" and any(f.breaking for f in result.findings) else 0

        raise typer.Exit(_guard(run))

    @app.command()
    def lint(schemas: SchemasOpt = None, config: ConfigOpt = None,
             use: Annotated[Optional[list[str]], typer.Option("--use", help="MINIMAL | DEFAULT | STRICT or a rule id (repeatable; default: [tool.schemagen.lint] use, else DEFAULT).")] = None,
             format: Annotated[str, typer.Option("--format", help="text | json | github")] = "text") -> None:
        """Exit 1 when a schema breaks a lint rule of the configured set (docs/review.md)."""

        def run() -> int:
            from schemagen.deepstack import call_deep
            from schemagen.review import report
            from schemagen.review.lint import lint as run_lint
            from schemagen.review.snapshot import load_snapshot

            _choice(format, ("text", "json", "github"), "--format")
            snap = load_snapshot(_config(schemas, config))
            found = call_deep(run_lint, snap, use)
            title = "schemagen lint"
            text = {"json": report.as_json, "github": report.github}.get(format, report.text)(found, title)
            typer.echo(text, nl=False)
            return 1 if found else 0

        raise typer.Exit(_guard(run))

    @app.command()
    def docs(schemas: SchemasOpt = None, config: ConfigOpt = None,
             out: Annotated[Path, typer.Option("--out", help="Folder for the Markdown pages.")] = Path("docs/reference"),
             check: Annotated[bool, typer.Option("--check", help="Write nothing; exit 1 when --out differs.")] = False) -> None:
        """Markdown reference docs: an index, a page per module, a Mermaid diagram per folder."""

        def run() -> int:
            from schemagen.deepstack import call_deep
            from schemagen.review.docs import render_docs, sync_docs
            from schemagen.review.snapshot import load_snapshot

            files = call_deep(render_docs, load_snapshot(_config(schemas, config)))
            stale = sync_docs(files, out, write=not check)
            for path in stale:
                typer.echo(f"{'out of date' if check else 'written'}: {out / path}", err=check)
            if check and stale:
                typer.echo(f"schemagen docs: {out} is out of date ({len(stale)} files); run `schemagen docs --out {out}`", err=True)
                return 1
            typer.echo(f"schemagen docs: {len(files)} pages, {len(stale)} {'differ' if check else 'written'}")
            return 0

        raise typer.Exit(_guard(run))
