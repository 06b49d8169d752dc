"""Escaping for every place a schema-derived string lands in generated source.

A schema is untrusted input. Each function here turns arbitrary text into something that is
inert where it is placed: a Python string literal, a docstring, a comment line, a TypeScript
string literal or a JSDoc block. Nothing else in the generator writes schema text into code.
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
from typing import Any


_ASCII_CONTROLS = re.compile(r"[\x00-\x1f\x7f]")
_ASCII_CONTROLS_BUT_NEWLINE = re.compile(r"[\x00-\x09\x0b-\x1f\x7f]")


def _escape_controls(text: str, keep_newlines: bool) -> str:
    # ASCII text can hold only C0 controls and DEL of what is escaped: most text has none
    if text.isascii() and not (_ASCII_CONTROLS_BUT_NEWLINE if keep_newlines else _ASCII_CONTROLS).search(text):
        return text
    out = []
    for ch in text:
        cat = unicodedata.category(ch)
        if ch == "\n" and keep_newlines:
            out.append(ch)
        elif cat in ("Cc", "Cs", "Zl", "Zp") or (cat == "Cf" and ch in "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"):
            code = ord(ch)
            out.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}")
        else:
            out.append(ch)
    return "".join(out)


def py_str(text: str) -> str:
    """A Python string literal for any text. repr() escapes quotes, backslashes and
    non-printables; surrogates and bidi controls are escaped too (they are printable to repr)."""
    literal = repr(text)
    return _escape_bidi(literal)


def _escape_bidi(literal: str) -> str:
    if literal.isascii():
        return literal
    out = []
    for ch in literal:
        if unicodedata.category(ch) in ("Cf", "Cs", "Zl", "Zp") and not ch.isascii():
            code = ord(ch)
            out.append(f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}")
        else:
            out.append(ch)
    return "".join(out)


def py_literal(value: Any) -> str:
    """A Python expression for a JSON value (str, number, bool, null, list, object)."""
    if value is None or isinstance(value, bool):
        return repr(value)
    if isinstance(value, int):
        return repr(value)
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            raise ValueError("not a JSON number")
        return repr(value)
    if isinstance(value, str):
        return py_str(value)
    if isinstance(value, list):
        return "[" + ", ".join(py_literal(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{py_str(str(k))}: {py_literal(v)}" for k, v in value.items()) + "}"
    raise TypeError(f"not a JSON value: {type(value).__name__}")


def py_docstring(text: str) -> str:
    """A triple-quoted docstring literal whose content reads as the text, safely.

    Backslashes, quote runs and control characters are escaped; the result is a normal (not raw)
    string so the escapes mean what they say."""
    body = text.replace("\\", "\\\\")
    body = _escape_controls(body.replace("\r\n", "\n").replace("\r", "\n"), keep_newlines=True)
    body = "\n".join(line.rstrip(" \t") for line in body.split("\n")).strip("\n")
    body = _escape_quote_runs(body)
    if "\n" in body:
        return f'"""{body}\n"""'
    return f'"""{body}"""'


def _escape_quote_runs(body: str) -> str:
    """No run of three unescaped double quotes, and no unescaped quote at the end (it would
    merge with the closing delimiter)."""
    out: list[str] = []
    run = 0
    for ch in body:
        if ch == '"':
            if run == 2:
                out.append('\\"')
                run = 0
            else:
                out.append(ch)
                run += 1
        else:
            out.append(ch)
            run = 0
    if run:
        out = out[:-run] + ['\\"'] * run
    text = "".join(out)
    if text.endswith('\\"'):  # black adds a space before the closing quotes after a `"`; `\x22` it leaves alone
        text = text[:-2] + "\\x22"
    return text


def comment_lines(text: str) -> list[str]:
    """Text as the bodies of single-line comments (no line breaks of any kind survive)."""
    lines = []
    for line in text.splitlines() or [""]:
        lines.append(_escape_controls(line, keep_newlines=False).rstrip())
    while lines and not lines[-1]:
        lines.pop()
    return lines


def ts_str(text: str) -> str:
    """A TypeScript/JavaScript string literal (double-quoted, JSON-compatible).

    Invisible, bidi, separator, unassigned and surrogate characters are escaped the way JavaScript
    spells them: `\\uXXXX`, and a character beyond U+FFFF as its UTF-16 surrogate pair (JavaScript
    has no `\\U` escape: `"\\U000e0067"` would be a different string)."""
    out = []
    for ch in json.dumps(text, ensure_ascii=False):
        if not ch.isascii() and unicodedata.category(ch) in ("Cf", "Cs", "Zl", "Zp", "Cn", "Co"):
            code = ord(ch)
            if code >= 0x10000:
                code -= 0x10000
                out.append(f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}")
            else:
                out.append(f"\\u{code:04x}")
        else:
            out.append(ch)
    return "".join(out)


def ts_literal(value: Any, widen: bool = True) -> str:
    """A TypeScript literal type for a JSON value. An integer no double equals (past 2**53, or
    past the double range) has no literal type that means it: JavaScript would read another
    number, so it widens to `number` (frontend/numbers.py warns where); with `widen=False` (an
    exported constant's value) the digits are kept as written."""
    from schemagen.frontend.numbers import exact_in_js

    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return json.dumps(value) if not widen or exact_in_js(value) else "number"
    if isinstance(value, str):
        return ts_str(value)
    if isinstance(value, list):
        return "[" + ", ".join(ts_literal(v, widen) for v in value) + "]"
    if isinstance(value, dict):
        if not value:
            return "Record<string, never>"
        return "{ " + "; ".join(f"{ts_str(str(k))}: {ts_literal(v, widen)}" for k, v in value.items()) + " }"
    raise TypeError(f"not a JSON value: {type(value).__name__}")


def jsdoc_lines(text: str) -> list[str]:
    """Lines for the inside of a /** */ block: no line can close the comment early."""
    out = []
    for line in comment_lines(text):
        out.append(line.replace("*/", "*\\/"))
    return out


def json_inline(value: Any) -> str:
    """A JSON value on one line, for documentation (@default, examples): safe inside comments
    once passed through comment_lines/jsdoc_lines."""
    return json.dumps(value, ensure_ascii=False, sort_keys=False)


def jsdoc_block(lines: list[str]) -> tuple[str, ...]:
    """A whole JSDoc comment, one source line per entry, from already-escaped lines."""
    if not lines:
        return ()
    if len(lines) == 1:
        return (f"/** {lines[0]} */",)
    return ("/**", *(f" * {line}".rstrip() for line in lines), " */")


def header_path(text: str) -> str:
    """A source path for a one-line header comment, in Python and TypeScript alike.

    Letters, digits and a few path characters stay; everything else is written as a `\\x`/`\\u`
    escape. So no line terminator (`\\n`, `\\r`, U+2028, U+2029, U+0085, ...) can end the comment,
    no bidi or invisible character can disguise it, and `:` and `=` never appear, so a file named
    `coding=unicode_escape.json` cannot turn line 1 into a Python encoding declaration (PEP 263).
    The path is NFC-normalised first: macOS hands out file names decomposed (NFD: `e` + U+0301),
    Linux as they were written, and the output must be the same bytes on both."""
    out = []
    for ch in unicodedata.normalize("NFC", text):
        if (ch.isascii() and (ch.isalnum() or ch in "_./- +@,()[]~")) or (
                not ch.isascii() and unicodedata.category(ch)[0] in "LN"):
            out.append(ch)
        else:
            code = ord(ch)
            out.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}")
    return "".join(out)
