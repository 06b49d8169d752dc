"""Source positions for JSON text: the 1-based (line, column) of every key, by JSON pointer.

The standard library's parser gives no positions and the YAML reader is slow on large files, so
this is a small scanner over text that `json.loads` has already accepted: it only needs to find
where each member and item starts, never to judge validity.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_right

Position = tuple[int, int]

_WS = re.compile(r"[ \t\n\r]*")
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_SCALAR = re.compile(r"[^,\]\}\s]+")


def _escape(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


def json_positions(text: str) -> dict[str, Position]:
    """Pointer → position of its key (members) or value (items), for JSON already known valid."""
    line_starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def where(offset: int) -> Position:
        lo = bisect_right(line_starts, offset) - 1  # the last line start at or before offset
        return lo + 1, offset - line_starts[lo] + 1

    positions: dict[str, Position] = {"": (1, 1)}
    # an explicit stack instead of recursion: nesting depth is bounded by memory only
    stack: list[tuple[str, str, int]] = []  # (container kind, pointer, next index)
    i = _WS.match(text, 0).end()  # type: ignore[union-attr]
    pending = ""  # pointer of the value about to be read
    while i < len(text):
        ch = text[i]
        if ch in "{[":
            stack.append(("o" if ch == "{" else "a", pending, 0))
            i = _WS.match(text, i + 1).end()  # type: ignore[union-attr]
            if i < len(text) and text[i] in "}]":
                stack.pop()
                i += 1
                i = _after_value(text, i, stack)
                if i < 0:
                    break
                i, pending = _next_slot(text, i, stack, positions, where)
                continue
            i, pending = _first_slot(text, i, stack, positions, where)
            continue
        if ch == '"':
            i = _STRING.match(text, i).end()  # type: ignore[union-attr]
        else:
            i = _SCALAR.match(text, i).end()  # type: ignore[union-attr]
        i = _after_value(text, i, stack)
        if i < 0:
            break
        i, pending = _next_slot(text, i, stack, positions, where)
    return positions


def _after_value(text: str, i: int, stack: list[tuple[str, str, int]]) -> int:
    """Skip whitespace and closing brackets after a value; -1 at the end of the document."""
    while True:
        i = _WS.match(text, i).end()  # type: ignore[union-attr]
        if i >= len(text):
            return -1
        if text[i] in "}]":
            stack.pop()
            i += 1
            continue
        return i


def _first_slot(text: str, i: int, stack: list[tuple[str, str, int]], positions: dict[str, Position],
                where: object) -> tuple[int, str]:
    kind, pointer, index = stack[-1]
    return _slot(text, i, stack, positions, where, kind, pointer, index)


def _next_slot(text: str, i: int, stack: list[tuple[str, str, int]], positions: dict[str, Position],
               where: object) -> tuple[int, str]:
    # text[i] is ',' here (after a value inside a container)
    i = _WS.match(text, i + 1).end()  # type: ignore[union-attr]
    kind, pointer, index = stack[-1]
    return _slot(text, i, stack, positions, where, kind, pointer, index + 1)


def _slot(text: str, i: int, stack: list[tuple[str, str, int]], positions: dict[str, Position], where: object,
          kind: str, pointer: str, index: int) -> tuple[int, str]:
    stack[-1] = (kind, pointer, index)
    if kind == "a":
        child = f"{pointer}/{index}"
        positions[child] = where(i)  # type: ignore[operator]
        return i, child
    end = _STRING.match(text, i).end()  # type: ignore[union-attr]
    key = text[i + 1:end - 1]
    if "\\" in key:  # escapes: JSON's own reading of them
        key = json.loads(text[i:end])
    child = f"{pointer}/{_escape(key)}"
    positions[child] = where(i)  # type: ignore[operator]
    i = _WS.match(text, end).end()  # type: ignore[union-attr]
    i = _WS.match(text, i + 1).end()  # type: ignore[union-attr]  # past ':'
    return i, child
