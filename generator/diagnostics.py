"""Errors as values: every problem found in the input is a Diagnostic with a location.

Stages collect diagnostics instead of raising, so one run reports every problem it can find;
the pipeline raises SchemaError only at a stage boundary when errors are present.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]

# Exit codes, one per kind of failure, so CI can tell them apart.
EXIT_OK = 0
EXIT_DRIFT = 1  # `check`: generated/ differs from what schemas/ would produce
EXIT_INPUT = 2  # bad schema, bad config, bad usage: the user's input needs fixing
EXIT_INTERNAL = 3  # a bug in schemagen itself
EXIT_BUSY = 4  # another schemagen run holds the lock


@dataclass(frozen=True, order=True)
class Location:
    """Where in the input something came from: file, 1-based line and column, JSON pointer."""

    file: str
    line: int = 0
    col: int = 0
    pointer: str = ""

    def __str__(self) -> str:
        if self.line:
            return f"{self.file}:{self.line}:{self.col}"
        return self.file


@dataclass(frozen=True)
class Diagnostic:
    severity: Severity
    code: str
    message: str
    location: Location | None = None
    hint: str = ""
    target: str = ""

    def format(self) -> str:
        where = f"{self.location}: " if self.location else ""
        target = f" [{self.target}]" if self.target else ""
        pointer = ""
        if self.location and self.location.pointer:
            pointer = f" (at {self.location.pointer})"
        text = f"{where}{self.severity}[{self.code}]{target}: {self.message}{pointer}"
        if self.hint:
            text += f"\n  hint: {self.hint}"
        return text

    def sort_key(self) -> tuple[object, ...]:
        loc = self.location or Location("")
        return (loc.file, loc.line, loc.col, self.code, self.target, self.message)


def error(code: str, message: str, location: Location | None = None, hint: str = "") -> Diagnostic:
    return Diagnostic("error", code, message, location, hint)


def warning(
    code: str, message: str, location: Location | None = None, hint: str = "", target: str = ""
) -> Diagnostic:
    return Diagnostic("warning", code, message, location, hint, target)


def has_errors(diagnostics: tuple[Diagnostic, ...] | list[Diagnostic]) -> bool:
    return any(d.severity == "error" for d in diagnostics)


def sorted_unique(diagnostics: list[Diagnostic] | tuple[Diagnostic, ...]) -> tuple[Diagnostic, ...]:
    """Deterministic order and no repeats, whatever order the stages found them in."""
    return tuple(sorted(set(diagnostics), key=Diagnostic.sort_key))


class SchemaError(Exception):
    """Raised at a stage boundary when the input has errors; carries every diagnostic found."""

    def __init__(self, diagnostics: tuple[Diagnostic, ...] | list[Diagnostic], exit_code: int = EXIT_INPUT):
        self.diagnostics = sorted_unique(diagnostics)
        self.exit_code = exit_code
        super().__init__("\n".join(d.format() for d in self.diagnostics))
