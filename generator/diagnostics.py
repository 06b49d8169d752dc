"""Errors as values: every problem found in the input is a Diagnostic with a location.

Stages collect diagnostics instead of raising, so one run reports every problem it can find;
the pipeline raises SchemaError only at a stage boundary when errors are present.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal
import unicodedata

Severity = Literal["error", "warning", "note"]  # a note informs: it never fails a run

# Exit codes, one per kind of failure, so CI can tell them apart.
EXIT_OK = 0
EXIT_DRIFT = 1  # `check`: generated/ differs from what schemas/ would produce
EXIT_INPUT = 2  # bad schema, bad config, bad usage: the user's input needs fixing
EXIT_INTERNAL = 3  # a bug in schemagen itself
EXIT_BUSY = 4  # another schemagen run holds the lock


# Bidi controls (Trojan Source) and invisible line breaks a terminal or log viewer would honour.
_INVISIBLE = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u2028\u2029\u0085")


def printable(text: str, keep: str = "") -> str:
    """`text` safe to print on one line of a terminal or a CI log: control characters (C0, DEL,
    C1, so no escape sequences), bidi controls and line/paragraph separators become visible
    `\\xNN` / `\\uNNNN` escapes, so a file name or key can neither recolour the terminal nor
    split a `file:line:col` line. Characters in `keep` (e.g. a tab) pass through."""
    if text.isprintable() and text.isascii():
        return text
    out: list[str] = []
    for ch in text:
        if ch in keep:
            out.append(ch)
        elif ch in _INVISIBLE or unicodedata.category(ch) in ("Cc", "Cs"):
            code = ord(ch)
            out.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")
        else:
            out.append(ch)
    return "".join(out)


def spelled(text: str) -> str:
    """A name quoted for a message, its non-ASCII characters also shown as code points, so two
    names that print alike (NFC `é` and NFD `e` + U+0301, a letter and its fullwidth or
    invisible-joined twin) read differently: `'x/é.json' (x/\\xe9.json)`."""
    quoted = repr(text)
    if text.isascii():
        return quoted
    return f"{quoted} ({ascii(text)[1:-1]})"


@dataclass(frozen=True, order=True)
class Location:
    """Where in the input something came from: file, 1-based line and column, JSON pointer."""

    file: str
    line: int = 0
    col: int = 0
    pointer: str = ""

    def __str__(self) -> str:
        if self.line:
            return f"{printable(self.file)}:{self.line}:{self.col}"
        return printable(self.file)


@dataclass(frozen=True)
class Diagnostic:
    severity: Severity
    code: str
    message: str
    location: Location | None = None
    hint: str = ""
    target: str = ""

    def format(self) -> str:
        """`file:line:col: severity[code] [target]: message (at /pointer)`, then `  hint: ...` on a
        second line. Every part is printable(): the first line is always one line."""
        where = f"{self.location}: " if self.location else ""
        target = f" [{printable(self.target)}]" if self.target else ""
        pointer = ""
        if self.location and self.location.pointer:
            pointer = f" (at {printable(self.location.pointer)})"
        text = f"{where}{self.severity}[{printable(self.code)}]{target}: {printable(self.message)}{pointer}"
        if self.hint:
            text += f"\n  hint: {printable(self.hint)}"
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


def note(code: str, message: str, location: Location | None = None, hint: str = "") -> Diagnostic:
    return Diagnostic("note", code, message, location, hint)


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


def diagnostic_to_json(d: Diagnostic) -> list[object]:
    """A diagnostic as a JSON value (the cache stores diagnostics with the results they came with)."""
    loc = d.location
    return [d.severity, d.code, d.message, None if loc is None else [loc.file, loc.line, loc.col, loc.pointer],
            d.hint, d.target]


def diagnostic_from_json(value: object) -> Diagnostic:
    """The inverse of diagnostic_to_json; raises TypeError/ValueError on anything else (a stored
    value is never trusted to have the right shape)."""
    if not isinstance(value, list) or len(value) != 6:
        raise ValueError("not a diagnostic")
    severity, code, message, loc, hint, target = value
    if severity not in ("error", "warning", "note") or not all(isinstance(x, str) for x in (code, message, hint, target)):
        raise ValueError("not a diagnostic")
    if loc is not None and not (isinstance(loc, list) and len(loc) == 4):
        raise ValueError("not a location")
    location = None if loc is None else Location(str(loc[0]), int(loc[1]), int(loc[2]), str(loc[3]))
    return Diagnostic(severity, code, message, location, hint, target)

