"""Numbers TypeScript cannot hold: JavaScript has one number type, an IEEE double, so an integer
beyond 2**53 that no double equals (`9007199254740993`, a 39-digit id) or one past the double
range reads as another value there, while Python keeps it exactly. Where such a number becomes
TypeScript (a `const` or `enum` value: a literal type; a value x-constants exports) it is a
located warning naming the value JavaScript would read, and the literal type is widened to
`number` (targets/escape.py), so no TypeScript type silently means another value."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from schemagen.diagnostics import Diagnostic, warning
from schemagen.frontend.load import Document, escape_pointer_token
from schemagen.frontend.schema_walk import schema_objects

def exact_in_js(value: object) -> bool:
    """Whether JavaScript reads this JSON number as the same value (every non-integer float
    already is a double, so only integers can differ)."""
    if isinstance(value, bool) or not isinstance(value, int):
        return True
    try:
        return int(float(value)) == value
    except OverflowError:
        return False


def _inexact(value: Any, pointer: str) -> Iterator[tuple[int, str]]:
    stack = [(value, pointer)]
    while stack:
        node, where = stack.pop()
        if isinstance(node, dict):
            stack.extend((v, f"{where}/{escape_pointer_token(k)}") for k, v in node.items())
        elif isinstance(node, list):
            stack.extend((v, f"{where}/{i}") for i, v in enumerate(node))
        elif not exact_in_js(node):
            yield node, where


def _values(content: Any) -> Iterator[tuple[Any, str, bool]]:
    """(value, pointer, exported) of every const/enum value (a literal type in TypeScript) and of
    every keyword value x-constants exports (a JavaScript constant)."""
    for node, pointer in schema_objects(content):
        exported = node.get("x-constants")
        for key, value in node.items():
            if key in ("const", "enum"):
                yield value, f"{pointer}/{key}", False
            elif isinstance(exported, dict) and key in exported:
                yield value, f"{pointer}/{escape_pointer_token(key)}", True


def _as_js(number: int) -> str:
    try:
        value = float(number)
    except OverflowError:
        return "Infinity"
    return str(int(value)) if abs(value) < 1e21 else repr(value)


def number_problems(doc: Document) -> list[Diagnostic]:
    diags = []
    for value, pointer, exported in _values(doc.content):
        for number, where in _inexact(value, pointer):
            digits = str(number)
            shown = digits if len(digits) <= 40 else f"{digits[:20]}... ({len(digits)} digits)"
            effect = ("the exported TypeScript constant holds that other number" if exported
                      else "the TypeScript literal type is widened to `number`")
            diags.append(warning(
                "number-precision", f"{shown} is no IEEE double: JavaScript reads it as {_as_js(number)}, so {effect}; "
                "Python keeps the exact value", doc.location(where),
                "use a number within ±2**53, or a string if the exact digits matter in JavaScript", target="typescript"))
    return sorted(diags, key=lambda d: (d.location.line, d.location.col) if d.location else (0, 0))
