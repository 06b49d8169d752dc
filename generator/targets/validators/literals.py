"""Values spelt as TypeScript and facts about them that both the type checks (code.py) and the
compiled JSON Schema fragments (schema_code.py) need: a leaf of the validators target, so the two
do not import each other."""

from __future__ import annotations

import functools
import json
from typing import Any

from schemagen.targets.escape import ts_str

INHERITED_KEYS = frozenset({
    "__proto__", "constructor", "hasOwnProperty", "isPrototypeOf", "propertyIsEnumerable", "toLocaleString",
    "toString", "valueOf", "__defineGetter__", "__defineSetter__", "__lookupGetter__", "__lookupSetter__",
})


@functools.lru_cache(maxsize=4096)
def backtracking_bound(pattern: str) -> int | None:
    """The longest string the Python side runs the pattern on, or None for any length: a pattern
    pydantic's linear engine cannot take (lookaround, backreferences) runs on a backtracking one,
    bounded by schemagen's `regex_cost` budget, and a longer string fails (`_sg.linear_patterns`)."""
    from schemagen.frontend.ecma_regex import linear_pattern
    from schemagen.frontend.regex_cost import checked_length

    if linear_pattern(pattern) is not None:
        return None
    return checked_length(pattern)


def _exact(v: float | int) -> bool:
    from schemagen.frontend.numbers import exact_in_js

    return exact_in_js(v)


def _number(v: Any) -> str:
    if isinstance(v, bool):
        return "1" if v else "0"
    text = json.dumps(v)
    return {"Infinity": "Infinity", "-Infinity": "-Infinity", "NaN": "NaN"}.get(text, text)


def _value(v: Any) -> str:
    if isinstance(v, str):
        return ts_str(v)
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "true" if v else "false"
    return _number(v)
