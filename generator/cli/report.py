"""How a run reports what it found: diagnostics and drift, as text, JSON or GitHub workflow
commands. Pure functions from findings to lines; the CLI (and the review commands) print them.

Every string that came from the input (file names, keys, messages) goes through printable() or
the GitHub escapes, so nothing read from a schema can reach a terminal as an escape sequence or
split a line.
"""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass, field
from typing import Any, Iterable, Literal, Sequence

from schemagen.diagnostics import Diagnostic, printable

Format = Literal["text", "json", "github"]
FORMATS: tuple[str, ...] = ("text", "json", "github")
JSON_VERSION = 1  # bump when a field of the JSON report changes meaning or goes away


# GitHub workflow commands (https://docs.github.com/actions/reference/workflow-commands):
# `%`, CR and LF are escaped in the message; property values also escape `:` and `,`.
def github_data(text: str) -> str:
    return printable(text, keep="\r\n").replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def github_property(text: str) -> str:
    return github_data(text).replace(":", "%3A").replace(",", "%2C")


def github_command(level: str, message: str, file: str = "", line: int = 0, col: int = 0, title: str = "") -> str:
    """One `::error file=…,line=…,col=…,title=…::message` line (level: error, warning, notice)."""
    props = []
    if file:
        props.append(f"file={github_property(file)}")
        if line:
            props.append(f"line={line}")
            if col:
                props.append(f"col={col}")
    if title:
        props.append(f"title={github_property(title)}")
    return f"::{level} {','.join(props)}::{message}" if props else f"::{level}::{message}"


def github_diagnostic(diag: Diagnostic) -> str:
    loc = diag.location
    message = github_data(diag.message)
    if loc is not None and loc.pointer:
        message += f" (at {github_data(loc.pointer)})"
    if diag.hint:
        message += "%0Ahint: " + github_data(diag.hint)
    title = f"schemagen {diag.code}" + (f" [{diag.target}]" if diag.target else "")
    file = _relative(loc.file) if loc is not None and loc.file != "command line" else ""
    level = "notice" if diag.severity == "note" else diag.severity
    return github_command(level, message, file, loc.line if loc else 0, loc.col if loc else 0, title)


def _relative(file: str) -> str:
    """GitHub resolves annotation paths against the checkout: an absolute path under the working
    folder (a pyproject.toml found by search) is made relative to it."""
    from pathlib import Path

    path = Path(file)
    if path.is_absolute():
        try:
            return path.relative_to(Path.cwd()).as_posix()
        except ValueError:
            pass
    return file


def diagnostic_json(diag: Diagnostic) -> dict[str, Any]:
    loc = diag.location
    return {
        "severity": diag.severity,
        "code": diag.code,
        "message": diag.message,
        "file": loc.file if loc else None,
        "line": loc.line if loc and loc.line else None,
        "col": loc.col if loc and loc.col else None,
        "pointer": loc.pointer if loc and loc.pointer else None,
        "hint": diag.hint or None,
        "target": diag.target or None,
    }


def manifest_last(paths: Iterable[str], manifest: str = ".schemagen-manifest.json") -> tuple[str, ...]:
    """Paths in their order, the manifest (whose digests churn with every change) moved to the end
    so a diff opens with the change that matters."""
    paths = tuple(paths)
    return tuple(p for p in paths if p.rsplit("/", 1)[-1] != manifest) + tuple(
        p for p in paths if p.rsplit("/", 1)[-1] == manifest)


def printable_diff(diff: str) -> str:
    """A unified diff with every line printable (tabs kept), so generated text or a file name
    shown in it cannot drive the terminal."""
    lines = diff.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return "".join(printable(line, keep="\t") + "\n" for line in lines)


@dataclass
class Report:
    """What one command found, collected while it runs, printed by lines()/finish().

    text: diagnostics and drift lines on stderr, the summary on stdout (as before).
    json: one document on stdout at the end (see docs/cli.md, "Machine-readable output").
    github: workflow commands on stdout, so Actions annotates the files; the diff inside a
    stop-commands block, so no line of it is read as a command."""

    command: str
    format: str = "text"
    quiet: bool = False
    show_diff: bool = True
    diagnostics: list[Diagnostic] = field(default_factory=list)
    drift: dict[str, list[str]] = field(default_factory=lambda: {"changed": [], "missing": [], "stale": []})
    diff: str | None = None
    messages: list[str] = field(default_factory=list)
    summary: dict[str, Any] = field(default_factory=dict)

    def add_diagnostics(self, diagnostics: Sequence[Diagnostic], force: bool = False) -> list[tuple[str, bool]]:
        """Record diagnostics; returns the (line, to_stderr) pairs to print now."""
        shown = [d for d in diagnostics if force or d.severity == "error" or not self.quiet]
        self.diagnostics.extend(shown)
        if self.format == "github":
            return [(github_diagnostic(d), False) for d in shown]
        if self.format == "text":
            return [(d.format(), True) for d in shown]
        return []

    def add_drift(self, changed: Sequence[str], missing: Sequence[str], stale: Sequence[str], diff: str) -> list[tuple[str, bool]]:
        self.drift = {"changed": list(changed), "missing": list(missing), "stale": list(stale)}
        self.diff = diff if self.show_diff else None
        out: list[tuple[str, bool]] = []
        if self.format == "json":
            return out
        if self.show_diff and diff:
            if self.format == "github":
                token = secrets.token_hex(8)
                out.append((f"::stop-commands::{token}", False))
                out.append((printable_diff(diff).rstrip("\n"), False))
                out.append((f"::{token}::", False))
            else:
                out.append((printable_diff(diff).rstrip("\n"), False))
        for label, paths in (("changed", changed), ("missing", missing), ("stale", stale)):
            for path in paths:
                if self.format == "github":
                    out.append((github_command("error", f"generated file is {label}: {github_data(path)}", path,
                                               title="schemagen drift"), False))
                else:
                    out.append((f"{label}: {printable(path)}", True))
        return out

    def message(self, text: str, error: bool = False) -> list[tuple[str, bool]]:
        """A human sentence (summary, drift verdict, failure). In json it goes into `messages`."""
        self.messages.append(text)
        if self.format == "json":
            return []
        if error and self.format == "github":
            return [(github_command("error", github_data(text), title="schemagen"), False)]
        return [(printable(text), error)]

    def document(self, exit_code: int) -> dict[str, Any]:
        status = {0: "ok", 1: "drift"}.get(exit_code, "error")
        return {
            "version": JSON_VERSION,
            "tool": "schemagen",
            "command": self.command,
            "status": status,
            "exit_code": exit_code,
            "diagnostics": [diagnostic_json(d) for d in self.diagnostics],
            "drift": self.drift,
            "diff": self.diff,
            "summary": self.summary,
            "messages": self.messages,
        }

    def finish(self, exit_code: int) -> list[tuple[str, bool]]:
        if self.format != "json":
            return []
        return [(json.dumps(self.document(exit_code), indent=2, sort_keys=True, ensure_ascii=True), False)]
